package main_test

import (
	"bufio"
	"io"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runningKiosk is the real kiosk binary on an Xvfb display.
type runningKiosk struct {
	cmd  *exec.Cmd
	x    *xvfb
	logs chan string
	done chan error
}

// startKiosk starts the kiosk binary with args on x and waits for its
// window.
func startKiosk(t *testing.T, x *xvfb, args ...string) *runningKiosk {
	t.Helper()
	cmd := exec.Command(kioskBinary(t), args...)
	cmd.Env = append(x.env(), "LANG=C.UTF-8")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start kiosk: %v", err)
	}
	k := &runningKiosk{cmd: cmd, x: x, logs: make(chan string, 1024), done: make(chan error, 1)}
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			t.Log("kiosk: " + sc.Text())
			select {
			case k.logs <- sc.Text():
			default:
			}
		}
		_, _ = io.Copy(io.Discard, stderr)
		k.done <- cmd.Wait()
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		select {
		case <-k.done:
		case <-time.After(10 * time.Second):
		}
	})
	x.waitWindow(t, "Pishkhan", 60*time.Second)
	return k
}

// waitLog waits for a log line containing all of the parts.
func (k *runningKiosk) waitLog(t *testing.T, timeout time.Duration, parts ...string) string {
	t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case line := <-k.logs:
			ok := true
			for _, p := range parts {
				ok = ok && strings.Contains(line, p)
			}
			if ok {
				return line
			}
		case <-deadline:
			t.Fatalf("no log line with %q within %v", parts, timeout)
		}
	}
}

// stop sends sig and waits for the process to end.
func (k *runningKiosk) stop(t *testing.T, sig syscall.Signal) error {
	t.Helper()
	if err := k.cmd.Process.Signal(sig); err != nil {
		t.Fatalf("signal kiosk: %v", err)
	}
	select {
	case err := <-k.done:
		return err
	case <-time.After(20 * time.Second):
		t.Fatalf("kiosk did not stop within 20s of %v", sig)
		return nil
	}
}

func TestKioskWindowUnderXvfb(t *testing.T) {
	x := startXvfb(t, 1280, 800)
	k := startKiosk(t, x, "-data", t.TempDir())
	k.waitLog(t, 30*time.Second, "kiosk started")
	// Give the first frame time to reach the screen.
	var n int
	for i := 0; i < 50; i++ {
		time.Sleep(200 * time.Millisecond)
		if n = colourCount(x.screenshot(t)); n > 16 {
			break
		}
	}
	if n <= 16 {
		t.Fatalf("the screen shows %d colours: blank", n)
	}
	// SIGTERM shuts down cleanly: the database is closed and the process
	// exits 0.
	if err := k.stop(t, syscall.SIGTERM); err != nil {
		t.Fatalf("kiosk exited with %v after SIGTERM", err)
	}
	k.waitLog(t, time.Second, "kiosk stopped")
}
