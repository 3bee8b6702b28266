//go:build unix

package main

import (
	"os"
	"syscall"
)

// giveToFolderOwner makes path belong to the owner of its folder dir when
// kioskctl runs as root (a technician's sudo) and the folder is the
// kiosk's user's: the kiosk must be able to read what provisioning wrote.
func giveToFolderOwner(dir, path string) error {
	if os.Geteuid() != 0 {
		return nil
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok || st.Uid == 0 {
		return nil
	}
	return os.Chown(path, int(st.Uid), int(st.Gid))
}
