package caseindex

import (
	"fmt"
	"reflect"
	"sort"
	"testing"
	"time"

	"pingan/domain"
	"pingan/internal/recount"
)

// The oracle: every report figure the index computes is checked against a plain recount over the cases,
// with DESIGN.md's definitions written out again here.

var oracleNow = time.Date(2026, 3, 10, 9, 30, 0, 0, domain.Shanghai)

// boundaryDay is a day with cases registered one second either side of both its midnights.
var boundaryDay = time.Date(2025, 6, 15, 0, 0, 0, 0, domain.Shanghai)

// oracleTowns: townships of two counties plus some elsewhere.
var oracleTowns = []string{
	"610902001", "610902002", "610902100", "610902101", // 汉滨区
	"610921100", "610921101", "610921102", // 汉阴县
	"610922100", "610981100",
}

// buildOracle puts a few hundred cases, re-puts a third of them after more actions, and returns the index
// and the cases as they stand.
func buildOracle(t testing.TB) (*Index, []*domain.Case) {
	t.Helper()
	for _, code := range oracleTowns {
		if r, ok := ankang.Get(code); !ok || r.Level != domain.LevelTownship {
			t.Fatalf("test township %s is not in the Ankang tree", code)
		}
	}
	g := newGen(42, oracleNow)
	var cases []*domain.Case
	start := oracleNow.AddDate(-3, 0, 0)
	for i := 0; i < 600; i++ {
		kind := domain.KindDispute
		if g.r.Intn(4) == 0 {
			kind = domain.KindPetition
		}
		reg := start.Add(time.Duration(g.r.Int63n(int64(oracleNow.Sub(start)))))
		cases = append(cases, g.newCase(kind, oracleTowns[g.r.Intn(len(oracleTowns))], reg))
	}
	for _, reg := range []time.Time{boundaryDay.Add(-time.Second), boundaryDay, boundaryDay.Add(24*time.Hour - time.Second), boundaryDay.Add(24 * time.Hour)} {
		for _, kind := range []domain.Kind{domain.KindDispute, domain.KindPetition} {
			cases = append(cases, g.newCase(kind, "610902001", reg))
		}
	}
	// due dates a moment either side of now
	// due dates a moment either side of now: a dispute accepted 30 days before, a petition assigned with
	// its deadline there
	for i, d := range []time.Duration{-time.Second, time.Second, -24 * time.Hour, 24 * time.Hour} {
		reg := oracleNow.AddDate(0, 0, -31)
		c := g.register(domain.KindDispute, oracleTowns[i], reg)
		mustReplay(c, "accept", oracleNow.AddDate(0, 0, -domain.DisputeTermDays).Add(d))
		cases = append(cases, c)
		p := g.register(domain.KindPetition, oracleTowns[i], reg)
		due := oracleNow.Add(d)
		p.DueAt, p.Petition.DueAt, p.Timeline[0].DueAt = &due, &due, &due
		mustReplay(p, "accept", reg.Add(time.Hour))
		cases = append(cases, p)
	}

	ix := New(ankang)
	for _, c := range cases {
		ix.Put(c)
	}
	for i, c := range cases {
		if i%3 == 0 {
			g.advance(c, 1+g.r.Intn(3))
			ix.Put(c)
		}
	}
	if ix.Len() != len(cases) {
		t.Fatalf("Len = %d after re-puts, want %d", ix.Len(), len(cases))
	}
	return ix, cases
}

func mustReplay(c *domain.Case, action string, at time.Time) {
	if err := domain.Replay(c, domain.ActionInput{Action: action, Version: c.Version}, genAdmin, ankang, at, oracleNow); err != nil {
		panic(fmt.Sprintf("%s %s: %v", c.ID, action, err))
	}
}

// inWindow: registeredAt on or after from's Shanghai midnight and before the midnight after to (the list's
// window).
func inWindow(c *domain.Case, from, to string) bool {
	reg := c.RegisteredAt.In(domain.Shanghai).Format(time.DateOnly)
	return (from == "" || reg >= from) && (to == "" || reg <= to)
}

