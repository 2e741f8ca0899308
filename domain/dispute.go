package domain

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// The dispute lifecycle (矛盾纠纷), as the 人民调解法 (2010) and the 人民调解工作若干规定 have it
// (DESIGN.md, "Dispute lifecycle"; docs/DESIGN.md says what was followed where the law leaves room):
//
//	registered ─accept─▶ accepted ─start─▶ mediating ─resolve─▶ resolved ─close─▶ closed
//	     └─reject─▶ rejected                  │  session, extend       │ visit, urge, apply_confirmation,
//	                                          └─fail─▶ failed ─close─▶ │ confirmation_result, unperformed
var openDispute = []Status{StatusRegistered, StatusAccepted, StatusMediating, StatusResolved, StatusFailed, StatusReferred}

// beforeConclusion are the statuses in which a dispute may still move between committees or be referred out.
var beforeConclusion = []Status{StatusRegistered, StatusAccepted, StatusMediating}

// ConfirmationDays is how long after the agreement takes effect the parties may apply for judicial
// confirmation (人民调解法 art. 33).
const ConfirmationDays = 30

var disputeTransitions = []Transition{
	{Kind: KindDispute, Action: "accept", From: []Status{StatusRegistered}, To: StatusAccepted,
		Optional: []string{"note"}, effect: acceptDispute},
	{Kind: KindDispute, Action: "reject", From: []Status{StatusRegistered}, To: StatusRejected,
		Required: []string{"reason"}, Optional: []string{"rejectGround"}, effect: rejectDispute},
	{Kind: KindDispute, Action: "start", From: []Status{StatusAccepted}, To: StatusMediating,
		Required: []string{"mediators"}, Optional: []string{"note"}, effect: startMediation},
	{Kind: KindDispute, Action: "session", From: []Status{StatusMediating},
		Required: []string{"session"}, Optional: []string{"note"}, check: checkSession, effect: logSession},
	// Mediation goes on past its term with both parties' consent (人民调解法 art. 26 read with the term of
	// the 若干规定): as often as they agree, up to 30 days at a time.
	{Kind: KindDispute, Action: "extend", From: []Status{StatusMediating},
		Required: []string{"days", "reason"}, Optional: []string{"consentBy"}, check: checkConsent, effect: extendDispute},
	{Kind: KindDispute, Action: "resolve", From: []Status{StatusMediating}, To: StatusResolved,
		Required: []string{"agreement"}, Optional: []string{"prevented", "note"}, check: checkAgreement, effect: resolveDispute},
	{Kind: KindDispute, Action: "fail", From: []Status{StatusMediating}, To: StatusFailed,
		Required: []string{"failureReason", "redirect"}, Optional: []string{"prevented", "note"}, check: checkFailure, effect: failDispute},
	{Kind: KindDispute, Action: "visit", From: []Status{StatusResolved},
		Required: []string{"followUp"}, Optional: []string{"note"}, eventAt: followUpDate, eventAtField: "followUp.at", check: checkFollowUp, effect: visitDispute},
	{Kind: KindDispute, Action: "urge", From: []Status{StatusResolved},
		Required: []string{"note"}, effect: urgePerformance},
	{Kind: KindDispute, Action: "apply_confirmation", From: []Status{StatusResolved, StatusClosed}, Once: true,
		Required: []string{"court"}, Optional: []string{"note"}, fits: fitsConfirmation, effect: applyConfirmation},
	{Kind: KindDispute, Action: "confirmation_result", From: []Status{StatusResolved, StatusClosed}, Once: true,
		After: "apply_confirmation", Required: []string{"confirmation"}, Optional: []string{"note"}, effect: confirmationResult},
	{Kind: KindDispute, Action: "unperformed", From: []Status{StatusResolved},
		Required: []string{"route"}, Optional: []string{"note"}, fits: fitsUnperformed, effect: handleUnperformed},
	{Kind: KindDispute, Action: "report_back", From: []Status{StatusResolved, StatusFailed, StatusClosed}, Once: true,
		Required: []string{"note"}, fits: fitsReferral, effect: reportBack},
	// Moving between committees (移交; 三级联调 村→镇→县): the case's scope moves with it (Case.HeldIn). A
	// dispute under mediation goes back to 已受理: the receiving committee names its own mediators.
	{Kind: KindDispute, Action: "transfer", From: beforeConclusion,
		Required: []string{"committee", "reason"}, guard: guardRegistry, check: checkTransfer, effect: moveCommittee},
	{Kind: KindDispute, Action: "escalate", From: beforeConclusion, AtTownship: true,
		Required: []string{"reason"}, Optional: []string{"committee"}, guard: guardEscalate, check: checkEscalate, effect: moveCommittee},
	// Referral out (诉调/警调/访调对接) to a court, the police, a petition office or a department; after
	// acceptance it ends the mediation as 调解不成 (the figures count it so). The result comes back later.
	{Kind: KindDispute, Action: "refer_out", From: beforeConclusion, To: StatusReferred,
		Required: []string{"referTo", "reason"}, Optional: []string{"referUnit", "note"}, effect: referOut},
	{Kind: KindDispute, Action: "referral_result", From: []Status{StatusReferred}, To: StatusClosed,
		Required: []string{"note"}, effect: referralResult},
	{Kind: KindDispute, Action: "close", From: []Status{StatusResolved, StatusFailed}, To: StatusClosed,
		Optional: []string{"followUp", "note"}, eventAt: followUpDate, eventAtField: "followUp.at", check: checkClose, effect: closeDispute},
	{Kind: KindDispute, Action: "supervise", From: openDispute, By: Supervisor, Supervision: NoOpenSupervision,
		Required: []string{"note"}, Optional: []string{"feedbackBy"}, check: checkFeedbackBy, effect: supervise},
	{Kind: KindDispute, Action: "feedback", Supervision: OpenSupervision,
		Required: []string{"note"}, effect: answerSupervision},
}

