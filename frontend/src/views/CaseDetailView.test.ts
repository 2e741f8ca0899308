import { beforeEach, describe, expect, it, vi } from 'vitest'
import CaseDetailView from './CaseDetailView.vue'
import { ApiError } from '@/api/client'
import { $, mountPage, sampleSummary, settle, tableCells } from '@/test/helpers'
import type { Case } from '@/api/types'

const { getCase } = vi.hoisted(() => ({ getCase: vi.fn() }))
vi.mock('@/api/cases', () => ({ getCase, act: vi.fn() }))
vi.mock('@/stores/todo', () => ({ refreshTodoCount: vi.fn() }))

function sampleCase(over: Partial<Case> = {}): Case {
  const { partyNames: _names, supervised: _supervised, ...summary } = sampleSummary()
  return {
    ...summary,
    summary: '两户因宅基地界址发生争执。',
    village: '月河村',
    parties: [
      { name: '张三', role: 'applicant', idNumber: '610921199001011234', phone: '13812345678' },
      { name: '李四', role: 'respondent' },
    ],
    timeline: [
      { at: '2026-03-01T09:00:00+08:00', recordedAt: '2026-03-01T09:00:00+08:00', actor: { id: 'med1', name: '王调解' }, action: 'register', from: '', to: 'registered', note: '' },
      { at: '2026-03-02T09:00:00+08:00', recordedAt: '2026-03-02T09:00:00+08:00', actor: { id: 'med1', name: '王调解' }, action: 'accept', from: 'registered', to: 'accepted', note: '材料齐全' },
    ],
    dispute: { source: 'application', mediators: ['王调解'], sessions: [{ at: '2026-03-03T10:00:00+08:00', mode: 'phone', record: '电话沟通' }] },
    createdBy: { id: 'med1', name: '王调解' },
    createdAt: '2026-03-01T09:00:00+08:00',
    updatedAt: '2026-03-03T10:00:00+08:00',
    ...over,
  }
}

const open = (id = '610921102-2026-000001') => mountPage(CaseDetailView, `/cases/${id}`, { path: '/cases/:id', name: 'case', props: { id } })

const tabs = () => [...document.body.querySelectorAll('.case-tabs .el-tabs__item')].map((e) => e.textContent?.trim())
const pane = (name: string) => $(`.case-tabs #pane-${name}`)

beforeEach(() => {
  getCase.mockReset()
})

describe('case page', () => {
  it('shows a dispute in the tabs of a dispute', async () => {
    getCase.mockResolvedValue(sampleCase({ allowedActions: ['session', 'extend', 'supervise', 'resolve', 'fail'] }))
    await open()
    expect(tabs()).toEqual(['基本信息', '当事人', '办理过程', '调解记录', '协议/结果', '回访', '督办'])
    expect(pane('basic').textContent).toContain('房屋宅基地')
    expect(pane('basic').textContent).toContain('当事人申请')
    expect(tableCells($('[data-testid="parties-table"]'))[0]).toEqual(['1', '张三', '申请人', '610921199001011234', '13812345678', '—'])
    expect(pane('timeline').textContent).toContain('由 已登记 变为 已受理')
    expect(pane('sessions').textContent).toContain('电话调解')
    expect(pane('result').textContent).toContain('尚无办理结果')
  })

  it('offers the allowed actions in the order of the dispute lifecycle', async () => {
    getCase.mockResolvedValue(sampleCase({ allowedActions: ['supervise', 'fail', 'extend', 'resolve', 'session'] }))
    await open()
    const buttons = [...document.body.querySelectorAll('[data-testid="case-actions"] [data-action]')]
    expect(buttons.map((b) => b.getAttribute('data-action'))).toEqual(['session', 'resolve', 'extend', 'fail', 'supervise'])
    expect(buttons.map((b) => b.textContent?.trim())).toEqual(['记录调解', '调解成功', '延期', '调解不成', '督办'])
  })

  it('shows a petition in the tabs of a petition, with its own words', async () => {
    getCase.mockResolvedValue(
      sampleCase({
        kind: 'petition',
        status: 'resolved',
        dispute: undefined,
        petition: { assignedBy: 'municipal', repeatCount: 0, leadLeader: { name: '刘建国', post: '县委副书记' }, resolutionType: 'ceased' },
        allowedActions: ['clear', 'supervise'],
        timeline: [{ at: '2026-03-05T09:00:00+08:00', recordedAt: '2026-03-05T09:00:00+08:00', actor: { id: 'p1', name: '周信访' }, action: 'resolve', from: 'resolving', to: 'resolved', note: '' }],
      }),
    )
    await open()
    expect(tabs()).toEqual(['基本信息', '当事人', '办理过程', '包案化解', '化解结果', '督办'])
    expect($('[data-testid="case-status"]').textContent).toContain('已化解')
    expect(pane('timeline').textContent).toContain('化解办结')
    expect(pane('assign').textContent).toContain('刘建国（县委副书记）')
    expect(pane('result').textContent).toContain('息诉罢访')
    expect([...document.body.querySelectorAll('[data-action]')].map((b) => b.textContent?.trim())).toEqual(['销号', '督办'])
  })

  it('counts the supervision orders in their tab', async () => {
    const order = { at: '2026-03-02T09:00:00+08:00', by: { id: 'l1', name: '陈领导' }, note: '请加快', feedbackBy: '2999-03-05T23:59:59+08:00' }
    getCase.mockResolvedValue(sampleCase({ supervisions: [order], supervision: { ...order, overdue: false } }))
    await open()
    expect(tabs().at(-1)).toBe('督办 (1)')
    expect(pane('supervision').textContent).toContain('请加快')
    expect($('[data-testid="supervision-banner"]').textContent).toContain('督办：请加快')
  })

  it('says so when the case is outside the region', async () => {
    getCase.mockRejectedValue(new ApiError(404, 'not_found', '案件不存在', [], [], 'case_not_found'))
    await open()
    await settle()
    expect($('[data-testid="case-not-found"]').textContent).toContain('案件不存在或不在您的辖区内')
  })
})
