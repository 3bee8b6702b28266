package kiosk

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Stage is where a citizen is on their path through the kiosk.
type Stage string

// The stages of the citizen's path, in order.
const (
	StageAttract  Stage = "attract"
	StageLanguage Stage = "language"
	StageServices Stage = "services"
	StageIntro    Stage = "intro"
	StageForm     Stage = "form"
	StageReview   Stage = "review"
	StageConsent  Stage = "consent"
	// StageSaving shows that the submission is being stored; the citizen
	// sees the receipt once it is durable, or the consent screen again
	// with the reason it was not.
	StageSaving  Stage = "saving"
	StageReceipt Stage = "receipt"
	StageSurvey  Stage = "survey"
	// StageCancelSurvey follows a cancel inside a service: the answers
	// are already wiped, and one screen asks why the citizen stopped and
	// how satisfied they were (or nothing, if they skip).
	StageCancelSurvey Stage = "cancel-survey"
	StageThanks       Stage = "thanks"
	// StageTrack is "track my request", reached from the service grid.
	StageTrack Stage = "track"
)

// PrintState is how far printing a session's receipt has got.
type PrintState string

// Print states.
const (
	PrintNone     PrintState = ""         // no printer: the receipt is shown on screen
	PrintPrinting PrintState = "printing" // sent, waiting for the printer
	PrintDone     PrintState = "printed"
	PrintFailed   PrintState = "failed" // shown on screen instead; see PrintKey
)

// Minimum idle warning: WCAG 2.2.1 asks for at least 20 seconds to extend.
const MinIdleGrace = 20 * time.Second

// SessionConfig is what a Session needs from the appliance.
type SessionConfig struct {
	Catalogue *Catalogue
	// Filer stores submissions and prints their receipts
	// (kiosk/filing.Filer), off the UI thread.
	Filer Filer
	// NoPaper says the printer only files receipts (the spool folder of a
	// kiosk without a receipt printer): nothing comes out for the citizen,
	// so the receipt screen asks them to photograph the code instead.
	NoPaper bool
	Clock   Clock
	// Languages offered to the citizen; the first is the default. With one
	// language the language screen is skipped.
	Languages []Lang
	// Services enabled on this device, by code; empty means all.
	Services []string
	// IdleWarn is the time without input after which the citizen is
	// warned; IdleGrace the countdown after the warning before the session
	// is wiped (at least MinIdleGrace).
	IdleWarn  time.Duration
	IdleGrace time.Duration
	// IdleAccessibleFactor multiplies IdleWarn and IdleGrace while the
	// session's accessibility asks for more time (audio-only mode, large
	// text: Accessibility.NeedsMoreTime), as WCAG 2.2.1 allows; 1 when
	// under 1.
	IdleAccessibleFactor float64
	// Go runs background work (storing a submission, printing). Tests
	// run it inline.
	Go func(func())
	// Events receives session events for metrics; may be nil.
	Events func(Event)
	// Tracker answers "track my request"; nil hides it.
	Tracker Tracker
	// Journeys receives each session's journey when the session ends
	// (kiosk/journey.go); may be nil. It is called with the session's
	// lock held, on the UI thread or the idle timer's: it must return at
	// once (queue, never write) and must not call the session.
	Journeys func(Journey)
	// DeviceID, Site and Channel describe the device in journeys.
	DeviceID string
	Site     string
	Channel  Channel
}

// State is a snapshot of a session for the screens to draw. Screens must
// treat it as read-only.
type State struct {
	Stage   Stage
	Lang    Lang
	Service *Service
	// Step is the index in Service.Steps of the step shown on StageForm;
	// StepNumber and StepCount place it among the steps that apply (1-based).
	// StepCountSettled says whether StepCount can still change with an
	// answer not yet given (see Service.StepsSettledAt): a screen shows a
	// count only once it is settled.
	Step             int
	StepNumber       int
	StepCount        int
	StepCountSettled bool
	// Answers are the citizen's answers so far (raw while being typed on
	// the current step, normalized once the step is accepted).
	Answers map[string]string
	// Errors holds the refusal of each field of the current step.
	Errors map[string]*FieldError
	// Refusals counts the presses of Next refused on the current step, so
	// a screen can show each refusal, even one with the same errors as the
	// last.
	Refusals int
	// SubmitError is the message key of a failed submission, if any.
	SubmitError string
	Receipt     *Receipt
	Print       PrintState
	// PrintError is the message key of a failed print.
	PrintError string
	// Editing is true when a step was opened from the review screen.
	Editing bool
	// IdleWarning is shown with IdleRemaining until the session is wiped.
	IdleWarning   bool
	IdleRemaining time.Duration
	// TrackCode is the code typed on StageTrack, TrackError the message
	// key of a refused or unknown code, Track the answer found.
	TrackCode  string
	TrackError string
	Track      *TrackResult
	// Cancelled is true once the citizen cancelled inside a service: the
	// cancel survey follows, and the thanks says nothing of a request.
	Cancelled bool
	// StopReason and Rating are the answers chosen so far on
	// StageCancelSurvey (Rating 0: none yet).
	StopReason StopReason
	Rating     int
}

