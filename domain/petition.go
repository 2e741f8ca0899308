package domain

import (
	"fmt"
	"slices"
	"time"
)

// The backlog petition lifecycle (信访积案), as such cases are worked (DESIGN.md, "Petition backlog lifecycle"):
// an office assigns (交办) a case to a township; the township signs for it (签收) or objects (异议退回, decided
// by the assigning office: 改交 or 收回); it names those responsible (三包), resolves it and applies for
// clearance (申请销号); the assigning office reviews the application (审核: 销号 or 退回). The clock runs from
// 交办 and stands still while an application awaits review.
//
//	received ─accept─▶ accepted ─assign─▶ resolving ─resolve─▶ resolved ─apply_clear─▶ reviewing ─clear─▶ cleared
//	  │ return                                ▲                                        │ reject_clear    │
//	  ▼                                       └────────────────────────────────────────┘                 │
//	returned ─reassign─▶ received                                       resolving ◀──────reopen──────────┘
//	    └─withdraw─▶ withdrawn
var openPetition = []Status{StatusReceived, StatusAccepted, StatusReturned, StatusResolving, StatusResolved, StatusReviewing}

// Terms of the petition lifecycle.
const (
	// ReturnWorkingDays: an objection is raised within 5 working days of 交办.
	ReturnWorkingDays = 5
	// ReviewTermDays: a 复查 or 复核 is answered within 30 days of the request (信访工作条例).
	ReviewTermDays = 30
	// DefaultSignDays: a case is signed for within 3 days of 交办 unless configured otherwise.
	DefaultSignDays = 3
)

// SignDays is how many days after 交办 a case is to be signed for; the server sets it from its configuration.
var SignDays = DefaultSignDays

var petitionTransitions = []Transition{
	{Kind: KindPetition, Action: "accept", From: []Status{StatusReceived}, To: StatusAccepted,
		Optional: []string{"note"}, effect: signPetition},
	{Kind: KindPetition, Action: "return", From: []Status{StatusReceived}, To: StatusReturned,
		Required: []string{"reason"}, fits: fitsReturn, effect: returnPetition},
	{Kind: KindPetition, Action: "reassign", From: []Status{StatusReturned}, To: StatusReceived, By: Assigner,
		Required: []string{"townshipCode"}, Optional: []string{"keepClock", "dueAt", "note"}, check: checkReassign, effect: reassignPetition},
	{Kind: KindPetition, Action: "withdraw", From: []Status{StatusReturned}, To: StatusWithdrawn, By: Assigner,
		Optional: []string{"note"}, effect: withdrawPetition},
	{Kind: KindPetition, Action: "assign", From: []Status{StatusAccepted}, To: StatusResolving,
		Required: []string{"leadLeader"}, Optional: []string{"responsibleUnit", "responsiblePerson", "plan", "note"}, effect: assignLeader},
	{Kind: KindPetition, Action: "change_lead", From: []Status{StatusResolving, StatusResolved, StatusReviewing},
		Optional: []string{"leadLeader", "responsibleUnit", "responsiblePerson", "note"}, check: checkChangeLead, effect: changeLead},
	{Kind: KindPetition, Action: "resolve", From: []Status{StatusResolving}, To: StatusResolved,
		Required: []string{"resolutionType"}, Optional: []string{"materials", "note"}, check: checkResolution, effect: resolvePetition},
	{Kind: KindPetition, Action: "apply_clear", From: []Status{StatusResolved}, To: StatusReviewing,
		Optional: []string{"note"}, effect: applyClear},
	{Kind: KindPetition, Action: "clear", From: []Status{StatusReviewing}, To: StatusCleared, By: Assigner,
		Optional: []string{"note"}, effect: clearPetition},
	{Kind: KindPetition, Action: "reject_clear", From: []Status{StatusReviewing}, To: StatusResolving, By: Assigner,
		Required: []string{"reason"}, effect: rejectClear},
	{Kind: KindPetition, Action: "extend", From: []Status{StatusReceived, StatusAccepted, StatusReturned, StatusResolving, StatusResolved},
		By: Assigner, Once: true, Required: []string{"days", "reason"}, Optional: []string{"approver"}, effect: extendPetition},
	{Kind: KindPetition, Action: "reopen", From: []Status{StatusCleared}, To: StatusResolving, By: Assigner,
		Required: []string{"reason", "dueAt"}, check: checkDueAt, effect: reopenPetition},
	{Kind: KindPetition, Action: "request_review", From: []Status{StatusResolved, StatusReviewing, StatusCleared},
		Required: []string{"reviewLevel"}, Optional: []string{"note"}, fits: fitsReviewRequest, guard: guardReviewRequest, effect: requestReview},
	{Kind: KindPetition, Action: "answer_review", From: []Status{StatusResolved, StatusReviewing, StatusCleared},
		Required: []string{"reviewLevel", "note"}, fits: fitsReviewAnswer, guard: guardReviewAnswer, effect: answerReview},
	{Kind: KindPetition, Action: "supervise", From: openPetition, By: Supervisor, Supervision: NoOpenSupervision,
		Required: []string{"note"}, Optional: []string{"feedbackBy"}, check: checkFeedbackBy, effect: supervise},
	{Kind: KindPetition, Action: "feedback", Supervision: OpenSupervision,
		Required: []string{"note"}, effect: answerSupervision},
}

