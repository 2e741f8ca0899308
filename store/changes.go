package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"pingan/domain"
)

// The change log lets other instances follow this one's case writes with point lookups alone (FerretDB pushes
// down nothing but {_id: X}). Every case write appends one record {_id: seq, caseIds, at} to the changes
// collection, seq counting up by one per write, and stores seq in each written case (Case.Seq). A follower
// reads {_id: last+1}, {_id: last+2}, … and then each named case by _id. The _id is seq as a fixed-width
// decimal string (changeID): FerretDB pushes {_id: X} down to SQLite only when X is a string or an ObjectID,
// and scans every record for an int64.
//
// The record is written before the cases: a follower that finds record n waits until the cases carry
// Seq >= n, so a record never announces a write that a reader could then miss, and a sequence number whose
// record is missing (a hole: its writer crashed in between) hides no write at all. A case write that fails
// after its record marks the record void.
//
// The small collections loaded whole at start (hazards, listings, screening places and rounds, 稳评 entries,
// committees: followedCols) are written the same way: their record names the collection (col) and the
// document, and the document carries seq (domain.Stamp). Cases' records have no col.

// changeCounterKey is the counter document that hands out change sequence numbers on a real MongoDB.
const changeCounterKey = "changes"

// headProbeWindow is how far past the last record found the head probe looks for records beyond a hole.
const headProbeWindow = 16

// changeRecord is one write of one or more cases (a bulk insert batch is one write), or of one document of
// another followed collection.
type changeRecord struct {
	ID      string    `bson:"_id"`            // changeID(seq)
	Col     string    `bson:"col,omitempty"`  // empty: cases
	CaseIDs []string  `bson:"caseIds"`        // the documents written (cases, or the one document of col)
	Gone    bool      `bson:"gone,omitempty"` // the document of col is being deleted
	At      time.Time `bson:"at"`
	Void    bool      `bson:"void,omitempty"`
}

// changeID is the _id of change record seq: 19 digits, so it also sorts like the number.
func changeID(seq int64) string { return fmt.Sprintf("%019d", seq) }

// changeSeq is the change sequence on the embedded store, where this process is the only writer: kept in
// memory, initialised at start from the highest record stored.
type changeSeq struct {
	mu   sync.Mutex
	last int64
}

// initChangeSeq finds the highest change record on the embedded store (once, at Open).
func (s *Store) initChangeSeq(ctx context.Context) error {
	last, err := s.highestChange(ctx, 0)
	if err != nil {
		return err
	}
	s.changes.mu.Lock()
	s.changes.last = last
	s.changes.mu.Unlock()
	return nil
}

// nextChangeSeq hands out the next change sequence number: from memory on the embedded store, from the
// counter document's atomic $inc on a real MongoDB (no process lock: the server serializes it).
func (s *Store) nextChangeSeq(ctx context.Context) (int64, error) {
	if s.emb != nil {
		s.changes.mu.Lock()
		defer s.changes.mu.Unlock()
		s.changes.last++
		return s.changes.last, nil
	}
	var doc struct {
		Seq int64 `bson:"seq"`
	}
	err := s.db.Collection(colCounters).FindOneAndUpdate(ctx,
		bson.D{{Key: "_id", Value: changeCounterKey}},
		bson.D{{Key: "$inc", Value: bson.D{{Key: "seq", Value: int64(1)}}}},
		options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After),
	).Decode(&doc)
	if err != nil {
		return 0, fmt.Errorf("change counter: %w", err)
	}
	return doc.Seq, nil
}

// recordChanges announces one write of cases: it takes the next change sequence number, sets it as the
// Seq of every case and appends the change record. Call it right before writing the cases (each with its
// Seq), and voidChange(seq) when that write fails. One call per write: a bulk insert calls it once per
// InsertMany batch.
func (s *Store) recordChanges(ctx context.Context, cases ...*domain.Case) (int64, error) {
	ids := make([]string, len(cases))
	for i, c := range cases {
		ids[i] = c.ID
	}
	seq, err := s.recordChange(ctx, "", ids)
	if err != nil {
		return 0, err
	}
	for _, c := range cases {
		c.Seq = seq
	}
	return seq, nil
}

// recordChange appends the change record of one write to collection col ("" for cases) of the documents
// ids and returns its sequence number.
func (s *Store) recordChange(ctx context.Context, col string, ids []string) (int64, error) {
	return s.appendChange(ctx, changeRecord{Col: col, CaseIDs: ids})
}

// recordGone announces the deletion of document id of col, right before it: followers drop the document
// at once (a deletion is final, so dropping it before it lands changes nothing anyone could read).
func (s *Store) recordGone(ctx context.Context, col, id string) (int64, error) {
	return s.appendChange(ctx, changeRecord{Col: col, CaseIDs: []string{id}, Gone: true})
}

