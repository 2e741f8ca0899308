// Package handlers translates HTTP to the domain and back: routes, authentication, binding, errors,
// exports and the embedded web app. Rules live in domain/, persistence in store/.
package handlers

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/net/netutil"

	"pingan/domain"
	"pingan/domain/casefile"
	"pingan/domain/caseindex"
	"pingan/domain/casework"
	"pingan/domain/returnwork"
	"pingan/store"
)

// Config is everything the server is started with (API.md, Running).
type Config struct {
	Addr             string
	DataDir          string
	MongoURI         string
	DB               string
	JWTSecret        string
	AdminPassword    string
	ReadOnly         bool
	WarningThreshold float64
	BodyLimit        string
	// TrustedProxies are the CIDR ranges of reverse proxies whose X-Forwarded-For names the client (login
	// limits and the audit log go by it). Nil: loopback only (a proxy on the same host); empty: none.
	TrustedProxies []string
	// ReadHeaderTimeout bounds reading a request's headers (default 10 s), against slowloris clients.
	ReadHeaderTimeout time.Duration
	// BodyTimeout bounds reading a request's body once its headers are in (default 30 s); ImportBodyTimeout
	// that of a ledger upload, up to 20 MB (default 5 min). A client trickling a body cannot hold a
	// connection longer.
	BodyTimeout       time.Duration
	ImportBodyTimeout time.Duration
	// MaxConnections caps the connections served at once (default 1024); more wait to be accepted.
	MaxConnections int
	// StoreMaxPages caps the embedded database at this many 4 KB pages (0: none), past which writes fail as
	// on a full disk (store.Config.MaxPages).
	StoreMaxPages int
	// Attachments bounds one attached file and all files of one case (default casefile.DefaultLimits).
	Attachments casefile.Limits
	// ScreeningDueDays: a 排查 period's round is on time when recorded within this many days after the
	// period ends (PINGAN_SCREENING_DUE_DAY; nil: domain.DefaultScreeningDueDays).
	ScreeningDueDays *int
	// LoginsPerMinute is how many login attempts one client address may make a minute (0: 30).
	LoginsPerMinute int
	Logger          *slog.Logger
	// Now is the clock; tests inject one. Defaults to time.Now.
	Now func() time.Time
	// Announce receives one-time messages for the operator (the generated admin password). Default: stdout.
	Announce func(msg string)
}

// App is a running Pingan: the store, the region tree, the case index and the HTTP server.
type App struct {
	cfg     Config
	log     *slog.Logger
	now     func() time.Time
	store   *store.Store
	regions *domain.RegionTree
	index   *caseindex.Index
	cases   *casework.Service   // the one write path for cases, and the scoped read of one case
	returns *returnwork.Service // the one write path for monthly returns, and their scoped reads
	files   *casefile.Service   // the case file: documents, attachments, the 卷宗 download
	// committees is the registry of people's mediation committees, loaded at start.
	committees *domain.CommitteeBook
	// screening holds the townships' lists of places and the 排查 rounds, loaded at start.
	screening *domain.ScreeningBook
	// hazards and listings are the risk-hazard ledger and the listed items (挂牌督办), loaded at start.
	hazards   *domain.HazardIndex
	listings  *domain.ListingBook
	users     *userCache
	revoked   *denyList
	limiter   *loginLimiter
	jwtSecret []byte
	echo      *echo.Echo
	ready     atomic.Bool
	metrics   *metrics
	follower  *store.Follower
	imports   importSlots
	allow     []routeTemplate // the routes by path, for 405s
	// storageFullAt is when a write last failed for lack of space (unix nanoseconds; 0: never).
	storageFullAt atomic.Int64

	// assessments is the 稳评 register, loaded at start.
	assessments *domain.AssessmentBook
}

