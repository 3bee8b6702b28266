package desk

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
)

// How often Run does each part of its upkeep.
const (
	configPollEvery = 5 * time.Second
	runtimeEvery    = 15 * time.Second
	printerPoll     = 30 * time.Second
	outboxCheckGap  = 24 * time.Hour
)

// Run keeps the device until ctx is done: it writes the runtime report,
// checks the outbox at start and daily, watches the configuration file,
// asks the printer how it is, ticks the technician screen and restarts
// the kiosk when a restart waits and the screen is idle. Before it
// returns it writes a last runtime report.
func (d *Desk) Run(ctx context.Context) {
	checked := make(chan struct{})
	go func() {
		// The check holds the outbox's writers while it reads, so it may
		// take a while beside the sync worker: away from the loop.
		defer close(checked)
		t := time.NewTicker(outboxCheckGap)
		defer t.Stop()
		for {
			d.checkOutbox()
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	sec := time.NewTicker(time.Second)
	defer sec.Stop()
	var lastReport, lastConfig, lastPrinter time.Time
	reportedAlive := false
	for {
		now := time.Now()
		// The first report with the UI alive goes out at once, for a
		// doctor run right after a start.
		alive := !d.uiAlive().IsZero()
		if now.Sub(lastReport) >= runtimeEvery || (alive && !reportedAlive) {
			reportedAlive = reportedAlive || alive
			lastReport = now
			d.report()
		}
		if now.Sub(lastConfig) >= configPollEvery {
			lastConfig = now
			d.WatchConfig()
		}
		if now.Sub(lastPrinter) >= printerPoll && d.cfg.Printer != nil {
			lastPrinter = now
			pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			st := d.cfg.Printer.Status(pctx)
			cancel()
			d.printerSeen.Store(&st)
		}
		if d.cfg.Tick != nil {
			d.cfg.Tick()
		}
		d.cfg.Restart.Check()
		select {
		case <-ctx.Done():
			<-checked
			d.report()
			return
		case <-sec.C:
		}
	}
}

// WatchConfig looks at the configuration file once (Run does every few
// seconds). A new version that loads restarts the kiosk as soon as nobody
// uses the screen; one that does not load is reported once and the
// configuration in force stays.
func (d *Desk) WatchConfig() {
	changed, err := d.watcher.Check()
	if err != nil {
		d.cfg.Log.Error("the new configuration does not load; the one in force stays", "config", d.cfg.ConfigPath, "err", err)
	}
	if changed {
		d.cfg.Restart.WhenIdle("new configuration")
	}
}

func (d *Desk) uiAlive() time.Time {
	if d.cfg.UIAlive == nil {
		return time.Time{}
	}
	return d.cfg.UIAlive()
}

// checkOutbox runs the database's integrity check for the runtime report:
// kioskctl cannot open the database while the kiosk holds it.
func (d *Desk) checkOutbox() {
	err := d.cfg.Outbox.Check()
	oc := &config.CheckOutcome{At: time.Now(), OK: err == nil}
	if err != nil {
		oc.Error = err.Error()
		d.cfg.Log.Error("outbox integrity check failed", "err", err)
	}
	d.outboxCheck.Store(oc)
}

func (d *Desk) report() {
	if err := d.writeRuntime(); err != nil {
		d.cfg.Log.Warn("runtime report not written", "err", err)
	}
}

// writeRuntime writes the runtime report (config.RuntimeFileName). It is
// rewritten every few seconds, so it is renamed into place but not
// fsynced: a stale report after a power cut says just that.
func (d *Desk) writeRuntime() error {
	r := config.RuntimeReport{
		PID:         os.Getpid(),
		Version:     kiosk.Version(),
		StartedAt:   d.started,
		WrittenAt:   time.Now(),
		UIAliveAt:   d.uiAlive(),
		OutboxCheck: d.outboxCheck.Load(),
		LastSerial:  d.cfg.Outbox.LastSerial(),
	}
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("runtime report: %w", err)
	}
	path := filepath.Join(d.cfg.DataDir, config.RuntimeFileName)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return fmt.Errorf("runtime report: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("runtime report: %w", err)
	}
	return nil
}
