package domain

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// People's mediation committees (人民调解委员会, 人民调解法 art. 7–8, 34) and their mediators.
//
// Every township and every county has a committee of its own that nobody has to enter: the township's
// (乡镇（街道）人民调解委员会, ID = the township code) and the county's (县级, ID = the county code). They are
// derived from the region tree; saving one stores it with the same ID (to keep its roster). Village
// committees sit under their township (villages are not in the region table); county-level and
// professional committees (医调委, 交调委, 劳动争议, …) under their county or the city. Committees added by
// hand get the ID {regionCode}-C{seq:03}.

// Mediator is one person on a committee's roster (人民调解员).
type Mediator struct {
	Name   string `bson:"name" json:"name"`
	Type   string `bson:"type" json:"type"` // full_time 专职, part_time 兼职
	Phone  string `bson:"phone,omitempty" json:"phone,omitempty"`
	Active bool   `bson:"active" json:"active"`
}

// Committee is one people's mediation committee with its roster. Version 0: derived, never saved.
type Committee struct {
	ID         string     `bson:"_id" json:"id"`
	Name       string     `bson:"name" json:"name"`
	Kind       string     `bson:"kind" json:"kind"`
	Field      string     `bson:"field,omitempty" json:"field,omitempty"` // professional committees: 医疗, 交通, …
	RegionCode string     `bson:"regionCode" json:"regionCode"`
	Village    string     `bson:"village,omitempty" json:"village,omitempty"` // village committees: 村（社区）名
	Mediators  []Mediator `bson:"mediators" json:"mediators"`
	Active     bool       `bson:"active" json:"active"`
	Version    int        `bson:"version" json:"version"`
	Derived    bool       `bson:"-" json:"derived"`
	UpdatedAt  time.Time  `bson:"updatedAt,omitempty" json:"updatedAt,omitempty"`
	UpdatedBy  Actor      `bson:"updatedBy,omitempty" json:"updatedBy,omitempty"`

	Stamp `bson:",inline" json:"-"` // the last write's change number
}

// Level is where the committee stands in 三级联调: 1 village, 2 township, 3 county (county-level and
// professional committees).
func (c Committee) Level() int {
	switch c.Kind {
	case "village":
		return 1
	case "township":
		return 2
	}
	return 3
}

// HasMediator reports whether name is an active mediator on the roster.
func (c Committee) HasMediator(name string) bool {
	return slices.ContainsFunc(c.Mediators, func(m Mediator) bool { return m.Active && m.Name == name })
}

// CommitteeInput is the body of POST /api/v1/committees and PUT /api/v1/committees/{id}.
type CommitteeInput struct {
	Name       string          `json:"name" validate:"required,max=100,singleline" label:"调委会名称"`
	Kind       string          `json:"kind" validate:"required,enum=committeeKind" label:"调委会类型"`
	Field      string          `json:"field" validate:"omitempty,enum=committeeField" label:"专业领域"`
	RegionCode string          `json:"regionCode" validate:"required,max=20,singleline" label:"所在区域"`
	Village    string          `json:"village" validate:"max=100,singleline" label:"村（社区）"`
	Mediators  []MediatorInput `json:"mediators" validate:"max=500,dive" label:"调解员"`
	Active     *bool           `json:"active" label:"是否启用"`
	// Version is the version read, for PUT (0 for a derived committee never saved).
	Version int `json:"version" validate:"min=0" label:"版本号"`
}

// MediatorInput is one mediator of a committee's roster.
type MediatorInput struct {
	Name   string `json:"name" validate:"required,max=50,singleline" label:"调解员姓名"`
	Type   string `json:"type" validate:"required,enum=mediatorType" label:"专职/兼职"`
	Phone  string `json:"phone" validate:"omitempty,phone" label:"联系电话"`
	Active *bool  `json:"active" label:"是否在册"`
}

// UnmarshalJSON decodes a committee strictly.
func (in *CommitteeInput) UnmarshalJSON(b []byte) error {
	type plain CommitteeInput
	return decodeStrict(b, (*plain)(in))
}

// UnmarshalJSON decodes a mediator strictly.
func (in *MediatorInput) UnmarshalJSON(b []byte) error {
	type plain MediatorInput
	return decodeStrict(b, (*plain)(in))
}

// CanManageCommittees reports whether the user may add and change committees (in their region): admins, and
// the mediation staff of a county or the city (司法局 guides the committees below it).
func CanManageCommittees(u *User, regions *RegionTree) bool {
	if u.Role == RoleAdmin {
		return true
	}
	r, ok := regions.Get(u.RegionCode)
	return ok && u.Role == RoleMediator && r.Level != LevelTownship
}

