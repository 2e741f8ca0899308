package domain

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// 矛盾纠纷排查 rounds (docs/DESIGN.md, "排查整治"): a township, or a village of its list of places, records a
// round — the date, who took part, the places covered, the disputes found (each registered as a case with
// source proactive, linked both ways), hazards found, disputes headed off (预防纠纷) — or a 零报告 when it
// found nothing. Villages screen every half month, townships every month (the cadence table below); a
// round of a period is late when it is recorded after the period's end plus the due days.

// Screening units: a township itself, or a village/community on its list.
const (
	ScreeningTownship = "township"
	ScreeningVillage  = "village"
)

// PeriodKind is how often a unit screens.
type PeriodKind string

const (
	PeriodMonth     PeriodKind = "month"
	PeriodHalfMonth PeriodKind = "half_month"
)

// ScreeningCadence is how often each kind of unit screens: 村（居）每半月、乡镇（街道）每月 (the 排查 rules of the
// 矛盾纠纷排查调处 work, docs/DESIGN.md).
var ScreeningCadence = map[string]PeriodKind{
	ScreeningVillage:  PeriodHalfMonth,
	ScreeningTownship: PeriodMonth,
}

// DefaultScreeningDueDays: a period's round is on time when recorded within this many days after the
// period ends (PINGAN_SCREENING_DUE_DAY), like the monthly returns' 5th of the next month.
const DefaultScreeningDueDays = 5

// ScreeningPeriod is one period of a cadence: [From, To) in Asia/Shanghai.
type ScreeningPeriod struct {
	Kind PeriodKind `json:"kind"`
	Code string     `json:"code"` // 2026-03 (month), 2026-03-1 / 2026-03-2 (halves)
	Name string     `json:"name"` // 2026年3月, 2026年3月上半月
	From time.Time  `json:"-"`
	To   time.Time  `json:"-"`
}

// PeriodOf is the period of kind that holds t.
func PeriodOf(kind PeriodKind, t time.Time) ScreeningPeriod {
	t = t.In(Shanghai)
	m := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, Shanghai)
	name := fmt.Sprintf("%d年%d月", m.Year(), int(m.Month()))
	if kind == PeriodMonth {
		return ScreeningPeriod{Kind: kind, Code: m.Format("2006-01"), Name: name, From: m, To: m.AddDate(0, 1, 0)}
	}
	mid := m.AddDate(0, 0, 15)
	if t.Before(mid) {
		return ScreeningPeriod{Kind: kind, Code: m.Format("2006-01") + "-1", Name: name + "上半月", From: m, To: mid}
	}
	return ScreeningPeriod{Kind: kind, Code: m.Format("2006-01") + "-2", Name: name + "下半月", From: mid, To: m.AddDate(0, 1, 0)}
}

// Next is the period after p; Prev the one before.
func (p ScreeningPeriod) Next() ScreeningPeriod { return PeriodOf(p.Kind, p.To) }
func (p ScreeningPeriod) Prev() ScreeningPeriod { return PeriodOf(p.Kind, p.From.Add(-time.Hour)) }

// LateFrom is when a round of the period becomes late: dueDays days after its end.
func (p ScreeningPeriod) LateFrom(dueDays int) time.Time { return p.To.AddDate(0, 0, dueDays) }

// DueDate is the last day a round of the period is on time (YYYY-MM-DD).
func (p ScreeningPeriod) DueDate(dueDays int) string { return LastDay(p.LateFrom(dueDays)) }

// PeriodsOfMonth are the periods of kind inside the month starting at month.
func PeriodsOfMonth(kind PeriodKind, month time.Time) []ScreeningPeriod {
	var out []ScreeningPeriod
	end := month.AddDate(0, 1, 0)
	for p := PeriodOf(kind, month); p.From.Before(end); p = p.Next() {
		out = append(out, p)
	}
	return out
}

// Place is a village (村) or community (社区) under a township.
type Place struct {
	Name string `bson:"name" json:"name"`
	Kind string `bson:"kind" json:"kind"`
}

// PlaceList is a township's list of places (its villages and communities), kept by the township.
type PlaceList struct {
	Township  string    `bson:"_id" json:"township"`
	Places    []Place   `bson:"places" json:"places"`
	Version   int       `bson:"version" json:"version"`
	UpdatedAt time.Time `bson:"updatedAt" json:"updatedAt,omitzero"`
	UpdatedBy Actor     `bson:"updatedBy" json:"updatedBy,omitzero"`

	Stamp `bson:",inline" json:"-"` // the last write's change number
}

// Has reports whether the list names a place.
func (l *PlaceList) Has(name string) bool {
	return l != nil && slices.ContainsFunc(l.Places, func(p Place) bool { return p.Name == name })
}

// PlaceListInput is the body of PUT /screening/places/{township}: the whole list, and the version read
// (0 for a township that has none yet).
type PlaceListInput struct {
	Places  []PlaceInput `json:"places" validate:"max=500,dive" label:"村（社区）名单"`
	Version int          `json:"version" validate:"min=0" label:"版本号"`
}

// PlaceInput is one place of the list.
type PlaceInput struct {
	Name string `json:"name" validate:"required,max=50,singleline" label:"村（社区）名称"`
	Kind string `json:"kind" validate:"required,enum=placeKind" label:"类型"`
}

// CanKeepScreening: admins and mediators record rounds and keep the lists of places, in their region.
func CanKeepScreening(u *User) bool { return u.Role == RoleAdmin || u.Role == RoleMediator }

