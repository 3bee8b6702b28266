package screens

import (
	"image/color"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/speech"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// formMemory keeps which field of a step was being typed into, and the
// problems its error summary shows, so that a step rebuilt because a
// condition changed keeps its place.
type formMemory struct {
	step   string
	active string
	// closed is set when the citizen left the keyboard for a choice or a
	// date: a rebuilt step opens none.
	closed bool
	// refusals is the refused press of Next the summary shows, problems
	// the refusals it listed then, in the step's order.
	refusals int
	problems []*kiosk.FieldError
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
	// errBox holds the error line and keeps the room it took once shown
	// (see keepHeight), so fields never move when it clears.
	errBox *fyne.Container
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
	// summary is the error summary at the top of the step: a box naming
	// each problem of the last refused Next, each a link to its field.
	summary      *fyne.Container
	summaryItems *fyne.Container
	summaryFlash *canvas.Rectangle
	// spacer ends the content: when the keyboard goes away it keeps the
	// scroll where it was, so nothing moves under the citizen's finger.
	spacer *spacer
	// side is reserved beside the fields, keypad shown or not, when a
	// field of the step takes one: the fields keep their width.
	sideWidth float32
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
	if !strings.HasPrefix(u.key, string(kiosk.StageForm)+"|") || u.step != st.Step {
		// A step entered anew, not rebuilt: its keyboard opens again.
		u.form.closed = false
	}

	// Progress counts only what is settled: while an answer still to be
	// given may add or remove steps, the step's number alone, no bar.
	stepNo := kiosk.LocalizeDigits(l, strconv.Itoa(st.StepNumber))
	var header fyne.CanvasObject = u.text(l, kiosk.Msgf(l, "form.step_unsettled", map[string]string{"n": stepNo}), widgets.Style{Color: theme.ColorNamePlaceHolder})
	if st.StepCountSettled {
		progress := kiosk.Msgf(l, "form.step", map[string]string{
			"n":     stepNo,
			"total": kiosk.LocalizeDigits(l, strconv.Itoa(st.StepCount)),
		})
		header = widgets.NewBorder(l.RTL(), nil, nil,
			u.text(l, progress, widgets.Style{Color: theme.ColorNamePlaceHolder}),
			nil,
			container.NewCenter(widgets.NewStepBar(st.StepNumber, st.StepCount, l.RTL())),
		)
	}
	top := []fyne.CanvasObject{
		header,
		u.text(l, step.Title.In(l), widgets.Style{Size: theme.SizeNameSubHeadingText, Bold: true, Wrap: true}),
	}
	if h := step.Hint.In(l); h != "" {
		top = append(top, u.text(l, h, widgets.Style{Color: theme.ColorNamePlaceHolder, Wrap: true}))
	}
	var items []fyne.CanvasObject
	asked := 0 // the fields that ask something, for "2 of 3"
	for _, f := range visibleFields(st) {
		if f.Type != kiosk.FieldInfo {
			asked++
		}
	}
	n := 0
	for _, f := range visibleFields(st) {
		v := &fieldView{f: f}
		v.in = newInput(u, l, f, inputEvents{
			changed: func(s string) {
				u.sess.SetAnswer(f.ID, s)
				if v.typed() {
					fm.regrow(v)
					fm.refocus(v)
				} else {
					// A choice or a date has no keys: the keyboard of the
					// field typed into before goes away.
					fm.deactivate()
				}
			},
			done:     func() { fm.done(v) },
			activate: func() { fm.activate(v) },
		})
		if v.in != nil {
			n++
			u.describeInput(v.in, f, n, asked)
		}
		v.err = u.text(l, "", widgets.Style{Color: theme.ColorNameError, Bold: true, Wrap: true})
		v.err.Hide()
		v.errBox = container.New(&keepHeight{}, v.err)
		v.errBox.Hide()
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
	fm.buildSummary(l)
	fm.spacer = &spacer{}
	fm.content = container.New(layout.NewCustomPaddedVBoxLayout(0), fm.summary, fm.top, fm.items, container.New(fm.spacer))
	fm.scroll = vscroll(u, fm.content)
	fm.sideWidth = fm.reservedSide()
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

// describeInput says, for speech, what the controls of a field's input
// are: the field itself (n of count on the step), its choices each in
// their place, the keys, days or plate parts that answer it.
func (u *UI) describeInput(in input, f *kiosk.Field, n, count int) {
	switch x := in.(type) {
	case *typedInput:
		u.describe(x.field, speech.Control{Role: speech.RoleField, Field: f.ID, Position: n, Count: count})
		if g, ok := x.board.(widgets.Composite); ok {
			u.describeGroup(g, speech.Control{Role: speech.RoleKey, Field: f.ID})
		}
	case *choiceInput:
		role := speech.RoleChoice
		if x.multi {
			role = speech.RoleCheck
		}
		for j, b := range x.buttons {
			u.describe(b, speech.Control{Role: role, Field: f.ID, Position: j + 1, Count: len(x.buttons)})
		}
	case *dateInput:
		u.describeGroup(x.d, speech.Control{Role: speech.RoleChoice, Field: f.ID})
	case *plateInput:
		u.describeGroup(x.p, speech.Control{Role: speech.RoleKey, Field: f.ID})
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
	box = append(box, v.errBox)
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
	fm.u.form.active, fm.u.form.closed = v.f.ID, false
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
	fm.showPads(below, beside)
	v.in.focus(fm.u)
	fm.reveal(v)
}

// showPads shows the keyboard below the fields and the pad beside them.
func (fm *form) showPads(below, beside []fyne.CanvasObject) {
	if sameObjects(below, fm.panel.Objects) && sameObjects(beside, fm.side.Objects) {
		return
	}
	// Keep the scroll where it is while the view grows (a keyboard
	// going away): the content must reach below the view's new bottom,
	// else the scroll would be pulled back and the fields would move.
	off := fm.scroll.Offset.Y
	fm.spacer.height = 0
	fm.panel.Objects, fm.side.Objects = below, beside
	// The panels' sizes changed: lay the whole screen out again, and
	// the fields once more for those that took another height at
	// their new width (choices in one column beside a keypad).
	fm.root.Refresh()
	view := fm.scroll.Size().Height
	if need := off + view - fm.scroll.Content.MinSize().Height; need > 0 && off > 0 {
		fm.spacer.height = need
	}
	fm.scroll.Refresh()
	if off != fm.scroll.Offset.Y {
		fm.scrollTo(off)
	}
}

// deactivate puts the keyboard or keypad away: the citizen moved on to
// a choice or a date, which takes none.
func (fm *form) deactivate() {
	fm.u.form.active, fm.u.form.closed = "", true
	if fm.active == nil {
		return
	}
	// A physical keyboard no longer types into the field.
	if c := fm.u.nav.canvas; c != nil && c.Focused() == fm.active.in.first() {
		c.Unfocus()
	}
	fm.active.in.setActive(false)
	fm.active = nil
	fm.showPads(nil, nil)
}

// goTo takes the citizen to a field named in the error summary: the
// field typed into with its keyboard, or a choice or date shown whole
// with the focus on it, its error line in view either way.
func (fm *form) goTo(v *fieldView) {
	if v.typed() {
		fm.activate(v)
		return
	}
	fm.deactivate()
	fm.reveal(v)
	if v.in != nil {
		if f := v.in.first(); f != nil {
			fm.u.nav.focusControl(f)
		}
	}
}

// scrollTo scrolls the step so that y of its content is at the top of
// the view: the one place the form moves its scroll.
func (fm *form) scrollTo(y float32) {
	fm.scroll.ScrollToOffset(fyne.NewPos(0, y))
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
	if fm.scroll.Content.MinSize().Height-fm.spacer.height <= view {
		if fm.scroll.Offset.Y != 0 {
			fm.scrollTo(0)
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
	// that still shows what matters (the box's padding may go, unless
	// the whole box fits: then the padding under the field keeps it a
	// padding away from the keys under the view).
	var lo, hi, loose float32
	switch {
	case bottom-top <= view:
		lo, hi, loose = bottom-view, top, bottom-view
	case inBottom-inTop <= view:
		// As much of the padding under it as fits.
		below := min(bottom-inBottom, view-(inBottom-inTop))
		lo, hi, loose = inBottom+below-view, inTop, inBottom+below-view
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
		// As much of a padding under them as fits.
		switch below := float32(0); {
		case inBottom-ctlTop <= view:
			below = min(theme.Padding(), view-(inBottom-ctlTop))
			lo, hi = inBottom+below-view, ctlTop
		case answer:
			below = max(min(theme.Padding(), view-(ctlBottom-ctlTop)), 0)
			lo, hi = ctlBottom+below-view, ctlBottom+below-view
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
		fm.scrollTo(off)
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
	if fm.summary.Visible() {
		add(y, []fyne.CanvasObject{fm.summary})
	}
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

// done moves to the next field of the step, in order, or on from the
// last one as Continue does. A choice or a date is a stop like any other
// field: the keyboard goes away and the control is shown, its focus
// where the remote's OK answers it.
func (fm *form) done(v *fieldView) {
	seen := false
	for _, o := range fm.views {
		if seen && o.in != nil {
			fm.goTo(o)
			return
		}
		seen = seen || o == v
	}
	fm.u.sess.Next()
}

// opened activates the field typed into last on this step, or the first
// field when it is typed. A step that opens with choices or a date shows
// them whole, without a keyboard over them, until a field is tapped; but
// on a touch screen a choice that stands at its default (national code,
// not passport) does not hold back the field under it. A remote's focus
// starts on the first control whatever it is.
func (fm *form) opened() {
	if fm.u.form.closed {
		return // the citizen put the keyboard away for a choice or a date
	}
	for _, v := range fm.views {
		if v.typed() && v.f.ID == fm.u.form.active {
			fm.activate(v)
			return
		}
	}
	touch := !fm.u.nav.wantsFocus()
	answers := fm.u.sess.State().Answers
	for _, v := range fm.views {
		if v.in == nil {
			continue // an info text
		}
		if v.typed() {
			fm.activate(v)
		}
		if v.typed() || !touch || v.f.Default == "" || answers[v.f.ID] != "" {
			return
		}
	}
}

// update shows the session's answers and refusals on the step. A
// refused Next (a new count of refusals) shows the error summary at the
// top of the step, scrolled into view and flashed, with the focus on its
// first entry, even when the problems are those it already showed.
func (fm *form) update(st kiosk.State) {
	l := st.Lang
	relayout := false
	for _, v := range fm.views {
		e := st.Errors[v.f.ID]
		if v.in != nil {
			v.in.set(st.Answers[v.f.ID])
			v.in.setInvalid(e != nil)
		}
		if e == nil {
			// The line empties but keeps its room (see keepHeight).
			if v.err.Visible() {
				v.err.Hide()
				v.errBox.Refresh()
			}
			continue
		}
		if m := e.Message(l); m != v.err.Text() || !v.err.Visible() {
			v.err.SetText(m)
			v.err.Show()
			v.errBox.Show()
			relayout = true
		}
	}
	mem := &fm.u.form
	fresh := st.Refusals > 0 && st.Refusals != mem.refusals
	if fresh {
		mem.refusals = st.Refusals
		mem.problems = mem.problems[:0]
		for _, v := range fm.views {
			if e := st.Errors[v.f.ID]; e != nil {
				mem.problems = append(mem.problems, e)
			}
		}
	}
	if st.Refusals == 0 {
		mem.refusals, mem.problems = 0, nil
	}
	if fm.fillSummary(l, mem.problems) {
		relayout = true
	}
	if relayout {
		fm.scroll.Refresh() // an error line or the summary came
	}
	if fresh && fm.summary.Visible() {
		fm.deactivate()
		fm.scrollTo(0)
		fm.flashSummary()
		// The remote's focus goes to the first problem, one OK away from
		// its field; a touch screen shows no focus it was not asked for.
		if links := fm.summaryItems.Objects; len(links) > 0 && fm.u.nav.wantsFocus() {
			fm.u.nav.focusControl(links[0].(fyne.Focusable))
		} else if c := fm.u.nav.canvas; c != nil {
			c.Unfocus()
		}
	}
}

// buildSummary makes the error summary, hidden until a Next is refused:
// a box in the error colour titled "There is a problem".
func (fm *form) buildSummary(l kiosk.Lang) {
	u := fm.u
	title := u.msg(l, "form.error_summary", widgets.Style{Size: theme.SizeNameSubHeadingText, Bold: true, Wrap: true})
	fm.summaryItems = container.NewVBox()
	border := canvas.NewRectangle(color.Transparent)
	border.StrokeColor = theme.Color(theme.ColorNameError)
	border.StrokeWidth = max(widgets.Size(widgets.SizeNameFocusRing), 4)
	border.CornerRadius = theme.Size(theme.SizeNameInputRadius)
	fm.summaryFlash = canvas.NewRectangle(color.Transparent)
	fm.summaryFlash.CornerRadius = border.CornerRadius
	inset := border.StrokeWidth + theme.Padding()
	body := container.New(layout.NewCustomPaddedLayout(inset, inset, inset, inset),
		container.NewVBox(title, fm.summaryItems))
	fm.summary = container.NewPadded(container.NewStack(fm.summaryFlash, border, body))
	fm.summary.Hide()
}

// fillSummary lists problems in the summary, each a link to its field,
// and reports whether the summary changed.
func (fm *form) fillSummary(l kiosk.Lang, problems []*kiosk.FieldError) bool {
	var links []fyne.CanvasObject
	for _, e := range problems {
		for _, v := range fm.views {
			if v.f.ID != e.Field {
				continue
			}
			link := widgets.NewLink(fm.u.opts.Fonts, e.Message(l), dirOf(l), func() { fm.goTo(v) })
			link.Color = theme.ColorNameError
			links = append(links, link)
		}
	}
	old := fm.summaryItems.Objects
	same := len(old) == len(links) && fm.summary.Visible() == (len(links) > 0)
	for i := 0; same && i < len(links); i++ {
		same = old[i].(*widgets.Link).Text == links[i].(*widgets.Link).Text
	}
	if same {
		return false
	}
	fm.summaryItems.Objects = links
	fm.summaryItems.Refresh()
	if len(links) > 0 {
		fm.summary.Show()
	} else {
		fm.summary.Hide()
	}
	return true
}

// flashSummary washes the summary in the error colour and fades it out,
// so a refusal repeated with the same problems is seen to happen.
func (fm *form) flashSummary() {
	c := theme.Color(theme.ColorNameError)
	r, g, b, _ := c.RGBA()
	from := color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0x60}
	to := color.NRGBA{R: from.R, G: from.G, B: from.B, A: 0}
	fm.summaryFlash.FillColor = from
	fm.summaryFlash.Refresh()
	canvas.NewColorRGBAAnimation(from, to, 700*time.Millisecond, func(c color.Color) {
		fm.summaryFlash.FillColor = c
		fm.summaryFlash.Refresh()
	}).Start()
}

// reservedSide is the width kept beside the fields for the widest pad
// of the step, shown or not, so a keypad appearing never narrows them.
func (fm *form) reservedSide() float32 {
	w := float32(0)
	for _, v := range fm.views {
		if v.in == nil || v.in.kind() == byKeyboard {
			continue
		}
		p := v.in.pad()
		if p == nil {
			continue
		}
		if v.beside == nil {
			v.beside = container.NewPadded(p)
		}
		w = max(w, v.beside.MinSize().Width)
	}
	return w
}

// keepHeight lays an error line out, and once it is emptied keeps the
// height it last took, so the fields below never move while the citizen
// corrects an answer.
type keepHeight struct{ h float32 }

func (k *keepHeight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (k *keepHeight) MinSize(objs []fyne.CanvasObject) fyne.Size {
	shown := false
	var s fyne.Size
	for _, o := range objs {
		if o.Visible() {
			s, shown = s.Max(o.MinSize()), true
		}
	}
	if shown {
		k.h = s.Height
	}
	return fyne.NewSize(s.Width, k.h)
}

// spacer is empty room at the end of a step's content (see showPads).
type spacer struct{ height float32 }

func (s *spacer) Layout([]fyne.CanvasObject, fyne.Size) {}

func (s *spacer) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(0, s.height) }

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
	// The room beside the fields is kept for a keypad shown or not (see
	// reservedSide): the fields keep their place and width.
	if reserve := fm.sideWidth; shown(fm.side) || reserve > 0 {
		sw := min(max(fm.side.MinSize().Width, reserve), size.Width)
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
		// Across the room kept for a keypad too, when none is shown:
		// the keys keep their touch size.
		px, pw := x, w
		if !shown(fm.side) {
			px, pw = 0, size.Width
		}
		fm.panel.Move(fyne.NewPos(px, size.Height-kb))
		fm.panel.Resize(fyne.NewSize(pw, kb))
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
	fields := fm.scroll.MinSize()
	s := fields
	if shown(fm.side) || fm.sideWidth > 0 {
		side := fm.side.MinSize()
		s = fyne.NewSize(s.Width+pad+max(side.Width, fm.sideWidth), max(s.Height, side.Height))
	}
	if shown(fm.panel) {
		// The keyboard spans the room kept for a keypad too (see Layout).
		p := fm.panel.MinSize()
		_, need := fm.keyboardFields()
		s = fyne.NewSize(max(s.Width, p.Width), max(fields.Height, need)+p.Height)
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
		if v.errBox.Visible() {
			h -= v.errBox.MinSize().Height + pad
		}
		want = max(want, h)
		need = max(need, base)
	}
	return want, need
}
