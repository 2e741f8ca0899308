package casefile

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"time"
)

// A Doc is one printable document, written as WordprocessingML (.docx) by Write. It is a small writer of
// our own (archive/zip and escaped XML): the Go docx libraries either are not served by the module proxy
// with a version, or are commercially licensed (docs/DESIGN.md, "The case file").
type Doc struct {
	Title  string // the heading, printed in 宋体 bold ("" for none: the cover has its own)
	blocks []block
}

type block interface{ writeXML(b *strings.Builder) }

// Fonts: the East Asian names are what Word and WPS look up on a Chinese Windows (the font table gives the
// Latin names a machine without them substitutes); digits and Latin letters are in Times New Roman. Sizes in half points: 二号 22 pt, 三号 16 pt, 小四 12 pt (forms).
const (
	fontSong     = "宋体"
	fontFangSong = "仿宋"
	fontLatin    = "Times New Roman"
	sizeTitle    = 44
	sizeBody     = 32
	sizeTable    = 24
)

// Para is a paragraph of runs.
type Para struct {
	Runs   []Run
	Align  string // "", "center", "right", "both"
	Indent bool   // first line indented by two characters, as Chinese prose is
	Before int    // space before, in twips
	Size   int    // default size of its runs (half points)
}

// Run is a piece of text in one style. A "\n" in Text breaks the line.
type Run struct {
	Text      string
	Bold      bool
	Underline bool
	Font      string
	Size      int
}

// Table is a bordered table; each row's cells span Span columns (0 = 1).
type Table struct {
	Widths []int // column widths in twips; together the text width of A4 (8844)
	Rows   [][]Cell
}

// Cell is one cell of a table.
type Cell struct {
	Text   string
	Bold   bool
	Span   int
	Center bool
	Height int // minimum row height in twips (the first cell of a row sets it)
}

// P adds a paragraph of body text (仿宋 三号, first line indented).
func (d *Doc) P(text string) {
	d.blocks = append(d.blocks, Para{Runs: []Run{{Text: text}}, Indent: true})
}

// Line adds a paragraph of runs as given.
func (d *Doc) Line(p Para) { d.blocks = append(d.blocks, p) }

// Label adds "label：value" with the label in bold, the value underlined as a filled-in blank.
func (d *Doc) Label(label, value string) {
	d.blocks = append(d.blocks, Para{Runs: []Run{{Text: label + "：", Bold: true}, {Text: orBlank(value), Underline: true}}})
}

// Table adds a table.
func (d *Doc) Table(t Table) { d.blocks = append(d.blocks, t) }

// orBlank leaves room to write by hand when a value is not known.
func orBlank(s string) string {
	if strings.TrimSpace(s) == "" {
		return "　　　　　　　　"
	}
	return s
}

func (p Para) writeXML(b *strings.Builder) {
	b.WriteString("<w:p><w:pPr>")
	if p.Before > 0 {
		fmt.Fprintf(b, `<w:spacing w:before="%d" w:line="560" w:lineRule="exact"/>`, p.Before)
	} else {
		b.WriteString(`<w:spacing w:line="560" w:lineRule="exact"/>`)
	}
	if p.Indent {
		b.WriteString(`<w:ind w:firstLineChars="200" w:firstLine="640"/>`)
	}
	if p.Align != "" {
		fmt.Fprintf(b, `<w:jc w:val="%s"/>`, p.Align)
	}
	b.WriteString("</w:pPr>")
	for _, r := range p.Runs {
		if r.Size == 0 {
			r.Size = p.Size
		}
		r.writeXML(b)
	}
	b.WriteString("</w:p>")
}

func (r Run) writeXML(b *strings.Builder) {
	font := r.Font
	if font == "" {
		font = fontFangSong
	}
	size := r.Size
	if size == 0 {
		size = sizeBody
	}
	for i, line := range strings.Split(r.Text, "\n") {
		b.WriteString("<w:r><w:rPr>")
		// Chinese in the document's font, digits and Latin letters in Times New Roman, as offices set them
		fmt.Fprintf(b, `<w:rFonts w:ascii="%[2]s" w:hAnsi="%[2]s" w:eastAsia="%[1]s" w:cs="%[2]s" w:hint="eastAsia"/>`, font, fontLatin)
		if r.Bold {
			b.WriteString("<w:b/><w:bCs/>")
		}
		if r.Underline {
			b.WriteString(`<w:u w:val="single"/>`)
		}
		fmt.Fprintf(b, `<w:sz w:val="%d"/><w:szCs w:val="%d"/><w:lang w:eastAsia="zh-CN"/></w:rPr>`, size, size)
		if i > 0 {
			b.WriteString("<w:br/>")
		}
		b.WriteString(`<w:t xml:space="preserve">`)
		xmlText(b, line)
		b.WriteString("</w:t></w:r>")
	}
}

