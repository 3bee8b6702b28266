package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/kiosk/speech/espeak"
	"github.com/pishkhan/pishkhan/kiosk/typeset"
	"github.com/pishkhan/pishkhan/offline"
	"github.com/pishkhan/pishkhan/offline/control"
	"github.com/pishkhan/pishkhan/printer"
)

const doctorUsage = `usage: kioskctl doctor [-data DIR] [-config FILE] [--json] [--test-print] [--max-age D] [--min-free BYTES]

Checks the device and says, for each check, whether it passes and what to
do when it does not: configuration and secrets, display, fonts, data
directory and free space, database integrity, clock, printer (with a test
receipt on --test-print), speech (espeak-ng and its voices, when speech
is enabled), back office reachability and api_key, queue health, and the
receipts' status page (a warning without status_url).
Exits 1 when any check fails; a warning does not fail. --json is for
fleet tools.`

// check is the outcome of one doctor check.
type check struct {
	Name string `json:"name"`
	OK   bool   `json:"ok"`
	// Warn marks a check that passes but leaves citizens worse served.
	Warn bool `json:"warning,omitempty"`
	// Summary says what was found; Fix what to do when it fails.
	Summary string `json:"summary"`
	Fix     string `json:"fix,omitempty"`
}

// doctorReport is what doctor prints, as text or JSON.
type doctorReport struct {
	OK       bool      `json:"ok"`
	DeviceID string    `json:"device_id"`
	Version  string    `json:"version"`
	Time     time.Time `json:"time"`
	Checks   []check   `json:"checks"`
}

// doctorFailed makes kioskctl exit 1 after the report is printed.
type doctorFailed struct{ n int }

func (e doctorFailed) Error() string { return fmt.Sprintf("%d checks failed", e.n) }
func (e doctorFailed) ExitCode() int { return 1 }

// doctor holds what the checks read from the machine; tests replace parts.
type doctor struct {
	dir, configPath string
	testPrint       bool
	maxAge          time.Duration
	minFree         uint64

	now func() time.Time
	// statfs returns the free and total bytes of the file system at path.
	statfs func(path string) (free, total uint64, err error)
	// display returns the X display to check (DISPLAY, default ":0") and
	// the folder of X sockets.
	display   string
	xSockets  string
	http      *http.Client
	printerOf func(cfg config.Config) kiosk.Printer
	// ntp reports whether the system clock is synchronized, and whether
	// that could be found out at all.
	ntp func() (synced, known bool)

	cfg    config.Config
	cfgErr error
	// running is the kiosk's control socket when it answers.
	running *control.Client
	runtime *config.RuntimeReport
	// serverDate is the back office's Date header, for the clock check.
	serverDate time.Time
	lastSerial uint64
}

func runDoctor(args []string, stdout, stderr io.Writer) error {
	d := newDoctor()
	return d.run(args, stdout, stderr)
}

func newDoctor() *doctor {
	display := os.Getenv("DISPLAY")
	if display == "" {
		display = ":0"
	}
	return &doctor{
		now:      time.Now,
		statfs:   statfs,
		display:  display,
		xSockets: "/tmp/.X11-unix",
		http:     &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		printerOf: func(cfg config.Config) kiosk.Printer {
			return &printer.CUPS{Queue: cfg.Printer.Queue}
		},
		ntp: timedatectlSynced,
	}
}

func (d *doctor) run(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("doctor", stderr)
	fs.Usage = func() { fmt.Fprintln(stderr, doctorUsage); fs.PrintDefaults() }
	var t target
	t.flags(fs)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	fs.BoolVar(&d.testPrint, "test-print", false, "print a test receipt")
	fs.DurationVar(&d.maxAge, "max-age", time.Hour, "oldest an unsent submission may be before the queue check fails")
	fs.Uint64Var(&d.minFree, "min-free", 200<<20, "free bytes the data directory needs")
	pos, err := parseArgs(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{doctorUsage}
	}
	d.dir, d.configPath = t.dir, t.configPath()
	rep := d.examine(context.Background())
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else if err := writeDoctor(stdout, rep); err != nil {
		return err
	}
	failed := 0
	for _, c := range rep.Checks {
		if !c.OK {
			failed++
		}
	}
	if failed > 0 {
		return doctorFailed{failed}
	}
	return nil
}

