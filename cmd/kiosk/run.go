package main

import (
	"context"
	"log/slog"
	"os"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/screens"
)

// appID identifies the application to Fyne (preferences, settings).
const appID = "ir.pishkhan.kiosk"

// Run starts the appliance and returns when its window closes or ctx is
// done (SIGTERM, SIGINT), after the database is closed. It reports
// restart when the kiosk stopped to be started again (a new
// configuration or catalogue).
//
// The attract screen is drawn first: the configuration and fonts load
// while the toolkit starts, the window shows the attract screen, and the
// catalogue, keys, outbox, journeys, printer, metrics and sockets are
// opened beside that first frame (docs/performance.md, issue 17). A
// touch or key on the attract screen before then is kept, and starts
// the session once it exists.
func Run(ctx context.Context, opts Options) (restart bool, err error) {
	level := slog.LevelInfo
	if opts.Debug {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	trace := newStartupTrace(log)
	trace.mark("main")
	// The message catalogue is parsed beside the toolkit's start and the
	// fonts' loading: the attract screen is the first to need it.
	go kiosk.PreloadMessages()

	type loaded struct {
		b   basics
		err error
	}
	basicsc := make(chan loaded, 1)
	go func() {
		b, err := loadBasics(opts, log)
		basicsc <- loaded{b, err}
	}()
	// The Fyne app exists before the screens are built: they read its
	// settings and theme.
	fa := app.NewWithID(appID)
	w := fa.NewWindow("Pishkhan — پیشخوان")
	trace.mark("toolkit")
	l := <-basicsc
	if l.err != nil {
		return false, l.err
	}
	b := l.b
	trace.mark("configuration and fonts")

	w.SetPadded(false)
	if opts.FullScreen {
		// An appliance: no way from a citizen's screen to the desktop.
		w.SetFullScreen(true)
		w.SetCloseIntercept(func() { log.Warn("window close refused in full-screen mode") })
		fa.Driver().SetDisableScreenBlanking(true)
	} else if b.cfg.Mode == config.ModeTV {
		w.Resize(fyne.NewSize(1920, 1080)) // the 10-foot theme is drawn for 1080p
	} else {
		w.Resize(fyne.NewSize(1280, 800))
	}
	// The UI applies the same theme once it exists (screens.Theme of the
	// same options), so it is set once, here.
	fa.Settings().SetTheme(screens.Theme(b.uiOptions()))
	early := &earlyInput{}
	if !(opts.RequireProvisioning && !b.cfg.Provisioned) {
		// A device that must be provisioned shows the "not provisioned"
		// screen instead, once the technician side is wired.
		w.SetContent(screens.Standby(b.uiOptions(), b.cfg.Languages, early.tapped))
		w.Canvas().SetOnTypedKey(early.typed)
	}
	trace.mark("attract screen built")
	w.Show() // creates the window and its GL context, and draws the first frame
	trace.mark("first frame")

	var (
		a         *appliance
		assembled = make(chan error, 1)
		// mu orders attaching the appliance to the window against the
		// window going away (closed, or a signal before it was ready):
		// once the app stopped, fyne.Do runs on the caller's goroutine.
		mu     sync.Mutex
		closed bool
	)
	markClosed := func() {
		mu.Lock()
		closed = true
		mu.Unlock()
	}
	w.SetOnClosed(markClosed)
	go func() {
		ap, err := assembleWith(b, opts, kiosk.SystemClock{}, log)
		trace.mark("appliance assembled")
		if err != nil {
			assembled <- err
			fyne.Do(fa.Quit)
			return
		}
		if opts.InspectAddr != "" {
			if err := serveInspect(opts.InspectAddr, ap.ui, w); err != nil {
				if cerr := ap.Close(); cerr != nil {
					log.Error("close", "err", cerr)
				}
				assembled <- err
				fyne.Do(fa.Quit)
				return
			}
		}
		a = ap
		assembled <- nil
		fyne.Do(func() {
			mu.Lock()
			defer mu.Unlock()
			if closed {
				return
			}
			a.ui.ShowIn(w) // the screens, and the keys of a keyboard or a TV remote
			a.mem.setRepaint(func() { fyne.Do(func() { repaintWindow(w, &mu, &closed) }) })
			// The hidden entry, PIN pad and technician screen; or "not provisioned".
			a.showTechnician(fa, w, opts)
			a.start(ctx)
			early.replay(a.session, w.Canvas())
			log.Info("kiosk started", "data", opts.DataDir, "mode", a.cfg.Mode, "catalogue", a.catalogue.Version, "after", trace.since().Round(time.Millisecond))
		})
	}()
	// A signal quits this app only while it runs: after a restart in
	// place (a new configuration), the app of the last Run is gone, and
	// quitting it would touch a GLFW already terminated.
	stopped := make(chan struct{})
	defer close(stopped)
	go func() {
		select {
		case <-ctx.Done():
		case <-stopped:
			return
		}
		mu.Lock()
		wasClosed := closed
		closed = true
		mu.Unlock()
		if wasClosed {
			return
		}
		log.Info("signal received: shutting down")
		fyne.Do(fa.Quit)
	}()
	fa.Run()
	markClosed()
	if err := <-assembled; err != nil {
		return false, err
	}
	if err := a.Close(); err != nil {
		log.Error("close", "err", err)
	}
	log.Info("kiosk stopped")
	return a.tech.restart.Requested(), nil
}

// earlyInput keeps the first touch or key a citizen gives the attract
// screen before the session exists, to be given to it once it does: the
// attract screen stays until then, and the input is not lost. Only the
// first is kept: what followed was meant for screens not shown yet.
type earlyInput struct {
	mu  sync.Mutex
	tap bool
	key *fyne.KeyEvent
}

func (e *earlyInput) tapped() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.tap && e.key == nil {
		e.tap = true
	}
}

func (e *earlyInput) typed(ev *fyne.KeyEvent) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.tap && e.key == nil {
		k := *ev
		e.key = &k
	}
}

// replay gives the kept input to the session's UI, now shown on c: a touch
// on the attract screen starts the session, a key goes to the UI's keys.
func (e *earlyInput) replay(s *kiosk.Session, c fyne.Canvas) {
	e.mu.Lock()
	tap, key := e.tap, e.key
	e.mu.Unlock()
	switch {
	case tap:
		s.Start()
	case key != nil:
		// As the toolkit hands a key over: to the control with the focus
		// (a remote's start button), else to the canvas.
		if f := c.Focused(); f != nil {
			f.TypedKey(key)
		} else if f := c.OnTypedKey(); f != nil {
			f(key)
		}
	}
}

// repaintWindow redraws all the window shows, unless it is closed (mu
// guards closed): the frame frees its textures, which lets Fyne destroy
// the renderers that expired since (memoryRelease). Call it on the UI
// thread.
func repaintWindow(w fyne.Window, mu *sync.Mutex, closed *bool) {
	mu.Lock()
	defer mu.Unlock()
	if *closed {
		return
	}
	if content := w.Canvas().Content(); content != nil {
		w.Canvas().Refresh(content)
	}
}
