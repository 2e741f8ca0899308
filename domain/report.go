package domain

import (
	"fmt"
	"time"
)

// Report arithmetic (DESIGN.md, "Figures leaders read"). The case index counts; this file says what the
// counts mean, how rates are rounded, how periods are cut and how rows are ranked.

// Window is a date window on registeredAt: From inclusive, To exclusive; a zero bound is unbounded.
type Window struct {
	From time.Time
	To   time.Time
}

// ParseWindow reads the from/to query parameters (YYYY-MM-DD in Asia/Shanghai, both inclusive, empty =
// unbounded) into a Window whose To is the day after `to` at 00:00. A bad date or from after to answers 400.
func ParseWindow(from, to string) (Window, error) {
	var w Window
	if from != "" {
		d, err := time.ParseInLocation(time.DateOnly, from, Shanghai)
		if err != nil {
			return Window{}, ErrBadRequest.WithMessage("开始日期格式应为 YYYY-MM-DD")
		}
		w.From = d
	}
	if to != "" {
		d, err := time.ParseInLocation(time.DateOnly, to, Shanghai)
		if err != nil {
			return Window{}, ErrBadRequest.WithMessage("结束日期格式应为 YYYY-MM-DD")
		}
		w.To = d.AddDate(0, 0, 1)
	}
	if !w.From.IsZero() && !w.To.IsZero() && !w.From.Before(w.To) {
		return Window{}, ErrBadRequest.WithMessage("开始日期不能晚于结束日期")
	}
	return w, nil
}

// Contains reports whether t lies inside the window.
func (w Window) Contains(t time.Time) bool {
	return (w.From.IsZero() || !t.Before(w.From)) && (w.To.IsZero() || t.Before(w.To))
}

// FromDate is the first day of the window as YYYY-MM-DD in Shanghai, "" when unbounded.
func (w Window) FromDate() string {
	if w.From.IsZero() {
		return ""
	}
	return w.From.In(Shanghai).Format(time.DateOnly)
}

// ToDate is the last day of the window (inclusive) as YYYY-MM-DD in Shanghai, "" when unbounded.
func (w Window) ToDate() string {
	if w.To.IsZero() {
		return ""
	}
	return w.To.Add(-time.Nanosecond).In(Shanghai).Format(time.DateOnly)
}

// Rate is num/den as a fraction rounded half away from zero to 4 decimals, nil when den is 0.
// The rounding is integer arithmetic on the exact fraction, so it holds for any counts.
func Rate(num, den int) *float64 {
	if den == 0 {
		return nil
	}
	r := float64(roundDiv(int64(num)*10000, int64(den))) / 10000
	return &r
}

// roundDiv is n/d rounded half away from zero (d != 0).
func roundDiv(n, d int64) int64 {
	if d < 0 {
		n, d = -n, -d
	}
	if n < 0 {
		return -((-n*2 + d) / (2 * d))
	}
	return (n*2 + d) / (2 * d)
}

