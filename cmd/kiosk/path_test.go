package main

import (
	"bytes"
	"image"
	_ "image/png"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
	"golang.org/x/text/unicode/norm"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/offline"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// stepClock is a kiosk.Clock the test moves by hand.
type stepClock struct{ t time.Time }

func (c *stepClock) Now() time.Time { return c.t }

// walkUI calls fn for every visible object under o.
func walkUI(o fyne.CanvasObject, fn func(fyne.CanvasObject) bool) {
	if o == nil || !o.Visible() || !fn(o) {
		return
	}
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walkUI(c, fn)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			walkUI(c, fn)
		}
	}
}

// waitFiled waits (bounded) for the submission being saved in the
// background to be stored and its screen drawn: the session leaves
// StageSaving, and the saving screen's title leaves the window.
func waitFiled(t *testing.T, a *appliance, root func() fyne.CanvasObject) {
	t.Helper()
	title := kiosk.Msg(a.session.State().Lang, "saving.title")
	shown := func() bool {
		found := false
		walkUI(root(), func(o fyne.CanvasObject) bool {
			if x, ok := o.(*widgets.Text); ok {
				found = found || x.Text() == title
				return false
			}
			return true
		})
		return found
	}
	if !waitUntil(10*time.Second, func() bool { return a.session.State().Stage != kiosk.StageSaving && !shown() }) {
		t.Fatalf("still saving after 10 s: %s", a.session.State())
	}
}

// tapLabel taps the one enabled button labelled label under root.
func tapLabel(t *testing.T, root fyne.CanvasObject, label string) {
	t.Helper()
	var found []*widgets.Button
	walkUI(root, func(o fyne.CanvasObject) bool {
		if b, ok := o.(*widgets.Button); ok {
			if b.Label == label && !b.Disabled() {
				found = append(found, b)
			}
			return false
		}
		return true
	})
	if len(found) != 1 {
		t.Fatalf("%d buttons labelled %q", len(found), label)
	}
	test.Tap(found[0])
}

// pad returns the on-screen keyboard or keypad shown.
func pad(t *testing.T, root fyne.CanvasObject) fyne.CanvasObject {
	t.Helper()
	var p fyne.CanvasObject
	walkUI(root, func(o fyne.CanvasObject) bool {
		switch o.(type) {
		case *widgets.Keyboard, *widgets.Keypad:
			p = o
			return false
		}
		return true
	})
	if p == nil {
		t.Fatal("no keyboard or keypad on screen")
	}
	return p
}

// fieldsShown returns the input fields shown, in order.
func fieldsShown(root fyne.CanvasObject) []*widgets.Field {
	var out []*widgets.Field
	walkUI(root, func(o fyne.CanvasObject) bool {
		if f, ok := o.(*widgets.Field); ok {
			out = append(out, f)
			return false
		}
		return true
	})
	return out
}

