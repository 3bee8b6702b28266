package typeset_test

import (
	"errors"
	"testing"

	"github.com/pishkhan/pishkhan/kiosk/typeset"
)

func TestPDFLines(t *testing.T) {
	f := dejavu(t)
	// want is the line as printed left to right: Arabic presentation forms
	// where letters join (initial, medial, final), the plain letter where
	// it stands alone, Latin and digits as they are.
	tests := []struct {
		name    string
		text    string
		want    string
		wantRTL bool
	}{
		{"joined word", "پیشخوان", "\u0646\u0627\ufeee\ufea8\ufeb8\ufbff\ufb58", true},
		{"ZWNJ breaks joining", "ثبت‌نام", "\u0645\ufe8e\ufee7\ufe96\ufe92\ufe9b", true},
		{"ZWNJ makes yeh final", "می‌خواهم", "\ufee2\ufeeb\u0627\ufeee\ufea7\ufbfd\ufee3", true},
		{"lam-alef ligature", "لا", "\ufefb", true},
		{"code after label", "کد رهگیری: 1234-5678", "1234-5678 :\u06cc\ufeae\ufbff\ufb95\ufeeb\u0631 \ufeaa\ufb90", true},
		{"English", "Receipt", "Receipt", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines, err := f.PDFLines(tt.text, 10, 0, typeset.DirAuto, false)
			if err != nil {
				t.Fatal(err)
			}
			if len(lines) != 1 {
				t.Fatalf("%d lines, want 1", len(lines))
			}
			if lines[0].Text != tt.want {
				t.Errorf("PDFLines(%q)\n got %q %U\nwant %q %U", tt.text, lines[0].Text, []rune(lines[0].Text), tt.want, []rune(tt.want))
			}
			if lines[0].RTL != tt.wantRTL {
				t.Errorf("RTL = %v, want %v", lines[0].RTL, tt.wantRTL)
			}
			if lines[0].Width <= 0 {
				t.Errorf("width %v", lines[0].Width)
			}
		})
	}
}

func TestPDFLinesWrap(t *testing.T) {
	f := dejavu(t)
	const maxWidth = 150.0
	for _, bold := range []bool{false, true} {
		lines, err := f.PDFLines(wrapText, 10, maxWidth, typeset.DirAuto, bold)
		if err != nil {
			t.Fatal(err)
		}
		if len(lines) < 2 {
			t.Fatalf("bold=%v: %d lines at %v pt, want the text wrapped", bold, len(lines), maxWidth)
		}
		for i, l := range lines {
			if l.Width > maxWidth || l.Text == "" || !l.RTL {
				t.Errorf("bold=%v line %d: %q width %.1f rtl=%v", bold, i, l.Text, l.Width, l.RTL)
			}
		}
	}
	// Size scales width.
	a, _ := f.PDFLines("پیشخوان", 10, 0, typeset.DirAuto, false)
	b, _ := f.PDFLines("پیشخوان", 20, 0, typeset.DirAuto, false)
	if r := b[0].Width / a[0].Width; r < 1.95 || r > 2.05 {
		t.Errorf("width at 20 pt is %.2f× the width at 10 pt, want 2×", r)
	}
}

func TestPDFLinesErrors(t *testing.T) {
	f := dejavu(t)
	lines, err := f.PDFLines("کد 漢", 10, 0, typeset.DirAuto, false)
	if !errors.Is(err, typeset.ErrMissingGlyph) {
		t.Errorf("text with a Chinese character DejaVu lacks: error %v, want ErrMissingGlyph", err)
	}
	if len(lines) != 1 {
		t.Errorf("%d lines, want the line despite the missing glyph", len(lines))
	}
	if _, err := f.PDFLines("کد\t۱۲", 10, 0, typeset.DirAuto, false); err != nil {
		t.Errorf("a tab should print as a space: %v", err)
	}
	if _, err := f.PDFLines("x", 0, 0, typeset.DirAuto, false); err == nil {
		t.Error("size 0 accepted")
	}
}
