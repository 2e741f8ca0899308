// The figures leaders read (DESIGN.md, "Figures leaders read"), as the screens show them: in the order of the
// 人民调解 monthly return (月报), each with the word it goes by, whether it is a flow of the period, a stock at its
// start or end, or a rate, and — for a rate — what it divides. One list, so the report cards, the overview
// and the tables never call two numbers by one word.
import type { DisputeFigures, PetitionFigures } from '@/api/types'
import { formatMoney, formatNumber, formatRate } from './format'

export type FigureGroup = 'disputes' | 'petitions'
/** flow: events dated in the period; start: the stock when it began; end: the stock when it ended (or now); rate. */
export type FigureKind = 'flow' | 'start' | 'end' | 'rate'

export interface Figure {
  group: FigureGroup
  /** The field of DisputeFigures / PetitionFigures; also the i18n key under figures.<group>. */
  field: string
  kind: FigureKind
  /** For a rate: when its parts are counted (a backlog clearance rate is a stock at the end). */
  rateOf?: 'flow' | 'end'
  /** Yuan, shown with two decimals. */
  money?: boolean
  tone?: 'blue' | 'green' | 'purple' | 'orange' | 'red' | 'grey'
  /** Which change the trend report gives for it (同比/环比): a relative change of a count or a rate's difference. */
  change?: 'disputesTotal' | 'successRate' | 'petitionsTotal' | 'clearanceRate'
}

const d = (field: keyof DisputeFigures, kind: FigureKind, more: Partial<Figure> = {}): Figure => ({ group: 'disputes', field, kind, ...more })
const p = (field: keyof PetitionFigures, kind: FigureKind, more: Partial<Figure> = {}): Figure => ({ group: 'petitions', field, kind, ...more })

/** The dispute figures in the order of the monthly return: 上期结转, 本期新收, 受理, 调解成功, 调解不成, 调结, 期末在办, rates. */
export const DISPUTE_FIGURES: Figure[] = [
  d('carriedOver', 'start', { tone: 'grey' }),
  d('registered', 'flow', { tone: 'blue', change: 'disputesTotal' }),
  d('accepted', 'flow', { tone: 'blue' }),
  d('resolved', 'flow', { tone: 'green' }),
  d('failed', 'flow', { tone: 'orange' }),
  d('concluded', 'flow', { tone: 'blue' }),
  d('pending', 'end', { tone: 'purple' }),
  d('successRate', 'rate', { rateOf: 'flow', tone: 'green', change: 'successRate' }),
  d('concludedRate', 'rate', { rateOf: 'flow', tone: 'blue' }),
  d('onTimeRate', 'rate', { rateOf: 'flow', tone: 'blue' }),
  d('overdue', 'end', { tone: 'red' }),
  d('satisfactionRate', 'rate', { rateOf: 'flow', tone: 'green' }),
]

/** What else the monthly return counts: 不予受理, 回访, people and money, 群体性纠纷, prevention. */
export const DISPUTE_MORE: Figure[] = [
  d('rejected', 'flow'),
  d('followUps', 'flow'),
  d('basicOrBetterRate', 'rate', { rateOf: 'flow' }),
  d('parties', 'flow'),
  d('amount', 'flow', { money: true }),
  d('mass', 'flow'),
  d('preventedCriminal', 'flow'),
  d('preventedSuicide', 'flow'),
  d('preventedMassPetition', 'flow'),
  d('preventedMassFight', 'flow'),
]

/** The backlog figures: 交办, 销号, 反弹 in the period; 积案总数, 已销号, 未销号, 超期 at its end; the clearance rate. */
export const PETITION_FIGURES: Figure[] = [
  p('assigned', 'flow', { tone: 'purple' }),
  p('cleared', 'flow', { tone: 'green' }),
  p('reopened', 'flow', { tone: 'orange' }),
  p('total', 'end', { tone: 'purple', change: 'petitionsTotal' }),
  p('clearedAtEnd', 'end', { tone: 'green' }),
  p('open', 'end', { tone: 'orange' }),
  p('overdue', 'end', { tone: 'red' }),
  p('clearanceRate', 'rate', { rateOf: 'end', tone: 'green', change: 'clearanceRate' }),
]

/** The eight cards of the overview on the home page (UX.md, Dashboard), words as on the reports page. */
export const OVERVIEW_FIGURES: Figure[] = [
  ...DISPUTE_FIGURES.filter((f) => ['registered', 'accepted', 'resolved', 'successRate'].includes(f.field)),
  ...PETITION_FIGURES.filter((f) => ['total', 'clearedAtEnd', 'open', 'overdue'].includes(f.field)),
]

/** A township's month on its mediator's home page: what came in, what was done, what is still open and late. */
export const MONTH_FIGURES: Figure[] = DISPUTE_FIGURES.filter((f) => ['registered', 'resolved', 'successRate', 'pending', 'overdue'].includes(f.field))

export function figureValue(f: Figure, disputes?: DisputeFigures | null, petitions?: PetitionFigures | null): number | null {
  const src = (f.group === 'disputes' ? disputes : petitions) as unknown as Record<string, number | null> | null | undefined
  const v = src?.[f.field]
  return v === undefined ? null : v
}

export function formatFigure(f: Figure, v: number | null | undefined): string {
  if (f.kind === 'rate') return formatRate(v)
  return f.money ? formatMoney(v) : formatNumber(v)
}

/** A rate's difference as percentage points: 0.012 → +1.2 (the caller adds 个百分点). */
export function formatPoints(diff: number | null | undefined): string {
  if (diff === null || diff === undefined || !Number.isFinite(diff)) return '—'
  const pts = Math.round(diff * 1000) / 10
  return `${pts > 0 ? '+' : ''}${pts.toFixed(1)}`
}
