package domain

import (
	"slices"
	"testing"
	"time"
)

// a0 is when the path tests' petitions are assigned (交办): Monday 2 March 2026, 10:00; due 60 days later.
var a0 = time.Date(2026, 3, 2, 10, 0, 0, 0, Shanghai)

// newPetition is a backlog case the office assigns to a township at `assigned` through intake (the clock
// standing at `assigned`), with the office's deadline when due is given.
func newPetition(t *testing.T, office *User, town string, assigned time.Time, due *time.Time) *Case {
	t.Helper()
	in := petitionInput()
	in.TownshipCode = town
	in.Petition.AssignedAt, in.Petition.DueAt = &assigned, due
	c, err := NewCase(in, office, testRegions, assigned)
	if err != nil {
		t.Fatal(err)
	}
	c.ID, c.CaseNo = CaseNumber(town, 2026, 1), CaseNumber(town, 2026, 1)
	return c
}

// resolvingPetition is assigned by the county office at a0, signed an hour later and its leader named the
// next day; resolvedPetition is then resolved at a0 + 10 days with a 处理意见书.
func resolvingPetition(t *testing.T) *Case {
	t.Helper()
	c := newPetition(t, petitionH, townA, a0, nil)
	do(t, c, petitionA, a0.Add(time.Hour), ActionInput{Action: "accept"})
	do(t, c, petitionA, a0.AddDate(0, 0, 1), ActionInput{Action: "assign", LeadLeader: &LeadLeaderInput{Name: "刘强", Post: "副镇长"}})
	return c
}

func resolvedPetition(t *testing.T) *Case {
	t.Helper()
	c := resolvingPetition(t)
	do(t, c, petitionA, a0.AddDate(0, 0, 10), ActionInput{Action: "resolve", ResolutionType: "resolved",
		Materials: []MaterialInput{{Type: "opinion"}}})
	return c
}

func actionsOf(c *Case) []string {
	var out []string
	for _, e := range c.Timeline {
		out = append(out, e.Action)
	}
	return out
}

// 签收: by the unit the case was assigned to, within SignDays of 交办, else recorded as late.
func TestPetitionSign(t *testing.T) {
	due := a0.AddDate(0, 0, PetitionTermDays)
	c := newPetition(t, petitionH, townA, a0, nil)
	refuse(t, c, petitionH, a0.Add(time.Hour), ActionInput{Action: "accept"}, ErrNotHandlingUnit)
	onTime := SignDue(a0)
	e := do(t, c, petitionA, onTime, ActionInput{Action: "accept"})
	if c.Status != StatusAccepted || !c.AcceptedAt.Equal(onTime) || c.Petition.SignedLate || e.Note != "" || !c.DueAt.Equal(due) || e.DueAt != nil {
		t.Errorf("signed on time: %s accepted %v late %v note %q due %v", c.Status, c.AcceptedAt, c.Petition.SignedLate, e.Note, c.DueAt)
	}

	c = newPetition(t, petitionH, townA, a0, nil)
	late := onTime.Add(time.Minute)
	if !SignOverdue(KindPetition, c.Status, a0, late) {
		t.Error("unsigned past its sign date: late")
	}
	e = do(t, c, petitionA, late, ActionInput{Action: "accept", Note: "补签"})
	if !c.Petition.SignedLate || e.Note != "逾期签收（应于2026-03-05 10:00前签收）；补签" || !c.DueAt.Equal(due) {
		t.Errorf("signed late: late %v note %q due %v", c.Petition.SignedLate, e.Note, c.DueAt)
	}
	if SignOverdue(KindPetition, c.Status, a0, late) {
		t.Error("a signed case is no longer late to sign")
	}
}

