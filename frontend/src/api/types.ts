// Types of the Pingan HTTP API: names for the types generated from the server's OpenAPI document
// (generated/schema.ts, written by `make generate` from the Go code), and the query shapes the client sends.
import type * as api from './generated/schema'

export type Kind = api.Kind
export type Role = api.Role
export type RegionLevel = api.RegionLevel
export type RiskLevel = api.RiskLevel
export type Category = api.Category
export type Warning = api.Warning | ''
export type Outcome = api.Outcome
export type CaseStatus = api.Status
/** An action a case can be asked to take (POST /cases/{id}/actions). */
export type ActionName = api.ActionRequest['action']
/** What a timeline entry records: an action, or register. */
export type TimelineAction = api.Action
export type TodoReason = api.TodoReason

export type User = api.User
/** The answer to login: the server always names the user. */
export type LoginResponse = api.TokenResponse & { user: User }
export type Region = api.Region

export type Actor = api.Actor
export type Party = api.Party
export type Session = api.Session
export type Agreement = api.Agreement
export type FollowUp = api.FollowUp
export type Extension = api.Extension
export type Visit = api.Visit
export type Prevention = api.Prevention
export type Confirmation = api.Confirmation
export type Material = api.Material
export type Review = api.Review
export type LeadLeader = api.LeadLeader
export type DisputeInfo = api.DisputeInfo
export type PetitionInfo = api.PetitionInfo
export type TimelineEntry = api.TimelineEntry
/** A 督办 as the case lists it; the open one (case.supervision) also says whether its feedback is overdue. */
export type Supervision = api.Supervision & { overdue?: boolean }

/**
 * A case's category: 纠纷类型 for a dispute, 信访事项类别 for a backlog case (the generated schema names only
 * the dispute categories for both).
 */
export type AnyCategory = api.Category | api.PetitionCategory
/** The list form of a case: no ID numbers or phones. */
export type CaseSummary = Omit<api.CaseSummary, 'category'> & { category: AnyCategory }
/** A case with its whole history, as GET /cases/{id} and actions answer. */
export type Case = Omit<api.Case, 'category'> & { category: AnyCategory }

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
  /** 交办批次 (backlog petition cases) */
  batch?: string
  q?: string
  from?: string
  to?: string
  sort?: 'registeredAt' | 'dueAt'
  page?: number
  pageSize?: number
}

export type NewCase = api.NewCaseRequest
export type PartyInput = api.PartyInput
export type ActionBody = api.ActionRequest

export type TodoItem = Omit<api.TodoItem, 'case'> & { case: CaseSummary }
/** `total` counts the whole list (the header badge). */
export type TodoList = Omit<api.TodoList, 'items'> & { items: TodoItem[] }
/** A hazard or listed item on the to-do list (排查整治). */
export type WorkTodoItem = api.WorkTodoItem

/** The answer to POST /cases/import. */
export type ImportResult = api.ImportResult
export type AuditEntry = api.AuditEntry

export type DisputeFigures = api.DisputeFigures
export type PetitionFigures = api.PetitionFigures
export type ResolutionRow = api.ResolutionRow
export type ResolutionReport = api.ResolutionReport
export type TrendPoint = api.TrendPoint
/** 同比 / 环比: counts as relative change, rates as the difference; null when not computable. */
export type Change = api.Change
export type TrendReport = api.TrendReport
export type CategoryRow = api.CategoryRow
export type CategoryReport = api.CategoryReport
export type BacklogItem = Omit<api.BacklogItem, 'category'> & { category: AnyCategory }
export type BacklogReport = Omit<api.BacklogReport, 'items'> & { items: BacklogItem[] }

/** One 交办批次 of the batch board (GET /reports/batches): where its backlog cases stand now. */
export type BatchRow = api.BatchRow
export type BatchReport = api.BatchReport

// a type alias (not an interface) so it fits the client's query record
export type ReportQuery = {
  region?: string
  groupBy?: 'county' | 'township' | 'month'
  from?: string
  to?: string
}

export type FieldError = api.FieldError
/** One broken cell of an uploaded ledger: its sheet, the row as the spreadsheet numbers it (header = 1) and its column. */
export type RowError = api.RowError
export type ErrorCode = api.ErrorCode
export type ErrorReason = api.ErrorReason
export type ErrorBody = api.Error

// Monthly returns (统计月报报送)
export type ReportTotals = api.ReportTotals
/** One submitted version of a township's return for a month: the original or a correction. */
export type MonthlyReturn = api.MonthlyReturn
export type FigureChange = api.FigureChange
export type ReturnFigure = api.ReturnFigure
export type ReturnStatus = api.ReturnStatus
export type ReturnRow = api.ReturnRow
export type ReturnGroup = api.ReturnGroup
export type ReturnCounts = api.ReturnCounts
export type ReturnBoard = api.ReturnBoard
export type ReturnHistory = api.ReturnHistory
export type ReturnMonths = api.ReturnMonths
export type NewReturn = api.NewReturnRequest
export type ReturnCorrection = api.CorrectionRequest

/** The case file (人民调解卷宗): a generated document, an attachment and the attachments of a case. */
export type DocumentInfo = api.DocumentInfo
export type DocumentList = api.DocumentList
export type Attachment = api.Attachment
export type AttachmentList = api.AttachmentList
export type AttachmentKind = api.AttachmentKind
export type Numbering = api.Numbering
