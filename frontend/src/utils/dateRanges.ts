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
