package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"time"
)

// Accounts: at most this many mediators and leaders, so that the logins stay under the server's limit
// of 30 per address and minute (admin included). Virtual users share them.
const (
	maxMediators = 20
	maxLeaders   = 4
)

type region struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	Level      string `json:"level"`
	ParentCode string `json:"parentCode"`
}

type tokenAnswer struct {
	Token string `json:"token"`
}

// readyAnswer is the part of GET /readyz the tool reports (the case count is shown to admins only).
type readyAnswer struct {
	Status string `json:"status"`
	Cases  int    `json:"cases"`
}

// waitReady polls /readyz until the server is ready or wait has passed; it returns the time it waited.
func waitReady(ctx context.Context, c *client, wait time.Duration) (time.Duration, error) {
	start := time.Now()
	deadline := start.Add(wait)
	for {
		var r readyAnswer
		rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		status, failure := c.call(rctx, http.MethodGet, "/readyz", "", nil, &r)
		cancel()
		if status == http.StatusOK {
			return time.Since(start), nil
		}
		if time.Now().After(deadline) {
			return time.Since(start), fmt.Errorf("server at %s not ready after %s: %s", c.base, wait.Round(time.Millisecond), failure)
		}
		select {
		case <-ctx.Done():
			return time.Since(start), ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// login signs in, waiting out the login rate limit (429) for up to two minutes.
func login(ctx context.Context, c *client, log io.Writer, username, password string) (string, error) {
	deadline := time.Now().Add(2 * time.Minute)
	warned := false
	for {
		var t tokenAnswer
		status, failure := c.call(ctx, http.MethodPost, "/api/v1/auth/login", "",
			map[string]string{"username": username, "password": password}, &t)
		switch {
		case failure == "":
			return t.Token, nil
		case status == http.StatusTooManyRequests && time.Now().Before(deadline):
			if !warned {
				fmt.Fprintln(log, "login rate limit reached (an earlier run?): waiting for it to pass")
				warned = true
			}
			select {
			case <-ctx.Done():
				return "", ctx.Err()
			case <-time.After(5 * time.Second):
			}
		default:
			return "", fmt.Errorf("login as %s: %s", username, failure)
		}
	}
}

// setup signs in as admin, creates (or resets) the tool's mediators and leaders through the admin API and
// signs them in. Mediators sit in townships spread over the city, leaders are the city and a few counties.
func setup(ctx context.Context, c *client, log io.Writer, adminPassword, prefix string, users int) (mediators, leaders []*account, err error) {
	admin, err := login(ctx, c, log, "admin", adminPassword)
	if err != nil {
		return nil, nil, err
	}
	var ready readyAnswer
	if _, failure := c.call(ctx, http.MethodGet, "/readyz", admin, nil, &ready); failure != "" {
		return nil, nil, fmt.Errorf("read /readyz: %s", failure)
	}
	fmt.Fprintf(log, "target %s: %d cases in the index\n", c.base, ready.Cases)
	var regions struct {
		Items []region `json:"items"`
	}
	if _, failure := c.call(ctx, http.MethodGet, "/api/v1/regions", admin, nil, &regions); failure != "" {
		return nil, nil, fmt.Errorf("read regions: %s", failure)
	}
	byLevel := map[string][]region{}
	for _, r := range regions.Items {
		byLevel[r.Level] = append(byLevel[r.Level], r)
	}
	for _, rs := range byLevel {
		sort.Slice(rs, func(i, j int) bool { return rs[i].Code < rs[j].Code })
	}
	towns, counties, cities := byLevel["township"], byLevel["county"], byLevel["city"]
	if len(towns) == 0 || len(cities) == 0 {
		return nil, nil, fmt.Errorf("the server lists no city or no townships")
	}
	inside := func(level, code string, r region) bool {
		switch level {
		case "city":
			return true
		case "county":
			return r.ParentCode == code
		}
		return r.Code == code
	}
	newAccount := func(role string, r region, n int) *account {
		a := &account{username: fmt.Sprintf("%s-%s-%02d", prefix, role, n), role: role, region: r.Code, level: r.Level}
		for _, t := range towns {
			if inside(r.Level, r.Code, t) {
				a.townships = append(a.townships, t.Code)
			}
		}
		if r.Level == "city" {
			for _, co := range counties {
				a.counties = append(a.counties, co.Code)
			}
		}
		return a
	}
	nMed := min(users, maxMediators, len(towns))
	for i := range nMed {
		mediators = append(mediators, newAccount("mediator", towns[i*len(towns)/nMed], i+1))
	}
	leaders = append(leaders, newAccount("leader", cities[0], 1))
	nCounty := min(max(users/10, 1), maxLeaders-1, len(counties))
	for i := range nCounty {
		leaders = append(leaders, newAccount("leader", counties[i*len(counties)/nCounty], i+2))
	}
	for _, a := range append(append([]*account(nil), mediators...), leaders...) {
		pw := "Load-" + a.username + "-2026"
		if err := ensureUser(ctx, c, admin, a, pw); err != nil {
			return nil, nil, err
		}
		if a.token, err = login(ctx, c, log, a.username, pw); err != nil {
			return nil, nil, err
		}
	}
	return mediators, leaders, nil
}

// ensureUser creates the account, or when it exists from an earlier run, resets its password, role and region.
func ensureUser(ctx context.Context, c *client, admin string, a *account, password string) error {
	name := map[string]string{"mediator": "压测调解员", "leader": "压测领导"}[a.role] + a.username[len(a.username)-2:]
	status, failure := c.call(ctx, http.MethodPost, "/api/v1/users", admin, map[string]string{"username": a.username,
		"password": password, "name": name, "role": a.role, "regionCode": a.region}, nil)
	if failure == "" {
		return nil
	}
	if status != http.StatusConflict {
		return fmt.Errorf("create user %s: %s", a.username, failure)
	}
	if _, failure := c.call(ctx, http.MethodPatch, "/api/v1/users/"+url.PathEscape(a.username), admin, map[string]any{
		"password": password, "name": name, "role": a.role, "regionCode": a.region, "active": true}, nil); failure != "" {
		return fmt.Errorf("reset user %s: %s", a.username, failure)
	}
	return nil
}
