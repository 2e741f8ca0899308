import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import ReturnSubmitView from './ReturnSubmitView.vue'
import { ApiError } from '@/api/client'
import { $, mountPage, sampleUser, settle, showErrors, tableCells, type } from '@/test/helpers'
import { sampleFigures, sampleReturn, sampleRow } from '@/test/returns'
import type { ReturnMonths, ReturnRow } from '@/api/types'

const { returnMonths, getReturn, submitReturn, correctReturn, confirm } = vi.hoisted(() => ({
  returnMonths: vi.fn(),
  getReturn: vi.fn(),
  submitReturn: vi.fn(),
  correctReturn: vi.fn(),
  confirm: vi.fn(),
}))
vi.mock('@/api/returns', () => ({ returnMonths, getReturn, submitReturn, correctReturn }))
vi.mock('element-plus', async (importOriginal) => {
  const mod = await importOriginal<typeof import('element-plus')>()
  return { ...mod, ElMessageBox: { ...mod.ElMessageBox, confirm } }
})

// June 2nd, 2026 in Ankang: May is the month to report
const month = '2026-05'
const year = 2026

function months(...rows: ReturnRow[]): ReturnMonths {
  return { township: { code: '610921102', name: '双乳镇', level: 'township' }, year, generatedAt: '2026-06-02T09:00:00+08:00', rows }
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date('2026-06-02T10:00:00+08:00'))
  for (const f of [returnMonths, getReturn, submitReturn, correctReturn, confirm]) f.mockReset()
  confirm.mockResolvedValue('confirm')
})

afterEach(() => {
  vi.useRealTimers()
})

