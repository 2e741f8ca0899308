package caseindex

import (
	"cmp"
	"math"
	"slices"
	"time"

	"pingan/domain"
)

// tally counts cases into report rows in one pass: per row a histogram of classes (state, outcome,
// follow-up satisfaction) plus the counts that depend on now or on side facts. The domain's definitions
// turn it into figures afterwards.
type tally struct {
	ix      *Index
	nOut    int     // outcome codes
	nFu     int     // follow-up codes: 0 = none, 1 + satisfaction
	nCls    int     // classes per row
	cls     []int32 // row*nCls + (state*nOut + outcome)*nFu + followUp
	overdue []int32 // row*2 + kind (0 dispute, 1 petition)
	superv  []int32 // row*2 + kind
	kind    [256]int8
	timed   [256]bool // a deadline may make this state overdue
	now     time.Time
}

const (
	kindDispute  = 0
	kindPetition = 1
	kindOther    = -1
)

func (ix *Index) newTally(rows int, now time.Time) *tally {
	t := &tally{ix: ix, nOut: len(ix.outcomes.names), nFu: len(ix.sats.names) + 1, now: now}
	t.nCls = len(ix.states.kinds) * t.nOut * t.nFu
	t.cls = make([]int32, rows*t.nCls)
	t.overdue = make([]int32, rows*2)
	t.superv = make([]int32, rows*2)
	for st, k := range ix.states.kinds {
		s := ix.states.statuses[st]
		switch k {
		case domain.KindDispute:
			t.kind[st] = kindDispute
			t.timed[st] = domain.DeadlineRunning(k, s)
		case domain.KindPetition:
			t.kind[st] = kindPetition
			t.timed[st] = s != domain.StatusReturned && s != domain.StatusCleared
		default:
			t.kind[st] = kindOther
		}
	}
	return t
}

// count adds slots [0, n) to the rows that rowOf gives (-1 = none), for cases registered in [lo, hi).
// It is the one hot loop of every report: an increment per case, more only for supervised cases and
// running deadlines.
func (t *tally) count(rowOf func(i int) int, lo, hi int64) {
	ix := t.ix
	n := len(ix.state)
	regAt, state, outcome, satis, flags := ix.regAt[:n], ix.state[:n], ix.outcome[:n], ix.satis[:n], ix.flags[:n]
	cls, nOut, nFu, nCls, timed := t.cls, t.nOut, t.nFu, t.nCls, &t.timed
	for i := range state {
		if r := regAt[i]; r < lo || r >= hi {
			continue
		}
		row := rowOf(i)
		if row < 0 {
			continue
		}
		st := state[i]
		cls[row*nCls+(int(st)*nOut+int(outcome[i]))*nFu+int(satis[i])]++
		if flags[i]&flagSupervised != 0 || timed[st] {
			t.addRest(row, i, st)
		}
	}
}

func (t *tally) addRest(row, i int, st uint8) {
	ix := t.ix
	k := t.kind[st]
	if k == kindOther {
		return
	}
	if ix.flags[i]&flagSupervised != 0 {
		t.superv[row*2+int(k)]++
	}
	if t.timed[st] && ix.dueAt[i] != 0 {
		due, s := timeOf(ix.dueAt[i]), ix.states.statuses[st]
		if k == kindPetition && domain.PetitionOverdue(s, due, t.now) ||
			k == kindDispute && domain.IsOverdue(domain.KindDispute, s, due, t.now) {
			t.overdue[row*2+int(k)]++
		}
	}
}

// figures returns the finished figures of one row.
func (t *tally) figures(row int) (d domain.DisputeFigures, p domain.PetitionFigures) {
	ix := t.ix
	for st, k := range ix.states.kinds {
		for o := 0; o < t.nOut; o++ {
			for fu := 0; fu < t.nFu; fu++ {
				n := int(t.cls[row*t.nCls+(st*t.nOut+o)*t.nFu+fu])
				if n == 0 {
					continue
				}
				switch k {
				case domain.KindDispute:
					d.CountStatus(ix.states.statuses[st], domain.Outcome(ix.outcomes.names[o]), n)
					if fu > 0 {
						d.CountFollowUp(ix.sats.names[fu-1], n)
					}
				case domain.KindPetition:
					p.CountStatus(ix.states.statuses[st], n)
				}
			}
		}
	}
	d.Overdue, p.Overdue = int(t.overdue[row*2]), int(t.overdue[row*2+1])
	d.Supervised, p.Supervised = int(t.superv[row*2]), int(t.superv[row*2+1])
	d.Finish()
	p.Finish()
	return d, p
}

