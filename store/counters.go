package store

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// NextSeq atomically increments the counter document key and returns the new value (1 for a new counter).
// findOneAndUpdate with $inc is atomic on MongoDB; on the embedded store the per-key lock makes it so.
func (s *Store) NextSeq(ctx context.Context, key string) (int64, error) {
	unlock := s.locks.Lock(colCounters + "/" + key)
	defer unlock()
	var doc struct {
		Seq int64 `bson:"seq"`
	}
	done := s.writing()
	err := s.db.Collection(colCounters).FindOneAndUpdate(ctx,
		bson.D{{Key: "_id", Value: key}},
		bson.D{{Key: "$inc", Value: bson.D{{Key: "seq", Value: int64(1)}}}},
		options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After),
	).Decode(&doc)
	done()
	if err != nil {
		return 0, fmt.Errorf("counter %s: %w", key, err)
	}
	return doc.Seq, nil
}
