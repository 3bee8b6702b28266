package main

import (
	"os"
	"strings"
	"testing"
)

func TestPssKB(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    int64
		wantErr bool
	}{
		{"rollup", "55d0c0000000-7ffd4b1fe000 ---p 00000000 00:00 0 [rollup]\nRss:              104844 kB\nPss:               98765 kB\nPss_Anon:          26000 kB\n", 98765, false},
		{"no Pss", "Rss: 1 kB\n", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := pssKB(strings.NewReader(tt.in))
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("pssKB = %d, %v; want %d, error %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestRollupKB(t *testing.T) {
	const rollup = "55d0c0000000-7ffd4b1fe000 ---p 00000000 00:00 0 [rollup]\nRss:              104844 kB\nPss:               98765 kB\nPss_Anon:          26000 kB\nPss_File:          72765 kB\n"
	tests := []struct {
		name    string
		field   string
		want    int64
		wantErr bool
	}{
		{"anonymous", "Pss_Anon", 26000, false},
		{"not a prefix of another field", "Pss_File", 72765, false},
		{"absent", "Pss_Shmem", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := rollupKB(strings.NewReader(rollup), tt.field)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("rollupKB(%s) = %d, %v; want %d, error %v", tt.field, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestParentOf(t *testing.T) {
	tests := []struct {
		name string
		stat string
		want int
		ok   bool
	}{
		{"plain", "1234 (kiosk) S 1200 1234 1200 0", 1200, true},
		{"spaces and parens in the name", "77 (Web Content (x)) S 42 77 1", 42, true},
		{"garbled", "77 kiosk", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := parentOf(tt.stat)
			if got != tt.want || ok != tt.ok {
				t.Errorf("parentOf = %d, %v; want %d, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

// The harness's own process has a PSS, and a tree of one holds itself.
func TestTreePSSOfThisProcess(t *testing.T) {
	if _, err := os.Stat("/proc/self/smaps_rollup"); err != nil {
		t.Skipf("no /proc/self/smaps_rollup (Linux 4.14+): %v", err)
	}
	pss, err := treePSS(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if pss < 1<<20 {
		t.Errorf("PSS of a Go test binary = %d bytes, want at least 1 MiB", pss)
	}
}
