package kiosktest_test

import (
	"sync"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk/kiosktest"
)

func TestClock(t *testing.T) {
	start := time.Date(2026, 3, 20, 21, 0, 0, 0, time.UTC)
	c := kiosktest.NewClock(start)
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() { c.Add(time.Second) })
	}
	wg.Wait()
	if got := c.Now(); !got.Equal(start.Add(10 * time.Second)) {
		t.Errorf("after ten seconds added: %v", got)
	}
	c.Set(start)
	if got := c.Now(); !got.Equal(start) {
		t.Errorf("after Set: %v", got)
	}
}
