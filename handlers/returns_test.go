package handlers

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"pingan/domain"
)

// May 2026 in 汉阴县: returns for May open on June 1st and are due by June 5th.
var (
	returnsMay = time.Date(2026, 5, 11, 9, 0, 0, 0, domain.Shanghai)
	returnsJun = time.Date(2026, 6, 2, 10, 0, 0, 0, domain.Shanghai)
)

// submitReturn posts a return and decodes the answer; want is the status expected.
func (s *testServer) submitReturn(token string, body map[string]any, want int) (domain.MonthlyReturn, response) {
	s.t.Helper()
	r := s.do("POST", "/api/v1/returns", token, body)
	if r.Status != want {
		s.t.Fatalf("submit %v: %d %s, want %d", body, r.Status, r.Raw, want)
	}
	var out domain.MonthlyReturn
	if want == http.StatusCreated {
		if err := json.Unmarshal(r.Raw, &out); err != nil {
			s.t.Fatal(err)
		}
	}
	return out, r
}

// getJSON reads an answer into v, failing unless it is 200.
func (s *testServer) getJSON(token, path string, v any) {
	s.t.Helper()
	r := s.do("GET", path, token, nil)
	if r.Status != http.StatusOK {
		s.t.Fatalf("GET %s: %d %s", path, r.Status, r.Raw)
	}
	if err := json.Unmarshal(r.Raw, v); err != nil {
		s.t.Fatalf("GET %s: %v", path, err)
	}
}

// mayDispute registers a dispute in town, dated at, and accepts it at once.
func (s *testServer) mayDispute(token, town string, at time.Time) map[string]any {
	s.t.Helper()
	c := s.register(token, disputeBody(town, func(m map[string]any) { m["registeredAt"] = at.Format(time.RFC3339) }))
	return s.act(token, c, "accept", map[string]any{"at": at.Format(time.RFC3339)})
}

