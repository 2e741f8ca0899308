package handlers

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"pingan/domain"
)

// roundBody is a round of township townA's village 月河村 dated day, with one found dispute.
func roundBody(township, day string, mut func(m map[string]any)) map[string]any {
	m := map[string]any{
		"townshipCode": township, "village": "月河村", "date": day, "participants": []string{"王书记", "李调解"},
		"places": []string{"月河村", "双乳社区"},
		"disputes": []map[string]any{{
			"title": "王某与赵某土地边界纠纷", "category": "forest_land", "summary": "排查中发现两户因承包地边界争执。",
			"parties": []map[string]any{{"name": "王某", "role": "applicant"}, {"name": "赵某", "role": "respondent"}},
		}},
		"hazards":   []string{"河堤一处护栏缺失"},
		"prevented": 1, "preventedNote": "劝解一起邻里口角，未形成纠纷",
	}
	if mut != nil {
		mut(m)
	}
	return m
}

// putPlaces gives township its list of places at the version read.
func (s *testServer) putPlaces(token, township string, version int, names ...string) response {
	s.t.Helper()
	places := []map[string]any{}
	for _, n := range names {
		kind := "village"
		if len([]rune(n)) > 2 && string([]rune(n)[len([]rune(n))-2:]) == "社区" {
			kind = "community"
		}
		places = append(places, map[string]any{"name": n, "kind": kind})
	}
	return s.do("PUT", "/api/v1/screening/places/"+township, token, map[string]any{"places": places, "version": version})
}

func TestRoundWithFoundDisputesRegistersLinkedCases(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 3, 10, 9, 0, 0, 0, domain.Shanghai)
	s := startServerAt(t, t0)
	med := s.createUser("rmed", domain.RoleMediator, townA)
	expectStatus(t, s.putPlaces(med, townA, 0, "月河村", "双乳社区"), http.StatusOK, "places")

	r := s.do("POST", "/api/v1/screening/rounds", med, roundBody(townA, "2026-03-08", func(m map[string]any) {
		m["disputes"] = append(m["disputes"].([]map[string]any), map[string]any{
			"title": "刘某与陈某赡养纠纷", "category": "marriage_family", "village": "双乳社区",
			"parties": []map[string]any{{"name": "刘某", "role": "applicant"}, {"name": "陈某", "role": "respondent"}},
		})
	}))
	expectStatus(t, r, http.StatusCreated, "round")
	id := r.Body["id"].(string)
	if want := townA + "-PC2026-0001"; id != want {
		t.Errorf("round id %s, want %s", id, want)
	}
	caseIDs := r.Body["caseIds"].([]any)
	if len(caseIDs) != 2 || len(r.Body["cases"].([]any)) != 2 || r.Body["level"] != "village" || r.Body["zeroReport"] != false {
		t.Fatalf("round: %s", r.Raw)
	}
	for i, cid := range caseIDs {
		c := s.do("GET", "/api/v1/cases/"+cid.(string), med, nil)
		expectStatus(t, c, http.StatusOK, "case")
		d := c.Body["dispute"].(map[string]any)
		if d["source"] != "proactive" || d["roundId"] != id || c.Body["status"] != "registered" {
			t.Errorf("case %d: source %v, round %v, status %v", i, d["source"], d["roundId"], c.Body["status"])
		}
		if reg := c.Body["registeredAt"].(string); reg[:10] != "2026-03-08" {
			t.Errorf("case %d registered %s, want on the round's day", i, reg)
		}
	}
	if v := s.do("GET", "/api/v1/cases/"+caseIDs[1].(string), med, nil).Body["village"]; v != "双乳社区" {
		t.Errorf("second dispute's village %v, want its own", v)
	}
	list := s.do("GET", "/api/v1/cases?township="+townA, med, nil)
	var listed []string
	for _, it := range list.Body["items"].([]any) {
		listed = append(listed, it.(map[string]any)["id"].(string))
	}
	for _, cid := range caseIDs {
		if !slices.Contains(listed, cid.(string)) {
			t.Errorf("case %s not in the township's list %v", cid, listed)
		}
	}
	got := s.do("GET", "/api/v1/screening/rounds/"+id, s.admin, nil)
	if len(got.Body["cases"].([]any)) != 2 || got.Body["townshipName"] == "" {
		t.Errorf("round read back: %s", got.Raw)
	}
	rounds := s.do("GET", "/api/v1/screening/rounds?region="+county, s.admin, nil)
	fig := rounds.Body["figures"].(map[string]any)
	if rounds.Body["total"] != 1.0 || fig["disputesFound"] != 2.0 || fig["prevented"] != 1.0 || fig["hazardsFound"] != 1.0 {
		t.Errorf("round list: %s", rounds.Raw)
	}
	// the list and the round are in the audit log, in the township's region
	audit := s.do("GET", "/api/v1/audit", s.admin, nil).Body["items"].([]any)
	var logged []string
	for _, it := range audit {
		e := it.(map[string]any)
		if e["action"] == "round_create" || e["action"] == "screening_places" {
			logged = append(logged, fmt.Sprint(e["action"], " ", e["target"]))
		}
	}
	if !slices.Contains(logged, "round_create "+id) || !slices.Contains(logged, "screening_places "+townA) {
		t.Errorf("audit log: %v", logged)
	}
	// the statistics table counts the round: 排查次数 1, 排查发现纠纷数 2, 预防纠纷数 1
	csv := string(s.do("GET", "/api/v1/reports/resolution?region="+county+"&format=csv", s.admin, nil).Raw)
	if !strings.Contains(csv, "排查次数,排查发现纠纷数,预防纠纷数") {
		t.Errorf("the statistics table has no 排查 columns: %.300s", csv)
	}
	rows := 0
	for _, line := range strings.Split(csv, "\n") {
		if strings.HasPrefix(line, townA+",") {
			rows++
			if !strings.HasSuffix(strings.TrimSpace(line), ",1,2,1") {
				t.Errorf("%s's row ends %q, want 1,2,1", townA, line[max(0, len(line)-20):])
			}
		}
	}
	if rows != 1 {
		t.Errorf("%d rows of %s in the statistics table", rows, townA)
	}
	// another township's mediator neither reads the round nor sees its cases
	other := s.createUser("rmedc", domain.RoleMediator, townC)
	expectRefusal(t, s.do("GET", "/api/v1/screening/rounds/"+id, other, nil), http.StatusNotFound, "round_not_found", "round of another township")
	if n := s.do("GET", "/api/v1/screening/rounds", other, nil).Body["total"]; n != 0.0 {
		t.Errorf("another township lists %v rounds", n)
	}
}

