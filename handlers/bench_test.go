package handlers

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"pingan/domain"
	"pingan/handlers/handlerstest"
)

// HTTP-level benchmarks through the real server, and its start-up, on five years of Ankang: 40,000 cases
// written by `pingan seed` (and 25 copies of them in the index for a province-sized 1,000,000).
//
//	go test -run '^$' -bench 'HTTP' -benchtime 200x ./handlers/
//	go test -run '^$' -bench 'Startup' ./handlers/              # one start per iteration
//
// The binary and the seeded data dir live in $TMPDIR/pingan-bench; the data are made again only when the
// seeder changes (seeding takes about a minute); each benchmark works on a copy. Results are in docs/BENCHMARKS.md ("Store and HTTP", "Start-up").

// benchCases is five years of Ankang (about 7,800 disputes and 210 backlog petition cases a year).
const (
	benchDisputes  = 38_950
	benchPetitions = 1_050
)

// benchSeedNow is "now" for the seeded data and the benchmark server's clock, so every run sees the same cases.
var benchSeedNow = time.Date(2026, 3, 10, 9, 30, 0, 0, domain.Shanghai)

var (
	benchBuildOnce sync.Once
	benchBinary    string
	benchSeedDir   string
	benchBuildErr  error
)

// seededData builds the pingan binary and returns it with the seeded data dir (made when missing).
func seededData(b *testing.B) (binary, dir string) {
	b.Helper()
	benchBuildOnce.Do(func() { benchBinary, benchSeedDir, benchBuildErr = buildAndSeed() })
	if benchBuildErr != nil {
		b.Fatal(benchBuildErr)
	}
	return benchBinary, benchSeedDir
}

func buildAndSeed() (binary, dir string, err error) {
	base := filepath.Join(os.TempDir(), "pingan-bench")
	if err := os.MkdirAll(base, 0o700); err != nil {
		return "", "", err
	}
	binary = filepath.Join(base, "pingan")
	if out, err := exec.Command("go", "build", "-o", binary, "../cmd/pingan").CombinedOutput(); err != nil {
		return "", "", fmt.Errorf("build pingan: %v\n%s", err, out)
	}
	// the data depend on the seeder and its parameters only: reseed when either changes
	h := sha256.New()
	fmt.Fprint(h, benchDisputes, benchPetitions, benchSeedNow)
	seeders, _ := filepath.Glob("../cmd/pingan/seed*.go")
	for _, f := range seeders {
		src, err := os.ReadFile(f)
		if err != nil {
			return "", "", err
		}
		h.Write(src)
	}
	dir = filepath.Join(base, "seed-"+hex.EncodeToString(h.Sum(nil)[:6]))
	if _, err := os.Stat(filepath.Join(dir, "seeded")); err == nil {
		return binary, dir, nil
	}
	old, _ := filepath.Glob(filepath.Join(base, "seed-*"))
	for _, o := range old {
		os.RemoveAll(o)
	}
	cmd := exec.Command(binary, "seed", "--disputes", strconv.Itoa(benchDisputes), "--petitions", strconv.Itoa(benchPetitions),
		"--from", benchSeedNow.AddDate(-5, 0, 0).Format(time.DateOnly))
	cmd.Env = append(os.Environ(), "PINGAN_DATA_DIR="+dir, "PINGAN_SEED_NOW="+benchSeedNow.Format(time.RFC3339), "PINGAN_LOG_LEVEL=error")
	if out, err := cmd.CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return "", "", fmt.Errorf("pingan seed: %v\n%s", err, out)
	}
	return binary, dir, os.WriteFile(filepath.Join(dir, "seeded"), nil, 0o600)
}

// copyDataDir copies the seeded data dir for one server to write into.
func copyDataDir(b *testing.B, from string) string {
	b.Helper()
	to := b.TempDir()
	entries, err := os.ReadDir(from)
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() || e.Name() == "seeded" || strings.HasSuffix(e.Name(), ".lock") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), data, 0o600); err != nil {
			b.Fatal(err)
		}
	}
	return to
}

// latencies collects one sub-benchmark's request times and reports their p50 and p99 besides the mean.
type latencies []time.Duration

