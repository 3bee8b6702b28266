package kiosk

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
	"strconv"
	"strings"
	"time"

	"sigs.k8s.io/yaml"
)

// Mode is the kind of device the kiosk runs on.
type Mode string

// Device modes.
const (
	ModeKiosk Mode = "kiosk" // touch screen, usually a receipt printer
	ModeTV    Mode = "tv"    // set-top box driven by a remote, no printer
)

// Config is a device's configuration, written by provisioning and read at
// start. The zero parts take the defaults of DefaultConfig.
type Config struct {
	// DeviceID names the device in the fleet (e.g. "IKA-T1-07").
	DeviceID string `json:"device_id"`
	// KioskNumber is the fleet-unique number carried in tracking codes.
	KioskNumber int      `json:"kiosk_number"`
	Site        Text     `json:"site,omitempty"`
	Location    Location `json:"location,omitempty"`
	Mode        Mode     `json:"mode,omitempty"`
	// Languages offered, default first.
	Languages []Lang `json:"languages,omitempty"`
	// Services enabled, by code; empty means every service of the catalogue.
	Services   []string   `json:"services,omitempty"`
	BackOffice BackOffice `json:"back_office,omitempty"`
	// StatusURL, when set, is printed in the receipt's QR code with the
	// tracking code appended, so a phone can open the request's status.
	StatusURL string        `json:"status_url,omitempty"`
	Printer   PrinterConfig `json:"printer,omitempty"`
	Idle      IdleConfig    `json:"idle,omitempty"`
	// FontPath overrides the UI font (a TTF/OTF covering Persian and Latin).
	FontPath string `json:"font_path,omitempty"`
	// CataloguePath overrides the embedded service catalogue.
	CataloguePath string `json:"catalogue_path,omitempty"`
	// Retention is how long personal data is kept after the back office
	// has acknowledged a submission.
	Retention Duration `json:"retention,omitempty"`
	// Technician guards the technician screen.
	Technician TechnicianConfig `json:"technician,omitzero"`
	// Metrics is the Prometheus endpoint for fleet monitoring.
	Metrics MetricsConfig `json:"metrics,omitzero"`
	// Provisioning records when and how the file was written; it is
	// informational and absent from hand-written files.
	Provisioning *ProvisioningRecord `json:"provisioning,omitempty"`
	// Provisioned is false for a device running on defaults.
	Provisioned bool `json:"-"`
}

// TechnicianConfig guards the technician screen.
type TechnicianConfig struct {
	// PINHashFile names the file (mode 0600) holding the argon2id hash of
	// the technician PIN (see HashPIN), relative to the configuration
	// file's folder. Without it the technician screen cannot be opened.
	PINHashFile string `json:"pin_hash_file,omitempty"`
	// PINHash is the hash read from PINHashFile by LoadConfig.
	PINHash string `json:"-"`
}