// BuildPlaceList checks a township's new list (names unique) for the caller.
func BuildPlaceList(in PlaceListInput, township string, by *User, regions *RegionTree) (PlaceList, error) {
	if !CanKeepScreening(by) {
		return PlaceList{}, ErrForbidden
	}
	r, ok := regions.Get(township)
	if !ok || r.Level != LevelTownship {
		return PlaceList{}, ErrRegionNotFound.WithMessage("乡镇（街道）不存在：" + township)
	}
	if !regions.Contains(by.RegionCode, township) {
		return PlaceList{}, ErrOutOfRegion
	}
	for i := range in.Places {
		in.Places[i].Name = strings.TrimSpace(in.Places[i].Name)
	}
	if err := Validate(in); err != nil {
		return PlaceList{}, err
	}
	var fields []FieldError
	seen := map[string]bool{}
	out := PlaceList{Township: township, Places: make([]Place, 0, len(in.Places))}
	for i, p := range in.Places {
		if seen[p.Name] {
			fields = append(fields, FieldError{Field: fmt.Sprintf("places[%d].name", i), Message: "村（社区）名称「" + p.Name + "」重复"})
			continue
		}
		seen[p.Name] = true
		out.Places = append(out.Places, Place{Name: p.Name, Kind: p.Kind})
	}
	if len(fields) > 0 {
		return PlaceList{}, Invalid(fields...)
	}
	return out, nil
}

// Round is one 排查 round of a township or one of its villages.
type Round struct {
	ID           string   `bson:"_id" json:"id"`
	TownshipCode string   `bson:"townshipCode" json:"townshipCode"`
	CountyCode   string   `bson:"countyCode" json:"countyCode"`
	Level        string   `bson:"level" json:"level"`
	Village      string   `bson:"village,omitempty" json:"village,omitempty"` // the village that screened (level village)
	Date         string   `bson:"date" json:"date"`                           // YYYY-MM-DD, the day of the round
	Participants []string `bson:"participants" json:"participants"`
	Places       []string `bson:"places" json:"places"` // places covered
	ZeroReport   bool     `bson:"zeroReport" json:"zeroReport"`
	// CaseIDs are the disputes found, each registered as a case (source proactive) naming this round.
	CaseIDs []string `bson:"caseIds" json:"caseIds"`
	// Hazards are the hazards found, in a short description each; HazardIDs their entries in the hazard
	// ledger once it takes them (empty until then).
	Hazards   []string `bson:"hazards" json:"hazards"`
	HazardIDs []string `bson:"hazardIds" json:"hazardIds"`
	// Prevented is how many disputes were headed off before they became cases (预防纠纷), with a note.
	Prevented     int       `bson:"prevented" json:"prevented"`
	PreventedNote string    `bson:"preventedNote,omitempty" json:"preventedNote,omitempty"`
	Note          string    `bson:"note,omitempty" json:"note,omitempty"`
	RecordedAt    time.Time `bson:"recordedAt" json:"recordedAt"`
	RecordedBy    Actor     `bson:"recordedBy" json:"recordedBy"`
	// Version counts the round's corrections from 1 (a round stored before versions reads as 1); a
	// correction names the version it read. Corrections are its history (更正记录), oldest first.
	Version     int               `bson:"version" json:"version"`
	Corrections []RoundCorrection `bson:"corrections,omitempty" json:"corrections"`

	day time.Time // Date read once, when the book files the round

	Stamp `bson:",inline" json:"-"` // the last write's change number
}

// Unit is the code of the unit that held the round: the township code, or township/village.
func (r *Round) Unit() string { return UnitCode(r.TownshipCode, r.Village) }

// Day is the round's date at 00:00 in Asia/Shanghai.
func (r *Round) Day() time.Time {
	if !r.day.IsZero() {
		return r.day
	}
	d, _ := time.ParseInLocation(time.DateOnly, r.Date, Shanghai)
	return d
}

// Figures are what the round counts for in the statistics.
func (r *Round) Figures() ScreeningFigures {
	f := ScreeningFigures{Rounds: 1, DisputesFound: len(r.CaseIDs), HazardsFound: len(r.Hazards), Prevented: r.Prevented}
	if r.ZeroReport {
		f.ZeroReports = 1
	}
	return f
}

// UnitCode names a screening unit: a township by its code, a village as township/name.
func UnitCode(township, village string) string {
	if village == "" {
		return township
	}
	return township + "/" + village
}

// RoundID numbers a round: {township}-PC{year}-{seq:04}.
func RoundID(township string, year int, seq int64) string {
	return fmt.Sprintf("%s-PC%d-%04d", township, year, seq)
}

// RoundInput is the body of POST /screening/rounds.
type RoundInput struct {
	TownshipCode string `json:"townshipCode" validate:"required,max=20,singleline" label:"乡镇（街道）"`
	// Village names the village of the township's list that held the round; empty: the township.
	Village       string              `json:"village" validate:"max=50,singleline" label:"排查单位（村/社区）"`
	Date          string              `json:"date" validate:"required" label:"排查日期"`
	Participants  []string            `json:"participants" validate:"required,min=1,max=50,dive,required,max=50,singleline" label:"参加人员"`
	Places        []string            `json:"places" validate:"max=500,dive,required,max=50,singleline" label:"排查范围（村/社区）"`
	ZeroReport    bool                `json:"zeroReport" label:"零报告"`
	Disputes      []RoundDisputeInput `json:"disputes" validate:"max=50" label:"排查发现的纠纷"`
	Hazards       []string            `json:"hazards" validate:"max=100,dive,required,max=500,singleline" label:"排查发现的风险隐患"`
	Prevented     int                 `json:"prevented" validate:"min=0,max=10000" label:"预防纠纷数"`
	PreventedNote string              `json:"preventedNote" validate:"max=2000,multiline" label:"预防纠纷情况"`
	Note          string              `json:"note" validate:"max=2000,multiline" label:"备注"`
}

