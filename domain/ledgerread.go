package domain

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// Reading the ledgers offices really keep (issue 19): a title row and a 填报单位 row above the header,
// headers merged over two rows, their own column names and value words, 序号 and 备注 columns, 合计 rows,
// one sheet per month or year. ParseLedgerBook finds the header of every sheet, maps each column to a
// template column (aliases, or the mapping the uploader confirmed), reads each row through the same rules
// as the template (NewCase, Replay) and reports what it did: sheets read and skipped, columns used and not,
// values mapped and unknown, rows skipped and refused, duplicates, and what the import will make of the
// rest, per township and status.

// LedgerSheet is one sheet of an uploaded ledger: its name and its rows of cells (row i is the sheet's row
// i+1).
type LedgerSheet struct {
	Name string
	Rows [][]string
}

// LedgerOptions are what the uploader confirms or chooses for a ledger (saved per office with the mapping).
type LedgerOptions struct {
	// Columns maps a column's header as the file has it to a template column; "" marks it not used.
	Columns map[string]string `json:"columns,omitempty"`
	// Values maps, per template column, a word of the file to a code (a township column: to a township code).
	Values map[string]map[string]string `json:"values,omitempty"`
	// DefaultTownship is the township of rows without one (a township's own ledger has no township column).
	DefaultTownship string `json:"defaultTownship,omitempty"`
	// DefaultSource is the 来源 of disputes whose ledger does not record it.
	DefaultSource string `json:"defaultSource,omitempty"`
	// CloseConcluded imports concluded history as 已结案 (closed without a recorded visit) instead of awaiting
	// one (待回访).
	CloseConcluded bool `json:"closeConcluded,omitempty"`
	// KeepDuplicates imports rows that repeat a stored case or an earlier row.
	KeepDuplicates bool `json:"keepDuplicates,omitempty"`
	// SkipRefused imports the good rows of a file with refused rows (else nothing is imported).
	SkipRefused bool `json:"skipRefused,omitempty"`
}

// LedgerReport is what an import did or would do with a ledger (the preview).
type LedgerReport struct {
	Kind       Kind                `json:"kind"`
	Signature  string              `json:"signature"` // the header's signature: a saved mapping is kept under it
	Sheets     []LedgerSheetReport `json:"sheets"`
	Columns    []LedgerColumnMatch `json:"columns"`
	Unused     []string            `json:"unused"` // headers of columns not used
	Values     []LedgerValueMatch  `json:"values"` // value words read as an enumeration value
	Unknown    []LedgerUnknown     `json:"unknown"`
	Defaults   []LedgerDefault     `json:"defaults"` // what the ledger did not record and the import filled in or marked
	Skipped    []LedgerRowNote     `json:"skipped"`
	Warnings   []LedgerRowNote     `json:"warnings"`
	Duplicates []LedgerDuplicate   `json:"duplicates"`
	// Problems are what the file lacks as a whole (a column no default stands in for): no row imports.
	Problems   []FieldError      `json:"problems"`
	Errors     []RowError        `json:"errors"` // the first maxLedgerErrors broken cells
	ErrorCount int               `json:"errorCount"`
	Rows       int               `json:"rows"`    // data rows read (skipped rows not counted)
	Valid      int               `json:"valid"`   // rows that passed the checks
	Refused    int               `json:"refused"` // rows with a broken cell
	Importing  int               `json:"importing"`
	ByStatus   []LedgerCount     `json:"byStatus"`
	ByTownship []LedgerTownCount `json:"byTownship"`
	Summary    string            `json:"summary"` // 5,000 件中 4,200 件将进入待回访…
	// Targets are the template columns a column of this kind of ledger may be mapped to, in template order.
	Targets []string `json:"targets"`
	// MappingSaved: the column mapping came from the office's saved mapping for this header.
	MappingSaved bool          `json:"mappingSaved"`
	Options      LedgerOptions `json:"options"` // the options applied (the saved ones merged in)
}

// LedgerSheetReport says whether a sheet was read: its header row(s) and data rows, or why not.
type LedgerSheetReport struct {
	Name      string `json:"name"`
	Read      bool   `json:"read"`
	HeaderRow int    `json:"headerRow,omitempty"` // the (last) header row
	Rows      int    `json:"rows"`
	Year      int    `json:"year,omitempty"` // the year of dates written without one
	YearFrom  string `json:"yearFrom,omitempty"`
	Why       string `json:"why,omitempty"`
}

// LedgerColumnMatch is one column of the file and the template column it is read as.
type LedgerColumnMatch struct {
	Source string `json:"source"`           // the header as the file has it (two-row headers joined)
	Target string `json:"target"`           // the template column, "" = not used
	By     string `json:"by"`               // template | alias | saved | chosen | unused
	Note   string `json:"note,omitempty"`   // e.g. split into name and post
	Column string `json:"column,omitempty"` // the column letter in the first sheet read
}

// LedgerValueMatch is a value word read as an enumeration value.
type LedgerValueMatch struct {
	Column string `json:"column"`
	Value  string `json:"value"`
	Code   string `json:"code"`
	Label  string `json:"label"`
	By     string `json:"by"` // alias | saved | chosen
	Count  int    `json:"count"`
}

// LedgerUnknown is a value no rule reads, listed once with the rows that have it and the values it may be
// mapped to.
type LedgerUnknown struct {
	Column  string   `json:"column"`
	Value   string   `json:"value"`
	Count   int      `json:"count"`
	Rows    []string `json:"rows"` // the first rows: "2024年 第5行"
	Choices []Option `json:"choices"`
}

// LedgerDefault is what the ledger did not record, how many rows, and what the import did about it.
type LedgerDefault struct {
	Field string `json:"field"`
	What  string `json:"what"`
	Count int    `json:"count"`
}

// LedgerRowNote is a row skipped or flagged, and why.
type LedgerRowNote struct {
	Sheet  string `json:"sheet,omitempty"`
	Row    int    `json:"row"`
	Column string `json:"column,omitempty"`
	Why    string `json:"why"`
}

// LedgerDuplicate is a row that repeats a stored case (CaseID) or an earlier row (Of).
type LedgerDuplicate struct {
	Sheet  string `json:"sheet,omitempty"`
	Row    int    `json:"row"`
	Title  string `json:"title"`
	CaseID string `json:"caseId,omitempty"`
	Of     string `json:"of,omitempty"`
}

// LedgerCount is a number of cases by status.
type LedgerCount struct {
	Status Status `json:"status"`
	Label  string `json:"label"`
	Count  int    `json:"count"`
}

// LedgerTownCount is what the import makes of one township's rows.
type LedgerTownCount struct {
	Code     string        `json:"code"`
	Name     string        `json:"name"`
	Total    int           `json:"total"`
	ByStatus []LedgerCount `json:"byStatus"`
}

// LedgerRefusal is a refused row, for the file of refused rows: its sheet, row and what is wrong.
type LedgerRefusal struct {
	Sheet    int // position in the sheets given
	Row      int // the sheet's row number
	Messages []string
}

// LedgerResult is a parsed ledger: the cases to import, the report, the refused rows and each read sheet's
// header rows (for the file of refused rows).
type LedgerResult struct {
	Kind    Kind
	Cases   []*Case
	Report  LedgerReport
	Refused []LedgerRefusal
	Headers map[int][]int // sheet position → its header row numbers
}

