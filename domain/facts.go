package domain

import (
	"slices"
	"time"
)

// The facts of a case that the figures count (DESIGN.md, "Figures leaders read"): what happened, and when it
// happened, read from the case's timeline. The case index keeps them compactly; reports count them by window.

// DueFrom is a due date in force from a moment on.
type DueFrom struct {
	From time.Time
	Due  time.Time
}

// VisitFact is one follow-up visit (回访) of a dispute.
type VisitFact struct {
	At           time.Time
	Satisfaction string
}

// DisputeFacts are the dated facts of one dispute.
type DisputeFacts struct {
	Registered time.Time
	Accepted   time.Time // zero: not accepted
	Rejected   time.Time // zero: not rejected
	Concluded  time.Time // the first resolve or fail; zero: not concluded
	Outcome    Outcome   // how it concluded then
	// Due lists the due dates in force: from acceptance, then from each extension, in time order.
	Due     []DueFrom
	Visits  []VisitFact
	Parties int   // 当事人人数
	People  int   // 涉及人数 (at least Parties)
	Amount  int64 // 协议涉及金额 in fen, of a resolved dispute
	// Prevented lists what its mediation prevented (防止民转刑, …), recorded at conclusion.
	Prevented []Prevention
}

// DueAt is the due date in force at t (zero before acceptance).
func (f *DisputeFacts) DueAt(t time.Time) time.Time {
	var due time.Time
	for _, d := range f.Due {
		if d.From.After(t) {
			break
		}
		due = d.Due
	}
	return due
}

// PetitionEventKind is a dated event of a backlog petition case that its figures count.
type PetitionEventKind uint8

const (
	PetitionAssigned   PetitionEventKind = iota + 1 // 交办 (Due: the assigning office's deadline)
	PetitionReturned                                // 异议退回: awaiting the assigning office's decision
	PetitionReassigned                              // 改交 (Due: the deadline it keeps or sets)
	PetitionWithdrawn                               // 收回: no longer counts
	PetitionApplied                                 // 申请销号: the clock stops
	PetitionSentBack                                // 审核退回: the clock runs again
	PetitionCleared                                 // 销号 by the assigning office
	PetitionReopened                                // 反弹 (Due: the new deadline)
	PetitionExtended                                // 延期 (Due: the new deadline)
)

// PetitionEvent is one dated event; Due is the deadline it sets (zero: none).
type PetitionEvent struct {
	At   time.Time
	Kind PetitionEventKind
	Due  time.Time
}

// petitionEventOf names the event each petition action is, for the figures.
var petitionEventOf = map[string]PetitionEventKind{
	"register": PetitionAssigned, "return": PetitionReturned, "reassign": PetitionReassigned,
	"withdraw": PetitionWithdrawn, "apply_clear": PetitionApplied, "reject_clear": PetitionSentBack,
	"clear": PetitionCleared, "reopen": PetitionReopened, "extend": PetitionExtended,
}

// PetitionFacts are the dated events of one backlog petition case, in time order.
type PetitionFacts struct {
	Events []PetitionEvent
}

// PetitionState is where a petition case stands at a moment, as its figures see it.
type PetitionState struct {
	Assigned bool // 交办 on or before the moment
	Counts   bool // assigned and not withdrawn: in the denominator (a return under decision still counts)
	Cleared  bool // cleared and not reopened since
	Overdue  bool // counts, not cleared, and its due date (moved on by the time spent in review) has passed
}

// StateAt replays the events up to t. The clock stands still while a clearance application awaits review
// (not overdue then); a send-back's event carries the deadline moved on by the time spent in review.
func (f *PetitionFacts) StateAt(t time.Time) PetitionState {
	return f.StatesAt([]time.Time{t})[0]
}

// Count returns how many events of the kind lie in [from, to] (zero bounds: unbounded).
func (f *PetitionFacts) Count(kind PetitionEventKind, from, to time.Time) int {
	n := 0
	for _, e := range f.Events {
		if e.Kind == kind && (from.IsZero() || !e.At.Before(from)) && (to.IsZero() || !e.At.After(to)) {
			n++
		}
	}
	return n
}

