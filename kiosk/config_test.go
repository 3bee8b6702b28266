package kiosk_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
)

func writeFile(t *testing.T, path, data string, perm os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), perm); err != nil {
		t.Fatal(err)
	}
}

func TestLoadConfigMissingFileIsUnprovisioned(t *testing.T) {
	cfg, err := kiosk.LoadConfig(filepath.Join(t.TempDir(), "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Provisioned {
		t.Error("a device without a configuration file says it is provisioned")
	}
	if cfg.Metrics.Address() != kiosk.DefaultMetricsListen {
		t.Errorf("default metrics address %q, want %q", cfg.Metrics.Address(), kiosk.DefaultMetricsListen)
	}
}

func TestLoadConfigReadsSecretFiles(t *testing.T) {
	dir := t.TempDir()
	hash, err := kiosk.HashPIN("482913")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "secrets", "key"), "  s3cret-key \n", 0o600)
	writeFile(t, filepath.Join(dir, "secrets", "pin"), hash+"\n", 0o600)
	writeFile(t, filepath.Join(dir, "config.yaml"), `device_id: IKA-T1-07
kiosk_number: 1207
back_office:
  url: https://crm.example.ir/open311/v2
  api_key_file: secrets/key
technician:
  pin_hash_file: secrets/pin
metrics:
  listen: off
`, 0o640)
	cfg, err := kiosk.LoadConfig(filepath.Join(dir, "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.BackOffice.APIKey != "s3cret-key" {
		t.Errorf("api_key = %q, want the file's trimmed content", cfg.BackOffice.APIKey)
	}
	if cfg.Technician.PINHash != hash {
		t.Errorf("PIN hash not read from its file")
	}
	if cfg.Metrics.Address() != "" {
		t.Errorf("metrics off, but address %q", cfg.Metrics.Address())
	}
	if !cfg.Provisioned {
		t.Error("not marked provisioned")
	}
}

func TestLoadConfigErrorsNameTheSetting(t *testing.T) {
	tests := []struct {
		name    string
		config  string
		secrets map[string]string
		want    string
	}{
		{"unknown key", "device_id: A\nkiosk_numbr: 3\n", nil, `unknown field "kiosk_numbr"`},
		{"missing api_key file", "device_id: A\nback_office:\n  url: https://x.example\n  api_key_file: secrets/nope\n", nil, "back_office.api_key_file"},
		{"both api_key forms", "device_id: A\nback_office:\n  url: https://x.example\n  api_key: k\n  api_key_file: secrets/k\n",
			map[string]string{"secrets/k": "k"}, "api_key and api_key_file are both set"},
		{"empty api_key file", "device_id: A\nback_office:\n  url: https://x.example\n  api_key_file: secrets/k\n",
			map[string]string{"secrets/k": "\n"}, "is empty"},
		{"bad PIN hash", "device_id: A\ntechnician:\n  pin_hash_file: secrets/p\n",
			map[string]string{"secrets/p": "123456"}, "technician.pin_hash_file"},
		{"remote metrics", "device_id: A\nmetrics:\n  listen: 0.0.0.0:9311\n", nil, "not a loopback address"},
		{"metrics not an address", "device_id: A\nmetrics:\n  listen: everywhere\n", nil, "metrics.listen"},
		{"short idle grace", "device_id: A\nidle:\n  grace: 5s\n", nil, "idle.grace"},
		{"insecure back office", "device_id: A\nback_office:\n  url: http://crm.example.ir/\n", nil, "plain HTTP"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, v := range tc.secrets {
				writeFile(t, filepath.Join(dir, name), v, 0o600)
			}
			writeFile(t, filepath.Join(dir, "config.yaml"), tc.config, 0o600)
			_, err := kiosk.LoadConfig(filepath.Join(dir, "config.yaml"))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

func TestMetricsRemoteAllowedExplicitly(t *testing.T) {
	cfg := kiosk.DefaultConfig()
	cfg.Metrics = kiosk.MetricsConfig{Listen: "0.0.0.0:9311", AllowRemote: true}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	cfg.Metrics = kiosk.MetricsConfig{Listen: "[::1]:9311"}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("IPv6 loopback refused: %v", err)
	}
}

func provisioned(t *testing.T) kiosk.Config {
	t.Helper()
	cfg := kiosk.DefaultConfig()
	cfg.DeviceID = "IKA-T1-07"
	cfg.KioskNumber = 1207
	cfg.Site = kiosk.Text{kiosk.Persian: "فرودگاه امام خمینی", kiosk.English: "Imam Khomeini Airport"}
	lat, long := 35.416, 51.152
	cfg.Location = kiosk.Location{Lat: &lat, Long: &long, Address: "Terminal 1"}
	cfg.BackOffice = kiosk.BackOffice{URL: "https://crm.example.ir/open311/v2", APIKey: "key-one", JurisdictionID: "tehran"}
	hash, err := kiosk.HashPIN("482913")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Technician.PINHash = hash
	cfg.Provisioning = &kiosk.ProvisioningRecord{At: time.Date(2025, 8, 3, 9, 0, 0, 0, time.UTC), Tool: "test", Source: "flags"}
	return cfg
}

func TestCommitConfigRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	cfg := provisioned(t)
	if err := kiosk.CommitConfig(path, cfg); err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(text), "key-one") || strings.Contains(string(text), "argon2id") {
		t.Errorf("a secret is in the configuration file:\n%s", text)
	}
	if !strings.Contains(string(text), "فرودگاه امام خمینی") {
		t.Errorf("the Persian site name is not written as text:\n%s", text)
	}
	got, err := kiosk.LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.BackOffice.APIKey != "key-one" || got.Technician.PINHash != cfg.Technician.PINHash ||
		got.DeviceID != cfg.DeviceID || got.KioskNumber != 1207 || *got.Location.Lat != 35.416 ||
		got.Site.In(kiosk.Persian) != "فرودگاه امام خمینی" || got.BackOffice.JurisdictionID != "tehran" {
		t.Errorf("read back %+v", got)
	}
	for _, name := range []string{got.BackOffice.APIKeyFile, got.Technician.PINHashFile} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", name, fi.Mode().Perm())
		}
	}
	if fi, _ := os.Stat(filepath.Join(dir, kiosk.SecretsDir)); fi.Mode().Perm() != 0o700 {
		t.Errorf("secrets folder mode %v, want 0700", fi.Mode().Perm())
	}

	// Provisioning again with a new key replaces the key file; the PIN
	// file, not given again, stays.
	again := got
	again.BackOffice.APIKey = "key-two"
	again.Technician.PINHash = ""
	if err := kiosk.CommitConfig(path, again); err != nil {
		t.Fatal(err)
	}
	third, err := kiosk.LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	if third.BackOffice.APIKey != "key-two" || third.Technician.PINHash != cfg.Technician.PINHash {
		t.Errorf("after re-provisioning: key %q, PIN kept %v", third.BackOffice.APIKey, third.Technician.PINHash == cfg.Technician.PINHash)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, kiosk.SecretsDir))
	if len(entries) != 2 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("secrets folder holds %v; the old api_key file should be gone", names)
	}
}

