package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"pingan/domain"
)

func (a *App) listRegions(c echo.Context) error {
	var items []*domain.Region
	if parent := c.QueryParam("parent"); parent != "" {
		if _, ok := a.regions.Get(parent); !ok {
			return domain.ErrRegionNotFound
		}
		items = a.regions.Children(parent)
	} else {
		items = a.regions.All()
	}
	if items == nil {
		items = []*domain.Region{}
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items})
}

func (a *App) enums(c echo.Context) error { return c.JSON(http.StatusOK, domain.Enums()) }
