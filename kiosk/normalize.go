package kiosk

import "strings"

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
// review screen or a back-office operator sees, so input never keeps them.
// Marks (LRM, RLM) and ZWNJ are harmless and kept: ZWNJ is part of Persian
// spelling (می‌خواهم).
func isBidiControl(r rune) bool {
	return (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069')
}

// NormalizeInput prepares a citizen's answer for validation and storage:
// ASCII digits, Persian ی and ک for their Arabic look-alikes, no bidi
// controls or other control characters, surrounding spaces trimmed.
func NormalizeInput(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == 'ي' || r == 'ى':
			return 'ی'
		case r == 'ك':
			return 'ک'
		case isBidiControl(r):
			return -1
		case r == '\n' || r == '\t':
			return r
		case r < 0x20 || r == 0x7f:
			return -1
		}
		return r
	}, NormalizeDigits(s))
	return strings.TrimSpace(s)
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
