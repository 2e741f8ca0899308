package domain

import (
	"errors"
	"net/http"
)

// Error is a domain error that knows how it is answered over HTTP (API.md, Errors).
// One central HTTP error handler renders it; nothing else picks status codes for domain outcomes.
//
// Code is the class the API contract names (not_found, forbidden, …); Reason names the exact refusal
// (case_not_found, out_of_region, …), one per sentinel below, so clients and tests can tell refusals of
// one class apart without reading the message. errors.Is matches on Reason: one sentinel, one refusal.
type Error struct {
	Status  int
	Code    string
	Reason  string
	Message string
	Fields  []FieldError
	// Rows names the broken cells of an imported file by sheet, row and column (instead of Fields).
	Rows []RowError
}

// FieldError names one broken field by its JSON path (e.g. "parties[0].name") with a Chinese message.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// RowError names one broken cell of an imported file: the sheet, its row number as the spreadsheet shows
// it and its column header.
type RowError struct {
	Sheet   string `json:"sheet,omitempty"`
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

func (e *Error) Error() string { return e.Reason + ": " + e.Message }

// Is makes errors.Is match on the reason, so copies with other messages still match their sentinel and
// no other.
func (e *Error) Is(target error) bool {
	var t *Error
	return errors.As(target, &t) && t.Reason == e.Reason
}

// withFields returns a copy of the error naming fields.
func (e *Error) withFields(fields []FieldError) *Error {
	c := *e
	c.Fields = fields
	return &c
}

// WithMessage returns a copy of the error with another message.
func (e *Error) WithMessage(msg string) *Error {
	c := *e
	c.Message = msg
	return &c
}

func newError(status int, code, reason, msg string) *Error {
	return &Error{Status: status, Code: code, Reason: reason, Message: msg}
}

// The refusals. Each has its own reason; the code is the contract's class (docs/API.md lists both).
var (
	ErrBadRequest = newError(http.StatusBadRequest, "bad_request", "bad_request", "请求格式错误")

	ErrNotSignedIn     = newError(http.StatusUnauthorized, "unauthorized", "not_signed_in", "未登录，请先登录")
	ErrTokenInvalid    = newError(http.StatusUnauthorized, "unauthorized", "token_invalid", "登录凭证无效，请重新登录")
	ErrTokenExpired    = newError(http.StatusUnauthorized, "unauthorized", "token_expired", "登录已过期，请重新登录")
	ErrTokenRevoked    = newError(http.StatusUnauthorized, "unauthorized", "token_revoked", "您已退出登录，请重新登录")
	ErrAccountDisabled = newError(http.StatusUnauthorized, "unauthorized", "account_disabled", "账号不存在或已停用")
	ErrPasswordChanged = newError(http.StatusUnauthorized, "unauthorized", "password_changed", "密码已修改，请重新登录")
	ErrSessionEnded    = newError(http.StatusUnauthorized, "unauthorized", "session_ended", "账号曾被停用，此前的登录已失效，请重新登录")
	ErrBadCredentials  = newError(http.StatusUnauthorized, "unauthorized", "bad_credentials", "用户名或密码错误")

	ErrForbidden   = newError(http.StatusForbidden, "forbidden", "forbidden", "无权进行此操作")
	ErrOutOfRegion = newError(http.StatusForbidden, "forbidden", "out_of_region", "目标区域不在您的管辖范围内")
	ErrReadOnly    = newError(http.StatusForbidden, "forbidden", "read_only", "本实例为只读实例，不能写入")
	// ErrAdminNotBelow refuses an admin who would create or change an admin at or above its own level.
	ErrAdminNotBelow = newError(http.StatusForbidden, "forbidden", "admin_not_below", "只能管理本辖区下级区域的管理员，不能创建或修改同级、上级管理员")
	// ErrNotAssigningOffice: only the office that assigned a backlog case decides returns, reviews its
	// clearance, extends and reopens it.
	ErrNotAssigningOffice = newError(http.StatusForbidden, "forbidden", "not_assigning_office", "此操作须由交办单位办理")
	// ErrNotHandlingUnit: the assigning office does not sign for, work or apply to clear its own cases.
	ErrNotHandlingUnit = newError(http.StatusForbidden, "forbidden", "not_handling_unit", "此操作须由承办单位办理，交办单位不能代为办理")
	// ErrNotUploaderOffice: only the office that uploaded an attachment (or an admin above it) deletes it.
	ErrNotUploaderOffice = newError(http.StatusForbidden, "forbidden", "not_uploader_office", "只有上传该附件的单位可以删除它")

	// ErrHazardRole: leaders read the hazard ledger and check (验收) it, they do not keep it.
	ErrHazardRole = newError(http.StatusForbidden, "forbidden", "hazard_role", "领导只能查阅和验收风险隐患，登记、研判、整治由调解员、信访干部或管理员办理")
	// ErrHazardNotAbove: 验收 is for the level above the hazard's township, never the township itself.
	ErrHazardNotAbove = newError(http.StatusForbidden, "forbidden", "hazard_not_above", "验收须由隐患所在乡镇（街道）的上级（县、市）办理")
	// ErrListingRole: only leaders and admins of a county or the city list items for supervision (挂牌督办).
	ErrListingRole = newError(http.StatusForbidden, "forbidden", "listing_role", "挂牌督办须由县（区）、市的领导或管理员办理")
	// ErrListingNotLister: only the lister's region (or above) delists or extends a listing.
	ErrListingNotLister = newError(http.StatusForbidden, "forbidden", "listing_not_lister", "摘牌、延期须由挂牌单位办理")
	// ErrListingNotListedUnit: progress is reported by the listed unit (the target township's staff).
	ErrListingNotListedUnit = newError(http.StatusForbidden, "forbidden", "listing_not_listed_unit", "整改进展须由被挂牌的乡镇（街道）报送")

	ErrNotFound       = newError(http.StatusNotFound, "not_found", "not_found", "资源不存在")
	ErrRouteNotFound  = newError(http.StatusNotFound, "not_found", "route_not_found", "接口不存在")
	ErrFileNotFound   = newError(http.StatusNotFound, "not_found", "file_not_found", "文件不存在")
	ErrCaseNotFound   = newError(http.StatusNotFound, "not_found", "case_not_found", "案件不存在")
	ErrUserNotFound   = newError(http.StatusNotFound, "not_found", "user_not_found", "用户不存在")
	ErrRegionNotFound = newError(http.StatusNotFound, "not_found", "region_not_found", "区域不存在")
	// ErrReturnNotFound answers an unknown monthly return, and one of a township outside the caller's region.
	ErrReturnNotFound = newError(http.StatusNotFound, "not_found", "return_not_found", "报表不存在")
	// ErrAttachmentNotFound answers an unknown attachment of a case the caller sees.
	ErrAttachmentNotFound = newError(http.StatusNotFound, "not_found", "attachment_not_found", "附件不存在或已被删除")
	// ErrDocumentNotFound answers a document the case has nothing for yet (a 协议书 before an agreement).
	ErrDocumentNotFound = newError(http.StatusNotFound, "not_found", "document_not_found", "本案尚无此文书（例如未达成书面协议的案件没有调解协议书）")
	// ErrCommitteeNotFound answers an unknown committee, and one the caller does not read.
	ErrCommitteeNotFound = newError(http.StatusNotFound, "not_found", "committee_not_found", "人民调解委员会不存在")
	// ErrHazardNotFound answers an unknown hazard, and one outside the caller's region.
	ErrHazardNotFound = newError(http.StatusNotFound, "not_found", "hazard_not_found", "风险隐患不存在")
	// ErrListingNotFound answers an unknown listing, and one the caller does not see.
	ErrListingNotFound = newError(http.StatusNotFound, "not_found", "listing_not_found", "挂牌督办事项不存在")

	// ErrRoundNotFound answers an unknown 排查 round, and one of a township outside the caller's region.
	ErrRoundNotFound = newError(http.StatusNotFound, "not_found", "round_not_found", "排查记录不存在")

	ErrMethodNotAllowed = newError(http.StatusMethodNotAllowed, "method_not_allowed", "method_not_allowed", "不支持的请求方法")

	ErrVersionConflict   = newError(http.StatusConflict, "version_conflict", "version_conflict", "案件已被他人更新，请刷新后重试")
	ErrInvalidTransition = newError(http.StatusConflict, "invalid_transition", "invalid_transition", "当前状态不允许此操作")
	ErrConflict          = newError(http.StatusConflict, "conflict", "conflict", "该值已被占用")
	ErrUsernameTaken     = newError(http.StatusConflict, "conflict", "username_taken", "用户名已存在")
	ErrImportBusy        = newError(http.StatusConflict, "conflict", "import_in_progress", "您的上一个导入尚未完成，请稍候再试")
	// ErrReturnSubmitted refuses a second return for one township and month: a submitted return never
	// changes; what changed later goes into a correction.
	ErrReturnSubmitted = newError(http.StatusConflict, "conflict", "return_submitted", "该乡镇本月的统计月报已报送，报送后不能修改；数据有变化时请提交更正")
	// ErrReturnUnchanged refuses a correction that would record the figures already submitted.
	ErrReturnUnchanged = newError(http.StatusConflict, "conflict", "return_unchanged", "当前统计数字与已报送的一致，无需更正")
	// ErrCorrectionConflict: another correction of the same return was submitted at the same time.
	ErrCorrectionConflict = newError(http.StatusConflict, "conflict", "correction_conflict", "该月报刚刚有人提交了更正，请刷新后查看")
	// ErrCommitteeChanged: the committee was changed by someone else since it was read.
	ErrCommitteeChanged = newError(http.StatusConflict, "version_conflict", "committee_changed", "该调委会信息已被他人修改，请刷新后重试")
	// ErrRoundPlacesChanged: the township's list of places was changed by someone else since it was read.
	ErrRoundPlacesChanged = newError(http.StatusConflict, "version_conflict", "round_places_changed", "该乡镇的村（社区）名单已被他人修改，请刷新后重试")
	// ErrRoundChanged: the round was corrected by someone else since it was read (its version).
	ErrRoundChanged = newError(http.StatusConflict, "version_conflict", "round_changed", "该排查记录已被他人更正，请刷新后重试")
	// ErrRoundUnchanged refuses a correction that changes nothing.
	ErrRoundUnchanged = newError(http.StatusConflict, "conflict", "round_unchanged", "更正后的内容与原记录相同，无需更正")

	// ErrHazardTransition: the hazard's status does not allow the step (its message names both).
	ErrHazardTransition = newError(http.StatusConflict, "invalid_transition", "hazard_invalid_transition", "风险隐患当前状态不允许此操作")
	// ErrHazardChanged: the hazard was changed by someone else since it was read.
	ErrHazardChanged = newError(http.StatusConflict, "version_conflict", "hazard_changed", "该风险隐患已被他人更新，请刷新后重试")
	// ErrListingTransition: a delisted item takes no more steps.
	ErrListingTransition = newError(http.StatusConflict, "invalid_transition", "listing_invalid_transition", "该事项已摘牌，不能再办理")
	// ErrListingChanged: the listing was changed by someone else since it was read.
	ErrListingChanged = newError(http.StatusConflict, "version_conflict", "listing_changed", "该挂牌督办事项已被他人更新，请刷新后重试")
	// ErrListingDuplicate: the target is already listed and not yet delisted.
	ErrListingDuplicate = newError(http.StatusConflict, "conflict", "listing_duplicate", "该对象已挂牌督办且尚未摘牌")

	// The 稳评 register (domain/assessment.go).
	ErrAssessmentNotFound = newError(http.StatusNotFound, "not_found", "assessment_not_found", "稳评事项不存在")
	// ErrAssessmentManager: only county and city admins, leaders (政法委) and petition (维稳) staff keep the register.
	ErrAssessmentManager = newError(http.StatusForbidden, "forbidden", "assessment_not_manager", "只有区县、市一级的管理员、领导和信访维稳干部可以登记和修改稳评事项")
	ErrAssessmentChanged = newError(http.StatusConflict, "version_conflict", "assessment_changed", "该稳评事项已被他人修改，请刷新后重试")
	// ErrAssessmentTransition: the follow-up's state does not allow the action (a record on a closed follow-up).
	ErrAssessmentTransition = newError(http.StatusConflict, "invalid_transition", "assessment_invalid_transition", "跟踪落实的当前状态不允许此操作")
	// ErrAssessmentConditionsUnmet: the follow-up closes only when every condition is met.
	ErrAssessmentConditionsUnmet = newError(http.StatusConflict, "invalid_transition", "assessment_conditions_unmet", "还有实施条件未落实，不能办结跟踪")
	// ErrAssessmentGradeConclusion: the conclusion is more permissive than the risk grade allows.
	ErrAssessmentGradeConclusion = &Error{Status: http.StatusUnprocessableEntity, Code: "validation_failed",
		Reason: "assessment_grade_conclusion", Message: "评估结论与风险等级不符"}

	// ErrLegacyExcel answers an old binary Excel file (.xls, recognised by its signature, whatever its name).
	ErrLegacyExcel = newError(http.StatusBadRequest, "bad_request", "legacy_excel", "这是旧版 Excel（.xls）文件：请在 Excel/WPS 中另存为 .xlsx 后再导入")
	// ErrNoLedgerHeader: no sheet of an uploaded ledger has a row that names ledger columns; Fields names
	// each sheet and what it recognised.
	ErrNoLedgerHeader = newError(http.StatusUnprocessableEntity, "validation_failed", "ledger_header_not_found",
		"文件中没有找到台账表头：表头应包含登记日期、当事人、纠纷类型、化解情况等列（前20行内）")

	ErrBodyTimeout = newError(http.StatusRequestTimeout, "request_timeout", "body_timeout", "请求内容发送超时，请检查网络后重试")

	ErrPayloadTooLarge = newError(http.StatusRequestEntityTooLarge, "payload_too_large", "payload_too_large", "请求内容过大")
	// ErrSpreadsheetTooLarge refuses an uploaded workbook whose content would expand beyond what the largest
	// legal ledger needs (a zip bomb, megabytes of whitespace).
	// ErrAttachmentTooLarge and ErrCaseFilesFull refuse a file over the per-file limit, or one that would
	// take a case's attachments over the per-case limit (the message names the limit).
	ErrAttachmentTooLarge  = newError(http.StatusRequestEntityTooLarge, "payload_too_large", "attachment_too_large", "附件（file）过大")
	ErrCaseFilesFull       = newError(http.StatusRequestEntityTooLarge, "payload_too_large", "case_files_full", "本案附件总大小已达上限，不能再上传")
	ErrSpreadsheetTooLarge = newError(http.StatusRequestEntityTooLarge, "payload_too_large", "spreadsheet_too_large", "Excel 文件解压后过大，无法读取")

	ErrRateLimited   = newError(http.StatusTooManyRequests, "rate_limited", "too_many_attempts", "登录尝试过于频繁，请稍后再试")
	ErrAccountLocked = newError(http.StatusTooManyRequests, "rate_limited", "account_locked", "登录失败次数过多，账号已暂时锁定，请稍后再试")

	ErrInternal         = newError(http.StatusInternalServerError, "internal", "internal", "服务器内部错误，请稍后再试")
	ErrStoreUnavailable = newError(http.StatusServiceUnavailable, "store_unavailable", "store_unavailable", "数据存储暂时不可用，请稍后再试")
	ErrStorageFull      = newError(http.StatusServiceUnavailable, "store_unavailable", "storage_full", "服务器磁盘空间已满，数据未能保存，请联系系统管理员")
)

// Invalid returns a 422 validation error naming the broken fields.
func Invalid(fields ...FieldError) *Error {
	return &Error{Status: http.StatusUnprocessableEntity, Code: "validation_failed", Reason: "validation_failed",
		Message: "请求参数校验失败", Fields: fields}
}

// InvalidRows returns a 422 validation error naming the broken cells of an imported file.
func InvalidRows(msg string, rows ...RowError) *Error {
	return &Error{Status: http.StatusUnprocessableEntity, Code: "validation_failed", Reason: "validation_failed",
		Message: msg, Rows: rows}
}

// ErrAttachmentType refuses a file whose content is not one of the types that may be attached (a 422 of its
// own reason, naming the field file).
var ErrAttachmentType = &Error{Status: http.StatusUnprocessableEntity, Code: "validation_failed", Reason: "attachment_type",
	Message: "附件类型不支持", Fields: []FieldError{{Field: "file", Message: "只能上传 JPG、PNG 图片，PDF，Word（.docx）或 Excel（.xlsx）文件；文件类型按内容识别，改扩展名无效"}}}

// The refusals of a 排查 round's content (422, each its own reason, naming the field).
var (
	ErrRoundDate = &Error{Status: http.StatusUnprocessableEntity, Code: "validation_failed", Reason: "round_date_out_of_range",
		Message: "排查日期不能晚于今天，也不能早于90天前", Fields: []FieldError{{Field: "date", Message: "排查日期不能晚于今天，也不能早于90天前"}}}
	ErrRoundPlaceUnknown = &Error{Status: http.StatusUnprocessableEntity, Code: "validation_failed", Reason: "round_place_unknown",
		Message: "村（社区）不在本乡镇的名单中"}
	ErrRoundZeroReportNotEmpty = &Error{Status: http.StatusUnprocessableEntity, Code: "validation_failed", Reason: "round_zero_report_not_empty",
		Message: "零报告不能同时填报发现的纠纷、风险隐患或预防纠纷", Fields: []FieldError{{Field: "zeroReport", Message: "已填报发现的问题，不能选零报告"}}}
	// ErrRoundZeroReportHasCases: a round whose disputes were registered as cases, or whose hazards the ledger
	// took, cannot be corrected into a 零报告.
	ErrRoundZeroReportHasCases = &Error{Status: http.StatusUnprocessableEntity, Code: "validation_failed", Reason: "round_zero_report_has_cases",
		Message: "本次排查发现的纠纷已登记为案件（或风险隐患已录入台账），不能改为零报告", Fields: []FieldError{{Field: "zeroReport",
			Message: "发现的纠纷已登记为案件（或隐患已录入台账），不能改为零报告；案件请在案件页面办理"}}}
	ErrRoundNothingFound = &Error{Status: http.StatusUnprocessableEntity, Code: "validation_failed", Reason: "round_nothing_found",
		Message: "未填报发现的纠纷、风险隐患或预防纠纷：没有发现问题请选择零报告", Fields: []FieldError{{Field: "zeroReport", Message: "没有发现问题请选择零报告"}}}
)

// AllErrors lists every sentinel, for the docs and the test that each reason is unique.
func AllErrors() []*Error {
	return []*Error{ErrBadRequest, ErrNotSignedIn, ErrTokenInvalid, ErrTokenExpired, ErrTokenRevoked,
		ErrAccountDisabled, ErrPasswordChanged, ErrSessionEnded, ErrBadCredentials, ErrForbidden, ErrOutOfRegion, ErrReadOnly,
		ErrAdminNotBelow, ErrNotAssigningOffice, ErrNotHandlingUnit, ErrNotFound, ErrRouteNotFound, ErrFileNotFound, ErrCaseNotFound,
		ErrUserNotFound, ErrRegionNotFound, ErrReturnNotFound, ErrMethodNotAllowed, ErrVersionConflict, ErrInvalidTransition,
		ErrConflict, ErrUsernameTaken, ErrImportBusy, ErrLegacyExcel, ErrNoLedgerHeader, ErrReturnSubmitted, ErrReturnUnchanged, ErrCorrectionConflict, ErrBodyTimeout, ErrPayloadTooLarge, ErrSpreadsheetTooLarge, ErrRateLimited, ErrAccountLocked,
		ErrInternal, ErrStoreUnavailable, ErrStorageFull, Invalid(),
		ErrAttachmentNotFound, ErrDocumentNotFound, ErrNotUploaderOffice, ErrAttachmentTooLarge, ErrCaseFilesFull, ErrAttachmentType,
		ErrCommitteeNotFound, ErrCommitteeChanged,
		ErrRoundNotFound, ErrRoundPlacesChanged, ErrRoundDate, ErrRoundPlaceUnknown, ErrRoundZeroReportNotEmpty, ErrRoundNothingFound,
		ErrRoundChanged, ErrRoundUnchanged, ErrRoundZeroReportHasCases,
		ErrHazardRole, ErrHazardNotAbove, ErrHazardNotFound, ErrHazardTransition, ErrHazardChanged,
		ErrListingRole, ErrListingNotLister, ErrListingNotListedUnit, ErrListingNotFound, ErrListingTransition, ErrListingChanged, ErrListingDuplicate,
		ErrAssessmentNotFound, ErrAssessmentManager, ErrAssessmentChanged, ErrAssessmentTransition, ErrAssessmentConditionsUnmet,
		ErrAssessmentGradeConclusion}
}