// DisputeFigures are the dispute figures of one report row for a window [from, to] (DESIGN.md, "Figures
// leaders read"): flows are events dated inside the window, stocks are counted at its start (carriedOver)
// and at its end (pending, overdue; the end is the end of the day `to`, or now if earlier). Rates are
// fractions rounded to 4 decimals, null when their denominator is 0.
type DisputeFigures struct {
	Registered  int `json:"registered"`  // 新收: registered in the window
	Accepted    int `json:"accepted"`    // 受理: accepted in the window
	Rejected    int `json:"rejected"`    // 不予受理 in the window
	CarriedOver int `json:"carriedOver"` // 上期结转: accepted before from, not concluded before from
	Resolved    int `json:"resolved"`    // 调解成功 in the window
	Failed      int `json:"failed"`      // 调解不成 in the window
	Concluded   int `json:"concluded"`   // 调结 = resolved + failed
	Pending     int `json:"pending"`     // 期末在办: accepted by the end, not concluded by the end
	// SuccessRate 调解成功率 = resolved / concluded; ConcludedRate 调结率 = concluded / (carriedOver + accepted).
	SuccessRate   *float64 `json:"successRate"`
	ConcludedRate *float64 `json:"concludedRate"`
	OnTime        int      `json:"onTime"` // concluded in the window on or before the due date then in force
	OnTimeRate    *float64 `json:"onTimeRate"`
	Overdue       int      `json:"overdue"` // pending at the end with its due date passed at the end
	// FollowUps are the 回访 in the window; Satisfied and Basic by their satisfaction.
	FollowUps         int      `json:"followUps"`
	Satisfied         int      `json:"satisfied"`
	Basic             int      `json:"basic"`
	SatisfactionRate  *float64 `json:"satisfactionRate"`
	BasicOrBetterRate *float64 `json:"basicOrBetterRate"`
	Parties           int      `json:"parties"` // 当事人人数 of disputes registered in the window
	Amount            Yuan     `json:"amount"`  // 协议涉及金额 of disputes resolved in the window
	Mass              int      `json:"mass"`    // 群体性纠纷: registered in the window, 5 or more people involved
	PreventionFigures
	// Supervised counts cases pending at the end that await feedback on a 督办 now.
	Supervised int `json:"supervised"`
}

// PreventionFigures are the prevention counts of the 人民调解 statistics table, as cases and people,
// recorded when a dispute concludes and counted in the window of its conclusion.
type PreventionFigures struct {
	PreventedCriminal           int `json:"preventedCriminal"` // 防止民转刑
	PreventedCriminalPeople     int `json:"preventedCriminalPeople"`
	PreventedSuicide            int `json:"preventedSuicide"` // 防止自杀
	PreventedSuicidePeople      int `json:"preventedSuicidePeople"`
	PreventedMassPetition       int `json:"preventedMassPetition"` // 防止群体性上访
	PreventedMassPetitionPeople int `json:"preventedMassPetitionPeople"`
	PreventedMassFight          int `json:"preventedMassFight"` // 防止群体性械斗
	PreventedMassFightPeople    int `json:"preventedMassFightPeople"`
}

// MassPeople is how many people involved make a dispute 群体性.
const MassPeople = 5

// CountPrevention adds one prevented outcome of a concluded dispute.
func (f *PreventionFigures) CountPrevention(p Prevention) {
	switch p.Type {
	case "criminal":
		f.PreventedCriminal++
		f.PreventedCriminalPeople += p.People
	case "suicide":
		f.PreventedSuicide++
		f.PreventedSuicidePeople += p.People
	case "mass_petition":
		f.PreventedMassPetition++
		f.PreventedMassPetitionPeople += p.People
	case "mass_fight":
		f.PreventedMassFight++
		f.PreventedMassFightPeople += p.People
	}
}

func (f *PreventionFigures) add(o PreventionFigures) {
	f.PreventedCriminal += o.PreventedCriminal
	f.PreventedCriminalPeople += o.PreventedCriminalPeople
	f.PreventedSuicide += o.PreventedSuicide
	f.PreventedSuicidePeople += o.PreventedSuicidePeople
	f.PreventedMassPetition += o.PreventedMassPetition
	f.PreventedMassPetitionPeople += o.PreventedMassPetitionPeople
	f.PreventedMassFight += o.PreventedMassFight
	f.PreventedMassFightPeople += o.PreventedMassFightPeople
}

// Add adds o's counts; call Finish afterwards for the derived figures.
func (f *DisputeFigures) Add(o DisputeFigures) {
	f.Registered += o.Registered
	f.Accepted += o.Accepted
	f.Rejected += o.Rejected
	f.CarriedOver += o.CarriedOver
	f.Resolved += o.Resolved
	f.Failed += o.Failed
	f.Pending += o.Pending
	f.OnTime += o.OnTime
	f.Overdue += o.Overdue
	f.FollowUps += o.FollowUps
	f.Satisfied += o.Satisfied
	f.Basic += o.Basic
	f.Parties += o.Parties
	f.Amount += o.Amount
	f.Mass += o.Mass
	f.PreventionFigures.add(o.PreventionFigures)
	f.Supervised += o.Supervised
}

