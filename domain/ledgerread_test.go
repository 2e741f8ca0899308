package domain

import (
	"errors"
	"pingan/internal/ledgerfixture"
	"slices"
	"strings"
	"testing"
	"time"
)

// RealLedgerBook is the township's workbook of internal/ledgerfixture (the HTTP and CLI tests read the same).
func RealLedgerBook() []LedgerSheet {
	var book []LedgerSheet
	for _, s := range ledgerfixture.Book() {
		book = append(book, LedgerSheet{Name: s.Name, Rows: s.Rows})
	}
	return book
}

func TestLedgerBookReadsARealWorkbook(t *testing.T) {
	tree := ledgerTree(t)
	opts := LedgerOptions{DefaultSource: "proactive"}
	res, err := ParseLedgerBook(RealLedgerBook(), hanbinMed, tree, ledgerNow, opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	rep := res.Report
	if rep.Kind != KindDispute {
		t.Errorf("kind %s", rep.Kind)
	}
	// Sheets: two read (header found under the title rows; the second's two rows joined), the notes skipped.
	if len(rep.Sheets) != 3 || !rep.Sheets[0].Read || rep.Sheets[0].HeaderRow != 4 || !rep.Sheets[1].Read ||
		rep.Sheets[1].HeaderRow != 3 || rep.Sheets[2].Read || rep.Sheets[2].Why == "" {
		t.Errorf("sheets %+v", rep.Sheets)
	}
	if rep.Sheets[0].Year != 2023 || rep.Sheets[0].YearFrom != "标题" || rep.Sheets[1].Year != 2024 {
		t.Errorf("years %+v", rep.Sheets)
	}
	target := map[string]string{}
	for _, c := range rep.Columns {
		target[c.Source] = c.Target
	}
	for src, want := range map[string]string{"受理时间": "登记日期", "当事人": "当事人", "纠纷类型": "类别", "纠纷概况": "案情摘要",
		"镇（街道）": "乡镇名称", "化解情况": "结果", "化解时间": "办结日期", "调解人员": "调解员", "序号": "", "备注": "",
		"排查日期": "登记日期", "申请人姓名": "当事人1姓名", "申请人身份证号": "当事人1身份证号", "被申请人姓名": "当事人2姓名",
		"被申请人联系电话": "当事人2电话", "调处结果": "结果", "所属镇": "乡镇名称"} {
		if got, ok := target[src]; !ok || got != want {
			t.Errorf("column %s → %q (found %v), want %q", src, got, ok, want)
		}
	}
	if !slices.Contains(rep.Unused, "备注") || !slices.Contains(rep.Unused, "序号") {
		t.Errorf("unused %v", rep.Unused)
	}
	// Rows: 7 case rows in 2023 (one refused), 3 in 2024 (one a duplicate); 序号-only, 合计, signature, 小计 skipped.
	if rep.Rows != 9 || rep.Valid != 8 || rep.Refused != 1 || len(rep.Duplicates) != 1 || rep.Importing != 7 {
		t.Errorf("rows %d valid %d refused %d duplicates %d importing %d", rep.Rows, rep.Valid, rep.Refused, len(rep.Duplicates), rep.Importing)
	}
	var skipped []string
	for _, s := range rep.Skipped {
		skipped = append(skipped, s.Sheet+":"+s.Why)
	}
	if want := []string{"2023年:只有序号的空行", "2023年:合计行", "2023年:签字行（填报人）", "2024年:小计行"}; !slices.Equal(skipped, want) {
		t.Errorf("skipped %v, want %v", skipped, want)
	}
	if d := rep.Duplicates[0]; d.Sheet != "2024年" || d.Row != 6 || d.Of != "2024年 第4行" {
		t.Errorf("duplicate %+v", d)
	}
	if len(rep.Unknown) != 1 || rep.Unknown[0].Column != "类别" || rep.Unknown[0].Value != "火星纠纷" ||
		!slices.Equal(rep.Unknown[0].Rows, []string{"2023年 第10行"}) || len(rep.Unknown[0].Choices) != len(Categories) {
		t.Errorf("unknown %+v", rep.Unknown)
	}
	if len(rep.Errors) != 1 || rep.Errors[0].Sheet != "2023年" || rep.Errors[0].Row != 10 || rep.Errors[0].Column != "类别" {
		t.Errorf("errors %+v", rep.Errors)
	}
	if len(rep.Warnings) != 1 || rep.Warnings[0].Column != "当事人1身份证号" || !strings.Contains(rep.Warnings[0].Why, "已丢失末尾几位") {
		t.Errorf("warnings %+v", rep.Warnings)
	}
	// Statuses: 2023: resolved ×3 (rows 1, 4, 5), mediating (2), failed (3); 2024: resolved (1), mediating (2).
	counts := map[Status]int{}
	for _, c := range rep.ByStatus {
		counts[c.Status] = c.Count
	}
	if counts[StatusResolved] != 4 || counts[StatusMediating] != 2 || counts[StatusFailed] != 1 {
		t.Errorf("by status %+v", rep.ByStatus)
	}
	if len(rep.ByTownship) != 1 || rep.ByTownship[0].Code != "610902107" || rep.ByTownship[0].Total != 7 {
		t.Errorf("by township %+v", rep.ByTownship)
	}
	if !strings.Contains(rep.Summary, "9 行中 7 件将导入") || !strings.Contains(rep.Summary, "其中 4 件将进入待回访") {
		t.Errorf("summary %q", rep.Summary)
	}
	// The cases: dates read in every form, parties split, the agreement not invented.
	byTitle := map[string]*Case{}
	for _, c := range res.Cases {
		byTitle[c.Title] = c
	}
	want := []struct {
		title      string
		registered string
		status     Status
		parties    int
	}{
		{"张三与李四合同纠纷", "2023-05-06", StatusResolved, 2},
		{"王五与赵七婚姻家庭纠纷", "2023-05-08", StatusMediating, 2},
		{"钱一山林土地纠纷", "2023-06-01", StatusFailed, 1},
		{"孙二与周三邻里纠纷", "2023-07-02", StatusResolved, 2},
		{"吴四与郑五劳动争议纠纷", "2023-08-09", StatusResolved, 2},
		{"蒋九与沈十合同纠纷", "2024-03-01", StatusResolved, 2},
		{"韩一与杨二婚姻家庭纠纷", "2024-03-15", StatusMediating, 2},
	}
	for _, w := range want {
		c := byTitle[w.title]
		if c == nil {
			var titles []string
			for k := range byTitle {
				titles = append(titles, k)
			}
			t.Errorf("no case %q among %v", w.title, titles)
			continue
		}
		if got := c.RegisteredAt.Format(time.DateOnly); got != w.registered || c.Status != w.status || len(c.Parties) != w.parties {
			t.Errorf("%s: registered %s status %s parties %d, want %s %s %d", w.title, got, c.Status, len(c.Parties), w.registered, w.status, w.parties)
		}
		if c.Dispute.Source != "proactive" {
			t.Errorf("%s: source %s, want the default chosen at upload", w.title, c.Dispute.Source)
		}
	}
	if c := byTitle["张三与李四合同纠纷"]; c != nil {
		if a := c.Dispute.Agreement; a == nil || a.Type != "" || a.Terms != UnrecordedNote {
			t.Errorf("agreement %+v, want type unrecorded and terms %q", a, UnrecordedNote)
		}
		if last := c.Timeline[len(c.Timeline)-1]; !strings.Contains(last.Note, UnrecordedNote) {
			t.Errorf("timeline note %q", last.Note)
		}
	}
	if c := byTitle["孙二与周三邻里纠纷"]; c != nil && c.Outcome != OutcomeResolved {
		t.Errorf("serial-dated conclusion: %+v", c.Timeline)
	}
	if c := byTitle["蒋九与沈十合同纠纷"]; c != nil && (c.Parties[0].IDNumber != "" || c.Parties[1].Phone != "13800000001") {
		t.Errorf("parties %+v: a number that lost its digits is not imported", c.Parties)
	}
	if c := byTitle["钱一山林土地纠纷"]; c != nil && (c.Dispute.FailureReason != "" || c.Dispute.Redirect != "") {
		t.Errorf("failure %+v: unrecorded reasons are not invented", c.Dispute)
	}

	// The uploader maps the unknown value and closes concluded history: the row imports, concluded cases
	// are 已结案 without a visit counted.
	opts.Values = map[string]map[string]string{"类别": {"火星纠纷": "other"}}
	opts.CloseConcluded = true
	res, err = ParseLedgerBook(RealLedgerBook(), hanbinMed, tree, ledgerNow, opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Report.Refused != 0 || res.Report.Importing != 8 || len(res.Report.Unknown) != 0 {
		t.Errorf("after mapping: refused %d importing %d unknown %v", res.Report.Refused, res.Report.Importing, res.Report.Unknown)
	}
	closed := 0
	for _, c := range res.Cases {
		if c.Status == StatusClosed {
			closed++
			if len(c.Dispute.Visits) != 0 || c.Dispute.FollowUp != nil {
				t.Errorf("%s: a visit was made up", c.Title)
			}
		}
	}
	if closed != 6 {
		t.Errorf("%d closed, want 6 (5 resolved and 1 failed)", closed)
	}

	// Against stored cases: every key found → every row a duplicate, nothing to import.
	stored := func(keys map[string]bool) map[string]string {
		out := map[string]string{}
		for k := range keys {
			out[k] = "610902107-2023-000001"
		}
		return out
	}
	res, err = ParseLedgerBook(RealLedgerBook(), hanbinMed, tree, ledgerNow, opts, stored)
	if err != nil {
		t.Fatal(err)
	}
	if res.Report.Importing != 0 || len(res.Report.Duplicates) != 9 || len(res.Cases) != 0 {
		t.Errorf("against stored: importing %d duplicates %d", res.Report.Importing, len(res.Report.Duplicates))
	}
	opts.KeepDuplicates = true
	if res, _ = ParseLedgerBook(RealLedgerBook(), hanbinMed, tree, ledgerNow, opts, stored); len(res.Cases) != 9 {
		t.Errorf("keeping duplicates: %d cases, want 9", len(res.Cases))
	}
}

func TestLedgerTownshipForms(t *testing.T) {
	tree := ledgerTree(t)
	hanyinMed := &User{ID: "hy", Name: "汉阴调解", Role: RoleMediator, RegionCode: "610921"}
	tests := []struct {
		by     *User
		cells  map[string]string
		want   string // township code, "" = refused
		reason string
	}{
		{cityAdmin, map[string]string{"乡镇名称": "恒口"}, "610902107", ""},
		{cityAdmin, map[string]string{"乡镇名称": "恒口示范区"}, "610902107", ""},
		{cityAdmin, map[string]string{"乡镇名称": "汉滨区恒口镇"}, "610902107", ""},
		{cityAdmin, map[string]string{"乡镇名称": "汉滨恒口"}, "610902107", ""},
		{cityAdmin, map[string]string{"乡镇名称": "恒口镇司法所"}, "610902107", ""},
		{cityAdmin, map[string]string{"乡镇名称": "汉阴县城关镇"}, "610921100", ""},
		{cityAdmin, map[string]string{"乡镇名称": "城关镇", "区县名称": "汉阴县"}, "610921100", ""},
		{cityAdmin, map[string]string{"乡镇名称": "城关镇", "区县名称": "汉阴"}, "610921100", ""},
		{hanyinMed, map[string]string{"乡镇名称": "城关镇"}, "610921100", ""}, // the uploader's county
		{cityAdmin, map[string]string{"乡镇名称": "城关镇"}, "", "有9个乡镇（街道）名为「城关镇」"},
		{cityAdmin, map[string]string{"乡镇名称": "火星镇"}, "", "没有名为「火星镇」的乡镇"},
	}
	for _, tt := range tests {
		base := map[string]string{"标题": "x", "类别": "邻里", "来源": "排查", "登记日期": "2025-03-05", "当事人1姓名": "甲", "当事人2姓名": "乙"}
		rows := ledgerRows(KindDispute, base, tt.cells)
		// no code column: drop 乡镇代码
		i := slices.Index(rows[0], "乡镇代码")
		for k := range rows {
			rows[k] = slices.Delete(rows[k], i, i+1)
		}
		res, err := ParseLedgerBook([]LedgerSheet{{Rows: rows}}, tt.by, tree, ledgerNow, LedgerOptions{}, nil)
		if err != nil {
			t.Fatalf("%v: %v", tt.cells, err)
		}
		switch {
		case tt.want != "" && (len(res.Cases) != 1 || res.Cases[0].TownshipCode != tt.want):
			t.Errorf("%v: %d cases, errors %+v; want %s", tt.cells, len(res.Cases), res.Report.Errors, tt.want)
		case tt.want == "" && (len(res.Cases) != 0 || len(res.Report.Errors) != 1 || !strings.Contains(res.Report.Errors[0].Message, tt.reason)):
			t.Errorf("%v: errors %+v, want …%s…", tt.cells, res.Report.Errors, tt.reason)
		}
	}
	// The uploader maps an unknown township; a township's own ledger without a township column.
	rows := [][]string{{"登记日期", "当事人", "纠纷类型", "化解情况", "乡镇"}, {"2025-03-05", "甲、乙", "邻里", "化解中", "火星镇"}}
	res, err := ParseLedgerBook([]LedgerSheet{{Rows: rows}}, cityAdmin, tree, ledgerNow, LedgerOptions{DefaultSource: "application",
		Values: map[string]map[string]string{"乡镇名称": {"火星镇": "610902001"}}}, nil)
	if err != nil || len(res.Cases) != 1 || res.Cases[0].TownshipCode != "610902001" {
		t.Errorf("mapped township: %v %+v", err, res.Report.Errors)
	}
	noTown := [][]string{{"登记日期", "当事人", "纠纷类型", "化解情况"}, {"2025-03-05", "甲、乙", "邻里", "化解中"}}
	townMed := &User{ID: "tm", Name: "镇调解", Role: RoleMediator, RegionCode: "610902107"}
	res, err = ParseLedgerBook([]LedgerSheet{{Rows: noTown}}, townMed, tree, ledgerNow, LedgerOptions{DefaultSource: "application"}, nil)
	if err != nil || len(res.Cases) != 1 || res.Cases[0].TownshipCode != "610902107" {
		t.Errorf("own township: %v %+v %+v", err, res.Report.Problems, res.Report.Errors)
	}
	res, err = ParseLedgerBook([]LedgerSheet{{Rows: noTown}}, cityAdmin, tree, ledgerNow, LedgerOptions{DefaultSource: "application"}, nil)
	if err != nil || len(res.Report.Problems) != 1 || res.Report.Problems[0].Field != "乡镇名称" || len(res.Cases) != 0 && res.Error() == nil {
		t.Errorf("no township column, no default: %v %+v", err, res.Report.Problems)
	}
	res, _ = ParseLedgerBook([]LedgerSheet{{Rows: noTown}}, cityAdmin, tree, ledgerNow,
		LedgerOptions{DefaultSource: "application", DefaultTownship: "610902107"}, nil)
	if len(res.Cases) != 1 || res.Cases[0].TownshipCode != "610902107" || res.Error() != nil {
		t.Errorf("default township: %+v", res.Report)
	}
}

func TestParseLedgerDateForms(t *testing.T) {
	for in, want := range map[string]string{
		"2024-05-06": "2024-05-06", "2024/5/6": "2024-05-06", "2024.5.6": "2024-05-06", "2024年5月6日": "2024-05-06",
		"24.5.6": "2024-05-06", "5月6日": "2023-05-06", "5.6": "2023-05-06", "２０２４．５．６": "2024-05-06",
		"2024年5月6日14时30分": "2024-05-06", "2024-05-06 14:30:00": "2024-05-06", "45418": "2024-05-06",
		"45418.6041": "2024-05-06", "20240506": "2024-05-06", "2024年05月06号": "2024-05-06", "2024-5-6T09:00": "2024-05-06",
	} {
		got, ok := parseLedgerDateIn(in, 2023)
		if !ok || got.Format(time.DateOnly) != want {
			t.Errorf("%q → %v %v, want %s", in, got, ok, want)
		}
	}
	for _, in := range []string{"2024-02-30", "昨天", "2024年5月", "5月6日下午"} {
		if _, ok := parseLedgerDateIn(in, 2023); ok {
			t.Errorf("%q read as a date", in)
		}
	}
}

func TestLedgerHeaderAliasesAndPetitions(t *testing.T) {
	tree := ledgerTree(t)
	// A petition backlog ledger: 信访人, 交办单位, 包案领导 "姓名（职务）", 化解情况 not used for petitions.
	rows := [][]string{
		{"信访积案台账"},
		{"序号", "信访人", "交办单位", "交办时间", "反映问题", "所属镇", "信访类别", "包案领导", "化解方式", "化解时间"},
		{"1", "王五", "市信访局", "2025-01-10", "补偿款", "老城街道", "征地拆迁", "李四（副区长）", "实质化解", "2025-02-01"},
		{"2", "赵六", "省交办", "2025/1/12", "宅基地", "新城街道", "宅基地", "", "", ""},
	}
	res, err := ParseLedgerBook([]LedgerSheet{{Name: "积案", Rows: rows}}, hanbinPet, tree, ledgerNow, LedgerOptions{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Kind != KindPetition || len(res.Cases) != 2 {
		t.Fatalf("kind %s, %d cases; problems %+v errors %+v", res.Kind, len(res.Cases), res.Report.Problems, res.Report.Errors)
	}
	c := res.Cases[0]
	if c.Status != StatusResolved || c.Petition.LeadLeader == nil || c.Petition.LeadLeader.Name != "李四" || c.Petition.LeadLeader.Post != "副区长" ||
		c.Petition.AssignedBy != "municipal" || !strings.HasPrefix(c.Title, "王五反映") {
		t.Errorf("petition %+v %+v", c, c.Petition)
	}
	if res.Cases[1].Petition.AssignedBy != "provincial" || res.Cases[1].Status != StatusAccepted {
		t.Errorf("second petition %s %s", res.Cases[1].Petition.AssignedBy, res.Cases[1].Status)
	}
	// The uploader's column choice overrides an alias, and "" leaves a column out.
	rows = [][]string{{"日期", "当事人", "类型", "事由", "乡镇"}, {"2025-03-05", "甲、乙", "邻里", "吵架", "恒口"}}
	res, err = ParseLedgerBook([]LedgerSheet{{Rows: rows}}, cityAdmin, tree, ledgerNow,
		LedgerOptions{DefaultSource: "application", Columns: map[string]string{"事由": "标题", "类型": "类别"}}, nil)
	if err != nil || len(res.Cases) != 1 || res.Cases[0].Title != "吵架" {
		t.Fatalf("chosen columns: %v %+v", err, res.Report)
	}
	var by string
	for _, m := range res.Report.Columns {
		if m.Source == "事由" {
			by = m.By
		}
	}
	if by != "chosen" {
		t.Errorf("columns %+v", res.Report.Columns)
	}
	if res.Report.Signature == "" {
		t.Error("no signature")
	}
	// The 人民调解结案报告表's words: 受案时间, 案件来源 naming the referring office.
	rows = [][]string{{"受案时间", "当事人", "纠纷类型", "案件来源", "承办单位"}, {"2025-03-05", "甲与乙", "邻里", "公安机关移交", "恒口镇人民调解委员会"}}
	res, err = ParseLedgerBook([]LedgerSheet{{Rows: rows}}, cityAdmin, tree, ledgerNow, LedgerOptions{}, nil)
	if err != nil || len(res.Cases) != 1 || res.Cases[0].Dispute.Source != "referral" || res.Cases[0].Dispute.ReferralFrom != "police" ||
		res.Cases[0].TownshipCode != "610902107" {
		t.Errorf("结案报告表 words: %v %+v", err, res.Report.Errors)
	}
	_, err = ParseLedgerBook([]LedgerSheet{{Name: "表1", Rows: [][]string{{"姓名", "金额"}, {"a", "1"}}}}, cityAdmin, tree, ledgerNow, LedgerOptions{}, nil)
	var de *Error
	if !errors.Is(err, ErrNoLedgerHeader) || !errors.As(err, &de) || de.Fields[0].Field != "工作表「表1」" {
		t.Errorf("no header: %v", err)
	}
}
