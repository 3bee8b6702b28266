package widgets_test

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/screens/widgets"
)

// acceptDigit takes Persian, Arabic-Indic and ASCII digits as ASCII, as
// the screens' digit fields do.
func acceptDigit(r rune) (rune, bool) {
	switch {
	case r >= '۰' && r <= '۹':
		r = '0' + r - '۰'
	case r >= '٠' && r <= '٩':
		r = '0' + r - '٠'
	}
	return r, r >= '0' && r <= '9'
}

func TestFieldEditing(t *testing.T) {
	fonts := dejavu(t)
	test.NewTempApp(t)
	digits := func(f *widgets.Field) { f.Accept = acceptDigit; f.MaxLen = 10 }
	cases := []struct {
		name  string
		setup func(*widgets.Field)
		edit  func(*widgets.Field)
		want  string
	}{
		{"insert", nil, func(f *widgets.Field) { f.Insert("علی") }, "علی"},
		{"backspace removes one character", nil, func(f *widgets.Field) { f.Insert("می\u200cخواهم"); f.Backspace() }, "می\u200cخواه"},
		{"backspace removes a ZWNJ alone", nil, func(f *widgets.Field) { f.Insert("می\u200c"); f.Backspace() }, "می"},
		{"clear", nil, func(f *widgets.Field) { f.Insert("abc"); f.Clear() }, ""},
		{"max length", digits, func(f *widgets.Field) { f.Insert("0499370899123") }, "0499370899"},
		{"typed Persian digits kept as ASCII", digits, func(f *widgets.Field) { test.Type(f, "۰۴۹۹") }, "0499"},
		{"typed Arabic-Indic digits kept as ASCII", digits, func(f *widgets.Field) { test.Type(f, "٠٤٩") }, "049"},
		{"typed letters refused by a digit field", digits, func(f *widgets.Field) { test.Type(f, "a1b2") }, "12"},
		{"backspace key", nil, func(f *widgets.Field) {
			test.Type(f, "ab")
			f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
		}, "a"},
		{"control characters refused", nil, func(f *widgets.Field) { test.Type(f, "a\x01b") }, "ab"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := widgets.NewField(fonts, widgets.DirRTL, widgets.AlignStart)
			if tc.setup != nil {
				tc.setup(f)
			}
			var changes []string
			f.OnChanged = func(s string) { changes = append(changes, s) }
			tc.edit(f)
			if f.Value() != tc.want {
				t.Errorf("value %q, want %q", f.Value(), tc.want)
			}
			if tc.want != "" && (len(changes) == 0 || changes[len(changes)-1] != tc.want) {
				t.Errorf("last change reported %q, want %q", changes, tc.want)
			}
		})
	}
}

func TestFieldEnterSubmitsAndTapActivates(t *testing.T) {
	fonts := dejavu(t)
	test.NewTempApp(t)
	f := widgets.NewField(fonts, widgets.DirLTR, widgets.AlignStart)
	w := test.NewTempWindow(t, f)
	w.Resize(fyne.NewSize(400, 100))
	submitted, activated := 0, 0
	f.OnSubmit = func() { submitted++ }
	f.OnActivate = func() { activated++ }
	test.Tap(f)
	if activated != 1 || w.Canvas().Focused() != f {
		t.Errorf("tap: activated %d, focused %v", activated, w.Canvas().Focused())
	}
	f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if submitted != 1 {
		t.Errorf("enter submitted %d times", submitted)
	}
}

// TestFieldShowsFormattedValue checks that digits typed as ASCII are shown
// in the session's digits while the value stays ASCII.
func TestFieldShowsFormattedValue(t *testing.T) {
	fonts := dejavu(t)
	test.NewTempApp(t)
	f := widgets.NewField(fonts, widgets.DirLTR, widgets.AlignEnd)
	f.Format = persianDigits
	f.Insert("0912")
	if f.Value() != "0912" || f.Shown() != "۰۹۱۲" {
		t.Errorf("value %q shown %q", f.Value(), f.Shown())
	}
}

