package handlers

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"pingan/domain"
)

func TestLogin(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	s.createUser("zhang", domain.RoleMediator, "610921102")
	cases := []struct {
		name string
		body any
		want int
		code string
	}{
		{"right password", map[string]string{"username": "zhang", "password": "Passw0rd-zhang"}, 200, ""},
		{"username is case-insensitive", map[string]string{"username": "ZHANG", "password": "Passw0rd-zhang"}, 200, ""},
		{"wrong password", map[string]string{"username": "zhang", "password": "nope-nope-1"}, 401, "bad_credentials"},
		{"unknown user", map[string]string{"username": "nobody", "password": "Passw0rd-zhang"}, 401, "bad_credentials"},
		{"operator object as username", `{"username":{"$ne":""},"password":"x"}`, 400, "bad_request"},
		{"operator object as password", `{"username":"zhang","password":{"$gt":""}}`, 400, "bad_request"},
		{"unknown field", `{"username":"zhang","password":"Passw0rd-zhang","admin":true}`, 400, "bad_request"},
		{"malformed json", `{"username":`, 400, "bad_request"},
		{"missing password", map[string]string{"username": "zhang"}, 422, "validation_failed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := s.do("POST", "/api/v1/auth/login", "", tc.body)
			expectStatus(t, r, tc.want, tc.name)
			if tc.code != "" && r.reason() != tc.code {
				t.Fatalf("reason %q, want %q", r.reason(), tc.code)
			}
			if tc.want == 200 {
				if r.Body["token"] == "" || r.Body["expiresAt"] == nil {
					t.Fatalf("no token: %s", r.Raw)
				}
				u := r.Body["user"].(map[string]any)
				if _, leaked := u["passwordHash"]; leaked {
					t.Fatal("password hash left the server")
				}
				if u["username"] != "zhang" || u["role"] != "mediator" {
					t.Fatalf("user: %v", u)
				}
			}
		})
	}
}

func TestLoginLockoutAfterRepeatedFailures(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	s.createUser("li", domain.RoleMediator, "610921102")
	for i := 0; i < 5; i++ {
		r := s.do("POST", "/api/v1/auth/login", "", map[string]string{"username": "li", "password": "wrong-pass-1"})
		expectRefusal(t, r, 401, "bad_credentials", "failed attempt")
	}
	r := s.do("POST", "/api/v1/auth/login", "", map[string]string{"username": "li", "password": "Passw0rd-li"})
	expectRefusal(t, r, 429, "account_locked", "locked account, even with the right password")
	if r.errorCode() != "rate_limited" {
		t.Fatalf("code %s", r.errorCode())
	}
	s.clock.Set(time.Now().Add(16 * time.Minute))
	r = s.do("POST", "/api/v1/auth/login", "", map[string]string{"username": "li", "password": "Passw0rd-li"})
	expectStatus(t, r, 200, "after the lockout")
}

func TestLoginRateLimitedPerIP(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	limited := false
	for i := 0; i < 40 && !limited; i++ {
		r := s.do("POST", "/api/v1/auth/login", "", map[string]string{"username": "u" + string(rune('a'+i%26)) + "x", "password": "whatever-1"})
		limited = r.Status == http.StatusTooManyRequests
	}
	if !limited {
		t.Fatal("40 logins a minute from one address were never limited")
	}
}

