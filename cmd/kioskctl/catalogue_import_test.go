package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/offline/open311"
	"github.com/pishkhan/pishkhan/offline/open311/devserver"
)

func TestCatalogueImport(t *testing.T) {
	dev, err := devserver.New(kiosk.DefaultCatalogue(), t.TempDir(), devserver.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Close()
	srv := httptest.NewServer(http.StripPrefix("/open311/v2", dev))
	defer srv.Close()
	base := srv.URL + "/open311/v2"

	layout := filepath.Join(t.TempDir(), "layout.yaml")
	os.WriteFile(layout, []byte(`version: "lay-1"
services:
  - code: tax
    name: {fa: "پرداخت مالیات و عوارض"}
`), 0o600)
	badLayout := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(badLayout, []byte("services:\n  - code: tax\n    colour: red\n"), 0o600)
	typoLayout := filepath.Join(t.TempDir(), "typo.yaml")
	os.WriteFile(typoLayout, []byte(`version: "lay-2"
services:
  - code: tax
    steps:
      - id: who
        fields:
          - {id: mobile, type: mobile, attribute: "@phnoe"}
`), 0o600)
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(500)
	}))
	defer failing.Close()

	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout string
		wantStderr string
		// wantLayout is the layout a reload merges with afterwards:
		// "embedded", "none", a kept file's version, or "old-layout",
		// the one kept by the import before.
		wantLayout string
		check      func(t *testing.T, cat *kiosk.Catalogue)
	}{
		{
			name: "embedded catalogue as layout", args: []string{base}, wantStdout: "imported: 9 services", wantLayout: "embedded",
			check: func(t *testing.T, cat *kiosk.Catalogue) {
				want := kiosk.DefaultCatalogue()
				for i, s := range cat.Services {
					if s.Code != want.Services[i].Code || s.Name[kiosk.English] != want.Services[i].Name[kiosk.English] {
						t.Errorf("service %d = %s %v, want %s", i, s.Code, s.Name, want.Services[i].Code)
					}
				}
			},
		},
		{
			name: "a layout file", args: []string{base, "--layout", layout}, wantStdout: "catalogue lay-1+o311-", wantLayout: "lay-1",
			wantStderr: "", check: func(t *testing.T, cat *kiosk.Catalogue) {
				tax, ok := cat.Service("tax")
				if !ok || tax.Name[kiosk.Persian] != "پرداخت مالیات و عوارض" || tax.Name[kiosk.English] != "پرداخت مالیات" {
					t.Errorf("tax = %+v", tax)
				}
			},
		},
		{name: "no layout", args: []string{"--layout", "none", base}, wantStdout: "imported: 9 services", wantLayout: "none"},
		{name: "dry run", args: []string{base, "--dry-run", "--layout", layout}, wantStdout: "not cached", wantLayout: "old-layout"},
		{name: "plain HTTP beyond loopback", args: []string{"http://crm.example.ir/open311"}, wantCode: 1, wantStderr: "plain HTTP", wantLayout: "old-layout"},
		{name: "back office fails", args: []string{failing.URL, "--layout", layout}, wantCode: 1, wantStderr: "HTTP 500", wantLayout: "old-layout"},
		{name: "broken layout", args: []string{base, "--layout", badLayout}, wantCode: 1, wantStderr: "colour", wantLayout: "old-layout"},
		{name: "layout with an unknown standard parameter", args: []string{base, "--layout", typoLayout}, wantCode: 1,
			wantStderr: `field mobile: attribute "@phnoe" is not a standard parameter`, wantLayout: "old-layout"},
		{name: "no URL", args: nil, wantCode: 2, wantStderr: "usage: kioskctl catalogue import URL", wantLayout: "old-layout"},
		{name: "two URLs", args: []string{base, base}, wantCode: 2, wantStderr: "takes one URL", wantLayout: "old-layout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			// An older catalogue is in place: a failed import keeps it.
			old := kiosk.DefaultCatalogue()
			old.Version = "old-1"
			if err := open311.SaveCachedCatalogue(dir, old); err != nil {
				t.Fatal(err)
			}
			if err := open311.SaveCachedLayout(dir, []byte("version: old-layout\n")); err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			code := run(append([]string{"catalogue", "import", "-data", dir}, tt.args...), &stdout, &stderr)
			if code != tt.wantCode || !strings.Contains(stdout.String(), tt.wantStdout) || !strings.Contains(stderr.String(), tt.wantStderr) {
				t.Fatalf("exit %d\nstdout %s\nstderr %s\nwant %d, %q, %q", code, stdout.String(), stderr.String(), tt.wantCode, tt.wantStdout, tt.wantStderr)
			}
			cat, err := open311.LoadCachedCatalogue(dir)
			if err != nil {
				t.Fatal(err)
			}
			imported := code == 0 && !strings.Contains(stdout.String(), "not cached")
			if imported == (cat.Version == "old-1") {
				t.Errorf("cached version %s after exit %d", cat.Version, code)
			}
			if tt.check != nil {
				tt.check(t, cat)
			}
			l, source, err := open311.LoadCachedLayout(dir)
			if err != nil {
				t.Fatal(err)
			}
			got := l.Version
			switch {
			case source == "embedded":
				got = "embedded"
			case l.Version == "" && len(l.Services) == 0:
				got = "none"
			}
			if got != tt.wantLayout {
				t.Errorf("a reload would merge with layout %q (%s), want %q", got, source, tt.wantLayout)
			}
			if tt.wantLayout == "lay-1" {
				kept, _ := os.ReadFile(filepath.Join(dir, open311.CachedLayoutFile))
				given, _ := os.ReadFile(layout)
				if string(kept) != string(given) {
					t.Errorf("kept layout %q, want a copy of %s", kept, layout)
				}
			}
		})
	}
}
