package domain

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"
)

// SupervisionRule says what a transition needs of the case's supervision (督办) state.
type SupervisionRule int

const (
	AnySupervision    SupervisionRule = iota // the supervision state does not matter
	NoOpenSupervision                        // refused while a supervision awaits feedback
	OpenSupervision                          // needs a supervision awaiting feedback
)

// Transition is one row of a lifecycle: what an action does to a case of one kind.
// Who may do it is decided by CanAct (scope.go); everything else about an action is here.
type Transition struct {
	Kind   Kind
	Action string
	From   []Status // statuses that allow the action; nil = any status
	To     Status   // "" = the status stays
	// Required and Optional name the input fields (JSON names) the action reads; all others are ignored.
	Required    []string
	Optional    []string
	Once        bool // at most once per case (counted on the timeline)
	Supervision SupervisionRule

	// check applies the rules tags cannot express; at is when the action happened, now when it is recorded.
	check func(c *Case, in *ActionInput, at, now time.Time) []FieldError
	// effect sets what the action changes, as of at (when it happened), and returns the timeline note.
	effect func(c *Case, in *ActionInput, by Actor, at time.Time) string
}

var (
	openDispute  = []Status{StatusRegistered, StatusAccepted, StatusMediating, StatusResolved, StatusFailed}
	openPetition = []Status{StatusReceived, StatusAccepted, StatusResolving, StatusResolved}
)

// Transitions are both lifecycles (DESIGN.md; API.md, Actions), in the order actions are offered.
var Transitions = []Transition{
	{Kind: KindDispute, Action: "accept", From: []Status{StatusRegistered}, To: StatusAccepted,
		Optional: []string{"note"}, effect: acceptDispute},
	{Kind: KindDispute, Action: "reject", From: []Status{StatusRegistered}, To: StatusRejected,
		Required: []string{"reason"}, effect: rejectDispute},
	{Kind: KindDispute, Action: "start", From: []Status{StatusAccepted}, To: StatusMediating,
		Required: []string{"mediators"}, Optional: []string{"note"}, effect: startMediation},
	{Kind: KindDispute, Action: "session", From: []Status{StatusMediating},
		Required: []string{"session"}, Optional: []string{"note"}, check: checkSession, effect: logSession},
	{Kind: KindDispute, Action: "extend", From: []Status{StatusMediating}, Once: true,
		Required: []string{"days", "reason"}, effect: extendDispute},
	{Kind: KindDispute, Action: "resolve", From: []Status{StatusMediating}, To: StatusResolved,
		Required: []string{"agreement"}, Optional: []string{"note"}, check: checkAgreement, effect: resolveDispute},
	{Kind: KindDispute, Action: "fail", From: []Status{StatusMediating}, To: StatusFailed,
		Required: []string{"failureReason", "redirect"}, Optional: []string{"note"}, effect: failDispute},
	{Kind: KindDispute, Action: "close", From: []Status{StatusResolved, StatusFailed}, To: StatusClosed,
		Required: []string{"followUp"}, Optional: []string{"note"}, check: checkFollowUp, effect: closeDispute},
	{Kind: KindDispute, Action: "supervise", From: openDispute, Supervision: NoOpenSupervision,
		Required: []string{"note"}, Optional: []string{"feedbackBy"}, check: checkFeedbackBy, effect: supervise},
	{Kind: KindDispute, Action: "feedback", Supervision: OpenSupervision,
		Required: []string{"note"}, effect: answerSupervision},

	{Kind: KindPetition, Action: "accept", From: []Status{StatusReceived}, To: StatusAccepted,
		Optional: []string{"note"}, effect: acceptPetition},
	{Kind: KindPetition, Action: "return", From: []Status{StatusReceived}, To: StatusReturned,
		Required: []string{"reason"}, effect: returnPetition},
	{Kind: KindPetition, Action: "assign", From: []Status{StatusAccepted}, To: StatusResolving,
		Required: []string{"leadLeader"}, Optional: []string{"plan", "note"}, effect: assignLeader},
	{Kind: KindPetition, Action: "extend", From: []Status{StatusAccepted, StatusResolving}, Once: true,
		Required: []string{"days", "approver"}, Optional: []string{"reason"}, effect: extendPetition},
	{Kind: KindPetition, Action: "resolve", From: []Status{StatusResolving}, To: StatusResolved,
		Required: []string{"resolutionType"}, Optional: []string{"note"}, effect: resolvePetition},
	{Kind: KindPetition, Action: "clear", From: []Status{StatusResolved}, To: StatusCleared,
		Optional: []string{"note"}, effect: clearPetition},
	{Kind: KindPetition, Action: "reopen", From: []Status{StatusCleared}, To: StatusResolving,
		Required: []string{"reason"}, Optional: []string{"dueAt"}, check: checkDueAt, effect: reopenPetition},
	{Kind: KindPetition, Action: "supervise", From: openPetition, Supervision: NoOpenSupervision,
		Required: []string{"note"}, Optional: []string{"feedbackBy"}, check: checkFeedbackBy, effect: supervise},
	{Kind: KindPetition, Action: "feedback", Supervision: OpenSupervision,
		Required: []string{"note"}, effect: answerSupervision},
}

