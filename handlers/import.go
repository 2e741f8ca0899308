package handlers

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"pingan/domain"
	"pingan/domain/casework"
)

// importBodyLimit is the body limit of POST /cases/import (the global limit is 1 MB).
const importBodyLimit = "20M"

// importPath is the import route; the global body limit skips it for its own.
const importPath = "/api/v1/cases/import"

// maxImportListed bounds the case numbers an import answer lists.
const maxImportListed = 100

// ImportResult is the answer to an import.
type ImportResult struct {
	Kind     domain.Kind `json:"kind"`
	Imported int         `json:"imported"` // cases stored (0 on a dry run)
	Valid    int         `json:"valid"`    // rows that passed the checks
	DryRun   bool        `json:"dryRun"`
	Cases    []string    `json:"cases"` // the first case numbers, in file order
	// Report is what the import did or would do with each sheet, column, value and row (the preview).
	Report *domain.LedgerReport `json:"report,omitempty"`
}

// ImportRequest says what to do with an uploaded ledger.
type ImportRequest struct {
	DryRun bool // check only: 200 when every row is right, else 422 naming each bad cell
	// Preview checks only and answers the report whatever the rows hold (200): the import dialog's step
	// before importing.
	Preview bool
	// Options are the uploader's mapping and defaults; nil: the office's saved ones for this header.
	Options *domain.LedgerOptions
}

// ImportDeps are what an import needs besides the file: the write path, regions and the saved mappings.
type ImportDeps struct {
	Cases    *casework.Service
	Regions  *domain.RegionTree
	Mappings MappingStore // nil: mappings are neither read nor saved
}

// MappingStore keeps each office's confirmed column mapping (store.GetImportMapping/PutImportMapping).
type MappingStore interface {
	GetImportMapping(ctx context.Context, id string) (*domain.ImportMapping, error)
	PutImportMapping(ctx context.Context, m *domain.ImportMapping) error
}

// legacyExcelMagic starts an old binary Excel file (an OLE2 compound document: .xls, .et).
var legacyExcelMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// ReadLedgerBook reads an uploaded ledger: every sheet of an .xlsx workbook, or a .csv file in UTF-8
// (with or without BOM) or GB18030 (as Excel and WPS save CSV on Chinese systems) as one sheet. An old
// binary .xls is recognised by its signature, whatever its name. Errors are 400s that say what is wrong
// with the file; the rows of all sheets together are bounded while they are read.
func ReadLedgerBook(name string, data []byte) ([]domain.LedgerSheet, error) {
	if len(bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\ufeff")))) == 0 {
		return nil, domain.ErrBadRequest.WithMessage("上传的文件为空")
	}
	if bytes.HasPrefix(data, legacyExcelMagic) || bytes.HasPrefix(data, legacyExcelMagic[:4]) {
		return nil, domain.ErrLegacyExcel
	}
	isZip := bytes.HasPrefix(data, []byte("PK\x03\x04"))
	switch ext := strings.ToLower(filepath.Ext(name)); {
	case ext == ".xlsx" || isZip && (ext == "" || ext == ".xls" || ext == ".et"):
		if !isZip {
			return nil, domain.ErrBadRequest.WithMessage("文件不是有效的 Excel（.xlsx）文件")
		}
		return readXLSXBook(data)
	case ext == ".csv" || ext == "" && utf8.Valid(data):
		rows, err := readCSV(data)
		if err != nil {
			return nil, err
		}
		return []domain.LedgerSheet{{Rows: rows}}, nil
	case ext == ".xls" || ext == ".et" || ext == ".wps":
		return nil, domain.ErrLegacyExcel
	default:
		return nil, domain.ErrBadRequest.WithMessage("只支持 .xlsx 或 .csv 文件（旧版 .xls 请在 Excel/WPS 中另存为 .xlsx）")
	}
}

// The shape of an uploaded ledger, checked while it is read so that no file costs more memory than the
// largest legal ledger: 50,000 data rows of 35 columns (1.75 million cells); the widest header (20
// parties) has ~125 columns.
const (
	// maxLedgerFileRows is the most rows a ledger file may have: the header and MaxLedgerRows data rows.
	maxLedgerFileRows = domain.MaxLedgerRows + 1
	// maxLedgerColumns bounds the columns of a row.
	maxLedgerColumns = 200
	// maxLedgerCells bounds the cells of all rows (blank cells before a value included): 16 bytes each.
	maxLedgerCells = 4 << 20
)

