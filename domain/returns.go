package domain

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Monthly returns (统计月报报送). A township submits its return for a month — the month's row of the
// resolution report, counted by the date each thing happened, as it stands when submitted — from the 1st
// of the next month; after the 5th it is late. A submitted return never changes: when later records change
// the month's figures, the township may submit a correction (更正) with a reason, kept beside the original.
// A county's or the city's return is assembled from its townships' submitted ones.

// ReturnDueDay is the last day of the next month on which a return is on time.
const ReturnDueDay = 5

// MonthlyReturn is one submitted version of a township's return for a month: the original, or a
// correction of it. Stored as submitted, never changed.
type MonthlyReturn struct {
	// ID is township-YYYY-MM for the original, followed by -c1, -c2, … for its corrections.
	ID       string `bson:"_id" json:"id"`
	Township string `bson:"township" json:"township"`
	Month    string `bson:"month" json:"month"` // YYYY-MM
	// Figures are the month's figures as the resolution report counted them when the version was submitted.
	Figures ReportTotals `bson:"figures" json:"figures"`
	// ZeroReport (零报告): the township had nothing to count that month, no flow and no stock.
	ZeroReport  bool      `bson:"zeroReport" json:"zeroReport"`
	Note        string    `bson:"note,omitempty" json:"note,omitempty"`
	SubmittedAt time.Time `bson:"submittedAt" json:"submittedAt"`
	SubmittedBy Actor     `bson:"submittedBy" json:"submittedBy"`
	// Late: an original submitted after the due day (the 5th of the next month, Asia/Shanghai). Corrections
	// have no due day and are never late.
	Late       bool        `bson:"late" json:"late"`
	Correction *Correction `bson:"correction,omitempty" json:"correction,omitempty"`
}

// Correction says which original a version corrects, its number and why.
type Correction struct {
	Of     string `bson:"of" json:"of"`
	N      int    `bson:"n" json:"n"`
	Reason string `bson:"reason" json:"reason"`
}

// OriginalID is the id of the original this version belongs to (its own id for an original).
func (r *MonthlyReturn) OriginalID() string {
	if r.Correction != nil {
		return r.Correction.Of
	}
	return r.ID
}

// NewReturnInput is the body of POST /api/v1/returns.
type NewReturnInput struct {
	Township string `json:"township" validate:"required,max=20,singleline" label:"乡镇（街道）"`
	Month    string `json:"month" validate:"required,max=20,singleline" label:"统计月份"`
	// ZeroReport asks for a 零报告: the township had nothing to count; a note is then required.
	ZeroReport bool   `json:"zeroReport" label:"零报告"`
	Note       string `json:"note" validate:"max=500,multiline" label:"说明"`
}

// CorrectionInput is the body of POST /api/v1/returns/{id}/corrections.
type CorrectionInput struct {
	Reason string `json:"reason" validate:"required,max=500,multiline" label:"更正原因"`
	Note   string `json:"note" validate:"max=500,multiline" label:"说明"`
}

// ReturnID is the id of a township's original return for a month (YYYY-MM).
func ReturnID(township, month string) string { return township + "-" + month }

// CorrectionID is the id of the n-th correction of an original.
func CorrectionID(original string, n int) string { return original + "-c" + strconv.Itoa(n) }

// ParseReturnMonth reads a month as YYYY-MM (2000-01 to 2099-12) into its first instant in Asia/Shanghai.
func ParseReturnMonth(s string) (time.Time, bool) {
	if len(s) != 7 || s[4] != '-' {
		return time.Time{}, false
	}
	t, err := time.ParseInLocation("2006-01", s, Shanghai)
	if err != nil || t.Year() < 2000 || t.Year() > 2099 {
		return time.Time{}, false
	}
	return t, true
}

// MonthCode writes the month starting at start as YYYY-MM.
func MonthCode(start time.Time) string { return start.In(Shanghai).Format("2006-01") }

// MonthStart is the first instant of t's month in Asia/Shanghai.
func MonthStart(t time.Time) time.Time {
	t = t.In(Shanghai)
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, Shanghai)
}

