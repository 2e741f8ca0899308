package handlers

import (
	"testing"
	"time"

	"pingan/domain"
)

func (s *testServer) todoReasons(token, caseID string) map[string]bool {
	s.t.Helper()
	r := s.do("GET", "/api/v1/todo", token, nil)
	expectStatus(s.t, r, 200, "todo")
	out := map[string]bool{}
	for _, it := range r.Body["items"].([]any) {
		m := it.(map[string]any)
		if m["case"].(map[string]any)["id"] == caseID {
			out[m["reason"].(string)] = true
		}
	}
	return out
}

func (s *testServer) get(token, id string) map[string]any {
	s.t.Helper()
	r := s.do("GET", "/api/v1/cases/"+id, token, nil)
	expectStatus(s.t, r, 200, "get "+id)
	return r.Body
}

// Warning levels follow the clock: none before 80 % of the term, due_soon from 80 %, overdue after the due
// date; an extension moves them back. The to-do list follows.
func TestWarningLevelsAndTodoFollowTheClock(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, domain.Shanghai)
	s := startServerAt(t, t0)
	s.createUser("med", domain.RoleMediator, townA)
	c := s.register(s.token("med"), disputeBody(townA, nil))
	c = s.act(s.token("med"), c, "accept", nil)
	c = s.act(s.token("med"), c, "start", map[string]any{"mediators": []string{"刘调解"}})
	id := c["id"].(string)
	term := 30 * 24 * time.Hour
	at := func(frac float64) time.Time { return t0.Add(time.Duration(float64(term) * frac)) }

	steps := []struct {
		when    time.Time
		warning string
		overdue bool
		todo    string // the deadline reason expected on the to-do list ("" none)
	}{
		{at(0.79), "", false, ""},
		{at(0.80), "due_soon", false, "due_soon"},
		{at(0.99), "due_soon", false, "due_soon"},
		{at(1.0).Add(time.Minute), "overdue", true, "overdue"},
	}
	for _, st := range steps {
		s.clock.Set(st.when)
		c := s.get(s.token("med"), id)
		if c["warning"] != st.warning || c["overdue"] != st.overdue {
			t.Fatalf("at %v: warning %q overdue %v, want %q %v", st.when, c["warning"], c["overdue"], st.warning, st.overdue)
		}
		reasons := s.todoReasons(s.token("med"), id)
		for _, r := range []string{"due_soon", "overdue"} {
			if reasons[r] != (r == st.todo) {
				t.Fatalf("at %v: to-do reasons %v, want %q", st.when, reasons, st.todo)
			}
		}
		ids, _ := s.list(s.token("med"), "warning="+map[string]string{"": "due_soon", "due_soon": "due_soon", "overdue": "overdue"}[st.warning])
		if (st.warning != "") != (len(ids) == 1) {
			t.Fatalf("at %v: warning filter lists %v", st.when, ids)
		}
	}
	// an extension of 30 days: at day 30 + 1 minute the case is no longer overdue, and not yet due soon
	c = s.act(s.token("med"), s.get(s.token("med"), id), "extend", map[string]any{"days": 30, "reason": "双方同意延期"})
	if c["overdue"] != false || c["warning"] != "" {
		t.Fatalf("after extension: warning %q overdue %v", c["warning"], c["overdue"])
	}
	if reasons := s.todoReasons(s.token("med"), id); len(reasons) != 0 {
		t.Fatalf("after extension the to-do list still has %v", reasons)
	}
	// the case is resolved: it leaves the deadline warnings
	performBy := s.clock.Now().Add(5 * 24 * time.Hour).Truncate(time.Second)
	c = s.act(s.token("med"), c, "resolve", map[string]any{"agreement": map[string]any{"type": "written", "terms": "赔偿500元",
		"performBy": performBy.Format(time.RFC3339)}})
	if c["warning"] != "" || c["overdue"] != false {
		t.Fatalf("resolved case warns: %v %v", c["warning"], c["overdue"])
	}
	// what is due next is the follow-up visit (回访期限): on the case and on its list row alike
	if got := s.followUpDueAt(s.token("med"), id); got.detail != performBy.UTC().Format(time.RFC3339) || got.row != got.detail {
		t.Fatalf("followUpDueAt %+v, want %s on both", got, performBy.UTC().Format(time.RFC3339))
	}
	// the agreement's performance date passes without a follow-up visit
	if s.todoReasons(s.token("med"), id)["follow_up_due"] {
		t.Fatal("follow-up due before the performance date")
	}
	s.clock.Set(s.clock.Now().Add(6 * 24 * time.Hour))
	if !s.todoReasons(s.token("med"), id)["follow_up_due"] {
		t.Fatal("no follow_up_due after the performance date")
	}
	c = s.act(s.token("med"), s.get(s.token("med"), id), "close", map[string]any{"followUp": map[string]any{"at": s.clock.Now().Add(-time.Hour).Format(time.RFC3339), "satisfaction": "satisfied"}})
	if len(s.todoReasons(s.token("med"), id)) != 0 {
		t.Fatal("a closed case stays on the to-do list")
	}
	if got := s.followUpDueAt(s.token("med"), id); got.detail != "" || got.row != "" {
		t.Fatalf("a closed case still has a follow-up due: %+v", got)
	}
}

