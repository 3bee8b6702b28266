package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/pishkhan/pishkhan/kiosk/config"
)

func TestGoHeapOf(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    int64
		wantErr bool
	}{
		{"both", "# HELP x\ngo_memstats_heap_inuse_bytes 2.5e+07\ngo_memstats_stack_inuse_bytes 1.048576e+06\ngo_goroutines 12\n", 26048576, false},
		{"one missing", "go_memstats_heap_inuse_bytes 1e6\n", 0, true},
		{"garbled", "go_memstats_heap_inuse_bytes lots\ngo_memstats_stack_inuse_bytes 1\n", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := goHeapOf(strings.NewReader(tt.in))
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("goHeapOf = %d, %v; want %d, error %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestPayTaxEndsWhereItStarted(t *testing.T) {
	for _, mode := range []string{"kiosk", "tv"} {
		t.Run(mode, func(t *testing.T) { payTaxEndsWhereItStarted(t, mode) })
	}
}

func payTaxEndsWhereItStarted(t *testing.T, mode string) {
	moves := payTax(mode)
	if moves[len(moves)-1].screen != "attract" {
		t.Errorf("the walk ends on %q, want the attract screen for the next session", moves[len(moves)-1].screen)
	}
	screens := 0
	for _, m := range moves {
		if m.screen != "" {
			screens++
			if pathOrder(m.screen) >= "99" {
				t.Errorf("screen %q has no place in the path's order", m.screen)
			}
		}
	}
	if screens < 10 {
		t.Errorf("the walk changes screen %d times, want every screen of the path", screens)
	}
}

// The configuration the harness writes is one the kiosk loads, with its
// metrics moved and every other setting at its default.
func TestWriteMetricsConfig(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "var")
	if err := writeMetricsConfig(dir, "127.0.0.1:9322"); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(filepath.Join(dir, "config.yaml"))
	if err != nil {
		t.Fatalf("the kiosk refuses the harness's configuration: %v", err)
	}
	if got := cfg.Metrics.Address(); got != "127.0.0.1:9322" {
		t.Errorf("metrics address = %q, want 127.0.0.1:9322", got)
	}
	if def := config.Default(); cfg.Mode != def.Mode || cfg.Printer != def.Printer {
		t.Errorf("configuration = mode %q printer %+v, want the defaults %q %+v", cfg.Mode, cfg.Printer, def.Mode, def.Printer)
	}
}
