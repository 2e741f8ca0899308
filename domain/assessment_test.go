package domain

import (
	"errors"
	"slices"
	"testing"
)

var (
	assessorH    = &User{ID: "lead-h", Name: "汉滨区政法委", Role: RoleLeader, RegionCode: countyH}
	assessorCity = &User{ID: "pet-city", Name: "市维稳办", Role: RolePetition, RegionCode: city}
)

func assessmentIn(grade, conclusion string, conditions ...string) AssessmentInput {
	in := AssessmentInput{Project: "安康东站片区征地拆迁", Kind: "land_requisition", RegionCode: townA,
		DecidingBody: "汉滨区人民政府", AssessingBody: "汉滨区住建局", AssessedOn: "2026-01-15", Grade: grade, Conclusion: conclusion}
	for _, c := range conditions {
		in.Conditions = append(in.Conditions, AssessmentConditionInput{Text: c})
	}
	return in
}

// The grade bounds the conclusion: a high risk is at most 暂缓实施, a medium one at most 调整后实施 (with
// its measures as conditions), a low one may be implemented; deciding more strictly is always allowed.
func TestAssessmentGradeBoundsTheConclusion(t *testing.T) {
	t.Parallel()
	allowed := map[string][]string{
		"high":   {"suspend", "reject"},
		"medium": {"implement_adjusted", "suspend", "reject"},
		"low":    {"implement", "implement_adjusted", "suspend", "reject"},
	}
	for _, g := range AssessmentGrades {
		for _, c := range AssessmentConclusions {
			var conds []string
			if c.Code != "reject" {
				conds = []string{"补偿款足额到位"}
			}
			_, err := BuildAssessment(assessmentIn(g.Code, c.Code, conds...), nil, assessorH, testRegions, testNow)
			want := slices.Contains(allowed[g.Code], c.Code)
			if want && err != nil {
				t.Errorf("%s → %s: refused %v, want accepted", g.Label, c.Label, err)
			}
			if !want && !errors.Is(err, ErrAssessmentGradeConclusion) {
				t.Errorf("%s → %s: %v, want %s", g.Label, c.Label, err, ErrAssessmentGradeConclusion.Reason)
			}
		}
	}
}

func TestAssessmentRefusals(t *testing.T) {
	t.Parallel()
	mediatorCounty := &User{ID: "med-h", Role: RoleMediator, RegionCode: countyH}
	petitionTown := &User{ID: "pet-a", Role: RolePetition, RegionCode: townA}
	otherCounty := &User{ID: "lead-y", Role: RoleLeader, RegionCode: "610921"}
	tests := []struct {
		name   string
		edit   func(*AssessmentInput)
		by     *User
		reason string
		field  string
	}{
		{"no project", func(in *AssessmentInput) { in.Project = " " }, assessorH, "validation_failed", "project"},
		{"unknown kind", func(in *AssessmentInput) { in.Kind = "war" }, assessorH, "validation_failed", "kind"},
		{"no deciding body", func(in *AssessmentInput) { in.DecidingBody = "" }, assessorH, "validation_failed", "decidingBody"},
		{"no assessing body", func(in *AssessmentInput) { in.AssessingBody = "" }, assessorH, "validation_failed", "assessingBody"},
		{"bad date", func(in *AssessmentInput) { in.AssessedOn = "2026-13-01" }, assessorH, "validation_failed", "assessedOn"},
		{"future date", func(in *AssessmentInput) { in.AssessedOn = "2026-04-01" }, assessorH, "validation_failed", "assessedOn"},
		{"city region", func(in *AssessmentInput) { in.RegionCode = city }, assessorCity, "validation_failed", "regionCode"},
		{"unknown region", func(in *AssessmentInput) { in.RegionCode = "999" }, assessorH, "validation_failed", "regionCode"},
		{"adjusted without measures", func(in *AssessmentInput) { in.Conditions = nil }, assessorH, "validation_failed", "conditions"},
		{"reject with conditions", func(in *AssessmentInput) { in.Grade, in.Conclusion = "high", "reject" }, assessorH, "validation_failed", "conditions"},
		{"duplicate condition", func(in *AssessmentInput) { in.Conditions = append(in.Conditions, in.Conditions[0]) }, assessorH, "validation_failed", "conditions[1].text"},
		{"unknown condition number", func(in *AssessmentInput) { in.Conditions[0].N = 7 }, assessorH, "validation_failed", "conditions[0].n"},
		{"high implemented", func(in *AssessmentInput) { in.Grade, in.Conclusion = "high", "implement" }, assessorH, "assessment_grade_conclusion", "conclusion"},
		{"county mediator", nil, mediatorCounty, "assessment_not_manager", ""},
		{"township petition staff", nil, petitionTown, "assessment_not_manager", ""},
		{"another county", nil, otherCounty, "out_of_region", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			in := assessmentIn("medium", "implement_adjusted", "补偿安置方案公示")
			if tc.edit != nil {
				tc.edit(&in)
			}
			_, err := BuildAssessment(in, nil, tc.by, testRegions, testNow)
			var e *Error
			if !errors.As(err, &e) || e.Reason != tc.reason {
				t.Fatalf("got %v, want reason %s", err, tc.reason)
			}
			if tc.field != "" && !slices.ContainsFunc(e.Fields, func(f FieldError) bool { return f.Field == tc.field && f.Message != "" }) {
				t.Fatalf("fields %v, want %s named", e.Fields, tc.field)
			}
		})
	}
}