// RoundDisputeInput is a dispute found in a round: registered as a case of the round's township.
type RoundDisputeInput struct {
	Title          string       `json:"title" label:"纠纷标题"`
	Category       string       `json:"category" label:"纠纷类别"`
	Summary        string       `json:"summary" label:"简要情况"`
	Village        string       `json:"village" label:"发生地（村/社区）"`
	RiskLevel      string       `json:"riskLevel" label:"风险等级"`
	Parties        []PartyInput `json:"parties" label:"当事人"`
	PeopleInvolved int          `json:"peopleInvolved" label:"涉及人数"`
}

// RoundRequest is a checked round, with the cases of its disputes to register.
type RoundRequest struct {
	Round *Round
	Cases []NewCaseInput
}

// roundMaxAge is how far back a round may be dated: as far as any event (docs/DESIGN.md, Event dates).
const roundMaxAge = 90 * 24 * time.Hour

// CheckRound checks a new round for the caller, against the township's list of places, and builds the
// intake forms of its disputes (each checked as NewCase checks it). Nothing is numbered or stored.
func CheckRound(in RoundInput, by *User, regions *RegionTree, places *PlaceList, now time.Time) (RoundRequest, error) {
	return checkRound(in, by, regions, places, now, nil)
}

// checkRound is CheckRound; kept is the round a correction changes (nil for a new round): its unit stays,
// its date may stay even when older than 90 days, the places it names stay allowed when the list dropped
// them since, and the disputes and ledger hazards it found count as found.
func checkRound(in RoundInput, by *User, regions *RegionTree, places *PlaceList, now time.Time, kept *Round) (RoundRequest, error) {
	if !CanKeepScreening(by) {
		return RoundRequest{}, ErrForbidden
	}
	in.TownshipCode, in.Village, in.Date = strings.TrimSpace(in.TownshipCode), strings.TrimSpace(in.Village), strings.TrimSpace(in.Date)
	for i := range in.Participants {
		in.Participants[i] = strings.TrimSpace(in.Participants[i])
	}
	for i := range in.Places {
		in.Places[i] = strings.TrimSpace(in.Places[i])
	}
	for i := range in.Hazards {
		in.Hazards[i] = strings.TrimSpace(in.Hazards[i])
	}
	if err := Validate(in); err != nil {
		return RoundRequest{}, err
	}
	t, ok := regions.Get(in.TownshipCode)
	if !ok || t.Level != LevelTownship {
		return RoundRequest{}, Invalid(FieldError{Field: "townshipCode", Message: "乡镇（街道）代码不存在：" + in.TownshipCode})
	}
	if !regions.Contains(by.RegionCode, in.TownshipCode) {
		return RoundRequest{}, ErrOutOfRegion
	}
	day, err := time.ParseInLocation(time.DateOnly, in.Date, Shanghai)
	if err != nil {
		return RoundRequest{}, Invalid(FieldError{Field: "date", Message: "排查日期格式应为 YYYY-MM-DD"})
	}
	today := now.In(Shanghai)
	today = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, Shanghai)
	if (kept == nil || in.Date != kept.Date) && (day.After(today) || day.Before(today.Add(-roundMaxAge))) {
		return RoundRequest{}, ErrRoundDate
	}
	level := ScreeningTownship
	if kept != nil {
		level = kept.Level
	} else if in.Village != "" {
		level = ScreeningVillage
		if !places.Has(in.Village) {
			return RoundRequest{}, ErrRoundPlaceUnknown.withFields([]FieldError{{Field: "village",
				Message: "「" + in.Village + "」不在" + t.Name + "的村（社区）名单中，请先在名单中添加"}})
		}
	}
	var unknown []FieldError
	for i, p := range in.Places {
		if !places.Has(p) && (kept == nil || !slices.Contains(kept.Places, p)) {
			unknown = append(unknown, FieldError{Field: fmt.Sprintf("places[%d]", i), Message: "「" + p + "」不在" + t.Name + "的村（社区）名单中，请先在名单中添加"})
		}
	}
	if len(unknown) > 0 {
		return RoundRequest{}, ErrRoundPlaceUnknown.withFields(unknown)
	}
	recorded := kept != nil && (len(kept.CaseIDs) > 0 || len(kept.HazardIDs) > 0)
	if in.ZeroReport && recorded {
		return RoundRequest{}, ErrRoundZeroReportHasCases
	}
	found := recorded || len(in.Disputes) > 0 || len(in.Hazards) > 0 || in.Prevented > 0
	switch {
	case in.ZeroReport && found:
		return RoundRequest{}, ErrRoundZeroReportNotEmpty
	case !in.ZeroReport && !found:
		return RoundRequest{}, ErrRoundNothingFound
	}
	if in.Prevented > 0 && strings.TrimSpace(in.PreventedNote) == "" {
		return RoundRequest{}, Invalid(FieldError{Field: "preventedNote", Message: "请简要说明预防的纠纷（预防纠纷情况）"})
	}
	registeredAt := now
	if day.Before(today) {
		registeredAt = day.Add(12 * time.Hour) // a round dated back registers its disputes at noon of its day
	}
	village := in.Village
	cases := make([]NewCaseInput, len(in.Disputes))
	for i, d := range in.Disputes {
		v := strings.TrimSpace(d.Village)
		if v == "" {
			v = village
		}
		cases[i] = NewCaseInput{Kind: KindDispute, Title: d.Title, Summary: d.Summary, Category: d.Category,
			TownshipCode: in.TownshipCode, Village: v, RiskLevel: d.RiskLevel, Parties: d.Parties,
			PeopleInvolved: d.PeopleInvolved, RegisteredAt: &registeredAt, Dispute: &DisputeInput{Source: SourceProactive}}
		if _, err := NewCase(cases[i], by, regions, now); err != nil {
			return RoundRequest{}, prefixFields(err, fmt.Sprintf("disputes[%d].", i))
		}
	}
	r := &Round{TownshipCode: in.TownshipCode, CountyCode: regions.CountyOf(in.TownshipCode), Level: level,
		Village: in.Village, Date: in.Date, Participants: in.Participants, Places: nonNil(in.Places),
		ZeroReport: in.ZeroReport, CaseIDs: []string{}, Hazards: nonNil(in.Hazards), HazardIDs: []string{},
		Prevented: in.Prevented, PreventedNote: strings.TrimSpace(in.PreventedNote), Note: strings.TrimSpace(in.Note),
		RecordedAt: now, RecordedBy: by.Actor(), Version: 1}
	return RoundRequest{Round: r, Cases: cases}, nil
}

