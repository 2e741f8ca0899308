package domain

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// The fixture's dates. A dispute is registered 20 days before testNow, accepted the next day (due 11 days
// after testNow) and concluded 10 days before testNow. A petition is assigned (交办) by the county office of
// 汉滨区 (petitionH) to 老城街道 (petitionA) two days before testNow, a Sunday, so its return window (5
// working days) is still open and it is not late to sign.
var (
	fixtureRegistered = testNow.AddDate(0, 0, -20)
	fixtureAccepted   = fixtureRegistered.AddDate(0, 0, 1)
	fixtureConcluded  = testNow.AddDate(0, 0, -10)
	fixtureAssigned   = testNow.AddDate(0, 0, -2)
)

// fixtureUsed lists the once-only actions the fixture's history holds in a status: a closed dispute has
// applied for judicial confirmation and reported back; a resolved petition has had its one extension.
var fixtureUsed = map[Kind]map[Status][]string{
	KindDispute:  {StatusClosed: {"apply_confirmation", "report_back"}},
	KindPetition: {StatusResolved: {"extend"}},
}

// caseIn builds a case of townA in the given status, as its lifecycle would have left it (version 3), with a
// history on its timeline and whatever the guards ask for: a referred dispute (report_back), a written
// agreement (judicial confirmation) performed in part (unperformed); a petition with its assigning office,
// deadline and a 处理意见书 (review requests), an application awaiting review in reviewing and an open 复查
// request once cleared.
func caseIn(kind Kind, status Status) *Case {
	if kind == KindPetition {
		return petitionIn(status)
	}
	return disputeIn(status)
}

// history appends a timeline entry after the last one.
func history(c *Case, at time.Time, by *User, action string, to Status) *TimelineEntry {
	from := c.Timeline[len(c.Timeline)-1].To
	c.Timeline = append(c.Timeline, TimelineEntry{At: at, RecordedAt: at, Actor: by.Actor(), Action: action, From: from, To: to, Note: "历史"})
	return &c.Timeline[len(c.Timeline)-1]
}

func baseCase(kind Kind, reg time.Time, by *User) *Case {
	return &Case{
		ID: "610902001-2026-000007", CaseNo: "610902001-2026-000007",
		Kind: kind, Status: StatusRegistered, Version: 3,
		Title: "测试案件", Summary: "摘要", Category: "neighbor",
		TownshipCode: townA, CountyCode: countyH, Village: "东关村", RiskLevel: "blue",
		Parties:      []Party{{Name: "张三", Role: "applicant", IDNumber: "610902199001011234", Phone: "13812345678"}, {Name: "李四", Role: "respondent"}},
		RegisteredAt: reg,
		CreatedBy:    by.Actor(), CreatedAt: reg, UpdatedAt: reg,
	}
}

func disputeIn(status Status) *Case {
	reg, accepted, concluded := fixtureRegistered, fixtureAccepted, fixtureConcluded
	c := baseCase(KindDispute, reg, mediatorA)
	c.Timeline = []TimelineEntry{{At: reg, RecordedAt: reg, Actor: mediatorA.Actor(), Action: "register", To: StatusRegistered}}
	c.Dispute = &DisputeInfo{Source: "referral", ReferralFrom: "court"}
	d := c.Dispute
	if status == StatusRejected {
		d.RejectReason, c.ClosedAt = "不属于民间纠纷", ptr(reg.Add(time.Hour))
		history(c, reg.Add(time.Hour), mediatorA, "reject", StatusRejected)
	}
	if slices.Contains([]Status{StatusAccepted, StatusMediating, StatusResolved, StatusFailed, StatusClosed}, status) {
		due := accepted.AddDate(0, 0, DisputeTermDays)
		c.AcceptedAt, c.DueAt = &accepted, &due
		history(c, accepted, mediatorA, "accept", StatusAccepted).DueAt = ptr(due)
	}
	if slices.Contains([]Status{StatusMediating, StatusResolved, StatusFailed, StatusClosed}, status) {
		d.Mediators = []string{"调解员甲"}
		history(c, accepted.Add(time.Hour), mediatorA, "start", StatusMediating)
	}
	if status == StatusReferred {
		due := accepted.AddDate(0, 0, DisputeTermDays)
		c.AcceptedAt, c.DueAt = &accepted, &due
		history(c, accepted, mediatorA, "accept", StatusAccepted).DueAt = ptr(due)
		d.Referral, c.Outcome = &ReferralOut{At: concluded, To: "police", Reason: "可能激化为治安案件"}, OutcomeFailed
		history(c, concluded, mediatorA, "refer_out", StatusReferred)
	}
	switch status {
	case StatusResolved, StatusClosed:
		yes := true
		d.Agreement = &Agreement{Type: "written", Terms: "乙方赔偿甲方800元。", CreatesObligations: &yes, Amount: 80000}
		d.Performance, c.Outcome = "partial", OutcomeResolved
		history(c, concluded, mediatorA, "resolve", StatusResolved)
	case StatusFailed:
		d.FailureReason, d.Redirect, c.Outcome = "refused", "litigation", OutcomeFailed
		history(c, concluded, mediatorA, "fail", StatusFailed)
	}
	if status == StatusClosed {
		d.Confirmation = &Confirmation{AppliedAt: concluded.AddDate(0, 0, 1), Court: "汉滨区人民法院"}
		history(c, concluded.AddDate(0, 0, 1), mediatorA, "apply_confirmation", StatusResolved)
		d.ReportedBackAt = ptr(concluded.AddDate(0, 0, 1).Add(time.Hour))
		history(c, *d.ReportedBackAt, mediatorA, "report_back", StatusResolved)
		visited := concluded.AddDate(0, 0, 2)
		d.Visits = []Visit{{At: visited, Satisfaction: "basic", Performance: "partial", By: mediatorA.Actor()}}
		d.FollowUp = &FollowUp{At: visited, Satisfaction: "basic"}
		history(c, visited, mediatorA, "visit", StatusResolved)
		c.ClosedAt = ptr(visited.Add(time.Hour))
		history(c, *c.ClosedAt, mediatorA, "close", StatusClosed)
	}
	c.Status = status
	return c
}

func petitionIn(status Status) *Case {
	assigned := fixtureAssigned
	h := func(n int) time.Time { return assigned.Add(time.Duration(n) * time.Hour) }
	due := assigned.AddDate(0, 0, PetitionTermDays)
	c := baseCase(KindPetition, assigned, petitionH)
	c.Category, c.Status, c.DueAt = "natural_resources", StatusReceived, &due
	c.Parties = []Party{{Name: "张三", Role: "petitioner", IDNumber: "610902199001011234", Phone: "13812345678"}}
	c.Timeline = []TimelineEntry{{At: assigned, RecordedAt: assigned, Actor: petitionH.Actor(), Action: "register", To: StatusReceived, DueAt: ptr(due)}}
	c.Petition = &PetitionInfo{AssignedBy: "county", AssignedAt: ptr(assigned), DueAt: ptr(due), AssignerRegion: countyH}
	p := c.Petition
	switch status {
	case StatusReturned, StatusWithdrawn:
		p.ReturnReason = "不属本辖区"
		history(c, h(2), petitionA, "return", StatusReturned)
		if status == StatusWithdrawn {
			c.ClosedAt = ptr(h(3))
			history(c, h(3), petitionH, "withdraw", StatusWithdrawn)
		}
	case StatusReceived:
	default:
		c.AcceptedAt = ptr(h(1))
		history(c, h(1), petitionA, "accept", StatusAccepted)
	}
	if slices.Contains([]Status{StatusResolving, StatusResolved, StatusReviewing, StatusCleared}, status) {
		p.LeadLeader, p.Plan = &LeadLeader{Name: "刘副镇长", Post: "副镇长"}, "一案一策"
		history(c, h(2), petitionA, "assign", StatusResolving)
	}
	if slices.Contains([]Status{StatusResolved, StatusReviewing, StatusCleared}, status) {
		p.ResolutionType = "resolved"
		p.Materials = []Material{{Type: "opinion", Date: ptr(h(3))}}
		history(c, h(3), petitionA, "resolve", StatusResolved)
	}
	switch status {
	case StatusResolved:
		extended := due.AddDate(0, 0, 15)
		p.Extension, c.DueAt = &Extension{At: h(4), Days: 15, Approver: "县信访局", Reason: "需协调多部门"}, &extended
		history(c, h(4), petitionH, "extend", StatusResolved).DueAt = ptr(extended)
	case StatusReviewing:
		p.AppliedAt = ptr(h(5))
		history(c, h(5), petitionA, "apply_clear", StatusReviewing)
	case StatusCleared:
		history(c, h(5), petitionA, "apply_clear", StatusReviewing)
		p.ClearedAt, c.ClosedAt = ptr(h(6)), ptr(h(6))
		history(c, h(6), petitionH, "clear", StatusCleared)
		p.Reviews = []Review{{Level: "review", RequestedAt: h(7), DueBy: h(7).AddDate(0, 0, ReviewTermDays)}}
		history(c, h(7), petitionA, "request_review", StatusCleared)
	}
	c.Status = status
	return c
}

