package screens

import (
	"context"
	"errors"
	"image/color"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/kiosk/gate"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// TechnicianDesk is what the technician screen asks of the appliance.
// Every call may take time (the network, the printer): the screen makes
// them away from the UI thread.
type TechnicianDesk interface {
	// Status reads the device's state.
	Status(ctx context.Context) config.DeviceStatus
	// SyncNow runs one sync pass, ignoring backoffs.
	SyncNow(ctx context.Context) (config.SyncSummary, error)
	// TestPrint prints a test receipt (kiosk.TestReceipt).
	TestPrint(ctx context.Context) error
	// ReloadCatalogue fetches the catalogue again and, when it is valid,
	// restarts the kiosk on it; it returns the new catalogue's version
	// before the restart.
	ReloadCatalogue(ctx context.Context) (string, error)
	// ExportTargets lists the folders a diagnostics bundle may go to:
	// removable drives first, then the data directory's own folder.
	ExportTargets() []string
	// ExportDiagnostics writes a bundle without personal data into dir
	// and returns its path.
	ExportDiagnostics(ctx context.Context, dir string) (string, error)
	// SetKioskMode turns kiosk mode (full screen, window close refused,
	// no screen blanking) on or off.
	SetKioskMode(on bool) error
}

// TechnicianOptions configure the technician's side of the screens.
type TechnicianOptions struct {
	Desk TechnicianDesk
	// Gate checks the PIN, locks out and audits.
	Gate  *gate.Gate
	Clock kiosk.Clock
	// Lang is the language the technician screens open in.
	Lang kiosk.Lang
	// Unprovisioned says the device runs on defaults. With Blocked it
	// shows the "not provisioned" screen instead of the citizen's path;
	// without, a notice on the attract screen says it is a demo.
	Unprovisioned, Blocked bool
	// DeviceID, Version and DataDir fill the "not provisioned" screen.
	DeviceID, Version, DataDir string
	// KioskMode is whether the window starts in kiosk mode.
	KioskMode bool
	// Go runs background work (the desk's calls); nil uses goroutines.
	// Tests run it inline.
	Go func(func())
	// IdleClose closes the technician screen after that long without
	// input (default 5 minutes); the PIN pad closes after a minute.
	IdleClose time.Duration
}

// The hidden entry to the technician screen, documented in
// docs/technician.md: five taps in the top-left corner of the attract
// screen within three seconds, or on a remote (or keyboard) the arrows
// Up Up Down Down Left Right Left Right within six seconds.
const (
	EntryTaps       = 5
	EntryTapsWithin = 3 * time.Second
	EntryKeysWithin = 6 * time.Second
)

// EntryKeys is the key sequence that opens the technician's PIN pad.
var EntryKeys = []fyne.KeyName{fyne.KeyUp, fyne.KeyUp, fyne.KeyDown, fyne.KeyDown, fyne.KeyLeft, fyne.KeyRight, fyne.KeyLeft, fyne.KeyRight}

// Technician puts the technician's hidden entry, PIN pad and screen over
// a kiosk UI, and the "not provisioned" screen in its place when the
// device must not serve citizens yet.
type Technician struct {
	u    *UI
	opts TechnicianOptions

	root   *fyne.Container
	corner *surface // the hidden entry's invisible target
	demo   fyne.CanvasObject
	layer  *fyne.Container

	canvas   fyne.Canvas
	prevKey  func(*fyne.KeyEvent)
	prevRune func(rune)

	// noPrinter is what the last status said: no printer queue, so a
	// test receipt is only filed.
	noPrinter bool

	taps []time.Time
	keys []keyPress

	view techView
	// keyed is set when the technician uses keys (a remote): only then
	// do the screens open with a focused control.
	keyed     bool
	lang      kiosk.Lang
	lastInput time.Time
	kioskMode bool
	busy      bool

	pad       *widgets.PinPad
	pinMsg    *widgets.Text
	result    *widgets.Text
	rows      *fyne.Container
	actions   []*widgets.Button
	kioskBtn  *widgets.Button
	focusable []fyne.Focusable
	columns   int // of the focusables laid out in a grid (the PIN pad)
	// before is what had the focus when the entry opened, to give it back.
	before   fyne.Focusable
	statusAt time.Time
}

type techView int

const (
	viewClosed techView = iota
	viewPIN
	viewPanel
	viewExport
)

type keyPress struct {
	name fyne.KeyName
	at   time.Time
}

// NewTechnician returns the technician's side of u.
func NewTechnician(u *UI, opts TechnicianOptions) *Technician {
	if opts.Clock == nil {
		opts.Clock = kiosk.SystemClock{}
	}
	if opts.Go == nil {
		opts.Go = func(f func()) { go f() }
	}
	if opts.IdleClose <= 0 {
		opts.IdleClose = 5 * time.Minute
	}
	if opts.Lang == "" {
		opts.Lang = kiosk.Persian
	}
	if opts.Gate == nil {
		opts.Gate = gate.New(gate.Config{Clock: opts.Clock})
	}
	t := &Technician{u: u, opts: opts, lang: opts.Lang, kioskMode: opts.KioskMode}
	t.corner = newSurface(color.Transparent, t.cornerTapped)
	t.layer = container.NewStack()
	t.layer.Hide()
	if opts.Unprovisioned && !opts.Blocked {
		t.demo = t.u.demoNotice()
	} else {
		t.demo = layout.NewSpacer()
	}
	u.sess.Subscribe(func() { fyne.Do(t.stageChanged) })
	return t
}

// ShowIn puts the technician's layers over what w shows (the kiosk UI,
// whose Content it takes when w shows nothing yet) and takes w's keys,
// passing on those it does not use while its screens are closed. Call it
// after the UI took the window.
func (t *Technician) ShowIn(w fyne.Window) {
	base := w.Content()
	if base == nil {
		base = t.u.Content()
	}
	if t.opts.Blocked {
		base = t.u.unprovisionedScreen(t.opts)
	}
	t.root = container.NewStack(base, t.demo, container.New(cornerLayout{}, t.corner), t.layer)
	w.SetContent(t.root)
	c := w.Canvas()
	t.canvas = c
	t.prevKey, t.prevRune = c.OnTypedKey(), c.OnTypedRune()
	c.SetOnTypedKey(t.typedKey)
	c.SetOnTypedRune(t.typedRune)
	t.stageChanged()
}

// Open reports whether a technician screen (PIN pad included) is shown.
func (t *Technician) Open() bool { return t.view != viewClosed }

// entryOpen reports whether the hidden entry listens: on the attract
// screen, or the "not provisioned" one. Never in a citizen's session.
func (t *Technician) entryOpen() bool {
	return t.view == viewClosed && (t.opts.Blocked || t.u.sess.State().Stage == kiosk.StageAttract)
}

func (t *Technician) stageChanged() {
	if t.entryOpen() {
		t.corner.Show()
	} else {
		t.corner.Hide()
		t.taps = t.taps[:0]
	}
	if t.opts.Unprovisioned && !t.opts.Blocked {
		if t.u.sess.State().Stage == kiosk.StageAttract {
			t.demo.Show()
		} else {
			t.demo.Hide()
		}
	}
}

// cornerTapped counts taps in the corner.
func (t *Technician) cornerTapped() {
	if !t.entryOpen() {
		return
	}
	now := t.opts.Clock.Now()
	kept := t.taps[:0]
	for _, at := range t.taps {
		if now.Sub(at) < EntryTapsWithin {
			kept = append(kept, at)
		}
	}
	t.taps = append(kept, now)
	if len(t.taps) >= EntryTaps {
		t.taps = t.taps[:0]
		t.openPIN()
	}
}

// entryKey follows the remote's key sequence; it reports whether the
// sequence is complete.
func (t *Technician) entryKey(name fyne.KeyName) bool {
	if !t.entryOpen() {
		t.keys = t.keys[:0]
		return false
	}
	now := t.opts.Clock.Now()
	t.keys = append(t.keys, keyPress{name, now})
	// Keep the longest tail that is a prefix of the sequence.
	for len(t.keys) > 0 {
		ok := len(t.keys) <= len(EntryKeys) && now.Sub(t.keys[0].at) < EntryKeysWithin
		for i := 0; ok && i < len(t.keys); i++ {
			ok = t.keys[i].name == EntryKeys[i]
		}
		if ok {
			break
		}
		t.keys = t.keys[1:]
	}
	if len(t.keys) == len(EntryKeys) {
		t.keys = t.keys[:0]
		return true
	}
	return false
}

// typedKey is the window's key handler while the technician is around.
func (t *Technician) typedKey(e *fyne.KeyEvent) {
	if t.view == viewClosed {
		if t.entryKey(e.Name) {
			t.keyed = true
			t.openPIN()
			return
		}
		if !t.opts.Blocked && t.prevKey != nil {
			t.prevKey(e)
		}
		return
	}
	t.touch()
	t.keyed = true
	switch e.Name {
	case fyne.KeyEscape, fyne.KeyBackspace:
		switch {
		case t.view == viewPIN && t.pad.Len() > 0:
			t.pad.Backspace()
		case t.view == viewExport:
			t.showPanel()
		default:
			t.close("technician")
		}
	case fyne.KeyUp, fyne.KeyDown, fyne.KeyLeft, fyne.KeyRight:
		t.moveFocus(e.Name)
	case fyne.KeyReturn, fyne.KeyEnter:
		if t.view == viewPIN {
			t.pad.Submit()
		} else if t.canvas != nil && t.canvas.Focused() == nil && len(t.focusable) > 0 {
			t.canvas.Focus(t.focusable[0])
		}
	}
}

func (t *Technician) typedRune(r rune) {
	if t.view == viewClosed {
		if !t.opts.Blocked && t.prevRune != nil {
			t.prevRune(r)
		}
		return
	}
	t.touch()
	if t.view == viewPIN {
		t.pad.TypeDigit(r)
		// Digits came from number keys: OK now means enter, not the key
		// the arrows were on.
		if t.canvas != nil && !t.pad.Disabled() {
			t.canvas.Focus(t.pad.Keys()[11])
		}
	}
}

// moveFocus moves the focus among the open screen's controls: along the
// list for Left and Right (mirrored in Persian), by a row of the PIN pad
// for Up and Down.
func (t *Technician) moveFocus(k fyne.KeyName) {
	if t.canvas == nil || len(t.focusable) == 0 {
		return
	}
	cur := -1
	for i, f := range t.focusable {
		if f == t.canvas.Focused() {
			cur = i
		}
	}
	step := 1
	if t.columns > 0 {
		step = t.columns
	}
	var d int
	switch k {
	case fyne.KeyUp:
		d = -step
	case fyne.KeyDown:
		d = step
	case fyne.KeyLeft:
		d = -1
	case fyne.KeyRight:
		d = 1
	}
	if t.lang.RTL() && t.columns == 0 && (k == fyne.KeyLeft || k == fyne.KeyRight) {
		d = -d
	}
	next := 0
	if cur >= 0 {
		next = min(max(cur+d, 0), len(t.focusable)-1)
	}
	t.canvas.Focus(t.focusable[next])
}

// focusFirst focuses f when the technician uses keys.
func (t *Technician) focusFirst(f fyne.Focusable) {
	if t.keyed && t.canvas != nil {
		t.canvas.Focus(f)
	}
}

func (t *Technician) touch() { t.lastInput = t.opts.Clock.Now() }

// Tick lets the technician's screens look at the clock: the lockout
// countdown, closing after inactivity, the status shown. cmd/kiosk calls
// it about once a second, from any goroutine.
func (t *Technician) Tick() { fyne.Do(t.tick) }

func (t *Technician) tick() {
	if t.view == viewClosed {
		return
	}
	now := t.opts.Clock.Now()
	limit := t.opts.IdleClose
	if t.view == viewPIN {
		limit = time.Minute
		// Waiting out a lock is not leaving: the minute starts when the
		// lock ends.
		if left := t.opts.Gate.LockedFor(); left > 0 {
			t.lastInput = now.Add(left)
		} else if until := t.opts.Gate.State().LockedUntil; until.After(t.lastInput) && !until.After(now) {
			t.lastInput = until
		}
	}
	if now.Sub(t.lastInput) >= limit {
		t.close("idle")
		return
	}
	switch t.view {
	case viewPIN:
		t.showLock()
	case viewPanel:
		if !t.busy && now.Sub(t.statusAt) >= 5*time.Second {
			t.refreshStatus()
		}
	}
}

// openPIN shows the PIN pad.
func (t *Technician) openPIN() {
	if t.canvas != nil {
		t.before = t.canvas.Focused()
	}
	t.view = viewPIN
	t.corner.Hide()
	t.touch()
	l := t.lang
	t.pad = widgets.NewPinPad(t.u.opts.Fonts, labels(l), digitsIn(l), t.submitPIN)
	t.pad.Accept = acceptDigit
	t.pad.MaxLen = gate.MaxPINLength
	t.pad.OnChange = t.touch
	t.pinMsg = t.u.text(l, kiosk.Msg(l, "technician.pin.prompt"), widgets.Style{Wrap: true, Align: widgets.AlignCenter})
	cancel := t.u.button(l, "technician.cancel", widgets.ImportanceLow, func() { t.close("technician") })
	panel := card(container.NewVBox(
		t.u.text(l, kiosk.Msg(l, "technician.pin.title"), widgets.Style{Size: theme.SizeNameHeadingText, Bold: true, Align: widgets.AlignCenter}),
		t.pinMsg,
		container.NewCenter(minWidth(t.pad, span(5))),
		container.NewCenter(cancel),
	))
	t.setLayer(container.NewCenter(minWidth(panel, span(7))))
	t.focusable = nil
	for _, k := range t.pad.Keys() {
		t.focusable = append(t.focusable, k)
	}
	t.focusable = append(t.focusable, cancel)
	t.columns = 3
	t.focusFirst(t.pad.Keys()[4]) // 5, the middle of the pad
	switch {
	case !t.opts.Gate.HasPIN():
		t.pad.SetDisabled(true)
		t.setPinMsg(kiosk.Msg(l, "technician.pin.none"))
	default:
		t.showLock()
	}
}

// setPinMsg says something above the pad and lays the card out again
// for its new height.
func (t *Technician) setPinMsg(m string) {
	t.pinMsg.SetText(m)
	t.layer.Refresh()
}

// showLock disables the pad while the entry is locked, with the time
// left, and enables it again after.
func (t *Technician) showLock() {
	if t.view != viewPIN || !t.opts.Gate.HasPIN() {
		return
	}
	left := t.opts.Gate.LockedFor()
	if left > 0 {
		t.pad.SetDisabled(true)
		t.setPinMsg(kiosk.Msgf(t.lang, "technician.pin.locked", map[string]string{"time": durationText(t.lang, left)}))
		return
	}
	if t.pad.Disabled() {
		t.pad.SetDisabled(false)
		t.setPinMsg(kiosk.Msg(t.lang, "technician.pin.prompt"))
	}
}

// submitPIN checks a PIN away from the UI thread: argon2 takes tens of
// milliseconds.
func (t *Technician) submitPIN(pin string) {
	t.touch()
	t.pad.SetDisabled(true)
	t.opts.Go(func() {
		err := t.opts.Gate.Unlock(pin)
		fyne.Do(func() { t.pinChecked(err) })
	})
}

func (t *Technician) pinChecked(err error) {
	if t.view != viewPIN {
		return
	}
	l := t.lang
	var locked *gate.LockedOutError
	switch {
	case err == nil:
		t.showPanel()
		return
	case errors.As(err, &locked):
		t.showLock()
		return
	case errors.Is(err, gate.ErrWrongPIN):
		left := gate.MaxPINAttempts - t.opts.Gate.State().Failures
		t.pad.SetDisabled(false)
		t.setPinMsg(kiosk.Msgf(l, "technician.pin.wrong", map[string]string{"left": kiosk.LocalizeDigits(l, strconv.Itoa(max(left, 1)))}))
	case errors.Is(err, gate.ErrNoPIN):
		t.setPinMsg(kiosk.Msg(l, "technician.pin.none"))
	default:
		t.setPinMsg(kiosk.Msg(l, "technician.pin.broken"))
	}
}

// showPanel shows the technician screen: the device's status and the
// actions.
func (t *Technician) showPanel() {
	t.view = viewPanel
	t.touch()
	l := t.lang
	title := t.u.text(l, kiosk.Msg(l, "technician.title"), widgets.Style{Size: theme.SizeNameHeadingText, Bold: true})
	langBtn := t.u.newButton(kiosk.Msg(l, "technician.other_language"), widgets.DirAuto, t.switchLanguage)
	closeBtn := t.u.button(l, "technician.close", widgets.ImportanceLow, func() { t.close("technician") })
	closeBtn.Icon = theme.CancelIcon()
	header := widgets.NewBorder(l.RTL(), nil, nil, nil, widgets.NewHBox(l.RTL(), langBtn, closeBtn), title)

	t.rows = container.NewVBox(t.u.text(l, kiosk.Msg(l, "technician.status.loading"), widgets.Style{}))
	t.result = t.u.text(l, "", widgets.Style{Wrap: true, Bold: true})

	t.actions = nil
	action := func(key string, do func()) *widgets.Button {
		b := t.u.button(l, key, widgets.ImportanceMedium, do)
		t.actions = append(t.actions, b)
		return b
	}
	sync := action("technician.action.sync", t.syncNow)
	testPrint := action("technician.action.test_print", t.testPrint)
	reload := action("technician.action.reload", t.reloadCatalogue)
	export := action("technician.action.export", t.showExport)
	assist := action("technician.action.assist", t.assistNext)
	kioskKey := "technician.action.leave_kiosk"
	if !t.kioskMode {
		kioskKey = "technician.action.enter_kiosk"
	}
	t.kioskBtn = action(kioskKey, t.toggleKioskMode)
	buttons := container.NewGridWithColumns(1, sync, testPrint, reload, export, assist, t.kioskBtn)

	body := container.New(&widgets.WeightedRow{RTL: l.RTL(), Weights: []float32{3, 2}, Units: 5},
		widgets.NewVScroll(t.rows), container.NewVBox(buttons, t.result))
	bar := canvas.NewRectangle(theme.Color(theme.ColorNamePrimary))
	bar.SetMinSize(fyne.NewSize(0, theme.Padding()))
	screen := margins(container.NewBorder(container.NewVBox(header, bar), nil, nil, nil, body))
	t.setLayer(screen)
	t.focusable = []fyne.Focusable{sync, testPrint, reload, export, assist, t.kioskBtn, langBtn, closeBtn}
	t.columns = 0
	t.focusFirst(sync)
	t.refreshStatus()
}

func (t *Technician) switchLanguage() {
	if t.lang == kiosk.Persian {
		t.lang = kiosk.English
	} else {
		t.lang = kiosk.Persian
	}
	t.showPanel()
}

// setLayer shows obj over everything, on an opaque background that takes
// every tap: nothing of the citizen's screens can be reached.
func (t *Technician) setLayer(obj fyne.CanvasObject) {
	bg := newSurface(theme.Color(theme.ColorNameBackground), t.touch)
	t.layer.Objects = []fyne.CanvasObject{bg, obj}
	t.layer.Show()
	t.layer.Refresh()
}

// refreshStatus reads the status in the background.
func (t *Technician) refreshStatus() {
	t.statusAt = t.opts.Clock.Now()
	t.opts.Go(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		st := t.opts.Desk.Status(ctx)
		cancel()
		fyne.Do(func() {
			if t.view == viewPanel {
				t.showStatus(st)
			}
		})
	})
}

