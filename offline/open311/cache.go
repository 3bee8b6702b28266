package open311

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/durable"
)

// CachedCatalogueFile is the name of the imported catalogue in a kiosk's
// data directory.
const CachedCatalogueFile = "catalogue.json"

// SaveCachedCatalogue checks cat and writes it to dir/catalogue.json
// atomically: a temporary file in dir is written and fsynced, renamed over
// the old one, and the directory fsynced, so a power cut leaves either the
// old catalogue or the new one, never a mix.
func SaveCachedCatalogue(dir string, cat *kiosk.Catalogue) error {
	if err := cat.Check(); err != nil {
		return fmt.Errorf("save catalogue: %w", err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(cat); err != nil {
		return fmt.Errorf("save catalogue: %w", err)
	}
	if err := writeFileAtomic(dir, CachedCatalogueFile, buf.Bytes()); err != nil {
		return fmt.Errorf("save catalogue: %w", err)
	}
	return nil
}

// LoadCachedCatalogue reads and checks dir/catalogue.json. When there is
// none the error wraps fs.ErrNotExist, and the kiosk runs on its embedded
// catalogue.
func LoadCachedCatalogue(dir string) (*kiosk.Catalogue, error) {
	path := filepath.Join(dir, CachedCatalogueFile)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load cached catalogue: %w", err)
	}
	cat, err := kiosk.ParseCatalogue(data)
	if err != nil {
		return nil, fmt.Errorf("load cached catalogue %s: %w", path, err)
	}
	return cat, nil
}

// writeFileAtomic writes a cache file so that a power cut leaves the old
// one or the new one, creating the folder if needed.
func writeFileAtomic(dir, name string, data []byte) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return durable.WriteFile(filepath.Join(dir, name), data, 0o644)
}

// Where a kiosk's catalogue comes from (CatalogueChoice.From).
const (
	FromFile     = "file"     // the configuration's catalogue_path
	FromCache    = "cache"    // the last import from the back office
	FromEmbedded = "embedded" // the catalogue built into the kiosk
)

// CatalogueChoice says where OfferedCatalogue found the catalogue.
type CatalogueChoice struct {
	From string
	// CacheErr is why a cached catalogue that exists could not be used;
	// the embedded one was chosen instead.
	CacheErr error
}

// OfferedCatalogue returns the catalogue a kiosk offers, chosen the one
// way the kiosk and kioskctl both choose it: the configured file
// (cataloguePath), else the one last imported from the back office into
// dataDir, else the embedded one. A damaged cache does not keep a kiosk
// from serving citizens: the embedded catalogue is returned and the
// choice says why.
func OfferedCatalogue(cataloguePath, dataDir string) (*kiosk.Catalogue, CatalogueChoice, error) {
	if cataloguePath != "" {
		c, err := kiosk.LoadCatalogue(cataloguePath)
		return c, CatalogueChoice{From: FromFile}, err
	}
	c, err := LoadCachedCatalogue(dataDir)
	switch {
	case err == nil && c != nil:
		return c, CatalogueChoice{From: FromCache}, nil
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return kiosk.DefaultCatalogue(), CatalogueChoice{From: FromEmbedded, CacheErr: err}, nil
	}
	return kiosk.DefaultCatalogue(), CatalogueChoice{From: FromEmbedded}, nil
}