// fullInput fills every field validly: each action reads what it needs and ignores the rest.
func fullInput(version int) ActionInput {
	due := testNow.AddDate(0, 0, 40)
	feedbackBy := testNow.AddDate(0, 0, 10)
	performBy := testNow.AddDate(0, 1, 0)
	yes := true
	return ActionInput{
		Version:       version,
		Note:          "备注",
		Reason:        "原因",
		Mediators:     []string{"调解员甲", "调解员乙"},
		Session:       &SessionInput{At: testNow.Add(-time.Hour), Mode: "onsite", Record: "双方到场，陈述意见。"},
		Days:          15,
		ConsentBy:     []string{"张三", "李四"},
		Agreement:     &AgreementInput{Type: "written", Terms: "甲方拆除院墙，乙方补偿500元。", PerformBy: &performBy, CreatesObligations: &yes, Amount: 50000},
		Prevented:     []PreventionInput{{Type: "criminal", People: 2}},
		RejectGround:  "not_civil",
		FailureReason: "gap_too_large",
		Redirect:      "litigation",
		FollowUp:      &FollowUpInput{At: testNow.Add(-time.Hour), Satisfaction: "satisfied", Performance: "fulfilled", Note: "已履行"},
		Route:         "remediate",
		Court:         "汉滨区人民法院",
		Confirmation:  "confirmed",
		Committee:     countyH,
		ReferTo:       "police",
		ReferUnit:     "恒口派出所",
		Committees:    NewCommitteeBook(testRegions, nil),

		LeadLeader:        &LeadLeaderInput{Name: "张三", Post: "副县长"},
		ResponsibleUnit:   "老城街道办事处",
		ResponsiblePerson: "赵六",
		Plan:              "一案一策",
		Approver:          "王五",
		ResolutionType:    "resolved",
		Materials:         []MaterialInput{{Type: "opinion", Note: "处理意见书"}},
		TownshipCode:      townB,
		ReviewLevel:       "review",
		DueAt:             &due,
		FeedbackBy:        &feedbackBy,
	}
}

func act(action string, version int) ActionInput {
	in := fullInput(version)
	in.Action = action
	return in
}

