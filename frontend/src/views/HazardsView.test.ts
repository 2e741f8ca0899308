import { beforeEach, describe, expect, it, vi } from 'vitest'
import HazardsView from './HazardsView.vue'
import { mountPage, settle } from '@/test/helpers'

const { listHazards, createHazard } = vi.hoisted(() => ({ listHazards: vi.fn(), createHazard: vi.fn() }))
vi.mock('@/api/hazards', () => ({ listHazards, createHazard, hazardSummary: vi.fn().mockResolvedValue({ rows: [] }) }))

beforeEach(() => {
  listHazards.mockReset().mockResolvedValue({ items: [], total: 0, page: 1, pageSize: 20 })
  createHazard.mockReset()
})

describe('hazard ledger page', () => {
  it('opens the register form from a 排查 round with what the round recorded', async () => {
    const q = new URLSearchParams({ roundId: '610921102-PC2026-0001', township: '610921102', foundAt: '2026-03-08', description: '河堤一处护栏缺失' })
    await mountPage(HazardsView, `/hazards?${q}`, { routes: [{ path: '/hazards/:id', name: 'hazard', component: { template: '<div />' } }] })
    await settle()
    expect((document.querySelector('textarea[data-testid="h-description"], [data-testid="h-description"] textarea') as HTMLTextAreaElement).value).toBe('河堤一处护栏缺失')
    expect((document.querySelector('input[data-testid="h-title"], [data-testid="h-title"] input') as HTMLInputElement).value).toBe('河堤一处护栏缺失')
  })

  it('opens no form without a round', async () => {
    await mountPage(HazardsView, '/hazards', { routes: [{ path: '/hazards/:id', name: 'hazard', component: { template: '<div />' } }] })
    await settle()
    expect(document.querySelector('[data-testid="h-description"]')).toBeNull()
  })
})
