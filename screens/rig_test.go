package screens_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/kiosk/filing"
	"github.com/pishkhan/pishkhan/kiosk/kiosktest"
	"github.com/pishkhan/pishkhan/kiosk/typeset"
	"github.com/pishkhan/pishkhan/screens"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// outboxFake is a kiosk.Outbox whose behaviour a test sets.
type outboxFake struct {
	mu          sync.Mutex
	EnqueueFunc func(kiosk.Submission) error
	stored      []kiosk.Submission
}

func (o *outboxFake) Enqueue(_ context.Context, s kiosk.Submission) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.EnqueueFunc != nil {
		if err := o.EnqueueFunc(s); err != nil {
			return err
		}
	}
	o.stored = append(o.stored, s)
	return nil
}

func (o *outboxFake) submissions() []kiosk.Submission {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]kiosk.Submission(nil), o.stored...)
}

// printerFake is a kiosk.Printer whose behaviour a test sets.
type printerFake struct {
	mu         sync.Mutex
	StatusFunc func() kiosk.PrinterStatus
	PrintFunc  func(kiosk.Receipt) error
	printed    []kiosk.Receipt
}

func (p *printerFake) Status(context.Context) kiosk.PrinterStatus {
	if p.StatusFunc != nil {
		return p.StatusFunc()
	}
	return kiosk.PrinterStatus{State: kiosk.PrinterReady}
}

func (p *printerFake) Print(_ context.Context, r kiosk.Receipt) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.PrintFunc != nil {
		if err := p.PrintFunc(r); err != nil {
			return err
		}
	}
	p.printed = append(p.printed, r)
	return nil
}

// trackerFake is a kiosk.Tracker that knows the requests in known, or
// answers with TrackFunc when a test sets it.
type trackerFake struct {
	mu        sync.Mutex
	known     map[kiosk.TrackingCode]kiosk.TrackResult
	TrackFunc func(kiosk.TrackingCode) (kiosk.TrackResult, error)
	asked     []kiosk.TrackingCode
}

func (f *trackerFake) Track(_ context.Context, code kiosk.TrackingCode) (kiosk.TrackResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked = append(f.asked, code)
	if f.TrackFunc != nil {
		return f.TrackFunc(code)
	}
	if r, ok := f.known[code]; ok {
		return r, nil
	}
	return kiosk.TrackResult{}, fmt.Errorf("track %s: %w", code, kiosk.ErrUnknownRequest)
}

// questions returns the codes the tracker was asked about.
func (f *trackerFake) questions() []kiosk.TrackingCode {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]kiosk.TrackingCode(nil), f.asked...)
}

// knownRequest is the request every rig's tracker knows: a building
// permit submitted at another kiosk on 1 July 2025 (1404/04/10), which
// the agency has and last changed on 20 July (1404/04/29).
func knownRequest() kiosk.TrackResult {
	at := time.Date(2025, 7, 1, 10, 0, 0, 0, time.UTC)
	is, err := kiosk.NewIssuer(7, kiosktest.NewClock(at), 0)
	if err != nil {
		panic(err)
	}
	return kiosk.TrackResult{
		TrackingCode:    is.Next(),
		ServiceCode:     "building-permit",
		Progress:        kiosk.ProgressForwarded,
		SubmittedAt:     at,
		UpdatedAt:       time.Date(2025, 7, 20, 8, 0, 0, 0, time.UTC),
		AgencyRequestID: "BP-1404-00731",
	}
}

// clockFake is a kiosk.Clock the test moves by hand.
type clockFake = kiosktest.Clock

// rig is a kiosk session drawn in a test window.
type rig struct {
	t       testing.TB
	app     fyne.App
	sess    *kiosk.Session
	ui      *screens.UI
	w       fyne.Window
	clock   *clockFake
	outbox  *outboxFake
	printer *printerFake
	tracker *trackerFake
}

// testFonts are the fonts every test draws with, loaded once: DejaVu Sans
// (Debian fonts-dejavu-core, installed by the Makefile) so golden images
// do not depend on which other fonts the machine has, else the installed
// default family; nil (blank texts) with neither.
var testFonts = sync.OnceValue(func() *typeset.Fonts {
	if f, err := typeset.LoadFonts(dejavuDir); err == nil {
		return f
	}
	f, _ := typeset.LoadFonts("")
	return f
})

