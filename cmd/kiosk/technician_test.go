package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/kiosk/gate"
	"github.com/pishkhan/pishkhan/offline"
	"github.com/pishkhan/pishkhan/offline/open311"
	"github.com/pishkhan/pishkhan/offline/open311/devserver"
)

const citizenNationalCode = "0499370899"

// provisionedDir writes a provisioned configuration (back office with an
// api_key in a secret file, PIN) into a new data directory.
func provisionedDir(t *testing.T, edit func(*config.Config)) string {
	t.Helper()
	dir := t.TempDir()
	cfg := config.Default()
	cfg.DeviceID, cfg.KioskNumber = "IKA-T1-07", 1207
	cfg.Site = kiosk.Text{kiosk.Persian: "فرودگاه", kiosk.English: "Airport"}
	cfg.BackOffice = config.BackOffice{URL: "http://127.0.0.1:1/open311/v2", APIKey: "secret-api-key-42"}
	cfg.Metrics.Listen = "off"
	h, err := gate.HashPIN("482913")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Technician.PINHash = h
	if edit != nil {
		edit(&cfg)
	}
	if err := config.Commit(filepath.Join(dir, "config.yaml"), cfg); err != nil {
		t.Fatal(err)
	}
	return dir
}

func assembleIn(t *testing.T, dir string, opts Options) *appliance {
	t.Helper()
	test.NewTempApp(t)
	opts.DataDir, opts.ConfigPath = dir, filepath.Join(dir, "config.yaml")
	a, err := assemble(opts, &clockAt{t: time.Now()}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func enqueueCitizen(t *testing.T, a *appliance) kiosk.TrackingCode {
	t.Helper()
	id, _ := kiosk.NewSubmissionID()
	s := kiosk.Submission{ID: id, TrackingCode: a.filer.Issuer.Next(), ServiceCode: "tax", KioskID: a.cfg.DeviceID, Lang: kiosk.Persian,
		CreatedAt: time.Now(), Answers: map[string]string{"national_code": citizenNationalCode, "mobile": "09121234567"}}
	if err := a.outbox.Enqueue(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	return s.TrackingCode
}

// readBundle returns the files of a tar.gz bundle.
func readBundle(t *testing.T, path string) map[string][]byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	files := map[string][]byte{}
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return files
		}
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		files[h.Name] = data
	}
}

func TestDiagnosticsBundleHoldsNoPersonalData(t *testing.T) {
	dir := provisionedDir(t, nil)
	a := assembleIn(t, dir, Options{})
	code := enqueueCitizen(t, a)
	a.tech.gate.Record("sync-now", nil, "sent 0")
	a.tech.checkOutbox()
	if err := a.tech.writeRuntime(); err != nil {
		t.Fatal(err)
	}
	targets := a.tech.ExportTargets()
	if last := targets[len(targets)-1]; last != filepath.Join(dir, "diagnostics") {
		t.Fatalf("targets %v end with %s, want the data directory's diagnostics folder", targets, last)
	}
	path, err := a.tech.ExportDiagnostics(context.Background(), targets[len(targets)-1])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(filepath.Base(path), "pishkhan-diag-IKA-T1-07-") || !strings.HasSuffix(path, ".tar.gz") {
		t.Errorf("bundle named %s", path)
	}
	files := readBundle(t, path)
	for _, name := range []string{"status.json", "config.yaml", "queue.jsonl", "metrics.txt", "build.txt", gate.AuditFileName, config.RuntimeFileName, "sync-health.json"} {
		if _, ok := files[name]; !ok {
			t.Errorf("bundle lacks %s", name)
		}
	}
	var all bytes.Buffer
	for name, data := range files {
		all.Write(data)
		for _, secret := range []string{citizenNationalCode, "09121234567", "secret-api-key-42", "argon2id"} {
			if bytes.Contains(data, []byte(secret)) {
				t.Errorf("%s in the bundle holds %q", name, secret)
			}
		}
	}
	if !bytes.Contains(files["queue.jsonl"], []byte(code)) {
		t.Error("the queue listing lacks the submission's tracking code")
	}
	var st config.DeviceStatus
	if err := json.Unmarshal(files["status.json"], &st); err != nil || st.Queue.Unsent != 1 || st.DeviceID != "IKA-T1-07" || !st.BackOffice.Configured {
		t.Errorf("status %+v, %v", st, err)
	}
	if !bytes.Contains(files["metrics.txt"], []byte("pishkhan_outbox_submissions")) {
		t.Error("no metrics in the bundle")
	}
	if !bytes.Contains(files["config.yaml"], []byte("api_key_file: secrets/api_key-")) {
		t.Errorf("config in the bundle:\n%s", files["config.yaml"])
	}
	// Nothing is left half-written beside the bundle.
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("the diagnostics folder holds %d files", len(entries))
	}
}

