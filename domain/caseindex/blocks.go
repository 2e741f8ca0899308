package caseindex

import "math"

// Block bounds let the figures' pass skip runs of slots that cannot count in a window. Slots are given in
// the order cases are stored (live intake in registration order, an import in ledger order), so a block of
// neighbouring slots mostly spans a few weeks: a report for this year skips the settled disputes of earlier
// years' blocks without reading their columns, and looks only at the few each block keeps aside (still
// open, or with facts in the side table). The bounds only widen and the aside list only grows (a Put can
// make them loose, never wrong); a block with too many aside is never skipped.

const blockShift = 10 // 1,024 slots per block

const (
	blockSlots = 1 << blockShift
	maxAside   = blockSlots / 4
)

// blockSpan bounds the settled disputes of a block: no registration before firstReg, nothing a figure
// counts after lastFact. aside lists the disputes that are not settled (looked at one by one), full says
// there were too many to list. An empty block has firstReg MaxInt64 and lastFact MinInt64.
type blockSpan struct {
	firstReg, lastFact int64
	aside              []uint32
	full               bool
}

// widenBlock takes the slot's dispute into its block's bounds; the caller holds the write lock and has set
// the slot's columns and flags.
func (ix *Index) widenBlock(slot uint32) {
	b := int(slot >> blockShift)
	for len(ix.blocks) <= b {
		ix.blocks = append(ix.blocks, blockSpan{firstReg: math.MaxInt64, lastFact: math.MinInt64})
	}
	if !ix.states.isDispute(ix.state[slot]) {
		return
	}
	s := &ix.blocks[b]
	last, settled := ix.lastFact(int(slot))
	switch {
	case settled:
		s.firstReg = min(s.firstReg, ix.regAt[slot])
		s.lastFact = max(s.lastFact, last)
	case s.full:
	case len(s.aside) == maxAside:
		s.full, s.aside = true, nil
	default:
		for _, a := range s.aside {
			if a == slot {
				return
			}
		}
		s.aside = append(s.aside, slot)
	}
}

// lastFact is the latest moment at which dispute slot i adds to a figure: its registration, conclusion or
// first visit, whichever is last. It is not settled (and the moment means nothing) while the dispute is
// accepted and not concluded (it stays open, and maybe overdue, at every later period's end) or when the
// side table holds more of its facts. It mirrors the per-case test at the top of countDisputeSlots.
func (ix *Index) lastFact(i int) (last int64, settled bool) {
	acc, con := ix.acceptedAt[i], ix.concludedAt[i]
	if ix.flags[i]&flagFacts != 0 || acc != 0 && con == 0 {
		return 0, false
	}
	last = max(ix.regAt[i], con)
	if d := ix.visitAfter[i]; d != noVisit && con != 0 {
		last = max(last, con+int64(d))
	}
	return last, true
}

// skipBlock reports whether no settled dispute of block b counts in periods [start, end): only its aside
// disputes need a look.
func (ix *Index) skipBlock(b int, start, end int64) bool {
	s := &ix.blocks[b]
	return !s.full && (s.firstReg >= end || s.lastFact < start)
}
