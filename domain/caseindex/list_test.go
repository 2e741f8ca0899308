package caseindex

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"pingan/domain"
)

var (
	listNow   = time.Date(2026, 3, 10, 9, 30, 0, 0, domain.Shanghai)
	bothKinds = []domain.Kind{domain.KindDispute, domain.KindPetition}
)

// listCase is a hand-made case for the list tests.
func listCase(id string, kind domain.Kind, status domain.Status, reg time.Time, title string, parties ...string) *domain.Case {
	c := &domain.Case{ID: id, CaseNo: id, Kind: kind, Status: status, Version: 1, Title: title, Category: "neighbor",
		RiskLevel: "blue", RegisteredAt: reg}
	c.TownshipCode = id[:9]
	for _, p := range parties {
		c.Parties = append(c.Parties, domain.Party{Name: p})
	}
	return c
}

func ids(items []Summary) []string {
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = s.ID
	}
	return out
}

// listFixture: three townships (two in 汉滨区, one in 汉阴县), both kinds, a few statuses.
func listFixture() (*Index, []*domain.Case) {
	day := func(d int) time.Time { return time.Date(2026, 3, d, 10, 0, 0, 0, domain.Shanghai) }
	cases := []*domain.Case{
		listCase("610902001-2026-000001", domain.KindDispute, domain.StatusRegistered, day(1), "张三与李四宅基地边界纠纷", "张三", "李四"),
		listCase("610902001-2026-000002", domain.KindDispute, domain.StatusMediating, day(2), "王五相邻通行纠纷", "王五", "赵六"),
		listCase("610902001-2026-000003", domain.KindPetition, domain.StatusResolving, day(3), "刘某征地补偿信访", "刘七"),
		listCase("610902002-2026-000001", domain.KindDispute, domain.StatusClosed, day(4), "ABC公司劳务工资纠纷", "陈八", "ABC公司"),
		listCase("610902002-2026-000002", domain.KindDispute, domain.StatusMediating, day(5), "宅基地排水沟渠纠纷", "孙九", "周十"),
		listCase("610921100-2026-000001", domain.KindDispute, domain.StatusMediating, day(6), "张三与吴一土地承包纠纷", "张三", "吴一"),
		listCase("610921100-2026-000002", domain.KindPetition, domain.StatusReceived, day(7), "郑二山林权属信访", "郑二"),
	}
	cases[1].Category, cases[1].RiskLevel = "housing_homestead", "red"
	cases[1].AcceptedAt, cases[1].DueAt = tp(day(2)), tp(day(9))  // overdue at listNow
	cases[4].AcceptedAt, cases[4].DueAt = tp(day(5)), tp(day(11)) // due soon at listNow
	cases[5].AcceptedAt, cases[5].DueAt = tp(day(6)), tp(day(6).AddDate(0, 0, 30))
	cases[2].AcceptedAt, cases[2].DueAt = tp(day(3)), tp(day(3).AddDate(0, 0, 60))
	cases[5].Supervisions = []domain.Supervision{{At: day(7), By: domain.Actor{ID: "leader1"}, FeedbackBy: day(20)}}
	cases[3].Outcome, cases[3].ClosedAt = domain.OutcomeResolved, tp(day(8))
	cases[3].Supervisions = []domain.Supervision{{At: day(4), FeedbackBy: day(20)}} // closed: no longer awaiting
	ix := New(ankang)
	for _, c := range cases {
		ix.Put(c)
	}
	return ix, cases
}

func TestListScope(t *testing.T) {
	ix, _ := listFixture()
	tests := []struct {
		name  string
		scope domain.Scope
		want  []string
	}{
		{"mediator on 老城街道 sees only its disputes", domain.Scope{RegionCode: "610902001", Kinds: []domain.Kind{domain.KindDispute}},
			[]string{"610902001-2026-000002", "610902001-2026-000001"}},
		{"county sees its townships only", domain.Scope{RegionCode: "610902", Kinds: bothKinds},
			[]string{"610902002-2026-000002", "610902002-2026-000001", "610902001-2026-000003", "610902001-2026-000002", "610902001-2026-000001"}},
		{"petition kind only", domain.Scope{RegionCode: "6109", Kinds: []domain.Kind{domain.KindPetition}},
			[]string{"610921100-2026-000002", "610902001-2026-000003"}},
		{"other township sees nothing of 老城街道", domain.Scope{RegionCode: "610902002", Kinds: bothKinds},
			[]string{"610902002-2026-000002", "610902002-2026-000001"}},
		{"no region sees nothing", domain.Scope{Kinds: bothKinds}, []string{}},
		{"no kinds sees nothing", domain.Scope{RegionCode: "6109"}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, total := ix.List(tt.scope, Filter{}, listNow, domain.DefaultWarningThreshold)
			if got := ids(items); !slices.Equal(got, tt.want) || total != len(tt.want) {
				t.Errorf("got %v (total %d), want %v", got, total, tt.want)
			}
		})
	}
}

