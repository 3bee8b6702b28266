package screens_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/kiosk/filing"
	"github.com/pishkhan/pishkhan/kiosk/gate"
	"github.com/pishkhan/pishkhan/kiosk/kiosktest"
	"github.com/pishkhan/pishkhan/screens"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// techPIN is the technician PIN of these tests; its hash is made once.
const techPIN = "482913"

var techHash = sync.OnceValue(func() string {
	h, err := gate.HashPIN(techPIN)
	if err != nil {
		panic(err)
	}
	return h
})

// techClock is a kiosk.Clock the test moves by hand.
type techClock = kiosktest.Clock

type techOutbox struct{}

func (techOutbox) Enqueue(context.Context, kiosk.Submission) error { return nil }

// deskFake is a TechnicianDesk recording what the screen asked.
type deskFake struct {
	mu        sync.Mutex
	calls     []string
	kioskMode []bool
	SyncErr   error
	// NoPrinter reports a kiosk without a printer queue.
	NoPrinter bool
	// LastContact and OldestUnsent are reported as they are (zero: never
	// synced, nothing waiting).
	LastContact, OldestUnsent time.Time
}

func (d *deskFake) record(s string) {
	d.mu.Lock()
	d.calls = append(d.calls, s)
	d.mu.Unlock()
}

func (d *deskFake) Status(context.Context) config.DeviceStatus {
	d.record("status")
	d.mu.Lock()
	last, oldest := d.LastContact, d.OldestUnsent
	printer := &kiosk.PrinterStatus{State: kiosk.PrinterPaperLow, Detail: "media-low-warning"}
	if d.NoPrinter {
		printer = nil
	}
	d.mu.Unlock()
	return config.DeviceStatus{
		DeviceID: "IKA-T1-07", KioskNumber: 1207, Site: kiosk.Text{kiosk.Persian: "فرودگاه", kiosk.English: "Airport"},
		Mode: config.ModeKiosk, Version: "v1.4.2", Provisioned: true, CatalogueVersion: "cat-2025-08",
		BackOffice: config.BackOfficeStatus{Configured: true, Host: "crm.example.ir", Online: true, LastContact: last},
		Queue:      config.QueueStatus{Unsent: 3, Dead: 1, Total: 40, OldestUnsent: oldest},
		Printer:    printer,
		Disk:       config.DiskStatus{Free: 12 << 30, Total: 29 << 30},
	}
}

func (d *deskFake) SyncNow(context.Context) (config.SyncSummary, error) {
	d.record("sync")
	return config.SyncSummary{Sent: 3, Online: true}, d.SyncErr
}

func (d *deskFake) TestPrint(context.Context) error { d.record("print"); return nil }

func (d *deskFake) ReloadCatalogue(context.Context) (string, error) {
	d.record("reload")
	return "cat-2025-09", nil
}

func (d *deskFake) ExportTargets() []string {
	return []string{"/media/usb0", "/var/lib/pishkhan/diagnostics"}
}

func (d *deskFake) ExportDiagnostics(_ context.Context, dir string) (string, error) {
	d.record("export " + dir)
	return dir + "/pishkhan-diag-IKA-T1-07.tar.gz", nil
}

func (d *deskFake) SetKioskMode(on bool) error {
	d.mu.Lock()
	d.kioskMode = append(d.kioskMode, on)
	d.mu.Unlock()
	return nil
}

func (d *deskFake) called() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.calls...)
}

type auditRecorder struct {
	mu      sync.Mutex
	entries []gate.AuditEntry
}

func (a *auditRecorder) Record(e gate.AuditEntry) error {
	a.mu.Lock()
	a.entries = append(a.entries, e)
	a.mu.Unlock()
	return nil
}

func (a *auditRecorder) has(event gate.AuditEvent, action, outcome string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, e := range a.entries {
		if e.Event == event && e.Action == action && (outcome == "" || e.Outcome == outcome) {
			return true
		}
	}
	return false
}

