package main

import (
	"cmp"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

func TestMemoryRelease(t *testing.T) {
	const delay = 200 * time.Millisecond
	tests := []struct {
		name string
		// ends are the times, from the start, at which sessions end;
		// starts those at which they start.
		ends   []time.Duration
		starts []time.Duration
		stop   bool
		want   int32
	}{
		{"one session, one release", []time.Duration{0}, nil, false, 1},
		{"sessions ending close together share one", []time.Duration{0, 20 * time.Millisecond, 40 * time.Millisecond}, nil, false, 1},
		{"sessions far apart, one each", []time.Duration{0, 3 * delay}, nil, false, 2},
		{"stopped before the delay, none", []time.Duration{0}, nil, true, 0},
		// The next citizen's screens are not held by a collection: the
		// release waits for the end of their session.
		{"a session started before the delay puts it off to its end", []time.Duration{0, 2 * delay}, []time.Duration{delay / 2}, false, 1},
		{"a session under way when it is due, none", []time.Duration{0}, []time.Duration{delay / 2}, false, 0},
		{"a session started after it, released once before", []time.Duration{0}, []time.Duration{2 * delay}, false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var released atomic.Int32
			m := &memoryRelease{delay: delay, release: func() { released.Add(1) }}
			type event struct {
				at    time.Duration
				start bool
			}
			var events []event
			for _, at := range tt.ends {
				events = append(events, event{at, false})
			}
			for _, at := range tt.starts {
				events = append(events, event{at, true})
			}
			slices.SortStableFunc(events, func(a, b event) int { return cmp.Compare(a.at, b.at) })
			start := time.Now()
			for _, e := range events {
				time.Sleep(time.Until(start.Add(e.at)))
				if e.start {
					m.sessionStarted()
				} else {
					m.sessionEnded()
				}
			}
			if tt.stop {
				m.stop()
			}
			time.Sleep(3 * delay)
			if got := released.Load(); got != tt.want {
				t.Errorf("released %d times, want %d", got, tt.want)
			}
		})
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