// A submitted return is frozen: a record dated back into its month changes the month's figures as the
// report counts them, and the return answers both — as submitted, and as counted now, with the difference —
// until the township submits a correction, which is kept beside the original and is what counts from then.
func TestReturnIsFrozenAfterLaterChangesAndCorrectedBesideTheOriginal(t *testing.T) {
	s := startServerAt(t, returnsMay)
	s.createUser("ret-med", domain.RoleMediator, townA)
	s.createUser("ret-admin", domain.RoleAdmin, county)
	s.mayDispute(s.tokenNow("ret-med"), townA, returnsMay)

	s.clock.Set(returnsJun)
	med := s.tokenNow("ret-med")
	orig, _ := s.submitReturn(med, map[string]any{"township": townA, "month": "2026-05", "note": "按时报送"}, http.StatusCreated)
	if orig.ID != townA+"-2026-05" || orig.Late || orig.ZeroReport || orig.Correction != nil || orig.SubmittedBy.ID != "ret-med" {
		t.Fatalf("original: %+v", orig)
	}
	d := orig.Figures.Disputes
	if d.Registered != 1 || d.Accepted != 1 || d.Pending != 1 || d.Parties != 2 {
		t.Fatalf("the return does not carry May's figures: %+v", d)
	}
	mayReport := getReport(t, s, med, "/api/v1/reports/resolution?region="+townA+"&from=2026-05-01&to=2026-05-31")
	if !reflect.DeepEqual(orig.Figures.Disputes, mayReport.Rows[0].Disputes) || !reflect.DeepEqual(orig.Figures.Petitions, mayReport.Rows[0].Petitions) {
		t.Fatalf("the return is not the report's row for May:\n return %+v\n report %+v", orig.Figures, mayReport.Rows[0])
	}
	expectRefusal(t, s.do("POST", "/api/v1/returns", med, map[string]any{"township": townA, "month": "2026-05"}),
		http.StatusConflict, "return_submitted", "a second return for May")

	// a dispute of May recorded later (补录), and May's second dispute concluded: May changes
	s.clock.Set(returnsJun.Add(24 * time.Hour))
	med = s.tokenNow("ret-med")
	late := s.mayDispute(med, townA, returnsMay.AddDate(0, 0, 9))
	late = s.act(med, late, "start", map[string]any{"at": returnsMay.AddDate(0, 0, 10).Format(time.RFC3339), "mediators": []string{"王调解"}})
	s.act(med, late, "resolve", map[string]any{"at": returnsMay.AddDate(0, 0, 11).Format(time.RFC3339),
		"agreement": map[string]any{"type": "written", "terms": "赔偿损失", "amount": 1200.5}})

	var h domain.ReturnHistory
	s.getJSON(med, "/api/v1/returns/"+orig.ID, &h)
	if len(h.Versions) != 1 || !sameJSON(h.Versions[0], orig) {
		t.Fatalf("the stored return changed:\n got  %+v\n want %+v", h.Versions, orig)
	}
	stored, err := s.App.store.GetReturn(t.Context(), orig.ID)
	if err != nil || !sameJSON(stored, orig) {
		t.Fatalf("the store holds %+v (%v), want the return as submitted %+v", stored, err, orig)
	}
	if h.Live.Disputes.Registered != 2 || h.Live.Disputes.Resolved != 1 {
		t.Fatalf("live figures: %+v", h.Live.Disputes)
	}
	want := map[string][3]float64{
		"disputes.registered": {1, 2, 1}, "disputes.accepted": {1, 2, 1}, "disputes.resolved": {0, 1, 1},
		"disputes.concluded": {0, 1, 1}, "disputes.onTime": {0, 1, 1}, "disputes.parties": {2, 4, 2}, "disputes.amount": {0, 1200.5, 1200.5},
	}
	if got := changesOf(h.Changes); !reflect.DeepEqual(got, want) {
		t.Fatalf("changes %v, want %v", got, want)
	}
	var board domain.ReturnBoard
	s.getJSON(med, "/api/v1/returns?region="+townA+"&month=2026-05", &board)
	if row := board.Rows[0]; row.Status != domain.ReturnOnTime || len(row.Changes) != len(want) || board.Counts.Changed != 1 {
		t.Fatalf("the board does not flag the change: %+v", board)
	}

	// the correction: a reason is required; it is kept beside the original
	r := s.do("POST", "/api/v1/returns/"+orig.ID+"/corrections", med, map[string]any{"reason": "  "})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(strings.Join(r.fieldErrors(), ","), "reason") {
		t.Fatalf("a correction without a reason: %d %s", r.Status, r.Raw)
	}
	r = s.do("POST", "/api/v1/returns/"+orig.ID+"/corrections", med, map[string]any{"reason": "补录5月20日受理的纠纷"})
	expectStatus(t, r, http.StatusCreated, "correction")
	var c1 domain.MonthlyReturn
	if err := json.Unmarshal(r.Raw, &c1); err != nil {
		t.Fatal(err)
	}
	if c1.ID != orig.ID+"-c1" || c1.Correction == nil || c1.Correction.Of != orig.ID || c1.Correction.N != 1 ||
		c1.Correction.Reason != "补录5月20日受理的纠纷" || c1.Figures.Disputes.Registered != 2 || c1.Late {
		t.Fatalf("correction: %+v", c1)
	}
	s.getJSON(med, "/api/v1/returns/"+c1.ID, &h)
	if len(h.Versions) != 2 || !sameJSON(h.Versions[0], orig) || h.Versions[1].ID != c1.ID || len(h.Changes) != 0 {
		t.Fatalf("after the correction: %+v", h)
	}
	expectRefusal(t, s.do("POST", "/api/v1/returns/"+orig.ID+"/corrections", med, map[string]any{"reason": "再报一次"}),
		http.StatusConflict, "return_unchanged", "a correction without a change")
	s.getJSON(med, "/api/v1/returns?region="+townA+"&month=2026-05", &board)
	if row := board.Rows[0]; row.Latest == nil || row.Latest.ID != c1.ID || row.Corrections != 1 || len(row.Changes) != 0 ||
		!row.SubmittedAt.Equal(orig.SubmittedAt) {
		t.Fatalf("the board's row after the correction: %+v", row)
	}

	// both are audited, and the county's admin reads them
	found := map[string]string{}
	var log struct{ Items []map[string]any }
	s.getJSON(s.tokenNow("ret-admin"), "/api/v1/audit?limit=1000", &log)
	for _, e := range log.Items {
		if a, _ := e["action"].(string); strings.HasPrefix(a, "return_") {
			found[a] = e["target"].(string) + " " + e["detail"].(string)
		}
	}
	if !strings.HasPrefix(found["return_submit"], orig.ID+" ") || !strings.Contains(found["return_correct"], c1.ID+" ") ||
		!strings.Contains(found["return_correct"], "补录5月20日受理的纠纷") {
		t.Fatalf("audit entries: %v", found)
	}

	// a restart loads them back as they were
	cfg := s.App.cfg
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s.App.Shutdown(ctx)
	again := startWith(t, cfg, s.clock)
	again.getJSON(again.token("ret-med"), "/api/v1/returns/"+orig.ID, &h)
	if len(h.Versions) != 2 || !sameJSON(h.Versions[0], orig) || !sameJSON(h.Versions[1], c1) {
		t.Fatalf("after a restart: %+v", h.Versions)
	}
}

