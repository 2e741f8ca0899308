import { beforeEach, describe, expect, it, vi } from 'vitest'
import AssessmentsView from './AssessmentsView.vue'
import { $, mountPage, sampleUser, settle, showErrors, tableCells, type } from '@/test/helpers'
import type { Assessment } from '@/api/assessments'

const api = vi.hoisted(() => ({
  listAssessments: vi.fn(),
  createAssessment: vi.fn(),
  saveAssessment: vi.fn(),
  actOnAssessment: vi.fn(),
  assessmentSummary: vi.fn(),
  getAssessment: vi.fn(),
}))
vi.mock('@/api/assessments', () => api)

const countyLeader = { ...sampleUser, id: 'lead', role: 'leader' as const, regionCode: '610921' }

const entry: Assessment = {
  id: '610921-2026-W001',
  project: '月河川道征地拆迁安置',
  kind: 'land_requisition',
  regionCode: '610921102',
  countyCode: '610921',
  decidingBody: '汉阴县人民政府',
  assessingBody: '汉阴县自然资源局',
  assessedOn: '2026-01-20',
  grade: 'medium',
  conclusion: 'implement_adjusted',
  reviewDays: 90,
  conditions: [
    { n: 1, text: '征收补偿方案公示满30日', met: true, metOn: '2026-02-25' },
    { n: 2, text: '设立矛盾纠纷调处小组', met: false },
  ],
  followUps: [{ action: 'follow_up', on: '2026-02-25', text: '方案已公示', met: [1], by: { id: 'lead', name: '王立德' }, recordedAt: '2026-02-25T10:00:00+08:00' }],
  followUp: 'open',
  nextReviewOn: '2026-05-26',
  version: 2,
  createdAt: '2026-01-20T10:00:00+08:00',
  createdBy: { id: 'lead', name: '王立德' },
  updatedAt: '2026-02-25T10:00:00+08:00',
  updatedBy: { id: 'lead', name: '王立德' },
  warning: 'overdue',
  allowedActions: ['follow_up', 'close'],
  editable: true,
}

beforeEach(() => {
  for (const f of Object.values(api)) f.mockReset()
  api.listAssessments.mockResolvedValue({ items: [entry], total: 1, page: 1, pageSize: 20 })
})

describe('稳评台账', () => {
  it('lists the register; a township mediator reads without a register button', async () => {
    await mountPage(AssessmentsView, '/assessments')
    const rows = tableCells($('[data-testid="assessment-table"]'))
    expect(rows[0]).toContain('月河川道征地拆迁安置')
    expect(rows[0]!.join(' ')).toContain('中风险')
    expect(document.querySelector('[data-testid="new-assessment"]')).toBeNull()
    expect(api.listAssessments).toHaveBeenCalledWith({ page: 1, pageSize: 20 })
  })

  it('refuses an incomplete form in Chinese without sending it, and keeps what was typed', async () => {
    await mountPage(AssessmentsView, '/assessments', { user: countyLeader })
    $('[data-testid="new-assessment"]').click()
    await settle()
    await type($('[data-testid="a-project"]'), '安康东站片区改造')
    $('[data-testid="assessment-save"]').click()
    await showErrors()
    const dialog = $('[data-testid="assessment-dialog"]')
    expect(dialog.textContent).toContain('请填写决策机关')
    expect(dialog.textContent).toContain('请选择风险等级')
    expect(api.createAssessment).not.toHaveBeenCalled()
    const project = $('[data-testid="a-project"]')
    expect((project.matches('input') ? (project as HTMLInputElement) : project.querySelector('input')!).value).toBe('安康东站片区改造')
  })

  it('offers only the conclusions the grade allows', async () => {
    await mountPage(AssessmentsView, '/assessments', { user: countyLeader })
    $('[data-testid="new-assessment"]').click()
    await settle()
    const high = [...document.querySelectorAll<HTMLElement>('[data-testid="a-grade"] label')].find((l) => l.textContent?.trim() === '高风险')!
    high.click()
    await settle()
    const offered = [...document.querySelectorAll('[data-testid="a-conclusion"] label')].map((l) => l.textContent?.trim())
    expect(offered).toEqual(['暂缓实施', '不实施'])
  })

  it('shows the conditions and records a follow-up with the version read', async () => {
    api.actOnAssessment.mockResolvedValue({ ...entry, version: 3 })
    await mountPage(AssessmentsView, '/assessments', { user: countyLeader })
    ;(document.querySelector('[data-testid="assessment-table"] .el-table__body tr') as HTMLElement).click()
    await settle()
    expect($('[data-testid="conditions"]').textContent).toContain('2026-02-25 落实')
    expect($('[data-testid="next-review"]').className).toContain('text-overdue')
    $('[data-testid="record-follow-up"]').click()
    await settle()
    await type($('[data-testid="fu-text"]'), '调处小组已成立')
    ;(document.querySelector('[data-testid="fu-met"] input') as HTMLInputElement).click()
    await settle()
    $('[data-testid="follow-save"]').click()
    await settle()
    expect(api.actOnAssessment).toHaveBeenCalledWith('610921-2026-W001', expect.objectContaining({ action: 'follow_up', version: 2, text: '调处小组已成立', met: [2] }))
  })

  it('opens the entry a to-do link names', async () => {
    api.getAssessment.mockResolvedValue(entry)
    await mountPage(AssessmentsView, '/assessments?open=610921-2026-W001', { user: countyLeader })
    expect(api.getAssessment).toHaveBeenCalledWith('610921-2026-W001')
    expect($('[data-testid="assessment-detail"]').textContent).toContain('设立矛盾纠纷调处小组')
  })
})
