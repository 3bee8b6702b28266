package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/typeset"
	"github.com/pishkhan/pishkhan/offline"
	"github.com/pishkhan/pishkhan/offline/control"
	"github.com/pishkhan/pishkhan/printer"
)

func runSubmit(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("submit", stderr)
	var t target
	t.flags(fs)
	var req control.SubmitRequest
	req.Values = map[string]string{}
	fs.StringVar(&req.Service, "service", "", "service code (see the catalogue)")
	fs.Func("set", "an answer, FIELD=VALUE (repeat for each field)", func(v string) error {
		field, value, ok := strings.Cut(v, "=")
		if !ok || field == "" {
			return fmt.Errorf("%q is not FIELD=VALUE", v)
		}
		if _, dup := req.Values[field]; dup {
			return fmt.Errorf("field %s set twice", field)
		}
		req.Values[field] = value
		return nil
	})
	lang := fs.String("lang", "fa", "language of the submission and its receipt (fa or en)")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	fs.BoolVar(&t.init, "init", false, "allow a data directory no device was provisioned with (creates its device key and outbox)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if req.Service == "" || len(pos) > 0 {
		return usageError{"usage: kioskctl submit --service CODE --set FIELD=VALUE ... [--lang fa|en] [-data DIR] [--init]"}
	}
	req.Lang = kiosk.Lang(*lang)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := submitOnce(ctx, &t, req)
	// The service and the tracking code, never the answers.
	detail := "service " + req.Service
	if err == nil {
		detail += ", tracking code " + res.Receipt.TrackingCode.String()
		switch {
		case res.Printed:
			detail += ", receipt printed"
		case res.PrintError != "":
			detail += ", receipt not printed: " + res.PrintError
		}
	}
	t.audit(stderr, "submit", err, detail)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	// The tracking code alone on the first line, for scripts.
	fmt.Fprintln(stdout, res.Receipt.TrackingCode)
	fmt.Fprintf(stdout, "stored in the outbox: %s, %s\n", res.Receipt.ServiceCode, res.Receipt.IssuedAt.Local().Format(time.DateTime))
	switch {
	case res.Printed:
		fmt.Fprintln(stdout, "receipt printed")
	case res.PrintError != "":
		fmt.Fprintf(stdout, "receipt NOT printed: %s (the submission is stored all the same)\n", res.PrintError)
	default:
		fmt.Fprintln(stdout, "no printer on this kiosk: receipt not printed")
	}
	_, err = fmt.Fprintf(stdout, "receipt QR: %s\n", res.Receipt.QR)
	return err
}

// submitOnce makes one submission, through the running kiosk or by
// itself.
func submitOnce(ctx context.Context, t *target, req control.SubmitRequest) (control.SubmitResult, error) {
	q, done, err := t.open(ctx, submitting)
	if err != nil {
		return control.SubmitResult{}, err
	}
	defer done()
	return q.Submit(ctx, req)
}

// newSubmitter wires a test submission when kioskctl opened the data
// directory itself: the same validation, outbox and receipt path as the
// kiosk (issuer after the stored serials, receipts signed with the device
// key, printed by the configured printer or into the spool folder).
func newSubmitter(dir string, cfg kiosk.Config, cat *kiosk.Catalogue, o *offline.Outbox) (*control.Submitter, error) {
	key, err := offline.LoadKey(dir)
	if err != nil {
		return nil, err
	}
	clock := kiosk.SystemClock{}
	issuer, err := kiosk.NewIssuer(cfg.KioskNumber, clock, o.LastSerial())
	if err != nil {
		return nil, err
	}
	// The kiosk's printer, or none on a TV (the receipt is only shown).
	var p kiosk.Printer
	if cfg.Mode != kiosk.ModeTV {
		fonts, err := typeset.LoadFonts(cfg.FontPath)
		if err != nil {
			return nil, err
		}
		if p, err = printer.New(cfg.Printer, filepath.Join(dir, "spool"), printer.Options{Fonts: fonts, Location: cfg.Location.Address}); err != nil {
			return nil, err
		}
	}
	return &control.Submitter{
		Catalogue:   cat,
		Outbox:      o,
		Issuer:      issuer,
		Printer:     p,
		Clock:       clock,
		KioskID:     cfg.DeviceID,
		Site:        cfg.Site,
		SignReceipt: func(r kiosk.Receipt) string { return kiosk.SignReceipt(key, r, cfg.StatusURL) },
	}, nil
}