func snapshot(t *testing.T, c *Case) string {
	t.Helper()
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func addOpenSupervision(c *Case) {
	c.Supervisions = append(c.Supervisions, Supervision{At: testNow.AddDate(0, 0, -1), By: leaderC.Actor(), Note: "请尽快办理", FeedbackBy: testNow.AddDate(0, 0, 29)})
}

// The expected lifecycles, written out independently of Transitions.
var (
	allDispute  = []Status{StatusRegistered, StatusAccepted, StatusMediating, StatusResolved, StatusFailed, StatusClosed, StatusRejected, StatusReferred}
	allPetition = []Status{StatusReceived, StatusAccepted, StatusResolving, StatusResolved, StatusReviewing, StatusCleared, StatusReturned, StatusWithdrawn}

	specFrom = map[Kind]map[string][]Status{
		KindDispute: {
			"accept":              {StatusRegistered},
			"reject":              {StatusRegistered},
			"start":               {StatusAccepted},
			"session":             {StatusMediating},
			"extend":              {StatusMediating},
			"resolve":             {StatusMediating},
			"fail":                {StatusMediating},
			"visit":               {StatusResolved},
			"urge":                {StatusResolved},
			"apply_confirmation":  {StatusResolved, StatusClosed},
			"confirmation_result": {StatusResolved, StatusClosed},
			"unperformed":         {StatusResolved},
			"report_back":         {StatusResolved, StatusFailed, StatusClosed},
			"transfer":            {StatusRegistered, StatusAccepted, StatusMediating},
			"escalate":            {StatusRegistered, StatusAccepted, StatusMediating},
			"refer_out":           {StatusRegistered, StatusAccepted, StatusMediating},
			"referral_result":     {StatusReferred},
			"close":               {StatusResolved, StatusFailed},
			"supervise":           {StatusRegistered, StatusAccepted, StatusMediating, StatusResolved, StatusFailed, StatusReferred},
			"feedback":            allDispute, // whenever a 督办 awaits feedback
		},
		KindPetition: {
			"accept":         {StatusReceived},
			"return":         {StatusReceived},
			"reassign":       {StatusReturned},
			"withdraw":       {StatusReturned},
			"assign":         {StatusAccepted},
			"change_lead":    {StatusResolving, StatusResolved, StatusReviewing},
			"resolve":        {StatusResolving},
			"apply_clear":    {StatusResolved},
			"clear":          {StatusReviewing},
			"reject_clear":   {StatusReviewing},
			"extend":         {StatusReceived, StatusAccepted, StatusReturned, StatusResolving, StatusResolved},
			"reopen":         {StatusCleared},
			"request_review": {StatusResolved, StatusReviewing, StatusCleared},
			"answer_review":  {StatusResolved, StatusReviewing, StatusCleared},
			"supervise":      {StatusReceived, StatusAccepted, StatusReturned, StatusResolving, StatusResolved, StatusReviewing},
			"feedback":       allPetition,
		},
	}
	specTo = map[Kind]map[string]Status{
		KindDispute: {"accept": StatusAccepted, "reject": StatusRejected, "start": StatusMediating,
			"resolve": StatusResolved, "fail": StatusFailed, "close": StatusClosed,
			"refer_out": StatusReferred, "referral_result": StatusClosed},
		KindPetition: {"accept": StatusAccepted, "return": StatusReturned, "reassign": StatusReceived,
			"withdraw": StatusWithdrawn, "assign": StatusResolving, "resolve": StatusResolved,
			"apply_clear": StatusReviewing, "clear": StatusCleared, "reject_clear": StatusResolving, "reopen": StatusResolving},
	}
	// specOrder is the order AllowedActions offers actions in.
	specOrder = map[Kind][]string{
		KindDispute: {"accept", "reject", "start", "session", "extend", "resolve", "fail", "visit", "urge",
			"apply_confirmation", "confirmation_result", "unperformed", "report_back", "transfer", "escalate", "refer_out",
			"referral_result", "close", "supervise", "feedback"},
		KindPetition: {"accept", "return", "reassign", "withdraw", "assign", "change_lead", "resolve", "apply_clear",
			"clear", "reject_clear", "extend", "reopen", "request_review", "answer_review", "supervise", "feedback"},
	}
	// specOffice lists the petition actions of the assigning office (交办单位); supervise is the leaders';
	// every other petition action is the handling unit's (承办单位).
	specOffice = []string{"reassign", "withdraw", "clear", "reject_clear", "extend", "reopen"}
	// specOnce: at most once per case; specAfter: only once the other has been taken.
	specOnce  = map[Kind][]string{KindDispute: {"apply_confirmation", "confirmation_result", "report_back"}, KindPetition: {"extend"}}
	specAfter = map[Kind]map[string]string{KindDispute: {"confirmation_result": "apply_confirmation"}}
	// specSetsDue: the actions that set the due date (their timeline entry carries it), given fullInput.
	specSetsDue = map[Kind][]string{KindDispute: {"accept", "extend"}, KindPetition: {"reassign", "reject_clear", "extend", "reopen"}}
	// specDatedByVisit: the actions dated by their follow-up visit when no `at` is given.
	specDatedByVisit = map[Kind][]string{KindDispute: {"visit", "close"}}
	// specBackToAccepted: moved to another committee under mediation, a dispute goes back to 已受理 (the
	// receiving committee names its mediators).
	specBackToAccepted = []string{"transfer", "escalate"}
	// guardRefused are the actions the fixture's situation refuses although status, side and the once-only
	// rule allow them (Transition.fits), and which AllowedActions therefore does not offer: a cleared
	// petition's 复查 request is still open, so another cannot be made; resolved and reviewing petitions have
	// no open request to answer.
	guardRefused = map[string]bool{
		"petition/cleared/request_review": true,
		"petition/resolved/answer_review": true, "petition/reviewing/answer_review": true,
	}
	kindStatuses = map[Kind][]Option{KindDispute: DisputeStatuses, KindPetition: PetitionStatuses}
)

func specRole(role Role, kind Kind, action string) bool {
	if action == "supervise" {
		return role == RoleLeader || role == RoleAdmin
	}
	switch role {
	case RoleAdmin:
		return true
	case RoleMediator:
		return kind == KindDispute
	case RolePetition:
		return kind == KindPetition
	}
	return false
}

// exhaustiveUser is one user of the exhaustive test; office marks the assigning office of the fixture's
// petitions, unit the township they were assigned to.
type exhaustiveUser struct {
	u            *User
	office, unit bool
}

// TestLifecycleExhaustive tries every action on every status of both kinds, for every role and both sides
// of a petition's assignment, with and without an open supervision. It checks Apply's answer (its exact
// reason), its effect on status, version, timeline and due date, that a refused action changes nothing and
// that an accepted one leaves copies taken before alone, and that AllowedActions lists exactly what Apply
// accepted, in order: offered ⇔ accepted, the guards' refusals included.
func TestLifecycleExhaustive(t *testing.T) {
	users := []exhaustiveUser{
		{u: &User{ID: "m", Name: "调解员", Role: RoleMediator, RegionCode: city}},
		{u: petitionA, unit: true},
		{u: petitionH, office: true},
		{u: &User{ID: "l", Name: "领导", Role: RoleLeader, RegionCode: city}},
		{u: &User{ID: "a", Name: "管理员", Role: RoleAdmin, RegionCode: city}},
	}
	tried, accepted, guarded := 0, 0, 0
	for _, kind := range []Kind{KindDispute, KindPetition} {
		actions := slices.Clone(specOrder[kind])
		for _, o := range Actions {
			if !slices.Contains(actions, o.Code) {
				actions = append(actions, o.Code)
			}
		}
		for _, st := range kindStatuses[kind] {
			status := Status(st.Code)
			used := fixtureUsed[kind][status]
			for _, supervised := range []bool{false, true} {
				for _, eu := range users {
					u := eu.u
					var offered []string
					for _, action := range actions {
						c := caseWith(kind, status, supervised)
						before := snapshot(t, c)
						shallow := *c
						name := fmt.Sprintf("%s/%s/supervised=%v/%s(%s)/%s", kind, status, supervised, u.Role, u.RegionCode, action)

						var want string // the refusal's reason; "" = accepted
						from, known := specFrom[kind][action]
						office := kind == KindPetition && slices.Contains(specOffice, action)
						unitSide := kind == KindPetition && !office && action != "supervise"
						after := specAfter[kind][action]
						guard := guardRefused[fmt.Sprintf("%s/%s/%s", kind, status, action)]
						switch {
						case u.Role == RoleMediator && kind == KindPetition:
							want = "case_not_found"
						case !known:
							want = "validation_failed"
						case !specRole(u.Role, kind, action):
							want = "forbidden"
						case office && eu.unit:
							want = "not_assigning_office"
						case unitSide && eu.office:
							want = "not_handling_unit"
						case !slices.Contains(from, status),
							after != "" && !slices.Contains(used, after),
							slices.Contains(specOnce[kind], action) && slices.Contains(used, action),
							action == "supervise" && supervised,
							action == "feedback" && !supervised,
							guard:
							want = "invalid_transition"
						}

						err := Apply(c, act(action, 3), u, testRegions, testNow)
						tried++
						if want != "" {
							var de *Error
							if !errors.As(err, &de) || de.Reason != want {
								t.Errorf("%s: want %s, got %v", name, want, err)
								continue
							}
							if want == "validation_failed" && (len(de.Fields) != 1 || de.Fields[0].Field != "action") {
								t.Errorf("%s: want the action named, got %+v", name, de.Fields)
							}
							if snapshot(t, c) != before {
								t.Errorf("%s: a refused action changed the case", name)
							}
							if want == "invalid_transition" && guard {
								guarded++ // refused by a guard, and so not offered either
							}
							continue
						}
						if err != nil {
							t.Errorf("%s: want success, got %v", name, err)
							continue
						}
						accepted++
						offered = append(offered, action)
						if snapshot(t, &shallow) != before {
							t.Errorf("%s: Apply changed a shallow copy taken before", name)
						}
						wantTo := status
						if to, ok := specTo[kind][action]; ok {
							wantTo = to
						}
						if kind == KindDispute && status == StatusMediating && slices.Contains(specBackToAccepted, action) {
							wantTo = StatusAccepted
						}
						n := len(shallow.Timeline)
						if c.Status != wantTo || c.Version != 4 || !c.UpdatedAt.Equal(testNow) || len(c.Timeline) != n+1 {
							t.Errorf("%s: status %s version %d updated %v timeline %d", name, c.Status, c.Version, c.UpdatedAt, len(c.Timeline))
							continue
						}
						if !slices.Equal(c.Timeline[:n], shallow.Timeline) {
							t.Errorf("%s: the earlier timeline changed", name)
						}
						wantAt := testNow
						if slices.Contains(specDatedByVisit[kind], action) {
							wantAt = fullInput(3).FollowUp.At
						}
						e := c.Timeline[n]
						if e.Action != action || e.From != status || e.To != wantTo || e.Actor != u.Actor() || !e.At.Equal(wantAt) || !e.RecordedAt.Equal(testNow) || e.Note == "" {
							t.Errorf("%s: timeline entry %+v", name, e)
						}
						if setsDue := slices.Contains(specSetsDue[kind], action); setsDue != (e.DueAt != nil) || setsDue && !e.DueAt.Equal(*c.DueAt) {
							t.Errorf("%s: entry dueAt %v, case dueAt %v", name, e.DueAt, c.DueAt)
						}
						if (c.ClosedAt != nil) == IsOpen(c.Status) {
							t.Errorf("%s: status %s with closedAt %v", name, c.Status, c.ClosedAt)
						}
					}
					got := AllowedActions(caseWith(kind, status, supervised).State(), u, testRegions, testNow)
					if got == nil {
						t.Errorf("AllowedActions returned nil")
					}
					if !slices.Equal(got, offered) && !(len(got) == 0 && len(offered) == 0) {
						t.Errorf("%s/%s/supervised=%v/%s(%s): AllowedActions = %v, want %v", kind, status, supervised, u.Role, u.RegionCode, got, offered)
					}
				}
			}
		}
	}
	if want := 2 * len(users) * len(Actions) * (len(DisputeStatuses) + len(PetitionStatuses)); tried != want {
		t.Errorf("tried %d combinations, want %d", tried, want)
	}
	// Each guard refusal is tried by the admin and the handling unit, with and without a supervision.
	if want := len(guardRefused) * 2 * 2; guarded != want {
		t.Errorf("%d guard refusals, want %d", guarded, want)
	}
	t.Logf("%d combinations, %d accepted", tried, accepted)
}

func caseWith(kind Kind, status Status, supervised bool) *Case {
	c := caseIn(kind, status)
	if supervised {
		addOpenSupervision(c)
	}
	return c
}

// The spec's statuses are the enumerations' statuses.
func TestSpecCoversTheStatuses(t *testing.T) {
	for kind, all := range map[Kind][]Status{KindDispute: allDispute, KindPetition: allPetition} {
		if len(all) != len(kindStatuses[kind]) {
			t.Errorf("%s: %d statuses, enumeration has %d", kind, len(all), len(kindStatuses[kind]))
		}
		for _, s := range all {
			if !IsValid(kindStatuses[kind], string(s)) {
				t.Errorf("%s: %s is not a status of the kind", kind, s)
			}
		}
		if len(specOrder[kind]) != len(specFrom[kind]) {
			t.Errorf("%s: specOrder and specFrom differ", kind)
		}
	}
}

func TestCanActMatchesSpec(t *testing.T) {
	for _, kind := range []Kind{KindDispute, KindPetition} {
		for _, r := range Roles {
			for _, a := range Actions {
				_, known := specFrom[kind][a.Code]
				want := known && specRole(Role(r.Code), kind, a.Code)
				if got := CanAct(Role(r.Code), kind, a.Code); got != want {
					t.Errorf("CanAct(%s, %s, %s) = %v, want %v", r.Code, kind, a.Code, got, want)
				}
			}
		}
	}
}

func mustApply(t *testing.T, c *Case, in ActionInput, by *User, now time.Time) {
	t.Helper()
	if err := Apply(c, in, by, testRegions, now); err != nil {
		t.Fatalf("%s: %v", in.Action, err)
	}
}

func TestVersionConflictLeavesCaseUnchanged(t *testing.T) {
	c := caseIn(KindDispute, StatusRegistered)
	before := snapshot(t, c)
	wantCode(t, Apply(c, act("accept", 2), mediatorA, testRegions, testNow), ErrVersionConflict)
	// A stale version answers version_conflict even when the action would also be refused by status.
	wantCode(t, Apply(c, act("close", 4), mediatorA, testRegions, testNow), ErrVersionConflict)
	if snapshot(t, c) != before {
		t.Error("a version conflict changed the case")
	}
}

// The side of a petition's assignment is checked with the role (c), before the version (d).
func TestPetitionSideComesBeforeVersion(t *testing.T) {
	c := caseIn(KindPetition, StatusReceived)
	wantCode(t, Apply(c, act("accept", 2), petitionH, testRegions, testNow), ErrNotHandlingUnit)
	c = caseIn(KindPetition, StatusReturned)
	wantCode(t, Apply(c, act("withdraw", 2), petitionA, testRegions, testNow), ErrNotAssigningOffice)
	wantCode(t, Apply(c, act("withdraw", 2), petitionH, testRegions, testNow), ErrVersionConflict)
}

// Who stands on which side of a petition's assignment: staff whose region holds the assigning office's
// region are the office (the city office too, above the county that assigned it); staff below it are the
// handling unit, wherever they sit inside the office's region; admins are both. A recorded history (a ledger)
// holds both sides' acts, entered by one office, so Replay checks the role only.
func TestPetitionSides(t *testing.T) {
	c := caseIn(KindPetition, StatusReviewing)
	for _, tc := range []struct {
		user   *User
		action string
		want   *Error // nil: accepted
	}{
		{petitionA, "clear", ErrNotAssigningOffice},
		{petitionA, "reject_clear", ErrNotAssigningOffice},
		{petitionH, "change_lead", ErrNotHandlingUnit},
		{petitionCity, "change_lead", ErrNotHandlingUnit},
		{petitionCity, "clear", nil},
		{petitionH, "clear", nil},
		{petitionA, "change_lead", nil},
		{adminC, "clear", nil},
		{adminC, "change_lead", nil},
	} {
		c := caseIn(KindPetition, StatusReviewing)
		err := Apply(c, act(tc.action, 3), tc.user, testRegions, testNow)
		if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
			t.Errorf("%s (%s) %s: got %v, want %v", tc.user.ID, tc.user.RegionCode, tc.action, err, tc.want)
		}
	}
	if got := AllowedActions(c.State(), petitionA, testRegions, testNow); !slices.Equal(got, []string{"change_lead", "request_review"}) {
		t.Errorf("handling unit offered %v", got)
	}
	if got := AllowedActions(c.State(), petitionH, testRegions, testNow); !slices.Equal(got, []string{"clear", "reject_clear"}) {
		t.Errorf("assigning office offered %v", got)
	}

	// A county office acting on a case the city assigned is on the handling side.
	byCity := caseIn(KindPetition, StatusReviewing)
	byCity.Petition.AssignerRegion = city
	wantCode(t, Apply(byCity, act("clear", 3), petitionH, testRegions, testNow), ErrNotAssigningOffice)
	if got := AllowedActions(byCity.State(), petitionH, testRegions, testNow); !slices.Equal(got, []string{"change_lead", "request_review"}) {
		t.Errorf("county staff on a city-assigned case offered %v", got)
	}

	// A ledger replays the clearance as the importing office recorded it, whoever that is.
	replayed := caseIn(KindPetition, StatusReviewing)
	if err := Replay(replayed, act("clear", 3), petitionA, testRegions, testNow.Add(-time.Minute), testNow); err != nil {
		t.Errorf("a replayed clearance is checked for the role only: %v", err)
	}
	wantCode(t, Replay(caseIn(KindPetition, StatusReviewing), act("clear", 3), leaderC, testRegions, testNow.Add(-time.Minute), testNow), ErrForbidden)
}

