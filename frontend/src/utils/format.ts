// Display helpers. Dates are shown as the people using Pingan read them: Asia/Shanghai, YYYY-MM-DD
// (HH:mm where the time matters); numbers with thousands separators; rates with one decimal; — for nothing.

export const EMPTY = '—'
export const TIME_ZONE = 'Asia/Shanghai'
const DAY_MS = 86_400_000

const numberFormat = new Intl.NumberFormat('en-US')

export function formatNumber(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return EMPTY
  return numberFormat.format(n)
}

const moneyFormat = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })

/** An amount in yuan with two decimals and thousands separators: 1234.5 → 1,234.50. */
export function formatMoney(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return EMPTY
  return moneyFormat.format(n)
}

/** A 4-decimal fraction as a percentage with one decimal: 0.9871 → 98.7%. */
export function formatRate(r: number | null | undefined): string {
  if (r === null || r === undefined || !Number.isFinite(r)) return EMPTY
  return `${(Math.round(r * 1000) / 10).toFixed(1)}%`
}

/** A change as a signed percentage (+12.5%), or — when it cannot be computed. */
export function formatChange(r: number | null | undefined): string {
  if (r === null || r === undefined || !Number.isFinite(r)) return EMPTY
  const pct = (Math.round(r * 1000) / 10).toFixed(1)
  return `${r > 0 ? '+' : ''}${pct}%`
}

const partsFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

function shanghaiParts(d: Date): Record<string, string> {
  const out: Record<string, string> = {}
  for (const p of partsFormat.formatToParts(d)) out[p.type] = p.value
  return out
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/
const NO_ZONE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/

/**
 * Reads an API time: RFC 3339 with any offset (`Z`, `+08:00`, …) is an instant; a bare date or a time
 * without an offset is read as Asia/Shanghai wall-clock time, never the browser's own zone.
 */
export function parseTime(value: string | Date | null | undefined): Date | null {
  if (!value) return null
  let d: Date
  if (value instanceof Date) d = value
  else {
    const s = value.trim()
    if (DATE_ONLY.test(s)) d = new Date(`${s}T00:00:00+08:00`)
    else if (NO_ZONE.test(s)) d = new Date(`${s.replace(' ', 'T')}+08:00`)
    else d = new Date(s)
  }
  return Number.isNaN(d.getTime()) ? null : d
}

const parse = parseTime

/** YYYY-MM-DD in Asia/Shanghai. */
export function formatDate(value: string | Date | null | undefined): string {
  const d = parse(value)
  if (!d) return EMPTY
  const p = shanghaiParts(d)
  return `${p.year}-${p.month}-${p.day}`
}

/** Whether two times fall on the same calendar day in Asia/Shanghai. */
export function sameShanghaiDay(a: string | Date | null | undefined, b: string | Date | null | undefined): boolean {
  const da = formatDate(a)
  return da !== EMPTY && da === formatDate(b)
}

/** YYYY-MM-DD HH:mm in Asia/Shanghai. */
export function formatDateTime(value: string | Date | null | undefined): string {
  const d = parse(value)
  if (!d) return EMPTY
  const p = shanghaiParts(d)
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`
}

/** Today's date in Asia/Shanghai as YYYY-MM-DD. */
export function today(now: Date = new Date()): string {
  return formatDate(now)
}

/** A time as RFC 3339 in Asia/Shanghai to the second (the value format of the time pickers). */
export function nowInShanghai(now: Date = new Date()): string {
  const p = shanghaiParts(now)
  const sec = String(now.getUTCSeconds()).padStart(2, '0')
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${sec}+08:00`
}

/** Now as Asia/Shanghai wall-clock time, `YYYY-MM-DD HH:mm:ss` (the value format of the time pickers). */
export function shanghaiWallClock(now: Date = new Date()): string {
  const p = shanghaiParts(now)
  const sec = String(now.getUTCSeconds()).padStart(2, '0')
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${sec}`
}

/**
 * A time picked as Asia/Shanghai wall-clock time (`YYYY-MM-DD HH:mm[:ss]`) as RFC 3339 with +08:00, so
 * what the user picks means the same whatever zone the browser is set to. Other values pass through.
 */
export function wallClockToTime(value: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?$/.exec(value.trim())
  return m ? `${m[1]}T${m[2]}${m[3] ?? ':00'}+08:00` : value
}

/** A picked calendar date as an RFC 3339 time in Asia/Shanghai: its start, or its last second for deadlines. */
export function dateToTime(date: string, edge: 'start' | 'end' = 'start'): string {
  return `${date}T${edge === 'start' ? '00:00:00' : '23:59:59'}+08:00`
}

export type CountdownState = 'normal' | 'soon' | 'overdue'

export interface Countdown {
  /** Whole days left (counting a started day as one), or days past the deadline when overdue. */
  days: number
  state: CountdownState
}

export interface CountdownInput {
  dueAt?: string | null
  overdue?: boolean
  warning?: string | null
}

/** Days within which a deadline counts as due soon when the server gave no warning. */
export const DUE_SOON_DAYS = 7

/** The Asia/Shanghai calendar day of a time, as a day number. */
function shanghaiDay(d: Date): number {
  const p = shanghaiParts(d)
  return Math.round(Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day)) / DAY_MS)
}

/**
 * The deadline countdown shown in lists and on the case page; null when there is no deadline. Days are
 * Asia/Shanghai calendar days between today and the deadline's day (a deadline at 23:59 on the 21st is
 * 20 days away on the 1st, whatever the hour), at least 1: due later today still reads 剩余 1 天, a few
 * hours past reads 超期 1 天. Only the server says a case is overdue (`overdue` or warning `overdue`, which it
 * gives only while the deadline runs): a past due date it does not flag — a case concluded in time, an
 * imported historical case — is no deadline at all (null), never a false 超期.
 */
export function countdown(c: CountdownInput, now: Date = new Date()): Countdown | null {
  const due = parse(c.dueAt)
  if (!due) return null
  const diff = due.getTime() - now.getTime()
  const calendarDays = shanghaiDay(due) - shanghaiDay(now)
  if (c.overdue || c.warning === 'overdue') {
    return { days: Math.max(1, -calendarDays), state: 'overdue' }
  }
  if (diff < 0) return null
  const days = Math.max(1, calendarDays)
  const soon = c.warning === 'due_soon' || (c.warning == null && days <= DUE_SOON_DAYS)
  return { days, state: soon ? 'soon' : 'normal' }
}

/** Masks an ID number for display (6109**********1234); already masked values pass through. */
export function maskIdNumber(id: string | null | undefined): string {
  if (!id) return EMPTY
  if (id.includes('*') || id.length <= 8) return id
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`
}

/** Masks a phone number for display (138****5678); already masked values pass through. */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return EMPTY
  if (phone.includes('*') || phone.length < 7) return phone
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`
}

/** Shows a value or — when there is nothing. */
export function orDash(v: string | number | null | undefined): string {
  return v === null || v === undefined || v === '' ? EMPTY : String(v)
}
