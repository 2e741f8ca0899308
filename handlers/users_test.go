package handlers

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"pingan/domain"
)

// usernames lists the usernames of a user list.
func usernames(r response) []string {
	var out []string
	items, _ := r.Body["items"].([]any)
	for _, it := range items {
		out = append(out, it.(map[string]any)["username"].(string))
	}
	return out
}

// An admin of one county cannot take over the city: it sees and changes only the users of its county,
// reads only its county's audit entries, gives no region outside it, creates or changes no admin at or
// above its level, and cannot widen its own region or change its own role.
func TestCountyAdminCannotTakeOverTheCity(t *testing.T) {
	s := startServer(t)
	hy := s.createUser("hy-admin", domain.RoleAdmin, county) // 汉阴县
	s.createUser("hy-admin2", domain.RoleAdmin, county)
	s.createUser("hy-med", domain.RoleMediator, townA)
	s.createUser("far-med", domain.RoleMediator, townC) // another county
	s.do("POST", "/api/v1/auth/login", "", map[string]string{"username": "nobody-at-all", "password": "wrong-pass-1"})

	r := s.do("GET", "/api/v1/users", hy, nil)
	expectStatus(t, r, 200, "list")
	if got := usernames(r); !slices.Equal(got, []string{"hy-admin", "hy-admin2", "hy-med"}) || r.Body["total"] != 3.0 {
		t.Errorf("the county admin lists %v (total %v), want its county's users only", got, r.Body["total"])
	}
	r = s.do("GET", "/api/v1/audit?limit=1000", hy, nil)
	expectStatus(t, r, 200, "audit log")
	for _, leak := range []string{"far-med", "nobody-at-all", `"actor":"admin","action":"login"`} {
		if strings.Contains(string(r.Raw), leak) {
			t.Errorf("the county admin's audit log shows %s: %s", leak, r.Raw)
		}
	}
	if !strings.Contains(string(r.Raw), `"target":"hy-med"`) {
		t.Errorf("the county admin's audit log lacks its own county's entries: %s", r.Raw)
	}

	newUser := func(username, role, region string) map[string]string {
		return map[string]string{"username": username, "password": "Take-over-2026", "name": "接管", "role": role, "regionCode": region}
	}
	expectRefusal(t, s.do("POST", "/api/v1/users", hy, newUser("city-admin2", "admin", "6109")), 403, "out_of_region", "create a city admin")
	expectRefusal(t, s.do("POST", "/api/v1/users", hy, newUser("city-leader", "leader", "6109")), 403, "out_of_region", "create a city leader")
	expectRefusal(t, s.do("POST", "/api/v1/users", hy, newUser("far-med2", "mediator", townC)), 403, "out_of_region", "create in another county")
	expectRefusal(t, s.do("POST", "/api/v1/users", hy, newUser("hy-admin3", "admin", county)), 403, "admin_not_below", "create a peer admin")
	expectStatus(t, s.do("POST", "/api/v1/users", hy, newUser("town-admin", "admin", townA)), 201, "create a township admin")

	// the city admin and another county's user answer like users that do not exist
	unknown := s.do("PATCH", "/api/v1/users/no-such-user", hy, map[string]any{"password": "Taken-over-1"})
	expectRefusal(t, unknown, 404, "user_not_found", "an unknown user")
	for _, id := range []string{"admin", "far-med"} {
		r := s.do("PATCH", "/api/v1/users/"+id, hy, map[string]any{"password": "Taken-over-1"})
		expectRefusal(t, r, 404, "user_not_found", "reset the password of "+id)
		if !bytes.Equal(r.Raw, unknown.Raw) {
			t.Errorf("%s answers %s, an unknown user %s", id, r.Raw, unknown.Raw)
		}
	}
	expectRefusal(t, s.do("PATCH", "/api/v1/users/hy-admin2", hy, map[string]any{"password": "Taken-over-1"}), 403, "admin_not_below", "reset a peer admin")
	expectRefusal(t, s.do("PATCH", "/api/v1/users/hy-med", hy, map[string]any{"regionCode": townC}), 403, "out_of_region", "move a user out of the county")
	expectRefusal(t, s.do("PATCH", "/api/v1/users/hy-med", hy, map[string]any{"role": "admin", "regionCode": county}), 403, "admin_not_below", "promote to a peer admin")
	expectRefusal(t, s.do("PATCH", "/api/v1/users/town-admin", hy, map[string]any{"regionCode": county}), 403, "admin_not_below", "lift a township admin to the county")

	// its own account: no wider region, no other role
	expectRefusal(t, s.do("PATCH", "/api/v1/users/hy-admin", hy, map[string]any{"regionCode": "6109"}), 403, "out_of_region", "widen own region")
	r = s.do("PATCH", "/api/v1/users/hy-admin", hy, map[string]any{"role": "leader"})
	expectRefusal(t, r, 422, "validation_failed", "change own role")
	if !slices.Contains(r.fieldErrors(), "role") {
		t.Errorf("changing the own role does not name the field: %s", r.Raw)
	}
	expectStatus(t, s.do("PATCH", "/api/v1/users/hy-admin", hy, map[string]any{"name": "汉阴县管理员"}), 200, "rename oneself")

	// the township admin sees only its township and cannot touch the county admin above it
	town := s.login("town-admin", "Take-over-2026")
	if got := usernames(s.do("GET", "/api/v1/users", town, nil)); !slices.Equal(got, []string{"hy-med", "town-admin"}) {
		t.Errorf("the township admin lists %v", got)
	}
	expectRefusal(t, s.do("PATCH", "/api/v1/users/hy-admin", town, map[string]any{"active": false}), 404, "user_not_found", "deactivate the county admin")

	// nothing changed: the city admin's password, the other county's user, no new city-level user
	s.login("admin", testAdminPassword)
	s.login("far-med", "Passw0rd-far-med")
	s.login("hy-admin2", "Passw0rd-hy-admin2")
	r = s.do("GET", "/api/v1/users", s.admin, nil)
	for _, u := range []string{"city-admin2", "city-leader", "far-med2", "hy-admin3"} {
		if slices.Contains(usernames(r), u) {
			t.Errorf("a refused user %s was stored", u)
		}
	}
	for _, it := range r.Body["items"].([]any) {
		u := it.(map[string]any)
		if u["username"] == "hy-admin" && (u["regionCode"] != county || u["role"] != "admin") {
			t.Errorf("the county admin changed its own role or region: %v", u)
		}
		if u["username"] == "hy-med" && (u["regionCode"] != townA || u["role"] != "mediator") {
			t.Errorf("a refused patch changed hy-med: %v", u)
		}
	}
}
