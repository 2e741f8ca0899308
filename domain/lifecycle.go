package domain

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"
)

// SupervisionRule says what a transition needs of the case's supervision (督办) state.
type SupervisionRule int

const (
	AnySupervision    SupervisionRule = iota // the supervision state does not matter
	NoOpenSupervision                        // refused while a supervision awaits feedback
	OpenSupervision                          // needs a supervision awaiting feedback
)

// Side says who, beyond the role (CanAct), may take an action on a particular case.
type Side uint8

const (
	// Handler: the role that works the kind (mediators disputes, petition staff petitions). For a petition
	// case, the unit it was assigned to: petition staff whose region lies below the assigning office's.
	Handler Side = iota
	// Assigner: for a petition case, the assigning office (交办单位): petition staff whose region holds the
	// region of the office that assigned it. It decides returns, reviews clearance applications, extends and
	// reopens.
	Assigner
	// Supervisor: leaders (and admins), who 督办.
	Supervisor
)

// Transition is one row of a lifecycle: what an action does to a case of one kind.
// Who may do it is decided by CanAct (the role) and the row's side (mayAct); everything else is here.
type Transition struct {
	Kind   Kind
	Action string
	From   []Status // statuses that allow the action; nil = any status
	To     Status   // "" = the status stays
	By     Side
	// Required and Optional name the input fields (JSON names) the action reads; all others are ignored.
	Required []string
	Optional []string
	Once     bool // at most once per case (counted on the timeline)
	// AtTownship: only while the case is held at its township (by the township's or a village committee), not
	// above it (三级联调 ends at the county level).
	AtTownship bool
	After      string // a once-only action that must have been taken first
	// Supervision is what the action needs of the 督办 state.
	Supervision SupervisionRule

	// eventAt names an input field that is the action's date when `at` is not given (a visit's date), and
	// eventAtField its JSON path for error messages.
	eventAt      func(in *ActionInput) *time.Time
	eventAtField string
	// fits refuses the action in the case's present situation (409), beyond its status, from what the case's
	// state holds (CaseState.Facts) as of at: AllowedActions asks it too (as of now), so an action is offered
	// exactly when it would be accepted.
	fits func(st CaseState, at time.Time) error
	// guard refuses the action for what its input asks of the case (409): a 复核 before any 复查.
	guard func(x *actContext) error
	// check applies the rules tags cannot express to the fields (422).
	check func(x *actContext) []FieldError
	// effect sets what the action changes, as of x.at, and returns the timeline note.
	effect func(x *actContext) string
}

