package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"pingan/domain"
	"pingan/domain/caseindex"
)

// reportRegion reads `region` (default: the caller's region); a region outside the caller's is a 403,
// an unknown code a 400.
func (a *App) reportRegion(c echo.Context) (*domain.Region, error) {
	u := currentUser(c)
	code := c.QueryParam("region")
	if code == "" {
		code = u.RegionCode
	}
	r, ok := a.regions.Get(code)
	if !ok {
		return nil, domain.ErrBadRequest.WithMessage("区域（region）不存在：" + code)
	}
	if !a.regions.Contains(u.RegionCode, r.Code) {
		return nil, domain.ErrOutOfRegion
	}
	return r, nil
}

// groupByLevel reads `groupBy`: county or township, at or below the region, or month; default the level
// below the region.
func groupByLevel(c echo.Context, r *domain.Region) (string, error) {
	below := map[domain.RegionLevel]domain.RegionLevel{domain.LevelCity: domain.LevelCounty,
		domain.LevelCounty: domain.LevelTownship, domain.LevelTownship: domain.LevelTownship}
	g := c.QueryParam("groupBy")
	switch g {
	case "":
		return string(below[r.Level]), nil
	case string(domain.LevelTownship), domain.GroupByMonth:
		return g, nil
	case string(domain.LevelCounty):
		if r.Level == domain.LevelTownship {
			return "", domain.ErrBadRequest.WithMessage("乡镇不能按区县分组（groupBy）")
		}
		return g, nil
	}
	return "", domain.ErrBadRequest.WithMessage("分组（groupBy）只能是 county、township 或 month")
}

// reportQuery is what every windowed report reads: the region, the date window and the format.
type reportQuery struct {
	region *domain.Region
	window domain.Window
	format string // "" for JSON
}

func (a *App) readReportQuery(c echo.Context) (reportQuery, error) {
	var q reportQuery
	var err error
	if q.region, err = a.reportRegion(c); err != nil {
		return q, err
	}
	if q.window, err = domain.ParseWindow(c.QueryParam("from"), c.QueryParam("to")); err != nil {
		return q, err
	}
	q.format, err = reportFormat(c)
	return q, err
}

// answerReport renders a report as JSON, or as the table of the requested download format.
func answerReport[R any](a *App, c echo.Context, q reportQuery, rep R, toTable func(R) table) error {
	if q.format != "" {
		return a.exportTable(c, q.format, toTable(rep))
	}
	return c.JSON(http.StatusOK, rep)
}

func (a *App) resolutionReport(c echo.Context) error {
	q, err := a.readReportQuery(c)
	if err != nil {
		return err
	}
	g, err := groupByLevel(c, q.region)
	if err != nil {
		return err
	}
	var rep domain.ResolutionReport
	if g == domain.GroupByMonth {
		rep = a.index.ResolutionByMonth(q.region.Code, q.window, a.now())
	} else {
		rep = a.index.Resolution(q.region.Code, domain.RegionLevel(g), q.window, a.now())
	}
	a.screening.FillReport(&rep, q.region.Code, q.window)
	return answerReport(a, c, q, rep, resolutionTable)
}

func (a *App) trendReport(c echo.Context) error {
	q, err := a.readReportQuery(c)
	if err != nil {
		return err
	}
	interval, err := domain.ParseInterval(c.QueryParam("interval"))
	if err != nil {
		return err
	}
	return answerReport(a, c, q, a.index.Trend(q.region.Code, interval, q.window, a.now()), trendTable)
}

func (a *App) categoryReport(c echo.Context) error {
	q, err := a.readReportQuery(c)
	if err != nil {
		return err
	}
	return answerReport(a, c, q, a.index.Categories(q.region.Code, q.window, a.now()), categoryTable)
}

// backlogItem is one open petition case of the backlog report.
type backlogItem struct {
	caseSummary
	LeadLeader  *domain.LeadLeader `json:"leadLeader,omitempty"`
	AssignedBy  string             `json:"assignedBy"`
	DaysOverdue int                `json:"daysOverdue"`
}

func (a *App) backlogReport(c echo.Context) error {
	r, err := a.reportRegion(c)
	if err != nil {
		return err
	}
	format, err := reportFormat(c)
	if err != nil {
		return err
	}
	u := currentUser(c)
	now := a.now()
	rep := a.index.Backlog(r.Code, now)
	items := make([]backlogItem, len(rep.Items))
	for i, it := range rep.Items {
		items[i] = backlogItem{caseSummary: a.summaryView(it.Summary, u, now), LeadLeader: it.Summary.LeadLeader,
			AssignedBy: it.Summary.AssignedBy, DaysOverdue: it.DaysOverdue}
	}
	if format != "" {
		return a.exportTable(c, format, a.backlogTable(domain.RefOf(r), items, now))
	}
	return c.JSON(http.StatusOK, map[string]any{"region": domain.RefOf(r), "generatedAt": now, "items": items, "total": len(items)})
}

// batchReport answers GET /reports/batches: the backlog cases of a region by 交办批次, as they stand now.
func (a *App) batchReport(c echo.Context) error {
	r, err := a.reportRegion(c)
	if err != nil {
		return err
	}
	format, err := reportFormat(c)
	if err != nil {
		return err
	}
	now := a.now()
	rows, totals := a.index.Batches(r.Code, now)
	if format != "" {
		return a.exportTable(c, format, batchTable(domain.RefOf(r), rows, totals, now))
	}
	return c.JSON(http.StatusOK, batchBoard{Region: domain.RefOf(r), GeneratedAt: now, Rows: rows, Totals: totals})
}

// batchBoard is the body of GET /reports/batches.
type batchBoard struct {
	Region      domain.RegionRef     `json:"region"`
	GeneratedAt time.Time            `json:"generatedAt"`
	Rows        []caseindex.BatchRow `json:"rows"`
	Totals      caseindex.BatchRow   `json:"totals"`
}

// todoItem is one entry of a user's to-do list.
type todoItem struct {
	Case   caseSummary `json:"case"`
	Reason string      `json:"reason"`
	Since  time.Time   `json:"since"`
}

// To-do pages: `pageSize` defaults to todoPageSize, at most maxTodoPageSize.
const (
	todoPageSize    = 50
	maxTodoPageSize = 200
)

// todo serves one page of the caller's to-do list (`page` from 1, `pageSize`); total counts the whole list.
func (a *App) todo(c echo.Context) error {
	page, pageSize, err := pageParams(c, todoPageSize, maxTodoPageSize)
	if err != nil {
		return err
	}
	u := currentUser(c)
	now := a.now()
	list, total := a.index.Todo(u, now, a.cfg.WarningThreshold, page, pageSize)
	items := make([]todoItem, len(list))
	for i, t := range list {
		items[i] = todoItem{Case: a.summaryView(t.Summary, u, now), Reason: t.Reason, Since: t.Since}
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items, "total": total, "page": page, "pageSize": pageSize,
		"screening": a.screening.Todo(u, now),
		"hazards":   a.hazards.Todo(u, now, a.cfg.WarningThreshold), "listings": a.listings.Todo(u, now),
		"assessments": a.assessmentTodo(u, now)})
}

func reportFormat(c echo.Context) (string, error) {
	switch f := c.QueryParam("format"); f {
	case "", "json":
		return "", nil
	case "csv", "xlsx":
		return f, nil
	}
	return "", domain.ErrBadRequest.WithMessage("导出格式（format）只能是 csv 或 xlsx")
}
