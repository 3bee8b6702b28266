package main_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The tests in this package drive the real kiosk binary in a real X server
// (Xvfb, with Mesa's software GL) using xdotool, and look at it with
// ImageMagick's import. `make test` installs all three.

var (
	buildOnce sync.Once
	kioskBin  string
	buildErr  error
)

// kioskBinary builds cmd/kiosk once per test run (cgo, so the first build
// takes minutes; later ones come from the build cache).
func kioskBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "pishkhan-kiosk-bin")
		if err != nil {
			buildErr = err
			return
		}
		kioskBin = filepath.Join(dir, "kiosk")
		cmd := exec.Command("go", "build", "-o", kioskBin, ".")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("build kiosk: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return kioskBin
}

// requireTools skips the test when the X tools are truly absent; CI
// installs them, so there the test runs.
func requireTools(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (make test installs it): %v", tool, err)
		}
	}
}

// xvfb is a virtual X display for one test.
type xvfb struct {
	Display string
	W, H    int
}

// startXvfb starts Xvfb on a free display number and stops it when the
// test ends.
func startXvfb(t *testing.T, w, h int) *xvfb {
	t.Helper()
	requireTools(t, "Xvfb", "xdotool", "import")
	for n := 90; n < 190; n++ {
		if displayTaken(n) {
			continue
		}
		display := fmt.Sprintf(":%d", n)
		cmd := exec.Command("Xvfb", display, "-screen", "0", fmt.Sprintf("%dx%dx24", w, h), "-nolisten", "tcp", "-noreset")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatalf("start Xvfb: %v", err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		sock := fmt.Sprintf("/tmp/.X11-unix/X%d", n)
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			select {
			case <-done:
				// Lost a race for this display number; try the next.
				goto next
			default:
			}
			// Ours (the lock names it) and listening, not a socket a
			// killed server left behind.
			if c, err := net.Dial("unix", sock); err == nil && lockedBy(n) == cmd.Process.Pid {
				c.Close()
				t.Cleanup(func() {
					// SIGTERM: Xvfb removes its lock file and socket, so
					// the display number is free for the next test.
					_ = cmd.Process.Signal(syscall.SIGTERM)
					select {
					case <-done:
					case <-time.After(5 * time.Second):
						_ = cmd.Process.Kill()
						<-done
					}
				})
				return &xvfb{Display: display, W: w, H: h}
			}
			time.Sleep(50 * time.Millisecond)
		}
		_ = cmd.Process.Kill()
		t.Fatalf("Xvfb %s did not start: %s", display, stderr.String())
	next:
	}
	t.Fatal("no free X display between :90 and :189")
	return nil
}

// lockedBy returns the process ID in X display n's lock file, 0 when
// there is none, -1 when it cannot be read.
func lockedBy(n int) int {
	data, err := os.ReadFile(fmt.Sprintf("/tmp/.X%d-lock", n))
	if os.IsNotExist(err) {
		return 0
	}
	if err != nil {
		return -1
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil || pid <= 0 {
		return -1
	}
	return pid
}

// displayTaken reports whether X display n is in use: its lock file names
// a live process. A lock left by a server that was killed does not count;
// Xvfb replaces such a stale lock itself.
func displayTaken(n int) bool {
	pid := lockedBy(n)
	if pid <= 0 {
		return pid < 0
	}
	// Signal 0 checks the process exists; EPERM means it does, as
	// another user's.
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// env returns the environment for a program on this display.
func (x *xvfb) env() []string {
	return append(os.Environ(), "DISPLAY="+x.Display)
}

// xdotool runs xdotool on the display.
func (x *xvfb) xdotool(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "xdotool", args...)
	cmd.Env = x.env()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("xdotool %s: %v: %s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// waitWindow waits until a visible window named name is mapped.
func (x *xvfb) waitWindow(t *testing.T, name string, timeout time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		cmd := exec.Command("xdotool", "search", "--onlyvisible", "--name", name)
		cmd.Env = x.env()
		if out, err := cmd.Output(); err == nil && len(bytes.TrimSpace(out)) > 0 {
			return strings.Fields(string(out))[0]
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("no window named %q within %v", name, timeout)
	return ""
}

// screenshot captures the whole display.
func (x *xvfb) screenshot(t *testing.T) image.Image {
	t.Helper()
	cmd := exec.Command("import", "-window", "root", "png:-")
	cmd.Env = x.env()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("import screenshot: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("decode screenshot: %v", err)
	}
	return img
}

// colourCount counts distinct colours on a grid of samples; a blank or
// single-colour screen has one or two.
func colourCount(img image.Image) int {
	seen := map[[3]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			r, g, bl, _ := img.At(x, y).RGBA()
			seen[[3]uint32{r >> 8, g >> 8, bl >> 8}] = true
		}
	}
	return len(seen)
}
