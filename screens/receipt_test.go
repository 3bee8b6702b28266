package screens_test

import (
	"bytes"
	"fmt"
	"image"
	"math"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
	encoder "github.com/skip2/go-qrcode"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/filing"
	"github.com/pishkhan/pishkhan/screens"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// walkToReceipt fills the police clearance request and submits it.
func walkToReceipt(t *testing.T, r *rig) {
	t.Helper()
	walkToConsent(t, r)
	r.tapMsg("consent.submit")
	r.stage(kiosk.StageReceipt)
}

// walkToConsent fills the police clearance request and stops on the
// consent screen.
func walkToConsent(t testing.TB, r *rig) {
	t.Helper()
	l := r.sess.State().Lang
	if nc := r.field("national_code"); !nc.Active() {
		test.Tap(nc) // on a television the step opens on the identity choice
	}
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
	r.stage(kiosk.StageConsent)
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

// TestReceiptScreenBuiltOnce holds the printer while the receipt shows
// "printing", then lets it answer: the screen says how printing went,
// with the reprint button enabled again, and it is the same screen, not
// one built again a moment after the first (the receipt's first frames
// were building it twice, issue 17).
func TestReceiptScreenBuiltOnce(t *testing.T) {
	for _, tt := range []struct {
		name    string
		lang    kiosk.Lang
		fail    error
		wantKey string
		enough  bool
	}{
		{name: "printed, fa", lang: kiosk.Persian, wantKey: "receipt.printed"},
		{name: "paper runs out, en", lang: kiosk.English, fail: fmt.Errorf("lp: %w", kiosk.ErrPaperOut), wantKey: "print.paper_out", enough: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var jobs sync.WaitGroup
			r := newRig(t, func(c *kiosk.SessionConfig, _ *screens.Options) { c.Go = func(f func()) { jobs.Go(f) } })
			printing, release := make(chan struct{}), make(chan struct{})
			r.printer.PrintFunc = func(kiosk.Receipt) error {
				close(printing)
				<-release
				return tt.fail
			}
			r.startIn(tt.lang)
			r.open("police")
			walkToConsent(t, r)
			r.tapMsg("consent.submit")
			<-printing // the receipt is drawn before printing starts

			msg := func(key string) string { return kiosk.Msg(tt.lang, key) }
			r.stage(kiosk.StageReceipt)
			if !r.shows(msg("receipt.printing")) || len(r.buttons(msg("receipt.reprint"))) != 0 {
				t.Fatalf("while printing the receipt shows %q, and %d reprint buttons enabled", r.texts(), len(r.buttons(msg("receipt.reprint"))))
			}
			done := r.buttons(msg("receipt.done"))
			close(release)
			jobs.Wait()

			if !r.shows(msg(tt.wantKey)) || r.shows(msg("receipt.printing")) {
				t.Errorf("once printing ended the receipt shows %q, want %q", r.texts(), msg(tt.wantKey))
			}
			if got := r.shows(msg("receipt.code_enough")); got != tt.enough {
				t.Errorf("says the code is enough: %t, want %t", got, tt.enough)
			}
			if len(r.buttons(msg("receipt.reprint"))) != 1 {
				t.Error("the reprint button is not enabled once printing ended")
			}
			if again := r.buttons(msg("receipt.done")); len(done) != 1 || len(again) != 1 || again[0] != done[0] {
				t.Error("the receipt screen was built again when printing ended")
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

// withReceiptQR makes every receipt's QR code hold qr.
func withReceiptQR(qr string) rigOption {
	return func(c *kiosk.SessionConfig, _ *screens.Options) {
		c.Filer.(*filing.Filer).Sign = func(kiosk.Receipt) string { return qr }
	}
}

// TestReceiptQRModulesAreWholePixels draws the receipt screen's QR code
// for contents of several lengths (QR versions 2 to 10) on a kiosk at
// 1280×1024 and 1280×800 (with large text too), on a canvas of scale 1.5,
// and on a television, and reads the capture back: every module of the
// code is the same whole number of pixels wide and high, the largest
// that fits the code's square (quiet zone included), every module cell
// is all dark or all light as the code says, the code is centred in its
// square, and it decodes. A code scaled by a fraction of a pixel per
// module has modules of two widths, which phones misread now and then.
func TestReceiptQRModulesAreWholePixels(t *testing.T) {
	contents := []struct{ name, qr string }{
		{"tracking code", "0004-2005-0146-2000"},
		{"text form", "PK1|0004-2005-0146-2000|IKA-T1-07|police|1754213400|c2lnbmF0dXJlLW9mLWEtcmVjZWlwdA"},
		{"status URL", "https://services.example.ir/track/0004-2005-0146-2000?k=IKA-T1-07&s=police&t=1754213400&sig=c2lnbmF0dXJlLW9mLWEtcmVjZWlwdC1zaWduYXR1cmU"},
		{"long status URL", "https://citizen-services.municipality.example.ir/requests/status/0004-2005-0146-2000?k=IKA-T1-07-IMAM-KHOMEINI-AIRPORT-TERMINAL-1&s=building-permit-renovation&t=1754213400&sig=c2lnbmF0dXJlLW9mLWEtcmVjZWlwdC1zaWduYXR1cmUtbG9uZy1mb3JtLXdpdGgtZXh0cmE"},
	}
	modes := []struct {
		name  string
		opts  []rigOption
		size  fyne.Size // zero: the rig's own
		scale float32
	}{
		{"kiosk", nil, fyne.Size{}, 1},
		{"kiosk 1280x800", nil, kioskWindow, 1},
		{"kiosk large text", []rigOption{largeText()}, kioskWindow, 1},
		{"kiosk scale 1.5", nil, fyne.Size{}, 1.5},
		{"tv", []rigOption{tvMode()}, fyne.Size{}, 1},
	}
	versions := map[int]bool{}
	for _, c := range contents {
		want, err := encoder.New(c.qr, encoder.Medium)
		if err != nil {
			t.Fatal(err)
		}
		modules := want.Bitmap() // with its quiet zone of 4 modules a side
		versions[want.VersionNumber] = true
		for _, m := range modes {
			t.Run(c.name+" "+m.name, func(t *testing.T) {
				r := newRig(t, append([]rigOption{withReceiptQR(c.qr)}, m.opts...)...)
				if m.size != (fyne.Size{}) {
					r.w.SetPadded(false) // as cmd/kiosk shows it
					r.w.Resize(m.size)
				}
				if m.scale != 1 {
					r.w.Canvas().(test.WindowlessCanvas).SetScale(m.scale)
				}
				r.startIn(kiosk.English)
				r.open("police")
				walkToReceipt(t, r)
				if r.sess.State().Receipt.QR != c.qr {
					t.Fatalf("the receipt holds %q", r.sess.State().Receipt.QR)
				}
				// With large text the QR code stands under the card: the
				// citizen scrolls to it, whole.
				showQR(r)
				checkQRPixels(t, r, modules, m.scale)
			})
		}
	}
	if len(versions) < 4 {
		t.Errorf("the contents make QR versions %v, want four different ones", versions)
	}
}

// showQR scrolls the receipt screen, as a citizen would, until its QR
// code is in view.
func showQR(r *rig) {
	var qr *widgets.QRCode
	var sc *widgets.TouchScroll
	walk(r.w.Canvas().Content(), func(o fyne.CanvasObject) bool {
		switch x := o.(type) {
		case *widgets.QRCode:
			qr = x
		case *widgets.TouchScroll:
			if sc == nil {
				sc = x
			}
		}
		return true
	})
	if qr == nil || sc == nil {
		return
	}
	d := fyne.CurrentApp().Driver()
	top := d.AbsolutePositionForObject(qr).Y - d.AbsolutePositionForObject(sc).Y + sc.Offset.Y
	if top+qr.Size().Height > sc.Offset.Y+sc.Size().Height || top < sc.Offset.Y {
		sc.ScrollToOffset(fyne.NewPos(0, top-(sc.Size().Height-qr.Size().Height)/2))
	}
}

// checkQRPixels finds the QR code widget on r's window and checks the
// pixels drawn for it against modules (see
// TestReceiptQRModulesAreWholePixels).
func checkQRPixels(t *testing.T, r *rig, modules [][]bool, scale float32) {
	t.Helper()
	var at fyne.Position
	var size fyne.Size
	found := 0
	content := r.w.Canvas().Content()
	walkAt(content, content.Position(), func(o fyne.CanvasObject, pos fyne.Position) {
		if _, ok := o.(*widgets.QRCode); ok {
			at, size = pos, o.Size()
			found++
		}
	})
	if found != 1 {
		t.Fatalf("%d QR codes on the receipt screen", found)
	}
	img := r.w.Canvas().Capture()
	px := func(v float32) int { return int(math.Round(float64(v * scale))) }
	square := image.Rect(px(at.X), px(at.Y), px(at.X+size.Width), px(at.Y+size.Height))
	// The painter places objects to the pixel: look a pixel further.
	near := square.Inset(-1).Intersect(img.Bounds())
	dark := func(x, y int) bool {
		cr, cg, cb, _ := img.At(x, y).RGBA()
		return (cr+cg+cb)/3 < 0x8000
	}
	white := func(x, y int) bool {
		cr, cg, cb, _ := img.At(x, y).RGBA()
		return cr == 0xffff && cg == 0xffff && cb == 0xffff
	}
	// The code's white ground within its square (around it the theme's
	// background, dark on a television), and the symbol: the dark
	// modules' bounds on it.
	var ground, symbol image.Rectangle
	for y := near.Min.Y; y < near.Max.Y; y++ {
		for x := near.Min.X; x < near.Max.X; x++ {
			if white(x, y) {
				ground = ground.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	for y := ground.Min.Y; y < ground.Max.Y; y++ {
		for x := ground.Min.X; x < ground.Max.X; x++ {
			if dark(x, y) {
				symbol = symbol.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	n := len(modules) - 8 // without the quiet zone
	if symbol.Dx() != symbol.Dy() || symbol.Dx()%n != 0 {
		t.Fatalf("the code is drawn %d×%d px for %d modules a side: modules of different widths", symbol.Dx(), symbol.Dy(), n)
	}
	m := symbol.Dx() / n
	if best := min(square.Dx(), square.Dy()) / len(modules); m != best {
		t.Errorf("modules are %d px in a %v px square; %d px fit, quiet zone included", m, square.Size(), best)
	}
	// Centred: as much room on either side, to the pixels the square's
	// edges and the code's place are rounded to.
	if l, r := symbol.Min.X-square.Min.X, square.Max.X-symbol.Max.X; l-r > 2 || r-l > 2 {
		t.Errorf("the code is not centred across its square: %d px left, %d px right", l, r)
	}
	if tp, b := symbol.Min.Y-square.Min.Y, square.Max.Y-symbol.Max.Y; tp-b > 2 || b-tp > 2 {
		t.Errorf("the code is not centred down its square: %d px above, %d px below", tp, b)
	}
	// Every module's cell all one colour, the code's.
	bad := 0
	for j := 0; j < n; j++ {
		for i := 0; i < n; i++ {
			want := modules[j+4][i+4]
			for y := symbol.Min.Y + j*m; y < symbol.Min.Y+(j+1)*m; y++ {
				for x := symbol.Min.X + i*m; x < symbol.Min.X+(i+1)*m; x++ {
					if dark(x, y) != want {
						bad++
					}
				}
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d pixels differ from their module (%d px modules)", bad, m)
	}
	// A white quiet zone of 4 modules around the symbol.
	if q := symbol.Inset(-4 * m); !q.In(ground) {
		t.Errorf("the quiet zone %v leaves the code's white ground %v", q, ground)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("decode QR (%d px modules): %v", m, err)
	}
	if res.GetText() != r.sess.State().Receipt.QR {
		t.Errorf("QR holds %q, want %q", res.GetText(), r.sess.State().Receipt.QR)
	}
}

// TestReceiptAsksToScanOnlyAStatusLink: without paper the receipt screen
// asks the citizen to scan the QR code only when it opens the request's
// status page (a device with a status_url); a QR code holding the signed
// text form is for the agency, and nothing on the screen mentions it.
func TestReceiptAsksToScanOnlyAStatusLink(t *testing.T) {
	const link = "https://status.example.ir/r/0004-2005-0146-2000?k=IKA-T1-07&s=police&t=1754213400&v=2&sig=c2lnbmF0dXJlLW9mLWEtcmVj"
	const text = "PK1|0004-2005-0146-2000|IKA-T1-07|police|1754213400|c2lnbmF0dXJlLW9mLWEtcmVj"
	spoolOnly := func(c *kiosk.SessionConfig, _ *screens.Options) { c.NoPaper = true }
	tests := []struct {
		name string
		lang kiosk.Lang
		qr   string
		opts []rigOption
		scan bool
	}{
		{"television, signed text, Persian", kiosk.Persian, text, []rigOption{tvMode()}, false},
		{"television, signed text, English", kiosk.English, text, []rigOption{tvMode()}, false},
		{"television, status link", kiosk.English, link, []rigOption{tvMode()}, true},
		{"spool-only kiosk, signed text", kiosk.English, text, []rigOption{spoolOnly}, false},
		{"spool-only kiosk, status link", kiosk.Persian, link, []rigOption{spoolOnly}, true},
		{"kiosk without printer, signed text", kiosk.Persian, text, []rigOption{withoutPrinter()}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, append([]rigOption{withReceiptQR(tc.qr)}, tc.opts...)...)
			r.startIn(tc.lang)
			r.open("police")
			walkToReceipt(t, r)
			key := "receipt.no_printer"
			if tc.scan {
				key = "receipt.scan"
			}
			if !r.shows(kiosk.Msg(tc.lang, key)) {
				t.Errorf("receipt does not say %q; shown %q", kiosk.Msg(tc.lang, key), r.texts())
			}
			if !tc.scan && r.showsContaining("QR") {
				t.Errorf("a receipt whose QR code opens nothing mentions it; shown %q", r.texts())
			}
		})
	}
}