func TestListFilters(t *testing.T) {
	ix, _ := listFixture()
	city := domain.Scope{RegionCode: "6109", Kinds: bothKinds}
	tests := []struct {
		name string
		f    Filter
		want []string
	}{
		{"kind", Filter{Kind: "petition"}, []string{"610921100-2026-000002", "610902001-2026-000003"}},
		{"status", Filter{Status: "mediating"}, []string{"610921100-2026-000001", "610902002-2026-000002", "610902001-2026-000002"}},
		{"township", Filter{Township: "610902002"}, []string{"610902002-2026-000002", "610902002-2026-000001"}},
		{"county", Filter{County: "610921"}, []string{"610921100-2026-000002", "610921100-2026-000001"}},
		{"township outside county", Filter{County: "610921", Township: "610902001"}, []string{}},
		{"category", Filter{Category: "housing_homestead"}, []string{"610902001-2026-000002"}},
		{"unknown category", Filter{Category: "nope"}, []string{}},
		{"risk", Filter{RiskLevel: "red"}, []string{"610902001-2026-000002"}},
		{"overdue", Filter{Overdue: true}, []string{"610902001-2026-000002"}},
		{"warning overdue", Filter{Warning: "overdue"}, []string{"610902001-2026-000002"}},
		{"warning due soon", Filter{Warning: "due_soon"}, []string{"610902002-2026-000002"}},
		{"supervised (open cases only)", Filter{Supervised: true}, []string{"610921100-2026-000001"}},
		{"window", Filter{Window: domain.Window{From: time.Date(2026, 3, 3, 0, 0, 0, 0, domain.Shanghai),
			To: time.Date(2026, 3, 5, 0, 0, 0, 0, domain.Shanghai)}}, []string{"610902002-2026-000001", "610902001-2026-000003"}},
		{"q title", Filter{Q: "宅基地"}, []string{"610902002-2026-000002", "610902001-2026-000001"}},
		{"q party name", Filter{Q: "张三"}, []string{"610921100-2026-000001", "610902001-2026-000001"}},
		{"q case number", Filter{Q: "2026-000003"}, []string{"610902001-2026-000003"}},
		{"q case number prefix", Filter{Q: "610921100-"}, []string{"610921100-2026-000002", "610921100-2026-000001"}},
		{"q ignores case", Filter{Q: "abc公司"}, []string{"610902002-2026-000001"}},
		{"q single character", Filter{Q: "郑"}, []string{"610921100-2026-000002"}},
		{"q does not span fields", Filter{Q: "纠纷张三"}, []string{}},
		{"q and status", Filter{Q: "张三", Status: "registered"}, []string{"610902001-2026-000001"}},
		{"sort dueAt, none last", Filter{Kind: "dispute", Sort: SortDueAt}, []string{
			"610902001-2026-000002", "610902002-2026-000002", "610921100-2026-000001", "610902002-2026-000001", "610902001-2026-000001"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, total := ix.List(city, tt.f, listNow, domain.DefaultWarningThreshold)
			if got := ids(items); !slices.Equal(got, tt.want) || total != len(tt.want) {
				t.Errorf("got %v (total %d), want %v", got, total, tt.want)
			}
		})
	}
}