// readXLSXBook reads every sheet, streaming within the reader's limits, which hold for all sheets
// together: a sheet may have its title and header rows above the most data rows a ledger may have, and
// the cells of all sheets share one bound. Raw values: a date typed into a date cell comes as its serial
// day number, which the ledger reads, instead of whatever the cell's display format makes of it.
func readXLSXBook(data []byte) ([]domain.LedgerSheet, error) {
	wb, err := openXLSX(data)
	if err != nil {
		return nil, err
	}
	var out []domain.LedgerSheet
	cells := maxLedgerCells
	for _, name := range wb.sheetNames() {
		rows, err := wb.rows(name, maxLedgerFileRows+ledgerHeaderRows, maxLedgerColumns, cells)
		if err != nil {
			var de *domain.Error
			if errors.As(err, &de) && len(wb.sheets) > 1 {
				return nil, de.WithMessage("工作表「" + name + "」：" + de.Message)
			}
			return nil, err
		}
		for _, r := range rows {
			cells -= max(len(r), 1)
		}
		out = append(out, domain.LedgerSheet{Name: name, Rows: rows})
	}
	return out, nil
}

// ledgerHeaderRows is room for a sheet's title, 填报单位 and two-row header above its data rows.
const ledgerHeaderRows = 20

// checkCSVShape counts records (lines that are not empty, which the CSV reader skips) and fields before
// the CSV reader allocates them: a 20 MB file of commas or of ",\n" would otherwise become millions of cells.
func checkCSVShape(data []byte) error {
	records, fields, cells, quoted, blank := 0, 1, 0, false, true
	end := func() error {
		if !blank {
			records++
			cells += fields
		}
		switch {
		case records > maxLedgerFileRows:
			return domain.Invalid(domain.FieldError{Field: "文件", Message: fmt.Sprintf(
				"一次最多导入%d行（不含表头），本文件超过了，请分批导入", domain.MaxLedgerRows)})
		case fields > maxLedgerColumns:
			return domain.Invalid(domain.FieldError{Field: "文件", Message: fmt.Sprintf(
				"CSV 文件第%d行有%d列：台账最多%d列，请删除表格右侧多余的内容", records, fields, maxLedgerColumns)})
		case cells > maxLedgerCells:
			return tooManyCells(maxLedgerCells, records)
		}
		fields, blank = 1, true
		return nil
	}
	for _, b := range data {
		switch {
		case b == '"':
			quoted = !quoted
		case quoted:
		case b == ',':
			fields++
			if fields > maxLedgerColumns {
				blank = false
				return end()
			}
		case b == '\n':
			if err := end(); err != nil {
				return err
			}
			continue
		}
		if b != '\r' {
			blank = false
		}
	}
	return end()
}

func readCSV(data []byte) ([][]string, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		decoded, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil {
			return nil, domain.ErrBadRequest.WithMessage("CSV 文件编码无法识别，请保存为 UTF-8 编码")
		}
		data = decoded
	}
	if err := checkCSVShape(data); err != nil {
		return nil, err
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, domain.ErrBadRequest.WithMessage(fmt.Sprintf("CSV 文件第%d行格式错误：引号不配对或字段格式不正确", pe.StartLine))
		}
		return nil, domain.ErrBadRequest.WithMessage("无法读取 CSV 文件")
	}
	return rows, nil
}

// ImportLedger reads a ledger file and checks every row (domain.ParseLedgerBook, duplicates looked up in
// the case index); unless it only checks, it then stores the cases through the write path (cases.Store:
// the audit entry, one bulk insert, the index) — all rows, or with Options.SkipRefused the good ones — and
// saves the office's mapping for this header. via says where the import came from, for the audit log.
func ImportLedger(ctx context.Context, deps ImportDeps, by *domain.User, name string, data []byte, req ImportRequest,
	now time.Time, via string) (res ImportResult, err error) {
	budgets.within(func() { res, err = importLedger(ctx, deps, by, name, data, req, now, via) })
	return res, err
}

