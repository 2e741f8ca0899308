package handlers

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"pingan/domain"
)

// exportRows downloads the case list in a format and returns its header row and data rows.
func (s *testServer) exportRows(token, query, format string) (header []string, rows [][]string, raw []byte) {
	s.t.Helper()
	r := s.do("GET", "/api/v1/cases?format="+format+"&"+query, token, nil)
	expectStatus(s.t, r, 200, "export "+format)
	var all [][]string
	switch format {
	case "csv":
		if !bytes.HasPrefix(r.Raw, []byte("\ufeff")) {
			s.t.Error("csv export without BOM")
		}
		cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(r.Raw, []byte("\ufeff"))))
		cr.FieldsPerRecord = -1
		var err error
		if all, err = cr.ReadAll(); err != nil {
			s.t.Fatal(err)
		}
		raw = r.Raw
	case "xlsx":
		f, err := excelize.OpenReader(bytes.NewReader(r.Raw))
		if err != nil {
			s.t.Fatal(err)
		}
		defer f.Close()
		if all, err = f.GetRows(f.GetSheetList()[0]); err != nil {
			s.t.Fatal(err)
		}
		raw = []byte(strings.Join(slices.Concat(all...), "\n")) // the cells' text (the file is zipped)
	}
	if len(all) < 2 {
		s.t.Fatalf("%s export has no header: %v", format, all)
	}
	return all[1], all[2:], raw // row 1 is the title
}

// listAll returns the case numbers the JSON list answers for a query, every page.
func (s *testServer) listAll(token, query string) []string {
	s.t.Helper()
	var out []string
	for page := 1; ; page++ {
		ids, total := s.list(token, query+"&pageSize=100&page="+strconv.Itoa(page))
		out = append(out, ids...)
		if len(out) >= total || len(ids) == 0 {
			return out
		}
	}
}

// The list export holds the same cases as the JSON list, in the same order, and no ID number or phone in
// any form.
func TestExportCasesMatchesTheListWithoutIDNumbersOrPhones(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	mediator := s.createUser("med_export", domain.RoleMediator, county)
	for i := range 12 {
		town := []string{townA, townB, townC}[i%3]
		s.register(s.admin, disputeBody(town, func(m map[string]any) {
			m["parties"] = []map[string]any{
				{"name": "张三", "role": "applicant", "idNumber": "610921199001011234", "phone": "13812345678"},
				{"name": "李四", "role": "respondent", "idNumber": "61092119850202567X", "phone": "0915-3212345"},
			}
		}))
	}
	for range 4 {
		s.register(s.admin, petitionBody(townA, nil))
	}
	secrets := []string{"610921199001011234", "61092119850202567X", "13812345678", "3212345", "13987654321",
		"****"} // masked forms carry asterisks
	for _, tc := range []struct {
		who, token, query string
	}{
		{"admin, everything", s.admin, "kind="},
		{"admin, petitions", s.admin, "kind=petition"},
		{"admin, one township", s.admin, "township=" + townB},
		{"mediator, own county", mediator, "kind="},
	} {
		want := s.listAll(tc.token, tc.query)
		if len(want) == 0 {
			t.Fatalf("%s: the list is empty", tc.who)
		}
		for _, format := range []string{"csv", "xlsx"} {
			header, rows, raw := s.exportRows(tc.token, tc.query, format)
			col := slices.Index(header, "案件编号")
			var got []string
			for _, r := range rows {
				got = append(got, r[col])
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s, %s: exported %v, listed %v", tc.who, format, got, want)
			}
			for _, h := range header {
				if strings.Contains(h, "身份证") || strings.Contains(h, "电话") {
					t.Errorf("%s, %s: column %q", tc.who, format, h)
				}
			}
			for _, secret := range secrets {
				if bytes.Contains(raw, []byte(secret)) {
					t.Errorf("%s, %s: the export contains %q", tc.who, format, secret)
				}
			}
			if i := slices.Index(header, "当事人"); i < 0 || !strings.Contains(rows[0][i], "张三") && !strings.Contains(rows[0][i], "王五") {
				t.Errorf("%s, %s: party names missing: %v", tc.who, format, rows[0])
			}
		}
	}
	// The mediator's export is their county's disputes only.
	_, rows, _ := s.exportRows(mediator, "", "csv")
	if len(rows) != 8 {
		t.Errorf("mediator exported %d rows, want the 8 disputes of %s", len(rows), county)
	}
}

// Numbers are written as numbers: a falling month's change is -66.67% in the trend's CSV, not the text
// '-66.67%, and a number cell in the XLSX; text is still defused.
func TestExportsWriteNumbersAsNumbers(t *testing.T) {
	s := startServerAt(t, time.Date(2026, 6, 15, 10, 0, 0, 0, domain.Shanghai))
	for i, day := range []string{"2026-03-05", "2026-03-06", "2026-03-07", "2026-04-08"} {
		s.register(s.admin, disputeBody(townA, func(m map[string]any) {
			m["registeredAt"] = day + "T09:00:00+08:00"
			m["title"] = fmt.Sprintf("-%d 号纠纷", i) // text that looks like a formula
		}))
	}
	q := "/api/v1/reports/trend?interval=month&from=2026-03-01&to=2026-04-30&format="
	r := s.do("GET", q+"csv", s.admin, nil)
	expectStatus(t, r, 200, "trend csv")
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(r.Raw, []byte("\ufeff"))))
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header := recs[1]
	apr := recs[3]
	col := slices.Index(header, "新收环比")
	if col < 0 {
		t.Fatalf("no 新收环比 column in %v", header)
	}
	if apr[col] != "-66.67%" {
		t.Fatalf("April's change in the CSV: %q (header %v)", apr[col], header)
	}
	for _, rec := range recs {
		for _, cell := range rec {
			if strings.HasPrefix(cell, "'") && strings.ContainsAny(cell[1:2], "0123456789-") && !strings.ContainsFunc(cell, func(r rune) bool { return r > 0x7f }) {
				t.Errorf("a number written as text: %q", cell)
			}
		}
	}

	r = s.do("GET", q+"xlsx", s.admin, nil)
	expectStatus(t, r, 200, "trend xlsx")
	f, err := excelize.OpenReader(bytes.NewReader(r.Raw))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ref, _ := excelize.CoordinatesToCellName(col+1, 4)
	typ, _ := f.GetCellType("Sheet1", ref)
	raw, _ := f.GetCellValue("Sheet1", ref, excelize.Options{RawCellValue: true})
	if typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset || raw != "-0.6667" {
		t.Errorf("April's change in the XLSX: type %v, value %q, want the number -0.6667", typ, raw)
	}

	// text cells are still defused
	_, rows, _ := s.exportRows(s.admin, "", "csv")
	for _, row := range rows {
		if strings.HasPrefix(row[2], "-") {
			t.Errorf("a title starting with - is not defused: %q", row[2])
		}
	}
}
