package handlers

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/crypto/bcrypt"

	"pingan/domain"
	"pingan/handlers/handlerstest"
)

// deepJSON nests n arrays inside the title.
func deepJSON(n int) string {
	return `{"title":` + strings.Repeat("[", n) + strings.Repeat("]", n) + `}`
}

// chunked hides a body's length, so it goes out with chunked transfer encoding and the limit must be
// enforced while reading, not from Content-Length.
type chunked struct{ r io.Reader }

func (c chunked) Read(p []byte) (int, error) { return c.r.Read(p) }

// Bad bodies are refused with 400 (or 413 over the limit) on every JSON route, and change nothing.
func TestBadBodiesAreRefusedAndChangeNothing(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	med := s.createUser("bad-med", domain.RoleMediator, townA)
	c := s.register(med, disputeBody(townA, nil))
	id := c["id"].(string)
	huge := strings.Repeat("纠", 400000) // 1.2 MB
	bodies := []struct {
		name string
		body string
		want int
		code string
	}{
		{"over the 1 MB limit", `{"title":"` + huge + `"}`, 413, "payload_too_large"},
		{"deeply nested", deepJSON(50), 400, "bad_request"},
		{"very deeply nested", deepJSON(100000), 400, "bad_request"},
		{"huge array", `{"mediators":[` + strings.Repeat(`"刘",`, 5000) + `"刘"]}`, 400, "bad_request"},
		{"raw NUL in a value", "{\"title\":\"a\x00b\"}", 400, "bad_request"},
		{"escaped NUL in a value", `{"title":"a\u0000b"}`, 400, "bad_request"},
		{"escaped NUL in a nested value", `{"parties":[{"name":"x\u0000"}]}`, 400, "bad_request"},
		{"escaped NUL in a key", `{"ti\u0000tle":"x"}`, 400, "bad_request"},
		{"invalid UTF-8", "{\"title\":\"\xff\xfe\"}", 400, "bad_request"},
		{"truncated UTF-8", "{\"title\":\"\xe7\xba\"}", 400, "bad_request"},
		{"operator key nested", `{"parties":[{"name":{"$ne":""}}]}`, 400, "bad_request"},
		{"operator key on top", `{"$set":{"status":"closed"}}`, 400, "bad_request"},
		{"unknown field", `{"status":"closed"}`, 400, "bad_request"},
		{"two values", `{}{}`, 400, "bad_request"},
		{"an array", `[]`, 400, "bad_request"},
		{"a string", `"x"`, 400, "bad_request"},
		{"empty", ``, 400, "bad_request"},
		{"malformed", `{"title":`, 400, "bad_request"},
		{"number overflow", `{"version":1e400}`, 400, "bad_request"},
	}
	routes := []struct{ method, path, token string }{
		{"POST", "/api/v1/cases", med},
		{"POST", "/api/v1/cases/" + id + "/actions", med},
		{"POST", "/api/v1/auth/login", ""},
		{"POST", "/api/v1/users", s.admin},
		{"PATCH", "/api/v1/users/bad-med", s.admin},
		{"POST", "/api/v1/auth/password", med},
	}
	cases := s.App.index.Len()
	for _, rt := range routes {
		for _, b := range bodies {
			t.Run(rt.method+" "+rt.path+" "+b.name, func(t *testing.T) {
				r := s.do(rt.method, rt.path, rt.token, []byte(b.body))
				if r.Status != b.want || r.reason() != b.code {
					t.Fatalf("%d %s, want %d %s", r.Status, r.Raw, b.want, b.code)
				}
			})
		}
	}
	t.Run("over the limit without a length", func(t *testing.T) {
		r := s.do("POST", "/api/v1/cases/"+id+"/actions", med, chunked{strings.NewReader(`{"note":"` + huge + `"}`)})
		if r.Status != 413 {
			t.Fatalf("chunked body over the limit: %d", r.Status)
		}
	})
	t.Run("not JSON", func(t *testing.T) {
		form := handlerstest.Typed{ContentType: "application/x-www-form-urlencoded", Data: []byte(`kind=dispute`)}
		if r := s.do("POST", "/api/v1/cases", med, form); r.Status != 400 {
			t.Fatalf("form body: %d", r.Status)
		}
	})

	if n := s.App.index.Len(); n != cases {
		t.Errorf("%d cases after refused bodies, want %d", n, cases)
	}
	d := s.get(med, id)
	if d["version"].(float64) != 1 || d["status"] != "registered" || len(d["timeline"].([]any)) != 1 {
		t.Errorf("refused bodies changed the case: %v %v", d["version"], d["status"])
	}
	if r := s.do("GET", "/api/v1/users", s.admin, nil); r.Body["total"].(float64) != 2 {
		t.Errorf("refused bodies made users: %s", r.Raw)
	}
	s.login("bad-med", "Passw0rd-bad-med") // the password is unchanged
	r := s.do("GET", "/api/v1/users", s.admin, nil)
	if !strings.Contains(string(r.Raw), "测试bad-med") {
		t.Errorf("refused patches renamed the user: %s", r.Raw)
	}
}

