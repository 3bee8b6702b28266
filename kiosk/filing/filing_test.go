package filing_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/filing"
)

type clock struct{ t time.Time }

func (c clock) Now() time.Time { return c.t }

type outbox struct {
	err    error
	stored []kiosk.Submission
}

func (o *outbox) Enqueue(_ context.Context, s kiosk.Submission) error {
	if o.err != nil {
		return o.err
	}
	o.stored = append(o.stored, s)
	return nil
}

type printer struct {
	status  kiosk.PrinterState
	err     error
	printed []kiosk.Receipt
	kept    []kiosk.Receipt
}

func (p *printer) Status(context.Context) kiosk.PrinterStatus {
	return kiosk.PrinterStatus{State: p.status, Detail: "test queue"}
}

func (p *printer) Print(_ context.Context, r kiosk.Receipt) error {
	if p.err != nil {
		return p.err
	}
	p.printed = append(p.printed, r)
	return nil
}

func (p *printer) Keep(_ context.Context, r kiosk.Receipt) error {
	p.kept = append(p.kept, r)
	return nil
}

func newFiler(t *testing.T, o kiosk.Outbox, p kiosk.Printer) *filing.Filer {
	t.Helper()
	c := clock{time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)}
	is, err := kiosk.NewIssuer(7, c, 0)
	if err != nil {
		t.Fatal(err)
	}
	f := &filing.Filer{Outbox: o, Issuer: is, Clock: c, KioskID: "IKA-T1-07",
		Site: kiosk.Text{kiosk.English: "Airport"}, Sign: func(r kiosk.Receipt) string { return "signed:" + string(r.TrackingCode) }}
	if p != nil {
		f.Printer = p
	}
	return f
}

func TestFile(t *testing.T) {
	svc, _ := kiosk.DefaultCatalogue().Service("police")
	answers := map[string]string{"national_code": "0013542419"}
	tests := []struct {
		name    string
		id      string
		err     error
		wantErr error
	}{
		{name: "a new ID"},
		{name: "the caller's ID", id: "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"},
		{name: "disk full", err: fmt.Errorf("enqueue: %w", kiosk.ErrStorageFull), wantErr: kiosk.ErrStorageFull},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := &outbox{err: tt.err}
			f := newFiler(t, o, nil)
			r, err := f.File(context.Background(), kiosk.Draft{ID: tt.id, Service: svc, CatalogueVersion: "v1", Lang: kiosk.English, Answers: answers})
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || len(o.stored) != 0 {
					t.Fatalf("File = %v with %d stored, want %v and nothing", err, len(o.stored), tt.wantErr)
				}
				return
			}
			if err != nil || len(o.stored) != 1 {
				t.Fatalf("File = %v with %d stored", err, len(o.stored))
			}
			s := o.stored[0]
			if tt.id != "" && s.ID != tt.id || s.ID == "" {
				t.Errorf("stored ID %q, want %q", s.ID, tt.id)
			}
			if s.TrackingCode != r.TrackingCode || s.KioskID != "IKA-T1-07" || s.CatalogueVersion != "v1" || s.Answers["national_code"] != "0013542419" {
				t.Errorf("stored %+v for receipt %+v", s, r)
			}
			if r.QR != "signed:"+string(r.TrackingCode) || r.Agency[kiosk.English] == "" || r.Site[kiosk.English] != "Airport" {
				t.Errorf("receipt %+v: not signed, or without agency and site", r)
			}
			// The caller may clear its answers: the stored copy is its own.
			clear(answers)
			if s.Answers["national_code"] == "" {
				t.Error("the stored submission shares the caller's answers")
			}
			answers["national_code"] = "0013542419"
		})
	}
}

func TestPrint(t *testing.T) {
	r := kiosk.Receipt{TrackingCode: "0000-7009-2594-7764"}
	tests := []struct {
		name      string
		printer   *printer
		printed   bool
		key       string
		kept      bool
		wantError error
	}{
		{name: "ready", printer: &printer{status: kiosk.PrinterReady}, printed: true},
		{name: "no status reported", printer: &printer{status: kiosk.PrinterUnknown}, printed: true},
		{name: "out of paper: kept", printer: &printer{status: kiosk.PrinterPaperOut}, key: "print.paper_out", kept: true},
		{name: "offline: kept", printer: &printer{status: kiosk.PrinterOffline}, key: "print.unavailable", kept: true},
		{name: "paper ran out while printing", printer: &printer{status: kiosk.PrinterReady, err: kiosk.ErrPaperOut},
			key: "print.paper_out", wantError: kiosk.ErrPaperOut},
		{name: "no printer", key: "print.unavailable", wantError: kiosk.ErrPrinterUnavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p kiosk.Printer
			if tt.printer != nil {
				p = tt.printer
			}
			f := newFiler(t, &outbox{}, p)
			if f.HasPrinter() != (tt.printer != nil) {
				t.Fatalf("HasPrinter = %v", f.HasPrinter())
			}
			out := f.Print(context.Background(), r)
			if out.Printed != tt.printed || out.Key != tt.key {
				t.Errorf("Print = %+v, want printed %v key %q", out, tt.printed, tt.key)
			}
			if tt.wantError != nil && !errors.Is(out.Err, tt.wantError) {
				t.Errorf("Print error %v, want %v", out.Err, tt.wantError)
			}
			if tt.printer != nil && (len(tt.printer.kept) == 1) != tt.kept {
				t.Errorf("kept %d receipts, want kept=%v", len(tt.printer.kept), tt.kept)
			}
		})
	}
}