// DuplicateLookup answers which of the keys (LedgerDupKey) stored cases have: key → case ID.
type DuplicateLookup func(keys map[string]bool) map[string]string

// LedgerDupKey is what makes two cases the same for an import: township, registration day, party names
// (in any order) and title.
func LedgerDupKey(township string, registered time.Time, title string, parties []string) string {
	names := make([]string, len(parties))
	for i, p := range parties {
		names[i] = dupFold(p)
	}
	sort.Strings(names)
	return township + "|" + registered.In(Shanghai).Format("2006-01-02") + "|" + strings.Join(names, "、") + "|" + dupFold(title)
}

func dupFold(s string) string {
	return strings.ToLower(strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || invisible(r) {
			return -1
		}
		return r
	}, fullWidthToASCII(s)))
}

// fullWidthToASCII turns full-width digits, letters and punctuation (０-９, ．, ／, －) into ASCII.
func fullWidthToASCII(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= 0xFF01 && r <= 0xFF5E || r == 0x3000 }) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		case r == 0x3000:
			return ' '
		}
		return r
	}, s)
}

// headerAliases maps the column names offices use (normalized) to template columns, in order of
// preference: the first the ledger's kind has and no other column took.
var headerAliases = map[string][]string{}

func init() {
	add := func(targets []string, names ...string) {
		for _, n := range names {
			headerAliases[normalizeHeader(n)] = targets
		}
	}
	one := func(target string, names ...string) { add([]string{target}, names...) }
	one(hdrRegistered, "登记时间", "排查日期", "排查时间", "收案日期", "收案时间", "接待日期", "接待时间", "登记日期（受理日期）",
		"信访日期", "来访日期", "来访时间", "受案时间", "受案日期", "发现时间", "发现日期", "纠纷发生时间", "发生时间", "日期", "时间", "排查登记时间")
	add([]string{hdrRegistered, hdrAccepted}, "受理时间")
	one(hdrAccepted, "受理日期", "立案日期", "立案时间", "签收日期", "签收时间")
	one(hdrOutcome, "化解情况", "调处结果", "是否化解", "调解结果", "处理结果", "办理结果", "化解结果", "办理情况", "调处情况",
		"状态", "办理状态", "化解状态", "是否调解成功", "调解情况", "处置结果", "办结情况")
	one(hdrSummary, "纠纷概况", "反映问题", "矛盾纠纷简要情况", "简要情况", "纠纷简要情况", "基本情况", "主要诉求", "信访事项",
		"反映事项", "诉求", "案情", "纠纷内容", "纠纷情况", "主要问题", "事项", "基本案情", "纠纷简况", "矛盾纠纷基本情况",
		"问题概述", "信访诉求", "主要内容", "反映的主要问题", "纠纷摘要", "案情简介", "纠纷简要事实", "矛盾纠纷主要内容", "矛盾事项")
	one(hdrTitle, "纠纷名称", "案件名称", "事项名称", "案由", "纠纷事由", "名称", "案件标题", "矛盾纠纷名称", "纠纷标题")
	one(hdrCategory, "纠纷类型", "纠纷类别", "类型", "矛盾纠纷类型", "案件类别", "问题类别", "信访类别", "事项类别", "纠纷种类",
		"矛盾纠纷类别", "案件类型", "问题类型", "信访事项类别", "类别")
	one(hdrTownshipName, "镇（街道）", "所属镇", "单位", "乡镇", "镇街", "乡镇（街道）", "所属乡镇", "所属镇（街道）", "镇办",
		"乡镇（街道）名称", "镇（街道）名称", "所属乡镇（街道）", "责任单位", "属地", "镇名", "乡镇街道", "所在镇（街道）", "排查区域/单位", "排查单位", "承办单位")
	one(hdrTownshipCode, "乡镇代码", "区划代码", "乡镇（街道）代码")
	one(hdrCountyName, "县区", "区县", "县（区）", "县（市、区）", "所属县区", "县（市区）", "所属区县", "县市区")
	one(hdrVillage, "村", "社区", "村（社区）", "所属村", "村社区", "村组", "村（居）", "所在村（社区）", "村（社区）名称", "发生地")
	one(hdrRisk, "风险", "风险等级", "风险级别", "预警等级", "风险评估等级")
	one(hdrSource, "纠纷来源", "案件来源", "来源方式", "线索来源", "来源")
	one(hdrReferral, "委托单位", "移送部门", "委派单位", "移送单位")
	one(hdrMediators, "调解人员", "调解人", "主持人", "承办人", "经办人", "化解责任人", "责任人", "调解员", "主持调解人", "排查人员", "人民调解员")
	add([]string{hdrResolvedAt, hdrConcluded}, "化解日期", "化解时间", "化解完成时间")
	one(hdrConcluded, "调结日期", "结案日期", "结案时间", "办结时间", "调处时间", "完成时间", "调解日期", "调结时间", "调解成功日期")
	one(hdrAgreementType, "协议形式", "调解协议类型", "协议类型")
	one(hdrAgreementTerms, "协议", "调解协议", "调解协议内容", "协议主要内容", "协议内容")
	one(hdrPerformBy, "履行日期", "协议履行期限")
	one(hdrFailure, "未化解原因", "终止原因", "调解不成功原因", "调解不成原因", "终止调解原因")
	one(hdrRedirect, "引导途径", "后续处理", "告知途径", "引导当事人途径")
	one(hdrFollowUpAt, "回访时间", "回访日期")
	one(hdrSatisfaction, "回访满意度", "当事人满意度", "是否满意", "满意度")
	one(hdrFollowUpNote, "回访内容", "回访记录", "回访结果", "回访情况")
	one(hdrAssignedBy, "交办单位", "交办级别", "交办机关", "来源层级", "交办部门", "交办层级")
	one(hdrBatch, "交办批次", "批次")
	one(hdrAssignedAt, "交办时间", "交办日期")
	one(hdrDueAt, "化解期限", "期限", "要求办结时间", "办结时限", "办结期限")
	one(hdrLeader, "包抓领导", "包案领导（职务）", "包案领导及职务", "责任领导", "包案领导姓名", "包案领导")
	one(hdrLeaderPost, "包案领导职务", "领导职务")
	one(hdrPlan, "一案一策", "化解措施", "工作措施", "化解方案")
	one(hdrResolutionType, "化解类型", "化解方式")
	one(hdrClearedAt, "销号时间", "销号日期")
	one(hdrExtendDays, "延期天数")
	one(hdrExtendReason, "延期原因")
	one(hdrApprover, "延期批准人")
	one(hdrParties, "当事人", "当事人姓名", "双方当事人", "纠纷当事人", "当事人双方", "涉及当事人", "当事人（双方）", "纠纷双方")
}

// hdrParties is a single column holding every party's name ("张三、李四", "张三与李四").
const hdrParties = "当事人"

// ignoredHeaders are columns every ledger has that the import does not use.
var ignoredHeaders = map[string]bool{"序号": true, "编号": true, "备注": true, "说明": true, "序": true, "No.": true, "NO": true}

