// Package recount counts the report figures again, plainly, from the cases' timelines: the oracle the tests
// hold the case index's figures engine (domain/caseindex) and the HTTP reports against. It restates the
// definitions of DESIGN.md ("Figures leaders read") case by case and shares no code with the engine; it is
// slow on purpose and used by tests only.
package recount

import (
	"math"
	"time"

	"pingan/domain"
)

// Window is [From, End]: From the first instant counted (zero: the start of the records), End the last
// instant of the day `to`. Now caps the end-of-window figures.
type Window struct {
	From, End, Now time.Time
}

// end is the moment the stock figures are taken: the end of the window, or now if earlier.
func (w Window) end() time.Time {
	if w.Now.Before(w.End) {
		return w.Now
	}
	return w.End
}

func (w Window) in(t time.Time) bool {
	return !t.IsZero() && (w.From.IsZero() || !t.Before(w.From)) && !t.After(w.End)
}

// Rate is num/den rounded to 4 decimals, nil when den is 0.
func Rate(num, den int) *float64 {
	if den == 0 {
		return nil
	}
	r := math.Round(float64(num)/float64(den)*10000) / 10000
	return &r
}

// Disputes recounts the dispute figures of the cases for which in returns true.
func Disputes(cases []*domain.Case, in func(*domain.Case) bool, w Window) domain.DisputeFigures {
	var f domain.DisputeFigures
	end := w.end()
	for _, c := range cases {
		if c.Kind != domain.KindDispute || !in(c) {
			continue
		}
		var accepted, rejected, concluded time.Time
		var outcome string
		type change struct{ from, due time.Time }
		var dues []change
		for _, e := range c.Timeline {
			switch e.Action {
			case "accept":
				accepted = e.At
				dues = append(dues, change{e.At, *e.DueAt})
			case "extend":
				dues = append(dues, change{e.At, *e.DueAt})
			case "reject":
				rejected = e.At
			case "resolve", "fail":
				if concluded.IsZero() {
					concluded, outcome = e.At, e.Action
				}
			case "refer_out": // referred out after acceptance: mediation ended without agreement
				if concluded.IsZero() && !accepted.IsZero() {
					concluded, outcome = e.At, "fail"
				}
			}
		}
		dueAt := func(t time.Time) time.Time {
			var d time.Time
			for _, ch := range dues {
				if !ch.from.After(t) {
					d = ch.due
				}
			}
			return d
		}
		if w.in(c.RegisteredAt) {
			f.Registered++
			f.Parties += len(c.Parties)
			if max(c.PeopleInvolved, len(c.Parties)) >= 5 {
				f.Mass++
			}
		}
		if w.in(rejected) {
			f.Rejected++
		}
		if accepted.IsZero() {
			continue
		}
		if w.in(accepted) {
			f.Accepted++
		}
		if !w.From.IsZero() && accepted.Before(w.From) && (concluded.IsZero() || !concluded.Before(w.From)) {
			f.CarriedOver++
		}
		pending := !accepted.After(w.End) && (concluded.IsZero() || concluded.After(w.End))
		if pending {
			f.Pending++
			if c.OpenSupervision() != nil && domain.IsOpen(c.Status) {
				f.Supervised++
			}
		}
		if !accepted.After(end) && (concluded.IsZero() || concluded.After(end)) {
			if d := dueAt(end); !d.IsZero() && end.After(d) {
				f.Overdue++
			}
		}
		if w.in(concluded) {
			if outcome == "resolve" {
				f.Resolved++
				f.Amount += c.Dispute.Agreement.Amount
			} else {
				f.Failed++
			}
			if d := dueAt(concluded); !d.IsZero() && !concluded.After(d) {
				f.OnTime++
			}
			for _, p := range c.Dispute.Prevented {
				f.CountPrevention(p)
			}
		}
		for _, v := range c.Dispute.Visits {
			if w.in(v.At) {
				f.FollowUps++
				switch v.Satisfaction {
				case "satisfied":
					f.Satisfied++
				case "basic":
					f.Basic++
				}
			}
		}
	}
	f.Concluded = f.Resolved + f.Failed
	f.SuccessRate = Rate(f.Resolved, f.Concluded)
	f.ConcludedRate = Rate(f.Concluded, f.CarriedOver+f.Accepted)
	f.OnTimeRate = Rate(f.OnTime, f.Concluded)
	f.SatisfactionRate = Rate(f.Satisfied, f.FollowUps)
	f.BasicOrBetterRate = Rate(f.Satisfied+f.Basic, f.FollowUps)
	return f
}

// Petitions recounts the backlog figures of the cases for which in returns true, replaying each case's
// timeline up to the end of the window.
func Petitions(cases []*domain.Case, in func(*domain.Case) bool, w Window) domain.PetitionFigures {
	var f domain.PetitionFigures
	end := w.end()
	for _, c := range cases {
		if c.Kind != domain.KindPetition || !in(c) {
			continue
		}
		counts, cleared, inReview := false, false, false
		var due time.Time
		for _, e := range c.Timeline {
			at := e.At
			if e.Action == "register" {
				at = c.AssignedAt()
				if w.in(at) {
					f.Assigned++
				}
			}
			if e.Action == "clear" && w.in(at) {
				f.Cleared++
			}
			if e.Action == "reopen" && w.in(at) {
				f.Reopened++
			}
			if at.After(end) {
				continue
			}
			switch e.Action {
			case "register", "reassign":
				counts = true
			case "withdraw":
				counts = false
			case "apply_clear":
				inReview = true
			case "reject_clear":
				inReview = false
			case "clear":
				cleared, inReview = true, false
			case "reopen":
				cleared = false
			}
			if e.DueAt != nil {
				due = *e.DueAt
			}
		}
		if !counts {
			continue
		}
		f.Total++
		if cleared {
			f.ClearedAtEnd++
			continue
		}
		if !inReview && !due.IsZero() && end.After(due) {
			f.Overdue++
		}
		if c.OpenSupervision() != nil && domain.IsOpen(c.Status) {
			f.Supervised++
		}
	}
	f.Open = f.Total - f.ClearedAtEnd
	f.ClearanceRate = Rate(f.ClearedAtEnd, f.Total)
	return f
}
