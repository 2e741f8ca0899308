package domain

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestRateRoundsHalfAwayFromZero(t *testing.T) {
	tests := []struct {
		num, den int
		want     string // JSON
	}{
		{0, 0, "null"},
		{5, 0, "null"},
		{0, 7, "0"},
		{7, 7, "1"},
		{7759 * 987 / 1000, 7759, "0.987"},
		{1, 3, "0.3333"},
		{2, 3, "0.6667"},
		{1, 32, "0.0313"},            // 0.03125: the half goes up
		{-1, 32, "-0.0313"},          // and away from zero below it
		{1, 80000, "0"},              // 0.0000125
		{3, 80000, "0"},              // 0.0000375
		{4, 80000, "0.0001"},         // 0.00005 exactly
		{9_999_500, 10_000_000, "1"}, // 0.99995
		{9_999_499, 10_000_000, "0.9999"},
		{-3, 2, "-1.5"},
	}
	for _, tt := range tests {
		b, _ := json.Marshal(Rate(tt.num, tt.den))
		if string(b) != tt.want {
			t.Errorf("Rate(%d, %d) = %s, want %s", tt.num, tt.den, b, tt.want)
		}
	}
}

func TestFiguresFinishAndJSON(t *testing.T) {
	d := DisputeFigures{Registered: 12, Accepted: 9, Rejected: 1, CarriedOver: 4, Resolved: 5, Failed: 1, Pending: 7,
		OnTime: 5, Overdue: 2, Parties: 25, Amount: 1234550, Mass: 1}
	d.CountVisit("satisfied")
	d.CountVisit("satisfied")
	d.CountVisit("basic")
	d.CountVisit("unsatisfied")
	d.CountPrevention(Prevention{Type: "criminal", People: 3})
	var sum DisputeFigures
	sum.Add(d)
	sum.Finish()
	if sum.CarriedOver+sum.Accepted != sum.Concluded+sum.Pending {
		t.Errorf("identity: %d + %d != %d + %d", sum.CarriedOver, sum.Accepted, sum.Concluded, sum.Pending)
	}
	b, _ := json.Marshal(sum)
	for _, want := range []string{`"registered":12`, `"concluded":6`, `"successRate":0.8333`, `"concludedRate":0.4615`,
		`"onTimeRate":0.8333`, `"followUps":4`, `"satisfactionRate":0.5`, `"basicOrBetterRate":0.75`, `"amount":12345.5`,
		`"preventedCriminal":1`, `"preventedCriminalPeople":3`, `"mass":1`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("disputes %s lack %s", b, want)
		}
	}

	p := PetitionFigures{Assigned: 3, Cleared: 2, Reopened: 1, Total: 5, ClearedAtEnd: 3, Overdue: 1}
	p.Finish()
	b, _ = json.Marshal(p)
	if want := `{"assigned":3,"cleared":2,"reopened":1,"total":5,"clearedAtEnd":3,"open":2,"overdue":1,"clearanceRate":0.6,"supervised":0}`; string(b) != want {
		t.Errorf("petitions:\n got  %s\n want %s", b, want)
	}
	var empty DisputeFigures
	empty.Finish()
	for _, rate := range []string{"successRate", "concludedRate", "onTimeRate", "satisfactionRate", "basicOrBetterRate"} {
		if b, _ := json.Marshal(empty); !strings.Contains(string(b), `"`+rate+`":null`) {
			t.Errorf("empty figures must carry a null %s: %s", rate, b)
		}
	}
}

