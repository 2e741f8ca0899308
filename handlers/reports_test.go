package handlers

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"pingan/domain"
)

// seedReportCases registers a few disputes and petitions in two townships of 汉阴县 in March 2026 and moves
// them along, each on its day: the server's clock must start by 2026-03-01 08:00; it ends at `after`.
func seedReportCases(t *testing.T, s *testServer, after time.Time) {
	t.Helper()
	defer s.clock.Set(after)
	s.clock.Set(time.Date(2026, 3, 1, 8, 0, 0, 0, domain.Shanghai)) // the users exist before their first step
	for _, u := range []struct {
		name   string
		role   domain.Role
		region string
	}{{"meda", domain.RoleMediator, townA}, {"medb", domain.RoleMediator, townB}, {"pet", domain.RolePetition, county},
		{"peta", domain.RolePetition, townA}, {"petb", domain.RolePetition, townB}, {"lead", domain.RoleLeader, county}} {
		s.createUser(u.name, u.role, u.region)
	}
	on := func(day int) func(string) string {
		s.clock.Set(time.Date(2026, 3, day, 10, 0, 0, 0, domain.Shanghai))
		return s.tokenNow
	}
	for i, path := range []string{"resolved", "resolved", "failed", "mediating", "registered", "rejected"} {
		tok := on(1 + i)
		medA := tok("meda")
		c := s.register(medA, disputeBody(townA, nil))
		if path == "registered" {
			continue
		}
		if path == "rejected" {
			s.act(medA, c, "reject", map[string]any{"reason": "不属于调解范围"})
			continue
		}
		c = s.act(medA, c, "accept", nil)
		c = s.act(medA, c, "start", map[string]any{"mediators": []string{"刘调解"}})
		switch path {
		case "resolved":
			c = s.act(medA, c, "resolve", map[string]any{"agreement": map[string]any{"type": "oral", "terms": "和解"}})
			s.act(medA, c, "close", map[string]any{"followUp": map[string]any{"at": "2026-03-0" + strconv.Itoa(1+i), "satisfaction": "satisfied"}})
		case "failed":
			s.act(medA, c, "fail", map[string]any{"failureReason": "refused", "redirect": "litigation"})
		}
	}
	// the county's office assigns, the township signs, works and applies, the office clears (销号)
	tok := on(7)
	p := s.register(tok("pet"), petitionBody(townA, nil))
	p = s.act(tok("peta"), p, "accept", nil)
	p = s.act(tok("peta"), p, "assign", map[string]any{"leadLeader": map[string]any{"name": "赵县长", "post": "副县长"}})
	p = s.act(tok("peta"), p, "resolve", map[string]any{"resolutionType": "resolved"})
	p = s.act(tok("peta"), p, "apply_clear", nil)
	s.act(tok("pet"), p, "clear", nil)
	tok = on(8)
	s.register(tok("pet"), petitionBody(townB, nil))
	tok = on(20)
	medB := tok("medb")
	c := s.register(medB, disputeBody(townB, nil))
	c = s.act(medB, c, "accept", nil)
	c = s.act(medB, c, "start", map[string]any{"mediators": []string{"陈调解"}})
	s.act(medB, c, "resolve", map[string]any{"agreement": map[string]any{"type": "written", "terms": "赔偿"}})
}

func rowOf(t *testing.T, rep map[string]any, code string) map[string]any {
	t.Helper()
	for _, r := range rep["rows"].([]any) {
		if m := r.(map[string]any); m["code"] == code {
			return m
		}
	}
	t.Fatalf("no row %s", code)
	return nil
}

func jsonAt(m map[string]any, path string) any {
	var v any = m
	for _, k := range strings.Split(path, ".") {
		v = v.(map[string]any)[k]
	}
	return v
}