func followUpDate(in *ActionInput) *time.Time {
	if in.FollowUp == nil {
		return nil
	}
	return &in.FollowUp.At
}

func checkSession(x *actContext) []FieldError {
	s := x.in.Session
	if bad := dateInRange("session.at", "调解时间", s.At); bad != nil {
		return bad
	}
	return notInFuture("session.at", "调解时间", s.At, x.now)
}

// checkConsent: the names of the parties who consented, when given, are parties of the case.
func checkConsent(x *actContext) []FieldError {
	for i, name := range x.in.ConsentBy {
		if !slices.ContainsFunc(x.c.Parties, func(p Party) bool { return p.Name == name }) {
			return []FieldError{{Field: fmt.Sprintf("consentBy[%d]", i), Message: "「" + name + "」不是本案当事人"}}
		}
	}
	return nil
}

func checkAgreement(x *actContext) []FieldError {
	a := x.in.Agreement
	var fields []FieldError
	if a.PerformBy != nil {
		fields = append(fields, dateInRange("agreement.performBy", "履行期限", *a.PerformBy)...)
	}
	if a.CreatesObligations != nil && *a.CreatesObligations && a.Type == "oral" {
		fields = append(fields, FieldError{Field: "agreement.type",
			Message: "协议设立民事权利义务的，应当制作书面调解协议（《人民调解工作若干规定》第三十四条），不能采用口头协议"})
	}
	return append(fields, checkPrevented(x.in.Prevented)...)
}

// checkFailure: the parties are told of the other routes (人民调解法 art. 26) unless the applicant withdrew or
// the parties settled it themselves.
func checkFailure(x *actContext) []FieldError {
	in := x.in
	if in.Redirect == "none" && in.FailureReason != "withdrawn" && in.FailureReason != "settled" {
		return []FieldError{{Field: "redirect", Message: "调解不成的，应当告知当事人可以依法通过仲裁、行政、司法等途径维护权利；只有申请人撤回申请或当事人自行和解的，才可以不告知"}}
	}
	return checkPrevented(in.Prevented)
}

func checkPrevented(ps []PreventionInput) []FieldError {
	seen := map[string]bool{}
	for i, p := range ps {
		if seen[p.Type] {
			return []FieldError{{Field: fmt.Sprintf("prevented[%d].type", i), Message: "同一预防类型只能填写一次"}}
		}
		seen[p.Type] = true
	}
	return nil
}

func checkFollowUp(x *actContext) []FieldError {
	f := x.in.FollowUp
	if bad := dateInRange("followUp.at", "回访时间", f.At); bad != nil {
		return bad
	}
	return notInFuture("followUp.at", "回访时间", f.At, x.now)
}

// checkClose: a resolved dispute is closed after its follow-up visit (given now, or recorded before); a
// failed one needs none (visits are for agreements).
func checkClose(x *actContext) []FieldError {
	if x.in.FollowUp != nil {
		return checkFollowUp(x)
	}
	if x.c.Status == StatusResolved && len(x.c.Dispute.Visits) == 0 && x.c.Dispute.FollowUp == nil && !(x.in.History && x.in.Unrecorded) {
		return []FieldError{{Field: "followUp", Message: "调解成功的纠纷须回访后才能结案，请填写回访情况"}}
	}
	return nil
}

