package domain

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Risk hazards (风险隐患台账), as the 风险隐患大排查大整治 campaigns keep them: a hazard is registered (登记),
// assessed (研判: the level may change), put under rectification (整治: 责任单位, 责任人, 整改期限) with progress
// notes, checked by the level above (验收: the county for a township's hazard), then cleared (销号). A cleared
// hazard that recurs is reopened (复发) and assessed again. Each step is one entry of the timeline.

// HazardStatus is where a hazard stands.
type HazardStatus string

const (
	HazardRegistered HazardStatus = "registered" // 待研判
	HazardAssessed   HazardStatus = "assessed"   // 已研判
	HazardRectifying HazardStatus = "rectifying" // 整治中
	HazardChecking   HazardStatus = "checking"   // 待验收
	HazardCleared    HazardStatus = "cleared"    // 已销号
)

// HazardSide says who may take a step: the unit that owns the hazard (any working role whose region holds
// its township) or the level above it (a user of a region strictly above the township, leaders included).
type HazardSide string

const (
	HazardUnit  HazardSide = "unit"
	HazardAbove HazardSide = "above"
)

// HazardTransition is one row of the hazard lifecycle: from which statuses an action goes where, and who
// takes it. To "" keeps the status.
type HazardTransition struct {
	Action string
	From   []HazardStatus
	To     HazardStatus
	By     HazardSide
}

// HazardTransitions is the hazard lifecycle, in the order the hazard page offers the actions.
var HazardTransitions = []HazardTransition{
	{Action: "assess", From: []HazardStatus{HazardRegistered, HazardAssessed}, To: HazardAssessed, By: HazardUnit},
	{Action: "rectify", From: []HazardStatus{HazardAssessed}, To: HazardRectifying, By: HazardUnit},
	{Action: "progress", From: []HazardStatus{HazardRectifying}, By: HazardUnit},
	{Action: "request_check", From: []HazardStatus{HazardRectifying}, To: HazardChecking, By: HazardUnit},
	{Action: "pass", From: []HazardStatus{HazardChecking}, To: HazardCleared, By: HazardAbove},
	{Action: "send_back", From: []HazardStatus{HazardChecking}, To: HazardRectifying, By: HazardAbove},
	{Action: "reopen", From: []HazardStatus{HazardCleared}, To: HazardRegistered, By: HazardUnit},
}

// Hazard is one entry of the risk-hazard ledger (collection hazards, _id its number).
type Hazard struct {
	// ID is the hazard's number, {townshipCode}-YH-{year}-{seq:04}.
	ID           string       `bson:"_id" json:"id"`
	Type         string       `bson:"type" json:"type"`
	Title        string       `bson:"title" json:"title"`
	Description  string       `bson:"description" json:"description"`
	TownshipCode string       `bson:"townshipCode" json:"townshipCode"`
	CountyCode   string       `bson:"countyCode" json:"countyCode"`
	Place        string       `bson:"place,omitempty" json:"place"`
	Level        string       `bson:"level" json:"level"`
	PeopleCount  int          `bson:"peopleCount" json:"peopleCount"`
	People       string       `bson:"people,omitempty" json:"people"`
	FoundBy      string       `bson:"foundBy,omitempty" json:"foundBy"`
	FoundAt      time.Time    `bson:"foundAt" json:"foundAt"`
	RoundID      string       `bson:"roundId,omitempty" json:"roundId,omitempty"`
	Status       HazardStatus `bson:"status" json:"status"`
	Version      int          `bson:"version" json:"version"`
	Assessment   string       `bson:"assessment,omitempty" json:"assessment,omitempty"`
	// Rectification is the current 整治: who answers for it and by when. Set by rectify, kept after 销号.
	Rectification *Rectification `bson:"rectification,omitempty" json:"rectification,omitempty"`
	ClearedAt     *time.Time     `bson:"clearedAt,omitempty" json:"clearedAt,omitempty"`
	ReopenCount   int            `bson:"reopenCount" json:"reopenCount"`
	Timeline      []StepEvent    `bson:"timeline" json:"timeline"`
	CreatedAt     time.Time      `bson:"createdAt" json:"createdAt"`
	UpdatedAt     time.Time      `bson:"updatedAt" json:"updatedAt"`

	Stamp `bson:",inline" json:"-"` // the last write's change number
}

