// Shared helpers for unit tests: one way to mount a component or a page (Element Plus in Chinese, i18n,
// a memory router, a signed-in user, the regions it sees), a fake fetch, sample data, and ways to act on
// the document as a user would. Every component test mounts through here; test/setup.ts unmounts after
// each test.
import { vi } from 'vitest'
import { defineComponent, h, type Component } from 'vue'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus, { ElConfigProvider } from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import { createMemoryHistory, createRouter, RouterView, type Router, type RouteRecordRaw } from 'vue-router'
import { i18n } from '@/i18n'
import { setSession, clearSession } from '@/stores/session'
import { RegionIndex, regions } from '@/stores/regions'
import type { Case, CaseSummary, DisputeFigures, PetitionFigures, Region, User } from '@/api/types'

export interface RecordedCall {
  url: string
  method: string
  headers: Record<string, string>
  body: unknown
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  })
}

/** Replaces global fetch; each call is recorded and answered by `answer`. */
export function mockFetch(answer: (call: RecordedCall) => Response | Promise<Response>) {
  const calls: RecordedCall[] = []
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const call: RecordedCall = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers: { ...((init?.headers as Record<string, string>) ?? {}) },
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    }
    calls.push(call)
    return answer(call)
  })
  vi.stubGlobal('fetch', fn)
  return { calls, fn }
}

/** A township mediator of 汉阴县双乳镇. */
export const sampleUser: User = {
  id: 'med1',
  username: 'med1',
  name: '王调解',
  role: 'mediator',
  regionCode: '610921102',
  active: true,
  createdAt: '2026-01-01T00:00:00+08:00',
  updatedAt: '2026-01-01T00:00:00+08:00',
  mustChangePassword: false,
}

/** The regions a page sees unless a test says otherwise: the city, one county, one township. */
export const sampleRegions: Region[] = [
  { code: '6109', name: '安康市', level: 'city', parentCode: '' },
  { code: '610921', name: '汉阴县', level: 'county', parentCode: '6109' },
  { code: '610921102', name: '双乳镇', level: 'township', parentCode: '610921' },
]

/** A case as lists show it; override what a test is about. */
export function sampleSummary(over: Partial<CaseSummary> = {}): CaseSummary {
  return {
    id: '610921102-2026-000001',
    caseNo: '610921102-2026-000001',
    kind: 'dispute',
    status: 'mediating',
    version: 3,
    title: '宅基地边界纠纷',
    category: 'housing_homestead',
    townshipCode: '610921102',
    townshipName: '双乳镇',
    countyCode: '610921',
    countyName: '汉阴县',
    riskLevel: 'orange',
    registeredAt: '2026-03-01T09:00:00+08:00',
    overdue: false,
    warning: '',
    supervised: false,
    partyNames: [],
    allowedActions: [],
    ...over,
  }
}

/** A whole dispute as GET /cases/{id} answers, mediating, with two parties; override what a test is about. */
export function sampleCase(over: Partial<Case> = {}): Case {
  const { partyNames: _names, supervised: _supervised, ...summary } = sampleSummary()
  return {
    ...summary,
    summary: '两户因宅基地界址发生争执。',
    village: '月河村',
    heldIn: summary.townshipCode,
    peopleInvolved: 0,
    parties: [
      { name: '张三', role: 'applicant', idNumber: '610921199001011234', phone: '13812345678' },
      { name: '李四', role: 'respondent' },
    ],
    timeline: [
      { at: '2026-03-01T09:00:00+08:00', recordedAt: '2026-03-01T09:00:00+08:00', actor: { id: 'med1', name: '王调解' }, action: 'register', from: '', to: 'registered', note: '' },
      { at: '2026-03-02T09:00:00+08:00', recordedAt: '2026-03-02T09:00:00+08:00', actor: { id: 'med1', name: '王调解' }, action: 'accept', from: 'registered', to: 'accepted', note: '材料齐全' },
    ],
    dispute: { source: 'application', mediators: ['王调解'], sessions: [{ at: '2026-03-03T10:00:00+08:00', mode: 'phone', record: '电话沟通' }], visits: [] },
    createdBy: { id: 'med1', name: '王调解' },
    createdAt: '2026-03-01T09:00:00+08:00',
    updatedAt: '2026-03-03T10:00:00+08:00',
    ...over,
  }
}

/** A report's dispute figures, all zero but what a test sets. */
export function disputeFigures(over: Partial<DisputeFigures> = {}): DisputeFigures {
  return {
    registered: 0,
    accepted: 0,
    rejected: 0,
    carriedOver: 0,
    resolved: 0,
    failed: 0,
    concluded: 0,
    pending: 0,
    successRate: null,
    concludedRate: null,
    onTime: 0,
    onTimeRate: null,
    overdue: 0,
    followUps: 0,
    satisfied: 0,
    basic: 0,
    satisfactionRate: null,
    basicOrBetterRate: null,
    parties: 0,
    amount: 0,
    mass: 0,
    preventedCriminal: 0,
    preventedCriminalPeople: 0,
    preventedSuicide: 0,
    preventedSuicidePeople: 0,
    preventedMassPetition: 0,
    preventedMassPetitionPeople: 0,
    preventedMassFight: 0,
    preventedMassFightPeople: 0,
    supervised: 0,
    ...over,
  }
}

