// Package config is the device's configuration: what provisioning writes
// and the kiosk reads at start (Config, Load, Commit), with the one
// validator every path goes through (Config.Validate, whatever the source:
// a hand-written file, kioskctl provision's flags, site file or answers),
// the secrets kept beside the file, and the reports a running device gives
// of itself (DeviceStatus, RuntimeReport).
//
// The shared vocabulary is the configuration file's: a setting is named as
// in the file (back_office.url, printer.paper), and an *Error lists every
// invalid one as a Problem. The citizen's domain (kiosk) knows nothing of
// this package; it is handed what it needs (languages, kiosk number, idle
// times) by cmd.
package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"sigs.k8s.io/yaml"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/gate"
)

// Mode is the kind of device the kiosk runs on.
type Mode string

// Device modes.
const (
	ModeKiosk Mode = "kiosk" // touch screen, usually a receipt printer
	ModeTV    Mode = "tv"    // set-top box driven by a remote, no printer
)

// Config is a device's configuration, written by provisioning and read at
// start. The zero parts take the defaults of Default.
type Config struct {
	// DeviceID names the device in the fleet (e.g. "IKA-T1-07").
	DeviceID string `json:"device_id"`
	// KioskNumber is the fleet-unique number carried in tracking codes.
	KioskNumber int        `json:"kiosk_number"`
	Site        kiosk.Text `json:"site,omitempty"`
	Location    Location   `json:"location,omitempty"`
	Mode        Mode       `json:"mode,omitempty"`
	// Languages offered, default first.
	Languages []kiosk.Lang `json:"languages,omitempty"`
	// Services enabled, by code; empty means every service of the catalogue.
	Services   []string   `json:"services,omitempty"`
	BackOffice BackOffice `json:"back_office,omitempty"`
	// StatusURL, when set, is printed in the receipt's QR code with the
	// tracking code appended, so a phone can open the request's status.
	StatusURL string  `json:"status_url,omitempty"`
	Printer   Printer `json:"printer,omitempty"`
	Idle      Idle    `json:"idle,omitempty"`
	// FontPath overrides the UI font (a TTF/OTF covering Persian and Latin).
	FontPath string `json:"font_path,omitempty"`
	// CataloguePath overrides the embedded service catalogue.
	CataloguePath string `json:"catalogue_path,omitempty"`
	// Retention is how long personal data is kept after the back office
	// has acknowledged a submission.
	Retention Duration `json:"retention,omitempty"`
	// Technician guards the technician screen.
	Technician Technician `json:"technician,omitzero"`
	// Metrics is the Prometheus endpoint for fleet monitoring.
	Metrics Metrics `json:"metrics,omitzero"`
	// Speech sets spoken output (espeak-ng) for citizens who cannot see
	// the screen.
	Speech Speech `json:"speech,omitzero"`
	// Provisioning records when and how the file was written; it is
	// informational and absent from hand-written files.
	Provisioning *ProvisioningRecord `json:"provisioning,omitempty"`
	// Provisioned is false for a device running on defaults.
	Provisioned bool `json:"-"`
}

// Technician guards the technician screen.
type Technician struct {
	// PINHashFile names the file (mode 0600) holding the argon2id hash of
	// the technician PIN (see gate.HashPIN), relative to the configuration
	// file's folder. Without it the technician screen cannot be opened.
	PINHashFile string `json:"pin_hash_file,omitempty"`
	// PINHash is the hash read from PINHashFile by Load.
	PINHash string `json:"-"`
}

// Speech sets spoken output.
type Speech struct {
	// Enabled starts every session with speech on, for sites that want it
	// always (the kiosk's -speech flag does the same).
	Enabled bool `json:"enabled,omitempty"`
	// Device is the ALSA device speech plays on (aplay -D); the default
	// device when empty.
	Device string `json:"device,omitempty"`
}

// Metrics sets the Prometheus endpoint.
type Metrics struct {
	// Listen is the address the endpoint listens on (default
	// DefaultMetricsListen), or "off".
	Listen Switchable `json:"listen,omitempty"`
	// AllowRemote permits a listen address other than loopback. Metrics
	// hold no personal data, but they say how a device is used.
	AllowRemote bool `json:"allow_remote,omitempty"`
}

