package screens_test

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// Key events as Fyne's desktop driver delivers them: to the focused
// control, or to the canvas's handler when nothing has the focus.

// press presses keys one after the other.
func (r *rig) press(names ...fyne.KeyName) {
	r.t.Helper()
	c := r.w.Canvas()
	for _, n := range names {
		e := &fyne.KeyEvent{Name: n}
		if f := c.Focused(); f != nil {
			f.TypedKey(e)
		} else if h := c.OnTypedKey(); h != nil {
			h(e)
		}
	}
}

// typeDigits types digits on the remote: for each the driver delivers the
// key, then the character.
func (r *rig) typeDigits(s string) {
	r.t.Helper()
	c := r.w.Canvas()
	for _, ch := range s {
		r.press(fyne.KeyName(string(ch)))
		if f := c.Focused(); f != nil {
			f.TypedRune(ch)
		} else if h := c.OnTypedRune(); h != nil {
			h(ch)
		}
	}
}

// focused returns the focused control, failing when there is none.
func (r *rig) focused() fyne.CanvasObject {
	r.t.Helper()
	f := r.w.Canvas().Focused()
	if f == nil {
		r.t.Fatalf("nothing has the focus on %s", r.sess.State())
	}
	return f.(fyne.CanvasObject)
}

// focusedLabel names the focused control for messages.
func (r *rig) focusedLabel() string {
	f := r.w.Canvas().Focused()
	switch x := f.(type) {
	case nil:
		return "nothing"
	case *widgets.Button:
		return fmt.Sprintf("button %q", x.Label)
	case *widgets.Field:
		return fmt.Sprintf("field holding %q", x.Value())
	}
	return fmt.Sprintf("%T", f)
}

// wantFocus fails unless the focused control is a button labelled label.
func (r *rig) wantFocus(label string) {
	r.t.Helper()
	b, ok := r.w.Canvas().Focused().(*widgets.Button)
	if !ok || b.Label != label {
		r.t.Fatalf("focus on %s, want button %q (%s)", r.focusedLabel(), label, r.sess.State())
	}
}

// rectOf returns where o is on the window.
func rectOf(o fyne.CanvasObject) widgets.Rect {
	p := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	s := o.Size()
	return widgets.Rect{Min: p, Max: p.AddXY(s.Width, s.Height)}
}

func overlap(aLo, aHi, bLo, bHi float32) bool { return aLo < bHi && bLo < aHi }

// arrowTo moves the focus to target with arrow keys only, each time
// pressing the arrow that points at it, and fails when a press does not
// move the focus or the target is not reached in 40 presses.
func (r *rig) arrowTo(target fyne.CanvasObject) {
	r.t.Helper()
	for n := 0; n < 40; n++ {
		cur := r.focused()
		if cur == target {
			return
		}
		a, b := rectOf(cur), rectOf(target)
		ac, bc := a.Center(), b.Center()
		vertical := []fyne.KeyName{fyne.KeyDown}
		if bc.Y < ac.Y {
			vertical[0] = fyne.KeyUp
		}
		horizontal := []fyne.KeyName{fyne.KeyRight}
		if bc.X < ac.X {
			horizontal[0] = fyne.KeyLeft
		}
		keys := append(vertical, horizontal...)
		switch {
		case overlap(a.Min.Y, a.Max.Y, b.Min.Y, b.Max.Y):
			keys = horizontal
		case overlap(a.Min.X, a.Max.X, b.Min.X, b.Max.X):
			keys = vertical
		case abs(bc.X-ac.X) > abs(bc.Y-ac.Y):
			keys = append(horizontal, vertical...)
		}
		moved := false
		for _, k := range keys {
			r.press(k)
			if r.w.Canvas().Focused().(fyne.CanvasObject) != cur {
				moved = true
				break
			}
		}
		if !moved {
			r.t.Fatalf("arrows %v do not move the focus from %s (at %v) towards %T at %v on %s", keys, r.focusedLabel(), a, target, b, r.sess.State())
		}
	}
	r.t.Fatalf("the focus did not reach %T in 40 presses; it is on %s", target, r.focusedLabel())
}

func abs(f float32) float32 {
	if f < 0 {
		return -f
	}
	return f
}

// buttonIn returns the one enabled button labelled label inside root.
func (r *rig) buttonIn(root fyne.CanvasObject, label string) *widgets.Button {
	r.t.Helper()
	var found []*widgets.Button
	walk(root, func(o fyne.CanvasObject) bool {
		if b, ok := o.(*widgets.Button); ok {
			if b.Label == label && !b.Disabled() {
				found = append(found, b)
			}
			return false
		}
		return true
	})
	if len(found) != 1 {
		r.t.Fatalf("%d buttons labelled %q in %T on %s", len(found), label, root, r.sess.State())
	}
	return found[0]
}

// choose moves the focus to the button labelled label and presses OK.
func (r *rig) choose(label string) {
	r.t.Helper()
	r.arrowTo(r.button(label))
	r.press(fyne.KeyReturn)
}

// chooseMsg chooses the button labelled with a message.
func (r *rig) chooseMsg(key string) {
	r.t.Helper()
	r.choose(kiosk.Msg(r.sess.State().Lang, key))
}

// keyIn types s on the on-screen keyboard or keypad shown, moving to each
// key with the arrows and pressing OK.
func (r *rig) keyIn(s string) {
	r.t.Helper()
	l := r.sess.State().Lang
	for _, ch := range s {
		label := string(ch)
		switch label {
		case widgets.ZWNJ:
			label = kiosk.Msg(l, "keyboard.zwnj")
		case " ":
			label = kiosk.Msg(l, "keyboard.space")
		}
		r.arrowTo(r.buttonIn(r.pad(), label))
		r.press(fyne.KeyReturn)
	}
}

// describeFocus is a short account of the focus for failure messages.
func (r *rig) describeFocus() string {
	var b strings.Builder
	fmt.Fprintf(&b, "focus on %s", r.focusedLabel())
	if f, ok := r.w.Canvas().Focused().(fyne.CanvasObject); ok {
		fmt.Fprintf(&b, " at %v", rectOf(f))
	}
	return b.String()
}