// fitsConfirmation: judicial confirmation is for a written agreement, applied for within ConfirmationDays
// of the agreement.
func fitsConfirmation(st CaseState, at time.Time) error {
	if !st.Facts.WrittenAgreement {
		return ErrInvalidTransition.WithMessage("只有书面调解协议才能申请司法确认")
	}
	if resolved := st.Facts.ConcludedAt; !resolved.IsZero() && at.After(resolved.AddDate(0, 0, ConfirmationDays)) {
		return ErrInvalidTransition.WithMessage(fmt.Sprintf("司法确认应自调解协议生效之日起%d日内申请（截至%s）",
			ConfirmationDays, formatDate(resolved.AddDate(0, 0, ConfirmationDays))))
	}
	return nil
}

// fitsUnperformed: a route for an agreement not (fully) performed, once the visit found it so.
func fitsUnperformed(st CaseState, _ time.Time) error {
	if !st.Facts.Unperformed {
		return ErrInvalidTransition.WithMessage("回访记录的履行情况为部分履行或未履行时，才能选择重新调解或诉讼等途径")
	}
	return nil
}

// fitsReferral: the result is reported back to the court, police or office that referred the dispute.
func fitsReferral(st CaseState, _ time.Time) error {
	if !st.Facts.Referral {
		return ErrInvalidTransition.WithMessage("只有委托移送的纠纷才需要向移送单位反馈结果")
	}
	return nil
}

// conclusionAt is when the dispute was resolved or failed (zero: not yet).
func conclusionAt(c *Case) time.Time {
	for _, e := range c.Timeline {
		if e.Action == "resolve" || e.Action == "fail" {
			return e.At
		}
	}
	return time.Time{}
}

func acceptDispute(x *actContext) string {
	due := x.at.AddDate(0, 0, DisputeTermDays)
	x.c.AcceptedAt, x.c.DueAt = ptr(x.at), &due
	return joinNote(x.in.Note, "调解期限至"+formatDate(due))
}

func rejectDispute(x *actContext) string {
	d, in := x.c.Dispute, x.in
	d.RejectReason, d.RejectGround = in.Reason, in.RejectGround
	x.c.ClosedAt = ptr(x.at)
	if in.RejectGround != "" {
		return joinNote(LabelOf(RejectGrounds, in.RejectGround), in.Reason)
	}
	return in.Reason
}

// startMediation records the mediators; those not on the holding committee's roster are invited mediators
// (特邀调解员). A committee whose roster is not kept (empty) marks nobody.
func startMediation(x *actContext) string {
	d := x.c.Dispute
	d.Mediators = slices.Clone(x.in.Mediators)
	d.Invited = nil
	if cm, ok := x.in.Committees.Committee(x.c.HoldingCommittee()); ok && len(cm.Mediators) > 0 {
		for _, name := range x.in.Mediators {
			if !cm.HasMediator(name) {
				d.Invited = append(d.Invited, name)
			}
		}
	}
	invited := ""
	if len(d.Invited) > 0 {
		invited = "特邀调解员：" + strings.Join(d.Invited, "、")
	}
	return joinNote("调解员："+strings.Join(x.in.Mediators, "、"), invited, x.in.Note)
}

// guardRegistry: moving a case needs the registry of committees.
func guardRegistry(x *actContext) error {
	if x.in.Committees == nil {
		return ErrInvalidTransition.WithMessage("人民调解委员会名册不可用，不能移交")
	}
	return nil
}

// holding is the committee holding the case now.
func holding(x *actContext) Committee {
	cm, ok := x.in.Committees.Committee(x.c.HoldingCommittee())
	if !ok { // a township the tree no longer knows: its committee as recorded
		cm = Committee{ID: x.c.HoldingCommittee(), Name: x.c.Dispute.CommitteeName, Kind: "township", RegionCode: x.c.HeldIn()}
	}
	return cm
}

// checkTarget: the receiving committee exists, is active, takes disputes of the case's township and is not
// the one holding it.
func checkTarget(x *actContext, id string) []FieldError {
	bad := func(msg string) []FieldError { return []FieldError{{Field: "committee", Message: msg}} }
	cm, ok := x.in.Committees.Committee(id)
	switch {
	case !ok:
		return bad("人民调解委员会「" + id + "」不存在")
	case !cm.Active:
		return bad(cm.Name + "已停用")
	case !committeeCovers(x.regions, cm, x.c.TownshipCode):
		return bad(cm.Name + "不受理" + regionName(x.regions, x.c.TownshipCode) + "的纠纷")
	case cm.ID == x.c.HoldingCommittee():
		return bad("案件已由" + cm.Name + "办理")
	}
	return nil
}

