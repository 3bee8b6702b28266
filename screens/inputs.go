package screens

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// inputKind is what an input is answered with, which decides where its
// pad stands and what the remote's digit keys do.
type inputKind int

const (
	// tapped: choices, a consent, a date; no keys, no pad.
	tapped inputKind = iota
	// byKeyboard: a field typed on the on-screen keyboard, which stands
	// below the fields across the screen's width.
	byKeyboard
	// byKeypad: a field typed on the numeric keypad, which stands beside
	// the fields.
	byKeypad
	// byPlatePad: a plate, typed part by part on its keypad and letters
	// (beside the fields, or under the plate on a television).
	byPlatePad
)

// input is the control a form field is answered with: an on-screen typed
// field, choice buttons, a date picker or a plate entry.
type input interface {
	// object is the control shown under the field's label.
	object() fyne.CanvasObject
	// kind says what the control is answered with.
	kind() inputKind
	// typesAtEnd reports whether the citizen types at the end of the
	// control (a long answer): when it is taller than the view, its end
	// is shown rather than its start.
	typesAtEnd() bool
	// baseHeight is the control's height before a long answer makes it
	// grow, so a keyboard keeps its size while the citizen types.
	baseHeight() float32
	// pad is the keyboard (below the fields), keypad or plate pad (beside
	// them) shown while the field is active; nil for controls that need
	// none.
	pad() fyne.CanvasObject
	setActive(bool)
	// focus gives the physical keyboard's focus to the control.
	focus(u *UI)
	// set shows a stored answer; it leaves the control alone when it
	// already holds that answer, so typing is never disturbed.
	set(v string)
	setInvalid(bool)
	// first is the control the focus starts on when the step opens with
	// this input first.
	first() fyne.Focusable
	// typeDigit types a digit pressed on the remote into the control (as
	// far as it takes digits); backspace removes the last character.
	typeDigit(r rune)
	backspace()
	// keys is the on-screen keyboard, keypad or plate holding the keys
	// that type into the control; nil for none.
	keys() fyne.CanvasObject
}

// inputEvents are what an input reports to its form.
type inputEvents struct {
	changed  func(string) // the citizen changed the answer
	done     func()       // the citizen pressed done / Enter
	activate func()       // the citizen tapped the control
}

func newInput(u *UI, l kiosk.Lang, f *kiosk.Field, ev inputEvents) input {
	switch f.Type {
	case kiosk.FieldInfo:
		return nil
	case kiosk.FieldChoice, kiosk.FieldYesNo:
		return newChoiceInput(u, l, f, false, ev)
	case kiosk.FieldMultiChoice:
		return newChoiceInput(u, l, f, true, ev)
	case kiosk.FieldConsent:
		return newConsentInput(u, l, ev)
	case kiosk.FieldDate:
		now := u.opts.Clock.Now()
		d := NewDatePicker(u.opts.Fonts, l, now)
		switch {
		case u.opts.Mode == config.ModeTV:
			// A television is wide and short, and scrolling there takes
			// key presses: months beside the days, two to a row (the
			// 10-foot text makes month names wide). With large text
			// they are too wide to stand beside a keypad: months above
			// the days.
			d.SideBySide = !u.a11y.LargeText
			d.MonthColumns = 2
		case u.a11y.LargeText:
			// Months above the days, two to a row: with the keypad
			// beside it the step stays within a 1280-px window.
			d.MonthColumns = 2
		}
		// Only the days the field accepts today, in Tehran.
		d.SetBounds(f.DateBounds(now))
		d.OnChanged = ev.changed
		return &dateInput{d: d}
	case kiosk.FieldPlate:
		p := NewPlateEntry(u.opts.Fonts, l)
		// On a touch kiosk the pad stands beside the fields, like a
		// keypad, out of their scroll. A remote reaches the letters below
		// the plate with Down: beside it, the arrows would cross the
		// plate's other parts, each of which takes the pad over.
		p.PadApart = u.opts.Mode != config.ModeTV
		p.OnChanged = ev.changed
		p.OnDone = ev.done
		p.OnActivate = ev.activate
		return &plateInput{p: p}
	case kiosk.FieldCountry:
		return newCountryInput(u, l, f, ev)
	case kiosk.FieldNationalCode, kiosk.FieldMobile, kiosk.FieldPostalCode, kiosk.FieldNumber, kiosk.FieldAmount:
		return newKeypadInput(u, l, f, ev)
	case kiosk.FieldText:
		switch f.Format {
		case kiosk.FormatDigits, kiosk.FormatCompanyID, kiosk.FormatEconomicCode:
			return newKeypadInput(u, l, f, ev)
		}
	}
	return newKeyboardInput(u, l, f, ev)
}