// committeeLevels are the region levels each kind of committee may sit at.
var committeeLevels = map[string][]RegionLevel{
	"village":      {LevelTownship},
	"township":     {LevelTownship},
	"county":       {LevelCounty},
	"professional": {LevelCounty, LevelCity},
}

// errCommitteeManager refuses township staff and other roles: committees are kept by admins and the
// county and city justice bureaus' mediation staff.
var errCommitteeManager = ErrForbidden.WithMessage("只有管理员和区县、市司法行政部门的调解管理人员可以维护调委会和调解员名册")

// BuildCommittee checks a committee's input and returns the committee it describes (ID, version and audit
// fields are the caller's). Refusals, in order: fields → 422; the caller may not manage committees →
// ErrForbidden; the region outside the caller's → ErrOutOfRegion.
func BuildCommittee(in CommitteeInput, by *User, regions *RegionTree) (Committee, error) {
	TrimStrings(&in)
	var fields []FieldError
	if err := Validate(in); err != nil {
		var e *Error
		if !errors.As(err, &e) {
			return Committee{}, err
		}
		fields = append(fields, e.Fields...)
	}
	if in.RegionCode != "" && in.Kind != "" {
		r, ok := regions.Get(in.RegionCode)
		switch {
		case !ok:
			fields = append(fields, FieldError{Field: "regionCode", Message: "所在区域「" + in.RegionCode + "」不存在"})
		case IsValid(CommitteeKinds, in.Kind) && !slices.Contains(committeeLevels[in.Kind], r.Level):
			fields = append(fields, FieldError{Field: "regionCode", Message: fmt.Sprintf("%s应设在%s", LabelOf(CommitteeKinds, in.Kind), levelNames(committeeLevels[in.Kind]))})
		}
	}
	switch {
	case in.Kind == "professional" && in.Field == "":
		fields = append(fields, FieldError{Field: "field", Message: "行业性专业性调委会须填写专业领域"})
	case in.Kind == "village" && in.Village == "":
		fields = append(fields, FieldError{Field: "village", Message: "村（居）调委会须填写所在村（社区）"})
	}
	seen := map[string]bool{}
	for i, m := range in.Mediators {
		if seen[m.Name] {
			fields = append(fields, FieldError{Field: fmt.Sprintf("mediators[%d].name", i), Message: "调解员「" + m.Name + "」重复"})
		}
		seen[m.Name] = true
	}
	if len(fields) > 0 {
		return Committee{}, Invalid(fields...)
	}
	if !CanManageCommittees(by, regions) {
		return Committee{}, errCommitteeManager
	}
	if !regions.Contains(by.RegionCode, in.RegionCode) {
		return Committee{}, ErrOutOfRegion
	}
	c := Committee{Name: in.Name, Kind: in.Kind, RegionCode: in.RegionCode, Active: in.Active == nil || *in.Active,
		Mediators: make([]Mediator, len(in.Mediators))}
	if in.Kind == "professional" {
		c.Field = in.Field
	}
	if in.Kind == "village" {
		c.Village = in.Village
	}
	for i, m := range in.Mediators {
		c.Mediators[i] = Mediator{Name: m.Name, Type: m.Type, Phone: m.Phone, Active: m.Active == nil || *m.Active}
	}
	return c, nil
}

func levelNames(levels []RegionLevel) string {
	names := make([]string, len(levels))
	for i, l := range levels {
		names[i] = LabelOf(RegionLevels, string(l))
	}
	return strings.Join(names, "或")
}

// CommitteeBook is every committee held in memory: the saved ones (loaded at start, a few thousand at most)
// over the derived township and county committees. It is safe for concurrent use.
type CommitteeBook struct {
	mu      sync.RWMutex
	regions *RegionTree
	saved   map[string]Committee
}

// NewCommitteeBook returns a book over the region tree holding the saved committees.
func NewCommitteeBook(regions *RegionTree, saved []Committee) *CommitteeBook {
	b := &CommitteeBook{regions: regions, saved: make(map[string]Committee, len(saved))}
	for _, c := range saved {
		b.saved[c.ID] = c
	}
	return b
}

// Put keeps a saved committee (after its store write; an older version than the one held is ignored).
func (b *CommitteeBook) Put(c Committee) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if cur, ok := b.saved[c.ID]; ok && !newer(c.Seq, c.Version, cur.Seq, cur.Version) {
		return
	}
	b.saved[c.ID] = c
}

