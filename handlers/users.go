package handlers

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"pingan/domain"
	"pingan/domain/casework"
	"pingan/store"
)

type loginInput struct {
	Username string `json:"username" validate:"required,max=64" label:"用户名"`
	Password string `json:"password" validate:"required,max=128" label:"密码"`
}

type tokenResponse struct {
	Token     string       `json:"token"`
	ExpiresAt time.Time    `json:"expiresAt"`
	User      *domain.User `json:"user"`
}

func (a *App) login(c echo.Context) error {
	var in loginInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if err := domain.Validate(in); err != nil {
		return err
	}
	ctx := c.Request().Context()
	id := domain.UserID(in.Username)
	now := a.now()
	if err := a.limited(c, id, now); err != nil {
		a.auditRefusal(c, id, err)
		return err
	}
	u, err := a.store.GetUser(ctx, id)
	if err != nil && !errors.Is(err, domain.ErrUserNotFound) {
		return err
	}
	if !checkPassword(u, in.Password) || !u.Active {
		var regions []string
		if u != nil {
			regions = []string{u.RegionCode}
		}
		a.audit(c, id, "login_failed", id, "", regions...)
		if a.limiter.failed(c.RealIP(), id, now) {
			a.audit(c, id, "login_lockout", id, lockoutDetail(a.limiter.lockout), regions...)
		}
		return domain.ErrBadCredentials
	}
	a.limiter.succeeded(c.RealIP(), id)
	a.users.put(u)
	if err := a.audit(c, u.ID, "login", u.ID, "", u.RegionCode); err != nil {
		return err // no login that the audit log does not show
	}
	return a.respondToken(c, u)
}

// lockoutDetail says in the audit log what a lockout locks.
func lockoutDetail(d time.Duration) string {
	return fmt.Sprintf("该客户端地址锁定%d分钟", int(d.Minutes()))
}

