package domain

import (
	"errors"
	"fmt"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
)

// An import ledger (台账) is a table of historical cases: a header row of Chinese column names, then one
// case per row with its registration date and how far it got (still open, or its final outcome).
// ParseLedger turns the rows into cases through the same rules as the API: each row is registered with
// NewCase and taken along its lifecycle with Apply, backdated to the dates the row gives. Reading files
// into rows is the HTTP layer's job; this file only sees strings.

// Ledger column headers. Party columns are numbered: 当事人1姓名, 当事人1身份, …, 当事人2姓名, ….
const (
	hdrTownshipCode   = "乡镇代码"
	hdrTownshipName   = "乡镇名称"
	hdrCountyName     = "区县名称"
	hdrVillage        = "村（社区）"
	hdrTitle          = "标题"
	hdrCategory       = "类别"
	hdrRisk           = "风险等级"
	hdrSource         = "来源"
	hdrReferral       = "移送单位"
	hdrRegistered     = "登记日期"
	hdrSummary        = "案情摘要"
	hdrAccepted       = "受理日期"
	hdrMediators      = "调解员"
	hdrOutcome        = "结果"
	hdrConcluded      = "办结日期"
	hdrAgreementType  = "协议类型"
	hdrAgreementTerms = "协议内容"
	hdrPerformBy      = "履行期限"
	hdrFailure        = "调解不成原因"
	hdrRedirect       = "告知途径"
	hdrExtendDays     = "延期天数"
	hdrExtendReason   = "延期原因"
	hdrApprover       = "延期批准人"
	hdrFollowUpAt     = "回访日期"
	hdrSatisfaction   = "满意度"
	hdrFollowUpNote   = "回访情况"
	hdrAssignedBy     = "交办层级"
	hdrBatch          = "批次"
	hdrAssignedAt     = "交办日期"
	hdrDueAt          = "办结期限"
	hdrLeader         = "包案领导"
	hdrLeaderPost     = "领导职务"
	hdrPlan           = "化解方案"
	hdrResolutionType = "化解方式"
	hdrResolvedAt     = "化解日期"
	hdrClearedAt      = "销号日期"
)

// Party column parts, after 当事人{n}.
var partyParts = []string{"姓名", "身份", "身份证号", "电话", "住址"}

const (
	// MaxLedgerRows bounds the data rows of one import.
	MaxLedgerRows = 50000
	// ledgerBuildChunk is how many rows are read before their cases are built together.
	ledgerBuildChunk = 1024
	// maxLedgerErrors bounds the cell errors one answer lists.
	maxLedgerErrors = 1000
	// maxLedgerParties bounds the numbered party columns.
	maxLedgerParties = 20
	// ledgerExamplePrefix starts the title of the template's example row, which is refused on import.
	ledgerExamplePrefix = "示例："
)

// LedgerColumn is one column of an import ledger as the template shows it.
type LedgerColumn struct {
	Header   string // the Chinese header
	Required bool   // must be filled on every row
	Help     string // what goes in, for the template's instructions
	Example  string // the template's example row
}

// ledgerOutcomes are the values of 结果 on a dispute ledger: how far the dispute got.
var ledgerOutcomes = []Option{
	{Code: "registered", Label: "已登记"},
	{Code: "mediating", Label: "调解中"},
	{Code: string(StatusResolved), Label: "调解成功"},
	{Code: string(StatusFailed), Label: "调解不成"},
}

// Words that also name enumeration values in ledgers people keep by hand, besides codes and labels.
var ledgerAliases = map[string]map[string]string{
	hdrCategory: {"婚姻": "marriage_family", "家庭": "marriage_family", "宅基地": "housing_homestead",
		"房屋": "housing_homestead", "山林": "forest_land", "土地": "forest_land", "林地": "forest_land",
		"征地": "land_requisition", "拆迁": "land_requisition", "劳动": "labor", "劳资": "labor",
		"医患": "medical", "环境": "pollution", "污染": "pollution", "交通事故": "traffic", "交通": "traffic"},
	hdrSource: {"申请": "application", "主动排查": "proactive", "排查": "proactive", "主动排查调解": "proactive",
		"主动调解": "proactive", "排查发现": "proactive", "移送": "referral", "委托": "referral"},
	hdrReferral: {"法院": "court", "法院委派": "court", "法院委托": "court", "法院委派/委托": "court", "公安": "police",
		"公安机关": "police", "派出所": "police", "信访": "petition", "信访部门": "petition", "网格": "grid",
		"网格员": "grid", "网格上报": "grid", "网格员上报": "grid", "12345": "hotline", "12345热线": "hotline",
		"热线": "hotline", "中心户长": "liaison", "三线人员": "liaison"},
	hdrAssignedBy: {"国家": "central", "区": "county", "县区": "county", "县（区）": "county"},
	hdrOutcome: {"待受理": "registered", "未办结": "mediating", "办理中": "mediating", "在办": "mediating",
		"成功": "resolved", "化解成功": "resolved", "调解成功": "resolved", "不成功": "failed",
		"调解不成功": "failed", "失败": "failed", "调解失败": "failed", "终止调解": "failed"},
	hdrFailure: {"拒绝调解": "refused", "拒绝": "refused", "一方拒绝继续": "refused", "分歧大": "gap_too_large",
		"联系不上": "unreachable", "无法联系": "unreachable", "撤回": "withdrawn", "撤回申请": "withdrawn", "期满": "timeout",
		"期满未延长": "timeout", "拒绝签字": "refused_to_sign", "和解": "settled", "自行和解": "settled"},
	hdrRedirect: {"行政": "administrative", "行政处理": "administrative", "无": "none", "未告知": "none", "不适用": "none"},
	"当事人身份":     {"申请方": "applicant", "被申请方": "respondent"},
}

// ledgerEnums names the enumeration each enumerated column takes (party roles under 当事人身份).
var ledgerEnums = map[string][]Option{
	hdrCategory: Categories, hdrRisk: RiskLevels, hdrSource: DisputeSources, hdrReferral: ReferralFroms,
	hdrOutcome: ledgerOutcomes, hdrAgreementType: AgreementTypes, hdrFailure: FailureReasons,
	hdrRedirect: Redirects, hdrSatisfaction: Satisfactions, hdrAssignedBy: AssignedBys,
	hdrResolutionType: ResolutionTypes, "当事人身份": PartyRoles,
}