// RoundCorrectionInput is the body of PUT /screening/rounds/{id}: the round's content as it should read,
// the version read and why (更正原因). The content is checked as recording checks it (CheckRound); the unit,
// the disputes found (cases, corrected on their own pages) and the hazards taken into the ledger stay.
type RoundCorrectionInput struct {
	Version       int      `json:"version" validate:"required,min=1" label:"版本号"`
	Reason        string   `json:"reason" validate:"required,max=500,multiline" label:"更正原因"`
	Date          string   `json:"date" label:"排查日期"`
	Participants  []string `json:"participants" label:"参加人员"`
	Places        []string `json:"places" label:"排查范围（村/社区）"`
	ZeroReport    bool     `json:"zeroReport" label:"零报告"`
	Hazards       []string `json:"hazards" label:"排查发现的风险隐患"`
	Prevented     int      `json:"prevented" label:"预防纠纷数"`
	PreventedNote string   `json:"preventedNote" label:"预防纠纷情况"`
	Note          string   `json:"note" label:"备注"`
}

// RoundCorrection is one correction of a round (更正记录): who, when, why, what changed, and whether it came
// after the due day of the period the round was in or moved into (逾期更正).
type RoundCorrection struct {
	Version int           `bson:"version" json:"version"` // the version it made
	At      time.Time     `bson:"at" json:"at"`
	By      Actor         `bson:"by" json:"by"`
	Reason  string        `bson:"reason" json:"reason"`
	Late    bool          `bson:"late" json:"late"`
	Changes []RoundChange `bson:"changes" json:"changes"`
}

// RoundChange is one field a correction changed, from and to as text (lists joined with 、).
type RoundChange struct {
	Field string `bson:"field" json:"field"` // a code of RoundFields
	From  string `bson:"from" json:"from"`
	To    string `bson:"to" json:"to"`
}

// CurrentVersion is the round's version; a round stored before versions is version 1.
func (r *Round) CurrentVersion() int { return max(r.Version, 1) }

// CorrectRound makes the corrected round from the stored one (old, not changed) for the caller: the content
// checked as recording checks it, against the version read; a correction that changes nothing is refused.
// dueDays is PINGAN_SCREENING_DUE_DAY, for the 逾期更正 mark.
func CorrectRound(old *Round, in RoundCorrectionInput, by *User, regions *RegionTree, places *PlaceList, dueDays int, now time.Time) (*Round, error) {
	if !CanKeepScreening(by) {
		return nil, ErrForbidden
	}
	in.Reason = strings.TrimSpace(in.Reason)
	if err := Validate(in); err != nil {
		return nil, err
	}
	req, err := checkRound(RoundInput{TownshipCode: old.TownshipCode, Village: old.Village, Date: in.Date,
		Participants: in.Participants, Places: in.Places, ZeroReport: in.ZeroReport, Hazards: in.Hazards,
		Prevented: in.Prevented, PreventedNote: in.PreventedNote, Note: in.Note}, by, regions, places, now, old)
	if err != nil {
		return nil, err
	}
	if in.Version != old.CurrentVersion() {
		return nil, ErrRoundChanged
	}
	c := req.Round
	n := *old
	n.Date, n.Participants, n.Places, n.ZeroReport = c.Date, c.Participants, c.Places, c.ZeroReport
	n.Hazards, n.Prevented, n.PreventedNote, n.Note = c.Hazards, c.Prevented, c.PreventedNote, c.Note
	n.day = time.Time{}
	changes := roundChanges(old, &n)
	if len(changes) == 0 {
		return nil, ErrRoundUnchanged
	}
	n.Version = old.CurrentVersion() + 1
	kind := ScreeningCadence[old.Level]
	late := !now.Before(PeriodOf(kind, old.Day()).LateFrom(dueDays)) || !now.Before(PeriodOf(kind, n.Day()).LateFrom(dueDays))
	n.Corrections = append(slices.Clip(old.Corrections), RoundCorrection{Version: n.Version, At: now, By: by.Actor(),
		Reason: in.Reason, Late: late, Changes: changes})
	return &n, nil
}

// roundChanges are the fields of RoundFields whose text differs between a and b, in that order.
func roundChanges(a, b *Round) []RoundChange {
	yes := func(v bool) string {
		if v {
			return "是"
		}
		return "否"
	}
	text := func(r *Round, field string) string {
		switch field {
		case "date":
			return r.Date
		case "participants":
			return strings.Join(r.Participants, "、")
		case "places":
			return strings.Join(r.Places, "、")
		case "zeroReport":
			return yes(r.ZeroReport)
		case "hazards":
			return strings.Join(r.Hazards, "；")
		case "prevented":
			return strconv.Itoa(r.Prevented)
		case "preventedNote":
			return r.PreventedNote
		case "note":
			return r.Note
		}
		panic("roundChanges: no field " + field)
	}
	var out []RoundChange
	for _, f := range RoundFields {
		if from, to := text(a, f.Code), text(b, f.Code); from != to {
			out = append(out, RoundChange{Field: f.Code, From: from, To: to})
		}
	}
	return out
}

