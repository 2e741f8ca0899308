package handlers

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"pingan/domain"
	"pingan/handlers/handlerstest"
)

// The five roles of the access table, each in its own kind of region. "other" is a township outside the
// role's region (none for the city admin: every township is the admin's); the county admin manages the
// users of its county only.
type accessRole struct {
	name     string
	role     domain.Role
	region   string // the user's region
	own      string // a township inside it
	other    string // a township outside it ("" = none)
	kind     domain.Kind
	password string
	token    string
	user     *domain.User
}

// roleOrder is the column order of the access table's status arrays.
var roleOrder = [5]string{"admin", "county-admin", "leader", "mediator", "petition"}

type accessFixture struct {
	s     *testServer
	roles map[string]*accessRole
	// cases that stay untouched, by kind and township
	cases map[string]map[string]any
	seq   int
}

// newAccessFixture starts a server with its clock frozen (tokens then outlive a password change made in
// the same second) and makes the five users, a user in the other township (acc-far) and a case of each
// kind in each township the table needs.
func newAccessFixture(t *testing.T) *accessFixture {
	t.Helper()
	s := startServerAt(t, time.Now().Add(-time.Minute).Truncate(time.Second))
	f := &accessFixture{s: s, roles: map[string]*accessRole{
		"admin":        {name: "admin", role: domain.RoleAdmin, region: "6109", own: townA, kind: domain.KindDispute, password: testAdminPassword},
		"county-admin": {name: "county-admin", role: domain.RoleAdmin, region: county, own: townA, other: townC, kind: domain.KindDispute},
		"leader":       {name: "leader", role: domain.RoleLeader, region: county, own: townA, other: townC, kind: domain.KindDispute},
		"mediator":     {name: "mediator", role: domain.RoleMediator, region: townA, own: townA, other: townB, kind: domain.KindDispute},
		"petition":     {name: "petition", role: domain.RolePetition, region: townA, own: townA, other: townB, kind: domain.KindPetition},
	}, cases: map[string]map[string]any{}}
	for _, r := range f.roles {
		if r.name == "admin" {
			r.token = s.admin
		} else {
			r.token = s.createUser("acc-"+r.name, r.role, r.region)
			r.password = "Passw0rd-acc-" + r.name
		}
		username := "acc-" + r.name
		if r.name == "admin" {
			username = "admin"
		}
		u, err := s.App.store.GetUser(t.Context(), username)
		if err != nil {
			t.Fatal(err)
		}
		r.user = u
	}
	s.createUser("acc-far", domain.RoleMediator, townC)
	for _, town := range []string{townA, townB, townC} {
		for _, kind := range []domain.Kind{domain.KindDispute, domain.KindPetition} {
			f.cases[string(kind)+"@"+town] = f.fresh(kind, town)
		}
	}
	return f
}

// fresh registers a new case with the admin's token.
func (f *accessFixture) fresh(kind domain.Kind, town string) map[string]any {
	if kind == domain.KindPetition {
		return f.s.register(f.s.admin, petitionBody(town, nil))
	}
	return f.s.register(f.s.admin, disputeBody(town, nil))
}

func (f *accessFixture) caseID(kind domain.Kind, town string) string {
	return f.cases[string(kind)+"@"+town]["id"].(string)
}

// newToken issues a token of the role's user without a login (for routes that revoke the token they get).
func (f *accessFixture) newToken(r *accessRole) string {
	tok, _, err := f.s.App.issueToken(r.user)
	if err != nil {
		f.s.t.Fatal(err)
	}
	return tok
}

// accessCall is one request of the table: token "" means the role's own token. A 2xx answer must not
// contain any of absent (another region's users and audit entries in a list).
type accessCall struct {
	method, path string
	body         any // as for testServer.do
	token        string
	absent       []string
}

// accessRow is one registered route. own and other hold the expected status per role, in roleOrder;
// 0 means "no such request" (a route without a region, or the admin, who has no other region).
// anon is the status without a token.
type accessRow struct {
	method, path string // as registered; method "ANY" stands for every method of an e.Any route
	call         func(f *accessFixture, r *accessRole, other bool) accessCall
	anon         int
	own, other   [5]int
}

func (f *accessFixture) regionOf(r *accessRole, other bool) string {
	if !other {
		return r.region
	}
	return r.other
}

func (f *accessFixture) townOf(r *accessRole, other bool) string {
	if other {
		return r.other
	}
	return r.own
}

func getCall(path string) func(*accessFixture, *accessRole, bool) accessCall {
	return func(*accessFixture, *accessRole, bool) accessCall { return accessCall{method: "GET", path: path} }
}

func regionReport(path string) func(*accessFixture, *accessRole, bool) accessCall {
	return func(f *accessFixture, r *accessRole, other bool) accessCall {
		if r == nil {
			return accessCall{method: "GET", path: path}
		}
		return accessCall{method: "GET", path: path + "?region=" + f.regionOf(r, other)}
	}
}

