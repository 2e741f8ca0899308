package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"pingan/handlers"
)

// fakeResolver answers from a table; a name it does not know does not resolve.
type fakeResolver map[string][]string

func (f fakeResolver) LookupIPAddr(_ context.Context, host string) ([]net.IPAddr, error) {
	addrs, ok := f[host]
	if !ok {
		return nil, fmt.Errorf("no such host %s", host)
	}
	var out []net.IPAddr
	for _, a := range addrs {
		out = append(out, net.IPAddr{IP: net.ParseIP(a)})
	}
	return out, nil
}

var names = fakeResolver{
	"localhost":     {"127.0.0.1", "::1"},
	"lo.test":       {"127.3.2.1"},
	"half.test":     {"127.0.0.1", "10.0.0.5"},
	"far.test":      {"203.0.113.7"},
	"far6.test":     {"2001:db8::1"},
	"empty.test":    {},
	"rebinder.test": {"192.168.1.20"},
}

func TestOnlyLoopbackTargetsAreAccepted(t *testing.T) {
	for _, tc := range []struct {
		url string
		ok  bool
	}{
		{"http://127.0.0.1:8080", true},
		{"http://127.255.0.9:1", true},
		{"http://[::1]:8080", true},
		{"http://localhost:8080", true},
		{"https://lo.test", true},
		{"http://[::ffff:127.0.0.1]:80", true},
		{"http://half.test:8080", false}, // one address elsewhere is enough to refuse
		{"http://far.test:8080", false},
		{"http://far6.test", false},
		{"http://empty.test", false},
		{"http://unknown.test", false},
		{"http://10.0.0.1:8080", false},
		{"http://0.0.0.0:8080", false},
		{"http://[::]:8080", false},
		{"http://192.168.1.2", false},
		{"ftp://127.0.0.1", false},
		{"127.0.0.1:8080", false},
		{"http://", false},
	} {
		_, err := checkTarget(context.Background(), names, tc.url)
		if (err == nil) != tc.ok {
			t.Errorf("%s: accepted = %v (err %v), want %v", tc.url, err == nil, err, tc.ok)
		}
	}
}

// Every connection is checked again at dial time: a name that resolves elsewhere by then is refused
// before any packet leaves.
func TestClientDialsOnlyLoopback(t *testing.T) {
	c := loopbackClient(names, 1, time.Second)
	_, err := c.Get("http://rebinder.test:8080/healthz")
	if err == nil || !strings.Contains(err.Error(), "not a loopback address") {
		t.Fatalf("request to a non-loopback address: err %v, want a refusal", err)
	}
}

func TestLoadRefusesARemoteTargetBeforeAnyRequest(t *testing.T) {
	o := &options{url: "http://far.test:8080", users: 1, duration: time.Second, maxRequests: 1, adminPassword: "x",
		timeout: time.Second}
	o.mix, _ = parseMix(defaultMix)
	if _, err := load(context.Background(), o, names, io.Discard); err == nil || !strings.Contains(err.Error(), "refusing") {
		t.Fatalf("err %v, want a refusal", err)
	}
}

func TestParseMix(t *testing.T) {
	for _, tc := range []struct {
		in    string
		total int
		bad   bool
	}{
		{defaultMix, 100, false},
		{"intake=1", 1, false},
		{" list = 3 , search=0 ", 3, false},
		{"dashboard=0", 0, true},
		{"", 0, true},
		{"reports=5", 0, true},
		{"list=-1", 0, true},
		{"list=x", 0, true},
		{"list", 0, true},
		{"list=1,list=2", 0, true},
	} {
		m, err := parseMix(tc.in)
		if (err != nil) != tc.bad {
			t.Errorf("%q: err %v, want error %v", tc.in, err, tc.bad)
			continue
		}
		if err == nil && m.total != tc.total {
			t.Errorf("%q: total %d, want %d", tc.in, m.total, tc.total)
		}
	}
}

