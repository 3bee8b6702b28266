package screens

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/speech"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// A citizen turns speech on, or audio-only mode, without a technician
// (docs/accessibility.md): the keypad's star key (or F12) on the attract
// or language screen turns audio-only mode on, the help key (the keypad's
// "/" or F6) turns speech on anywhere, and the language screen shows both
// as switches. Both last the session.

// audioOnlyKey turns audio-only mode on from the attract and language
// screens on a keyboard or remote; on a numeric keypad it is the star key
// (audioOnlyRune).
const (
	audioOnlyKey  = fyne.KeyF12
	audioOnlyRune = '*'
)

// newCover returns the black cover shown over everything in audio-only
// mode: nothing of the form is visible to a passer-by. A touch on it does
// nothing but count as the citizen being there.
func newCover(u *UI) *surface {
	c := newSurface(color.Black, func() { u.sess.Touch() })
	c.Hide()
	return c
}

// inviting reports whether the screen shown invites a citizen to turn
// speech on: the attract and language screens speak whenever the kiosk
// can, so that a citizen who cannot see them learns of the keys.
func (u *UI) inviting() bool {
	s := u.lastStage
	return s == "" || s == kiosk.StageAttract || s == kiosk.StageLanguage
}

// setSpeech switches speech and audio-only mode for this session: the
// cover hides the screens while audio-only is on, and keys carry the
// path, so the focus is shown on each screen's primary action.
func (u *UI) setSpeech(on, audioOnly bool) {
	on = (on || audioOnly) && u.opts.Speaker != nil
	audioOnly = audioOnly && on
	if u.a11y.Speech == on && u.audioOnly == audioOnly {
		return
	}
	u.a11y.Speech, u.audioOnly = on, audioOnly
	u.sess.NoteAccessibility(u.accessibility())
	if audioOnly {
		u.cover.Show()
		u.nav.keyed = true
		if u.focused() == nil {
			u.nav.opened("")
		}
	} else {
		u.cover.Hide()
	}
	if u.speechSwitches != nil {
		u.speechSwitches(on, audioOnly)
	}
}

// turnOn switches speech (and audio-only mode) on at the citizen's
// request and says so, then the screen shown; the saying waits for the
// screen to be drawn, so the focus it places does not cut it off.
// A session started by the key (start) is started after the switch, so
// the language screen is said once, after the notice.
func (u *UI) turnOn(audioOnly, start bool) {
	n := speech.NoticeSpeechOn
	if audioOnly {
		n = speech.NoticeAudioOnlyOn
	}
	u.setSpeech(true, audioOnly || u.audioOnly)
	u.notice = n
	if start {
		u.sess.Start()
	} else {
		u.sess.Touch()
	}
	fyne.Do(func() {
		if u.notice != "" {
			u.speak(u.sess.State())
		}
	})
}

// audioOnlyOff shows the screens again (the language screen's switch, or
// F12 pressed again there); speech stays on.
func (u *UI) audioOnlyOff() {
	u.setSpeech(true, false)
	u.notice = speech.NoticeAudioOnlyOff
	u.sess.Touch()
	fyne.Do(func() { u.speak(u.sess.State()) })
}

// audioKey handles the keys that turn speech or audio-only mode on, and
// reports whether e (a key) or r (a keypad's rune) was one of them.
func (u *UI) audioKey(name fyne.KeyName, r rune) bool {
	if u.opts.Speaker == nil {
		return false
	}
	st := u.sess.State()
	atStart := st.Stage == kiosk.StageAttract || st.Stage == kiosk.StageLanguage
	switch {
	case atStart && (name == audioOnlyKey || r == audioOnlyRune && !u.audioOnly):
		if u.audioOnly {
			u.audioOnlyOff()
			return true
		}
		u.turnOn(true, st.Stage == kiosk.StageAttract)
		return true
	case !u.a11y.Speech && (name == fyne.KeyF6 || r == '/'):
		u.turnOn(false, false)
		return true
	}
	return false
}

// speechSwitchRow returns the language screen's two switches, speech and
// audio-only mode, labelled in both languages; nil on a kiosk that cannot
// speak.
func (u *UI) speechSwitchRow(st kiosk.State) fyne.CanvasObject {
	if u.opts.Speaker == nil {
		return nil
	}
	def := u.sess.Languages()[0]
	talk := u.newButton(kiosk.Msg(st.Lang, "audio.speech.both"), widgets.DirAuto, func() {
		if u.a11y.Speech {
			u.setSpeech(false, false)
			u.opts.Speaker.Do(speech.CommandStop, u.sess.State(), speech.Control{})
			u.sess.Touch()
			return
		}
		u.turnOn(false, false)
	})
	only := u.newButton(kiosk.Msg(st.Lang, "audio.only.both"), widgets.DirAuto, func() {
		if u.audioOnly {
			u.audioOnlyOff()
			return
		}
		u.turnOn(true, false)
	})
	talk.Icon, only.Icon = theme.VolumeUpIcon(), theme.VisibilityOffIcon()
	u.describe(talk, speech.Control{Role: speech.RoleSwitch, Label: kiosk.Msg(def, "audio.speech.button"), Lang: def, Position: 1, Count: 2})
	u.describe(only, speech.Control{Role: speech.RoleSwitch, Label: kiosk.Msg(def, "audio.only.button"), Lang: def, Position: 2, Count: 2})
	u.speechSwitches = func(on, audioOnly bool) {
		if talk.Selected != on {
			talk.Selected = on
			talk.Refresh()
		}
		if only.Selected != audioOnly {
			only.Selected = audioOnly
			only.Refresh()
		}
	}
	u.speechSwitches(u.a11y.Speech, u.audioOnly)
	return widgets.NewHBox(st.Lang.RTL(), talk, container.NewPadded(), only)
}
