package store

import (
	"context"

	"pingan/domain"
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
