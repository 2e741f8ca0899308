package domain

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"time"
)

// HazardIndex holds every hazard in memory, newest found first: loaded at start, replaced on every write, so
// lists, search, counts and the per-township summary never query the store (docs/STORE.md). Hazards are
// stored whole (they are far fewer than cases); a hazard in the index is never changed, only replaced.
type HazardIndex struct {
	mu      sync.RWMutex
	regions *RegionTree
	byID    map[string]*hazardEntry
	order   []*hazardEntry // FoundAt descending, then ID descending
}

type hazardEntry struct {
	h    *Hazard
	text string // lower-cased searchable text
}

// NewHazardIndex makes an index holding hazards (in any order).
func NewHazardIndex(regions *RegionTree, hazards []*Hazard) *HazardIndex {
	x := &HazardIndex{regions: regions, byID: make(map[string]*hazardEntry, len(hazards))}
	for _, h := range hazards {
		e := &hazardEntry{h: h, text: hazardText(h)}
		x.byID[h.ID] = e
		x.order = append(x.order, e)
	}
	slices.SortFunc(x.order, hazardNewerFirst)
	return x
}

func hazardNewerFirst(a, b *hazardEntry) int {
	if c := b.h.FoundAt.Compare(a.h.FoundAt); c != 0 {
		return c
	}
	return cmp.Compare(b.h.ID, a.h.ID)
}

func hazardText(h *Hazard) string {
	return strings.ToLower(strings.Join([]string{h.ID, h.Title, h.Description, h.Place, h.People, h.FoundBy,
		h.Assessment}, "\x00"))
}

// Put keeps h unless the index already holds a newer version of it.
func (x *HazardIndex) Put(h *Hazard) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if e, ok := x.byID[h.ID]; ok {
		if newer(h.Seq, h.Version, e.h.Seq, e.h.Version) {
			e.h, e.text = h, hazardText(h)
		}
		return
	}
	e := &hazardEntry{h: h, text: hazardText(h)}
	x.byID[h.ID] = e
	i, _ := slices.BinarySearchFunc(x.order, e, hazardNewerFirst)
	x.order = slices.Insert(x.order, i, e)
}

// Get returns the hazard with this id.
func (x *HazardIndex) Get(id string) (*Hazard, bool) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	e, ok := x.byID[id]
	if !ok {
		return nil, false
	}
	return e.h, true
}

// Len is the number of hazards.
func (x *HazardIndex) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.order)
}

// HazardFilter selects hazards: Region is the caller's scope (required); the rest narrow it.
type HazardFilter struct {
	Region   string
	Township string
	County   string
	Status   string
	Level    string
	Type     string
	Overdue  bool
	Q        string
	Now      time.Time
}

// List answers one page of the hazards the filter selects, newest found first, and how many it selects.
func (x *HazardIndex) List(f HazardFilter, page, pageSize int) ([]*Hazard, int) {
	q := strings.ToLower(strings.TrimSpace(f.Q))
	x.mu.RLock()
	defer x.mu.RUnlock()
	first, total := (page-1)*pageSize, 0
	out := []*Hazard{}
	everywhere := f.Region == x.regions.Root().Code
	for _, e := range x.order {
		h := e.h
		switch {
		case f.Township != "" && h.TownshipCode != f.Township,
			f.County != "" && h.CountyCode != f.County,
			f.Status != "" && string(h.Status) != f.Status,
			f.Level != "" && h.Level != f.Level,
			f.Type != "" && h.Type != f.Type,
			f.Overdue && !h.Overdue(f.Now),
			q != "" && !strings.Contains(e.text, q),
			!everywhere && !x.regions.Contains(f.Region, h.TownshipCode):
			continue
		}
		if total >= first && len(out) < pageSize {
			out = append(out, h)
		}
		total++
	}
	return out, total
}

// HazardCounts are the figures of one township (or the total) of the per-township summary: open, under
// rectification, awaiting check and overdue as they stand now (截至今日); registered, cleared (销号) and
// reopened (复发) by the date each happened, in the window.
type HazardCounts struct {
	Open       int `json:"open"`
	Rectifying int `json:"rectifying"`
	Checking   int `json:"checking"`
	Overdue    int `json:"overdue"`
	Red        int `json:"red"`
	Registered int `json:"registered"`
	Cleared    int `json:"cleared"`
	Reopened   int `json:"reopened"`
	// Listed: items listed for supervision (挂牌督办) in the township and not delisted, now.
	Listed int `json:"listed"`
}

func (c *HazardCounts) add(o HazardCounts) {
	c.Open += o.Open
	c.Rectifying += o.Rectifying
	c.Checking += o.Checking
	c.Overdue += o.Overdue
	c.Red += o.Red
	c.Registered += o.Registered
	c.Cleared += o.Cleared
	c.Reopened += o.Reopened
	c.Listed += o.Listed
}

