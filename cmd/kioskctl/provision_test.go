package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/kiosk/gate"
	"github.com/pishkhan/pishkhan/offline"
)

// siteYAML is a site provisioning file for two devices of one terminal.
const siteYAML = `# Imam Khomeini Airport, terminal 1
site: {fa: "فرودگاه امام خمینی، ترمینال ۱", en: "Imam Khomeini Airport, Terminal 1"}
location: {lat: 35.416, long: 51.152, address: "Terminal 1, arrivals hall"}
mode: kiosk
languages: [fa, en]
services: [tax, police, health]
back_office:
  url: https://crm.example.ir/open311/v2
  api_key: site-api-key-7f3a
  jurisdiction_id: tehran
status_url: https://status.example.ir/r
printer: {queue: none, paper: 80mm}
idle: {warn: 45s, grace: 30s}
technician: {pin: "482913"}
devices:
  - {device_id: IKA-T1-07, kiosk_number: 1207}
  - device_id: IKA-T1-08
    kiosk_number: 1208
    location: {lat: 35.417, long: 51.153, address: "Terminal 1, departures"}
`

type provisionRun struct {
	stdout, stderr string
	err            error
}

func runProvisionWith(t *testing.T, stdin string, args ...string) provisionRun {
	t.Helper()
	var out, errb bytes.Buffer
	err := provision(args, strings.NewReader(stdin), &out, &errb)
	return provisionRun{stdout: out.String(), stderr: errb.String(), err: err}
}

