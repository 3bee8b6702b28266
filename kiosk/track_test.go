package kiosk_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/filing"
)

// trackerFake is a kiosk.Tracker whose answers a test sets.
type trackerFake struct {
	TrackFunc func(kiosk.TrackingCode) (kiosk.TrackResult, error)
	asked     []kiosk.TrackingCode
}

func (f *trackerFake) Track(_ context.Context, code kiosk.TrackingCode) (kiosk.TrackResult, error) {
	f.asked = append(f.asked, code)
	return f.TrackFunc(code)
}

func TestSessionTrack(t *testing.T) {
	clock := &fixedClock{time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)}
	is, _ := kiosk.NewIssuer(42, clock, 0)
	known := is.Next()
	tracker := &trackerFake{TrackFunc: func(c kiosk.TrackingCode) (kiosk.TrackResult, error) {
		switch c {
		case known:
			return kiosk.TrackResult{TrackingCode: c, ServiceCode: "tax", Progress: kiosk.ProgressForwarded}, nil
		}
		return kiosk.TrackResult{}, fmt.Errorf("status: %w", kiosk.ErrUnknownRequest)
	}}
	typo := []byte(known)
	typo[3] = '0' + (typo[3]-'0'+1)%10
	other := is.Next()

	tests := []struct {
		name      string
		typed     string
		wantError string
		wantAsked bool
	}{
		{"known code in Persian digits with hyphens", kiosk.LocalizeDigits(kiosk.Persian, known.String()), "", true},
		{"single-digit typo refused before lookup", string(typo), "error.tracking_code", false},
		{"too short", "1234", "error.tracking_code", false},
		{"valid but unknown here", string(other), "track.not_found", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tracker.asked = nil
			s, err := kiosk.NewSession(kiosk.SessionConfig{
				Catalogue: kiosk.DefaultCatalogue(), Filer: &filing.Filer{Outbox: &outboxFake{}, Issuer: is, Clock: clock}, Clock: clock, Tracker: tracker,
			})
			if err != nil {
				t.Fatal(err)
			}
			s.Start()
			s.ChooseLanguage(kiosk.Persian)
			s.OpenTrack()
			s.SetTrackCode(tc.typed)
			s.Track(context.Background())
			st := s.State()
			if st.Stage != kiosk.StageTrack || st.TrackError != tc.wantError {
				t.Fatalf("stage %s error %q, want %q", st.Stage, st.TrackError, tc.wantError)
			}
			if (len(tracker.asked) > 0) != tc.wantAsked {
				t.Fatalf("tracker asked %v", tracker.asked)
			}
			if tc.wantError == "" && (st.Track == nil || st.Track.Progress != kiosk.ProgressForwarded) {
				t.Fatalf("result %+v", st.Track)
			}
			s.Back()
			if st := s.State(); st.Stage != kiosk.StageServices || st.Track != nil || st.TrackCode != "" {
				t.Fatalf("back from track: %+v", st)
			}
		})
	}
}

func TestSessionTrackHiddenWithoutTracker(t *testing.T) {
	r := newRig(t)
	r.s.Start()
	r.s.ChooseLanguage(kiosk.English)
	if r.s.CanTrack() {
		t.Fatal("CanTrack without a tracker")
	}
	r.s.OpenTrack()
	r.stage(t, kiosk.StageServices)
}
