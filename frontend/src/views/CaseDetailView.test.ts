import { beforeEach, describe, expect, it, vi } from 'vitest'
import CaseDetailView from './CaseDetailView.vue'
import { ApiError } from '@/api/client'
import { $, mountPage, sampleCase, settle, tableCells } from '@/test/helpers'
import type { Case } from '@/api/types'

const { getCase } = vi.hoisted(() => ({ getCase: vi.fn() }))
vi.mock('@/api/cases', () => ({ getCase, act: vi.fn() }))
vi.mock('@/stores/todo', () => ({ refreshTodoCount: vi.fn() }))

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
    expect(tabs()).toEqual(['基本信息', '当事人', '办理过程', '调解记录', '协议/结果', '回访', '督办', '文书', '附件'])
    expect(pane('basic').textContent).toContain('房屋宅基地')
    expect(pane('basic').textContent).toContain('当事人申请')
    expect(tableCells($('[data-testid="parties-table"]'))[0]).toEqual(['1', '张三', '申请人', '610921199001011234', '13812345678', '—'])
    expect(pane('timeline').textContent).toContain('由 待受理 变为 已受理')
    expect(pane('sessions').textContent).toContain('电话调解')
    expect(pane('result').textContent).toContain('尚无办理结果')
  })

  it('offers the allowed actions in the order of the dispute lifecycle', async () => {
    getCase.mockResolvedValue(sampleCase({ allowedActions: ['supervise', 'fail', 'extend', 'resolve', 'session'] }))
    await open()
    const buttons = [...document.body.querySelectorAll('[data-testid="case-actions"] [data-action]')]
    expect(buttons.map((b) => b.getAttribute('data-action'))).toEqual(['session', 'resolve', 'extend', 'fail', 'supervise'])
    expect(buttons.map((b) => b.textContent?.trim())).toEqual(['添加调解笔录', '调解成功', '延长调解期限', '调解不成', '督办'])
  })

  it('shows a petition in the tabs of a petition, with its own words', async () => {
    getCase.mockResolvedValue(
      sampleCase({
        kind: 'petition',
        status: 'resolved',
        dispute: undefined,
        category: 'natural_resources',
        petition: {
          assignedBy: 'municipal',
          assignerRegion: '610921',
          repeatCount: 0,
          leadLeader: { name: '刘建国', post: '县委副书记' },
          responsibleUnit: '县自然资源局',
          responsiblePerson: '赵干事',
          resolutionType: 'ceased',
        },
        allowedActions: ['clear', 'supervise'],
        timeline: [{ at: '2026-03-05T09:00:00+08:00', recordedAt: '2026-03-05T09:00:00+08:00', actor: { id: 'p1', name: '周信访' }, action: 'resolve', from: 'resolving', to: 'resolved', note: '' }],
      }),
    )
    await open()
    expect(tabs()).toEqual(['基本信息', '当事人', '办理过程', '包案化解', '化解结果', '督办', '文书', '附件'])
    expect($('[data-testid="case-status"]').textContent).toContain('已化解')
    expect(pane('timeline').textContent).toContain('化解')
    expect(pane('basic').textContent).toContain('自然资源（国土）')
    expect(pane('basic').textContent).toContain('信访事项类别')
    expect($('[data-testid="assigner"]').textContent).toBe('汉阴县')
    expect(pane('assign').textContent).toContain('刘建国（县委副书记）')
    expect(pane('assign').textContent).toContain('县自然资源局')
    expect(pane('assign').textContent).toContain('赵干事')
    expect(pane('result').textContent).toContain('息诉罢访')
    expect([...document.body.querySelectorAll('[data-testid="case-actions"] [data-action]')].map((b) => b.textContent?.trim())).toEqual([
      '审核通过（销号）',
      '督办',
    ])
  })

  it('shows when each step happened and, when entered on a later day, when and by whom it was recorded', async () => {
    const c = sampleCase()
    c.timeline[1] = { ...c.timeline[1]!, at: '2026-03-02T09:00:00+08:00', recordedAt: '2026-03-05T16:20:00+08:00', actor: { id: 'm2', name: '刘调解' } }
    getCase.mockResolvedValue(c)
    await open()
    const items = [...pane('timeline').querySelectorAll('.el-timeline-item')]
    expect(items[1]!.textContent).toContain('2026-03-02 09:00')
    expect(items[1]!.querySelector('[data-testid="backfilled"]')?.textContent).toBe('补录于 2026-03-05 16:20（刘调解）')
    expect(items[0]!.querySelector('[data-testid="backfilled"]')).toBeNull()
  })

  it('shows a dispute\'s visits, extensions with who consented, the agreement and the judicial confirmation', async () => {
    getCase.mockResolvedValue(
      sampleCase({
        status: 'resolved',
        outcome: 'resolved',
        peopleInvolved: 6,
        dispute: {
          source: 'referral',
          referralFrom: 'court',
          mediators: ['王调解'],
          sessions: [],
          extensions: [{ at: '2026-03-20T09:00:00+08:00', days: 15, reason: '等待评估报告', consentBy: ['张三', '李四'] }],
          agreement: { type: 'written', terms: '李四赔偿张三 2,000 元', createsObligations: true, amount: 2000.5, performBy: '2026-04-30T23:59:59+08:00' },
          prevented: [{ type: 'criminal', people: 2 }],
          performance: 'partial',
          confirmation: { appliedAt: '2026-04-02T10:00:00+08:00', court: '汉阴县人民法院' },
          visits: [
            { at: '2026-04-10T10:00:00+08:00', satisfaction: 'satisfied', performance: 'fulfilled', by: { id: 'med1', name: '王调解' } },
            { at: '2026-05-10T10:00:00+08:00', satisfaction: 'basic', performance: 'partial', note: '尚欠 500 元', by: { id: 'med1', name: '王调解' } },
          ],
        },
      }),
    )
    await open()
    expect(pane('basic').textContent).toContain('人民法院（委派/委托）')
    expect(pane('basic').textContent).toContain('涉及人数6')
    expect(tableCells($('[data-testid="extensions-table"]'))[0]).toEqual(['2026-03-20', '15 天', '张三、李四', '等待评估报告'])
    const result = pane('result').textContent
    expect(result).toContain('书面协议')
    expect(result).toContain('是否设立民事权利义务是')
    expect($('[data-testid="agreement-amount"]').textContent).toBe('2,000.50 元')
    expect(result).toContain('部分履行')
    expect(result).toContain('防止民转刑 2 人')
    expect($('[data-testid="confirmation"]').textContent).toContain('汉阴县人民法院')
    expect($('[data-testid="confirmation"]').textContent).toContain('待法院确认')
    const visits = tableCells($('[data-testid="visits-table"]'))
    expect(visits.map((r) => r.slice(1, 4))).toEqual([
      ['2026-04-10 10:00', '满意', '已履行'],
      ['2026-05-10 10:00', '基本满意', '部分履行'],
    ])
  })

  it('shows a backlog case\'s clearance review as it went, its 复查 with the answer date, and the late signing', async () => {
    const step = (at: string, action: string, from: string, to: string, note: string, name = '周信访') =>
      ({ at, recordedAt: at, actor: { id: 'x', name }, action, from, to, note }) as Case['timeline'][number]
    getCase.mockResolvedValue(
      sampleCase({
        kind: 'petition',
        status: 'cleared',
        dispute: undefined,
        category: 'other',
        petition: {
          assignedBy: 'county',
          assignerRegion: '610921',
          batch: '2026年第三批',
          material: '县信访局交办函〔2026〕12号',
          repeatCount: 1,
          signedLate: true,
          resolutionType: 'resolved',
          reviews: [{ level: 'review', requestedAt: '2026-04-01T09:00:00+08:00', dueBy: '2026-05-01T09:00:00+08:00', answeredAt: '2026-04-20T09:00:00+08:00', answer: '维持原处理意见' }],
        },
        timeline: [
          step('2026-03-01T09:00:00+08:00', 'register', '', 'received', '', '县信访局'),
          step('2026-04-02T09:00:00+08:00', 'apply_clear', 'resolved', 'reviewing', '申请销号，办结期限暂停计算', '乡镇干部'),
          step('2026-04-03T09:00:00+08:00', 'reject_clear', 'reviewing', 'resolving', '审核退回：缺少息诉罢访承诺书', '县信访局'),
          step('2026-04-05T09:00:00+08:00', 'apply_clear', 'resolved', 'reviewing', '申请销号，办结期限暂停计算', '乡镇干部'),
          step('2026-04-06T09:00:00+08:00', 'clear', 'reviewing', 'cleared', '审核通过，予以销号', '县信访局'),
        ],
      }),
    )
    await open()
    expect($('[data-testid="head-repeat"]').textContent).toContain('反弹 1 次')
    expect($('[data-testid="signed-late"]').textContent).toBe('逾期签收')
    expect($('[data-testid="assign-material"]').textContent).toBe('县信访局交办函〔2026〕12号')
    expect(pane('basic').textContent).toContain('2026年第三批')
    const steps = [...$('[data-testid="review-history"]').querySelectorAll('[data-step]')].map((e) => e.getAttribute('data-step'))
    expect(steps).toEqual(['apply_clear', 'reject_clear', 'apply_clear', 'clear'])
    expect($('[data-testid="review-history"]').textContent).toContain('缺少息诉罢访承诺书')
    expect(tableCells($('[data-testid="reviews-table"]'))[0]).toEqual(['复查', '2026-04-01', '2026-05-01', '2026-04-20：维持原处理意见'])
  })

  it('counts the supervision orders in their tab', async () => {
    const order = { at: '2026-03-02T09:00:00+08:00', by: { id: 'l1', name: '陈领导' }, note: '请加快', feedbackBy: '2999-03-05T23:59:59+08:00' }
    getCase.mockResolvedValue(sampleCase({ supervisions: [order], supervision: { ...order, overdue: false } }))
    await open()
    expect(tabs()).toContain('督办 (1)')
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
