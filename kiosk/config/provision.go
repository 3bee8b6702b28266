package config

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"sigs.k8s.io/yaml"

	"github.com/pishkhan/pishkhan/kiosk/durable"
)

// SecretsDir is the folder, beside the configuration file, that holds the
// provisioned secrets (mode 0700, files 0600).
const SecretsDir = "secrets"

// Secret file name prefixes in SecretsDir. Each provisioning writes new
// files with a fresh suffix, so the configuration file is the single
// point where the new configuration takes effect.
const (
	apiKeyPrefix  = "api_key-"
	pinHashPrefix = "technician_pin-"
)

// Commit writes a provisioned configuration: cfg goes to configPath,
// and its secrets (cfg.BackOffice.APIKey and cfg.Technician.PINHash, when
// set) to new files of mode 0600 in the secrets folder beside it, which
// the configuration names. A secret left empty keeps the file cfg already
// names (api_key_file, pin_hash_file).
//
// Run as root (a technician's sudo), the new files take the owner of the
// configuration's folder, so that the kiosk's own user can read them.
//
// All or nothing: the secrets are written and fsynced first, then the
// configuration is written to a temporary file, fsynced, and renamed over
// configPath, the single step that switches from the old configuration to
// the new one. A failure before it removes what was written and leaves
// the old configuration in force; after it, secret files no configuration
// names any more are removed. The data directory's queue and device key
// are never touched.
func Commit(configPath string, cfg Config) (err error) {
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("commit config: %w", err)
	}
	dir := filepath.Dir(configPath)
	secrets := filepath.Join(dir, SecretsDir)
	_, statErr := os.Stat(secrets)
	created := errors.Is(statErr, fs.ErrNotExist)
	var written []string
	defer func() {
		if err != nil {
			for _, p := range written {
				os.Remove(p)
			}
			if created {
				os.Remove(secrets) // only if empty
			}
		}
	}()
	uid, gid := durable.FileOwner(dir)
	if err := os.MkdirAll(secrets, 0o700); err != nil {
		return fmt.Errorf("commit config: %w", err)
	}
	if err := os.Chmod(secrets, 0o700); err != nil {
		return fmt.Errorf("commit config: %w", err)
	}
	if uid >= 0 {
		if err := os.Chown(secrets, uid, gid); err != nil {
			return fmt.Errorf("commit config: %w", err)
		}
	}
	suffix := make([]byte, 6)
	if _, err := rand.Read(suffix); err != nil {
		return fmt.Errorf("commit config: %w", err)
	}
	gen := hex.EncodeToString(suffix)
	writeSecret := func(prefix, value string) (string, error) {
		name := prefix + gen
		path := filepath.Join(secrets, name)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return "", err
		}
		written = append(written, path)
		if uid >= 0 {
			err = f.Chown(uid, gid)
		}
		if err == nil {
			_, err = f.WriteString(value + "\n")
		}
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return filepath.Join(SecretsDir, name), err
	}

	if cfg.BackOffice.APIKey != "" {
		name, err := writeSecret(apiKeyPrefix, cfg.BackOffice.APIKey)
		if err != nil {
			return fmt.Errorf("commit config: write api_key: %w", err)
		}
		cfg.BackOffice.APIKey, cfg.BackOffice.APIKeyFile = "", name
	} else if cfg.BackOffice.APIKeyFile != "" {
		if _, err := readSecret(SecretPath(dir, cfg.BackOffice.APIKeyFile)); err != nil {
			return fmt.Errorf("commit config: back_office.api_key_file: %w", err)
		}
	}
	if cfg.Technician.PINHash != "" {
		name, err := writeSecret(pinHashPrefix, cfg.Technician.PINHash)
		if err != nil {
			return fmt.Errorf("commit config: write PIN hash: %w", err)
		}
		cfg.Technician.PINHash, cfg.Technician.PINHashFile = "", name
	} else if cfg.Technician.PINHashFile != "" {
		if _, err := readSecret(SecretPath(dir, cfg.Technician.PINHashFile)); err != nil {
			return fmt.Errorf("commit config: technician.pin_hash_file: %w", err)
		}
	}
	if len(written) > 0 {
		if err := durable.SyncDir(secrets); err != nil {
			return fmt.Errorf("commit config: %w", err)
		}
	}

	data, err := Marshal(cfg)
	if err != nil {
		return fmt.Errorf("commit config: %w", err)
	}
	// The configuration itself holds no secret: readable by the
	// technician's tools, writable by its owner only.
	if err := durable.WriteFileOwned(configPath, data, 0o640, uid, gid); err != nil {
		return fmt.Errorf("commit config: write %s: %w", configPath, err)
	}
	written = nil // committed: nothing to roll back
	removeStaleSecrets(secrets, cfg)
	return nil
}

// removeStaleSecrets deletes secret files the configuration no longer
// names: an old api_key has no business staying on the device.
func removeStaleSecrets(secrets string, cfg Config) {
	keep := map[string]bool{
		filepath.Base(cfg.BackOffice.APIKeyFile):  cfg.BackOffice.APIKeyFile != "",
		filepath.Base(cfg.Technician.PINHashFile): cfg.Technician.PINHashFile != "",
	}
	entries, err := os.ReadDir(secrets)
	if err != nil {
		return
	}
	for _, e := range entries {
		n := e.Name()
		if (strings.HasPrefix(n, apiKeyPrefix) || strings.HasPrefix(n, pinHashPrefix)) && !keep[n] {
			os.Remove(filepath.Join(secrets, n))
		}
	}
}

// configHeader opens every provisioned configuration file.
const configHeader = `# Pishkhan kiosk configuration, written by "kioskctl provision".
# Secrets are not in this file: api_key_file and pin_hash_file name them.
# Change it with kioskctl provision (it checks everything before it writes).
`

// Marshal writes cfg as the YAML of a configuration file.
func Marshal(cfg Config) ([]byte, error) {
	body, err := yaml.Marshal(cfg)
	if err != nil {
		return nil, fmt.Errorf("marshal config: %w", err)
	}
	var b bytes.Buffer
	b.WriteString(configHeader)
	b.Write(body)
	return b.Bytes(), nil
}

// Exists reports whether a configuration file is at path.
func Exists(path string) bool {
	_, err := os.Stat(path)
	return !errors.Is(err, fs.ErrNotExist)
}
