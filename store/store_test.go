package store

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"pingan/domain"
)

func openTemp(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), Config{DataDir: t.TempDir(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { s.Close(context.Background()) })
	return s
}

// The _id lookup FerretDB runs must use the expression index added at start, for every collection.
func TestIDLookupUsesExpressionIndex(t *testing.T) {
	s := openTemp(t)
	for _, col := range allCollections {
		plan, err := s.IDQueryPlan(context.Background(), col)
		if err != nil {
			t.Fatalf("%s: %v", col, err)
		}
		if !strings.Contains(plan, "USING INDEX") || !strings.Contains(plan, "_pingan_id") {
			t.Errorf("%s: _id lookup does not use the _id expression index; plan:\n%s", col, plan)
		}
	}
}

// Adding the index is idempotent: a restart on the same data dir opens cleanly and keeps the data.
func TestReopenKeepsDataAndIndexes(t *testing.T) {
	dir := t.TempDir()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := Open(context.Background(), Config{DataDir: dir, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.InsertUser(context.Background(), &domain.User{ID: "u1", Username: "u1", Role: domain.RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	s.Close(context.Background())
	s, err = Open(context.Background(), Config{DataDir: dir, Logger: log})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close(context.Background())
	if _, err := s.GetUser(context.Background(), "u1"); err != nil {
		t.Fatalf("user lost across restart: %v", err)
	}
	plan, _ := s.IDQueryPlan(context.Background(), colUsers)
	if !strings.Contains(plan, "_pingan_id") {
		t.Fatalf("index missing after reopen: %s", plan)
	}
}

// Counters hand out distinct, gap-free values under concurrency.
func TestNextSeqIsAtomic(t *testing.T) {
	s := openTemp(t)
	var wg sync.WaitGroup
	got := make(chan int64, 50)
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := s.NextSeq(context.Background(), "k")
			if err != nil {
				t.Error(err)
			}
			got <- v
		}()
	}
	wg.Wait()
	close(got)
	seen := map[int64]bool{}
	for v := range got {
		if seen[v] {
			t.Fatalf("value %d handed out twice", v)
		}
		seen[v] = true
	}
	for i := int64(1); i <= 50; i++ {
		if !seen[i] {
			t.Fatalf("gap: %d never handed out", i)
		}
	}
}

// FerretDB's logger passes errors with their attributes and drops everything else.
func TestLevelFilterKeepsErrorsWithTheirAttributes(t *testing.T) {
	var buf strings.Builder
	l := slog.New(levelFilter{inner: slog.NewTextHandler(&buf, nil), min: slog.LevelError})
	l = l.With("conn", 7).WithGroup("q")
	l.Info("chatty", "n", 1)
	l.Error("broken", "n", 2)
	out := buf.String()
	if strings.Contains(out, "chatty") || !strings.Contains(out, "broken") || !strings.Contains(out, "conn=7") || !strings.Contains(out, "q.n=2") {
		t.Fatalf("filtered log: %q", out)
	}
}
