package domain

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// The register of 重大决策社会稳定风险评估 (稳评): one record per key project or decision a county or township
// took to an assessment — what it is, who decides and who assessed it, the risk grade (高/中/低), the
// conclusion (实施, 调整后实施, 暂缓实施, 不实施), the conditions attached, and the follow-up of their
// implementation until every condition is met (docs/DESIGN.md, "重大决策社会稳定风险评估").
//
// What we followed: 中办发〔2012〕2号 and the provincial rules after it name the grades and the decision
// (实施、暂缓实施、不实施); the grade bounds the conclusion — a high risk is not implemented until the plan
// is changed and assessed again (暂缓实施 or 不实施), a medium risk only with the measures that lower it
// (调整后实施, its conditions the measures), a low risk may be implemented (with conditions or not). A
// decision body may always decide more strictly than the grade allows.

// Assessment is one register entry with its conditions and follow-up.
type Assessment struct {
	ID      string `bson:"_id" json:"id"`
	Project string `bson:"project" json:"project"`
	Kind    string `bson:"kind" json:"kind"`
	// RegionCode is the county or township the project sits in; CountyCode its county (itself for a county).
	RegionCode    string `bson:"regionCode" json:"regionCode"`
	CountyCode    string `bson:"countyCode" json:"countyCode"`
	DecidingBody  string `bson:"decidingBody" json:"decidingBody"`
	AssessingBody string `bson:"assessingBody" json:"assessingBody"`
	// AssessedOn is the day the assessment report was concluded (YYYY-MM-DD, Asia/Shanghai).
	AssessedOn string `bson:"assessedOn" json:"assessedOn"`
	Grade      string `bson:"grade" json:"grade"`
	Conclusion string `bson:"conclusion" json:"conclusion"`
	Summary    string `bson:"summary,omitempty" json:"summary,omitempty"`
	// ReviewDays is the follow-up check interval (default AssessmentReviewDays).
	ReviewDays int                   `bson:"reviewDays" json:"reviewDays"`
	Conditions []AssessmentCondition `bson:"conditions" json:"conditions"`
	FollowUps  []AssessmentFollowUp  `bson:"followUps" json:"followUps"`
	// FollowUp is the state of the follow-up: none (nothing to follow), open, closed.
	FollowUp string `bson:"followUp" json:"followUp"`
	// NextReviewOn is when the open follow-up is next checked: the last entry's date (else AssessedOn) plus
	// ReviewDays; empty unless the follow-up is open.
	NextReviewOn string    `bson:"nextReviewOn,omitempty" json:"nextReviewOn,omitempty"`
	ClosedOn     string    `bson:"closedOn,omitempty" json:"closedOn,omitempty"`
	Version      int       `bson:"version" json:"version"`
	CreatedAt    time.Time `bson:"createdAt" json:"createdAt"`
	CreatedBy    Actor     `bson:"createdBy" json:"createdBy"`
	UpdatedAt    time.Time `bson:"updatedAt" json:"updatedAt"`
	UpdatedBy    Actor     `bson:"updatedBy" json:"updatedBy"`

	Stamp `bson:",inline" json:"-"` // the last write's change number
}

// AssessmentCondition is one condition attached to the conclusion (a measure to take before or while
// implementing). N numbers it within its assessment, from 1, and never changes.
type AssessmentCondition struct {
	N     int    `bson:"n" json:"n"`
	Text  string `bson:"text" json:"text"`
	Met   bool   `bson:"met" json:"met"`
	MetOn string `bson:"metOn,omitempty" json:"metOn,omitempty"`
}

// AssessmentFollowUp is one entry of the follow-up: what was checked on which day, by whom, and which
// conditions it found met.
type AssessmentFollowUp struct {
	Action     string    `bson:"action" json:"action"`
	On         string    `bson:"on" json:"on"`
	Text       string    `bson:"text" json:"text"`
	Met        []int     `bson:"met,omitempty" json:"met,omitempty"`
	By         Actor     `bson:"by" json:"by"`
	RecordedAt time.Time `bson:"recordedAt" json:"recordedAt"`
}

// Follow-up states.
const (
	AssessmentFollowUpNone   = "none"
	AssessmentFollowUpOpen   = "open"
	AssessmentFollowUpClosed = "closed"
)