// New opens the store, loads regions and the case index, bootstraps the admin user and builds the routes.
func New(ctx context.Context, cfg Config) (*App, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Announce == nil {
		cfg.Announce = func(msg string) { fmt.Println(msg) }
	}
	if cfg.WarningThreshold <= 0 || cfg.WarningThreshold > 1 {
		cfg.WarningThreshold = domain.DefaultWarningThreshold
	}
	if cfg.BodyLimit == "" {
		cfg.BodyLimit = "1M"
	}
	if cfg.ReadHeaderTimeout <= 0 {
		cfg.ReadHeaderTimeout = 10 * time.Second
	}
	if cfg.BodyTimeout <= 0 {
		cfg.BodyTimeout = 30 * time.Second
	}
	if cfg.ImportBodyTimeout <= 0 {
		cfg.ImportBodyTimeout = 5 * time.Minute
	}
	if cfg.MaxConnections <= 0 {
		cfg.MaxConnections = DefaultMaxConnections
	}
	ipExtractor, err := clientIPExtractor(cfg.TrustedProxies)
	if err != nil {
		return nil, err
	}
	clock := cfg.Now
	// Times are kept at the store's millisecond precision, so an answer shows exactly what was stored.
	// Times are shown in Asia/Shanghai, as the store decodes them.
	now := func() time.Time { return clock().Truncate(time.Millisecond).In(domain.Shanghai) }
	a := &App{cfg: cfg, log: cfg.Logger, now: now, revoked: &denyList{}, limiter: newLoginLimiter(cfg.LoginsPerMinute), metrics: newMetrics()}
	st, err := store.Open(ctx, store.Config{MongoURI: cfg.MongoURI, DB: cfg.DB, DataDir: cfg.DataDir,
		MaxPages: cfg.StoreMaxPages, Logger: cfg.Logger})
	if err != nil {
		return nil, err
	}
	a.store = st
	if err := a.refuseSharedFerretDB(); err != nil {
		st.Close(context.Background())
		return nil, err
	}
	if err := a.load(ctx); err != nil {
		st.Close(context.Background())
		return nil, err
	}
	a.echo = a.newEcho()
	a.echo.IPExtractor = ipExtractor
	return a, nil
}

