package domain

import (
	"errors"
	"slices"
	"testing"
	"time"
)

// The path tests run on an injected clock: each step is applied at the moment it happens (now), so the
// dates the rules compare are the steps' own.

// d0 is when the path tests' disputes are registered and accepted: Monday 5 January 2026, 09:00.
var d0 = time.Date(2026, 1, 5, 9, 0, 0, 0, Shanghai)

// do applies an action at now with the case's version and returns its timeline entry.
func do(t *testing.T, c *Case, by *User, now time.Time, in ActionInput) TimelineEntry {
	t.Helper()
	in.Version = c.Version
	if err := Apply(c, in, by, testRegions, now); err != nil {
		t.Fatalf("%s at %s by %s: %v", in.Action, now.Format("2006-01-02 15:04"), by.ID, err)
	}
	return c.Timeline[len(c.Timeline)-1]
}

// refuse applies an action that must be refused for want's reason and checks that the case is unchanged.
func refuse(t *testing.T, c *Case, by *User, now time.Time, in ActionInput, want *Error) *Error {
	t.Helper()
	in.Version = c.Version
	before := snapshot(t, c)
	err := Apply(c, in, by, testRegions, now)
	var de *Error
	if !errors.Is(err, want) || !errors.As(err, &de) {
		t.Fatalf("%s at %s by %s: want %s, got %v", in.Action, now.Format("2006-01-02 15:04"), by.ID, want.Reason, err)
	}
	if snapshot(t, c) != before {
		t.Fatalf("%s: the refusal changed the case", in.Action)
	}
	return de
}

// refuseWith refuses with a 409 and the given message.
func refuseWith(t *testing.T, c *Case, by *User, now time.Time, in ActionInput, msg string) {
	t.Helper()
	if e := refuse(t, c, by, now, in, ErrInvalidTransition); e.Message != msg {
		t.Errorf("%s: message %q, want %q", in.Action, e.Message, msg)
	}
}

// refuseField refuses with a 422 naming exactly the field, with the message when given.
func refuseField(t *testing.T, c *Case, by *User, now time.Time, in ActionInput, field, msg string) {
	t.Helper()
	e := refuse(t, c, by, now, in, Invalid())
	if len(e.Fields) != 1 || e.Fields[0].Field != field || msg != "" && e.Fields[0].Message != msg {
		t.Errorf("%s: fields %+v, want %s %q", in.Action, e.Fields, field, msg)
	}
}

// newDispute registers a dispute in townA at `at` through intake.
func newDispute(t *testing.T, source, referralFrom string, at time.Time) *Case {
	t.Helper()
	in := disputeInput()
	in.Dispute = &DisputeInput{Source: source, ReferralFrom: referralFrom}
	c, err := NewCase(in, mediatorA, testRegions, at)
	if err != nil {
		t.Fatal(err)
	}
	c.ID, c.CaseNo = CaseNumber(townA, 2026, 1), CaseNumber(townA, 2026, 1)
	return c
}

// mediatingDispute is a dispute accepted at d0 and mediated from an hour later.
func mediatingDispute(t *testing.T, source, referralFrom string) *Case {
	t.Helper()
	c := newDispute(t, source, referralFrom, d0)
	do(t, c, mediatorA, d0, ActionInput{Action: "accept"})
	do(t, c, mediatorA, d0.Add(time.Hour), ActionInput{Action: "start", Mediators: []string{"调解员甲"}})
	return c
}

func written(terms string) *AgreementInput {
	yes := true
	return &AgreementInput{Type: "written", Terms: terms, CreatesObligations: &yes}
}

// resolvedDispute is mediatingDispute resolved by a written agreement at r = d0 + 10 days.
func resolvedDispute(t *testing.T, source, referralFrom string) (*Case, time.Time) {
	t.Helper()
	c := mediatingDispute(t, source, referralFrom)
	r := d0.AddDate(0, 0, 10)
	do(t, c, mediatorA, r, ActionInput{Action: "resolve", Agreement: written("乙方赔偿甲方800元。")})
	return c, r
}

func visitAt(at time.Time, satisfaction, performance string) *FollowUpInput {
	return &FollowUpInput{At: at, Satisfaction: satisfaction, Performance: performance}
}

