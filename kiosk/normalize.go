package kiosk

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// NormalizeDigits maps Persian (U+06F0–06F9) and Arabic-Indic (U+0660–0669)
// digits to ASCII. Go's \d and strconv see only ASCII digits, and citizens
// type all three.
func NormalizeDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '۰' && r <= '۹':
			return '0' + (r - '۰')
		case r >= '٠' && r <= '٩':
			return '0' + (r - '٠')
		}
		return r
	}, s)
}

// isBidiControl reports the embedding, override and isolate controls
// (U+202A–202E, U+2066–2069). An answer carrying them could reorder what the
// review screen, the receipt or a back-office operator shows, so input never
// keeps them.
func isBidiControl(r rune) bool {
	return (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069')
}

// invisible reports characters that draw nothing yet change how a text
// reads or compares: bidi controls and marks (LRM, RLM, ALM), zero-width
// spaces, the BOM, soft hyphens, tag characters and the rest of Unicode's
// format class. Only ZWNJ (U+200C) and ZWJ (U+200D) are kept: ZWNJ is part
// of Persian spelling (می‌خواهم).
func invisible(r rune) bool {
	if r == '\u200c' || r == '\u200d' {
		return false
	}
	return isBidiControl(r) || unicode.Is(unicode.Cf, r)
}

// NormalizeInput prepares a citizen's answer for validation and storage:
// canonical Unicode (NFC), ASCII digits, Persian ی and ک for their Arabic
// look-alikes, no tatweel, no bidi controls or other invisible format
// characters, no control characters but newline and tab, every kind of space
// written as a plain space, line breaks as "\n", surrounding spaces trimmed.
// Invalid UTF-8 is dropped. The result is stable: normalizing it again
// changes nothing.
func NormalizeInput(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= '۰' && r <= '۹':
			return '0' + (r - '۰')
		case r >= '٠' && r <= '٩':
			return '0' + (r - '٠')
		case r == 'ي' || r == 'ى':
			return 'ی'
		case r == 'ك':
			return 'ک'
		case r == 'ـ': // tatweel only stretches a word
			return -1
		case r == '\n' || r == '\t':
			return r
		case r == '\r' || r == '\u2028' || r == '\u2029' || r == '\u0085':
			return '\n'
		case r < 0x20 || (r >= 0x7f && r < 0xa0):
			return -1
		case invisible(r):
			return -1
		case r == utf8.RuneError:
			return -1
		case unicode.IsSpace(r):
			return ' '
		}
		return r
	}, s)
	// Composing can only happen once the invisible characters between a
	// letter and its mark are gone, and it never brings any back.
	s = norm.NFC.String(s)
	return strings.TrimSpace(s)
}

// singleLine writes an answer of a one-line field on one line: line breaks
// and tabs become spaces and runs of spaces collapse into one.
func singleLine(s string) string {
	if !strings.ContainsAny(s, "\n\t  ") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// stripSeparators removes the spaces, hyphens and brackets citizens put
// between groups of digits (۰۹۱۲-۱۲۳-۴۵۶۷, (021) 8877).
func stripSeparators(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '‐', '‑', '–', '(', ')', '.', '_':
			return -1
		}
		return r
	}, s)
}

// LocalizeDigits writes ASCII digits in the digits of l: ۰–۹ for Persian.
func LocalizeDigits(l Lang, s string) string {
	if l != Persian {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return '۰' + (r - '0')
		}
		return r
	}, s)
}

// allDigits reports whether s is non-empty and only ASCII digits.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
