import { describe, expect, it } from 'vitest'
import {
  FIGURE_GROUPS,
  RETURN_FIGURES,
  duePassed,
  figureValue,
  formatDelta,
  formatFigure,
  isZeroFigures,
  lastEndedMonth,
  monthEnded,
  monthNotSelectable,
  returnWindow,
  statusTag,
} from './returns'
import type { ReportTotals } from '@/api/types'

const figures = {
  disputes: { accepted: 3, resolved: 2, successRate: 0.6667, amount: 1200.5, concludedRate: null },
  petitions: { total: 4, clearanceRate: 0.25 },
} as unknown as ReportTotals

describe('return figures', () => {
  it('follow the 月报 from the Go code, disputes first', () => {
    expect(RETURN_FIGURES[0]).toBe('disputes.carriedOver')
    expect(FIGURE_GROUPS.map((g) => g.key)).toEqual(['disputes', 'petitions'])
    expect(FIGURE_GROUPS[1]!.figures).toContain('petitions.clearanceRate')
    expect(FIGURE_GROUPS[0]!.figures.length + FIGURE_GROUPS[1]!.figures.length).toBe(RETURN_FIGURES.length)
  })

  it('are read by their path and formatted as the 月报 shows them', () => {
    expect(figureValue(figures, 'disputes.resolved')).toBe(2)
    expect(figureValue(figures, 'disputes.concludedRate')).toBeNull()
    expect(figureValue(null, 'disputes.resolved')).toBeNull()
    expect(formatFigure('disputes.successRate', 0.6667)).toBe('66.7%')
    expect(formatFigure('disputes.concludedRate', null)).toBe('—')
    expect(formatFigure('disputes.amount', 12345.5)).toBe('12,345.5')
    expect(formatFigure('petitions.total', 1234)).toBe('1,234')
  })

  it('show differences with their sign', () => {
    expect([formatDelta(2), formatDelta(-1), formatDelta(0), formatDelta(1200.5)]).toEqual(['+2', '−1', '0', '+1,200.5'])
  })
})

describe('return months', () => {
  it('end in Asia/Shanghai', () => {
    // 2026-06-30 17:00 UTC is July 1st, 01:00 in Shanghai: June has ended there
    const now = new Date('2026-06-30T17:00:00Z')
    expect(lastEndedMonth(now)).toBe('2026-06')
    expect(lastEndedMonth(new Date('2026-01-15T00:00:00+08:00'))).toBe('2025-12')
    expect(monthEnded('2026-06', now)).toBe(true)
    expect(monthEnded('2026-07', now)).toBe(false)
    expect(monthEnded('2026-6', now)).toBe(false)
    expect(monthNotSelectable(new Date(2026, 6, 1), now)).toBe(true)
    expect(monthNotSelectable(new Date(2026, 5, 1), now)).toBe(false)
    expect(monthNotSelectable(new Date(1999, 11, 1), now)).toBe(true)
  })

  it('open on the 1st of the next month and are due by the 5th', () => {
    expect(returnWindow('2026-05')).toEqual({ opens: '2026-06-01', due: '2026-06-05' })
    expect(returnWindow('2025-12')).toEqual({ opens: '2026-01-01', due: '2026-01-05' })
    expect(duePassed('2026-05', new Date('2026-06-05T23:59:00+08:00'))).toBe(false)
    expect(duePassed('2026-05', new Date('2026-06-06T00:00:00+08:00'))).toBe(true)
  })

  it('call for a zero report when nothing is counted, stocks included', () => {
    const zero = { disputes: { accepted: 0, successRate: null, supervised: 0 }, petitions: { total: 0, supervised: 0 } } as unknown as ReportTotals
    expect(isZeroFigures(zero)).toBe(true)
    expect(isZeroFigures({ ...zero, disputes: { ...zero.disputes, carriedOver: 1 } })).toBe(false)
    expect(isZeroFigures({ ...zero, petitions: { ...zero.petitions, total: 1 } })).toBe(false)
  })

  it('have status tags: a missing return turns red after the due day', () => {
    expect(statusTag('submitted', true)).toBe('success')
    expect(statusTag('late', true)).toBe('warning')
    expect(statusTag('missing', false)).toBe('info')
    expect(statusTag('missing', true)).toBe('danger')
  })
})
