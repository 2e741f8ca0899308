package casefile

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"pingan/domain"
)

// Facts is what a document is made of: the case (read through the scoped read), the names of its places and
// the document number's prefix.
type Facts struct {
	Case     *domain.Case
	Township string // 瀛湖镇
	County   string // 汉滨区
	Prefix   string // 汉滨瀛湖: the number reads （2026）汉滨瀛湖人调字第12号
	Now      time.Time
}

// Committee is the mediation committee that keeps the file. Until committees are recorded (issue 18) it is
// the township's: 瀛湖镇人民调解委员会.
func (f Facts) Committee() string { return f.Township + "人民调解委员会" }

// Number is the case's document number: the year and the sequence of its case number, so one case has one
// number on every document, and numbers run per township and year as the case numbers do.
func (f Facts) Number() string {
	year, seq := caseYearSeq(f.Case.CaseNo)
	return fmt.Sprintf("（%s）%s人调字第%d号", year, f.Prefix, seq)
}

// caseYearSeq reads the year and the sequence of a case number {township}-{year}-{seq:06}.
func caseYearSeq(caseNo string) (string, int) {
	parts := strings.Split(caseNo, "-")
	if len(parts) != 3 {
		return "    ", 0
	}
	seq, _ := strconv.Atoi(parts[2])
	return parts[1], seq
}

// DefaultPrefix is the number prefix offices write when none is configured: the county's and the
// township's short names (汉滨区, 瀛湖镇 → 汉滨瀛湖).
func DefaultPrefix(county, township string) string {
	return shortName(county, "自治县", "区", "县", "市") + shortName(township, "街道办事处", "办事处", "街道", "镇", "乡")
}

func shortName(name string, suffixes ...string) string {
	for _, s := range suffixes {
		if short, ok := strings.CutSuffix(name, s); ok && short != "" {
			return short
		}
	}
	return name
}

// DocumentType is one generated document: when the case has what it needs, and how it is written.
type DocumentType struct {
	Code  string
	Title string
	// Has reports whether the case has what the document records (an agreement for the 协议书, …).
	Has   func(c *domain.Case) bool
	build func(f Facts) *Doc
}

// Documents lists the documents in the order of the 卷内目录 (domain.DocumentTypes).
var Documents = []DocumentType{
	{"cover", "", isDispute, cover},
	{"catalogue", "", func(*domain.Case) bool { return true }, nil}, // built from the whole file: Catalogue
	{"application", "", func(c *domain.Case) bool { return isDispute(c) && c.Dispute.Source == "application" }, application},
	{"registration", "", isDispute, registration},
	{"notice", "", func(c *domain.Case) bool { return isDispute(c) && c.AcceptedAt != nil }, notice},
	{"investigation", "", func(c *domain.Case) bool { return isDispute(c) && c.AcceptedAt != nil }, investigation},
	{"record", "", func(c *domain.Case) bool { return isDispute(c) && len(c.Dispute.Sessions) > 0 }, record},
	{"agreement", "", func(c *domain.Case) bool { return agreementOf(c, "written") }, agreement},
	{"oral_agreement", "", func(c *domain.Case) bool { return agreementOf(c, "oral") }, oralAgreement},
	{"visit", "", func(c *domain.Case) bool {
		return isDispute(c) && (len(c.Dispute.Visits) > 0 || c.Dispute.FollowUp != nil)
	}, visit},
}

func init() {
	for i := range Documents {
		Documents[i].Title = domain.LabelOf(domain.DocumentTypes, Documents[i].Code)
	}
}

// DocumentByCode finds a document type.
func DocumentByCode(code string) (DocumentType, bool) {
	for _, d := range Documents {
		if d.Code == code {
			return d, true
		}
	}
	return DocumentType{}, false
}

func isDispute(c *domain.Case) bool { return c.Kind == domain.KindDispute && c.Dispute != nil }

func agreementOf(c *domain.Case, typ string) bool {
	return isDispute(c) && c.Dispute.Agreement != nil && c.Dispute.Agreement.Type == typ
}

// Build writes the document for the case (the catalogue is built by Catalogue, which sees the attachments).
func (d DocumentType) Build(f Facts) *Doc {
	doc := d.build(f)
	if d.Code != "cover" {
		doc.Title = d.Title
	}
	return doc
}

// Filename is the document's file name in downloads and in the 卷宗: 案件编号-文书名称.docx.
func (d DocumentType) Filename(c *domain.Case) string { return c.CaseNo + "-" + d.Title + ".docx" }

