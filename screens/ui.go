package screens

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/kiosk/speech"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// UI draws a kiosk.Session: the screen of its current stage and, over it,
// the idle warning.
type UI struct {
	sess *kiosk.Session
	opts Options

	// a11y holds the accessibility options of the current session.
	a11y Options
	// display is true while the service grid shows the display panel.
	display bool
	app     fyne.App

	root    *fyne.Container
	holder  *fyne.Container
	overlay *idleOverlay
	nav     *navigator
	// question asks before a cancel throws answers away.
	question *cancelQuestion

	started bool
	cur     *screen
	// attract is the attract screen last built, and attractKey its
	// screenKey: it shows no citizen's data, so every session ends on
	// the same one rather than on one built anew (issue 17).
	attract    *screen
	attractKey string
	key        string
	step       int
	lastStage  kiosk.Stage
	form       formMemory

	mu       sync.Mutex
	thanksAt time.Time

	// controls and groups describe the controls of the screen shown for
	// speech (describe, describeGroup).
	controls map[fyne.Focusable]speech.Control
	groups   map[widgets.Composite]speech.Control

	// audioOnly: the session's citizen turned audio-only mode on; cover
	// hides the screens meanwhile (screens/audio.go).
	audioOnly bool
	cover     *surface
	// notice is said, before the screen, at the next speak.
	notice speech.Notice
	// spoke: the screens spoke at the last speak, so they stop the
	// speech when they fall silent.
	spoke bool
	// speechSwitches shows the language screen's switches as on or off;
	// nil while it is not shown.
	speechSwitches func(on, audioOnly bool)
}

// screen is what a screen constructor returns: the objects to show, and
// optionally how to bring them up to date with a new state of the same
// screen (errors, print progress), what to do once they are on the
// canvas (give the first field the focus), and what the keys of a remote
// control do on it (see navigator). Only content is required.
type screen struct {
	content fyne.CanvasObject
	update  func(kiosk.State)
	opened  func()

	// primary returns the control the focus starts on when the screen
	// opens for a remote or a keyboard: its main action, or the first
	// thing to answer. Nil focuses the first control.
	primary func() fyne.Focusable
	// confirm and cancel are the buttons the remote's green and red keys
	// press; in TV mode they carry a disc of that colour.
	confirm, cancel *widgets.Button
	// start is what OK does on a screen without any control (the attract
	// loop in kiosk mode).
	start func()
	// typeDigit types a digit pressed while the focus is on a control
	// other than a field into the field being answered.
	typeDigit func(rune)
	// key handles Back (Escape, Backspace) first; it reports whether it
	// used the key.
	key func(*fyne.KeyEvent) bool
}

// focusOn returns a screen.primary that always focuses f.
func focusOn(f fyne.Focusable) func() fyne.Focusable {
	return func() fyne.Focusable { return f }
}

// screenFunc builds the screen of a stage from the session's state.
type screenFunc func(u *UI, st kiosk.State) *screen

// registry lists the screens, one per stage of the citizen's path. A
// screen reached outside the path (such as the technician's) adds its
// own entry.
var registry = map[kiosk.Stage]screenFunc{
	kiosk.StageAttract:  attractScreen,
	kiosk.StageLanguage: languageScreen,
	kiosk.StageServices: servicesScreen,
	kiosk.StageIntro:    introScreen,
	kiosk.StageForm:     formScreen,
	kiosk.StageReview:   reviewScreen,
	kiosk.StageConsent:  consentScreen,
	kiosk.StageSaving:   savingScreen,
	kiosk.StageReceipt:  receiptScreen,
	kiosk.StageSurvey:   surveyScreen,
	kiosk.StageThanks:   thanksScreen,
	kiosk.StageTrack:    trackScreen,
	// After a cancel inside a service: why the citizen stopped.
	kiosk.StageCancelSurvey: cancelSurveyScreen,
}

// New returns the UI of sess. It subscribes to the session and redraws
// after every change; build it after the Fyne app exists.
func New(sess *kiosk.Session, opts Options) *UI {
	opts = opts.withDefaults()
	u := &UI{sess: sess, opts: opts, a11y: opts}
	u.a11y.Speech = opts.Speech && opts.Speaker != nil
	sess.NoteAccessibility(u.accessibility())
	u.nav = &navigator{u: u}
	u.holder = container.NewStack()
	u.overlay = newIdleOverlay(u)
	u.question = newCancelQuestion(u)
	u.cover = newCover(u)
	var screens fyne.CanvasObject = u.holder
	if opts.Mode == config.ModeTV {
		// A television may crop its edges: screens keep to the safe area.
		screens = container.New(safeArea{}, u.holder)
	}
	u.root = container.NewStack(screens, u.question.root, u.overlay.root, u.cover)
	sess.Subscribe(u.changed)
	return u
}