// ReceivedAt is when the unit now holding a case received it: 交办, or the latest 改交. Its time to sign
// for the case and to object run from then.
func ReceivedAt(c *Case) time.Time {
	for i := len(c.Timeline) - 1; i >= 0; i-- {
		if c.Timeline[i].Action == "reassign" {
			return c.Timeline[i].At
		}
	}
	return c.AssignedAt()
}

// SignDue is when a case assigned at `assigned` is to be signed for.
func SignDue(assigned time.Time) time.Time { return assigned.AddDate(0, 0, SignDays) }

// ReturnDeadline is the end of the last day an objection to a case assigned at `assigned` may be raised:
// ReturnWorkingDays working days (Monday to Friday; public holidays are not known here) after 交办.
func ReturnDeadline(assigned time.Time) time.Time {
	d := DayStart(assigned)
	for n := 0; n < ReturnWorkingDays; {
		d = d.AddDate(0, 0, 1)
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n++
		}
	}
	return d.AddDate(0, 0, 1).Add(-time.Millisecond)
}

// fitsReturn: 异议退回 within ReturnWorkingDays working days of receiving the case (offered only then).
func fitsReturn(st CaseState, at time.Time) error {
	if st.Facts.ReceivedAt.IsZero() {
		return nil
	}
	if limit := ReturnDeadline(st.Facts.ReceivedAt); at.After(limit) {
		return ErrInvalidTransition.WithMessage(fmt.Sprintf("异议退回须在交办后%d个工作日内（截至%s）提出，已逾期，请先签收办理",
			ReturnWorkingDays, formatDate(limit)))
	}
	return nil
}

// checkReassign: another township inside the assigning office's region; a new deadline unless the clock
// is kept.
func checkReassign(x *actContext) []FieldError {
	in := x.in
	var fields []FieldError
	r, ok := x.regions.Get(in.TownshipCode)
	switch {
	case !ok || r.Level != LevelTownship:
		fields = append(fields, FieldError{Field: "townshipCode", Message: "改交的乡镇（街道）不存在或不是乡镇（街道）级区划"})
	case !x.regions.Contains(x.c.Petition.AssignerRegion, in.TownshipCode) && x.c.Petition.AssignerRegion != "":
		fields = append(fields, FieldError{Field: "townshipCode", Message: "只能改交到交办单位辖区内的乡镇（街道）"})
	case in.TownshipCode == x.c.TownshipCode:
		fields = append(fields, FieldError{Field: "townshipCode", Message: "改交须交给另一个乡镇（街道）"})
	}
	switch {
	case in.DueAt != nil:
	case !in.KeepClock:
		fields = append(fields, FieldError{Field: "dueAt", Message: "不保留原办结期限时，须重新确定办结期限"})
	case x.c.DueAt == nil: // a case stored before deadlines were set at 交办 has none to keep
		fields = append(fields, FieldError{Field: "dueAt", Message: "该案件没有原办结期限可保留，须确定办结期限"})
	}
	return append(fields, checkDueAt(x)...)
}

func checkChangeLead(x *actContext) []FieldError {
	in := x.in
	if in.LeadLeader == nil && in.ResponsibleUnit == "" && in.ResponsiblePerson == "" {
		return []FieldError{{Field: "leadLeader", Message: "请填写要调整的包案领导、责任单位或责任人"}}
	}
	return nil
}

