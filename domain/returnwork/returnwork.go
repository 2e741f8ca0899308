// Package returnwork is the one write path for monthly returns (统计月报报送) and their scoped reads. Like
// casework for cases, a Service does, in this order:
//
//  1. the domain rule (domain.CheckReturnRequest, domain.NewReturn, domain.NewCorrection), with the month's
//     figures counted by the case index exactly as the resolution report counts them,
//  2. the audit log (a return the log does not show is not stored),
//  3. the store: one insert by _id, never an update (a duplicate key is a version already submitted),
//  4. the in-memory book of returns, which answers boards and histories.
//
// A return of a township outside the caller's region answers exactly like an unknown one. The package is
// pure Go: it declares the store it needs and knows nothing of MongoDB or HTTP.
package returnwork

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"pingan/domain"
	"pingan/domain/caseindex"
)

// Store is what returns need of persistence. store.Store implements it.
type Store interface {
	// InsertReturn stores a new version; a version already stored answers domain.ErrReturnSubmitted.
	InsertReturn(ctx context.Context, r *domain.MonthlyReturn) error
	// GetReturn reads one version by id, domain.ErrReturnNotFound when there is none.
	GetReturn(ctx context.Context, id string) (*domain.MonthlyReturn, error)
	// EachReturn streams every stored version.
	EachReturn(ctx context.Context, fn func(r *domain.MonthlyReturn) error) error
}

// AuditEntry is one audit log entry of a return: who submitted which version, in which regions (the
// actor's and the township's, so the admins of both read it).
type AuditEntry struct {
	At      time.Time
	Actor   *domain.User
	Action  string // return_submit, return_correct; _failed when the store refused the version
	Target  string // the version's id
	Detail  string
	IP      string
	Regions []string
}

// Auditor appends one entry to the audit log.
type Auditor func(ctx context.Context, e AuditEntry) error

type clientIPKey struct{}

// WithClientIP returns a context that names the caller's address for the audit log.
func WithClientIP(ctx context.Context, ip string) context.Context {
	return context.WithValue(ctx, clientIPKey{}, ip)
}

func clientIP(ctx context.Context) string {
	ip, _ := ctx.Value(clientIPKey{}).(string)
	return ip
}

// Service is the write path and the scoped reads of monthly returns.
type Service struct {
	store   Store
	index   *caseindex.Index
	regions *domain.RegionTree
	audit   Auditor
	now     func() time.Time
	// shared reports whether other instances write to the store too: then reads look up their returns by
	// _id first (the book only knows this instance's writes and what it loaded at start).
	shared func() bool

	write sync.Mutex // one submission at a time in this process: they are few, and corrections are numbered
	mu    sync.RWMutex
	book  map[string][]*domain.MonthlyReturn // by original id: the original, then its corrections by number
}

// New returns the service; shared may be nil (a single writer).
func New(st Store, index *caseindex.Index, regions *domain.RegionTree, audit Auditor, now func() time.Time, shared func() bool) *Service {
	if audit == nil {
		audit = func(context.Context, AuditEntry) error { return nil }
	}
	if shared == nil {
		shared = func() bool { return false }
	}
	return &Service{store: st, index: index, regions: regions, audit: audit, now: now, shared: shared,
		book: map[string][]*domain.MonthlyReturn{}}
}

// Load fills the book from the store (once, at start).
func (s *Service) Load(ctx context.Context) error {
	return s.store.EachReturn(ctx, func(r *domain.MonthlyReturn) error { s.put(r); return nil })
}

// Len is how many versions the book holds.
func (s *Service) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	n := 0
	for _, v := range s.book {
		n += len(v)
	}
	return n
}

// put files a version under its original, in order; a version already filed is ignored.
func (s *Service) put(r *domain.MonthlyReturn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := r.OriginalID()
	versions := s.book[key]
	n := 0
	if r.Correction != nil {
		n = r.Correction.N
	}
	for len(versions) <= n {
		versions = append(versions, nil)
	}
	if versions[n] == nil {
		versions[n] = r
	}
	s.book[key] = versions
}

// versions are the original and its corrections up to the first one missing (a correction whose original
// this instance has not seen yet waits for it).
func (s *Service) versions(original string) []*domain.MonthlyReturn {
	s.mu.RLock()
	defer s.mu.RUnlock()
	all := s.book[original]
	for i, v := range all {
		if v == nil {
			return slices.Clone(all[:i])
		}
	}
	return slices.Clone(all)
}

// lookUp reads the versions of these originals that other instances may have stored since (by _id: the
// original, then each next correction until one is missing). Only when the store is shared.
func (s *Service) lookUp(ctx context.Context, originals ...string) error {
	if !s.shared() {
		return nil
	}
	for _, id := range originals {
		have := len(s.versions(id))
		for {
			next := id
			if have > 0 {
				next = domain.CorrectionID(id, have)
			}
			r, err := s.store.GetReturn(ctx, next)
			if errors.Is(err, domain.ErrReturnNotFound) {
				break
			}
			if err != nil {
				return err
			}
			s.put(r)
			have++
		}
	}
	return nil
}

