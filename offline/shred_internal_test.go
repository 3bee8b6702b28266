package offline

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
)

var errCrash = errors.New("crash (failpoint)")

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

// heldOutbox opens an outbox in dir holding n queued submissions and one
// purged at acknowledgement, so a rotation is due. It returns the
// national code each tracking code was given.
func heldOutbox(t *testing.T, dir string, n int) (*Outbox, map[kiosk.TrackingCode]string) {
	t.Helper()
	clock := fixedClock{time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	o, err := Open(dir, Options{Key: bytes.Repeat([]byte{7}, KeySize), Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	is, err := kiosk.NewIssuer(7, clock, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := map[kiosk.TrackingCode]string{}
	subs := make([]kiosk.Submission, n+1)
	for i := range subs {
		id, _ := kiosk.NewSubmissionID()
		subs[i] = kiosk.Submission{ID: id, TrackingCode: is.Next(), ServiceCode: "permit",
			Answers: map[string]string{"national_code": fmt.Sprintf("%010d", i)}}
		want[subs[i].TrackingCode] = subs[i].Answers["national_code"]
	}
	if err := o.EnqueueMany(subs); err != nil {
		t.Fatal(err)
	}
	claimed, err := o.claimDue(clock.Now(), 1)
	if err != nil || len(claimed) != 1 {
		t.Fatalf("claim: %v, %v", claimed, err)
	}
	// Retention 0: acknowledged is purged.
	if err := o.settle([]outcome{{id: claimed[0].ID, kind: outcomeAcked, requestID: "1"}}); err != nil {
		t.Fatal(err)
	}
	delete(want, claimed[0].TrackingCode)
	return o, want
}

func reopen(t *testing.T, dir string) *Outbox {
	t.Helper()
	o, err := Open(dir, Options{Key: bytes.Repeat([]byte{7}, KeySize),
		Clock: fixedClock{time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	return o
}

func assertAnswers(t *testing.T, o *Outbox, want map[kiosk.TrackingCode]string) {
	t.Helper()
	if err := o.Check(); err != nil {
		t.Fatal(err)
	}
	for code, nc := range want {
		got, err := o.Answers(code)
		if err != nil || got["national_code"] != nc {
			t.Fatalf("answers of %s = %v, %v", code, got, err)
		}
	}
}

func keyFiles(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(filepath.Join(dir, KeysDir))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

// TestRotationCrashLeavesEverythingOpenable stops a rotation at each of
// its durable steps, as a power cut would, then opens the outbox again:
// every held answer opens, and the next Shred finishes the job.
func TestRotationCrashLeavesEverythingOpenable(t *testing.T) {
	tests := []struct {
		name  string
		stage string
		// leave puts on disk what the crash left beyond the failpoint.
		leave func(t *testing.T, keys string)
	}{
		{name: "before the new key", stage: "start"},
		{name: "new key written, not named", stage: "key written",
			leave: func(t *testing.T, keys string) {
				os.WriteFile(filepath.Join(keys, ".0000000009.key-123"), []byte("half"), 0o600)
			}},
		{name: "new key current, nothing re-sealed", stage: "key created"},
		{name: "between re-sealing chunks", stage: "chunk"},
		{name: "all re-sealed, old key kept", stage: "resealed"},
		{name: "old key zeroed, not unlinked", stage: "key zeroed"},
		{name: "old key destroyed, rotation not recorded", stage: "destroyed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			o, want := heldOutbox(t, dir, 2*resealChunk+10)
			shredFailpoint = func(stage string) error {
				if stage == tt.stage {
					return errCrash
				}
				return nil
			}
			_, err := o.Shred()
			shredFailpoint = func(string) error { return nil }
			if !errors.Is(err, errCrash) {
				t.Fatalf("Shred = %v, want the crash at %q", err, tt.stage)
			}
			o.db.Close() // no orderly shutdown
			if tt.leave != nil {
				tt.leave(t, filepath.Join(dir, KeysDir))
			}

			o = reopen(t, dir)
			defer o.Close()
			assertAnswers(t, o, want)
			rep, err := o.Shred()
			if err != nil || !rep.Rotated || rep.Unreadable != 0 {
				t.Fatalf("Shred after the crash = %+v, %v", rep, err)
			}
			if names := keyFiles(t, dir); len(names) != 1 {
				t.Errorf("key files after the next Shred: %v, want only the current", names)
			}
			assertAnswers(t, o, want)
			if rep, err := o.Shred(); err != nil || rep.Rotated {
				t.Errorf("a second Shred with nothing purged = %+v, %v", rep, err)
			}
		})
	}
}

// TestClaimedAnswersOpenAfterRotation: the sync worker claims a record,
// then rotations destroy the key its copy names before it opens the
// answers; they still open, from the re-sealed record.
func TestClaimedAnswersOpenAfterRotation(t *testing.T) {
	dir := t.TempDir()
	o, want := heldOutbox(t, dir, 3)
	defer o.Close()
	claimed, err := o.claimDue(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), 1)
	if err != nil || len(claimed) != 1 {
		t.Fatalf("claim: %v, %v", claimed, err)
	}
	for range 2 {
		if _, err := o.RotateKeys(); err != nil {
			t.Fatal(err)
		}
	}
	if err := o.ring.open(claimed[0].ID, claimed[0].Sealed, new(map[string]string)); !errors.Is(err, ErrKeyGone) {
		t.Fatalf("the claimed copy opens directly (%v): the test proves nothing", err)
	}
	got, err := o.openAnswers(claimed[0])
	if err != nil || got["national_code"] != want[claimed[0].TrackingCode] {
		t.Fatalf("answers of the claimed record = %v, %v", got, err)
	}
}

// TestCompactionCrashKeepsV1Outbox: a compaction that fails leaves the
// outbox working at format 1, and the next Open compacts.
func TestCompactionCrashKeepsV1Outbox(t *testing.T) {
	dir := t.TempDir()
	o, want := heldOutbox(t, dir, 5)
	if err := o.DowngradeToV1(); err != nil {
		t.Fatal(err)
	}
	o.Close()
	shredFailpoint = func(stage string) error {
		if stage == "compacted" {
			return errCrash
		}
		return nil
	}
	o = reopen(t, dir)
	shredFailpoint = func(string) error { return nil }
	assertAnswers(t, o, want)
	format := func(o *Outbox) string {
		f, err := o.init()
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	if f := format(o); f != formatV1 {
		t.Errorf("format after a failed compaction = %q, want %q", f, formatV1)
	}
	o.Close()
	o = reopen(t, dir)
	defer o.Close()
	assertAnswers(t, o, want)
	if f := format(o); f != formatVersion {
		t.Errorf("format after the next open = %q, want %q", f, formatVersion)
	}
}
