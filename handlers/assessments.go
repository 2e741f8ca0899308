package handlers

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"pingan/domain"
)

// The 稳评 register (重大决策社会稳定风险评估): the rules are domain/assessment.go; the register is the
// in-memory domain.AssessmentBook over the assessments collection.

// assessmentView is one assessment as answered: the entry, its check warning and the follow-up actions the
// caller may take now.
type assessmentView struct {
	domain.Assessment
	// Warning grades the open follow-up's next check (due_soon, overdue; "" none).
	Warning domain.Warning `json:"warning"`
	// AllowedActions are the follow-up actions the caller may take (none for readers).
	AllowedActions []string `json:"allowedActions"`
	// Editable: the caller may edit the entry.
	Editable bool `json:"editable"`
}

// assessmentList is GET /assessments.
type assessmentList struct {
	Items    []assessmentView `json:"items"`
	Total    int              `json:"total"`
	Page     int              `json:"page"`
	PageSize int              `json:"pageSize"`
}

func (a *App) assessmentView(x domain.Assessment, me *domain.User) assessmentView {
	v := assessmentView{Assessment: x, Warning: x.ReviewWarning(a.now()), AllowedActions: []string{}}
	if domain.CanManageAssessments(me, a.regions) && a.regions.Contains(me.RegionCode, x.RegionCode) {
		v.Editable = true
		v.AllowedActions = append(v.AllowedActions, domain.AssessmentActionsFrom(x.FollowUp)...)
	}
	return v
}

// assessmentFilter reads the list's query: year, county, township, kind, grade, conclusion, followUp, q.
func (a *App) assessmentFilter(c echo.Context, me *domain.User) (domain.AssessmentFilter, error) {
	q := queryReader{c: c, regions: a.regions}
	f := domain.AssessmentFilter{Region: me.RegionCode, County: q.region("county"), Township: q.region("township"),
		Year: c.QueryParam("year"), Kind: q.enum("kind", "事项类别", domain.AssessmentKinds),
		Grade: q.enum("grade", "风险等级", domain.AssessmentGrades), Conclusion: q.enum("conclusion", "评估结论", domain.AssessmentConclusions),
		FollowUp: q.enum("followUp", "跟踪状态", domain.AssessmentFollowUpStates), Q: q.text("q", "关键字", 100)}
	if f.Year != "" {
		if y, err := strconv.Atoi(f.Year); err != nil || len(f.Year) != 4 || y < 2000 {
			q.refuse("年度（year）应为四位数年份，如 2026")
		}
	}
	return f, q.err
}

// listAssessments answers GET /assessments: the entries inside the caller's region the filter selects, the
// latest assessed first, by page; with format=csv|xlsx the 稳评台账 of every page.
func (a *App) listAssessments(c echo.Context) error {
	me := currentUser(c)
	format, err := reportFormat(c)
	if err != nil {
		return err
	}
	f, err := a.assessmentFilter(c, me)
	if err != nil {
		return err
	}
	if format != "" {
		all := a.assessments.List(f)
		if err := tooMany(len(all)); err != nil {
			return err
		}
		return a.exportTable(c, format, a.assessmentTable(a.filterRegion(me.RegionCode, f.Township, f.County), all, a.now()))
	}
	page, pageSize, err := pageParams(c, 20, 100)
	if err != nil {
		return err
	}
	all := a.assessments.List(f)
	out := assessmentList{Items: []assessmentView{}, Total: len(all), Page: page, PageSize: pageSize}
	for i := (page - 1) * pageSize; i < len(all) && i < page*pageSize; i++ {
		out.Items = append(out.Items, a.assessmentView(all[i], me))
	}
	return c.JSON(http.StatusOK, out)
}

// assessmentSummary answers GET /assessments/summary?region=&year=&groupBy=county|township.
func (a *App) assessmentSummary(c echo.Context) error {
	region, err := a.reportRegion(c)
	if err != nil {
		return err
	}
	year := c.QueryParam("year")
	if year != "" {
		if y, err := strconv.Atoi(year); err != nil || len(year) != 4 || y < 2000 {
			return domain.ErrBadRequest.WithMessage("年度（year）应为四位数年份，如 2026")
		}
	}
	groupBy := c.QueryParam("groupBy")
	switch {
	case groupBy == "" && region.Level == domain.LevelCity:
		groupBy = "county"
	case groupBy == "":
		groupBy = "township"
	case groupBy != "county" && groupBy != "township":
		return domain.ErrBadRequest.WithMessage("分组（groupBy）只能是 county 或 township")
	case groupBy == "county" && region.Level != domain.LevelCity:
		return domain.ErrBadRequest.WithMessage("按区县分组（groupBy=county）只适用于市级区域")
	}
	return c.JSON(http.StatusOK, a.assessments.Summary(region, groupBy, year, a.now()))
}

// findAssessment is the assessment id as the caller reads it; one outside the caller's region is not found.
func (a *App) findAssessment(c echo.Context) (domain.Assessment, error) {
	x, ok := a.assessments.Get(c.Param("id"))
	if !ok || !domain.SeesAssessment(currentUser(c), a.regions, &x) {
		return domain.Assessment{}, domain.ErrAssessmentNotFound
	}
	return x, nil
}