// SourceProactive is the dispute source of disputes found by screening (主动排查调解).
const SourceProactive = "proactive"

// prefixFields renames the fields of a validation error under a prefix (disputes[0].title).
func prefixFields(err error, prefix string) error {
	var e *Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	fields := make([]FieldError, len(e.Fields))
	for i, f := range e.Fields {
		fields[i] = FieldError{Field: prefix + f.Field, Message: f.Message}
	}
	return e.withFields(fields)
}

// ScreeningFigures are the 排查 columns of the statistics: 排查次数, 排查发现纠纷数, 预防纠纷数, and besides them
// the hazards found and the 零报告 among the rounds.
type ScreeningFigures struct {
	Rounds        int `json:"rounds"`
	DisputesFound int `json:"disputesFound"`
	Prevented     int `json:"prevented"`
	HazardsFound  int `json:"hazardsFound"`
	ZeroReports   int `json:"zeroReports"`
}

// Add adds g to f.
func (f *ScreeningFigures) Add(g ScreeningFigures) {
	f.Rounds += g.Rounds
	f.DisputesFound += g.DisputesFound
	f.Prevented += g.Prevented
	f.HazardsFound += g.HazardsFound
	f.ZeroReports += g.ZeroReports
}

// ScreeningStatus is where a unit stands for one period.
type ScreeningStatus string

const (
	ScreeningReported ScreeningStatus = "reported" // a round recorded on time
	ScreeningLate     ScreeningStatus = "late"     // the first round recorded after the due day
	ScreeningMissing  ScreeningStatus = "missing"  // no round, and the due day has passed
	ScreeningDue      ScreeningStatus = "due"      // no round, the period has ended, the due day not yet passed
	ScreeningOpen     ScreeningStatus = "open"     // no round yet, the period is still running
)

// StatusOfPeriod says where a unit stands for period p, from the recording time of its first round in the
// period (nil: none).
func StatusOfPeriod(p ScreeningPeriod, first *time.Time, dueDays int, now time.Time) ScreeningStatus {
	late := p.LateFrom(dueDays)
	switch {
	case first != nil && first.Before(late):
		return ScreeningReported
	case first != nil:
		return ScreeningLate
	case !now.Before(late):
		return ScreeningMissing
	case !now.Before(p.To):
		return ScreeningDue
	}
	return ScreeningOpen
}

// ScreeningUnit is a unit that screens: a township or a village of its list.
type ScreeningUnit struct {
	Code         string `json:"code"` // township code, or township/village
	Name         string `json:"name"`
	Level        string `json:"level"`
	TownshipCode string `json:"townshipCode"`
	TownshipName string `json:"townshipName"`
	Village      string `json:"village,omitempty"`
}

// ScreeningPeriodStatus is one unit's standing for one period.
type ScreeningPeriodStatus struct {
	Period     string          `json:"period"`
	PeriodName string          `json:"periodName"`
	From       string          `json:"from"`
	To         string          `json:"to"`
	DueDate    string          `json:"dueDate"`
	Status     ScreeningStatus `json:"status"`
	Rounds     int             `json:"rounds"`
	ReportedAt *time.Time      `json:"reportedAt,omitempty"` // when its first round was recorded
	ZeroReport bool            `json:"zeroReport"`           // every round of the period was a 零报告
}

// ScreeningBoardRow is one unit of the board with its periods in the month.
type ScreeningBoardRow struct {
	ScreeningUnit
	Periods []ScreeningPeriodStatus `json:"periods"`
}

// ScreeningCounts count the (unit, period) pairs of a board by status.
type ScreeningCounts struct {
	Units    int `json:"units"`
	Periods  int `json:"periods"`
	Reported int `json:"reported"`
	Late     int `json:"late"`
	Missing  int `json:"missing"`
	Due      int `json:"due"`
	Open     int `json:"open"`
}

func (c *ScreeningCounts) add(s ScreeningStatus) {
	c.Periods++
	switch s {
	case ScreeningReported:
		c.Reported++
	case ScreeningLate:
		c.Late++
	case ScreeningMissing:
		c.Missing++
	case ScreeningDue:
		c.Due++
	case ScreeningOpen:
		c.Open++
	}
}

// ScreeningBoard is GET /screening/board: which units of a region reported for the month's periods.
type ScreeningBoard struct {
	Region      RegionRef           `json:"region"`
	Month       string              `json:"month"`
	DueDays     int                 `json:"dueDays"`
	GeneratedAt time.Time           `json:"generatedAt"`
	Rows        []ScreeningBoardRow `json:"rows"`
	Counts      ScreeningCounts     `json:"counts"`
}

// ParseScreeningMonth reads the board's month (YYYY-MM, default the current month); a month that has not
// begun answers 400.
func ParseScreeningMonth(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return MonthStart(now), nil
	}
	m, ok := ParseReturnMonth(s)
	if !ok {
		return time.Time{}, ErrBadRequest.WithMessage("月份（month）格式应为 YYYY-MM，例如 2026-05")
	}
	if now.Before(m) {
		return time.Time{}, ErrBadRequest.WithMessage("月份（month）" + MonthCode(m) + "尚未开始")
	}
	return m, nil
}

// ScreeningSummaryRow is one township's rounds held against those due in a window.
type ScreeningSummaryRow struct {
	Code string `json:"code"`
	Name string `json:"name"`
	// TownshipDue are the township's monthly periods that began in the window and have ended; TownshipHeld
	// those of them with a round. VillageDue/VillageHeld the same over the half months of its listed places.
	TownshipDue  int              `json:"townshipDue"`
	TownshipHeld int              `json:"townshipHeld"`
	Places       int              `json:"places"`
	VillageDue   int              `json:"villageDue"`
	VillageHeld  int              `json:"villageHeld"`
	Figures      ScreeningFigures `json:"figures"`
}