// A case stored before the assigning office was kept has none: no petition staff is its office, so only
// admins clear, extend or reopen it, while its township still works it.
func TestPetitionWithoutAssigningOffice(t *testing.T) {
	c := caseIn(KindPetition, StatusReviewing)
	c.Petition.AssignerRegion = ""
	for _, u := range []*User{petitionA, petitionH, petitionCity} {
		wantCode(t, Apply(c, act("clear", 3), u, testRegions, testNow), ErrNotAssigningOffice)
	}
	legacy := *c
	mustApply(t, &legacy, act("change_lead", 3), petitionH, testNow)
	mustApply(t, c, act("clear", 3), adminC, testNow)
}

func TestMediatorCannotSeeOtherTownship(t *testing.T) {
	c := caseIn(KindDispute, StatusRegistered) // in townA
	wantCode(t, Apply(c, act("accept", 3), mediatorB, testRegions, testNow), ErrCaseNotFound)
	wantCode(t, Apply(c, act("nonsense", 0), mediatorB, testRegions, testNow), ErrCaseNotFound)
	if got := AllowedActions(c.State(), mediatorB, testRegions, testNow); got == nil || len(got) != 0 {
		t.Errorf("AllowedActions for an outsider = %#v, want []", got)
	}
	other := &User{ID: "pet-y", Name: "汉阴信访", Role: RolePetition, RegionCode: "610921"}
	wantCode(t, Apply(caseIn(KindPetition, StatusReceived), act("accept", 3), other, testRegions, testNow), ErrCaseNotFound)
	wantCode(t, Apply(caseIn(KindPetition, StatusReceived), act("accept", 3), petitionB, testRegions, testNow), ErrCaseNotFound)
}