// accessTable lists every route of routes.go with who may call it. A route registered without a row here
// fails TestAccessTableCoversEveryRoute.
func accessTable() []accessRow {
	all := func(st int) [5]int { return [5]int{st, st, st, st, st} }
	//                 admin county-admin leader mediator petition
	regional := [5]int{200, 200, 200, 200, 200}
	outside := [5]int{0, 403, 403, 403, 403}
	none := [5]int{}
	adminsOnly := func(st int) [5]int { return [5]int{st, st, 403, 403, 403} }
	// the user routes: a user of the caller's region (acc-mediator, townA) or of the other (acc-far, townC)
	otherUsers := func(path string) func(*accessFixture, *accessRole, bool) accessCall {
		return func(_ *accessFixture, _ *accessRole, other bool) accessCall {
			if other {
				return accessCall{method: "GET", path: path, absent: []string{"acc-far"}}
			}
			return accessCall{method: "GET", path: path}
		}
	}
	return append(append([]accessRow{
		{method: "GET", path: "/healthz", call: getCall("/healthz"), anon: 200, own: all(200), other: none},
		{method: "GET", path: "/readyz", call: getCall("/readyz"), anon: 200, own: all(200), other: none},
		{method: "GET", path: "/metrics", call: getCall("/metrics"), anon: 200, own: all(200), other: none},
		{method: "GET", path: "/api/openapi.json", call: getCall("/api/openapi.json"), anon: 200, own: all(200), other: none},
		{method: "GET", path: "/api/docs", call: getCall("/api/docs"), anon: 200, own: all(200), other: none},

		{method: "POST", path: "/api/v1/auth/login", anon: 200, own: all(200), other: none,
			call: func(f *accessFixture, r *accessRole, _ bool) accessCall {
				if r == nil { // without a token: the admin's credentials
					r = f.roles["admin"]
				}
				return accessCall{method: "POST", path: "/api/v1/auth/login", body: map[string]string{"username": r.user.Username, "password": r.password}}
			}},
		{method: "GET", path: "/api/v1/auth/me", call: getCall("/api/v1/auth/me"), anon: 401, own: all(200), other: none},
		{method: "POST", path: "/api/v1/auth/refresh", anon: 401, own: all(200), other: none,
			call: func(f *accessFixture, r *accessRole, _ bool) accessCall {
				c := accessCall{method: "POST", path: "/api/v1/auth/refresh"}
				if r != nil {
					c.token = f.newToken(r) // it gets revoked
				}
				return c
			}},
		{method: "POST", path: "/api/v1/auth/logout", anon: 401, own: all(204), other: none,
			call: func(f *accessFixture, r *accessRole, _ bool) accessCall {
				c := accessCall{method: "POST", path: "/api/v1/auth/logout"}
				if r != nil {
					c.token = f.newToken(r)
				}
				return c
			}},
		{method: "POST", path: "/api/v1/auth/password", anon: 401, own: all(204), other: none,
			call: func(f *accessFixture, r *accessRole, _ bool) accessCall {
				if r == nil {
					return accessCall{method: "POST", path: "/api/v1/auth/password", body: map[string]string{"oldPassword": "x", "newPassword": "y"}}
				}
				old := r.password
				r.password = fmt.Sprintf("Rotated-%d-%s", f.seq, r.name)
				f.seq++
				return accessCall{method: "POST", path: "/api/v1/auth/password", body: map[string]string{"oldPassword": old, "newPassword": r.password}}
			}},

		{method: "GET", path: "/api/v1/users", call: otherUsers("/api/v1/users"), anon: 401, own: adminsOnly(200), other: [5]int{0, 200}},
		{method: "POST", path: "/api/v1/users", anon: 401, own: adminsOnly(201), other: [5]int{0, 403, 403, 403, 403},
			call: func(f *accessFixture, r *accessRole, other bool) accessCall {
				f.seq++
				region := townA
				if other {
					region = townC
				}
				return accessCall{method: "POST", path: "/api/v1/users", body: map[string]string{"username": fmt.Sprintf("made%d", f.seq),
					"password": "Made-pass-2026", "name": "新建", "role": "mediator", "regionCode": region}}
			}},
		{method: "PATCH", path: "/api/v1/users/:id", anon: 401, own: adminsOnly(200), other: [5]int{0, 404, 403, 403, 403},
			call: func(_ *accessFixture, _ *accessRole, other bool) accessCall {
				if other {
					return accessCall{method: "PATCH", path: "/api/v1/users/acc-far", body: map[string]string{"name": "改名"}}
				}
				return accessCall{method: "PATCH", path: "/api/v1/users/acc-mediator", body: map[string]string{"name": "改名"}}
			}},
		{method: "POST", path: "/api/v1/users/:id/unlock", anon: 401, own: adminsOnly(204), other: [5]int{0, 404, 403, 403, 403},
			call: func(_ *accessFixture, _ *accessRole, other bool) accessCall {
				if other {
					return accessCall{method: "POST", path: "/api/v1/users/acc-far/unlock"}
				}
				return accessCall{method: "POST", path: "/api/v1/users/acc-mediator/unlock"}
			}},
		{method: "GET", path: "/api/v1/audit", call: otherUsers("/api/v1/audit"), anon: 401, own: adminsOnly(200), other: [5]int{0, 200}},

		{method: "GET", path: "/api/v1/regions", call: getCall("/api/v1/regions"), anon: 401, own: all(200), other: none},
		{method: "GET", path: "/api/v1/enums", call: getCall("/api/v1/enums"), anon: 401, own: all(200), other: none},

		{method: "POST", path: "/api/v1/cases", anon: 401, own: [5]int{201, 201, 403, 201, 201}, other: outside,
			call: func(f *accessFixture, r *accessRole, other bool) accessCall {
				kind, town := domain.KindDispute, townA
				if r != nil {
					kind, town = r.kind, f.townOf(r, other)
				}
				body := disputeBody(town, nil)
				if kind == domain.KindPetition {
					body = petitionBody(town, nil)
				}
				return accessCall{method: "POST", path: "/api/v1/cases", body: body}
			}},
		{method: "GET", path: "/api/v1/cases", anon: 401, own: regional, other: [5]int{0, 200, 200, 200, 200},
			call: func(f *accessFixture, r *accessRole, other bool) accessCall {
				if r == nil {
					return accessCall{method: "GET", path: "/api/v1/cases"}
				}
				return accessCall{method: "GET", path: "/api/v1/cases?township=" + f.townOf(r, other)}
			}},
		{method: "GET", path: "/api/v1/cases/:id", anon: 401, own: regional, other: [5]int{0, 404, 404, 404, 404},
			call: func(f *accessFixture, r *accessRole, other bool) accessCall {
				if r == nil {
					return accessCall{method: "GET", path: "/api/v1/cases/" + f.caseID(domain.KindDispute, townA)}
				}
				return accessCall{method: "GET", path: "/api/v1/cases/" + f.caseID(r.kind, f.townOf(r, other))}
			}},
		{method: "POST", path: "/api/v1/cases/:id/actions", anon: 401, own: regional, other: [5]int{0, 404, 404, 404, 404},
			call: func(f *accessFixture, r *accessRole, other bool) accessCall {
				if r == nil {
					return accessCall{method: "POST", path: "/api/v1/cases/" + f.caseID(domain.KindDispute, townA) + "/actions",
						body: map[string]any{"action": "accept", "version": 1}}
				}
				c := f.fresh(r.kind, f.townOf(r, other))
				body := map[string]any{"action": "accept", "version": c["version"]}
				if r.role == domain.RoleLeader { // leaders only supervise
					body = map[string]any{"action": "supervise", "version": c["version"], "note": "请加快办理"}
				}
				return accessCall{method: "POST", path: "/api/v1/cases/" + c["id"].(string) + "/actions", body: body}
			}},
		{method: "GET", path: "/api/v1/cases/:id/documents", anon: 401, own: regional, other: [5]int{0, 404, 404, 404, 404},
			call: f2caseCall("GET", "/documents")},
		{method: "GET", path: "/api/v1/cases/:id/documents/:doc", anon: 401, own: regional, other: [5]int{0, 404, 404, 404, 404},
			call: f2caseCall("GET", "/documents/catalogue")},
		{method: "GET", path: "/api/v1/cases/:id/casefile", anon: 401, own: regional, other: [5]int{0, 404, 404, 404, 404},
			call: f2caseCall("GET", "/casefile")},
		{method: "GET", path: "/api/v1/cases/:id/attachments", anon: 401, own: regional, other: [5]int{0, 404, 404, 404, 404},
			call: f2caseCall("GET", "/attachments")},
		{method: "POST", path: "/api/v1/cases/:id/attachments", anon: 401, own: [5]int{201, 201, 403, 201, 201}, other: [5]int{0, 404, 404, 404, 404},
			call: func(f *accessFixture, r *accessRole, other bool) accessCall {
				call := f2caseCall("POST", "/attachments")(f, r, other)
				call.body = handlerstest.Multipart("scan.png", pngBytes, map[string]string{"kind": "evidence"})
				return call
			}},
		{method: "GET", path: "/api/v1/cases/:id/attachments/:fileId", anon: 401, own: regional, other: [5]int{0, 404, 404, 404, 404},
			call: func(f *accessFixture, r *accessRole, other bool) accessCall {
				kind, town := domain.KindDispute, townA
				if r != nil {
					kind, town = r.kind, f.townOf(r, other)
				}
				id := f.caseID(kind, town)
				return accessCall{method: "GET", path: "/api/v1/cases/" + id + "/attachments/" + f.attach(id, f.s.admin)}
			}},
		{method: "DELETE", path: "/api/v1/cases/:id/attachments/:fileId", anon: 401, own: [5]int{204, 204, 403, 204, 204}, other: [5]int{0, 404, 404, 404, 404},
			call: func(f *accessFixture, r *accessRole, other bool) accessCall {
				kind, town, token := domain.KindDispute, townA, f.s.admin
				if r != nil {
					kind, town = r.kind, f.townOf(r, other)
					if !other && r.role != domain.RoleLeader {
						token = r.token // the uploader's office deletes
					}
				}
				id := f.caseID(kind, town)
				return accessCall{method: "DELETE", path: "/api/v1/cases/" + id + "/attachments/" + f.attach(id, token)}
			}},
		{method: "GET", path: "/api/v1/casefile/numbering/:township", anon: 401, own: regional, other: outside,
			call: func(f *accessFixture, r *accessRole, other bool) accessCall {
				town := townA
				if r != nil {
					town = f.townOf(r, other)
				}
				return accessCall{method: "GET", path: "/api/v1/casefile/numbering/" + town}
			}},
		{method: "PUT", path: "/api/v1/casefile/numbering/:township", anon: 401, own: adminsOnly(200), other: outside,
			call: func(f *accessFixture, r *accessRole, other bool) accessCall {
				town := townA
				if r != nil {
					town = f.townOf(r, other)
				}
				return accessCall{method: "PUT", path: "/api/v1/casefile/numbering/" + town, body: map[string]string{"prefix": "汉阴蒲溪"}}
			}},
		{method: "GET", path: "/api/v1/cases/import/template", anon: 401, own: [5]int{200, 200, 403, 200, 200}, other: none,
			call: func(f *accessFixture, r *accessRole, _ bool) accessCall {
				kind := domain.KindDispute
				if r != nil {
					kind = r.kind
				}
				return accessCall{method: "GET", path: "/api/v1/cases/import/template?format=csv&kind=" + string(kind)}
			}},
		{method: "POST", path: "/api/v1/cases/import", anon: 401, own: [5]int{422, 422, 403, 422, 422}, other: none, // no data rows
			call: func(f *accessFixture, r *accessRole, _ bool) accessCall {
				return f.importCall(r) // a dry run of the role's template with no rows
			}},
		{method: "POST", path: "/api/v1/cases/import/refused", anon: 401, own: [5]int{422, 422, 403, 422, 422}, other: none, // no data rows
			call: func(f *accessFixture, r *accessRole, _ bool) accessCall {
				c := f.importCall(r)
				c.path = "/api/v1/cases/import/refused"
				return c
			}},

		{method: "GET", path: "/api/v1/reports/resolution", call: regionReport("/api/v1/reports/resolution"), anon: 401, own: regional, other: outside},
		{method: "GET", path: "/api/v1/reports/trend", call: regionReport("/api/v1/reports/trend"), anon: 401, own: regional, other: outside},
		{method: "GET", path: "/api/v1/reports/categories", call: regionReport("/api/v1/reports/categories"), anon: 401, own: regional, other: outside},
		{method: "GET", path: "/api/v1/reports/backlog", call: regionReport("/api/v1/reports/backlog"), anon: 401,
			own: [5]int{200, 200, 200, 403, 200}, other: outside},
		{method: "GET", path: "/api/v1/reports/batches", call: regionReport("/api/v1/reports/batches"), anon: 401,
			own: [5]int{200, 200, 200, 403, 200}, other: outside},

		{method: "GET", path: "/api/v1/returns", call: regionReport("/api/v1/returns"), anon: 401, own: regional, other: outside},
		{method: "POST", path: "/api/v1/returns", anon: 401, own: [5]int{201, 201, 403, 201, 201}, other: outside,
			call: func(f *accessFixture, r *accessRole, other bool) accessCall {
				town := townA
				if r != nil {
					town = f.townOf(r, other)
				}
				return accessCall{method: "POST", path: "/api/v1/returns",
					body: map[string]any{"township": town, "month": f.pastMonth(), "zeroReport": true, "note": "本月无案件"}}
			}},
		{method: "GET", path: "/api/v1/returns/months", anon: 401, own: regional, other: outside,
			call: func(f *accessFixture, r *accessRole, other bool) accessCall {
				if r == nil {
					return accessCall{method: "GET", path: "/api/v1/returns/months?township=" + townA}
				}
				return accessCall{method: "GET", path: "/api/v1/returns/months?township=" + f.townOf(r, other)}
			}},
		{method: "GET", path: "/api/v1/returns/:id", anon: 401, own: regional, other: [5]int{0, 404, 404, 404, 404},
			call: func(f *accessFixture, r *accessRole, other bool) accessCall {
				town := townA
				if r != nil {
					town = f.townOf(r, other)
				}
				return accessCall{method: "GET", path: "/api/v1/returns/" + f.zeroReturn(town)}
			}},
		{method: "POST", path: "/api/v1/returns/:id/corrections", anon: 401, own: [5]int{201, 201, 403, 201, 201},
			other: [5]int{0, 404, 403, 404, 404},
			call: func(f *accessFixture, r *accessRole, other bool) accessCall {
				town := townA
				if r != nil {
					town = f.townOf(r, other)
				}
				id := f.zeroReturn(town)
				month := strings.TrimPrefix(id, town+"-")
				f.s.register(f.s.admin, disputeBody(town, func(m map[string]any) { m["registeredAt"] = month + "-15" }))
				return accessCall{method: "POST", path: "/api/v1/returns/" + id + "/corrections", body: map[string]any{"reason": "补录本月纠纷"}}
			}},

		{method: "GET", path: "/api/v1/todo", call: getCall("/api/v1/todo"), anon: 401, own: all(200), other: none},

		// committees: everyone reads those of their region and above; admins and county/city mediators keep them
		{method: "GET", path: "/api/v1/committees", call: getCall("/api/v1/committees"), anon: 401, own: all(200), other: none},
		{method: "GET", path: "/api/v1/committees/:id", anon: 401, own: regional, other: [5]int{0, 404, 404, 404, 404},
			call: func(f *accessFixture, r *accessRole, other bool) accessCall {
				town := townA
				if r != nil {
					town = f.townOf(r, other)
				}
				return accessCall{method: "GET", path: "/api/v1/committees/" + town}
			}},
		{method: "POST", path: "/api/v1/committees", anon: 401, own: [5]int{201, 201, 403, 403, 403}, other: outside,
			call: func(f *accessFixture, r *accessRole, other bool) accessCall {
				town := townA
				if r != nil {
					town = f.townOf(r, other)
				}
				return accessCall{method: "POST", path: "/api/v1/committees", body: map[string]any{"name": "月河村人民调解委员会",
					"kind": "village", "village": "月河村", "regionCode": town, "mediators": []any{}}}
			}},
		{method: "PUT", path: "/api/v1/committees/:id", anon: 401, own: [5]int{200, 200, 403, 403, 403}, other: [5]int{0, 404, 403, 404, 403},
			call: func(f *accessFixture, r *accessRole, other bool) accessCall {
				town := townA
				if r != nil {
					town = f.townOf(r, other)
				}
				cur := f.s.do("GET", "/api/v1/committees/"+town, f.s.admin, nil)
				return accessCall{method: "PUT", path: "/api/v1/committees/" + town, body: map[string]any{"name": cur.Body["name"],
					"kind": "township", "regionCode": town, "version": cur.Body["version"],
					"mediators": []any{map[string]any{"name": "张敏", "type": "full_time"}}}}
			}},

		// 排查: everyone reads the lists of places and the rounds of their region; admins and mediators keep
		// the lists and record rounds in it
		{method: "GET", path: "/api/v1/screening/places", anon: 401, own: regional, other: [5]int{0, 404, 404, 404, 404},
			call: func(f *accessFixture, r *accessRole, other bool) accessCall {
				town := townA
				if r != nil {
					town = f.townOf(r, other)
				}
				return accessCall{method: "GET", path: "/api/v1/screening/places?township=" + town}
			}},
		{method: "PUT", path: "/api/v1/screening/places/:township", anon: 401, own: [5]int{200, 200, 403, 200, 403}, other: outside,
			call: func(f *accessFixture, r *accessRole, other bool) accessCall {
				town := townA
				if r != nil {
					town = f.townOf(r, other)
				}
				cur := f.s.do("GET", "/api/v1/screening/places?township="+town, f.s.admin, nil).Body["items"].([]any)[0].(map[string]any)
				return accessCall{method: "PUT", path: "/api/v1/screening/places/" + town, body: map[string]any{
					"places": []any{map[string]any{"name": "月河村", "kind": "village"}}, "version": cur["version"]}}
			}},
		{method: "GET", path: "/api/v1/screening/rounds", call: regionReport("/api/v1/screening/rounds"), anon: 401, own: regional, other: outside},
		{method: "POST", path: "/api/v1/screening/rounds", anon: 401, own: [5]int{201, 201, 403, 201, 403}, other: outside,
			call: func(f *accessFixture, r *accessRole, other bool) accessCall {
				town := townA
				if r != nil {
					town = f.townOf(r, other)
				}
				return accessCall{method: "POST", path: "/api/v1/screening/rounds", body: f.zeroRound(town)}
			}},
		{method: "GET", path: "/api/v1/screening/rounds/:id", anon: 401, own: regional, other: [5]int{0, 404, 404, 404, 404},
			call: func(f *accessFixture, r *accessRole, other bool) accessCall {
				town := townA
				if r != nil {
					town = f.townOf(r, other)
				}
				rd := f.s.do("POST", "/api/v1/screening/rounds", f.s.admin, f.zeroRound(town))
				expectStatus(f.s.t, rd, http.StatusCreated, "a zero round")
				return accessCall{method: "GET", path: "/api/v1/screening/rounds/" + rd.Body["id"].(string)}
			}},
		// a correction: who may record the township's rounds (the county and the city above included); a round
		// outside the caller's region is not found
		{method: "PUT", path: "/api/v1/screening/rounds/:id", anon: 401, own: [5]int{200, 200, 403, 200, 403}, other: [5]int{0, 404, 403, 404, 403},
			call: func(f *accessFixture, r *accessRole, other bool) accessCall {
				town := townA
				if r != nil {
					town = f.townOf(r, other)
				}
				rd := f.s.do("POST", "/api/v1/screening/rounds", f.s.admin, f.zeroRound(town))
				expectStatus(f.s.t, rd, http.StatusCreated, "a zero round")
				body := f.zeroRound(town)
				delete(body, "townshipCode") // the unit stays
				body["participants"], body["version"], body["reason"] = []string{"王书记", "李调解"}, 1, "漏填参加人员"
				return accessCall{method: "PUT", path: "/api/v1/screening/rounds/" + rd.Body["id"].(string), body: body}
			}},
		{method: "GET", path: "/api/v1/screening/board", call: regionReport("/api/v1/screening/board"), anon: 401, own: regional, other: outside},
		{method: "GET", path: "/api/v1/screening/summary", call: regionReport("/api/v1/screening/summary"), anon: 401, own: regional, other: outside},

		// 稳评: everyone reads the entries inside their region; county and city admins, leaders and petition staff keep them
		{method: "GET", path: "/api/v1/assessments", call: getCall("/api/v1/assessments"), anon: 401, own: all(200), other: none},
		{method: "GET", path: "/api/v1/assessments/summary", call: regionReport("/api/v1/assessments/summary"), anon: 401,
			own: regional, other: [5]int{0, 403, 403, 403, 403}},
		{method: "GET", path: "/api/v1/assessments/:id", anon: 401, own: regional, other: [5]int{0, 404, 404, 404, 404},
			call: func(f *accessFixture, r *accessRole, other bool) accessCall {
				town := townA
				if r != nil {
					town = f.townOf(r, other)
				}
				return accessCall{method: "GET", path: "/api/v1/assessments/" + f.assessment(town)}
			}},
		{method: "POST", path: "/api/v1/assessments", anon: 401, own: [5]int{201, 201, 201, 403, 403}, other: outside,
			call: func(f *accessFixture, r *accessRole, other bool) accessCall {
				town := townA
				if r != nil {
					town = f.townOf(r, other)
				}
				return accessCall{method: "POST", path: "/api/v1/assessments", body: assessmentBody(town, "2026-01-20", "low", "implement")}
			}},
		{method: "PUT", path: "/api/v1/assessments/:id", anon: 401, own: [5]int{200, 200, 200, 403, 403}, other: [5]int{0, 404, 404, 403, 404},
			call: func(f *accessFixture, r *accessRole, other bool) accessCall {
				town := townA
				if r != nil {
					town = f.townOf(r, other)
				}
				body := assessmentBody(town, "2026-01-20", "low", "implement")
				body["version"] = 1
				return accessCall{method: "PUT", path: "/api/v1/assessments/" + f.assessment(town), body: body}
			}},
		{method: "POST", path: "/api/v1/assessments/:id/actions", anon: 401, own: [5]int{200, 200, 200, 403, 403}, other: [5]int{0, 404, 404, 403, 404},
			call: func(f *accessFixture, r *accessRole, other bool) accessCall {
				town := townA
				if r != nil {
					town = f.townOf(r, other)
				}
				return accessCall{method: "POST", path: "/api/v1/assessments/" + f.assessment(town) + "/actions",
					body: map[string]any{"action": "follow_up", "version": 1, "text": "已入户走访", "met": []int{1}}}
			}},

		// the risk-hazard ledger and listed supervision (hazards_test.go)
	}, hazardRows()...), []accessRow{
		// the group's own not-found routes: unknown paths under /api/v1 need a token, then answer 404
		{method: "echo_route_not_found", path: "/api/v1/*", call: getCall("/api/v1/no-such-thing"), anon: 401, own: all(404), other: none},
		{method: "echo_route_not_found", path: "/api/v1", call: getCall("/api/v1"), anon: 401, own: all(404), other: none},
		{method: "ANY", path: "/api/*", anon: 404, own: all(404), other: none,
			call: func(*accessFixture, *accessRole, bool) accessCall {
				return accessCall{method: "DELETE", path: "/api/v2/cases"}
			}},
		{method: "GET", path: "/*", call: getCall("/cases/some/deep/link"), anon: 200, own: all(200), other: none},
	}...)
}

