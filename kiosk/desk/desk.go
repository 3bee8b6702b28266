// Package desk is the technician's desk behind the PIN gate and the
// device's upkeep: the status and actions the technician screen offers
// (sync now, test print, reload the catalogue, export diagnostics, leave
// kiosk mode), the runtime report kioskctl doctor reads, the daily check
// of the outbox, and restarts on a new configuration or catalogue once
// nobody uses the screen.
//
// It knows no window, database or back office protocol: it declares the
// ports it needs (Outbox, Sync, CatalogueReloader, Window) and the
// appliance's wiring hands it their implementations.
package desk

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
)

// Outbox is what the desk reads of the outbox (*offline.Outbox).
type Outbox interface {
	// QueueStatus counts the submissions and finds the oldest unsent.
	QueueStatus() (config.QueueStatus, error)
	// WriteQueue writes each submission, without its answers, as a JSON
	// line.
	WriteQueue(w io.Writer) error
	// Check runs the database's integrity check.
	Check() error
	// LastSerial is the highest tracking serial issued.
	LastSerial() uint64
}

// Sync is the sync worker as the desk uses it (*offline.Syncer).
type Sync interface {
	// Link is the back office link as the worker last saw it.
	Link() config.BackOfficeStatus
	// Pass runs one sync pass now, ignoring backoffs.
	Pass(ctx context.Context) (config.SyncSummary, error)
}

// CatalogueReloader imports the back office's catalogue again and keeps
// it for the next start (open311.Reloader).
type CatalogueReloader interface {
	Reload(ctx context.Context) (*kiosk.Catalogue, error)
}

// Window is the kiosk's window as the desk changes it.
type Window interface {
	// SetKioskMode turns full screen, the refused window close and the
	// disabled screen blanking on or off.
	SetKioskMode(on bool) error
}

// Config is what a Desk serves. Nil ports are parts the device lacks.
type Config struct {
	// Device is the configuration in force; ConfigPath is its file,
	// watched for a new version.
	Device     config.Config
	ConfigPath string
	DataDir    string
	// KioskMode is whether the kiosk was started full screen; only then
	// may a technician leave kiosk mode and take it again.
	KioskMode bool
	Catalogue *kiosk.Catalogue
	Clock     kiosk.Clock
	Log       *slog.Logger

	Outbox Outbox
	// Sync is nil without a back office.
	Sync Sync
	// Reloader is nil without a back office.
	Reloader CatalogueReloader
	// Printer is nil on a TV.
	Printer kiosk.Printer
	// Sign signs a receipt's QR code.
	Sign func(kiosk.Receipt) string
	// Metrics writes the metrics, in Prometheus' text format, for the
	// diagnostics bundle; nil leaves them out.
	Metrics func(io.Writer) error
	Window  Window
	// Restart restarts the kiosk once nobody uses the screen.
	Restart *Restarter
	// UIAlive is when the UI thread last answered the watchdog; nil
	// reports never.
	UIAlive func() time.Time
	// Tick runs every second (the technician screen's idle close); nil
	// for none.
	Tick func()
}

// Desk serves the technician screen (it is a screens.TechnicianDesk) and
// keeps the device while Run runs.
type Desk struct {
	cfg     Config
	started time.Time
	watcher *config.Watcher

	printerSeen atomic.Pointer[kiosk.PrinterStatus]
	outboxCheck atomic.Pointer[config.CheckOutcome]
}

// Sentinel errors of the actions a device cannot run.
var (
	// ErrNoBackOffice: sync now on a device with no back office.
	ErrNoBackOffice = errors.New("no back office is configured on this device")
	// ErrNoPrinter: test print on a device with no printer (a TV).
	ErrNoPrinter = errors.New("this device has no printer")
	// ErrEmbeddedCatalogue: reload on a device that offers the embedded
	// catalogue.
	ErrEmbeddedCatalogue = errors.New("this device uses the embedded catalogue: there is nothing to reload")
	// ErrWindowed: kiosk mode changed on a kiosk started in a window.
	ErrWindowed = errors.New("the kiosk runs in a window (started without -fullscreen): there is no kiosk mode to leave")
)

// New makes the desk of a device whose catalogue is loaded.
func New(cfg Config) *Desk {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Clock == nil {
		cfg.Clock = kiosk.SystemClock{}
	}
	if cfg.Restart == nil {
		cfg.Restart = &Restarter{Log: cfg.Log}
	}
	return &Desk{cfg: cfg, started: cfg.Clock.Now(), watcher: config.NewWatcher(cfg.ConfigPath)}
}

// lang is the language the device's own texts (a test receipt) use.
func (d *Desk) lang() kiosk.Lang {
	if len(d.cfg.Device.Languages) > 0 {
		return d.cfg.Device.Languages[0]
	}
	return kiosk.Persian
}

// PrinterSeen is the printer's state when last asked, for the metrics;
// false before it was asked or on a device without a printer.
func (d *Desk) PrinterSeen() (kiosk.PrinterStatus, bool) {
	if st := d.printerSeen.Load(); st != nil {
		return *st, true
	}
	return kiosk.PrinterStatus{}, false
}
