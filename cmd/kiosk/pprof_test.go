package main

import (
	"net"
	"strings"
	"testing"
)

// TestDiagnosticEndpointsOnlyOnLoopback checks the profiles and the
// screen's description are served on a loopback address only: a heap
// profile may hold what a citizen typed, and no one on the network may
// read the screen.
func TestDiagnosticEndpointsOnlyOnLoopback(t *testing.T) {
	endpoints := []struct {
		name  string
		serve func(addr string) error
	}{
		{"pprof", servePprof},
		{"inspection", func(addr string) error { return serveInspect(addr, nil, nil) }},
	}
	cases := []struct {
		name, addr string
		ok         bool
	}{
		{"IPv4 loopback", "127.0.0.1:0", true},
		{"IPv6 loopback", "[::1]:0", true},
		{"every interface", ":0", false},
		{"any address", "0.0.0.0:0", false},
		{"a host name", "localhost:0", false},
		{"no port", "127.0.0.1", false},
	}
	for _, e := range endpoints {
		for _, tc := range cases {
			t.Run(e.name+"/"+tc.name, func(t *testing.T) {
				err := e.serve(tc.addr)
				if tc.ok && err != nil {
					if strings.Contains(tc.addr, "::1") && noIPv6() {
						t.Skip("no IPv6 loopback here")
					}
					t.Fatalf("%s on %q: %v, want it served", e.name, tc.addr, err)
				}
				if !tc.ok && err == nil {
					t.Fatalf("%s on %q served, want it refused", e.name, tc.addr)
				}
			})
		}
	}
}

// noIPv6 reports whether this machine has no IPv6 loopback.
func noIPv6() bool {
	_, lerr := net.Listen("tcp", "[::1]:0")
	return lerr != nil
}
