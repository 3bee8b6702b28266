package offline_test

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/offline"
)

func TestEnqueueSurvivesReopen(t *testing.T) {
	dir, clock := t.TempDir(), newClock()
	o, err := offline.Open(dir, offline.Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	sub := newSubmitter(t, clock, 0)
	subs := []kiosk.Submission{sub.next(nil), sub.next(nil), sub.next(map[string]string{"national_code": "0013542419"})}
	enqueue(t, o, subs...)
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}

	o = openOutbox(t, dir, clock, offline.Options{})
	got := entries(t, o, offline.ListOptions{})
	if len(got) != len(subs) {
		t.Fatalf("after reopen: %d submissions, want %d", len(got), len(subs))
	}
	for i, e := range got {
		s := subs[i]
		if e.TrackingCode != s.TrackingCode || e.ID != s.ID || e.ServiceCode != s.ServiceCode || e.State != offline.StateQueued || !e.PersonalData {
			t.Errorf("entry %d = %+v, want %s %s queued with personal data", i, e, s.TrackingCode, s.ID)
		}
		answers, err := o.Answers(s.TrackingCode)
		if err != nil || !maps.Equal(answers, s.Answers) {
			t.Errorf("answers of %s = %v, %v; want %v", s.TrackingCode, answers, err, s.Answers)
		}
	}
	if got, want := o.LastSerial(), subs[2].TrackingCode.Serial(); got != want {
		t.Errorf("LastSerial = %d, want %d", got, want)
	}
	counts, err := o.Counts()
	if err != nil || counts[offline.StateQueued] != 3 || counts.Total() != 3 {
		t.Errorf("counts = %v, %v; want 3 queued", counts, err)
	}
	// A restarted kiosk's issuer continues after the stored serials.
	is, _ := kiosk.NewIssuer(7, clock, o.LastSerial())
	if next := is.Next(); next.Serial() <= subs[2].TrackingCode.Serial() {
		t.Errorf("issuer after restart gave serial %d, not above %d", next.Serial(), subs[2].TrackingCode.Serial())
	}
	checkOutbox(t, o)
}

func TestEnqueueRefuses(t *testing.T) {
	clock := newClock()
	o := openOutbox(t, t.TempDir(), clock, offline.Options{Key: testKey})
	sub := newSubmitter(t, clock, 0)
	stored := sub.next(nil)
	enqueue(t, o, stored)
	other := sub.next(nil)

	tests := []struct {
		name    string
		mutate  func(s *kiosk.Submission)
		wantErr error // nil: accepted without storing anything new
		anyErr  bool
	}{
		{name: "the same submission again is harmless", mutate: func(s *kiosk.Submission) { *s = stored }},
		{name: "another submission with a stored tracking code", mutate: func(s *kiosk.Submission) { s.TrackingCode = stored.TrackingCode }, wantErr: offline.ErrDuplicate},
		{name: "another submission with a stored ID", mutate: func(s *kiosk.Submission) { s.ID = stored.ID }, wantErr: offline.ErrDuplicate},
		{name: "a tracking code with a wrong check digit", mutate: func(s *kiosk.Submission) {
			c := []byte(s.TrackingCode)
			c[len(c)-1] = '0' + (c[len(c)-1]-'0'+1)%10
			s.TrackingCode = kiosk.TrackingCode(c)
		}, wantErr: kiosk.ErrTrackingCode},
		{name: "no ID", mutate: func(s *kiosk.Submission) { s.ID = "" }, anyErr: true},
		{name: "no service", mutate: func(s *kiosk.Submission) { s.ServiceCode = "" }, anyErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := other
			tt.mutate(&s)
			err := o.Enqueue(context.Background(), s)
			switch {
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Fatalf("Enqueue = %v, want %v", err, tt.wantErr)
			case tt.anyErr && err == nil:
				t.Fatal("Enqueue accepted it")
			case tt.wantErr == nil && !tt.anyErr && err != nil:
				t.Fatalf("Enqueue = %v, want nil", err)
			}
			if c, _ := o.Counts(); c.Total() != 1 {
				t.Fatalf("outbox holds %d submissions, want 1", c.Total())
			}
		})
	}
	if err := o.Enqueue(canceled(), other); !errors.Is(err, context.Canceled) {
		t.Errorf("Enqueue with a canceled context = %v", err)
	}
	checkOutbox(t, o)
}

