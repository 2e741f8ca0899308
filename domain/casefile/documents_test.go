package casefile

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pingan/domain"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, domain.Shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

// sampleCase is a dispute with everything the documents record: applied for, accepted, two sessions, a
// written agreement with an amount and a deadline, a visit.
func sampleCase() *domain.Case {
	accepted, perform, closed := at("2026-03-02 09:30"), at("2026-04-30 00:00"), at("2026-04-20 10:00")
	return &domain.Case{
		ID: "610902102-2026-000012", CaseNo: "610902102-2026-000012", Kind: domain.KindDispute, Status: domain.StatusClosed,
		Title: "王家与李家宅基地边界纠纷", Summary: "王某与李某两家相邻，因新建围墙越过原宅基地界线约0.5米发生争执。\n双方多次争吵，王某要求拆除围墙。",
		Category: "housing_homestead", TownshipCode: "610902102", CountyCode: "610902", Village: "瀛湖村三组",
		Parties: []domain.Party{
			{Name: "王大明", Role: "applicant", IDNumber: "610902197503151234", Phone: "13809151234", Address: "汉滨区瀛湖镇瀛湖村三组12号"},
			{Name: "李小红", Role: "respondent", IDNumber: "610902198007082345", Phone: "13992567890", Address: "汉滨区瀛湖镇瀛湖村三组14号"},
		},
		RegisteredAt: at("2026-03-01 15:00"), AcceptedAt: &accepted, ClosedAt: &closed, Outcome: domain.OutcomeResolved,
		CreatedBy: domain.Actor{ID: "liu", Name: "刘调解"},
		Dispute: &domain.DisputeInfo{
			Source: "application", Mediators: []string{"刘调解", "陈调解"},
			Sessions: []domain.Session{
				{At: at("2026-03-05 10:00"), Mode: "onsite", Record: "到现场丈量，围墙越界0.5米属实。"},
				{At: at("2026-03-12 14:30"), Mode: "onsite", Record: "双方同意由李某拆除越界部分，王某补偿人工费。"},
			},
			Agreement: &domain.Agreement{Type: "written", Terms: "一、李小红于2026年4月30日前拆除越界围墙0.5米。\n二、王大明一次性补偿李小红人工费人民币伍佰元（500元）。",
				PerformBy: &perform, Amount: 50000},
			Visits: []domain.Visit{{At: at("2026-04-20 10:00"), Satisfaction: "satisfied", Performance: "fulfilled", Note: "围墙已拆除，补偿已付清。", By: domain.Actor{Name: "陈调解"}}},
		},
		Timeline: []domain.TimelineEntry{
			{At: at("2026-03-01 15:00"), Action: "register"},
			{At: accepted, Action: "accept"},
			{At: at("2026-03-03 09:00"), Action: "start"},
			{At: at("2026-03-12 16:00"), Action: "resolve"},
			{At: closed, Action: "visit"},
			{At: closed, Action: "close"},
		},
	}
}

func sampleFacts() Facts {
	return Facts{Case: sampleCase(), Township: "瀛湖镇", County: "汉滨区", Prefix: DefaultPrefix("汉滨区", "瀛湖镇"), Now: at("2026-04-21 08:00")}
}

// openDocx opens a .docx as Word does: it unzips, has the required parts, and every XML part parses. It
// returns the text of word/document.xml, a line per paragraph, table cells separated by " | ".
func openDocx(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	parts := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("unzip %s: %v", f.Name, err)
		}
		parts[f.Name] = b
	}
	for _, required := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels", "word/styles.xml"} {
		if parts[required] == nil {
			t.Fatalf("part %s missing", required)
		}
	}
	for name, b := range parts {
		dec := xml.NewDecoder(bytes.NewReader(b))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s does not parse: %v", name, err)
			}
		}
	}
	for _, want := range []string{`w:eastAsia="仿宋"`, `<w:pgSz w:w="11906" w:h="16838"/>`} {
		if !bytes.Contains(parts["word/document.xml"], []byte(want)) && !bytes.Contains(parts["word/styles.xml"], []byte(want)) {
			t.Errorf("document lacks %s (Chinese font by its East Asian name, A4)", want)
		}
	}
	return documentText(t, parts["word/document.xml"])
}

// documentText is the visible text of document.xml.
func documentText(t *testing.T, b []byte) string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	var out, para strings.Builder
	inText, inCell, cellsInRow := false, false, 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			switch el.Name.Local {
			case "t":
				inText = true
			case "br":
				para.WriteString("⏎")
			case "tr":
				cellsInRow = 0
			case "tc":
				if cellsInRow > 0 {
					out.WriteString(" | ")
				}
				cellsInRow++
				inCell = true
			}
		case xml.EndElement:
			switch el.Name.Local {
			case "t":
				inText = false
			case "p":
				if inCell {
					out.WriteString(para.String())
				} else {
					out.WriteString(para.String() + "\n")
				}
				para.Reset()
			case "tc":
				inCell = false
			case "tr":
				out.WriteString("\n")
			}
		case xml.CharData:
			if inText {
				para.Write(el)
			}
		}
	}
	return out.String()
}

