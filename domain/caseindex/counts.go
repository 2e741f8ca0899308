package caseindex

// CountByStatus counts the cases per "kind/status" (for the metrics endpoint).
func (ix *Index) CountByStatus() map[string]int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	counts := make([]int, len(ix.states.kinds))
	for _, st := range ix.state {
		counts[st]++
	}
	out := make(map[string]int, len(counts))
	for code, n := range counts {
		if n > 0 {
			out[string(ix.states.kinds[code])+"/"+string(ix.states.statuses[code])] = n
		}
	}
	return out
}
