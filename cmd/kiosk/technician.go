package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	"github.com/coreos/go-systemd/v22/daemon"
	"github.com/prometheus/common/expfmt"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/kiosk/diagnostics"
	"github.com/pishkhan/pishkhan/kiosk/fleet"
	"github.com/pishkhan/pishkhan/kiosk/gate"
	"github.com/pishkhan/pishkhan/offline"
	"github.com/pishkhan/pishkhan/offline/open311"
	"github.com/pishkhan/pishkhan/screens"
)

// techSupport is the appliance's technician side: fleet metrics, the
// systemd watchdog, the PIN gate and audit log, the technician screen's
// desk (status and actions), the runtime report kioskctl doctor reads,
// and restarts on a new configuration or catalogue.
type techSupport struct {
	a    *appliance
	opts Options
	log  *slog.Logger

	metrics  *fleet.Metrics
	watchdog *watchdog
	gate     *gate.Gate
	audit    *gate.AuditFile // nil when it cannot be opened

	screen *screens.Technician
	app    fyne.App
	win    fyne.Window

	started     time.Time
	config      *config.Watcher
	printerSeen atomic.Pointer[kiosk.PrinterStatus]
	outboxCheck atomic.Pointer[config.CheckOutcome]
	// pending is why the kiosk should restart as soon as nobody uses the
	// screen ("" for no restart pending).
	pending atomic.Pointer[string]
}

// restartRequested asks main to start the kiosk again once it has shut
// down cleanly (see reexecIfRequested).
var restartRequested atomic.Bool

// Files of the technician side in the data directory.
const (
	lockoutFile     = "technician-lockout.json"
	configPollEvery = 5 * time.Second
	runtimeEvery    = 15 * time.Second
	printerPoll     = 30 * time.Second
	outboxCheckGap  = 24 * time.Hour
)

// newTechSupport builds the technician side; the catalogue is loaded.
func newTechSupport(a *appliance, opts Options) *techSupport {
	t := &techSupport{a: a, opts: opts, log: a.log, started: a.clock.Now(), config: config.NewWatcher(opts.ConfigPath)}
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
		StatePath: filepath.Join(a.dataDir, lockoutFile),
	})
	t.metrics = newMetrics(a, func() (kiosk.PrinterStatus, bool) {
		if st := t.printerSeen.Load(); st != nil {
			return *st, true
		}
		return kiosk.PrinterStatus{}, false
	})
	t.watchdog = newWatchdog(fyne.Do, a.log)
	t.watchdog.onAlive = t.metrics.MarkUIAlive
	t.watchdog.farewell = func() string {
		if restartRequested.Load() {
			// Restarting in place: systemd waits for the new READY=1
			// instead of expecting the process to end.
			return "RELOADING=1\n" + daemon.SdNotifyMonotonicUsec()
		}
		return "STOPPING=1"
	}
	return t
}

// blocked reports whether the device must show the "not provisioned"
// screen instead of serving citizens.
func (t *techSupport) blocked() bool { return t.opts.RequireProvisioning && !t.a.cfg.Provisioned }

// showTechnician puts the technician's screens over the kiosk UI in w.
// Call it after the UI took the window.
func (a *appliance) showTechnician(fa fyne.App, w fyne.Window) {
	t := a.tech
	t.app, t.win = fa, w
	lang := kiosk.Persian
	if len(a.cfg.Languages) > 0 {
		lang = a.cfg.Languages[0]
	}
	t.screen = screens.NewTechnician(a.ui, screens.TechnicianOptions{
		Desk:          t,
		Gate:          t.gate,
		Clock:         a.clock,
		Lang:          lang,
		Unprovisioned: !a.cfg.Provisioned,
		Blocked:       t.blocked(),
		DeviceID:      a.cfg.DeviceID,
		Version:       kiosk.Version(),
		DataDir:       a.dataDir,
		KioskMode:     t.opts.FullScreen,
	})
	t.screen.ShowIn(w)
	if t.blocked() {
		a.log.Warn("not provisioned: showing the not-provisioned screen until a configuration appears", "config", t.opts.ConfigPath)
	}
	if t.opts.FullScreen {
		t.disableBlanking()
	}
}

// start runs the technician side's background work until ctx is done.
func (t *techSupport) start(ctx context.Context, wg interface{ Go(func()) }) {
	if addr := t.a.cfg.Metrics.Address(); addr != "" {
		l, err := t.metrics.Listen(addr)
		if err != nil {
			// Metrics are not worth refusing citizens for.
			t.log.Error("metrics endpoint unavailable", "err", err)
		} else {
			t.log.Info("metrics endpoint", "url", "http://"+l.Addr().String()+"/metrics")
			wg.Go(func() { t.metrics.Serve(ctx, l, t.log) })
		}
	}
	wg.Go(func() { t.watchdog.run(ctx) })
	wg.Go(func() { t.checkOutbox() })
	wg.Go(func() { t.loop(ctx) })
}

