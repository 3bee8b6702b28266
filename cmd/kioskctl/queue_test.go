package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/filing"
	"github.com/pishkhan/pishkhan/offline"
	"github.com/pishkhan/pishkhan/offline/control"
)

const nationalCode = "0499370899"

// testCatalogue is a small catalogue file, so these tests do not depend
// on the embedded one's forms.
const testCatalogue = `version: "ctl-test-1"
services:
  - code: permit
    name: {fa: "پروانه", en: "Permit"}
    description: {fa: "درخواست پروانه", en: "Apply for a permit"}
    open311: {service_code: PERMIT, id_attribute: kiosk_submission_id}
    steps:
      - id: who
        title: {fa: "متقاضی", en: "Applicant"}
        fields:
          - id: national_code
            type: nationalcode
            required: true
            label: {fa: "کد ملی", en: "National code"}
            attribute: national_code
          - id: mobile
            type: mobile
            required: true
            label: {fa: "شماره همراه", en: "Mobile number"}
            attribute: mobile
`

// kioskDir makes a data directory with a configuration (and a back
// office URL when given). Unix socket paths are short, so it lives near
// the root.
func kioskDir(t *testing.T, backOffice string) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "kctl")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	cat := filepath.Join(dir, "catalogue.yaml")
	if err := os.WriteFile(cat, []byte(testCatalogue), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := fmt.Sprintf("device_id: TEST-01\nkiosk_number: 321\ncatalogue_path: %s\nretention: 1h\n", cat)
	if backOffice != "" {
		cfg += fmt.Sprintf("back_office:\n  url: %s\n  api_key: key-that-must-not-show\n", backOffice)
	}
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// kioskctl runs one command and returns its exit code and output.
func kioskctl(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb strings.Builder
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errb := kioskctl(t, args...)
	if code != 0 {
		t.Fatalf("kioskctl %s: exit %d: %s", strings.Join(args, " "), code, errb)
	}
	return out
}

func submit(t *testing.T, dir string) kiosk.TrackingCode {
	t.Helper()
	out := mustRun(t, "submit", "-data", dir, "--service", "permit", "--set", "national_code=۰۴۹۹۳۷۰۸۹۹", "--set", "mobile=+989121234567")
	code, err := kiosk.ParseTrackingCode(strings.SplitN(out, "\n", 2)[0])
	if err != nil {
		t.Fatalf("submit printed %q first, not a tracking code", out)
	}
	return code
}

func TestQueueWithoutARunningKiosk(t *testing.T) {
	dir := kioskDir(t, "")
	if code, _, errb := kioskctl(t, "queue", "ls", "-data", dir); code != 1 || !strings.Contains(errb, "no outbox") {
		t.Fatalf("ls of an empty data dir: exit %d, %q", code, errb)
	}
	code := submit(t, dir)
	if code.KioskNumber() != 321 {
		t.Errorf("tracking code %s not issued for kiosk 321", code)
	}

	out := mustRun(t, "queue", "ls", "-data", dir)
	if !strings.Contains(out, code.String()) || !strings.Contains(out, "permit") || !strings.Contains(out, "queued") ||
		!strings.Contains(out, "1 submission: 1 queued") {
		t.Errorf("queue ls:\n%s", out)
	}
	var listed []map[string]any
	if err := json.Unmarshal([]byte(mustRun(t, "queue", "ls", "--json", "-data", dir)), &listed); err != nil ||
		len(listed) != 1 || listed[0]["tracking_code"] != string(code) || listed[0]["state"] != "queued" {
		t.Errorf("queue ls --json = %v, %v", listed, err)
	}
	show := mustRun(t, "queue", "show", code.String(), "-data", dir)
	if !strings.Contains(show, "sealed; add --personal") {
		t.Errorf("queue show:\n%s", show)
	}
	personal := mustRun(t, "queue", "show", "-data", dir, "--personal", string(code))
	if !strings.Contains(personal, nationalCode) || !strings.Contains(personal, "09121234567") {
		t.Errorf("queue show --personal lacks the normalized answers:\n%s", personal)
	}

	export := filepath.Join(t.TempDir(), "out.jsonl")
	mustRun(t, "queue", "export", export, "-data", dir)
	data, err := os.ReadFile(export)
	fi, _ := os.Stat(export)
	if err != nil || !strings.Contains(string(data), string(code)) || fi.Mode().Perm() != 0o600 {
		t.Fatalf("export: %v, mode %v:\n%s", err, fi.Mode(), data)
	}
	if c, _, errb := kioskctl(t, "queue", "export", export, "-data", dir); c != 1 || !strings.Contains(errb, "exists") {
		t.Errorf("export over an existing file: exit %d, %q", c, errb)
	}
	exportPersonal := filepath.Join(t.TempDir(), "personal.jsonl")
	mustRun(t, "queue", "export", "--personal", exportPersonal, "-data", dir)
	withAnswers, _ := os.ReadFile(exportPersonal)
	if !strings.Contains(string(withAnswers), nationalCode) {
		t.Errorf("export --personal lacks the answers:\n%s", withAnswers)
	}

	// Nothing but --personal ever prints personal data.
	for _, text := range []string{out, show, string(data)} {
		if strings.Contains(text, nationalCode) || strings.Contains(text, "9121234567") {
			t.Errorf("personal data printed without --personal:\n%s", text)
		}
	}
	if out := mustRun(t, "queue", "retry", string(code), "-data", dir); !strings.Contains(out, "queued") {
		t.Errorf("retry: %q", out)
	}
	if out := mustRun(t, "queue", "retry", "--failed", "-data", dir); !strings.Contains(out, "queued 0 dead letters") {
		t.Errorf("retry --failed: %q", out)
	}
}

func TestQueueErrors(t *testing.T) {
	dir := kioskDir(t, "")
	submit(t, dir)
	unknown := "003210000000001" + strconv.Itoa(kiosk.VerhoeffDigit("003210000000001"))
	tests := []struct {
		name     string
		args     []string
		exit     int
		inStderr string
	}{
		{"no queue command", []string{"queue"}, 2, "a command is needed"},
		{"unknown queue command", []string{"queue", "frobnicate"}, 2, "unknown command"},
		{"show without a code", []string{"queue", "show", "-data", dir}, 2, "usage"},
		{"show of a mistyped code", []string{"queue", "show", "1234-5678", "-data", dir}, 2, "not a tracking code"},
		{"show of an unknown code", []string{"queue", "show", unknown, "-data", dir}, 1, "no such submission"},
		{"retry with a code and --failed", []string{"queue", "retry", "--failed", unknown, "-data", dir}, 2, "usage"},
		{"unknown state", []string{"queue", "ls", "--state", "lost", "-data", dir}, 2, "unknown state"},
		{"sync without --once", []string{"sync", "-data", dir}, 2, "--once"},
		{"sync without a back office", []string{"sync", "--once", "-data", dir}, 1, "no back office"},
		{"submit without a service", []string{"submit", "-data", dir}, 2, "usage"},
		{"submit of a malformed answer", []string{"submit", "--service", "permit", "--set", "national_code", "-data", dir}, 2, "FIELD=VALUE"},
		{"submit refused by the form", []string{"submit", "--service", "permit", "--set", "national_code=0499370898", "--set", "mobile=0912", "-data", dir}, 1, "national code is not valid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errb := kioskctl(t, tt.args...)
			if code != tt.exit || !strings.Contains(errb, tt.inStderr) {
				t.Errorf("exit %d, stderr %q; want exit %d mentioning %q", code, errb, tt.exit, tt.inStderr)
			}
			if strings.Contains(errb, "0499370898") {
				t.Errorf("an error repeats the national code: %q", errb)
			}
		})
	}
}

