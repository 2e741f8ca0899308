import { beforeEach, describe, expect, it, vi } from 'vitest'
import HazardsView from './HazardsView.vue'
import { $, mockFetch, mountPage, settle, type } from '@/test/helpers'

const { listHazards, createHazard } = vi.hoisted(() => ({ listHazards: vi.fn(), createHazard: vi.fn() }))
vi.mock('@/api/hazards', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/api/hazards')>()), // exportHazards is the real one, over a fake fetch
  listHazards,
  createHazard,
  hazardSummary: vi.fn().mockResolvedValue({ rows: [] }),
}))

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

describe('hazard ledger export', () => {
  it('downloads the ledger with the filters on the page, every page, and names the file as the server does', async () => {
    const name = '双乳镇风险隐患排查整治台账20260320.xlsx'
    const { calls } = mockFetch(
      () =>
        new Response(new Blob(['xlsx']), {
          status: 200,
          headers: { 'Content-Disposition': `attachment; filename="pingan-export.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}` },
        }),
    )
    Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:x'), revokeObjectURL: vi.fn() }) // jsdom has no blob URLs
    await mountPage(HazardsView, '/hazards', { routes: [{ path: '/hazards/:id', name: 'hazard', component: { template: '<div />' } }] })
    await settle()
    await type($('[data-testid="hz-q"] input, input[data-testid="hz-q"]'), '宅基地')
    ;($('[data-testid="hz-overdue"] input, [data-testid="hz-overdue"]') as HTMLElement).click()
    await settle()
    $('[data-testid="export-xlsx"]').click()
    await settle()
    expect(calls).toHaveLength(1)
    const url = new URL(calls[0]!.url, 'http://x')
    expect(url.pathname).toBe('/api/v1/hazards')
    expect(Object.fromEntries(url.searchParams)).toEqual({ q: '宅基地', overdue: 'true', format: 'xlsx' })
    expect(document.body.textContent).toContain(`已导出 ${name}`)
  })
})
