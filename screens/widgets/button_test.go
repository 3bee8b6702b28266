package widgets_test

import (
	"image/color"
	"math"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/screens/widgets"
)

func TestButtonPressedByTapAndByKeys(t *testing.T) {
	fonts := dejavu(t)
	test.NewTempApp(t)
	cases := []struct {
		name     string
		press    func(*widgets.Button)
		disabled bool
		want     int
	}{
		{"tap", func(b *widgets.Button) { test.Tap(b) }, false, 1},
		{"space", func(b *widgets.Button) { b.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace}) }, false, 1},
		{"enter (a remote's OK)", func(b *widgets.Button) { b.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) }, false, 1},
		{"another key", func(b *widgets.Button) { b.TypedKey(&fyne.KeyEvent{Name: fyne.KeyA}) }, false, 0},
		{"tap when disabled", func(b *widgets.Button) { test.Tap(b) }, true, 0},
		{"enter when disabled", func(b *widgets.Button) { b.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnter}) }, true, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n := 0
			b := widgets.NewButton(fonts, "ادامه", widgets.DirRTL, func() { n++ })
			if tc.disabled {
				b.Disable()
			}
			tc.press(b)
			if n != tc.want {
				t.Errorf("pressed %d times, want %d", n, tc.want)
			}
		})
	}
}

// TestButtonIsATouchTarget checks that even a one-letter button is as
// large as the theme's touch target.
func TestButtonIsATouchTarget(t *testing.T) {
	fonts := dejavu(t)
	test.NewTempApp(t)
	for _, label := range []string{"ب", "OK", ""} {
		b := widgets.NewButton(fonts, label, widgets.DirAuto, nil)
		min := b.MinSize()
		target := widgets.Size(widgets.SizeNameTarget)
		if min.Width < target || min.Height < target {
			t.Errorf("button %q min size %v, want at least %.0f square", label, min, target)
		}
	}
}

// TestButtonShowsFocus checks the two cues of a focused button, which
// remote-control navigation relies on: the focus ring in the theme's
// focus colour around its edge, and the bar under its label in the
// label's colour (the cue that does not rest on colour alone: it stands
// out from the button by its lightness). Both go when the focus leaves.
func TestButtonShowsFocus(t *testing.T) {
	fonts := dejavu(t)
	test.NewTempApp(t)
	cases := []struct {
		name       string
		label      string
		dir        widgets.Direction
		importance widgets.Importance
		fill, fg   fyne.ThemeColorName
	}{
		{"ordinary", "Next", widgets.DirLTR, widgets.ImportanceMedium, theme.ColorNameButton, theme.ColorNameForeground},
		{"primary, right to left", "ادامه", widgets.DirRTL, widgets.ImportanceHigh, theme.ColorNamePrimary, theme.ColorNameForegroundOnPrimary},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := widgets.NewButton(fonts, tc.label, tc.dir, nil)
			b.Importance = tc.importance
			b.Refresh()
			w := test.NewTempWindow(t, b)
			w.Resize(fyne.NewSize(300, 120))
			before := w.Canvas().Capture()
			w.Canvas().Focus(b)
			if !b.Focused() {
				t.Fatal("button did not take the focus")
			}
			after := w.Canvas().Capture()

			// The button's box on the capture, and where its cues go.
			pos, size := b.Position(), b.Size()
			x0, y0 := int(pos.X), int(pos.Y)
			wd, ht := int(size.Width), int(size.Height)
			ring := int(widgets.Size(widgets.SizeNameFocusRing))
			thick := int(max(widgets.Size(widgets.SizeNameFocusRing)/2, 3))
			barTop := y0 + ht - ring - thick
			focus, fill, fg := theme.Color(theme.ColorNameFocus), theme.Color(tc.fill), theme.Color(tc.fg)

			type spot struct {
				what string
				x, y int
				want color.Color // over what was drawn before
			}
			spots := []spot{
				// The ring runs along the edge, on all four sides...
				{"ring, top", x0 + wd/2, y0 + 1, focus},
				{"ring, bottom", x0 + wd/2, y0 + ht - 2, focus},
				{"ring, start", x0 + 1, y0 + ht/2, focus},
				{"ring, end", x0 + wd - 2, y0 + ht/2, focus},
				// ...and only there: inside it the button is as it was.
				{"inside the ring", x0 + ring + 3, y0 + ht/2, fill},
				// The bar lies under the label, across its middle three
				// fifths, in the label's colour.
				{"bar, middle", x0 + wd/2, barTop + thick/2, fg},
				{"bar, a quarter in", x0 + wd/4, barTop + thick/2, fg},
				{"bar, three quarters in", x0 + 3*wd/4, barTop + thick/2, fg},
				{"beside the bar", x0 + wd/8, barTop + thick/2, fill},
				{"above the bar", x0 + wd/2, barTop - 1, fill},
				{"below the bar", x0 + wd/2, barTop + thick, fill},
			}
			for _, sp := range spots {
				want := over(sp.want, before.At(sp.x, sp.y))
				if got := after.At(sp.x, sp.y); !near(got, want) {
					t.Errorf("%s (%d, %d): %v, want %v", sp.what, sp.x, sp.y, got, want)
				}
				if sp.want != fill && near(before.At(sp.x, sp.y), want) {
					t.Errorf("%s (%d, %d) was already %v before the focus", sp.what, sp.x, sp.y, want)
				}
			}
			// The bar is seen without colour: WCAG's 3:1 for a
			// non-text cue against the button it is drawn on.
			if c := contrast(fg, fill); c < 3 {
				t.Errorf("bar %v on %v: contrast %.1f:1, want at least 3:1", fg, fill, c)
			}

			w.Canvas().Unfocus()
			if b.Focused() || pixelsDiffer(before, w.Canvas().Capture()) != 0 {
				t.Error("the focus cues stayed after the focus left")
			}
		})
	}
}