// typedInput is a Field fed by an on-screen keyboard or keypad.
type typedInput struct {
	field *widgets.Field
	board fyne.CanvasObject
	by    inputKind // byKeyboard or byKeypad
}

func (t *typedInput) object() fyne.CanvasObject { return t.field }
func (t *typedInput) kind() inputKind           { return t.by }
func (t *typedInput) typesAtEnd() bool          { return true }
func (t *typedInput) baseHeight() float32       { return t.field.BaseHeight() }
func (t *typedInput) pad() fyne.CanvasObject    { return t.board }
func (t *typedInput) setActive(a bool)          { t.field.SetActive(a) }
func (t *typedInput) focus(u *UI)               { u.focus(t.field) }
func (t *typedInput) setInvalid(b bool)         { t.field.SetInvalid(b) }
func (t *typedInput) first() fyne.Focusable     { return t.field }
func (t *typedInput) keys() fyne.CanvasObject   { return t.board }
func (t *typedInput) backspace()                { t.field.Backspace() }
func (t *typedInput) typeDigit(r rune)          { t.field.TypedRune(r) }
func (t *typedInput) set(v string) {
	if v != t.field.Value() {
		t.field.SetValue(v)
	}
}

func newTypedField(u *UI, l kiosk.Lang, f *kiosk.Field, ev inputEvents) *widgets.Field {
	dir, align := valueLayout(l, f.Type)
	field := widgets.NewField(u.opts.Fonts, dir, align)
	field.OnChanged = ev.changed
	field.OnSubmit = ev.done
	field.OnActivate = ev.activate
	return field
}

// newKeyboardInput answers text, long text, e-mail and a passport number
// with the on-screen keyboard: Persian first in a Persian session; Latin,
// with no way to Persian, for e-mail, a passport number (capitals and
// digits) and a VIN, whose keyboard offers only the capitals and digits a
// VIN can hold.
func newKeyboardInput(u *UI, l kiosk.Lang, f *kiosk.Field, ev inputEvents) input {
	field := newTypedField(u, l, f, ev)
	field.MaxLen = f.MaxLength
	if field.MaxLen == 0 {
		field.MaxLen = kiosk.DefaultMaxText
		if f.Type == kiosk.FieldLongText {
			field.MaxLen = kiosk.DefaultMaxLongText
		}
	}
	layout := widgets.LayoutEnglish
	if l == kiosk.Persian {
		layout = widgets.LayoutPersian
	}
	latinOnly := false
	switch {
	case f.Type == kiosk.FieldEmail:
		layout, latinOnly = widgets.LayoutEnglish, true
		field.Accept = func(r rune) (rune, bool) { return r, r > ' ' && r < 0x7f }
	case f.Type == kiosk.FieldPassport:
		layout, latinOnly = widgets.LayoutCapitals, true
		field.Accept = acceptPassport
		field.MaxLen = kiosk.MaxPassportNumber
	case f.Format == kiosk.FormatVIN:
		layout, latinOnly = widgets.LayoutVIN, true
		field.Accept = acceptVIN
		if f.MaxLength == 0 {
			field.MaxLen = kiosk.VINLength
		}
	}
	if f.Type == kiosk.FieldLongText {
		field.Lines = 3
		if u.a11y.LargeText {
			// Larger lines: two of them stay whole above the keyboard
			// of a 1280×800 screen. The field grows as the answer does.
			field.Lines = 2
		}
	}
	kb := widgets.NewKeyboard(u.opts.Fonts, labels(l), layout)
	kb.Switchable = !latinOnly
	// After a tap on a key the field keeps the focus, so a physical
	// keyboard can carry on typing.
	kb.OnInsert = func(s string) { field.Insert(s); u.nav.refocus(field) }
	kb.OnBackspace = func() { field.Backspace(); u.nav.refocus(field) }
	kb.OnClear = func() { field.Clear(); u.nav.refocus(field) }
	kb.OnDone = ev.done
	if u.opts.Mode == config.ModeTV {
		// A remote cannot type letters: OK on the field opens its
		// keyboard, whose done key moves on.
		field.OnSubmit = func() {
			if k := kb.FocusTarget(); k != nil {
				u.focus(k)
			}
		}
	}
	return &typedInput{field: field, board: kb, by: byKeyboard}
}

