// The enumerations are the Go code's (domain/enums.go, generated into api/generated/enums.ts by make
// generate): codes in the order the UI lists them, Chinese and English labels. This module only reads them
// and adds what is presentation: tag types and colours.
import { ENUMS, type EnumName } from '@/api/generated/enums'
import type { ActionName, CaseStatus, Kind, Role, RiskLevel } from '@/api/types'

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

const CLOSED: CaseStatus[] = ['rejected', 'closed', 'returned', 'cleared']

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
  cleared: 'success',
  rejected: 'danger',
  returned: 'danger',
}

/** Who may register which kind (API.md: mediator/admin disputes, petition/admin petitions). */
export function canRegister(role: Role | undefined, kind: Kind): boolean {
  if (role === 'admin') return true
  return kind === 'dispute' ? role === 'mediator' : role === 'petition'
}
