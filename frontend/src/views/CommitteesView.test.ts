import { beforeEach, describe, expect, it, vi } from 'vitest'
import CommitteesView from './CommitteesView.vue'
import { $, mountPage, sampleUser, settle, tableCells, type } from '@/test/helpers'
import type { Committee } from '@/api/committees'

const { listCommittees, createCommittee, saveCommittee } = vi.hoisted(() => ({ listCommittees: vi.fn(), createCommittee: vi.fn(), saveCommittee: vi.fn() }))
vi.mock('@/api/committees', () => ({ listCommittees, createCommittee, saveCommittee }))

const county: Committee = { id: '610921', name: '汉阴县人民调解委员会', kind: 'county', regionCode: '610921', mediators: [], active: true, version: 0, derived: true }
const township: Committee = {
  id: '610921102',
  name: '双乳镇人民调解委员会',
  kind: 'township',
  regionCode: '610921102',
  mediators: [
    { name: '张敏', type: 'full_time', active: true },
    { name: '周立', type: 'part_time', active: false },
  ],
  active: true,
  version: 2,
  derived: false,
}

beforeEach(() => {
  listCommittees.mockReset().mockResolvedValue({ items: [county, township], total: 2 })
  createCommittee.mockReset()
  saveCommittee.mockReset()
})

describe('committees page', () => {
  it('shows a township mediator the committees with their active mediators, read only', async () => {
    await mountPage(CommitteesView, '/admin/committees')
    const rows = tableCells($('[data-testid="committees-table"]'))
    expect(rows.map((r) => r[0])).toEqual(['汉阴县人民调解委员会 区划自带', '双乳镇人民调解委员会'])
    expect($('[data-committee="610921102"]').textContent).toBe('张敏') // 周立 is off the roster
    expect(document.querySelector('[data-testid="new-committee"]')).toBeNull()
    expect(document.querySelector('[data-edit]')).toBeNull()
  })

  it('lets a county mediator edit a roster, sending the version read', async () => {
    saveCommittee.mockResolvedValue({ ...township, version: 3 })
    await mountPage(CommitteesView, '/admin/committees', { user: { ...sampleUser, regionCode: '610921' } })
    expect(document.querySelector('[data-testid="new-committee"]')).not.toBeNull()
    ;($('[data-edit="610921102"]') as HTMLElement).click()
    await settle()
    $('[data-testid="add-mediator"]').click()
    await settle()
    await type($('[data-testid="c-mediators"] [data-row="2"] [data-part="name"]'), '陈大华')
    $('[data-testid="committee-save"]').click()
    await settle()
    expect(saveCommittee).toHaveBeenCalledWith('610921102', {
      name: '双乳镇人民调解委员会',
      kind: 'township',
      regionCode: '610921102',
      active: true,
      version: 2,
      mediators: [
        { name: '张敏', type: 'full_time', active: true },
        { name: '周立', type: 'part_time', active: false },
        { name: '陈大华', type: 'part_time', active: true },
      ],
    })
  })
})
