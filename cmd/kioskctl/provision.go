package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"sigs.k8s.io/yaml"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/kiosk/gate"
	"github.com/pishkhan/pishkhan/offline"
)

const provisionUsage = `usage: kioskctl provision [-data DIR] [-config FILE] [--file SITE.yaml] [-i] [flags]

Sets everything a device needs: identity, site, back office, printer,
timeouts and the technician PIN. Values come, each overriding the one
before, from the device's current configuration, the site provisioning
file (--file), the flags, and, with -i, answers to prompts that offer
those values as defaults. Everything is checked before anything is
written; then the secrets (api_key, PIN hash) go to new files of mode
0600 in DIR/secrets and the configuration is replaced atomically. A
failure leaves the old configuration in force. The queue is never touched.

The technician PIN is read from a prompt (-i), from the site file
(technician.pin or technician.pin_hash), or from the first line of
standard input with --pin-stdin; never from the command line.

examples:
  kioskctl provision -data /var/lib/pishkhan --file /media/usb/ika.yaml --device-id IKA-T1-07
  kioskctl provision -data /var/lib/pishkhan -i
  echo 482913 | kioskctl provision -data ./var --device-id DEMO-1 --kiosk-number 7 \
      --site-fa "نمایشگاه" --site-en "Exhibition" --address "Hall 5" --pin-stdin`

func runProvision(args []string, stdout, stderr io.Writer) error {
	return provision(args, os.Stdin, stdout, stderr)
}

// provisionFlags are the command line's values, kept as strings so that
// "set" and "cleared" can be told apart from "not given".
type provisionFlags struct {
	file, deviceKeyFile, apiKeyFile string
	interactive, dryRun, pinStdin   bool
	values                          map[string]*string
}

// settings are the flags that set one configuration value each, by the
// name of the value in the file.
var settings = []struct{ flag, key, help string }{
	{"device-id", "device_id", "device ID, unique in the fleet (e.g. IKA-T1-07)"},
	{"kiosk-number", "kiosk_number", "kiosk number 1..99999, unique in the fleet, carried in tracking codes"},
	{"site-fa", "site.fa", "site name in Persian"},
	{"site-en", "site.en", "site name in English"},
	{"lat", "location.lat", `latitude, or "none"`},
	{"long", "location.long", `longitude, or "none"`},
	{"address", "location.address", "address of the device"},
	{"mode", "mode", "kiosk or tv"},
	{"languages", "languages", "languages offered, default first (fa,en)"},
	{"services", "services", `services enabled, by code (comma separated), or "all"`},
	{"back-office", "back_office.url", `Open311 GeoReport v2 base URL, or "none"`},
	{"api-key", "back_office.api_key", "back-office api_key (visible to other users in ps: prefer --api-key-file or the file)"},
	{"jurisdiction", "back_office.jurisdiction_id", "back-office jurisdiction_id"},
	{"allow-insecure", "back_office.allow_insecure", "true to allow plain HTTP to a host other than loopback"},
	{"status-url", "status_url", `status page printed in the receipt's QR code, or "none"`},
	{"printer", "printer.queue", `CUPS queue of the receipt printer, or "none"`},
	{"paper", "printer.paper", "80mm or a4"},
	{"idle-warn", "idle.warn", "time without input before the citizen is warned (e.g. 60s)"},
	{"idle-grace", "idle.grace", "countdown after the warning before the session is wiped (at least 20s)"},
	{"metrics", "metrics.listen", `Prometheus endpoint address, or "off"`},
}

