// Package store persists Pingan's documents in MongoDB through the official driver. Every read and write
// touches one document by _id: lists, search and reports are answered by the in-memory case index.
// With no MongoDB URI it starts an embedded FerretDB (SQLite) in-process.
package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/readpref"
	"go.mongodb.org/mongo-driver/v2/mongo/writeconcern"

	"pingan/domain"
	"pingan/store/internal/ferretsqlite"
)

// Collection names.
const (
	colCases    = "cases"
	colUsers    = "users"
	colRegions  = "regions"
	colCounters = "counters"
	colAudit    = "audit"
	colRevoked  = "revoked_tokens"
	colChanges  = "changes"
	colReturns  = "returns"
	// the case file (store/attachments.go)
	colAttachments      = "attachments"
	colAttachmentChunks = "attachment_chunks"
	colAttachmentWrites = "attachment_writes"
	colCasefileSettings = "casefile_settings"
	// colCommittees holds the people's mediation committees saved by hand (domain.CommitteeBook).
	colCommittees = "committees"
	colImportMaps = "import_mappings"
	// 排查: the townships' lists of places and the rounds (store/screening.go, domain.ScreeningBook).
	colScreeningPlaces = "screening_places"
	colScreeningRounds = "screening_rounds"
	// the risk-hazard ledger and listed supervision (store/hazards.go)
	colHazards  = "hazards"
	colListings = "listings"
	// colAssessments holds the 稳评 register (domain.AssessmentBook).
	colAssessments = "assessments"
)

var allCollections = []string{colCases, colUsers, colRegions, colCounters, colAudit, colRevoked, colChanges, colReturns,
	colAttachments, colAttachmentChunks, colAttachmentWrites, colCasefileSettings, colCommittees, colImportMaps,
	colScreeningPlaces, colScreeningRounds,
	colHazards, colListings, colAssessments}

// embeddedStarts lets one embedded store start at a time in a process: ferretdb.New sets a process-wide
// variable without a lock, a data race when stores start side by side (parallel tests do).
var embeddedStarts sync.Mutex

// Config says which MongoDB to use.
type Config struct {
	MongoURI string // empty: start the embedded store under DataDir
	DB       string
	DataDir  string
	// MaxPages caps the embedded database at this many pages (of 4 KB; 0: no cap). Past it SQLite refuses
	// to grow the database exactly as on a full disk (SQLITE_FULL): a quota, and how tests fill the disk.
	MaxPages int
	Logger   *slog.Logger
}

// Store is the persistence layer.
type Store struct {
	client *mongo.Client
	db     *mongo.Database
	dbName string
	emb    *embedded
	locks  keyedMutex
	log    *slog.Logger
	// ferretDB describes the server when it is FerretDB ("" on MongoDB).
	ferretDB string
	changes  changeSeq
	writes   writeGate
}

// Open connects to MongoDB (or starts the embedded store), makes sure every collection exists and, on the
// embedded store, that every collection has its _id expression index.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.DB == "" {
		cfg.DB = "pingan"
	}
	s := &Store{dbName: cfg.DB, log: cfg.Logger}
	uri := cfg.MongoURI
	if uri == "" {
		embeddedStarts.Lock()
		emb, err := startEmbedded(cfg.DataDir, cfg.MaxPages, cfg.Logger)
		embeddedStarts.Unlock()
		if err != nil {
			return nil, err
		}
		s.emb = emb
		uri = emb.uri
	}
	opts := options.Client().SetServerSelectionTimeout(10 * time.Second).ApplyURI(uri).
		SetWriteConcern(writeconcern.Majority()).SetRegistry(shanghaiRegistry()).
		SetTimeout(30 * time.Second)
	client, err := mongo.Connect(opts)
	if err != nil {
		s.stopEmbedded()
		return nil, fmt.Errorf("connect to MongoDB: %w", err)
	}
	s.client = client
	s.db = client.Database(cfg.DB)
	if err := client.Ping(ctx, readpref.Primary()); err != nil {
		s.Close(context.Background())
		return nil, fmt.Errorf("reach MongoDB at %s: %w", redactURI(uri), err)
	}
	info, err := s.BuildInfo(ctx)
	if err != nil {
		s.Close(context.Background())
		return nil, fmt.Errorf("buildInfo of %s: %w", redactURI(uri), err)
	}
	s.ferretDB = ferretDBVersion(info)
	if err := s.ensureCollections(ctx); err != nil {
		s.Close(context.Background())
		return nil, err
	}
	if s.emb != nil {
		if err := s.initChangeSeq(ctx); err != nil {
			s.Close(context.Background())
			return nil, err
		}
	}
	return s, nil
}