// TestCitizenPathStoresSubmissionAndPrintsReceipt is the walking
// skeleton's acceptance test: the real appliance (bbolt outbox, spool
// printer, fonts, screens) driven by taps alone in Fyne's test driver,
// from the attract screen to the receipt. The submission must be in the
// outbox and the receipt PDF in the spool folder, its QR code holding the
// tracking code.
func TestCitizenPathStoresSubmissionAndPrintsReceipt(t *testing.T) {
	for _, tool := range []string{"pdftoppm", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (make test installs poppler-utils): %v", tool, err)
		}
	}
	dir := t.TempDir()
	fa := test.NewTempApp(t)
	clock := &stepClock{time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}
	a, err := assemble(Options{DataDir: dir, ConfigPath: filepath.Join(dir, "config.yaml")}, clock, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	a.ui.ApplyTheme(fa)
	w := test.NewTempWindow(t, a.ui.Content())
	w.Resize(fyne.NewSize(1280, 1024))
	root := func() fyne.CanvasObject { return w.Canvas().Content() }
	msg := func(key string) string { return kiosk.Msg(kiosk.Persian, key) }
	keys := func(s string) {
		for _, r := range s {
			label := kiosk.LocalizeDigits(kiosk.Persian, string(r))
			if label == " " {
				label = msg("keyboard.space")
			}
			tapLabel(t, pad(t, root()), label)
		}
	}
	stage := func(want kiosk.Stage) {
		t.Helper()
		if st := a.session.State(); st.Stage != want {
			t.Fatalf("stage %s, want %s (errors %v, submit %q)", st.Stage, want, st.Errors, st.SubmitError)
		}
	}

	test.TapCanvas(w.Canvas(), fyne.NewPos(640, 512))
	stage(kiosk.StageLanguage)
	tapLabel(t, root(), msg("language.fa"))
	svc, _ := a.catalogue.Service("library")
	tapLabel(t, root(), svc.Name.In(kiosk.Persian))
	tapLabel(t, root(), msg("intro.start"))
	stage(kiosk.StageForm)

	// National code and mobile on the keypad, a bad one first.
	fs := fieldsShown(root())
	test.Tap(fs[0])
	keys("0499370898")
	test.Tap(fs[1])
	keys("09121234567")
	tapLabel(t, root(), msg("nav.next"))
	stage(kiosk.StageForm)
	if e := a.session.State().Errors["national_code"]; e == nil {
		t.Fatal("a bad national code was accepted")
	}
	test.Tap(fieldsShown(root())[0])
	tapLabel(t, pad(t, root()), msg("keyboard.clear"))
	keys("0499370899")
	tapLabel(t, root(), msg("nav.next"))

	// The request: membership at a library whose name is typed on the
	// Persian keyboard.
	kind, _ := svc.Field("kind")
	tapLabel(t, root(), kind.Choices[0].Label.In(kiosk.Persian))
	test.Tap(fieldsShown(root())[0])
	keys("کتابخانه مرکزی")
	tapLabel(t, root(), msg("nav.next"))
	stage(kiosk.StageForm)
	tapLabel(t, root(), msg("nav.next")) // membership details: defaults
	stage(kiosk.StageReview)
	tapLabel(t, root(), msg("review.confirm"))
	stage(kiosk.StageConsent)
	tapLabel(t, root(), msg("consent.submit"))
	waitFiled(t, a, root)
	stage(kiosk.StageReceipt)

	// Printing runs in the background; wait for it (bounded).
	var st kiosk.State
	for i := 0; i < 200; i++ {
		if st = a.session.State(); st.Print != kiosk.PrintPrinting {
			break
		}
		time.Sleep(25 * time.Millisecond)
	}
	if st.Print != kiosk.PrintDone {
		t.Fatalf("print state %s (%s)", st.Print, st.PrintError)
	}
	code := st.Receipt.TrackingCode

	// The submission is in the bbolt outbox, answers and all.
	e, err := a.outbox.Get(code)
	if err != nil {
		t.Fatalf("outbox has no %s: %v", code, err)
	}
	if e.ServiceCode != "library" || e.State != offline.StateQueued {
		t.Fatalf("outbox entry %+v", e)
	}
	ans, err := a.outbox.Answers(code)
	if err != nil || ans["national_code"] != "0499370899" || ans["library_name"] != "کتابخانه مرکزی" {
		t.Fatalf("stored answers %v, %v", ans, err)
	}

	// The receipt PDF is in the spool folder and its QR code holds the
	// tracking code.
	pdf := filepath.Join(dir, "spool", string(code)+".pdf")
	if _, err := os.Stat(pdf); err != nil {
		t.Fatalf("no receipt PDF: %v", err)
	}
	out, err := exec.Command("pdftoppm", "-png", "-r", "200", "-singlefile", pdf).Output()
	if err != nil {
		t.Fatalf("pdftoppm: %v", err)
	}
	img, _, err := image.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		t.Fatalf("decode receipt QR: %v", err)
	}
	if !strings.Contains(res.GetText(), string(code)) {
		t.Fatalf("QR holds %q, not the tracking code %s", res.GetText(), code)
	}
	key, err := offline.LoadKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	if claims, err := kiosk.VerifyReceipt(key, res.GetText()); err != nil || claims.TrackingCode != code {
		t.Fatalf("QR signature: %+v, %v", claims, err)
	}

	// The receipt's text, as a reader of the PDF gets it: the tracking
	// code is there, nothing the citizen typed is, in any digit set,
	// logical or visual order.
	requireReceiptText(t, pdf, code, []string{svc.Name.In(kiosk.Persian)},
		[]string{"0499370899", "09121234567", "9121234567", "کتابخانه مرکزی", "مرکزی"})

	// Nothing the citizen typed is readable as raw bytes in any file of
	// the data directory: the outbox seals it. (For the receipt a raw
	// search proves little, its fonts being subset and its text shaped:
	// its extracted text is checked above.)
	for _, secret := range []string{"0499370899", "09121234567", "کتابخانه مرکزی"} {
		err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || d.Type()&os.ModeSocket != 0 {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			if bytes.Contains(data, []byte(secret)) {
				t.Errorf("%s holds a citizen's answer in clear", path)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// squashText reduces text to its letters and digits for comparison:
// Arabic presentation forms (what a receipt's shaped Persian is drawn
// with) become the letters they stand for (NFKC), every digit ASCII, the
// Arabic ی and ک Persian, and spaces, ZWNJ, punctuation and separators go.
func squashText(s string) string {
	s = kiosk.NormalizeDigits(norm.NFKC.String(s))
	return strings.Map(func(r rune) rune {
		switch {
		case r == 'ي' || r == 'ى':
			return 'ی'
		case r == 'ك':
			return 'ک'
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			return r
		}
		return -1
	}, s)
}

// reversed returns s with its runes in the opposite order: Persian laid
// out right to left and printed glyph by glyph left to right reads back
// reversed from a PDF.
func reversed(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

// requireReceiptText extracts the text of the receipt PDF with pdftotext
// (glyphs mapped back to characters through the fonts' ToUnicode maps, so
// subset fonts hide nothing) and checks it holds the tracking code and the
// texts in want, and none of the secrets, whatever digits, order or
// spacing they were written in.
func requireReceiptText(t *testing.T, pdf string, code kiosk.TrackingCode, want, secrets []string) {
	t.Helper()
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", pdf, err)
	}
	text := squashText(string(out))
	has := func(s string) bool {
		s = squashText(s)
		return strings.Contains(text, s) || strings.Contains(text, reversed(s))
	}
	if !has(string(code)) {
		t.Errorf("the receipt's text lacks the tracking code %s:\n%s", code, out)
	}
	// Persian comes out of the PDF as text at all: otherwise the absence
	// of a typed Persian answer below proves nothing.
	for _, s := range want {
		if !has(s) {
			t.Errorf("the receipt's text lacks %q:\n%s", s, out)
		}
	}
	for _, s := range secrets {
		if has(s) {
			t.Errorf("the receipt's text holds the citizen's %q:\n%s", s, out)
		}
	}
}
