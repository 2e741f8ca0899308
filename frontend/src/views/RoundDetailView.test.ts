import { beforeEach, describe, expect, it, vi } from 'vitest'
import RoundDetailView from './RoundDetailView.vue'
import { $, mountPage, sampleUser, settle, type } from '@/test/helpers'
import { ApiError } from '@/api/client'

const api = vi.hoisted(() => ({
  getRound: vi.fn(),
  listPlaces: vi.fn(),
  correctRound: vi.fn(),
}))
vi.mock('@/api/screening', () => api)

const ID = '610921102-PC2026-0001'
const round = (over: Record<string, unknown> = {}) => ({
  id: ID, townshipCode: '610921102', countyCode: '610921', townshipName: '双乳镇', level: 'village', village: '月河村', date: '2026-03-08',
  participants: ['王书记', '李调解'], places: ['月河村', '旧村'], zeroReport: false, caseIds: ['610921102-2026-000007'], hazards: ['河堤一处护栏缺失'],
  hazardIds: [], prevented: 1, preventedNote: '劝解一起邻里口角', note: '', recordedAt: '2026-03-08T09:00:00+08:00', recordedBy: { id: 'm', name: '张敏' },
  version: 1, corrections: [], cases: [{ id: '610921102-2026-000007', caseNo: '610921102-2026-000007', title: '两户土地边界纠纷', status: 'registered' }],
  ...over,
})
const at = '/screening/rounds/' + ID
const opts = { path: '/screening/rounds/:id', name: 'screening-round', props: true as unknown as Record<string, unknown>, routes: [{ path: '/screening', name: 'screening', component: { template: '<div />' } }] }

beforeEach(() => {
  api.getRound.mockReset().mockResolvedValue(round())
  api.listPlaces.mockReset().mockResolvedValue({ items: [{ township: '610921102', places: [{ name: '月河村', kind: 'village' }, { name: '双乳社区', kind: 'community' }], version: 1 }], total: 1 })
  api.correctRound.mockReset()
})

async function openDialog() {
  $('[data-testid="correct-round"]').click()
  await settle()
}

describe('round page', () => {
  it('opens the correction prefilled with the round and sends the whole content with the version and the reason', async () => {
    api.correctRound.mockResolvedValue(round({ version: 2, participants: ['王书记', '李调解', '张会计'], corrections: [
      { version: 2, at: '2026-03-10T10:00:00+08:00', by: { id: 'm', name: '张敏' }, reason: '漏填参加人员', late: false,
        changes: [{ field: 'participants', from: '王书记、李调解', to: '王书记、李调解、张会计' }] },
    ] }))
    await mountPage(RoundDetailView, at, opts)
    expect($('[data-testid="round-history"]').textContent).toContain('暂无更正')
    await openDialog()
    expect(($('[data-testid="round-participants"]') as HTMLInputElement).value).toBe('王书记、李调解')
    expect(($('[data-testid="round-hazards"]') as HTMLTextAreaElement).value).toBe('河堤一处护栏缺失')
    expect(document.querySelector('[data-testid="add-dispute"]')).toBeNull() // the disputes are cases: not in this form
    await type($('[data-testid="round-participants"]'), '王书记、李调解、张会计')
    $('[data-testid="save-correction"]').click()
    await settle()
    expect(api.correctRound).not.toHaveBeenCalled() // no reason yet
    expect($('[data-testid="correct-error"]').textContent).toContain('更正原因')
    await type($('[data-testid="correct-reason"]'), '漏填参加人员')
    $('[data-testid="save-correction"]').click()
    await settle()
    expect(api.correctRound).toHaveBeenCalledWith(ID, {
      version: 1, reason: '漏填参加人员', date: '2026-03-08', participants: ['王书记', '李调解', '张会计'], places: ['月河村', '旧村'],
      zeroReport: false, hazards: ['河堤一处护栏缺失'], prevented: 1, preventedNote: '劝解一起邻里口角', note: '',
    })
    const hist = $('[data-testid="round-history"]').textContent ?? ''
    expect(hist).toContain('漏填参加人员')
    expect(hist).toContain('参加人员：王书记、李调解 → 王书记、李调解、张会计')
    expect(document.querySelector('[data-testid="late-correction"]')).toBeNull()
    expect($('[data-testid="round-participants-value"]').textContent).toBe('王书记、李调解、张会计')
    expect($('[data-testid="round"] [data-testid="round-corrected"]').textContent?.trim()).toBe('已更正')
  })

  it('marks a late correction 逾期更正 and shows the newest first', async () => {
    const by = { id: 'c', name: '县调解员' }
    api.getRound.mockResolvedValue(round({ version: 3, date: '2026-02-27', corrections: [
      { version: 2, at: '2026-03-10T10:00:00+08:00', by, reason: '第一次', late: false, changes: [{ field: 'note', from: '', to: '补充' }] },
      { version: 3, at: '2026-03-12T10:00:00+08:00', by, reason: '日期填错', late: true, changes: [{ field: 'date', from: '2026-03-08', to: '2026-02-27' }] },
    ] }))
    await mountPage(RoundDetailView, at, opts)
    const items = [...$('[data-testid="round-history"]').querySelectorAll('.correction')].map((e) => e.getAttribute('data-testid'))
    expect(items).toEqual(['correction-3', 'correction-2'])
    expect($('[data-testid="correction-3"] [data-testid="late-correction"]').textContent?.trim()).toBe('逾期更正')
    expect($('[data-testid="correction-3"]').textContent).toContain('排查日期：2026-03-08 → 2026-02-27')
    expect($('[data-testid="correction-2"]').textContent).toContain('备注：（空） → 补充')
  })

  it('keeps what was typed and reloads the round when someone corrected it meanwhile', async () => {
    api.correctRound.mockRejectedValueOnce(new ApiError(409, 'version_conflict', '该排查记录已被他人更正，请刷新后重试', [], [], 'round_changed'))
    await mountPage(RoundDetailView, at, opts)
    await openDialog()
    await type($('[data-testid="correct-reason"]'), '备注补充')
    await type($('[data-testid="round-note"]'), '已报综治中心')
    api.getRound.mockResolvedValue(round({ version: 2 }))
    $('[data-testid="save-correction"]').click()
    await settle()
    expect($('[data-testid="correct-error"]').textContent).toContain('已刷新')
    expect(($('[data-testid="round-note"]') as HTMLTextAreaElement).value).toBe('已报综治中心')
    api.correctRound.mockResolvedValue(round({ version: 3 }))
    $('[data-testid="save-correction"]').click()
    await settle()
    expect(api.correctRound).toHaveBeenLastCalledWith(ID, expect.objectContaining({ version: 2, note: '已报综治中心', reason: '备注补充' }))
  })

  it('names the refused field', async () => {
    api.correctRound.mockRejectedValue(new ApiError(422, 'validation_failed', '请求参数校验失败', [{ field: 'date', message: '排查日期不能晚于今天，也不能早于90天前' }], [], 'round_date_out_of_range'))
    await mountPage(RoundDetailView, at, opts)
    await openDialog()
    await type($('[data-testid="correct-reason"]'), '日期填错')
    $('[data-testid="save-correction"]').click()
    await settle()
    expect($('[data-testid="correct-error"]').textContent).toContain('排查日期不能晚于今天')
  })

  it('offers no correction to a leader', async () => {
    await mountPage(RoundDetailView, at, { ...opts, user: { ...sampleUser, role: 'leader' } })
    expect(document.querySelector('[data-testid="correct-round"]')).toBeNull()
    expect($('[data-testid="round"]').textContent).toContain('月河村')
  })
})
