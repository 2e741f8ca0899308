import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Router } from 'vue-router'
import ReportsView from './ReportsView.vue'
import { $, disputeFigures, mountPage, petitionFigures, sampleUser, settle, tableCells } from '@/test/helpers'
import type { DisputeFigures, PetitionFigures, ResolutionReport, ResolutionRow } from '@/api/types'
import { rangeFor } from '@/utils/dateRanges'

const { resolutionReport, trendReport, categoryReport } = vi.hoisted(() => ({
  resolutionReport: vi.fn(),
  trendReport: vi.fn(),
  categoryReport: vi.fn(),
}))
vi.mock('@/api/reports', () => ({ resolutionReport, trendReport, categoryReport, exportResolution: vi.fn() }))
// charts need a canvas happy-dom does not have; the figures and the table are what is tested here
vi.mock('@/components/charts/echarts', () => ({ VChart: { name: 'VChart', props: ['option', 'autoresize'], render: () => null } }))

const row = (code: string, name: string, rank: number, d: Partial<DisputeFigures>, p: Partial<PetitionFigures> = {}): ResolutionRow => ({
  code,
  name,
  parentCode: '610921',
  rank,
  disputes: disputeFigures(d),
  petitions: petitionFigures(p),
})

const report: ResolutionReport = {
  region: { code: '610921', name: '汉阴县', level: 'county' },
  groupBy: 'township',
  generatedAt: '2026-03-31T09:00:00+08:00',
  rows: [
    row('610921103', '涧池镇', 2, { registered: 10, accepted: 8, resolved: 5, failed: 1, concluded: 6, pending: 2, successRate: 0.8333 }),
    row(
      '610921102',
      '双乳镇',
      1,
      { carriedOver: 20, registered: 1234, accepted: 1000, resolved: 900, failed: 50, concluded: 950, pending: 70, successRate: 0.9474, concludedRate: 0.9314, onTimeRate: 0.9, overdue: 3, satisfactionRate: 0.9 },
      { assigned: 2, cleared: 1, total: 3, clearedAtEnd: 1, open: 2, overdue: 1, clearanceRate: 0.3333 },
    ),
  ].map((r) => (r.code === '610921102' ? { ...r, screening: { rounds: 3, disputesFound: 2, prevented: 1, hazardsFound: 0, zeroReports: 1 } } : r)),
  totals: {
    disputes: disputeFigures({
      carriedOver: 20,
      registered: 1244,
      accepted: 1008,
      resolved: 905,
      failed: 51,
      concluded: 956,
      pending: 72,
      successRate: 0.9467,
      amount: 12000.5,
      preventedCriminal: 2,
      preventedCriminalPeople: 7,
    }),
    petitions: petitionFigures({ assigned: 2, cleared: 1, total: 3, clearedAtEnd: 1, open: 2, overdue: 1, clearanceRate: 0.3333 }),
  },
}

const change = (disputesTotal: number | null, successRate: number | null) => ({ disputesTotal, successRate, petitionsTotal: null, clearanceRate: null })

let router: Router

beforeEach(() => {
  resolutionReport.mockReset()
  trendReport.mockReset()
  resolutionReport.mockResolvedValue(report)
  trendReport.mockImplementation(async (q: { interval: string }) => ({
    points:
      q.interval === 'month'
        ? []
        : [{ period: '2026', disputes: disputeFigures(), petitions: petitionFigures(), mom: change(-0.1, 0.012), yoy: change(0.125, 0.012), partial: true }],
  }))
  categoryReport.mockResolvedValue({ rows: [] })
})

const leader = { ...sampleUser, role: 'leader' as const, regionCode: '610921' }