// LastEndedMonth is the start of the month before now's: the latest month a return can be submitted for.
func LastEndedMonth(now time.Time) time.Time { return MonthStart(now).AddDate(0, -1, 0) }

// ReturnWindow is the report window of the month starting at start.
func ReturnWindow(start time.Time) Window { return Window{From: start, To: start.AddDate(0, 1, 0)} }

// ReturnOpens is when returns for the month starting at start may be submitted: the 1st of the next month.
func ReturnOpens(start time.Time) time.Time { return start.AddDate(0, 1, 0) }

// ReturnLateFrom is the first instant a return for the month starting at start is late: the day after the
// due day (the 5th of the next month).
func ReturnLateFrom(start time.Time) time.Time { return start.AddDate(0, 1, ReturnDueDay) }

// ReturnDueDate is the due day of the month's returns as YYYY-MM-DD.
func ReturnDueDate(start time.Time) string { return LastDay(ReturnLateFrom(start)) }

// monthNotEnded explains why a month cannot have a return yet.
func monthNotEnded(start time.Time) string {
	return fmt.Sprintf("%s尚未结束，%s起才能报送", MonthName(start), ReturnOpens(start).Format(time.DateOnly))
}

// CanSubmitReturns decides whether a role submits returns: the township's own staff (mediators, petition
// staff) and admins do; leaders read them.
func CanSubmitReturns(u *User) error {
	switch u.Role {
	case RoleMediator, RolePetition, RoleAdmin:
		return nil
	}
	return ErrForbidden.WithMessage("领导账号只能查看报送情况，统计月报由乡镇（街道）报送")
}

// ReturnRequest is a checked request for a new return: whose and which month.
type ReturnRequest struct {
	Township   *Region
	Month      time.Time // its first instant
	ZeroReport bool
	Note       string
}

// CheckReturnRequest checks a new return before its figures are counted: the role, the fields, the month
// (it must have ended), the township (a township inside the caller's region, else ErrOutOfRegion).
func CheckReturnRequest(in NewReturnInput, by *User, regions *RegionTree, now time.Time) (ReturnRequest, error) {
	if err := CanSubmitReturns(by); err != nil {
		return ReturnRequest{}, err
	}
	TrimStrings(&in)
	fields, err := validationFields(Validate(in))
	if err != nil {
		return ReturnRequest{}, err
	}
	req := ReturnRequest{ZeroReport: in.ZeroReport, Note: in.Note}
	if !hasField(fields, "month") {
		if m, ok := ParseReturnMonth(in.Month); !ok {
			fields = append(fields, FieldError{Field: "month", Message: "统计月份格式应为 YYYY-MM，例如 2026-05"})
		} else if now.Before(ReturnOpens(m)) {
			fields = append(fields, FieldError{Field: "month", Message: monthNotEnded(m)})
		} else {
			req.Month = m
		}
	}
	if !hasField(fields, "township") {
		if r, ok := regions.Get(in.Township); !ok || r.Level != LevelTownship {
			fields = append(fields, FieldError{Field: "township", Message: "乡镇（街道）不存在：" + in.Township})
		} else {
			req.Township = r
		}
	}
	if len(fields) > 0 {
		return ReturnRequest{}, Invalid(fields...)
	}
	if !regions.Contains(by.RegionCode, req.Township.Code) {
		return ReturnRequest{}, ErrOutOfRegion.WithMessage("只能报送本辖区乡镇（街道）的统计月报")
	}
	return req, nil
}