func (t Table) writeXML(b *strings.Builder) {
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		fmt.Fprintf(b, `<w:%s w:val="single" w:sz="6" w:space="0" w:color="000000"/>`, side)
	}
	b.WriteString(`</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="100" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>`)
	for _, w := range t.Widths {
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, w)
	}
	b.WriteString("</w:tblGrid>")
	for _, row := range t.Rows {
		b.WriteString("<w:tr>")
		height := 567
		if len(row) > 0 && row[0].Height > 0 {
			height = row[0].Height
		}
		fmt.Fprintf(b, `<w:trPr><w:trHeight w:val="%d"/></w:trPr>`, height)
		col := 0
		for _, c := range row {
			span := max(c.Span, 1)
			w := 0
			for i := col; i < col+span && i < len(t.Widths); i++ {
				w += t.Widths[i]
			}
			col += span
			fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>`, w)
			if span > 1 {
				fmt.Fprintf(b, `<w:gridSpan w:val="%d"/>`, span)
			}
			b.WriteString(`<w:vAlign w:val="center"/></w:tcPr>`)
			align := "left" // not the document's justified default, which spreads short cells apart
			if c.Center {
				align = "center"
			}
			// a cell's paragraphs use single line spacing: the fixed 28 pt of prose would clip 四号 text in forms
			for _, line := range strings.Split(c.Text, "\n") {
				fmt.Fprintf(b, `<w:p><w:pPr><w:spacing w:line="300" w:lineRule="auto"/><w:jc w:val="%s"/></w:pPr>`, align)
				if line != "" {
					Run{Text: line, Bold: c.Bold, Size: sizeTable}.writeXML(b)
				}
				b.WriteString("</w:p>")
			}
			b.WriteString("</w:tc>")
		}
		b.WriteString("</w:tr>")
	}
	b.WriteString("</w:tbl>")
}

// xmlText writes s escaped, dropping characters XML 1.0 cannot carry (control characters typed by accident).
func xmlText(b *strings.Builder, s string) {
	s = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r != 0xFFFE && r != 0xFFFF {
			return r
		}
		return -1
	}, s)
	_ = xml.EscapeText(b2w{b}, []byte(s))
}

type b2w struct{ b *strings.Builder }

func (w b2w) Write(p []byte) (int, error) { return w.b.Write(p) }

// DocumentXML is word/document.xml of the document: A4 portrait, margins of GB/T 9704 (公文格式: 37 mm top,
// 35 mm bottom, 28 mm left, 26 mm right).
func (d *Doc) DocumentXML() string {
	var b strings.Builder
	b.WriteString(xml.Header)
	b.WriteString(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>`)
	if d.Title != "" {
		Para{Align: "center", Runs: []Run{{Text: d.Title, Bold: true, Font: fontSong, Size: sizeTitle}}}.writeXML(&b)
	}
	for _, bl := range d.blocks {
		bl.writeXML(&b)
	}
	b.WriteString(`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/><w:docGrid w:type="lines" w:linePitch="579"/></w:sectPr>`)
	b.WriteString("</w:body></w:document>")
	return b.String()
}

const contentTypesXML = xml.Header + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`</Types>`

const rootRelsXML = xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`</Relationships>`

const documentRelsXML = xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>` +
	`</Relationships>`

// stylesXML makes 仿宋 三号 the default of every run, with its East Asian name, so text typed into the
// document by an office keeps the format.
const stylesXML = xml.Header + `<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
	`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="仿宋" w:cs="Times New Roman"/>` +
	`<w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>` +
	`<w:pPrDefault><w:pPr><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:widowControl w:val="0"/></w:pPr></w:style>` +
	`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>` +
	`<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
	`</w:styles>`

// fontTableXML declares both fonts with their GB2312 charset (86) and the names other systems know them by.
const fontTableXML = xml.Header + `<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
	`<w:font w:name="宋体"><w:altName w:val="SimSun"/><w:panose1 w:val="02010600030101010101"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>` +
	`<w:font w:name="仿宋"><w:altName w:val="FangSong"/><w:panose1 w:val="02010609060101010101"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>` +
	`<w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>` +
	`</w:fonts>`

// Write returns the .docx file. created stamps the document's properties (the time it was generated).
func (d *Doc) Write(created time.Time) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	var title strings.Builder
	xmlText(&title, d.Title)
	core := xml.Header + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + title.String() + `</dc:title><dc:creator>平安调解</dc:creator>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">` + created.UTC().Format(time.RFC3339) + `</dcterms:created></cp:coreProperties>`
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", contentTypesXML},
		{"_rels/.rels", rootRelsXML},
		{"docProps/core.xml", core},
		{"word/_rels/document.xml.rels", documentRelsXML},
		{"word/styles.xml", stylesXML},
		{"word/fontTable.xml", fontTableXML},
		{"word/document.xml", d.DocumentXML()},
	}
	for _, p := range parts {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: created})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write([]byte(p.body)); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