func provision(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("provision", stderr)
	fs.Usage = func() { fmt.Fprintln(stderr, provisionUsage); fs.PrintDefaults() }
	var t target
	t.flags(fs)
	pf := provisionFlags{values: map[string]*string{}}
	fs.StringVar(&pf.file, "file", "", "site provisioning file (YAML)")
	fs.BoolVar(&pf.interactive, "i", false, "ask for every value, offering the current one")
	fs.BoolVar(&pf.interactive, "interactive", false, "same as -i")
	fs.BoolVar(&pf.dryRun, "dry-run", false, "check and show the configuration, write nothing")
	fs.BoolVar(&pf.pinStdin, "pin-stdin", false, "read the technician PIN from the first line of standard input")
	fs.StringVar(&pf.apiKeyFile, "api-key-file", "", "read the back-office api_key from this file")
	fs.StringVar(&pf.deviceKeyFile, "device-key-file", "", "install this device key (64 hex digits) if the device has none")
	for _, s := range settings {
		pf.values[s.key] = fs.String(s.flag, "", s.help)
	}
	pos, err := parseArgs(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{"provision takes no arguments\n" + provisionUsage}
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	if pf.interactive && pf.pinStdin {
		return usageError{"--pin-stdin and -i both read standard input; use one"}
	}

	p := &provisioner{
		dir:        t.dir,
		configPath: t.configPath(),
		in:         bufio.NewReader(stdin),
		out:        stdout,
		warn:       func(format string, a ...any) { fmt.Fprintf(stderr, "warning: "+format+"\n", a...) },
	}
	if f, ok := stdin.(*os.File); ok {
		p.tty = f
	}
	if err := p.start(); err != nil {
		return err
	}
	if pf.file != "" {
		if err := p.readSiteFile(pf.file, *pf.values["device_id"]); err != nil {
			return err
		}
	}
	for _, s := range settings {
		if given[s.flag] {
			if err := p.set(s.key, *pf.values[s.key]); err != nil {
				return fmt.Errorf("--%s: %w", s.flag, err)
			}
		}
	}
	if pf.apiKeyFile != "" {
		data, err := os.ReadFile(pf.apiKeyFile)
		if err != nil {
			return fmt.Errorf("--api-key-file: %w", err)
		}
		if err := p.set("back_office.api_key", strings.TrimSpace(string(data))); err != nil {
			return fmt.Errorf("--api-key-file: %w", err)
		}
	}
	if pf.deviceKeyFile != "" {
		data, err := os.ReadFile(pf.deviceKeyFile)
		if err != nil {
			return fmt.Errorf("--device-key-file: %w", err)
		}
		if p.deviceKey, err = offline.ParseKey(data); err != nil {
			return fmt.Errorf("--device-key-file: %w", err)
		}
	}
	if pf.pinStdin {
		line, err := p.in.ReadString('\n')
		if err != nil && (!errors.Is(err, io.EOF) || line == "") {
			return errors.New("--pin-stdin: no PIN on standard input")
		}
		if err := p.setPIN(strings.TrimSpace(line)); err != nil {
			return fmt.Errorf("--pin-stdin: %w", err)
		}
	}
	switch {
	case pf.interactive:
		p.source = "interactive"
		if err := p.ask(); err != nil {
			return err
		}
	case pf.file == "":
		p.source = "flags"
	}
	if err := p.check(); err != nil {
		return err
	}
	p.summary()
	if pf.dryRun {
		fmt.Fprintln(stdout, "dry run: nothing written")
		return nil
	}
	if pf.interactive {
		ok, err := p.confirm("Write this configuration?")
		if err != nil {
			return err
		}
		if !ok {
			fmt.Fprintln(stdout, "nothing written")
			return nil
		}
	}
	// What is written is in the audit log, a failed write too; a
	// refusal above changed nothing and was shown on the spot.
	err = p.commit()
	p.audit(stderr, err)
	return err
}

// provisioner builds a device's configuration from its sources.
type provisioner struct {
	dir, configPath string
	in              *bufio.Reader
	tty             *os.File // standard input when it is a terminal candidate
	out             io.Writer
	warn            func(format string, a ...any)

	cfg config.Config
	// had is the configuration in force before, if any.
	had bool
	// numberSet is true once the kiosk number comes from a source, not
	// from the hostname default of an unprovisioned device.
	numberSet bool
	newAPIKey bool
	newPIN    bool
	deviceKey []byte
	source    string
}

// start reads the current configuration: the base every other source
// overrides.
func (p *provisioner) start() error {
	p.cfg = config.Default()
	// An unprovisioned device's name and site are placeholders: the
	// technician gives the real ones.
	p.cfg.DeviceID, p.cfg.Site = "", kiosk.Text{}
	if !config.Exists(p.configPath) {
		return nil
	}
	cfg, err := config.Load(p.configPath)
	if err != nil {
		// A broken device must be provisionable: start from the defaults.
		p.warn("the current configuration is unusable (%v); starting from the defaults", err)
		return nil
	}
	p.cfg, p.had, p.numberSet = cfg, true, true
	return nil
}

// siteFile is a provisioning file: a configuration with its secrets, and
// optionally the devices of a site, each with its own ID and number.
type siteFile struct {
	config.Config
	// Technician holds the PIN, in clear or already hashed.
	Technician *struct {
		PIN     string `json:"pin,omitempty"`
		PINHash string `json:"pin_hash,omitempty"`
	} `json:"technician,omitempty"`
	DeviceKey string       `json:"device_key,omitempty"`
	Devices   []siteDevice `json:"devices,omitempty"`
	// Provisioning is written by kioskctl, not by a technician.
	Provisioning any `json:"provisioning,omitempty"`
}

// siteDevice is one device of a site file.
type siteDevice struct {
	DeviceID    string           `json:"device_id"`
	KioskNumber *int             `json:"kiosk_number"`
	Location    *config.Location `json:"location,omitempty"`
	Printer     *config.Printer  `json:"printer,omitempty"`
	DeviceKey   string           `json:"device_key,omitempty"`
}

// readSiteFile applies a site file over the configuration. With a devices
// list, the device is the one named by deviceID (the flag), else the one
// whose ID the device already has.
func (p *provisioner) readSiteFile(path, deviceID string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("site file: %w", err)
	}
	fail := func(format string, a ...any) error {
		return fmt.Errorf("site file %s: "+format, append([]any{path}, a...)...)
	}
	had := p.cfg.BackOffice
	sf := siteFile{Config: p.cfg}
	if err := yaml.UnmarshalStrict(data, &sf); err != nil {
		return fail("%v", cleanYAMLError(err))
	}
	if sf.Provisioning != nil {
		return fail("provisioning: is written by kioskctl; remove it from a site file")
	}
	// The sections a site file names replace the device's as a whole: a
	// half-given location or back office must not borrow the other half
	// from the old site.
	var top map[string]any
	if err := yaml.Unmarshal(data, &top); err != nil {
		return fail("%v", cleanYAMLError(err))
	}
	var whole struct {
		Site       kiosk.Text        `json:"site"`
		Location   config.Location   `json:"location"`
		BackOffice config.BackOffice `json:"back_office"`
	}
	if err := yaml.Unmarshal(data, &whole); err != nil {
		return fail("%v", cleanYAMLError(err))
	}
	if _, ok := top["site"]; ok {
		sf.Site = whole.Site
	}
	if _, ok := top["location"]; ok {
		sf.Location = whole.Location
	}
	if _, ok := top["back_office"]; ok {
		sf.BackOffice = whole.BackOffice
	}
	if _, ok := top["kiosk_number"]; ok {
		p.numberSet = true
	}
	// "none" clears a setting, as on the command line.
	if strings.EqualFold(sf.BackOffice.URL, "none") {
		sf.BackOffice = config.BackOffice{}
	}
	if strings.EqualFold(sf.Printer.Queue, "none") {
		sf.Printer.Queue = ""
	}
	if strings.EqualFold(sf.StatusURL, "none") {
		sf.StatusURL = ""
	}
	switch {
	case sf.BackOffice.APIKey != "" && sf.BackOffice.APIKeyFile != "":
		return fail("back_office: api_key and api_key_file are both set; keep one")
	case sf.BackOffice.APIKeyFile != "":
		key, err := os.ReadFile(config.SecretPath(filepath.Dir(path), sf.BackOffice.APIKeyFile))
		if err != nil {
			return fail("back_office.api_key_file: %v", err)
		}
		sf.BackOffice.APIKey, sf.BackOffice.APIKeyFile = strings.TrimSpace(string(key)), ""
		p.newAPIKey = true
	case sf.BackOffice.APIKey != "":
		p.newAPIKey = true
	case sf.BackOffice.URL != "" && sf.BackOffice.URL == had.URL:
		// The same back office without a key in the file: the device
		// keeps its key.
		sf.BackOffice.APIKey, sf.BackOffice.APIKeyFile = had.APIKey, had.APIKeyFile
	}
	cfg := sf.Config
	// The file's own technician section shadows the configuration's;
	// keep the device's current hash unless the file brings a PIN.
	cfg.Technician = p.cfg.Technician
	p.cfg = cfg
	if sf.Technician != nil {
		switch {
		case sf.Technician.PIN != "" && sf.Technician.PINHash != "":
			return fail("technician: pin and pin_hash are both set; keep one")
		case sf.Technician.PIN != "":
			if err := p.setPIN(sf.Technician.PIN); err != nil {
				return fail("technician.pin: %v", err)
			}
		case sf.Technician.PINHash != "":
			if err := gate.CheckPINHash(sf.Technician.PINHash); err != nil {
				return fail("technician.pin_hash: %v", err)
			}
			p.cfg.Technician.PINHash, p.cfg.Technician.PINHashFile, p.newPIN = sf.Technician.PINHash, "", true
		}
	}
	if sf.DeviceKey != "" {
		if p.deviceKey, err = offline.ParseKey([]byte(sf.DeviceKey)); err != nil {
			return fail("device_key: %v", err)
		}
	}
	p.source = filepath.Base(path)
	if len(sf.Devices) == 0 {
		return nil
	}

	ids, numbers := map[string]int{}, map[int]int{}
	for i, d := range sf.Devices {
		if strings.TrimSpace(d.DeviceID) == "" {
			return fail("devices[%d].device_id: must not be empty", i)
		}
		if j, dup := ids[d.DeviceID]; dup {
			return fail("devices[%d].device_id: %s is also devices[%d]", i, d.DeviceID, j)
		}
		ids[d.DeviceID] = i
		if d.KioskNumber == nil {
			return fail("devices[%d] (%s): kiosk_number is missing", i, d.DeviceID)
		}
		if j, dup := numbers[*d.KioskNumber]; dup {
			return fail("devices[%d] (%s): kiosk_number %d is also that of devices[%d] (%s); kiosk numbers are unique in the fleet",
				i, d.DeviceID, *d.KioskNumber, j, sf.Devices[j].DeviceID)
		}
		numbers[*d.KioskNumber] = i
	}
	want := deviceID
	if want == "" && p.had {
		want = p.cfg.DeviceID
	}
	i, ok := ids[want]
	if !ok {
		names := make([]string, len(sf.Devices))
		for i, d := range sf.Devices {
			names[i] = d.DeviceID
		}
		if want == "" {
			return fail("lists %d devices (%s); choose one with --device-id", len(names), strings.Join(names, ", "))
		}
		return fail("lists no device %q (it lists %s)", want, strings.Join(names, ", "))
	}
	d := sf.Devices[i]
	p.cfg.DeviceID, p.cfg.KioskNumber, p.numberSet = d.DeviceID, *d.KioskNumber, true
	if d.Location != nil {
		p.cfg.Location = *d.Location
	}
	if d.Printer != nil {
		p.cfg.Printer = *d.Printer
	}
	if d.DeviceKey != "" {
		if p.deviceKey, err = offline.ParseKey([]byte(d.DeviceKey)); err != nil {
			return fail("devices[%d].device_key: %v", i, err)
		}
	}
	return nil
}