// loop reports on the kiosk, watches the configuration and the printer,
// and ticks the technician screen.
func (t *techSupport) loop(ctx context.Context) {
	sec := time.NewTicker(time.Second)
	defer sec.Stop()
	var lastReport, lastConfig, lastPrinter, lastCheck time.Time
	reportedAlive := false
	for {
		now := time.Now()
		// The first report with the UI alive goes out at once, for a
		// doctor run right after a start.
		alive := !t.watchdog.lastAlive().IsZero()
		if now.Sub(lastReport) >= runtimeEvery || (alive && !reportedAlive) {
			reportedAlive = reportedAlive || alive
			lastReport = now
			if err := t.writeRuntime(); err != nil {
				t.log.Warn("runtime report not written", "err", err)
			}
		}
		if now.Sub(lastConfig) >= configPollEvery {
			lastConfig = now
			t.watchConfig()
		}
		if now.Sub(lastPrinter) >= printerPoll && t.a.printer != nil {
			lastPrinter = now
			pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			st := t.a.printer.Status(pctx)
			cancel()
			t.printerSeen.Store(&st)
		}
		if now.Sub(lastCheck) >= outboxCheckGap {
			// At start and daily; the check holds the outbox's writers
			// while it reads, so it can run beside the sync worker.
			lastCheck = now
			t.checkOutbox()
		}
		if t.screen != nil {
			t.screen.Tick()
		}
		t.restartPending()
		select {
		case <-ctx.Done():
			t.writeRuntime()
			return
		case <-sec.C:
		}
	}
}

// checkOutbox runs the database's integrity check for the runtime report:
// kioskctl cannot open the database while the kiosk holds it.
func (t *techSupport) checkOutbox() {
	if t.a.outbox == nil {
		return
	}
	err := t.a.outbox.Check()
	oc := &config.CheckOutcome{At: time.Now(), OK: err == nil}
	if err != nil {
		oc.Error = err.Error()
		t.log.Error("outbox integrity check failed", "err", err)
	}
	t.outboxCheck.Store(oc)
}