// CancelLosesAnswers reports whether cancelling now would throw away
// something the citizen answered, so that they are asked first. With
// nothing answered, a cancel stops at once.
func (st State) CancelLosesAnswers() bool {
	switch st.Stage {
	case StageForm, StageReview, StageConsent:
	default:
		return false
	}
	for _, v := range st.Answers {
		if strings.TrimSpace(v) != "" {
			return true
		}
	}
	return false
}

// Session is one citizen's visit, from the attract loop back to it. Methods
// are safe for concurrent use; listeners are called after each change,
// outside the session's lock.
type Session struct {
	cfg SessionConfig

	mu           sync.Mutex
	st           State
	lastActivity time.Time
	printing     bool
	listeners    []func()
	// later holds work an action starts once the lock is released.
	later []func()
	// journey is the journey under way (nil on the attract screen).
	journey      *journeyRecorder
	a11y         Accessibility
	nextAssisted bool
}

// NewSession returns a session on the attract screen.
func NewSession(cfg SessionConfig) (*Session, error) {
	if cfg.Catalogue == nil || cfg.Filer == nil || cfg.Clock == nil {
		return nil, errors.New("new session: catalogue, outbox, issuer and clock are required")
	}
	if len(cfg.Languages) == 0 {
		cfg.Languages = Languages
	}
	if cfg.IdleWarn <= 0 {
		cfg.IdleWarn = 60 * time.Second
	}
	if cfg.IdleGrace < MinIdleGrace {
		cfg.IdleGrace = MinIdleGrace
	}
	if cfg.IdleAccessibleFactor < 1 {
		cfg.IdleAccessibleFactor = 1
	}
	if cfg.Go == nil {
		cfg.Go = func(f func()) { go f() }
	}
	s := &Session{cfg: cfg}
	s.st = s.fresh()
	s.lastActivity = cfg.Clock.Now()
	return s, nil
}

func (s *Session) fresh() State {
	return State{Stage: StageAttract, Lang: s.cfg.Languages[0], Answers: map[string]string{}, Errors: map[string]*FieldError{}}
}

// Subscribe registers fn to be called after every change of state.
func (s *Session) Subscribe(fn func()) {
	s.mu.Lock()
	s.listeners = append(s.listeners, fn)
	s.mu.Unlock()
}

// State returns a snapshot of the session.
func (s *Session) State() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.snapshot()
}

func (s *Session) snapshot() State {
	st := s.st
	st.Answers = maps.Clone(s.st.Answers)
	st.Errors = maps.Clone(s.st.Errors)
	if s.st.Receipt != nil {
		r := *s.st.Receipt
		st.Receipt = &r
	}
	if s.st.Track != nil {
		tr := *s.st.Track
		st.Track = &tr
	}
	return st
}

// Catalogue returns the catalogue the session offers.
func (s *Session) Catalogue() *Catalogue { return s.cfg.Catalogue }

// Services returns the services offered on this device, in catalogue order.
func (s *Session) Services() []*Service {
	var out []*Service
	for i := range s.cfg.Catalogue.Services {
		svc := &s.cfg.Catalogue.Services[i]
		if len(s.cfg.Services) == 0 || contains(s.cfg.Services, svc.Code) {
			out = append(out, svc)
		}
	}
	return out
}

// Languages returns the languages offered, default first.
func (s *Session) Languages() []Lang { return s.cfg.Languages }

