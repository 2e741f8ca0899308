// The case actions as data. Which actions a kind has and which fields each reads come from the Go code's
// action table (domain/lifecycle.go, generated into api/generated/enums.ts); this module says how each
// field is asked for, and which actions want a confirmation, another button colour, prefilled values or
// only some of their optional fields. An action it knows nothing more about still gets a dialog with every
// field the table names. Every action also takes `at` (发生时间: when it really happened, which the reports
// count by); a visit's date is its event date instead. It also turns a filled dialog into the request body
// (API.md, Actions).
import { TRANSITIONS } from '@/api/generated/enums'
import type { ActionBody, ActionName, Case, Kind } from '@/api/types'
import type { EnumName } from './enums'
import { dateToTime, shanghaiWallClock, wallClockToTime } from './format'

export type FieldType =
  | 'text'
  | 'textarea'
  | 'number'
  | 'money'
  | 'date'
  | 'datetime'
  | 'select'
  | 'radio'
  | 'yesno'
  | 'switch'
  | 'tags'
  | 'parties'
  | 'township'
  | 'committee'
  | 'rows'

/** One input of a repeatable row (预防效果: type and people; 化解材料: type, date and note). */
export interface RowPart {
  prop: string
  type: 'select' | 'number' | 'date' | 'text'
  required?: boolean
  options?: EnumName
  min?: number
  max?: number
  maxLength?: number
}

/** What prefilled values and choices may depend on: the case the action is for, and the time the dialog opened. */
export interface ActionContext {
  c?: Case
  now: Date
}

export interface ActionField {
  /** Dotted path in the request body, also the form-item prop ("session.at"). */
  prop: string
  type: FieldType
  required: boolean
  /** Enumeration whose labels fill a select or radio group (or a row's select). */
  options?: EnumName
  min?: number
  max?: number
  /** For date fields: which end of the day the picked date stands for. */
  edge?: 'start' | 'end'
  /** For date fields: only today or later can be picked (deadlines). */
  future?: boolean
  /**
   * When the action happened (发生时间, or a visit's date): a time not in the future, not before the case's
   * previous event, at most MAX_BACKDATE_DAYS back; the reports count the action by it.
   */
  eventDate?: boolean
  /** Pre-fills the field when the dialog opens. */
  initial?: (ctx: ActionContext) => unknown
  maxLength?: number
  /** Asked only while the form says so (a new deadline only when the clock is not kept). */
  showIf?: (form: Record<string, unknown>) => boolean
  /** Choices that cannot be made given the form (an oral agreement when it creates civil rights and duties). */
  disabledOptions?: (form: Record<string, unknown>) => string[]
  /** Left out of the body while it holds the value it opened with (the default 发生时间, unchanged 三包). */
  omitUnchanged?: boolean
  /** For rows: the inputs of each row. */
  row?: RowPart[]
  /** For rows: each type (the row's select) may be chosen once. */
  unique?: boolean
  /** An explanation under the input (an i18n key under actions.hints). */
  hint?: string
  /** For a committee: the committee one level up is what is asked for (三级联调). */
  escalate?: boolean
}

export interface ActionDef {
  fields: ActionField[]
  /** Final or consequential: ask before sending. */
  confirm: boolean
  button: 'primary' | 'success' | 'warning' | 'danger' | 'info'
}

/** How far back an action may be dated by hand (domain.MaxBackdateDays); older history comes in by ledger import. */
export const MAX_BACKDATE_DAYS = 90

// time pickers work in Asia/Shanghai wall-clock time; convert() adds the offset
const nowWallClock = ({ now }: ActionContext) => shanghaiWallClock(now)

/** The 发生时间 every action takes, unless its own date stands for it. */
export const AT_FIELD: ActionField = {
  prop: 'at',
  type: 'datetime',
  required: true,
  eventDate: true,
  omitUnchanged: true,
  initial: nowWallClock,
  hint: 'at',
}

// How each field of an action body is asked for, by its name in the action table. A field made of parts
// (session, agreement, …) lists them; a part's `required` says whether it is needed once the field is.
type Input = Omit<ActionField, 'required'> & { required?: boolean }

const openReview = (c?: Case) => c?.petition?.reviews?.find((r) => !r.answeredAt)