// ScreeningSummary is GET /screening/summary.
type ScreeningSummary struct {
	Region      RegionRef             `json:"region"`
	From        string                `json:"from,omitempty"`
	To          string                `json:"to,omitempty"`
	GeneratedAt time.Time             `json:"generatedAt"`
	Rows        []ScreeningSummaryRow `json:"rows"`
	Totals      ScreeningSummaryRow   `json:"totals"`
}

// ScreeningTodo is a to-do item of screening: a unit whose round of a period is not in.
type ScreeningTodo struct {
	ScreeningUnit
	ScreeningPeriodStatus
}

// periodLabel is the Chinese name of a period kind, for messages.
func cadenceLabel(k PeriodKind) string {
	if k == PeriodHalfMonth {
		return "半月"
	}
	return "月"
}

// ScreeningCadenceText describes the cadence for docs and messages: 村（社区）每半月、乡镇（街道）每月.
func ScreeningCadenceText() string {
	return "村（社区）每" + cadenceLabel(ScreeningCadence[ScreeningVillage]) + "、乡镇（街道）每" +
		cadenceLabel(ScreeningCadence[ScreeningTownship]) + "排查一次"
}

// ParseDueDays reads PINGAN_SCREENING_DUE_DAY: 0 to 28 days after a period's end.
func ParseDueDays(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 || n > 28 {
		return 0, fmt.Errorf("want a whole number of days from 0 to 28, got %q", s)
	}
	return n, nil
}

// ScreeningBook holds every township's list of places and every round in memory (a city records a few
// thousand rounds a year): lists, boards, summaries, to-dos and the report's 排查 columns are answered from
// it. The store writes one document by _id; the book is updated after each write.
type ScreeningBook struct {
	regions *RegionTree
	dueDays int

	mu         sync.RWMutex
	places     map[string]PlaceList
	rounds     map[string]*Round
	byTownship map[string][]*Round // oldest date first
	// cum are the running sums of the figures of each township's rounds in that order: cum[t][i] sums the
	// first i, so a window's figures are a difference of two (the report's 排查 columns in microseconds).
	cum map[string][]ScreeningFigures
}

// NewScreeningBook returns the book of these lists and rounds; dueDays is PINGAN_SCREENING_DUE_DAY.
func NewScreeningBook(regions *RegionTree, dueDays int, places []PlaceList, rounds []Round) *ScreeningBook {
	b := &ScreeningBook{regions: regions, dueDays: dueDays, places: map[string]PlaceList{}, rounds: map[string]*Round{},
		byTownship: map[string][]*Round{}, cum: map[string][]ScreeningFigures{}}
	for _, l := range places {
		b.PutPlaces(l)
	}
	for i := range rounds {
		b.PutRound(&rounds[i])
	}
	return b
}

// DueDays is how many days after a period's end its round is on time.
func (b *ScreeningBook) DueDays() int { return b.dueDays }

// Places is a township's list (version 0 and no places when it has none).
func (b *ScreeningBook) Places(township string) PlaceList {
	b.mu.RLock()
	defer b.mu.RUnlock()
	l, ok := b.places[township]
	if !ok {
		return PlaceList{Township: township, Places: []Place{}}
	}
	l.Places = slices.Clone(l.Places)
	return l
}

// PutPlaces files a township's list as stored (unless the book holds a newer version).
func (b *ScreeningBook) PutPlaces(l PlaceList) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if cur, ok := b.places[l.Township]; ok && !newer(l.Seq, l.Version, cur.Seq, cur.Version) {
		return
	}
	b.places[l.Township] = l
}

// PutRound files a stored round (a round already filed is replaced, unless by an older write of it).
func (b *ScreeningBook) PutRound(r *Round) {
	b.mu.Lock()
	defer b.mu.Unlock()
	list := b.byTownship[r.TownshipCode]
	if old, ok := b.rounds[r.ID]; ok {
		if !newer(r.Seq, 0, old.Seq, 0) {
			return
		}
		list = slices.DeleteFunc(list, func(x *Round) bool { return x == old })
	}
	b.rounds[r.ID] = r
	r.day = time.Time{}
	r.day = r.Day()
	r.Version = r.CurrentVersion()
	if r.Corrections == nil {
		r.Corrections = []RoundCorrection{}
	}
	i, _ := slices.BinarySearchFunc(list, r, func(a, t *Round) int {
		if c := strings.Compare(a.Date, t.Date); c != 0 {
			return c
		}
		return a.RecordedAt.Compare(t.RecordedAt)
	})
	list = slices.Insert(list, i+countEqual(list[i:], r), r)
	b.byTownship[r.TownshipCode] = list
	cum := make([]ScreeningFigures, len(list)+1)
	for i, x := range list {
		cum[i+1] = cum[i]
		cum[i+1].Add(x.Figures())
	}
	b.cum[r.TownshipCode] = cum
}

// dayOnOrAfter is the first date (YYYY-MM-DD) whose start is not before t.
func dayOnOrAfter(t time.Time) string {
	if d := DayStart(t); d.Equal(t) {
		return d.Format(time.DateOnly)
	}
	return DayAfter(t).Format(time.DateOnly)
}

