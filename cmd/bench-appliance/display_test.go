package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
)

func TestUnitEnvironment(t *testing.T) {
	dir := t.TempDir()
	unit := filepath.Join(dir, "k.service")
	if err := os.WriteFile(unit, []byte("[Service]\nEnvironment=DISPLAY=:0\nEnvironment=XAUTHORITY=/x\nEnvironment=A=1 \"B=two\"\n# Environment=C=3\nExecStart=/k\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		path string
		want []string
	}{
		{"display left to the harness, quotes and pairs", unit, []string{"A=1", "B=two"}},
		{"the kiosk's own unit", "../kiosk/pishkhan-kiosk.service", []string{"MALLOC_ARENA_MAX=2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := unitEnvironment(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			for _, kv := range tt.want {
				if !slices.Contains(got, kv) {
					t.Errorf("unitEnvironment = %q, want %q in it", got, kv)
				}
			}
			for _, kv := range got {
				if name, _, _ := strings.Cut(kv, "="); name == "DISPLAY" || name == "XAUTHORITY" {
					t.Errorf("unitEnvironment = %q: the display is the harness's", got)
				}
			}
		})
	}
	if _, err := unitEnvironment(filepath.Join(dir, "missing.service")); err == nil {
		t.Error("a missing unit gave no error")
	}
}

// TestDamageProbeWaitsWithoutReading checks the point of the damage
// probe: while nothing is drawn it does not read the screen, and a
// window drawn later is noticed.
func TestDamageProbeWaitsWithoutReading(t *testing.T) {
	if _, err := exec.LookPath("Xvfb"); err != nil {
		t.Skip("no Xvfb (make test installs it)")
	}
	for _, probe := range []string{probeDamage, probePoll} {
		t.Run(probe, func(t *testing.T) {
			d, err := startDisplay(320, 200, probe)
			if err != nil {
				t.Fatal(err)
			}
			defer d.close()
			blank, err := d.capture()
			if err != nil {
				t.Fatal(err)
			}
			changed := func(f frame) bool { return changedPixels(blank, f) > minChange }
			d.captures = 0
			if _, err := d.waitFrame(300*time.Millisecond, changed); err == nil {
				t.Fatal("a blank screen counted as drawn")
			}
			idleReads := d.captures
			if probe == probeDamage && idleReads > 2 {
				t.Errorf("the damage probe read a still screen %d times in 300 ms, want at most 2", idleReads)
			}
			if probe == probePoll && idleReads < 10 {
				t.Errorf("the polling probe read the screen %d times in 300 ms; the comparison with it means nothing", idleReads)
			}
			go func() {
				time.Sleep(100 * time.Millisecond)
				drawWhiteWindow(t, d)
			}()
			if _, err := d.waitFrame(5*time.Second, changed); err != nil {
				t.Fatalf("a window drawn after 100 ms was not noticed: %v", err)
			}
		})
	}
}

// drawWhiteWindow maps a white window on d from a client of its own, as
// the program under test would.
func drawWhiteWindow(t *testing.T, d *display) {
	other, err := xgb.NewConnDisplay(d.name)
	if err != nil {
		t.Error(err)
		return
	}
	screen := xproto.Setup(other).DefaultScreen(other)
	win, err := xproto.NewWindowId(other)
	if err != nil {
		t.Error(err)
		return
	}
	xproto.CreateWindow(other, screen.RootDepth, win, screen.Root, 10, 10, 100, 80, 0,
		xproto.WindowClassInputOutput, screen.RootVisual, xproto.CwBackPixel, []uint32{screen.WhitePixel})
	if err := xproto.MapWindowChecked(other, win).Check(); err != nil {
		t.Error(err)
	}
	t.Cleanup(other.Close)
}
