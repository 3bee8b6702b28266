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

// text returns the one text shown that reads s.
func (r *rig) text(s string) *widgets.Text {
	r.t.Helper()
	var found []*widgets.Text
	walk(r.w.Canvas().Content(), func(o fyne.CanvasObject) bool {
		if t, ok := o.(*widgets.Text); ok {
			if t.Text() == s {
				found = append(found, t)
			}
			return false
		}
		return true
	})
	if len(found) != 1 {
		r.t.Fatalf("%d texts reading %q; shown: %q", len(found), s, r.texts())
	}
	return found[0]
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
			checkMirrored(t, r, l)
		})
	}
}

// TestLayoutFollowsEachSessionsLanguage: one kiosk, never restarted,
// serves a citizen to the end in one language and the next in the other;
// each session's screens take their own language's direction (start
// edge, arrows, progress, alignment of typed digits), nothing kept from
// the session before.
func TestLayoutFollowsEachSessionsLanguage(t *testing.T) {
	for _, order := range [][2]kiosk.Lang{{kiosk.Persian, kiosk.English}, {kiosk.English, kiosk.Persian}} {
		t.Run(string(order[0])+" then "+string(order[1]), func(t *testing.T) {
			r := newRig(t)
			for i, l := range order {
				r.startIn(l)
				checkMirrored(t, r, l)
				if i == len(order)-1 {
					break
				}
				// The first citizen goes on to submit a request, and
				// leaves with the receipt.
				r.tapMsg("nav.back")
				r.stage(kiosk.StageIntro)
				r.tapMsg("nav.back")
				r.stage(kiosk.StageServices)
				r.open("police")
				walkToReceipt(t, r)
				checkStartFirst(t, r, l, "receipt: reprint and done", r.button(kiosk.Msg(l, "receipt.reprint")), r.button(kiosk.Msg(l, "receipt.done")))
				r.tapMsg("receipt.done")
				r.stage(kiosk.StageSurvey)
				r.tapMsg("survey.skip")
				r.stage(kiosk.StageThanks)
				r.tapMsg("thanks.done")
				r.stage(kiosk.StageAttract)
			}
			if n := len(r.outbox.submissions()); n != 1 {
				t.Fatalf("%d submissions stored, want the first citizen's", n)
			}
		})
	}
}

// checkStartFirst fails unless start lies at the start edge of l from
// end: right of it in Persian, left of it in English.
func checkStartFirst(t *testing.T, r *rig, l kiosk.Lang, what string, start, end fyne.CanvasObject) {
	t.Helper()
	if (r.x(start) > r.x(end)) != l.RTL() {
		t.Errorf("%s: %s start at x=%.0f, end at x=%.0f; right to left = %t", l, what, r.x(start), r.x(end), l.RTL())
	}
}

// checkMirrored checks, from the service grid in l, that the screens
// start at l's start edge: the first service tile, back before cancel,
// then on the library's first step back before next, progress filling
// from the start, arrows pointing the way they go and typed digits at
// the start edge. It leaves the session on that step.
func checkMirrored(t *testing.T, r *rig, l kiosk.Lang) {
	t.Helper()
	rtl := l.RTL()
	startFirst := func(what string, start, end fyne.CanvasObject) {
		t.Helper()
		checkStartFirst(t, r, l, what, start, end)
	}
	svcs := r.sess.Services()
	startFirst("service grid", r.button(svcs[0].Name.In(l)), r.button(svcs[1].Name.In(l)))
	back := r.button(kiosk.Msg(l, "nav.back"))
	cancel := r.button(kiosk.Msg(l, "nav.cancel"))
	startFirst("back and cancel", back, cancel)

	// Tax: two steps, whatever the answers, so its progress has a bar.
	r.open("tax")
	startFirst("back and next", r.button(kiosk.Msg(l, "nav.back")), r.button(kiosk.Msg(l, "nav.next")))
	// The step's title and the question begin at the start edge: their
	// first letter is drawn in the right half of the window in Persian,
	// in the left half in English.
	st := r.sess.State()
	nc, _ := st.Service.Field("national_code")
	for _, s := range []string{st.Service.Steps[st.Step].Title.In(l), nc.Label.In(l)} {
		txt := r.text(s)
		x := fyne.CurrentApp().Driver().AbsolutePositionForObject(txt).X
		caret, _ := txt.CaretPosition(0)
		if first := x + caret.X; (first > r.w.Canvas().Size().Width/2) != rtl {
			t.Errorf("%s: %q begins at x=%.0f of a %.0f-px window; right to left = %t", l, s, first, r.w.Canvas().Size().Width, rtl)
		}
	}
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
		t.Fatalf("%s: %d step segments, want 2", l, len(segs))
	}
	if (segs[0].Position().X > segs[1].Position().X) != rtl {
		t.Errorf("%s: step 1 of 2 filled at x=%.0f, step 2 at x=%.0f; right to left = %t", l, segs[0].Position().X, segs[1].Position().X, rtl)
	}
	// The back arrow points to the start edge: right in Persian.
	right, left := theme.NavigateNextIcon().Name(), theme.NavigateBackIcon().Name()
	if rtl {
		right, left = left, right
	}
	if got := r.button(kiosk.Msg(l, "nav.back")).Icon.Name(); got != left {
		t.Errorf("%s: back arrow is %s, want %s", l, got, left)
	}
	if got := r.button(kiosk.Msg(l, "nav.next")).Icon.Name(); got != right {
		t.Errorf("%s: next arrow is %s, want %s", l, got, right)
	}
	// Typed digits hug the start edge: right in Persian.
	f := r.field("national_code")
	if rtl != (f.Align == widgets.AlignEnd && f.Dir == widgets.DirLTR) {
		t.Errorf("national code field: dir %v align %v in %s", f.Dir, f.Align, l)
	}
}