// actContext is what a check or an effect reads: the case, the input the action may trust, who acts, when
// it happened (at) and when it is recorded (now), and the region tree.
type actContext struct {
	c       *Case
	in      *ActionInput
	by      *User
	at, now time.Time
	regions *RegionTree
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

// Transitions are both lifecycles (DESIGN.md; API.md, Actions), in the order actions are offered.
var Transitions = append(slices.Clone(disputeTransitions), petitionTransitions...)

// Apply performs one action on a case. Checks run in this order; the first failing one answers and
// leaves c untouched:
//
//	(a) the case lies outside the caller's scope          → ErrCaseNotFound (404, existence is not leaked)
//	(b) action missing or unknown for the kind, version<1 → 422 on "action" / "version"
//	(c) the caller's role may not do the action           → ErrForbidden (403); the wrong side of a petition's
//	    assignment → ErrNotAssigningOffice / ErrNotHandlingUnit (403)
//	(d) version is not the case's version                 → ErrVersionConflict (409)
//	(e) the status, once-only rule, 督办 state or a guard  → ErrInvalidTransition (409, message says why)
//	(f) the fields the action reads break a rule          → 422 naming each field; among them `at`: not in
//	    the future, not before the case's previous event, at most MaxBackdateDays back (History excepted)
//
// Then it sets the new state as of `at`, bumps Version, sets UpdatedAt (now) and appends exactly one timeline
// entry that keeps both when the action happened (at) and when it was recorded (now), and by whom.
// Sub-documents and slices it changes are copied first, so shallow copies of c taken before stay as they were.
func Apply(c *Case, in ActionInput, by *User, regions *RegionTree, now time.Time) error {
	if !ScopeOf(by).Sees(regions, c.Kind, c.HeldIn()) {
		return ErrCaseNotFound
	}
	in = cloneInput(in)
	TrimStrings(&in)
	t, err := lookupAction(c.Kind, in.Action, in.Version)
	if err != nil {
		return err
	}
	st := c.State()
	if in.History { // a recorded history holds both sides' acts, entered by the office that keeps it
		if !CanAct(by.Role, t.Kind, t.Action) {
			return ErrForbidden
		}
	} else if err := t.mayAct(by, st, regions); err != nil {
		return err
	}
	if in.Version != c.Version {
		return ErrVersionConflict
	}
	if err := t.allows(st); err != nil {
		return err
	}
	at := eventTime(in, now)
	if in.At == nil && t.eventAt != nil {
		if d := t.eventAt(&in); d != nil && !d.IsZero() {
			at = d.Truncate(time.Millisecond).In(Shanghai)
			if in.FollowUp != nil && in.FollowUp.atDateOnly && at.After(now) { // today, given as a date
				at, in.FollowUp.At = now, now
			}
		}
	}
	at = notBeforeWithinMinute(c, at)
	if in.FollowUp != nil && in.At == nil && t.eventAt != nil && !in.FollowUp.At.IsZero() {
		in.FollowUp.At = at
	}
	if t.fits != nil {
		if err := t.fits(st, at); err != nil {
			return err
		}
	}
	x := &actContext{c: c, by: by, at: at, now: now, regions: regions}
	if t.guard != nil {
		x.in = &in
		if err := t.guard(x); err != nil {
			return err
		}
	}
	in, err = t.readInput(x, in)
	if err != nil {
		return err
	}
	x.in = &in

	from, dueBefore := c.Status, c.DueAt
	detach(c)
	note := t.effect(x)
	if t.To != "" {
		c.Status = t.To
	}
	c.Version++
	c.UpdatedAt = now
	entry := TimelineEntry{At: at, RecordedAt: now, Actor: by.Actor(), Action: t.Action, From: from, To: c.Status, Note: note}
	if c.DueAt != nil && (dueBefore == nil || !c.DueAt.Equal(*dueBefore)) {
		entry.DueAt = copyTime(c.DueAt)
	}
	c.Timeline = append(slices.Clip(c.Timeline), entry)
	return nil
}

// mayAct checks (c): the role may take the action (CanAct), and for a petition case the user stands on the
// action's side of the assignment. Admins stand on both sides.
func (t *Transition) mayAct(by *User, st CaseState, regions *RegionTree) error {
	if !CanAct(by.Role, t.Kind, t.Action) {
		return ErrForbidden
	}
	if t.Kind != KindPetition || by.Role == RoleAdmin || t.By == Supervisor {
		return nil
	}
	assigner := st.AssignerRegion != "" && regions.Contains(by.RegionCode, st.AssignerRegion)
	switch {
	case t.By == Assigner && !assigner:
		return ErrNotAssigningOffice
	case t.By == Handler && assigner:
		return ErrNotHandlingUnit
	}
	return nil
}

// Replay applies an action of a recorded history (a ledger row): it happened at `at` and is recorded now,
// however long ago `at` lies.
func Replay(c *Case, in ActionInput, by *User, regions *RegionTree, at, now time.Time) error {
	in.At, in.History = &at, true
	return Apply(c, in, by, regions, now)
}

// unrecordedFields are the details a ledger may leave unrecorded on a replayed conclusion (ActionInput.Unrecorded).
var unrecordedFields = map[string]bool{"agreement.type": true, "agreement.terms": true, "failureReason": true, "redirect": true}

// UnrecordedNote marks on the timeline what a ledger import did not record.
const UnrecordedNote = "台账导入，未记载"

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

// notBeforeWithinMinute reads a stated time that falls in the same minute as the case's previous event but
// before it as that event's time: forms give minutes, so a visit recorded "14:32" right after a resolution
// saved at 14:32:10 happened after it, not before. Earlier minutes are left for checkAt to refuse.
func notBeforeWithinMinute(c *Case, at time.Time) time.Time {
	if n := len(c.Timeline); n > 0 {
		if prev := c.Timeline[n-1].At; at.Before(prev) && !at.Before(prev.Truncate(time.Minute)) {
			return prev
		}
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
func AllowedActions(st CaseState, by *User, regions *RegionTree, now time.Time) []string {
	out := []string{}
	if by == nil || !ScopeOf(by).Sees(regions, st.Kind, st.heldIn()) {
		return out
	}
	for i := range Transitions {
		t := &Transitions[i]
		if t.Kind == st.Kind && t.mayAct(by, st, regions) == nil && t.allows(st) == nil && (t.fits == nil || t.fits(st, now) == nil) {
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
	if t.AtTownship && st.heldIn() != st.TownshipCode {
		return ErrInvalidTransition.WithMessage("案件已由县级（行业性专业性）人民调解委员会办理，不能再提请上级调解")
	}
	if t.After != "" && !st.Used.Has(t.After) {
		return ErrInvalidTransition.WithMessage(fmt.Sprintf("须先%s，才能%s", ActionLabel(st.Kind, t.After), ActionLabel(st.Kind, t.Action)))
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
func (t *Transition) readInput(x *actContext, in ActionInput) (ActionInput, error) {
	plan := inputPlans()[t]
	v := reflect.ValueOf(&in).Elem()
	for _, i := range plan.unused {
		v.Field(i).SetZero()
	}
	var fields []FieldError
	for _, r := range plan.required {
		f := v.Field(r.index)
		switch {
		case f.Kind() == reflect.Pointer && f.IsNil() && f.Type().Elem().Kind() == reflect.Struct && f.Type().Elem() != reflect.TypeFor[time.Time]():
			f.Set(reflect.New(f.Type().Elem())) // validating the empty sub-document names each missing part
		case f.Kind() == reflect.Slice && f.Len() == 0:
			fields = append(fields, FieldError{Field: r.name, Message: r.label + "至少需要1项"})
		case f.IsZero():
			fields = append(fields, FieldError{Field: r.name, Message: r.label + "为必填字段"})
		}
	}
	if err := Validate(in); err != nil {
		var e *Error
		if !errors.As(err, &e) {
			return in, err
		}
		fields = append(fields, e.Fields...)
	}
	if in.History && in.Unrecorded {
		fields = slices.DeleteFunc(fields, func(f FieldError) bool { return unrecordedFields[f.Field] })
	}
	atFields := checkAt(x.c, &in, x.at, x.now)
	if in.At == nil && t.eventAt != nil && t.eventAt(&in) != nil { // the date came from a field of the form: name it
		for i := range atFields {
			atFields[i].Field = t.eventAtField
			atFields[i].Message = strings.Replace(atFields[i].Message, "发生时间", "回访时间", 1)
		}
	}
	fields = append(fields, atFields...)
	if len(fields) == 0 && t.check != nil {
		x.in = &in
		fields = t.check(x)
	}
	if len(fields) > 0 {
		return in, Invalid(fields...)
	}
	return in, nil
}

// inputPlan is what readInput needs of a transition's fields, worked out once: the ActionInput fields it
// clears (those the action does not read) and the required ones with their JSON names and labels.
type inputPlan struct {
	unused   []int
	required []requiredField
}

type requiredField struct {
	index       int
	name, label string
}

// inputPlans maps each row of Transitions to its plan; rows name their fields by JSON name, and a name
// that is not a field of ActionInput is a programming error caught at the first action.
var inputPlans = sync.OnceValue(func() map[*Transition]*inputPlan {
	typ := reflect.TypeFor[ActionInput]()
	byName := map[string]int{}
	for i := range typ.NumField() {
		sf := typ.Field(i)
		if name := jsonName(sf); sf.IsExported() && name != "-" { // not from the body: how the input was made
			byName[name] = i
		}
	}
	plans := make(map[*Transition]*inputPlan, len(Transitions))
	for ti := range Transitions {
		t := &Transitions[ti]
		used := map[string]bool{"action": true, "version": true, "at": true}
		for _, f := range slices.Concat(t.Optional, t.Required) {
			used[f] = true
		}
		p := &inputPlan{}
		for name, i := range byName {
			if !used[name] {
				p.unused = append(p.unused, i)
			}
		}
		slices.Sort(p.unused)
		for _, name := range t.Required {
			i, ok := byName[name]
			if !ok {
				panic(fmt.Sprintf("transition %s/%s requires unknown field %q", t.Kind, t.Action, name))
			}
			p.required = append(p.required, requiredField{index: i, name: name, label: typ.Field(i).Tag.Get("label")})
		}
		plans[t] = p
	}
	return plans
})

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return name
}

// cloneInput copies what TrimStrings and readInput would otherwise change in the caller's input.
func cloneInput(in ActionInput) ActionInput {
	in.Mediators = slices.Clone(in.Mediators)
	in.ConsentBy = slices.Clone(in.ConsentBy)
	in.Prevented = slices.Clone(in.Prevented)
	in.Materials = slices.Clone(in.Materials)
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

// checkFeedbackBy: a feedback date after the 督办 itself (a 督办 recorded late may already be due).
func checkFeedbackBy(x *actContext) []FieldError {
	in, at := x.in, x.at
	if in.FeedbackBy != nil && !in.FeedbackBy.Before(latestDate) {
		return dateInRange("feedbackBy", "反馈期限", *in.FeedbackBy)
	}
	if in.FeedbackBy != nil && !in.FeedbackBy.After(at) {
		return []FieldError{{Field: "feedbackBy", Message: "反馈期限必须晚于督办时间"}}
	}
	return nil
}

// checkDueAt: a new deadline after the action that sets it.
func checkDueAt(x *actContext) []FieldError {
	in, at := x.in, x.at
	if in.DueAt != nil && !in.DueAt.Before(latestDate) {
		return dateInRange("dueAt", "办结期限", *in.DueAt)
	}
	if in.DueAt != nil && !in.DueAt.After(at) {
		return []FieldError{{Field: "dueAt", Message: "办结期限必须晚于发生时间"}}
	}
	return nil
}

// Effects common to both lifecycles; each sets what its action changes (status, version and timeline are
// Apply's) and returns the timeline note.

func supervise(x *actContext) string {
	c, in, by, now := x.c, x.in, x.by.Actor(), x.at
	feedbackBy := now.AddDate(0, 0, DefaultFeedbackDays)
	if in.FeedbackBy != nil {
		feedbackBy = *in.FeedbackBy
	}
	c.Supervisions = append(c.Supervisions, Supervision{At: now, By: by, Note: in.Note, FeedbackBy: feedbackBy})
	return joinNote(in.Note, "反馈期限："+formatDate(feedbackBy))
}

func answerSupervision(x *actContext) string {
	c, in, by, now := x.c, x.in, x.by.Actor(), x.at
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
		if t.Kind == KindPetition && t.By == Assigner {
			roles = append(roles, "（交办单位）")
		} else if t.Kind == KindPetition && t.By == Handler {
			roles = append(roles, "（承办单位）")
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
