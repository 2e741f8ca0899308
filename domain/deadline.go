package domain

import "time"

// Terms in days (DESIGN.md: dispute lifecycle, petition backlog lifecycle).
const (
	DisputeTermDays     = 30 // a dispute is mediated within 30 days of acceptance
	PetitionTermDays    = 60 // a petition case without the assigning office's deadline, from 交办
	MaxExtensionDays    = 30 // an extension adds at most this many days
	DefaultFeedbackDays = 30 // a 督办 expects feedback within this many days unless it says otherwise
)

// DefaultWarningThreshold is the share of the term after which a case is due soon.
const DefaultWarningThreshold = 0.8

// Warning is how close a running deadline is.
type Warning string

const (
	WarningNone    Warning = ""
	WarningDueSoon Warning = "due_soon"
	WarningOverdue Warning = "overdue"
)

// DeadlineRunning reports whether the due date counts in this status: for disputes while accepted or
// mediating; for petitions from 交办 until clearance — signed for or not, returned awaiting decision
// included — except while a clearance application awaits review (the clock stands still then).
// Disputes not yet accepted have no due date; concluded cases have met or missed it for good.
func DeadlineRunning(kind Kind, s Status) bool {
	switch kind {
	case KindDispute:
		return s == StatusAccepted || s == StatusMediating
	case KindPetition:
		switch s {
		case StatusReceived, StatusAccepted, StatusReturned, StatusResolving, StatusResolved:
			return true
		}
	}
	return false
}

// TermStart is when a case's term began: a dispute's acceptance, a petition case's 交办 (its registration).
func TermStart(kind Kind, registeredAt, acceptedAt time.Time) time.Time {
	if kind == KindPetition {
		return registeredAt
	}
	return acceptedAt
}

// IsOverdue reports whether a running deadline has passed; a zero dueAt means none.
func IsOverdue(kind Kind, s Status, dueAt, now time.Time) bool {
	return DeadlineRunning(kind, s) && !dueAt.IsZero() && now.After(dueAt)
}

// WarningLevel grades a running deadline: overdue once past dueAt, due soon once the elapsed share of the
// term (acceptedAt to dueAt) reaches threshold, else none.
func WarningLevel(kind Kind, s Status, acceptedAt, dueAt, now time.Time, threshold float64) Warning {
	if !DeadlineRunning(kind, s) || dueAt.IsZero() {
		return WarningNone
	}
	return termWarning(acceptedAt, dueAt, now, threshold)
}

// termWarning grades a running term from start to dueAt: overdue once past dueAt, due soon once the elapsed
// share of the term reaches threshold.
func termWarning(acceptedAt, dueAt, now time.Time, threshold float64) Warning {
	if now.After(dueAt) {
		return WarningOverdue
	}
	term := dueAt.Sub(acceptedAt)
	if acceptedAt.IsZero() || term <= 0 {
		return WarningDueSoon // no measurable term (e.g. an office deadline before acceptance): it is close
	}
	if float64(now.Sub(acceptedAt))/float64(term) >= threshold {
		return WarningDueSoon
	}
	return WarningNone
}

// Overdue reports whether the case's running deadline has passed.
func (c *Case) Overdue(now time.Time) bool {
	return IsOverdue(c.Kind, c.Status, deref(c.DueAt), now)
}

// Warning grades the case's running deadline.
func (c *Case) Warning(now time.Time, threshold float64) Warning {
	return WarningLevel(c.Kind, c.Status, TermStart(c.Kind, c.RegisteredAt, deref(c.AcceptedAt)), deref(c.DueAt), now, threshold)
}

// Overdue reports whether the supervision is still unanswered after its feedback date.
func (s Supervision) Overdue(now time.Time) bool {
	return s.AnsweredAt == nil && now.After(s.FeedbackBy)
}

// SignOverdue reports whether a case assigned at `assigned` and still to be signed for is past SignDue.
func SignOverdue(kind Kind, s Status, assigned, now time.Time) bool {
	return kind == KindPetition && s == StatusReceived && now.After(SignDue(assigned))
}

func deref(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

// FollowUpGrace is how long after resolution a dispute without a performance deadline falls due for its
// follow-up visit (回访).
const FollowUpGrace = 30 * 24 * time.Hour

// FollowUpDue is when a resolved dispute's follow-up visit (回访期限) falls due: the agreement's performance
// deadline, else FollowUpGrace after the resolution (the last timeline entry into resolved, else the last
// update). Zero for any other case: only a resolved dispute awaits its follow-up visit.
func FollowUpDue(c *Case) time.Time {
	if c.Kind != KindDispute || c.Status != StatusResolved || c.Dispute == nil {
		return time.Time{}
	}
	if a := c.Dispute.Agreement; a != nil && a.PerformBy != nil {
		return *a.PerformBy
	}
	resolvedAt := c.UpdatedAt
	for i := len(c.Timeline) - 1; i >= 0; i-- {
		if c.Timeline[i].To == StatusResolved {
			resolvedAt = c.Timeline[i].At
			break
		}
	}
	return resolvedAt.Add(FollowUpGrace)
}
