package domain

import (
	"errors"
	"reflect"
	"testing"
	"time"
)

func TestParseReturnMonth(t *testing.T) {
	for s, ok := range map[string]bool{"2026-05": true, "2000-01": true, "2099-12": true, "1999-12": false, "2100-01": false,
		"2026-13": false, "2026-00": false, "2026-5": false, "2026-05-01": false, "202605": false, "五月": false, "": false} {
		m, got := ParseReturnMonth(s)
		if got != ok {
			t.Errorf("%q: %v, want %v", s, got, ok)
		}
		if ok && (MonthCode(m) != s || m.Day() != 1 || m.Hour() != 0 || m.Location() != Shanghai) {
			t.Errorf("%q: %v", s, m)
		}
	}
}

// A month's returns open on the 1st of the next month (Asia/Shanghai) and are late from the 6th.
func TestReturnDatesAndLateness(t *testing.T) {
	may, _ := ParseReturnMonth("2026-05")
	if got := ReturnOpens(may); !got.Equal(time.Date(2026, 6, 1, 0, 0, 0, 0, Shanghai)) {
		t.Errorf("opens %v", got)
	}
	if got := ReturnDueDate(may); got != "2026-06-05" {
		t.Errorf("due %s", got)
	}
	dec, _ := ParseReturnMonth("2025-12")
	if ReturnDueDate(dec) != "2026-01-05" || MonthCode(LastEndedMonth(time.Date(2026, 1, 1, 0, 0, 0, 0, Shanghai))) != "2025-12" {
		t.Errorf("December: due %s", ReturnDueDate(dec))
	}
	town := &Region{Code: "610921102", Name: "双乳镇", Level: LevelTownship, ParentCode: "610921"}
	by := &User{ID: "m", Name: "王", Role: RoleMediator, RegionCode: town.Code}
	figures := ReportTotals{Disputes: DisputeFigures{Registered: 1}}
	for _, tt := range []struct {
		at   time.Time
		late bool
	}{
		{time.Date(2026, 6, 1, 0, 0, 0, 0, Shanghai), false},
		{time.Date(2026, 6, 5, 23, 59, 59, 999e6, Shanghai), false},
		{time.Date(2026, 6, 5, 16, 0, 0, 0, time.UTC), true}, // 06-06 00:00 in Shanghai
		{time.Date(2026, 9, 1, 0, 0, 0, 0, Shanghai), true},
	} {
		r, err := NewReturn(ReturnRequest{Township: town, Month: may}, figures, by, tt.at)
		if err != nil || r.Late != tt.late {
			t.Errorf("submitted %v: late %v (%v), want %v", tt.at, r.Late, err, tt.late)
		}
	}
}

func TestCheckReturnRequest(t *testing.T) {
	tree, err := NewRegionTree(AnkangRegions())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 6, 2, 9, 0, 0, 0, Shanghai)
	med := &User{ID: "m", Role: RoleMediator, RegionCode: "610921102"}
	countyAdmin := &User{ID: "a", Role: RoleAdmin, RegionCode: "610921"}
	lead := &User{ID: "l", Role: RoleLeader, RegionCode: "610921"}
	ok := NewReturnInput{Township: "610921102", Month: "2026-05"}
	if req, err := CheckReturnRequest(ok, med, tree, now); err != nil || req.Township.Code != "610921102" || MonthCode(req.Month) != "2026-05" {
		t.Fatalf("the own township's May: %+v %v", req, err)
	}
	if _, err := CheckReturnRequest(ok, countyAdmin, tree, now); err != nil {
		t.Errorf("the county's admin for one of its townships: %v", err)
	}
	if _, err := CheckReturnRequest(ok, lead, tree, now); !errors.Is(err, ErrForbidden) {
		t.Errorf("a leader: %v", err)
	}
	if _, err := CheckReturnRequest(NewReturnInput{Township: "610921103", Month: "2026-05"}, med, tree, now); !errors.Is(err, ErrOutOfRegion) {
		t.Errorf("the neighbouring township: %v", err)
	}
	fieldsOf := func(in NewReturnInput) []string {
		_, err := CheckReturnRequest(in, med, tree, now)
		var e *Error
		if !errors.As(err, &e) {
			return nil
		}
		var out []string
		for _, f := range e.Fields {
			out = append(out, f.Field)
		}
		return out
	}
	for in, want := range map[NewReturnInput][]string{
		{Township: "610921102", Month: "2026-06"}:               {"month"},
		{Township: "610921102", Month: " 2026-05 "}:             nil,
		{Township: "610921", Month: "2026-05"}:                  {"township"},
		{Township: "", Month: ""}:                               {"township", "month"},
		{Township: "610921102", Month: "2026-05", Note: "\x00"}: {"note"},
	} {
		if got := fieldsOf(in); !reflect.DeepEqual(got, want) {
			t.Errorf("%+v: fields %v, want %v", in, got, want)
		}
	}
}

