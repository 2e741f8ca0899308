package domain

import "time"

// Terms in days (DESIGN.md: dispute lifecycle, petition backlog lifecycle).
const (
	DisputeTermDays     = 30 // a dispute is mediated within 30 days of acceptance
	PetitionTermDays    = 60 // a petition case without the assigning office's deadline
	MaxExtensionDays    = 30 // the one extension adds at most this many days
	DefaultFeedbackDays = 30 // a 督办 expects feedback within this many days unless it says otherwise
	AcceptRuleDays      = 15 // a received petition is accepted within 15 days (信访工作条例)
	AcceptWarnDays      = 10 // ... and reminded of after 10
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
// mediating, for petitions from acceptance until clearance (accepted, resolving, resolved).
// Cases not yet accepted have no due date; concluded ones have met or missed it for good.
func DeadlineRunning(kind Kind, s Status) bool {
	switch kind {
	case KindDispute:
		return s == StatusAccepted || s == StatusMediating
	case KindPetition:
		return s == StatusAccepted || s == StatusResolving || s == StatusResolved
	}
	return false
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
	return WarningLevel(c.Kind, c.Status, deref(c.AcceptedAt), deref(c.DueAt), now, threshold)
}

// Overdue reports whether the supervision is still unanswered after its feedback date.
func (s Supervision) Overdue(now time.Time) bool {
	return s.AnsweredAt == nil && now.After(s.FeedbackBy)
}

// AcceptDeadline is when a received petition must be accepted (AcceptRuleDays after registration);
// ok is false for any other case.
func AcceptDeadline(kind Kind, s Status, registeredAt time.Time) (due time.Time, ok bool) {
	if kind != KindPetition || s != StatusReceived {
		return time.Time{}, false
	}
	return registeredAt.AddDate(0, 0, AcceptRuleDays), true
}

// AcceptDue reports whether a received petition has waited AcceptWarnDays or more for acceptance.
func AcceptDue(kind Kind, s Status, registeredAt, now time.Time) bool {
	return kind == KindPetition && s == StatusReceived && !now.Before(registeredAt.AddDate(0, 0, AcceptWarnDays))
}

func deref(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}