type oracleWindow struct {
	name, from, to string
}

var oracleWindows = []oracleWindow{
	{"unbounded", "", ""},
	{"year 2025", "2025-01-01", "2025-12-31"},
	{"one month", "2025-06-01", "2025-06-30"},
	{"boundary day", boundaryDay.Format(time.DateOnly), boundaryDay.Format(time.DateOnly)},
	{"from only", "2025-10-01", ""},
	{"to only", "", "2024-12-31"},
}

func mustWindow(t testing.TB, from, to string) domain.Window {
	t.Helper()
	w, err := domain.ParseWindow(from, to)
	if err != nil {
		t.Fatalf("ParseWindow(%q, %q): %v", from, to, err)
	}
	return w
}

// recountWindow is the window of from..to as the recount reads it: to defaults to today.
func recountWindow(from, to string) recount.Window {
	w := recount.Window{Now: oracleNow, End: domain.DayAfter(oracleNow).Add(-time.Millisecond)}
	if from != "" {
		w.From, _ = time.ParseInLocation(time.DateOnly, from, domain.Shanghai)
	}
	if to != "" {
		d, _ := time.ParseInLocation(time.DateOnly, to, domain.Shanghai)
		w.End = d.AddDate(0, 0, 1).Add(-time.Millisecond)
	}
	return w
}

func oracleRate(num, den int) *float64 { return recount.Rate(num, den) }

func in(region string) func(*domain.Case) bool {
	return func(c *domain.Case) bool { return ankang.Contains(region, c.TownshipCode) }
}

func sameFigures(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got  %s\n want %s", what, show(got), show(want))
	}
}

func show(v any) string {
	s := fmt.Sprintf("%+v", v)
	rv := reflect.ValueOf(v)
	for i := 0; i < rv.NumField(); i++ {
		if p, ok := rv.Field(i).Interface().(*float64); ok && p != nil {
			s += fmt.Sprintf(" %s=%v", rv.Type().Field(i).Name, *p)
		}
	}
	return s
}

func TestResolutionEqualsRecount(t *testing.T) {
	ix, cases := buildOracle(t)
	// the histories hold every event the figures count, or the comparison below proves little
	seen := map[string]int{}
	for _, c := range cases {
		for _, e := range c.Timeline {
			seen[string(c.Kind)+"/"+e.Action]++
		}
	}
	for _, want := range []string{"dispute/accept", "dispute/reject", "dispute/resolve", "dispute/fail", "dispute/extend",
		"dispute/visit", "dispute/close", "petition/return", "petition/reassign", "petition/withdraw", "petition/apply_clear",
		"petition/reject_clear", "petition/clear", "petition/reopen", "petition/extend"} {
		if seen[want] == 0 {
			t.Errorf("the generated histories hold no %s", want)
		}
	}
	configs := []struct {
		region  string
		groupBy domain.RegionLevel
	}{
		{"6109", domain.LevelCounty},
		{"6109", domain.LevelTownship},
		{"610902", domain.LevelTownship},
		{"610921", domain.LevelTownship},
		{"610921", domain.LevelCounty},
		{"610902001", domain.LevelTownship},
	}
	for _, cfg := range configs {
		for _, win := range oracleWindows {
			t.Run(fmt.Sprintf("%s by %s %s", cfg.region, cfg.groupBy, win.name), func(t *testing.T) {
				rep := ix.Resolution(cfg.region, cfg.groupBy, mustWindow(t, win.from, win.to), oracleNow)
				var want []*domain.Region
				for _, r := range ankang.All() {
					if r.Level == cfg.groupBy && ankang.Contains(cfg.region, r.Code) {
						want = append(want, r)
					}
				}
				if len(rep.Rows) != len(want) {
					t.Fatalf("%d rows, want %d", len(rep.Rows), len(want))
				}
				rw := recountWindow(win.from, win.to)
				for i, row := range rep.Rows {
					r := want[i]
					if row.Code != r.Code || row.Name != r.Name || row.ParentCode != r.ParentCode {
						t.Fatalf("row %d is %s %s, want %s %s", i, row.Code, row.Name, r.Code, r.Name)
					}
					sameFigures(t, row.Code+" disputes", row.Disputes, recount.Disputes(cases, in(r.Code), rw))
					sameFigures(t, row.Code+" petitions", row.Petitions, recount.Petitions(cases, in(r.Code), rw))
					checkIdentity(t, row.Code, row.Disputes)
				}
				sameFigures(t, "totals disputes", rep.Totals.Disputes, recount.Disputes(cases, in(cfg.region), rw))
				sameFigures(t, "totals petitions", rep.Totals.Petitions, recount.Petitions(cases, in(cfg.region), rw))
				checkIdentity(t, "totals", rep.Totals.Disputes)
				wantTo := win.to
				if wantTo == "" {
					wantTo = oracleNow.Format(time.DateOnly)
				}
				if rep.From != win.from || rep.To != wantTo {
					t.Errorf("report window %q..%q, want %q..%q", rep.From, rep.To, win.from, wantTo)
				}
				checkRanks(t, rep.Rows)
			})
		}
	}
}

