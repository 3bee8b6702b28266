package desk_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/kiosk/desk"
	"github.com/pishkhan/pishkhan/kiosk/gate"
	"github.com/pishkhan/pishkhan/offline"
	"github.com/pishkhan/pishkhan/offline/open311"
)

const (
	citizenNationalCode = "0499370899"
	citizenMobile       = "09121234567"
	apiKey              = "secret-api-key-42"
)

// device is a desk on a real outbox in a data directory, with fakes for
// what a test sets.
type device struct {
	dir    string
	cfg    config.Config
	outbox *offline.Outbox
	desk   *desk.Desk
	// busy stands for a citizen or a technician using the screen.
	busy    bool
	quits   int
	restart *desk.Restarter
}

// pinHash hashes the technician's PIN once: argon2id is slow on purpose.
var pinHash = func() func(t *testing.T) string {
	hash := sync.OnceValues(func() (string, error) { return gate.HashPIN("482913") })
	return func(t *testing.T) string {
		t.Helper()
		h, err := hash()
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
}()

// provisioned commits a provisioned configuration (a back office with an
// api_key in a secret file, a PIN) into dir and loads it as the kiosk
// does.
func provisioned(t *testing.T, dir string, edit func(*config.Config)) config.Config {
	t.Helper()
	cfg := config.Default()
	cfg.DeviceID, cfg.KioskNumber = "IKA-T1-07", 1207
	cfg.Site = kiosk.Text{kiosk.Persian: "فرودگاه", kiosk.English: "Airport"}
	cfg.BackOffice = config.BackOffice{URL: "http://127.0.0.1:1/open311/v2", APIKey: apiKey}
	cfg.Technician.PINHash = pinHash(t)
	if edit != nil {
		edit(&cfg)
	}
	path := filepath.Join(dir, "config.yaml")
	if err := config.Commit(path, cfg); err != nil {
		t.Fatal(err)
	}
	loaded, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return loaded
}

// newDevice makes the desk of a provisioned device; setup may change its
// configuration before the desk is made.
func newDevice(t *testing.T, edit func(*config.Config), setup func(*device, *desk.Config)) *device {
	t.Helper()
	dv := &device{dir: t.TempDir()}
	dv.cfg = provisioned(t, dv.dir, edit)
	var err error
	dv.outbox, err = offline.Open(dv.dir, offline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dv.outbox.Close() })
	dv.restart = &desk.Restarter{Idle: func() bool { return !dv.busy }, Quit: func() { dv.quits++ }}
	dc := desk.Config{
		Device:     dv.cfg,
		ConfigPath: filepath.Join(dv.dir, "config.yaml"),
		DataDir:    dv.dir,
		Catalogue:  kiosk.DefaultCatalogue(),
		Outbox:     dv.outbox,
		Sign:       func(r kiosk.Receipt) string { return "signed:" + r.TrackingCode.String() },
		Restart:    dv.restart,
	}
	if dv.cfg.BackOffice.URL != "" {
		client, err := open311.New(dv.cfg.BackOffice)
		if err != nil {
			t.Fatal(err)
		}
		dc.Sync = offline.NewSyncer(dv.outbox, client, offline.SyncConfig{Catalogue: dc.Catalogue})
	}
	if setup != nil {
		setup(dv, &dc)
	}
	dv.desk = desk.New(dc)
	return dv
}

// enqueue stores a citizen's submission and returns its tracking code.
func (dv *device) enqueue(t *testing.T, serial uint64) kiosk.TrackingCode {
	t.Helper()
	is, err := kiosk.NewIssuer(dv.cfg.KioskNumber, kiosk.SystemClock{}, serial)
	if err != nil {
		t.Fatal(err)
	}
	id, _ := kiosk.NewSubmissionID()
	s := kiosk.Submission{ID: id, TrackingCode: is.Next(), ServiceCode: "tax", KioskID: dv.cfg.DeviceID, Lang: kiosk.Persian,
		CreatedAt: time.Now(), Answers: map[string]string{"national_code": citizenNationalCode, "mobile": citizenMobile}}
	if err := dv.outbox.Enqueue(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	return s.TrackingCode
}

// printerFake is a kiosk.Printer that keeps what it prints.
type printerFake struct {
	mu       sync.Mutex
	state    kiosk.PrinterState
	printErr error
	printed  []kiosk.Receipt
}

func (p *printerFake) Status(context.Context) kiosk.PrinterStatus {
	return kiosk.PrinterStatus{State: p.state}
}

func (p *printerFake) Print(_ context.Context, r kiosk.Receipt) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.printErr != nil {
		return p.printErr
	}
	p.printed = append(p.printed, r)
	return nil
}