// Finish computes the derived figures and the rates from the counts.
func (f *DisputeFigures) Finish() {
	f.Concluded = f.Resolved + f.Failed
	f.SuccessRate = Rate(f.Resolved, f.Concluded)
	f.ConcludedRate = Rate(f.Concluded, f.CarriedOver+f.Accepted)
	f.OnTimeRate = Rate(f.OnTime, f.Concluded)
	f.SatisfactionRate = Rate(f.Satisfied, f.FollowUps)
	f.BasicOrBetterRate = Rate(f.Satisfied+f.Basic, f.FollowUps)
}

// CountVisit adds one follow-up visit (回访) that found this satisfaction.
func (f *DisputeFigures) CountVisit(satisfaction string) {
	f.FollowUps++
	switch satisfaction {
	case "satisfied":
		f.Satisfied++
	case "basic":
		f.Basic++
	}
}

// PetitionFigures are the backlog petition figures of one report row: events in the window, and the stock at
// its end (the end of the day `to`, or now if earlier).
type PetitionFigures struct {
	Assigned     int `json:"assigned"`     // 交办 in the window
	Cleared      int `json:"cleared"`      // 销号 (the assigning office's approval) in the window
	Reopened     int `json:"reopened"`     // 反弹 in the window
	Total        int `json:"total"`        // assigned by the end and not withdrawn (a return under decision counts)
	ClearedAtEnd int `json:"clearedAtEnd"` // of those, cleared at the end and not reopened since
	Open         int `json:"open"`         // total − clearedAtEnd
	Overdue      int `json:"overdue"`      // open at the end with the due date passed, signed for or not
	// ClearanceRate 积案化解（销号）率 = clearedAtEnd / total.
	ClearanceRate *float64 `json:"clearanceRate"`
	// Supervised counts cases open at the end that await feedback on a 督办 now.
	Supervised int `json:"supervised"`
}

// Add adds o's counts; call Finish afterwards for the derived figures.
func (f *PetitionFigures) Add(o PetitionFigures) {
	f.Assigned += o.Assigned
	f.Cleared += o.Cleared
	f.Reopened += o.Reopened
	f.Total += o.Total
	f.ClearedAtEnd += o.ClearedAtEnd
	f.Overdue += o.Overdue
	f.Supervised += o.Supervised
}

// Finish computes open and the clearance rate from the counts.
func (f *PetitionFigures) Finish() {
	f.Open = f.Total - f.ClearedAtEnd
	f.ClearanceRate = Rate(f.ClearedAtEnd, f.Total)
}

// RegionRef names the region a report is about.
type RegionRef struct {
	Code  string      `json:"code"`
	Name  string      `json:"name"`
	Level RegionLevel `json:"level"`
}

// RefOf returns the reference of a region.
func RefOf(r *Region) RegionRef { return RegionRef{Code: r.Code, Name: r.Name, Level: r.Level} }

// ResolutionRow is one region's row of the resolution report.
type ResolutionRow struct {
	Code       string          `json:"code"`
	Name       string          `json:"name"`
	ParentCode string          `json:"parentCode"`
	Rank       int             `json:"rank"`
	Disputes   DisputeFigures  `json:"disputes"`
	Petitions  PetitionFigures `json:"petitions"`
	// Partial marks a month row (groupBy=month) still running: its figures are to date.
	Partial bool `json:"partial,omitempty"`
	// Screening are the 排查 columns (排查次数, 排查发现纠纷数, 预防纠纷数), counted by the round's date.
	Screening *ScreeningFigures `json:"screening,omitempty"`
}

// ReportTotals are the totals of a report, rates recomputed from the summed counts.
type ReportTotals struct {
	Disputes  DisputeFigures  `json:"disputes"`
	Petitions PetitionFigures `json:"petitions"`
	// Screening: the report's 排查 totals (never part of a monthly return).
	Screening *ScreeningFigures `json:"screening,omitempty" bson:"-"`
}