// partyAlias reads party columns named by role: 申请人, 被申请人姓名, 信访人身份证号, 当事人2电话.
var partyAlias = regexp.MustCompile(`^(申请人|申请方|甲方|被申请人|被申请方|乙方|信访人|上访人|反映人|当事人(\d+))(姓名|身份证号码|身份证号|公民身份号码|联系电话|电话|联系方式|手机号码|住址|家庭住址|地址)?$`)

var partyPartAlias = map[string]string{"": "姓名", "姓名": "姓名", "身份证号码": "身份证号", "身份证号": "身份证号",
	"公民身份号码": "身份证号", "联系电话": "电话", "电话": "电话", "联系方式": "电话", "手机号码": "电话", "住址": "住址",
	"家庭住址": "住址", "地址": "住址"}

// singlePartyParts are the party columns a ledger with one party's details has: 身份证号, 联系电话, 住址.
var singlePartyParts = map[string]string{"身份证号": "身份证号", "身份证号码": "身份证号", "公民身份号码": "身份证号",
	"联系电话": "电话", "电话": "电话", "联系方式": "电话", "手机号码": "电话", "手机": "电话", "住址": "住址", "家庭住址": "住址", "地址": "住址"}

// headerTargets are the template columns a ledger of kind may have (parties apart).
func headerTargets(kind Kind) map[string]bool {
	out := map[string]bool{hdrParties: true}
	for _, c := range LedgerColumns(kind, nil, "") {
		if !partyHeader.MatchString(c.Header) {
			out[c.Header] = true
		}
	}
	return out
}

var petitionOnly = map[string]bool{hdrAssignedBy: true, hdrBatch: true, hdrAssignedAt: true, hdrDueAt: true, hdrLeader: true,
	hdrLeaderPost: true, hdrPlan: true, hdrResolutionType: true, hdrClearedAt: true, hdrApprover: true}

// resolveHeader finds the template column a header names for kind, among those not taken: exact, then an
// alias; "" when none.
func resolveHeader(name string, kind Kind, taken map[string]bool) (target, by string) {
	if name == "" {
		return "", ""
	}
	targets := headerTargets(kind)
	if targets[name] && !taken[name] && name != hdrParties {
		return name, "template"
	}
	if partyHeader.MatchString(name) && !taken[name] {
		return name, "template"
	}
	for _, t := range headerAliases[name] {
		if targets[t] && !taken[t] {
			return t, "alias"
		}
	}
	if m := partyAlias.FindStringSubmatch(name); m != nil {
		n := 1
		switch {
		case m[2] != "":
			n, _ = strconv.Atoi(m[2])
		case strings.HasPrefix(m[1], "被") || m[1] == "乙方":
			n = 2
		}
		t := fmt.Sprintf("当事人%d%s", n, partyPartAlias[m[3]])
		if !taken[t] && n >= 1 && n <= maxLedgerParties {
			return t, "alias"
		}
	}
	if part, ok := singlePartyParts[name]; ok {
		if t := "当事人1" + part; !taken[t] {
			return t, "alias"
		}
	}
	return "", ""
}

// headerKindScore tells a ledger's kind and how much of a header row it recognises.
func headerScore(row []string) (score int, kind Kind) {
	kind = KindDispute
	petition := 0
	for _, cell := range row {
		name := normalizeHeader(cell)
		if name == "" {
			continue
		}
		if ignoredHeaders[name] {
			score++
			continue
		}
		t, _ := resolveHeader(name, KindPetition, nil)
		if t == "" {
			t, _ = resolveHeader(name, KindDispute, nil)
		}
		if t != "" {
			score += 2
			if petitionOnly[t] || strings.HasPrefix(name, "信访人") {
				petition++
			}
		}
		if utf8.RuneCountInString(name) > 30 { // a sentence, not a header
			score -= 2
		}
	}
	if petition > 0 {
		kind = KindPetition
	}
	return score, kind
}

// headerScanRows is how far down a sheet its header is looked for.
const headerScanRows = 20

// minHeaderScore: at least three recognised columns make a ledger header.
const minHeaderScore = 6

// joinHeaders joins a two-row header: a cell merged across columns in the top row carries over the cells
// below it; a cell merged down stands alone; otherwise the top and bottom are joined when that names a
// column, else the bottom is the name.
func joinHeaders(top, bottom []string) []string {
	n := max(len(top), len(bottom))
	out := make([]string, n)
	carry := ""
	for j := range n {
		t, b := "", ""
		if j < len(top) {
			t = normalizeHeader(top[j])
		}
		if j < len(bottom) {
			b = normalizeHeader(bottom[j])
		}
		switch {
		case t != "":
			carry = t
		case b == "":
			carry = ""
		default:
			t = carry
		}
		switch {
		case b == "":
			out[j] = t
		case t == "":
			out[j] = b
		default:
			joined := t + b
			if tg, _ := resolveHeader(joined, KindPetition, nil); tg != "" {
				out[j] = joined
			} else if tg, _ := resolveHeader(joined, KindDispute, nil); tg != "" {
				out[j] = joined
			} else {
				out[j] = b
			}
		}
	}
	return out
}

// findHeader finds a sheet's header within its first rows: the row (or two rows joined) that names the
// most ledger columns. It returns the header cells, its first and last row positions, and false when no
// row looks like a ledger's header.
func findHeader(rows [][]string) (cells []string, first, last int, ok bool) {
	best, bestScore := -1, 0
	for i := 0; i < len(rows) && i < headerScanRows; i++ {
		if s, _ := headerScore(rows[i]); s > bestScore {
			best, bestScore = i, s
		}
	}
	if best < 0 || bestScore < minHeaderScore {
		return nil, 0, 0, false
	}
	cells, first, last = normalizeRow(rows[best]), best, best
	score := bestScore
	if best > 0 && !blankRow(rows[best-1]) {
		j := joinHeaders(rows[best-1], rows[best])
		if s, _ := headerScore(j); s > score {
			cells, first, score = j, best-1, s
		}
	}
	if best+1 < len(rows) && !blankRow(rows[best+1]) && first == best {
		j := joinHeaders(rows[best], rows[best+1])
		if s, _ := headerScore(j); s > score {
			cells, last = j, best+1
		}
	}
	return cells, first, last, true
}

func normalizeRow(row []string) []string {
	out := make([]string, len(row))
	for i, c := range row {
		out[i] = normalizeHeader(c)
	}
	return out
}

var yearIn = regexp.MustCompile(`((?:19|20)\d{2})\s*年`)
var bareYear = regexp.MustCompile(`(?:^|\D)((?:19|20)\d{2})(?:\D|$)`)

// sheetYear is the year of dates written without one: from the title rows above the header, else the
// sheet's name, else the upload.
func sheetYear(name string, above [][]string, now time.Time) (int, string) {
	for _, row := range above {
		for _, c := range row {
			if m := yearIn.FindStringSubmatch(fullWidthToASCII(c)); m != nil {
				y, _ := strconv.Atoi(m[1])
				return y, "标题"
			}
		}
	}
	if m := bareYear.FindStringSubmatch(fullWidthToASCII(name)); m != nil {
		y, _ := strconv.Atoi(m[1])
		return y, "工作表名"
	}
	return now.In(Shanghai).Year(), "导入日期"
}