func checkTransfer(x *actContext) []FieldError { return checkTarget(x, x.in.Committee) }

// escalationTarget is the committee one level up (三级联调): a village committee's township committee, a
// township's county committee; "" when the case is already at the county level.
func escalationTarget(x *actContext) string {
	switch holding(x).Level() {
	case 1:
		return x.c.TownshipCode
	case 2:
		return x.c.CountyCode
	}
	return ""
}

func guardEscalate(x *actContext) error {
	if err := guardRegistry(x); err != nil {
		return err
	}
	if escalationTarget(x) == "" {
		return ErrInvalidTransition.WithMessage("案件已由县级（行业性专业性）人民调解委员会办理，不能再提请上级调解")
	}
	return nil
}

// checkEscalate: a named committee stands one level above the holding one.
func checkEscalate(x *actContext) []FieldError {
	if x.in.Committee == "" {
		return checkTarget(x, escalationTarget(x))
	}
	if bad := checkTarget(x, x.in.Committee); bad != nil {
		return bad
	}
	cm, _ := x.in.Committees.Committee(x.in.Committee)
	if cm.Level() != holding(x).Level()+1 {
		return []FieldError{{Field: "committee", Message: "提请上级调解应报上一级人民调解委员会（村→乡镇→县），" + cm.Name + "不是" + holding(x).Name + "的上一级"}}
	}
	return nil
}

// moveCommittee hands the case to another committee (transfer or escalate) and records the move.
func moveCommittee(x *actContext) string {
	c, d := x.c, x.c.Dispute
	id := x.in.Committee
	if id == "" {
		id = escalationTarget(x)
	}
	from := holding(x)
	to, _ := x.in.Committees.Committee(id)
	d.Moves = append(slices.Clip(d.Moves), CommitteeMove{At: x.at, Kind: x.in.Action, From: from.ID, FromName: from.Name,
		To: to.ID, ToName: to.Name, Reason: x.in.Reason})
	placeWith(c, to)
	if c.Status == StatusMediating { // the receiving committee starts its own mediation
		c.Status = StatusAccepted
		d.Mediators, d.Invited = nil, nil
	}
	verb := "移交"
	if x.in.Action == "escalate" {
		verb = "提请上级调解，移交"
	}
	return joinNote(from.Name+verb+to.Name, x.in.Reason)
}

func referOut(x *actContext) string {
	c, in := x.c, x.in
	c.Dispute.Referral = &ReferralOut{At: x.at, To: in.ReferTo, Unit: in.ReferUnit, Reason: in.Reason}
	if c.AcceptedAt != nil {
		c.Outcome = OutcomeFailed
	}
	to := LabelOf(ReferTos, in.ReferTo)
	if in.ReferUnit != "" {
		to = in.ReferUnit
	}
	return joinNote("移送"+to, in.Reason, in.Note)
}

func referralResult(x *actContext) string {
	r := *x.c.Dispute.Referral
	r.Result, r.ResultAt = x.in.Note, ptr(x.at)
	x.c.Dispute.Referral = &r
	x.c.ClosedAt = ptr(x.at)
	return "移送结果反馈：" + x.in.Note
}

func logSession(x *actContext) string {
	d, s := x.c.Dispute, x.in.Session
	d.Sessions = append(slices.Clip(d.Sessions), Session{At: s.At, Mode: s.Mode, Record: s.Record})
	return joinNote(LabelOf(SessionModes, s.Mode)+"："+firstRunes(s.Record, 100), x.in.Note)
}

func extendDispute(x *actContext) string {
	d, in := x.c.Dispute, x.in
	e := Extension{At: x.at, Days: in.Days, Reason: in.Reason, ConsentBy: slices.Clone(in.ConsentBy)}
	d.Extension = &e
	d.Extensions = append(slices.Clip(d.Extensions), e)
	due := extendDue(x.c.DueAt, in.Days, x.at)
	x.c.DueAt = &due
	consent := "经当事人" + strings.Join(in.ConsentBy, "、") + "同意"
	if len(in.ConsentBy) == 0 {
		consent = "未记录同意延期的当事人"
	}
	return joinNote(fmt.Sprintf("延长调解期限%d天（至%s）", in.Days, formatDate(due)), consent, in.Reason)
}