func TestTokens(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	tok := s.createUser("wang", domain.RoleMediator, "610921102")
	parts := strings.Split(tok, ".")
	sign := func(secret string, method jwt.SigningMethod, mutate func(*claims)) string {
		cl := claims{Role: "mediator", Region: "610921102", RegisteredClaims: jwt.RegisteredClaims{
			Subject: "wang", ID: "x1", IssuedAt: jwt.NewNumericDate(time.Now()), ExpiresAt: jwt.NewNumericDate(time.Now().Add(time.Hour))}}
		if mutate != nil {
			mutate(&cl)
		}
		key := any([]byte(secret))
		if method == jwt.SigningMethodNone {
			key = jwt.UnsafeAllowNoneSignatureType
		}
		out, err := jwt.NewWithClaims(method, cl).SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	// the same claims with the role changed to admin, keeping the original signature
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(strings.Replace(string(payload), `"mediator"`, `"admin"`, 1))) + "." + parts[2]

	cases := []struct {
		name   string
		token  string
		want   int
		reason string
	}{
		{"valid", tok, 200, ""},
		{"missing", "", 401, "not_signed_in"},
		{"garbage", "not.a.token", 401, "token_invalid"},
		{"alg none", sign("", jwt.SigningMethodNone, nil), 401, "token_invalid"},
		{"foreign secret", sign("another-secret-0123456789", jwt.SigningMethodHS256, nil), 401, "token_invalid"},
		{"HS512 with our secret", sign("test-secret-0123456789abcdef", jwt.SigningMethodHS512, nil), 401, "token_invalid"},
		{"tampered claims", tampered, 401, "token_invalid"},
		{"expired", sign("test-secret-0123456789abcdef", jwt.SigningMethodHS256, func(c *claims) {
			c.IssuedAt = jwt.NewNumericDate(time.Now().Add(-10 * time.Hour))
			c.ExpiresAt = jwt.NewNumericDate(time.Now().Add(-time.Hour))
		}), 401, "token_expired"},
		{"no expiry", sign("test-secret-0123456789abcdef", jwt.SigningMethodHS256, func(c *claims) { c.ExpiresAt = nil }), 401, "token_invalid"},
		{"unknown user", sign("test-secret-0123456789abcdef", jwt.SigningMethodHS256, func(c *claims) { c.Subject = "ghost" }), 401, "account_disabled"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := s.do("GET", "/api/v1/auth/me", tc.token, nil)
			expectStatus(t, r, tc.want, tc.name)
			if tc.want == 401 && (r.errorCode() != "unauthorized" || r.reason() != tc.reason) {
				t.Fatalf("code %q reason %q, want unauthorized %s", r.errorCode(), r.reason(), tc.reason)
			}
		})
	}
}

// A validly signed token is good for at most TokenTTL from its issue: one claiming a century, or not
// saying when it was issued, is refused.
func TestTokenLifetimeIsBounded(t *testing.T) {
	s := startServer(t)
	s.createUser("long", domain.RoleMediator, townA)
	now := time.Now()
	sign := func(iat, exp *jwt.NumericDate) string {
		tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims{Role: "mediator", Region: townA,
			RegisteredClaims: jwt.RegisteredClaims{Subject: "long", ID: fmt.Sprint("lt-", exp), IssuedAt: iat, ExpiresAt: exp}}).
			SignedString([]byte("test-secret-0123456789abcdef"))
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	at := func(d time.Duration) *jwt.NumericDate { return jwt.NewNumericDate(now.Add(d)) }
	expectStatus(t, s.do("GET", "/api/v1/auth/me", sign(at(0), at(TokenTTL)), nil), 200, "a lifetime of exactly TokenTTL")
	expectRefusal(t, s.do("GET", "/api/v1/auth/me", sign(at(0), at(100*365*24*time.Hour)), nil), 401, "token_invalid", "a century ahead")
	expectRefusal(t, s.do("GET", "/api/v1/auth/me", sign(at(0), at(TokenTTL+time.Minute)), nil), 401, "token_invalid", "a minute too long")
	expectRefusal(t, s.do("GET", "/api/v1/auth/me", sign(nil, at(time.Hour)), nil), 401, "token_invalid", "no issue time")
}

// The authorization scheme is case-insensitive: bearer, BEARER and Bearer all carry the token.
func TestBearerSchemeIsCaseInsensitive(t *testing.T) {
	s := startServer(t)
	for _, h := range []string{"Bearer " + s.admin, "bearer " + s.admin, "BEARER " + s.admin, "bEaReR  " + s.admin} {
		req, _ := http.NewRequest("GET", s.URL+"/api/v1/auth/me", nil)
		req.Header.Set("Authorization", h)
		expectStatus(t, s.send(req), 200, h[:7])
	}
	for _, h := range []string{"Basic " + s.admin, "Bearer", "Bearer ", s.admin, "Bearer" + s.admin} {
		req, _ := http.NewRequest("GET", s.URL+"/api/v1/auth/me", nil)
		req.Header.Set("Authorization", h)
		if r := s.send(req); r.Status != 401 || r.reason() != "not_signed_in" {
			t.Errorf("%.10q: %d %s", h, r.Status, r.Raw)
		}
	}
}

