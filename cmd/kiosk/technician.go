package main

import (
	"errors"
	"io"
	"log/slog"
	"path/filepath"

	"fyne.io/fyne/v2"
	"github.com/prometheus/common/expfmt"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/desk"
	"github.com/pishkhan/pishkhan/kiosk/fleet"
	"github.com/pishkhan/pishkhan/kiosk/gate"
	"github.com/pishkhan/pishkhan/kiosk/watchdog"
	"github.com/pishkhan/pishkhan/offline/open311"
	"github.com/pishkhan/pishkhan/screens"
)

// technician is the appliance's technician side as wired: the PIN gate
// and its audit log, the desk behind it, fleet metrics, the systemd
// watchdog and the restarts on a new configuration or catalogue.
type technician struct {
	gate     *gate.Gate
	audit    *gate.AuditFile // nil when it cannot be opened
	desk     *desk.Desk
	restart  *desk.Restarter
	metrics  *fleet.Metrics
	watchdog *watchdog.Watchdog
	window   *kioskWindow
	screen   *screens.Technician
}

var _ screens.TechnicianDesk = (*desk.Desk)(nil)

// wireTechnician builds the technician side once the metrics, the
// outbox, the sync worker and the printer are there.
func (a *appliance) wireTechnician(opts Options, client *open311.Client) {
	t := a.tech
	t.window = &kioskWindow{log: a.log}
	audit, err := gate.OpenAuditFile(filepath.Join(a.dataDir, gate.AuditFileName))
	var log gate.AuditLog
	if err != nil {
		a.log.Error("technician audit log unavailable", "err", err)
	} else {
		t.audit, log = audit, audit
	}
	t.gate = gate.New(gate.Config{
		PINHash:   a.cfg.Technician.PINHash,
		Clock:     a.clock,
		Audit:     log,
		StatePath: filepath.Join(a.dataDir, gate.LockoutFileName),
	})
	t.restart = &desk.Restarter{
		OnUI: fyne.Do,
		// Nobody uses the screen: the attract screen, the technician's
		// closed.
		Idle: func() bool {
			return a.session.State().Stage == kiosk.StageAttract && (t.screen == nil || !t.screen.Open())
		},
		Quit: t.window.quit,
		Log:  a.log,
	}
	t.watchdog = watchdog.New(watchdog.Config{
		Ping:       fyne.Do,
		OnAlive:    t.metrics.MarkUIAlive,
		Restarting: t.restart.Requested,
		Log:        a.log,
	})
	cfg := desk.Config{
		Device:     a.cfg,
		ConfigPath: opts.ConfigPath,
		DataDir:    a.dataDir,
		KioskMode:  opts.FullScreen,
		Catalogue:  a.catalogue,
		Clock:      a.clock,
		Log:        a.log,
		Outbox:     a.outbox,
		Sign:       a.sign,
		Metrics:    func(w io.Writer) error { return writeMetrics(w, t.metrics) },
		Window:     t.window,
		Restart:    t.restart,
		UIAlive:    t.watchdog.LastAlive,
		Tick: func() {
			if t.screen != nil {
				t.screen.Tick()
			}
		},
	}
	if a.syncer != nil {
		cfg.Sync = a.syncer
		cfg.Reloader = &open311.Reloader{Client: client, Dir: a.dataDir, Log: a.log}
	}
	if a.printer != nil {
		cfg.Printer = a.printer
	}
	t.desk = desk.New(cfg)
}

// writeMetrics writes the metrics in Prometheus' text format.
func writeMetrics(w io.Writer, m *fleet.Metrics) error {
	mfs, err := m.Gather()
	if err != nil {
		return err
	}
	for _, mf := range mfs {
		if _, err := expfmt.MetricFamilyToText(w, mf); err != nil {
			return err
		}
	}
	return nil
}

// showTechnician puts the technician's screens over the kiosk UI in w.
// Call it after the UI took the window.
func (a *appliance) showTechnician(fa fyne.App, w fyne.Window, opts Options) {
	t := a.tech
	t.window.app, t.window.win = fa, w
	lang := kiosk.Persian
	if len(a.cfg.Languages) > 0 {
		lang = a.cfg.Languages[0]
	}
	// A device that must be provisioned shows the "not provisioned"
	// screen instead of serving citizens.
	blocked := opts.RequireProvisioning && !a.cfg.Provisioned
	t.screen = screens.NewTechnician(a.ui, screens.TechnicianOptions{
		Desk:          t.desk,
		Gate:          t.gate,
		Clock:         a.clock,
		Lang:          lang,
		Unprovisioned: !a.cfg.Provisioned,
		Blocked:       blocked,
		DeviceID:      a.cfg.DeviceID,
		Version:       kiosk.Version(),
		DataDir:       a.dataDir,
		KioskMode:     opts.FullScreen,
	})
	t.screen.ShowIn(w)
	if blocked {
		a.log.Warn("not provisioned: showing the not-provisioned screen until a configuration appears", "config", opts.ConfigPath)
	}
	if opts.FullScreen {
		t.window.disableBlanking()
	}
}

// kioskWindow is the Fyne window the desk turns kiosk mode on and off in.
type kioskWindow struct {
	app fyne.App
	win fyne.Window
	log *slog.Logger
}

// SetKioskMode implements desk.Window.
func (k *kioskWindow) SetKioskMode(on bool) error {
	if k.win == nil {
		return errors.New("no window")
	}
	fyne.Do(func() {
		k.win.SetFullScreen(on)
		if on {
			k.win.SetCloseIntercept(func() { k.log.Warn("window close refused in kiosk mode") })
		} else {
			// Closing the window now stops the kiosk cleanly; systemd
			// (Restart=on-failure) leaves it stopped.
			k.win.SetCloseIntercept(nil)
		}
		k.app.Driver().SetDisableScreenBlanking(on)
		if on {
			k.disableBlanking()
		}
	})
	return nil
}

// quit stops the application, for a restart.
func (k *kioskWindow) quit() {
	if k.app != nil {
		fyne.Do(k.app.Quit)
	}
}

// disableBlanking turns the X server's screen saver and power saving
// off: Fyne only asks a desktop's screen saver service over D-Bus, which a
// bare kiosk X session does not run.
func (k *kioskWindow) disableBlanking() {
	if err := disableXBlanking(); err != nil {
		k.log.Warn("X screen blanking not disabled", "err", err)
		return
	}
	k.log.Info("X screen saver and DPMS disabled")
}
