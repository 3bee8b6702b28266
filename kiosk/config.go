package kiosk

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"net/url"
	"os"
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
	// Provisioned is false for a device running on defaults.
	Provisioned bool `json:"-"`
}

// Location is where the device stands, sent with every submission.
type Location struct {
	Lat     *float64 `json:"lat,omitempty"`
	Long    *float64 `json:"long,omitempty"`
	Address string   `json:"address,omitempty"`
}

// BackOffice is the Open311 GeoReport v2 endpoint submissions go to.
type BackOffice struct {
	URL            string `json:"url,omitempty"`
	APIKey         string `json:"api_key,omitempty"`
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

// IdleConfig sets the idle timer.
type IdleConfig struct {
	Warn  Duration `json:"warn,omitempty"`
	Grace Duration `json:"grace,omitempty"`
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
		Idle:        IdleConfig{Warn: Duration(60 * time.Second), Grace: Duration(30 * time.Second)},
		Retention:   Duration(7 * 24 * time.Hour),
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

// LoadConfig reads the configuration file at path over the defaults. A
// missing file is not an error: the device runs unprovisioned.
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
	if err := cfg.Validate(); err != nil {
		return cfg, fmt.Errorf("load config %s: %w", path, err)
	}
	cfg.Provisioned = true
	return cfg, nil
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
	return nil
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
		if allowInsecure || h == "localhost" || h == "::1" || strings.HasPrefix(h, "127.") {
			return nil
		}
		return fmt.Errorf("%s is plain HTTP to a host other than loopback; use HTTPS or set allow_insecure", raw)
	}
	return fmt.Errorf("%s: scheme must be https", raw)
}
