package domain

import (
	"encoding/json"
	"testing"
	"time"
)

// An action carries when it really happened: the effect and the timeline use it, the entry also keeps
// when it was recorded and by whom.
func TestActionHappensAtItsEventDate(t *testing.T) {
	c := caseIn(KindDispute, StatusMediating)
	signed := testNow.AddDate(0, 0, -1) // the agreement was signed yesterday, recorded today
	in := act("resolve", c.Version)
	in.At = &signed
	if err := Apply(c, in, mediatorA, testRegions, testNow); err != nil {
		t.Fatal(err)
	}
	e := c.Timeline[len(c.Timeline)-1]
	if !e.At.Equal(signed) || !e.RecordedAt.Equal(testNow) || e.Actor.ID != mediatorA.ID {
		t.Errorf("entry at %v recorded %v by %s", e.At, e.RecordedAt, e.Actor.ID)
	}
	if !c.UpdatedAt.Equal(testNow) {
		t.Errorf("updatedAt %v, want the recording time", c.UpdatedAt)
	}

	c = caseIn(KindDispute, StatusRegistered)
	accepted := testNow.AddDate(0, 0, -3)
	in = act("accept", c.Version)
	in.At = &accepted
	if err := Apply(c, in, mediatorA, testRegions, testNow); err != nil {
		t.Fatal(err)
	}
	if !c.AcceptedAt.Equal(accepted) || !c.DueAt.Equal(accepted.AddDate(0, 0, DisputeTermDays)) {
		t.Errorf("accepted %v due %v: the term runs from the day it happened", c.AcceptedAt, c.DueAt)
	}
}

func TestEventDateRules(t *testing.T) {
	c := caseIn(KindDispute, StatusMediating) // its last event is the registration, 20 days ago
	prev := c.Timeline[len(c.Timeline)-1].At
	cases := []struct {
		name    string
		at      time.Time
		history bool
		ok      bool
	}{
		{"now", testNow, false, true},
		{"within the clock skew", testNow.Add(30 * time.Second), false, true},
		{"in the future", testNow.Add(2 * time.Minute), false, false},
		{"the previous event's instant", prev, false, true},
		{"before the previous event", prev.Add(-time.Second), false, false},
		{"91 days back", testNow.AddDate(0, 0, -91), false, false},
		{"91 days back from a ledger, before the previous event", testNow.AddDate(0, 0, -91), true, false},
		{"before 2000", time.Date(1999, 12, 31, 0, 0, 0, 0, Shanghai), true, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := caseIn(KindDispute, StatusMediating)
			before := snapshot(t, c)
			in := act("session", c.Version)
			in.At, in.History = &tc.at, tc.history
			err := Apply(c, in, mediatorA, testRegions, testNow)
			if tc.ok && err != nil {
				t.Fatalf("refused: %v", err)
			}
			if !tc.ok {
				if _, ok := fieldsOf(t, err)["at"]; !ok {
					t.Fatalf("error %v, want a 422 naming at", err)
				}
				if snapshot(t, c) != before {
					t.Error("a refused action changed the case")
				}
			}
		})
	}
	// an old history (a ledger) may go back further than 90 days
	old := caseIn(KindDispute, StatusRegistered)
	reg := testNow.AddDate(-2, 0, 0)
	old.RegisteredAt, old.Timeline[0].At = reg, reg
	if err := Replay(old, act("accept", old.Version), mediatorA, testRegions, reg.AddDate(0, 0, 2), testNow); err != nil {
		t.Errorf("a ledger's two-year-old acceptance: %v", err)
	}
}

