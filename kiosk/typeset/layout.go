package typeset

import (
	"math"
	"strings"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/unicode/bidi"
)

// Options says how to lay out a text.
type Options struct {
	// Size is the font size: pixels at scale 1 (Fyne units) for the
	// screen, points for a PDF. Shaping rounds it up to a whole number.
	Size float32
	Bold bool
	Dir  Direction
	// MaxWidth wraps lines within this width, in the unit of Size; zero or
	// less keeps every paragraph on one line.
	MaxWidth float32
	// LineSpacing is extra space between lines, in the unit of Size
	// (Persian dots above and below need more room than the font's
	// line height gives).
	LineSpacing float32
	// Private lays the text out without caching it: for what a citizen
	// types or answered, which must not outlive the session.
	Private bool
}

// Paragraph is laid-out text: lines of glyph runs in visual order with
// their positions. A text with newlines holds one paragraph of lines per
// line of input, stacked. A Paragraph is shared through the layout cache:
// treat it as read-only.
type Paragraph struct {
	// Text is the text laid out, as given.
	Text string
	// Dir is the resolved direction, DirLTR or DirRTL.
	Dir  Direction
	Size float32
	Bold bool
	// Lines, top to bottom.
	Lines []Line
	// Width is the widest line's advance; Height the lines' total height.
	Width, Height float32
	// Ascent and Descent are the font's extents above and below the
	// baseline (both positive); LineHeight is one line's height, without
	// the LineSpacing between lines.
	Ascent, Descent, LineHeight, LineSpacing float32

	// runeCount is the number of runes in Text.
	runeCount int
	// ink is InkOverhang, measured once by Layout: widgets ask for it on
	// every layout pass (issue 17's profile); inkKnown says it was.
	ink      [2]float32
	inkKnown bool
}

// Line is one line of a Paragraph.
type Line struct {
	// Runs in visual order, left to right.
	Runs []Run
	// Width is the line's advance (a wrapped line's trailing spaces excluded).
	Width float32
	// Top is the line's top edge and Baseline its baseline, both measured
	// down from the paragraph's top.
	Top, Baseline float32
	// Start and End are the line's rune offsets in Text, [Start, End).
	Start, End int
	// hardEnd marks a line that ends its input paragraph.
	hardEnd bool
	// prep is the prepared text of the line's input paragraph, which the
	// runs' Output.Runes index.
	prep *preparedRef
}

// Run is a stretch of glyphs of one direction on a line.
type Run struct {
	// X is the run's left edge from the line's left edge.
	X float32
	// Width is the run's advance.
	Width float32
	// RTL reports a right-to-left run (its glyphs are already in visual
	// order).
	RTL bool
	// Level is the run's resolved bidi embedding level.
	Level int
	// Start and End are the run's rune offsets in Text, [Start, End).
	Start, End int
	// Output is the shaped run (go-text). Its Runes are indices into the
	// prepared text, not Text: use Start and End.
	Output shaping.Output
}

// preparedRef ties the lines of one input paragraph to its prepared text
// and to the offset of that paragraph in the whole Text.
type preparedRef struct {
	prepared
	offset int // rune offset of this input paragraph in Text
}

// engine holds the reusable state of the layout pipeline. It is guarded by
// Fonts.mu.
type engine struct {
	seg     shaping.Segmenter
	shaper  shaping.HarfbuzzShaper
	wrapper shaping.LineWrapper
}

// Layout lays out text, or returns the cached layout of the same text and
// options (never cached with Options.Private).
func (f *Fonts) Layout(text string, o Options) *Paragraph {
	f.mu.Lock()
	defer f.mu.Unlock()
	if o.Private {
		return f.layout(text, o)
	}
	key := cacheKey{text: text, size: o.Size, bold: o.Bold, dir: o.Dir, width: o.MaxWidth, spacing: o.LineSpacing}
	if p := f.cache.get(key); p != nil {
		return p
	}
	p := f.layout(text, o)
	f.cache.put(key, p)
	return p
}

