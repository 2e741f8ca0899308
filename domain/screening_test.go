package domain

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

func TestScreeningPeriodsFollowTheCadence(t *testing.T) {
	for _, tc := range []struct {
		level, at        string
		code, from, last string
	}{
		{ScreeningTownship, "2026-02-28", "2026-02", "2026-02-01", "2026-02-28"},
		{ScreeningTownship, "2026-03-01", "2026-03", "2026-03-01", "2026-03-31"},
		{ScreeningVillage, "2026-03-15", "2026-03-1", "2026-03-01", "2026-03-15"},
		{ScreeningVillage, "2026-03-16", "2026-03-2", "2026-03-16", "2026-03-31"},
		{ScreeningVillage, "2026-02-28", "2026-02-2", "2026-02-16", "2026-02-28"},
	} {
		p := PeriodOf(ScreeningCadence[tc.level], day(tc.at).Add(13*time.Hour))
		if p.Code != tc.code || p.From.Format(time.DateOnly) != tc.from || LastDay(p.To) != tc.last {
			t.Errorf("%s %s: %s %s–%s, want %s %s–%s", tc.level, tc.at, p.Code, p.From.Format(time.DateOnly), LastDay(p.To), tc.code, tc.from, tc.last)
		}
		if n := p.Next(); !n.From.Equal(p.To) || !n.Prev().From.Equal(p.From) {
			t.Errorf("%s: next %s, its prev %s", p.Code, n.Code, n.Prev().Code)
		}
	}
	if n := len(PeriodsOfMonth(PeriodHalfMonth, day("2026-03-01"))); n != 2 {
		t.Errorf("%d half months in March", n)
	}
}

func TestStatusOfPeriod(t *testing.T) {
	p := PeriodOf(PeriodMonth, day("2026-03-10")) // due by April 5 with 5 days
	at := func(s string) *time.Time { d := day(s).Add(10 * time.Hour); return &d }
	for _, tc := range []struct {
		first *time.Time
		now   string
		want  ScreeningStatus
	}{
		{nil, "2026-03-20", ScreeningOpen},
		{nil, "2026-04-02", ScreeningDue},
		{nil, "2026-04-05", ScreeningDue},
		{nil, "2026-04-06", ScreeningMissing},
		{at("2026-03-20"), "2026-03-21", ScreeningReported},
		{at("2026-04-05"), "2026-04-09", ScreeningReported},
		{at("2026-04-06"), "2026-04-09", ScreeningLate},
	} {
		if got := StatusOfPeriod(p, tc.first, 5, day(tc.now).Add(9*time.Hour)); got != tc.want {
			t.Errorf("first %v, now %s: %s, want %s", tc.first, tc.now, got, tc.want)
		}
	}
}

// benchmarkBook is a city's year of rounds: every township monthly and ten villages each half month.
func benchmarkBook(b *testing.B) (*ScreeningBook, *RegionTree) {
	tree, err := NewRegionTree(AnkangRegions())
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	var places []PlaceList
	var rounds []Round
	for _, t := range tree.Townships("6109") {
		l := PlaceList{Township: t.Code}
		for v := range 10 {
			l.Places = append(l.Places, Place{Name: fmt.Sprintf("村%d", v), Kind: "village"})
		}
		places = append(places, l)
		for d := 0; d < 365; d += 15 {
			date := day("2026-01-01").AddDate(0, 0, d+r.IntN(10))
			for v := -1; v < 10; v++ {
				if v == -1 && d%30 != 0 {
					continue
				}
				village := ""
				if v >= 0 {
					village = fmt.Sprintf("村%d", v)
				}
				rounds = append(rounds, Round{ID: fmt.Sprintf("%s-%d-%d", t.Code, d, v), TownshipCode: t.Code, Village: village,
					Date: date.Format(time.DateOnly), RecordedAt: date.Add(9 * time.Hour), CaseIDs: make([]string, r.IntN(2)), Prevented: r.IntN(2)})
			}
		}
	}
	return NewScreeningBook(tree, DefaultScreeningDueDays, places, rounds), tree
}

