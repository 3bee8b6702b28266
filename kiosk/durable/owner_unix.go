//go:build unix

package durable

import (
	"os"
	"syscall"
)

// FileOwner returns the owner new files in dir must have: the folder's,
// when this process runs as root (a technician's sudo) and the folder
// belongs to another user (the kiosk's), who must be able to read and
// append to what was written; -1, -1 to leave them as they are.
func FileOwner(dir string) (uid, gid int) {
	if os.Geteuid() != 0 {
		return -1, -1
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return -1, -1
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok || st.Uid == 0 {
		return -1, -1
	}
	return int(st.Uid), int(st.Gid)
}
