package caseindex

import (
	"fmt"
	"slices"
	"strings"
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

// todoAll returns the whole to-do list, checking that total counts it.
func todoAll(ix *Index, u *domain.User, now time.Time) []TodoItem {
	items, total := ix.Todo(u, now, domain.DefaultWarningThreshold, 1, 0)
	if total != len(items) {
		panic(fmt.Sprintf("Todo: total %d for a whole list of %d", total, len(items)))
	}
	return items
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
			got := reasons(todoAll(ix, tt.u, tt.now))
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
	items := todoAll(ix, mediator, now)
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
	c.Version = 3 // the supervision and its answer were two actions after the fixture's version
	ix.Put(c)
	for _, u := range []*domain.User{
		{ID: "m1", Role: domain.RoleMediator, RegionCode: "610902001"},
		{ID: "leader1", Role: domain.RoleLeader, RegionCode: "610902"},
	} {
		if got := reasons(todoAll(ix, u, t0.Add(4*time.Hour))); len(got) != 0 {
			t.Errorf("%s still sees %v after the feedback", u.Role, got)
		}
	}
}

// oracleTodo is the to-do list written out again over the cases (the rules of Index.Todo), in list order,
// as "ID reason since" lines.
func oracleTodo(cases []*domain.Case, u *domain.User, now time.Time) []string {
	type item struct {
		id, reason string
		urgency    int
		since      time.Time
	}
	handler := u.Role == domain.RoleMediator || u.Role == domain.RolePetition
	kinds := map[domain.Role][]domain.Kind{domain.RoleMediator: {domain.KindDispute}, domain.RolePetition: {domain.KindPetition}}[u.Role]
	if !handler {
		kinds = bothKinds
	}
	scope := domain.Scope{RegionCode: u.RegionCode, Kinds: kinds}
	var items []item
	for _, c := range cases {
		if !scope.Sees(ankang, c.Kind, c.TownshipCode) {
			continue
		}
		if c.Overdue(now) {
			items = append(items, item{c.ID, ReasonOverdue, urgOverdue, *c.DueAt})
		} else if handler && c.Warning(now, domain.DefaultWarningThreshold) == domain.WarningDueSoon {
			items = append(items, item{c.ID, ReasonDueSoon, urgDueSoon, *c.DueAt})
		}
		if s := c.OpenSupervision(); s != nil && domain.IsOpen(c.Status) && (handler || s.By.ID == u.ID) {
			urg := urgSupervised
			if now.After(s.FeedbackBy) {
				urg = urgSupervisedOverdue
			}
			items = append(items, item{c.ID, ReasonSupervised, urg, s.At})
		}
		if u.Role == domain.RoleMediator && c.Kind == domain.KindDispute && c.Status == domain.StatusResolved {
			due := c.UpdatedAt.Add(FollowUpGrace)
			for _, e := range c.Timeline {
				if e.To == domain.StatusResolved {
					due = e.At.Add(FollowUpGrace)
				}
			}
			if a := c.Dispute.Agreement; a != nil && a.PerformBy != nil {
				due = *a.PerformBy
			}
			if now.After(due) {
				items = append(items, item{c.ID, ReasonFollowUpDue, urgFollowUpDue, due})
			}
		}
		if u.Role == domain.RolePetition && c.Kind == domain.KindPetition && c.Status == domain.StatusReceived {
			if since := c.RegisteredAt.AddDate(0, 0, domain.AcceptWarnDays); !now.Before(since) {
				items = append(items, item{c.ID, ReasonAcceptDue, urgAcceptDue, since})
			}
		}
	}
	slices.SortFunc(items, func(a, b item) int {
		if a.urgency != b.urgency {
			return a.urgency - b.urgency
		}
		if c := a.since.Compare(b.since); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = fmt.Sprintf("%s %s %s", it.id, it.reason, it.since.Truncate(time.Millisecond).Format(time.RFC3339Nano))
	}
	return out
}

func todoLines(items []TodoItem) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = fmt.Sprintf("%s %s %s", it.Summary.ID, it.Reason, it.Since.Format(time.RFC3339Nano))
	}
	return out
}

