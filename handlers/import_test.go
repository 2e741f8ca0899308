package handlers

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"pingan/domain"
	"pingan/handlers/handlerstest"
)

// ledgerHeader is a dispute ledger's header in the tests: the columns a hand-made file would have.
var ledgerHeader = []string{"乡镇代码", "乡镇名称", "区县名称", "村（社区）", "标题", "类别", "风险等级", "来源", "登记日期",
	"当事人1姓名", "当事人1身份证号", "当事人1电话", "当事人2姓名", "受理日期", "结果", "办结日期", "协议类型", "协议内容",
	"回访日期", "满意度"}

// ledgerRow is one dispute row; i varies the registration day and the outcome.
func ledgerRow(i int, township string) map[string]string {
	reg := time.Date(2025, 1, 1, 0, 0, 0, 0, domain.Shanghai).AddDate(0, 0, i%300)
	row := map[string]string{"乡镇代码": township, "村（社区）": "月河村", "标题": fmt.Sprintf("张某与李某宅基地纠纷%d", i),
		"类别": "房屋宅基地", "风险等级": "蓝", "来源": "当事人申请", "登记日期": reg.Format(time.DateOnly),
		"当事人1姓名": "张三", "当事人1身份证号": "610921199001011234", "当事人1电话": "13812345678", "当事人2姓名": "李四"}
	if i%3 != 0 { // two in three resolved and closed, the rest still in mediation
		row["结果"], row["办结日期"] = "调解成功", reg.AddDate(0, 0, 10).Format(time.DateOnly)
		row["协议类型"], row["协议内容"] = "书面协议", "以界桩为界"
		row["回访日期"], row["满意度"] = reg.AddDate(0, 0, 20).Format(time.DateOnly), "满意"
	}
	return row
}

func ledgerTable(header []string, rows ...map[string]string) [][]string {
	out := [][]string{header}
	for _, r := range rows {
		line := make([]string, len(header))
		for i, h := range header {
			line[i] = r[h]
		}
		out = append(out, line)
	}
	return out
}

