package handlers

import (
	"bufio"
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"pingan/domain"
	"pingan/store"
)

// listeningTCPPorts lists the TCP ports this process listens on (Linux: its socket fds matched against
// /proc/net/tcp{,6} entries in state LISTEN).
func listeningTCPPorts(t *testing.T) map[int]bool {
	t.Helper()
	inodes := map[string]bool{}
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	for _, fd := range fds {
		link, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name()))
		if inode, ok := strings.CutPrefix(link, "socket:["); err == nil && ok {
			inodes[strings.TrimSuffix(inode, "]")] = true
		}
	}
	ports := map[int]bool{}
	for _, table := range []string{"/proc/self/net/tcp", "/proc/self/net/tcp6"} {
		f, err := os.Open(table)
		if err != nil {
			continue // no IPv6
		}
		sc := bufio.NewScanner(f)
		sc.Scan() // the header
		for sc.Scan() {
			fields := strings.Fields(sc.Text())
			if len(fields) < 10 || fields[3] != "0A" || !inodes[fields[9]] { // 0A: LISTEN
				continue
			}
			_, hexPort, _ := strings.Cut(fields[1], ":")
			if p, err := strconv.ParseInt(hexPort, 16, 32); err == nil {
				ports[int(p)] = true
			}
		}
		f.Close()
	}
	return ports
}

// readsUsers connects the official driver to uri and reads the users collection, as any local process
// could; it reports what it read, or the error that stopped it.
func readsUsers(uri string) (int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	client, err := mongo.Connect(options.Client().ApplyURI(uri).SetServerSelectionTimeout(2 * time.Second))
	if err != nil {
		return 0, err
	}
	defer client.Disconnect(context.Background())
	var users []bson.M
	cur, err := client.Database("pingan").Collection("users").Find(ctx, bson.D{})
	if err != nil {
		return 0, err
	}
	if err := cur.All(ctx, &users); err != nil {
		return 0, err
	}
	return len(users), nil
}

// The embedded store needs no password, so it must not be reachable by other local users: it has no TCP
// port at all — the official driver finds it on no port this process listens on besides HTTP — and its
// Unix socket sits in a directory only the owner may enter. /readyz names no address to anyone.
func TestEmbeddedStoreIsNotReachableOverTCP(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads the process's sockets from /proc")
	}
	before := listeningTCPPorts(t)
	s := startServer(t)
	s.createUser("exposed", domain.RoleMediator, townA)
	u, _ := url.Parse(s.URL)
	httpPort, _ := strconv.Atoi(u.Port())

	for port := range listeningTCPPorts(t) {
		if before[port] || port == httpPort {
			continue
		}
		t.Errorf("the server listens on TCP port %d besides its HTTP port %d", port, httpPort)
		if n, err := readsUsers(fmt.Sprintf("mongodb://127.0.0.1:%d/?directConnection=true", port)); err == nil {
			t.Errorf("the official driver reads %d users from 127.0.0.1:%d without a password", n, port)
		}
	}

	uri := s.App.Store().EmbeddedURI()
	socket := s.App.Store().EmbeddedSocket()
	if !strings.HasPrefix(uri, "mongodb://%2F") || strings.Contains(uri, "127.0.0.1") {
		t.Fatalf("the embedded store's URI is %q, want a Unix socket", uri)
	}
	st, err := os.Lstat(socket)
	if err != nil || st.Mode()&os.ModeSocket == 0 {
		t.Fatalf("%s is not a socket: %v %v", socket, st, err)
	}
	if perm := st.Mode().Perm(); perm&0o077 != 0 {
		t.Errorf("the socket's mode is %v, want no access for group and others", perm)
	}
	dir, err := os.Stat(filepath.Dir(socket))
	if err != nil || dir.Mode().Perm() != 0o700 {
		t.Errorf("the socket's directory %s has mode %v, want 0700", filepath.Dir(socket), dir.Mode().Perm())
	}
	// the socket is the real store: its owner reaches it (this is what a read-only replica does)
	if n, err := readsUsers(uri); err != nil || n != 2 {
		t.Errorf("the owner reads %d users over the socket: %v", n, err)
	}
	if b, err := os.ReadFile(filepath.Join(s.App.cfg.DataDir, store.URIFile)); err != nil || strings.TrimSpace(string(b)) != uri {
		t.Errorf("the data dir's %s says %q (%v), want %q", store.URIFile, b, err, uri)
	}

	for _, token := range []string{"", s.admin, s.createUser("ready-med", domain.RoleMediator, townA)} {
		r := s.do("GET", "/readyz", token, nil)
		for _, leak := range []string{"mongodb", "127.0.0.1", "sock", socket, s.App.cfg.DataDir} {
			if strings.Contains(string(r.Raw), leak) {
				t.Errorf("/readyz names %q: %s", leak, r.Raw)
			}
		}
	}
}

// Anyone learns from /readyz whether the instance is ready, and nothing else; an admin's token adds the
// details (store state, case count, following).
func TestReadyzDetailsOnlyForAdmins(t *testing.T) {
	s := startServer(t)
	med := s.createUser("ready-only", domain.RoleMediator, townA)
	s.register(med, disputeBody(townA, nil))
	for name, token := range map[string]string{"anonymous": "", "mediator": med, "forged": "not-a-token"} {
		r := s.do("GET", "/readyz", token, nil)
		if r.Status != 200 || len(r.Body) != 1 || r.Body["status"] != "ready" {
			t.Errorf("%s: %d %s, want 200 with the status only", name, r.Status, r.Raw)
		}
	}
	r := s.do("GET", "/readyz", s.admin, nil)
	follow, _ := r.Body["follow"].(map[string]any)
	if r.Status != 200 || r.Body["store"] != "ok" || r.Body["cases"] != 1.0 || r.Body["embedded"] != true || follow["mode"] != "none" {
		t.Errorf("admin: %d %s, want the details", r.Status, r.Raw)
	}
}

// A socket path too long for sun_path goes into a short 0700 directory of the process under the temp dir,
// which is removed at stop; the store works there as in the data dir.
func TestLongDataDirPutsTheSocketInAShortDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), strings.Repeat("长", 40)) // 120 bytes of name alone
	s := startServer(t, func(c *Config) { c.DataDir = dir })
	socket := s.App.Store().EmbeddedSocket()
	if strings.HasPrefix(socket, dir) || len(socket) > 103 {
		t.Fatalf("socket %s (%d bytes) for the data dir %s", socket, len(socket), dir)
	}
	if st, err := os.Stat(filepath.Dir(socket)); err != nil || st.Mode().Perm() != 0o700 {
		t.Fatalf("the socket's directory: %v %v", st, err)
	}
	if n, err := readsUsers(s.App.Store().EmbeddedURI()); err != nil || n != 1 {
		t.Fatalf("reads %d users over %s: %v", n, socket, err)
	}
	if err := s.App.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Dir(socket)); !os.IsNotExist(err) {
		t.Errorf("the socket's directory outlives the store: %v", err)
	}
}