// sameJSON compares two values as the API writes them.
func sameJSON(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}

func changesOf(cs []domain.FigureChange) map[string][3]float64 {
	out := map[string][3]float64{}
	for _, c := range cs {
		out[c.Figure] = [3]float64{c.Submitted, c.Live, c.Change}
	}
	return out
}

// A township with nothing to count submits a 零报告, which needs a note; one with anything to count —
// a case carried over from earlier months included — cannot.
func TestZeroReport(t *testing.T) {
	s := startServerAt(t, returnsMay)
	s.createUser("zero-a", domain.RoleMediator, townA)
	s.createUser("zero-b", domain.RolePetition, townB)
	s.mayDispute(s.tokenNow("zero-a"), townA, time.Date(2026, 4, 20, 9, 0, 0, 0, domain.Shanghai))
	s.clock.Set(returnsJun)
	a, b := s.tokenNow("zero-a"), s.tokenNow("zero-b")

	_, r := s.submitReturn(b, map[string]any{"township": townB, "month": "2026-05"}, http.StatusUnprocessableEntity)
	if got := r.fieldErrors(); !reflect.DeepEqual(got, []string{"zeroReport", "note"}) {
		t.Fatalf("an empty month without a zero report: fields %v", got)
	}
	_, r = s.submitReturn(b, map[string]any{"township": townB, "month": "2026-05", "zeroReport": true}, http.StatusUnprocessableEntity)
	if got := r.fieldErrors(); !reflect.DeepEqual(got, []string{"note"}) {
		t.Fatalf("a zero report without a note: fields %v", got)
	}
	zero, _ := s.submitReturn(b, map[string]any{"township": townB, "month": "2026-05", "zeroReport": true, "note": "本月无矛盾纠纷和信访积案"}, http.StatusCreated)
	if !zero.ZeroReport || zero.Note != "本月无矛盾纠纷和信访积案" || !zero.Figures.IsZero() || zero.Figures.Disputes.SuccessRate != nil {
		t.Fatalf("zero report: %+v", zero)
	}
	// townA accepted a dispute in April: nothing happened in May, but it is still pending
	_, r = s.submitReturn(a, map[string]any{"township": townA, "month": "2026-05", "zeroReport": true, "note": "无"}, http.StatusUnprocessableEntity)
	if got := r.fieldErrors(); !reflect.DeepEqual(got, []string{"zeroReport"}) {
		t.Fatalf("a zero report with a case registered in April: fields %v", got)
	}
	_, r = s.submitReturn(a, map[string]any{"township": townA, "month": "2026-04", "zeroReport": true, "note": "无"}, http.StatusUnprocessableEntity)
	if got := r.fieldErrors(); !reflect.DeepEqual(got, []string{"zeroReport"}) {
		t.Fatalf("a zero report for April, with a case accepted then: fields %v", got)
	}
	s.submitReturn(a, map[string]any{"township": townA, "month": "2026-04"}, http.StatusCreated)

	var board domain.ReturnBoard
	s.getJSON(s.tokenNow("admin"), "/api/v1/returns?region="+county+"&month=2026-05", &board)
	if board.Counts.ZeroReports != 1 || board.Counts.Submitted != 1 {
		t.Fatalf("counts: %+v", board.Counts)
	}
}