func TestListPagingAndTies(t *testing.T) {
	ix := New(ankang)
	reg := time.Date(2024, 5, 1, 0, 0, 0, 0, domain.Shanghai) // a historical ledger: many cases at one instant
	var want []string
	for i := 1; i <= 45; i++ {
		id := fmt.Sprintf("610902001-2024-%06d", i)
		at := reg
		if i > 40 {
			at = reg.Add(time.Duration(i) * time.Hour) // five newer ones first
		}
		ix.Put(listCase(id, domain.KindDispute, domain.StatusRegistered, at, "纠纷"))
	}
	for i := 45; i > 40; i-- {
		want = append(want, fmt.Sprintf("610902001-2024-%06d", i))
	}
	for i := 40; i >= 1; i-- { // same instant: by ID descending
		want = append(want, fmt.Sprintf("610902001-2024-%06d", i))
	}
	scope := domain.Scope{RegionCode: "610902", Kinds: bothKinds}
	var got []string
	for page := 1; page <= 4; page++ {
		items, total := ix.List(scope, Filter{Page: page, PageSize: 12}, listNow, 0.8)
		if total != 45 {
			t.Fatalf("page %d: total %d, want 45", page, total)
		}
		got = append(got, ids(items)...)
	}
	if !slices.Equal(got, want) {
		t.Errorf("pages concatenated:\n got  %v\n want %v", got, want)
	}
	if items, total := ix.List(scope, Filter{Page: 99, PageSize: 12}, listNow, 0.8); len(items) != 0 || total != 45 {
		t.Errorf("page past the end: %d items, total %d", len(items), total)
	}
	if items, _ := ix.List(scope, Filter{}, listNow, 0.8); len(items) != DefaultPageSize {
		t.Errorf("default page size: %d items", len(items))
	}
	if items, _ := ix.List(scope, Filter{Page: 1 << 62, PageSize: 1 << 62}, listNow, 0.8); len(items) != 0 {
		t.Errorf("huge page: %d items", len(items))
	}
}

func TestPutReplaces(t *testing.T) {
	ix, cases := listFixture()
	city := domain.Scope{RegionCode: "6109", Kinds: bothKinds}
	c := cases[0]
	c.Title, c.Status, c.Version = "改名后的果园纠纷", domain.StatusAccepted, 2
	c.AcceptedAt, c.DueAt = tp(listNow), tp(listNow.AddDate(0, 0, 30))
	ix.Put(c)

	if ix.Len() != len(cases) {
		t.Errorf("Len = %d after re-put, want %d", ix.Len(), len(cases))
	}
	if items, _ := ix.List(city, Filter{Q: "边界"}, listNow, 0.8); len(items) != 0 {
		t.Errorf("old title still found: %v", ids(items))
	}
	items, total := ix.List(city, Filter{Q: "果园"}, listNow, 0.8)
	if total != 1 || items[0].ID != c.ID || items[0].Status != domain.StatusAccepted || items[0].Version != 2 {
		t.Errorf("new title: got %+v (total %d)", items, total)
	}
	if _, total := ix.List(city, Filter{}, listNow, 0.8); total != len(cases) {
		t.Errorf("total %d after re-put, want %d (no duplicates)", total, len(cases))
	}
	s, ok := ix.Get(c.ID)
	if !ok || s.Title != c.Title || !s.AcceptedAt.Equal(*c.AcceptedAt) || !slices.Equal(s.PartyNames, []string{"张三", "李四"}) {
		t.Errorf("Get after re-put: %+v", s)
	}
	if _, ok := ix.Get("610902001-2026-000099"); ok {
		t.Error("Get found a case never put")
	}
}