func labelsOf(opts []Option) string {
	names := make([]string, len(opts))
	for i, o := range opts {
		names[i] = o.Label
	}
	return strings.Join(names, "、")
}

// LedgerColumns lists the columns of the import template for kind, in template order. The example row
// uses the first township inside regionCode, so that it lies in the caller's region.
func LedgerColumns(kind Kind, regions *RegionTree, regionCode string) []LedgerColumn {
	town, county := "610902001", "汉滨区"
	townName := "老城街道"
	if regions == nil {
		regions = &RegionTree{}
	}
	if ts := regions.Townships(regionCode); len(ts) > 0 {
		town, townName = ts[0].Code, ts[0].Name
		if c, ok := regions.Get(regions.CountyOf(ts[0].Code)); ok {
			county = c.Name
		}
	}
	date := "日期，格式 YYYY-MM-DD"
	common := []LedgerColumn{
		{hdrTownshipCode, false, "9位统计用区划代码；与「乡镇名称」至少填一项", town},
		{hdrTownshipName, false, "乡镇（街道）名称；不填代码时按名称查找，同名时需填「区县名称」", townName},
		{hdrCountyName, false, "所属区县名称", county},
		{hdrVillage, false, "村或社区名称", "示范村"},
		{hdrTitle, true, "案件标题，200字以内", ""},
		{hdrCategory, true, "可填：" + labelsOf(Categories), ""},
		{hdrRisk, false, "可填：" + labelsOf(RiskLevels) + "；不填为蓝", "蓝"},
	}
	parties := func(n int, roles ...string) []LedgerColumn {
		var out []LedgerColumn
		names := []string{"张三", "李四"}
		ids := []string{"610902198001011234", ""}
		phones := []string{"13800000000", ""}
		for k := 1; k <= n; k++ {
			out = append(out,
				LedgerColumn{fmt.Sprintf("当事人%d姓名", k), k == 1 || kind == KindDispute, "姓名", names[k-1]},
				LedgerColumn{fmt.Sprintf("当事人%d身份", k), false, "可填：" + labelsOf(PartyRoles) + "；不填按顺序为" + roles[k-1], roles[k-1]},
				LedgerColumn{fmt.Sprintf("当事人%d身份证号", k), false, "18位居民身份证号", ids[k-1]},
				LedgerColumn{fmt.Sprintf("当事人%d电话", k), false, "手机或固定电话", phones[k-1]},
				LedgerColumn{fmt.Sprintf("当事人%d住址", k), false, "住址", ""},
			)
		}
		return out
	}
	var cols []LedgerColumn
	switch kind {
	case KindPetition:
		cols = append(common,
			LedgerColumn{hdrAssignedBy, true, "可填：" + labelsOf(AssignedBys), "市"},
			LedgerColumn{hdrBatch, false, "交办批次", "2025年第1批"},
			LedgerColumn{hdrAssignedAt, false, date + "；不晚于登记日期", "2025-03-01"},
			LedgerColumn{hdrDueAt, false, date + "；交办单位要求的期限，不填为受理后60天", "2025-06-30"},
			LedgerColumn{hdrRegistered, true, date, "2025-03-05"},
		)
		cols = append(cols, parties(1, "信访人")...)
		cols = append(cols,
			LedgerColumn{hdrSummary, false, "信访事项摘要", "信访人反映征地补偿款未足额发放。"},
			LedgerColumn{hdrAccepted, false, date + "；不填为登记日期", "2025-03-06"},
			LedgerColumn{hdrLeader, false, "包案领导姓名；填写后案件进入化解中", "王五"},
			LedgerColumn{hdrLeaderPost, false, "包案领导职务，与「包案领导」同时填写", "副区长"},
			LedgerColumn{hdrPlan, false, "一案一策化解方案", "核查补偿台账，限期补发。"},
			LedgerColumn{hdrExtendDays, false, "延期天数，1至30", ""},
			LedgerColumn{hdrApprover, false, "延期批准人，填写延期天数时必填", ""},
			LedgerColumn{hdrExtendReason, false, "延期原因", ""},
			LedgerColumn{hdrResolutionType, false, "可填：" + labelsOf(ResolutionTypes) + "；填写后案件为已化解（需有包案领导）", "实质化解"},
			LedgerColumn{hdrResolvedAt, false, date + "；填写化解方式时必填", "2025-05-20"},
			LedgerColumn{hdrClearedAt, false, date + "；填写后案件为已销号（需已化解）", "2025-06-10"},
		)
	default:
		cols = append(common,
			LedgerColumn{hdrSource, true, "可填：" + labelsOf(DisputeSources), "当事人申请"},
			LedgerColumn{hdrReferral, false, "委托移送时必填，可填：" + labelsOf(ReferralFroms), ""},
			LedgerColumn{hdrRegistered, true, date, "2025-03-05"},
		)
		cols = append(cols, parties(2, "申请人", "被申请人")...)
		cols = append(cols,
			LedgerColumn{hdrSummary, false, "案情摘要", "双方因宅基地界址发生争执。"},
			LedgerColumn{hdrAccepted, false, date + "；不填为登记日期", "2025-03-06"},
			LedgerColumn{hdrMediators, false, "调解员姓名，多人用顿号分隔；不填为导入人", "赵六"},
			LedgerColumn{hdrOutcome, false, "可填：" + labelsOf(ledgerOutcomes) + "；不填为调解中", "调解成功"},
			LedgerColumn{hdrConcluded, false, date + "；结果为调解成功或调解不成时必填", "2025-03-20"},
			LedgerColumn{hdrAgreementType, false, "调解成功时必填，可填：" + labelsOf(AgreementTypes), "书面协议"},
			LedgerColumn{hdrAgreementTerms, false, "调解成功时必填", "双方以原界桩为界，李四于3月底前拆除越界围墙。"},
			LedgerColumn{hdrPerformBy, false, date + "；协议履行期限", "2025-03-31"},
			LedgerColumn{hdrFailure, false, "调解不成时必填，可填：" + labelsOf(FailureReasons), ""},
			LedgerColumn{hdrRedirect, false, "调解不成时必填，告知当事人的途径，可填：" + labelsOf(Redirects), ""},
			LedgerColumn{hdrExtendDays, false, "延期天数，1至30", ""},
			LedgerColumn{hdrExtendReason, false, "延期原因，填写延期天数时必填", ""},
			LedgerColumn{hdrFollowUpAt, false, date + "；填写后案件为已结案（需调解成功或调解不成）", "2025-04-10"},
			LedgerColumn{hdrSatisfaction, false, "填写回访日期时必填，可填：" + labelsOf(Satisfactions), "满意"},
			LedgerColumn{hdrFollowUpNote, false, "回访情况", "协议已履行。"},
		)
	}
	for i := range cols {
		switch cols[i].Header {
		case hdrTitle:
			if kind == KindPetition {
				cols[i].Example = ledgerExamplePrefix + "张某某反映征地补偿问题"
			} else {
				cols[i].Example = ledgerExamplePrefix + "张某某与李某某宅基地界址纠纷"
			}
		case hdrCategory:
			if kind == KindPetition {
				cols[i].Example = "征地拆迁"
			} else {
				cols[i].Example = "房屋宅基地"
			}
		}
	}
	return cols
}