// Returns open on the 1st of the next month and are due by the 5th (Asia/Shanghai): submitted later they
// are late, and the board says who is late and who is missing.
func TestLateReturns(t *testing.T) {
	s := startServerAt(t, returnsMay)
	for _, u := range []struct{ name, town string }{{"late-a", townA}, {"late-b", townB}, {"late-c", townC}} {
		s.createUser(u.name, domain.RoleMediator, u.town)
		s.mayDispute(s.tokenNow(u.name), u.town, returnsMay)
	}
	lastMinute := time.Date(2026, 6, 5, 23, 59, 59, 0, domain.Shanghai)
	s.clock.Set(lastMinute)
	onTime, _ := s.submitReturn(s.tokenNow("late-a"), map[string]any{"township": townA, "month": "2026-05"}, http.StatusCreated)

	var board domain.ReturnBoard
	s.getJSON(s.tokenNow("admin"), "/api/v1/returns?region="+county+"&month=2026-05", &board)
	if board.DuePassed || board.OpensOn != "2026-06-01" || board.DueOn != "2026-06-05" {
		t.Fatalf("board on the 5th: %+v", board)
	}

	s.clock.Set(lastMinute.Add(time.Second)) // June 6th, 00:00
	late, _ := s.submitReturn(s.tokenNow("late-b"), map[string]any{"township": townB, "month": "2026-05"}, http.StatusCreated)
	if onTime.Late || !late.Late {
		t.Fatalf("late: on the 5th %v, on the 6th %v", onTime.Late, late.Late)
	}
	s.getJSON(s.tokenNow("admin"), "/api/v1/returns?region="+county+"&month=2026-05", &board)
	status := map[string]domain.ReturnStatus{}
	for _, r := range board.Rows {
		status[r.Township] = r.Status
	}
	if status[townA] != domain.ReturnOnTime || status[townB] != domain.ReturnLate || status["610921104"] != domain.ReturnMissing {
		t.Fatalf("statuses: %v", status)
	}
	n := len(s.App.regions.Townships(county))
	if !board.DuePassed || board.Counts != (domain.ReturnCounts{Townships: n, Submitted: 1, Late: 1, Missing: n - 2}) {
		t.Fatalf("board after the 5th: duePassed %v, counts %+v", board.DuePassed, board.Counts)
	}
	// the city's board: every township, grouped by county
	s.getJSON(s.tokenNow("admin"), "/api/v1/returns?region=6109&month=2026-05", &board)
	if len(board.Rows) != len(s.App.regions.Townships("6109")) || len(board.Groups) != len(s.App.regions.Children("6109")) {
		t.Fatalf("city board: %d rows, %d groups", len(board.Rows), len(board.Groups))
	}
}

