package typeset

import (
	"math"
	"os"
	"strings"
	"testing"

	"github.com/go-text/typesetting/font"
)

// TestPDFRoundTrip checks that printing a PDF line through the cmap (what
// fpdf does: each character → its nominal glyph) gives back exactly the
// glyphs shaping chose, in visual order.
func TestPDFRoundTrip(t *testing.T) {
	f, err := LoadFonts("/usr/share/fonts/truetype/dejavu")
	if err != nil {
		if _, statErr := os.Stat("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"); statErr != nil {
			t.Skipf("DejaVu Sans is not installed (Debian package fonts-dejavu-core): %v", statErr)
		}
		t.Fatal(err)
	}
	tests := []struct {
		name string
		text string
		bold bool
	}{
		{"service counter", "پیشخوان", false},
		{"ZWNJ", "ثبت‌نام", false},
		{"tracking code", "کد رهگیری: 1234-5678", false},
		{"date in Persian digits", "تاریخ ۱۴۰۳/۰۵/۱۲", true},
		{"brackets and Latin", "خدمات (Open311) فعال است", true},
		{"wrapped sentence", "پیشخوان خدمات شهروندی به شما کمک می‌کند درخواست خود را ثبت کنید و کد رهگیری بگیرید", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const size, width = 10.0, 120.0
			lines, err := f.PDFLines(tt.text, size, width, DirAuto, tt.bold)
			if err != nil {
				t.Fatal(err)
			}
			units := float32(size * pdfUnitsPerPoint)
			p := f.Layout(tt.text, Options{Size: units, Bold: tt.bold, MaxWidth: float32(width * pdfUnitsPerPoint)})
			face := f.typeface(tt.bold).face
			if len(lines) != len(p.Lines) {
				t.Fatalf("%d PDF lines, %d layout lines", len(lines), len(p.Lines))
			}
			for i, l := range p.Lines {
				var want []font.GID
				for _, run := range l.Runs {
					for _, g := range run.Output.Glyphs {
						src := l.prep.runes[g.ClusterIndex : g.ClusterIndex+max(g.RuneCount, 1)]
						if invisible(src) || (g.XAdvance == 0 && allSpace(src)) {
							continue
						}
						want = append(want, g.GlyphID)
					}
				}
				var got []font.GID
				for _, r := range lines[i].Text {
					g, ok := face.NominalGlyph(r)
					if !ok {
						t.Errorf("line %d: %U has no glyph in the font", i, r)
					}
					got = append(got, g)
				}
				if !equalGIDs(got, want) {
					t.Errorf("line %d %q: printed glyphs %v, shaped glyphs %v", i, lines[i].Text, got, want)
				}
			}
		})
	}
}

func equalGIDs(a, b []font.GID) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestPDFMarksWhereShapingPutsThem checks that each vowel mark is a piece
// of its own at the shaper's position (pen plus offsets), right after the
// piece of its letter, which names it for text extraction.
func TestPDFMarksWhereShapingPutsThem(t *testing.T) {
	f, err := LoadFonts("/usr/share/fonts/truetype/dejavu")
	if err != nil {
		t.Skipf("DejaVu Sans is not installed (Debian package fonts-dejavu-core): %v", err)
	}
	tests := []struct {
		name, text string
		marks      string // in the order printed
		raised     bool   // every mark rises above the baseline
	}{
		{"tanwin on alef", "لطفاً", "\u064b", true},
		{"damma on meem", "مُهر", "\u064f", false},
		{"hamza on heh mid-line", "تا صفحهٔ وضعیت", "\u0654", false},
		{"two marks", "مُحَمَّد", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const size = 10.0
			lines, err := f.PDFLines(tt.text, size, 0, DirAuto, false)
			if err != nil || len(lines) != 1 {
				t.Fatalf("%d lines, %v", len(lines), err)
			}
			units := float32(size * pdfUnitsPerPoint)
			p := f.Layout(tt.text, Options{Size: units})
			// Where shaping put each mark, in points.
			type pos struct{ x, y float64 }
			var want []pos
			for _, r := range p.Lines[0].Runs {
				pen := float64(r.X)
				for _, g := range r.Output.Glyphs {
					if g.XAdvance == 0 && (g.XOffset != 0 || g.YOffset != 0) {
						want = append(want, pos{(pen + float64(g.XOffset)/64) / pdfUnitsPerPoint, float64(g.YOffset) / 64 / pdfUnitsPerPoint})
					}
					pen += float64(g.XAdvance) / 64
				}
			}
			var got []pos
			var printed string
			pieces := lines[0].Pieces
			for i, pc := range pieces {
				if !pc.Mark {
					continue
				}
				got = append(got, pos{pc.X, pc.Y})
				printed += pc.Text
				j := i - 1
				for j >= 0 && pieces[j].Mark {
					j--
				}
				if j < 0 || !strings.Contains(pieces[j].Marks, pc.Text) {
					t.Errorf("mark %U is not after a letter that names it: %+v", []rune(pc.Text), pieces)
				}
				if tt.raised && pc.Y <= 0 {
					t.Errorf("mark %U at %.2f pt above the baseline, want raised", []rune(pc.Text), pc.Y)
				}
			}
			if tt.marks != "" && printed != tt.marks {
				t.Errorf("marks printed %U, want %U", []rune(printed), []rune(tt.marks))
			}
			if len(got) != len(want) || len(want) == 0 {
				t.Fatalf("%d mark pieces, %d marks shaped", len(got), len(want))
			}
			// Marks follow their letters in print, so compare as sets.
			for _, w := range want {
				found := false
				for _, g := range got {
					found = found || (math.Abs(g.x-w.x) < 1e-6 && math.Abs(g.y-w.y) < 1e-6)
				}
				if !found {
					t.Errorf("no mark piece at (%.3f, %.3f) pt where shaping put a mark; pieces %+v", w.x, w.y, pieces)
				}
			}
			// The letters' pieces: everything but the marks, in order.
			var letters string
			for _, pc := range pieces {
				if !pc.Mark {
					letters += pc.Text
				}
			}
			if strings.ContainsAny(letters, "\u064b\u064f\u0654\u064e\u0651") {
				t.Errorf("a letter piece holds a mark: %+v", pieces)
			}
		})
	}
}
