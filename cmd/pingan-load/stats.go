package main

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
)

// Endpoints as they appear in the result table, in this order.
const (
	epIntake     = "POST /cases (intake)"
	epAction     = "POST /cases/:id/actions"
	epDetail     = "GET /cases/:id"
	epList       = "GET /cases (filtered list)"
	epSearch     = "GET /cases?q= (search)"
	epResolution = "GET /reports/resolution"
	epTrend      = "GET /reports/trend"
	epCategories = "GET /reports/categories"
)

var endpointOrder = []string{epIntake, epAction, epDetail, epList, epSearch, epResolution, epTrend, epCategories}

// series is what one endpoint saw: every latency, and the failures by kind.
type series struct {
	durations []time.Duration
	errors    int
	failures  map[string]int // "status code: message" or the transport error → count
}

// recorder collects one virtual user's results; recorders are merged at the end, so no locks.
type recorder map[string]*series

func (r recorder) record(endpoint string, d time.Duration, failure string) {
	s := r[endpoint]
	if s == nil {
		s = &series{failures: map[string]int{}}
		r[endpoint] = s
	}
	s.durations = append(s.durations, d)
	if failure != "" {
		s.errors++
		s.failures[failure]++
	}
}

func (r recorder) merge(o recorder) {
	for ep, os := range o {
		s := r[ep]
		if s == nil {
			s = &series{failures: map[string]int{}}
			r[ep] = s
		}
		s.durations = append(s.durations, os.durations...)
		s.errors += os.errors
		for k, n := range os.failures {
			s.failures[k] += n
		}
	}
}

// percentile is the nearest-rank percentile of sorted durations (q in (0, 1]).
func percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(q*float64(len(sorted)) + 0.999999999)
	return sorted[min(max(rank, 1), len(sorted))-1]
}

// summary is one row of the result table.
type summary struct {
	endpoint              string
	requests, errors      int
	rate                  float64
	p50, p95, p99, maxDur time.Duration
}

func summarize(endpoint string, durs []time.Duration, errors int, elapsed time.Duration) summary {
	sorted := slices.Clone(durs)
	slices.Sort(sorted)
	s := summary{endpoint: endpoint, requests: len(sorted), errors: errors}
	if elapsed > 0 {
		s.rate = float64(len(sorted)) / elapsed.Seconds()
	}
	if len(sorted) > 0 {
		s.p50, s.p95, s.p99, s.maxDur = percentile(sorted, 0.50), percentile(sorted, 0.95), percentile(sorted, 0.99), sorted[len(sorted)-1]
	}
	return s
}

// report is the outcome of a run.
type report struct {
	users   int
	elapsed time.Duration
	rows    []summary
	total   summary
	// failures lists the distinct failures, most frequent first, as "endpoint — failure ×n".
	failures []string
}

func buildReport(rec recorder, users int, elapsed time.Duration) report {
	rep := report{users: users, elapsed: elapsed}
	var all []time.Duration
	errors := 0
	names := append([]string(nil), endpointOrder...)
	for ep := range rec {
		if !slices.Contains(names, ep) {
			names = append(names, ep)
		}
	}
	type failure struct {
		text string
		n    int
	}
	var fails []failure
	for _, ep := range names {
		s := rec[ep]
		if s == nil {
			continue
		}
		rep.rows = append(rep.rows, summarize(ep, s.durations, s.errors, elapsed))
		all = append(all, s.durations...)
		errors += s.errors
		for k, n := range s.failures {
			fails = append(fails, failure{ep + " — " + k, n})
		}
	}
	rep.total = summarize("all", all, errors, elapsed)
	sort.Slice(fails, func(i, j int) bool {
		if fails[i].n != fails[j].n {
			return fails[i].n > fails[j].n
		}
		return fails[i].text < fails[j].text
	})
	for _, f := range fails {
		rep.failures = append(rep.failures, fmt.Sprintf("%s ×%d", f.text, f.n))
	}
	return rep
}

// ms formats a latency in milliseconds.
func ms(d time.Duration) string {
	v := float64(d) / float64(time.Millisecond)
	switch {
	case v < 10:
		return fmt.Sprintf("%.2f", v)
	case v < 100:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.0f", v)
}

// print writes the result table (latencies in ms) and the failures.
func (rep report) print(w io.Writer) {
	fmt.Fprintf(w, "\n%d users, %.1f s, %d requests, %.1f req/s, %d errors\n\n", rep.users, rep.elapsed.Seconds(),
		rep.total.requests, rep.total.rate, rep.total.errors)
	width := len("endpoint")
	for _, s := range rep.rows {
		width = max(width, len(s.endpoint))
	}
	// right-aligned numbers; the endpoint column is padded to one width so it reads left-aligned
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%-*s\trequests\terrors\treq/s\tp50 ms\tp95 ms\tp99 ms\tmax ms\t\n", width, "endpoint")
	line := func(s summary) {
		fmt.Fprintf(tw, "%-*s\t%d\t%d\t%.1f\t%s\t%s\t%s\t%s\t\n", width, s.endpoint, s.requests, s.errors, s.rate,
			ms(s.p50), ms(s.p95), ms(s.p99), ms(s.maxDur))
	}
	for _, s := range rep.rows {
		line(s)
	}
	fmt.Fprintf(tw, "%s\t\t\t\t\t\t\t\t\n", strings.Repeat("-", width))
	line(rep.total)
	tw.Flush()
	if len(rep.failures) > 0 {
		fmt.Fprintln(w, "\nfailures:")
		for i, f := range rep.failures {
			if i == 10 {
				fmt.Fprintf(w, "  … and %d more kinds\n", len(rep.failures)-10)
				break
			}
			fmt.Fprintln(w, "  "+f)
		}
	}
}