const INPUTS: Record<string, Input[]> = {
  note: [{ prop: 'note', type: 'textarea', maxLength: 2000 }],
  reason: [{ prop: 'reason', type: 'textarea', maxLength: 2000 }],
  mediators: [{ prop: 'mediators', type: 'tags' }],
  session: [
    { prop: 'session.at', type: 'datetime', required: true, initial: nowWallClock },
    { prop: 'session.mode', type: 'radio', required: true, options: 'sessionModes', initial: () => 'onsite' },
    { prop: 'session.record', type: 'textarea', required: true, maxLength: 5000 },
  ],
  days: [{ prop: 'days', type: 'number', min: 1, max: 30 }],
  consentBy: [{ prop: 'consentBy', type: 'parties', hint: 'consentBy' }],
  approver: [{ prop: 'approver', type: 'text', maxLength: 50 }],
  agreement: [
    { prop: 'agreement.createsObligations', type: 'yesno', required: true, initial: () => null, hint: 'createsObligations' },
    {
      prop: 'agreement.type',
      type: 'radio',
      required: true,
      options: 'agreementTypes',
      initial: () => 'written',
      // 人民调解工作若干规定 art. 34: an agreement creating civil rights and duties is written
      disabledOptions: (form) => ((form.agreement as Record<string, unknown> | undefined)?.createsObligations === true ? ['oral'] : []),
    },
    { prop: 'agreement.terms', type: 'textarea', required: true, maxLength: 5000 },
    { prop: 'agreement.amount', type: 'money', required: false, min: 0, max: 10_000_000_000, initial: () => undefined },
    { prop: 'agreement.performBy', type: 'date', required: false, edge: 'end' },
  ],
  prevented: [
    {
      prop: 'prevented',
      type: 'rows',
      hint: 'prevented',
      unique: true,
      row: [
        { prop: 'type', type: 'select', required: true, options: 'preventionTypes' },
        { prop: 'people', type: 'number', required: true, min: 1, max: 100_000 },
      ],
    },
  ],
  rejectGround: [{ prop: 'rejectGround', type: 'select', options: 'rejectGrounds' }],
  failureReason: [{ prop: 'failureReason', type: 'select', options: 'failureReasons' }],
  redirect: [{ prop: 'redirect', type: 'select', options: 'redirects', hint: 'redirect' }],
  followUp: [
    { prop: 'followUp.at', type: 'datetime', required: true, eventDate: true, initial: nowWallClock, hint: 'visitAt' },
    { prop: 'followUp.satisfaction', type: 'radio', required: true, options: 'satisfactions' },
    { prop: 'followUp.performance', type: 'radio', required: false, options: 'performances' },
    { prop: 'followUp.note', type: 'textarea', required: false, maxLength: 2000 },
  ],
  route: [{ prop: 'route', type: 'radio', options: 'unperformedRoutes' }],
  court: [{ prop: 'court', type: 'text', maxLength: 100 }],
  confirmation: [{ prop: 'confirmation', type: 'radio', options: 'confirmationResults' }],
  leadLeader: [
    { prop: 'leadLeader.name', type: 'text', required: true, maxLength: 50 },
    { prop: 'leadLeader.post', type: 'text', required: true, maxLength: 50 },
  ],
  responsibleUnit: [{ prop: 'responsibleUnit', type: 'text', maxLength: 100 }],
  responsiblePerson: [{ prop: 'responsiblePerson', type: 'text', maxLength: 50 }],
  plan: [{ prop: 'plan', type: 'textarea', maxLength: 5000 }],
  resolutionType: [{ prop: 'resolutionType', type: 'select', options: 'resolutionTypes', hint: 'resolutionType' }],
  materials: [
    {
      prop: 'materials',
      type: 'rows',
      row: [
        { prop: 'type', type: 'select', required: true, options: 'materialTypes' },
        { prop: 'date', type: 'date' },
        { prop: 'note', type: 'text', maxLength: 500 },
      ],
    },
  ],
  townshipCode: [{ prop: 'townshipCode', type: 'township' }],
  committee: [{ prop: 'committee', type: 'committee' }],
  referTo: [{ prop: 'referTo', type: 'radio', options: 'referTos' }],
  referUnit: [{ prop: 'referUnit', type: 'text', maxLength: 100 }],
  keepClock: [{ prop: 'keepClock', type: 'switch', initial: ({ c }) => !!c?.dueAt }],
  reviewLevel: [
    {
      prop: 'reviewLevel',
      type: 'radio',
      options: 'reviewLevels',
      // 复核 follows a 复查; an answer is to the request awaiting it
      initial: ({ c }) => openReview(c)?.level ?? (c?.petition?.reviews?.some((r) => r.level === 'review') ? 'recheck' : 'review'),
    },
  ],
  dueAt: [{ prop: 'dueAt', type: 'date', edge: 'end', future: true }],
  feedbackBy: [{ prop: 'feedbackBy', type: 'date', edge: 'end', future: true }],
}

