package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/kiosk/filing"
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
	fs.Func("id", "the submission's ID, a UUIDv7 (default: a new one); the same ID again is never stored twice", func(v string) error {
		id, err := kiosk.ParseSubmissionID(v)
		req.ID = id
		return err
	})
	lang := fs.String("lang", "fa", "language of the submission and its receipt (fa or en)")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	fs.BoolVar(&t.init, "init", false, "allow a data directory no device was provisioned with (creates its device key and outbox)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if req.Service == "" || len(pos) > 0 {
		return usageError{"usage: kioskctl submit --service CODE --set FIELD=VALUE ... [--id UUID] [--lang fa|en] [-data DIR] [--init]"}
	}
	req.Lang = kiosk.Lang(*lang)
	if req.ID == "" {
		if req.ID, err = kiosk.NewSubmissionID(); err != nil {
			return err
		}
	}
	res, err := submitSafely(&t, req)
	// The service, the ID and the tracking code, never the answers.
	detail := "service " + req.Service
	if err == nil {
		detail += ", tracking code " + res.Receipt.TrackingCode.String()
		switch {
		case res.AlreadyStored:
			detail += ", already stored: not stored again"
		case res.Printed:
			detail += ", receipt printed"
		case res.PrintError != "":
			detail += ", receipt not printed: " + res.PrintError
		}
	}
	detail += ", submission " + req.ID
	t.audit(stderr, "submit", err, detail)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			ID string `json:"id"`
			control.SubmitResult
		}{req.ID, res})
	}
	// The tracking code alone on the first line, for scripts.
	fmt.Fprintln(stdout, res.Receipt.TrackingCode)
	when := res.Receipt.IssuedAt.Local().Format(time.DateTime)
	if res.AlreadyStored {
		fmt.Fprintf(stdout, "already stored in the outbox, not stored again: %s, %s, submission %s\n", res.Receipt.ServiceCode, when, req.ID)
		fmt.Fprintln(stdout, "receipt not printed again")
	} else {
		fmt.Fprintf(stdout, "stored in the outbox: %s, %s, submission %s\n", res.Receipt.ServiceCode, when, req.ID)
		switch {
		case res.Printed:
			fmt.Fprintln(stdout, "receipt printed")
		case res.PrintError != "":
			fmt.Fprintf(stdout, "receipt NOT printed: %s (the submission is stored all the same)\n", res.PrintError)
		default:
			fmt.Fprintln(stdout, "no printer on this kiosk: receipt not printed")
		}
	}
	_, err = fmt.Fprintf(stdout, "receipt QR: %s\n", res.Receipt.QR)
	return err
}

// Asking again when the kiosk took a submission but its answer was lost.
var (
	submitTries     = 3
	submitRetryWait = 2 * time.Second
)

// errMaybeStored says that no answer came back for a submission: it may
// or may not be stored. It has its own exit code, for scripts.
type errMaybeStored struct {
	id  string
	err error
}

func (e errMaybeStored) Error() string {
	return fmt.Sprintf("no answer after %d tries (%v): the submission may or may not have been stored. "+
		"Run the same kioskctl submit again with --id %s to find out; it will not be stored twice", submitTries, e.err, e.id)
}

func (e errMaybeStored) Unwrap() error { return e.err }
func (e errMaybeStored) ExitCode() int { return 3 }

// submitSafely makes one submission, through the running kiosk or by
// itself, asking again under the same ID while the kiosk's answer is
// lost: the kiosk answers a stored ID with the submission it stored.
func submitSafely(t *target, req control.SubmitRequest) (control.SubmitResult, error) {
	for try := 1; ; try++ {
		res, err := submitOnce(t, req)
		if !errors.Is(err, control.ErrNoAnswer) {
			return res, err
		}
		if try == submitTries {
			return res, errMaybeStored{id: req.ID, err: err}
		}
		time.Sleep(submitRetryWait)
	}
}

// submitOnce makes one attempt, through the running kiosk or by itself.
func submitOnce(t *target, req control.SubmitRequest) (control.SubmitResult, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
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
func newSubmitter(dir string, cfg config.Config, cat *kiosk.Catalogue, o *offline.Outbox) (*control.Submitter, error) {
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
	if cfg.Mode != config.ModeTV {
		fonts, err := typeset.LoadFonts(cfg.FontPath)
		if err != nil {
			return nil, err
		}
		if p, err = printer.New(cfg.Printer, filepath.Join(dir, "spool"), printer.Options{Fonts: fonts, Location: cfg.Location.Address}); err != nil {
			return nil, err
		}
	}
	return &control.Submitter{
		Catalogue: cat,
		Filer: &filing.Filer{
			Outbox:  o,
			Issuer:  issuer,
			Printer: p,
			Clock:   clock,
			KioskID: cfg.DeviceID,
			Site:    cfg.Site,
			Sign:    func(r kiosk.Receipt) string { return kiosk.SignReceipt(key, r, cfg.StatusURL) },
		},
		Stored: o,
	}, nil
}
