package handlers

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"pingan/domain"
)

// hazardBody is a valid intake of a hazard in town.
func hazardBody(town string, edit func(map[string]any)) map[string]any {
	b := map[string]any{"type": "dispute_escalation", "title": "月河村宅基地纠纷激化", "description": "两户因宅基地边界多次争吵，扬言动手",
		"townshipCode": town, "place": "月河村三组", "level": "orange", "peopleCount": 6, "people": "王某、李某", "foundBy": "网格员张敏"}
	if edit != nil {
		edit(b)
	}
	return b
}

// hazardStep takes a step on the hazard with the version it has now and returns the answer.
func (s *testServer) hazardStep(token string, h map[string]any, body map[string]any) response {
	s.t.Helper()
	body["version"] = h["version"]
	return s.do("POST", "/api/v1/hazards/"+h["id"].(string)+"/actions", token, body)
}

func timelineActions(h map[string]any) []string {
	var out []string
	for _, e := range h["timeline"].([]any) {
		out = append(out, e.(map[string]any)["action"].(string))
	}
	return out
}

func TestHazardThroughCheckToClearanceAndReopening(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, domain.Shanghai)
	s := startServerAt(t, t0)
	town := s.createUser("hz-town", domain.RoleMediator, townA)
	countyLeader := s.createUser("hz-county", domain.RoleLeader, county)
	townLeader := s.createUser("hz-town-leader", domain.RoleLeader, townA)

	r := s.do("POST", "/api/v1/hazards", town, hazardBody(townA, nil))
	expectStatus(t, r, http.StatusCreated, "register")
	h := r.Body
	if h["status"] != "registered" || h["id"] != townA+"-YH-2026-0001" || h["countyCode"] != county {
		t.Fatalf("registered hazard: %v", h)
	}
	expectRefusal(t, s.do("POST", "/api/v1/hazards", townLeader, hazardBody(townA, nil)), http.StatusForbidden, "forbidden", "a leader registers")

	// 研判 raises the level; a township may not take the county's step, nor skip 整治
	r = s.hazardStep(town, h, map[string]any{"action": "assess", "assessment": "有激化为群体性事件的可能", "level": "red"})
	expectStatus(t, r, http.StatusOK, "assess")
	h = r.Body
	if h["level"] != "red" {
		t.Fatalf("level after assess: %v", h["level"])
	}
	expectRefusal(t, s.hazardStep(town, h, map[string]any{"action": "request_check"}), http.StatusConflict, "hazard_invalid_transition", "check before 整治")
	expectRefusal(t, s.hazardStep(townLeader, h, map[string]any{"action": "assess", "assessment": "x"}), http.StatusForbidden, "hazard_role", "a leader assesses")

	r = s.hazardStep(town, h, map[string]any{"action": "rectify", "responsibleUnit": "月河村委会", "responsiblePerson": "陈主任"})
	if r.Status != http.StatusUnprocessableEntity || fmt.Sprint(r.fieldErrors()) != "[deadline]" {
		t.Fatalf("rectify without a deadline: %d %s", r.Status, r.Raw)
	}
	r = s.hazardStep(town, h, map[string]any{"action": "rectify", "responsibleUnit": "月河村委会", "responsiblePerson": "陈主任",
		"measures": "划定边界，双方签订协议", "deadline": "2026-03-12"})
	expectStatus(t, r, http.StatusOK, "rectify")
	h = r.Body
	if h["status"] != "rectifying" || h["warning"] != "" {
		t.Fatalf("rectifying: %v %v", h["status"], h["warning"])
	}
	// due soon at 80 % of the ten days, overdue after the deadline: in the list filter and the to-do list
	s.clock.Set(t0.AddDate(0, 0, 9))
	town = s.token("hz-town")
	if g := s.do("GET", "/api/v1/hazards/"+h["id"].(string), town, nil); g.Body["warning"] != "due_soon" {
		t.Fatalf("warning on day 9: %v", g.Body["warning"])
	}
	s.clock.Set(t0.AddDate(0, 0, 11))
	town, countyLeader = s.token("hz-town"), s.token("hz-county")
	if l := s.do("GET", "/api/v1/hazards?overdue=true", town, nil); l.Body["total"] != 1.0 {
		t.Fatalf("overdue list: %s", l.Raw)
	}
	if todo := s.do("GET", "/api/v1/todo", town, nil); fmt.Sprint(todoReasons(todo, "hazards")) != "[hazard_overdue]" {
		t.Fatalf("township to-do: %s", todo.Raw)
	}
	r = s.hazardStep(town, h, map[string]any{"action": "progress", "note": "已完成边界测量"})
	expectStatus(t, r, http.StatusOK, "progress")
	h = r.Body
	r = s.hazardStep(town, h, map[string]any{"action": "request_check", "note": "双方已签协议"})
	expectStatus(t, r, http.StatusOK, "request check")
	h = r.Body
	if h["status"] != "checking" || h["overdue"] != false {
		t.Fatalf("awaiting check: the clock stands still: %v %v", h["status"], h["overdue"])
	}
	if todo := s.do("GET", "/api/v1/todo", countyLeader, nil); fmt.Sprint(todoReasons(todo, "hazards")) != "[hazard_to_check]" {
		t.Fatalf("county to-do: %s", todo.Raw)
	}
	// 验收 is the level above's: the township cannot pass its own hazard
	expectRefusal(t, s.hazardStep(town, h, map[string]any{"action": "pass"}), http.StatusForbidden, "hazard_not_above", "the township passes itself")
	expectRefusal(t, s.hazardStep(countyLeader, h, map[string]any{"action": "send_back"}), http.StatusUnprocessableEntity, "validation_failed", "send back without a reason")
	r = s.hazardStep(countyLeader, h, map[string]any{"action": "send_back", "reason": "协议未履行完毕", "deadline": "2026-03-25"})
	expectStatus(t, r, http.StatusOK, "send back")
	h = r.Body
	if h["status"] != "rectifying" || h["overdue"] != false {
		t.Fatalf("sent back with a new deadline: %v %v", h["status"], h["overdue"])
	}
	stale := h["version"]
	r = s.hazardStep(town, h, map[string]any{"action": "request_check", "note": "已履行"})
	expectStatus(t, r, http.StatusOK, "request check again")
	h = r.Body
	r = s.do("POST", "/api/v1/hazards/"+h["id"].(string)+"/actions", countyLeader, map[string]any{"action": "pass", "version": stale})
	expectRefusal(t, r, http.StatusConflict, "hazard_changed", "a stale version")
	r = s.hazardStep(countyLeader, h, map[string]any{"action": "pass", "note": "现场验收合格"})
	expectStatus(t, r, http.StatusOK, "pass")
	h = r.Body
	if h["status"] != "cleared" || h["clearedAt"] == nil {
		t.Fatalf("cleared: %v", h)
	}
	expectRefusal(t, s.hazardStep(countyLeader, h, map[string]any{"action": "pass"}), http.StatusConflict, "hazard_invalid_transition", "pass twice")

	// it recurs a week later: reopened with a reason, assessed again; the 销号 stays in the summary's window
	s.clock.Set(t0.AddDate(0, 0, 20))
	town = s.token("hz-town")
	r = s.hazardStep(town, h, map[string]any{"action": "reopen", "reason": "双方再次发生冲突", "at": "2026-03-21"})
	expectStatus(t, r, http.StatusOK, "reopen")
	h = r.Body
	if h["status"] != "registered" || h["reopenCount"] != 1.0 || h["clearedAt"] != nil {
		t.Fatalf("reopened: %v", h)
	}
	want := "[register assess rectify progress request_check send_back request_check pass reopen]"
	if got := fmt.Sprint(timelineActions(h)); got != want {
		t.Fatalf("timeline %s, want %s", got, want)
	}
	sum := s.do("GET", "/api/v1/hazards/summary?region="+county+"&from=2026-03-01&to=2026-03-31", s.token("hz-county"), nil)
	expectStatus(t, sum, http.StatusOK, "summary")
	totals := sum.Body["totals"].(map[string]any)
	if totals["registered"] != 1.0 || totals["cleared"] != 1.0 || totals["reopened"] != 1.0 || totals["open"] != 1.0 || totals["red"] != 1.0 {
		t.Fatalf("summary totals: %v", totals)
	}
}

