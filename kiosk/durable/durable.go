// Package durable writes the device's files so that a power cut leaves
// either the old file or the whole new one, and so that files a technician
// writes as root (sudo) still belong to the kiosk's user.
//
// It is shared by kiosk/config (the provisioned configuration and its
// secrets), kiosk/gate (the lockout state), offline and cmd.
package durable

import (
	"os"
	"path/filepath"
)

// WriteFile writes data to path so that a power cut leaves either the old
// file or the whole new one: a temporary file in the same folder, fsynced,
// renamed over path, and the folder fsynced.
func WriteFile(path string, data []byte, perm os.FileMode) error {
	return WriteFileOwned(path, data, perm, -1, -1)
}

// WriteFileOwned is WriteFile for a file that must have an owner: a uid of
// 0 or more gives the file that owner (and gid) before it takes its name.
func WriteFileOwned(path string, data []byte, perm os.FileMode, uid, gid int) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = tmp.Chmod(perm); err != nil {
		return err
	}
	if uid >= 0 {
		if err = tmp.Chown(uid, gid); err != nil {
			return err
		}
	}
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	return SyncDir(dir)
}

// SyncDir fsyncs a folder so a new name in it survives a power cut.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