func (s *Store) ensureCollections(ctx context.Context) error {
	names, err := s.db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		return fmt.Errorf("list collections: %w", err)
	}
	have := map[string]bool{}
	for _, n := range names {
		have[n] = true
	}
	for _, c := range allCollections {
		if have[c] {
			continue
		}
		if err := s.db.CreateCollection(ctx, c); err != nil && !isNamespaceExists(err) {
			return fmt.Errorf("create collection %s: %w", c, err)
		}
	}
	if s.emb != nil {
		if err := ferretsqlite.EnsureIDIndexes(ctx, s.emb.sqlitePath(s.dbName)); err != nil {
			return fmt.Errorf("add _id indexes: %w", err)
		}
		// the database files exist now: private, like the dir (their WAL files take their mode)
		if _, err := privateFiles(s.emb.dataDir); err != nil {
			return err
		}
	}
	return nil
}

func isNamespaceExists(err error) bool {
	var ce mongo.CommandError
	return errors.As(err, &ce) && (ce.Code == 48 || ce.Name == "NamespaceExists")
}

// Close disconnects the driver, then stops the embedded store.
func (s *Store) Close(ctx context.Context) error {
	var err error
	if s.client != nil {
		err = s.client.Disconnect(ctx)
	}
	s.stopEmbedded()
	return err
}

func (s *Store) stopEmbedded() {
	if s.emb != nil {
		s.emb.stop()
		s.emb = nil
	}
}

// Embedded reports whether the store is the in-process FerretDB.
func (s *Store) Embedded() bool { return s.emb != nil }

// EmbeddedURI is the MongoDB URI of the embedded store's Unix socket ("" on an external MongoDB), so a
// read-only instance on the same host can be pointed at it. It is also written to the data dir's URIFile
// and logged at start; it is never served over HTTP.
func (s *Store) EmbeddedURI() string {
	if s.emb == nil {
		return ""
	}
	return s.emb.uri
}

// EmbeddedSocket is the path of the embedded store's Unix socket ("" on an external MongoDB).
func (s *Store) EmbeddedSocket() string {
	if s.emb == nil {
		return ""
	}
	return s.emb.socket
}

// Ping checks that the store answers.
func (s *Store) Ping(ctx context.Context) error {
	return s.client.Ping(ctx, readpref.Primary())
}

// Client exposes the driver client, for benchmarks that compare with raw driver calls.
func (s *Store) Client() *mongo.Client { return s.client }

// DB exposes the database handle, for benchmarks and tests.
func (s *Store) DB() *mongo.Database { return s.db }

// BuildInfo returns the server's buildInfo document (FerretDB names itself there).
func (s *Store) BuildInfo(ctx context.Context) (bson.M, error) {
	var out bson.M
	err := s.client.Database("admin").RunCommand(ctx, bson.D{{Key: "buildInfo", Value: 1}}).Decode(&out)
	return out, err
}

// FerretDB describes the server when it is FerretDB (it names itself in buildInfo), else "". FerretDB's
// updates read then write without a transaction, so writing instances cannot share it.
func (s *Store) FerretDB() string { return s.ferretDB }

// ferretDBVersion reads FerretDB's own buildInfo fields ("ferretdbVersion", "ferretdbFeatures").
func ferretDBVersion(info bson.M) string {
	named := false
	for k := range info {
		named = named || strings.HasPrefix(strings.ToLower(k), "ferretdb")
	}
	if !named {
		return ""
	}
	if v, _ := info["ferretdbVersion"].(string); v != "" && v != "unknown" {
		return "FerretDB " + v
	}
	return "FerretDB (version not reported)"
}

func redactURI(uri string) string {
	if u, err := url.Parse(uri); err == nil && u.User != nil {
		u.User = nil
		return u.String()
	}
	return uri
}

// Classify says what a store error means to a client: domain.ErrStorageFull when the store's disk (or
// quota) is full, domain.ErrStoreUnavailable when the store could not be reached or did not answer in
// time; nil for anything else (a fault, answered 500).
func Classify(err error) *domain.Error {
	switch {
	case err == nil:
		return nil
	case StorageFull(err):
		return domain.ErrStorageFull
	case Unavailable(err):
		return domain.ErrStoreUnavailable
	}
	return nil
}

// StorageFull reports whether err says the store could not write for lack of space: SQLite's
// SQLITE_FULL ("database or disk is full (13)") as FerretDB passes it on, a write failing with ENOSPC,
// or MongoDB's OutOfDiskSpace.
func StorageFull(err error) bool {
	var se mongo.ServerError
	if errors.As(err, &se) && se.HasErrorCode(errOutOfDiskSpace) {
		return true
	}
	if errors.Is(err, syscall.ENOSPC) {
		return true
	}
	msg := strings.ToLower(err.Error())
	for _, s := range []string{"database or disk is full", "sqlite_full", "no space left on device", "outofdiskspace"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// errOutOfDiskSpace is MongoDB's error code for a full disk.
const errOutOfDiskSpace = 14031

// Unavailable reports whether err says the store could not be reached or did not answer in time (as
// opposed to refusing a request): the server answers 503 then, never 401 or 500.
func Unavailable(err error) bool {
	return mongo.IsNetworkError(err) || mongo.IsTimeout(err) || errors.Is(err, mongo.ErrClientDisconnected) ||
		strings.Contains(err.Error(), "server selection error")
}