// regionTowns marks the township positions inside region.
func (ix *Index) regionTowns(region string) []bool {
	ok := make([]bool, len(ix.towns)+1)
	for i, t := range ix.towns {
		ok[i] = ix.regions.Contains(region, t.Code)
	}
	return ok
}

func (ix *Index) regionRef(code string) domain.RegionRef {
	if r, ok := ix.regions.Get(code); ok {
		return domain.RefOf(r)
	}
	return domain.RegionRef{Code: code}
}

// windowMillis returns the window's bounds in Unix ms, [lo, hi).
func windowMillis(w domain.Window) (lo, hi int64) {
	p := plan{lo: math.MinInt64, hi: math.MaxInt64}
	p.window(w)
	return p.lo, p.hi
}

// Resolution is the resolution report of a region (API.md, Reports): one row for every region at level
// groupBy inside region (the region itself when it is at that level), zeros included, ordered by code, for
// the cases registered inside w; totals recomputed from the sums; rows ranked. The caller checks that the
// user may see region.
func (ix *Index) Resolution(region string, groupBy domain.RegionLevel, w domain.Window, now time.Time) domain.ResolutionReport {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	rep := domain.ResolutionReport{Region: ix.regionRef(region), GroupBy: groupBy, From: w.FromDate(), To: w.ToDate(),
		GeneratedAt: now, Rows: []domain.ResolutionRow{}}
	rowOf := map[string]int{}
	for _, r := range ix.regions.All() {
		if r.Level == groupBy && ix.regions.Contains(region, r.Code) {
			rowOf[r.Code] = len(rep.Rows)
			rep.Rows = append(rep.Rows, domain.ResolutionRow{Code: r.Code, Name: r.Name, ParentCode: r.ParentCode})
		}
	}
	// townRow[position] is the row a township counts into, -1 for none
	townRow := make([]int32, len(ix.towns)+1)
	for i, t := range ix.towns {
		townRow[i] = -1
		for code := t.Code; code != ""; {
			if row, ok := rowOf[code]; ok {
				townRow[i] = int32(row)
				break
			}
			r, _ := ix.regions.Get(code)
			code = r.ParentCode
		}
	}
	townRow[ix.unknownTown] = -1

	t := ix.newTally(len(rep.Rows), now)
	lo, hi := windowMillis(w)
	town := ix.town
	t.count(func(i int) int { return int(townRow[town[i]]) }, lo, hi)
	for i := range rep.Rows {
		row := &rep.Rows[i]
		row.Disputes, row.Petitions = t.figures(i)
		rep.Totals.Disputes.Add(row.Disputes)
		rep.Totals.Petitions.Add(row.Petitions)
	}
	rep.Totals.Disputes.Finish()
	rep.Totals.Petitions.Finish()
	domain.RankRows(rep.Rows)
	return rep
}