// Rectification is a hazard's 整治: 责任单位, 责任人, measures and the deadline (整改期限).
type Rectification struct {
	Unit      string    `bson:"unit" json:"unit"`
	Person    string    `bson:"person" json:"person"`
	Measures  string    `bson:"measures,omitempty" json:"measures,omitempty"`
	StartedAt time.Time `bson:"startedAt" json:"startedAt"`
	Deadline  time.Time `bson:"deadline" json:"deadline"`
}

// StepEvent is one step on the timeline of a hazard or a listing: when it happened (at, which may be stated
// for a step taken earlier), when and by whom it was recorded, and what it changed.
type StepEvent struct {
	At         time.Time `bson:"at" json:"at"`
	RecordedAt time.Time `bson:"recordedAt" json:"recordedAt"`
	Actor      Actor     `bson:"actor" json:"actor"`
	Action     string    `bson:"action" json:"action"`
	From       string    `bson:"from,omitempty" json:"from,omitempty"`
	To         string    `bson:"to,omitempty" json:"to,omitempty"`
	Note       string    `bson:"note,omitempty" json:"note,omitempty"`
	// Level is the level a 研判 set; Deadline the deadline a step set (整治, 退回, 延期).
	Level    string     `bson:"level,omitempty" json:"level,omitempty"`
	Deadline *time.Time `bson:"deadline,omitempty" json:"deadline,omitempty"`
}

// HazardInput is the body of POST /api/v1/hazards.
type HazardInput struct {
	Type         string     `json:"type" validate:"required,enum=hazardType" label:"隐患类型"`
	Title        string     `json:"title" validate:"required,max=200,singleline" label:"隐患名称"`
	Description  string     `json:"description" validate:"required,max=5000,multiline" label:"隐患描述"`
	TownshipCode string     `json:"townshipCode" validate:"required,max=20,singleline" label:"乡镇（街道）"`
	Place        string     `json:"place" validate:"max=200,singleline" label:"具体地点"`
	Level        string     `json:"level" validate:"required,enum=riskLevel" label:"风险等级"`
	PeopleCount  int        `json:"peopleCount" validate:"min=0,max=100000" label:"涉及人数"`
	People       string     `json:"people" validate:"max=1000,multiline" label:"涉及人员"`
	FoundBy      string     `json:"foundBy" validate:"max=100,singleline" label:"发现人（单位）"`
	FoundAt      *time.Time `json:"foundAt" label:"发现时间"`
	RoundID      string     `json:"roundId" validate:"max=100,singleline" label:"排查轮次"`
}

// UnmarshalJSON decodes strictly, accepting a bare date for foundAt.
func (in *HazardInput) UnmarshalJSON(b []byte) error {
	type plain HazardInput
	aux := struct {
		*plain
		FoundAt flexTime `json:"foundAt"`
	}{plain: (*plain)(in), FoundAt: flexTimePtr(&in.FoundAt, "foundAt", true)}
	return decodeStrict(b, &aux)
}