// skipWhy says why a data row is not a case: a total, a signature or notes line, a row holding only its
// 序号, a repeated header; "" for a case row.
func skipWhy(row []string, header []string, serialCols map[int]bool) string {
	var first string
	filled, onlySerial := 0, true
	for i, c := range row {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		filled++
		if first == "" {
			first = c
		}
		if !serialCols[i] && !(filled == 1 && len(c) <= 5 && isDigits(strings.TrimSuffix(fullWidthToASCII(c), ".0"))) {
			onlySerial = false
		}
		n := normalizeHeader(c)
		for _, w := range []string{"合计", "小计", "总计", "累计", "共计"} {
			if strings.HasPrefix(n, w) {
				return w + "行"
			}
		}
	}
	if filled == 0 {
		return ""
	}
	n := normalizeHeader(first)
	for _, w := range []string{"填报人", "填表人", "制表人", "审核人", "负责人", "单位负责人", "分管领导", "主要领导", "签字", "签名",
		"盖章", "填报日期", "填表日期", "统计人", "联系人", "报送单位", "填报单位"} {
		if strings.HasPrefix(n, w) {
			return "签字行（" + w + "）"
		}
	}
	for _, w := range []string{"注：", "注:", "说明：", "说明:", "备注："} {
		if strings.HasPrefix(n, w) {
			return "说明行"
		}
	}
	if onlySerial {
		return "只有序号的空行"
	}
	same := 0
	for i, c := range row {
		if i < len(header) && header[i] != "" && normalizeHeader(c) == header[i] {
			same++
		}
	}
	if same >= 3 {
		return "重复的表头"
	}
	return ""
}

// ParseLedgerBook reads every sheet of an uploaded ledger (see the top of this file). It fails as a whole
// only when no sheet has a ledger header (ErrNoLedgerHeader, naming each sheet and what it recognised), or
// when the uploader's role may not register the ledger's kind; otherwise each row is a case, refused (its
// cells named in Report.Errors), skipped or a duplicate, and the report says which.
func ParseLedgerBook(sheets []LedgerSheet, by *User, regions *RegionTree, now time.Time, opts LedgerOptions, stored DuplicateLookup) (*LedgerResult, error) {
	res := &LedgerResult{Headers: map[int][]int{}}
	p := &ledgerParser{by: by, regions: regions, now: now, towns: newTownFinder(regions), opts: opts,
		values: map[[2]string]*LedgerValueMatch{}, unknown: map[[2]string]*LedgerUnknown{}, defaults: map[string]*LedgerDefault{}}
	rep := &p.report
	defer func() { res.Report = p.report }()
	p.byCounty = regions.CountyOf(by.RegionCode)
	if r, ok := regions.Get(by.RegionCode); ok && r.Level == LevelTownship && opts.DefaultTownship == "" {
		p.ownTownship = r.Code
	}
	var headerProblems []FieldError
	type readSheet struct {
		pos    int
		report int // position in rep.Sheets
		h      *ledgerHeader
		first  int
		year   int
		header []string
	}
	var toRead []readSheet
	columnSeen := map[string]bool{}
	total := 0
	for pos, sh := range sheets {
		sr := LedgerSheetReport{Name: sh.Name}
		cells, first, last, ok := findHeader(sh.Rows)
		if !ok {
			sr.Why = "没有找到台账表头"
			if len(sh.Rows) == 0 {
				sr.Why = "空工作表"
			}
			headerProblems = append(headerProblems, FieldError{Field: "工作表「" + sh.Name + "」", Message: sr.Why + nearMatches(sh.Rows)})
			rep.Sheets = append(rep.Sheets, sr)
			continue
		}
		_, kind := headerScore(cells)
		if rep.Kind == "" {
			rep.Kind = kind
		} else if kind != rep.Kind {
			sr.Why = fmt.Sprintf("这是%s台账，与第一个工作表（%s台账）不同，请分开导入", LabelOf(Kinds, string(kind)), LabelOf(Kinds, string(rep.Kind)))
			rep.Sheets = append(rep.Sheets, sr)
			continue
		}
		h := p.mapHeader(cells, rep.Kind, columnSeen)
		sr.Read, sr.HeaderRow = true, last+1
		sr.Year, sr.YearFrom = sheetYear(sh.Name, sh.Rows[:first], now)
		for r := first; r <= last; r++ {
			res.Headers[pos] = append(res.Headers[pos], r+1)
		}
		for _, row := range sh.Rows[last+1:] {
			if !blankRow(row) {
				sr.Rows++
			}
		}
		total += sr.Rows
		rep.Sheets = append(rep.Sheets, sr)
		toRead = append(toRead, readSheet{pos: pos, report: len(rep.Sheets) - 1, h: h, first: last + 1, year: sr.Year, header: cells})
	}
	if len(toRead) == 0 {
		empty := true
		for _, sh := range sheets {
			for _, row := range sh.Rows {
				empty = empty && blankRow(row)
			}
		}
		if empty {
			return nil, ErrBadRequest.WithMessage("文件中没有内容")
		}
		return nil, ErrNoLedgerHeader.withFields(headerProblems)
	}
	res.Kind = rep.Kind
	if !CanRegister(by.Role, rep.Kind) {
		return res, ErrForbidden.WithMessage("您的角色不能导入" + LabelOf(Kinds, string(rep.Kind)) + "台账")
	}
	if total == 0 {
		return res, Invalid(FieldError{Field: "文件", Message: "文件中没有数据行：请在表头下每行填写一件案件"})
	}
	if total > MaxLedgerRows {
		return res, Invalid(FieldError{Field: "文件", Message: fmt.Sprintf("一次最多导入%d行，本文件有%d行，请分批导入", MaxLedgerRows, total)})
	}
	rep.Signature = p.signature
	rep.Options = opts
	fileProblems := p.fileProblems(toRead[0].h)
	rep.Problems = fileProblems

	type keyed struct {
		c     *Case
		key   string
		sheet string
		row   int
		town  string
	}
	var good []keyed
	firstOf := map[string]string{}
	for _, rs := range toRead {
		sh := sheets[rs.pos]
		p.h = rs.h
		p.sheet, p.year = sh.Name, rs.year
		serialCols := rs.h.serialCols
		// Rows are read in order, their cases built a chunk at a time on every core, then reported in order.
		var chunk []*pendingRow
		report := func() {
			p.buildRows(chunk)
			for _, pr := range chunk {
				num := pr.r.num
				c := pr.finish()
				if len(fileProblems) > 0 {
					c = nil
				}
				if c == nil {
					rep.Refused++
					if len(fileProblems) == 0 || len(pr.r.errs) > 0 {
						res.Refused = append(res.Refused, LedgerRefusal{Sheet: rs.pos, Row: num, Messages: pr.r.messages()})
					}
					continue
				}
				rep.Valid++
				names := make([]string, len(c.Parties))
				for k, pt := range c.Parties {
					names[k] = pt.Name
				}
				key := LedgerDupKey(c.TownshipCode, c.RegisteredAt, c.Title, names)
				where := sheetRow(sh.Name, num)
				if of, dup := firstOf[key]; dup && !opts.KeepDuplicates {
					rep.Duplicates = append(rep.Duplicates, LedgerDuplicate{Sheet: sh.Name, Row: num, Title: c.Title, Of: of})
					continue
				}
				firstOf[key] = where
				good = append(good, keyed{c: c, key: key, sheet: sh.Name, row: num, town: c.TownshipCode})
			}
			clear(chunk) // the built cases live on in good; the rows' cells and inputs can go
			chunk = chunk[:0]
		}
		for i, row := range sh.Rows[rs.first:] {
			num := rs.first + i + 1
			if blankRow(row) {
				continue
			}
			if why := skipWhy(row, rs.header, serialCols); why != "" {
				rep.Skipped = append(rep.Skipped, LedgerRowNote{Sheet: sh.Name, Row: num, Why: why})
				rep.Sheets[rs.report].Rows-- // a sheet's rows are its case rows
				continue
			}
			rep.Rows++
			chunk = append(chunk, p.readRow(num, row))
			if len(chunk) == ledgerBuildChunk {
				report()
			}
		}
		report()
	}
	if stored != nil && len(good) > 0 {
		keys := make(map[string]bool, len(good))
		for _, g := range good {
			keys[g.key] = true
		}
		if found := stored(keys); len(found) > 0 {
			kept := good[:0]
			for _, g := range good {
				if id, dup := found[g.key]; dup {
					rep.Duplicates = append(rep.Duplicates, LedgerDuplicate{Sheet: g.sheet, Row: g.row, Title: g.c.Title, CaseID: id})
					if !opts.KeepDuplicates {
						continue
					}
				}
				kept = append(kept, g)
			}
			good = kept
		}
	}
	for _, g := range good {
		res.Cases = append(res.Cases, g.c)
	}
	p.finish(rep, res.Cases)
	return res, nil
}