func TestDisputeAcceptRejectStartSessionUrge(t *testing.T) {
	c := newDispute(t, "application", "", d0)
	e := do(t, c, mediatorA, d0.Add(time.Hour), ActionInput{Action: "accept", Note: "材料齐全"})
	if !c.AcceptedAt.Equal(d0.Add(time.Hour)) || !c.DueAt.Equal(d0.Add(time.Hour).AddDate(0, 0, DisputeTermDays)) ||
		e.Note != "材料齐全；调解期限至2026-02-04" || e.DueAt == nil || !e.DueAt.Equal(*c.DueAt) {
		t.Errorf("accept: acceptedAt %v dueAt %v entry %+v", c.AcceptedAt, c.DueAt, e)
	}
	e = do(t, c, mediatorA, d0.Add(2*time.Hour), ActionInput{Action: "start", Mediators: []string{"调解员甲", "调解员乙"}, Note: "备注"})
	if !slices.Equal(c.Dispute.Mediators, []string{"调解员甲", "调解员乙"}) || e.Note != "调解员：调解员甲、调解员乙；备注" {
		t.Errorf("start: mediators %v note %q", c.Dispute.Mediators, e.Note)
	}
	e = do(t, c, mediatorA, d0.Add(3*time.Hour), ActionInput{Action: "session",
		Session: &SessionInput{At: d0.Add(150 * time.Minute), Mode: "phone", Record: "电话联系双方，约定下周面谈。"}})
	if len(c.Dispute.Sessions) != 1 || !c.Dispute.Sessions[0].At.Equal(d0.Add(150*time.Minute)) || e.Note != "电话调解：电话联系双方，约定下周面谈" {
		t.Errorf("session: %+v note %q", c.Dispute.Sessions, e.Note)
	}

	r := newDispute(t, "application", "", d0)
	e = do(t, r, mediatorA, d0.Add(time.Hour), ActionInput{Action: "reject", Reason: "系劳动仲裁事项", RejectGround: "other_body"})
	if r.Status != StatusRejected || r.Dispute.RejectGround != "other_body" || r.Dispute.RejectReason != "系劳动仲裁事项" ||
		!r.ClosedAt.Equal(d0.Add(time.Hour)) || e.Note != "已由其他机关受理或处理；系劳动仲裁事项" {
		t.Errorf("reject: %+v closed %v note %q", r.Dispute, r.ClosedAt, e.Note)
	}
	r = newDispute(t, "application", "", d0)
	if e := do(t, r, mediatorA, d0, ActionInput{Action: "reject", Reason: "当事人不同意调解"}); e.Note != "当事人不同意调解" || r.Dispute.RejectGround != "" {
		t.Errorf("reject without ground: note %q", e.Note)
	}

	u, at := resolvedDispute(t, "application", "")
	if e := do(t, u, mediatorA, at.AddDate(0, 0, 5), ActionInput{Action: "urge", Note: "电话提醒乙方按期付款"}); e.Note != "督促履行：电话提醒乙方按期付款" || u.Status != StatusResolved {
		t.Errorf("urge: %s note %q", u.Status, e.Note)
	}
}

