package store

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// embedded is an in-process FerretDB (SQLite backend) listening on a Unix socket inside the data dir.
// It has no TCP port and no password: whoever may open the socket may read and change everything, so
// the socket lives in a directory only the process's user may enter (the data dir, mode 0700).
type embedded struct {
	dataDir string
	socket  string
	uri     string
	tmpDir  string // the short directory holding the socket when the data dir's path is too long ("" if none)
	cancel  context.CancelFunc
	done    chan struct{}
	unlock  func() // releases the data dir
}

// socketName is the embedded store's socket in the data dir; the driver takes a host ending in "sock"
// for a Unix socket.
const socketName = "mongod.sock"

// URIFile is the file in the data dir naming the embedded store's URI, for the operator who points a
// read-only replica at it (PINGAN_MONGO_URI). It is readable by the owner only, like the dir.
const URIFile = "store.uri"

// maxSocketPath is the longest Unix socket path every platform takes: sun_path holds 108 bytes on Linux,
// 104 on macOS and the BSDs, the terminating NUL included.
const maxSocketPath = 103

// socketPath picks where the socket goes: in the data dir, or — when that path is too long for a socket —
// in a new 0700 directory of this process under the system temp dir (tmpDir, removed at stop).
func socketPath(dataDir string) (path, tmpDir string, err error) {
	path = filepath.Join(dataDir, socketName)
	if len(path) <= maxSocketPath {
		return path, "", nil
	}
	tmpDir, err = os.MkdirTemp("", "pingan-store-") // mode 0700
	if err != nil {
		return "", "", fmt.Errorf("the data dir path %s is too long for the store's socket and no directory can be made under %s: %w", dataDir, os.TempDir(), err)
	}
	path = filepath.Join(tmpDir, socketName)
	if len(path) > maxSocketPath {
		os.RemoveAll(tmpDir)
		return "", "", fmt.Errorf("the store's socket path %s is longer than %d bytes: use a shorter PINGAN_DATA_DIR or TMPDIR", path, maxSocketPath)
	}
	return path, tmpDir, nil
}

// socketURI is the MongoDB URI of a Unix socket: the whole path percent-encoded as the host, as the
// driver reads it back (url.QueryUnescape).
func socketURI(path string) string { return "mongodb://" + url.QueryEscape(path) + "/" }

// startEmbedded starts FerretDB with its files under dataDir. FerretDB logs only errors: it is chatty.
// maxPages, when positive, caps the database's size in pages (SQLite's max_page_count).
func startEmbedded(dataDir string, maxPages int, logger *slog.Logger) (*embedded, error) {
	abs, err := filepath.Abs(dataDir)
	if err != nil {
		return nil, fmt.Errorf("data dir %s: %w", dataDir, err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, fmt.Errorf("create data dir %s: %w", abs, err)
	}
	if err := tightenDataDir(abs, logger); err != nil {
		return nil, err
	}
	unlock, err := lockDataDir(abs)
	if err != nil {
		return nil, err
	}
	socket, tmpDir, err := socketPath(abs)
	if err != nil {
		unlock()
		return nil, err
	}
	// a socket left by a process that was killed: the dir lock says nobody uses it
	if st, err := os.Lstat(socket); err == nil && st.Mode()&os.ModeSocket != 0 {
		os.Remove(socket)
	}
	quiet := slog.New(logger.Handler().WithGroup("ferretdb"))
	if !logger.Enabled(context.Background(), slog.LevelError) {
		quiet = logger
	}
	sqliteURL := "file:" + abs + "/?_pragma=synchronous(full)" // a 2xx answer survives a crash
	if maxPages > 0 {
		sqliteURL += fmt.Sprintf("&_pragma=max_page_count(%d)", maxPages)
	}
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{Unix: socket},
		Handler:   "sqlite",
		SQLiteURL: sqliteURL,
		Logger:    slog.New(levelFilter{inner: quiet.Handler(), min: slog.LevelError}),
	})
	if err != nil {
		if tmpDir != "" {
			os.RemoveAll(tmpDir)
		}
		unlock()
		return nil, fmt.Errorf("start embedded store in %s: %w", abs, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	e := &embedded{dataDir: abs, socket: socket, uri: socketURI(socket), tmpDir: tmpDir, cancel: cancel,
		done: make(chan struct{}), unlock: unlock}
	if err := os.Chmod(socket, 0o600); err != nil {
		logger.Warn("embedded store socket mode", "socket", socket, "err", err)
	}
	if err := os.WriteFile(filepath.Join(abs, URIFile), []byte(e.uri+"\n"), 0o600); err != nil {
		logger.Warn("write the embedded store's URI", "dir", abs, "err", err)
	}
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
		if e.tmpDir != "" {
			os.RemoveAll(e.tmpDir)
		}
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
