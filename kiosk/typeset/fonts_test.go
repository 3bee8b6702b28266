package typeset_test

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pishkhan/pishkhan/kiosk/typeset"
)

func TestLoadFonts(t *testing.T) {
	dejavu(t) // skips when DejaVu is absent
	notFont := filepath.Join(t.TempDir(), "notes.ttf")
	if err := os.WriteFile(notFont, []byte("not a font"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		path        string
		wantFamily  string
		wantRegular string
		wantBold    string
		wantErr     error
	}{
		{name: "family directory", path: dejavuDir, wantFamily: "DejaVu Sans", wantRegular: dejavuRegular, wantBold: dejavuBold},
		{name: "regular file finds its bold sibling", path: dejavuRegular, wantFamily: "DejaVu Sans", wantRegular: dejavuRegular, wantBold: dejavuBold},
		{name: "missing path", path: "/nonexistent/font.ttf", wantErr: fs.ErrNotExist},
		{name: "font without Persian", path: dejavuDir + "/DejaVuMathTeXGyre.ttf", wantErr: typeset.ErrCoverage},
		{name: "not a font", path: notFont},
		{name: "directory without fonts", path: t.TempDir()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := typeset.LoadFonts(tt.path)
			if tt.wantFamily == "" {
				if err == nil {
					t.Fatalf("LoadFonts(%q) = %s, want an error", tt.path, f.Family())
				}
				if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
					t.Fatalf("LoadFonts(%q) error %v, want %v", tt.path, err, tt.wantErr)
				}
				if !strings.Contains(err.Error(), tt.path) {
					t.Errorf("error %q does not name the path %s", err, tt.path)
				}
				return
			}
			if err != nil {
				t.Fatalf("LoadFonts(%q): %v", tt.path, err)
			}
			if f.Family() != tt.wantFamily {
				t.Errorf("family %q, want %q", f.Family(), tt.wantFamily)
			}
			r, b := f.Paths()
			if r != tt.wantRegular || b != tt.wantBold {
				t.Errorf("paths %s, %s; want %s, %s", r, b, tt.wantRegular, tt.wantBold)
			}
			if !f.HasBold() {
				t.Error("HasBold() = false, want a bold face")
			}
			data, err := os.ReadFile(tt.wantRegular)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(f.RegularBytes(), data) {
				t.Error("RegularBytes differ from the regular font file")
			}
			if bytes.Equal(f.BoldBytes(), data) {
				t.Error("BoldBytes are the regular font file")
			}
		})
	}
}

func TestLoadFontsDefaultSearch(t *testing.T) {
	dejavu(t)
	f, err := typeset.LoadFonts("")
	if err != nil {
		t.Fatalf("LoadFonts(\"\") with DejaVu installed: %v", err)
	}
	if fam := f.Family(); fam != "DejaVu Sans" && fam != "Vazirmatn" {
		t.Errorf("default family %q, want Vazirmatn or DejaVu Sans", fam)
	}
}

func TestLoadFontsNothingInstalled(t *testing.T) {
	restore := typeset.SetDefaultSearchDirs(t.TempDir(), "/nonexistent/fonts")
	defer restore()
	_, err := typeset.LoadFonts("")
	if !errors.Is(err, typeset.ErrNoFont) {
		t.Fatalf("LoadFonts with no font installed: error %v, want ErrNoFont", err)
	}
	for _, want := range []string{"fonts-dejavu-core", "font_path"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

func TestNewFonts(t *testing.T) {
	dejavu(t)
	regular, err := os.ReadFile(dejavuRegular)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		bold     []byte
		wantBold bool
		wantErr  bool
	}{
		{name: "regular only", bold: nil, wantBold: false},
		{name: "garbage bold", bold: []byte("nope"), wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := typeset.NewFonts(regular, tt.bold)
			if tt.wantErr {
				if err == nil {
					t.Fatal("NewFonts accepted a file that is not a font")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if f.HasBold() != tt.wantBold {
				t.Errorf("HasBold() = %v, want %v", f.HasBold(), tt.wantBold)
			}
			if !bytes.Equal(f.BoldBytes(), regular) {
				t.Error("without a bold face, BoldBytes should be the regular font")
			}
		})
	}
}