func TestCommitConfigFailureKeepsTheOldConfiguration(t *testing.T) {
	tests := []struct {
		name  string
		spoil func(t *testing.T, dir string, cfg *kiosk.Config)
	}{
		{"invalid configuration", func(t *testing.T, dir string, cfg *kiosk.Config) { cfg.Mode = "toaster" }},
		{"configuration path is a folder", func(t *testing.T, dir string, cfg *kiosk.Config) {
			// The rename, the last step, fails.
			if err := os.Rename(filepath.Join(dir, "config.yaml"), filepath.Join(dir, "saved.yaml")); err != nil {
				t.Fatal(err)
			}
			if err := os.Mkdir(filepath.Join(dir, "config.yaml"), 0o700); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(dir, "config.yaml", "keep"), "x", 0o600)
		}},
		{"named key file missing", func(t *testing.T, dir string, cfg *kiosk.Config) {
			cfg.BackOffice.APIKey = ""
			cfg.BackOffice.APIKeyFile = "secrets/gone"
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "config.yaml")
			if err := kiosk.CommitConfig(path, provisioned(t)); err != nil {
				t.Fatal(err)
			}
			next := provisioned(t)
			next.DeviceID = "IKA-T1-08"
			next.BackOffice.APIKey = "key-new"
			tc.spoil(t, dir, &next)
			before := snapshot(t, dir)
			if err := kiosk.CommitConfig(path, next); err == nil {
				t.Fatal("commit succeeded")
			}
			if after := snapshot(t, dir); after != before {
				t.Errorf("files changed by a failed commit:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

// snapshot lists a folder's files with their contents.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		b.WriteString(rel + "=" + string(data) + ";")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestCommitConfigAsRootGivesFilesTheFoldersOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root: a technician's sudo is what this is about")
	}
	dir := t.TempDir()
	const uid, gid = 4321, 4322 // the kiosk's user
	if err := os.Chown(dir, uid, gid); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "config.yaml")
	if err := kiosk.CommitConfig(path, provisioned(t)); err != nil {
		t.Fatal(err)
	}
	cfg, err := kiosk.LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"config.yaml", kiosk.SecretsDir, cfg.BackOffice.APIKeyFile, cfg.Technician.PINHashFile} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		st := fi.Sys().(*syscall.Stat_t)
		if st.Uid != uid || st.Gid != gid {
			t.Errorf("%s belongs to %d:%d, want the folder's %d:%d", name, st.Uid, st.Gid, uid, gid)
		}
	}
}

func TestIdleTimesByMode(t *testing.T) {
	tests := []struct {
		name             string
		mode             kiosk.Mode
		idle             kiosk.IdleConfig
		wantWarn, wantGr time.Duration
	}{
		{"kiosk defaults", kiosk.ModeKiosk, kiosk.IdleConfig{}, 60 * time.Second, 30 * time.Second},
		{"tv defaults suit a living room", kiosk.ModeTV, kiosk.IdleConfig{}, 5 * time.Minute, 60 * time.Second},
		{"configured times win", kiosk.ModeTV, kiosk.IdleConfig{Warn: kiosk.Duration(90 * time.Second), Grace: kiosk.Duration(25 * time.Second)}, 90 * time.Second, 25 * time.Second},
		{"only the warning configured", kiosk.ModeKiosk, kiosk.IdleConfig{Warn: kiosk.Duration(2 * time.Minute)}, 2 * time.Minute, 30 * time.Second},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := kiosk.DefaultConfig()
			c.Mode, c.Idle = tc.mode, tc.idle
			w, g := c.IdleTimes()
			if w != tc.wantWarn || g != tc.wantGr {
				t.Fatalf("IdleTimes = %v, %v; want %v, %v", w, g, tc.wantWarn, tc.wantGr)
			}
		})
	}
}
