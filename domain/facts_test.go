package domain

import (
	"slices"
	"testing"
	"time"
)

func TestDisputeFactsOfAPath(t *testing.T) {
	in := disputeInput()
	in.PeopleInvolved = 7
	c, err := NewCase(in, mediatorA, testRegions, d0)
	if err != nil {
		t.Fatal(err)
	}
	day := func(n int) time.Time { return d0.AddDate(0, 0, n) }
	do(t, c, mediatorA, day(1), ActionInput{Action: "accept"})
	do(t, c, mediatorA, day(1).Add(time.Hour), ActionInput{Action: "start", Mediators: []string{"调解员甲"}})
	do(t, c, mediatorA, day(20), ActionInput{Action: "extend", Days: 10, Reason: "r", ConsentBy: []string{"张三", "李四"}})
	do(t, c, mediatorA, day(35), ActionInput{Action: "extend", Days: 5, Reason: "r", ConsentBy: []string{"李四"}})
	a := written("乙方赔偿800元")
	a.Amount = 80000
	do(t, c, mediatorA, day(40), ActionInput{Action: "resolve", Agreement: a, Prevented: []PreventionInput{{Type: "criminal", People: 2}}})
	do(t, c, mediatorA, day(45), ActionInput{Action: "visit", FollowUp: visitAt(day(45), "basic", "partial")})
	do(t, c, mediatorA, day(61), ActionInput{Action: "close", FollowUp: visitAt(day(60), "satisfied", "fulfilled")})

	f := DisputeFactsOf(c)
	if !f.Registered.Equal(d0) || !f.Accepted.Equal(day(1)) || !f.Rejected.IsZero() || !f.Concluded.Equal(day(40)) || f.Outcome != OutcomeResolved {
		t.Errorf("dates: %+v", f)
	}
	wantDue := []DueFrom{{day(1), day(31)}, {day(20), day(41)}, {day(35), day(46)}}
	if !slices.Equal(f.Due, wantDue) {
		t.Errorf("due %+v, want %+v", f.Due, wantDue)
	}
	for _, tc := range []struct {
		at, due time.Time
	}{
		{d0, time.Time{}}, {day(1), day(31)}, {day(19), day(31)}, {day(20), day(41)}, {day(34), day(41)}, {day(36), day(46)}, {day(100), day(46)},
	} {
		if got := f.DueAt(tc.at); !got.Equal(tc.due) {
			t.Errorf("DueAt(%s) = %v, want %v", tc.at.Format(time.DateOnly), got, tc.due)
		}
	}
	if f.Concluded.After(f.DueAt(f.Concluded)) {
		t.Error("concluded within the extended term")
	}
	if want := []VisitFact{{day(45), "basic"}, {day(60), "satisfied"}}; !slices.Equal(f.Visits, want) {
		t.Errorf("visits %+v, want %+v", f.Visits, want)
	}
	if f.Parties != 2 || f.People != 7 || f.Amount != 80000 || !slices.Equal(f.Prevented, []Prevention{{"criminal", 2}}) {
		t.Errorf("parties %d people %d amount %d prevented %+v", f.Parties, f.People, f.Amount, f.Prevented)
	}
}

func TestDisputeFactsOfOtherEnds(t *testing.T) {
	r := newDispute(t, "application", "", d0)
	do(t, r, mediatorA, d0.Add(time.Hour), ActionInput{Action: "reject", Reason: "不属于民间纠纷"})
	f := DisputeFactsOf(r)
	if !f.Rejected.Equal(d0.Add(time.Hour)) || !f.Accepted.IsZero() || len(f.Due) != 0 || !f.DueAt(d0.AddDate(1, 0, 0)).IsZero() || !f.Concluded.IsZero() || f.People != 2 {
		t.Errorf("rejected: %+v", f)
	}

	c := mediatingDispute(t, "application", "")
	do(t, c, mediatorA, d0.AddDate(0, 0, 5), ActionInput{Action: "fail", FailureReason: "gap_too_large", Redirect: "litigation",
		Prevented: []PreventionInput{{Type: "suicide", People: 1}}})
	f = DisputeFactsOf(c)
	if f.Outcome != OutcomeFailed || !f.Concluded.Equal(d0.AddDate(0, 0, 5)) || f.Amount != 0 || len(f.Visits) != 0 || !slices.Equal(f.Prevented, []Prevention{{"suicide", 1}}) {
		t.Errorf("failed: %+v", f)
	}

	// Entries recorded before due dates were kept on them, and a follow-up before visits were kept one by one.
	accepted, extended := d0, d0.AddDate(0, 0, 25)
	legacy := &Case{Kind: KindDispute, RegisteredAt: d0, Parties: make([]Party, 3), Timeline: []TimelineEntry{
		{At: d0, Action: "register"}, {At: accepted, Action: "accept"}, {At: extended, Action: "extend"},
		{At: d0.AddDate(0, 0, 40), Action: "resolve"}, {At: d0.AddDate(0, 0, 50), Action: "close"},
	}, Dispute: &DisputeInfo{Extension: &Extension{At: extended, Days: 15}, Agreement: &Agreement{Type: "oral", Amount: 500},
		FollowUp: &FollowUp{At: d0.AddDate(0, 0, 50), Satisfaction: "basic"}}}
	f = DisputeFactsOf(legacy)
	if want := []DueFrom{{accepted, d0.AddDate(0, 0, 30)}, {extended, d0.AddDate(0, 0, 45)}}; !slices.Equal(f.Due, want) {
		t.Errorf("legacy due %+v, want %+v", f.Due, want)
	}
	if want := []VisitFact{{d0.AddDate(0, 0, 50), "basic"}}; !slices.Equal(f.Visits, want) || f.People != 3 || f.Amount != 500 {
		t.Errorf("legacy visits %+v people %d amount %d", f.Visits, f.People, f.Amount)
	}
}

