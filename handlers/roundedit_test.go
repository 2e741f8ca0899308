package handlers

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"pingan/domain"
)

// correction is the body of PUT /screening/rounds/{id}: the round as read, at its version, changed by mut.
func correction(round map[string]any, reason string, mut func(m map[string]any)) map[string]any {
	m := map[string]any{"version": round["version"], "reason": reason}
	for _, k := range []string{"date", "participants", "places", "zeroReport", "hazards", "prevented", "preventedNote", "note"} {
		if v, ok := round[k]; ok {
			m[k] = v
		}
	}
	if mut != nil {
		mut(m)
	}
	return m
}

// screeningTotals are the 排查 totals of the resolution report of region over [from, to].
func screeningTotals(t *testing.T, s *testServer, region, from, to string) map[string]any {
	t.Helper()
	r := s.do("GET", "/api/v1/reports/resolution?region="+region+"&from="+from+"&to="+to, s.admin, nil)
	expectStatus(t, r, http.StatusOK, "report "+from)
	return r.Body["totals"].(map[string]any)["screening"].(map[string]any)
}

// A round is corrected in place, against its version and with a reason: its history says who, when, why
// and what changed; the disputes found stay; a date moved to another period moves the round's figures in
// the report, the summary and the board; a correction past the due day is marked late; every refusal has
// its own reason and changes nothing.
func TestRoundCorrection(t *testing.T) {
	t.Parallel()
	s := startServerAt(t, time.Date(2026, 3, 10, 9, 0, 0, 0, domain.Shanghai))
	med := s.createUser("ce-med", domain.RoleMediator, townA)
	lead := s.createUser("ce-lead", domain.RoleLeader, county)
	countyAdmin := s.createUser("ce-cadmin", domain.RoleAdmin, county)
	other := s.createUser("ce-other", domain.RoleMediator, townB)
	expectStatus(t, s.putPlaces(med, townA, 0, "月河村", "双乳社区"), http.StatusOK, "places")
	rd := s.do("POST", "/api/v1/screening/rounds", med, roundBody(townA, "2026-03-08", nil))
	expectStatus(t, rd, http.StatusCreated, "round")
	id := rd.Body["id"].(string)
	path := "/api/v1/screening/rounds/" + id
	if rd.Body["version"] != 1.0 || len(rd.Body["corrections"].([]any)) != 0 {
		t.Fatalf("a new round: version %v, corrections %v", rd.Body["version"], rd.Body["corrections"])
	}
	todoBefore := string(s.do("GET", "/api/v1/todo", med, nil).Raw)

	refusals := []struct {
		what   string
		token  string
		mut    func(m map[string]any)
		status int
		reason string
		field  string
	}{
		{"no reason", med, func(m map[string]any) { m["reason"] = " " }, 422, "validation_failed", "reason"},
		{"a round that found disputes made a 零报告", med, func(m map[string]any) {
			m["zeroReport"], m["hazards"], m["prevented"], m["preventedNote"] = true, []string{}, 0, ""
		}, 422, "round_zero_report_has_cases", "zeroReport"},
		{"dated tomorrow", med, func(m map[string]any) { m["date"] = "2026-03-11" }, 422, "round_date_out_of_range", "date"},
		{"dated over 90 days back", med, func(m map[string]any) { m["date"] = "2025-12-01" }, 422, "round_date_out_of_range", "date"},
		{"a place not on the list", med, func(m map[string]any) { m["places"] = []string{"外村"} }, 422, "round_place_unknown", "places[0]"},
		{"no participants", med, func(m map[string]any) { m["participants"] = []string{} }, 422, "validation_failed", "participants"},
		{"prevented without a note", med, func(m map[string]any) { m["preventedNote"] = "" }, 422, "validation_failed", "preventedNote"},
		{"a stale version", med, func(m map[string]any) { m["version"] = 2; m["note"] = "补充" }, 409, "round_changed", ""},
		{"nothing changed", med, nil, 409, "round_unchanged", ""},
		{"disputes are corrected on the cases", med, func(m map[string]any) { m["disputes"] = []any{} }, 400, "bad_request", ""},
		{"the unit stays", med, func(m map[string]any) { m["village"] = "双乳社区" }, 400, "bad_request", ""},
		{"a leader", lead, func(m map[string]any) { m["note"] = "补充" }, 403, "forbidden", ""},
		{"another township's mediator", other, func(m map[string]any) { m["note"] = "补充" }, 404, "round_not_found", ""},
	}
	for _, tc := range refusals {
		r := s.do("PUT", path, tc.token, correction(rd.Body, "漏填", tc.mut))
		expectRefusal(t, r, tc.status, tc.reason, tc.what)
		if tc.field != "" && !slices.Contains(r.fieldErrors(), tc.field) {
			t.Errorf("%s: fields %v, want %s", tc.what, r.fieldErrors(), tc.field)
		}
	}
	if got := s.do("GET", path, med, nil); got.Body["version"] != 1.0 || len(got.Body["corrections"].([]any)) != 0 {
		t.Fatalf("refused corrections changed the round: %s", got.Raw)
	}

	// the village clerk adds a participant she forgot: in time, the disputes stay
	c1 := s.do("PUT", path, med, correction(rd.Body, "漏填参加人员", func(m map[string]any) {
		m["participants"] = []string{"王书记", "李调解", "张会计"}
	}))
	expectStatus(t, c1, http.StatusOK, "first correction")
	hist := c1.Body["corrections"].([]any)
	if c1.Body["version"] != 2.0 || len(hist) != 1 || len(c1.Body["caseIds"].([]any)) != 1 || len(c1.Body["cases"].([]any)) != 1 {
		t.Fatalf("after the first correction: %s", c1.Raw)
	}
	h := hist[0].(map[string]any)
	ch := h["changes"].([]any)
	if h["reason"] != "漏填参加人员" || h["late"] != false || h["version"] != 2.0 || h["by"].(map[string]any)["id"] != "ce-med" ||
		len(ch) != 1 || ch[0].(map[string]any)["field"] != "participants" || ch[0].(map[string]any)["to"] != "王书记、李调解、张会计" {
		t.Errorf("history entry: %v", h)
	}
	if todo := string(s.do("GET", "/api/v1/todo", med, nil).Raw); todo != todoBefore {
		t.Errorf("a correction changed the to-do:\n%s\n%s", todoBefore, todo)
	}
	expectRefusal(t, s.do("PUT", path, med, correction(rd.Body, "再改", func(m map[string]any) { m["note"] = "x" })),
		409, "round_changed", "a correction on the version read before the last one")

	mar := screeningTotals(t, s, county, "2026-03-01", "2026-03-31")
	if mar["rounds"] != 1.0 || mar["disputesFound"] != 1.0 || mar["hazardsFound"] != 1.0 {
		t.Fatalf("March before the date moves: %v", mar)
	}
	// the county corrects the date into February, past February's due day: the round counts there, late
	c2 := s.do("PUT", path, countyAdmin, correction(c1.Body, "排查日期填错，实为2月27日", func(m map[string]any) {
		m["date"] = "2026-02-27"
		m["hazards"] = []string{"河堤一处护栏缺失", "村道边坡松动"}
	}))
	expectStatus(t, c2, http.StatusOK, "the county's correction")
	last := c2.Body["corrections"].([]any)[1].(map[string]any)
	var fields []string
	for _, c := range last["changes"].([]any) {
		fields = append(fields, c.(map[string]any)["field"].(string))
	}
	if c2.Body["version"] != 3.0 || last["late"] != true || !slices.Equal(fields, []string{"date", "hazards"}) ||
		last["by"].(map[string]any)["id"] != "ce-cadmin" {
		t.Errorf("the county's correction: %v", last)
	}
	if mar := screeningTotals(t, s, county, "2026-03-01", "2026-03-31"); mar["rounds"] != 0.0 || mar["disputesFound"] != 0.0 {
		t.Errorf("March after the date moved out: %v", mar)
	}
	if feb := screeningTotals(t, s, county, "2026-02-01", "2026-02-28"); feb["rounds"] != 1.0 || feb["disputesFound"] != 1.0 || feb["hazardsFound"] != 2.0 || feb["prevented"] != 1.0 {
		t.Errorf("February after the date moved in: %v", feb)
	}
	if l := s.do("GET", "/api/v1/screening/rounds?region="+county+"&from=2026-02-01&to=2026-02-28", lead, nil); l.Body["total"] != 1.0 {
		t.Errorf("February's rounds: %s", l.Raw)
	}
	sum := s.do("GET", "/api/v1/screening/summary?region="+county+"&from=2026-02-01&to=2026-02-28", lead, nil)
	for _, row := range sum.Body["rows"].([]any) {
		if r := row.(map[string]any); r["code"] == townA && r["villageHeld"] != 1.0 {
			t.Errorf("February's summary of %s: %v", townA, r)
		}
	}
	board := s.do("GET", "/api/v1/screening/board?region="+townA+"&month=2026-02", lead, nil).Body
	if got := periodStatuses(boardRow(t, board, townA+"/月河村")); !slices.Equal(got, []string{"missing", "late"}) {
		t.Errorf("月河村's February periods %v, want missing and late (recorded 10 March)", got)
	}

	// the audit log keeps each correction, with its reason
	var logged []string
	for _, it := range s.do("GET", "/api/v1/audit", s.admin, nil).Body["items"].([]any) {
		if e := it.(map[string]any); e["action"] == "round_correct" && e["target"] == id {
			logged = append(logged, e["detail"].(string))
		}
	}
	if len(logged) != 2 || !slices.ContainsFunc(logged, func(d string) bool {
		return strings.Contains(d, "逾期更正") && strings.Contains(d, "实为2月27日")
	}) {
		t.Errorf("audit of the corrections: %v", logged)
	}

	// a hazard the ledger took from the round stays on it, and keeps it from becoming a 零报告
	hz := s.do("POST", "/api/v1/hazards", med, hazardBody(townA, func(m map[string]any) { m["roundId"] = id }))
	expectStatus(t, hz, http.StatusCreated, "a hazard from the round")
	c3 := s.do("PUT", path, med, correction(c2.Body, "备注补充", func(m map[string]any) { m["note"] = "已报镇综治中心" }))
	expectStatus(t, c3, http.StatusOK, "a correction after the ledger took a hazard")
	if ids := c3.Body["hazardIds"].([]any); len(ids) != 1 || ids[0] != hz.Body["id"] {
		t.Errorf("hazardIds after the correction: %v", ids)
	}

	// the corrected round and its history are there after a restart
	cfg := s.App.cfg
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s.App.Shutdown(ctx)
	again := startWith(t, cfg, s.clock)
	got := again.do("GET", path, again.token("ce-med"), nil)
	if got.Body["version"] != 4.0 || got.Body["date"] != "2026-02-27" || len(got.Body["corrections"].([]any)) != 3 {
		t.Errorf("after a restart: %s", got.Raw)
	}
	if feb := screeningTotals(t, again, county, "2026-02-01", "2026-02-28"); feb["rounds"] != 1.0 {
		t.Errorf("February after a restart: %v", feb)
	}
}