// techRig is a kiosk UI with the technician's side over it.
type techRig struct {
	t     *testing.T
	clock *techClock
	sess  *kiosk.Session
	w     fyne.Window
	tech  *screens.Technician
	desk  *deskFake
	audit *auditRecorder
	gate  *gate.Gate
	// passed are the keys the technician passed on to the UI's handler.
	passed []fyne.KeyName
	// journeys are the sessions' journeys, as the appliance stores them.
	journeys []kiosk.Journey
}

func newTechRig(t *testing.T, edit func(*screens.TechnicianOptions)) *techRig {
	t.Helper()
	return newTechRigWith(t, screens.Options{}, edit)
}

// newTechRigWith is newTechRig on a UI with uiOpts (its clock and fonts
// are the rig's).
func newTechRigWith(t *testing.T, uiOpts screens.Options, edit func(*screens.TechnicianOptions)) *techRig {
	t.Helper()
	app := test.NewTempApp(t)
	r := &techRig{t: t, clock: kiosktest.NewClock(time.Date(2025, 8, 3, 9, 30, 0, 0, time.UTC)), desk: &deskFake{}, audit: &auditRecorder{}}
	is, err := kiosk.NewIssuer(42, r.clock, 0)
	if err != nil {
		t.Fatal(err)
	}
	r.sess, err = kiosk.NewSession(kiosk.SessionConfig{
		Catalogue: kiosk.DefaultCatalogue(), Clock: r.clock, Go: func(f func()) { f() },
		Filer:    &filing.Filer{Outbox: techOutbox{}, Issuer: is, Clock: r.clock, KioskID: "IKA-T1-07"},
		Journeys: func(j kiosk.Journey) { r.journeys = append(r.journeys, j) },
	})
	if err != nil {
		t.Fatal(err)
	}
	uiOpts.Clock, uiOpts.Fonts = r.clock, testFonts()
	ui := screens.New(r.sess, uiOpts)
	ui.ApplyTheme(app)
	r.w = test.NewTempWindow(t, ui.Content())
	r.w.Resize(fyne.NewSize(1280, 1024))
	// Stands for the UI's own key handler (D-pad navigation).
	r.w.Canvas().SetOnTypedKey(func(e *fyne.KeyEvent) { r.passed = append(r.passed, e.Name) })
	r.gate = gate.New(gate.Config{PINHash: techHash(), Clock: r.clock, Audit: r.audit})
	opts := screens.TechnicianOptions{
		Desk: r.desk, Gate: r.gate, Clock: r.clock, Lang: kiosk.English, KioskMode: true,
		Go: func(f func()) { f() }, DeviceID: "IKA-T1-07", Version: "v1.4.2", DataDir: "/var/lib/pishkhan",
	}
	if edit != nil {
		edit(&opts)
	}
	r.tech = screens.NewTechnician(ui, opts)
	r.tech.ShowIn(r.w)
	return r
}

func (r *techRig) texts() []string { return textsIn(r.w.Canvas().Content()) }

func (r *techRig) shows(s string) bool {
	for _, t := range r.texts() {
		if strings.Contains(t, s) {
			return true
		}
	}
	return false
}

// statusValue returns the value the status shows beside label, failing
// unless exactly one row has that label.
func (r *techRig) statusValue(label string) string {
	r.t.Helper()
	var values []string
	walk(r.w.Canvas().Content(), func(o fyne.CanvasObject) bool {
		c, ok := o.(*fyne.Container)
		if !ok {
			return true
		}
		if _, row := c.Layout.(*widgets.WeightedRow); !row || len(c.Objects) != 2 {
			return true
		}
		l, ok1 := c.Objects[0].(*widgets.Text)
		v, ok2 := c.Objects[1].(*widgets.Text)
		if ok1 && ok2 && l.Text() == label {
			values = append(values, v.Text())
			return false
		}
		return true
	})
	if len(values) != 1 {
		r.t.Fatalf("%d status rows labelled %q; shown %q", len(values), label, r.texts())
	}
	return values[0]
}

func (r *techRig) pad() *widgets.PinPad {
	var p *widgets.PinPad
	walk(r.w.Canvas().Content(), func(o fyne.CanvasObject) bool {
		if x, ok := o.(*widgets.PinPad); ok {
			p = x
			return false
		}
		return true
	})
	return p
}

