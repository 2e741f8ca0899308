package handlers

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"pingan/domain"
)

// 排查 (screening): the rules are domain/screening.go; the townships' lists of places and the rounds are held
// by the in-memory domain.ScreeningBook over the screening_places and screening_rounds collections. The
// disputes a round finds are registered through the case write path (casework.Service.Register).

// placeListView is GET /screening/places.
type placeListView struct {
	Items []domain.PlaceList `json:"items"`
	Total int                `json:"total"`
}

// listPlaces answers GET /screening/places?township=: the lists of places of the townships in the caller's
// region (or of one of them).
func (a *App) listPlaces(c echo.Context) error {
	me := currentUser(c)
	townships := a.regions.Townships(me.RegionCode)
	if t := c.QueryParam("township"); t != "" {
		r, ok := a.regions.Get(t)
		if !ok || r.Level != domain.LevelTownship || !a.regions.Contains(me.RegionCode, t) {
			return domain.ErrRegionNotFound.WithMessage("乡镇（街道）不存在或不在您的管辖范围内：" + t)
		}
		townships = []*domain.Region{r}
	}
	out := placeListView{Items: make([]domain.PlaceList, 0, len(townships))}
	for _, t := range townships {
		out.Items = append(out.Items, a.screening.Places(t.Code))
	}
	out.Total = len(out.Items)
	return c.JSON(http.StatusOK, out)
}

// putPlaces answers PUT /screening/places/{township}: the township's whole list, against the version read.
func (a *App) putPlaces(c echo.Context) error {
	var in domain.PlaceListInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	me := currentUser(c)
	township := c.Param("township")
	built, err := domain.BuildPlaceList(in, township, me, a.regions)
	if err != nil {
		return err
	}
	saved, err := a.store.SavePlaces(c.Request().Context(), township, func(old *domain.PlaceList) (*domain.PlaceList, error) {
		version := 0
		if old != nil {
			version = old.Version
		}
		if in.Version != version {
			return nil, domain.ErrRoundPlacesChanged
		}
		built.Version, built.UpdatedAt, built.UpdatedBy = version+1, a.now(), me.Actor()
		return &built, nil
	})
	if err != nil {
		return err
	}
	a.screening.PutPlaces(*saved)
	names := make([]string, len(saved.Places))
	for i, p := range saved.Places {
		names[i] = p.Name
	}
	_ = a.audit(c, me.ID, "screening_places", township, a.regionName(township)+"村（社区）名单："+strings.Join(names, "、"), me.RegionCode, township)
	return c.JSON(http.StatusOK, saved)
}

// roundView is a round with its cases as they stand now (those the caller sees).
type roundView struct {
	domain.Round
	TownshipName string        `json:"townshipName"`
	Cases        []caseSummary `json:"cases"`
}

func (a *App) roundView(r *domain.Round, u *domain.User) roundView {
	now := a.now()
	v := roundView{Round: *r, TownshipName: a.regionName(r.TownshipCode), Cases: []caseSummary{}}
	scope := domain.ScopeOf(u)
	for _, id := range r.CaseIDs {
		if s, ok := a.index.Get(id); ok && scope.Sees(a.regions, s.Kind, s.HeldIn) {
			v.Cases = append(v.Cases, a.summaryView(s, u, now))
		}
	}
	return v
}

// createRound answers POST /screening/rounds: the round, and each dispute it found registered as a case
// (source proactive) naming the round. Every dispute is checked before any is registered.
func (a *App) createRound(c echo.Context) error {
	var in domain.RoundInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	me := currentUser(c)
	now := a.now()
	places := a.screening.Places(strings.TrimSpace(in.TownshipCode))
	req, err := domain.CheckRound(in, me, a.regions, &places, now)
	if err != nil {
		return err
	}
	r := req.Round
	ctx := c.Request().Context()
	year := r.Day().Year()
	seq, err := a.store.NextSeq(ctx, "round-"+r.TownshipCode+"-"+strconv.Itoa(year))
	if err != nil {
		return err
	}
	r.ID = domain.RoundID(r.TownshipCode, year, seq)
	// The round is stored before its disputes are registered, so no case ever names a round that is not
	// there; the round then lists the cases that were registered (all of them, unless the store failed).
	if err := a.store.InsertRound(ctx, r); err != nil {
		return err
	}
	var found []string
	var regErr error
	for _, in := range req.Cases {
		in.Dispute.RoundID = r.ID
		cs, err := a.cases.Register(ctx, me, in)
		if err != nil {
			regErr = err
			break
		}
		found = append(found, cs.ID)
	}
	if len(found) > 0 {
		saved, err := a.store.SaveRound(ctx, r.ID, func(old *domain.Round) (*domain.Round, error) {
			if old == nil {
				return nil, domain.ErrRoundNotFound
			}
			old.CaseIDs = append(old.CaseIDs, found...)
			return old, nil
		})
		if err != nil {
			return err
		}
		r = saved
	}
	a.screening.PutRound(r)
	detail := a.regionName(r.TownshipCode) + r.Village + " " + r.Date + " 排查"
	if r.ZeroReport {
		detail += "（零报告）"
	} else {
		detail += "：发现纠纷" + strconv.Itoa(len(r.CaseIDs)) + "件，风险隐患" + strconv.Itoa(len(r.Hazards)) + "个，预防纠纷" + strconv.Itoa(r.Prevented) + "起"
	}
	_ = a.audit(c, me.ID, "round_create", r.ID, detail, me.RegionCode, r.TownshipCode)
	if regErr != nil {
		return regErr
	}
	return c.JSON(http.StatusCreated, a.roundView(r, me))
}