// followUpDueAt is a case's followUpDueAt on its detail and on its row of the case list ("" without one).
func (s *testServer) followUpDueAt(token, id string) (out struct{ detail, row string }) {
	s.t.Helper()
	parse := func(v any) string {
		if v == nil {
			return ""
		}
		at, err := time.Parse(time.RFC3339Nano, v.(string))
		if err != nil {
			s.t.Fatalf("followUpDueAt %v: %v", v, err)
		}
		return at.UTC().Format(time.RFC3339)
	}
	out.detail = parse(s.get(token, id)["followUpDueAt"])
	r := s.do("GET", "/api/v1/cases?kind=dispute", token, nil)
	expectStatus(s.t, r, 200, "list")
	for _, it := range r.Body["items"].([]any) {
		if m := it.(map[string]any); m["id"] == id {
			out.row = parse(m["followUpDueAt"])
		}
	}
	return out
}

func TestSupervisionRulesAndTodo(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 4, 1, 9, 0, 0, 0, domain.Shanghai)
	s := startServerAt(t, t0)
	s.createUser("med", domain.RoleMediator, townA)
	s.createUser("med2", domain.RoleMediator, townB)
	s.createUser("lead", domain.RoleLeader, county)
	s.createUser("far", domain.RoleLeader, "610902")
	c := s.register(s.token("med"), disputeBody(townA, nil))
	c = s.act(s.token("med"), c, "accept", nil)
	id := c["id"].(string)

	// who may supervise: leaders and admins of the region; mediators never; leaders of elsewhere see nothing
	expectStatus(t, s.actRaw(s.token("med"), c, "supervise", map[string]any{"note": "自己督办"}), 403, "mediator supervises")
	expectStatus(t, s.actRaw(s.token("far"), c, "supervise", map[string]any{"note": "越权督办"}), 404, "leader of another county")
	expectStatus(t, s.actRaw(s.token("lead"), c, "supervise", map[string]any{}), 422, "supervise without a note")
	c = s.act(s.token("lead"), c, "supervise", map[string]any{"note": "请尽快调处", "feedbackBy": "2026-04-10"})
	sup, _ := c["supervision"].(map[string]any)
	if sup == nil || sup["overdue"] != false {
		t.Fatalf("open supervision %v", c["supervision"])
	}
	expectStatus(t, s.actRaw(s.token("lead"), c, "supervise", map[string]any{"note": "再督办"}), 409, "second open supervision")
	if !s.todoReasons(s.token("med"), id)["supervised"] || !s.todoReasons(s.token("lead"), id)["supervised"] {
		t.Fatal("the supervision is on neither the handler's nor the leader's to-do list")
	}
	ids, _ := s.list(s.token("med"), "supervised=true")
	if len(ids) != 1 {
		t.Fatalf("supervised filter %v", ids)
	}
	// past the feedback date the supervision itself is overdue
	s.clock.Set(time.Date(2026, 4, 11, 9, 0, 0, 0, domain.Shanghai))
	if sup := s.get(s.token("med"), id)["supervision"].(map[string]any); sup["overdue"] != true {
		t.Fatalf("supervision past its feedback date: %v", sup)
	}
	// who may answer: the handling mediator, not a leader, not another township
	c = s.get(s.token("med"), id)
	expectStatus(t, s.actRaw(s.token("lead"), c, "feedback", map[string]any{"note": "领导自答"}), 403, "leader answers")
	expectStatus(t, s.actRaw(s.token("med2"), c, "feedback", map[string]any{"note": "别人答"}), 404, "another township answers")
	c = s.act(s.token("med"), c, "feedback", map[string]any{"note": "已组织双方调解"})
	if c["supervision"] != nil {
		t.Fatal("feedback left the supervision open")
	}
	if s.todoReasons(s.token("med"), id)["supervised"] || s.todoReasons(s.token("lead"), id)["supervised"] {
		t.Fatal("an answered supervision stays on a to-do list")
	}
	expectStatus(t, s.actRaw(s.token("med"), c, "feedback", map[string]any{"note": "再答"}), 409, "feedback with nothing open")
	tl := c["timeline"].([]any)
	last2 := []string{tl[len(tl)-2].(map[string]any)["action"].(string), tl[len(tl)-1].(map[string]any)["action"].(string)}
	if last2[0] != "supervise" || last2[1] != "feedback" {
		t.Fatalf("timeline ends with %v", last2)
	}
}