func TestMediatorCannotSeePetitions(t *testing.T) {
	c := caseIn(KindPetition, StatusReceived)
	wantCode(t, Apply(c, act("accept", 3), mediatorA, testRegions, testNow), ErrCaseNotFound)
}

func TestPetitionStaffReadDisputesButCannotWorkThem(t *testing.T) {
	c := caseIn(KindDispute, StatusRegistered)
	for _, u := range []*User{petitionH, petitionA} {
		wantCode(t, Apply(c, act("accept", 3), u, testRegions, testNow), ErrForbidden)
		if got := AllowedActions(c.State(), u, testRegions, testNow); len(got) != 0 {
			t.Errorf("petition staff offered %v on a dispute", got)
		}
	}
}

func TestLeaderOnlySupervises(t *testing.T) {
	c := caseIn(KindDispute, StatusMediating)
	if got := AllowedActions(c.State(), leaderC, testRegions, testNow); !slices.Equal(got, []string{"supervise"}) {
		t.Errorf("leader offered %v", got)
	}
	wantCode(t, Apply(c, act("resolve", 3), leaderC, testRegions, testNow), ErrForbidden)
	wantCode(t, Apply(c, act("supervise", 3), mediatorA, testRegions, testNow), ErrForbidden)
	p := caseIn(KindPetition, StatusReturned)
	if got := AllowedActions(p.State(), leaderC, testRegions, testNow); !slices.Equal(got, []string{"supervise"}) {
		t.Errorf("leader offered %v on a returned petition", got)
	}
	wantCode(t, Apply(p, act("withdraw", 3), leaderC, testRegions, testNow), ErrForbidden)
}

func TestActionAndVersionAreChecked(t *testing.T) {
	tests := []struct {
		kind    Kind
		action  string
		version int
		fields  []string
		message string
	}{
		{KindDispute, "", 3, []string{"action"}, "操作为必填字段"},
		{KindDispute, "frobnicate", 3, []string{"action"}, "未知操作：frobnicate"},
		{KindDispute, "assign", 3, []string{"action"}, "矛盾纠纷没有「落实包案」操作"},
		{KindDispute, "apply_clear", 3, []string{"action"}, "矛盾纠纷没有「申请销号」操作"},
		{KindPetition, "start", 3, []string{"action"}, "信访积案没有「开始调解」操作"},
		{KindPetition, "visit", 3, []string{"action"}, "信访积案没有「回访」操作"},
		{KindDispute, "register", 3, []string{"action"}, "矛盾纠纷没有「登记」操作"},
		{KindPetition, "register", 3, []string{"action"}, "信访积案没有「交办」操作"},
		{KindDispute, "accept", 0, []string{"version"}, ""},
		{KindDispute, "", 0, []string{"action", "version"}, ""},
	}
	for _, tt := range tests {
		c := caseIn(tt.kind, StatusRegistered)
		fields := fieldsOf(t, Apply(c, act(tt.action, tt.version), adminC, testRegions, testNow))
		for _, f := range tt.fields {
			if _, ok := fields[f]; !ok {
				t.Errorf("%s %q v%d: want %s named, got %v", tt.kind, tt.action, tt.version, f, fields)
			}
		}
		if tt.message != "" && fields[tt.fields[0]] != tt.message {
			t.Errorf("%s %q: message %q, want %q", tt.kind, tt.action, fields[tt.fields[0]], tt.message)
		}
	}
}

