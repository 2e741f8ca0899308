// The case actions as data. Which actions a kind has and which fields each reads come from the Go code's
// action table (domain/lifecycle.go, generated into api/generated/enums.ts); this module says how each
// field is asked for, and which actions want a confirmation, another button colour, prefilled values or
// only some of their optional fields. An action it knows nothing more about still gets a dialog with every
// field the table names. It also turns a filled dialog into the request body (API.md, Actions).
import { TRANSITIONS } from '@/api/generated/enums'
import type { ActionBody, ActionName, Kind } from '@/api/types'
import type { EnumName } from './enums'
import { dateToTime, shanghaiWallClock, wallClockToTime } from './format'

export type FieldType = 'text' | 'textarea' | 'number' | 'date' | 'datetime' | 'select' | 'radio' | 'tags'

export interface ActionField {
  /** Dotted path in the request body, also the form-item prop ("session.at"). */
  prop: string
  type: FieldType
  required: boolean
  /** Enumeration whose labels fill a select or radio group. */
  options?: EnumName
  min?: number
  max?: number
  /** For date fields: which end of the day the picked date stands for. */
  edge?: 'start' | 'end'
  /** For date fields: only today or later can be picked (deadlines). */
  future?: boolean
  /** Pre-fills the field when the dialog opens. */
  initial?: (now: Date) => unknown
  maxLength?: number
}

export interface ActionDef {
  fields: ActionField[]
  /** Final or destructive: ask before sending. */
  confirm: boolean
  button: 'primary' | 'success' | 'warning' | 'danger' | 'info'
}

// time pickers work in Asia/Shanghai wall-clock time; convert() adds the offset
const nowIso = (now: Date) => shanghaiWallClock(now)

// How each field of an action body is asked for, by its name in the action table. A field made of parts
// (session, agreement, …) lists them; a part's `required` says whether it is needed once the field is.
type Input = Omit<ActionField, 'required'> & { required?: boolean }

const INPUTS: Record<string, Input[]> = {
  note: [{ prop: 'note', type: 'textarea', maxLength: 2000 }],
  reason: [{ prop: 'reason', type: 'textarea', maxLength: 2000 }],
  mediators: [{ prop: 'mediators', type: 'tags' }],
  session: [
    { prop: 'session.at', type: 'datetime', required: true, initial: nowIso },
    { prop: 'session.mode', type: 'radio', required: true, options: 'sessionModes', initial: () => 'onsite' },
    { prop: 'session.record', type: 'textarea', required: true, maxLength: 5000 },
  ],
  days: [{ prop: 'days', type: 'number', min: 1, max: 30 }],
  approver: [{ prop: 'approver', type: 'text', maxLength: 50 }],
  agreement: [
    { prop: 'agreement.type', type: 'radio', required: true, options: 'agreementTypes', initial: () => 'written' },
    { prop: 'agreement.terms', type: 'textarea', required: true, maxLength: 5000 },
    { prop: 'agreement.performBy', type: 'date', required: false, edge: 'end' },
  ],
  failureReason: [{ prop: 'failureReason', type: 'select', options: 'failureReasons' }],
  redirect: [{ prop: 'redirect', type: 'select', options: 'redirects' }],
  followUp: [
    { prop: 'followUp.at', type: 'datetime', required: true, initial: nowIso },
    { prop: 'followUp.satisfaction', type: 'radio', required: true, options: 'satisfactions' },
    { prop: 'followUp.note', type: 'textarea', required: false, maxLength: 2000 },
  ],
  leadLeader: [
    { prop: 'leadLeader.name', type: 'text', required: true, maxLength: 50 },
    { prop: 'leadLeader.post', type: 'text', required: true, maxLength: 100 },
  ],
  plan: [{ prop: 'plan', type: 'textarea', maxLength: 5000 }],
  resolutionType: [{ prop: 'resolutionType', type: 'select', options: 'resolutionTypes' }],
  dueAt: [{ prop: 'dueAt', type: 'date', edge: 'end', future: true }],
  feedbackBy: [{ prop: 'feedbackBy', type: 'date', edge: 'end', future: true }],
}

interface Presentation {
  /** The fields the dialog asks for, of those the table names (default: all, required first). */
  ask?: string[]
  confirm?: boolean
  button?: ActionDef['button']
  /** Prefilled values by prop. */
  initial?: Record<string, (now: Date) => unknown>
}

