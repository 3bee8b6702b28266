package screens_test

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

func (r *rig) x(o fyne.CanvasObject) float32 {
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(o).X + o.Size().Width/2
}

func (r *rig) button(label string) *widgets.Button {
	r.t.Helper()
	bs := r.buttons(label)
	if len(bs) != 1 {
		r.t.Fatalf("%d buttons labelled %q", len(bs), label)
	}
	return bs[0]
}

// TestScreensMirrorInPersian checks that Persian screens start at the
// right edge: back on the right and next on the left, the first service
// tile on the right, progress filling from the right; and that English
// screens do the opposite.
func TestScreensMirrorInPersian(t *testing.T) {
	for _, l := range kiosk.Languages {
		t.Run(string(l), func(t *testing.T) {
			r := newRig(t)
			r.startIn(l)
			rtl := l.RTL()
			startFirst := func(what string, start, end fyne.CanvasObject) {
				t.Helper()
				if (r.x(start) > r.x(end)) != rtl {
					t.Errorf("%s: start at x=%.0f, end at x=%.0f; right to left = %t", what, r.x(start), r.x(end), rtl)
				}
			}
			svcs := r.sess.Services()
			startFirst("service grid", r.button(svcs[0].Name.In(l)), r.button(svcs[1].Name.In(l)))
			back := r.button(kiosk.Msg(l, "nav.back"))
			cancel := r.button(kiosk.Msg(l, "nav.cancel"))
			startFirst("back and cancel", back, cancel)

			r.open("library")
			startFirst("back and next", r.button(kiosk.Msg(l, "nav.back")), r.button(kiosk.Msg(l, "nav.next")))
			// Progress: the segment of step 1 is at the start edge.
			var segs []fyne.CanvasObject
			for _, o := range test.WidgetRenderer(find[*widgets.StepBar](r)).Objects() {
				if o.(*canvas.Rectangle).FillColor == theme.Color(theme.ColorNamePrimary) {
					segs = append([]fyne.CanvasObject{o}, segs...)
				} else {
					segs = append(segs, o)
				}
			}
			if len(segs) != 2 {
				t.Fatalf("%d step segments, want 2", len(segs))
			}
			if (segs[0].Position().X > segs[1].Position().X) != rtl {
				t.Errorf("step 1 of 2 filled at x=%.0f, step 2 at x=%.0f; right to left = %t", segs[0].Position().X, segs[1].Position().X, rtl)
			}
			// The back arrow points to the start edge: right in Persian.
			right, left := theme.NavigateNextIcon().Name(), theme.NavigateBackIcon().Name()
			if rtl {
				right, left = left, right
			}
			if got := r.button(kiosk.Msg(l, "nav.back")).Icon.Name(); got != left {
				t.Errorf("back arrow is %s, want %s", got, left)
			}
			if got := r.button(kiosk.Msg(l, "nav.next")).Icon.Name(); got != right {
				t.Errorf("next arrow is %s, want %s", got, right)
			}
			// Typed digits hug the start edge: right in Persian.
			f := r.field("national_code")
			if rtl != (f.Align == widgets.AlignEnd && f.Dir == widgets.DirLTR) {
				t.Errorf("national code field: dir %v align %v in %s", f.Dir, f.Align, l)
			}
		})
	}
}