func TestTokenExpiresAfterEightHours(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	start := time.Now()
	s.clock.Set(start)
	tok := s.createUser("zhao", domain.RoleLeader, "6109")
	s.clock.Set(start.Add(7*time.Hour + 59*time.Minute))
	expectStatus(t, s.do("GET", "/api/v1/auth/me", tok, nil), 200, "before expiry")
	s.clock.Set(start.Add(8*time.Hour + time.Minute))
	expectStatus(t, s.do("GET", "/api/v1/auth/me", tok, nil), 401, "after expiry")
}

func TestDeactivatedUserTokenStopsWorking(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	tok := s.createUser("sun", domain.RoleMediator, "610921102")
	expectStatus(t, s.do("GET", "/api/v1/auth/me", tok, nil), 200, "active")
	expectStatus(t, s.do("PATCH", "/api/v1/users/sun", s.admin, map[string]any{"active": false}), 200, "deactivate")
	expectStatus(t, s.do("GET", "/api/v1/auth/me", tok, nil), 401, "deactivated")
	expectStatus(t, s.do("POST", "/api/v1/auth/login", "", map[string]string{"username": "sun", "password": "Passw0rd-sun"}), 401, "login while deactivated")
}

// A deactivation ends the user's sessions for good: reactivating the account does not bring its old tokens
// back; a new login does.
func TestReactivationDoesNotReviveOldTokens(t *testing.T) {
	t0 := time.Now().Truncate(time.Second)
	s := startServerAt(t, t0)
	tok := s.createUser("lazarus", domain.RoleMediator, townA)
	s.clock.Set(t0.Add(time.Minute))
	expectStatus(t, s.do("PATCH", "/api/v1/users/lazarus", s.admin, map[string]any{"active": false}), 200, "deactivate")
	expectRefusal(t, s.do("GET", "/api/v1/auth/me", tok, nil), 401, "account_disabled", "deactivated")
	s.clock.Set(t0.Add(2 * time.Minute))
	expectStatus(t, s.do("PATCH", "/api/v1/users/lazarus", s.admin, map[string]any{"active": true}), 200, "reactivate")
	expectRefusal(t, s.do("GET", "/api/v1/auth/me", tok, nil), 401, "session_ended", "the old token after reactivation")
	fresh := s.login("lazarus", "Passw0rd-lazarus")
	expectStatus(t, s.do("GET", "/api/v1/auth/me", fresh, nil), 200, "a new login")
	// an admin's unrelated change (a rename) ends nothing
	expectStatus(t, s.do("PATCH", "/api/v1/users/lazarus", s.admin, map[string]any{"name": "新名字", "active": true}), 200, "rename")
	expectStatus(t, s.do("GET", "/api/v1/auth/me", fresh, nil), 200, "after a rename")
}

func TestLogoutRevokesAndRefreshReplaces(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	tok := s.createUser("zhou", domain.RoleMediator, "610921102")
	r := s.do("POST", "/api/v1/auth/refresh", tok, nil)
	expectStatus(t, r, 200, "refresh")
	fresh := r.Body["token"].(string)
	expectStatus(t, s.do("GET", "/api/v1/auth/me", tok, nil), 401, "the refreshed token is revoked")
	expectStatus(t, s.do("GET", "/api/v1/auth/me", fresh, nil), 200, "the new token")
	expectStatus(t, s.do("POST", "/api/v1/auth/logout", fresh, nil), 204, "logout")
	expectStatus(t, s.do("GET", "/api/v1/auth/me", fresh, nil), 401, "after logout")
}

func TestPasswordResetEndsOldSessions(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	tok := s.createUser("wu", domain.RoleMediator, "610921102")
	s.clock.Set(time.Now().Add(2 * time.Second)) // tokens carry whole seconds
	expectStatus(t, s.do("PATCH", "/api/v1/users/wu", s.admin, map[string]any{"password": "Brand-new-pass1"}), 200, "reset")
	expectStatus(t, s.do("GET", "/api/v1/auth/me", tok, nil), 401, "token issued before the reset")
	s.login("wu", "Brand-new-pass1")
}

