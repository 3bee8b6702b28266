package speech

import (
	"log/slog"
	"sync"
)

// Engine turns utterances into sound (kiosk/speech/espeak). Speak returns
// at once; a new utterance interrupts the one under way.
type Engine interface {
	// Speak says u, stopping whatever is being said.
	Speak(u Utterance)
	// Stop silences the engine.
	Stop()
	// Repeat says the last utterance again.
	Repeat()
	// Rate makes speech faster (step > 0) or slower (step < 0).
	Rate(step int)
	// Volume makes speech louder (step > 0) or softer (step < 0).
	Volume(step int)
	// ResetSettings returns rate and volume to their defaults, for the
	// next citizen (EN 301 549 5.1.3.13).
	ResetSettings()
}

// Logged returns an engine that logs each part of every utterance it is
// handed (msg=speak, its language, kind and text) and passes it on to e,
// which may be nil to log only. The text holds no personal data by
// construction: what the citizen typed is spoken only in a read-back, and
// a read-back is logged without its text.
func Logged(e Engine, log *slog.Logger) Engine {
	return &logged{next: e, log: log}
}

type logged struct {
	next Engine
	log  *slog.Logger

	mu   sync.Mutex
	last Utterance
}

func (l *logged) record(u Utterance, repeat bool) {
	for _, p := range u.Parts {
		text := p.Text
		if u.Kind == KindReadBack {
			text = "" // the citizen's own answer, asked for aloud: never in a log
		}
		l.log.Info("speak", "lang", string(p.Lang), "kind", string(u.Kind), "repeat", repeat, "text", text)
	}
}

func (l *logged) Speak(u Utterance) {
	l.mu.Lock()
	l.last = u
	l.mu.Unlock()
	l.record(u, false)
	if l.next != nil {
		l.next.Speak(u)
	}
}

func (l *logged) Repeat() {
	l.mu.Lock()
	u := l.last
	l.mu.Unlock()
	l.record(u, true)
	if l.next != nil {
		l.next.Repeat()
	}
}

func (l *logged) Stop() {
	if l.next != nil {
		l.next.Stop()
	}
}

func (l *logged) Rate(step int) {
	if l.next != nil {
		l.next.Rate(step)
	}
}

func (l *logged) ResetSettings() {
	if l.next != nil {
		l.next.ResetSettings()
	}
}

func (l *logged) Volume(step int) {
	if l.next != nil {
		l.next.Volume(step)
	}
}