// 异议退回: by the handling unit within 5 working days of 交办; the case stays open, its clock running, until
// the assigning office decides.
func TestPetitionReturn(t *testing.T) {
	friday := time.Date(2026, 3, 6, 10, 0, 0, 0, Shanghai)
	lastMoment := time.Date(2026, 3, 13, 23, 59, 59, 0, Shanghai) // Mon–Fri of the next week
	c := newPetition(t, petitionH, townA, friday, nil)
	in := ActionInput{Action: "return", Reason: "信访人户籍及事发地均在新城街道"}
	refuse(t, c, petitionH, friday.Add(time.Hour), in, ErrNotHandlingUnit)
	refuseField(t, c, petitionA, lastMoment, ActionInput{Action: "return"}, "reason", "原因为必填字段")
	e := do(t, c, petitionA, lastMoment, in)
	if c.Status != StatusReturned || c.Petition.ReturnReason != in.Reason || c.ClosedAt != nil || e.Note != "异议退回："+in.Reason {
		t.Errorf("return: %s reason %q closed %v note %q", c.Status, c.Petition.ReturnReason, c.ClosedAt, e.Note)
	}
	if !IsOpen(c.Status) || !c.Overdue(c.DueAt.Add(time.Second)) {
		t.Error("a returned case awaits the office's decision, its clock running")
	}
	if got := AllowedActions(c.State(), petitionA, testRegions, testNow); len(got) != 0 {
		t.Errorf("the unit that returned it is offered %v", got)
	}
	if got := AllowedActions(c.State(), petitionH, testRegions, testNow); !slices.Equal(got, []string{"reassign", "withdraw", "extend"}) {
		t.Errorf("the assigning office is offered %v", got)
	}

	c = newPetition(t, petitionH, townA, friday, nil)
	refuseWith(t, c, petitionA, lastMoment.Add(time.Second), in, "异议退回须在交办后5个工作日内（截至2026-03-13）提出，已逾期，请先签收办理")
	// offered exactly while it would be accepted
	for _, at := range []struct {
		now   time.Time
		offer bool
	}{{friday.Add(time.Hour), true}, {lastMoment, true}, {lastMoment.Add(time.Second), false}} {
		if got := AllowedActions(c.State(), petitionA, testRegions, at.now); slices.Contains(got, "return") != at.offer {
			t.Errorf("at %s the handling unit is offered %v; return offered: want %v", at.now, got, at.offer)
		}
	}
}

