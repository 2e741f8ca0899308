package store

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"pingan/domain"
)

func changeCase(township string) *domain.Case {
	reg := time.Date(2026, 3, 2, 9, 0, 0, 0, domain.Shanghai)
	return &domain.Case{
		Kind: domain.KindDispute, Status: domain.StatusRegistered, Version: 1, Title: "邻里纠纷",
		Category: "neighbor", TownshipCode: township, CountyCode: township[:6], RiskLevel: "blue",
		RegisteredAt: reg, CreatedAt: reg, UpdatedAt: reg,
	}
}

func bump(c *domain.Case) error { c.Version++; return nil }

func readChange(t *testing.T, s *Store, seq int64) changeRecord {
	t.Helper()
	rec, ok, err := s.changeRecord(context.Background(), seq)
	if err != nil || !ok {
		t.Fatalf("change %d: found %v, %v", seq, ok, err)
	}
	return rec
}

// Every case write appends one record naming the case, and the case carries the record's number.
func TestCaseWritesAppendChangeRecords(t *testing.T) {
	t.Parallel()
	s := openTemp(t)
	ctx := context.Background()
	a, b := changeCase("610902001"), changeCase("610902002")
	for _, c := range []*domain.Case{a, b} {
		if err := s.InsertCase(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	updated, err := s.UpdateCase(ctx, a.ID, bump)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		seq  int64
		id   string
		seen int64 // the Seq the write stored
	}{{1, a.ID, a.Seq}, {2, b.ID, b.Seq}, {3, a.ID, updated.Seq}}
	for _, w := range want {
		rec := readChange(t, s, w.seq)
		if !slices.Equal(rec.CaseIDs, []string{w.id}) || rec.Void || rec.At.IsZero() {
			t.Errorf("change %d: %+v, want case %s", w.seq, rec, w.id)
		}
		if w.seen != w.seq {
			t.Errorf("case %s written with Seq %d, want %d", w.id, w.seen, w.seq)
		}
	}
	stored, _ := s.GetCase(ctx, a.ID)
	if stored.Seq != 3 {
		t.Errorf("stored Seq %d, want 3", stored.Seq)
	}
	if head, _ := s.ChangeHead(ctx); head.Seq != 3 {
		t.Errorf("head %d, want 3", head.Seq)
	}
	// A change that the domain refuses writes nothing, record included.
	if _, err := s.UpdateCase(ctx, a.ID, func(*domain.Case) error { return domain.ErrInvalidTransition }); err == nil {
		t.Fatal("refused change: no error")
	}
	if _, ok, _ := s.changeRecord(ctx, 4); ok {
		t.Error("a refused change left a record")
	}
}

// A case write that fails after its record voids the record, so followers skip it at once.
func TestFailedCaseWriteVoidsItsChange(t *testing.T) {
	t.Parallel()
	s := openTemp(t)
	ctx := context.Background()
	squatter := changeCase("610902001")
	squatter.ID = "610902001-2026-000001" // the number the township's counter hands out next
	if _, err := s.db.Collection(colCases).InsertOne(ctx, squatter); err != nil {
		t.Fatal(err)
	}
	if err := s.InsertCase(ctx, changeCase("610902001")); err == nil {
		t.Fatal("insert over an existing case number: no error")
	}
	if rec := readChange(t, s, 1); !rec.Void {
		t.Errorf("change of the failed insert not void: %+v", rec)
	}
}

// Followers read the change log by _id alone, and FerretDB must push that lookup down to SQLite (it does so
// only for a string or ObjectID _id): otherwise every poll would scan the whole log.
func TestChangeLookupIsPushedDown(t *testing.T) {
	t.Parallel()
	s := openTemp(t)
	ctx := context.Background()
	if err := s.InsertCase(ctx, changeCase("610902001")); err != nil {
		t.Fatal(err)
	}
	var out bson.M
	err := s.db.RunCommand(ctx, bson.D{{Key: "explain", Value: bson.D{{Key: "find", Value: colChanges},
		{Key: "filter", Value: bson.D{{Key: "_id", Value: changeID(1)}}}, {Key: "limit", Value: 1}}}}).Decode(&out)
	if err != nil {
		t.Fatal(err)
	}
	if out["filterPushdown"] != true {
		t.Fatalf("the change lookup is not pushed down: %v", out)
	}
}

// Counted from the highest record at start: a restart continues the sequence, past holes, and a counter
// that is behind anyway (a hole wider than the probe) moves past the records it collides with.
func TestChangeSequenceContinuesAcrossRestarts(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := Open(ctx, Config{DataDir: dir, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	col := s.db.Collection(colChanges)
	for _, seq := range []int64{1, 2, 3, 4, 5, 7, 8, 40} { // a hole at 6 below the head, and 9–39 one wider than the probe
		if _, err := col.InsertOne(ctx, changeRecord{ID: changeID(seq), CaseIDs: []string{"x"}, At: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	s.Close(ctx)

	s, err = Open(ctx, Config{DataDir: dir, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(ctx)
	if head, _ := s.ChangeHead(ctx); head.Seq != 8 {
		t.Fatalf("head after restart %d, want 8", head.Seq)
	}
	var seqs []int64
	for i := 0; i < 33; i++ { // 9 … 39, then 40 collides and is passed
		c := changeCase("610902001")
		if err := s.InsertCase(ctx, c); err != nil {
			t.Fatal(err)
		}
		seqs = append(seqs, c.Seq)
	}
	if seqs[0] != 9 || seqs[30] != 39 || seqs[31] != 41 || seqs[32] != 42 {
		t.Fatalf("sequence numbers %v: want 9…39, 41, 42", seqs)
	}
}

// Concurrent writes get distinct sequence numbers, every one with its record.
func TestConcurrentWritesGetDistinctChanges(t *testing.T) {
	t.Parallel()
	s := openTemp(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := s.InsertCase(ctx, changeCase(fmt.Sprintf("6109020%02d", 1+i%5))); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	for seq := int64(1); seq <= 20; seq++ {
		readChange(t, s, seq)
	}
	if head, _ := s.ChangeHead(ctx); head.Seq != 20 {
		t.Errorf("head %d, want 20", head.Seq)
	}
}

// followerHarness drives a follower's poll by hand, with a clock the test moves.
type followerHarness struct {
	t       *testing.T
	s       *Store
	f       *Follower
	now     time.Time
	applied []string
}

func newHarness(t *testing.T) *followerHarness {
	h := &followerHarness{t: t, s: openTemp(t), now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	h.follow(ChangeMark{})
	return h
}

// follow replaces the follower with one starting from mark.
func (h *followerHarness) follow(from ChangeMark) {
	h.f = newFollower(h.s, FollowConfig{From: from, HoleWait: 3 * time.Second, Now: func() time.Time { return h.now },
		Apply: func(c *domain.Case) { h.applied = append(h.applied, fmt.Sprintf("%s@%d", c.ID, c.Seq)) }})
}

// poll runs one round at the harness's clock and returns what it applied.
func (h *followerHarness) poll(after time.Duration) []string {
	h.t.Helper()
	h.now = h.now.Add(after)
	h.applied = nil
	if err := h.f.poll(context.Background()); err != nil {
		h.t.Fatal(err)
	}
	return h.applied
}

// write stores a new case the way InsertCase does and returns "id@seq".
func (h *followerHarness) write(township string) string {
	h.t.Helper()
	c := changeCase(township)
	if err := h.s.InsertCase(context.Background(), c); err != nil {
		h.t.Fatal(err)
	}
	return fmt.Sprintf("%s@%d", c.ID, c.Seq)
}

// hole takes a sequence number and writes nothing: a writer that crashed before its record.
func (h *followerHarness) hole() int64 {
	seq, err := h.s.nextChangeSeq(context.Background())
	if err != nil {
		h.t.Fatal(err)
	}
	return seq
}

// fill writes the record of a taken number and then its case: a writer that was only slow.
func (h *followerHarness) fill(seq int64, township string) string {
	h.t.Helper()
	ctx := context.Background()
	c := changeCase(township)
	c.ID, c.Seq = township+"-2026-999999", seq
	if _, err := h.s.db.Collection(colChanges).InsertOne(ctx, changeRecord{ID: changeID(seq), CaseIDs: []string{c.ID}, At: h.now}); err != nil {
		h.t.Fatal(err)
	}
	if _, err := h.s.db.Collection(colCases).InsertOne(ctx, c); err != nil {
		h.t.Fatal(err)
	}
	return fmt.Sprintf("%s@%d", c.ID, seq)
}

func (h *followerHarness) expect(step string, got []string, want ...string) {
	h.t.Helper()
	if !slices.Equal(got, want) {
		h.t.Errorf("%s: applied %v, want %v", step, got, want)
	}
}

// A hole (a number whose record never comes while later ones exist) holds the follower for HoleWait, then
// is skipped; the writes after it are applied in order.
func TestFollowerSkipsAHoleAfterHoleWait(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	a := h.write("610902001")
	h.hole()
	b := h.write("610902002")
	h.expect("first poll", h.poll(0), a)
	h.expect("1 s later", h.poll(time.Second))
	h.expect("2.9 s after the hole was seen", h.poll(1900*time.Millisecond))
	if st := h.f.Status(); st.Skipped != 0 || st.LastSeq != 1 || st.StalenessMs < 2900 {
		t.Errorf("while held: %+v, want nothing skipped, lastSeq 1, staleness ≥ 2.9 s", st)
	}
	h.expect("3 s after", h.poll(100*time.Millisecond), b)
	st := h.f.Status()
	if st.Skipped != 1 || st.LastSeq != 3 || h.f.last != 3 {
		t.Errorf("after the skip: %+v (last %d), want 1 skipped, lastSeq 3", st, h.f.last)
	}
	h.expect("idle", h.poll(250*time.Millisecond))
	if st := h.f.Status(); st.StalenessMs != 0 {
		t.Errorf("caught up but staleness %d ms", st.StalenessMs)
	}
}

// A hole that fills within HoleWait (two writers racing) holds the follower only until it fills.
func TestFollowerWaitsForAHoleThatFills(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	seq := h.hole()
	b := h.write("610902002")
	h.expect("hole open", h.poll(0))
	a := h.fill(seq, "610902001")
	h.expect("hole filled", h.poll(250*time.Millisecond), a, b)
	if st := h.f.Status(); st.Skipped != 0 || st.LastSeq != 2 {
		t.Errorf("%+v, want nothing skipped, lastSeq 2", st)
	}
}

// A hole two wide is seen by the look further ahead; once it fills the follower is caught up at once.
func TestFollowerWaitsForAWideHoleThatFills(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	first, second := h.hole(), h.hole()
	c := h.write("610902003")
	h.expect("wide hole open", h.poll(0))
	a, b := h.fill(first, "610902001"), h.fill(second, "610902002")
	h.expect("filled", h.poll(250*time.Millisecond), a, b, c)
	if st := h.f.Status(); st.Skipped != 0 || st.StalenessMs != 0 {
		t.Errorf("%+v, want nothing skipped and caught up", st)
	}
}

// A missing next record with nothing after it is no hole: the follower is idle and caught up, however long.
func TestFollowerIdleIsNoHole(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.hole() // taken, its writer still busy
	h.expect("idle", h.poll(0))
	h.expect("idle long after", h.poll(time.Minute))
	if st := h.f.Status(); st.Skipped != 0 || st.StalenessMs != 0 {
		t.Errorf("%+v, want nothing skipped and staleness 0", st)
	}
	b := h.write("610902002") // now the number below is a hole; it is waited for from here
	h.expect("hole seen", h.poll(time.Second))
	h.expect("skipped", h.poll(3*time.Second), b)
}

// A skipped change whose writer was only slow is still applied when it arrives within a minute.
func TestFollowerAppliesALateChange(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	seq := h.hole()
	b := h.write("610902002")
	h.poll(0)
	h.expect("skipped", h.poll(3*time.Second), b)
	a := h.fill(seq, "610902001")
	h.expect("late arrival", h.poll(10*time.Second), a)
	h.expect("once", h.poll(time.Second))
}

// A record whose case write has not landed holds the follower until the case carries its number;
// a void record is passed at once.
func TestFollowerWaitsForTheCaseWriteAndPassesVoidRecords(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	a := changeCase("610902001")
	if err := h.s.InsertCase(ctx, a); err != nil {
		t.Fatal(err)
	}
	h.poll(0)
	// An update announced but not written yet.
	next, err := h.s.recordChanges(ctx, &domain.Case{ID: a.ID})
	if err != nil {
		t.Fatal(err)
	}
	h.expect("record without its write", h.poll(time.Second))
	voided, _ := h.s.recordChanges(ctx, &domain.Case{ID: a.ID})
	h.s.voidChange(voided)
	a.Version, a.Seq = 2, next
	if _, err := h.s.db.Collection(colCases).ReplaceOne(ctx, bson.D{{Key: "_id", Value: a.ID}}, a); err != nil {
		t.Fatal(err)
	}
	h.expect("the write landed, the void record passed", h.poll(time.Second), fmt.Sprintf("%s@%d", a.ID, next))
	if h.f.last != voided {
		t.Errorf("last %d, want %d", h.f.last, voided)
	}
}

// At start a follower reads again only the changes up to its starting point that were announced recently
// enough to have been landing while the case index was loaded.
func TestFollowerReplaysOnlyWritesThatMayHaveBeenInFlight(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		readAt  time.Duration // when the head was read, after the writes
		replays int
	}{
		{"head read moments after the writes", time.Second, 3},
		{"head read long after the writes", inFlightLimit + time.Minute, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			for _, town := range []string{"610902001", "610902002", "610902003"} {
				h.write(town)
			}
			h.follow(ChangeMark{Seq: 3, At: time.Now().Add(tc.readAt)})
			if got := h.poll(0); len(got) != tc.replays {
				t.Errorf("read again %v, want %d cases", got, tc.replays)
			}
			if st := h.f.Status(); st.LastSeq != 3 || st.LagMs != 0 {
				t.Errorf("%+v, want lastSeq 3 and no lag from changes read again", st)
			}
		})
	}
}

// On the embedded store the process is the only writer and follows nobody; an instance that reaches the
// same FerretDB over the wire finds no change streams there and polls, and sees the writer's cases.
func TestFollowChoosesItsModeAndFollowsOverTheWire(t *testing.T) {
	t.Parallel()
	s := openTemp(t)
	ctx := context.Background()
	self := s.Follow(ctx, FollowConfig{Apply: func(*domain.Case) { t.Error("the only writer applied a change") }})
	defer self.Stop()
	if m := self.Status().Mode; m != FollowNone {
		t.Errorf("embedded store: mode %s, want none", m)
	}
	if err := s.InsertCase(ctx, changeCase("610902001")); err != nil {
		t.Fatal(err)
	}

	reader, err := Open(ctx, Config{MongoURI: s.EmbeddedURI(), Logger: s.log})
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close(ctx)
	if reader.FerretDB() == "" {
		t.Error("FerretDB not recognised in buildInfo")
	}
	head, err := reader.ChangeHead(ctx)
	if err != nil || head.Seq != 1 {
		t.Fatalf("head over the wire %d, %v; want 1", head.Seq, err)
	}
	got := make(chan *domain.Case, 10)
	f := reader.Follow(ctx, FollowConfig{From: head, Interval: 20 * time.Millisecond, Apply: func(c *domain.Case) { got <- c }})
	defer f.Stop()
	if st := f.Status(); st.Mode != FollowPoll {
		t.Fatalf("over the wire to FerretDB: %+v, want poll", st)
	}
	<-got // the first case, read again: it was written moments before the head was read
	c := changeCase("610902003")
	if err := s.InsertCase(ctx, c); err != nil {
		t.Fatal(err)
	}
	select {
	case seen := <-got:
		if seen.ID != c.ID || seen.Seq != 2 {
			t.Errorf("followed %s@%d, want %s@2", seen.ID, seen.Seq, c.ID)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the write was not followed")
	}
}

// The write path's extra cost: one small insert per case write (compare with BenchmarkUpdateCase).
func BenchmarkRecordChange(b *testing.B) {
	s := openTemp(b)
	ctx := context.Background()
	c := &domain.Case{ID: "610902001-2026-000001"}
	for b.Loop() {
		if _, err := s.recordChanges(ctx, c); err != nil {
			b.Fatal(err)
		}
	}
}

// A case action as the handlers do it: read, change, record, replace.
func BenchmarkUpdateCase(b *testing.B) {
	s := openTemp(b)
	ctx := context.Background()
	c := changeCase("610902001")
	c.Timeline = make([]domain.TimelineEntry, 6)
	if err := s.InsertCase(ctx, c); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := s.UpdateCase(ctx, c.ID, bump); err != nil {
			b.Fatal(err)
		}
	}
}

// Staleness: from a write's acknowledgement on the embedded store to its application by a poll follower
// over the wire (the default 250 ms interval), written at random moments of the poll cycle.
func BenchmarkFollowDelay(b *testing.B) {
	s := openTemp(b)
	ctx := context.Background()
	reader, err := Open(ctx, Config{MongoURI: s.EmbeddedURI(), Logger: s.log})
	if err != nil {
		b.Fatal(err)
	}
	defer reader.Close(ctx)
	got := make(chan string, 16)
	f := reader.Follow(ctx, FollowConfig{Apply: func(c *domain.Case) { got <- c.ID }})
	defer f.Stop()
	var total, worst time.Duration
	n := 0
	for b.Loop() {
		time.Sleep(time.Duration(rand.Int64N(int64(250 * time.Millisecond))))
		c := changeCase("610902001")
		if err := s.InsertCase(ctx, c); err != nil {
			b.Fatal(err)
		}
		written := time.Now()
		for id := range got {
			if id == c.ID {
				break
			}
		}
		d := time.Since(written)
		total, worst, n = total+d, max(worst, d), n+1
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(n), "ms-mean-delay")
	b.ReportMetric(float64(worst.Milliseconds()), "ms-max-delay")
}
