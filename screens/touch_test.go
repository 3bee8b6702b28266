package screens_test

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// kioskWindow is the smallest screen a kiosk shows the path on: the
// window cmd/kiosk opens in windowed kiosk mode (`make run`). Kiosk
// panels are 1280×1024, 1920×1080, or 1080×1920 in portrait.
var kioskWindow = fyne.NewSize(1280, 800)

// TestTouchTargetsOnEveryScreen walks every screen of the path on a
// 1280×800 kiosk window in both languages, at every text size
// (screens.TextSizes), and with large text in high contrast: every step of every service, and on
// each step every field tapped in turn, so that each of its keyboard,
// keypad, plate pad and date picker is shown. On each it checks that
//   - the screen fits the window: its minimum size is within it, nothing
//     is drawn outside the object holding it (so nothing outside the
//     window, and nothing over the navigation bar), and no control
//     overlaps another or the line above the navigation bar;
//   - everything a citizen can tap is at least the theme's touch target
//     (about 15 mm) on each side, with at least the theme's padding
//     between two targets, and wide enough for its label; the keys of a keyboard or keypad are never
//     scrolled out of view, even in part, and the field being typed into
//     is in view whole;
//   - no control of the kiosk asks for a double tap, a long press
//     (secondary tap), a drag or hovering.
//
// With large text a screen may scroll down, but never sideways.
func TestTouchTargetsOnEveryScreen(t *testing.T) {
	type sizeCase struct {
		name    string
		lang    kiosk.Lang
		size    kiosk.TextSize
		colours kiosk.ColourTheme
	}
	var cases []sizeCase
	for _, size := range screens.TextSizes {
		for _, l := range []kiosk.Lang{kiosk.Persian, kiosk.English} {
			cases = append(cases, sizeCase{fmt.Sprintf("%s %s text", l, size), l, size, kiosk.ThemeDefault})
		}
	}
	// Colours change no size (TestHighContrastKeepsSizes); one walk in
	// high contrast shows it.
	cases = append(cases, sizeCase{"fa large text high contrast", kiosk.Persian, kiosk.TextLarge, kiosk.ThemeContrastDark})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, display(tc.size, tc.colours))
			r.w.SetPadded(false) // as cmd/kiosk shows it
			r.w.Resize(kioskWindow)
			screensSeen, tappables, typed := 0, 0, 0
			swept := map[string]bool{}
			steps := visitEveryScreen(r, tc.lang, func(name string) {
				screensSeen++
				tappables += r.checkScreen(t, name)
				r.tapEachField(name, swept, func(where string, f *widgets.Field) {
					tappables += r.checkScreen(t, where)
					r.checkInView(t, where, f)
					typed++
				})
			})
			if want := allSteps(); len(steps) != len(want) {
				for s := range want {
					if !steps[s] {
						t.Errorf("step %s was never shown", s)
					}
				}
			}
			t.Logf("%d screens, %d fields tapped, %d targets checked", screensSeen, typed, tappables)
		})
	}
}

// tapEachField taps, on a step of a form, each of its fields in turn, so
// that its keyboard, keypad or plate pad shows, and calls look after each
// tap. A step is swept once for the fields it shows.
func (r *rig) tapEachField(name string, swept map[string]bool, look func(where string, f *widgets.Field)) {
	st := r.sess.State()
	if st.Stage != kiosk.StageForm || overlaid(name) { // the warning covers the step
		return
	}
	key := name
	for _, f := range visibleFields(st) {
		key += "|" + f.ID
	}
	if swept[key] {
		return
	}
	swept[key] = true
	for i := 0; i < len(r.fields()); i++ {
		f := r.fields()[i]
		test.Tap(f)
		look(fmt.Sprintf("%s, field %d tapped", name, i+1), f)
	}
}

// checkScreen checks the screen shown (see TestTouchTargetsOnEveryScreen)
// and returns how many targets it has.
func (r *rig) checkScreen(t *testing.T, name string) int {
	t.Helper()
	// The driver lays out again, on its next frame, whatever holds an
	// object whose minimum size changed once laid out (a text wrapped
	// at its width); the test canvas has no frames.
	r.w.Content().Refresh()
	size := r.w.Canvas().Size()
	// The screen's minimum size is what it needs without scrolling or
	// cutting anything off (lists and form fields scroll down by
	// themselves).
	if m := r.ui.Content().MinSize(); m.Width > size.Width+0.5 || m.Height > size.Height+0.5 {
		t.Errorf("%s needs %.0f×%.0f px, more than a %.0f×%.0f window", name, m.Width, m.Height, size.Width, size.Height)
	}
	r.checkInside(t, name)
	r.checkNavBar(t, name)
	return r.checkTargets(t, name)
}

