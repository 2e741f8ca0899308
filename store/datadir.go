package store

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

// tightenDataDir makes the data dir private to the process's user: the dir 0700, its files 0600. It holds
// the store's socket, which needs no password, the SQLite files and the generated JWT secret. A dir or
// files made earlier with looser modes are tightened, with a warning naming them and their old modes.
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
	changed, err := privateFiles(dir)
	if len(changed) > 0 {
		logger.Warn("data files were readable by other users: their mode is now 0600", "dir", dir, "files", strings.Join(changed, ", "))
	}
	return err
}

// privateFiles sets the files of dir that group or others may use to 0600 and names them with their old
// modes. SQLite creates its files 0644 (and its WAL and shared-memory files with the database file's
// mode), so this runs again once the store has created them.
func privateFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("data dir %s: %w", dir, err)
	}
	var changed []string
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		info, err := e.Info()
		if err != nil || info.Mode().Perm()&0o077 == 0 {
			continue
		}
		if err := os.Chmod(filepath.Join(dir, e.Name()), 0o600); err != nil {
			return changed, fmt.Errorf("make %s private: %w", filepath.Join(dir, e.Name()), err)
		}
		changed = append(changed, fmt.Sprintf("%s (%04o)", e.Name(), info.Mode().Perm()))
	}
	return changed, nil
}
