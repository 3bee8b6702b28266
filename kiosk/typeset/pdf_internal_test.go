package typeset

import (
	"os"
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
