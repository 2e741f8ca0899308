package store

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"pingan/domain"
	"pingan/store/internal/ferretsqlite"
)

// The small collections beside the cases (hazards, listings, screening places and rounds, 稳评 entries,
// committees) are read whole at start into in-memory books and written one document by _id: saveOne reads
// the document, lets the caller's change build the new one and writes it, under the document's lock. Each
// write is announced in the change log first, like a case write (recordChange names the collection), and
// stamps the document with its change number (domain.Stamp), so other instances sharing the store follow it
// (FollowConfig.Docs). On a real MongoDB the write's filter also carries the stamp read: a concurrent write
// by another instance in between makes it miss, and saveOne reads again and retries the change.

// followedCols are the collections besides cases whose writes other instances follow.
var followedCols = []string{colHazards, colListings, colScreeningPlaces, colScreeningRounds, colAssessments, colCommittees,
	colAttachments}

// stamped is a document type that carries its last write's change number.
type stamped[T any] interface {
	*T
	Stamped() *int64
}

// saveRetries bounds the retries of a write that another instance's write to the same document overtook.
const saveRetries = 5

// saveOne reads document id of col (nil when there is none), lets change build the new one and writes it
// (an insert or a replacement), all under the document's lock; change returning an error writes nothing.
// Overtaken by another instance's write (a real MongoDB only), it reads again and calls change again.
func saveOne[T any, P stamped[T]](ctx context.Context, s *Store, col, id string, notFound error, change func(old *T) (*T, error)) (*T, error) {
	unlock := s.locks.Lock(col + "/" + id)
	defer unlock()
	c := s.db.Collection(col)
	for attempt := 0; ; attempt++ {
		old, err := findByID[T](ctx, c, id, notFound)
		if err != nil && !errors.Is(err, notFound) {
			return nil, err
		}
		var oldSeq *int64
		if old != nil {
			seq := *P(old).Stamped()
			oldSeq = &seq
		}
		doc, err := change(old)
		if err != nil {
			return nil, err
		}
		written, err := s.writeDoc(ctx, col, id, oldSeq, doc, P(doc).Stamped())
		if err != nil {
			return nil, err
		}
		if written {
			return doc, nil
		}
		if attempt == saveRetries {
			return nil, fmt.Errorf("write %s %s: overtaken by other writes %d times: %w", col, id, attempt+1, domain.ErrVersionConflict)
		}
	}
}

// writeDoc announces and writes doc as document id of col: inserted when oldSeq is nil (none was read),
// else replacing the one read, stamped *oldSeq. It sets *seq to the write's change number. written is false
// when another instance's write got in first (the write was refused and its record voided).
func (s *Store) writeDoc(ctx context.Context, col, id string, oldSeq *int64, doc any, seq *int64) (written bool, err error) {
	n, err := s.recordChange(ctx, col, []string{id})
	if err != nil {
		return false, err
	}
	prev := *seq
	*seq = n
	c := s.db.Collection(col)
	done := s.writing()
	switch {
	case oldSeq == nil:
		_, err = c.InsertOne(ctx, doc)
		if mongo.IsDuplicateKeyError(err) {
			err, written = nil, false
		} else {
			written = err == nil
		}
	default:
		filter := bson.D{{Key: "_id", Value: id}}
		if s.emb == nil { // the embedded store pushes down {_id} alone; its one writer holds the lock
			filter = append(filter, bson.E{Key: "seq", Value: stampFilter(*oldSeq)})
		}
		var res *mongo.UpdateResult
		res, err = c.ReplaceOne(ctx, filter, doc)
		written = err == nil && res.MatchedCount == 1
	}
	done()
	if !written {
		*seq = prev
		s.voidChange(n)
	}
	if err != nil {
		return false, fmt.Errorf("write %s %s: %w", col, id, err)
	}
	return written, nil
}

// stampFilter matches the stamp seq; 0 also matches a document stored before stamps (no seq field).
func stampFilter(seq int64) any {
	if seq == 0 {
		return bson.D{{Key: "$in", Value: bson.A{int64(0), nil}}}
	}
	return seq
}

// errNone is what findByID answers for a missing document where the caller has no error of its own for it.
var errNone = errors.New("no such document")

// insertNew stores doc as the new document id of col; exists is returned when there is one already.
func insertNew[T any, P stamped[T]](ctx context.Context, s *Store, col, id string, doc *T, exists error) error {
	_, err := saveOne[T, P](ctx, s, col, id, errNone, func(old *T) (*T, error) {
		if old != nil {
			return nil, exists
		}
		return doc, nil
	})
	return err
}

// loadAll reads every document of a collection loaded whole at start (eachDocument).
func loadAll[T any](ctx context.Context, s *Store, col string) ([]*T, error) {
	var out []*T
	err := eachDocument(ctx, s, col, func(doc *T) error { out = append(out, doc); return nil })
	return out, err
}

// loadValues is loadAll for callers that keep the documents as values.
func loadValues[T any](ctx context.Context, s *Store, col string) ([]T, error) {
	var out []T
	err := eachDocument(ctx, s, col, func(doc *T) error { out = append(out, *doc); return nil })
	return out, err
}

// eachDocument streams every document of col to fn, each decoded into a fresh value. On the embedded store
// it reads the SQLite table directly, as the start-up scans of cases and attachments do: through FerretDB
// every document costs ~0.3 ms, half a minute at start for 100,000 hazards or rounds.
func eachDocument[T any](ctx context.Context, s *Store, col string, fn func(*T) error) error {
	if s.emb != nil {
		return ferretsqlite.Scan(ctx, s.emb.sqlitePath(s.dbName), col, shanghaiRegistry(), fn)
	}
	return eachDocumentCursor(ctx, s, col, fn)
}

// eachDocumentCursor is eachDocument through the driver.
func eachDocumentCursor[T any](ctx context.Context, s *Store, col string, fn func(*T) error) error {
	cur, err := s.db.Collection(col).Find(ctx, bson.D{})
	if err != nil {
		return fmt.Errorf("read %s: %w", col, err)
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		doc := new(T)
		if err := cur.Decode(doc); err != nil {
			return fmt.Errorf("decode %s: %w", col, err)
		}
		if err := fn(doc); err != nil {
			return err
		}
	}
	return cur.Err()
}
