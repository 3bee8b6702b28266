// Package watchdog tells systemd the kiosk is alive, but only while its
// UI thread answers: every period it asks the UI thread to note the time,
// and sends WATCHDOG=1 only when it did. A UI stuck in a loop or a
// deadlock stops the pings, and systemd (WatchdogSec in the unit) kills
// and restarts the kiosk. READY=1 goes out on the first answer, when the
// window really draws. Without systemd the notifications go nowhere, and
// the UI's last answer still feeds the runtime report and the metrics.
package watchdog

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/coreos/go-systemd/v22/daemon"
)

// DefaultPeriod is how often the UI is asked without a systemd watchdog.
const DefaultPeriod = 10 * time.Second

// Config is what a Watchdog asks and tells. Zero fields take the defaults
// noted.
type Config struct {
	// Ping runs f on the UI thread (fyne.Do).
	Ping func(f func())
	// Notify sends a state to systemd (default sd_notify on
	// $NOTIFY_SOCKET).
	Notify func(state string) error
	// Period is how often the UI is asked (default a third of systemd's
	// WATCHDOG_USEC, so one slow answer does not get the kiosk killed;
	// DefaultPeriod without it).
	Period time.Duration
	// After waits (default time.After); Now reads the time (default
	// time.Now).
	After func(time.Duration) <-chan time.Time
	Now   func() time.Time
	// OnAlive is told each time the UI answered.
	OnAlive func(time.Time)
	// Restarting reports whether the kiosk stops to start again in place;
	// systemd is then told RELOADING=1 instead of STOPPING=1.
	Restarting func() bool
	Log        *slog.Logger
}

// Watchdog pings the UI thread and tells systemd how it answers.
type Watchdog struct {
	cfg   Config
	alive atomic.Int64 // Unix nanoseconds of the last answer
}

// New makes a watchdog; it reads systemd's watchdog interval from the
// environment unless cfg.Period is set.
func New(cfg Config) *Watchdog {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Notify == nil {
		cfg.Notify = func(state string) error {
			_, err := daemon.SdNotify(false, state)
			return err
		}
	}
	if cfg.After == nil {
		cfg.After = time.After
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Period <= 0 {
		cfg.Period = DefaultPeriod
		if d, err := daemon.SdWatchdogEnabled(false); err == nil && d > 0 {
			cfg.Period = d / 3
			cfg.Log.Info("systemd watchdog enabled", "interval", d, "ui_ping_every", cfg.Period)
		} else if err != nil {
			cfg.Log.Warn("systemd watchdog settings unusable", "err", err)
		}
	}
	return &Watchdog{cfg: cfg}
}

// Period is how often the UI is asked.
func (w *Watchdog) Period() time.Duration { return w.cfg.Period }

// LastAlive returns when the UI last answered; zero before it ever did.
func (w *Watchdog) LastAlive() time.Time {
	n := w.alive.Load()
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n)
}

// Run pings the UI until ctx is done, then tells systemd the kiosk is
// stopping (or restarting).
func (w *Watchdog) Run(ctx context.Context) {
	answered := make(chan time.Time, 1)
	pending := false
	ready := false
	late := false
	for {
		if !pending {
			// One question at a time: a stuck UI must not pile pings up
			// in its queue.
			pending = true
			w.cfg.Ping(func() {
				select {
				case answered <- w.cfg.Now():
				default:
				}
			})
		}
		// One period per question: the answer's wait and the time
		// allowed to answer are the same.
		tick := w.cfg.After(w.cfg.Period)
		select {
		case <-ctx.Done():
			w.stopping()
			return
		case t := <-answered:
			pending = false
			w.alive.Store(t.UnixNano())
			if w.cfg.OnAlive != nil {
				w.cfg.OnAlive(t)
			}
			if late {
				w.cfg.Log.Info("the UI answers again")
				late = false
			}
			if !ready {
				ready = true
				w.send("READY=1")
			}
			w.send("WATCHDOG=1")
			select {
			case <-ctx.Done():
				w.stopping()
				return
			case <-tick:
			}
		case <-tick:
			if !late {
				late = true
				w.cfg.Log.Warn("the UI thread did not answer within the watchdog period; not telling systemd it is alive", "period", w.cfg.Period)
			}
		}
	}
}

// stopping tells systemd the kiosk stops, or that it restarts in place:
// then systemd waits for the new READY=1 instead of expecting the process
// to end.
func (w *Watchdog) stopping() {
	state := "STOPPING=1"
	if w.cfg.Restarting != nil && w.cfg.Restarting() {
		state = "RELOADING=1\n" + daemon.SdNotifyMonotonicUsec()
	}
	w.send(state)
}

func (w *Watchdog) send(state string) {
	if err := w.cfg.Notify(state); err != nil {
		w.cfg.Log.Warn("sd_notify failed", "state", state, "err", err)
	}
}
