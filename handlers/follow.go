package handlers

import (
	"context"
	"fmt"

	"pingan/store"
)

// Several instances on one store: each keeps its case index, and its books of hazards, listings, screening
// places and rounds, 稳评 entries, committees and attachments, current with the others' writes by following
// the store (a change stream on a replica set, the change log elsewhere). The embedded store has a single
// writer, which follows nobody; a read-only instance pointed at it polls.

// follow starts following the store from head, the change head read before the case index was loaded.
func (a *App) follow(ctx context.Context, head store.ChangeMark) {
	a.follower = a.store.Follow(ctx, store.FollowConfig{From: head, Apply: a.cases.Followed, Logger: a.log,
		Docs: store.DocReceivers{
			Hazard:     a.hazards.Put,
			Listing:    a.listings.Put,
			Places:     a.screening.PutPlaces,
			Round:      a.screening.PutRound,
			Assessment: a.assessments.Put,
			Committee:  a.committees.Put,

			Attachment:     a.files.Index().Put,
			AttachmentGone: a.files.Index().RemoveID,
		}})
}

// refuseSharedFerretDB stops a writing instance from sharing FerretDB with another: FerretDB's updates read
// then write without a transaction, so two writers would silently lose each other's updates.
func (a *App) refuseSharedFerretDB() error {
	if a.cfg.MongoURI == "" || a.cfg.ReadOnly {
		return nil
	}
	server := a.store.FerretDB()
	if server == "" {
		return nil
	}
	return fmt.Errorf("PINGAN_MONGO_URI points at a FerretDB server (buildInfo: %s), and only one instance may write "+
		"to FerretDB: its updates read and then write without a transaction, so two writing instances would "+
		"silently lose each other's updates. For several writing instances use a real MongoDB replica set; to run "+
		"this instance as a read-only reporting replica of the one that owns the store, set PINGAN_READ_ONLY=true", server)
}
