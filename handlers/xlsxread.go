package handlers

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"pingan/domain"
)

// A streaming reader of .xlsx workbooks whose memory and time are bounded by the limits below, whatever
// the file holds: an upload of at most 20 MB can declare gigabytes of XML (a zip bomb), a cell in column
// XFD makes a row 16,384 cells wide, and megabytes of whitespace are one XML token. It reads the workbook's
// sheet list, the shared strings and one sheet's rows, cell by cell, never the whole sheet at once.
//
// The limits, measured: a 50,000-row dispute ledger (the template's 35 columns, a 280-character summary,
// address and agreement in every row) is 60 MB of sheet XML and 55 MB of shared strings as Excel and WPS
// lay it out, or 159 MB of sheet XML with inline strings (as streaming writers do). The longest legal cell
// is 32,767 characters (Excel's limit).
const (
	// xlsxMaxSheetXML bounds one worksheet's XML, which is streamed.
	xlsxMaxSheetXML = 200 << 20
	// xlsxMaxSharedStrings bounds the shared strings' XML, which is held in memory while a sheet is read.
	xlsxMaxSharedStrings = 64 << 20
	// xlsxMaxPart bounds every other part read (workbook, relationships).
	xlsxMaxPart = 8 << 20
	// xlsxMaxRun bounds a run of XML without a tag (text, whitespace, an attribute): 4 bytes a character
	// of the longest legal cell, with room for markup.
	xlsxMaxRun = 256 << 10
)

var errXLSXDamaged = domain.ErrBadRequest.WithMessage("无法读取 Excel 文件：文件已损坏或不是 .xlsx 格式")

// xlsxWorkbook is an .xlsx file opened for reading.
type xlsxWorkbook struct {
	files  map[string]*zip.File // by lower-cased name
	sheets []xlsxSheetRef
	sst    string         // the shared strings' part ("" if none)
	table  *sharedStrings // read once, for every sheet
}

type xlsxSheetRef struct{ name, part string }

