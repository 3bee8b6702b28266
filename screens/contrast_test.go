package screens_test

import (
	"fmt"
	"image"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// WCAG 2.x AA: text at least 4.5:1 against what is behind it (1.4.3),
// and a focus indicator at least 3:1 against the colours next to it
// (1.4.11). Every text of the kiosk is held to 4.5:1, large or not.
const (
	minTextContrast  = 4.5
	minFocusContrast = 3.0
)

// TestContrastMeasuredOnScreen draws screens of the path in every colour
// theme, in both modes, and measures the pixels drawn, not the theme's
// colours: for every text shown (labels on their buttons, error text on
// the error summary, hints in the placeholder colour, the tracking code)
// the colour of its ink against the colour around it, and for a focused
// button, field and link the colour of its focus ring against the colours
// around the control. Text of a disabled control, which WCAG does not
// hold to a contrast, is left out.
func TestContrastMeasuredOnScreen(t *testing.T) {
	toReview := func(t *testing.T, r *rig) {
		walkToConsent(t, r)
		r.tapMsg("nav.back")
		r.stage(kiosk.StageReview)
	}
	visits := []struct {
		name  string
		drive func(t *testing.T, r *rig)
	}{
		{"services", func(*testing.T, *rig) {}},
		{"display panel", func(t *testing.T, r *rig) { r.tapMsg("display.open") }},
		{"form step with an error summary", func(t *testing.T, r *rig) {
			l := r.sess.State().Lang
			r.open("birth-marriage-certificate")
			r.tap(r.choice("kind", "birth"))
			r.tapMsg("nav.next")
			r.pressKeys(kiosk.LocalizeDigits(l, "0499"))
			r.tapMsg("nav.next")
			if len(r.problems()) == 0 {
				t.Fatal("no error summary shown")
			}
		}},
		{"review", func(t *testing.T, r *rig) { r.open("police"); toReview(t, r) }},
		{"receipt", func(t *testing.T, r *rig) { r.open("police"); walkToReceipt(t, r) }},
	}
	modes := []struct {
		name string
		lang kiosk.Lang
		opts []rigOption
		size fyne.Size
	}{
		{"kiosk", kiosk.Persian, nil, kioskWindow},
		{"television", kiosk.English, []rigOption{tvMode()}, tvSize},
	}
	for _, m := range modes {
		for _, colours := range screens.ColourThemes {
			for _, v := range visits {
				t.Run(fmt.Sprintf("%s/%s/%s", m.name, colours, v.name), func(t *testing.T) {
					r := newRig(t, append([]rigOption{display(kiosk.TextStandard, colours)}, m.opts...)...)
					r.w.SetPadded(false)
					r.w.Resize(m.size)
					r.startIn(m.lang)
					v.drive(t, r)
					r.w.Content().Refresh()
					r.w.Canvas().Unfocus()
					img := r.w.Canvas().Capture()
					texts := checkTextContrast(t, img, r.w.Canvas().Content())
					if texts < 3 {
						t.Fatalf("only %d texts measured", texts)
					}
					if rings := r.checkFocusContrast(t, img); rings == 0 {
						t.Fatal("no focus ring measured")
					}
				})
			}
		}
	}
}

// TestContrastMeasureFindsABadPair draws a text and a focus ring in
// colours that fail, and checks the measures of
// TestContrastMeasuredOnScreen find them.
func TestContrastMeasureFindsABadPair(t *testing.T) {
	tests := []struct {
		name    string
		ink, bg color.NRGBA
		fails   bool
	}{
		{"grey on white fails", color.NRGBA{R: 0x99, G: 0x99, B: 0x99, A: 0xff}, color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}, true},
		{"amber on cream fails", color.NRGBA{R: 0xe8, G: 0x9b, B: 0x00, A: 0xff}, color.NRGBA{R: 0xf6, G: 0xf4, B: 0xef, A: 0xff}, true},
		{"dark grey on white passes", color.NRGBA{R: 0x55, G: 0x55, B: 0x55, A: 0xff}, color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// A block of "glyphs": strokes of ink, with antialiased edges
			// halfway between ink and background, on the background.
			img := image.NewNRGBA(image.Rect(0, 0, 60, 30))
			mid := color.NRGBA{R: uint8((int(tc.ink.R) + int(tc.bg.R)) / 2), G: uint8((int(tc.ink.G) + int(tc.bg.G)) / 2), B: uint8((int(tc.ink.B) + int(tc.bg.B)) / 2), A: 0xff}
			for y := range 30 {
				for x := range 60 {
					c := tc.bg
					switch {
					case y >= 5 && y < 25 && x%10 == 3, y >= 5 && y < 25 && x%10 == 4:
						c = tc.ink
					case y >= 5 && y < 25 && (x%10 == 2 || x%10 == 5):
						c = mid
					}
					img.Set(x, y, c)
				}
			}
			got := measureText(img, image.Rect(0, 0, 60, 30))
			if got.ink == nil {
				t.Fatal("no ink found")
			}
			if fails := got.ratio < minTextContrast; fails != tc.fails {
				t.Errorf("measured %.2f (ink %v on %v), fails %v, want %v", got.ratio, got.ink, got.bg, fails, tc.fails)
			}
			if toNRGBA(got.ink) != tc.ink {
				t.Errorf("ink measured %v, drawn %v", got.ink, tc.ink)
			}
		})
	}
}