// The county's return is assembled from its townships' submitted ones: the sum of each township's latest
// version (a correction once there is one), rates recomputed; townships that have not submitted count
// nothing. When every township with anything to count has submitted and nothing changed since, it is the
// county's row of the report for the month.
func TestCountyReturnIsTheSumOfItsTownships(t *testing.T) {
	s := startServerAt(t, returnsMay)
	s.createUser("sum-a", domain.RoleMediator, townA)
	s.createUser("sum-b", domain.RoleMediator, townB)
	a0 := s.tokenNow("sum-a")
	c := s.mayDispute(a0, townA, returnsMay)
	c = s.act(a0, c, "start", map[string]any{"mediators": []string{"王调解"}})
	s.act(a0, c, "resolve", map[string]any{"agreement": map[string]any{"type": "oral", "terms": "道歉", "amount": 300}})
	s.mayDispute(a0, townA, returnsMay)
	b := s.mayDispute(s.tokenNow("sum-b"), townB, returnsMay)
	b = s.act(s.tokenNow("sum-b"), b, "start", map[string]any{"mediators": []string{"李调解"}})
	s.act(s.tokenNow("sum-b"), b, "fail", map[string]any{"failureReason": "gap_too_large", "redirect": "litigation"})
	s.register(s.admin, petitionBody(townA, func(m map[string]any) {
		m["petition"] = map[string]any{"assignedBy": "municipal", "assignedAt": "2026-05-10", "dueAt": "2026-08-31"}
	}))

	s.clock.Set(returnsJun)
	ra, _ := s.submitReturn(s.tokenNow("sum-a"), map[string]any{"township": townA, "month": "2026-05"}, http.StatusCreated)
	rb, _ := s.submitReturn(s.tokenNow("sum-b"), map[string]any{"township": townB, "month": "2026-05"}, http.StatusCreated)

	var board domain.ReturnBoard
	s.getJSON(s.tokenNow("admin"), "/api/v1/returns?region="+county+"&month=2026-05", &board)
	sum := domain.TotalsOf([]domain.ResolutionRow{{Disputes: ra.Figures.Disputes, Petitions: ra.Figures.Petitions},
		{Disputes: rb.Figures.Disputes, Petitions: rb.Figures.Petitions}})
	if !reflect.DeepEqual(board.Assembled, sum) {
		t.Fatalf("assembled:\n got  %+v\n want %+v", board.Assembled, sum)
	}
	if d := board.Assembled.Disputes; d.Accepted != 3 || d.Resolved != 1 || d.Failed != 1 || *d.SuccessRate != 0.5 || d.Amount != 30000 {
		t.Fatalf("assembled disputes: %+v", d)
	}
	rep := getReport(t, s, s.tokenNow("admin"), "/api/v1/reports/resolution?region="+county+"&groupBy=county&from=2026-05-01&to=2026-05-31")
	if !reflect.DeepEqual(board.Assembled.Disputes, rep.Totals.Disputes) || !reflect.DeepEqual(board.Assembled.Petitions, rep.Totals.Petitions) {
		t.Fatalf("assembled %+v, the county's report for May %+v", board.Assembled, rep.Totals)
	}
	// the city assembles the same county
	var city domain.ReturnBoard
	s.getJSON(s.tokenNow("admin"), "/api/v1/returns?region=6109&month=2026-05", &city)
	for _, g := range city.Groups {
		if g.Code == county && !reflect.DeepEqual(g.Assembled, sum) {
			t.Fatalf("the city's group %s: %+v", county, g.Assembled)
		}
	}
	if !reflect.DeepEqual(city.Assembled, sum) {
		t.Fatalf("city assembled %+v", city.Assembled)
	}

	// a change in townB, corrected: the county assembles the correction
	s.mayDispute(s.tokenNow("sum-b"), townB, returnsMay.AddDate(0, 0, 3))
	expectStatus(t, s.do("POST", "/api/v1/returns/"+rb.ID+"/corrections", s.tokenNow("sum-b"), map[string]any{"reason": "补录"}), http.StatusCreated, "correction")
	var hb domain.ReturnHistory
	s.getJSON(s.tokenNow("admin"), "/api/v1/returns/"+rb.ID, &hb)
	sum = domain.TotalsOf([]domain.ResolutionRow{{Disputes: ra.Figures.Disputes, Petitions: ra.Figures.Petitions},
		{Disputes: hb.Versions[1].Figures.Disputes, Petitions: hb.Versions[1].Figures.Petitions}})
	s.getJSON(s.tokenNow("admin"), "/api/v1/returns?region="+county+"&month=2026-05", &board)
	if !reflect.DeepEqual(board.Assembled, sum) || board.Assembled.Disputes.Accepted != 4 {
		t.Fatalf("assembled after the correction: %+v", board.Assembled.Disputes)
	}

	// the export: one row per township, then the assembled return
	res := s.do("GET", "/api/v1/returns?region="+county+"&month=2026-05&format=csv", s.tokenNow("admin"), nil)
	expectStatus(t, res, http.StatusOK, "csv export")
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(res.Raw, []byte("\ufeff"))))
	cr.FieldsPerRecord = -1 // the title row has one
	records, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header, rows := records[1], records[2:]
	if records[0][0] != "汉阴县矛盾纠纷化解情况统计月报（2026年5月）" || header[0] != "乡镇代码" || header[7] != "上期结转" || len(rows) != len(board.Rows)+1 {
		t.Fatalf("export: title %v, header %v, %d rows", records[0], header, len(rows))
	}
	for _, row := range rows {
		if row[0] == townB && (row[2] != "已报送" || row[5] != "1" || row[7+2] != "2") {
			t.Errorf("townB's row: %v", row)
		}
	}
	if last := rows[len(rows)-1]; last[1] != "合计（已报送乡镇汇总）" || last[7+2] != "4" { // 本期受理
		t.Fatalf("export totals row: %v", last)
	}
	res = s.do("GET", "/api/v1/returns?region="+county+"&month=2026-05&format=xlsx", s.tokenNow("admin"), nil)
	expectStatus(t, res, http.StatusOK, "xlsx export")
	if !strings.Contains(xlsxText(t, res.Raw), "合计（已报送乡镇汇总）") {
		t.Fatal("the xlsx export has no totals row")
	}
}

