package handlers

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"pingan/domain"
)

// Townships used across the tests: two in 汉阴县 (610921), one in 汉滨区 (610902).
const (
	townA  = "610921102"
	townB  = "610921103"
	townC  = "610902100"
	county = "610921"
)

func disputeBody(township string, mut func(m map[string]any)) map[string]any {
	m := map[string]any{
		"kind": "dispute", "title": "张某与李某宅基地界址纠纷", "summary": "两户因宅基地界址发生争执。",
		"category": "housing_homestead", "townshipCode": township, "village": "月河村", "riskLevel": "yellow",
		"parties": []map[string]any{
			{"name": "张三", "role": "applicant", "idNumber": "610921199001011234", "phone": "13812345678"},
			{"name": "李四", "role": "respondent"},
		},
		"dispute": map[string]any{"source": "application"},
	}
	if mut != nil {
		mut(m)
	}
	return m
}

func petitionBody(township string, mut func(m map[string]any)) map[string]any {
	m := map[string]any{
		"kind": "petition", "title": "王某反映征地补偿问题", "summary": "多次到市信访。",
		"category": "land_requisition", "townshipCode": township,
		"parties":  []map[string]any{{"name": "王五", "role": "petitioner", "phone": "13987654321"}},
		"petition": map[string]any{"assignedBy": "municipal", "batch": "2026-03"},
	}
	if mut != nil {
		mut(m)
	}
	return m
}

func (s *testServer) register(token string, body map[string]any) map[string]any {
	s.t.Helper()
	r := s.do("POST", "/api/v1/cases", token, body)
	if r.Status != http.StatusCreated {
		s.t.Fatalf("register: %d %s", r.Status, r.Raw)
	}
	return r.Body
}

// act runs an action at the case's current version and returns the updated case.
func (s *testServer) act(token string, c map[string]any, action string, fields map[string]any) map[string]any {
	s.t.Helper()
	r := s.actRaw(token, c, action, fields)
	if r.Status != http.StatusOK {
		s.t.Fatalf("%s on %s (%s): %d %s", action, c["id"], c["status"], r.Status, r.Raw)
	}
	return r.Body
}

func (s *testServer) actRaw(token string, c map[string]any, action string, fields map[string]any) response {
	body := map[string]any{"action": action, "version": c["version"]}
	for k, v := range fields {
		body[k] = v
	}
	return s.do("POST", "/api/v1/cases/"+c["id"].(string)+"/actions", token, body)
}

func (s *testServer) list(token, query string) (ids []string, total int) {
	s.t.Helper()
	r := s.do("GET", "/api/v1/cases?"+query, token, nil)
	if r.Status != 200 {
		s.t.Fatalf("list %s: %d %s", query, r.Status, r.Raw)
	}
	for _, it := range r.Body["items"].([]any) {
		ids = append(ids, it.(map[string]any)["id"].(string))
	}
	return ids, int(r.Body["total"].(float64))
}

