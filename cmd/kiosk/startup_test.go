package main

import (
	"image"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens"
)

// TestEarlyInputStartsTheSessionOnceItExists: the kiosk draws the attract
// screen before its session exists (Run). A touch or key given to it then
// is kept and starts the session once the UI takes the window; only the
// first is kept, and without any the attract screen stays.
func TestEarlyInputStartsTheSessionOnceItExists(t *testing.T) {
	tests := []struct {
		name  string
		mode  string
		input func(w fyne.Window)
		want  kiosk.Stage
	}{
		{name: "nothing", input: func(fyne.Window) {}, want: kiosk.StageAttract},
		{name: "a touch", input: func(w fyne.Window) { test.TapCanvas(w.Canvas(), fyne.NewPos(640, 400)) }, want: kiosk.StageLanguage},
		{name: "OK on a kiosk's keypad", input: func(w fyne.Window) { typeKey(w, fyne.KeyReturn) }, want: kiosk.StageLanguage},
		{name: "OK on a remote", mode: "tv", input: func(w fyne.Window) { typeKey(w, fyne.KeyReturn) }, want: kiosk.StageLanguage},
		{
			name: "a touch, then OK meant for the language screen",
			input: func(w fyne.Window) {
				test.TapCanvas(w.Canvas(), fyne.NewPos(640, 400))
				typeKey(w, fyne.KeyReturn)
			},
			want: kiosk.StageLanguage,
		},
		{name: "the audio-only key", input: func(w fyne.Window) { typeKey(w, fyne.KeyF12) }, want: kiosk.StageLanguage},
		{name: "a key that starts nothing", input: func(w fyne.Window) { typeKey(w, fyne.KeyA) }, want: kiosk.StageAttract},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			test.NewTempApp(t)
			opts := Options{DataDir: dir, ConfigPath: filepath.Join(dir, "config.yaml"), Mode: tc.mode}
			log := slog.New(slog.NewTextHandler(io.Discard, nil))
			b, err := loadBasics(opts, log)
			if err != nil {
				t.Fatal(err)
			}
			fyne.CurrentApp().Settings().SetTheme(screens.Theme(b.uiOptions()))
			early := &earlyInput{}
			w := test.NewTempWindow(t, screens.Standby(b.uiOptions(), b.cfg.Languages, early.tapped))
			w.Resize(fyne.NewSize(1280, 800))
			w.Canvas().SetOnTypedKey(early.typed)
			tc.input(w)

			a, err := assembleWith(b, opts, &stepClock{time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)}, log)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			if st := a.session.State().Stage; st != kiosk.StageAttract {
				t.Fatalf("before the UI took the window: stage %s, want the attract screen", st)
			}
			a.ui.ShowIn(w)
			early.replay(a.session, w.Canvas())
			if st := a.session.State().Stage; st != tc.want {
				t.Errorf("stage %s, want %s", st, tc.want)
			}
		})
	}
}

// TestStandbyLooksLikeTheAttractScreen: the attract screen drawn before
// the session exists is replaced by the UI's own without a visible
// change.
func TestStandbyLooksLikeTheAttractScreen(t *testing.T) {
	dir := t.TempDir()
	test.NewTempApp(t)
	opts := Options{DataDir: dir, ConfigPath: filepath.Join(dir, "config.yaml")}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	b, err := loadBasics(opts, log)
	if err != nil {
		t.Fatal(err)
	}
	fyne.CurrentApp().Settings().SetTheme(screens.Theme(b.uiOptions()))
	w := test.NewTempWindow(t, screens.Standby(b.uiOptions(), b.cfg.Languages, func() {}))
	w.SetPadded(false)
	w.Resize(fyne.NewSize(1280, 800))
	standby := w.Canvas().Capture()

	a, err := assembleWith(b, opts, &stepClock{time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)}, log)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	a.ui.ShowIn(w)
	attract := w.Canvas().Capture()
	if n := differentPixels(standby, attract); n > 0 {
		t.Errorf("%d pixels differ between the standby and the attract screen", n)
	}
}

func typeKey(w fyne.Window, name fyne.KeyName) {
	if f := w.Canvas().OnTypedKey(); f != nil {
		f(&fyne.KeyEvent{Name: name})
	}
}

func differentPixels(a, b image.Image) int {
	if a.Bounds() != b.Bounds() {
		return a.Bounds().Dx() * a.Bounds().Dy()
	}
	n := 0
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				n++
			}
		}
	}
	return n
}

// TestMetricsFlagOverridesTheConfiguration: -metrics moves or turns off
// the metrics endpoint (a bench beside another kiosk), and is held to the
// configuration's rules (loopback unless allowed).
func TestMetricsFlagOverridesTheConfiguration(t *testing.T) {
	tests := []struct {
		name    string
		flag    string
		want    string
		wantErr bool
	}{
		{name: "unset: the default", flag: "", want: "127.0.0.1:9311"},
		{name: "another loopback port", flag: "127.0.0.1:9399", want: "127.0.0.1:9399"},
		{name: "off", flag: "off", want: ""},
		{name: "not loopback", flag: "0.0.0.0:9311", wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			b, err := loadBasics(Options{DataDir: dir, ConfigPath: filepath.Join(dir, "config.yaml"), MetricsListen: tc.flag}, slog.New(slog.DiscardHandler))
			if tc.wantErr {
				if err == nil {
					t.Fatalf("-metrics %s accepted", tc.flag)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := b.cfg.Metrics.Address(); got != tc.want {
				t.Errorf("metrics address %q, want %q", got, tc.want)
			}
		})
	}
}

// initialised is when this test binary's package variables were set,
// after the loader and the runtime started it.
var initialised = time.Now()

// TestProcessStartIsBeforeMain: the start trace counts from the process's
// start (to /proc's 10 ms), so the loader and the packages'
// initialisation are in it.
func TestProcessStartIsBeforeMain(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skipf("no /proc: the trace counts from main (%v)", err)
	}
	time.Sleep(50 * time.Millisecond) // so that "now" cannot pass for the start
	start := processStart()
	if !start.Before(initialised.Add(20 * time.Millisecond)) {
		t.Errorf("process start %s after package initialisation %s", start.Format(time.StampMicro), initialised.Format(time.StampMicro))
	}
	if age := time.Since(start); age > 10*time.Minute {
		t.Errorf("process started %s ago", age)
	}
}