func canceled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

func TestDeviceKey(t *testing.T) {
	dir := t.TempDir()
	key, err := offline.LoadOrCreateKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, offline.KeyFile)
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file %v mode %v, want 0600", err, fi.Mode())
	}
	again, err := offline.LoadOrCreateKey(dir)
	if err != nil || !bytes.Equal(again, key) || len(key) != offline.KeySize {
		t.Fatalf("second LoadOrCreateKey = %x, %v; want the first key %x", again, err, key)
	}
	if err := offline.InstallKey(dir, key); err != nil {
		t.Errorf("installing the same key: %v", err)
	}
	if err := offline.InstallKey(dir, testKey); err == nil {
		t.Error("InstallKey replaced the device key with another")
	}
	os.Chmod(path, 0o644)
	if _, err := offline.LoadKey(dir); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("a readable key file was left at %v", fi.Mode().Perm())
	}

	other := t.TempDir()
	if err := offline.InstallKey(other, testKey); err != nil {
		t.Fatal(err)
	}
	if got, err := offline.LoadKey(other); err != nil || !bytes.Equal(got, testKey) {
		t.Fatalf("provisioned key read back as %x, %v", got, err)
	}
	for _, bad := range []string{"", "abc", strings.Repeat("zz", 32)} {
		if _, err := offline.ParseKey([]byte(bad)); err == nil {
			t.Errorf("ParseKey(%q) accepted", bad)
		}
	}
}

func TestOpenWithAnotherKeyIsRefused(t *testing.T) {
	dir, clock := t.TempDir(), newClock()
	o := openOutbox(t, dir, clock, offline.Options{})
	enqueue(t, o, newSubmitter(t, clock, 0).next(nil))
	o.Close()
	other := bytes.Repeat([]byte{7}, offline.KeySize)
	if _, err := offline.Open(dir, offline.Options{Key: other}); !errors.Is(err, offline.ErrWrongKey) {
		t.Fatalf("Open with another key = %v, want ErrWrongKey", err)
	}
}

func TestOpenWhileHeld(t *testing.T) {
	dir, clock := t.TempDir(), newClock()
	openOutbox(t, dir, clock, offline.Options{})
	start := time.Now()
	_, err := offline.Open(dir, offline.Options{LockTimeout: 50 * time.Millisecond})
	if !errors.Is(err, offline.ErrLocked) {
		t.Fatalf("second Open = %v, want ErrLocked", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("second Open took %v: it should give up after its lock timeout", d)
	}
	_, err = offline.Open(dir, offline.Options{ReadOnly: true, LockTimeout: 50 * time.Millisecond})
	if !errors.Is(err, offline.ErrLocked) {
		t.Fatalf("read-only Open while held = %v, want ErrLocked", err)
	}
}

func TestReadOnly(t *testing.T) {
	dir, clock := t.TempDir(), newClock()
	if _, err := offline.Open(dir, offline.Options{ReadOnly: true}); !errors.Is(err, offline.ErrNoOutbox) {
		t.Fatalf("read-only Open of an empty dir = %v, want ErrNoOutbox", err)
	}
	if _, err := os.Stat(filepath.Join(dir, offline.KeyFile)); err == nil {
		t.Fatal("a read-only open created a device key")
	}
	o := openOutbox(t, dir, clock, offline.Options{})
	s := newSubmitter(t, clock, 0).next(nil)
	enqueue(t, o, s)
	o.Close()

	ro := openOutbox(t, dir, clock, offline.Options{ReadOnly: true})
	if e := mustGet(t, ro, s.TrackingCode); e.State != offline.StateQueued {
		t.Errorf("read-only Get = %+v", e)
	}
	if a, err := ro.Answers(s.TrackingCode); err != nil || a["national_code"] != nationalCode {
		t.Errorf("read-only Answers = %v, %v", a, err)
	}
	for name, err := range map[string]error{
		"enqueue": ro.Enqueue(context.Background(), newSubmitter(t, clock, s.TrackingCode.Serial()).next(nil)),
		"retry":   ro.Retry(s.TrackingCode),
	} {
		if !errors.Is(err, offline.ErrReadOnly) {
			t.Errorf("%s on a read-only outbox = %v, want ErrReadOnly", name, err)
		}
	}
}

func TestList(t *testing.T) {
	clock := newClock()
	o := openOutbox(t, t.TempDir(), clock, offline.Options{Key: testKey})
	sub := newSubmitter(t, clock, 0)
	var codes []kiosk.TrackingCode
	var subs []kiosk.Submission
	for range 1200 { // more than one of List's read chunks
		s := sub.next(map[string]string{"national_code": nationalCode})
		codes = append(codes, s.TrackingCode)
		subs = append(subs, s)
	}
	if err := o.EnqueueMany(subs); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		opts offline.ListOptions
		want []kiosk.TrackingCode
	}{
		{"all, oldest first", offline.ListOptions{}, codes},
		{"limit", offline.ListOptions{Limit: 3}, codes[:3]},
		{"newest first with limit", offline.ListOptions{Newest: true, Limit: 2}, []kiosk.TrackingCode{codes[1199], codes[1198]}},
		{"by state", offline.ListOptions{State: offline.StateQueued, Limit: 600}, codes[:600]},
		{"empty state", offline.ListOptions{State: offline.StateDead}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := entries(t, o, tt.opts)
			if len(got) != len(tt.want) {
				t.Fatalf("listed %d, want %d", len(got), len(tt.want))
			}
			for i := range got {
				if got[i].TrackingCode != tt.want[i] {
					t.Fatalf("entry %d is %s, want %s", i, got[i].TrackingCode, tt.want[i])
				}
			}
		})
	}
	stop := errors.New("enough")
	n := 0
	err := o.List(offline.ListOptions{}, func(offline.Entry) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("List did not stop at the callback's error: %v after %d", err, n)
	}
	if _, err := o.Get("1234"); !errors.Is(err, offline.ErrNotFound) {
		t.Errorf("Get of an unknown code = %v", err)
	}
}

