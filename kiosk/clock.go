package kiosk

import "time"

// Clock tells the time. The session and the idle timer read time only
// through a Clock, so tests move time forward instead of sleeping.
type Clock interface {
	Now() time.Time
}

// SystemClock is the wall clock.
type SystemClock struct{}

// Now returns the current local time.
func (SystemClock) Now() time.Time { return time.Now() }
