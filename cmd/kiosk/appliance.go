package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/kiosk/filing"
	"github.com/pishkhan/pishkhan/kiosk/speech/espeak"
	"github.com/pishkhan/pishkhan/kiosk/typeset"
	"github.com/pishkhan/pishkhan/offline"
	"github.com/pishkhan/pishkhan/offline/control"
	"github.com/pishkhan/pishkhan/offline/journeys"
	"github.com/pishkhan/pishkhan/offline/open311"
	"github.com/pishkhan/pishkhan/printer"
	"github.com/pishkhan/pishkhan/screens"
)

// Options are the kiosk's command-line settings.
type Options struct {
	DataDir    string
	ConfigPath string
	FullScreen bool
	// Mode overrides the configuration's mode when set ("kiosk" or "tv").
	Mode string
	// RequireProvisioning shows the "not provisioned" screen instead of
	// the citizen's path when there is no configuration (a real device).
	RequireProvisioning bool
	// Speech turns speech on at the start of every session (as the
	// configuration's speech.enabled does); SpeechDir writes it to WAV
	// files there instead of playing it (no sound card under Xvfb).
	Speech    bool
	SpeechDir string
	// InspectAddr serves the screen's controls on that loopback address
	// (serveInspect), for tests; empty for none.
	InspectAddr string
	// MetricsListen overrides the configuration's metrics address when
	// set ("off" turns the endpoint off).
	MetricsListen string
	// Debug logs at debug level, with the start's phases and their times.
	Debug bool
}

// appliance is everything the kiosk runs, wired together but without a
// window, so tests can drive it with Fyne's test driver.
type appliance struct {
	cfg       config.Config
	dataDir   string
	log       *slog.Logger
	clock     kiosk.Clock
	fonts     *typeset.Fonts
	catalogue *kiosk.Catalogue
	outbox    *offline.Outbox
	syncer    *offline.Syncer // nil without a back office
	printer   kiosk.Printer   // nil on a TV
	// filer files the citizens' and the technician's submissions (one
	// issuer, so they never hand out the same serial).
	filer   *filing.Filer
	sign    func(kiosk.Receipt) string
	session *kiosk.Session
	ui      *screens.UI
	tech    *technician // technician screen, metrics, watchdog
	// journeys keeps each session's journey, apart from the outbox.
	journeys *journeys.Store
	// mem gives the heaps' free pages back after each session, and has
	// Fyne forget the session's screens once they expired.
	mem memoryRelease

	stop context.CancelFunc
	wg   sync.WaitGroup
}

// basics is what the attract screen needs: the configuration and the
// fonts. Run loads them while the toolkit starts, and shows the attract
// screen before the rest of the appliance is assembled.
type basics struct {
	cfg   config.Config
	fonts *typeset.Fonts
	// speechInstalled: espeak-ng is on the path, so speech will likely
	// be offered (newSpeaker checks its voices once the window is up).
	speechInstalled bool
}

// loadBasics creates the data directory and loads the configuration and
// the fonts.
func loadBasics(opts Options, log *slog.Logger) (basics, error) {
	if err := os.MkdirAll(opts.DataDir, 0o700); err != nil {
		return basics{}, fmt.Errorf("data directory: %w", err)
	}
	cfg, err := config.Load(opts.ConfigPath)
	if err != nil {
		return basics{}, fmt.Errorf("%w; not starting on it: kioskctl doctor -data %s says what to fix, kioskctl provision fixes it", err, opts.DataDir)
	}
	if opts.Mode != "" {
		cfg.Mode = config.Mode(opts.Mode)
		if err := cfg.Validate(); err != nil {
			return basics{}, fmt.Errorf("-mode: %w", err)
		}
	}
	if opts.MetricsListen != "" {
		cfg.Metrics.Listen = config.Switchable(opts.MetricsListen)
		if err := cfg.Validate(); err != nil {
			return basics{}, fmt.Errorf("-metrics: %w", err)
		}
	}
	if !cfg.Provisioned {
		log.Warn("no configuration file: running unprovisioned on defaults", "config", opts.ConfigPath, "device_id", cfg.DeviceID, "kiosk_number", cfg.KioskNumber)
	}
	fonts, err := typeset.LoadFonts(cfg.FontPath)
	if err != nil {
		return basics{}, err
	}
	_, lookErr := exec.LookPath(espeak.Binary)
	return basics{cfg: cfg, fonts: fonts, speechInstalled: lookErr == nil}, nil
}

