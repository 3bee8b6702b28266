package screens_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens"
)

// TestSubmitNeverHoldsTheScreen stores the submission on an outbox whose
// write takes at least 2 s (an SD card's fsync on a bad day), held until
// the test has drawn its frames: the tap on submit returns while the
// write is under way, the citizen sees that the request is being saved,
// frames are drawn meanwhile, and the idle timer does not wipe it. Then
// the receipt shows, or the consent screen with the reason.
func TestSubmitNeverHoldsTheScreen(t *testing.T) {
	const write = 2 * time.Second
	for _, tt := range []struct {
		name    string
		lang    kiosk.Lang
		fail    error
		want    kiosk.Stage
		wantMsg string
	}{
		{name: "stored, fa", lang: kiosk.Persian, want: kiosk.StageReceipt, wantMsg: "receipt.title"},
		{name: "stored, en", lang: kiosk.English, want: kiosk.StageReceipt, wantMsg: "receipt.title"},
		{name: "disk full, en", lang: kiosk.English, fail: fmt.Errorf("enqueue: %w", kiosk.ErrStorageFull),
			want: kiosk.StageConsent, wantMsg: "error.storage_full"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// Background work runs on its own goroutine, as on a device;
			// the test reads the screen only while that work is blocked
			// in the write, or once it has ended (the test driver draws
			// on the caller's goroutine).
			var jobs sync.WaitGroup
			r := newRig(t, func(c *kiosk.SessionConfig, _ *screens.Options) { c.Go = func(f func()) { jobs.Go(f) } })
			release := make(chan struct{})
			var written atomic.Bool
			r.outbox.EnqueueFunc = func(kiosk.Submission) error {
				start := time.Now()
				select {
				case <-release:
				case <-time.After(time.Minute): // never hang the suite
				}
				time.Sleep(write - time.Since(start))
				written.Store(true)
				return tt.fail
			}
			r.startIn(tt.lang)
			r.open("police")
			walkToConsent(t, r)

			r.tapMsg("consent.submit")
			if written.Load() {
				t.Fatal("the tap on submit returned only after the write")
			}
			r.stage(kiosk.StageSaving)
			if !r.shows(kiosk.Msg(tt.lang, "saving.title")) {
				t.Fatalf("while saving the screen shows %q", r.texts())
			}
			// Frames are drawn while the write is under way, and a
			// citizen waiting past the idle timeout is not wiped.
			for range 3 {
				r.w.Canvas().Capture()
			}
			r.clock.Add(10 * time.Minute)
			r.sess.Tick()
			if written.Load() {
				t.Fatal("frames were drawn only after the write")
			}
			r.stage(kiosk.StageSaving)
			close(release)

			jobs.Wait()
			st := r.stage(tt.want)
			if !r.shows(kiosk.Msg(tt.lang, tt.wantMsg)) {
				t.Errorf("after saving the screen shows %q, want %q", r.texts(), kiosk.Msg(tt.lang, tt.wantMsg))
			}
			if tt.fail != nil {
				if st.SubmitError == "" || len(r.outbox.submissions()) != 0 {
					t.Errorf("a failed write: error %q, %d stored", st.SubmitError, len(r.outbox.submissions()))
				}
				// Nothing lost: the answers are still there to submit again.
				if st.Answers["national_code"] == "" {
					t.Error("the citizen's answers were lost with the failed write")
				}
				return
			}
			if got := r.outbox.submissions(); len(got) != 1 || st.Receipt == nil || got[0].TrackingCode != st.Receipt.TrackingCode {
				t.Errorf("stored %d, receipt %+v", len(got), st.Receipt)
			}
			if len(st.Answers) != 0 {
				t.Error("the answers stayed in the session after they were stored")
			}
		})
	}
}
