package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// navigator drives every screen with keys alone: a TV remote's D-pad, OK,
// Back, digits and colour keys, or a keyboard's. It is the canvas's key
// handler; the kiosk's controls pass it the keys they do not use
// themselves (see widgets.Button.TypedKey), so one place decides what
// every key does on every screen. docs/tv.md lists the keys.
//
// Arrows move the focus to the nearest control in their direction on the
// screen (widgets.Nearest). Directions are visual in both languages: the
// Persian screens are mirrored, so Left goes towards Next there, as the
// arrow points.
type navigator struct {
	u      *UI
	canvas fyne.Canvas
	// keyed is set once a key moved or placed the focus in this session:
	// from then on screens open with the focus on their primary action,
	// as they always do in TV mode. Touch-only citizens never see a focus
	// ring on a button they did not ask for (a field they tap takes the
	// focus, for a physical keyboard, and shows it).
	keyed bool
	// last is where the focus was put last, to find its place again when
	// the control under it was replaced.
	last widgets.Rect
	// saved is the focus the idle warning took over; beforeQuestion the
	// focus the cancel question took over.
	saved          fyne.Focusable
	beforeQuestion fyne.Focusable
}

// attach makes the navigator the key handler of c.
func (n *navigator) attach(c fyne.Canvas) {
	n.canvas = c
	c.SetOnTypedKey(n.typedKey)
	c.SetOnTypedRune(n.typedRune)
}

// wantsFocus reports whether screens open with a focused control.
func (n *navigator) wantsFocus() bool {
	return n.u.opts.Mode == config.ModeTV || n.keyed
}

// scope is what the keys act on: the idle warning while it is shown (it
// is modal), else the cancel question while it is asked, else the screen.
func (n *navigator) scope() fyne.CanvasObject {
	if n.u.overlay.root.Visible() {
		return n.u.overlay.root
	}
	if n.u.question.shown() {
		return n.u.question.root
	}
	return n.u.holder
}

func (n *navigator) targets() []widgets.Target { return widgets.FocusTargets(n.scope()) }

// current returns the index of the focused control among ts, or -1 when
// nothing in scope has the focus.
func (n *navigator) current(ts []widgets.Target) int {
	if n.canvas == nil {
		return -1
	}
	f := n.canvas.Focused()
	if f == nil {
		return -1
	}
	for i, t := range ts {
		if t.Object == f {
			return i
		}
	}
	return -1
}

// focus puts the focus on t and scrolls it into view.
func (n *navigator) focus(t widgets.Target) {
	n.canvas.Focus(t.Object)
	if _, field := t.Object.(*widgets.Field); field {
		// A field that takes the focus becomes the one typed into: its
		// keyboard or keypad may have changed the screen's layout, and
		// the form scrolled to it. Find where it is now.
		for _, now := range n.targets() {
			if now.Object == t.Object {
				t = now
				break
			}
		}
	}
	widgets.Reveal(t)
	n.last = t.Rect
}

// focusObject focuses o when it is one of ts, and reports whether it was.
func (n *navigator) focusObject(ts []widgets.Target, o fyne.Focusable) bool {
	if o == nil {
		return false
	}
	for _, t := range ts {
		if t.Object == o {
			n.focus(t)
			return true
		}
	}
	return false
}

// focusControl focuses o, scrolled into view.
func (n *navigator) focusControl(o fyne.Focusable) {
	if n.canvas != nil && !n.focusObject(n.targets(), o) {
		n.canvas.Focus(o)
	}
}

// focusPrimary focuses the screen's primary control, or its first one.
func (n *navigator) focusPrimary(ts []widgets.Target) {
	if n.u.overlay.root.Visible() {
		if n.focusObject(ts, n.u.overlay.more) {
			return
		}
	} else if n.u.question.shown() {
		// The safe choice.
		if n.focusObject(ts, n.u.question.keep) {
			return
		}
	} else if cur := n.u.cur; cur != nil && cur.primary != nil && n.focusObject(ts, cur.primary()) {
		return
	}
	if len(ts) > 0 {
		n.focus(ts[0])
	}
}

