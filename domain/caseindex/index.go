// Package caseindex is the in-memory index of every case: compact summaries that answer lists, search,
// counts, reports and to-do lists in milliseconds at a million cases. The store feeds it one Put per stored
// case at start and one Put after every successful write; nothing else changes it.
//
// Layout: one slot per case, columns of fixed-size values (struct of arrays) so that a pass over a million
// cases reads only the bytes its question needs; enums are interned to uint8, times kept as int64 Unix
// milliseconds (the store's precision; 0 = none), townships as uint16 positions in the region tree. Rare
// fields (petition details, open supervisions, follow-up deadlines) sit in side tables keyed by slot.
package caseindex

import (
	"bytes"
	"strings"
	"sync"
	"time"

	"pingan/domain"
)

const (
	flagSupervised = 1 << iota // an open case with an unanswered supervision (督办)
	flagFollowUp               // a dispute closed with a follow-up visit
	flagOrigText               // folding changed the text: the original fields are in Index.origText
	flagFacts                  // the dispute has facts beyond the columns: Index.disputeExtra
	flagHeld                   // a dispute held by a committee above its township: Index.held
	// the facts the actions' guards read (domain.GuardFacts), by kind
	flagGuard1 // a dispute referred in; a petition with a 处理意见书 on record
	flagGuard2 // a dispute resolved with a written agreement (concluded at concludedAt); a petition with an open 复查/复核
	flagGuard3 // a dispute whose agreement the last visit found partly or not performed
)

// guardFlags packs a case's guard facts into its flags.
func guardFlags(kind domain.Kind, f domain.GuardFacts) uint8 {
	var flags uint8
	set := func(on bool, flag uint8) {
		if on {
			flags |= flag
		}
	}
	if kind == domain.KindDispute {
		set(f.Referral, flagGuard1)
		set(f.WrittenAgreement, flagGuard2)
		set(f.Unperformed, flagGuard3)
	} else {
		set(f.Opinion, flagGuard1)
		set(f.OpenReview, flagGuard2)
	}
	return flags
}

// guardFacts unpacks them (the conclusion time from its column).
func (ix *Index) guardFacts(slot uint32, kind domain.Kind) domain.GuardFacts {
	fl := ix.flags[slot]
	if kind == domain.KindDispute {
		f := domain.GuardFacts{Referral: fl&flagGuard1 != 0, WrittenAgreement: fl&flagGuard2 != 0, Unperformed: fl&flagGuard3 != 0}
		if f.WrittenAgreement {
			f.ConcludedAt = timeOf(ix.concludedAt[slot])
		}
		return f
	}
	f := domain.GuardFacts{Opinion: fl&flagGuard1 != 0, OpenReview: fl&flagGuard2 != 0}
	if r := ix.petition[slot].receivedAt; r != 0 {
		f.ReceivedAt = timeOf(r)
	}
	return f
}