// appendChange numbers rec and appends it to the change log.
func (s *Store) appendChange(ctx context.Context, rec changeRecord) (int64, error) {
	rec.At = time.Now().UTC().Truncate(time.Millisecond)
	for attempt := 0; ; attempt++ {
		seq, err := s.nextChangeSeq(ctx)
		if err != nil {
			return 0, err
		}
		rec.ID = changeID(seq)
		done := s.writing()
		_, err = s.db.Collection(colChanges).InsertOne(ctx, rec)
		done()
		if err == nil {
			return seq, nil
		}
		// The embedded counter is behind the stored records (the head probe stops at a wide hole): move past them.
		if s.emb != nil && mongo.IsDuplicateKeyError(err) && attempt < 3 {
			if err := s.resyncChangeSeq(ctx, seq); err != nil {
				return 0, err
			}
			continue
		}
		return 0, fmt.Errorf("record change %d: %w", seq, err)
	}
}

// resyncChangeSeq moves the embedded counter to the highest record at or after taken.
func (s *Store) resyncChangeSeq(ctx context.Context, taken int64) error {
	last, err := s.highestChange(ctx, taken)
	if err != nil {
		return err
	}
	s.changes.mu.Lock()
	s.changes.last = max(s.changes.last, last)
	s.changes.mu.Unlock()
	return nil
}

// voidChange marks a change record whose case write failed, so followers skip it at once. The caller's
// context may be what failed, so it uses its own.
func (s *Store) voidChange(seq int64) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := s.db.Collection(colChanges).UpdateOne(ctx, bson.D{{Key: "_id", Value: changeID(seq)}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "void", Value: true}}}})
	if err != nil {
		s.log.Error("void change record", "seq", seq, "err", err)
	}
}

// changeRecord reads record seq; ok is false when there is none.
func (s *Store) changeRecord(ctx context.Context, seq int64) (rec changeRecord, ok bool, err error) {
	err = s.db.Collection(colChanges).FindOne(ctx, bson.D{{Key: "_id", Value: changeID(seq)}}).Decode(&rec)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return rec, false, nil
	}
	if err != nil {
		return rec, false, fmt.Errorf("read change %d: %w", seq, err)
	}
	return rec, true, nil
}

// hasChange reports whether record seq exists, reading its _id only.
func (s *Store) hasChange(ctx context.Context, seq int64) (bool, error) {
	err := s.db.Collection(colChanges).FindOne(ctx, bson.D{{Key: "_id", Value: changeID(seq)}},
		options.FindOne().SetProjection(bson.D{{Key: "_id", Value: 1}})).Err()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read change %d: %w", seq, err)
	}
	return true, nil
}

// highestChange finds the highest change record at or above from (0: from the start) with point lookups:
// doubling steps up to the first miss, a binary search below it, then a look a little further for records
// beyond a hole. About 2·log2(n) + 16 lookups.
func (s *Store) highestChange(ctx context.Context, from int64) (int64, error) {
	lo := from
	for {
		step := int64(1)
		for {
			ok, err := s.hasChange(ctx, lo+step)
			if err != nil {
				return 0, err
			}
			if !ok {
				break
			}
			lo += step
			step *= 2
		}
		hi := lo + step // missing; lo exists (or is the start)
		for hi-lo > 1 {
			mid := lo + (hi-lo)/2
			ok, err := s.hasChange(ctx, mid)
			if err != nil {
				return 0, err
			}
			if ok {
				lo = mid
			} else {
				hi = mid
			}
		}
		beyond := int64(0)
		for i := int64(2); i <= headProbeWindow && beyond == 0; i++ {
			ok, err := s.hasChange(ctx, lo+i)
			if err != nil {
				return 0, err
			}
			if ok {
				beyond = lo + i
			}
		}
		if beyond == 0 {
			return lo, nil
		}
		lo = beyond
	}
}

// ChangeMark is a point in the change log: a sequence number and when it was read.
type ChangeMark struct {
	Seq int64
	At  time.Time
}

// ChangeHead is the highest change record stored now: read it before loading the case index, and follow
// from it, so writes made during the load are not missed.
func (s *Store) ChangeHead(ctx context.Context) (ChangeMark, error) {
	at := time.Now()
	if s.emb != nil {
		s.changes.mu.Lock()
		defer s.changes.mu.Unlock()
		return ChangeMark{Seq: s.changes.last, At: at}, nil
	}
	seq, err := s.highestChange(ctx, 0)
	return ChangeMark{Seq: seq, At: at}, err
}