// DefaultMetricsListen is where the metrics endpoint listens unless the
// configuration says otherwise: loopback, so only the device itself (or a
// tunnel a fleet operator opens) can scrape it.
const DefaultMetricsListen = "127.0.0.1:9311"

// Address returns the address to listen on, or "" when metrics are off.
func (m Metrics) Address() string {
	switch s := strings.TrimSpace(string(m.Listen)); s {
	case "off":
		return ""
	case "":
		return DefaultMetricsListen
	default:
		return s
	}
}

// Switchable is a setting that is a value or "off". In YAML an unquoted
// off (or no, false) reads as the boolean false, which means "off" too.
type Switchable string

// UnmarshalJSON accepts a string, or false for "off" and true for the
// default.
func (s *Switchable) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case "false":
		*s = "off"
		return nil
	case "true":
		*s = ""
		return nil
	}
	var v string
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("want an address or off: %w", err)
	}
	*s = Switchable(v)
	return nil
}

// ProvisioningRecord says when, by what and from what a configuration
// file was provisioned.
type ProvisioningRecord struct {
	At time.Time `json:"at"`
	// Tool is the provisioning program and its version.
	Tool string `json:"tool,omitempty"`
	// Source is the provisioning file's name, or "flags" or
	// "interactive".
	Source string `json:"source,omitempty"`
}

// Location is where the device stands, sent with every submission.
type Location struct {
	Lat     *float64 `json:"lat,omitempty"`
	Long    *float64 `json:"long,omitempty"`
	Address string   `json:"address,omitempty"`
}

// BackOffice is the Open311 GeoReport v2 endpoint submissions go to.
type BackOffice struct {
	URL string `json:"url,omitempty"`
	// APIKey is the key sent with every submission. Provisioning keeps it
	// out of the configuration file, in APIKeyFile; Load reads it
	// from there.
	APIKey string `json:"api_key,omitempty"`
	// APIKeyFile names the file (mode 0600) holding the api_key, relative
	// to the configuration file's folder.
	APIKeyFile     string `json:"api_key_file,omitempty"`
	JurisdictionID string `json:"jurisdiction_id,omitempty"`
	// AllowInsecure permits plain HTTP to a host other than loopback.
	AllowInsecure bool `json:"allow_insecure,omitempty"`
}

// Printer selects the receipt printer.
type Printer struct {
	// Queue is a CUPS queue name; empty means receipts go to the spool
	// folder only.
	Queue string `json:"queue,omitempty"`
	// Paper is one of Papers; empty is the default, Paper80mm.
	Paper Paper `json:"paper,omitempty"`
}

// Paper is the medium receipts are laid out for.
type Paper string

// Receipt papers, as written in printer.paper.
const (
	Paper80mm Paper = "80mm" // receipt roll, page height fitted to the content
	PaperA4   Paper = "a4"   // office printer
)

// Papers lists every receipt paper, the default first.
var Papers = []Paper{Paper80mm, PaperA4}

// Idle sets the idle timer. Zero values take the defaults of the
// device's mode (see Config.IdleTimes).
type Idle struct {
	Warn  Duration `json:"warn,omitempty"`
	Grace Duration `json:"grace,omitempty"`
	// AccessibleMultiplier multiplies both times for a citizen in
	// audio-only mode or with large text (WCAG 2.2.1 allows more time);
	// DefaultIdleAccessibleMultiplier when zero, 1 to 10.
	AccessibleMultiplier float64 `json:"accessible_multiplier,omitempty"`
}

// DefaultIdleAccessibleMultiplier gives a citizen listening to the screens
// or reading them in large text twice the time.
const DefaultIdleAccessibleMultiplier = 2

// maxIdleAccessibleMultiplier keeps a forgotten session from holding the
// kiosk for an hour.
const maxIdleAccessibleMultiplier = 10

// IdleAccessibleMultiplier returns the multiplier of the idle times in
// force for a citizen in audio-only mode or with large text.
func (c *Config) IdleAccessibleMultiplier() float64 {
	if m := c.Idle.AccessibleMultiplier; m > 0 {
		return m
	}
	return DefaultIdleAccessibleMultiplier
}

