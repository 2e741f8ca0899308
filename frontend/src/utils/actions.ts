// The case actions as data: for each (kind, action) the fields its dialog asks for, whether it is
// final enough to confirm, and how the form becomes the request body (API.md, Actions table).
import type { ActionBody, ActionName, Kind } from '@/api/types'
import { dateToTime, shanghaiWallClock, wallClockToTime } from './format'

export type FieldType = 'text' | 'textarea' | 'number' | 'date' | 'datetime' | 'select' | 'radio' | 'tags'

export interface ActionField {
  /** Dotted path in the request body, also the form-item prop ("session.at"). */
  prop: string
  type: FieldType
  required: boolean
  /** Enumeration whose labels fill a select or radio group (key under enum.* in the locale files). */
  options?: string
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

const note = (required: boolean): ActionField => ({ prop: 'note', type: 'textarea', required, maxLength: 2000 })
const reason: ActionField = { prop: 'reason', type: 'textarea', required: true, maxLength: 2000 }
// time pickers work in Asia/Shanghai wall-clock time; convert() adds the offset
const nowIso = (now: Date) => shanghaiWallClock(now)

const common: Partial<Record<ActionName, ActionDef>> = {
  supervise: {
    fields: [note(true), { prop: 'feedbackBy', type: 'date', required: false, edge: 'end', future: true }],
    confirm: false,
    button: 'warning',
  },
  feedback: { fields: [note(true)], confirm: false, button: 'primary' },
}

const dispute: Partial<Record<ActionName, ActionDef>> = {
  accept: { fields: [note(false)], confirm: false, button: 'primary' },
  reject: { fields: [reason], confirm: true, button: 'danger' },
  start: { fields: [{ prop: 'mediators', type: 'tags', required: true }], confirm: false, button: 'primary' },
  session: {
    fields: [
      { prop: 'session.at', type: 'datetime', required: true, initial: nowIso },
      { prop: 'session.mode', type: 'radio', required: true, options: 'sessionMode', initial: () => 'onsite' },
      { prop: 'session.record', type: 'textarea', required: true, maxLength: 5000 },
    ],
    confirm: false,
    button: 'primary',
  },
  extend: {
    fields: [
      { prop: 'days', type: 'number', required: true, min: 1, max: 30, initial: () => 15 },
      { ...reason, prop: 'reason' },
    ],
    confirm: false,
    button: 'warning',
  },
  resolve: {
    fields: [
      { prop: 'agreement.type', type: 'radio', required: true, options: 'agreementType', initial: () => 'written' },
      { prop: 'agreement.terms', type: 'textarea', required: true, maxLength: 5000 },
      { prop: 'agreement.performBy', type: 'date', required: false, edge: 'end' },
    ],
    confirm: false,
    button: 'success',
  },
  fail: {
    fields: [
      { prop: 'failureReason', type: 'select', required: true, options: 'failureReason' },
      { prop: 'redirect', type: 'select', required: true, options: 'redirect' },
    ],
    confirm: false,
    button: 'danger',
  },
  close: {
    fields: [
      { prop: 'followUp.at', type: 'datetime', required: true, initial: nowIso },
      { prop: 'followUp.satisfaction', type: 'radio', required: true, options: 'satisfaction' },
      { prop: 'followUp.note', type: 'textarea', required: false, maxLength: 2000 },
    ],
    confirm: true,
    button: 'success',
  },
}

const petition: Partial<Record<ActionName, ActionDef>> = {
  accept: { fields: [note(false)], confirm: false, button: 'primary' },
  return: { fields: [reason], confirm: true, button: 'danger' },
  assign: {
    fields: [
      { prop: 'leadLeader.name', type: 'text', required: true, maxLength: 50 },
      { prop: 'leadLeader.post', type: 'text', required: true, maxLength: 100 },
      { prop: 'plan', type: 'textarea', required: false, maxLength: 5000 },
    ],
    confirm: false,
    button: 'primary',
  },
  extend: {
    fields: [
      { prop: 'days', type: 'number', required: true, min: 1, max: 30, initial: () => 30 },
      { prop: 'approver', type: 'text', required: true, maxLength: 50 },
    ],
    confirm: false,
    button: 'warning',
  },
  resolve: {
    fields: [
      { prop: 'resolutionType', type: 'select', required: true, options: 'resolutionType' },
      note(false),
    ],
    confirm: false,
    button: 'success',
  },
  clear: { fields: [note(false)], confirm: true, button: 'success' },
  reopen: {
    fields: [reason, { prop: 'dueAt', type: 'date', required: false, edge: 'end', future: true }],
    confirm: false,
    button: 'warning',
  },
}

/** The dialog definition of an action for a kind of case, or undefined for an action this UI does not know. */
export function actionDef(kind: Kind, action: ActionName): ActionDef | undefined {
  return (kind === 'dispute' ? dispute : petition)[action] ?? common[action]
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
    setPath(body as Record<string, unknown>, f.prop, value)
  }
  return body
}
