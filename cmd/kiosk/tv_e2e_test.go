package main_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/offline"
)

// These tests drive the real kiosk in TV mode on a 1920×1080 Xvfb display
// with key presses only (xdotool), as a remote control would: arrows, OK
// (Return), Back (Escape), digits and the green key (F2). They cannot see
// the screen's widgets, so after each key they wait for the screen to
// change before pressing the next. The same key sequence runs against
// Fyne's test driver in screens.TestTaxByRemoteBlind, which checks where
// the focus is at every step.
//
// With SCREENSHOTS_DIR set, they save each screen there as tv-*.png
// (make screenshots).

// remote presses keys on the kiosk's window.
type remote struct {
	t    *testing.T
	x    *xvfb
	last []byte
}

func newRemote(t *testing.T, x *xvfb) *remote {
	t.Helper()
	// Wait for the first frame, then give the window the keyboard: there
	// is no window manager to do it.
	var img []byte
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if img = rawScreenshot(t, x); colourCount(decodePNG(t, img)) > 16 {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	win := x.waitWindow(t, "Pishkhan", 10*time.Second)
	x.xdotool(t, "windowfocus", "--sync", win)
	x.xdotool(t, "mousemove", "0", "0")
	return &remote{t: t, x: x, last: rawScreenshot(t, x)}
}

// rawScreenshot returns the display as PNG bytes: equal bytes, equal screens.
func rawScreenshot(t *testing.T, x *xvfb) []byte {
	t.Helper()
	cmd := exec.Command("import", "-window", "root", "png:-")
	cmd.Env = x.env()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("import screenshot: %v", err)
	}
	return out
}

func decodePNG(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decode screenshot: %v", err)
	}
	return img
}

// press presses one key and waits until the screen shows its effect.
func (r *remote) press(key string) {
	r.t.Helper()
	r.x.xdotool(r.t, "key", key)
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		now := rawScreenshot(r.t, r.x)
		if !bytes.Equal(now, r.last) {
			// Let the frame settle: a second, equal capture.
			time.Sleep(100 * time.Millisecond)
			r.last = rawScreenshot(r.t, r.x)
			return
		}
	}
	path := filepath.Join(r.t.TempDir(), "stuck.png")
	if dir := os.Getenv("SCREENSHOTS_DIR"); dir != "" {
		path = filepath.Join(dir, "stuck.png")
	}
	_ = os.WriteFile(path, r.last, 0o644)
	r.t.Fatalf("the screen did not change after key %s (screen saved to %s)", key, path)
}

// digits types a number with the remote's digit keys.
func (r *remote) digits(s string) {
	r.t.Helper()
	for _, d := range s {
		r.press(string(d))
	}
}

// save writes the current screen to SCREENSHOTS_DIR as tv-NAME.png.
func (r *remote) save(name string) {
	r.t.Helper()
	dir := os.Getenv("SCREENSHOTS_DIR")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "tv-"+name+".png"), r.last, 0o644); err != nil {
		r.t.Fatal(err)
	}
}

// payTaxByRemote takes a citizen from the attract loop to the receipt of
// a tax payment in Persian, with the remote's keys only.
func payTaxByRemote(r *remote) {
	r.t.Helper()
	r.save("attract")
	r.press("Return") // start
	r.save("language")
	r.press("Return") // فارسی, the default language
	r.save("services")
	r.press("Return") // the first service: tax
	r.save("intro")
	r.press("Return") // start
	r.save("form-choice")
	r.digits("0499370899") // the national code, below the taxpayer type
	r.save("form-digits")
	r.press("Return")
	r.digits("09121234567")
	r.press("Return") // on to the payment step
	r.press("Return") // business income tax
	r.digits("1403")
	r.press("Return")
	r.digits("2500000")
	r.press("Return")
	r.save("review")
	r.press("Return") // confirm the answers
	r.save("consent")
	r.press("F2") // green: submit
}

var trackingCodeRE = regexp.MustCompile(`tracking_code=(\d+)`)

// enqueuedCode waits for the outbox's log line and returns its code.
func enqueuedCode(t *testing.T, k *runningKiosk) kiosk.TrackingCode {
	t.Helper()
	line := k.waitLog(t, 30*time.Second, "outbox: enqueued")
	m := trackingCodeRE.FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("no tracking code in %q", line)
	}
	return kiosk.TrackingCode(m[1])
}