// MetricsConfig sets the Prometheus endpoint.
type MetricsConfig struct {
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
func (m MetricsConfig) Address() string {
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
	// out of the configuration file, in APIKeyFile; LoadConfig reads it
	// from there.
	APIKey string `json:"api_key,omitempty"`
	// APIKeyFile names the file (mode 0600) holding the api_key, relative
	// to the configuration file's folder.
	APIKeyFile     string `json:"api_key_file,omitempty"`
	JurisdictionID string `json:"jurisdiction_id,omitempty"`
	// AllowInsecure permits plain HTTP to a host other than loopback.
	AllowInsecure bool `json:"allow_insecure,omitempty"`
}

// PrinterConfig selects the receipt printer.
type PrinterConfig struct {
	// Queue is a CUPS queue name; empty means receipts go to the spool
	// folder only.
	Queue string `json:"queue,omitempty"`
	// Paper is "80mm" (default) or "a4".
	Paper string `json:"paper,omitempty"`
}

// IdleConfig sets the idle timer. Zero values take the defaults of the
// device's mode (see Config.IdleTimes).
type IdleConfig struct {
	Warn  Duration `json:"warn,omitempty"`
	Grace Duration `json:"grace,omitempty"`
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

// DefaultConfig is the configuration of an unprovisioned device: kiosk
// mode, both languages, every service, no back office, receipts to the
// spool folder.
func DefaultConfig() Config {
	host, _ := os.Hostname()
	if host == "" {
		host = "pishkhan"
	}
	return Config{
		DeviceID:    host,
		KioskNumber: kioskNumberFor(host),
		Site:        Text{Persian: "پیشخوان", English: "Pishkhan"},
		Mode:        ModeKiosk,
		Languages:   []Lang{Persian, English},
		Printer:     PrinterConfig{Paper: "80mm"},
		Retention:   Duration(7 * 24 * time.Hour),
		Metrics:     MetricsConfig{Listen: DefaultMetricsListen},
	}
}

// kioskNumberFor derives a kiosk number for an unprovisioned device from
// its name. Provisioning assigns fleet-unique numbers; this only keeps a
// demo device's codes stable.
func kioskNumberFor(name string) int {
	h := fnv.New32a()
	h.Write([]byte(name))
	return int(h.Sum32() % (MaxKioskNumber + 1))
}

// LoadConfig reads the configuration file at path over the defaults, and
// the secrets it names (api_key_file, technician.pin_hash_file, relative
// to the file's folder). A missing file is not an error: the device runs
// unprovisioned.
func LoadConfig(path string) (Config, error) {
	cfg := DefaultConfig()
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

// Validate reports the first invalid setting, by its name in the file.
func (c *Config) Validate() error {
	if strings.TrimSpace(c.DeviceID) == "" {
		return errors.New("device_id: must not be empty")
	}
	if c.KioskNumber < 0 || c.KioskNumber > MaxKioskNumber {
		return fmt.Errorf("kiosk_number: %d outside 0..%d", c.KioskNumber, MaxKioskNumber)
	}
	switch c.Mode {
	case ModeKiosk, ModeTV:
	default:
		return fmt.Errorf("mode: %q is neither kiosk nor tv", c.Mode)
	}
	if len(c.Languages) == 0 {
		return errors.New("languages: at least one is needed")
	}
	for _, l := range c.Languages {
		if _, err := ParseLang(string(l)); err != nil {
			return fmt.Errorf("languages: %w", err)
		}
	}
	if c.Location.Lat != nil && (*c.Location.Lat < -90 || *c.Location.Lat > 90) {
		return fmt.Errorf("location.lat: %v outside -90..90", *c.Location.Lat)
	}
	if c.Location.Long != nil && (*c.Location.Long < -180 || *c.Location.Long > 180) {
		return fmt.Errorf("location.long: %v outside -180..180", *c.Location.Long)
	}
	if (c.Location.Lat == nil) != (c.Location.Long == nil) {
		return errors.New("location: lat and long go together")
	}
	if c.BackOffice.URL != "" {
		if err := CheckBackOfficeURL(c.BackOffice.URL, c.BackOffice.AllowInsecure); err != nil {
			return fmt.Errorf("back_office.url: %w", err)
		}
	}
	switch c.Printer.Paper {
	case "", "80mm", "a4":
	default:
		return fmt.Errorf("printer.paper: %q is neither 80mm nor a4", c.Printer.Paper)
	}
	if c.Idle.Grace != 0 && time.Duration(c.Idle.Grace) < MinIdleGrace {
		return fmt.Errorf("idle.grace: %v is under the %v a citizen needs to ask for more time", time.Duration(c.Idle.Grace), MinIdleGrace)
	}
	if c.Idle.Warn < 0 {
		return fmt.Errorf("idle.warn: %v is negative", time.Duration(c.Idle.Warn))
	}
	if c.Retention < 0 {
		return fmt.Errorf("retention: %v is negative", time.Duration(c.Retention))
	}
	if c.Technician.PINHash != "" {
		if _, err := parsePINHash(c.Technician.PINHash); err != nil {
			return fmt.Errorf("technician.pin_hash_file: %w", err)
		}
	}
	if err := c.Metrics.check(); err != nil {
		return fmt.Errorf("metrics.listen: %w", err)
	}
	return nil
}

// check accepts "off", or host:port on a loopback host (any host with
// AllowRemote).
func (m MetricsConfig) check() error {
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
