import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import ReturnBoardView from './ReturnBoardView.vue'
import { $, mountPage, sampleUser, settle, tableCells } from '@/test/helpers'
import { sampleFigures, sampleReturn, sampleRow } from '@/test/returns'
import type { ReturnBoard, ReturnCounts } from '@/api/types'

const { returnBoard, getReturn, exportReturnBoard } = vi.hoisted(() => ({ returnBoard: vi.fn(), getReturn: vi.fn(), exportReturnBoard: vi.fn() }))
vi.mock('@/api/returns', () => ({ returnBoard, getReturn, exportReturnBoard }))

const regionsOfTest = [
  { code: '6109', name: '安康市', level: 'city' as const, parentCode: '' },
  { code: '610921', name: '汉阴县', level: 'county' as const, parentCode: '6109' },
  { code: '610902', name: '汉滨区', level: 'county' as const, parentCode: '6109' },
  { code: '610921102', name: '双乳镇', level: 'township' as const, parentCode: '610921' },
  { code: '610921103', name: '涧池镇', level: 'township' as const, parentCode: '610921' },
  { code: '610921104', name: '蒲溪镇', level: 'township' as const, parentCode: '610921' },
]
const counts = (over: Partial<ReturnCounts>): ReturnCounts => ({ townships: 3, submitted: 0, late: 0, missing: 0, zeroReports: 0, corrected: 0, changed: 0, ...over })

const a = sampleReturn()
const b = sampleReturn({ id: '610921103-2026-05', township: '610921103', late: true, zeroReport: true, figures: sampleFigures() })
const assembled = sampleFigures({ registered: 2, accepted: 2, resolved: 1, concluded: 1, pending: 1, successRate: 1 })
const board: ReturnBoard = {
  region: { code: '610921', name: '汉阴县', level: 'county' },
  month: '2026-05',
  opensOn: '2026-06-01',
  dueOn: '2026-06-05',
  duePassed: true,
  generatedAt: '2026-06-09T09:00:00+08:00',
  rows: [
    sampleRow({ status: 'submitted', latest: a, submittedAt: a.submittedAt, changes: [{ figure: 'disputes.registered', submitted: 2, live: 3, change: 1 }] }),
    sampleRow({ township: '610921103', name: '涧池镇', status: 'late', latest: b, submittedAt: '2026-06-08T16:30:00+08:00' }),
    sampleRow({ township: '610921104', name: '蒲溪镇' }),
  ],
  groups: [{ code: '610921', name: '汉阴县', counts: counts({ submitted: 1, late: 1, missing: 1 }), assembled }],
  counts: counts({ submitted: 1, late: 1, missing: 1, zeroReports: 1, changed: 1 }),
  assembled,
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date('2026-06-09T09:00:00+08:00'))
  for (const f of [returnBoard, getReturn, exportReturnBoard]) f.mockReset()
  returnBoard.mockResolvedValue(board)
})

afterEach(() => {
  vi.useRealTimers()
})

describe('报送情况', () => {
  it('shows who has submitted, who is late and missing, and the assembled return', async () => {
    await mountPage(ReturnBoardView, '/returns/board', { user: { ...sampleUser, role: 'leader', regionCode: '610921' }, regions: regionsOfTest })
    expect(returnBoard).toHaveBeenCalledWith({ region: '610921', month: '2026-05' })
    const rows = tableCells($('[data-testid="returns-table"]'))
    expect(rows.map((r) => r.slice(0, 7))).toEqual([
      ['双乳镇', '已报送', '2026-06-02 10:00', '', '', '有变动 1 项', '2'],
      ['涧池镇', '逾期报送', '2026-06-08 16:30', '是', '', '', '0'],
      ['蒲溪镇', '未报送', '—', '', '', '', '—'],
    ])
    expect($('[data-testid="returns-table"] .row-missing').textContent).toContain('蒲溪镇')
    expect($('[data-testid="returns-table"] [data-status="missing"]').className).toContain('danger')
    const countText = (k: string) => $(`[data-count="${k}"] .count-value`).textContent
    expect([countText('townships'), countText('submitted'), countText('late'), countText('missing'), countText('zeroReports')]).toEqual(['3', '1', '1', '1', '1'])
    expect(document.body.textContent).toContain('报送期 2026-06-01 至 2026-06-05')
    expect(document.body.textContent).toContain('已过报送期限')
    expect($('[data-testid="returns-assembled"] [data-figure="disputes.accepted"]').textContent).toBe('2')
    expect($('[data-testid="returns-assembled"]').textContent).toContain('汇总月报（已报送乡镇）')
    // one county: no county column, no county table
    expect(document.body.querySelector('[data-testid="returns-groups"]')).toBeNull()
  })

  it('opens a return with its versions and the difference', async () => {
    getReturn.mockResolvedValue({
      township: { code: '610921102', name: '双乳镇', level: 'township' },
      month: '2026-05',
      status: 'submitted',
      versions: [a],
      live: sampleFigures({ registered: 3 }),
      changes: [{ figure: 'disputes.registered', submitted: 2, live: 3, change: 1 }],
      generatedAt: '2026-06-09T09:00:00+08:00',
    })
    await mountPage(ReturnBoardView, '/returns/board', { user: { ...sampleUser, role: 'leader', regionCode: '610921' }, regions: regionsOfTest })
    $('[data-testid="returns-table"] [data-township="610921102"]').click()
    await settle()
    expect(getReturn).toHaveBeenCalledWith(a.id)
    expect(tableCells($('[data-testid="return-changes"]'))).toEqual([['本期新收', '2', '3', '+1']])
    expect($('[data-testid="return-versions"]').textContent).toContain('原报')
  })

  it('gives the city each county, and drills into one', async () => {
    returnBoard.mockResolvedValue({
      ...board,
      region: { code: '6109', name: '安康市', level: 'city' },
      groups: [...board.groups, { code: '610902', name: '汉滨区', counts: counts({ townships: 0 }), assembled: sampleFigures() }],
    })
    const { router } = await mountPage(ReturnBoardView, '/returns/board', { user: { ...sampleUser, role: 'admin', regionCode: '6109' }, regions: regionsOfTest })
    const groups = tableCells($('[data-testid="returns-groups"]'))
    expect(groups[0]!.slice(0, 5)).toEqual(['汉阴县', '3', '1', '1', '1'])
    expect(tableCells($('[data-testid="returns-table"]'))[0]!.slice(0, 3)).toEqual(['双乳镇', '汉阴县', '已报送'])
    ;($('[data-testid="returns-groups"] .el-button') as HTMLElement).click()
    await settle()
    expect(router.currentRoute.value.query.region).toBe('610921')
    expect(returnBoard).toHaveBeenLastCalledWith({ region: '610921', month: '2026-05' })
  })
})