// requireInOutbox opens the outbox of dir read-only and checks it holds
// the submission with code.
func requireInOutbox(t *testing.T, dir string, code kiosk.TrackingCode) {
	t.Helper()
	o, err := offline.Open(dir, offline.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("open outbox: %v", err)
	}
	defer o.Close()
	e, err := o.Get(code)
	if errors.Is(err, offline.ErrNotFound) {
		t.Fatalf("submission %s is not in the outbox", code)
	}
	if err != nil {
		t.Fatalf("get %s: %v", code, err)
	}
	if e.ServiceCode != "tax" {
		t.Errorf("submission %s is for %q, want tax", code, e.ServiceCode)
	}
}

// TestTVEndToEndUnderXvfb pays a tax on the real kiosk in TV mode with
// remote keys only, from the attract loop to the receipt, and finds the
// submission in the outbox after a clean shutdown, both in the database
// and as kioskctl lists it.
func TestTVEndToEndUnderXvfb(t *testing.T) {
	x := startXvfb(t, 1920, 1080)
	dir := t.TempDir()
	k := startKiosk(t, x, "-data", dir, "-mode", "tv")
	k.waitLog(t, 30*time.Second, "kiosk started", "mode=tv")
	r := newRemote(t, x)
	payTaxByRemote(r)
	code := enqueuedCode(t, k)
	// The receipt: the screen changes once more, to show the code.
	deadline := time.Now().Add(10 * time.Second)
	for bytes.Equal(rawScreenshot(t, x), r.last) && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	r.last = rawScreenshot(t, x)
	r.save("receipt")
	r.press("Return") // done
	r.save("survey")
	r.press("Left") // towards «very satisfied» in a right-to-left row
	r.press("Return")
	r.save("thanks")

	if err := k.stop(t, syscall.SIGTERM); err != nil {
		t.Fatalf("kiosk exited with %v after SIGTERM", err)
	}
	requireInOutbox(t, dir, code)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	ls := exec.CommandContext(ctx, "go", "run", "../kioskctl", "queue", "ls", "--json", "-data", dir)
	out, err := ls.CombinedOutput()
	if err != nil {
		t.Fatalf("kioskctl queue ls: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), string(code)) {
		t.Errorf("kioskctl queue ls does not list %s:\n%s", code, out)
	}
}

// screenDiff returns the share of pixels (0 to 1) that differ between two
// screenshots of the same size by more than a faint shade in any colour
// channel, so anti-aliasing and a blinking caret count for little.
func screenDiff(a, b image.Image) float64 {
	ab, bb := a.Bounds(), b.Bounds()
	if ab.Dx() != bb.Dx() || ab.Dy() != bb.Dy() {
		return 1
	}
	const shade = 48 << 8 // of 0xffff
	differ := 0
	for y := 0; y < ab.Dy(); y++ {
		for x := 0; x < ab.Dx(); x++ {
			r1, g1, b1, _ := a.At(ab.Min.X+x, ab.Min.Y+y).RGBA()
			r2, g2, b2, _ := b.At(bb.Min.X+x, bb.Min.Y+y).RGBA()
			if absDiff(r1, r2) > shade || absDiff(g1, g2) > shade || absDiff(b1, b2) > shade {
				differ++
			}
		}
	}
	return float64(differ) / float64(ab.Dx()*ab.Dy())
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// attractTolerance is the share of pixels a screen may differ by from the
// attract screen of a fresh start and still be the attract screen; any
// other screen (language, receipt) differs by far more.
const attractTolerance = 0.005

// TestKioskSIGKILLAfterTrackingCode walks the same path, kills the kiosk
// with SIGKILL the moment the outbox has the submission (the tracking
// code is on screen right after), starts it again on the same data
// directory, and proves the submission survived and that the kiosk came
// back on the attract screen, as after a fresh start, rather than on the
// dead session's receipt.
func TestKioskSIGKILLAfterTrackingCode(t *testing.T) {
	x := startXvfb(t, 1920, 1080)
	dir := t.TempDir()
	k := startKiosk(t, x, "-data", dir, "-mode", "tv")
	k.waitLog(t, 30*time.Second, "kiosk started")
	r := newRemote(t, x)
	attract := decodePNG(t, r.last) // a fresh start's attract screen
	payTaxByRemote(r)
	code := enqueuedCode(t, k)
	// The receipt with the tracking code: the last screen before the kill.
	deadline := time.Now().Add(10 * time.Second)
	for bytes.Equal(rawScreenshot(t, x), r.last) && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	receipt := x.screenshot(t)
	if d := screenDiff(receipt, attract); d < 10*attractTolerance {
		t.Fatalf("the receipt differs from the attract screen by only %.2f%% of pixels: the comparison below would prove nothing", 100*d)
	}
	if err := k.cmd.Process.Kill(); err != nil {
		t.Fatalf("SIGKILL: %v", err)
	}
	select {
	case <-k.done:
	case <-time.After(10 * time.Second):
		t.Fatal("the kiosk did not die from SIGKILL")
	}

	again := startKiosk(t, x, "-data", dir, "-mode", "tv")
	again.waitLog(t, 30*time.Second, "kiosk started")
	// Back on the attract screen: wait (bounded) for the first frames to
	// settle into it.
	var now image.Image
	var d float64
	deadline = time.Now().Add(30 * time.Second)
	for {
		now = x.screenshot(t)
		if d = screenDiff(now, attract); d <= attractTolerance {
			break
		}
		if time.Now().After(deadline) {
			path := filepath.Join(t.TempDir(), "after-restart.png")
			var buf bytes.Buffer
			_ = png.Encode(&buf, now)
			_ = os.WriteFile(path, buf.Bytes(), 0o644)
			t.Fatalf("30 s after the restart the screen differs from a fresh start's attract screen by %.2f%% of pixels (receipt: %.2f%%; saved %s)",
				100*d, 100*screenDiff(now, receipt), path)
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Logf("after the restart the screen differs from the attract screen by %.3f%% of pixels, from the receipt by %.1f%%",
		100*d, 100*screenDiff(now, receipt))
	if err := again.stop(t, syscall.SIGTERM); err != nil {
		t.Fatalf("restarted kiosk exited with %v after SIGTERM", err)
	}
	requireInOutbox(t, dir, code)
}

// TestTVIdleWarningAndCancelUnderXvfb types on the on-screen keyboard
// with the remote, lets the idle warning come (the configuration sets a
// short idle time), answers it with OK, then cancels with the red key:
// the kiosk asks first (OK keeps going, the form as it was), red again
// stops, red on the survey after it says "no, thanks", and OK on the
// thanks ends the session. The attract loop then looks exactly as
// before: nothing the citizen typed is left on screen.
func TestTVIdleWarningAndCancelUnderXvfb(t *testing.T) {
	x := startXvfb(t, 1920, 1080)
	dir := t.TempDir()
	cfg := "mode: tv\nidle:\n  warn: 15s\n  grace: 20s\n"
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	k := startKiosk(t, x, "-data", dir)
	k.waitLog(t, 30*time.Second, "kiosk started", "mode=tv")
	r := newRemote(t, x)
	attract := r.last
	r.press("Return") // start
	r.press("Return") // فارسی
	r.press("Left")   // the tiles fill from the right: the second one
	r.press("Left")   // the third: employment
	r.press("Return")
	r.press("Return") // start: the first name has the focus
	r.press("Return") // OK on the field opens its keyboard, on ض
	r.press("Return") // ض
	r.press("Right")  // ص: the keyboard reads left to right, as ISIRI 9147
	r.press("Return")
	r.save("form-keyboard")

	// No key for 15 s: the warning comes, with the focus on "more time".
	before := r.last
	deadline := time.Now().Add(30 * time.Second)
	for bytes.Equal(r.last, before) && time.Now().Before(deadline) {
		time.Sleep(250 * time.Millisecond)
		r.last = rawScreenshot(t, x)
	}
	if bytes.Equal(r.last, before) {
		t.Fatal("no idle warning 30 s after the last key")
	}
	time.Sleep(1500 * time.Millisecond) // let the countdown tick once
	r.last = rawScreenshot(t, x)
	r.save("idle")
	r.press("Return") // more time
	if !bytes.Equal(r.last, before) {
		t.Error("after more time the form does not look as it did")
	}
	r.press("F1") // red: cancel asks first, the focus on keeping going
	r.save("cancel-question")
	r.press("Return") // keep going
	if !bytes.Equal(r.last, before) {
		t.Error("after keeping going the form does not look as it did")
	}
	r.press("F1")
	r.press("F1") // red again: yes, stop
	r.save("cancel-survey")
	r.press("F1") // red on the survey: no, thanks
	r.press("Return")
	if !bytes.Equal(r.last, attract) {
		path := filepath.Join(t.TempDir(), "after-cancel.png")
		_ = os.WriteFile(path, r.last, 0o644)
		t.Errorf("the attract loop after cancel differs from before the session (saved %s)", path)
	}
}