func TestRequiredFieldsPerAction(t *testing.T) {
	tests := []struct {
		kind   Kind
		status Status
		action string
		mutate func(*ActionInput)
		fields []string
		msg    string // message of the first field, when checked
	}{
		{KindDispute, StatusRegistered, "reject", func(in *ActionInput) { in.Reason = "  " }, []string{"reason"}, "原因为必填字段"},
		{KindDispute, StatusRegistered, "reject", func(in *ActionInput) { in.RejectGround = "dislike" }, []string{"rejectGround"}, ""},
		{KindDispute, StatusAccepted, "start", func(in *ActionInput) { in.Mediators = nil }, []string{"mediators"}, "调解员至少需要1项"},
		{KindDispute, StatusAccepted, "start", func(in *ActionInput) { in.Mediators = []string{"甲", strings.Repeat("名", 51)} }, []string{"mediators[1]"}, "调解员长度不能超过50个字符"},
		{KindDispute, StatusAccepted, "start", func(in *ActionInput) { in.Mediators = []string{" "} }, []string{"mediators[0]"}, "调解员为必填字段"},
		{KindDispute, StatusMediating, "session", func(in *ActionInput) { in.Session = nil }, []string{"session.at", "session.mode", "session.record"}, "调解时间为必填字段"},
		{KindDispute, StatusMediating, "session", func(in *ActionInput) { in.Session.Record = "" }, []string{"session.record"}, "调解笔录为必填字段"},
		{KindDispute, StatusMediating, "session", func(in *ActionInput) { in.Session.Mode = "letter" }, []string{"session.mode"}, ""},
		{KindDispute, StatusMediating, "session", func(in *ActionInput) { in.Session.At = testNow.Add(time.Hour) }, []string{"session.at"}, "调解时间不能晚于当前时间"},
		{KindDispute, StatusMediating, "session", func(in *ActionInput) { in.Session.Record = strings.Repeat("记", 5001) }, []string{"session.record"}, "调解笔录长度不能超过5000个字符"},
		{KindDispute, StatusMediating, "extend", func(in *ActionInput) { in.Days = 0 }, []string{"days"}, "延长天数为必填字段"},
		{KindDispute, StatusMediating, "extend", func(in *ActionInput) { in.Days = 31 }, []string{"days"}, "延长天数不能大于30"},
		{KindDispute, StatusMediating, "extend", func(in *ActionInput) { in.Days = -1 }, []string{"days"}, "延长天数不能小于1"},
		{KindDispute, StatusMediating, "extend", func(in *ActionInput) { in.Reason = "" }, []string{"reason"}, ""},
		{KindDispute, StatusMediating, "extend", func(in *ActionInput) { in.ConsentBy = []string{"张三", "王五"} }, []string{"consentBy[1]"}, "「王五」不是本案当事人"},
		{KindDispute, StatusMediating, "resolve", func(in *ActionInput) { in.Agreement.Terms = "" }, []string{"agreement.terms"}, "协议内容为必填字段"},
		{KindDispute, StatusMediating, "resolve", func(in *ActionInput) { in.Agreement = nil }, []string{"agreement.type", "agreement.terms"}, ""},
		{KindDispute, StatusMediating, "resolve", func(in *ActionInput) { in.Agreement.Type = "oral" }, []string{"agreement.type"}, ""},
		{KindDispute, StatusMediating, "resolve", func(in *ActionInput) {
			in.Prevented = []PreventionInput{{Type: "criminal", People: 1}, {Type: "criminal", People: 2}}
		}, []string{"prevented[1].type"}, "同一预防类型只能填写一次"},
		{KindDispute, StatusMediating, "resolve", func(in *ActionInput) { in.Prevented = []PreventionInput{{Type: "suicide"}} }, []string{"prevented[0].people"}, ""},
		{KindDispute, StatusMediating, "fail", func(in *ActionInput) { in.FailureReason = "" }, []string{"failureReason"}, "终止原因为必填字段"},
		{KindDispute, StatusMediating, "fail", func(in *ActionInput) { in.Redirect = "court" }, []string{"redirect"}, ""},
		{KindDispute, StatusMediating, "fail", func(in *ActionInput) { in.Redirect = "none" }, []string{"redirect"}, ""},
		{KindDispute, StatusResolved, "visit", func(in *ActionInput) { in.FollowUp = nil }, []string{"followUp.at", "followUp.satisfaction"}, "回访时间为必填字段"},
		{KindDispute, StatusResolved, "visit", func(in *ActionInput) { in.FollowUp.Performance = "mostly" }, []string{"followUp.performance"}, ""},
		{KindDispute, StatusResolved, "urge", func(in *ActionInput) { in.Note = "" }, []string{"note"}, "备注为必填字段"},
		{KindDispute, StatusResolved, "apply_confirmation", func(in *ActionInput) { in.Court = "" }, []string{"court"}, "受理法院为必填字段"},
		{KindDispute, StatusClosed, "confirmation_result", func(in *ActionInput) { in.Confirmation = "" }, []string{"confirmation"}, "司法确认结果为必填字段"},
		{KindDispute, StatusClosed, "confirmation_result", func(in *ActionInput) { in.Confirmation = "pending" }, []string{"confirmation"}, ""},
		{KindDispute, StatusResolved, "unperformed", func(in *ActionInput) { in.Route = "" }, []string{"route"}, "未履行处置为必填字段"},
		{KindDispute, StatusFailed, "report_back", func(in *ActionInput) { in.Note = "" }, []string{"note"}, "备注为必填字段"},
		{KindDispute, StatusResolved, "close", func(in *ActionInput) { in.FollowUp.Satisfaction = "" }, []string{"followUp.satisfaction"}, "满意度为必填字段"},
		// A visit's date stands for the action's date: one in the future is refused as `at`.
		{KindDispute, StatusResolved, "close", func(in *ActionInput) { in.FollowUp.At = testNow.AddDate(0, 0, 1) }, []string{"followUp.at"}, "回访时间不能晚于当前时间"},
		{KindDispute, StatusResolved, "visit", func(in *ActionInput) { in.FollowUp.At = fixtureConcluded.Add(-time.Hour) }, []string{"followUp.at"}, ""},
		{KindDispute, StatusResolved, "close", func(in *ActionInput) { in.FollowUp = nil }, []string{"followUp"}, "调解成功的纠纷须回访后才能结案，请填写回访情况"},
		{KindDispute, StatusMediating, "supervise", func(in *ActionInput) { in.Note = "" }, []string{"note"}, "备注为必填字段"},
		{KindPetition, StatusReceived, "return", func(in *ActionInput) { in.Reason = "" }, []string{"reason"}, ""},
		{KindPetition, StatusReturned, "reassign", func(in *ActionInput) { in.TownshipCode = "" }, []string{"townshipCode"}, "改交乡镇（街道）为必填字段"},
		{KindPetition, StatusReturned, "reassign", func(in *ActionInput) { in.DueAt = nil }, []string{"dueAt"}, "不保留原办结期限时，须重新确定办结期限"},
		{KindPetition, StatusReturned, "reassign", func(in *ActionInput) { in.TownshipCode = townC }, []string{"townshipCode"}, "只能改交到交办单位辖区内的乡镇（街道）"},
		{KindPetition, StatusReturned, "reassign", func(in *ActionInput) { in.TownshipCode = townA }, []string{"townshipCode"}, "改交须交给另一个乡镇（街道）"},
		{KindPetition, StatusReturned, "reassign", func(in *ActionInput) { in.TownshipCode = countyH }, []string{"townshipCode"}, "改交的乡镇（街道）不存在或不是乡镇（街道）级区划"},
		{KindPetition, StatusAccepted, "assign", func(in *ActionInput) { in.LeadLeader.Name = "" }, []string{"leadLeader.name"}, "包案领导姓名为必填字段"},
		{KindPetition, StatusAccepted, "assign", func(in *ActionInput) { in.LeadLeader = nil }, []string{"leadLeader.name", "leadLeader.post"}, ""},
		{KindPetition, StatusResolving, "change_lead", func(in *ActionInput) { in.LeadLeader, in.ResponsibleUnit, in.ResponsiblePerson = nil, "", "" },
			[]string{"leadLeader"}, "请填写要调整的包案领导、责任单位或责任人"},
		{KindPetition, StatusAccepted, "extend", func(in *ActionInput) { in.Reason = "" }, []string{"reason"}, "原因为必填字段"},
		{KindPetition, StatusAccepted, "extend", func(in *ActionInput) { in.Days = 31 }, []string{"days"}, "延长天数不能大于30"},
		{KindPetition, StatusResolving, "resolve", func(in *ActionInput) { in.ResolutionType = "" }, []string{"resolutionType"}, "化解方式为必填字段"},
		{KindPetition, StatusResolving, "resolve", func(in *ActionInput) { in.ResolutionType = "forgotten" }, []string{"resolutionType"}, ""},
		{KindPetition, StatusResolving, "resolve", func(in *ActionInput) { in.Materials = []MaterialInput{{Type: "photo"}} }, []string{"materials[0].type"}, ""},
		{KindPetition, StatusResolving, "resolve", func(in *ActionInput) { in.ResolutionType = "concluded" }, []string{"materials"},
			"依法终结须处理、复查、复核三级程序均已终结，缺少：复查意见书、复核意见书"},
		{KindPetition, StatusReviewing, "reject_clear", func(in *ActionInput) { in.Reason = "" }, []string{"reason"}, "原因为必填字段"},
		{KindPetition, StatusCleared, "reopen", func(in *ActionInput) { in.Reason = "" }, []string{"reason"}, ""},
		{KindPetition, StatusCleared, "reopen", func(in *ActionInput) { in.DueAt = nil }, []string{"dueAt"}, "办结期限为必填字段"},
		{KindPetition, StatusCleared, "reopen", func(in *ActionInput) { in.DueAt = ptr(testNow.Add(-time.Hour)) }, []string{"dueAt"}, "办结期限必须晚于发生时间"},
		{KindPetition, StatusResolved, "request_review", func(in *ActionInput) { in.ReviewLevel = "" }, []string{"reviewLevel"}, "复查复核为必填字段"},
		{KindPetition, StatusCleared, "answer_review", func(in *ActionInput) { in.Note = "" }, []string{"note"}, "备注为必填字段"},
	}
	for _, tt := range tests {
		name := fmt.Sprintf("%s/%s/%s/%v", tt.kind, tt.status, tt.action, tt.fields)
		c := caseIn(tt.kind, tt.status)
		before := snapshot(t, c)
		in := cloneInput(act(tt.action, 3))
		tt.mutate(&in)
		fields := fieldsOf(t, Apply(c, in, adminC, testRegions, testNow))
		for _, f := range tt.fields {
			if _, ok := fields[f]; !ok {
				t.Errorf("%s: want %s named, got %v", name, f, fields)
			}
		}
		if len(fields) != len(tt.fields) {
			t.Errorf("%s: got extra fields %v", name, fields)
		}
		if tt.msg != "" && fields[tt.fields[0]] != tt.msg {
			t.Errorf("%s: message %q, want %q", name, fields[tt.fields[0]], tt.msg)
		}
		if snapshot(t, c) != before {
			t.Errorf("%s: a 422 changed the case", name)
		}
	}
}

func TestFeedbackNeedsNote(t *testing.T) {
	c := caseIn(KindPetition, StatusResolving)
	addOpenSupervision(c)
	in := act("feedback", 3)
	in.Note = ""
	fields := fieldsOf(t, Apply(c, in, petitionA, testRegions, testNow))
	if fields["note"] != "备注为必填字段" {
		t.Errorf("got %v", fields)
	}
}