func (r *techRig) button(label string) *widgets.Button {
	r.t.Helper()
	var found []*widgets.Button
	walk(r.w.Canvas().Content(), func(o fyne.CanvasObject) bool {
		if b, ok := o.(*widgets.Button); ok {
			if b.Label == label {
				found = append(found, b)
			}
			return false
		}
		return true
	})
	if len(found) != 1 {
		r.t.Fatalf("%d buttons labelled %q; shown %q", len(found), label, r.texts())
	}
	return found[0]
}

func (r *techRig) tap(key string) { r.t.Helper(); test.Tap(r.button(kiosk.Msg(kiosk.English, key))) }

// tapCorner taps the top-left corner of the window.
func (r *techRig) tapCorner() { test.TapCanvas(r.w.Canvas(), fyne.NewPos(12, 12)) }

func (r *techRig) key(name fyne.KeyName) { r.w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: name}) }

// typePIN taps the pad's keys for pin and enter.
func (r *techRig) typePIN(pin string) {
	r.t.Helper()
	p := r.pad()
	if p == nil {
		r.t.Fatalf("no PIN pad shown; shown %q", r.texts())
	}
	keys := p.Keys()
	for _, d := range pin {
		i := int(d - '1')
		if d == '0' {
			i = 10
		}
		test.Tap(keys[i])
	}
	test.Tap(keys[11])
}

func TestHiddenCornerOpensThePINPad(t *testing.T) {
	tests := []struct {
		name string
		gap  time.Duration
		taps int
		open bool
	}{
		{"five quick taps", 500 * time.Millisecond, 5, true},
		{"four taps", 500 * time.Millisecond, 4, false},
		{"five slow taps", 800 * time.Millisecond, 5, false}, // 3.2 s from first to last
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newTechRig(t, nil)
			for i := 0; i < tc.taps; i++ {
				r.tapCorner()
				r.clock.Add(tc.gap)
			}
			if r.tech.Open() != tc.open || (r.pad() != nil) != tc.open {
				t.Fatalf("open = %v, want %v", r.tech.Open(), tc.open)
			}
			if r.sess.State().Stage != kiosk.StageAttract {
				t.Errorf("taps in the corner started a session")
			}
		})
	}
}

func TestHiddenCornerOnlyOnTheAttractScreen(t *testing.T) {
	r := newTechRig(t, nil)
	// A tap elsewhere still starts a citizen's session.
	test.TapCanvas(r.w.Canvas(), fyne.NewPos(640, 512))
	if r.sess.State().Stage == kiosk.StageAttract {
		t.Fatal("a tap in the middle did not start a session")
	}
	for range 6 {
		r.tapCorner()
	}
	if r.tech.Open() {
		t.Fatal("the hidden entry opened during a citizen's session")
	}
	r.sess.Cancel()
	for range 5 {
		r.tapCorner()
	}
	if !r.tech.Open() {
		t.Fatal("back on the attract screen the entry does not open")
	}
}

func TestRemoteKeySequenceOpensThePINPad(t *testing.T) {
	r := newTechRig(t, nil)
	// A wrong key in the middle breaks the sequence; every key is passed
	// on to the UI.
	pressed := []fyne.KeyName{fyne.KeyUp, fyne.KeyUp, fyne.KeyDown, fyne.KeyReturn}
	pressed = append(pressed, screens.EntryKeys[3:]...)
	for _, k := range pressed {
		r.key(k)
	}
	if r.tech.Open() {
		t.Fatal("a sequence broken by a wrong key opened the pad")
	}
	if len(r.passed) != len(pressed) {
		t.Errorf("the UI got %d of the %d keys pressed", len(r.passed), len(pressed))
	}
	for _, k := range screens.EntryKeys {
		r.key(k)
		r.clock.Add(500 * time.Millisecond)
	}
	if !r.tech.Open() {
		t.Fatal("the key sequence did not open the PIN pad")
	}
	// Open, the technician's keys stay with it: Escape closes.
	passed := len(r.passed)
	r.key(fyne.KeyEscape)
	if r.tech.Open() || len(r.passed) != passed {
		t.Errorf("Escape: open %v, passed on %d keys", r.tech.Open(), len(r.passed)-passed)
	}
	// Too slow: more than six seconds for the eight keys.
	for _, k := range screens.EntryKeys {
		r.key(k)
		r.clock.Add(time.Second)
	}
	if r.tech.Open() {
		t.Error("a sequence over eight seconds opened the pad")
	}
}

