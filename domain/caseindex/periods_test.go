package caseindex

import (
	"math/rand"
	"testing"
	"time"

	"pingan/domain"
)

// The period lookups (a day table, or a search when bounds are not whole days apart) against their
// definitions, over month bounds, one long window, uneven bounds, and moments around every bound and now.
func TestPeriodSetLookups(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, domain.Shanghai) }
	var months []time.Time
	for m := 0; m <= 24; m++ {
		months = append(months, day(2024, time.January+time.Month(m), 1))
	}
	sets := map[string][]time.Time{
		"months":     months,
		"one window": {day(2025, 1, 1), day(2026, 1, 1)},
		"uneven":     {day(2025, 1, 1), day(2025, 1, 1).Add(90 * time.Minute), day(2025, 3, 1), day(2025, 3, 2)},
	}
	r := rand.New(rand.NewSource(7))
	for name, bounds := range sets {
		for _, now := range []time.Time{day(2025, 6, 15).Add(13 * time.Hour), day(2030, 1, 1), day(2020, 1, 1)} {
			ps := newPeriodSet(bounds, now)
			if name == "months" && ps.dayPeriod == nil {
				t.Fatal("month bounds use no day table")
			}
			var probes []int64
			for _, b := range append(append([]time.Time{}, bounds...), now) {
				ms := b.UnixMilli()
				probes = append(probes, ms-dayMs, ms-2, ms-1, ms, ms+1, ms+dayMs)
			}
			for range 2000 {
				probes = append(probes, bounds[0].UnixMilli()-dayMs+r.Int63n(bounds[len(bounds)-1].Sub(bounds[0]).Milliseconds()+2*dayMs))
			}
			for _, ms := range probes {
				wantOf, wantStart, wantCap := -1, len(ps.starts), ps.n()
				for p := range ps.n() {
					if ps.starts[p] <= ms && ms < ps.starts[p+1] {
						wantOf = p
					}
				}
				for k := len(ps.starts) - 1; k >= 0; k-- {
					if ps.starts[k] > ms {
						wantStart = k
					}
				}
				for p := ps.n() - 1; p >= 0; p-- {
					if ps.caps[p] > ms {
						wantCap = p
					}
				}
				if got := ps.of(ms); got != wantOf {
					t.Fatalf("%s, now %v: of(%d) = %d, want %d", name, now, ms, got, wantOf)
				}
				if got := ps.firstStartAfter(ms); got != wantStart {
					t.Fatalf("%s, now %v: firstStartAfter(%d) = %d, want %d", name, now, ms, got, wantStart)
				}
				if got := ps.firstCapAfter(ms); got != wantCap {
					t.Fatalf("%s, now %v: firstCapAfter(%d) = %d, want %d", name, now, ms, got, wantCap)
				}
			}
		}
	}
}
