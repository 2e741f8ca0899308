package handlers

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"pingan/domain"
)

// committeesAt: a Tuesday morning in Ankang.
var committeesAt = time.Date(2026, 3, 3, 9, 0, 0, 0, domain.Shanghai)

// saveRoster saves the committee id with these mediators (as the admin) and returns it.
func (s *testServer) saveRoster(id, kind, region string, names ...string) map[string]any {
	s.t.Helper()
	cur := s.do("GET", "/api/v1/committees/"+id, s.admin, nil)
	expectStatus(s.t, cur, http.StatusOK, "read committee "+id)
	var ms []any
	for _, n := range names {
		ms = append(ms, map[string]any{"name": n, "type": "part_time"})
	}
	r := s.do("PUT", "/api/v1/committees/"+id, s.admin, map[string]any{"name": cur.Body["name"], "kind": kind,
		"regionCode": region, "version": cur.Body["version"], "mediators": ms})
	expectStatus(s.t, r, http.StatusOK, "save committee "+id)
	return r.Body
}

func (s *testServer) seesCase(token, id string) bool {
	s.t.Helper()
	r := s.do("GET", "/api/v1/cases/"+id, token, nil)
	if r.Status != http.StatusOK && r.Status != http.StatusNotFound {
		s.t.Fatalf("GET case %s: %d %s", id, r.Status, r.Raw)
	}
	return r.Status == http.StatusOK
}

func (s *testServer) todoIDs(token string) []string {
	s.t.Helper()
	r := s.do("GET", "/api/v1/todo?pageSize=100", token, nil)
	expectStatus(s.t, r, http.StatusOK, "todo")
	var ids []string
	for _, it := range r.Body["items"].([]any) {
		ids = append(ids, it.(map[string]any)["case"].(map[string]any)["id"].(string))
	}
	return ids
}