// showStatus fills the status rows.
func (t *Technician) showStatus(st config.DeviceStatus) {
	l := t.lang
	now := t.opts.Clock.Now()
	num := func(n int) string { return kiosk.LocalizeDigits(l, strconv.Itoa(n)) }
	type statusRow struct {
		label, value string
		// data is shown left to right: hosts, versions, printer details.
		data bool
	}
	var rows []statusRow
	row := func(key, value string) { rows = append(rows, statusRow{label: kiosk.Msg(l, key), value: value}) }
	data := func(key, value string) {
		rows = append(rows, statusRow{label: kiosk.Msg(l, key), value: value, data: true})
	}
	row("technician.status.device", kiosk.Msgf(l, "technician.status.device_value", map[string]string{"id": st.DeviceID, "number": num(st.KioskNumber)}))
	row("technician.status.site", st.Site.In(l))
	data("technician.status.version", st.Version)
	if st.Provisioned {
		row("technician.status.provisioning", kiosk.Msg(l, "technician.status.provisioned"))
	} else {
		row("technician.status.provisioning", kiosk.Msg(l, "technician.status.not_provisioned"))
	}
	bo := st.BackOffice
	switch {
	case !bo.Configured:
		row("technician.status.back_office", kiosk.Msg(l, "sync.no_back_office"))
	case bo.AuthFailed:
		row("technician.status.back_office", kiosk.Msg(l, "sync.auth_failed"))
	case !bo.Online:
		row("technician.status.back_office", kiosk.Msg(l, "sync.offline"))
	case bo.LastContact.IsZero():
		// No answer yet, good or bad: the link is not known to work.
		row("technician.status.back_office", kiosk.Msg(l, "sync.not_yet"))
	default:
		row("technician.status.back_office", kiosk.Msg(l, "sync.online"))
	}
	if bo.Configured {
		data("technician.status.host", bo.Host)
		if bo.LastError != "" && !bo.Online {
			data("technician.status.error", bo.LastError)
		}
	}
	if bo.Configured {
		last := kiosk.Msg(l, "technician.status.never")
		if !bo.LastContact.IsZero() {
			last = ageText(l, now.Sub(bo.LastContact))
		}
		row("technician.status.last_sync", last)
	}
	q := st.Queue
	row("technician.status.queue", kiosk.Msgf(l, "technician.status.queue_value", map[string]string{"unsent": num(q.Unsent), "dead": num(q.Dead), "total": num(q.Total)}))
	oldest := kiosk.Msg(l, "technician.status.none")
	if !q.OldestUnsent.IsZero() {
		oldest = ageText(l, now.Sub(q.OldestUnsent))
	}
	row("technician.status.oldest", oldest)
	t.noPrinter = st.Printer == nil
	if st.Printer == nil {
		row("technician.status.printer", kiosk.Msg(l, "technician.status.no_printer"))
	} else {
		row("technician.status.printer", kiosk.Msg(l, printerStateKey(st.Printer.State)))
		if st.Printer.Detail != "" {
			data("technician.status.printer_detail", st.Printer.Detail)
		}
	}
	row("technician.status.disk", kiosk.Msgf(l, "technician.status.disk_value", map[string]string{"free": sizeText(l, st.Disk.Free), "total": sizeText(l, st.Disk.Total)}))
	data("technician.status.catalogue", st.CatalogueVersion)

	t.rows.Objects = nil
	for _, r := range rows {
		value := t.u.text(l, r.value, widgets.Style{Wrap: true})
		if r.data {
			value = t.u.newText(r.value, widgets.Style{Wrap: true, Dir: widgets.DirLTR, Align: widgets.AlignEnd})
			if !l.RTL() {
				value.SetStyle(widgets.Style{Wrap: true, Dir: widgets.DirLTR})
			}
		}
		// Label and value in two columns, mirrored in Persian.
		t.rows.Add(container.New(&widgets.WeightedRow{RTL: l.RTL(), Weights: []float32{2, 3}, Units: 5},
			t.u.text(l, r.label, widgets.Style{Bold: true, Wrap: true}), value))
	}
	t.rows.Refresh()
}