describe('report figures', () => {
  it('shows the figures in the order of the monthly return, each with its period and definition', async () => {
    await mountPage(ReportsView, '/reports', { user: leader })
    const [from, to] = rangeFor('year')
    expect(resolutionReport).toHaveBeenCalledWith({ region: '610921', from, to })
    const labels = [...$('[data-testid="report-cards"]').querySelectorAll('.figure-label')].map((e) => e.textContent)
    expect(labels).toEqual(['上期结转', '本期新收', '受理', '调解成功', '调解不成', '调结', '期末在办', '调解成功率', '调结率', '按期调结率', '超期在办', '回访满意率'])
    const card = (key: string) => $(`[data-figure="${key}"]`)
    expect(card('disputes.registered').querySelector('.figure-value')?.textContent).toBe('1,244')
    expect(card('disputes.registered').querySelector('[data-caption]')?.textContent).toBe('本年')
    expect(card('disputes.successRate').querySelector('[data-caption]')?.textContent).toBe('调解成功 / 调结，本年')
    expect(card('disputes.carriedOver').querySelector('[data-caption]')?.textContent).toBe(`${from} 期初`)
    expect(card('disputes.pending').querySelector('[data-caption]')?.textContent).toMatch(/^截至 \d{4}-\d{2}-\d{2}$/)
    expect(card('petitions.clearanceRate').querySelector('.figure-label')?.textContent).toBe('积案化解（销号）率')
    expect(card('petitions.clearanceRate').querySelector('[data-caption]')?.textContent).toMatch(/^已销号 \/ 积案总数，截至/)
    expect($('[data-figure="disputes.amount"]').textContent).toContain('12,000.50')
    expect($('[data-figure="disputes.preventedCriminal"]').textContent).toContain('2（7 人）')
  })

  it('compares a whole year with the year before (同比) and says the year is not over', async () => {
    await mountPage(ReportsView, '/reports', { user: leader })
    const [from, to] = rangeFor('year')
    expect(trendReport).toHaveBeenCalledWith({ region: '610921', interval: 'year', from, to })
    const change = $('[data-figure="disputes.registered"] [data-change]').textContent
    expect(change).toContain('同比 +12.5%')
    expect(change).toContain('本期未结束')
    expect($('[data-figure="disputes.successRate"] [data-change]').textContent).toContain('同比 +1.2个百分点')
    expect(document.body.querySelector('[data-figure="disputes.accepted"] [data-change]')).toBeNull()
  })

  it('offers 本月 / 本季 / 本年 / 上一年 and a custom window, which has no comparison', async () => {
    ;({ router } = await mountPage(ReportsView, '/reports', { user: leader }))
    const buttons = [...$('[data-testid="report-period"]').querySelectorAll('.el-radio-button')].map((b) => b.textContent?.trim())
    expect(buttons).toEqual(['本月', '本季', '本年', '上一年', '自定义'])
    ;($('[data-testid="report-period"]').querySelectorAll('input')[0] as HTMLInputElement).click()
    await settle()
    expect(router.currentRoute.value.query).toMatchObject({ from: rangeFor('month')[0], to: rangeFor('month')[1] })
    expect(trendReport).toHaveBeenLastCalledWith(expect.objectContaining({ interval: 'month', from: rangeFor('month')[0] }))

    // a whole month picked by hand is named and compared like 本月
    trendReport.mockClear()
    await router.replace({ query: { from: '2026-02-01', to: '2026-02-28' } })
    await settle()
    expect($('[data-testid="report-basis"]').textContent).toContain('2026年2月')
    expect(trendReport).toHaveBeenCalledWith(expect.objectContaining({ interval: 'month', from: '2026-02-01', to: '2026-02-28' }))

    trendReport.mockClear()
    await router.replace({ query: { from: '2026-01-05', to: '2026-02-20' } })
    await settle()
    expect($('[data-testid="report-basis"]').textContent).toContain('2026-01-05 至 2026-02-20')
    expect(trendReport.mock.calls.every(([q]) => q.interval === 'month')).toBe(true)
    expect(document.body.querySelector('.range .el-date-editor')).not.toBeNull()
  })
})

describe('report table', () => {
  it('lists the regions by rank with the monthly return\'s figures, and the totals', async () => {
    await mountPage(ReportsView, '/reports', { user: leader })
    const table = $('[data-testid="report-table"]')
    const cells = tableCells(table)
    expect(cells[0]).toEqual(['1', '双乳镇', '20', '1,234', '1,000', '900', '50', '950', '70', '94.7%', '93.1%', '90.0%', '3', '90.0%', '3', '2', '1'])
    expect(cells[1]!.slice(0, 4)).toEqual(['2', '涧池镇', '0', '10'])
    expect(cells[1]!.slice(-3)).toEqual(['0', '0', '0']) // no round: the 排查 columns say 0
    expect(table.querySelector('[data-col="resolved"]')?.textContent).toBe('900')
    expect(table.querySelector('.text-overdue')?.textContent).toBe('3')
    const totals = [...table.querySelectorAll('.el-table__footer td')].map((td) => td.textContent?.trim())
    expect(totals.slice(0, 5)).toEqual(['', '合计', '20', '1,244', '1,008'])
  })

  it('shows the backlog figures in their own table', async () => {
    await mountPage(ReportsView, '/reports?table=petitions', { user: leader })
    const cells = tableCells($('[data-testid="report-table"]'))
    expect(cells[0]).toEqual(['1', '双乳镇', '2', '1', '0', '3', '1', '2', '1', '33.3%'])
  })

  it('shows the months of the window, the running one marked', async () => {
    const month = new Date().toISOString().slice(0, 7)
    resolutionReport.mockImplementation(async (q: { groupBy?: string }) =>
      q.groupBy === 'month'
        ? { ...report, groupBy: 'month', rows: [row(`${month}`, '本月', 0, { registered: 4 })] }
        : report,
    )
    await mountPage(ReportsView, '/reports?by=month', { user: leader })
    expect(resolutionReport).toHaveBeenCalledWith(expect.objectContaining({ groupBy: 'month' }))
    const cells = tableCells($('[data-testid="report-table"]'))
    expect(cells[0]![0]).toBe('本月未结束')
  })

  it('drills into a region from its name', async () => {
    ;({ router } = await mountPage(ReportsView, '/reports', {
      user: leader,
      regions: [
        { code: '6109', name: '安康市', level: 'city', parentCode: '' },
        { code: '610921', name: '汉阴县', level: 'county', parentCode: '6109' },
        { code: '610921102', name: '双乳镇', level: 'township', parentCode: '610921' },
      ],
    }))
    $('[data-testid="report-table"] [data-region="610921102"]').click()
    await settle()
    expect(router.currentRoute.value.query.region).toBe('610921102')
  })
})
