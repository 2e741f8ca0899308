package handlers

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/xuri/excelize/v2"

	"pingan/domain"
	"pingan/domain/caseindex"
)

// table is a report or list ready to export: a title row, Chinese headers, rows and an optional totals row.
type table struct {
	Title    string
	FileBase string
	Headers  []string
	Rows     [][]cell
	Totals   []cell
}

// cell is one value: text, a whole number, or a rate (a fraction shown as a percentage; nil is "—").
type cell struct {
	text   string
	num    *int
	rate   *float64
	isRate bool
	yuan   *domain.Yuan
}

func txt(s string) cell        { return cell{text: s} }
func num(n int) cell           { return cell{num: &n} }
func pct(r *float64) cell      { return cell{rate: r, isRate: true} }
func money(y domain.Yuan) cell { return cell{yuan: &y} }
func dateCell(t *time.Time) cell {
	if t == nil || t.IsZero() {
		return txt("")
	}
	return txt(t.In(domain.Shanghai).Format(time.DateOnly))
}

func (c cell) String() string {
	switch {
	case c.num != nil:
		return strconv.Itoa(*c.num)
	case c.yuan != nil:
		return c.yuan.String()
	case c.isRate && c.rate == nil:
		return "—"
	case c.isRate:
		return strconv.FormatFloat(*c.rate*100, 'f', 2, 64) + "%"
	}
	return c.text
}

// isNumber reports whether the cell is a number (a count or a rate), which is written as one.
func (c cell) isNumber() bool { return c.num != nil || c.isRate && c.rate != nil }

// csvText is how a cell goes into a CSV file: numbers as plain numerals ("-10.53%" is a number to a
// spreadsheet), text defused (safeText).
func (c cell) csvText() string {
	if c.isNumber() {
		return c.String()
	}
	return safeText(c.String())
}

// safeText defuses spreadsheet formula injection: text that a spreadsheet would evaluate as a formula
// (=, +, -, @, tab, CR first) is prefixed with an apostrophe. It is for text only: a number written by
// the server is not a formula.
func safeText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// exportTable writes t as CSV (UTF-8 with BOM, so Excel opens it) or XLSX and records the export.
func (a *App) exportTable(c echo.Context, format string, t table) error {
	var body []byte
	var ctype string
	switch format {
	case "csv":
		body, ctype = t.csv(), "text/csv; charset=utf-8"
	case "xlsx":
		b, err := t.xlsx()
		if err != nil {
			return err
		}
		body, ctype = b, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	default:
		return domain.ErrBadRequest.WithMessage("导出格式（format）只能是 csv 或 xlsx")
	}
	name := t.FileBase + "." + format
	c.Response().Header().Set(echo.HeaderContentDisposition,
		fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, asciiName(format), url.PathEscape(name)))
	me := currentUser(c)
	if err := a.audit(c, me.ID, "export", c.Request().URL.Path, c.Request().URL.RawQuery, me.RegionCode); err != nil {
		return err // no download that the audit log does not show
	}
	return c.Blob(http.StatusOK, ctype, body)
}

func asciiName(format string) string { return "pingan-export." + format }

func (t table) csv() []byte {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	row := func(cells []cell) {
		rec := make([]string, len(cells))
		for i, c := range cells {
			rec[i] = c.csvText()
		}
		_ = w.Write(rec)
	}
	_ = w.Write([]string{safeText(t.Title)})
	_ = w.Write(t.Headers)
	for _, r := range t.Rows {
		row(r)
	}
	if t.Totals != nil {
		row(t.Totals)
	}
	w.Flush()
	return buf.Bytes()
}

