package main

import (
	"fmt"
	"runtime"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"
)

// fakeClock runs the functions given to afterFunc when advance passes
// their time, in order, on the caller's goroutine.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Duration
	timers []*fakeTimer
}

type fakeTimer struct {
	at        time.Duration
	f         func()
	cancelled bool
}

func (c *fakeClock) afterFunc(d time.Duration, f func()) func() {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{at: c.now + d, f: f}
	c.timers = append(c.timers, t)
	return func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		t.cancelled = true
	}
}

func (c *fakeClock) elapsed() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// advanceTo moves the clock to at, running every timer due by then.
func (c *fakeClock) advanceTo(at time.Duration) {
	for {
		c.mu.Lock()
		sort.SliceStable(c.timers, func(i, j int) bool { return c.timers[i].at < c.timers[j].at })
		var next *fakeTimer
		for len(c.timers) > 0 && next == nil {
			t := c.timers[0]
			if t.at > at {
				break
			}
			c.timers = c.timers[1:]
			if !t.cancelled {
				next = t
			}
		}
		if next == nil {
			c.now = at
			c.mu.Unlock()
			return
		}
		c.now = next.at
		c.mu.Unlock()
		next.f()
	}
}

func TestMemoryRelease(t *testing.T) {
	const (
		delay = 2 * time.Second
		cache = 15 * time.Second
	)
	// After a session that ends at 0: the first release, the repaint
	// once the cache expired, the release after Fyne's clean.
	repaintAt := cache + cacheMargin
	lastAt := repaintAt + cleanWait
	type event struct {
		at      time.Duration
		started bool // a session starts (else one ends)
	}
	tests := []struct {
		name      string
		events    []event
		noRepaint bool
		stopAt    time.Duration // 0: never stopped
		want      []string
	}{
		{
			name:   "one session: release, repaint after the cache, release after the clean",
			events: []event{{at: 0}},
			want:   []string{at("release", delay), at("repaint", repaintAt), at("release", lastAt)},
		},
		{
			name:   "sessions ending close together: the last one's timing",
			events: []event{{at: 0}, {at: time.Second}},
			want: []string{at("release", time.Second+delay), at("repaint", time.Second+repaintAt),
				at("release", time.Second+lastAt)},
		},
		{
			name:   "a session started before the repaint cancels it",
			events: []event{{at: 0}, {at: 5 * time.Second, started: true}},
			want:   []string{at("release", delay)},
		},
		{
			name:   "a session started before the first release cancels all",
			events: []event{{at: 0}, {at: time.Second, started: true}},
			want:   nil,
		},
		{
			name:   "a session started between the repaint and the clean cancels the last release",
			events: []event{{at: 0}, {at: repaintAt + time.Second, started: true}},
			want:   []string{at("release", delay), at("repaint", repaintAt)},
		},
		{
			name: "the next session ends: its own repaint and releases",
			events: []event{{at: 0}, {at: 5 * time.Second, started: true},
				{at: 20 * time.Second}},
			want: []string{at("release", delay), at("release", 20*time.Second+delay),
				at("repaint", 20*time.Second+repaintAt), at("release", 20*time.Second+lastAt)},
		},
		{
			name:      "no window yet: releases only",
			events:    []event{{at: 0}},
			noRepaint: true,
			want:      []string{at("release", delay)},
		},
		{
			name:   "stopped: nothing more",
			events: []event{{at: 0}},
			stopAt: delay + time.Second,
			want:   []string{at("release", delay)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := &fakeClock{}
			var (
				mu  sync.Mutex
				got []string
			)
			record := func(what string) func() {
				return func() {
					mu.Lock()
					defer mu.Unlock()
					got = append(got, at(what, clock.elapsed()))
				}
			}
			m := &memoryRelease{delay: delay, cache: cache, release: record("release"), afterFunc: clock.afterFunc}
			if !tt.noRepaint {
				m.setRepaint(record("repaint"))
			}
			for _, e := range tt.events {
				clock.advanceTo(e.at)
				if e.started {
					m.sessionStarted()
				} else {
					m.sessionEnded()
				}
			}
			if tt.stopAt > 0 {
				clock.advanceTo(tt.stopAt)
				m.stop()
			}
			clock.advanceTo(time.Hour)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func at(what string, d time.Duration) string { return fmt.Sprintf("%s at %s", what, d) }

// The repaint waits for the cache duration Fyne uses: FYNE_CACHE as Fyne
// parses it, else Fyne's minute.
func TestCacheDuration(t *testing.T) {
	tests := []struct {
		name, env string
		want      time.Duration
	}{
		{"unset: Fyne's minute", "", time.Minute},
		{"set", "15s", 15 * time.Second},
		{"unparseable: Fyne's minute", "fifteen", time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cacheDuration(func(k string) string {
				if k == "FYNE_CACHE" {
					return tt.env
				}
				return ""
			})
			if got != tt.want {
				t.Errorf("cacheDuration(FYNE_CACHE=%q) = %s, want %s", tt.env, got, tt.want)
			}
		})
	}
}

// The real clock: a session's release happens, and a new session
// cancels the repaint.
func TestMemoryReleaseRealClock(t *testing.T) {
	released, repainted := make(chan struct{}, 4), make(chan struct{}, 4)
	m := &memoryRelease{delay: 10 * time.Millisecond, cache: 50 * time.Millisecond,
		release: func() { released <- struct{}{} }}
	m.setRepaint(func() { repainted <- struct{}{} })
	m.sessionEnded()
	select {
	case <-released:
	case <-time.After(5 * time.Second):
		t.Fatal("no release after a session")
	}
	m.sessionStarted()
	select {
	case <-repainted:
		t.Error("repainted after a new session started")
	case <-time.After(cacheMargin + 200*time.Millisecond):
	}
}

// freeMemory hands the Go heap's free pages back: after a session's
// garbage, little is kept idle and unreturned.
func TestFreeMemoryReturnsTheGoHeap(t *testing.T) {
	garbage := make([][]byte, 64)
	for i := range garbage {
		garbage[i] = make([]byte, 1<<20)
		garbage[i][0] = 1
	}
	garbage = nil
	freeMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if kept := ms.HeapIdle - ms.HeapReleased; kept > 8<<20 {
		t.Errorf("after freeMemory the Go heap keeps %d MB free and unreturned, want under 8 MB", kept>>20)
	}
	_ = garbage
}