func TestIntakeValidation(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	med := s.createUser("med", domain.RoleMediator, townA)
	pet := s.createUser("pet", domain.RolePetition, county)
	lead := s.createUser("lead", domain.RoleLeader, county)
	future := time.Now().Add(48 * time.Hour).Format(time.RFC3339)
	cases := []struct {
		name  string
		token string
		body  any
		want  int
		field string
	}{
		{"one party for a dispute", med, disputeBody(townA, func(m map[string]any) { m["parties"] = m["parties"].([]map[string]any)[:1] }), 422, "parties"},
		{"unknown category", med, disputeBody(townA, func(m map[string]any) { m["category"] = "gossip" }), 422, "category"},
		{"unknown risk level", med, disputeBody(townA, func(m map[string]any) { m["riskLevel"] = "purple" }), 422, "riskLevel"},
		{"unknown kind", med, disputeBody(townA, func(m map[string]any) { m["kind"] = "quarrel" }), 422, "kind"},
		{"empty title", med, disputeBody(townA, func(m map[string]any) { m["title"] = "" }), 422, "title"},
		{"201-character title", med, disputeBody(townA, func(m map[string]any) { m["title"] = strings.Repeat("纠", 201) }), 422, "title"},
		{"party without name", med, disputeBody(townA, func(m map[string]any) {
			m["parties"].([]map[string]any)[1]["name"] = ""
		}), 422, "parties[1].name"},
		{"future registeredAt", med, disputeBody(townA, func(m map[string]any) { m["registeredAt"] = future }), 422, "registeredAt"},
		{"unknown township", med, disputeBody("610921999", nil), 422, "townshipCode"},
		{"township outside the caller's region", med, disputeBody(townB, nil), 403, ""},
		{"mediator registers a petition", med, petitionBody(townA, nil), 403, ""},
		{"petition office registers a dispute", pet, disputeBody(townA, nil), 403, ""},
		{"leader registers", lead, disputeBody(townA, nil), 403, ""},
		{"unknown field", med, disputeBody(townA, func(m map[string]any) { m["secret"] = 1 }), 400, ""},
		{"operator object", med, disputeBody(townA, func(m map[string]any) { m["title"] = map[string]any{"$gt": ""} }), 400, ""},
		{"dollar key in a party", med, disputeBody(townA, func(m map[string]any) {
			m["parties"].([]map[string]any)[0]["$set"] = "x"
		}), 400, ""},
		{"missing dispute section", med, disputeBody(townA, func(m map[string]any) { delete(m, "dispute") }), 422, "dispute"},
		{"petition without assigning level", pet, petitionBody(townA, func(m map[string]any) { m["petition"] = map[string]any{} }), 422, "petition.assignedBy"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := s.do("POST", "/api/v1/cases", tc.token, tc.body)
			expectStatus(t, r, tc.want, tc.name)
			if tc.field != "" && !slices.Contains(r.fieldErrors(), tc.field) {
				t.Fatalf("fields %v do not name %s: %s", r.fieldErrors(), tc.field, r.Raw)
			}
		})
	}
	if _, total := s.list(s.admin, ""); total != 0 {
		t.Fatalf("rejected registrations stored %d cases", total)
	}
	if n := s.App.Index().Len(); n != 0 {
		t.Fatalf("index holds %d cases after rejected registrations", n)
	}
}

func TestRegisterCase(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	med := s.createUser("med", domain.RoleMediator, townA)
	c := s.register(med, disputeBody(townA, nil))
	year := time.Now().In(domain.Shanghai).Year()
	if c["caseNo"] != fmt.Sprintf("%s-%d-000001", townA, year) || c["id"] != c["caseNo"] {
		t.Fatalf("case number %v id %v", c["caseNo"], c["id"])
	}
	if c["status"] != "registered" || c["version"].(float64) != 1 || c["countyCode"] != county {
		t.Fatalf("new case %v", c)
	}
	if tl := c["timeline"].([]any); len(tl) != 1 {
		t.Fatalf("timeline %v", tl)
	}
	if got := c["allowedActions"].([]any); !slices.Contains(got, any("accept")) || !slices.Contains(got, any("reject")) {
		t.Fatalf("allowed actions %v", got)
	}
	// the detail view in scope shows full ID numbers; the list shows none
	d := s.do("GET", "/api/v1/cases/"+c["id"].(string), med, nil)
	if !strings.Contains(string(d.Raw), "610921199001011234") {
		t.Fatalf("detail in scope should show the full ID number: %s", d.Raw)
	}
	l := s.do("GET", "/api/v1/cases", med, nil)
	if strings.Contains(string(l.Raw), "610921199001011234") || strings.Contains(string(l.Raw), "13812345678") {
		t.Fatalf("list leaks an ID number or phone: %s", l.Raw)
	}
	// a historical ledger entry keeps its date and year
	old := s.register(med, disputeBody(townA, func(m map[string]any) { m["registeredAt"] = "2024-05-06T10:00:00+08:00" }))
	if old["caseNo"] != townA+"-2024-000001" {
		t.Fatalf("historical case number %v", old["caseNo"])
	}
}

