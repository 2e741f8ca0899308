package store

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"

	"pingan/domain"
)

// LoadRegions returns the stored regions, seeding them from seed on first start (an empty collection).
func (s *Store) LoadRegions(ctx context.Context, seed []domain.Region) ([]domain.Region, error) {
	col := s.db.Collection(colRegions)
	cur, err := col.Find(ctx, bson.D{})
	if err != nil {
		return nil, fmt.Errorf("read regions: %w", err)
	}
	var regions []domain.Region
	if err := cur.All(ctx, &regions); err != nil {
		return nil, fmt.Errorf("read regions: %w", err)
	}
	if len(regions) > 0 {
		return regions, nil
	}
	docs := make([]any, len(seed))
	for i := range seed {
		docs[i] = seed[i]
	}
	if _, err := col.InsertMany(ctx, docs); err != nil {
		return nil, fmt.Errorf("seed regions: %w", err)
	}
	return seed, nil
}