// LedgerChoices lists the labels an enumerated ledger column takes (for a drop-down list); nil for the
// other columns.
func LedgerChoices(header string) []string {
	opts := ledgerEnums[header]
	if m := partyHeader.FindStringSubmatch(header); m != nil && m[2] == "身份" {
		opts = PartyRoles
	}
	var out []string
	for _, o := range opts {
		out = append(out, o.Label)
	}
	return out
}

// ledgerHeader is a parsed header row.
type ledgerHeader struct {
	kind    Kind
	index   map[string]int // header → column position
	parties int            // the highest party number with a column
	// serialCols are the 序号 columns: a row holding only them is skipped.
	serialCols map[int]bool
}

var partyHeader = regexp.MustCompile(`^当事人(\d+)(姓名|身份证号|身份|电话|住址)$`)

// normalizeHeader makes hand-typed headers comparable: no spaces or required marks, full-width brackets.
func normalizeHeader(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r), r == '*', r == '＊', invisible(r):
			return -1
		case r == '(':
			return '（'
		case r == ')':
			return '）'
		}
		return r
	}, s)
	return s
}

// ParseLedger turns the rows of one ledger sheet into cases the importing user registers (see
// ParseLedgerBook, which it calls with no options): each row goes through NewCase (as by, backdated to its
// registration date) and the Replay steps that reach its final state on the dates it gives. Nothing is
// partial: either every row is right and all cases come back (without numbers; the store numbers them),
// or the error names every broken cell — a 422 whose Rows carry row and column. A role that may not
// register the ledger's kind gets ErrForbidden; a file without a ledger header ErrNoLedgerHeader.
func ParseLedger(rows [][]string, by *User, regions *RegionTree, now time.Time) (Kind, []*Case, error) {
	res, err := ParseLedgerBook([]LedgerSheet{{Rows: rows}}, by, regions, now, LedgerOptions{}, nil)
	if err != nil {
		if res != nil {
			return res.Kind, nil, err
		}
		return "", nil, err
	}
	if err := res.Error(); err != nil {
		return res.Kind, nil, err
	}
	return res.Kind, res.Cases, nil
}

// Error is the 422 naming every broken cell of the ledger, nil when no row was refused.
func (r *LedgerResult) Error() *Error {
	rep := &r.Report
	if len(rep.Problems) > 0 {
		e := InvalidRows("台账缺少必要的列，未导入任何案件："+rep.Problems[0].Message, rep.Errors...)
		e.Fields = rep.Problems
		return e
	}
	if rep.ErrorCount == 0 && rep.Refused == 0 {
		return nil
	}
	msg := fmt.Sprintf("导入文件有%d处错误，未导入任何案件", rep.ErrorCount)
	if rep.ErrorCount > len(rep.Errors) {
		msg = fmt.Sprintf("导入文件有%d处错误（列出前%d处），未导入任何案件", rep.ErrorCount, len(rep.Errors))
	}
	return InvalidRows(msg, rep.Errors...)
}

func blankRow(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

type ledgerParser struct {
	h       *ledgerHeader
	by      *User
	regions *RegionTree
	now     time.Time
	towns   *townFinder
	errs    []RowError
	more    int // errors beyond maxLedgerErrors

	opts        LedgerOptions
	sheet       string // the sheet being read
	year        int    // its year for dates without one
	byCounty    string // the uploader's county: ambiguous township names resolve within it
	ownTownship string // the uploader's township, the default of a ledger without a township column
	signature   string
	report      LedgerReport
	values      map[[2]string]*LedgerValueMatch
	unknown     map[[2]string]*LedgerUnknown
	defaults    map[string]*LedgerDefault
}

// ledgerRow is one data row being read; it collects at most one error per column.
type ledgerRow struct {
	p        *ledgerParser
	num      int
	cells    []string
	failed   map[string]bool
	townCol  string            // the column the township was given by
	townBad  bool              // the township cells are wrong (and reported)
	partyNum []int             // party position → its number in the headers
	override map[string]string // cells read from another column (包案领导 "姓名（职务）")
	errs     []RowError        // this row's broken cells, moved to the parser's list in row order (flush)
}

// multilineColumns keep their line breaks; in other cells a line break is a space.
var multilineColumns = map[string]bool{hdrSummary: true, hdrAgreementTerms: true, hdrPlan: true, hdrFollowUpNote: true,
	hdrExtendReason: true, hdrParties: true}

func (r *ledgerRow) cell(name string) string {
	if v, ok := r.override[name]; ok {
		return v
	}
	i, ok := r.p.h.index[name]
	if !ok || i >= len(r.cells) {
		return ""
	}
	v := strings.TrimFunc(r.cells[i], unicode.IsSpace)
	if !multilineColumns[name] && strings.ContainsAny(v, "\r\n") {
		v = strings.Join(strings.Fields(v), " ")
	}
	return v
}

func (r *ledgerRow) bad(col, msg string) {
	if r.failed[col] {
		return
	}
	r.failed[col] = true
	r.errs = append(r.errs, RowError{Sheet: r.p.sheet, Row: r.num, Column: col, Message: msg})
}

// flush moves the row's errors to the parser's list, which keeps the first maxLedgerErrors and counts
// the rest. Rows are flushed in file order.
func (r *ledgerRow) flush() {
	for _, e := range r.errs {
		if len(r.p.errs) >= maxLedgerErrors {
			r.p.more++
			continue
		}
		r.p.errs = append(r.p.errs, e)
	}
}

// messages are the row's errors as the file of refused rows says them.
func (r *ledgerRow) messages() []string {
	out := make([]string, 0, len(r.errs))
	for _, e := range r.errs {
		if e.Column != "" {
			out = append(out, "「"+e.Column+"」"+e.Message)
		} else {
			out = append(out, e.Message)
		}
	}
	if len(out) == 0 {
		out = append(out, "本行有错误")
	}
	return out
}

func (r *ledgerRow) ok() bool { return len(r.failed) == 0 }

// enum reads the enumerated cell under header whose values are those of the column col (its own header,
// or 当事人身份 for the numbered party columns): a code, a label, or a known alias; "" when empty or wrong.
func (r *ledgerRow) enum(col, header string) string {
	v := r.cell(header)
	if v == "" {
		return ""
	}
	if code, by, ok := r.p.lookupValue(col, v); ok {
		if by != "" {
			r.p.noteValue(col, v, code, by)
		}
		return code
	}
	r.p.noteUnknown(col, v, r.num, ledgerEnums[col])
	r.bad(header, fmt.Sprintf("「%s」不是有效的%s，应为：%s", v, strings.TrimPrefix(col, "当事人"), labelsOf(ledgerEnums[col])))
	return ""
}

func enumKey(s string) string {
	s = strings.ToLower(strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s))
	for _, suffix := range []string{"纠纷", "色", "级", "交办", "协议"} {
		if t := strings.TrimSuffix(s, suffix); t != "" {
			s = t
		}
	}
	return s
}