func TestPINLockoutThroughThePad(t *testing.T) {
	r := newTechRig(t, nil)
	for range 5 {
		r.tapCorner()
	}
	for i := 1; i < gate.MaxPINAttempts; i++ {
		r.typePIN("111112")
		want := kiosk.Msgf(kiosk.English, "technician.pin.wrong", map[string]string{"left": string(rune('0' + gate.MaxPINAttempts - i))})
		if !r.shows(want) {
			t.Fatalf("after wrong PIN %d: shown %q, want %q", i, r.texts(), want)
		}
	}
	r.typePIN("111112")
	if !r.shows("Locked after wrong PINs. Try again in 30 s.") {
		t.Fatalf("fifth wrong PIN: shown %q", r.texts())
	}
	if !r.pad().Disabled() {
		t.Fatal("the pad takes digits while locked")
	}
	// The right PIN on a locked pad does nothing.
	r.typePIN(techPIN)
	if r.shows(kiosk.Msg(kiosk.English, "technician.title")) {
		t.Fatal("the locked pad let the right PIN in")
	}
	r.clock.Add(20 * time.Second)
	r.tech.Tick()
	if !r.shows("Try again in 10 s.") {
		t.Errorf("countdown: shown %q", r.texts())
	}
	r.clock.Add(10 * time.Second)
	r.tech.Tick()
	if r.pad().Disabled() {
		t.Fatal("the pad stays locked after the lock")
	}
	// One more wrong PIN locks again, for twice as long.
	r.typePIN("111112")
	if !r.shows("Try again in 60 s.") {
		t.Fatalf("wrong PIN after a lock: shown %q", r.texts())
	}
	r.clock.Add(time.Minute)
	r.tech.Tick()
	r.typePIN(techPIN)
	if !r.shows(kiosk.Msg(kiosk.English, "technician.title")) || !r.shows("IKA-T1-07, kiosk 1207") {
		t.Fatalf("the right PIN did not open the technician screen: %q", r.texts())
	}
	if !r.audit.has(gate.AuditPINRejected, "", "") || !r.audit.has(gate.AuditPINAccepted, "", "") {
		t.Errorf("audit %+v", r.audit.entries)
	}
}

func TestNoPINProvisioned(t *testing.T) {
	r := newTechRig(t, func(o *screens.TechnicianOptions) {
		o.Gate = gate.New(gate.Config{Clock: o.Clock})
	})
	for range 5 {
		r.tapCorner()
	}
	if !r.shows(kiosk.Msg(kiosk.English, "technician.pin.none")) || !r.pad().Disabled() {
		t.Errorf("without a PIN: shown %q", r.texts())
	}
}

func openPanel(t *testing.T, r *techRig) {
	t.Helper()
	for range 5 {
		r.tapCorner()
	}
	r.typePIN(techPIN)
	if !r.shows(kiosk.Msg(kiosk.English, "technician.title")) {
		t.Fatalf("technician screen not shown: %q", r.texts())
	}
}

