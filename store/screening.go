package store

import (
	"context"
	"fmt"

	"pingan/domain"
)

// 排查 (screening): each township's list of places (screening_places, _id the township code) and the rounds
// (screening_rounds, _id the round id). Both are small: read whole at start into domain.ScreeningBook,
// written one document by _id (a list under its lock; a round inserted once).

// LoadScreening reads every list of places and every round.
func (s *Store) LoadScreening(ctx context.Context) ([]domain.PlaceList, []domain.Round, error) {
	places, err := loadValues[domain.PlaceList](ctx, s, colScreeningPlaces)
	if err != nil {
		return nil, nil, err
	}
	rounds, err := loadValues[domain.Round](ctx, s, colScreeningRounds)
	if err != nil {
		return nil, nil, err
	}
	return places, rounds, nil
}

// SavePlaces reads a township's stored list (nil when none), lets change build the new one and writes it,
// all under the list's lock; change returning an error writes nothing.
func (s *Store) SavePlaces(ctx context.Context, township string, change func(old *domain.PlaceList) (*domain.PlaceList, error)) (*domain.PlaceList, error) {
	return saveOne(ctx, s, colScreeningPlaces, township, errNone, func(old *domain.PlaceList) (*domain.PlaceList, error) {
		l, err := change(old)
		if err != nil {
			return nil, err
		}
		l.Township = township
		return l, nil
	})
}

// SaveRound changes a stored round under its lock: read by _id, changed, written back by _id.
func (s *Store) SaveRound(ctx context.Context, id string, change func(old *domain.Round) (*domain.Round, error)) (*domain.Round, error) {
	return saveOne(ctx, s, colScreeningRounds, id, domain.ErrRoundNotFound, change)
}

// InsertRound stores a new round.
func (s *Store) InsertRound(ctx context.Context, r *domain.Round) error {
	return insertNew(ctx, s, colScreeningRounds, r.ID, r, fmt.Errorf("insert round %s: it exists already", r.ID))
}