describe('报表报送', () => {
  it("shows last month's figures as the return will record them and submits them", async () => {
    const live = sampleFigures({ registered: 3, accepted: 2, resolved: 1, concluded: 1, pending: 1, successRate: 1, amount: 1200.5 })
    returnMonths.mockResolvedValue(months(sampleRow({ month, live })))
    await mountPage(ReturnSubmitView, '/returns')
    expect(returnMonths).toHaveBeenCalledWith({ township: '610921102', year })
    expect($('[data-testid="return-township-name"]').textContent).toContain('汉阴县双乳镇')
    expect($('[data-testid="return-status"]').textContent).toBe('未报送')
    expect($('[data-figure="disputes.registered"]').textContent).toBe('3')
    expect($('[data-figure="disputes.successRate"]').textContent).toBe('100.0%')
    expect($('[data-figure="disputes.amount"]').textContent).toBe('1,200.5')
    expect(document.body.textContent).toContain('本期新收')

    submitReturn.mockResolvedValue(sampleReturn({ month }))
    const submitted = sampleRow({ month, status: 'submitted', latest: sampleReturn({ month, figures: live }), submittedAt: '2026-06-02T10:00:00+08:00', live })
    returnMonths.mockResolvedValue(months(submitted))
    getReturn.mockResolvedValue({ township: months().township, month, status: 'submitted', versions: [submitted.latest], live, changes: [], generatedAt: '' })
    await type($('[data-field="note"] textarea'), '按时报送')
    $('[data-testid="return-submit"]').click()
    await settle()
    expect(confirm).toHaveBeenCalledOnce()
    expect(submitReturn).toHaveBeenCalledWith({ township: '610921102', month, zeroReport: false, note: '按时报送' })
    expect($('[data-testid="return-status"]').textContent).toBe('已报送')
    expect($('[data-testid="return-versions"]').textContent).toContain('原报')
    expect(document.body.querySelector('[data-testid="return-submit"]')).toBeNull()
  })

  it('asks for a 零报告 with a note when nothing was counted', async () => {
    returnMonths.mockResolvedValue(months(sampleRow({ month, live: sampleFigures() })))
    await mountPage(ReturnSubmitView, '/returns')
    expect($('[data-testid="zero-notice"]').textContent).toContain('请报送零报告')
    expect($('[data-testid="return-submit"]').textContent).toContain('报送零报告')
    $('[data-testid="return-submit"]').click()
    await showErrors()
    expect($('[data-field="note"]').textContent).toContain('请填写说明')
    expect(submitReturn).not.toHaveBeenCalled()

    submitReturn.mockRejectedValue(new ApiError(422, 'validation_failed', '请求参数校验失败', [{ field: 'zeroReport', message: '本月有统计数字，不能报送零报告' }]))
    await type($('[data-field="note"] textarea'), '本月辖区内无矛盾纠纷和信访积案')
    $('[data-testid="return-submit"]').click()
    await showErrors()
    expect(submitReturn).toHaveBeenCalledWith({ township: '610921102', month, zeroReport: true, note: '本月辖区内无矛盾纠纷和信访积案' })
    // the refusal is shown and what was typed stays
    expect(document.body.textContent).toContain('本月有统计数字，不能报送零报告')
    expect(($('[data-field="note"] textarea') as HTMLTextAreaElement).value).toBe('本月辖区内无矛盾纠纷和信访积案')
  })

  it('shows the difference since the return and submits a correction with its reason', async () => {
    const original = sampleReturn({ month })
    const live = sampleFigures({ registered: 3, accepted: 3, pending: 2, resolved: 1, concluded: 1, successRate: 1 })
    const changes = [
      { figure: 'disputes.registered' as const, submitted: 2, live: 3, change: 1 },
      { figure: 'disputes.pending' as const, submitted: 1, live: 2, change: 1 },
    ]
    returnMonths.mockResolvedValue(
      months(sampleRow({ month, status: 'late', latest: original, submittedAt: original.submittedAt, live, changes })),
    )
    getReturn.mockResolvedValue({ township: months().township, month, status: 'late', versions: [original], live, changes, generatedAt: '' })
    await mountPage(ReturnSubmitView, '/returns')
    expect($('[data-testid="return-status"]').textContent).toBe('逾期报送')
    expect(tableCells($('[data-testid="return-changes"]'))).toEqual([
      ['本期新收', '2', '3', '+1'],
      ['期末在办', '1', '2', '+1'],
    ])
    expect($('[data-testid="return-recorded"] .figure-changed').textContent).toContain('2')

    $('[data-testid="return-correct"]').click()
    await settle()
    $('[data-testid="correction-submit"]').click()
    await showErrors()
    expect($('[data-testid="correction-dialog"] [data-field="reason"]').textContent).toContain('请填写更正原因')
    expect(correctReturn).not.toHaveBeenCalled()

    const c1 = sampleReturn({ id: `${original.id}-c1`, month, figures: live, correction: { of: original.id, n: 1, reason: '补录' } })
    correctReturn.mockResolvedValue(c1)
    returnMonths.mockResolvedValue(months(sampleRow({ month, status: 'late', latest: c1, corrections: 1, submittedAt: original.submittedAt, live })))
    getReturn.mockResolvedValue({ township: months().township, month, status: 'late', versions: [original, c1], live, changes: [], generatedAt: '' })
    await type($('[data-testid="correction-dialog"] [data-field="reason"] textarea'), '补录')
    $('[data-testid="correction-submit"]').click()
    await settle()
    expect(correctReturn).toHaveBeenCalledWith(original.id, { reason: '补录', note: undefined })
    expect(document.body.querySelector('[data-testid="return-changed"]')).toBeNull()
    expect($('[data-testid="return-versions"]').textContent).toContain('第 1 次更正')
    expect($('[data-testid="return-versions"]').textContent).toContain('补录')
  })

  it('lets a county user pick the township, and lists the months of the year', async () => {
    returnMonths.mockResolvedValue(
      months(
        sampleRow({ month: '2026-01', status: 'submitted', latest: sampleReturn({ zeroReport: true }), submittedAt: '2026-02-03T09:00:00+08:00', live: sampleFigures() }),
        sampleRow({ month, live: sampleFigures({ accepted: 1, pending: 1 }) }),
      ),
    )
    const { router } = await mountPage(ReturnSubmitView, '/returns', {
      user: { ...sampleUser, role: 'admin', regionCode: '610921' },
      regions: [
        { code: '6109', name: '安康市', level: 'city', parentCode: '' },
        { code: '610921', name: '汉阴县', level: 'county', parentCode: '6109' },
        { code: '610921102', name: '双乳镇', level: 'township', parentCode: '610921' },
        { code: '610921103', name: '涧池镇', level: 'township', parentCode: '610921' },
      ],
    })
    expect(returnMonths).not.toHaveBeenCalled()
    expect(document.body.textContent).toContain('请先选择要报送的乡镇（街道）')
    await router.replace({ query: { township: '610921102' } })
    await settle()
    expect(returnMonths).toHaveBeenCalledWith({ township: '610921102', year })
    const rows = tableCells($('[data-testid="return-months"]'))
    expect(rows[0]!.slice(0, 5)).toEqual(['2026年1月', '已报送', '2026-02-03 09:00', '是', ''])
    expect(rows[1]![1]).toBe('未报送')
  })
})
