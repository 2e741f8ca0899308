package handlers

import (
	"runtime/debug"
	rtmetrics "runtime/metrics"
	"sync"
)

// importHeapBudget is how far above the memory in use when it starts an import may take the process: the
// parsed cases (about 2 KB each for the largest legal ledger) and the embedded store's garbage while it
// writes them. Without a bound the collector lets the heap grow to twice what is live, and the embedded
// store's decoding of each batch is mostly garbage: a 50,000-row import peaked above 500 MB.
const importHeapBudget = 280 << 20

// memoryBudget sets Go's soft memory limit while heavy work runs, so the collector works harder instead of
// letting garbage pile up. Work that overlaps shares one limit that grows by a budget per piece of work; the
// limit set before the first (GOMEMLIMIT, or none) comes back when the last ends, and a lower limit set by
// the operator is never raised.
type memoryBudget struct {
	mu     sync.Mutex
	active int
	before int64 // the limit in force before the first piece of work
	base   int64 // the memory in use when the first piece of work began
	// gcPercent is GOGC before the first piece of work: while any runs, the collector runs only as memory
	// nears the limit (GOGC off), the fewest collections that keep within it.
	gcPercent int
}

var budgets memoryBudget

// within runs f with the limit at importHeapBudget above the memory in use.
func (m *memoryBudget) within(f func()) {
	m.enter()
	defer m.leave()
	f()
}

func (m *memoryBudget) enter() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.active == 0 {
		m.before = debug.SetMemoryLimit(-1)
		m.base = memoryInUse()
		m.gcPercent = debug.SetGCPercent(-1)
	}
	m.active++
	m.apply()
}

func (m *memoryBudget) leave() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.active--
	if m.active == 0 {
		debug.SetGCPercent(m.gcPercent)
		debug.SetMemoryLimit(m.before)
		return
	}
	m.apply()
}

func (m *memoryBudget) apply() {
	limit := m.base + int64(m.active)*importHeapBudget
	if limit < 0 || limit > m.before {
		limit = m.before
	}
	debug.SetMemoryLimit(limit)
}

// memoryInUse is what the Go runtime needs now: everything it counts against its limit (all it mapped,
// less what it returned to the system), less the heap it holds free or as garbage not yet swept, plus the
// heap the last collection found live. Free heap kept from earlier work is not a need: counting it would
// raise the limit by whatever an earlier import left behind.
func memoryInUse() int64 {
	s := []rtmetrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"},
		{Name: "/memory/classes/heap/free:bytes"}, {Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/live:bytes"}}
	rtmetrics.Read(s)
	v := func(i int) int64 { return int64(s[i].Value.Uint64()) }
	return v(0) - v(1) - v(2) - v(3) + v(4)
}