func TestUsers(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	mediator := s.createUser("chen", domain.RoleMediator, "610921102")
	valid := func(mut func(m map[string]any)) map[string]any {
		m := map[string]any{"username": "newuser", "password": "Good-pass-123", "name": "新用户", "role": "leader", "regionCode": "610921"}
		if mut != nil {
			mut(m)
		}
		return m
	}
	cases := []struct {
		name   string
		token  string
		body   any
		want   int
		code   string
		fields []string
	}{
		{"create", s.admin, valid(nil), 201, "", nil},
		{"duplicate username", s.admin, valid(func(m map[string]any) { m["username"] = "CHEN" }), 409, "username_taken", nil},
		{"bad role", s.admin, valid(func(m map[string]any) { m["username"] = "u2"; m["role"] = "king" }), 422, "validation_failed", []string{"role"}},
		{"unknown region", s.admin, valid(func(m map[string]any) { m["username"] = "u3"; m["regionCode"] = "999999" }), 422, "validation_failed", []string{"regionCode"}},
		{"short password", s.admin, valid(func(m map[string]any) { m["username"] = "u4"; m["password"] = "Ab1" }), 422, "validation_failed", []string{"password"}},
		{"missing name", s.admin, valid(func(m map[string]any) { m["username"] = "u5"; delete(m, "name") }), 422, "validation_failed", []string{"name"}},
		{"unknown field", s.admin, valid(func(m map[string]any) { m["username"] = "u6"; m["isRoot"] = true }), 400, "bad_request", nil},
		{"dollar key", s.admin, valid(func(m map[string]any) { m["username"] = "u7"; m["$where"] = "1" }), 400, "bad_request", nil},
		{"non-admin", mediator, valid(func(m map[string]any) { m["username"] = "u8" }), 403, "forbidden", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := s.do("POST", "/api/v1/users", tc.token, tc.body)
			expectStatus(t, r, tc.want, tc.name)
			if tc.code != "" && r.reason() != tc.code {
				t.Fatalf("reason %q, want %q", r.reason(), tc.code)
			}
			for _, f := range tc.fields {
				if !slices.Contains(r.fieldErrors(), f) {
					t.Fatalf("fields %v do not name %q: %s", r.fieldErrors(), f, r.Raw)
				}
				if !strings.ContainsFunc(string(r.Raw), func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
					t.Fatalf("message is not Chinese: %s", r.Raw)
				}
			}
		})
	}
	r := s.do("GET", "/api/v1/users", s.admin, nil)
	expectStatus(t, r, 200, "list")
	if r.Body["total"].(float64) != 3 {
		t.Fatalf("want admin, chen, newuser; got %s", r.Raw)
	}
	if strings.Contains(string(r.Raw), "passwordHash") || strings.Contains(string(r.Raw), "$2a$") {
		t.Fatal("password hash in the user list")
	}
	expectStatus(t, s.do("GET", "/api/v1/users", mediator, nil), 403, "list as mediator")
	// a failed creation stored nothing
	expectStatus(t, s.do("POST", "/api/v1/auth/login", "", map[string]string{"username": "u4", "password": "Ab1"}), 401, "rejected user was stored")

	t.Run("patch", func(t *testing.T) {
		r := s.do("PATCH", "/api/v1/users/chen", s.admin, map[string]any{"name": "陈调解", "role": "petition", "regionCode": "610921"})
		expectStatus(t, r, 200, "patch")
		if r.Body["role"] != "petition" || r.Body["regionCode"] != "610921" || r.Body["name"] != "陈调解" {
			t.Fatalf("patched user %s", r.Raw)
		}
		expectStatus(t, s.do("PATCH", "/api/v1/users/chen", s.admin, map[string]any{"role": "boss"}), 422, "bad role")
		expectStatus(t, s.do("PATCH", "/api/v1/users/nobody", s.admin, map[string]any{"name": "x"}), 404, "unknown user")
		expectStatus(t, s.do("PATCH", "/api/v1/users/admin", s.admin, map[string]any{"active": false}), 422, "deactivate yourself")
	})
}