// ActionInput is the body of POST /api/v1/cases/{id}/actions. Each action reads only the fields its
// transition names; the others are ignored, so a form may send what it has.
type ActionInput struct {
	Action         string           `json:"action" label:"操作"`
	Version        int              `json:"version" label:"版本号"`
	Note           string           `json:"note" validate:"max=2000,multiline" label:"备注"`
	Reason         string           `json:"reason" validate:"max=2000,multiline" label:"原因"`
	Mediators      []string         `json:"mediators" validate:"max=20,dive,required,max=50,singleline" label:"调解员"`
	Session        *SessionInput    `json:"session" label:"调解记录"`
	Days           int              `json:"days" validate:"omitempty,min=1,max=30" label:"延长天数"`
	Agreement      *AgreementInput  `json:"agreement" label:"调解协议"`
	FailureReason  string           `json:"failureReason" validate:"omitempty,enum=failureReason" label:"终止原因"`
	Redirect       string           `json:"redirect" validate:"omitempty,enum=redirect" label:"告知途径"`
	FollowUp       *FollowUpInput   `json:"followUp" label:"回访"`
	LeadLeader     *LeadLeaderInput `json:"leadLeader" label:"包案领导"`
	Plan           string           `json:"plan" validate:"max=5000,multiline" label:"化解方案"`
	Approver       string           `json:"approver" validate:"max=50,singleline" label:"批准人"`
	ResolutionType string           `json:"resolutionType" validate:"omitempty,enum=resolutionType" label:"化解方式"`
	DueAt          *time.Time       `json:"dueAt" label:"办结期限"`
	FeedbackBy     *time.Time       `json:"feedbackBy" label:"反馈期限"`
	// At is when the action really happened (default: now). A bare date means that day, as late in it as
	// the clock allows.
	At *time.Time `json:"at" label:"发生时间"`
	// History marks an action replayed from a recorded history (a ledger import, demo data): it may lie
	// further back than MaxBackdateDays. Never read from a request body.
	History bool `json:"-"`

	atDateOnly bool // At was given as a bare date
}

// SessionInput is one mediation session (调解记录).
type SessionInput struct {
	At     time.Time `json:"at" validate:"required" label:"调解时间"`
	Mode   string    `json:"mode" validate:"required,enum=sessionMode" label:"调解方式"`
	Record string    `json:"record" validate:"required,max=5000,multiline" label:"调解记录"`
}

// AgreementInput is the mediation agreement (调解协议).
type AgreementInput struct {
	Type      string     `json:"type" validate:"required,enum=agreementType" label:"协议类型"`
	Terms     string     `json:"terms" validate:"required,max=5000,multiline" label:"协议内容"`
	PerformBy *time.Time `json:"performBy" label:"履行期限"`
}

// FollowUpInput is the follow-up visit (回访).
type FollowUpInput struct {
	At           time.Time `json:"at" validate:"required" label:"回访时间"`
	Satisfaction string    `json:"satisfaction" validate:"required,enum=satisfaction" label:"满意度"`
	Note         string    `json:"note" validate:"max=2000,multiline" label:"回访情况"`
}

