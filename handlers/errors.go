package handlers

import (
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"time"

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
	a.noteStoreError(err)
	de := toDomainError(err)
	// a known path asked with another method: the catch-alls answer it (/api/*, the group's not-found
	// routes) unless the router's own 405 comes; either way, name the methods the path has
	if errors.Is(de, domain.ErrRouteNotFound) || errors.Is(de, domain.ErrMethodNotAllowed) {
		if allow := a.allowedMethods(c.Request().URL.Path); allow != "" {
			c.Response().Header().Set(echo.HeaderAllow, allow)
			de = domain.ErrMethodNotAllowed
		}
	}
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
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return domain.ErrBodyTimeout
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return domain.ErrBadRequest.WithMessage("请求体不是合法的 JSON")
	}
	if de := store.Classify(err); de != nil {
		return de
	}
	return domain.ErrInternal
}

// storageFullHold is how long readiness says the store cannot write after a write failed for lack of space.
const storageFullHold = time.Minute

// noteStoreError remembers a write that failed for lack of space, for readiness (storageFull).
func (a *App) noteStoreError(err error) {
	if err != nil && store.StorageFull(err) {
		a.storageFullAt.Store(a.now().UnixNano())
	}
}

// storageFull reports whether a write failed for lack of space within storageFullHold.
func (a *App) storageFull() bool {
	at := a.storageFullAt.Load()
	return at != 0 && a.now().Sub(time.Unix(0, at)) < storageFullHold
}

func requestID(c echo.Context) string {
	return c.Response().Header().Get(echo.HeaderXRequestID)
}
