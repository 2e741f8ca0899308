package handlers

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"pingan/domain"
	"pingan/handlers/handlerstest"
)

// importForm posts a ledger to path with options (JSON; "" for none) and extra form fields.
func (s *testServer) importForm(token, path, filename string, data []byte, options string, fields map[string]string) response {
	s.t.Helper()
	if fields == nil {
		fields = map[string]string{}
	}
	if options != "" {
		fields["options"] = options
	}
	return s.do("POST", path, token, handlerstest.Multipart(filename, data, fields))
}

func reportOf(t *testing.T, r response) domain.LedgerReport {
	t.Helper()
	var body ImportResult
	if err := json.Unmarshal(r.Raw, &body); err != nil || body.Report == nil {
		t.Fatalf("no report in %s (%v)", r.Raw, err)
	}
	return *body.Report
}

// A township's real workbook over HTTP: preview, refusal of the bad row, the refused rows' file, import
// with the unknown value mapped, the resolution report afterwards, and the next upload mapping itself and
// finding every row a duplicate.
func TestImportRealLedgerOverHTTP(t *testing.T) {
	t.Parallel()
	s := startServerAt(t, time.Date(2026, 3, 15, 10, 0, 0, 0, domain.Shanghai))
	s.createUser("hbmed", domain.RoleMediator, "610902")
	s.createUser("hblead", domain.RoleLeader, "610902")
	med, lead := s.token("hbmed"), s.token("hblead")
	data, err := handlerstest.XLSXBook(handlerstest.RealLedgerBook())
	if err != nil {
		t.Fatal(err)
	}
	const path = "/api/v1/cases/import"
	opts := `{"defaultSource":"proactive"}`

	// Preview: 200 whatever the rows, with the report.
	r := s.importForm(med, path, "恒口镇台账.xlsx", data, opts, map[string]string{"preview": "true"})
	expectStatus(t, r, http.StatusOK, "preview")
	rep := reportOf(t, r)
	if rep.Rows != 9 || rep.Importing != 7 || rep.Refused != 1 || len(rep.Duplicates) != 1 || len(rep.Skipped) != 4 ||
		len(rep.Unknown) != 1 || len(rep.Sheets) != 3 || !strings.Contains(rep.Summary, "其中 4 件将进入待回访") {
		t.Fatalf("preview report %+v", rep)
	}
	if _, total := s.list(med, ""); total != 0 {
		t.Fatalf("%d cases after a preview", total)
	}
	// Importing as it stands: the bad row refuses the file, naming sheet, row and column.
	r = s.importForm(med, path, "恒口镇台账.xlsx", data, opts, nil)
	expectRefusal(t, r, http.StatusUnprocessableEntity, "validation_failed", "a bad row")
	if rows := rowErrors(r); len(rows) != 1 || rows[0].Sheet != "2023年" || rows[0].Row != 10 || rows[0].Column != "类别" {
		t.Fatalf("rows %+v", rows)
	}
	// The refused rows as an .xlsx with 错误说明.
	r = s.importForm(med, path+"/refused", "恒口镇台账.xlsx", data, opts, nil)
	expectStatus(t, r, http.StatusOK, "refused rows")
	f, err := excelize.OpenReader(bytes.NewReader(r.Raw))
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.GetRows("2023年")
	f.Close()
	if err != nil || len(got) != 2 || got[0][len(got[0])-1] != "错误说明" || got[1][0] != "6" ||
		!strings.Contains(got[1][len(got[1])-1], "「类别」「火星纠纷」不是有效的类别") {
		t.Fatalf("refused rows file: %v %q", err, got)
	}
	// The uploader maps the unknown value: 8 imported (the repeated row skipped).
	opts = `{"defaultSource":"proactive","values":{"类别":{"火星纠纷":"other"}}}`
	r = s.importForm(med, path, "恒口镇台账.xlsx", data, opts, nil)
	expectStatus(t, r, http.StatusCreated, "import")
	if r.Body["imported"] != 8.0 {
		t.Fatalf("imported %v: %s", r.Body["imported"], r.Raw)
	}
	if _, total := s.list(med, ""); total != 8 {
		t.Fatalf("%d cases listed, want 8", total)
	}
	// The resolution report counts them on the dates the ledger gives.
	r = s.do("GET", "/api/v1/reports/resolution?region=610902&from=2023-01-01&to=2024-12-31", lead, nil)
	expectStatus(t, r, 200, "report")
	row := rowOf(t, r.Body, "610902107")
	for p, w := range map[string]float64{"disputes.registered": 8, "disputes.accepted": 8, "disputes.resolved": 5, "disputes.failed": 1,
		"disputes.concluded": 6, "disputes.pending": 2, "disputes.followUps": 0} {
		if got := jsonAt(row, p); got != w {
			t.Errorf("report %s: %v, want %v", p, got, w)
		}
	}
	r = s.do("GET", "/api/v1/reports/resolution?region=610902&from=2023-01-01&to=2023-12-31", lead, nil)
	if got := jsonAt(rowOf(t, r.Body, "610902107"), "disputes.registered"); got != 6.0 {
		t.Errorf("2023 registered %v, want 6 (the 2023 sheet)", got)
	}

	// Next month's upload from the same office: the saved mapping applies by itself, and every row is
	// already stored (found in the case index), so nothing would be imported twice.
	r = s.importForm(med, path, "恒口镇台账.xlsx", data, "", map[string]string{"preview": "true"})
	expectStatus(t, r, http.StatusOK, "second preview")
	rep = reportOf(t, r)
	if !rep.MappingSaved || rep.Options.DefaultSource != "proactive" || rep.Refused != 0 || rep.Importing != 0 || len(rep.Duplicates) != 9 {
		t.Fatalf("second preview: saved %v options %+v refused %d importing %d duplicates %d", rep.MappingSaved, rep.Options,
			rep.Refused, rep.Importing, len(rep.Duplicates))
	}
	r = s.importForm(med, path, "恒口镇台账.xlsx", data, "", nil)
	expectStatus(t, r, http.StatusCreated, "second import")
	if r.Body["imported"] != 0.0 {
		t.Fatalf("second import imported %v", r.Body["imported"])
	}
	// The 2024 sheet saved by WPS as CSV (GB18030): the same cases, found as duplicates.
	var buf bytes.Buffer
	for _, row := range handlerstest.RealLedgerBook()[1].Rows {
		buf.WriteString(strings.Join(row, ",") + "\r\n")
	}
	gbk, err := simplifiedchinese.GB18030.NewEncoder().Bytes(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	r = s.importForm(med, path, "2024年.csv", gbk, `{"defaultSource":"proactive"}`, map[string]string{"preview": "true"})
	expectStatus(t, r, http.StatusOK, "csv preview")
	if rep = reportOf(t, r); rep.Rows != 3 || len(rep.Duplicates) != 3 || rep.Importing != 0 {
		t.Errorf("csv: rows %d duplicates %+v importing %d", rep.Rows, rep.Duplicates, rep.Importing)
	}
	if _, total := s.list(med, ""); total != 8 {
		t.Fatalf("%d cases after the repeated uploads, want 8", total)
	}
}

// Good rows import and refused ones are left out when the uploader says so; an old .xls is recognised by
// its signature whatever its name.
func TestImportSkipsRefusedRowsWhenAsked(t *testing.T) {
	t.Parallel()
	s := startServerAt(t, time.Date(2026, 3, 15, 10, 0, 0, 0, domain.Shanghai))
	s.createUser("hbmed", domain.RoleMediator, "610902")
	med := s.token("hbmed")
	data, err := handlerstest.XLSXBook(handlerstest.RealLedgerBook())
	if err != nil {
		t.Fatal(err)
	}
	r := s.importForm(med, "/api/v1/cases/import", "台账.xlsx", data, `{"defaultSource":"application","skipRefused":true}`, nil)
	expectStatus(t, r, http.StatusCreated, "good rows")
	if rep := reportOf(t, r); r.Body["imported"] != 7.0 || rep.Refused != 1 {
		t.Fatalf("imported %v refused %d", r.Body["imported"], rep.Refused)
	}
	xls := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 1024)...)
	for _, name := range []string{"台账.xls", "台账.xlsx", "台账"} {
		r = s.importForm(med, "/api/v1/cases/import", name, xls, "", nil)
		expectRefusal(t, r, http.StatusBadRequest, "legacy_excel", name)
	}
}

