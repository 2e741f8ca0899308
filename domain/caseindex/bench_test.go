package caseindex

import (
	"fmt"
	"math/rand"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"pingan/domain"
)

// Benchmarks at 10k, 100k and 1M cases: go test -run '^$' -bench . -benchtime 20x ./domain/caseindex/
// Results are in docs/BENCHMARKS.md.

var benchNow = time.Date(2026, 3, 10, 9, 30, 0, 0, domain.Shanghai)

// benchSizes are the index sizes; PINGAN_BENCH_SIZES (e.g. "1000000") picks some.
var benchSizes = func() []int {
	var sizes []int
	for _, f := range strings.Split(os.Getenv("PINGAN_BENCH_SIZES"), ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(f)); err == nil && n > 0 {
			sizes = append(sizes, n)
		}
	}
	if len(sizes) == 0 {
		return []int{10_000, 100_000, 1_000_000}
	}
	return sizes
}()

// synth fills c with synthetic case number i: five years of registrations spread over every township,
// 5 % petitions, old cases mostly concluded, recent ones open. It reuses c's memory.
// seqs numbers the cases per township and year like the store does.
func synth(c *domain.Case, r *rand.Rand, i int, towns []*domain.Region, seqs map[string]int) {
	tw := towns[r.Intn(len(towns))]
	synthAt(c, r, i, tw, randomReg(r), seqs)
}

const synthSpan = 5 * 365 * 24 * time.Hour

// randomReg is a registration at random in the five years before benchNow.
func randomReg(r *rand.Rand) time.Time {
	return benchNow.Add(-time.Duration(r.Int63n(int64(synthSpan))))
}

// synthAt is synth with the township and registration given.
func synthAt(c *domain.Case, r *rand.Rand, i int, tw *domain.Region, reg time.Time, seqs map[string]int) {
	key := tw.Code + reg.Format("2006")
	seqs[key]++
	age := benchNow.Sub(reg)
	a, b := personName(r), personName(r)
	*c = domain.Case{
		ID:           domain.CaseNumber(tw.Code, reg.In(domain.Shanghai).Year(), seqs[key]),
		Kind:         domain.KindDispute,
		Version:      1 + r.Intn(8),
		Title:        a + "与" + b + subjects[r.Intn(len(subjects))] + "纠纷",
		Category:     domain.Categories[r.Intn(len(domain.Categories))].Code,
		TownshipCode: tw.Code,
		RiskLevel:    domain.RiskLevels[r.Intn(len(domain.RiskLevels))].Code,
		Parties:      c.Parties[:0],
		Timeline:     c.Timeline[:0],
		RegisteredAt: reg,
		Seq:          int64(i),
	}
	c.CaseNo = c.ID
	c.Parties = append(c.Parties, domain.Party{Name: a}, domain.Party{Name: b})
	acc := reg.Add(time.Duration(r.Intn(72)) * time.Hour)
	// step records an action as the timeline has it: the figures are counted from these dates
	step := func(action string, to domain.Status, at time.Time, due *time.Time) {
		from := domain.Status("")
		if n := len(c.Timeline); n > 0 {
			from = c.Timeline[n-1].To
		}
		c.Timeline = append(c.Timeline, domain.TimelineEntry{At: at, RecordedAt: at, Action: action, From: from, To: to, DueAt: due})
		c.Status = to
	}
	if r.Intn(20) == 0 {
		c.Kind = domain.KindPetition
		c.Parties = c.Parties[:1]
		c.Petition = &domain.PetitionInfo{AssignedBy: "municipal"}
		due := reg.AddDate(0, 0, domain.PetitionTermDays)
		c.Petition.AssignedAt, c.Petition.DueAt, c.DueAt = tp(reg), tp(due), tp(due)
		c.Status = domain.StatusReceived
		step("register", domain.StatusReceived, reg, tp(due))
		switch {
		case age < 90*24*time.Hour && r.Intn(3) == 0:
		case age < 400*24*time.Hour && r.Intn(2) == 0:
			c.AcceptedAt = tp(acc)
			step("accept", domain.StatusAccepted, acc, nil)
			step("assign", domain.StatusResolving, acc.Add(time.Hour), nil)
			c.Petition.LeadLeader = &domain.LeadLeader{Name: a, Post: "副县长"}
		default:
			c.AcceptedAt = tp(acc)
			done := acc.Add(time.Duration(r.Intn(70*24)) * time.Hour)
			step("accept", domain.StatusAccepted, acc, nil)
			step("assign", domain.StatusResolving, acc.Add(time.Hour), nil)
			step("resolve", domain.StatusResolved, done, nil)
			step("apply_clear", domain.StatusReviewing, done.Add(time.Hour), nil)
			step("clear", domain.StatusCleared, done.Add(48*time.Hour), nil)
			if r.Intn(25) == 0 && benchNow.Sub(done) > 60*24*time.Hour { // 反弹 a month later, with a new deadline
				back := done.AddDate(0, 1, 0)
				step("reopen", domain.StatusResolving, back, tp(back.AddDate(0, 0, domain.PetitionTermDays)))
			}
		}
		return
	}
	c.Dispute = &domain.DisputeInfo{Source: "application"}
	step("register", domain.StatusRegistered, reg, nil)
	accept := func() {
		c.AcceptedAt, c.DueAt = tp(acc), tp(acc.AddDate(0, 0, domain.DisputeTermDays))
		step("accept", domain.StatusAccepted, acc, c.DueAt)
		step("start", domain.StatusMediating, acc, nil)
	}
	switch {
	case age < 5*24*time.Hour:
	case age < 60*24*time.Hour && r.Intn(2) == 0:
		accept()
		if r.Intn(10) == 0 {
			c.Supervisions = []domain.Supervision{{At: acc, By: domain.Actor{ID: "leader1"}, FeedbackBy: acc.AddDate(0, 0, 20)}}
		}
	case r.Intn(30) == 0:
		step("reject", domain.StatusRejected, acc, nil)
	default:
		accept()
		done := acc.Add(time.Duration(r.Intn(30*24)) * time.Hour)
		c.Outcome, c.ClosedAt = domain.OutcomeResolved, tp(done)
		if r.Intn(50) == 0 {
			c.Outcome = domain.OutcomeFailed
			step("fail", domain.StatusFailed, done, nil)
		} else {
			c.Dispute.Agreement = &domain.Agreement{Type: "written", Terms: "赔偿", Amount: domain.Yuan(r.Intn(2_000_000))}
			step("resolve", domain.StatusResolved, done, nil)
			visit := done.AddDate(0, 0, 10)
			c.Dispute.Visits = []domain.Visit{{At: visit, Satisfaction: "satisfied", Performance: "fulfilled"}}
			step("visit", domain.StatusResolved, visit, nil)
		}
		step("close", domain.StatusClosed, done.AddDate(0, 0, 10), nil)
	}
}