// cleanYAMLError drops the decoder's internal wording, keeping what names
// the line or the setting.
func cleanYAMLError(err error) string {
	s := err.Error()
	for _, junk := range []string{"error converting YAML to JSON: ", "error unmarshaling JSON: ", "while decoding JSON: ", "json: "} {
		s = strings.ReplaceAll(s, junk, "")
	}
	s = strings.ReplaceAll(s, "Go struct field siteFile.", "setting ")
	return s
}

// set applies one value given as text, by its name in the file, and
// checks it with the configuration's one validator, so that a prompt can
// ask again at once.
func (p *provisioner) set(key, v string) error {
	old := p.cfg
	oldSet := p.numberSet
	if err := p.apply(key, v); err != nil {
		return err
	}
	var ce *config.Error
	if errors.As(p.cfg.Validate(), &ce) {
		if prob, ok := ce.Problem(key); ok {
			p.cfg, p.numberSet = old, oldSet
			return prob
		}
	}
	return nil
}

// apply parses one value given as text into the configuration.
func (p *provisioner) apply(key, v string) error {
	v = strings.TrimSpace(v)
	c := &p.cfg
	none := strings.EqualFold(v, "none") || v == "-"
	parseFloat := func(min, max float64) (*float64, error) {
		if none || v == "" {
			return nil, nil
		}
		f, err := strconv.ParseFloat(kiosk.NormalizeDigits(v), 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a number", v)
		}
		if f < min || f > max {
			return nil, fmt.Errorf("%v is outside %v..%v", f, min, max)
		}
		return &f, nil
	}
	parseDuration := func() (config.Duration, error) {
		d, err := time.ParseDuration(v)
		if err != nil {
			return 0, fmt.Errorf("%q is not a duration such as 60s or 2m", v)
		}
		return config.Duration(d), nil
	}
	var err error
	switch key {
	case "device_id":
		c.DeviceID = v
	case "kiosk_number":
		n, err := strconv.Atoi(kiosk.NormalizeDigits(v))
		if err != nil {
			return fmt.Errorf("%q is not a number", v)
		}
		c.KioskNumber, p.numberSet = n, true
	case "site.fa", "site.en":
		if c.Site == nil {
			c.Site = kiosk.Text{}
		} else {
			c.Site = kiosk.Text{kiosk.Persian: c.Site[kiosk.Persian], kiosk.English: c.Site[kiosk.English]}
		}
		c.Site[kiosk.Lang(strings.TrimPrefix(key, "site."))] = v
	case "location.lat":
		c.Location.Lat, err = parseFloat(-90, 90)
	case "location.long":
		c.Location.Long, err = parseFloat(-180, 180)
	case "location.address":
		if none {
			v = ""
		}
		c.Location.Address = v
	case "mode":
		c.Mode = config.Mode(v)
	case "languages":
		var langs []kiosk.Lang
		for _, s := range splitList(v) {
			langs = append(langs, kiosk.Lang(s))
		}
		c.Languages = langs
	case "services":
		if strings.EqualFold(v, "all") || v == "" {
			c.Services = nil
		} else {
			c.Services = splitList(v)
		}
	case "back_office.url":
		if none || v == "" {
			c.BackOffice = config.BackOffice{}
			p.newAPIKey = false
			return nil
		}
		c.BackOffice.URL = v
	case "back_office.api_key":
		if v == "" {
			return errors.New("must not be empty")
		}
		c.BackOffice.APIKey, c.BackOffice.APIKeyFile, p.newAPIKey = v, "", true
	case "back_office.jurisdiction_id":
		if none {
			v = ""
		}
		c.BackOffice.JurisdictionID = v
	case "back_office.allow_insecure":
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("%q is neither true nor false", v)
		}
		c.BackOffice.AllowInsecure = b
	case "status_url":
		if none {
			v = ""
		}
		c.StatusURL = v
	case "printer.queue":
		if none {
			v = ""
		}
		c.Printer.Queue = v
	case "printer.paper":
		c.Printer.Paper = config.Paper(v)
	case "idle.warn":
		c.Idle.Warn, err = parseDuration()
	case "idle.grace":
		c.Idle.Grace, err = parseDuration()
	case "metrics.listen":
		c.Metrics.Listen = config.Switchable(v)
	default:
		return fmt.Errorf("unknown setting %s", key)
	}
	return err
}

