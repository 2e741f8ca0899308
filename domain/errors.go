package domain

import (
	"errors"
	"net/http"
)

// Error is a domain error that knows how it is answered over HTTP (API.md, Errors).
// One central HTTP error handler renders it; nothing else picks status codes for domain outcomes.
type Error struct {
	Status  int
	Code    string
	Message string
	Fields  []FieldError
	// Rows names the broken cells of an imported file by row and column (optional, with Fields).
	Rows []RowError
}

// FieldError names one broken field by its JSON path (e.g. "parties[0].name") with a Chinese message.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// RowError names one broken cell of an imported file: its row number as the spreadsheet shows it (the
// header is row 1) and its column header.
type RowError struct {
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Is makes errors.Is match on the code, so wrapped copies with other messages still match the sentinels.
func (e *Error) Is(target error) bool {
	var t *Error
	return errors.As(target, &t) && t.Code == e.Code && t.Status == e.Status
}

// WithMessage returns a copy of the error with another message.
func (e *Error) WithMessage(msg string) *Error {
	c := *e
	c.Message = msg
	return &c
}

var (
	ErrBadRequest        = &Error{Status: http.StatusBadRequest, Code: "bad_request", Message: "请求格式错误"}
	ErrUnauthorized      = &Error{Status: http.StatusUnauthorized, Code: "unauthorized", Message: "未登录或登录已过期，请重新登录"}
	ErrBadCredentials    = &Error{Status: http.StatusUnauthorized, Code: "unauthorized", Message: "用户名或密码错误"}
	ErrForbidden         = &Error{Status: http.StatusForbidden, Code: "forbidden", Message: "无权进行此操作"}
	ErrOutOfRegion       = &Error{Status: http.StatusForbidden, Code: "forbidden", Message: "目标区域不在您的管辖范围内"}
	ErrNotFound          = &Error{Status: http.StatusNotFound, Code: "not_found", Message: "资源不存在"}
	ErrCaseNotFound      = &Error{Status: http.StatusNotFound, Code: "not_found", Message: "案件不存在"}
	ErrVersionConflict   = &Error{Status: http.StatusConflict, Code: "version_conflict", Message: "案件已被他人更新，请刷新后重试"}
	ErrInvalidTransition = &Error{Status: http.StatusConflict, Code: "invalid_transition", Message: "当前状态不允许此操作"}
	ErrConflict          = &Error{Status: http.StatusConflict, Code: "conflict", Message: "该值已被占用"}
	ErrPayloadTooLarge   = &Error{Status: http.StatusRequestEntityTooLarge, Code: "payload_too_large", Message: "请求内容过大"}
	ErrRateLimited       = &Error{Status: http.StatusTooManyRequests, Code: "rate_limited", Message: "尝试次数过多，请稍后再试"}
	ErrReadOnly          = &Error{Status: http.StatusForbidden, Code: "forbidden", Message: "本实例为只读实例，不能写入"}
)

// Invalid returns a 422 validation error naming the broken fields.
func Invalid(fields ...FieldError) *Error {
	return &Error{Status: http.StatusUnprocessableEntity, Code: "validation_failed", Message: "请求参数校验失败", Fields: fields}
}
