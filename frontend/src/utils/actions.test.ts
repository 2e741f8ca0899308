import { describe, expect, it } from 'vitest'
import type { ActionName, Case, Kind } from '@/api/types'
import { TRANSITIONS } from '@/api/generated/enums'
import { actionDef, buildActionBody, initialForm } from './actions'
import { ACTIONS } from './enums'

type Row = [Kind, ActionName, Record<string, unknown>, Record<string, unknown>]

// [kind, action, form as the dialog holds it, expected body without action/version]
const cases: Row[] = [
  ['dispute', 'accept', { note: '' }, {}],
  ['dispute', 'accept', { note: ' 材料齐全 ' }, { note: '材料齐全' }],
  ['dispute', 'reject', { reason: '不属于受理范围' }, { reason: '不属于受理范围' }],
  ['dispute', 'start', { mediators: [' 王调解 ', '', '李调解'] }, { mediators: ['王调解', '李调解'] }],
  [
    'dispute',
    'session',
    { session: { at: '2026-05-10T09:30:00+08:00', mode: 'phone', record: '电话沟通' } },
    { session: { at: '2026-05-10T09:30:00+08:00', mode: 'phone', record: '电话沟通' } },
  ],
  [
    'dispute',
    'resolve',
    { agreement: { type: 'written', terms: '赔偿 2000 元', performBy: '2026-06-01' } },
    { agreement: { type: 'written', terms: '赔偿 2000 元', performBy: '2026-06-01T23:59:59+08:00' } },
  ],
  ['dispute', 'resolve', { agreement: { type: 'oral', terms: '互相道歉', performBy: '' } }, { agreement: { type: 'oral', terms: '互相道歉' } }],
  [
    'dispute',
    'resolve',
    { agreement: { createsObligations: true, type: 'written', terms: '赔偿', amount: 2000.5 }, prevented: [] },
    { agreement: { createsObligations: true, type: 'written', terms: '赔偿', amount: 2000.5 } },
  ],
  ['dispute', 'resolve', { agreement: { createsObligations: false, type: 'oral', terms: '道歉' } }, { agreement: { createsObligations: false, type: 'oral', terms: '道歉' } }],
  ['dispute', 'accept', { at: '2026-05-08 16:00:00', note: '' }, { at: '2026-05-08T16:00:00+08:00' }],
  ['dispute', 'reject', { rejectGround: 'not_civil', reason: '属于行政争议' }, { rejectGround: 'not_civil', reason: '属于行政争议' }],
  ['dispute', 'extend', { days: 10, consentBy: ['张三', '李四'], reason: '双方同意' }, { days: 10, consentBy: ['张三', '李四'], reason: '双方同意' }],
  [
    'dispute',
    'visit',
    { followUp: { at: '2026-06-05 10:00:00', satisfaction: 'basic', performance: 'partial', note: '' } },
    { followUp: { at: '2026-06-05T10:00:00+08:00', satisfaction: 'basic', performance: 'partial' } },
  ],
  ['dispute', 'unperformed', { route: 'enforcement', note: '' }, { route: 'enforcement' }],
  ['dispute', 'apply_confirmation', { court: ' 汉阴县人民法院 ' }, { court: '汉阴县人民法院' }],
  ['dispute', 'confirmation_result', { confirmation: 'confirmed' }, { confirmation: 'confirmed' }],
  ['petition', 'reject_clear', { reason: '材料不全' }, { reason: '材料不全' }],
  ['petition', 'request_review', { reviewLevel: 'review', note: '' }, { reviewLevel: 'review' }],
  [
    'petition',
    'assign',
    { leadLeader: { name: '张书记', post: '镇党委书记' }, responsibleUnit: '镇综治办', responsiblePerson: '李干事', plan: '' },
    { leadLeader: { name: '张书记', post: '镇党委书记' }, responsibleUnit: '镇综治办', responsiblePerson: '李干事' },
  ],
  ['dispute', 'fail', { failureReason: 'gap_too_large', redirect: 'litigation' }, { failureReason: 'gap_too_large', redirect: 'litigation' }],
  [
    'dispute',
    'close',
    { followUp: { at: '2026-06-05T10:00:00+08:00', satisfaction: 'satisfied', note: '' } },
    { followUp: { at: '2026-06-05T10:00:00+08:00', satisfaction: 'satisfied' } },
  ],
  ['petition', 'accept', { note: '' }, {}],
  ['petition', 'return', { reason: '不属于本级' }, { reason: '不属于本级' }],
  [
    'petition',
    'assign',
    { leadLeader: { name: '张书记', post: '镇党委书记' }, plan: '' },
    { leadLeader: { name: '张书记', post: '镇党委书记' } },
  ],
  ['petition', 'extend', { days: 30, reason: '需协调多部门', approver: '县信访局' }, { days: 30, reason: '需协调多部门', approver: '县信访局' }],
  ['petition', 'resolve', { resolutionType: 'ceased', note: '已签息诉罢访承诺书' }, { resolutionType: 'ceased', note: '已签息诉罢访承诺书' }],
  ['petition', 'clear', { note: '' }, {}],
  ['petition', 'reopen', { reason: '再次来访', dueAt: '2026-09-30' }, { reason: '再次来访', dueAt: '2026-09-30T23:59:59+08:00' }],
  ['dispute', 'supervise', { note: '请加快办理', feedbackBy: '2026-06-01' }, { note: '请加快办理', feedbackBy: '2026-06-01T23:59:59+08:00' }],
  ['petition', 'supervise', { note: '请加快办理', feedbackBy: '' }, { note: '请加快办理' }],
  ['dispute', 'feedback', { note: '已约谈双方' }, { note: '已约谈双方' }],
]