// Mediation goes on past its term as often as the parties consent, up to 30 days at a time; each extension
// records who consented and moves the due date on from where it stood.
func TestDisputeConsentExtensions(t *testing.T) {
	c := mediatingDispute(t, "application", "")
	due0 := d0.AddDate(0, 0, DisputeTermDays) // 2026-02-04 09:00
	if !c.DueAt.Equal(due0) {
		t.Fatalf("due %v, want %v", c.DueAt, due0)
	}

	t1 := d0.AddDate(0, 0, 25)
	e := do(t, c, mediatorA, t1, ActionInput{Action: "extend", Days: 10, Reason: "双方同意继续协商", ConsentBy: []string{"张三", "李四"}})
	due1 := due0.AddDate(0, 0, 10)
	if !c.DueAt.Equal(due1) || e.DueAt == nil || !e.DueAt.Equal(due1) || e.Note != "延长调解期限10天（至2026-02-14）；经当事人张三、李四同意；双方同意继续协商" {
		t.Errorf("first extension: due %v entry %+v", c.DueAt, e)
	}
	if ext := c.Dispute.Extension; ext == nil || ext.Days != 10 || !ext.At.Equal(t1) || !slices.Equal(ext.ConsentBy, []string{"张三", "李四"}) || ext.Reason != "双方同意继续协商" {
		t.Errorf("extension %+v", ext)
	}
	if !slices.Contains(AllowedActions(c.State(), mediatorA, testRegions, testNow), "extend") {
		t.Error("a dispute may be extended again with consent")
	}

	t2 := d0.AddDate(0, 0, 38)
	refuseField(t, c, mediatorA, t2, ActionInput{Action: "extend", Days: 20, Reason: "等待鉴定", ConsentBy: []string{"王五"}}, "consentBy[0]", "「王五」不是本案当事人")
	refuseField(t, c, mediatorA, t2, ActionInput{Action: "extend", Days: 31, Reason: "等待鉴定", ConsentBy: []string{"李四"}}, "days", "延长天数不能大于30")
	e = do(t, c, mediatorA, t2, ActionInput{Action: "extend", Days: 20, Reason: "等待鉴定", ConsentBy: []string{"李四"}})
	due2 := due1.AddDate(0, 0, 20)
	if !c.DueAt.Equal(due2) || !e.DueAt.Equal(due2) || e.Note != "延长调解期限20天（至2026-03-06）；经当事人李四同意；等待鉴定" {
		t.Errorf("second extension: due %v entry %+v", c.DueAt, e)
	}
	d := c.Dispute
	if len(d.Extensions) != 2 || d.Extensions[0].Days != 10 || !slices.Equal(d.Extensions[0].ConsentBy, []string{"张三", "李四"}) ||
		d.Extensions[1].Days != 20 || !slices.Equal(d.Extensions[1].ConsentBy, []string{"李四"}) || d.Extension.Days != 20 {
		t.Errorf("extensions %+v latest %+v", d.Extensions, d.Extension)
	}
	if c.Overdue(due1.Add(time.Hour)) || !c.Overdue(due2.Add(time.Second)) {
		t.Error("the extended due date is the one that counts")
	}

	// The consenting parties are not required: the note says none were recorded.
	e = do(t, c, mediatorA, d0.AddDate(0, 0, 55), ActionInput{Action: "extend", Days: 5, Reason: "补充材料"})
	if e.Note != "延长调解期限5天（至2026-03-11）；未记录同意延期的当事人；补充材料" || len(d.Extensions) != 2 || len(c.Dispute.Extensions) != 3 {
		t.Errorf("third extension: note %q extensions %d", e.Note, len(c.Dispute.Extensions))
	}
}

// An agreement that creates civil rights and duties is written (人民调解工作若干规定 art. 34); its amount and
// what the mediation prevented are recorded.
func TestDisputeResolveAgreement(t *testing.T) {
	yes, no := true, false
	at := d0.AddDate(0, 0, 3)

	c := mediatingDispute(t, "application", "")
	refuseField(t, c, mediatorA, at, ActionInput{Action: "resolve", Agreement: &AgreementInput{Type: "oral", Terms: "乙方赔偿500元", CreatesObligations: &yes}},
		"agreement.type", "协议设立民事权利义务的，应当制作书面调解协议（《人民调解工作若干规定》第三十四条），不能采用口头协议")
	e := do(t, c, mediatorA, at, ActionInput{Action: "resolve", Agreement: &AgreementInput{Type: "oral", Terms: "当场赔礼道歉", CreatesObligations: &no}})
	if a := c.Dispute.Agreement; c.Status != StatusResolved || c.Outcome != OutcomeResolved || a.Type != "oral" || a.CreatesObligations == nil || *a.CreatesObligations ||
		e.Note != "口头协议：当场赔礼道歉" {
		t.Errorf("oral agreement: %s %+v note %q", c.Status, a, e.Note)
	}

	c = mediatingDispute(t, "application", "")
	do(t, c, mediatorA, at, ActionInput{Action: "resolve", Agreement: &AgreementInput{Type: "oral", Terms: "互不追究"}})
	if c.Dispute.Agreement.CreatesObligations != nil {
		t.Error("unsaid stays unsaid")
	}

	c = mediatingDispute(t, "application", "")
	performBy := at.AddDate(0, 1, 0)
	in := ActionInput{Action: "resolve", Note: "当场签字", Agreement: &AgreementInput{Type: "written", Terms: "乙方赔偿甲方1234.5元",
		PerformBy: &performBy, CreatesObligations: &yes, Amount: 123450},
		Prevented: []PreventionInput{{Type: "criminal", People: 3}, {Type: "mass_petition", People: 12}}}
	e = do(t, c, mediatorA, at, in)
	a := c.Dispute.Agreement
	if a.Amount != 123450 || !a.PerformBy.Equal(performBy) || !slices.Equal(c.Dispute.Prevented, []Prevention{{"criminal", 3}, {"mass_petition", 12}}) {
		t.Errorf("written agreement %+v prevented %+v", a, c.Dispute.Prevented)
	}
	if e.Note != "书面协议：乙方赔偿甲方1234.5元；涉及金额1234.5元；防止民转刑3人、防止群体性上访12人；当场签字" {
		t.Errorf("note %q", e.Note)
	}
	if c.ClosedAt != nil || c.Overdue(c.DueAt.AddDate(1, 0, 0)) {
		t.Error("a resolved dispute is not closed yet and no longer runs against its deadline")
	}
}

