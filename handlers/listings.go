package handlers

import (
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"pingan/domain"
)

// Listed supervision (挂牌督办): the rules are domain/listing.go; the board comes from the in-memory
// domain.ListingBook; writes go to the store by _id, then into the book, then the audit.

// listingView is a listing as the API shows it: overdue, when the next progress report is due, the target's
// township by name and the steps the caller may take.
type listingView struct {
	*domain.Listing
	Overdue        bool       `json:"overdue"`
	ProgressDueAt  *time.Time `json:"progressDueAt,omitempty"`
	TownshipName   string     `json:"townshipName"`
	HazardTitle    string     `json:"hazardTitle,omitempty"`
	AllowedActions []string   `json:"allowedActions"`
}

func (a *App) listingView(l *domain.Listing, u *domain.User) listingView {
	now := a.now()
	v := listingView{Listing: l, Overdue: l.Overdue(now), AllowedActions: domain.ListingAllowedActions(l, u, a.regions)}
	if due := l.ProgressDue(); !due.IsZero() {
		v.ProgressDueAt = &due
	}
	if r, ok := a.regions.Get(l.TownshipCode); ok {
		v.TownshipName = r.Name
	}
	if h, ok := a.hazards.Get(l.HazardID); ok {
		v.HazardTitle = h.Title
	}
	return v
}

// listingBoard answers GET /listings?level=&status=&target=&overdue=true&q=: the listed items the caller
// sees, overdue first, then by level, with the counts per level; with format=csv|xlsx the 挂牌督办台账.
func (a *App) listingBoard(c echo.Context) error {
	u := currentUser(c)
	format, err := reportFormat(c)
	if err != nil {
		return err
	}
	q := queryReader{c: c, regions: a.regions}
	f := domain.ListingFilter{Region: u.RegionCode, Level: q.enum("level", "挂牌级别", domain.ListingLevels),
		Status: q.enum("status", "状态", domain.ListingStatuses), Target: q.enum("target", "挂牌对象", domain.ListingTargets),
		Overdue: q.bool("overdue", "超期"), Q: q.text("q", "关键字", 100), Now: a.now()}
	if q.err != nil {
		return q.err
	}
	list, counts := a.listings.Board(f)
	if format != "" {
		if err := tooMany(len(list)); err != nil {
			return err
		}
		return a.exportTable(c, format, a.listingTable(a.regionName(u.RegionCode), list, f.Now))
	}
	items := make([]listingView, len(list))
	for i, l := range list {
		items[i] = a.listingView(l, u)
	}
	return c.JSON(http.StatusOK, listingBoard{Items: items, Total: len(items), Levels: counts})
}

// listingBoard is GET /listings.
type listingBoard struct {
	Items  []listingView               `json:"items"`
	Total  int                         `json:"total"`
	Levels []domain.ListingLevelCounts `json:"levels"`
}

// createListing answers POST /listings: a county or the city lists a township, a hazard or a group of cases.
func (a *App) createListing(c echo.Context) error {
	var in domain.ListingInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	me := currentUser(c)
	if err := domain.CheckListingTarget(in, me, a.regions); err != nil {
		return err
	}
	target, err := a.listingTarget(in, me)
	if err != nil {
		return err
	}
	if l, ok := a.listings.OpenFor(domain.ListingTarget(in.Target), target.TownshipCode, in.HazardID); ok {
		return domain.ErrListingDuplicate.WithMessage("该对象已于" + l.ListedAt.In(domain.Shanghai).Format(time.DateOnly) +
			"挂牌督办（" + l.ID + "），尚未摘牌")
	}
	now := a.now()
	built, err := domain.NewListing(in, "", target, me, a.regions, now)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	year := built.ListedAt.In(domain.Shanghai).Year()
	seq, err := a.store.NextSeq(ctx, fmt.Sprintf("listing-%s-%d", me.RegionCode, year))
	if err != nil {
		return err
	}
	id := fmt.Sprintf("%s-GP-%d-%03d", me.RegionCode, year, seq)
	saved, err := a.store.SaveListing(ctx, id, func(old *domain.Listing) (*domain.Listing, error) {
		if old != nil {
			return nil, domain.ErrConflict.WithMessage("挂牌编号" + id + "已被占用，请重试")
		}
		built.ID = id
		return built, nil
	})
	if err != nil {
		return err
	}
	a.listings.Put(saved)
	_ = a.audit(c, me.ID, "listing_list", id, saved.String(), saved.TownshipCode, saved.ListerRegion)
	return c.JSON(http.StatusCreated, a.listingView(saved, me))
}

