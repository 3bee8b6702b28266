package kiosk

import (
	"crypto/rand"
	"maps"
	"slices"
	"time"
)

// Channel is how a citizen reaches the services: a touch kiosk or a TV.
type Channel string

// Channels.
const (
	ChannelKiosk Channel = "kiosk"
	ChannelTV    Channel = "tv"
)

// Outcome is how a journey ended.
type Outcome string

// Outcomes, checked in this order: a journey whose submission was stored
// is submitted however it ended afterwards.
const (
	OutcomeSubmitted Outcome = "submitted"
	// OutcomeSubmitFailed: storing the submission failed and the citizen
	// left without a receipt.
	OutcomeSubmitFailed Outcome = "submit-failed"
	// OutcomeIdle: the idle timer wiped the session.
	OutcomeIdle Outcome = "idle"
	// OutcomeCancelled: the citizen cancelled or went back past the start.
	OutcomeCancelled Outcome = "cancelled"
)

// Bounds on what one journey holds, so a citizen tapping back and forth
// for an hour cannot grow it without end; Journey.Truncated says so.
const (
	maxJourneySteps    = 200
	maxJourneyRefusals = 200
)

// Journey is what one session did, for measuring each group of citizens'
// experience. It never holds personal data: no answer, no tracking code,
// no submission ID, and no exact time, so that it cannot be joined to the
// submission it led to (docs/measuring.md).
type Journey struct {
	// ID is random and made for the journey alone.
	ID string `json:"id"`
	// Started is the hour the session started (UTC, truncated to the
	// hour); the steps are placed by milliseconds from the start.
	Started    time.Time `json:"started"`
	DurationMS int64     `json:"duration_ms"`
	DeviceID   string    `json:"device_id,omitempty"`
	Site       string    `json:"site,omitempty"`
	Channel    Channel   `json:"channel"`
	// Lang is the language the session ended in.
	Lang Lang `json:"lang"`
	// LargeText, HighContrast, Speech and AudioOnly are true when the
	// option was on at any time during the session.
	// LargeText is any size above the standard; HighContrast either
	// high-contrast theme.
	LargeText    bool `json:"large_text"`
	HighContrast bool `json:"high_contrast"`
	Speech       bool `json:"speech"`
	AudioOnly    bool `json:"audio_only"`
	// TextSize is the largest text size used; empty in journeys recorded
	// before there were four (read LargeText).
	TextSize TextSize `json:"text_size,omitempty"`
	// Theme is the last colour theme other than the default used; empty
	// when none was.
	Theme ColourTheme `json:"theme,omitempty"`
	// Assisted is true when a member of staff marked the session as
	// helped (Session.MarkNextAssisted).
	Assisted bool `json:"assisted"`
	// Service is the last service chosen, empty when none was.
	Service          string `json:"service,omitempty"`
	CatalogueVersion string `json:"catalogue_version,omitempty"`
	// Steps are the stages and form steps visited, in order; a step
	// visited twice appears twice.
	Steps []JourneyStep `json:"steps"`
	// Refusals are the answers refused, by field and kind, never value.
	Refusals []Refusal `json:"refusals,omitempty"`
	// Backs counts the Back actions, Edits the steps opened from the
	// review, SubmitFailures the submissions that could not be stored.
	Backs          int     `json:"backs"`
	Edits          int     `json:"edits"`
	SubmitFailures int     `json:"submit_failures"`
	Outcome        Outcome `json:"outcome"`
	// ExitStep is where the session ended: a form step's ID or a stage.
	ExitStep string `json:"exit_step"`
	// Print is how printing the receipt ended ("" without a receipt or
	// a printer; "printing" when the session ended first).
	Print PrintState `json:"print,omitempty"`
	// Satisfaction is the survey's answer, 1 to 5; 0 when not given. It
	// is asked after a receipt and after a cancel: read it with Outcome.
	Satisfaction int `json:"satisfaction,omitempty"`
	// StopReason is why a citizen who cancelled says they stopped; empty
	// when they skipped the question or did not cancel.
	StopReason StopReason `json:"stop_reason,omitempty"`
	// Truncated is true when steps or refusals beyond the bounds were
	// left out.
	Truncated bool `json:"truncated,omitempty"`
}

