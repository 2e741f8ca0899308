import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Router } from 'vue-router'
import CaseFormView from './CaseFormView.vue'
import { ApiError } from '@/api/client'
import { $, choose as chooseOption, mountPage, settle, showErrors, type } from '@/test/helpers'

const { createCase } = vi.hoisted(() => ({ createCase: vi.fn() }))
vi.mock('@/api/cases', () => ({ createCase }))

let router: Router

async function open() {
  ;({ router } = await mountPage(CaseFormView, '/disputes/new', {
    props: { kind: 'dispute' },
    regions: [
      { code: '6109', name: '安康市', level: 'city', parentCode: '' },
      { code: '610921', name: '汉阴县', level: 'county', parentCode: '6109' },
      { code: '610921102', name: '蒲溪镇', level: 'township', parentCode: '610921' },
    ],
  }))
}

const choose = (testid: string, option: string) => chooseOption($(`[data-testid="${testid}"]`), option)

async function fillValidForm() {
  await type($('[data-testid="f-title"]'), '宅基地边界纠纷')
  await choose('f-category', '房屋宅基地')
  await choose('f-source', '当事人申请')
  await type($('[data-testid="f-party-0-name"]'), '张三')
  await type($('[data-testid="f-party-1-name"]'), '李四')
  await type($('[data-testid="f-party-1-phone"]'), '13812345678')
}

beforeEach(() => {
  createCase.mockReset()
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