func TestRegions(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	tok := s.createUser("reader", domain.RoleLeader, "6109")
	r := s.do("GET", "/api/v1/regions", tok, nil)
	expectStatus(t, r, 200, "regions")
	levels := map[string]int{}
	for _, it := range r.Body["items"].([]any) {
		levels[it.(map[string]any)["level"].(string)]++
	}
	if levels["city"] != 1 || levels["county"] != 10 || levels["township"] != 139 {
		t.Fatalf("levels %v, want 1 city, 10 counties, 139 townships", levels)
	}
	r = s.do("GET", "/api/v1/regions?parent=610921", tok, nil)
	expectStatus(t, r, 200, "children")
	kids := r.Body["items"].([]any)
	if len(kids) == 0 {
		t.Fatal("汉阴县 has no townships")
	}
	for _, k := range kids {
		m := k.(map[string]any)
		if m["parentCode"] != "610921" || m["level"] != "township" {
			t.Fatalf("child %v", m)
		}
	}
	expectStatus(t, s.do("GET", "/api/v1/regions?parent=123", tok, nil), 404, "unknown parent")
	expectStatus(t, s.do("GET", "/api/v1/regions", "", nil), 401, "without a token")
}

func TestErrorsAndHeaders(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	r := s.do("GET", "/api/v1/nope", s.admin, nil)
	expectRefusal(t, r, 404, "route_not_found", "unknown api route")
	if r.errorCode() != "not_found" {
		t.Fatalf("unknown route body %s", r.Raw)
	}
	r = s.do("GET", "/healthz", "", nil)
	expectStatus(t, r, 200, "healthz")
	if r.Body["status"] != "ok" {
		t.Fatalf("healthz %s", r.Raw)
	}
	if r.Header.Get("X-Content-Type-Options") != "nosniff" || r.Header.Get("X-Frame-Options") != "DENY" {
		t.Fatalf("security headers missing: %v", r.Header)
	}
	big := `{"username":"` + strings.Repeat("a", 2<<20) + `","password":"x"}`
	r = s.do("POST", "/api/v1/auth/login", "", big)
	expectRefusal(t, r, 413, "payload_too_large", "body over 1 MB")
	if r.errorCode() != "payload_too_large" {
		t.Fatalf("413 body %s", r.Raw)
	}
	r = s.do("GET", "/cases/some/deep/link", "", nil)
	expectStatus(t, r, 200, "SPA deep link")
	expectStatus(t, s.do("GET", "/assets/missing-chunk.js", "", nil), 404, "a missing asset")
}

// A known path asked with a method it does not have answers 405 method_not_allowed with an Allow header
// naming the methods it has; an unknown path stays 404.
func TestWrongMethodOnAKnownPathIs405(t *testing.T) {
	s := startServer(t)
	med := s.createUser("methodical", domain.RoleMediator, townA)
	cases := []struct {
		method, path, token, allow string
	}{
		{"DELETE", "/api/v1/cases", med, "GET, POST"},
		{"PUT", "/api/v1/users/methodical", s.admin, "PATCH"},
		{"GET", "/api/v1/cases/610921102-2026-000001/actions", med, "POST"},
		{"POST", "/api/v1/auth/me", med, "GET"},
		{"POST", "/api/openapi.json", "", "GET"},
		{"POST", "/healthz", "", "GET"},
		{"GET", "/api/v1/auth/login", "", "POST"},
	}
	for _, c := range cases {
		r := s.do(c.method, c.path, c.token, nil)
		if r.Status != 405 || r.reason() != "method_not_allowed" || r.Header.Get("Allow") != c.allow {
			t.Errorf("%s %s: %d %s, Allow %q; want 405 method_not_allowed, Allow %q", c.method, c.path, r.Status, r.Raw, r.Header.Get("Allow"), c.allow)
		}
	}
	for _, p := range []string{"/api/v1/no-such-thing", "/api/v2/cases", "/api/v1/cases/x/y/z"} {
		if r := s.do("DELETE", p, med, nil); r.Status != 404 || r.reason() != "route_not_found" {
			t.Errorf("DELETE %s: %d %s, want 404", p, r.Status, r.Raw)
		}
	}
	// the methods a path has are no secret (the OpenAPI document lists them): a token is not needed to learn them
	if r := s.do("DELETE", "/api/v1/cases", "", nil); r.Status != 405 || r.Header.Get("Allow") != "GET, POST" {
		t.Errorf("DELETE /api/v1/cases without a token: %d %s", r.Status, r.Raw)
	}
	if r := s.do("GET", "/api/v1/no-such-thing", "", nil); r.Status != 401 {
		t.Errorf("an unknown path without a token: %d, want 401 as before", r.Status)
	}
}
