package screens_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/pishkhan/pishkhan/kiosk"
)

// walkToReceipt fills the police clearance request and submits it.
func walkToReceipt(t *testing.T, r *rig) {
	t.Helper()
	l := r.sess.State().Lang
	r.pressKeys(kiosk.LocalizeDigits(l, "0013542419"))
	r.tapMsg("keyboard.done")
	r.pressKeys(kiosk.LocalizeDigits(l, "09351234567"))
	r.tapMsg("nav.next")
	r.tap(r.choice("kind", "clearance"))
	r.tapMsg("nav.next")
	r.stage(kiosk.StageForm)
	r.typeFocused("Reza")
	r.tap(r.choice("clearance_purpose", "employment"))
	r.tapMsg("form.agree")
	r.tapMsg("nav.next")
	r.stage(kiosk.StageReview)
	r.tapMsg("review.confirm")
	r.tapMsg("consent.submit")
	r.stage(kiosk.StageReceipt)
}

// TestReceiptPrintStates checks what the receipt screen says for each way
// printing can go, and that reprinting after a failure works.
func TestReceiptPrintStates(t *testing.T) {
	cases := []struct {
		name    string
		lang    kiosk.Lang
		printer bool
		fail    error
		state   kiosk.PrinterState
		wantKey string
	}{
		{"printed", kiosk.English, true, nil, kiosk.PrinterReady, "receipt.printed"},
		{"paper out before printing", kiosk.Persian, true, nil, kiosk.PrinterPaperOut, "print.paper_out"},
		{"print fails", kiosk.English, true, fmt.Errorf("lp: %w", kiosk.ErrPrinterUnavailable), kiosk.PrinterReady, "print.unavailable"},
		{"paper runs out while printing", kiosk.Persian, true, fmt.Errorf("lp: %w", kiosk.ErrPaperOut), kiosk.PrinterReady, "print.paper_out"},
		{"no printer", kiosk.Persian, false, nil, kiosk.PrinterReady, "receipt.no_printer"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var opts []rigOption
			if !tc.printer {
				opts = append(opts, withoutPrinter())
			}
			r := newRig(t, opts...)
			r.printer.StatusFunc = func() kiosk.PrinterStatus { return kiosk.PrinterStatus{State: tc.state} }
			r.printer.PrintFunc = func(kiosk.Receipt) error { return tc.fail }
			r.startIn(tc.lang)
			r.open("police")
			walkToReceipt(t, r)

			if !r.shows(kiosk.Msg(tc.lang, tc.wantKey)) {
				t.Fatalf("receipt does not say %q; shown: %q", kiosk.Msg(tc.lang, tc.wantKey), r.texts())
			}
			reprints := r.buttons(kiosk.Msg(tc.lang, "receipt.reprint"))
			if !tc.printer {
				if len(reprints) != 0 {
					t.Error("a reprint button on a kiosk without a printer")
				}
				return
			}
			if len(reprints) != 1 {
				t.Fatalf("%d reprint buttons", len(reprints))
			}
			// The technician refills the paper; the citizen prints again.
			r.printer.StatusFunc = nil
			r.printer.PrintFunc = nil
			r.tapMsg("receipt.reprint")
			if !r.shows(kiosk.Msg(tc.lang, "receipt.printed")) {
				t.Errorf("after reprinting the receipt does not say printed; shown: %q", r.texts())
			}
		})
	}
}

// TestReceiptQRHoldsTheSignedReceipt decodes the QR code drawn on the
// receipt screen.
func TestReceiptQRHoldsTheSignedReceipt(t *testing.T) {
	r := newRig(t)
	r.startIn(kiosk.English)
	r.open("police")
	walkToReceipt(t, r)
	st := r.sess.State()

	// Read the code from what the screen shows, as a phone would.
	img := r.w.Canvas().Capture()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("decode QR: %v", err)
	}
	if res.GetText() != st.Receipt.QR {
		t.Errorf("QR holds %q, want %q", res.GetText(), st.Receipt.QR)
	}
	if !bytes.Contains([]byte(st.Receipt.QR), []byte(st.Receipt.TrackingCode)) {
		t.Errorf("receipt QR %q does not carry the tracking code %s", st.Receipt.QR, st.Receipt.TrackingCode)
	}
}

// TestReceiptNamesTheAgency: the receipt screen names the agency the
// request went to, in the session's language only, as the printed
// receipt does.
func TestReceiptNamesTheAgency(t *testing.T) {
	pol, _ := kiosk.DefaultCatalogue().Service("police")
	for _, l := range kiosk.Languages {
		t.Run(string(l), func(t *testing.T) {
			other := kiosk.Persian
			if l == kiosk.Persian {
				other = kiosk.English
			}
			r := newRig(t)
			r.startIn(l)
			r.open("police")
			walkToReceipt(t, r)
			want := pol.Agency[l]
			if want == "" || !r.shows(want) {
				t.Fatalf("receipt screen does not name the agency %q; shown: %q", want, r.texts())
			}
			if r.showsContaining(pol.Agency[other]) {
				t.Errorf("receipt screen in %s shows the agency in %s too; shown: %q", l, other, r.texts())
			}
			if got := r.printer.printed; len(got) != 1 || got[0].Agency[l] != want {
				t.Errorf("printed %+v, want one receipt naming %q", got, want)
			}
		})
	}
}