// AssessmentReviewDays is the default follow-up check interval: a quarter. The public 稳评 rules we found ask
// for 跟踪 of the measures without a fixed interval; each entry may set its own (reviewDays).
const AssessmentReviewDays = 90

// AssessmentDueSoonDays: an open follow-up is due soon this many days before its check date.
const AssessmentDueSoonDays = 15

// conclusionRank orders the conclusions from the strictest; grade's most permissive conclusion is
// maxConclusion[grade].
var conclusionRank = map[string]int{"reject": 0, "suspend": 1, "implement_adjusted": 2, "implement": 3}

var maxConclusion = map[string]string{"high": "suspend", "medium": "implement_adjusted", "low": "implement"}

// AssessmentInput is the body of POST /api/v1/assessments and PUT /api/v1/assessments/{id}.
type AssessmentInput struct {
	Project       string                     `json:"project" validate:"required,max=200,singleline" label:"项目（决策事项）名称"`
	Kind          string                     `json:"kind" validate:"required,enum=assessmentKind" label:"事项类别"`
	RegionCode    string                     `json:"regionCode" validate:"required,max=20,singleline" label:"所在区县或乡镇"`
	DecidingBody  string                     `json:"decidingBody" validate:"required,max=100,singleline" label:"决策机关"`
	AssessingBody string                     `json:"assessingBody" validate:"required,max=100,singleline" label:"评估主体"`
	AssessedOn    string                     `json:"assessedOn" validate:"required,max=10" label:"评估日期"`
	Grade         string                     `json:"grade" validate:"required,enum=assessmentGrade" label:"风险等级"`
	Conclusion    string                     `json:"conclusion" validate:"required,enum=assessmentConclusion" label:"评估结论"`
	Summary       string                     `json:"summary" validate:"max=2000,multiline" label:"评估意见摘要"`
	ReviewDays    int                        `json:"reviewDays" validate:"omitempty,min=7,max=365" label:"跟踪检查周期（天）"`
	Conditions    []AssessmentConditionInput `json:"conditions" validate:"max=50,dive" label:"实施条件"`
	// Version is the version read, for PUT.
	Version int `json:"version" validate:"min=0" label:"版本号"`
}

// AssessmentConditionInput is one condition: N names a condition already recorded (its met state is kept),
// none a new one.
type AssessmentConditionInput struct {
	N    int    `json:"n" validate:"min=0" label:"条件序号"`
	Text string `json:"text" validate:"required,max=500,singleline" label:"条件内容"`
}

// AssessmentActionInput is the body of POST /api/v1/assessments/{id}/actions.
type AssessmentActionInput struct {
	Action  string `json:"action" validate:"required,enum=assessmentAction" label:"操作"`
	Version int    `json:"version" validate:"min=1" label:"版本号"`
	// On is the day it happened (YYYY-MM-DD), default today.
	On   string `json:"on" validate:"max=10" label:"日期"`
	Text string `json:"text" validate:"max=2000,multiline" label:"跟踪情况"`
	Met  []int  `json:"met" validate:"max=50" label:"已落实的条件"`
}

// UnmarshalJSON decodes an assessment strictly.
func (in *AssessmentInput) UnmarshalJSON(b []byte) error {
	type plain AssessmentInput
	return decodeStrict(b, (*plain)(in))
}

// UnmarshalJSON decodes a condition strictly.
func (in *AssessmentConditionInput) UnmarshalJSON(b []byte) error {
	type plain AssessmentConditionInput
	return decodeStrict(b, (*plain)(in))
}

// UnmarshalJSON decodes a follow-up action strictly.
func (in *AssessmentActionInput) UnmarshalJSON(b []byte) error {
	type plain AssessmentActionInput
	return decodeStrict(b, (*plain)(in))
}

// CanManageAssessments reports whether the user keeps the register: admins, leaders and petition staff of a
// county or the city (稳评 is organised by the deciding body and checked by the 政法委/维稳 office above a
// township).
func CanManageAssessments(u *User, regions *RegionTree) bool {
	r, ok := regions.Get(u.RegionCode)
	if !ok || r.Level == LevelTownship {
		return false
	}
	return u.Role == RoleAdmin || u.Role == RoleLeader || u.Role == RolePetition
}

