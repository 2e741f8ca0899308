package caseindex

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"time"

	"pingan/domain"
)

// To-do reasons (docs/API.md, To-do; labelled in domain.TodoReasons).
const (
	ReasonOverdue       = "overdue"
	ReasonDueSoon       = "due_soon"
	ReasonSupervised    = "supervised"
	ReasonFollowUpDue   = "follow_up_due"
	ReasonAcceptDue     = "accept_due"     // 待签收: a backlog case to sign for
	ReasonReviewPending = "review_pending" // 待审核: a clearance application, for the assigning office
	ReasonReturnPending = "return_pending" // 退回待处理: an objection to decide, for the assigning office
	ReasonSentBack      = "sent_back"      // 审核退回: a clearance sent back, for the handling unit
	ReasonRecheckDue    = "recheck_due"    // 复查期限: a 复查/复核 request awaiting its answer
)

// TodoItem is one entry of a user's to-do list: a case, why it is there, and since when. The HTTP layer
// renders the summary.
type TodoItem struct {
	Summary Summary
	Reason  string
	Since   time.Time
}

// Urgencies, in list order.
const (
	urgOverdue = iota
	urgSupervisedOverdue
	urgAcceptDue
	urgReviewPending
	urgReturnPending
	urgSentBack
	urgRecheckDue
	urgDueSoon
	urgSupervised
	urgFollowUpDue
)

// todoReasons by urgency.
var todoReasons = [...]string{ReasonOverdue, ReasonSupervised, ReasonAcceptDue, ReasonReviewPending, ReasonReturnPending,
	ReasonSentBack, ReasonRecheckDue, ReasonDueSoon, ReasonSupervised, ReasonFollowUpDue}

// todoEntry is a to-do item before its summary is built: the list is ordered and cut to a page on these,
// and only the page's summaries are made.
type todoEntry struct {
	since   int64 // Unix ms; 0 = none
	slot    uint32
	urgency uint8
}

// Todo returns one page (from 1; pageSize <= 0 = the whole list) of the user's to-do list, most urgent
// first, then oldest since, then by ID, and how many items the whole list has. A case appears at most once
// per reason.
//
//   - mediator (disputes) and petition staff (petition cases), for the cases of their kind in their region:
//     overdue (since dueAt), due_soon (domain.WarningLevel; since dueAt, so the soonest due comes first),
//     supervised (an unanswered 督办; since it was given), and for mediators follow_up_due (a resolved
//     dispute whose follow-up falls due: the agreement's performBy, else FollowUpGrace after resolution;
//     since then), for the handling unit's petition staff accept_due (since 交办), sent_back and recheck_due, for the
//     assigning office's review_pending and return_pending (petitionTodo).
//   - leader and admin: the supervisions they gave that await feedback, and every overdue case of their
//     region.
func (ix *Index) Todo(u *domain.User, now time.Time, warnThreshold float64, page, pageSize int) (items []TodoItem, total int) {
	items = []TodoItem{}
	if u == nil || u.RegionCode == "" {
		return items, 0
	}
	var kinds []domain.Kind
	handler := true
	switch u.Role {
	case domain.RoleMediator:
		kinds = []domain.Kind{domain.KindDispute}
	case domain.RolePetition:
		kinds = []domain.Kind{domain.KindPetition}
	case domain.RoleLeader, domain.RoleAdmin:
		kinds = []domain.Kind{domain.KindDispute, domain.KindPetition}
		handler = false
	default:
		return items, 0
	}

	ix.mu.RLock()
	defer ix.mu.RUnlock()
	entries := ix.todoEntries(u, kinds, handler, now, warnThreshold)
	total = len(entries)
	from, to := 0, total
	if pageSize > 0 {
		if page = max(page, 1); page-1 <= total/pageSize { // (page-1)*pageSize <= total: no overflow
			from = (page - 1) * pageSize
		} else {
			from = total
		}
		to = from + min(pageSize, total-from)
	}
	order := ix.todoCompare
	if to < total/2 {
		topEntries(entries, to, order)
		entries = entries[:to]
	}
	slices.SortFunc(entries, order)
	for _, e := range entries[from:to] {
		items = append(items, TodoItem{Summary: ix.summary(e.slot), Reason: todoReasons[e.urgency], Since: timeOf(e.since)})
	}
	return items, total
}