func csvFile(t testing.TB, rows [][]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func xlsxFile(t testing.TB, rows [][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		cells := make([]any, len(r))
		for j, v := range r {
			cells[j] = v
		}
		ref, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(ref, cells); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// upload posts a file as the multipart field `file` (no file when filename is "").
func (s *testServer) upload(token, query, filename string, data []byte) response {
	s.t.Helper()
	return s.do("POST", "/api/v1/cases/import"+query, token, handlerstest.Multipart(filename, data, nil))
}

func rowErrors(r response) []domain.RowError {
	var body struct {
		Error struct {
			Rows []domain.RowError `json:"rows"`
		} `json:"error"`
	}
	_ = json.Unmarshal(r.Raw, &body)
	return body.Error.Rows
}

func TestImportValidFilesImportEveryRow(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	for _, format := range []string{"xlsx", "csv"} {
		t.Run(format, func(t *testing.T) {
			town := map[string]string{"xlsx": townA, "csv": townB}[format]
			var rows []map[string]string
			for i := range 30 {
				rows = append(rows, ledgerRow(29-i, town)) // newest first in the file
			}
			table := ledgerTable(ledgerHeader, rows...)
			data := map[string][]byte{"xlsx": xlsxFile(t, table), "csv": csvFile(t, table)}[format]
			r := s.upload(s.admin, "", "台账."+format, data)
			expectStatus(t, r, http.StatusCreated, "import")
			if r.Body["imported"] != 30.0 || r.Body["dryRun"] != false || r.Body["kind"] != "dispute" {
				t.Fatalf("answer %s", r.Raw)
			}
			ids, total := s.list(s.admin, "township="+town+"&pageSize=100")
			if total != 30 {
				t.Fatalf("%d cases listed in %s after the import, want 30", total, town)
			}
			// Numbers follow registration order: the oldest row (last in the file) is number 1.
			listed := r.Body["cases"].([]any)
			if listed[29] != domain.CaseNumber(town, 2025, 1) || listed[0] != domain.CaseNumber(town, 2025, 30) {
				t.Errorf("numbers %v … %v, want registration order", listed[0], listed[29])
			}
			c := s.do("GET", "/api/v1/cases/"+ids[0], s.admin, nil)
			expectStatus(t, c, 200, "read an imported case")
			reg, _ := time.Parse(time.RFC3339, c.Body["registeredAt"].(string))
			if c.Body["status"] != "closed" || c.Body["outcome"] != "resolved" || !reg.Equal(time.Date(2025, 1, 30, 0, 0, 0, 0, domain.Shanghai)) {
				t.Errorf("newest case %s: status %v outcome %v registered %v", ids[0], c.Body["status"], c.Body["outcome"], c.Body["registeredAt"])
			}
			if p := c.Body["parties"].([]any)[0].(map[string]any); p["idNumber"] != "610921199001011234" {
				t.Errorf("party %v: the ID number was not kept", p)
			}
		})
	}
	rep := s.do("GET", "/api/v1/reports/resolution?region="+county, s.admin, nil)
	d := rep.Body["totals"].(map[string]any)["disputes"].(map[string]any)
	if d["registered"] != 60.0 || d["resolved"] != 40.0 || d["accepted"] != 60.0 || d["concluded"] != 40.0 || d["successRate"] != 1.0 {
		t.Errorf("report after the imports: %v", d)
	}
	audit := s.do("GET", "/api/v1/audit", s.admin, nil)
	if !strings.Contains(string(audit.Raw), `"action":"import"`) {
		t.Errorf("the import was not audited: %s", audit.Raw)
	}
}

func TestImportWithOneBadRowImportsNothing(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	rows := []map[string]string{ledgerRow(1, townA), ledgerRow(2, townA), ledgerRow(3, townA)}
	rows[1]["登记日期"] = "2025-13-01"
	rows[2]["类别"] = "不知道"
	for _, format := range []string{"xlsx", "csv"} {
		table := ledgerTable(ledgerHeader, rows...)
		data := map[string][]byte{"xlsx": xlsxFile(t, table), "csv": csvFile(t, table)}[format]
		r := s.upload(s.admin, "", "台账."+format, data)
		expectRefusal(t, r, http.StatusUnprocessableEntity, "validation_failed", format+" with bad rows")
		if got := r.fieldErrors(); len(got) != 0 {
			t.Errorf("%s: row errors sent again as fields %v", format, got)
		}
		got := rowErrors(r)
		if len(got) != 2 || got[0].Row != 3 || got[0].Column != "登记日期" || !strings.Contains(got[0].Message, "无法识别日期「2025-13-01」") || got[1].Row != 4 || got[1].Column != "类别" {
			t.Errorf("%s: rows %+v", format, got)
		}
	}
	if _, total := s.list(s.admin, ""); total != 0 {
		t.Fatalf("%d cases after refused imports, want none", total)
	}
}

func TestImportRefusesBadFiles(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	good := ledgerTable(ledgerHeader, ledgerRow(1, townA))
	tests := []struct {
		name     string
		filename string
		data     []byte
		status   int
		want     string // in the message or a field message
	}{
		{"no file", "", nil, 400, "file"},
		{"empty file", "台账.xlsx", nil, 400, "上传的文件为空"},
		{"empty csv with BOM", "台账.csv", []byte("\ufeff\n"), 400, "上传的文件为空"},
		{"text file", "台账.txt", []byte("hello"), 400, "只支持 .xlsx 或 .csv 文件"},
		{"old Excel", "台账.xls", []byte{0xd0, 0xcf, 0x11, 0xe0}, 400, "另存为 .xlsx"},
		{"not really xlsx", "台账.xlsx", csvFile(t, good), 400, "不是有效的 Excel"},
		{"broken zip", "台账.xlsx", []byte("PK\x03\x04broken"), 400, "文件已损坏"},
		{"broken quotes", "台账.csv", []byte("标题,\"来源\n\"x"), 400, "CSV 文件第"},
		{"missing headers", "台账.csv", csvFile(t, [][]string{{"标题", "来源"}, {"x", "y"}}), 422, "第1行只识别出「标题」「来源」"},
		{"old Excel named .xlsx", "台账.xlsx", append([]byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}, make([]byte, 512)...), 400, "请在 Excel/WPS 中另存为 .xlsx"},
		{"header only", "台账.csv", csvFile(t, good[:1]), 422, "没有数据行"},
		{"the template's example row", "台账.csv", func() []byte {
			r := s.do("GET", "/api/v1/cases/import/template?kind=dispute&format=csv", s.admin, nil)
			return r.Raw
		}(), 422, "示例行"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := s.upload(s.admin, "", tt.filename, tt.data)
			expectStatus(t, r, tt.status, tt.name)
			if !strings.Contains(string(r.Raw), tt.want) {
				t.Errorf("answer %s, want it to mention %q", r.Raw, tt.want)
			}
		})
	}
	// Not multipart at all.
	r := s.do("POST", "/api/v1/cases/import", s.admin, map[string]string{"file": "x"})
	expectRefusal(t, r, 400, "bad_request", "a JSON body")
	if _, total := s.list(s.admin, ""); total != 0 {
		t.Fatalf("%d cases after refused imports", total)
	}
}

func TestImportDryRunImportsNothing(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	data := csvFile(t, ledgerTable(ledgerHeader, ledgerRow(1, townA), ledgerRow(2, townA)))
	r := s.upload(s.admin, "?dryRun=true", "台账.csv", data)
	expectStatus(t, r, http.StatusOK, "dry run")
	if r.Body["dryRun"] != true || r.Body["imported"] != 0.0 || r.Body["valid"] != 2.0 {
		t.Errorf("dry run answer %s", r.Raw)
	}
	if _, total := s.list(s.admin, ""); total != 0 {
		t.Fatalf("%d cases after a dry run", total)
	}
	// A dry run checks like the real thing, and the real import afterwards gets the first numbers.
	bad := csvFile(t, ledgerTable(ledgerHeader, map[string]string{"乡镇代码": townA}))
	expectStatus(t, s.upload(s.admin, "?dryRun=1", "台账.csv", bad), 422, "dry run of a bad file")
	r = s.upload(s.admin, "", "台账.csv", data)
	expectStatus(t, r, http.StatusCreated, "import after the dry run")
	if r.Body["cases"].([]any)[0] != domain.CaseNumber(townA, 2025, 1) {
		t.Errorf("first number %v: the dry run used up numbers", r.Body["cases"])
	}
}

// Same rules as intake: mediators import disputes in their region, petition staff petitions, leaders nothing.
func TestImportRoles(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	mediator := s.createUser("med_hy", domain.RoleMediator, county)
	pet := s.createUser("pet_hy", domain.RolePetition, county)
	leader := s.createUser("leader_city", domain.RoleLeader, "6109")
	disputes := csvFile(t, ledgerTable(ledgerHeader, ledgerRow(1, townA), ledgerRow(2, townC)))
	r := s.upload(mediator, "", "台账.csv", disputes)
	expectRefusal(t, r, 422, "validation_failed", "a row outside the mediator's county")
	if rows := rowErrors(r); len(rows) != 1 || rows[0].Row != 3 || rows[0].Column != "乡镇代码" || !strings.Contains(rows[0].Message, "管辖范围") {
		t.Errorf("rows %+v, want row 3 乡镇代码 out of region", rows)
	}
	expectStatus(t, s.upload(pet, "", "台账.csv", disputes), 403, "petition staff importing disputes")
	expectStatus(t, s.upload(leader, "", "台账.csv", disputes), 403, "a leader importing")
	expectStatus(t, s.do("GET", "/api/v1/cases/import/template?kind=dispute", leader, nil), 403, "a leader's template")
	expectStatus(t, s.do("GET", "/api/v1/cases/import/template?kind=petition", mediator, nil), 403, "a mediator's petition template")

	petitions := csvFile(t, [][]string{
		{"乡镇名称", "区县名称", "标题", "类别", "交办层级", "登记日期", "当事人1姓名", "包案领导", "领导职务"},
		{"城关镇", "汉阴县", "王某反映征地补偿问题", "征地拆迁", "市", "2025-02-01", "王五", "赵四", "副县长"},
	})
	r = s.upload(pet, "", "petitions.csv", petitions)
	expectStatus(t, r, 201, "petition staff importing petitions")
	c := s.do("GET", "/api/v1/cases/"+r.Body["cases"].([]any)[0].(string), pet, nil)
	if c.Body["status"] != "resolving" || c.Body["townshipCode"] != "610921100" {
		t.Errorf("imported petition: status %v township %v", c.Body["status"], c.Body["townshipCode"])
	}
	expectStatus(t, s.upload(mediator, "", "petitions.csv", petitions), 403, "a mediator importing petitions")
}

func TestImportTemplate(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	mediator := s.createUser("med_tpl", domain.RoleMediator, county)
	r := s.do("GET", "/api/v1/cases/import/template?kind=dispute", mediator, nil)
	expectStatus(t, r, 200, "xlsx template")
	if !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/vnd.openxmlformats") {
		t.Fatalf("headers %v", r.Header)
	}
	f, err := excelize.OpenReader(bytes.NewReader(r.Raw))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if sheets := f.GetSheetList(); !slices.Equal(sheets, []string{"台账", "填写说明"}) {
		t.Errorf("sheets %v", sheets)
	}
	rows, _ := f.GetRows("台账")
	if len(rows) != 2 || !slices.Contains(rows[0], "*登记日期") || !slices.Contains(rows[0], "协议类型") {
		t.Fatalf("template rows %v", rows)
	}
	if i := slices.Index(rows[0], "乡镇代码"); !strings.HasPrefix(rows[1][i], county) {
		t.Errorf("example township %s, want one in the mediator's county", rows[1][i])
	}
	dvs, _ := f.GetDataValidations("台账")
	if len(dvs) < 5 {
		t.Errorf("%d drop-down lists, want one per enumerated column", len(dvs))
	}

	r = s.do("GET", "/api/v1/cases/import/template?kind=petition&format=csv", s.admin, nil)
	expectStatus(t, r, 200, "csv template")
	if !bytes.HasPrefix(r.Raw, []byte("\ufeff")) {
		t.Error("csv template without BOM")
	}
	rows, err = csv.NewReader(bytes.NewReader(bytes.TrimPrefix(r.Raw, []byte("\ufeff")))).ReadAll()
	if err != nil || len(rows) != 2 || !slices.Contains(rows[0], "*交办层级") || !slices.Contains(rows[0], "销号日期") {
		t.Fatalf("csv template %v %v", rows, err)
	}
	for _, q := range []string{"kind=other", "", "kind=dispute&format=pdf"} {
		expectStatus(t, s.do("GET", "/api/v1/cases/import/template?"+q, s.admin, nil), 400, q)
	}
}

