package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/offline"
	"github.com/pishkhan/pishkhan/offline/control"
)

// backOfficeFake serves services.json and checks the api_key on it, as
// the servers doctor must detect a wrong key with do.
type backOfficeFake struct {
	mu   sync.Mutex
	key  string
	seen []string // api_keys received, to check none leaks elsewhere
}

func (b *backOfficeFake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b.mu.Lock()
	key := b.key
	b.seen = append(b.seen, r.URL.Query().Get("api_key"))
	b.mu.Unlock()
	if r.URL.Path != "/open311/v2/services.json" {
		http.NotFound(w, r)
		return
	}
	if r.URL.Query().Get("api_key") != key {
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, `[{"code":403,"description":"invalid api_key"}]`)
		return
	}
	fmt.Fprint(w, `[{"service_code":"PERMIT","service_name":"Permit","type":"realtime","metadata":true}]`)
}

func (b *backOfficeFake) setKey(k string) {
	b.mu.Lock()
	b.key = k
	b.mu.Unlock()
}

// device is a provisioned data directory with a back office, a display
// and one queued submission: every doctor check passes on it.
type device struct {
	dir     string
	bo      *backOfficeFake
	srv     *httptest.Server
	xSocket string
	free    uint64
}

func healthyDevice(t *testing.T) *device {
	t.Helper()
	d := &device{bo: &backOfficeFake{key: "key-that-must-not-show"}, free: 8 << 30}
	d.srv = httptest.NewServer(d.bo)
	t.Cleanup(d.srv.Close)
	d.dir = kioskDir(t, d.srv.URL+"/open311/v2")
	mustProvision(t, "482913\n", "-data", d.dir, "--site-fa", "آزمایشگاه", "--site-en", "Lab", "--pin-stdin")
	submit(t, d.dir)
	// An X server's socket.
	xdir, err := os.MkdirTemp("", "x11")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(xdir) })
	d.xSocket = xdir
	l, err := net.Listen("unix", filepath.Join(xdir, "X0"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	return d
}

// doctorRun runs doctor on the device and returns its JSON report and the
// text one, failing the test when the exit status disagrees with the
// report.
func (d *device) doctor(t *testing.T, args ...string) (doctorReport, string) {
	t.Helper()
	var reports []doctorReport
	var text string
	for _, asJSON := range []bool{true, false} {
		doc := newDoctor()
		doc.display, doc.xSockets = ":0", d.xSocket
		doc.statfs = func(string) (uint64, uint64, error) { return d.free, 16 << 30, nil }
		doc.ntp = func() (bool, bool) { return true, true }
		a := append([]string{"-data", d.dir}, args...)
		if asJSON {
			a = append(a, "--json")
		}
		var out, errb bytes.Buffer
		err := doc.run(a, &out, &errb)
		if asJSON {
			var rep doctorReport
			if jerr := json.Unmarshal(out.Bytes(), &rep); jerr != nil {
				t.Fatalf("doctor --json printed %q: %v", out.String(), jerr)
			}
			var df doctorFailed
			if rep.OK != (err == nil) || (err != nil && !errors.As(err, &df)) {
				t.Fatalf("doctor reports ok=%v but returned %v", rep.OK, err)
			}
			reports = append(reports, rep)
		} else {
			text = out.String()
		}
		if strings.Contains(out.String()+errb.String(), "key-that-must-not-show") {
			t.Fatalf("doctor printed the api_key:\n%s", out.String())
		}
	}
	return reports[0], text
}

func findCheck(t *testing.T, rep doctorReport, name string) check {
	t.Helper()
	for _, c := range rep.Checks {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no check %q in %+v", name, rep.Checks)
	return check{}
}

var checkNames = []string{"config", "secrets", "display", "fonts", "data", "database", "clock", "printer", "speech", "back-office", "queue", "status-page"}

func TestDoctorHealthyDevice(t *testing.T) {
	d := healthyDevice(t)
	rep, text := d.doctor(t)
	if !rep.OK {
		t.Fatalf("a healthy device fails:\n%s", text)
	}
	var names []string
	for _, c := range rep.Checks {
		names = append(names, c.Name)
	}
	if strings.Join(names, ",") != strings.Join(checkNames, ",") {
		t.Errorf("checks %v, want %v", names, checkNames)
	}
	for _, want := range []string{"PASS  config", "TEST-01, kiosk 321", "1 services, api_key accepted", "1 submission: 1 queued", "all checks pass"} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}
}

func TestDoctorExitsOneOnAFailure(t *testing.T) {
	code, out, errb := kioskctl(t, "doctor", "-data", t.TempDir())
	if code != 1 || !strings.Contains(out, "FAIL  config") || !strings.Contains(errb, "checks failed") {
		t.Errorf("doctor on an empty data directory: exit %d\n%s\n%s", code, out, errb)
	}
}

func TestDoctorFindsEachFailure(t *testing.T) {
	tests := []struct {
		name  string
		spoil func(t *testing.T, d *device)
		// failing is the check that must fail, want its summary.
		failing, want, fix string
		// alsoFailing lists checks that fail as a consequence.
		alsoFailing []string
	}{
		{"no printer", func(t *testing.T, d *device) {
			mustProvision(t, "", "-data", d.dir, "--printer", "pishkhan-no-such-queue")
		}, "printer", "CUPS queue pishkhan-no-such-queue: Printer offline", "cupsenable", nil},
		{"back office unreachable", func(t *testing.T, d *device) { d.srv.Close() },
			"back-office", "cannot reach 127.0.0.1:", "check the network", nil},
		{"wrong api_key", func(t *testing.T, d *device) { d.bo.setKey("the-agency-changed-it") },
			"back-office", "refuses this device's api_key (HTTP 403)", "kioskctl provision --api-key-file", nil},
		{"disk full", func(t *testing.T, d *device) { d.free = 1 << 20 },
			"data", "1 MiB free of 16.0 GiB, under the 200 MiB", "remove old receipts", nil},
		{"corrupt database", func(t *testing.T, d *device) {
			path := filepath.Join(d.dir, offline.DBFile)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			// Overwrite the meta pages: bbolt can no longer trust the file.
			for i := 0; i < 8192 && i < len(data); i++ {
				data[i] = 0xA5
			}
			os.WriteFile(path, data, 0o600)
		}, "database", "cannot open", "Recover a broken device", []string{"queue"}},
		{"database opens but fails its check", func(t *testing.T, d *device) {
			damageFreelist(t, filepath.Join(d.dir, offline.DBFile))
		}, "database", "opens, but its consistency check fails: page ", "queue export FILE --personal", nil},
		{"not provisioned", func(t *testing.T, d *device) { os.Remove(filepath.Join(d.dir, "config.yaml")) },
			"config", "not provisioned", "kioskctl provision", []string{"secrets", "back-office"}},
		{"secret readable by others", func(t *testing.T, d *device) {
			cfg := loadDevice(t, d.dir)
			os.Chmod(filepath.Join(d.dir, cfg.BackOffice.APIKeyFile), 0o644)
		}, "secrets", "has mode -rw-r--r--", "chmod 600", nil},
		{"answer key readable by others", func(t *testing.T, d *device) {
			keys, _ := filepath.Glob(filepath.Join(d.dir, offline.KeysDir, "*.key"))
			if len(keys) == 0 {
				t.Fatal("the healthy device has no answer key")
			}
			os.Chmod(keys[0], 0o644)
		}, "secrets", "answer key (", "chmod 600", nil},
		{"no X server", func(t *testing.T, d *device) { os.Remove(filepath.Join(d.xSocket, "X0")) },
			"display", "no X server on display :0", "start the display server", nil},
		{"old unsent submission", func(t *testing.T, d *device) {}, "queue", "1 unsent, the oldest for", "kioskctl sync --once", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := healthyDevice(t)
			tc.spoil(t, d)
			var args []string
			if tc.name == "old unsent submission" {
				args = []string{"--max-age", "1ns"}
			}
			rep, text := d.doctor(t, args...)
			if rep.OK {
				t.Fatalf("doctor passes:\n%s", text)
			}
			c := findCheck(t, rep, tc.failing)
			if c.OK || !strings.Contains(c.Summary, tc.want) || !strings.Contains(c.Fix, tc.fix) {
				t.Errorf("check %s = %+v, want a failure saying %q and how to fix it (%q)", tc.failing, c, tc.want, tc.fix)
			}
			for _, other := range rep.Checks {
				if other.Name != tc.failing && !other.OK && !contains(tc.alsoFailing, other.Name) {
					t.Errorf("check %s fails too: %s", other.Name, other.Summary)
				}
			}
			if !strings.Contains(text, "FAIL  "+tc.failing) || !strings.Contains(text, "fix: ") {
				t.Errorf("text report:\n%s", text)
			}
		})
	}
}

