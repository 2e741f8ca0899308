package domain

import (
	"strings"
	"testing"
	"unicode"
)

func TestEnumsHasEveryKeyOfTheAPI(t *testing.T) {
	keys := []string{"categories", "riskLevels", "statuses", "kinds", "sources", "referralFroms", "partyRoles",
		"assignedBys", "resolutionTypes", "agreementTypes", "failureReasons", "redirects", "satisfactions",
		"sessionModes", "roles", "actions", "disputeStatuses", "petitionStatuses", "disputeActions",
		"petitionActions", "regionLevels", "warnings", "outcomes", "todoReasons"}
	enums := Enums()
	for _, k := range keys {
		if len(enums[k]) == 0 {
			t.Errorf("Enums()[%q] is empty", k)
		}
	}
}

func TestEnumerationsAreWellFormed(t *testing.T) {
	for name, opts := range Enums() {
		seen := map[string]bool{}
		for _, o := range opts {
			if o.Code == "" || o.Label == "" || o.En == "" {
				t.Errorf("%s: empty code or label in %+v", name, o)
			}
			if strings.ContainsFunc(o.En, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
				t.Errorf("%s: the English label of %s is not English: %q", name, o.Code, o.En)
			}
			if seen[o.Code] {
				t.Errorf("%s: code %s listed twice", name, o.Code)
			}
			seen[o.Code] = true
		}
	}
}

func TestCategoriesFollowDesignOrder(t *testing.T) {
	want := []string{"marriage_family", "neighbor", "housing_homestead", "contract", "production_business",
		"damages", "forest_land", "land_requisition", "pollution", "labor", "consumer", "medical", "traffic",
		"property_mgmt", "other"}
	if len(Categories) != len(want) {
		t.Fatalf("got %d categories, want %d", len(Categories), len(want))
	}
	for i, c := range want {
		if Categories[i].Code != c {
			t.Errorf("category %d = %s, want %s", i, Categories[i].Code, c)
		}
	}
}

func TestStatusesCoverBothLifecycles(t *testing.T) {
	for _, list := range [][]Option{DisputeStatuses, PetitionStatuses} {
		for _, o := range list {
			if !IsValid(Statuses, o.Code) {
				t.Errorf("status %s missing from Statuses", o.Code)
			}
		}
	}
	for _, o := range Statuses {
		if !IsValid(DisputeStatuses, o.Code) && !IsValid(PetitionStatuses, o.Code) {
			t.Errorf("status %s belongs to no lifecycle", o.Code)
		}
	}
}

func TestLabels(t *testing.T) {
	tests := []struct{ got, want string }{
		{LabelOf(Categories, "neighbor"), "邻里"},
		{LabelOf(Categories, "nope"), "nope"},
		{LabelOf(Roles, "petition"), "信访干部"},
		{StatusLabel(KindDispute, StatusResolved), "调解成功"},
		{StatusLabel(KindPetition, StatusResolved), "已化解"},
		{StatusLabel(KindPetition, StatusCleared), "已销号"},
		{StatusLabel(KindDispute, StatusFailed), "调解不成"},
		{ActionLabel(KindDispute, "resolve"), "调解成功"},
		{ActionLabel(KindPetition, "resolve"), "化解办结"},
		{ActionLabel(KindPetition, "assign"), "包案交办"},
		{ActionLabel(KindDispute, "assign"), "包案交办"},
		{ActionLabel(KindDispute, "close"), "回访结案"},
		{ActionLabel(KindPetition, "nope"), "nope"},
		{StatusLabel(KindPetition, StatusMediating), "调解中"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	if !IsValid(RiskLevels, "red") || IsValid(RiskLevels, "green") || IsValid(RiskLevels, "") {
		t.Error("IsValid(RiskLevels) is wrong")
	}
}

// TestActionsCoverBothLifecycles: every action of the transition table is labelled for its kind, and the
// per-kind lists name no action their kind does not have (besides register, the first timeline entry).
func TestActionsCoverBothLifecycles(t *testing.T) {
	lists := map[Kind][]Option{KindDispute: DisputeActions, KindPetition: PetitionActions}
	for _, tr := range Transitions {
		if !IsValid(lists[tr.Kind], tr.Action) {
			t.Errorf("%s %s has no label in its kind's action list", tr.Kind, tr.Action)
		}
	}
	for kind, list := range lists {
		for _, o := range list {
			if _, ok := transitionFor(kind, o.Code); !ok && o.Code != "register" {
				t.Errorf("%s lists %s, which the lifecycle does not have", kind, o.Code)
			}
			if !IsValid(Actions, o.Code) {
				t.Errorf("action %s missing from Actions", o.Code)
			}
		}
	}
}