// printerStateKey is the message key of a printer state (printer.yaml).
func printerStateKey(s kiosk.PrinterState) string {
	switch s {
	case kiosk.PrinterReady, kiosk.PrinterPaperLow, kiosk.PrinterPaperOut, kiosk.PrinterCoverOpen,
		kiosk.PrinterJammed, kiosk.PrinterOffline:
		return "printer.state." + strings.ReplaceAll(string(s), "-", "_")
	}
	return "printer.state.unknown"
}

// act runs one action of the technician away from the UI thread, shows
// its outcome and writes it to the audit log.
func (t *Technician) act(name string, do func(ctx context.Context) (string, string, error)) {
	if t.busy {
		return
	}
	t.touch()
	t.busy = true
	for _, b := range t.actions {
		b.Disable()
	}
	t.result.SetText(kiosk.Msg(t.lang, "technician.result.working"))
	t.layer.Refresh()
	l := t.lang
	t.opts.Go(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		shown, detail, err := do(ctx)
		cancel()
		t.opts.Gate.Record(name, err, detail)
		fyne.Do(func() {
			t.busy = false
			if t.view != viewPanel {
				return
			}
			for _, b := range t.actions {
				b.Enable()
			}
			if err != nil {
				shown = kiosk.Msgf(l, "technician.result.failed", map[string]string{"error": err.Error()})
			}
			t.result.SetText(shown)
			t.layer.Refresh()
			t.refreshStatus()
		})
	})
}

