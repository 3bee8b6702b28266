package screens

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// formMemory keeps which field of a step was being typed into, so that a
// step rebuilt because a condition changed keeps its place.
type formMemory struct {
	step   string
	active string
}

// visibleFields returns the fields of the current step that apply to the
// answers given so far.
func visibleFields(st kiosk.State) []*kiosk.Field {
	if st.Service == nil || st.Step < 0 || st.Step >= len(st.Service.Steps) {
		return nil
	}
	step := &st.Service.Steps[st.Step]
	var out []*kiosk.Field
	for i := range step.Fields {
		if step.Fields[i].When.Holds(st.Answers) {
			out = append(out, &step.Fields[i])
		}
	}
	return out
}

// fieldView is one field on a step: its label, hint, control and error.
type fieldView struct {
	f   *kiosk.Field
	in  input
	err *widgets.Text
	// box holds the field on the step, padded; inner holds its label,
	// hint, control and error line, one above the other.
	box   *fyne.Container
	inner *fyne.Container
	// beside is the input's pad, padded, as it stands beside the fields;
	// built on first use and kept, so the form can tell it is shown.
	beside fyne.CanvasObject
}

// form is the state of one form step on screen.
type form struct {
	u      *UI
	views  []*fieldView
	panel  *fyne.Container // below the fields: the keyboard
	side   *fyne.Container // beside the fields, at the end edge: a keypad
	root   fyne.CanvasObject
	scroll *widgets.TouchScroll
	// content is what scrolls: top (the step's progress, title and hint),
	// then items (the fields).
	content, top, items *fyne.Container
	active              *fieldView
	// refused holds the fields refused at the last update, so that only
	// a new refusal (a Next that failed) moves the keyboard.
	refused map[string]bool
}

// formScreen shows one step of the service's form: its fields with the
// right control for each type, progress through the steps, and the
// keyboard (below them) or keypad (beside them) of the field being typed
// into (see formLayout).
func formScreen(u *UI, st kiosk.State) *screen {
	l := st.Lang
	step := &st.Service.Steps[st.Step]
	fm := &form{u: u, panel: container.NewStack(), side: container.NewStack()}
	stepKey := st.Service.Code + "/" + step.ID
	if u.form.step != stepKey {
		u.form = formMemory{step: stepKey}
	}

	progress := kiosk.Msgf(l, "form.step", map[string]string{
		"n":     kiosk.LocalizeDigits(l, strconv.Itoa(st.StepNumber)),
		"total": kiosk.LocalizeDigits(l, strconv.Itoa(st.StepCount)),
	})
	top := []fyne.CanvasObject{
		widgets.NewBorder(l.RTL(), nil, nil,
			u.text(l, progress, widgets.Style{Color: theme.ColorNamePlaceHolder}),
			nil,
			container.NewCenter(widgets.NewStepBar(st.StepNumber, st.StepCount, l.RTL())),
		),
		u.text(l, step.Title.In(l), widgets.Style{Size: theme.SizeNameSubHeadingText, Bold: true, Wrap: true}),
	}
	if h := step.Hint.In(l); h != "" {
		top = append(top, u.text(l, h, widgets.Style{Color: theme.ColorNamePlaceHolder, Wrap: true}))
	}
	var items []fyne.CanvasObject
	for _, f := range visibleFields(st) {
		v := &fieldView{f: f}
		v.in = newInput(u, l, f, inputEvents{
			changed:  func(s string) { u.sess.SetAnswer(f.ID, s); fm.regrow(v); fm.refocus(v) },
			done:     func() { fm.done(v) },
			activate: func() { fm.activate(v) },
		})
		v.err = u.text(l, "", widgets.Style{Color: theme.ColorNameError, Bold: true, Wrap: true})
		v.err.Hide()
		fm.views = append(fm.views, v)
		v.inner = fm.fieldBox(l, v)
		v.box = container.NewPadded(v.inner)
		items = append(items, v.box)
	}

	next := u.forwardButton(l, "nav.next", u.sess.Next)
	nav := navBar(l, u.backButton(l, u.sess.Back), next)
	// The step's title scrolls with its fields: on a short screen the
	// keyboard needs the room, and the field being typed into stays in
	// view above it. The fields' own padding parts them from the title.
	fm.top, fm.items = container.NewVBox(top...), container.NewVBox(items...)
	fm.content = container.New(layout.NewCustomPaddedVBoxLayout(0), fm.top, fm.items)
	fm.scroll = vscroll(u, fm.content)
	body := container.New(&formLayout{fm: fm, rtl: l.RTL()}, fm.scroll, fm.panel, fm.side)
	cancel := u.cancelButton(l, u.sess.Cancel)
	content := u.page(l, st.Service.Name.In(l), cancel, body, nav)
	fm.root = content
	return &screen{
		content: content, update: fm.update, opened: fm.opened,
		primary: fm.primary, confirm: next, cancel: cancel,
		typeDigit: fm.typeDigit, key: fm.key,
	}
}