// NewReturn makes the original return of a checked request from the month's figures as counted now. A
// 零报告 is asked for exactly when there is nothing to count, and needs a note.
func NewReturn(req ReturnRequest, figures ReportTotals, by *User, now time.Time) (*MonthlyReturn, error) {
	zero := figures.IsZero()
	var fields []FieldError
	switch {
	case req.ZeroReport && !zero:
		fields = append(fields, FieldError{Field: "zeroReport", Message: "本月有统计数字，不能报送零报告"})
	case !req.ZeroReport && zero:
		fields = append(fields, FieldError{Field: "zeroReport", Message: "本月没有任何统计数字，请报送零报告并写明情况"})
	}
	if zero && req.Note == "" {
		fields = append(fields, FieldError{Field: "note", Message: "零报告须填写说明"})
	}
	if len(fields) > 0 {
		return nil, Invalid(fields...)
	}
	month := MonthCode(req.Month)
	return &MonthlyReturn{
		ID: ReturnID(req.Township.Code, month), Township: req.Township.Code, Month: month, Figures: figures,
		ZeroReport: zero, Note: req.Note, SubmittedAt: now, SubmittedBy: by.Actor(),
		Late: !now.Before(ReturnLateFrom(req.Month)),
	}, nil
}

// NewCorrection makes the next correction of a return whose latest version is latest, from the month's
// figures as counted now: a reason is required, and figures equal to the latest version's need none.
func NewCorrection(latest *MonthlyReturn, in CorrectionInput, figures ReportTotals, by *User, now time.Time) (*MonthlyReturn, error) {
	if err := CanSubmitReturns(by); err != nil {
		return nil, err
	}
	TrimStrings(&in)
	if err := Validate(in); err != nil {
		return nil, err
	}
	if len(FigureChanges(latest.Figures, figures)) == 0 {
		return nil, ErrReturnUnchanged
	}
	n := 1
	if latest.Correction != nil {
		n = latest.Correction.N + 1
	}
	of := latest.OriginalID()
	return &MonthlyReturn{
		ID: CorrectionID(of, n), Township: latest.Township, Month: latest.Month, Figures: figures,
		ZeroReport: figures.IsZero(), Note: in.Note, SubmittedAt: now, SubmittedBy: by.Actor(),
		Correction: &Correction{Of: of, N: n, Reason: in.Reason},
	}, nil
}

// figureKind says how a figure of a return is compared: counts and the amount are compared, rates follow
// from the counts and are not.
type figureKind int

const (
	figureCount figureKind = iota
	figureAmount
	figureRate
)

// returnFigure is one figure of a return: its code and labels, and how it is read from the figures
// (counts as themselves, the amount in fen, rates ×10⁴, nil as -1).
type returnFigure struct {
	Option
	kind  figureKind
	value func(f *ReportTotals) int64
}

func countOf(get func(f *ReportTotals) int) func(f *ReportTotals) int64 {
	return func(f *ReportTotals) int64 { return int64(get(f)) }
}

func rateOf(get func(f *ReportTotals) *float64) func(f *ReportTotals) int64 {
	return func(f *ReportTotals) int64 {
		if r := get(f); r != nil {
			return roundFloat4(*r)
		}
		return -1
	}
}