// Type errors name the field as the API spells it, and a key given twice (in any letter case, which the
// decoder would match to one field) is refused instead of the last value silently winning.
func TestBodyErrorsNameTheField(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	med := s.createUser("named", domain.RoleMediator, townA)
	c := s.register(med, disputeBody(townA, nil))
	actions := "/api/v1/cases/" + c["id"].(string) + "/actions"
	cases := []struct {
		name, path, body, want string
	}{
		{"title a number", "/api/v1/cases", `{"title":5}`, "字段 title 的类型不正确"},
		{"party name a number", "/api/v1/cases", `{"parties":[{"name":5}]}`, "字段 parties.name 的类型不正确"},
		{"version a string", actions, `{"action":"accept","version":"1"}`, "字段 version 的类型不正确"},
		{"agreement type a number", actions, `{"action":"resolve","version":1,"agreement":{"type":1}}`, "字段 agreement.type 的类型不正确"},
		{"an array for an object", "/api/v1/cases", `[]`, "请求体必须是 JSON 对象"},
		{"a key twice", actions, `{"action":"reject","action":"accept","version":1}`, "字段重复：action"},
		{"a key twice in another case", "/api/v1/cases", `{"kind":"dispute","KIND":"petition"}`, "字段重复：KIND"},
		{"a key twice folded", "/api/v1/cases", `{"parties":[{"role":"other","rolE":"other"}]}`, "字段重复：rolE"},
		{"the same key in two objects", actions, `{"action":"resolve","version":1,"agreement":{"type":"oral","terms":"x","action":"y"}}`, "未知字段：action"},
	}
	for _, tc := range cases {
		r := s.do("POST", tc.path, med, tc.body)
		msg, _ := r.Body["error"].(map[string]any)["message"].(string)
		if r.Status != 400 || msg != tc.want {
			t.Errorf("%s: %d %q, want 400 %q", tc.name, r.Status, msg, tc.want)
		}
	}
	if d := s.get(med, c["id"].(string)); d["version"].(float64) != 1 {
		t.Errorf("refused bodies changed the case: version %v", d["version"])
	}
}

// Text a spreadsheet would run as a formula (=, +, -, @ first) leaves every export as inert text: CSV
// cells get a leading apostrophe, XLSX cells are strings, never formulas.
func TestExportsDefuseFormulas(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	formulas := []string{`=HYPERLINK("http://evil.example","点击")`, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)"}
	for _, f := range formulas {
		s.register(s.admin, disputeBody(townA, func(m map[string]any) {
			m["title"] = f
			m["parties"].([]map[string]any)[1]["name"] = f
		}))
	}
	r := s.do("GET", "/api/v1/cases?format=csv", s.admin, nil)
	expectStatus(t, r, 200, "csv export")
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(r.Raw, []byte("\ufeff"))))
	cr.FieldsPerRecord = -1 // a title row, then the table
	records, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, rec := range records {
		for _, cell := range rec {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("csv cell %q starts like a formula", cell)
			}
			for _, f := range formulas {
				if strings.Contains(cell, f) {
					seen++
				}
			}
		}
	}
	if seen < 2*len(formulas) {
		t.Errorf("the titles and party names are not in the csv (%d cells)", seen)
	}
	r = s.do("GET", "/api/v1/cases?format=xlsx", s.admin, nil)
	expectStatus(t, r, 200, "xlsx export")
	text := xlsxText(t, r.Raw)
	if strings.Contains(text, "<f>") || strings.Contains(text, "<f ") {
		t.Error("the xlsx export holds a formula")
	}
	if !strings.Contains(text, "HYPERLINK(&#34;http://evil.example") && !strings.Contains(text, "HYPERLINK(&quot;http://evil.example") {
		t.Error("the xlsx export lacks the title as text")
	}
}