var ledgerDate = regexp.MustCompile(`^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$`)

// parseLedgerDate reads a date as people and spreadsheets write it: 2025-03-05, 2025/3/5, 2025.3.5,
// 2025年3月5日, 20250305, with a time part ignored, or an Excel serial day number. It returns the start
// of that day in Asia/Shanghai.
func parseLedgerDate(s string) (time.Time, bool) {
	if i := strings.IndexAny(s, " T"); i > 0 {
		s = s[:i]
	}
	var y, m, d int
	if mm := ledgerDate.FindStringSubmatch(s); mm != nil {
		y, _ = strconv.Atoi(mm[1])
		m, _ = strconv.Atoi(mm[2])
		d, _ = strconv.Atoi(mm[3])
	} else if len(s) == 8 && isDigits(s) {
		y, _ = strconv.Atoi(s[:4])
		m, _ = strconv.Atoi(s[4:6])
		d, _ = strconv.Atoi(s[6:])
	} else if serial, err := strconv.ParseFloat(s, 64); err == nil && serial >= 20000 && serial < 100000 {
		// Excel's day 0 is 1899-12-30 (counting its phantom 1900-02-29).
		t := time.Date(1899, 12, 30, 0, 0, 0, 0, Shanghai).AddDate(0, 0, int(serial))
		return t, true
	} else {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, Shanghai)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// date reads a date cell: nil when empty or wrong. Event dates may not lie after today; a deadline is the
// end of its day.
func (r *ledgerRow) date(header string, deadline bool) *time.Time {
	v := r.cell(header)
	if v == "" {
		return nil
	}
	t, ok := parseLedgerDateIn(v, r.p.year)
	if !ok {
		r.bad(header, "无法识别日期「"+v+"」，可填："+ledgerDateForms)
		return nil
	}
	if deadline {
		t = t.Add(24*time.Hour - time.Second)
	} else if t.After(r.p.now) {
		r.bad(header, "日期不能晚于今天")
		return nil
	}
	return &t
}

func (r *ledgerRow) notBefore(header string, t *time.Time, other string, o *time.Time) {
	if t != nil && o != nil && t.Before(*o) {
		r.bad(header, fmt.Sprintf("%s不能早于%s", header, other))
	}
}

func (r *ledgerRow) need(header, why string) {
	if r.cell(header) == "" {
		r.bad(header, why+"时必须填写「"+header+"」")
	}
}

func (r *ledgerRow) refuse(header, why string) {
	if r.cell(header) != "" {
		r.bad(header, why+"时不能填写「"+header+"」")
	}
}

// townFinder finds townships by name, and by the stem of the name (恒口 for 恒口镇 and 恒口示范区).
type townFinder struct {
	byName map[string][]*Region
	byStem map[string][]*Region
}

func newTownFinder(regions *RegionTree) *townFinder {
	f := &townFinder{byName: map[string][]*Region{}, byStem: map[string][]*Region{}}
	if root := regions.Root(); root != nil {
		for _, t := range regions.Townships(root.Code) {
			f.byName[t.Name] = append(f.byName[t.Name], t)
			stem := townStem(t.Name)
			f.byStem[stem] = append(f.byStem[stem], t)
		}
	}
	return f
}

// township reads the township columns: the code when given (checked against any name given), else the
// name within the county, else the default township.
func (r *ledgerRow) township() string {
	code := r.findTownship()
	r.townBad = code == "" // findTownship said why
	return code
}

func (r *ledgerRow) findTownship() string {
	p := r.p
	regions := p.regions
	code, name, county := fullWidthToASCII(r.cell(hdrTownshipCode)), r.cell(hdrTownshipName), r.cell(hdrCountyName)
	countyCode := ""
	if county != "" {
		for _, c := range regions.Children(regions.Root().Code) {
			if c.Name == county || c.Code == county || strings.TrimRight(c.Name, "区县市") == strings.TrimRight(county, "区县市") {
				countyCode = c.Code
			}
		}
	}
	countyMatches := func(t *Region) bool {
		return county == "" || regions.CountyOf(t.Code) == countyCode
	}
	if code != "" {
		r.townCol = hdrTownshipCode
		t, ok := regions.Get(code)
		switch {
		case !ok || t.Level != LevelTownship:
			r.bad(hdrTownshipCode, fmt.Sprintf("乡镇代码「%s」不存在或不是乡镇（街道）级区划", code))
			return ""
		case name != "" && name != t.Name && r.resolveTownName(name, "") != code:
			r.bad(hdrTownshipName, fmt.Sprintf("乡镇名称与乡镇代码不一致：代码%s是「%s」", code, t.Name))
		case !countyMatches(t):
			r.bad(hdrCountyName, fmt.Sprintf("区县名称与乡镇代码不一致：%s不在「%s」", t.Name, county))
		}
		return code
	}
	r.townCol = hdrTownshipName
	if name == "" {
		switch {
		case p.opts.DefaultTownship != "":
			p.noteDefault(hdrTownshipName, "未填写乡镇（街道），按导入时选择的乡镇计")
			return p.opts.DefaultTownship
		case p.ownTownship != "":
			p.noteDefault(hdrTownshipName, "未填写乡镇（街道），按导入人所在乡镇计")
			return p.ownTownship
		}
		r.bad(hdrTownshipName, "「乡镇名称」和「乡镇代码」至少填写一项")
		return ""
	}
	if c, ok := p.opts.Values[hdrTownshipName][name]; ok {
		if t, ok := regions.Get(c); ok && t.Level == LevelTownship {
			p.noteValue(hdrTownshipName, name, c, "chosen")
			return c
		}
	}
	if found := r.resolveTownName(name, countyCode); found != "" {
		return found
	}
	rest, _ := p.stripCounty(name)
	switch n := len(p.towns.byStem[townStem(rest)]); {
	case n > 1:
		r.bad(hdrTownshipName, fmt.Sprintf("有%d个乡镇（街道）名为「%s」，请填写「区县名称」或「乡镇代码」，或在导入时指定", n, name))
	case county != "" && countyCode == "":
		r.bad(hdrCountyName, fmt.Sprintf("没有名为「%s」的区县", county))
	default:
		r.bad(hdrTownshipName, fmt.Sprintf("没有名为「%s」的乡镇（街道）", name))
	}
	p.noteUnknown(hdrTownshipName, name, r.num, nil)
	return ""
}

// resolveTownName finds a township from its name as ledgers write it: full (恒口镇), short (恒口), local
// (恒口示范区) or with its county (汉滨区恒口镇); a name several counties have (城关镇) is taken within the
// county given, else the uploader's county. "" when none or still ambiguous.
func (r *ledgerRow) resolveTownName(name, countyCode string) string {
	p := r.p
	rest, prefixed := p.stripCounty(name)
	if countyCode == "" {
		countyCode = prefixed
	}
	pick := func(cands []*Region) string {
		var in []*Region
		for _, t := range cands {
			if countyCode == "" || p.regions.CountyOf(t.Code) == countyCode {
				in = append(in, t)
			}
		}
		if len(in) > 1 && countyCode == "" && p.byCounty != "" {
			var mine []*Region
			for _, t := range in {
				if p.regions.CountyOf(t.Code) == p.byCounty {
					mine = append(mine, t)
				}
			}
			in = mine
		}
		if len(in) == 1 {
			return in[0].Code
		}
		return ""
	}
	if c := pick(p.towns.byName[rest]); c != "" {
		if rest != name {
			p.noteValue(hdrTownshipName, name, c, "alias")
		}
		return c
	}
	if c := pick(p.towns.byStem[townStem(rest)]); c != "" {
		p.noteValue(hdrTownshipName, name, c, "alias")
		return c
	}
	return ""
}

// parties reads the numbered party columns; a party counts when any of its cells is filled.
func (r *ledgerRow) parties(kind Kind) []PartyInput {
	var out []PartyInput
	for _, col := range []string{"身份证号", "电话"} { // numbers Excel turned into 1.1E+17: digits are lost
		for n := 1; n <= r.p.h.parties; n++ {
			h := fmt.Sprintf("当事人%d%s", n, col)
			if v := fullWidthToASCII(r.cell(h)); lostDigits.MatchString(v) {
				r.p.report.Warnings = append(r.p.report.Warnings, LedgerRowNote{Sheet: r.p.sheet, Row: r.num, Column: h,
					Why: "「" + v + "」是 Excel 按「常规」格式存成的数字，已丢失末尾几位，未导入该号码；请把该列设为「文本」后重新填写"})
				r.setOverride(h, "")
			} else if v != r.cell(h) {
				r.setOverride(h, v)
			}
		}
	}
	names := splitParties(r.cell(hdrParties))
	if _, ok := r.p.h.index[hdrParties]; ok {
		for n, name := range names {
			if n == 0 && r.cell("当事人1姓名") != "" {
				continue
			}
			if n >= maxLedgerParties {
				break
			}
			r.setOverride(fmt.Sprintf("当事人%d姓名", n+1), name)
		}
	}
	for n := 1; n <= max(r.p.h.parties, min(len(names), maxLedgerParties)); n++ {
		col := func(part string) string { return fmt.Sprintf("当事人%d%s", n, part) }
		filled := false
		for _, part := range partyParts {
			filled = filled || r.cell(col(part)) != ""
		}
		if !filled {
			continue
		}
		role := r.enum("当事人身份", col("身份"))
		if role == "" && r.cell(col("身份")) == "" {
			switch {
			case kind == KindPetition:
				role = "petitioner"
			case n == 1:
				role = "applicant"
			case n == 2:
				role = "respondent"
			default:
				role = "other"
			}
		}
		out = append(out, PartyInput{Name: r.cell(col("姓名")), Role: role, IDNumber: r.cell(col("身份证号")),
			Phone: r.cell(col("电话")), Address: r.cell(col("住址"))})
		r.partyNum = append(r.partyNum, n)
	}
	return out
}

var fieldColumns = map[string]string{
	"title": hdrTitle, "summary": hdrSummary, "category": hdrCategory, "village": hdrVillage,
	"riskLevel": hdrRisk, "registeredAt": hdrRegistered, "dispute": hdrSource, "dispute.source": hdrSource,
	"dispute.referralFrom": hdrReferral, "petition": hdrAssignedBy, "petition.assignedBy": hdrAssignedBy,
	"petition.batch": hdrBatch, "petition.assignedAt": hdrAssignedAt, "petition.dueAt": hdrDueAt,
	"mediators": hdrMediators, "days": hdrExtendDays, "reason": hdrExtendReason, "approver": hdrApprover,
	"agreement.type": hdrAgreementType, "agreement.terms": hdrAgreementTerms, "agreement.performBy": hdrPerformBy,
	"failureReason": hdrFailure, "redirect": hdrRedirect, "followUp.at": hdrFollowUpAt,
	"followUp.satisfaction": hdrSatisfaction, "followUp.note": hdrFollowUpNote, "leadLeader.name": hdrLeader,
	"leadLeader.post": hdrLeaderPost, "plan": hdrPlan, "resolutionType": hdrResolutionType,
}

var partyField = regexp.MustCompile(`^parties\[(\d+)\]\.(\w+)$`)

// column names the ledger column a field error of NewCase or Apply is about.
func (r *ledgerRow) column(field string) string {
	if field == "townshipCode" {
		return r.townCol
	}
	if field == "parties" {
		return "当事人1姓名"
	}
	if m := partyField.FindStringSubmatch(field); m != nil {
		i, _ := strconv.Atoi(m[1])
		part := map[string]string{"name": "姓名", "role": "身份", "idNumber": "身份证号", "phone": "电话", "address": "住址"}[m[2]]
		if i < len(r.partyNum) && part != "" {
			col := fmt.Sprintf("当事人%d%s", r.partyNum[i], part)
			if _, ok := r.p.h.index[col]; !ok && part == "姓名" {
				return hdrParties
			}
			return col
		}
	}
	if strings.HasPrefix(field, "mediators[") {
		return hdrMediators
	}
	return fieldColumns[field]
}

func (r *ledgerRow) setOverride(col, v string) {
	if r.override == nil {
		r.override = map[string]string{}
	}
	r.override[col] = v
}

// fail records what NewCase or Apply refused, per column.
func (r *ledgerRow) fail(err error) {
	var de *Error
	switch {
	case err == ErrOutOfRegion:
		r.bad(r.townCol, "该乡镇（街道）不在您的管辖范围内")
	case errors.As(err, &de) && len(de.Fields) > 0:
		_, titled := r.p.h.index[hdrTitle]
		for _, f := range de.Fields {
			if f.Field == "townshipCode" && r.townBad {
				continue // already said what is wrong with the township cells
			}
			if f.Field == "title" && !titled && len(r.failed) > 0 {
				continue // the title is made from cells already reported wrong
			}
			r.bad(r.column(f.Field), f.Message)
		}
	case errors.As(err, &de):
		r.bad("", de.Message)
	default:
		r.bad("", err.Error())
	}
}

// pendingRow is a data row read from its cells (readRow) whose case is yet to be built (build): building,
// the costly part, runs for many rows at once; reading and reporting keep file order.
type pendingRow struct {
	r     *ledgerRow
	in    NewCaseInput
	steps []ledgerStep
	skip  bool  // refused while reading: nothing to build
	c     *Case // the built case, nil when the row is refused
	err   error // why NewCase or a step refused the row
}

// readRow reads one data row's cells into the input of its case and the steps to its state, recording
// what is wrong with the cells on the row. It is the part of reading that touches the parser's shared
// state (value matches, unknown values, defaults).
func (p *ledgerParser) readRow(num int, cells []string) *pendingRow {
	r := &ledgerRow{p: p, num: num, cells: cells, failed: map[string]bool{}}
	pr := &pendingRow{r: r}
	kind := p.h.kind
	if strings.HasPrefix(r.cell(hdrTitle), ledgerExamplePrefix) {
		r.bad(hdrTitle, "这是导入模板中的示例行，请删除后再导入")
		pr.skip = true
		return pr
	}
	in := NewCaseInput{
		Kind: kind, Title: r.cell(hdrTitle), Summary: r.cell(hdrSummary), Category: r.enum(hdrCategory, hdrCategory),
		TownshipCode: r.township(), Village: r.cell(hdrVillage), RiskLevel: r.enum(hdrRisk, hdrRisk),
		Parties: r.parties(kind), Historical: true,
	}
	if r.cell(hdrCategory) == "" {
		r.bad(hdrCategory, "类别为必填字段")
	}
	if _, hasTitle := p.h.index[hdrTitle]; !hasTitle && in.Title == "" && len(in.Parties) > 0 && in.Category != "" {
		// A ledger without a title column: the title says who and what, as the template's example does.
		names := make([]string, 0, 2)
		for _, pt := range in.Parties[:min(2, len(in.Parties))] {
			names = append(names, pt.Name)
		}
		label := strings.TrimSuffix(LabelOf(Categories, in.Category), "纠纷")
		if kind == KindPetition {
			in.Title = names[0] + "反映" + label + "问题"
		} else {
			in.Title = strings.Join(names, "与") + label + "纠纷"
		}
		if len(in.Parties) > 2 {
			in.Title = strings.Replace(in.Title, names[1], names[1]+"等", 1)
		}
		p.noteDefault(hdrTitle, "台账没有标题列，标题由当事人和类别生成")
	}
	reg := r.date(hdrRegistered, false)
	if _, has := p.h.index[hdrRegistered]; !has && kind == KindPetition {
		reg = r.date(hdrAssignedAt, false) // a backlog case is registered by its 交办
		if reg == nil && r.cell(hdrAssignedAt) == "" {
			r.bad(hdrAssignedAt, "交办日期为必填字段（台账没有登记日期列）")
		}
	} else if reg == nil && r.cell(hdrRegistered) == "" {
		r.bad(hdrRegistered, "登记日期为必填字段")
	}
	in.RegisteredAt = reg
	switch kind {
	case KindDispute:
		in.Dispute = &DisputeInput{Source: r.enum(hdrSource, hdrSource), ReferralFrom: r.enum(hdrReferral, hdrReferral)}
		if office, ok := sourceReferrals[r.cell(hdrSource)]; ok && in.Dispute.Source == "referral" && r.cell(hdrReferral) == "" {
			in.Dispute.ReferralFrom = office // 公安机关移交: the source word names the office
		}
		if r.cell(hdrSource) == "" {
			_, hasColumn := p.h.index[hdrSource]
			switch {
			case p.opts.DefaultSource != "":
				in.Dispute.Source = p.opts.DefaultSource
				p.noteDefault(hdrSource, "未记载来源，按导入时选择的「"+LabelOf(DisputeSources, p.opts.DefaultSource)+"」计")
			case hasColumn:
				r.bad(hdrSource, "来源为必填字段")
			default:
				in.Dispute.Source = "application" // the file as a whole is refused until a default is chosen (fileProblems)
			}
		}
	case KindPetition:
		in.Petition = &PetitionInput{AssignedBy: r.enum(hdrAssignedBy, hdrAssignedBy), Batch: r.cell(hdrBatch),
			AssignedAt: r.date(hdrAssignedAt, false), DueAt: r.date(hdrDueAt, true)}
		if r.cell(hdrAssignedBy) == "" {
			r.bad(hdrAssignedBy, "交办层级为必填字段")
		}
		if a := in.Petition.AssignedAt; a != nil && reg != nil && a.After(*reg) {
			r.bad(hdrAssignedAt, "交办日期不能晚于登记日期")
			in.Petition.AssignedAt = nil
		}
	}
	var steps []ledgerStep
	switch kind {
	case KindDispute:
		steps = r.disputeSteps(reg)
	case KindPetition:
		steps = r.petitionSteps(reg)
	}
	in.RegisteredAt = reg // without a registration date NewCase still checks the other cells
	pr.in, pr.steps = in, steps
	return pr
}

// build makes the row's case through NewCase and the steps' Replay, as the write path would; it reads
// the parser's fixed settings only, so rows build in parallel. Errors wait in pr.err for the row's turn.
func (pr *pendingRow) build(p *ledgerParser) {
	if pr.skip {
		return
	}
	c, err := NewCase(pr.in, p.by, p.regions, p.now)
	if err != nil {
		pr.err = err
		return
	}
	if !pr.r.ok() {
		return
	}
	c.Timeline[0].Note = "历史台账导入"
	for _, s := range pr.steps {
		s.in.Version = c.Version
		at := s.at
		if s.atFn != nil {
			at = s.atFn(c)
		}
		if err := Replay(c, s.in, p.by, p.regions, at, p.now); err != nil {
			pr.err = err
			return
		}
	}
	// Each step copied the timeline into a larger array; the import holds every row's case until it is
	// stored (50,000 at most), so keep just the entries.
	c.Timeline = append(make([]TimelineEntry, 0, len(c.Timeline)), c.Timeline...)
	pr.c = c
}

// finish records the row's build errors and moves its errors to the parser's list, in file order; it
// returns the case, nil when the row is refused.
func (pr *pendingRow) finish() *Case {
	if pr.err != nil {
		pr.r.fail(pr.err)
	}
	pr.r.flush()
	return pr.c
}

// buildRows builds the rows' cases on every core.
func (p *ledgerParser) buildRows(rows []*pendingRow) {
	workers := min(runtime.GOMAXPROCS(0), max(1, len(rows)/64))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < int64(len(rows)); i = next.Add(1) - 1 {
				rows[i].build(p)
			}
		})
	}
	wg.Wait()
}

