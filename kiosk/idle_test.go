package kiosk_test

import (
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/filing"
	"github.com/pishkhan/pishkhan/kiosk/kiosktest"
)

// TestIdleGivesMoreTimeToAccessibleCitizens: a citizen in audio-only mode
// or with large text is warned after IdleWarn times the multiplier, and
// has IdleGrace times it to answer the warning; others, and a device set
// to 1, keep the plain times.
func TestIdleGivesMoreTimeToAccessibleCitizens(t *testing.T) {
	const warn, grace = 60 * time.Second, 30 * time.Second
	tests := []struct {
		name      string
		factor    float64
		a11y      kiosk.Accessibility
		wantWarn  time.Duration // idle time at which the warning comes
		wantGrace time.Duration // and the countdown it then shows
	}{
		{"no accessibility", 2, kiosk.Accessibility{}, warn, grace},
		{"high contrast alone reads at the usual pace", 2, kiosk.Accessibility{HighContrast: true}, warn, grace},
		{"speech with the screen shown", 2, kiosk.Accessibility{Speech: true}, warn, grace},
		{"audio-only", 2, kiosk.Accessibility{Speech: true, AudioOnly: true}, 2 * warn, 2 * grace},
		{"large text", 3, kiosk.Accessibility{LargeText: true}, 3 * warn, 3 * grace},
		{"multiplier of one", 1, kiosk.Accessibility{AudioOnly: true, Speech: true}, warn, grace},
		{"multiplier unset", 0, kiosk.Accessibility{AudioOnly: true, Speech: true}, warn, grace},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clock := kiosktest.NewClock(time.Date(2025, 8, 3, 9, 30, 0, 0, time.UTC))
			s, err := kiosk.NewSession(kiosk.SessionConfig{
				Catalogue: kiosk.DefaultCatalogue(), Filer: &filing.Filer{}, Clock: clock,
				IdleWarn: warn, IdleGrace: grace, IdleAccessibleFactor: tc.factor,
			})
			if err != nil {
				t.Fatal(err)
			}
			s.Start()
			s.NoteAccessibility(tc.a11y)
			s.ChooseLanguage(kiosk.English)

			clock.Add(tc.wantWarn - time.Second)
			s.Tick()
			if s.State().IdleWarning {
				t.Fatalf("warned after %v, want the warning at %v", tc.wantWarn-time.Second, tc.wantWarn)
			}
			clock.Add(time.Second)
			s.Tick()
			st := s.State()
			if !st.IdleWarning || st.IdleRemaining != tc.wantGrace {
				t.Fatalf("at %v: warning %v with %v left, want %v left", tc.wantWarn, st.IdleWarning, st.IdleRemaining, tc.wantGrace)
			}
			clock.Add(tc.wantGrace - time.Second)
			s.Tick()
			if s.State().Stage == kiosk.StageAttract {
				t.Fatal("wiped before the countdown ended")
			}
			clock.Add(time.Second)
			s.Tick()
			if got := s.State().Stage; got != kiosk.StageAttract {
				t.Fatalf("stage %s when the countdown ended, want the attract loop", got)
			}
		})
	}
}