// 改交: the assigning office hands a returned case to another township inside its region, keeping the
// deadline or setting a new one; the case moves there (township and county) and is to be signed for again.
func TestPetitionReassign(t *testing.T) {
	due := a0.AddDate(0, 0, PetitionTermDays) // 2026-05-01 10:00
	returned := func(office *User) *Case {
		c := newPetition(t, office, townA, a0, nil)
		do(t, c, petitionA, a0.Add(2*time.Hour), ActionInput{Action: "return", Reason: "不属本辖区"})
		return c
	}

	c := returned(petitionH)
	at := a0.AddDate(0, 0, 2)
	refuse(t, c, petitionA, at, ActionInput{Action: "reassign", TownshipCode: townB, KeepClock: true}, ErrNotAssigningOffice)
	e := do(t, c, petitionH, at, ActionInput{Action: "reassign", TownshipCode: townB, KeepClock: true, Note: "请新城街道签收"})
	if c.Status != StatusReceived || c.TownshipCode != townB || c.CountyCode != countyH || !c.DueAt.Equal(due) || c.AcceptedAt != nil ||
		c.Petition.AssignerRegion != countyH || e.DueAt != nil || e.Note != "由老城街道改交新城街道；保留原办结期限（至2026-05-01）；请新城街道签收" {
		t.Errorf("reassign keeping the clock: %s %s/%s due %v entry %+v", c.Status, c.TownshipCode, c.CountyCode, c.DueAt, e)
	}
	refuse(t, c, petitionA, at.Add(time.Hour), ActionInput{Action: "accept"}, ErrCaseNotFound) // no longer theirs
	// the new unit's days to sign for it and to object run from the reassignment, not from 交办
	if !ReceivedAt(c).Equal(at) || !SignDue(ReceivedAt(c)).Equal(at.AddDate(0, 0, SignDays)) {
		t.Errorf("received at %v", ReceivedAt(c))
	}
	e = do(t, c, petitionB, at.AddDate(0, 0, SignDays), ActionInput{Action: "accept"})
	if c.Petition.SignedLate || e.Note != "" {
		t.Errorf("signed within its days of the reassignment, yet late: %v %q", c.Petition.SignedLate, e.Note)
	}

	c = returned(petitionH)
	newDue := time.Date(2026, 6, 30, 23, 59, 59, 0, Shanghai)
	refuseField(t, c, petitionH, at, ActionInput{Action: "reassign", TownshipCode: townB}, "dueAt", "不保留原办结期限时，须重新确定办结期限")
	e = do(t, c, petitionH, at, ActionInput{Action: "reassign", TownshipCode: townB, DueAt: &newDue})
	if !c.DueAt.Equal(newDue) || e.DueAt == nil || !e.DueAt.Equal(newDue) || e.Note != "由老城街道改交新城街道；办结期限重新确定（至2026-06-30）" {
		t.Errorf("reassign with a new deadline: due %v entry %+v", c.DueAt, e)
	}
	if !c.Petition.DueAt.Equal(due) {
		t.Errorf("the deadline of the original 交办 stays on record: %v", c.Petition.DueAt)
	}

	// The city office may hand it to another county's township: the case's county follows.
	c = returned(petitionCity)
	if c.Petition.AssignerRegion != city {
		t.Fatalf("assigner %q", c.Petition.AssignerRegion)
	}
	refuseField(t, returned(petitionH), petitionH, at, ActionInput{Action: "reassign", TownshipCode: townC, KeepClock: true},
		"townshipCode", "只能改交到交办单位辖区内的乡镇（街道）")
	e = do(t, c, petitionCity, at, ActionInput{Action: "reassign", TownshipCode: townC, KeepClock: true})
	if c.TownshipCode != townC || c.CountyCode != "610921" || e.Note != "由老城街道改交城关镇；保留原办结期限（至2026-05-01）" {
		t.Errorf("reassign across counties: %s/%s note %q", c.TownshipCode, c.CountyCode, e.Note)
	}
	refuse(t, c, petitionH, at.Add(time.Hour), ActionInput{Action: "supervise", Note: "n"}, ErrCaseNotFound)
	hanyin := &User{ID: "pet-hy", Name: "城关镇信访专干", Role: RolePetition, RegionCode: townC}
	do(t, c, hanyin, at.Add(time.Hour), ActionInput{Action: "accept"})

	// A case without a deadline (stored before 交办 set one, and not carried over by Upgrade) has none to keep.
	c = returned(petitionH)
	c.DueAt, c.Petition.DueAt = nil, nil
	refuseField(t, c, petitionH, at, ActionInput{Action: "reassign", TownshipCode: townB, KeepClock: true}, "dueAt", "该案件没有原办结期限可保留，须确定办结期限")
	do(t, c, petitionH, at, ActionInput{Action: "reassign", TownshipCode: townB, KeepClock: true, DueAt: &newDue})
	if !c.DueAt.Equal(newDue) {
		t.Errorf("due %v", c.DueAt)
	}
}

// 收回: the assigning office takes a returned case back; it no longer counts.
func TestPetitionWithdraw(t *testing.T) {
	c := newPetition(t, petitionH, townA, a0, nil)
	do(t, c, petitionA, a0.Add(time.Hour), ActionInput{Action: "return", Reason: "不属本辖区"})
	at := a0.AddDate(0, 0, 3)
	refuse(t, c, petitionA, at, ActionInput{Action: "withdraw"}, ErrNotAssigningOffice)
	e := do(t, c, petitionH, at, ActionInput{Action: "withdraw", Note: "由县信访局直接办理"})
	if c.Status != StatusWithdrawn || !c.ClosedAt.Equal(at) || e.Note != "交办单位收回；由县信访局直接办理" || IsOpen(c.Status) || c.Overdue(c.DueAt.AddDate(1, 0, 0)) {
		t.Errorf("withdraw: %s closed %v note %q", c.Status, c.ClosedAt, e.Note)
	}
	for _, u := range []*User{petitionA, petitionH, leaderC, adminC} {
		if got := AllowedActions(c.State(), u, testRegions, testNow); len(got) != 0 {
			t.Errorf("%s is offered %v on a withdrawn case", u.ID, got)
		}
	}
}