// DisputeFactsOf reads a dispute's facts from its timeline and sub-document.
func DisputeFactsOf(c *Case) DisputeFacts {
	f := DisputeFacts{Registered: c.RegisteredAt, Parties: len(c.Parties), People: max(c.PeopleInvolved, len(c.Parties))}
	for _, e := range c.Timeline {
		switch e.Action {
		case "accept":
			if f.Accepted.IsZero() {
				f.Accepted = e.At
				due := e.At.AddDate(0, 0, DisputeTermDays) // entries recorded before due dates were kept on them
				if e.DueAt != nil {
					due = *e.DueAt
				}
				f.Due = append(f.Due, DueFrom{From: e.At, Due: due})
			}
		case "reject":
			f.Rejected = e.At
		case "refer_out": // referred out after acceptance: the mediation ended without agreement
			if e.From != StatusRegistered && f.Concluded.IsZero() {
				f.Concluded, f.Outcome = e.At, OutcomeFailed
			}
		case "resolve", "fail":
			if f.Concluded.IsZero() {
				f.Concluded, f.Outcome = e.At, OutcomeResolved
				if e.Action == "fail" {
					f.Outcome = OutcomeFailed
				}
			}
		case "extend":
			if e.DueAt != nil {
				f.Due = append(f.Due, DueFrom{From: e.At, Due: *e.DueAt})
			} else if n := len(f.Due); n > 0 && c.Dispute != nil && c.Dispute.Extension != nil {
				f.Due = append(f.Due, DueFrom{From: e.At, Due: f.Due[n-1].Due.AddDate(0, 0, c.Dispute.Extension.Days)})
			}
		}
	}
	if d := c.Dispute; d != nil {
		for _, v := range d.Visits {
			f.Visits = append(f.Visits, VisitFact{At: v.At, Satisfaction: v.Satisfaction})
		}
		if d.FollowUp != nil && len(d.Visits) == 0 { // recorded before visits were kept one by one
			f.Visits = append(f.Visits, VisitFact{At: d.FollowUp.At, Satisfaction: d.FollowUp.Satisfaction})
		}
		if f.Outcome == OutcomeResolved && d.Agreement != nil {
			f.Amount = int64(d.Agreement.Amount)
		}
		f.Prevented = slices.Clone(d.Prevented)
	}
	return f
}

// PetitionFactsOf reads a petition case's dated events from its timeline.
func PetitionFactsOf(c *Case) PetitionFacts {
	var f PetitionFacts
	for _, e := range c.Timeline {
		kind, ok := petitionEventOf[e.Action]
		if !ok {
			continue
		}
		ev := PetitionEvent{At: e.At, Kind: kind}
		if e.DueAt != nil {
			ev.Due = *e.DueAt
		}
		if kind == PetitionAssigned {
			ev.At = c.AssignedAt()
			if ev.Due.IsZero() && c.Petition != nil && c.Petition.DueAt != nil {
				ev.Due = *c.Petition.DueAt
			}
		}
		f.Events = append(f.Events, ev)
	}
	slices.SortStableFunc(f.Events, func(a, b PetitionEvent) int { return a.At.Compare(b.At) })
	return f
}

// AssignedAt is when a petition case was assigned (交办): the assigning office's date, else its registration.
func (c *Case) AssignedAt() time.Time {
	if c.Petition != nil && c.Petition.AssignedAt != nil {
		return *c.Petition.AssignedAt
	}
	return c.RegisteredAt
}

// StatesAt is StateAt at each of the moments ts (in ascending order), replaying the events once.
func (f *PetitionFacts) StatesAt(ts []time.Time) []PetitionState {
	return AppendPetitionStates(nil, f.Events, ts)
}

// AppendPetitionStates appends the states of a case with these events (in time order) at each of the moments
// ts (ascending) to dst, replaying the events once: StatesAt without an allocation for a caller that keeps
// its buffer.
func AppendPetitionStates(dst []PetitionState, events []PetitionEvent, ts []time.Time) []PetitionState {
	var r petitionReplay
	next := 0
	for _, t := range ts {
		for ; next < len(events) && !events[next].At.After(t); next++ {
			r.apply(events[next])
		}
		dst = append(dst, r.state(t))
	}
	return dst
}

// petitionReplay is a petition case's state as its events are applied in time order.
type petitionReplay struct {
	st     PetitionState
	due    time.Time
	paused bool // a clearance application awaits review: the clock stands still
}

func (r *petitionReplay) apply(e PetitionEvent) {
	switch e.Kind {
	case PetitionAssigned, PetitionReassigned:
		r.st.Assigned, r.st.Counts = true, true
	case PetitionWithdrawn:
		r.st.Counts = false
	case PetitionApplied:
		r.paused = true
	case PetitionSentBack:
		r.paused = false
	case PetitionCleared:
		r.st.Cleared, r.paused = true, false
	case PetitionReopened:
		r.st.Cleared = false
	}
	if !e.Due.IsZero() { // the deadline in force from here: set, extended, or moved on by the review's time
		r.due = e.Due
	}
}

// state is the state at t, all events up to t applied.
func (r *petitionReplay) state(t time.Time) PetitionState {
	st := r.st
	st.Overdue = st.Counts && !st.Cleared && !r.paused && !r.due.IsZero() && t.After(r.due)
	return st
}
