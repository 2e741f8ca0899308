package domain

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Shanghai is Asia/Shanghai (UTC+8 all year, no daylight saving), fixed so no tzdata is needed.
var Shanghai = time.FixedZone("CST", 8*3600)

// clockSkew is how far in the future a client's clock may run before "not in the future" fails.
const clockSkew = time.Minute

// earliestRegistration bounds registeredAt from below: ledgers go back years, not centuries.
var earliestRegistration = time.Date(2000, 1, 1, 0, 0, 0, 0, Shanghai)

// NewCaseInput is the body of POST /api/v1/cases (API.md, Cases).
type NewCaseInput struct {
	Kind         Kind         `json:"kind" validate:"required,enum=kind" label:"案件类型"`
	Title        string       `json:"title" validate:"required,max=200,singleline" label:"标题"`
	Summary      string       `json:"summary" validate:"max=5000,multiline" label:"案情摘要"`
	Category     string       `json:"category" validate:"required,enum=caseCategory" label:"类别"`
	TownshipCode string       `json:"townshipCode" validate:"required,max=20,singleline" label:"所属乡镇（街道）"`
	Village      string       `json:"village" validate:"max=100,singleline" label:"村（社区）"`
	RiskLevel    string       `json:"riskLevel" validate:"omitempty,enum=riskLevel" label:"风险等级"`
	Parties      []PartyInput `json:"parties" validate:"max=100,dive" label:"当事人"`
	// PeopleInvolved is how many people the dispute concerns (涉及人数), when more than its parties.
	PeopleInvolved int            `json:"peopleInvolved" validate:"omitempty,min=1,max=100000" label:"涉及人数"`
	RegisteredAt   *time.Time     `json:"registeredAt" label:"登记时间"`
	Dispute        *DisputeInput  `json:"dispute" label:"纠纷信息"`
	Petition       *PetitionInput `json:"petition" label:"信访信息"`
	// Historical marks a case from a recorded history (a ledger import): a dispute with one recorded party
	// is enough. Never read from a request body.
	Historical bool `json:"-"`
}

// PartyInput is one party of a new case.
type PartyInput struct {
	Name     string `json:"name" validate:"required,max=50,singleline" label:"当事人姓名"`
	Role     string `json:"role" validate:"required,enum=partyRole" label:"当事人角色"`
	IDNumber string `json:"idNumber" validate:"omitempty,idnumber" label:"身份证号"`
	Phone    string `json:"phone" validate:"omitempty,phone" label:"联系电话"`
	Address  string `json:"address" validate:"max=200,singleline" label:"住址"`
}

// DisputeInput holds what only a new dispute carries.
type DisputeInput struct {
	Source       string `json:"source" validate:"required,enum=source" label:"纠纷来源"`
	ReferralFrom string `json:"referralFrom" validate:"omitempty,enum=referralFrom" label:"移送单位"`
	// Committee names the committee that takes the dispute (default: the township's own).
	Committee string `json:"committee" validate:"max=40,singleline" label:"受理调委会"`
	// RoundID names the 排查 round that found the dispute (set by the round's write path, never read from a
	// request body).
	RoundID string `json:"-"`
}

// PetitionInput holds what only a new petition case carries.
type PetitionInput struct {
	AssignedBy string     `json:"assignedBy" validate:"required,enum=assignedBy" label:"交办层级"`
	Batch      string     `json:"batch" validate:"max=50,singleline" label:"交办批次"`
	AssignedAt *time.Time `json:"assignedAt" label:"交办时间"`
	DueAt      *time.Time `json:"dueAt" label:"办结期限"`
	Material   string     `json:"material" validate:"max=5000,multiline" label:"交办材料"`
}

// CaseNumber formats a case number (= case ID): {townshipCode}-{year}-{seq:06}.
func CaseNumber(townshipCode string, year, seq int) string {
	return fmt.Sprintf("%s-%04d-%06d", townshipCode, year, seq)
}

// CaseYear is the year of a case number: the registration year in Asia/Shanghai.
func CaseYear(registeredAt time.Time) int { return registeredAt.In(Shanghai).Year() }