// f2caseCall calls a route under one case: the role's kind in its own township or another.
func f2caseCall(method, rest string) func(*accessFixture, *accessRole, bool) accessCall {
	return func(f *accessFixture, r *accessRole, other bool) accessCall {
		kind, town := domain.KindDispute, townA
		if r != nil {
			kind, town = r.kind, f.townOf(r, other)
		}
		return accessCall{method: method, path: "/api/v1/cases/" + f.caseID(kind, town) + rest}
	}
}

// attach uploads a small PNG to the case with the token and returns its id.
func (f *accessFixture) attach(caseID, token string) string {
	f.s.t.Helper()
	r := f.s.do("POST", "/api/v1/cases/"+caseID+"/attachments", token, handlerstest.Multipart("scan.png", pngBytes, nil))
	expectStatus(f.s.t, r, http.StatusCreated, "an upload")
	return r.Body["id"].(string)
}

// pastMonth is a month that has ended, another at each call: a return for it is new.
func (f *accessFixture) pastMonth() string {
	f.seq++
	return domain.MonthCode(domain.LastEndedMonth(f.s.clock.Now()).AddDate(0, -f.seq, 0))
}

// zeroRound is the body of a 零报告 排查 round of town today.
func (f *accessFixture) zeroRound(town string) map[string]any {
	return map[string]any{"townshipCode": town, "date": f.s.clock.Now().In(domain.Shanghai).Format(time.DateOnly),
		"participants": []string{"王书记"}, "zeroReport": true}
}

