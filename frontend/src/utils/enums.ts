// The enumeration codes in DESIGN.md order; their labels live in the locale files under enum.*.
import type { ActionName, CaseStatus, Kind, Role, RiskLevel } from '@/api/types'

export const ENUM_CODES = {
  kind: ['dispute', 'petition'],
  category: [
    'marriage_family',
    'neighbor',
    'housing_homestead',
    'contract',
    'production_business',
    'damages',
    'forest_land',
    'land_requisition',
    'pollution',
    'labor',
    'consumer',
    'medical',
    'traffic',
    'property_mgmt',
    'other',
  ],
  riskLevel: ['red', 'orange', 'yellow', 'blue'],
  source: ['application', 'proactive', 'referral'],
  referralFrom: ['court', 'police', 'petition', 'government', 'grid', 'hotline'],
  partyRole: ['applicant', 'respondent', 'petitioner', 'other'],
  assignedBy: ['central', 'provincial', 'municipal', 'county'],
  resolutionType: ['resolved', 'ceased', 'concluded', 'aided'],
  agreementType: ['written', 'oral'],
  failureReason: ['refused', 'gap_too_large', 'unreachable', 'withdrawn', 'timeout', 'refused_to_sign', 'other'],
  redirect: ['litigation', 'arbitration', 'administrative', 'none'],
  satisfaction: ['satisfied', 'basic', 'unsatisfied'],
  sessionMode: ['onsite', 'phone', 'video'],
  role: ['mediator', 'petition', 'leader', 'admin'],
  warning: ['due_soon', 'overdue'],
  todoReason: ['overdue', 'due_soon', 'supervised', 'follow_up_due', 'accept_due'],
} as const

export type EnumName = keyof typeof ENUM_CODES | 'status' | 'action' | 'level' | 'outcome'

export const STATUSES: Record<Kind, CaseStatus[]> = {
  dispute: ['registered', 'accepted', 'mediating', 'resolved', 'failed', 'closed', 'rejected'],
  petition: ['received', 'accepted', 'resolving', 'resolved', 'cleared', 'returned'],
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

export const ACTION_ORDER: ActionName[] = [
  'accept',
  'start',
  'session',
  'assign',
  'resolve',
  'close',
  'clear',
  'extend',
  'fail',
  'reopen',
  'feedback',
  'supervise',
  'reject',
  'return',
]
