// Monthly returns: reading a figure of a return by its code (disputes.resolved), formatting it as the 月报
// shows it, the months a return can be submitted for, and the status tags.
import type { ReportTotals, ReturnFigure, ReturnStatus } from '@/api/types'
import { ENUMS } from './enums'
import { formatNumber, formatRate, today } from './format'

/** The figures of a return in the order of the 月报, as the Go code lists them. */
export const RETURN_FIGURES: ReturnFigure[] = ENUMS.returnFigures.map((o) => o.code)

/** The figures of each part of a return: 矛盾纠纷, then 信访积案. */
export const FIGURE_GROUPS: { key: 'disputes' | 'petitions'; figures: ReturnFigure[] }[] = (['disputes', 'petitions'] as const).map((key) => ({
  key,
  figures: RETURN_FIGURES.filter((f) => f.startsWith(`${key}.`)),
}))

export const isRate = (code: string) => code.endsWith('Rate')
export const isAmount = (code: string) => code === 'disputes.amount'

/** A figure of a return by its code; null when the figures do not have it (or a rate is not computable). */
export function figureValue(figures: ReportTotals | null | undefined, code: ReturnFigure): number | null {
  if (!figures) return null
  const [group, key] = code.split('.') as ['disputes' | 'petitions', string]
  const v = (figures[group] as unknown as Record<string, number | null | undefined>)[key]
  return typeof v === 'number' ? v : null
}

/** A figure as the 月报 shows it: counts with thousands separators, rates as percentages, the amount in yuan. */
export function formatFigure(code: ReturnFigure, v: number | null | undefined): string {
  return isRate(code) ? formatRate(v) : formatNumber(v)
}

/** A difference with its sign: +2, −1 (a minus sign, not a hyphen). */
export function formatDelta(n: number): string {
  if (n > 0) return `+${formatNumber(n)}`
  if (n < 0) return `−${formatNumber(-n)}`
  return '0'
}

/** The month before now's in Asia/Shanghai as YYYY-MM: the latest month a return can be submitted for. */
export function lastEndedMonth(now: Date = new Date()): string {
  const [y, m] = today(now).split('-').map(Number) as [number, number]
  const prev = m === 1 ? [y - 1, 12] : [y, m - 1]
  return `${prev[0]}-${String(prev[1]).padStart(2, '0')}`
}

/** Whether the month (YYYY-MM) has ended in Asia/Shanghai: its returns may be submitted. */
export function monthEnded(month: string, now: Date = new Date()): boolean {
  return /^\d{4}-\d{2}$/.test(month) && month <= lastEndedMonth(now)
}

/** The date picker's disabledDate for months: those not ended yet, and those before the records. */
export function monthNotSelectable(d: Date, now: Date = new Date()): boolean {
  const month = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`
  return month < '2000-01' || !monthEnded(month, now)
}

/** Nothing counted at all, no flow and no stock: the month calls for a 零报告. */
export function isZeroFigures(figures: ReportTotals): boolean {
  return (
    RETURN_FIGURES.every((code) => isRate(code) || !figureValue(figures, code)) &&
    !figures.disputes.supervised &&
    !figures.petitions.supervised
  )
}

function nextMonth(month: string): [number, number] {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return m === 12 ? [y + 1, 1] : [y, m + 1]
}

/** The first day a month's returns may be submitted (the 1st of the next month) and the last day they are on time (the 5th). */
export function returnWindow(month: string): { opens: string; due: string } {
  const [y, m] = nextMonth(month)
  const ym = `${y}-${String(m).padStart(2, '0')}`
  return { opens: `${ym}-01`, due: `${ym}-05` }
}

/** Whether the due day of a month's returns has passed in Asia/Shanghai. */
export function duePassed(month: string, now: Date = new Date()): boolean {
  return today(now) > returnWindow(month).due
}

type TagType = 'success' | 'warning' | 'danger' | 'info'

/** The tag of a township's status: a return still missing is red once the due day has passed. */
export function statusTag(status: ReturnStatus, duePassed: boolean): TagType {
  switch (status) {
    case 'submitted':
      return 'success'
    case 'late':
      return 'warning'
    default:
      return duePassed ? 'danger' : 'info'
  }
}
