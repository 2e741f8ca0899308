import { describe, expect, it } from 'vitest'
import type { Category, CategoryRow, ResolutionRow } from '@/api/types'
import { disputeFigures, petitionFigures } from '@/test/helpers'
import { backlogOption, bySuccessRate, categoryOption, successRateOption } from './charts'

function row(code: string, name: string, successRate: number | null, accepted = 10, open = 0, overdue = 0): ResolutionRow {
  return {
    code,
    name,
    parentCode: '610921',
    rank: 0,
    disputes: disputeFigures({ registered: accepted, accepted, successRate }),
    petitions: petitionFigures({ total: open, open, overdue }),
  }
}

describe('dashboard charts', () => {
  const rows = [row('1', '甲镇', 0.9), row('2', '乙镇', null, 0), row('3', '丙镇', 0.95), row('4', '丁镇', 0.9, 30)]

  it('sorts by success rate, ties by accepted, no rate last', () => {
    expect(bySuccessRate(rows).map((r) => r.name)).toEqual(['丙镇', '丁镇', '甲镇', '乙镇'])
  })

  it('draws rates as percentages with the average as a mark line', () => {
    const opt = successRateOption(rows, 0.9234, { rate: '调解成功率', average: '平均 92.3%' })
    const series = (opt.series as { data: (number | null)[]; markLine: { data: { yAxis: number }[] } }[])[0]!
    expect(series.data).toEqual([95, 90, 90, null])
    expect(series.markLine.data[0]!.yAxis).toBe(92.3)
    expect((opt.xAxis as { data: string[] }).data).toEqual(['丙镇', '丁镇', '甲镇', '乙镇'])
  })

  it('leaves the mark line out when there is no average', () => {
    const opt = successRateOption(rows, null, { rate: 'r', average: 'a' })
    expect((opt.series as { markLine?: unknown }[])[0]!.markLine).toBeUndefined()
  })

  it('stacks open backlog into on-time and overdue', () => {
    const opt = backlogOption([row('1', '甲镇', null, 0, 5, 2)], { cleared: 'c', onTime: 'o', overdue: 'x' })
    const data = (opt.series as { data: number[] }[]).map((s) => s.data[0])
    expect(data).toEqual([0, 3, 2])
  })

  it('draws categories as bars, the most at the top, with their share', () => {
    const cat = (category: Category, registered: number): CategoryRow => ({ category, name: category, ...disputeFigures({ registered, accepted: registered }) })
    const opt = categoryOption([cat('neighbor', 30), cat('labor', 0), cat('contract', 10)], '类别', (r) => r.name)
    expect((opt.yAxis as { data: string[] }).data).toEqual(['contract', 'neighbor'])
    const series = (opt.series as { data: number[]; label: { formatter: (p: { value: number }) => string } }[])[0]!
    expect(series.data).toEqual([10, 30])
    expect(series.label.formatter({ value: 30 })).toBe('30（75.0%）')
  })
})