// examine runs every check.
func (d *doctor) examine(ctx context.Context) doctorReport {
	d.cfg, d.cfgErr = config.Load(d.configPath)
	if d.cfgErr != nil {
		d.cfg = config.Default()
	}
	if c, err := control.Dial(ctx, d.dir); err == nil {
		d.running = c
	}
	if data, err := os.ReadFile(filepath.Join(d.dir, config.RuntimeFileName)); err == nil {
		var r config.RuntimeReport
		if json.Unmarshal(data, &r) == nil {
			d.runtime = &r
		}
	}
	// The back office is asked before the clock is judged: its Date
	// header is the clock's reference.
	backOffice := d.checkBackOffice(ctx)
	database := d.checkDatabase()
	checks := []check{
		d.checkConfig(),
		d.checkSecrets(),
		d.checkDisplay(),
		d.checkFonts(),
		d.checkDataDir(),
		database,
		d.checkClock(),
		d.checkPrinter(ctx),
		d.checkSpeech(),
		backOffice,
		d.checkQueue(ctx),
		d.checkStatusPage(),
	}
	rep := doctorReport{OK: true, DeviceID: d.cfg.DeviceID, Version: kiosk.Version(), Time: d.now(), Checks: checks}
	for _, c := range checks {
		rep.OK = rep.OK && c.OK
	}
	return rep
}