func (l latencies) report(b *testing.B) {
	if len(l) == 0 {
		return
	}
	s := slices.Clone(l)
	slices.Sort(s)
	at := func(q float64) float64 {
		return float64(s[min(int(q*float64(len(s))), len(s)-1)].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}

// benchSend sends one request through the server's client and checks the status, failing b (the running
// sub-benchmark, not the one that started the server); the answer is returned raw.
func (s *testServer) benchSend(b *testing.B, method, path, token string, body any, want int) []byte {
	r := s.client.Must(b, method, path, token, body)
	if r.Status != want {
		b.Fatalf("%s %s: %d %s", method, path, r.Status, r.Raw)
	}
	return r.Raw
}

// timed runs one request per iteration and reports the latency percentiles.
func timed(b *testing.B, do func(i int)) {
	lat := make(latencies, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		start := time.Now()
		do(i)
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	lat.report(b)
}

// benchGets are the reads a leader's screens make.
var benchGets = []struct{ name, path string }{
	{"report/resolution city by township", "/api/v1/reports/resolution?groupBy=township"},
	{"report/resolution city by county this year", "/api/v1/reports/resolution?from=2026-01-01&to=2026-03-10"},
	{"report/trend monthly", "/api/v1/reports/trend?interval=month"},
	{"report/categories", "/api/v1/reports/categories"},
	{"list/first page", "/api/v1/cases"},
	{"list/filtered", "/api/v1/cases?kind=dispute&status=closed&county=610902&category=neighbor&from=2025-01-01&to=2025-12-31"},
	{"list/overdue", "/api/v1/cases?overdue=true"},
	{"search/name", "/api/v1/cases?q=" + url.QueryEscape("王秀英")},
	{"search/subject", "/api/v1/cases?q=" + url.QueryEscape("宅基地")},
	{"search/subject in county", "/api/v1/cases?county=610921&q=" + url.QueryEscape("土地")},
	{"todo/city leader", "/api/v1/todo"},
}

// benchReads runs the reads as the city leader, and the case detail (a point read in the store) when
// detail is set.
func benchReads(b *testing.B, s *testServer, leader string, detail bool) {
	var list struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	if err := json.Unmarshal(s.benchSend(b, "GET", "/api/v1/cases?pageSize=100", leader, nil, 200), &list); err != nil || len(list.Items) == 0 {
		b.Fatalf("no cases listed: %v", err)
	}
	for _, g := range benchGets {
		b.Run(g.name, func(b *testing.B) {
			timed(b, func(int) { s.benchSend(b, "GET", g.path, leader, nil, 200) })
		})
	}
	if !detail {
		return
	}
	b.Run("detail", func(b *testing.B) {
		timed(b, func(i int) {
			s.benchSend(b, "GET", "/api/v1/cases/"+list.Items[i%len(list.Items)].ID, leader, nil, 200)
		})
	})
}

// seededServer is a server on a copy of the seeded data dir, with a city leader and a township mediator.
func seededServer(b *testing.B) (s *testServer, leader, mediator string) {
	_, seeded := seededData(b)
	dir := copyDataDir(b, seeded)
	s = startServerAt(b, benchSeedNow.Add(time.Hour), func(c *Config) { c.DataDir = dir })
	if n := s.App.Index().Len(); n != benchDisputes+benchPetitions {
		b.Fatalf("%d cases in the index, want %d", n, benchDisputes+benchPetitions)
	}
	s.client.HTTP = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	return s, s.createUser("bench-leader", domain.RoleLeader, "6109"), s.createUser("bench-mediator", domain.RoleMediator, benchTown)
}

const benchTown = "610902001"

// BenchmarkHTTP40k: what a leader and a mediator wait for, through HTTP, with 40,000 cases in the store.
func BenchmarkHTTP40k(b *testing.B) {
	s, leader, mediator := seededServer(b)
	benchReads(b, s, leader, true)
	var created []string
	b.Run("intake", func(b *testing.B) {
		bodies := make([][]byte, b.N)
		for i := range bodies {
			bodies[i] = intakeBody(benchTown, i)
		}
		timed(b, func(i int) {
			var cs struct {
				ID string `json:"id"`
			}
			if err := json.Unmarshal(s.benchSend(b, "POST", "/api/v1/cases", mediator, bodies[i], 201), &cs); err != nil {
				b.Fatal(err)
			}
			created = append(created, cs.ID)
		})
	})
	b.Run("action accept", func(b *testing.B) {
		b.StopTimer()
		for len(created) < b.N {
			var cs struct {
				ID string `json:"id"`
			}
			if err := json.Unmarshal(s.benchSend(b, "POST", "/api/v1/cases", mediator, intakeBody(benchTown, len(created)), 201), &cs); err != nil {
				b.Fatal(err)
			}
			created = append(created, cs.ID)
		}
		todo := created[:b.N]
		created = created[b.N:]
		b.StartTimer()
		timed(b, func(i int) {
			s.benchSend(b, "POST", "/api/v1/cases/"+todo[i]+"/actions", mediator, []byte(`{"action":"accept","version":1,"note":"经审查符合受理条件"}`), 200)
		})
	})
}

// BenchmarkHTTP1M: the same reads with 1,000,000 cases in the index — the 40,000 seeded cases 25 times
// over, each copy renumbered densely in its township and year and put in registration order, as a
// province-sized index would hold them. The store keeps the 40,000; lists, searches and reports come from the index alone (the case
// detail is a point read in the store, as at 40,000).
// "index memory" reports the heap of a 1,000,000-case index (the growth by 24 copies, after a collection, ×25/24).
func BenchmarkHTTP1M(b *testing.B) {
	const copies = 25
	s, leader, _ := seededServer(b)
	ix := s.App.Index()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var seeded []*domain.Case
	if err := s.App.Store().EachCase(context.Background(), func(cs *domain.Case) error { seeded = append(seeded, cs); return nil }); err != nil {
		b.Fatal(err)
	}
	// copy k of case number n of a township and year is number n + k·last, last being the township's last
	// number that year: the numbers stay dense, as a real index has them
	last := map[string]int{}
	for _, c := range seeded {
		town, year, seq := splitCaseNo(b, c.ID)
		key := fmt.Sprint(town, year)
		last[key] = max(last[key], seq)
	}
	// in registration order, as cases reach a real index: a province's townships register side by side
	slices.SortStableFunc(seeded, func(a, b *domain.Case) int { return a.RegisteredAt.Compare(b.RegisteredAt) })
	for _, orig := range seeded {
		town, year, seq := splitCaseNo(b, orig.ID)
		for k := 1; k < copies; k++ {
			cp := *orig
			cp.ID = domain.CaseNumber(town, year, seq+k*last[fmt.Sprint(town, year)])
			cp.CaseNo = cp.ID
			ix.Put(&cp)
		}
	}
	seeded = nil
	runtime.GC()
	runtime.ReadMemStats(&after)
	if ix.Len() != copies*(benchDisputes+benchPetitions) {
		b.Fatalf("%d cases in the index", ix.Len())
	}
	indexMB := float64(after.HeapAlloc-before.HeapAlloc) / (1 << 20) * copies / (copies - 1)
	b.Run("index memory", func(b *testing.B) { b.ReportMetric(indexMB, "MB") })
	benchReads(b, s, leader, false) // the copies are not in the store: no detail
}

// splitCaseNo reads {township}-{year}-{seq}.
func splitCaseNo(b *testing.B, id string) (town string, year, seq int) {
	parts := strings.Split(id, "-")
	if len(parts) != 3 {
		b.Fatalf("case number %q", id)
	}
	year, err1 := strconv.Atoi(parts[1])
	seq, err2 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil || seq >= 40_000 {
		b.Fatalf("case number %q", id)
	}
	return parts[0], year, seq
}

// intakeBody is a registration form as a mediator sends it.
func intakeBody(town string, i int) []byte {
	names := []string{"张伟", "王秀英", "李娜", "刘洋", "陈静", "杨磊"}
	a, b := names[i%len(names)], names[(i+1)%len(names)]
	body, _ := json.Marshal(map[string]any{
		"kind": "dispute", "title": fmt.Sprintf("%s与%s宅基地边界纠纷（%d）", a, b, i),
		"summary":  a + "反映与" + b + "因宅基地边界问题发生纠纷，双方多次协商未果，申请村调委会调解。",
		"category": "housing_homestead", "townshipCode": town, "village": "东坡村", "riskLevel": "yellow",
		"parties": []map[string]string{
			{"name": a, "role": "applicant", "idNumber": "610902199001011234", "phone": "13912345678"},
			{"name": b, "role": "respondent", "phone": "13887654321"},
		},
		"dispute": map[string]string{"source": "application"},
	})
	return body
}

// BenchmarkStartup40k: `pingan serve` from process start until GET /readyz answers 200, on a copy of the
// seeded data dir; also the resident memory of the ready server.
func BenchmarkStartup40k(b *testing.B) {
	b.StopTimer()
	binary, seeded := seededData(b)
	var rss float64
	for range b.N {
		b.StopTimer()
		dir := copyDataDir(b, seeded)
		ln, err := freeLoopbackAddr()
		if err != nil {
			b.Fatal(err)
		}
		cmd := exec.Command(binary, "serve")
		cmd.Env = append(os.Environ(), "PINGAN_ADDR="+ln, "PINGAN_DATA_DIR="+dir, "PINGAN_LOG_LEVEL=error",
			"PINGAN_ADMIN_PASSWORD="+testAdminPassword)
		b.StartTimer()
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		client := &handlerstest.Client{Base: "http://" + ln}
		ready := false
		for deadline := time.Now().Add(5 * time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			if r, err := client.Do("GET", "/readyz", "", nil); err == nil && r.Status == http.StatusOK {
				ready = true
				break
			}
		}
		b.StopTimer()
		if !ready {
			cmd.Process.Kill()
			b.Fatal("not ready after 5 minutes")
		}
		rss = residentMB(cmd.Process.Pid)
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/start")
	b.ReportMetric(rss, "MB-rss")
}

func freeLoopbackAddr() (string, error) {
	ln, err := (&net.ListenConfig{}).Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// residentMB reads a process's resident set size from /proc (0 where there is none).
func residentMB(pid int) float64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}
