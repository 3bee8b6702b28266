package screens_test

import (
	"strconv"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// TestLargeTextReachedByFinger shows, with large text on the 1280×800
// window, that what falls below the fold is a finger's drag away: the last
// services of the grid and the last days of the date picker are dragged
// into view (never the scroll bar) and tapped where they then stand.
func TestLargeTextReachedByFinger(t *testing.T) {
	newLargeRig := func(t *testing.T, l kiosk.Lang) *rig {
		r := newRig(t, largeText())
		r.w.SetPadded(false) // as cmd/kiosk shows it
		r.w.Resize(kioskWindow)
		r.startIn(l)
		return r
	}
	for _, l := range kiosk.Languages {
		t.Run(string(l)+"/services", func(t *testing.T) {
			r := newLargeRig(t, l)
			svcs := kiosk.DefaultCatalogue().Services
			last := svcs[len(svcs)-1]
			if r.touch(r.button(last.Name.In(l))) == 0 {
				t.Errorf("%q is in view without a drag: this test shows nothing", last.Name.In(l))
			}
			if st := r.sess.State(); st.Service == nil || st.Service.Code != last.Code {
				t.Fatalf("tapping %q after dragging it into view opened %v", last.Name.In(l), st.Service)
			}
		})
		t.Run(string(l)+"/date", func(t *testing.T) {
			r := newLargeRig(t, l)
			r.open("health")
			r.pressKeys(kiosk.LocalizeDigits(l, "0013542419"))
			r.tap(r.choice("insurance", "salamat"))
			r.tapMsg("nav.next")
			r.tap(r.choice("service_kind", "appointment"))
			r.tapMsg("nav.next")
			r.tap(r.choice("specialty", "pediatrics"))
			d := r.picker()
			// The last day of a month, in the last row of its days.
			iso := map[kiosk.Lang]string{kiosk.Persian: "2025-09-22", kiosk.English: "2025-09-30"}[l]
			want, err := d.Calendar().FromISO(iso)
			if err != nil {
				t.Fatal(err)
			}
			r.touch(r.buttonIn(d, d.MonthName(want.Month)))
			if r.touch(r.buttonIn(d, kiosk.LocalizeDigits(l, strconv.Itoa(want.Day)))) == 0 {
				t.Errorf("day %d is in view without a drag: this test shows nothing", want.Day)
			}
			if got := r.sess.State().Answers["preferred_date"]; got != iso {
				t.Errorf("preferred_date holds %q after dragging to the day and tapping it, want %s", got, iso)
			}
		})
	}
}

// touch drags the scroll holding o with a finger until o is whole in
// view, then taps the canvas where o stands; it returns how many drags
// it took.
func (r *rig) touch(o fyne.CanvasObject) (drags int) {
	r.t.Helper()
	c := r.w.Canvas()
	abs := func(o fyne.CanvasObject) widgets.Rect {
		p := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
		return widgets.Rect{Min: p, Max: p.Add(fyne.NewPos(o.Size().Width, o.Size().Height))}
	}
	var scroll *widgets.TouchScroll
	walkAt(c.Content(), fyne.NewPos(0, 0), func(s fyne.CanvasObject, _ fyne.Position) {
		if ts, ok := s.(*widgets.TouchScroll); ok && widgets.Contains(ts, o) {
			scroll = ts
		}
	})
	for ; drags < 20; drags++ {
		view, at := abs(scroll), abs(o)
		if at.Min.Y >= view.Min.Y && at.Max.Y <= view.Max.Y {
			test.TapCanvas(c, at.Center())
			return drags
		}
		// The finger moves the page towards o, at most most of a view at
		// a time, and holds still before it lifts, so that the page
		// stops where the finger left it (a flick coasts on: see the
		// widgets' tests).
		dy := min(at.Max.Y-view.Max.Y, view.Size().Height*0.8)
		if at.Min.Y < view.Min.Y {
			dy = max(at.Min.Y-view.Min.Y, -view.Size().Height*0.8)
		}
		scroll.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: view.Center()}, Dragged: fyne.NewDelta(0, -dy)})
		time.Sleep(150 * time.Millisecond)
		scroll.DragEnd()
	}
	r.t.Fatalf("%T not dragged into view in 20 drags", o)
	return drags
}