// primary is the control a remote's focus starts on: the field being
// typed into, else the first control of the step.
func (fm *form) primary() fyne.Focusable {
	if fm.active != nil {
		return fm.active.in.first()
	}
	for _, v := range fm.views {
		if v.in != nil {
			return v.in.first()
		}
	}
	return nil
}

// typeDigit types a digit from the remote into the field being typed
// into, wherever the focus is on the step. When no field is being typed
// into (a step opening with a choice), the first field that takes digits
// becomes the active one, with the focus, so the citizen sees where the
// digits go.
func (fm *form) typeDigit(r rune) {
	if fm.active == nil {
		for _, v := range fm.views {
			if v.takesDigits() {
				fm.activate(v)
				break
			}
		}
	}
	if fm.active != nil {
		fm.active.in.typeDigit(r)
	}
}

// key makes Backspace delete in the field being typed into while the
// focus is on its keyboard or keypad; elsewhere it means Back.
func (fm *form) key(e *fyne.KeyEvent) bool {
	if e.Name != fyne.KeyBackspace || fm.active == nil {
		return false
	}
	keys := fm.active.in.keys()
	f, ok := fm.u.focused().(fyne.CanvasObject)
	if keys == nil || !ok || !widgets.Contains(keys, f) {
		return false
	}
	fm.active.in.backspace()
	return true
}

func (fm *form) fieldBox(l kiosk.Lang, v *fieldView) *fyne.Container {
	u := fm.u
	f := v.f
	label := u.text(l, f.Label.In(l), widgets.Style{Bold: f.Type != kiosk.FieldInfo, Wrap: true})
	var head fyne.CanvasObject = label
	if !f.Required && f.Type != kiosk.FieldInfo && f.Type != kiosk.FieldConsent {
		tag := u.msg(l, "form.optional", widgets.Style{Size: theme.SizeNameCaptionText, Color: theme.ColorNamePlaceHolder})
		head = widgets.NewBorder(l.RTL(), nil, nil, nil, tag, label)
	}
	box := []fyne.CanvasObject{head}
	if h := f.Hint.In(l); h != "" {
		box = append(box, u.text(l, h, widgets.Style{Size: theme.SizeNameCaptionText, Color: theme.ColorNamePlaceHolder, Wrap: true}))
	}
	if v.in != nil {
		box = append(box, v.in.object())
	}
	box = append(box, v.err)
	return container.NewVBox(box...)
}

// takesDigits reports whether a view is answered with the keypad (or is
// a plate, whose numbers are).
func (v *fieldView) takesDigits() bool {
	return v.in != nil && (v.in.kind() == byKeypad || v.in.kind() == byPlatePad)
}

// typed reports whether a view takes input from a keyboard or pad (a
// plate's own, on a television).
func (v *fieldView) typed() bool {
	return v.in != nil && v.in.kind() != tapped
}