// ledgerStep is one action on the way to the row's final state, on the day the row gives (atFn: a day
// that depends on the case as it stands, for extensions).
type ledgerStep struct {
	at   time.Time
	atFn func(c *Case) time.Time
	in   ActionInput
}

// extensionDay places an extension shortly before the due date it moves, but not before the last step
// and not after the case concluded (end) or today.
func (r *ledgerRow) extensionDay(end *time.Time) func(c *Case) time.Time {
	return func(c *Case) time.Time {
		last := c.Timeline[len(c.Timeline)-1].At
		at := r.p.now
		if end != nil {
			at = *end
		}
		if c.DueAt != nil {
			if d := c.DueAt.AddDate(0, 0, -1); d.Before(at) {
				at = d
			}
		}
		if at.Before(last) {
			at = last
		}
		return at
	}
}

func (r *ledgerRow) days() int {
	v := r.cell(hdrExtendDays)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(strings.TrimSuffix(v, "天"))
	if err != nil || n < 1 || n > MaxExtensionDays {
		r.bad(hdrExtendDays, fmt.Sprintf("延期天数应为1至%d的整数", MaxExtensionDays))
		return 0
	}
	return n
}

// mediators splits the 调解员 cell (、，, ; or spaces); empty: the importing user.
func (r *ledgerRow) mediators() []string {
	var out []string
	for _, m := range strings.FieldsFunc(r.cell(hdrMediators), func(c rune) bool {
		return strings.ContainsRune("、，,;；/", c) || unicode.IsSpace(c)
	}) {
		out = append(out, m)
	}
	if len(out) == 0 {
		out = []string{r.p.by.Name}
	}
	return out
}