// Every answer — JSON, the web app, errors, downloads — carries the headers that stop framing, MIME
// sniffing and script from elsewhere.
func TestSecurityHeadersOnEveryAnswer(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	answers := map[string]response{
		"json":      s.do("GET", "/api/v1/auth/me", s.admin, nil),
		"web app":   s.do("GET", "/", "", nil),
		"deep link": s.do("GET", "/cases/x", "", nil),
		"401":       s.do("GET", "/api/v1/auth/me", "", nil),
		"404":       s.do("GET", "/api/v1/nope", s.admin, nil),
		"400":       s.do("POST", "/api/v1/auth/login", "", "{"),
		"download":  s.do("GET", "/api/v1/cases?format=csv", s.admin, nil),
	}
	for name, r := range answers {
		h := r.Header
		if h.Get("X-Frame-Options") != "DENY" || h.Get("X-Content-Type-Options") != "nosniff" ||
			h.Get("Referrer-Policy") == "" || !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'") ||
			!strings.Contains(h.Get("Content-Security-Policy"), "script-src 'self'") {
			t.Errorf("%s (%d): headers %v", name, r.Status, h)
		}
	}
	if cd := answers["download"].Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") {
		t.Errorf("a download is not an attachment: %q", cd)
	}
}

// A locked account is told, in Chinese, how many minutes remain; the answer carries Retry-After.
func TestLockoutSaysMinutesRemaining(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 4, 1, 8, 0, 0, 0, domain.Shanghai)
	s := startServerAt(t, t0)
	s.createUser("locked", domain.RoleMediator, townA)
	for range 5 {
		expectStatus(t, s.do("POST", "/api/v1/auth/login", "", map[string]string{"username": "locked", "password": "wrong-pass-1"}), 401, "failure")
	}
	steps := []struct {
		after time.Duration
		want  string
		retry string
	}{
		{0, "15 分钟", "900"},
		{30 * time.Second, "15 分钟", "870"},
		{14*time.Minute + 30*time.Second, "1 分钟", "30"},
	}
	for _, st := range steps {
		s.clock.Set(t0.Add(st.after))
		r := s.do("POST", "/api/v1/auth/login", "", map[string]string{"username": "LOCKED", "password": "Passw0rd-locked"})
		expectRefusal(t, r, 429, "account_locked", "locked")
		msg := r.Body["error"].(map[string]any)["message"].(string)
		if !strings.Contains(msg, st.want) || !strings.Contains(msg, "锁定") {
			t.Errorf("after %v: message %q, want it to say %q", st.after, msg, st.want)
		}
		if got := r.Header.Get("Retry-After"); got != st.retry {
			t.Errorf("after %v: Retry-After %q, want %q", st.after, got, st.retry)
		}
	}
	s.clock.Set(t0.Add(15*time.Minute + time.Second))
	expectStatus(t, s.do("POST", "/api/v1/auth/login", "", map[string]string{"username": "locked", "password": "Passw0rd-locked"}), 200, "after the lockout")
}

// An unknown username costs a bcrypt comparison at the same cost as a real one, so the answer's timing
// does not tell which usernames exist; and it locks like a real one.
func TestUnknownUsersTakeAsLongAsKnownOnes(t *testing.T) {
	// not parallel: it compares answer times, which other tests' bcrypt work would skew
	s := startServer(t)
	s.createUser("known", domain.RoleMediator, townA)
	u, err := s.App.store.GetUser(t.Context(), "known")
	if err != nil {
		t.Fatal(err)
	}
	real, _ := bcrypt.Cost([]byte(u.PasswordHash))
	dummy, _ := bcrypt.Cost(dummyHash)
	if real != dummy || dummy < bcrypt.DefaultCost {
		t.Fatalf("dummy bcrypt cost %d, stored hashes cost %d", dummy, real)
	}
	timed := func(username string) time.Duration {
		start := time.Now()
		expectStatus(t, s.do("POST", "/api/v1/auth/login", "", map[string]string{"username": username, "password": "wrong-pass-1"}), 401, "wrong login")
		return time.Since(start)
	}
	var known, unknown []time.Duration
	for i := range 4 {
		known = append(known, timed("known"))
		unknown = append(unknown, timed(fmt.Sprintf("ghost%d", i)))
	}
	slices.Sort(known)
	slices.Sort(unknown)
	// a coarse bound: without the dummy comparison an unknown user answers ~50x faster
	if unknown[1]*3 < known[1] {
		t.Errorf("unknown users answer in %v, known ones in %v", unknown[1], known[1])
	}
	// unknown usernames lock too, with the same message
	for range 5 {
		s.do("POST", "/api/v1/auth/login", "", map[string]string{"username": "ghost-lock", "password": "wrong-pass-1"})
	}
	r := s.do("POST", "/api/v1/auth/login", "", map[string]string{"username": "ghost-lock", "password": "wrong-pass-1"})
	if r.Status != 429 || r.reason() != "account_locked" || !strings.Contains(string(r.Raw), "锁定") {
		t.Errorf("an unknown username does not lock like a real one: %d %s", r.Status, r.Raw)
	}
}