func TestZeroReportAndRefusedRounds(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 3, 10, 9, 0, 0, 0, domain.Shanghai)
	s := startServerAt(t, t0)
	med := s.createUser("zmed", domain.RoleMediator, townA)
	lead := s.createUser("zlead", domain.RoleLeader, county)
	expectStatus(t, s.putPlaces(med, townA, 0, "月河村", "双乳社区"), http.StatusOK, "places")

	zero := s.do("POST", "/api/v1/screening/rounds", med, map[string]any{"townshipCode": townA, "date": "2026-03-10",
		"participants": []string{"王书记"}, "places": []string{"月河村"}, "zeroReport": true})
	expectStatus(t, zero, http.StatusCreated, "zero report")
	if zero.Body["level"] != "township" || len(zero.Body["caseIds"].([]any)) != 0 {
		t.Errorf("zero report: %s", zero.Raw)
	}
	before := s.do("GET", "/api/v1/cases", s.admin, nil).Body["total"]
	refusals := []struct {
		what   string
		token  string
		mut    func(m map[string]any)
		status int
		reason string
	}{
		{"zero report with findings", med, func(m map[string]any) { m["zeroReport"] = true }, 422, "round_zero_report_not_empty"},
		{"nothing found, no zero report", med, func(m map[string]any) {
			delete(m, "disputes")
			delete(m, "hazards")
			m["prevented"] = 0
		}, 422, "round_nothing_found"},
		{"village not on the list", med, func(m map[string]any) { m["village"] = "不存在村" }, 422, "round_place_unknown"},
		{"place covered not on the list", med, func(m map[string]any) { m["places"] = []string{"月河村", "外村"} }, 422, "round_place_unknown"},
		{"dated tomorrow", med, func(m map[string]any) { m["date"] = "2026-03-11" }, 422, "round_date_out_of_range"},
		{"dated over 90 days back", med, func(m map[string]any) { m["date"] = "2025-12-01" }, 422, "round_date_out_of_range"},
		{"bad date", med, func(m map[string]any) { m["date"] = "3月8日" }, 422, "validation_failed"},
		{"no participants", med, func(m map[string]any) { m["participants"] = []string{} }, 422, "validation_failed"},
		{"prevented without a note", med, func(m map[string]any) { m["preventedNote"] = "" }, 422, "validation_failed"},
		{"found dispute with one party", med, func(m map[string]any) {
			m["disputes"].([]map[string]any)[0]["parties"] = []map[string]any{{"name": "王某", "role": "applicant"}}
		}, 422, "validation_failed"},
		{"leader records", lead, nil, 403, "forbidden"},
		{"another township", med, func(m map[string]any) { m["townshipCode"] = townB; delete(m, "village"); m["places"] = []string{} }, 403, "out_of_region"},
		{"unknown field", med, func(m map[string]any) { m["status"] = "x" }, 400, "bad_request"},
	}
	for _, tc := range refusals {
		expectRefusal(t, s.do("POST", "/api/v1/screening/rounds", tc.token, roundBody(townA, "2026-03-09", tc.mut)), tc.status, tc.reason, tc.what)
	}
	r := s.do("POST", "/api/v1/screening/rounds", med, roundBody(townA, "2026-03-09", func(m map[string]any) {
		m["disputes"].([]map[string]any)[0]["title"] = ""
	}))
	expectRefusal(t, r, 422, "validation_failed", "found dispute without a title")
	if !slices.Contains(r.fieldErrors(), "disputes[0].title") {
		t.Errorf("fields %v, want disputes[0].title", r.fieldErrors())
	}
	if after := s.do("GET", "/api/v1/cases", s.admin, nil).Body["total"]; after != before {
		t.Errorf("refused rounds registered cases: %v → %v", before, after)
	}
	if n := s.do("GET", "/api/v1/screening/rounds", s.admin, nil).Body["total"]; n != 1.0 {
		t.Errorf("%v rounds stored, want the zero report alone", n)
	}

	// the list of places: stale version, duplicate names, another township, leaders
	expectRefusal(t, s.putPlaces(med, townA, 0, "月河村"), 409, "round_places_changed", "stale list")
	expectRefusal(t, s.putPlaces(med, townA, 1, "月河村", "月河村"), 422, "validation_failed", "duplicate place")
	expectRefusal(t, s.putPlaces(med, townB, 0, "东村"), 403, "out_of_region", "another township's list")
	expectRefusal(t, s.putPlaces(lead, townA, 1, "东村"), 403, "forbidden", "leader keeps no list")
	expectRefusal(t, s.putPlaces(s.admin, county, 0, "东村"), 404, "region_not_found", "a county has no list")
	if l := s.do("GET", "/api/v1/screening/places?township="+townA, lead, nil).Body["items"].([]any)[0].(map[string]any); len(l["places"].([]any)) != 2 || l["version"] != 1.0 {
		t.Errorf("list after refusals: %v", l)
	}
}

