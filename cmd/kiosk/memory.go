package main

import (
	"log/slog"
	"runtime/debug"
	"sync"
	"time"
)

// memoryRelease gives back to the system, a little after each session,
// the memory its screens used and no longer do: the Go runtime's free
// pages and the C heap's, where the software renderer kept the
// session's textures. Neither comes back by itself on a kiosk that
// stands on its attract screen (docs/performance.md, issue 17).
// The zero value releases with freeMemory, releaseDelay after a session.
//
// The release is a forced collection (25–100 ms on two cores): it waits
// for the kiosk to stand idle, so a session starting before it is due
// puts it off to that session's end, and it never lands on a citizen's
// screen change.
type memoryRelease struct {
	// delay, when set, replaces releaseDelay (tests).
	delay time.Duration
	// release, when set, replaces freeMemory (tests).
	release func()
	// log, when set, hears how long each release took (at debug level).
	log *slog.Logger

	mu    sync.Mutex
	timer *time.Timer
}

// releaseDelay lets the next frames free the replaced screens' textures
// before the heaps are trimmed.
const releaseDelay = 2 * time.Second

// sessionEnded arranges one release after the delay; sessions that end
// closer together than that share it.
func (m *memoryRelease) sessionEnded() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.timer != nil {
		m.timer.Stop()
	}
	delay, release := m.delay, m.release
	if delay == 0 {
		delay = releaseDelay
	}
	if release == nil {
		release = freeMemory
	}
	m.timer = time.AfterFunc(delay, func() {
		start := time.Now()
		release()
		if m.log != nil {
			m.log.Debug("memory released", "took", time.Since(start).Round(time.Microsecond))
		}
	})
}

// sessionStarted puts off the pending release, if any, to the end of the
// session just started.
func (m *memoryRelease) sessionStarted() { m.stop() }

// stop cancels a pending release.
func (m *memoryRelease) stop() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.timer != nil {
		m.timer.Stop()
	}
}

// freeMemory returns the Go heap's free pages (after a collection) and
// the C heap's free pages to the system.
func freeMemory() {
	debug.FreeOSMemory()
	trimCHeap()
}