// activate makes v the field the keyboard types into.
func (fm *form) activate(v *fieldView) {
	fm.active = v
	fm.u.form.active = v.f.ID
	for _, o := range fm.views {
		if o.in != nil && o != v {
			o.in.setActive(false)
		}
	}
	v.in.setActive(true)
	var below, beside []fyne.CanvasObject
	if p := v.in.pad(); p != nil {
		// A keyboard needs the screen's width: it stands below the
		// fields. A keypad (or a plate's letters) is narrow: it stands
		// beside them.
		if v.in.kind() == byKeyboard {
			below = []fyne.CanvasObject{p}
		} else {
			if v.beside == nil {
				v.beside = container.NewPadded(p)
			}
			beside = []fyne.CanvasObject{v.beside}
		}
	}
	if !sameObjects(below, fm.panel.Objects) || !sameObjects(beside, fm.side.Objects) {
		fm.panel.Objects, fm.side.Objects = below, beside
		// The panels' sizes changed: lay the whole screen out again, and
		// the fields once more for those that took another height at
		// their new width (choices in one column beside a keypad).
		fm.root.Refresh()
		fm.scroll.Refresh()
	}
	v.in.focus(fm.u)
	fm.reveal(v)
}

// reveal scrolls the fields as little as shows v, with its label and
// error line, whole. When it is taller than the view (above the keyboard
// of a short screen), the view holds its control and error line and as
// much of its label as fits; a control taller than the view shows its
// start, but a long answer its end, where the citizen types. The view
// starts between two rows (see rows), never across one: a heading or
// label cut in half by the top edge is hard to read. When the whole step
// fits the view, nothing is scrolled.
func (fm *form) reveal(v *fieldView) {
	box, inner := v.box, v.inner
	view := fm.scroll.Size().Height
	if box == nil || view <= 0 {
		return
	}
	if fm.scroll.Content.MinSize().Height <= view {
		if fm.scroll.Offset.Y != 0 {
			fm.scroll.ScrollToOffset(fyne.NewPos(0, 0))
		}
		return
	}
	// The box's place within the scrolled content, and that of what it
	// holds (label to error line) without the box's padding.
	top := fm.content.Position().Y + fm.items.Position().Y + box.Position().Y
	bottom := top + box.Size().Height
	inTop := top + inner.Position().Y
	inBottom := inTop + inner.Size().Height
	// The view may start anywhere from lo to hi; loose is the least lo
	// that still shows what matters (the box's padding may go).
	var lo, hi, loose float32
	switch {
	case bottom-top <= view:
		lo, hi, loose = bottom-view, top, inBottom-view
	case inBottom-inTop <= view:
		lo, hi, loose = inBottom-view, inTop, inBottom-view
	default:
		// Control and error line: where they are.
		var obj fyne.CanvasObject = inner
		answer := false
		if v.in != nil {
			obj, answer = v.in.object(), v.in.typesAtEnd()
		}
		ctlTop := inTop
		if obj != fyne.CanvasObject(inner) {
			ctlTop += obj.Position().Y
		}
		ctlBottom := ctlTop + obj.Size().Height
		switch {
		case inBottom-ctlTop <= view:
			lo, hi = inBottom-view, ctlTop
		case answer:
			lo, hi = ctlBottom-view, ctlBottom-view
		default:
			lo, hi = ctlTop, ctlTop
		}
		loose = lo
	}
	off := min(max(fm.scroll.Offset.Y, lo), hi)
	for _, r := range fm.rows() {
		if r[0] < off && off < r[1] {
			// Cut by the top edge: show the row whole if the field still
			// fits, else none of it.
			switch {
			case r[0] >= loose:
				off = r[0]
			case r[1] <= hi:
				off = r[1]
			}
			break
		}
	}
	off = max(min(off, fm.scroll.Content.MinSize().Height-view), 0)
	if off != fm.scroll.Offset.Y {
		fm.scroll.ScrollToOffset(fyne.NewPos(0, off))
	}
}