func (t *Technician) syncNow() {
	l := t.lang
	t.act("sync-now", func(ctx context.Context) (string, string, error) {
		s, err := t.opts.Desk.SyncNow(ctx)
		if err != nil {
			return "", "", err
		}
		num := func(n int) string { return kiosk.LocalizeDigits(l, strconv.Itoa(n)) }
		return kiosk.Msgf(l, "technician.result.sync", map[string]string{"sent": num(s.Sent), "retrying": num(s.Retrying), "rejected": num(s.Rejected)}),
			"sent " + strconv.Itoa(s.Sent) + ", retrying " + strconv.Itoa(s.Retrying) + ", rejected " + strconv.Itoa(s.Rejected), nil
	})
}

func (t *Technician) testPrint() {
	l := t.lang
	t.act("test-print", func(ctx context.Context) (string, string, error) {
		if err := t.opts.Desk.TestPrint(ctx); err != nil {
			return "", "", err
		}
		// Without a printer queue the receipt only goes to the spool
		// folder: say so, as the status row says no printer is set up.
		if t.noPrinter {
			return kiosk.Msg(l, "technician.result.test_print_filed"), "", nil
		}
		return kiosk.Msg(l, "technician.result.test_print"), "", nil
	})
}

// assistNext marks the next citizen's session as helped by staff, for
// the journey it records (a member of staff stands beside the citizen).
func (t *Technician) assistNext() {
	l := t.lang
	t.act("assist-next", func(context.Context) (string, string, error) {
		t.u.sess.MarkNextAssisted()
		return kiosk.Msg(l, "technician.result.assist"), "", nil
	})
}

