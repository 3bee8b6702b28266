package screens

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
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
}

// form is the state of one form step on screen.
type form struct {
	u      *UI
	views  []*fieldView
	panel  *fyne.Container // below the fields: the keyboard
	side   *fyne.Container // beside the fields, at the end edge: the keypad
	root   fyne.CanvasObject
	scroll *container.Scroll
	boxes  map[*fieldView]fyne.CanvasObject
	active *fieldView
	// refused holds the fields refused at the last update, so that only
	// a new refusal (a Next that failed) moves the keyboard.
	refused map[string]bool
}

// formScreen shows one step of the service's form: its fields with the
// right control for each type, progress through the steps, and below them
// the keyboard or keypad of the field being typed into.
func formScreen(u *UI, st kiosk.State) *screen {
	l := st.Lang
	step := &st.Service.Steps[st.Step]
	fm := &form{u: u, panel: container.NewStack(), side: container.NewStack(), boxes: map[*fieldView]fyne.CanvasObject{}}
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
			text(l, progress, widgets.Style{Color: theme.ColorNamePlaceHolder}),
			nil,
			container.NewCenter(widgets.NewStepBar(st.StepNumber, st.StepCount, l.RTL())),
		),
		text(l, step.Title.In(l), widgets.Style{Size: theme.SizeNameSubHeadingText, Bold: true, Wrap: true}),
	}
	if h := step.Hint.In(l); h != "" {
		top = append(top, text(l, h, widgets.Style{Color: theme.ColorNamePlaceHolder, Wrap: true}))
	}
	var items []fyne.CanvasObject
	for _, f := range visibleFields(st) {
		v := &fieldView{f: f}
		v.in = newInput(u, l, f, inputEvents{
			changed:  func(s string) { u.sess.SetAnswer(f.ID, s); fm.regrow(v); fm.refocus(v) },
			done:     func() { fm.done(v) },
			activate: func() { fm.activate(v) },
		})
		v.err = text(l, "", widgets.Style{Color: theme.ColorNameError, Bold: true, Wrap: true})
		v.err.Hide()
		fm.views = append(fm.views, v)
		box := container.NewPadded(fm.fieldBox(l, v))
		fm.boxes[v] = box
		items = append(items, box)
	}

	next := forwardButton(l, "nav.next", u.sess.Next)
	nav := navBar(l, backButton(l, u.sess.Back), next)
	fm.scroll = vscroll(u, container.NewVBox(items...))
	body := widgets.NewBorder(l.RTL(), container.NewVBox(top...), fm.panel, nil, fm.side, fm.scroll)
	cancel := cancelButton(l, u.sess.Cancel)
	content := page(l, st.Service.Name.In(l), cancel, body, nav)
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

func (fm *form) fieldBox(l kiosk.Lang, v *fieldView) fyne.CanvasObject {
	f := v.f
	label := text(l, f.Label.In(l), widgets.Style{Bold: f.Type != kiosk.FieldInfo, Wrap: true})
	var head fyne.CanvasObject = label
	if !f.Required && f.Type != kiosk.FieldInfo && f.Type != kiosk.FieldConsent {
		tag := msg(l, "form.optional", widgets.Style{Size: theme.SizeNameCaptionText, Color: theme.ColorNamePlaceHolder})
		head = widgets.NewBorder(l.RTL(), nil, nil, nil, tag, label)
	}
	box := []fyne.CanvasObject{head}
	if h := f.Hint.In(l); h != "" {
		box = append(box, text(l, h, widgets.Style{Size: theme.SizeNameCaptionText, Color: theme.ColorNamePlaceHolder, Wrap: true}))
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
	if v.in == nil {
		return false
	}
	_, plate := v.in.(*plateInput)
	_, keypad := v.in.pad().(*widgets.Keypad)
	return plate || keypad
}

// typed reports whether a view takes input from the panel or its own pad.
func (v *fieldView) typed() bool {
	if v.in == nil {
		return false
	}
	_, plate := v.in.(*plateInput)
	return v.in.pad() != nil || plate
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
		// A keypad is narrow: it stands beside the fields. A keyboard
		// needs the screen's width.
		if _, keypad := p.(*widgets.Keypad); keypad {
			beside = []fyne.CanvasObject{container.NewPadded(p)}
		} else {
			below = []fyne.CanvasObject{p}
		}
	}
	if !sameObjects(below, fm.panel.Objects) || !sameObjects(beside, fm.side.Objects) {
		fm.panel.Objects, fm.side.Objects = below, beside
		// The panels' sizes changed: lay the whole screen out again.
		fm.root.Refresh()
	}
	v.in.focus(fm.u)
	fm.reveal(v)
}

// reveal scrolls the fields so that v, with its error line, is in view.
func (fm *form) reveal(v *fieldView) {
	box := fm.boxes[v]
	if box == nil || fm.scroll.Size().Height <= 0 {
		return
	}
	top, bottom := box.Position().Y, box.Position().Y+box.Size().Height
	view := fm.scroll.Size().Height
	off := fm.scroll.Offset.Y
	switch {
	case top < off:
		off = top
	case bottom > off+view:
		off = min(top, bottom-view)
	default:
		return
	}
	fm.scroll.ScrollToOffset(fyne.NewPos(0, off))
}

// regrow lays the fields out again when one changed height (a long
// answer wrapping onto another line).
func (fm *form) regrow(v *fieldView) {
	if box := fm.boxes[v]; box != nil && box.MinSize().Height != box.Size().Height && box.Size().Height > 0 {
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
			// a padded wrapper is new each time: compare what it holds
			pa, oka := a[i].(*fyne.Container)
			pb, okb := b[i].(*fyne.Container)
			if !oka || !okb || len(pa.Objects) != 1 || len(pb.Objects) != 1 || pa.Objects[0] != pb.Objects[0] {
				return false
			}
		}
	}
	return true
}
