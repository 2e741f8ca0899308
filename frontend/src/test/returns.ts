// Sample monthly returns for unit tests: figures with every field, a version, a row of a board.
import type { DisputeFigures, MonthlyReturn, PetitionFigures, ReportTotals, ReturnRow } from '@/api/types'

export function sampleFigures(d: Partial<DisputeFigures> = {}, p: Partial<PetitionFigures> = {}): ReportTotals {
  return {
    disputes: {
      registered: 0,
      accepted: 0,
      rejected: 0,
      carriedOver: 0,
      resolved: 0,
      failed: 0,
      concluded: 0,
      pending: 0,
      successRate: null,
      concludedRate: null,
      onTime: 0,
      onTimeRate: null,
      overdue: 0,
      followUps: 0,
      satisfied: 0,
      basic: 0,
      satisfactionRate: null,
      basicOrBetterRate: null,
      parties: 0,
      amount: 0,
      mass: 0,
      preventedCriminal: 0,
      preventedCriminalPeople: 0,
      preventedSuicide: 0,
      preventedSuicidePeople: 0,
      preventedMassPetition: 0,
      preventedMassPetitionPeople: 0,
      preventedMassFight: 0,
      preventedMassFightPeople: 0,
      supervised: 0,
      ...d,
    },
    petitions: { assigned: 0, cleared: 0, reopened: 0, total: 0, clearedAtEnd: 0, open: 0, overdue: 0, clearanceRate: null, supervised: 0, ...p },
  }
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