func TestSummaryKeepsWhatWasPut(t *testing.T) {
	ix := New(ankang)
	reg := time.Date(2026, 1, 2, 3, 4, 5, 6_000_000, domain.Shanghai)
	c := listCase("610902001-2026-000007", domain.KindPetition, domain.StatusResolving, reg, "ABC公司 Mixed Case 标题", "Zhang San", "李四")
	c.CountyCode = "610902"
	c.AcceptedAt, c.DueAt = tp(reg.Add(time.Hour)), tp(reg.AddDate(0, 0, 60))
	c.Petition = &domain.PetitionInfo{AssignedBy: "provincial", RepeatCount: 2, LeadLeader: &domain.LeadLeader{Name: "王副县长", Post: "副县长"}}
	c.Supervisions = []domain.Supervision{{At: reg, By: domain.Actor{ID: "leader9"}, FeedbackBy: reg.AddDate(0, 0, 30)}}
	c.Seq = 77
	ix.Put(c)
	// odd IDs still work: a fallback path for IDs that are not case numbers
	odd := listCase("610902001-LEGACY-1", domain.KindDispute, domain.StatusRegistered, reg, "旧台账")
	odd.CaseNo = "旧-001"
	ix.Put(odd)

	s, ok := ix.Get(c.ID)
	if !ok {
		t.Fatal("not found")
	}
	want := Summary{ID: c.ID, CaseNo: c.ID, Kind: domain.KindPetition, Status: domain.StatusResolving, Version: 1,
		Title: c.Title, Category: "neighbor", TownshipCode: "610902001", CountyCode: "610902", HeldIn: "610902001", RiskLevel: "blue",
		RegisteredAt: reg.Truncate(time.Millisecond), AcceptedAt: *c.AcceptedAt, DueAt: *c.DueAt, PartyNames: []string{"Zhang San", "李四"},
		Supervised: true, SupervisionAt: reg.Truncate(time.Millisecond), SupervisionDue: reg.AddDate(0, 0, 30).Truncate(time.Millisecond),
		SupervisorID: "leader9", AssignedBy: "provincial", LeadLeader: &domain.LeadLeader{Name: "王副县长", Post: "副县长"}, RepeatCount: 2}
	if fmt.Sprintf("%+v", s) != fmt.Sprintf("%+v", fixPtr(want, s)) {
		t.Errorf("summary:\n got  %+v\n want %+v", s, want)
	}
	if ix.MaxSeq() != 77 {
		t.Errorf("MaxSeq = %d", ix.MaxSeq())
	}
	city := domain.Scope{RegionCode: "6109", Kinds: bothKinds}
	if items, _ := ix.List(city, Filter{Q: "zhang"}, listNow, 0.8); len(items) != 1 || items[0].PartyNames[0] != "Zhang San" {
		t.Errorf("search by lower-case name: %+v", items)
	}
	o, ok := ix.Get("610902001-LEGACY-1")
	if !ok || o.CaseNo != "旧-001" || o.ID != "610902001-LEGACY-1" {
		t.Errorf("legacy ID: %+v %v", o, ok)
	}
	if items, _ := ix.List(city, Filter{Q: "legacy"}, listNow, 0.8); len(items) != 1 {
		t.Errorf("legacy ID not found by search: %v", ids(items))
	}
	if items, _ := ix.List(city, Filter{Q: "旧-00"}, listNow, 0.8); len(items) != 1 {
		t.Errorf("case number that differs from the ID not found by search: %v", ids(items))
	}
}

// fixPtr makes the LeadLeader pointer of want print like got's (the values are compared, not addresses).
func fixPtr(want, got Summary) Summary {
	if want.LeadLeader != nil && got.LeadLeader != nil && *want.LeadLeader == *got.LeadLeader {
		want.LeadLeader = got.LeadLeader
	}
	return want
}

// TestListMatchesRecount runs filters over the oracle data and recounts them by hand, scanning in one part
// and in parallel parts.
func TestListMatchesRecount(t *testing.T) {
	defer func(m int) { parallelScanMin = m }(parallelScanMin)
	for _, parallelFrom := range []int{1 << 30, 1} {
		parallelScanMin = parallelFrom
		testListMatchesRecount(t)
	}
}

func testListMatchesRecount(t *testing.T) {
	ix, cases := buildOracle(t)
	scopes := []domain.Scope{
		{RegionCode: "6109", Kinds: bothKinds},
		{RegionCode: "610902", Kinds: []domain.Kind{domain.KindDispute}},
		{RegionCode: "610921100", Kinds: []domain.Kind{domain.KindPetition}},
	}
	filters := []Filter{{}, {Status: "mediating"}, {Overdue: true}, {Supervised: true}, {Category: "neighbor"},
		{Q: "张"}, {Q: "宅基地"}, {Kind: "petition", Sort: SortDueAt}, {Warning: "due_soon"}}
	paged := []Filter{{PageSize: 7, Page: 3}, {PageSize: 5, Page: 2, Sort: SortDueAt}}
	for si, scope := range scopes {
		for fi, f := range append(filters, paged...) {
			if f.PageSize == 0 {
				f.Page, f.PageSize = 1, 1000
			}
			items, total := ix.List(scope, f, oracleNow, domain.DefaultWarningThreshold)
			var want []*domain.Case
			for _, c := range cases {
				if !scope.Sees(ankang, c.Kind, c.TownshipCode) ||
					f.Status != "" && string(c.Status) != f.Status || f.Kind != "" && string(c.Kind) != f.Kind ||
					f.Category != "" && c.Category != f.Category ||
					f.Overdue && !c.Overdue(oracleNow) ||
					f.Warning != "" && string(c.Warning(oracleNow, domain.DefaultWarningThreshold)) != f.Warning ||
					f.Supervised && (c.OpenSupervision() == nil || !domain.IsOpen(c.Status)) ||
					f.Q != "" && !containsAny(c, f.Q) {
					continue
				}
				want = append(want, c)
			}
			wantIDs := listOrder(want, f)
			if got := ids(items); total != len(want) || !slices.Equal(got, wantIDs) {
				t.Errorf("scope %d filter %d (%+v): got %d items (total %d), want %d", si, fi, f, len(got), total, len(want))
			}
		}
	}
}

