package typeset_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/pishkhan/pishkhan/kiosk/typeset"
)

// runAt returns the run of line 0 holding the rune at offset.
func runAt(t *testing.T, p *typeset.Paragraph, offset int) typeset.Run {
	t.Helper()
	for _, r := range p.Lines[0].Runs {
		if offset >= r.Start && offset < r.End {
			return r
		}
	}
	t.Fatalf("no run holds rune %d of %q", offset, p.Text)
	return typeset.Run{}
}

func runeIndex(s, sub string) int {
	i := strings.Index(s, sub)
	if i < 0 {
		return -1
	}
	return utf8.RuneCountInString(s[:i])
}

// TestRunPositions checks where runs stand, independently of pixels and of
// VisualText.
func TestRunPositions(t *testing.T) {
	f := dejavu(t)
	tests := []struct {
		name string
		text string
		left string // this part's run must lie left of right's
		// and be one left-to-right run holding all of it
		right string
	}{
		{"Latin code left of Persian label", "کد رهگیری: ABC-123", "ABC-123", "کد"},
		{"date left of Persian word before it", "تاریخ 1403/05/12", "1403/05/12", "تاریخ"},
		{"hyphen date keeps digit order", "تاریخ ۱۴۰۳-۰۵-۱۲ است", "۱۴۰۳-۰۵-۱۲", "تاریخ"},
		{"tracking code whole", "کد 1234-5678-9012-3456 است", "1234-5678-9012-3456", "کد"},
		{"Persian word after it lies left", "کد 1234-5678 است", "است", "1234-5678"},
		{"English start left", "Service ثبت‌نام", "Service", "ثبت"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := f.Layout(tt.text, typeset.Options{Size: 20})
			if len(p.Lines) != 1 {
				t.Fatalf("%d lines, want 1", len(p.Lines))
			}
			li, ri := runeIndex(tt.text, tt.left), runeIndex(tt.text, tt.right)
			lr, rr := runAt(t, p, li), runAt(t, p, ri)
			if lr.X+lr.Width > rr.X+0.01 {
				t.Errorf("%q (x %.1f..%.1f) is not left of %q (x %.1f..%.1f)", tt.left, lr.X, lr.X+lr.Width, tt.right, rr.X, rr.X+rr.Width)
			}
			if isLatinOrDigits(tt.left) {
				n := utf8.RuneCountInString(tt.left)
				if lr.RTL || lr.Start > li || lr.End < li+n {
					t.Errorf("%q is not one left-to-right run: run [%d,%d) rtl=%v", tt.left, lr.Start, lr.End, lr.RTL)
				}
			}
		})
	}
}

func isLatinOrDigits(s string) bool {
	for _, r := range s {
		if (r >= 'ا' && r <= 'ی') || r == 'پ' || r == 'چ' || r == 'ژ' || r == 'گ' || r == 'ک' {
			return false
		}
	}
	return true
}

func TestMirroredParentheses(t *testing.T) {
	f := dejavu(t)
	open := f.Layout("(", typeset.Options{Size: 20, Dir: typeset.DirLTR}).Lines[0].Runs[0].Output.Glyphs[0].GlyphID
	closeG := f.Layout(")", typeset.Options{Size: 20, Dir: typeset.DirLTR}).Lines[0].Runs[0].Output.Glyphs[0].GlyphID
	// In a right-to-left run "(" is drawn as ")" and vice versa, so the
	// leftmost glyph of "(کیوسک)" is an opening-looking "(".
	p := f.Layout("(کیوسک)", typeset.Options{Size: 20})
	var glyphs []uint32
	for _, r := range p.Lines[0].Runs {
		for _, g := range r.Output.Glyphs {
			if g.XAdvance > 0 {
				glyphs = append(glyphs, uint32(g.GlyphID))
			}
		}
	}
	if len(glyphs) < 2 || glyphs[0] != uint32(open) || glyphs[len(glyphs)-1] != uint32(closeG) {
		t.Errorf("visual glyphs of (کیوسک) = %v, want '(' glyph %d leftmost and ')' glyph %d rightmost", glyphs, open, closeG)
	}
}

const wrapText = "پیشخوان خدمات شهروندی به شما کمک می‌کند درخواست خود را ثبت کنید و کد رهگیری بگیرید"