// A cell that a spreadsheet would run as a formula is stored as plain text and exported defused.
func TestImportFormulaStaysTextAndExportsEscaped(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	row := ledgerRow(1, townA)
	formula := "=cmd|' /C calc'!A0"
	row["标题"], row["当事人2姓名"] = formula, "@SUM(1+1)*cmd"
	r := s.upload(s.admin, "", "台账.xlsx", xlsxFile(t, ledgerTable(ledgerHeader, row)))
	expectStatus(t, r, 201, "import")
	id := r.Body["cases"].([]any)[0].(string)
	c := s.do("GET", "/api/v1/cases/"+id, s.admin, nil)
	if c.Body["title"] != formula {
		t.Fatalf("stored title %q", c.Body["title"])
	}

	csvOut := s.do("GET", "/api/v1/cases?format=csv", s.admin, nil)
	expectStatus(t, csvOut, 200, "csv export")
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(csvOut.Raw, []byte("\ufeff"))))
	cr.FieldsPerRecord = -1 // a title row, then the table
	records, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	title := slices.Index(records[1], "标题")
	parties := slices.Index(records[1], "当事人")
	if got := records[2][title]; got != "'"+formula {
		t.Errorf("csv title %q, want it prefixed with an apostrophe", got)
	}
	for _, rec := range records {
		for _, cell := range rec {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("csv cell %q starts like a formula", cell)
			}
		}
	}
	if got := records[2][parties]; got != "张三、@SUM(1+1)*cmd" {
		t.Errorf("csv parties %q", got)
	}

	xlsxOut := s.do("GET", "/api/v1/cases?format=xlsx", s.admin, nil)
	expectStatus(t, xlsxOut, 200, "xlsx export")
	f, err := excelize.OpenReader(bytes.NewReader(xlsxOut.Raw))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetList()[0]
	ref, _ := excelize.CoordinatesToCellName(title+1, 3)
	if v, _ := f.GetCellValue(sheet, ref); v != formula {
		t.Errorf("xlsx title %q, want the text as stored", v)
	}
	if ff, _ := f.GetCellFormula(sheet, ref); ff != "" {
		t.Errorf("xlsx title cell holds the formula %q", ff)
	}
	if typ, _ := f.GetCellType(sheet, ref); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
		t.Errorf("xlsx title cell type %v, want a string", typ)
	}
}

