// ECharts options for the dashboard, built from report rows; pure so they can be tested without a canvas.
import type { ComposeOption } from 'echarts/core'
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts'
import type { GridComponentOption, LegendComponentOption, MarkLineComponentOption, TooltipComponentOption } from 'echarts/components'
import type { CategoryRow, ResolutionRow, TrendPoint } from '@/api/types'
import { formatNumber, formatRate } from './format'

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | TooltipComponentOption
>

export const COLORS = {
  blue: '#409EFF',
  green: '#67C23A',
  orange: '#E6A23C',
  red: '#F56C6C',
  purple: '#7B61FF',
  grey: '#C0C4CC',
}

const pct = (r: number | null | undefined) => (r === null || r === undefined ? null : Math.round(r * 1000) / 10)

/** Rows by success rate, best first, ties by more concluded; rows without a rate (nothing concluded) last. */
export function bySuccessRate(rows: ResolutionRow[]): ResolutionRow[] {
  return [...rows].sort((a, b) => {
    const ra = a.disputes.successRate
    const rb = b.disputes.successRate
    if (ra === null && rb === null) return a.code.localeCompare(b.code)
    if (ra === null) return 1
    if (rb === null) return -1
    return rb - ra || b.disputes.concluded - a.disputes.concluded
  })
}

export type TopN = 'all' | 'top' | 'bottom'
export const TOP_N = 10

/**
 * Which rows a ranking chart shows: all, the best N or the worst N (of those with a rate), best first. A
 * county's 28 townships do not fit as vertical bars; a horizontal list sorted by value does.
 */
export function rankedRows(rows: ResolutionRow[], show: TopN): ResolutionRow[] {
  const sorted = bySuccessRate(rows)
  const rated = sorted.filter((r) => r.disputes.successRate !== null)
  if (show === 'top') return rated.slice(0, TOP_N)
  if (show === 'bottom') return rated.slice(-TOP_N)
  return sorted
}

/** The start of a rate axis near the lowest rate (a multiple of 5 below it), 0 when nothing is rated. */
export function rateAxisMin(rates: (number | null)[]): number {
  const shown = rates.filter((r): r is number => r !== null)
  if (!shown.length) return 0
  return Math.max(0, Math.floor((Math.min(...shown) - 2) / 5) * 5)
}

/**
 * 调解成功率 by region as horizontal bars, best at the top, with the average as a mark line; the rate axis
 * starts near the lowest rate (rateAxisMin: the page says from where). The tooltip gives the counts.
 */
export function successRateOption(
  rows: ResolutionRow[],
  average: number | null,
  labels: { rate: string; average: string; counts: (r: ResolutionRow) => string },
): ChartOption {
  const topDown = [...rows].reverse() // a category axis draws its first item at the bottom
  const data = topDown.map((r) => pct(r.disputes.successRate))
  const avg = pct(average)
  const min = rateAxisMin([...data, avg])
  return {
    grid: { left: 8, right: 64, top: 28, bottom: 20, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (p) => {
        const item = (Array.isArray(p) ? p[0] : p) as unknown as { dataIndex: number }
        const r = topDown[item.dataIndex]
        return r ? `${r.name}<br/>${labels.rate} ${formatRate(r.disputes.successRate)}<br/>${labels.counts(r)}` : ''
      },
    },
    xAxis: {
      type: 'value',
      min,
      max: 100,
      // 5-point steps near the top, so 85 90 95 100 rather than 87 90 93
      interval: 100 - min <= 30 ? 5 : undefined,
      axisLabel: { formatter: '{value}%' },
    },
    yAxis: {
      type: 'category',
      data: topDown.map((r) => r.name),
      triggerEvent: true,
      axisTick: { show: false },
      axisLabel: { color: '#409EFF', fontSize: 12, width: 96, overflow: 'truncate' },
    },
    series: [
      {
        name: labels.rate,
        type: 'bar',
        barMaxWidth: 18,
        data,
        itemStyle: { color: COLORS.blue, borderRadius: [0, 3, 3, 0] },
        label: { show: true, position: 'right', fontSize: 11, formatter: (p) => (p.value == null ? '—' : `${p.value}%`) },
        markLine:
          avg === null
            ? undefined
            : {
                symbol: 'none',
                silent: true,
                lineStyle: { color: COLORS.red, type: 'dashed' },
                label: { formatter: labels.average, position: 'end', color: COLORS.red, fontSize: 12 },
                data: [{ xAxis: avg }],
              },
      },
    ],
  }
}