// zeroReturn submits a 零报告 of town for a new month with the admin's token and returns its id.
func (f *accessFixture) zeroReturn(town string) string {
	f.s.t.Helper()
	r := f.s.do("POST", "/api/v1/returns", f.s.admin, map[string]any{"township": town, "month": f.pastMonth(), "zeroReport": true, "note": "本月无案件"})
	expectStatus(f.s.t, r, http.StatusCreated, "a zero report")
	return r.Body["id"].(string)
}

// assessment registers a fresh 稳评 in town with the admin's token (one condition, under follow-up) and
// returns its id.
func (f *accessFixture) assessment(town string) string {
	f.s.t.Helper()
	r := f.s.do("POST", "/api/v1/assessments", f.s.admin, assessmentBody(town, "2026-01-20", "low", "implement", "开工前入户走访"))
	expectStatus(f.s.t, r, http.StatusCreated, "a 稳评")
	return r.Body["id"].(string)
}

// importCall posts the header row of the role's own import template as a dry run.
func (f *accessFixture) importCall(r *accessRole) accessCall {
	kind := domain.KindDispute
	token := f.s.admin
	if r != nil {
		kind, token = r.kind, r.token
		if r.role == domain.RoleLeader {
			token = f.s.admin
		}
	}
	tpl := f.s.do("GET", "/api/v1/cases/import/template?format=csv&kind="+string(kind), token, nil)
	header, _, _ := bytes.Cut(tpl.Raw, []byte("\n")) // without the example row
	form := handlerstest.Multipart("ledger.csv", header, map[string]string{"dryRun": "true"})
	return accessCall{method: "POST", path: "/api/v1/cases/import", body: form}
}

