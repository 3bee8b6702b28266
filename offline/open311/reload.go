package open311

import (
	"context"
	"log/slog"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/desk"
)

var _ desk.CatalogueReloader = (*Reloader)(nil)

// Reloader imports a kiosk's catalogue again from its back office, as the
// technician's desk asks, merged with the form layout the last kioskctl
// catalogue import kept (the embedded catalogue when it kept none), and
// caches it in the data directory for the next start.
type Reloader struct {
	Client *Client
	// Dir is the kiosk's data directory.
	Dir string
	// Log hears the import's warnings; nil discards them.
	Log *slog.Logger
}

// Reload imports and caches the catalogue. A kept layout that no longer
// parses fails the reload rather than fall back to the embedded one: a
// site's own layout (Persian labels, steps) must survive a reload.
func (r *Reloader) Reload(ctx context.Context) (*kiosk.Catalogue, error) {
	log := r.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	layout, source, err := LoadCachedLayout(r.Dir)
	if err != nil {
		return nil, err
	}
	cat, warnings, err := Import(ctx, r.Client, layout)
	for _, w := range warnings {
		log.Warn("catalogue import", "warning", w)
	}
	if err != nil {
		return nil, err
	}
	if err := SaveCachedCatalogue(r.Dir, cat); err != nil {
		return nil, err
	}
	log.Info("catalogue reloaded from the back office", "version", cat.Version, "layout", source)
	return cat, nil
}
