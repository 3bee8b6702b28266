package offline_test

import (
	"errors"
	"testing"

	"github.com/pishkhan/pishkhan/offline"
)

func TestByIDFindsAStoredSubmission(t *testing.T) {
	dir := t.TempDir()
	clock := newClock()
	o := openOutbox(t, dir, clock, offline.Options{Key: testKey})
	subs := newSubmitter(t, clock, 0)
	first, second := subs.next(nil), subs.next(nil)
	enqueue(t, o, first, second)
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
	readOnly := openOutbox(t, dir, clock, offline.Options{Key: testKey, ReadOnly: true})

	tests := []struct {
		name     string
		id       string
		wantCode string
		wantErr  error
	}{
		{name: "first", id: first.ID, wantCode: string(first.TrackingCode)},
		{name: "second", id: second.ID, wantCode: string(second.TrackingCode)},
		{name: "unknown ID", id: "0190c8a4-0000-7000-8000-000000000000", wantErr: offline.ErrNotFound},
		{name: "empty ID", id: "", wantErr: offline.ErrNotFound},
		{name: "a tracking code is not an ID", id: string(first.TrackingCode), wantErr: offline.ErrNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e, err := readOnly.ByID(tc.id)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("ByID(%q): error %v, want %v", tc.id, err, tc.wantErr)
			}
			if tc.wantErr != nil {
				return
			}
			if e.ID != tc.id || string(e.TrackingCode) != tc.wantCode || e.ServiceCode != "permit" || e.State != offline.StateQueued {
				t.Errorf("ByID(%q) = %+v; want the stored %s, queued", tc.id, e, tc.wantCode)
			}
		})
	}
}