// listOrder sorts the cases in list order (Filter.Sort) and returns the IDs of the filter's page.
func listOrder(want []*domain.Case, f Filter) []string {
	slices.SortFunc(want, func(a, b *domain.Case) int {
		if f.Sort == SortDueAt {
			da, db := a.DueAt, b.DueAt
			switch {
			case da != nil && db == nil:
				return -1
			case da == nil && db != nil:
				return 1
			case da != nil && !da.Equal(*db):
				return da.Compare(*db)
			}
		}
		if c := b.RegisteredAt.Compare(a.RegisteredAt); c != 0 {
			return c
		}
		if a.ID > b.ID {
			return -1
		}
		return 1
	})
	wantIDs := make([]string, len(want))
	for i, c := range want {
		wantIDs[i] = c.ID
	}
	return wantIDs[min((f.Page-1)*f.PageSize, len(wantIDs)):min(f.Page*f.PageSize, len(wantIDs))]
}

func containsAny(c *domain.Case, q string) bool {
	if contains(c.Title, q) || contains(c.ID, q) {
		return true
	}
	for _, p := range c.Parties {
		if contains(p.Name, q) {
			return true
		}
	}
	return false
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// A dispute escalated to the 汉滨区 county committee is seen in the county and the city, no longer in its
// township: in lists (with and without other filters, by case number), in Get's summary and in to-do lists.
func TestHeldCaseIsSeenWhereItsCommitteeSits(t *testing.T) {
	ix := New(ankang)
	reg := time.Date(2026, 1, 2, 3, 4, 5, 0, domain.Shanghai)
	now := reg.AddDate(0, 2, 0)
	held := listCase("610902001-2026-000001", domain.KindDispute, domain.StatusAccepted, reg, "已上报县调委会", "张三", "李四")
	held.AcceptedAt, held.DueAt = tp(reg), tp(reg.AddDate(0, 0, 30)) // overdue at now
	held.Dispute = &domain.DisputeInfo{Source: "application", Committee: "610902", CommitteeRegion: "610902"}
	stays := listCase("610902001-2026-000002", domain.KindDispute, domain.StatusAccepted, reg, "镇调委会办理", "王五", "赵六")
	stays.AcceptedAt, stays.DueAt = tp(reg), tp(reg.AddDate(0, 0, 30))
	ix.Put(held)
	ix.Put(stays)
	for _, tc := range []struct {
		region string
		filter Filter
		want   []string
	}{
		{"610902001", Filter{}, []string{stays.ID}},
		{"610902001", Filter{Overdue: true}, []string{stays.ID}},
		{"610902001", Filter{Q: "000001"}, nil},
		{"610902", Filter{}, []string{held.ID, stays.ID}},
		{"610902", Filter{Township: "610902001", Q: "000001"}, []string{held.ID}},
		{"6109", Filter{Overdue: true}, []string{held.ID, stays.ID}},
		{"610921", Filter{}, nil},
	} {
		items, total := ix.List(domain.Scope{RegionCode: tc.region, Kinds: []domain.Kind{domain.KindDispute}}, tc.filter, now, 0.8)
		got := ids(items)
		slices.Sort(got)
		if len(got) == 0 {
			got = nil
		}
		if !slices.Equal(got, tc.want) || total != len(tc.want) {
			t.Errorf("%s %+v: got %v (total %d), want %v", tc.region, tc.filter, got, total, tc.want)
		}
	}
	if s, _ := ix.Get(held.ID); s.HeldIn != "610902" || s.State().HeldIn != "610902" {
		t.Errorf("summary held in %q", s.HeldIn)
	}
	for region, want := range map[string][]string{"610902001": {stays.ID}, "610902": {held.ID, stays.ID}} {
		items, _ := ix.Todo(&domain.User{ID: "m", Role: domain.RoleMediator, RegionCode: region}, now, 0.8, 1, 0)
		var got []string
		for _, it := range items {
			got = append(got, it.Summary.ID)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("todo of %s: %v, want %v", region, got, want)
		}
	}
	// back to its township (a transfer down): seen there again
	back := *held
	back.Version = 2
	back.Dispute = &domain.DisputeInfo{Source: "application"}
	ix.Put(&back)
	if items, _ := ix.List(domain.Scope{RegionCode: "610902001", Kinds: []domain.Kind{domain.KindDispute}}, Filter{}, now, 0.8); len(items) != 2 {
		t.Errorf("after the transfer back the township sees %v", ids(items))
	}
}