func importLedger(ctx context.Context, deps ImportDeps, by *domain.User, name string, data []byte, req ImportRequest,
	now time.Time, via string) (ImportResult, error) {
	sheets, err := ReadLedgerBook(name, data)
	if err != nil {
		return ImportResult{}, err
	}
	res, err := parseWithMapping(ctx, deps, by, sheets, req, now)
	if err != nil {
		if res != nil {
			return ImportResult{Kind: res.Kind}, err
		}
		return ImportResult{}, err
	}
	rep := new(domain.LedgerReport) // a copy: a pointer into res would keep every parsed case alive with the answer
	*rep = res.Report
	out := ImportResult{Kind: res.Kind, Valid: rep.Valid, DryRun: req.DryRun || req.Preview, Cases: []string{}, Report: rep}
	if req.Preview {
		return out, nil
	}
	if e := res.Error(); e != nil && (len(rep.Problems) > 0 || !rep.Options.SkipRefused) {
		return out, e
	}
	if req.DryRun {
		return out, nil
	}
	if len(res.Cases) > 0 {
		detail := fmt.Sprintf("%s：导入%d件%s", name, len(res.Cases), via)
		if n := rep.Refused + len(rep.Duplicates); n > 0 {
			detail += fmt.Sprintf("（%d行有错误，%d行重复，未导入）", rep.Refused, len(rep.Duplicates))
		}
		batch := casework.Batch{Cases: res.Cases, Action: "import", Target: string(res.Kind), Detail: detail}
		if err := deps.Cases.Store(ctx, by, batch); err != nil {
			return out, err
		}
	}
	out.Imported = len(res.Cases)
	for _, c := range res.Cases[:min(len(res.Cases), maxImportListed)] {
		out.Cases = append(out.Cases, c.ID)
	}
	if deps.Mappings != nil && rep.Signature != "" {
		opts, _ := json.Marshal(rep.Options.SavedOptions())
		m := &domain.ImportMapping{ID: domain.ImportMappingID(by.RegionCode, rep.Signature), Region: by.RegionCode,
			Signature: rep.Signature, Options: string(opts), SavedAt: now, SavedBy: by.ID}
		if err := deps.Mappings.PutImportMapping(ctx, m); err != nil {
			slog.Warn("import mapping not saved", "id", m.ID, "err", err) // the cases are stored; the mapping is a convenience
		}
	}
	return out, nil
}

// parseWithMapping parses the sheets with the uploader's options, or the office's saved ones for this
// header when the uploader gave none.
func parseWithMapping(ctx context.Context, deps ImportDeps, by *domain.User, sheets []domain.LedgerSheet, req ImportRequest,
	now time.Time) (*domain.LedgerResult, error) {
	var dups domain.DuplicateLookup
	if ix := deps.Cases.Index(); ix != nil {
		dups = ix.LedgerDuplicates
	}
	opts := domain.LedgerOptions{}
	if req.Options != nil {
		opts = *req.Options
	}
	res, err := domain.ParseLedgerBook(sheets, by, deps.Regions, now, opts, dups)
	if err != nil || req.Options != nil || deps.Mappings == nil || res.Report.Signature == "" {
		return res, err
	}
	saved, err := deps.Mappings.GetImportMapping(ctx, domain.ImportMappingID(by.RegionCode, res.Report.Signature))
	if err != nil || saved == nil {
		return res, nil // none saved (or unreadable: the file maps as if new)
	}
	var so domain.LedgerOptions
	if json.Unmarshal([]byte(saved.Options), &so) != nil {
		return res, nil
	}
	again, err := domain.ParseLedgerBook(sheets, by, deps.Regions, now, so, dups)
	if err != nil {
		return res, nil
	}
	again.Report.MappingSaved = true
	return again, nil
}

func (a *App) importDeps() ImportDeps {
	return ImportDeps{Cases: a.cases, Regions: a.regions, Mappings: a.store}
}

// importSlots lets each user run one import at a time: an import holds its file and its rows in memory.
type importSlots struct {
	mu   sync.Mutex
	busy map[string]bool
}

// take claims the user's slot; it reports false when the user's previous import is still running.
func (s *importSlots) take(user string) (release func(), ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.busy[user] {
		return nil, false
	}
	if s.busy == nil {
		s.busy = map[string]bool{}
	}
	s.busy[user] = true
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		delete(s.busy, user)
	}, true
}

// importCases answers POST /cases/import: multipart field `file`, `dryRun=true` to only check.
func (a *App) importCases(c echo.Context) error {
	u := currentUser(c)
	up, release, err := a.beginImport(c, u)
	if err != nil {
		return err
	}
	defer release()
	ctx := casework.WithClientIP(c.Request().Context(), c.RealIP())
	res, err := ImportLedger(ctx, a.importDeps(), u, up.name, up.data, up.req, a.now(), "")
	if err != nil {
		return err
	}
	if res.DryRun {
		return c.JSON(http.StatusOK, res)
	}
	return c.JSON(http.StatusCreated, res)
}