// rows returns where the rows of the step are in the scrolled content,
// from top to bottom: the step's progress, title and hint, and each
// field's label, hint, control and error line. Between them is padding,
// where the view may start.
func (fm *form) rows() [][2]float32 {
	var out [][2]float32
	add := func(y float32, objs []fyne.CanvasObject) {
		for _, o := range objs {
			if o.Visible() && o.Size().Height > 0 {
				out = append(out, [2]float32{y + o.Position().Y, y + o.Position().Y + o.Size().Height})
			}
		}
	}
	y := fm.content.Position().Y
	add(y+fm.top.Position().Y, fm.top.Objects)
	y += fm.items.Position().Y
	for _, v := range fm.views {
		add(y+v.box.Position().Y+v.inner.Position().Y, v.inner.Objects)
	}
	return out
}

// regrow lays the fields out again when one changed height (a long
// answer wrapping onto another line).
func (fm *form) regrow(v *fieldView) {
	if box := v.box; box != nil && box.MinSize().Height != box.Size().Height && box.Size().Height > 0 {
		fm.scroll.Refresh()
		fm.reveal(v)
	}
}

// refocus gives the keyboard focus back to the active field after a tap
// on another control (a choice, a day), so a physical keyboard goes on
// typing where the caret is. A choice pressed with the remote keeps the
// focus.
func (fm *form) refocus(changed *fieldView) {
	if fm.active != nil && fm.active != changed && fm.active.in != nil {
		if f := fm.active.in.first(); f != nil {
			fm.u.nav.refocus(f)
		}
	}
}

// done moves to the next typed field, or on from the last one. With a
// remote it stops at any control still to answer (a choice, a date), so
// the citizen answers it before moving on.
func (fm *form) done(v *fieldView) {
	seen := false
	keys := fm.u.nav.wantsFocus()
	for _, o := range fm.views {
		if seen && o.typed() {
			fm.activate(o)
			return
		}
		if seen && keys && o.in != nil && fm.u.sess.State().Answers[o.f.ID] == "" {
			if f := o.in.first(); f != nil {
				fm.u.nav.focusControl(f)
				return
			}
		}
		seen = seen || o == v
	}
	fm.u.sess.Next()
}

// opened activates the field typed into last on this step, or the first
// field when it is typed. A step that opens with choices or a date shows
// them whole, without a keyboard over them, until a field is tapped.
func (fm *form) opened() {
	for _, v := range fm.views {
		if v.typed() && v.f.ID == fm.u.form.active {
			fm.activate(v)
			return
		}
	}
	for _, v := range fm.views {
		if v.in == nil {
			continue // an info text
		}
		if v.typed() {
			fm.activate(v)
		}
		return
	}
}

// update shows the session's answers and refusals on the step. When a
// refusal appears, the first refused field becomes the active one.
func (fm *form) update(st kiosk.State) {
	l := st.Lang
	var first *fieldView
	fresh, relayout := false, false
	refused := map[string]bool{}
	for _, v := range fm.views {
		e := st.Errors[v.f.ID]
		if v.in != nil {
			v.in.set(st.Answers[v.f.ID])
			v.in.setInvalid(e != nil)
		}
		if e == nil {
			if v.err.Visible() {
				v.err.Hide()
				relayout = true
			}
			continue
		}
		refused[v.f.ID] = true
		fresh = fresh || !fm.refused[v.f.ID]
		if m := e.Message(l); m != v.err.Text() || !v.err.Visible() {
			v.err.SetText(m)
			v.err.Show()
			relayout = true
		}
		if first == nil {
			first = v
		}
	}
	if relayout {
		fm.scroll.Refresh() // an error line came or went
	}
	if fresh {
		if first.typed() {
			fm.activate(first)
		} else {
			fm.reveal(first)
		}
	}
	fm.refused = refused
}