func TestDisputeLifecycle(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	med := s.createUser("med", domain.RoleMediator, townA)
	c := s.register(med, disputeBody(townA, nil))
	steps := []struct {
		action string
		fields map[string]any
		status string
	}{
		{"accept", map[string]any{"note": "符合受理条件"}, "accepted"},
		{"start", map[string]any{"mediators": []string{"刘调解", "陈调解"}}, "mediating"},
		{"session", map[string]any{"session": map[string]any{"at": time.Now().Add(-time.Hour).Format(time.RFC3339), "mode": "onsite", "record": "双方到场陈述"}}, "mediating"},
		{"extend", map[string]any{"days": 15, "reason": "双方同意延期", "consentBy": []string{"张三", "李四"}}, "mediating"},
		{"extend", map[string]any{"days": 5, "reason": "双方再次同意", "consentBy": []string{"张三", "李四"}}, "mediating"},
		{"resolve", map[string]any{"agreement": map[string]any{"type": "written", "terms": "重新确定界址", "createsObligations": true}}, "resolved"},
		{"visit", map[string]any{"followUp": map[string]any{"at": time.Now().In(domain.Shanghai).Format(time.DateOnly), "satisfaction": "satisfied", "performance": "fulfilled"}}, "resolved"},
		{"close", nil, "closed"},
	}
	var due time.Time
	for i, st := range steps {
		c = s.act(med, c, st.action, st.fields)
		if c["status"] != st.status || int(c["version"].(float64)) != i+2 || len(c["timeline"].([]any)) != i+2 {
			t.Fatalf("after %s: status %v version %v timeline %d", st.action, c["status"], c["version"], len(c["timeline"].([]any)))
		}
		switch st.action {
		case "accept":
			acc, _ := time.Parse(time.RFC3339, c["acceptedAt"].(string))
			due, _ = time.Parse(time.RFC3339, c["dueAt"].(string))
			if d := due.Sub(acc); d != 30*24*time.Hour {
				t.Fatalf("due %v after acceptance, want 30 days", d)
			}
		case "extend":
			nd, _ := time.Parse(time.RFC3339, c["dueAt"].(string))
			days := time.Duration(st.fields["days"].(int)) * 24 * time.Hour
			if nd.Sub(due) != days {
				t.Fatalf("extend moved due by %v", nd.Sub(due))
			}
			due = nd
			l := s.do("GET", "/api/v1/cases", med, nil)
			item := l.Body["items"].([]any)[0].(map[string]any)
			if acts := item["allowedActions"].([]any); !slices.Contains(acts, any("extend")) || !slices.Contains(acts, any("resolve")) {
				t.Fatalf("list offers %v: with the parties' consent mediation may be extended again", acts)
			}
		}
	}
	if c["outcome"] != "resolved" || c["closedAt"] == nil || len(c["dispute"].(map[string]any)["visits"].([]any)) != 1 {
		t.Fatalf("closed case %v", c)
	}
	if acts := c["allowedActions"].([]any); slices.Contains(acts, any("close")) || slices.Contains(acts, any("visit")) {
		t.Fatalf("a closed case allows %v", acts)
	}
}

func TestIllegalActionsAndStaleVersions(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	med := s.createUser("med", domain.RoleMediator, townA)
	c := s.register(med, disputeBody(townA, nil))
	illegal := []struct {
		action string
		fields map[string]any
	}{
		{"start", map[string]any{"mediators": []string{"刘"}}},
		{"resolve", map[string]any{"agreement": map[string]any{"type": "oral", "terms": "x"}}},
		{"fail", map[string]any{"failureReason": "refused", "redirect": "none"}},
		{"close", map[string]any{"followUp": map[string]any{"at": time.Now().In(domain.Shanghai).Format(time.DateOnly), "satisfaction": "satisfied"}}},
		{"extend", map[string]any{"days": 3, "reason": "x"}},
		{"session", map[string]any{"session": map[string]any{"at": time.Now().Format(time.RFC3339), "mode": "phone", "record": "x"}}},
	}
	for _, il := range illegal {
		r := s.actRaw(med, c, il.action, il.fields)
		if r.Status != 409 || r.reason() != "invalid_transition" {
			t.Errorf("%s on a registered dispute: %d %s", il.action, r.Status, r.Raw)
		}
	}
	stale := map[string]any{"id": c["id"], "version": 0.0 + 7}
	r := s.actRaw(med, stale, "accept", nil)
	if r.Status != 409 || r.reason() != "version_conflict" {
		t.Fatalf("stale version: %d %s", r.Status, r.Raw)
	}
	d := s.do("GET", "/api/v1/cases/"+c["id"].(string), med, nil)
	if d.Body["version"].(float64) != 1 || d.Body["status"] != "registered" || len(d.Body["timeline"].([]any)) != 1 {
		t.Fatalf("refused actions changed the case: %s", d.Raw)
	}
	r = s.actRaw(med, c, "accept", map[string]any{"bogus": 1})
	expectRefusal(t, r, 400, "bad_request", "unknown field in an action")
	r = s.actRaw(med, c, "teleport", nil)
	expectRefusal(t, r, 422, "validation_failed", "unknown action")
	r = s.do("POST", "/api/v1/cases/610921102-2026-999999/actions", med, map[string]any{"action": "accept", "version": 1})
	expectRefusal(t, r, 404, "case_not_found", "unknown case")
}