func writeDoctor(w io.Writer, rep doctorReport) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, c := range rep.Checks {
		mark := "PASS"
		switch {
		case !c.OK:
			mark = "FAIL"
		case c.Warn:
			mark = "WARN"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", mark, c.Name, c.Summary)
		if (!c.OK || c.Warn) && c.Fix != "" {
			fmt.Fprintf(tw, "\t\tfix: %s\n", c.Fix)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	verdict := "all checks pass"
	if !rep.OK {
		verdict = "some checks FAIL: fix them and run kioskctl doctor again"
	}
	_, err := fmt.Fprintf(w, "%s (device %s, kioskctl %s)\n", verdict, rep.DeviceID, rep.Version)
	return err
}

func pass(name, summary string) check { return check{Name: name, OK: true, Summary: summary} }
func fail(name, summary, fix string) check {
	return check{Name: name, Summary: summary, Fix: fix}
}

// warn is a check that passes with a warning.
func warn(name, summary, fix string) check {
	return check{Name: name, OK: true, Warn: true, Summary: summary, Fix: fix}
}

// checkStatusPage warns when the device has no status_url: its receipts'
// QR codes then hold a signed string a phone cannot open, and a citizen
// can track a request only at this kiosk.
func (d *doctor) checkStatusPage() check {
	const name = "status-page"
	if d.cfg.StatusURL == "" {
		return warn(name, "no status_url: receipts' QR codes open no status page, so citizens can track requests only at this kiosk",
			"kioskctl provision -data "+d.dir+" --status-url URL, the agency's request status page (see docs/technician.md)")
	}
	return pass(name, "receipts link to "+d.cfg.StatusURL)
}

func (d *doctor) checkConfig() check {
	const name = "config"
	switch {
	case d.cfgErr != nil:
		return fail(name, d.cfgErr.Error(), "provision the device again: kioskctl provision -data "+d.dir+" --file SITE.yaml (see docs/technician.md)")
	case !d.cfg.Provisioned:
		return fail(name, "not provisioned: no "+d.configPath, "kioskctl provision -data "+d.dir+" --file SITE.yaml --device-id ID, or -i to answer questions")
	}
	s := fmt.Sprintf("%s, kiosk %d, %s mode, %s", d.cfg.DeviceID, d.cfg.KioskNumber, d.cfg.Mode, d.configPath)
	if p := d.cfg.Provisioning; p != nil {
		s += fmt.Sprintf(" (provisioned %s from %s)", p.At.Local().Format(time.DateTime), p.Source)
	}
	return pass(name, s)
}

// checkSecrets looks at who may read the secrets.
func (d *doctor) checkSecrets() check {
	const name = "secrets"
	if !d.cfg.Provisioned {
		return fail(name, "no provisioned secrets", "kioskctl provision")
	}
	base := filepath.Dir(d.configPath)
	var problems []string
	private := func(path, what string) {
		fi, err := os.Stat(path)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", what, err))
			return
		}
		if fi.Mode().Perm()&0o077 != 0 {
			problems = append(problems, fmt.Sprintf("%s (%s) has mode %v; only its owner may read it", what, path, fi.Mode().Perm()))
		}
	}
	if f := d.cfg.BackOffice.APIKeyFile; f != "" {
		private(config.SecretPath(base, f), "api_key file")
	} else if d.cfg.BackOffice.APIKey != "" {
		// A hand-written configuration with the key inside it.
		private(d.configPath, "configuration holding the api_key")
	}
	if f := d.cfg.Technician.PINHashFile; f != "" {
		private(config.SecretPath(base, f), "PIN hash file")
	} else {
		problems = append(problems, "no technician PIN: the technician screen cannot be opened")
	}
	if _, err := os.Stat(filepath.Join(d.dir, offline.KeyFile)); err == nil {
		private(filepath.Join(d.dir, offline.KeyFile), "device key")
	}
	keys := filepath.Join(d.dir, offline.KeysDir)
	if _, err := os.Stat(keys); err == nil {
		private(keys, "answer keys folder")
		names, _ := filepath.Glob(filepath.Join(keys, "*.key"))
		for _, k := range names {
			private(k, "answer key")
		}
	}
	if len(problems) > 0 {
		return fail(name, strings.Join(problems, "; "), "chmod 600 the files named (and 700 their folder), or provision again: kioskctl provision")
	}
	return pass(name, "api_key, PIN hash, device key and answer keys readable by their owner only")
}

// checkDisplay asks the running kiosk's watchdog when its screen last
// answered, or, with no kiosk running, whether an X server listens.
func (d *doctor) checkDisplay() check {
	const name = "display"
	if d.running != nil {
		if d.runtime == nil || d.runtime.UIAliveAt.IsZero() {
			return fail(name, "the kiosk runs but has not said that its screen answers",
				"look at the screen; journalctl -u pishkhan-kiosk; sudo systemctl restart pishkhan-kiosk")
		}
		age := d.now().Sub(d.runtime.UIAliveAt)
		if age > time.Minute {
			return fail(name, fmt.Sprintf("the kiosk's screen last answered %s ago: the UI is stuck", age.Round(time.Second)),
				"sudo systemctl restart pishkhan-kiosk (the watchdog restarts a stuck UI by itself within a minute)")
		}
		return pass(name, fmt.Sprintf("the kiosk's screen answered %s ago (kiosk %s, pid %d)", age.Round(time.Second), d.runtime.Version, d.runtime.PID))
	}
	n := strings.TrimPrefix(d.display, ":")
	if i := strings.IndexByte(n, '.'); i >= 0 {
		n = n[:i]
	}
	sock := filepath.Join(d.xSockets, "X"+n)
	conn, err := net.DialTimeout("unix", sock, 2*time.Second)
	if err != nil {
		return fail(name, fmt.Sprintf("no X server on display %s (%s): %v", d.display, sock, unwrapOp(err)),
			"start the display server (sudo systemctl start display-manager, or see docs/technician.md, Install); then start the kiosk")
	}
	conn.Close()
	return pass(name, fmt.Sprintf("X server on display %s answers; the kiosk is not running", d.display))
}

func unwrapOp(err error) error {
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		return op.Err
	}
	return err
}