// 申请销号 by the unit, reviewed by the office: a send-back moves the deadline on by the time the application
// spent in review, a clearance closes the case.
func TestPetitionClearanceReview(t *testing.T) {
	c := resolvedPetition(t)
	due := a0.AddDate(0, 0, PetitionTermDays) // 2026-05-01 10:00
	applied := a0.AddDate(0, 0, 20)
	refuse(t, c, petitionH, applied, ActionInput{Action: "apply_clear"}, ErrNotHandlingUnit)
	e := do(t, c, petitionA, applied, ActionInput{Action: "apply_clear", Note: "已息诉罢访"})
	if c.Status != StatusReviewing || !c.Petition.AppliedAt.Equal(applied) || e.Note != "申请销号，办结期限暂停计算；已息诉罢访" || e.DueAt != nil {
		t.Errorf("apply: %s applied %v entry %+v", c.Status, c.Petition.AppliedAt, e)
	}
	if c.Overdue(due.AddDate(0, 0, 10)) {
		t.Error("the clock stands still while the application awaits review")
	}
	if got := AllowedActions(c.State(), petitionH, testRegions, testNow); !slices.Equal(got, []string{"clear", "reject_clear"}) {
		t.Errorf("the office is offered %v", got)
	}
	if got := AllowedActions(c.State(), petitionA, testRegions, testNow); !slices.Equal(got, []string{"change_lead", "request_review"}) {
		t.Errorf("the unit is offered %v", got)
	}

	sentBack := applied.AddDate(0, 0, 7)
	refuse(t, c, petitionA, sentBack, ActionInput{Action: "clear"}, ErrNotAssigningOffice)
	refuse(t, c, petitionA, sentBack, ActionInput{Action: "reject_clear", Reason: "自行退回"}, ErrNotAssigningOffice)
	e = do(t, c, petitionH, sentBack, ActionInput{Action: "reject_clear", Reason: "缺少息诉罢访承诺书"})
	moved := due.AddDate(0, 0, 7)
	if c.Status != StatusResolving || c.Petition.AppliedAt != nil || !c.DueAt.Equal(moved) || e.DueAt == nil || !e.DueAt.Equal(moved) ||
		e.Note != "审核退回：缺少息诉罢访承诺书；办结期限顺延至2026-05-08" {
		t.Errorf("send back: %s applied %v due %v entry %+v", c.Status, c.Petition.AppliedAt, c.DueAt, e)
	}

	do(t, c, petitionA, a0.AddDate(0, 0, 30), ActionInput{Action: "resolve", ResolutionType: "ceased", Materials: []MaterialInput{{Type: "commitment"}}})
	do(t, c, petitionA, a0.AddDate(0, 0, 31), ActionInput{Action: "apply_clear"})
	cleared := a0.AddDate(0, 0, 33)
	e = do(t, c, petitionH, cleared, ActionInput{Action: "clear", Note: "材料齐全"})
	p := c.Petition
	if c.Status != StatusCleared || !p.ClearedAt.Equal(cleared) || !c.ClosedAt.Equal(cleared) || p.AppliedAt != nil || !c.DueAt.Equal(moved) ||
		e.DueAt != nil || e.Note != "审核通过，予以销号；材料齐全" {
		t.Errorf("clear: %s cleared %v closed %v due %v entry %+v", c.Status, p.ClearedAt, c.ClosedAt, c.DueAt, e)
	}
	if p.ResolutionType != "ceased" || len(p.Materials) != 2 {
		t.Errorf("the second resolution: %q materials %+v", p.ResolutionType, p.Materials)
	}
	want := []string{"register", "accept", "assign", "resolve", "apply_clear", "reject_clear", "resolve", "apply_clear", "clear"}
	if got := actionsOf(c); !slices.Equal(got, want) {
		t.Errorf("timeline %v, want %v", got, want)
	}
}

