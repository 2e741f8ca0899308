// Types of the Pingan HTTP API (docs/API.md, the stable contract and its Extensions).

export type Kind = 'dispute' | 'petition'
export type Role = 'admin' | 'leader' | 'mediator' | 'petition'
export type RegionLevel = 'city' | 'county' | 'township'
export type RiskLevel = 'red' | 'orange' | 'yellow' | 'blue'
export type Warning = '' | 'due_soon' | 'overdue'
export type Outcome = 'resolved' | 'failed'

export type CaseStatus =
  | 'registered'
  | 'accepted'
  | 'mediating'
  | 'resolved'
  | 'failed'
  | 'closed'
  | 'rejected'
  | 'received'
  | 'returned'
  | 'resolving'
  | 'cleared'

export type ActionName =
  | 'accept'
  | 'reject'
  | 'start'
  | 'session'
  | 'extend'
  | 'resolve'
  | 'fail'
  | 'close'
  | 'return'
  | 'assign'
  | 'clear'
  | 'reopen'
  | 'supervise'
  | 'feedback'

export type TodoReason = 'overdue' | 'due_soon' | 'supervised' | 'follow_up_due' | 'accept_due'

export interface User {
  id: string
  username: string
  name: string
  role: Role
  regionCode: string
  active: boolean
  createdAt: string
}

export interface LoginResponse {
  token: string
  expiresAt: string
  user: User
}

export interface Region {
  code: string
  name: string
  level: RegionLevel
  parentCode: string
}

export interface Actor {
  id: string
  name: string
}

export interface Party {
  name: string
  role: string
  idNumber?: string
  phone?: string
  address?: string
}

export interface Session {
  at: string
  mode: string
  record: string
}

export interface Agreement {
  type: string
  terms: string
  performBy?: string
}

export interface FollowUp {
  at: string
  satisfaction: string
  note?: string
}

export interface Extension {
  at: string
  days: number
  reason?: string
  approver?: string
}

export interface LeadLeader {
  name: string
  post: string
}

export interface DisputeInfo {
  source: string
  referralFrom?: string
  mediators?: string[] | null
  sessions?: Session[] | null
  agreement?: Agreement
  failureReason?: string
  redirect?: string
  followUp?: FollowUp
  rejectReason?: string
  extension?: Extension
}

export interface PetitionInfo {
  assignedBy: string
  batch?: string
  assignedAt?: string
  dueAt?: string
  leadLeader?: LeadLeader
  plan?: string
  resolutionType?: string
  repeatCount: number
  clearedAt?: string
  returnReason?: string
  extension?: Extension
}

export interface TimelineEntry {
  at: string
  actor: Actor
  action: string
  from: CaseStatus | ''
  to: CaseStatus
  note: string
}

export interface Supervision {
  at: string
  by: Actor
  note: string
  feedbackBy: string
  overdue?: boolean
  answeredAt?: string
  answeredBy?: Actor
  feedback?: string
}

/** The list form of a case: no ID numbers or phones. */
export interface CaseSummary {
  id: string
  caseNo: string
  kind: Kind
  status: CaseStatus
  version: number
  title: string
  category: string
  townshipCode: string
  townshipName?: string
  countyCode: string
  countyName?: string
  riskLevel: RiskLevel
  registeredAt: string
  acceptedAt?: string
  dueAt?: string
  closedAt?: string
  outcome?: Outcome
  overdue: boolean
  warning?: Warning
  supervised?: boolean
  partyNames?: string[]
  allowedActions?: ActionName[]
}

/** A case with its whole history, as GET /cases/{id} and actions answer. */
export interface Case extends Omit<CaseSummary, 'partyNames'> {
  summary: string
  village: string
  parties: Party[]
  dispute?: DisputeInfo
  petition?: PetitionInfo
  timeline: TimelineEntry[]
  supervision?: Supervision
  supervisions?: Supervision[]
  createdBy?: Actor
  createdAt: string
  updatedAt: string
}

