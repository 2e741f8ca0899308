package store

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"pingan/domain"
)

// bulkBatch is how many cases one InsertMany carries, and bulkWriters how many batches are in flight.
const (
	bulkBatch   = 500
	bulkWriters = 2
)

// NextSeqN reserves n consecutive values of the counter key in one $inc and returns the first of them
// (1 for a new counter). Like NextSeq it is atomic on MongoDB and under the per-key lock on the embedded store.
func (s *Store) NextSeqN(ctx context.Context, key string, n int64) (first int64, err error) {
	if n < 1 {
		return 0, fmt.Errorf("counter %s: reserve %d values", key, n)
	}
	unlock := s.locks.Lock(colCounters + "/" + key)
	defer unlock()
	var doc struct {
		Seq int64 `bson:"seq"`
	}
	err = s.db.Collection(colCounters).FindOneAndUpdate(ctx,
		bson.D{{Key: "_id", Value: key}},
		bson.D{{Key: "$inc", Value: bson.D{{Key: "seq", Value: n}}}},
		options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After),
	).Decode(&doc)
	if err != nil {
		return 0, fmt.Errorf("counter %s: %w", key, err)
	}
	return doc.Seq - n + 1, nil
}

// HasCases reports whether the store holds any case at all.
func (s *Store) HasCases(ctx context.Context) (bool, error) {
	err := s.db.Collection(colCases).FindOne(ctx, bson.D{}, options.FindOne().SetProjection(bson.D{{Key: "_id", Value: 1}})).Err()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("look for cases: %w", err)
	}
	return true, nil
}

// InsertCasesBulk numbers many new cases and stores them. Each township-year counter is advanced once for
// all its cases, and its numbers follow registration order (ties keep the slice's order); then the cases go
// in with InsertMany in batches, each batch one write in the change log. The cases get their ID, CaseNo and
// Seq set. When a batch fails, the cases this call already stored are deleted again (best effort, by _id)
// and its change records voided, so a failed call leaves no half import behind; the reserved numbers stay
// unused.
func (s *Store) InsertCasesBulk(ctx context.Context, cases []*domain.Case) error {
	type group struct {
		township string
		year     int
		members  []int
	}
	groups := map[string]*group{}
	var keys []string
	for i, c := range cases {
		year := domain.CaseYear(c.RegisteredAt)
		key := caseCounterKey(c.TownshipCode, year)
		g := groups[key]
		if g == nil {
			g = &group{township: c.TownshipCode, year: year}
			groups[key] = g
			keys = append(keys, key)
		}
		g.members = append(g.members, i)
	}
	for _, key := range keys {
		g := groups[key]
		sort.SliceStable(g.members, func(a, b int) bool {
			return cases[g.members[a]].RegisteredAt.Before(cases[g.members[b]].RegisteredAt)
		})
		first, err := s.NextSeqN(ctx, key, int64(len(g.members)))
		if err != nil {
			return err
		}
		for k, i := range g.members {
			no := domain.CaseNumber(g.township, g.year, int(first)+k)
			cases[i].CaseNo, cases[i].ID = no, no
		}
	}

	return s.insertBatches(ctx, cases)
}

// insertBatches stores numbered cases with InsertMany in batches of bulkBatch, bulkWriters batches in
// flight at once: while the store writes one batch, the driver encodes the next and the embedded store
// decodes it (SQLite itself takes one write at a time). Each batch is one change record. When any batch
// fails, or the caller's context ends, no further batch starts; the batches already in flight run to their
// end (a write cancelled half-way may still land on the server after the driver has given up on it, and
// the undo would miss it); then every case that may have gone in is deleted again and every change record
// is voided; the first failing batch's error is returned.
func (s *Store) insertBatches(ctx context.Context, cases []*domain.Case) error {
	type outcome struct {
		change    int64 // the batch's change record, 0 when none was written
		mayStored []*domain.Case
		err       error
	}
	n := (len(cases) + bulkBatch - 1) / bulkBatch
	out := make([]outcome, n)
	stop, cancel := context.WithCancel(ctx) // ends when the caller's context does or a batch fails
	defer cancel()
	write := context.WithoutCancel(ctx) // what a started batch writes with: it is never cut off half-way
	col := s.db.Collection(colCases)
	slots := make(chan struct{}, bulkWriters)
	var wg sync.WaitGroup
	started := 0
	for b := range n {
		slots <- struct{}{}
		if stop.Err() != nil {
			<-slots
			break
		}
		started++
		wg.Go(func() {
			defer func() { <-slots }()
			batch := cases[b*bulkBatch : min((b+1)*bulkBatch, len(cases))]
			o := &out[b]
			if o.change, o.err = s.recordChanges(write, batch...); o.err != nil {
				cancel()
				return
			}
			docs := make([]any, len(batch))
			for i, c := range batch {
				docs[i] = c
			}
			if _, err := col.InsertMany(write, docs); err != nil {
				refused := notInserted(err)
				for i, c := range batch {
					if !refused[i] {
						o.mayStored = append(o.mayStored, c)
					}
				}
				o.err = fmt.Errorf("insert cases %s…: %w", batch[0].ID, err)
				cancel()
			}
		})
	}
	wg.Wait()
	failed := -1
	for b := range out {
		if out[b].err != nil {
			failed = b
			break
		}
	}
	if failed < 0 && started == n {
		return nil
	}
	var undo []*domain.Case
	var changes []int64
	for b := range out {
		o := out[b]
		if o.change != 0 {
			changes = append(changes, o.change)
		}
		if o.err == nil && o.change != 0 {
			undo = append(undo, cases[b*bulkBatch:min((b+1)*bulkBatch, len(cases))]...)
		} else {
			undo = append(undo, o.mayStored...)
		}
	}
	s.undoBulk(undo, changes)
	if failed >= 0 {
		return out[failed].err
	}
	return fmt.Errorf("insert cases: %w", ctx.Err()) // the caller's context ended before every batch started
}

// undoBulk takes back a failed bulk insert: it deletes the cases it stored and voids its change records.
func (s *Store) undoBulk(stored []*domain.Case, changes []int64) {
	s.deleteCases(stored)
	for _, seq := range changes {
		s.voidChange(seq)
	}
}

// notInserted returns the positions of a failed InsertMany's documents that were refused (write errors);
// all others may have gone in (FerretDB goes on after an error even in an ordered insert).
func notInserted(err error) map[int]bool {
	out := map[int]bool{}
	var bwe mongo.BulkWriteException
	if errors.As(err, &bwe) {
		for _, we := range bwe.WriteErrors {
			out[we.Index] = true
		}
	}
	return out
}

// deleteCases removes cases by _id, one by one, ignoring those that are not there.
func (s *Store) deleteCases(cases []*domain.Case) {
	ctx := context.Background() // the caller's context may be what failed
	col := s.db.Collection(colCases)
	for _, c := range cases {
		if _, err := col.DeleteOne(ctx, bson.D{{Key: "_id", Value: c.ID}}); err != nil {
			s.log.Error("undo bulk insert", "case", c.ID, "err", err)
		}
	}
}
