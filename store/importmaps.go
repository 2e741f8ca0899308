package store

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"pingan/domain"
)

// Import mappings: an office's confirmed column mapping for one ledger layout (domain.ImportMapping), one
// small document by _id (region and header signature), read and written only by _id.

// GetImportMapping reads the mapping saved under id; domain.ErrNotFound when there is none.
func (s *Store) GetImportMapping(ctx context.Context, id string) (*domain.ImportMapping, error) {
	return findByID[domain.ImportMapping](ctx, s.db.Collection(colImportMaps), id, domain.ErrNotFound)
}

// PutImportMapping saves a mapping under its ID, replacing the one saved before.
func (s *Store) PutImportMapping(ctx context.Context, m *domain.ImportMapping) error {
	unlock := s.locks.Lock(colImportMaps + "/" + m.ID)
	defer unlock()
	_, err := s.db.Collection(colImportMaps).UpdateOne(ctx, bson.D{{Key: "_id", Value: m.ID}}, bson.D{
		{Key: "$set", Value: bson.D{{Key: "region", Value: m.Region}, {Key: "signature", Value: m.Signature},
			{Key: "options", Value: m.Options}, {Key: "savedAt", Value: m.SavedAt}, {Key: "savedBy", Value: m.SavedBy}}},
	}, options.UpdateOne().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("save import mapping %s: %w", m.ID, err)
	}
	return nil
}
