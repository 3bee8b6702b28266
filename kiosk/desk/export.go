package desk

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/kiosk/diagnostics"
	"github.com/pishkhan/pishkhan/kiosk/gate"
)

// ExportTargets lists the folders a diagnostics bundle may go to:
// mounted removable drives, then the data directory's diagnostics folder.
func (d *Desk) ExportTargets() []string { return diagnostics.Targets(d.cfg.DataDir) }

// ExportDiagnostics writes a bundle into dir and returns its path: the
// device's status, its configuration without secrets, the queue without
// answers, the back office link, the metrics, the runtime report and the
// technicians' audit log. Nothing in it is personal data.
func (d *Desk) ExportDiagnostics(ctx context.Context, dir string) (string, error) {
	if dir == filepath.Join(d.cfg.DataDir, diagnostics.Dir) {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return "", fmt.Errorf("export diagnostics: %w", err)
		}
	}
	b := diagnostics.New(d.cfg.Clock.Now())
	b.AddJSON("status.json", d.Status(ctx))
	cfg := d.cfg.Device
	cfg.BackOffice.APIKey = "" // only the secret file's name stays
	cfg.Technician.PINHash = ""
	conf, err := config.Marshal(cfg)
	if err != nil {
		return "", fmt.Errorf("export diagnostics: %w", err)
	}
	b.Add("config.yaml", conf)
	if d.cfg.Sync != nil {
		b.AddJSON("sync-health.json", d.cfg.Sync.Link())
	}
	var queue bytes.Buffer
	if err := d.cfg.Outbox.WriteQueue(&queue); err != nil {
		return "", fmt.Errorf("export diagnostics: %w", err)
	}
	b.Add("queue.jsonl", queue.Bytes())
	if d.cfg.Metrics != nil {
		var metrics bytes.Buffer
		if err := d.cfg.Metrics(&metrics); err != nil {
			return "", fmt.Errorf("export diagnostics: %w", err)
		}
		b.Add("metrics.txt", metrics.Bytes())
	}
	for _, name := range []string{config.RuntimeFileName, gate.AuditFileName, gate.LockoutFileName} {
		b.AddFile(d.cfg.DataDir, name)
	}
	build := fmt.Sprintf("kiosk %s\ngo %s %s/%s\n", kiosk.Version(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	if bi, ok := debug.ReadBuildInfo(); ok {
		build += bi.String()
	}
	b.Add("build.txt", []byte(build))
	return b.Write(dir, d.cfg.Device.DeviceID)
}
