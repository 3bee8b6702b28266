// Package speechtest holds a speech.Engine for tests that records what it
// is handed instead of speaking it.
package speechtest

import (
	"sync"

	"github.com/pishkhan/pishkhan/kiosk/speech"
)

// Recorder is a speech.Engine that keeps every utterance it is asked to
// speak (repeats included), and counts the other controls.
type Recorder struct {
	mu         sync.Mutex
	utterances []speech.Utterance
	last       speech.Utterance
	stops      int
	rate, vol  int
}

var _ speech.Engine = (*Recorder)(nil)

// Speak records u.
func (r *Recorder) Speak(u speech.Utterance) {
	r.mu.Lock()
	r.utterances = append(r.utterances, u)
	r.last = u
	r.mu.Unlock()
}

// Stop counts a stop.
func (r *Recorder) Stop() {
	r.mu.Lock()
	r.stops++
	r.mu.Unlock()
}

// Repeat records the last utterance again.
func (r *Recorder) Repeat() {
	r.mu.Lock()
	if !r.last.Empty() {
		r.utterances = append(r.utterances, r.last)
	}
	r.mu.Unlock()
}

// Rate adds step to the rate's steps.
func (r *Recorder) Rate(step int) {
	r.mu.Lock()
	r.rate += step
	r.mu.Unlock()
}

// Volume adds step to the volume's steps.
func (r *Recorder) Volume(step int) {
	r.mu.Lock()
	r.vol += step
	r.mu.Unlock()
}

// ResetSettings returns rate and volume to no steps.
func (r *Recorder) ResetSettings() {
	r.mu.Lock()
	r.rate, r.vol = 0, 0
	r.mu.Unlock()
}

// Settings returns the rate and volume steps taken so far, and the stops.
func (r *Recorder) Settings() (rate, volume, stops int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.rate, r.vol, r.stops
}

// Utterances returns what was spoken so far.
func (r *Recorder) Utterances() []speech.Utterance {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]speech.Utterance(nil), r.utterances...)
}

// Take returns what was spoken since the last Take (or the start) and
// forgets it.
func (r *Recorder) Take() []speech.Utterance {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.utterances
	r.utterances = nil
	return out
}

// Last returns the last utterance spoken (Take does not forget it), the
// zero one when none.
func (r *Recorder) Last() speech.Utterance {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.last
}