// The password rules hold wherever a password is set: creating a user, an admin's reset, a change of
// one's own password. A refused password leaves the old one working.
func TestPasswordRulesOnCreatePatchAndChange(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	tok := s.createUser("rules", domain.RoleMediator, townA)
	weak := []struct{ name, pw string }{
		{"7 characters", "Abcde1!"},
		{"the username, long enough", "rules123"},
		{"over 72 bytes", strings.Repeat("密码1", 30)},
		{"empty", ""},
	}
	for _, w := range weak {
		t.Run(w.name, func(t *testing.T) {
			pw := w.pw
			if w.name == "the username, long enough" {
				s.createUser("rules123", domain.RoleMediator, townA) // a user whose password would be its name
				r := s.do("PATCH", "/api/v1/users/rules123", s.admin, map[string]any{"password": "RULES123"})
				if r.Status != 422 || !slices.Contains(r.fieldErrors(), "password") {
					t.Fatalf("reset to the username: %d %s", r.Status, r.Raw)
				}
				return
			}
			checks := []struct {
				method, path, token string
				body                map[string]any
				field               string
			}{
				{"POST", "/api/v1/users", s.admin, map[string]any{"username": "weak1", "password": pw, "name": "弱", "role": "mediator", "regionCode": townA}, "password"},
				{"PATCH", "/api/v1/users/rules", s.admin, map[string]any{"password": pw}, "password"},
				{"POST", "/api/v1/auth/password", tok, map[string]any{"oldPassword": "Passw0rd-rules", "newPassword": pw}, "newPassword"},
			}
			for _, c := range checks {
				r := s.do(c.method, c.path, c.token, c.body)
				if r.Status != 422 || !slices.Contains(r.fieldErrors(), c.field) {
					t.Errorf("%s %s with %q: %d %s", c.method, c.path, pw, r.Status, r.Raw)
				}
			}
		})
	}
	s.login("rules", "Passw0rd-rules")
	expectStatus(t, s.do("POST", "/api/v1/auth/login", "", map[string]string{"username": "weak1", "password": "abcdefghij"}), 401, "a refused user was stored")
	// a good change works and ends the old password
	expectStatus(t, s.do("POST", "/api/v1/auth/password", tok, map[string]any{"oldPassword": "Passw0rd-rules", "newPassword": "Better-pass-9"}), 204, "change")
	s.login("rules", "Better-pass-9")
	expectStatus(t, s.do("POST", "/api/v1/auth/login", "", map[string]string{"username": "rules", "password": "Passw0rd-rules"}), 401, "old password")
}

// Guessing the old password through POST /auth/password (with a stolen token) locks like failed logins.
func TestChangePasswordLocksAfterRepeatedWrongOldPasswords(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	tok := s.createUser("guess", domain.RoleMediator, townA)
	for i := range 5 {
		r := s.do("POST", "/api/v1/auth/password", tok, map[string]any{"oldPassword": fmt.Sprintf("guess-%d-x", i), "newPassword": "Taken-over-1"})
		if r.Status != 422 || !slices.Contains(r.fieldErrors(), "oldPassword") {
			t.Fatalf("wrong old password %d: %d %s", i, r.Status, r.Raw)
		}
	}
	r := s.do("POST", "/api/v1/auth/password", tok, map[string]any{"oldPassword": "Passw0rd-guess", "newPassword": "Taken-over-1"})
	if r.Status != 429 || r.reason() != "account_locked" {
		t.Fatalf("sixth guess, right this time: %d %s", r.Status, r.Raw)
	}
	expectStatus(t, s.do("POST", "/api/v1/auth/login", "", map[string]string{"username": "guess", "password": "Passw0rd-guess"}), 429, "login while locked")
}

// Two logouts (or refreshes) of one token at once: one succeeds, the other is told the token is gone;
// neither fails with a 5xx.
func TestConcurrentLogoutsOfOneToken(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	s.createUser("twice", domain.RoleMediator, townA)
	for _, path := range []string{"/api/v1/auth/logout", "/api/v1/auth/refresh"} {
		tok := s.login("twice", "Passw0rd-twice")
		const n = 8
		statuses := make(chan int, n)
		var wg sync.WaitGroup
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses <- s.do("POST", path, tok, nil).Status
			}()
		}
		wg.Wait()
		close(statuses)
		ok := 0
		for st := range statuses {
			switch {
			case st < 300:
				ok++
			case st != 401:
				t.Errorf("%s: a concurrent call answered %d", path, st)
			}
		}
		if ok != 1 {
			t.Errorf("%s: %d of %d concurrent calls with one token succeeded, want 1", path, ok, n)
		}
		expectStatus(t, s.do("GET", "/api/v1/auth/me", tok, nil), 401, "the token after "+path)
	}
}