// uiOptions are the screens' options on this device; the standby attract
// screen and the UI share them, so they look the same.
func (b basics) uiOptions() screens.Options {
	return screens.Options{Mode: b.cfg.Mode, Fonts: b.fonts, SpeechOffered: b.speechInstalled}
}

// assemble loads the configuration, fonts and catalogue, opens the outbox
// and builds the session and its screens. Nothing runs until start.
func assemble(opts Options, clock kiosk.Clock, log *slog.Logger) (*appliance, error) {
	b, err := loadBasics(opts, log)
	if err != nil {
		return nil, err
	}
	return assembleWith(b, opts, clock, log)
}

// assembleWith is assemble once the basics are loaded.
func assembleWith(b basics, opts Options, clock kiosk.Clock, log *slog.Logger) (_ *appliance, err error) {
	cfg := b.cfg
	a := &appliance{cfg: cfg, dataDir: opts.DataDir, log: log, clock: clock, fonts: b.fonts}
	a.mem.log = log

	if a.catalogue, err = loadCatalogue(cfg, opts.DataDir, log); err != nil {
		return nil, err
	}
	key, err := offline.LoadOrCreateKey(opts.DataDir)
	if err != nil {
		return nil, err
	}
	a.outbox, err = offline.Open(opts.DataDir, offline.Options{
		Key:       key,
		Clock:     clock,
		Retention: time.Duration(cfg.Retention),
		Logger:    log,
	})
	if errors.Is(err, offline.ErrLocked) {
		return nil, fmt.Errorf("another kiosk is already running on %s: %w", opts.DataDir, err)
	}
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			a.outbox.Close()
		}
	}()
	a.journeys, err = journeys.Open(opts.DataDir, journeys.Options{Clock: clock, Logger: log})
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			a.journeys.Close()
		}
	}()
	a.tech = &technician{metrics: newMetrics(a, opts.DataDir)}

	var client *open311.Client
	if cfg.BackOffice.URL != "" {
		client, err = open311.New(cfg.BackOffice, open311.WithUserAgent("pishkhan-kiosk/"+kiosk.Version()))
		if err != nil {
			return nil, fmt.Errorf("back office: %w", err)
		}
		a.syncer = offline.NewSyncer(a.outbox, countingUpstream{up: client, m: a.tech.metrics}, offline.SyncConfig{
			Catalogue: a.catalogue,
			Location:  cfg.Location,
			Clock:     clock,
			Logger:    log,
		})
	}

	if cfg.Mode != config.ModeTV {
		a.printer, err = printer.New(cfg.Printer, filepath.Join(opts.DataDir, "spool"), printer.Options{
			Fonts:    a.fonts,
			Location: cfg.Location.Address,
		})
		if err != nil {
			return nil, err
		}
	}

	issuer, err := kiosk.NewIssuer(cfg.KioskNumber, clock, a.outbox.LastSerial())
	if err != nil {
		return nil, err
	}
	a.sign = func(r kiosk.Receipt) string { return kiosk.SignReceipt(key, r, cfg.StatusURL) }
	a.filer = &filing.Filer{
		Outbox:  a.outbox,
		Issuer:  issuer,
		Printer: a.printer,
		Clock:   clock,
		KioskID: cfg.DeviceID,
		Site:    cfg.Site,
		Sign:    a.sign,
	}
	idleWarn, idleGrace := cfg.IdleTimes()
	a.session, err = kiosk.NewSession(kiosk.SessionConfig{
		Catalogue: a.catalogue,
		Filer:     a.filer,
		NoPaper:   cfg.Printer.Queue == "",
		Clock:     clock,
		Languages: cfg.Languages,
		Services:  cfg.Services,
		IdleWarn:  idleWarn,
		IdleGrace: idleGrace,
		// More time for a citizen listening, or reading large text.
		IdleAccessibleFactor: cfg.IdleAccessibleMultiplier(),
		Tracker:              a.outbox,
		Events: func(e kiosk.Event) {
			a.tech.metrics.Event(e)
			if e.Kind == kiosk.EventSessionStarted {
				a.mem.sessionStarted()
			}
		},
		Journeys: func(j kiosk.Journey) {
			a.journeys.Record(j)
			a.tech.metrics.Journey(j)
			a.mem.sessionEnded()
		},
		DeviceID: cfg.DeviceID,
		Site:     cfg.Site.In(kiosk.English),
		Channel:  channel(cfg.Mode),
	})
	if err != nil {
		return nil, err
	}
	speaker, speechOn := newSpeaker(cfg, opts, a.session, log)
	uiOpts := b.uiOptions()
	uiOpts.Clock, uiOpts.Speech, uiOpts.Speaker = clock, speechOn, speaker
	uiOpts.SpeechOffered = speaker != nil
	a.ui = screens.New(a.session, uiOpts)
	a.wireTechnician(opts, client)
	return a, nil
}