// HazardActionInput is the body of POST /api/v1/hazards/{id}/actions.
type HazardActionInput struct {
	Action            string     `json:"action" validate:"required,enum=hazardAction" label:"操作"`
	Version           int        `json:"version" validate:"required,min=1" label:"版本号"`
	Note              string     `json:"note" validate:"max=5000,multiline" label:"说明"`
	Assessment        string     `json:"assessment" validate:"max=5000,multiline" label:"研判意见"`
	Level             string     `json:"level" validate:"omitempty,enum=riskLevel" label:"风险等级"`
	ResponsibleUnit   string     `json:"responsibleUnit" validate:"max=100,singleline" label:"责任单位"`
	ResponsiblePerson string     `json:"responsiblePerson" validate:"max=50,singleline" label:"责任人"`
	Measures          string     `json:"measures" validate:"max=5000,multiline" label:"整治措施"`
	Deadline          *time.Time `json:"deadline" label:"整改期限"`
	Reason            string     `json:"reason" validate:"max=1000,multiline" label:"理由"`
	At                *time.Time `json:"at" label:"发生时间"`

	atDateOnly bool
}

// UnmarshalJSON decodes strictly, accepting bare dates for deadline (the end of that day) and at (that day).
func (in *HazardActionInput) UnmarshalJSON(b []byte) error {
	type plain HazardActionInput
	aux := struct {
		*plain
		Deadline flexTime `json:"deadline"`
		At       flexTime `json:"at"`
	}{plain: (*plain)(in), Deadline: flexTimePtr(&in.Deadline, "deadline", true), At: flexTimePtr(&in.At, "at", true)}
	aux.At.dateOnly = &in.atDateOnly
	return decodeStrict(b, &aux)
}

// MaxHazardTermDays bounds a 整改期限 (a year from the step that sets it).
const MaxHazardTermDays = 366

// NewHazard builds a registered hazard from its intake, numbered id, by a user whose region holds the township.
func NewHazard(in HazardInput, id string, by *User, regions *RegionTree, now time.Time) (*Hazard, error) {
	if err := Validate(in); err != nil {
		return nil, err
	}
	if err := mayWorkHazards(by); err != nil {
		return nil, err
	}
	r, ok := regions.Get(in.TownshipCode)
	if !ok || r.Level != LevelTownship {
		return nil, Invalid(FieldError{Field: "townshipCode", Message: "乡镇（街道）代码「" + in.TownshipCode + "」不存在"})
	}
	if !regions.Contains(by.RegionCode, in.TownshipCode) {
		return nil, ErrOutOfRegion
	}
	found := now
	if in.FoundAt != nil {
		found = in.FoundAt.Truncate(time.Millisecond).In(Shanghai)
		if found.After(now) {
			found = now // a bare date of today
		}
		if found.Before(earliestRegistration) {
			return nil, Invalid(FieldError{Field: "foundAt", Message: "发现时间应在2000年以后"})
		}
	}
	h := &Hazard{ID: id, Type: in.Type, Title: strings.TrimSpace(in.Title), Description: in.Description,
		TownshipCode: in.TownshipCode, CountyCode: regions.CountyOf(in.TownshipCode), Place: in.Place, Level: in.Level,
		PeopleCount: in.PeopleCount, People: in.People, FoundBy: in.FoundBy, FoundAt: found, RoundID: in.RoundID,
		Status: HazardRegistered, Version: 1, CreatedAt: now, UpdatedAt: now}
	h.Timeline = []StepEvent{{At: found, RecordedAt: now, Actor: by.Actor(), Action: "register", To: string(HazardRegistered),
		Level: in.Level}}
	return h, nil
}

// mayWorkHazards: leaders read the ledger and check (验收) it; they do not keep it.
func mayWorkHazards(by *User) error {
	if by.Role == RoleLeader {
		return ErrHazardRole
	}
	return nil
}

func hazardTransition(action string) (HazardTransition, bool) {
	for _, t := range HazardTransitions {
		if t.Action == action {
			return t, true
		}
	}
	return HazardTransition{}, false
}

// mayTake says whether the user may take the transition on a hazard of township (scope is checked first).
func (t HazardTransition) mayTake(by *User, township string, regions *RegionTree) error {
	switch t.By {
	case HazardAbove:
		if by.RegionCode == township || !regions.Contains(by.RegionCode, township) {
			return ErrHazardNotAbove
		}
	default:
		return mayWorkHazards(by)
	}
	return nil
}