// Committee returns the committee with this ID: a saved one, else the derived committee of a township or
// county.
func (b *CommitteeBook) Committee(id string) (Committee, bool) {
	if b == nil {
		return Committee{}, false
	}
	b.mu.RLock()
	c, ok := b.saved[id]
	b.mu.RUnlock()
	if ok {
		return c, true
	}
	return b.derived(id)
}

// derived is the implicit committee of a township or county.
func (b *CommitteeBook) derived(code string) (Committee, bool) {
	r, ok := b.regions.Get(code)
	if !ok || r.Level == LevelCity {
		return Committee{}, false
	}
	kind := "township"
	if r.Level == LevelCounty {
		kind = "county"
	}
	return Committee{ID: code, Name: r.Name + "人民调解委员会", Kind: kind, RegionCode: code, Active: true,
		Mediators: []Mediator{}, Derived: true}, true
}

// List returns, ordered by region and ID, the committees a user reads: those in the user's region and
// those above it (the county and city committees a case may be transferred or escalated to). Derived
// committees are included unless saved.
func (b *CommitteeBook) List(region string) []Committee {
	var out []Committee
	seen := map[string]bool{}
	b.mu.RLock()
	for _, c := range b.saved {
		if b.regions.Contains(region, c.RegionCode) || b.regions.Contains(c.RegionCode, region) {
			out = append(out, c)
			seen[c.ID] = true
		}
	}
	b.mu.RUnlock()
	for _, r := range b.regions.All() {
		if r.Level == LevelCity || seen[r.Code] || !(b.regions.Contains(region, r.Code) || b.regions.Contains(r.Code, region)) {
			continue
		}
		if c, ok := b.derived(r.Code); ok {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(x, y Committee) int {
		if c := strings.Compare(x.RegionCode, y.RegionCode); c != 0 {
			return c
		}
		return strings.Compare(x.ID, y.ID)
	})
	return out
}

// Sees reports whether the user reads this committee (List's rule).
func (b *CommitteeBook) Sees(region string, c Committee) bool {
	return b.regions.Contains(region, c.RegionCode) || b.regions.Contains(c.RegionCode, region)
}

// HoldingCommittee is the committee holding a dispute: the one recorded on it, else its township's.
func (c *Case) HoldingCommittee() string {
	if c.Dispute != nil && c.Dispute.Committee != "" {
		return c.Dispute.Committee
	}
	return c.TownshipCode
}

// HeldIn is the region whose users see and work the case: the region of the committee holding a dispute
// (set when it was transferred or escalated away from its township, or registered with a county-level
// committee), else its township.
func (c *Case) HeldIn() string {
	if c.Dispute != nil && c.Dispute.CommitteeRegion != "" {
		return c.Dispute.CommitteeRegion
	}
	return c.TownshipCode
}

// committeeCovers reports whether a committee may hold a dispute of this township: its own township's
// (and village) committees, and the county-level and professional committees of its county or the city.
func committeeCovers(regions *RegionTree, cm Committee, township string) bool {
	return regions.Contains(cm.RegionCode, township)
}

// placeWith records the committee holding the dispute: its ID and name, and its region when that is not the
// case's township (the case's scope moves with it).
func placeWith(c *Case, cm Committee) {
	c.Dispute.Committee, c.Dispute.CommitteeName = cm.ID, cm.Name
	c.Dispute.CommitteeRegion = ""
	if cm.RegionCode != c.TownshipCode {
		c.Dispute.CommitteeRegion = cm.RegionCode
	}
	if cm.ID == c.TownshipCode { // the township's own committee: the default, recorded as nothing
		c.Dispute.Committee, c.Dispute.CommitteeName = "", ""
	}
}

// AssignCommittee places a newly registered dispute with the committee its intake named (the township's by
// default). The committee must be known, active and cover the case's township; field names the input.
func AssignCommittee(c *Case, id string, book *CommitteeBook, regions *RegionTree, field string) error {
	id = strings.TrimSpace(id)
	if id == "" || c.Kind != KindDispute || c.Dispute == nil {
		return nil
	}
	cm, ok := book.Committee(id)
	switch {
	case !ok:
		return Invalid(FieldError{Field: field, Message: "人民调解委员会「" + id + "」不存在"})
	case !cm.Active:
		return Invalid(FieldError{Field: field, Message: cm.Name + "已停用"})
	case !committeeCovers(regions, cm, c.TownshipCode):
		return Invalid(FieldError{Field: field, Message: cm.Name + "不受理" + regionName(regions, c.TownshipCode) + "的纠纷"})
	}
	placeWith(c, cm)
	return nil
}