// listingTarget finds the township of the listing's target within the lister's scope: a township of the
// region table, a hazard of the ledger, or cases of the case index all of one township.
func (a *App) listingTarget(in domain.ListingInput, me *domain.User) (domain.ListingTargetOf, error) {
	switch domain.ListingTarget(in.Target) {
	case domain.ListingHazard:
		h, ok := a.hazards.Get(in.HazardID)
		if !ok || !domain.SeesHazard(me, h, a.regions) {
			return domain.ListingTargetOf{}, domain.Invalid(domain.FieldError{Field: "hazardId", Message: "风险隐患「" + in.HazardID + "」不存在"})
		}
		if !h.Open() {
			return domain.ListingTargetOf{}, domain.Invalid(domain.FieldError{Field: "hazardId", Message: "该风险隐患已销号，无需挂牌督办"})
		}
		return domain.ListingTargetOf{TownshipCode: h.TownshipCode}, nil
	case domain.ListingCases:
		scope, town := domain.ScopeOf(me), ""
		for i, id := range in.CaseIDs {
			s, ok := a.index.Get(id)
			if !ok || !scope.Sees(a.regions, s.Kind, s.HeldIn) {
				return domain.ListingTargetOf{}, domain.Invalid(domain.FieldError{Field: fmt.Sprintf("caseIds[%d]", i), Message: "案件「" + id + "」不存在"})
			}
			if town != "" && s.TownshipCode != town {
				return domain.ListingTargetOf{}, domain.Invalid(domain.FieldError{Field: fmt.Sprintf("caseIds[%d]", i), Message: "同一挂牌事项的案件须属于同一乡镇（街道）"})
			}
			town = s.TownshipCode
		}
		return domain.ListingTargetOf{TownshipCode: town}, nil
	}
	r, ok := a.regions.Get(in.TownshipCode)
	if !ok || r.Level != domain.LevelTownship {
		return domain.ListingTargetOf{}, domain.Invalid(domain.FieldError{Field: "townshipCode", Message: "乡镇（街道）代码「" + in.TownshipCode + "」不存在"})
	}
	return domain.ListingTargetOf{TownshipCode: r.Code}, nil
}

// seenListing is the listing id if the caller sees it; any other is not found.
func (a *App) seenListing(c echo.Context) (*domain.Listing, error) {
	l, ok := a.listings.Get(c.Param("id"))
	if !ok || !domain.SeesListing(currentUser(c), l, a.regions) {
		return nil, domain.ErrListingNotFound
	}
	return l, nil
}

// getListing answers GET /listings/{id}: the listing with its timeline.
func (a *App) getListing(c echo.Context) error {
	l, err := a.seenListing(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a.listingView(l, currentUser(c)))
}

// actOnListing answers POST /listings/{id}/actions: progress (the listed unit), extend or delist (the lister).
func (a *App) actOnListing(c echo.Context) error {
	if _, err := a.seenListing(c); err != nil {
		return err
	}
	var in domain.ListingActionInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if err := domain.Validate(in); err != nil {
		return err
	}
	me, now := currentUser(c), a.now()
	saved, err := a.store.SaveListing(c.Request().Context(), c.Param("id"), func(old *domain.Listing) (*domain.Listing, error) {
		if old == nil {
			return nil, domain.ErrListingNotFound
		}
		next, err := domain.ApplyListing(old, in, me, a.regions, now)
		if err == nil && in.Version != old.Version {
			return nil, domain.ErrListingChanged
		}
		return next, err
	})
	if err != nil {
		return err
	}
	a.listings.Put(saved)
	last := saved.Timeline[len(saved.Timeline)-1]
	_ = a.audit(c, me.ID, "listing_"+in.Action, saved.ID, domain.LabelOf(domain.ListingActions, in.Action)+"："+last.Note,
		saved.TownshipCode, saved.ListerRegion)
	return c.JSON(http.StatusOK, a.listingView(saved, me))
}
