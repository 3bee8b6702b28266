package desk

import (
	"context"
	"fmt"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
)

// SyncNow runs one sync pass, ignoring backoffs.
func (d *Desk) SyncNow(ctx context.Context) (config.SyncSummary, error) {
	if d.cfg.Sync == nil {
		return config.SyncSummary{}, ErrNoBackOffice
	}
	s, err := d.cfg.Sync.Pass(ctx)
	if err != nil {
		return s, fmt.Errorf("sync now: %w", err)
	}
	return s, nil
}

// TestPrint prints a signed test receipt (kiosk.TestReceipt) in the
// device's first language.
func (d *Desk) TestPrint(ctx context.Context) error {
	if d.cfg.Printer == nil {
		return ErrNoPrinter
	}
	c := d.cfg.Device
	r := kiosk.TestReceipt(c.KioskNumber, c.DeviceID, c.Site, d.cfg.Clock.Now(), d.lang())
	if d.cfg.Sign != nil {
		r.QR = d.cfg.Sign(r)
	}
	if err := d.cfg.Printer.Print(ctx, r); err != nil {
		return fmt.Errorf("test print: %w", err)
	}
	return nil
}

// ReloadCatalogue reads the configured catalogue file again, or imports
// the back office's catalogue again; when it checks, the kiosk restarts
// on it once the technician has closed the screen. It returns the new
// catalogue's version.
func (d *Desk) ReloadCatalogue(ctx context.Context) (string, error) {
	var cat *kiosk.Catalogue
	var err error
	switch {
	case d.cfg.Device.CataloguePath != "":
		cat, err = kiosk.LoadCatalogue(d.cfg.Device.CataloguePath)
	case d.cfg.Reloader != nil:
		cat, err = d.cfg.Reloader.Reload(ctx)
	default:
		return "", ErrEmbeddedCatalogue
	}
	if err != nil {
		return "", fmt.Errorf("reload catalogue: %w", err)
	}
	d.cfg.Restart.WhenIdle("catalogue reloaded")
	return cat.Version, nil
}

// SetKioskMode turns kiosk mode (full screen, window close refused, no
// screen blanking) on or off, on a kiosk started in it.
func (d *Desk) SetKioskMode(on bool) error {
	if !d.cfg.KioskMode {
		return ErrWindowed
	}
	if d.cfg.Window == nil {
		return fmt.Errorf("set kiosk mode: no window")
	}
	if err := d.cfg.Window.SetKioskMode(on); err != nil {
		return fmt.Errorf("set kiosk mode: %w", err)
	}
	return nil
}