func buildSynthetic(n int) *Index { return buildSyntheticOrder(n, false) }

// buildSyntheticOrder puts n synthetic cases: registered at random over five years (slots in no time order:
// the worst case for the figures' pass, which skips blocks of slots by date), or, stored, registered in slot
// order as live intake stores them (a few hours' jitter).
func buildSyntheticOrder(n int, stored bool) *Index {
	ix := New(ankang)
	towns := ankang.Townships("6109")
	r := rand.New(rand.NewSource(int64(n)))
	var c domain.Case
	seqs := map[string]int{}
	step := synthSpan / time.Duration(n)
	for i := 0; i < n; i++ {
		tw := towns[r.Intn(len(towns))]
		reg := randomReg(r)
		if stored {
			reg = benchNow.Add(-synthSpan + time.Duration(i)*step + time.Duration(r.Intn(6*3600))*time.Second)
		}
		synthAt(&c, r, i, tw, reg, seqs)
		ix.Put(&c)
	}
	return ix
}

var (
	benchMu      sync.Mutex
	benchIndexes = map[[2]int]*Index{}
)

func benchIndex(n int) *Index { return benchIndexOrder(n, false) }

func benchIndexOrder(n int, stored bool) *Index {
	benchMu.Lock()
	defer benchMu.Unlock()
	key := [2]int{n, 0}
	if stored {
		key[1] = 1
	}
	if ix, ok := benchIndexes[key]; ok {
		return ix
	}
	ix := buildSyntheticOrder(n, stored)
	benchIndexes[key] = ix
	return ix
}

// forSizes runs f on the index of each size. Besides wall time it reports cpu-ns/op, the process's CPU
// time per operation (all goroutines, GC included): on a shared machine wall time grows with the other
// processes' load, CPU time much less.
func forSizes(b *testing.B, f func(b *testing.B, ix *Index)) { forSizesOrder(b, false, f) }