// over composes c over the opaque colour under it.
func over(c, under color.Color) color.Color {
	r, g, b, a := c.RGBA()
	ur, ug, ub, _ := under.RGBA()
	mix := func(v, u uint32) uint8 { return uint8((v + u*(0xffff-a)/0xffff) >> 8) }
	return color.NRGBA{R: mix(r, ur), G: mix(g, ug), B: mix(b, ub), A: 0xff}
}

// near reports whether two colours differ by at most a few levels in
// each channel (the painter rounds).
func near(a, b color.Color) bool {
	ar, ag, ab, _ := a.RGBA()
	br, bg, bb, _ := b.RGBA()
	d := func(x, y uint32) bool { return max(x, y)-min(x, y) <= 4<<8 }
	return d(ar, br) && d(ag, bg) && d(ab, bb)
}

// contrast is the WCAG contrast ratio of two opaque colours.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// TestButtonWrapsItsLabelBetweenWords: a Wrap button narrower than its
// label wraps it between words and grows taller; without Wrap the label
// stays on one line.
func TestButtonWrapsItsLabelBetweenWords(t *testing.T) {
	fonts := dejavu(t)
	test.NewTempApp(t)
	cases := []struct {
		name  string
		label string
		dir   widgets.Direction
		wrap  bool
	}{
		{"English", "South Georgia & South Sandwich Islands", widgets.DirLTR, true},
		{"Persian", "جزایر جورجیای جنوبی و ساندویچ جنوبی", widgets.DirRTL, true},
		{"one line without wrap", "South Georgia & South Sandwich Islands", widgets.DirLTR, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := widgets.NewButton(fonts, tc.label, tc.dir, nil)
			b.Wrap = tc.wrap
			r := test.WidgetRenderer(b)
			oneLine := b.MinSize().Height
			b.Resize(fyne.NewSize(160, oneLine))
			b.Resize(fyne.NewSize(160, b.MinSize().Height))
			var label *widgets.Text
			for _, o := range r.Objects() {
				if x, ok := o.(*widgets.Text); ok && x.Text() == tc.label {
					label = x
				}
			}
			if label == nil {
				t.Fatal("no label")
			}
			p := label.Paragraph()
			if !tc.wrap {
				if len(p.Lines) != 1 {
					t.Errorf("without wrap the label has %d lines", len(p.Lines))
				}
				return
			}
			if len(p.Lines) < 2 || b.MinSize().Height <= oneLine {
				t.Fatalf("label in %d lines, button %.0f px high (one line: %.0f)", len(p.Lines), b.MinSize().Height, oneLine)
			}
			if label.Size().Width > 160 || label.Size().Height < label.MinSize().Height {
				t.Errorf("label %v outside the button or cut (needs %v)", label.Size(), label.MinSize())
			}
			words := map[string]bool{}
			for _, w := range strings.Fields(tc.label) {
				words[w] = true
			}
			for i := range p.Lines {
				for _, w := range strings.Fields(tc.label[byteOffset(tc.label, p.Lines[i].Start):byteOffset(tc.label, p.Lines[i].End)]) {
					if !words[w] {
						t.Errorf("line %d holds %q, not a whole word", i, w)
					}
				}
			}
		})
	}
}

// byteOffset returns the byte offset of the rune at offset runes in s.
func byteOffset(s string, runes int) int {
	for i := range s {
		if runes == 0 {
			return i
		}
		runes--
	}
	return len(s)
}
