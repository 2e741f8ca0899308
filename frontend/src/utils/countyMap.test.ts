import { describe, expect, it } from 'vitest'
import geo from '@/assets/geo/ankang-counties.json'
import { countyMapOption, rankCounties, type CountyFeature } from './countyMap'
import { disputeFigures, petitionFigures } from '@/test/helpers'
import type { ResolutionRow } from '@/api/types'

const features = (geo as unknown as { features: CountyFeature[] }).features
const row = (code: string, name: string, rate: number | null, overdue: number, open: number): ResolutionRow => ({
  code,
  name,
  parentCode: '6109',
  rank: 0,
  disputes: disputeFigures({ successRate: rate, resolved: 86, concluded: 100, pending: 40, overdue }),
  petitions: petitionFigures({ open, overdue: 1 }),
})
const rows = [row('610902', '汉滨区', 0.9321, 3, 5), row('610981', '旬阳市', 0.861, 0, 2), row('610921', '汉阴县', null, 7, 0)]
const labels = {
  metric: { successRate: '调解成功率', overdue: '超期在办', backlog: '积案未销号' },
  counts: (r: ResolutionRow) => [`调解成功 ${r.disputes.resolved} / 调结 ${r.disputes.concluded}`],
  noData: '无数据',
}
type Series = { data: { name: string; code: string; value: number | '-' }[]; label: { formatter: (p: unknown) => string } }

describe('the county map', () => {
  it('carries the ten counties of Ankang by division code, 旬阳 as the city 旬阳市', () => {
    expect(features.map((f) => f.properties.code).sort()).toEqual(['610902', '610921', '610922', '610923', '610924', '610925', '610926', '610927', '610929', '610981'])
    expect(features.find((f) => f.properties.code === '610981')?.properties.name).toBe('旬阳市')
  })

  it('colours each county by its figure, matched by code; counties without a figure have none', () => {
    const o = countyMapOption(rows, features, 'successRate', labels)
    const data = (o.series as Series[])[0]!.data
    const value = (code: string) => data.find((d) => d.code === code)?.value
    expect(value('610902')).toBe(93.2)
    expect(value('610981')).toBe(86.1)
    expect(value('610921')).toBe('-') // nothing concluded: no rate
    expect(value('610927')).toBe('-') // no row
    const vm = o.visualMap as { min: number; max: number }
    expect([vm.min, vm.max]).toEqual([86.1, 93.2])
  })

  it('reads one value everywhere as good, whatever the metric', () => {
    const one = [row('610902', '汉滨区', 0.9, 0, 0)]
    const rate = countyMapOption(one, features, 'successRate', labels).visualMap as { min: number; max: number }
    expect([rate.min, rate.max]).toEqual([89, 90]) // 90 % at the green end
    const backlog = countyMapOption(one, features, 'backlog', labels).visualMap as { min: number; max: number }
    expect([backlog.min, backlog.max]).toEqual([0, 1]) // 0 积案 at the light end
  })

  it('says the value and its counts on hover', () => {
    const o = countyMapOption(rows, features, 'successRate', labels)
    const tip = (o.tooltip as { formatter: (p: unknown) => string }).formatter({ data: { name: '旬阳市', code: '610981', value: 86.1 } })
    expect(tip).toContain('旬阳市')
    expect(tip).toContain('调解成功率 86.1%')
    expect(tip).toContain('调解成功 86 / 调结 100')
    expect((o.series as Series[])[0]!.label.formatter({ data: { name: '汉阴县', value: '-' } })).toBe('汉阴县\n无数据')
  })

  it.each([
    ['successRate', ['汉滨区', '旬阳市', '汉阴县']],
    ['overdue', ['旬阳市', '汉滨区', '汉阴县']],
    ['backlog', ['汉阴县', '旬阳市', '汉滨区']],
  ] as const)('ranks the counties by %s, best first', (metric, names) => {
    expect(rankCounties(rows, metric).map((r) => r.name)).toEqual(names)
  })
  it('puts the colour scale under the map on a phone, beside it on a desktop', () => {
    const desk = countyMapOption(rows, features, 'successRate', labels).visualMap as { orient: string; left: unknown }
    const phone = countyMapOption(rows, features, 'successRate', labels, false, true)
    expect(desk.orient).toBe('vertical')
    expect((phone.visualMap as { orient: string; left: unknown }).orient).toBe('horizontal')
    expect((phone.visualMap as { left: unknown }).left).toBe('center')
    expect((phone.series as unknown as { layoutCenter: string[] }[])[0].layoutCenter[1]).not.toBe('50%')
  })
})
