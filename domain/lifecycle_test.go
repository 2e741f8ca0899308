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

// caseIn builds a case of townA in the given status, as the lifecycle would have left it (version 3).
func caseIn(kind Kind, status Status) *Case {
	reg := testNow.AddDate(0, 0, -20)
	c := &Case{
		ID: "610902001-2026-000007", CaseNo: "610902001-2026-000007",
		Kind: kind, Status: status, Version: 3,
		Title: "测试案件", Summary: "摘要", Category: "neighbor",
		TownshipCode: townA, CountyCode: countyH, Village: "东关村", RiskLevel: "blue",
		Parties:      []Party{{Name: "张三", Role: "applicant", IDNumber: "610902199001011234", Phone: "13812345678"}, {Name: "李四", Role: "respondent"}},
		RegisteredAt: reg,
		Timeline:     []TimelineEntry{{At: reg, Actor: adminC.Actor(), Action: "register", To: status}},
		CreatedBy:    adminC.Actor(), CreatedAt: reg, UpdatedAt: reg,
	}
	accepted := reg.AddDate(0, 0, 1)
	switch kind {
	case KindDispute:
		c.Dispute = &DisputeInfo{Source: "application"}
		if status != StatusRegistered && status != StatusRejected {
			due := accepted.AddDate(0, 0, DisputeTermDays)
			c.AcceptedAt, c.DueAt = &accepted, &due
		}
	case KindPetition:
		c.Petition = &PetitionInfo{AssignedBy: "municipal"}
		if status != StatusReceived && status != StatusReturned {
			due := accepted.AddDate(0, 0, PetitionTermDays)
			c.AcceptedAt, c.DueAt = &accepted, &due
		}
	}
	return c
}

