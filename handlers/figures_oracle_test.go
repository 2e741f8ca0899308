package handlers

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"reflect"
	"slices"
	"testing"
	"time"

	"pingan/domain"
	"pingan/internal/recount"
)

// The oracle over HTTP: five months of random histories are played through the API — cases registered and
// worked day by day, events often dated back (by at most the 90 days a user may), disputes accepted before a
// window and concluded inside or after it, extended, overdue within and after windows, backlog cases assigned,
// returned and decided, sent back from review, cleared and reopened — and every row and total of the
// resolution report, for a township, a county and the city, several windows and by month, must equal an
// independent recount from the cases' timelines as the API returns them.
func TestResolutionReportEqualsARecountOverHTTP(t *testing.T) {
	t0 := time.Date(2026, 1, 5, 9, 0, 0, 0, domain.Shanghai)
	s := startServerAt(t, t0)
	towns := []string{townA, townB, townC} // two in 汉阴县, one in 汉滨区
	mediators := map[string]string{}
	handlers := map[string]string{}
	for i, town := range towns { // users by name: s.token signs in again as the clock moves on
		mediators[town], handlers[town] = fmt.Sprintf("omed%d", i), fmt.Sprintf("opet%d", i)
		s.createUser(mediators[town], domain.RoleMediator, town)
		s.createUser(handlers[town], domain.RolePetition, town)
	}
	// county mediators work the disputes escalated or transferred to their county's committees
	for i, c := range []string{county, "610902"} {
		mediators[c] = fmt.Sprintf("ocmed%d", i)
		s.createUser(mediators[c], domain.RoleMediator, c)
	}
	office, leader := "ooffice", "olead"
	s.createUser(office, domain.RolePetition, "6109") // the city's petition office assigns them all
	s.createUser(leader, domain.RoleLeader, "6109")
	r := rand.New(rand.NewPCG(20, 26))
	var ids []string
	clock := t0
	for day := 0; day < 150; day++ {
		clock = t0.AddDate(0, 0, day).Add(time.Duration(r.IntN(8*60)) * time.Minute)
		s.clock.Set(clock)
		for range 1 + r.IntN(3) { // new cases, some registered a few days back
			town := towns[r.IntN(len(towns))]
			reg := clock.Add(-time.Duration(r.IntN(4*24)) * time.Hour)
			if r.IntN(5) == 0 {
				c := s.register(s.tokenNow(office), petitionBody(town, func(m map[string]any) {
					m["petition"] = map[string]any{"assignedBy": "municipal", "assignedAt": reg.Format(time.RFC3339),
						"dueAt": reg.AddDate(0, 0, 20+r.IntN(60)).Format(time.RFC3339)}
				}))
				ids = append(ids, c["id"].(string))
				continue
			}
			c := s.register(s.tokenNow(mediators[town]), disputeBody(town, func(m map[string]any) {
				m["registeredAt"] = reg.Format(time.RFC3339)
				if r.IntN(10) == 0 {
					m["peopleInvolved"] = 5 + r.IntN(30)
				}
			}))
			ids = append(ids, c["id"].(string))
		}
		for range 4 + r.IntN(6) { // work on cases
			id := ids[r.IntN(len(ids))]
			oracleStep(t, s, r, id, mediators, handlers, office, leader, clock)
		}
	}

	var cases []*domain.Case
	for _, id := range ids {
		res := s.do("GET", "/api/v1/cases/"+id, s.tokenNow("admin"), nil)
		var c domain.Case
		if err := json.Unmarshal(res.Raw, &c); err != nil {
			t.Fatalf("decode %s: %v", id, err)
		}
		cases = append(cases, &c)
	}
	seen := map[string]bool{}
	for _, c := range cases {
		for _, e := range c.Timeline {
			seen[string(c.Kind)+"/"+e.Action] = true
		}
	}
	for _, want := range []string{"dispute/resolve", "dispute/fail", "dispute/extend", "dispute/visit", "dispute/reject",
		"dispute/escalate", "dispute/refer_out",
		"petition/accept", "petition/apply_clear", "petition/clear", "petition/reject_clear", "petition/reopen", "petition/return"} {
		if !seen[want] {
			t.Errorf("the histories hold no %s: the comparison proves too little", want)
		}
	}

	day := func(d int) string { return t0.AddDate(0, 0, d).Format(time.DateOnly) }
	windows := []struct{ from, to string }{
		{"", ""}, {day(0), day(29)}, {day(40), day(99)}, {day(100), ""}, {"", day(60)}, {day(75), day(75)},
	}
	scopes := []struct{ user, region, groupBy string }{
		{"admin", "6109", "county"}, {"admin", "6109", "township"}, {leader, "610921", "township"}, {mediators[townA], townA, ""},
	}
	for _, sc := range scopes {
		for _, w := range windows {
			q := fmt.Sprintf("/api/v1/reports/resolution?region=%s&groupBy=%s&from=%s&to=%s", sc.region, sc.groupBy, w.from, w.to)
			rep := getReport(t, s, s.tokenNow(sc.user), q)
			rw := recountWindowOf(w.from, w.to, clock)
			for _, row := range rep.Rows {
				in := func(c *domain.Case) bool { return s.App.regions.Contains(row.Code, c.TownshipCode) }
				sameReportFigures(t, q+" "+row.Code, row.Disputes, row.Petitions, cases, in, rw)
			}
			all := func(c *domain.Case) bool { return s.App.regions.Contains(sc.region, c.TownshipCode) }
			sameReportFigures(t, q+" totals", rep.Totals.Disputes, rep.Totals.Petitions, cases, all, rw)
		}
	}
	// by month over the whole history, for the city and a township
	for _, region := range []string{"6109", townA} {
		q := fmt.Sprintf("/api/v1/reports/resolution?region=%s&groupBy=month&from=%s&to=%s", region, day(0), day(149))
		rep := getReport(t, s, s.tokenNow("admin"), q)
		if len(rep.Rows) != 6 { // January to June
			t.Fatalf("%s: %d months, want 6", q, len(rep.Rows))
		}
		in := func(c *domain.Case) bool { return s.App.regions.Contains(region, c.TownshipCode) }
		for i, row := range rep.Rows {
			m, _ := time.ParseInLocation("2006-01", row.Code, domain.Shanghai)
			w := recount.Window{From: m, End: m.AddDate(0, 1, 0).Add(-time.Millisecond), Now: clock}
			if i == 0 {
				w.From = recountWindowOf(day(0), "", clock).From
			}
			if i == len(rep.Rows)-1 {
				w.End = recountWindowOf("", day(149), clock).End
			}
			sameReportFigures(t, q+" "+row.Code, row.Disputes, row.Petitions, cases, in, w)
		}
	}
}