// getAssessment answers GET /assessments/{id}.
func (a *App) getAssessment(c echo.Context) error {
	x, err := a.findAssessment(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a.assessmentView(x, currentUser(c)))
}

// createAssessment answers POST /assessments: a new entry, ID {county}-{year}-W{seq:03}.
func (a *App) createAssessment(c echo.Context) error {
	var in domain.AssessmentInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	me := currentUser(c)
	now := a.now()
	built, err := domain.BuildAssessment(in, nil, me, a.regions, now)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	year := built.AssessedOn[:4]
	seq, err := a.store.NextSeq(ctx, "assessment-"+built.CountyCode+"-"+year)
	if err != nil {
		return err
	}
	id := fmt.Sprintf("%s-%s-W%03d", built.CountyCode, year, seq)
	saved, err := a.store.SaveAssessment(ctx, id, func(old *domain.Assessment) (*domain.Assessment, error) {
		if old != nil {
			return nil, domain.ErrConflict.WithMessage("稳评编号" + id + "已被占用，请重试")
		}
		built.Version, built.CreatedAt, built.CreatedBy, built.UpdatedAt, built.UpdatedBy = 1, now, me.Actor(), now, me.Actor()
		return &built, nil
	})
	if err != nil {
		return err
	}
	a.assessments.Put(*saved)
	_ = a.audit(c, me.ID, "assessment_create", id, assessmentDetail(saved), me.RegionCode, saved.RegionCode)
	return c.JSON(http.StatusCreated, a.assessmentView(*saved, me))
}

// updateAssessment answers PUT /assessments/{id}: the register fields as given, the conditions by number
// (what was met stays met), the follow-up kept.
func (a *App) updateAssessment(c echo.Context) error {
	var in domain.AssessmentInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	me := currentUser(c)
	if _, err := a.findAssessment(c); err != nil {
		return err
	}
	now := a.now()
	saved, err := a.store.SaveAssessment(c.Request().Context(), c.Param("id"), func(old *domain.Assessment) (*domain.Assessment, error) {
		if old == nil {
			return nil, domain.ErrAssessmentNotFound
		}
		built, err := domain.BuildAssessment(in, old, me, a.regions, now)
		if err != nil {
			return nil, err
		}
		if in.Version != old.Version {
			return nil, domain.ErrAssessmentChanged
		}
		built.Version, built.CreatedAt, built.CreatedBy, built.UpdatedAt, built.UpdatedBy = old.Version+1, old.CreatedAt, old.CreatedBy, now, me.Actor()
		return &built, nil
	})
	if err != nil {
		return err
	}
	a.assessments.Put(*saved)
	_ = a.audit(c, me.ID, "assessment_update", saved.ID, assessmentDetail(saved), me.RegionCode, saved.RegionCode)
	return c.JSON(http.StatusOK, a.assessmentView(*saved, me))
}

// actOnAssessment answers POST /assessments/{id}/actions: a follow-up record or closing the follow-up.
func (a *App) actOnAssessment(c echo.Context) error {
	var in domain.AssessmentActionInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	me := currentUser(c)
	if _, err := a.findAssessment(c); err != nil {
		return err
	}
	now := a.now()
	saved, err := a.store.SaveAssessment(c.Request().Context(), c.Param("id"), func(old *domain.Assessment) (*domain.Assessment, error) {
		if old == nil {
			return nil, domain.ErrAssessmentNotFound
		}
		if err := domain.ApplyAssessmentAction(old, in, me, a.regions, now); err != nil {
			return nil, err
		}
		if in.Version != old.Version {
			return nil, domain.ErrAssessmentChanged
		}
		old.Version, old.UpdatedAt, old.UpdatedBy = old.Version+1, now, me.Actor()
		return old, nil
	})
	if err != nil {
		return err
	}
	a.assessments.Put(*saved)
	last := saved.FollowUps[len(saved.FollowUps)-1]
	_ = a.audit(c, me.ID, "assessment_"+in.Action, saved.ID, saved.Project+"："+last.Text, me.RegionCode, saved.RegionCode)
	return c.JSON(http.StatusOK, a.assessmentView(*saved, me))
}

// assessmentDetail is an entry's line in the audit log.
func assessmentDetail(x *domain.Assessment) string {
	conds := make([]string, len(x.Conditions))
	for i, cd := range x.Conditions {
		conds[i] = cd.Text
	}
	return fmt.Sprintf("%s（%s，%s）条件：%s", x.Project, domain.LabelOf(domain.AssessmentGrades, x.Grade),
		domain.LabelOf(domain.AssessmentConclusions, x.Conclusion), strings.Join(conds, "；"))
}

// assessmentTodo is the caller's share of the to-do list from the register: for those who keep it, the
// open follow-ups inside their region due for their check (overdue, or within 15 days).
func (a *App) assessmentTodo(me *domain.User, now time.Time) []domain.AssessmentTodo {
	if !domain.CanManageAssessments(me, a.regions) {
		return []domain.AssessmentTodo{}
	}
	return a.assessments.Todo(me.RegionCode, now)
}