// HazardSummaryRow is one township of the summary.
type HazardSummaryRow struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	ParentCode string `json:"parentCode"`
	HazardCounts
}

// HazardSummary is every township under a region with its counts, zeros included, ordered by code.
type HazardSummary struct {
	Rows   []HazardSummaryRow `json:"rows"`
	Totals HazardCounts       `json:"totals"`
}

// Summary counts the hazards of every township under region (events count when the window contains them)
// and, from listed, the items listed for supervision in each township.
func (x *HazardIndex) Summary(region string, w Window, now time.Time, listed map[string]int) HazardSummary {
	towns := x.regions.Townships(region)
	rows := make([]HazardSummaryRow, len(towns))
	at := make(map[string]int, len(towns))
	for i, t := range towns {
		rows[i] = HazardSummaryRow{Code: t.Code, Name: t.Name, ParentCode: t.ParentCode}
		rows[i].Listed = listed[t.Code]
		at[t.Code] = i
	}
	x.mu.RLock()
	for _, e := range x.order {
		h := e.h
		i, ok := at[h.TownshipCode]
		if !ok {
			continue
		}
		c := &rows[i].HazardCounts
		if h.Open() {
			c.Open++
			if h.Level == "red" {
				c.Red++
			}
		}
		switch h.Status {
		case HazardRectifying:
			c.Rectifying++
		case HazardChecking:
			c.Checking++
		}
		if h.Overdue(now) {
			c.Overdue++
		}
		for _, ev := range h.Timeline {
			if !w.Contains(ev.At) {
				continue
			}
			switch ev.Action {
			case "register":
				c.Registered++
			case "pass":
				c.Cleared++
			case "reopen":
				c.Reopened++
			}
		}
	}
	x.mu.RUnlock()
	s := HazardSummary{Rows: rows}
	for _, r := range rows {
		s.Totals.add(r.HazardCounts)
	}
	return s
}

// WorkTodoItem is one hazard or listing on a user's to-do list.
type WorkTodoItem struct {
	Reason string `json:"reason"`
	// Kind is hazard or listing; ID, Title and TownshipCode name it; Due is the date it is about.
	Kind         string    `json:"kind"`
	ID           string    `json:"id"`
	Title        string    `json:"title"`
	TownshipCode string    `json:"townshipCode"`
	Level        string    `json:"level,omitempty"`
	Due          time.Time `json:"due"`
}

// Todo lists the hazards on the user's to-do list: the township's own hazards under rectification that are
// overdue or due soon (for its users), and hazards awaiting 验收 (for users of the county above them).
func (x *HazardIndex) Todo(u *User, now time.Time, threshold float64) []WorkTodoItem {
	out := []WorkTodoItem{}
	x.mu.RLock()
	defer x.mu.RUnlock()
	for _, e := range x.order {
		h := e.h
		item := WorkTodoItem{Kind: "hazard", ID: h.ID, Title: h.Title, TownshipCode: h.TownshipCode, Level: h.Level}
		switch {
		case u.RegionCode == h.TownshipCode && u.Role != RoleLeader:
			switch h.Warning(now, threshold) {
			case WarningOverdue:
				item.Reason = "hazard_overdue"
			case WarningDueSoon:
				item.Reason = "hazard_due_soon"
			default:
				continue
			}
			item.Due = h.Rectification.Deadline
		case u.RegionCode == h.CountyCode && h.Status == HazardChecking:
			item.Reason, item.Due = "hazard_to_check", lastStep(h.Timeline)
		default:
			continue
		}
		out = append(out, item)
	}
	return out
}

// ListingBook holds every listing in memory (they are few: a city lists tens a year), loaded at start and
// replaced on every write.
type ListingBook struct {
	mu      sync.RWMutex
	regions *RegionTree
	byID    map[string]*Listing
}

// NewListingBook makes a book of listings.
func NewListingBook(regions *RegionTree, listings []*Listing) *ListingBook {
	b := &ListingBook{regions: regions, byID: make(map[string]*Listing, len(listings))}
	for _, l := range listings {
		b.byID[l.ID] = l
	}
	return b
}

// Put keeps l unless the book holds a newer version.
func (b *ListingBook) Put(l *Listing) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if old, ok := b.byID[l.ID]; ok && !newer(l.Seq, l.Version, old.Seq, old.Version) {
		return
	}
	b.byID[l.ID] = l
}

// Get returns the listing with this id.
func (b *ListingBook) Get(id string) (*Listing, bool) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	l, ok := b.byID[id]
	return l, ok
}

// OpenFor returns the listing of the target not yet delisted, if any.
func (b *ListingBook) OpenFor(target ListingTarget, township, hazardID string) (*Listing, bool) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	for _, l := range b.byID {
		if l.Status == ListingListed && l.Target == target &&
			((target == ListingTownship && l.TownshipCode == township) || (target == ListingHazard && l.HazardID == hazardID)) {
			return l, true
		}
	}
	return nil, false
}

