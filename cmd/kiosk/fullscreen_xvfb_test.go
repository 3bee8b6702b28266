package main_test

import (
	"bytes"
	"context"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// startOpenbox runs the openbox window manager on x, as a kiosk's X
// session might, and waits until it has taken the screen: it binds
// Alt+F4 to close the focused window and answers _NET_CLOSE_WINDOW
// (wmctrl -c) with WM_DELETE_WINDOW, the two ways a citizen or a stray
// keyboard could try to close the kiosk.
func startOpenbox(t *testing.T, x *xvfb) {
	t.Helper()
	requireTools(t, "openbox", "wmctrl", "xprop", "xwininfo")
	cmd := exec.Command("openbox", "--sm-disable")
	cmd.Env = x.env()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start openbox: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-done
	})
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			t.Fatalf("openbox exited: %v: %s", err, stderr.String())
		default:
		}
		// wmctrl -m names the window manager once it runs (EWMH).
		if out, err := x.run("wmctrl", "-m"); err == nil && strings.Contains(out, "Openbox") {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("openbox did not take the display within 15s: %s", stderr.String())
}

// run runs a command on the display with a bounded time and returns its
// combined output.
func (x *xvfb) run(name string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = x.env()
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// requireMapped fails unless window win is mapped and viewable, full
// screen.
func requireMapped(t *testing.T, x *xvfb, win string, after string) {
	t.Helper()
	out, err := x.run("xwininfo", "-id", win)
	if err != nil {
		t.Fatalf("after %s the kiosk's window is gone: %v: %s", after, err, out)
	}
	if !strings.Contains(out, "Map State: IsViewable") {
		t.Fatalf("after %s the kiosk's window is not mapped:\n%s", after, out)
	}
	if !strings.Contains(out, "Width: 1280") || !strings.Contains(out, "Height: 800") {
		t.Errorf("after %s the kiosk's window does not cover the screen:\n%s", after, out)
	}
}

// requireRunning fails when the kiosk process has ended.
func requireRunning(t *testing.T, k *runningKiosk, after string) {
	t.Helper()
	select {
	case err := <-k.done:
		t.Fatalf("after %s the kiosk exited: %v", after, err)
	default:
	}
	if err := k.cmd.Process.Signal(syscall.Signal(0)); err != nil {
		t.Fatalf("after %s the kiosk process is gone: %v", after, err)
	}
}

// TestFullScreenRefusesWindowManagerCloseUnderXvfb runs the real kiosk
// binary with -fullscreen under a real window manager (openbox) and tries
// to close it the two ways a window manager offers: a close request
// (wmctrl -c, _NET_CLOSE_WINDOW, which openbox turns into
// WM_DELETE_WINDOW) and Alt+F4. Each time the kiosk must log that it
// refused, keep running and keep its full-screen window mapped; SIGTERM
// still stops it cleanly.
func TestFullScreenRefusesWindowManagerCloseUnderXvfb(t *testing.T) {
	x := startXvfb(t, 1280, 800)
	startOpenbox(t, x)
	k := startKiosk(t, x, "-data", t.TempDir(), "-fullscreen")
	k.waitLog(t, 30*time.Second, "kiosk started")
	win := x.waitWindow(t, "Pishkhan", 10*time.Second)
	id, err := strconv.ParseUint(win, 10, 64)
	if err != nil {
		t.Fatalf("window id %q: %v", win, err)
	}
	hexID := "0x" + strconv.FormatUint(id, 16)

	// The window manager knows the window and has it full screen.
	deadline := time.Now().Add(10 * time.Second)
	for {
		out, _ := x.run("xprop", "-id", win, "_NET_WM_STATE")
		if strings.Contains(out, "_NET_WM_STATE_FULLSCREEN") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the window manager does not hold the kiosk full screen: %s", out)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if out, err := x.run("wmctrl", "-l"); err != nil || !strings.Contains(out, "Pishkhan") {
		t.Fatalf("wmctrl -l does not list the kiosk (%v):\n%s", err, out)
	}
	requireMapped(t, x, win, "start-up")

	// 1. A close request through the window manager.
	if out, err := x.run("wmctrl", "-i", "-c", hexID); err != nil {
		t.Fatalf("wmctrl -i -c %s: %v: %s", hexID, err, out)
	}
	k.waitLog(t, 10*time.Second, "window close refused in full-screen mode")
	time.Sleep(time.Second) // a close that got through would have ended it by now
	requireRunning(t, k, "wmctrl -c")
	requireMapped(t, x, win, "wmctrl -c")

	// 2. Alt+F4, which openbox binds to Close, on the focused kiosk.
	if out, err := x.run("wmctrl", "-i", "-a", hexID); err != nil {
		t.Fatalf("wmctrl -i -a %s: %v: %s", hexID, err, out)
	}
	deadline = time.Now().Add(10 * time.Second)
	for {
		out, _ := x.run("xdotool", "getactivewindow")
		if strings.TrimSpace(out) == win {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the kiosk's window %s did not get the focus (active: %s)", win, out)
		}
		time.Sleep(100 * time.Millisecond)
	}
	x.xdotool(t, "key", "alt+F4")
	k.waitLog(t, 10*time.Second, "window close refused in full-screen mode")
	time.Sleep(time.Second)
	requireRunning(t, k, "Alt+F4")
	requireMapped(t, x, win, "Alt+F4")

	// The operating system still stops it, cleanly.
	if err := k.stop(t, syscall.SIGTERM); err != nil {
		t.Fatalf("kiosk exited with %v after SIGTERM", err)
	}
	k.waitLog(t, time.Second, "kiosk stopped")

	// The control: the same close request ends a kiosk in a window, so
	// the requests above did reach the full-screen one.
	w := startKiosk(t, x, "-data", t.TempDir())
	w.waitLog(t, 30*time.Second, "kiosk started")
	if out, err := x.run("wmctrl", "-c", "Pishkhan"); err != nil {
		t.Fatalf("wmctrl -c Pishkhan: %v: %s", err, out)
	}
	select {
	case err := <-w.done:
		if err != nil {
			t.Fatalf("the windowed kiosk exited with %v after a window-manager close", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("a window-manager close did not end a kiosk in a window: the test's close requests prove nothing")
	}
}