// The parties are told of the other routes unless the applicant withdrew or they settled it themselves.
func TestDisputeFailRedirectNone(t *testing.T) {
	mayStaySilent := map[string]bool{"withdrawn": true, "settled": true}
	for _, r := range FailureReasons {
		c := mediatingDispute(t, "application", "")
		in := ActionInput{Action: "fail", FailureReason: r.Code, Redirect: "none"}
		if !mayStaySilent[r.Code] {
			refuseField(t, c, mediatorA, d0.AddDate(0, 0, 2), in, "redirect", "")
			in.Redirect = "arbitration"
		}
		e := do(t, c, mediatorA, d0.AddDate(0, 0, 2), in)
		if c.Status != StatusFailed || c.Outcome != OutcomeFailed || c.Dispute.FailureReason != r.Code || c.Dispute.Redirect != in.Redirect ||
			e.Note != "终止原因："+r.Label+"；告知途径："+LabelOf(Redirects, in.Redirect) {
			t.Errorf("%s: %s %s %+v note %q", r.Code, c.Status, c.Outcome, c.Dispute, e.Note)
		}
	}
	c := mediatingDispute(t, "application", "")
	e := do(t, c, mediatorA, d0.AddDate(0, 0, 2), ActionInput{Action: "fail", FailureReason: "gap_too_large", Redirect: "litigation",
		Prevented: []PreventionInput{{Type: "mass_fight", People: 30}}, Note: "已告知起诉"})
	if e.Note != "终止原因：分歧过大；告知途径：诉讼；防止群体性械斗30人；已告知起诉" || len(c.Dispute.Prevented) != 1 {
		t.Errorf("fail note %q prevented %+v", e.Note, c.Dispute.Prevented)
	}
}