func TestWrap(t *testing.T) {
	f := dejavu(t)
	const width = 330
	p := f.Layout(wrapText, typeset.Options{Size: 20, MaxWidth: width})
	if len(p.Lines) != 3 {
		t.Fatalf("%d lines at width %d, want 3: %q", len(p.Lines), width, visual(p))
	}
	var words []string
	prevEnd := 0
	runes := []rune(wrapText)
	for i, l := range p.Lines {
		if l.Width > width {
			t.Errorf("line %d is %.1f wide, more than %d", i, l.Width, width)
		}
		if l.Start != prevEnd {
			t.Errorf("line %d starts at rune %d, want %d (where line %d ended)", i, l.Start, prevEnd, i-1)
		}
		prevEnd = l.End
		words = append(words, strings.Fields(string(runes[l.Start:l.End]))...)
		if got, want := l.Top, float32(i)*p.LineHeight; got != want {
			t.Errorf("line %d top %.1f, want %.1f", i, got, want)
		}
	}
	if prevEnd != len(runes) {
		t.Errorf("lines end at rune %d, want %d", prevEnd, len(runes))
	}
	if got := strings.Join(words, " "); got != wrapText {
		t.Errorf("lines hold %q, want the text in order", got)
	}
	if p.Height != 3*p.LineHeight {
		t.Errorf("height %.1f, want 3 lines of %.1f", p.Height, p.LineHeight)
	}
	spaced := f.Layout(wrapText, typeset.Options{Size: 20, MaxWidth: width, LineSpacing: 5})
	if got, want := spaced.Height, 3*p.LineHeight+2*5; got != want {
		t.Errorf("with line spacing 5: height %.1f, want %.1f", got, want)
	}
	if got, want := spaced.Lines[2].Top, 2*(p.LineHeight+5); got != want {
		t.Errorf("with line spacing 5: third line top %.1f, want %.1f", got, want)
	}
	// Unwrapped, it is one line.
	if n := len(f.Layout(wrapText, typeset.Options{Size: 20}).Lines); n != 1 {
		t.Errorf("without MaxWidth: %d lines, want 1", n)
	}
}

func TestNewlines(t *testing.T) {
	f := dejavu(t)
	p := f.Layout("سلام\nabc\n", typeset.Options{Size: 20})
	if len(p.Lines) != 3 {
		t.Fatalf("%d lines, want 3 (one per input line)", len(p.Lines))
	}
	if got := visual(p); got[0] != "مالس" || got[1] != "abc" || got[2] != "" {
		t.Errorf("lines %q", got)
	}
	if p.Lines[1].Start != 5 || p.Lines[1].End != 8 {
		t.Errorf("second line runes [%d,%d), want [5,8)", p.Lines[1].Start, p.Lines[1].End)
	}
	// Offsets count the runes of the text as given, "\r" included.
	crlf := f.Layout("ab\r\ncd", typeset.Options{Size: 20})
	if len(crlf.Lines) != 2 || crlf.Lines[1].Start != 4 {
		t.Errorf("\"ab\\r\\ncd\": %d lines, second starting at %d; want 2, 4", len(crlf.Lines), crlf.Lines[1].Start)
	}
}

func TestLineX(t *testing.T) {
	f := dejavu(t)
	const box = 500
	tests := []struct {
		name  string
		text  string
		align typeset.Align
		want  func(w float32) float32
	}{
		{"RTL start is right", "سلام", typeset.AlignStart, func(w float32) float32 { return box - w }},
		{"RTL centre", "سلام", typeset.AlignCenter, func(w float32) float32 { return (box - w) / 2 }},
		{"RTL end is left", "سلام", typeset.AlignEnd, func(w float32) float32 { return 0 }},
		{"LTR start is left", "Hello", typeset.AlignStart, func(w float32) float32 { return 0 }},
		{"LTR centre", "Hello", typeset.AlignCenter, func(w float32) float32 { return (box - w) / 2 }},
		{"LTR end is right", "Hello", typeset.AlignEnd, func(w float32) float32 { return box - w }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := f.Layout(tt.text, typeset.Options{Size: 20})
			if got, want := p.LineX(0, box, tt.align), tt.want(p.Lines[0].Width); got != want {
				t.Errorf("LineX = %.1f, want %.1f", got, want)
			}
		})
	}
}

