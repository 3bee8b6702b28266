package typeset

import (
	"golang.org/x/text/unicode/bidi"
)

// Bidi control characters the display rules insert. They are invisible:
// HarfBuzz gives them no advance, and the PDF output drops them.
const (
	lrm = '\u200e' // left-to-right mark: a strong L character
	rlm = '\u200f' // right-to-left mark: a strong R character
	lro = '\u202d' // left-to-right override
	pdf = '\u202c' // pop directional formatting
)

// prepared is a paragraph's text after the display rules, with the maps
// between its indices and those of the original text.
type prepared struct {
	runes []rune
	// orig[i] is the original index of prepared rune i; an inserted
	// control maps to the original rune that follows it.
	orig []int
	// pos[k] is the prepared index of original rune k; pos[len] is
	// len(runes).
	pos []int
	// forcedLTR marks prepared runes inside an inserted override: their
	// bidi level is the next even level above the paragraph's.
	forcedLTR []bool
}

// prepare applies the display rules to one paragraph (no newlines):
//
//   - Numeric values made of digit groups joined by separators (dates
//     1403/05/12, codes 1234-5678-9012-3456 or ABC-123, phone numbers
//     0912-345-6789 or "+98 912 345 6789", times 12:30) are wrapped in
//     LRO…PDF. Unicode bidi otherwise reverses their groups after Persian
//     text (1403-05-12 would show as 12-05-1403) because digits after
//     Arabic letters become Arabic numbers and the separators between them
//     take the right-to-left direction.
//   - Paired brackets get the direction rule N0 of the bidi algorithm
//     gives them, by a mark (LRM or RLM) before the opening and after the
//     closing bracket. x/text/unicode/bidi, which the segmenter uses, does
//     not pair brackets (golang/go#72089), so without the marks the closing
//     bracket of "سلام ABC (DEF) است" takes the paragraph's direction and
//     shows as a second opening bracket.
//   - A left-to-right paragraph whose first strong character is Persian
//     starts with an LRM, so the bidi algorithm, which picks the paragraph
//     level from the first strong character, agrees with the direction
//     asked for.
//   - Tabs and other control characters become spaces: the font has no
//     glyph for them.
//
// The first three rules only touch paragraphs holding right-to-left
// characters.
func prepare(text []rune, dir Direction) prepared {
	n := len(text)
	p := prepared{
		runes:     make([]rune, 0, n+4),
		orig:      make([]int, 0, n+4),
		pos:       make([]int, n+1),
		forcedLTR: make([]bool, 0, n+4),
	}
	// Insertions before original rune k: closing ones (ending a value,
	// after a closing bracket) come before opening ones.
	closing := map[int][]rune{}
	opening := map[int][]rune{}
	forced := make([]bool, n)
	if first, ok := firstStrong(text); dir == DirLTR && ok && first == DirRTL {
		opening[0] = append(opening[0], lrm)
	}
	if hasRTL(text) {
		for _, tok := range numericTokens(text) {
			opening[tok[0]] = append(opening[tok[0]], lro)
			closing[tok[1]] = append(closing[tok[1]], pdf)
			for k := tok[0]; k < tok[1]; k++ {
				forced[k] = true
			}
		}
		for _, b := range resolveBrackets(text, dir) {
			mark := lrm
			if b.rtl {
				mark = rlm
			}
			opening[b.open] = append(opening[b.open], mark)
			closing[b.close+1] = append(closing[b.close+1], mark)
		}
	}
	add := func(r rune, orig int, forced bool) {
		p.runes = append(p.runes, r)
		p.orig = append(p.orig, orig)
		p.forcedLTR = append(p.forcedLTR, forced)
	}
	for k := 0; k <= n; k++ {
		for _, r := range closing[k] {
			add(r, k, r == pdf)
		}
		for _, r := range opening[k] {
			add(r, k, r == lro)
		}
		p.pos[k] = len(p.runes)
		if k < n {
			r := text[k]
			if r < 0x20 || r == 0x7f {
				r = ' '

			}
			add(r, k, forced[k])
		}
	}
	return p
}

// bracketPairs maps the opening brackets the kiosk's texts may hold to
// their closing ones (from Unicode's BidiBrackets.txt).
var bracketPairs = map[rune]rune{
	'(': ')', '[': ']', '{': '}',
	'\u2045': '\u2046', '\u2308': '\u2309', '\u230a': '\u230b', '\u2329': '\u232a',
	'\u27e8': '\u27e9', '\u3008': '\u3009', '\u300a': '\u300b',
	'\uff08': '\uff09', '\uff3b': '\uff3d', '\uff5b': '\uff5d',
}

// A bracketPair is a resolved pair of brackets: their indices and the
// direction rule N0 gave them.
type bracketPair struct {
	open, close int
	rtl         bool
}

