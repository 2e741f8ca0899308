package handlers

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"pingan/domain"
)

// sheet is a downloaded ledger: its title row, header row and the rows after them (a totals row included).
type sheet struct {
	title       string
	header      []string
	rows        [][]string
	disposition string
	raw         []byte
}

// col is row's cell under header h ("" when the row is short).
func (sh sheet) col(row []string, h string) string {
	i := slices.Index(sh.header, h)
	if i < 0 || i >= len(row) {
		return ""
	}
	return row[i]
}

// download fetches path with format and reads it back as the spreadsheet a user opens.
func (s *testServer) download(token, path, format string) sheet {
	s.t.Helper()
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	r := s.do("GET", path+sep+"format="+format, token, nil)
	expectStatus(s.t, r, http.StatusOK, "download "+path+" "+format)
	var all [][]string
	switch format {
	case "csv":
		if !bytes.HasPrefix(r.Raw, []byte("\ufeff")) {
			s.t.Errorf("%s: csv without BOM", path)
		}
		cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(r.Raw, []byte("\ufeff"))))
		cr.FieldsPerRecord = -1
		var err error
		if all, err = cr.ReadAll(); err != nil {
			s.t.Fatal(err)
		}
	case "xlsx":
		f, err := excelize.OpenReader(bytes.NewReader(r.Raw))
		if err != nil {
			s.t.Fatal(err)
		}
		defer f.Close()
		if all, err = f.GetRows("Sheet1"); err != nil {
			s.t.Fatal(err)
		}
	}
	if len(all) < 2 {
		s.t.Fatalf("%s %s: no header: %v", path, format, all)
	}
	return sheet{title: all[0][0], header: all[1], rows: all[2:], disposition: r.Header.Get("Content-Disposition"), raw: r.Raw}
}

// ledgerFixture: two townships of one county, each with a round, a hazard and a 稳评; townA's hazard is
// listed by the county.
type ledgerFixture struct {
	s                        *testServer
	townA, townB, countyLead string
}

func newLedgerFixture(t *testing.T) ledgerFixture {
	s := startServerAt(t, time.Date(2026, 3, 20, 9, 0, 0, 0, domain.Shanghai))
	f := ledgerFixture{s: s, townA: s.createUser("lx-a", domain.RoleMediator, townA), townB: s.createUser("lx-b", domain.RoleMediator, townB),
		countyLead: s.createUser("lx-county", domain.RoleLeader, county)}
	expectStatus(t, s.putPlaces(f.townA, townA, 0, "月河村", "双乳社区"), http.StatusOK, "places")
	expectStatus(t, s.do("POST", "/api/v1/screening/rounds", f.townA, roundBody(townA, "2026-03-10", nil)), http.StatusCreated, "round A")
	expectStatus(t, s.do("POST", "/api/v1/screening/rounds", f.townB, map[string]any{"townshipCode": townB, "date": "2026-03-12",
		"participants": []string{"赵书记"}, "zeroReport": true}), http.StatusCreated, "round B")
	hA := s.do("POST", "/api/v1/hazards", f.townA, hazardBody(townA, func(m map[string]any) { m["title"] = "=月河村宅基地纠纷激化" }))
	expectStatus(t, hA, http.StatusCreated, "hazard A")
	expectStatus(t, s.do("POST", "/api/v1/hazards", f.townB, hazardBody(townB, func(m map[string]any) {
		m["title"], m["place"], m["peopleCount"] = "集镇商户租金纠纷", "集镇", 12
	})), http.StatusCreated, "hazard B")
	expectStatus(t, s.do("POST", "/api/v1/listings", f.countyLead, map[string]any{"title": "月河村宅基地纠纷挂牌督办",
		"requirements": "30日内化解到位", "target": "hazard", "hazardId": hA.Body["id"], "deadline": "2026-04-01"}), http.StatusCreated, "listing")
	for _, town := range []string{townA, townB} {
		expectStatus(t, s.do("POST", "/api/v1/assessments", f.countyLead, assessmentBody(town, "2026-03-05", "medium", "implement_adjusted",
			"征收补偿方案公示满30日", "设立矛盾纠纷调处小组")), http.StatusCreated, "assessment "+town)
	}
	return f
}

// str is a JSON value as a ledger cell shows it.
func str(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case float64:
		return fmt.Sprint(int(v))
	case bool:
		return yesNo(v)
	}
	return fmt.Sprint(v)
}