// The race above, made deterministic: the second revocation of one token is refused (no second fresh
// token from one refresh token), and the store takes a repeated revocation (another instance's) quietly.
func TestSecondRevocationOfATokenIsRefused(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	u, err := s.App.store.GetUser(t.Context(), "admin")
	if err != nil {
		t.Fatal(err)
	}
	e := s.App.echo
	revoke := func() error {
		c := e.NewContext(httptest.NewRequest("POST", "/api/v1/auth/logout", nil), httptest.NewRecorder())
		c.Set(string(userKey), u)
		c.Set(string(claimsKey), &claims{RegisteredClaims: jwt.RegisteredClaims{ID: "jti-twice",
			ExpiresAt: jwt.NewNumericDate(time.Now().Add(time.Hour))}})
		return s.App.revokeCurrent(c)
	}
	if err := revoke(); err != nil {
		t.Fatalf("first revocation: %v", err)
	}
	if err := revoke(); toDomainError(err).Status != 401 {
		t.Fatalf("second revocation: %v, want a 401", err)
	}
	if err := s.App.store.RevokeToken(t.Context(), "jti-twice", time.Now().Add(time.Hour)); err != nil {
		t.Fatalf("the store refuses a repeated revocation: %v", err)
	}
}

// A logout on one instance applies on every other instance sharing the store, within revocationRecheck —
// in the production layout two instances take turns behind the proxy.
func TestLogoutAppliesOnEveryInstance(t *testing.T) {
	t.Parallel()
	w := startServerAt(t, time.Now().Truncate(time.Second))
	r := startReadOnly(t, w)
	tok := w.createUser("roamer", domain.RoleMediator, townA)
	expectStatus(t, r.do("GET", "/api/v1/auth/me", tok, nil), 200, "the token on the other instance")
	expectStatus(t, w.do("POST", "/api/v1/auth/logout", tok, nil), 204, "logout")
	w.clock.Set(w.clock.Now().Add(revocationRecheck))
	expectStatus(t, r.do("GET", "/api/v1/auth/me", tok, nil), 401, "the other instance after the logout")
	expectStatus(t, r.do("GET", "/api/v1/auth/me", w.admin, nil), 200, "another token on the other instance")
}

// A role or region change applies to tokens already issued, at once.
func TestRoleAndRegionChangesApplyAtOnce(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	tok := s.createUser("mover", domain.RoleMediator, townA)
	c := s.register(tok, disputeBody(townA, nil))
	expectStatus(t, s.do("PATCH", "/api/v1/users/mover", s.admin, map[string]any{"regionCode": townB}), 200, "move")
	expectStatus(t, s.do("GET", "/api/v1/cases/"+c["id"].(string), tok, nil), 404, "the old township's case")
	expectStatus(t, s.do("PATCH", "/api/v1/users/mover", s.admin, map[string]any{"role": "leader"}), 200, "promote")
	expectStatus(t, s.do("POST", "/api/v1/cases", tok, disputeBody(townB, nil)), 403, "a leader registers")
}

// X-Forwarded-For is believed only from trusted proxies: a client cannot dodge the per-address login
// limit, or write another address into the audit log, by sending the header itself.
func TestForwardedForOnlyFromTrustedProxies(t *testing.T) {
	t.Parallel()
	login := func(s *testServer, i int, xff string) int { // a new username each time: no per-user lockout
		req := s.request("POST", "/api/v1/auth/login", "", fmt.Sprintf(`{"username":"nobody%d","password":"x-1234567"}`, i))
		req.Header.Set("X-Forwarded-For", xff)
		return s.send(req).Status
	}
	t.Run("untrusted peer", func(t *testing.T) {
		s := startServer(t, func(c *Config) { c.TrustedProxies = []string{"192.0.2.0/24"} })
		s.App.limiter.mu.Lock()
		s.App.limiter.maxPerIP = 5
		s.App.limiter.mu.Unlock()
		limited := false
		for i := 0; i < 10 && !limited; i++ {
			limited = login(s, i, fmt.Sprintf("203.0.113.%d", i)) == 429
		}
		if !limited {
			t.Fatal("rotating X-Forwarded-For dodged the per-address limit")
		}
		r := s.do("GET", "/api/v1/audit?limit=1", s.admin, nil)
		if ip := r.Body["items"].([]any)[0].(map[string]any)["ip"]; ip != "127.0.0.1" {
			t.Fatalf("audit records %v, want the peer address", ip)
		}
	})
	t.Run("trusted proxy", func(t *testing.T) {
		s := startServer(t) // loopback is the trusted proxy by default
		s.App.limiter.mu.Lock()
		s.App.limiter.maxPerIP = 5
		s.App.limiter.mu.Unlock()
		for i := range 10 {
			if st := login(s, i, fmt.Sprintf("203.0.113.%d", i)); st != 401 {
				t.Fatalf("client %d behind the proxy: %d", i, st)
			}
		}
		r := s.do("GET", "/api/v1/audit?limit=1", s.admin, nil)
		if ip := r.Body["items"].([]any)[0].(map[string]any)["ip"]; ip != "203.0.113.9" {
			t.Fatalf("audit records %v, want the client behind the proxy", ip)
		}
	})
	if _, err := New(t.Context(), Config{DataDir: t.TempDir(), TrustedProxies: []string{"not-a-cidr"},
		Logger: slog.New(slog.NewJSONHandler(io.Discard, nil)), Announce: func(string) {}}); err == nil {
		t.Fatal("a malformed trusted proxy range was accepted")
	}
}

