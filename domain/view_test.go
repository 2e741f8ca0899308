package domain

import (
	"encoding/json"
	"slices"
	"testing"
	"time"
)

func TestViewJSONHasEveryAlwaysPresentField(t *testing.T) {
	c := &Case{ID: "610902001-2026-000001", CaseNo: "610902001-2026-000001", Kind: KindDispute, Status: StatusRegistered,
		Version: 1, TownshipCode: townA, CountyCode: countyH, Dispute: &DisputeInfo{Source: "application"}, Seq: 42}
	b, err := json.Marshal(View(c, mediatorA, testRegions, testNow, true))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "caseNo", "kind", "status", "version", "title", "summary", "category",
		"townshipCode", "countyCode", "village", "riskLevel", "parties", "registeredAt", "overdue", "timeline",
		"createdAt", "updatedAt", "warning", "allowedActions", "townshipName", "countyName"} {
		if _, ok := m[k]; !ok {
			t.Errorf("key %q missing from %s", k, b)
		}
	}
	for _, k := range []string{"parties", "timeline", "allowedActions"} {
		if string(m[k]) == "null" {
			t.Errorf("%s is null", k)
		}
	}
	for _, k := range []string{"supervision", "seq", "Seq", "acceptedAt", "dueAt", "closedAt", "outcome", "petition"} {
		if _, ok := m[k]; ok {
			t.Errorf("key %q should be absent from %s", k, b)
		}
	}
	var d map[string]json.RawMessage
	if err := json.Unmarshal(m["dispute"], &d); err != nil {
		t.Fatal(err)
	}
	if string(d["mediators"]) != "[]" || string(d["sessions"]) != "[]" {
		t.Errorf("dispute lists: %s", m["dispute"])
	}
	if string(m["allowedActions"]) != `["accept","reject","transfer","escalate","refer_out"]` || string(m["townshipName"]) != `"老城街道"` || string(m["countyName"]) != `"汉滨区"` {
		t.Errorf("allowedActions %s township %s county %s", m["allowedActions"], m["townshipName"], m["countyName"])
	}
	if string(m["overdue"]) != "false" || string(m["warning"]) != `""` {
		t.Errorf("overdue %s warning %s", m["overdue"], m["warning"])
	}
}

func TestViewMasksPartiesUnlessFullAndInScope(t *testing.T) {
	c := caseIn(KindDispute, StatusMediating)
	tests := []struct {
		name   string
		user   *User
		full   bool
		masked bool
	}{
		{"detail for the township's mediator", mediatorA, true, false},
		{"detail for the county's petition staff", petitionH, true, false},
		{"detail for the city leader", leaderC, true, false},
		{"list item for the mediator", mediatorA, false, true},
		{"detail for another township's mediator", mediatorB, true, true},
		{"detail without a user", nil, true, true},
	}
	for _, tt := range tests {
		v := View(c, tt.user, testRegions, testNow, tt.full)
		id, phone := v.Parties[0].IDNumber, v.Parties[0].Phone
		if tt.masked && (id != "6109**********1234" || phone != "138****5678") {
			t.Errorf("%s: want masked, got %s %s", tt.name, id, phone)
		}
		if !tt.masked && (id != "610902199001011234" || phone != "13812345678") {
			t.Errorf("%s: want readable, got %s %s", tt.name, id, phone)
		}
	}
	if c.Parties[0].IDNumber != "610902199001011234" {
		t.Error("View masked the stored case")
	}
}