func TestFieldsAnActionDoesNotReadAreIgnored(t *testing.T) {
	c := caseIn(KindDispute, StatusRegistered)
	in := ActionInput{Action: "accept", Version: 3,
		Session: &SessionInput{Mode: "bogus"}, Days: 99, Redirect: "moon", Approver: strings.Repeat("x", 99),
		ConsentBy: []string{"路人"}, TownshipCode: "nowhere", ReviewLevel: "final"}
	mustApply(t, c, in, mediatorA, testNow)
	if c.Dispute.Sessions != nil || c.Dispute.Extension != nil || c.Dispute.Redirect != "" || c.TownshipCode != townA {
		t.Errorf("accept used fields it should ignore: %+v", c.Dispute)
	}
}

func TestStatusErrorsComeBeforeFieldErrors(t *testing.T) {
	c := caseIn(KindDispute, StatusRegistered)
	err := Apply(c, ActionInput{Action: "resolve", Version: 3}, mediatorA, testRegions, testNow)
	wantCode(t, err, ErrInvalidTransition)
	if msg := err.(*Error).Message; msg != "案件当前状态为「待受理」，不能调解成功" {
		t.Errorf("message %q", msg)
	}
	err = Apply(caseIn(KindPetition, StatusReceived), ActionInput{Action: "apply_clear", Version: 3}, petitionA, testRegions, testNow)
	wantCode(t, err, ErrInvalidTransition)
	if msg := err.(*Error).Message; msg != "案件当前状态为「待签收」，不能申请销号" {
		t.Errorf("message %q", msg)
	}
}

func TestApplyLeavesInputAndEarlierCopiesAlone(t *testing.T) {
	c := caseIn(KindDispute, StatusAccepted)
	shallow := *c
	in := act("start", 3)
	in.Mediators = []string{" 甲 "}
	mustApply(t, c, in, mediatorA, testNow)
	if in.Mediators[0] != " 甲 " {
		t.Error("Apply trimmed the caller's input")
	}
	if shallow.Dispute.Mediators != nil || shallow.Status != StatusAccepted || len(shallow.Timeline) != 2 {
		t.Errorf("Apply changed a shallow copy taken before: %+v", shallow.Dispute)
	}
	if c.Dispute.Mediators[0] != "甲" {
		t.Errorf("mediators %q", c.Dispute.Mediators)
	}

	c = caseIn(KindDispute, StatusMediating)
	addOpenSupervision(c)
	shallow = *c
	mustApply(t, c, act("feedback", 3), mediatorA, testNow)
	if shallow.Supervisions[0].AnsweredAt != nil {
		t.Error("feedback changed the supervision of a copy taken before")
	}

	c = caseIn(KindPetition, StatusCleared)
	shallow = *c
	mustApply(t, c, act("answer_review", 3), petitionA, testNow)
	if shallow.Petition.Reviews[0].AnsweredAt != nil || c.Petition.Reviews[0].AnsweredAt == nil {
		t.Error("answering a review changed the review of a copy taken before")
	}
}

func TestActionInputJSON(t *testing.T) {
	var in ActionInput
	body := `{"action":"supervise","version":2,"note":"请于月底前反馈","feedbackBy":"2026-03-31",
		"agreement":{"type":"oral","terms":"t","performBy":"2026-04-01","createsObligations":false,"amount":1234.5},
		"followUp":{"at":"2026-03-02","satisfaction":"basic","performance":"partial"},
		"session":{"at":"2026-03-01T10:00:00+08:00","mode":"phone","record":"r"},
		"materials":[{"type":"opinion","date":"2026-02-01"}],"consentBy":["张三"],"keepClock":true,
		"leadLeader":{"name":"张三","post":"副县长"},"dueAt":null}`
	if err := json.Unmarshal([]byte(body), &in); err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 3, 31, 23, 59, 59, 0, Shanghai); in.FeedbackBy == nil || !in.FeedbackBy.Equal(want) {
		t.Errorf("feedbackBy %v, want %v", in.FeedbackBy, want)
	}
	if want := time.Date(2026, 4, 1, 23, 59, 59, 0, Shanghai); !in.Agreement.PerformBy.Equal(want) {
		t.Errorf("performBy %v", in.Agreement.PerformBy)
	}
	if a := in.Agreement; a.Amount != 123450 || a.CreatesObligations == nil || *a.CreatesObligations {
		t.Errorf("agreement %+v", a)
	}
	if want := time.Date(2026, 2, 1, 0, 0, 0, 0, Shanghai); len(in.Materials) != 1 || !in.Materials[0].Date.Equal(want) {
		t.Errorf("materials %+v", in.Materials)
	}
	var day ActionInput
	if err := json.Unmarshal([]byte(`{"session":{"at":"2026-03-01","mode":"phone","record":"r"}}`), &day); err != nil ||
		!day.Session.At.Equal(time.Date(2026, 3, 1, 0, 0, 0, 0, Shanghai)) {
		t.Errorf("a bare session date is that day's start: %v %v", err, day.Session)
	}
	// a bare visit date is that day as late as the clock allows (the visit's date is the action's date)
	if want := time.Date(2026, 3, 2, 23, 59, 59, 0, Shanghai); !in.FollowUp.At.Equal(want) || in.FollowUp.Performance != "partial" {
		t.Errorf("followUp %+v", in.FollowUp)
	}
	if in.Action != "supervise" || in.Version != 2 || in.Session.Mode != "phone" || in.LeadLeader.Post != "副县长" || in.DueAt != nil ||
		!in.KeepClock || !slices.Equal(in.ConsentBy, []string{"张三"}) {
		t.Errorf("decoded %+v", in)
	}
	for _, bad := range []string{
		`{"action":"accept","version":1,"force":true}`,
		`{"action":"accept","version":1,"history":true}`,
		`{"session":{"at":"2026-03-01T10:00:00+08:00","extra":1}}`,
		`{"leadLeader":{"name":"a","post":"b","phone":"c"}}`,
		`{"agreement":{"type":"oral","x":1}}`,
		`{"agreement":{"type":"oral","amount":-1}}`,
		`{"agreement":{"type":"oral","amount":1.234}}`,
		`{"followUp":{"satisfaction":"basic","y":2}}`,
		`{"materials":[{"type":"opinion","pages":3}]}`,
		`{"prevented":[{"type":"criminal","people":1,"z":0}]}`,
		`{"feedbackBy":"31/03/2026"}`,
		`{"session":{"at":"01/03/2026"}}`,
	} {
		var in ActionInput
		if err := json.Unmarshal([]byte(bad), &in); err == nil {
			t.Errorf("%s: want a decode error", bad)
		}
	}
}

func TestTransitionTableIsConsistent(t *testing.T) {
	fields := map[string]bool{}
	rt := reflectFields(ActionInput{})
	for _, f := range rt {
		fields[f] = true
	}
	seen := map[string]bool{}
	for _, tr := range Transitions {
		key := string(tr.Kind) + "/" + tr.Action
		if seen[key] {
			t.Errorf("%s listed twice", key)
		}
		seen[key] = true
		if !IsValid(Actions, tr.Action) {
			t.Errorf("%s: action has no label", key)
		}
		if tr.effect == nil {
			t.Errorf("%s: no effect", key)
		}
		for _, s := range append(slices.Clone(tr.From), tr.To) {
			if s != "" && !IsValid(kindStatuses[tr.Kind], string(s)) {
				t.Errorf("%s: status %s is not a %s status", key, s, tr.Kind)
			}
		}
		for _, f := range append(slices.Clone(tr.Required), tr.Optional...) {
			if !fields[f] || f == "action" || f == "version" || f == "at" {
				t.Errorf("%s: reads %q, which is not an input field of its own", key, f)
			}
		}
		if tr.Kind == KindDispute && tr.By == Assigner {
			t.Errorf("%s: disputes have no assigning office", key)
		}
	}
}