// Index holds the summaries of all cases. It is safe for concurrent use: many readers, one writer.
type Index struct {
	mu sync.RWMutex

	regions     *domain.RegionTree
	towns       []*domain.Region // township position → region, ordered by code
	townPos     map[string]uint16
	townCounty  []string // township position → county code
	unknownTown uint16   // the position of townships the tree does not know

	// IDs are case numbers {township}-{year}-{seq:06}, numbered densely per township and year: a table per
	// (township, year) indexed by seq finds the slot in 4 bytes per case. IDs of other forms, and sparse
	// sequence numbers, go to byOther.
	bySeq   map[uint32][]uint32 // townPos<<14 | year → seq → slot+1 (0 = none)
	byOther map[string]uint32
	maxSeq  int64

	// columns, one entry per slot
	regAt      []int64
	acceptedAt []int64
	dueAt      []int64
	closedAt   []int64
	performBy  []int64
	version    []int32
	textAt     []uint32 // offset of the case's span in arena
	textLen    []uint16 // its length without the end byte; longSpan = look for the end byte
	sigs       []sig
	town       []uint16
	state      []uint8 // interned kind+status (states)
	outcome    []uint8
	category   []uint8
	risk       []uint8
	satis      []uint8 // the first follow-up visit: 0 = none, else 1 + the interned satisfaction
	// the dated facts the figures count (domain.DisputeFacts), disputes only
	concludedAt []int64  // the first resolve or fail; for a dispute rejected unaccepted, the rejection
	visitAfter  []uint32 // the first follow-up visit, in ms after concludedAt; noVisit: none, or in disputeMore
	amount      []uint32 // the agreement's amount in fen, resolved disputes; amountAside: in disputeMore
	parties     []uint8  // 当事人人数 (capped at 255)
	people      []uint16
	flags       []uint8
	used        []domain.OnceSet // the once-only actions the case has used
	blocks      []blockSpan      // per blockSlots slots: what the figures' pass may skip (blocks.go)

	arena     []byte
	deadBytes int
	// digitText marks (a bit per slot) the cases whose text in the signature holds a digit: the only cases
	// besides case-number matches that a query of digits and hyphens can find.
	digitText []uint64

	states     stateDict
	outcomes   dict
	categories dict
	risks      dict
	sats       dict

	// side tables keyed by slot
	origText    map[uint32][]string
	supervision map[uint32]supervision
	petition    map[uint32]petitionExtra
	// petitionFacts lists the dated events of every petition case densely, for the figures' pass (ranging
	// over a map of large values costs more than the counting); petitionExtra.factsAt is the position.
	petitionFacts []petitionFacts
	followDue     map[uint32]int64 // resolved disputes: when the follow-up visit falls due
	disputeMore   map[uint32]*disputeExtra
	strayTown     map[uint32][2]string // township and county code of cases outside the tree
	// moved are the numbered cases (slot → number) held now by a township other than the one in their number
	// (a petition 改交 elsewhere): the number search, which walks only the tables of the townships in scope,
	// looks at these too.
	moved map[uint32]string
	// closedUnanswered are the closed cases whose last 督办 was never answered: no longer 督办中, but its
	// feedback may still be given (domain.CaseState.OpenSupervision).
	closedUnanswered map[uint32]struct{}
	// held is the region of the committee holding a dispute moved above its township (domain.Case.HeldIn):
	// the case is seen there, not in its township. Rare: transfers and escalations.
	held map[uint32]string
}

// petitionFacts are the dated events of one petition case (domain.PetitionFactsOf), in Unix ms.
type petitionFacts struct {
	events []petitionEvent
	slot   uint32
}

type petitionEvent struct {
	at, due int64 // due 0: none
	kind    domain.PetitionEventKind
}

// appendEvents appends the case's events as the domain has them to dst.
func (pf *petitionFacts) appendEvents(dst []domain.PetitionEvent) []domain.PetitionEvent {
	for _, e := range pf.events {
		de := domain.PetitionEvent{At: time.UnixMilli(e.at), Kind: e.kind}
		if e.due != 0 {
			de.Due = time.UnixMilli(e.due)
		}
		dst = append(dst, de)
	}
	return dst
}

type supervision struct {
	at, due int64
	by      string
}

type petitionExtra struct {
	assignedBy     string
	batch          string
	assignerRegion string
	leadLeader     *domain.LeadLeader
	repeatCount    int
	factsAt        int32 // position in petitionFacts
	sentBack       bool  // resolving again after the assigning office sent a clearance back
	reviewDue      int64 // Unix ms: a 复查/复核 request awaiting its answer is due then (0: none)
	statusSince    int64 // when the case entered its status (Unix ms)
	receivedAt     int64 // awaiting 签收: when the unit holding it received it (Unix ms; GuardFacts.ReceivedAt)
}

const (
	amountAside = ^uint32(0) // in the amount column: the amount is in disputeMore
	noVisit     = ^uint32(0) // in the visitAfter column: no visit, or the first is in disputeMore
)

// disputeExtra holds the facts of the few disputes the columns do not cover: moved due dates, more than
// one visit, prevention records.
type disputeExtra struct {
	amount    domain.Yuan // an amount too large for the column
	due       []domain.DueFrom
	visits    []domain.VisitFact // after the first (all of them when visitAfter cannot hold the first)
	prevented []domain.Prevention
}

