import { describe, expect, it } from 'vitest'
import type { Category, CategoryRow, ResolutionRow, TrendPoint } from '@/api/types'
import { disputeFigures, petitionFigures } from '@/test/helpers'
import { backlogOption, bySuccessRate, categoryOption, rankedRows, rateAxisMin, successRateOption, trendOption } from './charts'

function row(code: string, name: string, successRate: number | null, accepted = 10, open = 0, overdue = 0): ResolutionRow {
  return {
    code,
    name,
    parentCode: '610921',
    rank: 0,
    disputes: disputeFigures({ registered: accepted, accepted, concluded: accepted, successRate }),
    petitions: petitionFigures({ total: open, open, overdue }),
  }
}

describe('dashboard charts', () => {
  const rows = [row('1', '甲镇', 0.9), row('2', '乙镇', null, 0), row('3', '丙镇', 0.95), row('4', '丁镇', 0.9, 30)]
  const labels = { rate: '调解成功率', average: '平均 92.3%', counts: () => '' }

  it('sorts by success rate, ties by concluded, no rate last', () => {
    expect(bySuccessRate(rows).map((r) => r.name)).toEqual(['丙镇', '丁镇', '甲镇', '乙镇'])
  })

  it('draws rates as horizontal bars, best at the top, with the average as a mark line', () => {
    const opt = successRateOption(bySuccessRate(rows), 0.9234, labels)
    const series = (opt.series as { data: (number | null)[]; markLine: { data: { xAxis: number }[] } }[])[0]!
    // a category axis draws its first item at the bottom
    expect((opt.yAxis as { data: string[] }).data).toEqual(['乙镇', '甲镇', '丁镇', '丙镇'])
    expect(series.data).toEqual([null, 90, 90, 95])
    expect(series.markLine.data[0]!.xAxis).toBe(92.3)
  })

  it('starts the rate axis near the lowest rate, in steps of 5', () => {
    const opt = successRateOption(bySuccessRate(rows), 0.9234, labels)
    expect((opt.xAxis as { min: number; interval: number }).min).toBe(85)
    expect((opt.xAxis as { min: number; interval: number }).interval).toBe(5)
    expect(rateAxisMin([90, 95, 92.3])).toBe(85)
    expect(rateAxisMin([null])).toBe(0)
    expect(rateAxisMin([4, 60])).toBe(0)
  })

  it('shows the best or the worst ten of many regions', () => {
    const many = Array.from({ length: 28 }, (_, i) => row(String(i), `镇${i}`, (70 + i) / 100))
    expect(rankedRows(many, 'top').map((r) => r.name)).toEqual(Array.from({ length: 10 }, (_, i) => `镇${27 - i}`))
    expect(rankedRows(many, 'bottom').at(-1)!.name).toBe('镇0')
    expect(rankedRows(many, 'all')).toHaveLength(28)
  })

  it('leaves the mark line out when there is no average', () => {
    const opt = successRateOption(rows, null, labels)
    expect((opt.series as { markLine?: unknown }[])[0]!.markLine).toBeUndefined()
  })

  it('stacks the backlog at the end into cleared, open on time and overdue', () => {
    const r = row('1', '甲镇', null, 0, 5, 2)
    r.petitions.clearedAtEnd = 4
    r.petitions.cleared = 9 // clearances in the period are a flow, not the stock
    const opt = backlogOption([r], { cleared: 'c', onTime: 'o', overdue: 'x' })
    const data = (opt.series as { data: number[] }[]).map((s) => s.data[0])
    expect(data).toEqual([4, 3, 2])
  })

  it('marks the running month of the trend', () => {
    const point = (period: string, partial: boolean): TrendPoint => ({
      period,
      from: `${period}-01`,
      to: `${period}-28`,
      disputes: disputeFigures({ registered: 5, resolved: 3, successRate: 0.75, pending: 4 }),
      petitions: petitionFigures(),
      mom: { disputesTotal: null, successRate: null, petitionsTotal: null, clearanceRate: null },
      yoy: { disputesTotal: null, successRate: null, petitionsTotal: null, clearanceRate: null },
      partial,
    })
    const opt = trendOption([point('2026-11', false), point('2026-12', true)], { disputes: 'd', resolved: 'r', rate: 'x', partialMark: '*' })
    expect((opt.xAxis as { data: string[] }).data).toEqual(['2026-11', '2026-12*'])
    const bars = (opt.series as { data: { value: number; itemStyle?: { opacity: number } }[] }[])[0]!.data
    expect(bars[0]!.itemStyle).toBeUndefined()
    expect(bars[1]!.itemStyle!.opacity).toBeLessThan(1)
    expect((opt.series as unknown[]).length).toBe(3)
    // with 期末在办: a line of the open cases at each month's end, so a young month is not read as a collapse
    const withPending = trendOption([point('2026-11', false), point('2026-12', true)], { disputes: 'd', resolved: 'r', rate: 'x', partialMark: '*', pending: '期末在办' })
    const pending = (withPending.series as { name: string; data: number[] }[]).find((s) => s.name === '期末在办')!
    expect(pending.data).toEqual([4, 4])
  })

  it('draws categories as bars, the most new disputes at the top, with their share', () => {
    const cat = (category: Category, registered: number): CategoryRow => ({ category, name: category, ...disputeFigures({ registered, accepted: registered }) })
    const opt = categoryOption([cat('neighbor', 30), cat('labor', 0), cat('contract', 10)], '类别', (r) => r.name)
    expect((opt.yAxis as { data: string[] }).data).toEqual(['contract', 'neighbor'])
    const series = (opt.series as { data: number[]; label: { formatter: (p: { value: number }) => string } }[])[0]!
    expect(series.data).toEqual([10, 30])
    expect(series.label.formatter({ value: 30 })).toBe('30（75.0%）')
  })
})
