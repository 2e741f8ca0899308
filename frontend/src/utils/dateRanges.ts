// Report date windows: this month, this quarter, this year, last year, as inclusive YYYY-MM-DD pairs.
import { today } from './format'

export type RangeKey = 'month' | 'quarter' | 'year' | 'lastYear'
export type DateRange = [string, string]

const pad = (n: number) => String(n).padStart(2, '0')

function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

export function rangeFor(key: RangeKey, now: Date = new Date()): DateRange {
  const [y, m] = today(now).split('-').map(Number) as [number, number]
  switch (key) {
    case 'month':
      return [`${y}-${pad(m)}-01`, `${y}-${pad(m)}-${pad(lastDay(y, m))}`]
    case 'quarter': {
      const first = Math.floor((m - 1) / 3) * 3 + 1
      return [`${y}-${pad(first)}-01`, `${y}-${pad(first + 2)}-${pad(lastDay(y, first + 2))}`]
    }
    case 'year':
      return [`${y}-01-01`, `${y}-12-31`]
    case 'lastYear':
      return [`${y - 1}-01-01`, `${y - 1}-12-31`]
  }
}

/** A YYYY-MM-DD string as a local Date at midnight (what the date picker works with). */
export function toLocalDate(s: string): Date {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number]
  return new Date(y, m - 1, d)
}

export type WholePeriod = { interval: 'month' | 'quarter' | 'year'; year: number; n: number }

/** The calendar month, quarter or year a window is exactly (2026-11-01 to 2026-11-30 is a month), or null. */
export function wholePeriod(from: string, to: string): WholePeriod | null {
  const [y, m, d] = from.split('-').map(Number) as [number, number, number]
  if (d !== 1 || !/^\d{4}-\d{2}-\d{2}$/.test(to)) return null
  const end = (months: number) => {
    const e = new Date(Date.UTC(y, m - 1 + months, 0))
    return `${e.getUTCFullYear()}-${pad(e.getUTCMonth() + 1)}-${pad(e.getUTCDate())}`
  }
  if (to === end(1)) return { interval: 'month', year: y, n: m }
  if ((m - 1) % 3 === 0 && to === end(3)) return { interval: 'quarter', year: y, n: (m - 1) / 3 + 1 }
  if (m === 1 && to === end(12)) return { interval: 'year', year: y, n: 1 }
  return null
}