func TestResolutionReportFiguresAndExports(t *testing.T) {
	t.Parallel()
	s := startServerAt(t, time.Date(2026, 3, 1, 8, 0, 0, 0, domain.Shanghai))
	seedReportCases(t, s, time.Date(2026, 4, 15, 10, 0, 0, 0, domain.Shanghai))
	lead := s.tokenNow("lead")
	r := s.do("GET", "/api/v1/reports/resolution?region="+county+"&from=2026-03-01&to=2026-03-31", lead, nil)
	expectStatus(t, r, 200, "report")
	if r.Body["groupBy"] != "township" || r.Body["from"] != "2026-03-01" || r.Body["to"] != "2026-03-31" {
		t.Fatalf("header %v %v %v", r.Body["groupBy"], r.Body["from"], r.Body["to"])
	}
	a := rowOf(t, r.Body, townA)
	// March by the day each thing happened: 6 registered, 4 accepted, 1 rejected; 2 resolved + 1 failed = 3
	// concluded, so 调解成功率 = 2/3 (over concluded cases); 1 still in mediation at the month's end
	want := map[string]any{"disputes.registered": 6.0, "disputes.accepted": 4.0, "disputes.rejected": 1.0, "disputes.resolved": 2.0,
		"disputes.failed": 1.0, "disputes.concluded": 3.0, "disputes.pending": 1.0, "disputes.successRate": 0.6667, "disputes.followUps": 2.0, "disputes.satisfied": 2.0,
		"petitions.total": 1.0, "petitions.cleared": 1.0, "petitions.open": 0.0, "petitions.clearanceRate": 1.0}
	for path, w := range want {
		if got := jsonAt(a, path); got != w {
			t.Errorf("%s: %v, want %v", path, got, w)
		}
	}
	b := rowOf(t, r.Body, townB)
	if jsonAt(b, "disputes.successRate") != 1.0 || jsonAt(b, "petitions.clearanceRate") != 0.0 || b["rank"].(float64) != 1 || a["rank"].(float64) != 2 {
		t.Fatalf("township B %v, ranks A %v B %v", b, a["rank"], b["rank"])
	}
	// an empty township: zeros and null rates
	var empty map[string]any
	for _, row := range r.Body["rows"].([]any) {
		if m := row.(map[string]any); m["code"] != townA && m["code"] != townB {
			empty = m
			break
		}
	}
	if jsonAt(empty, "disputes.registered") != 0.0 || jsonAt(empty, "disputes.successRate") != nil || jsonAt(empty, "petitions.clearanceRate") != nil {
		t.Fatalf("empty township %v", empty)
	}
	tot := r.Body["totals"].(map[string]any)
	if jsonAt(tot, "disputes.registered") != 7.0 || jsonAt(tot, "disputes.successRate") != 0.75 || jsonAt(tot, "petitions.total") != 2.0 {
		t.Fatalf("totals %v", tot)
	}
	// a window before everything: all zeros
	r0 := s.do("GET", "/api/v1/reports/resolution?region="+county+"&to=2026-02-28", lead, nil)
	if jsonAt(r0.Body["totals"].(map[string]any), "disputes.registered") != 0.0 {
		t.Fatalf("window before the cases: %s", r0.Raw)
	}

	// CSV and XLSX hold the same numbers as the JSON, row by row
	base := "/api/v1/reports/resolution?region=" + county + "&from=2026-03-01&to=2026-03-31&format="
	c := s.do("GET", base+"csv", lead, nil)
	expectStatus(t, c, 200, "csv")
	if !bytes.HasPrefix(c.Raw, []byte("\ufeff")) || !strings.Contains(c.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("csv without BOM or not a download: %q", c.Header.Get("Content-Disposition"))
	}
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(c.Raw, []byte("\ufeff"))))
	cr.FieldsPerRecord = -1 // the title row is one cell
	records, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(records[0][0], "汉阴县") || !strings.Contains(records[0][0], "2026-03-01至2026-03-31") {
		t.Fatalf("title row %q", records[0][0])
	}
	x := s.do("GET", base+"xlsx", lead, nil)
	expectStatus(t, x, 200, "xlsx")
	f, err := excelize.OpenReader(bytes.NewReader(x.Raw))
	if err != nil {
		t.Fatal(err)
	}
	sheetRows, err := f.GetRows(f.GetSheetName(0), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	rows := r.Body["rows"].([]any)
	if len(records) != len(rows)+3 || len(sheetRows) != len(rows)+3 {
		t.Fatalf("csv %d and xlsx %d lines for %d rows (+title, header, totals)", len(records), len(sheetRows), len(rows))
	}
	cols := map[string]int{}
	for i, h := range records[1] {
		cols[h] = i
	}
	check := func(line []string, m map[string]any, name string, isCSV bool) {
		for header, path := range map[string]string{"本期新收": "disputes.registered", "本期受理": "disputes.accepted",
			"调解成功": "disputes.resolved", "积案总数": "petitions.total", "本期销号": "petitions.cleared", "调解成功率": "disputes.successRate"} {
			cell := line[cols[header]]
			v := jsonAt(m, path)
			var want string
			switch {
			case v == nil:
				want = "—"
			case header == "调解成功率" && isCSV:
				want = strconv.FormatFloat(v.(float64)*100, 'f', 2, 64) + "%"
			case header == "调解成功率":
				got, _ := strconv.ParseFloat(cell, 64)
				if got != v.(float64) {
					t.Errorf("xlsx %s %s: %s, json %v", name, header, cell, v)
				}
				continue
			default:
				want = fmt.Sprint(int(v.(float64)))
			}
			if cell != want {
				t.Errorf("%s %s %s: %q, json %v", map[bool]string{true: "csv", false: "xlsx"}[isCSV], name, header, cell, v)
			}
		}
	}
	for i, row := range rows {
		m := row.(map[string]any)
		check(records[i+2], m, m["code"].(string), true)
		check(sheetRows[i+2], m, m["code"].(string), false)
	}
	check(records[len(records)-1], tot, "totals", true)
	check(sheetRows[len(sheetRows)-1], tot, "totals", false)
}