// A 20 MB limit of its own: files over the global 1 MB pass, files over 20 MB are 413.
func TestImportBodyLimit(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	big := bytes.Repeat([]byte("x"), 21<<20)
	r := s.upload(s.admin, "", "台账.csv", big)
	expectRefusal(t, r, http.StatusRequestEntityTooLarge, "payload_too_large", "a 21 MB file")
	// The same without a Content-Length: the limit is met while reading.
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		fw, _ := mw.CreateFormFile("file", "台账.csv")
		fw.Write(big)
		mw.Close()
		pw.Close()
	}()
	req := s.request("POST", "/api/v1/cases/import", s.admin, pr)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	r = s.send(req)
	expectRefusal(t, r, http.StatusRequestEntityTooLarge, "payload_too_large", "a 21 MB chunked upload")
	// 2 MB of ledger (long summaries): over the global limit, under the import's.
	header := append(slices.Clone(ledgerHeader), "案情摘要")
	var rows []map[string]string
	for i := range 200 {
		row := ledgerRow(i, townA)
		row["案情摘要"] = strings.Repeat("案情", 2500)
		rows = append(rows, row)
	}
	data := csvFile(t, ledgerTable(header, rows...))
	if len(data) < 2<<20 {
		t.Fatalf("test file only %d bytes", len(data))
	}
	expectStatus(t, s.upload(s.admin, "", "台账.csv", data), 201, "a 2 MB ledger")
	// Other routes keep the global limit.
	expectStatus(t, s.do("POST", "/api/v1/cases", s.admin, bytes.Repeat([]byte(" "), 2<<20)), 413, "a 2 MB case body")
}