// New returns an empty index over the division tree. The tree must not change while the index lives.
func New(regions *domain.RegionTree) *Index {
	ix := &Index{
		regions:     regions,
		townPos:     map[string]uint16{},
		bySeq:       map[uint32][]uint32{},
		byOther:     map[string]uint32{},
		origText:    map[uint32][]string{},
		supervision: map[uint32]supervision{},
		petition:    map[uint32]petitionExtra{},
		followDue:   map[uint32]int64{},
		disputeMore: map[uint32]*disputeExtra{},
		strayTown:   map[uint32][2]string{},
		moved:       map[uint32]string{},

		closedUnanswered: map[uint32]struct{}{},
		held:             map[uint32]string{},
	}
	if root := regions.Root(); root != nil {
		ix.towns = regions.Townships(root.Code)
	}
	if len(ix.towns) >= 1<<16-1 {
		panic("caseindex: too many townships")
	}
	for i, t := range ix.towns {
		ix.townPos[t.Code] = uint16(i)
		ix.townCounty = append(ix.townCounty, regions.CountyOf(t.Code))
	}
	ix.unknownTown = uint16(len(ix.towns))
	ix.states.init()
	for _, d := range []*dict{&ix.outcomes, &ix.categories, &ix.risks, &ix.sats} {
		d.init()
	}
	for _, o := range domain.Categories {
		ix.categories.code(o.Code)
	}
	for _, o := range domain.RiskLevels {
		ix.risks.code(o.Code)
	}
	for _, o := range domain.Satisfactions {
		ix.sats.code(o.Code)
	}
	ix.outcomes.code(string(domain.OutcomeResolved))
	ix.outcomes.code(string(domain.OutcomeFailed))
	return ix
}

// dict interns the values of one enumeration as uint8; code 0 is the empty value. Past 255 distinct values
// (never, with validated input) further values read as empty.
type dict struct {
	names []string
	codes map[string]uint8
}

func (d *dict) init() {
	d.names = []string{""}
	d.codes = map[string]uint8{"": 0}
}

func (d *dict) code(s string) uint8 {
	if c, ok := d.codes[s]; ok {
		return c
	}
	if len(d.names) >= 255 { // 255 leaves room for the 1+code of Index.satis
		return 0
	}
	c := uint8(len(d.names))
	d.names = append(d.names, s)
	d.codes[s] = c
	return c
}

// stateDict interns (kind, status) pairs.
type stateDict struct {
	kinds    []domain.Kind
	statuses []domain.Status
	codes    map[[2]string]uint8
}

func (d *stateDict) init() {
	d.codes = map[[2]string]uint8{}
	for _, o := range domain.DisputeStatuses {
		d.code(domain.KindDispute, domain.Status(o.Code))
	}
	for _, o := range domain.PetitionStatuses {
		d.code(domain.KindPetition, domain.Status(o.Code))
	}
}

// isDispute reports whether an interned state is a dispute's.
func (d *stateDict) isDispute(c uint8) bool {
	return int(c) < len(d.kinds) && d.kinds[c] == domain.KindDispute
}

func (d *stateDict) code(k domain.Kind, s domain.Status) uint8 {
	key := [2]string{string(k), string(s)}
	if c, ok := d.codes[key]; ok {
		return c
	}
	if len(d.kinds) > 255 {
		return 0
	}
	c := uint8(len(d.kinds))
	d.kinds = append(d.kinds, k)
	d.statuses = append(d.statuses, s)
	d.codes[key] = c
	return c
}