type rigOption func(*kiosk.SessionConfig, *screens.Options)

// withoutTracker makes a device that cannot answer "track my request".
func withoutTracker() rigOption {
	return func(c *kiosk.SessionConfig, _ *screens.Options) { c.Tracker = nil }
}

func withoutPrinter() rigOption {
	return func(c *kiosk.SessionConfig, _ *screens.Options) { c.Filer.(*filing.Filer).Printer = nil }
}

// tvMode makes the rig a television: TV mode, no printer, a 1080p screen.
func tvMode() rigOption {
	return func(c *kiosk.SessionConfig, o *screens.Options) {
		c.Filer.(*filing.Filer).Printer = nil
		o.Mode = config.ModeTV
	}
}

// largeText starts every session with large text, as a citizen switches
// it on from the service grid.
func largeText() rigOption {
	return func(_ *kiosk.SessionConfig, o *screens.Options) { o.LargeText = true }
}

// display starts every session with a text size and colour theme, as a
// citizen chooses them on the display panel.
func display(size kiosk.TextSize, colours kiosk.ColourTheme) rigOption {
	return func(_ *kiosk.SessionConfig, o *screens.Options) { o.TextSize, o.Colours = size, colours }
}

// tapSize taps the display panel's button of a text size: the letter,
// named by the size under it.
func (r *rig) tapSize(l kiosk.Lang, size kiosk.TextSize) {
	r.t.Helper()
	name := kiosk.Msg(l, "display.size."+string(size))
	for _, b := range r.buttons(kiosk.Msg(l, "display.size.sample")) {
		if b.Detail == name {
			test.Tap(b)
			return
		}
	}
	r.t.Fatalf("no text-size button %q on %v", name, r.texts())
}

// windowSize is a landscape kiosk screen; tvSize a television.
var (
	windowSize = fyne.NewSize(1280, 1024)
	tvSize     = fyne.NewSize(1920, 1080)
)

func newRig(t testing.TB, opts ...rigOption) *rig {
	t.Helper()
	r := &rig{
		t:       t,
		app:     test.NewTempApp(t),
		clock:   kiosktest.NewClock(time.Date(2025, 8, 3, 9, 30, 0, 0, time.UTC)),
		outbox:  &outboxFake{},
		printer: &printerFake{},
	}
	known := knownRequest()
	r.tracker = &trackerFake{known: map[kiosk.TrackingCode]kiosk.TrackResult{known.TrackingCode: known}}
	is, err := kiosk.NewIssuer(42, r.clock, 0)
	if err != nil {
		t.Fatal(err)
	}
	cfg := kiosk.SessionConfig{
		Catalogue: kiosk.DefaultCatalogue(),
		Filer:     &filing.Filer{Outbox: r.outbox, Issuer: is, Printer: r.printer, Clock: r.clock, KioskID: "IKA-T1-07"},
		Tracker:   r.tracker,
		Clock:     r.clock,
		IdleWarn:  60 * time.Second,
		IdleGrace: 30 * time.Second,
		Go:        func(f func()) { f() },
	}
	uo := screens.Options{Clock: r.clock, Fonts: testFonts()}
	for _, o := range opts {
		o(&cfg, &uo)
	}
	r.sess, err = kiosk.NewSession(cfg)
	if err != nil {
		t.Fatal(err)
	}
	r.ui = screens.New(r.sess, uo)
	r.ui.ApplyTheme(r.app)
	r.w = test.NewTempWindow(t, r.ui.Content())
	r.ui.ShowIn(r.w)
	if uo.Mode == config.ModeTV {
		r.w.Resize(tvSize)
	} else {
		r.w.Resize(windowSize)
	}
	return r
}

// walk calls fn for every visible object on the canvas, depth first;
// fn returns false to skip an object's children.
func walk(o fyne.CanvasObject, fn func(fyne.CanvasObject) bool) {
	if o == nil || !o.Visible() {
		return
	}
	if !fn(o) {
		return
	}
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walk(c, fn)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			walk(c, fn)
		}
	}
}

// texts returns every string shown on the window.
func (r *rig) texts() []string { return textsIn(r.w.Canvas().Content()) }