// clientIPExtractor believes X-Forwarded-For only from trusted proxies, walking it from the nearest hop:
// a client cannot name another address by sending the header itself.
func clientIPExtractor(trusted []string) (echo.IPExtractor, error) {
	// Not the private networks: clients on an office or county network reach Pingan from private addresses
	// too, and would name any address they like.
	opts := []echo.TrustOption{echo.TrustLoopback(trusted == nil), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, cidr := range trusted {
		_, n, err := net.ParseCIDR(strings.TrimSpace(cidr))
		if err != nil {
			return nil, fmt.Errorf("trusted proxy range %q: %w", cidr, err)
		}
		opts = append(opts, echo.TrustIPRange(n))
	}
	return echo.ExtractIPFromXFFHeader(opts...), nil
}

func (a *App) load(ctx context.Context) error {
	if a.cfg.ReadOnly {
		// A read-only instance writes nothing: the writer has seeded the regions and created the admin.
		has, err := a.store.HasUsers(ctx)
		if err != nil {
			return err
		}
		if !has {
			return errors.New("read-only instance on an empty store: start the instance that writes to it first (it seeds the regions and creates the admin user)")
		}
		if a.cfg.JWTSecret == "" {
			a.log.Warn("read-only instance without PINGAN_JWT_SECRET: tokens of the writing instance are not accepted here; set the writer's secret to share logins")
		}
	}
	regions, err := a.store.LoadRegions(ctx, domain.AnkangRegions())
	if err != nil {
		return err
	}
	if a.regions, err = domain.NewRegionTree(regions); err != nil {
		return fmt.Errorf("region tree: %w", err)
	}
	if a.jwtSecret, err = loadSecret(a.cfg.JWTSecret, a.cfg.DataDir); err != nil {
		return err
	}
	a.users = &userCache{ttl: 5 * time.Second, now: a.now, load: a.store.GetUser}
	if !a.cfg.ReadOnly {
		if err := a.bootstrapAdmin(ctx); err != nil {
			return err
		}
	}
	revoked, err := a.store.RevokedTokens(ctx, a.now())
	if err != nil {
		return err
	}
	for id, exp := range revoked {
		a.revoked.add(id, exp)
	}
	head, err := a.store.ChangeHead(ctx) // before the load: writes made during it are followed
	if err != nil {
		return err
	}
	start := time.Now()
	a.index = caseindex.New(a.regions)
	a.cases = casework.New(a.store, a.index, a.regions, a.auditCasework, a.now)
	saved, err := a.store.LoadCommittees(ctx)
	if err != nil {
		return err
	}
	a.committees = domain.NewCommitteeBook(a.regions, saved)
	a.cases.SetCommittees(a.committees)
	assessed, err := a.store.LoadAssessments(ctx)
	if err != nil {
		return err
	}
	a.assessments = domain.NewAssessmentBook(a.regions, assessed)
	if err := a.cases.Load(ctx); err != nil {
		return fmt.Errorf("load case index: %w", err)
	}
	a.log.Info("case index loaded", "cases", a.index.Len(), "took", time.Since(start).Round(time.Millisecond).String())
	a.files = casefile.New(a.store, a.regions, a.cfg.Attachments, a.auditCasefile, a.now)
	cleaned, err := a.files.Load(ctx)
	if err != nil {
		return fmt.Errorf("load attachments: %w", err)
	}
	a.log.Info("attachments loaded", "files", a.files.Index().Len(), "half_stored_removed", cleaned)
	a.returns = returnwork.New(a.store, a.index, a.regions, a.auditReturn, a.now, a.sharedStore)
	if err := a.returns.Load(ctx); err != nil {
		return fmt.Errorf("load monthly returns: %w", err)
	}
	places, rounds, err := a.store.LoadScreening(ctx)
	if err != nil {
		return fmt.Errorf("load screening rounds: %w", err)
	}
	dueDays := domain.DefaultScreeningDueDays
	if a.cfg.ScreeningDueDays != nil {
		dueDays = *a.cfg.ScreeningDueDays
	}
	a.screening = domain.NewScreeningBook(a.regions, dueDays, places, rounds)
	if err := a.loadHazards(ctx); err != nil {
		return err
	}
	a.follow(ctx, head)
	return nil
}

// loadSecret returns the configured JWT secret, or the one generated once into the data dir (0600).
func loadSecret(configured, dataDir string) ([]byte, error) {
	if configured != "" {
		if len(configured) < 16 {
			return nil, errors.New("PINGAN_JWT_SECRET must be at least 16 characters")
		}
		return []byte(configured), nil
	}
	path := filepath.Join(dataDir, "jwt-secret")
	if b, err := os.ReadFile(path); err == nil && len(strings.TrimSpace(string(b))) >= 32 {
		return []byte(strings.TrimSpace(string(b))), nil
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create data dir %s: %w", dataDir, err)
	}
	buf := make([]byte, 32)
	if _, err := rand.Read(buf); err != nil {
		return nil, err
	}
	secret := hex.EncodeToString(buf)
	if err := os.WriteFile(path, []byte(secret+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("write JWT secret %s: %w", path, err)
	}
	return []byte(secret), nil
}

// bootstrapAdmin creates the admin user when there is no user at all.
func (a *App) bootstrapAdmin(ctx context.Context) error {
	has, err := a.store.HasUsers(ctx)
	if err != nil || has {
		return err
	}
	pw := a.cfg.AdminPassword
	generated := pw == ""
	if generated {
		buf := make([]byte, 9)
		if _, err := rand.Read(buf); err != nil {
			return err
		}
		pw = "Pa" + hex.EncodeToString(buf)
	}
	root := a.regions.Root()
	// a generated password is printed on the console: it is changed at the first login; one set in the
	// configuration is the operator's own
	u, err := domain.NewUser(domain.NewUserInput{Username: "admin", Password: pw, Name: "系统管理员",
		Role: string(domain.RoleAdmin), RegionCode: root.Code, MustChangePassword: &generated}, a.regions, hashPassword, a.now())
	if err != nil {
		return fmt.Errorf("admin user: %w", err)
	}
	if err := a.store.InsertUser(ctx, u); err != nil {
		if errors.Is(err, domain.ErrUsernameTaken) { // another instance starting on the same empty store was first
			return nil
		}
		return err
	}
	if generated {
		a.cfg.Announce(fmt.Sprintf("管理员账号已创建 / admin user created: username admin, password %s (shown once; change it after login)", pw))
	}
	return nil
}

// Handler is the HTTP handler (for tests that serve it themselves).
func (a *App) Handler() http.Handler { return a.echo }

// DefaultMaxConnections is how many connections a server serves at once unless configured.
const DefaultMaxConnections = 1024

// Serve accepts connections on ln until Shutdown, at most MaxConnections at once.
func (a *App) Serve(ln net.Listener) error {
	a.ready.Store(true)
	srv := a.echo
	srv.Listener = netutil.LimitListener(ln, a.cfg.MaxConnections)
	// Slow or stalled clients cannot hold connections: headers within ReadHeaderTimeout, a body within
	// BodyTimeout (bodyDeadline; a whole import within ImportBodyTimeout), idle keep-alive connections
	// closed after 2 minutes.
	srv.Server.ReadHeaderTimeout = a.cfg.ReadHeaderTimeout
	srv.Server.ReadTimeout = max(a.cfg.BodyTimeout, a.cfg.ImportBodyTimeout)
	srv.Server.IdleTimeout = 2 * time.Minute
	err := srv.Start("")
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown stops accepting requests, lets in-flight ones finish, then closes the store.
func (a *App) Shutdown(ctx context.Context) error {
	a.ready.Store(false)
	err := a.echo.Shutdown(ctx)
	a.follower.Stop()
	if cerr := a.store.Close(ctx); err == nil {
		err = cerr
	}
	return err
}

// Store exposes the store (for tests and commands that share the wiring).
func (a *App) Store() *store.Store { return a.store }

// Regions exposes the region tree.
func (a *App) Regions() *domain.RegionTree { return a.regions }

// Index exposes the case index.
func (a *App) Index() *caseindex.Index { return a.index }