// fullInput fills every field validly: each action reads what it needs and ignores the rest.
func fullInput(version int) ActionInput {
	due := testNow.AddDate(0, 0, 40)
	feedbackBy := testNow.AddDate(0, 0, 10)
	performBy := testNow.AddDate(0, 1, 0)
	return ActionInput{
		Version:        version,
		Note:           "备注",
		Reason:         "原因",
		Mediators:      []string{"调解员甲", "调解员乙"},
		Session:        &SessionInput{At: testNow.Add(-time.Hour), Mode: "onsite", Record: "双方到场，陈述意见。"},
		Days:           15,
		Agreement:      &AgreementInput{Type: "written", Terms: "甲方拆除院墙，乙方补偿500元。", PerformBy: &performBy},
		FailureReason:  "gap_too_large",
		Redirect:       "litigation",
		FollowUp:       &FollowUpInput{At: testNow.Add(-time.Hour), Satisfaction: "satisfied", Note: "已履行"},
		LeadLeader:     &LeadLeaderInput{Name: "张三", Post: "副县长"},
		Plan:           "一案一策",
		Approver:       "王五",
		ResolutionType: "resolved",
		DueAt:          &due,
		FeedbackBy:     &feedbackBy,
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
	c.Supervisions = append(c.Supervisions, Supervision{At: testNow.AddDate(0, 0, -3), By: leaderC.Actor(), Note: "请尽快办理", FeedbackBy: testNow.AddDate(0, 0, 27)})
}

// The expected lifecycles, written out independently of Transitions from API.md's action table.
var (
	specFrom = map[Kind]map[string][]Status{
		KindDispute: {
			"accept":    {StatusRegistered},
			"reject":    {StatusRegistered},
			"start":     {StatusAccepted},
			"session":   {StatusMediating},
			"extend":    {StatusMediating},
			"resolve":   {StatusMediating},
			"fail":      {StatusMediating},
			"close":     {StatusResolved, StatusFailed},
			"supervise": {StatusRegistered, StatusAccepted, StatusMediating, StatusResolved, StatusFailed},
		},
		KindPetition: {
			"accept":    {StatusReceived},
			"return":    {StatusReceived},
			"assign":    {StatusAccepted},
			"extend":    {StatusAccepted, StatusResolving},
			"resolve":   {StatusResolving},
			"clear":     {StatusResolved},
			"reopen":    {StatusCleared},
			"supervise": {StatusReceived, StatusAccepted, StatusResolving, StatusResolved},
		},
	}
	specTo = map[Kind]map[string]Status{
		KindDispute: {"accept": StatusAccepted, "reject": StatusRejected, "start": StatusMediating,
			"resolve": StatusResolved, "fail": StatusFailed, "close": StatusClosed},
		KindPetition: {"accept": StatusAccepted, "return": StatusReturned, "assign": StatusResolving,
			"resolve": StatusResolved, "clear": StatusCleared, "reopen": StatusResolving},
	}
	// specOrder is the order AllowedActions offers actions in.
	specOrder = map[Kind][]string{
		KindDispute:  {"accept", "reject", "start", "session", "extend", "resolve", "fail", "close", "supervise", "feedback"},
		KindPetition: {"accept", "return", "assign", "extend", "resolve", "clear", "reopen", "supervise", "feedback"},
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

// TestLifecycleExhaustive tries every action on every status of both kinds, for every role, with and
// without an open supervision, and checks Apply's answer, its effect on status, version and timeline,
// that a refused action changes nothing, and that AllowedActions lists exactly what Apply accepted.
func TestLifecycleExhaustive(t *testing.T) {
	users := []*User{
		{ID: "m", Name: "调解员", Role: RoleMediator, RegionCode: city},
		{ID: "p", Name: "信访干部", Role: RolePetition, RegionCode: city},
		{ID: "l", Name: "领导", Role: RoleLeader, RegionCode: city},
		{ID: "a", Name: "管理员", Role: RoleAdmin, RegionCode: city},
	}
	tried := 0
	for _, kind := range []Kind{KindDispute, KindPetition} {
		actions := slices.Clone(specOrder[kind])
		for _, o := range Actions {
			if !slices.Contains(actions, o.Code) {
				actions = append(actions, o.Code)
			}
		}
		for _, st := range kindStatuses[kind] {
			status := Status(st.Code)
			for _, supervised := range []bool{false, true} {
				for _, u := range users {
					var accepted []string
					for _, action := range actions {
						c := caseIn(kind, status)
						if supervised {
							addOpenSupervision(c)
						}
						before := snapshot(t, c)
						name := fmt.Sprintf("%s/%s/supervised=%v/%s/%s", kind, status, supervised, u.Role, action)

						var want string // "", "not_found", "validation_failed", "forbidden", "invalid_transition"
						_, known := specFrom[kind][action]
						known = known || action == "feedback"
						switch {
						case u.Role == RoleMediator && kind == KindPetition:
							want = "not_found"
						case !known:
							want = "validation_failed"
						case !specRole(u.Role, kind, action):
							want = "forbidden"
						case action == "feedback":
							if !supervised {
								want = "invalid_transition"
							}
						case action == "supervise" && supervised:
							want = "invalid_transition"
						case !slices.Contains(specFrom[kind][action], status):
							want = "invalid_transition"
						}

						err := Apply(c, act(action, 3), u, testRegions, testNow)
						tried++
						if want != "" {
							var de *Error
							if !errors.As(err, &de) || de.Code != want {
								t.Errorf("%s: want %s, got %v", name, want, err)
								continue
							}
							if want == "validation_failed" && (len(de.Fields) != 1 || de.Fields[0].Field != "action") {
								t.Errorf("%s: want the action named, got %+v", name, de.Fields)
							}
							if snapshot(t, c) != before {
								t.Errorf("%s: a refused action changed the case", name)
							}
							continue
						}
						if err != nil {
							t.Errorf("%s: want success, got %v", name, err)
							continue
						}
						accepted = append(accepted, action)
						wantTo := status
						if to, ok := specTo[kind][action]; ok {
							wantTo = to
						}
						if c.Status != wantTo || c.Version != 4 || !c.UpdatedAt.Equal(testNow) || len(c.Timeline) != 2 {
							t.Errorf("%s: status %s version %d updated %v timeline %d", name, c.Status, c.Version, c.UpdatedAt, len(c.Timeline))
							continue
						}
						e := c.Timeline[1]
						if e.Action != action || e.From != status || e.To != wantTo || e.Actor != u.Actor() || !e.At.Equal(testNow) || e.Note == "" {
							t.Errorf("%s: timeline entry %+v", name, e)
						}
					}
					got := AllowedActions(caseWith(kind, status, supervised).State(), u, testRegions)
					if !slices.Equal(got, accepted) && !(len(got) == 0 && len(accepted) == 0) {
						t.Errorf("%s/%s/supervised=%v/%s: AllowedActions = %v, Apply accepted %v", kind, status, supervised, u.Role, got, accepted)
					}
					if got == nil {
						t.Errorf("AllowedActions returned nil")
					}
				}
			}
		}
	}
	if want := 2 * 4 * len(Actions) * (len(DisputeStatuses) + len(PetitionStatuses)); tried != want {
		t.Errorf("tried %d combinations, want %d", tried, want)
	}
}

func caseWith(kind Kind, status Status, supervised bool) *Case {
	c := caseIn(kind, status)
	if supervised {
		addOpenSupervision(c)
	}
	return c
}

func TestCanActMatchesSpec(t *testing.T) {
	for _, kind := range []Kind{KindDispute, KindPetition} {
		for _, r := range Roles {
			for _, a := range Actions {
				_, known := specFrom[kind][a.Code]
				known = known || a.Code == "feedback"
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

func TestDisputeResolvedPath(t *testing.T) {
	c := caseIn(KindDispute, StatusRegistered)
	now := testNow

	mustApply(t, c, act("accept", 3), mediatorA, now)
	if !c.AcceptedAt.Equal(now) || !c.DueAt.Equal(now.AddDate(0, 0, 30)) {
		t.Fatalf("accept: acceptedAt %v dueAt %v", c.AcceptedAt, c.DueAt)
	}
	if got := c.Timeline[1].Note; got != "备注；调解期限至2026-04-09" {
		t.Errorf("accept note %q", got)
	}

	now = now.Add(time.Hour)
	mustApply(t, c, act("start", 4), mediatorA, now)
	if !slices.Equal(c.Dispute.Mediators, []string{"调解员甲", "调解员乙"}) || c.Timeline[2].Note != "调解员：调解员甲、调解员乙；备注" {
		t.Errorf("start: mediators %v note %q", c.Dispute.Mediators, c.Timeline[2].Note)
	}

	now = now.Add(time.Hour)
	mustApply(t, c, act("session", 5), mediatorA, now)
	mustApply(t, c, act("session", 6), mediatorA, now)
	if len(c.Dispute.Sessions) != 2 || c.Dispute.Sessions[0].Mode != "onsite" || c.Status != StatusMediating {
		t.Errorf("session: %+v status %s", c.Dispute.Sessions, c.Status)
	}
	if got := c.Timeline[3].Note; got != "现场调解：双方到场，陈述意见；备注" {
		t.Errorf("session note %q", got)
	}

	dueBefore := *c.DueAt
	in := act("extend", 7)
	in.Days = 20
	mustApply(t, c, in, mediatorA, now)
	if !c.DueAt.Equal(dueBefore.AddDate(0, 0, 20)) || c.Dispute.Extension == nil || c.Dispute.Extension.Days != 20 || c.Dispute.Extension.Reason != "原因" {
		t.Errorf("extend: dueAt %v extension %+v", c.DueAt, c.Dispute.Extension)
	}
	if got := c.Timeline[5].Note; got != "延期20天：原因（期限至2026-04-29）" {
		t.Errorf("extend note %q", got)
	}
	err := Apply(c, act("extend", 8), mediatorA, testRegions, now)
	if msg := wantCode(t, err, ErrInvalidTransition).Message; msg != "期限只能延长一次" {
		t.Errorf("second extend message %q", msg)
	}
	if slices.Contains(AllowedActions(c.State(), mediatorA, testRegions), "extend") {
		t.Error("extend still offered after the one extension")
	}

	mustApply(t, c, act("resolve", 8), mediatorA, now)
	if c.Status != StatusResolved || c.Outcome != OutcomeResolved || c.Dispute.Agreement == nil || c.Dispute.Agreement.Terms != "甲方拆除院墙，乙方补偿500元。" || c.Dispute.Agreement.PerformBy == nil {
		t.Errorf("resolve: %s %s %+v", c.Status, c.Outcome, c.Dispute.Agreement)
	}
	if c.ClosedAt != nil || c.Overdue(c.DueAt.AddDate(1, 0, 0)) {
		t.Error("a resolved dispute is not closed yet and no longer runs against its deadline")
	}

	now = now.AddDate(0, 0, 3)
	mustApply(t, c, act("close", 9), mediatorA, now)
	if c.Status != StatusClosed || c.Outcome != OutcomeResolved || !c.ClosedAt.Equal(now) || c.Dispute.FollowUp == nil || c.Dispute.FollowUp.Satisfaction != "satisfied" {
		t.Errorf("close: %s %s %v %+v", c.Status, c.Outcome, c.ClosedAt, c.Dispute.FollowUp)
	}
	if c.Version != 10 || len(c.Timeline) != 8 {
		t.Errorf("version %d timeline %d", c.Version, len(c.Timeline))
	}
	if got := AllowedActions(c.State(), adminC, testRegions); len(got) != 0 {
		t.Errorf("a closed case offers %v", got)
	}
}

func TestDisputeFailedPathKeepsOutcome(t *testing.T) {
	c := caseIn(KindDispute, StatusMediating)
	mustApply(t, c, act("fail", 3), mediatorA, testNow)
	if c.Status != StatusFailed || c.Outcome != OutcomeFailed || c.Dispute.FailureReason != "gap_too_large" || c.Dispute.Redirect != "litigation" {
		t.Errorf("fail: %s %s %+v", c.Status, c.Outcome, c.Dispute)
	}
	if got := c.Timeline[1].Note; got != "终止原因：分歧过大；告知途径：诉讼；备注" {
		t.Errorf("fail note %q", got)
	}
	mustApply(t, c, act("close", 4), adminC, testNow)
	if c.Status != StatusClosed || c.Outcome != OutcomeFailed {
		t.Errorf("close: %s %s", c.Status, c.Outcome)
	}
}

func TestDisputeReject(t *testing.T) {
	c := caseIn(KindDispute, StatusRegistered)
	mustApply(t, c, act("reject", 3), mediatorA, testNow)
	if c.Status != StatusRejected || c.Dispute.RejectReason != "原因" || !c.ClosedAt.Equal(testNow) || c.Timeline[1].Note != "原因" {
		t.Errorf("reject: %+v", c)
	}
}

func TestPetitionPath(t *testing.T) {
	c := caseIn(KindPetition, StatusReceived)
	c.TownshipCode = townB
	now := testNow

	mustApply(t, c, act("accept", 3), petitionH, now)
	if !c.AcceptedAt.Equal(now) || !c.DueAt.Equal(now.AddDate(0, 0, 60)) {
		t.Errorf("accept without office deadline: dueAt %v", c.DueAt)
	}

	mustApply(t, c, act("extend", 4), petitionH, now)
	if !c.DueAt.Equal(now.AddDate(0, 0, 75)) || c.Petition.Extension.Approver != "王五" || c.Petition.Extension.Days != 15 {
		t.Errorf("extend: dueAt %v extension %+v", c.DueAt, c.Petition.Extension)
	}
	if got := c.Timeline[2].Note; got != "延期15天（批准人：王五，期限至2026-05-24）；原因" {
		t.Errorf("extend note %q", got)
	}

	mustApply(t, c, act("assign", 5), petitionH, now)
	if c.Status != StatusResolving || *c.Petition.LeadLeader != (LeadLeader{Name: "张三", Post: "副县长"}) || c.Petition.Plan != "一案一策" {
		t.Errorf("assign: %s %+v %q", c.Status, c.Petition.LeadLeader, c.Petition.Plan)
	}
	if got := c.Timeline[3].Note; got != "包案领导：张三（副县长）；化解方案：一案一策；备注" {
		t.Errorf("assign note %q", got)
	}
	err := Apply(c, act("extend", 6), petitionH, testRegions, now)
	wantCode(t, err, ErrInvalidTransition)

	mustApply(t, c, act("resolve", 6), petitionH, now)
	if c.Status != StatusResolved || c.Petition.ResolutionType != "resolved" || c.Timeline[4].Note != "实质化解；备注" {
		t.Errorf("resolve: %s %q %q", c.Status, c.Petition.ResolutionType, c.Timeline[4].Note)
	}
	if !c.Overdue(c.DueAt.Add(time.Second)) {
		t.Error("a resolved petition still runs against its deadline until cleared")
	}

	now = now.AddDate(0, 0, 1)
	mustApply(t, c, act("clear", 7), petitionH, now)
	if c.Status != StatusCleared || !c.Petition.ClearedAt.Equal(now) || !c.ClosedAt.Equal(now) {
		t.Errorf("clear: %s %v %v", c.Status, c.Petition.ClearedAt, c.ClosedAt)
	}

	dueBefore := *c.DueAt
	in := act("reopen", 8)
	in.DueAt = nil
	mustApply(t, c, in, petitionH, now)
	if c.Status != StatusResolving || c.Petition.RepeatCount != 1 || c.Petition.ClearedAt != nil || c.ClosedAt != nil || !c.DueAt.Equal(dueBefore) {
		t.Errorf("reopen: %s repeat %d cleared %v closed %v due %v", c.Status, c.Petition.RepeatCount, c.Petition.ClearedAt, c.ClosedAt, c.DueAt)
	}
	if got := c.Timeline[6].Note; got != "原因；第1次重新启动" {
		t.Errorf("reopen note %q", got)
	}

	mustApply(t, c, act("resolve", 9), petitionH, now)
	mustApply(t, c, act("clear", 10), petitionH, now)
	in = act("reopen", 11)
	mustApply(t, c, in, petitionH, now)
	if c.Petition.RepeatCount != 2 || !c.DueAt.Equal(*in.DueAt) {
		t.Errorf("second reopen: repeat %d due %v", c.Petition.RepeatCount, c.DueAt)
	}
}

func TestPetitionAcceptUsesOfficeDeadline(t *testing.T) {
	c := caseIn(KindPetition, StatusReceived)
	office := testNow.AddDate(0, 0, 45)
	c.Petition.DueAt = &office
	mustApply(t, c, act("accept", 3), petitionH, testNow)
	if !c.DueAt.Equal(office) {
		t.Errorf("dueAt %v, want the office's %v", c.DueAt, office)
	}
}

func TestPetitionReturn(t *testing.T) {
	c := caseIn(KindPetition, StatusReceived)
	mustApply(t, c, act("return", 3), petitionH, testNow)
	if c.Status != StatusReturned || c.Petition.ReturnReason != "原因" || !c.ClosedAt.Equal(testNow) {
		t.Errorf("return: %+v", c)
	}
}

func TestReopenDueAtMustBeInTheFuture(t *testing.T) {
	c := caseIn(KindPetition, StatusCleared)
	in := act("reopen", 3)
	past := testNow.Add(-time.Hour)
	in.DueAt = &past
	fields := fieldsOf(t, Apply(c, in, petitionH, testRegions, testNow))
	if _, ok := fields["dueAt"]; !ok {
		t.Errorf("want dueAt named, got %v", fields)
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
	if c.Status != StatusMediating {
		t.Errorf("supervise changed the status to %s", c.Status)
	}

	err := Apply(c, act("supervise", 4), adminC, testRegions, testNow)
	if msg := wantCode(t, err, ErrInvalidTransition).Message; !strings.Contains(msg, "督办") {
		t.Errorf("message %q", msg)
	}
	wantCode(t, Apply(c, act("feedback", 4), leaderC, testRegions, testNow), ErrForbidden)
	wantCode(t, Apply(c, act("feedback", 4), petitionH, testRegions, testNow), ErrForbidden)

	// The case may close while the supervision waits; the answer is still due.
	mustApply(t, c, act("fail", 4), mediatorA, testNow)
	mustApply(t, c, act("close", 5), mediatorA, testNow)
	if got := AllowedActions(c.State(), mediatorA, testRegions); !slices.Equal(got, []string{"feedback"}) {
		t.Errorf("closed supervised case offers %v", got)
	}
	later := testNow.Add(time.Hour)
	mustApply(t, c, act("feedback", 6), mediatorA, later)
	a := c.Supervisions[0]
	if a.AnsweredAt == nil || !a.AnsweredAt.Equal(later) || *a.AnsweredBy != mediatorA.Actor() || a.Feedback != "备注" || c.OpenSupervision() != nil {
		t.Errorf("answered supervision %+v", a)
	}
	wantCode(t, Apply(c, act("feedback", 7), mediatorA, testRegions, testNow), ErrInvalidTransition)

	err = Apply(c, act("supervise", 7), leaderC, testRegions, testNow)
	if msg := wantCode(t, err, ErrInvalidTransition).Message; msg != "案件已办结（已结案），不能督办" {
		t.Errorf("message %q", msg)
	}
}

func TestSuperviseFeedbackBy(t *testing.T) {
	c := caseIn(KindPetition, StatusResolving)
	in := act("supervise", 3)
	past := testNow.Add(-time.Minute)
	in.FeedbackBy = &past
	fields := fieldsOf(t, Apply(c, in, leaderC, testRegions, testNow))
	if _, ok := fields["feedbackBy"]; !ok {
		t.Errorf("want feedbackBy named, got %v", fields)
	}
	in = act("supervise", 3)
	mustApply(t, c, in, leaderC, testNow)
	if !c.Supervisions[0].FeedbackBy.Equal(*in.FeedbackBy) {
		t.Errorf("feedbackBy %v", c.Supervisions[0].FeedbackBy)
	}
	mustApply(t, c, act("feedback", 4), petitionH, testNow)
	if c.Supervisions[0].Feedback != "备注" {
		t.Errorf("feedback %+v", c.Supervisions[0])
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

func TestMediatorCannotSeeOtherTownship(t *testing.T) {
	c := caseIn(KindDispute, StatusRegistered) // in townA
	wantCode(t, Apply(c, act("accept", 3), mediatorB, testRegions, testNow), ErrCaseNotFound)
	wantCode(t, Apply(c, act("nonsense", 0), mediatorB, testRegions, testNow), ErrCaseNotFound)
	if got := AllowedActions(c.State(), mediatorB, testRegions); got == nil || len(got) != 0 {
		t.Errorf("AllowedActions for an outsider = %#v, want []", got)
	}
	other := &User{ID: "pet-y", Name: "汉阴信访", Role: RolePetition, RegionCode: "610921"}
	wantCode(t, Apply(caseIn(KindPetition, StatusReceived), act("accept", 3), other, testRegions, testNow), ErrCaseNotFound)
}

func TestMediatorCannotSeePetitions(t *testing.T) {
	c := caseIn(KindPetition, StatusReceived)
	wantCode(t, Apply(c, act("accept", 3), mediatorA, testRegions, testNow), ErrCaseNotFound)
}

func TestPetitionStaffReadDisputesButCannotWorkThem(t *testing.T) {
	c := caseIn(KindDispute, StatusRegistered)
	wantCode(t, Apply(c, act("accept", 3), petitionH, testRegions, testNow), ErrForbidden)
	if got := AllowedActions(c.State(), petitionH, testRegions); len(got) != 0 {
		t.Errorf("petition staff offered %v on a dispute", got)
	}
}

func TestLeaderOnlySupervises(t *testing.T) {
	c := caseIn(KindDispute, StatusMediating)
	if got := AllowedActions(c.State(), leaderC, testRegions); !slices.Equal(got, []string{"supervise"}) {
		t.Errorf("leader offered %v", got)
	}
	wantCode(t, Apply(c, act("resolve", 3), leaderC, testRegions, testNow), ErrForbidden)
	wantCode(t, Apply(c, act("supervise", 3), mediatorA, testRegions, testNow), ErrForbidden)
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
		{KindDispute, "assign", 3, []string{"action"}, "矛盾纠纷没有「包案交办」操作"},
		{KindPetition, "start", 3, []string{"action"}, "信访积案没有「开始调解」操作"},
		{KindDispute, "register", 3, []string{"action"}, "矛盾纠纷没有「登记」操作"},
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
		{KindDispute, StatusAccepted, "start", func(in *ActionInput) { in.Mediators = nil }, []string{"mediators"}, "调解员至少需要1项"},
		{KindDispute, StatusAccepted, "start", func(in *ActionInput) { in.Mediators = []string{"甲", strings.Repeat("名", 51)} }, []string{"mediators[1]"}, "调解员长度不能超过50个字符"},
		{KindDispute, StatusAccepted, "start", func(in *ActionInput) { in.Mediators = []string{" "} }, []string{"mediators[0]"}, "调解员为必填字段"},
		{KindDispute, StatusMediating, "session", func(in *ActionInput) { in.Session = nil }, []string{"session.at", "session.mode", "session.record"}, "调解时间为必填字段"},
		{KindDispute, StatusMediating, "session", func(in *ActionInput) { in.Session.Record = "" }, []string{"session.record"}, "调解记录为必填字段"},
		{KindDispute, StatusMediating, "session", func(in *ActionInput) { in.Session.Mode = "letter" }, []string{"session.mode"}, ""},
		{KindDispute, StatusMediating, "session", func(in *ActionInput) { in.Session.At = testNow.Add(time.Hour) }, []string{"session.at"}, "调解时间不能晚于当前时间"},
		{KindDispute, StatusMediating, "session", func(in *ActionInput) { in.Session.Record = strings.Repeat("记", 5001) }, []string{"session.record"}, "调解记录长度不能超过5000个字符"},
		{KindDispute, StatusMediating, "extend", func(in *ActionInput) { in.Days = 0 }, []string{"days"}, "延长天数为必填字段"},
		{KindDispute, StatusMediating, "extend", func(in *ActionInput) { in.Days = 31 }, []string{"days"}, "延长天数不能大于30"},
		{KindDispute, StatusMediating, "extend", func(in *ActionInput) { in.Days = -1 }, []string{"days"}, "延长天数不能小于1"},
		{KindDispute, StatusMediating, "extend", func(in *ActionInput) { in.Reason = "" }, []string{"reason"}, ""},
		{KindDispute, StatusMediating, "resolve", func(in *ActionInput) { in.Agreement.Terms = "" }, []string{"agreement.terms"}, "协议内容为必填字段"},
		{KindDispute, StatusMediating, "resolve", func(in *ActionInput) { in.Agreement = nil }, []string{"agreement.type", "agreement.terms"}, ""},
		{KindDispute, StatusMediating, "fail", func(in *ActionInput) { in.FailureReason = "" }, []string{"failureReason"}, "终止原因为必填字段"},
		{KindDispute, StatusMediating, "fail", func(in *ActionInput) { in.Redirect = "court" }, []string{"redirect"}, ""},
		{KindDispute, StatusResolved, "close", func(in *ActionInput) { in.FollowUp.Satisfaction = "" }, []string{"followUp.satisfaction"}, "满意度为必填字段"},
		{KindDispute, StatusResolved, "close", func(in *ActionInput) { in.FollowUp.At = testNow.AddDate(0, 0, 1) }, []string{"followUp.at"}, ""},
		{KindDispute, StatusMediating, "supervise", func(in *ActionInput) { in.Note = "" }, []string{"note"}, "备注为必填字段"},
		{KindPetition, StatusReceived, "return", func(in *ActionInput) { in.Reason = "" }, []string{"reason"}, ""},
		{KindPetition, StatusAccepted, "assign", func(in *ActionInput) { in.LeadLeader.Name = "" }, []string{"leadLeader.name"}, "包案领导姓名为必填字段"},
		{KindPetition, StatusAccepted, "assign", func(in *ActionInput) { in.LeadLeader = nil }, []string{"leadLeader.name", "leadLeader.post"}, ""},
		{KindPetition, StatusAccepted, "extend", func(in *ActionInput) { in.Approver = "" }, []string{"approver"}, "批准人为必填字段"},
		{KindPetition, StatusResolving, "resolve", func(in *ActionInput) { in.ResolutionType = "" }, []string{"resolutionType"}, "化解方式为必填字段"},
		{KindPetition, StatusResolving, "resolve", func(in *ActionInput) { in.ResolutionType = "forgotten" }, []string{"resolutionType"}, ""},
		{KindPetition, StatusCleared, "reopen", func(in *ActionInput) { in.Reason = "" }, []string{"reason"}, ""},
	}
	for _, tt := range tests {
		name := fmt.Sprintf("%s/%s/%v", tt.kind, tt.action, tt.fields)
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
	fields := fieldsOf(t, Apply(c, in, petitionH, testRegions, testNow))
	if fields["note"] != "备注为必填字段" {
		t.Errorf("got %v", fields)
	}
}

func TestFieldsAnActionDoesNotReadAreIgnored(t *testing.T) {
	c := caseIn(KindDispute, StatusRegistered)
	in := ActionInput{Action: "accept", Version: 3,
		Session: &SessionInput{Mode: "bogus"}, Days: 99, Redirect: "moon", Approver: strings.Repeat("x", 99)}
	mustApply(t, c, in, mediatorA, testNow)
	if c.Dispute.Sessions != nil || c.Dispute.Extension != nil || c.Dispute.Redirect != "" {
		t.Errorf("accept used fields it should ignore: %+v", c.Dispute)
	}
}

func TestStatusErrorsComeBeforeFieldErrors(t *testing.T) {
	c := caseIn(KindDispute, StatusRegistered)
	err := Apply(c, ActionInput{Action: "resolve", Version: 3}, mediatorA, testRegions, testNow)
	if msg := wantCode(t, err, ErrInvalidTransition).Message; msg != "案件当前状态为「已登记」，不能调解成功" {
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
	if shallow.Dispute.Mediators != nil || shallow.Status != StatusAccepted || len(shallow.Timeline) != 1 {
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
}

func TestActionInputJSON(t *testing.T) {
	var in ActionInput
	body := `{"action":"supervise","version":2,"note":"请于月底前反馈","feedbackBy":"2026-03-31",
		"agreement":{"type":"oral","terms":"t","performBy":"2026-04-01"},
		"followUp":{"at":"2026-03-02","satisfaction":"basic"},
		"session":{"at":"2026-03-01T10:00:00+08:00","mode":"phone","record":"r"},
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
	var day ActionInput
	if err := json.Unmarshal([]byte(`{"session":{"at":"2026-03-01","mode":"phone","record":"r"}}`), &day); err != nil ||
		!day.Session.At.Equal(time.Date(2026, 3, 1, 0, 0, 0, 0, Shanghai)) {
		t.Errorf("a bare session date, like a follow-up date, is that day's start: %v %v", err, day.Session)
	}
	if want := time.Date(2026, 3, 2, 0, 0, 0, 0, Shanghai); !in.FollowUp.At.Equal(want) {
		t.Errorf("followUp.at %v", in.FollowUp.At)
	}
	if in.Action != "supervise" || in.Version != 2 || in.Session.Mode != "phone" || in.LeadLeader.Post != "副县长" || in.DueAt != nil {
		t.Errorf("decoded %+v", in)
	}
	for _, bad := range []string{
		`{"action":"accept","version":1,"force":true}`,
		`{"session":{"at":"2026-03-01T10:00:00+08:00","extra":1}}`,
		`{"leadLeader":{"name":"a","post":"b","phone":"c"}}`,
		`{"agreement":{"type":"oral","x":1}}`,
		`{"followUp":{"satisfaction":"basic","y":2}}`,
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
	}
}

func TestDescribeTransitions(t *testing.T) {
	md := DescribeTransitions()
	if got := strings.Count(md, "\n"); got != len(Transitions)+2 {
		t.Errorf("%d lines, want %d", got, len(Transitions)+2)
	}
	for _, want := range []string{
		"| 矛盾纠纷 | `accept` | 受理 | registered 已登记 | accepted 已受理 | — | `note` | mediator, admin |",
		"| 信访积案 | `extend` | 延期 | accepted 已受理、resolving 化解中（仅一次） | 不变 | `days`, `approver` | `reason` | petition, admin |",
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
