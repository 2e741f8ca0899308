// The enumerations are the Go code's (domain/enums.go, generated into api/generated/enums.ts by make
// generate): codes in the order the UI lists them, Chinese and English labels. This module only reads them
// and adds what is presentation: tag types and colours.
import { ENUMS, type EnumName } from '@/api/generated/enums'
import type { ActionName, CaseStatus, Kind, RegionLevel, Role, RiskLevel } from '@/api/types'

export { ENUMS, type EnumName }

/** The codes of an enumeration, in the order the UI lists them. */
export function enumCodes<N extends EnumName>(name: N): (typeof ENUMS)[N][number]['code'][] {
  return ENUMS[name].map((o) => o.code)
}

/** Each kind's statuses, in lifecycle order (the status filter). */
export const STATUSES: Record<Kind, CaseStatus[]> = {
  dispute: enumCodes('disputeStatuses'),
  petition: enumCodes('petitionStatuses'),
}

const offered = <A extends string>(a: A): a is Exclude<A, 'register'> => a !== 'register'

/** Each kind's actions in the order the case page offers them (register is the timeline's first entry only). */
export const ACTIONS: Record<Kind, ActionName[]> = {
  dispute: enumCodes('disputeActions').filter(offered),
  petition: enumCodes('petitionActions').filter(offered),
}

// a returned backlog case is open: it awaits the assigning office's decision (改交 or 收回) and still counts
const CLOSED: CaseStatus[] = ['rejected', 'closed', 'cleared', 'withdrawn']

/** Whether a case still needs work (the server's domain.IsOpen). */
export function isOpenStatus(s: CaseStatus): boolean {
  return !CLOSED.includes(s)
}

export const RISK_COLORS: Record<RiskLevel, string> = {
  red: '#F56C6C',
  orange: '#E6A23C',
  yellow: '#EEBE3F',
  blue: '#409EFF',
}

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'

export const STATUS_TAG: Record<CaseStatus, TagType> = {
  registered: 'info',
  received: 'info',
  accepted: 'primary',
  mediating: 'warning',
  resolving: 'warning',
  resolved: 'success',
  failed: 'danger',
  closed: 'info',
  reviewing: 'warning',
  cleared: 'success',
  rejected: 'danger',
  returned: 'danger',
  withdrawn: 'info',
  referred: 'warning',
}

/**
 * Whether a case's due date counts in this status (the server's domain.DeadlineRunning): a dispute's while
 * accepted or mediating; a backlog case's from 交办 until 销号, except while a clearance application awaits
 * review (the clock stands still then).
 */
export function deadlineRunning(kind: Kind, s: CaseStatus): boolean {
  if (kind === 'dispute') return s === 'accepted' || s === 'mediating'
  return ['received', 'accepted', 'returned', 'resolving', 'resolved'].includes(s)
}

/**
 * Who may register which kind (API.md: mediator/admin disputes, petition/admin petitions). A backlog case
 * is assigned (交办) by a city or county petition office; petition staff of a township may enter one from the
 * paper 交办单 they received, and the server records it as assigned by their county's office (which then
 * reviews its clearance: domain.AssignerRegionOf), so no township signs off its own cases.
 */
export function canRegister(role: Role | undefined, kind: Kind): boolean {
  if (role === 'admin') return true
  return role === (kind === 'dispute' ? 'mediator' : 'petition')
}

/** Whether a backlog case entered by this user is recorded as assigned by the county above (a township's). */
export function recordsForCounty(role: Role | undefined, kind: Kind, regionLevel?: RegionLevel): boolean {
  return kind === 'petition' && role === 'petition' && regionLevel === 'township'
}

/** The enumeration a kind's categories come from: 纠纷类型 for disputes, 信访事项类别 for backlog cases. */
export function categoryEnum(kind: Kind | undefined): 'categories' | 'petitionCategories' {
  return kind === 'petition' ? 'petitionCategories' : 'categories'
}