func sheetRow(sheet string, row int) string {
	if sheet == "" {
		return fmt.Sprintf("第%d行", row)
	}
	return fmt.Sprintf("%s 第%d行", sheet, row)
}

// nearMatches names what a sheet without a ledger header recognised, to say how close it came.
func nearMatches(rows [][]string) string {
	best, bestScore := -1, 0
	for i := 0; i < len(rows) && i < headerScanRows; i++ {
		if s, _ := headerScore(rows[i]); s > bestScore {
			best, bestScore = i, s
		}
	}
	if best < 0 {
		return "：前" + strconv.Itoa(headerScanRows) + "行中没有可识别的列名（如 登记日期、当事人、纠纷类型、化解情况）"
	}
	var found []string
	for _, c := range rows[best] {
		n := normalizeHeader(c)
		if t, _ := resolveHeader(n, KindDispute, nil); t != "" {
			found = append(found, n)
		} else if t, _ := resolveHeader(n, KindPetition, nil); t != "" {
			found = append(found, n)
		}
	}
	return fmt.Sprintf("：第%d行只识别出%s，台账表头至少需要3个可识别的列（如 登记日期、当事人、纠纷类型、化解情况）", best+1,
		"「"+strings.Join(found, "」「")+"」")
}

// mapHeader maps a sheet's header cells to template columns: the uploader's choice, else the template's
// name, else an alias; the rest are listed as not used.
func (p *ledgerParser) mapHeader(cells []string, kind Kind, seen map[string]bool) *ledgerHeader {
	h := &ledgerHeader{kind: kind, index: map[string]int{}, serialCols: map[int]bool{}}
	taken := map[string]bool{}
	var sig []string
	for i, name := range cells {
		if name == "" {
			continue
		}
		sig = append(sig, name)
		target, by := "", ""
		if t, ok := p.opts.Columns[name]; ok {
			target, by = t, "chosen"
			if t != "" && (taken[t] || !headerTargets(kind)[t] && !partyHeader.MatchString(t)) {
				target = ""
			}
		} else if ignoredHeaders[name] {
			by = "unused"
			if name == "序号" || name == "编号" || name == "序" {
				h.serialCols[i] = true
			}
		} else {
			target, by = resolveHeader(name, kind, taken)
		}
		if target == "" {
			by = "unused"
			if !seen[name] {
				p.rep().Unused = append(p.rep().Unused, name)
			}
		} else {
			taken[target] = true
			h.index[target] = i
			if m := partyHeader.FindStringSubmatch(target); m != nil {
				n, _ := strconv.Atoi(m[1])
				h.parties = max(h.parties, min(n, maxLedgerParties))
			}
		}
		if !seen[name] {
			seen[name] = true
			col, _ := columnLetter(i + 1)
			m := LedgerColumnMatch{Source: name, Target: target, By: by, Column: col}
			switch {
			case target == hdrLeader && !taken[hdrLeaderPost]:
				m.Note = "「姓名（职务）」拆分为包案领导和职务"
			case target == hdrParties:
				m.Note = "按顿号、逗号、与、和拆分为多名当事人"
			}
			p.report.Columns = append(p.report.Columns, m)
		}
	}
	if _, ok := h.index[hdrParties]; ok {
		h.parties = max(h.parties, 1)
	}
	if p.signature == "" {
		p.signature = headerSignature(kind, sig)
	}
	return h
}

func (p *ledgerParser) rep() *LedgerReport { return &p.report }

// columnLetter is a column's spreadsheet name (1 → A).
func columnLetter(n int) (string, bool) {
	if n < 1 {
		return "", false
	}
	s := ""
	for n > 0 {
		n--
		s = string(rune('A'+n%26)) + s
		n /= 26
	}
	return s, true
}

// headerSignature identifies a header layout, so that next month's file from the same office finds the
// mapping confirmed for this one.
func headerSignature(kind Kind, names []string) string {
	var h uint64 = 14695981039346656037
	for _, b := range []byte(string(kind) + "|" + strings.Join(names, "|")) {
		h ^= uint64(b)
		h *= 1099511628211
	}
	return fmt.Sprintf("%s-%016x", kind, h)
}

// fileProblems are what the file lacks as a whole: no column gives a required field and no default does.
func (p *ledgerParser) fileProblems(h *ledgerHeader) []FieldError {
	var out []FieldError
	has := func(c string) bool { _, ok := h.index[c]; return ok }
	if !has(hdrTitle) && !has(hdrParties) && !has("当事人1姓名") {
		out = append(out, FieldError{Field: hdrTitle, Message: "找不到「标题」或「当事人」列：请在列对应中指定哪一列是标题（如 纠纷名称、案由）或当事人"})
	}
	if !has(hdrCategory) {
		out = append(out, FieldError{Field: hdrCategory, Message: "找不到「类别」列（纠纷类型）：请在列对应中指定"})
	}
	if !has(hdrRegistered) && !(h.kind == KindPetition && has(hdrAssignedAt)) {
		out = append(out, FieldError{Field: hdrRegistered, Message: "找不到「登记日期」列（受理时间、排查日期、登记时间）：请在列对应中指定"})
	}
	if !has(hdrParties) && !has("当事人1姓名") {
		out = append(out, FieldError{Field: "当事人", Message: "找不到「当事人」列（当事人、申请人、信访人）：请在列对应中指定"})
	}
	if !has(hdrTownshipCode) && !has(hdrTownshipName) && p.opts.DefaultTownship == "" && p.ownTownship == "" {
		out = append(out, FieldError{Field: hdrTownshipName, Message: "台账没有乡镇（街道）列：请选择这份台账所属的乡镇（街道）"})
	}
	if h.kind == KindDispute && !has(hdrSource) && p.opts.DefaultSource == "" {
		out = append(out, FieldError{Field: hdrSource, Message: "台账没有「来源」列：请选择这些纠纷的来源（当事人申请、主动排查调解或委托移送）"})
	}
	if h.kind == KindPetition && !has(hdrAssignedBy) {
		out = append(out, FieldError{Field: hdrAssignedBy, Message: "找不到「交办层级」列（交办单位）：请在列对应中指定"})
	}
	if p.opts.DefaultSource != "" && !IsValid(DisputeSources, p.opts.DefaultSource) || p.opts.DefaultSource == "referral" {
		out = append(out, FieldError{Field: hdrSource, Message: "默认来源只能是当事人申请或主动排查调解"})
	}
	if t := p.opts.DefaultTownship; t != "" {
		if r, ok := p.regions.Get(t); !ok || r.Level != LevelTownship {
			out = append(out, FieldError{Field: hdrTownshipName, Message: "默认乡镇（街道）「" + t + "」不存在"})
		} else if !p.regions.Contains(p.by.RegionCode, t) {
			out = append(out, FieldError{Field: hdrTownshipName, Message: "默认乡镇（街道）不在您的管辖范围内"})
		}
	}
	return out
}

