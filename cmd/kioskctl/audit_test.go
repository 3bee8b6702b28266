package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/gate"
	"github.com/pishkhan/pishkhan/offline/open311/devserver"
)

// readAudit returns the entries of a data directory's audit log, each
// read strictly as the technician screen's format.
func readAudit(t *testing.T, dir string) []gate.AuditEntry {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, gate.AuditFileName))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var out []gate.AuditEntry
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.DisallowUnknownFields()
		var e gate.AuditEntry
		if err := dec.Decode(&e); err != nil {
			t.Fatalf("audit line %q: %v", sc.Text(), err)
		}
		if e.Time.IsZero() || e.Event != gate.AuditAction {
			t.Errorf("audit line %q: no time or not an action", sc.Text())
		}
		out = append(out, e)
	}
	return out
}

func lastAudit(t *testing.T, dir string) gate.AuditEntry {
	t.Helper()
	entries := readAudit(t, dir)
	if len(entries) == 0 {
		t.Fatal("the audit log is empty")
	}
	return entries[len(entries)-1]
}

func TestKioskctlActionsAreAudited(t *testing.T) {
	cat, err := kiosk.ParseCatalogue([]byte(testCatalogue))
	if err != nil {
		t.Fatal(err)
	}
	dev, err := devserver.New(cat, t.TempDir(), devserver.Options{AllowNoLocation: true})
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Close()
	srv := httptest.NewServer(http.StripPrefix("/open311/v2", dev))
	defer srv.Close()
	base := srv.URL + "/open311/v2"
	dir := kioskDir(t, base)
	export := filepath.Join(t.TempDir(), "rescue.jsonl")
	var code kiosk.TrackingCode

	// Each step runs one command; audited steps append one entry.
	steps := []struct {
		name  string
		stdin string
		args  func() []string
		// action is the entry expected, "" for none; detail what it
		// says.
		action, outcome string
		detail          func() string
	}{
		{name: "provision", stdin: "482913\n",
			args: func() []string {
				return []string{"provision", "--site-fa", "آزمایشگاه", "--site-en", "Lab", "--pin-stdin"}
			},
			action: "kioskctl provision", outcome: "ok", detail: func() string { return "device TEST-01, kiosk 321, from flags; api_key kept, PIN new" }},
		{name: "provision dry run", stdin: "482913\n",
			args: func() []string { return []string{"provision", "--site-en", "Lab 2", "--dry-run"} }},
		{name: "submit",
			args: func() []string {
				return []string{"submit", "--service", "permit", "--set", "national_code=۰۴۹۹۳۷۰۸۹۹", "--set", "mobile=+989121234567"}
			},
			action: "kioskctl submit", outcome: "ok", detail: func() string { return "service permit, tracking code " + code.String() + ", receipt printed" }},
		{name: "refused submission",
			args: func() []string {
				return []string{"submit", "--service", "permit", "--set", "national_code=0499370898", "--set", "mobile=09121234567"}
			},
			action: "kioskctl submit", outcome: "failed", detail: func() string { return "submit permit: the form refuses these answers: national_code:" }},
		{name: "sync", args: func() []string { return []string{"sync", "--once"} },
			action: "kioskctl sync --once", outcome: "ok", detail: func() string { return "sent 1, retrying 0, rejected 0" }},
		{name: "retry dead letters", args: func() []string { return []string{"queue", "retry", "--failed"} },
			action: "kioskctl queue retry", outcome: "ok", detail: func() string { return "queued 0 dead letters for sending now" }},
		{name: "retry a sent submission", args: func() []string { return []string{"queue", "retry", code.String()} },
			action: "kioskctl queue retry", outcome: "failed", detail: func() string { return code.String() + ":" }},
		{name: "retry usage error", args: func() []string { return []string{"queue", "retry"} }},
		{name: "export", args: func() []string { return []string{"queue", "export", export, "--personal"} },
			action: "kioskctl queue export", outcome: "ok", detail: func() string { return "1 submissions to " + export + ", WITH personal data" }},
		{name: "catalogue import", args: func() []string { return []string{"catalogue", "import", base, "--layout", "none"} },
			action: "kioskctl catalogue import", outcome: "ok", detail: func() string { return ": 1 services, 3 fields; layout none" }},
		{name: "catalogue import dry run", args: func() []string { return []string{"catalogue", "import", base, "--dry-run"} }},
		{name: "catalogue import fails", args: func() []string { return []string{"catalogue", "import", srv.URL + "/nowhere"} },
			action: "kioskctl catalogue import", outcome: "failed", detail: func() string { return "from " + srv.URL + "/nowhere import catalogue:" }},
	}
	for _, st := range steps {
		before := len(readAudit(t, dir))
		var out, errb bytes.Buffer
		args := append(st.args(), "-data", dir)
		var err error
		if args[0] == "provision" {
			err = provision(args[1:], strings.NewReader(st.stdin), &out, &errb)
		} else if c := run(args, &out, &errb); c != 0 {
			err = errors.New(errb.String())
		}
		if (err != nil) != (st.outcome == "failed" || st.name == "retry usage error") {
			t.Fatalf("%s: %v\n%s", st.name, err, out.String())
		}
		if st.name == "submit" {
			code, _ = kiosk.ParseTrackingCode(strings.SplitN(out.String(), "\n", 2)[0])
		}
		if strings.Contains(errb.String(), "audit log") {
			t.Errorf("%s: %s", st.name, errb.String())
		}
		entries := readAudit(t, dir)
		if st.action == "" {
			if len(entries) != before {
				t.Errorf("%s is in the audit log: %+v", st.name, entries[len(entries)-1])
			}
			continue
		}
		if len(entries) != before+1 {
			t.Fatalf("%s: the audit log went from %d to %d entries", st.name, before, len(entries))
		}
		e := entries[before]
		if e.Action != st.action || e.Outcome != st.outcome || !strings.Contains(e.Detail, st.detail()) {
			t.Errorf("%s: audit entry %+v, want %s %s %q", st.name, e, st.action, st.outcome, st.detail())
		}
	}

	log, err := os.ReadFile(filepath.Join(dir, gate.AuditFileName))
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{nationalCode, "۰۴۹۹۳۷۰۸۹۹", "0499370898", "9121234567", "key-that-must-not-show", "482913", "argon2id"} {
		if bytes.Contains(log, []byte(secret)) {
			t.Errorf("the audit log holds %q:\n%s", secret, log)
		}
	}
	if fi, err := os.Stat(filepath.Join(dir, gate.AuditFileName)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("audit log mode %v, %v", fi.Mode(), err)
	}
}

