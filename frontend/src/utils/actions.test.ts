import { describe, expect, it } from 'vitest'
import type { ActionName, Kind } from '@/api/types'
import { TRANSITIONS } from '@/api/generated/enums'
import { actionDef, buildActionBody, initialForm } from './actions'

type Case = [Kind, ActionName, Record<string, unknown>, Record<string, unknown>]

// [kind, action, form as the dialog holds it, expected body without action/version]
const cases: Case[] = [
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
  ['dispute', 'extend', { days: 10, reason: '双方同意延期' }, { days: 10, reason: '双方同意延期' }],
  [
    'dispute',
    'resolve',
    { agreement: { type: 'written', terms: '赔偿 2000 元', performBy: '2026-06-01' } },
    { agreement: { type: 'written', terms: '赔偿 2000 元', performBy: '2026-06-01T23:59:59+08:00' } },
  ],
  ['dispute', 'resolve', { agreement: { type: 'oral', terms: '互相道歉', performBy: '' } }, { agreement: { type: 'oral', terms: '互相道歉' } }],
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
  ['petition', 'extend', { days: 30, approver: '县信访局' }, { days: 30, approver: '县信访局' }],
  ['petition', 'resolve', { resolutionType: 'ceased', note: '已签息诉罢访承诺书' }, { resolutionType: 'ceased', note: '已签息诉罢访承诺书' }],
  ['petition', 'clear', { note: '' }, {}],
  ['petition', 'reopen', { reason: '再次来访', dueAt: '2026-09-30' }, { reason: '再次来访', dueAt: '2026-09-30T23:59:59+08:00' }],
  ['petition', 'reopen', { reason: '再次来访', dueAt: '' }, { reason: '再次来访' }],
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
  it('asks for confirmation exactly for the final or destructive actions', () => {
    const confirmed = (kind: Kind, actions: ActionName[]) => actions.filter((a) => actionDef(kind, a)?.confirm)
    expect(confirmed('dispute', ['accept', 'reject', 'start', 'session', 'extend', 'resolve', 'fail', 'close', 'supervise', 'feedback'])).toEqual([
      'reject',
      'close',
    ])
    expect(confirmed('petition', ['accept', 'return', 'assign', 'extend', 'resolve', 'clear', 'reopen', 'supervise', 'feedback'])).toEqual([
      'return',
      'clear',
    ])
  })

  it('asks for days and approver when extending a petition, days and reason for a dispute', () => {
    expect(actionDef('petition', 'extend')!.fields.map((f) => f.prop)).toEqual(['days', 'approver'])
    expect(actionDef('dispute', 'extend')!.fields.map((f) => f.prop)).toEqual(['days', 'reason'])
  })

  it('knows no dispute-only action on a petition', () => {
    expect(actionDef('petition', 'start')).toBeUndefined()
    expect(actionDef('dispute', 'clear')).toBeUndefined()
  })

  it('prefills a nested form shaped like the body', () => {
    const form = initialForm(actionDef('dispute', 'session')!, new Date('2026-05-10T01:30:00Z'))
    // the time picker works in Shanghai wall-clock time, whatever zone the browser is in
    expect(form).toEqual({ session: { at: '2026-05-10 09:30:00', mode: 'onsite', record: '' } })
    form.session = { at: '2026-05-10 09:30:00', mode: 'phone', record: '电话沟通' }
    expect(buildActionBody('dispute', 'session', 2, form).session).toEqual({ at: '2026-05-10T09:30:00+08:00', mode: 'phone', record: '电话沟通' })
    expect(initialForm(actionDef('dispute', 'start')!)).toEqual({ mediators: [] })
  })

  it('gives every action of the Go table a dialog that asks for its required fields and nothing it does not read', () => {
    for (const row of TRANSITIONS) {
      const def = actionDef(row.kind, row.action)
      expect(def, `${row.kind} ${row.action}`).toBeDefined()
      const asked = new Set(def!.fields.map((f) => f.prop.split('.')[0]!))
      const reads: readonly string[] = [...row.required, ...row.optional]
      expect([...asked].filter((p) => !reads.includes(p)), `${row.kind} ${row.action}`).toEqual([])
      expect(row.required.filter((p) => !asked.has(p)), `${row.kind} ${row.action}`).toEqual([])
      for (const f of def!.fields.filter((f) => !f.prop.includes('.'))) {
        expect(f.required, `${row.kind} ${row.action} ${f.prop}`).toBe((row.required as readonly string[]).includes(f.prop))
      }
    }
  })
})
