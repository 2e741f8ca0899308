package handlers

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"pingan/domain"
)

func (a *App) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// readyz says whether this instance can serve: the store answers and the case index is loaded. Anyone
// (a probe, the proxy) learns only that; an admin's valid token adds the details, never the store's address.
func (a *App) readyz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	status, code, storeState := "ready", http.StatusOK, "ok"
	if err := a.store.Ping(ctx); err != nil {
		a.log.Warn("readyz: the store does not answer", "err", err)
		status, code, storeState = "unavailable", http.StatusServiceUnavailable, "unavailable"
	} else if a.storageFull() { // it reads, but a write failed for lack of space a moment ago
		status, code, storeState = "unavailable", http.StatusServiceUnavailable, "storage_full"
	}
	if !a.ready.Load() {
		status, code = "starting", http.StatusServiceUnavailable
	}
	body := map[string]any{"status": status}
	if u, _, err := a.signedIn(c); err == nil && u.Role == domain.RoleAdmin {
		body["store"], body["cases"], body["readOnly"], body["embedded"] = storeState, a.index.Len(), a.cfg.ReadOnly, a.store.Embedded()
		body["follow"] = a.follower.Status() // how current the case index is with other instances' writes
	}
	return c.JSON(code, body)
}

// metrics counts requests and latencies per route in the Prometheus text format, without a dependency.
type metrics struct {
	mu       sync.Mutex
	requests map[[3]string]int64 // method, route, status
	latency  map[[2]string]*histogram
}

var latencyBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}

type histogram struct {
	counts []int64
	sum    float64
	n      int64
}

func newMetrics() *metrics {
	return &metrics{requests: map[[3]string]int64{}, latency: map[[2]string]*histogram{}}
}

// metricMethod keeps the method label to the methods the API knows: anything a client makes up is
// "other", so junk requests cannot add label values without bound.
func metricMethod(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions:
		return m
	}
	return "other"
}

func (m *metrics) observe(method, route string, status int, d time.Duration) {
	method = metricMethod(method)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[[3]string{method, route, fmt.Sprint(status)}]++
	h := m.latency[[2]string{method, route}]
	if h == nil {
		h = &histogram{counts: make([]int64, len(latencyBuckets))}
		m.latency[[2]string{method, route}] = h
	}
	s := d.Seconds()
	for i, b := range latencyBuckets {
		if s <= b {
			h.counts[i]++
		}
	}
	h.sum += s
	h.n++
}

func (a *App) metricsHandler(c echo.Context) error {
	var b strings.Builder
	m := a.metrics
	m.mu.Lock()
	b.WriteString("# HELP pingan_http_requests_total HTTP requests by method, route and status.\n# TYPE pingan_http_requests_total counter\n")
	keys := make([][3]string, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return strings.Join(keys[i][:], " ") < strings.Join(keys[j][:], " ") })
	for _, k := range keys {
		fmt.Fprintf(&b, "pingan_http_requests_total{method=%q,route=%q,status=%q} %d\n", k[0], k[1], k[2], m.requests[k])
	}
	b.WriteString("# HELP pingan_http_request_duration_seconds HTTP request latency.\n# TYPE pingan_http_request_duration_seconds histogram\n")
	lkeys := make([][2]string, 0, len(m.latency))
	for k := range m.latency {
		lkeys = append(lkeys, k)
	}
	sort.Slice(lkeys, func(i, j int) bool { return lkeys[i][0]+lkeys[i][1] < lkeys[j][0]+lkeys[j][1] })
	for _, k := range lkeys {
		h := m.latency[k]
		for i, le := range latencyBuckets {
			fmt.Fprintf(&b, "pingan_http_request_duration_seconds_bucket{method=%q,route=%q,le=\"%g\"} %d\n", k[0], k[1], le, h.counts[i])
		}
		fmt.Fprintf(&b, "pingan_http_request_duration_seconds_bucket{method=%q,route=%q,le=\"+Inf\"} %d\n", k[0], k[1], h.n)
		fmt.Fprintf(&b, "pingan_http_request_duration_seconds_sum{method=%q,route=%q} %g\n", k[0], k[1], h.sum)
		fmt.Fprintf(&b, "pingan_http_request_duration_seconds_count{method=%q,route=%q} %d\n", k[0], k[1], h.n)
	}
	m.mu.Unlock()
	fs := a.follower.Status()
	b.WriteString("# HELP pingan_follow_staleness_seconds How old the case index may be with other instances' writes.\n# TYPE pingan_follow_staleness_seconds gauge\n")
	fmt.Fprintf(&b, "pingan_follow_staleness_seconds{mode=%q} %g\n", fs.Mode, float64(fs.StalenessMs)/1000)
	b.WriteString("# HELP pingan_follow_skipped_total Other instances' changes given up after waiting.\n# TYPE pingan_follow_skipped_total counter\n")
	fmt.Fprintf(&b, "pingan_follow_skipped_total %d\n", fs.Skipped)
	b.WriteString("# HELP pingan_cases Cases in the index by kind and status.\n# TYPE pingan_cases gauge\n")
	counts := a.index.CountByStatus()
	ckeys := make([]string, 0, len(counts))
	for k := range counts {
		ckeys = append(ckeys, k)
	}
	sort.Strings(ckeys)
	for _, k := range ckeys {
		kind, status, _ := strings.Cut(k, "/")
		fmt.Fprintf(&b, "pingan_cases{kind=%q,status=%q} %d\n", kind, status, counts[k])
	}
	return c.Blob(http.StatusOK, "text/plain; version=0.0.4; charset=utf-8", []byte(b.String()))
}

// saneRequestID keeps a client's X-Request-Id only when it looks like one — at most 64 letters, digits
// and "-_.:" — so a made-up header cannot bloat every log line or smuggle text into it; otherwise the
// request gets a generated id like a request without one.
func saneRequestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Request().Header
		if id := h.Get(echo.HeaderXRequestID); id != "" && !validRequestID(id) {
			h.Del(echo.HeaderXRequestID)
		}
		return next(c)
	}
}

func validRequestID(id string) bool {
	if len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.:", r)) {
			return false
		}
	}
	return true
}

// accessLog writes one structured line per request and feeds the metrics.
func (a *App) accessLog(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		d := time.Since(start)
		route := c.Path()
		if route == "" || route == "/*" {
			route = "static"
		}
		status := c.Response().Status
		a.metrics.observe(c.Request().Method, route, status, d)
		a.log.Info("request", "method", c.Request().Method, "path", c.Request().URL.Path, "route", route,
			"status", status, "ms", float64(d.Microseconds())/1000, "request_id", requestID(c), "ip", c.RealIP())
		return nil
	}
}
