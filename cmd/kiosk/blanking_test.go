package main

import (
	"bufio"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// ownXvfb starts an Xvfb on a display it picks itself (-displayfd) and
// returns the display name; the test skips when Xvfb is truly absent. It
// does not reset when its last client leaves (-noreset), so settings made
// by one connection can be read by the next, as on a kiosk whose window
// stays connected.
func ownXvfb(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("Xvfb"); err != nil {
		t.Skipf("Xvfb is not installed (make test installs it): %v", err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "640x480x24", "-nolisten", "tcp", "-noreset")
	cmd.ExtraFiles = []*os.File{w}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start Xvfb: %v", err)
	}
	w.Close()
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	got := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		got <- strings.TrimSpace(line)
	}()
	select {
	case n := <-got:
		if n == "" {
			t.Fatal("Xvfb did not say its display")
		}
		return ":" + n
	case <-time.After(20 * time.Second):
		t.Fatal("Xvfb did not start")
	}
	return ""
}

// TestDisableXBlankingXvfb checks on a real X server that the kiosk turns
// off the server's own screen saver, which Fyne's D-Bus inhibit does not
// reach on a bare kiosk X session.
func TestDisableXBlankingXvfb(t *testing.T) {
	t.Setenv("DISPLAY", ownXvfb(t))
	before, err := xScreenSaverTimeout()
	if err != nil {
		t.Fatal(err)
	}
	if before == 0 {
		t.Fatal("the X server starts without a screen saver: the test proves nothing")
	}
	if err := disableXBlanking(); err != nil {
		t.Fatal(err)
	}
	after, err := xScreenSaverTimeout()
	if err != nil || after != 0 {
		t.Errorf("screen saver timeout %d s after disabling (was %d s), %v", after, before, err)
	}
}