// textMeasure is what measureText found in a text's rectangle.
type textMeasure struct {
	ink, bg color.Color
	ratio   float64
}

// measureText measures the text drawn in rect of img: the background is
// the colour most of its pixels have; the ink is, of the colours that
// differ from it and are drawn on at least a few pixels, the one that
// differs most (antialiased edges lie between ink and background, so
// the ink is the farthest).
func measureText(img image.Image, rect image.Rectangle) textMeasure {
	rect = rect.Intersect(img.Bounds())
	counts := map[color.NRGBA]int{}
	for y := rect.Min.Y; y < rect.Max.Y; y++ {
		for x := rect.Min.X; x < rect.Max.X; x++ {
			counts[toNRGBA(img.At(x, y))]++
		}
	}
	var bg color.NRGBA
	most := -1
	for c, n := range counts {
		if n > most || (n == most && less(c, bg)) {
			bg, most = c, n
		}
	}
	m := textMeasure{bg: bg}
	for c, n := range counts {
		if c == bg || n < 3 {
			continue
		}
		if r := contrast(c, bg); r > m.ratio {
			m.ink, m.ratio = c, r
		}
	}
	return m
}

// less orders colours, so that ties are broken the same on every run.
func less(a, b color.NRGBA) bool {
	if a.R != b.R {
		return a.R < b.R
	}
	if a.G != b.G {
		return a.G < b.G
	}
	return a.B < b.B
}

func toNRGBA(c color.Color) color.NRGBA {
	return color.NRGBAModel.Convert(c).(color.NRGBA)
}

// checkTextContrast measures every text shown under root on img (see
// measureText) and fails for those under minTextContrast. It returns how
// many texts it measured.
func checkTextContrast(t *testing.T, img image.Image, root fyne.CanvasObject) int {
	t.Helper()
	n := 0
	full := widgets.Rect{Max: fyne.NewPos(float32(img.Bounds().Dx()), float32(img.Bounds().Dy()))}
	walkShown(root, root.Position(), full, func(o fyne.CanvasObject, at widgets.Rect) bool {
		if b, ok := o.(*widgets.Button); ok && b.Disabled() {
			return false // WCAG holds inactive controls to no contrast
		}
		x, ok := o.(*widgets.Text)
		if !ok {
			return true
		}
		if x.Text() == "" || at.Size().Height < 8 || at.Size().Width < 4 {
			return false
		}
		rect := image.Rect(int(at.Min.X+0.5), int(at.Min.Y+0.5), int(at.Max.X), int(at.Max.Y))
		m := measureText(img, rect)
		if m.ink == nil {
			t.Errorf("%q at %v: no ink drawn", x.Text(), rect)
			return false
		}
		n++
		if m.ratio < minTextContrast {
			t.Errorf("%q at %v: ink %v on %v, contrast %.2f, want at least %.1f", x.Text(), rect, m.ink, m.bg, m.ratio, minTextContrast)
		}
		return false
	})
	return n
}