// cnDate writes a date as offices do: 2026年3月5日 (Asia/Shanghai). A zero time is a blank to fill in.
func cnDate(t time.Time) string {
	if t.IsZero() {
		return "　　　　年　　月　　日"
	}
	t = t.In(domain.Shanghai)
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

func cnDatePtr(t *time.Time) string {
	if t == nil {
		return cnDate(time.Time{})
	}
	return cnDate(*t)
}

// eventAt is when the case's first action of that name happened (zero when it has none).
func eventAt(c *domain.Case, action string) time.Time {
	for _, e := range c.Timeline {
		if e.Action == action {
			return e.At
		}
	}
	return time.Time{}
}

// lastEventAt is when the case's last action of that name happened.
func lastEventAt(c *domain.Case, action string) time.Time {
	for i := len(c.Timeline) - 1; i >= 0; i-- {
		if c.Timeline[i].Action == action {
			return c.Timeline[i].At
		}
	}
	return time.Time{}
}

func partyRole(p domain.Party) string { return domain.LabelOf(domain.PartyRoles, p.Role) }

func partiesOf(c *domain.Case, roles ...string) []domain.Party {
	var out []domain.Party
	for _, p := range c.Parties {
		for _, r := range roles {
			if p.Role == r {
				out = append(out, p)
			}
		}
	}
	return out
}

func names(ps []domain.Party) string {
	var n []string
	for _, p := range ps {
		n = append(n, p.Name)
	}
	return strings.Join(n, "、")
}

func mediators(c *domain.Case) string {
	if c.Dispute == nil {
		return ""
	}
	return strings.Join(c.Dispute.Mediators, "、")
}

func place(f Facts) string { return f.County + f.Township + f.Case.Village }

// formWidths are the columns of the forms (label, value, label, value) across the text width of A4 (8844
// twips): a case number and a document number fit their value columns at 小四.
var formWidths = []int{1700, 3000, 1700, 2444}

// partyTable lists the parties with their particulars, as the 申请书 and the 协议书 head them.
func partyTable(c *domain.Case) Table {
	t := Table{Widths: []int{1300, 1100, 2800, 1700, 1944}}
	t.Rows = append(t.Rows, []Cell{{Text: "当事人", Bold: true, Center: true}, {Text: "姓名", Bold: true, Center: true},
		{Text: "身份证号码", Bold: true, Center: true}, {Text: "联系电话", Bold: true, Center: true}, {Text: "住址", Bold: true, Center: true}})
	for _, p := range c.Parties {
		t.Rows = append(t.Rows, []Cell{{Text: partyRole(p), Center: true}, {Text: p.Name, Center: true},
			{Text: p.IDNumber, Center: true}, {Text: p.Phone, Center: true}, {Text: p.Address}})
	}
	return t
}

// numberLine is the document number, right aligned under the title.
func numberLine(f Facts) Para {
	return Para{Align: "right", Runs: []Run{{Text: "编号：" + f.Number(), Size: sizeTable}}}
}

// signature is a signature line: who signs, with room to sign (and to press a fingerprint).
func signature(who string, fingerprint bool) Para {
	tail := "（签名）　　　　　　　　"
	if fingerprint {
		tail = "（签名盖章或按指印）　　　　　　　　"
	}
	return Para{Runs: []Run{{Text: who + tail}}, Before: 120}
}

func sealAndDate(f Facts, at time.Time) []Para {
	return []Para{
		{Align: "right", Before: 240, Runs: []Run{{Text: f.Committee() + "（盖章）"}}},
		{Align: "right", Runs: []Run{{Text: cnDate(at)}}},
	}
}

func (d *Doc) lines(ps ...Para) {
	for _, p := range ps {
		d.Line(p)
	}
}

func cover(f Facts) *Doc {
	c := f.Case
	d := &Doc{}
	d.Line(Para{Align: "center", Before: 1200, Runs: []Run{{Text: f.Committee(), Bold: true, Font: fontSong, Size: sizeTitle}}})
	d.Line(Para{Align: "center", Before: 600, Runs: []Run{{Text: "调 解 卷 宗", Bold: true, Font: fontSong, Size: 72}}})
	d.Line(Para{Before: 600})
	start := c.AcceptedAt
	if start == nil {
		start = &c.RegisteredAt
	}
	end := c.ClosedAt
	if end == nil && (c.Status == domain.StatusResolved || c.Status == domain.StatusFailed) {
		t := lastEventAt(c, lastConclusion(c))
		end = &t
	}
	d.Label("卷　　名", c.Title)
	d.Label("卷　　号", f.Number())
	d.Label("案件编号", c.CaseNo)
	d.Label("纠纷类型", domain.LabelOf(domain.Categories, c.Category))
	d.Label("当 事 人", names(c.Parties))
	d.Label("人民调解员", mediators(c))
	d.Label("调解日期", cnDatePtr(start)+" 至 "+cnDatePtr(end))
	d.Label("立 卷 人", "")
	d.Label("立卷日期", "")
	d.Label("保管期限", "")
	return d
}

// lastConclusion is the action that concluded the case (resolve or fail).
func lastConclusion(c *domain.Case) string {
	if c.Outcome == domain.OutcomeFailed || c.Status == domain.StatusFailed {
		return "fail"
	}
	return "resolve"
}

func application(f Facts) *Doc {
	c := f.Case
	d := &Doc{}
	d.Table(partyTable(c))
	d.Line(Para{Before: 240, Runs: []Run{{Text: "纠纷简要情况：", Bold: true}}})
	d.P(c.Summary)
	d.Line(Para{Before: 240, Runs: []Run{{Text: "申请事项：", Bold: true}}})
	d.P("请求" + f.Committee() + "对" + c.Title + "进行调解。")
	d.P(f.Committee() + "已将申请人民调解的相关规定告知我，现自愿申请人民调解委员会进行调解。")
	for _, p := range partiesOf(c, "applicant") {
		d.Line(signature("申请人 "+p.Name, true))
	}
	d.Line(Para{Align: "right", Before: 240, Runs: []Run{{Text: cnDate(c.RegisteredAt)}}})
	return d
}

func registration(f Facts) *Doc {
	c := f.Case
	d := &Doc{}
	d.Line(numberLine(f))
	source := domain.LabelOf(domain.DisputeSources, c.Dispute.Source)
	if c.Dispute.ReferralFrom != "" {
		source += "（" + domain.LabelOf(domain.ReferralFroms, c.Dispute.ReferralFrom) + "）"
	}
	accepted := "待受理"
	if c.AcceptedAt != nil {
		accepted = cnDatePtr(c.AcceptedAt)
	}
	if c.Status == domain.StatusRejected {
		accepted = "不予受理：" + c.Dispute.RejectReason
	}
	w := formWidths
	rows := [][]Cell{
		{{Text: "案件编号", Bold: true}, {Text: c.CaseNo}, {Text: "登记日期", Bold: true}, {Text: cnDate(c.RegisteredAt)}},
		{{Text: "纠纷名称", Bold: true}, {Text: c.Title, Span: 3}},
		{{Text: "纠纷类型", Bold: true}, {Text: domain.LabelOf(domain.Categories, c.Category)}, {Text: "案件来源", Bold: true}, {Text: source}},
		{{Text: "发生地点", Bold: true}, {Text: place(f), Span: 3}},
		{{Text: "申请人", Bold: true}, {Text: names(partiesOf(c, "applicant"))}, {Text: "被申请人", Bold: true}, {Text: names(partiesOf(c, "respondent"))}},
		{{Text: "纠纷简要情况", Bold: true, Height: 3000}, {Text: c.Summary, Span: 3}},
		{{Text: "受理情况", Bold: true}, {Text: accepted}, {Text: "登记人", Bold: true}, {Text: c.CreatedBy.Name}},
	}
	d.Table(Table{Widths: w, Rows: rows})
	d.Line(signature("当事人", false))
	d.Line(signature("登记人", false))
	d.lines(sealAndDate(f, c.RegisteredAt)...)
	return d
}

func notice(f Facts) *Doc {
	c := f.Case
	d := &Doc{}
	d.Line(Para{Runs: []Run{{Text: names(c.Parties) + "："}}})
	d.P("你们之间的" + c.Title + "，已由" + f.Committee() + "受理。根据《中华人民共和国人民调解法》，现将人民调解委员会的性质、调解原则和法律效力，以及在调解中各方当事人享有的权利和应当承担的义务告知如下：")
	d.P("一、人民调解委员会是依法设立的调解民间纠纷的群众性组织。人民调解委员会调解民间纠纷，不收取任何费用。")
	d.P("二、人民调解遵循下列原则：（一）在当事人自愿、平等的基础上进行调解；（二）不违背法律、法规和国家政策；（三）尊重当事人的权利，不得因调解而阻止当事人依法通过仲裁、行政、司法等途径维护自己的权利。")
	d.P("三、当事人在人民调解活动中享有下列权利：（一）选择或者接受人民调解员；（二）接受调解、拒绝调解或者要求终止调解；（三）要求调解公开进行或者不公开进行；（四）自主表达意愿、自愿达成调解协议。")
	d.P("四、当事人在人民调解活动中履行下列义务：（一）如实陈述纠纷事实；（二）遵守调解现场秩序，尊重人民调解员；（三）尊重对方当事人行使权利。")
	d.P("五、经人民调解委员会调解达成的调解协议，具有法律约束力，当事人应当按照约定履行。经调解达成调解协议后，双方当事人认为有必要的，可以自调解协议生效之日起三十日内共同向人民法院申请司法确认。")
	d.Line(Para{Before: 240, Runs: []Run{{Text: "以上内容已告知，当事人确认知悉。"}}})
	for _, p := range c.Parties {
		d.Line(signature(partyRole(p)+" "+p.Name, true))
	}
	d.lines(sealAndDate(f, *c.AcceptedAt)...)
	return d
}

func investigation(f Facts) *Doc {
	c := f.Case
	d := &Doc{}
	first := time.Time{}
	if len(c.Dispute.Sessions) > 0 {
		first = c.Dispute.Sessions[0].At
	}
	w := formWidths
	d.Table(Table{Widths: w, Rows: [][]Cell{
		{{Text: "调查时间", Bold: true}, {Text: cnDate(first)}, {Text: "调查地点", Bold: true}, {Text: place(f)}},
		{{Text: "调查人", Bold: true}, {Text: mediators(c)}, {Text: "记录人", Bold: true}, {Text: ""}},
		{{Text: "被调查人", Bold: true}, {Text: names(c.Parties), Span: 3}},
		{{Text: "纠纷名称", Bold: true}, {Text: c.Title, Span: 3}},
		{{Text: "调查记录", Bold: true, Height: 6000}, {Text: c.Summary, Span: 3}},
	}})
	d.Line(signature("被调查人", true))
	d.Line(signature("调查人", false))
	d.Line(signature("记录人", false))
	return d
}

func record(f Facts) *Doc {
	c := f.Case
	d := &Doc{}
	d.Line(numberLine(f))
	d.Label("纠纷名称", c.Title)
	d.Label("当事人", names(c.Parties))
	d.Label("人民调解员", mediators(c))
	for i, s := range c.Dispute.Sessions {
		d.Line(Para{Before: 240, Runs: []Run{{Text: fmt.Sprintf("第%d次调解", i+1), Bold: true}}})
		d.Label("时间", cnDate(s.At)+" "+s.At.In(domain.Shanghai).Format("15:04"))
		d.Label("方式", domain.LabelOf(domain.SessionModes, s.Mode))
		d.Label("地点", place(f))
		d.Line(Para{Runs: []Run{{Text: "调解情况：", Bold: true}}})
		for _, line := range paragraphs(s.Record) {
			d.P(line)
		}
	}
	d.Line(Para{Before: 240, Runs: []Run{{Text: "调解结果：", Bold: true}}})
	d.P(outcomeText(c))
	d.Line(signature("当事人", true))
	d.Line(signature("人民调解员", false))
	d.Line(signature("记录人", false))
	return d
}

func outcomeText(c *domain.Case) string {
	switch {
	case c.Dispute.Agreement != nil:
		return "经调解，当事人自愿达成" + domain.LabelOf(domain.AgreementTypes, c.Dispute.Agreement.Type) + "。"
	case c.Outcome == domain.OutcomeFailed || c.Status == domain.StatusFailed:
		return "调解不成：" + domain.LabelOf(domain.FailureReasons, c.Dispute.FailureReason) + "。已告知当事人可" +
			domain.LabelOf(domain.Redirects, c.Dispute.Redirect) + "。"
	}
	return "调解进行中。"
}

// paragraphs splits typed text into its paragraphs (empty lines dropped).
func paragraphs(s string) []string {
	var out []string
	for _, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	if len(out) == 0 {
		out = []string{""}
	}
	return out
}

func agreement(f Facts) *Doc {
	c := f.Case
	a := c.Dispute.Agreement
	d := &Doc{}
	d.Line(numberLine(f))
	d.Table(partyTable(c))
	d.Line(Para{Before: 240, Runs: []Run{{Text: "纠纷主要事实、争议事项：", Bold: true}}})
	for _, line := range paragraphs(c.Summary) {
		d.P(line)
	}
	d.Line(Para{Before: 240, Runs: []Run{{Text: "经调解，自愿达成如下协议：", Bold: true}}})
	for _, line := range paragraphs(a.Terms) {
		d.P(line)
	}
	if a.Amount != 0 {
		d.P("协议涉及金额：人民币" + a.Amount.String() + "元。")
	}
	d.Line(Para{Before: 240, Runs: []Run{{Text: "履行方式、时限：", Bold: true}}})
	if a.PerformBy != nil {
		d.P("按上列协议内容履行，于" + cnDate(*a.PerformBy) + "前履行完毕。")
	} else {
		d.P("按上列协议内容履行。")
	}
	d.P(fmt.Sprintf("本协议一式%d份，当事人、人民调解委员会各持一份。本协议自各方当事人签名（盖章或按指印）、人民调解员签名并加盖人民调解委员会印章之日起生效。", len(c.Parties)+1))
	d.P("本协议具有法律约束力，当事人应当按照约定履行。双方当事人认为有必要的，可以自本协议生效之日起三十日内共同向人民法院申请司法确认。")
	for _, p := range c.Parties {
		d.Line(signature(partyRole(p)+" "+p.Name, true))
	}
	d.Line(signature("人民调解员", false))
	d.Line(signature("记录人", false))
	d.lines(sealAndDate(f, eventAt(c, "resolve"))...)
	return d
}

func oralAgreement(f Facts) *Doc {
	c := f.Case
	a := c.Dispute.Agreement
	d := &Doc{}
	d.Line(numberLine(f))
	performBy := "按协议内容履行"
	if a.PerformBy != nil {
		performBy = cnDate(*a.PerformBy) + "前履行完毕"
	}
	w := formWidths
	rows := [][]Cell{
		{{Text: "纠纷名称", Bold: true}, {Text: c.Title, Span: 3}},
		{{Text: "当事人", Bold: true}, {Text: names(c.Parties), Span: 3}},
		{{Text: "纠纷简要情况", Bold: true, Height: 2400}, {Text: c.Summary, Span: 3}},
		{{Text: "口头协议内容", Bold: true, Height: 2400}, {Text: a.Terms, Span: 3}},
		{{Text: "履行方式、时限", Bold: true}, {Text: performBy, Span: 3}},
		{{Text: "达成日期", Bold: true}, {Text: cnDate(eventAt(c, "resolve"))}, {Text: "人民调解员", Bold: true}, {Text: mediators(c)}},
	}
	d.Table(Table{Widths: w, Rows: rows})
	d.Line(signature("当事人", true))
	d.Line(signature("登记人", false))
	d.lines(sealAndDate(f, eventAt(c, "resolve"))...)
	return d
}

func visit(f Facts) *Doc {
	c := f.Case
	d := &Doc{}
	d.Line(numberLine(f))
	w := formWidths
	visits := c.Dispute.Visits
	if len(visits) == 0 && c.Dispute.FollowUp != nil { // a case of the first version: its one visit
		fu := c.Dispute.FollowUp
		visits = []domain.Visit{{At: fu.At, Satisfaction: fu.Satisfaction, Note: fu.Note}}
	}
	for i, v := range visits {
		if i > 0 {
			d.Line(Para{Before: 240})
		}
		situation := "满意程度：" + domain.LabelOf(domain.Satisfactions, v.Satisfaction)
		if v.Performance != "" {
			situation = "履行情况：" + domain.LabelOf(domain.Performances, v.Performance) + "\n" + situation
		}
		if v.Note != "" {
			situation += "\n" + v.Note
		}
		d.Table(Table{Widths: w, Rows: [][]Cell{
			{{Text: "当事人", Bold: true}, {Text: names(c.Parties)}, {Text: "调解协议编号", Bold: true}, {Text: f.Number()}},
			{{Text: "回访事由", Bold: true}, {Text: c.Title, Span: 3}},
			{{Text: "回访时间", Bold: true}, {Text: cnDate(v.At)}, {Text: "回访人", Bold: true}, {Text: v.By.Name}},
			{{Text: "回访情况", Bold: true, Height: 3000}, {Text: situation, Span: 3}},
		}})
	}
	d.Line(signature("回访人", false))
	return d
}
