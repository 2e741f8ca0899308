package handlers

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/labstack/echo/v4"
	"golang.org/x/crypto/bcrypt"

	"pingan/domain"
)

// TokenTTL is how long a login lasts.
const TokenTTL = domain.TokenTTL

// claims is what a token carries: the user, their role and region at issue time, and a token id that
// logout can revoke. Role and region are re-read from the user on every request, so a change applies at once.
type claims struct {
	Role   string `json:"role"`
	Region string `json:"region"`
	jwt.RegisteredClaims
}

type ctxKey string

const userKey ctxKey = "user"
const claimsKey ctxKey = "claims"

// issueToken signs a token for u.
func (a *App) issueToken(u *domain.User) (string, time.Time, error) {
	now := a.now()
	exp := now.Add(TokenTTL)
	jti := make([]byte, 16)
	if _, err := rand.Read(jti); err != nil {
		return "", time.Time{}, err
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, claims{
		Role: string(u.Role), Region: u.RegionCode,
		RegisteredClaims: jwt.RegisteredClaims{
			Subject: u.ID, ID: hex.EncodeToString(jti),
			IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(exp),
		},
	})
	s, err := tok.SignedString(a.jwtSecret)
	return s, exp, err
}

// authenticate is the middleware of every route but login: a valid HS256 token of an active user, not
// revoked, issued after the user's last password change.
func (a *App) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if a.wrongMethod(c.Request()) { // the group's not-found route: a known path, another method
			return domain.ErrMethodNotAllowed
		}
		u, cl, err := a.signedIn(c)
		if err != nil {
			return err
		}
		c.Set(string(userKey), u)
		c.Set(string(claimsKey), cl)
		return next(c)
	}
}

// signedIn checks the request's bearer token and returns its user and claims.
func (a *App) signedIn(c echo.Context) (*domain.User, *claims, error) {
	raw, ok := bearerToken(c.Request().Header.Get(echo.HeaderAuthorization))
	if !ok {
		return nil, nil, domain.ErrNotSignedIn
	}
	var cl claims
	_, err := jwt.ParseWithClaims(raw, &cl, func(*jwt.Token) (any, error) { return a.jwtSecret, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithTimeFunc(a.now), jwt.WithExpirationRequired(), jwt.WithIssuedAt())
	if err != nil {
		if errors.Is(err, jwt.ErrTokenExpired) {
			return nil, nil, domain.ErrTokenExpired
		}
		return nil, nil, domain.ErrTokenInvalid
	}
	var iat, exp *time.Time
	if cl.IssuedAt != nil {
		iat = &cl.IssuedAt.Time
	}
	if cl.ExpiresAt != nil {
		exp = &cl.ExpiresAt.Time
	}
	if err := domain.CheckTokenLifetime(iat, exp); err != nil {
		return nil, nil, err
	}
	if a.revoked.has(cl.ID, a.now()) {
		return nil, nil, domain.ErrTokenRevoked
	}
	if err := a.revokedElsewhere(c.Request().Context(), &cl); err != nil {
		return nil, nil, err
	}
	u, err := a.users.get(c.Request().Context(), cl.Subject)
	switch {
	case errors.Is(err, domain.ErrUserNotFound):
		return nil, nil, domain.ErrAccountDisabled
	case err != nil: // the store did not answer: not the user's fault, and not a reason to sign them out
		return nil, nil, err
	case !u.Active:
		return nil, nil, domain.ErrAccountDisabled
	}
	if err := u.TokenStillValid(cl.IssuedAt.Time); err != nil {
		return nil, nil, err
	}
	return u, &cl, nil
}

// bearerToken reads `Authorization: Bearer <token>`; the scheme is case-insensitive (RFC 9110 §11.1).
func bearerToken(h string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(h), " ")
	token = strings.TrimSpace(token)
	return token, ok && strings.EqualFold(scheme, "Bearer") && token != ""
}

