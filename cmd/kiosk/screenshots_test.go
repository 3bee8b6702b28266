package main_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/kiosk/gate"
)

// TestScreenshotsUnderXvfb walks the citizen's path on the real kiosk
// (kiosk mode, the 1280×800 window `make run` opens) in Persian and in
// English, with the keyboard alone, and saves every screen to
// SCREENSHOTS_DIR as kiosk-LANG-NAME.png, then what that walk does not
// reach (screenshotsOfTheRest). It documents the product for
// readers (make screenshots) and is skipped when SCREENSHOTS_DIR is not
// set: the end-to-end tests in tv_e2e_test.go cover the same path.
func TestScreenshotsUnderXvfb(t *testing.T) {
	out := os.Getenv("SCREENSHOTS_DIR")
	if out == "" {
		t.Skip("SCREENSHOTS_DIR is not set (make screenshots sets it)")
	}
	screenshotsOfTheRest(t, out)
	for _, lang := range []string{"fa", "en"} {
		t.Run(lang, func(t *testing.T) {
			x := startXvfb(t, 1280, 800)
			dir := t.TempDir()
			// A short idle time so the warning can be photographed too.
			cfg := "device_id: IKA-T1-07\nkiosk_number: 1207\nsite: {fa: فرودگاه امام خمینی, en: Imam Khomeini Airport}\nlocation: {address: Terminal 1}\nidle: {warn: 30s, grace: 20s}\n"
			if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(cfg), 0o600); err != nil {
				t.Fatal(err)
			}
			k := startKiosk(t, x, "-data", dir)
			k.waitLog(t, 30*time.Second, "kiosk started")
			r := newRemote(t, x)
			save := func(name string) {
				t.Helper()
				if err := os.WriteFile(filepath.Join(out, "kiosk-"+lang+"-"+name+".png"), r.last, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.MkdirAll(out, 0o755); err != nil {
				t.Fatal(err)
			}
			save("attract")
			r.press("Return")
			save("language")
			if lang == "en" {
				r.press("Left") // English sits left of فارسی
			}
			r.press("Return")
			save("services")
			r.press("Return") // tax
			save("intro")
			r.press("Return")
			save("form-taxpayer")
			r.digits("0499370899")
			r.press("Return")
			r.digits("0912123456") // one digit short: refused
			r.press("Return")
			save("form-error") // the error summary at the top, the focus on its entry
			r.press("Return")  // the entry opens the mobile number again
			r.digits("7")
			r.press("Return") // done on the last field: continue
			save("form-payment")
			r.press("Return") // the first tax kind
			r.digits("1403")
			r.press("Return")
			r.digits("2500000")
			r.press("Return")
			save("review")
			r.press("Return")
			save("consent")
			r.press("Return")
			code := enqueuedCode(t, k)
			time.Sleep(2 * time.Second) // printing to the spool folder
			r.last = rawScreenshot(t, x)
			save("receipt")
			r.press("Return")
			save("survey")
			r.press("Return")
			save("thanks")
			// Wait for the attract loop, then start again, track the
			// request just made and let the idle warning come.
			waitChange(t, r, 30*time.Second)
			r.press("Return")
			if lang == "en" {
				r.press("Left")
			}
			r.press("Return")
			r.press("Up") // from the first tile to "track my request"
			r.press("Return")
			r.digits(string(code))
			r.press("Return")
			save("track")
			waitChange(t, r, 60*time.Second)
			time.Sleep(1500 * time.Millisecond)
			r.last = rawScreenshot(t, x)
			save("idle")
		})
	}
}

// screenshotSaver writes the current screen of r to dir as kiosk-NAME.png.
func screenshotSaver(t *testing.T, dir string, r *remote) func(name string) {
	return func(name string) {
		t.Helper()
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "kiosk-"+name+".png"), r.last, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// settle waits until two captures a moment apart are equal (bounded), for
// screens filled in the background (the technician's status).
func settle(t *testing.T, r *remote, quiet time.Duration) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		time.Sleep(quiet)
		now := rawScreenshot(t, r.x)
		if bytes.Equal(now, r.last) {
			return
		}
		r.last = now
	}
	t.Fatal("the screen did not settle within 30s")
}

