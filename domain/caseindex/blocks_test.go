package caseindex

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"pingan/domain"
	"pingan/internal/recount"
)

// Cases stored in registration order, as live intake stores them, fill blocks that each span a few weeks:
// the figures' pass skips whole blocks and must still count exactly what a recount counts — including old
// blocks that hold a case still open, or re-put after a later action.
func TestSkippedBlocksCountNothing(t *testing.T) {
	g := newGen(7, oracleNow)
	start := oracleNow.AddDate(-4, 0, 0)
	n := 6 * blockSlots
	regs := make([]time.Time, n)
	for i := range regs {
		regs[i] = start.Add(time.Duration(g.r.Int63n(int64(oracleNow.Sub(start)))))
	}
	slices.SortFunc(regs, func(a, b time.Time) int { return a.Compare(b) })
	ix := New(ankang)
	var cases []*domain.Case
	for _, reg := range regs {
		kind := domain.KindDispute
		if g.r.Intn(10) == 0 {
			kind = domain.KindPetition
		}
		c := g.register(kind, oracleTowns[g.r.Intn(len(oracleTowns))], reg)
		switch {
		case len(cases)%97 == 0: // stays as it is: awaiting acceptance
		case len(cases)%13 == 0 || kind == domain.KindPetition: // a random history: open, extended, visited twice…
			g.advance(c, 3+g.r.Intn(6))
		default: // most are settled within days, as old cases are
			at := reg
			for _, action := range []string{"accept", "start", []string{"resolve", "fail"}[g.r.Intn(2)]} {
				at = at.Add(time.Duration(1+g.r.Intn(72)) * time.Hour)
				if at.After(oracleNow) {
					break
				}
				var err error
				for try := 0; try < 20 && (try == 0 || err != nil); try++ { // the inputs are random: some don't fit
					err = domain.Replay(c, g.input(c, action, at), genAdmin, ankang, at, oracleNow)
				}
				if err != nil {
					var de *domain.Error
					errors.As(err, &de)
					t.Fatalf("%s %s: %v %v", c.ID, action, err, de.Fields)
				}
			}
		}
		cases = append(cases, c)
		ix.Put(c)
	}
	for i := 0; i < len(cases); i += 211 { // later actions on old cases widen their blocks
		g.advance(cases[i], 2)
		ix.Put(cases[i])
	}

	defer func(m int) { parallelScanMin = m }(parallelScanMin)
	for _, win := range []oracleWindow{{"last year", "2025-01-01", "2025-12-31"}, {"this month", "2026-03-01", "2026-03-10"},
		{"one month", "2024-06-01", "2024-06-30"}, {"unbounded", "", ""}} {
		for _, parallelFrom := range []int{1 << 30, 1} { // one part, and the blocks dealt out to parts
			parallelScanMin = parallelFrom
			t.Run(fmt.Sprintf("%s/parallel from %d", win.name, parallelFrom), func(t *testing.T) {
				w := mustWindow(t, win.from, win.to)
				rep := ix.Resolution("6109", domain.LevelCounty, w, oracleNow)
				rw := recountWindow(win.from, win.to)
				for _, row := range rep.Rows {
					sameFigures(t, row.Code+" disputes", row.Disputes, recount.Disputes(cases, in(row.Code), rw))
				}
				sameFigures(t, "totals", rep.Totals.Disputes, recount.Disputes(cases, in("6109"), rw))
			})
		}
	}

	// and blocks were skipped, or the test above proves nothing about skipping
	w := mustWindow(t, "2026-03-01", "2026-03-10")
	skipped := 0
	for b := range ix.blocks {
		if ix.skipBlock(b, w.From.UnixMilli(), w.To.UnixMilli()) {
			skipped++
		}
	}
	if skipped == 0 {
		t.Errorf("no block of %d skipped for this month's report", len(ix.blocks))
	}
}
