// The leaders' map of Ankang's ten counties (issue 20): report rows by county, coloured by one figure.
// Pure, so it is tested without a canvas; the boundaries are registered by components/charts/countyMap.ts.
import type { ComposeOption } from 'echarts/core'
import type { MapSeriesOption } from 'echarts/charts'
import type { TooltipComponentOption, VisualMapComponentOption } from 'echarts/components'
import type { ResolutionRow } from '@/api/types'
import { formatNumber } from './format'
import { COLORS } from './charts'

export type MapOption = ComposeOption<MapSeriesOption | TooltipComponentOption | VisualMapComponentOption>

/** The name the boundaries are registered under. */
export const ANKANG_MAP = 'ankang-counties'

/** What colours the counties: 调解成功率 (higher is better), 超期在办 or 积案未销号 (higher is worse). */
export type MapMetric = 'successRate' | 'overdue' | 'backlog'
export const MAP_METRICS: MapMetric[] = ['successRate', 'overdue', 'backlog']

/** A county's boundary feature as the GeoJSON file carries it (assets/geo/README.md). */
export interface CountyFeature {
  properties: { name: string; code: string; cp: [number, number]; formerName?: string }
}

/** The value of a metric for a report row: a percentage for the rate (null when nothing was concluded). */
export function metricValue(r: ResolutionRow, metric: MapMetric): number | null {
  if (metric === 'successRate') return r.disputes.successRate == null ? null : Math.round(r.disputes.successRate * 1000) / 10
  if (metric === 'overdue') return r.disputes.overdue + r.petitions.overdue
  return r.petitions.open
}

export interface MapLabels {
  metric: Record<MapMetric, string>
  /** The counts behind the figures of a row, one line each (the tooltip shows them under the value). */
  counts: (r: ResolutionRow) => string[]
  noData: string
}

/**
 * The map option: each county by its division code (旬阳 is matched as 610981 whatever its boundary was
 * called), its value of the metric with the colour scale beside it, the counts in the tooltip. Counties
 * the report has no row for are drawn grey.
 */
export function countyMapOption(
  rows: ResolutionRow[],
  features: CountyFeature[],
  metric: MapMetric,
  labels: MapLabels,
  big = false,
  narrow = false,
): MapOption {
  const byCode = new Map(rows.map((r) => [r.code, r]))
  const data = features.map((f) => {
    const r = byCode.get(f.properties.code)
    const v = r ? metricValue(r, metric) : null
    return { name: f.properties.name, code: f.properties.code, value: v ?? ('-' as const) } // '-': ECharts' no value
  })
  const values = data.map((d) => d.value).filter((v): v is number => typeof v === 'number')
  const lo = values.length ? Math.min(...values) : 0
  const hi = values.length ? Math.max(...values) : 1
  const better = metric === 'successRate'
  const scale = better ? [COLORS.red, COLORS.orange, COLORS.green] : ['#E1F3D8', COLORS.orange, COLORS.red]
  const unit = metric === 'successRate' ? '%' : ''
  const fmt = (v: unknown) => (typeof v !== 'number' || Number.isNaN(v) ? labels.noData : metric === 'successRate' ? `${v.toFixed(1)}%` : formatNumber(v))
  const font = big ? 20 : 12
  return {
    tooltip: {
      trigger: 'item',
      className: 'county-tip',
      textStyle: { fontSize: big ? 18 : 13 },
      formatter: (p) => {
        const d = (p as unknown as { data?: { name: string; code: string; value: number | '-' } }).data
        if (!d) return ''
        const r = byCode.get(d.code)
        const lines = [`<b>${d.name}</b>`, `${labels.metric[metric]} ${fmt(d.value)}`, ...(r ? labels.counts(r) : [])]
        return lines.join('<br/>')
      },
    },
    visualMap: {
      type: 'continuous',
      // one value everywhere (or one county): it reads as good — green — not as the middle of a scale
      min: lo === hi && better ? lo - 1 : lo,
      max: lo === hi && !better ? hi + 1 : hi,
      text: [`${labels.metric[metric]} ${better ? '高' : '多'}`, better ? '低' : '少'],
      calculable: false,
      inRange: { color: scale },
      // on a phone the scale lies under the map instead of over its south-western counties
      orient: narrow ? 'horizontal' : 'vertical',
      left: narrow ? 'center' : 8,
      bottom: narrow ? 0 : 8,
      itemHeight: big ? 200 : narrow ? 120 : 110,
      itemWidth: narrow ? 10 : 20,
      textStyle: { fontSize: font, color: big ? '#e6edf7' : '#606266' },
      formatter: (v: unknown) => `${Math.round(Number(v) * 10) / 10}${unit}`,
    },
    series: [
      {
        type: 'map',
        map: ANKANG_MAP,
        roam: false,
        selectedMode: false,
        layoutCenter: narrow ? ['50%', '44%'] : ['50%', '50%'],
        layoutSize: narrow ? '86%' : '95%',
        label: {
          show: true,
          fontSize: font,
          color: big ? '#ffffff' : '#303133',
          // on the wall screen white type with a dark outline reads on every fill colour from 3 m
          textBorderColor: big ? '#0b1d36' : 'transparent',
          textBorderWidth: big ? 4 : 0,
          fontWeight: big ? 'bold' : 'normal',
          formatter: (p: unknown) => {
            const d = (p as { data?: { name: string; value: number | '-' } }).data
            return d ? `${d.name}\n${fmt(d.value)}` : ''
          },
        },
        itemStyle: { borderColor: '#ffffff', borderWidth: 1, areaColor: COLORS.grey },
        emphasis: { label: { show: true, fontWeight: 'bold' }, itemStyle: { areaColor: COLORS.blue } },
        data,
      },
    ],
  }
}

/** Counties from the best to the worst by the metric (the list beside the map); rows without a value last. */
export function rankCounties(rows: ResolutionRow[], metric: MapMetric): ResolutionRow[] {
  const better = metric === 'successRate'
  return [...rows].sort((a, b) => {
    const x = metricValue(a, metric)
    const y = metricValue(b, metric)
    if (x === null || y === null) return x === null ? (y === null ? 0 : 1) : -1
    return better ? y - x : x - y
  })
}

