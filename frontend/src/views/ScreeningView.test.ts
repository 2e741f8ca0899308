import { beforeEach, describe, expect, it, vi } from 'vitest'
import ScreeningView from './ScreeningView.vue'
import { $, choose, mountPage, sampleUser, settle, type } from '@/test/helpers'
import { ApiError } from '@/api/client'

const api = vi.hoisted(() => ({
  listRounds: vi.fn(),
  listPlaces: vi.fn(),
  screeningBoard: vi.fn(),
  createRound: vi.fn(),
  savePlaces: vi.fn(),
  getRound: vi.fn(),
  screeningSummary: vi.fn(),
}))
vi.mock('@/api/screening', () => api)

const board = { region: { code: '610921', name: '汉阴县', level: 'county' }, month: '2026-03', dueDays: 5, generatedAt: '', rows: [], counts: { units: 0, periods: 0, reported: 0, late: 0, missing: 0, due: 0, open: 0 } }

beforeEach(() => {
  api.listRounds.mockReset().mockResolvedValue({ items: [], total: 0, page: 1, pageSize: 20, figures: {} })
  api.listPlaces.mockReset().mockResolvedValue({ items: [{ township: '610921102', places: [{ name: '月河村', kind: 'village' }], version: 1 }], total: 1 })
  api.screeningBoard.mockReset().mockResolvedValue(board)
  api.createRound.mockReset()
  const figures = { rounds: 5, disputesFound: 2, prevented: 1, hazardsFound: 0, zeroReports: 3 }
  api.screeningSummary.mockReset().mockResolvedValue({
    region: board.region,
    generatedAt: '',
    rows: [{ code: '610921102', name: '双乳镇', townshipDue: 2, townshipHeld: 1, places: 1, villageDue: 4, villageHeld: 4, figures }],
    totals: { code: '610921', name: '合计', townshipDue: 2, townshipHeld: 1, places: 1, villageDue: 4, villageHeld: 4, figures },
  })
})

const roundRoute = { path: '/screening/rounds/:id', name: 'screening-round', component: { template: '<div />' } }