func TestTechnicianStatusAndActions(t *testing.T) {
	r := newTechRig(t, nil)
	r.desk.LastContact = r.clock.Now().Add(-12 * time.Minute)
	r.desk.OldestUnsent = r.clock.Now().Add(-5*time.Hour - 20*time.Minute)
	openPanel(t, r)
	for label, want := range map[string]string{"technician.status.last_sync": "12 min ago", "technician.status.oldest": "5 h ago"} {
		if got := r.statusValue(kiosk.Msg(kiosk.English, label)); got != want {
			t.Errorf("%s: %q, want %q", kiosk.Msg(kiosk.English, label), got, want)
		}
	}
	for _, want := range []string{"IKA-T1-07, kiosk 1207", "v1.4.2", "crm.example.ir", kiosk.Msg(kiosk.English, "sync.online"),
		"3 waiting to be sent, 1 refused, 40 in all", "Printer paper low", "media-low-warning", "12.0 GB free of 29.0 GB", "cat-2025-08"} {
		if !r.shows(want) {
			t.Errorf("status lacks %q: %q", want, r.texts())
		}
	}
	r.tap("technician.action.sync")
	if !r.shows("Sync done: 3 sent, 0 to try again, 0 refused.") || !r.audit.has(gate.AuditAction, "sync-now", "ok") {
		t.Errorf("sync now: %q", r.texts())
	}
	r.desk.SyncErr = errors.New("back office refuses the api_key")
	r.tap("technician.action.sync")
	if !r.shows("Failed: back office refuses the api_key") || !r.audit.has(gate.AuditAction, "sync-now", "failed") {
		t.Errorf("failed sync: %q", r.texts())
	}
	r.tap("technician.action.test_print")
	r.tap("technician.action.reload")
	if !r.shows("Catalogue cat-2025-09 is ready; the kiosk restarts on it when this screen closes.") {
		t.Errorf("reload: %q", r.texts())
	}
	r.tap("technician.action.export")
	test.Tap(r.button("/media/usb0"))
	if !r.shows("Diagnostics saved: /media/usb0/pishkhan-diag-IKA-T1-07.tar.gz") {
		t.Errorf("export: %q", r.texts())
	}
	r.tap("technician.action.leave_kiosk")
	if !r.shows(kiosk.Msg(kiosk.English, "technician.result.kiosk_off")) {
		t.Errorf("leave kiosk mode: %q", r.texts())
	}
	r.button(kiosk.Msg(kiosk.English, "technician.action.enter_kiosk")) // the button now returns
	r.tap("technician.close")
	if r.tech.Open() {
		t.Fatal("close did not close")
	}
	calls := strings.Join(r.desk.called(), ",")
	for _, want := range []string{"sync", "print", "reload", "export /media/usb0"} {
		if !strings.Contains(calls, want) {
			t.Errorf("desk calls %s lack %s", calls, want)
		}
	}
	// Closing the screen puts the kiosk back in kiosk mode.
	if got := r.desk.kioskMode; len(got) != 2 || got[0] || !got[1] {
		t.Errorf("kiosk mode set %v, want [false true]", got)
	}
	for _, a := range []string{"test-print", "reload-catalogue", "export-diagnostics", "leave-kiosk-mode", "return-to-kiosk-mode", "close"} {
		if !r.audit.has(gate.AuditAction, a, "") {
			t.Errorf("no audit entry for %s", a)
		}
	}
}

func TestTechnicianScreenInPersian(t *testing.T) {
	r := newTechRig(t, func(o *screens.TechnicianOptions) { o.Lang = kiosk.Persian })
	for range 5 {
		r.tapCorner()
	}
	r.typePIN(techPIN)
	for _, want := range []string{kiosk.Msg(kiosk.Persian, "technician.title"), "IKA-T1-07، پیشخوان شماره ۱۲۰۷", "۱۲٫۰ گیگابایت آزاد از ۲۹٫۰ گیگابایت"} {
		if !r.shows(want) {
			t.Errorf("Persian screen lacks %q: %q", want, r.texts())
		}
	}
	test.Tap(r.button("English"))
	if !r.shows(kiosk.Msg(kiosk.English, "technician.title")) {
		t.Errorf("language switch: %q", r.texts())
	}
}