// A follow-up runs while conditions are unmet: each record marks some met and moves the next check 90 days
// on; it closes only when all are met; an edit adding a condition opens it again, keeping what was met.
func TestAssessmentFollowUpLifecycle(t *testing.T) {
	t.Parallel()
	a, err := BuildAssessment(assessmentIn("medium", "implement_adjusted", "补偿安置方案公示", "设立矛盾调处小组"), nil, assessorH, testRegions, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if a.FollowUp != AssessmentFollowUpOpen || a.NextReviewOn != "2026-04-15" || a.Conditions[1].N != 2 {
		t.Fatalf("registered: %s next %s conditions %+v", a.FollowUp, a.NextReviewOn, a.Conditions)
	}
	if got := AssessmentActionsFrom(a.FollowUp); !slices.Equal(got, []string{"follow_up", "close"}) {
		t.Fatalf("open offers %v", got)
	}
	err = ApplyAssessmentAction(&a, AssessmentActionInput{Version: 1, Action: "close"}, assessorH, testRegions, testNow)
	if !errors.Is(err, ErrAssessmentConditionsUnmet) || a.Conditions[0].Met {
		t.Fatalf("close with two unmet: %v, %+v", err, a.Conditions)
	}
	if err := ApplyAssessmentAction(&a, AssessmentActionInput{Version: 1, Action: "follow_up", On: "2026-03-01", Text: "方案已公示", Met: []int{1}},
		assessorH, testRegions, testNow); err != nil {
		t.Fatal(err)
	}
	if !a.Conditions[0].Met || a.Conditions[0].MetOn != "2026-03-01" || a.NextReviewOn != "2026-05-30" || len(a.FollowUps) != 1 {
		t.Fatalf("after a record: %+v next %s", a.Conditions, a.NextReviewOn)
	}
	for _, bad := range []AssessmentActionInput{
		{Version: 1, Action: "follow_up", Text: "再次", Met: []int{1}},
		{Version: 1, Action: "follow_up", Text: "", Met: []int{2}},
		{Version: 1, Action: "follow_up", Text: "x", Met: []int{9}},
		{Version: 1, Action: "follow_up", Text: "x", On: "2025-12-31"},
		{Version: 1, Action: "follow_up", Text: "x", On: "2026-03-11"},
	} {
		if err := ApplyAssessmentAction(&a, bad, assessorH, testRegions, testNow); !errors.Is(err, Invalid()) {
			t.Errorf("%+v: %v, want validation_failed", bad, err)
		}
	}
	if err := ApplyAssessmentAction(&a, AssessmentActionInput{Version: 1, Action: "close", Met: []int{2}, Text: "调处小组已成立"}, assessorH, testRegions, testNow); err != nil {
		t.Fatal(err)
	}
	if a.FollowUp != AssessmentFollowUpClosed || a.ClosedOn != "2026-03-10" || a.NextReviewOn != "" {
		t.Fatalf("closed: %s %s %s", a.FollowUp, a.ClosedOn, a.NextReviewOn)
	}
	err = ApplyAssessmentAction(&a, AssessmentActionInput{Version: 1, Action: "follow_up", Text: "x"}, assessorH, testRegions, testNow)
	if !errors.Is(err, ErrAssessmentTransition) {
		t.Fatalf("record on closed: %v", err)
	}
	in := assessmentIn("medium", "implement_adjusted")
	in.Conditions = []AssessmentConditionInput{{N: 1, Text: "补偿安置方案公示"}, {N: 2, Text: "设立矛盾调处小组"}, {Text: "开工前再次入户走访"}}
	edited, err := BuildAssessment(in, &a, assessorH, testRegions, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if edited.FollowUp != AssessmentFollowUpOpen || !edited.Conditions[0].Met || edited.Conditions[2].N != 3 || edited.Conditions[2].Met ||
		len(edited.FollowUps) != 2 || edited.NextReviewOn != "2026-06-08" {
		t.Fatalf("edited: %s %+v next %s", edited.FollowUp, edited.Conditions, edited.NextReviewOn)
	}
}

func TestAssessmentReviewWarningAndTodo(t *testing.T) {
	t.Parallel()
	a, err := BuildAssessment(assessmentIn("low", "implement", "施工期间设立信访接待点"), nil, assessorH, testRegions, testNow)
	if err != nil {
		t.Fatal(err)
	}
	a.ID, a.Version = "610902-2026-W001", 1
	done, _ := BuildAssessment(assessmentIn("low", "implement"), nil, assessorH, testRegions, testNow)
	done.ID, done.Version = "610902-2026-W002", 1
	book := NewAssessmentBook(testRegions, []Assessment{a, done})
	for _, tc := range []struct {
		day  string
		want Warning
	}{{"2026-03-30", WarningNone}, {"2026-03-31", WarningDueSoon}, {"2026-04-15", WarningDueSoon}, {"2026-04-16", WarningOverdue}} {
		now, _ := parseDay(tc.day)
		if got := a.ReviewWarning(now); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.day, got, tc.want)
		}
		todo := book.Todo(countyH, now)
		if (len(todo) == 1) != (tc.want != WarningNone) || len(todo) == 1 && (todo[0].Reason != tc.want || todo[0].Unmet != 1) {
			t.Errorf("%s: to-do %+v", tc.day, todo)
		}
	}
	late, _ := parseDay("2026-05-01")
	if got := book.Todo(townC, late); len(got) != 0 {
		t.Errorf("another township's to-do: %+v", got)
	}
}

