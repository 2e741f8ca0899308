package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"pingan/domain"
)

// testServer is a real Pingan on the embedded store in a temp dir, listening on a free loopback port.
type testServer struct {
	t     testing.TB
	URL   string
	App   *App
	clock *testClock
	admin string // the admin's token

	mu     sync.Mutex
	tokens map[string]issuedToken // by username, for tests that move the clock
}

type issuedToken struct {
	token string
	at    time.Time
}

// token returns a token of a user made by createUser that is valid at the clock's current time,
// logging in again when the clock has moved past it.
func (s *testServer) token(username string) string {
	s.t.Helper()
	now := s.clock.Now()
	s.mu.Lock()
	it, ok := s.tokens[username]
	s.mu.Unlock()
	if ok && !now.Before(it.at) && now.Sub(it.at) < 7*time.Hour {
		return it.token
	}
	pw := "Passw0rd-" + username
	if username == "admin" {
		pw = testAdminPassword
	}
	tok := s.login(username, pw)
	s.mu.Lock()
	s.tokens[username] = issuedToken{tok, now}
	s.mu.Unlock()
	return tok
}

const testAdminPassword = "Admin-pass-2026"

// tokenNow issues a token of an existing user at the clock's current time without a login (no bcrypt), for
// tests that move the clock a lot.
func (s *testServer) tokenNow(username string) string {
	s.t.Helper()
	u, err := s.App.store.GetUser(s.t.Context(), domain.UserID(username))
	if err != nil {
		s.t.Fatal(err)
	}
	tok, _, err := s.App.issueToken(u)
	if err != nil {
		s.t.Fatal(err)
	}
	return tok
}

// testClock is a settable clock; zero means the real time.
type testClock struct {
	mu sync.Mutex
	at time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.at.IsZero() {
		return time.Now()
	}
	return c.at
}

func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at = t
}

type serverOption func(*Config)

func startServer(t testing.TB, opts ...serverOption) *testServer {
	t.Helper()
	return startServerAt(t, time.Time{}, opts...)
}

// startServerAt starts a server whose clock stands at t0 (zero: the real time) until the test moves it.
func startServerAt(t testing.TB, t0 time.Time, opts ...serverOption) *testServer {
	t.Helper()
	clock := &testClock{at: t0}
	cfg := Config{
		DataDir: t.TempDir(), AdminPassword: testAdminPassword,
		JWTSecret: "test-secret-0123456789abcdef", Now: clock.Now,
		Logger:   slog.New(slog.NewJSONHandler(io.Discard, nil)),
		Announce: func(string) {},
	}
	for _, o := range opts {
		o(&cfg)
	}
	return startWith(t, cfg, clock)
}

func startWith(t testing.TB, cfg Config, clock *testClock) *testServer {
	t.Helper()
	app, err := New(context.Background(), cfg)
	if err != nil {
		t.Fatalf("start server: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go app.Serve(ln)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		app.Shutdown(ctx)
	})
	s := &testServer{t: t, URL: "http://" + ln.Addr().String(), App: app, clock: clock, tokens: map[string]issuedToken{}}
	s.admin = s.login("admin", testAdminPassword)
	return s
}

// response is a decoded answer.
type response struct {
	Status int
	Body   map[string]any
	Raw    []byte
	Header http.Header
}

func (r response) errorCode() string {
	e, _ := r.Body["error"].(map[string]any)
	code, _ := e["code"].(string)
	return code
}

// reason is the exact refusal of an error answer (domain.Error.Reason).
func (r response) reason() string {
	e, _ := r.Body["error"].(map[string]any)
	reason, _ := e["reason"].(string)
	return reason
}

// fieldErrors lists the fields a validation error names.
func (r response) fieldErrors() []string {
	e, _ := r.Body["error"].(map[string]any)
	fields, _ := e["fields"].([]any)
	var out []string
	for _, f := range fields {
		m, _ := f.(map[string]any)
		out = append(out, m["field"].(string))
	}
	return out
}

func (s *testServer) do(method, path, token string, body any) response {
	s.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			s.t.Fatal(err)
		}
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, s.URL+path, rd)
	if err != nil {
		s.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := response{Status: resp.StatusCode, Raw: raw, Header: resp.Header}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") && len(raw) > 0 {
		if err := json.Unmarshal(raw, &r.Body); err != nil {
			// a JSON array or scalar: keep Raw
			r.Body = nil
		}
	}
	return r
}

func (s *testServer) login(username, password string) string {
	s.t.Helper()
	r := s.do("POST", "/api/v1/auth/login", "", map[string]string{"username": username, "password": password})
	if r.Status != http.StatusOK {
		s.t.Fatalf("login %s: %d %s", username, r.Status, r.Raw)
	}
	return r.Body["token"].(string)
}

// createUser makes a user with the admin's token and returns a token of the new user.
func (s *testServer) createUser(username string, role domain.Role, region string) string {
	s.t.Helper()
	pw := "Passw0rd-" + username
	r := s.do("POST", "/api/v1/users", s.admin, map[string]string{"username": username, "password": pw,
		"name": "测试" + username, "role": string(role), "regionCode": region})
	if r.Status != http.StatusCreated {
		s.t.Fatalf("create user %s: %d %s", username, r.Status, r.Raw)
	}
	return s.login(username, pw)
}

// expectRefusal checks an error answer: its status and its exact refusal (reason).
func expectRefusal(t testing.TB, r response, status int, reason, what string) {
	t.Helper()
	if r.Status != status || r.reason() != reason {
		t.Fatalf("%s: %d %s, want %d with reason %s", what, r.Status, r.Raw, status, reason)
	}
}

func expectStatus(t testing.TB, r response, want int, what string) {
	t.Helper()
	if r.Status != want {
		t.Fatalf("%s: status %d, want %d; body %s", what, r.Status, want, r.Raw)
	}
}