func sameObjects(a, b []fyne.CanvasObject) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// formLayout lays a form step out: the fields in their scroll, with the
// keypad beside them at the end edge, or the keyboard below them across
// the width. The keyboard is as tall as its keys' labels ask when the
// screen has room for it and, above it, for the step's title and its
// tallest field typed on it (with its label and hint); on a short screen
// (large text on a 1280×800 window) its keys shrink towards the touch
// target, and no further: the step's progress (and, when even that is
// not enough, its title) scrolls away whole (see reveal), and the
// minimum size keeps a field being typed into whole above the keys, and
// the keys whole above the navigation bar.
type formLayout struct {
	fm  *form
	rtl bool
}

func shown(c *fyne.Container) bool { return len(c.Objects) > 0 }

// Layout implements fyne.Layout; the objects are the form's scroll,
// panel and side.
func (l *formLayout) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	fm := l.fm
	pad := theme.Padding()
	x, w := float32(0), size.Width
	if shown(fm.side) {
		sw := min(fm.side.MinSize().Width, size.Width)
		sx := size.Width - sw
		if l.rtl {
			sx, x = 0, sw+pad
		}
		fm.side.Move(fyne.NewPos(sx, 0))
		fm.side.Resize(fyne.NewSize(sw, size.Height))
		w = max(size.Width-sw-pad, 0)
	} else {
		fm.side.Resize(fyne.NewSize(0, 0))
	}
	h := size.Height
	if shown(fm.panel) {
		kb := l.keyboardHeight(size.Height)
		// No padding between the view and the keys: the field being
		// typed into, at the view's bottom, keeps its own.
		fm.panel.Move(fyne.NewPos(x, size.Height-kb))
		fm.panel.Resize(fyne.NewSize(w, kb))
		h = max(size.Height-kb, 0)
	} else {
		fm.panel.Resize(fyne.NewSize(0, 0))
	}
	fm.scroll.Move(fyne.NewPos(x, 0))
	fm.scroll.Resize(fyne.NewSize(w, h))
}

// MinSize implements fyne.Layout.
func (l *formLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	fm := l.fm
	pad := theme.Padding()
	s := fm.scroll.MinSize()
	if shown(fm.panel) {
		p := fm.panel.MinSize()
		_, need := fm.keyboardFields()
		s = fyne.NewSize(max(s.Width, p.Width), max(s.Height, need)+p.Height)
	}
	if shown(fm.side) {
		side := fm.side.MinSize()
		s = fyne.NewSize(s.Width+pad+side.Width, max(s.Height, side.Height))
	}
	return s
}

// keyboardHeight shares height h between the fields and the keyboard.
func (l *formLayout) keyboardHeight(h float32) float32 {
	fm := l.fm
	least := fm.panel.MinSize().Height
	best := least
	for _, o := range fm.panel.Objects { // the keyboard shown
		if p, ok := o.(widgets.Preferred); ok {
			best = max(best, p.PreferredSize().Height)
		}
	}
	// The view above the keyboard should hold the step's title and its
	// tallest field; the keys shrink for them as far as they may.
	want, _ := fm.keyboardFields()
	want += fm.top.MinSize().Height
	return max(min(best, h-want), least)
}

// keyboardFields measures the step's fields typed on the keyboard: want
// is the tallest with its label and hint (what the view above the
// keyboard should hold), need the tallest field alone (what it must
// hold: the least a citizen must see of what they type). Neither counts
// an error line or a long answer's extra lines, so the keyboard keeps
// its size while the citizen types.
func (fm *form) keyboardFields() (want, need float32) {
	pad := theme.Padding()
	for _, v := range fm.views {
		if v.in == nil {
			continue
		}
		if v.in.kind() != byKeyboard {
			continue
		}
		grown, base := v.in.object().MinSize().Height, v.in.baseHeight()
		h := v.box.MinSize().Height - (grown - base)
		if v.err.Visible() {
			h -= v.err.MinSize().Height + pad
		}
		want = max(want, h)
		need = max(need, base)
	}
	return want, need
}
