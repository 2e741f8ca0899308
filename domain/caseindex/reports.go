package caseindex

import (
	"cmp"
	"slices"
	"time"

	"pingan/domain"
)

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

// reportBounds are the first and last instant a window counts over: from its first day (the start of the
// records, 2000-01-01, when unbounded) to the end of its last day (today when unbounded).
func reportBounds(w domain.Window, now time.Time) (from, to time.Time) {
	from, to = w.From, w.To
	if from.IsZero() {
		from = domain.EarliestRecord
	}
	if to.IsZero() {
		to = domain.DayAfter(now)
	}
	return from, to
}

// townRows maps each township position to the row of the region at level groupBy containing it, -1 for
// townships outside region; rows lists those regions in code order.
func (ix *Index) townRows(region string, groupBy domain.RegionLevel) (rows []*domain.Region, townRow []int32) {
	rowOf := map[string]int{}
	for _, r := range ix.regions.All() {
		if r.Level == groupBy && ix.regions.Contains(region, r.Code) {
			rowOf[r.Code] = len(rows)
			rows = append(rows, r)
		}
	}
	townRow = make([]int32, len(ix.towns)+1)
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
	return rows, townRow
}

// regionRow maps the townships inside region to row 0, the others to -1.
func (ix *Index) regionRow(region string) []int32 {
	out := make([]int32, len(ix.towns)+1)
	for i, ok := range ix.regionTowns(region) {
		if !ok {
			out[i] = -1
		}
	}
	out[ix.unknownTown] = -1
	return out
}

// Resolution is the resolution report of a region (API.md, Reports): the figures of the window [from, to]
// counted by the date each thing happened, in one row for every region at level groupBy inside region (the
// region itself when it is at that level), zeros included, ordered by code; totals recomputed from the sums;
// rows ranked. The caller checks that the user may see region.
func (ix *Index) Resolution(region string, groupBy domain.RegionLevel, w domain.Window, now time.Time) domain.ResolutionReport {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	from, to := reportBounds(w, now)
	rep := domain.ResolutionReport{Region: ix.regionRef(region), GroupBy: string(groupBy), From: w.FromDate(),
		To: domain.LastDay(to), GeneratedAt: now, Rows: []domain.ResolutionRow{}}
	regions, townRow := ix.townRows(region, groupBy)
	ps := newPeriodSet([]time.Time{from, to}, now)
	t := ix.figures(grouping{rows: len(regions), townRow: townRow}, &ps)
	for i, r := range regions {
		d, p := t.at(i, 0)
		rep.Rows = append(rep.Rows, domain.ResolutionRow{Code: r.Code, Name: r.Name, ParentCode: r.ParentCode, Disputes: d, Petitions: p})
	}
	rep.Totals = domain.TotalsOf(rep.Rows)
	domain.RankRows(rep.Rows)
	return rep
}

