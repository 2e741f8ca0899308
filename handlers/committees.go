package handlers

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"pingan/domain"
)

// People's mediation committees (人民调解委员会) and their mediators: the rules are domain/committee.go;
// the registry is the in-memory domain.CommitteeBook over the committees collection.

// committeeList is GET /committees.
type committeeList struct {
	Items []domain.Committee `json:"items"`
	Total int                `json:"total"`
}

// listCommittees answers GET /committees?region=: the committees the caller reads (in the region and
// above it), narrowed to those sitting inside region when given.
func (a *App) listCommittees(c echo.Context) error {
	me := currentUser(c)
	items := a.committees.List(me.RegionCode)
	if region := c.QueryParam("region"); region != "" {
		if _, ok := a.regions.Get(region); !ok {
			return domain.ErrBadRequest.WithMessage("区域代码「" + region + "」不存在")
		}
		kept := items[:0]
		for _, cm := range items {
			if a.regions.Contains(region, cm.RegionCode) {
				kept = append(kept, cm)
			}
		}
		items = kept
	}
	if items == nil {
		items = []domain.Committee{}
	}
	return c.JSON(http.StatusOK, committeeList{Items: items, Total: len(items)})
}

// getCommittee answers GET /committees/{id}; one the caller does not read is not found.
func (a *App) getCommittee(c echo.Context) error {
	cm, ok := a.committees.Committee(c.Param("id"))
	if !ok || !a.committees.Sees(currentUser(c).RegionCode, cm) {
		return domain.ErrCommitteeNotFound
	}
	return c.JSON(http.StatusOK, cm)
}

// createCommittee answers POST /committees: a new committee, ID {regionCode}-C{seq:03}.
func (a *App) createCommittee(c echo.Context) error {
	var in domain.CommitteeInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	me := currentUser(c)
	built, err := domain.BuildCommittee(in, me, a.regions)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	seq, err := a.store.NextSeq(ctx, "committee-"+built.RegionCode)
	if err != nil {
		return err
	}
	id := fmt.Sprintf("%s-C%03d", built.RegionCode, seq)
	saved, err := a.store.SaveCommittee(ctx, id, func(old *domain.Committee) (*domain.Committee, error) {
		if old != nil {
			return nil, domain.ErrConflict.WithMessage("调委会编号" + id + "已被占用，请重试")
		}
		built.Version, built.UpdatedAt, built.UpdatedBy = 1, a.now(), me.Actor()
		return &built, nil
	})
	if err != nil {
		return err
	}
	a.committees.Put(*saved)
	_ = a.audit(c, me.ID, "committee_create", id, saved.Name, saved.RegionCode)
	return c.JSON(http.StatusCreated, saved)
}

// updateCommittee answers PUT /committees/{id}: the committee as given, with its roster. A derived township
// or county committee (version 0) is saved under its own ID the first time; its kind and region stay.
func (a *App) updateCommittee(c echo.Context) error {
	var in domain.CommitteeInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	me := currentUser(c)
	id := c.Param("id")
	current, ok := a.committees.Committee(id)
	if !ok || !a.committees.Sees(me.RegionCode, current) {
		return domain.ErrCommitteeNotFound
	}
	if current.Derived || current.ID == current.RegionCode {
		if in.Kind != current.Kind || in.RegionCode != current.RegionCode {
			return domain.Invalid(domain.FieldError{Field: "regionCode", Message: current.Name + "是区划自带的调委会，类型和所在区域不能修改"})
		}
	}
	built, err := domain.BuildCommittee(in, me, a.regions)
	if err != nil {
		return err
	}
	if !a.regions.Contains(me.RegionCode, current.RegionCode) {
		return domain.ErrOutOfRegion
	}
	saved, err := a.store.SaveCommittee(c.Request().Context(), id, func(old *domain.Committee) (*domain.Committee, error) {
		version := 0
		if old != nil {
			version = old.Version
		}
		if in.Version != version {
			return nil, domain.ErrCommitteeChanged
		}
		built.Version, built.UpdatedAt, built.UpdatedBy = version+1, a.now(), me.Actor()
		return &built, nil
	})
	if err != nil {
		return err
	}
	a.committees.Put(*saved)
	names := make([]string, len(saved.Mediators))
	for i, m := range saved.Mediators {
		names[i] = m.Name
	}
	_ = a.audit(c, me.ID, "committee_update", id, saved.Name+"：调解员"+strings.Join(names, "、"), saved.RegionCode)
	return c.JSON(http.StatusOK, saved)
}
