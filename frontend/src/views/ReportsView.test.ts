import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Router } from 'vue-router'
import ReportsView from './ReportsView.vue'
import { $, disputeFigures, mountPage, petitionFigures, sampleUser, settle, tableCells } from '@/test/helpers'
import type { DisputeFigures, PetitionFigures, ResolutionReport, ResolutionRow } from '@/api/types'

const { resolutionReport, trendReport, categoryReport } = vi.hoisted(() => ({
  resolutionReport: vi.fn(),
  trendReport: vi.fn(),
  categoryReport: vi.fn(),
}))
vi.mock('@/api/reports', () => ({ resolutionReport, trendReport, categoryReport, exportResolution: vi.fn() }))
// charts need a canvas happy-dom does not have; the table is what is tested here
vi.mock('@/components/charts/echarts', () => ({ VChart: { name: 'VChart', props: ['option', 'autoresize'], render: () => null } }))

const disputes = disputeFigures
const petitions = petitionFigures

const row = (code: string, name: string, rank: number, d: Partial<DisputeFigures>, p: Partial<PetitionFigures> = {}): ResolutionRow => ({
  code,
  name,
  parentCode: '610921',
  rank,
  disputes: disputes(d),
  petitions: petitions(p),
})

const report: ResolutionReport = {
  region: { code: '610921', name: '汉阴县', level: 'county' },
  groupBy: 'township',
  generatedAt: '2026-03-31T09:00:00+08:00',
  rows: [
    row('610921103', '涧池镇', 2, { registered: 10, accepted: 8, resolved: 5, failed: 1, pending: 2, successRate: 0.8333 }),
    row('610921102', '双乳镇', 1, { registered: 1234, accepted: 1000, resolved: 900, failed: 50, pending: 50, successRate: 0.9474, satisfactionRate: 0.9 }, { total: 3, open: 2, overdue: 1 }),
  ],
  totals: {
    disputes: disputes({ registered: 1244, accepted: 1008, resolved: 905, failed: 51, pending: 52, successRate: 0.9467 }),
    petitions: petitions({ total: 3, open: 2, overdue: 1 }),
  },
}

let router: Router

beforeEach(() => {
  resolutionReport.mockResolvedValue(report)
  trendReport.mockResolvedValue({ points: [] })
  categoryReport.mockResolvedValue({ rows: [] })
})

const leader = { ...sampleUser, role: 'leader' as const, regionCode: '610921' }

describe('report table', () => {
  it('lists the regions by rank with every figure, and the totals', async () => {
    ;({ router } = await mountPage(ReportsView, '/reports', { user: leader }))
    const table = $('[data-testid="report-table"]')
    const cells = tableCells(table)
    expect(cells[0]).toEqual(['1', '双乳镇', '1,234', '1,000', '900', '50', '50', '94.7%', '90.0%', '3', '0', '2', '1', '—'])
    expect(cells[1]!.slice(0, 3)).toEqual(['2', '涧池镇', '10'])
    expect(table.querySelector('[data-col="resolved"]')?.textContent).toBe('900')
    expect(table.querySelector('.text-overdue')?.textContent).toBe('1')
    const totals = [...table.querySelectorAll('.el-table__footer td')].map((td) => td.textContent?.trim())
    expect(totals.slice(0, 4)).toEqual(['', '合计', '1,244', '1,008'])
  })

  it('drills into a region from its name', async () => {
    ;({ router } = await mountPage(ReportsView, '/reports', { user: leader }))
    $('[data-testid="report-table"] [data-region="610921102"]').click()
    await settle()
    expect(router.currentRoute.value.query.region).toBe('610921102')
  })
})