// returnFigureTable lists the figures of a return in the order of the 人民调解 monthly return (月报), as the
// report exports them (handlers/export.go): the stock carried over, the flows, the stock at the end, rates
// and the rest; then the backlog petition figures. 督办在办 is not among them: it is counted as of now.
var returnFigureTable = []returnFigure{
	{Option{"disputes.carriedOver", "上期结转", "Carried over"}, figureCount, countOf(func(f *ReportTotals) int { return f.Disputes.CarriedOver })},
	{Option{"disputes.registered", "本期新收", "Registered"}, figureCount, countOf(func(f *ReportTotals) int { return f.Disputes.Registered })},
	{Option{"disputes.accepted", "本期受理", "Accepted"}, figureCount, countOf(func(f *ReportTotals) int { return f.Disputes.Accepted })},
	{Option{"disputes.rejected", "不予受理", "Rejected"}, figureCount, countOf(func(f *ReportTotals) int { return f.Disputes.Rejected })},
	{Option{"disputes.resolved", "调解成功", "Resolved"}, figureCount, countOf(func(f *ReportTotals) int { return f.Disputes.Resolved })},
	{Option{"disputes.failed", "调解不成", "Failed"}, figureCount, countOf(func(f *ReportTotals) int { return f.Disputes.Failed })},
	{Option{"disputes.concluded", "本期调结", "Concluded"}, figureCount, countOf(func(f *ReportTotals) int { return f.Disputes.Concluded })},
	{Option{"disputes.pending", "期末在办", "Pending at the end"}, figureCount, countOf(func(f *ReportTotals) int { return f.Disputes.Pending })},
	{Option{"disputes.successRate", "调解成功率", "Success rate"}, figureRate, rateOf(func(f *ReportTotals) *float64 { return f.Disputes.SuccessRate })},
	{Option{"disputes.concludedRate", "调结率", "Conclusion rate"}, figureRate, rateOf(func(f *ReportTotals) *float64 { return f.Disputes.ConcludedRate })},
	{Option{"disputes.onTime", "按期调结", "Concluded on time"}, figureCount, countOf(func(f *ReportTotals) int { return f.Disputes.OnTime })},
	{Option{"disputes.onTimeRate", "按期调结率", "On-time rate"}, figureRate, rateOf(func(f *ReportTotals) *float64 { return f.Disputes.OnTimeRate })},
	{Option{"disputes.overdue", "超期在办", "Overdue"}, figureCount, countOf(func(f *ReportTotals) int { return f.Disputes.Overdue })},
	{Option{"disputes.followUps", "回访", "Follow-up visits"}, figureCount, countOf(func(f *ReportTotals) int { return f.Disputes.FollowUps })},
	{Option{"disputes.satisfied", "满意", "Satisfied"}, figureCount, countOf(func(f *ReportTotals) int { return f.Disputes.Satisfied })},
	{Option{"disputes.basic", "基本满意", "Basically satisfied"}, figureCount, countOf(func(f *ReportTotals) int { return f.Disputes.Basic })},
	{Option{"disputes.satisfactionRate", "回访满意率", "Satisfaction rate"}, figureRate, rateOf(func(f *ReportTotals) *float64 { return f.Disputes.SatisfactionRate })},
	{Option{"disputes.basicOrBetterRate", "基本满意以上率", "Basically satisfied or better"}, figureRate, rateOf(func(f *ReportTotals) *float64 { return f.Disputes.BasicOrBetterRate })},
	{Option{"disputes.parties", "涉及当事人（人）", "Parties (people)"}, figureCount, countOf(func(f *ReportTotals) int { return f.Disputes.Parties })},
	{Option{"disputes.amount", "协议涉及金额（元）", "Agreed amount (yuan)"}, figureAmount, func(f *ReportTotals) int64 { return int64(f.Disputes.Amount) }},
	{Option{"disputes.mass", "群体性纠纷", "Mass disputes"}, figureCount, countOf(func(f *ReportTotals) int { return f.Disputes.Mass })},
	{Option{"disputes.preventedCriminal", "防止民转刑（件）", "Criminal cases prevented"}, figureCount, countOf(func(f *ReportTotals) int { return f.Disputes.PreventedCriminal })},
	{Option{"disputes.preventedCriminalPeople", "防止民转刑（人）", "Criminal cases prevented (people)"}, figureCount, countOf(func(f *ReportTotals) int { return f.Disputes.PreventedCriminalPeople })},
	{Option{"disputes.preventedSuicide", "防止自杀（件）", "Suicides prevented"}, figureCount, countOf(func(f *ReportTotals) int { return f.Disputes.PreventedSuicide })},
	{Option{"disputes.preventedSuicidePeople", "防止自杀（人）", "Suicides prevented (people)"}, figureCount, countOf(func(f *ReportTotals) int { return f.Disputes.PreventedSuicidePeople })},
	{Option{"disputes.preventedMassPetition", "防止群体性上访（件）", "Mass petitions prevented"}, figureCount, countOf(func(f *ReportTotals) int { return f.Disputes.PreventedMassPetition })},
	{Option{"disputes.preventedMassPetitionPeople", "防止群体性上访（人）", "Mass petitions prevented (people)"}, figureCount, countOf(func(f *ReportTotals) int { return f.Disputes.PreventedMassPetitionPeople })},
	{Option{"disputes.preventedMassFight", "防止群体性械斗（件）", "Mass fights prevented"}, figureCount, countOf(func(f *ReportTotals) int { return f.Disputes.PreventedMassFight })},
	{Option{"disputes.preventedMassFightPeople", "防止群体性械斗（人）", "Mass fights prevented (people)"}, figureCount, countOf(func(f *ReportTotals) int { return f.Disputes.PreventedMassFightPeople })},
	{Option{"petitions.assigned", "本期交办积案", "Backlog cases assigned"}, figureCount, countOf(func(f *ReportTotals) int { return f.Petitions.Assigned })},
	{Option{"petitions.cleared", "本期销号", "Cleared"}, figureCount, countOf(func(f *ReportTotals) int { return f.Petitions.Cleared })},
	{Option{"petitions.reopened", "本期反弹", "Reopened"}, figureCount, countOf(func(f *ReportTotals) int { return f.Petitions.Reopened })},
	{Option{"petitions.total", "积案总数", "Backlog cases"}, figureCount, countOf(func(f *ReportTotals) int { return f.Petitions.Total })},
	{Option{"petitions.clearedAtEnd", "已销号", "Cleared at the end"}, figureCount, countOf(func(f *ReportTotals) int { return f.Petitions.ClearedAtEnd })},
	{Option{"petitions.open", "未销号", "Open"}, figureCount, countOf(func(f *ReportTotals) int { return f.Petitions.Open })},
	{Option{"petitions.overdue", "超期积案", "Overdue backlog cases"}, figureCount, countOf(func(f *ReportTotals) int { return f.Petitions.Overdue })},
	{Option{"petitions.clearanceRate", "积案化解（销号）率", "Clearance rate"}, figureRate, rateOf(func(f *ReportTotals) *float64 { return f.Petitions.ClearanceRate })},
}

