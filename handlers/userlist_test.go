package handlers

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"testing"
	"time"

	"pingan/domain"
)

// mustChange reads the flag as the user itself sees it (GET /auth/me).
func (s *testServer) mustChange(token string) bool {
	s.t.Helper()
	r := s.do("GET", "/api/v1/auth/me", token, nil)
	expectStatus(s.t, r, 200, "me")
	v, ok := r.Body["mustChangePassword"].(bool)
	if !ok {
		s.t.Fatalf("me has no mustChangePassword: %s", r.Raw)
	}
	return v
}

// A password someone else chose is temporary: a created user, a password reset by an admin and a generated
// admin password must be changed at the first login (the web app asks before anything else); the user's own
// change clears it; an admin may waive it or ask for it; a password set in the configuration is the
// operator's own. The API answers the user's other calls meanwhile (existing clients keep working).
func TestMustChangePasswordFollowsWhoChoseIt(t *testing.T) {
	t.Parallel()
	s := startServerAt(t, time.Date(2026, 5, 6, 9, 0, 0, 0, domain.Shanghai))
	if s.mustChange(s.admin) {
		t.Fatal("the admin of a configured password must change it")
	}
	med := s.createUser("newcomer", domain.RoleMediator, townA)
	if !s.mustChange(med) {
		t.Fatal("a created user is not asked to change its password")
	}
	expectStatus(t, s.do("GET", "/api/v1/todo", med, nil), 200, "other calls meanwhile")

	expectStatus(t, s.do("POST", "/api/v1/auth/password", med, map[string]string{"oldPassword": "Passw0rd-newcomer", "newPassword": "Mine-2026-ok"}), 204, "own change")
	med = s.login("newcomer", "Mine-2026-ok")
	if s.mustChange(med) {
		t.Fatal("still asked after the user's own change")
	}

	steps := []struct {
		name string
		body map[string]any
		want bool
	}{
		{"an admin's reset", map[string]any{"password": "Reset-2026-aa"}, true},
		{"a reset the admin waives", map[string]any{"password": "Reset-2026-bb", "mustChangePassword": false}, false},
		{"asked for alone", map[string]any{"mustChangePassword": true}, true},
		{"waived alone", map[string]any{"mustChangePassword": false}, false},
		{"a name change leaves it", map[string]any{"name": "新名字"}, false},
	}
	for _, st := range steps {
		r := s.do("PATCH", "/api/v1/users/newcomer", s.admin, st.body)
		expectStatus(t, r, 200, st.name)
		if r.Body["mustChangePassword"] != st.want {
			t.Fatalf("%s: mustChangePassword %v, want %v", st.name, r.Body["mustChangePassword"], st.want)
		}
	}
	r := s.do("POST", "/api/v1/users", s.admin, map[string]any{"username": "service", "password": "Service-2026-x",
		"name": "接口账号", "role": "leader", "regionCode": county, "mustChangePassword": false})
	expectStatus(t, r, 201, "create with the change waived")
	if r.Body["mustChangePassword"] != false {
		t.Fatalf("created with the change waived: %s", r.Raw)
	}
	if e := fmt.Sprint(s.auditEntries("user_update")); !strings.Contains(e, "detail:password=reset, mustChangePassword=false") {
		t.Errorf("the waiver is not audited: %v", e)
	}

	// the first start with no configured password: the generated one is temporary
	cfg := Config{DataDir: t.TempDir(), JWTSecret: "test-secret-0123456789abcdef", Announce: func(string) {},
		Logger: slog.New(slog.NewJSONHandler(io.Discard, nil))}
	app, err := New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Shutdown(context.Background())
	u, err := app.Store().GetUser(context.Background(), "admin")
	if err != nil || !u.MustChangePassword {
		t.Fatalf("a generated admin password: %v %+v", err, u)
	}
}

// The admin's user list searches (username or name), filters by role, region and locked, and pages;
// without page parameters it answers every user as before. Each user says whether its login is locked.
func TestUserListSearchesFiltersAndPages(t *testing.T) {
	t.Parallel()
	s := startServerAt(t, time.Date(2026, 5, 6, 9, 0, 0, 0, domain.Shanghai))
	for _, u := range []struct {
		name   string
		role   domain.Role
		region string
	}{{"med-a1", domain.RoleMediator, townA}, {"med-a2", domain.RoleMediator, townA}, {"med-c1", domain.RoleMediator, townC},
		{"lead-1", domain.RoleLeader, county}, {"pet-1", domain.RolePetition, county}} {
		s.createUser(u.name, u.role, u.region)
	}
	for i := range 5 {
		s.loginFrom("192.0.2.77", "med-a2", fmt.Sprintf("wrong-%d-xx", i))
	}
	ids := func(query string) (out []string, total, page, size int) {
		t.Helper()
		r := s.do("GET", "/api/v1/users?"+query, s.admin, nil)
		expectStatus(t, r, 200, query)
		for _, it := range r.Body["items"].([]any) {
			m := it.(map[string]any)
			id := m["id"].(string)
			if m["locked"] == true {
				id += "🔒"
			}
			out = append(out, id)
		}
		return out, int(r.Body["total"].(float64)), int(r.Body["page"].(float64)), int(r.Body["pageSize"].(float64))
	}
	all := "admin lead-1 med-a1 med-a2🔒 med-c1 pet-1"
	cases := []struct {
		query, want       string
		total, page, size int
	}{
		{"", all, 6, 1, 6},
		{"q=MED-A", "med-a1 med-a2🔒", 2, 1, 2},
		{"q=" + url.QueryEscape("测试lead"), "lead-1", 1, 1, 1},
		{"role=mediator", "med-a1 med-a2🔒 med-c1", 3, 1, 3},
		{"regionCode=" + townA, "med-a1 med-a2🔒", 2, 1, 2},
		{"locked=true", "med-a2🔒", 1, 1, 1},
		{"role=mediator&pageSize=2", "med-a1 med-a2🔒", 3, 1, 2},
		{"role=mediator&page=2&pageSize=2", "med-c1", 3, 2, 2},
		{"page=9", "", 6, 9, 20},
	}
	for _, tc := range cases {
		got, total, page, size := ids(tc.query)
		if strings.Join(got, " ") != tc.want || total != tc.total || page != tc.page || size != tc.size {
			t.Errorf("%q: %v total %d page %d size %d, want %q %d %d %d", tc.query, got, total, page, size, tc.want, tc.total, tc.page, tc.size)
		}
	}
	for _, bad := range []string{"role=judge", "regionCode=999", "locked=maybe", "page=0", "pageSize=201", "pageSize=x"} {
		expectRefusal(t, s.do("GET", "/api/v1/users?"+bad, s.admin, nil), 400, "bad_request", bad)
	}
	expectStatus(t, s.do("POST", "/api/v1/users/med-a2/unlock", s.admin, nil), 204, "unlock")
	if got, _, _, _ := ids("locked=true"); len(got) != 0 {
		t.Errorf("still locked after the unlock: %v", got)
	}
}
