package handlers

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"pingan/domain"
)

// The risk-hazard ledger (风险隐患台账): the rules are domain/hazard.go; lists, counts and the summary come from
// the in-memory domain.HazardIndex; writes go to the store by _id, then into the index, then the audit.

// hazardView is a hazard as the API shows it: with its deadline warning, the steps the caller may take and
// its listings (挂牌督办). In lists the timeline is left out.
type hazardView struct {
	*domain.Hazard
	Timeline       []domain.StepEvent `json:"timeline,omitempty"`
	Warning        domain.Warning     `json:"warning"`
	Overdue        bool               `json:"overdue"`
	AllowedActions []string           `json:"allowedActions,omitempty"`
	Listings       []listingBrief     `json:"listings,omitempty"`
}

// listingBrief names a listing on the page of what it lists.
type listingBrief struct {
	ID       string               `json:"id"`
	Level    domain.ListingLevel  `json:"level"`
	Title    string               `json:"title"`
	Status   domain.ListingStatus `json:"status"`
	Deadline time.Time            `json:"deadline"`
	Overdue  bool                 `json:"overdue"`
}

func (a *App) hazardView(h *domain.Hazard, u *domain.User, full bool) hazardView {
	now := a.now()
	w := h.Warning(now, a.cfg.WarningThreshold)
	v := hazardView{Hazard: h, Warning: w, Overdue: w == domain.WarningOverdue}
	if full {
		v.Timeline = h.Timeline
		v.AllowedActions = domain.HazardAllowedActions(h, u, a.regions)
		for _, l := range a.listings.OfHazard(h.ID) {
			v.Listings = append(v.Listings, listingBrief{ID: l.ID, Level: l.Level, Title: l.Title, Status: l.Status,
				Deadline: l.Deadline, Overdue: l.Overdue(now)})
		}
	}
	return v
}

// listHazards answers GET /hazards?township=&county=&status=&level=&type=&overdue=true&q=&page=&pageSize=;
// with format=csv|xlsx the 风险隐患排查整治台账 of every page.
func (a *App) listHazards(c echo.Context) error {
	u := currentUser(c)
	format, err := reportFormat(c)
	if err != nil {
		return err
	}
	q := queryReader{c: c, regions: a.regions}
	f := domain.HazardFilter{Region: u.RegionCode, Township: q.region("township"), County: q.region("county"),
		Status: q.enum("status", "状态", domain.HazardStatuses), Level: q.enum("level", "风险等级", domain.RiskLevels),
		Type: q.enum("type", "隐患类型", domain.HazardTypes), Overdue: q.bool("overdue", "超期"), Q: q.text("q", "关键字", 100),
		Now: a.now()}
	if q.err != nil {
		return q.err
	}
	if format != "" {
		list, total := a.hazards.List(f, 1, maxExportRows)
		if err := tooMany(total); err != nil {
			return err
		}
		return a.exportTable(c, format, a.hazardTable(a.filterRegion(u.RegionCode, f.Township, f.County), list, f.Now))
	}
	page, pageSize, err := pageParams(c, 20, 100)
	if err != nil {
		return err
	}
	list, total := a.hazards.List(f, page, pageSize)
	items := make([]hazardView, len(list))
	for i, h := range list {
		items[i] = a.hazardView(h, u, false)
	}
	return c.JSON(http.StatusOK, hazardList{Items: items, Total: total, Page: page, PageSize: pageSize})
}

// hazardList is GET /hazards.
type hazardList struct {
	Items    []hazardView `json:"items"`
	Total    int          `json:"total"`
	Page     int          `json:"page"`
	PageSize int          `json:"pageSize"`
}

// hazardSummary is GET /hazards/summary.
type hazardSummary struct {
	Region *domain.Region `json:"region"`
	From   string         `json:"from,omitempty"`
	To     string         `json:"to,omitempty"`
	domain.HazardSummary
}

