package handlers

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"runtime"
	rtmetrics "runtime/metrics"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"pingan/domain"
)

// xlsxPart is one part of a hand-made workbook: its content is written by write; a non-zero declare
// makes the zip header claim that size instead of the real one (a zip bomb that lies).
type xlsxPart struct {
	name    string
	write   func(w io.Writer)
	declare uint64
}

// handMadeXLSX zips a workbook of one sheet (台账) with the given sheet and shared strings contents, fast
// (BestSpeed): the hostile files expand to hundreds of megabytes.
func handMadeXLSX(t testing.TB, sheet, sst xlsxPart) []byte {
	t.Helper()
	text := func(s string) func(io.Writer) { return func(w io.Writer) { io.WriteString(w, s) } }
	parts := []xlsxPart{
		{name: "[Content_Types].xml", write: text(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>`)},
		{name: "_rels/.rels", write: text(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)},
		{name: "xl/workbook.xml", write: text(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>`)},
		{name: "xl/_rels/workbook.xml.rels", write: text(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`)},
		{name: "xl/worksheets/sheet1.xml", write: sheet.write, declare: sheet.declare},
		{name: "xl/sharedStrings.xml", write: sst.write, declare: sst.declare},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	for _, p := range parts {
		if p.write == nil {
			p.write = text(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"></sst>`)
		}
		if p.declare == 0 {
			w, err := zw.Create(p.name)
			if err != nil {
				t.Fatal(err)
			}
			p.write(w)
			continue
		}
		var compressed bytes.Buffer
		fw, _ := flate.NewWriter(&compressed, flate.BestSpeed)
		p.write(fw)
		fw.Close()
		w, err := zw.CreateRaw(&zip.FileHeader{Name: p.name, Method: zip.Deflate,
			CompressedSize64: uint64(compressed.Len()), UncompressedSize64: p.declare})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(compressed.Bytes())
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const sheetHead = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
const sheetTail = `</sheetData></worksheet>`

// repeat writes unit until n bytes have been written.
func repeat(w io.Writer, unit string, n int) {
	chunk := strings.Repeat(unit, max(1, (1<<20)/len(unit)))
	for written := 0; written < n; written += len(chunk) {
		io.WriteString(w, chunk)
	}
}

// peakHeap samples the heap in use while f runs and returns how far it rose above where it stood before.
func peakHeap(f func()) uint64 {
	runtime.GC()
	base := heapInUse()
	var peak atomic.Uint64
	peak.Store(base)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			if h := heapInUse(); h > peak.Load() {
				peak.Store(h)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	})
	f()
	close(done)
	wg.Wait()
	return peak.Load() - base
}

// heapInUse is runtime.MemStats.HeapInuse (objects and the free space of their spans) read through
// runtime/metrics, which does not stop the world as ReadMemStats does.
func heapInUse() uint64 {
	s := []rtmetrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/heap/unused:bytes"}}
	rtmetrics.Read(s)
	return s[0].Value.Uint64() + s[1].Value.Uint64()
}

// Hostile spreadsheets — a small file expanding to hundreds of megabytes, a cell in column XFD on 40,000
// rows, 300 MB of whitespace in a 0.3 MB file, the same with a lying size, a CSV of commas — are each
// refused within 2 s with a Chinese message saying what is wrong, and the server's heap grows by less than
// 300 MB while it reads them.
func TestHostileSpreadsheetsAreRefusedFastInBoundedMemory(t *testing.T) {
	s := startServer(t)
	med := s.createUser("bomber", domain.RoleMediator, townA)
	header := `<row r="1"><c r="A1" t="inlineStr"><is><t>标题</t></is></c></row>`
	files := []struct {
		name, filename string
		data           []byte
		status         int
		reason, says   string
	}{
		{"shared strings expanding to 300 MB", "台账.xlsx", handMadeXLSX(t,
			xlsxPart{write: func(w io.Writer) { io.WriteString(w, sheetHead+header+sheetTail) }},
			xlsxPart{write: func(w io.Writer) {
				io.WriteString(w, `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
				repeat(w, "<si><t>纠纷调解</t></si>", 300<<20)
				io.WriteString(w, `</sst>`)
			}}), 413, "spreadsheet_too_large", "解压后过大"},
		{"a cell in column XFD on 40,000 rows", "台账.xlsx", handMadeXLSX(t,
			xlsxPart{write: func(w io.Writer) {
				io.WriteString(w, sheetHead+header)
				for r := 2; r <= 40001; r++ {
					fmt.Fprintf(w, `<row r="%d"><c r="XFD%d" t="inlineStr"><is><t>x</t></is></c></row>`, r, r)
				}
				io.WriteString(w, sheetTail)
			}}, xlsxPart{}), 422, "validation_failed", "超出台账的范围"},
		{"300 MB of whitespace", "台账.xlsx", handMadeXLSX(t,
			xlsxPart{write: func(w io.Writer) {
				io.WriteString(w, sheetHead+header)
				repeat(w, " ", 300<<20)
				io.WriteString(w, sheetTail)
			}}, xlsxPart{}), 413, "spreadsheet_too_large", "解压后过大"},
		{"300 MB of whitespace declared as 1 MB", "台账.xlsx", handMadeXLSX(t,
			xlsxPart{declare: 1 << 20, write: func(w io.Writer) {
				io.WriteString(w, sheetHead+header)
				repeat(w, " ", 300<<20)
				io.WriteString(w, sheetTail)
			}}, xlsxPart{}), 413, "spreadsheet_too_large", "超长的内容或空白"},
		{"shared strings declared small", "台账.xlsx", handMadeXLSX(t,
			xlsxPart{write: func(w io.Writer) { io.WriteString(w, sheetHead+header+sheetTail) }},
			xlsxPart{declare: 1 << 20, write: func(w io.Writer) {
				io.WriteString(w, `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
				repeat(w, "<si><t>纠纷调解</t></si>", 300<<20)
				io.WriteString(w, `</sst>`)
			}}), 400, "bad_request", "文件已损坏"},
		{"a CSV of commas", "台账.csv", bytes.Repeat([]byte(","), 19<<20), 422, "validation_failed", "台账最多200列"},
		{"a CSV of empty records", "台账.csv", bytes.Repeat([]byte(",\n"), 9<<20), 422, "validation_failed", "一次最多导入50000行"},
	}
	for _, f := range files {
		t.Run(f.name, func(t *testing.T) {
			t.Logf("%s: %.2f MB", f.filename, float64(len(f.data))/1e6)
			var r response
			var took time.Duration
			grew := peakHeap(func() {
				start := time.Now()
				r = s.upload(med, "", f.filename, f.data)
				took = time.Since(start)
			})
			t.Logf("answered %d in %v, heap grew %.1f MB: %s", r.Status, took.Round(time.Millisecond), float64(grew)/1e6, r.Raw)
			expectRefusal(t, r, f.status, f.reason, f.name)
			if !strings.Contains(string(r.Raw), f.says) {
				t.Errorf("the answer does not say %q: %s", f.says, r.Raw)
			}
			if took > 2*time.Second {
				t.Errorf("answered after %v, want under 2 s", took)
			}
			if grew > 300<<20 {
				t.Errorf("the heap grew by %d MB, want under 300 MB", grew>>20)
			}
		})
	}
	if _, total := s.list(med, ""); total != 0 {
		t.Errorf("%d cases after refused files", total)
	}
}

// The streaming reader reads what excelize reads, on what spreadsheets write: shared and inline strings,
// rich text, numbers and dates raw, booleans, sparse rows and cells, escapes, several sheets.
func TestXLSXReaderReadsWhatExcelizeReads(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "说明"))
	must(f.SetCellStr("说明", "A1", "第一张表不是台账"))
	if _, err := f.NewSheet(ledgerSheet); err != nil {
		t.Fatal(err)
	}
	must(f.SetSheetRow(ledgerSheet, "A1", &[]any{"标题", "登记日期", "金额", "是否", "备注"}))
	must(f.SetSheetRow(ledgerSheet, "A2", &[]any{"张某与李某纠纷", time.Date(2025, 2, 3, 0, 0, 0, 0, time.UTC), 1234.5, true, "行一\r\n行二"}))
	must(f.SetCellStr(ledgerSheet, "C5", "稀疏的一格"))
	must(f.SetCellInt(ledgerSheet, "E5", 610921102))
	must(f.SetCellRichText(ledgerSheet, "A7", []excelize.RichTextRun{{Text: "粗体"}, {Text: "与常规", Font: &excelize.Font{Bold: true}}}))
	must(f.SetCellStr(ledgerSheet, "B7", "下划线_x005F_与\t制表"))
	var buf bytes.Buffer
	must(f.Write(&buf))

	wb, err := openXLSX(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if got := wb.sheetNames(); !slices.Equal(got, []string{"说明", ledgerSheet}) {
		t.Fatalf("sheets %v", got)
	}
	back, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for _, sheet := range wb.sheetNames() {
		got, err := wb.rows(sheet, 100, 20, 1000)
		if err != nil {
			t.Fatal(err)
		}
		want, err := back.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
			t.Errorf("sheet %s:\nread     %q\nexcelize %q", sheet, got, want)
		}
	}
	if _, err := wb.rows(ledgerSheet, 4, 20, 1000); err == nil || !strings.Contains(fmt.Sprint(toDomainError(err).Fields), "第5行（单元格 C5）") {
		t.Errorf("a value past the last row allowed: %v", err)
	}
	if _, err := wb.rows(ledgerSheet, 100, 4, 1000); err == nil || !strings.Contains(fmt.Sprint(toDomainError(err).Fields), "单元格 E1") {
		t.Errorf("a value past the last column allowed: %v", err)
	}
	if _, err := wb.rows(ledgerSheet, 100, 20, 12); !errors.Is(err, domain.ErrSpreadsheetTooLarge) || !strings.Contains(err.Error(), "第5行") {
		t.Errorf("more cells than allowed: %v", err)
	}
}

// One import at a time per user: the next waits for the first to finish (409 import_in_progress); other
// users are not held up.
func TestOneImportAtATimePerUser(t *testing.T) {
	s := startServer(t)
	med := s.createUser("busy", domain.RoleMediator, townA)
	other := s.createUser("other-importer", domain.RoleMediator, townA)
	ledger := csvFile(t, ledgerTable(ledgerHeader, ledgerRow(1, townA)))
	release, ok := s.App.imports.take("busy") // an import of busy's in flight
	if !ok {
		t.Fatal("no slot")
	}
	expectRefusal(t, s.upload(med, "?dryRun=true", "台账.csv", ledger), 409, "import_in_progress", "a second import")
	expectStatus(t, s.upload(other, "?dryRun=true", "台账.csv", ledger), 200, "another user's import")
	release()
	expectStatus(t, s.upload(med, "?dryRun=true", "台账.csv", ledger), 200, "after the first finished")
}
