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
	// letters as Arabic presentation forms (their joined shapes): the
	// characters of Pieces, in order.
	Text string
	// Pieces are the stretches of Text to print each at its own position
	// with the same font (RegularBytes/BoldBytes), left to right, so that
	// every glyph lands where shaping put it.
	Pieces []PDFPiece
	// Width is the line's advance in points.
	Width float64
	// RTL is the paragraph direction: align right-to-left lines right.
	RTL bool
}

// PDFPiece is a stretch of a PDFLine whose glyphs follow each other by
// their own advances, as a PDF text operator places them. A vowel mark
// (a fatha raised above its letter, with no advance of its own) is a piece
// by itself, after the piece of its letter.
type PDFPiece struct {
	Text string
	// X is the piece's pen position from the line's left edge and Y its
	// rise above the baseline, in points.
	X, Y float64
	// Marks are the marks drawn over this piece, a single letter, as the
	// pieces that follow it: text extraction should read the letter and
	// its marks here (PDF /ActualText), and nothing at the marks.
	Marks string
	// Mark reports a piece that is one of the marks of a letter.
	Mark bool
}

// pdfUnitsPerPoint is the layout resolution for PDF text: shaping rounds
// sizes up to whole units, so the layout runs at 1/16 pt.
const pdfUnitsPerPoint = 16

// PDFLines lays out text at sizePt, wrapped within maxWidthPt (no wrapping
// when zero), and returns each line as a string in visual order obtained by
// mapping every shaped glyph back to a character through the font's cmap.
// With the font embedded from RegularBytes/BoldBytes (bold selects which),
// printing each line's pieces left to right at their positions reproduces
// the shaped text, marks and kerning included.
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
	var placed []pdfGlyph
	for _, l := range p.Lines {
		placed = placed[:0]
		for _, run := range l.Runs {
			var n int
			placed, n = placeGlyphs(placed, tf, l.prep.runes, run, float64(units))
			missing += n
		}
		line := PDFLine{Width: float64(l.Width) * perUnit, RTL: p.Dir == DirRTL}
		line.Text, line.Pieces = pdfPieces(placed, float64(units), perUnit)
		lines = append(lines, line)
	}
	if missing > 0 {
		// The characters are not named: the text may be a citizen's.
		return lines, fmt.Errorf("pdf lines: %w (%d glyphs)", ErrMissingGlyph, missing)
	}
	return lines, nil
}

// pdfGlyph is a shaped glyph as printed: its characters, where shaping
// put it and the advance a PDF writer gives its characters, in layout
// units.
type pdfGlyph struct {
	chars   string
	x, y    float64 // pen position with the glyph's offsets applied
	advance float64 // the characters' own advance in the font
	cluster int
	mark    bool // no advance of its own, moved off its pen position
}

// placeGlyphs appends the printed glyphs of run to out and returns it
// with the number of glyphs the font lacks. In a right-to-left run a
// mark comes before its letter in visual order; it is moved after it, so
// that text extraction (pdftotext) finds it on its letter.
func placeGlyphs(out []pdfGlyph, tf *typeface, prep []rune, run Run, units float64) ([]pdfGlyph, int) {
	face := tf.face
	scale := units / float64(face.Upem())
	missing := 0
	lastCluster := -1
	pen := float64(run.X)
	first := len(out)
	for _, g := range run.Output.Glyphs {
		x := pen
		pen += float64(g.XAdvance) / 64
		src := prep[g.ClusterIndex:min(g.ClusterIndex+max(g.RuneCount, 1), len(prep))]
		if invisible(src) || (g.XAdvance == 0 && allSpace(src)) {
			continue
		}
		if g.GlyphID == 0 {
			missing++
		}
		var chars string
		if r, ok := glyphChar(tf, g.GlyphID, src); ok {
			chars = string(r)
		} else if g.XAdvance == 0 && len(src) > 1 {
			// A ligature of marks (shadda with fatha) no character maps
			// to: print the marks themselves there, not their letter.
			chars = marksOf(src)
		} else if g.ClusterIndex != lastCluster {
			// No character maps to this glyph: print the source
			// characters once per cluster, unshaped but legible.
			chars = string(src)
		}
		lastCluster = g.ClusterIndex
		if chars == "" {
			continue
		}
		own := 0.0
		for _, r := range chars {
			if gid, ok := face.NominalGlyph(r); ok {
				own += float64(face.HorizontalAdvance(gid))
			}
		}
		out = append(out, pdfGlyph{
			chars:   chars,
			x:       x + float64(g.XOffset)/64,
			y:       float64(g.YOffset) / 64,
			advance: own * scale,
			cluster: g.ClusterIndex,
			mark:    g.XAdvance == 0 && own == 0 && (g.XOffset != 0 || g.YOffset != 0),
		})
	}
	if run.RTL {
		glyphs := out[first:]
		for i := 0; i < len(glyphs); i++ {
			// Marks glyphs[i:j] of one cluster, then their letter.
			j := i
			for j < len(glyphs) && glyphs[j].mark && glyphs[j].cluster == glyphs[i].cluster {
				j++
			}
			if j > i && j < len(glyphs) && glyphs[j].cluster == glyphs[i].cluster {
				letter := glyphs[j]
				copy(glyphs[i+1:j+1], glyphs[i:j])
				glyphs[i] = letter
				i = j
			}
		}
	}
	return out, missing
}

// pdfPieces cuts placed glyphs into the pieces a PDF writer prints each at
// its position: a glyph joins the piece before it when it stands where
// that piece's advances end. A letter that carries marks and each of its
// marks are pieces of their own. It returns the pieces and their text.
func pdfPieces(placed []pdfGlyph, units, perUnit float64) (string, []PDFPiece) {
	// A PDF writer rounds widths to 1/1000 em.
	tolerance := units / 1000
	var b strings.Builder
	var pieces []PDFPiece
	open := false      // the last piece may take the next glyph
	end, y := 0.0, 0.0 // where the last piece's advances end, its rise
	for i, g := range placed {
		b.WriteString(g.chars)
		carrier := false
		if !g.mark {
			var marks strings.Builder
			for _, m := range placed[i+1:] {
				if !m.mark || m.cluster != g.cluster {
					break
				}
				marks.WriteString(m.chars)
				carrier = true
			}
			if carrier {
				pieces = append(pieces, PDFPiece{Text: g.chars, Marks: marks.String(), X: g.x * perUnit, Y: g.y * perUnit})
				open = false
				continue
			}
		}
		if g.mark {
			pieces = append(pieces, PDFPiece{Text: g.chars, Mark: true, X: g.x * perUnit, Y: g.y * perUnit})
			open = false
			continue
		}
		if open && g.y == y && math.Abs(g.x-end) <= tolerance {
			pieces[len(pieces)-1].Text += g.chars
		} else {
			pieces = append(pieces, PDFPiece{Text: g.chars, X: g.x * perUnit, Y: g.y * perUnit})
			end, y = g.x, g.y
		}
		end += g.advance
		open = true
	}
	return b.String(), pieces
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

// marksOf returns the nonspacing marks of src.
func marksOf(src []rune) string {
	var b strings.Builder
	for _, r := range src {
		if unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func allSpace(src []rune) bool {
	for _, r := range src {
		if !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}