func (t *Technician) reloadCatalogue() {
	l := t.lang
	t.act("reload-catalogue", func(ctx context.Context) (string, string, error) {
		v, err := t.opts.Desk.ReloadCatalogue(ctx)
		if err != nil {
			return "", "", err
		}
		return kiosk.Msgf(l, "technician.result.reload", map[string]string{"version": v}), "version " + v, nil
	})
}

// showExport lets the technician choose where the diagnostics go.
func (t *Technician) showExport() {
	t.view = viewExport
	t.touch()
	l := t.lang
	targets := t.opts.Desk.ExportTargets()
	list := container.NewVBox()
	t.focusable = nil
	removable := false
	for _, dir := range targets {
		dir := dir
		b := widgets.NewIconButton(t.u.opts.Fonts, dir, theme.FolderIcon(), widgets.DirLTR, func() { t.export(dir) })
		list.Add(b)
		t.focusable = append(t.focusable, b)
		removable = removable || !strings.HasPrefix(dir, t.opts.DataDir) || t.opts.DataDir == ""
	}
	back := t.u.button(l, "technician.cancel", widgets.ImportanceLow, t.showPanel)
	t.focusable = append(t.focusable, back)
	t.columns = 0
	content := container.NewVBox(
		t.u.text(l, kiosk.Msg(l, "technician.export.title"), widgets.Style{Size: theme.SizeNameHeadingText, Bold: true}),
		t.u.text(l, kiosk.Msg(l, "technician.export.hint"), widgets.Style{Wrap: true}),
	)
	if !removable {
		content.Add(t.u.text(l, kiosk.Msg(l, "technician.export.no_drive"), widgets.Style{Wrap: true, Color: theme.ColorNameError}))
	}
	content.Add(container.NewPadded(list))
	content.Add(container.NewCenter(back))
	t.setLayer(margins(widgets.NewVScroll(content)))
	t.focusFirst(t.focusable[0])
}

