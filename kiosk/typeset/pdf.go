package typeset

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"unicode"

	"github.com/go-text/typesetting/font"
)

// ErrMissingGlyph is returned (with usable lines) when the font has no glyph
// for a character of the text: that character prints as the font's
// .notdef box.
var ErrMissingGlyph = errors.New("font has no glyph for a character")

// PDFLine is one laid-out line for a PDF writer that neither shapes nor
// reorders text (go-pdf/fpdf).
type PDFLine struct {
	// Text is the line in visual order, left to right, with Persian
	// letters as Arabic presentation forms (their joined shapes). Print it
	// as is, left to right, with the same font (RegularBytes/BoldBytes).
	Text string
	// Width is the line's advance in points.
	Width float64
	// RTL is the paragraph direction: align right-to-left lines right.
	RTL bool
}

// pdfUnitsPerPoint is the layout resolution for PDF text: shaping rounds
// sizes up to whole units, so the layout runs at 1/16 pt.
const pdfUnitsPerPoint = 16

// PDFLines lays out text at sizePt, wrapped within maxWidthPt (no wrapping
// when zero), and returns each line as a string in visual order obtained by
// mapping every shaped glyph back to a character through the font's cmap.
// With the font embedded from RegularBytes/BoldBytes (bold selects which),
// printing those strings left to right reproduces the shaped text.
//
// When the font lacks a glyph, the lines are still returned, with an error
// wrapping ErrMissingGlyph.
func (f *Fonts) PDFLines(text string, sizePt, maxWidthPt float64, dir Direction, bold bool) ([]PDFLine, error) {
	if sizePt <= 0 {
		return nil, fmt.Errorf("pdf lines: font size %v", sizePt)
	}
	units := float32(math.Ceil(sizePt * pdfUnitsPerPoint))
	perUnit := sizePt / float64(units)
	p := f.Layout(text, Options{
		Size:     units,
		Bold:     bold,
		Dir:      dir,
		MaxWidth: float32(maxWidthPt / perUnit),
	})
	tf := f.typeface(bold)

	f.mu.Lock()
	defer f.mu.Unlock()
	if tf.glyphRune == nil {
		tf.glyphRune = reverseCmap(tf.face)
	}
	missing := 0
	lines := make([]PDFLine, 0, len(p.Lines))
	for _, l := range p.Lines {
		var b strings.Builder
		for _, run := range l.Runs {
			prep := l.prep.runes
			lastCluster := -1
			for _, g := range run.Output.Glyphs {
				src := prep[g.ClusterIndex:min(g.ClusterIndex+max(g.RuneCount, 1), len(prep))]
				if invisible(src) || (g.XAdvance == 0 && allSpace(src)) {
					continue
				}
				if g.GlyphID == 0 {
					missing++
				}
				if r, ok := glyphChar(tf, g.GlyphID, src); ok {
					b.WriteRune(r)
				} else if g.ClusterIndex != lastCluster {
					// No character maps to this glyph: print the source
					// characters once per cluster, unshaped but legible.
					b.WriteString(string(src))
				}
				lastCluster = g.ClusterIndex
			}
		}
		lines = append(lines, PDFLine{Text: b.String(), Width: float64(l.Width) * perUnit, RTL: p.Dir == DirRTL})
	}
	if missing > 0 {
		// The characters are not named: the text may be a citizen's.
		return lines, fmt.Errorf("pdf lines: %w (%d glyphs)", ErrMissingGlyph, missing)
	}
	return lines, nil
}

// glyphChar returns the character to print for glyph gid shaped from src:
// the source character itself when it maps to that glyph, else a character
// the cmap maps to it (an Arabic presentation form for a joined shape).
func glyphChar(tf *typeface, gid font.GID, src []rune) (rune, bool) {
	if len(src) == 1 {
		if g, ok := tf.face.NominalGlyph(src[0]); ok && g == gid {
			return src[0], true
		}
	}
	r, ok := tf.glyphRune[gid]
	return r, ok
}

func isPresentationForm(r rune) bool {
	return (r >= 0xFB50 && r <= 0xFDFF) || (r >= 0xFE70 && r <= 0xFEFF)
}

// reverseCmap maps each glyph to a character the cmap maps to it,
// preferring Arabic presentation forms (the only characters that name the
// joined shapes) and otherwise the lowest code point.
func reverseCmap(face *font.Face) map[font.GID]rune {
	out := make(map[font.GID]rune)
	it := face.Cmap.Iter()
	for it.Next() {
		r, g := it.Char()
		old, seen := out[g]
		switch {
		case !seen:
			out[g] = r
		case isPresentationForm(r) && !isPresentationForm(old):
			out[g] = r
		case isPresentationForm(r) == isPresentationForm(old) && r < old:
			out[g] = r
		}
	}
	return out
}

func invisible(src []rune) bool {
	for _, r := range src {
		if !isInvisibleControl(r) {
			return false
		}
	}
	return true
}

func allSpace(src []rune) bool {
	for _, r := range src {
		if !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}