// The summary counts each entry once in its unit's row; every unit has a row; the county's own entries
// have the county's 本级 row when grouping by township.
func TestAssessmentSummary(t *testing.T) {
	t.Parallel()
	var stored []Assessment
	add := func(id, region, day, grade, conclusion string, conds ...string) {
		in := assessmentIn(grade, conclusion, conds...)
		in.RegionCode, in.AssessedOn = region, day
		a, err := BuildAssessment(in, nil, assessorCity, testRegions, testNow)
		if err != nil {
			t.Fatal(err)
		}
		a.ID = id
		stored = append(stored, a)
	}
	add("1", townA, "2026-01-10", "high", "reject")
	add("2", townA, "2026-02-10", "medium", "implement_adjusted", "公示")
	add("3", countyH, "2026-02-11", "low", "implement")
	add("4", townC, "2026-02-12", "low", "implement", "走访")
	add("5", townA, "2025-12-30", "low", "implement")
	book := NewAssessmentBook(testRegions, stored)
	root, _ := testRegions.Get(city)
	byCounty := book.Summary(root, "county", "2026", testNow)
	if len(byCounty.Rows) != 10 || byCounty.Totals.Total != 4 || byCounty.Totals.High != 1 || byCounty.Totals.Low != 2 ||
		byCounty.Totals.FollowUpsOpen != 2 || byCounty.Totals.Reject != 1 {
		t.Fatalf("by county: %d rows, totals %+v", len(byCounty.Rows), byCounty.Totals)
	}
	for _, r := range byCounty.Rows {
		want := map[string]int{countyH: 3, "610921": 1}[r.Code]
		if r.Total != want {
			t.Errorf("%s %s: %d, want %d", r.Code, r.Name, r.Total, want)
		}
	}
	hanbin, _ := testRegions.Get(countyH)
	byTown := book.Summary(hanbin, "township", "", testNow)
	if byTown.Rows[0].Code != countyH || !byTown.Rows[0].Own || byTown.Rows[0].Total != 1 || byTown.Totals.Total != 4 ||
		len(byTown.Rows) != len(testRegions.Townships(countyH))+1 {
		t.Fatalf("by township: first %+v, totals %+v, %d rows", byTown.Rows[0], byTown.Totals, len(byTown.Rows))
	}
	for _, r := range byTown.Rows {
		if r.Code == townA && (r.Total != 3 || r.High != 1 || r.Medium != 1 || r.Low != 1) {
			t.Errorf("townA: %+v", r)
		}
	}
}