// Default idle times. A walk-up kiosk in an airport is left by its citizen
// within a minute; a TV in a living room is not, and wiping a family's
// half-filled form while they fetch a document would be unkind.
const (
	DefaultKioskIdleWarn  = 60 * time.Second
	DefaultKioskIdleGrace = 30 * time.Second
	DefaultTVIdleWarn     = 5 * time.Minute
	DefaultTVIdleGrace    = 60 * time.Second
)

// IdleTimes returns the idle warning and grace times in force: the
// configured ones, else the defaults of the device's mode.
func (c *Config) IdleTimes() (warn, grace time.Duration) {
	warn, grace = DefaultKioskIdleWarn, DefaultKioskIdleGrace
	if c.Mode == ModeTV {
		warn, grace = DefaultTVIdleWarn, DefaultTVIdleGrace
	}
	if c.Idle.Warn > 0 {
		warn = time.Duration(c.Idle.Warn)
	}
	if c.Idle.Grace > 0 {
		grace = time.Duration(c.Idle.Grace)
	}
	return warn, grace
}

// Duration is a time.Duration written as "90s" or "2m" in configuration.
type Duration time.Duration

// MarshalJSON writes the duration as a string such as "1m30s".
func (d Duration) MarshalJSON() ([]byte, error) {
	return json.Marshal(time.Duration(d).String())
}

// UnmarshalJSON reads a duration string such as "90s".
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("duration must be a string like \"90s\": %w", err)
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// Default is the configuration of an unprovisioned device: kiosk
// mode, both languages, every service, no back office, receipts to the
// spool folder.
func Default() Config {
	host, _ := os.Hostname()
	if host == "" {
		host = "pishkhan"
	}
	return Config{
		DeviceID:    host,
		KioskNumber: kioskNumberFor(host),
		Site:        kiosk.Text{kiosk.Persian: "پیشخوان", kiosk.English: "Pishkhan"},
		Mode:        ModeKiosk,
		Languages:   []kiosk.Lang{kiosk.Persian, kiosk.English},
		Printer:     Printer{Paper: Paper80mm},
		Retention:   Duration(7 * 24 * time.Hour),
		Metrics:     Metrics{Listen: DefaultMetricsListen},
	}
}

// kioskNumberFor derives a kiosk number for an unprovisioned device from
// its name. Provisioning assigns fleet-unique numbers; this only keeps a
// demo device's codes stable.
func kioskNumberFor(name string) int {
	h := fnv.New32a()
	h.Write([]byte(name))
	return int(h.Sum32()%kiosk.MaxKioskNumber) + 1
}

// Load reads the configuration file at path over the defaults, and
// the secrets it names (api_key_file, technician.pin_hash_file, relative
// to the file's folder). A missing file is not an error: the device runs
// unprovisioned.
func Load(path string) (Config, error) {
	cfg := Default()
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return cfg, nil
	}
	if err != nil {
		return cfg, fmt.Errorf("load config: %w", err)
	}
	if err := yaml.UnmarshalStrict(data, &cfg); err != nil {
		return cfg, fmt.Errorf("load config %s: %w", path, err)
	}
	if err := cfg.loadSecrets(filepath.Dir(path)); err != nil {
		return cfg, fmt.Errorf("load config %s: %w", path, err)
	}
	if err := cfg.Validate(); err != nil {
		return cfg, fmt.Errorf("load config %s: %w", path, err)
	}
	cfg.Provisioned = true
	return cfg, nil
}

// loadSecrets reads the files the configuration names for its secrets.
func (c *Config) loadSecrets(dir string) error {
	if c.BackOffice.APIKeyFile != "" {
		if c.BackOffice.APIKey != "" {
			return errors.New("back_office: api_key and api_key_file are both set; keep one")
		}
		key, err := readSecret(SecretPath(dir, c.BackOffice.APIKeyFile))
		if err != nil {
			return fmt.Errorf("back_office.api_key_file: %w", err)
		}
		c.BackOffice.APIKey = key
	}
	if c.Technician.PINHashFile != "" {
		h, err := readSecret(SecretPath(dir, c.Technician.PINHashFile))
		if err != nil {
			return fmt.Errorf("technician.pin_hash_file: %w", err)
		}
		c.Technician.PINHash = h
	}
	return nil
}

// SecretPath resolves a secret file named in a configuration file kept in
// dir.
func SecretPath(dir, name string) string {
	if filepath.IsAbs(name) {
		return name
	}
	return filepath.Join(dir, name)
}