// HasPrinter reports whether receipts come out on paper on this device.
func (s *Session) HasPrinter() bool { return s.cfg.Filer.HasPrinter() && !s.cfg.NoPaper }

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// update runs fn under the lock as a citizen's action (it resets the idle
// timer), then notifies listeners.
func (s *Session) update(fn func()) {
	s.mu.Lock()
	s.lastActivity = s.cfg.Clock.Now()
	s.st.IdleWarning = false
	fn()
	s.observe()
	s.unlockAndNotify()
}

// unlockAndNotify releases the lock taken for a change, notifies the
// listeners, then starts the work the change asked for.
func (s *Session) unlockAndNotify() {
	later := s.later
	s.later = nil
	s.mu.Unlock()
	s.notify()
	for _, f := range later {
		s.cfg.Go(f)
	}
}

func (s *Session) notify() {
	s.mu.Lock()
	ls := append([]func(){}, s.listeners...)
	s.mu.Unlock()
	for _, fn := range ls {
		fn()
	}
}

func (s *Session) emit(e Event) {
	if s.cfg.Events != nil {
		s.cfg.Events(e)
	}
}

// Touch records input that changes nothing (a scroll, a key press), so the
// idle timer starts again.
func (s *Session) Touch() { s.update(func() {}) }

// MoreTime answers the idle warning: the citizen wants to continue.
func (s *Session) MoreTime() { s.update(func() {}) }

// Start leaves the attract loop.
func (s *Session) Start() {
	s.update(func() {
		if s.st.Stage != StageAttract {
			return
		}
		s.emit(Event{Kind: EventSessionStarted})
		if len(s.cfg.Languages) == 1 {
			s.st.Stage = StageServices
			return
		}
		s.st.Stage = StageLanguage
	})
}

// ChooseLanguage sets the session's language and shows the services.
func (s *Session) ChooseLanguage(l Lang) {
	s.update(func() {
		if s.st.Stage != StageLanguage && s.st.Stage != StageServices {
			return
		}
		for _, ok := range s.cfg.Languages {
			if ok == l {
				s.st.Lang = l
				s.st.Stage = StageServices
			}
		}
	})
}

// ChooseService opens the introduction of a service.
func (s *Session) ChooseService(code string) {
	s.update(func() {
		if s.st.Stage != StageServices {
			return
		}
		for _, svc := range s.Services() {
			if svc.Code == code {
				s.st.Service = svc
				s.st.Answers = map[string]string{}
				s.st.Errors = map[string]*FieldError{}
				s.st.Stage = StageIntro
				s.emit(Event{Kind: EventServiceStarted, Service: svc.Code})
			}
		}
	})
}

// BeginForm leaves the introduction for the first step of the form.
func (s *Session) BeginForm() {
	s.update(func() {
		if s.st.Stage != StageIntro {
			return
		}
		s.st.Stage = StageForm
		s.goToStep(s.visible()[0])
	})
}

func (s *Session) visible() []int {
	v := s.st.Service.VisibleSteps(s.st.Answers)
	if len(v) == 0 {
		return []int{0}
	}
	return v
}

func (s *Session) goToStep(i int) {
	s.st.Step = i
	s.st.Errors = map[string]*FieldError{}
	s.st.Refusals = 0
	vis := s.visible()
	s.st.StepCount = len(vis)
	s.st.StepCountSettled = s.st.Service.StepsSettledAt(i)
	s.st.StepNumber = 1
	for n, v := range vis {
		if v == i {
			s.st.StepNumber = n + 1
		}
	}
}

// SetAnswer records what the citizen typed or chose for a field of the
// current step. It is checked when the citizen moves on.
func (s *Session) SetAnswer(field, value string) {
	s.update(func() {
		if s.st.Stage != StageForm {
			return
		}
		s.st.Answers[field] = value
		delete(s.st.Errors, field)
	})
}