func jsonItems(body map[string]any, key string) []map[string]any {
	var out []map[string]any
	for _, it := range body[key].([]any) {
		out = append(out, it.(map[string]any))
	}
	return out
}

// The ledgers of 排查整治 download as CSV and XLSX: each holds the rows of its JSON list in order, the cells
// of a row are the list's values, a township's download has only its own, each download is audited, a bad
// format is a 400 that changes nothing.
func TestLedgerExportsMatchTheirLists(t *testing.T) {
	t.Parallel()
	f := newLedgerFixture(t)
	s := f.s
	label := domain.LabelOf
	routes := []struct {
		name, path, items, file string
		totals                  bool
		// rows flattens the JSON answer into the rows of the export, each the cells (by header) it must show.
		rows func(body map[string]any) []map[string]string
	}{
		{"hazards", "/api/v1/hazards?pageSize=1", "items", "风险隐患排查整治台账20260320", false, func(b map[string]any) (out []map[string]string) {
			for _, h := range jsonItems(b, "items") {
				out = append(out, map[string]string{"隐患编号": str(h["id"]), "隐患名称": str(h["title"]), "基本情况": str(h["description"]),
					"乡镇（街道）": s.App.regionName(str(h["townshipCode"])), "具体地点": str(h["place"]),
					"风险等级": label(domain.RiskLevels, str(h["level"])), "涉及人数": str(h["peopleCount"]), "涉及人员": str(h["people"]),
					"发现人（单位）": str(h["foundBy"]), "发现日期": str(h["foundAt"])[:10], "状态": label(domain.HazardStatuses, str(h["status"])),
					"是否超期": str(h["overdue"]), "隐患类型": label(domain.HazardTypes, str(h["type"]))})
			}
			return out
		}},
		{"rounds", "/api/v1/screening/rounds?pageSize=1", "items", "矛盾纠纷排查台账20260320", true, func(b map[string]any) (out []map[string]string) {
			for _, r := range jsonItems(b, "items") {
				out = append(out, map[string]string{"排查编号": str(r["id"]), "乡镇（街道）": str(r["townshipName"]), "排查日期": str(r["date"]),
					"零报告": str(r["zeroReport"]), "发现纠纷数": fmt.Sprint(len(r["caseIds"].([]any))), "预防纠纷数": str(r["prevented"]),
					"填报人": str(r["recordedBy"].(map[string]any)["name"])})
			}
			return out
		}},
		{"board", "/api/v1/screening/board?month=2026-03", "rows", "矛盾纠纷排查报送情况2026-03", true, func(b map[string]any) (out []map[string]string) {
			for _, u := range jsonItems(b, "rows") {
				for _, p := range u["periods"].([]any) {
					p := p.(map[string]any)
					out = append(out, map[string]string{"乡镇（街道）": str(u["townshipName"]), "排查单位": str(u["name"]),
						"排查周期": str(p["periodName"]), "报送期限": str(p["dueDate"]), "排查次数": str(p["rounds"]),
						"报送状态": label(domain.ScreeningStatuses, str(p["status"]))})
				}
			}
			return out
		}},
		{"summary", "/api/v1/screening/summary?from=2026-03-01", "rows", "矛盾纠纷排查情况汇总表20260320", true, func(b map[string]any) (out []map[string]string) {
			for _, r := range jsonItems(b, "rows") {
				fig := r["figures"].(map[string]any)
				out = append(out, map[string]string{"区域代码": str(r["code"]), "乡镇（街道）": str(r["name"]), "村（社区）数": str(r["places"]),
					"排查次数": str(fig["rounds"]), "发现纠纷数": str(fig["disputesFound"]), "零报告数": str(fig["zeroReports"])})
			}
			return out
		}},
		{"listings", "/api/v1/listings?status=listed", "items", "挂牌督办台账20260320", false, func(b map[string]any) (out []map[string]string) {
			for _, l := range jsonItems(b, "items") {
				out = append(out, map[string]string{"挂牌编号": str(l["id"]), "督办事项": str(l["title"]), "被挂牌乡镇（街道）": str(l["townshipName"]),
					"挂牌级别": label(domain.ListingLevels, str(l["level"])), "整改期限": str(l["deadline"])[:10],
					"状态": label(domain.ListingStatuses, str(l["status"])), "是否超期": str(l["overdue"]),
					"关联隐患或案件": str(l["hazardId"]) + " " + str(l["hazardTitle"])})
			}
			return out
		}},
		{"assessments", "/api/v1/assessments?year=2026&pageSize=1", "items", "重大决策社会稳定风险评估台账20260320", false, func(b map[string]any) (out []map[string]string) {
			for _, x := range jsonItems(b, "items") {
				out = append(out, map[string]string{"稳评编号": str(x["id"]), "项目（决策）名称": str(x["project"]),
					"乡镇（街道）": s.App.regionName(str(x["regionCode"])), "评估日期": str(x["assessedOn"]),
					"风险等级": label(domain.AssessmentGrades, str(x["grade"])), "评估结论": label(domain.AssessmentConclusions, str(x["conclusion"])),
					"跟踪状态": label(domain.AssessmentFollowUpStates, str(x["followUp"])), "下次检查日期": str(x["nextReviewOn"]), "条件落实": "0/2"})
			}
			return out
		}},
	}
	// allOf is the JSON answer with every item on one page (the export ignores paging).
	allOf := func(token, path string) map[string]any {
		p := strings.Replace(path, "pageSize=1", "pageSize=100", 1)
		r := s.do("GET", p, token, nil)
		expectStatus(t, r, http.StatusOK, p)
		return r.Body
	}
	for _, rt := range routes {
		for _, who := range []struct {
			name, token, town string
		}{{"county leader", f.countyLead, ""}, {"townA", f.townA, townA}, {"townB", f.townB, townB}} {
			want := rt.rows(allOf(who.token, rt.path))
			for _, format := range []string{"csv", "xlsx"} {
				what := rt.name + ", " + who.name + ", " + format
				sh := s.download(who.token, rt.path, format)
				got := sh.rows
				if rt.totals {
					if len(got) == 0 || got[len(got)-1][0] != "合计" && got[len(got)-1][1] != "合计" {
						t.Errorf("%s: no totals row: %v", what, got)
						continue
					}
					got = got[:len(got)-1]
				}
				if len(got) != len(want) {
					t.Errorf("%s: %d rows, the list has %d", what, len(got), len(want))
					continue
				}
				for i, w := range want {
					for h, v := range w {
						if format == "csv" {
							v = safeText(v) // text a spreadsheet would take for a formula is defused
						}
						if !slices.Contains(sh.header, h) {
							t.Errorf("%s: no column %s in %v", what, h, sh.header)
						} else if g := sh.col(got[i], h); g != strings.TrimSpace(v) {
							t.Errorf("%s: row %d %s = %q, the list says %q", what, i, h, g, v)
						}
					}
					if town := w["乡镇（街道）"]; who.town != "" && town != "" && town != s.App.regionName(who.town) {
						t.Errorf("%s: row %d is of %s", what, i, town)
					}
					if who.town != "" && rt.name == "listings" && w["被挂牌乡镇（街道）"] != s.App.regionName(who.town) {
						t.Errorf("%s: row %d is of %s", what, i, w["被挂牌乡镇（街道）"])
					}
				}
				if !strings.Contains(sh.disposition, url.PathEscape(rt.file+"."+format)) {
					t.Errorf("%s: file name %s, want …%s.%s", what, sh.disposition, rt.file, format)
				}
				if !strings.Contains(sh.title, strings.TrimSuffix(strings.TrimSuffix(rt.file, "20260320"), "2026-03")) {
					t.Errorf("%s: title %q", what, sh.title)
				}
			}
			if who.town == townA && rt.name != "summary" && rt.name != "board" {
				if len(want) == 0 {
					t.Errorf("%s: townA's list is empty, the scope is not tested", rt.name)
				}
			}
		}
	}

	// The county sees both townships' hazards; townA only its own (the number, not just the rows above).
	if sh := s.download(f.countyLead, "/api/v1/hazards", "csv"); len(sh.rows) != 2 {
		t.Errorf("the county's hazard ledger has %d rows, want 2", len(sh.rows))
	}
	if sh := s.download(f.townA, "/api/v1/hazards", "csv"); len(sh.rows) != 1 || !strings.HasPrefix(sh.rows[0][0], townA) {
		t.Errorf("townA's hazard ledger: %v", sh.rows)
	}
	if sh := s.download(f.townB, "/api/v1/listings", "xlsx"); len(sh.rows) != 0 {
		t.Errorf("townB sees listings of townA: %v", sh.rows)
	}

	// Numbers are numbers in the workbook; text that looks like a formula is defused in the CSV.
	r := s.do("GET", "/api/v1/hazards?township="+townB+"&format=xlsx", f.countyLead, nil)
	wb, err := excelize.OpenReader(bytes.NewReader(r.Raw))
	if err != nil {
		t.Fatal(err)
	}
	ref, _ := excelize.CoordinatesToCellName(slices.Index(hazardHeaders, "涉及人数")+1, 3)
	if v, _ := wb.GetCellValue("Sheet1", ref); v != "12" {
		t.Errorf("涉及人数 in the workbook: %q", v)
	}
	if typ, _ := wb.GetCellType("Sheet1", ref); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("涉及人数 is not a number: %v", typ)
	}
	wb.Close()
	if sh := s.download(f.townA, "/api/v1/hazards", "csv"); sh.col(sh.rows[0], "隐患名称") != "'=月河村宅基地纠纷激化" {
		t.Errorf("a title starting with = is not defused: %q", sh.col(sh.rows[0], "隐患名称"))
	}

	// Every download is in the audit log, with its query.
	audit := s.do("GET", "/api/v1/audit?limit=1000", s.admin, nil)
	for _, rt := range routes {
		target := strings.SplitN(rt.path, "?", 2)[0]
		found := false
		for _, it := range jsonItems(audit.Body, "items") {
			if it["action"] == "export" && it["target"] == target && it["actor"] == "lx-a" && strings.Contains(str(it["detail"]), "format=xlsx") {
				found = true
			}
		}
		if !found {
			t.Errorf("no audit entry of townA's export of %s", target)
		}
	}

	// A bad format is a 400 naming format, and nothing is downloaded or audited.
	before := s.do("GET", "/api/v1/audit?limit=1000", s.admin, nil).Body["total"]
	for _, rt := range routes {
		sep := "?"
		if strings.Contains(rt.path, "?") {
			sep = "&"
		}
		r := s.do("GET", rt.path+sep+"format=pdf", f.countyLead, nil)
		expectRefusal(t, r, http.StatusBadRequest, "bad_request", rt.name+" format=pdf")
		if !strings.Contains(string(r.Raw), "导出格式（format）只能是 csv 或 xlsx") {
			t.Errorf("%s: bad format answered %s", rt.name, r.Raw)
		}
		if r.Header.Get("Content-Disposition") != "" {
			t.Errorf("%s: a refused export still names a file", rt.name)
		}
	}
	if after := s.do("GET", "/api/v1/audit?limit=1000", s.admin, nil).Body["total"]; after != before {
		t.Errorf("refused exports changed the audit log: %v entries, then %v", before, after)
	}
}

