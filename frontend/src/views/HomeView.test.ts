import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Router } from 'vue-router'
import HomeView from './HomeView.vue'
import { $, disputeFigures, mountPage, petitionFigures, sampleSummary, sampleUser, settle, tableCells } from '@/test/helpers'
import { todoCount } from '@/stores/todo'
import type { TodoItem, User } from '@/api/types'

const { getTodo, getCase, resolutionReport } = vi.hoisted(() => ({ getTodo: vi.fn(), getCase: vi.fn(), resolutionReport: vi.fn() }))
vi.mock('@/api/cases', () => ({ getTodo, getCase, TODO_MAX_PAGE_SIZE: 200 }))
vi.mock('@/api/reports', () => ({ resolutionReport }))

const item = (n: number): TodoItem => ({
  case: sampleSummary({
    id: `610921102-2026-${String(n).padStart(6, '0')}`,
    caseNo: `610921102-2026-${String(n).padStart(6, '0')}`,
    version: 2,
    title: `纠纷 ${n}`,
    category: 'neighbor',
    riskLevel: 'blue',
    dueAt: '2026-03-31T09:00:00+08:00',
    overdue: true,
    warning: 'overdue',
  }),
  reason: 'overdue',
  since: '2026-03-31T09:00:00+08:00',
})

let router: Router

async function open(at: string, user?: User) {
  ;({ router } = await mountPage(HomeView, at, {
    path: '/',
    name: 'home',
    user,
    routes: [{ path: '/disputes/new', component: { render: () => null } }],
  }))
}

beforeEach(() => {
  getTodo.mockReset()
  getTodo.mockImplementation(async (page: number, pageSize: number) => ({
    items: Array.from({ length: Math.min(pageSize, 75 - (page - 1) * pageSize) }, (_, i) => item((page - 1) * pageSize + i + 1)),
    total: 75,
    page,
    pageSize,
  }))
})

describe('home to-do list', () => {
  it('shows one page with the whole total, in the panel and the header badge', async () => {
    await open('/')
    expect(getTodo).toHaveBeenCalledWith(1, 20)
    expect(document.body.querySelectorAll('[data-testid="todo-table"] .el-table__body tr')).toHaveLength(20)
    expect(document.body.querySelector('[data-testid="todo-pagination"]')?.textContent).toContain('共 75 条')
    expect(todoCount.value).toBe(75)
  })

  it('lists the 排查 rounds not in, beside the cases', async () => {
    getTodo.mockResolvedValue({
      items: [],
      total: 0,
      page: 1,
      pageSize: 20,
      screening: [
        {
          code: '610921102/月河村', name: '月河村', level: 'village', townshipCode: '610921102', townshipName: '双乳镇', village: '月河村',
          period: '2026-03-2', periodName: '2026年3月下半月', from: '2026-03-16', to: '2026-03-31', dueDate: '2026-04-05', status: 'missing', rounds: 0, zeroReport: false,
        },
      ],
    })
    await open('/')
    const row = $('[data-testid="screening-todo"] [data-unit="610921102/月河村"]')
    expect(row.textContent).toContain('双乳镇 · 月河村')
    expect(row.textContent).toContain('2026年3月下半月')
    expect(row.textContent).toContain('逾期未报')
  })

  it('shows why, which case and since when in each row', async () => {
    await open('/')
    expect(tableCells($('[data-testid="todo-table"]'))[0]).toEqual([
      '已超期',
      '610921102-2026-000001',
      '纠纷 1',
      '双乳镇',
      '蓝',
      '调解中',
      expect.stringContaining('超期'),
      '到期 2026-03-31',
    ])
  })

  it('says per reason what its date is: a due date, or when the step happened', async () => {
    const petitionCase = (n: number) => ({ ...item(n).case, kind: 'petition' as const, status: 'reviewing' as const, overdue: false, warning: '' as const })
    getTodo.mockResolvedValue({
      items: [
        { case: petitionCase(1), reason: 'review_pending', since: '2026-03-20T10:30:00+08:00' },
        { case: petitionCase(2), reason: 'accept_due', since: '2026-03-18T09:00:00+08:00' },
        { case: petitionCase(3), reason: 'recheck_due', since: '2026-04-19T10:00:00+08:00' },
        { case: petitionCase(4), reason: 'sent_back', since: '2026-03-21T16:00:00+08:00' },
      ],
      total: 4,
      page: 1,
      pageSize: 20,
    })
    await open('/', { ...sampleUser, role: 'petition', regionCode: '610921' })
    const rows = tableCells($('[data-testid="todo-table"]'))
    expect(rows.map((r) => [r[0], r.at(-1)])).toEqual([
      ['待审核', '申请于 2026-03-20 10:30'],
      ['待签收', '交办于 2026-03-18 09:00'],
      ['复查期限', '答复期限 2026-04-19'],
      ['审核退回', '退回于 2026-03-21 16:00'],
    ])
    expect(rows[0]![6]).toBe('审核中，期限暂停')
  })

  it('pages through the list and keeps the page in the URL', async () => {
    await open('/?page=4')
    expect(getTodo).toHaveBeenLastCalledWith(4, 20)
    expect(document.body.querySelectorAll('[data-testid="todo-table"] .el-table__body tr')).toHaveLength(15)
    ;(document.body.querySelector('[data-testid="todo-pagination"] .el-pager li:first-child') as HTMLElement).click()
    await settle()
    expect(router.currentRoute.value.query).toEqual({})
    expect(getTodo).toHaveBeenLastCalledWith(1, 20)
  })

  it('shows a mediator no supervision panel and no overview, but its township this month', async () => {
    resolutionReport.mockResolvedValue({ totals: { disputes: disputeFigures({ registered: 7, pending: 3 }), petitions: petitionFigures() } })
    await open('/')
    expect(document.body.querySelector('[data-testid="my-supervisions"]')).toBeNull()
    expect(document.body.querySelector('[data-testid="overview"]')).toBeNull()
    expect(resolutionReport).toHaveBeenCalled()
    expect(resolutionReport.mock.calls.at(-1)![0]).toMatchObject({ region: sampleUser.regionCode })
    const month = document.body.querySelector('[data-testid="month-figures"]')!
    expect(month.textContent).toContain('本月情况')
    expect(month.textContent).toContain('本期新收')
    expect(month.textContent).toContain('7')
  })

  it('lists the open supervisions a leader gave', async () => {
    resolutionReport.mockResolvedValue({ totals: { disputes: disputeFigures({ registered: 1 }), petitions: petitionFigures() } })
    getTodo.mockResolvedValue({ items: [{ ...item(9), reason: 'supervised' }], total: 1, page: 1, pageSize: 200 })
    getCase.mockResolvedValue({
      ...item(9).case,
      supervision: { at: '2026-03-02T02:00:00Z', by: { id: 'leader1', name: '陈领导' }, note: '请加快', feedbackBy: '2026-03-05T23:59:59+08:00', overdue: true },
    })
    await open('/', { ...sampleUser, id: 'leader1', role: 'leader', regionCode: '610921' })
    const table = document.body.querySelector('[data-testid="my-supervisions-table"]')!
    expect(table.textContent).toContain('610921102-2026-000009')
    expect(table.textContent).toContain('请加快')
    expect(table.querySelector('.text-overdue')?.textContent).toContain('2026-03-05')
  })
})
