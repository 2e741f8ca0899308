package handlers

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"pingan/domain"
	"pingan/domain/returnwork"
	"pingan/store"
)

// Monthly returns (统计月报报送): the handlers only translate HTTP; domain/returnwork decides and keeps them.

func (a *App) returnContext(c echo.Context) context.Context {
	return returnwork.WithClientIP(c.Request().Context(), c.RealIP())
}

// submitReturn answers POST /returns: the township's original return for an ended month.
func (a *App) submitReturn(c echo.Context) error {
	var in domain.NewReturnInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	r, err := a.returns.Submit(a.returnContext(c), currentUser(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, r)
}

// correctReturn answers POST /returns/{id}/corrections: the next correction, beside the original.
func (a *App) correctReturn(c echo.Context) error {
	var in domain.CorrectionInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	r, err := a.returns.Correct(a.returnContext(c), currentUser(c), c.Param("id"), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, r)
}

// getReturn answers GET /returns/{id}: every version of one return and what changed since.
func (a *App) getReturn(c echo.Context) error {
	h, err := a.returns.History(c.Request().Context(), currentUser(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, h)
}

// returnBoard answers GET /returns?region=&month=: who has submitted, who is late, and the region's return
// assembled from its townships'; as a download with format=csv|xlsx.
func (a *App) returnBoard(c echo.Context) error {
	r, err := a.reportRegion(c)
	if err != nil {
		return err
	}
	month, err := domain.ParseBoardMonth(c.QueryParam("month"), a.now())
	if err != nil {
		return err
	}
	format, err := reportFormat(c)
	if err != nil {
		return err
	}
	b, err := a.returns.Board(c.Request().Context(), currentUser(c), r.Code, month)
	if err != nil {
		return err
	}
	if format != "" {
		return a.exportTable(c, format, returnBoardTable(b))
	}
	return c.JSON(http.StatusOK, b)
}

// returnMonths answers GET /returns/months?township=&year=: a township's returns month by month.
func (a *App) returnMonths(c echo.Context) error {
	u := currentUser(c)
	township := c.QueryParam("township")
	if township == "" {
		township = u.RegionCode
	}
	year, err := domain.ParseReturnYear(c.QueryParam("year"), a.now())
	if err != nil {
		return err
	}
	m, err := a.returns.Months(c.Request().Context(), u, township, year)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, m)
}

// auditReturn writes the audit entries of returns, in the actor's and the township's regions.
func (a *App) auditReturn(ctx context.Context, e returnwork.AuditEntry) error {
	if a.cfg.ReadOnly {
		return nil
	}
	var actor string
	if e.Actor != nil {
		actor = e.Actor.ID
	}
	err := a.store.Audit(ctx, store.AuditEntry{At: e.At, Actor: actor, Action: e.Action, Target: e.Target, Detail: e.Detail,
		IP: e.IP, Regions: slices.Compact(slices.Sorted(slices.Values(e.Regions)))})
	if err != nil {
		a.log.Error("audit log", "action", e.Action, "err", err)
		a.noteStoreError(err)
	}
	return err
}

// sharedStore reports whether other instances write to the store (this one follows them).
func (a *App) sharedStore() bool {
	return a.follower != nil && a.follower.Status().Mode != store.FollowNone
}

// returnBoardTable is the board as a download: each township's status and its latest submitted figures in
// the order of the 月报, then the region's assembled return.
func returnBoardTable(b domain.ReturnBoard) table {
	name := b.Region.Name + "矛盾纠纷化解情况统计月报（" + domain.MonthName(mustMonth(b.Month)) + "）"
	t := table{
		Title:    name,
		FileBase: name,
		Headers:  append([]string{"乡镇代码", "乡镇（街道）", "报送状态", "报送时间", "零报告", "更正次数", "数据有变动"}, figureHeaders(true)...),
	}
	yes := func(b bool) string {
		if b {
			return "是"
		}
		return ""
	}
	blank := make([]cell, len(figureHeaders(true)))
	for i := range blank {
		blank[i] = txt("")
	}
	for _, r := range b.Rows {
		at := ""
		if r.SubmittedAt != nil {
			at = r.SubmittedAt.In(domain.Shanghai).Format("2006-01-02 15:04")
		}
		zero, figures := false, blank
		if r.Latest != nil {
			zero = r.Latest.ZeroReport
			figures = figureCells(r.Latest.Figures.Disputes, &r.Latest.Figures.Petitions)
		}
		t.Rows = append(t.Rows, append([]cell{txt(r.Township), txt(r.Name), txt(domain.LabelOf(domain.ReturnStatuses, string(r.Status))),
			txt(at), txt(yes(zero)), num(r.Corrections), txt(yes(len(r.Changes) > 0))}, figures...))
	}
	counts := "已报送" + strconv.Itoa(b.Counts.Submitted+b.Counts.Late) + "个，未报送" + strconv.Itoa(b.Counts.Missing) + "个"
	t.Totals = append([]cell{txt(""), txt("合计（已报送乡镇汇总）"), txt(counts), txt(""), txt(""), txt(""), txt("")},
		figureCells(b.Assembled.Disputes, &b.Assembled.Petitions)...)
	return t
}

// mustMonth reads a month the board itself wrote.
func mustMonth(s string) time.Time {
	m, _ := domain.ParseReturnMonth(s)
	return m
}