// SeesAssessment reports whether the user reads the assessment: one sitting inside the user's region.
func SeesAssessment(u *User, regions *RegionTree, a *Assessment) bool {
	return regions.Contains(u.RegionCode, a.RegionCode)
}

// parseDay reads a YYYY-MM-DD day.
func parseDay(s string) (time.Time, bool) {
	d, err := time.ParseInLocation(time.DateOnly, s, Shanghai)
	return d, err == nil
}

// DayOf is the Asia/Shanghai day of t as YYYY-MM-DD.
func DayOf(t time.Time) string { return t.In(Shanghai).Format(time.DateOnly) }

// BuildAssessment checks the register fields and returns the assessment they describe, over old when it is
// an edit (its conditions' met state and its follow-up kept; nil for a new one). ID, version and audit
// fields are the caller's. Refusals, in order: fields → 422 (validation_failed); the conclusion beyond the
// grade → 422 assessment_grade_conclusion; the caller may not keep the register → ErrAssessmentManager; the
// region outside the caller's → ErrOutOfRegion.
func BuildAssessment(in AssessmentInput, old *Assessment, by *User, regions *RegionTree, now time.Time) (Assessment, error) {
	TrimStrings(&in)
	var fields []FieldError
	if err := Validate(in); err != nil {
		var e *Error
		if !errors.As(err, &e) {
			return Assessment{}, err
		}
		fields = append(fields, e.Fields...)
	}
	var county string
	if in.RegionCode != "" {
		r, ok := regions.Get(in.RegionCode)
		switch {
		case !ok:
			fields = append(fields, FieldError{Field: "regionCode", Message: "所在区域「" + in.RegionCode + "」不存在"})
		case r.Level == LevelCity:
			fields = append(fields, FieldError{Field: "regionCode", Message: "稳评事项应登记在所在区县或乡镇（街道），市级事项请选择项目所在区县"})
		default:
			county = regions.CountyOf(in.RegionCode)
		}
	}
	if in.AssessedOn != "" {
		if d, ok := parseDay(in.AssessedOn); !ok {
			fields = append(fields, FieldError{Field: "assessedOn", Message: "评估日期「" + in.AssessedOn + "」无效，格式应为 YYYY-MM-DD"})
		} else if d.After(now) {
			fields = append(fields, FieldError{Field: "assessedOn", Message: "评估日期不能晚于今天"})
		}
	}
	known := map[int]bool{}
	if old != nil {
		for _, c := range old.Conditions {
			known[c.N] = true
		}
	}
	seenN, seenText := map[int]bool{}, map[string]bool{}
	for i, c := range in.Conditions {
		if c.N != 0 && (!known[c.N] || seenN[c.N]) {
			fields = append(fields, FieldError{Field: fmt.Sprintf("conditions[%d].n", i), Message: fmt.Sprintf("实施条件序号 %d 不存在或重复", c.N)})
		}
		seenN[c.N] = true
		if c.Text != "" && seenText[c.Text] {
			fields = append(fields, FieldError{Field: fmt.Sprintf("conditions[%d].text", i), Message: "实施条件「" + c.Text + "」重复"})
		}
		seenText[c.Text] = true
	}
	if in.Conclusion == "reject" && len(in.Conditions) > 0 {
		fields = append(fields, FieldError{Field: "conditions", Message: "结论为不实施的事项没有实施条件，请删除实施条件"})
	}
	if in.Conclusion == "implement_adjusted" && len(in.Conditions) == 0 {
		fields = append(fields, FieldError{Field: "conditions", Message: "结论为调整后实施的，须列明调整和防范化解措施（实施条件）"})
	}
	if len(fields) > 0 {
		return Assessment{}, Invalid(fields...)
	}
	if rank, max := conclusionRank[in.Conclusion], maxConclusion[in.Grade]; rank > conclusionRank[max] {
		return Assessment{}, ErrAssessmentGradeConclusion.withFields([]FieldError{{Field: "conclusion",
			Message: fmt.Sprintf("%s的事项结论至多为「%s」，不能为「%s」", LabelOf(AssessmentGrades, in.Grade),
				LabelOf(AssessmentConclusions, max), LabelOf(AssessmentConclusions, in.Conclusion))}})
	}
	if !CanManageAssessments(by, regions) {
		return Assessment{}, ErrAssessmentManager
	}
	if !regions.Contains(by.RegionCode, in.RegionCode) || (old != nil && !regions.Contains(by.RegionCode, old.RegionCode)) {
		return Assessment{}, ErrOutOfRegion
	}
	a := Assessment{Project: in.Project, Kind: in.Kind, RegionCode: in.RegionCode, CountyCode: county,
		DecidingBody: in.DecidingBody, AssessingBody: in.AssessingBody, AssessedOn: in.AssessedOn, Grade: in.Grade,
		Conclusion: in.Conclusion, Summary: in.Summary, ReviewDays: in.ReviewDays, FollowUps: []AssessmentFollowUp{},
		Conditions: make([]AssessmentCondition, 0, len(in.Conditions)), FollowUp: AssessmentFollowUpNone}
	if a.ReviewDays == 0 {
		a.ReviewDays = AssessmentReviewDays
	}
	next := 1
	if old != nil {
		a.FollowUps, a.FollowUp, a.ClosedOn = old.FollowUps, old.FollowUp, old.ClosedOn
		for _, c := range old.Conditions {
			next = max(next, c.N+1)
		}
	}
	for _, c := range in.Conditions {
		cond := AssessmentCondition{N: c.N, Text: c.Text}
		if c.N == 0 {
			cond.N = next
			next++
		} else if i := slices.IndexFunc(old.Conditions, func(o AssessmentCondition) bool { return o.N == c.N }); i >= 0 {
			cond.Met, cond.MetOn = old.Conditions[i].Met, old.Conditions[i].MetOn
		}
		a.Conditions = append(a.Conditions, cond)
	}
	a.settle()
	return a, nil
}