// Next accepts the current step if every answer on it is valid and moves
// to the next step that applies, or to the review. Otherwise the citizen
// stays on the step and State.Errors says why.
func (s *Session) Next() {
	s.update(func() {
		if s.st.Stage != StageForm {
			return
		}
		step := &s.st.Service.Steps[s.st.Step]
		errs := map[string]*FieldError{}
		for i := range step.Fields {
			f := &step.Fields[i]
			if !f.When.Holds(s.st.Answers) || f.Type == FieldInfo {
				delete(s.st.Answers, f.ID)
				continue
			}
			v, ferr := f.ValidateAt(s.st.Answers[f.ID], s.cfg.Clock.Now())
			if ferr != nil {
				errs[f.ID] = ferr
				continue
			}
			s.st.Answers[f.ID] = v
		}
		if len(errs) == 0 {
			// Checks across fields, once each answer is valid alone.
			maps.Copy(errs, step.CheckPlateTypes(s.st.Answers))
			maps.Copy(errs, s.st.Service.CheckDistinct(s.st.Step, s.st.Answers))
		}
		if len(errs) > 0 {
			s.noteRefusals(step.ID, errs)
			s.st.Errors = errs
			s.st.Refusals++
			return
		}
		s.st.Errors = map[string]*FieldError{}
		// Answers of steps that no longer apply are dropped, so nothing
		// the citizen can no longer see is submitted.
		s.dropHiddenAnswers()
		if s.st.Editing {
			s.st.Editing = false
			s.st.Stage = StageReview
			return
		}
		vis := s.visible()
		for n, v := range vis {
			if v == s.st.Step && n+1 < len(vis) {
				s.goToStep(vis[n+1])
				return
			}
		}
		s.st.Stage = StageReview
	})
}

func (s *Session) dropHiddenAnswers() {
	shown := map[string]bool{}
	for _, i := range s.visible() {
		for _, f := range s.st.Service.Steps[i].Fields {
			if f.When.Holds(s.st.Answers) {
				shown[f.ID] = true
			}
		}
	}
	for id := range s.st.Answers {
		if !shown[id] {
			delete(s.st.Answers, id)
		}
	}
}

// Back goes one step back on the citizen's path.
func (s *Session) Back() {
	s.update(func() {
		s.noteBack()
		switch s.st.Stage {
		case StageLanguage:
			s.wipe(false)
		case StageServices:
			if len(s.cfg.Languages) == 1 {
				s.wipe(false)
				return
			}
			s.st.Stage = StageLanguage
		case StageIntro:
			s.st.Service = nil
			s.st.Answers = map[string]string{}
			s.st.Stage = StageServices
		case StageForm:
			if s.st.Editing {
				s.st.Editing = false
				s.st.Stage = StageReview
				return
			}
			vis := s.visible()
			for n, v := range vis {
				if v == s.st.Step && n > 0 {
					s.goToStep(vis[n-1])
					return
				}
			}
			s.st.Stage = StageIntro
		case StageReview:
			s.st.Stage = StageForm
			vis := s.visible()
			s.goToStep(vis[len(vis)-1])
		case StageConsent:
			s.st.Stage = StageReview
			s.st.SubmitError = ""
		case StageTrack:
			s.st.Stage = StageServices
			s.st.TrackCode, s.st.TrackError, s.st.Track = "", "", nil
		}
	})
}

// Edit opens the step holding field from the review screen; accepting it
// returns to the review.
func (s *Session) Edit(field string) {
	s.update(func() {
		if s.st.Stage != StageReview {
			return
		}
		for _, i := range s.visible() {
			for _, f := range s.st.Service.Steps[i].Fields {
				if f.ID == field {
					s.st.Stage = StageForm
					s.st.Editing = true
					s.goToStep(i)
					return
				}
			}
		}
	})
}

// ConfirmReview accepts the review and asks for consent.
func (s *Session) ConfirmReview() {
	s.update(func() {
		if s.st.Stage == StageReview {
			s.st.Stage = StageConsent
		}
	})
}

// Submit files the submission: the session moves to StageSaving at once
// and the outbox stores it in the background (its fsyncs never hold the
// screen). Once it is durable the citizen sees the receipt with its
// tracking code and printing starts; on failure they are back on the
// consent screen with State.SubmitError and lose nothing.
func (s *Session) Submit(ctx context.Context) {
	s.update(func() {
		if s.st.Stage != StageConsent {
			return
		}
		s.st.SubmitError = ""
		s.st.Stage = StageSaving
		d := Draft{
			Service:          s.st.Service,
			CatalogueVersion: s.cfg.Catalogue.Version,
			Lang:             s.st.Lang,
			Answers:          maps.Clone(s.st.Answers),
		}
		s.later = append(s.later, func() {
			r, err := s.cfg.Filer.File(ctx, d)
			clear(d.Answers)
			s.filed(r, err)
		})
	})
}