// allow restricts a route to roles; with none, every signed-in user may call it.
func allow(roles ...domain.Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if len(roles) == 0 {
				return next(c)
			}
			u := currentUser(c)
			for _, r := range roles {
				if u.Role == r {
					return next(c)
				}
			}
			return domain.ErrForbidden
		}
	}
}

func currentUser(c echo.Context) *domain.User { return c.Get(string(userKey)).(*domain.User) }

func currentClaims(c echo.Context) *claims { return c.Get(string(claimsKey)).(*claims) }

func hashPassword(pw string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.DefaultCost)
	return string(h), err
}

// dummyHash is compared against when the user does not exist, so unknown and known users take the same time.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("pingan-timing-equaliser"), bcrypt.DefaultCost)

// checkPassword compares in constant time (bcrypt), whether or not the user exists.
func checkPassword(u *domain.User, pw string) bool {
	if u == nil {
		_ = bcrypt.CompareHashAndPassword(dummyHash, []byte(pw))
		return false
	}
	return bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(pw)) == nil
}

// userCache keeps recently read users so authenticating a request needs no store read; entries expire
// after a few seconds, so a change made by another instance applies within that time. Own writes update it.
type userCache struct {
	mu    sync.Mutex
	ttl   time.Duration
	now   func() time.Time
	load  func(ctx context.Context, id string) (*domain.User, error)
	items map[string]cachedUser
}

type cachedUser struct {
	u  *domain.User
	at time.Time
}

func (uc *userCache) get(ctx context.Context, id string) (*domain.User, error) {
	uc.mu.Lock()
	e, ok := uc.items[id]
	uc.mu.Unlock()
	if ok && uc.now().Sub(e.at) < uc.ttl {
		return e.u, nil
	}
	u, err := uc.load(ctx, id)
	if err != nil {
		return nil, err
	}
	uc.put(u)
	return u, nil
}

func (uc *userCache) put(u *domain.User) {
	uc.mu.Lock()
	defer uc.mu.Unlock()
	if uc.items == nil {
		uc.items = make(map[string]cachedUser)
	}
	uc.items[u.ID] = cachedUser{u: u, at: uc.now()}
}

// revocationRecheck is how long a token the store called not revoked is believed without asking again:
// a logout on another instance sharing the store applies here within this time.
const revocationRecheck = 5 * time.Second

// revokedElsewhere asks the store whether another instance revoked the token, at most once per
// revocationRecheck for each token.
func (a *App) revokedElsewhere(ctx context.Context, cl *claims) error {
	now := a.now()
	if !a.revoked.due(cl.ID, now) {
		return nil
	}
	revoked, err := a.store.IsRevoked(ctx, cl.ID)
	if err != nil {
		return err
	}
	if revoked {
		a.revoked.add(cl.ID, cl.ExpiresAt.Time)
		return domain.ErrTokenRevoked
	}
	a.revoked.checked(cl.ID, now)
	return nil
}

// denyList holds revoked token ids until they expire, and when the store last said a token was not revoked.
type denyList struct {
	mu         sync.Mutex
	ids        map[string]time.Time
	notRevoked map[string]time.Time // token id → last time the store had no revocation of it
}

// due reports whether the store should be asked about the token again.
func (d *denyList) due(id string, now time.Time) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	at, ok := d.notRevoked[id]
	return !ok || now.Sub(at) >= revocationRecheck || now.Before(at)
}

func (d *denyList) checked(id string, now time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.notRevoked == nil || len(d.notRevoked) > 10000 { // forget the lot rather than sweep: it costs one read a token
		d.notRevoked = make(map[string]time.Time)
	}
	d.notRevoked[id] = now
}

// add denies id until exp; it reports false when id was denied already (a second logout or refresh of
// one token, racing the first).
func (d *denyList) add(id string, exp time.Time) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.ids == nil {
		d.ids = make(map[string]time.Time)
	}
	if _, ok := d.ids[id]; ok {
		return false
	}
	d.ids[id] = exp
	return true
}

func (d *denyList) has(id string, now time.Time) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	exp, ok := d.ids[id]
	if ok && now.After(exp) {
		delete(d.ids, id)
		return false
	}
	return ok
}