// todoReasons lists the reasons of the to-do list's hazards or listings.
func todoReasons(r response, key string) []string {
	var out []string
	items, _ := r.Body[key].([]any)
	for _, it := range items {
		out = append(out, it.(map[string]any)["reason"].(string))
	}
	return out
}

func TestHazardScope(t *testing.T) {
	t.Parallel()
	s := startServerAt(t, time.Date(2026, 3, 2, 9, 0, 0, 0, domain.Shanghai))
	town := s.createUser("hs-town", domain.RoleMediator, townA)
	other := s.createUser("hs-other", domain.RoleMediator, townB)
	ownCounty := s.createUser("hs-county", domain.RoleLeader, county)
	otherCounty := s.createUser("hs-far", domain.RoleLeader, "610902")
	h := s.do("POST", "/api/v1/hazards", town, hazardBody(townA, nil)).Body
	s.do("POST", "/api/v1/hazards", s.admin, hazardBody(townC, func(m map[string]any) { m["title"] = "汉滨区的隐患" }))
	path := "/api/v1/hazards/" + h["id"].(string)

	expectRefusal(t, s.do("GET", path, other, nil), http.StatusNotFound, "hazard_not_found", "another township reads")
	expectRefusal(t, s.hazardStep(other, h, map[string]any{"action": "assess", "assessment": "x"}), http.StatusNotFound, "hazard_not_found", "another township acts")
	expectRefusal(t, s.do("GET", path, otherCounty, nil), http.StatusNotFound, "hazard_not_found", "another county reads")
	expectRefusal(t, s.do("POST", "/api/v1/hazards", town, hazardBody(townB, nil)), http.StatusForbidden, "out_of_region", "registering in another township")
	expectStatus(t, s.do("GET", path, ownCounty, nil), http.StatusOK, "the county reads its township's")
	for _, c := range []struct {
		token string
		want  float64
	}{{town, 1}, {other, 0}, {ownCounty, 1}, {otherCounty, 1}, {s.admin, 2}} {
		if l := s.do("GET", "/api/v1/hazards", c.token, nil); l.Body["total"] != c.want {
			t.Errorf("list total %v, want %v", l.Body["total"], c.want)
		}
	}
	if l := s.do("GET", "/api/v1/hazards?q="+url.QueryEscape("汉滨区"), s.admin, nil); l.Body["total"] != 1.0 {
		t.Errorf("search: %s", l.Raw)
	}
	expectRefusal(t, s.do("GET", "/api/v1/hazards/summary?region=610902", ownCounty, nil), http.StatusForbidden, "out_of_region", "another county's summary")
}

