package domain

import (
	"slices"
	"time"
)

// WarningThreshold is the share of a term after which views mark a case due soon; the server may set it
// from its configuration at start.
var WarningThreshold = DefaultWarningThreshold

// CaseView is the JSON a client gets for one case (API.md case shape plus its Extensions' additions).
// The embedded Case is a copy: rendering never touches the stored case.
type CaseView struct {
	Case
	Overdue bool    `json:"overdue"`
	Warning Warning `json:"warning"`
	// FollowUpDueAt: a resolved dispute's 回访期限 (FollowUpDue), the next date due once its term has ended.
	FollowUpDueAt  *time.Time       `json:"followUpDueAt,omitempty"`
	AllowedActions []string         `json:"allowedActions"`
	Supervision    *SupervisionView `json:"supervision,omitempty"` // the 督办 awaiting feedback, if any
	TownshipName   string           `json:"townshipName"`
	CountyName     string           `json:"countyName"`
	// HeldIn is the region the case is seen and worked in (Case.HeldIn); HoldingCommittee, for a dispute,
	// the committee holding it (its township's own unless recorded).
	HeldIn           string        `json:"heldIn"`
	HoldingCommittee *CommitteeRef `json:"holdingCommittee,omitempty"`
}

// CommitteeRef names a committee.
type CommitteeRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// SupervisionView is an open supervision with whether its feedback is late.
type SupervisionView struct {
	Supervision
	Overdue bool `json:"overdue"`
}

// View renders a case for a user. Parties' ID numbers and phones stay readable only when full (a case's
// detail) and the user's scope covers the case; everywhere else they are masked. Lists (parties,
// timeline, allowedActions, mediators, sessions) are never null.
func View(c *Case, by *User, regions *RegionTree, now time.Time, full bool) CaseView {
	v := CaseView{
		Case:           *c,
		Overdue:        c.Overdue(now),
		Warning:        c.Warning(now, WarningThreshold),
		AllowedActions: AllowedActions(c.State(), by, regions, now),
	}
	if due := FollowUpDue(c); !due.IsZero() {
		v.FollowUpDueAt = &due
	}
	if full && by != nil && ScopeOf(by).Sees(regions, c.Kind, c.HeldIn()) {
		v.Parties = slices.Clone(c.Parties)
	} else {
		v.Parties = MaskParties(c.Parties)
	}
	if v.Parties == nil {
		v.Parties = []Party{}
	}
	v.Timeline = slices.Clone(c.Timeline)
	if v.Timeline == nil {
		v.Timeline = []TimelineEntry{}
	}
	for i := range v.Timeline {
		if v.Timeline[i].RecordedAt.IsZero() { // recorded before event dates existed: when it was recorded
			v.Timeline[i].RecordedAt = v.Timeline[i].At
		}
	}
	v.Supervisions = slices.Clone(c.Supervisions)
	if c.Dispute != nil {
		d := *c.Dispute
		d.Mediators = nonNil(slices.Clone(d.Mediators))
		d.Sessions = nonNil(slices.Clone(d.Sessions))
		d.Visits = nonNil(slices.Clone(d.Visits))
		d.Extensions = slices.Clone(d.Extensions)
		d.Prevented = slices.Clone(d.Prevented)
		v.Dispute = &d
	}
	if c.Petition != nil {
		p := *c.Petition
		p.Materials, p.Reviews = slices.Clone(p.Materials), slices.Clone(p.Reviews)
		v.Petition = &p
	}
	if s := c.OpenSupervision(); s != nil {
		v.Supervision = &SupervisionView{Supervision: *s, Overdue: s.Overdue(now)}
	}
	if r, ok := regions.Get(c.TownshipCode); ok {
		v.TownshipName = r.Name
	}
	if r, ok := regions.Get(c.CountyCode); ok {
		v.CountyName = r.Name
	}
	v.HeldIn = c.HeldIn()
	if c.Dispute != nil {
		v.HoldingCommittee = &CommitteeRef{ID: c.HoldingCommittee(), Name: c.Dispute.CommitteeName}
		if v.HoldingCommittee.Name == "" {
			v.HoldingCommittee.Name = v.TownshipName + "人民调解委员会"
		}
	}
	return v
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