// SeesHazard reports whether the user's region holds the hazard's township (every role reads the ledger).
func SeesHazard(by *User, h *Hazard, regions *RegionTree) bool {
	return by != nil && by.RegionCode != "" && regions.Contains(by.RegionCode, h.TownshipCode)
}

// HazardAllowedActions lists the actions the user may take on the hazard now, in table order. Never nil.
func HazardAllowedActions(h *Hazard, by *User, regions *RegionTree) []string {
	out := []string{}
	if !SeesHazard(by, h, regions) {
		return out
	}
	for _, t := range HazardTransitions {
		if slices.Contains(t.From, h.Status) && t.mayTake(by, h.TownshipCode, regions) == nil {
			out = append(out, t.Action)
		}
	}
	return out
}

// ApplyHazard takes one step on a copy of h and returns it: scope and the version are checked by the caller
// (the write path); the step's side, the status and its fields here.
func ApplyHazard(h *Hazard, in HazardActionInput, by *User, regions *RegionTree, now time.Time) (*Hazard, error) {
	if err := Validate(in); err != nil {
		return nil, err
	}
	t, ok := hazardTransition(in.Action)
	if !ok {
		return nil, Invalid(FieldError{Field: "action", Message: "操作「" + in.Action + "」不能在此提交"})
	}
	if err := t.mayTake(by, h.TownshipCode, regions); err != nil {
		return nil, err
	}
	if !slices.Contains(t.From, h.Status) {
		return nil, ErrHazardTransition.WithMessage(fmt.Sprintf("隐患当前为「%s」，不能%s",
			LabelOf(HazardStatuses, string(h.Status)), LabelOf(HazardActions, in.Action)))
	}
	at, err := stepTime(in.At, in.atDateOnly, lastStep(h.Timeline), now)
	if err != nil {
		return nil, err
	}
	n := *h
	n.Timeline = slices.Clone(h.Timeline)
	if h.Rectification != nil {
		r := *h.Rectification
		n.Rectification = &r
	}
	ev := StepEvent{At: at, RecordedAt: now, Actor: by.Actor(), Action: in.Action, From: string(h.Status), To: string(h.Status),
		Note: strings.TrimSpace(in.Note)}
	required := func(field, label, value string) error {
		if strings.TrimSpace(value) == "" {
			return Invalid(FieldError{Field: field, Message: label + "为必填字段"})
		}
		return nil
	}
	switch in.Action {
	case "assess":
		if err := required("assessment", "研判意见", in.Assessment); err != nil {
			return nil, err
		}
		n.Assessment = strings.TrimSpace(in.Assessment)
		ev.Note = n.Assessment
		if in.Level != "" {
			n.Level = in.Level
		}
		ev.Level = n.Level
	case "rectify":
		var fields []FieldError
		if strings.TrimSpace(in.ResponsibleUnit) == "" {
			fields = append(fields, FieldError{Field: "responsibleUnit", Message: "责任单位为必填字段"})
		}
		if strings.TrimSpace(in.ResponsiblePerson) == "" {
			fields = append(fields, FieldError{Field: "responsiblePerson", Message: "责任人为必填字段"})
		}
		if f := checkDeadline(in.Deadline, at, true); f != nil {
			fields = append(fields, *f)
		}
		if len(fields) > 0 {
			return nil, Invalid(fields...)
		}
		n.Rectification = &Rectification{Unit: strings.TrimSpace(in.ResponsibleUnit), Person: strings.TrimSpace(in.ResponsiblePerson),
			Measures: strings.TrimSpace(in.Measures), StartedAt: at, Deadline: in.Deadline.In(Shanghai)}
		ev.Deadline = &n.Rectification.Deadline
		if ev.Note == "" {
			ev.Note = n.Rectification.Measures
		}
	case "progress":
		if err := required("note", "整治进展", in.Note); err != nil {
			return nil, err
		}
	case "send_back", "reopen":
		if err := required("reason", "理由", in.Reason); err != nil {
			return nil, err
		}
		ev.Note = strings.TrimSpace(in.Reason)
		if in.Action == "send_back" && in.Deadline != nil {
			if f := checkDeadline(in.Deadline, at, false); f != nil {
				return nil, Invalid(*f)
			}
			n.Rectification.Deadline = in.Deadline.In(Shanghai)
			ev.Deadline = &n.Rectification.Deadline
		}
		if in.Action == "reopen" {
			n.ReopenCount++
			n.ClearedAt = nil
		}
	case "pass":
		n.ClearedAt = &at
	}
	if t.To != "" {
		n.Status = t.To
		ev.To = string(t.To)
	}
	n.Timeline = append(n.Timeline, ev)
	n.Version++
	n.UpdatedAt = now
	return &n, nil
}

