package casework_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"math/rand/v2"
	"testing"
	"time"

	"pingan/domain"
	"pingan/domain/caseindex"
	"pingan/domain/casework"
	"pingan/store"
)

// fixture is the write path over a real embedded store in a temp dir.
type fixture struct {
	st    *store.Store
	cases *casework.Service
	ix    *caseindex.Index
	tree  *domain.RegionTree
	now   time.Time
}

var (
	town      = "610902001" // 汉滨区老城街道
	admin     = &domain.User{ID: "admin", Name: "管理员", Role: domain.RoleAdmin, RegionCode: "6109", Active: true}
	mediator  = &domain.User{ID: "m1", Name: "调解员", Role: domain.RoleMediator, RegionCode: town, Active: true}
	elsewhere = &domain.User{ID: "m2", Name: "外县调解员", Role: domain.RoleMediator, RegionCode: "610921", Active: true}
)

func newFixture(t *testing.T) *fixture {
	t.Helper()
	st, err := store.Open(context.Background(), store.Config{DataDir: t.TempDir(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close(context.Background()) })
	tree, err := domain.NewRegionTree(domain.AnkangRegions())
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{st: st, tree: tree, ix: caseindex.New(tree), now: time.Now().Truncate(time.Millisecond)}
	f.cases = casework.New(st, f.ix, tree, st.AuditCasework, func() time.Time { return f.now })
	return f
}

func (f *fixture) register(t *testing.T) *domain.Case {
	t.Helper()
	c, err := f.cases.Register(context.Background(), mediator, domain.NewCaseInput{
		Kind: domain.KindDispute, Title: "张某与李某相邻通行纠纷", Category: "neighbor", TownshipCode: town,
		RiskLevel: "blue",
		Parties:   []domain.PartyInput{{Name: "张三", Role: "applicant"}, {Name: "李四", Role: "respondent"}},
		Dispute:   &domain.DisputeInput{Source: "application"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// heldStore is the real store that can hold one update's return until released, as a busy scheduler may:
// the writer of an older version then reaches the index after the writer of a newer one.
type heldStore struct {
	*store.Store
	hold    chan struct{} // the next update waits for it after writing; nil = no wait
	written chan struct{} // closed when the held update has written
}

func (h *heldStore) UpdateCase(ctx context.Context, id string, change func(c *domain.Case) error) (*domain.Case, error) {
	hold, written := h.hold, h.written
	h.hold = nil
	c, err := h.Store.UpdateCase(ctx, id, change)
	if hold != nil {
		close(written)
		<-hold
	}
	return c, err
}

// Two actions on one case from two goroutines, the first writer's index update landing after the second's,
// many times over: the index always ends at the version the store holds.
func TestIndexEndsAtTheStoredVersionUnderConcurrentActions(t *testing.T) {
	f := newFixture(t)
	held := &heldStore{Store: f.st}
	f.cases = casework.New(held, f.ix, f.tree, nil, func() time.Time { return f.now })
	ctx := context.Background()
	session := func(version int) domain.ActionInput {
		return domain.ActionInput{Action: "session", Version: version, Session: &domain.SessionInput{
			At: f.now.Add(-time.Hour), Mode: "onsite", Record: "调解记录"}}
	}
	for round := range 10 {
		c := f.register(t)
		for _, in := range []domain.ActionInput{{Action: "accept", Version: 1}, {Action: "start", Version: 2, Mediators: []string{"王调解"}}} {
			if _, err := f.cases.Act(ctx, mediator, c.ID, in); err != nil {
				t.Fatal(err)
			}
		}
		release := make(chan struct{})
		held.hold, held.written = release, make(chan struct{})
		written := held.written
		first := make(chan error)
		go func() {
			_, err := f.cases.Act(ctx, mediator, c.ID, session(3))
			first <- err
		}()
		<-written // version 4 is stored; its writer has not reached the index yet
		if _, err := f.cases.Act(ctx, mediator, c.ID, session(4)); err != nil {
			t.Fatal(err)
		}
		close(release)
		if err := <-first; err != nil {
			t.Fatal(err)
		}
		stored, err := f.st.GetCase(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if s, _ := f.ix.Get(c.ID); s.Version != stored.Version || stored.Version != 5 {
			t.Fatalf("round %d: index at version %d, store at %d (want 5)", round, s.Version, stored.Version)
		}
	}
}

// A follower may receive another instance's writes out of order and more than once: the index keeps the
// newest.
func TestFollowedChangesOutOfOrderKeepTheNewest(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := f.register(t)
	versions := []*domain.Case{}
	cur := c
	for _, in := range []domain.ActionInput{
		{Action: "accept", Version: 1},
		{Action: "start", Version: 2, Mediators: []string{"王调解"}},
		{Action: "extend", Version: 3, Days: 10, Reason: "双方同意延长"},
	} {
		next, err := f.cases.Act(ctx, mediator, cur.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		versions = append(versions, next)
		cur = next
	}
	follower := caseindex.New(f.tree)
	other := casework.New(f.st, follower, f.tree, nil, time.Now)
	r := rand.New(rand.NewPCG(1, 2))
	for range 50 {
		order := r.Perm(len(versions))
		for _, i := range order {
			other.Followed(versions[i])
			other.Followed(versions[order[0]]) // seen twice
		}
		s, _ := follower.Get(c.ID)
		if s.Version != 4 || !s.Used.Has("extend") || s.Status != domain.StatusMediating {
			t.Fatalf("after order %v: index holds version %d (%s, used %b)", order, s.Version, s.Status, s.Used)
		}
	}
}

// The one scoped read: a case outside the caller's scope is not found, exactly like an unknown id.
func TestCaseReadIsScoped(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := f.register(t)
	if got, err := f.cases.Case(ctx, mediator, c.ID); err != nil || got.ID != c.ID {
		t.Fatalf("own case: %v %v", got, err)
	}
	petition := &domain.User{ID: "p1", Role: domain.RolePetition, RegionCode: town}
	leader := &domain.User{ID: "l1", Role: domain.RoleLeader, RegionCode: "610902"}
	for _, u := range []*domain.User{elsewhere, nil} {
		if _, err := f.cases.Case(ctx, u, c.ID); !errors.Is(err, domain.ErrCaseNotFound) {
			t.Errorf("%v reads a case outside its region: %v", u, err)
		}
	}
	for _, u := range []*domain.User{admin, petition, leader} {
		if _, err := f.cases.Case(ctx, u, c.ID); err != nil {
			t.Errorf("%s cannot read a case in its region: %v", u.ID, err)
		}
	}
	if _, err := f.cases.Case(ctx, admin, "610902001-2026-999999"); !errors.Is(err, domain.ErrCaseNotFound) {
		t.Errorf("unknown id: %v", err)
	}
}

// A batch is stored, indexed and audited once; a batch whose audit entry cannot be written is not stored.
func TestBatchIsIndexedAndAudited(t *testing.T) {
	f := newFixture(t)
	ctx := casework.WithClientIP(context.Background(), "10.1.2.3")
	var batch []*domain.Case
	for range 3 {
		c, err := domain.NewCase(domain.NewCaseInput{Kind: domain.KindDispute, Title: "借款纠纷", Category: "contract",
			TownshipCode: town, Parties: []domain.PartyInput{{Name: "甲", Role: "applicant"}, {Name: "乙", Role: "respondent"}},
			Dispute: &domain.DisputeInput{Source: "application"}}, admin, f.tree, f.now)
		if err != nil {
			t.Fatal(err)
		}
		batch = append(batch, c)
	}
	if err := f.cases.Store(ctx, admin, casework.Batch{Cases: batch, Action: "import", Target: "dispute", Detail: "台账.xlsx：导入3件"}); err != nil {
		t.Fatal(err)
	}
	if f.ix.Len() != 3 {
		t.Errorf("index holds %d cases, want 3", f.ix.Len())
	}
	log, err := f.st.AuditLog(ctx, 10, func(*store.AuditEntry) bool { return true })
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 1 || log[0].Action != "import" || log[0].IP != "10.1.2.3" || log[0].Detail != "台账.xlsx：导入3件" {
		t.Errorf("audit log %+v", log)
	}

	failing := casework.New(f.st, f.ix, f.tree, func(context.Context, casework.AuditEntry) error {
		return errors.New("disk full")
	}, time.Now)
	more, _ := domain.NewCase(domain.NewCaseInput{Kind: domain.KindDispute, Title: "另一件", Category: "contract",
		TownshipCode: town, Parties: []domain.PartyInput{{Name: "甲", Role: "applicant"}, {Name: "乙", Role: "respondent"}},
		Dispute: &domain.DisputeInput{Source: "application"}}, admin, f.tree, f.now)
	if err := failing.Store(ctx, admin, casework.Batch{Cases: []*domain.Case{more}, Action: "import"}); err == nil {
		t.Fatal("a batch whose audit entry failed was stored")
	}
	if f.ix.Len() != 3 {
		t.Errorf("index holds %d cases after the refused batch, want 3", f.ix.Len())
	}
}