export interface Page<T> {
  items: T[]
  total: number
  page: number
  pageSize: number
}

// a type alias (not an interface) so it fits the client's query record
export type CaseQuery = {
  kind?: Kind
  status?: string
  township?: string
  county?: string
  category?: string
  riskLevel?: string
  overdue?: boolean
  warning?: string
  supervised?: boolean
  q?: string
  from?: string
  to?: string
  sort?: 'registeredAt' | 'dueAt'
  page?: number
  pageSize?: number
}

export interface NewCase {
  kind: Kind
  title: string
  summary: string
  category: string
  townshipCode: string
  village?: string
  riskLevel: RiskLevel
  parties: Party[]
  registeredAt?: string
  dispute?: { source: string; referralFrom?: string }
  petition?: { assignedBy: string; batch?: string; assignedAt?: string; dueAt?: string }
}

export interface ActionBody {
  action: ActionName
  version: number
  [field: string]: unknown
}

export interface TodoItem {
  case: CaseSummary
  reason: TodoReason
  since: string
}

export interface TodoList {
  items: TodoItem[]
  /** The whole list's length (the header badge). */
  total: number
  page: number
  pageSize: number
}

/** The answer to POST /cases/import. */
export interface ImportResult {
  kind: Kind
  /** Cases stored (0 on a dry run). */
  imported: number
  /** Rows that passed the checks. */
  valid: number
  dryRun: boolean
  /** The first case numbers, in file order. */
  cases: string[]
}

export interface AuditEntry {
  id: string
  at: string
  actor: string
  action: string
  target?: string
  detail?: string
  ip?: string
}

export interface DisputeFigures {
  total: number
  accepted: number
  resolved: number
  failed: number
  pending: number
  successRate: number | null
  overdue?: number
  supervised?: number
  followUps?: number
  satisfied?: number
  basic?: number
  satisfactionRate?: number | null
  basicOrBetterRate?: number | null
}

export interface PetitionFigures {
  total: number
  cleared: number
  open: number
  overdue: number
  clearanceRate: number | null
  supervised?: number
}

export interface ResolutionRow {
  code: string
  name: string
  parentCode: string
  rank?: number
  disputes: DisputeFigures
  petitions: PetitionFigures
}

export interface ResolutionReport {
  region: { code: string; name: string; level: RegionLevel }
  groupBy: 'county' | 'township'
  from?: string
  to?: string
  generatedAt: string
  rows: ResolutionRow[]
  totals: { disputes: DisputeFigures; petitions: PetitionFigures }
}

export interface TrendPoint {
  period: string
  from: string
  to: string
  disputes: DisputeFigures
  petitions: PetitionFigures
}

export interface TrendReport {
  interval: 'month' | 'quarter' | 'year'
  from: string
  to: string
  points: TrendPoint[]
}

export interface CategoryRow {
  category: string
  name: string
  total: number
  accepted: number
  resolved: number
  failed: number
  pending: number
  successRate: number | null
}

export interface CategoryReport {
  from?: string
  to?: string
  rows: CategoryRow[]
  totals: Omit<CategoryRow, 'category' | 'name'>
}

export interface BacklogItem extends CaseSummary {
  leadLeader?: LeadLeader
  assignedBy?: string
  daysOverdue?: number
}

export interface BacklogReport {
  generatedAt: string
  items: BacklogItem[]
  total: number
}

// a type alias (not an interface) so it fits the client's query record
export type ReportQuery = {
  region?: string
  groupBy?: 'county' | 'township'
  from?: string
  to?: string
}

export interface FieldError {
  field: string
  message: string
}

/** One broken cell of an uploaded ledger: the row as the spreadsheet numbers it (header = 1) and its column. */
export interface RowError {
  row: number
  column: string
  message: string
}

export interface ErrorBody {
  error: { code: string; message: string; fields?: FieldError[]; rows?: RowError[] }
}