// textsIn returns every string shown inside root.
func textsIn(root fyne.CanvasObject) []string {
	var out []string
	walk(root, func(o fyne.CanvasObject) bool {
		if t, ok := o.(*widgets.Text); ok {
			if t.Text() != "" {
				out = append(out, t.Text())
			}
			return false
		}
		return true
	})
	return out
}

func (r *rig) shows(s string) bool {
	for _, t := range r.texts() {
		if t == s {
			return true
		}
	}
	return false
}

func (r *rig) showsContaining(s string) bool {
	for _, t := range r.texts() {
		if strings.Contains(t, s) {
			return true
		}
	}
	return false
}

// buttons returns the enabled buttons labelled label.
func (r *rig) buttons(label string) []*widgets.Button {
	var out []*widgets.Button
	walk(r.w.Canvas().Content(), func(o fyne.CanvasObject) bool {
		if b, ok := o.(*widgets.Button); ok {
			if b.Label == label && !b.Disabled() {
				out = append(out, b)
			}
			return false
		}
		return true
	})
	return out
}

// tap taps the button labelled label, failing when there is not exactly
// one.
func (r *rig) tap(label string) {
	r.t.Helper()
	bs := r.buttons(label)
	if len(bs) != 1 {
		r.t.Fatalf("%d buttons labelled %q on %s; shown: %q", len(bs), label, r.sess.State(), r.texts())
	}
	test.Tap(bs[0])
}

// tapMsg taps the button labelled with a message in the session's language.
func (r *rig) tapMsg(key string) {
	r.t.Helper()
	r.tap(kiosk.Msg(r.sess.State().Lang, key))
}

// fields returns the input fields shown, in order.
func (r *rig) fields() []*widgets.Field {
	var out []*widgets.Field
	walk(r.w.Canvas().Content(), func(o fyne.CanvasObject) bool {
		if f, ok := o.(*widgets.Field); ok {
			out = append(out, f)
			return false
		}
		return true
	})
	return out
}

// pad returns the on-screen keyboard or keypad shown.
func (r *rig) pad() fyne.CanvasObject {
	r.t.Helper()
	var pad fyne.CanvasObject
	walk(r.w.Canvas().Content(), func(o fyne.CanvasObject) bool {
		switch o.(type) {
		case *widgets.Keyboard, *widgets.Keypad:
			if pad != nil {
				r.t.Fatalf("two pads shown")
			}
			pad = o
			return false
		}
		return true
	})
	if pad == nil {
		r.t.Fatalf("no keyboard or keypad shown on %s", r.sess.State())
	}
	return pad
}

// pressKeys taps the keys of the on-screen keyboard or keypad shown, one
// per rune of s.
func (r *rig) pressKeys(s string) {
	r.t.Helper()
	l := r.sess.State().Lang
	for _, ch := range s {
		label := string(ch)
		switch label {
		case widgets.ZWNJ:
			label = kiosk.Msg(l, "keyboard.zwnj")
		case " ":
			label = kiosk.Msg(l, "keyboard.space")
		}
		r.tapIn(r.pad(), label)
	}
}

func (r *rig) stage(want kiosk.Stage) kiosk.State {
	r.t.Helper()
	st := r.sess.State()
	if st.Stage != want {
		r.t.Fatalf("stage = %s, want %s (errors %v, submit error %q); shown: %q", st.Stage, want, st.Errors, st.SubmitError, r.texts())
	}
	return st
}

// startIn goes from the attract loop to the service grid in l.
func (r *rig) startIn(l kiosk.Lang) {
	r.t.Helper()
	test.TapCanvas(r.w.Canvas(), fyne.NewPos(windowSize.Width/2, windowSize.Height/2))
	r.stage(kiosk.StageLanguage)
	r.tap(kiosk.Msg(l, "language."+string(l)))
	r.stage(kiosk.StageServices)
}

// open goes from the service grid to the first step of a service.
func (r *rig) open(code string) {
	r.t.Helper()
	svc, ok := kiosk.DefaultCatalogue().Service(code)
	if !ok {
		r.t.Fatalf("no service %s", code)
	}
	r.tap(svc.Name.In(r.sess.State().Lang))
	r.stage(kiosk.StageIntro)
	r.tapMsg("intro.start")
	r.stage(kiosk.StageForm)
}