// checkIdentity: carried over + accepted = concluded + pending, in every row.
func checkIdentity(t *testing.T, what string, d domain.DisputeFigures) {
	t.Helper()
	if d.CarriedOver+d.Accepted != d.Concluded+d.Pending {
		t.Errorf("%s: carriedOver %d + accepted %d != concluded %d + pending %d", what, d.CarriedOver, d.Accepted, d.Concluded, d.Pending)
	}
}

// checkRanks: ranks are 1..n, ordered by success rate desc, concluded desc, code; null rates last.
func checkRanks(t *testing.T, rows []domain.ResolutionRow) {
	t.Helper()
	byRank := make([]domain.ResolutionRow, len(rows))
	for _, r := range rows {
		if r.Rank < 1 || r.Rank > len(rows) || byRank[r.Rank-1].Code != "" {
			t.Fatalf("rank %d of %s is out of range or taken", r.Rank, r.Code)
		}
		byRank[r.Rank-1] = r
	}
	key := func(r domain.ResolutionRow) (float64, int) {
		if r.Disputes.SuccessRate == nil {
			return -1, r.Disputes.Concluded
		}
		return *r.Disputes.SuccessRate, r.Disputes.Concluded
	}
	for i := 1; i < len(byRank); i++ {
		ra, aa := key(byRank[i-1])
		rb, ab := key(byRank[i])
		if ra < rb || ra == rb && (aa < ab || aa == ab && byRank[i-1].Code > byRank[i].Code) {
			t.Errorf("rank %d (%s) before rank %d (%s) breaks the order", i, byRank[i-1].Code, i+1, byRank[i].Code)
		}
	}
}

// A day's window counts what happened that day only: the registrations one second either side of both its
// midnights fall out.
func TestBoundaryDayCountsOnlyItsOwnCases(t *testing.T) {
	ix, cases := buildOracle(t)
	day := boundaryDay.Format(time.DateOnly)
	rep := ix.Resolution("610902001", domain.LevelTownship, mustWindow(t, day, day), oracleNow)
	var want int
	for _, c := range cases {
		if c.TownshipCode == "610902001" && c.Kind == domain.KindDispute &&
			!c.RegisteredAt.Before(boundaryDay) && c.RegisteredAt.Before(boundaryDay.AddDate(0, 0, 1)) {
			want++
		}
	}
	if want < 2 {
		t.Fatalf("test data has %d disputes on the boundary day, want the two at 00:00:00 and 23:59:59", want)
	}
	if got := rep.Totals.Disputes.Registered; got != want {
		t.Errorf("boundary day disputes = %d, want %d", got, want)
	}
}