// settle sets the follow-up's state after the conditions changed: nothing to follow without conditions;
// a closed follow-up opens again when an unmet condition is added; and the next check date.
func (a *Assessment) settle() {
	switch {
	case len(a.Conditions) == 0:
		a.FollowUp, a.ClosedOn = AssessmentFollowUpNone, ""
	case a.FollowUp == AssessmentFollowUpNone, a.FollowUp == AssessmentFollowUpClosed && !a.AllMet():
		a.FollowUp, a.ClosedOn = AssessmentFollowUpOpen, ""
	}
	a.NextReviewOn = ""
	if a.FollowUp == AssessmentFollowUpOpen {
		last := a.AssessedOn
		for _, f := range a.FollowUps {
			if f.On > last {
				last = f.On
			}
		}
		if d, ok := parseDay(last); ok {
			a.NextReviewOn = DayOf(d.AddDate(0, 0, a.ReviewDays))
		}
	}
}

// AllMet reports whether every condition is met.
func (a *Assessment) AllMet() bool {
	return !slices.ContainsFunc(a.Conditions, func(c AssessmentCondition) bool { return !c.Met })
}

// Unmet counts the conditions not met yet.
func (a *Assessment) Unmet() int {
	n := 0
	for _, c := range a.Conditions {
		if !c.Met {
			n++
		}
	}
	return n
}

// assessmentTransition is one row of the follow-up lifecycle: from a state, an action leads to a state;
// needs names what the action must carry.
type assessmentTransition struct {
	From, Action, To string
	NeedsText        bool
	// AllMet: only when every condition is met (after the action's own).
	AllMet bool
}

// assessmentFlow is the follow-up lifecycle:
//
//	open ─follow_up 跟踪记录─▶ open ─close 跟踪办结 (all conditions met)─▶ closed
//
// An edit that adds a condition not met opens a closed follow-up again (settle).
var assessmentFlow = []assessmentTransition{
	{From: AssessmentFollowUpOpen, Action: "follow_up", To: AssessmentFollowUpOpen, NeedsText: true},
	{From: AssessmentFollowUpOpen, Action: "close", To: AssessmentFollowUpClosed, AllMet: true},
}

// AssessmentActionsFrom lists the follow-up actions a state offers, in the table's order.
func AssessmentActionsFrom(state string) []string {
	var out []string
	for _, t := range assessmentFlow {
		if t.From == state {
			out = append(out, t.Action)
		}
	}
	return out
}