// tapIn taps the button labelled label inside root.
func (r *rig) tapIn(root fyne.CanvasObject, label string) {
	r.t.Helper()
	var found []*widgets.Button
	walk(root, func(o fyne.CanvasObject) bool {
		if b, ok := o.(*widgets.Button); ok {
			if b.Label == label && !b.Disabled() {
				found = append(found, b)
			}
			return false
		}
		return true
	})
	if len(found) != 1 {
		r.t.Fatalf("%d buttons labelled %q in %T", len(found), label, root)
	}
	test.Tap(found[0])
}

// find returns the first visible object of type T on the window.
func find[T fyne.CanvasObject](r *rig) T {
	r.t.Helper()
	var out T
	ok := false
	walk(r.w.Canvas().Content(), func(o fyne.CanvasObject) bool {
		if ok {
			return false
		}
		if x, is := o.(T); is {
			out, ok = x, true
			return false
		}
		return true
	})
	if !ok {
		r.t.Fatalf("no %T on %s", out, r.sess.State())
	}
	return out
}

// field returns the visible input field of the current step that answers
// id: fields appear in the order of the step's visible fields that take
// typed input.
func (r *rig) field(id string) *widgets.Field {
	r.t.Helper()
	st := r.sess.State()
	n := 0
	for _, f := range st.Service.Steps[st.Step].Fields {
		if !f.When.Holds(st.Answers) {
			continue
		}
		if f.ID == id {
			fs := r.fields()
			if n >= len(fs) {
				r.t.Fatalf("field %s: only %d fields shown", id, len(fs))
			}
			return fs[n]
		}
		if typedField(&f) {
			n++
		}
		if f.Type == kiosk.FieldPlate {
			n += 4 // a plate is entered as four fields
		}
	}
	r.t.Fatalf("no field %s on step %s", id, st.Service.Steps[st.Step].ID)
	return nil
}

func typedField(f *kiosk.Field) bool {
	switch f.Type {
	case kiosk.FieldText, kiosk.FieldLongText, kiosk.FieldEmail, kiosk.FieldNumber, kiosk.FieldAmount,
		kiosk.FieldNationalCode, kiosk.FieldMobile, kiosk.FieldPostalCode,
		kiosk.FieldPassport, kiosk.FieldCountry: // a country is found by letters typed
		return true
	}
	return false
}

// label returns the label of a choice of a field of the current service.
func (r *rig) choice(fieldID, value string) string {
	r.t.Helper()
	st := r.sess.State()
	f, ok := st.Service.Field(fieldID)
	if !ok {
		r.t.Fatalf("no field %s", fieldID)
	}
	for _, c := range f.Choices {
		if c.Value == value {
			return c.Label.In(st.Lang)
		}
	}
	r.t.Fatalf("field %s has no choice %s", fieldID, value)
	return ""
}

// typeFocused types s on a physical keyboard: into whatever has the
// window's focus, as the driver does.
func (r *rig) typeFocused(s string) {
	r.t.Helper()
	f := r.w.Canvas().Focused()
	if f == nil {
		r.t.Fatalf("nothing has the focus on %s", r.sess.State())
	}
	for _, ch := range s {
		f.TypedRune(ch)
	}
}

// objects returns every visible object on the window.
func (r *rig) objects() []fyne.CanvasObject {
	var out []fyne.CanvasObject
	walk(r.w.Canvas().Content(), func(o fyne.CanvasObject) bool {
		out = append(out, o)
		return true
	})
	return out
}

// count returns how many times s is shown.
func (r *rig) count(s string) int {
	n := 0
	for _, t := range r.texts() {
		if t == s {
			n++
		}
	}
	return n
}

// problems returns the entries of the error summary shown.
func (r *rig) problems() []*widgets.Link {
	var out []*widgets.Link
	walk(r.w.Canvas().Content(), func(o fyne.CanvasObject) bool {
		if l, ok := o.(*widgets.Link); ok {
			out = append(out, l)
			return false
		}
		return true
	})
	return out
}

// tapProblem taps the error summary's entry reading text.
func (r *rig) tapProblem(text string) {
	r.t.Helper()
	for _, l := range r.problems() {
		if l.Text == text {
			test.Tap(l)
			return
		}
	}
	r.t.Fatalf("no problem %q in the error summary; shown: %q", text, r.texts())
}