func TestListingThroughProgressToDelisting(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, domain.Shanghai)
	s := startServerAt(t, t0)
	town := s.createUser("ls-town", domain.RoleMediator, townA)
	other := s.createUser("ls-other", domain.RoleMediator, townB)
	countyLeader := s.createUser("ls-county", domain.RoleLeader, county)
	cityLeader := s.createUser("ls-city", domain.RoleLeader, "6109")
	farLeader := s.createUser("ls-far", domain.RoleLeader, "610902")
	h := s.do("POST", "/api/v1/hazards", town, hazardBody(townA, nil)).Body

	listHazard := map[string]any{"title": "月河村宅基地纠纷挂牌督办", "requirements": "30日内化解到位", "target": "hazard",
		"hazardId": h["id"], "deadline": "2026-04-01"}
	expectRefusal(t, s.do("POST", "/api/v1/listings", town, listHazard), http.StatusForbidden, "forbidden", "a township mediator lists")
	townLeader := s.createUser("ls-town-leader", domain.RoleLeader, townA)
	expectRefusal(t, s.do("POST", "/api/v1/listings", townLeader, listHazard), http.StatusForbidden, "listing_role", "a township leader lists")
	expectRefusal(t, s.do("POST", "/api/v1/listings", farLeader, listHazard), http.StatusUnprocessableEntity, "validation_failed", "another county lists what it cannot see")
	r := s.do("POST", "/api/v1/listings", countyLeader, map[string]any{"title": "x", "requirements": "y", "target": "hazard",
		"hazardId": h["id"], "deadline": "2026-04-01", "level": "municipal"})
	if r.Status != http.StatusUnprocessableEntity || fmt.Sprint(r.fieldErrors()) != "[level]" {
		t.Fatalf("a county records a municipal listing: %d %s", r.Status, r.Raw)
	}
	r = s.do("POST", "/api/v1/listings", countyLeader, listHazard)
	expectStatus(t, r, http.StatusCreated, "list")
	l := r.Body
	if l["level"] != "county" || l["townshipCode"] != townA || l["status"] != "listed" || l["id"] != county+"-GP-2026-001" {
		t.Fatalf("listing: %v", l)
	}
	expectRefusal(t, s.do("POST", "/api/v1/listings", countyLeader, listHazard), http.StatusConflict, "listing_duplicate", "listed twice")
	if sum := s.do("GET", "/api/v1/hazards/summary", countyLeader, nil); sum.Body["totals"].(map[string]any)["listed"] != 1.0 {
		t.Fatalf("the summary counts the listed item: %s", sum.Raw)
	}
	if g := s.do("GET", "/api/v1/hazards/"+h["id"].(string), town, nil); len(g.Body["listings"].([]any)) != 1 {
		t.Fatalf("the hazard shows its listing: %s", g.Raw)
	}
	lpath := "/api/v1/listings/" + l["id"].(string)
	expectRefusal(t, s.do("GET", lpath, other, nil), http.StatusNotFound, "listing_not_found", "another township reads")
	expectRefusal(t, s.do("GET", lpath, farLeader, nil), http.StatusNotFound, "listing_not_found", "another county reads")
	expectStatus(t, s.do("GET", lpath, cityLeader, nil), http.StatusOK, "the city reads")

	step := func(token string, body map[string]any) response {
		body["version"] = l["version"]
		return s.do("POST", lpath+"/actions", token, body)
	}
	expectRefusal(t, step(countyLeader, map[string]any{"action": "progress", "note": "x"}), http.StatusForbidden, "listing_not_listed_unit", "the lister reports progress")
	expectRefusal(t, step(town, map[string]any{"action": "delist", "conclusion": "x"}), http.StatusForbidden, "listing_not_lister", "the unit delists itself")
	// progress falls due 15 days on: on the unit's to-do list three days before
	s.clock.Set(t0.AddDate(0, 0, 13))
	town, countyLeader = s.token("ls-town"), s.token("ls-county")
	if todo := s.do("GET", "/api/v1/todo", town, nil); fmt.Sprint(todoReasons(todo, "listings")) != "[listing_progress_due]" {
		t.Fatalf("unit to-do: %s", todo.Raw)
	}
	r = step(town, map[string]any{"action": "progress", "note": "已召开协调会，双方初步达成意向"})
	expectStatus(t, r, http.StatusOK, "progress")
	l = r.Body
	if todo := s.do("GET", "/api/v1/todo", town, nil); len(todoReasons(todo, "listings")) != 0 {
		t.Fatalf("reported: off the to-do list: %s", todo.Raw)
	}
	r = step(countyLeader, map[string]any{"action": "extend", "reason": "需等待土地确权", "deadline": "2026-03-20"})
	if r.Status != http.StatusUnprocessableEntity || fmt.Sprint(r.fieldErrors()) != "[deadline]" {
		t.Fatalf("an extension to an earlier date: %d %s", r.Status, r.Raw)
	}
	r = step(countyLeader, map[string]any{"action": "extend", "reason": "需等待土地确权", "deadline": "2026-04-15"})
	expectStatus(t, r, http.StatusOK, "extend")
	l = r.Body
	r = step(countyLeader, map[string]any{"action": "delist", "conclusion": "纠纷化解，隐患已销号，同意摘牌"})
	expectStatus(t, r, http.StatusOK, "delist")
	l = r.Body
	if l["status"] != "delisted" || l["conclusion"] == nil || fmt.Sprint(l["allowedActions"]) != "[]" {
		t.Fatalf("delisted: %v", l)
	}
	expectRefusal(t, step(town, map[string]any{"action": "progress", "note": "x"}), http.StatusConflict, "listing_invalid_transition", "progress after 摘牌")

	// audited, and a restart loads the ledger and the listings back as they were
	var log struct{ Items []map[string]any }
	s.getJSON(s.token("admin"), "/api/v1/audit?limit=100", &log)
	var actions []string
	for _, e := range log.Items {
		if a := e["action"].(string); strings.HasPrefix(a, "listing_") || strings.HasPrefix(a, "hazard_") {
			actions = append(actions, a)
		}
	}
	slices.Sort(actions)
	if want := "[hazard_register listing_delist listing_extend listing_list listing_progress]"; fmt.Sprint(actions) != want {
		t.Fatalf("audit %v, want %s", actions, want)
	}
	before := s.do("GET", "/api/v1/hazards/"+h["id"].(string), town, nil).Raw
	cfg := s.App.cfg
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s.App.Shutdown(ctx)
	again := startWith(t, cfg, s.clock)
	town = again.token("ls-town")
	if got := again.do("GET", lpath, town, nil); !sameJSON(got.Body, l) {
		t.Fatalf("listing after a restart:\n%s\nwant\n%v", got.Raw, l)
	}
	if got := again.do("GET", "/api/v1/hazards/"+h["id"].(string), town, nil).Raw; string(got) != string(before) {
		t.Fatalf("hazard after a restart:\n%s\nwant\n%s", got, before)
	}
}