func TestKioskHoldingTheDatabaseIsNamed(t *testing.T) {
	dir := kioskDir(t, "")
	submit(t, dir)
	// A kiosk that holds the outbox but does not answer on its socket.
	o, err := offline.Open(dir, offline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	for _, args := range [][]string{{"queue", "ls"}, {"queue", "retry", "--failed"}, {"submit", "--service", "permit"}} {
		start := time.Now()
		code, _, errb := kioskctl(t, append(args, "-data", dir)...)
		if code != 1 || !strings.Contains(errb, "the kiosk is running and holds the database") {
			t.Errorf("%v: exit %d, %q", args, code, errb)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%v took %v: it must not hang on the lock", args, d)
		}
	}
}

// fakePrinter counts receipts.
type fakePrinter struct{ printed []kiosk.Receipt }

func (p *fakePrinter) Status(context.Context) kiosk.PrinterStatus {
	return kiosk.PrinterStatus{State: kiosk.PrinterReady}
}

func (p *fakePrinter) Print(_ context.Context, r kiosk.Receipt) error {
	p.printed = append(p.printed, r)
	return nil
}

// runKiosk serves the kiosk data directory dir's outbox on a control
// socket in sockDir, as a running kiosk (number 999) does, with a fake
// printer, until the test ends. The outbox is held: only the socket can
// answer.
func runKiosk(t *testing.T, dir, sockDir string) (*offline.Outbox, *fakePrinter) {
	t.Helper()
	o, err := offline.Open(dir, offline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cat, err := kiosk.LoadCatalogue(filepath.Join(dir, "catalogue.yaml"))
	if err != nil {
		o.Close()
		t.Fatal(err)
	}
	issuer, _ := kiosk.NewIssuer(999, kiosk.SystemClock{}, o.LastSerial())
	p := &fakePrinter{}
	local := &control.Local{Outbox: o, Submitter: &control.Submitter{Catalogue: cat, Stored: o, Filer: &filing.Filer{Outbox: o, Issuer: issuer,
		Printer: p, Clock: kiosk.SystemClock{}, KioskID: "RUNNING"}}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- control.Serve(ctx, sockDir, local) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
		o.Close()
	})
	for range 200 {
		if _, err := control.Dial(ctx, sockDir); err == nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	return o, p
}

func TestQueueThroughTheRunningKiosk(t *testing.T) {
	dir := kioskDir(t, "")
	_, p := runKiosk(t, dir, dir)

	// The outbox is held here: only the socket can answer.
	code := submit(t, dir)
	if code.KioskNumber() != 999 || len(p.printed) != 1 || p.printed[0].TrackingCode != code {
		t.Fatalf("submit did not go through the running kiosk: %s, %d printed", code, len(p.printed))
	}
	out := mustRun(t, "queue", "ls", "-data", dir)
	if !strings.Contains(out, code.String()) {
		t.Errorf("queue ls through the socket:\n%s", out)
	}
	if personal := mustRun(t, "queue", "show", "--personal", string(code), "-data", dir); !strings.Contains(personal, nationalCode) {
		t.Errorf("queue show --personal through the socket:\n%s", personal)
	}
	if code, _, errb := kioskctl(t, "sync", "--once", "-data", dir); code != 1 || !strings.Contains(errb, "no back office") {
		t.Errorf("sync on a kiosk without back office: exit %d, %q", code, errb)
	}
}