// finish completes the report: values, unknowns, defaults, counts per status and township, the summary.
func (p *ledgerParser) finish(rep *LedgerReport, cases []*Case) {
	rep.Errors = append(rep.Errors, p.errs...)
	rep.ErrorCount = len(rep.Errors) + p.more
	for _, v := range p.values {
		rep.Values = append(rep.Values, *v)
	}
	sort.Slice(rep.Values, func(i, j int) bool {
		a, b := rep.Values[i], rep.Values[j]
		return a.Column < b.Column || a.Column == b.Column && a.Count > b.Count
	})
	for _, u := range p.unknown {
		rep.Unknown = append(rep.Unknown, *u)
	}
	sort.Slice(rep.Unknown, func(i, j int) bool {
		a, b := rep.Unknown[i], rep.Unknown[j]
		return a.Column < b.Column || a.Column == b.Column && (a.Count > b.Count || a.Count == b.Count && a.Value < b.Value)
	})
	for _, d := range p.defaults {
		rep.Defaults = append(rep.Defaults, *d)
	}
	sort.Slice(rep.Defaults, func(i, j int) bool { return rep.Defaults[i].Field < rep.Defaults[j].Field })
	rep.Importing = len(cases)
	rep.Targets = ledgerTargets(rep.Kind)
	statuses := DisputeStatuses
	if rep.Kind == KindPetition {
		statuses = PetitionStatuses
	}
	total := map[Status]int{}
	towns := map[string]map[Status]int{}
	for _, c := range cases {
		total[c.Status]++
		if towns[c.TownshipCode] == nil {
			towns[c.TownshipCode] = map[Status]int{}
		}
		towns[c.TownshipCode][c.Status]++
	}
	counts := func(m map[Status]int) []LedgerCount {
		out := []LedgerCount{}
		for _, s := range statuses {
			if n := m[Status(s.Code)]; n > 0 {
				out = append(out, LedgerCount{Status: Status(s.Code), Label: s.Label, Count: n})
			}
		}
		return out
	}
	rep.ByStatus = counts(total)
	for code, m := range towns {
		tc := LedgerTownCount{Code: code, ByStatus: counts(m)}
		if r, ok := p.regions.Get(code); ok {
			tc.Name = r.Name
		}
		for _, n := range m {
			tc.Total += n
		}
		rep.ByTownship = append(rep.ByTownship, tc)
	}
	sort.Slice(rep.ByTownship, func(i, j int) bool { return rep.ByTownship[i].Code < rep.ByTownship[j].Code })
	rep.Summary = ledgerSummary(rep)
	for _, f := range []*[]LedgerRowNote{&rep.Skipped, &rep.Warnings} {
		if *f == nil {
			*f = []LedgerRowNote{}
		}
	}
	if rep.Duplicates == nil {
		rep.Duplicates = []LedgerDuplicate{}
	}
	if rep.Errors == nil {
		rep.Errors = []RowError{}
	}
	if rep.Problems == nil {
		rep.Problems = []FieldError{}
	}
	for _, f := range []*[]string{&rep.Unused} {
		if *f == nil {
			*f = []string{}
		}
	}
	if rep.Values == nil {
		rep.Values = []LedgerValueMatch{}
	}
	if rep.Unknown == nil {
		rep.Unknown = []LedgerUnknown{}
	}
	if rep.Defaults == nil {
		rep.Defaults = []LedgerDefault{}
	}
	if rep.ByTownship == nil {
		rep.ByTownship = []LedgerTownCount{}
	}
}

