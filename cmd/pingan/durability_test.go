package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"pingan/domain"
	"pingan/handlers/handlerstest"
	"pingan/store"
)

const durAdminPassword = "Durable-admin-2026"

// durEnv fixes the admin password and the JWT secret, so tokens outlive restarts.
var durEnv = []string{"PINGAN_ADMIN_PASSWORD=" + durAdminPassword, "PINGAN_JWT_SECRET=durability-secret-0123456789abcdef"}

// durTowns spread the cases over two counties.
var durTowns = []string{"610921102", "610921103", "610902100", "610902001"}

func (p *proc) adminToken(t *testing.T) string {
	t.Helper()
	return p.Login(t, "admin", durAdminPassword)
}

// ledger is what the writers were told: the acknowledged version of every case, and the version a request
// still in flight when the server died would have made.
type ledger struct {
	mu       sync.Mutex
	acked    map[string]int
	inflight map[string]int // case id → version a request without an answer would have made
	lostNew  int            // registrations without an answer
	landed   int            // actions in flight at a kill that turned out stored
	writes   int            // acknowledged writes
	refused  []string       // answers other than success from a live server
}

// durSteps walk a dispute through its lifecycle, then log sessions on it; petitions likewise.
var durSteps = map[string][]map[string]any{
	"dispute": {
		{"action": "accept"},
		{"action": "start", "mediators": []string{"刘调解"}},
		{"action": "session", "session": map[string]any{"at": "2026-01-10T10:00:00+08:00", "mode": "onsite", "record": "双方到场"}},
		{"action": "resolve", "agreement": map[string]any{"type": "oral", "terms": "赔偿"}},
		{"action": "close", "followUp": map[string]any{"at": time.Now().In(domain.Shanghai).Format(time.DateOnly), "satisfaction": "satisfied"}},
	},
	"petition": {
		{"action": "accept"},
		{"action": "assign", "leadLeader": map[string]any{"name": "王书记", "post": "镇党委书记"}},
		{"action": "resolve", "resolutionType": "ceased"},
		{"action": "apply_clear"},
		{"action": "clear"},
	},
}

// write registers cases and acts on them until the server stops answering or stop closes. Each case
// belongs to one writer, so at most one request per case is in flight.
func (l *ledger) write(p *proc, token string, w int, stop <-chan struct{}) {
	for i := 0; ; i++ {
		select {
		case <-stop:
			return
		default:
		}
		kind := "dispute"
		if (w+i)%3 == 0 {
			kind = "petition"
		}
		body := map[string]any{
			"kind": kind, "title": fmt.Sprintf("持久性测试 %d-%d", w, i), "category": "neighbor",
			"townshipCode": durTowns[(w+i)%len(durTowns)],
			"parties":      []map[string]any{{"name": "甲", "role": "applicant"}, {"name": "乙", "role": "respondent"}},
			"dispute":      map[string]any{"source": "application"},
		}
		if kind == "petition" {
			delete(body, "dispute")
			body["petition"] = map[string]any{"assignedBy": "county"}
		}
		r, err := p.Do("POST", "/api/v1/cases", token, body) // an error: the server died with it in flight
		if err != nil {
			l.mu.Lock()
			l.lostNew++
			l.mu.Unlock()
			return
		}
		if r.Status != 201 {
			l.refuse(fmt.Sprintf("register: %d %s", r.Status, r.Raw))
			return
		}
		id, version := r.Body["id"].(string), int(r.Body["version"].(float64))
		l.ack(id, version)
		steps := durSteps[kind]
		for s := 0; s < 1+i%len(steps); s++ { // cases end up in every status
			a := map[string]any{"version": version}
			for k, v := range steps[s] {
				a[k] = v
			}
			l.mu.Lock()
			l.inflight[id] = version + 1
			l.mu.Unlock()
			r, err := p.Do("POST", "/api/v1/cases/"+id+"/actions", token, a)
			if err != nil {
				return
			}
			if r.Status != 200 {
				l.refuse(fmt.Sprintf("%s on %s: %d %s", steps[s]["action"], id, r.Status, r.Raw))
				return
			}
			version = int(r.Body["version"].(float64))
			l.ack(id, version)
		}
	}
}

