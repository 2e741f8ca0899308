package caseindex

import (
	"pingan/domain"
	"testing"
	"time"
)

// A summary gives the same guard facts as its full case (domain.GuardFacts), so a list offers the guarded
// actions exactly as the case page does (domain.AllowedActions).
func TestSummaryStateIsTheCaseState(t *testing.T) {
	ix, cases := buildOracle(t)
	facts := map[string]int{}
	for _, c := range cases {
		s, ok := ix.Get(c.ID)
		if !ok {
			t.Fatalf("%s is not in the index", c.ID)
		}
		if g, w := s.State().OpenSupervision, c.State().OpenSupervision; g != w {
			t.Fatalf("%s (%s): summary open supervision %v, case %v", c.ID, c.Status, g, w)
		}
		if c.OpenSupervision() != nil && !domain.IsOpen(c.Status) {
			facts["closedUnanswered"]++
		}
		gf, wf := s.State().Facts, c.State().Facts
		if gf.Referral != wf.Referral || gf.WrittenAgreement != wf.WrittenAgreement || !gf.ConcludedAt.Equal(wf.ConcludedAt) ||
			gf.Unperformed != wf.Unperformed || gf.Opinion != wf.Opinion || gf.OpenReview != wf.OpenReview ||
			!gf.ReceivedAt.Equal(wf.ReceivedAt.Truncate(time.Millisecond)) { // the index keeps milliseconds, as BSON does
			t.Fatalf("%s: summary facts %+v, case facts %+v", c.ID, gf, wf)
		}
		for name, on := range map[string]bool{"referral": wf.Referral, "written": wf.WrittenAgreement, "unperformed": wf.Unperformed,
			"opinion": wf.Opinion, "openReview": wf.OpenReview, "received": !wf.ReceivedAt.IsZero()} {
			if on {
				facts[name]++
			}
		}
	}
	for _, name := range []string{"referral", "written", "unperformed", "opinion", "openReview", "received", "closedUnanswered"} {
		if facts[name] == 0 {
			t.Errorf("no generated case has the guard fact %s: the comparison proves little", name)
		}
	}
}
