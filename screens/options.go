package screens

import (
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
)

// Options configure the UI.
type Options struct {
	// Mode is the kind of device. The TV mode (remote control, 10-foot
	// theme) is not built yet: both modes draw the touch screens.
	Mode kiosk.Mode
	// HighContrast and LargeText are the accessibility defaults every
	// session starts with; a citizen may switch them on the service grid,
	// and they return to these defaults when the session ends.
	HighContrast bool
	LargeText    bool
	// Clock gives the date picker its current year and times the thanks
	// screen; the system clock when nil.
	Clock kiosk.Clock
	// ThanksTimeout is how long the thanks screen stays before the kiosk
	// returns to the attract loop; 8 seconds when zero.
	ThanksTimeout time.Duration
}

func (o Options) withDefaults() Options {
	if o.Mode == "" {
		o.Mode = kiosk.ModeKiosk
	}
	if o.Clock == nil {
		o.Clock = kiosk.SystemClock{}
	}
	if o.ThanksTimeout <= 0 {
		o.ThanksTimeout = 8 * time.Second
	}
	return o
}