// reloaderFake is a desk.CatalogueReloader returning what a test sets.
type reloaderFake struct {
	cat *kiosk.Catalogue
	err error
}

func (r reloaderFake) Reload(context.Context) (*kiosk.Catalogue, error) { return r.cat, r.err }

// windowFake is a desk.Window recording the kiosk modes asked.
type windowFake struct{ modes []bool }

func (w *windowFake) SetKioskMode(on bool) error {
	w.modes = append(w.modes, on)
	return nil
}

// runOnce runs the desk's upkeep for one round: Run with its context
// already done still writes the runtime report, after checking the
// outbox.
func runOnce(d *desk.Desk) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	d.Run(ctx)
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

func TestExportDiagnosticsHoldsNoPersonalData(t *testing.T) {
	const metrics = "pishkhan_outbox_submissions{state=\"queued\"} 1\n"
	dv := newDevice(t, nil, func(_ *device, c *desk.Config) {
		c.Metrics = func(w io.Writer) error { _, err := io.WriteString(w, metrics); return err }
	})
	code := dv.enqueue(t, 0)
	audit, err := gate.OpenAuditFile(filepath.Join(dv.dir, gate.AuditFileName))
	if err != nil {
		t.Fatal(err)
	}
	if err := audit.Record(gate.AuditEntry{Time: time.Now(), Action: "sync-now", Outcome: "ok", Detail: "sent 0"}); err != nil {
		t.Fatal(err)
	}
	runOnce(dv.desk)

	targets := dv.desk.ExportTargets()
	if last := targets[len(targets)-1]; last != filepath.Join(dv.dir, "diagnostics") {
		t.Fatalf("targets %v end with %s, want the data directory's diagnostics folder", targets, last)
	}
	path, err := dv.desk.ExportDiagnostics(context.Background(), targets[len(targets)-1])
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
	for name, data := range files {
		for _, secret := range []string{citizenNationalCode, citizenMobile, apiKey, "argon2id"} {
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
	if string(files["metrics.txt"]) != metrics {
		t.Errorf("metrics in the bundle %q, want %q", files["metrics.txt"], metrics)
	}
	if !bytes.Contains(files["config.yaml"], []byte("api_key_file: secrets/api_key-")) {
		t.Errorf("config in the bundle:\n%s", files["config.yaml"])
	}
	var link config.BackOfficeStatus
	if err := json.Unmarshal(files["sync-health.json"], &link); err != nil || !link.Online {
		t.Errorf("sync health %s: %+v, %v", files["sync-health.json"], link, err)
	}
	// Nothing is left half-written beside the bundle.
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("the diagnostics folder holds %d files", len(entries))
	}
}

func TestDeskActionsSayWhyTheyCannotRun(t *testing.T) {
	// A TV with no back office, started in a window.
	dv := newDevice(t, func(c *config.Config) {
		c.Mode, c.BackOffice = config.ModeTV, config.BackOffice{}
	}, nil)
	ctx := context.Background()
	tests := []struct {
		name string
		do   func() error
		want error
	}{
		{"sync without a back office", func() error { _, err := dv.desk.SyncNow(ctx); return err }, desk.ErrNoBackOffice},
		{"test print on a TV", func() error { return dv.desk.TestPrint(ctx) }, desk.ErrNoPrinter},
		{"reload of the embedded catalogue", func() error { _, err := dv.desk.ReloadCatalogue(ctx); return err }, desk.ErrEmbeddedCatalogue},
		{"leaving kiosk mode in a window", func() error { return dv.desk.SetKioskMode(false) }, desk.ErrWindowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.do(); !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
			if dv.restart.Requested() {
				t.Error("a refused action asked for a restart")
			}
		})
	}
	if !strings.Contains(desk.ErrWindowed.Error(), "-fullscreen") {
		t.Errorf("%q does not name the flag", desk.ErrWindowed)
	}
}

