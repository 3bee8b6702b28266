package desk

import (
	"log/slog"
	"sync/atomic"
)

// Restarter restarts the kiosk on a new configuration or catalogue, but
// only once no citizen and no technician uses the screen: the kiosk stops
// cleanly (the database closed) and main starts it again in place, back
// on the attract screen with the queue intact.
type Restarter struct {
	// OnUI runs f on the UI thread (fyne.Do); nil runs it at once.
	OnUI func(f func())
	// Idle reports whether nobody uses the screen; it runs on the UI
	// thread. Nil is always idle.
	Idle func() bool
	// Quit stops the kiosk (the application quits); main then sees
	// Requested and starts it again.
	Quit func()
	Log  *slog.Logger

	// pending is why the kiosk should restart as soon as nobody uses the
	// screen (nil for no restart pending).
	pending   atomic.Pointer[string]
	requested atomic.Bool
}

// WhenIdle asks for a restart: now if the screen is idle, else at the
// first Check that finds it idle.
func (r *Restarter) WhenIdle(why string) {
	r.pending.Store(&why)
	r.onUI(func() { r.ifIdle(why) })
}

// Check restarts if a restart waits and the screen is idle; the desk
// calls it every second.
func (r *Restarter) Check() {
	if why := r.pending.Load(); why != nil {
		r.onUI(func() { r.ifIdle(*why) })
	}
}

// Requested reports whether the kiosk was stopped to be started again.
func (r *Restarter) Requested() bool { return r.requested.Load() }

func (r *Restarter) onUI(f func()) {
	if r.OnUI == nil {
		f()
		return
	}
	r.OnUI(f)
}

// ifIdle restarts now if the screen is idle. It runs on the UI thread.
func (r *Restarter) ifIdle(why string) {
	if r.requested.Load() || (r.Idle != nil && !r.Idle()) {
		return
	}
	if r.Log != nil {
		r.Log.Info("restarting the kiosk", "why", why)
	}
	r.requested.Store(true)
	if r.Quit != nil {
		r.Quit()
	}
}