// BenchmarkHazardLedgerExport downloads a city's hazard ledger of 10,000 entries (far more than Ankang's
// townships keep open; docs/BENCHMARKS.md) over HTTP as the city admin, from the in-memory ledger.
func BenchmarkHazardLedgerExport(b *testing.B) {
	s := startServerAt(b, time.Date(2026, 3, 20, 9, 0, 0, 0, domain.Shanghai))
	towns := s.App.regions.Townships(s.App.regions.Root().Code)
	for i := range 10000 {
		t := towns[i%len(towns)]
		found := time.Date(2026, 1, 1, 9, 0, 0, 0, domain.Shanghai).Add(time.Duration(i) * time.Hour)
		deadline := found.AddDate(0, 1, 0)
		s.App.hazards.Put(&domain.Hazard{ID: fmt.Sprintf("%s-YH-2026-%04d", t.Code, i), Type: "dispute_escalation",
			Title: "月河村宅基地纠纷激化", Description: "两户因宅基地边界多次争吵，扬言动手，村调委会两次调解未果", TownshipCode: t.Code,
			CountyCode: s.App.regions.CountyOf(t.Code), Place: "月河村三组", Level: "orange", PeopleCount: 6, People: "王某、李某",
			FoundBy: "网格员张敏", FoundAt: found, Status: domain.HazardRectifying, Version: 3, Assessment: "有激化可能",
			CreatedAt: found, UpdatedAt: found,
			Rectification: &domain.Rectification{Unit: "蒲溪镇综治中心", Person: "李安全", Measures: "包案化解", StartedAt: found, Deadline: deadline}})
	}
	for _, format := range []string{"csv", "xlsx"} {
		b.Run(format, func(b *testing.B) {
			var size int
			cpu := processCPU()
			for b.Loop() {
				r := s.do("GET", "/api/v1/hazards?format="+format, s.admin, nil)
				if r.Status != http.StatusOK {
					b.Fatalf("%d %s", r.Status, r.Raw)
				}
				size = len(r.Raw)
			}
			b.ReportMetric(float64((processCPU()-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op")
			b.ReportMetric(float64(size)/(1<<20), "file-MB")
		})
	}
}
