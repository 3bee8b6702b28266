package offline

import (
	"context"
	"errors"
	"fmt"

	"github.com/pishkhan/pishkhan/kiosk"
)

var _ kiosk.Tracker = (*Outbox)(nil)

// Track answers "track my request" (kiosk.Tracker) from the outbox: the
// state it keeps and the status the sync worker last fetched from the
// back office.
func (o *Outbox) Track(_ context.Context, code kiosk.TrackingCode) (kiosk.TrackResult, error) {
	st, err := o.Status(code)
	if errors.Is(err, ErrNotFound) {
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

func progressOf(st RequestStatus) kiosk.Progress {
	switch st.State {
	case StateDead:
		return kiosk.ProgressRejected
	case StateClosed:
		return kiosk.ProgressClosed
	case StateSent:
		if st.Upstream != nil && st.Upstream.Status == "closed" {
			return kiosk.ProgressClosed
		}
		return kiosk.ProgressForwarded
	}
	return kiosk.ProgressReceived
}
