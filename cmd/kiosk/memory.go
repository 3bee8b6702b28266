package main

import (
	"log/slog"
	"os"
	"runtime/debug"
	"sync"
	"time"
)

// memoryRelease gives back to the system, after each session, the
// memory its screens used and no longer do, and lets the last citizen's
// screens (with what they typed) go from memory soon after they leave.
//
// Fyne keeps the renderer of every widget for its cache duration
// (FYNE_CACHE, a minute by default) after the widget was last drawn, and
// destroys expired renderers only on a frame that freed textures; on the
// attract screen nothing repaints, so a finished session's renderers,
// and the heap spans they pin, would stay until the next citizen.
// So, after a session ends:
//   - releaseDelay later, the heaps are released once (the replaced
//     screens' textures were freed by then);
//   - once the session's renderers have expired (the cache duration and
//     a second), the attract screen is repainted once, which has Fyne
//     destroy them on that frame or, at most cleanWait later, on the
//     frame of its next cache clean;
//   - cleanWait after the repaint, the heaps are released again.
//
// A new session cancels what is pending: a release is a forced
// collection (25–190 ms seen on two cores), which must not land on a
// citizen's screen change; the session's own end arranges it again. The zero value works with the
// real clock, FYNE_CACHE as the cache duration, freeMemory and no
// repaint.
type memoryRelease struct {
	// delay, when set, replaces releaseDelay (tests).
	delay time.Duration
	// cache, when set, replaces the cache duration read from FYNE_CACHE.
	cache time.Duration
	// release, when set, replaces freeMemory (tests).
	release func()
	// log, when set, hears how long each release took (at debug level).
	log *slog.Logger
	// afterFunc, when set, replaces time.AfterFunc (tests): it calls f
	// after d and returns what cancels the call.
	afterFunc func(d time.Duration, f func()) (cancel func())

	mu sync.Mutex
	// repaint redraws what the window shows; it must hand the canvas work
	// to the UI thread (fyne.Do). Nil: the renderers are left to Fyne.
	repaint func()
	// gen counts sessions begun and ended: a timer set for an older
	// generation does nothing.
	gen     uint64
	pending []func()
}

const (
	// releaseDelay lets the next frames free the replaced screens'
	// textures before the heaps are trimmed the first time.
	releaseDelay = 2 * time.Second
	// cacheMargin is waited past the cache duration, so that every
	// renderer of the session has expired when the screen repaints.
	cacheMargin = time.Second
	// cleanWait is the longest Fyne may wait after a repaint to clean its
	// caches (it cleans at most every 10 s) and a second more.
	cleanWait = 11 * time.Second
	// defaultCacheDuration is Fyne's when FYNE_CACHE is not set.
	defaultCacheDuration = time.Minute
)

// cacheDuration is how long Fyne keeps what it drew after its last
// frame: FYNE_CACHE as Fyne reads it (once, at start), else a minute.
func cacheDuration(getenv func(string) string) time.Duration {
	if d, err := time.ParseDuration(getenv("FYNE_CACHE")); err == nil {
		return d
	}
	return defaultCacheDuration
}

// setRepaint sets what redraws the window (see memoryRelease.repaint).
func (m *memoryRelease) setRepaint(repaint func()) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.repaint = repaint
}

// sessionEnded cancels what is pending and arranges the releases and the
// repaint of a session's end.
func (m *memoryRelease) sessionEnded() {
	m.mu.Lock()
	defer m.mu.Unlock()
	gen := m.cancelLocked()
	delay, cache, release := m.delay, m.cache, m.release
	if delay == 0 {
		delay = releaseDelay
	}
	if cache == 0 {
		cache = cacheDuration(os.Getenv)
	}
	if release == nil {
		release = freeMemory
	}
	if log := m.log; log != nil {
		free := release
		release = func() {
			start := time.Now()
			free()
			log.Debug("memory released", "took", time.Since(start).Round(time.Microsecond))
		}
	}
	m.afterLocked(gen, delay, release)
	if m.repaint == nil {
		return
	}
	repaint := m.repaint
	m.afterLocked(gen, cache+cacheMargin, func() {
		repaint()
		m.mu.Lock()
		defer m.mu.Unlock()
		if m.gen == gen {
			m.afterLocked(gen, cleanWait, release)
		}
	})
}

// sessionStarted cancels what is pending: the screens are in use again.
func (m *memoryRelease) sessionStarted() { m.stop() }

// stop cancels what is pending.
func (m *memoryRelease) stop() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cancelLocked()
}

// cancelLocked cancels the pending timers and returns the new generation.
func (m *memoryRelease) cancelLocked() uint64 {
	for _, cancel := range m.pending {
		cancel()
	}
	m.pending = m.pending[:0]
	m.gen++
	return m.gen
}

// afterLocked calls f after d unless the generation changed by then.
func (m *memoryRelease) afterLocked(gen uint64, d time.Duration, f func()) {
	afterFunc := m.afterFunc
	if afterFunc == nil {
		afterFunc = func(d time.Duration, f func()) func() {
			t := time.AfterFunc(d, f)
			return func() { t.Stop() }
		}
	}
	m.pending = append(m.pending, afterFunc(d, func() {
		m.mu.Lock()
		current := m.gen == gen
		m.mu.Unlock()
		if current {
			f()
		}
	}))
}

// freeMemory returns the Go heap's free pages (after a collection) and
// the C heap's free pages to the system.
func freeMemory() {
	debug.FreeOSMemory()
	trimCHeap()
}
