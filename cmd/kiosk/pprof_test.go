package main

import (
	"net"
	"strings"
	"testing"
)

// TestPprofOnlyOnLoopback checks the profiles are served on a loopback
// address only: a heap profile may hold what a citizen typed.
func TestPprofOnlyOnLoopback(t *testing.T) {
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
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := servePprof(tc.addr)
			if tc.ok && err != nil {
				if strings.Contains(tc.addr, "::1") && noIPv6() {
					t.Skip("no IPv6 loopback here")
				}
				t.Fatalf("servePprof(%q) = %v, want it served", tc.addr, err)
			}
			if !tc.ok && err == nil {
				t.Fatalf("servePprof(%q) served, want it refused", tc.addr)
			}
		})
	}
}

// noIPv6 reports whether this machine has no IPv6 loopback.
func noIPv6() bool {
	_, lerr := net.Listen("tcp", "[::1]:0")
	return lerr != nil
}