// StatesAt replays a petition's events: 交办 makes it count, a return still counts, 收回 stops it counting,
// the clock stands still while an application awaits review and a send-back moves the deadline on by that
// time, a clearance clears it until a 反弹 with its new deadline, an extension moves the deadline on. At every
// step the replay agrees with the case as it stands (Case.Overdue).
func TestPetitionFactsStatesAt(t *testing.T) {
	day := func(n int) time.Time { return a0.AddDate(0, 0, n) }
	due0 := day(PetitionTermDays) // 2026-05-01 10:00
	c := newPetition(t, petitionH, townA, a0, nil)

	type step struct {
		at time.Time
		by *User
		in ActionInput
	}
	due2 := day(130)
	steps := []step{
		{day(1), petitionA, ActionInput{Action: "return", Reason: "不属本辖区"}},
		{day(2), petitionH, ActionInput{Action: "reassign", TownshipCode: townB, KeepClock: true}},
		{day(3), petitionB, ActionInput{Action: "accept"}},
		{day(4), petitionB, ActionInput{Action: "assign", LeadLeader: &LeadLeaderInput{Name: "刘强", Post: "副镇长"}}},
		{day(40), petitionB, ActionInput{Action: "resolve", ResolutionType: "resolved"}},
		{day(50), petitionB, ActionInput{Action: "apply_clear"}},
		{day(70), petitionH, ActionInput{Action: "reject_clear", Reason: "材料不全"}}, // 20 days in review: due day(80)
		{day(75), petitionB, ActionInput{Action: "resolve", ResolutionType: "ceased"}},
		{day(82), petitionB, ActionInput{Action: "apply_clear"}}, // two days late
		{day(85), petitionH, ActionInput{Action: "clear"}},
		{day(100), petitionH, ActionInput{Action: "reopen", Reason: "再次上访", DueAt: &due2}},
		{day(120), petitionH, ActionInput{Action: "extend", Days: 30, Reason: "协调中"}}, // due day(160)
	}
	check := func(when string, ts ...time.Time) {
		t.Helper()
		f := PetitionFactsOf(c)
		for i, st := range f.StatesAt(ts) {
			if st.Overdue != c.Overdue(ts[i]) || st.Cleared != (c.Status == StatusCleared) || !st.Counts || !st.Assigned {
				t.Errorf("%s, at %s: replay %+v, case %s overdue %v", when, ts[i].Format("2006-01-02 15:04"), st, c.Status, c.Overdue(ts[i]))
			}
		}
	}
	check("assigned", a0, a0.Add(12*time.Hour))
	for i, s := range steps {
		do(t, c, s.by, s.at, s.in)
		next := s.at.AddDate(0, 0, 200)
		if i+1 < len(steps) {
			next = steps[i+1].at
		}
		check(s.in.Action, s.at, s.at.Add(next.Sub(s.at)/2), next.Add(-time.Second))
	}

	f := PetitionFactsOf(c)
	want := []PetitionEvent{
		{a0, PetitionAssigned, due0}, {day(1), PetitionReturned, time.Time{}}, {day(2), PetitionReassigned, time.Time{}},
		{day(50), PetitionApplied, time.Time{}}, {day(70), PetitionSentBack, day(80)}, {day(82), PetitionApplied, time.Time{}},
		{day(85), PetitionCleared, time.Time{}}, {day(100), PetitionReopened, due2}, {day(120), PetitionExtended, day(160)},
	}
	if !slices.Equal(f.Events, want) {
		t.Errorf("events\n got  %+v\n want %+v", f.Events, want)
	}

	type state = PetitionState
	assigned := state{Assigned: true, Counts: true}
	overdue := state{Assigned: true, Counts: true, Overdue: true}
	cleared := state{Assigned: true, Counts: true, Cleared: true}
	moments := []struct {
		at   time.Time
		want PetitionState
	}{
		{a0.Add(-time.Second), state{}},
		{a0, assigned},
		{day(1).Add(time.Hour), assigned}, // returned, awaiting the office: still counts
		{day(45), assigned},
		{due0.Add(time.Second), assigned}, // in review since day 50: the clock stands still
		{day(65), assigned},
		{day(72), assigned}, // sent back on day 70 after 20 days in review: due day 80
		{day(80), assigned},
		{day(80).Add(time.Second), overdue},
		{day(81), overdue},
		{day(86), cleared},
		{day(99), cleared},
		{day(101), assigned}, // reopened: due day 130
		{day(125), assigned}, // extended on day 120: due day 160
		{day(131), assigned},
		{day(160), assigned},
		{day(160).Add(time.Second), overdue},
	}
	ts := make([]time.Time, len(moments))
	for i, m := range moments {
		ts[i] = m.at
	}
	for i, st := range f.StatesAt(ts) {
		if st != moments[i].want {
			t.Errorf("at %s (day %.1f): %+v, want %+v", ts[i].Format("2006-01-02 15:04:05"), ts[i].Sub(a0).Hours()/24, st, moments[i].want)
		}
		if one := f.StateAt(ts[i]); one != st {
			t.Errorf("StateAt(%v) = %+v, StatesAt says %+v", ts[i], one, st)
		}
	}

	for _, tc := range []struct {
		kind     PetitionEventKind
		from, to time.Time
		want     int
	}{
		{PetitionApplied, time.Time{}, time.Time{}, 2},
		{PetitionApplied, day(60), day(90), 1},
		{PetitionCleared, day(85), day(85), 1}, // both bounds inclusive
		{PetitionCleared, day(85).Add(time.Nanosecond), time.Time{}, 0},
		{PetitionAssigned, a0, a0, 1},
		{PetitionReopened, time.Time{}, day(100), 1},
		{PetitionWithdrawn, time.Time{}, time.Time{}, 0},
	} {
		if got := f.Count(tc.kind, tc.from, tc.to); got != tc.want {
			t.Errorf("Count(%d, %v, %v) = %d, want %d", tc.kind, tc.from, tc.to, got, tc.want)
		}
	}
}