// 延期: by the assigning office, once, with a reason; the approver defaults to whoever records it.
func TestPetitionExtension(t *testing.T) {
	due := a0.AddDate(0, 0, PetitionTermDays)
	c := resolvingPetition(t)
	at := a0.AddDate(0, 0, 5)
	in := ActionInput{Action: "extend", Days: 30, Reason: "涉及多部门协调"}
	refuse(t, c, petitionA, at, in, ErrNotAssigningOffice)
	refuseField(t, c, petitionH, at, ActionInput{Action: "extend", Days: 30}, "reason", "原因为必填字段")
	e := do(t, c, petitionH, at, in)
	if !c.DueAt.Equal(due.AddDate(0, 0, 30)) || e.DueAt == nil || !e.DueAt.Equal(*c.DueAt) || e.Note != "延期30天（批准：信访干部，期限至2026-05-31）；涉及多部门协调" {
		t.Errorf("extend: due %v entry %+v", c.DueAt, e)
	}
	if x := c.Petition.Extension; x == nil || x.Days != 30 || x.Approver != petitionH.Name || x.Reason != in.Reason || !x.At.Equal(at) {
		t.Errorf("extension %+v", x)
	}
	refuseWith(t, c, petitionH, at.Add(time.Hour), in, "期限只能延长一次")
	if slices.Contains(AllowedActions(c.State(), petitionH, testRegions, testNow), "extend") {
		t.Error("extend offered after the one extension")
	}

	c = newPetition(t, petitionH, townA, a0, nil)
	do(t, c, petitionH, a0.Add(time.Hour), ActionInput{Action: "extend", Days: 10, Reason: "春节假期", Approver: "县信访局局长"})
	if c.Petition.Extension.Approver != "县信访局局长" || !c.DueAt.Equal(due.AddDate(0, 0, 10)) || c.Status != StatusReceived {
		t.Errorf("extension before signing: %+v due %v", c.Petition.Extension, c.DueAt)
	}

	c = resolvedPetition(t)
	do(t, c, petitionA, a0.AddDate(0, 0, 11), ActionInput{Action: "apply_clear"})
	refuseWith(t, c, petitionH, a0.AddDate(0, 0, 12), in, "案件当前状态为「待审核」，不能延期")
}

// 反弹重启: the assigning office reopens a cleared case with a new deadline; its clearance stays on record.
func TestPetitionReopen(t *testing.T) {
	c := resolvedPetition(t)
	do(t, c, petitionA, a0.AddDate(0, 0, 11), ActionInput{Action: "apply_clear"})
	cleared := a0.AddDate(0, 0, 12)
	do(t, c, petitionH, cleared, ActionInput{Action: "clear"})

	at := cleared.AddDate(0, 0, 20)
	newDue := at.AddDate(0, 0, 60)
	in := ActionInput{Action: "reopen", Reason: "信访人再次赴市上访", DueAt: &newDue}
	refuse(t, c, petitionA, at, in, ErrNotAssigningOffice)
	refuseField(t, c, petitionH, at, ActionInput{Action: "reopen", Reason: "再次上访"}, "dueAt", "办结期限为必填字段")
	e := do(t, c, petitionH, at, in)
	p := c.Petition
	if c.Status != StatusResolving || p.RepeatCount != 1 || p.ClearedAt != nil || c.ClosedAt != nil || !c.DueAt.Equal(newDue) ||
		e.DueAt == nil || !e.DueAt.Equal(newDue) || e.Note != "反弹重启：信访人再次赴市上访；第1次反弹；办结期限至2026-06-02" {
		t.Errorf("reopen: %s repeat %d cleared %v closed %v due %v entry %+v", c.Status, p.RepeatCount, p.ClearedAt, c.ClosedAt, c.DueAt, e)
	}
	if !IsOpen(c.Status) || !c.Overdue(newDue.Add(time.Second)) || c.Overdue(newDue) {
		t.Error("a reopened case runs against its new deadline")
	}

	do(t, c, petitionA, at.AddDate(0, 0, 10), ActionInput{Action: "resolve", ResolutionType: "aided"})
	do(t, c, petitionA, at.AddDate(0, 0, 11), ActionInput{Action: "apply_clear"})
	do(t, c, petitionH, at.AddDate(0, 0, 12), ActionInput{Action: "clear"})
	again := at.AddDate(0, 0, 40)
	due2 := again.AddDate(0, 0, 30)
	e = do(t, c, petitionH, again, ActionInput{Action: "reopen", Reason: "反映新诉求", DueAt: &due2})
	if c.Petition.RepeatCount != 2 || e.Note != "反弹重启：反映新诉求；第2次反弹；办结期限至"+formatDate(due2) {
		t.Errorf("second reopen: repeat %d note %q", c.Petition.RepeatCount, e.Note)
	}
	want := []string{"register", "accept", "assign", "resolve", "apply_clear", "clear", "reopen", "resolve", "apply_clear", "clear", "reopen"}
	if got := actionsOf(c); !slices.Equal(got, want) {
		t.Errorf("timeline %v, want %v", got, want)
	}
}