// forSizesOrder is forSizes over the indexes of cases stored in registration order, or not.
func forSizesOrder(b *testing.B, stored bool, f func(b *testing.B, ix *Index)) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			ix := benchIndexOrder(n, stored)
			runtime.GC()
			b.ResetTimer()
			cpu := cpuTime()
			f(b, ix)
			if cpu := cpuTime() - cpu; cpu > 0 {
				b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
			}
		})
	}
}

var cityScope = domain.Scope{RegionCode: "6109", Kinds: []domain.Kind{domain.KindDispute, domain.KindPetition}}

func BenchmarkBuild(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				runtime.GC()
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				ix := buildSynthetic(n)
				runtime.GC()
				runtime.ReadMemStats(&after)
				b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(n), "B/case")
				runtime.KeepAlive(ix)
			}
		})
	}
}

func BenchmarkList(b *testing.B) {
	filters := []struct {
		name string
		f    Filter
	}{
		{"first page", Filter{}},
		{"county+status+category", Filter{County: "610902", Status: "closed", Category: "neighbor", Page: 3}},
		{"overdue", Filter{Overdue: true}},
		{"warning overdue", Filter{Warning: string(domain.WarningOverdue)}},
		{"window+sort dueAt", Filter{Window: domain.Window{From: benchNow.AddDate(-1, 0, 0)}, Kind: "dispute", Sort: SortDueAt}},
	}
	for _, fl := range filters {
		b.Run(fl.name, func(b *testing.B) {
			forSizes(b, func(b *testing.B, ix *Index) {
				for i := 0; i < b.N; i++ {
					ix.List(cityScope, fl.f, benchNow, domain.DefaultWarningThreshold)
				}
			})
		})
	}
}

func BenchmarkSearch(b *testing.B) {
	for _, q := range []string{"张伟", "宅基地", "王秀英", "2025-0001"} {
		b.Run(q, func(b *testing.B) {
			forSizes(b, func(b *testing.B, ix *Index) {
				var total int
				for i := 0; i < b.N; i++ {
					_, total = ix.List(cityScope, Filter{Q: q}, benchNow, domain.DefaultWarningThreshold)
				}
				b.ReportMetric(float64(total), "hits")
			})
		})
	}
}

// BenchmarkSearchNumber searches pieces of case numbers: a whole number, a year and sequence prefix, a
// sequence, a township code.
func BenchmarkSearchNumber(b *testing.B) {
	queries := []struct {
		name string
		q    func(ix *Index) string
	}{
		{"whole number", func(ix *Index) string { return string(ix.id(uint32(ix.Len() / 2))) }},
		{"2025-0001", func(*Index) string { return "2025-0001" }},
		{"000123", func(*Index) string { return "000123" }},
		{"township 610902001", func(*Index) string { return "610902001" }},
	}
	for _, q := range queries {
		b.Run(q.name, func(b *testing.B) {
			forSizes(b, func(b *testing.B, ix *Index) {
				f := Filter{Q: q.q(ix)}
				var total int
				for i := 0; i < b.N; i++ {
					_, total = ix.List(cityScope, f, benchNow, domain.DefaultWarningThreshold)
				}
				b.ReportMetric(float64(total), "hits")
			})
		})
	}
}

// BenchmarkSearchTownship is a mediator's search: the disputes of one township, by name and by number.
func BenchmarkSearchTownship(b *testing.B) {
	scope := domain.Scope{RegionCode: "610902001", Kinds: []domain.Kind{domain.KindDispute}}
	for _, q := range []string{"张伟", "2025-0001"} {
		b.Run(q, func(b *testing.B) {
			forSizes(b, func(b *testing.B, ix *Index) {
				var total int
				for i := 0; i < b.N; i++ {
					_, total = ix.List(scope, Filter{Q: q}, benchNow, domain.DefaultWarningThreshold)
				}
				b.ReportMetric(float64(total), "hits")
			})
		})
	}
}

// days is the window of whole days [from, to] (Asia/Shanghai), as ParseWindow reads from/to.
func days(from, to string) domain.Window {
	w, err := domain.ParseWindow(from, to)
	if err != nil {
		panic(err)
	}
	return w
}

// benchOrders: slots in registration order as intake stores them, and in random order (the worst case).
var benchOrders = []struct {
	name   string
	stored bool
}{{"stored order", true}, {"random order", false}}

