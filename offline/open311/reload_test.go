package open311_test

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/offline/open311"
	"github.com/pishkhan/pishkhan/offline/open311/devserver"
)

func TestReloaderKeepsTheSitesLayout(t *testing.T) {
	dev, err := devserver.New(kiosk.DefaultCatalogue(), t.TempDir(), devserver.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dev.Close() })
	srv := httptest.NewServer(dev)
	t.Cleanup(srv.Close)
	client := newClient(t, srv.URL)
	// The site's layout names the tax service as this agency does; the
	// embedded catalogue says پرداخت مالیات.
	const siteName = "پرداخت عوارض نوسازی"
	siteLayout := []byte("version: \"ika-1\"\nservices:\n  - code: tax\n    name: {fa: \"" + siteName + "\"}\n")
	taxName := func(t *testing.T, dir string) string {
		t.Helper()
		cat, err := open311.LoadCachedCatalogue(dir)
		if err != nil {
			t.Fatal(err)
		}
		tax, ok := cat.Service("tax")
		if !ok {
			t.Fatalf("catalogue %s has no tax service", cat.Version)
		}
		return tax.Name[kiosk.Persian]
	}

	tests := []struct {
		name string
		// keep is the layout kioskctl catalogue import kept: nil for
		// the embedded catalogue.
		keep []byte
		want string
	}{
		{"a site layout", siteLayout, siteName},
		{"the embedded layout", nil, kiosk.DefaultCatalogue().Services[0].Name[kiosk.Persian]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			// What kioskctl catalogue import [--layout FILE] leaves.
			layout := kiosk.DefaultCatalogue()
			if tt.keep != nil {
				if layout, err = open311.ParseLayout(tt.keep); err != nil {
					t.Fatal(err)
				}
				if err := open311.SaveCachedLayout(dir, tt.keep); err != nil {
					t.Fatal(err)
				}
			}
			imported, _, err := open311.Import(context.Background(), client, layout)
			if err != nil {
				t.Fatal(err)
			}
			if err := open311.SaveCachedCatalogue(dir, imported); err != nil {
				t.Fatal(err)
			}
			if got := taxName(t, dir); got != tt.want {
				t.Fatalf("imported tax service named %q, want %q", got, tt.want)
			}
			// A stale cache, so that the reload must write it again.
			if err := open311.SaveCachedCatalogue(dir, kiosk.DefaultCatalogue()); err != nil {
				t.Fatal(err)
			}

			r := &open311.Reloader{Client: client, Dir: dir}
			cat, err := r.Reload(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if cat.Version != imported.Version {
				t.Errorf("reloaded version %s, want %s (the same back office and layout)", cat.Version, imported.Version)
			}
			if got := taxName(t, dir); got != tt.want {
				t.Errorf("after the reload the cached tax service is named %q, want %q", got, tt.want)
			}
		})
	}
}

func TestReloaderRefusesADamagedKeptLayout(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, open311.CachedLayoutFile), []byte("services: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// No back office is asked: the layout fails first.
	r := &open311.Reloader{Client: newClient(t, "http://127.0.0.1:1"), Dir: dir}
	if _, err := r.Reload(context.Background()); err == nil || !strings.Contains(err.Error(), open311.CachedLayoutFile) {
		t.Errorf("reload with a damaged kept layout: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, open311.CachedCatalogueFile)); err == nil {
		t.Error("a failed reload cached a catalogue")
	}
}