// ResolutionByMonth is the resolution report of a region with one row per month of the window (an
// unbounded start is the month of the region's first registration), at most domain.MaxTrendPoints of the
// latest months.
func (ix *Index) ResolutionByMonth(region string, w domain.Window, now time.Time) domain.ResolutionReport {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	from, to := reportBounds(w, now)
	townRow := ix.regionRow(region)
	if w.From.IsZero() {
		from = ix.firstRegistration(townRow, from, to)
	}
	months := domain.Periods(domain.IntervalMonth, from, to)
	if len(months) > domain.MaxTrendPoints {
		months = months[len(months)-domain.MaxTrendPoints:]
	}
	bounds := make([]time.Time, 0, len(months)+1)
	for _, m := range months {
		bounds = append(bounds, m.From)
	}
	if bounds[0].Before(from) { // a window starting within a month counts from its first day
		bounds[0] = from
	}
	bounds = append(bounds, to)
	ref := ix.regionRef(region)
	rep := domain.ResolutionReport{Region: ref, GroupBy: domain.GroupByMonth, From: w.FromDate(), To: domain.LastDay(to),
		GeneratedAt: now, Rows: []domain.ResolutionRow{}}
	ps := newPeriodSet(bounds, now)
	t := ix.figures(grouping{rows: 1, townRow: townRow}, &ps)
	for p, m := range months {
		d, pf := t.at(0, p)
		rep.Rows = append(rep.Rows, domain.ResolutionRow{Code: m.Label, Name: domain.MonthName(m.From), ParentCode: ref.Code,
			Disputes: d, Petitions: pf, Partial: m.To.After(now)})
	}
	rep.Totals = domain.TotalsOf(rep.Rows)
	if n := len(rep.Rows); n > 0 { // stocks: at the window's start and end, not summed over months
		rep.Totals.Disputes.CarriedOver = rep.Rows[0].Disputes.CarriedOver
		rep.Totals.Disputes.Pending = rep.Rows[n-1].Disputes.Pending
		rep.Totals.Disputes.Overdue = rep.Rows[n-1].Disputes.Overdue
		rep.Totals.Disputes.Supervised = rep.Rows[n-1].Disputes.Supervised
		last := rep.Rows[n-1].Petitions
		tp := &rep.Totals.Petitions
		tp.Total, tp.ClearedAtEnd, tp.Overdue, tp.Supervised = last.Total, last.ClearedAtEnd, last.Overdue, last.Supervised
		rep.Totals.Disputes.Finish()
		tp.Finish()
	}
	return rep
}

// firstRegistration is the start of the first day with a registration in the region (from when none), at or
// after from and before to.
func (ix *Index) firstRegistration(townRow []int32, from, to time.Time) time.Time {
	lo, hi := from.UnixMilli(), to.UnixMilli()
	first := hi
	for i, r := range ix.regAt {
		if r >= lo && r < first && townRow[ix.town[i]] >= 0 {
			first = r
		}
	}
	if first == hi {
		return from
	}
	return domain.DayStart(time.UnixMilli(first))
}

// Trend is the trend report of a region (docs/API.md): the figures per month, quarter or year (an unknown
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
	bounds := make([]time.Time, 0, len(counting)+1)
	for _, p := range counting {
		bounds = append(bounds, p.From)
	}
	bounds = append(bounds, counting[len(counting)-1].To)

	ix.mu.RLock()
	defer ix.mu.RUnlock()
	ps := newPeriodSet(bounds, now)
	t := ix.figures(grouping{rows: 1, townRow: ix.regionRow(region)}, &ps)
	disputes := make([]domain.DisputeFigures, len(counting))
	petitions := make([]domain.PetitionFigures, len(counting))
	for j := range counting {
		disputes[j], petitions[j] = t.at(0, j)
	}
	rep.Points = domain.BuildTrend(interval, periods, disputes, petitions, now)
	return rep
}

