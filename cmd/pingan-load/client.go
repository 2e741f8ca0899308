package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
)

// errStop says the run is over: its time is up, its request budget is spent or it was interrupted.
var errStop = errors.New("run over")

// client talks to one Pingan over the loopback-only HTTP client.
type client struct {
	http *http.Client
	base string
}

// apiError is the error body every non-2xx answer carries (API.md, Errors).
type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// call sends one request with an optional bearer token and JSON body. A 2xx JSON answer is decoded into
// out (when not nil). failure is "" on 2xx, else a short description: the status and the error code and
// message of the answer, or the transport error.
func (c *client) call(ctx context.Context, method, path, token string, body, out any) (status int, failure string) {
	var rd io.Reader
	if body != nil {
		buf, err := json.Marshal(body)
		if err != nil {
			return 0, "encode body: " + err.Error()
		}
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return 0, err.Error()
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, transportFailure(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, "read answer: " + transportFailure(err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		var e apiError
		if json.Unmarshal(raw, &e) == nil && e.Error.Code != "" {
			return resp.StatusCode, fmt.Sprintf("%d %s: %s", resp.StatusCode, e.Error.Code, e.Error.Message)
		}
		return resp.StatusCode, fmt.Sprintf("%d %s", resp.StatusCode, strings.TrimSpace(firstBytes(raw, 80)))
	}
	if out != nil && len(raw) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			return resp.StatusCode, "decode answer: " + err.Error()
		}
	}
	return resp.StatusCode, ""
}

// transportFailure shortens a client error to its cause, without the URL (every failure of one kind reads
// the same, so they add up in the failure list).
func transportFailure(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "timeout"
	}
	return err.Error()
}

func firstBytes(b []byte, n int) string {
	if len(b) > n {
		b = b[:n]
	}
	return string(b)
}

// budget counts requests against --max-requests.
type budget struct {
	max  int64
	used atomic.Int64
}

// take reserves one request; false when the budget is spent.
func (b *budget) take() bool { return b.used.Add(1) <= b.max }

// session is one virtual user's way to the server: counted, timed and recorded requests.
type session struct {
	c       *client
	run     context.Context // ends when the run's time is up or it is interrupted
	budget  *budget
	timeout time.Duration
	rec     recorder
}

// do sends one counted request, records its latency and outcome under endpoint and decodes a 2xx answer
// into out. It returns errStop, without sending, once the run is over; otherwise the HTTP status
// (0 after a transport failure) and whether the answer was a 2xx.
func (s *session) do(endpoint, method, path, token string, body, out any) (status int, ok bool, err error) {
	if s.run.Err() != nil || !s.budget.take() {
		return 0, false, errStop
	}
	// A request started before the end is allowed to finish: it is not tied to the run's context.
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
	defer cancel()
	start := time.Now()
	status, failure := s.c.call(ctx, method, path, token, body, out)
	s.rec.record(endpoint, time.Since(start), failure)
	return status, failure == "", nil
}