// A resolved dispute is visited (回访) as often as needed, each visit dated when it happened; the latest
// performance recorded stands. It is closed only after a visit.
func TestDisputeVisitsAndClose(t *testing.T) {
	c, r := resolvedDispute(t, "application", "")
	refuseField(t, c, mediatorA, r.AddDate(0, 0, 1), ActionInput{Action: "close"}, "followUp", "调解成功的纠纷须回访后才能结案，请填写回访情况")

	visited := r.AddDate(0, 0, 3)
	recorded := visited.Add(8 * time.Hour)
	f := visitAt(visited, "basic", "partial")
	f.Note = "已付一半"
	e := do(t, c, mediatorA, recorded, ActionInput{Action: "visit", FollowUp: f})
	if !e.At.Equal(visited) || !e.RecordedAt.Equal(recorded) || e.Note != "回访：基本满意；履行情况：部分履行；已付一半" || c.Status != StatusResolved {
		t.Errorf("first visit entry %+v", e)
	}
	if d := c.Dispute; len(d.Visits) != 1 || d.Performance != "partial" || d.FollowUp == nil || !d.FollowUp.At.Equal(visited) ||
		d.Visits[0] != (Visit{At: visited, Satisfaction: "basic", Performance: "partial", Note: "已付一半", By: mediatorA.Actor()}) {
		t.Errorf("after one visit: %+v", d)
	}

	e = do(t, c, mediatorA, r.AddDate(0, 0, 20), ActionInput{Action: "visit", FollowUp: visitAt(r.AddDate(0, 0, 20), "satisfied", ""), Note: "电话回访"})
	if e.Note != "回访：满意；电话回访" || c.Dispute.Performance != "partial" || c.Dispute.FollowUp.Satisfaction != "satisfied" {
		t.Errorf("a visit without performance keeps the last one: %q %+v", e.Note, c.Dispute)
	}
	third := r.AddDate(0, 0, 35)
	do(t, c, mediatorA, third.Add(time.Hour), ActionInput{Action: "visit", FollowUp: visitAt(third, "satisfied", "fulfilled")})
	if d := c.Dispute; len(d.Visits) != 3 || d.Performance != "fulfilled" || !d.FollowUp.At.Equal(third) {
		t.Errorf("after three visits: %+v", d)
	}
	// A visit dated before the previous one is refused (its date is the action's date).
	refuseField(t, c, mediatorA, third.Add(2*time.Hour), ActionInput{Action: "visit", FollowUp: visitAt(third.Add(-time.Hour), "basic", "")}, "followUp.at", "")

	closed := third.AddDate(0, 0, 1)
	e = do(t, c, mediatorA, closed, ActionInput{Action: "close", Note: "归档"})
	if c.Status != StatusClosed || c.Outcome != OutcomeResolved || !c.ClosedAt.Equal(closed) || !e.At.Equal(closed) || e.Note != "归档" || len(c.Dispute.Visits) != 3 {
		t.Errorf("close after visits: %s %v entry %+v", c.Status, c.ClosedAt, e)
	}
	refuseWith(t, c, mediatorA, closed, ActionInput{Action: "visit", FollowUp: visitAt(closed, "satisfied", "")}, "案件当前状态为「已结案」，不能回访")
	// Neither offered nor accepted: the 30 days for judicial confirmation are over, and the dispute was not
	// referred.
	if got := AllowedActions(c.State(), mediatorA, testRegions, closed); len(got) != 0 {
		t.Errorf("a closed dispute offers %v", got)
	}
	refuseWith(t, c, mediatorA, closed, ActionInput{Action: "apply_confirmation", Court: "汉滨区人民法院"}, "司法确认应自调解协议生效之日起30日内申请（截至2026-02-14）")
	refuse(t, c, mediatorA, closed, ActionInput{Action: "report_back", Note: "n"}, ErrInvalidTransition)
}

// close may record the visit itself: it is then dated by the visit.
func TestDisputeCloseWithItsVisit(t *testing.T) {
	c, r := resolvedDispute(t, "application", "")
	visited := r.AddDate(0, 0, 7)
	e := do(t, c, mediatorA, visited.AddDate(0, 0, 1), ActionInput{Action: "close", FollowUp: visitAt(visited, "unsatisfied", "unfulfilled")})
	if !e.At.Equal(visited) || !c.ClosedAt.Equal(visited) || len(c.Dispute.Visits) != 1 || c.Dispute.Performance != "unfulfilled" ||
		e.Note != "回访：不满意；履行情况：未履行" {
		t.Errorf("close with a visit: closed %v entry %+v dispute %+v", c.ClosedAt, e, c.Dispute)
	}
}

// A failed dispute is closed without a visit: visits are for agreements.
func TestDisputeFailedClosesWithoutVisit(t *testing.T) {
	c := mediatingDispute(t, "application", "")
	failed := d0.AddDate(0, 0, 12)
	do(t, c, mediatorA, failed, ActionInput{Action: "fail", FailureReason: "refused", Redirect: "litigation"})
	refuseWith(t, c, mediatorA, failed, ActionInput{Action: "visit", FollowUp: visitAt(failed, "basic", "")}, "案件当前状态为「调解不成」，不能回访")
	e := do(t, c, mediatorA, failed.AddDate(0, 0, 1), ActionInput{Action: "close"})
	if c.Status != StatusClosed || c.Outcome != OutcomeFailed || !c.ClosedAt.Equal(failed.AddDate(0, 0, 1)) || len(c.Dispute.Visits) != 0 || c.Dispute.FollowUp != nil || e.Note != "" {
		t.Errorf("failed then closed: %s %s %v %+v note %q", c.Status, c.Outcome, c.ClosedAt, c.Dispute, e.Note)
	}
}