// Trend is the trend report of a region (API.md, Extensions): figures per month, quarter or year (an unknown
// interval reads as month) over the periods of domain.TrendPeriods, with changes against the previous
// period and the same period a year earlier.
func (ix *Index) Trend(region string, interval string, w domain.Window, now time.Time) domain.TrendReport {
	if iv, err := domain.ParseInterval(interval); err == nil {
		interval = iv
	} else {
		interval = domain.IntervalMonth
	}
	periods := domain.TrendPeriods(interval, w, now)
	counting := domain.CountingPeriods(interval, periods)
	rep := domain.TrendReport{Region: ix.regionRef(region), Interval: interval, GeneratedAt: now, Points: []domain.TrendPoint{}}
	if len(periods) == 0 {
		return rep
	}
	rep.From = periods[0].From.Format(time.DateOnly)
	rep.To = periods[len(periods)-1].To.Add(-time.Nanosecond).In(domain.Shanghai).Format(time.DateOnly)
	starts := make([]int64, len(counting)+1)
	for j, p := range counting {
		starts[j] = p.From.UnixMilli()
	}
	starts[len(counting)] = counting[len(counting)-1].To.UnixMilli()

	ix.mu.RLock()
	defer ix.mu.RUnlock()
	inRegion := ix.regionTowns(region)
	t := ix.newTally(len(counting), now)
	lo, hi := starts[0], starts[len(counting)]
	// periods start at Shanghai midnights, so the day since lo decides the period: a table per day
	const day = int64(24 * time.Hour / time.Millisecond)
	periodOfDay := make([]int32, (hi-lo+day-1)/day)
	for d := range periodOfDay {
		k, _ := slices.BinarySearch(starts, lo+int64(d)*day+1)
		periodOfDay[d] = int32(k - 1)
	}
	town := ix.town
	t.count(func(i int) int {
		if !inRegion[town[i]] {
			return -1
		}
		return int(periodOfDay[(ix.regAt[i]-lo)/day])
	}, lo, hi)
	disputes := make([]domain.DisputeFigures, len(counting))
	petitions := make([]domain.PetitionFigures, len(counting))
	for j := range counting {
		disputes[j], petitions[j] = t.figures(j)
	}
	rep.Points = domain.BuildTrend(interval, periods, disputes, petitions)
	return rep
}

// Categories is the category report of a region (API.md, Extensions): the disputes registered inside w, per
// category in DESIGN order (unknown categories count as other), with totals.
func (ix *Index) Categories(region string, w domain.Window, now time.Time) domain.CategoryReport {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	rep := domain.CategoryReport{Region: ix.regionRef(region), From: w.FromDate(), To: w.ToDate(), GeneratedAt: now}
	catRow := make([]int, len(ix.categories.names))
	for code, name := range ix.categories.names {
		catRow[code] = domain.CategoryIndex(name)
	}
	inRegion := ix.regionTowns(region)
	t := ix.newTally(len(domain.Categories), now)
	lo, hi := windowMillis(w)
	town, state, category := ix.town, ix.state, ix.category
	t.count(func(i int) int {
		if !inRegion[town[i]] || t.kind[state[i]] != kindDispute {
			return -1
		}
		return catRow[category[i]]
	}, lo, hi)
	var totals domain.DisputeFigures
	for j, o := range domain.Categories {
		d, _ := t.figures(j)
		rep.Rows = append(rep.Rows, domain.CategoryRow{Category: o.Code, Name: o.Label, CategoryFigures: domain.CategoryFiguresOf(d)})
		totals.Add(d)
	}
	totals.Finish()
	rep.Totals = domain.CategoryFiguresOf(totals)
	return rep
}

// BacklogItem is one open petition case of the backlog report; the summary carries the lead leader and
// the assigning level. The HTTP layer renders it.
type BacklogItem struct {
	Summary     Summary
	DaysOverdue int
}

// BacklogReport is GET /reports/backlog (API.md, Extensions).
type BacklogReport struct {
	Region      domain.RegionRef
	GeneratedAt time.Time
	Items       []BacklogItem
	Total       int
}

// Backlog lists the open (neither cleared nor returned) petition cases of a region: most overdue first,
// then soonest due, cases without a due date last, then by ID.
func (ix *Index) Backlog(region string, now time.Time) BacklogReport {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	rep := BacklogReport{Region: ix.regionRef(region), GeneratedAt: now, Items: []BacklogItem{}}
	inRegion := ix.regionTowns(region)
	var slots []uint32
	for slot := range ix.petition {
		st := ix.state[slot]
		if inRegion[ix.town[slot]] && ix.states.kinds[st] == domain.KindPetition && domain.IsOpen(ix.states.statuses[st]) {
			slots = append(slots, slot)
		}
	}
	slices.SortFunc(slots, func(a, b uint32) int {
		if c := cmp.Compare(dueKey(ix.dueAt[a]), dueKey(ix.dueAt[b])); c != 0 {
			return c
		}
		return slices.Compare(ix.id(a), ix.id(b))
	})
	for _, slot := range slots {
		s := ix.summary(slot)
		rep.Items = append(rep.Items, BacklogItem{Summary: s, DaysOverdue: domain.DaysOverdue(s.DueAt, now)})
	}
	rep.Total = len(rep.Items)
	return rep
}
