package handlers

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"pingan/domain"
	"pingan/store"
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
}

// ReadLedgerFile reads an uploaded ledger into rows of cells: the first sheet of an .xlsx workbook (the
// sheet named 台账 when there is one), or a .csv file in UTF-8 (with or without BOM) or GB18030 (as
// Excel saves CSV on Chinese systems). Errors are 400s that say what is wrong with the file.
func ReadLedgerFile(name string, data []byte) ([][]string, error) {
	if len(bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\ufeff")))) == 0 {
		return nil, domain.ErrBadRequest.WithMessage("上传的文件为空")
	}
	isZip := bytes.HasPrefix(data, []byte("PK\x03\x04"))
	switch ext := strings.ToLower(filepath.Ext(name)); {
	case ext == ".xlsx" || ext == "" && isZip:
		if !isZip {
			return nil, domain.ErrBadRequest.WithMessage("文件不是有效的 Excel（.xlsx）文件")
		}
		return readXLSX(data)
	case ext == ".csv" || ext == "" && utf8.Valid(data):
		return readCSV(data)
	case ext == ".xls" || ext == ".et" || ext == ".wps":
		return nil, domain.ErrBadRequest.WithMessage("不支持旧版 Excel（.xls）等格式，请在 Excel 中另存为 .xlsx 后再导入")
	default:
		return nil, domain.ErrBadRequest.WithMessage("只支持 .xlsx 或 .csv 文件")
	}
}

func readXLSX(data []byte) ([][]string, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: 512 << 20, UnzipXMLSizeLimit: 64 << 20})
	if err != nil {
		return nil, domain.ErrBadRequest.WithMessage("无法读取 Excel 文件：文件已损坏或不是 .xlsx 格式")
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, domain.ErrBadRequest.WithMessage("Excel 文件中没有工作表")
	}
	sheet := sheets[0]
	for _, s := range sheets {
		if s == ledgerSheet {
			sheet = s
		}
	}
	// Raw values: a date typed into a date cell comes as its serial day number, which the ledger reads,
	// instead of whatever the cell's display format makes of it.
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, domain.ErrBadRequest.WithMessage("无法读取 Excel 工作表「" + sheet + "」")
	}
	return rows, nil
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

// ImportLedger reads a ledger file and checks every row (domain.ParseLedger); unless dryRun it then
// stores all its cases in one bulk insert — all rows or none. The caller puts the cases into the case
// index of a running server and audits the import.
func ImportLedger(ctx context.Context, st *store.Store, regions *domain.RegionTree, by *domain.User, name string,
	data []byte, dryRun bool, now time.Time) (ImportResult, []*domain.Case, error) {
	rows, err := ReadLedgerFile(name, data)
	if err != nil {
		return ImportResult{}, nil, err
	}
	kind, cases, err := domain.ParseLedger(rows, by, regions, now)
	if err != nil {
		return ImportResult{Kind: kind}, nil, err
	}
	res := ImportResult{Kind: kind, Valid: len(cases), DryRun: dryRun, Cases: []string{}}
	if dryRun {
		return res, nil, nil
	}
	if err := st.InsertCasesBulk(ctx, cases); err != nil {
		return res, nil, err
	}
	res.Imported = len(cases)
	for _, c := range cases[:min(len(cases), maxImportListed)] {
		res.Cases = append(res.Cases, c.ID)
	}
	return res, cases, nil
}

// importCases answers POST /cases/import: multipart field `file`, `dryRun=true` to only check.
func (a *App) importCases(c echo.Context) error {
	u := currentUser(c)
	req := c.Request()
	if err := req.ParseMultipartForm(8 << 20); err != nil { // larger files wait in temporary files
		var he *echo.HTTPError
		switch {
		case errors.As(err, &he):
			return he // the body limit: 413
		case errors.Is(err, http.ErrNotMultipart):
			return domain.ErrBadRequest.WithMessage("请求必须是 multipart/form-data，文件放在 file 字段")
		}
		return domain.ErrBadRequest.WithMessage("上传内容不完整或格式错误")
	}
	defer req.MultipartForm.RemoveAll()
	dryRun := false
	if v := c.FormValue("dryRun"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return domain.ErrBadRequest.WithMessage("dryRun 只能是 true 或 false")
		}
		dryRun = b
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return domain.ErrBadRequest.WithMessage("请在表单字段 file 中上传 .xlsx 或 .csv 文件")
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return err
	}
	res, cases, err := ImportLedger(c.Request().Context(), a.store, a.regions, u, fh.Filename, data, dryRun, a.now())
	if err != nil {
		return err
	}
	if dryRun {
		return c.JSON(http.StatusOK, res)
	}
	for _, cs := range cases {
		a.index.Put(cs)
	}
	a.audit(c, u.ID, "import", string(res.Kind), fmt.Sprintf("%s：导入%d件", fh.Filename, res.Imported))
	return c.JSON(http.StatusCreated, res)
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
