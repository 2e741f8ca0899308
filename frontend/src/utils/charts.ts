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

/** Rows by success rate, best first; rows without a rate (nothing accepted) last. */
export function bySuccessRate(rows: ResolutionRow[]): ResolutionRow[] {
  return [...rows].sort((a, b) => {
    const ra = a.disputes.successRate
    const rb = b.disputes.successRate
    if (ra === null && rb === null) return a.code.localeCompare(b.code)
    if (ra === null) return 1
    if (rb === null) return -1
    return rb - ra || b.disputes.accepted - a.disputes.accepted
  })
}

function categoryAxis(names: string[]) {
  return {
    type: 'category' as const,
    data: names,
    triggerEvent: true,
    axisLabel: { interval: 0, rotate: names.length > 8 ? 40 : 0, color: '#409EFF', fontSize: 12 },
  }
}

export function successRateOption(rows: ResolutionRow[], average: number | null, labels: { rate: string; average: string }): ChartOption {
  const sorted = bySuccessRate(rows)
  const avg = pct(average)
  return {
    grid: { left: 48, right: 84, top: 36, bottom: sorted.length > 8 ? 80 : 36 },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v) => (v === null || v === undefined ? '—' : `${Number(v).toFixed(1)}%`),
    },
    xAxis: categoryAxis(sorted.map((r) => r.name)),
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      {
        name: labels.rate,
        type: 'bar',
        barMaxWidth: 36,
        data: sorted.map((r) => pct(r.disputes.successRate)),
        itemStyle: { color: COLORS.blue, borderRadius: [3, 3, 0, 0] },
        labelLayout: { hideOverlap: true }, // narrow screens: drop labels rather than pile them up
        label: {
          show: sorted.length <= 12,
          position: 'top',
          fontSize: sorted.length > 8 ? 10 : 12,
          formatter: (p) => (p.value == null ? '' : `${p.value}%`),
        },
        markLine:
          avg === null
            ? undefined
            : {
                symbol: 'none',
                silent: true,
                lineStyle: { color: COLORS.red, type: 'dashed' },
                // at the line's right end, outside the bars, so it never covers a bar's own label
                label: { formatter: labels.average, position: 'end', color: COLORS.red, fontSize: 12 },
                data: [{ yAxis: avg }],
              },
      },
    ],
  }
}

export function backlogOption(rows: ResolutionRow[], labels: { cleared: string; onTime: string; overdue: string }): ChartOption {
  return {
    grid: { left: 48, right: 24, top: 40, bottom: rows.length > 8 ? 80 : 36 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: categoryAxis(rows.map((r) => r.name)),
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: labels.cleared, type: 'bar', stack: 'backlog', barMaxWidth: 36, data: rows.map((r) => r.petitions.cleared), itemStyle: { color: COLORS.green } },
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

export function trendOption(points: TrendPoint[], labels: { disputes: string; resolved: string; rate: string }): ChartOption {
  return {
    grid: { left: 48, right: 56, top: 40, bottom: 36 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: points.map((p) => p.period) },
    yAxis: [
      { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => formatNumber(v) } },
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
    ],
    series: [
      { name: labels.disputes, type: 'bar', barMaxWidth: 24, data: points.map((p) => p.disputes.registered), itemStyle: { color: COLORS.blue } },
      { name: labels.resolved, type: 'bar', barMaxWidth: 24, data: points.map((p) => p.disputes.resolved), itemStyle: { color: COLORS.green } },
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
    ],
  }
}

/**
 * Disputes by category as horizontal bars, most first (15 categories do not read as pie slices): the count
 * with its share at the bar's end, the success rate in the tooltip.
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
