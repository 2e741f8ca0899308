package handlers

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"pingan/domain"
)

// Backlog cases as they are worked, over HTTP with an injected clock: the county's petition office assigns,
// the township signs (late), objects (decided both ways), works, applies for clearance, is sent back and
// cleared; the case comes back (反弹) with a new deadline and the first clearance stays in its period.
func TestBacklogCaseAsWorked(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, domain.Shanghai) // a Monday
	s := startServerAt(t, t0)
	s.createUser("hy-office", domain.RolePetition, county) // 汉阴县信访局
	s.createUser("hy-town", domain.RolePetition, townA)
	s.createUser("hy-town2", domain.RolePetition, townB)
	s.createUser("hy-lead", domain.RoleLeader, county)
	office := func() string { return s.tokenNow("hy-office") }
	town := func() string { return s.tokenNow("hy-town") }
	at := func(days int, h int) time.Time { return t0.AddDate(0, 0, days).Add(time.Duration(h) * time.Hour) }
	set := func(tm time.Time) { s.clock.Set(tm) }

	// A township that enters the 交办单 it received records a case of its county's office: it signs for the
	// case and applies for clearance, the county clears it.
	own := s.register(town(), petitionBody(townA, func(m map[string]any) {
		m["petition"] = map[string]any{"assignedBy": "county", "batch": "纸质交办单"}
	}))
	if own["petition"].(map[string]any)["assignerRegion"] != county || !slices.Contains(anyStrings(own["allowedActions"]), "accept") {
		t.Fatalf("a township's entry: assigner %v, actions %v", own["petition"], own["allowedActions"])
	}
	own = s.act(town(), own, "accept", nil)
	own = s.act(town(), own, "assign", map[string]any{"leadLeader": map[string]any{"name": "李镇长", "post": "镇长"}})
	own = s.act(town(), own, "resolve", map[string]any{"resolutionType": "ceased"})
	own = s.act(town(), own, "apply_clear", nil)
	expectRefusal(t, s.actRaw(town(), own, "clear", nil), http.StatusForbidden, "not_assigning_office", "the township clears the case it entered")
	// the office assigns with its deadline
	due := t0.AddDate(0, 0, 60)
	p := s.register(office(), petitionBody(townA, func(m map[string]any) {
		m["petition"] = map[string]any{"assignedBy": "county", "batch": "2026年第一批", "dueAt": due.Format(time.RFC3339),
			"material": "县委信访联席办交办单"}
		m["category"] = "natural_resources"
	}))
	pi := p["petition"].(map[string]any)
	if p["status"] != "received" || pi["assignerRegion"] != county || p["dueAt"] == nil || p["category"] != "natural_resources" {
		t.Fatalf("assigned: %v %v %v", p["status"], pi["assignerRegion"], p["dueAt"])
	}
	// the township sees it to sign for; the office does not sign for it
	if reasons := s.todoReasons(town(), p["id"].(string)); !reasons["accept_due"] {
		t.Errorf("the township's to-do lacks 待签收: %v", reasons)
	}
	set(at(1, 0))
	expectRefusal(t, s.actRaw(office(), p, "accept", nil), http.StatusForbidden, "not_handling_unit", "the office signs for its own case")

	// 异议退回 within 5 working days, decided by 改交 (clock kept) to the second township
	set(at(2, 0))
	p = s.act(town(), p, "return", map[string]any{"reason": "争议土地不在本镇辖区"})
	if reasons := s.todoReasons(office(), p["id"].(string)); !reasons["return_pending"] {
		t.Errorf("the office's to-do lacks 退回待处理: %v", reasons)
	}
	expectRefusal(t, s.actRaw(town(), p, "reassign", map[string]any{"townshipCode": townB, "keepClock": true}),
		http.StatusForbidden, "not_assigning_office", "the township reassigns")
	set(at(3, 0))
	p = s.act(office(), p, "reassign", map[string]any{"townshipCode": townB, "keepClock": true, "note": "改交属地办理"})
	if p["status"] != "received" || p["townshipCode"] != townB {
		t.Fatalf("reassigned: %v %v", p["status"], p["townshipCode"])
	}
	// the first township loses sight of it, the second signs for it late (more than 3 days after the reassignment)
	expectRefusal(t, s.do("GET", "/api/v1/cases/"+p["id"].(string), town(), nil), http.StatusNotFound, "case_not_found", "the old township reads it")
	town2 := func() string { return s.tokenNow("hy-town2") }
	set(at(3+domain.DefaultSignDays, 2))
	// overdue while not yet signed: the clock runs from 交办
	set(due.Add(time.Hour))
	if rep := s.do("GET", "/api/v1/reports/resolution?region="+county, s.tokenNow("hy-lead"), nil); jsonAt(rep.Body, "totals.petitions.overdue").(float64) != 1 {
		t.Errorf("an unsigned case past its deadline is not overdue: %v", jsonAt(rep.Body, "totals.petitions"))
	}
	p = s.act(town2(), p, "accept", nil)
	if p["petition"].(map[string]any)["signedLate"] != true {
		t.Errorf("signed late, not marked: %v", p["petition"])
	}

	// an extension by the office (reason required), then 三包 and 化解
	expectRefusal(t, s.actRaw(office(), p, "extend", map[string]any{"days": 20}), http.StatusUnprocessableEntity, "validation_failed", "an extension without a reason")
	p = s.act(office(), p, "extend", map[string]any{"days": 20, "reason": "需协调自然资源部门，已告知信访人"})
	p = s.act(town2(), p, "assign", map[string]any{"leadLeader": map[string]any{"name": "刘建国", "post": "镇长"},
		"responsibleUnit": "新城街道综治中心", "responsiblePerson": "王五"})
	p = s.act(town2(), p, "change_lead", map[string]any{"responsiblePerson": "赵六"})
	p = s.act(town2(), p, "resolve", map[string]any{"resolutionType": "ceased", "materials": []map[string]any{{"type": "commitment"}}})
	// 销号 is the office's review, never the township's own act
	expectRefusal(t, s.actRaw(town2(), p, "clear", nil), http.StatusForbidden, "not_assigning_office", "the township clears its own case")
	set(due.AddDate(0, 0, 2))
	p = s.act(town2(), p, "apply_clear", map[string]any{"note": "信访人已签署息诉罢访承诺书"})
	dueBefore, _ := time.Parse(time.RFC3339, p["dueAt"].(string))
	if reasons := s.todoReasons(office(), p["id"].(string)); !reasons["review_pending"] {
		t.Errorf("the office's to-do lacks 待审核: %v", reasons)
	}
	set(due.AddDate(0, 0, 7)) // five days in review: the deadline moves on by them when sent back
	p = s.act(office(), p, "reject_clear", map[string]any{"reason": "承诺书未签字"})
	dueAfter, _ := time.Parse(time.RFC3339, p["dueAt"].(string))
	if p["status"] != "resolving" || dueAfter.Sub(dueBefore) != 5*24*time.Hour {
		t.Errorf("sent back: %v, due moved by %v", p["status"], dueAfter.Sub(dueBefore))
	}
	if reasons := s.todoReasons(town2(), p["id"].(string)); !reasons["sent_back"] {
		t.Errorf("the township's to-do lacks 审核退回: %v", reasons)
	}
	p = s.act(town2(), p, "resolve", map[string]any{"resolutionType": "ceased"})
	p = s.act(town2(), p, "apply_clear", nil)
	cleared := due.AddDate(0, 0, 10)
	set(cleared)
	p = s.act(office(), p, "clear", map[string]any{"note": "材料齐全，同意销号"})
	if p["status"] != "cleared" {
		t.Fatalf("cleared: %v", p["status"])
	}

	// 反弹: a new deadline set by the office; the clearance stays in its month's figures
	set(cleared.AddDate(0, 1, 0))
	expectRefusal(t, s.actRaw(office(), p, "reopen", map[string]any{"reason": "信访人再次来访"}), http.StatusUnprocessableEntity, "validation_failed", "a reopening without a new deadline")
	newDue := cleared.AddDate(0, 3, 0)
	p = s.act(office(), p, "reopen", map[string]any{"reason": "信访人再次来访", "dueAt": newDue.Format(time.RFC3339)})
	if p["status"] != "resolving" || p["petition"].(map[string]any)["repeatCount"].(float64) != 1 {
		t.Fatalf("reopened: %v", p)
	}
	first := time.Date(cleared.Year(), cleared.Month(), 1, 0, 0, 0, 0, domain.Shanghai)
	rep := s.do("GET", "/api/v1/reports/resolution?region="+county+"&from="+first.Format(time.DateOnly)+"&to="+
		first.AddDate(0, 1, -1).Format(time.DateOnly), s.tokenNow("hy-lead"), nil)
	if pt := jsonAt(rep.Body, "totals.petitions").(map[string]any); pt["cleared"].(float64) != 1 || pt["clearedAtEnd"].(float64) != 1 {
		t.Errorf("the clearance's month: %v", pt)
	}
	rep = s.do("GET", "/api/v1/reports/resolution?region="+county, s.tokenNow("hy-lead"), nil)
	if pt := jsonAt(rep.Body, "totals.petitions").(map[string]any); pt["reopened"].(float64) != 1 || pt["clearedAtEnd"].(float64) != 0 || pt["cleared"].(float64) != 1 {
		t.Errorf("to date: %v", pt)
	}
	actions := []string{}
	for _, e := range p["timeline"].([]any) {
		actions = append(actions, e.(map[string]any)["action"].(string))
	}
	if !slices.Equal(actions, []string{"register", "return", "reassign", "accept", "extend", "assign", "change_lead", "resolve",
		"apply_clear", "reject_clear", "resolve", "apply_clear", "clear", "reopen"}) {
		t.Errorf("timeline %v", actions)
	}

	// 异议 decided the other way: 收回, and the case leaves the denominator
	q := s.register(office(), petitionBody(townA, func(m map[string]any) { m["petition"] = map[string]any{"assignedBy": "county"} }))
	q = s.act(town(), q, "return", map[string]any{"reason": "不属于本级"})
	q = s.act(office(), q, "withdraw", map[string]any{"note": "县信访局直接办理"})
	if q["status"] != "withdrawn" {
		t.Fatalf("withdrawn: %v", q["status"])
	}
	// an objection after five working days is refused
	late := s.register(office(), petitionBody(townA, func(m map[string]any) { m["petition"] = map[string]any{"assignedBy": "county"} }))
	set(s.clock.Now().AddDate(0, 0, 8))
	expectRefusal(t, s.actRaw(town(), late, "return", map[string]any{"reason": "晚了"}), http.StatusConflict, "invalid_transition", "a late objection")
}