// By month: each row is its month's window; the stocks chain (a month's pending is the next one's carried
// over); the totals' stocks are the window's.
func TestResolutionByMonthEqualsRecount(t *testing.T) {
	ix, cases := buildOracle(t)
	for _, region := range []string{"6109", "610902", "610921101"} {
		for _, win := range []oracleWindow{{"two years", "2024-03-11", "2026-03-10"}, {"mid-month", "2025-05-17", "2025-09-03"}, {"from only", "2025-10-01", ""}} {
			t.Run(region+" "+win.name, func(t *testing.T) {
				rep := ix.ResolutionByMonth(region, mustWindow(t, win.from, win.to), oracleNow)
				if rep.GroupBy != domain.GroupByMonth || len(rep.Rows) == 0 {
					t.Fatalf("groupBy %s, %d rows", rep.GroupBy, len(rep.Rows))
				}
				whole := recountWindow(win.from, win.to)
				for i, row := range rep.Rows {
					m, _ := time.ParseInLocation("2006-01", row.Code, domain.Shanghai)
					w := recount.Window{From: m, End: m.AddDate(0, 1, 0).Add(-time.Millisecond), Now: oracleNow}
					if i == 0 {
						w.From = whole.From
					}
					if i == len(rep.Rows)-1 {
						w.End = whole.End
					}
					sameFigures(t, row.Code+" disputes", row.Disputes, recount.Disputes(cases, in(region), w))
					sameFigures(t, row.Code+" petitions", row.Petitions, recount.Petitions(cases, in(region), w))
					checkIdentity(t, row.Code, row.Disputes)
					if running := m.AddDate(0, 1, 0).After(oracleNow); row.Partial != running {
						t.Errorf("%s partial %v, want %v", row.Code, row.Partial, running)
					}
					if i > 0 && rep.Rows[i-1].Disputes.Pending != row.Disputes.CarriedOver {
						t.Errorf("%s carries over %d, the month before left %d pending", row.Code, row.Disputes.CarriedOver, rep.Rows[i-1].Disputes.Pending)
					}
				}
				sameFigures(t, "totals disputes", rep.Totals.Disputes, recount.Disputes(cases, in(region), whole))
				sameFigures(t, "totals petitions", rep.Totals.Petitions, recount.Petitions(cases, in(region), whole))
			})
		}
	}
}

func TestCategoriesEqualRecount(t *testing.T) {
	ix, cases := buildOracle(t)
	for _, region := range []string{"6109", "610902", "610921101"} {
		for _, win := range oracleWindows {
			t.Run(region+" "+win.name, func(t *testing.T) {
				rep := ix.Categories(region, mustWindow(t, win.from, win.to), oracleNow)
				if len(rep.Rows) != len(domain.Categories) {
					t.Fatalf("%d rows, want %d", len(rep.Rows), len(domain.Categories))
				}
				for i, row := range rep.Rows {
					code := domain.Categories[i].Code
					if row.Category != code || row.Name != domain.Categories[i].Label {
						t.Fatalf("row %d is %s %s, want %s", i, row.Category, row.Name, code)
					}
					ofCategory := func(c *domain.Case) bool {
						cat := c.Category
						if !domain.IsValid(domain.Categories, cat) {
							cat = "other"
						}
						return cat == code && ankang.Contains(region, c.TownshipCode)
					}
					sameFigures(t, code, row.DisputeFigures, recount.Disputes(cases, ofCategory, recountWindow(win.from, win.to)))
				}
				sameFigures(t, "totals", rep.Totals, recount.Disputes(cases, in(region), recountWindow(win.from, win.to)))
			})
		}
	}
}

