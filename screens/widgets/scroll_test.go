package widgets_test

import (
	"image/color"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/screens/widgets"
)

// The view the scroll tests use: 300 px of a 3,000-px page, a button at
// its top.
const (
	viewSide    = 300
	pageHeight  = 3000
	furthestOff = pageHeight - viewSide
)

// scrollRig shows a TouchScroll of a tall page with a button at its top,
// in a window of its own, and counts the button's presses and the
// scroll's reports.
type scrollRig struct {
	w        fyne.Window
	scroll   *widgets.TouchScroll
	button   *widgets.Button
	pressed  int
	reported int
}

func newScrollRig(t *testing.T) *scrollRig {
	t.Helper()
	fonts := dejavu(t)
	test.NewTempApp(t)
	r := &scrollRig{}
	r.button = widgets.NewButton(fonts, "OK", widgets.DirLTR, func() { r.pressed++ })
	page := canvas.NewRectangle(color.Gray{Y: 0xee})
	page.SetMinSize(fyne.NewSize(viewSide, pageHeight))
	r.scroll = widgets.NewVScroll(container.NewStack(page, container.NewVBox(container.NewHBox(r.button, layout.NewSpacer()))))
	r.scroll.OnScrolled = func(fyne.Position) { r.reported++ }
	r.w = test.NewTempWindow(t, r.scroll)
	r.w.SetPadded(false)
	r.w.Resize(fyne.NewSize(viewSide, viewSide))
	return r
}

// middle is a point of the page away from the button and the scroll bar.
var middle = fyne.NewPos(viewSide/2, viewSide/2)

// buttonCentre is where the button is on the canvas while the page is
// not scrolled.
func (r *scrollRig) buttonCentre() fyne.Position {
	s := r.button.Size()
	return r.button.Position().Add(fyne.NewPos(s.Width/2, s.Height/2))
}

func TestTouchScrollFollowsTheFinger(t *testing.T) {
	cases := []struct {
		name string
		// drags are the finger's moves (down is positive), the finger
		// holding still for pause before it lifts.
		drags []float32
		pause time.Duration
		want  float32
	}{
		{"up by 100 px", []float32{-100}, 0, 100},
		{"up in three moves", []float32{-40, -30, -30}, 0, 100},
		{"up then back down", []float32{-150, 50}, 0, 100},
		{"down at the top stays", []float32{80}, 0, 0},
		{"past the end stops at the end", []float32{-5000}, 0, furthestOff},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := newScrollRig(t)
			for _, dy := range tc.drags {
				r.scroll.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: middle}, Dragged: fyne.NewDelta(0, dy)})
			}
			if got := r.scroll.Offset.Y; got != tc.want {
				t.Errorf("while the finger is down the page is scrolled by %.1f px, want %.1f", got, tc.want)
			}
			if got := r.scroll.Content.Position().Y; got != -tc.want {
				t.Errorf("while the finger is down the page is drawn at y %.1f, want %.1f", got, -tc.want)
			}
			time.Sleep(150 * time.Millisecond) // a finger that stopped before lifting
			r.scroll.DragEnd()
			if got := r.scroll.Offset.Y; got != tc.want {
				t.Errorf("a finger lifted after a pause left the page scrolled by %.1f px, want %.1f (no coasting)", got, tc.want)
			}
			if tc.want != 0 && r.reported == 0 {
				t.Error("the drag was not reported through OnScrolled (it counts as the citizen's presence)")
			}
		})
	}
}

func TestTouchScrollCoastsAfterAFlickAndStops(t *testing.T) {
	cases := []struct {
		name     string
		start    float32 // the offset before the flick
		dy       float32 // the flick (down is positive)
		atLeast  float32 // where the page comes to rest, at least
		atMost   float32 // and at most
		coasting bool    // whether it goes further than the finger
	}{
		{"a flick up coasts on", 0, -100, 150, furthestOff - 1, true},
		{"a flick down coasts back", 1500, 100, 1, 1350, true},
		{"a flick up near the end stops at the end", furthestOff - 100, -60, furthestOff, furthestOff, true},
		{"a flick down near the top stops at the top", 60, 40, 0, 0, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := newScrollRig(t)
			r.scroll.ScrollToOffset(fyne.NewPos(0, tc.start))
			// Fyne's test driver plays an animation to its end at once.
			test.Drag(r.w.Canvas(), middle, 0, tc.dy)
			rest := r.scroll.Offset.Y
			if rest < tc.atLeast || rest > tc.atMost {
				t.Errorf("the page came to rest at %.1f px, want %.1f to %.1f", rest, tc.atLeast, tc.atMost)
			}
			if finger := tc.start - tc.dy; tc.coasting && finger > 0 && finger < furthestOff && rest == finger {
				t.Errorf("the page stopped with the finger at %.1f px, want it to coast on", rest)
			}
			time.Sleep(50 * time.Millisecond)
			if got := r.scroll.Offset.Y; got != rest {
				t.Errorf("the page moved on from %.1f to %.1f px after coming to rest", rest, got)
			}
			if got := r.scroll.Content.Position().Y; got != -rest {
				t.Errorf("the page is drawn at y %.1f, want %.1f", got, -rest)
			}
		})
	}
}

func TestTouchScrollLeavesTapsToItsButtons(t *testing.T) {
	cases := []struct {
		name        string
		touch       func(r *scrollRig)
		wantPressed int
		wantMoved   bool
	}{
		{"a tap on the button presses it", func(r *scrollRig) { test.TapCanvas(r.w.Canvas(), r.buttonCentre()) }, 1, false},
		{"a tap beside the button does nothing", func(r *scrollRig) { test.TapCanvas(r.w.Canvas(), middle) }, 0, false},
		{"a drag starting on the button scrolls and does not press it", func(r *scrollRig) {
			test.Drag(r.w.Canvas(), r.buttonCentre(), 0, -50)
		}, 0, true},
		{"the scroll bar drags the page", func(r *scrollRig) {
			test.Drag(r.w.Canvas(), fyne.NewPos(viewSide-2, 10), 0, 60)
		}, 0, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := newScrollRig(t)
			tc.touch(r)
			if r.pressed != tc.wantPressed {
				t.Errorf("the button was pressed %d times, want %d", r.pressed, tc.wantPressed)
			}
			if moved := r.scroll.Offset.Y != 0; moved != tc.wantMoved {
				t.Errorf("the page scrolled by %.1f px; want it moved: %v", r.scroll.Offset.Y, tc.wantMoved)
			}
		})
	}
}

func TestTouchScrollIsFoundByTheFocus(t *testing.T) {
	r := newScrollRig(t)
	targets := widgets.FocusTargets(r.w.Canvas().Content())
	if len(targets) != 1 || targets[0].Object != r.button {
		t.Fatalf("focus targets %v, want the button inside the scroll", targets)
	}
	if targets[0].Scroll != &r.scroll.Scroll {
		t.Errorf("the button's scroll is %p, want the TouchScroll's container %p", targets[0].Scroll, &r.scroll.Scroll)
	}
	if !widgets.Contains(r.scroll, r.button) {
		t.Error("Contains does not look into a TouchScroll")
	}
}
