package open311_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/offline/open311"
)

// TestOfferedCatalogue: the file configured, else the cache, else the
// embedded catalogue; a damaged cache gives the embedded one and says why,
// and a configured file that cannot be read is an error.
func TestOfferedCatalogue(t *testing.T) {
	cached := kiosk.DefaultCatalogue()
	cached.Version = "cached-1"
	tests := []struct {
		name      string
		setup     func(t *testing.T, dir string) (path string)
		from      string
		version   string
		cacheErr  bool
		wantError bool
	}{
		{"nothing: embedded", func(*testing.T, string) string { return "" }, open311.FromEmbedded, kiosk.DefaultCatalogue().Version, false, false},
		{"a cache", func(t *testing.T, dir string) string {
			if err := open311.SaveCachedCatalogue(dir, cached); err != nil {
				t.Fatal(err)
			}
			return ""
		}, open311.FromCache, "cached-1", false, false},
		{"a damaged cache: embedded, and why", func(t *testing.T, dir string) string {
			if err := os.WriteFile(filepath.Join(dir, open311.CachedCatalogueFile), []byte("{not json"), 0o600); err != nil {
				t.Fatal(err)
			}
			return ""
		}, open311.FromEmbedded, kiosk.DefaultCatalogue().Version, true, false},
		{"a configured file beats the cache", func(t *testing.T, dir string) string {
			if err := open311.SaveCachedCatalogue(dir, cached); err != nil {
				t.Fatal(err)
			}
			return "../../kiosk/data/catalogue.yaml"
		}, open311.FromFile, kiosk.DefaultCatalogue().Version, false, false},
		{"a configured file missing", func(t *testing.T, dir string) string { return filepath.Join(dir, "nope.yaml") }, open311.FromFile, "", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := tt.setup(t, dir)
			c, choice, err := open311.OfferedCatalogue(path, dir)
			if (err != nil) != tt.wantError {
				t.Fatalf("err = %v, want error %v", err, tt.wantError)
			}
			if choice.From != tt.from || (choice.CacheErr != nil) != tt.cacheErr {
				t.Errorf("choice = %+v, want from %s, cache error %v", choice, tt.from, tt.cacheErr)
			}
			if err == nil && c.Version != tt.version {
				t.Errorf("version %q, want %q", c.Version, tt.version)
			}
		})
	}
}