/** A report's backlog figures, all zero but what a test sets. */
export function petitionFigures(over: Partial<PetitionFigures> = {}): PetitionFigures {
  return { assigned: 0, cleared: 0, reopened: 0, total: 0, clearedAtEnd: 0, open: 0, overdue: 0, clearanceRate: null, supervised: 0, ...over }
}

export interface MountOptions {
  /** The component's props. */
  props?: Record<string, unknown>
  /** Who is signed in (default sampleUser); null: nobody. */
  user?: User | null
  /** The regions the page knows (default sampleRegions). */
  regions?: Region[]
}

export interface PageOptions extends MountOptions {
  /** The page's route pattern (default: the path of `at` without its query). */
  path?: string
  /** The route's name. */
  name?: string
  /** Further routes the page links to; home (/), case (/cases/:id) and login are always there. */
  routes?: RouteRecordRaw[]
}

const stub = (name: string) => defineComponent({ name, render: () => h('div', { 'data-stub': name }, name) })

function prepare(opts: MountOptions) {
  if (opts.user === null) clearSession()
  else setSession({ token: 't', expiresAt: '', user: opts.user ?? sampleUser })
  regions.value = new RegionIndex(opts.regions ?? sampleRegions)
}

// real transitions: the stubs do not re-render Element Plus' error messages
const global = { plugins: [ElementPlus, i18n], stubs: { transition: false, 'transition-group': false } }

/** Mounts a component (a dialog, a widget) attached to the document. */
export function mountComponent(component: Component, opts: MountOptions = {}): VueWrapper {
  prepare(opts)
  return mount(component, { props: opts.props, global, attachTo: document.body })
}

/** Mounts a page at a URL with a memory router, inside Element Plus' Chinese locale as the app is, and settles. */
export async function mountPage(component: Component, at: string, opts: PageOptions = {}): Promise<{ wrapper: VueWrapper; router: Router }> {
  prepare(opts)
  const path = opts.path ?? at.split('?')[0]!
  const always: RouteRecordRaw[] = [
    { path: '/', name: 'home', component: stub('home') },
    { path: '/cases/:id', name: 'case', component: stub('case page') },
    { path: '/login', name: 'login', component: stub('login') },
  ]
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path, name: opts.name, component, props: opts.props ?? false },
      ...(opts.routes ?? []),
      ...always.filter((r) => r.path !== path && r.name !== opts.name),
      { path: '/:rest(.*)*', component: stub('elsewhere') },
    ],
  })
  await router.push(at)
  const app = defineComponent({ render: () => h(ElConfigProvider, { locale: zhCn }, () => h(RouterView)) })
  const wrapper = mount(app, { global: { ...global, plugins: [...global.plugins, router] }, attachTo: document.body })
  await settle()
  return { wrapper, router }
}

/** Lets promises, Vue updates and Element Plus' timers settle. */
export async function settle(ms = 0): Promise<void> {
  if (ms) await new Promise((r) => setTimeout(r, ms))
  for (let i = 0; i < 3; i++) {
    await flushPromises()
    await new Promise((r) => setTimeout(r, 0))
  }
}

export function $(selector: string): HTMLElement {
  const el = document.body.querySelector<HTMLElement>(selector)
  if (!el) throw new Error(`no element matches ${selector}`)
  return el
}

/** Types into an input or textarea (or the one inside el) and leaves it, as a user does. */
export async function type(el: HTMLElement, value: string): Promise<void> {
  const input = el.matches('input, textarea') ? (el as HTMLInputElement) : el.querySelector<HTMLInputElement>('input, textarea')!
  input.value = value
  input.dispatchEvent(new Event('input', { bubbles: true }))
  input.dispatchEvent(new Event('change', { bubbles: true }))
  input.dispatchEvent(new FocusEvent('blur'))
  await settle()
}

/** Picks an option of an el-select by its text. */
export async function choose(select: HTMLElement, option: string): Promise<void> {
  ;(select.querySelector<HTMLElement>('.el-select__wrapper') ?? select).click()
  await settle()
  const item = [...document.querySelectorAll<HTMLElement>('.el-select-dropdown__item')].find((e) => e.textContent?.trim() === option)
  if (!item) throw new Error(`no option ${option}`)
  item.click()
  await settle()
}

/** The text of each body cell of a table, row by row. */
export function tableCells(table: HTMLElement): string[][] {
  return [...table.querySelectorAll('.el-table__body tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? ''))
}

/** Element Plus shows a form item's error state after a 100 ms debounce. */
export async function showErrors(): Promise<void> {
  await settle()
  await settle(150)
}