// A township mediator picks mediators from the roster; a name not on it is still taken and marked invited
// (特邀调解员). Escalated to the 汉阴县 county committee, the case leaves the township's sight — detail,
// actions, list, search, to-do — and the county's mediators and leaders above both see and work it; the
// report counts it at the township where the dispute arose, before and after.
func TestEscalationMovesTheCaseAndItsScope(t *testing.T) {
	t.Parallel()
	s := startServerAt(t, committeesAt.AddDate(0, 0, 40)) // the case, accepted 40 days ago, is overdue
	town := s.createUser("esc-town", domain.RoleMediator, townA)
	countyMed := s.createUser("esc-county", domain.RoleMediator, county)
	countyLead := s.createUser("esc-lead", domain.RoleLeader, county)
	cityLead := s.createUser("esc-city", domain.RoleLeader, "6109")
	other := s.createUser("esc-other", domain.RoleMediator, townB)
	s.saveRoster(townA, "township", townA, "张敏", "陈大华")

	c := s.register(town, disputeBody(townA, func(m map[string]any) { m["registeredAt"] = "2026-03-03" }))
	c = s.act(town, c, "accept", map[string]any{"at": "2026-03-03T10:00:00+08:00"})
	c = s.act(town, c, "start", map[string]any{"mediators": []string{"张敏", "刘律师"}, "at": "2026-03-04T10:00:00+08:00"})
	if inv := c["dispute"].(map[string]any)["invited"]; !slices.Equal(toStrings(inv), []string{"刘律师"}) {
		t.Fatalf("invited %v, want [刘律师]", inv)
	}
	if hc := c["holdingCommittee"].(map[string]any); hc["id"] != townA || hc["name"] != "蒲溪镇人民调解委员会" {
		t.Fatalf("holding committee %v", hc)
	}
	id := c["id"].(string)

	if !slices.Contains(s.todoIDs(town), id) {
		t.Fatal("the township's to-do list lacks its overdue case")
	}
	c = s.act(town, c, "escalate", map[string]any{"reason": "涉及多户，镇调委会调解未果"})
	if c["status"] != "accepted" || c["heldIn"] != county || c["dispute"].(map[string]any)["committeeName"] != "汉阴县人民调解委员会" {
		t.Fatalf("escalated: status %v held in %v committee %v", c["status"], c["heldIn"], c["dispute"].(map[string]any)["committeeName"])
	}
	last := c["timeline"].([]any)[len(c["timeline"].([]any))-1].(map[string]any)
	if last["action"] != "escalate" || last["note"] != "蒲溪镇人民调解委员会提请上级调解，移交汉阴县人民调解委员会；涉及多户，镇调委会调解未果" {
		t.Fatalf("timeline entry %v", last)
	}

	for _, tc := range []struct {
		who   string
		token string
		sees  bool
	}{{"township mediator", town, false}, {"other township", other, false}, {"county mediator", countyMed, true},
		{"county leader", countyLead, true}, {"city leader", cityLead, true}, {"city admin", s.admin, true}} {
		if got := s.seesCase(tc.token, id); got != tc.sees {
			t.Errorf("%s sees the escalated case: %v, want %v", tc.who, got, tc.sees)
		}
		ids, _ := s.list(tc.token, "kind=dispute&pageSize=100")
		if slices.Contains(ids, id) != tc.sees {
			t.Errorf("%s lists the escalated case: %v, want %v", tc.who, !tc.sees, tc.sees)
		}
		found, _ := s.list(tc.token, "q="+id)
		if slices.Contains(found, id) != tc.sees {
			t.Errorf("%s finds the escalated case by number: %v, want %v", tc.who, !tc.sees, tc.sees)
		}
	}
	if slices.Contains(s.todoIDs(town), id) || !slices.Contains(s.todoIDs(countyMed), id) {
		t.Error("the to-do lists did not follow the case to the county")
	}
	expectRefusal(t, s.actRaw(town, c, "start", map[string]any{"mediators": []string{"张敏"}}), http.StatusNotFound, "case_not_found", "the township acting on the escalated case")
	expectRefusal(t, s.actRaw(countyMed, c, "escalate", map[string]any{"reason": "再上报"}), http.StatusConflict, "invalid_transition", "escalating past the county")

	// the county committee mediates; its roster is not kept, so nobody is marked invited
	c = s.act(countyMed, c, "start", map[string]any{"mediators": []string{"县调委会王主任"}})
	if inv := c["dispute"].(map[string]any)["invited"]; inv != nil {
		t.Errorf("invited %v with no roster kept", inv)
	}
	s.act(countyMed, c, "resolve", map[string]any{"agreement": map[string]any{"type": "written", "terms": "砂场赔偿五户损失。", "createsObligations": true}})

	// the report counts the dispute where it arose (属地): the township's row, for the county and the city
	for _, region := range []string{county, "6109"} {
		r := s.do("GET", "/api/v1/reports/resolution?region="+region+"&groupBy=township", cityLead, nil)
		expectStatus(t, r, http.StatusOK, "report")
		d := rowOf(t, r.Body, townA)["disputes"].(map[string]any)
		if d["accepted"] != 1.0 || d["resolved"] != 1.0 || d["pending"] != 0.0 {
			t.Errorf("report of %s, row %s: %v", region, townA, d)
		}
	}
	r := s.do("GET", "/api/v1/reports/resolution?region="+townA, town, nil)
	expectStatus(t, r, http.StatusOK, "township report")
	if d := r.Body["totals"].(map[string]any)["disputes"].(map[string]any); d["resolved"] != 1.0 {
		t.Errorf("the township's own report: %v", d)
	}
}

func toStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