// checkResolution: a case concluded by law (依法终结) has gone through 处理, 复查 and 复核, each with its
// written opinion among the materials.
func checkResolution(x *actContext) []FieldError {
	if x.in.ResolutionType != "concluded" {
		return nil
	}
	var missing []string
	for _, want := range []string{"opinion", "review_opinion", "recheck_opinion"} {
		have := slices.ContainsFunc(x.in.Materials, func(m MaterialInput) bool { return m.Type == want }) ||
			slices.ContainsFunc(x.c.Petition.Materials, func(m Material) bool { return m.Type == want })
		if !have {
			missing = append(missing, LabelOf(MaterialTypes, want))
		}
	}
	if len(missing) > 0 {
		return []FieldError{{Field: "materials", Message: "依法终结须处理、复查、复核三级程序均已终结，缺少：" + joinList(missing)}}
	}
	return nil
}

// fitsReviewRequest: 复查 of a written 处理意见书, one open request at a time.
func fitsReviewRequest(st CaseState, _ time.Time) error {
	if !st.Facts.Opinion {
		return ErrInvalidTransition.WithMessage("出具处理意见书后，才能登记复查、复核申请")
	}
	if st.Facts.OpenReview {
		return ErrInvalidTransition.WithMessage("已有尚未答复的复查（复核）申请，答复后才能再申请")
	}
	return nil
}

// guardReviewRequest: 复核 after the 复查 was answered.
func guardReviewRequest(x *actContext) error {
	p := x.c.Petition
	if x.in.ReviewLevel == "recheck" && !slices.ContainsFunc(p.Reviews, func(r Review) bool { return r.Level == "review" }) {
		return ErrInvalidTransition.WithMessage("复核须在复查之后申请")
	}
	return nil
}

// fitsReviewAnswer: a request awaits its answer.
func fitsReviewAnswer(st CaseState, _ time.Time) error {
	if !st.Facts.OpenReview {
		return ErrInvalidTransition.WithMessage("没有待答复的复查、复核申请")
	}
	return nil
}

// guardReviewAnswer: the answer is to the open request's level.
func guardReviewAnswer(x *actContext) error {
	if r := openReview(x.c.Petition); r == nil || r.Level != x.in.ReviewLevel {
		return ErrInvalidTransition.WithMessage("没有待答复的" + LabelOf(ReviewLevels, x.in.ReviewLevel) + "申请")
	}
	return nil
}

func openReview(p *PetitionInfo) *Review {
	for i := range p.Reviews {
		if p.Reviews[i].AnsweredAt == nil {
			return &p.Reviews[i]
		}
	}
	return nil
}

func signPetition(x *actContext) string {
	x.c.AcceptedAt = ptr(x.at)
	if due := SignDue(ReceivedAt(x.c)); x.at.After(due) {
		x.c.Petition.SignedLate = true
		return joinNote(fmt.Sprintf("逾期签收（应于%s签收）", due.In(Shanghai).Format("2006-01-02 15:04前")), x.in.Note)
	}
	return x.in.Note
}

func returnPetition(x *actContext) string {
	x.c.Petition.ReturnReason = x.in.Reason
	return "异议退回：" + x.in.Reason
}

func reassignPetition(x *actContext) string {
	c, in := x.c, x.in
	from := c.TownshipCode
	c.TownshipCode, c.CountyCode = in.TownshipCode, x.regions.CountyOf(in.TownshipCode)
	c.AcceptedAt = nil
	clock := "保留原办结期限"
	if !in.KeepClock || c.DueAt == nil {
		c.DueAt = copyTime(in.DueAt)
		clock = "办结期限重新确定"
	}
	clock += "（至" + formatDate(*c.DueAt) + "）"
	return joinNote(fmt.Sprintf("由%s改交%s", regionName(x.regions, from), regionName(x.regions, in.TownshipCode)), clock, in.Note)
}

func withdrawPetition(x *actContext) string {
	x.c.ClosedAt = ptr(x.at)
	return joinNote("交办单位收回", x.in.Note)
}

func assignLeader(x *actContext) string {
	p, in := x.c.Petition, x.in
	l := in.LeadLeader
	p.LeadLeader = &LeadLeader{Name: l.Name, Post: l.Post}
	p.ResponsibleUnit, p.ResponsiblePerson, p.Plan = in.ResponsibleUnit, in.ResponsiblePerson, in.Plan
	plan := ""
	if in.Plan != "" {
		plan = "化解方案：" + firstRunes(in.Plan, 100)
	}
	return joinNote(fmt.Sprintf("包案领导：%s（%s）", l.Name, l.Post), owners(in.ResponsibleUnit, in.ResponsiblePerson), plan, in.Note)
}

func owners(unit, person string) string {
	var parts []string
	if unit != "" {
		parts = append(parts, "责任单位："+unit)
	}
	if person != "" {
		parts = append(parts, "责任人："+person)
	}
	return joinNote(parts...)
}

