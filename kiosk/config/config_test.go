package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/kiosk/gate"
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

func TestLoadMissingFileIsUnprovisioned(t *testing.T) {
	cfg, err := config.Load(filepath.Join(t.TempDir(), "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Provisioned {
		t.Error("a device without a configuration file says it is provisioned")
	}
	if cfg.Metrics.Address() != config.DefaultMetricsListen {
		t.Errorf("default metrics address %q, want %q", cfg.Metrics.Address(), config.DefaultMetricsListen)
	}
}

func TestLoadReadsSecretFiles(t *testing.T) {
	dir := t.TempDir()
	hash, err := gate.HashPIN("482913")
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
	cfg, err := config.Load(filepath.Join(dir, "config.yaml"))
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

func TestLoadErrorsNameTheSetting(t *testing.T) {
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
		{"accessible multiplier takes time away", "device_id: A\nidle:\n  accessible_multiplier: 0.5\n", nil, "idle.accessible_multiplier"},
		{"accessible multiplier holds the kiosk for hours", "device_id: A\nidle:\n  accessible_multiplier: 30\n", nil, "idle.accessible_multiplier"},
		{"speech device not a device", "device_id: A\nspeech:\n  enabled: true\n  device: -D evil\n", nil, "speech.device"},
		{"insecure back office", "device_id: A\nback_office:\n  url: http://crm.example.ir/\n", nil, "plain HTTP"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, v := range tc.secrets {
				writeFile(t, filepath.Join(dir, name), v, 0o600)
			}
			writeFile(t, filepath.Join(dir, "config.yaml"), tc.config, 0o600)
			_, err := config.Load(filepath.Join(dir, "config.yaml"))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

func TestMetricsRemoteAllowedExplicitly(t *testing.T) {
	cfg := config.Default()
	cfg.Metrics = config.Metrics{Listen: "0.0.0.0:9311", AllowRemote: true}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	cfg.Metrics = config.Metrics{Listen: "[::1]:9311"}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("IPv6 loopback refused: %v", err)
	}
}

func TestIdleAccessibleMultiplier(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want float64
	}{
		{"default doubles the time", "device_id: A\n", config.DefaultIdleAccessibleMultiplier},
		{"configured", "device_id: A\nidle:\n  accessible_multiplier: 3\n", 3},
		{"one gives no more time", "device_id: A\nidle:\n  accessible_multiplier: 1\n", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "config.yaml")
			writeFile(t, path, tc.yaml, 0o600)
			c, err := config.Load(path)
			if err != nil {
				t.Fatal(err)
			}
			if got := c.IdleAccessibleMultiplier(); got != tc.want {
				t.Errorf("IdleAccessibleMultiplier = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestIdleTimesByMode(t *testing.T) {
	tests := []struct {
		name             string
		mode             config.Mode
		idle             config.Idle
		wantWarn, wantGr time.Duration
	}{
		{"kiosk defaults", config.ModeKiosk, config.Idle{}, 60 * time.Second, 30 * time.Second},
		{"tv defaults suit a living room", config.ModeTV, config.Idle{}, 5 * time.Minute, 60 * time.Second},
		{"configured times win", config.ModeTV, config.Idle{Warn: config.Duration(90 * time.Second), Grace: config.Duration(25 * time.Second)}, 90 * time.Second, 25 * time.Second},
		{"only the warning configured", config.ModeKiosk, config.Idle{Warn: config.Duration(2 * time.Minute)}, 2 * time.Minute, 30 * time.Second},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := config.Default()
			c.Mode, c.Idle = tc.mode, tc.idle
			w, g := c.IdleTimes()
			if w != tc.wantWarn || g != tc.wantGr {
				t.Fatalf("IdleTimes = %v, %v; want %v, %v", w, g, tc.wantWarn, tc.wantGr)
			}
		})
	}
}
