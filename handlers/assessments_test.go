package handlers

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"pingan/domain"
)

// assessmentsAt: a Monday in March 2026.
var assessmentsAt = time.Date(2026, 3, 9, 10, 0, 0, 0, domain.Shanghai)

// assessmentBody is a 稳评 of a project in region, assessed on day.
func assessmentBody(region, day, grade, conclusion string, conditions ...string) map[string]any {
	conds := []any{}
	for _, c := range conditions {
		conds = append(conds, map[string]any{"text": c})
	}
	return map[string]any{"project": "月河川道征地拆迁安置", "kind": "land_requisition", "regionCode": region,
		"decidingBody": "汉阴县人民政府", "assessingBody": "汉阴县自然资源局", "assessedOn": day, "grade": grade,
		"conclusion": conclusion, "conditions": conds}
}

// A county leader registers a medium-risk project to be implemented after adjustments with two conditions;
// the township it sits in reads it, a sibling township does not; the follow-up records a condition met, is
// refused closing while one is unmet, goes on the leader's to-do list once its quarterly check is due and
// closes when both are met; a stale version changes nothing; a restart loads the register back.
func TestAssessmentRegisterAndFollowUp(t *testing.T) {
	t.Parallel()
	s := startServerAt(t, assessmentsAt)
	lead := s.createUser("as-lead", domain.RoleLeader, county)
	townMed := s.createUser("as-town", domain.RoleMediator, townA)
	sibling := s.createUser("as-sibling", domain.RolePetition, townB)

	r := s.do("POST", "/api/v1/assessments", lead, assessmentBody(townA, "2026-01-20", "medium", "implement_adjusted",
		"征收补偿方案公示满30日", "设立矛盾纠纷调处小组"))
	expectStatus(t, r, http.StatusCreated, "register")
	id := r.Body["id"].(string)
	if id != county+"-2026-W001" || r.Body["followUp"] != "open" || r.Body["nextReviewOn"] != "2026-04-20" || r.Body["version"] != 1.0 ||
		r.Body["countyCode"] != county || fmt.Sprint(r.Body["allowedActions"]) != "[follow_up close]" {
		t.Fatalf("registered: %s", r.Raw)
	}
	seen := s.do("GET", "/api/v1/assessments/"+id, townMed, nil)
	expectStatus(t, seen, http.StatusOK, "the township reads its own")
	if seen.Body["editable"] != false || len(seen.Body["allowedActions"].([]any)) != 0 {
		t.Fatalf("a township reader is offered: %s", seen.Raw)
	}
	expectRefusal(t, s.do("GET", "/api/v1/assessments/"+id, sibling, nil), http.StatusNotFound, "assessment_not_found", "a sibling township")
	if l := s.do("GET", "/api/v1/assessments", sibling, nil); l.Body["total"] != 0.0 {
		t.Fatalf("a sibling township lists: %s", l.Raw)
	}
	expectRefusal(t, s.do("POST", "/api/v1/assessments/"+id+"/actions", townMed, map[string]any{"action": "follow_up", "version": 1, "text": "x"}),
		http.StatusForbidden, "forbidden", "a township mediator records a follow-up")

	act := func(body map[string]any) response {
		return s.do("POST", "/api/v1/assessments/"+id+"/actions", lead, body)
	}
	r = act(map[string]any{"action": "follow_up", "version": 1, "on": "2026-02-25", "text": "补偿方案已公示30日，无异议", "met": []int{1}})
	expectStatus(t, r, http.StatusOK, "a follow-up record")
	if r.Body["version"] != 2.0 || r.Body["nextReviewOn"] != "2026-05-26" || r.Body["conditions"].([]any)[0].(map[string]any)["metOn"] != "2026-02-25" {
		t.Fatalf("after the record: %s", r.Raw)
	}
	expectRefusal(t, act(map[string]any{"action": "close", "version": 2}), http.StatusConflict, "assessment_conditions_unmet", "close with one unmet")
	expectRefusal(t, act(map[string]any{"action": "follow_up", "version": 1, "text": "迟到的记录"}), http.StatusConflict, "assessment_changed", "a stale version")
	if got := s.do("GET", "/api/v1/assessments/"+id, lead, nil); got.Body["version"] != 2.0 || len(got.Body["followUps"].([]any)) != 1 {
		t.Fatalf("refusals changed it: %s", got.Raw)
	}

	// the quarterly check: due soon 15 days before, overdue after; only those who keep the register see it
	todo := func(token string) []any { return s.do("GET", "/api/v1/todo", token, nil).Body["assessments"].([]any) }
	if got := todo(lead); len(got) != 0 {
		t.Fatalf("to-do before the check is near: %v", got)
	}
	s.clock.Set(time.Date(2026, 5, 27, 9, 0, 0, 0, domain.Shanghai))
	lead = s.token("as-lead")
	got := todo(lead)
	if len(got) != 1 || got[0].(map[string]any)["id"] != id || got[0].(map[string]any)["reason"] != "overdue" || got[0].(map[string]any)["unmet"] != 1.0 {
		t.Fatalf("to-do past the check: %v", got)
	}
	if got := todo(s.token("as-town")); len(got) != 0 {
		t.Fatalf("a township reader's to-do: %v", got)
	}
	r = act(map[string]any{"action": "close", "version": 2, "text": "调处小组已成立并开展工作", "met": []int{2}})
	expectStatus(t, r, http.StatusOK, "close")
	if r.Body["followUp"] != "closed" || r.Body["closedOn"] != "2026-05-27" || fmt.Sprint(r.Body["allowedActions"]) != "[]" {
		t.Fatalf("closed: %s", r.Raw)
	}
	expectRefusal(t, act(map[string]any{"action": "follow_up", "version": 3, "text": "x"}), http.StatusConflict, "assessment_invalid_transition", "a record after closing")
	if got := todo(lead); len(got) != 0 {
		t.Fatalf("to-do after closing: %v", got)
	}

	// an edit adding a condition opens the follow-up again, what was met stays met
	body := assessmentBody(townA, "2026-01-20", "medium", "implement_adjusted")
	body["conditions"] = []any{map[string]any{"n": 1, "text": "征收补偿方案公示满30日"}, map[string]any{"n": 2, "text": "设立矛盾纠纷调处小组"},
		map[string]any{"text": "开工前入户走访全部被征收户"}}
	body["version"] = 3
	r = s.do("PUT", "/api/v1/assessments/"+id, lead, body)
	expectStatus(t, r, http.StatusOK, "edit")
	conds := r.Body["conditions"].([]any)
	if r.Body["followUp"] != "open" || len(conds) != 3 || conds[0].(map[string]any)["met"] != true || conds[2].(map[string]any)["n"] != 3.0 {
		t.Fatalf("edited: %s", r.Raw)
	}
	expectRefusal(t, s.do("PUT", "/api/v1/assessments/"+id, lead, body), http.StatusConflict, "assessment_changed", "an edit on a stale version")

	// every write is in the audit log
	audit := s.do("GET", "/api/v1/audit", s.login("admin", testAdminPassword), nil)
	var actions []string
	for _, e := range audit.Body["items"].([]any) {
		if e.(map[string]any)["target"] == id {
			actions = append(actions, e.(map[string]any)["action"].(string))
		}
	}
	if want := []string{"assessment_update", "assessment_close", "assessment_follow_up", "assessment_create"}; !slices.Equal(actions, want) {
		t.Fatalf("audit entries %v, want %v", actions, want)
	}

	// a restart loads the register back
	before := s.do("GET", "/api/v1/assessments/"+id, lead, nil)
	cfg := s.App.cfg
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s.App.Shutdown(ctx)
	again := startWith(t, cfg, s.clock)
	after := again.do("GET", "/api/v1/assessments/"+id, again.token("as-lead"), nil)
	if !sameJSON(before.Body, after.Body) {
		t.Fatalf("after a restart:\n%s\nwas\n%s", after.Raw, before.Raw)
	}
}