// checkInside checks that every object shown lies within the object that
// holds it, and the screen within the window: an object laid out in less
// room than it needs spills over its neighbours (a keypad over the
// navigation bar). What a scroll container holds may be larger than it:
// it is clipped, and scrolls.
func (r *rig) checkInside(t *testing.T, screen string) {
	t.Helper()
	content := r.w.Canvas().Content()
	window := widgets.Rect{Max: fyne.NewPos(r.w.Canvas().Size().Width, r.w.Canvas().Size().Height)}
	var check func(o fyne.CanvasObject, origin fyne.Position, holder widgets.Rect, scrolled bool)
	check = func(o fyne.CanvasObject, origin fyne.Position, holder widgets.Rect, scrolled bool) {
		if o == nil || !o.Visible() {
			return
		}
		pos := origin.Add(o.Position())
		rect := widgets.Rect{Min: pos, Max: pos.Add(fyne.NewPos(o.Size().Width, o.Size().Height))}
		if _, spacer := o.(*layout.Spacer); !spacer && !scrolled && !rect.Empty() && !within(rect, holder) {
			t.Errorf("%s: a %T at %v lies outside what holds it, at %v", screen, o, rect, holder)
		}
		var children []fyne.CanvasObject
		switch x := o.(type) {
		case *fyne.Container:
			children = x.Objects
		case *widgets.TouchScroll:
			// The content of a scroll is as large as it needs; its
			// parts must lie within it.
			check(x.Content, pos, rect, true)
			return
		case fyne.Widget:
			children = test.WidgetRenderer(x).Objects()
		}
		for _, c := range children {
			check(c, pos, rect, false)
		}
	}
	check(content, fyne.NewPos(0, 0), window, false)
}

// within reports whether a lies inside b, give or take half a pixel.
func within(a, b widgets.Rect) bool {
	return a.Min.X >= b.Min.X-0.5 && a.Min.Y >= b.Min.Y-0.5 && a.Max.X <= b.Max.X+0.5 && a.Max.Y <= b.Max.Y+0.5
}

// checkNavBar checks that no control crosses the line a page draws above
// its navigation bar: what is above it ends there, and the bar's own
// buttons stand below it.
func (r *rig) checkNavBar(t *testing.T, screen string) {
	t.Helper()
	if overlaid(screen) {
		return // the warning is drawn over the whole screen
	}
	line, ok := r.navLine()
	if !ok {
		return
	}
	for _, tg := range widgets.FocusTargets(r.ui.Content()) {
		v := tg.Visible
		if v.Empty() {
			continue
		}
		if v.Min.Y < line.Min.Y && v.Max.Y > line.Min.Y+0.5 || v.Min.Y >= line.Min.Y && v.Min.Y < line.Max.Y-0.5 {
			t.Errorf("%s: %s at %v crosses the line above the navigation bar at y=%.0f", screen, describe(tg.Object), v, line.Min.Y)
		}
	}
}

// navLine returns where the line above a page's navigation bar is: the
// lowest separator across the screen.
func (r *rig) navLine() (widgets.Rect, bool) {
	var line widgets.Rect
	found := false
	width := r.w.Canvas().Size().Width
	var find func(o fyne.CanvasObject, origin fyne.Position)
	find = func(o fyne.CanvasObject, origin fyne.Position) {
		if o == nil || !o.Visible() {
			return
		}
		pos := origin.Add(o.Position())
		switch x := o.(type) {
		case *widget.Separator:
			if x.Size().Width >= width*0.8 && (!found || pos.Y > line.Min.Y) {
				line = widgets.Rect{Min: pos, Max: pos.Add(fyne.NewPos(x.Size().Width, x.Size().Height))}
				found = true
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				find(c, pos)
			}
		}
	}
	content := r.w.Canvas().Content()
	find(content, fyne.NewPos(0, 0))
	return line, found
}

// checkInView checks that a field tapped on a form is in view whole, and
// within the window.
func (r *rig) checkInView(t *testing.T, screen string, f *widgets.Field) {
	t.Helper()
	for _, tg := range widgets.FocusTargets(r.ui.Content()) {
		if tg.Object != f {
			continue
		}
		if tg.Visible != tg.Rect {
			t.Errorf("%s: the field being typed into, at %v, shows only %v", screen, tg.Rect, tg.Visible)
		}
		return
	}
	t.Errorf("%s: the field tapped is not on the screen", screen)
}

// allSteps lists every step of every service, as "service/step".
func allSteps() map[string]bool {
	out := map[string]bool{}
	for _, svc := range kiosk.DefaultCatalogue().Services {
		for _, st := range svc.Steps {
			out[svc.Code+"/"+st.ID] = true
		}
	}
	return out
}