// boardRow finds a unit's row on the board.
func boardRow(t *testing.T, board map[string]any, code string) map[string]any {
	t.Helper()
	for _, r := range board["rows"].([]any) {
		if row := r.(map[string]any); row["code"] == code {
			return row
		}
	}
	t.Fatalf("no row %s on the board", code)
	return nil
}

func periodStatuses(row map[string]any) []string {
	var out []string
	for _, p := range row["periods"].([]any) {
		out = append(out, p.(map[string]any)["status"].(string))
	}
	return out
}

func TestScreeningBoardMarksLateAndMissingUnits(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		dueDays *int
		want    map[string][]string // March, seen on April 7
		overdue []string            // among the county leader's to-dos
	}{
		{"default: due by April 5", nil, map[string][]string{
			townA: {"late"}, townB: {"missing"}, townA + "/月河村": {"reported", "missing"}, townA + "/双乳社区": {"missing", "missing"},
		}, []string{townB, townA + "/月河村", townA + "/双乳社区"}},
		{"PINGAN_SCREENING_DUE_DAY=10: due by April 10", ptrInt(10), map[string][]string{
			townA: {"reported"}, townB: {"due"}, townA + "/月河村": {"reported", "due"}, townA + "/双乳社区": {"missing", "due"},
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			t0 := time.Date(2026, 3, 10, 9, 0, 0, 0, domain.Shanghai)
			s := startServerAt(t, t0, func(c *Config) { c.ScreeningDueDays = tc.dueDays })
			s.createUser("bmed", domain.RoleMediator, townA)
			s.createUser("blead", domain.RoleLeader, county)
			expectStatus(t, s.putPlaces(s.token("bmed"), townA, 0, "月河村", "双乳社区"), http.StatusOK, "places")
			// 月河村 screens the first half of March on time
			expectStatus(t, s.do("POST", "/api/v1/screening/rounds", s.token("bmed"), roundBody(townA, "2026-03-05", nil)), http.StatusCreated, "village round")
			todo := s.do("GET", "/api/v1/todo", s.token("bmed"), nil).Body["screening"].([]any)
			if len(todo) == 0 {
				t.Errorf("the township sees no screening to-do while its March round is not in")
			}
			// April 7: the township records its March round late
			s.clock.Set(time.Date(2026, 4, 7, 10, 0, 0, 0, domain.Shanghai))
			expectStatus(t, s.do("POST", "/api/v1/screening/rounds", s.token("bmed"), map[string]any{"townshipCode": townA,
				"date": "2026-03-28", "participants": []string{"王书记"}, "zeroReport": true}), http.StatusCreated, "late township round")
			board := s.do("GET", "/api/v1/screening/board?region="+county+"&month=2026-03", s.token("blead"), nil)
			expectStatus(t, board, http.StatusOK, "board")
			for code, w := range tc.want {
				if got := periodStatuses(boardRow(t, board.Body, code)); !slices.Equal(got, w) {
					t.Errorf("%s: %v, want %v", code, got, w)
				}
			}
			if n := len(board.Body["rows"].([]any)); n < 4 {
				t.Errorf("%d rows", n)
			}
			// the county leader's to-dos are the units overdue in their last ended period (every township of
			// the county but townA, the villages' second half of March), none before the due day
			items := s.do("GET", "/api/v1/todo", s.token("blead"), nil).Body["screening"].([]any)
			var overdue []string
			for _, it := range items {
				if m := it.(map[string]any); m["status"] == "missing" {
					overdue = append(overdue, m["code"].(string))
				}
			}
			for _, code := range tc.overdue {
				if !slices.Contains(overdue, code) {
					t.Errorf("county to-dos %v lack %s", overdue, code)
				}
			}
			if slices.Contains(overdue, townA) || len(overdue) != len(items) || tc.overdue == nil && len(items) > 0 {
				t.Errorf("county to-dos: %v", items)
			}
			expectRefusal(t, s.do("GET", "/api/v1/screening/board?month=2026-05", s.token("blead"), nil), 400, "bad_request", "a month not begun")
			expectRefusal(t, s.do("GET", "/api/v1/screening/board?region="+townC, s.token("blead"), nil), 403, "out_of_region", "another county's board")
			sum := s.do("GET", "/api/v1/screening/summary?region="+county+"&from=2026-03-01&to=2026-03-31", s.token("blead"), nil)
			row := boardRow(t, sum.Body, townA)
			if row["townshipDue"] != 1.0 || row["townshipHeld"] != 1.0 || row["villageDue"] != 4.0 || row["villageHeld"] != 1.0 {
				t.Errorf("summary of %s: %v", townA, row)
			}
		})
	}
}

