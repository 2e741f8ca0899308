package handlers

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"pingan/domain"
)

// The ledgers of 排查整治 as downloads (docs/API.md, "Exports"): the hazard ledger, the 排查 rounds, the
// month's 排查报送 board, the 排查 summary, the listings and the 稳评 register, each as the JSON list of the
// same query answers it (every page, bounded by maxExportRows), through exportTable. Columns follow the
// paper ledgers the offices keep (docs/DESIGN.md, "Exports of the 排查整治 ledgers").

// yesNo is 是 or 否.
func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// minuteOf is the date and minute of t in Asia/Shanghai.
func minuteOf(t time.Time) string { return t.In(domain.Shanghai).Format("2006-01-02 15:04") }

// stamp is the date of a download in its file name.
func stamp(now time.Time) string { return now.In(domain.Shanghai).Format("20060102") }

// tooMany refuses an export of more than maxExportRows rows.
func tooMany(n int) error {
	if n > maxExportRows {
		return domain.ErrBadRequest.WithMessage(fmt.Sprintf("导出条数超过 %d 条，请缩小筛选范围", maxExportRows))
	}
	return nil
}

// filterRegion is the region a ledger's title names: the narrowest of the filter's township, county and the
// caller's region.
func (a *App) filterRegion(own string, narrower ...string) string {
	for _, code := range narrower {
		if code != "" {
			return a.regionName(code)
		}
	}
	return a.regionName(own)
}

// hazardHeaders are the columns of the 风险隐患排查整治台账.
var hazardHeaders = []string{"隐患编号", "隐患类型", "隐患名称", "基本情况", "区县", "乡镇（街道）", "具体地点", "风险等级",
	"涉及人数", "涉及人员", "发现人（单位）", "发现日期", "状态", "研判意见", "责任单位", "责任人", "整治措施", "整改期限",
	"是否超期", "是否挂牌督办", "销号日期"}

func (a *App) hazardTable(title string, list []*domain.Hazard, now time.Time) table {
	t := table{Title: title + "风险隐患排查整治台账" + period("", "", now), FileBase: title + "风险隐患排查整治台账" + stamp(now),
		Headers: hazardHeaders}
	for _, h := range list {
		var unit, person, measures string
		var deadline *time.Time
		if r := h.Rectification; r != nil {
			unit, person, measures, deadline = r.Unit, r.Person, r.Measures, &r.Deadline
		}
		listed := "否"
		for _, l := range a.listings.OfHazard(h.ID) {
			if l.Status == domain.ListingListed {
				listed = "是（" + domain.LabelOf(domain.ListingLevels, string(l.Level)) + "）"
				break
			}
			listed = "已摘牌"
		}
		found := h.FoundAt
		t.Rows = append(t.Rows, []cell{txt(h.ID), txt(domain.LabelOf(domain.HazardTypes, h.Type)), txt(h.Title), txt(h.Description),
			txt(a.regionName(h.CountyCode)), txt(a.regionName(h.TownshipCode)), txt(h.Place),
			txt(domain.LabelOf(domain.RiskLevels, h.Level)), num(h.PeopleCount), txt(h.People), txt(h.FoundBy), dateCell(&found),
			txt(domain.LabelOf(domain.HazardStatuses, string(h.Status))), txt(h.Assessment), txt(unit), txt(person), txt(measures),
			dateCell(deadline), txt(yesNo(h.Overdue(now))), txt(listed), dateCell(h.ClearedAt)})
	}
	return t
}

// roundHeaders are the columns of the 矛盾纠纷排查台账.
var roundHeaders = []string{"排查编号", "区县", "乡镇（街道）", "村（社区）", "排查日期", "参加人员", "排查范围", "零报告",
	"发现纠纷数", "纠纷案件编号", "发现风险隐患数", "发现风险隐患", "预防纠纷数", "预防纠纷情况", "备注", "填报人", "填报时间"}