// BenchmarkScreeningReportColumns: the 排查 columns of the city's report by county over a year (docs/BENCHMARKS.md).
func BenchmarkScreeningReportColumns(b *testing.B) {
	book, tree := benchmarkBook(b)
	root, _ := tree.Get("6109")
	rep := ResolutionReport{GroupBy: string(LevelCounty)}
	for _, c := range tree.Children(root.Code) {
		rep.Rows = append(rep.Rows, ResolutionRow{Code: c.Code})
	}
	w := Window{From: day("2026-01-01"), To: day("2027-01-01")}
	b.ReportMetric(float64(len(book.rounds)), "rounds")
	for b.Loop() {
		book.FillReport(&rep, "6109", w)
	}
}

// BenchmarkScreeningBoard: the city's board of who reported for a month.
func BenchmarkScreeningBoard(b *testing.B) {
	book, tree := benchmarkBook(b)
	root, _ := tree.Get("6109")
	now := day("2026-07-10")
	for b.Loop() {
		book.Board(root, day("2026-06-01"), now)
	}
}

// A round stored before versions reads as version 1 and takes a correction naming it; the correction is
// late when made after the due day of the period the round was in, or of the one it moves into.
func TestCorrectRoundVersionAndLateness(t *testing.T) {
	tree, err := NewRegionTree(AnkangRegions())
	if err != nil {
		t.Fatal(err)
	}
	town := tree.Townships("6109")[0].Code
	places := &PlaceList{Township: town, Places: []Place{{Name: "月河村", Kind: "village"}}}
	stored := Round{ID: town + "-PC2026-0001", TownshipCode: town, Level: ScreeningVillage, Village: "月河村", Date: "2026-03-08",
		Participants: []string{"王书记"}, Places: []string{"月河村"}, ZeroReport: true, CaseIDs: []string{}, Hazards: []string{}, HazardIDs: []string{}}
	book := NewScreeningBook(tree, DefaultScreeningDueDays, nil, []Round{stored})
	if r, _ := book.Round("6109", stored.ID); r.Version != 1 || r.Corrections == nil {
		t.Fatalf("a round stored without a version reads as version %d, corrections %v", r.Version, r.Corrections)
	}
	by := &User{ID: "m", Name: "调解员", Role: RoleMediator, RegionCode: town}
	in := RoundCorrectionInput{Version: 1, Reason: "漏填", Date: "2026-03-08", Participants: []string{"王书记", "李调解"}, Places: []string{"月河村"}, ZeroReport: true}
	at := func(s string) time.Time { return day(s).Add(10 * time.Hour) }
	for _, c := range []struct {
		what string
		date string
		now  time.Time
		late bool
	}{
		{"within the period's due days", "2026-03-08", at("2026-03-20"), false},
		{"after the period's due day (the 20th for the first half of March)", "2026-03-08", at("2026-03-21"), true},
		{"moved into a period whose due day has passed", "2026-02-27", at("2026-03-10"), true},
		{"moved into a later period still open", "2026-03-16", at("2026-03-18"), false},
	} {
		in := in
		in.Date = c.date
		n, err := CorrectRound(&stored, in, by, tree, places, DefaultScreeningDueDays, c.now)
		if err != nil {
			t.Fatalf("%s: %v", c.what, err)
		}
		if n.Version != 2 || len(n.Corrections) != 1 || n.Corrections[0].Late != c.late || stored.Version != 0 {
			t.Errorf("%s: version %d, corrections %+v (stored version %d)", c.what, n.Version, n.Corrections, stored.Version)
		}
	}
	in.Version = 2
	if _, err := CorrectRound(&stored, in, by, tree, places, DefaultScreeningDueDays, at("2026-03-10")); err != ErrRoundChanged {
		t.Errorf("version 2 of a round at version 1: %v", err)
	}
}