func TestConcurrentActionsOnOneVersion(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	med := s.createUser("med", domain.RoleMediator, townA)
	c := s.register(med, disputeBody(townA, nil))
	var wg sync.WaitGroup
	statuses := make(chan int, 10)
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses <- s.actRaw(med, c, "accept", map[string]any{"note": "并发受理"}).Status
		}()
	}
	wg.Wait()
	close(statuses)
	ok, conflicts := 0, 0
	for st := range statuses {
		switch st {
		case 200:
			ok++
		case 409:
			conflicts++
		}
	}
	if ok != 1 || conflicts != 9 {
		t.Fatalf("%d succeeded and %d conflicted, want 1 and 9", ok, conflicts)
	}
	d := s.do("GET", "/api/v1/cases/"+c["id"].(string), med, nil)
	if d.Body["version"].(float64) != 2 || len(d.Body["timeline"].([]any)) != 2 {
		t.Fatalf("version %v timeline %d", d.Body["version"], len(d.Body["timeline"].([]any)))
	}
}

func TestConcurrentRegistrationsGetGapFreeNumbers(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	med := s.createUser("med", domain.RoleMediator, townA)
	const n = 100
	var wg sync.WaitGroup
	var mu sync.Mutex
	var numbers []string
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			r := s.do("POST", "/api/v1/cases", med, disputeBody(townA, func(m map[string]any) { m["title"] = fmt.Sprintf("并发登记%d", i) }))
			if r.Status != 201 {
				t.Errorf("registration %d: %d %s", i, r.Status, r.Raw)
				return
			}
			mu.Lock()
			numbers = append(numbers, r.Body["caseNo"].(string))
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	sort.Strings(numbers)
	year := time.Now().In(domain.Shanghai).Year()
	for i, no := range numbers {
		if want := fmt.Sprintf("%s-%d-%06d", townA, year, i+1); no != want {
			t.Fatalf("number %d is %s, want %s (duplicates or gaps)", i, no, want)
		}
	}
	if _, total := s.list(med, ""); total != n {
		t.Fatalf("list total %d, want %d", total, n)
	}
}

func TestScopeIsolation(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	medA := s.createUser("meda", domain.RoleMediator, townA)
	medB := s.createUser("medb", domain.RoleMediator, townB)
	medC := s.createUser("medc", domain.RoleMediator, townC)
	countyLeader := s.createUser("lead", domain.RoleLeader, county)
	a := s.register(medA, disputeBody(townA, func(m map[string]any) { m["title"] = "甲镇独有的纠纷标题" }))
	b := s.register(medB, disputeBody(townB, nil))
	c := s.register(medC, disputeBody(townC, nil))

	// detail: another township's case is answered exactly like an unknown id
	other := s.do("GET", "/api/v1/cases/"+a["id"].(string), medB, nil)
	unknown := s.do("GET", "/api/v1/cases/"+townA+"-2026-999999", medB, nil)
	if other.Status != 404 || unknown.Status != 404 || string(other.Raw) != string(unknown.Raw) {
		t.Fatalf("out-of-scope detail %d %s vs unknown %d %s", other.Status, other.Raw, unknown.Status, unknown.Raw)
	}
	// writes on another township's case: no existence leak either
	r := s.actRaw(medB, a, "accept", nil)
	expectRefusal(t, r, 404, "case_not_found", "action on another township's case")
	// list, search and counts
	for _, q := range []string{"", "q=" + url.QueryEscape("甲镇独有"), "township=" + townA, "county=" + county, "status=registered"} {
		ids, total := s.list(medB, q)
		if slices.Contains(ids, a["id"].(string)) || total != len(ids) {
			t.Fatalf("mediator B sees A's case with %q: %v total %d", q, ids, total)
		}
	}
	ids, _ := s.list(countyLeader, "pageSize=100")
	sort.Strings(ids)
	want := []string{a["id"].(string), b["id"].(string)}
	sort.Strings(want)
	if !slices.Equal(ids, want) {
		t.Fatalf("county leader sees %v, want %v (all of the county, nothing else)", ids, want)
	}
	expectStatus(t, s.do("GET", "/api/v1/cases/"+c["id"].(string), countyLeader, nil), 404, "county leader reads another county")
	// a leader outside the region reading a report of another county
	expectStatus(t, s.do("GET", "/api/v1/reports/resolution?region=610902", countyLeader, nil), 403, "report of another county")
}

