import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { defineComponent, h } from 'vue'
import { ElConfigProvider } from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import { RouterView } from 'vue-router'
import CaseListView from './CaseListView.vue'
import { $, globalOptions, settle, type } from '@/test/mount'
import { sampleSummary, sampleUser } from '@/test/helpers'
import { setSession } from '@/stores/session'
import { RegionIndex, regions } from '@/stores/regions'

const { listCases, exportCases } = vi.hoisted(() => ({ listCases: vi.fn(), exportCases: vi.fn() }))
vi.mock('@/api/cases', () => ({ listCases, exportCases }))

const item = sampleSummary({ dueAt: '2999-01-01T00:00:00+08:00', partyNames: ['张三', '李四'] })

let router: Router
let wrapper: VueWrapper | null = null

async function open(path: string) {
  router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/disputes', component: CaseListView, props: { kind: 'dispute' } },
      { path: '/disputes/new', component: { render: () => h('div') } },
      { path: '/cases/:id', name: 'case', component: { render: () => h('div', 'case page') } },
      { path: '/', name: 'home', component: { render: () => h('div') } },
    ],
  })
  await router.push(path)
  wrapper = mount(defineComponent({ render: () => h(ElConfigProvider, { locale: zhCn }, () => h(RouterView)) }), {
    global: { ...globalOptions, plugins: [...globalOptions.plugins, router] },
    attachTo: document.body,
  })
  await settle()
}

beforeEach(() => {
  setSession({ token: 't', expiresAt: '', user: sampleUser })
  regions.value = new RegionIndex([
    { code: '6109', name: '安康市', level: 'city', parentCode: '' },
    { code: '610921', name: '汉阴县', level: 'county', parentCode: '6109' },
    { code: '610921102', name: '双乳镇', level: 'township', parentCode: '610921' },
  ])
  listCases.mockReset()
  listCases.mockResolvedValue({ items: [item], total: 41, page: 1, pageSize: 20 })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
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

  it('offers 导入台账 to who may register the kind, not to a leader', async () => {
    await open('/disputes')
    expect(document.body.querySelector('[data-testid="import-open"]')?.textContent).toContain('导入台账')
    wrapper?.unmount()
    document.body.innerHTML = ''
    setSession({ token: 't', expiresAt: '', user: { ...sampleUser, role: 'leader' } })
    await open('/disputes')
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