func (t *Technician) export(dir string) {
	t.showPanel()
	l := t.lang
	t.act("export-diagnostics", func(ctx context.Context) (string, string, error) {
		path, err := t.opts.Desk.ExportDiagnostics(ctx, dir)
		if err != nil {
			return "", "to " + dir, err
		}
		return kiosk.Msgf(l, "technician.result.export", map[string]string{"path": path}), path, nil
	})
}

func (t *Technician) toggleKioskMode() {
	on := !t.kioskMode
	l := t.lang
	name := "leave-kiosk-mode"
	if on {
		name = "return-to-kiosk-mode"
	}
	t.act(name, func(context.Context) (string, string, error) {
		if err := t.opts.Desk.SetKioskMode(on); err != nil {
			return "", "", err
		}
		fyne.Do(func() {
			t.kioskMode = on
			if t.kioskBtn != nil {
				key := "technician.action.leave_kiosk"
				if !on {
					key = "technician.action.enter_kiosk"
				}
				t.kioskBtn.Label = kiosk.Msg(l, key)
				t.kioskBtn.Refresh()
			}
		})
		if on {
			return kiosk.Msg(l, "technician.result.kiosk_on"), "", nil
		}
		return kiosk.Msg(l, "technician.result.kiosk_off"), "", nil
	})
}

