import { beforeEach, describe, expect, it, vi } from 'vitest'
import ListingsView from './ListingsView.vue'
import { $, mountPage, sampleUser, settle, tableCells, type } from '@/test/helpers'
import type { Listing } from '@/api/hazards'

const { listingBoard, getListing, actOnListing, createListing } = vi.hoisted(() => ({
  listingBoard: vi.fn(),
  getListing: vi.fn(),
  actOnListing: vi.fn(),
  createListing: vi.fn(),
}))
vi.mock('@/api/hazards', () => ({ listingBoard, getListing, actOnListing, createListing }))

const actor = { id: 'lead', name: '县领导' }
function listing(over: Partial<Listing>): Listing {
  return {
    id: '610921-GP-2026-001',
    level: 'county',
    listerRegion: '610921',
    title: '月河村宅基地纠纷挂牌督办',
    requirements: '3月底前化解到位',
    target: 'hazard',
    townshipCode: '610921102',
    countyCode: '610921',
    hazardId: '610921102-YH-2026-0001',
    hazardTitle: '月河村宅基地纠纷激化',
    deadline: '2026-03-31T23:59:59+08:00',
    reportEveryDays: 15,
    status: 'listed',
    version: 1,
    listedAt: '2026-03-02T09:00:00+08:00',
    listedBy: actor,
    timeline: [{ at: '2026-03-02T09:00:00+08:00', recordedAt: '2026-03-02T09:00:00+08:00', actor, action: 'list', to: 'listed' }],
    createdAt: '2026-03-02T09:00:00+08:00',
    updatedAt: '2026-03-02T09:00:00+08:00',
    overdue: false,
    progressDueAt: '2026-03-17T09:00:00+08:00',
    townshipName: '双乳镇',
    allowedActions: ['progress'],
    ...over,
  }
}

beforeEach(() => {
  listingBoard.mockReset().mockResolvedValue({
    items: [listing({ id: 'late', title: '超期事项', overdue: true }), listing({ id: 'ok', title: '按期事项', level: 'provincial', target: 'township', hazardId: undefined })],
    total: 2,
    levels: [
      { level: 'provincial', listed: 1, overdue: 0, delisted: 0 },
      { level: 'municipal', listed: 0, overdue: 0, delisted: 2 },
      { level: 'county', listed: 1, overdue: 1, delisted: 0 },
    ],
  })
  actOnListing.mockReset()
})

describe('listed supervision board', () => {
  it('shows the items in the server order with the counts per level, overdue marked', async () => {
    await mountPage(ListingsView, '/listings')
    const rows = tableCells($('[data-testid="listings-table"]'))
    expect(rows.map((r) => r[1])).toEqual(['超期事项', '按期事项'])
    expect(document.querySelector('[data-overdue="true"]')?.textContent).toBe('2026-03-31')
    expect($('[data-level="county"]').textContent).toContain('超期 1')
    expect(document.querySelector('[data-testid="new-listing"]')).toBeNull() // a township mediator does not list
  })

  it('lets the listed township report progress', async () => {
    actOnListing.mockResolvedValue(listing({ id: 'late', version: 2 }))
    await mountPage(ListingsView, '/listings')
    $('[data-action="progress"][data-listing="late"]').click()
    await settle()
    await type($('[data-field="note"]'), '已召开协调会')
    $('[data-testid="step-submit"]').click()
    await settle()
    expect(actOnListing).toHaveBeenCalledWith('late', { action: 'progress', version: 1, note: '已召开协调会' })
    expect(listingBoard).toHaveBeenCalledTimes(2)
  })

  it('offers the county leader a new listing', async () => {
    await mountPage(ListingsView, '/listings', { user: { ...sampleUser, role: 'leader', regionCode: '610921' } })
    expect(document.querySelector('[data-testid="new-listing"]')).not.toBeNull()
  })
})