// ResolutionReport is GET /reports/resolution (API.md; docs/API.md).
type ResolutionReport struct {
	Region      RegionRef       `json:"region"`
	GroupBy     string          `json:"groupBy"` // county, township or month
	From        string          `json:"from,omitempty"`
	To          string          `json:"to,omitempty"`
	GeneratedAt time.Time       `json:"generatedAt"`
	Rows        []ResolutionRow `json:"rows"`
	Totals      ReportTotals    `json:"totals"`
}

// GroupByMonth groups a resolution report by month (one row per month of the window).
const GroupByMonth = "month"

// TotalsOf sums the rows' counts and recomputes the rates.
func TotalsOf(rows []ResolutionRow) ReportTotals {
	var t ReportTotals
	for _, r := range rows {
		t.Disputes.Add(r.Disputes)
		t.Petitions.Add(r.Petitions)
	}
	t.Disputes.Finish()
	t.Petitions.Finish()
	return t
}

// EarliestRecord is the start of the records: an unbounded window starts here.
var EarliestRecord = earliestRegistration

// DayStart is the start of t's day in Asia/Shanghai.
func DayStart(t time.Time) time.Time {
	t = t.In(Shanghai)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, Shanghai)
}

// DayAfter is the start of the day after t's, in Asia/Shanghai: the exclusive end of a window ending on t's day.
func DayAfter(t time.Time) time.Time { return DayStart(t).AddDate(0, 0, 1) }

// LastDay is the last day before an exclusive end, as YYYY-MM-DD in Asia/Shanghai.
func LastDay(end time.Time) string {
	return end.Add(-time.Millisecond).In(Shanghai).Format(time.DateOnly)
}

// MonthName names a month as the report shows it: 2026年3月.
func MonthName(t time.Time) string {
	t = t.In(Shanghai)
	return fmt.Sprintf("%d年%d月", t.Year(), int(t.Month()))
}

// RankRows numbers the rows 1..n: best successRate first, then more concluded disputes, then code; rows
// without a success rate rank after all others. The rows keep their order (by code).
func RankRows(rows []ResolutionRow) {
	idx := make([]int, len(rows))
	for i := range idx {
		idx[i] = i
	}
	better := func(a, b *ResolutionRow) bool {
		ra, rb := a.Disputes.SuccessRate, b.Disputes.SuccessRate
		switch {
		case ra == nil && rb != nil:
			return false
		case ra != nil && rb == nil:
			return true
		case ra != nil && *ra != *rb:
			return *ra > *rb
		case a.Disputes.Concluded != b.Disputes.Concluded:
			return a.Disputes.Concluded > b.Disputes.Concluded
		}
		return a.Code < b.Code
	}
	// insertion sort: a few hundred rows at most, and stable by construction
	for i := 1; i < len(idx); i++ {
		for j := i; j > 0 && better(&rows[idx[j]], &rows[idx[j-1]]); j-- {
			idx[j], idx[j-1] = idx[j-1], idx[j]
		}
	}
	for rank, i := range idx {
		rows[i].Rank = rank + 1
	}
}

// Trend intervals.
const (
	IntervalMonth   = "month"
	IntervalQuarter = "quarter"
	IntervalYear    = "year"
)

// MaxTrendPoints bounds a trend report; a longer window keeps its most recent periods.
const MaxTrendPoints = 600

// ParseInterval reads the trend interval parameter (default month); anything else answers 400.
func ParseInterval(s string) (string, error) {
	switch s {
	case "":
		return IntervalMonth, nil
	case IntervalMonth, IntervalQuarter, IntervalYear:
		return s, nil
	}
	return "", ErrBadRequest.WithMessage("统计周期应为 month、quarter 或 year")
}

// Period is one trend bucket in Shanghai time: [From, To).
type Period struct {
	Label string
	From  time.Time
	To    time.Time
}

// periodStart returns the start of the period containing t, in Shanghai.
func periodStart(interval string, t time.Time) time.Time {
	t = t.In(Shanghai)
	switch interval {
	case IntervalYear:
		return time.Date(t.Year(), 1, 1, 0, 0, 0, 0, Shanghai)
	case IntervalQuarter:
		return time.Date(t.Year(), (t.Month()-1)/3*3+1, 1, 0, 0, 0, 0, Shanghai)
	}
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, Shanghai)
}

