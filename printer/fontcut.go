package printer

import (
	"errors"
	"sync"

	"github.com/go-pdf/fpdf"

	"github.com/pishkhan/pishkhan/kiosk/typeset"
)

// fpdf parses the whole font file for every document and again when it
// writes the subset, and a Persian UI font such as DejaVu Sans covers many
// scripts a receipt never shows. So each font is cut once, with fpdf's own
// subsetter, to the characters receipts are written in (Latin, Persian and
// Arabic with their presentation forms, digits, punctuation); receipts are
// laid out with the cut and fall back to the whole font for a character it
// lacks. Shaping still uses the whole font: only the characters printed
// must be in the cut, with the same glyphs and advances.

// fontCut is the regular font cut to the receipt repertoire.
type fontCut struct {
	regular []byte
}

// errOutsideCut reports a receipt character the cut fonts lack.
var errOutsideCut = errors.New("character outside the receipt font cut")

// receiptRanges are the characters the cut keeps (where the font has
// them).
var receiptRanges = [][2]rune{
	{0x0020, 0x007E}, // Basic Latin
	{0x00A0, 0x00FF}, // Latin-1: « » × ÷ ° and accented letters
	{0x0600, 0x06FF}, // Arabic, with the Persian letters and digits
	{0x200C, 0x200F}, // ZWNJ, ZWJ, LRM, RLM
	{0x2010, 0x2027}, // dashes, quotes, ellipsis
	{0x2030, 0x203A}, // per mille, primes, single guillemets
	{0xFB50, 0xFDFF}, // Arabic presentation forms A
	{0xFE70, 0xFEFF}, // Arabic presentation forms B
}

func inReceiptRanges(r rune) bool {
	for _, rg := range receiptRanges {
		if r >= rg[0] && r <= rg[1] {
			return true
		}
	}
	return false
}

// covers reports whether every character of s is in the cut.
func (c *fontCut) covers(s string) bool {
	for _, r := range s {
		if !inReceiptRanges(r) {
			return false
		}
	}
	return true
}

var (
	cutsMu sync.Mutex
	cuts   = map[*typeset.Fonts]*fontCut{}
)

// cutFor returns the cut of f, making it on first use (some tens of
// milliseconds). A program holds one Fonts, so the cache stays small.
func cutFor(f *typeset.Fonts) *fontCut {
	cutsMu.Lock()
	defer cutsMu.Unlock()
	if c, ok := cuts[f]; ok {
		return c
	}
	var set []rune
	for _, rg := range receiptRanges {
		for r := rg[0]; r <= rg[1]; r++ {
			set = append(set, r)
		}
	}
	c := &fontCut{regular: fpdf.UTF8CutFont(f.RegularBytes(), string(set))}
	if len(c.regular) == 0 {
		c = nil // the whole font it is
	}
	cuts[f] = c
	return c
}
