package store

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"pingan/domain"
	"pingan/store/internal/ferretsqlite"
)

// The risk-hazard ledger (hazards) and listed supervision (listings): one document per hazard or listing,
// its timeline inside, read whole at start into domain.HazardIndex and domain.ListingBook and written one
// document by _id under its lock (docs/STORE.md).

// LoadHazards reads every hazard (at start only).
func (s *Store) LoadHazards(ctx context.Context) ([]*domain.Hazard, error) {
	return loadAll[domain.Hazard](ctx, s, colHazards)
}

// LoadListings reads every listing (at start only).
func (s *Store) LoadListings(ctx context.Context) ([]*domain.Listing, error) {
	return loadAll[domain.Listing](ctx, s, colListings)
}

// SaveHazard reads the stored hazard id (nil when none), lets change build the new one and writes it, all
// under the hazard's lock; change returning an error writes nothing.
func (s *Store) SaveHazard(ctx context.Context, id string, change func(old *domain.Hazard) (*domain.Hazard, error)) (*domain.Hazard, error) {
	return saveOne(ctx, s, colHazards, id, domain.ErrHazardNotFound, change)
}

// SaveListing is SaveHazard for a listing.
func (s *Store) SaveListing(ctx context.Context, id string, change func(old *domain.Listing) (*domain.Listing, error)) (*domain.Listing, error) {
	return saveOne(ctx, s, colListings, id, domain.ErrListingNotFound, change)
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

func saveOne[T any](ctx context.Context, s *Store, col, id string, notFound error, change func(old *T) (*T, error)) (*T, error) {
	unlock := s.locks.Lock(col + "/" + id)
	defer unlock()
	old, err := findByID[T](ctx, s.db.Collection(col), id, notFound)
	if err != nil && !errors.Is(err, notFound) {
		return nil, err
	}
	doc, err := change(old)
	if err != nil {
		return nil, err
	}
	done := s.writing()
	_, err = s.db.Collection(col).ReplaceOne(ctx, bson.D{{Key: "_id", Value: id}}, doc, options.Replace().SetUpsert(true))
	done()
	if err != nil {
		return nil, fmt.Errorf("write %s %s: %w", col, id, err)
	}
	return doc, nil
}
