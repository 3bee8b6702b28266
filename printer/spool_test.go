package printer_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/printer"
)

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

func TestSpoolWritesEachReceiptOnce(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "spool")
	s := &printer.Spool{Dir: dir, Options: printer.Options{Fonts: testFonts(t)}}
	ctx := context.Background()
	if st := s.Status(ctx); st.State != kiosk.PrinterReady {
		t.Fatalf("status %+v, want ready", st)
	}
	r := testReceipt(kiosk.Persian, trackingCode(11), "")
	if err := s.Print(ctx, r); err != nil {
		t.Fatal(err)
	}
	want := string(r.TrackingCode) + ".pdf"
	if got := listDir(t, dir); len(got) != 1 || got[0] != want {
		t.Fatalf("spool holds %v, want only %s", got, want)
	}
	first, err := os.ReadFile(filepath.Join(dir, want))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(first, []byte("%PDF-")) || decodeQR(t, first) != r.QR {
		t.Fatal("spooled file is not the receipt with its QR code")
	}
	// A reprint replaces the file with the same receipt; nothing piles up.
	path, err := s.Write(r)
	if err != nil {
		t.Fatal(err)
	}
	if path != filepath.Join(dir, want) {
		t.Fatalf("reprint written to %s", path)
	}
	if got := listDir(t, dir); len(got) != 1 {
		t.Fatalf("after reprint the spool holds %v", got)
	}
	again, _ := os.ReadFile(path)
	if !bytes.Equal(first, again) {
		t.Fatal("reprint of the same receipt differs")
	}
}

func TestSpoolKeepsTheNewest(t *testing.T) {
	dir := t.TempDir()
	s := &printer.Spool{Dir: dir, Options: printer.Options{Fonts: testFonts(t)}, Keep: 3}
	// A file that is not a receipt is left alone.
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	base := time.Now().Add(-time.Hour)
	var codes []string
	for i := range 5 {
		r := testReceipt(kiosk.English, trackingCode(uint64(100+i)), "")
		path, err := s.Write(r)
		if err != nil {
			t.Fatal(err)
		}
		// Give each file its own age, oldest first.
		at := base.Add(time.Duration(i) * time.Minute)
		if err := os.Chtimes(path, at, at); err != nil {
			t.Fatal(err)
		}
		codes = append(codes, string(r.TrackingCode)+".pdf")
	}
	want := append([]string{"notes.txt"}, codes[2:]...)
	sort.Strings(want)
	if got := listDir(t, dir); !equal(got, want) {
		t.Fatalf("spool holds %v, want %v", got, want)
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestSpoolUnwritable(t *testing.T) {
	// The folder's place is taken by a file: nothing can be spooled.
	blocker := filepath.Join(t.TempDir(), "spool")
	if err := os.WriteFile(blocker, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := &printer.Spool{Dir: blocker, Options: printer.Options{Fonts: testFonts(t)}}
	if st := s.Status(context.Background()); st.State != kiosk.PrinterOffline || st.Detail == "" {
		t.Fatalf("status %+v, want offline with detail", st)
	}
	err := s.Print(context.Background(), testReceipt(kiosk.English, trackingCode(1), ""))
	if !errors.Is(err, kiosk.ErrPrinterUnavailable) {
		t.Fatalf("print into a file: %v, want ErrPrinterUnavailable", err)
	}
}

func TestNewPicksTheBackend(t *testing.T) {
	f := testFonts(t)
	tests := []struct {
		name    string
		cfg     config.Printer
		want    string // "spool", "cups" or "" for an error
		errHas  string
		spoolOK bool
	}{
		{"no queue: spool folder", config.Printer{Paper: "80mm"}, "spool", "", true},
		{"queue: CUPS", config.Printer{Queue: "kiosk-roll", Paper: "a4"}, "cups", "", true},
		{"queue looking like an option", config.Printer{Queue: "-oraw"}, "", "not a CUPS queue name", false},
		{"queue with a slash", config.Printer{Queue: "a/b"}, "", "not a CUPS queue name", false},
		{"unknown paper", config.Printer{Paper: "letter"}, "", "is not one of [80mm a4]", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "spool")
			p, err := printer.New(tc.cfg, dir, printer.Options{Fonts: f})
			switch tc.want {
			case "spool":
				if s, ok := p.(*printer.Spool); !ok || err != nil || s.Dir != dir {
					t.Fatalf("New = %T %v, want *Spool in %s", p, err, dir)
				}
			case "cups":
				c, ok := p.(*printer.CUPS)
				if !ok || err != nil || c.Queue != tc.cfg.Queue || c.Spool == nil || c.Spool.Dir != dir || c.Spool.Options.Paper != config.PaperA4 {
					t.Fatalf("New = %#v %v, want *CUPS on %s spooling A4 to %s", p, err, tc.cfg.Queue, dir)
				}
			default:
				if err == nil || p != nil || !bytes.Contains([]byte(err.Error()), []byte(tc.errHas)) {
					t.Fatalf("New = %v, %v; want an error about %q", p, err, tc.errHas)
				}
			}
			if _, err := os.Stat(dir); (err == nil) != tc.spoolOK {
				t.Fatalf("spool folder exists = %v, want %v", err == nil, tc.spoolOK)
			}
		})
	}
	if _, err := printer.New(config.Printer{}, t.TempDir(), printer.Options{}); err == nil {
		t.Fatal("New without fonts succeeded")
	}
}