// close hides the technician's screens and returns the kiosk to the
// attract screen, in kiosk mode.
func (t *Technician) close(why string) {
	was := t.view
	t.view = viewClosed
	if t.pad != nil {
		t.pad.Clear()
	}
	t.layer.Objects = nil
	t.layer.Hide()
	t.layer.Refresh()
	t.focusable = nil
	t.keyed = false
	if t.canvas != nil {
		// The kiosk's screen gets its focus back (a TV's start button).
		if t.before != nil {
			t.canvas.Focus(t.before)
		} else {
			t.canvas.Unfocus()
		}
		t.before = nil
	}
	if was == viewPanel || was == viewExport {
		t.opts.Gate.Record("close", nil, why)
		if !t.kioskMode {
			t.kioskMode = true
			err := t.opts.Desk.SetKioskMode(true)
			t.opts.Gate.Record("return-to-kiosk-mode", err, "on close")
		}
	}
	t.stageChanged()
}

// ageText says how long ago something was, in l.
func ageText(l kiosk.Lang, d time.Duration) string {
	n := func(v int) map[string]string { return map[string]string{"n": kiosk.LocalizeDigits(l, strconv.Itoa(v))} }
	switch {
	case d < time.Minute:
		return kiosk.Msg(l, "technician.age.now")
	case d < time.Hour:
		return kiosk.Msgf(l, "technician.age.minutes", n(int(d/time.Minute)))
	case d < 48*time.Hour:
		return kiosk.Msgf(l, "technician.age.hours", n(int(d/time.Hour)))
	}
	return kiosk.Msgf(l, "technician.age.days", n(int(d/(24*time.Hour))))
}

