import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Router } from 'vue-router'
import CaseFormView from './CaseFormView.vue'
import { ApiError } from '@/api/client'
import { $, choose as chooseOption, mountPage, sampleUser, settle, showErrors, type } from '@/test/helpers'

const { createCase, batchReport, listCommittees } = vi.hoisted(() => ({ createCase: vi.fn(), batchReport: vi.fn(), listCommittees: vi.fn() }))
vi.mock('@/api/cases', () => ({ createCase }))
vi.mock('@/api/reports', () => ({ batchReport }))
vi.mock('@/api/committees', () => ({ listCommittees }))

const committee = (id: string, name: string, kind: string, regionCode: string, active = true) => ({ id, name, kind, regionCode, active, mediators: [], version: 1 })

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
  batchReport.mockReset()
  batchReport.mockResolvedValue({ rows: [] })
  listCommittees.mockReset().mockResolvedValue({
    items: [
      committee('610921102', '蒲溪镇人民调解委员会', 'township', '610921102'),
      committee('610921102-C01', '蒲溪镇月河村人民调解委员会', 'village', '610921102'),
      committee('610921-YTW', '汉阴县医疗纠纷人民调解委员会', 'professional', '610921'),
      committee('610921-OLD', '已停用调委会', 'professional', '610921', false),
    ],
    total: 4,
  })
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
      townshipCode: '610921102', // no risk level chosen: the server derives it
      parties: [
        { name: '张三', role: 'applicant' },
        { name: '李四', role: 'respondent', phone: '13812345678' },
      ],
      dispute: { source: 'application' },
    })
    expect(router.currentRoute.value.fullPath).toBe('/cases/610921102-2026-000007')
  })

  it('sends the committee chosen at intake, from those that take the township\'s disputes', async () => {
    createCase.mockResolvedValue({ id: '610921102-2026-000008', caseNo: '610921102-2026-000008' })
    await open()
    await fillValidForm()
    const picker = $('[data-testid="committee-select"]')
    picker.querySelector('input')!.dispatchEvent(new MouseEvent('click', { bubbles: true }))
    await settle()
    const offered = [...document.querySelectorAll('.el-select-dropdown__item')].map((o) => o.querySelector('span')?.textContent?.trim())
    expect(offered).toEqual(expect.arrayContaining(['蒲溪镇月河村人民调解委员会', '汉阴县医疗纠纷人民调解委员会']))
    expect(offered).not.toContain('已停用调委会')
    const item = [...document.querySelectorAll('.el-select-dropdown__item')].find((o) => o.querySelector('span')?.textContent?.trim() === '汉阴县医疗纠纷人民调解委员会')
    ;(item as HTMLElement).click()
    await settle()
    $('[data-testid="submit-case"]').click()
    await settle()
    expect(createCase.mock.calls[0][0].dispute).toEqual({ source: 'application', committee: '610921-YTW' })
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
    expect(document.body.textContent).toContain('请选择纠纷类型')
  })

  it('counts the people a dispute involves when more than its parties', async () => {
    createCase.mockResolvedValue({ id: 'X', caseNo: 'X' })
    await open()
    await fillValidForm()
    const people = $('[data-testid="f-people"] input') as HTMLInputElement
    expect(people.placeholder).toBe('默认 2 人（当事人数）')
    await type(people, '8')
    $('[data-testid="submit-case"]').click()
    await settle()
    expect(createCase.mock.calls[0]![0].peopleInvolved).toBe(8)
  })
})

describe('assigning a backlog case (交办)', () => {
  const regions = [
    { code: '6109', name: '安康市', level: 'city' as const, parentCode: '' },
    { code: '610921', name: '汉阴县', level: 'county' as const, parentCode: '6109' },
    { code: '610921102', name: '蒲溪镇', level: 'township' as const, parentCode: '610921' },
    { code: '610921104', name: '双乳镇', level: 'township' as const, parentCode: '610921' },
  ]
  const office = { ...sampleUser, id: 'p1', role: 'petition' as const, regionCode: '610921' }

  it('is the county petition office\'s: 信访事项类别, the 交办 and its material', async () => {
    createCase.mockResolvedValue({ id: '610921104-2026-000001', caseNo: '610921104-2026-000001' })
    batchReport.mockResolvedValue({ rows: [{ batch: '2026年第二批' }] })
    ;({ router } = await mountPage(CaseFormView, '/petitions/new', { props: { kind: 'petition' }, regions, user: office }))
    expect($('.case-form').textContent).toContain('信访事项类别')
    expect($('.case-form').textContent).toContain('交办材料')
    expect(document.body.querySelector('[data-testid="f-people"]')).toBeNull()
    await type($('[data-testid="f-title"]'), '征地补偿款分配信访')
    await choose('f-category', '自然资源（国土）')
    await choose('f-township', '双乳镇')
    await type($('[data-testid="f-batch"]'), '2026年第三批')
    await type($('[data-testid="f-material"]'), '县信访局交办函〔2026〕12号')
    await type($('[data-testid="f-party-0-name"]'), '赵六')
    $('[data-testid="submit-case"]').click()
    await settle()
    expect(createCase).toHaveBeenCalledWith(
      expect.objectContaining({
        kind: 'petition',
        category: 'natural_resources',
        townshipCode: '610921104',
        petition: { assignedBy: 'county', batch: '2026年第三批', material: '县信访局交办函〔2026〕12号' },
      }),
    )
  })

  it('lets township petition staff enter a case from the paper 交办单, saying the county reviews its clearance', async () => {
    const township = { ...office, regionCode: '610921104' }
    await mountPage(CaseFormView, '/petitions/new', { props: { kind: 'petition' }, regions, user: township })
    expect($('[data-testid="case-form"]')).toBeTruthy()
    expect($('[data-testid="records-for-county"]').textContent).toContain('县（区）信访部门审核销号')
    expect(document.body.querySelector('[data-testid="assign-refused"]')).toBeNull()
  })

  it('says so to the county office itself: it assigns as itself', async () => {
    await mountPage(CaseFormView, '/petitions/new', { props: { kind: 'petition' }, regions, user: office })
    expect(document.body.querySelector('[data-testid="records-for-county"]')).toBeNull()
  })

  it('is not offered to a mediator', async () => {
    const mediator = { ...office, role: 'mediator' as const, regionCode: '610921104' }
    await mountPage(CaseFormView, '/petitions/new', { props: { kind: 'petition' }, regions, user: mediator })
    expect($('[data-testid="assign-refused"]')).toBeTruthy()
    expect(batchReport).not.toHaveBeenCalled()
  })
})
