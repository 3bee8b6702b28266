package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
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

// tree lists the files under dir, relative to it; nil when dir is absent.
func tree(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		names = append(names, rel)
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return names
}

func TestCommandsRefuseADirectoryNoDeviceWasProvisionedWith(t *testing.T) {
	// Each kind of mistyped -data: a path that is not there, an existing
	// folder of something else, and the data directory of a kiosk that
	// ran unprovisioned on defaults (an outbox, no configuration).
	dirs := map[string]func(t *testing.T) string{
		"missing": func(t *testing.T) string { return filepath.Join(t.TempDir(), "vra") },
		"empty":   func(t *testing.T) string { return t.TempDir() },
		"unprovisioned": func(t *testing.T) string {
			dir := t.TempDir()
			o, err := offline.Open(dir, offline.Options{})
			if err != nil {
				t.Fatal(err)
			}
			o.Close()
			return dir
		},
	}
	answers := []string{"--service", "permit", "--set", "national_code=" + nationalCode, "--set", "mobile=09121234567"}
	tests := []struct {
		name string
		dir  string
		args []string
		// wantErr is in the message, else the command succeeds; either
		// way it writes nothing in the directory.
		wantErr []string
	}{
		{"submit into a missing directory", "missing", append([]string{"submit"}, answers...),
			[]string{"vra is not a provisioned kiosk's data directory", "config.yaml", "Check -data", "kioskctl provision -data", "--init"}},
		{"submit into an empty directory", "empty", append([]string{"submit"}, answers...),
			[]string{"is not a provisioned kiosk's data directory", "kioskctl provision -data", "--init"}},
		{"submit into an unprovisioned kiosk's directory", "unprovisioned", append([]string{"submit"}, answers...),
			[]string{"is not a provisioned kiosk's data directory", "--init"}},
		{"sync into an empty directory", "empty", []string{"sync", "--once"},
			[]string{"is not a provisioned kiosk's data directory", "kioskctl provision -data"}},
		{"sync into an unprovisioned kiosk's directory", "unprovisioned", []string{"sync", "--once"},
			[]string{"is not a provisioned kiosk's data directory"}},
		{"retry in an empty directory", "empty", []string{"queue", "retry", "--failed"}, []string{"no outbox in"}},
		{"catalogue import into a missing directory", "missing", []string{"catalogue", "import", "http://127.0.0.1:1/open311/v2"},
			[]string{"no data directory", "check -data"}},
		{"ls of an empty directory", "empty", []string{"queue", "ls"}, []string{"no outbox in"}},
		{"ls of a missing directory", "missing", []string{"queue", "ls"}, []string{"no outbox in"}},
		{"ls of an unprovisioned kiosk's directory", "unprovisioned", []string{"queue", "ls"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := dirs[tc.dir](t)
			before := tree(t, dir)
			code, _, errb := kioskctl(t, append(tc.args, "-data", dir)...)
			switch {
			case tc.wantErr == nil && code != 0:
				t.Errorf("exit %d: %s", code, errb)
			case tc.wantErr != nil && code != 1:
				t.Errorf("exit %d, want 1: %s", code, errb)
			}
			for _, w := range tc.wantErr {
				if !strings.Contains(errb, w) {
					t.Errorf("message %q does not say %q", errb, w)
				}
			}
			if after := tree(t, dir); !slices.Equal(before, after) {
				t.Errorf("the directory held %v, and %v after", before, after)
			}
		})
	}
}

func TestSubmitInitMakesADeviceWhereAskedTo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	out := mustRun(t, "submit", "--init", "-data", dir, "--service", "library", "--set", "national_code="+nationalCode,
		"--set", "mobile=09121234567", "--set", "kind=return", "--set", "library_name=Parvin Etesami", "--set", "book_title=Shahnameh")
	if _, err := kiosk.ParseTrackingCode(strings.SplitN(out, "\n", 2)[0]); err != nil {
		t.Fatalf("submit --init printed %q", out)
	}
	for _, f := range []string{offline.KeyFile, offline.DBFile} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("submit --init: %v", err)
		}
	}
}
