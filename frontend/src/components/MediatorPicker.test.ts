import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import MediatorPicker from './MediatorPicker.vue'
import { $, mountComponent, settle } from '@/test/helpers'

const { getCommittee } = vi.hoisted(() => ({ getCommittee: vi.fn() }))
vi.mock('@/api/committees', () => ({ getCommittee }))

const roster = (names: string[]) => ({
  id: '610921102',
  name: '蒲溪镇人民调解委员会',
  kind: 'township',
  regionCode: '610921102',
  active: true,
  version: 1,
  derived: false,
  mediators: [...names.map((name) => ({ name, type: 'full_time', active: true })), { name: '周立', type: 'part_time', active: false }],
})

// the picker inside a form, as the 开始调解 dialog holds it; `value` is what the form would send
const value = ref<string[]>([])
function mountPicker(committee = '610921102') {
  value.value = []
  const Host = defineComponent({
    setup: () => () => h(MediatorPicker, { modelValue: value.value, committee, 'onUpdate:modelValue': (v: string[]) => (value.value = v) }),
  })
  return mountComponent(Host)
}

const input = () => $('[data-testid="mediator-picker"] input') as HTMLInputElement

/** Types into the picker's search box as a user does, key by key, without pressing Enter. */
async function typeName(text: string) {
  input().focus()
  input().dispatchEvent(new FocusEvent('focus'))
  input().value = text
  input().dispatchEvent(new Event('input', { bubbles: true }))
  await settle()
}

/** Leaves the picker, as clicking 确定 does. */
async function leave() {
  input().dispatchEvent(new FocusEvent('blur'))
  input().dispatchEvent(new FocusEvent('focusout', { bubbles: true }))
  await settle()
}

beforeEach(() => {
  getCommittee.mockReset()
  document.body.innerHTML = ''
})

describe('MediatorPicker', () => {
  it('offers the active mediators of the holding committee, with their kind', async () => {
    getCommittee.mockResolvedValue(roster(['张敏', '陈大华']))
    mountPicker()
    await settle()
    expect(getCommittee).toHaveBeenCalledWith('610921102')
    ;($('[data-testid="mediator-picker"] .el-select__wrapper') as HTMLElement).click()
    await settle()
    const items = [...document.querySelectorAll('.el-select-dropdown__item')].map((e) => e.textContent)
    expect(items).toEqual(['张敏专职', '陈大华专职'])
    expect($('[data-testid="mediator-picker"] .hint').textContent).toContain('在册 2 名')
  })

  it('keeps a name typed without Enter when the field is left, and marks it invited', async () => {
    getCommittee.mockResolvedValue(roster(['张敏']))
    mountPicker()
    await settle()
    await typeName('刘律师')
    expect(value.value).toEqual(['刘律师']) // in the value while typed: a click on 确定 sends it whatever happens first
    await leave()
    expect(value.value).toEqual(['刘律师'])
    expect($('[data-testid="mediator-picker"] .el-tag').textContent).toContain('刘律师')
    expect($('[data-testid="invited-mediators"]').textContent).toContain('特邀调解员：刘律师')
  })

  it('does not glue a later name to what was typed before', async () => {
    getCommittee.mockResolvedValue(roster([]))
    mountPicker()
    await settle()
    await typeName('王调解')
    await leave()
    await typeName('李调解')
    await leave()
    expect(value.value).toEqual(['王调解', '李调解'])
    expect(input().value).toBe('')
  })

  it('opens no empty 无数据 list when the committee keeps no roster', async () => {
    getCommittee.mockResolvedValue(roster([]))
    mountPicker()
    await settle()
    ;($('[data-testid="mediator-picker"] .el-select__wrapper') as HTMLElement).click()
    await settle()
    await settle(300)
    // an open popper is not aria-hidden; Element Plus would show its empty text (无数据 / No data) in it
    const open = [...document.querySelectorAll<HTMLElement>('.el-popper')].filter((p) => p.getAttribute('aria-hidden') !== 'true' && p.style.display !== 'none')
    expect(open.filter((p) => p.querySelector('.el-select-dropdown__empty'))).toEqual([])
    expect($('[data-testid="mediator-picker"] .hint').textContent).toContain('尚未录入调解员名册')
    expect(document.querySelector('[data-testid="invited-mediators"]')).toBeNull() // no roster: nobody is marked
  })

  it('does not add a name twice', async () => {
    getCommittee.mockResolvedValue(roster(['张敏']))
    mountPicker()
    await settle()
    await typeName('张敏')
    await leave()
    await typeName('张敏')
    await leave()
    expect(value.value).toEqual(['张敏'])
  })
})
