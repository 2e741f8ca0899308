package handlers

import (
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"pingan/domain"
	"pingan/frontend"
)

const (
	admin    = domain.RoleAdmin
	leader   = domain.RoleLeader
	mediator = domain.RoleMediator
	petition = domain.RolePetition
)

// routes is the permission table: every route with the roles that may call it (none listed: any signed-in
// user). Finer rules — which case, which action, which region — are decided in domain/.
func (a *App) routes(e *echo.Echo) {
	e.GET("/healthz", a.healthz)
	e.GET("/readyz", a.readyz)
	e.GET("/metrics", a.metricsHandler)
	e.GET("/api/openapi.json", a.openAPI)
	e.GET("/api/docs", a.apiDocs)

	e.POST("/api/v1/auth/login", a.login)

	g := e.Group("/api/v1", a.authenticate)
	g.GET("/auth/me", a.me)
	g.POST("/auth/refresh", a.refresh)
	g.POST("/auth/logout", a.logout)
	g.POST("/auth/password", a.changePassword, a.writable)

	g.GET("/users", a.listUsers, allow(admin))
	g.POST("/users", a.createUser, allow(admin), a.writable)
	g.PATCH("/users/:id", a.patchUser, allow(admin), a.writable)
	g.POST("/users/:id/unlock", a.unlockUser, allow(admin), a.writable)
	g.GET("/audit", a.auditLog, allow(admin))

	g.GET("/regions", a.listRegions)
	g.GET("/enums", a.enums)

	g.POST("/cases", a.createCase, allow(admin, mediator, petition), a.writable)
	g.GET("/cases", a.listCases)
	g.GET("/cases/import/template", a.importTemplate, allow(admin, mediator, petition))
	g.POST("/cases/import", a.importCases, allow(admin, mediator, petition), a.writable, middleware.BodyLimit(importBodyLimit))
	g.POST("/cases/import/refused", a.importRefused, allow(admin, mediator, petition), a.writable, middleware.BodyLimit(importBodyLimit)) // a read-only instance imports nothing
	g.GET("/cases/:id", a.getCase)
	g.POST("/cases/:id/actions", a.actOnCase, allow(admin, mediator, petition, leader), a.writable)
	// the case file: scope first (404), then who may upload or delete (domain/casefile)
	g.GET("/cases/:id/documents", a.documentList)
	g.GET("/cases/:id/documents/:doc", a.document)
	g.GET("/cases/:id/casefile", a.casefileBundle)
	g.GET("/cases/:id/attachments", a.listAttachments)
	g.POST("/cases/:id/attachments", a.uploadAttachment, a.writable)
	g.GET("/cases/:id/attachments/:fileId", a.getAttachment)
	g.DELETE("/cases/:id/attachments/:fileId", a.deleteAttachment, a.writable)
	g.GET("/casefile/numbering/:township", a.getNumbering)
	g.PUT("/casefile/numbering/:township", a.putNumbering, allow(admin), a.writable)

	g.GET("/reports/resolution", a.resolutionReport, allow(admin, leader, mediator, petition))
	g.GET("/reports/trend", a.trendReport, allow(admin, leader, mediator, petition))
	g.GET("/reports/categories", a.categoryReport, allow(admin, leader, mediator, petition))
	g.GET("/reports/backlog", a.backlogReport, allow(admin, leader, petition))
	g.GET("/reports/batches", a.batchReport, allow(admin, leader, petition))

	g.GET("/returns", a.returnBoard)
	g.POST("/returns", a.submitReturn, allow(admin, mediator, petition), a.writable)
	g.GET("/returns/months", a.returnMonths)
	g.GET("/returns/:id", a.getReturn)
	g.POST("/returns/:id/corrections", a.correctReturn, allow(admin, mediator, petition), a.writable)

	g.GET("/todo", a.todo)

	g.GET("/committees", a.listCommittees)
	g.GET("/committees/:id", a.getCommittee)
	g.POST("/committees", a.createCommittee, allow(admin, mediator), a.writable)
	g.PUT("/committees/:id", a.updateCommittee, allow(admin, mediator), a.writable)

	g.GET("/screening/places", a.listPlaces)
	g.PUT("/screening/places/:township", a.putPlaces, allow(admin, mediator), a.writable)
	g.GET("/screening/rounds", a.listRounds)
	g.POST("/screening/rounds", a.createRound, allow(admin, mediator), a.writable)
	g.GET("/screening/rounds/:id", a.getRound)
	g.PUT("/screening/rounds/:id", a.correctRound, allow(admin, mediator), a.writable)
	g.GET("/screening/board", a.screeningBoard)
	g.GET("/screening/summary", a.screeningSummary)
	// the risk-hazard ledger and listed supervision: scope first (404), then the step's side (domain/hazard.go, listing.go)
	g.GET("/hazards", a.listHazards)
	g.POST("/hazards", a.createHazard, allow(admin, mediator, petition), a.writable)
	g.GET("/hazards/summary", a.hazardSummary)
	g.GET("/hazards/:id", a.getHazard)
	g.POST("/hazards/:id/actions", a.actOnHazard, a.writable)
	g.GET("/listings", a.listingBoard)
	g.POST("/listings", a.createListing, allow(admin, leader), a.writable)
	g.GET("/listings/:id", a.getListing)
	g.POST("/listings/:id/actions", a.actOnListing, a.writable)
	// 稳评: everyone reads the entries inside their region; county and city admins, leaders and petition
	// staff keep the register (domain.CanManageAssessments)
	g.GET("/assessments", a.listAssessments)
	g.GET("/assessments/summary", a.assessmentSummary)
	g.GET("/assessments/:id", a.getAssessment)
	g.POST("/assessments", a.createAssessment, allow(admin, leader, petition), a.writable)
	g.PUT("/assessments/:id", a.updateAssessment, allow(admin, leader, petition), a.writable)
	g.POST("/assessments/:id/actions", a.actOnAssessment, allow(admin, leader, petition), a.writable)

	e.Any("/api/*", func(echo.Context) error { return domain.ErrRouteNotFound })
	e.GET("/*", webApp(frontend.Dist()))
}