// Every document the sample case has opens as a valid .docx and states the case's facts.
func TestEveryDocumentIsValidAndCarriesTheFacts(t *testing.T) {
	f := sampleFacts()
	svc := &Service{index: NewIndex()}
	common := []string{"王家与李家宅基地边界纠纷"}
	want := map[string][]string{
		"cover":          {"瀛湖镇人民调解委员会", "（2026）汉滨瀛湖人调字第12号", "王大明、李小红", "刘调解、陈调解", "2026年3月2日 至 2026年4月20日"},
		"catalogue":      {"人民调解协议书", "人民调解回访记录", "（2026）汉滨瀛湖人调字第12号"},
		"application":    {"王大明", "610902197503151234", "越过原宅基地界线", "申请人 王大明（签名盖章或按指印）", "2026年3月1日"},
		"registration":   {"610902102-2026-000012", "房屋宅基地", "当事人申请", "汉滨区瀛湖镇瀛湖村三组", "2026年3月2日", "刘调解"},
		"notice":         {"人民调解法", "司法确认", "被申请人 李小红（签名盖章或按指印）", "2026年3月2日"},
		"investigation":  {"2026年3月5日", "刘调解、陈调解", "王大明、李小红"},
		"record":         {"第1次调解", "第2次调解", "2026年3月12日 14:30", "围墙越界0.5米属实", "当事人自愿达成书面协议"},
		"agreement":      {"编号：（2026）汉滨瀛湖人调字第12号", "610902198007082345", "13809151234", "越过原宅基地界线", "拆除越界围墙0.5米", "人民币500元", "2026年4月30日前履行完毕", "本协议一式3份", "申请人 王大明（签名盖章或按指印）", "瀛湖镇人民调解委员会（盖章）", "2026年3月12日"},
		"visit":          {"（2026）汉滨瀛湖人调字第12号", "2026年4月20日", "陈调解", "已履行", "满意", "围墙已拆除"},
		"oral_agreement": nil, // the sample's agreement is written
	}
	for _, d := range Documents {
		t.Run(d.Code, func(t *testing.T) {
			if want[d.Code] == nil {
				if d.Has(f.Case) {
					t.Fatalf("%s offered for a case without what it records", d.Title)
				}
				return
			}
			if !d.Has(f.Case) {
				t.Fatalf("%s not offered", d.Title)
			}
			var doc *Doc
			if d.Code == "catalogue" {
				doc = Catalogue(f, svc.Entries(f.Case))
			} else {
				doc = d.Build(f)
			}
			data, err := doc.Write(f.Now)
			if err != nil {
				t.Fatal(err)
			}
			text := openDocx(t, data)
			opening := d.Title + "\n"
			if d.Code == "cover" { // the cover is its own heading
				opening = "瀛湖镇人民调解委员会\n调 解 卷 宗\n"
			}
			if !strings.HasPrefix(text, opening) {
				t.Errorf("does not open with its title %s: %.80q", d.Title, text)
			}
			for _, w := range append(want[d.Code], common...) {
				if (d.Code == "catalogue" || d.Code == "agreement") && w == common[0] { // the 协议书 states facts, not a title
					continue
				}
				if !strings.Contains(text, w) {
					t.Errorf("lacks %q:\n%s", w, text)
				}
			}
		})
	}
}

// The 协议书 is held to a golden copy of its text (go test ./domain/casefile -run Golden -update rewrites it).
func TestAgreementGolden(t *testing.T) {
	f := sampleFacts()
	d, _ := DocumentByCode("agreement")
	data, err := d.Build(f).Write(f.Now)
	if err != nil {
		t.Fatal(err)
	}
	got := openDocx(t, data)
	golden := filepath.Join("testdata", "agreement.golden.txt")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("the 协议书 differs from %s (run with -update after checking the change):\n--- got\n%s\n--- want\n%s", golden, got, want)
	}
}

func TestOralAgreementAndPetitionDocuments(t *testing.T) {
	c := sampleCase()
	c.Dispute.Agreement.Type = "oral"
	for code, has := range map[string]bool{"agreement": false, "oral_agreement": true} {
		d, _ := DocumentByCode(code)
		if d.Has(c) != has {
			t.Errorf("%s offered: %v, want %v", code, d.Has(c), has)
		}
	}
	f := sampleFacts()
	f.Case = c
	d, _ := DocumentByCode("oral_agreement")
	data, err := d.Build(f).Write(f.Now)
	if err != nil {
		t.Fatal(err)
	}
	if text := openDocx(t, data); !strings.Contains(text, "拆除越界围墙") || !strings.Contains(text, "2026年4月30日前履行完毕") {
		t.Errorf("the oral agreement register lacks the terms:\n%s", text)
	}
	p := &domain.Case{ID: "610902102-2026-000001", CaseNo: "610902102-2026-000001", Kind: domain.KindPetition}
	for _, d := range Documents {
		if d.Has(p) != (d.Code == "catalogue") {
			t.Errorf("%s offered for a petition case: %v", d.Code, d.Has(p))
		}
	}
}

func TestDefaultPrefix(t *testing.T) {
	for _, tc := range []struct{ county, town, want string }{
		{"汉滨区", "瀛湖镇", "汉滨瀛湖"},
		{"汉阴县", "双乳镇", "汉阴双乳"},
		{"旬阳市", "城关镇", "旬阳城关"},
		{"汉滨区", "老城街道办事处", "汉滨老城"},
		{"汉滨区", "新城街道", "汉滨新城"},
		{"紫阳县", "双桥乡", "紫阳双桥"},
	} {
		if got := DefaultPrefix(tc.county, tc.town); got != tc.want {
			t.Errorf("DefaultPrefix(%s, %s) = %s, want %s", tc.county, tc.town, got, tc.want)
		}
	}
}

// Control characters typed into a field cannot break the XML.
func TestControlCharactersAreDropped(t *testing.T) {
	f := sampleFacts()
	f.Case.Summary = "有\x00控制\x0b字符 <b>&amp;"
	d, _ := DocumentByCode("registration")
	data, err := d.Build(f).Write(f.Now)
	if err != nil {
		t.Fatal(err)
	}
	if text := openDocx(t, data); !strings.Contains(text, "有控制字符 <b>&amp;") {
		t.Errorf("text not kept as typed:\n%s", text)
	}
}
