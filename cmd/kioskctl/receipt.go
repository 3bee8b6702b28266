package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/kiosk/typeset"
	"github.com/pishkhan/pishkhan/offline"
	"github.com/pishkhan/pishkhan/printer"
)

const receiptUsage = `usage: kioskctl receipt verify [-data DIR | -key-file FILE | -receipt-key HEX] [-status-url URL] STRING
       kioskctl receipt key [-data DIR | -key-file FILE]
       kioskctl receipt status [-data DIR] [-config FILE] [-queue NAME]
       kioskctl receipt sample [-data DIR] [-config FILE] [-lang fa|en] [-paper 80mm|a4] -o FILE.pdf

  verify  check a string decoded from a receipt's QR code: say whether it is
          genuine and what it claims (tracking code, kiosk, service, time,
          status page); a link to another status page than -status-url
          (default: DATA/config.yaml's status_url, when the key is read
          from DATA) is refused, whoever signed it
  key     print the receipt key (hex) for the back office to verify
          receipts with; it cannot decrypt anything on the device
  status  read the receipt printer's state (exit 1 when it cannot print)
  sample  write a sample receipt PDF, signed with the device key

The device key is DATA/device.key (default data directory /var/lib/pishkhan).`

const defaultDataDir = "/var/lib/pishkhan"

// runReceipt dispatches the receipt subcommands.
func runReceipt(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{receiptUsage}
	}
	switch args[0] {
	case "verify":
		return runReceiptVerify(args[1:], stdout, stderr)
	case "key":
		return runReceiptKey(args[1:], stdout, stderr)
	case "status":
		return runReceiptStatus(args[1:], stdout, stderr)
	case "sample":
		return runReceiptSample(args[1:], stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprintln(stdout, receiptUsage)
		return nil
	}
	return usageError{fmt.Sprintf("unknown receipt command %q\n%s", args[0], receiptUsage)}
}

// parseInterspersed parses flags placed before, between or after the
// positional arguments (kioskctl receipt verify STRING -data DIR).
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usageError{err.Error()}
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// keyFlags are the ways to name the key a receipt is checked with.
type keyFlags struct {
	dataDir, keyFile, receiptKey string
}

func (k *keyFlags) register(fs *flag.FlagSet, withReceiptKey bool) {
	fs.StringVar(&k.dataDir, "data", defaultDataDir, "data directory holding the device key ("+offline.KeyFile+")")
	fs.StringVar(&k.keyFile, "key-file", "", "device key file (64 hex digits or 32 bytes); overrides -data")
	if withReceiptKey {
		fs.StringVar(&k.receiptKey, "receipt-key", "", "receipt key in hex, as the back office holds it (see kioskctl receipt key)")
	}
}

// fromDataDir says whether the key is the data directory's device key.
func (k *keyFlags) fromDataDir() bool { return k.receiptKey == "" && k.keyFile == "" }

// load returns the key receipts are signed with.
func (k *keyFlags) load() ([]byte, error) {
	if k.receiptKey != "" {
		key, err := hex.DecodeString(strings.TrimSpace(k.receiptKey))
		if err != nil || len(key) == 0 {
			return nil, usageError{"-receipt-key: want the receipt key in hex"}
		}
		return key, nil
	}
	if k.keyFile != "" {
		data, err := os.ReadFile(k.keyFile)
		if err != nil {
			return nil, fmt.Errorf("read device key: %w", err)
		}
		dk, err := offline.ParseKey(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k.keyFile, err)
		}
		return kiosk.ReceiptKey(dk), nil
	}
	dk, err := offline.LoadKey(k.dataDir)
	if err != nil {
		return nil, fmt.Errorf("%w (name the key with -data DIR or -key-file FILE)", err)
	}
	return kiosk.ReceiptKey(dk), nil
}

func runReceiptVerify(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("receipt verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var k keyFlags
	k.register(fs, true)
	statusURL := fs.String("status-url", "", "the status page the device's receipts link to (its status_url); default: DATA/config.yaml's, when the key is read from DATA")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"usage: kioskctl receipt verify [-data DIR | -key-file FILE | -receipt-key HEX] [-status-url URL] STRING"}
	}
	key, err := k.load()
	if err != nil {
		return err
	}
	if *statusURL == "" && k.fromDataDir() {
		cfg, err := config.Load(filepath.Join(k.dataDir, "config.yaml"))
		if err != nil {
			return fmt.Errorf("read the expected status page: %w (or name it with -status-url)", err)
		}
		*statusURL = cfg.StatusURL
	}
	c, err := kiosk.VerifyReceiptAt(key, *statusURL, strings.TrimSpace(pos[0]))
	switch {
	case errors.Is(err, kiosk.ErrReceiptSignature):
		return errors.New("NOT GENUINE: the receipt was forged or altered, or signed by another kiosk")
	case errors.Is(err, kiosk.ErrReceiptStatusURL):
		return fmt.Errorf("NOT GENUINE: %v", err)
	case errors.Is(err, kiosk.ErrReceiptFormat):
		return fmt.Errorf("NOT A RECEIPT: %v", err)
	case err != nil:
		return err
	}
	w := &errWriter{w: stdout}
	if c.UnsignedStatusURL != "" {
		w.printf("genuine receipt, but its status address was not covered by the signature: do not trust the link\n")
	} else {
		w.printf("genuine receipt\n")
	}
	w.printf("  tracking code  %s\n", c.TrackingCode.String())
	w.printf("  kiosk          %s\n", c.KioskID)
	w.printf("  service        %s\n", c.ServiceCode)
	w.printf("  issued         %s %s Tehran (%s, %s UTC)\n",
		c.IssuedAt.In(kiosk.Tehran).Format("2006-01-02"), kiosk.FormatTime(kiosk.English, c.IssuedAt),
		kiosk.ToSolar(c.IssuedAt), c.IssuedAt.UTC().Format("2006-01-02 15:04:05"))
	switch {
	case c.StatusURL != "":
		w.printf("  status page    %s (covered by the signature)\n", c.StatusURL)
	case c.UnsignedStatusURL != "":
		w.printf("  status page    %s (NOT covered by the signature: printed before v2)\n", c.UnsignedStatusURL)
	}
	return w.err
}

