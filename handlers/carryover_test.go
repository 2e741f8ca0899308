package handlers

import (
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"pingan/domain"
)

// A data directory written by the first version (testdata/v1data: 60 disputes and 30 backlog cases seeded by
// it, its admin and one county petition user) is carried over when this version starts on it: every case
// reads, old backlog cases get their assigning office, 交办 date and deadline, returned ones await the
// office's decision, old follow-ups become visits, the figures keep their identity, and old cases are worked
// on through the new lifecycles.
func TestFirstVersionDataIsCarriedOver(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	raw, err := os.ReadFile("testdata/v1data/pingan.sqlite")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "pingan.sqlite"), raw, 0o600); err != nil {
		t.Fatal(err)
	}
	s := startServerAt(t, time.Time{}, func(c *Config) { c.DataDir = dir }) // signs in with the old admin password

	ids := s.listAll(s.admin, "")
	if len(ids) != 90 {
		t.Fatalf("%d cases listed, want the 90 of the first version", len(ids))
	}
	cases := map[string]map[string]any{}
	kinds := map[string]int{}
	for _, id := range ids {
		r := s.do("GET", "/api/v1/cases/"+id, s.admin, nil)
		expectStatus(t, r, http.StatusOK, "read a carried-over case")
		cases[id] = r.Body
		kinds[r.Body["kind"].(string)]++
	}
	if kinds["dispute"] != 60 || kinds["petition"] != 30 {
		t.Fatalf("kinds %v", kinds)
	}
	for id, c := range cases {
		switch c["kind"] {
		case "petition":
			p := c["petition"].(map[string]any)
			office := "6109" // assigned by the city (or above it): the city's office
			if p["assignedBy"] == "county" {
				office = c["countyCode"].(string)
			}
			if p["assignerRegion"] != office || p["assignedAt"] == nil || c["dueAt"] == nil {
				t.Errorf("%s: assigner %v (want %s), assigned %v, due %v", id, p["assignerRegion"], office, p["assignedAt"], c["dueAt"])
			}
			if c["status"] == "returned" && (c["closedAt"] != nil || !slices.Contains(anyStrings(c["allowedActions"]), "withdraw")) {
				t.Errorf("%s: a returned case awaits the office's decision: closedAt %v, actions %v", id, c["closedAt"], c["allowedActions"])
			}
		case "dispute":
			d := c["dispute"].(map[string]any)
			if d["followUp"] != nil && len(d["visits"].([]any)) != 1 {
				t.Errorf("%s: the old follow-up is not a visit: %v", id, d["visits"])
			}
			// held by its township's own committee (derived: nothing to enter), seen in its township
			if hc := c["holdingCommittee"].(map[string]any); hc["id"] != c["townshipCode"] || hc["name"] != c["townshipName"].(string)+"人民调解委员会" || c["heldIn"] != c["townshipCode"] {
				t.Errorf("%s: held by %v in %v", id, hc, c["heldIn"])
			}
		}
	}

	// the figures: every row keeps the identity; all 60 disputes registered, the 30 backlog cases counted
	rep := s.do("GET", "/api/v1/reports/resolution?groupBy=county", s.admin, nil)
	expectStatus(t, rep, http.StatusOK, "the city's report over the old records")
	rows := append(rep.Body["rows"].([]any), rep.Body["totals"])
	for _, row := range rows {
		d := row.(map[string]any)["disputes"].(map[string]any)
		if d["carriedOver"].(float64)+d["accepted"].(float64) != d["concluded"].(float64)+d["pending"].(float64) {
			t.Errorf("identity broken: %v", d)
		}
	}
	tot := rep.Body["totals"].(map[string]any)
	if jsonAt(tot, "disputes.registered") != 60.0 || jsonAt(tot, "petitions.total") != 30.0 {
		t.Errorf("totals: %v registered, %v backlog cases", jsonAt(tot, "disputes.registered"), jsonAt(tot, "petitions.total"))
	}

	// an old backlog case of 汉滨区 is worked through the new lifecycle: the township applies, the county's
	// office (the first version's user) clears it
	const oldCase = "610902118-2026-000001"
	old := cases[oldCase]
	if old["status"] != "resolving" || jsonAt(old, "petition.assignerRegion") != "610902" {
		t.Fatalf("the test data changed: %v %v", old["status"], old["petition"])
	}
	s.createUser("town118", domain.RolePetition, "610902118")
	town := s.tokenNow("town118")
	office := s.login("hbpet", "Passw0rd-hbpet")
	old = s.act(town, old, "resolve", map[string]any{"resolutionType": "resolved"})
	expectRefusal(t, s.actRaw(town, old, "clear", nil), http.StatusForbidden, "not_assigning_office", "the township clears an old case")
	old = s.act(town, old, "apply_clear", map[string]any{"note": "材料已齐"})
	old = s.act(office, old, "clear", map[string]any{"note": "同意销号"})
	if old["status"] != "cleared" {
		t.Fatalf("the old case: %v", old["status"])
	}
	// an old returned case is decided by the city: 收回
	const returned = "610921107-2026-000002"
	r := s.act(s.admin, cases[returned], "withdraw", map[string]any{"note": "市信访局直接办理"})
	if r["status"] != "withdrawn" {
		t.Fatalf("the old returned case: %v", r["status"])
	}
	// an open old dispute is escalated to its county's committee: the township loses it, the county has it
	var open map[string]any
	for _, id := range ids {
		if c := cases[id]; c["kind"] == "dispute" && slices.Contains(anyStrings(c["allowedActions"]), "escalate") {
			open = c
			break
		}
	}
	if open == nil {
		t.Fatal("no open old dispute")
	}
	oldTown := open["townshipCode"].(string)
	s.createUser("med-"+oldTown, domain.RoleMediator, oldTown)
	s.createUser("med-"+open["countyCode"].(string), domain.RoleMediator, open["countyCode"].(string))
	esc := s.act(s.tokenNow("med-"+oldTown), open, "escalate", map[string]any{"reason": "镇调委会调解未果"})
	if esc["heldIn"] != open["countyCode"] || s.seesCase(s.tokenNow("med-"+oldTown), oldCaseID(esc)) ||
		!s.seesCase(s.tokenNow("med-"+open["countyCode"].(string)), oldCaseID(esc)) {
		t.Errorf("the escalated old dispute is held in %v", esc["heldIn"])
	}
	after := s.do("GET", "/api/v1/reports/resolution?groupBy=county", s.admin, nil)
	if jsonAt(after.Body["totals"].(map[string]any), "petitions.total") != 29.0 {
		t.Errorf("a withdrawn case leaves the backlog total: %v", jsonAt(after.Body["totals"].(map[string]any), "petitions.total"))
	}
}

func oldCaseID(c map[string]any) string { return c["id"].(string) }
