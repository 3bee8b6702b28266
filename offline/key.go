package offline

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/pishkhan/pishkhan/kiosk/durable"
)

// KeyFile is the name of the device key file in the data directory.
const KeyFile = "device.key"

// KeySize is the size of a device key in bytes.
const KeySize = 32

// ErrNoKey is returned when the data directory holds no device key and
// none may be created (a read-only open).
var ErrNoKey = errors.New("no device key")

// LoadOrCreateKey returns the device key of the data directory dir,
// creating it (32 random bytes, written in hex to dir/device.key with mode
// 0600) when there is none yet. The device key seals personal data in the
// outbox and, through kiosk.ReceiptKey, signs receipts.
func LoadOrCreateKey(dir string) ([]byte, error) {
	key, err := LoadKey(dir)
	if !errors.Is(err, ErrNoKey) {
		return key, err
	}
	key = make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("create device key: %w", err)
	}
	if err := writeKey(dir, key, false); err != nil {
		if errors.Is(err, fs.ErrExist) {
			// Another process created it first: use that one.
			return LoadKey(dir)
		}
		return nil, fmt.Errorf("create device key: %w", err)
	}
	return key, nil
}

// LoadKey reads the device key of dir. It returns an error wrapping ErrNoKey
// when there is none. A key file readable by others is made private.
func LoadKey(dir string) ([]byte, error) {
	path := filepath.Join(dir, KeyFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("load device key %s: %w", path, ErrNoKey)
	}
	if err != nil {
		return nil, fmt.Errorf("load device key: %w", err)
	}
	key, err := ParseKey(data)
	if err != nil {
		return nil, fmt.Errorf("load device key %s: %w", path, err)
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		if err := os.Chmod(path, 0o600); err != nil {
			return nil, fmt.Errorf("load device key: make %s private: %w", path, err)
		}
	}
	return key, nil
}

// ParseKey reads a device key written as 64 hex digits (surrounding space
// allowed) or as 32 raw bytes.
func ParseKey(data []byte) ([]byte, error) {
	if len(data) == KeySize {
		return bytes.Clone(data), nil
	}
	key, err := hex.DecodeString(string(bytes.TrimSpace(data)))
	if err != nil || len(key) != KeySize {
		return nil, fmt.Errorf("parse device key: want %d bytes as %d hex digits", KeySize, 2*KeySize)
	}
	return key, nil
}

// InstallKey writes a device key supplied by provisioning to dir. It
// refuses to replace a different key already there: the outbox's personal
// data could no longer be read. A key written as root into a folder of
// another user gets the folder's owner (durable.FileOwner), so the kiosk
// can read it.
func InstallKey(dir string, key []byte) error {
	if len(key) != KeySize {
		return fmt.Errorf("install device key: want %d bytes, got %d", KeySize, len(key))
	}
	old, err := LoadKey(dir)
	switch {
	case err == nil && bytes.Equal(old, key):
		return nil
	case err == nil:
		return fmt.Errorf("install device key: %s already holds a different key", filepath.Join(dir, KeyFile))
	case !errors.Is(err, ErrNoKey):
		return fmt.Errorf("install device key: %w", err)
	}
	if err := writeKey(dir, key, true); err != nil {
		return fmt.Errorf("install device key: %w", err)
	}
	return nil
}

// writeKey creates dir/device.key atomically: a private temporary file,
// fsynced, then linked into place (which fails if a key appeared
// meanwhile), then the directory fsynced. With folderOwner the file
// gets the owner durable.FileOwner gives new files in dir before it takes
// its name.
func writeKey(dir string, key []byte, folderOwner bool) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".device.key-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if folderOwner {
		if uid, gid := durable.FileOwner(dir); uid >= 0 {
			if err := tmp.Chown(uid, gid); err != nil {
				tmp.Close()
				return err
			}
		}
	}
	if _, err := tmp.WriteString(hex.EncodeToString(key) + "\n"); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Link(tmp.Name(), filepath.Join(dir, KeyFile)); err != nil {
		return err
	}
	return durable.SyncDir(dir)
}
