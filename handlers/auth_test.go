package handlers

import (
	"encoding/base64"
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
		{"wrong password", map[string]string{"username": "zhang", "password": "nope-nope-1"}, 401, "unauthorized"},
		{"unknown user", map[string]string{"username": "nobody", "password": "Passw0rd-zhang"}, 401, "unauthorized"},
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
			if tc.code != "" && r.errorCode() != tc.code {
				t.Fatalf("code %q, want %q", r.errorCode(), tc.code)
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
		expectStatus(t, r, 401, "failed attempt")
	}
	r := s.do("POST", "/api/v1/auth/login", "", map[string]string{"username": "li", "password": "Passw0rd-li"})
	expectStatus(t, r, 429, "locked account, even with the right password")
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
		name  string
		token string
		want  int
	}{
		{"valid", tok, 200},
		{"missing", "", 401},
		{"garbage", "not.a.token", 401},
		{"alg none", sign("", jwt.SigningMethodNone, nil), 401},
		{"foreign secret", sign("another-secret-0123456789", jwt.SigningMethodHS256, nil), 401},
		{"HS512 with our secret", sign("test-secret-0123456789abcdef", jwt.SigningMethodHS512, nil), 401},
		{"tampered claims", tampered, 401},
		{"expired", sign("test-secret-0123456789abcdef", jwt.SigningMethodHS256, func(c *claims) {
			c.IssuedAt = jwt.NewNumericDate(time.Now().Add(-10 * time.Hour))
			c.ExpiresAt = jwt.NewNumericDate(time.Now().Add(-time.Hour))
		}), 401},
		{"no expiry", sign("test-secret-0123456789abcdef", jwt.SigningMethodHS256, func(c *claims) { c.ExpiresAt = nil }), 401},
		{"unknown user", sign("test-secret-0123456789abcdef", jwt.SigningMethodHS256, func(c *claims) { c.Subject = "ghost" }), 401},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := s.do("GET", "/api/v1/auth/me", tc.token, nil)
			expectStatus(t, r, tc.want, tc.name)
			if tc.want == 401 && r.errorCode() != "unauthorized" {
				t.Fatalf("code %q", r.errorCode())
			}
		})
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
		{"duplicate username", s.admin, valid(func(m map[string]any) { m["username"] = "CHEN" }), 409, "conflict", nil},
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
			if tc.code != "" && r.errorCode() != tc.code {
				t.Fatalf("code %q, want %q", r.errorCode(), tc.code)
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
	expectStatus(t, r, 404, "unknown api route")
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
	expectStatus(t, r, 413, "body over 1 MB")
	if r.errorCode() != "payload_too_large" {
		t.Fatalf("413 body %s", r.Raw)
	}
	r = s.do("GET", "/cases/some/deep/link", "", nil)
	expectStatus(t, r, 200, "SPA deep link")
	expectStatus(t, s.do("GET", "/assets/missing-chunk.js", "", nil), 404, "a missing asset")
}