/** The backlog of each region at the end: cleared, open within the deadline, overdue (stacked). */
export function backlogOption(rows: ResolutionRow[], labels: { cleared: string; onTime: string; overdue: string }): ChartOption {
  return {
    grid: { left: 48, right: 24, top: 40, bottom: rows.length > 8 ? 80 : 36 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'category',
      data: rows.map((r) => r.name),
      triggerEvent: true,
      axisLabel: { interval: 0, rotate: rows.length > 8 ? 40 : 0, color: '#409EFF', fontSize: 12 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: labels.cleared,
        type: 'bar',
        stack: 'backlog',
        barMaxWidth: 36,
        data: rows.map((r) => r.petitions.clearedAtEnd),
        itemStyle: { color: COLORS.green },
      },
      {
        name: labels.onTime,
        type: 'bar',
        stack: 'backlog',
        data: rows.map((r) => Math.max(0, r.petitions.open - r.petitions.overdue)),
        itemStyle: { color: COLORS.orange },
      },
      { name: labels.overdue, type: 'bar', stack: 'backlog', data: rows.map((r) => r.petitions.overdue), itemStyle: { color: COLORS.red } },
    ],
  }
}

/**
 * The monthly trend: new and resolved disputes as bars, the success rate as a line. A month still running
 * is marked: its label carries the mark and its bars are drawn faint, since its figures are to date. With
 * `labels.pending` the 期末在办 of each month is a line too (a stock at the month's end, or today for the
 * running month), so a month that looks empty because its cases are still open says so.
 */
export function trendOption(
  points: TrendPoint[],
  labels: { disputes: string; resolved: string; rate: string; partialMark: string; pending?: string },
): ChartOption {
  const faint = (p: TrendPoint) => (p.partial ? { opacity: 0.45, borderType: 'dashed' as const, borderColor: '#909399', borderWidth: 1 } : undefined)
  return {
    grid: { left: 48, right: 56, top: 40, bottom: 36 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: points.map((p) => (p.partial ? `${p.period}${labels.partialMark}` : p.period)) },
    yAxis: [
      { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => formatNumber(v) } },
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
    ],
    series: [
      {
        name: labels.disputes,
        type: 'bar',
        barMaxWidth: 24,
        data: points.map((p) => ({ value: p.disputes.registered, itemStyle: faint(p) })),
        itemStyle: { color: COLORS.blue },
      },
      {
        name: labels.resolved,
        type: 'bar',
        barMaxWidth: 24,
        data: points.map((p) => ({ value: p.disputes.resolved, itemStyle: faint(p) })),
        itemStyle: { color: COLORS.green },
      },
      {
        name: labels.rate,
        type: 'line',
        yAxisIndex: 1,
        smooth: true,
        connectNulls: true,
        data: points.map((p) => pct(p.disputes.successRate)),
        itemStyle: { color: COLORS.orange },
        tooltip: { valueFormatter: (v) => (v === null || v === undefined ? '—' : `${Number(v).toFixed(1)}%`) },
      },
      ...(labels.pending
        ? [
            {
              name: labels.pending,
              type: 'line' as const,
              data: points.map((p) => p.disputes.pending),
              itemStyle: { color: COLORS.purple },
              lineStyle: { type: 'dashed' as const },
            },
          ]
        : []),
    ],
  }
}

/**
 * Disputes by category as horizontal bars, most first (15 categories do not read as pie slices): the new
 * disputes with their share at the bar's end, the success rate in the tooltip.
 */
export function categoryOption(rows: CategoryRow[], label: string, nameOf: (r: CategoryRow) => string): ChartOption {
  const shown = rows.filter((r) => r.registered > 0).sort((a, b) => b.registered - a.registered || a.category.localeCompare(b.category))
  const sum = shown.reduce((n, r) => n + r.registered, 0)
  const share = (n: number) => (sum ? `${(Math.round((n / sum) * 1000) / 10).toFixed(1)}%` : '—')
  // the largest at the top: a category axis draws its first item at the bottom
  const bottomUp = [...shown].reverse()
  return {
    grid: { left: 8, right: 96, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (p) => {
        const item = (Array.isArray(p) ? p[0] : p) as unknown as { dataIndex: number }
        const r = bottomUp[item.dataIndex]
        if (!r) return ''
        return `${nameOf(r)}<br/>${formatNumber(r.registered)}（${share(r.registered)}）<br/>${formatRate(r.successRate)}`
      },
    },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => formatNumber(v) } },
    yAxis: {
      type: 'category',
      data: bottomUp.map(nameOf),
      axisTick: { show: false },
      axisLabel: { width: 110, overflow: 'truncate', fontSize: 12 },
    },
    series: [
      {
        name: label,
        type: 'bar',
        barMaxWidth: 16,
        data: bottomUp.map((r) => r.registered),
        itemStyle: { color: COLORS.blue, borderRadius: [0, 3, 3, 0] },
        label: { show: true, position: 'right', formatter: (p) => `${formatNumber(Number(p.value))}（${share(Number(p.value))}）`, fontSize: 12 },
      },
    ],
  }
}