func TestParseWindow(t *testing.T) {
	w, err := ParseWindow("2026-01-01", "2026-01-31")
	if err != nil {
		t.Fatal(err)
	}
	if !w.From.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, Shanghai)) || !w.To.Equal(time.Date(2026, 2, 1, 0, 0, 0, 0, Shanghai)) {
		t.Errorf("window %v .. %v", w.From, w.To)
	}
	if w.FromDate() != "2026-01-01" || w.ToDate() != "2026-01-31" {
		t.Errorf("dates %s .. %s", w.FromDate(), w.ToDate())
	}
	// Shanghai midnight is 16:00 UTC the day before
	for _, c := range []struct {
		at   time.Time
		want bool
	}{
		{time.Date(2025, 12, 31, 15, 59, 59, 0, time.UTC), false},
		{time.Date(2025, 12, 31, 16, 0, 0, 0, time.UTC), true},
		{time.Date(2026, 1, 31, 23, 59, 59, 999, Shanghai), true},
		{time.Date(2026, 2, 1, 0, 0, 0, 0, Shanghai), false},
	} {
		if w.Contains(c.at) != c.want {
			t.Errorf("Contains(%v) = %v", c.at, !c.want)
		}
	}
	if w, err := ParseWindow("", ""); err != nil || !w.From.IsZero() || !w.To.IsZero() || !w.Contains(time.Time{}) || w.FromDate() != "" {
		t.Errorf("empty window: %+v %v", w, err)
	}
	if w, err := ParseWindow("2026-03-10", "2026-03-10"); err != nil || w.To.Sub(w.From) != 24*time.Hour {
		t.Errorf("one day: %+v %v", w, err)
	}
	for _, bad := range []struct{ from, to, msg string }{
		{"2026-1-1", "", "开始日期"},
		{"", "2026/01/31", "结束日期"},
		{"2026-02-30", "", "开始日期"},
		{"2026-02-02", "2026-02-01", "开始日期不能晚于结束日期"},
	} {
		_, err := ParseWindow(bad.from, bad.to)
		var de *Error
		if !errors.As(err, &de) || !errors.Is(err, ErrBadRequest) || !strings.Contains(de.Message, bad.msg) {
			t.Errorf("ParseWindow(%q, %q) = %v, want a 400 naming %s", bad.from, bad.to, err, bad.msg)
		}
	}
}

func TestPeriods(t *testing.T) {
	sh := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, Shanghai) }
	label := func(ps []Period) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.Label)
		}
		return out
	}
	tests := []struct {
		interval string
		from, to time.Time
		want     []string
	}{
		{IntervalMonth, sh(2025, 11, 15), sh(2026, 2, 11), []string{"2025-11", "2025-12", "2026-01", "2026-02"}},
		{IntervalMonth, sh(2026, 3, 1), sh(2026, 4, 1), []string{"2026-03"}},
		{IntervalQuarter, sh(2025, 2, 1), sh(2025, 10, 1), []string{"2025-Q1", "2025-Q2", "2025-Q3"}},
		{IntervalYear, sh(2024, 6, 1), sh(2026, 1, 2), []string{"2024", "2025", "2026"}},
		// 2026-01-01 00:00 Shanghai is still 2025 in UTC: the bucket follows Shanghai
		{IntervalYear, time.Date(2025, 12, 31, 16, 0, 0, 0, time.UTC), sh(2026, 5, 1), []string{"2026"}},
	}
	for _, tt := range tests {
		if got := label(Periods(tt.interval, tt.from, tt.to)); !slices.Equal(got, tt.want) {
			t.Errorf("Periods(%s, %v, %v) = %v, want %v", tt.interval, tt.from, tt.to, got, tt.want)
		}
	}
	q := Periods(IntervalQuarter, sh(2026, 1, 1), sh(2026, 4, 1))[0]
	if !q.From.Equal(sh(2026, 1, 1)) || !q.To.Equal(sh(2026, 4, 1)) {
		t.Errorf("quarter bounds %v .. %v", q.From, q.To)
	}

	now := time.Date(2026, 3, 10, 9, 0, 0, 0, Shanghai)
	defaults := []struct {
		interval    string
		n           int
		first, last string
	}{
		{IntervalMonth, 12, "2025-04", "2026-03"},
		{IntervalQuarter, 8, "2024-Q2", "2026-Q1"},
		{IntervalYear, 5, "2022", "2026"},
	}
	for _, d := range defaults {
		ps := TrendPeriods(d.interval, Window{}, now)
		if len(ps) != d.n || ps[0].Label != d.first || ps[len(ps)-1].Label != d.last {
			t.Errorf("default %s: %v", d.interval, label(ps))
		}
		c := CountingPeriods(d.interval, ps)
		if len(c) != d.n+PreviousPeriods(d.interval) || c[len(c)-1] != ps[len(ps)-1] {
			t.Errorf("counting %s: %v", d.interval, label(c))
		}
	}
	if ps := TrendPeriods(IntervalMonth, Window{From: time.Date(1900, 1, 1, 0, 0, 0, 0, Shanghai)}, now); len(ps) != MaxTrendPoints || ps[len(ps)-1].Label != "2026-03" {
		t.Errorf("a century of months: %d points ending %s", len(ps), ps[len(ps)-1].Label)
	}
	if _, err := ParseInterval("week"); !errors.Is(err, ErrBadRequest) {
		t.Errorf("ParseInterval(week) = %v", err)
	}
	if iv, _ := ParseInterval(""); iv != IntervalMonth {
		t.Errorf("default interval %q", iv)
	}
}

