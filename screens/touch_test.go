package screens_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// kioskWindow is the smallest screen a kiosk shows the path on: the
// window cmd/kiosk opens in windowed kiosk mode. Kiosk panels are
// 1280×1024, 1920×1080, or 1080×1920 in portrait.
var kioskWindow = fyne.NewSize(1280, 800)

// TestTouchTargetsOnEveryScreen walks every screen of the path in both
// languages, with normal and with large text, and checks that everything
// a citizen can tap is at least the theme's touch target (about 15 mm)
// on each side, with at least the theme's padding between two targets;
// that no control of the kiosk asks for a double tap, a long press
// (secondary tap), a drag or hovering; and that every screen, every step
// of every service among them, fits a 1280×800 window: with large text
// it may scroll down, but never sideways.
func TestTouchTargetsOnEveryScreen(t *testing.T) {
	cases := []struct {
		name  string
		lang  kiosk.Lang
		large bool
	}{
		{"persian", kiosk.Persian, false},
		{"english", kiosk.English, false},
		{"persian large text", kiosk.Persian, true},
		{"english large text", kiosk.English, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, func(_ *kiosk.SessionConfig, o *screens.Options) { o.LargeText = tc.large })
			screensSeen, tappables := 0, 0
			steps := visitEveryScreen(r, tc.lang, func(name string) {
				screensSeen++
				// The screen's minimum size is what it needs without
				// scrolling or cutting anything off (lists and form
				// fields scroll down by themselves).
				m := r.ui.Content().MinSize()
				if m.Width > kioskWindow.Width {
					t.Errorf("%s needs %.0f px of width, more than a %.0f-px window", name, m.Width, kioskWindow.Width)
				}
				if !tc.large && m.Height > kioskWindow.Height {
					t.Errorf("%s needs %.0f px of height, more than a %.0f-px window", name, m.Height, kioskWindow.Height)
				}
				tappables += r.checkTargets(t, name)
			})
			if want := allSteps(); len(steps) != len(want) {
				for s := range want {
					if !steps[s] {
						t.Errorf("step %s was never shown", s)
					}
				}
			}
			t.Logf("%d screens, %d targets checked", screensSeen, tappables)
		})
	}
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
		if _, ok := o.(fyne.Draggable); ok {
			t.Errorf("%s: %s asks for a drag", screen, typ)
		}
		if _, ok := o.(desktop.Hoverable); ok {
			t.Errorf("%s: %s reacts to hovering", screen, typ)
		}
	}
	ts := widgets.FocusTargets(r.ui.Content())
	for i, a := range ts {
		if s := a.Rect.Size(); s.Width < min-0.5 || s.Height < min-0.5 {
			t.Errorf("%s: %s is %.0f×%.0f, under the %.0f px target", screen, describe(a.Object), s.Width, s.Height, min)
		}
		if a.Visible != a.Rect || screen == "idle" {
			// Partly scrolled out of view, its neighbours may lie under
			// the edge; under the idle warning, the screen cannot be
			// touched.
			continue
		}
		for _, b := range ts[i+1:] {
			if b.Visible != b.Rect {
				continue
			}
			if gap := separation(a.Rect, b.Rect); gap < pad-0.5 {
				t.Errorf("%s: %s and %s are %.1f px apart, want at least %.0f", screen, describe(a.Object), describe(b.Object), gap, pad)
			}
		}
	}
	return len(ts)
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
