package store

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"pingan/domain"
)

// InsertReturn stores a submitted monthly return (an original or a correction). Returns are inserted, never
// updated: the _id is township-month (and -cN), so a second submission of the same version is a duplicate
// key, answered domain.ErrReturnSubmitted.
func (s *Store) InsertReturn(ctx context.Context, r *domain.MonthlyReturn) error {
	done := s.writing()
	_, err := s.db.Collection(colReturns).InsertOne(ctx, r)
	done()
	if mongo.IsDuplicateKeyError(err) {
		return domain.ErrReturnSubmitted
	}
	if err != nil {
		return fmt.Errorf("insert return %s: %w", r.ID, err)
	}
	return nil
}

// GetReturn reads one submitted version by id, domain.ErrReturnNotFound when there is none.
func (s *Store) GetReturn(ctx context.Context, id string) (*domain.MonthlyReturn, error) {
	return findByID[domain.MonthlyReturn](ctx, s.db.Collection(colReturns), id, domain.ErrReturnNotFound)
}

// EachReturn streams every stored return to fn (at start: 139 townships make 1,668 a year, so a full read
// is fine).
func (s *Store) EachReturn(ctx context.Context, fn func(r *domain.MonthlyReturn) error) error {
	cur, err := s.db.Collection(colReturns).Find(ctx, bson.D{})
	if err != nil {
		return fmt.Errorf("scan returns: %w", err)
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		var r domain.MonthlyReturn
		if err := cur.Decode(&r); err != nil {
			return fmt.Errorf("decode return: %w", err)
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	return cur.Err()
}
