package main

import (
	"context"
	"fmt"
	"time"

	"pingan/domain"
	"pingan/domain/caseindex"
	"pingan/domain/casework"
	"pingan/handlers"
	"pingan/store"
)

// offline is what a command that runs with the server stopped writes through: the store, the region tree
// and the one case write path (whose index the server rebuilds at its next start).
type offline struct {
	st      *store.Store
	regions *domain.RegionTree
	cases   *casework.Service
}

// openOffline opens the store cfg names and the write path over it; close it with st.Close.
func openOffline(ctx context.Context, cfg handlers.Config) (*offline, error) {
	st, err := store.Open(ctx, store.Config{MongoURI: cfg.MongoURI, DB: cfg.DB, DataDir: cfg.DataDir, Logger: cfg.Logger})
	if err != nil {
		return nil, fmt.Errorf("cannot open the store: %w", err)
	}
	regions, err := st.LoadRegions(ctx, domain.AnkangRegions())
	if err != nil {
		st.Close(context.Background())
		return nil, err
	}
	tree, err := domain.NewRegionTree(regions)
	if err != nil {
		st.Close(context.Background())
		return nil, err
	}
	now := func() time.Time { return time.Now().Truncate(time.Millisecond).In(domain.Shanghai) }
	return &offline{st: st, regions: tree, cases: casework.New(st, caseindex.New(tree), tree, st.AuditCasework, now)}, nil
}