// xlsx writes the table as a workbook, row by row through excelize's stream writer (a sheet built cell by
// cell in memory takes twice the time and allocations; docs/BENCHMARKS.md). Counts are integers, rates fractions
// styled 0.00%, amounts yuan with two decimals; text cells are inline strings, never formulas.
func (t table) xlsx() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Sheet1"
	pctStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	boldPct, _ := f.NewStyle(&excelize.Style{NumFmt: 10, Font: &excelize.Font{Bold: true}})
	titleStyle, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14},
		Alignment: &excelize.Alignment{Horizontal: "center"}})
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, fmt.Errorf("write xlsx: %w", err)
	}
	// column widths go before the first row
	if n := len(t.Headers); n > 0 {
		_ = sw.SetColWidth(1, min(n, 2), 18)
		if n > 2 {
			_ = sw.SetColWidth(3, n, 14)
		}
	}
	last, _ := excelize.CoordinatesToCellName(max(len(t.Headers), 1), 1)
	title := []any{excelize.Cell{StyleID: titleStyle, Value: t.Title}}
	for range len(t.Headers) - 1 {
		title = append(title, excelize.Cell{StyleID: titleStyle})
	}
	if err := sw.SetRow("A1", title); err != nil {
		return nil, fmt.Errorf("write xlsx: %w", err)
	}
	if len(t.Headers) > 1 {
		_ = sw.MergeCell("A1", last)
	}
	headers := make([]any, len(t.Headers))
	for i, h := range t.Headers {
		headers[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	if err := sw.SetRow("A2", headers); err != nil {
		return nil, fmt.Errorf("write xlsx: %w", err)
	}
	write := func(rowNum int, cells []cell, totals bool) error {
		style, rate := 0, pctStyle
		if totals {
			style, rate = bold, boldPct
		}
		vals := make([]any, len(cells))
		for i, c := range cells {
			switch {
			case c.num != nil:
				vals[i] = excelize.Cell{StyleID: style, Value: int64(*c.num)}
			case c.yuan != nil:
				vals[i] = excelize.Cell{StyleID: style, Value: math.Round(float64(*c.yuan)) / 100}
			case c.isRate && c.rate != nil:
				vals[i] = excelize.Cell{StyleID: rate, Value: math.Round(*c.rate*1e4) / 1e4}
			default:
				vals[i] = excelize.Cell{StyleID: style, Value: c.String()} // text cells are never evaluated as formulas
			}
		}
		ref, _ := excelize.CoordinatesToCellName(1, rowNum)
		return sw.SetRow(ref, vals)
	}
	for i, r := range t.Rows {
		if err := write(i+3, r, false); err != nil {
			return nil, fmt.Errorf("write xlsx: %w", err)
		}
	}
	if t.Totals != nil {
		if err := write(len(t.Rows)+3, t.Totals, true); err != nil {
			return nil, fmt.Errorf("write xlsx: %w", err)
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, fmt.Errorf("write xlsx: %w", err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("write xlsx: %w", err)
	}
	return buf.Bytes(), nil
}

// period names the window of a report in its title, e.g. （2026-01-01至2026-11-26）.
func period(from, to string, now time.Time) string {
	if from == "" && to == "" {
		return "（截至" + now.In(domain.Shanghai).Format(time.DateOnly) + "）"
	}
	if from == "" {
		from = "建档起"
	}
	if to == "" {
		to = now.In(domain.Shanghai).Format(time.DateOnly)
	}
	return "（" + from + "至" + to + "）"
}

// disputeColumns are the dispute figures of a report table, in the order of the 人民调解 monthly return
// (月报): the stock carried over, the flows of the period, the stock at its end, then rates and the rest.
var disputeColumns = []struct {
	header string
	value  func(d domain.DisputeFigures) cell
}{
	{"上期结转", func(d domain.DisputeFigures) cell { return num(d.CarriedOver) }},
	{"本期新收", func(d domain.DisputeFigures) cell { return num(d.Registered) }},
	{"本期受理", func(d domain.DisputeFigures) cell { return num(d.Accepted) }},
	{"不予受理", func(d domain.DisputeFigures) cell { return num(d.Rejected) }},
	{"调解成功", func(d domain.DisputeFigures) cell { return num(d.Resolved) }},
	{"调解不成", func(d domain.DisputeFigures) cell { return num(d.Failed) }},
	{"本期调结", func(d domain.DisputeFigures) cell { return num(d.Concluded) }},
	{"期末在办", func(d domain.DisputeFigures) cell { return num(d.Pending) }},
	{"调解成功率", func(d domain.DisputeFigures) cell { return pct(d.SuccessRate) }},
	{"调结率", func(d domain.DisputeFigures) cell { return pct(d.ConcludedRate) }},
	{"按期调结", func(d domain.DisputeFigures) cell { return num(d.OnTime) }},
	{"按期调结率", func(d domain.DisputeFigures) cell { return pct(d.OnTimeRate) }},
	{"超期在办", func(d domain.DisputeFigures) cell { return num(d.Overdue) }},
	{"回访", func(d domain.DisputeFigures) cell { return num(d.FollowUps) }},
	{"满意", func(d domain.DisputeFigures) cell { return num(d.Satisfied) }},
	{"基本满意", func(d domain.DisputeFigures) cell { return num(d.Basic) }},
	{"回访满意率", func(d domain.DisputeFigures) cell { return pct(d.SatisfactionRate) }},
	{"基本满意以上率", func(d domain.DisputeFigures) cell { return pct(d.BasicOrBetterRate) }},
	{"涉及当事人（人）", func(d domain.DisputeFigures) cell { return num(d.Parties) }},
	{"协议涉及金额（元）", func(d domain.DisputeFigures) cell { return money(d.Amount) }},
	{"群体性纠纷", func(d domain.DisputeFigures) cell { return num(d.Mass) }},
	{"防止民转刑（件）", func(d domain.DisputeFigures) cell { return num(d.PreventedCriminal) }},
	{"防止民转刑（人）", func(d domain.DisputeFigures) cell { return num(d.PreventedCriminalPeople) }},
	{"防止自杀（件）", func(d domain.DisputeFigures) cell { return num(d.PreventedSuicide) }},
	{"防止自杀（人）", func(d domain.DisputeFigures) cell { return num(d.PreventedSuicidePeople) }},
	{"防止群体性上访（件）", func(d domain.DisputeFigures) cell { return num(d.PreventedMassPetition) }},
	{"防止群体性上访（人）", func(d domain.DisputeFigures) cell { return num(d.PreventedMassPetitionPeople) }},
	{"防止群体性械斗（件）", func(d domain.DisputeFigures) cell { return num(d.PreventedMassFight) }},
	{"防止群体性械斗（人）", func(d domain.DisputeFigures) cell { return num(d.PreventedMassFightPeople) }},
	{"督办在办", func(d domain.DisputeFigures) cell { return num(d.Supervised) }},
}

// petitionColumns are the backlog petition figures of a report table.
var petitionColumns = []struct {
	header string
	value  func(p domain.PetitionFigures) cell
}{
	{"本期交办积案", func(p domain.PetitionFigures) cell { return num(p.Assigned) }},
	{"本期销号", func(p domain.PetitionFigures) cell { return num(p.Cleared) }},
	{"本期反弹", func(p domain.PetitionFigures) cell { return num(p.Reopened) }},
	{"积案总数", func(p domain.PetitionFigures) cell { return num(p.Total) }},
	{"已销号", func(p domain.PetitionFigures) cell { return num(p.ClearedAtEnd) }},
	{"未销号", func(p domain.PetitionFigures) cell { return num(p.Open) }},
	{"超期积案", func(p domain.PetitionFigures) cell { return num(p.Overdue) }},
	{"积案化解（销号）率", func(p domain.PetitionFigures) cell { return pct(p.ClearanceRate) }},
}

// figureHeaders are the headers of the figure columns: disputes, then petitions when withPetitions.
func figureHeaders(withPetitions bool) []string {
	var out []string
	for _, c := range disputeColumns {
		out = append(out, c.header)
	}
	if withPetitions {
		for _, c := range petitionColumns {
			out = append(out, c.header)
		}
	}
	return out
}

// figureCells are the figure columns of one row; p nil leaves the petition columns out.
func figureCells(d domain.DisputeFigures, p *domain.PetitionFigures) []cell {
	var out []cell
	for _, c := range disputeColumns {
		out = append(out, c.value(d))
	}
	if p != nil {
		for _, c := range petitionColumns {
			out = append(out, c.value(*p))
		}
	}
	return out
}

func resolutionTable(rep domain.ResolutionReport) table {
	first := []string{"区域代码", "区域名称", "排名"}
	if rep.GroupBy == domain.GroupByMonth {
		first = []string{"月份", "统计期", "—"}
	}
	t := table{
		Title:    rep.Region.Name + "矛盾纠纷化解情况统计表" + period(rep.From, rep.To, rep.GeneratedAt),
		FileBase: rep.Region.Name + "矛盾纠纷化解情况统计表" + strings.Trim(period(rep.From, rep.To, rep.GeneratedAt), "（）"),
		Headers:  append(append(first, figureHeaders(true)...), screeningHeaders...),
	}
	for _, r := range rep.Rows {
		rank := num(r.Rank)
		if rep.GroupBy == domain.GroupByMonth {
			rank = txt("")
		}
		t.Rows = append(t.Rows, append(append([]cell{txt(r.Code), txt(r.Name), rank}, figureCells(r.Disputes, &r.Petitions)...), screeningCells(r.Screening)...))
	}
	t.Totals = append(append([]cell{txt(""), txt("合计"), txt("")}, figureCells(rep.Totals.Disputes, &rep.Totals.Petitions)...), screeningCells(rep.Totals.Screening)...)
	return t
}

// screeningHeaders are the 排查 columns of the statistics table, after the case figures.
var screeningHeaders = []string{"排查次数", "排查发现纠纷数", "预防纠纷数"}

func screeningCells(f *domain.ScreeningFigures) []cell {
	if f == nil {
		f = &domain.ScreeningFigures{}
	}
	return []cell{num(f.Rounds), num(f.DisputesFound), num(f.Prevented)}
}

func trendTable(rep domain.TrendReport) table {
	t := table{
		Title:    rep.Region.Name + "矛盾纠纷化解趋势表" + period(rep.From, rep.To, rep.GeneratedAt),
		FileBase: rep.Region.Name + "矛盾纠纷化解趋势表",
		Headers: append([]string{"统计期", "开始日期", "结束日期", "新收环比", "成功率环比", "新收同比", "成功率同比"},
			figureHeaders(true)...),
	}
	for _, p := range rep.Points {
		label := p.Period
		if p.Partial {
			label += "（截至" + rep.GeneratedAt.In(domain.Shanghai).Format(time.DateOnly) + "）"
		}
		t.Rows = append(t.Rows, append([]cell{txt(label), txt(p.From), txt(p.To), pct(p.MoM.DisputesTotal),
			pct(p.MoM.SuccessRate), pct(p.YoY.DisputesTotal), pct(p.YoY.SuccessRate)}, figureCells(p.Disputes, &p.Petitions)...))
	}
	return t
}

func categoryTable(rep domain.CategoryReport) table {
	t := table{
		Title:    rep.Region.Name + "矛盾纠纷分类统计表" + period(rep.From, rep.To, rep.GeneratedAt),
		FileBase: rep.Region.Name + "矛盾纠纷分类统计表",
		Headers:  append([]string{"类别代码", "类别"}, figureHeaders(false)...),
	}
	for _, r := range rep.Rows {
		t.Rows = append(t.Rows, append([]cell{txt(r.Category), txt(r.Name)}, figureCells(r.DisputeFigures, nil)...))
	}
	t.Totals = append([]cell{txt(""), txt("合计")}, figureCells(rep.Totals, nil)...)
	return t
}

func batchTable(region domain.RegionRef, rows []caseindex.BatchRow, totals caseindex.BatchRow, now time.Time) table {
	t := table{
		Title:    region.Name + "信访积案交办批次化解情况" + period("", "", now),
		FileBase: region.Name + "信访积案交办批次化解情况",
		Headers: []string{"交办批次", "交办层级", "交办数", "待签收", "已签收", "退回待定", "化解中", "已化解", "已申请销号",
			"已销号", "反弹", "超期", "收回", "积案化解（销号）率"},
	}
	row := func(r caseindex.BatchRow, name, level string) []cell {
		return []cell{txt(name), txt(level), num(r.Assigned), num(r.Received), num(r.Signed), num(r.Returned),
			num(r.Resolving), num(r.Resolved), num(r.Applied), num(r.Cleared), num(r.Reopened), num(r.Overdue),
			num(r.Withdrawn), pct(r.ClearanceRate)}
	}
	for _, r := range rows {
		name := r.Batch
		if name == "" {
			name = "（未注明批次）"
		}
		t.Rows = append(t.Rows, row(r, name, domain.LabelOf(domain.AssignedBys, r.AssignedBy)))
	}
	t.Totals = row(totals, "合计", "")
	return t
}

func (a *App) backlogTable(region domain.RegionRef, items []backlogItem, now time.Time) table {
	t := table{
		Title:    region.Name + "信访积案台账" + period("", "", now),
		FileBase: region.Name + "信访积案台账",
		Headers:  []string{"案件编号", "标题", "区县", "乡镇", "交办层级", "包案领导", "职务", "状态", "受理日期", "办结期限", "超期天数"},
	}
	for _, it := range items {
		var leader, post string
		if it.LeadLeader != nil {
			leader, post = it.LeadLeader.Name, it.LeadLeader.Post
		}
		t.Rows = append(t.Rows, []cell{txt(it.CaseNo), txt(it.Title), txt(it.CountyName), txt(it.TownshipName),
			txt(domain.LabelOf(domain.AssignedBys, it.AssignedBy)), txt(leader), txt(post),
			txt(domain.StatusLabel(it.Kind, it.Status)), dateCell(it.AcceptedAt), dateCell(it.DueAt), num(it.DaysOverdue)})
	}
	return t
}

// maxExportRows bounds one case-list export.
const maxExportRows = 50000

// exportCases downloads the filtered case list (masked: lists never carry ID numbers or phones).
func (a *App) exportCases(c echo.Context, f caseindex.Filter, format string) error {
	u := currentUser(c)
	now := a.now()
	f.Page, f.PageSize = 1, maxExportRows
	items, total := a.index.List(domain.ScopeOf(u), f, now, a.cfg.WarningThreshold)
	if total > maxExportRows {
		return domain.ErrBadRequest.WithMessage(fmt.Sprintf("导出条数超过 %d 条，请缩小筛选范围", maxExportRows))
	}
	region, _ := a.regions.Get(u.RegionCode)
	t := table{
		Title:    region.Name + "案件清单" + period(f.Window.FromDate(), f.Window.ToDate(), now),
		FileBase: region.Name + "案件清单" + now.In(domain.Shanghai).Format("20060102"),
		Headers: []string{"案件编号", "类型", "标题", "类别", "区县", "乡镇", "风险等级", "状态", "结果", "当事人",
			"登记日期", "受理日期", "办理期限", "是否超期", "督办中"},
	}
	yes := func(b bool) string {
		if b {
			return "是"
		}
		return "否"
	}
	for _, s := range items {
		v := a.summaryView(s, u, now)
		outcome := ""
		if s.Outcome != "" {
			outcome = domain.StatusLabel(s.Kind, domain.Status(s.Outcome))
		}
		t.Rows = append(t.Rows, []cell{txt(s.CaseNo), txt(domain.LabelOf(domain.Kinds, string(s.Kind))), txt(s.Title),
			txt(domain.LabelOf(domain.Categories, s.Category)), txt(v.CountyName), txt(v.TownshipName),
			txt(domain.LabelOf(domain.RiskLevels, s.RiskLevel)), txt(domain.StatusLabel(s.Kind, s.Status)), txt(outcome),
			txt(strings.Join(s.PartyNames, "、")), dateCell(&s.RegisteredAt), dateCell(v.AcceptedAt), dateCell(v.DueAt),
			txt(yes(v.Overdue)), txt(yes(v.Supervised))})
	}
	return a.exportTable(c, format, t)
}
