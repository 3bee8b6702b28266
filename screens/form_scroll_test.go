package screens_test

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// TestFormStepScrollsToWholeRows opens a form step typed on the on-screen
// keyboard (the job application's "About you", first name) on the
// 1280×800 kiosk window and on a television, with normal and large text,
// in both languages, then taps its other typed fields and the first name
// again. When the step opens, its heading is whole in view above the
// field; the field being typed into is always whole in view; no text of
// the step is cut by the top edge of the view; and a step that fits its
// view is not scrolled at all.
func TestFormStepScrollsToWholeRows(t *testing.T) {
	cases := []struct {
		name string
		lang kiosk.Lang
		opts []rigOption
	}{
		{"kiosk persian", kiosk.Persian, nil},
		{"kiosk english", kiosk.English, nil},
		{"kiosk persian large text", kiosk.Persian, []rigOption{largeText()}},
		{"kiosk english large text", kiosk.English, []rigOption{largeText()}},
		{"tv persian", kiosk.Persian, []rigOption{tvMode()}},
		{"tv english", kiosk.English, []rigOption{tvMode()}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, tc.opts...)
			if r.w.Canvas().Size() != tvSize {
				r.w.SetPadded(false) // as cmd/kiosk shows it
				r.w.Resize(kioskWindow)
			}
			r.startIn(tc.lang)
			r.open("employment")
			st := r.sess.State()
			heading := st.Service.Steps[st.Step].Title.In(tc.lang)
			if _, ok := r.pad().(*widgets.Keyboard); !ok {
				t.Fatalf("the first name is typed with %T, want the keyboard", r.pad())
			}
			r.checkRows(t, "opened", r.field("first_name"), heading)
			for _, id := range []string{"last_name", "national_code", "first_name"} {
				f := r.field(id)
				test.Tap(f)
				r.checkRows(t, id+" tapped", f, "")
			}
		})
	}
}

// checkRows checks the form's scroll around the field f being typed
// into (see TestFormStepScrollsToWholeRows); heading, when not empty, is
// a text that must be whole in view.
func (r *rig) checkRows(t *testing.T, where string, f *widgets.Field, heading string) {
	t.Helper()
	var scroll *widgets.TouchScroll
	var at fyne.Position
	walkAt(r.w.Canvas().Content(), fyne.NewPos(0, 0), func(o fyne.CanvasObject, pos fyne.Position) {
		if s, ok := o.(*widgets.TouchScroll); ok && widgets.Contains(s, f) {
			scroll, at = s, pos // the innermost one holding f
		}
	})
	if scroll == nil {
		t.Fatalf("%s: the field is in no scroll container", where)
	}
	top, bottom := at.Y, at.Y+scroll.Size().Height
	if fits := scroll.Content.MinSize().Height <= scroll.Size().Height; fits && scroll.Offset.Y != 0 {
		t.Errorf("%s: the step fits its view (%.1f px in %.1f) but is scrolled by %.1f px",
			where, scroll.Content.MinSize().Height, scroll.Size().Height, scroll.Offset.Y)
	}
	seen := false
	walkAt(scroll.Content, at.Add(scroll.Content.Position()), func(o fyne.CanvasObject, pos fyne.Position) {
		txt, ok := o.(*widgets.Text)
		if !ok || txt.Text() == "" {
			return
		}
		y0, y1 := pos.Y, pos.Y+o.Size().Height
		if y0 < top-0.01 && y1 > top+0.01 {
			t.Errorf("%s: %q (y %.1f to %.1f) is cut by the top edge of the view at %.1f", where, txt.Text(), y0, y1, top)
		}
		if txt.Text() == heading {
			seen = true
			if y0 < top-0.01 || y1 > bottom+0.01 {
				t.Errorf("%s: the heading %q (y %.1f to %.1f) is not whole in the view (y %.1f to %.1f)", where, heading, y0, y1, top, bottom)
			}
		}
	})
	if heading != "" && !seen {
		t.Errorf("%s: the heading %q is not shown", where, heading)
	}
	for _, tg := range widgets.FocusTargets(r.w.Canvas().Content()) {
		if tg.Object == f && tg.Visible != tg.Rect {
			t.Errorf("%s: the field being typed into, at %v, shows only %v", where, tg.Rect, tg.Visible)
		}
	}
}

// walkAt calls fn for every visible object under o with its place on the
// canvas, o being at pos; a scroll container's content is placed where
// it is scrolled to.
func walkAt(o fyne.CanvasObject, pos fyne.Position, fn func(fyne.CanvasObject, fyne.Position)) {
	if o == nil || !o.Visible() {
		return
	}
	fn(o, pos)
	var kids []fyne.CanvasObject
	switch x := o.(type) {
	case *fyne.Container:
		kids = x.Objects
	case *widgets.TouchScroll:
		kids = []fyne.CanvasObject{x.Content}
	case fyne.Widget:
		kids = test.WidgetRenderer(x).Objects()
	}
	for _, c := range kids {
		if c != nil {
			walkAt(c, pos.Add(c.Position()), fn)
		}
	}
}
