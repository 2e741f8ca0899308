package handlers

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"pingan/domain"
	"pingan/domain/caseindex"
)

func (a *App) createCase(c echo.Context) error {
	var in domain.NewCaseInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	u := currentUser(c)
	cs, err := a.cases.Register(c.Request().Context(), u, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, a.caseView(cs, u))
}

// getCase answers a case's detail (a case outside the caller's scope answers like an unknown id).
func (a *App) getCase(c echo.Context) error {
	u := currentUser(c)
	cs, err := a.cases.Case(c.Request().Context(), u, c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a.caseView(cs, u))
}

func (a *App) actOnCase(c echo.Context) error {
	var in domain.ActionInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	u := currentUser(c)
	cs, err := a.cases.Act(c.Request().Context(), u, c.Param("id"), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a.caseView(cs, u))
}

// caseView renders a case's detail for u.
func (a *App) caseView(cs *domain.Case, u *domain.User) domain.CaseView {
	return domain.View(cs, u, a.regions, a.now(), true)
}

// caseSummary is one case in a list: no ID numbers or phones at all.
type caseSummary struct {
	ID             string         `json:"id"`
	CaseNo         string         `json:"caseNo"`
	Kind           domain.Kind    `json:"kind"`
	Status         domain.Status  `json:"status"`
	Version        int            `json:"version"`
	Title          string         `json:"title"`
	Category       string         `json:"category"`
	TownshipCode   string         `json:"townshipCode"`
	TownshipName   string         `json:"townshipName"`
	CountyCode     string         `json:"countyCode"`
	CountyName     string         `json:"countyName"`
	RiskLevel      string         `json:"riskLevel"`
	RegisteredAt   time.Time      `json:"registeredAt"`
	AcceptedAt     *time.Time     `json:"acceptedAt,omitempty"`
	DueAt          *time.Time     `json:"dueAt,omitempty"`
	ClosedAt       *time.Time     `json:"closedAt,omitempty"`
	Outcome        domain.Outcome `json:"outcome,omitempty"`
	Overdue        bool           `json:"overdue"`
	Warning        domain.Warning `json:"warning"`
	FollowUpDueAt  *time.Time     `json:"followUpDueAt,omitempty"` // a resolved dispute's 回访期限
	Supervised     bool           `json:"supervised"`
	PartyNames     []string       `json:"partyNames"`
	AllowedActions []string       `json:"allowedActions"`
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func (a *App) regionName(code string) string {
	if r, ok := a.regions.Get(code); ok {
		return r.Name
	}
	return ""
}

// summaryView renders an index summary for u. Allowed actions come from the same domain rule as the
// detail view, applied to the summary's state.
func (a *App) summaryView(s caseindex.Summary, u *domain.User, now time.Time) caseSummary {
	names := s.PartyNames
	if names == nil {
		names = []string{}
	}
	return caseSummary{
		ID: s.ID, CaseNo: s.CaseNo, Kind: s.Kind, Status: s.Status, Version: s.Version, Title: s.Title,
		Category: s.Category, TownshipCode: s.TownshipCode, TownshipName: a.regionName(s.TownshipCode),
		CountyCode: s.CountyCode, CountyName: a.regionName(s.CountyCode), RiskLevel: s.RiskLevel,
		RegisteredAt: s.RegisteredAt, AcceptedAt: optTime(s.AcceptedAt), DueAt: optTime(s.DueAt),
		ClosedAt: optTime(s.ClosedAt), Outcome: s.Outcome, Overdue: s.Overdue(now),
		Warning: s.Warning(now, a.cfg.WarningThreshold), FollowUpDueAt: optTime(s.FollowUpDue), Supervised: s.Supervised, PartyNames: names,
		AllowedActions: domain.AllowedActions(s.State(), u, a.regions, now),
	}
}

// listCases answers GET /cases from the case index, within the caller's scope.
func (a *App) listCases(c echo.Context) error {
	u := currentUser(c)
	now := a.now()
	f, err := parseCaseFilter(c)
	if err != nil {
		return err
	}
	if format := c.QueryParam("format"); format != "" {
		return a.exportCases(c, f, format)
	}
	items, total := a.index.List(domain.ScopeOf(u), f, now, a.cfg.WarningThreshold)
	out := make([]caseSummary, len(items))
	for i, s := range items {
		out[i] = a.summaryView(s, u, now)
	}
	return c.JSON(http.StatusOK, map[string]any{"items": out, "total": total, "page": f.Page, "pageSize": f.PageSize})
}

// parseCaseFilter reads the list query strictly: a value that is not one of the allowed ones is a 400
// naming the parameter, never silently ignored.
func parseCaseFilter(c echo.Context) (caseindex.Filter, error) {
	q := c.QueryParams()
	f := caseindex.Filter{Page: 1, PageSize: caseindex.DefaultPageSize}
	bad := func(msg string) error { return domain.ErrBadRequest.WithMessage(msg) }
	r := queryReader{c: c}
	f.Kind = r.enum("kind", "案件类型", domain.Kinds)
	f.Status = r.enum("status", "状态", domain.Statuses)
	f.Category = r.enum("category", "类别", append(slices.Clone(domain.Categories), domain.PetitionCategories...))
	f.RiskLevel = r.enum("riskLevel", "风险等级", domain.RiskLevels)
	f.Overdue = r.bool("overdue", "超期")
	f.Supervised = r.bool("supervised", "督办中")
	if r.err != nil {
		return f, r.err
	}
	var err error
	f.Township = strings.TrimSpace(q.Get("township"))
	f.County = strings.TrimSpace(q.Get("county"))
	switch w := q.Get("warning"); w {
	case "", string(domain.WarningDueSoon), string(domain.WarningOverdue):
		f.Warning = w
	default:
		return f, bad("预警（warning）只能是 due_soon 或 overdue")
	}
	f.Batch = strings.TrimSpace(q.Get("batch"))
	if len([]rune(f.Batch)) > 50 {
		return f, bad("交办批次（batch）不能超过50个字符")
	}
	f.Q = domain.NormalizeText(q.Get("q"))
	if len([]rune(f.Q)) > 100 {
		return f, bad("关键字（q）不能超过100个字符")
	}
	switch s := q.Get("sort"); s {
	case "", caseindex.SortRegisteredAt, caseindex.SortDueAt:
		f.Sort = s
	default:
		return f, bad("排序（sort）只能是 registeredAt 或 dueAt")
	}
	if f.Window, err = domain.ParseWindow(q.Get("from"), q.Get("to")); err != nil {
		return f, err
	}
	if v := q.Get("page"); v != "" {
		if f.Page, err = strconv.Atoi(v); err != nil || f.Page < 1 || f.Page > 1000000 {
			return f, bad("页码（page）应为正整数")
		}
	}
	if v := q.Get("pageSize"); v != "" {
		if f.PageSize, err = strconv.Atoi(v); err != nil || f.PageSize < 1 || f.PageSize > 100 {
			return f, bad("每页条数（pageSize）应为 1 到 100 之间的整数")
		}
	}
	return f, nil
}