// LeadLeaderInput names the leader responsible for a petition case (包案领导).
type LeadLeaderInput struct {
	Name string `json:"name" validate:"required,max=50,singleline" label:"包案领导姓名"`
	Post string `json:"post" validate:"required,max=50,singleline" label:"包案领导职务"`
}

// transitionFor finds the row of an action for a kind.
func transitionFor(kind Kind, action string) (*Transition, bool) {
	for i := range Transitions {
		if t := &Transitions[i]; t.Kind == kind && t.Action == action {
			return t, true
		}
	}
	return nil, false
}

// Apply performs one action on a case. Checks run in this order; the first failing one answers and
// leaves c untouched:
//
//	(a) the case lies outside the caller's scope          → ErrCaseNotFound (404, existence is not leaked)
//	(b) action missing or unknown for the kind, version<1 → 422 on "action" / "version"
//	(c) the caller's role may not do the action           → ErrForbidden (403)
//	(d) version is not the case's version                 → ErrVersionConflict (409)
//	(e) the status, once-only rule or 督办 state refuses   → ErrInvalidTransition (409, message says why)
//	(f) the fields the action reads break a rule          → 422 naming each field; among them `at`: not in
//	    the future, not before the case's previous event, at most MaxBackdateDays back (History excepted)
//
// Then it sets the new state as of `at`, bumps Version, sets UpdatedAt (now) and appends exactly one timeline
// entry that keeps both when the action happened (at) and when it was recorded (now), and by whom.
// Sub-documents and slices it changes are copied first, so shallow copies of c taken before stay as they were.
func Apply(c *Case, in ActionInput, by *User, regions *RegionTree, now time.Time) error {
	if !ScopeOf(by).Sees(regions, c.Kind, c.TownshipCode) {
		return ErrCaseNotFound
	}
	in = cloneInput(in)
	TrimStrings(&in)
	t, err := lookupAction(c.Kind, in.Action, in.Version)
	if err != nil {
		return err
	}
	if !CanAct(by.Role, c.Kind, t.Action) {
		return ErrForbidden
	}
	if in.Version != c.Version {
		return ErrVersionConflict
	}
	if err := t.allows(c.State()); err != nil {
		return err
	}
	at := eventTime(in, now)
	in, err = t.readInput(c, in, at, now)
	if err != nil {
		return err
	}

	from := c.Status
	detach(c)
	note := t.effect(c, &in, by.Actor(), at)
	if t.To != "" {
		c.Status = t.To
	}
	c.Version++
	c.UpdatedAt = now
	c.Timeline = append(slices.Clip(c.Timeline), TimelineEntry{
		At: at, RecordedAt: now, Actor: by.Actor(), Action: t.Action, From: from, To: c.Status, Note: note,
	})
	return nil
}

// Replay applies an action of a recorded history (a ledger row): it happened at `at` and is recorded now,
// however long ago `at` lies.
func Replay(c *Case, in ActionInput, by *User, regions *RegionTree, at, now time.Time) error {
	in.At, in.History = &at, true
	return Apply(c, in, by, regions, now)
}

// MaxBackdateDays is how far back an action may be dated when recorded by hand; older events come in
// through a ledger import.
const MaxBackdateDays = 90

// eventTime is when the action happened: its `at`, else now; a bare date is that day, as late as now allows.
func eventTime(in ActionInput, now time.Time) time.Time {
	if in.At == nil {
		return now
	}
	at := in.At.Truncate(time.Millisecond).In(Shanghai)
	if in.atDateOnly && at.After(now) {
		return now
	}
	return at
}