// Transfer (移交) goes to any active committee that takes disputes of the township: a village committee
// under it (the township still sees the case), a professional committee of the county (it does not); and
// is refused, naming the field, for unknown, stopped, foreign or the same committee.
func TestTransferBetweenCommittees(t *testing.T) {
	t.Parallel()
	s := startServerAt(t, committeesAt)
	town := s.createUser("tr-town", domain.RoleMediator, townA)
	countyMed := s.createUser("tr-county", domain.RoleMediator, county)
	newCommittee := func(token string, body map[string]any) map[string]any {
		r := s.do("POST", "/api/v1/committees", token, body)
		expectStatus(t, r, http.StatusCreated, "new committee")
		return r.Body
	}
	village := newCommittee(countyMed, map[string]any{"name": "月河村人民调解委员会", "kind": "village", "village": "月河村",
		"regionCode": townA, "mediators": []any{map[string]any{"name": "陈大华", "type": "part_time", "phone": "13800001111"}}})
	medical := newCommittee(countyMed, map[string]any{"name": "汉阴县医疗纠纷人民调解委员会", "kind": "professional", "field": "medical",
		"regionCode": county, "mediators": []any{map[string]any{"name": "周医生", "type": "full_time"}}})
	stopped := newCommittee(s.admin, map[string]any{"name": "汉阴县交通事故人民调解委员会", "kind": "professional", "field": "traffic",
		"regionCode": county, "active": false})
	foreign := newCommittee(s.admin, map[string]any{"name": "汉滨区医疗纠纷人民调解委员会", "kind": "professional", "field": "medical",
		"regionCode": "610902"})
	if village["id"] != townA+"-C001" || medical["id"] != county+"-C001" {
		t.Fatalf("committee ids %v %v", village["id"], medical["id"])
	}

	tb, _ := s.App.regions.Get(townB)
	townBName := tb.Name
	c := s.register(town, disputeBody(townA, nil))
	for _, tc := range []struct{ committee, msg string }{
		{"610921-C999", "人民调解委员会「610921-C999」不存在"},
		{stopped["id"].(string), "汉阴县交通事故人民调解委员会已停用"},
		{foreign["id"].(string), "汉滨区医疗纠纷人民调解委员会不受理蒲溪镇的纠纷"},
		{townA, "案件已由蒲溪镇人民调解委员会办理"},
		{townB, townBName + "人民调解委员会不受理蒲溪镇的纠纷"},
	} {
		r := s.actRaw(town, c, "transfer", map[string]any{"committee": tc.committee, "reason": "就近调解"})
		if r.Status != http.StatusUnprocessableEntity || !slices.Equal(r.fieldMessages(), []string{"committee: " + tc.msg}) {
			t.Errorf("transfer to %s: %d %s", tc.committee, r.Status, r.Raw)
		}
	}
	expectRefusal(t, s.actRaw(town, c, "transfer", map[string]any{"committee": medical["id"]}), http.StatusUnprocessableEntity, "validation_failed", "a transfer without a reason")

	c = s.act(town, c, "transfer", map[string]any{"committee": village["id"], "reason": "双方同村，由村调委会就近调解"})
	if c["heldIn"] != townA || !s.seesCase(town, c["id"].(string)) {
		t.Fatalf("moved to the village committee the case is held in %v", c["heldIn"])
	}
	c = s.act(town, c, "accept", nil)
	c = s.act(town, c, "start", map[string]any{"mediators": []string{"陈大华"}})
	if c["dispute"].(map[string]any)["invited"] != nil {
		t.Errorf("a mediator of the village roster marked invited: %v", c["dispute"])
	}
	// escalating from the village goes to its township's committee
	c = s.act(town, c, "escalate", map[string]any{"reason": "村调委会调解未果"})
	if c["holdingCommittee"].(map[string]any)["id"] != townA || c["status"] != "accepted" {
		t.Fatalf("escalated from the village: %v %v", c["holdingCommittee"], c["status"])
	}
	// a named committee must be one level up
	r := s.actRaw(town, c, "escalate", map[string]any{"reason": "再上报", "committee": village["id"]})
	if r.Status != http.StatusUnprocessableEntity || !slices.Equal(r.fieldErrors(), []string{"committee"}) {
		t.Errorf("escalating to a village committee: %d %s", r.Status, r.Raw)
	}
	c = s.act(town, c, "transfer", map[string]any{"committee": medical["id"], "reason": "属医疗纠纷，移交医调委"})
	if c["heldIn"] != county || s.seesCase(town, c["id"].(string)) || !s.seesCase(countyMed, c["id"].(string)) {
		t.Fatalf("moved to the county's medical committee: held in %v", c["heldIn"])
	}
	moves := c["dispute"].(map[string]any)["moves"].([]any)
	var kinds []string
	for _, m := range moves {
		kinds = append(kinds, m.(map[string]any)["kind"].(string)+":"+m.(map[string]any)["toName"].(string))
	}
	if !slices.Equal(kinds, []string{"transfer:月河村人民调解委员会", "escalate:蒲溪镇人民调解委员会", "transfer:汉阴县医疗纠纷人民调解委员会"}) {
		t.Errorf("moves %v", kinds)
	}
	// and back down to the township: it sees the case again
	c = s.act(countyMed, c, "transfer", map[string]any{"committee": townA, "reason": "医疗责任已鉴定，由镇调委会调解赔偿"})
	if c["heldIn"] != townA || !s.seesCase(town, c["id"].(string)) {
		t.Errorf("transferred back: held in %v", c["heldIn"])
	}
}