// checkDeadline checks a 整改期限 set at `at`: required or not, after at, within MaxHazardTermDays.
func checkDeadline(d *time.Time, at time.Time, required bool) *FieldError {
	switch {
	case d == nil && required:
		return &FieldError{Field: "deadline", Message: "整改期限为必填字段"}
	case d == nil:
		return nil
	case !d.After(at):
		return &FieldError{Field: "deadline", Message: "整改期限应晚于发生时间"}
	case d.After(at.AddDate(0, 0, MaxHazardTermDays)):
		return &FieldError{Field: "deadline", Message: fmt.Sprintf("整改期限不能超过%d天", MaxHazardTermDays)}
	}
	return nil
}

func lastStep(tl []StepEvent) time.Time {
	if len(tl) == 0 {
		return time.Time{}
	}
	return tl[len(tl)-1].At
}

// stepTime is when a step happened: its stated `at` (a bare date: that day, as late as now allows), else now;
// under the rule of case actions: not in the future, not before the previous step (the same minute reads as
// that step's time), at most MaxBackdateDays back.
func stepTime(stated *time.Time, dateOnly bool, prev, now time.Time) (time.Time, error) {
	if stated == nil {
		if now.Before(prev) {
			return prev, nil
		}
		return now, nil
	}
	at := stated.Truncate(time.Millisecond).In(Shanghai)
	if dateOnly && at.After(now) {
		at = now
	}
	if at.Before(prev) && !at.Before(prev.Truncate(time.Minute)) {
		at = prev
	}
	bad := func(msg string) error { return Invalid(FieldError{Field: "at", Message: msg}) }
	switch {
	case at.Before(earliestRegistration) || !at.Before(latestDate):
		return time.Time{}, bad("发生时间应在2000年至2099年之间")
	case at.After(now.Add(clockSkew)):
		return time.Time{}, bad("发生时间不能晚于当前时间")
	case at.Before(now.AddDate(0, 0, -MaxBackdateDays)):
		return time.Time{}, bad(fmt.Sprintf("发生时间只能补录%d天以内的", MaxBackdateDays))
	case at.Before(prev):
		return time.Time{}, bad("发生时间不能早于上一步（" + prev.In(Shanghai).Format("2006-01-02 15:04") + "）")
	}
	return at, nil
}

// Warning grades the 整改期限 while the hazard is under rectification (it stands still while 验收 is
// pending, as a petition case's clock does under review): overdue once past, due soon once the elapsed share
// of the term reaches threshold.
func (h *Hazard) Warning(now time.Time, threshold float64) Warning {
	if h.Status != HazardRectifying || h.Rectification == nil {
		return WarningNone
	}
	return termWarning(h.Rectification.StartedAt, h.Rectification.Deadline, now, threshold)
}

// Overdue reports whether the hazard's rectification is past its deadline.
func (h *Hazard) Overdue(now time.Time) bool {
	return h.Warning(now, 1) == WarningOverdue
}

// Open reports whether the hazard is not cleared.
func (h *Hazard) Open() bool { return h.Status != HazardCleared }
