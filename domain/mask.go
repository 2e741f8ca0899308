package domain

import "strings"

// MaskIDNumber hides the middle of a resident ID number: the first 4 and last 4 characters stay
// ("610902199001011234" → "6109**********1234"); a value shorter than 9 keeps only its last 2.
func MaskIDNumber(s string) string { return mask(s, 9, 4, 4) }

// MaskPhone hides the middle of a phone number: the first 3 and last 4 characters stay
// ("13812345678" → "138****5678"); a value shorter than 11 keeps only its last 2.
func MaskPhone(s string) string { return mask(s, 11, 3, 4) }

// mask keeps head and tail runes of values of at least minLen runes, else only the last 2 (none when
// that would show the whole value).
func mask(s string, minLen, head, tail int) string {
	r := []rune(s)
	n := len(r)
	switch {
	case n == 0:
		return ""
	case n <= 2:
		return strings.Repeat("*", n)
	case n < minLen:
		head, tail = 0, 2
	}
	return string(r[:head]) + strings.Repeat("*", n-head-tail) + string(r[n-tail:])
}

// MaskParties returns a copy of the parties with ID numbers and phones masked.
func MaskParties(parties []Party) []Party {
	if parties == nil {
		return nil
	}
	out := make([]Party, len(parties))
	for i, p := range parties {
		p.IDNumber = MaskIDNumber(p.IDNumber)
		p.Phone = MaskPhone(p.Phone)
		out[i] = p
	}
	return out
}