func (l *ledger) ack(id string, version int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.acked[id] = version
	delete(l.inflight, id)
	l.writes++
}

func (l *ledger) refuse(msg string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.refused = append(l.refused, msg)
}

func (l *ledger) ackedWrites() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.writes
}

// burst runs writers against p and kills the process with SIGKILL once enough writes were acknowledged.
func (l *ledger) burst(t *testing.T, p *proc, token string, writers, writes int) {
	t.Helper()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l.write(p, token, w, stop)
		}()
	}
	start := l.ackedWrites()
	deadline := time.Now().Add(15 * time.Second)
	for l.ackedWrites() < start+writes && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil { // mid-burst: writers are in flight
		t.Fatal(err)
	}
	p.cmd.Wait()
	close(stop)
	wg.Wait()
	for _, msg := range l.refused {
		t.Errorf("a live server refused a write: %s", msg) // a 4xx/5xx mid-burst is a bug of its own
	}
	if l.ackedWrites() < start+writes {
		t.Fatalf("only %d writes acknowledged before the deadline", l.ackedWrites()-start)
	}
}

// listed reads every case of the list, page by page: id → version.
func (p *proc) listed(t *testing.T, token string) (map[string]int, int) {
	t.Helper()
	out := map[string]int{}
	total := 0
	for page := 1; ; page++ {
		r := p.Must(t, "GET", fmt.Sprintf("/api/v1/cases?pageSize=100&page=%d", page), token, nil)
		if r.Status != 200 {
			t.Fatalf("list page %d: %d %s", page, r.Status, r.Raw)
		}
		total = int(r.Body["total"].(float64))
		items := r.Body["items"].([]any)
		for _, it := range items {
			c := it.(map[string]any)
			out[c["id"].(string)] = int(c["version"].(float64))
		}
		if len(items) < 100 {
			return out, total
		}
	}
}

// verify checks that the restarted server has every acknowledged case, at the acknowledged version or —
// only when a request on it was in flight — one later, in the detail and in the list.
func (l *ledger) verify(t *testing.T, p *proc, token string) {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	listed, total := p.listed(t, token)
	for id, v := range l.acked {
		r, err := p.Do("GET", "/api/v1/cases/"+id, token, nil)
		if err != nil || r.Status != 200 {
			t.Errorf("acknowledged case %s at v%d lost: %d %v", id, v, r.Status, err)
			continue
		}
		c := r.Body
		got := int(c["version"].(float64))
		switch {
		case got == v:
		case got == v+1 && l.inflight[id] == v+1:
			l.acked[id] = got // the write in flight made it: it counts from now on
			l.landed++
		default:
			t.Errorf("case %s: version %d after the crash, acknowledged %d (in flight: %d)", id, got, v, l.inflight[id])
		}
		if len(c["timeline"].([]any)) != got {
			t.Errorf("case %s: version %d with %d timeline entries", id, got, len(c["timeline"].([]any)))
		}
		if lv, ok := listed[id]; !ok || lv != got {
			t.Errorf("case %s: detail at v%d, list at v%d (listed: %v)", id, got, lv, ok)
		}
	}
	if total != len(listed) {
		t.Errorf("list total %d, %d items", total, len(listed))
	}
	// the list holds the acknowledged cases and at most the registrations that got no answer
	if total < len(l.acked) || total > len(l.acked)+l.lostNew {
		t.Errorf("list total %d: %d acknowledged cases, %d registrations unanswered", total, len(l.acked), l.lostNew)
	}
	t.Logf("%d cases, %d writes acknowledged; at the kill %d actions and %d registrations were in flight, %d of the actions landed",
		len(l.acked), l.writes, len(l.inflight), l.lostNew, l.landed)
	clear(l.inflight)
}

