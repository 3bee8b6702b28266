package main

import (
	"bytes"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/offline"
)

// receiptRig is a data directory with a device key and a receipt signed
// with it.
type receiptRig struct {
	dataDir string
	keyFile string
	key     []byte
	receipt kiosk.Receipt
}

func newReceiptRig(t *testing.T) *receiptRig {
	t.Helper()
	dir := t.TempDir()
	key, err := offline.LoadOrCreateKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	body := "00042" + "0912345678"
	r := kiosk.Receipt{
		TrackingCode: kiosk.TrackingCode(body + strconv.Itoa(kiosk.VerhoeffDigit(body))),
		ServiceCode:  "tax",
		IssuedAt:     time.Date(2026, 11, 26, 10, 4, 5, 0, time.UTC),
		KioskID:      "IKA-T1-07",
	}
	return &receiptRig{dataDir: dir, keyFile: filepath.Join(dir, offline.KeyFile), key: key, receipt: r}
}

func runCmd(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestReceiptVerify(t *testing.T) {
	rig := newReceiptRig(t)
	text := kiosk.SignReceipt(rig.key, rig.receipt, "")
	link := kiosk.SignReceipt(rig.key, rig.receipt, "https://status.example.ir/r")
	otherDir := t.TempDir()
	if _, err := offline.LoadOrCreateKey(otherDir); err != nil {
		t.Fatal(err)
	}
	receiptKey := hex.EncodeToString(kiosk.ReceiptKey(rig.key))
	elsewhere := kiosk.SignReceipt(rig.key, rig.receipt, "https://status.example.org/r")
	// Links printed before v2 carried the text form's signature, which
	// does not cover the address.
	unix := strconv.FormatInt(rig.receipt.IssuedAt.Unix(), 10)
	beforeV2 := "https://status.example.ir/r/" + string(rig.receipt.TrackingCode) +
		"?k=IKA-T1-07&s=tax&t=" + unix + "&sig=" + text[strings.LastIndex(text, "|")+1:]
	// A device whose configuration names its status page.
	provisioned := newReceiptRig(t)
	if err := os.WriteFile(filepath.Join(provisioned.dataDir, "config.yaml"),
		[]byte("device_id: IKA-T1-07\nstatus_url: https://status.example.ir/r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	provLink := kiosk.SignReceipt(provisioned.key, provisioned.receipt, "https://status.example.ir/r")
	provElsewhere := kiosk.SignReceipt(provisioned.key, provisioned.receipt, "https://status.example.ir:8443/r")

	tests := []struct {
		name     string
		args     []string
		code     int
		stdout   []string
		stderrHa string
	}{
		{"text form with data dir", []string{"receipt", "verify", "-data", rig.dataDir, text}, 0,
			[]string{"genuine receipt", "0004-2091-2345-6780", "IKA-T1-07", "tax", "2026-11-26 13:34 Tehran", "1405/09/05"}, ""},
		{"flags after the string", []string{"receipt", "verify", link, "--key-file", rig.keyFile}, 0,
			[]string{"genuine receipt", "status page    https://status.example.ir/r (covered by the signature)"}, ""},
		{"link to the expected status page", []string{"receipt", "verify", "-receipt-key", receiptKey, "-status-url", "https://status.example.ir/r", link}, 0,
			[]string{"genuine receipt", "status page    https://status.example.ir/r (covered by the signature)"}, ""},
		{"link signed for another status page", []string{"receipt", "verify", "-receipt-key", receiptKey, "-status-url", "https://status.example.ir/r", elsewhere}, 1,
			nil, "another status page"},
		{"link moved to another host", []string{"receipt", "verify", "-data", rig.dataDir, strings.Replace(link, "status.example.ir", "status.example.org", 1)}, 1,
			nil, "NOT GENUINE"},
		{"link moved to http", []string{"receipt", "verify", "-data", rig.dataDir, strings.Replace(link, "https:", "http:", 1)}, 1,
			nil, "NOT GENUINE"},
		{"link printed before v2", []string{"receipt", "verify", "-data", rig.dataDir, beforeV2}, 0,
			[]string{"genuine receipt, but its status address was not covered by the signature: do not trust the link",
				"status page    https://status.example.ir/r (NOT covered"}, ""},
		{"link printed before v2, moved elsewhere", []string{"receipt", "verify", "-receipt-key", receiptKey, "-status-url", "https://status.example.ir/r",
			strings.Replace(beforeV2, "status.example.ir", "status.example.org", 1)}, 1, nil, "another status page"},
		{"device's status page from its configuration", []string{"receipt", "verify", "-data", provisioned.dataDir, provLink}, 0,
			[]string{"genuine receipt", "covered by the signature"}, ""},
		{"another status page than the configuration's", []string{"receipt", "verify", "-data", provisioned.dataDir, provElsewhere}, 1,
			nil, "https://status.example.ir:8443/r/, not https://status.example.ir/r/"},
		{"unreadable configuration", []string{"receipt", "verify", "-data", writeConfig(t, "status_url: [\n"), text}, 1,
			nil, "-status-url"},
		{"back office receipt key", []string{"receipt", "verify", "-receipt-key", receiptKey, text}, 0,
			[]string{"genuine receipt"}, ""},
		{"another kiosk's key", []string{"receipt", "verify", "-data", otherDir, text}, 1, nil, "NOT GENUINE"},
		{"altered kiosk", []string{"receipt", "verify", "-data", rig.dataDir, strings.Replace(text, "IKA-T1-07", "IKA-T1-08", 1)}, 1, nil, "NOT GENUINE"},
		{"altered service", []string{"receipt", "verify", "-data", rig.dataDir, strings.Replace(link, "s=tax", "s=police", 1)}, 1, nil, "NOT GENUINE"},
		{"altered time", []string{"receipt", "verify", "-data", rig.dataDir, strings.Replace(text, "|1795", "|1796", 1)}, 1, nil, "NOT GENUINE"},
		{"cut short", []string{"receipt", "verify", "-data", rig.dataDir, text[:len(text)-4]}, 1, nil, "NOT A RECEIPT"},
		{"not a receipt", []string{"receipt", "verify", "-data", rig.dataDir, "hello"}, 1, nil, "NOT A RECEIPT"},
		{"no device key", []string{"receipt", "verify", "-data", t.TempDir(), text}, 1, nil, "no device key"},
		{"bad key file", []string{"receipt", "verify", "-key-file", writeFile(t, "short"), text}, 1, nil, "parse device key"},
		{"no string", []string{"receipt", "verify", "-data", rig.dataDir}, 2, nil, "usage"},
		{"two strings", []string{"receipt", "verify", text, text}, 2, nil, "usage"},
		{"unknown subcommand", []string{"receipt", "forge"}, 2, nil, "unknown receipt command"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stdout %q stderr %q", code, tc.code, stdout, stderr)
			}
			for _, w := range tc.stdout {
				if !strings.Contains(stdout, w) {
					t.Fatalf("stdout lacks %q:\n%s", w, stdout)
				}
			}
			if !strings.Contains(stderr, tc.stderrHa) {
				t.Fatalf("stderr lacks %q:\n%s", tc.stderrHa, stderr)
			}
			if tc.code != 0 && strings.Contains(stdout, "genuine") {
				t.Fatalf("refused string reported genuine:\n%s", stdout)
			}
		})
	}
}

// writeConfig returns a data directory holding a device key and a
// config.yaml of content.
func writeConfig(t *testing.T, content string) string {
	t.Helper()
	dir := newReceiptRig(t).dataDir
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

func writeFile(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReceiptKeyCommand(t *testing.T) {
	rig := newReceiptRig(t)
	code, stdout, stderr := runCmd("receipt", "key", "-data", rig.dataDir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got := strings.TrimSpace(stdout)
	if got != hex.EncodeToString(kiosk.ReceiptKey(rig.key)) {
		t.Fatalf("receipt key %s, want the key derived from the device key", got)
	}
	if got == hex.EncodeToString(rig.key) {
		t.Fatal("printed the device key itself")
	}
}

func TestReceiptStatusSpool(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := runCmd("receipt", "status", "-data", dir)
	if code != 0 || !strings.Contains(stdout, "no printer configured") || !strings.Contains(stdout, "ready") {
		t.Fatalf("exit %d; stdout %q stderr %q", code, stdout, stderr)
	}
}

func TestReceiptStatusCUPSUnknownQueue(t *testing.T) {
	if _, err := exec.LookPath("lpstat"); err != nil {
		t.Skip("lpstat is not installed (Debian package cups-client; make test installs it)")
	}
	code, stdout, stderr := runCmd("receipt", "status", "-data", t.TempDir(), "-queue", "pishkhan-no-such-queue")
	if code != 1 || !strings.Contains(stdout, "offline") || !strings.Contains(stderr, "cannot print") {
		t.Fatalf("exit %d; stdout %q stderr %q", code, stdout, stderr)
	}
}

func TestReceiptSample(t *testing.T) {
	rig := newReceiptRig(t)
	out := filepath.Join(t.TempDir(), "sample.pdf")
	code, stdout, stderr := runCmd("receipt", "sample", "-data", rig.dataDir, "-lang", "en", "-o", out)
	if code != 0 || !strings.Contains(stdout, "signed with the device key") {
		t.Fatalf("exit %d; stdout %q stderr %q", code, stdout, stderr)
	}
	pdf, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("sample is not a PDF: %v", err)
	}
	if code, _, stderr := runCmd("receipt", "sample", "-data", rig.dataDir, "-lang", "de", "-o", out); code != 2 {
		t.Fatalf("unknown language: exit %d (%s)", code, stderr)
	}
}