// By default only a proxy on the same host (loopback) is believed: a client on a private network — an
// office or county LAN reaching Pingan directly — cannot name another address in X-Forwarded-For.
func TestForwardedForTrustsOnlyLoopbackByDefault(t *testing.T) {
	s := startServer(t)
	extract := s.App.echo.IPExtractor
	for peer, want := range map[string]string{
		"127.0.0.1:40000":   "203.0.113.5",
		"[::1]:40000":       "203.0.113.5",
		"10.1.2.3:40000":    "10.1.2.3",
		"192.168.1.9:40000": "192.168.1.9",
		"172.16.0.4:40000":  "172.16.0.4",
		"[fd00::1]:40000":   "fd00::1",
		"169.254.1.1:40000": "169.254.1.1",
		"198.51.100.1:4000": "198.51.100.1",
	} {
		req := httptest.NewRequest("POST", "/api/v1/auth/login", nil)
		req.RemoteAddr = peer
		req.Header.Set("X-Forwarded-For", "203.0.113.5")
		if got := extract(req); got != want {
			t.Errorf("X-Forwarded-For from %s: client %s, want %s", peer, got, want)
		}
	}
	named := startServer(t, func(c *Config) { c.TrustedProxies = []string{"172.31.80.10/32"} })
	req := httptest.NewRequest("POST", "/api/v1/auth/login", nil)
	req.Header.Set("X-Forwarded-For", "203.0.113.5")
	for peer, want := range map[string]string{"172.31.80.10:5000": "203.0.113.5", "172.31.80.11:5000": "172.31.80.11", "127.0.0.1:5000": "127.0.0.1"} {
		req.RemoteAddr = peer
		if got := named.App.echo.IPExtractor(req); got != want {
			t.Errorf("with a named proxy, X-Forwarded-For from %s: client %s, want %s", peer, got, want)
		}
	}
}

// The login limiter forgets addresses and usernames that have gone quiet, so a flood of distinct ones
// cannot grow it without bound.
func TestLoginLimiterForgetsQuietEntries(t *testing.T) {
	l := newLoginLimiter(0)
	l.maxTracked = 100
	t0 := time.Now()
	for i := range 1000 {
		at := t0.Add(time.Duration(i) * 10 * time.Second)
		user := fmt.Sprintf("user%d", i)
		ip := fmt.Sprintf("10.0.%d.%d", i/250, i%250)
		if _, err := l.allow(ip, user, at); err != nil {
			t.Fatalf("attempt %d refused: %v", i, err)
		}
		l.failed(ip, user, at)
	}
	l.mu.Lock()
	sizes := []int{len(l.attempts), len(l.failures), len(l.lockedUntil), len(l.byAccount)}
	l.mu.Unlock()
	for _, n := range sizes {
		if n > 2*l.maxTracked {
			t.Fatalf("limiter tracks %v entries after 1000 distinct quiet clients, limit %d", sizes, l.maxTracked)
		}
	}
	// a recent failure is not forgotten
	last := t0.Add(10000 * time.Second)
	for range 4 {
		l.failed("10.0.3.249", "user999", last)
	}
	if _, err := l.allow("10.0.3.249", "user999", last); err == nil {
		t.Fatal("five failures of a recent user from one address were forgotten")
	}
}