// The registry's own rules: who keeps it, what each kind of committee needs, versions.
func TestCommitteeRegistryRules(t *testing.T) {
	t.Parallel()
	s := startServerAt(t, committeesAt)
	town := s.createUser("cr-town", domain.RoleMediator, townA)
	countyMed := s.createUser("cr-county", domain.RoleMediator, county)
	ok := map[string]any{"name": "月河村人民调解委员会", "kind": "village", "village": "月河村", "regionCode": townA}
	expectRefusal(t, s.do("POST", "/api/v1/committees", town, ok), http.StatusForbidden, "forbidden", "a township mediator keeping the registry")
	outside := map[string]any{"name": "某村人民调解委员会", "kind": "village", "village": "某村", "regionCode": townC}
	expectRefusal(t, s.do("POST", "/api/v1/committees", countyMed, outside), http.StatusForbidden, "out_of_region", "a committee in another county")
	for _, tc := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"name": "蒲溪镇医调委", "kind": "professional", "regionCode": county}, "field"},
		{map[string]any{"name": "县调委会", "kind": "county", "regionCode": townA}, "regionCode"},
		{map[string]any{"name": "某村", "kind": "village", "regionCode": townA}, "village"},
		{map[string]any{"name": "某村", "kind": "village", "village": "某村", "regionCode": "999999"}, "regionCode"},
		{map[string]any{"name": "", "kind": "township", "regionCode": townA}, "name"},
		{map[string]any{"name": "某村", "kind": "village", "village": "某村", "regionCode": townA,
			"mediators": []any{map[string]any{"name": "甲", "type": "full_time"}, map[string]any{"name": "甲", "type": "part_time"}}}, "mediators[1].name"},
		{map[string]any{"name": "某村", "kind": "village", "village": "某村", "regionCode": townA,
			"mediators": []any{map[string]any{"name": "甲", "type": "full_time", "phone": "123"}}}, "mediators[0].phone"},
	} {
		r := s.do("POST", "/api/v1/committees", countyMed, tc.body)
		if r.Status != http.StatusUnprocessableEntity || !slices.Contains(r.fieldErrors(), tc.field) {
			t.Errorf("%v: %d %s, want 422 on %s", tc.body, r.Status, r.Raw, tc.field)
		}
	}
	// a derived committee keeps its kind and region; versions guard concurrent edits
	r := s.do("PUT", "/api/v1/committees/"+townA, countyMed, map[string]any{"name": "蒲溪镇人民调解委员会", "kind": "village", "village": "x", "regionCode": townA})
	expectRefusal(t, r, http.StatusUnprocessableEntity, "validation_failed", "changing a derived committee's kind")
	saved := s.saveRoster(townA, "township", townA, "张敏")
	r = s.do("PUT", "/api/v1/committees/"+townA, countyMed, map[string]any{"name": "蒲溪镇人民调解委员会", "kind": "township", "regionCode": townA, "version": 0})
	expectRefusal(t, r, http.StatusConflict, "committee_changed", "a stale version")
	if saved["version"] != 1.0 {
		t.Errorf("saved version %v", saved["version"])
	}
	expectRefusal(t, s.do("GET", "/api/v1/committees/"+townC, town, nil), http.StatusNotFound, "committee_not_found", "another county's committee")
	// the township mediator reads its committees and those above it, not its neighbours'
	r = s.do("GET", "/api/v1/committees", town, nil)
	expectStatus(t, r, http.StatusOK, "list")
	var ids []string
	for _, it := range r.Body["items"].([]any) {
		ids = append(ids, it.(map[string]any)["id"].(string))
	}
	if !slices.Equal(ids, []string{county, townA}) {
		t.Errorf("the township mediator reads %v", ids)
	}
}