func TestBacklogEqualsRecount(t *testing.T) {
	ix, cases := buildOracle(t)
	for _, region := range []string{"6109", "610902", "610921", "610902001"} {
		t.Run(region, func(t *testing.T) {
			rep := ix.Backlog(region, oracleNow)
			var want []*domain.Case
			for _, c := range cases {
				if c.Kind == domain.KindPetition && ankang.Contains(region, c.TownshipCode) && domain.IsOpen(c.Status) {
					want = append(want, c)
				}
			}
			sort.Slice(want, func(i, j int) bool {
				a, b := want[i].DueAt, want[j].DueAt
				switch {
				case a == nil && b == nil:
					return want[i].ID < want[j].ID
				case a == nil || b == nil:
					return b == nil
				case !a.Equal(*b):
					return a.Before(*b)
				}
				return want[i].ID < want[j].ID
			})
			if rep.Total != len(want) || len(rep.Items) != len(want) {
				t.Fatalf("total %d with %d items, want %d", rep.Total, len(rep.Items), len(want))
			}
			for i, it := range rep.Items {
				c := want[i]
				if it.Summary.ID != c.ID {
					t.Fatalf("item %d is %s, want %s", i, it.Summary.ID, c.ID)
				}
				days := 0
				if c.DueAt != nil && oracleNow.After(*c.DueAt) {
					due, _ := time.Parse(time.DateOnly, c.DueAt.In(domain.Shanghai).Format(time.DateOnly))
					today, _ := time.Parse(time.DateOnly, oracleNow.In(domain.Shanghai).Format(time.DateOnly))
					days = int(today.Sub(due).Hours() / 24)
				}
				if it.DaysOverdue != days {
					t.Errorf("%s daysOverdue = %d, want %d", c.ID, it.DaysOverdue, days)
				}
				if c.Petition.LeadLeader != nil && (it.Summary.LeadLeader == nil || *it.Summary.LeadLeader != *c.Petition.LeadLeader) {
					t.Errorf("%s lead leader %v, want %v", c.ID, it.Summary.LeadLeader, c.Petition.LeadLeader)
				}
				if it.Summary.AssignedBy != c.Petition.AssignedBy {
					t.Errorf("%s assignedBy %q, want %q", c.ID, it.Summary.AssignedBy, c.Petition.AssignedBy)
				}
			}
		})
	}
}

func TestTrendEqualsRecount(t *testing.T) {
	ix, cases := buildOracle(t)
	tests := []struct {
		interval, from, to string
		labels             []string
	}{
		{"month", "2025-11-15", "2026-02-10", []string{"2025-11", "2025-12", "2026-01", "2026-02"}},
		{"quarter", "2025-01-01", "2025-12-31", []string{"2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"}},
		{"year", "2024-03-01", "2026-03-10", []string{"2024", "2025", "2026"}},
	}
	for _, tt := range tests {
		t.Run(tt.interval, func(t *testing.T) {
			rep := ix.Trend("610902", tt.interval, mustWindow(t, tt.from, tt.to), oracleNow)
			if len(rep.Points) != len(tt.labels) {
				t.Fatalf("%d points, want %d", len(rep.Points), len(tt.labels))
			}
			for i, p := range rep.Points {
				if p.Period != tt.labels[i] {
					t.Errorf("point %d is %s, want %s", i, p.Period, tt.labels[i])
				}
				sameFigures(t, p.Period+" disputes", p.Disputes, recount.Disputes(cases, in("610902"), recountWindow(p.From, p.To)))
				sameFigures(t, p.Period+" petitions", p.Petitions, recount.Petitions(cases, in("610902"), recountWindow(p.From, p.To)))
				// year-on-year: the same period a year earlier, recounted
				yf, _ := time.Parse(time.DateOnly, p.From)
				yt, _ := time.Parse(time.DateOnly, p.To)
				prev := recount.Disputes(cases, in("610902"), recountWindow(yf.AddDate(-1, 0, 0).Format(time.DateOnly), yt.AddDate(-1, 0, 1).AddDate(0, 0, -1).Format(time.DateOnly)))
				var want *float64
				if prev.Registered > 0 {
					want = oracleRate(p.Disputes.Registered-prev.Registered, prev.Registered)
				}
				sameFigures(t, p.Period+" yoy", struct{ V *float64 }{p.YoY.DisputesTotal}, struct{ V *float64 }{want})
				if i > 0 {
					before := rep.Points[i-1].Disputes
					var mom *float64
					if before.Registered > 0 {
						mom = oracleRate(p.Disputes.Registered-before.Registered, before.Registered)
					}
					sameFigures(t, p.Period+" mom", struct{ V *float64 }{p.MoM.DisputesTotal}, struct{ V *float64 }{mom})
				}
			}
		})
	}
}