// NewCase registers a case from its intake form. Checks run in this order, and the first failing step answers:
//  1. role: leaders register nothing, mediators no petitions, petition staff no disputes → ErrForbidden (403);
//  2. validation: tags, then kind-specific rules, all broken fields together → 422;
//  3. region: the township lies outside the caller's region → ErrOutOfRegion (403).
//
// Strings are trimmed first. The case comes back without ID and CaseNo: the store numbers it
// (CaseNumber with CaseYear(RegisteredAt) and its per-township counter).
func NewCase(in NewCaseInput, by *User, regions *RegionTree, now time.Time) (*Case, error) {
	in = normalizeNewCase(in) // first: the role check must see the kind that will be registered
	if !CanRegister(by.Role, KindDispute) && !CanRegister(by.Role, KindPetition) ||
		IsValid(Kinds, string(in.Kind)) && !CanRegister(by.Role, in.Kind) {
		return nil, ErrForbidden
	}
	var fields []FieldError
	// The other kind's sub-document is only reported as not allowed (checkNewCase), not validated.
	tagged := in
	switch in.Kind {
	case KindDispute:
		tagged.Petition = nil
	case KindPetition:
		tagged.Dispute = nil
	}
	if err := Validate(tagged); err != nil {
		var e *Error
		if !errors.As(err, &e) {
			return nil, err
		}
		fields = append(fields, e.Fields...)
	}
	fields = append(fields, checkNewCase(in, regions, now)...)
	if len(fields) > 0 {
		return nil, Invalid(fields...)
	}
	if !regions.Contains(by.RegionCode, in.TownshipCode) {
		return nil, ErrOutOfRegion
	}

	status := StatusRegistered
	if in.Kind == KindPetition {
		status = StatusReceived
	}
	registeredAt := now
	if in.RegisteredAt != nil {
		registeredAt = *in.RegisteredAt
	}
	if in.Kind == KindPetition && in.Petition.AssignedAt != nil {
		registeredAt = *in.Petition.AssignedAt // a backlog case is registered by its 交办
	}
	riskLevel, riskDerived := in.RiskLevel, false
	if riskLevel == "" {
		riskLevel, riskDerived = DeriveRiskLevel(in), true
	}
	parties := make([]Party, len(in.Parties))
	for i, p := range in.Parties {
		parties[i] = Party{Name: p.Name, Role: p.Role, IDNumber: p.IDNumber, Phone: p.Phone, Address: p.Address}
	}
	c := &Case{
		Schema:       SchemaVersion,
		Kind:         in.Kind,
		Status:       status,
		Version:      1,
		Title:        in.Title,
		Summary:      in.Summary,
		Category:     in.Category,
		TownshipCode: in.TownshipCode,
		CountyCode:   regions.CountyOf(in.TownshipCode),
		Village:      in.Village,
		RiskLevel:    riskLevel,
		RiskDerived:  riskDerived,
		Parties:      parties,
		RegisteredAt: registeredAt,
		CreatedBy:    by.Actor(),
		CreatedAt:    now,
		UpdatedAt:    now,
		Timeline:     []TimelineEntry{{At: registeredAt, RecordedAt: now, Actor: by.Actor(), Action: "register", To: status}},
	}
	if in.Kind == KindDispute && in.PeopleInvolved > len(in.Parties) {
		c.PeopleInvolved = in.PeopleInvolved
	}
	switch in.Kind {
	case KindDispute:
		c.Dispute = &DisputeInfo{Source: in.Dispute.Source, ReferralFrom: in.Dispute.ReferralFrom, RoundID: in.Dispute.RoundID}
	case KindPetition:
		due := registeredAt.AddDate(0, 0, PetitionTermDays)
		if in.Petition.DueAt != nil {
			due = *in.Petition.DueAt
		}
		c.Category = PetitionCategoryOf(in.Category)
		c.DueAt = &due
		c.Timeline[0].DueAt = ptr(due)
		c.Petition = &PetitionInfo{
			AssignedBy:     in.Petition.AssignedBy,
			Batch:          in.Petition.Batch,
			AssignedAt:     ptr(registeredAt),
			DueAt:          ptr(due),
			AssignerRegion: AssignerRegionOf(by, regions),
			Material:       in.Petition.Material,
		}
	}
	return c, nil
}

// DeriveRiskLevel grades a case registered without a risk level (docs/DESIGN.md, "Risk level"), from what
// the intake knows:
//   - red 红: 30 or more people involved (a collective dispute that may turn into a mass incident);
//   - orange 橙: 5 or more people involved (群体性纠纷, as the statistics count them), or a dispute of the
//     kinds that most often turn criminal or collective — 征地拆迁, 劳动争议 (wages), 医疗;
//   - yellow 黄: a dispute referred by the police or a petition office (it has already gone beyond the
//     village), or over a homestead, forest or land, damages or a traffic accident;
//   - blue 蓝 otherwise.
func DeriveRiskLevel(in NewCaseInput) string {
	people := max(in.PeopleInvolved, len(in.Parties))
	switch {
	case people >= 30:
		return "red"
	case people >= 5:
		return "orange"
	}
	if in.Kind != KindDispute {
		return "blue"
	}
	switch in.Category {
	case "land_requisition", "labor", "medical":
		return "orange"
	case "housing_homestead", "forest_land", "damages", "traffic":
		return "yellow"
	}
	if in.Dispute != nil && (in.Dispute.ReferralFrom == "police" || in.Dispute.ReferralFrom == "petition") {
		return "yellow"
	}
	return "blue"
}