func TestViewDeadlinesAndSupervision(t *testing.T) {
	c := caseIn(KindDispute, StatusMediating) // accepted 19 days before testNow, due 30 days after acceptance
	v := View(c, mediatorA, testRegions, testNow, true)
	if v.Overdue || v.Warning != WarningNone || v.Supervision != nil {
		t.Errorf("fresh case: overdue %v warning %q supervision %+v", v.Overdue, v.Warning, v.Supervision)
	}
	later := c.DueAt.Add(-time.Hour)
	if v := View(c, mediatorA, testRegions, later, true); v.Warning != WarningDueSoon || v.Overdue {
		t.Errorf("near due: overdue %v warning %q", v.Overdue, v.Warning)
	}
	after := c.DueAt.Add(time.Hour)
	if v := View(c, mediatorA, testRegions, after, true); v.Warning != WarningOverdue || !v.Overdue {
		t.Errorf("after due: overdue %v warning %q", v.Overdue, v.Warning)
	}

	old := WarningThreshold
	WarningThreshold = 0.5
	if v := View(c, mediatorA, testRegions, testNow, true); v.Warning != WarningDueSoon {
		t.Errorf("threshold 0.5 at 19 of 30 days: warning %q", v.Warning)
	}
	WarningThreshold = old

	addOpenSupervision(c)
	v = View(c, mediatorA, testRegions, testNow, true)
	if v.Supervision == nil || v.Supervision.Overdue || v.Supervision.Note != "请尽快办理" {
		t.Fatalf("supervision %+v", v.Supervision)
	}
	if !slices.Contains(v.AllowedActions, "feedback") {
		t.Errorf("allowedActions %v", v.AllowedActions)
	}
	v = View(c, mediatorA, testRegions, c.Supervisions[0].FeedbackBy.Add(time.Minute), true)
	if !v.Supervision.Overdue {
		t.Error("late feedback is not marked overdue")
	}
	b, _ := json.Marshal(v.Supervision)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	for _, k := range []string{"at", "by", "note", "feedbackBy", "overdue"} {
		if _, ok := m[k]; !ok {
			t.Errorf("supervision JSON lacks %s: %s", k, b)
		}
	}
}

func TestViewSharesNothingWithTheCase(t *testing.T) {
	c := caseIn(KindDispute, StatusMediating)
	c.Dispute.Mediators = []string{"甲"}
	v := View(c, mediatorA, testRegions, testNow, true)
	v.Parties[0].Name = "改"
	v.Timeline[0].Note = "改"
	v.Dispute.Mediators[0] = "改"
	v.Dispute.Source = "改"
	if c.Parties[0].Name == "改" || c.Timeline[0].Note == "改" || c.Dispute.Mediators[0] == "改" || c.Dispute.Source == "改" {
		t.Error("changing the view changed the case")
	}
}

// A petition's view offers each side of its assignment its own actions, and always names the assigning
// office's region.
func TestViewOfAPetition(t *testing.T) {
	c := caseIn(KindPetition, StatusReceived)
	for _, tc := range []struct {
		user *User
		want []string
	}{
		{petitionA, []string{"accept", "return"}},
		{petitionH, []string{"extend"}},
		{petitionCity, []string{"extend"}},
		{leaderC, []string{"supervise"}},
		{adminC, []string{"accept", "return", "extend", "supervise"}},
		{petitionB, []string{}},
		{mediatorA, []string{}},
	} {
		if got := View(c, tc.user, testRegions, testNow, true).AllowedActions; !slices.Equal(got, tc.want) {
			t.Errorf("%s offered %v, want %v", tc.user.ID, got, tc.want)
		}
	}
	v := View(c, petitionA, testRegions, testNow, true)
	if v.Overdue || v.Warning != WarningNone {
		t.Errorf("assigned two days ago: overdue %v warning %q", v.Overdue, v.Warning)
	}
	if v := View(c, petitionA, testRegions, c.DueAt.Add(time.Second), true); !v.Overdue || v.Warning != WarningOverdue {
		t.Errorf("an unsigned case past its deadline: overdue %v warning %q", v.Overdue, v.Warning)
	}
	b, _ := json.Marshal(v)
	var m map[string]json.RawMessage
	_ = json.Unmarshal(b, &m)
	var p map[string]json.RawMessage
	_ = json.Unmarshal(m["petition"], &p)
	if string(p["assignerRegion"]) != `"610902"` || string(m["dueAt"]) == "" || string(m["townshipName"]) != `"老城街道"` {
		t.Errorf("petition view %s", b)
	}

	// In review the clock stands still: not overdue, no warning, however late.
	r := caseIn(KindPetition, StatusReviewing)
	if v := View(r, petitionH, testRegions, r.DueAt.AddDate(0, 1, 0), true); v.Overdue || v.Warning != WarningNone ||
		!slices.Equal(v.AllowedActions, []string{"clear", "reject_clear"}) {
		t.Errorf("in review: overdue %v warning %q actions %v", v.Overdue, v.Warning, v.AllowedActions)
	}
	// The view is a copy: changing its petition part leaves the case alone.
	cl := caseIn(KindPetition, StatusCleared)
	v = View(cl, petitionA, testRegions, testNow, true)
	v.Petition.AssignerRegion = "改"
	if cl.Petition.AssignerRegion != countyH {
		t.Error("changing the view changed the case")
	}
}