func TestCompare(t *testing.T) {
	cur := DisputeFigures{Registered: 150, Resolved: 98, Failed: 2}
	prev := DisputeFigures{Registered: 120, Resolved: 95, Failed: 5}
	cur.Finish()
	prev.Finish()
	curP, prevP := PetitionFigures{Total: 3, ClearedAtEnd: 1}, PetitionFigures{}
	curP.Finish()
	prevP.Finish()
	b, _ := json.Marshal(Compare(cur, curP, prev, prevP))
	if want := `{"disputesTotal":0.25,"successRate":0.03,"petitionsTotal":null,"clearanceRate":null}`; string(b) != want {
		t.Errorf("Compare = %s, want %s", b, want)
	}
	b, _ = json.Marshal(Compare(prev, prevP, cur, curP))
	if want := `{"disputesTotal":-0.2,"successRate":-0.03,"petitionsTotal":-1,"clearanceRate":null}`; string(b) != want {
		t.Errorf("Compare back = %s, want %s", b, want)
	}
}

func TestRankRows(t *testing.T) {
	row := func(code string, resolved, concluded int) ResolutionRow {
		r := ResolutionRow{Code: code, Disputes: DisputeFigures{Resolved: resolved, Failed: concluded - resolved}}
		r.Disputes.Finish()
		return r
	}
	rows := []ResolutionRow{
		row("01", 0, 0),   // no rate: last
		row("02", 9, 10),  // 0.9
		row("03", 18, 20), // 0.9, more concluded: before 02
		row("04", 10, 10), // 1.0: first
		row("05", 0, 0),   // no rate, after 01 by code
		row("06", 9, 10),  // ties 02 on rate and concluded: by code
	}
	RankRows(rows)
	var got []int
	for _, r := range rows {
		got = append(got, r.Rank)
	}
	if want := []int{5, 3, 2, 1, 6, 4}; !slices.Equal(got, want) {
		t.Errorf("ranks %v, want %v", got, want)
	}
	if rows[0].Code != "01" || rows[5].Code != "06" {
		t.Error("RankRows reordered the rows")
	}
}

func TestDaysOverdue(t *testing.T) {
	due := time.Date(2026, 3, 1, 23, 0, 0, 0, Shanghai)
	tests := []struct {
		now  time.Time
		want int
	}{
		{due.Add(-time.Hour), 0},
		{due, 0},
		{due.Add(30 * time.Minute), 0},                     // same Shanghai day
		{due.Add(90 * time.Minute), 1},                     // next Shanghai day, 1.5 h later
		{time.Date(2026, 3, 11, 1, 0, 0, 0, time.UTC), 10}, // 09:00 Shanghai
		{time.Date(2026, 3, 10, 15, 59, 0, 0, time.UTC), 9},
	}
	for _, tt := range tests {
		if got := DaysOverdue(due, tt.now); got != tt.want {
			t.Errorf("DaysOverdue at %v = %d, want %d", tt.now, got, tt.want)
		}
	}
	if DaysOverdue(time.Time{}, due) != 0 {
		t.Error("no due date is never overdue")
	}
}

func TestCategoryIndex(t *testing.T) {
	if got := CategoryIndex("neighbor"); Categories[got].Code != "neighbor" {
		t.Errorf("neighbor at %d", got)
	}
	if got := CategoryIndex("no_such_category"); Categories[got].Code != "other" {
		t.Errorf("unknown category counted as %s", Categories[got].Code)
	}
}