// readyz says ready with the case count while the store answers, 503 when it does not; healthz stays
// alive; requests that need the store answer 503 store_unavailable with a message that names nothing internal.
func TestReadyzFollowsTheStore(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	med := s.createUser("ready", domain.RoleMediator, townA)
	c := s.register(med, disputeBody(townA, nil))
	r := s.do("GET", "/readyz", s.admin, nil)
	if r.Status != 200 || r.Body["status"] != "ready" || r.Body["store"] != "ok" || r.Body["cases"].(float64) != 1 {
		t.Fatalf("readyz: %d %s", r.Status, r.Raw)
	}
	if err := s.App.store.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	r = s.do("GET", "/readyz", "", nil)
	if r.Status != 503 || r.Body["status"] != "unavailable" {
		t.Fatalf("readyz with the store down: %d %s", r.Status, r.Raw)
	}
	expectStatus(t, s.do("GET", "/healthz", "", nil), 200, "healthz with the store down")
	r = s.do("GET", "/api/v1/cases/"+c["id"].(string), med, nil)
	if r.Status != 503 || r.errorCode() != "store_unavailable" || r.reason() != "store_unavailable" {
		t.Fatalf("read with the store down: %d %s", r.Status, r.Raw)
	}
	for _, leak := range []string{"mongo", "client", "ferret", "sqlite", "disconnected", c["id"].(string)} {
		if strings.Contains(strings.ToLower(string(r.Raw)), leak) {
			t.Errorf("the 503 answer names %q: %s", leak, r.Raw)
		}
	}
}

// syncBuffer is a log sink safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) lines() []map[string]any {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(b.b.Bytes()))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err == nil {
			out = append(out, m)
		}
	}
	return out
}

// Every request writes one JSON log line carrying its request id, which the answer echoes in X-Request-Id;
// tokens and passwords never reach the log.
func TestAccessLogIsJSONWithRequestID(t *testing.T) {
	t.Parallel()
	var logs syncBuffer
	s := startServer(t, func(c *Config) { c.Logger = slog.New(slog.NewJSONHandler(&logs, nil)) })
	req := s.request("GET", "/api/v1/auth/me", s.admin, nil)
	req.Header.Set("X-Request-Id", "trace-0001")
	if got := s.send(req).Header.Get("X-Request-Id"); got != "trace-0001" {
		t.Fatalf("X-Request-Id echoed %q", got)
	}
	for _, odd := range []string{strings.Repeat("a", 65), "trace 0001", "trace\u2028x", "日志"} {
		req := s.request("GET", "/healthz", "", nil)
		req.Header.Set("X-Request-Id", odd)
		if got := s.send(req).Header.Get("X-Request-Id"); got == odd || len(got) < 16 {
			t.Errorf("X-Request-Id %q answered with %q, want a generated id", odd, got)
		}
	}
	r := s.do("GET", "/api/v1/cases/nope", s.admin, nil)
	generated := r.Header.Get("X-Request-Id")
	if len(generated) < 16 {
		t.Fatalf("no request id generated: %q", generated)
	}
	want := map[string]map[string]any{
		"trace-0001": {"method": "GET", "path": "/api/v1/auth/me", "route": "/api/v1/auth/me", "status": 200.0},
		generated:    {"method": "GET", "path": "/api/v1/cases/nope", "route": "/api/v1/cases/:id", "status": 404.0},
	}
	all := logs.lines()
	for id, fields := range want {
		found := false
		for _, l := range all {
			if l["msg"] != "request" || l["request_id"] != id {
				continue
			}
			found = true
			for k, v := range fields {
				if l[k] != v {
					t.Errorf("log line of %s: %s = %v, want %v", id, k, l[k], v)
				}
			}
			if _, ok := l["ms"].(float64); !ok || l["level"] != "INFO" || l["time"] == nil || l["ip"] == nil {
				t.Errorf("log line lacks time, level, ip or ms: %v", l)
			}
		}
		if !found {
			t.Errorf("no access log line for request %s", id)
		}
	}
	logs.mu.Lock()
	text := logs.b.String()
	logs.mu.Unlock()
	if strings.Contains(text, s.admin) || strings.Contains(text, testAdminPassword) {
		t.Error("the log carries a token or a password")
	}
}