// checkAt checks when an action happened: not in the future (clock skew allowed), not before the case's
// previous event, in 2000–2099, and at most MaxBackdateDays back unless replayed from a recorded history.
func checkAt(c *Case, in *ActionInput, at, now time.Time) []FieldError {
	bad := func(msg string) []FieldError { return []FieldError{{Field: "at", Message: msg}} }
	switch {
	case at.Before(earliestRegistration) || !at.Before(latestDate):
		return bad("发生时间应在2000年至2099年之间")
	case at.After(now.Add(clockSkew)):
		return bad("发生时间不能晚于当前时间")
	case !in.History && at.Before(now.AddDate(0, 0, -MaxBackdateDays)):
		return bad(fmt.Sprintf("发生时间只能补录%d天以内的，更早的事项请通过台账导入", MaxBackdateDays))
	}
	if n := len(c.Timeline); n > 0 && at.Before(c.Timeline[n-1].At) {
		prev := c.Timeline[n-1]
		return bad(fmt.Sprintf("发生时间不能早于上一步「%s」（%s）", ActionLabel(c.Kind, prev.Action),
			prev.At.In(Shanghai).Format("2006-01-02 15:04")))
	}
	return nil
}

// AllowedActions lists, in table order, the actions Apply would accept from this user right now given
// valid fields: scope, role, status, the once-only rule and the 督办 state all hold. Never nil.
func AllowedActions(st CaseState, by *User, regions *RegionTree) []string {
	out := []string{}
	if by == nil || !ScopeOf(by).Sees(regions, st.Kind, st.TownshipCode) {
		return out
	}
	for i := range Transitions {
		t := &Transitions[i]
		if t.Kind == st.Kind && CanAct(by.Role, st.Kind, t.Action) && t.allows(st) == nil {
			out = append(out, t.Action)
		}
	}
	return out
}

// lookupAction checks (b): the action names a transition of the kind and the version is given.
func lookupAction(kind Kind, action string, version int) (*Transition, error) {
	var fields []FieldError
	t, ok := transitionFor(kind, action)
	switch {
	case action == "":
		fields = append(fields, FieldError{Field: "action", Message: "操作为必填字段"})
	case !ok && IsValid(Actions, action):
		fields = append(fields, FieldError{Field: "action", Message: fmt.Sprintf("%s没有「%s」操作", LabelOf(Kinds, string(kind)), ActionLabel(kind, action))})
	case !ok:
		fields = append(fields, FieldError{Field: "action", Message: fmt.Sprintf("未知操作：%s", action)})
	}
	if version < 1 {
		fields = append(fields, FieldError{Field: "version", Message: "版本号为必填字段，且不能小于1"})
	}
	if len(fields) > 0 {
		return nil, Invalid(fields...)
	}
	return t, nil
}

// allows checks (e): the case's status, the once-only rule and the supervision state.
func (t *Transition) allows(st CaseState) error {
	if t.From != nil && !slices.Contains(t.From, st.Status) {
		if t.Action == "supervise" && !IsOpen(st.Status) {
			return ErrInvalidTransition.WithMessage(fmt.Sprintf("案件已办结（%s），不能督办", StatusLabel(st.Kind, st.Status)))
		}
		return ErrInvalidTransition.WithMessage(fmt.Sprintf("案件当前状态为「%s」，不能%s", StatusLabel(st.Kind, st.Status), ActionLabel(st.Kind, t.Action)))
	}
	if t.Once && st.Used.Has(t.Action) {
		if t.Action == "extend" {
			return ErrInvalidTransition.WithMessage("期限只能延长一次")
		}
		return ErrInvalidTransition.WithMessage(fmt.Sprintf("「%s」只能进行一次", ActionLabel(st.Kind, t.Action)))
	}
	switch open := st.OpenSupervision; {
	case t.Supervision == NoOpenSupervision && open:
		return ErrInvalidTransition.WithMessage("该案件已有督办尚未反馈，不能重复督办")
	case t.Supervision == OpenSupervision && !open:
		return ErrInvalidTransition.WithMessage("该案件没有待反馈的督办")
	}
	return nil
}