// ApplyAssessmentAction records one follow-up action on a (the caller holds its lock and checked its
// version): the entry with the conditions it found met, and the follow-up's new state. Refusals: the
// caller may not keep the register → ErrAssessmentManager (or ErrOutOfRegion); fields → 422; the state does
// not allow the action → ErrAssessmentTransition; close with a condition unmet → ErrAssessmentConditionsUnmet.
func ApplyAssessmentAction(a *Assessment, in AssessmentActionInput, by *User, regions *RegionTree, now time.Time) error {
	TrimStrings(&in)
	if err := Validate(in); err != nil {
		return err
	}
	if !CanManageAssessments(by, regions) {
		return ErrAssessmentManager
	}
	if !regions.Contains(by.RegionCode, a.RegionCode) {
		return ErrOutOfRegion
	}
	i := slices.IndexFunc(assessmentFlow, func(t assessmentTransition) bool { return t.From == a.FollowUp && t.Action == in.Action })
	if i < 0 {
		return ErrAssessmentTransition.WithMessage(fmt.Sprintf("跟踪落实%s，不能%s", LabelOf(AssessmentFollowUpStates, a.FollowUp),
			LabelOf(AssessmentActions, in.Action)))
	}
	t := assessmentFlow[i]
	var fields []FieldError
	on := DayOf(now)
	if in.On != "" {
		d, ok := parseDay(in.On)
		switch {
		case !ok:
			fields = append(fields, FieldError{Field: "on", Message: "日期「" + in.On + "」无效，格式应为 YYYY-MM-DD"})
		case d.After(now):
			fields = append(fields, FieldError{Field: "on", Message: "日期不能晚于今天"})
		case in.On < a.AssessedOn:
			fields = append(fields, FieldError{Field: "on", Message: "日期不能早于评估日期 " + a.AssessedOn})
		default:
			on = in.On
		}
	}
	if t.NeedsText && in.Text == "" {
		fields = append(fields, FieldError{Field: "text", Message: "请填写跟踪情况"})
	}
	for j, n := range in.Met {
		k := slices.IndexFunc(a.Conditions, func(c AssessmentCondition) bool { return c.N == n })
		switch {
		case k < 0:
			fields = append(fields, FieldError{Field: fmt.Sprintf("met[%d]", j), Message: fmt.Sprintf("实施条件 %d 不存在", n)})
		case a.Conditions[k].Met:
			fields = append(fields, FieldError{Field: fmt.Sprintf("met[%d]", j), Message: fmt.Sprintf("实施条件 %d 已落实", n)})
		case slices.Contains(in.Met[:j], n):
			fields = append(fields, FieldError{Field: fmt.Sprintf("met[%d]", j), Message: fmt.Sprintf("实施条件 %d 重复", n)})
		}
	}
	if len(fields) > 0 {
		return Invalid(fields...)
	}
	for _, n := range in.Met {
		k := slices.IndexFunc(a.Conditions, func(c AssessmentCondition) bool { return c.N == n })
		a.Conditions[k].Met, a.Conditions[k].MetOn = true, on
	}
	if t.AllMet && !a.AllMet() {
		return ErrAssessmentConditionsUnmet.WithMessage(fmt.Sprintf("还有 %d 项实施条件未落实，不能办结跟踪", a.Unmet()))
	}
	text := in.Text
	if text == "" {
		text = LabelOf(AssessmentActions, in.Action)
	}
	a.FollowUps = append(a.FollowUps, AssessmentFollowUp{Action: in.Action, On: on, Text: text, Met: in.Met,
		By: by.Actor(), RecordedAt: now})
	a.FollowUp = t.To
	a.ClosedOn = ""
	if t.To == AssessmentFollowUpClosed {
		a.ClosedOn = on
	}
	a.settle()
	return nil
}

// ReviewWarning grades an open follow-up's next check: overdue once the check date has passed, due soon
// within AssessmentDueSoonDays of it, else none.
func (a *Assessment) ReviewWarning(now time.Time) Warning {
	if a.FollowUp != AssessmentFollowUpOpen || a.NextReviewOn == "" {
		return WarningNone
	}
	today := DayOf(now)
	switch {
	case today > a.NextReviewOn:
		return WarningOverdue
	case DayOf(now.AddDate(0, 0, AssessmentDueSoonDays)) >= a.NextReviewOn:
		return WarningDueSoon
	}
	return WarningNone
}

// AssessmentFilter selects register entries; empty fields select all.
type AssessmentFilter struct {
	Region     string // the caller's region: only entries inside it
	County     string
	Township   string
	Year       string
	Kind       string
	Grade      string
	Conclusion string
	FollowUp   string
	Q          string
}

