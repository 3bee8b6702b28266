package printer_test

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/printer"
)

var updateDocs = flag.Bool("update-docs", false, "write the receipt renders of docs/receipts")

// TestReceiptDocs renders the receipts shown in docs/receipts (at 150 dpi,
// as pdftoppm -png -r 150 does), each for a service of the embedded
// catalogue under its agency, and checks each decodes to its signed QR
// string and stays within the 60 KB a receipt may weigh. With -update-docs it writes them into docs/receipts:
//
//	go test ./printer -run TestReceiptDocs -args -update-docs
func TestReceiptDocs(t *testing.T) {
	needTool(t, "pdftoppm", "poppler-utils")
	samples := []struct {
		name      string
		lang      kiosk.Lang
		paper     config.Paper
		statusURL string
		location  string
		service   string // of the embedded catalogue: its name and agency head the receipt
	}{
		{"receipt-fa-80mm", kiosk.Persian, config.Paper80mm, "https://status.example.ir/r", "ترمینال ۱، سالن ورودی", "building-permit"},
		{"receipt-en-80mm", kiosk.English, config.Paper80mm, "https://status.example.ir/r", "Terminal 1, arrivals hall", "employment"},
		{"receipt-fa-80mm-offline", kiosk.Persian, config.Paper80mm, "", "ترمینال ۱، سالن ورودی", "police"},
		{"receipt-en-a4", kiosk.English, config.PaperA4, "https://status.example.ir/r", "Terminal 1, arrivals hall", "birth-marriage-certificate"},
	}
	cat := kiosk.DefaultCatalogue()
	out := t.TempDir()
	if *updateDocs {
		out = filepath.Join("..", "docs", "receipts")
		if err := os.MkdirAll(out, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range samples {
		t.Run(s.name, func(t *testing.T) {
			svc, ok := cat.Service(s.service)
			if !ok {
				t.Fatalf("no service %s in the embedded catalogue", s.service)
			}
			r := testReceipt(s.lang, trackingCode(912345674), s.statusURL)
			r.ServiceCode, r.ServiceName, r.Agency = svc.Code, svc.Name, svc.Agency
			r.QR = kiosk.SignReceipt(testDeviceKey, r, s.statusURL)
			pdf, err := printer.Render(r, printer.Options{Paper: s.paper, Fonts: testFonts(t), Location: s.location})
			if err != nil {
				t.Fatal(err)
			}
			if len(pdf) > 60_000 {
				t.Errorf("%s is %d bytes, over the 60 KB budget", s.name, len(pdf))
			}
			if got := decodeQR(t, pdf); got != r.QR {
				t.Fatalf("QR holds %q, want %q", got, r.QR)
			}
			in := writeTemp(t, s.name+".pdf", pdf)
			root := filepath.Join(out, s.name)
			if b, err := exec.Command("pdftoppm", "-png", "-r", "150", "-singlefile", in, root).CombinedOutput(); err != nil {
				t.Fatalf("pdftoppm: %v: %s", err, b)
			}
			if fi, err := os.Stat(root + ".png"); err != nil || fi.Size() < 10_000 {
				t.Fatalf("render %s.png: %v", root, err)
			}
			if *updateDocs {
				t.Logf("wrote %s.png (%d-byte PDF, QR %s)", root, len(pdf), strings.SplitN(r.QR, "?", 2)[0])
			}
		})
	}
}