// readInput checks (f): it keeps only the fields the transition reads, requires the required ones and
// validates them. It returns the input the effect may trust.
func (t *Transition) readInput(c *Case, in ActionInput, at, now time.Time) (ActionInput, error) {
	used := map[string]bool{"action": true, "version": true, "at": true}
	for _, f := range t.Optional {
		used[f] = true
	}
	for _, f := range t.Required {
		used[f] = true
	}
	v := reflect.ValueOf(&in).Elem()
	byName := make(map[string]int, v.NumField())
	for i := 0; i < v.NumField(); i++ {
		sf := v.Type().Field(i)
		name := jsonName(sf)
		if !sf.IsExported() || name == "-" { // not from the body: how the input was made
			continue
		}
		byName[name] = i
		if !used[name] {
			v.Field(i).SetZero()
		}
	}

	var fields []FieldError
	for _, name := range t.Required {
		i, ok := byName[name]
		if !ok {
			panic(fmt.Sprintf("transition %s/%s requires unknown field %q", t.Kind, t.Action, name))
		}
		sf, f := v.Type().Field(i), v.Field(i)
		label := sf.Tag.Get("label")
		switch {
		case f.Kind() == reflect.Pointer && f.IsNil() && f.Type().Elem().Kind() == reflect.Struct && f.Type().Elem() != reflect.TypeFor[time.Time]():
			f.Set(reflect.New(f.Type().Elem())) // validating the empty sub-document names each missing part
		case f.Kind() == reflect.Slice && f.Len() == 0:
			fields = append(fields, FieldError{Field: name, Message: label + "至少需要1项"})
		case f.IsZero():
			fields = append(fields, FieldError{Field: name, Message: label + "为必填字段"})
		}
	}
	if err := Validate(in); err != nil {
		var e *Error
		if !errors.As(err, &e) {
			return in, err
		}
		fields = append(fields, e.Fields...)
	}
	fields = append(fields, checkAt(c, &in, at, now)...)
	if len(fields) == 0 && t.check != nil {
		fields = t.check(c, &in, at, now)
	}
	if len(fields) > 0 {
		return in, Invalid(fields...)
	}
	return in, nil
}

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return name
}

// cloneInput copies what TrimStrings and readInput would otherwise change in the caller's input.
func cloneInput(in ActionInput) ActionInput {
	in.Mediators = slices.Clone(in.Mediators)
	if in.Session != nil {
		s := *in.Session
		in.Session = &s
	}
	if in.Agreement != nil {
		a := *in.Agreement
		in.Agreement = &a
	}
	if in.FollowUp != nil {
		f := *in.FollowUp
		in.FollowUp = &f
	}
	if in.LeadLeader != nil {
		l := *in.LeadLeader
		in.LeadLeader = &l
	}
	return in
}

// detach copies the sub-documents and slices effects change, so the case shares nothing mutable with
// copies made before Apply.
func detach(c *Case) {
	if c.Dispute != nil {
		d := *c.Dispute
		c.Dispute = &d
	}
	if c.Petition != nil {
		p := *c.Petition
		c.Petition = &p
	}
	c.Supervisions = slices.Clone(c.Supervisions)
}

// Field checks that need the clock or the case.

func notInFuture(field, label string, at, now time.Time) []FieldError {
	if at.After(now.Add(clockSkew)) {
		return []FieldError{{Field: field, Message: label + "不能晚于当前时间"}}
	}
	return nil
}

// latestDate bounds deadlines from above, as earliestRegistration bounds every date from below: a date
// outside them is a typo, and would count as overdue at once or never.
var latestDate = time.Date(2100, 1, 1, 0, 0, 0, 0, Shanghai)

// dateInRange checks that a date lies between 2000 and 2099.
func dateInRange(field, label string, at time.Time) []FieldError {
	if at.Before(earliestRegistration) || !at.Before(latestDate) {
		return []FieldError{{Field: field, Message: label + "应在2000年至2099年之间"}}
	}
	return nil
}

func checkSession(_ *Case, in *ActionInput, _, now time.Time) []FieldError {
	if bad := dateInRange("session.at", "调解时间", in.Session.At); bad != nil {
		return bad
	}
	return notInFuture("session.at", "调解时间", in.Session.At, now)
}

func checkAgreement(_ *Case, in *ActionInput, _, _ time.Time) []FieldError {
	if p := in.Agreement.PerformBy; p != nil {
		return dateInRange("agreement.performBy", "履行期限", *p)
	}
	return nil
}