// maxSecretSize bounds a secret file: keys and hashes are short.
const maxSecretSize = 4096

func readSecret(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	if len(data) > maxSecretSize {
		return "", fmt.Errorf("%s: %d bytes, more than a secret holds", path, len(data))
	}
	s := strings.TrimSpace(string(data))
	if s == "" {
		return "", fmt.Errorf("%s is empty", path)
	}
	return s, nil
}

// Limits of what a receipt and an Open311 request carry.
const (
	maxDeviceID  = 64
	maxSiteName  = 80
	maxAddress   = 160
	minIdleWarn  = 15 * time.Second
	maxQueueName = 127
)

// deviceIDRE is what a device ID may hold: it is printed on receipts,
// signed inside their QR string (fields joined by '|'), and sent to the
// back office.
var deviceIDRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// Problem is one invalid setting, named as in the configuration file.
type Problem struct {
	Field  string
	Reason string
}

// Error names the setting and what is wrong with it.
func (p Problem) Error() string { return p.Field + ": " + p.Reason }

// Error lists every invalid setting of a configuration.
type Error struct {
	Problems []Problem
}

// Error lists every problem on one line.
func (e *Error) Error() string {
	s := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		s[i] = p.Error()
	}
	return "invalid configuration: " + strings.Join(s, "; ")
}

// Problem returns the problem of the setting field, if it has one.
func (e *Error) Problem(field string) (Problem, bool) {
	for _, p := range e.Problems {
		if p.Field == field {
			return p, true
		}
	}
	return Problem{}, false
}