// 复查 of a written 处理意见, then 复核 of the 复查意见, each answered within 30 days; one open at a time.
func TestPetitionReviews(t *testing.T) {
	c := resolvingPetition(t)
	do(t, c, petitionA, a0.AddDate(0, 0, 10), ActionInput{Action: "resolve", ResolutionType: "ceased", Materials: []MaterialInput{{Type: "commitment"}}})
	refuseWith(t, c, petitionA, a0.AddDate(0, 0, 11), ActionInput{Action: "request_review", ReviewLevel: "review"}, "出具处理意见书后，才能登记复查、复核申请")

	c = resolvedPetition(t)
	q1 := a0.AddDate(0, 0, 15)
	refuseWith(t, c, petitionA, q1, ActionInput{Action: "request_review", ReviewLevel: "recheck"}, "复核须在复查之后申请")
	refuse(t, c, petitionH, q1, ActionInput{Action: "request_review", ReviewLevel: "review"}, ErrNotHandlingUnit)
	e := do(t, c, petitionA, q1, ActionInput{Action: "request_review", ReviewLevel: "review", Note: "不服处理意见"})
	if r := c.Petition.Reviews; len(r) != 1 || r[0].Level != "review" || !r[0].RequestedAt.Equal(q1) || !r[0].DueBy.Equal(q1.AddDate(0, 0, ReviewTermDays)) ||
		r[0].AnsweredAt != nil || e.Note != "信访人申请复查，应于2026-04-16前答复；不服处理意见" || c.Status != StatusResolved {
		t.Errorf("review requested: %+v note %q", r, e.Note)
	}
	refuseWith(t, c, petitionA, q1.Add(time.Hour), ActionInput{Action: "request_review", ReviewLevel: "review"}, "已有尚未答复的复查（复核）申请，答复后才能再申请")
	refuseWith(t, c, petitionA, q1.Add(time.Hour), ActionInput{Action: "answer_review", ReviewLevel: "recheck", Note: "n"}, "没有待答复的复核申请")

	answered := q1.AddDate(0, 0, 20)
	e = do(t, c, petitionA, answered, ActionInput{Action: "answer_review", ReviewLevel: "review", Note: "维持原处理意见"})
	if r := c.Petition.Reviews[0]; r.AnsweredAt == nil || !r.AnsweredAt.Equal(answered) || r.Answer != "维持原处理意见" || e.Note != "复查意见：维持原处理意见" {
		t.Errorf("review answered: %+v note %q", r, e.Note)
	}

	// The case is cleared meanwhile; the 复核 goes on.
	do(t, c, petitionA, answered.AddDate(0, 0, 1), ActionInput{Action: "apply_clear"})
	do(t, c, petitionH, answered.AddDate(0, 0, 2), ActionInput{Action: "clear"})
	q2 := answered.AddDate(0, 0, 5)
	e = do(t, c, petitionA, q2, ActionInput{Action: "request_review", ReviewLevel: "recheck"})
	if r := c.Petition.Reviews; len(r) != 2 || r[1].Level != "recheck" || !r[1].DueBy.Equal(q2.AddDate(0, 0, ReviewTermDays)) || e.Note != "信访人申请复核，应于"+formatDate(q2.AddDate(0, 0, ReviewTermDays))+"前答复" {
		t.Errorf("recheck requested: %+v note %q", r, e.Note)
	}
	do(t, c, petitionA, q2.AddDate(0, 0, 29), ActionInput{Action: "answer_review", ReviewLevel: "recheck", Note: "复核维持"})
	if r := c.Petition.Reviews[1]; r.AnsweredAt == nil || r.Answer != "复核维持" || c.Status != StatusCleared {
		t.Errorf("recheck answered: %+v status %s", r, c.Status)
	}
}

