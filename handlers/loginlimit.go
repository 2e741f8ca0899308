package handlers

import (
	"fmt"
	"math"
	"sync"
	"time"

	"pingan/domain"
)

// loginLimiter limits login attempts (and guesses of the old password). Failures count per account and
// client address: after maxFailures failures of one pair within the window that pair is locked for the
// lockout time, so nobody can lock an account for everyone else by failing from somewhere. A brake per
// account stops a guesser with many addresses: once brakeAfter failures from all clients fall within the
// window, a single failure locks its pair — a client that has not been failing still gets in with the
// right password. An address may try at most maxPerIP times a minute. Refusals answer 429.
//
// Entries of clients gone quiet are swept once the maps hold more than maxTracked, so a flood of distinct
// addresses or usernames cannot grow them without bound. Locks live in the instance's memory.
type loginLimiter struct {
	mu          sync.Mutex
	window      time.Duration
	lockout     time.Duration
	maxFailures int
	brakeAfter  int
	maxPerIP    int
	maxTracked  int
	nextSweep   int
	failures    map[loginPair][]time.Time
	lockedUntil map[loginPair]time.Time
	byAccount   map[string][]time.Time // failures of an account from every client, for the brake
	attempts    map[string][]time.Time // by address
}

// loginPair is one account as tried from one client address.
type loginPair struct{ account, ip string }

// newLoginLimiter limits each address to perIP attempts a minute (0: 30).
func newLoginLimiter(perIP int) *loginLimiter {
	if perIP <= 0 {
		perIP = 30
	}
	return &loginLimiter{window: 15 * time.Minute, lockout: 15 * time.Minute, maxFailures: 5, brakeAfter: 50,
		maxPerIP: perIP, maxTracked: 10000, failures: map[loginPair][]time.Time{}, lockedUntil: map[loginPair]time.Time{},
		byAccount: map[string][]time.Time{}, attempts: map[string][]time.Time{}}
}

func recent(ts []time.Time, now time.Time, window time.Duration) []time.Time {
	out := ts[:0]
	for _, t := range ts {
		if now.Sub(t) < window {
			out = append(out, t)
		}
	}
	return out
}

// allow records an attempt on account from ip and reports whether it may proceed; when not, it also says
// how long to wait.
func (l *loginLimiter) allow(ip, account string, now time.Time) (time.Duration, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	pair := loginPair{account, ip}
	if until, ok := l.lockedUntil[pair]; ok {
		if wait := until.Sub(now); wait > 0 {
			mins := int(math.Ceil(wait.Minutes()))
			return wait, domain.ErrAccountLocked.WithMessage(fmt.Sprintf("登录失败次数过多，账号已锁定，请 %d 分钟后再试", mins))
		}
		delete(l.lockedUntil, pair)
	}
	l.attempts[ip] = append(recent(l.attempts[ip], now, time.Minute), now)
	if n := len(l.attempts[ip]); n > l.maxPerIP {
		return time.Minute - now.Sub(l.attempts[ip][n-l.maxPerIP-1]), domain.ErrRateLimited
	}
	return 0, nil
}

// failed records a failure of account from ip; it reports whether the pair is locked by it.
func (l *loginLimiter) failed(ip, account string, now time.Time) (locked bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	prior := recent(l.byAccount[account], now, l.window)
	braked := len(prior) >= l.brakeAfter
	l.byAccount[account] = append(prior, now)
	pair := loginPair{account, ip}
	l.failures[pair] = append(recent(l.failures[pair], now, l.window), now)
	if len(l.failures[pair]) >= l.maxFailures || braked {
		l.lockedUntil[pair] = now.Add(l.lockout)
		delete(l.failures, pair)
		return true
	}
	return false
}

func (l *loginLimiter) succeeded(ip, account string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.failures, loginPair{account, ip})
}

// unlock lifts every lock of the account and forgets its failures (an admin's decision); it returns how
// many client addresses were locked.
func (l *loginLimiter) unlock(account string, now time.Time) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for pair, until := range l.lockedUntil {
		if pair.account == account {
			if until.After(now) {
				n++
			}
			delete(l.lockedUntil, pair)
		}
	}
	for pair := range l.failures {
		if pair.account == account {
			delete(l.failures, pair)
		}
	}
	delete(l.byAccount, account)
	return n
}

// lockedAccounts are the accounts locked out now from at least one client address.
func (l *loginLimiter) lockedAccounts(now time.Time) map[string]bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := map[string]bool{}
	for pair, until := range l.lockedUntil {
		if until.After(now) {
			out[pair.account] = true
		}
	}
	return out
}

// sweep drops what no longer counts once the maps have grown past the threshold; the next sweep waits
// until they have doubled again, so sweeping stays linear overall. The caller holds mu.
func (l *loginLimiter) sweep(now time.Time) {
	size := len(l.attempts) + len(l.failures) + len(l.lockedUntil) + len(l.byAccount)
	if size <= max(l.maxTracked, l.nextSweep) {
		return
	}
	for ip, ts := range l.attempts {
		if ts = recent(ts, now, time.Minute); len(ts) == 0 {
			delete(l.attempts, ip)
		} else {
			l.attempts[ip] = ts
		}
	}
	for p, ts := range l.failures {
		if ts = recent(ts, now, l.window); len(ts) == 0 {
			delete(l.failures, p)
		} else {
			l.failures[p] = ts
		}
	}
	for a, ts := range l.byAccount {
		if ts = recent(ts, now, l.window); len(ts) == 0 {
			delete(l.byAccount, a)
		} else {
			l.byAccount[a] = ts
		}
	}
	for p, until := range l.lockedUntil {
		if !now.Before(until) {
			delete(l.lockedUntil, p)
		}
	}
	l.nextSweep = 2 * (len(l.attempts) + len(l.failures) + len(l.lockedUntil) + len(l.byAccount))
}