// /metrics counts requests by route and status, their latencies, and cases by status; methods outside
// the known ones share one label, so junk requests cannot grow the metrics without bound.
func TestMetricsCountRequestsAndCases(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	med := s.createUser("metric", domain.RoleMediator, townA)
	c := s.register(med, disputeBody(townA, nil))
	s.register(med, disputeBody(townA, nil))
	s.act(med, c, "accept", nil)
	s.do("GET", "/api/v1/cases/"+townA+"-2026-999999", med, nil)
	for i := range 20 {
		s.do(fmt.Sprintf("JUNK%d", i), "/api/v1/cases", "", nil)
	}
	r := s.do("GET", "/metrics", "", nil)
	expectStatus(t, r, 200, "metrics")
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Errorf("content type %q", ct)
	}
	text := string(r.Raw)
	for _, line := range []string{
		`pingan_http_requests_total{method="POST",route="/api/v1/cases",status="201"} 2`,
		`pingan_http_requests_total{method="POST",route="/api/v1/cases/:id/actions",status="200"} 1`,
		`pingan_http_requests_total{method="GET",route="/api/v1/cases/:id",status="404"} 1`,
		`pingan_http_request_duration_seconds_count{method="POST",route="/api/v1/cases"} 2`,
		`pingan_http_request_duration_seconds_bucket{method="POST",route="/api/v1/cases",le="+Inf"} 2`,
		`pingan_cases{kind="dispute",status="registered"} 1`,
		`pingan_cases{kind="dispute",status="accepted"} 1`,
		`# TYPE pingan_http_request_duration_seconds histogram`,
	} {
		if !strings.Contains(text, line+"\n") {
			t.Errorf("metrics lack %s", line)
		}
	}
	if strings.Contains(text, "JUNK") {
		t.Error("junk methods became metric labels")
	}
	if !strings.Contains(text, `method="other"`) {
		t.Error("junk methods are not counted under method=\"other\"")
	}
}

// A client that opens a connection and never finishes its headers is cut off (slowloris).
func TestStalledHeadersAreCutOff(t *testing.T) {
	t.Parallel()
	s := startServer(t, func(c *Config) { c.ReadHeaderTimeout = 300 * time.Millisecond })
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte("GET /healthz HTTP/1.1\r\nHost: x\r\n")); err != nil {
		t.Fatal(err)
	}
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	start := time.Now()
	_, err = io.ReadAll(conn)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("the server kept a connection with unfinished headers for %v", time.Since(start))
	}
}

// A client trickling a request body a byte at a time is cut off after BodyTimeout with 408 — on every
// route — while an import, which may be 20 MB on a slow line, keeps its longer ImportBodyTimeout.
func TestTrickledBodiesAreCutOff(t *testing.T) {
	s := startServer(t, func(c *Config) { c.BodyTimeout = 500 * time.Millisecond; c.ImportBodyTimeout = 10 * time.Second })
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte("POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	stop := make(chan struct{})
	defer close(stop)
	go func() { // a byte every 200 ms, as long as the server listens
		for {
			select {
			case <-stop:
				return
			case <-time.After(200 * time.Millisecond):
				if _, err := conn.Write([]byte(" ")); err != nil {
					return
				}
			}
		}
	}()
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	status, err := bufio.NewReader(conn).ReadString('\n')
	took := time.Since(start)
	if err != nil || !strings.Contains(status, " 408 ") || took > 2*time.Second {
		t.Fatalf("a trickled body: %q %v after %v, want 408 within 2 s", status, err, took)
	}

	// an import trickled over 1.5 s is read to its end and answered
	med := s.createUser("slow-line", domain.RoleMediator, townA)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("dryRun", "true")
	fw, _ := mw.CreateFormFile("file", "台账.csv")
	fw.Write(csvFile(t, ledgerTable(ledgerHeader, ledgerRow(1, townA))))
	mw.Close()
	payload := body.Bytes()
	pr, pw := io.Pipe()
	go func() {
		step := len(payload)/5 + 1
		for i := 0; i < len(payload); i += step {
			time.Sleep(300 * time.Millisecond)
			pw.Write(payload[i:min(i+step, len(payload))])
		}
		pw.Close()
	}()
	req, _ := http.NewRequest("POST", s.URL+"/api/v1/cases/import", pr)
	req.ContentLength = int64(len(payload))
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+med)
	expectStatus(t, s.send(req), 200, "a slow import")
}

// At most MaxConnections connections are served at once; the next is accepted when one closes.
func TestConnectionsAreCapped(t *testing.T) {
	s := startServer(t, func(c *Config) { c.MaxConnections = 2 })
	http.DefaultClient.CloseIdleConnections() // the login's keep-alive connection
	addr := strings.TrimPrefix(s.URL, "http://")
	var held []net.Conn
	for range 2 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		c.Write([]byte("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"))
		if _, err := bufio.NewReader(c).ReadString('\n'); err != nil { // served, and kept alive
			t.Fatal(err)
		}
		held = append(held, c)
	}
	client := &http.Client{Timeout: 500 * time.Millisecond, Transport: &http.Transport{}}
	if resp, err := client.Get(s.URL + "/healthz"); err == nil {
		resp.Body.Close()
		t.Fatal("a third connection was served while two were open")
	}
	held[0].Close()
	client.Timeout = 5 * time.Second
	resp, err := client.Get(s.URL + "/healthz")
	if err != nil {
		t.Fatalf("after a connection closed: %v", err)
	}
	resp.Body.Close()
	held[1].Close()
}
