package main

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/coreos/go-systemd/v22/daemon"
)

// watchdog tells systemd the kiosk is alive, but only while its UI thread
// answers: every period it asks the UI thread, through fyne.Do, to note
// the time, and sends WATCHDOG=1 only when it did. A UI stuck in a loop
// or a deadlock stops the pings, and systemd (WatchdogSec in the unit)
// kills and restarts the kiosk. READY=1 goes out on the first answer, when
// the window really draws. Without systemd the notifications go nowhere,
// and the UI's last answer still feeds the runtime report and metrics.
type watchdog struct {
	// notify sends a state to systemd (daemon.SdNotify).
	notify func(state string) error
	// ping runs f on the UI thread (fyne.Do).
	ping func(f func())
	// period is how often the UI is asked.
	period time.Duration
	// after waits; nil is time.After.
	after func(time.Duration) <-chan time.Time
	now   func() time.Time
	log   *slog.Logger
	// onAlive is told each time the UI answered.
	onAlive func(time.Time)
	// farewell is the state sent when the kiosk stops; nil sends
	// STOPPING=1.
	farewell func() string

	alive atomic.Int64 // Unix nanoseconds of the last answer
}

// defaultUIPeriod is how often the UI is asked without a systemd
// watchdog.
const defaultUIPeriod = 10 * time.Second

// newWatchdog reads the systemd watchdog's interval (WATCHDOG_USEC) and
// asks the UI three times per interval, so one slow answer does not get
// the kiosk killed.
func newWatchdog(ping func(func()), log *slog.Logger) *watchdog {
	w := &watchdog{
		notify: func(state string) error {
			_, err := daemon.SdNotify(false, state)
			return err
		},
		ping:   ping,
		period: defaultUIPeriod,
		log:    log,
	}
	if d, err := daemon.SdWatchdogEnabled(false); err == nil && d > 0 {
		w.period = d / 3
		log.Info("systemd watchdog enabled", "interval", d, "ui_ping_every", w.period)
	} else if err != nil {
		log.Warn("systemd watchdog settings unusable", "err", err)
	}
	return w
}

// lastAlive returns when the UI last answered; zero before it ever did.
func (w *watchdog) lastAlive() time.Time {
	n := w.alive.Load()
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n)
}

// run pings the UI until ctx is done, then tells systemd the kiosk is
// stopping.
func (w *watchdog) run(ctx context.Context) {
	after := w.after
	if after == nil {
		after = time.After
	}
	now := w.now
	if now == nil {
		now = time.Now
	}
	answered := make(chan time.Time, 1)
	pending := false
	ready := false
	late := false
	for {
		if !pending {
			// One question at a time: a stuck UI must not pile pings up
			// in its queue.
			pending = true
			w.ping(func() {
				select {
				case answered <- now():
				default:
				}
			})
		}
		// One period per question: the answer's wait and the time
		// allowed to answer are the same.
		tick := after(w.period)
		select {
		case <-ctx.Done():
			w.stopping()
			return
		case t := <-answered:
			pending = false
			w.alive.Store(t.UnixNano())
			if w.onAlive != nil {
				w.onAlive(t)
			}
			if late {
				w.log.Info("the UI answers again")
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
				w.log.Warn("the UI thread did not answer within the watchdog period; not telling systemd it is alive", "period", w.period)
			}
		}
	}
}

// stopping tells systemd the kiosk stops, or that it restarts in place.
func (w *watchdog) stopping() {
	state := "STOPPING=1"
	if w.farewell != nil {
		state = w.farewell()
	}
	w.send(state)
}

func (w *watchdog) send(state string) {
	if err := w.notify(state); err != nil {
		w.log.Warn("sd_notify failed", "state", state, "err", err)
	}
}