func checkFollowUp(_ *Case, in *ActionInput, _, now time.Time) []FieldError {
	if bad := dateInRange("followUp.at", "回访时间", in.FollowUp.At); bad != nil {
		return bad
	}
	return notInFuture("followUp.at", "回访时间", in.FollowUp.At, now)
}

// checkFeedbackBy: a feedback date after the 督办 itself (a 督办 recorded late may already be due).
func checkFeedbackBy(_ *Case, in *ActionInput, at, _ time.Time) []FieldError {
	if in.FeedbackBy != nil && !in.FeedbackBy.Before(latestDate) {
		return dateInRange("feedbackBy", "反馈期限", *in.FeedbackBy)
	}
	if in.FeedbackBy != nil && !in.FeedbackBy.After(at) {
		return []FieldError{{Field: "feedbackBy", Message: "反馈期限必须晚于督办时间"}}
	}
	return nil
}

// checkDueAt: a new deadline after the action that sets it.
func checkDueAt(_ *Case, in *ActionInput, at, _ time.Time) []FieldError {
	if in.DueAt != nil && !in.DueAt.Before(latestDate) {
		return dateInRange("dueAt", "办结期限", *in.DueAt)
	}
	if in.DueAt != nil && !in.DueAt.After(at) {
		return []FieldError{{Field: "dueAt", Message: "办结期限必须晚于发生时间"}}
	}
	return nil
}

// Effects: each sets what its action changes (status, version and timeline are Apply's) and returns
// the timeline note.

func acceptDispute(c *Case, in *ActionInput, _ Actor, now time.Time) string {
	due := now.AddDate(0, 0, DisputeTermDays)
	c.AcceptedAt, c.DueAt = ptr(now), &due
	return joinNote(in.Note, "调解期限至"+formatDate(due))
}

func rejectDispute(c *Case, in *ActionInput, _ Actor, now time.Time) string {
	c.Dispute.RejectReason = in.Reason
	c.ClosedAt = ptr(now)
	return in.Reason
}

func startMediation(c *Case, in *ActionInput, _ Actor, _ time.Time) string {
	c.Dispute.Mediators = slices.Clone(in.Mediators)
	return joinNote("调解员："+strings.Join(in.Mediators, "、"), in.Note)
}

func logSession(c *Case, in *ActionInput, _ Actor, _ time.Time) string {
	s := in.Session
	c.Dispute.Sessions = append(slices.Clip(c.Dispute.Sessions), Session{At: s.At, Mode: s.Mode, Record: s.Record})
	return joinNote(LabelOf(SessionModes, s.Mode)+"："+firstRunes(s.Record, 100), in.Note)
}

func extendDispute(c *Case, in *ActionInput, _ Actor, now time.Time) string {
	c.Dispute.Extension = &Extension{At: now, Days: in.Days, Reason: in.Reason}
	due := extendDue(c.DueAt, in.Days, now)
	c.DueAt = &due
	return fmt.Sprintf("延期%d天：%s（期限至%s）", in.Days, in.Reason, formatDate(due))
}

func resolveDispute(c *Case, in *ActionInput, _ Actor, _ time.Time) string {
	a := in.Agreement
	c.Dispute.Agreement = &Agreement{Type: a.Type, Terms: a.Terms, PerformBy: copyTime(a.PerformBy)}
	c.Outcome = OutcomeResolved
	return joinNote(LabelOf(AgreementTypes, a.Type)+"："+firstRunes(a.Terms, 100), in.Note)
}

func failDispute(c *Case, in *ActionInput, _ Actor, _ time.Time) string {
	c.Dispute.FailureReason, c.Dispute.Redirect = in.FailureReason, in.Redirect
	c.Outcome = OutcomeFailed
	return joinNote("终止原因："+LabelOf(FailureReasons, in.FailureReason), "告知途径："+LabelOf(Redirects, in.Redirect), in.Note)
}

