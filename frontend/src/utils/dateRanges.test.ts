import { describe, expect, it } from 'vitest'
import { rangeFor, wholePeriod } from './dateRanges'

describe('report windows', () => {
  const now = new Date('2026-05-20T10:00:00+08:00')

  it('are this month, this quarter, this year and last year in Shanghai', () => {
    expect(rangeFor('month', now)).toEqual(['2026-05-01', '2026-05-31'])
    expect(rangeFor('quarter', now)).toEqual(['2026-04-01', '2026-06-30'])
    expect(rangeFor('year', now)).toEqual(['2026-01-01', '2026-12-31'])
    expect(rangeFor('lastYear', now)).toEqual(['2025-01-01', '2025-12-31'])
  })

  it('know a whole month, quarter or year picked by hand', () => {
    expect(wholePeriod('2026-02-01', '2026-02-28')).toEqual({ interval: 'month', year: 2026, n: 2 })
    expect(wholePeriod('2024-02-01', '2024-02-29')).toEqual({ interval: 'month', year: 2024, n: 2 })
    expect(wholePeriod('2026-10-01', '2026-12-31')).toEqual({ interval: 'quarter', year: 2026, n: 4 })
    expect(wholePeriod('2026-01-01', '2026-12-31')).toEqual({ interval: 'year', year: 2026, n: 1 })
    expect(wholePeriod('2026-02-01', '2026-02-27')).toBeNull()
    expect(wholePeriod('2026-02-02', '2026-02-28')).toBeNull()
    expect(wholePeriod('2026-02-01', '2026-04-30')).toBeNull()
  })
})