// createHazard answers POST /hazards: a registered hazard numbered {township}-YH-{year}-{seq:04}.
func (a *App) createHazard(c echo.Context) error {
	var in domain.HazardInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	me, now := currentUser(c), a.now()
	built, err := domain.NewHazard(in, "", me, a.regions, now)
	if err != nil {
		return err
	}
	if err := a.screening.FoundIn(me.RegionCode, built.RoundID, built.TownshipCode); err != nil {
		return err
	}
	ctx := c.Request().Context()
	year := built.FoundAt.In(domain.Shanghai).Year()
	seq, err := a.store.NextSeq(ctx, fmt.Sprintf("hazard-%s-%d", built.TownshipCode, year))
	if err != nil {
		return err
	}
	id := fmt.Sprintf("%s-YH-%d-%04d", built.TownshipCode, year, seq)
	saved, err := a.store.SaveHazard(ctx, id, func(old *domain.Hazard) (*domain.Hazard, error) {
		if old != nil {
			return nil, domain.ErrConflict.WithMessage("隐患编号" + id + "已被占用，请重试")
		}
		built.ID = id
		return built, nil
	})
	if err != nil {
		return err
	}
	a.hazards.Put(saved)
	if saved.RoundID != "" { // the round lists the hazards registered from it
		r, err := a.store.SaveRound(ctx, saved.RoundID, func(old *domain.Round) (*domain.Round, error) {
			if old == nil {
				return nil, domain.ErrRoundNotFound
			}
			r := *old
			r.HazardIDs = append(slices.Clip(old.HazardIDs), id)
			return &r, nil
		})
		if err != nil {
			slog.Warn("hazard not linked to its round", "hazard", id, "round", saved.RoundID, "err", err) // the hazard is stored
		} else {
			a.screening.PutRound(r)
		}
	}
	_ = a.audit(c, me.ID, "hazard_register", id, saved.Title, saved.TownshipCode)
	return c.JSON(http.StatusCreated, a.hazardView(saved, me, true))
}

// seenHazard is the hazard id if the caller's region holds it; any other is not found.
func (a *App) seenHazard(c echo.Context) (*domain.Hazard, error) {
	h, ok := a.hazards.Get(c.Param("id"))
	if !ok || !domain.SeesHazard(currentUser(c), h, a.regions) {
		return nil, domain.ErrHazardNotFound
	}
	return h, nil
}

// getHazard answers GET /hazards/{id}: the hazard with its timeline, allowed steps and listings.
func (a *App) getHazard(c echo.Context) error {
	h, err := a.seenHazard(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a.hazardView(h, currentUser(c), true))
}

// actOnHazard answers POST /hazards/{id}/actions: one step of the lifecycle (domain.HazardTransitions).
func (a *App) actOnHazard(c echo.Context) error {
	if _, err := a.seenHazard(c); err != nil {
		return err
	}
	var in domain.HazardActionInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if err := domain.Validate(in); err != nil {
		return err
	}
	me, now := currentUser(c), a.now()
	saved, err := a.store.SaveHazard(c.Request().Context(), c.Param("id"), func(old *domain.Hazard) (*domain.Hazard, error) {
		if old == nil {
			return nil, domain.ErrHazardNotFound
		}
		next, err := domain.ApplyHazard(old, in, me, a.regions, now)
		if err == nil && in.Version != old.Version {
			return nil, domain.ErrHazardChanged
		}
		return next, err
	})
	if err != nil {
		return err
	}
	a.hazards.Put(saved)
	last := saved.Timeline[len(saved.Timeline)-1]
	_ = a.audit(c, me.ID, "hazard_"+in.Action, saved.ID, domain.LabelOf(domain.HazardActions, in.Action)+"："+last.Note, saved.TownshipCode)
	return c.JSON(http.StatusOK, a.hazardView(saved, me, true))
}

// hazardSummary answers GET /hazards/summary?region=&from=&to=: every township under the region with its
// open, overdue and cleared hazards (docs/API.md).
func (a *App) hazardSummary(c echo.Context) error {
	r, err := a.reportRegion(c)
	if err != nil {
		return err
	}
	w, err := domain.ParseWindow(c.QueryParam("from"), c.QueryParam("to"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, hazardSummary{Region: r, From: w.FromDate(), To: c.QueryParam("to"),
		HazardSummary: a.hazards.Summary(r.Code, w, a.now(), a.listings.ListedByTownship())})
}

// loadHazards reads the hazard ledger and the listings into memory (at start).
func (a *App) loadHazards(ctx context.Context) error {
	hazards, err := a.store.LoadHazards(ctx)
	if err != nil {
		return err
	}
	listings, err := a.store.LoadListings(ctx)
	if err != nil {
		return err
	}
	a.hazards = domain.NewHazardIndex(a.regions, hazards)
	a.listings = domain.NewListingBook(a.regions, listings)
	a.log.Info("hazards loaded", "hazards", len(hazards), "listings", len(listings))
	return nil
}
