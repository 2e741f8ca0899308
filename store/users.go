package store

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"pingan/domain"
)

// InsertUser stores a new user; its _id is the lower-cased username, so a taken name is a duplicate key.
func (s *Store) InsertUser(ctx context.Context, u *domain.User) error {
	_, err := s.db.Collection(colUsers).InsertOne(ctx, u)
	if mongo.IsDuplicateKeyError(err) {
		return domain.ErrUsernameTaken
	}
	if err != nil {
		return fmt.Errorf("insert user %s: %w", u.ID, err)
	}
	return nil
}

// GetUser reads a user by id (the lower-cased username).
func (s *Store) GetUser(ctx context.Context, id string) (*domain.User, error) {
	return findByID[domain.User](ctx, s.db.Collection(colUsers), id, domain.ErrUserNotFound)
}

// UpdateUser changes a user under its lock and writes it back.
func (s *Store) UpdateUser(ctx context.Context, id string, change func(u *domain.User) error) (*domain.User, error) {
	unlock := s.locks.Lock(colUsers + "/" + id)
	defer unlock()
	u, err := s.GetUser(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := change(u); err != nil {
		return nil, err
	}
	if _, err := s.db.Collection(colUsers).ReplaceOne(ctx, bson.D{{Key: "_id", Value: id}}, u); err != nil {
		return nil, fmt.Errorf("write user %s: %w", id, err)
	}
	return u, nil
}

// ListUsers reads every user. The user collection is small (one per mediator): a full read is fine.
func (s *Store) ListUsers(ctx context.Context) ([]domain.User, error) {
	cur, err := s.db.Collection(colUsers).Find(ctx, bson.D{})
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	var out []domain.User
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return out, nil
}

// HasUsers reports whether any user exists (bootstrap of the admin user on an empty store).
func (s *Store) HasUsers(ctx context.Context) (bool, error) {
	err := s.db.Collection(colUsers).FindOne(ctx, bson.D{}).Err()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return false, nil
	}
	return err == nil, err
}