// TestTodoPagesMatchRecount recounts the whole to-do list of several users over the oracle data, then
// checks that every page size cuts it into pages that concatenate back to it, with the same total.
func TestTodoPagesMatchRecount(t *testing.T) {
	ix, cases := buildOracle(t)
	users := []*domain.User{
		{ID: "m1", Role: domain.RoleMediator, RegionCode: "610902"},
		{ID: "p1", Role: domain.RolePetition, RegionCode: "6109"},
		{ID: "leader1", Role: domain.RoleLeader, RegionCode: "6109"},
		{ID: "leader2", Role: domain.RoleAdmin, RegionCode: "610921"},
	}
	for _, u := range users {
		for _, now := range []time.Time{oracleNow, oracleNow.AddDate(0, -6, 0)} {
			name := fmt.Sprintf("%s %s at %s", u.Role, u.RegionCode, now.Format(time.DateOnly))
			want := oracleTodo(cases, u, now)
			if len(want) < 10 {
				t.Fatalf("%s: only %d items, too few to page", name, len(want))
			}
			whole := todoLines(todoAll(ix, u, now))
			if !slices.Equal(whole, want) {
				t.Errorf("%s: whole list\n got  %v\n want %v", name, whole, want)
				continue
			}
			for _, size := range []int{1, 3, 7, len(want) / 2, len(want) - 1, len(want), len(want) + 5} {
				var got []string
				for page := 1; ; page++ {
					items, total := ix.Todo(u, now, domain.DefaultWarningThreshold, page, size)
					if total != len(want) {
						t.Fatalf("%s: page %d of %d: total %d, want %d", name, page, size, total, len(want))
					}
					if len(items) == 0 {
						break
					}
					if len(items) > size {
						t.Fatalf("%s: page %d of %d has %d items", name, page, size, len(items))
					}
					got = append(got, todoLines(items)...)
				}
				if !slices.Equal(got, want) {
					t.Errorf("%s: pages of %d concatenated\n got  %v\n want %v", name, size, got, want)
				}
			}
		}
	}
}

func TestTodoPageBounds(t *testing.T) {
	ix := todoFixture()
	mediator := &domain.User{ID: "m1", Role: domain.RoleMediator, RegionCode: "610902001"}
	now := t0.Add(33*24*time.Hour + time.Millisecond) // four items
	tests := []struct {
		name           string
		page, pageSize int
		want           []string
	}{
		{"first page", 1, 2, []string{"1 overdue", "2 supervised"}},
		{"second page", 2, 2, []string{"3 follow_up_due", "4 follow_up_due"}},
		{"last page partly filled", 2, 3, []string{"4 follow_up_due"}},
		{"past the end", 3, 2, []string{}},
		{"page 0 reads as 1", 0, 1, []string{"1 overdue"}},
		{"huge page", 1 << 62, 1 << 62, []string{}},
		{"huge page size", 1, 1 << 62, []string{"1 overdue", "2 supervised", "3 follow_up_due", "4 follow_up_due"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, total := ix.Todo(mediator, now, domain.DefaultWarningThreshold, tt.page, tt.pageSize)
			if got := reasons(items); !slices.Equal(got, tt.want) || total != 4 {
				t.Errorf("got %v (total %d), want %v (total 4)", got, total, tt.want)
			}
		})
	}
}

// TestTodoTiesByID: items of one urgency and one since are ordered by ID, on whole lists and on pages.
func TestTodoTiesByID(t *testing.T) {
	ix := New(ankang)
	for _, n := range []string{"000004", "000001", "000003", "000002", "000005"} {
		c := listCase("610902001-2026-"+n, domain.KindDispute, domain.StatusMediating, t0, "同日到期")
		c.AcceptedAt, c.DueAt = tp(t0), tp(t0.AddDate(0, 0, 30))
		ix.Put(c)
	}
	leader := &domain.User{ID: "leader1", Role: domain.RoleLeader, RegionCode: "6109"}
	now := t0.AddDate(0, 0, 31)
	want := []string{"1 overdue", "2 overdue", "3 overdue", "4 overdue", "5 overdue"}
	if got := reasons(todoAll(ix, leader, now)); !slices.Equal(got, want) {
		t.Errorf("whole list %v, want %v", got, want)
	}
	var got []string
	for page := 1; page <= 5; page++ {
		items, _ := ix.Todo(leader, now, domain.DefaultWarningThreshold, page, 1)
		got = append(got, reasons(items)...)
	}
	if !slices.Equal(got, want) {
		t.Errorf("pages of one %v, want %v", got, want)
	}
}

// TestTodoReasonsAreLabelled: every reason the list gives has a label in domain.TodoReasons.
func TestTodoReasonsAreLabelled(t *testing.T) {
	for _, r := range todoReasons {
		if !domain.IsValid(domain.TodoReasons, r) {
			t.Errorf("to-do reason %s is not in domain.TodoReasons", r)
		}
	}
}