const COMMON: Partial<Record<ActionName, Presentation>> = {
  reject: { confirm: true, button: 'danger' },
  return: { confirm: true, button: 'danger' },
  close: { ask: ['followUp'], confirm: true, button: 'success' },
  clear: { confirm: true, button: 'success' },
  resolve: { button: 'success' },
  extend: { button: 'warning' },
  reopen: { button: 'warning' },
  supervise: { button: 'warning' },
  fail: { ask: ['failureReason', 'redirect'], button: 'danger' },
  start: { ask: ['mediators'] },
  session: { ask: ['session'] },
  assign: { ask: ['leadLeader', 'plan'] },
}

const BY_KIND: Record<Kind, Partial<Record<ActionName, Presentation>>> = {
  dispute: {
    extend: { button: 'warning', initial: { days: () => 15 } },
    resolve: { ask: ['agreement'], button: 'success' },
  },
  petition: {
    extend: { ask: ['days', 'approver'], button: 'warning', initial: { days: () => 30 } },
  },
}

// the inputs of one field of the table; a field this module does not know is asked for as text
function fieldsOf(name: string, required: boolean, initial: Presentation['initial']): ActionField[] {
  const inputs: Input[] = INPUTS[name] ?? [{ prop: name, type: 'textarea', maxLength: 2000 }]
  return inputs.map((f) => {
    const part = f.prop.includes('.')
    const field: ActionField = { ...f, required: part ? required && (f.required ?? true) : required }
    const init = initial?.[f.prop]
    return init ? { ...field, initial: init } : field
  })
}

/** The dialog definition of an action for a kind of case, or undefined when the kind has no such action. */
export function actionDef(kind: Kind, action: ActionName): ActionDef | undefined {
  const row = TRANSITIONS.find((t) => t.kind === kind && t.action === action)
  if (!row) return undefined
  const ui: Presentation = { ...COMMON[action], ...BY_KIND[kind][action] }
  const required: readonly string[] = row.required
  const ask = ui.ask ?? [...row.required, ...row.optional]
  return {
    fields: ask.flatMap((name) => fieldsOf(name, required.includes(name), ui.initial)),
    confirm: ui.confirm ?? false,
    button: ui.button ?? 'primary',
  }
}

export function getPath(obj: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj)
}

export function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.')
  let o = obj
  for (const k of keys.slice(0, -1)) {
    if (!o[k] || typeof o[k] !== 'object') o[k] = {}
    o = o[k] as Record<string, unknown>
  }
  o[keys[keys.length - 1]!] = value
}

function emptyValue(f: ActionField): unknown {
  if (f.type === 'tags') return []
  if (f.type === 'number') return undefined
  return ''
}

/** The dialog's form model: nested like the body, so form-item props and server field paths agree. */
export function initialForm(def: ActionDef, now: Date = new Date()): Record<string, unknown> {
  const form: Record<string, unknown> = {}
  for (const f of def.fields) setPath(form, f.prop, f.initial ? f.initial(now) : emptyValue(f))
  return form
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0)
}

function convert(f: ActionField, v: unknown): unknown {
  switch (f.type) {
    case 'number':
      return Number(v)
    case 'date':
      // a picked date stands for a day in Asia/Shanghai; a full time passes through
      return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? dateToTime(v, f.edge ?? 'start') : v
    case 'datetime':
      return typeof v === 'string' ? wallClockToTime(v) : v
    case 'tags':
      return (v as unknown[]).map((s) => String(s).trim()).filter(Boolean)
    case 'text':
    case 'textarea':
      return String(v).trim()
    default:
      return v
  }
}

/** The request body {action, version, ...fields} for a filled dialog; empty optional fields are left out. */
export function buildActionBody(
  kind: Kind,
  action: ActionName,
  version: number,
  form: Record<string, unknown>,
): ActionBody {
  const body: ActionBody = { action, version }
  const def = actionDef(kind, action)
  for (const f of def?.fields ?? []) {
    const raw = getPath(form, f.prop)
    if (isEmpty(raw)) continue
    const value = convert(f, raw)
    if (isEmpty(value)) continue
    setPath(body as unknown as Record<string, unknown>, f.prop, value)
  }
  return body
}