// periodsPerYear is 12, 4 or 1: how many periods back the same period a year earlier lies.
func periodsPerYear(interval string) int {
	switch interval {
	case IntervalYear:
		return 1
	case IntervalQuarter:
		return 4
	}
	return 12
}

// addPeriods moves a period start n periods on (n may be negative).
func addPeriods(interval string, start time.Time, n int) time.Time {
	return start.AddDate(0, n*12/periodsPerYear(interval), 0)
}

func periodLabel(interval string, start time.Time) string {
	switch interval {
	case IntervalYear:
		return fmt.Sprintf("%04d", start.Year())
	case IntervalQuarter:
		return fmt.Sprintf("%04d-Q%d", start.Year(), (int(start.Month())-1)/3+1)
	}
	return fmt.Sprintf("%04d-%02d", start.Year(), int(start.Month()))
}

// Periods cuts [from, to) into whole months, quarters or years in Shanghai time: the first period contains
// from, the last contains the instant before to. Labels read 2026-03, 2026-Q1, 2026.
func Periods(interval string, from, to time.Time) []Period {
	var out []Period
	for s := periodStart(interval, from); s.Before(to); {
		next := addPeriods(interval, s, 1)
		out = append(out, Period{Label: periodLabel(interval, s), From: s, To: next})
		s = next
	}
	return out
}

// TrendPeriods are the periods of a trend report for a window. An unbounded end is the period containing
// now; an unbounded start goes back 12 months, 8 quarters or 5 years from the end. At most MaxTrendPoints
// periods are kept, the most recent ones.
func TrendPeriods(interval string, w Window, now time.Time) []Period {
	to := w.To
	if to.IsZero() {
		to = addPeriods(interval, periodStart(interval, now), 1)
	}
	from := w.From
	if from.IsZero() {
		back := map[string]int{IntervalMonth: 12, IntervalQuarter: 8, IntervalYear: 5}[interval]
		from = addPeriods(interval, periodStart(interval, to.Add(-time.Nanosecond)), 1-back)
	}
	if n := countPeriods(interval, from, to); n > MaxTrendPoints {
		from = addPeriods(interval, periodStart(interval, from), n-MaxTrendPoints)
	}
	return Periods(interval, from, to)
}