func (a *App) roundTable(region *domain.Region, w domain.Window, rounds []*domain.Round, now time.Time) table {
	name := region.Name + "矛盾纠纷排查台账"
	t := table{Title: name + period(w.FromDate(), w.ToDate(), now), FileBase: name + stamp(now), Headers: roundHeaders}
	var total domain.ScreeningFigures
	for _, r := range rounds {
		village := r.Village
		if village == "" {
			village = "（乡镇本级）"
		}
		nos := make([]string, 0, len(r.CaseIDs))
		for _, id := range r.CaseIDs {
			if s, ok := a.index.Get(id); ok && s.CaseNo != "" {
				id = s.CaseNo
			}
			nos = append(nos, id)
		}
		f := r.Figures()
		total.Add(f)
		t.Rows = append(t.Rows, []cell{txt(r.ID), txt(a.regionName(r.CountyCode)), txt(a.regionName(r.TownshipCode)), txt(village),
			txt(r.Date), txt(strings.Join(r.Participants, "、")), txt(strings.Join(r.Places, "、")), txt(yesNo(r.ZeroReport)),
			num(f.DisputesFound), txt(strings.Join(nos, "、")), num(f.HazardsFound), txt(strings.Join(r.Hazards, "；")),
			num(r.Prevented), txt(r.PreventedNote), txt(r.Note), txt(r.RecordedBy.Name), txt(minuteOf(r.RecordedAt))})
	}
	t.Totals = []cell{txt("合计"), txt(""), txt(""), txt(""), txt(""), txt(""), txt(""), txt(strconv.Itoa(total.ZeroReports) + "次零报告"),
		num(total.DisputesFound), txt(""), num(total.HazardsFound), txt(""), num(total.Prevented), txt(""), txt(""), txt(""), txt("")}
	return t
}

// boardHeaders are the columns of the month's 排查报送情况: one row per unit and period.
var boardHeaders = []string{"乡镇（街道）", "排查单位", "单位级别", "排查周期", "报送期限", "报送状态", "排查次数", "首次登记时间", "零报告"}

func screeningBoardTable(b domain.ScreeningBoard) table {
	name := b.Region.Name + "矛盾纠纷排查报送情况"
	t := table{Title: name + "（" + b.Month + "）", FileBase: name + b.Month, Headers: boardHeaders}
	for _, row := range b.Rows {
		for _, p := range row.Periods {
			reported := ""
			if p.ReportedAt != nil {
				reported = minuteOf(*p.ReportedAt)
			}
			zero := ""
			if p.Rounds > 0 {
				zero = yesNo(p.ZeroReport)
			}
			t.Rows = append(t.Rows, []cell{txt(row.TownshipName), txt(row.Name), txt(domain.LabelOf(domain.ScreeningLevels, row.Level)),
				txt(p.PeriodName), txt(p.DueDate), txt(domain.LabelOf(domain.ScreeningStatuses, string(p.Status))), num(p.Rounds),
				txt(reported), txt(zero)})
		}
	}
	c := b.Counts
	t.Totals = []cell{txt("合计"), txt(strconv.Itoa(c.Units) + "个单位"), txt(""), txt(strconv.Itoa(c.Periods) + "期"), txt(""),
		txt(fmt.Sprintf("按时%d、迟报%d、逾期未报%d、待报%d、进行中%d", c.Reported, c.Late, c.Missing, c.Due, c.Open)), txt(""), txt(""), txt("")}
	return t
}

// summaryHeaders are the columns of the 排查汇总.
var summaryHeaders = []string{"区域代码", "乡镇（街道）", "乡镇本级应排查（期）", "乡镇本级已排查（期）", "村（社区）数",
	"村（社区）应排查（期）", "村（社区）已排查（期）", "排查次数", "发现纠纷数", "预防纠纷数", "发现风险隐患数", "零报告数"}

func screeningSummaryTable(s domain.ScreeningSummary) table {
	name := s.Region.Name + "矛盾纠纷排查情况汇总表"
	t := table{Title: name + period(s.From, s.To, s.GeneratedAt), FileBase: name + stamp(s.GeneratedAt), Headers: summaryHeaders}
	row := func(code, name string, r domain.ScreeningSummaryRow) []cell {
		f := r.Figures
		return []cell{txt(code), txt(name), num(r.TownshipDue), num(r.TownshipHeld), num(r.Places), num(r.VillageDue),
			num(r.VillageHeld), num(f.Rounds), num(f.DisputesFound), num(f.Prevented), num(f.HazardsFound), num(f.ZeroReports)}
	}
	for _, r := range s.Rows {
		t.Rows = append(t.Rows, row(r.Code, r.Name, r))
	}
	t.Totals = row("", "合计", s.Totals)
	return t
}

