package caseindex

import (
	"cmp"
	"slices"
	"time"

	"pingan/domain"
)

// To-do reasons (API-EXT.md, To-do).
const (
	ReasonOverdue     = "overdue"
	ReasonDueSoon     = "due_soon"
	ReasonSupervised  = "supervised"
	ReasonFollowUpDue = "follow_up_due"
	ReasonAcceptDue   = "accept_due"
)

// TodoItem is one entry of a user's to-do list: a case, why it is there, and since when. The HTTP layer
// renders the summary.
type TodoItem struct {
	Summary Summary
	Reason  string
	Since   time.Time
	// urgency orders the list: overdue, supervised past its feedback date, accept_due, due_soon,
	// supervised, follow_up_due.
	urgency int
}

const (
	urgOverdue = iota
	urgSupervisedOverdue
	urgAcceptDue
	urgDueSoon
	urgSupervised
	urgFollowUpDue
)

// Todo returns the user's to-do list, most urgent first, then oldest since, then by ID. A case appears at
// most once per reason.
//
//   - mediator (disputes) and petition staff (petition cases), for the cases of their kind in their region:
//     overdue (since dueAt), due_soon (domain.WarningLevel; since dueAt, so the soonest due comes first),
//     supervised (an unanswered 督办; since it was given), and for mediators follow_up_due (a resolved
//     dispute whose follow-up falls due: the agreement's performBy, else FollowUpGrace after resolution;
//     since then), for petition staff accept_due (domain.AcceptDue; since registration + AcceptWarnDays).
//   - leader and admin: the supervisions they gave that await feedback, and every overdue case of their
//     region.
func (ix *Index) Todo(u *domain.User, now time.Time, warnThreshold float64) []TodoItem {
	items := []TodoItem{}
	if u == nil || u.RegionCode == "" {
		return items
	}
	var kinds []domain.Kind
	handler := true
	switch u.Role {
	case domain.RoleMediator:
		kinds = []domain.Kind{domain.KindDispute}
	case domain.RolePetition:
		kinds = []domain.Kind{domain.KindPetition}
	case domain.RoleLeader, domain.RoleAdmin:
		kinds = []domain.Kind{domain.KindDispute, domain.KindPetition}
		handler = false
	default:
		return items
	}

	ix.mu.RLock()
	defer ix.mu.RUnlock()
	p, _ := ix.scopePlan(domain.Scope{RegionCode: u.RegionCode, Kinds: kinds})
	var resolvedDispute, receivedPetition [256]bool
	for st, k := range ix.states.kinds {
		s := ix.states.statuses[st]
		resolvedDispute[st] = handler && k == domain.KindDispute && s == domain.StatusResolved && u.Role == domain.RoleMediator
		receivedPetition[st] = handler && k == domain.KindPetition && s == domain.StatusReceived
	}
	add := func(slot uint32, reason string, since time.Time, urgency int) {
		items = append(items, TodoItem{Summary: ix.summary(slot), Reason: reason, Since: since, urgency: urgency})
	}
	for i, tw := range ix.town {
		st := ix.state[i]
		if !p.stateOK[st] || !p.townOK[tw] {
			continue
		}
		slot := uint32(i)
		k, s := ix.states.kinds[st], ix.states.statuses[st]
		if due := ix.dueAt[i]; p.running[st] && due != 0 {
			dueAt := timeOf(due)
			if domain.IsOverdue(k, s, dueAt, now) {
				add(slot, ReasonOverdue, dueAt, urgOverdue)
			} else if handler && domain.WarningLevel(k, s, timeOf(ix.acceptedAt[i]), dueAt, now, warnThreshold) == domain.WarningDueSoon {
				add(slot, ReasonDueSoon, dueAt, urgDueSoon)
			}
		}
		if ix.flags[i]&flagSupervised != 0 {
			sv := ix.supervision[slot]
			if handler || sv.by == u.ID {
				urg := urgSupervised
				if (domain.Supervision{FeedbackBy: timeOf(sv.due)}).Overdue(now) {
					urg = urgSupervisedOverdue
				}
				add(slot, ReasonSupervised, timeOf(sv.at), urg)
			}
		}
		if resolvedDispute[st] {
			if due, ok := ix.followDue[slot]; ok && now.After(timeOf(due)) {
				add(slot, ReasonFollowUpDue, timeOf(due), urgFollowUpDue)
			}
		}
		if receivedPetition[st] {
			reg := timeOf(ix.regAt[i])
			if domain.AcceptDue(k, s, reg, now) {
				add(slot, ReasonAcceptDue, reg.AddDate(0, 0, domain.AcceptWarnDays), urgAcceptDue)
			}
		}
	}
	slices.SortFunc(items, func(a, b TodoItem) int {
		if c := cmp.Compare(a.urgency, b.urgency); c != 0 {
			return c
		}
		if c := a.Since.Compare(b.Since); c != 0 {
			return c
		}
		return cmp.Compare(a.Summary.ID, b.Summary.ID)
	})
	return items
}