// disputeSteps reads the dispute's lifecycle columns into the actions that reach its 结果.
func (r *ledgerRow) disputeSteps(reg *time.Time) []ledgerStep {
	outcome := r.enum(hdrOutcome, hdrOutcome)
	why := "结果为" + LabelOf(ledgerOutcomes, outcome)
	switch {
	case outcome == "" && r.cell(hdrOutcome) != "":
		return nil // a wrong 结果: what else the row needs is unknown
	case outcome == "":
		outcome, why = "mediating", "结果未填写（调解中）"
	}
	accepted := r.date(hdrAccepted, false)
	concluded := r.date(hdrConcluded, false)
	followUp := r.date(hdrFollowUpAt, false)
	performBy := r.date(hdrPerformBy, true)
	days := r.days()
	satisfaction := r.enum(hdrSatisfaction, hdrSatisfaction)
	r.notBefore(hdrAccepted, accepted, hdrRegistered, reg)
	if accepted == nil {
		accepted = reg
	}
	r.notBefore(hdrConcluded, concluded, hdrAccepted, accepted)
	r.notBefore(hdrFollowUpAt, followUp, hdrConcluded, concluded)

	concludedWith := map[string]bool{string(StatusResolved): true, string(StatusFailed): true}
	if outcome == "registered" {
		for _, h := range []string{hdrAccepted, hdrMediators, hdrExtendDays} {
			r.refuse(h, why)
		}
	}
	if !concludedWith[outcome] {
		for _, h := range []string{hdrConcluded, hdrFollowUpAt, hdrSatisfaction, hdrFollowUpNote} {
			r.refuse(h, why)
		}
	}
	// Historical defaults: what an old ledger did not record stays unrecorded and is marked so.
	agreementUnrecorded := outcome == string(StatusResolved) && r.cell(hdrAgreementType) == ""
	failureUnrecorded := outcome == string(StatusFailed) && r.cell(hdrFailure) == "" && r.cell(hdrRedirect) == ""
	concludedUnrecorded := concludedWith[outcome] && r.cell(hdrConcluded) == ""
	if outcome == string(StatusResolved) {
		if !agreementUnrecorded {
			r.need(hdrAgreementTerms, why)
		}
	} else {
		for _, h := range []string{hdrAgreementType, hdrAgreementTerms, hdrPerformBy} {
			r.refuse(h, why)
		}
	}
	if outcome == string(StatusFailed) && !failureUnrecorded {
		r.need(hdrFailure, why)
		r.need(hdrRedirect, why)
	} else if outcome != string(StatusFailed) {
		for _, h := range []string{hdrFailure, hdrRedirect} {
			r.refuse(h, why)
		}
	}
	if concludedUnrecorded {
		concluded = accepted
		if followUp != nil && accepted != nil && followUp.Before(*accepted) {
			concluded = followUp
		}
	}
	if r.cell(hdrExtendDays) != "" {
		r.need(hdrExtendReason, "填写延期天数")
	} else {
		r.refuse(hdrExtendReason, "未填写延期天数")
	}
	if r.cell(hdrFollowUpAt) != "" {
		if concludedWith[outcome] {
			r.need(hdrSatisfaction, "填写回访日期")
		}
	} else {
		r.refuse(hdrSatisfaction, "未填写回访日期")
		r.refuse(hdrFollowUpNote, "未填写回访日期")
	}
	if outcome == "registered" || accepted == nil {
		return nil
	}

	steps := []ledgerStep{
		{at: *accepted, in: ActionInput{Action: "accept"}},
		{at: *accepted, in: ActionInput{Action: "start", Mediators: r.mediators()}},
	}
	if days > 0 {
		steps = append(steps, ledgerStep{atFn: r.extensionDay(concluded),
			in: ActionInput{Action: "extend", Days: days, Reason: r.cell(hdrExtendReason)}})
	}
	if concluded == nil {
		return steps
	}
	note := ""
	if concludedUnrecorded {
		note = "台账未记载办结日期，按登记（受理）日期计"
		r.p.noteDefault(hdrConcluded, "未记载办结日期，按登记（受理）日期计入")
	}
	switch outcome {
	case string(StatusResolved):
		a := &AgreementInput{Type: r.enum(hdrAgreementType, hdrAgreementType), Terms: r.cell(hdrAgreementTerms), PerformBy: performBy}
		if agreementUnrecorded {
			if a.Terms == "" {
				a.Terms = UnrecordedNote
			}
			r.p.noteDefault(hdrAgreementType, "调解成功未记载协议类型和内容，标为「"+UnrecordedNote+"」")
		}
		steps = append(steps, ledgerStep{at: *concluded, in: ActionInput{Action: "resolve", Agreement: a, Note: note,
			Unrecorded: agreementUnrecorded}})
	case string(StatusFailed):
		if failureUnrecorded {
			r.p.noteDefault(hdrFailure, "调解不成未记载原因和告知途径，标为「"+UnrecordedNote+"」")
		}
		steps = append(steps, ledgerStep{at: *concluded, in: ActionInput{Action: "fail", Note: note, Unrecorded: failureUnrecorded,
			FailureReason: r.enum(hdrFailure, hdrFailure), Redirect: r.enum(hdrRedirect, hdrRedirect)}})
	}
	switch {
	case followUp != nil:
		steps = append(steps, ledgerStep{at: *followUp, in: ActionInput{Action: "close", FollowUp: &FollowUpInput{
			At: *followUp, Satisfaction: satisfaction, Note: r.cell(hdrFollowUpNote)}}})
	case r.p.opts.CloseConcluded:
		r.p.noteDefault("结案", "已办结的历史案件按导入时的选择直接结案（未记载回访，不计入回访）")
		steps = append(steps, ledgerStep{at: *concluded, in: ActionInput{Action: "close", Unrecorded: true,
			Note: "台账导入的历史案件，按导入时的选择结案"}})
	}
	return steps
}

