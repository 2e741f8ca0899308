package store

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"pingan/domain/casework"
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
	// Count and LastAt sum up a refusal repeated within one window (AuditRepeated): how many times, the last when.
	Count  int        `bson:"count,omitempty" json:"count,omitempty"`
	LastAt *time.Time `bson:"lastAt,omitempty" json:"lastAt,omitempty"`
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

// AuditRepeated records a refusal that a client can repeat at will (a locked login) as one entry per key
// and window, counted: the first refusal of the window writes it, every further one adds to its count.
// The entry's _id is an ObjectID made of the window's start and a hash of the action and key, so the
// write is a point upsert by _id, and entries cannot grow faster than keys times windows.
func (s *Store) AuditRepeated(ctx context.Context, e AuditEntry, key string, window time.Duration) error {
	id := windowID(e.At.Truncate(window), e.Action+"\x00"+key)
	unlock := s.locks.Lock(colAudit + "/" + id.Hex())
	defer unlock()
	first := bson.D{{Key: "at", Value: e.At}, {Key: "actor", Value: e.Actor}, {Key: "action", Value: e.Action}}
	for _, f := range []struct{ k, v string }{{"target", e.Target}, {"detail", e.Detail}, {"ip", e.IP}} {
		if f.v != "" {
			first = append(first, bson.E{Key: f.k, Value: f.v})
		}
	}
	if len(e.Regions) > 0 {
		first = append(first, bson.E{Key: "regions", Value: e.Regions})
	}
	_, err := s.db.Collection(colAudit).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, bson.D{
		{Key: "$setOnInsert", Value: first},
		{Key: "$inc", Value: bson.D{{Key: "count", Value: 1}}},
		{Key: "$set", Value: bson.D{{Key: "lastAt", Value: e.At}}},
	}, options.UpdateOne().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	return nil
}

// windowID is the ObjectID of a key's entry in the window starting at start: the start as its time, a
// hash of the key as the rest.
func windowID(start time.Time, key string) bson.ObjectID {
	var id bson.ObjectID
	binary.BigEndian.PutUint32(id[:4], uint32(start.Unix()))
	sum := sha256.Sum256([]byte(key))
	copy(id[4:], sum[:8])
	return id
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

// AuditCasework writes an audit entry of the case write path (casework.Auditor).
func (s *Store) AuditCasework(ctx context.Context, e casework.AuditEntry) error {
	var actor string
	var regions []string
	if e.Actor != nil {
		actor, regions = e.Actor.ID, []string{e.Actor.RegionCode}
	}
	return s.Audit(ctx, AuditEntry{At: e.At, Actor: actor, Action: e.Action, Target: e.Target, Detail: e.Detail, IP: e.IP,
		Regions: regions})
}
