package domain

import (
	"testing"
	"time"
)

func TestDeadlineRunning(t *testing.T) {
	running := map[Kind]map[Status]bool{
		KindDispute: {StatusAccepted: true, StatusMediating: true},
		// from 交办 until clearance, signed for or not, a return awaiting decision included, except while an
		// application for clearance awaits review
		KindPetition: {StatusReceived: true, StatusAccepted: true, StatusReturned: true, StatusResolving: true, StatusResolved: true},
	}
	for _, kind := range []Kind{KindDispute, KindPetition} {
		for _, s := range Statuses {
			st := Status(s.Code)
			if got := DeadlineRunning(kind, st); got != running[kind][st] {
				t.Errorf("DeadlineRunning(%s, %s) = %v", kind, st, got)
			}
		}
	}
}

func TestIsOverdue(t *testing.T) {
	due := testNow
	tests := []struct {
		name   string
		kind   Kind
		status Status
		due    time.Time
		now    time.Time
		want   bool
	}{
		{"before due", KindDispute, StatusMediating, due, due.Add(-time.Second), false},
		{"at due", KindDispute, StatusMediating, due, due, false},
		{"after due", KindDispute, StatusMediating, due, due.Add(time.Second), true},
		{"no due date", KindDispute, StatusMediating, time.Time{}, due, false},
		{"resolved dispute stopped the clock", KindDispute, StatusResolved, due, due.AddDate(1, 0, 0), false},
		{"registered dispute has no deadline", KindDispute, StatusRegistered, due, due.AddDate(1, 0, 0), false},
		{"resolved petition awaits clearance", KindPetition, StatusResolved, due, due.Add(time.Hour), true},
		{"cleared petition", KindPetition, StatusCleared, due, due.Add(time.Hour), false},
		{"returned petition awaits the office's decision", KindPetition, StatusReturned, due, due.Add(time.Hour), true},
		{"petition not yet signed for", KindPetition, StatusReceived, due, due.Add(time.Hour), true},
		{"petition in review: the clock stands still", KindPetition, StatusReviewing, due, due.AddDate(0, 1, 0), false},
		{"withdrawn petition", KindPetition, StatusWithdrawn, due, due.Add(time.Hour), false},
	}
	for _, tt := range tests {
		if got := IsOverdue(tt.kind, tt.status, tt.due, tt.now); got != tt.want {
			t.Errorf("%s: IsOverdue = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestWarningLevel(t *testing.T) {
	accepted := testNow
	due := accepted.AddDate(0, 0, 30)
	day := 24 * time.Hour
	tests := []struct {
		name   string
		status Status
		now    time.Time
		want   Warning
	}{
		{"just accepted", StatusAccepted, accepted, WarningNone},
		{"79% elapsed", StatusMediating, accepted.Add(30 * day * 79 / 100), WarningNone},
		{"a second before 80%", StatusMediating, accepted.Add(24*day - time.Second), WarningNone},
		{"exactly 80%", StatusMediating, accepted.Add(24 * day), WarningDueSoon},
		{"at due", StatusMediating, due, WarningDueSoon},
		{"after due", StatusMediating, due.Add(time.Second), WarningOverdue},
		{"not running", StatusFailed, due.Add(time.Hour), WarningNone},
	}
	for _, tt := range tests {
		if got := WarningLevel(KindDispute, tt.status, accepted, due, tt.now, DefaultWarningThreshold); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
	if got := WarningLevel(KindPetition, StatusAccepted, accepted, time.Time{}, due, 0.8); got != WarningNone {
		t.Errorf("no due date: got %q", got)
	}
	if got := WarningLevel(KindPetition, StatusAccepted, accepted, accepted.Add(-day), accepted.Add(-2*day), 0.8); got != WarningDueSoon {
		t.Errorf("office deadline before acceptance, not yet passed: got %q", got)
	}
	if got := WarningLevel(KindDispute, StatusMediating, accepted, due, accepted.Add(15*day), 0.5); got != WarningDueSoon {
		t.Errorf("threshold 0.5 at half time: got %q", got)
	}
}

func TestCaseDeadlineMethods(t *testing.T) {
	accepted := testNow
	due := accepted.AddDate(0, 0, DisputeTermDays)
	c := &Case{Kind: KindDispute, Status: StatusMediating, AcceptedAt: &accepted, DueAt: &due}
	if c.Overdue(due) || !c.Overdue(due.Add(time.Minute)) {
		t.Error("Case.Overdue is wrong")
	}
	if c.Warning(accepted.AddDate(0, 0, 25), DefaultWarningThreshold) != WarningDueSoon {
		t.Error("Case.Warning at 25 of 30 days should be due soon")
	}
	empty := &Case{Kind: KindDispute, Status: StatusRegistered}
	if empty.Overdue(due.AddDate(1, 0, 0)) || empty.Warning(due, 0.8) != WarningNone {
		t.Error("a case without dates has no deadline")
	}
}

// A petition's term runs from 交办 (its registration), a dispute's from acceptance.
func TestTermStart(t *testing.T) {
	reg, acc := testNow.AddDate(0, 0, -10), testNow.AddDate(0, 0, -3)
	if got := TermStart(KindPetition, reg, acc); !got.Equal(reg) {
		t.Errorf("petition term starts %v, want 交办 %v", got, reg)
	}
	if got := TermStart(KindDispute, reg, acc); !got.Equal(acc) {
		t.Errorf("dispute term starts %v, want acceptance %v", got, acc)
	}
	if got := TermStart(KindDispute, reg, time.Time{}); !got.IsZero() {
		t.Errorf("an unaccepted dispute has no term: %v", got)
	}

	// A petition assigned 50 days ago and signed 5 days later is due soon at 80% of the time since 交办.
	assigned := testNow.AddDate(0, 0, -50)
	due := assigned.AddDate(0, 0, PetitionTermDays)
	signed := assigned.AddDate(0, 0, 5)
	p := &Case{Kind: KindPetition, Status: StatusReceived, RegisteredAt: assigned, DueAt: &due}
	if p.Warning(testNow, DefaultWarningThreshold) != WarningDueSoon {
		t.Error("unsigned at 50 of 60 days: due soon")
	}
	p.Status, p.AcceptedAt = StatusAccepted, &signed
	if p.Warning(assigned.AddDate(0, 0, 47), DefaultWarningThreshold) != WarningNone || p.Warning(assigned.AddDate(0, 0, 48), DefaultWarningThreshold) != WarningDueSoon {
		t.Error("the share of the term counts from 交办, not from signing")
	}
	p.Status = StatusReviewing
	if p.Warning(due.AddDate(0, 0, 1), DefaultWarningThreshold) != WarningNone || p.Overdue(due.AddDate(0, 0, 1)) {
		t.Error("no warning while an application awaits review")
	}
}

func TestSupervisionOverdue(t *testing.T) {
	answered := testNow
	s := Supervision{At: testNow, FeedbackBy: testNow.AddDate(0, 0, DefaultFeedbackDays)}
	if s.Overdue(s.FeedbackBy) || !s.Overdue(s.FeedbackBy.Add(time.Second)) {
		t.Error("an open supervision is overdue right after its feedback date")
	}
	s.AnsweredAt = &answered
	if s.Overdue(s.FeedbackBy.AddDate(1, 0, 0)) {
		t.Error("an answered supervision is never overdue")
	}
}

func TestSignAndReturnDeadlines(t *testing.T) {
	assigned := time.Date(2026, 3, 6, 10, 0, 0, 0, Shanghai) // a Friday
	if !SignDue(assigned).Equal(assigned.AddDate(0, 0, SignDays)) {
		t.Errorf("sign due %v", SignDue(assigned))
	}
	if SignOverdue(KindPetition, StatusReceived, assigned, SignDue(assigned)) || !SignOverdue(KindPetition, StatusReceived, assigned, SignDue(assigned).Add(time.Second)) {
		t.Error("signing is late right after the sign due date")
	}
	if SignOverdue(KindPetition, StatusAccepted, assigned, assigned.AddDate(1, 0, 0)) || SignOverdue(KindPetition, StatusReturned, assigned, assigned.AddDate(1, 0, 0)) {
		t.Error("a signed or returned case is never late to sign")
	}
	if SignOverdue(KindDispute, StatusReceived, assigned, assigned.AddDate(1, 0, 0)) {
		t.Error("disputes are not signed for")
	}
	// five working days after a Friday: Mon–Fri of the next week, to the end of that Friday
	want := time.Date(2026, 3, 13, 23, 59, 59, 999e6, Shanghai)
	if got := ReturnDeadline(assigned); !got.Equal(want) {
		t.Errorf("return deadline %v, want %v", got, want)
	}
	// The day of 交办 does not count, nor do weekends; the hour does not matter.
	for _, tc := range []struct{ assigned, last string }{
		{"2026-03-02T08:00:00+08:00", "2026-03-09"}, // Monday → next Monday
		{"2026-03-02T23:30:00+08:00", "2026-03-09"},
		{"2026-03-04T10:00:00+08:00", "2026-03-11"}, // Wednesday → next Wednesday
		{"2026-03-07T10:00:00+08:00", "2026-03-13"}, // Saturday → Friday
		{"2026-03-08T10:00:00+08:00", "2026-03-13"}, // Sunday → Friday
		{"2026-03-05T20:00:00Z", "2026-03-13"},      // 04:00 Friday in Shanghai
	} {
		a, _ := time.Parse(time.RFC3339, tc.assigned)
		if got := ReturnDeadline(a); got.Format(time.DateOnly) != tc.last || !got.Add(time.Millisecond).Equal(DayAfter(got)) {
			t.Errorf("assigned %s: return deadline %v, want the end of %s", tc.assigned, got, tc.last)
		}
	}
}