// beginImport claims the user's import slot (one import at a time each) and reads the upload's form; the
// caller releases the slot when done. Nothing is held when it fails.
func (a *App) beginImport(c echo.Context, u *domain.User) (*importUpload, func(), error) {
	release, ok := a.imports.take(u.ID)
	if !ok {
		return nil, nil, domain.ErrImportBusy
	}
	up, err := readImportForm(c)
	if err != nil {
		release()
		return nil, nil, err
	}
	return up, release, nil
}

// importUpload is an uploaded ledger and what to do with it.
type importUpload struct {
	name string
	data []byte
	req  ImportRequest
}

// readImportForm reads the multipart form of an import: `file`, and `dryRun`, `preview`, `options`
// (JSON domain.LedgerOptions) as form fields or query parameters.
func readImportForm(c echo.Context) (*importUpload, error) {
	req := c.Request()
	if err := req.ParseMultipartForm(8 << 20); err != nil { // larger files wait in temporary files
		var he *echo.HTTPError
		switch {
		case errors.As(err, &he):
			return nil, he // the body limit: 413
		case errors.Is(err, os.ErrDeadlineExceeded):
			return nil, domain.ErrBodyTimeout
		case errors.Is(err, http.ErrNotMultipart):
			return nil, domain.ErrBadRequest.WithMessage("请求必须是 multipart/form-data，文件放在 file 字段")
		}
		return nil, domain.ErrBadRequest.WithMessage("上传内容不完整或格式错误")
	}
	defer req.MultipartForm.RemoveAll()
	up := &importUpload{}
	for _, f := range []struct {
		name string
		v    *bool
	}{{"dryRun", &up.req.DryRun}, {"preview", &up.req.Preview}} {
		if v := c.FormValue(f.name); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return nil, domain.ErrBadRequest.WithMessage(f.name + " 只能是 true 或 false")
			}
			*f.v = b
		}
	}
	if v := c.FormValue("options"); v != "" {
		var o domain.LedgerOptions
		dec := json.NewDecoder(strings.NewReader(v))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&o); err != nil {
			return nil, domain.ErrBadRequest.WithMessage("options 应为 JSON：{columns, values, defaultTownship, defaultSource, closeConcluded, keepDuplicates, skipRefused}")
		}
		up.req.Options = &o
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return nil, domain.ErrBadRequest.WithMessage("请在表单字段 file 中上传 .xlsx 或 .csv 文件")
	}
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if up.data, err = io.ReadAll(f); err != nil {
		return nil, err
	}
	up.name = fh.Filename
	return up, nil
}

// importRefusedPath is the route of the refused rows' file.
const importRefusedPath = importPath + "/refused"

// importRefused answers POST /cases/import/refused (the import's form): the rows the import refuses, as an
// .xlsx to fix and upload again — each sheet's header rows, then its refused rows as they were, with a
// 错误说明 column saying what is wrong in each.
func (a *App) importRefused(c echo.Context) error {
	u := currentUser(c)
	up, release, err := a.beginImport(c, u)
	if err != nil {
		return err
	}
	defer release()
	sheets, err := ReadLedgerBook(up.name, up.data)
	if err != nil {
		return err
	}
	res, err := parseWithMapping(c.Request().Context(), a.importDeps(), u, sheets, up.req, a.now())
	if err != nil {
		return err
	}
	body, err := refusedXLSX(sheets, res)
	if err != nil {
		return err
	}
	base := strings.TrimSuffix(up.name, filepath.Ext(up.name))
	name := base + "-未导入的行.xlsx"
	c.Response().Header().Set(echo.HeaderContentDisposition,
		fmt.Sprintf(`attachment; filename="pingan-refused-rows.xlsx"; filename*=UTF-8''%s`, url.PathEscape(name)))
	return c.Blob(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body)
}