func TestAuditBlanksSecretsAndNeverStopsTheAction(t *testing.T) {
	dir := t.TempDir()
	var stderr bytes.Buffer
	auditAction(dir, &stderr, "sync --once", errors.New("GET https://crm.example.ir/services.json?api_key=key-that-must-not-show: refused"), "sent 0", "key-that-must-not-show", "")
	if e := lastAudit(t, dir); e.Outcome != "failed" || strings.Contains(e.Detail, "key-that-must-not-show") || !strings.Contains(e.Detail, "api_key=[secret]") {
		t.Errorf("audit entry %+v", e)
	}

	// A log that cannot be written is a warning; the action is done.
	dir = kioskDir(t, "")
	submit(t, dir)
	os.Remove(filepath.Join(dir, gate.AuditFileName))
	if err := os.Mkdir(filepath.Join(dir, gate.AuditFileName), 0o700); err != nil {
		t.Fatal(err)
	}
	code, out, errb := kioskctl(t, "queue", "retry", "--failed", "-data", dir)
	if code != 0 || !strings.Contains(out, "queued 0 dead letters") || !strings.Contains(errb, "warning: not written to the audit log") {
		t.Errorf("retry with an unwritable audit log: exit %d\n%s\n%s", code, out, errb)
	}

	// No data directory, no log.
	missing := filepath.Join(t.TempDir(), "nowhere")
	auditAction(missing, &stderr, "queue retry", errors.New("no outbox"), "")
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("an audit made the data directory: %v", err)
	}
}