// 依法终结 needs the written opinions of all three levels, among the materials given now or before.
func TestPetitionConcludedByLaw(t *testing.T) {
	c := resolvingPetition(t)
	at := a0.AddDate(0, 0, 10)
	refuseField(t, c, petitionA, at, ActionInput{Action: "resolve", ResolutionType: "concluded", Materials: []MaterialInput{{Type: "opinion"}}},
		"materials", "依法终结须处理、复查、复核三级程序均已终结，缺少：复查意见书、复核意见书")
	do(t, c, petitionA, at, ActionInput{Action: "resolve", ResolutionType: "resolved", Materials: []MaterialInput{{Type: "opinion"}, {Type: "review_opinion"}}})
	do(t, c, petitionA, at.AddDate(0, 0, 1), ActionInput{Action: "apply_clear"})
	do(t, c, petitionH, at.AddDate(0, 0, 2), ActionInput{Action: "reject_clear", Reason: "尚未复核"})
	e := do(t, c, petitionA, at.AddDate(0, 0, 20), ActionInput{Action: "resolve", ResolutionType: "concluded", Materials: []MaterialInput{{Type: "recheck_opinion", Note: "市信访局复核意见"}}})
	if c.Petition.ResolutionType != "concluded" || len(c.Petition.Materials) != 3 || e.Note != "依法终结；材料：复核意见书" {
		t.Errorf("concluded: %q %+v note %q", c.Petition.ResolutionType, c.Petition.Materials, e.Note)
	}
}

// 落实包案 and 调整包案: the unit names the leader, unit and person responsible; a change changes what it names.
func TestPetitionLeads(t *testing.T) {
	c := newPetition(t, petitionH, townA, a0, nil)
	do(t, c, petitionA, a0.Add(time.Hour), ActionInput{Action: "accept"})
	refuse(t, c, petitionH, a0.Add(2*time.Hour), ActionInput{Action: "assign", LeadLeader: &LeadLeaderInput{Name: "刘强", Post: "副镇长"}}, ErrNotHandlingUnit)
	e := do(t, c, petitionA, a0.Add(2*time.Hour), ActionInput{Action: "assign", LeadLeader: &LeadLeaderInput{Name: "刘强", Post: "副镇长"},
		ResponsibleUnit: "镇自然资源所", ResponsiblePerson: "赵六", Plan: "核查补偿台账，限期补发。"})
	p := c.Petition
	if c.Status != StatusResolving || *p.LeadLeader != (LeadLeader{Name: "刘强", Post: "副镇长"}) || p.ResponsibleUnit != "镇自然资源所" || p.ResponsiblePerson != "赵六" ||
		e.Note != "包案领导：刘强（副镇长）；责任单位：镇自然资源所；责任人：赵六；化解方案：核查补偿台账，限期补发" {
		t.Errorf("assign: %s %+v note %q", c.Status, p, e.Note)
	}
	e = do(t, c, petitionA, a0.AddDate(0, 0, 5), ActionInput{Action: "change_lead", ResponsiblePerson: "钱七"})
	if p := c.Petition; p.LeadLeader.Name != "刘强" || p.ResponsibleUnit != "镇自然资源所" || p.ResponsiblePerson != "钱七" || e.Note != "责任人调整为钱七" || c.Status != StatusResolving {
		t.Errorf("change_lead: %+v note %q", p, e.Note)
	}
	e = do(t, c, petitionA, a0.AddDate(0, 0, 6), ActionInput{Action: "change_lead", LeadLeader: &LeadLeaderInput{Name: "孙八", Post: "镇长"}, Note: "人事调整"})
	if c.Petition.LeadLeader.Name != "孙八" || e.Note != "包案领导调整为孙八（镇长）；人事调整" {
		t.Errorf("change_lead: %+v note %q", c.Petition.LeadLeader, e.Note)
	}
}