// ReturnFigures are the figures of a return with their labels, in the order of the 月报 (the enumeration
// `returnFigures`: codes are paths into the figures, e.g. disputes.resolved).
var ReturnFigures = func() []Option {
	out := make([]Option, len(returnFigureTable))
	for i, f := range returnFigureTable {
		out[i] = f.Option
	}
	return out
}()

// IsZero reports whether the figures count nothing at all: no flow and no stock (a 零报告).
func (f ReportTotals) IsZero() bool {
	for _, fig := range returnFigureTable {
		if fig.kind != figureRate && fig.value(&f) != 0 {
			return false
		}
	}
	return f.Disputes.Supervised == 0 && f.Petitions.Supervised == 0
}

// FigureChange is one figure that differs between a submitted return and the figures counted now:
// counts as whole numbers, the amount in yuan; change = live − submitted.
type FigureChange struct {
	Figure    string  `json:"figure"` // a code of ReturnFigures
	Submitted float64 `json:"submitted"`
	Live      float64 `json:"live"`
	Change    float64 `json:"change"`
}

// FigureChanges lists the counts and the amount that differ from submitted to live, in the order of the
// 月报; rates follow from the counts and are not listed.
func FigureChanges(submitted, live ReportTotals) []FigureChange {
	out := []FigureChange{}
	for _, fig := range returnFigureTable {
		if fig.kind == figureRate {
			continue
		}
		s, l := fig.value(&submitted), fig.value(&live)
		if s == l {
			continue
		}
		unit := 1.0
		if fig.kind == figureAmount {
			unit = 100 // fen to yuan
		}
		out = append(out, FigureChange{Figure: fig.Code, Submitted: float64(s) / unit, Live: float64(l) / unit,
			Change: float64(l-s) / unit})
	}
	return out
}

// ReturnStatus is where a township stands with a month's return.
type ReturnStatus string

const (
	ReturnOnTime  ReturnStatus = "submitted" // submitted by the due day
	ReturnLate    ReturnStatus = "late"      // submitted after it
	ReturnMissing ReturnStatus = "missing"   // not submitted (yet)
)