// walkShown calls fn for every visible object under o with the part of
// it in view: inside the window, and inside every scroll container
// holding it. fn returns false to skip an object's children.
func walkShown(o fyne.CanvasObject, pos fyne.Position, clip widgets.Rect, fn func(fyne.CanvasObject, widgets.Rect) bool) {
	if o == nil || !o.Visible() {
		return
	}
	r := widgets.Rect{Min: pos, Max: pos.Add(fyne.NewPos(o.Size().Width, o.Size().Height))}
	in := intersect(r, clip)
	if in.Empty() || !fn(o, in) {
		return
	}
	var kids []fyne.CanvasObject
	switch x := o.(type) {
	case *fyne.Container:
		kids = x.Objects
	case *widgets.TouchScroll:
		kids, clip = []fyne.CanvasObject{x.Content}, in
	case *container.Scroll:
		kids, clip = []fyne.CanvasObject{x.Content}, in
	case fyne.Widget:
		kids = test.WidgetRenderer(x).Objects()
	}
	for _, c := range kids {
		if c != nil {
			walkShown(c, pos.Add(c.Position()), clip, fn)
		}
	}
}

func intersect(a, b widgets.Rect) widgets.Rect {
	r := widgets.Rect{
		Min: fyne.NewPos(max(a.Min.X, b.Min.X), max(a.Min.Y, b.Min.Y)),
		Max: fyne.NewPos(min(a.Max.X, b.Max.X), min(a.Max.Y, b.Max.Y)),
	}
	if r.Empty() {
		return widgets.Rect{}
	}
	return r
}

// checkFocusContrast focuses, one at a time, the first button, field and
// error-summary link in full view, and measures its focus ring: the
// pixels that changed from unfocused (before) to focused, in the colour
// most of them took, against the colour around the control (the pixels
// just outside it that did not change) and, on a button not drawn in the
// primary colour, against the colour the ring covered. It returns how
// many rings it measured.
func (r *rig) checkFocusContrast(t *testing.T, before image.Image) int {
	t.Helper()
	c := r.w.Canvas()
	root := c.Content()
	seen := map[string]bool{}
	n := 0
	for _, tg := range widgets.FocusTargets(root) {
		kind := fmt.Sprintf("%T", tg.Object)
		if b, ok := tg.Object.(*widgets.Button); ok && (b.Importance == widgets.ImportanceHigh || b.Selected) {
			kind += " (primary)" // drawn in the primary colour
		}
		if seen[kind] || tg.Visible != tg.Rect || tg.Rect.Empty() {
			continue
		}
		seen[kind] = true
		c.Focus(tg.Object)
		after := c.Capture()
		c.Unfocus()
		rect := image.Rect(int(tg.Rect.Min.X), int(tg.Rect.Min.Y), int(tg.Rect.Max.X+0.5), int(tg.Rect.Max.Y+0.5))
		// A stroke is drawn across the control's edge, so the ring may
		// reach a few pixels out of it: look in a margin around it.
		near := rect.Inset(-12).Intersect(after.Bounds())
		rings := map[color.NRGBA]int{}
		covered := map[color.NRGBA]int{}
		around := map[color.NRGBA]int{}
		for y := near.Min.Y; y < near.Max.Y; y++ {
			for x := near.Min.X; x < near.Max.X; x++ {
				a, b := toNRGBA(after.At(x, y)), toNRGBA(before.At(x, y))
				switch {
				case a != b:
					rings[a]++
					covered[b]++
				case !(image.Point{X: x, Y: y}).In(rect):
					around[a]++
				}
			}
		}
		if len(rings) == 0 {
			t.Errorf("%s at %v: focusing it changes nothing drawn", kind, rect)
			continue
		}
		ring, outside, under := mode(rings), mode(around), mode(covered)
		n++
		if got := contrast(ring, outside); got < minFocusContrast {
			t.Errorf("%s at %v: focus ring %v against %v around it, contrast %.2f, want at least %.1f", kind, rect, ring, outside, got, minFocusContrast)
		}
		if _, ok := tg.Object.(*widgets.Button); ok && kind != "*widgets.Button (primary)" {
			if got := contrast(ring, under); got < minFocusContrast {
				t.Errorf("%s at %v: focus ring %v on the button's %v, contrast %.2f, want at least %.1f", kind, rect, ring, under, got, minFocusContrast)
			}
		}
	}
	return n
}

// mode returns the colour counted most.
func mode(counts map[color.NRGBA]int) color.NRGBA {
	var best color.NRGBA
	most := -1
	for c, n := range counts {
		if n > most || (n == most && less(c, best)) {
			best, most = c, n
		}
	}
	return best
}