// monthFigures are the figures of townships for the month starting at month, counted now as the resolution
// report counts them (one pass over the case index for all of them).
func (s *Service) monthFigures(region string, month time.Time, now time.Time) map[string]domain.ReportTotals {
	rep := s.index.Resolution(region, domain.LevelTownship, domain.ReturnWindow(month), now)
	out := make(map[string]domain.ReportTotals, len(rep.Rows))
	for _, r := range rep.Rows {
		out[r.Code] = domain.ReportTotals{Disputes: r.Disputes, Petitions: r.Petitions}
	}
	return out
}

// Submit stores the original return of a township for an ended month, with the month's figures as
// counted now.
func (s *Service) Submit(ctx context.Context, by *domain.User, in domain.NewReturnInput) (*domain.MonthlyReturn, error) {
	now := s.now()
	req, err := domain.CheckReturnRequest(in, by, s.regions, now)
	if err != nil {
		return nil, err
	}
	s.write.Lock()
	defer s.write.Unlock()
	id := domain.ReturnID(req.Township.Code, domain.MonthCode(req.Month))
	if err := s.lookUp(ctx, id); err != nil {
		return nil, err
	}
	if len(s.versions(id)) > 0 {
		return nil, domain.ErrReturnSubmitted
	}
	r, err := domain.NewReturn(req, s.monthFigures(req.Township.Code, req.Month, now)[req.Township.Code], by, now)
	if err != nil {
		return nil, err
	}
	detail := fmt.Sprintf("%s %s统计月报", req.Township.Name, domain.MonthName(req.Month))
	if r.ZeroReport {
		detail += "（零报告）"
	}
	if r.Late {
		detail += "（逾期）"
	}
	return r, s.store1(ctx, by, "return_submit", detail, r)
}

// Correct stores the next correction of the return id names (its original or any version), with the
// month's figures as counted now and the reason given. A return outside the caller's region answers
// domain.ErrReturnNotFound, like an unknown one.
func (s *Service) Correct(ctx context.Context, by *domain.User, id string, in domain.CorrectionInput) (*domain.MonthlyReturn, error) {
	if err := domain.CanSubmitReturns(by); err != nil {
		return nil, err
	}
	s.write.Lock()
	defer s.write.Unlock()
	versions, err := s.find(ctx, by, id)
	if err != nil {
		return nil, err
	}
	latest := versions[len(versions)-1]
	month, _ := domain.ParseReturnMonth(latest.Month)
	now := s.now()
	r, err := domain.NewCorrection(latest, in, s.monthFigures(latest.Township, month, now)[latest.Township], by, now)
	if err != nil {
		return nil, err
	}
	detail := fmt.Sprintf("%s %s统计月报第%d次更正：%s", s.regionName(latest.Township), domain.MonthName(month),
		r.Correction.N, r.Correction.Reason)
	err = s.store1(ctx, by, "return_correct", detail, r)
	if errors.Is(err, domain.ErrReturnSubmitted) {
		return nil, domain.ErrCorrectionConflict
	}
	return r, err
}

// store1 audits a new version, stores it and files it. The audit entry is written first: a version whose
// entry cannot be written is not stored; one the store then refuses gets a second entry saying so.
func (s *Service) store1(ctx context.Context, by *domain.User, action, detail string, r *domain.MonthlyReturn) error {
	e := AuditEntry{At: r.SubmittedAt, Actor: by, Action: action, Target: r.ID, Detail: detail, IP: clientIP(ctx),
		Regions: []string{by.RegionCode, r.Township}}
	if err := s.audit(ctx, e); err != nil {
		return err
	}
	if err := s.store.InsertReturn(ctx, r); err != nil {
		e.Action, e.Detail = action+"_failed", detail+"：未能保存"
		_ = s.audit(context.WithoutCancel(ctx), e) // best effort: the failure itself is what the caller reports
		return err
	}
	s.put(r)
	return nil
}

// find reads the versions of the return id names (the original's id or a correction's), for the caller:
// none, or a township outside the caller's region, answers domain.ErrReturnNotFound.
func (s *Service) find(ctx context.Context, by *domain.User, id string) ([]*domain.MonthlyReturn, error) {
	original, ok := originalOf(id)
	if !ok {
		return nil, domain.ErrReturnNotFound
	}
	township, _, _ := strings.Cut(original, "-")
	if by == nil || !s.regions.Contains(by.RegionCode, township) {
		return nil, domain.ErrReturnNotFound
	}
	if err := s.lookUp(ctx, original); err != nil {
		return nil, err
	}
	versions := s.versions(original)
	if len(versions) == 0 || !knows(versions, id) {
		return nil, domain.ErrReturnNotFound
	}
	return versions, nil
}