// listingHeaders are the columns of the 挂牌督办台账.
var listingHeaders = []string{"挂牌编号", "挂牌级别", "挂牌文号", "督办事项", "挂牌对象", "被挂牌乡镇（街道）", "关联隐患或案件",
	"整改要求", "挂牌单位", "挂牌日期", "整改期限", "进展报送周期（天）", "最近报送进展", "状态", "是否超期", "摘牌日期", "摘牌结论"}

func (a *App) listingTable(title string, list []*domain.Listing, now time.Time) table {
	t := table{Title: title + "挂牌督办台账" + period("", "", now), FileBase: title + "挂牌督办台账" + stamp(now), Headers: listingHeaders}
	for _, l := range list {
		var linked string
		switch l.Target {
		case domain.ListingHazard:
			linked = l.HazardID
			if h, ok := a.hazards.Get(l.HazardID); ok {
				linked += " " + h.Title
			}
		case domain.ListingCases:
			nos := make([]string, 0, len(l.CaseIDs))
			for _, id := range l.CaseIDs {
				if s, ok := a.index.Get(id); ok && s.CaseNo != "" {
					id = s.CaseNo
				}
				nos = append(nos, id)
			}
			linked = strings.Join(nos, "、")
		}
		listed := l.ListedAt
		deadline := l.Deadline
		t.Rows = append(t.Rows, []cell{txt(l.ID), txt(domain.LabelOf(domain.ListingLevels, string(l.Level))), txt(l.Notice), txt(l.Title),
			txt(domain.LabelOf(domain.ListingTargets, string(l.Target))), txt(a.regionName(l.TownshipCode)), txt(linked),
			txt(l.Requirements), txt(a.regionName(l.ListerRegion)), dateCell(&listed), dateCell(&deadline), num(l.ReportEveryDays),
			dateCell(l.LastProgressAt), txt(domain.LabelOf(domain.ListingStatuses, string(l.Status))), txt(yesNo(l.Overdue(now))),
			dateCell(l.DelistedAt), txt(l.Conclusion)})
	}
	return t
}

// assessmentHeaders are the columns of the 重大决策社会稳定风险评估台账.
var assessmentHeaders = []string{"稳评编号", "项目（决策）名称", "事项类别", "区县", "乡镇（街道）", "决策机关", "评估主体", "评估日期",
	"风险等级", "评估结论", "实施条件", "条件落实", "跟踪状态", "下次检查日期", "跟踪结束日期", "简要情况"}

func (a *App) assessmentTable(title string, list []domain.Assessment, now time.Time) table {
	t := table{Title: title + "重大决策社会稳定风险评估台账" + period("", "", now),
		FileBase: title + "重大决策社会稳定风险评估台账" + stamp(now), Headers: assessmentHeaders}
	for _, x := range list {
		town := ""
		if x.RegionCode != x.CountyCode {
			town = a.regionName(x.RegionCode)
		}
		conds := make([]string, len(x.Conditions))
		met := 0
		for i, c := range x.Conditions {
			state := "未落实"
			if c.Met {
				met++
				state = "已落实"
				if c.MetOn != "" {
					state += " " + c.MetOn
				}
			}
			conds[i] = fmt.Sprintf("%d. %s（%s）", c.N, c.Text, state)
		}
		metText := ""
		if len(x.Conditions) > 0 {
			metText = fmt.Sprintf("%d/%d", met, len(x.Conditions))
		}
		t.Rows = append(t.Rows, []cell{txt(x.ID), txt(x.Project), txt(domain.LabelOf(domain.AssessmentKinds, x.Kind)),
			txt(a.regionName(x.CountyCode)), txt(town), txt(x.DecidingBody), txt(x.AssessingBody), txt(x.AssessedOn),
			txt(domain.LabelOf(domain.AssessmentGrades, x.Grade)), txt(domain.LabelOf(domain.AssessmentConclusions, x.Conclusion)),
			txt(strings.Join(conds, "\n")), txt(metText), txt(domain.LabelOf(domain.AssessmentFollowUpStates, x.FollowUp)),
			txt(x.NextReviewOn), txt(x.ClosedOn), txt(x.Summary)})
	}
	return t
}
