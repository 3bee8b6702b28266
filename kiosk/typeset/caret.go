package typeset

// Caret returns where a text cursor stands before the character at rune
// offset (0 ≤ offset ≤ the number of runes in Text): the line index and the
// x from that line's left edge (add LineX for the box). At the end of the
// text, or of a line of input, it stands after the last character. The
// caret sits on the character's leading edge in its own direction: the
// right edge of a Persian letter, the left edge of a Latin one.
func (p *Paragraph) Caret(offset int) (line int, x float32) {
	offset = max(0, min(offset, p.runeCount))
	for i := range p.Lines {
		l := &p.Lines[i]
		if offset >= l.Start && offset < l.End {
			return i, l.leadingEdge(offset)
		}
		if offset == l.End && (l.hardEnd || i == len(p.Lines)-1) {
			return i, l.trailingEdge(offset)
		}
	}
	last := len(p.Lines) - 1
	return last, p.Lines[last].Width
}

// CaretEnd returns the caret position after the last character.
func (p *Paragraph) CaretEnd() (line int, x float32) { return p.Caret(p.runeCount) }

// RuneCount returns the number of runes in Text.
func (p *Paragraph) RuneCount() int { return p.runeCount }

// leadingEdge is the x before the character at offset.
func (l *Line) leadingEdge(offset int) float32 {
	pi := l.prep.pos[offset-l.prep.offset]
	for _, r := range l.Runs {
		if pi < r.Output.Runes.Offset || pi >= r.Output.Runes.Offset+r.Output.Runes.Count {
			continue
		}
		before := advanceBefore(r, pi)
		if r.RTL {
			return r.X + r.Width - before
		}
		return r.X + before
	}
	return l.Width
}

// trailingEdge is the x after the character before offset.
func (l *Line) trailingEdge(offset int) float32 {
	if len(l.Runs) == 0 {
		return 0
	}
	pi := l.prep.pos[offset-l.prep.offset] - 1
	for _, r := range l.Runs {
		if pi < r.Output.Runes.Offset || pi >= r.Output.Runes.Offset+r.Output.Runes.Count {
			continue
		}
		before := advanceBefore(r, pi+1)
		if r.RTL {
			return r.X + r.Width - before
		}
		return r.X + before
	}
	return l.Width
}

// advanceBefore sums the advances of the glyphs of r whose cluster comes
// logically before prepared index pi.
func advanceBefore(r Run, pi int) float32 {
	var sum float32
	for _, g := range r.Output.Glyphs {
		if g.ClusterIndex < pi {
			sum += fixedToFloat(g.XAdvance)
		}
	}
	return sum
}
