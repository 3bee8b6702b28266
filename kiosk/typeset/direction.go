package typeset

import "golang.org/x/text/unicode/bidi"

// This file is the one definition of text direction and alignment: the
// screens' text widget and the printer's receipt both ask it, so a line
// never reads one way on screen and another on paper. Direction comes from
// Unicode bidi classes, not script tables: a Persian question mark (؟,
// class AL) is strong right-to-left, Persian digits (class EN) are not, and
// Arabic-Indic digits (class AN) need bidi reordering though no letter does.

// Direction is a paragraph's base direction.
type Direction int

// Paragraph directions. DirAuto takes the direction of the first strong
// character (a Persian letter makes it right to left); text with no strong
// character at all (digits only) is left to right.
const (
	DirAuto Direction = iota
	DirLTR
	DirRTL
)

// String returns "auto", "ltr" or "rtl".
func (d Direction) String() string {
	switch d {
	case DirLTR:
		return "ltr"
	case DirRTL:
		return "rtl"
	}
	return "auto"
}

// bidiClass returns the Unicode bidi class of r.
func bidiClass(r rune) bidi.Class {
	p, _ := bidi.LookupRune(r)
	return p.Class()
}

// firstStrong returns the direction of the first strong character (rule P2,
// without isolates, which input never keeps), and false when there is none.
func firstStrong(text []rune) (Direction, bool) {
	for _, r := range text {
		switch bidiClass(r) {
		case bidi.L:
			return DirLTR, true
		case bidi.R, bidi.AL:
			return DirRTL, true
		}
	}
	return DirLTR, false
}

// DirectionOf returns the direction of the first strong character of text
// (Unicode rule P2), or fallback when it has none (digits, punctuation, an
// empty string): pass the language's direction there.
func DirectionOf(text string, fallback Direction) Direction {
	if d, ok := firstStrong([]rune(text)); ok {
		return d
	}
	return fallback
}

// ResolveDirection returns DirLTR or DirRTL for text laid out with d.
func ResolveDirection(text string, d Direction) Direction {
	if d != DirAuto {
		return d
	}
	return DirectionOf(text, DirLTR)
}

// hasRTL reports whether text holds any character that makes bidi
// reordering matter (right-to-left letters or Arabic-Indic digits).
func hasRTL(text []rune) bool {
	for _, r := range text {
		switch bidiClass(r) {
		case bidi.R, bidi.AL, bidi.AN:
			return true
		}
	}
	return false
}

// NeedsShaping reports whether s holds characters that a renderer placing
// characters left to right one by one gets wrong: right-to-left letters
// and punctuation, Arabic-Indic digits, and the joiners ZWNJ and ZWJ.
func NeedsShaping(s string) bool {
	for _, r := range s {
		if r == '\u200c' || r == '\u200d' {
			return true
		}
	}
	return hasRTL([]rune(s))
}

// Align places lines within a box, relative to the paragraph direction:
// AlignStart is the right edge of a right-to-left paragraph.
type Align int

// Alignments.
const (
	AlignStart Align = iota
	AlignCenter
	AlignEnd
)

// Edge is where a line stands in its box, whatever the direction.
type Edge int

// Edges.
const (
	EdgeLeft Edge = iota
	EdgeCenter
	EdgeRight
)

// Edge returns where a line aligned a in a paragraph of direction d
// stands: AlignStart is the right edge of a right-to-left paragraph.
func (a Align) Edge(d Direction) Edge {
	switch {
	case a == AlignCenter:
		return EdgeCenter
	case (a == AlignStart) == (d == DirRTL):
		return EdgeRight
	}
	return EdgeLeft
}
