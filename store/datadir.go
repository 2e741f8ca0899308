package store

import (
	"fmt"
	"log/slog"
	"os"
)

// tightenDataDir makes the data dir private to the process's user (0700): it holds the store's socket,
// which needs no password, the SQLite files and the generated JWT secret. A dir made earlier with a
// looser mode is tightened, with a warning naming it and its old mode.
func tightenDataDir(dir string, logger *slog.Logger) error {
	st, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("data dir %s: %w", dir, err)
	}
	if old := st.Mode().Perm(); old != 0o700 {
		if err := os.Chmod(dir, 0o700); err != nil {
			return fmt.Errorf("make data dir %s private (mode %04o, want 0700): %w", dir, old, err)
		}
		logger.Warn("data dir was open to other users: its mode is now 0700", "dir", dir, "oldMode", fmt.Sprintf("%04o", old))
	}
	return nil
}