// channel is the journeys' name for how citizens reach the device.
func channel(m config.Mode) kiosk.Channel {
	if m == config.ModeTV {
		return kiosk.ChannelTV
	}
	return kiosk.ChannelKiosk
}

// loadCatalogue picks the catalogue the kiosk offers (see
// open311.OfferedCatalogue) and says which in the log.
func loadCatalogue(cfg config.Config, dataDir string, log *slog.Logger) (*kiosk.Catalogue, error) {
	c, choice, err := open311.OfferedCatalogue(cfg.CataloguePath, dataDir)
	if err != nil {
		return nil, err
	}
	if choice.CacheErr != nil {
		log.Error("cached catalogue unusable; using the embedded one", "err", choice.CacheErr)
	}
	log.Info("catalogue loaded", "from", choice.From, "path", cfg.CataloguePath, "version", c.Version)
	return c, nil
}

// start runs the background work: the metrics endpoint, the watchdog,
// the desk's upkeep, the idle ticker, the sync worker and the
// technician's control socket.
func (a *appliance) start(ctx context.Context) {
	ctx, a.stop = context.WithCancel(ctx)
	if addr := a.cfg.Metrics.Address(); addr != "" {
		l, err := a.tech.metrics.Listen(addr)
		if err != nil {
			// Metrics are not worth refusing citizens for.
			a.log.Error("metrics endpoint unavailable", "err", err)
		} else {
			a.log.Info("metrics endpoint", "url", "http://"+l.Addr().String()+"/metrics")
			a.wg.Go(func() { a.tech.metrics.Serve(ctx, l, a.log) })
		}
	}
	a.wg.Go(func() { a.tech.watchdog.Run(ctx) })
	a.wg.Go(func() { a.tech.desk.Run(ctx) })
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				a.ui.Tick()
			}
		}
	}()
	if a.syncer != nil {
		a.wg.Add(1)
		go func() {
			defer a.wg.Done()
			if err := a.syncer.Run(ctx); err != nil {
				a.log.Error("sync worker stopped", "err", err)
			}
		}()
	}
	local := &control.Local{
		Outbox:    a.outbox,
		Syncer:    a.syncer,
		Submitter: &control.Submitter{Catalogue: a.catalogue, Filer: a.filer, Stored: a.outbox},
	}
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		if err := control.Serve(ctx, a.dataDir, local); err != nil {
			a.log.Error("technician socket stopped", "err", err)
		}
	}()
}

// Close stops the background work, commits the journeys still queued and
// closes the databases.
func (a *appliance) Close() error {
	if a.stop != nil {
		a.stop()
	}
	a.mem.stop()
	a.wg.Wait()
	jerr := a.journeys.Close()
	if d := a.journeys.Dropped(); d > 0 {
		a.log.Warn("journeys dropped since start (queue full or write failed)", "journeys", d)
	}
	return errors.Join(a.outbox.Close(), jerr)
}
