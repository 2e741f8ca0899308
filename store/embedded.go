package store

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// embedded is an in-process FerretDB (SQLite backend) listening on a free loopback port.
type embedded struct {
	dataDir string
	uri     string
	cancel  context.CancelFunc
	done    chan struct{}
	unlock  func() // releases the data dir
}

// startEmbedded starts FerretDB with its files under dataDir. FerretDB logs only errors: it is chatty.
func startEmbedded(dataDir string, logger *slog.Logger) (*embedded, error) {
	abs, err := filepath.Abs(dataDir)
	if err != nil {
		return nil, fmt.Errorf("data dir %s: %w", dataDir, err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, fmt.Errorf("create data dir %s: %w", abs, err)
	}
	unlock, err := lockDataDir(abs)
	if err != nil {
		return nil, err
	}
	quiet := slog.New(logger.Handler().WithGroup("ferretdb"))
	if !logger.Enabled(context.Background(), slog.LevelError) {
		quiet = logger
	}
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: "127.0.0.1:0"},
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/?_pragma=synchronous(full)", // a 2xx answer survives a crash
		Logger:    slog.New(levelFilter{inner: quiet.Handler(), min: slog.LevelError}),
	})
	if err != nil {
		unlock()
		return nil, fmt.Errorf("start embedded store in %s: %w", abs, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	e := &embedded{dataDir: abs, uri: f.MongoDBURI(), cancel: cancel, done: make(chan struct{}), unlock: unlock}
	go func() {
		defer close(e.done)
		_ = f.Run(ctx)
	}()
	return e, nil
}

// stop stops the listener, closes the SQLite backend and releases the data dir.
func (e *embedded) stop() {
	e.cancel()
	select {
	case <-e.done:
		e.unlock()
	case <-time.After(10 * time.Second): // still running: keep the dir locked until the process ends
	}
}

// sqlitePath is the file FerretDB keeps a database in.
func (e *embedded) sqlitePath(db string) string { return filepath.Join(e.dataDir, db+".sqlite") }

// levelFilter drops records below a level. FerretDB derives a logger with attributes for every
// connection and query; formatting them eagerly (as the JSON handler's WithAttrs does) costs a fifth of
// an insert, so attributes and groups are only applied to records that pass the level.
type levelFilter struct {
	inner slog.Handler
	min   slog.Level
	with  []func(slog.Handler) slog.Handler
}

func (h levelFilter) Enabled(_ context.Context, l slog.Level) bool { return l >= h.min }

func (h levelFilter) Handle(ctx context.Context, r slog.Record) error {
	inner := h.inner
	for _, w := range h.with {
		inner = w(inner)
	}
	return inner.Handle(ctx, r)
}

func (h levelFilter) WithAttrs(a []slog.Attr) slog.Handler {
	return h.then(func(x slog.Handler) slog.Handler { return x.WithAttrs(a) })
}

func (h levelFilter) WithGroup(n string) slog.Handler {
	return h.then(func(x slog.Handler) slog.Handler { return x.WithGroup(n) })
}

func (h levelFilter) then(f func(slog.Handler) slog.Handler) slog.Handler {
	return levelFilter{inner: h.inner, min: h.min, with: append(h.with[:len(h.with):len(h.with)], f)}
}