func TestSetKioskMode(t *testing.T) {
	tests := []struct {
		name      string
		kioskMode bool
		window    bool
		want      error // nil: the window is asked
	}{
		{"started full screen", true, true, nil},
		{"started in a window", false, true, desk.ErrWindowed},
		{"before the window exists", true, false, errors.New("no window")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := &windowFake{}
			dv := newDevice(t, nil, func(_ *device, c *desk.Config) {
				c.KioskMode = tt.kioskMode
				if tt.window {
					c.Window = w
				}
			})
			err := dv.desk.SetKioskMode(false)
			if tt.want == nil {
				if err != nil || len(w.modes) != 1 || w.modes[0] {
					t.Errorf("leave kiosk mode: %v; window asked %v", err, w.modes)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want.Error()) || len(w.modes) != 0 {
				t.Errorf("error %v, want %v; window asked %v", err, tt.want, w.modes)
			}
		})
	}
}

func TestTestPrint(t *testing.T) {
	tests := []struct {
		name     string
		langs    []kiosk.Lang
		printErr error
		wantLang kiosk.Lang
	}{
		{"in the first language", []kiosk.Lang{kiosk.English, kiosk.Persian}, nil, kiosk.English},
		{"in Persian by default", nil, nil, kiosk.Persian},
		{"the printer's refusal", []kiosk.Lang{kiosk.Persian}, kiosk.ErrPaperOut, kiosk.Persian},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &printerFake{state: kiosk.PrinterReady, printErr: tt.printErr}
			dv := newDevice(t, nil, func(_ *device, c *desk.Config) {
				c.Printer = p
				c.Device.Languages = tt.langs
			})
			err := dv.desk.TestPrint(context.Background())
			if tt.printErr != nil {
				if !errors.Is(err, tt.printErr) || len(p.printed) != 0 {
					t.Errorf("error %v, printed %d; want %v", err, len(p.printed), tt.printErr)
				}
				return
			}
			if err != nil || len(p.printed) != 1 {
				t.Fatalf("test print: %v, printed %d", err, len(p.printed))
			}
			r := p.printed[0]
			if r.Lang != tt.wantLang || r.KioskID != "IKA-T1-07" || r.QR != "signed:"+r.TrackingCode.String() {
				t.Errorf("test receipt %+v", r)
			}
		})
	}
}

func TestStatus(t *testing.T) {
	paperOut := &printerFake{state: kiosk.PrinterPaperOut}
	tests := []struct {
		name        string
		edit        func(*config.Config)
		printer     kiosk.Printer
		wantPrinter *kiosk.PrinterState
		wantHost    string
	}{
		{"a kiosk with a printer queue", func(c *config.Config) { c.Printer.Queue = "receipts" }, paperOut, &paperOut.state, "127.0.0.1:1"},
		// Receipts only filed in the spool folder: no printer is
		// reported ready.
		{"a kiosk without a printer queue", nil, paperOut, nil, "127.0.0.1:1"},
		{"a TV without a back office", func(c *config.Config) { c.Mode, c.BackOffice = config.ModeTV, config.BackOffice{} }, nil, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dv := newDevice(t, tt.edit, func(_ *device, c *desk.Config) {
				if tt.printer != nil {
					c.Printer = tt.printer
				}
			})
			dv.enqueue(t, 0)
			st := dv.desk.Status(context.Background())
			if st.Queue.Unsent != 1 || st.Queue.Total != 1 || st.Queue.OldestUnsent.IsZero() || st.Disk.Total == 0 ||
				st.CatalogueVersion != kiosk.DefaultCatalogue().Version || st.KioskNumber != 1207 || !st.Provisioned {
				t.Errorf("status %+v", st)
			}
			if st.BackOffice.Host != tt.wantHost || st.BackOffice.Configured != (tt.wantHost != "") {
				t.Errorf("back office %+v, want host %q", st.BackOffice, tt.wantHost)
			}
			seen, asked := dv.desk.PrinterSeen()
			switch {
			case tt.wantPrinter == nil && st.Printer != nil:
				t.Errorf("printer %+v, want none", *st.Printer)
			case tt.wantPrinter != nil && (st.Printer == nil || st.Printer.State != *tt.wantPrinter):
				t.Errorf("printer %+v, want %s", st.Printer, *tt.wantPrinter)
			case tt.wantPrinter != nil && (!asked || seen.State != *tt.wantPrinter):
				t.Errorf("the metrics see printer %+v (%v), want %s", seen, asked, *tt.wantPrinter)
			}
		})
	}
}

