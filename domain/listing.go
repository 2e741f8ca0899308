package domain

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Listed supervision (挂牌督办): a city or county lists a key area (a township) or a key problem (a risk hazard,
// a group of cases) for supervision, with requirements and a rectification deadline (整改期限). The listed
// unit — the target's township — reports progress at a set interval; the lister delists it (摘牌, with a
// conclusion) or extends the deadline (with a reason). The level is the lister's (市级, 县级); 省级 is recorded
// when a city or county enters an item the province listed, with the notice's number.

// ListingLevel is who listed the item.
type ListingLevel string

const (
	ListingProvincial ListingLevel = "provincial"
	ListingMunicipal  ListingLevel = "municipal"
	ListingCounty     ListingLevel = "county"
)

// ListingTarget is what is listed.
type ListingTarget string

const (
	ListingTownship ListingTarget = "township"
	ListingHazard   ListingTarget = "hazard"
	ListingCases    ListingTarget = "cases"
)

// ListingStatus is 督办中 or 已摘牌.
type ListingStatus string

const (
	ListingListed   ListingStatus = "listed"
	ListingDelisted ListingStatus = "delisted"
)

// ListingSide says who takes a step: the lister's region (or above it) or the listed unit.
type ListingSide string

const (
	ListingLister     ListingSide = "lister"
	ListingListedUnit ListingSide = "unit"
)

// ListingTransition is one row of the listing lifecycle; To "" keeps the status.
type ListingTransition struct {
	Action string
	From   []ListingStatus
	To     ListingStatus
	By     ListingSide
}

// ListingTransitions is the listing lifecycle, in the order the board offers the actions.
var ListingTransitions = []ListingTransition{
	{Action: "progress", From: []ListingStatus{ListingListed}, By: ListingListedUnit},
	{Action: "extend", From: []ListingStatus{ListingListed}, By: ListingLister},
	{Action: "delist", From: []ListingStatus{ListingListed}, To: ListingDelisted, By: ListingLister},
}

// DefaultReportEveryDays is how often the listed unit reports progress unless the listing says otherwise
// (半月一报, as listing notices usually ask).
const DefaultReportEveryDays = 15

// ListingReportGrace is how long before a progress report falls due it shows on the listed unit's to-do list.
const ListingReportGrace = 3 * 24 * time.Hour

// Listing is one item under listed supervision (collection listings, _id its number).
type Listing struct {
	// ID is {listerRegion}-GP-{year}-{seq:03}.
	ID           string        `bson:"_id" json:"id"`
	Level        ListingLevel  `bson:"level" json:"level"`
	Notice       string        `bson:"notice,omitempty" json:"notice,omitempty"`
	ListerRegion string        `bson:"listerRegion" json:"listerRegion"`
	Title        string        `bson:"title" json:"title"`
	Requirements string        `bson:"requirements" json:"requirements"`
	Target       ListingTarget `bson:"target" json:"target"`
	TownshipCode string        `bson:"townshipCode" json:"townshipCode"`
	CountyCode   string        `bson:"countyCode" json:"countyCode"`
	HazardID     string        `bson:"hazardId,omitempty" json:"hazardId,omitempty"`
	CaseIDs      []string      `bson:"caseIds,omitempty" json:"caseIds,omitempty"`
	Deadline     time.Time     `bson:"deadline" json:"deadline"`
	// ReportEveryDays: the listed unit reports progress at least this often.
	ReportEveryDays int           `bson:"reportEveryDays" json:"reportEveryDays"`
	Status          ListingStatus `bson:"status" json:"status"`
	Version         int           `bson:"version" json:"version"`
	ListedAt        time.Time     `bson:"listedAt" json:"listedAt"`
	ListedBy        Actor         `bson:"listedBy" json:"listedBy"`
	LastProgressAt  *time.Time    `bson:"lastProgressAt,omitempty" json:"lastProgressAt,omitempty"`
	DelistedAt      *time.Time    `bson:"delistedAt,omitempty" json:"delistedAt,omitempty"`
	Conclusion      string        `bson:"conclusion,omitempty" json:"conclusion,omitempty"`
	Timeline        []StepEvent   `bson:"timeline" json:"timeline"`
	CreatedAt       time.Time     `bson:"createdAt" json:"createdAt"`
	UpdatedAt       time.Time     `bson:"updatedAt" json:"updatedAt"`

	Stamp `bson:",inline" json:"-"` // the last write's change number
}

// ListingInput is the body of POST /api/v1/listings. Exactly one target: townshipCode (a key area), hazardId
// or caseIds (all of one township).
type ListingInput struct {
	Level           string     `json:"level" validate:"omitempty,enum=listingLevel" label:"挂牌级别"`
	Notice          string     `json:"notice" validate:"max=100,singleline" label:"挂牌文号"`
	Title           string     `json:"title" validate:"required,max=200,singleline" label:"督办事项"`
	Requirements    string     `json:"requirements" validate:"required,max=5000,multiline" label:"整改要求"`
	Target          string     `json:"target" validate:"required,enum=listingTarget" label:"挂牌对象"`
	TownshipCode    string     `json:"townshipCode" validate:"max=20,singleline" label:"乡镇（街道）"`
	HazardID        string     `json:"hazardId" validate:"max=60,singleline" label:"风险隐患"`
	CaseIDs         []string   `json:"caseIds" validate:"max=100,dive,max=60,singleline" label:"案件"`
	Deadline        *time.Time `json:"deadline" label:"整改期限"`
	ReportEveryDays int        `json:"reportEveryDays" validate:"min=0,max=90" label:"进展报送周期（天）"`
	At              *time.Time `json:"at" label:"挂牌时间"`

	atDateOnly bool
}

// UnmarshalJSON decodes strictly, accepting bare dates for deadline (end of that day) and at (that day).
func (in *ListingInput) UnmarshalJSON(b []byte) error {
	type plain ListingInput
	aux := struct {
		*plain
		Deadline flexTime `json:"deadline"`
		At       flexTime `json:"at"`
	}{plain: (*plain)(in), Deadline: flexTimePtr(&in.Deadline, "deadline", true), At: flexTimePtr(&in.At, "at", true)}
	aux.At.dateOnly = &in.atDateOnly
	return decodeStrict(b, &aux)
}

// ListingActionInput is the body of POST /api/v1/listings/{id}/actions.
type ListingActionInput struct {
	Action     string     `json:"action" validate:"required,enum=listingAction" label:"操作"`
	Version    int        `json:"version" validate:"required,min=1" label:"版本号"`
	Note       string     `json:"note" validate:"max=5000,multiline" label:"整改进展"`
	Reason     string     `json:"reason" validate:"max=1000,multiline" label:"延期理由"`
	Conclusion string     `json:"conclusion" validate:"max=5000,multiline" label:"摘牌结论"`
	Deadline   *time.Time `json:"deadline" label:"新的整改期限"`
	At         *time.Time `json:"at" label:"发生时间"`

	atDateOnly bool
}

// UnmarshalJSON decodes strictly, accepting bare dates for deadline and at.
func (in *ListingActionInput) UnmarshalJSON(b []byte) error {
	type plain ListingActionInput
	aux := struct {
		*plain
		Deadline flexTime `json:"deadline"`
		At       flexTime `json:"at"`
	}{plain: (*plain)(in), Deadline: flexTimePtr(&in.Deadline, "deadline", true), At: flexTimePtr(&in.At, "at", true)}
	aux.At.dateOnly = &in.atDateOnly
	return decodeStrict(b, &aux)
}

// ListingTargetOf is what a listing's target resolves to, found by the write path: the township it lies in.
// Hazard and cases are looked up by the caller (the hazard in the ledger, the cases in the case index) within
// the lister's scope; a target the lister does not see is reported not found there.
type ListingTargetOf struct {
	TownshipCode string
}

// NewListing builds a listing by a county or city leader or admin, numbered id, for a target in the township
// the caller resolved (target.TownshipCode).
func NewListing(in ListingInput, id string, target ListingTargetOf, by *User, regions *RegionTree, now time.Time) (*Listing, error) {
	if err := Validate(in); err != nil {
		return nil, err
	}
	if err := mayList(by, regions); err != nil {
		return nil, err
	}
	level, err := listingLevel(in, by, regions)
	if err != nil {
		return nil, err
	}
	if !regions.Contains(by.RegionCode, target.TownshipCode) {
		return nil, ErrOutOfRegion
	}
	at, err := stepTime(in.At, in.atDateOnly, time.Time{}, now)
	if err != nil {
		return nil, err
	}
	if f := checkDeadline(in.Deadline, at, true); f != nil {
		return nil, Invalid(*f)
	}
	every := in.ReportEveryDays
	if every == 0 {
		every = DefaultReportEveryDays
	}
	l := &Listing{ID: id, Level: level, Notice: strings.TrimSpace(in.Notice), ListerRegion: by.RegionCode,
		Title: strings.TrimSpace(in.Title), Requirements: strings.TrimSpace(in.Requirements), Target: ListingTarget(in.Target),
		TownshipCode: target.TownshipCode, CountyCode: regions.CountyOf(target.TownshipCode), Deadline: in.Deadline.In(Shanghai),
		ReportEveryDays: every, Status: ListingListed, Version: 1, ListedAt: at, ListedBy: by.Actor(), CreatedAt: now, UpdatedAt: now}
	switch l.Target {
	case ListingHazard:
		l.HazardID = in.HazardID
	case ListingCases:
		l.CaseIDs = slices.Compact(slices.Sorted(slices.Values(in.CaseIDs)))
	}
	l.Timeline = []StepEvent{{At: at, RecordedAt: now, Actor: by.Actor(), Action: "list", To: string(ListingListed),
		Note: l.Requirements, Deadline: &l.Deadline}}
	return l, nil
}

// CheckListingTarget checks, before the target is looked up, that the user may list and that the input names
// the target of its kind.
func CheckListingTarget(in ListingInput, by *User, regions *RegionTree) error {
	if err := Validate(in); err != nil {
		return err
	}
	if err := mayList(by, regions); err != nil {
		return err
	}
	if _, err := listingLevel(in, by, regions); err != nil {
		return err
	}
	switch ListingTarget(in.Target) {
	case ListingTownship:
		if in.TownshipCode == "" {
			return Invalid(FieldError{Field: "townshipCode", Message: "挂牌重点地区须选择乡镇（街道）"})
		}
	case ListingHazard:
		if in.HazardID == "" {
			return Invalid(FieldError{Field: "hazardId", Message: "挂牌风险隐患须选择隐患"})
		}
	case ListingCases:
		if len(in.CaseIDs) == 0 {
			return Invalid(FieldError{Field: "caseIds", Message: "挂牌突出问题须选择至少一件案件"})
		}
	}
	return nil
}

// mayList: leaders and admins of a county or the city list items for supervision.
func mayList(by *User, regions *RegionTree) error {
	r, ok := regions.Get(by.RegionCode)
	if !ok || r.Level == LevelTownship || (by.Role != RoleLeader && by.Role != RoleAdmin) {
		return ErrListingRole
	}
	return nil
}

// listingLevel is the lister's level (市级 for the city, 县级 for a county); 省级 may be recorded by either
// with the provincial notice's number; a county cannot record a 市级 listing.
func listingLevel(in ListingInput, by *User, regions *RegionTree) (ListingLevel, error) {
	r, _ := regions.Get(by.RegionCode)
	own := ListingCounty
	if r.Level == LevelCity {
		own = ListingMunicipal
	}
	switch ListingLevel(in.Level) {
	case "", own:
		return own, nil
	case ListingProvincial:
		if strings.TrimSpace(in.Notice) == "" {
			return "", Invalid(FieldError{Field: "notice", Message: "登记省级挂牌事项须填写省级挂牌文号"})
		}
		return ListingProvincial, nil
	}
	return "", Invalid(FieldError{Field: "level", Message: "挂牌级别应为本级（" + LabelOf(ListingLevels, string(own)) + "）或省级"})
}

// SeesListing: the lister's region and the listed unit see a listing — every user whose region holds the
// target's township (the lister's region holds it by construction).
func SeesListing(by *User, l *Listing, regions *RegionTree) bool {
	return by != nil && by.RegionCode != "" && regions.Contains(by.RegionCode, l.TownshipCode)
}

func (t ListingTransition) mayTake(by *User, l *Listing, regions *RegionTree) error {
	if t.By == ListingLister {
		if (by.Role != RoleLeader && by.Role != RoleAdmin) || !regions.Contains(by.RegionCode, l.ListerRegion) {
			return ErrListingNotLister
		}
		return nil
	}
	if by.Role == RoleLeader || by.RegionCode != l.TownshipCode {
		return ErrListingNotListedUnit
	}
	return nil
}

// ListingAllowedActions lists the actions the user may take on the listing now. Never nil.
func ListingAllowedActions(l *Listing, by *User, regions *RegionTree) []string {
	out := []string{}
	if !SeesListing(by, l, regions) {
		return out
	}
	for _, t := range ListingTransitions {
		if slices.Contains(t.From, l.Status) && t.mayTake(by, l, regions) == nil {
			out = append(out, t.Action)
		}
	}
	return out
}

// ApplyListing takes one step on a copy of l (scope and version are the write path's).
func ApplyListing(l *Listing, in ListingActionInput, by *User, regions *RegionTree, now time.Time) (*Listing, error) {
	if err := Validate(in); err != nil {
		return nil, err
	}
	var t ListingTransition
	for _, row := range ListingTransitions {
		if row.Action == in.Action {
			t = row
		}
	}
	if t.Action == "" {
		return nil, Invalid(FieldError{Field: "action", Message: "操作「" + in.Action + "」不能在此提交"})
	}
	if err := t.mayTake(by, l, regions); err != nil {
		return nil, err
	}
	if !slices.Contains(t.From, l.Status) {
		return nil, ErrListingTransition
	}
	at, err := stepTime(in.At, in.atDateOnly, lastStep(l.Timeline), now)
	if err != nil {
		return nil, err
	}
	n := *l
	n.Timeline = slices.Clone(l.Timeline)
	ev := StepEvent{At: at, RecordedAt: now, Actor: by.Actor(), Action: in.Action, From: string(l.Status), To: string(l.Status)}
	switch in.Action {
	case "progress":
		if strings.TrimSpace(in.Note) == "" {
			return nil, Invalid(FieldError{Field: "note", Message: "整改进展为必填字段"})
		}
		ev.Note = strings.TrimSpace(in.Note)
		n.LastProgressAt = &at
	case "extend":
		var fields []FieldError
		if strings.TrimSpace(in.Reason) == "" {
			fields = append(fields, FieldError{Field: "reason", Message: "延期理由为必填字段"})
		}
		if in.Deadline == nil {
			fields = append(fields, FieldError{Field: "deadline", Message: "新的整改期限为必填字段"})
		} else if !in.Deadline.After(l.Deadline) {
			fields = append(fields, FieldError{Field: "deadline", Message: "新的整改期限应晚于原期限（" + l.Deadline.In(Shanghai).Format(time.DateOnly) + "）"})
		} else if f := checkDeadline(in.Deadline, at, true); f != nil {
			fields = append(fields, *f)
		}
		if len(fields) > 0 {
			return nil, Invalid(fields...)
		}
		n.Deadline = in.Deadline.In(Shanghai)
		ev.Deadline = &n.Deadline
		ev.Note = strings.TrimSpace(in.Reason)
	case "delist":
		if strings.TrimSpace(in.Conclusion) == "" {
			return nil, Invalid(FieldError{Field: "conclusion", Message: "摘牌结论为必填字段"})
		}
		n.Conclusion = strings.TrimSpace(in.Conclusion)
		n.DelistedAt = &at
		ev.Note = n.Conclusion
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

// Overdue reports whether a listed item is past its deadline and not delisted.
func (l *Listing) Overdue(now time.Time) bool {
	return l.Status == ListingListed && now.After(l.Deadline)
}

// ProgressDue is when the listed unit's next progress report falls due: ReportEveryDays after the last one
// (or the listing). Zero once delisted.
func (l *Listing) ProgressDue() time.Time {
	if l.Status != ListingListed {
		return time.Time{}
	}
	last := l.ListedAt
	if l.LastProgressAt != nil {
		last = *l.LastProgressAt
	}
	return last.AddDate(0, 0, l.ReportEveryDays)
}

// listingLevelRank orders the board: 省级, 市级, 县级.
func listingLevelRank(l ListingLevel) int {
	return slices.IndexFunc(ListingLevels, func(o Option) bool { return o.Code == string(l) })
}

// String names a listing in messages.
func (l *Listing) String() string {
	return fmt.Sprintf("%s（%s）", l.Title, LabelOf(ListingLevels, string(l.Level)))
}