describe('screening page', () => {
  it('lists the registered hazards of a round and offers to register the others in the hazard ledger', async () => {
    const round = { id: '610921102-PC2026-0001', townshipCode: '610921102', townshipName: '双乳镇', village: '', date: '2026-03-08', participants: ['王书记'],
      places: [], zeroReport: false, caseIds: [], hazards: ['河堤一处护栏缺失'], hazardIds: ['610921102-YH-2026-0001'], prevented: 0 }
    api.listRounds.mockResolvedValue({ items: [round], total: 1, page: 1, pageSize: 20, figures: {} })
    await mountPage(ScreeningView, '/screening', { routes: [{ path: '/hazards/:id', name: 'hazard', component: { template: '<div />' } }, roundRoute] })
    const rounds = $('[data-testid="rounds"]')
    expect(rounds.querySelector('[data-testid="round-link"]')?.getAttribute('href')).toBe(`/screening/rounds/${round.id}`)
    expect(rounds.querySelector('[data-testid="round-corrected"]')).toBeNull() // never corrected
    expect(rounds.querySelector('a[href="/hazards/610921102-YH-2026-0001"]')).not.toBeNull()
    const link = rounds.querySelector('[data-testid="hazard-from-round"]') as HTMLAnchorElement
    const q = new URL(link.href, 'http://x').searchParams
    expect([q.get('roundId'), q.get('township'), q.get('foundAt'), q.get('description')]).toEqual([round.id, '610921102', '2026-03-08', '河堤一处护栏缺失'])
  })

  it('shows the rounds each township held against those due', async () => {
    await mountPage(ScreeningView, '/screening')
    const cells = [...$('[data-testid="summary"]').querySelectorAll('.el-table__body tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim()))
    expect(cells[0]).toEqual(['双乳镇', '1 / 2', '1', '4 / 4', '5', '2', '1', '3'])
    expect(api.screeningSummary).toHaveBeenCalledWith(expect.objectContaining({ from: expect.stringMatching(/^\d{4}-01-01$/) }))
  })

  it('sends a 零报告 without findings', async () => {
    api.createRound.mockResolvedValue({ caseIds: [] })
    await mountPage(ScreeningView, '/screening')
    $('[data-testid="new-round"]').click()
    await settle()
    $('[data-testid="round-zero"]').click()
    await settle()
    expect(document.querySelector('[data-testid="add-dispute"]')).toBeNull() // nothing found: no findings to fill in
    $('[data-testid="save-round"]').click()
    await settle()
    expect(api.createRound).toHaveBeenCalledWith(expect.objectContaining({ townshipCode: sampleUser.regionCode, zeroReport: true, disputes: [], hazards: [], prevented: 0 }))
  })

  it('says what each refused field is wrong with, not only that the request was invalid', async () => {
    api.createRound.mockRejectedValue(new ApiError(422, 'validation_failed', '请求参数校验失败', [{ field: 'date', message: '排查日期不能晚于今天，也不能早于90天前' }], [], 'validation_failed'))
    await mountPage(ScreeningView, '/screening')
    $('[data-testid="new-round"]').click()
    await settle()
    $('[data-testid="save-round"]').click()
    await settle()
    expect($('[data-testid="round-error"]').textContent).toContain('请求参数校验失败：排查日期不能晚于今天，也不能早于90天前')
  })

  it('sends a found dispute with its two parties, and keeps the form when the server refuses', async () => {
    api.createRound.mockRejectedValue(new ApiError(422, 'validation_failed', '村（社区）不在本乡镇的名单中', [], [], 'round_place_unknown'))
    await mountPage(ScreeningView, '/screening')
    $('[data-testid="new-round"]').click()
    await settle()
    $('[data-testid="add-dispute"]').click()
    await settle()
    await type($('[data-testid="dispute-title"]'), '两户排水沟纠纷')
    await type($('[data-testid="dispute-applicant"]'), '刘某')
    await type($('[data-testid="dispute-respondent"]'), '何某')
    $('[data-testid="save-round"]').click()
    await settle()
    const body = api.createRound.mock.calls[0]![0]
    expect(body.zeroReport).toBe(false)
    expect(body.disputes).toEqual([
      expect.objectContaining({ title: '两户排水沟纠纷', category: 'neighbor', parties: [expect.objectContaining({ name: '刘某', role: 'applicant' }), expect.objectContaining({ name: '何某', role: 'respondent' })] }),
    ])
    expect($('[data-testid="round-error"]').textContent).toContain('名单')
    expect(($('[data-testid="dispute-title"]') as HTMLInputElement).value).toBe('两户排水沟纠纷')
  })

  it('marks a corrected round 已更正 in the list', async () => {
    const round = { id: '610921102-PC2026-0002', townshipCode: '610921102', townshipName: '双乳镇', village: '月河村', date: '2026-03-09', participants: ['王书记'],
      places: [], zeroReport: true, caseIds: [], hazards: [], hazardIds: [], prevented: 0, version: 2,
      corrections: [{ version: 2, at: '2026-03-10T09:00:00+08:00', by: { id: 'm', name: '张敏' }, reason: '日期填错', late: false, changes: [] }] }
    api.listRounds.mockResolvedValue({ items: [round], total: 1, page: 1, pageSize: 20, figures: {} })
    await mountPage(ScreeningView, '/screening', { routes: [roundRoute] })
    expect($('[data-testid="rounds"] [data-testid="round-corrected"]').textContent?.trim()).toBe('已更正')
  })

  it('sends the hazards one per line and the note', async () => {
    api.createRound.mockResolvedValue({ caseIds: [] })
    await mountPage(ScreeningView, '/screening')
    $('[data-testid="new-round"]').click()
    await settle()
    await type($('[data-testid="round-hazards"]'), '河堤护栏缺失，长约十米\n村道边坡松动')
    await type($('[data-testid="round-note"]'), ' 已报镇综治中心 ')
    $('[data-testid="save-round"]').click()
    await settle()
    expect(api.createRound).toHaveBeenCalledWith(expect.objectContaining({ hazards: ['河堤护栏缺失，长约十米', '村道边坡松动'], note: '已报镇综治中心', zeroReport: false }))
  })
})

describe('screening page above a township', () => {
  const cityAdmin = { ...sampleUser, id: 'admin', username: 'admin', role: 'admin' as const, regionCode: '6109' }
  const regions = [
    { code: '6109', name: '安康市', level: 'city' as const, parentCode: '' },
    { code: '610921', name: '汉阴县', level: 'county' as const, parentCode: '6109' },
    { code: '610922', name: '石泉县', level: 'county' as const, parentCode: '6109' },
    { code: '610921102', name: '双乳镇', level: 'township' as const, parentCode: '610921' },
  ]
  const period = (status: string) => ({ period: '2026-03', periodName: '3月', status, dueDate: '2026-04-05' })
  const unit = (code: string, name: string, status: string) => ({ code, name, level: 'township', townshipCode: code, townshipName: name, periods: [period(status)] })

  it('narrows every tab to a county, and the board to the units that reported late or not at all', async () => {
    api.screeningBoard.mockResolvedValue({
      ...board,
      rows: [unit('610921102', '双乳镇', 'reported'), unit('610921103', '铁佛寺镇', 'late'), unit('610921104', '涧池镇', 'missing')],
    })
    await mountPage(ScreeningView, '/screening', { user: cityAdmin, regions })
    const units = () => [...$('[data-testid="board"]').querySelectorAll('.el-table__body tr')].map((tr) => tr.querySelector('td')?.textContent?.trim())
    expect(units()).toEqual(['双乳镇', '铁佛寺镇', '涧池镇'])
    ;($('[data-testid="board-only-late"]').querySelector('input') as HTMLInputElement).click()
    await settle()
    expect(units()).toEqual(['铁佛寺镇', '涧池镇'])

    expect(api.screeningBoard).toHaveBeenLastCalledWith(expect.objectContaining({ region: undefined }))
    await choose($('[data-testid="screening-area"]'), '汉阴县')
    await settle()
    for (const load of [api.listRounds, api.screeningBoard, api.screeningSummary]) {
      expect(load).toHaveBeenLastCalledWith(expect.objectContaining({ region: '610921' }))
    }
  })

  it('offers no area to a township', async () => {
    await mountPage(ScreeningView, '/screening')
    expect(document.querySelector('[data-testid="screening-area"]')).toBeNull()
  })
})
