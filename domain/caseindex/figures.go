package caseindex

import (
	"runtime"
	"slices"
	"sync"
	"time"

	"pingan/domain"
)

// The figures engine: one pass over the index counts the figures of DESIGN.md ("Figures leaders read") for
// rows (townships, counties, categories, or the region as one row) × periods (one window, or its months,
// quarters, years). Flows are events dated inside a period; stocks are taken at each period's bounds.
//
// Disputes are counted from columns: per case a few comparisons and at most three binary searches over the
// period bounds. A case is open (accepted, not concluded) over [acceptedAt, concludedAt); the periods whose
// start or end it is open at form one run, added as a difference array, and so do the periods whose end
// (capped at now) finds it overdue. The few disputes whose due date moved, or with more than one visit or a
// prevention record, read their side table. Petition cases (a few per cent) replay their dated events.

// periodSet is what a report counts over: period p is [starts[p], starts[p+1]) in Unix ms; caps[p] is the
// moment its end-of-period figures are taken, the end of the period or now if earlier. Bounds are days
// (Asia/Shanghai has no daylight saving, so a day is 86,400,000 ms): dayPeriod maps each day of the span to
// its period, so finding a moment's period is a division, not a search.
type periodSet struct {
	starts    []int64
	caps      []int64
	capT      []time.Time
	nowMs     int64
	dayPeriod []int32 // nil when the bounds are not whole days apart or the span is too long: search
}

const (
	dayMs          = int64(24 * time.Hour / time.Millisecond)
	maxPeriodTable = 100 * 366 // days
)

// newPeriodSet makes the periods between consecutive bounds (at least two, ascending).
func newPeriodSet(bounds []time.Time, now time.Time) periodSet {
	ps := periodSet{starts: make([]int64, len(bounds)), nowMs: now.UnixMilli()}
	for i, b := range bounds {
		ps.starts[i] = b.UnixMilli()
	}
	for p := 0; p+1 < len(bounds); p++ {
		c := min(ps.starts[p+1]-1, ps.nowMs)
		ps.caps = append(ps.caps, c)
		ps.capT = append(ps.capT, time.UnixMilli(c).In(domain.Shanghai))
	}
	s0, end := ps.starts[0], ps.starts[len(ps.starts)-1]
	aligned := (end-s0)/dayMs <= maxPeriodTable
	for _, b := range ps.starts {
		aligned = aligned && (b-s0)%dayMs == 0
	}
	if aligned && len(bounds) > 2 {
		ps.dayPeriod = make([]int32, (end-s0)/dayMs)
		for p := 0; p+1 < len(ps.starts); p++ {
			for d := (ps.starts[p] - s0) / dayMs; d < (ps.starts[p+1]-s0)/dayMs; d++ {
				ps.dayPeriod[d] = int32(p)
			}
		}
	}
	return ps
}

func (ps *periodSet) n() int { return len(ps.caps) }

// of is the period containing ms, -1 when none.
func (ps *periodSet) of(ms int64) int {
	s := ps.starts
	if ms < s[0] || ms >= s[len(s)-1] {
		return -1
	}
	if len(s) == 2 {
		return 0
	}
	if ps.dayPeriod != nil {
		return int(ps.dayPeriod[(ms-s[0])/dayMs])
	}
	k, _ := slices.BinarySearch(s, ms+1)
	return k - 1
}

// firstStartAfter is the first bound index k with starts[k] > ms (len(starts) when none).
func (ps *periodSet) firstStartAfter(ms int64) int {
	s := ps.starts
	if ms < s[0] {
		return 0
	}
	if ms >= s[len(s)-1] {
		return len(s)
	}
	return ps.of(ms) + 1
}

// firstCapAfter is the first period p with caps[p] > ms (n() when none). caps[p] = min(starts[p+1]-1, now):
// none lies after a moment at or after now; before now, caps[p] > ms exactly when starts[p+1] > ms+1.
func (ps *periodSet) firstCapAfter(ms int64) int {
	if ms >= ps.nowMs {
		return ps.n()
	}
	return max(ps.firstStartAfter(ms+1)-1, 0)
}