func countPeriods(interval string, from, to time.Time) int {
	if !from.Before(to) {
		return 0
	}
	a, b := periodStart(interval, from), periodStart(interval, to.Add(-time.Nanosecond))
	months := (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
	return months/(12/periodsPerYear(interval)) + 1
}

// PreviousPeriods is how many periods before the first point a trend must also count, so that the first
// points have a previous period (mom) and the same period a year earlier (yoy).
func PreviousPeriods(interval string) int { return periodsPerYear(interval) }

// CountingPeriods are the periods a trend counts: PreviousPeriods(interval) periods before the points,
// then the points' periods.
func CountingPeriods(interval string, points []Period) []Period {
	if len(points) == 0 {
		return nil
	}
	start := addPeriods(interval, points[0].From, -PreviousPeriods(interval))
	return Periods(interval, start, points[len(points)-1].To)
}

// Change compares two periods: counts as relative change (cur−prev)/prev, rates as the difference cur−prev;
// each null when not computable. DisputesTotal compares the disputes registered (新收), PetitionsTotal the
// backlog cases in the denominator at the end.
type Change struct {
	DisputesTotal  *float64 `json:"disputesTotal"`
	SuccessRate    *float64 `json:"successRate"`
	PetitionsTotal *float64 `json:"petitionsTotal"`
	ClearanceRate  *float64 `json:"clearanceRate"`
}

// Compare returns the change from prev to cur (finished figures).
func Compare(curD DisputeFigures, curP PetitionFigures, prevD DisputeFigures, prevP PetitionFigures) Change {
	return Change{
		DisputesTotal:  Rate(curD.Registered-prevD.Registered, prevD.Registered),
		SuccessRate:    rateDiff(curD.SuccessRate, prevD.SuccessRate),
		PetitionsTotal: Rate(curP.Total-prevP.Total, prevP.Total),
		ClearanceRate:  rateDiff(curP.ClearanceRate, prevP.ClearanceRate),
	}
}

// rateDiff is cur−prev of two 4-decimal rates, exact to 4 decimals, nil when either is nil.
func rateDiff(cur, prev *float64) *float64 {
	if cur == nil || prev == nil {
		return nil
	}
	d := float64(roundFloat4(*cur)-roundFloat4(*prev)) / 10000
	return &d
}

// roundFloat4 returns x·10⁴ rounded to the nearest integer (x is already a 4-decimal rate).
func roundFloat4(x float64) int64 {
	if x < 0 {
		return -int64(-x*10000 + 0.5)
	}
	return int64(x*10000 + 0.5)
}

// TrendPoint is one period of the trend report.
type TrendPoint struct {
	Period    string          `json:"period"`
	From      string          `json:"from"`
	To        string          `json:"to"`
	Disputes  DisputeFigures  `json:"disputes"`
	Petitions PetitionFigures `json:"petitions"`
	MoM       Change          `json:"mom"`
	YoY       Change          `json:"yoy"`
	// Partial marks the period still running: its figures are to date.
	Partial bool `json:"partial"`
}

// TrendReport is GET /reports/trend (API.md, Extensions).
type TrendReport struct {
	Region      RegionRef    `json:"region"`
	Interval    string       `json:"interval"`
	From        string       `json:"from"`
	To          string       `json:"to"`
	GeneratedAt time.Time    `json:"generatedAt"`
	Points      []TrendPoint `json:"points"`
}

// BuildTrend turns finished figures into trend points: the figures are those of
// CountingPeriods(interval, periods), in order.
func BuildTrend(interval string, periods []Period, disputes []DisputeFigures, petitions []PetitionFigures, now time.Time) []TrendPoint {
	back := PreviousPeriods(interval)
	points := make([]TrendPoint, len(periods))
	for i, p := range periods {
		j := i + back
		points[i] = TrendPoint{
			Period:    p.Label,
			From:      p.From.Format(time.DateOnly),
			To:        p.To.Add(-time.Nanosecond).In(Shanghai).Format(time.DateOnly),
			Disputes:  disputes[j],
			Petitions: petitions[j],
			MoM:       Compare(disputes[j], petitions[j], disputes[j-1], petitions[j-1]),
			YoY:       Compare(disputes[j], petitions[j], disputes[j-back], petitions[j-back]),
			Partial:   p.To.After(now),
		}
	}
	return points
}

// CategoryRow is one category's row: the dispute figures of that category (unknown categories count as
// other).
type CategoryRow struct {
	Category string `json:"category"`
	Name     string `json:"name"`
	DisputeFigures
}

// CategoryReport is GET /reports/categories (docs/API.md): all 15 categories in DESIGN order.
type CategoryReport struct {
	Region      RegionRef      `json:"region"`
	From        string         `json:"from,omitempty"`
	To          string         `json:"to,omitempty"`
	GeneratedAt time.Time      `json:"generatedAt"`
	Rows        []CategoryRow  `json:"rows"`
	Totals      DisputeFigures `json:"totals"`
}

// CategoryIndex returns the position of a category code in Categories; unknown codes count as other.
func CategoryIndex(code string) int {
	other := -1
	for i, o := range Categories {
		if o.Code == code {
			return i
		}
		if o.Code == "other" {
			other = i
		}
	}
	return other
}

// DaysOverdue is how many Shanghai calendar days lie between the due date and now's date, 0 when the
// deadline has not passed (an instant past due on the same day is 0 days overdue).
func DaysOverdue(dueAt, now time.Time) int {
	if dueAt.IsZero() || !now.After(dueAt) {
		return 0
	}
	d, n := dueAt.In(Shanghai), now.In(Shanghai)
	dd := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	nd := time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
	return int(nd.Sub(dd) / (24 * time.Hour))
}
