package main

import (
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

func TestMemoryRelease(t *testing.T) {
	const delay = 200 * time.Millisecond
	tests := []struct {
		name string
		// ends are the times, from the start, at which sessions end.
		ends []time.Duration
		stop bool
		want int32
	}{
		{"one session, one release", []time.Duration{0}, false, 1},
		{"sessions ending close together share one", []time.Duration{0, 20 * time.Millisecond, 40 * time.Millisecond}, false, 1},
		{"sessions far apart, one each", []time.Duration{0, 3 * delay}, false, 2},
		{"stopped before the delay, none", []time.Duration{0}, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var released atomic.Int32
			m := &memoryRelease{delay: delay, release: func() { released.Add(1) }}
			start := time.Now()
			for _, at := range tt.ends {
				time.Sleep(time.Until(start.Add(at)))
				m.sessionEnded()
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