// grouping says which row a case counts in: by its township's position (-1: not counted) and, for a
// category report, by its category within the region.
type grouping struct {
	rows    int
	townRow []int32 // township position → row (or, with byCategory, ≥ 0 when inside the region)
	catRow  []int32 // interned category → row, when grouping by category
}

// figureTally holds the counts of one pass (or part of one) over rows × periods.
type figureTally struct {
	ps        *periodSet
	disputes  []domain.DisputeFigures  // row*P + p
	petitions []domain.PetitionFigures // row*P + p
	open      []int32                  // row*(P+2) + k: a difference array over bounds k = 0..P
	overdue   []int32                  // row*(P+1) + p: a difference array over periods
	supOpen   []int32                  // row*(P+1) + p: pending at the end of p and under an open 督办
}

func newFigureTally(rows int, ps *periodSet) *figureTally {
	P := ps.n()
	return &figureTally{ps: ps,
		disputes: make([]domain.DisputeFigures, rows*P), petitions: make([]domain.PetitionFigures, rows*P),
		open: make([]int32, rows*(P+2)), overdue: make([]int32, rows*(P+1)), supOpen: make([]int32, rows*(P+1))}
}

// figures counts the figures of every row and period. The caller holds the read lock.
func (ix *Index) figures(g grouping, ps *periodSet) *figureTally {
	n := len(ix.state)
	parts := 1
	if n >= parallelScanMin {
		parts = min(runtime.GOMAXPROCS(0), 4)
	}
	tallies := make([]*figureTally, parts)
	var wg sync.WaitGroup
	for k := range parts {
		tallies[k] = newFigureTally(g.rows, ps)
		wg.Add(1)
		go func() {
			defer wg.Done()
			ix.countDisputes(tallies[k], g, k, parts, n)
			m := len(ix.petitionFacts)
			ix.countPetitions(tallies[k], g, ix.petitionFacts[k*m/parts:(k+1)*m/parts])
		}()
	}
	wg.Wait()
	t := tallies[0]
	for _, o := range tallies[1:] {
		t.merge(o)
	}
	t.finish(g.rows)
	return t
}

// row is the row slot i counts in, -1 for none.
func (g *grouping) row(ix *Index, i int) int {
	r := g.townRow[ix.town[i]]
	if r < 0 || g.catRow == nil {
		return int(r)
	}
	return int(g.catRow[ix.category[i]])
}

// countDisputes counts the disputes among the first n slots in the blocks of part k of parts (every
// parts-th block: neighbouring blocks hold neighbouring dates, so each part gets its share of the window's).
// Of a block none of whose settled disputes can count in the periods, only the disputes it keeps aside (open
// ones, those with side facts) are looked at.
func (ix *Index) countDisputes(t *figureTally, g grouping, k, parts, n int) {
	pass := disputePass{
		isDispute: ix.kindTable(domain.KindDispute),
		rejected:  ix.states.codes[[2]string{string(domain.KindDispute), string(domain.StatusRejected)}],
		resolved:  ix.outcomes.codes[string(domain.OutcomeResolved)], // both interned when the index was made
	}
	start, end := t.ps.starts[0], t.ps.starts[t.ps.n()]
	for b := k; b<<blockShift < n; b += parts {
		lo, hi := b<<blockShift, min(n, (b+1)<<blockShift)
		if !ix.skipBlock(b, start, end) {
			ix.countDisputeSlots(t, g, &pass, lo, hi)
			continue
		}
		for _, s := range ix.blocks[b].aside {
			if i := int(s); i < hi {
				ix.countDisputeSlots(t, g, &pass, i, i+1)
			}
		}
	}
}

// disputePass holds what countDisputeSlots looks up once per pass.
type disputePass struct {
	isDispute          *[256]bool
	rejected, resolved uint8
}