func TestListFiltersAndPaging(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	med := s.createUser("med", domain.RoleMediator, townA)
	for i := 0; i < 25; i++ {
		s.register(med, disputeBody(townA, func(m map[string]any) {
			m["registeredAt"] = time.Date(2026, 1, 1+i, 10, 0, 0, 0, domain.Shanghai).Format(time.RFC3339)
			if i%5 == 0 {
				m["category"] = "neighbor"
			}
		}))
	}
	ids, total := s.list(med, "page=2&pageSize=10")
	if total != 25 || len(ids) != 10 {
		t.Fatalf("page 2: %d items of %d", len(ids), total)
	}
	_, total = s.list(med, "category=neighbor")
	if total != 5 {
		t.Fatalf("category filter: %d", total)
	}
	_, total = s.list(med, "from=2026-01-10&to=2026-01-19")
	if total != 10 {
		t.Fatalf("date window: %d", total)
	}
	r := s.do("GET", "/api/v1/cases?pageSize=3", med, nil)
	items := r.Body["items"].([]any)
	first := items[0].(map[string]any)["registeredAt"].(string)
	second := items[1].(map[string]any)["registeredAt"].(string)
	if first < second {
		t.Fatalf("not newest first: %s before %s", first, second)
	}
	// a 交办批次 lists its backlog cases, and only petitions have one
	pet := s.createUser("pet", domain.RolePetition, townA)
	for _, batch := range []string{"2026年第一批", "2026年第一批", "2026年第二批"} {
		s.register(pet, petitionBody(townA, func(m map[string]any) { m["petition"].(map[string]any)["batch"] = batch }))
	}
	for query, want := range map[string]int{"batch=" + url.QueryEscape("2026年第一批"): 2, "batch=" + url.QueryEscape("2026年第二批"): 1,
		"batch=" + url.QueryEscape("2026年第三批"): 0, "kind=dispute&batch=" + url.QueryEscape("2026年第一批"): 0} {
		if _, total := s.list(s.admin, query); total != want {
			t.Errorf("%s: %d cases, want %d", query, total, want)
		}
	}
	for _, bad := range []string{"status=flying", "page=0", "pageSize=1000", "from=2026-13-01", "overdue=maybe", "kind=x", "from=2026-02-01&to=2026-01-01",
		"batch=" + strings.Repeat("批", 51)} {
		r := s.do("GET", "/api/v1/cases?"+bad, med, nil)
		if r.Status != 400 || r.reason() != "bad_request" {
			t.Errorf("%s: %d %s", bad, r.Status, r.Raw)
		}
	}
}

// Invisible characters do not make text differ: zero-width characters and bidi controls are stripped
// and text is NFC before it is stored — intake, actions, users — so 张​三 is found by 张三; passwords are
// kept exactly as typed.
func TestInvisibleCharactersAreStrippedFromText(t *testing.T) {
	s := startServer(t)
	c := s.register(s.admin, disputeBody(townA, func(m map[string]any) {
		m["title"] = "\u202e纠纷\u202c标题\u200b独有"
		m["parties"].([]map[string]any)[1]["name"] = "隐\u200b形\ufeff人"
	}))
	d := s.get(s.admin, c["id"].(string))
	if d["title"] != "纠纷标题独有" || d["parties"].([]any)[1].(map[string]any)["name"] != "隐形人" {
		t.Errorf("stored title %q, party %v", d["title"], d["parties"].([]any)[1])
	}
	for _, q := range []string{"隐形人", "隐\u200b形人", "纠纷标题"} {
		if ids, _ := s.list(s.admin, "q="+url.QueryEscape(q)); !slices.Contains(ids, c["id"].(string)) {
			t.Errorf("q=%q does not find the case", q)
		}
	}
	c = s.act(s.admin, c, "accept", map[string]any{"note": "受\u200d理\u2066"})
	tl := c["timeline"].([]any)
	if note := tl[len(tl)-1].(map[string]any)["note"].(string); !strings.HasPrefix(note, "受理；") {
		t.Errorf("timeline note %q", note)
	}

	r := s.do("POST", "/api/v1/users", s.admin, map[string]string{"username": "in\u200bvisible", "password": " Spaced pass 1 ",
		"name": "王\ufeff五\u202e", "role": "mediator", "regionCode": townA})
	expectStatus(t, r, 201, "create")
	if r.Body["username"] != "invisible" || r.Body["name"] != "王五" {
		t.Errorf("stored user %s", r.Raw)
	}
	expectStatus(t, s.do("PATCH", "/api/v1/users/invisible", s.admin, map[string]any{"name": "\u200b赵六"}), 200, "rename")
	if r := s.do("GET", "/api/v1/users", s.admin, nil); !strings.Contains(string(r.Raw), `"name":"赵六"`) {
		t.Errorf("patched name: %s", r.Raw)
	}
	s.login("invisible", " Spaced pass 1 ")
	expectStatus(t, s.do("POST", "/api/v1/auth/login", "", map[string]string{"username": "invisible", "password": "Spaced pass 1"}), 401, "the password trimmed")
}