// newKeypadInput answers identifiers, numbers and amounts with the
// numeric keypad. Digits typed in any script are kept as ASCII.
func newKeypadInput(u *UI, l kiosk.Lang, f *kiosk.Field, ev inputEvents) input {
	field := newTypedField(u, l, f, ev)
	field.Accept = acceptDigit
	extra := ""
	field.MaxLen = f.MaxLength
	if field.MaxLen == 0 {
		field.MaxLen = kiosk.MaxNumberDigits
	}
	field.Format = func(s string) string { return kiosk.LocalizeDigits(l, s) }
	switch f.Type {
	case kiosk.FieldNationalCode, kiosk.FieldPostalCode:
		field.MaxLen = 10
	case kiosk.FieldMobile:
		field.MaxLen = 11
	case kiosk.FieldAmount:
		extra = "000"
		field.Format = func(s string) string { return formatAmount(l, s) }
	case kiosk.FieldNumber:
		if f.Decimals > 0 {
			extra = "."
		}
		field.Accept = func(r rune) (rune, bool) {
			if (r == '.' || r == '٫') && f.Decimals > 0 {
				return '.', true
			}
			return acceptDigit(r)
		}
		field.Format = func(s string) string { return formatNumber(l, s) }
	}
	kp := widgets.NewKeypad(u.opts.Fonts, labels(l), digitsIn(l), extra)
	kp.OnInsert = func(s string) { field.Insert(s); u.nav.refocus(field) }
	kp.OnBackspace = func() { field.Backspace(); u.nav.refocus(field) }
	kp.OnClear = func() { field.Clear(); u.nav.refocus(field) }
	kp.OnDone = ev.done
	return &typedInput{field: field, board: kp, by: byKeypad}
}

// choiceInput answers choice, yes/no and multiple choice with big buttons;
// multiple choices toggle.
type choiceInput struct {
	multi    bool
	def      string // shown chosen while there is no answer
	values   []string
	buttons  []*widgets.Button
	selected map[string]bool
	box      fyne.CanvasObject
	changed  func(string)
}

func newChoiceInput(u *UI, l kiosk.Lang, f *kiosk.Field, multi bool, ev inputEvents) *choiceInput {
	c := &choiceInput{multi: multi, def: f.Default, selected: map[string]bool{}, changed: ev.changed}
	var objs []fyne.CanvasObject
	long := false
	for _, ch := range choicesOf(f) {
		b := u.newButton(ch.Label.In(l), dirOf(l), func() { c.toggle(ch.Value) })
		if multi {
			b.Icon = theme.CheckButtonIcon()
		}
		c.values = append(c.values, ch.Value)
		c.buttons = append(c.buttons, b)
		objs = append(objs, b)
		long = long || len([]rune(ch.Label.In(l))) > 24
	}
	cols := 2
	if len(objs) == 3 || long {
		cols = 1
	}
	// One column when a keypad beside the fields leaves no room for two.
	c.box = container.New(&widgets.GridLayout{Cols: cols, RTL: l.RTL(), Fit: true}, objs...)
	return c
}

func (c *choiceInput) toggle(v string) {
	if c.multi {
		c.selected[v] = !c.selected[v]
	} else {
		c.selected = map[string]bool{v: true}
	}
	c.show()
	if c.changed != nil {
		c.changed(c.value())
	}
}

func (c *choiceInput) value() string {
	var out []string
	for _, v := range c.values {
		if c.selected[v] {
			out = append(out, v)
		}
	}
	return strings.Join(out, ",")
}

func (c *choiceInput) show() {
	for i, b := range c.buttons {
		sel := c.selected[c.values[i]]
		b.Selected = sel
		if c.multi {
			b.Icon = theme.CheckButtonIcon()
			if sel {
				b.Icon = theme.CheckButtonCheckedIcon()
			}
		}
		b.Refresh()
	}
}

