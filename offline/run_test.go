package offline_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/offline"
)

// fakeTimers hands Run channels the test fires by hand, and records how
// long Run wanted to wait.
type fakeTimers struct {
	mu    sync.Mutex
	waits []time.Duration
	chans []chan time.Time
	asked chan struct{}
}

func newTimers() *fakeTimers { return &fakeTimers{asked: make(chan struct{}, 100)} }

func (f *fakeTimers) After(d time.Duration) <-chan time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := make(chan time.Time, 1)
	f.waits = append(f.waits, d)
	f.chans = append(f.chans, c)
	f.asked <- struct{}{}
	return c
}

// waitAsked blocks until Run waits on a timer again (bounded).
func (f *fakeTimers) waitAsked(t *testing.T) time.Duration {
	t.Helper()
	select {
	case <-f.asked:
	case <-time.After(10 * time.Second):
		t.Fatal("Run never waited")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.waits[len(f.waits)-1]
}

func (f *fakeTimers) fire() {
	f.mu.Lock()
	c := f.chans[len(f.chans)-1]
	f.mu.Unlock()
	c <- time.Time{}
}

func TestRunWakesOnEnqueueAndWaitsOutThePause(t *testing.T) {
	clock := newClock()
	bo := newBackOffice(t)
	bo.fault, bo.faults = status(503, "", "", "Retry-After", "45"), 1
	o := openOutbox(t, t.TempDir(), clock, offline.Options{Key: testKey})
	timers := newTimers()
	cfg := syncConfig(clock)
	cfg.After = timers.After
	s := offline.NewSyncer(o, bo.client(t, time.Second), cfg)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()

	if d := timers.waitAsked(t); d != time.Minute {
		t.Errorf("idle Run waits %v, want its 1m heartbeat", d)
	}
	sub := newSubmitter(t, clock, 0)
	first := sub.next(nil)
	enqueue(t, o, first) // wakes Run: the POST gets 503 Retry-After 45
	if d := timers.waitAsked(t); d != 45*time.Second {
		t.Errorf("after a 503 with Retry-After 45, Run waits %v", d)
	}
	if len(bo.seen()) != 1 {
		t.Fatalf("%d POSTs after the enqueue, want 1", len(bo.seen()))
	}
	// A second submission during the pause wakes Run, which sends nothing.
	enqueue(t, o, sub.next(nil))
	timers.waitAsked(t)
	if len(bo.seen()) != 1 {
		t.Errorf("Run sent during the back office's Retry-After")
	}
	// The pause ends: both go.
	clock.Add(46 * time.Second)
	timers.fire()
	timers.waitAsked(t)
	if c, _ := o.Counts(); c[offline.StateSent] != 2 {
		t.Errorf("after the pause: %v, want both sent", c)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run = %v", err)
	}
}

func TestOnlineOfflineDetection(t *testing.T) {
	clock := newClock()
	bo := newBackOffice(t)
	var down atomic.Bool
	down.Store(true)
	bo.fault, bo.faults = func(w http.ResponseWriter, r *http.Request) {
		// The link is down: the connection drops before any answer.
		conn, _, _ := w.(http.Hijacker).Hijack()
		conn.Close()
	}, 1<<30
	bo.faultSearches = true
	o := openOutbox(t, t.TempDir(), clock, offline.Options{Key: testKey})
	var logs bytes.Buffer
	cfg := syncConfig(clock)
	cfg.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	s := offline.NewSyncer(o, bo.client(t, time.Second), cfg)
	sub := newSubmitter(t, clock, 0)
	enqueue(t, o, sub.next(nil), sub.next(nil), sub.next(nil))
	if h := s.Health(); !h.Online {
		t.Fatalf("a new syncer starts %+v", h)
	}
	s.Once(context.Background())
	h := s.Health()
	if h.Online || h.Failures == 0 || h.LastError == "" || !h.PausedUntil.After(clock.Now()) {
		t.Fatalf("with the link down: %+v, want offline, paused, with the error", h)
	}
	// While offline, each pass probes with one call, not the lot: the
	// POSTs cut off are unconfirmed, so the probe is a search for one.
	calls := func() int {
		bo.mu.Lock()
		defer bo.mu.Unlock()
		return len(bo.posts) + bo.searches
	}
	before := calls()
	clock.Add(time.Hour)
	s.Once(context.Background())
	if n := calls() - before; n != 1 {
		t.Errorf("an offline pass made %d calls, want a single probe", n)
	}
	// The link returns.
	bo.mu.Lock()
	bo.faults = len(bo.posts)
	bo.mu.Unlock()
	clock.Add(time.Hour)
	rep, _ := s.Once(context.Background())
	if !rep.Health.Online || rep.Sent != 3 || rep.Health.Failures != 0 {
		t.Errorf("after the link returned: %+v", rep)
	}
	for _, secret := range []string{bo.apiKey, nationalCode} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("the log holds %q:\n%s", secret, logs.String())
		}
	}
	if !strings.Contains(logs.String(), "tracking_code=") {
		t.Errorf("the log does not name submissions by tracking code:\n%s", logs.String())
	}
}

func TestConcurrencyIsBounded(t *testing.T) {
	clock := newClock()
	bo := newBackOffice(t)
	var inFlight, peak atomic.Int32
	release := make(chan struct{})
	bo.answer = func(w http.ResponseWriter, id string) {
		n := inFlight.Add(1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		select { // hold the answer until the test has seen the peak
		case <-release:
		case <-time.After(50 * time.Millisecond):
		}
		inFlight.Add(-1)
		w.Write([]byte(`[{"service_request_id":"` + id + `"}]`))
	}
	o := openOutbox(t, t.TempDir(), clock, offline.Options{Key: testKey})
	sub := newSubmitter(t, clock, 0)
	for range 12 {
		enqueue(t, o, sub.next(nil))
	}
	cfg := syncConfig(clock)
	cfg.Concurrency = 3
	s := offline.NewSyncer(o, bo.client(t, 5*time.Second), cfg)
	rep, err := s.Once(context.Background())
	close(release)
	if err != nil || rep.Sent != 12 {
		t.Fatalf("pass = %+v, %v", rep, err)
	}
	if p := peak.Load(); p > 3 || p < 2 {
		t.Errorf("peak of %d POSTs in flight with Concurrency 3", p)
	}
}
