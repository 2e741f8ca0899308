import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Router } from 'vue-router'
import PetitionBoardView from './PetitionBoardView.vue'
import { $, mountPage, petitionFigures, disputeFigures, sampleSummary, sampleUser, settle, tableCells } from '@/test/helpers'
import type { BacklogItem, BatchRow } from '@/api/types'

const { backlogReport, batchReport, resolutionReport, exportBatches, exportResolution } = vi.hoisted(() => ({
  backlogReport: vi.fn(),
  batchReport: vi.fn(),
  resolutionReport: vi.fn(),
  exportBatches: vi.fn(),
  exportResolution: vi.fn(),
}))
vi.mock('@/api/reports', () => ({ backlogReport, batchReport, resolutionReport, exportBatches, exportResolution }))

const office = { ...sampleUser, role: 'petition' as const, regionCode: '610921' }
const regions = [
  { code: '6109', name: '安康市', level: 'city' as const, parentCode: '' },
  { code: '610921', name: '汉阴县', level: 'county' as const, parentCode: '6109' },
  { code: '610921102', name: '双乳镇', level: 'township' as const, parentCode: '610921' },
  { code: '610921104', name: '蒲溪镇', level: 'township' as const, parentCode: '610921' },
]

const item = (over: Partial<BacklogItem>): BacklogItem => ({
  ...sampleSummary({ kind: 'petition', status: 'resolving', category: 'natural_resources', riskLevel: 'red' }),
  assignedBy: 'municipal',
  daysOverdue: 0,
  ...over,
})

const batch = (over: Partial<BatchRow>): BatchRow => ({
  batch: '',
  assignedBy: 'county',
  assigned: 0,
  received: 0,
  signed: 0,
  returned: 0,
  resolving: 0,
  resolved: 0,
  applied: 0,
  cleared: 0,
  reopened: 0,
  overdue: 0,
  withdrawn: 0,
  clearanceRate: null,
  ...over,
})

let router: Router

beforeEach(() => {
  batchReport.mockReset()
  batchReport.mockResolvedValue({
    region: { code: '610921', name: '汉阴县', level: 'county' },
    generatedAt: '2026-03-31T09:00:00+08:00',
    rows: [
      batch({ batch: '2026年第一批', assignedBy: 'municipal', assigned: 4, received: 1, resolving: 1, applied: 1, cleared: 1, overdue: 1, withdrawn: 1, clearanceRate: 0.25 }),
      batch({ batch: '', assigned: 2, signed: 1, cleared: 1, reopened: 1, clearanceRate: 0.5 }),
    ],
    totals: batch({ assigned: 6, received: 1, signed: 1, resolving: 1, applied: 1, cleared: 2, reopened: 1, overdue: 1, withdrawn: 1, clearanceRate: 0.3333 }),
  })
})

describe('backlog board by batch', () => {
  it('shows where each batch stands, its clearance rate and the totals', async () => {
    ;({ router } = await mountPage(PetitionBoardView, '/petitions/board', { user: office, regions }))
    expect(batchReport).toHaveBeenCalledWith({ region: '610921' })
    const table = $('[data-testid="batch-table"]')
    const [first, second] = tableCells(table)
    expect(first).toEqual(['2026年第一批', '市', '4', '1', '0', '0', '1', '0', '1', '1', '0', '1', '1', '25.0%'])
    expect(second!.slice(0, 3)).toEqual(['未分批次', '县', '2'])
    expect(table.querySelector('.text-overdue')?.textContent).toBe('1')
    const totals = [...table.querySelectorAll('.el-table__footer td')].map((td) => td.textContent?.trim())
    expect(totals[0]).toBe('合计')
    expect(totals.at(-1)).toBe('33.3%')
    expect($('.board-summary').textContent).toContain('积案化解（销号）率 = 已销号 ÷ 交办数')
  })

  it('narrows to one batch and to a region through the URL', async () => {
    ;({ router } = await mountPage(PetitionBoardView, '/petitions/board?batch=2026年第一批', { user: office, regions }))
    expect(tableCells($('[data-testid="batch-table"]')).map((r) => r[0])).toEqual(['2026年第一批'])
    await router.replace({ query: { region: '610921104' } })
    await settle()
    expect(batchReport).toHaveBeenLastCalledWith({ region: '610921104' })
    expect(tableCells($('[data-testid="batch-table"]'))).toHaveLength(2)
  })

  it('exports the batch table of the region', async () => {
    exportBatches.mockResolvedValue('batches.xlsx')
    await mountPage(PetitionBoardView, '/petitions/board', { user: office, regions })
    $('[data-testid="board-export-xlsx"]').click()
    await settle()
    expect(exportBatches).toHaveBeenCalledWith({ region: '610921' }, 'xlsx')
  })
})