// send runs one call; a nil role sends no token.
func (f *accessFixture) send(c accessCall, r *accessRole) response {
	f.s.t.Helper()
	token := c.token
	if token == "" && r != nil {
		token = r.token
	}
	return f.s.do(c.method, c.path, token, c.body)
}

// TestAccessTableCoversEveryRoute calls every registered route as every role, for the role's own region
// and for another, and without a token.
func TestAccessTableCoversEveryRoute(t *testing.T) {
	t.Parallel()
	f := newAccessFixture(t)
	rows := accessTable()

	// every registered route has a row, and every row a route
	registered := map[string]bool{}
	for _, rt := range f.s.App.echo.Routes() {
		registered[rt.Method+" "+rt.Path] = true
		found := false
		for _, row := range rows {
			if row.path == rt.Path && (row.method == rt.Method || row.method == "ANY") {
				found = true
			}
		}
		if !found {
			t.Errorf("route %s %s has no row in accessTable: say who may call it", rt.Method, rt.Path)
		}
	}
	for _, row := range rows {
		if row.method != "ANY" && !registered[row.method+" "+row.path] {
			t.Logf("accessTable row %s %s names no registered route: skipped", row.method, row.path)
			continue
		}
		t.Run(row.method+" "+row.path, func(t *testing.T) {
			if r := f.send(row.call(f, nil, false), nil); r.Status != row.anon {
				t.Errorf("without a token: %d, want %d: %.200s", r.Status, row.anon, r.Raw)
			}
			for i, name := range roleOrder {
				role := f.roles[name]
				for _, other := range []bool{false, true} {
					want := row.own[i]
					if other {
						want = row.other[i]
					}
					if want == 0 {
						continue
					}
					call := row.call(f, role, other)
					r := f.send(call, role)
					where := "own region"
					if other {
						where = "other region"
					}
					if r.Status != want {
						t.Errorf("%s, %s: %d, want %d: %.300s", name, where, r.Status, want, r.Raw)
					}
					for _, a := range call.absent {
						if r.Status < 300 && strings.Contains(string(r.Raw), a) {
							t.Errorf("%s, %s: the answer shows %q of another region: %.300s", name, where, a, r.Raw)
						}
					}
				}
			}
		})
	}
}