// durationText says how long something lasts, rounded up, in l.
func durationText(l kiosk.Lang, d time.Duration) string {
	secs := int((d + time.Second - 1) / time.Second)
	if secs < 120 {
		return kiosk.Msgf(l, "technician.duration.seconds", map[string]string{"n": kiosk.LocalizeDigits(l, strconv.Itoa(secs))})
	}
	return kiosk.Msgf(l, "technician.duration.minutes", map[string]string{"n": kiosk.LocalizeDigits(l, strconv.Itoa((secs+59)/60))})
}

// sizeText writes a size in gigabytes (one decimal) or megabytes.
func sizeText(l kiosk.Lang, b uint64) string {
	if b >= 1<<30 {
		v := strconv.FormatFloat(float64(b)/(1<<30), 'f', 1, 64)
		if l == kiosk.Persian {
			v = strings.Replace(v, ".", "٫", 1)
		}
		return kiosk.Msgf(l, "technician.size.gb", map[string]string{"n": kiosk.LocalizeDigits(l, v)})
	}
	return kiosk.Msgf(l, "technician.size.mb", map[string]string{"n": kiosk.LocalizeDigits(l, strconv.FormatUint(b>>20, 10))})
}

// cornerLayout puts its objects in the top-left corner, one and a half
// touch targets square: large enough to hit on purpose, in a corner no
// citizen's screen uses.
type cornerLayout struct{}

func (cornerLayout) Layout(objs []fyne.CanvasObject, _ fyne.Size) {
	side := widgets.Size(widgets.SizeNameTarget) * 1.5
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(fyne.NewSquareSize(side))
	}
}

func (cornerLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(0, 0) }
