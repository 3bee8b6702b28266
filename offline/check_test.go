package offline_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/offline"
)

// TestCheckBesideWriters runs the integrity check again and again while
// submissions are enqueued and the sync worker sends and settles them.
// A check that read the free list beside a commit crashed the process
// ("concurrent map iteration and map write") or reported pages "reachable
// freed" that a check of the closed file did not find: a false alarm that
// leads a technician to set a good queue aside.
func TestCheckBesideWriters(t *testing.T) {
	dir := t.TempDir()
	clock := newClock()
	o := openOutbox(t, dir, clock, offline.Options{Key: testKey, Retention: time.Hour})
	bo := newBackOffice(t)
	s := offline.NewSyncer(o, bo.client(t, 2*time.Second), syncConfig(clock))
	sub := newSubmitter(t, clock, 0)

	const enqueues = 200
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	var mu sync.Mutex
	subs := make(chan struct{})
	wg.Go(func() {
		defer close(subs)
		for range enqueues {
			mu.Lock()
			next := sub.next(nil)
			mu.Unlock()
			if err := o.Enqueue(ctx, next); err != nil {
				t.Errorf("enqueue: %v", err)
				return
			}
		}
	})
	wg.Go(func() {
		for {
			select {
			case <-subs:
				return
			default:
			}
			if _, err := s.Once(ctx); err != nil {
				t.Errorf("sync pass: %v", err)
				return
			}
		}
	})
	// Check until the writers are done (bounded by ctx).
	var failed []error
	checks := 0
	for done := false; !done && ctx.Err() == nil; checks++ {
		select {
		case <-subs:
			done = true
		default:
		}
		if err := o.Check(); err != nil && len(failed) < 5 {
			failed = append(failed, err)
		}
	}
	wg.Wait()
	t.Logf("%d checks beside %d enqueues", checks, enqueues)
	for _, err := range failed {
		t.Errorf("check beside writers: %v", err)
	}
	// And the file, once the writers stopped, agrees.
	checkOutbox(t, o)
	if n := len(entries(t, o, offline.ListOptions{})); n != enqueues {
		t.Fatalf("%d submissions stored, want %d", n, enqueues)
	}
}

// BenchmarkCheck measures the integrity check of an outbox of 10,000
// submissions: how long it holds submissions and the sync worker.
func BenchmarkCheck(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			clock := newClock()
			o := openOutbox(b, b.TempDir(), clock, offline.Options{Key: testKey})
			fill(b, o, newSubmitter(b, clock, 0), n)
			b.ResetTimer()
			for b.Loop() {
				if err := o.Check(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