func TestDeskActionsSayWhyTheyCannotRun(t *testing.T) {
	a := assembleIn(t, provisionedDir(t, func(c *config.Config) {
		c.Mode, c.BackOffice = config.ModeTV, config.BackOffice{}
	}), Options{})
	ctx := context.Background()
	if _, err := a.tech.SyncNow(ctx); !errors.Is(err, errNoBackOffice) {
		t.Errorf("sync without a back office: %v", err)
	}
	if err := a.tech.TestPrint(ctx); !errors.Is(err, errNoPrinter) {
		t.Errorf("test print on a TV: %v", err)
	}
	if _, err := a.tech.ReloadCatalogue(ctx); err == nil || !strings.Contains(err.Error(), "embedded catalogue") {
		t.Errorf("reload of the embedded catalogue: %v", err)
	}
	if err := a.tech.SetKioskMode(false); err == nil || !strings.Contains(err.Error(), "-fullscreen") {
		t.Errorf("leaving kiosk mode in a window: %v", err)
	}
	if restartRequested.Load() {
		t.Error("a refused action asked for a restart")
	}
}

func TestTestPrintThroughTheKiosksPrinter(t *testing.T) {
	dir := provisionedDir(t, nil)
	a := assembleIn(t, dir, Options{})
	if err := a.tech.TestPrint(context.Background()); err != nil {
		t.Fatal(err)
	}
	pdfs, _ := filepath.Glob(filepath.Join(dir, "spool", "*"))
	if len(pdfs) != 1 {
		t.Fatalf("spool holds %v, want the test receipt", pdfs)
	}
	st := a.tech.Status(context.Background())
	if st.Queue.Unsent != 0 || st.Disk.Total == 0 || st.CatalogueVersion == "" {
		t.Errorf("status %+v", st)
	}
	// No printer queue: receipts are only filed, so no printer is
	// reported ready.
	if st.Printer != nil {
		t.Errorf("a kiosk without a printer queue reports printer %+v", *st.Printer)
	}
}

func TestANewConfigurationRestartsTheKiosk(t *testing.T) {
	dir := t.TempDir()
	a := assembleIn(t, dir, Options{RequireProvisioning: true})
	if !a.tech.blocked() {
		t.Fatal("an unprovisioned device that requires provisioning is not blocked")
	}
	t.Cleanup(func() { restartRequested.Store(false) })
	a.tech.watchConfig()
	if restartRequested.Load() {
		t.Fatal("restart asked without a configuration")
	}
	// A configuration that does not load is refused: no restart.
	os.WriteFile(filepath.Join(dir, "config.yaml"), []byte("device_id: X\nmode: toaster\n"), 0o600)
	a.tech.watchConfig()
	if restartRequested.Load() {
		t.Fatal("restart asked for a configuration that does not load")
	}
	// A good one, while a citizen is in a session: wait.
	os.Remove(filepath.Join(dir, "config.yaml"))
	good := provisionedDir(t, nil)
	data, _ := os.ReadFile(filepath.Join(good, "config.yaml"))
	os.CopyFS(filepath.Join(dir, config.SecretsDir), os.DirFS(filepath.Join(good, config.SecretsDir)))
	os.WriteFile(filepath.Join(dir, "config.yaml"), data, 0o640)
	a.session.Start()
	a.tech.watchConfig()
	if restartRequested.Load() {
		t.Fatal("restart asked during a citizen's session")
	}
	a.session.Cancel()
	a.tech.restartPending() // the next second's check
	if !restartRequested.Load() {
		t.Fatal("no restart on a new, valid configuration once the session ended")
	}
}