// A withdrawn case stops counting; a case reassigned with a new deadline runs against it.
func TestPetitionFactsWithdrawAndNewDeadline(t *testing.T) {
	day := func(n int) time.Time { return a0.AddDate(0, 0, n) }
	c := newPetition(t, petitionH, townA, a0, nil)
	do(t, c, petitionA, day(1), ActionInput{Action: "return", Reason: "不属本辖区"})
	do(t, c, petitionH, day(3), ActionInput{Action: "withdraw"})
	f := PetitionFactsOf(c)
	got := f.StatesAt([]time.Time{day(2), day(3), day(365)})
	want := []PetitionState{{Assigned: true, Counts: true}, {Assigned: true}, {Assigned: true}}
	if !slices.Equal(got, want) {
		t.Errorf("withdrawn: %+v, want %+v", got, want)
	}
	if f.Count(PetitionWithdrawn, time.Time{}, time.Time{}) != 1 || f.Count(PetitionReturned, day(1), day(1)) != 1 {
		t.Errorf("events %+v", f.Events)
	}

	c = newPetition(t, petitionH, townA, a0, nil)
	do(t, c, petitionA, day(1), ActionInput{Action: "return", Reason: "不属本辖区"})
	newDue := day(100)
	do(t, c, petitionH, day(2), ActionInput{Action: "reassign", TownshipCode: townB, DueAt: &newDue})
	f = PetitionFactsOf(c)
	if e := f.Events[len(f.Events)-1]; e.Kind != PetitionReassigned || !e.Due.Equal(newDue) {
		t.Errorf("reassigned with a new deadline: %+v", e)
	}
	got = f.StatesAt([]time.Time{day(61), day(100), day(100).Add(time.Second)})
	want = []PetitionState{{Assigned: true, Counts: true}, {Assigned: true, Counts: true}, {Assigned: true, Counts: true, Overdue: true}}
	if !slices.Equal(got, want) {
		t.Errorf("reassigned: %+v, want %+v", got, want)
	}
}

// The 交办 event is dated by the assigning office's date and carries its deadline, also on cases whose
// register entry predates due dates on entries.
func TestPetitionFactsOfAssignment(t *testing.T) {
	assigned, due := a0.AddDate(0, 0, -10), a0.AddDate(0, 0, 50)
	c := &Case{Kind: KindPetition, RegisteredAt: a0, Petition: &PetitionInfo{AssignedAt: &assigned, DueAt: &due},
		Timeline: []TimelineEntry{{At: a0, Action: "register"}, {At: a0.Add(time.Hour), Action: "accept"}}}
	f := PetitionFactsOf(c)
	if want := []PetitionEvent{{assigned, PetitionAssigned, due}}; !slices.Equal(f.Events, want) {
		t.Errorf("events %+v, want %+v", f.Events, want)
	}
	if st := f.StateAt(assigned); !st.Assigned || !st.Counts {
		t.Errorf("state at 交办 %+v", st)
	}
	if !f.StateAt(due.Add(time.Second)).Overdue {
		t.Error("overdue after the office's deadline")
	}
}