// A 零报告 is asked for exactly when nothing is counted, flow or stock, and needs a note.
func TestZeroReportRule(t *testing.T) {
	town := &Region{Code: "610921102", Level: LevelTownship}
	may, _ := ParseReturnMonth("2026-05")
	by := &User{ID: "m", Role: RoleMediator, RegionCode: town.Code}
	now := time.Date(2026, 6, 2, 9, 0, 0, 0, Shanghai)
	var zero ReportTotals
	zero.Disputes.Finish()
	zero.Petitions.Finish()
	carried := ReportTotals{Disputes: DisputeFigures{CarriedOver: 1, Pending: 1}}
	backlog := ReportTotals{Petitions: PetitionFigures{Total: 1, ClearedAtEnd: 1}}
	for _, tt := range []struct {
		name    string
		figures ReportTotals
		zero    bool
		note    string
		fields  []string
	}{
		{"nothing, as a zero report with a note", zero, true, "本月无案件", nil},
		{"nothing, without a note", zero, true, "", []string{"note"}},
		{"nothing, not as a zero report", zero, false, "", []string{"zeroReport", "note"}},
		{"a case carried over", carried, true, "无", []string{"zeroReport"}},
		{"a cleared backlog case still in the stock", backlog, true, "无", []string{"zeroReport"}},
		{"a case carried over, as a return", carried, false, "", nil},
	} {
		r, err := NewReturn(ReturnRequest{Township: town, Month: may, ZeroReport: tt.zero, Note: tt.note}, tt.figures, by, now)
		var fields []string
		var e *Error
		if errors.As(err, &e) {
			for _, f := range e.Fields {
				fields = append(fields, f.Field)
			}
		}
		if !reflect.DeepEqual(fields, tt.fields) {
			t.Errorf("%s: fields %v (%v), want %v", tt.name, fields, err, tt.fields)
		}
		if err == nil && r.ZeroReport != tt.figures.IsZero() {
			t.Errorf("%s: zeroReport %v", tt.name, r.ZeroReport)
		}
	}
}

// Changes list the counts and the amount that differ, in the order of the 月报; rates follow the counts.
func TestFigureChanges(t *testing.T) {
	submitted := ReportTotals{Disputes: DisputeFigures{Accepted: 2, Resolved: 1, Amount: 10000}, Petitions: PetitionFigures{Total: 3}}
	live := ReportTotals{Disputes: DisputeFigures{Accepted: 2, Resolved: 2, Amount: 12050, Supervised: 4}, Petitions: PetitionFigures{Total: 2}}
	for _, f := range []*ReportTotals{&submitted, &live} {
		f.Disputes.Finish()
		f.Petitions.Finish()
	}
	want := []FigureChange{
		{Figure: "disputes.resolved", Submitted: 1, Live: 2, Change: 1},
		{Figure: "disputes.concluded", Submitted: 1, Live: 2, Change: 1},
		{Figure: "disputes.amount", Submitted: 100, Live: 120.5, Change: 20.5},
		{Figure: "petitions.total", Submitted: 3, Live: 2, Change: -1},
		{Figure: "petitions.open", Submitted: 3, Live: 2, Change: -1},
	}
	if got := FigureChanges(submitted, live); !reflect.DeepEqual(got, want) {
		t.Errorf("changes:\n got  %+v\n want %+v", got, want)
	}
	if got := FigureChanges(live, live); got == nil || len(got) != 0 {
		t.Errorf("no change: %v", got)
	}
	for _, f := range ReturnFigures {
		if f.Label == "" || f.En == "" {
			t.Errorf("figure %s unlabelled", f.Code)
		}
	}
}