func (d *doctor) checkFonts() check {
	const name = "fonts"
	if _, err := typeset.LoadFonts(d.cfg.FontPath); err != nil {
		return fail(name, err.Error(), "sudo apt-get install fonts-dejavu-core, or set font_path to a font with Persian and Latin")
	}
	what := "the default UI font (DejaVu Sans)"
	if d.cfg.FontPath != "" {
		what = d.cfg.FontPath
	}
	return pass(name, what+" loads")
}

// checkDataDir writes, fsyncs and removes a file, and looks at the space
// left.
func (d *doctor) checkDataDir() check {
	const name = "data"
	fi, err := os.Stat(d.dir)
	if err != nil {
		return fail(name, err.Error(), "create it: sudo install -d -m 700 -o pishkhan "+d.dir+", or check -data")
	}
	if !fi.IsDir() {
		return fail(name, d.dir+" is not a folder", "check -data")
	}
	if err := probeWrite(d.dir); err != nil {
		return fail(name, "cannot write in "+d.dir+": "+err.Error(),
			"check the disk (dmesg; a read-only remount means a failing card or disk) and the folder's owner")
	}
	free, total, err := d.statfs(d.dir)
	if err != nil {
		return fail(name, "free space unknown: "+err.Error(), "df -h "+d.dir)
	}
	s := fmt.Sprintf("%s writable; %s free of %s", d.dir, bytesText(free), bytesText(total))
	if free < d.minFree {
		return fail(name, s+fmt.Sprintf(", under the %s a kiosk needs", bytesText(d.minFree)),
			"free space: remove old receipts in "+filepath.Join(d.dir, "spool")+" and old diagnostics bundles; look for large files with du -sh /var/* /home/*; the queue itself must not be deleted")
	}
	return pass(name, s)
}

func probeWrite(dir string) error {
	f, err := os.CreateTemp(dir, ".doctor-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	_, err = f.Write(make([]byte, 4096))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func statfs(path string) (free, total uint64, err error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(path, &st); err != nil {
		return 0, 0, err
	}
	return st.Bavail * uint64(st.Bsize), st.Blocks * uint64(st.Bsize), nil
}

func bytesText(n uint64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// checkDatabase runs the outbox's integrity check: itself when no kiosk
// holds the database, else it reads the running kiosk's last check.
func (d *doctor) checkDatabase() check {
	const name = "database"
	path := filepath.Join(d.dir, offline.DBFile)
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return pass(name, "no outbox yet: nothing was ever submitted on this device")
	}
	fix := "stop the kiosk (sudo systemctl stop pishkhan-kiosk), keep a copy of " + path +
		", and follow docs/technician.md, Recover a broken device: the database"
	if d.running != nil {
		if d.runtime != nil {
			d.lastSerial = d.runtime.LastSerial
		}
		if d.runtime == nil || d.runtime.OutboxCheck == nil {
			return pass(name, "held by the running kiosk, which has not reported a check yet")
		}
		oc := d.runtime.OutboxCheck
		if !oc.OK {
			return fail(name, fmt.Sprintf("the running kiosk found the database damaged at %s: %s", oc.At.Local().Format(time.DateTime), oc.Error), fix)
		}
		return pass(name, "checked by the running kiosk at "+oc.At.Local().Format(time.DateTime)+": consistent")
	}
	o, err := offline.Open(d.dir, offline.Options{ReadOnly: true, LockTimeout: lockWait})
	if errors.Is(err, offline.ErrLocked) {
		return fail(name, "held by a process that does not answer on the control socket", "sudo systemctl restart pishkhan-kiosk; then kioskctl doctor again")
	}
	if err != nil {
		return fail(name, "cannot open: "+err.Error(), fix)
	}
	defer o.Close()
	d.lastSerial = o.LastSerial()
	if err := o.Check(); err != nil {
		// It still opens: what it holds can be read out before anything
		// writes to it again.
		return fail(name, "opens, but its consistency check fails: "+strings.TrimPrefix(err.Error(), "check outbox: "),
			"stop the kiosk (sudo systemctl stop pishkhan-kiosk), keep a copy of "+path+
				", save what it holds (kioskctl queue export FILE --personal), and follow docs/technician.md, Recover a broken device: the database")
	}
	return pass(name, path+" is consistent")
}