// oracleStep takes one random action on the case, as the user who may, dated back at random.
func oracleStep(t *testing.T, s *testServer, r *rand.Rand, id string, mediators, handlers map[string]string, office, leader string, now time.Time) {
	t.Helper()
	view := s.do("GET", "/api/v1/cases/"+id, s.tokenNow("admin"), nil).Body
	town := view["townshipCode"].(string)
	actions := []string{}
	for _, a := range view["allowedActions"].([]any) {
		actions = append(actions, a.(string))
	}
	if len(actions) == 0 {
		return
	}
	action := pickAction(r, actions)
	user := mediators[view["heldIn"].(string)]
	switch {
	case action == "supervise":
		user = leader
	case view["kind"] == "petition" && slices.Contains([]string{"reassign", "withdraw", "clear", "reject_clear", "extend", "reopen"}, action):
		user = office
	case view["kind"] == "petition":
		user = handlers[town]
	}
	timeline := view["timeline"].([]any)
	last, _ := time.Parse(time.RFC3339, timeline[len(timeline)-1].(map[string]any)["at"].(string))
	at := now
	if back := now.Sub(last); back > 0 && r.IntN(2) == 0 { // dated back, to a moment after the last event
		at = now.Add(-time.Duration(r.Int64N(int64(min(back, 60*24*time.Hour)))))
	}
	stamp := at.Format(time.RFC3339)
	fields := map[string]any{"at": stamp, "note": "备注", "reason": "原因", "mediators": []string{"王调解"},
		"session": map[string]any{"at": stamp, "mode": "onsite", "record": "调解笔录"}, "days": 1 + r.IntN(30),
		"agreement":     map[string]any{"type": "written", "terms": "赔偿损失", "amount": r.IntN(50000), "createsObligations": true},
		"failureReason": "gap_too_large", "redirect": "litigation",
		"followUp": map[string]any{"at": stamp, "satisfaction": []string{"satisfied", "basic", "unsatisfied"}[r.IntN(3)], "performance": "fulfilled"},
		"route":    "litigation", "court": "汉阴县人民法院", "confirmation": "confirmed",
		"leadLeader": map[string]any{"name": "刘建国", "post": "副县长"}, "resolutionType": "ceased",
		"materials": []map[string]any{{"type": "opinion"}}, "townshipCode": townB, "keepClock": true,
		"dueAt": at.AddDate(0, 0, 30+r.IntN(60)).Format(time.RFC3339), "reviewLevel": "review",
		"feedbackBy": at.AddDate(0, 0, 15).Format(time.RFC3339),
		"committee":  []string{town, view["countyCode"].(string)}[r.IntN(2)], "referTo": "court",
	}
	if r.IntN(3) == 0 {
		fields["prevented"] = []map[string]any{{"type": "criminal", "people": 1 + r.IntN(5)}}
	}
	if town == townB {
		fields["townshipCode"] = townA
	}
	res := s.actRaw(s.tokenNow(user), view, action, fields)
	if res.Status != http.StatusOK && res.Status != http.StatusConflict && res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("%s on %s: %d %s", action, id, res.Status, res.Raw)
	}
}