// Content returns the object to show in the kiosk's window. The first
// call draws the session's current screen, so apply the theme first.
// ShowIn shows it and also takes the window's keys; with Content alone
// the screens work by touch only.
func (u *UI) Content() fyne.CanvasObject {
	if !u.started {
		u.started = true
		u.render()
	}
	return u.root
}

// ShowIn shows the UI in w and takes w's keys: arrows move the focus, OK
// presses, Back goes back a step, digits type into the field being
// answered and the colour keys (F1 to F4) cancel, confirm and switch
// large text and high contrast. See docs/tv.md.
func (u *UI) ShowIn(w fyne.Window) {
	w.SetContent(u.Content())
	u.nav.attach(w.Canvas())
	u.nav.opened("")
	u.speak(u.sess.State()) // the focus just placed
}

// ApplyTheme sets the kiosk theme, with the current accessibility options,
// on app; the UI changes it there when a citizen switches high contrast or
// large text.
func (u *UI) ApplyTheme(app fyne.App) {
	u.app = app
	app.Settings().SetTheme(Theme(u.a11y))
}

// Tick lets the session's idle timer look at the clock and ends the
// thanks screen after its timeout. cmd/kiosk calls it about once a second,
// from any goroutine.
func (u *UI) Tick() {
	u.sess.Tick()
	u.mu.Lock()
	at := u.thanksAt
	u.mu.Unlock()
	if !at.IsZero() && u.opts.Clock.Now().Sub(at) >= u.opts.ThanksTimeout && u.sess.State().Stage == kiosk.StageThanks {
		u.sess.Finish()
	}
}

// changed is the session's listener. It may run on any goroutine (a
// print finishing, the idle timer), so drawing goes through fyne.Do: this
// is the one place the UI is redrawn.
func (u *UI) changed() {
	fyne.Do(func() {
		if u.started {
			u.render()
		}
	})
}

// render shows the state of the session: a new screen when the stage (or
// anything else the screen is built from) changed, otherwise an update of
// the screen shown.
func (u *UI) render() {
	st := u.sess.State()
	forget := false
	if st.Stage == kiosk.StageAttract && u.lastStage != kiosk.StageAttract && u.lastStage != "" {
		// A new citizen starts with the device's own accessibility options.
		u.setDisplay(u.opts.TextSize, u.opts.Colours)
		u.display = false
		u.setSpeech(u.opts.Speech, false)
		u.form = formMemory{}
		u.nav.keyed = false
		// The session ended (finished, cancelled or wiped when idle):
		// the cached layouts of every text it showed are dropped once the
		// attract screen is shown (below), which lays out its own texts
		// from them meanwhile. Answers are never cached (Style.Private);
		// this takes the rest of what the citizen saw with it.
		forget = true
	}
	if st.Stage == kiosk.StageCancelSurvey && u.lastStage != kiosk.StageCancelSurvey {
		// The citizen cancelled: their answers are gone from the session,
		// and with them what the screens kept of the form and the
		// layouts of every text it showed. The citizen is still there,
		// so their accessibility options stay.
		u.form = formMemory{}
		if u.opts.Fonts != nil {
			u.opts.Fonts.ForgetLayouts()
		}
	}
	if u.question.shown() && st.Stage != u.question.stage {
		// The session moved on under the question (wiped when idle):
		// there is nothing left to ask about.
		u.question.hide()
	}
	sameStage := st.Stage == u.lastStage
	u.lastStage = st.Stage

	u.mu.Lock()
	if st.Stage == kiosk.StageThanks {
		if u.thanksAt.IsZero() {
			u.thanksAt = u.opts.Clock.Now()
		}
	} else {
		u.thanksAt = time.Time{}
	}
	u.mu.Unlock()

	key := u.screenKey(st)
	if u.cur == nil || key != u.key {
		// The same step or screen rebuilt (a field appeared, the theme
		// changed) keeps the focus on the button that had it.
		keep := ""
		if b, ok := u.focused().(*widgets.Button); ok && sameStage && st.Step == u.step {
			keep = b.Label
		}
		build, ok := registry[st.Stage]
		if !ok {
			build = attractScreen
		}
		u.forgetDescriptions()
		u.speechSwitches = nil
		if st.Stage == kiosk.StageAttract && u.attract != nil && u.attractKey == key {
			u.cur = u.attract
		} else {
			u.cur = build(u, st)
			if st.Stage == kiosk.StageAttract {
				u.attract, u.attractKey = u.cur, key
			}
		}
		u.key, u.step = key, st.Step
		if u.opts.Mode == config.ModeTV {
			if b := u.cur.confirm; b != nil {
				b.Key = widgets.KeyGreen
			}
			if b := u.cur.cancel; b != nil {
				b.Key = widgets.KeyRed
			}
		}
		gone := u.holder.Objects
		u.holder.Objects = []fyne.CanvasObject{u.cur.content}
		u.holder.Refresh()
		u.release(gone)
		if u.cur.update != nil {
			u.cur.update(st)
		}
		if u.cur.opened != nil {
			u.cur.opened()
		}
		if !u.overlay.root.Visible() {
			u.nav.opened(keep)
		}
	} else if u.cur.update != nil {
		u.cur.update(st)
	}
	if forget && u.opts.Fonts != nil {
		u.opts.Fonts.ForgetLayouts()
	}
	shown := u.overlay.root.Visible()
	u.overlay.update(st)
	switch now := u.overlay.root.Visible(); {
	case now && !shown:
		u.nav.overlayShown()
	case !now && shown:
		u.nav.overlayHidden()
	}
	u.speak(st)
}