// unlockUser lifts every login lock of a user the admin manages (domain.CanManageUser). Locks live in each
// instance's memory: this unlocks on the instance that answers.
func (a *App) unlockUser(c echo.Context) error {
	me := currentUser(c)
	u, err := a.store.GetUser(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	if err := domain.CanManageUser(a.regions, me, u); err != nil {
		return err
	}
	n := a.limiter.unlock(u.ID, a.now())
	if err := a.audit(c, me.ID, "user_unlock", u.ID, fmt.Sprintf("解除%d个客户端地址的登录锁定", n), me.RegionCode, u.RegionCode); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// refusalWindow is the window over which repeated login refusals of one client make one audit entry.
const refusalWindow = 15 * time.Minute

// auditRefusal records a refused login attempt, counted per window: per account and client address for a
// locked account, per client address for the address's rate limit (whatever usernames it tries). However
// often an anonymous client is refused, the audit log grows by one entry per key and window.
func (a *App) auditRefusal(c echo.Context, account string, refusal error) {
	if a.cfg.ReadOnly {
		a.log.Info("audit", "actor", account, "action", "login_refused", "reason", toDomainError(refusal).Reason)
		return
	}
	ctx := c.Request().Context()
	ip := c.RealIP()
	e := store.AuditEntry{At: a.now(), Actor: account, Action: "login_locked", Target: account, IP: ip,
		Detail: "账号对该客户端地址已锁定，登录被拒绝", Regions: a.regionOfUser(ctx, account)}
	key := account + "\x00" + ip
	if errors.Is(refusal, domain.ErrRateLimited) {
		e = store.AuditEntry{At: e.At, Actor: account, Action: "login_rate_limited", IP: ip,
			Detail: "该客户端地址登录尝试过于频繁，被拒绝（用户名为其首次被拒时所用）"}
		key = ip
	}
	if err := a.store.AuditRepeated(ctx, e, key, refusalWindow); err != nil {
		a.log.Error("audit log", "action", e.Action, "err", err)
		a.noteStoreError(err)
	}
}

// regionOfUser is the region of a user for the audit log (none for an unknown username).
func (a *App) regionOfUser(ctx context.Context, id string) []string {
	if u, err := a.users.get(ctx, id); err == nil {
		return []string{u.RegionCode}
	}
	return nil
}

// limited asks the login limiter about an attempt for username; a refusal carries Retry-After.
func (a *App) limited(c echo.Context, username string, now time.Time) error {
	wait, err := a.limiter.allow(c.RealIP(), username, now)
	if err != nil {
		c.Response().Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
	}
	return err
}

func (a *App) respondToken(c echo.Context, u *domain.User) error {
	tok, exp, err := a.issueToken(u)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, tokenResponse{Token: tok, ExpiresAt: exp, User: u})
}

func (a *App) me(c echo.Context) error { return c.JSON(http.StatusOK, currentUser(c)) }

// refresh issues a new token and revokes the one presented.
func (a *App) refresh(c echo.Context) error {
	if err := a.revokeCurrent(c); err != nil {
		return err
	}
	return a.respondToken(c, currentUser(c))
}

func (a *App) logout(c echo.Context) error {
	if err := a.revokeCurrent(c); err != nil {
		return err
	}
	me := currentUser(c)
	if err := a.audit(c, me.ID, "logout", "", "", me.RegionCode); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// revokeCurrent denies the presented token. Of two calls racing with one token only the first succeeds,
// so a token cannot be refreshed into two.
func (a *App) revokeCurrent(c echo.Context) error {
	cl := currentClaims(c)
	exp := cl.ExpiresAt.Time
	if !a.revoked.add(cl.ID, exp) {
		return domain.ErrTokenRevoked
	}
	if a.cfg.ReadOnly {
		return nil
	}
	return a.store.RevokeToken(c.Request().Context(), cl.ID, exp)
}

type passwordInput struct {
	OldPassword string `json:"oldPassword" validate:"required" label:"原密码"`
	NewPassword string `json:"newPassword" validate:"required" label:"新密码"`
}

func (a *App) changePassword(c echo.Context) error {
	var in passwordInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if err := domain.Validate(in); err != nil {
		return err
	}
	me := currentUser(c)
	now := a.now()
	// wrong old passwords count as failed logins: a stolen token cannot be used to guess the password
	if err := a.limited(c, me.ID, now); err != nil {
		return err
	}
	if !checkPassword(me, in.OldPassword) {
		if a.limiter.failed(c.RealIP(), me.ID, now) {
			a.audit(c, me.ID, "login_lockout", me.ID, lockoutDetail(a.limiter.lockout)+"（原密码错误）", me.RegionCode)
		}
		return domain.Invalid(domain.FieldError{Field: "oldPassword", Message: "原密码不正确"})
	}
	a.limiter.succeeded(c.RealIP(), me.ID)
	pw := in.NewPassword
	u, err := a.store.UpdateUser(c.Request().Context(), me.ID, func(u *domain.User) error {
		chosen := false // the user's own choice: no further change asked for
		err := domain.UserPatch{Password: &pw, MustChangePassword: &chosen}.ApplyTo(u, a.regions, hashPassword, a.now())
		return renameField(err, "password", "newPassword")
	})
	if err != nil {
		return err
	}
	a.users.put(u)
	if err := a.audit(c, me.ID, "password_change", me.ID, "", me.RegionCode); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// userListItem is a user as the admin's list shows it: with whether its login is locked now (on this
// instance: locks live in its memory), so the admin knows whom to unlock.
type userListItem struct {
	domain.User
	Locked bool `json:"locked"`
}

// maxUserPageSize bounds a page of the user list.
const maxUserPageSize = 200

// listUsers lists the users the admin sees: those of its own region (domain.SeesUser), sorted by id,
// narrowed by `q` (in the username or name, case-insensitive), `role`, `regionCode` (the region or inside
// it) and `locked=true`; one page of them with `page`/`pageSize`, all of them without (older clients).
func (a *App) listUsers(c echo.Context) error {
	q := strings.ToLower(domain.NormalizeText(c.QueryParam("q")))
	role := c.QueryParam("role")
	if role != "" && !domain.IsValid(domain.Roles, role) {
		return domain.ErrBadRequest.WithMessage("角色（role）不存在：" + role)
	}
	region := c.QueryParam("regionCode")
	if _, ok := a.regions.Get(region); region != "" && !ok {
		return domain.ErrBadRequest.WithMessage("所属区域（regionCode）不存在：" + region)
	}
	onlyLocked := false
	switch c.QueryParam("locked") {
	case "", "false":
	case "true":
		onlyLocked = true
	default:
		return domain.ErrBadRequest.WithMessage("是否锁定（locked）应为 true 或 false")
	}
	page, pageSize, paged := 1, 0, false
	if v := c.QueryParam("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000000 {
			return domain.ErrBadRequest.WithMessage("页码（page）应为正整数")
		}
		page, paged = n, true
	}
	if v := c.QueryParam("pageSize"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxUserPageSize {
			return domain.ErrBadRequest.WithMessage("每页条数（pageSize）应为 1 到 " + strconv.Itoa(maxUserPageSize) + " 之间的整数")
		}
		pageSize, paged = n, true
	}
	if paged && pageSize == 0 {
		pageSize = 20
	}
	all, err := a.store.ListUsers(c.Request().Context())
	if err != nil {
		return err
	}
	me := currentUser(c)
	locked := a.limiter.lockedAccounts(a.now())
	users := []userListItem{}
	for i := range all {
		u := &all[i]
		if !domain.SeesUser(a.regions, me, u) || (role != "" && string(u.Role) != role) ||
			(region != "" && !a.regions.Contains(region, u.RegionCode)) || (onlyLocked && !locked[u.ID]) {
			continue
		}
		if q != "" && !strings.Contains(strings.ToLower(u.Username), q) && !strings.Contains(strings.ToLower(u.Name), q) {
			continue
		}
		users = append(users, userListItem{User: *u, Locked: locked[u.ID]})
	}
	sort.Slice(users, func(i, j int) bool { return users[i].ID < users[j].ID })
	total := len(users)
	if !paged {
		return c.JSON(http.StatusOK, map[string]any{"items": users, "total": total, "page": 1, "pageSize": total})
	}
	from := min((page-1)*pageSize, total)
	return c.JSON(http.StatusOK, map[string]any{"items": users[from:min(from+pageSize, total)], "total": total, "page": page, "pageSize": pageSize})
}

func (a *App) createUser(c echo.Context) error {
	var in domain.NewUserInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	u, err := domain.NewUser(in, a.regions, hashPassword, a.now())
	if err != nil {
		return err
	}
	me := currentUser(c)
	if err := domain.CanCreateUser(a.regions, me, u.Role, u.RegionCode); err != nil {
		return err
	}
	if err := a.store.InsertUser(c.Request().Context(), u); err != nil {
		return err
	}
	a.users.put(u)
	if err := a.audit(c, me.ID, "user_create", u.ID, string(u.Role)+"@"+u.RegionCode, me.RegionCode, u.RegionCode); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, u)
}

// patchUser changes a user the admin manages (domain.CanPatchUser, decided on the stored user under its
// lock): another region's user answers like an unknown one.
func (a *App) patchUser(c echo.Context) error {
	var p domain.UserPatch
	if err := bindJSON(c, &p); err != nil {
		return err
	}
	me := currentUser(c)
	var before string
	u, err := a.store.UpdateUser(c.Request().Context(), c.Param("id"), func(u *domain.User) error {
		if err := domain.CanPatchUser(a.regions, me, u, p); err != nil {
			return err
		}
		before = u.RegionCode
		return p.ApplyTo(u, a.regions, hashPassword, a.now())
	})
	if err != nil {
		return err
	}
	a.users.put(u)
	if err := a.audit(c, me.ID, "user_update", u.ID, patchSummary(p), me.RegionCode, before, u.RegionCode); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, u)
}