func (f AssessmentFilter) matches(regions *RegionTree, a *Assessment) bool {
	switch {
	case !regions.Contains(f.Region, a.RegionCode),
		f.County != "" && a.CountyCode != f.County,
		f.Township != "" && a.RegionCode != f.Township,
		f.Year != "" && !strings.HasPrefix(a.AssessedOn, f.Year+"-"),
		f.Kind != "" && a.Kind != f.Kind,
		f.Grade != "" && a.Grade != f.Grade,
		f.Conclusion != "" && a.Conclusion != f.Conclusion,
		f.FollowUp != "" && a.FollowUp != f.FollowUp:
		return false
	}
	if f.Q != "" {
		return strings.Contains(a.Project, f.Q) || strings.Contains(a.DecidingBody, f.Q) || strings.Contains(a.AssessingBody, f.Q)
	}
	return true
}

// AssessmentBook is the whole register held in memory (loaded at start, a few hundred entries a year per
// city, updated after each write). It is safe for concurrent use; it hands out copies.
type AssessmentBook struct {
	mu      sync.RWMutex
	regions *RegionTree
	byID    map[string]Assessment
}

// NewAssessmentBook returns the book holding the stored assessments.
func NewAssessmentBook(regions *RegionTree, stored []Assessment) *AssessmentBook {
	b := &AssessmentBook{regions: regions, byID: make(map[string]Assessment, len(stored))}
	for _, a := range stored {
		b.byID[a.ID] = a
	}
	return b
}

// Put keeps an assessment after its store write (an older version than the one held is ignored).
func (b *AssessmentBook) Put(a Assessment) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if cur, ok := b.byID[a.ID]; ok && !newer(a.Seq, a.Version, cur.Seq, cur.Version) {
		return
	}
	b.byID[a.ID] = a
}

// Get returns the assessment id.
func (b *AssessmentBook) Get(id string) (Assessment, bool) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	a, ok := b.byID[id]
	return a, ok
}

// List returns the entries the filter selects, the latest assessed first (then by ID, newest first).
func (b *AssessmentBook) List(f AssessmentFilter) []Assessment {
	b.mu.RLock()
	out := []Assessment{}
	for _, a := range b.byID {
		if f.matches(b.regions, &a) {
			out = append(out, a)
		}
	}
	b.mu.RUnlock()
	slices.SortFunc(out, func(x, y Assessment) int {
		if c := strings.Compare(y.AssessedOn, x.AssessedOn); c != 0 {
			return c
		}
		return strings.Compare(y.ID, x.ID)
	})
	return out
}

// AssessmentCounts are the register's figures for one unit: entries by grade and conclusion, and the
// follow-ups open, of which overdue for their check.
type AssessmentCounts struct {
	Total             int `json:"total"`
	High              int `json:"high"`
	Medium            int `json:"medium"`
	Low               int `json:"low"`
	Implement         int `json:"implement"`
	ImplementAdjusted int `json:"implementAdjusted"`
	Suspend           int `json:"suspend"`
	Reject            int `json:"reject"`
	FollowUpsOpen     int `json:"followUpsOpen"`
	FollowUpsClosed   int `json:"followUpsClosed"`
	ReviewsOverdue    int `json:"reviewsOverdue"`
}

func (c *AssessmentCounts) add(a *Assessment, now time.Time) {
	c.Total++
	switch a.Grade {
	case "high":
		c.High++
	case "medium":
		c.Medium++
	case "low":
		c.Low++
	}
	switch a.Conclusion {
	case "implement":
		c.Implement++
	case "implement_adjusted":
		c.ImplementAdjusted++
	case "suspend":
		c.Suspend++
	case "reject":
		c.Reject++
	}
	switch a.FollowUp {
	case AssessmentFollowUpOpen:
		c.FollowUpsOpen++
		if a.ReviewWarning(now) == WarningOverdue {
			c.ReviewsOverdue++
		}
	case AssessmentFollowUpClosed:
		c.FollowUpsClosed++
	}
}