// focused returns the control that has the keyboard focus, if any.
func (u *UI) focused() fyne.Focusable {
	if u.nav.canvas == nil {
		return nil
	}
	return u.nav.canvas.Focused()
}

// screenKey names what a screen is built from. Answers, errors and print
// progress are not in it: they update the screen shown, so typing never
// rebuilds it.
func (u *UI) screenKey(st kiosk.State) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s|%s|%s", st.Stage, st.Lang, u.displayKey())
	if st.Stage == kiosk.StageServices && u.display {
		b.WriteString("|display")
	}
	if st.Service != nil {
		fmt.Fprintf(&b, "|%s", st.Service.Code)
	}
	switch st.Stage {
	case kiosk.StageForm:
		fmt.Fprintf(&b, "|%d|%t", st.Step, st.Editing)
		for _, f := range visibleFields(st) {
			b.WriteString("|" + f.ID)
		}
	case kiosk.StageConsent:
		b.WriteString("|" + st.SubmitError)
	case kiosk.StageReceipt:
		// How printing goes updates the receipt screen shown.
		if st.Receipt != nil {
			b.WriteString("|" + string(st.Receipt.TrackingCode))
		}
	}
	return b.String()
}

// displayKey names the display choices of this session, which every
// screen and overlay is built with.
func (u *UI) displayKey() string {
	return string(u.a11y.TextSize) + "/" + string(u.a11y.Colours)
}

// setDisplay switches the text size and colour theme of this session and
// applies the matching theme.
func (u *UI) setDisplay(size kiosk.TextSize, colours kiosk.ColourTheme) {
	if u.a11y.TextSize == size && u.a11y.Colours == colours {
		return
	}
	u.a11y.TextSize, u.a11y.Colours = size, colours
	// The coarse switches the layouts read: any size above the standard
	// lays screens out for large text.
	u.a11y.LargeText, u.a11y.HighContrast = size.Large(), colours.HighContrast()
	u.sess.NoteAccessibility(u.accessibility())
	app := u.app
	if app == nil {
		app = fyne.CurrentApp()
	}
	if app != nil {
		app.Settings().SetTheme(Theme(u.a11y))
	}
}

// accessibility returns the session's accessibility options, for its
// journey.
func (u *UI) accessibility() kiosk.Accessibility {
	return kiosk.Accessibility{TextSize: u.a11y.TextSize, Theme: u.a11y.Colours, LargeText: u.a11y.LargeText, HighContrast: u.a11y.HighContrast, Speech: u.a11y.Speech, AudioOnly: u.audioOnly}
}

// focus gives the keyboard focus to obj.
func (u *UI) focus(obj fyne.Focusable) {
	c := u.nav.canvas
	if c == nil {
		co, ok := obj.(fyne.CanvasObject)
		if !ok {
			return
		}
		c = widgets.CanvasOf(co)
	}
	if c != nil {
		c.Focus(obj)
	}
}

// release has the painter free the textures of a screen no longer shown.
// Fyne would keep them a minute after their last frame (its FYNE_CACHE);
// screens are built anew for every stage and step, so on a busy kiosk
// that was every text and icon of the last minute's screens, held in the
// software renderer's memory (issue 17). A canvas refresh of an object
// frees its textures, and those of everything inside it, on the next
// frame; an object shown again is simply drawn again.
func (u *UI) release(gone []fyne.CanvasObject) {
	c := u.nav.canvas
	if c == nil {
		if a := fyne.CurrentApp(); a != nil {
			c = a.Driver().CanvasForObject(u.root)
		}
	}
	if c == nil {
		return
	}
	for _, o := range gone {
		if o != u.cur.content {
			c.Refresh(o)
		}
	}
}