// typedKey is the canvas's key handler. It sees the keys pressed while
// nothing has the focus, and those the focused control passed on. With
// speech on, the speech keys are taken first, any other key interrupts
// what is being said, and where the key moved the focus is said.
func (n *navigator) typedKey(e *fyne.KeyEvent) {
	if n.u.speechKey(e) {
		return
	}
	n.key(e)
	n.u.speak(n.u.sess.State())
}

// key does what a key does on the screen shown.
func (n *navigator) key(e *fyne.KeyEvent) {
	u := n.u
	if a, ok := widgets.ArrowOf(e.Name); ok {
		n.keyed = true
		n.move(a)
		u.sess.Touch()
		return
	}
	switch e.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		// Nothing has the focus: the first press shows where it is.
		n.keyed = true
		ts := n.targets()
		if len(ts) == 0 {
			if cur := u.cur; cur != nil && cur.start != nil {
				cur.start()
			}
			return
		}
		n.focusPrimary(ts)
		u.sess.Touch()
	case fyne.KeyEscape, fyne.KeyBackspace:
		if u.overlay.root.Visible() {
			u.sess.MoreTime()
			return
		}
		if u.question.shown() {
			u.question.dismiss()
			return
		}
		if cur := u.cur; cur != nil && cur.key != nil && cur.key(e) {
			return
		}
		u.sess.Back()
	case keyRed:
		if u.overlay.root.Visible() {
			u.sess.MoreTime()
			return
		}
		if u.question.shown() {
			// Red asked; red again stops, as the disc on "yes, stop" says.
			u.question.stop.Tapped(&fyne.PointEvent{})
			return
		}
		if cur := u.cur; cur != nil && cur.cancel != nil {
			cur.cancel.Tapped(&fyne.PointEvent{})
		}
	case keyGreen:
		if u.overlay.root.Visible() {
			u.sess.MoreTime()
			return
		}
		if u.question.shown() {
			u.question.dismiss()
			return
		}
		if cur := u.cur; cur != nil && cur.confirm != nil {
			cur.confirm.Tapped(&fyne.PointEvent{})
		}
	case keyYellow: // the next text size, round to the standard
		u.setDisplay(next(TextSizes, u.a11y.TextSize), u.a11y.Colours)
		u.sess.Touch()
	case keyBlue: // the next colour theme, round to the default
		u.setDisplay(u.a11y.TextSize, next(ColourThemes, u.a11y.Colours))
		u.sess.Touch()
	}
}

// The remote's colour keys. X11 has no key names for them, so the
// remote's key map (docs/tv.md) sends F1 to F4, as do the set-top boxes
// whose remotes report colour keys as function keys.
const (
	keyRed    = fyne.KeyF1
	keyGreen  = fyne.KeyF2
	keyYellow = fyne.KeyF3
	keyBlue   = fyne.KeyF4
)

// typedRune is the canvas's rune handler: a digit typed on the remote (or
// a keyboard) while a control other than a field has the focus goes into
// the field being answered.
func (n *navigator) typedRune(r rune) {
	u := n.u
	if u.speechRune(r) {
		return
	}
	if u.overlay.root.Visible() {
		u.sess.MoreTime()
		return
	}
	if u.question.shown() || !isDigit(r) {
		return
	}
	if cur := u.cur; cur != nil && cur.typeDigit != nil {
		cur.typeDigit(r)
	}
}

// isDigit reports whether r is a digit in any script the kiosk accepts.
func isDigit(r rune) bool {
	_, ok := acceptDigit(r)
	return ok
}

// move moves the focus in the direction of a.
func (n *navigator) move(a widgets.Arrow) {
	if n.canvas == nil {
		return
	}
	ts := n.targets()
	i := n.current(ts)
	if i < 0 {
		// Nothing in scope has the focus, or the control that had it was
		// replaced (a rebuilt keyboard row): take up its place again, or
		// start from the primary action.
		if !n.last.Empty() && n.canvas.Focused() != nil {
			if j := widgets.NearestTo(ts, n.last); j >= 0 {
				n.focus(ts[j])
				return
			}
		}
		n.focusPrimary(ts)
		return
	}
	if j := widgets.Nearest(ts, i, a); j >= 0 {
		n.focus(ts[j])
		return
	}
	n.scroll(a)
}