func TestANewConfigurationRestartsTheKioskOnceIdle(t *testing.T) {
	dv := newDevice(t, nil, nil)
	path := filepath.Join(dv.dir, "config.yaml")
	steps := []struct {
		name   string
		change func()
		busy   bool
		want   bool // restarted
	}{
		{"the configuration in force", func() {}, false, false},
		{"the file removed", func() { os.Remove(path) }, false, false},
		{"a file that does not load", func() { os.WriteFile(path, []byte("device_id: X\nmode: toaster\n"), 0o600) }, false, false},
		{"a good one while a citizen is in a session", func() {
			provisioned(t, dv.dir, func(c *config.Config) { c.KioskNumber = 1208 })
		}, true, false},
		{"the session ended", func() {}, false, true},
	}
	for _, st := range steps {
		st.change()
		dv.busy = st.busy
		dv.desk.WatchConfig()
		dv.restart.Check() // the next second's check
		if dv.restart.Requested() != st.want {
			t.Fatalf("%s: restart requested %v, want %v", st.name, dv.restart.Requested(), st.want)
		}
	}
	if dv.quits != 1 {
		t.Errorf("the kiosk was stopped %d times, want once", dv.quits)
	}
}

func TestRuntimeReportForDoctor(t *testing.T) {
	alive := time.Date(2025, 8, 3, 9, 0, 0, 0, time.UTC)
	dv := newDevice(t, nil, func(_ *device, c *desk.Config) { c.UIAlive = func() time.Time { return alive } })
	dv.enqueue(t, 0)
	runOnce(dv.desk)
	data, err := os.ReadFile(filepath.Join(dv.dir, config.RuntimeFileName))
	if err != nil {
		t.Fatal(err)
	}
	var r config.RuntimeReport
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	if r.PID != os.Getpid() || r.Version != kiosk.Version() || r.OutboxCheck == nil || !r.OutboxCheck.OK ||
		r.LastSerial != dv.outbox.LastSerial() || r.LastSerial == 0 || !r.UIAliveAt.Equal(alive) || r.WrittenAt.IsZero() {
		t.Errorf("runtime report %+v", r)
	}
	if _, err := os.Stat(filepath.Join(dv.dir, config.RuntimeFileName+".tmp")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a temporary report is left behind: %v", err)
	}
}

func TestReloadCatalogue(t *testing.T) {
	file, err := filepath.Abs("../data/catalogue.yaml")
	if err != nil {
		t.Fatal(err)
	}
	imported := &kiosk.Catalogue{Version: "open311-42"}
	tests := []struct {
		name     string
		path     string // the configured catalogue file
		reloader desk.CatalogueReloader
		want     string // the version; "" for a failed reload
	}{
		{"the configured file", file, nil, kiosk.DefaultCatalogue().Version},
		{"the back office's", "", reloaderFake{cat: imported}, imported.Version},
		{"a configured file that does not load", filepath.Join(t.TempDir(), "gone.yaml"), nil, ""},
		{"a back office that fails", "", reloaderFake{err: errors.New("kept layout damaged")}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dv := newDevice(t, nil, func(_ *device, c *desk.Config) {
				c.Device.CataloguePath, c.Reloader = tt.path, tt.reloader
			})
			dv.busy = true // the technician reads the result on the screen
			v, err := dv.desk.ReloadCatalogue(context.Background())
			if tt.want == "" {
				if err == nil || !strings.HasPrefix(err.Error(), "reload catalogue: ") {
					t.Errorf("reload: %q, %v; want an error", v, err)
				}
			} else if err != nil || v != tt.want {
				t.Fatalf("reload: %q, %v; want %s", v, err, tt.want)
			}
			if dv.restart.Requested() {
				t.Fatal("the reload restarted the kiosk under the technician")
			}
			dv.busy = false
			dv.restart.Check()
			if dv.restart.Requested() != (tt.want != "") {
				t.Errorf("once the screen was free, restart requested %v; want it only after a good reload", dv.restart.Requested())
			}
		})
	}
}
