package handlers

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"pingan/domain"
)

// loginFrom logs in as a client at addr behind the (loopback, trusted) proxy.
func (s *testServer) loginFrom(addr, username, password string) response {
	s.t.Helper()
	body, _ := json.Marshal(map[string]string{"username": username, "password": password})
	req, _ := http.NewRequest("POST", s.URL+"/api/v1/auth/login", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Forwarded-For", addr)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := response{Status: resp.StatusCode, Raw: raw, Header: resp.Header}
	_ = json.Unmarshal(raw, &r.Body)
	return r
}

// auditActions counts the audit entries of each action on a target.
func (s *testServer) auditActions(target string) map[string]int {
	s.t.Helper()
	r := s.do("GET", "/api/v1/audit?limit=1000", s.admin, nil)
	out := map[string]int{}
	for _, it := range r.Body["items"].([]any) {
		e := it.(map[string]any)
		if e["target"] == target {
			out[e["action"].(string)]++
		}
	}
	return out
}

// Failing from one address locks that address out of the account, not the account: its owner logs in
// from anywhere else. The lock is audited and answered with 429 account_locked and Retry-After.
func TestLockoutIsPerClientAddress(t *testing.T) {
	s := startServer(t)
	s.createUser("victim", domain.RoleMediator, townA)
	const attacker, owner = "203.0.113.66", "198.51.100.7"
	for i := range 5 {
		expectRefusal(t, s.loginFrom(attacker, "victim", fmt.Sprintf("guess-%d-x", i)), 401, "bad_credentials", "a guess")
	}
	r := s.loginFrom(attacker, "victim", "Passw0rd-victim")
	expectRefusal(t, r, 429, "account_locked", "the attacker, right password")
	if r.Header.Get("Retry-After") != "900" {
		t.Errorf("Retry-After %q, want 900", r.Header.Get("Retry-After"))
	}
	expectStatus(t, s.loginFrom(owner, "victim", "Passw0rd-victim"), 200, "the owner from another address")
	expectStatus(t, s.loginFrom(owner, "VICTIM", "Passw0rd-victim"), 200, "the owner again")
	if n := s.auditActions("victim")["login_lockout"]; n != 1 {
		t.Errorf("%d lockouts audited, want 1", n)
	}
}

// Many addresses guessing one account trip the brake: past brakeAfter failures a single failure locks its
// address, while a client that has not been failing still logs in with the right password.
func TestLoginBrakeNeverLocksOutTheRightPasswordFromACleanClient(t *testing.T) {
	s := startServer(t)
	s.createUser("target", domain.RoleMediator, townA)
	l := s.App.limiter
	for a := range l.brakeAfter / l.maxFailures { // 50 failures from 10 addresses, each until its own lock
		for i := range l.maxFailures {
			s.loginFrom(fmt.Sprintf("203.0.113.%d", a), "target", fmt.Sprintf("guess-%d-%d", a, i))
		}
	}
	fresh := "198.51.100.200"
	expectRefusal(t, s.loginFrom(fresh, "target", "one-guess-1"), 401, "bad_credentials", "a new address's first guess")
	expectRefusal(t, s.loginFrom(fresh, "target", "Passw0rd-target"), 429, "account_locked", "its second attempt under the brake")
	expectStatus(t, s.loginFrom("198.51.100.9", "target", "Passw0rd-target"), 200, "a clean client with the right password")
	s.clock.Set(time.Now().Add(16 * time.Minute)) // the window passes: the brake lets go
	expectStatus(t, s.loginFrom(fresh, "target", "Passw0rd-target"), 200, "after the lockout")
}

// An admin lifts the lockouts of a user of its region; the unlock is audited; another region's user
// answers like an unknown one, and only admins may unlock.
func TestAdminUnlocksAnAccount(t *testing.T) {
	s := startServer(t)
	med := s.createUser("forgetful", domain.RoleMediator, townA)
	s.createUser("far-away", domain.RoleMediator, townC)
	hy := s.createUser("hy-unlocker", domain.RoleAdmin, county)
	for i := range 5 {
		s.loginFrom("192.0.2.10", "forgetful", fmt.Sprintf("forgot-%d-x", i))
	}
	expectRefusal(t, s.loginFrom("192.0.2.10", "forgetful", "Passw0rd-forgetful"), 429, "account_locked", "locked")

	expectRefusal(t, s.do("POST", "/api/v1/users/forgetful/unlock", med, nil), 403, "forbidden", "a mediator unlocks")
	expectRefusal(t, s.do("POST", "/api/v1/users/far-away/unlock", hy, nil), 404, "user_not_found", "another county's user")
	expectRefusal(t, s.do("POST", "/api/v1/users/nobody/unlock", hy, nil), 404, "user_not_found", "an unknown user")
	expectStatus(t, s.do("POST", "/api/v1/users/forgetful/unlock", hy, nil), 204, "the county admin unlocks")
	expectStatus(t, s.loginFrom("192.0.2.10", "forgetful", "Passw0rd-forgetful"), 200, "after the unlock")

	r := s.do("GET", "/api/v1/audit?limit=1000", hy, nil)
	if !strings.Contains(string(r.Raw), `"actor":"hy-unlocker","action":"user_unlock","target":"forgetful","detail":"解除1个客户端地址的登录锁定"`) {
		t.Errorf("the unlock is not audited: %s", r.Raw)
	}
}

// auditEntries lists the audit entries of an action, as the city admin reads them.
func (s *testServer) auditEntries(action string) []map[string]any {
	s.t.Helper()
	r := s.do("GET", "/api/v1/audit?limit=1000", s.token("admin"), nil)
	var out []map[string]any
	for _, it := range r.Body["items"].([]any) {
		if e := it.(map[string]any); e["action"] == action {
			out = append(out, e)
		}
	}
	return out
}

// Refused logins cannot grow the store without bound: repeated refusals of one locked account from one
// client make one counted audit entry per 15-minute window, and an address over its rate limit one entry
// per window, whatever usernames it tries.
func TestRepeatedRefusalsMakeOneAuditEntryPerWindow(t *testing.T) {
	t0 := time.Date(2026, 5, 6, 9, 10, 0, 0, domain.Shanghai)
	s := startServerAt(t, t0)
	s.createUser("pounded", domain.RoleMediator, townA)
	for i := range 5 {
		s.loginFrom("203.0.113.9", "pounded", fmt.Sprintf("guess-%d-x", i))
	}
	for range 20 {
		expectRefusal(t, s.loginFrom("203.0.113.9", "pounded", "guess-again"), 429, "account_locked", "locked")
	}
	s.clock.Set(t0.Add(6 * time.Minute)) // 09:16, the next window; the lock lasts until 09:25
	for range 15 {
		expectRefusal(t, s.loginFrom("203.0.113.9", "pounded", "guess-again"), 429, "account_locked", "still locked")
	}
	locked := s.auditEntries("login_locked")
	if len(locked) != 2 {
		t.Fatalf("%d login_locked entries, want one per window: %v", len(locked), locked)
	}
	counts := []float64{locked[1]["count"].(float64), locked[0]["count"].(float64)} // newest first
	if counts[0] != 20 || counts[1] != 15 || locked[1]["at"] != t0.Format(time.RFC3339) ||
		locked[0]["lastAt"] != t0.Add(6*time.Minute).Format(time.RFC3339) || locked[0]["ip"] != "203.0.113.9" {
		t.Errorf("entries %v, want counts 20 and 15 with the first and last times", locked)
	}

	l := s.App.limiter
	l.mu.Lock()
	l.maxPerIP = 3
	l.mu.Unlock()
	for i := range 40 {
		s.loginFrom("198.51.100.50", fmt.Sprintf("sprayed%d", i), "whatever-1")
	}
	limited := s.auditEntries("login_rate_limited")
	if len(limited) != 1 || limited[0]["count"] != 37.0 || limited[0]["ip"] != "198.51.100.50" {
		t.Errorf("rate-limited entries %v, want one counting 37 refusals", limited)
	}
}
