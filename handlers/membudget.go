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
const importHeapBudget = 220 << 20

// memoryBudget sets Go's soft memory limit while heavy work runs, so the collector works harder instead of
// letting garbage pile up. Work that overlaps shares one limit that grows by a budget per piece of work; the
// limit set before the first (GOMEMLIMIT, or none) comes back when the last ends, and a lower limit set by
// the operator is never raised.
type memoryBudget struct {
	mu     sync.Mutex
	active int
	before int64 // the limit in force before the first piece of work
	base   int64 // the memory in use when the first piece of work began
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
	}
	m.active++
	m.apply()
}

func (m *memoryBudget) leave() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.active--
	if m.active == 0 {
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

// memoryInUse is the memory the Go runtime counts against its limit: everything it mapped, less what it
// returned to the system.
func memoryInUse() int64 {
	s := []rtmetrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	rtmetrics.Read(s)
	return int64(s[0].Value.Uint64() - s[1].Value.Uint64())
}
