package reporttest_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/report/reporttest"
)

func TestSample(t *testing.T) {
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	js := reporttest.Sample(16, 600, now)
	if !reflect.DeepEqual(js, reporttest.Sample(16, 600, now)) {
		t.Fatal("the same seed gave other journeys")
	}
	services, segments, outcomes := map[string]int{}, map[kiosk.Segment]int{}, map[kiosk.Outcome]int{}
	for _, j := range js {
		services[j.Service]++
		segments[j.Segment()]++
		outcomes[j.Outcome]++
		if j.Started.After(now) || j.Started.Before(now.AddDate(0, 0, -31)) || j.ExitStep == "" || len(j.Steps) == 0 {
			t.Fatalf("journey %+v", j)
		}
	}
	tests := []struct {
		name string
		ok   bool
	}{
		{"600 journeys", len(js) == 600},
		{"every service, and none chosen", len(services) == len(kiosk.DefaultCatalogue().Services)+1},
		{"a service with fewer than 10 sessions", services["police"] < 10},
		{"many groups of citizens", len(segments) >= 20},
		{"every outcome but submit-failed", outcomes[kiosk.OutcomeSubmitted] > 300 && outcomes[kiosk.OutcomeCancelled] > 50 && outcomes[kiosk.OutcomeIdle] > 20},
	}
	for _, tc := range tests {
		if !tc.ok {
			t.Errorf("%s: services %v, %d segments, outcomes %v", tc.name, services, len(segments), outcomes)
		}
	}
}