// A dispute referred out (移送) to the police before acceptance is not counted; after acceptance it ends the
// mediation as 调解不成. The result reported back closes it. Intake may name the committee; a risk level left
// out is derived and marked so.
func TestReferOutIntakeCommitteeAndDerivedRisk(t *testing.T) {
	t.Parallel()
	s := startServerAt(t, committeesAt)
	town := s.createUser("ro-town", domain.RoleMediator, townA)
	countyMed := s.createUser("ro-county", domain.RoleMediator, county)
	lead := s.createUser("ro-lead", domain.RoleLeader, county)

	early := s.register(town, disputeBody(townA, nil))
	early = s.act(town, early, "refer_out", map[string]any{"referTo": "police", "referUnit": "蒲溪派出所", "reason": "涉嫌治安案件"})
	late := s.register(town, disputeBody(townA, nil))
	late = s.act(town, late, "accept", nil)
	late = s.act(town, late, "refer_out", map[string]any{"referTo": "court", "reason": "当事人坚持诉讼"})
	if early["status"] != "referred" || late["outcome"] != "failed" || early["outcome"] != nil {
		t.Fatalf("referred: %v/%v %v/%v", early["status"], early["outcome"], late["status"], late["outcome"])
	}
	expectRefusal(t, s.actRaw(town, early, "referral_result", nil), http.StatusUnprocessableEntity, "validation_failed", "a result without a note")
	early = s.act(town, early, "referral_result", map[string]any{"note": "派出所已依法处理"})
	if early["status"] != "closed" || early["dispute"].(map[string]any)["referral"].(map[string]any)["result"] != "派出所已依法处理" {
		t.Fatalf("result: %v %v", early["status"], early["dispute"])
	}
	r := s.do("GET", "/api/v1/reports/resolution?region="+county+"&groupBy=township", lead, nil)
	expectStatus(t, r, http.StatusOK, "report")
	d := rowOf(t, r.Body, townA)["disputes"].(map[string]any)
	if d["registered"] != 2.0 || d["accepted"] != 1.0 || d["failed"] != 1.0 || d["pending"] != 0.0 {
		t.Errorf("report row: %v", d)
	}

	// intake naming a committee; a committee that does not take the township's disputes is refused
	held := s.register(countyMed, disputeBody(townA, func(m map[string]any) { m["dispute"] = map[string]any{"source": "application", "committee": county} }))
	if held["heldIn"] != county || s.seesCase(town, held["id"].(string)) {
		t.Errorf("registered with the county committee: held in %v", held["heldIn"])
	}
	bad := s.do("POST", "/api/v1/cases", countyMed, disputeBody(townA, func(m map[string]any) {
		m["dispute"] = map[string]any{"source": "application", "committee": "610902"}
	}))
	expectRefusal(t, bad, http.StatusUnprocessableEntity, "validation_failed", "intake with another county's committee")
	if !slices.Equal(bad.fieldMessages(), []string{"dispute.committee: 汉滨区人民调解委员会不受理蒲溪镇的纠纷"}) {
		t.Errorf("field errors %v", bad.fieldMessages())
	}

	// risk: given stays; left out is derived (5+ people → 橙) and marked
	for _, tc := range []struct {
		mut     func(m map[string]any)
		risk    string
		derived bool
	}{
		{nil, "yellow", false},
		{func(m map[string]any) { delete(m, "riskLevel"); m["category"] = "neighbor" }, "blue", true},
		{func(m map[string]any) { delete(m, "riskLevel"); m["peopleInvolved"] = 6 }, "orange", true},
		{func(m map[string]any) { delete(m, "riskLevel"); m["peopleInvolved"] = 40 }, "red", true},
		{func(m map[string]any) { delete(m, "riskLevel") }, "yellow", true}, // 宅基地
	} {
		c := s.register(town, disputeBody(townA, tc.mut))
		if c["riskLevel"] != tc.risk || (c["riskDerived"] == true) != tc.derived {
			t.Errorf("risk %v derived %v, want %s %v", c["riskLevel"], c["riskDerived"], tc.risk, tc.derived)
		}
	}
}

// fieldMessages lists a validation error's fields as "field: message".
func (r response) fieldMessages() []string {
	e, _ := r.Body["error"].(map[string]any)
	fields, _ := e["fields"].([]any)
	var out []string
	for _, f := range fields {
		m, _ := f.(map[string]any)
		out = append(out, m["field"].(string)+": "+m["message"].(string))
	}
	return out
}