func mustProvision(t *testing.T, stdin string, args ...string) provisionRun {
	t.Helper()
	r := runProvisionWith(t, stdin, args...)
	if r.err != nil {
		t.Fatalf("provision %s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), r.err, r.stdout, r.stderr)
	}
	return r
}

func writeSite(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ika-t1.yaml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func loadDevice(t *testing.T, dir string) config.Config {
	t.Helper()
	cfg, err := config.Load(filepath.Join(dir, "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func checkPIN(t *testing.T, cfg config.Config, pin string) {
	t.Helper()
	if ok, err := gate.VerifyPIN(cfg.Technician.PINHash, pin); err != nil || !ok {
		t.Errorf("PIN %s does not open the provisioned hash: %v", pin, err)
	}
}

func checkModes(t *testing.T, dir string, cfg config.Config) {
	t.Helper()
	want := map[string]os.FileMode{
		"config.yaml":              0o640,
		cfg.BackOffice.APIKeyFile:  0o600,
		cfg.Technician.PINHashFile: 0o600,
		config.SecretsDir:          0o700 | os.ModeDir,
	}
	for name, mode := range want {
		if name == "" {
			continue
		}
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if got := fi.Mode() & (os.ModePerm | os.ModeDir); got != mode {
			t.Errorf("%s has mode %v, want %v", name, got, mode)
		}
	}
}

func TestProvisionFromSiteFile(t *testing.T) {
	dir := t.TempDir()
	site := writeSite(t, siteYAML)
	r := mustProvision(t, "", "-data", dir, "--file", site, "--device-id", "IKA-T1-08")
	if !strings.Contains(r.stdout, "provisioned IKA-T1-08 (kiosk 1208)") {
		t.Errorf("output:\n%s", r.stdout)
	}
	if strings.Contains(r.stdout+r.stderr, "site-api-key-7f3a") || strings.Contains(r.stdout+r.stderr, "482913") {
		t.Error("provision printed a secret")
	}
	cfg := loadDevice(t, dir)
	if cfg.DeviceID != "IKA-T1-08" || cfg.KioskNumber != 1208 || *cfg.Location.Lat != 35.417 ||
		cfg.Location.Address != "Terminal 1, departures" || cfg.BackOffice.APIKey != "site-api-key-7f3a" ||
		cfg.BackOffice.JurisdictionID != "tehran" || cfg.Printer.Queue != "" || cfg.StatusURL != "https://status.example.ir/r" ||
		strings.Join(cfg.Services, ",") != "tax,police,health" || cfg.Site.In(kiosk.Persian) != "فرودگاه امام خمینی، ترمینال ۱" {
		t.Errorf("provisioned configuration %+v", cfg)
	}
	if cfg.Provisioning == nil || cfg.Provisioning.Source != "ika-t1.yaml" {
		t.Errorf("provisioning record %+v", cfg.Provisioning)
	}
	checkPIN(t, cfg, "482913")
	checkModes(t, dir, cfg)
	text, _ := os.ReadFile(filepath.Join(dir, "config.yaml"))
	if bytes.Contains(text, []byte("site-api-key-7f3a")) || bytes.Contains(text, []byte("argon2id")) {
		t.Errorf("config.yaml holds a secret:\n%s", text)
	}
}

func TestProvisionFromFlags(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(t.TempDir(), "key")
	os.WriteFile(keyFile, []byte("flag-key-19\n"), 0o600)
	mustProvision(t, "۴۸۲۹۱۳\n", "-data", dir,
		"--device-id", "EXPO-H5-01", "--kiosk-number", "۳۰۱", "--site-fa", "نمایشگاه بین‌المللی", "--site-en", "International Exhibition",
		"--address", "Hall 5", "--mode", "tv", "--languages", "en,fa", "--back-office", "http://127.0.0.1:8311/open311/v2",
		"--api-key-file", keyFile, "--idle-warn", "90s", "--metrics", "off", "--pin-stdin")
	cfg := loadDevice(t, dir)
	if cfg.DeviceID != "EXPO-H5-01" || cfg.KioskNumber != 301 || cfg.Mode != config.ModeTV || cfg.Languages[0] != kiosk.English ||
		cfg.Location.Lat != nil || cfg.Location.Address != "Hall 5" || cfg.BackOffice.APIKey != "flag-key-19" ||
		cfg.Metrics.Address() != "" || cfg.Idle.Warn != config.Duration(90e9) || cfg.Site.In(kiosk.Persian) != "نمایشگاه بین‌المللی" {
		t.Errorf("provisioned configuration %+v", cfg)
	}
	checkPIN(t, cfg, "482913")
	if cfg.Provisioning.Source != "flags" {
		t.Errorf("source %q", cfg.Provisioning.Source)
	}
}

func TestProvisionRefusesAndKeepsTheOldConfiguration(t *testing.T) {
	tests := []struct {
		name string
		site string // replaces the whole site file when it has no "devices:"
		args []string
		want string
	}{
		{"unknown setting", strings.Replace(siteYAML, "status_url:", "status_link:", 1), nil, `unknown field "status_link"`},
		{"YAML syntax", strings.Replace(siteYAML, "mode: kiosk", "mode: [kiosk", 1), nil, "line"},
		{"wrong type", strings.Replace(siteYAML, "kiosk_number: 1208", "kiosk_number: twelve", 1), nil, "kiosk_number"},
		{"duplicate kiosk number", strings.Replace(siteYAML, "kiosk_number: 1208", "kiosk_number: 1207", 1), nil,
			"kiosk_number 1207 is also that of devices[0] (IKA-T1-07)"},
		{"duplicate device", strings.Replace(siteYAML, "device_id: IKA-T1-08", "device_id: IKA-T1-07", 1), nil, "devices[1].device_id: IKA-T1-07 is also devices[0]"},
		{"device not listed", siteYAML, []string{"--device-id", "IKA-T2-01"}, `lists no device "IKA-T2-01"`},
		{"latitude out of range", strings.Replace(siteYAML, "lat: 35.417", "lat: 135.417", 1), nil, "location.lat: 135.417 is outside -90..90"},
		// A location replaces the old one as a whole: the longitude of the
		// old site does not complete it.
		{"half a coordinate", strings.Replace(siteYAML, "lat: 35.416, long: 51.152, ", "lat: 35.416, ", 1), []string{"--device-id", "IKA-T1-07"}, "lat and long go together"},
		{"unknown service", strings.Replace(siteYAML, "[tax, police, health]", "[tax, taxes]", 1), nil, `services: no service "taxes"`},
		{"plain HTTP back office", strings.Replace(siteYAML, "https://crm.example.ir", "http://crm.example.ir", 1), nil, "plain HTTP"},
		// A new back office needs its key; only the same one keeps the
		// device's.
		{"no api_key", strings.Replace(strings.Replace(siteYAML, "  api_key: site-api-key-7f3a\n", "", 1), "crm.example.ir", "crm2.example.ir", 1), nil,
			"back_office.api_key: required"},
		{"weak PIN", strings.Replace(siteYAML, `pin: "482913"`, `pin: "123456"`, 1), nil, "technician.pin: technician PIN too easy to guess: a run of consecutive digits"},
		{"short idle grace", strings.Replace(siteYAML, "grace: 30s", "grace: 10s", 1), nil, "idle.grace"},
		{"printer on a TV", strings.Replace(strings.Replace(siteYAML, "mode: kiosk", "mode: tv", 1), "queue: none", "queue: receipt", 1), nil, "a TV has no receipt printer"},
		{"bad device key", strings.Replace(siteYAML, "devices:", "device_key: 12ab\ndevices:", 1), nil, "device_key"},
		{"written record", strings.Replace(siteYAML, "devices:", "provisioning: {at: 2025-01-01T00:00:00Z}\ndevices:", 1), nil, "written by kioskctl"},
		{"bad flag value", siteYAML, []string{"--mode", "toaster"}, "--mode: mode: \"toaster\" is neither kiosk nor tv"},
		{"kiosk number as flag", siteYAML, []string{"--kiosk-number", "100000"}, "--kiosk-number"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			mustProvision(t, "", "-data", dir, "--file", writeSite(t, siteYAML), "--device-id", "IKA-T1-08")
			before := snapshotDir(t, dir)
			args := append([]string{"-data", dir, "--file", writeSite(t, tc.site), "--device-id", "IKA-T1-08"}, tc.args...)
			r := runProvisionWith(t, "", args...)
			if r.err == nil {
				t.Fatalf("provision succeeded:\n%s", r.stdout)
			}
			if !strings.Contains(r.err.Error(), tc.want) {
				t.Errorf("error %q, want it to mention %q", r.err, tc.want)
			}
			if after := snapshotDir(t, dir); after != before {
				t.Errorf("a refused provisioning changed the data directory:\nbefore %s\nafter  %s", before, after)
			}
			if cfg := loadDevice(t, dir); cfg.DeviceID != "IKA-T1-08" || cfg.BackOffice.APIKey != "site-api-key-7f3a" {
				t.Errorf("old configuration not in force: %+v", cfg)
			}
		})
	}
}

func TestProvisionFailedCommitKeepsTheOldConfiguration(t *testing.T) {
	dir := t.TempDir()
	mustProvision(t, "", "-data", dir, "--file", writeSite(t, siteYAML), "--device-id", "IKA-T1-07")
	// -config names a folder: everything checks, but the final rename
	// fails after the new secrets were written.
	cfgDir := filepath.Join(dir, "config.d")
	os.MkdirAll(filepath.Join(cfgDir, "config.yaml", "x"), 0o700)
	before := snapshotDir(t, dir, gate.AuditFileName)
	r := runProvisionWith(t, "", "-data", dir, "-config", filepath.Join(cfgDir, "config.yaml"), "--file", writeSite(t, siteYAML), "--device-id", "IKA-T1-08")
	if r.err == nil || !strings.Contains(r.err.Error(), "the old configuration is still in force") {
		t.Fatalf("error %v", r.err)
	}
	if after := snapshotDir(t, dir, gate.AuditFileName); after != before {
		t.Errorf("a failed commit left files behind:\nbefore %s\nafter  %s", before, after)
	}
	if e := lastAudit(t, dir); e.Action != "kioskctl provision" || e.Outcome != "failed" || strings.Contains(e.Detail, "site-api-key-7f3a") {
		t.Errorf("audit entry %+v", e)
	}
}

func TestReprovisionKeepsTheQueueAndSecrets(t *testing.T) {
	dir := kioskDir(t, "https://crm.example.ir/open311/v2")
	code := submit(t, dir)
	keyBefore, err := os.ReadFile(filepath.Join(dir, offline.KeyFile))
	if err != nil {
		t.Fatal(err)
	}
	// The device had an api_key in its hand-written configuration; the
	// new provisioning keeps it (moved into a secret file) since no new
	// one is given.
	mustProvision(t, "482913\n", "-data", dir, "--site-fa", "ترمینال ۲", "--site-en", "Terminal 2", "--pin-stdin")
	cfg := loadDevice(t, dir)
	if cfg.BackOffice.APIKey != "key-that-must-not-show" || cfg.BackOffice.APIKeyFile == "" || cfg.KioskNumber != 321 || cfg.DeviceID != "TEST-01" {
		t.Errorf("re-provisioned configuration %+v", cfg)
	}
	keyAfter, _ := os.ReadFile(filepath.Join(dir, offline.KeyFile))
	if !bytes.Equal(keyBefore, keyAfter) {
		t.Error("re-provisioning changed the device key")
	}
	if out := mustRun(t, "queue", "ls", "-data", dir); !strings.Contains(out, code.String()) {
		t.Errorf("the queue lost %s:\n%s", code, out)
	}
	// A device key different from the one sealing the queue is refused.
	other := filepath.Join(t.TempDir(), "other.key")
	os.WriteFile(other, []byte(hex.EncodeToString(bytes.Repeat([]byte{7}, 32))), 0o600)
	before := snapshotDir(t, dir, gate.AuditFileName)
	r := runProvisionWith(t, "", "-data", dir, "--device-key-file", other)
	if r.err == nil || !strings.Contains(r.err.Error(), "different key") {
		t.Errorf("a different device key: %v", r.err)
	}
	if snapshotDir(t, dir, gate.AuditFileName) != before {
		t.Error("the refused device key changed the data directory")
	}
	// The attempt is in the audit log.
	if e := lastAudit(t, dir); e.Action != "kioskctl provision" || e.Outcome != "failed" || !strings.Contains(e.Detail, "different key") {
		t.Errorf("audit entry %+v", e)
	}
}

func TestProvisionSiteFileNeedsTheDevice(t *testing.T) {
	dir := t.TempDir()
	r := runProvisionWith(t, "", "-data", dir, "--file", writeSite(t, siteYAML))
	if r.err == nil || !strings.Contains(r.err.Error(), "lists 2 devices (IKA-T1-07, IKA-T1-08); choose one with --device-id") {
		t.Fatalf("error %v", r.err)
	}
	// A device provisioned from the file before is found by its ID.
	mustProvision(t, "", "-data", dir, "--file", writeSite(t, siteYAML), "--device-id", "IKA-T1-07")
	mustProvision(t, "", "-data", dir, "--file", writeSite(t, siteYAML))
	if cfg := loadDevice(t, dir); cfg.KioskNumber != 1207 {
		t.Errorf("kiosk number %d", cfg.KioskNumber)
	}
}

func TestProvisionInstallsASuppliedDeviceKey(t *testing.T) {
	dir := t.TempDir()
	key := bytes.Repeat([]byte{0x5a}, 32)
	site := strings.Replace(siteYAML, "  - {device_id: IKA-T1-07, kiosk_number: 1207}",
		"  - {device_id: IKA-T1-07, kiosk_number: 1207, device_key: "+hex.EncodeToString(key)+"}", 1)
	mustProvision(t, "", "-data", dir, "--file", writeSite(t, site), "--device-id", "IKA-T1-07")
	got, err := offline.LoadKey(dir)
	if err != nil || !bytes.Equal(got, key) {
		t.Fatalf("device key %x, %v", got, err)
	}
	if fi, _ := os.Stat(filepath.Join(dir, offline.KeyFile)); fi.Mode().Perm() != 0o600 {
		t.Errorf("device key mode %v", fi.Mode().Perm())
	}
}

func TestProvisionInteractive(t *testing.T) {
	dir := t.TempDir()
	answers := []string{
		"",           // device ID: required, asked again
		"IKA-T1-09",  // device ID
		"abc",        // kiosk number: refused
		"1209",       // kiosk number
		"فرودگاه",    // site fa
		"Airport",    // site en
		"35.4",       // lat
		"51.1",       // long
		"Gate 4",     // address
		"",           // mode: keep kiosk
		"",           // languages: keep fa,en
		"tax,police", // services
		"https://crm.example.ir/open311/v2",
		"typed-key", // api_key
		"",          // jurisdiction
		"",          // status URL
		"none",      // printer
		"",          // paper
		"",          // idle warn
		"",          // idle grace
		"off",       // metrics
		"111111",    // PIN: too easy
		"482913",    // PIN
		"482913",    // again
		"y",         // write
	}
	r := mustProvision(t, strings.Join(answers, "\n")+"\n", "-data", dir, "-i")
	for _, want := range []string{"Device ID: ", "a value is needed", `"abc" is not a number`, "too easy to guess", "Write this configuration? [Y/n]"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("the dialogue lacks %q:\n%s", want, r.stdout)
		}
	}
	cfg := loadDevice(t, dir)
	if cfg.DeviceID != "IKA-T1-09" || cfg.KioskNumber != 1209 || cfg.BackOffice.APIKey != "typed-key" ||
		strings.Join(cfg.Services, ",") != "tax,police" || cfg.Metrics.Address() != "" || cfg.Mode != config.ModeKiosk {
		t.Errorf("configuration %+v", cfg)
	}
	checkPIN(t, cfg, "482913")

	// Again, pressing Enter everywhere keeps everything, the PIN too.
	before := loadDevice(t, dir)
	mustProvision(t, strings.Repeat("\n", 40), "-data", dir, "-i")
	after := loadDevice(t, dir)
	if after.DeviceID != before.DeviceID || after.KioskNumber != before.KioskNumber || after.BackOffice.APIKey != "typed-key" ||
		after.Technician.PINHash != before.Technician.PINHash || *after.Location.Lat != 35.4 {
		t.Errorf("Enter everywhere changed the configuration: %+v", after)
	}
}

func TestProvisionInteractiveInputEnds(t *testing.T) {
	dir := t.TempDir()
	r := runProvisionWith(t, "IKA-T1-09\n1209\n", "-data", dir, "-i")
	if r.err == nil || !strings.Contains(r.err.Error(), "nothing written") {
		t.Fatalf("error %v", r.err)
	}
	if _, err := os.Stat(filepath.Join(dir, "config.yaml")); !os.IsNotExist(err) {
		t.Error("an interrupted dialogue wrote a configuration")
	}
}

func TestProvisionRequiresAKioskNumberAndPIN(t *testing.T) {
	tests := []struct {
		name, stdin string
		args        []string
		want        string
	}{
		{"no kiosk number", "482913\n", []string{"--device-id", "X1", "--site-fa", "الف", "--site-en", "A", "--pin-stdin"}, "kiosk_number: required"},
		{"no PIN", "", []string{"--device-id", "X1", "--kiosk-number", "5", "--site-fa", "الف", "--site-en", "A"}, "technician PIN: required"},
		{"no English site name", "482913\n", []string{"--device-id", "X1", "--kiosk-number", "5", "--site-fa", "الف", "--pin-stdin"}, "site.en"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			r := runProvisionWith(t, tc.stdin, append([]string{"-data", dir}, tc.args...)...)
			if r.err == nil || !strings.Contains(r.err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", r.err, tc.want)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("refused provisioning wrote %d files", len(entries))
			}
		})
	}
}

func TestProvisionDryRunWritesNothing(t *testing.T) {
	dir := t.TempDir()
	r := mustProvision(t, "", "-data", dir, "--file", writeSite(t, siteYAML), "--device-id", "IKA-T1-07", "--dry-run")
	if !strings.Contains(r.stdout, "IKA-T1-07, kiosk number 1207") || !strings.Contains(r.stdout, "nothing written") {
		t.Errorf("dry run:\n%s", r.stdout)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("dry run wrote %d files", len(entries))
	}
}

// snapshotDir lists a folder's files, modes and contents, but for the
// files named in skip.
func snapshotDir(t *testing.T, dir string, skip ...string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if slices.Contains(skip, rel) {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		b.WriteString(rel + " " + info.Mode().String())
		if !d.IsDir() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			b.WriteString("=" + string(data))
		}
		b.WriteString("; ")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestOneValidatorForEveryConfiguration checks that a bad setting is
// refused in the same words however the configuration arrives: a
// hand-written file loaded by the kiosk, the same file read by doctor, a
// provisioning site file, and provisioning's flags.
func TestOneValidatorForEveryConfiguration(t *testing.T) {
	long := strings.Repeat("A", 3000)
	tests := []struct {
		name      string
		key, yaml string // the setting, as written in the file
		flag      string // the same through provision's flags
		want      string
	}{
		{"kiosk number 0", "kiosk_number", "0", "--kiosk-number", "kiosk_number: 0 is not from 1 to 99999"},
		{"negative kiosk number", "kiosk_number", "-5", "--kiosk-number", "kiosk_number: -5 is not from 1 to 99999"},
		{"kiosk number beyond a tracking code", "kiosk_number", "100000", "--kiosk-number", "kiosk_number: 100000 is not from 1 to 99999"},
		{"device ID of 3,000 characters", "device_id", long, "--device-id", "device_id: 3000 characters; at most 64"},
		{"device ID with the receipt's separator", "device_id", "IKA|T1", "--device-id", `device_id: "IKA|T1": letters, digits, '.', '_' and '-' only`},
		{"device ID with a space", "device_id", `"IKA T1"`, "--device-id", `device_id: "IKA T1": letters, digits`},
		{"unknown paper", "printer.paper", "letter", "--paper", `printer.paper: "letter" is not one of [80mm a4]`},
		{"site name too long for a receipt", "site.en", strings.Repeat("x", 300), "--site-en", "site.en: 300 characters; at most 80"},
		{"status page not a URL", "status_url", "/status", "--status-url", `status_url: "/status" is not an absolute URL`},
	}
	settings := func(key, value string) map[string]string {
		s := map[string]string{"device_id": "IKA-T1-07", "kiosk_number": "1207", "site.fa": "فرودگاه", "site.en": "Airport"}
		s[key] = value
		return s
	}
	yamlOf := func(s map[string]string) string {
		y := fmt.Sprintf("device_id: %s\nkiosk_number: %s\nsite: {fa: %s, en: %s}\n", s["device_id"], s["kiosk_number"], s["site.fa"], s["site.en"])
		for _, k := range []string{"printer.paper", "status_url"} {
			if v, ok := s[k]; ok {
				if k == "printer.paper" {
					y += "printer: {paper: " + v + "}\n"
				} else {
					y += k + ": " + v + "\n"
				}
			}
		}
		return y
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := settings(tc.key, tc.yaml)
			dir := t.TempDir()
			path := filepath.Join(dir, "config.yaml")
			if err := os.WriteFile(path, []byte(yamlOf(s)), 0o600); err != nil {
				t.Fatal(err)
			}
			if _, err := config.Load(path); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("load: %v; want %q", err, tc.want)
			}

			d := newDoctor()
			d.dir, d.configPath = dir, path
			var checked bool
			for _, c := range d.examine(context.Background()).Checks {
				if c.Name == "config" {
					checked = true
					if c.OK || !strings.Contains(c.Summary, tc.want) {
						t.Errorf("doctor: %+v; want a failure saying %q", c, tc.want)
					}
				}
			}
			if !checked {
				t.Error("doctor has no config check")
			}

			site := filepath.Join(t.TempDir(), "site.yaml")
			if err := os.WriteFile(site, []byte(yamlOf(s)+"technician: {pin: \"482913\"}\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			var out, errb bytes.Buffer
			err := provision([]string{"-data", t.TempDir(), "--file", site, "--dry-run"}, strings.NewReader(""), &out, &errb)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("provision --file: %v; want %q", err, tc.want)
			}

			value := strings.Trim(tc.yaml, `"`)
			args := []string{"-data", t.TempDir(), "--device-id", "IKA-T1-07", "--kiosk-number", "1207", "--site-fa", "فرودگاه", "--site-en", "Airport", "--pin-stdin", "--dry-run", tc.flag, value}
			err = provision(args, strings.NewReader("482913\n"), &out, &errb)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("provision %s: %v; want %q", tc.flag, err, tc.want)
			}
		})
	}
}
