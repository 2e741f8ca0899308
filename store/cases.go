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

// caseCounterKey is the counter document of one township's case numbers in one year.
func caseCounterKey(township string, year int) string {
	return fmt.Sprintf("case:%s:%d", township, year)
}

// InsertCase numbers a new case from its township's counter for the registration year and stores it.
// The case number is the document's _id, so it is unique by construction.
func (s *Store) InsertCase(ctx context.Context, c *domain.Case) error {
	year := domain.CaseYear(c.RegisteredAt)
	seq, err := s.NextSeq(ctx, caseCounterKey(c.TownshipCode, year))
	if err != nil {
		return err
	}
	c.CaseNo = domain.CaseNumber(c.TownshipCode, year, int(seq))
	c.ID = c.CaseNo
	change, err := s.recordChanges(ctx, c)
	if err != nil {
		return err
	}
	done := s.writing()
	_, err = s.db.Collection(colCases).InsertOne(ctx, c)
	done()
	if err != nil {
		s.voidChange(change)
		return fmt.Errorf("insert case %s: %w", c.ID, err)
	}
	return nil
}

// GetCase reads one case by id.
// A case stored by an earlier version is carried over as it is read (domain.Upgrade), here and in EachCase.
func (s *Store) GetCase(ctx context.Context, id string) (*domain.Case, error) {
	c, err := findByID[domain.Case](ctx, s.db.Collection(colCases), id, domain.ErrCaseNotFound)
	if err == nil {
		domain.Upgrade(c)
	}
	return c, err
}

// findByID reads one document by _id, the one lookup the embedded store answers fast; notFound is
// returned when there is none.
func findByID[T any](ctx context.Context, col *mongo.Collection, id string, notFound error) (*T, error) {
	var doc T
	err := col.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&doc)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, notFound
	}
	if err != nil {
		return nil, fmt.Errorf("read %s %s: %w", col.Name(), id, err)
	}
	return &doc, nil
}

// UpdateCase applies change to the stored case and writes the result in one single-document write whose
// filter carries the version read, so a concurrent writer elsewhere (another instance on a real MongoDB)
// makes it fail with a version conflict instead of being overwritten. Inside the process the per-case lock
// serializes read-modify-write, which the embedded store needs: it reads then writes without a transaction.
// change must bump the version; when it returns an error nothing is written. The write is announced in the
// change log first (recordChanges), so other instances follow it.
func (s *Store) UpdateCase(ctx context.Context, id string, change func(c *domain.Case) error) (*domain.Case, error) {
	unlock := s.locks.Lock(colCases + "/" + id)
	defer unlock()
	c, err := s.GetCase(ctx, id)
	if err != nil {
		return nil, err
	}
	read := c.Version
	if err := change(c); err != nil {
		return nil, err
	}
	seq, err := s.recordChanges(ctx, c)
	if err != nil {
		return nil, err
	}
	done := s.writing()
	res, err := s.db.Collection(colCases).ReplaceOne(ctx, s.versionFilter(id, read), c)
	done()
	if err != nil {
		s.voidChange(seq)
		return nil, fmt.Errorf("write case %s: %w", id, err)
	}
	if res.MatchedCount == 0 {
		s.voidChange(seq)
		return nil, domain.ErrVersionConflict
	}
	return c, nil
}

// EachCase streams every stored case, in one pass, to fn (used to build the case index at start). On the
// embedded store it reads the SQLite table directly (internal/ferretsqlite): through FerretDB a scan costs
// ~1 ms a case.
func (s *Store) EachCase(ctx context.Context, fn func(c *domain.Case) error) error {
	if s.emb != nil {
		return s.eachCaseDirect(ctx, func(c *domain.Case) error { domain.Upgrade(c); return fn(c) })
	}
	return s.eachCaseCursor(ctx, fn)
}

// eachCaseCursor is EachCase through the driver.
func (s *Store) eachCaseCursor(ctx context.Context, fn func(c *domain.Case) error) error {
	cur, err := s.db.Collection(colCases).Find(ctx, bson.D{})
	if err != nil {
		return fmt.Errorf("scan cases: %w", err)
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		var c domain.Case
		if err := cur.Decode(&c); err != nil {
			return fmt.Errorf("decode case: %w", err)
		}
		domain.Upgrade(&c)
		if err := fn(&c); err != nil {
			return err
		}
	}
	return cur.Err()
}

// eachCaseDirect is EachCase on the embedded store, reading its SQLite file beside FerretDB.
func (s *Store) eachCaseDirect(ctx context.Context, fn func(c *domain.Case) error) error {
	return ferretsqlite.Scan(ctx, s.emb.sqlitePath(s.dbName), colCases, shanghaiRegistry(), fn)
}

// versionFilter selects a document at the version read. On the embedded store the filter is {_id} alone:
// FerretDB pushes only an exact {_id: X} filter down to SQLite and scans every document for anything else,
// and there the per-document lock (a single writer process is enforced at start) already gives the guarantee.
func (s *Store) versionFilter(id string, version int) bson.D {
	if s.emb != nil {
		return bson.D{{Key: "_id", Value: id}}
	}
	return bson.D{{Key: "_id", Value: id}, {Key: "version", Value: version}}
}