// JourneyStep is one stage or form step of a journey, placed by
// milliseconds since the journey started.
type JourneyStep struct {
	Stage Stage `json:"stage"`
	// Step is the form step's ID on StageForm.
	Step      string `json:"step,omitempty"`
	EnteredMS int64  `json:"entered_ms"`
	LeftMS    int64  `json:"left_ms"`
}

// Name returns the form step's ID on a form step, else the stage.
func (s JourneyStep) Name() string {
	if s.Stage == StageForm && s.Step != "" {
		return s.Step
	}
	return string(s.Stage)
}

// Refusal is an answer the kiosk refused: which field, on which step, and
// the kind of refusal (the FieldError's message key).
type Refusal struct {
	Step  string `json:"step"`
	Field string `json:"field"`
	Kind  string `json:"kind"`
}

// journeyRecorder builds the journey of the session under way; the
// session's lock guards it.
type journeyRecorder struct {
	j         Journey
	start     time.Time
	at        JourneyStep // the step shown now
	submitted bool
	// cancelledAt is the step the citizen cancelled on, once they did.
	cancelledAt string
}

// Accessibility is the accessibility options in use.
type Accessibility struct {
	// TextSize and Theme are the display choices; LargeText and
	// HighContrast say the same coarsely (any size above the standard,
	// either high-contrast theme) and are implied by them.
	TextSize     TextSize
	Theme        ColourTheme
	LargeText    bool
	HighContrast bool
	// Speech: the screens speak; AudioOnly: the screen is blank and
	// speech and keys carry the whole path.
	Speech    bool
	AudioOnly bool
}

// NeedsMoreTime reports whether the citizen is given more time before the
// idle warning and in its countdown (SessionConfig.IdleAccessibleFactor):
// listening to a screen, or reading it in large text, takes longer.
func (a Accessibility) NeedsMoreTime() bool { return a.AudioOnly || a.LargeText || a.TextSize.Large() }

// NoteAccessibility tells the session which accessibility options the
// screens use now; the screens call it whenever they switch them. An
// option on at any time of a session is recorded in its journey.
func (s *Session) NoteAccessibility(a Accessibility) {
	a.LargeText = a.LargeText || a.TextSize.Large()
	a.HighContrast = a.HighContrast || a.Theme.HighContrast()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.a11y = a
	if jr := s.journey; jr != nil {
		jr.j.LargeText = jr.j.LargeText || a.LargeText
		jr.j.HighContrast = jr.j.HighContrast || a.HighContrast
		noteDisplay(&jr.j, a)
		jr.j.Speech = jr.j.Speech || a.Speech
		jr.j.AudioOnly = jr.j.AudioOnly || a.AudioOnly
	}
}

// noteDisplay records the display choices of a in j: the largest text
// size so far, and the theme when it is not the default.
func noteDisplay(j *Journey, a Accessibility) {
	if a.TextSize != "" && (j.TextSize == "" || a.TextSize.Rank() > j.TextSize.Rank()) {
		j.TextSize = a.TextSize
	}
	if a.Theme.Valid() && a.Theme != ThemeDefault {
		j.Theme = a.Theme
	}
}

// MarkNextAssisted marks the next session to start as assisted by staff
// (the technician screen's "I am helping a citizen").
func (s *Session) MarkNextAssisted() {
	s.mu.Lock()
	s.nextAssisted = true
	s.mu.Unlock()
}

// observe brings the journey up to date with the session's state after a
// change, starting it when the citizen leaves the attract screen. Called
// with the lock held.
func (s *Session) observe() {
	st := &s.st
	if st.Stage == StageAttract {
		return
	}
	now := s.cfg.Clock.Now()
	jr := s.journey
	if jr == nil {
		jr = s.beginJourney(now)
	}
	pos := JourneyStep{Stage: st.Stage}
	if st.Stage == StageForm && st.Service != nil {
		pos.Step = st.Service.Steps[st.Step].ID
	}
	if pos.Stage != jr.at.Stage || pos.Step != jr.at.Step {
		switch {
		case jr.at.Stage == StageReview && pos.Stage == StageForm && st.Editing:
			jr.j.Edits++
		case jr.at.Stage == StageSaving && pos.Stage == StageConsent && st.SubmitError != "":
			jr.j.SubmitFailures++
		}
		jr.move(pos, now)
	}
	jr.j.Lang = st.Lang
	if st.Service != nil {
		jr.j.Service = st.Service.Code
		jr.j.CatalogueVersion = s.cfg.Catalogue.Version
	}
	if st.Receipt != nil {
		jr.submitted = true
		jr.j.Print = st.Print
	}
}

