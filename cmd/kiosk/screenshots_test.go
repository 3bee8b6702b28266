package main_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestScreenshotsUnderXvfb walks the citizen's path on the real kiosk
// (kiosk mode, the 1280×800 window `make run` opens) in Persian and in
// English, with the keyboard alone, and saves every screen to
// SCREENSHOTS_DIR as kiosk-LANG-NAME.png. It documents the product for
// readers (make screenshots) and is skipped when SCREENSHOTS_DIR is not
// set: the end-to-end tests in tv_e2e_test.go cover the same path.
func TestScreenshotsUnderXvfb(t *testing.T) {
	out := os.Getenv("SCREENSHOTS_DIR")
	if out == "" {
		t.Skip("SCREENSHOTS_DIR is not set (make screenshots sets it)")
	}
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
			save("form-error")
			r.digits("7")
			r.press("Return")
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
