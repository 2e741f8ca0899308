package returnwork_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"pingan/domain"
	"pingan/domain/caseindex"
	"pingan/domain/returnwork"
	"pingan/store"
)

const (
	townA  = "610921102"
	townB  = "610921103"
	county = "610921"
)

var (
	june2   = time.Date(2026, 6, 2, 9, 0, 0, 0, domain.Shanghai)
	may     = time.Date(2026, 5, 1, 0, 0, 0, 0, domain.Shanghai)
	admin   = &domain.User{ID: "admin", Name: "管理员", Role: domain.RoleAdmin, RegionCode: "6109", Active: true}
	staffA  = &domain.User{ID: "a", Name: "甲", Role: domain.RoleMediator, RegionCode: townA, Active: true}
	zeroMay = domain.NewReturnInput{Township: townA, Month: "2026-05", ZeroReport: true, Note: "本月无案件"}
)

// instances are services over one real embedded store, each with its own book, as several instances of
// Pingan sharing a MongoDB are; audited collects their audit entries.
type instances struct {
	st      *store.Store
	tree    *domain.RegionTree
	mu      sync.Mutex
	audited []returnwork.AuditEntry
}

func newInstances(t *testing.T) *instances {
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
	return &instances{st: st, tree: tree}
}

func (in *instances) service(shared bool) *returnwork.Service {
	audit := func(_ context.Context, e returnwork.AuditEntry) error {
		in.mu.Lock()
		defer in.mu.Unlock()
		in.audited = append(in.audited, e)
		return nil
	}
	return returnwork.New(in.st, caseindex.New(in.tree), in.tree, audit, func() time.Time { return june2 }, func() bool { return shared })
}

// Another instance's returns: a reader that knows the store is shared looks them up by _id (the original,
// then each next correction) before it answers; a second original is refused whichever instance stored the
// first; a restart loads them all.
func TestReturnsOfAnotherInstance(t *testing.T) {
	ctx := t.Context()
	in := newInstances(t)
	first, second, alone := in.service(true), in.service(true), in.service(false)
	orig, err := first.Submit(ctx, staffA, zeroMay)
	if err != nil {
		t.Fatal(err)
	}
	board, err := second.Board(ctx, admin, county, may)
	if err != nil {
		t.Fatal(err)
	}
	var row domain.ReturnRow
	for _, r := range board.Rows {
		if r.Township == townA {
			row = r
		}
	}
	if board.Counts.Submitted != 1 || row.Latest == nil || row.Latest.ID != orig.ID {
		t.Fatalf("the other instance's board: %+v %+v", board.Counts, row)
	}
	if _, err := second.Submit(ctx, staffA, zeroMay); !errors.Is(err, domain.ErrReturnSubmitted) {
		t.Fatalf("a second original on the other instance: %v", err)
	}
	if _, err := alone.Submit(ctx, staffA, zeroMay); !errors.Is(err, domain.ErrReturnSubmitted) {
		t.Fatalf("a second original on an instance that does not look: %v (the store's _id refuses it)", err)
	}
	// a correction stored by another instance (here straight into the store) is found and numbered after
	c1 := *orig
	c1.ID, c1.Correction = domain.CorrectionID(orig.ID, 1), &domain.Correction{Of: orig.ID, N: 1, Reason: "补录"}
	if err := in.st.InsertReturn(ctx, &c1); err != nil {
		t.Fatal(err)
	}
	h, err := second.History(ctx, admin, c1.ID)
	if err != nil || len(h.Versions) != 2 || h.Versions[1].ID != c1.ID {
		t.Fatalf("history on the other instance: %+v %v", h.Versions, err)
	}
	if _, err := alone.History(ctx, admin, c1.ID); !errors.Is(err, domain.ErrReturnNotFound) {
		t.Fatalf("an instance that does not look knows only its own writes: %v", err)
	}
	restarted := in.service(false)
	if err := restarted.Load(ctx); err != nil || restarted.Len() != 2 {
		t.Fatalf("loaded %d versions: %v", restarted.Len(), err)
	}
	// the instance that did not look wrote its attempt to the audit log, then that the store refused it
	var actions []string
	for _, e := range in.audited {
		actions = append(actions, e.Action)
		if e.Target != orig.ID || e.Regions[len(e.Regions)-1] != townA {
			t.Errorf("audit entry %+v", e)
		}
	}
	if want := []string{"return_submit", "return_submit", "return_submit_failed"}; !slices.Equal(actions, want) {
		t.Fatalf("audit: %v, want %v", actions, want)
	}
}

// Submissions racing in one process: exactly one original is stored.
func TestConcurrentSubmissionsStoreOne(t *testing.T) {
	ctx := t.Context()
	in := newInstances(t)
	s := in.service(false)
	var wg sync.WaitGroup
	results := make([]error, 8)
	for i := range results {
		wg.Go(func() {
			_, results[i] = s.Submit(ctx, staffA, zeroMay)
		})
	}
	wg.Wait()
	stored := 0
	for _, err := range results {
		switch {
		case err == nil:
			stored++
		case !errors.Is(err, domain.ErrReturnSubmitted):
			t.Errorf("unexpected: %v", err)
		}
	}
	if stored != 1 || s.Len() != 1 {
		t.Fatalf("%d stored, book holds %d", stored, s.Len())
	}
}

// The book answers only inside the caller's region: another township's return is unknown to it.
func TestReturnsAreScoped(t *testing.T) {
	ctx := t.Context()
	in := newInstances(t)
	s := in.service(false)
	staffB := &domain.User{ID: "b", Name: "乙", Role: domain.RoleMediator, RegionCode: townB, Active: true}
	orig, err := s.Submit(ctx, staffA, zeroMay)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.History(ctx, staffB, orig.ID); !errors.Is(err, domain.ErrReturnNotFound) {
		t.Errorf("another township reads it: %v", err)
	}
	if _, err := s.Correct(ctx, staffB, orig.ID, domain.CorrectionInput{Reason: "x"}); !errors.Is(err, domain.ErrReturnNotFound) {
		t.Errorf("another township corrects it: %v", err)
	}
	if _, err := s.Board(ctx, staffB, county, may); !errors.Is(err, domain.ErrOutOfRegion) {
		t.Errorf("a township reads its county's board: %v", err)
	}
	if _, err := s.Months(ctx, staffB, townA, 2026); !errors.Is(err, domain.ErrOutOfRegion) {
		t.Errorf("another township's months: %v", err)
	}
	for _, id := range []string{"", "x", townA, townA + "-2026-5", townA + "-2026-05-c", townA + "-2026-05-c0", townA + "-2026-05-x1", townA + "-2026-05-c1"} {
		if _, err := s.History(ctx, staffA, id); !errors.Is(err, domain.ErrReturnNotFound) {
			t.Errorf("%q: %v", id, err)
		}
	}
}
