package speech

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/pishkhan/pishkhan/kiosk"
)

// Speaker decides what to say as the screens change: a screen that
// opens, a refusal that appears, the idle warning and its countdown, a
// receipt printing, the focus moving. The screens tell it what they show
// (Update); it hands the engine one utterance per change, so a refusal
// and the focus it moves are said together rather than one cutting the
// other off.
type Speaker struct {
	engine Engine
	device Device

	mu sync.Mutex
	// What was said of the screen shown.
	screen    string
	refusals  string
	print     kiosk.PrintState
	track     bool
	idle      bool
	idleSaid  int
	focus     Control
	lastField string
	// audioOnly: the citizen turned audio-only mode on (NoticeAudioOnlyOn),
	// so the language screen no longer says how to.
	audioOnly bool
}

// NewSpeaker returns a speaker that speaks through e about a device d.
func NewSpeaker(e Engine, d Device) *Speaker {
	return &Speaker{engine: e, device: d}
}

// The seconds left at which the idle countdown is spoken again, after
// the warning itself.
var idleReminders = []int{10, 5}

// Update tells the speaker what the screens show: the session's state and
// the control that has the focus (the zero Control for none). It speaks
// what changed since the last call, if anything.
func (s *Speaker) Update(st kiosk.State, focus Control) {
	s.mu.Lock()
	u := s.changes(st, focus)
	s.mu.Unlock()
	if !u.Empty() {
		s.engine.Speak(u)
	}
}

func screenKey(st kiosk.State) string {
	svc := ""
	if st.Service != nil {
		svc = st.Service.Code
	}
	return fmt.Sprintf("%s|%s|%s|%d|%t", st.Stage, st.Lang, svc, st.Step, st.Editing)
}

// refusalKey names the refusals st shows (field and kind), so that a
// refusal is said once, when it appears.
func refusalKey(st kiosk.State) string {
	var b strings.Builder
	for _, id := range slices.Sorted(maps.Keys(st.Errors)) {
		b.WriteString(id + "=" + st.Errors[id].Key + ",")
	}
	return b.String() + "|" + st.SubmitError + "|" + st.TrackError
}

// changes works out what to say. Called with the lock held.
func (s *Speaker) changes(st kiosk.State, focus Control) Utterance {
	var u Utterance
	d := s.device
	if key := screenKey(st); key != s.screen {
		if st.Stage == kiosk.StageAttract && s.screen != "" {
			// The session ended: the next citizen starts with the
			// default rate and volume.
			s.engine.ResetSettings()
		}
		s.screen = key
		if st.Stage == kiosk.StageAttract {
			s.audioOnly = false // a new citizen
		}
		u = Screen(st, d)
		if st.Stage == kiosk.StageLanguage && s.audioOnly {
			u = languageScreen(d, false)
		}
		s.print, s.track, s.focus, s.lastField = st.Print, st.Track != nil, Control{}, ""
	} else {
		if st.Stage == kiosk.StageReceipt && st.Print != s.print {
			u = u.Then(PrintStatus(st, d))
		}
		s.print = st.Print
	}
	if rk := refusalKey(st); rk != s.refusals {
		s.refusals = rk
		u = u.Then(Refusals(st))
	}
	if has := st.Track != nil; has != s.track {
		s.track = has
		u = u.Then(TrackResult(st))
	}
	if st.IdleWarning {
		secs := int(math.Ceil(st.IdleRemaining.Seconds()))
		switch {
		case !s.idle:
			u = u.Then(Idle(st, secs))
			s.idleSaid = secs
		case secs != s.idleSaid && slices.Contains(idleReminders, secs):
			u = u.Then(Idle(st, secs))
			s.idleSaid = secs
		}
	}
	s.idle = st.IdleWarning
	if focus.Role != "" && focus != s.focus {
		withField := focus.Field != "" && focus.Field != s.lastField
		u = u.Then(Focus(st, focus, withField))
		s.lastField = focus.Field
	}
	s.focus = focus
	return u
}

// Tell says n, then the screen shown and the focused control afresh: the
// citizen just turned speech or audio-only mode on, and what was said
// before (if anything) is no guide to what they know.
func (s *Speaker) Tell(st kiosk.State, n Notice, focus Control) {
	l := st.Lang
	if st.Stage == kiosk.StageAttract || st.Stage == kiosk.StageLanguage {
		l = languages(s.device)[0] // no language chosen yet: the device's default
	}
	s.mu.Lock()
	switch n {
	case NoticeAudioOnlyOn:
		s.audioOnly = true
	case NoticeAudioOnlyOff:
		s.audioOnly = false
	}
	s.screen = "" // say the screen again, as if it had just opened
	u := NoticeWords(l, n).Then(s.changes(st, focus))
	s.mu.Unlock()
	if !u.Empty() {
		s.engine.Speak(u)
	}
}

// Ask says the question asked over the screen shown (the cancel
// question: what it asks and its two answers), then the control the
// focus went to in it. The screen under the question is not said again:
// it has not changed.
func (s *Speaker) Ask(st kiosk.State, focus Control) {
	s.mu.Lock()
	u := CancelQuestion(st)
	if focus.Role != "" {
		u = u.Then(Focus(st, focus, false))
	}
	s.focus = focus
	s.mu.Unlock()
	s.engine.Speak(u)
}

// Command is a key of the speech controls.
type Command string

// The speech controls, from a keypad or the remote (docs/accessibility.md).
const (
	CommandRepeat   Command = "repeat"   // say the last utterance again
	CommandHelp     Command = "help"     // the keys, and this screen again
	CommandReadBack Command = "readback" // the answer of the focused field
	CommandStop     Command = "stop"     // silence
	CommandFaster   Command = "faster"
	CommandSlower   Command = "slower"
	CommandLouder   Command = "louder"
	CommandSofter   Command = "softer"
)

// Do carries out a speech control on the screen shown (st) with focus.
func (s *Speaker) Do(c Command, st kiosk.State, focus Control) {
	e := s.engine
	switch c {
	case CommandRepeat:
		e.Repeat()
	case CommandHelp:
		e.Speak(Help(st, s.device))
	case CommandReadBack:
		e.Speak(ReadBack(st, focus))
	case CommandStop:
		e.Stop()
	case CommandFaster:
		e.Rate(1)
	case CommandSlower:
		e.Rate(-1)
	case CommandLouder:
		e.Volume(1)
	case CommandSofter:
		e.Volume(-1)
	}
}