// The report leaders read most: the city by township, for a year (issue 16's target: < 20 ms at 1M) and
// for all the records.
func BenchmarkResolutionCityByTownship(b *testing.B) {
	for _, w := range []struct {
		name string
		w    domain.Window
	}{{"year", days("2025-01-01", "2025-12-31")}, {"all time", domain.Window{}}} {
		for _, order := range benchOrders {
			b.Run(w.name+"/"+order.name, func(b *testing.B) {
				forSizesOrder(b, order.stored, func(b *testing.B, ix *Index) {
					for i := 0; i < b.N; i++ {
						ix.Resolution("6109", domain.LevelTownship, w.w, benchNow)
					}
				})
			})
		}
	}
}

// The city by month over two years (24 rows; issue 16's target: < 20 ms at 1M).
func BenchmarkResolutionCityByMonth(b *testing.B) {
	w := days("2024-01-01", "2025-12-31")
	for _, order := range benchOrders {
		b.Run(order.name, func(b *testing.B) {
			forSizesOrder(b, order.stored, func(b *testing.B, ix *Index) {
				var rows int
				for i := 0; i < b.N; i++ {
					rows = len(ix.ResolutionByMonth("6109", w, benchNow).Rows)
				}
				b.ReportMetric(float64(rows), "rows")
			})
		})
	}
}

func BenchmarkTrendCityMonthly(b *testing.B) {
	forSizes(b, func(b *testing.B, ix *Index) {
		for i := 0; i < b.N; i++ {
			ix.Trend("6109", domain.IntervalMonth, domain.Window{}, benchNow)
		}
	})
}

func BenchmarkTodoCityLeader(b *testing.B) {
	u := &domain.User{ID: "leader1", Role: domain.RoleLeader, RegionCode: "6109"}
	for _, pg := range []struct {
		name     string
		pageSize int
	}{{"first page of 50", 50}, {"whole list", 0}} {
		b.Run(pg.name, func(b *testing.B) {
			forSizes(b, func(b *testing.B, ix *Index) {
				var total int
				for i := 0; i < b.N; i++ {
					_, total = ix.Todo(u, benchNow, domain.DefaultWarningThreshold, 1, pg.pageSize)
				}
				b.ReportMetric(float64(total), "items")
			})
		})
	}
}

func BenchmarkPut(b *testing.B) {
	towns := ankang.Townships("6109")
	forSizes(b, func(b *testing.B, ix *Index) {
		r := rand.New(rand.NewSource(7))
		var c domain.Case
		seqs := map[string]int{}
		for i := 0; i < b.N; i++ {
			slot := r.Intn(ix.Len())
			synth(&c, r, slot, towns, seqs)
			c.ID = string(ix.id(uint32(slot))) // an update of an indexed case
			c.CaseNo = c.ID
			ix.Put(&c)
		}
	})
}

// BenchmarkListHeld: the first page of a county's and a township's list with no case held above its township,
// and with 1 % of the disputes escalated to their county's committee (domain.Case.HeldIn): the scan then reads
// the flag byte of each candidate and checks the held ones' region.
func BenchmarkListHeld(b *testing.B) {
	county := domain.Scope{RegionCode: "610902", Kinds: []domain.Kind{domain.KindDispute}}
	town := domain.Scope{RegionCode: "610902001", Kinds: []domain.Kind{domain.KindDispute}}
	for _, n := range benchSizes {
		plain := buildSynthetic(n)
		held := buildSynthetic(n)
		k := 0
		for i := range held.regAt {
			if held.states.kinds[held.state[i]] == domain.KindDispute && i%100 == 0 && held.town[i] != held.unknownTown {
				held.flags[i] |= flagHeld
				held.held[uint32(i)] = held.townCounty[held.town[i]]
				k++
			}
		}
		for _, tc := range []struct {
			name  string
			ix    *Index
			scope domain.Scope
		}{{"county, none held", plain, county}, {"county, 1% held", held, county}, {"township, none held", plain, town}, {"township, 1% held", held, town}} {
			b.Run(fmt.Sprintf("%s/n=%d", tc.name, n), func(b *testing.B) {
				runtime.GC()
				b.ResetTimer()
				cpu := cpuTime()
				for i := 0; i < b.N; i++ {
					tc.ix.List(tc.scope, Filter{}, benchNow, domain.DefaultWarningThreshold)
				}
				if cpu := cpuTime() - cpu; cpu > 0 {
					b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
				}
			})
		}
		_ = k
	}
}
