package control

import (
	"fmt"
	"net"
	"syscall"
)

// checkPeer reads the credentials of the process at the other end of c
// (SO_PEERCRED) and refuses it unless allow accepts its user.
func checkPeer(c net.Conn, allow func(uid int) bool) error {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return fmt.Errorf("%T carries no credentials", c)
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return fmt.Errorf("read credentials: %w", err)
	}
	var cred *syscall.Ucred
	var credErr error
	if err := raw.Control(func(fd uintptr) {
		cred, credErr = syscall.GetsockoptUcred(int(fd), syscall.SOL_SOCKET, syscall.SO_PEERCRED)
	}); err != nil {
		return fmt.Errorf("read credentials: %w", err)
	}
	if credErr != nil {
		return fmt.Errorf("read credentials: %w", credErr)
	}
	if !allow(int(cred.Uid)) {
		return fmt.Errorf("uid %d may not drive this kiosk", cred.Uid)
	}
	return nil
}
