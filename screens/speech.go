package screens

import (
	"fyne.io/fyne/v2"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/speech"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// Speaker is told what the screens show, for speech output
// (kiosk/speech.Speaker). The screens decide nothing about what is said:
// they pass the session's state and a description of the focused control
// each time either changes, and the speech keys a citizen presses.
type Speaker interface {
	// Update tells what is shown: the state drawn and the focused
	// control (the zero Control for none).
	Update(st kiosk.State, focus speech.Control)
	// Do carries out a speech key on the screen shown.
	Do(c speech.Command, st kiosk.State, focus speech.Control)
	// Tell says a notice (speech or audio-only mode turned on), then the
	// screen shown and the focus afresh.
	Tell(st kiosk.State, n speech.Notice, focus speech.Control)
	// Ask says the cancel question asked over the screen shown, then the
	// control the focus went to in it.
	Ask(st kiosk.State, focus speech.Control)
}

// describe says what a control of the screen being built is (its role,
// the form field it answers, its place among its neighbours); its
// changing state (selected, filled) is read from it when it has the
// focus. A control not described is taken for a button by its label.
func (u *UI) describe(o fyne.Focusable, c speech.Control) {
	if u.controls == nil {
		u.controls = map[fyne.Focusable]speech.Control{}
	}
	u.controls[o] = c
}

// describeGroup says what the controls inside a composite widget are (a
// keyboard's keys, a date picker's days).
func (u *UI) describeGroup(g widgets.Composite, c speech.Control) {
	if u.groups == nil {
		u.groups = map[widgets.Composite]speech.Control{}
	}
	u.groups[g] = c
}

// forgetDescriptions drops the descriptions of the screen shown, before
// the next one is built.
func (u *UI) forgetDescriptions() {
	u.controls, u.groups = nil, nil
}

// focusDescription describes the control that has the focus: what the
// screen said of it, and its state now. It never holds a field's value.
func (u *UI) focusDescription() speech.Control {
	f := u.focused()
	if f == nil {
		return speech.Control{}
	}
	c, known := u.controls[f]
	if !known {
		c.Role = speech.RoleButton
		for _, t := range u.nav.targets() {
			if t.Object == f && t.Group != nil {
				c = u.groups[t.Group]
				if c.Role == "" {
					c.Role = speech.RoleKey
				}
				break
			}
		}
	}
	switch x := f.(type) {
	case *widgets.Button:
		if c.Label == "" {
			c.Label = x.Label
		}
		c.Selected = x.Selected
		c.Disabled = x.Disabled()
	case *widgets.Field:
		c.Role = speech.RoleField
		c.Filled = x.Value() != ""
	}
	return c
}

// speaking reports whether the screens speak now: speech is on for the
// session, or the screen shown invites the citizen to turn it on.
func (u *UI) speaking() bool {
	return u.opts.Speaker != nil && (u.a11y.Speech || u.inviting())
}

// speak tells the speaker what is shown now: st and the focus, after a
// notice if one waits. When the screens fall silent (a citizen chose a
// language without asking for speech) what was being said stops.
func (u *UI) speak(st kiosk.State) {
	if !u.speaking() {
		if u.spoke {
			u.spoke = false
			u.opts.Speaker.Do(speech.CommandStop, st, speech.Control{})
		}
		return
	}
	u.spoke = true
	if n := u.notice; n != "" {
		u.notice = ""
		u.opts.Speaker.Tell(st, n, u.focusDescription())
		return
	}
	u.opts.Speaker.Update(st, u.focusDescription())
}

// speakQuestion says the cancel question just asked, and the answer the
// focus went to; the screen under it is not said again.
func (u *UI) speakQuestion(st kiosk.State) {
	if u.speaking() {
		u.opts.Speaker.Ask(st, u.focusDescription())
	}
}

// The speech keys: on a keyboard or a remote, F5 to F11; on a USB numeric
// keypad, its operator keys (while the focus is not on a field, which
// would take them as typing). See docs/accessibility.md.
var (
	speechKeys = map[fyne.KeyName]speech.Command{
		fyne.KeyF5:  speech.CommandRepeat,
		fyne.KeyF6:  speech.CommandHelp,
		fyne.KeyF7:  speech.CommandReadBack,
		fyne.KeyF8:  speech.CommandSlower,
		fyne.KeyF9:  speech.CommandFaster,
		fyne.KeyF10: speech.CommandSofter,
		fyne.KeyF11: speech.CommandLouder,
	}
	speechRunes = map[rune]speech.Command{
		'*': speech.CommandRepeat,
		'/': speech.CommandHelp,
		'-': speech.CommandSlower,
		'+': speech.CommandFaster,
	}
)

// speechKey carries out a speech key and reports whether e was one. Any
// other key interrupts what is being said.
func (u *UI) speechKey(e *fyne.KeyEvent) bool {
	if u.audioKey(e.Name, 0) {
		return true
	}
	if !u.speaking() {
		return false
	}
	c, ok := speechKeys[e.Name]
	if !ok {
		u.opts.Speaker.Do(speech.CommandStop, u.sess.State(), u.focusDescription())
		return false
	}
	u.speechCommand(c)
	return true
}

// speechCommand carries out a speech key. The citizen pressing it is
// there: the idle timer starts again.
func (u *UI) speechCommand(c speech.Command) {
	u.opts.Speaker.Do(c, u.sess.State(), u.focusDescription())
	u.sess.Touch()
}

// speechRune carries out a speech key of a numeric keypad and reports
// whether r was one.
func (u *UI) speechRune(r rune) bool {
	if u.audioKey("", r) {
		return true
	}
	if !u.speaking() {
		return false
	}
	c, ok := speechRunes[r]
	if !ok {
		return false
	}
	u.speechCommand(c)
	return true
}