func TestReportParametersAndScope(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	lead := s.createUser("lead", domain.RoleLeader, county)
	city := s.createUser("city", domain.RoleLeader, "6109")
	cases := []struct {
		token, query string
		want         int
	}{
		{lead, "/api/v1/reports/resolution", 200},
		{lead, "/api/v1/reports/resolution?region=610902", 403},
		{lead, "/api/v1/reports/resolution?region=6109", 403},
		{lead, "/api/v1/reports/resolution?region=999", 400},
		{lead, "/api/v1/reports/resolution?from=2026-02-30", 400},
		{lead, "/api/v1/reports/resolution?from=2026-03-02&to=2026-03-01", 400},
		{lead, "/api/v1/reports/resolution?groupBy=village", 400},
		{lead, "/api/v1/reports/resolution?format=pdf", 400},
		{lead, "/api/v1/reports/resolution?region=" + townA + "&groupBy=county", 400},
		{city, "/api/v1/reports/resolution?groupBy=township", 200},
		{city, "/api/v1/reports/trend?interval=quarter", 200},
		{city, "/api/v1/reports/trend?interval=week", 400},
		{city, "/api/v1/reports/categories?from=2026-01-01", 200},
		{city, "/api/v1/reports/backlog", 200},
		{lead, "/api/v1/reports/backlog?region=610902", 403},
	}
	for _, tc := range cases {
		r := s.do("GET", tc.query, tc.token, nil)
		if r.Status != tc.want {
			t.Errorf("%s: %d, want %d: %s", tc.query, r.Status, tc.want, r.Raw)
		}
	}
	r := s.do("GET", "/api/v1/reports/resolution", city, nil)
	if r.Body["groupBy"] != "county" || len(r.Body["rows"].([]any)) != 10 {
		t.Fatalf("city report by default: groupBy %v, %d rows", r.Body["groupBy"], len(r.Body["rows"].([]any)))
	}
	r = s.do("GET", "/api/v1/reports/resolution?groupBy=township", city, nil)
	if len(r.Body["rows"].([]any)) != 139 {
		t.Fatalf("city by township: %d rows, want 139", len(r.Body["rows"].([]any)))
	}
	r = s.do("GET", "/api/v1/reports/categories", city, nil)
	if len(r.Body["rows"].([]any)) != 15 {
		t.Fatalf("categories: %d rows, want the 15 categories", len(r.Body["rows"].([]any)))
	}
}

func TestTrendCategoriesAndBacklog(t *testing.T) {
	t.Parallel()
	s := startServerAt(t, time.Date(2026, 3, 1, 8, 0, 0, 0, domain.Shanghai))
	seedReportCases(t, s, time.Date(2026, 6, 15, 10, 0, 0, 0, domain.Shanghai))
	lead := s.tokenNow("lead")
	r := s.do("GET", "/api/v1/reports/trend?region="+county+"&interval=month&from=2026-02-01&to=2026-03-31", lead, nil)
	expectStatus(t, r, 200, "trend")
	points := r.Body["points"].([]any)
	if len(points) != 2 {
		t.Fatalf("%d points", len(points))
	}
	feb, mar := points[0].(map[string]any), points[1].(map[string]any)
	if feb["period"] != "2026-02" || mar["period"] != "2026-03" || jsonAt(mar, "disputes.registered") != 7.0 || jsonAt(feb, "disputes.registered") != 0.0 {
		t.Fatalf("trend points %v / %v", feb, mar)
	}
	if jsonAt(mar, "mom.disputesTotal") != nil {
		t.Fatalf("change against an empty month must be null: %v", mar["mom"])
	}
	r = s.do("GET", "/api/v1/reports/categories?region="+county, lead, nil)
	for _, row := range r.Body["rows"].([]any) {
		m := row.(map[string]any)
		if m["category"] == "housing_homestead" && (m["registered"].(float64) != 7 || m["resolved"].(float64) != 3) {
			t.Fatalf("宅基地 row %v", m)
		}
	}
	r = s.do("GET", "/api/v1/reports/backlog?region="+county, lead, nil)
	items := r.Body["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["townshipCode"] != townB {
		t.Fatalf("backlog: open petitions only (the cleared one is gone): %s", r.Raw)
	}
}