// screenshotsOfTheRest photographs what the citizen's walk above does not
// reach: a form step typed on the on-screen keyboard, the technician's PIN
// pad and desk (in each language), and the "not provisioned" screen
// (both languages on one screen).
func screenshotsOfTheRest(t *testing.T, out string) {
	for _, lang := range []kiosk.Lang{kiosk.Persian, kiosk.English} {
		t.Run("keyboard-"+string(lang), func(t *testing.T) {
			x := startXvfb(t, 1280, 800)
			k := startKiosk(t, x, "-data", t.TempDir())
			k.waitLog(t, 30*time.Second, "kiosk started")
			r := newRemote(t, x)
			save := screenshotSaver(t, out, r)
			r.press("Return") // start
			next := "Left"    // tiles fill from the right in Persian
			if lang == kiosk.English {
				r.press("Left") // English sits left of فارسی
				next = "Right"
			}
			r.press("Return")
			r.press(next) // building permit
			r.press(next) // employment
			r.press("Return")
			r.press("Return") // start: the first name, with its keyboard
			name := "سارا"
			if lang == kiosk.English {
				name = "Sara"
			}
			x.xdotool(t, "type", "--delay", "150", name)
			settle(t, r, 300*time.Millisecond)
			save(string(lang) + "-form-keyboard")
		})
	}
	for _, lang := range []kiosk.Lang{kiosk.Persian, kiosk.English} {
		t.Run("technician-"+string(lang), func(t *testing.T) {
			x := startXvfb(t, 1280, 800)
			// A short data directory: the desk shows the spool folder's path.
			dir, err := os.MkdirTemp("", "pishkhan-")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.RemoveAll(dir) })
			// A provisioned kiosk whose technician screens open in lang.
			cfg := config.Default()
			cfg.DeviceID, cfg.KioskNumber = "IKA-T1-07", 1207
			cfg.Site = kiosk.Text{kiosk.Persian: "فرودگاه امام خمینی", kiosk.English: "Imam Khomeini Airport"}
			cfg.Location.Address = "Terminal 1"
			cfg.Languages = []kiosk.Lang{lang, kiosk.English}
			if lang == kiosk.English {
				cfg.Languages[1] = kiosk.Persian
			}
			cfg.Metrics.Listen = "off"
			h, err := gate.HashPIN("482913")
			if err != nil {
				t.Fatal(err)
			}
			cfg.Technician.PINHash = h
			if err := config.Commit(filepath.Join(dir, "config.yaml"), cfg); err != nil {
				t.Fatal(err)
			}
			k := startKiosk(t, x, "-data", dir)
			k.waitLog(t, 30*time.Second, "kiosk started")
			r := newRemote(t, x)
			save := screenshotSaver(t, out, r)
			// The hidden entry: the remote's (or a keyboard's) arrows.
			x.xdotool(t, "key", "--delay", "100", "Up", "Up", "Down", "Down", "Left", "Right", "Left", "Right")
			waitChange(t, r, 10*time.Second)
			settle(t, r, 300*time.Millisecond)
			save(string(lang) + "-technician-pin")
			x.xdotool(t, "type", "--delay", "100", "482913")
			r.press("Return")
			// The status is read in the background: let it fill in.
			time.Sleep(2 * time.Second)
			settle(t, r, time.Second)
			r.press("Down")   // from "sync now" to "test print"
			r.press("Return") // a test receipt, to the spool folder
			time.Sleep(2 * time.Second)
			settle(t, r, time.Second)
			save(string(lang) + "-technician-desk")
		})
	}
	t.Run("unprovisioned", func(t *testing.T) {
		x := startXvfb(t, 1280, 800)
		// The screen spells out kioskctl's commands with the data
		// directory: a short one, as on a device (/var/lib/pishkhan).
		dir, err := os.MkdirTemp("", "pishkhan-")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(dir) })
		k := startKiosk(t, x, "-data", dir, "-require-provisioning")
		k.waitLog(t, 30*time.Second, "not provisioned")
		r := newRemote(t, x)
		settle(t, r, 500*time.Millisecond)
		screenshotSaver(t, out, r)("unprovisioned")
	})
}

// waitChange waits until the screen differs from the last capture.
func waitChange(t *testing.T, r *remote, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
		if now := rawScreenshot(t, r.x); !bytes.Equal(now, r.last) {
			time.Sleep(200 * time.Millisecond)
			r.last = rawScreenshot(t, r.x)
			return
		}
	}
	t.Fatalf("the screen did not change within %v", timeout)
}