// newEcho builds the server: request ids, access metrics, panic recovery, body limit, security headers.
func (a *App) newEcho() *echo.Echo {
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.HTTPErrorHandler = a.errorHandler
	e.Use(saneRequestID)
	e.Use(middleware.RequestID())
	e.Use(a.accessLog)
	e.Use(a.bodyDeadline)
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{DisableStackAll: true, LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
		a.log.Error("panic", "err", err, "path", c.Path(), "request_id", requestID(c), "stack", string(stack))
		return err
	}}))
	e.Use(middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: a.cfg.BodyLimit,
		Skipper: isFileUpload})) // they have their own
	e.Use(middleware.SecureWithConfig(middleware.SecureConfig{
		XSSProtection: "0", ContentTypeNosniff: "nosniff", XFrameOptions: "DENY",
		ReferrerPolicy:        "same-origin",
		ContentSecurityPolicy: "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'",
	}))
	a.routes(e)
	a.allow = routeMethods(e.Routes())
	return e
}

// routeTemplate is a registered route's path, split into segments (":id" matches any one).
type routeTemplate struct {
	method string
	segs   []string
}

// routeMethods keeps the routes that answer a method on a path, for the 405 of a known path asked with
// another method. The catch-alls (the web app, /api/*) and echo's not-found routes are not among them.
func routeMethods(routes []*echo.Route) []routeTemplate {
	var out []routeTemplate
	for _, r := range routes {
		if r.Method == echo.RouteNotFound || strings.Contains(r.Path, "*") {
			continue
		}
		out = append(out, routeTemplate{method: r.Method, segs: strings.Split(r.Path, "/")})
	}
	return out
}

// wrongMethod reports whether the request's path is a route's, but not with its method.
func (a *App) wrongMethod(r *http.Request) bool {
	allow := a.allowedMethods(r.URL.Path)
	return allow != "" && !slices.Contains(strings.Split(allow, ", "), r.Method)
}

// allowedMethods lists the methods of the routes matching path, sorted ("" for none).
func (a *App) allowedMethods(path string) string {
	segs := strings.Split(path, "/")
	var methods []string
	for _, rt := range a.allow {
		if len(rt.segs) != len(segs) {
			continue
		}
		match := true
		for i, s := range rt.segs {
			if s != segs[i] && !(strings.HasPrefix(s, ":") && segs[i] != "") {
				match = false
				break
			}
		}
		if match && !slices.Contains(methods, rt.method) {
			methods = append(methods, rt.method)
		}
	}
	slices.Sort(methods)
	return strings.Join(methods, ", ")
}

// bodyDeadline gives a request BodyTimeout to send its body once its headers are in (an import
// ImportBodyTimeout): a client trickling a body a byte at a time is cut off with 408. Once the body is
// read the deadline is lifted, so a long answer is not cut off (the server reads on in the background to
// notice a client going away, and a deadline passing there would cancel the request).
func (a *App) bodyDeadline(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if req.Body == nil || req.Body == http.NoBody {
			return next(c)
		}
		d := a.cfg.BodyTimeout
		if isFileUpload(c) {
			d = a.cfg.ImportBodyTimeout
		}
		rc := http.NewResponseController(c.Response())
		if err := rc.SetReadDeadline(time.Now().Add(d)); err != nil {
			a.log.Warn("body deadline", "err", err)
			return next(c)
		}
		req.Body = &deadlineBody{ReadCloser: req.Body, lift: func() { _ = rc.SetReadDeadline(time.Time{}) }}
		return next(c)
	}
}

// deadlineBody lifts the body's read deadline once the body has been read to its end.
type deadlineBody struct {
	io.ReadCloser
	lift func()
	once sync.Once
}

func (b *deadlineBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err == io.EOF {
		b.once.Do(b.lift)
	}
	return n, err
}

// writable refuses writes on a read-only instance.
func (a *App) writable(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if a.cfg.ReadOnly {
			return domain.ErrReadOnly
		}
		return next(c)
	}
}

// isFileUpload: the routes that take a file — ledger imports and attachments — which have their own body
// limit (set on the route) and the longer body time.
func isFileUpload(c echo.Context) bool {
	p := c.Request().URL.Path
	return p == importPath || p == importRefusedPath || c.Path() == attachmentsRoute
}