// openXLSX opens a workbook and reads its sheet list.
func openXLSX(data []byte) (*xlsxWorkbook, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, errXLSXDamaged
	}
	w := &xlsxWorkbook{files: make(map[string]*zip.File, len(zr.File))}
	for _, f := range zr.File {
		w.files[strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(f.Name, `\`, "/"), "/"))] = f
	}
	book := "xl/workbook.xml"
	if rels, err := w.relationships("_rels/.rels", ""); err == nil {
		for _, r := range rels {
			if strings.HasSuffix(r.kind, "/officeDocument") {
				book = r.target
			}
		}
	}
	rels, err := w.relationships(path.Join(path.Dir(book), "_rels", path.Base(book)+".rels"), path.Dir(book))
	if err != nil {
		return nil, err
	}
	byID := map[string]string{}
	for _, r := range rels {
		byID[r.id] = r.target
		if strings.HasSuffix(r.kind, "/sharedStrings") {
			w.sst = r.target
		}
	}
	dec, closeBook, err := w.open(book, xlsxMaxPart)
	if err != nil {
		return nil, err
	}
	defer closeBook()
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, xlsxReadError(err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "sheet" {
			var name, id string
			for _, a := range se.Attr {
				switch {
				case a.Name.Local == "name":
					name = a.Value
				case a.Name.Local == "id" && strings.Contains(a.Name.Space, "relationships"):
					id = a.Value
				}
			}
			if part, ok := byID[id]; ok && name != "" {
				w.sheets = append(w.sheets, xlsxSheetRef{name: name, part: part})
			}
		}
	}
	if len(w.sheets) == 0 {
		return nil, domain.ErrBadRequest.WithMessage("Excel 文件中没有工作表")
	}
	return w, nil
}

// sheetNames lists the workbook's sheets in their order.
func (w *xlsxWorkbook) sheetNames() []string {
	out := make([]string, len(w.sheets))
	for i, s := range w.sheets {
		out[i] = s.name
	}
	return out
}

type xlsxRel struct{ id, kind, target string }

// relationships reads a relationships part; targets are resolved against dir.
func (w *xlsxWorkbook) relationships(part, dir string) ([]xlsxRel, error) {
	dec, done, err := w.open(part, xlsxMaxPart)
	if err != nil {
		return nil, err
	}
	defer done()
	var out []xlsxRel
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, xlsxReadError(err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "Relationship" {
			var r xlsxRel
			for _, a := range se.Attr {
				switch a.Name.Local {
				case "Id":
					r.id = a.Value
				case "Type":
					r.kind = a.Value
				case "Target":
					r.target = a.Value
				}
			}
			if strings.HasPrefix(r.target, "/") {
				r.target = strings.TrimPrefix(r.target, "/")
			} else {
				r.target = path.Join(dir, r.target)
			}
			out = append(out, r)
		}
	}
}

// open returns an XML decoder over a part of at most limit bytes (as declared, which the zip reader holds
// the data to), in which no run without a tag exceeds xlsxMaxRun.
func (w *xlsxWorkbook) open(part string, limit uint64) (*xml.Decoder, func(), error) {
	f, ok := w.files[strings.ToLower(part)]
	if !ok {
		return nil, nil, errXLSXDamaged
	}
	if f.UncompressedSize64 > limit {
		return nil, nil, domain.ErrSpreadsheetTooLarge.WithMessage(fmt.Sprintf(
			"Excel 文件解压后过大：%s 有 %d MB，上限 %d MB。请删除多余的行、列和格式后另存，或分批导入",
			path.Base(part), f.UncompressedSize64>>20, limit>>20))
	}
	rc, err := f.Open()
	if err != nil {
		return nil, nil, errXLSXDamaged
	}
	return xml.NewDecoder(&runGuard{r: rc}), func() { rc.Close() }, nil
}

// errLongRun stops reading a part with an overlong run of text, whitespace or attribute.
var errLongRun = errors.New("xlsx: overlong run without markup")

// runGuard fails a read once more than xlsxMaxRun bytes pass without a '<': the XML decoder holds a whole
// text token in memory, and a cell holds no more than 32,767 characters.
type runGuard struct {
	r   io.Reader
	run int
}

func (g *runGuard) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	for chunk := p[:n]; len(chunk) > 0; {
		i := bytes.IndexByte(chunk, '<')
		if i < 0 {
			g.run += len(chunk)
			break
		}
		g.run, chunk = 0, chunk[i+1:]
	}
	if g.run > xlsxMaxRun {
		return n, errLongRun
	}
	return n, err
}

// xlsxReadError turns a failure while reading a part into the answer.
func xlsxReadError(err error) error {
	var de *domain.Error
	switch {
	case errors.As(err, &de):
		return de
	case errors.Is(err, errLongRun):
		return domain.ErrSpreadsheetTooLarge.WithMessage("Excel 文件中有超长的内容或空白（单元格最多 32767 个字符），无法读取：请检查文件是否损坏，或删除多余格式后另存")
	}
	return errXLSXDamaged
}

// sharedStrings is the shared strings table: all its text in one string, and where each entry ends (a
// table of millions of tiny strings costs 4 bytes an entry, not a string header and an allocation).
type sharedStrings struct {
	text string
	ends []uint32
}

func (s *sharedStrings) get(i int) (string, bool) {
	if i < 0 || i >= len(s.ends) {
		return "", false
	}
	start := uint32(0)
	if i > 0 {
		start = s.ends[i-1]
	}
	return s.text[start:s.ends[i]], true
}

// sharedStrings reads the shared strings table.
func (w *xlsxWorkbook) sharedStrings() (*sharedStrings, error) {
	if w.table != nil {
		return w.table, nil
	}
	sst, err := w.readSharedStrings()
	if err == nil {
		w.table = sst
	}
	return sst, err
}

func (w *xlsxWorkbook) readSharedStrings() (*sharedStrings, error) {
	sst := &sharedStrings{}
	if w.sst == "" {
		return sst, nil
	}
	if _, ok := w.files[strings.ToLower(w.sst)]; !ok {
		return sst, nil
	}
	dec, done, err := w.open(w.sst, xlsxMaxSharedStrings)
	if err != nil {
		return nil, err
	}
	defer done()
	var all, sb strings.Builder
	inSI, inPhonetic, inText := false, false, false
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			sst.text = all.String()
			return sst, nil
		}
		if err != nil {
			return nil, xlsxReadError(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				inSI = true
				sb.Reset()
			case "rPh":
				inPhonetic = true
			case "t":
				inText = inSI && !inPhonetic
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				inSI = false
				all.WriteString(unescapeOOXML(sb.String()))
				sst.ends = append(sst.ends, uint32(all.Len()))
			case "rPh":
				inPhonetic = false
			case "t":
				inText = false
			}
		case xml.CharData:
			if inText {
				if sb.Len()+len(t) > xlsxMaxRun {
					return nil, xlsxReadError(errLongRun)
				}
				sb.Write(t)
			}
		}
	}
}

// ooxmlEscape is an escaped character of OOXML strings (_x000D_ for a carriage return).
var ooxmlEscape = regexp.MustCompile(`_x[0-9A-Fa-f]{4}_`)

func unescapeOOXML(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	return ooxmlEscape.ReplaceAllStringFunc(s, func(m string) string {
		r, err := strconv.ParseUint(m[2:6], 16, 32)
		if err != nil {
			return m
		}
		return string(rune(r))
	})
}

// rows reads a sheet's rows, cell values raw (a date typed into a date cell is its serial day number),
// row i of the answer being the sheet's row i+1; trailing blank cells and rows are left out. A value in
// a row past maxRows or a column past maxCols, or more than maxCells cells (blank cells before a value
// included: 16 bytes each in memory), refuses the file, having read no further.
func (w *xlsxWorkbook) rows(sheet string, maxRows, maxCols, maxCells int) ([][]string, error) {
	var part string
	for _, s := range w.sheets {
		if s.name == sheet {
			part = s.part
		}
	}
	if part == "" {
		return nil, domain.ErrBadRequest.WithMessage("Excel 文件中没有工作表「" + sheet + "」")
	}
	sst, err := w.sharedStrings()
	if err != nil {
		return nil, err
	}
	dec, done, err := w.open(part, xlsxMaxSheetXML)
	if err != nil {
		return nil, err
	}
	defer done()
	var out [][]string
	var row []string
	rowNum, col, cells := 0, 0, 0
	var cellType string
	var value, inline strings.Builder
	inCell, inValue, inInline, inPhonetic := false, false, false, false
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, xlsxReadError(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				rowNum++
				if r, err := strconv.Atoi(attr(t, "r")); err == nil && r > 0 {
					rowNum = r
				}
				row, col = nil, 0
			case "c":
				inCell, cellType = true, attr(t, "t")
				value.Reset()
				inline.Reset()
				col++
				if ref := attr(t, "r"); ref != "" {
					c, _, err := excelize.CellNameToCoordinates(ref)
					if err != nil {
						return nil, errXLSXDamaged
					}
					col = c
				}
			case "v":
				inValue = inCell
			case "is":
				inInline = inCell
			case "rPh":
				inPhonetic = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v":
				inValue = false
			case "is":
				inInline = false
			case "rPh":
				inPhonetic = false
			case "c":
				inCell = false
				v, err := cellValue(cellType, value.String(), inline.String(), sst)
				if err != nil {
					return nil, err
				}
				if v == "" {
					continue
				}
				if err := checkCell(rowNum, col, maxRows, maxCols); err != nil {
					return nil, err
				}
				if cells += max(col-len(row), 1); cells > maxCells {
					return nil, tooManyCells(maxCells, rowNum)
				}
				for len(row) < col-1 {
					row = append(row, "")
				}
				row = append(row, v)
			case "row":
				if len(row) > 0 {
					for len(out) < rowNum-1 {
						out = append(out, nil)
					}
					out = append(out, row)
				}
			}
		case xml.CharData:
			var into *strings.Builder
			switch {
			case inValue:
				into = &value
			case inInline && !inPhonetic:
				into = &inline
			default:
				continue
			}
			if into.Len()+len(t) > xlsxMaxRun {
				return nil, xlsxReadError(errLongRun)
			}
			into.Write(t)
		}
	}
}

// checkCell refuses a value outside the rows and columns a ledger may have.
func checkCell(row, col, maxRows, maxCols int) error {
	name, _ := excelize.CoordinatesToCellName(min(col, excelize.MaxColumns), max(row, 1))
	switch {
	case row > maxRows:
		return domain.Invalid(domain.FieldError{Field: "文件", Message: fmt.Sprintf(
			"一次最多导入%d行（不含表头），本文件第%d行（单元格 %s）仍有内容，请分批导入", maxRows-1, row, name)})
	case col > maxCols:
		return domain.Invalid(domain.FieldError{Field: "文件", Message: fmt.Sprintf(
			"单元格 %s 超出台账的范围：台账最多%d列，请删除表格右侧多余的内容", name, maxCols)})
	}
	return nil
}

func tooManyCells(maxCells, row int) error {
	return domain.ErrSpreadsheetTooLarge.WithMessage(fmt.Sprintf(
		"表格内容过多（超过%d万个单元格，到第%d行为止）：请删除多余的行、列后另存，或分批导入", maxCells/10000, row))
}

// cellValue is a cell's raw value by its type: a shared string, inline text, or the value as written
// (numbers, booleans as 1/0, formula results, ISO dates).
func cellValue(cellType, value, inline string, sst *sharedStrings) (string, error) {
	switch cellType {
	case "s":
		if strings.TrimSpace(value) == "" {
			return "", nil
		}
		i, err := strconv.Atoi(strings.TrimSpace(value))
		if err != nil {
			return "", errXLSXDamaged
		}
		s, ok := sst.get(i)
		if !ok {
			return "", errXLSXDamaged
		}
		return s, nil
	case "inlineStr":
		return unescapeOOXML(inline), nil
	}
	return value, nil
}

func attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}
