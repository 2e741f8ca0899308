package caseindex

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"pingan/domain"
)

var t0 = time.Date(2026, 2, 1, 9, 0, 0, 0, domain.Shanghai)

// todoFixture: one case per reason in 老城街道 (610902001), plus a case elsewhere that must never show.
func todoFixture() *Index {
	ix := New(ankang)
	running := listCase("610902001-2026-000001", domain.KindDispute, domain.StatusMediating, t0, "运行中的纠纷")
	running.AcceptedAt, running.DueAt = tp(t0), tp(t0.AddDate(0, 0, 30))
	ix.Put(running)

	supervised := listCase("610902001-2026-000002", domain.KindDispute, domain.StatusAccepted, t0, "被督办的纠纷")
	supervised.Supervisions = []domain.Supervision{
		{At: t0.Add(time.Hour), By: domain.Actor{ID: "leader1"}, FeedbackBy: t0.AddDate(0, 0, 5)},
	}
	ix.Put(supervised)

	resolved := listCase("610902001-2026-000003", domain.KindDispute, domain.StatusResolved, t0, "已调解成功待回访")
	resolved.Outcome = domain.OutcomeResolved
	resolved.Dispute = &domain.DisputeInfo{Agreement: &domain.Agreement{Type: "written", PerformBy: tp(t0.AddDate(0, 0, 20))}}
	ix.Put(resolved)

	noPerformBy := listCase("610902001-2026-000004", domain.KindDispute, domain.StatusResolved, t0, "口头协议待回访")
	noPerformBy.Outcome = domain.OutcomeResolved
	noPerformBy.Dispute = &domain.DisputeInfo{Agreement: &domain.Agreement{Type: "oral"}}
	noPerformBy.Timeline = []domain.TimelineEntry{{At: t0, To: domain.StatusRegistered}, {At: t0.AddDate(0, 0, 3), From: domain.StatusMediating, To: domain.StatusResolved}}
	ix.Put(noPerformBy)

	received := listCase("610902001-2026-000005", domain.KindPetition, domain.StatusReceived, t0, "待受理的信访")
	ix.Put(received)

	petition := listCase("610902001-2026-000006", domain.KindPetition, domain.StatusResolving, t0, "化解中的信访")
	petition.AcceptedAt, petition.DueAt = tp(t0), tp(t0.AddDate(0, 0, 60))
	ix.Put(petition)

	elsewhere := listCase("610921100-2026-000001", domain.KindDispute, domain.StatusMediating, t0, "别处的纠纷")
	elsewhere.AcceptedAt, elsewhere.DueAt = tp(t0), tp(t0.AddDate(0, 0, 1))
	elsewhere.Supervisions = []domain.Supervision{{At: t0, By: domain.Actor{ID: "leader1"}, FeedbackBy: t0}}
	ix.Put(elsewhere)
	return ix
}

func reasons(items []TodoItem) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = fmt.Sprintf("%s %s", it.Summary.ID[len(it.Summary.ID)-1:], it.Reason)
	}
	return out
}

func TestTodoReasonsAtTheirInstants(t *testing.T) {
	ix := todoFixture()
	mediator := &domain.User{ID: "m1", Role: domain.RoleMediator, RegionCode: "610902001"}
	petition := &domain.User{ID: "p1", Role: domain.RolePetition, RegionCode: "610902001"}
	leader := &domain.User{ID: "leader1", Role: domain.RoleLeader, RegionCode: "610902"}
	otherLeader := &domain.User{ID: "leader2", Role: domain.RoleLeader, RegionCode: "6109"}
	day := 24 * time.Hour
	tests := []struct {
		name string
		u    *domain.User
		now  time.Time
		want []string
	}{
		{"mediator, first hour: supervision only", mediator, t0.Add(2 * time.Hour), []string{"2 supervised"}},
		{"mediator, just before 80% of the term", mediator, t0.Add(24*day - time.Millisecond), []string{"2 supervised", "3 follow_up_due"}},
		{"mediator, at 80% of the term: due soon", mediator, t0.Add(24 * day), []string{"2 supervised", "1 due_soon", "3 follow_up_due"}},
		{"mediator, at the due instant: still due soon", mediator, t0.Add(30 * day), []string{"2 supervised", "1 due_soon", "3 follow_up_due"}},
		{"mediator, past due: overdue first, follow-ups by since", mediator, t0.Add(33*day + time.Millisecond),
			[]string{"1 overdue", "2 supervised", "3 follow_up_due", "4 follow_up_due"}},
		{"petition staff, before 10 days", petition, t0.Add(10*day - time.Millisecond), []string{}},
		{"petition staff, at 10 days: accept due", petition, t0.Add(10 * day), []string{"5 accept_due"}},
		{"petition staff, petition due soon and accept due", petition, t0.Add(50 * day), []string{"5 accept_due", "6 due_soon"}},
		{"leader: own supervision, later overdue cases", leader, t0.Add(2 * time.Hour), []string{"2 supervised"}},
		{"leader: overdue of both kinds", leader, t0.Add(61 * day), []string{"1 overdue", "6 overdue", "2 supervised"}},
		{"another leader: not leader1's supervisions, the overdue case elsewhere", otherLeader, t0.Add(2 * 24 * time.Hour), []string{"1 overdue"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := reasons(ix.Todo(tt.u, tt.now, domain.DefaultWarningThreshold))
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestTodoSinceAndUrgency(t *testing.T) {
	ix := todoFixture()
	mediator := &domain.User{ID: "m1", Role: domain.RoleMediator, RegionCode: "610902001"}
	now := t0.Add(33*24*time.Hour + time.Millisecond)
	items := ix.Todo(mediator, now, domain.DefaultWarningThreshold)
	since := map[string]time.Time{}
	for _, it := range items {
		since[it.Summary.ID[len(it.Summary.ID)-1:]+" "+it.Reason] = it.Since
	}
	want := map[string]time.Time{
		"1 overdue":       t0.AddDate(0, 0, 30),
		"2 supervised":    t0.Add(time.Hour),
		"3 follow_up_due": t0.AddDate(0, 0, 20),
		"4 follow_up_due": t0.AddDate(0, 0, 3).Add(FollowUpGrace),
	}
	for k, w := range want {
		if !since[k].Equal(w) {
			t.Errorf("%s since %v, want %v", k, since[k], w)
		}
	}
	// the supervision's feedback date (t0+5d) has passed: it ranks right after overdue cases
	if got := reasons(items); got[1] != "2 supervised" {
		t.Errorf("order %v: the overdue supervision should come second", got)
	}
}

func TestTodoAnsweredSupervisionDisappears(t *testing.T) {
	ix := todoFixture()
	c := listCase("610902001-2026-000002", domain.KindDispute, domain.StatusAccepted, t0, "被督办的纠纷")
	answered := t0.Add(3 * time.Hour)
	c.Supervisions = []domain.Supervision{{At: t0.Add(time.Hour), By: domain.Actor{ID: "leader1"}, FeedbackBy: t0.AddDate(0, 0, 5), AnsweredAt: &answered}}
	ix.Put(c)
	for _, u := range []*domain.User{
		{ID: "m1", Role: domain.RoleMediator, RegionCode: "610902001"},
		{ID: "leader1", Role: domain.RoleLeader, RegionCode: "610902"},
	} {
		if got := reasons(ix.Todo(u, t0.Add(4*time.Hour), domain.DefaultWarningThreshold)); len(got) != 0 {
			t.Errorf("%s still sees %v after the feedback", u.Role, got)
		}
	}
}