// Summary is the readable form of one case in the index: what lists, to-do lists and reports show.
// Times are in Shanghai, zero when absent, with the store's millisecond precision.
type Summary struct {
	ID           string
	CaseNo       string
	Kind         domain.Kind
	Status       domain.Status
	Outcome      domain.Outcome
	Version      int
	Title        string
	Category     string
	TownshipCode string
	CountyCode   string
	// HeldIn is the region the case is seen in (domain.Case.HeldIn).
	HeldIn       string
	RiskLevel    string
	RegisteredAt time.Time
	AcceptedAt   time.Time
	DueAt        time.Time
	ClosedAt     time.Time
	PartyNames   []string
	// Supervised: an open case whose latest supervision (督办) awaits feedback, from SupervisorID, given
	// at SupervisionAt, feedback due by SupervisionDue.
	Supervised     bool
	SupervisionAt  time.Time
	SupervisionDue time.Time
	SupervisorID   string
	// FollowUpSatisfaction is the follow-up visit's satisfaction of a closed dispute, "" without one.
	FollowUpSatisfaction string
	PerformBy            time.Time // the agreement's performance deadline
	FollowUpDue          time.Time // a resolved dispute: when its follow-up visit falls due (domain.FollowUpDue)
	// Used: the once-only actions the case has used (domain.CaseState).
	Used domain.OnceSet
	// Facts: what the actions' guards read (domain.CaseState).
	Facts domain.GuardFacts
	// Petition cases only.
	AssignedBy     string
	Batch          string
	AssignerRegion string
	LeadLeader     *domain.LeadLeader
	RepeatCount    int
	SentBack       bool
	ReviewDue      time.Time

	closedUnanswered bool // closed, its last 督办 unanswered
}

// State is what decides the case's allowed actions, as domain.Case.State gives it for the full case.
func (s *Summary) State() domain.CaseState {
	return domain.CaseState{Kind: s.Kind, Status: s.Status, TownshipCode: s.TownshipCode, HeldIn: s.HeldIn,
		OpenSupervision: s.Supervised || s.closedUnanswered, Used: s.Used, AssignerRegion: s.AssignerRegion, Facts: s.Facts}
}

// Overdue reports whether the case's running deadline has passed (domain.IsOverdue).
func (s *Summary) Overdue(now time.Time) bool {
	return domain.IsOverdue(s.Kind, s.Status, s.DueAt, now)
}

// Warning grades the case's running deadline (domain.WarningLevel).
func (s *Summary) Warning(now time.Time, threshold float64) domain.Warning {
	return domain.WarningLevel(s.Kind, s.Status, domain.TermStart(s.Kind, s.RegisteredAt, s.AcceptedAt), s.DueAt, now, threshold)
}

// Len returns the number of cases in the index.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.regAt)
}

// MaxSeq returns the largest change sequence (Case.Seq) put so far.
func (ix *Index) MaxSeq() int64 {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.maxSeq
}

// Get returns the summary of the case with this ID.
func (ix *Index) Get(id string) (Summary, bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	slot, ok := ix.lookup(id)
	if !ok {
		return Summary{}, false
	}
	return ix.summary(slot), true
}

// parseID splits a case number {township}-{yyyy}-{seq:06} of a known township into its seq table key
// and seq.
func (ix *Index) parseID(id string) (key uint32, seq int, ok bool) {
	n := len(id)
	if n < 13 || id[n-7] != '-' || id[n-12] != '-' {
		return 0, 0, false
	}
	pos, ok := ix.townPos[id[:n-12]]
	if !ok {
		return 0, 0, false
	}
	year, ok1 := digits(id[n-11 : n-7])
	sq, ok2 := digits(id[n-6:])
	if !ok1 || !ok2 {
		return 0, 0, false
	}
	return uint32(pos)<<14 | uint32(year), sq, true
}