// Every bad input names its field in Chinese, answers 4xx with its own reason, and registers nothing.
func TestAssessmentRefusalsChangeNothing(t *testing.T) {
	t.Parallel()
	s := startServerAt(t, assessmentsAt)
	lead := s.createUser("asr-lead", domain.RoleLeader, county)
	countyMed := s.createUser("asr-med", domain.RoleMediator, county)
	townLead := s.createUser("asr-town", domain.RoleLeader, townA)
	otherCounty := s.createUser("asr-other", domain.RolePetition, "610902")
	ok := assessmentBody(townA, "2026-01-20", "low", "implement")
	with := func(k string, v any) map[string]any {
		b := map[string]any{}
		for key, val := range ok {
			b[key] = val
		}
		b[k] = v
		return b
	}
	for _, tc := range []struct {
		name   string
		token  string
		body   map[string]any
		status int
		reason string
		field  string
	}{
		{"no project", lead, with("project", ""), 422, "validation_failed", "project"},
		{"no deciding body", lead, with("decidingBody", ""), 422, "validation_failed", "decidingBody"},
		{"no assessing body", lead, with("assessingBody", " "), 422, "validation_failed", "assessingBody"},
		{"unknown grade", lead, with("grade", "extreme"), 422, "validation_failed", "grade"},
		{"future date", lead, with("assessedOn", "2026-03-10"), 422, "validation_failed", "assessedOn"},
		{"high risk implemented", lead, with("grade", "high"), 422, "assessment_grade_conclusion", "conclusion"},
		{"adjusted without conditions", lead, with("conclusion", "implement_adjusted"), 422, "validation_failed", "conditions"},
		{"unknown field", lead, with("budget", 1), 400, "bad_request", ""},
		{"county mediator", countyMed, ok, 403, "forbidden", ""},
		{"township leader", townLead, ok, 403, "assessment_not_manager", ""},
		{"another county", otherCounty, ok, 403, "out_of_region", ""},
	} {
		r := s.do("POST", "/api/v1/assessments", tc.token, tc.body)
		expectRefusal(t, r, tc.status, tc.reason, tc.name)
		if tc.field != "" && !slices.Contains(r.fieldErrors(), tc.field) {
			t.Errorf("%s: fields %v, want %s", tc.name, r.fieldErrors(), tc.field)
		}
	}
	if l := s.do("GET", "/api/v1/assessments", s.admin, nil); l.Body["total"] != 0.0 {
		t.Fatalf("refusals registered: %s", l.Raw)
	}
	for _, q := range []string{"year=26", "grade=extreme", "followUp=x", "county=999"} {
		expectRefusal(t, s.do("GET", "/api/v1/assessments?"+q, lead, nil), http.StatusBadRequest, "bad_request", q)
	}
	expectRefusal(t, s.do("GET", "/api/v1/assessments/summary?groupBy=county", lead, nil), http.StatusBadRequest, "bad_request", "a county grouped by county")
	expectRefusal(t, s.do("GET", "/api/v1/assessments/summary?region=610902", lead, nil), http.StatusForbidden, "out_of_region", "another county's summary")
}