// TestTechnicianStatusSaysHowOld: the last successful sync and the
// oldest request still waiting read as ages, in the screen's language and
// digits, and say so when there was never a sync or nothing waits.
func TestTechnicianStatusSaysHowOld(t *testing.T) {
	tests := []struct {
		name                string
		lang                kiosk.Lang
		lastSync, oldest    time.Duration // ago; 0: none
		wantSync, wantOlder string
	}{
		{"minutes and hours", kiosk.English, 12 * time.Minute, 5*time.Hour + 20*time.Minute, "12 min ago", "5 h ago"},
		{"minutes and hours in Persian", kiosk.Persian, 12 * time.Minute, 5*time.Hour + 20*time.Minute, "۱۲ دقیقه پیش", "۵ ساعت پیش"},
		{"just now and days", kiosk.English, 20 * time.Second, 75 * time.Hour, "just now", "3 days ago"},
		{"just now and days in Persian", kiosk.Persian, 20 * time.Second, 75 * time.Hour, "همین حالا", "۳ روز پیش"},
		{"never synced, nothing waiting", kiosk.English, 0, 0, "Never", "None"},
		{"never synced, nothing waiting in Persian", kiosk.Persian, 0, 0, "هرگز", "ندارد"},
		{"a day and a half is hours", kiosk.Persian, 47 * time.Hour, 36 * time.Hour, "۴۷ ساعت پیش", "۳۶ ساعت پیش"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newTechRig(t, func(o *screens.TechnicianOptions) { o.Lang = tc.lang })
			if tc.lastSync > 0 {
				r.desk.LastContact = r.clock.Now().Add(-tc.lastSync)
			}
			if tc.oldest > 0 {
				r.desk.OldestUnsent = r.clock.Now().Add(-tc.oldest)
			}
			for range screens.EntryTaps {
				r.tapCorner()
			}
			r.typePIN(techPIN)
			if got := r.statusValue(kiosk.Msg(tc.lang, "technician.status.last_sync")); got != tc.wantSync {
				t.Errorf("last sync %q, want %q", got, tc.wantSync)
			}
			if got := r.statusValue(kiosk.Msg(tc.lang, "technician.status.oldest")); got != tc.wantOlder {
				t.Errorf("oldest unsent %q, want %q", got, tc.wantOlder)
			}
			// Online but never answered is not "connected".
			link := "sync.online"
			if tc.lastSync == 0 {
				link = "sync.not_yet"
			}
			if got, want := r.statusValue(kiosk.Msg(tc.lang, "technician.status.back_office")), kiosk.Msg(tc.lang, link); got != want {
				t.Errorf("back office %q, want %q", got, want)
			}
			// Four minutes on (the screen stays open five), the status
			// read again shows the sync older.
			if tc.lastSync > 0 && tc.lastSync < 30*time.Minute {
				r.clock.Add(4 * time.Minute)
				r.tech.Tick()
				want := kiosk.Msgf(tc.lang, "technician.age.minutes", map[string]string{"n": kiosk.LocalizeDigits(tc.lang, strconv.Itoa(int((tc.lastSync+4*time.Minute)/time.Minute)))})
				if got := r.statusValue(kiosk.Msg(tc.lang, "technician.status.last_sync")); got != want {
					t.Errorf("four minutes on, last sync %q, want %q", got, want)
				}
			}
		})
	}
}

func TestTechnicianScreenClosesWhenLeft(t *testing.T) {
	r := newTechRig(t, nil)
	openPanel(t, r)
	r.clock.Add(4 * time.Minute)
	r.tech.Tick()
	if !r.tech.Open() {
		t.Fatal("closed before five minutes")
	}
	r.clock.Add(time.Minute)
	r.tech.Tick()
	if r.tech.Open() || !r.audit.has(gate.AuditAction, "close", "") {
		t.Fatal("still open after five minutes without input")
	}
	// The PIN pad alone closes after a minute.
	for range 5 {
		r.tapCorner()
	}
	r.clock.Add(time.Minute)
	r.tech.Tick()
	if r.tech.Open() {
		t.Error("the PIN pad stays open")
	}
}