func digits(s string) (int, bool) {
	v := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

func (ix *Index) lookup(id string) (uint32, bool) {
	if key, seq, ok := ix.parseID(id); ok {
		if t := ix.bySeq[key]; seq < len(t) && t[seq] != 0 {
			return t[seq] - 1, true
		}
	}
	slot, found := ix.byOther[id]
	return slot, found
}

// register records the slot of a new ID: in its seq table while the table stays dense (at most about
// half empty), else in byOther.
func (ix *Index) register(id string, slot uint32) {
	if key, seq, ok := ix.parseID(id); ok {
		t := ix.bySeq[key]
		if seq < len(t) || seq < 2*len(t)+1024 {
			if seq >= len(t) {
				t = append(t, make([]uint32, seq+1-len(t))...)
			}
			t[seq] = slot + 1
			ix.bySeq[key] = t
			return
		}
	}
	ix.byOther[id] = slot
}

// Put inserts the summary of a case, or replaces it with a newer version: a version at or below the one
// indexed is ignored, so writers and followers that race, or a change seen twice, never put an older state
// back. It costs amortised O(1) plus the case's text; it reports whether the index changed.
func (ix *Index) Put(c *domain.Case) bool {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	slot, ok := ix.lookup(c.ID)
	if ok && int(ix.version[slot]) >= c.Version {
		return false
	}
	if !ok {
		slot = uint32(len(ix.regAt))
		ix.register(c.ID, slot)
		ix.grow()
	}
	if c.Seq > ix.maxSeq {
		ix.maxSeq = c.Seq
	}

	ix.regAt[slot] = millis(c.RegisteredAt)
	ix.acceptedAt[slot] = millisPtr(c.AcceptedAt)
	ix.dueAt[slot] = millisPtr(c.DueAt)
	ix.closedAt[slot] = millisPtr(c.ClosedAt)
	ix.version[slot] = int32(c.Version)
	ix.state[slot] = ix.states.code(c.Kind, c.Status)
	ix.outcome[slot] = ix.outcomes.code(string(c.Outcome))
	ix.category[slot] = ix.categories.code(c.Category)
	ix.risk[slot] = ix.risks.code(c.RiskLevel)

	delete(ix.strayTown, slot)
	if pos, ok := ix.townPos[c.TownshipCode]; ok {
		ix.town[slot] = pos
	} else {
		ix.town[slot] = ix.unknownTown
		ix.strayTown[slot] = [2]string{c.TownshipCode, c.CountyCode}
	}

	var flags uint8
	ix.satis[slot], ix.performBy[slot] = 0, 0
	ix.concludedAt[slot], ix.visitAfter[slot], ix.amount[slot], ix.parties[slot], ix.people[slot] = 0, noVisit, 0, 0, 0
	delete(ix.followDue, slot)
	delete(ix.disputeMore, slot)
	if c.Kind == domain.KindDispute {
		flags |= ix.putDisputeFacts(slot, domain.DisputeFactsOf(c))
	}
	if d := c.Dispute; d != nil {
		if d.Agreement != nil && d.Agreement.PerformBy != nil {
			ix.performBy[slot] = millis(*d.Agreement.PerformBy)
		}
		if c.Kind == domain.KindDispute && c.Status == domain.StatusResolved {
			ix.followDue[slot] = followUpDue(c)
		}
	}
	flags |= guardFlags(c.Kind, c.GuardFacts())
	delete(ix.held, slot)
	if h := c.HeldIn(); h != c.TownshipCode {
		flags |= flagHeld
		ix.held[slot] = h
	}
	delete(ix.supervision, slot)
	delete(ix.closedUnanswered, slot)
	if s := c.OpenSupervision(); s != nil && !domain.IsOpen(c.Status) {
		ix.closedUnanswered[slot] = struct{}{}
	} else if s != nil {
		flags |= flagSupervised
		ix.supervision[slot] = supervision{at: millis(s.At), due: millis(s.FeedbackBy), by: s.By.ID}
	}
	old, wasPetition := ix.petition[slot]
	delete(ix.petition, slot)
	if c.Kind == domain.KindPetition {
		var pe petitionExtra
		if p := c.Petition; p != nil {
			pe = petitionExtra{assignedBy: p.AssignedBy, batch: p.Batch, assignerRegion: p.AssignerRegion, repeatCount: p.RepeatCount,
				sentBack: sentBack(c), statusSince: millis(statusSince(c))}
			if r := c.GuardFacts().ReceivedAt; !r.IsZero() {
				pe.receivedAt = millis(r)
			}
			for _, r := range p.Reviews {
				if r.AnsweredAt == nil {
					pe.reviewDue = millis(r.DueBy)
				}
			}
			if p.LeadLeader != nil {
				ll := *p.LeadLeader
				pe.leadLeader = &ll
			}
		}
		events := domain.PetitionFactsOf(c).Events
		pf := petitionFacts{slot: slot, events: make([]petitionEvent, len(events))}
		for k, e := range events {
			pf.events[k] = petitionEvent{at: millis(e.At), due: millis(e.Due), kind: e.Kind}
		}
		if wasPetition {
			pe.factsAt = old.factsAt
			ix.petitionFacts[pe.factsAt] = pf
		} else {
			pe.factsAt = int32(len(ix.petitionFacts))
			ix.petitionFacts = append(ix.petitionFacts, pf)
		}
		ix.petition[slot] = pe
	} else if wasPetition { // the last entry takes its place
		last := len(ix.petitionFacts) - 1
		moved := ix.petitionFacts[last]
		ix.petitionFacts[old.factsAt] = moved
		ix.petitionFacts = ix.petitionFacts[:last]
		if moved.slot != slot {
			mp := ix.petition[moved.slot]
			mp.factsAt = old.factsAt
			ix.petition[moved.slot] = mp
		}
	}

	names := make([]string, len(c.Parties))
	for i, p := range c.Parties {
		names[i] = p.Name
	}
	caseNo := c.CaseNo
	if caseNo == "" {
		caseNo = c.ID
	}
	fields := textFields(c.ID, c.Title, caseNo, names)
	numbered := ix.numbered(c.ID, slot)
	delete(ix.moved, slot)
	if numbered && !strings.HasPrefix(c.ID, c.TownshipCode+"-") {
		ix.moved[slot] = c.ID
	}
	if ix.putText(slot, ok, fields, !numbered) {
		flags |= flagOrigText
		ix.origText[slot] = fields
	} else {
		delete(ix.origText, slot)
	}
	ix.used[slot] = c.UsedOnce()
	ix.flags[slot] = flags
	ix.widenBlock(slot)
	return true
}

// termStart is when a slot's term began (domain.TermStart).
func (ix *Index) termStart(i int) int64 {
	if ix.states.kinds[ix.state[i]] == domain.KindPetition {
		return ix.regAt[i]
	}
	return ix.acceptedAt[i]
}

// putDisputeFacts keeps a dispute's facts: in the columns, and what they cannot hold in disputeMore.
func (ix *Index) putDisputeFacts(slot uint32, f domain.DisputeFacts) (flags uint8) {
	ix.concludedAt[slot] = millis(f.Concluded)
	if f.Accepted.IsZero() && !f.Rejected.IsZero() {
		ix.concludedAt[slot] = millis(f.Rejected)
	}
	var more disputeExtra
	if f.Amount >= 0 && f.Amount < int64(amountAside) {
		ix.amount[slot] = uint32(f.Amount)
	} else { // 42,949,672.95 yuan or more
		ix.amount[slot], more.amount = amountAside, domain.Yuan(f.Amount)
	}
	ix.parties[slot] = uint8(min(f.Parties, 255))
	ix.people[slot] = uint16(min(f.People, 65535))
	if len(f.Visits) > 0 {
		flags |= flagFollowUp
		ix.satis[slot] = 1 + ix.sats.code(f.Visits[0].Satisfaction)
		con, va := millis(f.Concluded), millis(f.Visits[0].At)
		if !f.Concluded.IsZero() && va >= con && va-con < int64(noVisit) {
			ix.visitAfter[slot] = uint32(va - con)
			more.visits = f.Visits[1:]
		} else { // not after the conclusion, or 49.7 days or more after it
			more.visits = f.Visits
		}
	}
	if len(f.Due) > 1 {
		more.due = f.Due
	}
	more.prevented = f.Prevented
	if len(more.due)+len(more.visits)+len(more.prevented) > 0 || more.amount != 0 {
		ix.disputeMore[slot] = &more
		flags |= flagFacts
	}
	return flags
}

// statusSince is when the case entered its present status.
func statusSince(c *domain.Case) time.Time {
	for i := len(c.Timeline) - 1; i >= 0; i-- {
		if e := c.Timeline[i]; e.From != e.To || e.Action == "register" {
			return e.At
		}
	}
	return c.RegisteredAt
}

// sentBack reports whether a petition case is being worked again after its clearance was sent back.
func sentBack(c *domain.Case) bool {
	if c.Status != domain.StatusResolving {
		return false
	}
	for i := len(c.Timeline) - 1; i >= 0; i-- {
		if e := c.Timeline[i]; e.To == domain.StatusResolving && e.From != e.To {
			return e.Action == "reject_clear"
		}
	}
	return false
}

// FollowUpGrace is domain.FollowUpGrace (kept for callers of this package).
const FollowUpGrace = domain.FollowUpGrace

// followUpDue is when a resolved dispute's follow-up visit falls due (domain.FollowUpDue).
func followUpDue(c *domain.Case) int64 {
	return millis(domain.FollowUpDue(c))
}

// numbered reports whether a slot's ID is a case number kept in the seq tables: digits and hyphens only,
// found by enumerating the tables (numbers.go).
func (ix *Index) numbered(id string, slot uint32) bool {
	key, seq, ok := ix.parseID(id)
	if !ok || !numberShaped(id) {
		return false
	}
	t := ix.bySeq[key]
	return seq < len(t) && t[seq] == slot+1
}

func (ix *Index) grow() {
	ix.regAt = append(ix.regAt, 0)
	if len(ix.regAt) > 64*len(ix.digitText) {
		ix.digitText = append(ix.digitText, 0)
	}
	ix.acceptedAt = append(ix.acceptedAt, 0)
	ix.dueAt = append(ix.dueAt, 0)
	ix.closedAt = append(ix.closedAt, 0)
	ix.performBy = append(ix.performBy, 0)
	ix.version = append(ix.version, 0)
	ix.textAt = append(ix.textAt, 0)
	ix.textLen = append(ix.textLen, 0)
	ix.sigs = append(ix.sigs, sig{})
	ix.town = append(ix.town, 0)
	ix.state = append(ix.state, 0)
	ix.outcome = append(ix.outcome, 0)
	ix.category = append(ix.category, 0)
	ix.risk = append(ix.risk, 0)
	ix.satis = append(ix.satis, 0)
	ix.concludedAt = append(ix.concludedAt, 0)
	ix.visitAfter = append(ix.visitAfter, noVisit)
	ix.amount = append(ix.amount, 0)
	ix.parties = append(ix.parties, 0)
	ix.people = append(ix.people, 0)
	ix.flags = append(ix.flags, 0)
	ix.used = append(ix.used, 0)
}

// putText stores the case's text span, reusing the old one when nothing changed; withID puts the ID into
// the signature. It reports whether folding changed the text.
func (ix *Index) putText(slot uint32, replacing bool, fields []string, withID bool) bool {
	start := len(ix.arena)
	arena, s, changed, digit := encodeSpan(ix.arena, fields, withID)
	if w, bit := &ix.digitText[slot/64], uint64(1)<<(slot%64); digit {
		*w |= bit
	} else {
		*w &^= bit
	}
	span := arena[start:]
	if replacing {
		old := ix.span(slot)
		if bytes.Equal(old, span[:len(span)-1]) {
			ix.arena = arena[:start]
			return changed
		}
		ix.deadBytes += len(old) + 1
	}
	ix.arena = arena
	ix.textAt[slot] = uint32(start)
	ix.textLen[slot] = uint16(min(len(span)-1, longSpan))
	ix.sigs[slot] = s
	if ix.deadBytes > 1<<20 && ix.deadBytes > len(ix.arena)/2 {
		ix.compactArena()
	}
	return changed
}

// longSpan marks spans of 65535 bytes or more in textLen.
const longSpan = 1<<16 - 1

// span returns a slot's arena span without its end byte.
func (ix *Index) span(slot uint32) []byte {
	s := ix.arena[ix.textAt[slot]:]
	if n := ix.textLen[slot]; n != longSpan {
		return s[:n]
	}
	return s[:bytes.IndexByte(s, spanEnd)]
}

// compactArena drops the spans of replaced text.
func (ix *Index) compactArena() {
	arena := make([]byte, 0, len(ix.arena)-ix.deadBytes+len(ix.arena)/8)
	for slot := range ix.textAt {
		sp := ix.span(uint32(slot))
		ix.textAt[slot] = uint32(len(arena))
		arena = append(append(arena, sp...), spanEnd)
	}
	ix.arena, ix.deadBytes = arena, 0
}

func millis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func millisPtr(t *time.Time) int64 {
	if t == nil {
		return 0
	}
	return millis(*t)
}

func timeOf(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).In(domain.Shanghai)
}

