package printer

import (
	"errors"
	"fmt"

	"github.com/pishkhan/pishkhan/kiosk/typeset"
)

// shapedLines lays out a paragraph that fpdf cannot place by itself
// (Persian, or any right-to-left paragraph) with typeset: each line comes
// back in visual order with Persian letters as presentation forms, in
// pieces to be printed left to right with the same font, each where
// shaping put it (a vowel mark above its letter).
func shapedLines(f *typeset.Fonts, text string, sizePt, maxWidthPt float64, rtl, bold bool) ([]typeset.PDFLine, error) {
	dir := typeset.DirLTR
	if rtl {
		dir = typeset.DirRTL
	}
	lines, err := f.PDFLines(text, sizePt, maxWidthPt, dir, bold)
	// A character the font lacks prints as a box; the rest of the
	// receipt is still worth printing.
	if err != nil && !errors.Is(err, typeset.ErrMissingGlyph) {
		return nil, fmt.Errorf("lay out text: %w", err)
	}
	return lines, nil
}