func preventions(in []PreventionInput) []Prevention {
	out := make([]Prevention, len(in))
	for i, p := range in {
		out[i] = Prevention{Type: p.Type, People: p.People}
	}
	return out
}

func preventionNote(ps []PreventionInput) string {
	var parts []string
	for _, p := range ps {
		parts = append(parts, fmt.Sprintf("%s%d人", LabelOf(PreventionTypes, p.Type), p.People))
	}
	return strings.Join(parts, "、")
}

func resolveDispute(x *actContext) string {
	a, d := x.in.Agreement, x.c.Dispute
	d.Agreement = &Agreement{Type: a.Type, Terms: a.Terms, PerformBy: copyTime(a.PerformBy), Amount: a.Amount}
	if a.CreatesObligations != nil {
		v := *a.CreatesObligations
		d.Agreement.CreatesObligations = &v
	}
	d.Prevented = preventions(x.in.Prevented)
	x.c.Outcome = OutcomeResolved
	amount := ""
	if a.Amount > 0 {
		amount = "涉及金额" + a.Amount.String() + "元"
	}
	if a.Type == "" { // a ledger import that did not record the agreement (ActionInput.Unrecorded)
		return joinNote("调解协议："+UnrecordedNote, amount, preventionNote(x.in.Prevented), x.in.Note)
	}
	return joinNote(LabelOf(AgreementTypes, a.Type)+"："+firstRunes(a.Terms, 100), amount, preventionNote(x.in.Prevented), x.in.Note)
}

func failDispute(x *actContext) string {
	d, in := x.c.Dispute, x.in
	d.FailureReason, d.Redirect = in.FailureReason, in.Redirect
	d.Prevented = preventions(in.Prevented)
	x.c.Outcome = OutcomeFailed
	if in.FailureReason == "" && in.Redirect == "" { // a ledger import that did not record them
		return joinNote("终止原因、告知途径："+UnrecordedNote, preventionNote(in.Prevented), in.Note)
	}
	return joinNote("终止原因："+LabelOf(FailureReasons, in.FailureReason), "告知途径："+LabelOf(Redirects, in.Redirect),
		preventionNote(in.Prevented), in.Note)
}

// recordVisit keeps one follow-up visit; the latest also stands as followUp, and a recorded performance as
// the agreement's performance.
func recordVisit(x *actContext) string {
	d, f := x.c.Dispute, x.in.FollowUp
	v := Visit{At: f.At, Satisfaction: f.Satisfaction, Performance: f.Performance, Note: f.Note, By: x.by.Actor()}
	d.Visits = append(slices.Clip(d.Visits), v)
	d.FollowUp = &FollowUp{At: f.At, Satisfaction: f.Satisfaction, Note: f.Note}
	performance := ""
	if f.Performance != "" {
		d.Performance = f.Performance
		performance = "履行情况：" + LabelOf(Performances, f.Performance)
	}
	return joinNote("回访："+LabelOf(Satisfactions, f.Satisfaction), performance, f.Note)
}

func visitDispute(x *actContext) string {
	return joinNote(recordVisit(x), x.in.Note)
}

func urgePerformance(x *actContext) string { return "督促履行：" + x.in.Note }

func applyConfirmation(x *actContext) string {
	x.c.Dispute.Confirmation = &Confirmation{AppliedAt: x.at, Court: x.in.Court}
	return joinNote("向"+x.in.Court+"申请司法确认", x.in.Note)
}

func confirmationResult(x *actContext) string {
	c := *x.c.Dispute.Confirmation
	c.Result, c.DecidedAt = x.in.Confirmation, ptr(x.at)
	x.c.Dispute.Confirmation = &c
	return joinNote("司法确认："+LabelOf(ConfirmationResults, x.in.Confirmation), x.in.Note)
}

func handleUnperformed(x *actContext) string {
	x.c.Dispute.UnperformedRoute = x.in.Route
	return joinNote("协议未履行的处置："+LabelOf(UnperformedRoutes, x.in.Route), x.in.Note)
}

func reportBack(x *actContext) string {
	x.c.Dispute.ReportedBackAt = ptr(x.at)
	return joinNote("已向"+LabelOf(ReferralFroms, x.c.Dispute.ReferralFrom)+"反馈调解结果", x.in.Note)
}

func closeDispute(x *actContext) string {
	visit := ""
	if x.in.FollowUp != nil {
		visit = recordVisit(x)
	}
	x.c.ClosedAt = ptr(x.at)
	if x.in.FollowUp == nil && x.in.Unrecorded {
		visit = "已结案（" + UnrecordedNote + "回访）"
	}
	return joinNote(visit, x.in.Note)
}
