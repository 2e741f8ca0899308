package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"pingan/domain"
	"pingan/store/internal/ferretsqlite"
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

// idQueryPlan is SQLite's plan for FerretDB's _id lookup in a collection of the embedded store.
func idQueryPlan(s *Store, collection string) (string, error) {
	return ferretsqlite.IDQueryPlan(context.Background(), s.emb.sqlitePath(s.dbName), collection)
}

// The _id lookup FerretDB runs must use the expression index added at start, for every collection.
func TestIDLookupUsesExpressionIndex(t *testing.T) {
	t.Parallel()
	s := openTemp(t)
	for _, col := range allCollections {
		plan, err := idQueryPlan(s, col)
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
	t.Parallel()
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
	plan, _ := idQueryPlan(s, colUsers)
	if !strings.Contains(plan, "_pingan_id") {
		t.Fatalf("index missing after reopen: %s", plan)
	}
}

// Counters hand out distinct, gap-free values under concurrency.
func TestNextSeqIsAtomic(t *testing.T) {
	t.Parallel()
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

// The data dir and its files are private: a new dir is 0700 with 0600 files (SQLite's own 0644 too), and
// an existing dir left open to others is tightened at start, with a warning naming the dir and its old mode.
func TestDataDirAndFilesArePrivate(t *testing.T) {
	dir := t.TempDir()
	private := func(when string) {
		t.Helper()
		if st, err := os.Stat(dir); err != nil || st.Mode().Perm() != 0o700 {
			t.Errorf("%s: the data dir's mode is %v, want 0700", when, st.Mode().Perm())
		}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			info, _ := e.Info()
			if e.Type().IsRegular() && info.Mode().Perm()&0o077 != 0 {
				t.Errorf("%s: %s has mode %v", when, e.Name(), info.Mode().Perm())
			}
		}
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, nil))
	s, err := Open(context.Background(), Config{DataDir: dir, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.InsertUser(context.Background(), &domain.User{ID: "u1", Username: "u1", Role: domain.RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	private("a new store")
	if !strings.Contains(logs.String(), `"oldMode":"0755"`) || !strings.Contains(logs.String(), `"dir":"`+dir+`"`) {
		t.Errorf("no warning naming the dir and its old mode: %s", logs.String())
	}
	s.Close(context.Background())

	// an operator's copy or umask left the dir and files open
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Type().IsRegular() {
			os.Chmod(filepath.Join(dir, e.Name()), 0o644)
		}
	}
	os.Chmod(dir, 0o755)
	logs.Reset()
	s, err = Open(context.Background(), Config{DataDir: dir, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	private("a reopened store")
	for _, want := range []string{`"oldMode":"0755"`, "pingan.sqlite (0644)"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("the warnings do not say %s: %s", want, logs.String())
		}
	}
}

// A full disk is told apart from an unreachable store and from other faults, by the errors the stores
// really give: SQLite's through FerretDB, ENOSPC, MongoDB's OutOfDiskSpace.
func TestClassifyStorageErrors(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want *domain.Error
	}{
		{"FerretDB passing on SQLITE_FULL", fmt.Errorf("insert case x: %w", errors.New("(InternalError) [msg_insert.go:168 handler.(*Handler).MsgInsert] [collection.go:135 sqlite.(*collection).InsertAll.func1] database or disk is full (13)")), domain.ErrStorageFull},
		{"SQLite's own words", errors.New("sqlite: step: database or disk is full (13)"), domain.ErrStorageFull},
		{"SQLITE_FULL by name", errors.New("SQLITE_FULL"), domain.ErrStorageFull},
		{"ENOSPC", fmt.Errorf("write wal: %w", &os.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}), domain.ErrStorageFull},
		{"MongoDB out of disk space", mongo.CommandError{Code: 14031, Name: "OutOfDiskSpace", Message: "Disk is full"}, domain.ErrStorageFull},
		{"disconnected", fmt.Errorf("read: %w", mongo.ErrClientDisconnected), domain.ErrStoreUnavailable},
		{"a duplicate key", mongo.WriteException{WriteErrors: []mongo.WriteError{{Code: 11000, Message: "duplicate key"}}}, nil},
		{"anything else", errors.New("boom"), nil},
	}
	for _, c := range cases {
		if got := Classify(c.err); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	if Classify(nil) != nil {
		t.Error("no error classified as one")
	}
}

// A real SQLITE_FULL: the embedded database capped at its size (MaxPages) refuses to grow as on a full
// disk, and the error says so.
func TestEmbeddedStoreReportsAFullDisk(t *testing.T) {
	dir := t.TempDir()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := Open(context.Background(), Config{DataDir: dir, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	s.Close(context.Background())
	s, err = Open(context.Background(), Config{DataDir: dir, MaxPages: 1, Logger: log}) // no growth at all
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	for i := range 200 {
		err = s.InsertUser(context.Background(), &domain.User{ID: fmt.Sprint("u", i), Username: "u", Name: strings.Repeat("名", 300), Role: domain.RoleAdmin})
		if err != nil {
			break
		}
	}
	if Classify(err) != domain.ErrStorageFull {
		t.Fatalf("inserting into a full database: %v, want a full disk", err)
	}
}
