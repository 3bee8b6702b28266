package printer_test

import (
	"bytes"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
	"golang.org/x/text/unicode/norm"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/typeset"
)

// testDeviceKey stands for the device key the offline package keeps.
var testDeviceKey = bytes.Repeat([]byte{0x42}, 32)

var (
	fontsOnce sync.Once
	fonts     *typeset.Fonts
	fontsErr  error
)

// testFonts loads the installed UI font (fonts-dejavu-core, which make
// run and make test install).
func testFonts(tb testing.TB) *typeset.Fonts {
	tb.Helper()
	fontsOnce.Do(func() { fonts, fontsErr = typeset.LoadFonts("") })
	if fontsErr != nil {
		tb.Fatalf("load fonts: %v", fontsErr)
	}
	return fonts
}

// trackingCode returns a valid code for kiosk 42 with the given serial.
func trackingCode(serial uint64) kiosk.TrackingCode {
	body := "00042" + strconv.FormatUint(10000000000+serial%10000000000, 10)[1:]
	return kiosk.TrackingCode(body + strconv.Itoa(kiosk.VerhoeffDigit(body)))
}

// uniqueCode returns a tracking code no earlier test run has used, so
// files CUPS wrote before cannot be mistaken for this run's.
func uniqueCode() kiosk.TrackingCode {
	return trackingCode(uint64(time.Now().UnixNano() / 1000))
}

// testReceipt is a receipt as the session makes it, signed for the status
// URL (text form when empty).
func testReceipt(l kiosk.Lang, code kiosk.TrackingCode, statusURL string) kiosk.Receipt {
	r := kiosk.Receipt{
		TrackingCode: code,
		ServiceCode:  "building-permit",
		ServiceName:  kiosk.Text{kiosk.Persian: "صدور پروانه ساخت", kiosk.English: "Building permit"},
		Agency:       kiosk.Text{kiosk.Persian: "شهرداری", kiosk.English: "Municipality"},
		IssuedAt:     time.Date(2026, 11, 26, 10, 4, 5, 0, time.UTC),
		KioskID:      "IKA-T1-07",
		Site:         kiosk.Text{kiosk.Persian: "فرودگاه بین‌المللی امام خمینی", kiosk.English: "Imam Khomeini International Airport"},
		Lang:         l,
	}
	r.QR = kiosk.SignReceipt(testDeviceKey, r, statusURL)
	return r
}

// needTool skips the test when a tool of a test package is missing; make
// test installs them (poppler-utils, cups-client).
func needTool(tb testing.TB, name, pkg string) string {
	tb.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		tb.Skipf("%s is not installed (Debian package %s; make test installs it)", name, pkg)
	}
	return p
}

func writeTemp(tb testing.TB, name string, data []byte) string {
	tb.Helper()
	p := filepath.Join(tb.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		tb.Fatal(err)
	}
	return p
}

// pdfText extracts the text of a PDF with pdftotext, which puts
// right-to-left lines back in logical order, and normalizes it (NFKC maps
// Arabic presentation forms back to letters; bidi marks are dropped).
func pdfText(tb testing.TB, pdf []byte) string {
	tb.Helper()
	needTool(tb, "pdftotext", "poppler-utils")
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", writeTemp(tb, "r.pdf", pdf), "-").Output()
	if err != nil {
		tb.Fatalf("pdftotext: %v", err)
	}
	return plain(string(out))
}

// plain normalizes text for comparison: NFKC, no bidi controls, no ZWNJ
// (a PDF has no glyph for it), single spaces.
func plain(s string) string {
	s = norm.NFKC.String(s)
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\u200c', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e':
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// decodeQR renders the PDF's first page with pdftoppm, as a printer's
// raster would be, and decodes the QR code on it.
func decodeQR(tb testing.TB, pdf []byte) string {
	tb.Helper()
	needTool(tb, "pdftoppm", "poppler-utils")
	// About 700 pixels across whatever the paper: enough for a QR code
	// of 40 mm or more, and quick to search.
	dpi := "220"
	if m := mediaBox.FindSubmatch(pdf); m != nil {
		if w, err := strconv.ParseFloat(string(m[1]), 64); err == nil && w > 0 {
			dpi = strconv.Itoa(int(700 / (w / 72)))
		}
	}
	in := writeTemp(tb, "r.pdf", pdf)
	root := strings.TrimSuffix(in, ".pdf")
	if out, err := exec.Command("pdftoppm", "-png", "-r", dpi, "-singlefile", in, root).CombinedOutput(); err != nil {
		tb.Fatalf("pdftoppm: %v: %s", err, out)
	}
	f, err := os.ReadFile(root + ".png")
	if err != nil {
		tb.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(f))
	if err != nil {
		tb.Fatalf("decode page image: %v", err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		tb.Fatalf("page bitmap: %v", err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		tb.Fatalf("no QR code found on the rendered receipt: %v", err)
	}
	return res.GetText()
}