func TestPercentileIsNearestRank(t *testing.T) {
	ms := func(ns ...int) []time.Duration {
		out := make([]time.Duration, len(ns))
		for i, n := range ns {
			out[i] = time.Duration(n) * time.Millisecond
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = i + 1
	}
	for _, tc := range []struct {
		sorted []time.Duration
		q      float64
		want   time.Duration
	}{
		{nil, 0.5, 0},
		{ms(7), 0.99, 7 * time.Millisecond},
		{ms(1, 2), 0.5, 1 * time.Millisecond},
		{ms(1, 2, 3), 0.5, 2 * time.Millisecond},
		{ms(hundred...), 0.5, 50 * time.Millisecond},
		{ms(hundred...), 0.95, 95 * time.Millisecond},
		{ms(hundred...), 0.99, 99 * time.Millisecond},
		{ms(hundred...), 1, 100 * time.Millisecond},
	} {
		if got := percentile(tc.sorted, tc.q); got != tc.want {
			t.Errorf("p%g of %d values: %v, want %v", tc.q*100, len(tc.sorted), got, tc.want)
		}
	}
}

func TestOptionsNeedBoundsAndAPassword(t *testing.T) {
	for _, args := range [][]string{
		{"--users", "0", "--admin-password", "x"},
		{"--duration", "0s", "--admin-password", "x"},
		{"--max-requests", "0", "--admin-password", "x"},
		{"--admin-password", ""},
		{"--mix", "nothing=1", "--admin-password", "x"},
		{"--admin-password", "x", "extra"},
		{"--admin-password", "x", "--duration", "10s", "--ramp", "10s"},
	} {
		if _, err := parseOptions(args, io.Discard); err == nil {
			t.Errorf("%v: accepted", args)
		}
	}
	for _, tc := range []struct {
		args []string
		ramp time.Duration
	}{
		{[]string{"--admin-password", "x"}, 0},
		{[]string{"--admin-password", "x", "--think", "3s"}, 3 * time.Second},
		{[]string{"--admin-password", "x", "--think", "3s", "--ramp", "0"}, 0},
		{[]string{"--admin-password", "x", "--ramp", "20s"}, 20 * time.Second},
	} {
		o, err := parseOptions(tc.args, io.Discard)
		if err != nil {
			t.Errorf("%v: %v", tc.args, err)
		} else if o.ramp != tc.ramp {
			t.Errorf("%v: ramp %v, want %v", tc.args, o.ramp, tc.ramp)
		}
	}
}

// A real Pingan on a temp dir: short runs must use every endpoint without a single failure and stop at
// their request budget or their time, whichever comes first.
func TestRunAgainstARealServer(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts a server")
	}
	const password = "Admin-load-2026"
	app, err := handlers.New(context.Background(), handlers.Config{DataDir: t.TempDir(), AdminPassword: password,
		JWTSecret: "load-test-secret-0123456789", Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Announce: func(string) {}})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go app.Serve(ln)
	t.Cleanup(func() { app.Shutdown(context.Background()) })
	base := "http://" + ln.Addr().String()
	m, _ := parseMix(defaultMix)

	t.Run("request budget", func(t *testing.T) {
		o := &options{url: base, users: 6, duration: time.Minute, maxRequests: 400, adminPassword: password, mix: m,
			timeout: 10 * time.Second, seed: 1, prefix: "loadtest"}
		start := time.Now()
		rep, err := load(context.Background(), o, net.DefaultResolver, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if rep.total.requests != 400 {
			t.Errorf("%d requests, want exactly the budget of 400", rep.total.requests)
		}
		if d := time.Since(start); d > 50*time.Second {
			t.Errorf("took %v: did not stop at the budget", d)
		}
		if rep.total.errors > 0 {
			t.Errorf("%d failed requests: %v", rep.total.errors, rep.failures)
		}
		seen := map[string]bool{}
		for _, r := range rep.rows {
			seen[r.endpoint] = r.requests > 0
		}
		for _, ep := range endpointOrder {
			if !seen[ep] {
				t.Errorf("endpoint %s never called", ep)
			}
		}
	})
	t.Run("duration", func(t *testing.T) {
		o := &options{url: base, users: 4, duration: 1500 * time.Millisecond, maxRequests: 1_000_000,
			adminPassword: password, mix: m, timeout: 10 * time.Second, seed: 2, prefix: "loadtest"}
		rep, err := load(context.Background(), o, net.DefaultResolver, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if rep.elapsed < 1500*time.Millisecond || rep.elapsed > 10*time.Second {
			t.Errorf("ran %v for a 1.5 s duration", rep.elapsed)
		}
		if rep.total.requests == 0 || rep.total.errors > 0 {
			t.Errorf("%d requests, %d failed: %v", rep.total.requests, rep.total.errors, rep.failures)
		}
	})
}