func TestTechnicianKeysMoveTheFocus(t *testing.T) {
	r := newTechRig(t, nil)
	for _, k := range screens.EntryKeys {
		r.key(k)
	}
	p := r.pad()
	if f := r.w.Canvas().Focused(); f != p.Keys()[4] {
		t.Fatalf("the pad opens with %v focused, want 5", f)
	}
	r.key(fyne.KeyUp)    // 2
	r.key(fyne.KeyRight) // 3
	if f := r.w.Canvas().Focused(); f != p.Keys()[2] {
		t.Errorf("Up, Right from 5 focus %v, want 3", f)
	}
	// Digits from the remote go into the pad; OK submits.
	for _, d := range techPIN {
		r.w.Canvas().OnTypedRune()(d)
	}
	r.key(fyne.KeyReturn)
	if !r.shows(kiosk.Msg(kiosk.English, "technician.title")) {
		t.Fatalf("PIN typed on a remote: %q", r.texts())
	}
}

func TestUnprovisionedDeviceBlocksTheCitizensPath(t *testing.T) {
	r := newTechRig(t, func(o *screens.TechnicianOptions) { o.Unprovisioned, o.Blocked = true, true })
	for _, want := range []string{kiosk.Msg(kiosk.Persian, "unprovisioned.title"), kiosk.Msg(kiosk.English, "unprovisioned.title"),
		"kioskctl provision -data /var/lib/pishkhan --file SITE.yaml --device-id ID", "kioskctl doctor -data /var/lib/pishkhan",
		"Device IKA-T1-07, version v1.4.2"} {
		if !r.shows(want) {
			t.Errorf("not-provisioned screen lacks %q: %q", want, r.texts())
		}
	}
	if r.shows(kiosk.Msg(kiosk.English, "attract.touch")) {
		t.Error("the attract screen shows on an unprovisioned device")
	}
	test.TapCanvas(r.w.Canvas(), fyne.NewPos(640, 512))
	r.key(fyne.KeyReturn)
	if r.sess.State().Stage != kiosk.StageAttract || len(r.passed) != 0 {
		t.Errorf("the citizen's path is reachable: stage %s, keys passed %v", r.sess.State().Stage, r.passed)
	}
	for range 5 {
		r.tapCorner()
	}
	if r.pad() == nil {
		t.Error("the hidden entry does not open on the not-provisioned screen")
	}
}

func TestDemoNoticeOnAnUnprovisionedDevice(t *testing.T) {
	r := newTechRig(t, func(o *screens.TechnicianOptions) { o.Unprovisioned = true })
	demo := kiosk.Msg(kiosk.English, "unprovisioned.demo")
	if !r.shows(demo) || !r.shows(kiosk.Msg(kiosk.Persian, "unprovisioned.demo")) {
		t.Fatalf("no demo notice on the attract screen: %q", r.texts())
	}
	test.TapCanvas(r.w.Canvas(), fyne.NewPos(640, 512))
	if r.sess.State().Stage == kiosk.StageAttract {
		t.Fatal("the notice keeps the session from starting")
	}
	if r.shows(demo) {
		t.Error("the demo notice stays on a citizen's screens")
	}
}

// press delivers a key as the window's driver does: to the focused
// control, else to the canvas.
func press(w fyne.Window, name fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: name}
	if f := w.Canvas().Focused(); f != nil {
		f.TypedKey(ev)
		return
	}
	w.Canvas().OnTypedKey()(ev)
}

func TestRemoteSequenceThroughTheNavigatorOnATV(t *testing.T) {
	app := test.NewTempApp(t)
	clock := kiosktest.NewClock(time.Date(2025, 8, 3, 9, 30, 0, 0, time.UTC))
	is, _ := kiosk.NewIssuer(42, clock, 0)
	sess, err := kiosk.NewSession(kiosk.SessionConfig{Catalogue: kiosk.DefaultCatalogue(), Filer: &filing.Filer{Outbox: techOutbox{}, Issuer: is, Clock: clock},
		Clock: clock, Go: func(f func()) { f() }})
	if err != nil {
		t.Fatal(err)
	}
	ui := screens.New(sess, screens.Options{Mode: config.ModeTV, Clock: clock, Fonts: testFonts()})
	ui.ApplyTheme(app)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1920, 1080))
	ui.ShowIn(w)
	g := gate.New(gate.Config{PINHash: techHash(), Clock: clock})
	tech := screens.NewTechnician(ui, screens.TechnicianOptions{Desk: &deskFake{}, Gate: g, Clock: clock,
		Lang: kiosk.English, Go: func(f func()) { f() }})
	tech.ShowIn(w)

	for _, k := range screens.EntryKeys {
		press(w, k)
	}
	if !tech.Open() {
		t.Fatalf("the remote's sequence, through the TV's focused start button, did not open the PIN pad (focus %T)", w.Canvas().Focused())
	}
	if sess.State().Stage != kiosk.StageAttract {
		t.Errorf("the sequence moved the citizen's session to %s", sess.State().Stage)
	}
	for _, d := range techPIN {
		w.Canvas().OnTypedRune()(d)
	}
	press(w, fyne.KeyReturn)
	press(w, fyne.KeyEscape) // closes the technician screen
	if tech.Open() {
		t.Error("Back did not close the technician screen")
	}
	// Closed, OK is the navigator's again: it starts a session.
	press(w, fyne.KeyReturn)
	if sess.State().Stage == kiosk.StageAttract {
		t.Error("after the technician left, OK no longer starts a session")
	}
}

