package screens

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// Inspection describes the screen shown for a test that drives the kiosk
// from outside (taps and drags through the X server): where its controls
// are and what they are, never what a citizen typed. Positions are in the
// canvas's coordinates (multiply by the canvas scale for pixels).
type Inspection struct {
	Stage kiosk.Stage `json:"stage"`
	Lang  kiosk.Lang  `json:"lang,omitempty"`
	// Service and Step name the form step shown, by their catalogue IDs.
	Service string `json:"service,omitempty"`
	Step    string `json:"step,omitempty"`
	// TextSize, LargeText and HighContrast are the session's display
	// options (LargeText is any size above the standard).
	TextSize     kiosk.TextSize `json:"text_size"`
	LargeText    bool           `json:"large_text"`
	HighContrast bool           `json:"high_contrast"`
	// Messages are the catalogue messages (by key) a text on the screen
	// shows whole, such as the error summary's title; it may be scrolled
	// out of view.
	Messages []string `json:"messages,omitempty"`
	// Targets are the enabled controls that take a tap, in tree order.
	Targets []InspectTarget `json:"targets"`
	// Scrolls are the scroll areas the targets lie in, where they are on
	// the canvas.
	Scrolls []InspectRect `json:"scrolls,omitempty"`
}

// InspectRect is an area of the canvas.
type InspectRect struct {
	X float32 `json:"x"`
	Y float32 `json:"y"`
	W float32 `json:"w"`
	H float32 `json:"h"`
}

// InspectTarget is one control of an Inspection. A typed field has no
// label, nor has a private button: what the citizen typed is never in it.
type InspectTarget struct {
	// Role is button, choice, check, switch, field, key or link.
	Role string `json:"role"`
	// Label is what a button, key, choice or link shows; Detail the
	// line under it (a text-size button's name under its letter).
	Label  string `json:"label,omitempty"`
	Detail string `json:"detail,omitempty"`
	// Field is the ID of the form field the control answers.
	Field string `json:"field,omitempty"`
	// Group is the composite holding the control: keyboard, keypad,
	// datepicker or plate.
	Group    string `json:"group,omitempty"`
	Selected bool   `json:"selected,omitempty"`
	// Private is a button whose label says what the citizen typed (a
	// country found by its first letters): the label is left out.
	Private bool `json:"private,omitempty"`
	// Active is a field being typed into; Focused the control holding the
	// focus.
	Active  bool `json:"active,omitempty"`
	Focused bool `json:"focused,omitempty"`
	// Rect is the whole control; Visible the part of it in view (zero
	// when it is scrolled out of view).
	Rect    InspectRect `json:"rect"`
	Visible InspectRect `json:"visible"`
	// Scroll is the index in Scrolls of the area holding the control, -1
	// for none.
	Scroll int `json:"scroll"`
}

// Inspect describes the screen shown: the idle warning or the cancel
// question when either is over it. Call it on the UI goroutine (fyne.Do).
func (u *UI) Inspect() Inspection {
	st := u.sess.State()
	in := Inspection{Stage: st.Stage, Lang: st.Lang, TextSize: u.a11y.TextSize, LargeText: u.a11y.LargeText, HighContrast: u.a11y.HighContrast}
	if st.Stage == kiosk.StageForm && st.Service != nil && st.Step >= 0 && st.Step < len(st.Service.Steps) {
		in.Service, in.Step = st.Service.Code, st.Service.Steps[st.Step].ID
	}
	scope := u.nav.scope()
	origin := fyne.NewPos(0, 0)
	if a := fyne.CurrentApp(); a != nil {
		origin = a.Driver().AbsolutePositionForObject(scope)
	}
	at := func(r widgets.Rect) InspectRect {
		if r.Empty() {
			return InspectRect{}
		}
		return InspectRect{X: origin.X + r.Min.X, Y: origin.Y + r.Min.Y, W: r.Max.X - r.Min.X, H: r.Max.Y - r.Min.Y}
	}
	var focused fyne.Focusable
	if u.nav.canvas != nil {
		focused = u.nav.canvas.Focused()
	}
	var scrolls []*container.Scroll
	for _, t := range widgets.FocusTargets(scope) {
		it := InspectTarget{Rect: at(t.Rect), Visible: at(t.Visible), Scroll: -1, Focused: t.Object == focused}
		if t.Scroll != nil {
			it.Scroll = slices.Index(scrolls, t.Scroll)
			if it.Scroll < 0 {
				scrolls = append(scrolls, t.Scroll)
				in.Scrolls = append(in.Scrolls, at(t.ScrollRect))
				it.Scroll = len(scrolls) - 1
			}
		}
		c, known := u.controls[t.Object]
		if t.Group != nil {
			it.Group = groupName(t.Group)
			if g, ok := u.groups[t.Group]; ok && !known {
				c = g
			}
		}
		it.Role, it.Field = string(c.Role), c.Field
		switch x := t.Object.(type) {
		case *widgets.Button:
			it.Selected, it.Private = x.Selected, x.Private
			if !x.Private {
				it.Label, it.Detail = x.Label, x.Detail
			}
		case *widgets.Link:
			it.Role, it.Label = "link", x.Text
		case *widgets.Field:
			it.Role, it.Active = "field", x.Active()
		}
		if it.Role == "" {
			it.Role = "button"
			if t.Group != nil {
				it.Role = "key"
			}
		}
		in.Targets = append(in.Targets, it)
	}
	in.Messages = shownMessages(scope, st.Lang)
	return in
}

// groupName names a composite for an Inspection.
func groupName(g widgets.Composite) string {
	switch g.(type) {
	case *widgets.Keyboard:
		return "keyboard"
	case *widgets.Keypad:
		return "keypad"
	case *DatePicker:
		return "datepicker"
	case *PlateEntry:
		return "plate"
	}
	return "group"
}

// shownMessages returns the keys of the catalogue messages of l that a
// text under root, not hidden, shows whole. Only catalogue text is compared, so
// nothing a citizen typed is reported.
func shownMessages(root fyne.CanvasObject, l kiosk.Lang) []string {
	if l == "" {
		return nil
	}
	texts := map[string]bool{}
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *widgets.Text:
			texts[x.Text()] = true
			return
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case *widgets.TouchScroll:
			walk(x.Content)
		case *container.Scroll:
			walk(x.Content)
		case widgets.Composite:
			for _, c := range x.Parts() {
				walk(c)
			}
		}
	}
	walk(root)
	var keys []string
	for _, k := range kiosk.MessageKeys() {
		if m := kiosk.Msg(l, k); m != "" && texts[m] {
			keys = append(keys, k)
		}
	}
	return keys
}