// Bad input and other regions are refused, each with its own reason, and change nothing.
func TestReturnRefusals(t *testing.T) {
	s := startServerAt(t, returnsMay)
	s.createUser("bad-med", domain.RoleMediator, townA)
	s.createUser("bad-lead", domain.RoleLeader, county)
	s.createUser("bad-far", domain.RoleMediator, townC)
	s.mayDispute(s.tokenNow("bad-med"), townA, returnsMay)
	s.mayDispute(s.tokenNow("bad-far"), townC, returnsMay)
	s.clock.Set(returnsJun)
	med, lead, far := s.tokenNow("bad-med"), s.tokenNow("bad-lead"), s.tokenNow("bad-far")

	fields := []struct {
		name  string
		body  any
		field string
	}{
		{"a month not ended", map[string]any{"township": townA, "month": "2026-06"}, "month"},
		{"a month to come", map[string]any{"township": townA, "month": "2026-09"}, "month"},
		{"month 13", map[string]any{"township": townA, "month": "2026-13"}, "month"},
		{"a date for a month", map[string]any{"township": townA, "month": "2026-05-01"}, "month"},
		{"a month in words", map[string]any{"township": townA, "month": "五月"}, "month"},
		{"before the records", map[string]any{"township": townA, "month": "1999-12"}, "month"},
		{"no month", map[string]any{"township": townA}, "month"},
		{"no township", map[string]any{"month": "2026-05"}, "township"},
		{"an unknown township", map[string]any{"township": "610921999", "month": "2026-05"}, "township"},
		{"a county for a township", map[string]any{"township": county, "month": "2026-05"}, "township"},
		{"a note too long", map[string]any{"township": townA, "month": "2026-05", "note": strings.Repeat("长", 501)}, "note"},
	}
	for _, tt := range fields {
		r := s.do("POST", "/api/v1/returns", med, tt.body)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(","+strings.Join(r.fieldErrors(), ",")+",", ","+tt.field+",") {
			t.Errorf("%s: %d %s, want 422 on %s", tt.name, r.Status, r.Raw, tt.field)
		}
	}
	r := s.do("POST", "/api/v1/returns", med, map[string]any{"township": townA, "month": "2026-06"})
	if !strings.Contains(string(r.Raw), "2026年6月尚未结束，2026-07-01起才能报送") {
		t.Errorf("the month not ended is not explained: %s", r.Raw)
	}
	expectRefusal(t, s.do("POST", "/api/v1/returns", med, map[string]any{"township": townA, "month": "2026-05", "extra": 1}),
		http.StatusBadRequest, "bad_request", "an unknown field")
	expectRefusal(t, s.do("POST", "/api/v1/returns", med, map[string]any{"township": townC, "month": "2026-05"}),
		http.StatusForbidden, "out_of_region", "another county's township")
	expectRefusal(t, s.do("POST", "/api/v1/returns", lead, map[string]any{"township": townA, "month": "2026-05"}),
		http.StatusForbidden, "forbidden", "a leader submits")

	theirs, _ := s.submitReturn(far, map[string]any{"township": townC, "month": "2026-05"}, http.StatusCreated)
	for _, path := range []string{"/api/v1/returns/" + theirs.ID, "/api/v1/returns/" + theirs.ID + "/corrections"} {
		method, body := "GET", any(nil)
		if strings.HasSuffix(path, "corrections") {
			method, body = "POST", map[string]any{"reason": "更正"}
		}
		got := s.do(method, path, med, body)
		for _, unknown := range []string{townA + "-2026-04", townA + "-2026-05-c1", "nonsense", townA + "-2026-05-c01"} {
			want := s.do(method, strings.Replace(path, theirs.ID, unknown, 1), med, body)
			if got.Status != http.StatusNotFound || got.reason() != "return_not_found" || !bytes.Equal(got.Raw, want.Raw) {
				t.Errorf("%s %s of another county: %d %s; unknown %s: %d %s", method, path, got.Status, got.Raw, unknown, want.Status, want.Raw)
			}
		}
	}
	expectRefusal(t, s.do("GET", "/api/v1/returns?region="+townC+"&month=2026-05", med, nil), http.StatusForbidden, "out_of_region", "another county's board")
	for _, q := range []string{"month=2026-06", "month=2026-13", "month=May", "format=pdf", "region=nowhere"} {
		expectRefusal(t, s.do("GET", "/api/v1/returns?"+q, lead, nil), http.StatusBadRequest, "bad_request", "board with "+q)
	}
	expectRefusal(t, s.do("GET", "/api/v1/returns/months?township="+county, lead, nil), http.StatusBadRequest, "bad_request", "months of a county")
	expectRefusal(t, s.do("GET", "/api/v1/returns/months?township="+townC, med, nil), http.StatusForbidden, "out_of_region", "months of another township")
	expectRefusal(t, s.do("GET", "/api/v1/returns/months?year=2027", med, nil), http.StatusBadRequest, "bad_request", "a year to come")

	// the leader reads the county's board; nothing was stored by the refusals
	var board domain.ReturnBoard
	s.getJSON(lead, "/api/v1/returns", &board)
	if board.Month != "2026-05" || board.Region.Code != county || board.Counts.Submitted != 0 || board.Counts.Missing != board.Counts.Townships {
		t.Fatalf("the county's board: %+v", board.Counts)
	}
	if n := s.App.returns.Len(); n != 1 {
		t.Fatalf("%d returns stored, want only the other county's", n)
	}
	var months domain.ReturnMonths
	s.getJSON(med, "/api/v1/returns/months", &months)
	if len(months.Rows) != 5 || months.Rows[4].Month != "2026-05" || months.Rows[4].Live == nil || months.Rows[4].Live.Disputes.Accepted != 1 {
		t.Fatalf("the township's months of 2026: %+v", months.Rows)
	}
}

// The figures a return lists (domain.ReturnFigures, whose labels the web app shows) are the report's export
// columns, in the order of the 月报; 督办在办 is counted as of now and is no figure of a month.
func TestReturnFiguresAreTheExportColumns(t *testing.T) {
	var headers []string
	for _, h := range figureHeaders(true) {
		if h != "督办在办" {
			headers = append(headers, h)
		}
	}
	var labels []string
	for _, f := range domain.ReturnFigures {
		labels = append(labels, f.Label)
	}
	if !reflect.DeepEqual(labels, headers) {
		t.Fatalf("return figures:\n %v\nexport columns:\n %v", labels, headers)
	}
}