func (s *Session) beginJourney(now time.Time) *journeyRecorder {
	ch := s.cfg.Channel
	if ch == "" {
		ch = ChannelKiosk
	}
	jr := &journeyRecorder{
		start: now,
		j: Journey{
			ID:           rand.Text(),
			Started:      now.UTC().Truncate(time.Hour),
			DeviceID:     s.cfg.DeviceID,
			Site:         s.cfg.Site,
			Channel:      ch,
			LargeText:    s.a11y.LargeText,
			HighContrast: s.a11y.HighContrast,
			Speech:       s.a11y.Speech,
			AudioOnly:    s.a11y.AudioOnly,
			Assisted:     s.nextAssisted,
			Steps:        []JourneyStep{},
		},
	}
	noteDisplay(&jr.j, s.a11y)
	s.nextAssisted = false
	s.journey = jr
	return jr
}

// move closes the step shown and opens pos.
func (jr *journeyRecorder) move(pos JourneyStep, now time.Time) {
	jr.leave(now)
	pos.EnteredMS = jr.ms(now)
	jr.at = pos
}

// leave records the step shown as left now.
func (jr *journeyRecorder) leave(now time.Time) {
	if jr.at.Stage == "" {
		return
	}
	jr.at.LeftMS = jr.ms(now)
	if len(jr.j.Steps) >= maxJourneySteps {
		jr.j.Truncated = true
		return
	}
	jr.j.Steps = append(jr.j.Steps, jr.at)
}

func (jr *journeyRecorder) ms(now time.Time) int64 { return now.Sub(jr.start).Milliseconds() }

// noteRefusals records the fields of step refused by Next. Called with the
// lock held.
func (s *Session) noteRefusals(step string, errs map[string]*FieldError) {
	jr := s.journey
	if jr == nil {
		return
	}
	for _, id := range slices.Sorted(maps.Keys(errs)) {
		if len(jr.j.Refusals) >= maxJourneyRefusals {
			jr.j.Truncated = true
			return
		}
		jr.j.Refusals = append(jr.j.Refusals, Refusal{Step: step, Field: id, Kind: errs[id].Key})
	}
}

// noteBack counts a Back action. Called with the lock held.
func (s *Session) noteBack() {
	if s.journey != nil {
		s.journey.j.Backs++
	}
}

// noteRating records the survey's answer. Called with the lock held.
func (s *Session) noteRating(rating int) {
	if s.journey != nil && rating >= 1 && rating <= 5 {
		s.journey.j.Satisfaction = rating
	}
}

// noteStopReason records why a citizen who cancelled stopped ("" when
// they skipped the question). Called with the lock held.
func (s *Session) noteStopReason(r StopReason) {
	if s.journey != nil {
		s.journey.j.StopReason = r
	}
}

// noteCancel records the step the citizen cancelled on: the journey
// ends there, whatever the cancel survey after it. Called with the lock
// held.
func (s *Session) noteCancel() {
	if jr := s.journey; jr != nil && jr.cancelledAt == "" {
		jr.cancelledAt = jr.at.Name()
	}
}

// endJourney finishes the journey under way and hands it to
// SessionConfig.Journeys. Called with the lock held, by wipe.
func (s *Session) endJourney(idle bool) {
	jr := s.journey
	if jr == nil {
		return
	}
	s.journey = nil
	now := s.cfg.Clock.Now()
	exit := jr.at.Name()
	if jr.cancelledAt != "" {
		exit = jr.cancelledAt
	}
	jr.leave(now)
	j := jr.j
	j.DurationMS = jr.ms(now)
	j.ExitStep = exit
	switch {
	case jr.submitted:
		j.Outcome = OutcomeSubmitted
	case j.SubmitFailures > 0:
		j.Outcome = OutcomeSubmitFailed
	case jr.cancelledAt != "":
		// Idle on the cancel survey ends it as the cancel did.
		j.Outcome = OutcomeCancelled
	case idle:
		j.Outcome = OutcomeIdle
	default:
		j.Outcome = OutcomeCancelled
	}
	if s.cfg.Journeys != nil {
		s.cfg.Journeys(j)
	}
}