// 10,000 rows import in seconds: they are checked in memory and stored in bulk.
func TestImportTenThousandRows(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("imports 10,000 rows")
	}
	s := startServer(t)
	towns := []string{townA, townB, townC, "610981100"}
	var rows []map[string]string
	for i := range 10000 {
		rows = append(rows, ledgerRow(i, towns[i%len(towns)]))
	}
	data := xlsxFile(t, ledgerTable(ledgerHeader, rows...))
	start := time.Now()
	r := s.upload(s.admin, "", "台账.xlsx", data)
	took := time.Since(start)
	expectStatus(t, r, 201, "10,000 rows")
	if r.Body["imported"] != 10000.0 || len(r.Body["cases"].([]any)) != maxImportListed {
		t.Fatalf("answer imported %v, %d numbers listed", r.Body["imported"], len(r.Body["cases"].([]any)))
	}
	t.Logf("10,000 rows (%d KB xlsx) imported in %v (%.0f rows/s)", len(data)>>10, took.Round(time.Millisecond), 10000/took.Seconds())
	if _, total := s.list(s.admin, "pageSize=1"); total != 10000 {
		t.Fatalf("%d cases listed, want 10000", total)
	}
	for _, town := range towns { // 2,500 each, numbered densely
		if _, err := s.App.Store().GetCase(t.Context(), domain.CaseNumber(town, 2025, 2500)); err != nil {
			t.Errorf("%s: case 2500 not stored: %v", town, err)
		}
		if _, err := s.App.Store().GetCase(t.Context(), domain.CaseNumber(town, 2025, 2501)); err == nil {
			t.Errorf("%s: a case 2501 stored", town)
		}
	}
}