// normalizeNewCase trims every string and upper-cases the check character of ID numbers. It copies the
// slices and sub-structs it touches so the caller's input is left alone.
func normalizeNewCase(in NewCaseInput) NewCaseInput {
	in.Parties = append([]PartyInput(nil), in.Parties...)
	if in.Dispute != nil {
		d := *in.Dispute
		in.Dispute = &d
	}
	if in.Petition != nil {
		p := *in.Petition
		in.Petition = &p
	}
	TrimStrings(&in)
	for i := range in.Parties {
		if id := in.Parties[i].IDNumber; len(id) == 18 && id[17] == 'x' {
			in.Parties[i].IDNumber = id[:17] + "X"
		}
	}
	return in
}

// checkNewCase applies the rules tags cannot express: the township, party count per kind, dates, and the
// kind-specific sub-document.
func checkNewCase(in NewCaseInput, regions *RegionTree, now time.Time) []FieldError {
	var fields []FieldError
	bad := func(field, msg string) { fields = append(fields, FieldError{Field: field, Message: msg}) }

	if in.TownshipCode != "" {
		if r, ok := regions.Get(in.TownshipCode); !ok || r.Level != LevelTownship {
			bad("townshipCode", "所属乡镇（街道）不存在或不是乡镇（街道）级区划")
		}
	}
	if at := in.RegisteredAt; at != nil {
		switch {
		case at.After(now.Add(clockSkew)):
			bad("registeredAt", "登记时间不能晚于当前时间")
		case at.Before(earliestRegistration):
			bad("registeredAt", "登记时间不能早于2000年1月1日")
		}
	}
	switch in.Kind {
	case KindDispute:
		if in.Category != "" && !IsValid(Categories, in.Category) {
			bad("category", "纠纷类型不正确："+in.Category)
		}
		if in.PeopleInvolved > 0 && in.PeopleInvolved < len(in.Parties) {
			bad("peopleInvolved", "涉及人数不能少于当事人人数")
		}
		if len(in.Parties) < 2 && !(in.Historical && len(in.Parties) == 1) {
			bad("parties", "矛盾纠纷至少需要2名当事人")
		}
		if in.Petition != nil {
			bad("petition", "矛盾纠纷不能填写信访信息")
		}
		switch d := in.Dispute; {
		case d == nil:
			bad("dispute", "纠纷信息为必填字段")
		case d.Source == "referral" && d.ReferralFrom == "":
			bad("dispute.referralFrom", "委托移送的纠纷必须填写移送单位")
		case d.Source != "referral" && d.ReferralFrom != "":
			bad("dispute.referralFrom", "只有委托移送的纠纷才能填写移送单位")
		}
	case KindPetition:
		if in.Category != "" && PetitionCategoryOf(in.Category) == "" {
			bad("category", "信访事项类别不正确："+in.Category)
		}
		if in.PeopleInvolved > 0 {
			bad("peopleInvolved", "信访积案不填写涉及人数")
		}
		if len(in.Parties) < 1 {
			bad("parties", "信访积案至少需要1名当事人")
		}
		if in.Dispute != nil {
			bad("dispute", "信访积案不能填写纠纷信息")
		}
		switch p := in.Petition; {
		case p == nil:
			bad("petition", "信访信息为必填字段")
		case p.AssignedAt != nil && p.AssignedAt.Before(earliestRegistration):
			fields = append(fields, dateInRange("petition.assignedAt", "交办时间", *p.AssignedAt)...)
		case p.DueAt != nil && (p.DueAt.Before(earliestRegistration) || !p.DueAt.Before(latestDate)):
			fields = append(fields, dateInRange("petition.dueAt", "办结期限", *p.DueAt)...)
		case p.AssignedAt != nil && p.AssignedAt.After(now.Add(clockSkew)):
			bad("petition.assignedAt", "交办时间不能晚于当前时间")
		case p.AssignedAt != nil && p.DueAt != nil && p.DueAt.Before(*p.AssignedAt):
			bad("petition.dueAt", "办结期限不能早于交办时间")
		}
	}
	return fields
}

// The date fields below accept RFC 3339 or a bare YYYY-MM-DD date in Asia/Shanghai (API.md's Extensions allow
// dates for feedbackBy; forms send dates for the other deadlines too). A bare deadline means the end of
// that day, a bare event date its start. Decoding is strict: unknown fields are an error, as for the
// rest of the body.

// UnmarshalJSON decodes a new case, accepting bare dates for registeredAt.
func (in *NewCaseInput) UnmarshalJSON(b []byte) error {
	type plain NewCaseInput
	aux := struct {
		*plain
		RegisteredAt flexTime `json:"registeredAt"`
	}{plain: (*plain)(in), RegisteredAt: flexTimePtr(&in.RegisteredAt, "registeredAt", false)}
	return decodeStrict(b, &aux)
}