// Another region's case is answered byte for byte like a case that does not exist: for reads, and for
// every action name (valid for the kind or not), at the right version or not.
func TestOtherRegionsCasesAnswerLikeUnknownIDs(t *testing.T) {
	t.Parallel()
	f := newAccessFixture(t)
	actions := map[string]bool{"teleport": true}
	for _, tr := range domain.Transitions {
		actions[tr.Action] = true
	}
	for _, name := range roleOrder[1:] {
		r := f.roles[name]
		for _, kind := range []domain.Kind{domain.KindDispute, domain.KindPetition} {
			theirs := f.cases[string(kind)+"@"+r.other]
			id := theirs["id"].(string)
			unknownIDs := []string{r.other + "-2026-999999", r.own + "-2026-999999", "no-such-case", "x%00y", "%ff", strings.Repeat("9", 5000)}
			read := f.send(accessCall{method: "GET", path: "/api/v1/cases/" + id}, r)
			if read.Status != 404 {
				t.Fatalf("%s reads %s of another region: %d", name, id, read.Status)
			}
			for _, unknown := range unknownIDs {
				u := f.send(accessCall{method: "GET", path: "/api/v1/cases/" + unknown}, r)
				if u.Status != read.Status || !bytes.Equal(u.Raw, read.Raw) {
					t.Errorf("%s: GET %s answers %d %s, unknown %s answers %d %s", name, id, read.Status, read.Raw, unknown, u.Status, u.Raw)
				}
			}
			for action := range actions {
				for _, version := range []any{theirs["version"], 7} {
					body := map[string]any{"action": action, "version": version, "note": "x", "reason": "x"}
					got := f.send(accessCall{method: "POST", path: "/api/v1/cases/" + id + "/actions", body: body}, r)
					want := f.send(accessCall{method: "POST", path: "/api/v1/cases/" + unknownIDs[0] + "/actions", body: body}, r)
					if got.Status != 404 || got.Status != want.Status || !bytes.Equal(got.Raw, want.Raw) {
						t.Errorf("%s: %s v%v on another region's %s: %d %s; on an unknown id: %d %s",
							name, action, version, kind, got.Status, got.Raw, want.Status, want.Raw)
					}
				}
			}
		}
		// lists and searches of another township find nothing, and say so with an empty page, not an error
		for _, q := range []string{"township=" + r.other, "q=" + f.caseID(domain.KindDispute, r.other)} {
			ids, total := f.s.list(r.token, q)
			if total != 0 || len(ids) != 0 {
				t.Errorf("%s lists %q: %v (total %d)", name, q, ids, total)
			}
		}
	}
	// a mediator does not see petitions even in the own township
	med := f.roles["mediator"]
	pet := f.send(accessCall{method: "GET", path: "/api/v1/cases/" + f.caseID(domain.KindPetition, townA)}, med)
	unknown := f.send(accessCall{method: "GET", path: "/api/v1/cases/" + townA + "-2026-999999"}, med)
	if pet.Status != 404 || !bytes.Equal(pet.Raw, unknown.Raw) {
		t.Errorf("mediator reads a petition of the own township: %d %s", pet.Status, pet.Raw)
	}
	// nothing was changed by all those refused actions
	for key, c := range f.cases {
		d := f.s.do("GET", "/api/v1/cases/"+c["id"].(string), f.s.admin, nil)
		if d.Body["version"].(float64) != 1 || len(d.Body["timeline"].([]any)) != 1 {
			t.Errorf("case %s changed: version %v", key, d.Body["version"])
		}
	}
}