// getRound answers GET /screening/rounds/{id}; a round outside the caller's region is not found.
func (a *App) getRound(c echo.Context) error {
	me := currentUser(c)
	r, err := a.screening.Round(me.RegionCode, c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a.roundView(r, me))
}

// correctRound answers PUT /screening/rounds/{id}: the round's content corrected in place (更正), against
// the version read, with the reason kept in its history. Who may record a round of the township may correct
// it (its own staff, the county and the city above); a round outside the caller's region is not found.
func (a *App) correctRound(c echo.Context) error {
	var in domain.RoundCorrectionInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	me := currentUser(c)
	cur, err := a.screening.Round(me.RegionCode, c.Param("id"))
	if err != nil {
		return err
	}
	places := a.screening.Places(cur.TownshipCode)
	now := a.now()
	saved, err := a.store.SaveRound(c.Request().Context(), cur.ID, func(old *domain.Round) (*domain.Round, error) {
		if old == nil {
			return nil, domain.ErrRoundNotFound
		}
		return domain.CorrectRound(old, in, me, a.regions, &places, a.screening.DueDays(), now)
	})
	if err != nil {
		return err
	}
	a.screening.PutRound(saved)
	last := saved.Corrections[len(saved.Corrections)-1]
	fields := make([]string, len(last.Changes))
	for i, ch := range last.Changes {
		fields[i] = domain.LabelOf(domain.RoundFields, ch.Field)
	}
	detail := a.regionName(saved.TownshipCode) + saved.Village + " " + saved.Date + " 排查第" + strconv.Itoa(len(saved.Corrections)) + "次更正"
	if last.Late {
		detail += "（逾期更正）"
	}
	detail += "：" + strings.Join(fields, "、") + "；原因：" + last.Reason
	_ = a.audit(c, me.ID, "round_correct", saved.ID, detail, me.RegionCode, saved.TownshipCode)
	return c.JSON(http.StatusOK, a.roundView(saved, me))
}

// roundSummary is a round in a list.
type roundSummary struct {
	domain.Round
	TownshipName string `json:"townshipName"`
}

// roundList is GET /screening/rounds.
type roundList struct {
	Items    []roundSummary          `json:"items"`
	Total    int                     `json:"total"`
	Page     int                     `json:"page"`
	PageSize int                     `json:"pageSize"`
	Figures  domain.ScreeningFigures `json:"figures"` // of every round listed, all pages
}

// listRounds answers GET /screening/rounds?region=&level=&village=&from=&to=&page=&pageSize=, newest first;
// with format=csv|xlsx the 矛盾纠纷排查台账 of every page.
func (a *App) listRounds(c echo.Context) error {
	format, err := reportFormat(c)
	if err != nil {
		return err
	}
	r, err := a.reportRegion(c)
	if err != nil {
		return err
	}
	w, err := domain.ParseWindow(c.QueryParam("from"), c.QueryParam("to"))
	if err != nil {
		return err
	}
	q := queryReader{c: c}
	level := q.enum("level", "排查单位级别", domain.ScreeningLevels)
	if q.err != nil {
		return q.err
	}
	rounds := a.screening.Rounds(domain.RoundFilter{Region: r.Code, Village: c.QueryParam("village"), Level: level, Window: w})
	if format != "" {
		if err := tooMany(len(rounds)); err != nil {
			return err
		}
		return a.exportTable(c, format, a.roundTable(r, w, rounds, a.now()))
	}
	page, pageSize, err := pageParams(c, 20, 200)
	if err != nil {
		return err
	}
	out := roundList{Items: []roundSummary{}, Total: len(rounds), Page: page, PageSize: pageSize}
	for i, rd := range rounds {
		out.Figures.Add(rd.Figures())
		if i >= (page-1)*pageSize && i < page*pageSize {
			out.Items = append(out.Items, roundSummary{Round: *rd, TownshipName: a.regionName(rd.TownshipCode)})
		}
	}
	return c.JSON(http.StatusOK, out)
}

// screeningBoard answers GET /screening/board?region=&month=: which units reported for the month's periods;
// with format=csv|xlsx as a table.
func (a *App) screeningBoard(c echo.Context) error {
	format, err := reportFormat(c)
	if err != nil {
		return err
	}
	r, err := a.reportRegion(c)
	if err != nil {
		return err
	}
	now := a.now()
	month, err := domain.ParseScreeningMonth(c.QueryParam("month"), now)
	if err != nil {
		return err
	}
	board := a.screening.Board(r, month, now)
	if format != "" {
		return a.exportTable(c, format, screeningBoardTable(board))
	}
	return c.JSON(http.StatusOK, board)
}

// screeningSummary answers GET /screening/summary?region=&from=&to=: rounds held against due per township;
// with format=csv|xlsx as a table.
func (a *App) screeningSummary(c echo.Context) error {
	format, err := reportFormat(c)
	if err != nil {
		return err
	}
	r, err := a.reportRegion(c)
	if err != nil {
		return err
	}
	w, err := domain.ParseWindow(c.QueryParam("from"), c.QueryParam("to"))
	if err != nil {
		return err
	}
	sum := a.screening.Summary(r, w, a.now())
	if format != "" {
		return a.exportTable(c, format, screeningSummaryTable(sum))
	}
	return c.JSON(http.StatusOK, sum)
}