// ReturnStatuses label the statuses (the enumeration `returnStatuses`).
var ReturnStatuses = []Option{
	{string(ReturnOnTime), "已报送", "Submitted"},
	{string(ReturnLate), "逾期报送", "Submitted late"},
	{string(ReturnMissing), "未报送", "Not submitted"},
}

// StatusOf is the status of a township whose original return is original (nil: none).
func StatusOf(original *MonthlyReturn) ReturnStatus {
	switch {
	case original == nil:
		return ReturnMissing
	case original.Late:
		return ReturnLate
	}
	return ReturnOnTime
}

// ReturnRow is one township and month: its status, its latest submitted version, and what changed since.
type ReturnRow struct {
	Township    string       `json:"township"`
	Name        string       `json:"name"`
	ParentCode  string       `json:"parentCode"`
	Month       string       `json:"month"`
	Status      ReturnStatus `json:"status"`
	SubmittedAt *time.Time   `json:"submittedAt"` // of the original; null when missing
	Corrections int          `json:"corrections"`
	// Latest is the version that counts: the last correction, else the original; null when missing.
	Latest *MonthlyReturn `json:"latest"`
	// Live are the month's figures counted now (only where asked for: a township's months).
	Live *ReportTotals `json:"live,omitempty"`
	// Changes are the figures counted now that differ from the latest version's (live − submitted).
	Changes []FigureChange `json:"changes"`
}

// NewReturnRow makes the row of a township for the month starting at month: versions holds the original
// first, then its corrections in order (none when missing); live are the month's figures counted now.
func NewReturnRow(township *Region, month time.Time, versions []*MonthlyReturn, live ReportTotals) ReturnRow {
	row := ReturnRow{Township: township.Code, Name: township.Name, ParentCode: township.ParentCode, Month: MonthCode(month),
		Status: ReturnMissing, Changes: []FigureChange{}}
	if len(versions) == 0 {
		return row
	}
	original, latest := versions[0], versions[len(versions)-1]
	row.Status = StatusOf(original)
	row.SubmittedAt = &original.SubmittedAt
	row.Corrections = len(versions) - 1
	row.Latest = latest
	row.Changes = FigureChanges(latest.Figures, live)
	return row
}

// ReturnCounts sum up a board: how many townships, and how many of them stand how.
type ReturnCounts struct {
	Townships   int `json:"townships"`
	Submitted   int `json:"submitted"` // on time
	Late        int `json:"late"`
	Missing     int `json:"missing"`
	ZeroReports int `json:"zeroReports"` // latest version a 零报告
	Corrected   int `json:"corrected"`   // with at least one correction
	Changed     int `json:"changed"`     // figures counted now differ from the latest version
}

func (c *ReturnCounts) add(r ReturnRow) {
	c.Townships++
	switch r.Status {
	case ReturnOnTime:
		c.Submitted++
	case ReturnLate:
		c.Late++
	case ReturnMissing:
		c.Missing++
	}
	if r.Latest != nil && r.Latest.ZeroReport {
		c.ZeroReports++
	}
	if r.Corrections > 0 {
		c.Corrected++
	}
	if len(r.Changes) > 0 {
		c.Changed++
	}
}

// ReturnGroup is a county's part of a board: its counts and its return assembled from its townships'.
type ReturnGroup struct {
	Code      string       `json:"code"`
	Name      string       `json:"name"`
	Counts    ReturnCounts `json:"counts"`
	Assembled ReportTotals `json:"assembled"`
}

// ReturnBoard is GET /api/v1/returns: the returns of a region's townships for one month, and the region's
// return assembled from them.
type ReturnBoard struct {
	Region RegionRef `json:"region"`
	Month  string    `json:"month"`
	// OpensOn is the first day returns may be submitted, DueOn the last day they are on time.
	OpensOn string `json:"opensOn"`
	DueOn   string `json:"dueOn"`
	// DuePassed: returns still missing are late.
	DuePassed   bool          `json:"duePassed"`
	GeneratedAt time.Time     `json:"generatedAt"`
	Rows        []ReturnRow   `json:"rows"`
	Groups      []ReturnGroup `json:"groups"`
	Counts      ReturnCounts  `json:"counts"`
	// Assembled is the region's return: the sum of its townships' latest submitted figures (townships that
	// have not submitted count nothing), rates recomputed from the sums.
	Assembled ReportTotals `json:"assembled"`
}

