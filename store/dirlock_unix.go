//go:build unix

package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockDataDir takes an exclusive lock on the data dir for the life of the process (the kernel drops it
// when the process dies, however it dies). A second process on the same dir would share FerretDB's
// SQLite files: its updates read then write without a transaction, and its counters hand out the same
// case numbers, so it is refused.
func lockDataDir(dir string) (unlock func(), err error) {
	path := filepath.Join(dir, "pingan.lock")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock data dir %s: %w", dir, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("data dir %s is in use by another pingan process (it holds %s): only one process "+
				"may write an embedded store; stop the other one, or run this one as a read-only replica of it "+
				"(PINGAN_READ_ONLY=true, PINGAN_MONGO_URI=the URI in %s)", dir, path, filepath.Join(dir, URIFile))
		}
		return nil, fmt.Errorf("lock data dir %s: %w", dir, err)
	}
	return func() { f.Close() }, nil
}