func runReceiptKey(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("receipt key", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var k keyFlags
	k.register(fs, false)
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fs.NArg() != 0 {
		return usageError{"usage: kioskctl receipt key [-data DIR | -key-file FILE]"}
	}
	key, err := k.load()
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(stdout, hex.EncodeToString(key))
	return err
}

// deviceFlags locate a device's configuration.
type deviceFlags struct {
	dataDir, configPath string
}

func (d *deviceFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&d.dataDir, "data", defaultDataDir, "data directory")
	fs.StringVar(&d.configPath, "config", "", "configuration file (default DATA/config.yaml)")
}

func (d *deviceFlags) config() (config.Config, error) {
	path := d.configPath
	if path == "" {
		path = filepath.Join(d.dataDir, "config.yaml")
	}
	return config.Load(path)
}

// spoolDir is where the kiosk keeps receipt PDFs: DATA/spool.
func (d *deviceFlags) spoolDir() string { return filepath.Join(d.dataDir, "spool") }

func runReceiptStatus(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("receipt status", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var d deviceFlags
	d.register(fs)
	queue := fs.String("queue", "", "CUPS queue (default: the configuration's printer.queue)")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fs.NArg() != 0 {
		return usageError{"usage: kioskctl receipt status [-data DIR] [-config FILE] [-queue NAME]"}
	}
	var p kiosk.Printer
	var what string
	if *queue == "" {
		cfg, err := d.config()
		if err != nil {
			return err
		}
		*queue = cfg.Printer.Queue
	}
	if *queue != "" {
		p = &printer.CUPS{Queue: *queue}
		what = "CUPS queue " + *queue
	} else {
		p = &printer.Spool{Dir: d.spoolDir()}
		what = "no printer configured: receipts go to " + d.spoolDir()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	st := p.Status(ctx)
	w := &errWriter{w: stdout}
	w.printf("%s\n  state   %s — %s\n  detail  %s\n", what, st.State, printer.StateMessage(kiosk.English, st.State), st.Detail)
	if w.err != nil {
		return w.err
	}
	if !st.CanPrint() {
		return fmt.Errorf("printer cannot print: %s", st.State)
	}
	return nil
}

func runReceiptSample(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("receipt sample", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var d deviceFlags
	d.register(fs)
	lang := fs.String("lang", "fa", "language: fa or en")
	paper := fs.String("paper", "", "80mm or a4 (default: the configuration's printer.paper)")
	out := fs.String("o", "", "PDF file to write")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	l, err := kiosk.ParseLang(*lang)
	if err != nil || fs.NArg() != 0 || *out == "" {
		return usageError{"usage: kioskctl receipt sample [-data DIR] [-config FILE] [-lang fa|en] [-paper 80mm|a4] -o FILE.pdf"}
	}
	cfg, err := d.config()
	if err != nil {
		return err
	}
	if *paper == "" {
		*paper = string(cfg.Printer.Paper)
	}
	fonts, err := typeset.LoadFonts(cfg.FontPath)
	if err != nil {
		return err
	}
	dk, err := offline.LoadKey(d.dataDir)
	signedWith := "the device key of " + d.dataDir
	if errors.Is(err, offline.ErrNoKey) {
		dk = make([]byte, offline.KeySize)
		rand.Read(dk)
		signedWith = "a throwaway key (no device key in " + d.dataDir + ")"
	} else if err != nil {
		return err
	}
	is, err := kiosk.NewIssuer(cfg.KioskNumber, kiosk.SystemClock{}, 0)
	if err != nil {
		return err
	}
	svc := kiosk.DefaultCatalogue().Services[0]
	r := kiosk.Receipt{
		TrackingCode: is.Next(),
		ServiceCode:  svc.Code,
		ServiceName:  svc.Name,
		Agency:       svc.Agency,
		IssuedAt:     time.Now(),
		KioskID:      cfg.DeviceID,
		Site:         cfg.Site,
		Lang:         l,
	}
	r.QR = kiosk.SignReceipt(dk, r, cfg.StatusURL)
	pdf, err := printer.Render(r, printer.Options{Paper: config.Paper(*paper), Fonts: fonts, Location: cfg.Location.Address})
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, pdf, 0o644); err != nil {
		return fmt.Errorf("write sample receipt: %w", err)
	}
	_, err = fmt.Fprintf(stdout, "%s: sample receipt %s (%d bytes), QR signed with %s\n", *out, r.TrackingCode.String(), len(pdf), signedWith)
	return err
}

// errWriter keeps the first write error, so a run of prints checks once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