// Disputes as the 人民调解法 has them, over HTTP: consent extensions, an oral agreement refused where it
// creates obligations, performance at several visits, judicial confirmation both ways.
func TestDisputeAsTheLawHasIt(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 5, 4, 9, 0, 0, 0, domain.Shanghai)
	s := startServerAt(t, t0)
	s.createUser("law-med", domain.RoleMediator, townA)
	med := func() string { return s.tokenNow("law-med") }
	mediate := func() map[string]any {
		c := s.register(med(), disputeBody(townA, nil))
		c = s.act(med(), c, "accept", nil)
		return s.act(med(), c, "start", map[string]any{"mediators": []string{"刘调解"}})
	}
	c := mediate()
	s.clock.Set(t0.AddDate(0, 0, 28))
	r := s.actRaw(med(), c, "extend", map[string]any{"days": 20, "reason": "双方同意继续调解", "consentBy": []string{"张三", "王麻子"}})
	expectRefusal(t, r, http.StatusUnprocessableEntity, "validation_failed", "consent by someone who is not a party")
	c = s.act(med(), c, "extend", map[string]any{"days": 20, "reason": "双方同意继续调解", "consentBy": []string{"张三", "李四"}})
	s.clock.Set(t0.AddDate(0, 0, 45))
	c = s.act(med(), c, "extend", map[string]any{"days": 10, "reason": "双方再次同意", "consentBy": []string{"张三", "李四"}})
	if exts := c["dispute"].(map[string]any)["extensions"].([]any); len(exts) != 2 {
		t.Fatalf("extensions %v", exts)
	}
	oral := map[string]any{"agreement": map[string]any{"type": "oral", "terms": "赔偿2000元", "createsObligations": true, "amount": 2000}}
	r = s.actRaw(med(), c, "resolve", oral)
	expectRefusal(t, r, http.StatusUnprocessableEntity, "validation_failed", "an oral agreement creating obligations")
	if f := r.fieldErrors(); !slices.Contains(f, "agreement.type") {
		t.Errorf("fields %v", f)
	}
	written := map[string]any{"agreement": map[string]any{"type": "written", "terms": "赔偿2000元", "createsObligations": true, "amount": 2000.5},
		"prevented": []map[string]any{{"type": "criminal", "people": 2}}}
	c = s.act(med(), c, "resolve", written)
	// visits: partly performed, then performed; 督促履行 between
	s.clock.Set(t0.AddDate(0, 0, 60))
	c = s.act(med(), c, "visit", map[string]any{"followUp": map[string]any{"at": s.clock.Now().Format(time.DateOnly), "satisfaction": "basic", "performance": "partial"}})
	c = s.act(med(), c, "urge", map[string]any{"note": "电话督促按期支付余款"})
	s.clock.Set(t0.AddDate(0, 0, 70))
	c = s.act(med(), c, "visit", map[string]any{"followUp": map[string]any{"at": s.clock.Now().Format(time.DateOnly), "satisfaction": "satisfied", "performance": "fulfilled"}})
	if d := c["dispute"].(map[string]any); len(d["visits"].([]any)) != 2 || d["performance"] != "fulfilled" {
		t.Fatalf("visits %v performance %v", d["visits"], d["performance"])
	}
	// judicial confirmation: within 30 days of the agreement (人民调解法 第三十三条); refused at 35 days, and on a
	// fresh agreement both results
	s.clock.Set(t0.AddDate(0, 0, 80))
	r = s.actRaw(med(), c, "apply_confirmation", map[string]any{"court": "汉阴县人民法院"})
	expectRefusal(t, r, http.StatusConflict, "invalid_transition", "judicial confirmation applied for 35 days after the agreement")
	for _, result := range []string{"confirmed", "refused"} {
		d := mediate()
		d = s.act(med(), d, "resolve", written)
		d = s.act(med(), d, "apply_confirmation", map[string]any{"court": "汉阴县人民法院"})
		d = s.act(med(), d, "confirmation_result", map[string]any{"confirmation": result})
		if conf := d["dispute"].(map[string]any)["confirmation"].(map[string]any); conf["result"] != result {
			t.Errorf("confirmation %v", conf)
		}
		expectRefusal(t, s.actRaw(med(), d, "confirmation_result", map[string]any{"confirmation": result}), http.StatusConflict,
			"invalid_transition", "a second result")
	}
	// a failed dispute closes without a visit; none is counted
	f := mediate()
	expectRefusal(t, s.actRaw(med(), f, "fail", map[string]any{"failureReason": "gap_too_large", "redirect": "none"}),
		http.StatusUnprocessableEntity, "validation_failed", "no route told though the parties did not settle")
	f = s.act(med(), f, "fail", map[string]any{"failureReason": "gap_too_large", "redirect": "litigation"})
	f = s.act(med(), f, "close", nil)
	if f["status"] != "closed" || len(f["dispute"].(map[string]any)["visits"].([]any)) != 0 {
		t.Fatalf("failed case closed: %v", f["status"])
	}
	rep := s.do("GET", "/api/v1/reports/resolution?region="+townA, med(), nil)
	d := jsonAt(rep.Body, "totals.disputes").(map[string]any)
	if d["followUps"].(float64) != 2 || d["amount"].(float64) != 6001.5 || d["preventedCriminal"].(float64) != 3 {
		t.Errorf("figures %v", d)
	}
}

// anyStrings reads a JSON array of strings.
func anyStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}
