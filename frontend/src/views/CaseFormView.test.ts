import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createMemoryHistory, createRouter, RouterView, type Router } from 'vue-router'
import { defineComponent, h } from 'vue'
import CaseFormView from './CaseFormView.vue'
import { ApiError } from '@/api/client'
import { $, globalOptions, settle, showErrors, type } from '@/test/mount'
import { sampleUser } from '@/test/helpers'
import { setSession } from '@/stores/session'
import { RegionIndex, regions } from '@/stores/regions'

const { createCase } = vi.hoisted(() => ({ createCase: vi.fn() }))
vi.mock('@/api/cases', () => ({ createCase }))

let router: Router
let wrapper: VueWrapper | null = null

async function open() {
  router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/disputes/new', component: CaseFormView, props: { kind: 'dispute' } },
      { path: '/disputes', component: { render: () => h('div') } },
      { path: '/cases/:id', name: 'case', component: { render: () => h('div', 'case page') } },
    ],
  })
  await router.push('/disputes/new')
  wrapper = mount(defineComponent({ render: () => h(RouterView) }), {
    global: { ...globalOptions, plugins: [...globalOptions.plugins, router] },
    attachTo: document.body,
  })
  await settle()
}

async function choose(testid: string, option: string) {
  $(`[data-testid="${testid}"] .el-select__wrapper`).click()
  await settle()
  const item = [...document.querySelectorAll<HTMLElement>('.el-select-dropdown__item')].find((e) => e.textContent?.trim() === option)
  if (!item) throw new Error(`no option ${option}`)
  item.click()
  await settle()
}

async function fillValidForm() {
  await type($('[data-testid="f-title"]'), '宅基地边界纠纷')
  await choose('f-category', '房屋宅基地')
  await choose('f-source', '当事人申请')
  await type($('[data-testid="f-party-0-name"]'), '张三')
  await type($('[data-testid="f-party-1-name"]'), '李四')
  await type($('[data-testid="f-party-1-phone"]'), '13812345678')
}

beforeEach(() => {
  setSession({ token: 't', expiresAt: '', user: sampleUser })
  regions.value = new RegionIndex([
    { code: '6109', name: '安康市', level: 'city', parentCode: '' },
    { code: '610921', name: '汉阴县', level: 'county', parentCode: '6109' },
    { code: '610921102', name: '蒲溪镇', level: 'township', parentCode: '610921' },
  ])
  createCase.mockReset()
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
})

describe('registration form', () => {
  it('sends the case for the only township of a township mediator and opens it', async () => {
    createCase.mockResolvedValue({ id: '610921102-2026-000007', caseNo: '610921102-2026-000007' })
    await open()
    await fillValidForm()
    $('[data-testid="submit-case"]').click()
    await settle()
    expect(createCase).toHaveBeenCalledWith({
      kind: 'dispute',
      title: '宅基地边界纠纷',
      summary: '',
      category: 'housing_homestead',
      townshipCode: '610921102',
      riskLevel: 'blue',
      parties: [
        { name: '张三', role: 'applicant' },
        { name: '李四', role: 'respondent', phone: '13812345678' },
      ],
      dispute: { source: 'application' },
    })
    expect(router.currentRoute.value.fullPath).toBe('/cases/610921102-2026-000007')
  })

  it('shows the server messages at the party fields and keeps what was typed', async () => {
    createCase.mockRejectedValue(
      new ApiError(422, 'validation_failed', '请求参数校验失败', [
        { field: 'parties[1].phone', message: '联系电话格式不正确，应为7至20位数字' },
        { field: 'title', message: '标题已存在相同案件' },
      ]),
    )
    await open()
    await fillValidForm()
    $('[data-testid="submit-case"]').click()
    await showErrors()
    const error = (sel: string) => $(sel).closest('.el-form-item')!.querySelector('.el-form-item__error')?.textContent
    expect(error('[data-testid="f-party-1-phone"]')).toContain('联系电话格式不正确')
    expect(error('[data-testid="f-title"]')).toContain('标题已存在相同案件')
    expect(error('[data-testid="f-party-0-name"]')).toBeUndefined()
    expect(($('[data-testid="f-party-1-phone"]') as HTMLInputElement).value).toBe('13812345678')
    expect(($('[data-testid="f-title"]') as HTMLInputElement).value).toBe('宅基地边界纠纷')
    expect(router.currentRoute.value.fullPath).toBe('/disputes/new')
  })

  it('checks required fields before sending', async () => {
    await open()
    $('[data-testid="submit-case"]').click()
    await showErrors()
    expect(createCase).not.toHaveBeenCalled()
    expect(document.body.textContent).toContain('请填写标题')
    expect(document.body.textContent).toContain('请选择类别')
  })
})
