// Package cupstest holds what tests that print through the project's CUPS
// test queues (made by .ci/cups-setup) share across packages.
package cupstest

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// LockQueue keeps the tests that use queue apart, in this process and in
// the other test processes go test runs beside it: a test that cancels
// the queue's jobs or refills its paper would otherwise clear another
// test's job. The lock is a file lock in the temporary folder, released
// when the test ends; a test waits for it at most two minutes.
func LockQueue(t testing.TB, queue string) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(os.TempDir(), queue+".lock"), os.O_CREATE|os.O_RDWR, 0o666)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			f.Close()
			t.Fatalf("the %s queue stayed locked by another test for 2 minutes: %v", queue, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Cleanup(func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	})
}