func changeLead(x *actContext) string {
	p, in := x.c.Petition, x.in
	var changed []string
	if l := in.LeadLeader; l != nil {
		p.LeadLeader = &LeadLeader{Name: l.Name, Post: l.Post}
		changed = append(changed, fmt.Sprintf("包案领导调整为%s（%s）", l.Name, l.Post))
	}
	if in.ResponsibleUnit != "" {
		p.ResponsibleUnit = in.ResponsibleUnit
		changed = append(changed, "责任单位调整为"+in.ResponsibleUnit)
	}
	if in.ResponsiblePerson != "" {
		p.ResponsiblePerson = in.ResponsiblePerson
		changed = append(changed, "责任人调整为"+in.ResponsiblePerson)
	}
	return joinNote(append(changed, in.Note)...)
}

func resolvePetition(x *actContext) string {
	p, in := x.c.Petition, x.in
	p.ResolutionType = in.ResolutionType
	var names []string
	for _, m := range in.Materials {
		p.Materials = append(slices.Clip(p.Materials), Material{Type: m.Type, Date: copyTime(m.Date), Note: m.Note})
		names = append(names, LabelOf(MaterialTypes, m.Type))
	}
	material := ""
	if len(names) > 0 {
		material = "材料：" + joinList(names)
	}
	return joinNote(LabelOf(ResolutionTypes, in.ResolutionType), material, in.Note)
}

func applyClear(x *actContext) string {
	x.c.Petition.AppliedAt = ptr(x.at)
	return joinNote("申请销号，办结期限暂停计算", x.in.Note)
}

func clearPetition(x *actContext) string {
	p := x.c.Petition
	p.ClearedAt, p.AppliedAt = ptr(x.at), nil
	x.c.ClosedAt = ptr(x.at)
	return joinNote("审核通过，予以销号", x.in.Note)
}

// rejectClear sends an application back; the deadline moves on by the time the application spent in review.
func rejectClear(x *actContext) string {
	c, p := x.c, x.c.Petition
	note := "审核退回：" + x.in.Reason
	if p.AppliedAt != nil && c.DueAt != nil {
		due := c.DueAt.Add(x.at.Sub(*p.AppliedAt))
		c.DueAt = &due
		note = joinNote(note, "办结期限顺延至"+formatDate(due))
	}
	p.AppliedAt = nil
	return note
}

func extendPetition(x *actContext) string {
	p, in := x.c.Petition, x.in
	approver := in.Approver
	if approver == "" {
		approver = x.by.Name
	}
	p.Extension = &Extension{At: x.at, Days: in.Days, Approver: approver, Reason: in.Reason}
	due := extendDue(x.c.DueAt, in.Days, x.at)
	x.c.DueAt = &due
	return joinNote(fmt.Sprintf("延期%d天（批准：%s，期限至%s）", in.Days, approver, formatDate(due)), in.Reason)
}

func reopenPetition(x *actContext) string {
	c, p := x.c, x.c.Petition
	p.RepeatCount++
	p.ClearedAt = nil
	c.ClosedAt = nil
	c.DueAt = copyTime(x.in.DueAt)
	return joinNote("反弹重启："+x.in.Reason, fmt.Sprintf("第%d次反弹", p.RepeatCount), "办结期限至"+formatDate(*c.DueAt))
}

func requestReview(x *actContext) string {
	p, in := x.c.Petition, x.in
	due := x.at.AddDate(0, 0, ReviewTermDays)
	p.Reviews = append(slices.Clip(p.Reviews), Review{Level: in.ReviewLevel, RequestedAt: x.at, DueBy: due})
	return joinNote(fmt.Sprintf("信访人申请%s，应于%s前答复", LabelOf(ReviewLevels, in.ReviewLevel), formatDate(due)), in.Note)
}

func answerReview(x *actContext) string {
	p := x.c.Petition
	p.Reviews = slices.Clone(p.Reviews)
	r := openReview(p)
	r.AnsweredAt, r.Answer = ptr(x.at), x.in.Note
	return LabelOf(ReviewLevels, r.Level) + "意见：" + x.in.Note
}

func regionName(regions *RegionTree, code string) string {
	if r, ok := regions.Get(code); ok {
		return r.Name
	}
	return code
}

func joinList(items []string) string {
	out := ""
	for i, s := range items {
		if i > 0 {
			out += "、"
		}
		out += s
	}
	return out
}
