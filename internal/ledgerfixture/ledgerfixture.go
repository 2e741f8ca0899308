// Package ledgerfixture holds a township's workbook as offices keep it (issue 19), shared by the domain's,
// the HTTP and the CLI tests of the ledger import. It imports nothing of the project, so the domain's own
// tests can use it.
package ledgerfixture

// Sheet is one sheet of the workbook: its name and its rows of cells as text.
type Sheet struct {
	Name string
	Rows [][]string
}

// Book is the workbook: a sheet per year, a title and a 填报单位 row above the header, 序号 and 备注 columns,
// a single 当事人 column, local words for outcomes and categories, townships short, local and with the
// county, dates in every form, an unknown category, totals and signature rows; a second sheet with a two-row
// merged header, an ID number Excel turned into 6.10902E+17 and a repeated row; a notes sheet.
func Book() []Sheet {
	y2023 := [][]string{
		{"恒口镇2023年矛盾纠纷排查化解台账"},
		{"填报单位：恒口镇司法所（盖章）", "", "", "", "填报日期：2024年1月5日"},
		{},
		{"序号", "受理时间", "当事人", "纠纷类型", "纠纷概况", "镇（街道）", "化解情况", "化解时间", "调解人员", "备注"},
		{"1", "2023.5.6", "张三、李四", "民间借贷纠纷", "借款两万元未还", "恒口", "已化解", "2023.5.20", "赵六", ""},
		{"2", "5月8日", "王五与赵七", "赡养", "赡养费分担", "汉滨区恒口镇", "化解中", "", "", "电话联系"},
		{"3", "2023年6月1日", "钱一", "土地承包经营权纠纷", "承包地界址", "恒口示范区", "调解不成功", "2023/6/20", "", ""},
		{"4", "２０２３．７．２", "孙二\n周三", "相邻关系", "排水\n争执", "恒口镇", "化解成功", "45139", "", ""},
		{"5", "23.8.9 14:30", "吴四和郑五", "劳务", "工钱", "恒口", "调解成功", "2023-08-20 10:00", "", ""},
		{"6", "45200", "冯六", "火星纠纷", "不明", "恒口", "已化解", "", "", ""}, // unknown category: refused
		{"7"},
		{"合计", "", "6件"},
		{"填报人：陈七", "", "", "审核人：褚八"},
	}
	y2024 := [][]string{
		{"2024年矛盾纠纷排查化解台账"},
		{"序号", "排查日期", "申请人", "", "被申请人", "", "纠纷类型", "调处结果", "所属镇"},
		{"", "", "姓名", "身份证号", "姓名", "联系电话", "", "", ""},
		{"1", "2024-03-01", "蒋九", "6.10902E+17", "沈十", "13800000001", "债务", "化解成功", "恒口"},
		{"2", "3月15日", "韩一", "", "杨二", "", "继承", "正在调解", "恒口镇"},
		{"3", "2024-03-01", "蒋九", "", "沈十", "", "债务", "化解成功", "恒口"}, // repeats row 4: a duplicate
		{"小计", "", "3"},
	}
	notes := [][]string{{"填表说明：本台账按月报送。"}, {"化解情况填写：已化解、化解中、未化解。"}}
	return []Sheet{{Name: "2023年", Rows: y2023}, {Name: "2024年", Rows: y2024}, {Name: "说明", Rows: notes}}
}