// realLedgerXLSX writes n rows of a township ledger as offices keep it (title rows, aliases, value words,
// short township names, dates in several forms) into an .xlsx, streamed.
func realLedgerXLSX(tb testing.TB, n int) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		tb.Fatal(err)
	}
	put := func(r int, cells ...any) {
		ref, _ := excelize.CoordinatesToCellName(1, r)
		if err := sw.SetRow(ref, cells); err != nil {
			tb.Fatal(err)
		}
	}
	put(1, "汉滨区2023年矛盾纠纷排查化解台账")
	put(2, "填报单位：汉滨区司法局")
	put(3, "序号", "受理时间", "当事人", "纠纷类型", "纠纷概况", "镇（街道）", "化解情况", "化解时间", "调解人员", "备注")
	towns := []string{"恒口", "汉滨区恒口镇", "老城街道", "新城", "江北街道", "关庙镇", "张滩", "瀛湖镇"}
	cats := []string{"民间借贷纠纷", "赡养", "土地承包", "相邻关系", "劳务", "婚姻家庭", "宅基地"}
	outcomes := []string{"已化解", "化解中", "调解不成功", "化解成功"}
	for i := range n {
		m, d := 1+i%12, 1+i%28
		reg := fmt.Sprintf("2023.%d.%d", m, d)
		if i%3 == 1 {
			reg = fmt.Sprintf("%d月%d日", m, d)
		}
		out := outcomes[i%len(outcomes)]
		done := ""
		if out != "化解中" {
			done = fmt.Sprintf("2023年%d月%d日", m, min(d+10, 28))
		}
		put(4+i, i+1, reg, fmt.Sprintf("张%d、李%d", i, i), cats[i%len(cats)],
			"双方因"+strings.Repeat("琐事", 20)+"发生争执，经调解员多次上门做工作。", towns[i%len(towns)], out, done, "赵六", "")
	}
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkLedger50k: the largest legal ledger — 50,000 rows of a township's own workbook — previewed
// (read, every row checked through NewCase and Replay, duplicates looked up) and imported into an empty
// embedded store over the write path; the peak heap in use is sampled throughout. Figures for
// docs/BENCHMARKS.md: check-s, import-s (both the HTTP handler's code path, without the upload) and the
// peak heap in use above the start of each (the import's includes the in-process embedded store's).
func BenchmarkLedger50k(b *testing.B) {
	data := realLedgerXLSX(b, domain.MaxLedgerRows)
	opts := &domain.LedgerOptions{DefaultSource: "proactive"}
	for b.Loop() {
		b.StopTimer()
		s := startServer(b)
		admin, err := s.App.Store().GetUser(b.Context(), "admin")
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		var check, imported, checkCPU, importCPU time.Duration
		var res ImportResult
		previewPeak := peakHeap(func() {
			start, cpu := time.Now(), processCPU()
			res, err = ImportLedger(b.Context(), s.App.importDeps(), admin, "台账.xlsx", data, ImportRequest{Preview: true, Options: opts}, time.Now(), "")
			check, checkCPU = time.Since(start), processCPU()-cpu
		})
		if err != nil || res.Report.Importing != domain.MaxLedgerRows {
			b.Fatalf("preview: %v %+v", err, res.Report)
		}
		peak := peakHeap(func() {
			start, cpu := time.Now(), processCPU()
			res, err = ImportLedger(b.Context(), s.App.importDeps(), admin, "台账.xlsx", data, ImportRequest{Options: opts}, time.Now(), "")
			imported, importCPU = time.Since(start), processCPU()-cpu
		})
		if err != nil || res.Imported != domain.MaxLedgerRows {
			b.Fatalf("import: %v imported %d", err, res.Imported)
		}
		b.ReportMetric(float64(previewPeak)/(1<<20), "check-peak-MB")
		b.ReportMetric(check.Seconds(), "check-s")
		b.ReportMetric(imported.Seconds(), "import-s")
		b.ReportMetric(float64(peak)/(1<<20), "import-peak-MB")
		// CPU time (the embedded store's included) tells the work apart from the waiting when the machine is shared.
		b.ReportMetric(checkCPU.Seconds(), "check-cpu-s")
		b.ReportMetric(importCPU.Seconds(), "import-cpu-s")
	}
}

// processCPU is the CPU time this process has used so far, user and system.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