const (
	fullIDNumber = "610921199001011234"
	fullPhone    = "13812345678"
)

// xlsxText is every XML part of a workbook, for searching its cells.
func xlsxText(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not an xlsx: %v", err)
	}
	var sb strings.Builder
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		sb.Write(data)
	}
	return sb.String()
}

// ID numbers and phones are readable in full only in a case's detail, for a user whose region covers it;
// lists, searches, to-do, backlog and every export carry none of them.
func TestIDNumbersAndPhonesOnlyInScopedDetail(t *testing.T) {
	t.Parallel()
	f := newAccessFixture(t)
	dispute := f.cases["dispute@"+townA]
	petitionCase := f.cases["petition@"+townA]
	f.s.act(f.s.admin, petitionCase, "accept", nil) // on the backlog
	secrets := []string{fullIDNumber, fullPhone, "13987654321", domain.MaskIDNumber(fullIDNumber), domain.MaskPhone(fullPhone)}

	for _, name := range roleOrder {
		r := f.roles[name]
		// the detail for someone in scope is in full
		d := f.send(accessCall{method: "GET", path: "/api/v1/cases/" + dispute["id"].(string)}, r)
		if d.Status != 200 {
			t.Fatalf("%s cannot read a dispute of the own region: %d", name, d.Status)
		}
		if p := d.Body["parties"].([]any)[0].(map[string]any); p["idNumber"] != fullIDNumber || p["phone"] != fullPhone {
			t.Errorf("%s: the detail in scope shows %v %v, want the full values", name, p["idNumber"], p["phone"])
		}
		paths := []string{
			"/api/v1/cases?pageSize=100",
			"/api/v1/cases?q=" + "张三",
			"/api/v1/cases?q=" + fullPhone,
			"/api/v1/cases?format=csv",
			"/api/v1/cases?format=xlsx",
			"/api/v1/todo",
			"/api/v1/reports/backlog",
			"/api/v1/reports/backlog?format=csv",
			"/api/v1/reports/backlog?format=xlsx",
		}
		for _, p := range paths {
			resp := f.send(accessCall{method: "GET", path: p}, r)
			if resp.Status == 403 && strings.Contains(p, "backlog") && name == "mediator" {
				continue
			}
			if resp.Status != 200 {
				t.Errorf("%s GET %s: %d %s", name, p, resp.Status, resp.Raw)
				continue
			}
			text := string(resp.Raw)
			if strings.Contains(p, "xlsx") {
				text = xlsxText(t, resp.Raw)
			}
			for _, secret := range secrets {
				if strings.Contains(text, secret) {
					t.Errorf("%s GET %s carries %s", name, p, secret)
				}
			}
		}
	}
}