// checkClock looks for a clock before the project existed, one behind
// the last tracking code issued, and one far from the back office's.
func (d *doctor) checkClock() check {
	const name = "clock"
	now := d.now()
	fix := "set the time: sudo timedatectl set-ntp true (and check the network reaches an NTP server); a wrong clock misdates submissions"
	if now.Before(kiosk.TrackingEpoch) || now.Year() > 2100 {
		return fail(name, "the clock says "+now.Format(time.RFC3339)+", which cannot be right", fix)
	}
	if d.lastSerial > 0 {
		if last := kiosk.SerialTime(d.lastSerial); now.Before(last.Add(-5 * time.Minute)) {
			return fail(name, fmt.Sprintf("the clock (%s) is behind the last tracking code issued (%s): it went backwards",
				now.Format(time.DateTime), last.Local().Format(time.DateTime)), fix)
		}
	}
	s := now.Local().Format(time.DateTime + " MST")
	if !d.serverDate.IsZero() {
		skew := now.Sub(d.serverDate)
		if skew < -2*time.Minute || skew > 2*time.Minute {
			return fail(name, fmt.Sprintf("%s is %s off the back office's clock", s, skew.Round(time.Second)), fix)
		}
		s += fmt.Sprintf(", %s from the back office's clock", skew.Round(time.Second))
	}
	if synced, known := d.ntp(); known {
		if !synced {
			return fail(name, s+"; not synchronized with NTP", fix)
		}
		s += "; NTP synchronized"
	}
	return pass(name, s)
}

// timedatectlSynced asks systemd whether the clock is synchronized.
func timedatectlSynced() (synced, known bool) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "timedatectl", "show", "-p", "NTPSynchronized", "--value").Output()
	if err != nil {
		return false, false
	}
	switch strings.TrimSpace(string(out)) {
	case "yes":
		return true, true
	case "no":
		return false, true
	}
	return false, false
}

// printerFixes says what to do about each printer state.
var printerFixes = map[kiosk.PrinterState]string{
	kiosk.PrinterPaperOut:  "load a new paper roll (docs/technician.md, Change paper); then kioskctl doctor --test-print",
	kiosk.PrinterCoverOpen: "close the printer's cover until it clicks",
	kiosk.PrinterJammed:    "open the cover, remove the jammed paper, close it; then kioskctl doctor --test-print",
	kiosk.PrinterOffline:   "check the printer's power and cable; lpstat -p QUEUE; sudo cupsenable QUEUE && sudo cupsaccept QUEUE; or provision the right queue",
}

func (d *doctor) checkPrinter(ctx context.Context) check {
	const name = "printer"
	switch {
	case d.cfg.Mode == config.ModeTV:
		return pass(name, "none: a TV shows receipts on screen")
	case d.cfg.Printer.Queue == "":
		if !d.testPrint {
			return pass(name, "none configured: receipts are shown on screen and kept in "+filepath.Join(d.dir, "spool"))
		}
	}
	q := d.cfg.Printer.Queue
	if q != "" {
		ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		st := d.printerOf(d.cfg).Status(ctx)
		cancel()
		if !st.CanPrint() {
			fix := strings.ReplaceAll(printerFixes[st.State], "QUEUE", q)
			if fix == "" {
				fix = "lpstat -l -p " + q
			}
			return fail(name, fmt.Sprintf("CUPS queue %s: %s (%s)", q, printer.StateMessage(kiosk.English, st.State), st.Detail), fix)
		}
		if !d.testPrint {
			return pass(name, fmt.Sprintf("CUPS queue %s: %s (%s)", q, printer.StateMessage(kiosk.English, st.State), st.Detail))
		}
	}
	return d.printTest(ctx)
}