func TestCaret(t *testing.T) {
	f := dejavu(t)
	tests := []struct {
		name     string
		text     string
		offset   int
		wantLine int
		want     func(t *testing.T, p *typeset.Paragraph) float32
	}{
		{"LTR start", "abc", 0, 0, func(*testing.T, *typeset.Paragraph) float32 { return 0 }},
		{"LTR end", "abc", 3, 0, func(t *testing.T, p *typeset.Paragraph) float32 { return p.Width }},
		{"RTL start is right", "سلام", 0, 0, func(t *testing.T, p *typeset.Paragraph) float32 { return p.Width }},
		{"RTL end is left", "سلام", 4, 0, func(*testing.T, *typeset.Paragraph) float32 { return 0 }},
		{"Latin in RTL: before A", "کد ABC", 3, 0, func(*testing.T, *typeset.Paragraph) float32 { return 0 }},
		{"Latin in RTL: after C", "کد ABC", 6, 0, func(t *testing.T, p *typeset.Paragraph) float32 { return runAt(t, p, 3).Width }},
		{"empty", "", 0, 0, func(*testing.T, *typeset.Paragraph) float32 { return 0 }},
		{"end of first input line", "سلام\nabc", 4, 0, func(*testing.T, *typeset.Paragraph) float32 { return 0 }},
		{"start of second input line", "سلام\nabc", 5, 1, func(*testing.T, *typeset.Paragraph) float32 { return 0 }},
		{"end of text", "سلام\nabc", 8, 1, func(t *testing.T, p *typeset.Paragraph) float32 { return p.Lines[1].Width }},
		{"past the end clamps", "abc", 99, 0, func(t *testing.T, p *typeset.Paragraph) float32 { return p.Width }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := f.Layout(tt.text, typeset.Options{Size: 20})
			line, x := p.Caret(tt.offset)
			if want := tt.want(t, p); line != tt.wantLine || abs(x-want) > 0.01 {
				t.Errorf("Caret(%d) = line %d x %.2f, want line %d x %.2f", tt.offset, line, x, tt.wantLine, want)
			}
		})
	}
}

// TestCaretInField checks the caret at the end of what a citizen typed into
// a one-line field of box width 400, start-aligned.
func TestCaretInField(t *testing.T) {
	f := dejavu(t)
	const box = 400
	tests := []struct {
		name string
		text string
		dir  typeset.Direction
		want string // "text left": at the text's left edge; "box right": at the box's right edge
	}{
		{"Persian name", "علی رضایی", typeset.DirRTL, "text left"},
		{"Persian name and space", "علی ", typeset.DirRTL, "text left"},
		{"Latin name", "Ali Rezaei", typeset.DirLTR, "text right"},
		{"Latin name and space", "Ali ", typeset.DirLTR, "text right"},
		{"digits in a Persian field", "۰۹۱۲۳۴۵", typeset.DirRTL, "box right"},
		{"code in a Persian field", "1234-5678", typeset.DirRTL, "box right"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := f.Layout(tt.text, typeset.Options{Size: 20, Dir: tt.dir})
			line, x := p.CaretEnd()
			x += p.LineX(line, box, typeset.AlignStart)
			left := p.LineX(0, box, typeset.AlignStart)
			want := map[string]float32{"text left": left, "text right": left + p.Width, "box right": box}[tt.want]
			if abs(x-want) > 0.01 {
				t.Errorf("caret at %.1f, want %.1f (%s)", x, want, tt.want)
			}
		})
	}
	// A typed space moves the caret (single lines keep trailing spaces).
	for _, tt := range []struct {
		text string
		dir  typeset.Direction
	}{{"علی", typeset.DirRTL}, {"Ali", typeset.DirLTR}} {
		without := f.Layout(tt.text, typeset.Options{Size: 20, Dir: tt.dir})
		with := f.Layout(tt.text+" ", typeset.Options{Size: 20, Dir: tt.dir})
		if with.Width <= without.Width {
			t.Errorf("%q: a trailing space does not widen the line (%.1f vs %.1f)", tt.text, with.Width, without.Width)
		}
	}
}

func abs(v float32) float32 {
	if v < 0 {
		return -v
	}
	return v
}

func TestLayoutCache(t *testing.T) {
	f := dejavu(t)
	f.ClearCache()
	a := f.Layout("سلام", typeset.Options{Size: 20})
	if b := f.Layout("سلام", typeset.Options{Size: 20}); a != b {
		t.Error("the same text and options were laid out twice")
	}
	for _, o := range []typeset.Options{
		{Size: 21},
		{Size: 20, Bold: true},
		{Size: 20, Dir: typeset.DirLTR},
		{Size: 20, MaxWidth: 100},
	} {
		if f.Layout("سلام", o) == a {
			t.Errorf("options %+v share the layout of {Size: 20}", o)
		}
	}
	if n := f.CacheLen(); n != 5 {
		t.Errorf("CacheLen = %d, want 5", n)
	}
	f.ClearCache()
	if f.CacheLen() != 0 {
		t.Error("ClearCache left layouts")
	}

	// Private text is never kept; ForgetLayouts drops the rest.
	typed := f.Layout("0499370899", typeset.Options{Size: 20, Private: true})
	if again := f.Layout("0499370899", typeset.Options{Size: 20, Private: true}); again == typed || f.CacheLen() != 0 {
		t.Errorf("private text was cached (%d layouts)", f.CacheLen())
	}
	if got := strings.Join(visual(typed), ""); got != "0499370899" {
		t.Errorf("private layout %q", got)
	}
	f.Layout("سلام", typeset.Options{Size: 20})
	f.ForgetLayouts()
	if n := f.CacheLen(); n != 0 {
		t.Errorf("ForgetLayouts left %d layouts", n)
	}
}