func TestListingBoardShowsOverdueFirst(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, domain.Shanghai)
	s := startServerAt(t, t0)
	city := s.createUser("lb-city", domain.RoleLeader, "6109")
	countyLeader := s.createUser("lb-county", domain.RoleLeader, county)
	town := s.createUser("lb-town", domain.RoleMediator, townA)
	mk := func(token, title, town, deadline string, edit func(map[string]any)) {
		b := map[string]any{"title": title, "requirements": "限期整改", "target": "township", "townshipCode": town, "deadline": deadline}
		if edit != nil {
			edit(b)
		}
		expectStatus(t, s.do("POST", "/api/v1/listings", token, b), http.StatusCreated, "list "+title)
	}
	mk(city, "市级：蒲溪镇治安重点地区", townA, "2026-06-30", nil)
	mk(city, "省级：汉滨区重点地区", townC, "2026-06-30", func(b map[string]any) { b["level"] = "provincial"; b["notice"] = "陕平安〔2026〕3号" })
	mk(countyLeader, "县级：双乳镇突出问题", townB, "2026-03-10", nil)
	s.clock.Set(t0.AddDate(0, 0, 10))
	city, countyLeader, town = s.token("lb-city"), s.token("lb-county"), s.token("lb-town")
	b := s.do("GET", "/api/v1/listings", city, nil)
	expectStatus(t, b, http.StatusOK, "board")
	var titles []string
	for _, it := range b.Body["items"].([]any) {
		titles = append(titles, it.(map[string]any)["title"].(string))
	}
	if want := "[县级：双乳镇突出问题 省级：汉滨区重点地区 市级：蒲溪镇治安重点地区]"; fmt.Sprint(titles) != want {
		t.Fatalf("board order %v, want %s", titles, want)
	}
	levels := fmt.Sprint(b.Body["levels"])
	if want := "[map[delisted:0 level:provincial listed:1 overdue:0] map[delisted:0 level:municipal listed:1 overdue:0] map[delisted:0 level:county listed:1 overdue:1]]"; levels != want {
		t.Fatalf("levels %s", levels)
	}
	if n := s.do("GET", "/api/v1/listings", countyLeader, nil).Body["total"]; n != 2.0 {
		t.Fatalf("the county sees %v listings, want its two townships'", n)
	}
	if n := s.do("GET", "/api/v1/listings", town, nil).Body["total"]; n != 1.0 {
		t.Fatalf("the township sees %v listings, want its own", n)
	}
	if todo := s.do("GET", "/api/v1/todo", countyLeader, nil); fmt.Sprint(todoReasons(todo, "listings")) != "[listing_past_deadline]" {
		t.Fatalf("lister's to-do: %s", todo.Raw)
	}
	expectRefusal(t, s.do("POST", "/api/v1/listings", city, map[string]any{"title": "x", "requirements": "y", "target": "township",
		"townshipCode": townA, "deadline": "2026-06-30", "level": "provincial"}), http.StatusUnprocessableEntity, "validation_failed", "provincial without a notice")
}

