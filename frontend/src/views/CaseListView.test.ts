import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Router } from 'vue-router'
import CaseListView from './CaseListView.vue'
import { $, mountPage, sampleSummary, sampleUser, settle, tableCells, type } from '@/test/helpers'

const { listCases, exportCases } = vi.hoisted(() => ({ listCases: vi.fn(), exportCases: vi.fn() }))
vi.mock('@/api/cases', () => ({ listCases, exportCases }))

const item = sampleSummary({ dueAt: '2999-01-01T00:00:00+08:00', partyNames: ['张三', '李四'] })

let router: Router

async function open(path: string) {
  ;({ router } = await mountPage(CaseListView, path, { path: '/disputes', props: { kind: 'dispute' } }))
}

beforeEach(() => {
  listCases.mockReset()
  listCases.mockResolvedValue({ items: [item], total: 41, page: 1, pageSize: 20 })
})

describe('case list filters and the URL', () => {
  it('loads with the filters from the URL', async () => {
    await open('/disputes?status=mediating&q=宅基地&page=2')
    expect(listCases).toHaveBeenCalledTimes(1)
    expect(listCases.mock.calls[0]![0]).toEqual({ kind: 'dispute', status: 'mediating', q: '宅基地', page: 2, pageSize: 20 })
    expect(($('[data-testid="filter-q"]') as HTMLInputElement).value).toBe('宅基地')
    expect(document.body.textContent).toContain('宅基地边界纠纷')
    expect(document.body.textContent).toContain('共 41 条')
  })

  it('puts what the user searches for into the URL, back on page 1', async () => {
    await open('/disputes?status=mediating&page=3')
    await type($('[data-testid="filter-q"]'), '张三')
    $('[data-testid="filter-search"]').click()
    await settle()
    expect(router.currentRoute.value.query).toEqual({ status: 'mediating', q: '张三' })
    expect(listCases.mock.calls.at(-1)![0]).toEqual({ kind: 'dispute', status: 'mediating', q: '张三', page: 1, pageSize: 20 })
  })

  it('clears every filter on reset', async () => {
    await open('/disputes?status=mediating&q=x&warning=overdue')
    $('[data-testid="filter-reset"]').click()
    await settle()
    expect(router.currentRoute.value.query).toEqual({})
    expect(listCases.mock.calls.at(-1)![0]).toEqual({ kind: 'dispute', page: 1, pageSize: 20 })
  })

  it('follows back and forward through the history', async () => {
    await open('/disputes?q=a')
    await router.push('/disputes?q=b')
    await settle()
    router.back()
    await settle(20)
    expect(listCases.mock.calls.at(-1)![0]).toMatchObject({ q: 'a' })
  })

  it('opens the case on a row click', async () => {
    await open('/disputes')
    ;(document.body.querySelector('.el-table__row') as HTMLElement).click()
    await settle()
    expect(router.currentRoute.value.fullPath).toBe('/cases/610921102-2026-000001')
  })

  it('marks a row under supervision with a 督办 tag', async () => {
    listCases.mockResolvedValue({ items: [{ ...item, supervised: true }, { ...item, id: 'B', caseNo: 'B', supervised: false }], total: 2, page: 1, pageSize: 20 })
    await open('/disputes')
    const rows = [...document.body.querySelectorAll('[data-testid="case-table"] .el-table__body tr')]
    expect(rows[0]!.querySelector('[data-testid="supervised-tag"]')?.textContent).toBe('督办')
    expect(rows[1]!.querySelector('[data-testid="supervised-tag"]')).toBeNull()
  })

  it('offers 导入台账 to who may register the kind', async () => {
    await open('/disputes')
    expect(document.body.querySelector('[data-testid="import-open"]')?.textContent).toContain('导入台账')
  })

  it('does not offer 导入台账 to a leader', async () => {
    await mountPage(CaseListView, '/disputes', { props: { kind: 'dispute' }, user: { ...sampleUser, role: 'leader' } })
    expect(document.body.querySelector('[data-testid="import-open"]')).toBeNull()
  })

  it('asks for supervised cases only with the 督办 filter', async () => {
    await open('/disputes?supervised=true')
    expect(listCases.mock.calls[0]![0]).toEqual({ kind: 'dispute', supervised: true, page: 1, pageSize: 20 })
  })

  it('tells the user how to add the first case', async () => {
    listCases.mockResolvedValue({ items: [], total: 0, page: 1, pageSize: 20 })
    await open('/disputes')
    expect(document.body.textContent).toContain('暂无案件，点击"登记纠纷"新增')
  })
})

describe('case list table', () => {
  it('shows each case in the columns of a case list', async () => {
    listCases.mockResolvedValue({ items: [sampleSummary({ partyNames: ['张三', '李四'], dueAt: '2999-01-01T00:00:00+08:00' })], total: 1, page: 1, pageSize: 20 })
    await open('/disputes')
    const table = $('[data-testid="case-table"]')
    const headers = [...table.querySelectorAll('thead th')].map((th) => th.textContent?.trim()).filter(Boolean)
    expect(headers.slice(0, 9)).toEqual(['案件编号', '标题', '纠纷类型', '乡镇', '当事人', '风险', '登记日期', '状态', '办理期限'])
    const row = tableCells(table)[0]!
    expect(row.slice(0, 8)).toEqual(['610921102-2026-000001', '宅基地边界纠纷', '房屋宅基地', '双乳镇', '张三、李四', '橙', '2026-03-01', '调解中'])
    expect(headers).toContain('操作')
    // 办理 when the user may act on the case, 查看 otherwise; either opens it
    const op = table.querySelector<HTMLElement>('[data-op="610921102-2026-000001"]')!
    expect(op.textContent?.trim()).toBe(sampleSummary().allowedActions?.length ? '办理' : '查看')
    op.click()
    await settle()
    expect(router.currentRoute.value.name).toBe('case')
  })
})

describe('a failed load', () => {
  it('says 加载失败 once, never 暂无案件 beside it, and retries', async () => {
    listCases.mockRejectedValueOnce(new TypeError('Failed to fetch'))
    await open('/disputes')
    const text = document.body.textContent ?? ''
    expect(text).toContain('加载失败')
    expect(text).not.toMatch(/暂无|没有/)
    expect(document.body.querySelector('[data-testid="case-table"]')).toBeNull()
    ;(document.body.querySelector('.list-error .el-button') as HTMLElement).click()
    await settle()
    expect(document.body.textContent).toContain('宅基地边界纠纷')
    expect(document.body.textContent).not.toContain('加载失败')
  })
})