func (c *choiceInput) object() fyne.CanvasObject { return c.box }
func (c *choiceInput) kind() inputKind           { return tapped }
func (c *choiceInput) typesAtEnd() bool          { return false }
func (c *choiceInput) baseHeight() float32       { return c.box.MinSize().Height }
func (c *choiceInput) pad() fyne.CanvasObject    { return nil }
func (c *choiceInput) setActive(bool)            {}
func (c *choiceInput) focus(*UI)                 {}
func (c *choiceInput) setInvalid(bool)           {}
func (c *choiceInput) typeDigit(rune)            {}
func (c *choiceInput) backspace()                {}
func (c *choiceInput) keys() fyne.CanvasObject   { return nil }

// first returns the chosen button, or the first.
func (c *choiceInput) first() fyne.Focusable {
	for i, b := range c.buttons {
		if c.selected[c.values[i]] {
			return b
		}
	}
	return c.buttons[0]
}
func (c *choiceInput) set(v string) {
	if v == "" {
		v = c.def // the answer the session takes when none is given
	}
	if v == c.value() {
		return
	}
	c.selected = map[string]bool{}
	for _, part := range strings.Split(v, ",") {
		if part != "" {
			c.selected[part] = true
		}
	}
	c.show()
}

// newConsentInput answers a consent field with one toggle: the field's
// label says what is agreed to, the button says "I agree".
func newConsentInput(u *UI, l kiosk.Lang, ev inputEvents) *choiceInput {
	agree := kiosk.Text{}
	for _, lang := range kiosk.Languages {
		agree[lang] = kiosk.Msg(lang, "form.agree")
	}
	f := &kiosk.Field{Type: kiosk.FieldMultiChoice, Choices: []kiosk.Choice{{Value: "yes", Label: agree}}}
	c := newChoiceInput(u, l, f, true, ev)
	c.box = widgets.NewGrid(l.RTL(), 1, c.buttons[0])
	return c
}

// dateInput answers a date with the picker in the session's calendar:
// Solar Hijri in Persian, Gregorian in English. Both store the ISO date.
type dateInput struct{ d *DatePicker }

func (d *dateInput) object() fyne.CanvasObject { return d.d }
func (d *dateInput) kind() inputKind           { return tapped }
func (d *dateInput) typesAtEnd() bool          { return false }
func (d *dateInput) baseHeight() float32       { return d.d.MinSize().Height }
func (d *dateInput) pad() fyne.CanvasObject    { return nil }
func (d *dateInput) setActive(bool)            {}
func (d *dateInput) focus(*UI)                 {}
func (d *dateInput) setInvalid(bool)           {}
func (d *dateInput) first() fyne.Focusable     { return d.d.FocusTarget() }
func (d *dateInput) typeDigit(rune)            {}
func (d *dateInput) backspace()                {}
func (d *dateInput) keys() fyne.CanvasObject   { return nil }
func (d *dateInput) set(v string) {
	if v != d.d.ISO() {
		d.d.SetISO(v)
	}
}

// plateInput answers a vehicle plate part by part.
type plateInput struct{ p *PlateEntry }

func (p *plateInput) object() fyne.CanvasObject { return p.p }
func (p *plateInput) kind() inputKind           { return byPlatePad }
func (p *plateInput) typesAtEnd() bool          { return false }
func (p *plateInput) baseHeight() float32       { return p.p.MinSize().Height }
func (p *plateInput) pad() fyne.CanvasObject {
	if !p.p.PadApart {
		return nil // drawn under the plate
	}
	return p.p.Pad()
}
func (p *plateInput) setActive(a bool) {
	if !a {
		p.p.Deactivate()
	}
}
func (p *plateInput) focus(*UI)             { p.p.Activate(p.p.ActivePart()) }
func (p *plateInput) setInvalid(bool)       {}
func (p *plateInput) first() fyne.Focusable { return p.p.Part(p.p.ActivePart()) }
func (p *plateInput) typeDigit(r rune)      { p.p.TypeRune(r) }
func (p *plateInput) backspace()            { p.p.Backspace() }
func (p *plateInput) keys() fyne.CanvasObject {
	if !p.p.PadApart {
		return p.p
	}
	return p.p.Pad()
}
func (p *plateInput) set(v string) {
	if v != p.p.Value() {
		p.p.SetValue(v)
	}
}