// freshHazard registers a hazard in town with the admin's token and returns its id.
func (f *accessFixture) freshHazard(town string) string {
	f.s.t.Helper()
	r := f.s.do("POST", "/api/v1/hazards", f.s.admin, hazardBody(town, nil))
	expectStatus(f.s.t, r, http.StatusCreated, "a hazard for the access table")
	return r.Body["id"].(string)
}

// townListing is the listing of town (a key area listed by the city), made at its first use.
func (f *accessFixture) townListing(town string) map[string]any {
	f.s.t.Helper()
	title := "重点地区" + town
	for _, it := range f.s.do("GET", "/api/v1/listings?q="+title, f.s.admin, nil).Body["items"].([]any) {
		return it.(map[string]any)
	}
	r := f.s.do("POST", "/api/v1/listings", f.s.admin, map[string]any{"title": title, "requirements": "整治", "target": "township",
		"townshipCode": town, "deadline": f.s.clock.Now().AddDate(0, 1, 0).Format(time.DateOnly)})
	expectStatus(f.s.t, r, http.StatusCreated, "a listing for the access table")
	return r.Body
}

// hazardRows are the access table's rows of the hazard ledger and listed supervision.
func hazardRows() []accessRow {
	regional := [5]int{200, 200, 200, 200, 200}
	outside := [5]int{0, 403, 403, 403, 403}
	hidden := [5]int{0, 404, 404, 404, 404}
	all := func(st int) [5]int { return [5]int{st, st, st, st, st} }
	town := func(f *accessFixture, r *accessRole, other bool) string {
		if r == nil {
			return townA
		}
		return f.townOf(r, other)
	}
	return []accessRow{
		{method: "GET", path: "/api/v1/hazards", call: getCall("/api/v1/hazards"), anon: 401, own: all(200), other: [5]int{}},
		{method: "POST", path: "/api/v1/hazards", anon: 401, own: [5]int{201, 201, 403, 201, 201}, other: outside,
			call: func(f *accessFixture, r *accessRole, other bool) accessCall {
				return accessCall{method: "POST", path: "/api/v1/hazards", body: hazardBody(town(f, r, other), nil)}
			}},
		{method: "GET", path: "/api/v1/hazards/summary", call: regionReport("/api/v1/hazards/summary"), anon: 401, own: regional, other: outside},
		{method: "GET", path: "/api/v1/hazards/:id", anon: 401, own: regional, other: hidden,
			call: func(f *accessFixture, r *accessRole, other bool) accessCall {
				return accessCall{method: "GET", path: "/api/v1/hazards/" + f.freshHazard(town(f, r, other))}
			}},
		// leaders read and check (验收), they do not assess
		{method: "POST", path: "/api/v1/hazards/:id/actions", anon: 401, own: [5]int{200, 200, 403, 200, 200}, other: hidden,
			call: func(f *accessFixture, r *accessRole, other bool) accessCall {
				return accessCall{method: "POST", path: "/api/v1/hazards/" + f.freshHazard(town(f, r, other)) + "/actions",
					body: map[string]any{"action": "assess", "version": 1, "assessment": "风险可控"}}
			}},
		{method: "GET", path: "/api/v1/listings", call: getCall("/api/v1/listings"), anon: 401, own: all(200), other: [5]int{}},
		// county and city leaders and admins list; a hazard the lister does not see is not found (422)
		{method: "POST", path: "/api/v1/listings", anon: 401, own: [5]int{201, 201, 201, 403, 403}, other: [5]int{0, 422, 422, 403, 403},
			call: func(f *accessFixture, r *accessRole, other bool) accessCall {
				return accessCall{method: "POST", path: "/api/v1/listings", body: map[string]any{"title": "隐患挂牌", "requirements": "限期整改",
					"target": "hazard", "hazardId": f.freshHazard(town(f, r, other)), "deadline": f.s.clock.Now().AddDate(0, 1, 0).Format(time.DateOnly)}}
			}},
		{method: "GET", path: "/api/v1/listings/:id", anon: 401, own: regional, other: hidden,
			call: func(f *accessFixture, r *accessRole, other bool) accessCall {
				return accessCall{method: "GET", path: "/api/v1/listings/" + f.townListing(town(f, r, other))["id"].(string)}
			}},
		// progress is the listed township's: the city and county users are refused
		{method: "POST", path: "/api/v1/listings/:id/actions", anon: 401, own: [5]int{403, 403, 403, 200, 200}, other: hidden,
			call: func(f *accessFixture, r *accessRole, other bool) accessCall {
				l := f.townListing(town(f, r, other))
				return accessCall{method: "POST", path: "/api/v1/listings/" + l["id"].(string) + "/actions",
					body: map[string]any{"action": "progress", "version": l["version"], "note": "已开展排查整治"}}
			}},
	}
}