// checkSpeech checks, when speech is enabled, that espeak-ng speaks
// every language the device offers and that aplay can play it.
func (d *doctor) checkSpeech() check {
	const name = "speech"
	if !d.cfg.Speech.Enabled {
		return pass(name, "off (speech.enabled in the configuration, or the kiosk's -speech, turns it on)")
	}
	var langs []string
	for _, l := range d.cfg.Languages {
		langs = append(langs, string(l))
	}
	if err := espeak.Check("", langs...); err != nil {
		return fail(name, err.Error(), "sudo apt-get install espeak-ng (make run installs it)")
	}
	if _, err := exec.LookPath("aplay"); err != nil {
		return fail(name, "espeak-ng speaks, but aplay, which plays it, is not installed", "sudo apt-get install alsa-utils")
	}
	return pass(name, "espeak-ng speaks "+strings.Join(langs, ", ")+", played by aplay")
}

// printTest prints a test receipt through the path citizens' receipts
// take.
func (d *doctor) printTest(ctx context.Context) check {
	const name = "printer"
	fonts, err := typeset.LoadFonts(d.cfg.FontPath)
	if err != nil {
		return fail(name, "test print: "+err.Error(), "fix the fonts check first")
	}
	p, err := printer.New(d.cfg.Printer, filepath.Join(d.dir, "spool"), printer.Options{Fonts: fonts, Location: d.cfg.Location.Address})
	if err != nil {
		return fail(name, "test print: "+err.Error(), "check printer.queue and printer.paper: kioskctl provision")
	}
	r := kiosk.TestReceipt(d.cfg.KioskNumber, d.cfg.DeviceID, d.cfg.Site, d.now(), kiosk.Persian)
	if key, err := offline.LoadKey(d.dir); err == nil {
		r.QR = kiosk.SignReceipt(key, r, d.cfg.StatusURL)
	} else {
		r.QR = string(r.TrackingCode)
	}
	ctx, cancel := context.WithTimeout(ctx, 45*time.Second)
	defer cancel()
	where := "CUPS queue " + d.cfg.Printer.Queue
	if d.cfg.Printer.Queue == "" {
		where = "the spool folder " + filepath.Join(d.dir, "spool")
	}
	if err := p.Print(ctx, r); err != nil {
		return fail(name, "test print to "+where+" failed: "+err.Error(), "see the printer's state: kioskctl receipt status; docs/technician.md, Change paper")
	}
	return pass(name, "test receipt "+r.TrackingCode.String()+" printed to "+where+": check that it came out whole and the QR code scans")
}