func patchSummary(p domain.UserPatch) string {
	var s string
	add := func(k, v string) {
		if s != "" {
			s += ", "
		}
		s += k + "=" + v
	}
	if p.Name != nil {
		add("name", *p.Name)
	}
	if p.Role != nil {
		add("role", *p.Role)
	}
	if p.RegionCode != nil {
		add("regionCode", *p.RegionCode)
	}
	if p.Active != nil {
		add("active", strconv.FormatBool(*p.Active))
	}
	if p.Password != nil {
		add("password", "reset")
	}
	if p.MustChangePassword != nil {
		add("mustChangePassword", strconv.FormatBool(*p.MustChangePassword))
	}
	return s
}

func (a *App) auditLog(c echo.Context) error {
	limit := 200
	if v := c.QueryParam("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			return domain.ErrBadRequest.WithMessage("limit 应为 1 到 1000 之间的整数")
		}
		limit = n
	}
	me := currentUser(c)
	entries, err := a.store.AuditLog(c.Request().Context(), limit, func(e *store.AuditEntry) bool {
		return domain.SeesAuditEntry(a.regions, me, e.Regions)
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"items": entries, "total": len(entries)})
}

// auditCasework writes the audit entries of the case write path (imports).
func (a *App) auditCasework(ctx context.Context, e casework.AuditEntry) error {
	if a.cfg.ReadOnly {
		return nil
	}
	return a.store.AuditCasework(ctx, e)
}

// audit records who did what, and in which regions (the actor's, the target user's), so each admin reads
// the entries of its own region. It returns the store's error: an action whose entry cannot be written
// answers with it (503 on a full disk) instead of succeeding silently; a refusal just logs it.
func (a *App) audit(c echo.Context, actor, action, target, detail string, regions ...string) error {
	if a.cfg.ReadOnly {
		a.log.Info("audit", "actor", actor, "action", action, "target", target, "detail", detail)
		return nil
	}
	err := a.store.Audit(c.Request().Context(), store.AuditEntry{At: a.now(), Actor: actor, Action: action,
		Target: target, Detail: detail, IP: c.RealIP(), Regions: slices.Compact(slices.Sorted(slices.Values(regions)))})
	if err != nil {
		a.log.Error("audit log", "action", action, "err", err)
		a.noteStoreError(err)
	}
	return err
}

// renameField renames a field in a validation error (the same rule reached through another body).
func renameField(err error, from, to string) error {
	var de *domain.Error
	if !errors.As(err, &de) || de.Fields == nil {
		return err
	}
	c := *de
	c.Fields = append([]domain.FieldError(nil), de.Fields...)
	for i := range c.Fields {
		if c.Fields[i].Field == from {
			c.Fields[i].Field = to
		}
	}
	return &c
}
