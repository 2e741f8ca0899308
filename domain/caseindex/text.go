package caseindex

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// The searchable text of every case (ID, title, case number when it differs from the ID, party names) lives
// in one byte arena, case-folded, one span per case: fields separated by fieldSep, the span ended by spanEnd.
// Each case also has a 128-bit signature of its character unigrams (non-ASCII) and bigrams; a query can only
// match a case whose signature holds every feature of the query, so a search reads 16 bytes for most cases
// and touches the arena only for the few candidates.

const (
	fieldSep = 0x00
	spanEnd  = 0x01
)

// sig is a case's text signature: a Bloom-style set of hashed features.
type sig [2]uint64

func (s *sig) set(h uint64) { s[h>>63] |= 1 << ((h >> 57) & 63) }

// covers reports whether every feature of q is in s.
func (s sig) covers(q sig) bool { return s[0]&q[0] == q[0] && s[1]&q[1] == q[1] }

// addFeatures adds the features of one folded field: every non-ASCII rune and every pair of adjacent runes.
func (s *sig) addFeatures(field string) {
	prev := rune(-1)
	for _, r := range field {
		if r >= utf8.RuneSelf {
			s.set(uint64(r) * 0x9E3779B97F4A7C15)
		}
		if prev >= 0 {
			s.set((uint64(prev)<<21 | uint64(r)) * 0xC2B2AE3D27D4EB4F)
		}
		prev = r
	}
}

// fold is the case folding shared by the arena and queries; control bytes that the arena uses as
// separators become spaces.
func fold(s string) string {
	s = strings.ToLower(s)
	if strings.IndexByte(s, fieldSep) >= 0 || strings.IndexByte(s, spanEnd) >= 0 {
		s = strings.Map(func(r rune) rune {
			if r == fieldSep || r == spanEnd {
				return ' '
			}
			return r
		}, s)
	}
	return s
}

// query is a prepared text search.
type query struct {
	needle []byte
	sig    sig
}

func newQuery(q string) query {
	f := fold(q)
	qu := query{needle: []byte(f)}
	if utf8.ValidString(f) { // a query cut inside a character has no trustworthy features: check every case
		qu.sig.addFeatures(f)
	}
	return qu
}

// textFields returns the fields stored for a case: ID, title, case number ("" when it equals the ID) and
// the party names.
func textFields(id, title, caseNo string, names []string) []string {
	if caseNo == id {
		caseNo = ""
	}
	return append([]string{id, title, caseNo}, names...)
}

// encodeSpan folds the fields into one arena span and computes its signature. changed reports whether
// folding changed any field (the original then has to be kept for display).
func encodeSpan(dst []byte, fields []string) (span []byte, s sig, changed bool) {
	for i, f := range fields {
		ff := fold(f)
		if ff != f {
			changed = true
		}
		s.addFeatures(ff)
		if i > 0 {
			dst = append(dst, fieldSep)
		}
		dst = append(dst, ff...)
	}
	return append(dst, spanEnd), s, changed
}

// decodeSpan splits an arena span (without its end byte) back into fields.
func decodeSpan(span []byte) []string {
	parts := bytes.Split(span, []byte{fieldSep})
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = string(p)
	}
	return out
}