// layout runs the pipeline; f.mu must be held.
func (f *Fonts) layout(text string, o Options) *Paragraph {
	tf := f.typeface(o.Bold)
	size := fixed.Int26_6(math.Ceil(float64(o.Size))) << 6
	if size <= 0 {
		size = fixed.I(1)
	}
	dir := ResolveDirection(text, o.Dir)
	p := &Paragraph{Text: text, Dir: dir, Size: o.Size, Bold: o.Bold, LineSpacing: max(o.LineSpacing, 0)}
	p.Ascent, p.Descent, p.LineHeight = lineMetrics(tf.face, size)

	maxWidth := math.MaxInt32
	if o.MaxWidth > 0 {
		maxWidth = int(math.Floor(float64(o.MaxWidth)))
	}
	offset := 0
	top := float32(0)
	// A "\r" before a newline stays in its paragraph and shows as a
	// space, so offsets keep counting the runes of Text.
	for _, para := range strings.Split(text, "\n") {
		runes := []rune(para)
		ref := &preparedRef{prepared: prepare(runes, dir), offset: offset}
		lines := f.engine.layoutParagraph(ref, dir, tf.face, size, maxWidth)
		if len(lines) == 0 {
			lines = []Line{{Start: offset, End: offset, prep: ref}}
		}
		lines[len(lines)-1].hardEnd = true
		for i := range lines {
			l := &lines[i]
			if len(p.Lines) > 0 || i > 0 {
				top += p.LineSpacing
			}
			l.Top = top
			l.Baseline = top + p.Ascent
			top += p.LineHeight
			if l.Width > p.Width {
				p.Width = l.Width
			}
		}
		p.Lines = append(p.Lines, lines...)
		offset += len(runes) + 1
	}
	p.runeCount = offset - 1
	p.Height = top
	p.ink[0], p.ink[1] = p.measureInk()
	p.inkKnown = true
	return p
}

func lineMetrics(face *font.Face, size fixed.Int26_6) (ascent, descent, height float32) {
	ext, _ := face.FontHExtents()
	scale := float32(size) / 64 / float32(face.Upem())
	ascent = ext.Ascender * scale
	descent = -ext.Descender * scale
	return ascent, descent, ascent + descent + ext.LineGap*scale
}

// layoutParagraph segments, shapes, wraps and orders one input paragraph.
func (e *engine) layoutParagraph(ref *preparedRef, dir Direction, face *font.Face, size fixed.Int26_6, maxWidth int) []Line {
	text := ref.runes
	if len(text) == 0 {
		return nil
	}
	paraDir := di.DirectionLTR
	lang := language.NewLanguage("en")
	if dir == DirRTL {
		paraDir = di.DirectionRTL
		lang = language.NewLanguage("fa")
	}
	in := shaping.Input{
		Text:      text,
		RunStart:  0,
		RunEnd:    len(text),
		Direction: paraDir,
		Face:      face,
		Size:      size,
		Language:  lang,
	}
	inputs := e.seg.Split(in, fontmap{face})
	levels := runeLevels(ref.prepared, inputs, dir)
	outs := make([]shaping.Output, 0, len(inputs))
	for _, run := range splitByLevel(inputs, levels) {
		outs = append(outs, e.shaper.Shape(run))
	}
	// A single line (an input field) keeps its trailing spaces so the caret
	// moves when a space is typed; wrapped lines drop them at line ends.
	cfg := shaping.WrapConfig{Direction: paraDir, DisableTrailingWhitespaceTrim: maxWidth == math.MaxInt32}
	wrapped, _ := e.wrapper.WrapParagraph(cfg, maxWidth, text, shaping.NewSliceIterator(outs))

	lines := make([]Line, 0, len(wrapped))
	for _, wl := range wrapped {
		lines = append(lines, makeLine(wl, levels, ref))
	}
	return lines
}