// TestTechnicianMarksTheNextCitizenAssisted: staff about to help a
// citizen say so on the desk; the next session's journey is recorded as
// assisted, and only that one.
func TestTechnicianMarksTheNextCitizenAssisted(t *testing.T) {
	r := newTechRig(t, nil)
	for range screens.EntryTaps {
		r.tapCorner()
	}
	r.typePIN(techPIN)
	r.tap("technician.action.assist")
	if !r.shows(kiosk.Msg(kiosk.English, "technician.result.assist")) || !r.audit.has(gate.AuditAction, "assist-next", "ok") {
		t.Fatalf("after marking: %q", r.texts())
	}
	r.tap("technician.close")
	for range 2 {
		r.sess.Start()
		r.sess.ChooseLanguage(kiosk.Persian)
		r.sess.Cancel()
	}
	if len(r.journeys) != 2 || !r.journeys[0].Assisted || r.journeys[1].Assisted {
		t.Fatalf("journeys %+v: want the first assisted, the second not", r.journeys)
	}
}

// TestDemoNoticeLeavesTheAttractScreenClear checks, on a 1280×800 kiosk
// running on defaults that offers speech (what `make run` shows on a
// fresh machine), that the demonstration notice at the foot does not
// cover the attract screen's lines; it once covered the audio-only line.
func TestDemoNoticeLeavesTheAttractScreenClear(t *testing.T) {
	r := newTechRigWith(t, screens.Options{SpeechOffered: true}, func(o *screens.TechnicianOptions) { o.Unprovisioned = true })
	r.w.Resize(fyne.NewSize(1280, 800))
	demo := map[string]bool{}
	for _, l := range kiosk.Languages {
		demo[kiosk.Msg(l, "unprovisioned.demo")] = true
	}
	type line struct {
		text        string
		top, bottom float32
	}
	var notice, screen []line
	walk(r.w.Canvas().Content(), func(o fyne.CanvasObject) bool {
		if !o.Visible() {
			return false
		}
		txt, ok := o.(*widgets.Text)
		if !ok {
			return true
		}
		if txt.Text() == "" {
			return false
		}
		p := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
		l := line{txt.Text(), p.Y, p.Y + o.Size().Height}
		if demo[l.text] {
			notice = append(notice, l)
		} else {
			screen = append(screen, l)
		}
		return false
	})
	if len(notice) != len(kiosk.Languages) || !slices.ContainsFunc(screen, func(l line) bool { return l.text == kiosk.Msg(kiosk.English, "audio.attract.shown") }) {
		t.Fatalf("want the notice in every language and the audio-only line; notice %v, screen %v", notice, screen)
	}
	for _, n := range notice {
		if n.bottom > 800 {
			t.Errorf("notice %q ends at %.0f, below the 800-pixel screen", n.text, n.bottom)
		}
		for _, s := range screen {
			if overlap(n.top, n.bottom, s.top, s.bottom) {
				t.Errorf("notice %q (%.0f–%.0f) covers %q (%.0f–%.0f)", n.text, n.top, n.bottom, s.text, s.top, s.bottom)
			}
		}
	}
}
