package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"pingan/domain"
	"pingan/domain/casefile"
)

// Hazards, listings, screening places and rounds, 稳评 entries and committees are written through the change
// log like cases: each write is stamped with its record's number, and an instance following the store
// receives every one of them, as stored, in the order written.
func TestDocWritesAreStampedAndFollowed(t *testing.T) {
	t.Parallel()
	s := openTemp(t)
	ctx := context.Background()
	reader, head := overTheWire(t, s)
	var mu sync.Mutex
	var got []string
	note := func(col, id string, seq int64) {
		mu.Lock()
		got = append(got, fmt.Sprintf("%s %s @%d", col, id, seq))
		mu.Unlock()
	}
	f := reader.Follow(ctx, FollowConfig{From: head, Interval: 10 * time.Millisecond, Apply: func(c *domain.Case) { note(colCases, c.ID, c.Seq) },
		Docs: DocReceivers{
			Hazard:     func(h *domain.Hazard) { note(colHazards, h.ID+" v"+fmt.Sprint(h.Version), h.Seq) },
			Listing:    func(l *domain.Listing) { note(colListings, l.ID, l.Seq) },
			Places:     func(l domain.PlaceList) { note(colScreeningPlaces, l.Township, l.Seq) },
			Round:      func(r *domain.Round) { note(colScreeningRounds, r.ID, r.Seq) },
			Assessment: func(a domain.Assessment) { note(colAssessments, a.ID, a.Seq) },
			Committee:  func(c domain.Committee) { note(colCommittees, c.ID, c.Seq) },
		}})
	defer f.Stop()

	hazard := func(version int) func(*domain.Hazard) (*domain.Hazard, error) {
		return func(old *domain.Hazard) (*domain.Hazard, error) {
			if (old == nil) != (version == 1) {
				return nil, fmt.Errorf("version %d: old %v", version, old)
			}
			return &domain.Hazard{ID: "FX-1", TownshipCode: "610902001", Version: version}, nil
		}
	}
	var want []string
	write := func(col, id string, seq *int64, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("write %s %s: %v", col, id, err)
		}
		if *seq == 0 {
			t.Fatalf("%s %s written without a stamp", col, id)
		}
		want = append(want, fmt.Sprintf("%s %s @%d", col, id, *seq))
	}
	h, err := s.SaveHazard(ctx, "FX-1", hazard(1))
	write(colHazards, "FX-1 v1", &h.Seq, err)
	h, err = s.SaveHazard(ctx, "FX-1", hazard(2))
	write(colHazards, "FX-1 v2", &h.Seq, err)
	l, err := s.SaveListing(ctx, "GP-1", func(*domain.Listing) (*domain.Listing, error) { return &domain.Listing{ID: "GP-1"}, nil })
	write(colListings, "GP-1", &l.Seq, err)
	p, err := s.SavePlaces(ctx, "610902001", func(*domain.PlaceList) (*domain.PlaceList, error) { return &domain.PlaceList{}, nil })
	write(colScreeningPlaces, "610902001", &p.Seq, err)
	r := &domain.Round{ID: "610902001-PC2026-0001", TownshipCode: "610902001", Date: "2026-12-01"}
	write(colScreeningRounds, r.ID, &r.Seq, s.InsertRound(ctx, r))
	if err := s.InsertRound(ctx, &domain.Round{ID: r.ID}); err == nil {
		t.Error("a round stored twice under one id")
	}
	a, err := s.SaveAssessment(ctx, "WP-1", func(*domain.Assessment) (*domain.Assessment, error) { return &domain.Assessment{}, nil })
	write(colAssessments, "WP-1", &a.Seq, err)
	c, err := s.SaveCommittee(ctx, "TJ-1", func(*domain.Committee) (*domain.Committee, error) { return &domain.Committee{}, nil })
	write(colCommittees, "TJ-1", &c.Seq, err)
	if _, err := s.SaveHazard(ctx, "FX-1", func(*domain.Hazard) (*domain.Hazard, error) { return nil, domain.ErrHazardNotFound }); !errors.Is(err, domain.ErrHazardNotFound) {
		t.Errorf("a refused change: %v", err)
	}

	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		n := len(got)
		mu.Unlock()
		if n >= len(want) || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	// the follower reads each document as stored now: the hazard's first write may already show version 2,
	// received for both of its records
	got = slices.Compact(got)
	if len(got) > 0 && got[0] == want[1] {
		want = want[1:]
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("followed\n%v\nwant\n%v", got, want)
	}
	if st := f.Status(); st.LastSeq != h.Seq+5 || st.Skipped != 0 {
		t.Errorf("follower status %+v, want last change %d, none skipped (the void one passed)", st, h.Seq+5)
	}
}