// countDisputeSlots is the hot loop: the disputes among slots [from, to).
func (ix *Index) countDisputeSlots(t *figureTally, g grouping, pass *disputePass, from, to int) {
	ps := t.ps
	P := ps.n()
	end := ps.starts[P]
	isDispute, rejected, resolved := pass.isDispute, pass.rejected, pass.resolved
	start := ps.starts[0]
	regAt, state, accAt, conAt, visitAfter := ix.regAt[:to], ix.state[:to], ix.acceptedAt[:to], ix.concludedAt[:to], ix.visitAfter[:to]
	for i := from; i < to; i++ {
		reg := regAt[i]
		if reg >= end || !isDispute[state[i]] {
			continue
		}
		// a dispute all of whose story lies before the first period counts nowhere: registered, concluded or
		// rejected (or never accepted) and visited before it, nothing in the side table
		if reg < start && conAt[i] < start && (conAt[i] != 0 || accAt[i] == 0) &&
			(visitAfter[i] == noVisit || conAt[i]+int64(visitAfter[i]) < start) &&
			ix.flags[i]&flagFacts == 0 {
			continue
		}
		row := g.row(ix, i)
		if row < 0 {
			continue
		}
		base := row * P
		if p := ps.of(reg); p >= 0 {
			f := &t.disputes[base+p]
			f.Registered++
			f.Parties += int(ix.parties[i])
			if int(ix.people[i]) >= domain.MassPeople {
				f.Mass++
			}
		}
		acc, con := accAt[i], conAt[i]
		if acc == 0 {
			if state[i] == rejected {
				if p := ps.of(con); p >= 0 { // the rejection's date
					t.disputes[base+p].Rejected++
				}
			}
			continue
		}
		if p := ps.of(acc); p >= 0 {
			t.disputes[base+p].Accepted++
		}
		// open at bound k: accepted before it, not concluded before it
		k1, k2 := ps.firstStartAfter(acc), P+1
		if con != 0 {
			k2 = ps.firstStartAfter(con)
		}
		if k1 < k2 {
			t.open[row*(P+2)+k1]++
			t.open[row*(P+2)+k2]--
			if ix.flags[i]&flagSupervised != 0 && k2-1 > max(k1-1, 0) { // pending at the end of p: k = p+1
				t.supOpen[row*(P+1)+max(k1-1, 0)]++
				t.supOpen[row*(P+1)+k2-1]--
			}
		}
		var more *disputeExtra
		if ix.flags[i]&flagFacts != 0 {
			more = ix.disputeMore[uint32(i)]
		}
		if con != 0 {
			if p := ps.of(con); p >= 0 {
				f := &t.disputes[base+p]
				if ix.outcome[i] == resolved {
					f.Resolved++
					if a := ix.amount[i]; a != amountAside {
						f.Amount += domain.Yuan(a)
					} else {
						f.Amount += more.amount
					}
				} else {
					f.Failed++
				}
				if due := ix.dueAt[i]; due != 0 && con <= due {
					f.OnTime++
				}
				if more != nil {
					for _, pr := range more.prevented {
						f.CountPrevention(pr)
					}
				}
			}
		}
		ix.countOverdue(t, row, i, acc, con, more)
		if d := visitAfter[i]; d != noVisit {
			if p := ps.of(con + int64(d)); p >= 0 {
				t.disputes[base+p].CountVisit(ix.sats.names[ix.satis[i]-1])
			}
		}
		if more != nil {
			for _, v := range more.visits {
				if p := ps.of(v.At.UnixMilli()); p >= 0 {
					t.disputes[base+p].CountVisit(v.Satisfaction)
				}
			}
		}
	}
}

// countOverdue adds the periods whose end (capped at now) finds the dispute pending past its due date.
func (ix *Index) countOverdue(t *figureTally, row, i int, acc, con int64, more *disputeExtra) {
	ps := t.ps
	P := ps.n()
	if more != nil && len(more.due) > 0 { // the due date moved: ask each period's end
		facts := domain.DisputeFacts{Due: more.due}
		for p, cap := range ps.caps {
			if acc <= cap && (con == 0 || con > cap) {
				if due := facts.DueAt(ps.capT[p]); !due.IsZero() && due.UnixMilli() < cap {
					t.overdue[row*(P+1)+p]++
					t.overdue[row*(P+1)+p+1]--
				}
			}
		}
		return
	}
	due := ix.dueAt[i]
	if due == 0 {
		return
	}
	// overdue at T: due < T, and not concluded by T (acceptance lies before the due date)
	p1, p2 := ps.firstCapAfter(due), P
	if con != 0 {
		p2 = ps.firstCapAfter(con - 1) // first p with caps[p] >= con
	}
	if p1 < p2 {
		t.overdue[row*(P+1)+p1]++
		t.overdue[row*(P+1)+p2]--
	}
}