func ptrInt(n int) *int { return &n }

// A hazard found in a round is registered into the hazard ledger with the round's id, and the round lists
// it; a round of another township, or one the caller cannot see, is refused on roundId and nothing changes.
func TestHazardFromARoundIsListedOnTheRound(t *testing.T) {
	t.Parallel()
	s := startServerAt(t, time.Date(2026, 3, 10, 9, 0, 0, 0, domain.Shanghai))
	med := s.createUser("rh-med", domain.RoleMediator, townA)
	other := s.createUser("rh-other", domain.RoleMediator, townB)
	expectStatus(t, s.putPlaces(med, townA, 0, "月河村", "双乳社区"), http.StatusOK, "places")
	rd := s.do("POST", "/api/v1/screening/rounds", med, roundBody(townA, "2026-03-08", nil))
	expectStatus(t, rd, http.StatusCreated, "round")
	round := rd.Body["id"].(string)

	for _, c := range []struct {
		name, token, town, round string
	}{
		{"unknown round", med, townA, townA + "-PC2026-0099"},
		{"a round of another township", s.admin, townB, round},
		{"a round the caller does not see", other, townB, round},
	} {
		r := s.do("POST", "/api/v1/hazards", c.token, hazardBody(c.town, func(m map[string]any) { m["roundId"] = c.round }))
		expectRefusal(t, r, http.StatusUnprocessableEntity, "validation_failed", c.name)
		if !strings.Contains(string(r.Raw), "roundId") {
			t.Errorf("%s: the refusal does not name roundId: %s", c.name, r.Raw)
		}
	}
	if l := s.do("GET", "/api/v1/hazards", s.admin, nil); l.Body["total"] != 0.0 {
		t.Fatalf("refused hazards were stored: %s", l.Raw)
	}

	h := s.do("POST", "/api/v1/hazards", med, hazardBody(townA, func(m map[string]any) {
		m["title"], m["description"], m["roundId"] = "河堤护栏缺失", "河堤一处护栏缺失", round
	}))
	expectStatus(t, h, http.StatusCreated, "a hazard from the round")
	if h.Body["roundId"] != round {
		t.Errorf("hazard round %v, want %s", h.Body["roundId"], round)
	}
	got := s.do("GET", "/api/v1/screening/rounds/"+round, med, nil)
	if ids, _ := got.Body["hazardIds"].([]any); len(ids) != 1 || ids[0] != h.Body["id"] {
		t.Fatalf("round hazardIds %v, want [%v]", got.Body["hazardIds"], h.Body["id"])
	}
	cfg := s.App.cfg
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s.App.Shutdown(ctx)
	again := startWith(t, cfg, s.clock)
	if ids, _ := again.do("GET", "/api/v1/screening/rounds/"+round, again.token("rh-med"), nil).Body["hazardIds"].([]any); len(ids) != 1 {
		t.Fatalf("after a restart the round lists %v", ids)
	}
}