// scroll moves the screen's scrolled content by a third of its view when
// no control lies in the arrow's direction, so that a remote reads text
// below the fold (what happens next, on the confirmation page).
func (n *navigator) scroll(a widgets.Arrow) {
	if a != widgets.ArrowUp && a != widgets.ArrowDown {
		return
	}
	var sc *container.Scroll
	var find func(o fyne.CanvasObject)
	find = func(o fyne.CanvasObject) {
		if sc != nil || o == nil || !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *widgets.TouchScroll:
			if x.Direction == container.ScrollVerticalOnly || x.Direction == container.ScrollBoth {
				sc = &x.Scroll
			}
		case *container.Scroll:
			if x.Direction == container.ScrollVerticalOnly || x.Direction == container.ScrollBoth {
				sc = x
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				find(c)
			}
		}
	}
	find(n.scope())
	if sc == nil {
		return
	}
	step := sc.Size().Height / 3
	if a == widgets.ArrowUp {
		step = -step
	}
	limit := max(sc.Content.Size().Height-sc.Size().Height, 0)
	y := min(max(sc.Offset.Y+step, 0), limit)
	if y != sc.Offset.Y {
		sc.ScrollToOffset(fyne.NewPos(sc.Offset.X, y))
	}
}

// opened places the focus on a screen just built. keep is the label of
// the button that had the focus when the same screen was rebuilt (a
// switch of theme, a field appearing), so the focus stays where it was.
func (n *navigator) opened(keep string) {
	if n.canvas == nil {
		return
	}
	ts := n.targets()
	if !n.wantsFocus() {
		// Touch: only a field the screen focused itself (for a physical
		// keyboard) keeps the focus; a control no longer shown loses it.
		if n.canvas.Focused() != nil && n.current(ts) < 0 {
			n.canvas.Unfocus()
		}
		return
	}
	if keep != "" {
		for _, t := range ts {
			if b, ok := t.Object.(*widgets.Button); ok && b.Label == keep {
				n.focus(t)
				return
			}
		}
	}
	if i := n.current(ts); i >= 0 {
		n.last = ts[i].Rect // a field the screen activated
		return
	}
	n.focusPrimary(ts)
}

// overlayShown gives the idle warning's "more time" the focus, keeping
// what had it; overlayHidden gives it back.
func (n *navigator) overlayShown() {
	if n.canvas == nil {
		return
	}
	n.saved = n.canvas.Focused()
	n.focusPrimary(n.targets())
}

func (n *navigator) overlayHidden() {
	if n.canvas == nil {
		return
	}
	ts := n.targets()
	if n.focusObject(ts, n.saved) {
		n.saved = nil
		return
	}
	n.saved = nil
	if n.wantsFocus() {
		n.focusPrimary(ts)
	} else {
		n.canvas.Unfocus()
	}
}

// questionShown gives the cancel question's "keep going" the focus when
// the citizen uses keys, keeping what had it; with touch alone nothing
// has the focus, so a physical keyboard types into no field behind the
// question. questionHidden gives the focus back.
func (n *navigator) questionShown() {
	if n.canvas == nil {
		return
	}
	n.beforeQuestion = n.canvas.Focused()
	if n.u.overlay.root.Visible() {
		return // the idle warning keeps the focus; the question waits under it
	}
	if n.wantsFocus() {
		n.focusPrimary(n.targets())
	} else {
		n.canvas.Unfocus()
	}
}

func (n *navigator) questionHidden() {
	if n.canvas == nil {
		return
	}
	before := n.beforeQuestion
	n.beforeQuestion = nil
	if n.u.overlay.root.Visible() {
		n.saved = before // the idle warning gives it back when it goes
		return
	}
	if n.focusObject(n.targets(), before) {
		return
	}
	if n.wantsFocus() {
		n.focusPrimary(n.targets())
	} else {
		n.canvas.Unfocus()
	}
}

// refocus gives f the focus after an on-screen key was tapped, so that a
// physical keyboard goes on typing into the field. A tap takes the focus
// away first; a key pressed with the remote keeps it, so the citizen can
// press the next key.
func (n *navigator) refocus(f fyne.Focusable) {
	c := n.canvas
	if co, ok := f.(fyne.CanvasObject); ok && c == nil {
		c = widgets.CanvasOf(co)
	}
	if c == nil {
		return
	}
	if c.Focused() == nil || n.current(n.targets()) < 0 {
		c.Focus(f)
	}
}