// oracleWeights make the histories move on: progress likely, detours rare.
var oracleWeights = map[string]int{
	"accept": 10, "start": 10, "resolve": 8, "fail": 2, "close": 5, "visit": 3, "extend": 2, "session": 2, "reject": 1,
	"assign": 10, "apply_clear": 10, "clear": 8, "reject_clear": 3, "reopen": 2, "return": 3, "reassign": 3, "withdraw": 2,
}

func pickAction(r *rand.Rand, actions []string) string {
	total := 0
	for _, a := range actions {
		total += max(oracleWeights[a], 1)
	}
	n := r.IntN(total)
	for _, a := range actions {
		if n -= max(oracleWeights[a], 1); n < 0 {
			return a
		}
	}
	return actions[len(actions)-1]
}

type figuresReport struct {
	Rows []struct {
		Code      string                   `json:"code"`
		Disputes  domain.DisputeFigures    `json:"disputes"`
		Petitions domain.PetitionFigures   `json:"petitions"`
		Screening *domain.ScreeningFigures `json:"screening"`
	} `json:"rows"`
	Totals struct {
		Disputes  domain.DisputeFigures    `json:"disputes"`
		Petitions domain.PetitionFigures   `json:"petitions"`
		Screening *domain.ScreeningFigures `json:"screening"`
	} `json:"totals"`
}

func getReport(t *testing.T, s *testServer, token, q string) figuresReport {
	t.Helper()
	res := s.do("GET", q, token, nil)
	if res.Status != http.StatusOK {
		t.Fatalf("%s: %d %s", q, res.Status, res.Raw)
	}
	var rep figuresReport
	if err := json.Unmarshal(res.Raw, &rep); err != nil {
		t.Fatal(err)
	}
	return rep
}

func recountWindowOf(from, to string, now time.Time) recount.Window {
	w := recount.Window{Now: now, End: domain.DayAfter(now).Add(-time.Millisecond)}
	if from != "" {
		w.From, _ = time.ParseInLocation(time.DateOnly, from, domain.Shanghai)
	}
	if to != "" {
		d, _ := time.ParseInLocation(time.DateOnly, to, domain.Shanghai)
		w.End = d.AddDate(0, 0, 1).Add(-time.Millisecond)
	}
	return w
}

// sameReportFigures holds one row's figures to the recount, and checks the row's identity.
func sameReportFigures(t *testing.T, what string, d domain.DisputeFigures, p domain.PetitionFigures, cases []*domain.Case,
	in func(*domain.Case) bool, w recount.Window) {
	t.Helper()
	if want := recount.Disputes(cases, in, w); !reflect.DeepEqual(d, want) {
		t.Errorf("%s disputes:\n got  %+v\n want %+v", what, d, want)
	}
	if want := recount.Petitions(cases, in, w); !reflect.DeepEqual(p, want) {
		t.Errorf("%s petitions:\n got  %+v\n want %+v", what, p, want)
	}
	if d.CarriedOver+d.Accepted != d.Concluded+d.Pending {
		t.Errorf("%s: carriedOver %d + accepted %d != concluded %d + pending %d", what, d.CarriedOver, d.Accepted, d.Concluded, d.Pending)
	}
}