// refusedXLSX writes the refused rows of each sheet under its header rows, with 错误说明 after the widest
// header cell.
func refusedXLSX(sheets []domain.LedgerSheet, res *domain.LedgerResult) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	var errs firstError
	bySheet := map[int][]domain.LedgerRefusal{}
	var order []int
	for _, r := range res.Refused {
		if _, seen := bySheet[r.Sheet]; !seen {
			order = append(order, r.Sheet)
		}
		bySheet[r.Sheet] = append(bySheet[r.Sheet], r)
	}
	first := true
	red := 0
	if id, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Color: "C00000"}, Alignment: &excelize.Alignment{WrapText: true}}); err == nil {
		red = id
	}
	for _, pos := range order {
		sh := sheets[pos]
		name := sh.Name
		if name == "" {
			name = ledgerSheet
		}
		if first {
			errs.check(f.SetSheetName("Sheet1", name))
			first = false
		} else if _, err := f.NewSheet(name); err != nil {
			return nil, err
		}
		width := 0
		for _, h := range res.Headers[pos] {
			width = max(width, len(sh.Rows[h-1]))
		}
		out := 1
		write := func(cells []string, note string) {
			row := make([]any, width+1)
			for i := range width {
				if i < len(cells) {
					row[i] = cells[i]
				} else {
					row[i] = ""
				}
			}
			row[width] = note
			cell, _ := excelize.CoordinatesToCellName(1, out)
			errs.check(f.SetSheetRow(name, cell, &row))
			if note != "" && note != "错误说明" {
				end, _ := excelize.CoordinatesToCellName(width+1, out)
				errs.check(f.SetCellStyle(name, end, end, red))
			}
			out++
		}
		for _, h := range res.Headers[pos] {
			note := ""
			if h == res.Headers[pos][len(res.Headers[pos])-1] {
				note = "错误说明"
			}
			write(sh.Rows[h-1], note)
		}
		for _, r := range bySheet[pos] {
			write(sh.Rows[r.Row-1], strings.Join(r.Messages, "；"))
		}
		col, _ := excelize.ColumnNumberToName(width + 1)
		errs.check(f.SetColWidth(name, col, col, 60))
	}
	if first { // nothing refused: an empty sheet that says so
		errs.check(f.SetCellStr("Sheet1", "A1", "没有被拒绝的行"))
	}
	if errs.err != nil {
		return nil, fmt.Errorf("refused rows: %w", errs.err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ledgerSheet names the data sheet of the import template.
const ledgerSheet = "台账"

// importTemplate answers GET /cases/import/template?kind=dispute|petition[&format=xlsx|csv]: the header
// row and one example row (in the caller's region); the xlsx has drop-down lists for the enumerated
// columns and a sheet explaining every column.
func (a *App) importTemplate(c echo.Context) error {
	u := currentUser(c)
	kind := domain.Kind(c.QueryParam("kind"))
	if !domain.IsValid(domain.Kinds, string(kind)) {
		return domain.ErrBadRequest.WithMessage("案件类型（kind）只能是 dispute 或 petition")
	}
	if !domain.CanRegister(u.Role, kind) {
		return domain.ErrForbidden.WithMessage("您的角色不能导入" + domain.LabelOf(domain.Kinds, string(kind)) + "台账")
	}
	format := c.QueryParam("format")
	if format == "" {
		format = "xlsx"
	}
	cols := domain.LedgerColumns(kind, a.regions, u.RegionCode)
	var body []byte
	var ctype string
	switch format {
	case "csv":
		b, err := templateCSV(cols)
		if err != nil {
			return err
		}
		body, ctype = b, "text/csv; charset=utf-8"
	case "xlsx":
		b, err := templateXLSX(cols)
		if err != nil {
			return err
		}
		body, ctype = b, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	default:
		return domain.ErrBadRequest.WithMessage("模板格式（format）只能是 xlsx 或 csv")
	}
	name := domain.LabelOf(domain.Kinds, string(kind)) + "导入模板." + format
	c.Response().Header().Set(echo.HeaderContentDisposition,
		fmt.Sprintf(`attachment; filename="pingan-import-%s.%s"; filename*=UTF-8''%s`, kind, format, url.PathEscape(name)))
	return c.Blob(http.StatusOK, ctype, body)
}

// templateHeader marks required columns with an asterisk (the ledger reader ignores it).
func templateHeader(col domain.LedgerColumn) string {
	if col.Required {
		return "*" + col.Header
	}
	return col.Header
}

func templateCSV(cols []domain.LedgerColumn) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	header := make([]string, len(cols))
	example := make([]string, len(cols))
	for i, col := range cols {
		header[i], example[i] = templateHeader(col), col.Example
	}
	if err := csv.NewWriter(&buf).WriteAll([][]string{header, example}); err != nil {
		return nil, fmt.Errorf("write template: %w", err)
	}
	return buf.Bytes(), nil
}

// templateRows is how many rows the template's drop-down lists and text format cover.
const templateRows = 5000

// firstError keeps the first error of a run of calls, so that a long run of spreadsheet writes reads as
// the writes and still fails with the first thing that went wrong.
type firstError struct{ err error }

func (e *firstError) check(err error) {
	if e.err == nil {
		e.err = err
	}
}

func templateXLSX(cols []domain.LedgerColumn) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", ledgerSheet); err != nil {
		return nil, err
	}
	var errs firstError
	newStyle := func(s *excelize.Style) int {
		id, err := f.NewStyle(s)
		errs.check(err)
		return id
	}
	column := func(n int) string {
		name, err := excelize.ColumnNumberToName(n)
		errs.check(err)
		return name
	}
	// Every cell is text: dates, ID numbers and codes stay as typed instead of turning into numbers.
	text := newStyle(&excelize.Style{NumFmt: 49})
	head := newStyle(&excelize.Style{NumFmt: 49, Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	required := newStyle(&excelize.Style{NumFmt: 49, Font: &excelize.Font{Bold: true, Color: "C00000"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	example := newStyle(&excelize.Style{NumFmt: 49, Font: &excelize.Font{Italic: true, Color: "808080"}})
	errs.check(f.SetColStyle(ledgerSheet, "A:"+column(len(cols)), text))
	for i, col := range cols {
		name := column(i + 1)
		errs.check(f.SetCellStr(ledgerSheet, name+"1", templateHeader(col)))
		errs.check(f.SetCellStr(ledgerSheet, name+"2", col.Example))
		style := head
		if col.Required {
			style = required
		}
		errs.check(f.SetCellStyle(ledgerSheet, name+"1", name+"1", style))
		errs.check(f.SetCellStyle(ledgerSheet, name+"2", name+"2", example))
		width := float64(max(utf8.RuneCountInString(col.Header)*2+4, 12))
		if len(col.Example) > 30 {
			width = 30
		}
		errs.check(f.SetColWidth(ledgerSheet, name, name, width))
		if choices := domain.LedgerChoices(col.Header); choices != nil {
			dv := excelize.NewDataValidation(true)
			dv.Sqref = fmt.Sprintf("%s2:%s%d", name, name, templateRows+1)
			// A list too long for a drop-down (Excel's 255 characters) is left without one: the column
			// still takes text, and the import checks it.
			if err := dv.SetDropList(choices); err == nil {
				dv.SetError(excelize.DataValidationErrorStyleWarning, "请从列表中选择", "可填："+strings.Join(choices, "、"))
				errs.check(f.AddDataValidation(ledgerSheet, dv))
			}
		}
	}
	errs.check(f.SetPanes(ledgerSheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}))

	const help = "填写说明"
	if _, err := f.NewSheet(help); err != nil {
		return nil, err
	}
	errs.check(f.SetSheetRow(help, "A1", &[]string{"列名", "是否必填", "填写说明", "示例"}))
	errs.check(f.SetCellStyle(help, "A1", "D1", head))
	for i, col := range cols {
		req := ""
		if col.Required {
			req = "必填"
		}
		errs.check(f.SetSheetRow(help, fmt.Sprintf("A%d", i+2), &[]string{col.Header, req, col.Help, col.Example}))
	}
	notes := []string{
		"第1行为表头，请勿修改；标*的列必填。第2行为示例，导入前请删除。",
		"每行一件案件，登记日期为历史登记日期；结果、办结日期等列填写案件的最终状态，未办结的案件不填。",
		"类别、风险等级等可填中文名称或代码；日期格式为 YYYY-MM-DD。",
		"导入时逐行校验，任何一行有错误则整个文件都不导入，并列出每一处错误的行号和列名。",
	}
	for i, n := range notes {
		errs.check(f.SetCellStr(help, fmt.Sprintf("F%d", i+1), n))
	}
	errs.check(f.SetColWidth(help, "A", "A", 16))
	errs.check(f.SetColWidth(help, "C", "C", 60))
	errs.check(f.SetColWidth(help, "D", "D", 24))
	errs.check(f.SetColWidth(help, "F", "F", 70))
	if errs.err != nil {
		return nil, fmt.Errorf("build template: %w", errs.err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("write template: %w", err)
	}
	return buf.Bytes(), nil
}
