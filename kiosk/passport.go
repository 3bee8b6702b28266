package kiosk

import (
	"strings"
)

// Passport numbers (ICAO Doc 9303). The machine-readable zone of a
// passport (TD3, Part 4) holds the document number in 9 characters, from
// the MRZ's set: capital Latin letters A–Z and digits, '<' filling a
// shorter number. Part 3 lets a state issue longer numbers: the first 9
// characters go in the number field and the rest in the optional data
// field beside it, so a few states' numbers run past 9. The kiosk takes
// what is printed on the data page: 5 to 20 letters and digits. Fewer
// than 5 is a number cut short (none in use is that short); 20 leaves room
// for the longest numbers the MRZ's optional data can carry.
const (
	MinPassportNumber = 5
	MaxPassportNumber = 20
)

// NormalizePassportNumber writes a passport number as the MRZ holds it:
// Persian and Arabic-Indic digits as ASCII, Latin letters in capitals,
// without the spaces or hyphens a citizen types between groups. The
// result is checked by ValidPassportNumber.
func NormalizePassportNumber(s string) string {
	s = stripSeparators(NormalizeInput(s))
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}, s)
}

// ValidPassportNumber checks a normalized passport number: 5 to 20
// capital Latin letters and ASCII digits.
func ValidPassportNumber(s string) bool {
	if len(s) < MinPassportNumber || len(s) > MaxPassportNumber {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}
