package handlers

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pingan/domain"
)

// On a full disk — the embedded database capped at its size, so SQLite refuses to grow it with its real
// SQLITE_FULL — an intake answers 503 storage_full with a Chinese message and stores nothing; readiness
// says the store cannot write, for a minute after the last failure; a login whose audit entry cannot be
// written fails with 503, so every login that succeeded is in the audit log.
func TestFullDiskAnswers503AndReadinessSaysSo(t *testing.T) {
	dir := t.TempDir()
	first := startServer(t, func(c *Config) { c.DataDir = dir })
	first.createUser("full-med", domain.RoleMediator, townA)
	if err := first.App.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	var size int64
	for _, f := range []string{"pingan.sqlite", "pingan.sqlite-wal"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err == nil {
			size += st.Size()
		}
	}
	t0 := time.Now().Truncate(time.Second)
	s := startServerAt(t, t0, func(c *Config) { c.DataDir = dir; c.StoreMaxPages = int(size/4096) + 3 })
	logins := func() int {
		entries, err := s.App.Store().AuditLog(context.Background(), 0, nil)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range entries {
			if e.Actor == "full-med" && e.Action == "login" {
				n++
			}
		}
		return n
	}
	before := logins()
	med := s.login("full-med", "Passw0rd-full-med")

	stored, refused := 0, response{}
	for range 60 {
		r := s.do("POST", "/api/v1/cases", med, disputeBody(townA, func(m map[string]any) { m["summary"] = strings.Repeat("案情", 2500) }))
		if r.Status != 201 {
			refused = r
			break
		}
		stored++
	}
	expectRefusal(t, refused, 503, "storage_full", "an intake on a full disk")
	if refused.errorCode() != "store_unavailable" || !strings.Contains(string(refused.Raw), "磁盘空间已满") {
		t.Errorf("the refusal: %s", refused.Raw)
	}
	if _, total := s.list(med, ""); total != stored || s.App.index.Len() != stored {
		t.Errorf("%d cases listed, %d in the index, %d acknowledged", total, s.App.index.Len(), stored)
	}

	r := s.do("GET", "/readyz", "", nil)
	if r.Status != 503 || r.Body["status"] != "unavailable" {
		t.Errorf("readyz on a full disk: %d %s", r.Status, r.Raw)
	}
	if r := s.do("GET", "/readyz", s.admin, nil); r.Body["store"] != "storage_full" {
		t.Errorf("readyz for the admin: %s", r.Raw)
	}

	l := s.App.limiter
	l.mu.Lock()
	l.maxPerIP = 1 << 20
	l.mu.Unlock()
	succeeded := 1 // the login above
	var failed response
	for range 200 {
		r := s.do("POST", "/api/v1/auth/login", "", map[string]string{"username": "full-med", "password": "Passw0rd-full-med"})
		if r.Status != 200 {
			failed = r
			break
		}
		succeeded++
	}
	expectRefusal(t, failed, 503, "storage_full", "a login whose audit entry cannot be written")
	if audited := logins() - before; audited != succeeded {
		t.Errorf("%d logins succeeded, %d are in the audit log", succeeded, audited)
	}

	s.clock.Set(t0.Add(storageFullHold + time.Second)) // no write failed since
	if r := s.do("GET", "/readyz", "", nil); r.Status != 200 {
		t.Errorf("readyz a minute after the last failure: %d %s", r.Status, r.Raw)
	}
}
