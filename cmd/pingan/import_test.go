package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pingan/domain"
	"pingan/handlers/handlerstest"
)

func writeLedger(t *testing.T, name string, rows [][]string) string {
	t.Helper()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.WriteAll(rows)
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestImportCommand(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	header := []string{"乡镇名称", "区县名称", "标题", "类别", "来源", "登记日期", "当事人1姓名", "当事人2姓名", "结果", "办结日期", "协议类型", "协议内容"}
	good := writeLedger(t, "台账.csv", [][]string{header,
		{"城关镇", "汉阴县", "张某与李某相邻通行纠纷", "邻里", "当事人申请", "2025-06-01", "张三", "李四", "调解成功", "2025-06-10", "口头协议", "互相让路"},
		{"老城街道", "", "王某与赵某借款纠纷", "合同", "主动排查调解", "2025-06-02", "王五", "赵六", "", "", "", ""},
	})
	bad := writeLedger(t, "bad.csv", [][]string{header,
		{"城关镇", "", "张某与李某相邻通行纠纷", "邻里", "当事人申请", "2025-6-31", "张三", "李四", "", "", "", ""},
	})
	steps := []struct {
		args   []string
		code   int
		stdout string
		stderr string
		cases  int
	}{
		{[]string{"import", good, "--dry-run"}, 0, "检查通过：矛盾纠纷台账 2 行均可导入", "", 0},
		{[]string{"import", bad}, 1, "", "第2行「乡镇名称」：有9个乡镇（街道）名为「城关镇」", 0},
		{[]string{"import", "--as", "nobody", good}, 1, "", "no user nobody", 0},
		{[]string{"import", filepath.Join(dir, "missing.csv")}, 1, "", "no such file", 0},
		{[]string{"import"}, 2, "", "Usage: pingan import FILE", 0},
		{[]string{"import", good}, 0, "已导入矛盾纠纷 2 件", "", 2},
	}
	for _, s := range steps {
		code, stdout, stderr := run(t, dir, s.args...)
		if code != s.code || !strings.Contains(stdout, s.stdout) || !strings.Contains(stderr, s.stderr) {
			t.Fatalf("%v: exit %d, stdout %q, stderr %q; want exit %d with %q / %q", s.args, code, stdout, stderr, s.code, s.stdout, s.stderr)
		}
		if n := len(storedCases(t, dir)); n != s.cases {
			t.Fatalf("%v: %d cases stored, want %d", s.args, n, s.cases)
		}
	}
	cases := storedCases(t, dir)
	byTown := map[string]*domain.Case{}
	for _, c := range cases {
		byTown[c.TownshipCode] = c
	}
	if c := byTown["610921100"]; c == nil || c.Status != domain.StatusResolved || c.ID != "610921100-2025-000001" {
		t.Errorf("汉阴县城关镇 case: %+v", c)
	}
	if c := byTown["610902001"]; c == nil || c.Status != domain.StatusMediating || c.CreatedBy.ID != "admin" {
		t.Errorf("老城街道 case: %+v", c)
	}
}

// The CLI reads an office's own workbook with the same mapping, defaults and preview as the web app, and
// the next run finds the office's saved mapping and every row already stored.
func TestImportCommandReadsARealLedger(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data, err := handlerstest.XLSXBook(handlerstest.RealLedgerBook())
	if err != nil {
		t.Fatal(err)
	}
	book := filepath.Join(t.TempDir(), "恒口镇台账.xlsx")
	mapping := filepath.Join(t.TempDir(), "mapping.json")
	if err := os.WriteFile(book, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(mapping, []byte(`{"values":{"类别":{"火星纠纷":"other"}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		args   []string
		code   int
		stdout []string
		cases  int
	}{
		{[]string{"import", book, "--preview", "--default-source", "proactive"}, 0,
			[]string{"9 行中 7 件将导入", "其中 4 件将进入待回访", "无法识别：「类别」中的「火星纠纷」", "跳过 2023年 第12行：合计行", "工作表「说明」：未读取", "（预览，未导入）"}, 0},
		{[]string{"import", book, "--default-source", "proactive"}, 1, []string{"1 行有错误"}, 0},
		{[]string{"import", book, "--default-source", "proactive", "--mapping", mapping}, 0, []string{"已导入矛盾纠纷 8 件", "未导入：0 行有错误，1 行重复"}, 8},
		{[]string{"import", book, "--preview"}, 0, []string{"沿用本单位上次确认的对应", "9 行中 0 件将导入", "9 行重复"}, 8},
	}
	for _, s := range steps {
		code, stdout, stderr := run(t, dir, s.args...)
		if code != s.code {
			t.Fatalf("%v: exit %d, stdout %q, stderr %q; want exit %d", s.args, code, stdout, stderr, s.code)
		}
		for _, w := range s.stdout {
			if !strings.Contains(stdout, w) {
				t.Errorf("%v: stdout %q, want %q", s.args, stdout, w)
			}
		}
		if n := len(storedCases(t, dir)); n != s.cases {
			t.Fatalf("%v: %d cases stored, want %d", s.args, n, s.cases)
		}
	}
}
