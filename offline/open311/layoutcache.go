package open311

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/pishkhan/pishkhan/kiosk"
)

// CachedLayoutFile is the name, in a kiosk's data directory, of the form
// layout the cached catalogue was merged with. It is kept beside
// catalogue.json so that importing the back office's catalogue again (the
// technician screen's reload) merges with the same layout; without it the
// layout is the embedded catalogue.
const CachedLayoutFile = "catalogue-layout.yaml"

// noLayout is the kept layout of an import made without one: an empty
// layout merges exactly as no layout does.
const noLayout = "# kioskctl catalogue import --layout none: imported without a form layout\n{}\n"

// SaveCachedLayout keeps the layout an import was merged with: data is the
// layout file's content, nil for an import without a layout. It is parsed
// first, then written atomically (mode 0644: a layout holds no secret).
func SaveCachedLayout(dir string, data []byte) error {
	if data == nil {
		data = []byte(noLayout)
	}
	if _, err := ParseLayout(data); err != nil {
		return fmt.Errorf("keep layout: %w", err)
	}
	if err := writeFileAtomic(dir, CachedLayoutFile, data); err != nil {
		return fmt.Errorf("keep layout: %w", err)
	}
	return nil
}

// RemoveCachedLayout forgets a kept layout, for an import merged with the
// embedded catalogue: a later reload then merges with the embedded
// catalogue of the kiosk running at the time.
func RemoveCachedLayout(dir string) error {
	err := os.Remove(filepath.Join(dir, CachedLayoutFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("forget layout: %w", err)
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// LoadCachedLayout returns the layout the cached catalogue was merged
// with, and where it comes from: the kept layout (source is its path), or
// the embedded catalogue when none is kept (source "embedded"). A kept
// layout that no longer parses is an error, never silently replaced by
// the embedded one.
func LoadCachedLayout(dir string) (*kiosk.Catalogue, string, error) {
	path := filepath.Join(dir, CachedLayoutFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return kiosk.DefaultCatalogue(), "embedded", nil
	}
	if err != nil {
		return nil, "", fmt.Errorf("load kept layout: %w", err)
	}
	l, err := ParseLayout(data)
	if err != nil {
		return nil, "", fmt.Errorf("load kept layout %s: %w", path, err)
	}
	return l, path, nil
}
