package open311_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/offline/open311"
)

func TestCachedLayout(t *testing.T) {
	site := []byte("version: \"site-1\"\nservices:\n  - code: tax\n    name: {fa: \"پرداخت عوارض شهرداری\"}\n")
	tests := []struct {
		name string
		// keep is what the import keeps: nil data for --layout none,
		// embedded for the default.
		keep       []byte
		embedded   bool
		wantSource string
		check      func(t *testing.T, l *kiosk.Catalogue)
	}{
		{name: "a layout file", keep: site, wantSource: open311.CachedLayoutFile, check: func(t *testing.T, l *kiosk.Catalogue) {
			if l.Version != "site-1" || len(l.Services) != 1 || l.Services[0].Name[kiosk.Persian] != "پرداخت عوارض شهرداری" {
				t.Errorf("kept layout = %+v", l)
			}
		}},
		{name: "no layout", keep: nil, wantSource: open311.CachedLayoutFile, check: func(t *testing.T, l *kiosk.Catalogue) {
			if l.Version != "" || len(l.Services) != 0 {
				t.Errorf("an import without a layout reloads with %+v", l)
			}
		}},
		{name: "the embedded catalogue", embedded: true, wantSource: "embedded", check: func(t *testing.T, l *kiosk.Catalogue) {
			if l.Version != kiosk.DefaultCatalogue().Version {
				t.Errorf("layout version %s, want the embedded catalogue's", l.Version)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			// An earlier import kept another layout: it is replaced.
			if err := open311.SaveCachedLayout(dir, []byte("version: old\n")); err != nil {
				t.Fatal(err)
			}
			var err error
			if tt.embedded {
				err = open311.RemoveCachedLayout(dir)
			} else {
				err = open311.SaveCachedLayout(dir, tt.keep)
			}
			if err != nil {
				t.Fatal(err)
			}
			l, source, err := open311.LoadCachedLayout(dir)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasSuffix(source, tt.wantSource) {
				t.Errorf("source %q, want %q", source, tt.wantSource)
			}
			tt.check(t, l)
			if tt.keep != nil {
				got, _ := os.ReadFile(filepath.Join(dir, open311.CachedLayoutFile))
				if string(got) != string(tt.keep) {
					t.Errorf("kept %q, want the file as given", got)
				}
			}
		})
	}
}

func TestCachedLayoutRefusesABrokenOne(t *testing.T) {
	dir := t.TempDir()
	good := []byte("version: good\n")
	if err := open311.SaveCachedLayout(dir, good); err != nil {
		t.Fatal(err)
	}
	if err := open311.SaveCachedLayout(dir, []byte("services:\n  - code: tax\n    colour: red\n")); err == nil || !strings.Contains(err.Error(), "colour") {
		t.Fatalf("a broken layout kept: %v", err)
	}
	path := filepath.Join(dir, open311.CachedLayoutFile)
	if got, _ := os.ReadFile(path); string(got) != string(good) {
		t.Errorf("the kept layout became %q", got)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("kept layout mode %v, %v", fi.Mode(), err)
	}
	// Damaged on disk: a reload must fail, not fall back to the embedded
	// catalogue.
	os.WriteFile(path, []byte("services: [\n"), 0o644)
	if _, _, err := open311.LoadCachedLayout(dir); err == nil || !strings.Contains(err.Error(), open311.CachedLayoutFile) {
		t.Errorf("a damaged kept layout loads: %v", err)
	}
}
