package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/kiosk/gate"
)

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

// bundleNames returns the names of the files in a tar.gz bundle, and the
// content of one.
func bundleNames(t *testing.T, path, name string) ([]string, []byte) {
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
	var names []string
	var content []byte
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return names, content
		}
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, h.Name)
		if h.Name == name {
			if content, err = io.ReadAll(tr); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestTechnicianDeskIsWired checks that the desk the technician screen
// gets reads and acts on the appliance's own parts: its outbox, sync
// worker, metrics and printer (the desk's rules are kiosk/desk's tests).
func TestTechnicianDeskIsWired(t *testing.T) {
	dir := provisionedDir(t, nil)
	a := assembleIn(t, dir, Options{})
	id, _ := kiosk.NewSubmissionID()
	s := kiosk.Submission{ID: id, TrackingCode: a.filer.Issuer.Next(), ServiceCode: "tax", KioskID: a.cfg.DeviceID, Lang: kiosk.Persian,
		CreatedAt: time.Now(), Answers: map[string]string{"national_code": "0499370899"}}
	if err := a.outbox.Enqueue(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	st := a.tech.desk.Status(ctx)
	if st.Queue.Unsent != 1 || !st.BackOffice.Configured || !st.BackOffice.Online || st.CatalogueVersion != a.catalogue.Version {
		t.Errorf("status %+v", st)
	}
	path, err := a.tech.desk.ExportDiagnostics(ctx, filepath.Join(dir, "diagnostics"))
	if err != nil {
		t.Fatal(err)
	}
	names, metrics := bundleNames(t, path, "metrics.txt")
	for _, want := range []string{"queue.jsonl", "sync-health.json", "metrics.txt"} {
		if !slices.Contains(names, want) {
			t.Errorf("bundle %v lacks %s", names, want)
		}
	}
	if !bytes.Contains(metrics, []byte(`pishkhan_outbox_submissions{state="queued"} 1`)) {
		t.Errorf("the bundle's metrics are not the appliance's:\n%s", metrics)
	}
	// No printer queue: the test receipt goes to the spool folder.
	if err := a.tech.desk.TestPrint(ctx); err != nil {
		t.Fatal(err)
	}
	if pdfs, _ := filepath.Glob(filepath.Join(dir, "spool", "*")); len(pdfs) != 1 {
		t.Errorf("spool holds %v, want the test receipt", pdfs)
	}
}

// TestRestartWaitsForTheCitizen checks the appliance's idea of an idle
// screen: a new configuration restarts the kiosk only once the citizen's
// session has ended. An unprovisioned device that requires provisioning
// shows the "not provisioned" screen meanwhile.
func TestRestartWaitsForTheCitizen(t *testing.T) {
	dir := t.TempDir()
	a := assembleIn(t, dir, Options{RequireProvisioning: true})
	w := test.NewTempWindow(t, a.ui.Content())
	w.Resize(fyne.NewSize(1280, 800))
	a.showTechnician(fyne.CurrentApp(), w, Options{RequireProvisioning: true, ConfigPath: filepath.Join(dir, "config.yaml")})
	title := kiosk.Msg(a.cfg.Languages[0], "unprovisioned.title")
	if !slices.Contains(textsShown(w.Canvas().Content()), title) {
		t.Errorf("an unprovisioned device that requires provisioning shows %q, not %q", textsShown(w.Canvas().Content()), title)
	}

	good := provisionedDir(t, nil)
	data, _ := os.ReadFile(filepath.Join(good, "config.yaml"))
	os.CopyFS(filepath.Join(dir, config.SecretsDir), os.DirFS(filepath.Join(good, config.SecretsDir)))
	os.WriteFile(filepath.Join(dir, "config.yaml"), data, 0o640)
	a.session.Start()
	a.tech.desk.WatchConfig()
	if a.tech.restart.Requested() {
		t.Fatal("restart asked during a citizen's session")
	}
	a.session.Cancel()
	a.tech.restart.Check() // the next second's check
	if !a.tech.restart.Requested() {
		t.Fatal("no restart on a new, valid configuration once the session ended")
	}
}
