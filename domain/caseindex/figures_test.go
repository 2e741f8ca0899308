package caseindex

import (
	"math/rand"
	"testing"
	"time"

	"pingan/domain"
)

// An agreement's amount too large for the 4-byte column (42,949,672.95 yuan and more) is counted from the
// side table, exactly.
func TestLargeAmountsAreCountedExactly(t *testing.T) {
	ix := New(ankang)
	towns := ankang.Townships("6109")
	r := rand.New(rand.NewSource(3))
	seqs := map[string]int{}
	var want domain.Yuan
	for i, amount := range []domain.Yuan{12_345, 4_294_967_294, 4_294_967_295, 9_000_000_000_00} {
		var c domain.Case
		for c.Dispute == nil || c.Dispute.Agreement == nil || c.Outcome != domain.OutcomeResolved {
			synth(&c, r, i, towns, seqs)
		}
		c.Dispute.Agreement.Amount = amount
		ix.Put(&c)
		want += amount
	}
	rep := ix.Resolution("6109", domain.LevelCounty, domain.Window{}, benchNow)
	if got := rep.Totals.Disputes.Amount; got != want {
		t.Errorf("amount %v, want %v", got, want)
	}
}

// A case that stops being a petition leaves the petitions' list, and the case moved into its place keeps
// being counted.
func TestPetitionListStaysDense(t *testing.T) {
	ix := New(ankang)
	towns := ankang.Townships("6109")
	r := rand.New(rand.NewSource(5))
	seqs := map[string]int{}
	var petitions []domain.Case
	for i := 0; len(petitions) < 3; i++ {
		var c domain.Case
		synth(&c, r, i, towns, seqs)
		if c.Kind == domain.KindPetition {
			ix.Put(&c)
			petitions = append(petitions, c)
		}
	}
	assigned := func() int {
		return ix.Resolution("6109", domain.LevelCounty, domain.Window{}, benchNow).Totals.Petitions.Assigned
	}
	if got := assigned(); got != 3 {
		t.Fatalf("%d assigned, want 3", got)
	}
	first := petitions[0]
	first.Kind, first.Petition, first.Version = domain.KindDispute, nil, first.Version+1
	first.Dispute = &domain.DisputeInfo{}
	ix.Put(&first)
	if got := assigned(); got != 2 || len(ix.petitionFacts) != 2 {
		t.Fatalf("%d assigned, %d listed after one left, want 2", got, len(ix.petitionFacts))
	}
	reopened := ix.Resolution("6109", domain.LevelCounty, domain.Window{}, benchNow).Totals.Petitions.Reopened
	last := petitions[2]
	last.Version++
	last.Timeline = append(last.Timeline, domain.TimelineEntry{At: benchNow.Add(-time.Hour), Action: "reopen", To: domain.StatusResolving})
	ix.Put(&last) // the moved entry is found where it now is
	if rep := ix.Resolution("6109", domain.LevelCounty, domain.Window{}, benchNow); rep.Totals.Petitions.Assigned != 2 ||
		rep.Totals.Petitions.Reopened != reopened+1 || len(ix.petitionFacts) != 2 {
		t.Fatalf("after updating the moved case: %+v, %d listed", rep.Totals.Petitions, len(ix.petitionFacts))
	}
}

// The first visit is kept as milliseconds after the conclusion; one 49.7 days or more after it, or a visit
// of a dispute with no conclusion on record, is kept whole in the side table and counted in its month.
func TestVisitsFarFromTheConclusion(t *testing.T) {
	ix := New(ankang)
	towns := ankang.Townships("6109")
	r := rand.New(rand.NewSource(11))
	seqs := map[string]int{}
	var c domain.Case
	for c.Dispute == nil || c.Outcome != domain.OutcomeResolved || len(c.Dispute.Visits) != 1 || c.ClosedAt.After(benchNow.AddDate(0, -6, 0)) {
		synth(&c, r, 0, towns, seqs)
	}
	concluded := *c.ClosedAt
	for _, after := range []time.Duration{time.Hour, 49 * 24 * time.Hour, 50 * 24 * time.Hour, 120 * 24 * time.Hour} {
		visit := concluded.Add(after)
		c.Dispute.Visits[0].At = visit
		for k := range c.Timeline {
			if c.Timeline[k].Action == "visit" {
				c.Timeline[k].At = visit
			}
		}
		c.Version++
		ix.Put(&c)
		month := domain.DayStart(time.Date(visit.Year(), visit.Month(), 1, 0, 0, 0, 0, domain.Shanghai))
		in := domain.Window{From: month, To: month.AddDate(0, 1, 0)}
		before := domain.Window{From: month.AddDate(0, -1, 0), To: month}
		if got := ix.Resolution("6109", domain.LevelCounty, in, benchNow).Totals.Disputes.FollowUps; got != 1 {
			t.Errorf("a visit %v after the conclusion: %d in its month, want 1", after, got)
		}
		if got := ix.Resolution("6109", domain.LevelCounty, before, benchNow).Totals.Disputes.FollowUps; got != 0 {
			t.Errorf("a visit %v after the conclusion: %d in the month before, want 0", after, got)
		}
	}
}