// UnmarshalJSON decodes the petition part of a new case, accepting bare dates for assignedAt and dueAt.
func (in *PetitionInput) UnmarshalJSON(b []byte) error {
	type plain PetitionInput
	aux := struct {
		*plain
		AssignedAt flexTime `json:"assignedAt"`
		DueAt      flexTime `json:"dueAt"`
	}{
		plain:      (*plain)(in),
		AssignedAt: flexTimePtr(&in.AssignedAt, "petition.assignedAt", false),
		DueAt:      flexTimePtr(&in.DueAt, "petition.dueAt", true),
	}
	return decodeStrict(b, &aux)
}

// UnmarshalJSON keeps the party strict about unknown fields like the rest of the body.
func (in *PartyInput) UnmarshalJSON(b []byte) error {
	type plain PartyInput
	return decodeStrict(b, (*plain)(in))
}

// UnmarshalJSON keeps the dispute part strict about unknown fields like the rest of the body.
func (in *DisputeInput) UnmarshalJSON(b []byte) error {
	type plain DisputeInput
	return decodeStrict(b, (*plain)(in))
}

// decodeStrict decodes one JSON value, rejecting unknown fields (a custom UnmarshalJSON does not inherit
// the caller decoder's DisallowUnknownFields).
func decodeStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// flexTime decodes a time given as RFC 3339 or YYYY-MM-DD (Asia/Shanghai) and hands it to set; null
// hands over nil.
type flexTime struct {
	set      func(*time.Time)
	field    string
	endOfDay bool
	dateOnly *bool // when set, told whether the value was a bare date
}

// flexTimePtr decodes into an optional time.
func flexTimePtr(dst **time.Time, field string, endOfDay bool) flexTime {
	return flexTime{set: func(t *time.Time) { *dst = t }, field: field, endOfDay: endOfDay}
}

// flexTimeVal decodes into a plain time (zero when null).
func flexTimeVal(dst *time.Time, field string, endOfDay bool) flexTime {
	return flexTime{set: func(t *time.Time) { *dst = deref(t) }, field: field, endOfDay: endOfDay}
}

func (f flexTime) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		f.set(nil)
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("%s: 应为日期字符串（YYYY-MM-DD 或 RFC 3339）", f.field)
	}
	t, err := ParseDateOrTime(s, f.endOfDay)
	if err != nil {
		return fmt.Errorf("%s: %w", f.field, err)
	}
	if f.dateOnly != nil {
		*f.dateOnly = len(s) == len(time.DateOnly)
	}
	f.set(&t)
	return nil
}

// ParseDateOrTime parses RFC 3339, or a bare YYYY-MM-DD date in Asia/Shanghai: its first instant, or with
// endOfDay its last second (23:59:59).
func ParseDateOrTime(s string, endOfDay bool) (time.Time, error) {
	if len(s) == len(time.DateOnly) {
		d, err := time.ParseInLocation(time.DateOnly, s, Shanghai)
		if err != nil {
			return time.Time{}, fmt.Errorf("日期 %q 无效，格式应为 YYYY-MM-DD", s)
		}
		if endOfDay {
			d = d.Add(24*time.Hour - time.Second)
		}
		return d, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("时间 %q 无效，格式应为 RFC 3339 或 YYYY-MM-DD", s)
	}
	return t, nil
}

// petitionCategoryOfDispute maps the dispute categories to the petition classification, for petition cases
// registered with a dispute category (clients of the first version) and for cases stored before petitions
// had their own (docs/DESIGN.md, "Carried over").
var petitionCategoryOfDispute = map[string]string{
	"marriage_family": "civil_affairs", "neighbor": "other", "housing_homestead": "natural_resources",
	"contract": "economy", "production_business": "economy", "damages": "law_litigation",
	"forest_land": "natural_resources", "land_requisition": "natural_resources", "pollution": "environment",
	"labor": "labor_social_security", "consumer": "economy", "medical": "health", "traffic": "transport",
	"property_mgmt": "urban_rural_construction", "other": "other",
}

// PetitionCategoryOf is the petition category a code names: a petition category itself, or the one a
// dispute category maps to; "" when neither.
func PetitionCategoryOf(code string) string {
	if IsValid(PetitionCategories, code) {
		return code
	}
	return petitionCategoryOfDispute[code]
}

// AssignerRegionOf is the assigning office (交办单位) of a backlog case a user registers: the user's own city
// or county office; a case entered at a township (from the paper 交办单 it received) is recorded as assigned by
// its county's office, which then reviews its clearance — so no township signs off its own cases.
func AssignerRegionOf(by *User, regions *RegionTree) string {
	if r, ok := regions.Get(by.RegionCode); ok && r.Level == LevelTownship {
		return regions.CountyOf(r.Code)
	}
	return by.RegionCode
}