// Judicial confirmation (司法确认, 人民调解法 art. 33): a written agreement, applied for within 30 days of it,
// once; the court's answer is recorded once, either way.
func TestDisputeJudicialConfirmation(t *testing.T) {
	c, r := resolvedDispute(t, "application", "")
	refuseWith(t, c, mediatorA, r.AddDate(0, 0, 1), ActionInput{Action: "confirmation_result", Confirmation: "confirmed"}, "须先申请司法确认，才能司法确认结果")
	late := r.AddDate(0, 0, ConfirmationDays).Add(time.Second)
	refuseWith(t, c, mediatorA, late, ActionInput{Action: "apply_confirmation", Court: "汉滨区人民法院"}, "司法确认应自调解协议生效之日起30日内申请（截至2026-02-14）")

	last := r.AddDate(0, 0, ConfirmationDays)
	e := do(t, c, mediatorA, last, ActionInput{Action: "apply_confirmation", Court: "汉滨区人民法院", Note: "双方共同申请"})
	if cf := c.Dispute.Confirmation; cf == nil || !cf.AppliedAt.Equal(last) || cf.Court != "汉滨区人民法院" || cf.Result != "" || e.Note != "向汉滨区人民法院申请司法确认；双方共同申请" {
		t.Errorf("apply: %+v note %q", c.Dispute.Confirmation, e.Note)
	}
	refuseWith(t, c, mediatorA, last, ActionInput{Action: "apply_confirmation", Court: "汉滨区人民法院"}, "「申请司法确认」只能进行一次")

	decided := r.AddDate(0, 0, 45) // the court's answer has no term here
	e = do(t, c, mediatorA, decided, ActionInput{Action: "confirmation_result", Confirmation: "confirmed"})
	if cf := c.Dispute.Confirmation; cf.Result != "confirmed" || !cf.DecidedAt.Equal(decided) || !cf.AppliedAt.Equal(last) || e.Note != "司法确认：确认调解协议有效" {
		t.Errorf("result: %+v note %q", cf, e.Note)
	}
	refuseWith(t, c, mediatorA, decided, ActionInput{Action: "confirmation_result", Confirmation: "refused"}, "「司法确认结果」只能进行一次")

	// The other answer, on a dispute closed after its visit: confirmation goes on after closing.
	c, r = resolvedDispute(t, "application", "")
	do(t, c, mediatorA, r.AddDate(0, 0, 2), ActionInput{Action: "close", FollowUp: visitAt(r.AddDate(0, 0, 2), "satisfied", "")})
	do(t, c, mediatorA, r.AddDate(0, 0, 5), ActionInput{Action: "apply_confirmation", Court: "汉阴县人民法院"})
	e = do(t, c, mediatorA, r.AddDate(0, 0, 20), ActionInput{Action: "confirmation_result", Confirmation: "refused", Note: "协议内容违反法律规定"})
	if c.Status != StatusClosed || c.Dispute.Confirmation.Result != "refused" || e.Note != "司法确认：驳回申请/不予确认；协议内容违反法律规定" {
		t.Errorf("refused confirmation: %s %+v note %q", c.Status, c.Dispute.Confirmation, e.Note)
	}

	// An oral agreement cannot be confirmed.
	c = mediatingDispute(t, "application", "")
	do(t, c, mediatorA, d0.AddDate(0, 0, 1), ActionInput{Action: "resolve", Agreement: &AgreementInput{Type: "oral", Terms: "赔礼道歉"}})
	refuseWith(t, c, mediatorA, d0.AddDate(0, 0, 2), ActionInput{Action: "apply_confirmation", Court: "汉滨区人民法院"}, "只有书面调解协议才能申请司法确认")
}

