package caseindex

import (
	"fmt"
	"math/rand"
	"runtime"
	"sync"
	"testing"
	"time"

	"pingan/domain"
)

// Benchmarks at 10k, 100k and 1M cases: go test -run '^$' -bench . -benchtime 20x ./domain/caseindex/
// Results are in docs/BENCHMARKS.md.

var benchNow = time.Date(2026, 3, 10, 9, 30, 0, 0, domain.Shanghai)

var benchSizes = []int{10_000, 100_000, 1_000_000}

// synth fills c with synthetic case number i: five years of registrations spread over every township,
// 5 % petitions, old cases mostly concluded, recent ones open. It reuses c's memory.
// seqs numbers the cases per township and year like the store does.
func synth(c *domain.Case, r *rand.Rand, i int, towns []*domain.Region, seqs map[string]int) {
	twi := r.Intn(len(towns))
	tw := towns[twi]
	reg := benchNow.Add(-time.Duration(r.Int63n(int64(5 * 365 * 24 * time.Hour))))
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
		RegisteredAt: reg,
		Seq:          int64(i),
	}
	c.CaseNo = c.ID
	c.Parties = append(c.Parties, domain.Party{Name: a}, domain.Party{Name: b})
	acc := reg.Add(time.Duration(r.Intn(72)) * time.Hour)
	if r.Intn(20) == 0 {
		c.Kind = domain.KindPetition
		c.Parties = c.Parties[:1]
		c.Petition = &domain.PetitionInfo{AssignedBy: "municipal"}
		switch {
		case age < 90*24*time.Hour && r.Intn(3) == 0:
			c.Status = domain.StatusReceived
		case age < 400*24*time.Hour && r.Intn(2) == 0:
			c.Status, c.AcceptedAt, c.DueAt = domain.StatusResolving, tp(acc), tp(acc.AddDate(0, 0, 60))
			c.Petition.LeadLeader = &domain.LeadLeader{Name: a, Post: "副县长"}
		default:
			c.Status, c.AcceptedAt, c.DueAt = domain.StatusCleared, tp(acc), tp(acc.AddDate(0, 0, 60))
		}
		return
	}
	c.Dispute = &domain.DisputeInfo{Source: "application"}
	switch {
	case age < 5*24*time.Hour:
		c.Status = domain.StatusRegistered
	case age < 60*24*time.Hour && r.Intn(2) == 0:
		c.Status, c.AcceptedAt, c.DueAt = domain.StatusMediating, tp(acc), tp(acc.AddDate(0, 0, 30))
		if r.Intn(10) == 0 {
			c.Supervisions = []domain.Supervision{{At: acc, By: domain.Actor{ID: "leader1"}, FeedbackBy: acc.AddDate(0, 0, 20)}}
		}
	case r.Intn(30) == 0:
		c.Status = domain.StatusRejected
	default:
		c.Status, c.AcceptedAt, c.DueAt = domain.StatusClosed, tp(acc), tp(acc.AddDate(0, 0, 30))
		c.Outcome = domain.OutcomeResolved
		if r.Intn(50) == 0 {
			c.Outcome = domain.OutcomeFailed
		}
		c.ClosedAt = tp(acc.Add(time.Duration(r.Intn(30*24)) * time.Hour))
		c.Dispute.FollowUp = &domain.FollowUp{At: *c.ClosedAt, Satisfaction: "satisfied"}
	}
}

func buildSynthetic(n int) *Index {
	ix := New(ankang)
	towns := ankang.Townships("6109")
	r := rand.New(rand.NewSource(int64(n)))
	var c domain.Case
	seqs := map[string]int{}
	for i := 0; i < n; i++ {
		synth(&c, r, i, towns, seqs)
		ix.Put(&c)
	}
	return ix
}

var (
	benchMu      sync.Mutex
	benchIndexes = map[int]*Index{}
)

func benchIndex(n int) *Index {
	benchMu.Lock()
	defer benchMu.Unlock()
	if ix, ok := benchIndexes[n]; ok {
		return ix
	}
	ix := buildSynthetic(n)
	benchIndexes[n] = ix
	return ix
}

// forSizes runs f on the index of each size. Besides wall time it reports cpu-ns/op, the process's CPU
// time per operation (all goroutines, GC included): on a shared machine wall time grows with the other
// processes' load, CPU time much less.
func forSizes(b *testing.B, f func(b *testing.B, ix *Index)) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			ix := benchIndex(n)
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

func BenchmarkResolutionCityByTownship(b *testing.B) {
	forSizes(b, func(b *testing.B, ix *Index) {
		for i := 0; i < b.N; i++ {
			ix.Resolution("6109", domain.LevelTownship, domain.Window{}, benchNow)
		}
	})
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