// Two corrections of the same version at once: one is stored, the other is refused 409 round_changed, and the
// round's history holds the one stored.
func TestConcurrentRoundCorrectionsStoreOne(t *testing.T) {
	t.Parallel()
	s := startServerAt(t, time.Date(2026, 3, 10, 9, 0, 0, 0, domain.Shanghai))
	med := s.createUser("cc-med", domain.RoleMediator, townA)
	expectStatus(t, s.putPlaces(med, townA, 0, "月河村"), http.StatusOK, "places")
	rd := s.do("POST", "/api/v1/screening/rounds", med, map[string]any{"townshipCode": townA, "date": "2026-03-09",
		"participants": []string{"王书记"}, "zeroReport": true})
	expectStatus(t, rd, http.StatusCreated, "round")
	path := "/api/v1/screening/rounds/" + rd.Body["id"].(string)
	statuses := make([]int, 2)
	var wg sync.WaitGroup
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := s.do("PUT", path, med, correction(rd.Body, fmt.Sprintf("第%d人的更正", i), func(m map[string]any) {
				m["participants"] = []string{"王书记", fmt.Sprintf("调解员%d", i)}
			}))
			statuses[i] = r.Status
			if r.Status == http.StatusConflict && r.reason() != "round_changed" {
				t.Errorf("the refused correction: %s", r.Raw)
			}
		}()
	}
	wg.Wait()
	slices.Sort(statuses)
	if !slices.Equal(statuses, []int{http.StatusOK, http.StatusConflict}) {
		t.Fatalf("statuses %v, want one 200 and one 409", statuses)
	}
	got := s.do("GET", path, med, nil)
	if got.Body["version"] != 2.0 || len(got.Body["corrections"].([]any)) != 1 {
		t.Errorf("after two concurrent corrections: %s", got.Raw)
	}
}
