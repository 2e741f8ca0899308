package domain

import (
	"slices"
	"time"
)

// CaseState is the part of a case that decides which actions it allows: kind, status, where it lies,
// whether a 督办 awaits feedback and which once-only actions have been used. A full case (Case.State) and
// an index summary produce the same state, so a list and a detail offer the same actions.
type CaseState struct {
	Kind         Kind
	Status       Status
	TownshipCode string
	// HeldIn is the region the case is seen and worked in (Case.HeldIn): its township, or the region of the
	// committee holding a dispute transferred or escalated away from it.
	HeldIn          string
	OpenSupervision bool
	Used            OnceSet
	// AssignerRegion is the region of the office that assigned a petition case (交办单位).
	AssignerRegion string
	// Facts are what the actions' guards (Transition.fits) read beyond the status.
	Facts GuardFacts
}

// GuardFacts are the facts of a case some actions need (Transition.fits): a full case and an index summary
// give the same, so a list offers what the case page offers and both only what would be accepted.
type GuardFacts struct {
	// Disputes: referred in by a court, the police or an office (report_back); resolved with a written
	// agreement (apply_confirmation), concluded at ConcludedAt (its 30-day window); the last visit found the
	// agreement partly or not performed (unperformed).
	Referral         bool
	WrittenAgreement bool
	ConcludedAt      time.Time
	Unperformed      bool
	// Petitions: a 处理意见书 is on record (request_review); a 复查/复核 request awaits its answer.
	Opinion    bool
	OpenReview bool
	// ReceivedAt: a petition awaiting 签收, when the unit holding it received it (交办 or the last 改交); its
	// 异议退回 is open until ReturnDeadline of it (return).
	ReceivedAt time.Time
}

// OnceSet records which once-only actions (Transition.Once) a case has used: one bit per action in
// onceActions.
type OnceSet uint8

// onceActions are the actions some transition allows only once, in table order; an action's bit in OnceSet
// is its position here.
var onceActions = func() []string {
	var out []string
	for _, t := range Transitions {
		if t.Once && !slices.Contains(out, t.Action) {
			out = append(out, t.Action)
		}
	}
	if len(out) > 8 {
		panic("domain: more once-only actions than OnceSet holds")
	}
	return out
}()

// Has reports whether the once-only action has been used.
func (s OnceSet) Has(action string) bool {
	i := slices.Index(onceActions, action)
	return i >= 0 && s&(1<<i) != 0
}

// With returns the set with the action marked used (unchanged for an action that is not once-only).
func (s OnceSet) With(action string) OnceSet {
	if i := slices.Index(onceActions, action); i >= 0 {
		return s | 1<<i
	}
	return s
}

// UsedOnce returns the once-only actions the case's timeline holds.
func (c *Case) UsedOnce() OnceSet {
	var s OnceSet
	for _, e := range c.Timeline {
		s = s.With(e.Action)
	}
	return s
}

// State returns what decides the case's allowed actions.
func (c *Case) State() CaseState {
	st := CaseState{Kind: c.Kind, Status: c.Status, TownshipCode: c.TownshipCode, HeldIn: c.HeldIn(),
		OpenSupervision: c.OpenSupervision() != nil, Used: c.UsedOnce()}
	if c.Petition != nil {
		st.AssignerRegion = c.Petition.AssignerRegion
	}
	st.Facts = c.GuardFacts()
	return st
}

// GuardFacts reads the facts the guards need from the case.
func (c *Case) GuardFacts() GuardFacts {
	var f GuardFacts
	if d := c.Dispute; d != nil {
		f.Referral = d.Source == "referral"
		f.WrittenAgreement = d.Agreement != nil && d.Agreement.Type == "written"
		f.Unperformed = d.Performance == "partial" || d.Performance == "unfulfilled"
		if f.WrittenAgreement {
			f.ConcludedAt = conclusionAt(c)
		}
	}
	if p := c.Petition; p != nil {
		f.Opinion = slices.ContainsFunc(p.Materials, func(m Material) bool { return m.Type == "opinion" })
		f.OpenReview = openReview(p) != nil
		if c.Status == StatusReceived {
			f.ReceivedAt = ReceivedAt(c)
		}
	}
	return f
}

// heldIn is HeldIn, or the township for a state built without it.
func (st CaseState) heldIn() string {
	if st.HeldIn != "" {
		return st.HeldIn
	}
	return st.TownshipCode
}