// Validate checks the configuration however it arrived (a hand-written
// file, provisioning's flags, site file or answers) and returns a
// *Error naming every invalid setting, or nil.
func (c *Config) Validate() error {
	var e Error
	bad := func(field, format string, a ...any) {
		e.Problems = append(e.Problems, Problem{field, fmt.Sprintf(format, a...)})
	}
	switch {
	case c.DeviceID == "":
		bad("device_id", "required")
	case len(c.DeviceID) > maxDeviceID:
		bad("device_id", "%d characters; at most %d", len(c.DeviceID), maxDeviceID)
	case !deviceIDRE.MatchString(c.DeviceID):
		bad("device_id", "%q: letters, digits, '.', '_' and '-' only, starting with a letter or digit", c.DeviceID)
	}
	if c.KioskNumber < 1 || c.KioskNumber > kiosk.MaxKioskNumber {
		bad("kiosk_number", "%d is not from 1 to %d", c.KioskNumber, kiosk.MaxKioskNumber)
	}
	for _, l := range kiosk.Languages {
		checkText(bad, "site."+string(l), c.Site[l], maxSiteName, true)
	}
	switch c.Mode {
	case ModeKiosk, ModeTV:
	default:
		bad("mode", "%q is neither kiosk nor tv", c.Mode)
	}
	if len(c.Languages) == 0 {
		bad("languages", "at least one is needed")
	}
	for i, l := range c.Languages {
		if _, err := kiosk.ParseLang(string(l)); err != nil {
			bad("languages", "%v", err)
		} else if slices.Contains(c.Languages[:i], l) {
			bad("languages", "%s given twice", l)
		}
	}
	for i, code := range c.Services {
		if slices.Contains(c.Services[:i], code) {
			bad("services", "%q given twice", code)
		}
	}
	if c.Location.Lat != nil && (*c.Location.Lat < -90 || *c.Location.Lat > 90) {
		bad("location.lat", "%v is outside -90..90", *c.Location.Lat)
	}
	if c.Location.Long != nil && (*c.Location.Long < -180 || *c.Location.Long > 180) {
		bad("location.long", "%v is outside -180..180", *c.Location.Long)
	}
	if (c.Location.Lat == nil) != (c.Location.Long == nil) {
		bad("location", "lat and long go together")
	}
	checkText(bad, "location.address", c.Location.Address, maxAddress, false)
	if c.BackOffice.URL != "" {
		if err := CheckBackOfficeURL(c.BackOffice.URL, c.BackOffice.AllowInsecure); err != nil {
			bad("back_office.url", "%v", err)
		}
		if c.BackOffice.APIKey == "" && c.BackOffice.APIKeyFile == "" {
			bad("back_office.api_key", "required with a back office (api_key_file)")
		}
	}
	if c.StatusURL != "" {
		if err := CheckBackOfficeURL(c.StatusURL, c.BackOffice.AllowInsecure); err != nil {
			bad("status_url", "%v", err)
		}
	}
	if q := c.Printer.Queue; q != "" {
		switch {
		case c.Mode == ModeTV:
			bad("printer.queue", "a TV has no receipt printer; leave it out")
		case len(q) > maxQueueName || strings.ContainsAny(q, " \t/\\#'\"") || strings.HasPrefix(q, "-") || strings.IndexFunc(q, unicode.IsControl) >= 0:
			bad("printer.queue", "%q is not a CUPS queue name", q)
		}
	}
	if c.Printer.Paper != "" && !slices.Contains(Papers, c.Printer.Paper) {
		bad("printer.paper", "%q is not one of %v", c.Printer.Paper, Papers)
	}
	if w := time.Duration(c.Idle.Warn); w != 0 && w < minIdleWarn {
		bad("idle.warn", "%v leaves a citizen too little time to read a step; at least %v", w, minIdleWarn)
	}
	if g := time.Duration(c.Idle.Grace); g != 0 && g < kiosk.MinIdleGrace {
		bad("idle.grace", "%v is under the %v a citizen needs to ask for more time", g, kiosk.MinIdleGrace)
	}
	if m := c.Idle.AccessibleMultiplier; m != 0 && (m < 1 || m > maxIdleAccessibleMultiplier) {
		bad("idle.accessible_multiplier", "%v must be between 1 (no more time) and %d", m, maxIdleAccessibleMultiplier)
	}
	if c.Retention < 0 {
		bad("retention", "%v is negative", time.Duration(c.Retention))
	}
	if c.Technician.PINHash != "" {
		if err := gate.CheckPINHash(c.Technician.PINHash); err != nil {
			bad("technician.pin_hash_file", "%v", err)
		}
	}
	if err := c.Metrics.check(); err != nil {
		bad("metrics.listen", "%v", err)
	}
	if d := c.Speech.Device; d != "" && (strings.HasPrefix(d, "-") || strings.IndexFunc(d, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0) {
		bad("speech.device", "%q is not an ALSA device name (such as default or plughw:1,0)", d)
	}
	if len(e.Problems) > 0 {
		return &e
	}
	return nil
}

// checkText checks a text printed on receipts and screens: one line, of
// bounded length.
func checkText(bad func(field, format string, a ...any), field, s string, max int, required bool) {
	switch n := utf8.RuneCountInString(s); {
	case required && strings.TrimSpace(s) == "":
		bad(field, "required")
	case n > max:
		bad(field, "%d characters; at most %d", n, max)
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		bad(field, "holds a control character (a line break?)")
	}
}

// check accepts "off", or host:port on a loopback host (any host with
// AllowRemote).
func (m Metrics) check() error {
	addr := m.Address()
	if addr == "" {
		return nil
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%q is not host:port or off: %w", addr, err)
	}
	if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		return fmt.Errorf("%q: port %q is not a number from 0 to 65535", addr, port)
	}
	if m.AllowRemote {
		return nil
	}
	if ip := net.ParseIP(host); host == "localhost" || (ip != nil && ip.IsLoopback()) {
		return nil
	}
	return fmt.Errorf("%q is not a loopback address; metrics stay on the device unless metrics.allow_remote is set", addr)
}

// CheckBackOfficeURL accepts HTTPS, and plain HTTP only to a loopback host
// unless allowInsecure is set.
func CheckBackOfficeURL(raw string, allowInsecure bool) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	if u.Host == "" {
		return fmt.Errorf("%q is not an absolute URL", raw)
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		h := u.Hostname()
		if allowInsecure || h == "localhost" {
			return nil
		}
		// A literal loopback address only: a name such as
		// 127.example.org is not loopback, whatever it starts with.
		if ip := net.ParseIP(h); ip != nil && ip.IsLoopback() {
			return nil
		}
		return fmt.Errorf("%s is plain HTTP to a host other than loopback; use HTTPS or set allow_insecure", raw)
	}
	return fmt.Errorf("%s: scheme must be https", raw)
}