// checkTargets checks the targets on the window and returns how many.
func (r *rig) checkTargets(t *testing.T, screen string) int {
	t.Helper()
	min := widgets.Size(widgets.SizeNameTarget)
	pad := theme.Padding()
	// Every tappable object of the kiosk is a control the navigator knows
	// (a Button or a Field) or a background that takes a tap anywhere.
	for _, o := range r.objects() {
		typ := fmt.Sprintf("%T", o)
		ours := strings.HasPrefix(reflect.TypeOf(o).Elem().PkgPath(), "github.com/pishkhan/")
		if _, ok := o.(fyne.Tappable); ok && ours {
			switch o.(type) {
			case *widgets.Button, *widgets.Field:
			default:
				if typ != "*screens.surface" {
					t.Errorf("%s: %s is tappable but not a control", screen, typ)
				}
			}
		}
		if !ours {
			continue // Fyne's scroll container drags and hovers its bar
		}
		if _, ok := o.(fyne.DoubleTappable); ok {
			t.Errorf("%s: %s asks for a double tap", screen, typ)
		}
		if _, ok := o.(fyne.SecondaryTappable); ok {
			t.Errorf("%s: %s asks for a long press", screen, typ)
		}
		if _, scroll := o.(*widgets.TouchScroll); !scroll {
			// A scroll follows a drag, but asks for none: its
			// controls take taps, and a remote scrolls it by focus.
			if _, ok := o.(fyne.Draggable); ok {
				t.Errorf("%s: %s asks for a drag", screen, typ)
			}
		}
		if _, ok := o.(desktop.Hoverable); ok {
			t.Errorf("%s: %s reacts to hovering", screen, typ)
		}
	}
	ts := widgets.FocusTargets(r.ui.Content())
	window := widgets.Rect{Max: fyne.NewPos(r.w.Canvas().Size().Width, r.w.Canvas().Size().Height)}
	keys := r.keys()
	for i, a := range ts {
		if s := a.Rect.Size(); s.Width < min-0.5 || s.Height < min-0.5 {
			t.Errorf("%s: %s is %.0f×%.0f, under the %.0f px target", screen, describe(a.Object), s.Width, s.Height, min)
		}
		if !a.Visible.Empty() && !within(a.Visible, window) {
			t.Errorf("%s: %s at %v is outside the window", screen, describe(a.Object), a.Visible)
		}
		if b, ok := a.Object.(*widgets.Button); ok && labelCut(b) {
			t.Errorf("%s: %s is %.0f px wide: its label is cut", screen, describe(a.Object), b.Size().Width)
		}
		if keys[a.Object] && a.Visible != a.Rect {
			t.Errorf("%s: key %s at %v shows only %v: keys never scroll out of view", screen, describe(a.Object), a.Rect, a.Visible)
		}
		if overlaid(screen) {
			continue // under the idle warning, the screen cannot be touched
		}
		for _, b := range ts[i+1:] {
			// What is shown of two controls never overlaps; partly
			// scrolled out of view, a control's neighbours may lie
			// under the edge, else they keep the padding apart.
			want := pad
			if a.Visible != a.Rect || b.Visible != b.Rect {
				want = 0
			}
			if a.Visible.Empty() || b.Visible.Empty() {
				continue
			}
			if gap := separation(a.Visible, b.Visible); gap < want-0.5 {
				t.Errorf("%s: %s and %s are %.1f px apart, want at least %.0f", screen, describe(a.Object), describe(b.Object), gap, want)
			}
		}
	}
	return len(ts)
}

// labelCut reports whether a button is too narrow for its label: the
// label is given less than its text's width, beyond the small margin a
// Text keeps at its sides (a tenth of its size).
func labelCut(b *widgets.Button) bool {
	for _, o := range test.WidgetRenderer(b).Objects() {
		txt, ok := o.(*widgets.Text)
		if !ok || txt.Text() != b.Label || b.Label == "" {
			continue
		}
		size := txt.Style().Size
		if size == "" {
			size = theme.SizeNameText
		}
		margin := float32(math.Ceil(float64(theme.Size(size) / 10)))
		return txt.Size().Width < txt.MinSize().Width-2*margin-0.5
	}
	return false
}

// keys returns the keys of the on-screen keyboard, keypad or plate pad
// shown.
func (r *rig) keys() map[fyne.Focusable]bool {
	var pads []fyne.CanvasObject
	walk(r.w.Canvas().Content(), func(x fyne.CanvasObject) bool {
		switch p := x.(type) {
		case *widgets.Keyboard, *widgets.Keypad:
			pads = append(pads, x)
			return false
		case *screens.PlateEntry:
			pads = append(pads, p.Pad())
		}
		return true
	})
	out := map[fyne.Focusable]bool{}
	for _, p := range pads {
		for _, tg := range widgets.FocusTargets(p) {
			out[tg.Object] = true
		}
	}
	return out
}

// separation is the distance between two rectangles along the axis on
// which they are apart (negative when they overlap).
func separation(a, b widgets.Rect) float32 {
	gx := max(b.Min.X-a.Max.X, a.Min.X-b.Max.X)
	gy := max(b.Min.Y-a.Max.Y, a.Min.Y-b.Max.Y)
	return max(gx, gy)
}

func describe(o fyne.Focusable) string {
	if b, ok := o.(*widgets.Button); ok {
		return fmt.Sprintf("button %q", b.Label)
	}
	return fmt.Sprintf("%T", o)
}
