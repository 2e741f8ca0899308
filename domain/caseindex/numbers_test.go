package caseindex

import (
	"math/rand"
	"slices"
	"strings"
	"testing"
	"time"

	"pingan/domain"
)

// TestNumberMatchesEveryFragment compares the enumeration of case numbers with a plain substring test, for
// every piece of a few numbers and for random strings of digits and hyphens.
func TestNumberMatchesEveryFragment(t *testing.T) {
	ix := New(ankang)
	reg := time.Date(2025, 3, 1, 0, 0, 0, 0, domain.Shanghai)
	tables := []struct {
		town     string
		year     int
		from, to int
	}{
		{"610902001", 2024, 0, 1205}, // seq 0 to 1205: carries into the thousands
		{"610902001", 2025, 1, 37},
		{"610902002", 2025, 1, 120},
		{"610921100", 2026, 995, 1003}, // a table that starts high
	}
	var all []string
	for _, tb := range tables {
		for seq := tb.from; seq <= tb.to; seq++ {
			id := domain.CaseNumber(tb.town, tb.year, seq)
			ix.Put(listCase(id, domain.KindDispute, domain.StatusRegistered, reg, "纠纷"))
			all = append(all, id)
		}
	}
	queries := []string{"-", "--", "2024-001205", "610902001-2024-000000", "610902001-2024-0012051"}
	for _, id := range []string{all[0], all[1], all[100], all[1000], all[1205], all[1206+36], all[len(all)-1]} {
		for i := range id {
			for j := i + 1; j <= len(id); j++ {
				queries = append(queries, id[i:j])
			}
		}
	}
	r := rand.New(rand.NewSource(3))
	for range 300 {
		b := make([]byte, 1+r.Intn(8))
		for i := range b {
			b[i] = "0123456789-"[r.Intn(11)]
		}
		queries = append(queries, string(b))
	}
	allTowns := make([]bool, len(ix.towns)+1)
	for i := range ix.towns {
		allTowns[i] = true
	}
	for _, q := range queries {
		bits := ix.numberMatches([]byte(q), allTowns, ix.Len())
		for slot, id := range all { // slots were given in this order
			if got, want := hasBit(bits, slot), strings.Contains(id, q); got != want {
				t.Fatalf("q %q, %s: matched %v, want %v", q, id, got, want)
			}
		}
	}
	// only townships in scope are enumerated
	only := make([]bool, len(ix.towns)+1)
	only[ix.townPos["610902002"]] = true
	bits := ix.numberMatches([]byte("-2025-"), only, ix.Len())
	for slot, id := range all {
		if got, want := hasBit(bits, slot), strings.HasPrefix(id, "610902002-2025-"); got != want {
			t.Fatalf("scoped: %s matched %v, want %v", id, got, want)
		}
	}
}

// numberCases adds to the oracle data the cases number searches must not miss: digits in titles, party names
// and case numbers that differ from the ID, IDs outside the seq tables, and a township outside the tree.
func numberCases(reg time.Time) []*domain.Case {
	withNo := func(c *domain.Case, caseNo string) *domain.Case { c.CaseNo = caseNo; return c }
	movedTo := func(c *domain.Case, township string) *domain.Case { c.TownshipCode = township; return c }
	return []*domain.Case{
		listCase("610921100-2025-000901", domain.KindDispute, domain.StatusMediating, reg, "关于610902001-2025-000003的复议纠纷", "赵一"),
		listCase("610921100-2025-000902", domain.KindDispute, domain.StatusRegistered, reg.Add(time.Minute), "2025年欠薪纠纷", "3号楼业主"),
		listCase("610902001-2025-000903", domain.KindPetition, domain.StatusReceived, reg.Add(2*time.Minute), "ABC公司信访", "ABC公司2部"),
		withNo(listCase("610902001-LEGACY-7", domain.KindDispute, domain.StatusRegistered, reg.Add(3*time.Minute), "旧台账"), "旧-2025-12"),
		listCase("610902002-2030-900000", domain.KindDispute, domain.StatusRegistered, reg.Add(4*time.Minute), "稀疏编号"),
		listCase("999999999-2025-000001", domain.KindDispute, domain.StatusRegistered, reg.Add(5*time.Minute), "区划外"),
		// a petition 改交 from the township in its number to another: found by its number where it is now
		movedTo(listCase("610921101-2025-000906", domain.KindPetition, domain.StatusReceived, reg.Add(6*time.Minute), "改交件"), "610921100"),
	}
}