describe('buildActionBody', () => {
  it.each(cases)('%s %s', (kind, action, form, fields) => {
    expect(buildActionBody(kind, action, 7, form)).toEqual({ action, version: 7, ...fields })
  })

  it('sends only the fields of the action, not stray form values', () => {
    expect(buildActionBody('dispute', 'reject', 3, { reason: 'r', note: 'stray' })).toEqual({ action: 'reject', version: 3, reason: 'r' })
  })
})

describe('action definitions', () => {
  const props = (kind: Kind, action: ActionName, c?: Case) => actionDef(kind, action, c)!.fields.map((f) => f.prop)

  it('asks for confirmation exactly for the final or consequential actions', () => {
    const confirmed = (kind: Kind) => ACTIONS[kind].filter((a) => actionDef(kind, a)?.confirm)
    expect(confirmed('dispute')).toEqual(['close', 'refer_out', 'reject']) // 移送 hands the dispute to another body
    expect(confirmed('petition')).toEqual(['clear', 'return', 'withdraw'])
  })

  it('asks when each action happened, first; a visit is dated by its own date', () => {
    for (const row of TRANSITIONS) {
      const fields = props(row.kind, row.action)
      if (row.action === 'visit' || row.action === 'close') expect(fields).not.toContain('at')
      else expect(fields[0], `${row.kind} ${row.action}`).toBe('at')
    }
    expect(props('dispute', 'visit')).toEqual(['followUp.at', 'followUp.satisfaction', 'followUp.performance', 'followUp.note'])
    expect(actionDef('dispute', 'visit')!.fields[0]!.eventDate).toBe(true)
  })

  it('closes a resolved dispute with its visit when none was made, otherwise as of 发生时间', () => {
    const resolved = { status: 'resolved', dispute: { source: 'application', visits: [] } } as unknown as Case
    const visited = { status: 'resolved', dispute: { source: 'application', visits: [{ at: '2026-05-01T10:00:00+08:00' }] } } as unknown as Case
    const failed = { status: 'failed', dispute: { source: 'application', visits: [] } } as unknown as Case
    // a close of a case not known yet asks for its visit, and the visit's date is the event date
    expect(props('dispute', 'close')[0]).toBe('followUp.at')
    expect(props('dispute', 'close', resolved)).toEqual(['followUp.at', 'followUp.satisfaction', 'followUp.performance', 'followUp.note', 'note'])
    expect(actionDef('dispute', 'close', resolved)!.fields.find((f) => f.prop === 'followUp.satisfaction')!.required).toBe(true)
    expect(props('dispute', 'close', visited)).toEqual(['at', 'note'])
    expect(props('dispute', 'close', failed)).toEqual(['at', 'note'])
  })

  it('asks who consented to extending a dispute, though the API lets it out', () => {
    expect(props('dispute', 'extend')).toEqual(['at', 'days', 'consentBy', 'reason'])
    expect(actionDef('dispute', 'extend')!.fields.find((f) => f.prop === 'consentBy')).toMatchObject({ type: 'parties', required: true })
    expect(props('petition', 'extend')).toEqual(['at', 'days', 'reason', 'approver'])
  })

  it('asks whether an agreement creates rights and duties, and then offers no oral agreement', () => {
    const def = actionDef('dispute', 'resolve')!
    expect(def.fields.map((f) => f.prop)).toEqual([
      'at',
      'agreement.createsObligations',
      'agreement.type',
      'agreement.terms',
      'agreement.amount',
      'agreement.performBy',
      'prevented',
    ])
    const type = def.fields.find((f) => f.prop === 'agreement.type')!
    expect(type.disabledOptions!({ agreement: { createsObligations: true } })).toEqual(['oral'])
    expect(type.disabledOptions!({ agreement: { createsObligations: false } })).toEqual([])
  })

  it('asks for a new deadline of a reassigned case only when its clock is not kept', () => {
    const def = actionDef('petition', 'reassign', { dueAt: '2026-09-30T23:59:59+08:00' } as Case)!
    expect(def.fields.map((f) => f.prop)).toEqual(['at', 'townshipCode', 'keepClock', 'dueAt', 'note'])
    const form = initialForm(def, { c: { dueAt: '2026-09-30T23:59:59+08:00' } as Case, now: new Date() })
    expect(form.keepClock).toBe(true)
    expect(buildActionBody('petition', 'reassign', 3, { ...form, townshipCode: '610921100', dueAt: '2026-10-31' })).toMatchObject({
      townshipCode: '610921100',
      keepClock: true,
    })
    expect(buildActionBody('petition', 'reassign', 3, { ...form, townshipCode: '610921100', dueAt: '2026-10-31' }).dueAt).toBeUndefined()
    expect(buildActionBody('petition', 'reassign', 3, { ...form, keepClock: false, townshipCode: '610921100', dueAt: '2026-10-31' }).dueAt).toBe(
      '2026-10-31T23:59:59+08:00',
    )
  })

  it('knows no dispute-only action on a petition', () => {
    expect(actionDef('petition', 'start')).toBeUndefined()
    expect(actionDef('dispute', 'clear')).toBeUndefined()
  })

  it('prefills a nested form shaped like the body, 发生时间 at now', () => {
    const form = initialForm(actionDef('dispute', 'session')!, new Date('2026-05-10T01:30:00Z'))
    // the time picker works in Shanghai wall-clock time, whatever zone the browser is in
    expect(form).toEqual({ at: '2026-05-10 09:30:00', session: { at: '2026-05-10 09:30:00', mode: 'onsite', record: '' } })
    form.session = { at: '2026-05-10 09:30:00', mode: 'phone', record: '电话沟通' }
    expect(buildActionBody('dispute', 'session', 2, form).session).toEqual({ at: '2026-05-10T09:30:00+08:00', mode: 'phone', record: '电话沟通' })
    expect(initialForm(actionDef('dispute', 'start')!, new Date('2026-05-10T01:30:00Z'))).toEqual({ at: '2026-05-10 09:30:00', mediators: [] })
  })

  it('leaves out 发生时间 while it is still the time the dialog opened, and sends a changed one', () => {
    const def = actionDef('dispute', 'accept')!
    const initial = initialForm(def, new Date('2026-05-10T01:30:00Z'))
    expect(buildActionBody('dispute', 'accept', 2, { ...initial }, { initial })).toEqual({ action: 'accept', version: 2 })
    expect(buildActionBody('dispute', 'accept', 2, { ...initial, at: '2026-05-08 16:00:00' }, { initial })).toEqual({
      action: 'accept',
      version: 2,
      at: '2026-05-08T16:00:00+08:00',
    })
  })

  it('sends only the parts of 三包 that changed', () => {
    const c = { petition: { leadLeader: { name: '张书记', post: '镇党委书记' }, responsibleUnit: '镇综治办', responsiblePerson: '李干事' } } as Case
    const def = actionDef('petition', 'change_lead', c)!
    const initial = initialForm(def, { c, now: new Date() })
    expect(initial).toMatchObject({ leadLeader: { name: '张书记', post: '镇党委书记' }, responsibleUnit: '镇综治办', responsiblePerson: '李干事' })
    const form = JSON.parse(JSON.stringify(initial))
    form.responsiblePerson = '王干事'
    form.note = '人员调整'
    expect(buildActionBody('petition', 'change_lead', 5, form, { c, initial })).toEqual({
      action: 'change_lead',
      version: 5,
      responsiblePerson: '王干事',
      note: '人员调整',
    })
    form.leadLeader.post = '镇长'
    expect(buildActionBody('petition', 'change_lead', 5, form, { c, initial }).leadLeader).toEqual({ name: '张书记', post: '镇长' })
  })

  it('turns repeatable rows into the lists the server reads', () => {
    expect(
      buildActionBody('dispute', 'fail', 1, {
        failureReason: 'gap_too_large',
        redirect: 'litigation',
        prevented: [{ type: 'criminal', people: 3 }, { type: '', people: undefined }],
      }).prevented,
    ).toEqual([{ type: 'criminal', people: 3 }])
    expect(
      buildActionBody('petition', 'resolve', 1, {
        resolutionType: 'ceased',
        materials: [{ type: 'commitment', date: '2026-05-02', note: ' 本人签字 ' }, { type: 'opinion', date: '', note: '' }],
      }).materials,
    ).toEqual([{ type: 'commitment', date: '2026-05-02T00:00:00+08:00', note: '本人签字' }, { type: 'opinion' }])
  })

  it('gives every action of the Go table a dialog that asks for its required fields and nothing it does not read', () => {
    // fields the web app asks for although the API lets them out
    const stricter = new Set(['dispute extend consentBy', 'dispute close followUp', 'petition reassign dueAt'])
    const resolved = { status: 'resolved', dispute: { source: 'application', visits: [] } } as unknown as Case
    for (const row of TRANSITIONS) {
      const def = actionDef(row.kind, row.action, row.action === 'close' ? resolved : undefined)
      expect(def, `${row.kind} ${row.action}`).toBeDefined()
      const asked = new Set(def!.fields.map((f) => f.prop.split('.')[0]!))
      const reads: readonly string[] = ['at', ...row.required, ...row.optional]
      expect([...asked].filter((p) => !reads.includes(p)), `${row.kind} ${row.action}`).toEqual([])
      expect(row.required.filter((p) => !asked.has(p)), `${row.kind} ${row.action}`).toEqual([])
      for (const f of def!.fields.filter((f) => !f.prop.includes('.') && f.prop !== 'at')) {
        const required = (row.required as readonly string[]).includes(f.prop) || stricter.has(`${row.kind} ${row.action} ${f.prop}`)
        expect(f.required, `${row.kind} ${row.action} ${f.prop}`).toBe(required)
      }
    }
  })
})

describe('escalation and transfer dialogs', () => {
  it('asks who receives a transfer or an escalation', () => {
    const escalate = actionDef('dispute', 'escalate')!
    expect(escalate.fields.map((f) => [f.prop, f.type, f.required])).toEqual([
      ['at', 'datetime', true],
      ['committee', 'committee', false],
      ['reason', 'textarea', true],
    ])
    expect(escalate.fields.find((f) => f.prop === 'committee')?.escalate).toBe(true)
    const transfer = actionDef('dispute', 'transfer')!
    expect(transfer.fields.find((f) => f.prop === 'committee')).toMatchObject({ required: true, type: 'committee' })
    expect(transfer.fields.find((f) => f.prop === 'committee')?.escalate).toBeUndefined()
  })
})
