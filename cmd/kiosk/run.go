package main

import (
	"context"
	"log/slog"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
)

// appID identifies the application to Fyne (preferences, settings).
const appID = "ir.pishkhan.kiosk"

// Run starts the appliance and returns when its window closes or ctx is
// done (SIGTERM, SIGINT), after the database is closed. It reports
// restart when the kiosk stopped to be started again (a new
// configuration or catalogue).
func Run(ctx context.Context, opts Options) (restart bool, err error) {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	// The Fyne app exists before the screens are built: they read its
	// settings and theme.
	fa := app.NewWithID(appID)
	a, err := assemble(opts, kiosk.SystemClock{}, log)
	if err != nil {
		return false, err
	}
	defer func() {
		if err := a.Close(); err != nil {
			log.Error("close", "err", err)
		}
		log.Info("kiosk stopped")
	}()

	a.ui.ApplyTheme(fa)
	w := fa.NewWindow("Pishkhan — پیشخوان")
	a.ui.ShowIn(w) // the screens, and the keys of a keyboard or a TV remote
	if opts.InspectAddr != "" {
		if err := serveInspect(opts.InspectAddr, a.ui, w); err != nil {
			return false, err
		}
	}
	// The hidden entry, PIN pad and technician screen; or "not provisioned".
	a.showTechnician(fa, w, opts)
	w.SetPadded(false)
	if opts.FullScreen {
		// An appliance: no way from a citizen's screen to the desktop.
		w.SetFullScreen(true)
		w.SetCloseIntercept(func() { log.Warn("window close refused in full-screen mode") })
		fa.Driver().SetDisableScreenBlanking(true)
	} else if a.cfg.Mode == config.ModeTV {
		w.Resize(fyne.NewSize(1920, 1080)) // the 10-foot theme is drawn for 1080p
	} else {
		w.Resize(fyne.NewSize(1280, 800))
	}

	a.start(ctx)
	go func() {
		<-ctx.Done()
		log.Info("signal received: shutting down")
		fyne.Do(fa.Quit)
	}()
	log.Info("kiosk started", "data", opts.DataDir, "mode", a.cfg.Mode, "catalogue", a.catalogue.Version)
	w.ShowAndRun()
	return a.tech.restart.Requested(), nil
}