// ledgerSummary says what the import will do: 5,000 行中 4,200 件将导入：待回访 3,900 件、调解中 300 件；….
func ledgerSummary(rep *LedgerReport) string {
	var parts []string
	for _, c := range rep.ByStatus {
		parts = append(parts, fmt.Sprintf("%s %s 件", c.Label, thousands(c.Count)))
	}
	s := fmt.Sprintf("%s 行中 %s 件将导入", thousands(rep.Rows), thousands(rep.Importing))
	if len(parts) > 0 {
		s += "：" + strings.Join(parts, "、")
	}
	for _, c := range rep.ByStatus {
		if c.Status == StatusResolved && rep.Kind == KindDispute {
			s += fmt.Sprintf("；其中 %s 件将进入待回访", thousands(c.Count))
		}
	}
	var rest []string
	if rep.Refused > 0 {
		rest = append(rest, fmt.Sprintf("%s 行有错误", thousands(rep.Refused)))
	}
	if n := len(rep.Duplicates); n > 0 {
		rest = append(rest, fmt.Sprintf("%s 行重复", thousands(n)))
	}
	if n := len(rep.Skipped); n > 0 {
		rest = append(rest, fmt.Sprintf("跳过 %s 行（合计、签字等）", thousands(n)))
	}
	if len(rest) > 0 {
		s += "；" + strings.Join(rest, "，")
	}
	return s
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// noteDefault counts a row for which the import filled in or marked what the ledger did not record.
func (p *ledgerParser) noteDefault(field, what string) {
	d := p.defaults[field+"|"+what]
	if d == nil {
		d = &LedgerDefault{Field: field, What: what}
		p.defaults[field+"|"+what] = d
	}
	d.Count++
}

// maxUnknownRows bounds the rows an unknown value lists.
const maxUnknownRows = 20

// noteValue records how a value word was read (by alias or the uploader's mapping).
func (p *ledgerParser) noteValue(col, v, code, by string) {
	k := [2]string{col, v}
	m := p.values[k]
	if m == nil {
		label := labelOfCode(col, code)
		if r, ok := p.regions.Get(code); ok && (col == hdrTownshipName || col == hdrTownshipCode) {
			label = r.Name
			if c, ok := p.regions.Get(p.regions.CountyOf(code)); ok {
				label = c.Name + r.Name
			}
		}
		m = &LedgerValueMatch{Column: col, Value: v, Code: code, Label: label, By: by}
		p.values[k] = m
	}
	m.Count++
}

func labelOfCode(col, code string) string {
	if col == hdrTownshipName || col == hdrTownshipCode {
		return code
	}
	if l := LabelOf(ledgerEnums[col], code); l != "" {
		return l
	}
	return code
}

// noteUnknown records a value no rule reads, once per column and value.
func (p *ledgerParser) noteUnknown(col, v string, row int, choices []Option) {
	k := [2]string{col, v}
	u := p.unknown[k]
	if u == nil {
		u = &LedgerUnknown{Column: col, Value: v, Choices: choices}
		p.unknown[k] = u
	}
	u.Count++
	if len(u.Rows) < maxUnknownRows {
		u.Rows = append(u.Rows, sheetRow(p.sheet, row))
	}
}

// ledgerValueAliases are value words of real ledgers, per template column, beyond ledgerAliases.
var ledgerValueAliases = map[string]map[string]string{
	hdrOutcome: {"已化解": "resolved", "化解": "resolved", "已调解": "resolved", "调解成功": "resolved", "成功调解": "resolved",
		"已调处": "resolved", "已解决": "resolved", "解决": "resolved", "是": "resolved", "达成协议": "resolved", "已办结": "resolved",
		"正在调解": "mediating", "化解中": "mediating", "调解中": "mediating", "正在化解": "mediating", "调处中": "mediating",
		"稳控中": "mediating", "跟踪化解": "mediating", "未化解": "failed", "调解不成功": "failed", "调解不成": "failed",
		"终止调解": "failed", "调解终止": "failed", "未成功": "failed", "否": "failed", "未达成协议": "failed"},
	hdrCategory: {"民间借贷": "contract", "借贷": "contract", "债务": "contract", "债权债务": "contract", "借款": "contract",
		"买卖": "contract", "合同": "contract", "赡养": "marriage_family", "抚养": "marriage_family", "扶养": "marriage_family",
		"继承": "marriage_family", "离婚": "marriage_family", "婚姻家庭": "marriage_family", "家庭": "marriage_family",
		"土地承包": "forest_land", "林权": "forest_land", "土地": "forest_land", "山林": "forest_land", "土地权属": "forest_land",
		"劳务": "labor", "劳务报酬": "labor", "欠薪": "labor", "拖欠工资": "labor", "劳资": "labor", "工资": "labor",
		"相邻关系": "neighbor", "邻里": "neighbor", "邻里关系": "neighbor", "征地拆迁": "land_requisition", "拆迁": "land_requisition",
		"征地": "land_requisition", "宅基地": "housing_homestead", "房屋": "housing_homestead", "建房": "housing_homestead",
		"交通事故": "traffic", "道路交通": "traffic", "医疗": "medical", "医患": "medical", "医疗纠纷": "medical",
		"消费": "consumer", "物业": "property_mgmt", "物业管理": "property_mgmt", "环境": "pollution", "环境污染": "pollution",
		"生产经营": "production_business", "损害赔偿": "damages", "人身损害": "damages", "财产损害": "damages", "其他": "other"},
	hdrSource: {"当事人申请": "application", "申请调解": "application", "来访": "application", "排查": "proactive",
		"主动排查": "proactive", "走访排查": "proactive", "依职权": "proactive", "依职权调解": "proactive", "移交": "referral",
		"上级交办": "referral", "委托移送": "referral", "调委会主动调解": "proactive", "人民调解委员会主动调解": "proactive",
		"公安机关移交": "referral", "公安移交": "referral", "派出所移交": "referral", "审判机关委托": "referral", "法院委托": "referral",
		"法院委派": "referral", "政府部门指定": "referral", "信访移交": "referral", "网格上报": "referral", "12345转办": "referral"},
	hdrAssignedBy: {"中央": "central", "国家信访局": "central", "国家": "central", "省": "provincial", "省级": "provincial",
		"省信访局": "provincial", "省交办": "provincial", "省里交办": "provincial", "省联席办": "provincial", "市": "municipal",
		"市级": "municipal", "市信访局": "municipal", "市交办": "municipal", "市联席办": "municipal", "县": "county", "县级": "county",
		"区级": "county", "县信访局": "county", "区信访局": "county", "县交办": "county", "区交办": "county"},
	hdrRisk: {"一般": "blue", "低": "blue", "较低": "blue", "较大": "yellow", "中": "yellow", "重大": "orange", "高": "orange",
		"较高": "orange", "特别重大": "red", "极高": "red"},
	hdrSatisfaction: {"是": "satisfied", "满意": "satisfied", "基本满意": "basic", "不满意": "dissatisfied", "否": "dissatisfied"},
}

// lookupValue reads a value word under col: the uploader's mapping, the enumeration's code or label, the
// template's aliases, then the words of real ledgers; by says how ("" for a code or label).
func (p *ledgerParser) lookupValue(col, v string) (code, by string, ok bool) {
	if m := p.opts.Values[col]; m != nil {
		if c, ok := m[v]; ok {
			return c, "chosen", IsValid(ledgerEnums[col], c)
		}
	}
	idx := ledgerValueIndex()[col]
	if h, ok := idx["\x00"+strings.ToLower(v)]; ok {
		return h.code, h.by, true
	}
	key := enumKey(v)
	if h, ok := idx[key]; ok {
		return h.code, h.by, true
	}
	if c, ok := ledgerValueAliases[col][v]; ok {
		return c, "alias", true
	}
	if c, ok := ledgerValueAliases[col][key]; ok {
		return c, "alias", true
	}
	// Words with an appended 纠纷/问题/类 (民间借贷纠纷, 土地承包经营权纠纷).
	trimmed := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(v, "纠纷"), "问题"), "类")
	if c, ok := ledgerValueAliases[col][trimmed]; ok && trimmed != "" {
		return c, "alias", true
	}
	if col == hdrCategory {
		for _, w := range categoryWords {
			if strings.Contains(v, w[0]) {
				return w[1], "alias", true
			}
		}
	}
	return "", "", false
}

type valueHit struct{ code, by string }

// ledgerValueIndex finds a column's values by code ("\x00" + lower case), label and the template's aliases
// (both by enumKey; a label wins over an alias): built once, so that a row's cells cost map lookups.
var ledgerValueIndex = sync.OnceValue(func() map[string]map[string]valueHit {
	idx := map[string]map[string]valueHit{}
	for col, opts := range ledgerEnums {
		m := map[string]valueHit{}
		for alias, c := range ledgerAliases[col] {
			m[enumKey(alias)] = valueHit{c, "alias"}
		}
		for _, o := range opts {
			m[enumKey(o.Label)] = valueHit{o.Code, ""}
			m["\x00"+strings.ToLower(o.Code)] = valueHit{o.Code, ""}
		}
		idx[col] = m
	}
	return idx
})

