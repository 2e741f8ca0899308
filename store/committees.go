package store

import (
	"context"

	"pingan/domain"
)

// Committees (人民调解委员会) are few (a city has a few hundred): read whole at start into the
// domain.CommitteeBook, written one document by _id under its lock.

// LoadCommittees reads every saved committee.
func (s *Store) LoadCommittees(ctx context.Context) ([]domain.Committee, error) {
	return loadValues[domain.Committee](ctx, s, colCommittees)
}

// SaveCommittee reads the stored committee id (nil when none is stored), lets change build the new one and
// writes it (insert or replace), all under the committee's lock; change returning an error writes nothing.
func (s *Store) SaveCommittee(ctx context.Context, id string, change func(old *domain.Committee) (*domain.Committee, error)) (*domain.Committee, error) {
	return saveOne(ctx, s, colCommittees, id, domain.ErrCommitteeNotFound, func(old *domain.Committee) (*domain.Committee, error) {
		c, err := change(old)
		if err != nil {
			return nil, err
		}
		c.ID = id
		return c, nil
	})
}