// petitionSteps reads a petition's lifecycle columns: its state follows from what is filled — a lead
// leader puts it in 化解中, a resolution type makes it 已化解, a clearance date 已销号.
func (r *ledgerRow) petitionSteps(reg *time.Time) []ledgerStep {
	accepted := r.date(hdrAccepted, false)
	resolved := r.date(hdrResolvedAt, false)
	cleared := r.date(hdrClearedAt, false)
	days := r.days()
	resolution := r.enum(hdrResolutionType, hdrResolutionType)
	r.notBefore(hdrAccepted, accepted, hdrRegistered, reg)
	if accepted == nil {
		accepted = reg
	}
	r.notBefore(hdrResolvedAt, resolved, hdrAccepted, accepted)
	r.notBefore(hdrClearedAt, cleared, hdrResolvedAt, resolved)

	if v := r.cell(hdrLeader); v != "" && r.cell(hdrLeaderPost) == "" {
		if m := leaderPost.FindStringSubmatch(v); m != nil { // 王五（副区长）
			r.setOverride(hdrLeader, strings.TrimSpace(m[1]))
			r.setOverride(hdrLeaderPost, strings.TrimSpace(m[2]))
		}
	}
	hasLeader := r.cell(hdrLeader) != "" || r.cell(hdrLeaderPost) != ""
	hasResolution := r.cell(hdrResolutionType) != "" || r.cell(hdrResolvedAt) != ""
	if r.cell(hdrClearedAt) != "" {
		r.need(hdrResolutionType, "填写销号日期")
		r.need(hdrResolvedAt, "填写销号日期")
		hasResolution = true
	}
	if hasResolution {
		r.need(hdrResolutionType, "填写化解日期")
		r.need(hdrResolvedAt, "填写化解方式")
		r.need(hdrLeader, "填写化解方式")
		r.need(hdrLeaderPost, "填写化解方式")
	}
	if hasLeader {
		r.need(hdrLeader, "填写领导职务")
		r.need(hdrLeaderPost, "填写包案领导")
	} else {
		r.refuse(hdrPlan, "未填写包案领导")
	}
	if r.cell(hdrExtendDays) != "" {
		r.need(hdrExtendReason, "填写延期天数")
	} else {
		r.refuse(hdrApprover, "未填写延期天数")
		r.refuse(hdrExtendReason, "未填写延期天数")
	}
	if accepted == nil {
		return nil
	}
	steps := []ledgerStep{{at: *accepted, in: ActionInput{Action: "accept"}}}
	if hasLeader {
		steps = append(steps, ledgerStep{at: *accepted, in: ActionInput{Action: "assign",
			LeadLeader: &LeadLeaderInput{Name: r.cell(hdrLeader), Post: r.cell(hdrLeaderPost)}, Plan: r.cell(hdrPlan)}})
	}
	if days > 0 {
		steps = append(steps, ledgerStep{atFn: r.extensionDay(resolved), in: ActionInput{Action: "extend",
			Days: days, Approver: r.cell(hdrApprover), Reason: r.cell(hdrExtendReason)}})
	}
	if resolved != nil {
		steps = append(steps, ledgerStep{at: *resolved, in: ActionInput{Action: "resolve", ResolutionType: resolution}})
		if cleared != nil { // the ledger records the clearance: the application and its approval that day
			steps = append(steps, ledgerStep{at: *cleared, in: ActionInput{Action: "apply_clear"}},
				ledgerStep{at: *cleared, in: ActionInput{Action: "clear"}})
		}
	}
	return steps
}