// categoryWords are words inside a category as ledgers write it (土地承包经营权纠纷, 赡养老人纠纷).
var categoryWords = [][2]string{{"借贷", "contract"}, {"债", "contract"}, {"赡养", "marriage_family"}, {"抚养", "marriage_family"},
	{"继承", "marriage_family"}, {"婚姻", "marriage_family"}, {"离婚", "marriage_family"}, {"承包", "forest_land"},
	{"林权", "forest_land"}, {"山林", "forest_land"}, {"劳务", "labor"}, {"工资", "labor"}, {"相邻", "neighbor"},
	{"邻里", "neighbor"}, {"征地", "land_requisition"}, {"拆迁", "land_requisition"}, {"宅基地", "housing_homestead"},
	{"交通", "traffic"}, {"医疗", "medical"}, {"物业", "property_mgmt"}}

// sourceReferrals are 来源 words that also name the referring office (公安机关移交), for ledgers without a
// 移送单位 column.
var sourceReferrals = map[string]string{"公安机关移交": "police", "公安移交": "police", "派出所移交": "police",
	"审判机关委托": "court", "法院委托": "court", "法院委派": "court", "政府部门指定": "government", "信访移交": "petition",
	"网格上报": "grid", "12345转办": "hotline"}

// ledgerDateForms names the date forms read, for messages.
const ledgerDateForms = "2024-05-06、2024/5/6、2024.5.6、2024年5月6日、24.5.6、5月6日（年份取自标题或工作表名）、20240506 或 Excel 日期，可带时间"

var (
	dateYMD   = regexp.MustCompile(`^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})[日号]?$`)
	dateShort = regexp.MustCompile(`^(\d{2})[-/.](\d{1,2})[-/.](\d{1,2})$`)
	dateMD    = regexp.MustCompile(`^(\d{1,2})[-/.月](\d{1,2})[日号]?$`)
	dateTime  = regexp.MustCompile(`^(.*?[日号]|[\d./-]+)\s*(?:[T\s]*\d{1,2}[:：时点]\d{0,2}.*)$`)
)

// parseLedgerDateIn reads a date in every form offices write (ledgerDateForms); year is the year of dates
// written without one.
func parseLedgerDateIn(s string, year int) (time.Time, bool) {
	s = strings.TrimSpace(fullWidthToASCII(s))
	s = strings.ReplaceAll(s, "〇", "0")
	if m := dateTime.FindStringSubmatch(s); m != nil {
		s = strings.TrimSpace(m[1])
	}
	if i := strings.IndexAny(s, " T"); i > 0 {
		s = s[:i]
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f >= 20000 && f < 100000 {
		return time.Date(1899, 12, 30, 0, 0, 0, 0, Shanghai).AddDate(0, 0, int(f)), true
	}
	var y, m, d int
	atoi := func(x string) int { n, _ := strconv.Atoi(x); return n }
	switch {
	case dateYMD.MatchString(s):
		mm := dateYMD.FindStringSubmatch(s)
		y, m, d = atoi(mm[1]), atoi(mm[2]), atoi(mm[3])
	case dateShort.MatchString(s):
		mm := dateShort.FindStringSubmatch(s)
		y, m, d = 2000+atoi(mm[1]), atoi(mm[2]), atoi(mm[3])
	case len(s) == 8 && isDigits(s):
		y, m, d = atoi(s[:4]), atoi(s[4:6]), atoi(s[6:])
	case dateMD.MatchString(s) && year > 0:
		mm := dateMD.FindStringSubmatch(s)
		y, m, d = year, atoi(mm[1]), atoi(mm[2])
	default:
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, Shanghai)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

// lostDigits: a number Excel shows in scientific notation (1.1E+17) — an ID number or phone typed into a
// General cell, which keeps only 15 digits.
var lostDigits = regexp.MustCompile(`^\d(\.\d+)?[eE]\+?\d+$`)

// splitParties splits a single 当事人 cell: 张三、李四 / 张三与李四 / 张三和李四 / one per line.
var partySep = regexp.MustCompile(`[、，,;；/\n\r]+|\s+|与|和|及|诉|VS|vs|——|—|－|-`)

func splitParties(v string) []string {
	var out []string
	for _, n := range partySep.Split(v, -1) {
		n = strings.TrimSpace(n)
		n = strings.TrimFunc(n, func(r rune) bool { return r == '（' || r == '）' || r == '(' || r == ')' })
		if i := strings.IndexAny(n, "（("); i > 0 { // 张三（申请人）
			n = n[:i]
		}
		if n != "" && n != "等" {
			out = append(out, strings.TrimSuffix(n, "等"))
		}
	}
	return out
}

// leaderPost splits 包案领导 "王五（副区长）".
var leaderPost = regexp.MustCompile(`^(.+?)\s*[（(](.+)[)）]$`)

// townSuffixes are stripped from township names as ledgers write them to find the township's stem.
var townSuffixes = []string{"人民调解委员会", "调解委员会", "调委会", "司法所", "综治中心", "综治办", "人民政府", "政府",
	"街道办事处", "办事处", "街道办", "街道", "示范区", "试验区", "新区", "镇", "乡"}

func townStem(s string) string {
	for changed := true; changed; {
		changed = false
		for _, suf := range townSuffixes {
			if t := strings.TrimSuffix(s, suf); t != s && t != "" {
				s, changed = t, true
			}
		}
	}
	return s
}

// stripCounty removes a leading county name (汉滨区恒口镇, 汉滨恒口), returning the county's code.
func (p *ledgerParser) stripCounty(name string) (rest, county string) {
	root := p.regions.Root()
	if root == nil {
		return name, ""
	}
	name = strings.TrimPrefix(name, root.Name)
	name = strings.TrimPrefix(name, strings.TrimSuffix(root.Name, "市"))
	for _, c := range p.regions.Children(root.Code) {
		stem := strings.TrimRight(c.Name, "区县市")
		for _, pre := range []string{c.Name, stem} {
			if pre != "" && strings.HasPrefix(name, pre) && len(name) > len(pre) {
				return strings.TrimPrefix(name, pre), c.Code
			}
		}
	}
	return name, ""
}

// ImportMapping is an office's confirmed mapping for one ledger layout: saved at each import under the
// office's region and the header's signature, so that next month's file from the same office maps itself.
type ImportMapping struct {
	ID        string    `bson:"_id" json:"id"`
	Region    string    `bson:"region" json:"region"`
	Signature string    `bson:"signature" json:"signature"`
	Options   string    `bson:"options" json:"-"` // LedgerOptions as JSON (headers may hold "." or "$", which keys may not)
	SavedAt   time.Time `bson:"savedAt" json:"savedAt"`
	SavedBy   string    `bson:"savedBy" json:"savedBy"`
}

// ImportMappingID is the _id of an office's mapping for a header layout.
func ImportMappingID(region, signature string) string { return region + ":" + signature }

// SavedOptions are the options worth keeping for next month: the mapping and the defaults, not the
// one-off choices (keeping duplicates, importing the good rows only).
func (o LedgerOptions) SavedOptions() LedgerOptions {
	o.KeepDuplicates, o.SkipRefused = false, false
	return o
}

// ledgerTargets lists the template columns of kind in template order, the single 当事人 column after the
// numbered party columns of the first two parties.
func ledgerTargets(kind Kind) []string {
	out := []string{}
	for _, c := range LedgerColumns(kind, nil, "") {
		out = append(out, c.Header)
		if c.Header == "当事人1住址" && kind == KindPetition || c.Header == "当事人2住址" {
			out = append(out, hdrParties)
		}
	}
	return out
}
