package kiosk

import (
	"context"
	"errors"
	"time"
)

// Tracker tells a citizen what became of an earlier submission, from what
// this kiosk knows (its outbox and the statuses it fetched from the back
// office).
type Tracker interface {
	Track(ctx context.Context, code TrackingCode) (TrackResult, error)
}

// ErrUnknownRequest is returned (wrapped) by a Tracker for a tracking code
// it holds no submission for.
var ErrUnknownRequest = errors.New("unknown tracking code")

// Progress is where a submission stands, as a citizen understands it.
type Progress string

// Progress of a submission.
const (
	// ProgressReceived: stored on the kiosk, not yet with the agency.
	ProgressReceived Progress = "received"
	// ProgressForwarded: the agency has it and is working on it.
	ProgressForwarded Progress = "forwarded"
	// ProgressClosed: the agency reports the request closed.
	ProgressClosed Progress = "closed"
	// ProgressRejected: the agency refused it; the citizen should ask a
	// member of staff or the agency.
	ProgressRejected Progress = "rejected"
)

// TrackResult is what the track screen shows. It carries no personal data:
// anyone holding the code may read it.
type TrackResult struct {
	TrackingCode TrackingCode
	ServiceCode  string
	Progress     Progress
	SubmittedAt  time.Time
	// UpdatedAt is the agency's last change, zero when unknown.
	UpdatedAt time.Time
	// AgencyRequestID is the back office's own number for the request.
	AgencyRequestID string
}

// OpenTrack leaves the service grid for "track my request".
func (s *Session) OpenTrack() {
	s.update(func() {
		if s.st.Stage != StageServices || s.cfg.Tracker == nil {
			return
		}
		s.st.Stage = StageTrack
		s.st.TrackCode = ""
		s.st.TrackError = ""
		s.st.Track = nil
	})
}

// SetTrackCode records the tracking code as the citizen types it.
func (s *Session) SetTrackCode(raw string) {
	s.update(func() {
		if s.st.Stage != StageTrack {
			return
		}
		s.st.TrackCode = raw
		s.st.TrackError = ""
		s.st.Track = nil
	})
}

// Track looks the typed code up. A mistyped code (wrong length or check
// digit) is refused before anything is looked up.
func (s *Session) Track(ctx context.Context) {
	s.update(func() {
		if s.st.Stage != StageTrack {
			return
		}
		s.st.Track = nil
		code, err := ParseTrackingCode(s.st.TrackCode)
		if err != nil {
			s.st.TrackError = "error.tracking_code"
			return
		}
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		res, err := s.cfg.Tracker.Track(ctx, code)
		switch {
		case errors.Is(err, ErrUnknownRequest):
			s.st.TrackError = "track.not_found"
		case err != nil:
			s.st.TrackError = "track.failed"
		default:
			s.st.TrackError = ""
			s.st.Track = &res
		}
	})
}

// CanTrack reports whether "track my request" is offered on this device.
func (s *Session) CanTrack() bool { return s.cfg.Tracker != nil }