func splitList(v string) []string {
	var out []string
	for _, s := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '،' }) {
		out = append(out, strings.TrimSpace(s))
	}
	return out
}

// setPIN checks a new PIN and keeps only its hash.
func (p *provisioner) setPIN(pin string) error {
	if err := gate.ValidatePIN(pin); err != nil {
		return err
	}
	h, err := gate.HashPIN(pin)
	if err != nil {
		return err
	}
	p.cfg.Technician.PINHash, p.cfg.Technician.PINHashFile, p.newPIN = h, "", true
	return nil
}

// check validates the whole configuration as a provisioned device needs
// it: the configuration's own validator, then what provisioning adds (a
// kiosk number from a source, services the catalogue has, a PIN).
func (p *provisioner) check() error {
	c := &p.cfg
	fail := func(format string, a ...any) error { return fmt.Errorf("invalid configuration: "+format, a...) }
	if !p.numberSet {
		return fail("kiosk_number: required; every device of the fleet has its own (--kiosk-number, or the site file)")
	}
	if err := c.Validate(); err != nil {
		return err
	}
	cat, err := loadCatalogue(*c, p.dir)
	if err != nil {
		return fail("the device's catalogue: %v", err)
	}
	for _, code := range c.Services {
		if _, ok := cat.Service(code); !ok {
			var codes []string
			for _, s := range cat.Services {
				codes = append(codes, s.Code)
			}
			return fail("services: no service %q in the catalogue (it has %s)", code, strings.Join(codes, ", "))
		}
	}
	if c.BackOffice.URL == "" {
		p.warn("no back office: submissions will stay on this device until one is provisioned")
	}
	if q := c.Printer.Queue; q != "" && !cupsKnows(q) {
		p.warn("CUPS does not know the printer queue %q (yet?); kioskctl doctor will check it", q)
	}
	if c.Technician.PINHash == "" {
		return fail("technician PIN: required, to open the technician screen (-i, --pin-stdin, or technician.pin in the site file)")
	}
	return nil
}