describe('backlog board by township', () => {
  it('shows the stock and the clearance rate of every township', async () => {
    resolutionReport.mockResolvedValue({
      region: { code: '610921', name: '汉阴县', level: 'county' },
      groupBy: 'township',
      generatedAt: '2026-03-31T09:00:00+08:00',
      rows: [
        { code: '610921102', name: '双乳镇', parentCode: '610921', rank: 1, disputes: disputeFigures(), petitions: petitionFigures({ assigned: 3, total: 3, clearedAtEnd: 1, open: 2, overdue: 1, clearanceRate: 0.3333 }) },
      ],
      totals: { disputes: disputeFigures(), petitions: petitionFigures({ assigned: 3, total: 3, clearedAtEnd: 1, open: 2, overdue: 1, clearanceRate: 0.3333 }) },
    })
    await mountPage(PetitionBoardView, '/petitions/board?view=townships', { user: office, regions })
    expect(resolutionReport).toHaveBeenCalledWith({ region: '610921', groupBy: 'township' })
    expect(tableCells($('[data-testid="town-table"]'))[0]).toEqual(['双乳镇', '3', '3', '1', '2', '1', '0', '33.3%'])
  })
})

describe('open backlog cases', () => {
  it('shows each open petition with its assigning level, lead leader and deadline', async () => {
    backlogReport.mockResolvedValue({
      region: { code: '610921', name: '汉阴县', level: 'county' },
      generatedAt: '2026-03-31T09:00:00+08:00',
      total: 2,
      items: [
        item({ id: 'A', caseNo: 'A', title: '征地补偿', leadLeader: { name: '刘建国', post: '县委副书记' }, dueAt: '2026-03-01T23:59:59+08:00', overdue: true, warning: 'overdue', supervised: true }),
        item({ id: 'B', caseNo: 'B', title: '拖欠工资' }),
      ],
    })
    await mountPage(PetitionBoardView, '/petitions/board?view=cases', { user: office, regions })
    const table = $('[data-testid="backlog-table"]')
    const [first, second] = tableCells(table)
    expect(first!.slice(0, 7)).toEqual(['A', '督办征地补偿', '双乳镇', '市', '刘建国（县委副书记）', '红', '化解中'])
    expect(first![7]).toContain('2026-03-01')
    expect(second!.slice(3, 5)).toEqual(['市', '未指定'])
    expect(table.querySelector('.row-overdue')?.textContent).toContain('征地补偿')
    expect($('.board-summary').textContent).toContain('在办积案 2 件，其中超期 1 件')
  })

  it('narrows to overdue, supervised or one assigning level through the URL, and exports what it shows', async () => {
    backlogReport.mockResolvedValue({
      region: { code: '610921', name: '汉阴县', level: 'county' },
      generatedAt: '2026-03-31T09:00:00+08:00',
      total: 3,
      items: [
        item({ id: 'A', caseNo: 'A', title: '征地补偿', overdue: true, warning: 'overdue', daysOverdue: 30, supervised: true }),
        item({ id: 'B', caseNo: 'B', title: '拖欠工资' }),
        item({ id: 'C', caseNo: 'C', title: '邻里噪声', assignedBy: 'county', overdue: true, warning: 'overdue', daysOverdue: 2 }),
      ],
    })
    const { router } = await mountPage(PetitionBoardView, '/petitions/board?view=cases&overdue=1', { user: office, regions })
    const ids = () => tableCells($('[data-testid="backlog-table"]')).map((r) => r[0])
    expect(ids()).toEqual(['A', 'C'])
    expect($('.board-summary').textContent).toContain('在办积案 2 件，其中超期 2 件')
    await router.replace('/petitions/board?view=cases&overdue=1&supervised=1')
    await settle()
    expect(ids()).toEqual(['A'])
    await router.replace('/petitions/board?view=cases&by=county')
    await settle()
    expect(ids()).toEqual(['C'])

    let saved = ''
    const created = vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      void (b as Blob).text().then((t) => (saved = t))
      return 'blob:x'
    })
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined)
    $('[data-testid="board-export-cases"]').click()
    await settle(10)
    expect(created).toHaveBeenCalledTimes(1)
    const lines = saved.replace('\uFEFF', '').trim().split('\r\n')
    expect(lines[0]).toBe('案件编号,标题,乡镇（街道）,交办层级,包案领导,风险等级,状态,办理期限,超期天数')
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['C'])
    expect(lines[1]).toMatch(/,2$/)
  })
})
