package handlers

import (
	"bytes"
	"encoding/csv"
	"fmt"
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
}

func txt(s string) cell   { return cell{text: s} }
func num(n int) cell      { return cell{num: &n} }
func pct(r *float64) cell { return cell{rate: r, isRate: true} }
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

func (t table) xlsx() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Sheet1"
	pctStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	titleStyle, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14},
		Alignment: &excelize.Alignment{Horizontal: "center"}})
	last, _ := excelize.CoordinatesToCellName(len(t.Headers), 1)
	_ = f.SetCellStr(sheet, "A1", t.Title)
	_ = f.MergeCell(sheet, "A1", last)
	_ = f.SetCellStyle(sheet, "A1", last, titleStyle)
	for i, h := range t.Headers {
		ref, _ := excelize.CoordinatesToCellName(i+1, 2)
		_ = f.SetCellStr(sheet, ref, h)
		_ = f.SetCellStyle(sheet, ref, ref, bold)
	}
	write := func(rowNum int, cells []cell, style int) {
		for i, c := range cells {
			ref, _ := excelize.CoordinatesToCellName(i+1, rowNum)
			switch {
			case c.num != nil:
				_ = f.SetCellInt(sheet, ref, int64(*c.num))
			case c.isRate && c.rate != nil:
				_ = f.SetCellFloat(sheet, ref, *c.rate, 4, 64)
				_ = f.SetCellStyle(sheet, ref, ref, pctStyle)
			default:
				_ = f.SetCellStr(sheet, ref, c.String()) // text cells are never evaluated as formulas
			}
		}
	}
	for i, r := range t.Rows {
		write(i+3, r, 0)
	}
	if t.Totals != nil {
		write(len(t.Rows)+3, t.Totals, bold)
	}
	for i := range t.Headers {
		col, _ := excelize.ColumnNumberToName(i + 1)
		_ = f.SetColWidth(sheet, col, col, 14)
	}
	_ = f.SetColWidth(sheet, "A", "B", 18)
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

func resolutionTable(rep domain.ResolutionReport) table {
	t := table{
		Title:    rep.Region.Name + "矛盾纠纷化解情况统计表" + period(rep.From, rep.To, rep.GeneratedAt),
		FileBase: rep.Region.Name + "矛盾纠纷化解情况统计表" + strings.Trim(period(rep.From, rep.To, rep.GeneratedAt), "（）"),
		Headers: []string{"区域代码", "区域名称", "排名", "纠纷总数", "已受理", "调解成功", "调解不成", "调解中", "调解成功率",
			"超期纠纷", "督办纠纷", "回访数", "满意", "基本满意", "回访满意率", "积案总数", "已化解销号", "未化解", "超期积案", "积案化解率"},
	}
	row := func(code, name string, rank cell, d domain.DisputeFigures, p domain.PetitionFigures) []cell {
		return []cell{txt(code), txt(name), rank, num(d.Total), num(d.Accepted), num(d.Resolved), num(d.Failed),
			num(d.Pending), pct(d.SuccessRate), num(d.Overdue), num(d.Supervised), num(d.FollowUps), num(d.Satisfied),
			num(d.Basic), pct(d.SatisfactionRate), num(p.Total), num(p.Cleared), num(p.Open), num(p.Overdue),
			pct(p.ClearanceRate)}
	}
	for _, r := range rep.Rows {
		t.Rows = append(t.Rows, row(r.Code, r.Name, num(r.Rank), r.Disputes, r.Petitions))
	}
	t.Totals = row("", "合计", txt(""), rep.Totals.Disputes, rep.Totals.Petitions)
	return t
}

func trendTable(rep domain.TrendReport) table {
	t := table{
		Title:    rep.Region.Name + "矛盾纠纷化解趋势表" + period(rep.From, rep.To, rep.GeneratedAt),
		FileBase: rep.Region.Name + "矛盾纠纷化解趋势表",
		Headers: []string{"统计期", "开始日期", "结束日期", "纠纷总数", "已受理", "调解成功", "调解成功率", "纠纷数环比", "成功率环比",
			"纠纷数同比", "成功率同比", "积案总数", "已化解销号", "积案化解率"},
	}
	for _, p := range rep.Points {
		t.Rows = append(t.Rows, []cell{txt(p.Period), txt(p.From), txt(p.To), num(p.Disputes.Total),
			num(p.Disputes.Accepted), num(p.Disputes.Resolved), pct(p.Disputes.SuccessRate), pct(p.MoM.DisputesTotal),
			pct(p.MoM.SuccessRate), pct(p.YoY.DisputesTotal), pct(p.YoY.SuccessRate), num(p.Petitions.Total),
			num(p.Petitions.Cleared), pct(p.Petitions.ClearanceRate)})
	}
	return t
}

func categoryTable(rep domain.CategoryReport) table {
	t := table{
		Title:    rep.Region.Name + "矛盾纠纷分类统计表" + period(rep.From, rep.To, rep.GeneratedAt),
		FileBase: rep.Region.Name + "矛盾纠纷分类统计表",
		Headers:  []string{"类别代码", "类别", "纠纷总数", "已受理", "调解成功", "调解不成", "调解中", "调解成功率"},
	}
	for _, r := range rep.Rows {
		t.Rows = append(t.Rows, []cell{txt(r.Category), txt(r.Name), num(r.Total), num(r.Accepted), num(r.Resolved),
			num(r.Failed), num(r.Pending), pct(r.SuccessRate)})
	}
	tt := rep.Totals
	t.Totals = []cell{txt(""), txt("合计"), num(tt.Total), num(tt.Accepted), num(tt.Resolved), num(tt.Failed),
		num(tt.Pending), pct(tt.SuccessRate)}
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