// writeRuntime writes the runtime report (config.RuntimeFileName). It is
// rewritten every few seconds, so it is renamed into place but not
// fsynced: a stale report after a power cut says just that.
func (t *techSupport) writeRuntime() error {
	r := config.RuntimeReport{
		PID:         os.Getpid(),
		Version:     kiosk.Version(),
		StartedAt:   t.started,
		WrittenAt:   time.Now(),
		UIAliveAt:   t.watchdog.lastAlive(),
		OutboxCheck: t.outboxCheck.Load(),
	}
	if t.a.outbox != nil {
		r.LastSerial = t.a.outbox.LastSerial()
	}
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	path := filepath.Join(t.a.dataDir, config.RuntimeFileName)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// watchConfig restarts the kiosk on a new configuration that loads, as
// soon as no citizen and no technician is using the screen. A new file
// that does not load is reported once and the configuration in force
// stays.
func (t *techSupport) watchConfig() {
	changed, err := t.config.Check()
	if err != nil {
		t.log.Error("the new configuration does not load; the one in force stays", "config", t.opts.ConfigPath, "err", err)
	}
	if changed {
		t.restartWhenIdle("new configuration")
	}
}

// restartWhenIdle restarts the kiosk as soon as no citizen and no
// technician is using the screen (checked every second).
func (t *techSupport) restartWhenIdle(why string) {
	t.pending.Store(&why)
	fyne.Do(func() { t.restartIfIdle(why) })
}

// restartPending restarts if a restart waits and the screen is idle.
func (t *techSupport) restartPending() {
	if why := t.pending.Load(); why != nil {
		fyne.Do(func() { t.restartIfIdle(*why) })
	}
}

// restartIfIdle restarts now if the screen is idle. It runs on the UI
// thread.
func (t *techSupport) restartIfIdle(why string) {
	if restartRequested.Load() || t.a.session.State().Stage != kiosk.StageAttract || (t.screen != nil && t.screen.Open()) {
		return
	}
	t.requestRestart(why)
}

// requestRestart stops the kiosk cleanly (the database closed) and has
// main start it again: in place, so systemd keeps watching the same
// process, back on the attract screen with the queue intact.
func (t *techSupport) requestRestart(why string) {
	t.log.Info("restarting the kiosk", "why", why)
	restartRequested.Store(true)
	if t.app != nil {
		fyne.Do(t.app.Quit)
	}
}

// reexecIfRequested starts the kiosk binary again in this process when a
// restart was asked for. It returns only if that fails.
func reexecIfRequested() {
	if !restartRequested.Load() {
		return
	}
	exe, err := os.Executable()
	if err == nil {
		err = syscall.Exec(exe, os.Args, os.Environ())
	}
	fmt.Fprintf(os.Stderr, "kiosk: restart failed: %v\n", err)
	os.Exit(1) // systemd (Restart=on-failure) starts it again
}

// Status implements screens.TechnicianDesk.
func (t *techSupport) Status(ctx context.Context) config.DeviceStatus {
	a := t.a
	st := config.DeviceStatus{
		DeviceID:         a.cfg.DeviceID,
		KioskNumber:      a.cfg.KioskNumber,
		Site:             a.cfg.Site,
		Mode:             a.cfg.Mode,
		Version:          kiosk.Version(),
		Provisioned:      a.cfg.Provisioned,
		CatalogueVersion: a.catalogue.Version,
		StartedAt:        t.started,
	}
	if a.cfg.BackOffice.URL != "" {
		st.BackOffice.Configured = true
		if u, err := url.Parse(a.cfg.BackOffice.URL); err == nil {
			st.BackOffice.Host = u.Host
		}
		if a.syncer != nil {
			h := a.syncer.Health()
			st.BackOffice.Online, st.BackOffice.AuthFailed = h.Online, h.AuthFailed
			st.BackOffice.LastContact, st.BackOffice.LastError = h.LastContact, h.LastError
		}
	}
	if q, oldest, err := t.metrics.Queue(); err == nil {
		st.Queue = config.QueueStatus{
			Unsent:       q.Unsent,
			Dead:         q.Count(string(offline.StateDead)),
			Total:        q.Total(),
			OldestUnsent: oldest,
		}
	}
	// A kiosk with no printer queue only files receipts in its spool
	// folder: the technician is told no printer is configured, not that
	// one is ready.
	if a.printer != nil && a.cfg.Printer.Queue != "" {
		ps := a.printer.Status(ctx)
		t.printerSeen.Store(&ps)
		st.Printer = &ps
	}
	st.Disk.Free, st.Disk.Total, _ = diskSpace(a.dataDir)
	return st
}

// errNoBackOffice and errNoPrinter say why an action cannot run here.
var (
	errNoBackOffice = errors.New("no back office is configured on this device")
	errNoPrinter    = errors.New("this device has no printer")
)

// SyncNow implements screens.TechnicianDesk.
func (t *techSupport) SyncNow(ctx context.Context) (config.SyncSummary, error) {
	if t.a.syncer == nil {
		return config.SyncSummary{}, errNoBackOffice
	}
	rep, err := t.a.syncer.SyncNow(ctx)
	s := config.SyncSummary{Sent: rep.Sent, Retrying: rep.Retried, Rejected: rep.Dead, Online: rep.Health.Online}
	if err != nil {
		return s, fmt.Errorf("sync now: %w", err)
	}
	return s, nil
}

// TestPrint implements screens.TechnicianDesk.
func (t *techSupport) TestPrint(ctx context.Context) error {
	a := t.a
	if a.printer == nil {
		return errNoPrinter
	}
	lang := kiosk.Persian
	if len(a.cfg.Languages) > 0 {
		lang = a.cfg.Languages[0]
	}
	r := kiosk.TestReceipt(a.cfg.KioskNumber, a.cfg.DeviceID, a.cfg.Site, a.clock.Now(), lang)
	r.QR = a.sign(r)
	if err := a.printer.Print(ctx, r); err != nil {
		return fmt.Errorf("test print: %w", err)
	}
	return nil
}

// ReloadCatalogue implements screens.TechnicianDesk: the configured file
// is read again, or the back office's catalogue imported again, merged
// with the form layout the last kioskctl catalogue import kept (the
// embedded catalogue when it kept none); when it checks, the kiosk
// restarts on it.
func (t *techSupport) ReloadCatalogue(ctx context.Context) (string, error) {
	a := t.a
	var version string
	switch {
	case a.cfg.CataloguePath != "":
		cat, err := kiosk.LoadCatalogue(a.cfg.CataloguePath)
		if err != nil {
			return "", fmt.Errorf("reload catalogue: %w", err)
		}
		version = cat.Version
	case a.cfg.BackOffice.URL != "":
		client, err := open311.New(a.cfg.BackOffice, open311.WithUserAgent("pishkhan-kiosk/"+kiosk.Version()))
		if err != nil {
			return "", fmt.Errorf("reload catalogue: %w", err)
		}
		// A site's own layout (Persian labels, steps) must survive a
		// reload: a damaged kept layout fails the reload rather than fall
		// back to the embedded one.
		layout, source, err := open311.LoadCachedLayout(a.dataDir)
		if err != nil {
			return "", fmt.Errorf("reload catalogue: %w", err)
		}
		cat, warnings, err := open311.Import(ctx, client, layout)
		for _, w := range warnings {
			t.log.Warn("catalogue import", "warning", w)
		}
		if err != nil {
			return "", fmt.Errorf("reload catalogue: %w", err)
		}
		if err := open311.SaveCachedCatalogue(a.dataDir, cat); err != nil {
			return "", fmt.Errorf("reload catalogue: %w", err)
		}
		t.log.Info("catalogue reloaded from the back office", "version", cat.Version, "layout", source)
		version = cat.Version
	default:
		return "", errors.New("this device uses the embedded catalogue: there is nothing to reload")
	}
	// Once the technician has read the result and closed the screen.
	t.restartWhenIdle("catalogue reloaded")
	return version, nil
}

// ExportTargets implements screens.TechnicianDesk: mounted removable
// drives, then the data directory's diagnostics folder.
func (t *techSupport) ExportTargets() []string { return diagnostics.Targets(t.a.dataDir) }

// ExportDiagnostics implements screens.TechnicianDesk: a bundle in dir
// with the device's status, its configuration without secrets, the queue
// without answers, the sync link's health, the metrics, the runtime
// report and the technicians' audit log. Nothing in it is personal data.
func (t *techSupport) ExportDiagnostics(ctx context.Context, dir string) (string, error) {
	a := t.a
	if dir == filepath.Join(a.dataDir, diagnostics.Dir) {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return "", fmt.Errorf("export diagnostics: %w", err)
		}
	}
	b := diagnostics.New(a.clock.Now())
	b.AddJSON("status.json", t.Status(ctx))
	cfg := a.cfg
	cfg.BackOffice.APIKey = "" // only the secret file's name stays
	cfg.Technician.PINHash = ""
	conf, err := config.Marshal(cfg)
	if err != nil {
		return "", fmt.Errorf("export diagnostics: %w", err)
	}
	b.Add("config.yaml", conf)
	if a.syncer != nil {
		b.AddJSON("sync-health.json", a.syncer.Health())
	}
	var queue bytes.Buffer
	enc := json.NewEncoder(&queue)
	if err := a.outbox.List(offline.ListOptions{}, func(e offline.Entry) error { return enc.Encode(e) }); err != nil {
		return "", fmt.Errorf("export diagnostics: %w", err)
	}
	b.Add("queue.jsonl", queue.Bytes())
	mfs, err := t.metrics.Gather()
	if err != nil {
		return "", fmt.Errorf("export diagnostics: %w", err)
	}
	var metrics bytes.Buffer
	for _, mf := range mfs {
		if _, err := expfmt.MetricFamilyToText(&metrics, mf); err != nil {
			return "", fmt.Errorf("export diagnostics: %w", err)
		}
	}
	b.Add("metrics.txt", metrics.Bytes())
	for _, name := range []string{config.RuntimeFileName, gate.AuditFileName, lockoutFile} {
		b.AddFile(a.dataDir, name)
	}
	build := fmt.Sprintf("kiosk %s\ngo %s %s/%s\n", kiosk.Version(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	if bi, ok := debug.ReadBuildInfo(); ok {
		build += bi.String()
	}
	b.Add("build.txt", []byte(build))
	return b.Write(dir, a.cfg.DeviceID)
}

// SetKioskMode implements screens.TechnicianDesk.
func (t *techSupport) SetKioskMode(on bool) error {
	if !t.opts.FullScreen {
		return errors.New("the kiosk runs in a window (started without -fullscreen): there is no kiosk mode to leave")
	}
	if t.win == nil {
		return errors.New("no window")
	}
	fyne.Do(func() {
		w := t.win
		w.SetFullScreen(on)
		if on {
			w.SetCloseIntercept(func() { t.log.Warn("window close refused in kiosk mode") })
		} else {
			// Closing the window now stops the kiosk cleanly; systemd
			// (Restart=on-failure) leaves it stopped.
			w.SetCloseIntercept(nil)
		}
		t.app.Driver().SetDisableScreenBlanking(on)
		if on {
			t.disableBlanking()
		}
	})
	return nil
}

// disableBlanking turns the X server's screen saver and power saving
// off: Fyne only asks a desktop's screen saver service over D-Bus, which a
// bare kiosk X session does not run.
func (t *techSupport) disableBlanking() {
	if err := disableXBlanking(); err != nil {
		t.log.Warn("X screen blanking not disabled", "err", err)
		return
	}
	t.log.Info("X screen saver and DPMS disabled")
}

// diskSpace returns the free and total bytes of dir's file system.
func diskSpace(dir string) (free, total uint64, err error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, 0, err
	}
	return st.Bavail * uint64(st.Bsize), st.Blocks * uint64(st.Bsize), nil
}

var _ screens.TechnicianDesk = (*techSupport)(nil)
