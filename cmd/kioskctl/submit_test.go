package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/offline"
)

func TestSubmitMakesAVerifiableReceipt(t *testing.T) {
	dir := kioskDir(t, "")
	out := mustRun(t, "submit", "-data", dir, "--service", "permit", "--lang", "en",
		"--set", "national_code="+nationalCode, "--set", "mobile=09121234567")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	code, err := kiosk.ParseTrackingCode(lines[0])
	if err != nil {
		t.Fatalf("first line %q is not a tracking code", lines[0])
	}
	if strings.Contains(out, nationalCode) {
		t.Errorf("submit printed personal data:\n%s", out)
	}
	// The receipt went to the spool folder (no printer configured).
	pdf := filepath.Join(dir, "spool", string(code)+".pdf")
	if _, err := os.Stat(pdf); err != nil || !strings.Contains(out, "receipt printed") {
		t.Errorf("receipt %s: %v\n%s", pdf, err, out)
	}
	// Its QR string is signed with the device key.
	var qr string
	for _, l := range lines {
		if s, ok := strings.CutPrefix(l, "receipt QR: "); ok {
			qr = s
		}
	}
	key, err := offline.LoadKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	claims, err := kiosk.VerifyReceipt(key, qr)
	if err != nil || claims.TrackingCode != code || claims.ServiceCode != "permit" || claims.KioskID != "TEST-01" {
		t.Errorf("receipt QR %q: %+v, %v", qr, claims, err)
	}
	// The submission waits in the outbox, answers sealed.
	if show := mustRun(t, "queue", "show", string(code), "-data", dir); !strings.Contains(show, "queued") || !strings.Contains(show, "language       en") {
		t.Errorf("queue show:\n%s", show)
	}
}

func TestSubmitOnATVPrintsNothing(t *testing.T) {
	dir := kioskDir(t, "")
	f, err := os.OpenFile(filepath.Join(dir, "config.yaml"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("mode: tv\n")
	f.Close()
	out := mustRun(t, "submit", "-data", dir, "--service", "permit", "--set", "national_code="+nationalCode, "--set", "mobile=09121234567")
	if !strings.Contains(out, "no printer on this kiosk") {
		t.Errorf("submit on a TV:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "spool")); err == nil {
		t.Error("a TV got a spool folder")
	}
}