// containsFolded is the search semantics written out: a case-insensitive substring of the title, the ID,
// the case number or a party name.
func containsFolded(c *domain.Case, q string) bool {
	q = strings.ToLower(q)
	fields := []string{c.Title, c.ID, c.CaseNo}
	for _, p := range c.Parties {
		fields = append(fields, p.Name)
	}
	return slices.ContainsFunc(fields, func(f string) bool { return strings.Contains(strings.ToLower(f), q) })
}

// TestNumberSearchMatchesRecount searches case numbers (whole, partial, township, year, mixed with text)
// in several scopes and filters and recounts every answer over the cases, scanning in one part and in
// parallel parts.
func TestNumberSearchMatchesRecount(t *testing.T) {
	defer func(m int) { parallelScanMin = m }(parallelScanMin)
	ix, cases := buildOracle(t)
	extra := numberCases(oracleNow.AddDate(0, -2, 0))
	for _, c := range extra {
		ix.Put(c)
	}
	cases = append(cases, extra...)
	// re-puts move digits into and out of titles
	extra[0].Title = "复议纠纷"
	extra[0].Version++
	ix.Put(extra[0])
	cases[7].Title += "（2024-3）"
	cases[7].Version++
	ix.Put(cases[7])

	queries := []string{
		cases[0].ID, cases[len(cases)/2].ID, // whole numbers
		"610902001-2019-000001", cases[0].ID + "0", // a number that does not exist, one too long
		"2025-0000", "2024-", "-2026-0000", "000012", "12", "0", "1-2", "01-2025-0000", // year and seq pieces
		"610902001", "610902001-", "61090210", "0921", // townships
		"-", "--", "2030-9", "-000003", // hyphens, the sparse number, the number inside a title
		"610921101-2025-000906", "101-2025-0009", // the petition held by another township now
		"2025年", "3号", "abc公司2", "legacy-7", "旧-2025", "（2024-3）", "2024-3", "张", // mixed with text
	}
	scopes := []domain.Scope{
		{RegionCode: "6109", Kinds: bothKinds},
		{RegionCode: "610902", Kinds: []domain.Kind{domain.KindDispute}},
		{RegionCode: "610902001", Kinds: bothKinds},
		{RegionCode: "610921100", Kinds: []domain.Kind{domain.KindPetition}},
	}
	filters := []Filter{{}, {Status: "mediating"}, {Kind: "dispute", Sort: SortDueAt}, {Overdue: true},
		{Window: mustWindow(t, "2025-01-01", "2025-12-31")}, {Page: 2, PageSize: 3}}
	hits := map[string]int{}
	for _, parallelFrom := range []int{1 << 30, 1} {
		parallelScanMin = parallelFrom
		for _, q := range queries {
			for si, scope := range scopes {
				for _, f := range filters {
					f.Q = q
					if f.PageSize == 0 {
						f.Page, f.PageSize = 1, 1000
					}
					items, total := ix.List(scope, f, oracleNow, domain.DefaultWarningThreshold)
					var want []*domain.Case
					for _, c := range cases {
						if scope.Sees(ankang, c.Kind, c.TownshipCode) && containsFolded(c, q) &&
							(f.Status == "" || string(c.Status) == f.Status) && (f.Kind == "" || string(c.Kind) == f.Kind) &&
							(!f.Overdue || c.Overdue(oracleNow)) &&
							(f.Window.From.IsZero() || inWindow(c, "2025-01-01", "2025-12-31")) {
							want = append(want, c)
						}
					}
					hits[q] += len(want)
					if got, wantIDs := ids(items), listOrder(want, f); total != len(want) || !slices.Equal(got, wantIDs) {
						t.Errorf("q %q scope %d filter %+v: got %v (total %d), want %v (total %d)", q, si, f, got, total, wantIDs, len(want))
					}
				}
			}
		}
	}
	// the queries must exercise something: each finds a case somewhere, except the ones meant to find none
	for _, q := range queries {
		none := q == "610902001-2019-000001" || q == cases[0].ID+"0" || q == "--"
		if (hits[q] == 0) != none {
			t.Errorf("q %q: %d hits over all scopes and filters", q, hits[q])
		}
	}
}