// runeLevels resolves the bidi embedding level of each prepared rune from
// the segmenter's runs. Without explicit embeddings (input never keeps
// them) a right-to-left paragraph has only levels 1 (right-to-left text)
// and 2 (everything left to right). A left-to-right paragraph has levels 0
// (Latin), 1 (Persian) and 2: numbers that stay numbers after
// right-to-left text, and the values the display rules override; they must
// not merge with Latin text at level 0 when lines are reordered.
func runeLevels(p prepared, inputs []shaping.Input, dir Direction) []int8 {
	levels := make([]int8, len(p.runes))
	for _, in := range inputs {
		rtl := in.Direction.Progression() == di.TowardTopLeft
		for i := in.RunStart; i < in.RunEnd; i++ {
			switch {
			case rtl:
				levels[i] = 1
			case dir == DirRTL || p.forcedLTR[i]:
				levels[i] = 2
			default:
				levels[i] = 0
			}
		}
	}
	if dir == DirLTR {
		markNumberLevels(p.runes, levels)
	}
	return levels
}

// markNumberLevels raises to level 2 the numbers of a left-to-right
// paragraph that keep their number type: Arabic-Indic digits always, other
// digits when the last strong character before them is right to left
// (rules W2, W7 and I1 of the bidi algorithm).
func markNumberLevels(text []rune, levels []int8) {
	lastStrongRTL := false
	for i := 0; i < len(text); {
		c := bidiClass(text[i])
		switch c {
		case bidi.L:
			lastStrongRTL = false
		case bidi.R, bidi.AL:
			lastStrongRTL = true
		}
		if c != bidi.EN && c != bidi.AN || levels[i] != 0 {
			i++
			continue
		}
		// A number: digits with single separators between them.
		j, hasAN := i, false
		for j < len(text) && levels[j] == 0 {
			cj := bidiClass(text[j])
			if cj == bidi.AN {
				hasAN = true
			}
			if cj == bidi.EN || cj == bidi.AN || cj == bidi.ET {
				j++
				continue
			}
			if (cj == bidi.CS || cj == bidi.ES) && j+1 < len(text) && levels[j+1] == 0 {
				if cn := bidiClass(text[j+1]); cn == bidi.EN || cn == bidi.AN {
					j++
					continue
				}
			}
			break
		}
		if hasAN || lastStrongRTL {
			for k := i; k < j; k++ {
				levels[k] = 2
			}
		}
		i = j
	}
}

// splitByLevel cuts the segmenter's runs where the resolved level changes
// within a run of one direction.
func splitByLevel(inputs []shaping.Input, levels []int8) []shaping.Input {
	var out []shaping.Input
	for _, in := range inputs {
		start := in.RunStart
		for i := in.RunStart + 1; i <= in.RunEnd; i++ {
			if i == in.RunEnd || levels[i] != levels[start] {
				part := in
				part.RunStart, part.RunEnd = start, i
				out = append(out, part)
				start = i
			}
		}
	}
	return out
}

// makeLine copies a wrapped line (the wrapper reuses its lines), orders its
// runs visually by level (rule L2) and positions them.
func makeLine(wl shaping.Line, levels []int8, ref *preparedRef) Line {
	runs := make([]Run, 0, len(wl))
	for _, out := range wl {
		if out.Runes.Count == 0 && len(out.Glyphs) == 0 {
			continue
		}
		lvl := 0
		if out.Runes.Count > 0 {
			lvl = int(levels[out.Runes.Offset])
		}
		runs = append(runs, Run{
			RTL:    out.Direction.Progression() == di.TowardTopLeft,
			Level:  lvl,
			Start:  ref.originalIndex(out.Runes.Offset),
			End:    ref.originalIndex(out.Runes.Offset + out.Runes.Count),
			Width:  fixedToFloat(out.Advance),
			Output: out,
		})
	}
	l := Line{prep: ref}
	if len(runs) > 0 {
		l.Start, l.End = runs[0].Start, runs[len(runs)-1].End
	} else {
		l.Start, l.End = ref.offset, ref.offset
	}
	reorder(runs)
	x := float32(0)
	for i := range runs {
		runs[i].X = x
		x += runs[i].Width
	}
	l.Runs = runs
	l.Width = x
	return l
}

