import { beforeEach, describe, expect, it, vi } from 'vitest'
import HazardDetailView from './HazardDetailView.vue'
import { $, mountPage, sampleUser, settle, showErrors, type } from '@/test/helpers'
import { ApiError } from '@/api/client'
import type { Hazard } from '@/api/hazards'

const { getHazard, actOnHazard, createListing } = vi.hoisted(() => ({ getHazard: vi.fn(), actOnHazard: vi.fn(), createListing: vi.fn() }))
vi.mock('@/api/hazards', () => ({ getHazard, actOnHazard, createListing }))

const actor = { id: 'med1', name: '王调解' }
const hazard: Hazard = {
  id: '610921102-YH-2026-0001',
  type: 'dispute_escalation',
  title: '月河村宅基地纠纷激化',
  description: '两户因宅基地边界多次争吵',
  townshipCode: '610921102',
  countyCode: '610921',
  place: '月河村三组',
  level: 'red',
  peopleCount: 6,
  people: '王某、李某',
  foundBy: '网格员',
  foundAt: '2026-03-01T23:59:59+08:00',
  status: 'assessed',
  version: 2,
  assessment: '有激化风险',
  reopenCount: 0,
  createdAt: '2026-03-02T09:00:00+08:00',
  updatedAt: '2026-03-02T09:00:00+08:00',
  timeline: [
    { at: '2026-03-01T23:59:59+08:00', recordedAt: '2026-03-02T09:00:00+08:00', actor, action: 'register', to: 'registered', level: 'orange' },
    { at: '2026-03-02T09:10:00+08:00', recordedAt: '2026-03-02T09:10:00+08:00', actor, action: 'assess', from: 'registered', to: 'assessed', level: 'red', note: '有激化风险' },
  ],
  warning: '',
  overdue: false,
  allowedActions: ['assess', 'rectify'],
  listings: [],
}

beforeEach(() => {
  getHazard.mockReset().mockResolvedValue(hazard)
  actOnHazard.mockReset()
  createListing.mockReset()
})

const page = (user = sampleUser) => mountPage(HazardDetailView, `/hazards/${hazard.id}`, { path: '/hazards/:id', name: 'hazard', props: { id: hazard.id }, user })

describe('hazard page', () => {
  it('offers the steps the server allows and shows the timeline', async () => {
    await page()
    expect([...document.querySelectorAll('[data-action]')].map((b) => b.getAttribute('data-action'))).toEqual(['assess', 'rectify'])
    expect([...document.querySelectorAll('[data-step]')].map((s) => s.getAttribute('data-step'))).toEqual(['register', 'assess'])
    expect($('[data-testid="hazard-status"]').textContent).toBe('已研判')
    expect(document.querySelector('[data-testid="list-hazard"]')).toBeNull() // a township mediator does not list
  })

  it('sends 落实整治 with the version read, and keeps what was typed when the server refuses a field', async () => {
    actOnHazard.mockRejectedValueOnce(new ApiError(422, 'validation_failed', '请求参数校验失败', [{ field: 'deadline', message: '整改期限应晚于发生时间' }]))
    await page()
    $('[data-action="rectify"]').click()
    await settle()
    await type($('[data-field="responsibleUnit"]'), '月河村委会')
    await type($('[data-field="responsiblePerson"]'), '陈大华')
    await type($('[data-field="deadline"]'), '2026-03-20')
    $('[data-testid="step-submit"]').click()
    await settle()
    await showErrors()
    expect(actOnHazard).toHaveBeenCalledWith(hazard.id, {
      action: 'rectify',
      version: 2,
      responsibleUnit: '月河村委会',
      responsiblePerson: '陈大华',
      deadline: '2026-03-20',
    })
    expect(document.body.textContent).toContain('整改期限应晚于发生时间')
    expect(($('[data-field="responsibleUnit"] input') as HTMLInputElement).value).toBe('月河村委会')
  })

  it('lets a county leader list the hazard for supervision', async () => {
    await page({ ...sampleUser, role: 'leader', regionCode: '610921' })
    expect(document.querySelector('[data-testid="list-hazard"]')).not.toBeNull()
  })
})
