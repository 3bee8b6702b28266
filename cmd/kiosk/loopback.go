package main

import (
	"fmt"
	"net"
)

// listenLoopback listens on addr for a diagnostic endpoint (what: "pprof",
// "inspection"), which must be a loopback address: what such an endpoint
// shows (a heap, a screen) is for a bench or a test on the machine itself,
// never for the network.
func listenLoopback(what, addr string) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("%s address %q: %w", what, addr, err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("%s address %q: only a loopback address (127.0.0.1:PORT)", what, addr)
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen for %s: %w", what, err)
	}
	return l, nil
}
