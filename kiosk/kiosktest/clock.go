// Package kiosktest holds the test doubles of the kiosk's ports that the
// tests of several packages share, written once.
package kiosktest

import (
	"sync"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
)

// Clock is a kiosk.Clock a test moves by hand. It is safe for concurrent
// use: the code under test may read it from its own goroutines.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

var _ kiosk.Clock = (*Clock)(nil)

// NewClock returns a clock standing at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now implements kiosk.Clock.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Add moves the clock by d.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Set puts the clock at t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}