// resolveBrackets pairs brackets (rule BD16: a stack of at most 63 open
// brackets) and resolves each pair that holds strong text (rule N0): the
// paragraph's direction when the pair holds text of that direction, else
// the opposite direction when the text before the pair has it, else the
// paragraph's. Numbers count as right to left, European digits after Latin
// as left to right. Pairs holding no strong text are left to the neutral
// rules.
func resolveBrackets(text []rune, dir Direction) []bracketPair {
	type open struct {
		idx   int
		close rune
	}
	var stack []open
	var pairs []bracketPair
pairing:
	for i, r := range text {
		if c, ok := bracketPairs[r]; ok {
			if len(stack) == 63 {
				break pairing
			}
			stack = append(stack, open{i, c})
			continue
		}
		for j := len(stack) - 1; j >= 0; j-- {
			if stack[j].close == r {
				pairs = append(pairs, bracketPair{open: stack[j].idx, close: i})
				stack = stack[:j]
				break
			}
		}
	}
	if len(pairs) == 0 {
		return nil
	}
	sortPairs(pairs)

	// strong[i]: +1 left to right, -1 right to left, 0 neutral, as rule N0
	// sees the characters.
	e := 1
	if dir == DirRTL {
		e = -1
	}
	strong := make([]int, len(text))
	last := e
	for i, r := range text {
		switch bidiClass(r) {
		case bidi.L:
			strong[i], last = 1, 1
		case bidi.R, bidi.AL:
			strong[i], last = -1, -1
		case bidi.AN:
			strong[i] = -1
		case bidi.EN:
			strong[i] = last
		}
	}
	out := pairs[:0]
	for _, pr := range pairs {
		hasE, hasOpp := false, false
		for k := pr.open + 1; k < pr.close; k++ {
			switch strong[k] {
			case e:
				hasE = true
			case -e:
				hasOpp = true
			}
		}
		var t int
		switch {
		case hasE:
			t = e
		case hasOpp:
			before := e
			for k := pr.open - 1; k >= 0; k-- {
				if strong[k] != 0 {
					before = strong[k]
					break
				}
			}
			t = e
			if before == -e {
				t = -e
			}
		default:
			continue
		}
		strong[pr.open], strong[pr.close] = t, t
		pr.rtl = t == -1
		out = append(out, pr)
	}
	return out
}

func sortPairs(p []bracketPair) {
	for i := 1; i < len(p); i++ {
		for j := i; j > 0 && p[j].open < p[j-1].open; j-- {
			p[j], p[j-1] = p[j-1], p[j]
		}
	}
}

func isDigit(r rune) bool {
	return (r >= '0' && r <= '9') || (r >= '۰' && r <= '۹') || (r >= '٠' && r <= '٩')
}

func isLatinAlnum(r rune) bool {
	return isDigit(r) || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
}

// isJoiner reports separators that join digit groups into one value.
func isJoiner(r rune) bool {
	switch r {
	case '-', '/', '.', ':', '_', ',', '\u2010', '\u2011', '\u066b', '\u066c':
		return true
	}
	return false
}

func allDigits(s []rune) bool {
	for _, r := range s {
		if !isDigit(r) {
			return false
		}
	}
	return len(s) > 0
}

// numericTokens returns the [start, end) ranges of the values the first
// display rule isolates: two or more groups of ASCII letters and digits
// joined by single separators (a single space joins only groups of
// digits), holding at least one digit, optionally led by '+'.
func numericTokens(text []rune) [][2]int {
	var out [][2]int
	n := len(text)
	i := 0
	for i < n {
		if !isLatinAlnum(text[i]) || (i > 0 && isLatinAlnum(text[i-1])) {
			i++
			continue
		}
		start := i
		if start > 0 && text[start-1] == '+' && (start < 2 || !isLatinAlnum(text[start-2])) {
			start--
		}
		// Consume groups.
		groups := 0
		hasDigit := false
		end := i
		j := i
		prevGroup := []rune(nil)
		for {
			g := j
			for j < n && isLatinAlnum(text[j]) {
				if isDigit(text[j]) {
					hasDigit = true
				}
				j++
			}
			group := text[g:j]
			groups++
			end = j
			prevGroup = group
			// A joiner followed by another group continues the value.
			if j+1 < n && isLatinAlnum(text[j+1]) {
				if isJoiner(text[j]) {
					j++
					continue
				}
				if text[j] == ' ' && allDigits(prevGroup) {
					k := j + 1
					for k < n && isLatinAlnum(text[k]) {
						k++
					}
					if allDigits(text[j+1 : k]) {
						j++
						continue
					}
				}
			}
			break
		}
		if hasDigit && (groups > 1 || start < i) {
			out = append(out, [2]int{start, end})
		}
		i = end
		if i == start {
			i++
		}
	}
	return out
}