// originalIndex maps a prepared index to a rune offset in Text.
func (r *preparedRef) originalIndex(i int) int {
	if i >= len(r.orig) {
		return r.offset + len(r.pos) - 1
	}
	return r.offset + r.orig[i]
}

// reorder puts runs (in logical order) in visual order: from the highest
// level down to the lowest odd level, reverse every maximal sequence of
// runs at that level or higher (Unicode bidi rule L2).
func reorder(runs []Run) {
	if len(runs) < 2 {
		return
	}
	maxLevel, minOdd := 0, math.MaxInt
	for _, r := range runs {
		maxLevel = max(maxLevel, r.Level)
		if r.Level%2 == 1 {
			minOdd = min(minOdd, r.Level)
		}
	}
	for lvl := maxLevel; lvl >= minOdd && lvl > 0; lvl-- {
		for i := 0; i < len(runs); {
			if runs[i].Level < lvl {
				i++
				continue
			}
			j := i
			for j < len(runs) && runs[j].Level >= lvl {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				runs[a], runs[b] = runs[b], runs[a]
			}
			i = j
		}
	}
}

func fixedToFloat(v fixed.Int26_6) float32 { return float32(v) / 64 }

// LineX returns the x of line i's left edge in a box of width boxWidth
// with alignment a (in the paragraph's direction).
func (p *Paragraph) LineX(i int, boxWidth float32, a Align) float32 {
	if i < 0 || i >= len(p.Lines) {
		return 0
	}
	free := boxWidth - p.Lines[i].Width
	switch a.Edge(p.Dir) {
	case EdgeCenter:
		return free / 2
	case EdgeRight:
		return free
	}
	return 0
}

// VisualText returns the characters of line i in visual order, left to
// right, as they appear on screen (before shaping substitutes contextual
// forms, and without the invisible controls the display rules insert). It
// is meant for tests and diagnostics.
func (p *Paragraph) VisualText(i int) string {
	if i < 0 || i >= len(p.Lines) {
		return ""
	}
	l := p.Lines[i]
	var b strings.Builder
	for _, r := range l.Runs {
		prep := l.prep.runes
		from, to := r.Output.Runes.Offset, r.Output.Runes.Offset+r.Output.Runes.Count
		if r.RTL {
			for k := to - 1; k >= from; k-- {
				if !isInvisibleControl(prep[k]) {
					b.WriteRune(prep[k])
				}
			}
		} else {
			for k := from; k < to; k++ {
				if !isInvisibleControl(prep[k]) {
					b.WriteRune(prep[k])
				}
			}
		}
	}
	return b.String()
}

// isInvisibleControl reports bidi controls and marks that have no glyph
// and no width (ZWNJ and ZWJ are kept in text but are not printed either).
func isInvisibleControl(r rune) bool {
	switch {
	case r == '\u200c', r == '\u200d', r == lrm, r == '\u200f', r == '\u061c':
		return true
	case r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}

// InkOverhang returns how far the glyphs' ink reaches beyond the lines'
// boxes: horizontally past a line's advance on either side (the dots of
// an initial پ hang past its advance), vertically above the ascent or
// below the descent. A drawing surface needs at least this margin for
// nothing to be cut.
func (p *Paragraph) InkOverhang() (horizontal, vertical float32) {
	if p.inkKnown {
		return p.ink[0], p.ink[1]
	}
	return p.measureInk()
}

// measureInk walks the glyphs for InkOverhang.
func (p *Paragraph) measureInk() (horizontal, vertical float32) {
	for _, l := range p.Lines {
		for _, r := range l.Runs {
			x := r.X
			for _, g := range r.Output.Glyphs {
				left := x + fixedToFloat(g.XOffset+g.XBearing)
				right := left + fixedToFloat(g.Width)
				top := fixedToFloat(g.YOffset + g.YBearing)                // above the baseline
				bottom := -fixedToFloat(g.YOffset + g.YBearing + g.Height) // below it
				horizontal = max(horizontal, -left, right-l.Width)
				vertical = max(vertical, top-p.Ascent, bottom-p.Descent)
				x += fixedToFloat(g.XAdvance)
			}
		}
	}
	return horizontal, vertical
}