// Corrections are numbered from the latest version, keep the original's id and need a reason and a change.
func TestNewCorrection(t *testing.T) {
	by := &User{ID: "m", Name: "王", Role: RoleMediator, RegionCode: "610921102"}
	now := time.Date(2026, 7, 1, 9, 0, 0, 0, Shanghai)
	orig := &MonthlyReturn{ID: "610921102-2026-05", Township: "610921102", Month: "2026-05",
		Figures: ReportTotals{Disputes: DisputeFigures{Registered: 1}}}
	changed := ReportTotals{Disputes: DisputeFigures{Registered: 2}}
	c1, err := NewCorrection(orig, CorrectionInput{Reason: "补录"}, changed, by, now)
	if err != nil || c1.ID != "610921102-2026-05-c1" || c1.Correction.Of != orig.ID || c1.Correction.N != 1 || c1.Late || c1.OriginalID() != orig.ID {
		t.Fatalf("c1: %+v %v", c1, err)
	}
	c2, err := NewCorrection(c1, CorrectionInput{Reason: "再补录"}, ReportTotals{}, by, now)
	if err != nil || c2.ID != "610921102-2026-05-c2" || c2.Correction.Of != orig.ID || !c2.ZeroReport {
		t.Fatalf("c2: %+v %v", c2, err)
	}
	if _, err := NewCorrection(c1, CorrectionInput{Reason: "无变化"}, changed, by, now); !errors.Is(err, ErrReturnUnchanged) {
		t.Errorf("no change: %v", err)
	}
	if _, err := NewCorrection(orig, CorrectionInput{Reason: " "}, changed, by, now); err == nil || err.(*Error).Fields[0].Field != "reason" {
		t.Errorf("no reason: %v", err)
	}
	if _, err := NewCorrection(orig, CorrectionInput{Reason: "x"}, changed, &User{Role: RoleLeader}, now); !errors.Is(err, ErrForbidden) {
		t.Errorf("a leader: %v", err)
	}
}

// A board counts its townships by status and assembles the latest submitted figures, per county too.
func TestBuildReturnBoard(t *testing.T) {
	tree, err := NewRegionTree(AnkangRegions())
	if err != nil {
		t.Fatal(err)
	}
	may, _ := ParseReturnMonth("2026-05")
	towns := tree.Townships("610921")[:3]
	a := &MonthlyReturn{ID: towns[0].Code + "-2026-05", Figures: ReportTotals{Disputes: DisputeFigures{Accepted: 2, Resolved: 1, Failed: 1}}}
	a1 := &MonthlyReturn{ID: a.ID + "-c1", Figures: ReportTotals{Disputes: DisputeFigures{Accepted: 3, Resolved: 2, Failed: 1}},
		Correction: &Correction{Of: a.ID, N: 1}}
	b := &MonthlyReturn{ID: towns[1].Code + "-2026-05", Late: true, ZeroReport: true}
	live := ReportTotals{Disputes: DisputeFigures{Accepted: 4, Resolved: 2, Failed: 1}}
	rows := []ReturnRow{
		NewReturnRow(towns[0], may, []*MonthlyReturn{a, a1}, live),
		NewReturnRow(towns[1], may, []*MonthlyReturn{b}, ReportTotals{}),
		NewReturnRow(towns[2], may, nil, live),
	}
	county, _ := tree.Get("610921")
	now := time.Date(2026, 6, 9, 9, 0, 0, 0, Shanghai)
	board := BuildReturnBoard(tree, county, may, rows, now)
	wantCounts := ReturnCounts{Townships: 3, Submitted: 1, Late: 1, Missing: 1, ZeroReports: 1, Corrected: 1, Changed: 1}
	if board.Counts != wantCounts || !board.DuePassed || board.Month != "2026-05" {
		t.Errorf("board: %+v", board.Counts)
	}
	d := board.Assembled.Disputes
	if d.Accepted != 3 || d.Resolved != 2 || d.Concluded != 3 || d.SuccessRate == nil || *d.SuccessRate != 0.6667 {
		t.Errorf("assembled: %+v", d)
	}
	if len(board.Groups) != 1 || board.Groups[0].Code != "610921" || !reflect.DeepEqual(board.Groups[0].Assembled, board.Assembled) {
		t.Errorf("groups: %+v", board.Groups)
	}
	if rows[2].Status != ReturnMissing || rows[2].Latest != nil || rows[2].SubmittedAt != nil || len(rows[2].Changes) != 0 {
		t.Errorf("a missing township's row: %+v", rows[2])
	}
}