// ListedByTownship counts the items listed and not delisted, by the target's township.
func (b *ListingBook) ListedByTownship() map[string]int {
	b.mu.RLock()
	defer b.mu.RUnlock()
	out := map[string]int{}
	for _, l := range b.byID {
		if l.Status == ListingListed {
			out[l.TownshipCode]++
		}
	}
	return out
}

// OfHazard lists the listings of a hazard, newest first.
func (b *ListingBook) OfHazard(id string) []*Listing {
	b.mu.RLock()
	out := []*Listing{}
	for _, l := range b.byID {
		if l.HazardID == id {
			out = append(out, l)
		}
	}
	b.mu.RUnlock()
	slices.SortFunc(out, func(a, c *Listing) int { return c.ListedAt.Compare(a.ListedAt) })
	return out
}

// ListingFilter selects listings on the board: Region is the caller's scope.
type ListingFilter struct {
	Region  string
	Level   string
	Status  string
	Target  string
	Overdue bool
	Q       string
	Now     time.Time
}

// ListingLevelCounts are the board's counts of one level.
type ListingLevelCounts struct {
	Level    string `json:"level"`
	Listed   int    `json:"listed"`
	Overdue  int    `json:"overdue"`
	Delisted int    `json:"delisted"`
}

// Board lists the listings the filter selects: overdue ones first, then by level (省级, 市级, 县级), then by
// deadline (nearest first); delisted ones last, latest delisted first. With the counts per level of every
// listing in the caller's scope.
func (b *ListingBook) Board(f ListingFilter) ([]*Listing, []ListingLevelCounts) {
	q := strings.ToLower(strings.TrimSpace(f.Q))
	counts := make([]ListingLevelCounts, len(ListingLevels))
	for i, o := range ListingLevels {
		counts[i].Level = o.Code
	}
	out := []*Listing{}
	b.mu.RLock()
	for _, l := range b.byID {
		if !b.regions.Contains(f.Region, l.TownshipCode) {
			continue
		}
		c := &counts[listingLevelRank(l.Level)]
		switch {
		case l.Status == ListingDelisted:
			c.Delisted++
		case l.Overdue(f.Now):
			c.Overdue++
			c.Listed++
		default:
			c.Listed++
		}
		switch {
		case f.Level != "" && string(l.Level) != f.Level,
			f.Status != "" && string(l.Status) != f.Status,
			f.Target != "" && string(l.Target) != f.Target,
			f.Overdue && !l.Overdue(f.Now),
			q != "" && !strings.Contains(strings.ToLower(l.ID+"\x00"+l.Title+"\x00"+l.Requirements+"\x00"+l.Notice), q):
			continue
		}
		out = append(out, l)
	}
	b.mu.RUnlock()
	rank := func(l *Listing) int {
		switch {
		case l.Overdue(f.Now):
			return 0
		case l.Status == ListingListed:
			return 1
		}
		return 2
	}
	slices.SortFunc(out, func(a, c *Listing) int {
		if d := cmp.Compare(rank(a), rank(c)); d != 0 {
			return d
		}
		if rank(a) == 2 {
			return cmp.Or(c.DelistedAt.Compare(*a.DelistedAt), cmp.Compare(a.ID, c.ID))
		}
		return cmp.Or(cmp.Compare(listingLevelRank(a.Level), listingLevelRank(c.Level)), a.Deadline.Compare(c.Deadline),
			cmp.Compare(a.ID, c.ID))
	})
	return out, counts
}

// Todo lists the listings on the user's to-do list: for the listed unit's staff, progress due (within
// ListingReportGrace of the next report) or the deadline passed; for the lister's region, items past their
// deadline and not delisted.
func (b *ListingBook) Todo(u *User, now time.Time) []WorkTodoItem {
	out := []WorkTodoItem{}
	b.mu.RLock()
	defer b.mu.RUnlock()
	for _, l := range b.byID {
		if l.Status != ListingListed {
			continue
		}
		item := WorkTodoItem{Kind: "listing", ID: l.ID, Title: l.Title, TownshipCode: l.TownshipCode, Level: string(l.Level)}
		switch {
		case u.RegionCode == l.TownshipCode && u.Role != RoleLeader && l.Overdue(now):
			item.Reason, item.Due = "listing_overdue", l.Deadline
		case u.RegionCode == l.TownshipCode && u.Role != RoleLeader && !now.Before(l.ProgressDue().Add(-ListingReportGrace)):
			item.Reason, item.Due = "listing_progress_due", l.ProgressDue()
		case u.RegionCode == l.ListerRegion && l.Overdue(now):
			item.Reason, item.Due = "listing_past_deadline", l.Deadline
		default:
			continue
		}
		out = append(out, item)
	}
	slices.SortFunc(out, func(a, c WorkTodoItem) int { return cmp.Or(a.Due.Compare(c.Due), cmp.Compare(a.ID, c.ID)) })
	return out
}