// Writers register and act concurrently; the server is killed with SIGKILL mid-burst, twice, and
// restarted on the same data. Every acknowledged write is there after each restart, in the detail and in
// the list; then the case index rebuilt at start equals the store, read back through the driver.
func TestAcknowledgedWritesSurviveSIGKILL(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	l := &ledger{acked: map[string]int{}, inflight: map[string]int{}}
	p := startBinary(t, dir, durEnv...)
	token := p.adminToken(t)
	for range 2 {
		l.burst(t, p, token, 6, 150)
		p = startBinary(t, dir, durEnv...)
		l.verify(t, p, token)
	}

	// what the index says: every case with its version, counts per township and status, the report, metrics
	listed, _ := p.listed(t, token)
	type key struct{ town, kind, status string }
	byFilter := map[key]int{}
	for _, town := range durTowns {
		for _, st := range domain.Statuses {
			q := url.Values{"township": {town}, "status": {st.Code}}
			r := p.Must(t, "GET", "/api/v1/cases?"+q.Encode(), token, nil)
			if r.Status != 200 {
				t.Fatalf("count %v: %d %s", q, r.Status, r.Raw)
			}
			if n := int(r.Body["total"].(float64)); n > 0 {
				byFilter[key{town, "", st.Code}] = n
			}
		}
	}
	r := p.Must(t, "GET", "/api/v1/reports/resolution?groupBy=township", token, nil)
	if r.Status != 200 {
		t.Fatalf("report: %d %s", r.Status, r.Raw)
	}
	report := r.Body
	metrics := string(p.Must(t, "GET", "/metrics", "", nil).Raw)

	// stop gracefully, then open the data dir's store here and count what it holds
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Wait(); err != nil {
		t.Fatalf("exit after SIGTERM: %v", err)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, store.Config{DataDir: dir, Logger: slog.New(slog.NewJSONHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(ctx)
	stored := map[string]int{}
	byStore := map[key]int{}
	byKindStatus := map[string]int{}
	reportRecount := map[string][2]int{} // township → disputes registered, petitions in the denominator (not withdrawn)
	// through the driver and FerretDB, not the direct SQLite scan that loaded the index: another read path
	cur, err := st.DB().Collection("cases").Find(ctx, bson.D{})
	if err != nil {
		t.Fatal(err)
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		var c domain.Case
		if err := cur.Decode(&c); err != nil {
			t.Fatal(err)
		}
		stored[c.ID] = c.Version
		byStore[key{c.TownshipCode, "", string(c.Status)}]++
		byKindStatus[string(c.Kind)+"/"+string(c.Status)]++
		r := reportRecount[c.TownshipCode]
		if c.Kind == domain.KindDispute {
			r[0]++
		} else if c.Status != domain.StatusWithdrawn {
			r[1]++
		}
		reportRecount[c.TownshipCode] = r
	}
	if err := cur.Err(); err != nil {
		t.Fatal(err)
	}
	if len(stored) != len(listed) {
		t.Errorf("store holds %d cases, the index listed %d", len(stored), len(listed))
	}
	for id, v := range stored {
		if listed[id] != v {
			t.Errorf("case %s: v%d in the store, v%d in the index", id, v, listed[id])
		}
	}
	for k, n := range byStore {
		if byFilter[k] != n {
			t.Errorf("%s %s: %d in the store, %d by the list filter", k.town, k.status, n, byFilter[k])
		}
	}
	for k, n := range byFilter {
		if byStore[k] != n {
			t.Errorf("%s %s: %d by the list filter, %d in the store", k.town, k.status, n, byStore[k])
		}
	}
	for _, row := range report["rows"].([]any) {
		r := row.(map[string]any)
		d := int(r["disputes"].(map[string]any)["registered"].(float64))
		pt := int(r["petitions"].(map[string]any)["total"].(float64))
		if want := reportRecount[r["code"].(string)]; d != want[0] || pt != want[1] {
			t.Errorf("report row %s: %d disputes, %d petitions; the store has %v", r["code"], d, pt, want)
		}
	}
	for ks, n := range byKindStatus {
		kind, status, _ := strings.Cut(ks, "/")
		line := fmt.Sprintf("pingan_cases{kind=%q,status=%q} %d\n", kind, status, n)
		if !strings.Contains(metrics, line) {
			t.Errorf("metrics lack %q", line)
		}
	}
}

// A logout is remembered across a crash: the revoked token stays refused after SIGKILL and a restart.
func TestLogoutSurvivesACrash(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := startBinary(t, dir, durEnv...)
	kept, revoked := p.adminToken(t), p.adminToken(t)
	if r := p.Must(t, "POST", "/api/v1/auth/logout", revoked, nil); r.Status != 204 {
		t.Fatalf("logout: %d %s", r.Status, r.Raw)
	}
	p.cmd.Process.Signal(syscall.SIGKILL)
	p.cmd.Wait()
	p = startBinary(t, dir, durEnv...)
	if r := p.Must(t, "GET", "/api/v1/auth/me", revoked, nil); r.Status != 401 {
		t.Fatalf("the logged-out token after a crash: %d, want 401", r.Status)
	}
	if r := p.Must(t, "GET", "/api/v1/auth/me", kept, nil); r.Status != 200 {
		t.Fatalf("another token of the same user after a crash: %d, want 200", r.Status)
	}
}

// SIGTERM lets a request in flight finish (here one whose body is still arriving), refuses new
// connections, then exits 0; what the request wrote is there after a restart.
func TestSIGTERMFinishesInFlightRequests(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := startBinary(t, dir, durEnv...)
	token := p.adminToken(t)
	body, _ := json.Marshal(map[string]any{
		"kind": "dispute", "title": "关机时登记的纠纷", "category": "neighbor", "townshipCode": "610921102",
		"parties": []map[string]any{{"name": "甲", "role": "applicant"}, {"name": "乙", "role": "respondent"}},
		"dispute": map[string]any{"source": "application"},
	})
	pr, pw := io.Pipe()
	type answer struct {
		handlerstest.Response
		err error
	}
	answered := make(chan answer, 1)
	go func() {
		r, err := p.Do("POST", "/api/v1/cases", token, pr) // the body arrives as the test writes it
		answered <- answer{r, err}
	}()
	half := len(body) / 2
	if _, err := pw.Write(body[:half]); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // the handler is reading the body
	exited := make(chan error, 1)
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	go func() { exited <- p.cmd.Wait() }()
	time.Sleep(500 * time.Millisecond)
	select {
	case err := <-exited:
		t.Fatalf("exited with a request in flight: %v", err)
	default:
	}
	impatient := &handlerstest.Client{Base: p.Base, HTTP: &http.Client{Timeout: time.Second}}
	if _, err := impatient.Do("GET", "/healthz", "", nil); err == nil {
		t.Error("a new connection was served after SIGTERM")
	}
	if _, err := pw.Write(body[half:]); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	a := <-answered
	if a.err != nil || a.Status != 201 {
		t.Fatalf("the request in flight: %d %s %v", a.Status, a.Raw, a.err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v (want status 0)", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no exit after the last request finished")
	}
	q := startBinary(t, dir, durEnv...)
	if r := q.Must(t, "GET", "/api/v1/cases/"+a.Body["id"].(string), token, nil); r.Status != 200 || r.Body["title"] != "关机时登记的纠纷" {
		t.Fatalf("the case registered during shutdown: %d %s", r.Status, r.Raw)
	}
}

// Two processes writing the same data dir would lose each other's updates (FerretDB reads then writes
// without a transaction) and hand out the same case numbers: the second one does not start, and says why.
func TestSecondProcessOnTheSameDataDirIsRefused(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := startBinary(t, dir, durEnv...)
	cmd := exec.Command(binary, "serve")
	cmd.Env = append(os.Environ(), "PINGAN_ADDR=127.0.0.1:0", "PINGAN_DATA_DIR="+dir, "PINGAN_LOG_LEVEL=error")
	cmd.Env = append(cmd.Env, durEnv...)
	done := make(chan error, 1)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(out.String(), dir) || !strings.Contains(out.String(), "another") {
			t.Fatalf("second process: %v, %q; want a refusal naming the data dir", err, out.String())
		}
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("a second process runs on the same data dir: %q", out.String())
	}
	// the first one is unharmed, and once it is gone the data dir is free again
	if r := p.Must(t, "GET", "/readyz", "", nil); r.Status != 200 {
		t.Fatalf("the first process after the refusal: %d %s", r.Status, r.Raw)
	}
	p.cmd.Process.Signal(syscall.SIGKILL)
	p.cmd.Wait()
	startBinary(t, dir, durEnv...)
}
