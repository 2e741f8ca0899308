package caseindex

import (
	"bytes"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"time"

	"pingan/domain"
)

// Filter narrows a case list (GET /cases). Empty fields do not filter.
type Filter struct {
	Kind       string
	Status     string
	Township   string
	County     string
	Category   string
	RiskLevel  string
	Warning    string // "due_soon" or "overdue" (domain.WarningLevel)
	Overdue    bool   // only overdue cases (domain.IsOverdue)
	Supervised bool   // only open cases awaiting feedback on a 督办
	Batch      string // only backlog petition cases of this 交办批次
	Q          string // case-insensitive substring of the title, the case number or a party name
	Window     domain.Window
	// Sort is "" or "registeredAt" (newest first) or "dueAt" (soonest due first, none last); ties go
	// newest registeredAt first, then by ID descending.
	Sort     string
	Page     int // from 1
	PageSize int // default 20
}

// Sort orders of Filter.Sort.
const (
	SortRegisteredAt = "registeredAt"
	SortDueAt        = "dueAt"
)

// DefaultPageSize is the page size when Filter.PageSize is 0.
const DefaultPageSize = 20

// plan is a filter compiled against the index: lookup tables instead of string comparisons.
type plan struct {
	stateOK  [256]bool
	running  [256]bool // deadlines run in this state (domain.DeadlineRunning)
	townOK   []bool    // by township position; the unknown position is never OK
	region   string    // the scope's region: a dispute held above its township must be held inside it
	lo, hi   int64     // registeredAt window in ms
	category int       // interned code, -1 = any
	risk     int
	flags    uint8 // flags every match must have
	overdue  bool
	warning  domain.Warning
	batch    string // "" = any
	q        *query
}

// scopePlan allows the kinds and townships the scope covers; ok is false when it covers nothing.
func (ix *Index) scopePlan(scope domain.Scope) (p *plan, ok bool) {
	p = &plan{lo: math.MinInt64, hi: math.MaxInt64, category: -1, risk: -1, townOK: make([]bool, len(ix.towns)+1)}
	if scope.RegionCode == "" {
		return p, false
	}
	p.region = scope.RegionCode
	for i, t := range ix.towns {
		p.townOK[i] = ix.regions.Contains(scope.RegionCode, t.Code)
	}
	for st := range ix.states.kinds {
		k := ix.states.kinds[st]
		p.stateOK[st] = scope.AllowsKind(k)
		p.running[st] = domain.DeadlineRunning(k, ix.states.statuses[st])
	}
	return p, true
}

func (p *plan) window(w domain.Window) {
	if !w.From.IsZero() {
		p.lo = w.From.UnixMilli()
	}
	if !w.To.IsZero() {
		p.hi = w.To.UnixMilli()
	}
}

// compile turns a scope and a filter into a plan; ok is false when nothing can match.
func (ix *Index) compile(scope domain.Scope, f Filter) (*plan, bool) {
	p, ok := ix.scopePlan(scope)
	if !ok {
		return p, false
	}
	p.window(f.Window)
	for st := range ix.states.kinds {
		if (f.Kind != "" && string(ix.states.kinds[st]) != f.Kind) ||
			(f.Status != "" && string(ix.states.statuses[st]) != f.Status) {
			p.stateOK[st] = false
		}
	}
	if f.Township != "" || f.County != "" {
		for i, t := range ix.towns {
			if (f.Township != "" && t.Code != f.Township) || (f.County != "" && ix.townCounty[i] != f.County) {
				p.townOK[i] = false
			}
		}
	}
	for _, c := range []struct {
		value string
		d     *dict
		dst   *int
	}{{f.Category, &ix.categories, &p.category}, {f.RiskLevel, &ix.risks, &p.risk}} {
		if c.value == "" {
			continue
		}
		code, known := c.d.codes[c.value]
		if !known {
			return p, false
		}
		*c.dst = int(code)
	}
	if f.Supervised {
		p.flags |= flagSupervised
	}
	p.overdue = f.Overdue
	p.warning = domain.Warning(f.Warning)
	if p.batch = f.Batch; p.batch != "" { // batches are petitions'
		for st := range p.stateOK {
			p.stateOK[st] = p.stateOK[st] && ix.states.kinds[st] == domain.KindPetition
		}
	}
	if p.overdue || p.warning != "" { // only running deadlines can be overdue or due soon
		for st := range p.stateOK {
			p.stateOK[st] = p.stateOK[st] && p.running[st]
		}
	}
	if f.Q != "" {
		q := newQuery(f.Q)
		if q.number {
			q.ids = ix.numberMatches(q.needle, p.townOK, len(ix.regAt))
		}
		p.q = &q
	}
	return p, true
}