// span are the indexes [lo, hi) of a township's rounds dated in w; the caller holds the lock.
func (b *ScreeningBook) span(township string, w Window) (int, int) {
	list := b.byTownship[township]
	lo, hi := 0, len(list)
	if !w.From.IsZero() {
		from := dayOnOrAfter(w.From)
		lo, _ = slices.BinarySearchFunc(list, from, func(r *Round, d string) int { return strings.Compare(r.Date, d) })
	}
	if !w.To.IsZero() {
		to := dayOnOrAfter(w.To)
		hi, _ = slices.BinarySearchFunc(list, to, func(r *Round, d string) int { return strings.Compare(r.Date, d) })
	}
	return lo, max(lo, hi)
}

// dated are a township's rounds dated in w; the caller holds the lock.
func (b *ScreeningBook) dated(township string, w Window) []*Round {
	lo, hi := b.span(township, w)
	return b.byTownship[township][lo:hi]
}

// figures sums a township's rounds dated in w; the caller holds the lock.
func (b *ScreeningBook) figures(township string, w Window) ScreeningFigures {
	cum := b.cum[township]
	if len(cum) == 0 {
		return ScreeningFigures{}
	}
	lo, hi := b.span(township, w)
	f := cum[hi]
	g := cum[lo]
	return ScreeningFigures{Rounds: f.Rounds - g.Rounds, DisputesFound: f.DisputesFound - g.DisputesFound, Prevented: f.Prevented - g.Prevented,
		HazardsFound: f.HazardsFound - g.HazardsFound, ZeroReports: f.ZeroReports - g.ZeroReports}
}

// countEqual: rounds of the same date and recording time stay in filing order.
func countEqual(list []*Round, r *Round) int {
	n := 0
	for n < len(list) && list[n].Date == r.Date && list[n].RecordedAt.Equal(r.RecordedAt) {
		n++
	}
	return n
}

// Round is one round by id, in the caller's region (ErrRoundNotFound otherwise, as for an unknown id).
func (b *ScreeningBook) Round(region, id string) (*Round, error) {
	b.mu.RLock()
	r, ok := b.rounds[id]
	b.mu.RUnlock()
	if !ok || !b.regions.Contains(region, r.TownshipCode) {
		return nil, ErrRoundNotFound
	}
	return r, nil
}

// FoundIn checks the round a hazard says it was found in ("" none): a round the region sees, held in the
// hazard's township; anything else is refused on roundId.
func (b *ScreeningBook) FoundIn(region, roundID, township string) error {
	if roundID == "" {
		return nil
	}
	if r, err := b.Round(region, roundID); err != nil || r.TownshipCode != township {
		return Invalid(FieldError{Field: "roundId", Message: "排查记录" + roundID + "不存在，或不是该乡镇（街道）的排查"})
	}
	return nil
}

// RoundFilter narrows a list of rounds.
type RoundFilter struct {
	Region  string // required: the townships inside it
	Village string // rounds held by this village ("" any)
	Level   string // township or village ("" any)
	Window  Window // by the round's date
}

// Rounds lists the rounds matching f, newest date first.
func (b *ScreeningBook) Rounds(f RoundFilter) []*Round {
	b.mu.RLock()
	defer b.mu.RUnlock()
	var out []*Round
	for _, t := range b.regions.Townships(f.Region) {
		for _, r := range b.dated(t.Code, f.Window) {
			if (f.Village == "" || r.Village == f.Village) && (f.Level == "" || r.Level == f.Level) {
				out = append(out, r)
			}
		}
	}
	slices.SortStableFunc(out, func(a, c *Round) int {
		if x := strings.Compare(c.Date, a.Date); x != 0 {
			return x
		}
		if x := c.RecordedAt.Compare(a.RecordedAt); x != 0 {
			return x
		}
		return strings.Compare(a.ID, c.ID)
	})
	return out
}

// FiguresOf sums the figures of the rounds of the townships inside region dated in w.
func (b *ScreeningBook) FiguresOf(region string, w Window) ScreeningFigures {
	b.mu.RLock()
	defer b.mu.RUnlock()
	var f ScreeningFigures
	for _, t := range b.regions.Townships(region) {
		f.Add(b.figures(t.Code, w))
	}
	return f
}

// FillReport adds the 排查 columns to a resolution report of region over w: each row (a county, a township
// or a month) and the totals, counted by the round's date.
func (b *ScreeningBook) FillReport(rep *ResolutionReport, region string, w Window) {
	var total ScreeningFigures
	for i := range rep.Rows {
		row := &rep.Rows[i]
		var f ScreeningFigures
		if rep.GroupBy == GroupByMonth {
			m, ok := ParseReturnMonth(row.Code)
			if !ok {
				continue
			}
			mw := Window{From: m, To: m.AddDate(0, 1, 0)}
			if !w.From.IsZero() && w.From.After(mw.From) {
				mw.From = w.From
			}
			if !w.To.IsZero() && w.To.Before(mw.To) {
				mw.To = w.To
			}
			f = b.FiguresOf(region, mw)
		} else {
			f = b.FiguresOf(row.Code, w)
		}
		row.Screening = &f
		total.Add(f)
	}
	if rep.GroupBy != GroupByMonth {
		total = b.FiguresOf(region, w) // the rows cover the region: the same sum, counted once
	}
	rep.Totals.Screening = &total
}

// firstRecorded is when the first round of a unit dated in p was recorded, with the number of such rounds
// and whether all of them were 零报告; the caller holds the lock.
func (b *ScreeningBook) firstRecorded(township, village string, p ScreeningPeriod) (*time.Time, int, bool) {
	var first *time.Time
	n, zero := 0, true
	for _, r := range b.dated(township, Window{From: p.From, To: p.To}) {
		if r.Village != village {
			continue
		}
		n++
		zero = zero && r.ZeroReport
		if first == nil || r.RecordedAt.Before(*first) {
			at := r.RecordedAt
			first = &at
		}
	}
	return first, n, n > 0 && zero
}

