package desk_test

import (
	"testing"

	"github.com/pishkhan/pishkhan/kiosk/desk"
)

func TestRestarterWaitsForTheScreen(t *testing.T) {
	tests := []struct {
		name string
		// idle is whether the screen is idle at the ask, then at each
		// check.
		idle      []bool
		wantQuits int
	}{
		{"idle at once", []bool{true}, 1},
		{"busy, then idle", []bool{false, false, true}, 1},
		{"busy throughout", []bool{false, false, false}, 0},
		{"once stopped, never again", []bool{true, true, true}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var idle bool
			quits, onUI := 0, 0
			r := &desk.Restarter{
				OnUI: func(f func()) { onUI++; f() },
				Idle: func() bool { return idle },
				Quit: func() { quits++ },
			}
			if r.Requested() {
				t.Fatal("requested before anything asked")
			}
			r.Check()
			if onUI != 0 || quits != 0 {
				t.Fatal("a check with no restart waiting went to the UI thread")
			}
			idle = tt.idle[0]
			r.WhenIdle("new configuration")
			for _, i := range tt.idle[1:] {
				idle = i
				r.Check()
			}
			if quits != tt.wantQuits || r.Requested() != (tt.wantQuits > 0) {
				t.Errorf("stopped %d times (requested %v), want %d", quits, r.Requested(), tt.wantQuits)
			}
			if onUI != len(tt.idle) {
				t.Errorf("the screen was looked at %d times off the UI thread's queue, want %d", onUI, len(tt.idle))
			}
		})
	}
}
