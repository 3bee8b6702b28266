package control_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/offline"
	"github.com/pishkhan/pishkhan/offline/control"
)

// TestClientReturnsTheQueuesErrors checks that every error a kiosk's
// Queue returns comes out of the Client with the same message and the
// same sentinel, as kioskctl's messages depend on it.
func TestClientReturnsTheQueuesErrors(t *testing.T) {
	tests := []struct {
		name     string
		sentinel error
	}{
		{"not found", offline.ErrNotFound},
		{"acknowledged", offline.ErrAcknowledged},
		{"busy", offline.ErrBusy},
		{"purged", offline.ErrPurged},
		{"storage full", kiosk.ErrStorageFull},
		{"no back office", control.ErrNoBackOffice},
		{"no submitter", control.ErrNoSubmit},
		{"invalid", &control.ValidationError{Problems: []string{"kind: choose one"}}},
		{"tracking code", kiosk.ErrTrackingCode},
		{"no key", offline.ErrNoKey},
		{"wrong key", offline.ErrWrongKey},
		{"of no kind", errors.New("disk on fire")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := fmt.Errorf("operation: %w", tt.sentinel)
			dir := shortDir(t)
			serveQueue(t, dir, &fakeQueue{
				ShowFunc: func(context.Context, kiosk.TrackingCode, bool) (control.Entry, error) { return control.Entry{}, want },
				ListFunc: func(ctx context.Context, _ offline.ListOptions, _ bool, fn func(control.Entry) error) error {
					return want
				},
				SyncFunc: func(context.Context) (offline.SyncReport, error) { return offline.SyncReport{}, want },
				SubmitFunc: func(context.Context, control.SubmitRequest) (control.SubmitResult, error) {
					return control.SubmitResult{}, want
				},
			})
			c, err := control.Dial(context.Background(), dir)
			if err != nil {
				t.Fatal(err)
			}
			calls := map[string]func() error{
				"show": func() error { _, err := c.Show(context.Background(), unknownCode(t), false); return err },
				"list": func() error {
					return c.List(context.Background(), offline.ListOptions{}, false, func(control.Entry) error { return nil })
				},
				"sync": func() error { _, err := c.Sync(context.Background()); return err },
				"submit": func() error {
					_, err := c.Submit(context.Background(), control.SubmitRequest{Service: "x"})
					return err
				},
			}
			for name, call := range calls {
				err := call()
				if err == nil || err.Error() != want.Error() {
					t.Errorf("%s: %v; want %q", name, err, want)
				}
				if !isKind(err, tt.sentinel) {
					t.Errorf("%s: %v is not %v", name, err, tt.sentinel)
				}
			}
		})
	}
}

// isKind reports whether err carries the sentinel of want: the sentinel
// itself, or ErrInvalid for a ValidationError. An error of no kind carries
// none.
func isKind(err, want error) bool {
	var ve *control.ValidationError
	switch {
	case errors.As(want, &ve):
		return errors.Is(err, control.ErrInvalid)
	case want.Error() == "disk on fire":
		return errors.Unwrap(err) == nil
	}
	return errors.Is(err, want)
}

func TestListBrokenOffSaysWhy(t *testing.T) {
	dir := shortDir(t)
	first := control.Entry{Entry: offline.Entry{TrackingCode: unknownCode(t), State: offline.StateQueued}}
	serveQueue(t, dir, &fakeQueue{ListFunc: func(ctx context.Context, _ offline.ListOptions, _ bool, fn func(control.Entry) error) error {
		if err := fn(first); err != nil {
			return err
		}
		return fmt.Errorf("read answers: %w", offline.ErrWrongKey)
	}})
	c, err := control.Dial(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []control.Entry
	err = c.List(context.Background(), offline.ListOptions{}, true, func(e control.Entry) error {
		got = append(got, e)
		return nil
	})
	if !errors.Is(err, offline.ErrWrongKey) || err.Error() != "read answers: "+offline.ErrWrongKey.Error() {
		t.Errorf("a listing broken off = %v; want the kiosk's ErrWrongKey", err)
	}
	if len(got) != 1 || got[0].TrackingCode != first.TrackingCode {
		t.Errorf("entries before the break %+v", got)
	}
	// A reader of the raw answer cannot take it for the whole list.
	a := ask(t, socketHTTP(dir), "GET", "/v1/queue", "")
	var es []control.Entry
	if a.status != 200 || json.Unmarshal(a.body, &es) == nil {
		t.Errorf("the broken listing %d %s parses as a whole JSON array", a.status, a.body)
	}
}