interface Presentation {
  /** The fields the dialog asks for, of those the table names (default: all, required first). */
  ask?: string[] | ((c?: Case) => string[])
  /** Fields the web app asks for although the API lets them out (同意延期的当事人). */
  require?: string[]
  confirm?: boolean
  button?: ActionDef['button']
  /** Prefilled values by prop. */
  initial?: Record<string, (ctx: ActionContext) => unknown>
  /** Fields shown only while the form says so, by prop. */
  showIf?: Record<string, (form: Record<string, unknown>) => boolean>
  /** Fields left out of the body while unchanged, by prop. */
  omitUnchanged?: string[]
}

// A resolved dispute is closed (结案归档) after a visit: the close records it when none was made yet, and its
// date is then the event date; a failed dispute (or one already visited) is closed as of `at`.
const closeAsks = (c?: Case) => (c && (c.status !== 'resolved' || c.dispute?.visits?.length || c.dispute?.followUp) ? ['note'] : ['followUp', 'note'])

const COMMON: Partial<Record<ActionName, Presentation>> = {
  reject: { ask: ['rejectGround', 'reason'], confirm: true, button: 'danger' },
  return: { confirm: true, button: 'danger' },
  withdraw: { confirm: true, button: 'danger' },
  close: { ask: closeAsks, require: ['followUp'], confirm: true, button: 'success' },
  clear: { confirm: true, button: 'success' },
  reject_clear: { button: 'danger' },
  resolve: { button: 'success' },
  extend: { button: 'warning' },
  reopen: { button: 'warning' },
  supervise: { button: 'warning' },
  fail: { ask: ['failureReason', 'redirect', 'prevented'], button: 'danger' },
  start: { ask: ['mediators'] },
  session: { ask: ['session'] },
  visit: { ask: ['followUp'] },
}

const BY_KIND: Record<Kind, Partial<Record<ActionName, Presentation>>> = {
  dispute: {
    transfer: { ask: ['committee', 'reason'], button: 'warning' },
    // one level up; the committee is chosen only where the county has several (a 医调委 besides its own)
    escalate: { ask: ['committee', 'reason'], button: 'warning' },
    refer_out: { ask: ['referTo', 'referUnit', 'reason'], confirm: true, button: 'warning' },
    referral_result: { ask: ['note'] },
    extend: { ask: ['days', 'consentBy', 'reason'], require: ['consentBy'], button: 'warning', initial: { days: () => 15 } },
    resolve: { ask: ['agreement', 'prevented'], button: 'success' },
  },
  petition: {
    extend: { ask: ['days', 'reason', 'approver'], button: 'warning', initial: { days: () => 30 } },
    assign: { ask: ['leadLeader', 'responsibleUnit', 'responsiblePerson', 'plan'] },
    // the dialog opens with those named now; only what is changed is sent (and goes on the timeline)
    change_lead: {
      initial: {
        'leadLeader.name': ({ c }) => c?.petition?.leadLeader?.name ?? '',
        'leadLeader.post': ({ c }) => c?.petition?.leadLeader?.post ?? '',
        responsibleUnit: ({ c }) => c?.petition?.responsibleUnit ?? '',
        responsiblePerson: ({ c }) => c?.petition?.responsiblePerson ?? '',
      },
      omitUnchanged: ['leadLeader.name', 'leadLeader.post', 'responsibleUnit', 'responsiblePerson'],
    },
    // a new deadline unless the clock is kept (the server asks for one then)
    reassign: { require: ['dueAt'], showIf: { dueAt: (form) => !form.keepClock } },
  },
}

// the inputs of one field of the table; a field this module does not know is asked for as text
function fieldsOf(name: string, required: boolean, ui: Presentation): ActionField[] {
  const inputs: Input[] = INPUTS[name] ?? [{ prop: name, type: 'textarea', maxLength: 2000 }]
  return inputs.map((f) => {
    const part = f.prop.includes('.')
    const field: ActionField = { ...f, required: part ? required && (f.required ?? true) : required }
    const init = ui.initial?.[f.prop]
    if (init) field.initial = init
    const showIf = ui.showIf?.[f.prop]
    if (showIf) field.showIf = showIf
    if (ui.omitUnchanged?.includes(f.prop)) field.omitUnchanged = true
    return field
  })
}

/**
 * The dialog definition of an action for a kind of case (and the case, when some fields depend on it),
 * or undefined when the kind has no such action. `at` comes first unless the action's own date (a visit's)
 * stands for it.
 */
