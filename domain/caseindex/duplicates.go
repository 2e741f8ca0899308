package caseindex

import (
	"strings"
	"time"

	"pingan/domain"
)

// LedgerDuplicates answers which of keys (domain.LedgerDupKey: township, registration day, party names,
// title) indexed cases have: key → case ID. One pass over the township and registration columns; only
// the cases of a township and day some key names are read further. A ledger import asks it once for all
// its rows.
func (ix *Index) LedgerDuplicates(keys map[string]bool) map[string]string {
	out := map[string]string{}
	if len(keys) == 0 {
		return out
	}
	type townDay struct {
		town string
		day  int64
	}
	const dayMs = int64(24 * time.Hour / time.Millisecond)
	offset := int64(8 * time.Hour / time.Millisecond) // Asia/Shanghai days
	want := map[townDay]bool{}
	for k := range keys {
		parts := strings.SplitN(k, "|", 3)
		if len(parts) < 3 {
			continue
		}
		d, err := time.ParseInLocation("2006-01-02", parts[1], domain.Shanghai)
		if err != nil {
			continue
		}
		want[townDay{parts[0], (d.UnixMilli() + offset) / dayMs}] = true
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	for slot := range ix.regAt {
		ms := ix.regAt[slot]
		if ms == 0 {
			continue
		}
		town := ""
		if t := ix.town[slot]; t == ix.unknownTown {
			town = ix.strayTown[uint32(slot)][0]
		} else {
			town = ix.towns[t].Code
		}
		if !want[townDay{town, (ms + offset) / dayMs}] {
			continue
		}
		f := ix.fields(uint32(slot))
		key := domain.LedgerDupKey(town, timeOf(ms), f[1], f[3:])
		if keys[key] {
			if _, seen := out[key]; !seen {
				out[key] = f[0]
			}
		}
	}
	return out
}
