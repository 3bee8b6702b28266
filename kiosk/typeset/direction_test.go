package typeset_test

import (
	"testing"

	"github.com/pishkhan/pishkhan/kiosk/typeset"
)

// TestDirectionOfUsesBidiClasses covers the texts on which Unicode bidi
// classes and script tables (the printer's former isRTL: Arabic-script
// letters are right to left, other letters left to right) disagree, or
// could be thought to.
func TestDirectionOfUsesBidiClasses(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		fallback typeset.Direction
		want     typeset.Direction
		shaping  bool // NeedsShaping
	}{
		// Persian digits are class EN, weak: the language decides.
		{"Persian digits only in Persian", "۱۴۰۳", typeset.DirRTL, typeset.DirRTL, false},
		{"Persian digits only in English", "۱۴۰۳", typeset.DirLTR, typeset.DirLTR, false},
		// Arabic-Indic digits are class AN: weak too, but they reorder.
		// Script tables took them for neither letters nor RTL.
		{"Arabic-Indic digits only", "١٤٠٣", typeset.DirLTR, typeset.DirLTR, true},
		// The Persian question mark and semicolon are class AL, strong
		// right to left; script tables skipped them (not letters).
		{"Latin with Persian punctuation", "OK؟", typeset.DirRTL, typeset.DirLTR, true},
		{"Persian punctuation before Latin", "؟ OK", typeset.DirLTR, typeset.DirRTL, true},
		{"Persian comma is neutral", "، OK", typeset.DirRTL, typeset.DirLTR, false},
		{"digits then Persian", "۱۲ ب ۳۴۵", typeset.DirLTR, typeset.DirRTL, true},
		{"ASCII digits then Persian", "2024 تهران", typeset.DirLTR, typeset.DirRTL, true},
		{"bracketed Persian word", "(تهران)", typeset.DirLTR, typeset.DirRTL, true},
		{"guillemets around Persian", "«تهران»", typeset.DirLTR, typeset.DirRTL, true},
		// A modifier letter is a letter to script tables, neutral to bidi.
		{"modifier letter before Persian", "ʹتهران", typeset.DirLTR, typeset.DirRTL, true},
		{"ZWNJ alone", "\u200c", typeset.DirRTL, typeset.DirRTL, true},
		{"empty in Persian", "", typeset.DirRTL, typeset.DirRTL, false},
		{"empty in English", "", typeset.DirLTR, typeset.DirLTR, false},
		{"English", "Tracking code", typeset.DirRTL, typeset.DirLTR, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := typeset.DirectionOf(tt.text, tt.fallback); got != tt.want {
				t.Errorf("DirectionOf(%q, %v) = %v, want %v", tt.text, tt.fallback, got, tt.want)
			}
			if got := typeset.NeedsShaping(tt.text); got != tt.shaping {
				t.Errorf("NeedsShaping(%q) = %v, want %v", tt.text, got, tt.shaping)
			}
		})
	}
}

func TestResolveDirection(t *testing.T) {
	tests := []struct {
		name string
		text string
		dir  typeset.Direction
		want typeset.Direction
	}{
		{"auto Persian", "سلام", typeset.DirAuto, typeset.DirRTL},
		{"auto digits are left to right", "۱۲۳", typeset.DirAuto, typeset.DirLTR},
		{"auto empty", "", typeset.DirAuto, typeset.DirLTR},
		{"explicit wins", "سلام", typeset.DirLTR, typeset.DirLTR},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := typeset.ResolveDirection(tt.text, tt.dir); got != tt.want {
				t.Errorf("ResolveDirection(%q, %v) = %v, want %v", tt.text, tt.dir, got, tt.want)
			}
		})
	}
}

func TestAlignEdge(t *testing.T) {
	tests := []struct {
		name  string
		align typeset.Align
		dir   typeset.Direction
		want  typeset.Edge
	}{
		{"start of RTL is right", typeset.AlignStart, typeset.DirRTL, typeset.EdgeRight},
		{"end of RTL is left", typeset.AlignEnd, typeset.DirRTL, typeset.EdgeLeft},
		{"start of LTR is left", typeset.AlignStart, typeset.DirLTR, typeset.EdgeLeft},
		{"end of LTR is right", typeset.AlignEnd, typeset.DirLTR, typeset.EdgeRight},
		{"centre", typeset.AlignCenter, typeset.DirRTL, typeset.EdgeCenter},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.align.Edge(tt.dir); got != tt.want {
				t.Errorf("%v.Edge(%v) = %v, want %v", tt.align, tt.dir, got, tt.want)
			}
		})
	}
}
