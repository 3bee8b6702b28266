package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/kiosk/gate"
)

func provisioned(t *testing.T) config.Config {
	t.Helper()
	cfg := config.Default()
	cfg.DeviceID = "IKA-T1-07"
	cfg.KioskNumber = 1207
	cfg.Site = kiosk.Text{kiosk.Persian: "فرودگاه امام خمینی", kiosk.English: "Imam Khomeini Airport"}
	lat, long := 35.416, 51.152
	cfg.Location = config.Location{Lat: &lat, Long: &long, Address: "Terminal 1"}
	cfg.BackOffice = config.BackOffice{URL: "https://crm.example.ir/open311/v2", APIKey: "key-one", JurisdictionID: "tehran"}
	hash, err := gate.HashPIN("482913")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Technician.PINHash = hash
	cfg.Provisioning = &config.ProvisioningRecord{At: time.Date(2025, 8, 3, 9, 0, 0, 0, time.UTC), Tool: "test", Source: "flags"}
	return cfg
}

func TestCommitRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	cfg := provisioned(t)
	if err := config.Commit(path, cfg); err != nil {
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
	got, err := config.Load(path)
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
	if fi, _ := os.Stat(filepath.Join(dir, config.SecretsDir)); fi.Mode().Perm() != 0o700 {
		t.Errorf("secrets folder mode %v, want 0700", fi.Mode().Perm())
	}

	// Provisioning again with a new key replaces the key file; the PIN
	// file, not given again, stays.
	again := got
	again.BackOffice.APIKey = "key-two"
	again.Technician.PINHash = ""
	if err := config.Commit(path, again); err != nil {
		t.Fatal(err)
	}
	third, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if third.BackOffice.APIKey != "key-two" || third.Technician.PINHash != cfg.Technician.PINHash {
		t.Errorf("after re-provisioning: key %q, PIN kept %v", third.BackOffice.APIKey, third.Technician.PINHash == cfg.Technician.PINHash)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, config.SecretsDir))
	if len(entries) != 2 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("secrets folder holds %v; the old api_key file should be gone", names)
	}
}

func TestCommitFailureKeepsTheOldConfiguration(t *testing.T) {
	tests := []struct {
		name  string
		spoil func(t *testing.T, dir string, cfg *config.Config)
	}{
		{"invalid configuration", func(t *testing.T, dir string, cfg *config.Config) { cfg.Mode = "toaster" }},
		{"configuration path is a folder", func(t *testing.T, dir string, cfg *config.Config) {
			// The rename, the last step, fails.
			if err := os.Rename(filepath.Join(dir, "config.yaml"), filepath.Join(dir, "saved.yaml")); err != nil {
				t.Fatal(err)
			}
			if err := os.Mkdir(filepath.Join(dir, "config.yaml"), 0o700); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(dir, "config.yaml", "keep"), "x", 0o600)
		}},
		{"named key file missing", func(t *testing.T, dir string, cfg *config.Config) {
			cfg.BackOffice.APIKey = ""
			cfg.BackOffice.APIKeyFile = "secrets/gone"
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "config.yaml")
			if err := config.Commit(path, provisioned(t)); err != nil {
				t.Fatal(err)
			}
			next := provisioned(t)
			next.DeviceID = "IKA-T1-08"
			next.BackOffice.APIKey = "key-new"
			tc.spoil(t, dir, &next)
			before := snapshot(t, dir)
			if err := config.Commit(path, next); err == nil {
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

func TestCommitAsRootGivesFilesTheFoldersOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root: a technician's sudo is what this is about")
	}
	dir := t.TempDir()
	const uid, gid = 4321, 4322 // the kiosk's user
	if err := os.Chown(dir, uid, gid); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "config.yaml")
	if err := config.Commit(path, provisioned(t)); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"config.yaml", config.SecretsDir, cfg.BackOffice.APIKeyFile, cfg.Technician.PINHashFile} {
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
