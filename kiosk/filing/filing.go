// Package filing is the use case of filing a citizen's submission: store
// it durably, make and sign its receipt, print the receipt or keep it on
// the device. The session (a citizen at the screen) and the technician's
// control socket (a test submission) both file through a Filer, off the UI
// thread: its calls wait on fsyncs and on the printer.
package filing

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
)

// Filer files submissions into an outbox and prints their receipts. Its
// fields are set once, before use; it is then safe for concurrent use.
type Filer struct {
	Outbox kiosk.Outbox
	Issuer *kiosk.Issuer
	// Printer prints receipts; nil on a device without one (TV).
	Printer kiosk.Printer
	Clock   kiosk.Clock
	KioskID string
	Site    kiosk.Text
	// Sign returns the signed QR string of a receipt (kiosk.SignReceipt);
	// nil puts the bare tracking code in it.
	Sign func(kiosk.Receipt) string
	// PrintTimeout bounds asking the printer and printing (default 30s).
	PrintTimeout time.Duration
}

var _ kiosk.Filer = (*Filer)(nil)

// File stores the draft as a new submission with the next tracking code
// and returns its signed receipt. It keeps no reference to d.Answers, so
// the caller can clear them once it returns. The outbox's write is not interrupted
// once begun (a commit cannot be undone halfway), so File returns when
// the submission is durable or has failed. The error wraps
// kiosk.ErrStorageFull when the device has no room left.
func (f *Filer) File(ctx context.Context, d kiosk.Draft) (kiosk.Receipt, error) {
	if d.Service == nil {
		return kiosk.Receipt{}, errors.New("file submission: no service")
	}
	id := d.ID
	if id == "" {
		var err error
		if id, err = kiosk.NewSubmissionID(); err != nil {
			return kiosk.Receipt{}, fmt.Errorf("file submission: %w", err)
		}
	}
	now := f.Clock.Now()
	sub := kiosk.Submission{
		ID:               id,
		TrackingCode:     f.Issuer.Next(),
		ServiceCode:      d.Service.Code,
		CatalogueVersion: d.CatalogueVersion,
		KioskID:          f.KioskID,
		Lang:             d.Lang,
		CreatedAt:        now,
		Answers:          maps.Clone(d.Answers),
	}
	if err := f.Outbox.Enqueue(ctx, sub); err != nil {
		return kiosk.Receipt{}, fmt.Errorf("file submission for %s: %w", d.Service.Code, err)
	}
	return f.Receipt(sub.TrackingCode, d.Service, now, f.KioskID, d.Lang), nil
}

// Receipt makes and signs the receipt of a stored submission; svc may be
// a service only known by its code (one since dropped from the catalogue).
func (f *Filer) Receipt(code kiosk.TrackingCode, svc *kiosk.Service, issued time.Time, kioskID string, lang kiosk.Lang) kiosk.Receipt {
	r := kiosk.Receipt{
		TrackingCode: code,
		ServiceCode:  svc.Code,
		ServiceName:  svc.Name,
		Agency:       svc.Agency,
		IssuedAt:     issued,
		KioskID:      kioskID,
		Site:         f.Site,
		Lang:         lang,
		QR:           string(code),
	}
	if f.Sign != nil {
		r.QR = f.Sign(r)
	}
	return r
}

// HasPrinter reports whether the device has a printer.
func (f *Filer) HasPrinter() bool { return f.Printer != nil }

// Print asks the printer's state, then prints r. A receipt the printer
// cannot take (out of paper, offline) is kept on the device when the
// printer can keep it (kiosk.ReceiptKeeper), for a technician to print
// later; the citizen still has it on screen.
func (f *Filer) Print(ctx context.Context, r kiosk.Receipt) kiosk.PrintOutcome {
	if f.Printer == nil {
		return kiosk.PrintOutcome{Key: "print.unavailable", Err: kiosk.ErrPrinterUnavailable}
	}
	timeout := f.PrintTimeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	out := kiosk.PrintOutcome{Status: f.Printer.Status(ctx)}
	if !out.Status.CanPrint() {
		// A failure to keep it changes nothing for the citizen.
		if k, ok := f.Printer.(kiosk.ReceiptKeeper); ok {
			_ = k.Keep(ctx, r)
		}
		out.Key = "print.unavailable"
		if out.Status.State == kiosk.PrinterPaperOut {
			out.Key = "print.paper_out"
		}
		return out
	}
	if err := f.Printer.Print(ctx, r); err != nil {
		out.Err = err
		out.Key = "print.unavailable"
		if errors.Is(err, kiosk.ErrPaperOut) {
			out.Key = "print.paper_out"
		}
		return out
	}
	out.Printed = true
	return out
}
