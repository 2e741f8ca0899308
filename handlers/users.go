package handlers

import (
	"context"
	"errors"
	"math"
	"net/http"
	"sort"
	"strconv"
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
		a.audit(c, id, "login_locked", id, "")
		return err
	}
	u, err := a.store.GetUser(ctx, id)
	if err != nil && !errors.Is(err, domain.ErrUserNotFound) {
		return err
	}
	if !checkPassword(u, in.Password) || !u.Active {
		a.limiter.failed(id, now)
		a.audit(c, id, "login_failed", id, "")
		return domain.ErrBadCredentials
	}
	a.limiter.succeeded(id)
	a.users.put(u)
	a.audit(c, u.ID, "login", u.ID, "")
	return a.respondToken(c, u)
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
	a.audit(c, currentUser(c).ID, "logout", "", "")
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
		a.limiter.failed(me.ID, now)
		return domain.Invalid(domain.FieldError{Field: "oldPassword", Message: "原密码不正确"})
	}
	a.limiter.succeeded(me.ID)
	pw := in.NewPassword
	u, err := a.store.UpdateUser(c.Request().Context(), me.ID, func(u *domain.User) error {
		err := domain.UserPatch{Password: &pw}.ApplyTo(u, a.regions, hashPassword, a.now())
		return renameField(err, "password", "newPassword")
	})
	if err != nil {
		return err
	}
	a.users.put(u)
	a.audit(c, me.ID, "password_change", me.ID, "")
	return c.NoContent(http.StatusNoContent)
}

func (a *App) listUsers(c echo.Context) error {
	users, err := a.store.ListUsers(c.Request().Context())
	if err != nil {
		return err
	}
	sort.Slice(users, func(i, j int) bool { return users[i].ID < users[j].ID })
	return c.JSON(http.StatusOK, map[string]any{"items": users, "total": len(users)})
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
	if err := a.store.InsertUser(c.Request().Context(), u); err != nil {
		return err
	}
	a.users.put(u)
	a.audit(c, currentUser(c).ID, "user_create", u.ID, string(u.Role)+"@"+u.RegionCode)
	return c.JSON(http.StatusCreated, u)
}

func (a *App) patchUser(c echo.Context) error {
	var p domain.UserPatch
	if err := bindJSON(c, &p); err != nil {
		return err
	}
	me := currentUser(c)
	id := c.Param("id")
	if id == me.ID && ((p.Active != nil && !*p.Active) || (p.Role != nil && *p.Role != string(domain.RoleAdmin))) {
		return domain.Invalid(domain.FieldError{Field: "active", Message: "不能停用自己或取消自己的管理员角色"})
	}
	u, err := a.store.UpdateUser(c.Request().Context(), id, func(u *domain.User) error {
		return p.ApplyTo(u, a.regions, hashPassword, a.now())
	})
	if err != nil {
		return err
	}
	a.users.put(u)
	a.audit(c, me.ID, "user_update", u.ID, patchSummary(p))
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
	entries, err := a.store.AuditLog(c.Request().Context(), limit)
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

// audit records who did what; a failure to write the log is logged, not shown to the user.
func (a *App) audit(c echo.Context, actor, action, target, detail string) {
	if a.cfg.ReadOnly {
		a.log.Info("audit", "actor", actor, "action", action, "target", target, "detail", detail)
		return
	}
	err := a.store.Audit(c.Request().Context(), store.AuditEntry{At: a.now(), Actor: actor, Action: action,
		Target: target, Detail: detail, IP: c.RealIP()})
	if err != nil {
		a.log.Error("audit log", "err", err)
	}
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