// What follows an agreement not (fully) performed is chosen once a visit found it so.
func TestDisputeUnperformed(t *testing.T) {
	for _, p := range []string{"partial", "unfulfilled"} {
		c, r := resolvedDispute(t, "application", "")
		in := ActionInput{Action: "unperformed", Route: "enforcement", Note: "乙方拒不付款"}
		const msg = "回访记录的履行情况为部分履行或未履行时，才能选择重新调解或诉讼等途径"
		refuseWith(t, c, mediatorA, r.AddDate(0, 0, 1), in, msg)
		do(t, c, mediatorA, r.AddDate(0, 0, 2), ActionInput{Action: "visit", FollowUp: visitAt(r.AddDate(0, 0, 2), "basic", "fulfilled")})
		refuseWith(t, c, mediatorA, r.AddDate(0, 0, 3), in, msg)
		do(t, c, mediatorA, r.AddDate(0, 0, 30), ActionInput{Action: "visit", FollowUp: visitAt(r.AddDate(0, 0, 30), "unsatisfied", p)})
		e := do(t, c, mediatorA, r.AddDate(0, 0, 31), in)
		if c.Status != StatusResolved || c.Dispute.UnperformedRoute != "enforcement" || e.Note != "协议未履行的处置：申请人民法院强制执行；乙方拒不付款" {
			t.Errorf("%s: %s route %q note %q", p, c.Status, c.Dispute.UnperformedRoute, e.Note)
		}
		// A visit without performance keeps the last one recorded, so the route may still be chosen.
		do(t, c, mediatorA, r.AddDate(0, 0, 40), ActionInput{Action: "visit", FollowUp: visitAt(r.AddDate(0, 0, 40), "basic", "")})
		do(t, c, mediatorA, r.AddDate(0, 0, 41), ActionInput{Action: "unperformed", Route: "litigation"})
		if c.Dispute.UnperformedRoute != "litigation" {
			t.Errorf("%s: route %q", p, c.Dispute.UnperformedRoute)
		}
	}
}

// The result goes back to whoever referred the dispute, once, whether it was resolved or failed.
func TestDisputeReportBack(t *testing.T) {
	c, r := resolvedDispute(t, "application", "")
	refuseWith(t, c, mediatorA, r, ActionInput{Action: "report_back", Note: "已函告"}, "只有委托移送的纠纷才需要向移送单位反馈结果")

	c, r = resolvedDispute(t, "referral", "court")
	e := do(t, c, mediatorA, r.Add(time.Hour), ActionInput{Action: "report_back", Note: "已函告"})
	if !c.Dispute.ReportedBackAt.Equal(r.Add(time.Hour)) || e.Note != "已向人民法院（委派/委托）反馈调解结果；已函告" {
		t.Errorf("report back: %v note %q", c.Dispute.ReportedBackAt, e.Note)
	}
	refuseWith(t, c, mediatorA, r.Add(2*time.Hour), ActionInput{Action: "report_back", Note: "再次函告"}, "「反馈移送单位」只能进行一次")

	c = mediatingDispute(t, "referral", "police")
	do(t, c, mediatorA, d0.AddDate(0, 0, 5), ActionInput{Action: "fail", FailureReason: "refused", Redirect: "litigation"})
	do(t, c, mediatorA, d0.AddDate(0, 0, 6), ActionInput{Action: "close"})
	e = do(t, c, mediatorA, d0.AddDate(0, 0, 7), ActionInput{Action: "report_back", Note: "已电话告知"})
	if c.Status != StatusClosed || e.Note != "已向公安机关（派出所）反馈调解结果；已电话告知" {
		t.Errorf("report back after closing a failed referral: %s note %q", c.Status, e.Note)
	}
}

