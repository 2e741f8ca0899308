import { beforeEach, describe, expect, it, vi } from 'vitest'
import HazardSummaryPanel from './HazardSummaryPanel.vue'
import { mountComponent, sampleRegions, settle } from '@/test/helpers'

const { hazardSummary } = vi.hoisted(() => ({ hazardSummary: vi.fn() }))
vi.mock('@/api/hazards', () => ({ hazardSummary }))

const zero = { open: 0, rectifying: 0, checking: 0, overdue: 0, red: 0, listed: 0, registered: 0, cleared: 0, reopened: 0 }
const regions = [
  ...sampleRegions,
  { code: '610921103', name: '铁佛寺镇', level: 'township' as const, parentCode: '610921' },
  { code: '610922', name: '石泉县', level: 'county' as const, parentCode: '6109' },
  { code: '610922100', name: '城关镇', level: 'township' as const, parentCode: '610922' },
]
const rows = [
  { code: '610921102', name: '双乳镇', parentCode: '610921', ...zero, open: 2, overdue: 1 },
  { code: '610921103', name: '铁佛寺镇', parentCode: '610921', ...zero, open: 1 },
  { code: '610922100', name: '城关镇', parentCode: '610922', ...zero, open: 5 },
]

function table(): string[][] {
  return [...document.querySelectorAll('.el-table__body-wrapper tr, .el-table__footer-wrapper tr')].map((tr) =>
    [...tr.querySelectorAll('td')].slice(0, 5).map((td) => td.textContent!.trim()),
  )
}

beforeEach(() => hazardSummary.mockReset())

describe('hazard summary panel', () => {
  it('shows a city its counties, summed, busiest first, with the total, and opens a county', async () => {
    hazardSummary.mockResolvedValue({ region: { code: '6109', name: '安康市', level: 'city' }, rows, totals: { ...zero, open: 8, overdue: 1 } })
    mountComponent(HazardSummaryPanel, { regions })
    await settle()
    expect(table()).toEqual([
      ['汉阴县', '3', '0', '0', '1'],
      ['石泉县', '5', '0', '0', '0'],
      ['合计', '8', '0', '0', '1'],
    ])
    ;(document.querySelector('.el-table__body-wrapper tr') as HTMLElement).click()
    await settle()
    expect(table()).toEqual([
      ['双乳镇', '2', '0', '0', '1'],
      ['铁佛寺镇', '1', '0', '0', '0'],
      ['本县合计', '3', '0', '0', '1'],
    ])
    ;(document.querySelector('[data-testid="hazard-summary-back"]') as HTMLElement).click()
    await settle()
    expect(table()[0]![0]).toBe('汉阴县')
  })

  it('shows a county its townships and the county total', async () => {
    hazardSummary.mockResolvedValue({ region: { code: '610921', name: '汉阴县', level: 'county' }, rows: rows.slice(0, 2), totals: { ...zero, open: 3, overdue: 1 } })
    mountComponent(HazardSummaryPanel, { regions })
    await settle()
    expect(table()).toEqual([
      ['双乳镇', '2', '0', '0', '1'],
      ['铁佛寺镇', '1', '0', '0', '0'],
      ['合计', '3', '0', '0', '1'],
    ])
  })
})
