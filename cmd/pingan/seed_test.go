package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"pingan/domain"
	"pingan/handlers"
	"pingan/handlers/handlerstest"
	"pingan/internal/recount"
	"pingan/store"
)

var seedNow = time.Date(2026, 3, 15, 10, 30, 0, 0, domain.Shanghai)

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func openStore(t *testing.T, dir string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), store.Config{DataDir: dir, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// seedInto writes demo cases into a new store under dir and closes it.
func seedInto(t *testing.T, dir string, opt seedOptions) seedSummary {
	t.Helper()
	off, err := openOffline(context.Background(), handlers.Config{DataDir: dir, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	defer off.st.Close(context.Background())
	sum, err := seedCases(context.Background(), off.cases, off.regions, opt, func(int) {})
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
	return sum
}

// storedCases reads every case of the store under dir, ordered by id.
func storedCases(t *testing.T, dir string) []*domain.Case {
	t.Helper()
	st := openStore(t, dir)
	defer st.Close(context.Background())
	var out []*domain.Case
	keep := func(c *domain.Case) error { // c may be reused for the next case
		cp := *c
		out = append(out, &cp)
		return nil
	}
	if err := st.EachCase(context.Background(), keep); err != nil {
		t.Fatal(err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func smallSeed(seed uint64) seedOptions {
	return seedOptions{Disputes: 200, Petitions: 30, From: seedNow.AddDate(-1, 0, 0), Now: seedNow, Seed: seed}
}

func TestSeedIsDeterministic(t *testing.T) {
	t.Parallel()
	dirA, dirB, dirC := t.TempDir(), t.TempDir(), t.TempDir()
	seedInto(t, dirA, smallSeed(7))
	seedInto(t, dirB, smallSeed(7))
	seedInto(t, dirC, smallSeed(8))
	a, b, c := storedCases(t, dirA), storedCases(t, dirB), storedCases(t, dirC)
	if len(a) != 230 || len(b) != 230 {
		t.Fatalf("%d and %d cases stored, want 230", len(a), len(b))
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if !bytes.Equal(ja, jb) {
		for i := range a {
			if x, y := mustJSON(a[i]), mustJSON(b[i]); x != y {
				t.Fatalf("same seed, different case %d:\n%s\n%s", i, x, y)
			}
		}
	}
	if jc, _ := json.Marshal(c); bytes.Equal(ja, jc) {
		t.Fatal("another seed gave the same cases")
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// The seeded figures are what the server reports at its next start, and they look like Ankang's.
func TestSeedFiguresMatchTheReport(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	opt := seedOptions{Disputes: 800, Petitions: 120, From: seedNow.AddDate(-2, 0, 0), Now: seedNow, Seed: 1}
	sum := seedInto(t, dir, opt)

	// Recount from the stored cases' timelines with the report definitions (DESIGN.md, Figures leaders read).
	cases := storedCases(t, dir)
	all := func(*domain.Case) bool { return true }
	window := recount.Window{End: domain.DayAfter(seedNow).Add(-time.Millisecond), Now: seedNow}
	var want struct {
		d domain.DisputeFigures
		p domain.PetitionFigures
	}
	want.d, want.p = recount.Disputes(cases, all, window), recount.Petitions(cases, all, window)
	categories := map[string]int{}
	risks := map[string]int{}
	for _, c := range cases {
		if c.Kind == domain.KindDispute {
			categories[c.Category]++
			risks[c.RiskLevel]++
		}
	}

	app, err := handlers.New(context.Background(), handlers.Config{DataDir: dir, AdminPassword: "Admin-pass-2026",
		JWTSecret: "test-secret-0123456789abcdef", Logger: quietLogger(), Now: func() time.Time { return seedNow },
		Announce: func(string) {}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app.Handler())
	defer func() { srv.Close(); app.Shutdown(context.Background()) }()
	client := &handlerstest.Client{Base: srv.URL}
	token := client.Login(t, "admin", "Admin-pass-2026")
	var rep struct {
		Totals struct {
			Disputes  domain.DisputeFigures  `json:"disputes"`
			Petitions domain.PetitionFigures `json:"petitions"`
		} `json:"totals"`
		Rows []json.RawMessage `json:"rows"`
	}
	r := client.Must(t, "GET", "/api/v1/reports/resolution?groupBy=township", token, nil)
	if err := json.Unmarshal(r.Raw, &rep); r.Status != 200 || err != nil {
		t.Fatalf("report: %d %s", r.Status, r.Raw)
	}
	got := rep.Totals
	for _, f := range []struct {
		name      string
		got, want int
	}{
		{"disputes.registered", got.Disputes.Registered, want.d.Registered},
		{"disputes.accepted", got.Disputes.Accepted, want.d.Accepted},
		{"disputes.resolved", got.Disputes.Resolved, want.d.Resolved},
		{"disputes.failed", got.Disputes.Failed, want.d.Failed},
		{"disputes.pending", got.Disputes.Pending, want.d.Pending},
		{"disputes.followUps", got.Disputes.FollowUps, want.d.FollowUps},
		{"disputes.overdue", got.Disputes.Overdue, want.d.Overdue},
		{"petitions.total", got.Petitions.Total, want.p.Total},
		{"petitions.clearedAtEnd", got.Petitions.ClearedAtEnd, want.p.ClearedAtEnd},
		{"petitions.open", got.Petitions.Open, want.p.Open},
		{"petitions.overdue", got.Petitions.Overdue, want.p.Overdue},
		{"seed summary: resolved", sum.resolved, want.d.Resolved},
		{"seed summary: open petitions", sum.petitionOpen, want.p.Open},
		{"seed summary: overdue petitions", sum.petitionOverdue, want.p.Overdue},
		{"seed summary: open supervisions", sum.supervised, got.Disputes.Supervised + got.Petitions.Supervised},
	} {
		if f.got != f.want {
			t.Errorf("%s: %d, recount %d", f.name, f.got, f.want)
		}
	}
	if len(rep.Rows) != 139 {
		t.Errorf("%d township rows, want 139", len(rep.Rows))
	}

	// Plausible shares: nearly all concluded disputes resolved, a fifth to a third of petitions open,
	// neighbour disputes most common, red rare.
	resolvedShare := float64(want.d.Resolved) / float64(want.d.Resolved+want.d.Failed)
	openShare := float64(want.p.Open) / float64(want.p.Total)
	t.Logf("resolved %.2f%% of concluded disputes; %.1f%% petitions open, %d overdue; categories %v; risks %v",
		100*resolvedShare, 100*openShare, want.p.Overdue, categories, risks)
	if resolvedShare < 0.97 || resolvedShare > 0.995 {
		t.Errorf("resolved share %.4f, want about 0.987", resolvedShare)
	}
	if openShare < 0.15 || openShare > 0.4 {
		t.Errorf("open petitions %.2f, want a fifth to a third", openShare)
	}
	if want.p.Overdue == 0 {
		t.Error("no overdue petitions")
	}
	if sum.supervised == 0 || sum.supervised > 40 {
		t.Errorf("%d supervisions await feedback, want a few", sum.supervised)
	}
	for _, c := range []string{"marriage_family", "housing_homestead", "forest_land"} {
		if categories["neighbor"] < categories[c] || categories[c] < categories["medical"] {
			t.Errorf("category shares off: %v", categories)
		}
	}
	if risks["red"] > 10 || risks["orange"] > 60 || risks["orange"] < 10 {
		t.Errorf("risk levels off: %v", risks)
	}
}

// run runs the binary with the data dir and a pinned now, returning its exit code, stdout and stderr.
func run(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), "PINGAN_DATA_DIR="+dir, "PINGAN_LOG_LEVEL=error", "PINGAN_SEED_NOW=2026-03-15T10:30:00+08:00")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, stdout.String(), stderr.String()
}

// Demo data never lands in a store that holds cases, unless asked to.
func TestSeedCommandTouchesOnlyAnEmptyStore(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	steps := []struct {
		args   []string
		code   int
		stdout string
		stderr string
		cases  int
	}{
		{[]string{"seed", "--disputes", "40", "--petitions", "5", "--seed", "3"}, 0, "演示数据已写入 45 件", "written 45/45", 45},
		{[]string{"seed", "--disputes", "40"}, 1, "", "数据库中已有案件，未写入演示数据", 45},
		{[]string{"seed", "--disputes", "40", "--if-empty"}, 0, "nothing written", "", 45},
		{[]string{"seed", "--petitions", "10", "--append"}, 0, "演示数据已写入 10 件", "", 55},
		{[]string{"seed"}, 2, "", "nothing to write", 55},
		{[]string{"seed", "--disputes", "5", "--from", "2030-01-01"}, 2, "", "is not before now", 55},
		{[]string{"seed", "--disputes", "5", "--from", "yesterday"}, 2, "", "--from", 55},
		{[]string{"seed", "--disputes", "5", "--append", "--if-empty"}, 2, "", "exclude each other", 55},
	}
	for _, s := range steps {
		code, stdout, stderr := run(t, dir, s.args...)
		if code != s.code || !strings.Contains(stdout, s.stdout) || !strings.Contains(stderr, s.stderr) {
			t.Fatalf("%v: exit %d, stdout %q, stderr %q; want exit %d with %q / %q", s.args, code, stdout, stderr, s.code, s.stdout, s.stderr)
		}
		if n := len(storedCases(t, dir)); n != s.cases {
			t.Fatalf("%v: %d cases stored, want %d", s.args, n, s.cases)
		}
	}
	code, stdout, stderr := run(t, dir, "seed", "--help")
	if code != 0 || !strings.Contains(stdout+stderr, "server stopped") {
		t.Errorf("seed --help: exit %d, says nothing about stopping the server", code)
	}
}

func TestSeedOptions(t *testing.T) {
	now := time.Date(2026, 3, 15, 10, 30, 45, 123, time.UTC)
	opt, err := seedOptionsFrom(10, 2, "", 5, "", now)
	if err != nil {
		t.Fatal(err)
	}
	if !opt.Now.Equal(now.Truncate(time.Second)) || !opt.From.Equal(opt.Now.AddDate(-2, 0, 0)) {
		t.Errorf("now %v from %v", opt.Now, opt.From)
	}
	opt, err = seedOptionsFrom(10, 2, "2025-01-01", 5, "2026-01-01", now)
	if err != nil {
		t.Fatal(err)
	}
	if !opt.Now.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, domain.Shanghai)) || !opt.From.Equal(time.Date(2025, 1, 1, 0, 0, 0, 0, domain.Shanghai)) {
		t.Errorf("pinned: now %v from %v", opt.Now, opt.From)
	}
	for _, bad := range []struct {
		d, p      int
		from, pin string
	}{{-1, 5, "", ""}, {0, 0, "", ""}, {5, 0, "1999-12-31", ""}, {5, 0, "", "soon"}} {
		if _, err := seedOptionsFrom(bad.d, bad.p, bad.from, 1, bad.pin, now); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}

// Every seeded case went through the domain: its timeline is a valid path, times never decrease, none
// lies after now, case numbers follow registration order per township and year.
func TestSeededCasesFollowTheirLifecycle(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	seedInto(t, dir, smallSeed(11))
	cases := storedCases(t, dir)
	last := map[string]time.Time{} // township-year → registration of the previous number
	for _, c := range cases {
		if len(c.Timeline) != c.Version {
			t.Errorf("%s: %d timeline entries at version %d", c.ID, len(c.Timeline), c.Version)
		}
		prev := c.RegisteredAt
		for _, e := range c.Timeline {
			if e.At.Before(prev) || e.At.After(seedNow) {
				t.Errorf("%s: %s at %v out of order or after now", c.ID, e.Action, e.At)
			}
			prev = e.At
		}
		key := c.ID[:len(c.ID)-7]
		if c.RegisteredAt.Before(last[key]) {
			t.Errorf("%s registered before the case numbered before it", c.ID)
		}
		last[key] = c.RegisteredAt
		switch {
		case c.Kind == domain.KindDispute && !reflect.DeepEqual(c.CreatedBy, domain.Actor{ID: "seed", Name: "演示数据"}):
			t.Errorf("%s registered by %v", c.ID, c.CreatedBy)
		case c.Kind == domain.KindPetition && c.CreatedBy.ID != "seed-petition-"+c.Petition.AssignerRegion:
			t.Errorf("%s assigned by %v, its assigning office is %s", c.ID, c.CreatedBy, c.Petition.AssignerRegion)
		}
	}
}

// BenchmarkSeed writes 1,000 demo cases (97 % disputes) per iteration into one embedded store, generation
// through the domain included; cases/s is the figure for docs/BENCHMARKS.md.
func BenchmarkSeed(b *testing.B) {
	off, err := openOffline(context.Background(), handlers.Config{DataDir: b.TempDir(), Logger: quietLogger()})
	if err != nil {
		b.Fatal(err)
	}
	defer off.st.Close(context.Background())
	seed := uint64(0)
	for b.Loop() {
		seed++
		opt := seedOptions{Disputes: 970, Petitions: 30, From: seedNow.AddDate(-2, 0, 0), Now: seedNow, Seed: seed}
		if _, err := seedCases(context.Background(), off.cases, off.regions, opt, func(int) {}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*1000)/b.Elapsed().Seconds(), "cases/s")
}
