//go:build !linux

package control

import "net"

// checkPeer relies on the socket's mode where peer credentials are not
// read.
func checkPeer(net.Conn, func(uid int) bool) error { return nil }