// originalOf reads the original's id out of a version's id: township-YYYY-MM, optionally -cN.
func originalOf(id string) (string, bool) {
	township, rest, ok := strings.Cut(id, "-")
	if !ok || len(rest) < 7 {
		return "", false
	}
	if _, ok := domain.ParseReturnMonth(rest[:7]); !ok {
		return "", false
	}
	if tail := rest[7:]; tail != "" && !isCorrectionSuffix(tail) {
		return "", false
	}
	return township + "-" + rest[:7], true
}

func isCorrectionSuffix(s string) bool {
	n, ok := strings.CutPrefix(s, "-c")
	if !ok || n == "" || n[0] == '0' || len(n) > 6 {
		return false
	}
	for _, r := range n {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func knows(versions []*domain.MonthlyReturn, id string) bool {
	for _, v := range versions {
		if v.ID == id {
			return true
		}
	}
	return false
}

func (s *Service) regionName(code string) string {
	if r, ok := s.regions.Get(code); ok {
		return r.Name
	}
	return code
}

// History answers one return for the caller: every version of it, and the month's figures counted now
// against the latest.
func (s *Service) History(ctx context.Context, by *domain.User, id string) (domain.ReturnHistory, error) {
	versions, err := s.find(ctx, by, id)
	if err != nil {
		return domain.ReturnHistory{}, err
	}
	latest := versions[len(versions)-1]
	town, _ := s.regions.Get(latest.Township)
	month, _ := domain.ParseReturnMonth(latest.Month)
	now := s.now()
	live := s.monthFigures(latest.Township, month, now)[latest.Township]
	return domain.ReturnHistory{Township: domain.RefOf(town), Month: latest.Month, Status: domain.StatusOf(versions[0]),
		Versions: versions, Live: live, Changes: domain.FigureChanges(latest.Figures, live), GeneratedAt: now}, nil
}

// Board answers the returns of every township inside region for the month starting at month (an ended
// month), with the region's return assembled from them. The region must lie inside the caller's.
func (s *Service) Board(ctx context.Context, by *domain.User, region string, month time.Time) (domain.ReturnBoard, error) {
	r, ok := s.regions.Get(region)
	if !ok || by == nil || !s.regions.Contains(by.RegionCode, region) {
		return domain.ReturnBoard{}, domain.ErrOutOfRegion
	}
	towns := s.regions.Townships(region)
	code := domain.MonthCode(month)
	ids := make([]string, len(towns))
	for i, t := range towns {
		ids[i] = domain.ReturnID(t.Code, code)
	}
	if err := s.lookUp(ctx, ids...); err != nil {
		return domain.ReturnBoard{}, err
	}
	now := s.now()
	live := s.monthFigures(region, month, now)
	rows := make([]domain.ReturnRow, len(towns))
	for i, t := range towns {
		rows[i] = domain.NewReturnRow(t, month, s.versions(ids[i]), live[t.Code])
	}
	return domain.BuildReturnBoard(s.regions, r, month, rows, now), nil
}

// Months answers a township's returns for every ended month of a year, with the figures counted now.
func (s *Service) Months(ctx context.Context, by *domain.User, township string, year int) (domain.ReturnMonths, error) {
	t, ok := s.regions.Get(township)
	if !ok || t.Level != domain.LevelTownship {
		return domain.ReturnMonths{}, domain.ErrBadRequest.WithMessage("乡镇（township）应为乡镇（街道）代码：" + township)
	}
	if by == nil || !s.regions.Contains(by.RegionCode, township) {
		return domain.ReturnMonths{}, domain.ErrOutOfRegion
	}
	now := s.now()
	out := domain.ReturnMonths{Township: domain.RefOf(t), Year: year, GeneratedAt: now, Rows: []domain.ReturnRow{}}
	from := time.Date(year, 1, 1, 0, 0, 0, 0, domain.Shanghai)
	to := from.AddDate(1, 0, 0)
	if this := domain.MonthStart(now); this.Before(to) {
		to = this // ended months only
	}
	if !from.Before(to) {
		return out, nil
	}
	var ids []string
	for m := from; m.Before(to); m = m.AddDate(0, 1, 0) {
		ids = append(ids, domain.ReturnID(township, domain.MonthCode(m)))
	}
	if err := s.lookUp(ctx, ids...); err != nil {
		return domain.ReturnMonths{}, err
	}
	rep := s.index.ResolutionByMonth(township, domain.Window{From: from, To: to}, now)
	for i, row := range rep.Rows {
		m := from.AddDate(0, i, 0)
		live := domain.ReportTotals{Disputes: row.Disputes, Petitions: row.Petitions}
		r := domain.NewReturnRow(t, m, s.versions(ids[i]), live)
		r.Live = &live
		out.Rows = append(out.Rows, r)
	}
	return out, nil
}
