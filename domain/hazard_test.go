package domain

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"
)

var (
	leaderH     = &User{ID: "lead-h", Name: "汉滨区领导", Role: RoleLeader, RegionCode: countyH}
	leaderTownA = &User{ID: "lead-a", Name: "老城街道领导", Role: RoleLeader, RegionCode: townA}
)

func newTestHazard(t *testing.T, town string, at time.Time) *Hazard {
	t.Helper()
	h, err := NewHazard(HazardInput{Type: "fire", Title: "老旧小区电线私拉乱接", Description: "多户电线老化", TownshipCode: town,
		Level: "yellow"}, "H-"+town+at.Format("150405.000"), adminC, testRegions, at)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// hazardIn takes the hazard through the steps that lead to status (as the township's mediator and the county leader).
func hazardIn(t *testing.T, status HazardStatus, at time.Time) *Hazard {
	t.Helper()
	h := newTestHazard(t, townA, at)
	steps := map[HazardStatus][]HazardActionInput{
		HazardRegistered: {},
		HazardAssessed:   {{Action: "assess", Assessment: "可控"}},
		HazardRectifying: {{Action: "assess", Assessment: "可控"}, {Action: "rectify", ResponsibleUnit: "社区", ResponsiblePerson: "王", Deadline: ptr(at.AddDate(0, 0, 10))}},
		HazardChecking: {{Action: "assess", Assessment: "可控"}, {Action: "rectify", ResponsibleUnit: "社区", ResponsiblePerson: "王", Deadline: ptr(at.AddDate(0, 0, 10))},
			{Action: "request_check"}},
		HazardCleared: {{Action: "assess", Assessment: "可控"}, {Action: "rectify", ResponsibleUnit: "社区", ResponsiblePerson: "王", Deadline: ptr(at.AddDate(0, 0, 10))},
			{Action: "request_check"}, {Action: "pass"}},
	}[status]
	for _, in := range steps {
		by := mediatorA
		if in.Action == "pass" {
			by = leaderH
		}
		in.Version = h.Version
		next, err := ApplyHazard(h, in, by, testRegions, at)
		if err != nil {
			t.Fatalf("%s: %v", in.Action, err)
		}
		h = next
	}
	return h
}

// TestHazardTransitionsExhaustively tries every action from every status: the table alone decides which go.
func TestHazardTransitionsExhaustively(t *testing.T) {
	full := HazardActionInput{Assessment: "研判", ResponsibleUnit: "社区", ResponsiblePerson: "王", Note: "进展", Reason: "理由",
		Deadline: ptr(testNow.AddDate(0, 0, 5))}
	for _, st := range []HazardStatus{HazardRegistered, HazardAssessed, HazardRectifying, HazardChecking, HazardCleared} {
		for _, tr := range HazardTransitions {
			h := hazardIn(t, st, testNow)
			in := full
			in.Action, in.Version = tr.Action, h.Version
			by := mediatorA
			if tr.By == HazardAbove {
				by = leaderH
			}
			next, err := ApplyHazard(h, in, by, testRegions, testNow)
			allowed := slices.Contains(tr.From, st)
			switch {
			case allowed && err != nil:
				t.Errorf("%s from %s: %v", tr.Action, st, err)
			case !allowed && !errors.Is(err, ErrHazardTransition):
				t.Errorf("%s from %s: %v, want %s", tr.Action, st, err, ErrHazardTransition.Reason)
			case allowed:
				want := tr.To
				if want == "" {
					want = st
				}
				if next.Status != want || next.Version != h.Version+1 || len(next.Timeline) != len(h.Timeline)+1 {
					t.Errorf("%s from %s: status %s version %d, want %s", tr.Action, st, next.Status, next.Version, want)
				}
				if len(h.Timeline) != len(next.Timeline)-1 || h.Status != st {
					t.Errorf("%s from %s changed the hazard it was given", tr.Action, st)
				}
			}
		}
	}
}

func TestHazardSides(t *testing.T) {
	cases := []struct {
		by     *User
		action string
		status HazardStatus
		want   error
	}{
		{leaderTownA, "assess", HazardRegistered, ErrHazardRole},
		{leaderH, "assess", HazardRegistered, ErrHazardRole},
		{mediatorA, "pass", HazardChecking, ErrHazardNotAbove},
		{petitionA, "send_back", HazardChecking, ErrHazardNotAbove},
		{leaderH, "pass", HazardChecking, nil},
		{petitionH, "pass", HazardChecking, nil},
		{adminC, "send_back", HazardChecking, nil},
		{mediatorB, "pass", HazardChecking, ErrHazardNotAbove}, // a sibling township is not above
		{petitionA, "reopen", HazardCleared, nil},
	}
	for _, c := range cases {
		h := hazardIn(t, c.status, testNow)
		_, err := ApplyHazard(h, HazardActionInput{Action: c.action, Version: h.Version, Assessment: "x", Reason: "x"}, c.by, testRegions, testNow)
		if !errors.Is(err, c.want) && !(c.want == nil && err == nil) {
			t.Errorf("%s by %s: %v, want %v", c.action, c.by.ID, err, c.want)
		}
		allowed := slices.Contains(HazardAllowedActions(h, c.by, testRegions), c.action)
		if want := c.want == nil && c.by.RegionCode != townB; allowed != want && c.by != mediatorB {
			t.Errorf("%s by %s offered: %v, want %v", c.action, c.by.ID, allowed, want)
		}
	}
	if got := HazardAllowedActions(hazardIn(t, HazardChecking, testNow), mediatorB, testRegions); len(got) != 0 {
		t.Errorf("another township is offered %v", got)
	}
}

func TestHazardDeadlineWarning(t *testing.T) {
	h := hazardIn(t, HazardRectifying, testNow) // 10 days
	for _, c := range []struct {
		days float64
		want Warning
	}{{1, WarningNone}, {7.9, WarningNone}, {8, WarningDueSoon}, {10, WarningDueSoon}, {10.01, WarningOverdue}} {
		now := testNow.Add(time.Duration(c.days * 24 * float64(time.Hour)))
		if got := h.Warning(now, DefaultWarningThreshold); got != c.want {
			t.Errorf("day %v: %q, want %q", c.days, got, c.want)
		}
	}
	checking := hazardIn(t, HazardChecking, testNow)
	if checking.Overdue(testNow.AddDate(0, 0, 30)) {
		t.Error("the clock stands still while 验收 is pending")
	}
}

func TestHazardStepDates(t *testing.T) {
	h := hazardIn(t, HazardRectifying, testNow.Add(-48*time.Hour))
	for _, c := range []struct {
		at   time.Time
		want string // "" ok, else the field error
	}{
		{testNow.Add(-24 * time.Hour), ""},
		{testNow.Add(time.Hour), "at"},
		{testNow.Add(-72 * time.Hour), "at"}, // before the previous step
		{testNow.AddDate(0, 0, -MaxBackdateDays-1), "at"},
	} {
		_, err := ApplyHazard(h, HazardActionInput{Action: "progress", Version: h.Version, Note: "x", At: &c.at}, mediatorA, testRegions, testNow)
		var de *Error
		got := ""
		if errors.As(err, &de) && len(de.Fields) > 0 {
			got = de.Fields[0].Field
		} else if err != nil {
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("at %v: %q, want %q", c.at, got, c.want)
		}
	}
	_, err := ApplyHazard(hazardIn(t, HazardAssessed, testNow), HazardActionInput{Action: "rectify", Version: 2, ResponsibleUnit: "u",
		ResponsiblePerson: "p", Deadline: ptr(testNow.AddDate(0, 0, MaxHazardTermDays+1))}, mediatorA, testRegions, testNow)
	if fmt.Sprint(fieldNames(err)) != "[deadline]" {
		t.Errorf("a deadline over a year: %v", err)
	}
}

// fieldNames lists the fields a validation error names, nil for any other error.
func fieldNames(err error) []string {
	var de *Error
	if !errors.As(err, &de) {
		return nil
	}
	var out []string
	for _, f := range de.Fields {
		out = append(out, f.Field)
	}
	return out
}

func TestHazardIndexListsNewestFirstAndKeepsTheNewerVersion(t *testing.T) {
	var hs []*Hazard
	for i := range 5 {
		town := townA
		if i%2 == 1 {
			town = townB
		}
		hs = append(hs, newTestHazard(t, town, testNow.Add(time.Duration(i)*time.Hour)))
	}
	x := NewHazardIndex(testRegions, hs[:3])
	x.Put(hs[4])
	x.Put(hs[3])
	ids := func(list []*Hazard) []string {
		var out []string
		for _, h := range list {
			out = append(out, h.ID)
		}
		return out
	}
	all, total := x.List(HazardFilter{Region: city, Now: testNow}, 1, 10)
	if want := ids([]*Hazard{hs[4], hs[3], hs[2], hs[1], hs[0]}); total != 5 || !slices.Equal(ids(all), want) {
		t.Fatalf("list %v (%d), want %v", ids(all), total, want)
	}
	page, total := x.List(HazardFilter{Region: city, Township: townB, Now: testNow}, 2, 1)
	if total != 2 || len(page) != 1 || page[0].ID != hs[1].ID {
		t.Errorf("page 2 of townB: %v of %d", ids(page), total)
	}
	if _, total := x.List(HazardFilter{Region: townA, Now: testNow}, 1, 10); total != 3 {
		t.Errorf("townA's scope: %d", total)
	}
	newer := *hs[0]
	newer.Version, newer.Title = 2, "已更新的标题"
	x.Put(&newer)
	x.Put(hs[0]) // an older version arriving late is ignored
	if got, _ := x.Get(hs[0].ID); got.Title != "已更新的标题" {
		t.Errorf("kept %q", got.Title)
	}
	if _, total := x.List(HazardFilter{Region: city, Q: "已更新", Now: testNow}, 1, 10); total != 1 {
		t.Errorf("search the new title: %d", total)
	}
}

func TestListingBoardOrderAndTodo(t *testing.T) {
	mk := func(id string, level ListingLevel, deadline time.Time, status ListingStatus) *Listing {
		l := &Listing{ID: id, Level: level, TownshipCode: townA, ListerRegion: countyH, Deadline: deadline, Status: status,
			ListedAt: testNow.AddDate(0, 0, -14), ReportEveryDays: 15, Version: 1}
		if status == ListingDelisted {
			l.DelistedAt = ptr(testNow)
		}
		return l
	}
	b := NewListingBook(testRegions, []*Listing{
		mk("county-late", ListingCounty, testNow.AddDate(0, 0, 20), ListingListed),
		mk("county-soon", ListingCounty, testNow.AddDate(0, 0, 5), ListingListed),
		mk("prov", ListingProvincial, testNow.AddDate(0, 0, 30), ListingListed),
		mk("overdue", ListingCounty, testNow.AddDate(0, 0, -1), ListingListed),
		mk("done", ListingMunicipal, testNow.AddDate(0, 0, -10), ListingDelisted),
	})
	items, counts := b.Board(ListingFilter{Region: city, Now: testNow})
	var got []string
	for _, l := range items {
		got = append(got, l.ID)
	}
	if want := []string{"overdue", "prov", "county-soon", "county-late", "done"}; !slices.Equal(got, want) {
		t.Errorf("board %v, want %v", got, want)
	}
	if fmt.Sprint(counts) != "[{provincial 1 0 0} {municipal 0 0 1} {county 3 1 0}]" {
		t.Errorf("counts %v", counts)
	}
	var reasons []string
	for _, it := range b.Todo(mediatorA, testNow) {
		reasons = append(reasons, it.ID+":"+it.Reason)
	}
	// 14 days after listing, the report every 15 days is due within the grace: every open one; the late one is overdue
	if want := "[overdue:listing_overdue county-late:listing_progress_due county-soon:listing_progress_due prov:listing_progress_due]"; fmt.Sprint(reasons) != want {
		t.Errorf("unit's to-do %v", reasons)
	}
	if todo := b.Todo(leaderH, testNow); len(todo) != 1 || todo[0].Reason != "listing_past_deadline" {
		t.Errorf("lister's to-do %v", todo)
	}
}

func TestListingLevelAndSides(t *testing.T) {
	in := ListingInput{Title: "x", Requirements: "y", Target: "township", TownshipCode: townA, Deadline: ptr(testNow.AddDate(0, 1, 0))}
	for _, c := range []struct {
		by    *User
		level string
		want  string
	}{
		{leaderH, "", "county"},
		{leaderC, "", "municipal"},
		{adminC, "municipal", "municipal"},
		{leaderH, "municipal", "level"},
		{leaderH, "provincial", "notice"},
		{mediatorA, "", ListingRole()},
		{petitionH, "", ListingRole()},
	} {
		in.Level = c.level
		l, err := NewListing(in, "L", ListingTargetOf{TownshipCode: townA}, c.by, testRegions, testNow)
		got := ""
		switch {
		case err == nil:
			got = string(l.Level)
		case errors.Is(err, ErrListingRole):
			got = ListingRole()
		default:
			got = fmt.Sprint(fieldNames(err)[0])
		}
		if got != c.want {
			t.Errorf("%s lists %q: %s, want %s", c.by.ID, c.level, got, c.want)
		}
	}
}

// ListingRole names the refusal in the table above.
func ListingRole() string { return ErrListingRole.Reason }

// BenchmarkHazardIndex100k lists, filters and searches 100,000 hazards spread over every township of
// Ankang (docs/BENCHMARKS.md).
func BenchmarkHazardIndex100k(b *testing.B) {
	towns := testRegions.Townships(city)
	types := []string{"dispute_escalation", "mass_incident", "key_person", "work_safety", "fire", "road_traffic", "other"}
	levels := []string{"red", "orange", "yellow", "blue"}
	statuses := []HazardStatus{HazardRegistered, HazardAssessed, HazardRectifying, HazardChecking, HazardCleared}
	hs := make([]*Hazard, 100_000)
	for i := range hs {
		town := towns[i%len(towns)].Code
		at := testNow.Add(-time.Duration(i) * time.Minute)
		h := &Hazard{ID: fmt.Sprintf("%s-YH-2026-%05d", town, i), Type: types[i%len(types)], Title: fmt.Sprintf("第%d号隐患：村组道路边坡", i),
			Description: "雨季边坡有滑塌风险，涉及沿线住户", TownshipCode: town, CountyCode: testRegions.CountyOf(town), Level: levels[i%4],
			FoundAt: at, Status: statuses[i%5], Version: 1}
		if h.Status == HazardRectifying {
			h.Rectification = &Rectification{Unit: "镇安办", Person: "张", StartedAt: at, Deadline: at.AddDate(0, 0, 30)}
		}
		h.Timeline = []StepEvent{{At: at, Action: "register"}}
		hs[i] = h
	}
	x := NewHazardIndex(testRegions, hs)
	for _, c := range []struct {
		name string
		f    HazardFilter
	}{
		{"list/city page 1", HazardFilter{Region: city}},
		{"list/county+status+level", HazardFilter{Region: city, County: countyH, Status: "rectifying", Level: "red"}},
		{"list/overdue", HazardFilter{Region: city, Overdue: true}},
		{"search/city", HazardFilter{Region: city, Q: "第4242号"}},
	} {
		c.f.Now = testNow
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				x.List(c.f, 1, 20)
			}
		})
	}
	b.Run("summary/city", func(b *testing.B) {
		for b.Loop() {
			x.Summary(city, Window{From: testNow.AddDate(0, -1, 0)}, testNow, nil)
		}
	})
	b.Run("put/new", func(b *testing.B) {
		i := 0
		for b.Loop() {
			i++
			h := *hs[0]
			h.ID = fmt.Sprintf("new-%d", i)
			x.Put(&h)
		}
	})
}
