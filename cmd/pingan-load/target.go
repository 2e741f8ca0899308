package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"time"
)

// resolver looks a host name up; tests swap it for a fixed table.
type resolver interface {
	LookupIPAddr(ctx context.Context, host string) ([]net.IPAddr, error)
}

// loopbackIPs resolves host and returns its addresses when every one of them is a loopback address
// (127.0.0.0/8 or ::1). Anything else is refused: this tool only loads a server on this machine.
func loopbackIPs(ctx context.Context, r resolver, host string) ([]net.IP, error) {
	var ips []net.IP
	if ip := net.ParseIP(host); ip != nil {
		ips = []net.IP{ip}
	} else {
		addrs, err := r.LookupIPAddr(ctx, host)
		if err != nil {
			return nil, fmt.Errorf("resolve %s: %w", host, err)
		}
		for _, a := range addrs {
			ips = append(ips, a.IP)
		}
	}
	if len(ips) == 0 {
		return nil, fmt.Errorf("resolve %s: no address", host)
	}
	for _, ip := range ips {
		if !ip.IsLoopback() {
			return nil, fmt.Errorf("refusing %s: it resolves to %s, which is not a loopback address (127.0.0.0/8 or ::1)", host, ip)
		}
	}
	return ips, nil
}

// checkTarget parses the base URL and checks that its host is loopback.
func checkTarget(ctx context.Context, r resolver, raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("--url %q: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("--url %q: scheme must be http or https", raw)
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("--url %q: no host", raw)
	}
	if _, err := loopbackIPs(ctx, r, u.Hostname()); err != nil {
		return nil, err
	}
	u.Path, u.RawQuery, u.Fragment = "", "", ""
	return u, nil
}

// loopbackClient is an HTTP client that can only connect to loopback addresses: every dial resolves the
// host again, checks the addresses, dials a checked one and checks the peer. No proxy, no redirects.
func loopbackClient(r resolver, conns int, timeout time.Duration) *http.Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, port, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, err
		}
		ips, err := loopbackIPs(ctx, r, host)
		if err != nil {
			return nil, err
		}
		conn, err := dialer.DialContext(ctx, network, net.JoinHostPort(ips[0].String(), port))
		if err != nil {
			return nil, err
		}
		if tcp, ok := conn.RemoteAddr().(*net.TCPAddr); !ok || !tcp.IP.IsLoopback() {
			conn.Close()
			return nil, fmt.Errorf("refusing connection to %s: not loopback", conn.RemoteAddr())
		}
		return conn, nil
	}
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			Proxy:               nil,
			DialContext:         dial,
			MaxIdleConns:        conns,
			MaxIdleConnsPerHost: conns,
			IdleConnTimeout:     90 * time.Second,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return errors.New("redirects are not followed")
		},
	}
}