func reflectFields(v any) []string {
	b, _ := json.Marshal(v)
	var m map[string]json.RawMessage
	_ = json.Unmarshal(b, &m)
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestDescribeTransitions(t *testing.T) {
	md := DescribeTransitions()
	if got := strings.Count(md, "\n"); got != len(Transitions)+2 {
		t.Errorf("%d lines, want %d", got, len(Transitions)+2)
	}
	for _, want := range []string{
		"| 矛盾纠纷 | `accept` | 受理 | registered 待受理 | accepted 已受理 | — | `note` | mediator, admin |",
		"| 矛盾纠纷 | `feedback` | 督办反馈 | 有待反馈的督办 | 不变 | `note` | — | mediator, admin |",
		"| 矛盾纠纷 | `apply_confirmation` | 申请司法确认 | resolved 调解成功、closed 已结案（仅一次） | 不变 | `court` | `note` | mediator, admin |",
		"| 信访积案 | `accept` | 签收 | received 待签收 | accepted 已签收 | — | `note` | petition, admin, （承办单位） |",
		"| 信访积案 | `extend` | 延期 | received 待签收、accepted 已签收、returned 退回待定、resolving 化解中、resolved 已化解（仅一次） | 不变 | `days`, `reason` | `approver` | petition, admin, （交办单位） |",
		"| 信访积案 | `clear` | 审核通过（销号） | reviewing 待审核 | cleared 已销号 | — | `note` | petition, admin, （交办单位） |",
		"| 信访积案 | `supervise` |",
		"| leader, admin |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("missing %q in\n%s", want, md)
		}
	}
}

func TestDatesOutsideTheCenturyAreRefused(t *testing.T) {
	tree, _ := NewRegionTree(AnkangRegions())
	now := time.Date(2026, 5, 1, 10, 0, 0, 0, Shanghai)
	admin := &User{ID: "admin", Name: "管理员", Role: RoleAdmin, RegionCode: "6109"}
	year1 := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	year9999 := time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
	mediating := func() *Case {
		c := &Case{ID: "c", Kind: KindDispute, Status: StatusMediating, Version: 3, TownshipCode: "610921102",
			Dispute: &DisputeInfo{Source: "application"}}
		return c
	}
	cases := []struct {
		name  string
		in    ActionInput
		field string
	}{
		{"session in year 1", ActionInput{Action: "session", Session: &SessionInput{At: year1, Mode: "onsite", Record: "r"}}, "session.at"},
		{"performBy in 9999", ActionInput{Action: "resolve", Agreement: &AgreementInput{Type: "oral", Terms: "t", PerformBy: &year9999}}, "agreement.performBy"},
		{"feedbackBy in 9999", ActionInput{Action: "supervise", Note: "n", FeedbackBy: &year9999}, "feedbackBy"},
	}
	for _, tc := range cases {
		c := mediating()
		tc.in.Version = 3
		err := Apply(c, tc.in, admin, tree, now)
		var e *Error
		if !errors.As(err, &e) || e.Status != 422 || len(e.Fields) == 0 || e.Fields[0].Field != tc.field {
			t.Errorf("%s: got %v", tc.name, err)
		}
		if c.Version != 3 {
			t.Errorf("%s: the case changed", tc.name)
		}
	}
}

func TestTimelineNotesJoinWithoutDoubledPunctuation(t *testing.T) {
	if got := joinNote("请加快调解进度，按期化解。", "", "反馈期限：2026-12-21"); got != "请加快调解进度，按期化解；反馈期限：2026-12-21" {
		t.Fatalf("note %q", got)
	}
}

func TestSuperviseAndFeedback(t *testing.T) {
	c := caseIn(KindDispute, StatusMediating)
	in := act("supervise", 3)
	in.FeedbackBy = nil
	mustApply(t, c, in, leaderC, testNow)
	s := c.OpenSupervision()
	if s == nil || s.By != leaderC.Actor() || s.Note != "备注" || !s.FeedbackBy.Equal(testNow.AddDate(0, 0, 30)) || !s.At.Equal(testNow) {
		t.Fatalf("supervision %+v", s)
	}
	if c.Status != StatusMediating || c.Timeline[len(c.Timeline)-1].Note != "备注；反馈期限：2026-04-09" {
		t.Errorf("supervise: status %s note %q", c.Status, c.Timeline[len(c.Timeline)-1].Note)
	}

	err := Apply(c, act("supervise", 4), adminC, testRegions, testNow)
	wantCode(t, err, ErrInvalidTransition)
	if msg := err.(*Error).Message; msg != "该案件已有督办尚未反馈，不能重复督办" {
		t.Errorf("message %q", msg)
	}
	wantCode(t, Apply(c, act("feedback", 4), leaderC, testRegions, testNow), ErrForbidden)
	wantCode(t, Apply(c, act("feedback", 4), petitionH, testRegions, testNow), ErrForbidden)

	// The case may close while the supervision waits; the answer is still due.
	mustApply(t, c, act("fail", 4), mediatorA, testNow)
	closeIn := act("close", 5)
	closeIn.FollowUp = nil
	mustApply(t, c, closeIn, mediatorA, testNow)
	// A closed failed dispute is not offered judicial confirmation, which Apply refuses too (there is no
	// written agreement).
	if got := AllowedActions(c.State(), mediatorA, testRegions, testNow); !slices.Equal(got, []string{"report_back", "feedback"}) {
		t.Errorf("closed supervised case offers %v", got)
	}
	err = Apply(c, act("apply_confirmation", 6), mediatorA, testRegions, testNow)
	wantCode(t, err, ErrInvalidTransition)
	if msg := err.(*Error).Message; msg != "只有书面调解协议才能申请司法确认" {
		t.Errorf("message %q", msg)
	}
	later := testNow.Add(time.Hour)
	mustApply(t, c, act("feedback", 6), mediatorA, later)
	a := c.Supervisions[0]
	if a.AnsweredAt == nil || !a.AnsweredAt.Equal(later) || *a.AnsweredBy != mediatorA.Actor() || a.Feedback != "备注" || c.OpenSupervision() != nil {
		t.Errorf("answered supervision %+v", a)
	}
	err = Apply(c, act("feedback", 7), mediatorA, testRegions, later)
	wantCode(t, err, ErrInvalidTransition)
	if msg := err.(*Error).Message; msg != "该案件没有待反馈的督办" {
		t.Errorf("message %q", msg)
	}

	err = Apply(c, act("supervise", 7), leaderC, testRegions, later)
	wantCode(t, err, ErrInvalidTransition)
	if msg := err.(*Error).Message; msg != "案件已办结（已结案），不能督办" {
		t.Errorf("message %q", msg)
	}
}

// A petition's 督办 is answered by the unit that works it, not by the office that assigned it.
func TestSuperviseFeedbackBy(t *testing.T) {
	c := caseIn(KindPetition, StatusResolving)
	in := act("supervise", 3)
	past := testNow.Add(-time.Minute)
	in.FeedbackBy = &past
	fields := fieldsOf(t, Apply(c, in, leaderC, testRegions, testNow))
	if fields["feedbackBy"] != "反馈期限必须晚于督办时间" {
		t.Errorf("want feedbackBy named, got %v", fields)
	}
	in = act("supervise", 3)
	mustApply(t, c, in, leaderC, testNow)
	if !c.Supervisions[0].FeedbackBy.Equal(*in.FeedbackBy) {
		t.Errorf("feedbackBy %v", c.Supervisions[0].FeedbackBy)
	}
	wantCode(t, Apply(c, act("feedback", 4), petitionH, testRegions, testNow), ErrNotHandlingUnit)
	mustApply(t, c, act("feedback", 4), petitionA, testNow)
	if c.Supervisions[0].Feedback != "备注" || *c.Supervisions[0].AnsweredBy != petitionA.Actor() {
		t.Errorf("feedback %+v", c.Supervisions[0])
	}
}
