package caseindex

import "strings"

// Searching inside case numbers. A case number {township}-{yyyy}-{seq:06} of the seq tables is a fixed
// prefix (township code, year, hyphens) shared by one table, and six digits of seq. A query of digits and
// hyphens lies in such a number at some offset: it must agree with the prefix where they overlap, and where
// it overlaps the seq it fixes a run of its digits, which leaves a few arithmetic ranges of seq. Walking the
// tables and offsets and then those ranges visits only matching numbers (plus one step per range), instead
// of reading every case's text.

// pow10[i] = 10^i for the six digits of seq.
var pow10 = [...]int{1, 10, 100, 1000, 10000, 100000, 1000000}

// seqDigits is the width of seq in a case number.
const seqDigits = 6

// numberMatches returns a bitmap by slot (n slots) of the cases whose number in the seq tables contains
// q, looking only at the tables of townships with townOK (by position), and at every case moved to another
// township since it was numbered.
func (ix *Index) numberMatches(q []byte, townOK []bool, n int) []uint64 {
	bits := make([]uint64, (n+63)/64)
	var prefix []byte
	for key, t := range ix.bySeq {
		pos, year := int(key>>14), int(key&(1<<14-1))
		if !townOK[pos] {
			continue
		}
		// the number's prefix "{township}-{yyyy}-"; the full number is len(prefix)+seqDigits long
		prefix = append(append(prefix[:0], ix.towns[pos].Code...), '-',
			byte('0'+year/1000), byte('0'+year/100%10), byte('0'+year/10%10), byte('0'+year%10), '-')
		m := len(prefix)
		for off := 0; off+len(q) <= m+seqDigits; off++ {
			if !agrees(prefix, q, off) {
				continue
			}
			if off+len(q) <= m { // inside the prefix: every number of the table
				markSeqs(bits, t, 0, 0, 1, len(t))
				continue
			}
			// q covers seq digits [a, b) with their value v
			a, b := max(off, m)-m, off+len(q)-m
			v, ok := digits(string(q[max(off, m)-off:]))
			if !ok {
				continue
			}
			markSeqs(bits, t, v*pow10[seqDigits-b], pow10[seqDigits-a], pow10[a], pow10[seqDigits-b])
		}
	}
	for slot, id := range ix.moved {
		if strings.Contains(id, string(q)) {
			bits[slot/64] |= 1 << (slot % 64)
		}
	}
	return bits
}

// agrees reports whether q placed at offset off agrees with prefix where they overlap.
func agrees(prefix, q []byte, off int) bool {
	for i := off; i < len(prefix) && i-off < len(q); i++ {
		if prefix[i] != q[i-off] {
			return false
		}
	}
	return true
}

// markSeqs marks the slots of table t at seq = base + h*step + l for h < count and l < width.
func markSeqs(bits []uint64, t []uint32, base, step, count, width int) {
	for h := 0; h < count; h++ {
		from := base + h*step
		if from >= len(t) {
			return
		}
		for _, e := range t[from:min(from+width, len(t))] {
			if e != 0 {
				slot := e - 1
				bits[slot/64] |= 1 << (slot % 64)
			}
		}
	}
}

// hasBit reports whether bit i is set in bits.
func hasBit(bits []uint64, i int) bool { return bits[i/64]&(1<<(i%64)) != 0 }