// The summary per county (the city) and per township (a county) of a year, and the list's filters.
func TestAssessmentSummaryAndFilters(t *testing.T) {
	t.Parallel()
	s := startServerAt(t, assessmentsAt)
	cityPet := s.createUser("ass-city", domain.RolePetition, "6109")
	lead := s.createUser("ass-lead", domain.RoleLeader, county)
	for _, b := range []map[string]any{
		assessmentBody(townA, "2026-01-05", "high", "reject"),
		assessmentBody(townA, "2026-02-05", "medium", "suspend", "重新论证补偿标准"),
		assessmentBody(county, "2026-02-06", "low", "implement"),
		assessmentBody("610902001", "2026-02-07", "low", "implement_adjusted", "设立信访接待点"),
		assessmentBody(townB, "2025-11-07", "low", "implement"),
	} {
		expectStatus(t, s.do("POST", "/api/v1/assessments", cityPet, b), http.StatusCreated, "register")
	}
	var sum domain.AssessmentSummary
	s.getJSON(cityPet, "/api/v1/assessments/summary?year=2026", &sum)
	if sum.GroupBy != "county" || len(sum.Rows) != 10 || sum.Totals.Total != 4 || sum.Totals.High != 1 || sum.Totals.Suspend != 1 ||
		sum.Totals.FollowUpsOpen != 2 {
		t.Fatalf("city summary: %+v", sum)
	}
	for _, row := range sum.Rows {
		if want := map[string]int{county: 3, "610902": 1}[row.Code]; row.Total != want {
			t.Errorf("%s: %d, want %d", row.Name, row.Total, want)
		}
	}
	sum = domain.AssessmentSummary{}
	s.getJSON(lead, "/api/v1/assessments/summary", &sum)
	if sum.GroupBy != "township" || sum.Totals.Total != 4 || sum.Rows[0].Code != county || !sum.Rows[0].Own || sum.Rows[0].Low != 1 {
		t.Fatalf("county summary: %+v", sum)
	}
	for q, want := range map[string]float64{"": 4, "year=2026": 3, "grade=low": 2, "conclusion=suspend": 1, "followUp=open": 1,
		"township=" + townA: 2, "county=610902": 0, "q=" + "自然资源": 4} {
		if l := s.do("GET", "/api/v1/assessments?"+q, lead, nil); l.Body["total"] != want {
			t.Errorf("list %q: %v, want %v", q, l.Body["total"], want)
		}
	}
	l := s.do("GET", "/api/v1/assessments?pageSize=2&page=2", cityPet, nil)
	if items := l.Body["items"].([]any); l.Body["total"] != 5.0 || len(items) != 2 || items[0].(map[string]any)["assessedOn"] != "2026-02-05" {
		t.Fatalf("page 2: %s", l.Raw)
	}
}