// fields returns a slot's display text: ID, title, case number ("" = the ID) and party names.
func (ix *Index) fields(slot uint32) []string {
	if ix.flags[slot]&flagOrigText != 0 {
		return ix.origText[slot]
	}
	return decodeSpan(ix.span(slot))
}

// id returns a slot's ID as stored in the arena (folded; IDs of the case-number form have no letters).
func (ix *Index) id(slot uint32) []byte {
	sp := ix.span(slot)
	if i := bytes.IndexByte(sp, fieldSep); i >= 0 {
		return sp[:i]
	}
	return sp
}

func (ix *Index) summary(slot uint32) Summary {
	f := ix.fields(slot)
	st := ix.state[slot]
	s := Summary{
		ID:           f[0],
		CaseNo:       f[2],
		Kind:         ix.states.kinds[st],
		Status:       ix.states.statuses[st],
		Outcome:      domain.Outcome(ix.outcomes.names[ix.outcome[slot]]),
		Version:      int(ix.version[slot]),
		Title:        f[1],
		Category:     ix.categories.names[ix.category[slot]],
		RiskLevel:    ix.risks.names[ix.risk[slot]],
		RegisteredAt: timeOf(ix.regAt[slot]),
		AcceptedAt:   timeOf(ix.acceptedAt[slot]),
		DueAt:        timeOf(ix.dueAt[slot]),
		ClosedAt:     timeOf(ix.closedAt[slot]),
		PartyNames:   append([]string{}, f[3:]...),
		PerformBy:    timeOf(ix.performBy[slot]),
	}
	if due, ok := ix.followDue[slot]; ok {
		s.FollowUpDue = timeOf(due)
	}
	if s.CaseNo == "" {
		s.CaseNo = s.ID
	}
	if t := ix.town[slot]; t == ix.unknownTown {
		s.TownshipCode, s.CountyCode = ix.strayTown[slot][0], ix.strayTown[slot][1]
	} else {
		s.TownshipCode = ix.towns[t].Code
		s.CountyCode = ix.townCounty[t]
	}
	s.HeldIn = s.TownshipCode
	if ix.flags[slot]&flagHeld != 0 {
		s.HeldIn = ix.held[slot]
	}
	if ix.flags[slot]&flagFollowUp != 0 {
		s.FollowUpSatisfaction = ix.sats.names[ix.satis[slot]-1]
	}
	s.Used = ix.used[slot]
	s.Facts = ix.guardFacts(slot, s.Kind)
	_, s.closedUnanswered = ix.closedUnanswered[slot]
	if ix.flags[slot]&flagSupervised != 0 {
		sv := ix.supervision[slot]
		s.Supervised = true
		s.SupervisionAt, s.SupervisionDue, s.SupervisorID = timeOf(sv.at), timeOf(sv.due), sv.by
	}
	if p, ok := ix.petition[slot]; ok {
		s.AssignedBy, s.Batch, s.AssignerRegion, s.RepeatCount = p.assignedBy, p.batch, p.assignerRegion, p.repeatCount
		s.SentBack, s.ReviewDue = p.sentBack, timeOf(p.reviewDue)
		if p.leadLeader != nil {
			ll := *p.leadLeader
			s.LeadLeader = &ll
		}
	}
	return s
}

// heldOK reports whether a case in slot i, if held above its township, is held inside the region.
func (ix *Index) heldOK(region string, i int) bool {
	return ix.flags[i]&flagHeld == 0 || ix.regions.Contains(region, ix.held[uint32(i)])
}