// The audit log records who logged in (and who failed), who changed which user and who exported what,
// with the time; only the admin reads it.
func TestAuditRecordsLoginsUserChangesAndExports(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 5, 6, 9, 30, 0, 0, domain.Shanghai)
	s := startServerAt(t, t0)
	med := s.createUser("aud-med", domain.RoleMediator, townA)
	s.do("POST", "/api/v1/auth/login", "", map[string]string{"username": "aud-med", "password": "wrong-pass-1"})
	s.do("POST", "/api/v1/auth/login", "", map[string]string{"username": "nobody-here", "password": "wrong-pass-1"})
	expectStatus(t, s.do("PATCH", "/api/v1/users/aud-med", s.admin, map[string]any{"name": "审计调解员", "active": true}), 200, "patch")
	expectStatus(t, s.do("GET", "/api/v1/cases?format=csv&status=registered", med, nil), 200, "export")
	expectStatus(t, s.do("GET", "/api/v1/reports/resolution?format=xlsx", s.admin, nil), 200, "report export")

	r := s.do("GET", "/api/v1/audit", s.admin, nil)
	expectStatus(t, r, 200, "audit log")
	type entry struct{ actor, action, target, detailPart string }
	want := []entry{
		{"admin", "login", "admin", ""},
		{"admin", "user_create", "aud-med", "mediator@" + townA},
		{"aud-med", "login", "aud-med", ""},
		{"aud-med", "login_failed", "aud-med", ""},
		{"nobody-here", "login_failed", "nobody-here", ""},
		{"admin", "user_update", "aud-med", "name=审计调解员"},
		{"aud-med", "export", "/api/v1/cases", "status=registered"},
		{"admin", "export", "/api/v1/reports/resolution", "format=xlsx"},
	}
	items := r.Body["items"].([]any)
	for _, w := range want {
		found := false
		for _, it := range items {
			e := it.(map[string]any)
			if e["actor"] == w.actor && e["action"] == w.action && e["target"] == w.target &&
				strings.Contains(fmt.Sprint(e["detail"]), w.detailPart) {
				at, err := time.Parse(time.RFC3339, e["at"].(string))
				if err != nil || !at.Equal(t0) {
					t.Errorf("%s %s recorded at %v, want %v", w.actor, w.action, e["at"], t0)
				}
				if e["ip"] == "" || e["ip"] == nil {
					t.Errorf("%s %s without the client address", w.actor, w.action)
				}
				found = true
			}
		}
		if !found {
			t.Errorf("audit log lacks %+v: %s", w, r.Raw)
		}
	}
	// newest first
	if first := items[0].(map[string]any); first["action"] != "export" {
		t.Errorf("newest entry %v, want the last export", first)
	}
	if strings.Contains(string(r.Raw), "wrong-pass-1") {
		t.Error("the audit log records a tried password")
	}
	expectStatus(t, s.do("GET", "/api/v1/audit", med, nil), 403, "audit log as mediator")
}
