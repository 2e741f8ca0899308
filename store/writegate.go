package store

import "sync"

// writeGate gives the embedded store's writes their turn inside the process. SQLite lets one transaction
// write at a time, and a FerretDB writer that finds the database locked waits in SQLite's busy handler,
// which sleeps between tries (1, 2, 5, … up to 100 ms): under concurrent writes most of the waiting is
// sleep, throughput drops and latencies spread to seconds. A mutex hands the turn on at once.
type writeGate struct{ mu sync.Mutex }

// writing takes the write turn on the embedded store and returns its release; on a real MongoDB, which
// runs writes concurrently itself, it does nothing. Hold it around one write command, never while taking
// another lock.
func (s *Store) writing() func() {
	if s.emb == nil {
		return func() {}
	}
	s.writes.mu.Lock()
	return s.writes.mu.Unlock
}