func (c *AssessmentCounts) sum(o AssessmentCounts) {
	c.Total += o.Total
	c.High += o.High
	c.Medium += o.Medium
	c.Low += o.Low
	c.Implement += o.Implement
	c.ImplementAdjusted += o.ImplementAdjusted
	c.Suspend += o.Suspend
	c.Reject += o.Reject
	c.FollowUpsOpen += o.FollowUpsOpen
	c.FollowUpsClosed += o.FollowUpsClosed
	c.ReviewsOverdue += o.ReviewsOverdue
}

// AssessmentSummaryRow is one unit of the summary. A county's own entries (sitting in the county, not in
// one of its townships) have their row when grouping by township: the county's code, Own set.
type AssessmentSummaryRow struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	ParentCode string `json:"parentCode,omitempty"`
	Own        bool   `json:"own,omitempty"`
	AssessmentCounts
}

// AssessmentSummary is GET /api/v1/assessments/summary: the counts per county or township of a year.
type AssessmentSummary struct {
	Region      RegionRef              `json:"region"`
	Year        string                 `json:"year,omitempty"`
	GroupBy     string                 `json:"groupBy"`
	GeneratedAt time.Time              `json:"generatedAt"`
	Rows        []AssessmentSummaryRow `json:"rows"`
	Totals      AssessmentCounts       `json:"totals"`
}

// Summary counts the entries inside region (of year, when given) by unit at the groupBy level (county or
// township); every unit gets a row, zeros included, ordered by code.
func (b *AssessmentBook) Summary(region *Region, groupBy, year string, now time.Time) AssessmentSummary {
	out := AssessmentSummary{Region: RefOf(region), Year: year,
		GroupBy: groupBy, GeneratedAt: now, Rows: []AssessmentSummaryRow{}}
	rowOf := map[string]int{}
	addRow := func(r *Region, own bool) {
		rowOf[r.Code] = len(out.Rows)
		row := AssessmentSummaryRow{Code: r.Code, Name: r.Name, ParentCode: r.ParentCode, Own: own}
		if own {
			row.Name = r.Name + "本级"
		}
		out.Rows = append(out.Rows, row)
	}
	for _, r := range b.regions.All() {
		if !b.regions.Contains(region.Code, r.Code) {
			continue
		}
		switch {
		case groupBy == "county" && r.Level == LevelCounty:
			addRow(r, false)
		case groupBy == "township" && r.Level == LevelCounty:
			addRow(r, true)
		case groupBy == "township" && r.Level == LevelTownship:
			addRow(r, false)
		}
	}
	slices.SortStableFunc(out.Rows, func(x, y AssessmentSummaryRow) int { return strings.Compare(x.Code, y.Code) })
	for i, r := range out.Rows {
		rowOf[r.Code] = i
	}
	for _, a := range b.List(AssessmentFilter{Region: region.Code, Year: year}) {
		key := a.RegionCode
		if groupBy == "county" {
			key = a.CountyCode
		}
		if i, ok := rowOf[key]; ok {
			out.Rows[i].add(&a, now)
		}
	}
	for _, r := range out.Rows {
		out.Totals.sum(r.AssessmentCounts)
	}
	return out
}

// AssessmentTodo is one open follow-up due for its check, for a user's to-do list.
type AssessmentTodo struct {
	ID           string  `json:"id"`
	Project      string  `json:"project"`
	RegionCode   string  `json:"regionCode"`
	Reason       Warning `json:"reason"`
	NextReviewOn string  `json:"nextReviewOn"`
	Unmet        int     `json:"unmet"`
}

// Todo lists the open follow-ups inside region that are overdue or due soon for their check, overdue first,
// then by check date.
func (b *AssessmentBook) Todo(region string, now time.Time) []AssessmentTodo {
	out := []AssessmentTodo{}
	for _, a := range b.List(AssessmentFilter{Region: region, FollowUp: AssessmentFollowUpOpen}) {
		if w := a.ReviewWarning(now); w != WarningNone {
			out = append(out, AssessmentTodo{ID: a.ID, Project: a.Project, RegionCode: a.RegionCode, Reason: w,
				NextReviewOn: a.NextReviewOn, Unmet: a.Unmet()})
		}
	}
	slices.SortStableFunc(out, func(x, y AssessmentTodo) int {
		if (x.Reason == WarningOverdue) != (y.Reason == WarningOverdue) {
			if x.Reason == WarningOverdue {
				return -1
			}
			return 1
		}
		return strings.Compare(x.NextReviewOn, y.NextReviewOn)
	})
	return out
}
