// Sample monthly returns for unit tests: figures with every field, a version, a row of a board.
import type { DisputeFigures, MonthlyReturn, PetitionFigures, ReportTotals, ReturnRow } from '@/api/types'
import { disputeFigures, petitionFigures } from './helpers'

export function sampleFigures(d: Partial<DisputeFigures> = {}, p: Partial<PetitionFigures> = {}): ReportTotals {
  return { disputes: disputeFigures(d), petitions: petitionFigures(p) }
}

export function sampleReturn(over: Partial<MonthlyReturn> = {}): MonthlyReturn {
  return {
    id: '610921102-2026-05',
    township: '610921102',
    month: '2026-05',
    figures: sampleFigures({ registered: 2, accepted: 2, pending: 1, resolved: 1, concluded: 1, successRate: 1 }),
    zeroReport: false,
    submittedAt: '2026-06-02T10:00:00+08:00',
    submittedBy: { id: 'med1', name: '王调解' },
    late: false,
    ...over,
  }
}

export function sampleRow(over: Partial<ReturnRow> = {}): ReturnRow {
  return {
    township: '610921102',
    name: '双乳镇',
    parentCode: '610921',
    month: '2026-05',
    status: 'missing',
    submittedAt: null,
    corrections: 0,
    latest: null,
    changes: [],
    ...over,
  }
}