// overTheWire opens another instance's view of s, through the driver, and reads the change head.
func overTheWire(t *testing.T, s *Store) (*Store, ChangeMark) {
	t.Helper()
	ctx := context.Background()
	reader, err := Open(ctx, Config{MongoURI: s.EmbeddedURI(), Logger: s.log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { reader.Close(ctx) })
	head, err := reader.ChangeHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return reader, head
}

// Two instances writing one document (on a real MongoDB; here two clients of one FerretDB, which check the
// stamp the same way): the write overtaken by the other's is refused, and its change is made again on the
// document as the other left it, so neither is lost.
func TestSaveOneRetriesWhenOvertaken(t *testing.T) {
	t.Parallel()
	s := openTemp(t)
	ctx := context.Background()
	one, _ := overTheWire(t, s)
	two, _ := overTheWire(t, s)
	addMediator := func(name string) func(old *domain.Committee) (*domain.Committee, error) {
		return func(old *domain.Committee) (*domain.Committee, error) {
			c := &domain.Committee{Name: "城关调委会"}
			if old != nil {
				c = old
			}
			c.Mediators = append(c.Mediators, domain.Mediator{Name: name})
			c.Version++
			return c, nil
		}
	}
	if _, err := one.SaveCommittee(ctx, "TJ-1", addMediator("甲")); err != nil {
		t.Fatal(err)
	}
	calls := 0
	saved, err := one.SaveCommittee(ctx, "TJ-1", func(old *domain.Committee) (*domain.Committee, error) {
		calls++
		if calls == 1 { // the other instance writes between this one's read and write
			if _, err := two.SaveCommittee(ctx, "TJ-1", addMediator("乙")); err != nil {
				t.Fatal(err)
			}
		}
		return addMediator("丙")(old)
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls != 2 {
		t.Errorf("the change ran %d times, want 2 (overtaken once)", calls)
	}
	stored, err := findByID[domain.Committee](ctx, s.db.Collection(colCommittees), "TJ-1", errNone)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range stored.Mediators {
		names = append(names, m.Name)
	}
	if fmt.Sprint(names) != "[甲 乙 丙]" || stored.Version != 3 || stored.Seq != saved.Seq {
		t.Errorf("stored mediators %v, version %d, stamp %d (saved %d); want [甲 乙 丙], 3, the last write's", names,
			stored.Version, stored.Seq, saved.Seq)
	}
	// two new documents under one id: the second insert is overtaken too, and becomes a replacement
	calls = 0
	_, err = one.SaveCommittee(ctx, "TJ-2", func(old *domain.Committee) (*domain.Committee, error) {
		calls++
		if calls == 1 {
			if _, err := two.SaveCommittee(ctx, "TJ-2", addMediator("丁")); err != nil {
				t.Fatal(err)
			}
		}
		return addMediator("戊")(old)
	})
	if err != nil || calls != 2 {
		t.Errorf("an overtaken insert: %v after %d calls", err, calls)
	}
}

// A file uploaded through one instance is listed by the others once whole, and dropped once deleted.
func TestAttachmentsAreFollowed(t *testing.T) {
	t.Parallel()
	s := openTemp(t)
	ctx := context.Background()
	reader, head := overTheWire(t, s)
	events := make(chan string, 10)
	f := reader.Follow(ctx, FollowConfig{From: head, Interval: 10 * time.Millisecond, Apply: func(*domain.Case) {},
		Docs: DocReceivers{
			Attachment:     func(a casefile.Attachment) { events <- fmt.Sprintf("put %s of %s @%d", a.ID, a.CaseID, a.Seq) },
			AttachmentGone: func(id string) { events <- "gone " + id },
		}})
	defer f.Stop()
	next := func(want string) {
		t.Helper()
		select {
		case got := <-events:
			if got != want {
				t.Errorf("followed %q, want %q", got, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("nothing followed, want %q", want)
		}
	}
	a := &casefile.Attachment{ID: "f1", CaseID: "610902001-2026-000001", Name: "协议.pdf", Size: 3}
	if err := s.SaveAttachment(ctx, a, []byte("pdf")); err != nil {
		t.Fatal(err)
	}
	next(fmt.Sprintf("put f1 of 610902001-2026-000001 @%d", a.Seq))
	if err := s.DeleteAttachment(ctx, a); err != nil {
		t.Fatal(err)
	}
	next("gone f1")

	x := casefile.NewIndex() // what the receivers feed: the index drops a file known by its id alone
	x.Put(*a)
	x.RemoveID("f1")
	x.RemoveID("no-such-file")
	if x.Len() != 0 || len(x.List(a.CaseID)) != 0 {
		t.Errorf("after RemoveID the index holds %d files", x.Len())
	}
}