// filed records what became of the submission being saved.
func (s *Session) filed(r Receipt, err error) {
	s.mu.Lock()
	if s.st.Stage != StageSaving {
		s.mu.Unlock()
		return
	}
	s.lastActivity = s.cfg.Clock.Now()
	if err != nil {
		s.st.Stage = StageConsent
		s.st.SubmitError = "error.submit_failed"
		if errors.Is(err, ErrStorageFull) {
			s.st.SubmitError = "error.storage_full"
		}
	} else {
		s.st.Receipt = &r
		// The answers have left the session: they live only in the outbox.
		clear(s.st.Answers)
		s.st.Answers = map[string]string{}
		s.st.Stage = StageReceipt
		s.emit(Event{Kind: EventSessionCompleted, Service: r.ServiceCode})
		s.startPrint()
	}
	s.observe()
	s.unlockAndNotify()
}

// startPrint sends the session's receipt to the printer once. Called with
// the lock held.
func (s *Session) startPrint() {
	if !s.cfg.Filer.HasPrinter() || s.st.Receipt == nil || s.printing {
		return
	}
	s.printing = true
	s.st.Print = PrintPrinting
	s.st.PrintError = ""
	r := *s.st.Receipt
	s.later = append(s.later, func() {
		key := s.print(r)
		s.mu.Lock()
		s.printing = false
		// The session may have moved on (or been wiped) while printing.
		if s.st.Receipt != nil && s.st.Receipt.TrackingCode == r.TrackingCode {
			if key == "" {
				s.st.Print = PrintDone
			} else {
				s.st.Print = PrintFailed
				s.st.PrintError = key
			}
			s.observe()
		}
		s.mu.Unlock()
		if key != "" {
			s.emit(Event{Kind: EventPrintFailed, Service: r.ServiceCode, Value: key})
		}
		s.notify()
	})
}

func (s *Session) print(r Receipt) (key string) {
	return s.cfg.Filer.Print(context.Background(), r).Key
}

// Reprint prints the receipt again; it is the citizen's explicit request
// and does nothing while a print is under way.
func (s *Session) Reprint() {
	s.update(func() {
		if s.st.Stage == StageReceipt {
			s.startPrint()
		}
	})
}

// FinishReceipt leaves the receipt for the satisfaction survey.
func (s *Session) FinishReceipt() {
	s.update(func() {
		if s.st.Stage == StageReceipt {
			s.st.Stage = StageSurvey
		}
	})
}

// Rate records the one-tap satisfaction answer (1 to 5, 0 to skip). After
// a receipt it thanks the citizen at once. On the cancel survey a rating
// is one of two answers: the citizen is thanked once they have also said
// why they stopped (or sent the survey), and 0 skips the survey.
func (s *Session) Rate(rating int) {
	s.update(func() {
		switch s.st.Stage {
		case StageSurvey:
			s.noteRating(rating)
			if rating >= 1 && rating <= 5 {
				svc := ""
				if s.st.Receipt != nil {
					svc = s.st.Receipt.ServiceCode
				}
				s.emit(Event{Kind: EventSatisfaction, Service: svc, Value: strconv.Itoa(rating)})
			}
			s.st.Stage = StageThanks
		case StageCancelSurvey:
			if rating == 0 {
				s.skipCancelSurvey()
				return
			}
			if rating < 1 || rating > 5 {
				return
			}
			s.st.Rating = rating
			s.noteRating(rating)
			if s.st.StopReason != "" {
				s.st.Stage = StageThanks
			}
		}
	})
}

// ChooseStopReason records why a citizen who cancelled stopped, one of
// StopReasons; they are thanked once they have also rated the service
// (or sent the survey).
func (s *Session) ChooseStopReason(r StopReason) {
	s.update(func() {
		if s.st.Stage != StageCancelSurvey || !r.Valid() {
			return
		}
		s.st.StopReason = r
		s.noteStopReason(r)
		if s.st.Rating != 0 {
			s.st.Stage = StageThanks
		}
	})
}

// SendSurvey ends the cancel survey with the answers chosen so far.
func (s *Session) SendSurvey() {
	s.update(func() {
		if s.st.Stage == StageCancelSurvey {
			s.st.Stage = StageThanks
		}
	})
}

// skipCancelSurvey ends the cancel survey leaving out anything chosen on
// it: the citizen said "No, thanks". Called with the lock held.
func (s *Session) skipCancelSurvey() {
	s.st.StopReason, s.st.Rating = "", 0
	s.noteStopReason("")
	if s.journey != nil {
		s.journey.j.Satisfaction = 0
	}
	s.st.Stage = StageThanks
}

