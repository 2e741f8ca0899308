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
//
// Case numbers of the form {township}-{yyyy}-{seq:06} are left out of the signature: their digit bigrams
// occur in nearly every case, so they would make the signature useless for number searches, and only a
// query of digits and hyphens can match them at all. Such a query is answered from the structure of the
// numbers instead (numbers.go); the signature covers the rest of the text.

const (
	fieldSep = 0x00
	spanEnd  = 0x01
)

// sig is a case's text signature: a Bloom-style set of hashed features.
type sig [2]uint64

func (s *sig) set(h uint64) { s[h>>63] |= 1 << ((h >> 57) & 63) }

// covers reports whether every feature of q is in s. It tests both words at once: a branch per word would
// be mispredicted whenever the word that rejects a case varies from case to case.
func (s sig) covers(q sig) bool { return (q[0]&^s[0])|(q[1]&^s[1]) == 0 }

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
	// number: the query is made of digits and hyphens only, so it may match inside case numbers;
	// ids then marks the slots whose case number contains it (a bitmap by slot).
	number   bool
	hasDigit bool
	ids      []uint64
}

func newQuery(q string) query {
	f := fold(q)
	qu := query{needle: []byte(f), number: numberShaped(f)}
	qu.hasDigit = qu.number && strings.ContainsAny(f, "0123456789")
	if utf8.ValidString(f) { // a query cut inside a character has no trustworthy features: check every case
		qu.sig.addFeatures(f)
	}
	if qu.number && !qu.hasDigit {
		// only hyphens: text without a digit may hold them, so the signature cannot rule cases out
		qu.sig = sig{}
	}
	return qu
}

// numberShaped reports whether s is a non-empty run of digits and hyphens: the only queries that can
// match inside a case number.
func numberShaped(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && c != '-' {
			return false
		}
	}
	return s != ""
}

// textFields returns the fields stored for a case: ID, title, case number ("" when it equals the ID) and
// the party names.
func textFields(id, title, caseNo string, names []string) []string {
	if caseNo == id {
		caseNo = ""
	}
	return append([]string{id, title, caseNo}, names...)
}

// encodeSpan folds the fields into one arena span and computes its signature; the ID (field 0) adds to the
// signature only when withID is set. changed reports whether folding changed any field (the original then
// has to be kept for display); digit whether a field in the signature holds an ASCII digit.
func encodeSpan(dst []byte, fields []string, withID bool) (span []byte, s sig, changed, digit bool) {
	for i, f := range fields {
		ff := fold(f)
		if ff != f {
			changed = true
		}
		if i > 0 || withID {
			s.addFeatures(ff)
			digit = digit || strings.ContainsAny(ff, "0123456789")
		}
		if i > 0 {
			dst = append(dst, fieldSep)
		}
		dst = append(dst, ff...)
	}
	return append(dst, spanEnd), s, changed, digit
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