func TestPetitionAcceptDueAndReportCounts(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 5, 1, 9, 0, 0, 0, domain.Shanghai)
	s := startServerAt(t, t0)
	s.createUser("pet", domain.RolePetition, townA)
	s.createUser("lead", domain.RoleLeader, county)
	p := s.register(s.token("pet"), petitionBody(townA, nil))
	id := p["id"].(string)
	// 待签收 from the moment it is assigned (signing is due within domain.SignDays)
	if !s.todoReasons(s.token("pet"), id)["accept_due"] {
		t.Fatal("no accept_due on a case just assigned")
	}
	s.clock.Set(t0.Add(time.Duration(domain.DefaultSignDays)*24*time.Hour + time.Minute))
	if !s.todoReasons(s.token("pet"), id)["accept_due"] {
		t.Fatal("no accept_due once signing is late")
	}
	p = s.act(s.token("pet"), s.get(s.token("pet"), id), "accept", nil)
	if s.todoReasons(s.token("pet"), id)["accept_due"] {
		t.Fatal("accept_due after acceptance")
	}
	p = s.act(s.token("lead"), p, "supervise", map[string]any{"note": "督办积案"})
	s.clock.Set(t0.Add(80 * 24 * time.Hour)) // past acceptance + 60 days
	r := s.do("GET", "/api/v1/reports/resolution?region="+county+"&groupBy=township", s.token("lead"), nil)
	expectStatus(t, r, 200, "report")
	for _, row := range r.Body["rows"].([]any) {
		m := row.(map[string]any)
		if m["code"] != townA {
			continue
		}
		pf := m["petitions"].(map[string]any)
		if pf["total"].(float64) != 1 || pf["open"].(float64) != 1 || pf["overdue"].(float64) != 1 || pf["supervised"].(float64) != 1 {
			t.Fatalf("petition figures %v", pf)
		}
		return
	}
	t.Fatal("no row for the township")
}