// The 排查 columns of the resolution report against a recount of the rounds as the test recorded them: two
// months of rounds by townships and their villages, dated back up to ten days, some 零报告, some with found
// disputes and prevented ones; every row and the totals, for a township, a county and the city, by township,
// county and month, over several windows.
func TestScreeningColumnsEqualARecount(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, domain.Shanghai)
	s := startServerAt(t, t0)
	towns := []string{townA, townB, townC}
	villages := map[string][]string{townA: {"月河村", "双乳社区"}, townB: {"东坡村"}, townC: {}}
	meds := map[string]string{}
	for i, town := range towns {
		meds[town] = fmt.Sprintf("scmed%d", i)
		s.createUser(meds[town], domain.RoleMediator, town)
		var names []string
		names = append(names, villages[town]...)
		if len(names) > 0 {
			expectStatus(t, s.putPlaces(s.tokenNow(meds[town]), town, 0, names...), http.StatusOK, "places")
		}
	}
	type recorded struct {
		town, date               string
		found, prevented, hazard int
	}
	var log []recorded
	r := rand.New(rand.NewPCG(22, 3))
	clock := t0
	for day := 0; day < 60; day++ {
		clock = t0.AddDate(0, 0, day).Add(time.Duration(r.IntN(8*60)) * time.Minute)
		s.clock.Set(clock)
		for range r.IntN(3) {
			town := towns[r.IntN(len(towns))]
			date := clock.AddDate(0, 0, -r.IntN(10)).Format(time.DateOnly)
			body := map[string]any{"townshipCode": town, "date": date, "participants": []string{"王书记"}}
			if vs := villages[town]; len(vs) > 0 && r.IntN(2) == 0 {
				body["village"] = vs[r.IntN(len(vs))]
			}
			rec := recorded{town: town, date: date}
			switch r.IntN(3) {
			case 0:
				body["zeroReport"] = true
			default:
				rec.found, rec.prevented, rec.hazard = r.IntN(3), r.IntN(3), r.IntN(2)
				if rec.found+rec.prevented+rec.hazard == 0 {
					rec.prevented = 1
				}
				var ds []map[string]any
				for range rec.found {
					ds = append(ds, map[string]any{"title": "排查发现的纠纷", "category": "neighbor",
						"parties": []map[string]any{{"name": "甲", "role": "applicant"}, {"name": "乙", "role": "respondent"}}})
				}
				body["disputes"], body["prevented"], body["preventedNote"] = ds, rec.prevented, "劝解"
				if rec.hazard > 0 {
					body["hazards"] = []string{"隐患"}
				}
			}
			expectStatus(t, s.do("POST", "/api/v1/screening/rounds", s.tokenNow(meds[town]), body), http.StatusCreated, "round")
			log = append(log, rec)
		}
	}
	if len(log) < 30 {
		t.Fatalf("only %d rounds: the comparison proves too little", len(log))
	}
	recount := func(in func(town string) bool, from, to string) domain.ScreeningFigures {
		var f domain.ScreeningFigures
		for _, rec := range log {
			if in(rec.town) && (from == "" || rec.date >= from) && (to == "" || rec.date <= to) {
				f.Rounds++
				f.DisputesFound += rec.found
				f.Prevented += rec.prevented
				f.HazardsFound += rec.hazard
				if rec.found+rec.prevented+rec.hazard == 0 {
					f.ZeroReports++
				}
			}
		}
		return f
	}
	day := func(d int) string { return t0.AddDate(0, 0, d).Format(time.DateOnly) }
	windows := []struct{ from, to string }{{"", ""}, {day(0), day(14)}, {day(15), day(45)}, {day(31), ""}, {day(20), day(20)}}
	for _, sc := range []struct{ region, groupBy string }{{"6109", "county"}, {"6109", "township"}, {county, "township"}, {townA, ""}, {"6109", "month"}} {
		for _, w := range windows {
			q := fmt.Sprintf("/api/v1/reports/resolution?region=%s&groupBy=%s&from=%s&to=%s", sc.region, sc.groupBy, w.from, w.to)
			rep := getReport(t, s, s.tokenNow("admin"), q)
			for _, row := range rep.Rows {
				in, from, to := func(town string) bool { return s.App.regions.Contains(row.Code, town) }, w.from, w.to
				if sc.groupBy == "month" { // the month, within the window
					in = func(town string) bool { return s.App.regions.Contains(sc.region, town) }
					from, to = max(from, row.Code+"-01"), row.Code+"-31"
					if w.to != "" {
						to = min(to, w.to)
					}
				}
				if row.Screening == nil || *row.Screening != recount(in, from, to) {
					t.Errorf("%s %s: %+v, recount %+v", q, row.Code, row.Screening, recount(in, from, to))
				}
			}
			all := recount(func(town string) bool { return s.App.regions.Contains(sc.region, town) }, w.from, w.to)
			if rep.Totals.Screening == nil || *rep.Totals.Screening != all {
				t.Errorf("%s totals: %+v, recount %+v", q, rep.Totals.Screening, all)
			}
		}
	}
}