// cupsKnows reports whether lpstat knows the queue; false also when CUPS
// is not installed.
func cupsKnows(queue string) bool {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return exec.CommandContext(ctx, "lpstat", "-p", queue).Run() == nil
}

// summary prints the configuration about to be written, without secrets.
func (p *provisioner) summary() {
	c := p.cfg
	w := p.out
	fmt.Fprintf(w, "device       %s, kiosk number %d, %s mode\n", c.DeviceID, c.KioskNumber, c.Mode)
	fmt.Fprintf(w, "site         %s / %s\n", c.Site[kiosk.Persian], c.Site[kiosk.English])
	loc := c.Location.Address
	if c.Location.Lat != nil {
		loc = strings.TrimSpace(fmt.Sprintf("%v,%v %s", *c.Location.Lat, *c.Location.Long, loc))
	}
	fmt.Fprintf(w, "location     %s\n", orNone(loc))
	langs := make([]string, len(c.Languages))
	for i, l := range c.Languages {
		langs[i] = string(l)
	}
	fmt.Fprintf(w, "languages    %s (default %s)\n", strings.Join(langs, ", "), langs[0])
	svcs := "all"
	if len(c.Services) > 0 {
		svcs = strings.Join(c.Services, ", ")
	}
	fmt.Fprintf(w, "services     %s\n", svcs)
	bo := "none"
	if c.BackOffice.URL != "" {
		bo = c.BackOffice.URL
		if c.BackOffice.JurisdictionID != "" {
			bo += " (jurisdiction " + c.BackOffice.JurisdictionID + ")"
		}
		if p.newAPIKey {
			bo += "; api_key: new"
		} else {
			bo += "; api_key: kept"
		}
	}
	fmt.Fprintf(w, "back office  %s\n", bo)
	fmt.Fprintf(w, "status URL   %s\n", orNone(c.StatusURL))
	printer := "none: receipts on screen and in the spool folder"
	if c.Mode == config.ModeTV {
		printer = "none (TV)"
	} else if c.Printer.Queue != "" {
		printer = "CUPS queue " + c.Printer.Queue
	}
	fmt.Fprintf(w, "printer      %s, paper %s\n", printer, orNone(string(c.Printer.Paper)))
	warn, grace := c.IdleTimes()
	fmt.Fprintf(w, "idle         warn after %v, wipe %v later\n", warn, grace)
	fmt.Fprintf(w, "metrics      %s\n", orNone(c.Metrics.Address()))
	pin := "kept"
	if p.newPIN {
		pin = "new"
	}
	fmt.Fprintf(w, "PIN          %s (argon2id hash only)\n", pin)
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// commit installs the device key if one was supplied, then writes the
// configuration and its secrets in one atomic step.
func (p *provisioner) commit() error {
	if err := os.MkdirAll(p.dir, 0o700); err != nil {
		return fmt.Errorf("provision: %w", err)
	}
	installedKey := false
	if p.deviceKey != nil {
		_, err := offline.LoadKey(p.dir)
		installedKey = errors.Is(err, offline.ErrNoKey)
		if err := offline.InstallKey(p.dir, p.deviceKey); err != nil {
			return fmt.Errorf("provision: %w (the queue's personal data is sealed with the device key; nothing was changed)", err)
		}
	}
	cfg := p.cfg
	if !p.newAPIKey && cfg.BackOffice.APIKeyFile != "" {
		cfg.BackOffice.APIKey = "" // keep the file the configuration names
	}
	if !p.newPIN && cfg.Technician.PINHashFile != "" {
		cfg.Technician.PINHash = ""
	}
	cfg.Provisioning = &config.ProvisioningRecord{At: time.Now().UTC().Truncate(time.Second), Tool: "kioskctl " + kiosk.Version(), Source: p.source}
	if err := config.Commit(p.configPath, cfg); err != nil {
		if installedKey && !fileExists(filepath.Join(p.dir, offline.DBFile)) {
			os.Remove(filepath.Join(p.dir, offline.KeyFile))
		}
		return fmt.Errorf("provision: %w; the old configuration is still in force", err)
	}
	fmt.Fprintf(p.out, "provisioned %s (kiosk %d): %s; secrets in %s (mode 0600)\n", p.cfg.DeviceID, p.cfg.KioskNumber,
		p.configPath, filepath.Join(filepath.Dir(p.configPath), config.SecretsDir))
	if fileExists(filepath.Join(p.dir, offline.DBFile)) {
		fmt.Fprintf(p.out, "the queue in %s is kept\n", filepath.Join(p.dir, offline.DBFile))
	}
	fmt.Fprintln(p.out, "a running kiosk restarts on the new configuration as soon as no citizen is using it; then run: kioskctl doctor -data "+p.dir)
	return nil
}

// audit records a provisioning written (or whose writing failed) in the
// device's audit log: who the device became and which secrets changed,
// never their values.
func (p *provisioner) audit(stderr io.Writer, err error) {
	detail := fmt.Sprintf("device %s, kiosk %d", orNone(p.cfg.DeviceID), p.cfg.KioskNumber)
	if p.source != "" {
		detail += ", from " + p.source
	}
	if err == nil {
		apiKey, pin := "kept", "kept"
		if p.newAPIKey {
			apiKey = "new"
		}
		if p.newPIN {
			pin = "new"
		}
		detail += fmt.Sprintf("; api_key %s, PIN %s", apiKey, pin)
		if p.deviceKey != nil {
			detail += ", device key supplied"
		}
	}
	var secrets []string
	if cfg, cerr := config.Load(p.configPath); cerr == nil {
		secrets = append(secrets, cfg.BackOffice.APIKey)
	}
	secrets = append(secrets, p.cfg.BackOffice.APIKey)
	auditAction(p.dir, stderr, "provision", err, detail, secrets...)
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// prompt is one question of the interactive mode.
type prompt struct {
	key, question string
	current       func(c *config.Config) string
	// secret answers are not echoed; required ones cannot be left empty.
	secret, required bool
	skip             func(c *config.Config) bool
}

func floatText(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}

var prompts = []prompt{
	{key: "device_id", question: "Device ID", required: true, current: func(c *config.Config) string { return c.DeviceID }},
	{key: "kiosk_number", question: "Kiosk number (1-99999, unique in the fleet)", required: true, current: func(c *config.Config) string { return strconv.Itoa(c.KioskNumber) }},
	{key: "site.fa", question: "Site name in Persian", required: true, current: func(c *config.Config) string { return c.Site[kiosk.Persian] }},
	{key: "site.en", question: "Site name in English", required: true, current: func(c *config.Config) string { return c.Site[kiosk.English] }},
	{key: "location.lat", question: "Latitude (none for no coordinates)", current: func(c *config.Config) string { return floatText(c.Location.Lat) }},
	{key: "location.long", question: "Longitude", current: func(c *config.Config) string { return floatText(c.Location.Long) },
		skip: func(c *config.Config) bool { return c.Location.Lat == nil }},
	{key: "location.address", question: "Address", current: func(c *config.Config) string { return c.Location.Address }},
	{key: "mode", question: "Mode (kiosk or tv)", current: func(c *config.Config) string { return string(c.Mode) }},
	{key: "languages", question: "Languages, default first (fa,en)", current: func(c *config.Config) string {
		s := make([]string, len(c.Languages))
		for i, l := range c.Languages {
			s[i] = string(l)
		}
		return strings.Join(s, ",")
	}},
	{key: "services", question: "Services (all, or codes separated by commas)", current: func(c *config.Config) string {
		if len(c.Services) == 0 {
			return "all"
		}
		return strings.Join(c.Services, ",")
	}},
	{key: "back_office.url", question: "Back office Open311 URL (none for no back office)", current: func(c *config.Config) string { return c.BackOffice.URL }},
	{key: "back_office.api_key", question: "Back office api_key", secret: true, required: true, current: func(c *config.Config) string { return c.BackOffice.APIKey },
		skip: func(c *config.Config) bool { return c.BackOffice.URL == "" }},
	{key: "back_office.jurisdiction_id", question: "Jurisdiction ID (none if the back office has one)", current: func(c *config.Config) string { return c.BackOffice.JurisdictionID },
		skip: func(c *config.Config) bool { return c.BackOffice.URL == "" }},
	{key: "status_url", question: "Status page URL for receipts (none)", current: func(c *config.Config) string { return c.StatusURL }},
	{key: "printer.queue", question: "CUPS printer queue (none for no printer)", current: func(c *config.Config) string { return c.Printer.Queue },
		skip: func(c *config.Config) bool { return c.Mode == config.ModeTV }},
	{key: "printer.paper", question: "Paper (80mm or a4)", current: func(c *config.Config) string { return string(c.Printer.Paper) },
		skip: func(c *config.Config) bool { return c.Mode == config.ModeTV }},
	{key: "idle.warn", question: "Idle time before the warning", current: func(c *config.Config) string { w, _ := c.IdleTimes(); return w.String() }},
	{key: "idle.grace", question: "Countdown after the warning", current: func(c *config.Config) string { _, g := c.IdleTimes(); return g.String() }},
	{key: "metrics.listen", question: "Metrics address (off to disable)", current: func(c *config.Config) string { return c.Metrics.Address() }},
}

// maxTries bounds how often one question is asked again after a wrong
// answer.
const maxTries = 5

var errInputEnded = errors.New("input ended before every question was answered; nothing written")

// ask walks through every prompt, offering the current value.
func (p *provisioner) ask() error {
	fmt.Fprintln(p.out, "Press Enter to keep the value in brackets.")
	for _, q := range prompts {
		if q.skip != nil && q.skip(&p.cfg) {
			continue
		}
		cur := q.current(&p.cfg)
		if q.key == "kiosk_number" && !p.numberSet {
			// A number derived from the host name is no fleet number:
			// the technician must give one.
			cur = ""
		}
		shown := cur
		if q.secret && cur != "" {
			shown = "keep current"
		}
		for try := 1; ; try++ {
			label := q.question
			if shown != "" {
				label += " [" + shown + "]"
			}
			answer, err := p.readLine(label+": ", q.secret)
			if err != nil {
				return err
			}
			if answer == "" && cur == "" && q.required {
				fmt.Fprintln(p.out, "  a value is needed")
				if try >= maxTries {
					return fmt.Errorf("%s: no valid answer after %d tries; nothing written", q.key, maxTries)
				}
				continue
			}
			if answer == "" {
				break
			}
			if err := p.set(q.key, answer); err != nil {
				fmt.Fprintf(p.out, "  %v\n", err)
				if try >= maxTries {
					return fmt.Errorf("%s: no valid answer after %d tries; nothing written", q.key, maxTries)
				}
				continue
			}
			break
		}
	}
	return p.askPIN()
}

// askPIN asks for the PIN twice; Enter keeps the current one.
func (p *provisioner) askPIN() error {
	has := p.cfg.Technician.PINHash != ""
	for try := 1; ; try++ {
		label := "Technician PIN (6-12 digits)"
		if has {
			label += " [keep current]"
		}
		pin, err := p.readLine(label+": ", true)
		if err != nil {
			return err
		}
		if pin == "" && has {
			return nil
		}
		err = gate.ValidatePIN(pin)
		if err == nil {
			again, rerr := p.readLine("Technician PIN again: ", true)
			if rerr != nil {
				return rerr
			}
			if gate.NormalizePIN(again) != gate.NormalizePIN(pin) {
				err = errors.New("the two PINs differ")
			}
		}
		if err == nil {
			return p.setPIN(pin)
		}
		fmt.Fprintf(p.out, "  %v\n", err)
		if try >= maxTries {
			return fmt.Errorf("technician PIN: no valid answer after %d tries; nothing written", maxTries)
		}
	}
}

func (p *provisioner) confirm(question string) (bool, error) {
	for {
		a, err := p.readLine(question+" [Y/n]: ", false)
		if err != nil {
			return false, err
		}
		switch strings.ToLower(a) {
		case "", "y", "yes":
			return true, nil
		case "n", "no":
			return false, nil
		}
	}
}

// readLine prompts and reads one line; a secret is read without echo when
// standard input is a terminal.
func (p *provisioner) readLine(label string, secret bool) (string, error) {
	fmt.Fprint(p.out, label)
	if secret && p.tty != nil {
		if restore, ok := noEcho(p.tty); ok {
			defer func() {
				restore()
				fmt.Fprintln(p.out)
			}()
		}
	}
	line, err := p.in.ReadString('\n')
	if err != nil && (!errors.Is(err, io.EOF) || line == "") {
		fmt.Fprintln(p.out)
		return "", errInputEnded
	}
	return strings.TrimSpace(line), nil
}