// Categories is the category report of a region (docs/API.md): the dispute figures of the window per
// category in DESIGN order (unknown categories count as other), with totals.
func (ix *Index) Categories(region string, w domain.Window, now time.Time) domain.CategoryReport {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	from, to := reportBounds(w, now)
	rep := domain.CategoryReport{Region: ix.regionRef(region), From: w.FromDate(), To: domain.LastDay(to), GeneratedAt: now}
	catRow := make([]int32, len(ix.categories.names))
	for code, name := range ix.categories.names {
		catRow[code] = int32(domain.CategoryIndex(name))
	}
	ps := newPeriodSet([]time.Time{from, to}, now)
	t := ix.figures(grouping{rows: len(domain.Categories), townRow: ix.regionRow(region), catRow: catRow}, &ps)
	for j, o := range domain.Categories {
		d, _ := t.at(j, 0)
		rep.Rows = append(rep.Rows, domain.CategoryRow{Category: o.Code, Name: o.Label, DisputeFigures: d})
		rep.Totals.Add(d)
	}
	rep.Totals.Finish()
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

// BatchRow is one 交办批次 of the batch board: where its cases stand now.
type BatchRow struct {
	Batch      string `json:"batch"`      // "" for cases assigned without a batch
	AssignedBy string `json:"assignedBy"` // the level that assigned the batch (the first case's)
	Assigned   int    `json:"assigned"`   // 交办数: in the denominator (withdrawn ones are not)
	Received   int    `json:"received"`   // 待签收
	Signed     int    `json:"signed"`     // 已签收 (and not yet worked)
	Returned   int    `json:"returned"`   // 退回待定
	Resolving  int    `json:"resolving"`  // 化解中
	Resolved   int    `json:"resolved"`   // 已化解, clearance not yet applied for
	Applied    int    `json:"applied"`    // 已申请销号, awaiting review
	Cleared    int    `json:"cleared"`    // 已销号
	Reopened   int    `json:"reopened"`   // 反弹 (cases reopened at least once)
	Overdue    int    `json:"overdue"`    // 超期 now
	Withdrawn  int    `json:"withdrawn"`  // 收回
	// ClearanceRate is cleared / assigned.
	ClearanceRate *float64 `json:"clearanceRate"`
}

// Batches is the batch board of a region: one row per batch of the backlog cases inside it, in the order
// of their first 交办, with totals; figures as they stand now.
func (ix *Index) Batches(region string, now time.Time) (rows []BatchRow, totals BatchRow) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	inRegion := ix.regionTowns(region)
	type acc struct {
		row   BatchRow
		first int64
	}
	byBatch := map[string]*acc{}
	for slot, pe := range ix.petition {
		if !inRegion[ix.town[slot]] {
			continue
		}
		a := byBatch[pe.batch]
		if a == nil {
			a = &acc{row: BatchRow{Batch: pe.batch, AssignedBy: pe.assignedBy}, first: ix.regAt[slot]}
			byBatch[pe.batch] = a
		}
		a.first = min(a.first, ix.regAt[slot])
		addBatch(&a.row, ix.states.statuses[ix.state[slot]], pe.repeatCount > 0,
			domain.IsOverdue(domain.KindPetition, ix.states.statuses[ix.state[slot]], timeOf(ix.dueAt[slot]), now))
	}
	all := make([]*acc, 0, len(byBatch))
	for _, a := range byBatch {
		all = append(all, a)
	}
	slices.SortFunc(all, func(a, b *acc) int {
		if c := cmp.Compare(a.first, b.first); c != 0 {
			return c
		}
		return cmp.Compare(a.row.Batch, b.row.Batch)
	})
	rows = []BatchRow{}
	for _, a := range all {
		a.row.ClearanceRate = domain.Rate(a.row.Cleared, a.row.Assigned)
		rows = append(rows, a.row)
		totals.add(a.row)
	}
	totals.ClearanceRate = domain.Rate(totals.Cleared, totals.Assigned)
	return rows, totals
}

func addBatch(r *BatchRow, s domain.Status, reopened, overdue bool) {
	if s == domain.StatusWithdrawn {
		r.Withdrawn++
		return
	}
	r.Assigned++
	switch s {
	case domain.StatusReceived:
		r.Received++
	case domain.StatusAccepted:
		r.Signed++
	case domain.StatusReturned:
		r.Returned++
	case domain.StatusResolving:
		r.Resolving++
	case domain.StatusResolved:
		r.Resolved++
	case domain.StatusReviewing:
		r.Applied++
	case domain.StatusCleared:
		r.Cleared++
	}
	if reopened {
		r.Reopened++
	}
	if overdue {
		r.Overdue++
	}
}

func (r *BatchRow) add(o BatchRow) {
	r.Assigned += o.Assigned
	r.Received += o.Received
	r.Signed += o.Signed
	r.Returned += o.Returned
	r.Resolving += o.Resolving
	r.Resolved += o.Resolved
	r.Applied += o.Applied
	r.Cleared += o.Cleared
	r.Reopened += o.Reopened
	r.Overdue += o.Overdue
	r.Withdrawn += o.Withdrawn
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