// Cancel ends the session at the citizen's request. Inside a service it
// wipes the answers at once and asks why the citizen stopped
// (StageCancelSurvey); elsewhere it returns to the attract loop. Screens
// ask first when State.CancelLosesAnswers.
func (s *Session) Cancel() {
	s.update(func() {
		switch s.st.Stage {
		case StageIntro, StageForm, StageReview, StageConsent:
			s.cancelService()
		default:
			s.wipe(false)
		}
	})
}

// cancelService wipes what the citizen entered in the service they
// cancelled and opens the cancel survey. Called with the lock held.
func (s *Session) cancelService() {
	s.emit(Event{Kind: EventSessionAbandoned, Service: s.st.Service.Code, Step: s.exitStep()})
	s.noteCancel()
	clear(s.st.Answers)
	s.st.Answers = map[string]string{}
	s.st.Errors = map[string]*FieldError{}
	s.st.Step, s.st.StepNumber, s.st.StepCount = 0, 0, 0
	s.st.Editing = false
	s.st.SubmitError = ""
	s.st.Cancelled = true
	s.st.StopReason, s.st.Rating = "", 0
	s.st.Stage = StageCancelSurvey
}

// exitStep names where the citizen is for metrics: the form step's ID on
// a form, else the stage. Called with the lock held.
func (s *Session) exitStep() string {
	if s.st.Service != nil && s.st.Stage == StageForm {
		return s.st.Service.Steps[s.st.Step].ID
	}
	return string(s.st.Stage)
}

// Finish returns to the attract loop after the thanks screen.
func (s *Session) Finish() { s.update(func() { s.wipe(false) }) }

// wipe forgets everything the citizen entered and returns to the attract
// loop. Called with the lock held.
func (s *Session) wipe(idle bool) {
	// A submission being saved is the citizen's: they see its tracking
	// code before anything is wiped.
	if s.st.Stage == StageAttract || s.st.Stage == StageSaving {
		return
	}
	switch s.st.Stage {
	case StageReceipt, StageSurvey, StageCancelSurvey, StageThanks:
		// Submitted, or already counted when cancelled.
	default:
		svc := ""
		if s.st.Service != nil {
			svc = s.st.Service.Code
		}
		s.emit(Event{Kind: EventSessionAbandoned, Service: svc, Step: s.exitStep()})
	}
	if idle {
		s.emit(Event{Kind: EventIdleReset})
	}
	s.endJourney(idle)
	clear(s.st.Answers)
	s.st = s.fresh()
}

// Tick lets the idle timer look at the clock; the appliance calls it about
// once a second. After IdleWarn without input the citizen is warned, and
// after IdleGrace more the session is wiped.
func (s *Session) Tick() {
	s.mu.Lock()
	if s.st.Stage == StageAttract || s.st.Stage == StageSaving {
		s.mu.Unlock()
		return
	}
	before := s.st.IdleWarning
	beforeLeft := s.st.IdleRemaining
	idle := s.cfg.Clock.Now().Sub(s.lastActivity)
	warn, grace := s.idleTimes()
	switch {
	case idle >= warn+grace:
		s.wipe(true)
	case idle >= warn:
		s.st.IdleWarning = true
		s.st.IdleRemaining = (warn + grace - idle).Truncate(time.Second)
	}
	changed := before != s.st.IdleWarning || beforeLeft != s.st.IdleRemaining || s.st.Stage == StageAttract
	s.mu.Unlock()
	if changed {
		s.notify()
	}
}

// idleTimes returns the idle warning and grace times for the session's
// citizen: longer when their accessibility asks for more time. Called
// with the lock held.
func (s *Session) idleTimes() (warn, grace time.Duration) {
	warn, grace = s.cfg.IdleWarn, s.cfg.IdleGrace
	if f := s.cfg.IdleAccessibleFactor; f > 1 && s.a11y.NeedsMoreTime() {
		warn = time.Duration(float64(warn) * f).Truncate(time.Second)
		grace = time.Duration(float64(grace) * f).Truncate(time.Second)
	}
	return warn, grace
}

// String describes the session for logs without personal data.
func (st State) String() string {
	svc := ""
	if st.Service != nil {
		svc = st.Service.Code
	}
	return fmt.Sprintf("stage=%s lang=%s service=%s step=%d/%d", st.Stage, st.Lang, svc, st.StepNumber, st.StepCount)
}