func closeDispute(c *Case, in *ActionInput, _ Actor, now time.Time) string {
	f := in.FollowUp
	c.Dispute.FollowUp = &FollowUp{At: f.At, Satisfaction: f.Satisfaction, Note: f.Note}
	c.ClosedAt = ptr(now)
	return joinNote("回访："+LabelOf(Satisfactions, f.Satisfaction), f.Note, in.Note)
}

func acceptPetition(c *Case, in *ActionInput, _ Actor, now time.Time) string {
	due := now.AddDate(0, 0, PetitionTermDays)
	if c.Petition.DueAt != nil {
		due = *c.Petition.DueAt // the assigning office's deadline wins
	}
	c.AcceptedAt, c.DueAt = ptr(now), &due
	return joinNote(in.Note, "办结期限至"+formatDate(due))
}

func returnPetition(c *Case, in *ActionInput, _ Actor, now time.Time) string {
	c.Petition.ReturnReason = in.Reason
	c.ClosedAt = ptr(now)
	return in.Reason
}

func assignLeader(c *Case, in *ActionInput, _ Actor, _ time.Time) string {
	l := in.LeadLeader
	c.Petition.LeadLeader = &LeadLeader{Name: l.Name, Post: l.Post}
	c.Petition.Plan = in.Plan
	plan := ""
	if in.Plan != "" {
		plan = "化解方案：" + firstRunes(in.Plan, 100)
	}
	return joinNote(fmt.Sprintf("包案领导：%s（%s）", l.Name, l.Post), plan, in.Note)
}

func extendPetition(c *Case, in *ActionInput, _ Actor, now time.Time) string {
	c.Petition.Extension = &Extension{At: now, Days: in.Days, Approver: in.Approver, Reason: in.Reason}
	due := extendDue(c.DueAt, in.Days, now)
	c.DueAt = &due
	return joinNote(fmt.Sprintf("延期%d天（批准人：%s，期限至%s）", in.Days, in.Approver, formatDate(due)), in.Reason)
}

func resolvePetition(c *Case, in *ActionInput, _ Actor, _ time.Time) string {
	c.Petition.ResolutionType = in.ResolutionType
	return joinNote(LabelOf(ResolutionTypes, in.ResolutionType), in.Note)
}

func clearPetition(c *Case, in *ActionInput, _ Actor, now time.Time) string {
	c.Petition.ClearedAt = ptr(now)
	c.ClosedAt = ptr(now)
	return in.Note
}

func reopenPetition(c *Case, in *ActionInput, _ Actor, _ time.Time) string {
	c.Petition.RepeatCount++
	c.Petition.ClearedAt = nil
	c.ClosedAt = nil
	due := ""
	if in.DueAt != nil {
		c.DueAt = ptr(*in.DueAt)
		due = "办结期限至" + formatDate(*in.DueAt)
	}
	return joinNote(in.Reason, fmt.Sprintf("第%d次重新启动", c.Petition.RepeatCount), due)
}

func supervise(c *Case, in *ActionInput, by Actor, now time.Time) string {
	feedbackBy := now.AddDate(0, 0, DefaultFeedbackDays)
	if in.FeedbackBy != nil {
		feedbackBy = *in.FeedbackBy
	}
	c.Supervisions = append(c.Supervisions, Supervision{At: now, By: by, Note: in.Note, FeedbackBy: feedbackBy})
	return joinNote(in.Note, "反馈期限："+formatDate(feedbackBy))
}

func answerSupervision(c *Case, in *ActionInput, by Actor, now time.Time) string {
	s := c.OpenSupervision()
	s.AnsweredAt, s.AnsweredBy, s.Feedback = ptr(now), &by, in.Note
	return in.Note
}

// extendDue moves a due date by days (from now when a legacy case has none).
func extendDue(due *time.Time, days int, now time.Time) time.Time {
	if due == nil {
		return now.AddDate(0, 0, days)
	}
	return due.AddDate(0, 0, days)
}

func ptr(t time.Time) *time.Time { return &t }

func copyTime(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	return ptr(*t)
}

// joinNote joins the parts of a timeline note with "；", dropping a part's own closing punctuation so
// that "请加快进度。" and "反馈期限：…" read as one sentence.
func joinNote(parts ...string) string {
	out := parts[:0:0]
	for _, p := range parts {
		if p = strings.TrimRight(strings.TrimSpace(p), "。；;，,.！!"); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "；")
}

func firstRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func formatDate(t time.Time) string { return t.In(Shanghai).Format(time.DateOnly) }

// DescribeTransitions renders the lifecycle table as Markdown for the docs.
func DescribeTransitions() string {
	var b strings.Builder
	b.WriteString("| 类型 | 操作 | 动作 | 适用状态 | 结果状态 | 必填字段 | 可选字段 | 角色 |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|\n")
	for _, t := range Transitions {
		from := "有待反馈的督办"
		if t.From != nil {
			names := make([]string, len(t.From))
			for i, s := range t.From {
				names[i] = fmt.Sprintf("%s %s", s, StatusLabel(t.Kind, s))
			}
			from = strings.Join(names, "、")
		}
		if t.Once {
			from += "（仅一次）"
		}
		to := "不变"
		if t.To != "" {
			to = fmt.Sprintf("%s %s", t.To, StatusLabel(t.Kind, t.To))
		}
		var roles []string
		for _, r := range Roles {
			if CanAct(Role(r.Code), t.Kind, t.Action) {
				roles = append(roles, r.Code)
			}
		}
		fmt.Fprintf(&b, "| %s | `%s` | %s | %s | %s | %s | %s | %s |\n", LabelOf(Kinds, string(t.Kind)), t.Action,
			ActionLabel(t.Kind, t.Action), from, to, codeList(t.Required), codeList(t.Optional), strings.Join(roles, ", "))
	}
	return b.String()
}

func codeList(names []string) string {
	if len(names) == 0 {
		return "—"
	}
	return "`" + strings.Join(names, "`, `") + "`"
}

// UnmarshalJSON decodes an action body strictly, accepting bare dates for dueAt and feedbackBy (the end
// of that day in Asia/Shanghai).
func (in *ActionInput) UnmarshalJSON(b []byte) error {
	type plain ActionInput
	aux := struct {
		*plain
		DueAt      flexTime `json:"dueAt"`
		FeedbackBy flexTime `json:"feedbackBy"`
		At         flexTime `json:"at"`
	}{
		plain:      (*plain)(in),
		DueAt:      flexTimePtr(&in.DueAt, "dueAt", true),
		FeedbackBy: flexTimePtr(&in.FeedbackBy, "feedbackBy", true),
		At:         flexTimePtr(&in.At, "at", true),
	}
	aux.At.dateOnly = &in.atDateOnly
	return decodeStrict(b, &aux)
}

// UnmarshalJSON decodes an agreement strictly, accepting a bare date for performBy (end of that day).
func (in *AgreementInput) UnmarshalJSON(b []byte) error {
	type plain AgreementInput
	aux := struct {
		*plain
		PerformBy flexTime `json:"performBy"`
	}{plain: (*plain)(in), PerformBy: flexTimePtr(&in.PerformBy, "agreement.performBy", true)}
	return decodeStrict(b, &aux)
}

// UnmarshalJSON decodes a follow-up strictly, accepting a bare date for at (start of that day).
func (in *FollowUpInput) UnmarshalJSON(b []byte) error {
	type plain FollowUpInput
	aux := struct {
		*plain
		At flexTime `json:"at"`
	}{plain: (*plain)(in), At: flexTimeVal(&in.At, "followUp.at", false)}
	return decodeStrict(b, &aux)
}

// UnmarshalJSON decodes a session strictly, accepting a bare date for at (start of that day), like followUp.at.
func (in *SessionInput) UnmarshalJSON(b []byte) error {
	type plain SessionInput
	aux := struct {
		*plain
		At flexTime `json:"at"`
	}{plain: (*plain)(in), At: flexTimeVal(&in.At, "session.at", false)}
	return decodeStrict(b, &aux)
}

// UnmarshalJSON keeps the lead leader strict about unknown fields.
func (in *LeadLeaderInput) UnmarshalJSON(b []byte) error {
	type plain LeadLeaderInput
	return decodeStrict(b, (*plain)(in))
}
