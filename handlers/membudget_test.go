package handlers

import (
	"math"
	"runtime/debug"
	"testing"
)

// The limit rises by a budget per piece of work in flight, comes back as it was when the last ends, and
// never rises above a limit the operator set; the collector waits for the limit (GOGC off) meanwhile. (Not parallel: the limit is the process's.)
func TestMemoryBudget(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(before) })

	debug.SetMemoryLimit(math.MaxInt64)
	gogc := debug.SetGCPercent(100)
	t.Cleanup(func() { debug.SetGCPercent(gogc) })
	var m memoryBudget
	m.enter()
	if p := debug.SetGCPercent(-1); p != -1 {
		t.Fatalf("GOGC %d during an import, want off", p)
	}
	one := debug.SetMemoryLimit(-1)
	if one == math.MaxInt64 || one < memoryInUse() {
		t.Fatalf("limit %d with one import, in use %d", one, memoryInUse())
	}
	m.enter()
	if two := debug.SetMemoryLimit(-1); two != one+importHeapBudget {
		t.Fatalf("limit %d with two imports, want %d", two, one+importHeapBudget)
	}
	m.leave()
	if got := debug.SetMemoryLimit(-1); got != one {
		t.Fatalf("limit %d after one of two ended, want %d", got, one)
	}
	m.leave()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Fatalf("limit %d after both ended, want none", got)
	}
	if p := debug.SetGCPercent(100); p != 100 {
		t.Fatalf("GOGC %d after the imports, want 100 back", p)
	}

	low := memoryInUse() + 1<<20 // the operator's GOMEMLIMIT, below what an import would get
	debug.SetMemoryLimit(low)
	m.within(func() {
		if got := debug.SetMemoryLimit(-1); got != low {
			t.Errorf("limit %d during an import under GOMEMLIMIT %d", got, low)
		}
	})
	if got := debug.SetMemoryLimit(-1); got != low {
		t.Fatalf("limit %d after the import, want the operator's %d", got, low)
	}
}
