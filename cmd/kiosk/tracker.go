package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/offline"
)

// outboxTracker answers "track my request" from the outbox: the states it
// keeps and the statuses the sync worker fetched from the back office.
type outboxTracker struct{ outbox *offline.Outbox }

var _ kiosk.Tracker = outboxTracker{}

// Track implements kiosk.Tracker.
func (t outboxTracker) Track(_ context.Context, code kiosk.TrackingCode) (kiosk.TrackResult, error) {
	st, err := t.outbox.Status(code)
	if errors.Is(err, offline.ErrNotFound) {
		return kiosk.TrackResult{}, fmt.Errorf("track %s: %w", code, kiosk.ErrUnknownRequest)
	}
	if err != nil {
		return kiosk.TrackResult{}, fmt.Errorf("track %s: %w", code, err)
	}
	res := kiosk.TrackResult{
		TrackingCode:    st.TrackingCode,
		ServiceCode:     st.ServiceCode,
		SubmittedAt:     st.CreatedAt,
		AgencyRequestID: st.ServiceRequestID,
		Progress:        progressOf(st),
	}
	if st.Upstream != nil {
		res.UpdatedAt = st.Upstream.UpdatedAt
	}
	return res, nil
}

func progressOf(st offline.RequestStatus) kiosk.Progress {
	switch st.State {
	case offline.StateDead:
		return kiosk.ProgressRejected
	case offline.StateClosed:
		return kiosk.ProgressClosed
	case offline.StateSent:
		if st.Upstream != nil && st.Upstream.Status == "closed" {
			return kiosk.ProgressClosed
		}
		return kiosk.ProgressForwarded
	}
	return kiosk.ProgressReceived
}