// Committees (三级联调): the roster marks invited mediators; escalation goes village → township → county and no
// further; the case's scope moves with it (the township's mediator loses it, the county's has it); a
// transfer names a committee that takes the township's disputes.
func TestDisputeCommitteesInvitedEscalateTransfer(t *testing.T) {
	book := NewCommitteeBook(testRegions, []Committee{
		{ID: townA + "-C001", Name: "东关村人民调解委员会", Kind: "village", RegionCode: townA, Village: "东关村", Active: true,
			Mediators: []Mediator{{Name: "村调解员", Type: "part_time", Active: true}}},
		{ID: townA, Name: "老城街道人民调解委员会", Kind: "township", RegionCode: townA, Active: true,
			Mediators: []Mediator{{Name: "调解员甲", Type: "full_time", Active: true}, {Name: "调解员丙", Type: "part_time", Active: false}}},
	})
	countyMed := &User{ID: "cm", Name: "县调解员", Role: RoleMediator, RegionCode: countyH}
	with := func(in ActionInput) ActionInput { in.Committees = book; return in }
	c := newDispute(t, "application", "", d0)
	do(t, c, mediatorA, d0.Add(time.Hour), with(ActionInput{Action: "accept"}))
	e := do(t, c, mediatorA, d0.Add(2*time.Hour), with(ActionInput{Action: "start", Mediators: []string{"调解员甲", "调解员丙", "律师乙"}}))
	if !slices.Equal(c.Dispute.Invited, []string{"调解员丙", "律师乙"}) || e.Note != "调解员：调解员甲、调解员丙、律师乙；特邀调解员：调解员丙、律师乙" {
		t.Errorf("start: invited %v note %q", c.Dispute.Invited, e.Note)
	}
	// a transfer down to the village committee: the township still sees it; mediation starts again there
	refuseField(t, c, mediatorA, d0.Add(3*time.Hour), with(ActionInput{Action: "transfer", Committee: townA, Reason: "x"}), "committee", "案件已由老城街道人民调解委员会办理")
	do(t, c, mediatorA, d0.Add(3*time.Hour), with(ActionInput{Action: "transfer", Committee: townA + "-C001", Reason: "就近调解"}))
	if c.Status != StatusAccepted || c.HeldIn() != townA || c.Dispute.Mediators != nil || c.HoldingCommittee() != townA+"-C001" {
		t.Fatalf("transferred: %s held in %s by %s, mediators %v", c.Status, c.HeldIn(), c.HoldingCommittee(), c.Dispute.Mediators)
	}
	// escalate: village → its township's committee (recorded as nothing: the default) → the county's
	e = do(t, c, mediatorA, d0.Add(4*time.Hour), with(ActionInput{Action: "escalate", Reason: "村调委会调解未果"}))
	if c.HoldingCommittee() != townA || c.Dispute.Committee != "" || e.Note != "东关村人民调解委员会提请上级调解，移交老城街道人民调解委员会；村调委会调解未果" {
		t.Errorf("escalated to the township: %q %q", c.HoldingCommittee(), e.Note)
	}
	do(t, c, mediatorA, d0.Add(5*time.Hour), with(ActionInput{Action: "escalate", Reason: "镇调委会调解未果"}))
	if c.HeldIn() != countyH || c.Dispute.CommitteeName != "汉滨区人民调解委员会" || len(c.Dispute.Moves) != 3 {
		t.Fatalf("escalated to the county: held in %s by %s, moves %+v", c.HeldIn(), c.Dispute.CommitteeName, c.Dispute.Moves)
	}
	refuse(t, c, mediatorA, d0.Add(6*time.Hour), with(ActionInput{Action: "start", Mediators: []string{"调解员甲"}}), ErrCaseNotFound)
	if slices.Contains(AllowedActions(c.State(), countyMed, testRegions, testNow), "escalate") || len(AllowedActions(c.State(), mediatorA, testRegions, testNow)) != 0 {
		t.Errorf("allowed at the county: %v; to the township: %v", AllowedActions(c.State(), countyMed, testRegions, testNow), AllowedActions(c.State(), mediatorA, testRegions, testNow))
	}
	refuseWith(t, c, countyMed, d0.Add(6*time.Hour), with(ActionInput{Action: "escalate", Reason: "再上报"}), "案件已由县级（行业性专业性）人民调解委员会办理，不能再提请上级调解")
	// the county's committee keeps no roster: nobody is marked invited
	do(t, c, countyMed, d0.Add(7*time.Hour), with(ActionInput{Action: "start", Mediators: []string{"县调解员"}}))
	if c.Dispute.Invited != nil {
		t.Errorf("invited without a roster: %v", c.Dispute.Invited)
	}
	// without the registry the write path cannot move a case
	refuseWith(t, c, countyMed, d0.Add(8*time.Hour), ActionInput{Action: "transfer", Committee: townA, Reason: "x"}, "人民调解委员会名册不可用，不能移交")
}