// BuildReturnBoard assembles a board from its rows (one per township of region, in code order): counts and
// assembled figures for the region and for each county the rows lie in.
func BuildReturnBoard(regions *RegionTree, region *Region, month time.Time, rows []ReturnRow, now time.Time) ReturnBoard {
	b := ReturnBoard{Region: RefOf(region), Month: MonthCode(month), OpensOn: ReturnOpens(month).Format(time.DateOnly),
		DueOn: ReturnDueDate(month), DuePassed: !now.Before(ReturnLateFrom(month)), GeneratedAt: now,
		Rows: rows, Groups: []ReturnGroup{}}
	var submitted []ResolutionRow
	group := map[string]int{}
	groupRows := map[string][]ResolutionRow{}
	for _, r := range rows {
		county := r.ParentCode
		i, ok := group[county]
		if !ok {
			c, _ := regions.Get(county)
			name := county
			if c != nil {
				name = c.Name
			}
			i = len(b.Groups)
			group[county] = i
			b.Groups = append(b.Groups, ReturnGroup{Code: county, Name: name})
		}
		b.Counts.add(r)
		b.Groups[i].Counts.add(r)
		if r.Latest != nil {
			fig := ResolutionRow{Disputes: r.Latest.Figures.Disputes, Petitions: r.Latest.Figures.Petitions}
			submitted = append(submitted, fig)
			groupRows[county] = append(groupRows[county], fig)
		}
	}
	b.Assembled = TotalsOf(submitted)
	for i := range b.Groups {
		b.Groups[i].Assembled = TotalsOf(groupRows[b.Groups[i].Code])
	}
	return b
}

// ReturnHistory is GET /api/v1/returns/{id}: a township's return for a month with every version, and what
// changed since the latest.
type ReturnHistory struct {
	Township RegionRef    `json:"township"`
	Month    string       `json:"month"`
	Status   ReturnStatus `json:"status"`
	// Versions are the original, then its corrections in order.
	Versions    []*MonthlyReturn `json:"versions"`
	Live        ReportTotals     `json:"live"`
	Changes     []FigureChange   `json:"changes"`
	GeneratedAt time.Time        `json:"generatedAt"`
}

// ReturnMonths is GET /api/v1/returns/months: a township's returns for each ended month of a year.
type ReturnMonths struct {
	Township    RegionRef   `json:"township"`
	Year        int         `json:"year"`
	GeneratedAt time.Time   `json:"generatedAt"`
	Rows        []ReturnRow `json:"rows"`
}

// ParseReturnYear reads a year (2000 to now's) for the list of a township's months; "" is now's year.
func ParseReturnYear(s string, now time.Time) (int, error) {
	this := now.In(Shanghai).Year()
	if strings.TrimSpace(s) == "" {
		return this, nil
	}
	y, err := strconv.Atoi(s)
	if err != nil || y < 2000 || y > this {
		return 0, ErrBadRequest.WithMessage(fmt.Sprintf("年份（year）应为 2000 到 %d 之间的整数", this))
	}
	return y, nil
}

// ParseBoardMonth reads the month of a board (YYYY-MM; "" is the last ended month): a month that has not
// ended has no returns yet.
func ParseBoardMonth(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return LastEndedMonth(now), nil
	}
	m, ok := ParseReturnMonth(s)
	if !ok {
		return time.Time{}, ErrBadRequest.WithMessage("统计月份（month）格式应为 YYYY-MM，例如 2026-05")
	}
	if now.Before(ReturnOpens(m)) {
		return time.Time{}, ErrBadRequest.WithMessage("统计月份（month）" + monthNotEnded(m))
	}
	return m, nil
}