// matchRest checks the filters beyond state, township and window (plan.rest).
func (ix *Index) matchRest(p *plan, i int, now time.Time, threshold float64) bool {
	if !ix.heldOK(p.region, i) {
		return false
	}
	if (p.category >= 0 && int(ix.category[i]) != p.category) || (p.risk >= 0 && int(ix.risk[i]) != p.risk) ||
		ix.flags[i]&p.flags != p.flags {
		return false
	}
	if p.overdue || p.warning != "" {
		st, due := ix.state[i], ix.dueAt[i]
		if !p.running[st] || due == 0 {
			return false
		}
		k, s := ix.states.kinds[st], ix.states.statuses[st]
		if p.overdue && !domain.IsOverdue(k, s, timeOf(due), now) {
			return false
		}
		if p.warning != "" && domain.WarningLevel(k, s, timeOf(ix.termStart(i)), timeOf(due), now, threshold) != p.warning {
			return false
		}
	}
	if p.batch != "" && ix.petition[uint32(i)].batch != p.batch {
		return false
	}
	if q := p.q; q != nil && (q.ids == nil || !hasBit(q.ids, i)) {
		if !ix.sigs[i].covers(q.sig) || !bytes.Contains(ix.span(uint32(i)), q.needle) {
			return false
		}
	}
	return true
}

// List returns one page of the cases inside scope that pass the filter, and how many pass in all. The scope
// is mandatory: only cases whose township lies inside scope.RegionCode and whose kind it allows are seen.
func (ix *Index) List(scope domain.Scope, f Filter, now time.Time, warnThreshold float64) (items []Summary, total int) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	p, ok := ix.compile(scope, f)
	if !ok {
		return []Summary{}, 0
	}
	page, size := max(f.Page, 1), f.PageSize
	if size <= 0 {
		size = DefaultPageSize
	}
	n := len(ix.regAt)
	need := n
	if page <= n/size { // page*size <= n without overflow
		need = page * size
	}
	// a large index is scanned in parts, one per CPU (at most 4); the parts' pages merge into one
	parts := 1
	if n >= parallelScanMin {
		parts = min(runtime.GOMAXPROCS(0), 4)
	}
	tops := make([]*top, parts)
	totals := make([]int, parts)
	var wg sync.WaitGroup
	for k := range parts {
		tops[k] = ix.newTop(f.Sort, need)
		wg.Go(func() {
			totals[k] = ix.scan(p, tops[k], k*n/parts, (k+1)*n/parts, now, warnThreshold)
		})
	}
	wg.Wait()
	top := tops[0]
	for k := 1; k < parts; k++ {
		for _, slot := range tops[k].h {
			top.offer(slot)
		}
	}
	for _, t := range totals {
		total += t
	}
	sorted := top.sorted()
	from := len(sorted)
	if page-1 <= n/size {
		from = min((page-1)*size, len(sorted))
	}
	items = make([]Summary, 0, len(sorted)-from)
	for _, slot := range sorted[from:] {
		items = append(items, ix.summary(slot))
	}
	return items, total
}

// parallelScanMin is the index size from which List scans in parallel (a variable for the tests).
var parallelScanMin = 1 << 17

// scan offers the matching slots in [from, to) to t and returns how many match.
func (ix *Index) scan(p *plan, t *top, from, to int, now time.Time, warnThreshold float64) (total int) {
	if p.q != nil && p.q.hasDigit {
		return ix.scanNumber(p, t, from, to, now, warnThreshold)
	}
	rest := p.category >= 0 || p.risk >= 0 || p.flags != 0 || p.overdue || p.warning != "" || p.batch != "" || p.q != nil
	held := len(ix.held) > 0 // only then can a case be held above its township (flagHeld)
	stateOK, townOK := &p.stateOK, p.townOK
	state, town, regAt, sigs, flags := ix.state[from:to], ix.town[from:to], ix.regAt[from:to], ix.sigs[from:to], ix.flags[from:to]
	lo, hi := p.lo, p.hi
	windowed := lo != math.MinInt64 || hi != math.MaxInt64
	var qsig sig // the text signature every match must cover, checked inline: it rejects most cases
	if p.q != nil {
		qsig = p.q.sig
	}
	text := qsig != sig{}
	byReg := !t.byDue
	oldest := int64(math.MinInt64) // with the page full and sorted by registeredAt, older cases cannot enter
	// Backwards: slots fill in load order, which is mostly registration order, so the newest come first and
	// the page fills early; forwards, every case would be newer than the page's oldest and churn the heap.
	for j := len(state) - 1; j >= 0; j-- {
		if !stateOK[state[j]] || !townOK[town[j]] ||
			windowed && (regAt[j] < lo || regAt[j] >= hi) || text && !sigs[j].covers(qsig) {
			continue
		}
		i := from + j
		if held && flags[j]&flagHeld != 0 && !ix.heldOK(p.region, i) {
			continue
		}
		if rest && !ix.matchRest(p, i, now, warnThreshold) {
			continue
		}
		total++
		if byReg && regAt[j] < oldest {
			continue
		}
		if t.offer(uint32(i)) && byReg {
			oldest = ix.regAt[t.h[0]]
		}
	}
	return total
}