// todoEntries collects the to-do entries of a user, unordered.
func (ix *Index) todoEntries(u *domain.User, kinds []domain.Kind, handler bool, now time.Time, warnThreshold float64) []todoEntry {
	p, _ := ix.scopePlan(domain.Scope{RegionCode: u.RegionCode, Kinds: kinds})
	// states that can put a case on the list; beyond them only an open supervision (flagSupervised) can
	var resolvedDispute, petitionStep, eligible [256]bool
	for st, k := range ix.states.kinds {
		s := ix.states.statuses[st]
		resolvedDispute[st] = handler && k == domain.KindDispute && s == domain.StatusResolved && u.Role == domain.RoleMediator
		petitionStep[st] = handler && k == domain.KindPetition && domain.IsOpen(s)
		eligible[st] = p.running[st] || resolvedDispute[st] || petitionStep[st] ||
			handler && k == domain.KindPetition && s == domain.StatusCleared // 复查 after clearance
	}
	var entries []todoEntry
	add := func(slot uint32, since int64, urgency uint8) {
		entries = append(entries, todoEntry{since: since, slot: slot, urgency: urgency})
	}
	for i, tw := range ix.town {
		st := ix.state[i]
		if !p.stateOK[st] || !p.townOK[tw] || !eligible[st] && ix.flags[i]&flagSupervised == 0 || !ix.heldOK(p.region, i) {
			continue
		}
		slot := uint32(i)
		k, s := ix.states.kinds[st], ix.states.statuses[st]
		var pe petitionExtra
		assigner := false
		if k == domain.KindPetition {
			pe = ix.petition[slot]
			assigner = pe.assignerRegion != "" && ix.regions.Contains(u.RegionCode, pe.assignerRegion) && u.Role == domain.RolePetition
		}
		if due := ix.dueAt[i]; p.running[st] && due != 0 && !assigner {
			dueAt := timeOf(due)
			if domain.IsOverdue(k, s, dueAt, now) {
				add(slot, due, urgOverdue)
			} else if handler && domain.WarningLevel(k, s, timeOf(ix.termStart(i)), dueAt, now, warnThreshold) == domain.WarningDueSoon {
				add(slot, due, urgDueSoon)
			}
		}
		if ix.flags[i]&flagSupervised != 0 {
			sv := ix.supervision[slot]
			if handler || sv.by == u.ID {
				urg := uint8(urgSupervised)
				if (domain.Supervision{FeedbackBy: timeOf(sv.due)}).Overdue(now) {
					urg = urgSupervisedOverdue
				}
				add(slot, sv.at, urg)
			}
		}
		if resolvedDispute[st] {
			if due, ok := ix.followDue[slot]; ok && now.After(timeOf(due)) {
				add(slot, due, urgFollowUpDue)
			}
		}
		if handler && k == domain.KindPetition {
			ix.petitionTodo(pe, assigner, s, slot, add)
		}
	}
	return entries
}

// petitionTodo adds the steps a backlog case waits for: the handling unit signs for it, works it again
// after a send-back and watches 复查/复核 deadlines; the assigning office decides objections and reviews
// clearance applications.
func (ix *Index) petitionTodo(pe petitionExtra, assigner bool, s domain.Status, slot uint32, add func(uint32, int64, uint8)) {
	switch {
	case assigner && s == domain.StatusReviewing:
		add(slot, pe.statusSince, urgReviewPending)
	case assigner && s == domain.StatusReturned:
		add(slot, pe.statusSince, urgReturnPending)
	case assigner:
	case s == domain.StatusReceived:
		add(slot, ix.regAt[slot], urgAcceptDue)
	case pe.sentBack:
		add(slot, pe.statusSince, urgSentBack)
	}
	if !assigner && pe.reviewDue != 0 {
		add(slot, pe.reviewDue, urgRecheckDue)
	}
}

// todoCompare orders to-do entries: by urgency, then oldest since (none first), then by ID.
func (ix *Index) todoCompare(a, b todoEntry) int {
	if c := cmp.Compare(a.urgency, b.urgency); c != 0 {
		return c
	}
	if c := cmp.Compare(sinceKey(a.since), sinceKey(b.since)); c != 0 {
		return c
	}
	return strings.Compare(ix.displayID(a.slot), ix.displayID(b.slot))
}

func sinceKey(ms int64) int64 {
	if ms == 0 {
		return math.MinInt64
	}
	return ms
}

// displayID returns a slot's ID as it was put.
func (ix *Index) displayID(slot uint32) string {
	if ix.flags[slot]&flagOrigText != 0 {
		return ix.origText[slot][0]
	}
	return string(ix.id(slot))
}

// topEntries moves the first k entries in order to the front of es, in no particular order: a heap
// of the k first seen whose root is the last of them.
func topEntries(es []todoEntry, k int, order func(a, b todoEntry) int) {
	if k <= 0 {
		return
	}
	h := es[:k]
	down := func(i int) {
		for {
			last, l, r := i, 2*i+1, 2*i+2
			if l < k && order(h[l], h[last]) > 0 {
				last = l
			}
			if r < k && order(h[r], h[last]) > 0 {
				last = r
			}
			if last == i {
				return
			}
			h[i], h[last] = h[last], h[i]
			i = last
		}
	}
	for i := k/2 - 1; i >= 0; i-- {
		down(i)
	}
	for j := k; j < len(es); j++ {
		if order(es[j], h[0]) < 0 {
			h[0], es[j] = es[j], h[0]
			down(0)
		}
	}
}
