package handlers

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

// startReadOnly starts a read-only instance on the writer's embedded store, sharing its JWT secret.
func startReadOnly(t *testing.T, writer *testServer) *testServer {
	t.Helper()
	cfg := writer.App.cfg
	cfg.DataDir, cfg.MongoURI, cfg.ReadOnly = t.TempDir(), writer.App.Store().EmbeddedURI(), true
	return startWith(t, cfg, writer.clock)
}

// A read-only instance answers every write route with 403 — whatever route is added later — while login,
// refresh and logout still work (tokens are stateless) without writing audit entries or revocations.
func TestReadOnlyInstanceRefusesEveryWrite(t *testing.T) {
	t.Parallel()
	w := startServer(t)
	r := startReadOnly(t, w)
	ctx := context.Background()
	auditBefore, err := w.App.Store().AuditLog(ctx, 0, nil)
	if err != nil {
		t.Fatal(err)
	}

	sessionRoutes := map[string]bool{"/api/v1/auth/login": true, "/api/v1/auth/refresh": true, "/api/v1/auth/logout": true}
	checked := 0
	for _, rt := range r.App.echo.Routes() {
		write := rt.Method == http.MethodPost || rt.Method == http.MethodPut || rt.Method == http.MethodPatch ||
			rt.Method == http.MethodDelete
		if !write || !strings.HasPrefix(rt.Path, "/api/v1/") || strings.Contains(rt.Path, "*") || sessionRoutes[rt.Path] {
			continue
		}
		path := strings.NewReplacer(":id", "610902001-2026-000001").Replace(rt.Path)
		res := r.do(rt.Method, path, r.admin, map[string]any{})
		if res.Status != http.StatusForbidden || res.reason() != "read_only" || !strings.Contains(string(res.Raw), "只读") {
			t.Errorf("%s %s on a read-only instance: %d %s, want 403 saying it is read-only", rt.Method, rt.Path, res.Status, res.Raw)
		}
		checked++
	}
	if checked < 5 {
		t.Fatalf("only %d write routes found", checked)
	}

	tok := r.login("admin", testAdminPassword)
	expectStatus(t, r.do("POST", "/api/v1/auth/refresh", tok, nil), http.StatusOK, "refresh on the read-only instance")
	expectStatus(t, r.do("POST", "/api/v1/auth/logout", r.admin, nil), http.StatusNoContent, "logout on the read-only instance")
	expectStatus(t, r.do("GET", "/api/v1/auth/me", r.admin, nil), http.StatusUnauthorized, "a token logged out on the read-only instance")
	expectStatus(t, w.do("GET", "/api/v1/auth/me", tok, nil), http.StatusOK, "a token of the read-only instance on the writer (shared secret)")

	auditAfter, _ := w.App.Store().AuditLog(ctx, 0, nil)
	if len(auditAfter) != len(auditBefore) {
		t.Errorf("the read-only instance wrote %d audit entries", len(auditAfter)-len(auditBefore))
	}
	if revoked, _ := w.App.Store().RevokedTokens(ctx, time.Now()); len(revoked) != 0 {
		t.Errorf("the read-only instance stored %d revocations", len(revoked))
	}
}

// A read-only instance reports how it follows the writer; the writer follows nobody.
func TestReadyzReportsFollowing(t *testing.T) {
	t.Parallel()
	w := startServer(t)
	r := startReadOnly(t, w)
	for _, tc := range []struct {
		s    *testServer
		mode string
	}{{w, "none"}, {r, "poll"}} {
		res := tc.s.do("GET", "/readyz", tc.s.admin, nil)
		follow, _ := res.Body["follow"].(map[string]any)
		if res.Status != http.StatusOK || follow["mode"] != tc.mode {
			t.Errorf("readyz: %d %s, want follow mode %s", res.Status, res.Raw, tc.mode)
		}
	}
}