// periodStatus is a unit's standing for p; the caller holds the lock.
func (b *ScreeningBook) periodStatus(township, village string, p ScreeningPeriod, now time.Time) ScreeningPeriodStatus {
	first, n, zero := b.firstRecorded(township, village, p)
	return ScreeningPeriodStatus{Period: p.Code, PeriodName: p.Name, From: p.From.Format(time.DateOnly), To: LastDay(p.To),
		DueDate: p.DueDate(b.dueDays), Status: StatusOfPeriod(p, first, b.dueDays, now), Rounds: n, ReportedAt: first, ZeroReport: zero}
}

// units are the screening units of a township: itself, then the places of its list; the caller holds the lock.
func (b *ScreeningBook) units(t *Region) []ScreeningUnit {
	out := []ScreeningUnit{{Code: t.Code, Name: t.Name, Level: ScreeningTownship, TownshipCode: t.Code, TownshipName: t.Name}}
	for _, p := range b.places[t.Code].Places {
		out = append(out, ScreeningUnit{Code: UnitCode(t.Code, p.Name), Name: p.Name, Level: ScreeningVillage,
			TownshipCode: t.Code, TownshipName: t.Name, Village: p.Name})
	}
	return out
}

// Board says, for every unit of region, whether it reported for each period of the month (townships one
// monthly period, villages two half months).
func (b *ScreeningBook) Board(region *Region, month time.Time, now time.Time) ScreeningBoard {
	b.mu.RLock()
	defer b.mu.RUnlock()
	board := ScreeningBoard{Region: RefOf(region), Month: MonthCode(month), DueDays: b.dueDays, GeneratedAt: now, Rows: []ScreeningBoardRow{}}
	for _, t := range b.regions.Townships(region.Code) {
		for _, u := range b.units(t) {
			row := ScreeningBoardRow{ScreeningUnit: u}
			for _, p := range PeriodsOfMonth(ScreeningCadence[u.Level], month) {
				if now.Before(p.From) {
					continue // a period that has not begun
				}
				s := b.periodStatus(t.Code, u.Village, p, now)
				row.Periods = append(row.Periods, s)
				board.Counts.add(s.Status)
			}
			board.Counts.Units++
			board.Rows = append(board.Rows, row)
		}
	}
	return board
}

// Summary is each township's rounds held against those due over w (periods that began in w and have
// ended by now), with the round figures of w.
func (b *ScreeningBook) Summary(region *Region, w Window, now time.Time) ScreeningSummary {
	from, to := w.From, w.To
	if to.IsZero() || to.After(now) {
		to = now
	}
	b.mu.RLock()
	out := ScreeningSummary{Region: RefOf(region), GeneratedAt: now, Rows: []ScreeningSummaryRow{}}
	if !w.From.IsZero() {
		out.From = w.From.Format(time.DateOnly)
	}
	if !w.To.IsZero() {
		out.To = LastDay(w.To)
	}
	for _, t := range b.regions.Townships(region.Code) {
		row := ScreeningSummaryRow{Code: t.Code, Name: t.Name}
		start := from
		if start.IsZero() { // unbounded: from the first round of the township
			if rs := b.byTownship[t.Code]; len(rs) > 0 {
				start = rs[0].Day()
			} else {
				start = to
			}
		}
		for _, u := range b.units(t) {
			kind := ScreeningCadence[u.Level]
			p := PeriodOf(kind, start)
			if p.From.Before(start) {
				p = p.Next() // periods that begin in the window
			}
			for ; p.From.Before(to) && !p.To.After(now); p = p.Next() {
				_, n, _ := b.firstRecorded(t.Code, u.Village, p)
				if u.Level == ScreeningTownship {
					row.TownshipDue++
					if n > 0 {
						row.TownshipHeld++
					}
				} else {
					row.VillageDue++
					if n > 0 {
						row.VillageHeld++
					}
				}
			}
		}
		row.Places = len(b.places[t.Code].Places)
		row.Figures = b.figures(t.Code, w)
		out.Totals.TownshipDue += row.TownshipDue
		out.Totals.TownshipHeld += row.TownshipHeld
		out.Totals.Places += row.Places
		out.Totals.VillageDue += row.VillageDue
		out.Totals.VillageHeld += row.VillageHeld
		out.Totals.Figures.Add(row.Figures)
		out.Rows = append(out.Rows, row)
	}
	b.mu.RUnlock()
	out.Totals.Code, out.Totals.Name = region.Code, "合计"
	return out
}

// Todo are the caller's screening to-dos. A township's staff see their own units whose round of the
// running or the last period is not in; staff of a county or the city see the units under them whose
// round of the last ended period is overdue (逾期未报).
func (b *ScreeningBook) Todo(u *User, now time.Time) []ScreeningTodo {
	if u.Role == RolePetition {
		return []ScreeningTodo{}
	}
	b.mu.RLock()
	defer b.mu.RUnlock()
	out := []ScreeningTodo{}
	own := false
	if r, ok := b.regions.Get(u.RegionCode); ok && r.Level == LevelTownship {
		own = true
	}
	for _, t := range b.regions.Townships(u.RegionCode) {
		for _, unit := range b.units(t) {
			cur := PeriodOf(ScreeningCadence[unit.Level], now)
			periods := []ScreeningPeriod{cur.Prev()}
			if own && CanKeepScreening(u) {
				periods = append(periods, cur)
			}
			for _, p := range periods {
				s := b.periodStatus(t.Code, unit.Village, p, now)
				if s.Status == ScreeningMissing || own && CanKeepScreening(u) && (s.Status == ScreeningDue || s.Status == ScreeningOpen) {
					out = append(out, ScreeningTodo{ScreeningUnit: unit, ScreeningPeriodStatus: s})
				}
			}
		}
	}
	return out
}
