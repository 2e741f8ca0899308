package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// AuditEntry records who did what and when: logins, user changes, exports.
type AuditEntry struct {
	ID     bson.ObjectID `bson:"_id" json:"id"`
	At     time.Time     `bson:"at" json:"at"`
	Actor  string        `bson:"actor" json:"actor"`
	Action string        `bson:"action" json:"action"`
	Target string        `bson:"target,omitempty" json:"target,omitempty"`
	Detail string        `bson:"detail,omitempty" json:"detail,omitempty"`
	IP     string        `bson:"ip,omitempty" json:"ip,omitempty"`
	// Regions are where it happened — the actor's region and the target user's (old and new) — so an
	// admin reads only the entries of its own region (domain.SeesAuditEntry).
	Regions []string `bson:"regions,omitempty" json:"regions,omitempty"`
}

// Audit appends one entry to the audit log.
func (s *Store) Audit(ctx context.Context, e AuditEntry) error {
	if e.ID.IsZero() {
		e.ID = bson.NewObjectID()
	}
	if _, err := s.db.Collection(colAudit).InsertOne(ctx, e); err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	return nil
}

// AuditLog reads the entries of the audit log the reader sees (nil: all), newest first, at most limit.
func (s *Store) AuditLog(ctx context.Context, limit int, sees func(*AuditEntry) bool) ([]AuditEntry, error) {
	cur, err := s.db.Collection(colAudit).Find(ctx, bson.D{})
	if err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	var all []AuditEntry
	if err := cur.All(ctx, &all); err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	var out []AuditEntry
	for i := len(all) - 1; i >= 0 && (limit <= 0 || len(out) < limit); i-- {
		if sees == nil || sees(&all[i]) {
			out = append(out, all[i])
		}
	}
	return out, nil
}

// RevokeToken denies a token id until it would have expired anyway.
func (s *Store) RevokeToken(ctx context.Context, jti string, expires time.Time) error {
	_, err := s.db.Collection(colRevoked).InsertOne(ctx, bson.D{{Key: "_id", Value: jti}, {Key: "expiresAt", Value: expires}})
	if err != nil && !mongo.IsDuplicateKeyError(err) { // revoked already (by another instance): done
		return fmt.Errorf("revoke token: %w", err)
	}
	return nil
}

// IsRevoked reports whether a token id is denied (by any instance sharing the store).
func (s *Store) IsRevoked(ctx context.Context, jti string) (bool, error) {
	err := s.db.Collection(colRevoked).FindOne(ctx, bson.D{{Key: "_id", Value: jti}}).Err()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read revoked token: %w", err)
	}
	return true, nil
}

// RevokedTokens lists the denied token ids that have not expired yet (loaded at start).
func (s *Store) RevokedTokens(ctx context.Context, now time.Time) (map[string]time.Time, error) {
	cur, err := s.db.Collection(colRevoked).Find(ctx, bson.D{})
	if err != nil {
		return nil, fmt.Errorf("read revoked tokens: %w", err)
	}
	var docs []struct {
		ID        string    `bson:"_id"`
		ExpiresAt time.Time `bson:"expiresAt"`
	}
	if err := cur.All(ctx, &docs); err != nil {
		return nil, err
	}
	out := make(map[string]time.Time, len(docs))
	for _, d := range docs {
		if d.ExpiresAt.After(now) {
			out[d.ID] = d.ExpiresAt
		}
	}
	return out, nil
}
