package offline_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/offline"
)

// TestTrack follows submissions through the outbox as "track my request"
// tells them to a citizen: received, forwarded (with the agency's ID),
// closed, rejected, unknown.
func TestTrack(t *testing.T) {
	clock := newClock()
	o := openOutbox(t, t.TempDir(), clock, offline.Options{Key: testKey})
	bo := newBackOffice(t)
	sub := newSubmitter(t, clock, 0)
	rejected, forwarded, closed, waiting := sub.next(nil), sub.next(nil), sub.next(nil), sub.next(nil)

	enqueue(t, o, rejected)
	bo.fault, bo.faults = status(400, "application/json", `[{"code":400,"description":"mobile is required"}]`), 1
	s := offline.NewSyncer(o, bo.client(t, time.Second), syncConfig(clock))
	if _, err := s.Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	enqueue(t, o, forwarded, closed)
	if _, err := s.SyncNow(context.Background()); err != nil {
		t.Fatal(err)
	}
	closedID := mustGet(t, o, closed.TrackingCode).ServiceRequestID
	bo.mu.Lock()
	bo.statuses[closedID] = `[{"service_request_id":"` + closedID + `","status":"closed"}]`
	bo.mu.Unlock()
	clock.Add(time.Hour)
	if _, err := s.Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	enqueue(t, o, waiting)

	tests := []struct {
		name     string
		code     kiosk.TrackingCode
		want     kiosk.Progress
		agencyID bool
		err      error
	}{
		{name: "rejected", code: rejected.TrackingCode, want: kiosk.ProgressRejected},
		{name: "forwarded", code: forwarded.TrackingCode, want: kiosk.ProgressForwarded, agencyID: true},
		{name: "closed", code: closed.TrackingCode, want: kiosk.ProgressClosed, agencyID: true},
		{name: "received, not yet sent", code: waiting.TrackingCode, want: kiosk.ProgressReceived},
		{name: "unknown", code: newSubmitter(t, clock, 900).next(nil).TrackingCode, err: kiosk.ErrUnknownRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := o.Track(context.Background(), tt.code)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("Track = %+v, %v; want %v", res, err, tt.err)
				}
				return
			}
			if err != nil || res.Progress != tt.want || res.TrackingCode != tt.code || (res.AgencyRequestID != "") != tt.agencyID {
				t.Errorf("Track = %+v, %v; want %s, agency ID %v", res, err, tt.want, tt.agencyID)
			}
		})
	}
}