// Forms give minutes: a time stated in the minute of the previous event but before its seconds is read as
// that event's time; a minute earlier is refused.
func TestEventDateInThePreviousEventsMinute(t *testing.T) {
	for _, tc := range []struct {
		name string
		back time.Duration // before the previous event, which happened at hh:mm:10
		ok   bool
	}{{"its minute", 10 * time.Second, true}, {"the minute before", 11 * time.Second, false}} {
		t.Run(tc.name, func(t *testing.T) {
			c := caseIn(KindDispute, StatusMediating)
			prev := testNow.Add(-time.Hour).Truncate(time.Minute).Add(10 * time.Second)
			c.Timeline[len(c.Timeline)-1].At = prev
			at := prev.Add(-tc.back)
			in := act("session", c.Version)
			in.At = &at
			err := Apply(c, in, mediatorA, testRegions, testNow)
			if !tc.ok {
				if _, bad := fieldsOf(t, err)["at"]; !bad {
					t.Fatalf("error %v, want a 422 naming at", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if e := c.Timeline[len(c.Timeline)-1]; !e.At.Equal(prev) {
				t.Errorf("entry at %v, want the previous event's %v", e.At, prev)
			}
		})
	}
}

// A bare date is that day: the end of it for a past day, now for today, so it never lies in the future and
// never before an earlier event of the same day.
func TestEventDateAsABareDate(t *testing.T) {
	for _, tc := range []struct {
		body string
		want time.Time
	}{
		{`{"action":"session","version":3,"at":"` + testNow.Format(time.DateOnly) + `"}`, testNow},
		{`{"action":"session","version":3,"at":"` + testNow.AddDate(0, 0, -2).Format(time.DateOnly) + `"}`,
			time.Date(testNow.Year(), testNow.Month(), testNow.Day()-2, 23, 59, 59, 0, Shanghai)},
	} {
		var in ActionInput
		if err := json.Unmarshal([]byte(tc.body), &in); err != nil {
			t.Fatal(err)
		}
		if got := eventTime(in, testNow); !got.Equal(tc.want) {
			t.Errorf("%s: at %v, want %v", tc.body, got, tc.want)
		}
	}
}

// A visit is dated by the visit unless `at` says otherwise; so is a close that records its visit.
func TestVisitDatesTheAction(t *testing.T) {
	visited := testNow.Add(-5 * time.Hour)
	for _, action := range []string{"visit", "close"} {
		c := caseIn(KindDispute, StatusResolved)
		in := act(action, c.Version)
		in.FollowUp.At = visited
		mustApply(t, c, in, mediatorA, testNow)
		if e := c.Timeline[len(c.Timeline)-1]; !e.At.Equal(visited) || !e.RecordedAt.Equal(testNow) {
			t.Errorf("%s: at %v recorded %v, want the visit's date", action, e.At, e.RecordedAt)
		}

		c = caseIn(KindDispute, StatusResolved)
		in = act(action, c.Version)
		in.FollowUp.At = visited
		told := testNow.Add(-time.Hour)
		in.At = &told
		mustApply(t, c, in, mediatorA, testNow)
		if e := c.Timeline[len(c.Timeline)-1]; !e.At.Equal(told) || !c.Dispute.FollowUp.At.Equal(visited) {
			t.Errorf("%s with at: entry at %v, visit at %v", action, e.At, c.Dispute.FollowUp.At)
		}
	}
	// Without a visit, close happens when it is recorded (or at `at`).
	c := caseIn(KindDispute, StatusFailed)
	in := act("close", c.Version)
	in.FollowUp = nil
	mustApply(t, c, in, mediatorA, testNow)
	if !c.ClosedAt.Equal(testNow) {
		t.Errorf("closed %v", c.ClosedAt)
	}
}

// A backlog case's events come after its 交办: it cannot be signed for before it was assigned.
func TestPetitionEventsFollowTheAssignment(t *testing.T) {
	c := caseIn(KindPetition, StatusReceived)
	before := fixtureAssigned.Add(-time.Minute)
	in := act("accept", c.Version)
	in.At = &before
	if _, ok := fieldsOf(t, Apply(c, in, petitionA, testRegions, testNow))["at"]; !ok {
		t.Error("signed before it was assigned")
	}
	in.At = &fixtureAssigned
	mustApply(t, c, in, petitionA, testNow)
	if !c.AcceptedAt.Equal(fixtureAssigned) {
		t.Errorf("accepted %v", c.AcceptedAt)
	}
	// A late sign is judged by the day it happened, not the day it was recorded.
	c = caseIn(KindPetition, StatusReceived)
	in = act("accept", c.Version)
	onTime := SignDue(fixtureAssigned)
	in.At = &onTime
	mustApply(t, c, in, petitionA, onTime.AddDate(0, 0, 2))
	if c.Petition.SignedLate {
		t.Error("signed on time, recorded late: not late")
	}
}