// countPetitions replays the dated events of the petition cases pfs. A case whose events all lie before the
// first period's end stands the same at every period's end once it is cleared or no longer counts; the
// others are replayed at each end.
func (ix *Index) countPetitions(t *figureTally, g grouping, pfs []petitionFacts) {
	ps := t.ps
	P := ps.n()
	if g.catRow != nil {
		return // category reports are about disputes
	}
	states := make([]domain.PetitionState, 0, P)
	var events []domain.PetitionEvent
	first := ps.capT[:1]
	for _, pf := range pfs {
		row := int(g.townRow[ix.town[pf.slot]])
		if row < 0 || len(pf.events) == 0 {
			continue
		}
		for _, e := range pf.events {
			p := ps.of(e.at)
			if p < 0 {
				continue
			}
			switch e.kind {
			case domain.PetitionAssigned:
				t.petitions[row*P+p].Assigned++
			case domain.PetitionCleared:
				t.petitions[row*P+p].Cleared++
			case domain.PetitionReopened:
				t.petitions[row*P+p].Reopened++
			}
		}
		supervised := ix.flags[pf.slot]&flagSupervised != 0
		events = pf.appendEvents(events[:0])
		states = domain.AppendPetitionStates(states[:0], events, first)
		if st := states[0]; pf.events[len(pf.events)-1].at > ps.caps[0] || st.Counts && !st.Cleared {
			states = domain.AppendPetitionStates(states[:0], events, ps.capT)
		} else {
			for range P - 1 {
				states = append(states, st)
			}
		}
		for p, st := range states {
			if !st.Counts {
				continue
			}
			f := &t.petitions[row*P+p]
			f.Total++
			if st.Cleared {
				f.ClearedAtEnd++
			} else if supervised {
				f.Supervised++
			}
			if st.Overdue {
				f.Overdue++
			}
		}
	}
}

func (t *figureTally) merge(o *figureTally) {
	for i := range t.disputes {
		t.disputes[i].Add(o.disputes[i])
		t.petitions[i].Add(o.petitions[i])
	}
	for i := range t.open {
		t.open[i] += o.open[i]
	}
	for i := range t.overdue {
		t.overdue[i] += o.overdue[i]
		t.supOpen[i] += o.supOpen[i]
	}
}

// finish turns the difference arrays into the stock figures and computes the derived figures.
func (t *figureTally) finish(rows int) {
	P := t.ps.n()
	for r := range rows {
		open, overdue, sup := int32(0), int32(0), int32(0)
		for k := 0; k <= P; k++ {
			open += t.open[r*(P+2)+k]
			if k < P {
				t.disputes[r*P+k].CarriedOver = int(open)
			}
			if k > 0 {
				t.disputes[r*P+k-1].Pending = int(open)
			}
		}
		for p := range P {
			overdue += t.overdue[r*(P+1)+p]
			sup += t.supOpen[r*(P+1)+p]
			f := &t.disputes[r*P+p]
			f.Overdue, f.Supervised = int(overdue), int(sup)
			f.Finish()
			t.petitions[r*P+p].Finish()
		}
	}
}

// at returns the finished figures of a row and period.
func (t *figureTally) at(row, p int) (domain.DisputeFigures, domain.PetitionFigures) {
	P := t.ps.n()
	return t.disputes[row*P+p], t.petitions[row*P+p]
}

// kindTable marks the interned states of a kind.
func (ix *Index) kindTable(k domain.Kind) *[256]bool {
	var out [256]bool
	for st, kind := range ix.states.kinds {
		out[st] = kind == k
	}
	return &out
}
