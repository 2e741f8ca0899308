package domain

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

var ledgerNow = time.Date(2026, 3, 15, 10, 0, 0, 0, Shanghai)

func ledgerTree(t testing.TB) *RegionTree {
	t.Helper()
	tree, err := NewRegionTree(AnkangRegions())
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

var (
	cityAdmin    = &User{ID: "admin", Name: "系统管理员", Role: RoleAdmin, RegionCode: "6109"}
	hanbinMed    = &User{ID: "med", Name: "王调解", Role: RoleMediator, RegionCode: "610902"}
	hanbinPet    = &User{ID: "pet", Name: "刘信访", Role: RolePetition, RegionCode: "610902"}
	cityLeader   = &User{ID: "leader", Name: "李领导", Role: RoleLeader, RegionCode: "6109"}
	disputeBase  = map[string]string{"乡镇代码": "610902001", "标题": "张某与李某宅基地纠纷", "类别": "房屋宅基地", "来源": "当事人申请", "登记日期": "2025-03-05", "当事人1姓名": "张三", "当事人2姓名": "李四"}
	petitionBase = map[string]string{"乡镇代码": "610902001", "标题": "王某反映征地补偿问题", "类别": "征地拆迁", "交办层级": "市", "登记日期": "2025-03-05", "当事人1姓名": "王五"}
)

// ledgerRows builds a ledger with the template's headers (plus any other keys used) and one row per map,
// each starting from base.
func ledgerRows(kind Kind, base map[string]string, rows ...map[string]string) [][]string {
	var header []string
	for _, c := range LedgerColumns(kind, nil, "") {
		header = append(header, c.Header)
	}
	for _, r := range rows {
		for k := range r {
			if !slices.Contains(header, k) {
				header = append(header, k)
			}
		}
	}
	out := [][]string{header}
	for _, r := range rows {
		row := make([]string, len(header))
		for i, h := range header {
			row[i] = base[h]
			if v, ok := r[h]; ok {
				row[i] = v
			}
		}
		out = append(out, row)
	}
	return out
}

func day(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, Shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

func TestLedgerDisputesReachTheirState(t *testing.T) {
	tree := ledgerTree(t)
	tests := []struct {
		name    string
		row     map[string]string
		status  Status
		outcome Outcome
		check   func(t *testing.T, c *Case)
	}{
		{"no outcome: mediating since registration", map[string]string{}, StatusMediating, "", func(t *testing.T, c *Case) {
			if !c.AcceptedAt.Equal(day("2025-03-05")) || !c.DueAt.Equal(day("2025-04-04")) {
				t.Errorf("accepted %v due %v", c.AcceptedAt, c.DueAt)
			}
			if !slices.Equal(c.Dispute.Mediators, []string{"系统管理员"}) {
				t.Errorf("mediators %v, want the importing user", c.Dispute.Mediators)
			}
		}},
		{"registered only", map[string]string{"结果": "已登记"}, StatusRegistered, "", func(t *testing.T, c *Case) {
			if c.AcceptedAt != nil {
				t.Errorf("accepted at %v", c.AcceptedAt)
			}
		}},
		{"resolved and closed", map[string]string{"受理日期": "2025/3/6", "调解员": "赵六、钱七", "结果": "调解成功",
			"办结日期": "2025年3月20日", "协议类型": "书面", "协议内容": "以界桩为界", "履行期限": "2025-03-31",
			"回访日期": "20250410", "满意度": "基本满意", "回访情况": "已履行"}, StatusClosed, OutcomeResolved, func(t *testing.T, c *Case) {
			if !c.ClosedAt.Equal(day("2025-04-10")) || c.Dispute.FollowUp.Satisfaction != "basic" {
				t.Errorf("closed %v follow-up %+v", c.ClosedAt, c.Dispute.FollowUp)
			}
			if a := c.Dispute.Agreement; a.Type != "written" || a.Terms != "以界桩为界" || !a.PerformBy.Equal(day("2025-04-01").Add(-time.Second)) {
				t.Errorf("agreement %+v", a)
			}
			if !slices.Equal(c.Dispute.Mediators, []string{"赵六", "钱七"}) {
				t.Errorf("mediators %v", c.Dispute.Mediators)
			}
			var actions []string
			for _, e := range c.Timeline {
				actions = append(actions, e.Action)
			}
			if want := []string{"register", "accept", "start", "resolve", "close"}; !slices.Equal(actions, want) {
				t.Errorf("timeline %v, want %v", actions, want)
			}
			// the events keep the ledger's dates; the case and every entry were recorded at the import
			if c.Version != 5 || !c.UpdatedAt.Equal(ledgerNow) || !c.CreatedAt.Equal(ledgerNow) {
				t.Errorf("version %d created %v updated %v", c.Version, c.CreatedAt, c.UpdatedAt)
			}
			if first, last := c.Timeline[0], c.Timeline[len(c.Timeline)-1]; !first.At.Equal(day("2025-03-05")) || !last.At.Equal(day("2025-04-10")) {
				t.Errorf("events from %v to %v", first.At, last.At)
			}
			for _, e := range c.Timeline {
				if !e.RecordedAt.Equal(ledgerNow) {
					t.Errorf("%s recorded at %v, want the import %v", e.Action, e.RecordedAt, ledgerNow)
				}
			}
		}},
		{"failed, still to visit", map[string]string{"结果": "failed", "办结日期": "2025-04-01", "调解不成原因": "分歧过大",
			"告知途径": "诉讼"}, StatusFailed, OutcomeFailed, func(t *testing.T, c *Case) {
			if c.Dispute.FailureReason != "gap_too_large" || c.Dispute.Redirect != "litigation" {
				t.Errorf("failure %q redirect %q", c.Dispute.FailureReason, c.Dispute.Redirect)
			}
		}},
		{"extended before the due date", map[string]string{"结果": "调解成功", "办结日期": "2025-04-20", "协议类型": "口头协议",
			"协议内容": "赔偿500元", "延期天数": "15", "延期原因": "双方同意延期"}, StatusResolved, OutcomeResolved, func(t *testing.T, c *Case) {
			ext := c.Dispute.Extension
			if ext == nil || ext.Days != 15 || !ext.At.Equal(day("2025-04-03")) || !c.DueAt.Equal(day("2025-04-19")) {
				t.Errorf("extension %+v due %v", ext, c.DueAt)
			}
		}},
		{"labels, codes and aliases", map[string]string{"类别": "邻里纠纷", "风险等级": "黄色", "来源": "referral", "移送单位": "派出所"},
			StatusMediating, "", func(t *testing.T, c *Case) {
				if c.Category != "neighbor" || c.RiskLevel != "yellow" || c.Dispute.Source != "referral" || c.Dispute.ReferralFrom != "police" {
					t.Errorf("category %s risk %s source %s referral %s", c.Category, c.RiskLevel, c.Dispute.Source, c.Dispute.ReferralFrom)
				}
			}},
		{"township by name within its county", map[string]string{"乡镇代码": "", "乡镇名称": "城关镇", "区县名称": "汉阴县"},
			StatusMediating, "", func(t *testing.T, c *Case) {
				if c.TownshipCode != "610921100" || c.CountyCode != "610921" {
					t.Errorf("township %s county %s", c.TownshipCode, c.CountyCode)
				}
			}},
		{"formula text stays text", map[string]string{"标题": "=cmd|' /C calc'!A0", "当事人1姓名": "@SUM(A1)"},
			StatusMediating, "", func(t *testing.T, c *Case) {
				if c.Title != "=cmd|' /C calc'!A0" || c.Parties[0].Name != "@SUM(A1)" {
					t.Errorf("title %q party %q", c.Title, c.Parties[0].Name)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind, cases, err := ParseLedger(ledgerRows(KindDispute, disputeBase, tt.row), cityAdmin, tree, ledgerNow)
			if err != nil {
				t.Fatalf("refused: %v %+v", err, rowsOf(err))
			}
			if kind != KindDispute || len(cases) != 1 {
				t.Fatalf("kind %s, %d cases", kind, len(cases))
			}
			c := cases[0]
			if c.Status != tt.status || c.Outcome != tt.outcome {
				t.Fatalf("status %s outcome %q, want %s %q", c.Status, c.Outcome, tt.status, tt.outcome)
			}
			if !c.RegisteredAt.Equal(day("2025-03-05")) || c.ID != "" {
				t.Errorf("registered %v id %q", c.RegisteredAt, c.ID)
			}
			tt.check(t, c)
		})
	}
}

func TestLedgerPetitionsReachTheirState(t *testing.T) {
	tree := ledgerTree(t)
	leader := map[string]string{"包案领导": "王五", "领导职务": "副区长", "化解方案": "一案一策"}
	with := func(ms ...map[string]string) map[string]string {
		out := map[string]string{}
		for _, m := range ms {
			for k, v := range m {
				out[k] = v
			}
		}
		return out
	}
	tests := []struct {
		name   string
		row    map[string]string
		status Status
		check  func(t *testing.T, c *Case)
	}{
		{"accepted, due 60 days after 交办", map[string]string{}, StatusAccepted, func(t *testing.T, c *Case) {
			if !c.DueAt.Equal(day("2025-05-04")) || !c.Timeline[0].DueAt.Equal(day("2025-05-04")) || !c.RegisteredAt.Equal(day("2025-03-05")) {
				t.Errorf("due %v registered %v", c.DueAt, c.RegisteredAt)
			}
			// the importing office is the assigning office; the category is converted to a petition category
			if c.Petition.AssignerRegion != "610902" || !c.Petition.AssignedAt.Equal(day("2025-03-05")) || c.Category != "natural_resources" {
				t.Errorf("assigner %q assigned %v category %q", c.Petition.AssignerRegion, c.Petition.AssignedAt, c.Category)
			}
		}},
		{"the office's deadline", map[string]string{"交办日期": "2025-03-01", "办结期限": "2025-06-30", "批次": "第3批"}, StatusAccepted, func(t *testing.T, c *Case) {
			if !c.DueAt.Equal(day("2025-07-01").Add(-time.Second)) || c.Petition.Batch != "第3批" || !c.Petition.AssignedAt.Equal(day("2025-03-01")) {
				t.Errorf("due %v petition %+v", c.DueAt, c.Petition)
			}
			// a backlog case is registered by its 交办; it was signed on the ledger's registration day
			if !c.RegisteredAt.Equal(day("2025-03-01")) || !c.Timeline[0].At.Equal(day("2025-03-01")) || !c.AcceptedAt.Equal(day("2025-03-05")) {
				t.Errorf("registered %v accepted %v", c.RegisteredAt, c.AcceptedAt)
			}
		}},
		{"leader assigned", leader, StatusResolving, func(t *testing.T, c *Case) {
			if c.Petition.LeadLeader.Post != "副区长" || c.Petition.Plan != "一案一策" {
				t.Errorf("petition %+v", c.Petition)
			}
		}},
		{"resolved", with(leader, map[string]string{"化解方式": "息诉罢访", "化解日期": "2025-04-01"}), StatusResolved, func(t *testing.T, c *Case) {
			if c.Petition.ResolutionType != "ceased" {
				t.Errorf("resolution %q", c.Petition.ResolutionType)
			}
		}},
		{"cleared after an extension", with(leader, map[string]string{"化解方式": "实质化解", "化解日期": "2025-05-20",
			"销号日期": "2025-06-10", "延期天数": "30", "延期批准人": "县信访局", "延期原因": "涉及多部门"}), StatusCleared, func(t *testing.T, c *Case) {
			x := c.Petition.Extension
			if !c.Petition.ClearedAt.Equal(day("2025-06-10")) || x.Approver != "县信访局" || x.Reason != "涉及多部门" || !c.DueAt.Equal(day("2025-06-03")) {
				t.Errorf("petition %+v due %v", c.Petition, c.DueAt)
			}
			// the ledger's clearance is the application and its approval, that day
			want := []string{"register", "accept", "assign", "extend", "resolve", "apply_clear", "clear"}
			if got := actionsOf(c); !slices.Equal(got, want) {
				t.Errorf("timeline %v, want %v", got, want)
			}
			if n := len(c.Timeline); !c.Timeline[n-2].At.Equal(day("2025-06-10")) || !c.ClosedAt.Equal(day("2025-06-10")) || c.Petition.AppliedAt != nil {
				t.Errorf("applied %v closed %v", c.Timeline[n-2].At, c.ClosedAt)
			}
		}},
		{"extended without naming the approver", with(leader, map[string]string{"延期天数": "15", "延期原因": "春节假期"}), StatusResolving, func(t *testing.T, c *Case) {
			if x := c.Petition.Extension; x == nil || x.Approver != "刘信访" || x.Reason != "春节假期" {
				t.Errorf("extension %+v, want the importing user as approver", x)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind, cases, err := ParseLedger(ledgerRows(KindPetition, petitionBase, tt.row), hanbinPet, tree, ledgerNow)
			if err != nil {
				t.Fatalf("refused: %v %+v", err, rowsOf(err))
			}
			if kind != KindPetition || len(cases) != 1 {
				t.Fatalf("kind %s, %d cases", kind, len(cases))
			}
			if c := cases[0]; c.Status != tt.status {
				t.Fatalf("status %s, want %s", c.Status, tt.status)
			}
			tt.check(t, cases[0])
		})
	}
}

func rowsOf(err error) []RowError {
	var de *Error
	if errors.As(err, &de) {
		return de.Rows
	}
	return nil
}

// One bad cell anywhere refuses the whole file and names each bad cell by row and column.
func TestLedgerNamesEveryBadCell(t *testing.T) {
	tree := ledgerTree(t)
	tests := []struct {
		name   string
		user   *User
		row    map[string]string
		column string
		want   string // part of the message
	}{
		{"bad date", cityAdmin, map[string]string{"登记日期": "2025-02-30"}, "登记日期", "无法识别日期「2025-02-30」"},
		{"future date", cityAdmin, map[string]string{"登记日期": "2026-03-16"}, "登记日期", "不能晚于今天"},
		{"missing title", cityAdmin, map[string]string{"标题": ""}, "标题", "标题为必填字段"},
		{"unknown category", cityAdmin, map[string]string{"类别": "火星"}, "类别", "「火星」不是有效的类别"},
		{"unknown township code", cityAdmin, map[string]string{"乡镇代码": "610999999"}, "乡镇代码", "不存在"},
		{"name does not match the code", cityAdmin, map[string]string{"乡镇名称": "新城街道"}, "乡镇名称", "不一致"},
		{"repeated township name", cityAdmin, map[string]string{"乡镇代码": "", "乡镇名称": "城关镇"}, "乡镇名称", "有9个乡镇（街道）名为「城关镇」"},
		{"outside the user's region", hanbinMed, map[string]string{"乡镇代码": "610921100"}, "乡镇代码", "不在您的管辖范围内"},
		{"bad ID number", cityAdmin, map[string]string{"当事人2身份证号": "1234"}, "当事人2身份证号", "身份证号格式不正确"},
		{"party without a name", cityAdmin, map[string]string{"当事人2姓名": "", "当事人2电话": "13800000000"}, "当事人2姓名", "必填"},
		{"no party", cityAdmin, map[string]string{"当事人1姓名": "", "当事人2姓名": ""}, "当事人1姓名", "至少需要2名当事人"},
		{"referral without its office", cityAdmin, map[string]string{"来源": "委托移送"}, "移送单位", "必须填写移送单位"},
		{"agreement type without terms", cityAdmin, map[string]string{"结果": "调解成功", "办结日期": "2025-03-20", "协议类型": "书面协议"}, "协议内容", "结果为调解成功时必须填写「协议内容」"},
		{"failed with a reason but no route", cityAdmin, map[string]string{"结果": "调解不成", "办结日期": "2025-03-20", "调解不成原因": "分歧过大"}, "告知途径", "必须填写「告知途径」"},
		{"concluded before accepted", cityAdmin, map[string]string{"受理日期": "2025-03-10", "结果": "调解不成", "办结日期": "2025-03-08",
			"调解不成原因": "申请人撤回申请", "告知途径": "无需告知"}, "办结日期", "办结日期不能早于受理日期"},
		{"failed without telling the parties their routes", cityAdmin, map[string]string{"结果": "调解不成", "办结日期": "2025-03-20",
			"调解不成原因": "分歧过大", "告知途径": "无需告知"}, "告知途径", "只有申请人撤回申请或当事人自行和解的，才可以不告知"},
		{"follow-up on an open case", cityAdmin, map[string]string{"回访日期": "2025-04-01"}, "回访日期", "结果未填写（调解中）时不能填写「回访日期」"},
		{"wrong outcome", cityAdmin, map[string]string{"结果": "已结案"}, "结果", "「已结案」不是有效的结果"},
		{"extension too long", cityAdmin, map[string]string{"延期天数": "45", "延期原因": "x"}, "延期天数", "1至30"},
		{"title too long", cityAdmin, map[string]string{"标题": strings.Repeat("长", 201)}, "标题", "不能超过200个字符"},
		{"the template's example row", cityAdmin, map[string]string{"标题": "示例：张某某与李某某宅基地界址纠纷"}, "标题", "示例行"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			good := map[string]string{}
			rows := ledgerRows(KindDispute, disputeBase, good, tt.row, good)
			_, cases, err := ParseLedger(rows, tt.user, tree, ledgerNow)
			if err == nil || cases != nil {
				t.Fatalf("accepted: %d cases", len(cases))
			}
			var de *Error
			if !errors.As(err, &de) || de.Status != 422 || de.Code != "validation_failed" {
				t.Fatalf("error %v, want a 422", err)
			}
			if len(de.Rows) != 1 || len(de.Fields) != 0 {
				t.Fatalf("want one error, got rows %+v", de.Rows)
			}
			got := de.Rows[0]
			if got.Row != 3 || got.Column != tt.column || !strings.Contains(got.Message, tt.want) {
				t.Errorf("error %+v, want row 3 column %s message containing %q", got, tt.column, tt.want)
			}
		})
	}
}

// Petition ledgers: an extension gives its reason.
func TestLedgerPetitionBadCells(t *testing.T) {
	tree := ledgerTree(t)
	for _, tc := range []struct {
		name   string
		row    map[string]string
		column string
		want   string
	}{
		{"extension without a reason", map[string]string{"延期天数": "30", "延期批准人": "县信访局"}, "延期原因", "填写延期天数时必须填写「延期原因」"},
		{"reason without an extension", map[string]string{"延期原因": "x"}, "延期原因", "未填写延期天数时不能填写「延期原因」"},
		{"cleared without resolution", map[string]string{"销号日期": "2025-06-10"}, "化解方式", "填写销号日期时必须填写「化解方式」"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, cases, err := ParseLedger(ledgerRows(KindPetition, petitionBase, tc.row), hanbinPet, tree, ledgerNow)
			rows := rowsOf(err)
			if cases != nil || len(rows) == 0 || rows[0].Column != tc.column || !strings.Contains(rows[0].Message, tc.want) {
				t.Errorf("rows %+v, want %s: …%s…", rows, tc.column, tc.want)
			}
		})
	}
}

// All errors of all rows are listed together, blank rows are skipped but counted in row numbers.
func TestLedgerListsErrorsOfEveryRow(t *testing.T) {
	rows := ledgerRows(KindDispute, disputeBase,
		map[string]string{"登记日期": "昨天", "类别": "?"},
		map[string]string{},
		map[string]string{"标题": ""},
	)
	rows = slices.Insert(rows, 2, []string{"", "  "})
	_, _, err := ParseLedger(rows, cityAdmin, ledgerTree(t), ledgerNow)
	got := rowsOf(err)
	want := []RowError{{Row: 2, Column: "类别"}, {Row: 2, Column: "登记日期"}, {Row: 5, Column: "标题"}}
	if len(got) != len(want) {
		t.Fatalf("errors %+v, want rows/columns %+v", got, want)
	}
	for i := range want {
		if got[i].Row != want[i].Row || got[i].Column != want[i].Column {
			t.Errorf("error %d: %+v, want row %d column %s", i, got[i], want[i].Row, want[i].Column)
		}
	}
}

func TestLedgerHeaderProblems(t *testing.T) {
	tree := ledgerTree(t)
	row := func(n int) []string {
		out := make([]string, n)
		out[0] = "x"
		return out
	}
	// Too little to be a ledger's header: refused as a whole, naming the sheet and what was recognised.
	for _, header := range [][]string{{"标题", "类别"}, {"来源", "交办层级"}, {"姓名", "金额", "日期说明"}} {
		_, _, err := ParseLedger([][]string{header, row(len(header))}, cityAdmin, tree, ledgerNow)
		var de *Error
		if !errors.Is(err, ErrNoLedgerHeader) || !errors.As(err, &de) || de.Status != 422 || len(de.Fields) != 1 ||
			!strings.Contains(de.Fields[0].Field, "工作表") {
			t.Errorf("header %v: %v, want ledger_header_not_found naming the sheet", header, err)
		}
	}
	// A header without a column the import needs, and no default for it: the file is refused, naming it.
	tests := []struct {
		name   string
		header []string
		field  string
		want   string
	}{
		{"no registration date", []string{"乡镇代码", "来源", "类别", "当事人1姓名", "当事人2姓名"}, "登记日期", "找不到「登记日期」列"},
		{"no township", []string{"来源", "标题", "类别", "登记日期", "当事人1姓名", "当事人2姓名"}, "乡镇名称", "请选择这份台账所属的乡镇"},
		{"no source", []string{"乡镇代码", "标题", "类别", "登记日期", "当事人1姓名", "当事人2姓名"}, "来源", "请选择这些纠纷的来源"},
		{"no parties", []string{"乡镇代码", "来源", "标题", "类别", "登记日期"}, "当事人", "找不到「当事人」列"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := ParseLedger([][]string{tt.header, row(len(tt.header))}, cityAdmin, tree, ledgerNow)
			var de *Error
			if !errors.As(err, &de) || de.Status != 422 || len(de.Fields) == 0 {
				t.Fatalf("error %v, want a 422 naming the column", err)
			}
			if f := de.Fields[0]; f.Field != tt.field || !strings.Contains(f.Message, tt.want) {
				t.Errorf("fields %+v, want %s: …%s…", de.Fields, tt.field, tt.want)
			}
		})
	}
	// Marks and half-width brackets in headers are fine.
	rows := ledgerRows(KindDispute, disputeBase, map[string]string{})
	for i, h := range rows[0] {
		rows[0][i] = "*" + strings.NewReplacer("（", "(", "）", ")").Replace(h)
	}
	if _, _, err := ParseLedger(rows, cityAdmin, tree, ledgerNow); err != nil {
		t.Errorf("marked headers refused: %v", err)
	}
	if _, _, err := ParseLedger(nil, cityAdmin, tree, ledgerNow); !errors.Is(err, ErrBadRequest) {
		t.Errorf("no rows: %v, want a 400", err)
	}
	_, _, err := ParseLedger(rows[:1], cityAdmin, tree, ledgerNow)
	var de *Error
	if !errors.As(err, &de) || de.Status != 422 || len(de.Fields) == 0 || de.Fields[0].Field != "文件" {
		t.Errorf("header only: %v, want a 422 on 文件", err)
	}
}

// Who may import what follows intake: mediators disputes, petition staff petitions, leaders nothing.
func TestLedgerRoles(t *testing.T) {
	tree := ledgerTree(t)
	tests := []struct {
		user *User
		kind Kind
		ok   bool
	}{
		{hanbinMed, KindDispute, true},
		{hanbinMed, KindPetition, false},
		{hanbinPet, KindPetition, true},
		{hanbinPet, KindDispute, false},
		{cityAdmin, KindPetition, true},
		{cityLeader, KindDispute, false},
	}
	for _, tt := range tests {
		base := disputeBase
		if tt.kind == KindPetition {
			base = petitionBase
		}
		_, _, err := ParseLedger(ledgerRows(tt.kind, base, map[string]string{}), tt.user, tree, ledgerNow)
		if tt.ok && err != nil {
			t.Errorf("%s importing %s: %v", tt.user.Role, tt.kind, err)
		}
		if !tt.ok && !errors.Is(err, ErrForbidden) {
			t.Errorf("%s importing %s: %v, want 403", tt.user.Role, tt.kind, err)
		}
	}
}

func TestParseLedgerDate(t *testing.T) {
	for in, want := range map[string]string{
		"2025-03-05": "2025-03-05", "2025/3/5": "2025-03-05", "2025.03.05": "2025-03-05", "2025年3月5日": "2025-03-05",
		"20250305": "2025-03-05", "2025-03-05 00:00:00": "2025-03-05", "2025-03-05T08:00:00+08:00": "2025-03-05",
		"45721": "2025-03-05", "45721.5": "2025-03-05",
		"2025-13-01": "", "2025-02-29": "", "03/05/2025": "", "昨天": "", "123": "", "2025-3": "",
	} {
		got, ok := parseLedgerDate(in)
		if want == "" {
			if ok {
				t.Errorf("%q parsed as %v", in, got)
			}
			continue
		}
		if !ok || got.Format(time.DateOnly) != want || got.Location() != Shanghai || got.Hour() != 0 {
			t.Errorf("%q: %v %v, want %s", in, got, ok, want)
		}
	}
}

// The template's example row is right apart from its title, which marks it as the example.
func TestLedgerTemplateExampleIsValid(t *testing.T) {
	tree := ledgerTree(t)
	for _, kind := range []Kind{KindDispute, KindPetition} {
		cols := LedgerColumns(kind, tree, "610921")
		var header, example []string
		for _, c := range cols {
			header = append(header, c.Header)
			example = append(example, c.Example)
			if c.Header == "标题" {
				example[len(example)-1] = strings.TrimPrefix(c.Example, ledgerExamplePrefix)
			}
		}
		user := &User{ID: "u", Name: "导入人", Role: RoleAdmin, RegionCode: "610921"}
		_, cases, err := ParseLedger([][]string{header, example}, user, tree, ledgerNow)
		if err != nil {
			t.Fatalf("%s example refused: %v %+v", kind, err, rowsOf(err))
		}
		if cases[0].CountyCode != "610921" {
			t.Errorf("%s example in county %s, want the user's", kind, cases[0].CountyCode)
		}
	}
}

// BenchmarkParseLedger measures reading and checking ledger rows (one closed dispute per row) through
// NewCase and Apply, per row.
func BenchmarkParseLedger(b *testing.B) {
	tree := ledgerTree(b)
	closed := map[string]string{"受理日期": "2025-03-06", "调解员": "赵六", "结果": "调解成功", "办结日期": "2025-03-20",
		"协议类型": "书面协议", "协议内容": "赔偿500元", "回访日期": "2025-04-10", "满意度": "满意"}
	rows := ledgerRows(KindDispute, disputeBase, closed)
	for len(rows) < 1001 {
		rows = append(rows, rows[1])
	}
	b.ResetTimer()
	for range b.N / 1000 {
		if _, _, err := ParseLedger(rows, cityAdmin, tree, ledgerNow); err != nil {
			b.Fatal(err)
		}
	}
}

// Rows are read in order, built on every core a chunk at a time and reported in order: across chunk
// boundaries, the errors the reading finds (a bad date) and those building finds (an ID number NewCase
// refuses) come out in file order, the first maxLedgerErrors listed and the rest counted, every refused row
// with its own messages, the good rows' cases in file order.
func TestLedgerRowsReportInFileOrder(t *testing.T) {
	tree := ledgerTree(t)
	const n = 2*ledgerBuildChunk + 700
	var rows []map[string]string
	wantRefused := map[int][]string{} // sheet row → messages
	for i := range n {
		r := map[string]string{"标题": fmt.Sprintf("案件%05d", i)}
		num := i + 2 // the header is row 1
		switch {
		case i%3 == 0:
			r["登记日期"] = "2025-13-45"
			wantRefused[num] = []string{"「登记日期」"}
		case i%3 == 1 && i%2 == 0:
			r["当事人1身份证号"] = "12345"
			wantRefused[num] = []string{"「当事人1身份证号」"}
		}
		rows = append(rows, r)
	}
	res, err := ParseLedgerBook([]LedgerSheet{{Name: "2025年", Rows: ledgerRows(KindDispute, disputeBase, rows...)}}, cityAdmin, tree, ledgerNow, LedgerOptions{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rep := res.Report
	if rep.ErrorCount != len(wantRefused) || len(rep.Errors) != min(len(wantRefused), maxLedgerErrors) {
		t.Fatalf("%d errors listed, %d counted; want %d counted", len(rep.Errors), rep.ErrorCount, len(wantRefused))
	}
	for i := 1; i < len(rep.Errors); i++ {
		if rep.Errors[i].Row <= rep.Errors[i-1].Row {
			t.Fatalf("errors out of order at %d: row %d after row %d", i, rep.Errors[i].Row, rep.Errors[i-1].Row)
		}
	}
	if len(res.Refused) != len(wantRefused) || rep.Refused != len(wantRefused) {
		t.Fatalf("%d refused rows (report %d), want %d", len(res.Refused), rep.Refused, len(wantRefused))
	}
	for i, r := range res.Refused {
		want := wantRefused[r.Row]
		if i > 0 && r.Row <= res.Refused[i-1].Row || len(r.Messages) != 1 || want == nil || !strings.HasPrefix(r.Messages[0], want[0]) {
			t.Fatalf("refused row %d: %q, want one message on %v", r.Row, r.Messages, want)
		}
	}
	if len(res.Cases) != n-len(wantRefused) {
		t.Fatalf("%d cases, want %d", len(res.Cases), n-len(wantRefused))
	}
	for i := 1; i < len(res.Cases); i++ {
		if res.Cases[i].Title <= res.Cases[i-1].Title {
			t.Fatalf("cases out of file order: %q after %q", res.Cases[i].Title, res.Cases[i-1].Title)
		}
	}
}
