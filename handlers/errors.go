package handlers

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"pingan/domain"
	"pingan/store"
)

// errorBody is the error shape of API.md, for every non-2xx answer.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string              `json:"code"`
	Reason  string              `json:"reason"`
	Message string              `json:"message"`
	Fields  []domain.FieldError `json:"fields,omitempty"`
	Rows    []domain.RowError   `json:"rows,omitempty"`
}

// errorHandler renders every error — domain errors, echo's own (unknown route, body too large), panics
// recovered by the middleware — as the API.md error body. It is the one place that picks status codes.
func (a *App) errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	de := toDomainError(err)
	if de.Status >= 500 {
		a.log.Error("request failed", "err", err, "path", c.Path(), "request_id", requestID(c))
	}
	var werr error
	if c.Request().Method == http.MethodHead {
		werr = c.NoContent(de.Status)
	} else {
		werr = c.JSON(de.Status, errorBody{errorDetail{Code: de.Code, Reason: de.Reason, Message: de.Message, Fields: de.Fields, Rows: de.Rows}})
	}
	if werr != nil {
		a.log.Warn("write error response", "err", werr)
	}
}

// toDomainError maps any error to the API error it is answered with.
func toDomainError(err error) *domain.Error {
	var de *domain.Error
	if errors.As(err, &de) {
		return de
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		switch he.Code {
		case http.StatusNotFound:
			return domain.ErrRouteNotFound
		case http.StatusMethodNotAllowed:
			return domain.ErrMethodNotAllowed
		case http.StatusRequestEntityTooLarge:
			return domain.ErrPayloadTooLarge
		case http.StatusUnauthorized:
			return domain.ErrNotSignedIn
		case http.StatusForbidden:
			return domain.ErrForbidden
		case http.StatusTooManyRequests:
			return domain.ErrRateLimited
		case http.StatusBadRequest:
			return domain.ErrBadRequest
		}
		if he.Code >= 400 && he.Code < 500 {
			return &domain.Error{Status: he.Code, Code: "bad_request", Reason: "bad_request", Message: http.StatusText(he.Code)}
		}
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return domain.ErrBadRequest.WithMessage("请求体不是合法的 JSON")
	}
	if store.Unavailable(err) {
		return domain.ErrStoreUnavailable
	}
	return domain.ErrInternal
}

func requestID(c echo.Context) string {
	return c.Response().Header().Get(echo.HeaderXRequestID)
}