// TestFieldCaretFollowsText checks that the caret stands after the last
// character: left of a Persian word (and moving left as it grows), at the
// right edge after digits in a right-aligned field, right of an English
// word.
func TestFieldCaretFollowsText(t *testing.T) {
	fonts := dejavu(t)
	test.NewTempApp(t)
	caretX := func(f *widgets.Field) float32 {
		var x float32 = -1
		for _, o := range test.WidgetRenderer(f).Objects() {
			if _, rect := o.(*canvas.Rectangle); rect && o.Visible() && o.Size().Width <= 4 && o.Size().Height > 10 {
				x = o.Position().X
			}
		}
		return x
	}
	const width = 500
	cases := []struct {
		name  string
		dir   widgets.Direction
		align widgets.Align
		text  string
		move  int // -1: the caret moves left as text is typed; 0: stays; 1: moves right
	}{
		{"Persian name", widgets.DirRTL, widgets.AlignStart, "علیرضا", -1},
		{"digits in a Persian screen", widgets.DirLTR, widgets.AlignEnd, "09121234", 0},
		{"English name", widgets.DirLTR, widgets.AlignStart, "Alireza", 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := widgets.NewField(fonts, tc.dir, tc.align)
			w := test.NewTempWindow(t, f)
			w.Resize(fyne.NewSize(width, 100))
			f.SetActive(true)
			runes := []rune(tc.text)
			f.Insert(string(runes[:2]))
			before := caretX(f)
			f.Insert(string(runes[2:]))
			after := caretX(f)
			if before < 0 || after < 0 {
				t.Fatal("no caret shown in the active field")
			}
			moved := 0
			switch {
			case after < before-1:
				moved = -1
			case after > before+1:
				moved = 1
			}
			if moved != tc.move {
				t.Errorf("caret moved from %.0f to %.0f typing %q, want direction %d", before, after, tc.text, tc.move)
			}
			if tc.move == 0 && after < width*0.8 {
				t.Errorf("caret at %.0f, want it at the right edge of a %d-wide field", after, width)
			}
		})
	}
	f := widgets.NewField(fonts, widgets.DirRTL, widgets.AlignStart)
	f.Insert("علی")
	if x := caretX(f); x >= 0 {
		t.Errorf("an inactive field shows a caret at %.0f", x)
	}
}

// TestFieldMultiLineWraps checks that a long answer wraps inside a
// multi-line field instead of running off its edge, and grows it.
func TestFieldMultiLineWraps(t *testing.T) {
	fonts := dejavu(t)
	test.NewTempApp(t)
	f := widgets.NewField(fonts, widgets.DirRTL, widgets.AlignStart)
	f.Lines = 3
	w := test.NewTempWindow(t, f)
	w.Resize(fyne.NewSize(400, 300))
	empty := f.MinSize().Height
	if line := theme.Size(theme.SizeNameSubHeadingText); empty < 3*line {
		t.Errorf("a three-line field is %.0f tall, its text %.0f", empty, line)
	}
	sentence := "کیف پولم را در ایستگاه مترو جا گذاشتم و شخصی از کارت بانکی‌ام خرید کرده است. "
	f.Insert(strings.Repeat(sentence, 4))
	if f.MinSize().Height <= empty {
		t.Errorf("the field did not grow for a long answer: %.0f", f.MinSize().Height)
	}
	// What it grows from stays put, so a keyboard below keeps its size.
	if got := f.BaseHeight(); got != empty {
		t.Errorf("base height %.0f with a long answer, %.0f empty", got, empty)
	}
	for _, o := range test.WidgetRenderer(f).Objects() {
		if txt, ok := o.(*widgets.Text); ok && txt.Size().Width > 400 {
			t.Errorf("text is %.0f wide in a 400-wide field", txt.Size().Width)
		}
	}
}