func TestRuntimeReportForDoctor(t *testing.T) {
	dir := provisionedDir(t, nil)
	a := assembleIn(t, dir, Options{})
	enqueueCitizen(t, a)
	a.tech.checkOutbox()
	a.tech.watchdog.alive.Store(time.Date(2025, 8, 3, 9, 0, 0, 0, time.UTC).UnixNano())
	if err := a.tech.writeRuntime(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, config.RuntimeFileName))
	if err != nil {
		t.Fatal(err)
	}
	var r config.RuntimeReport
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	if r.PID != os.Getpid() || r.OutboxCheck == nil || !r.OutboxCheck.OK || r.LastSerial == 0 ||
		!r.UIAliveAt.Equal(time.Date(2025, 8, 3, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("runtime report %+v", r)
	}
	if _, err := os.Stat(filepath.Join(dir, offline.DBFile)); err != nil {
		t.Fatal(err)
	}
}

func TestReloadCatalogueRestartsOnTheCheckedFile(t *testing.T) {
	path, err := filepath.Abs("../../kiosk/data/catalogue.yaml")
	if err != nil {
		t.Fatal(err)
	}
	a := assembleIn(t, provisionedDir(t, func(c *config.Config) { c.CataloguePath = path }), Options{})
	t.Cleanup(func() { restartRequested.Store(false) })
	a.session.Start() // a citizen is using the kiosk
	v, err := a.tech.ReloadCatalogue(context.Background())
	if err != nil || v != kiosk.DefaultCatalogue().Version {
		t.Fatalf("reload: %q, %v", v, err)
	}
	if restartRequested.Load() {
		t.Fatal("the reload restarted the kiosk under a citizen")
	}
	a.session.Cancel()
	a.tech.restartPending()
	if !restartRequested.Load() {
		t.Fatal("no restart once the screen was free")
	}
}

func TestReloadCatalogueKeepsTheSitesLayout(t *testing.T) {
	dev, err := devserver.New(kiosk.DefaultCatalogue(), t.TempDir(), devserver.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Close()
	srv := httptest.NewServer(http.StripPrefix("/open311/v2", dev))
	defer srv.Close()
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
			dir := provisionedDir(t, func(c *config.Config) {
				c.BackOffice = config.BackOffice{URL: srv.URL + "/open311/v2", APIKey: "secret-api-key-42"}
			})
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
			client, err := open311.New(config.BackOffice{URL: srv.URL + "/open311/v2"})
			if err != nil {
				t.Fatal(err)
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

			a := assembleIn(t, dir, Options{})
			t.Cleanup(func() { restartRequested.Store(false) })
			v, err := a.tech.ReloadCatalogue(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if v != imported.Version {
				t.Errorf("reloaded version %s, want %s (the same back office and layout)", v, imported.Version)
			}
			if got := taxName(t, dir); got != tt.want {
				t.Errorf("after the reload the tax service is named %q, want %q", got, tt.want)
			}
		})
	}
}

func TestReloadCatalogueRefusesADamagedKeptLayout(t *testing.T) {
	dir := provisionedDir(t, nil)
	if err := os.WriteFile(filepath.Join(dir, open311.CachedLayoutFile), []byte("services: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	a := assembleIn(t, dir, Options{})
	t.Cleanup(func() { restartRequested.Store(false) })
	if _, err := a.tech.ReloadCatalogue(context.Background()); err == nil || !strings.Contains(err.Error(), open311.CachedLayoutFile) {
		t.Errorf("reload with a damaged kept layout: %v", err)
	}
	a.tech.restartPending()
	if restartRequested.Load() {
		t.Error("a failed reload asked for a restart")
	}
}