// BenchmarkImportLedger imports 1,000-row CSV ledgers (read, checked through the domain, stored in bulk)
// into one embedded store, which grows as it runs; rows/s is the figure for docs/BENCHMARKS.md.
func BenchmarkImportLedger(b *testing.B) {
	s := startServer(b)
	towns := []string{townA, townB, townC, "610981100"}
	var rows []map[string]string
	for i := range 1000 {
		rows = append(rows, ledgerRow(i, towns[i%len(towns)]))
	}
	data := csvFile(b, ledgerTable(ledgerHeader, rows...))
	admin, err := s.App.Store().GetUser(b.Context(), "admin")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := ImportLedger(b.Context(), s.App.importDeps(), admin, "台账.csv", data, ImportRequest{}, time.Now(), ""); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(rows))/b.Elapsed().Seconds(), "rows/s")
}

// What spreadsheets write: Excel's own CSV on Chinese systems is GB18030, and a date typed into a date
// cell is a serial day number in the file.
func TestImportReadsWhatSpreadsheetsWrite(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	row := ledgerRow(3, townA)
	gbk, err := simplifiedchinese.GB18030.NewEncoder().Bytes(bytes.TrimPrefix(csvFile(t, ledgerTable(ledgerHeader, row)), []byte("\ufeff")))
	if err != nil {
		t.Fatal(err)
	}
	r := s.upload(s.admin, "", "台账.csv", gbk)
	expectStatus(t, r, 201, "a GB18030 csv")
	c := s.do("GET", "/api/v1/cases/"+r.Body["cases"].([]any)[0].(string), s.admin, nil)
	if c.Body["title"] != row["标题"] {
		t.Errorf("title %q, want %q", c.Body["title"], row["标题"])
	}

	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetRow("Sheet1", "A1", &ledgerHeader); err != nil {
		t.Fatal(err)
	}
	for i, h := range ledgerHeader {
		ref, _ := excelize.CoordinatesToCellName(i+1, 2)
		var v any = row[h]
		switch h {
		case "登记日期":
			v = time.Date(2025, 2, 3, 0, 0, 0, 0, time.UTC) // a real date cell
		case "乡镇代码":
			v = 610921102 // a number cell
		}
		if err := f.SetCellValue("Sheet1", ref, v); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	f.Write(&buf)
	r = s.upload(s.admin, "", "台账.xlsx", buf.Bytes())
	expectStatus(t, r, 201, "an xlsx with a date cell")
	c = s.do("GET", "/api/v1/cases/"+r.Body["cases"].([]any)[0].(string), s.admin, nil)
	reg, _ := time.Parse(time.RFC3339, c.Body["registeredAt"].(string))
	if !reg.Equal(time.Date(2025, 2, 3, 0, 0, 0, 0, domain.Shanghai)) || c.Body["townshipCode"] != townA {
		t.Errorf("registered %v in %v, want 2025-02-03 in %s", c.Body["registeredAt"], c.Body["townshipCode"], townA)
	}
}