// damageFreelist makes a closed bbolt file lie about its free pages, as
// a torn or misdirected write can: the freelist page says the root
// bucket's page is free. The file still opens (a read-only open does not
// read the freelist); bbolt's consistency check finds the page both in
// use and free. Pages are in the machine's byte order.
func damageFreelist(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	u32 := func(off int) uint32 { return binary.NativeEndian.Uint32(data[off:]) }
	u64 := func(off int) uint64 { return binary.NativeEndian.Uint64(data[off:]) }
	// A meta page: a 16-byte page header, then magic, version, page size,
	// flags (4 bytes each), root page and sequence, freelist page, high
	// water mark, txid (8 bytes each). The current meta is the one with
	// the higher txid.
	const bboltMagic = 0xED0CDAED
	if u32(16) != bboltMagic {
		t.Fatalf("%s is not a bbolt file", path)
	}
	pageSize := int(u32(24))
	meta := 0
	if u32(pageSize+16) == bboltMagic && u64(pageSize+64) > u64(64) {
		meta = pageSize
	}
	root, freelist := u64(meta+32), u64(meta+48)
	if freelist == ^uint64(0) {
		t.Fatal("the outbox does not keep a freelist page")
	}
	// A freelist page: the header (id, flags, count, overflow), then the
	// free page IDs.
	fl := int(freelist) * pageSize
	if flags := binary.NativeEndian.Uint16(data[fl+8:]); flags != 0x10 {
		t.Fatalf("page %d has flags %#x, not a freelist page", freelist, flags)
	}
	binary.NativeEndian.PutUint16(data[fl+10:], 1)
	binary.NativeEndian.PutUint64(data[fl+16:], root)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestDoctorExitsOneOnAnInconsistentDatabase(t *testing.T) {
	d := healthyDevice(t)
	damageFreelist(t, filepath.Join(d.dir, offline.DBFile))
	code, out, errb := kioskctl(t, "doctor", "-data", d.dir)
	if code != 1 || !strings.Contains(errb, "checks failed") {
		t.Errorf("doctor on a damaged database: exit %d, stderr %q", code, errb)
	}
	for _, want := range []string{"FAIL  database", "consistency check fails", "reachable freed", "fix: stop the kiosk", "Recover a broken device"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	// The damage is not the queue's business: it still reads, and the
	// fix's first step works.
	if strings.Contains(out, "FAIL  queue") {
		t.Errorf("the queue check fails too:\n%s", out)
	}
	rescue := filepath.Join(t.TempDir(), "rescue.jsonl")
	if exp := mustRun(t, "queue", "export", rescue, "--personal", "-data", d.dir); !strings.Contains(exp, "exported 1 submissions") {
		t.Errorf("queue export of the damaged database: %s", exp)
	}
}

func TestDoctorAsksTheRunningKiosk(t *testing.T) {
	d := healthyDevice(t)
	o, err := offline.Open(d.dir, offline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- control.Serve(ctx, d.dir, &control.Local{Outbox: o}) }()
	defer func() { cancel(); <-served }()
	deadline := time.Now().Add(5 * time.Second)
	for {
		if _, err := control.Dial(context.Background(), d.dir); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("control socket did not come up")
		}
		time.Sleep(10 * time.Millisecond)
	}
	writeRuntime := func(r config.RuntimeReport) {
		data, _ := json.Marshal(r)
		if err := os.WriteFile(filepath.Join(d.dir, config.RuntimeFileName), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now()
	writeRuntime(config.RuntimeReport{PID: 42, Version: "test", UIAliveAt: now.Add(-3 * time.Second),
		OutboxCheck: &config.CheckOutcome{At: now.Add(-time.Minute), OK: true}})
	rep, text := d.doctor(t)
	if !rep.OK || !strings.Contains(text, "the kiosk's screen answered") || !strings.Contains(text, "checked by the running kiosk") {
		t.Fatalf("with a running kiosk:\n%s", text)
	}

	writeRuntime(config.RuntimeReport{PID: 42, Version: "test", UIAliveAt: now.Add(-5 * time.Minute),
		OutboxCheck: &config.CheckOutcome{At: now.Add(-time.Minute), OK: false, Error: "page 7: unreachable unfreed"}})
	rep, text = d.doctor(t)
	if c := findCheck(t, rep, "display"); c.OK || !strings.Contains(c.Summary, "UI is stuck") {
		t.Errorf("stuck UI: %+v", c)
	}
	if c := findCheck(t, rep, "database"); c.OK || !strings.Contains(c.Summary, "page 7: unreachable unfreed") {
		t.Errorf("damaged database reported by the kiosk: %+v\n%s", c, text)
	}
}

// needCUPSQueue skips only when CUPS is not installed; an installed CUPS
// without the test queue is a broken set-up (make test runs
// .ci/cups-setup) and fails.
func needCUPSQueue(t *testing.T, queue string) {
	t.Helper()
	if _, err := exec.LookPath("lpstat"); err != nil {
		t.Skip("CUPS is not installed (Debian packages cups, cups-client; make test installs them)")
	}
	if out, err := exec.Command("lpstat", "-p", queue).CombinedOutput(); err != nil {
		t.Fatalf("CUPS queue %s is missing (%s): run .ci/cups-setup, as make test does", queue, strings.TrimSpace(string(out)))
	}
}

func TestDoctorTestPrintCUPS(t *testing.T) {
	tests := []struct {
		queue, want, fix string
		ok               bool
	}{
		{"pishkhan-pdf", "printed to CUPS queue pishkhan-pdf", "", true},
		// Out of paper: said by the status when an earlier job left the
		// alert, else by the failed test print.
		{"pishkhan-paperout", "out of paper", "Change paper", false},
	}
	for _, tc := range tests {
		t.Run(tc.queue, func(t *testing.T) {
			needCUPSQueue(t, tc.queue)
			d := healthyDevice(t)
			mustProvision(t, "", "-data", d.dir, "--printer", tc.queue)
			rep, text := d.doctor(t, "--test-print")
			c := findCheck(t, rep, "printer")
			if c.OK != tc.ok || !strings.Contains(c.Summary, tc.want) || !strings.Contains(c.Fix, tc.fix) {
				t.Errorf("printer check %+v\n%s", c, text)
			}
			if rep.OK != tc.ok {
				t.Errorf("report ok=%v", rep.OK)
			}
		})
	}
}

// TestDoctorWarnsWithoutAStatusPage: a device without status_url passes
// with a warning (its receipts' QR codes open nothing); with one, the
// check names it.
func TestDoctorWarnsWithoutAStatusPage(t *testing.T) {
	tests := []struct {
		name      string
		statusURL string // "" leaves it unset
		warn      bool
		want      string
	}{
		{"no status_url", "", true, "WARN  status-page  no status_url"},
		{"status_url set", "https://status.example.ir/r", false, "PASS  status-page  receipts link to https://status.example.ir/r"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := healthyDevice(t)
			if tc.statusURL != "" {
				mustProvision(t, "", "-data", d.dir, "--status-url", tc.statusURL)
			}
			rep, text := d.doctor(t)
			if !rep.OK {
				t.Fatalf("a warning fails the device:\n%s", text)
			}
			c := findCheck(t, rep, "status-page")
			if c.Warn != tc.warn || !c.OK {
				t.Errorf("status-page check %+v, want warning %t", c, tc.warn)
			}
			if !strings.Contains(text, tc.want) {
				t.Errorf("report lacks %q:\n%s", tc.want, text)
			}
			if tc.warn && !strings.Contains(text, "--status-url") {
				t.Errorf("the warning does not say how to fix it:\n%s", text)
			}
		})
	}
}

// TestDoctorChecksSpeech: with speech enabled, doctor passes when
// espeak-ng speaks the device's languages and fails, saying what to
// install, when it is missing.
func TestDoctorChecksSpeech(t *testing.T) {
	if _, err := exec.LookPath("espeak-ng"); err != nil {
		t.Skip("espeak-ng is not installed (apt-get install espeak-ng)")
	}
	d := healthyDevice(t)
	path := filepath.Join(d.dir, "config.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, append(data, "speech:\n  enabled: true\n"...), 0o600); err != nil {
		t.Fatal(err)
	}
	rep, text := d.doctor(t)
	if c := findCheck(t, rep, "speech"); !c.OK || !strings.Contains(c.Summary, "espeak-ng speaks fa, en") {
		t.Errorf("speech with espeak-ng installed: %+v\n%s", c, text)
	}
	t.Setenv("PATH", t.TempDir()) // espeak-ng is gone
	rep, text = d.doctor(t)
	c := findCheck(t, rep, "speech")
	if c.OK || !strings.Contains(c.Summary, "espeak-ng") || !strings.Contains(c.Fix, "apt-get install espeak-ng") {
		t.Errorf("speech without espeak-ng: %+v\n%s", c, text)
	}
	if rep.OK {
		t.Errorf("doctor passes without espeak-ng:\n%s", text)
	}
}
