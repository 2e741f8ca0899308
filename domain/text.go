package domain

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// NormalizeText puts text in the one form it is stored, compared and searched in, so that what looks the
// same is the same: Unicode NFC (a composed é, not e and an accent), no zero-width characters or
// bidirectional controls (invisible: 张\u200b三 is not found by 张三, and an override reverses how a name
// reads), \r\n as \n, no surrounding white space (Unicode, the full-width space included). Invalid UTF-8
// is left for validation to refuse.
func NormalizeText(s string) string {
	if !utf8.ValidString(s) {
		return strings.TrimSpace(s)
	}
	if strings.IndexFunc(s, invisible) >= 0 {
		s = strings.Map(func(r rune) rune {
			if invisible(r) {
				return -1
			}
			return r
		}, s)
	}
	return strings.TrimSpace(strings.ReplaceAll(norm.NFC.String(s), "\r\n", "\n"))
}

// invisible reports whether r is a zero-width character or a bidirectional control.
func invisible(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u180e', // zero width: space, non-joiner, joiner, word joiner, no-break space (BOM), Mongolian vowel separator
		'\u200e', '\u200f', '\u061c': // left-to-right, right-to-left and Arabic letter marks
		return true
	}
	return r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069' // embeddings, overrides, isolates
}
