// Command pingan-load drives a running Pingan over HTTP with many concurrent virtual users doing what
// people do in the app: mediators register disputes and take them through their lifecycle, leaders open
// the reports page, everyone lists, searches and opens cases. It stops by itself after --duration or
// --max-requests, whichever comes first, and prints throughput and latency percentiles per endpoint.
//
// It only talks to loopback addresses (127.0.0.0/8, ::1): the target's name is resolved and checked,
// and every connection is checked again.
//
//	pingan-load --url http://127.0.0.1:8080 --users 200 --duration 60s --admin-password '...'
//
// It creates its own users (loadtest-mediator-NN, loadtest-leader-NN) through the admin API; the exit
// status is 0 when no request failed, 1 when some did, 2 when the run could not start.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand"
	"net"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// options are the command line.
type options struct {
	url           string
	users         int
	duration      time.Duration
	maxRequests   int64
	adminPassword string
	mix           *mix
	think         time.Duration
	ramp          time.Duration
	wait          time.Duration
	timeout       time.Duration
	seed          int64
	prefix        string
}

func parseOptions(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("pingan-load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: pingan-load [flags]\n\nLoads a Pingan on this machine (loopback only) with concurrent virtual users and prints\nthroughput and latency percentiles per endpoint. Flags:")
		fs.PrintDefaults()
	}
	var mixFlag string
	fs.StringVar(&o.url, "url", "http://127.0.0.1:8080", "base URL of the server (must resolve to 127.0.0.0/8 or ::1)")
	fs.IntVar(&o.users, "users", 50, "concurrent virtual users")
	fs.DurationVar(&o.duration, "duration", 60*time.Second, "how long to run")
	fs.Int64Var(&o.maxRequests, "max-requests", 1_000_000, "stop after this many requests at the latest")
	fs.StringVar(&o.adminPassword, "admin-password", os.Getenv("PINGAN_ADMIN_PASSWORD"), "password of the admin user (default $PINGAN_ADMIN_PASSWORD)")
	fs.StringVar(&mixFlag, "mix", defaultMix, "relative weights of the operations: "+strings.Join(operations, ", "))
	fs.DurationVar(&o.think, "think", 0, "mean pause of a user between two steps (exponential); 0 = none, every user as fast as the server answers")
	ramp := fs.Duration("ramp", -1, "users start at random moments within this time (default: the think time)")
	fs.DurationVar(&o.wait, "wait", 0, "wait up to this long for GET /readyz before starting (reports how long it took)")
	fs.DurationVar(&o.timeout, "timeout", 30*time.Second, "timeout of one request")
	fs.Int64Var(&o.seed, "seed", 1, "seed of the users' random choices")
	fs.StringVar(&o.prefix, "prefix", "loadtest", "prefix of the usernames the tool creates")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	o.ramp = *ramp
	if o.ramp < 0 {
		o.ramp = o.think
	}
	var err error
	if o.mix, err = parseMix(mixFlag); err != nil {
		return nil, err
	}
	switch {
	case o.users < 1:
		return nil, errors.New("--users must be at least 1")
	case o.duration <= 0:
		return nil, errors.New("--duration must be positive")
	case o.maxRequests < 1:
		return nil, errors.New("--max-requests must be at least 1")
	case o.think < 0 || o.wait < 0 || o.timeout <= 0 || o.ramp >= o.duration:
		return nil, errors.New("--think and --wait must not be negative, --ramp must be shorter than --duration, --timeout must be positive")
	case o.adminPassword == "":
		return nil, errors.New("--admin-password (or $PINGAN_ADMIN_PASSWORD) is required: the tool creates its users through the admin API")
	}
	o.prefix = strings.ToLower(o.prefix)
	return o, nil
}

// run is the whole command; it returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parseOptions(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "pingan-load:", err)
		return 2
	}
	rep, err := load(ctx, o, net.DefaultResolver, stdout)
	if err != nil {
		fmt.Fprintln(stderr, "pingan-load:", err)
		return 2
	}
	rep.print(stdout)
	if rep.total.errors > 0 {
		return 1
	}
	return 0
}

// load checks the target, sets up the accounts and runs the virtual users until the time or the request
// budget is up, or ctx ends.
func load(ctx context.Context, o *options, res resolver, out io.Writer) (report, error) {
	base, err := checkTarget(ctx, res, o.url)
	if err != nil {
		return report{}, err
	}
	c := &client{http: loopbackClient(res, o.users+8, o.timeout), base: strings.TrimRight(base.String(), "/")}
	wait := o.wait
	if wait == 0 {
		wait = time.Nanosecond // one look
	}
	waited, err := waitReady(ctx, c, wait)
	if err != nil {
		return report{}, err
	}
	if o.wait > 0 {
		fmt.Fprintf(out, "waited %.2f s for the server to be ready\n", waited.Seconds())
	}
	mediators, leaders, err := setup(ctx, c, out, o.adminPassword, o.prefix, o.users)
	if err != nil {
		return report{}, err
	}
	fmt.Fprintf(out, "%d users (sharing %d mediator and %d leader accounts), mix %s, think %s, ramp %s, for %s or %d requests\n",
		o.users, len(mediators), len(leaders), o.mix, o.think, o.ramp, o.duration, o.maxRequests)

	runCtx, cancel := context.WithTimeout(ctx, o.duration)
	defer cancel()
	b := &budget{max: o.maxRequests}
	vus := make([]*vu, o.users)
	for i := range vus {
		vus[i] = &vu{
			s:        &session{c: c, run: runCtx, budget: b, timeout: o.timeout, rec: recorder{}},
			rng:      rand.New(rand.NewSource(o.seed*1_000_003 + int64(i))),
			mix:      o.mix,
			think:    o.think,
			mediator: mediators[i%len(mediators)],
			leader:   leaders[i%len(leaders)],
		}
	}
	start := time.Now()
	var wg sync.WaitGroup
	for _, v := range vus {
		wg.Go(func() { v.loop(o.ramp) })
	}
	wg.Wait()
	elapsed := time.Since(start)
	all := recorder{}
	for _, v := range vus {
		all.merge(v.s.rec)
	}
	return buildReport(all, o.users, elapsed), nil
}