// checkBackOffice asks the back office for its services with the
// device's api_key: the network, TLS, the URL and (on servers that check
// it on reads) the key.
func (d *doctor) checkBackOffice(ctx context.Context) check {
	const name = "back-office"
	bo := d.cfg.BackOffice
	if bo.URL == "" {
		return fail(name, "none configured: submissions stay on this device", "provision the back office: kioskctl provision --back-office URL --api-key-file FILE")
	}
	u, err := url.Parse(strings.TrimRight(bo.URL, "/") + "/services.json")
	if err != nil {
		return fail(name, "back_office.url is not a URL", "kioskctl provision --back-office URL")
	}
	host := u.Host
	q := u.Query()
	if bo.APIKey != "" {
		q.Set("api_key", bo.APIKey)
	}
	if bo.JurisdictionID != "" {
		q.Set("jurisdiction_id", bo.JurisdictionID)
	}
	u.RawQuery = q.Encode()
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return fail(name, "back_office.url is not a URL", "kioskctl provision --back-office URL")
	}
	req.Header.Set("User-Agent", "pishkhan-kioskctl/"+kiosk.Version())
	req.Header.Set("Accept", "application/json")
	resp, err := d.http.Do(req)
	if err != nil {
		// The error would name the URL, api_key included: say why only.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fail(name, fmt.Sprintf("cannot reach %s: %v", host, err),
			"check the network cable or Wi-Fi, DNS (getent hosts "+u.Hostname()+"), the firewall and any proxy; submissions wait in the queue meanwhile")
	}
	defer resp.Body.Close()
	if t, err := http.ParseTime(resp.Header.Get("Date")); err == nil {
		d.serverDate = t
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	switch {
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return fail(name, fmt.Sprintf("%s refuses this device's api_key (HTTP %d)", host, resp.StatusCode),
			"get the right key from the agency and provision it: kioskctl provision --api-key-file FILE")
	case resp.StatusCode/100 != 2:
		return fail(name, fmt.Sprintf("%s answers HTTP %d to GET services.json", host, resp.StatusCode),
			"check back_office.url (it ends at the GeoReport v2 base, e.g. .../open311/v2) and jurisdiction_id; ask the agency whether its server is down")
	}
	var services []struct {
		ServiceCode json.RawMessage `json:"service_code"`
	}
	if err := json.Unmarshal(body, &services); err != nil {
		return fail(name, host+" answers, but not with a GeoReport v2 service list", "check back_office.url: it must be the GeoReport v2 base URL")
	}
	codes := map[string]bool{}
	for _, s := range services {
		var c any
		if json.Unmarshal(s.ServiceCode, &c) == nil {
			codes[fmt.Sprint(c)] = true
		}
	}
	var missing []string
	if cat, err := loadCatalogue(d.cfg, d.dir); err == nil {
		for _, svc := range cat.Services {
			if len(d.cfg.Services) > 0 && !contains(d.cfg.Services, svc.Code) {
				continue
			}
			if !codes[svc.Open311.ServiceCode] {
				missing = append(missing, svc.Open311.ServiceCode)
			}
		}
	}
	if len(missing) > 0 {
		return fail(name, fmt.Sprintf("%s lists %d services but not %s, which this device offers", host, len(services), strings.Join(missing, ", ")),
			"import the back office's catalogue (kioskctl catalogue import URL), or limit the device's services (kioskctl provision --services)")
	}
	return pass(name, fmt.Sprintf("%s answers: %d services, api_key accepted", host, len(services)))
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// checkQueue looks at the outbox: unsent submissions and how old the
// oldest is, and dead letters.
func (d *doctor) checkQueue(ctx context.Context) check {
	const name = "queue"
	var q control.Queue
	if d.running != nil {
		q = d.running
	} else {
		o, err := offline.Open(d.dir, offline.Options{ReadOnly: true, LockTimeout: lockWait})
		switch {
		case errors.Is(err, offline.ErrNoOutbox):
			return pass(name, "empty: nothing submitted yet")
		case err != nil:
			return fail(name, "cannot read the outbox: "+err.Error(), "see the database check")
		}
		defer o.Close()
		q = &control.Local{Outbox: o}
	}
	counts, err := q.Counts(ctx)
	if err != nil {
		return fail(name, "cannot count submissions: "+err.Error(), "see the database check")
	}
	unsent := counts[offline.StateQueued] + counts[offline.StateSending]
	s := summary(counts)
	var oldest time.Time
	for _, st := range []offline.State{offline.StateQueued, offline.StateSending} {
		if counts[st] == 0 {
			continue
		}
		err := q.List(ctx, offline.ListOptions{State: st, Limit: 1}, false, func(e control.Entry) error {
			if oldest.IsZero() || e.CreatedAt.Before(oldest) {
				oldest = e.CreatedAt
			}
			return nil
		})
		if err != nil {
			return fail(name, "cannot list submissions: "+err.Error(), "see the database check")
		}
	}
	var problems []string
	if !oldest.IsZero() {
		age := d.now().Sub(oldest)
		s += fmt.Sprintf("; oldest unsent %s old", age.Round(time.Second))
		if age > d.maxAge {
			problems = append(problems, fmt.Sprintf("%d unsent, the oldest for %s", unsent, age.Round(time.Minute)))
		}
	}
	if n := counts[offline.StateDead]; n > 0 {
		problems = append(problems, fmt.Sprintf("%d refused by the back office (dead letters)", n))
	}
	if len(problems) > 0 {
		return fail(name, s+": "+strings.Join(problems, "; "),
			"see why: kioskctl queue ls --state dead and the back-office check; once fixed: kioskctl queue retry --failed and kioskctl sync --once")
	}
	return pass(name, s)
}