// scanNumber is scan for a query of digits and hyphens with a digit: only the cases whose number contains
// it (p.q.ids) and the cases with a digit elsewhere in their text can match, so it visits just those.
func (ix *Index) scanNumber(p *plan, t *top, from, to int, now time.Time, warnThreshold float64) (total int) {
	ids, digitText := p.q.ids, ix.digitText
	for w := from / 64; w*64 < to; w++ {
		word := ids[w] | digitText[w]
		if lo := from - w*64; lo > 0 {
			word &^= 1<<lo - 1
		}
		if hi := to - w*64; hi < 64 {
			word &= 1<<hi - 1
		}
		for ; word != 0; word &= word - 1 {
			i := w*64 + bits.TrailingZeros64(word)
			if r := ix.regAt[i]; !p.stateOK[ix.state[i]] || !p.townOK[ix.town[i]] || r < p.lo || r >= p.hi ||
				!ix.matchRest(p, i, now, warnThreshold) {
				continue
			}
			total++
			t.offer(uint32(i))
		}
	}
	return total
}

// top keeps the first k slots in list order seen so far: a heap whose root is the last of them.
type top struct {
	ix    *Index
	k     int
	byDue bool
	h     []uint32
}

func (ix *Index) newTop(sort string, k int) *top {
	return &top{ix: ix, k: k, byDue: sort == SortDueAt, h: make([]uint32, 0, min(k, 1024))}
}

// before reports whether slot a comes before slot b in the list.
func (t *top) before(a, b uint32) bool {
	ix := t.ix
	if t.byDue {
		da, db := dueKey(ix.dueAt[a]), dueKey(ix.dueAt[b])
		if da != db {
			return da < db
		}
	}
	if ra, rb := ix.regAt[a], ix.regAt[b]; ra != rb {
		return ra > rb
	}
	return bytes.Compare(ix.id(a), ix.id(b)) > 0
}

func dueKey(ms int64) int64 {
	if ms == 0 {
		return math.MaxInt64
	}
	return ms
}

// offer considers a slot for the page; it reports whether the heap is full.
func (t *top) offer(slot uint32) bool {
	if t.k == 0 {
		return true
	}
	if len(t.h) < t.k {
		t.h = append(t.h, slot)
		t.up(len(t.h) - 1)
		return len(t.h) == t.k
	}
	if t.before(slot, t.h[0]) {
		t.h[0] = slot
		t.down(0)
	}
	return true
}

// the heap's root is the slot that comes last ("after" = higher priority in the heap)
func (t *top) up(i int) {
	for i > 0 {
		parent := (i - 1) / 2
		if !t.before(t.h[parent], t.h[i]) {
			return
		}
		t.h[parent], t.h[i] = t.h[i], t.h[parent]
		i = parent
	}
}

func (t *top) down(i int) {
	n := len(t.h)
	for {
		last, l, r := i, 2*i+1, 2*i+2
		if l < n && t.before(t.h[last], t.h[l]) {
			last = l
		}
		if r < n && t.before(t.h[last], t.h[r]) {
			last = r
		}
		if last == i {
			return
		}
		t.h[i], t.h[last] = t.h[last], t.h[i]
		i = last
	}
}

func (t *top) sorted() []uint32 {
	slices.SortFunc(t.h, func(a, b uint32) int {
		switch {
		case t.before(a, b):
			return -1
		case t.before(b, a):
			return 1
		}
		return 0
	})
	return t.h
}