// grepDir reports the files under dir whose raw bytes contain needle.
func grepDir(t testing.TB, dir, needle string) []string {
	t.Helper()
	var found []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if d.Type()&os.ModeSocket != 0 {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(data, []byte(needle)) {
			found = append(found, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

func TestStorageFull(t *testing.T) {
	dir, clock := t.TempDir(), newClock()
	const small = 512 << 10
	o, err := offline.Open(dir, offline.Options{Key: testKey, Clock: clock, MaxSize: small})
	if err != nil {
		t.Fatal(err)
	}
	sub := newSubmitter(t, clock, 0)
	var stored []kiosk.Submission
	var full error
	for range 20000 {
		s := sub.next(map[string]string{"national_code": nationalCode, "note": strings.Repeat("x", 200)})
		if err := o.Enqueue(context.Background(), s); err != nil {
			full = err
			if _, err := o.Get(s.TrackingCode); !errors.Is(err, offline.ErrNotFound) {
				t.Errorf("the refused submission was stored: %v", err)
			}
			break
		}
		stored = append(stored, s)
	}
	if !errors.Is(full, kiosk.ErrStorageFull) {
		t.Fatalf("filling a %d-byte outbox ended with %v, want kiosk.ErrStorageFull", small, full)
	}
	if len(stored) < 10 {
		t.Fatalf("only %d submissions fit: the test measures nothing", len(stored))
	}
	t.Logf("%d submissions fit in %d bytes; then: %v", len(stored), small, full)
	// Asking again either fits in pages freed meanwhile or fails the same
	// way, and breaks nothing.
	for range 20 {
		s := sub.next(map[string]string{"national_code": nationalCode, "note": strings.Repeat("y", 200)})
		switch err := o.Enqueue(context.Background(), s); {
		case err == nil:
			stored = append(stored, s)
		case !errors.Is(err, kiosk.ErrStorageFull):
			t.Fatalf("enqueue when full = %v", err)
		}
	}
	checkOutbox(t, o)
	if fi, err := os.Stat(o.Path()); err != nil || fi.Size() > small {
		t.Errorf("database file is %d bytes, over its %d cap (%v)", fi.Size(), small, err)
	}
	lastSerial := o.LastSerial()
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}

	// Space returns: the outbox takes submissions again, and everything
	// stored before is intact.
	o = openOutbox(t, dir, clock, offline.Options{Key: testKey, MaxSize: 4 * small})
	checkOutbox(t, o)
	if o.LastSerial() != lastSerial {
		t.Errorf("LastSerial after reopen = %d, want %d", o.LastSerial(), lastSerial)
	}
	for _, s := range stored {
		if a, err := o.Answers(s.TrackingCode); err != nil || a["national_code"] != nationalCode {
			t.Fatalf("%s after disk full: %v, %v", s.TrackingCode, a, err)
		}
	}
	more := sub.next(nil)
	enqueue(t, o, more)
	if e := mustGet(t, o, more.TrackingCode); e.State != offline.StateQueued {
		t.Errorf("new submission after space returned: %+v", e)
	}
	checkOutbox(t, o)
}

// TestStorageFullOnTmpfs fills a real filesystem: bbolt then fails with
// ENOSPC from the kernel, not its own MaxSize error. It needs root to
// mount a small tmpfs (CI runs as root).
func TestStorageFullOnTmpfs(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount a small tmpfs (CI runs as root)")
	}
	mnt := filepath.Join(t.TempDir(), "fs")
	if err := os.Mkdir(mnt, 0o700); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=8m,mode=0700", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs (%v: %s): is this a container without CAP_SYS_ADMIN?", err, bytes.TrimSpace(out))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", mnt).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", mnt, err, out)
			exec.Command("umount", "-l", mnt).Run()
		}
	})
	deadline := time.Now().Add(time.Minute)
	clock := newClock()
	dir := filepath.Join(mnt, "data")
	o := openOutbox(t, dir, clock, offline.Options{Key: testKey})
	sub := newSubmitter(t, clock, 0)
	answers := func() map[string]string {
		return map[string]string{"national_code": nationalCode, "note": strings.Repeat("x", 200)}
	}
	var stored []kiosk.Submission
	for range 100 {
		s := sub.next(answers())
		enqueue(t, o, s)
		stored = append(stored, s)
	}

	// Fill the filesystem to the last byte, then give the outbox a
	// little room back, so it runs out while growing.
	fillerPath := filepath.Join(mnt, "filler")
	filler, err := os.Create(fillerPath)
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 64<<10)
	var size int64
	for range 8 << 20 / len(chunk) * 2 {
		n, err := filler.Write(chunk)
		size += int64(n)
		if err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("filling the tmpfs: %v", err)
			}
			break
		}
	}
	if err := filler.Truncate(max(size-1<<20, 0)); err != nil {
		t.Fatal(err)
	}
	filler.Close()

	var full error
	for i := 0; i < 20000 && time.Now().Before(deadline); i++ {
		s := sub.next(answers())
		if err := o.Enqueue(context.Background(), s); err != nil {
			full = err
			if _, err := o.Get(s.TrackingCode); !errors.Is(err, offline.ErrNotFound) {
				t.Errorf("the refused submission was stored: %v", err)
			}
			break
		}
		stored = append(stored, s)
	}
	if !errors.Is(full, kiosk.ErrStorageFull) {
		t.Fatalf("filling the tmpfs ended with %v, want kiosk.ErrStorageFull", full)
	}
	if len(stored) < 200 {
		t.Fatalf("only %d submissions fit in the room left: the test measures nothing", len(stored))
	}
	t.Logf("%d submissions stored; then: %v", len(stored), full)
	// Asking again fits in pages freed meanwhile or fails the same way.
	for range 20 {
		s := sub.next(answers())
		switch err := o.Enqueue(context.Background(), s); {
		case err == nil:
			stored = append(stored, s)
		case !errors.Is(err, kiosk.ErrStorageFull):
			t.Fatalf("enqueue on a full disk = %v, want kiosk.ErrStorageFull", err)
		}
	}
	intact := func(o *offline.Outbox, when string) {
		t.Helper()
		checkOutbox(t, o)
		if c, err := o.Counts(); err != nil || c[offline.StateQueued] != len(stored) {
			t.Fatalf("%s: counts %v (%v), want %d queued", when, c, err, len(stored))
		}
		for _, s := range stored {
			if a, err := o.Answers(s.TrackingCode); err != nil || a["national_code"] != nationalCode {
				t.Fatalf("%s: %s reads %v, %v", when, s.TrackingCode, a, err)
			}
		}
	}
	intact(o, "disk full")

	// Space returns: the same open outbox takes submissions again.
	if err := os.Remove(fillerPath); err != nil {
		t.Fatal(err)
	}
	for range 50 {
		s := sub.next(answers())
		enqueue(t, o, s)
		stored = append(stored, s)
	}
	intact(o, "space freed")
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
	intact(openOutbox(t, dir, clock, offline.Options{Key: testKey}), "reopened")
}
