package desk

import (
	"context"
	"net/url"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
)

// Status reads the device's state: its identity, the back office link,
// the queue, the printer and the disk.
func (d *Desk) Status(ctx context.Context) config.DeviceStatus {
	c := d.cfg.Device
	st := config.DeviceStatus{
		DeviceID:         c.DeviceID,
		KioskNumber:      c.KioskNumber,
		Site:             c.Site,
		Mode:             c.Mode,
		Version:          kiosk.Version(),
		Provisioned:      c.Provisioned,
		CatalogueVersion: d.cfg.Catalogue.Version,
		StartedAt:        d.started,
	}
	if c.BackOffice.URL != "" {
		if d.cfg.Sync != nil {
			st.BackOffice = d.cfg.Sync.Link()
		}
		st.BackOffice.Configured = true
		if u, err := url.Parse(c.BackOffice.URL); err == nil {
			st.BackOffice.Host = u.Host
		}
	}
	if q, err := d.cfg.Outbox.QueueStatus(); err == nil {
		st.Queue = q
	}
	// A kiosk with no printer queue only files receipts in its spool
	// folder: the technician is told no printer is configured, not that
	// one is ready.
	if d.cfg.Printer != nil && c.Printer.Queue != "" {
		ps := d.cfg.Printer.Status(ctx)
		d.printerSeen.Store(&ps)
		st.Printer = &ps
	}
	st.Disk.Free, st.Disk.Total, _ = DiskSpace(d.cfg.DataDir)
	return st
}
