package domain

import "slices"

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
	return st
}

// heldIn is HeldIn, or the township for a state built without it.
func (st CaseState) heldIn() string {
	if st.HeldIn != "" {
		return st.HeldIn
	}
	return st.TownshipCode
}