export function actionDef(kind: Kind, action: ActionName, c?: Case): ActionDef | undefined {
  const row = TRANSITIONS.find((t) => t.kind === kind && t.action === action)
  if (!row) return undefined
  const ui: Presentation = { ...COMMON[action], ...BY_KIND[kind][action] }
  const required: readonly string[] = [...row.required, ...(ui.require ?? [])]
  const ask = typeof ui.ask === 'function' ? ui.ask(c) : (ui.ask ?? [...row.required, ...row.optional])
  const fields = ask.flatMap((name) => fieldsOf(name, required.includes(name), ui))
  if (action === 'escalate') for (const f of fields) if (f.type === 'committee') f.escalate = true
  return {
    fields: fields.some((f) => f.eventDate) ? fields : [AT_FIELD, ...fields],
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
  switch (f.type) {
    case 'tags':
    case 'parties':
    case 'rows':
      return []
    case 'number':
    case 'money':
      return undefined
    case 'yesno':
      return null
    case 'switch':
      return false
    default:
      return ''
  }
}

/** The dialog's form model: nested like the body, so form-item props and server field paths agree. */
export function initialForm(def: ActionDef, ctx: ActionContext | Date = new Date()): Record<string, unknown> {
  const context = ctx instanceof Date ? { now: ctx } : ctx
  const form: Record<string, unknown> = {}
  for (const f of def.fields) setPath(form, f.prop, f.initial ? f.initial(context) : emptyValue(f))
  return form
}

/** An empty row of a repeatable field. */
export function emptyRow(f: ActionField): Record<string, unknown> {
  return Object.fromEntries((f.row ?? []).map((p) => [p.prop, p.type === 'number' ? undefined : '']))
}

/** Whether a field is asked for with the form as it stands. */
export function isShown(f: ActionField, form: Record<string, unknown>): boolean {
  return !f.showIf || f.showIf(form)
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0)
}

function convertPart(p: RowPart, v: unknown): unknown {
  if (isEmpty(v)) return undefined
  switch (p.type) {
    case 'number':
      return Number(v)
    case 'date':
      return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? dateToTime(v, 'start') : v
    default:
      return String(v).trim() || undefined
  }
}

function convert(f: ActionField, v: unknown): unknown {
  switch (f.type) {
    case 'number':
      return Number(v)
    case 'money':
      return Math.round(Number(v) * 100) / 100
    case 'date':
      // a picked date stands for a day in Asia/Shanghai; a full time passes through
      return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? dateToTime(v, f.edge ?? 'start') : v
    case 'datetime':
      return typeof v === 'string' ? wallClockToTime(v) : v
    case 'tags':
    case 'parties':
      return (v as unknown[]).map((s) => String(s).trim()).filter(Boolean)
    case 'rows':
      return (v as Record<string, unknown>[])
        .map((r) => {
          const out: Record<string, unknown> = {}
          for (const p of f.row ?? []) {
            const value = convertPart(p, r[p.prop])
            if (value !== undefined) out[p.prop] = value
          }
          return out
        })
        .filter((r) => Object.keys(r).length > 0)
    case 'text':
    case 'textarea':
      return String(v).trim()
    default:
      return v
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

/**
 * The request body {action, version, ...fields} for a filled dialog: empty optional fields, fields not
 * shown and fields still holding the value they opened with (when they say so; a field made of parts is
 * sent whole once one part changed) are left out.
 */
export function buildActionBody(
  kind: Kind,
  action: ActionName,
  version: number,
  form: Record<string, unknown>,
  opts: { c?: Case; initial?: Record<string, unknown> } = {},
): ActionBody {
  const body: ActionBody = { action, version }
  const def = actionDef(kind, action, opts.c)
  const fields = (def?.fields ?? []).filter((f) => isShown(f, form))
  const group = (f: ActionField) => f.prop.split('.')[0]!
  const unchanged = new Set<string>()
  if (opts.initial) {
    for (const g of new Set(fields.filter((f) => f.omitUnchanged).map(group))) {
      const parts = fields.filter((f) => group(f) === g)
      if (parts.every((f) => same(getPath(form, f.prop), getPath(opts.initial!, f.prop)))) unchanged.add(g)
    }
  }
  for (const f of fields) {
    if (unchanged.has(group(f))) continue
    const raw = getPath(form, f.prop)
    if (isEmpty(raw)) continue
    const value = convert(f, raw)
    if (isEmpty(value)) continue
    setPath(body as unknown as Record<string, unknown>, f.prop, value)
  }
  return body
}
