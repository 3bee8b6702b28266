package main

import (
	"strings"
	"testing"
)

// TestInspectOnlyOnLoopback checks the screen's description is served on
// a loopback address only: a test on the same machine taps the kiosk, no
// one on the network reads its screen.
func TestInspectOnlyOnLoopback(t *testing.T) {
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
			err := serveInspect(tc.addr, nil, nil)
			if tc.ok && err != nil {
				if strings.Contains(tc.addr, "::1") && noIPv6() {
					t.Skip("no IPv6 loopback here")
				}
				t.Fatalf("serveInspect(%q) = %v, want it served", tc.addr, err)
			}
			if !tc.ok && err == nil {
				t.Fatalf("serveInspect(%q) served, want it refused", tc.addr)
			}
		})
	}
}
