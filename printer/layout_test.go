package printer_test

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/printer"
)

// nospace drops every space, so text pdftotext spaced differently around
// a mixed-direction run still compares, and folds mirrored pairs:
// pdftotext puts right-to-left lines back in logical order but does not
// undo the mirroring of « » and ( ) that shaping did.
func nospace(s string) string {
	return strings.NewReplacer("«", "\"", "»", "\"", "(", "|", ")", "|").Replace(strings.Join(strings.Fields(plain(s)), ""))
}

func TestRenderReceiptSaysWhatACitizenNeeds(t *testing.T) {
	code := trackingCode(912345674)
	tests := []struct {
		name      string
		lang      kiosk.Lang
		paper     config.Paper
		statusURL string
		// in reading order
		want []string
		// anywhere (the label/value rows are two columns to pdftotext)
		rows []string
	}{
		{
			name: "English roll with status URL", lang: kiosk.English, paper: config.Paper80mm,
			statusURL: "https://status.example.ir/r",
			want: []string{"Imam Khomeini International Airport", "Municipality", "Request receipt",
				"Building permit", "Tracking code", code.String(), "What happens next",
				kiosk.Msg(kiosk.English, "printer.receipt.next"), "Checking your request",
				kiosk.Msg(kiosk.English, "printer.receipt.check_url"), kiosk.Msg(kiosk.English, "printer.receipt.keep")},
			rows: []string{"Date", "26 November 2026", "Time", "13:34", "Kiosk", "IKA-T1-07", "Location", "Terminal 1, arrivals hall"},
		},
		{
			name: "Persian roll without status URL", lang: kiosk.Persian, paper: config.Paper80mm,
			want: []string{"فرودگاه بین‌المللی امام خمینی", "شهرداری", "رسید ثبت درخواست",
				"صدور پروانه ساخت", "کد رهگیری", kiosk.LocalizeDigits(kiosk.Persian, code.String()), "مرحله بعد",
				kiosk.Msg(kiosk.Persian, "printer.receipt.next"), "پیگیری درخواست",
				kiosk.Msg(kiosk.Persian, "printer.receipt.check_kiosk"), kiosk.Msg(kiosk.Persian, "printer.receipt.keep")},
			// 2026-11-26 13:34 in Tehran is 1405/09/05.
			rows: []string{"تاریخ", "۱۴۰۵/۰۹/۰۵", "ساعت", "۱۳:۳۴", "شناسه کیوسک", "IKA-T1-07", "محل", "Terminal 1, arrivals hall"},
		},
		{
			name: "Persian A4", lang: kiosk.Persian, paper: config.PaperA4, statusURL: "https://status.example.ir/r",
			want: []string{"فرودگاه بین‌المللی امام خمینی", "صدور پروانه ساخت", kiosk.LocalizeDigits(kiosk.Persian, code.String()),
				kiosk.Msg(kiosk.Persian, "printer.receipt.check_url")},
			rows: []string{"۱۴۰۵/۰۹/۰۵", "۱۳:۳۴"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := testReceipt(tc.lang, code, tc.statusURL)
			pdf, err := printer.Render(r, printer.Options{Paper: tc.paper, Fonts: testFonts(t), Location: "Terminal 1, arrivals hall"})
			if err != nil {
				t.Fatal(err)
			}
			text := nospace(pdfText(t, pdf))
			at := 0
			for _, w := range tc.want {
				i := strings.Index(text[at:], nospace(w))
				if i < 0 {
					t.Fatalf("receipt text lacks %q after offset %d; text:\n%s", w, at, text)
				}
				at += i + len(nospace(w))
			}
			for _, w := range tc.rows {
				if !strings.Contains(text, nospace(w)) {
					t.Fatalf("receipt text lacks %q; text:\n%s", w, text)
				}
			}
		})
	}
}

// TestRenderHeaderNamesTheAgency prints a receipt of each service of the
// embedded catalogue in each language: under the site comes the agency
// of the service in the receipt's language, and not the generic line; a
// receipt that names no agency keeps the generic line.
func TestRenderHeaderNamesTheAgency(t *testing.T) {
	type header struct {
		name        string
		lang        kiosk.Lang
		service     kiosk.Text
		agency      kiosk.Text
		want, other string // the line under the site; a line it must not be
	}
	var tests []header
	for _, svc := range kiosk.DefaultCatalogue().Services {
		for _, l := range kiosk.Languages {
			other := kiosk.English
			if l == kiosk.English {
				other = kiosk.Persian
			}
			tests = append(tests, header{svc.Code + " " + string(l), l, svc.Name, svc.Agency, svc.Agency[l], svc.Agency[other]})
		}
	}
	for _, l := range kiosk.Languages {
		tests = append(tests, header{"no agency " + string(l), l, kiosk.Text{kiosk.Persian: "خدمات آزمایشی", kiosk.English: "Trial service"}, nil,
			kiosk.Msg(l, "printer.receipt.agency"), ""})
	}
	generic := map[string]bool{}
	for _, l := range kiosk.Languages {
		generic[nospace(kiosk.Msg(l, "printer.receipt.agency"))] = true
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.agency != nil && (tc.want == "" || tc.other == "") {
				t.Fatalf("agency %v is not in both languages", tc.agency)
			}
			r := testReceipt(tc.lang, trackingCode(31), "")
			r.ServiceName, r.Agency = tc.service, tc.agency
			pdf, err := printer.Render(r, printer.Options{Fonts: testFonts(t)})
			if err != nil {
				t.Fatal(err)
			}
			text := nospace(pdfText(t, pdf))
			site := nospace(r.Site.In(tc.lang))
			title := nospace(kiosk.Msg(tc.lang, "printer.receipt.title"))
			_, rest, ok := strings.Cut(text, site)
			head, _, ok2 := strings.Cut(rest, title)
			if !ok || !ok2 {
				t.Fatalf("no site %q then title %q on the receipt:\n%s", site, title, text)
			}
			if head != nospace(tc.want) {
				t.Errorf("between site and title the receipt says %q, want %q", head, nospace(tc.want))
			}
			if tc.agency != nil && (generic[head] || strings.Contains(text, nospace(tc.other))) {
				t.Errorf("receipt in %s says %q and must not say %q or the generic line:\n%s", tc.lang, head, tc.other, text)
			}
		})
	}
}

var mediaBox = regexp.MustCompile(`/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]`)

// pageSize returns the first page's size in millimetres.
func pageSize(t *testing.T, pdf []byte) (w, h float64) {
	t.Helper()
	m := mediaBox.FindSubmatch(pdf)
	if m == nil {
		t.Fatal("no page MediaBox in the PDF")
	}
	w, _ = strconv.ParseFloat(string(m[1]), 64)
	h, _ = strconv.ParseFloat(string(m[2]), 64)
	return w * 25.4 / 72, h * 25.4 / 72
}

var bboxWord = regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="[0-9.]+" xMax="([0-9.]+)" yMax="([0-9.]+)">`)

// TestRenderStaysOnThePaper lays out long texts in both languages and
// checks that every word lies within the printable width and the page is
// as long as its content.
func TestRenderStaysOnThePaper(t *testing.T) {
	long := kiosk.Text{
		kiosk.Persian: "صدور، تعویض یا المثنی پلاک خودرو و موتورسیکلت به همراه نقل و انتقال سند در دفاتر پلیس به‌علاوه‌ی خدمات تعویض پلاک",
		kiosk.English: "Issuing, replacing or duplicating a vehicle or motorcycle plate together with the transfer of ownership at police offices",
	}
	// Agency names as long as the catalogue allows (kiosk.MaxAgencyLen).
	longAgency := kiosk.Text{
		kiosk.Persian: "اداره کل تعاون، کار و رفاه اجتماعی استان تهران، معاونت توسعه کارآفرینی و اشتغال، اداره کاریابی",
		kiosk.English: "Ministry of Cooperatives, Labour and Social Welfare, General Directorate of Tehran Province, Jobs",
	}
	for l, v := range longAgency {
		if n := len([]rune(v)); n > kiosk.MaxAgencyLen || n < kiosk.MaxAgencyLen-10 {
			t.Fatalf("%s agency of %d characters, want about %d", l, n, kiosk.MaxAgencyLen)
		}
	}
	tests := []struct {
		name     string
		lang     kiosk.Lang
		paper    config.Paper
		service  kiosk.Text
		location string
		kioskID  string
		wantW    float64
		minH     float64
		maxH     float64
	}{
		{"English roll", kiosk.English, config.Paper80mm, nil, "Terminal 1", "IKA-T1-07", 80, 120, 200},
		{"Persian roll", kiosk.Persian, config.Paper80mm, nil, "ترمینال ۱، سالن ورودی", "IKA-T1-07", 80, 120, 200},
		{"English roll, long texts", kiosk.English, config.Paper80mm, long, "Exhibition centre, hall 38, next to the information desk at the northern entrance", "TEHRAN-EXHIBITION-CENTRE-HALL-38-KIOSK-0001", 80, 150, 260},
		{"Persian roll, long texts", kiosk.Persian, config.Paper80mm, long, "نمایشگاه بین‌المللی تهران، سالن ۳۸، کنار میز اطلاعات در ورودی شمالی", "TEHRAN-EXHIBITION-CENTRE-HALL-38-KIOSK-0001", 80, 150, 260},
		{"English A4", kiosk.English, config.PaperA4, long, "Terminal 1", "IKA-T1-07", 210, 297, 297},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := testReceipt(tc.lang, trackingCode(1), "https://status.example.ir/r")
			if tc.service != nil {
				r.ServiceName, r.Agency = tc.service, longAgency
			}
			r.KioskID = tc.kioskID
			pdf, err := printer.Render(r, printer.Options{Paper: tc.paper, Fonts: testFonts(t), Location: tc.location})
			if err != nil {
				t.Fatal(err)
			}
			w, h := pageSize(t, pdf)
			if w < tc.wantW-0.1 || w > tc.wantW+0.1 || h < tc.minH-0.1 || h > tc.maxH+0.1 {
				t.Fatalf("page %.1f × %.1f mm, want %.0f mm wide and %.0f–%.0f mm long", w, h, tc.wantW, tc.minH, tc.maxH)
			}
			needTool(t, "pdftotext", "poppler-utils")
			out, err := exec.Command("pdftotext", "-bbox", writeTemp(t, "r.pdf", pdf), "-").Output()
			if err != nil {
				t.Fatalf("pdftotext -bbox: %v", err)
			}
			words := bboxWord.FindAllSubmatch(out, -1)
			if len(words) < 40 {
				t.Fatalf("only %d words on the receipt", len(words))
			}
			side := 4.0
			if tc.paper == config.PaperA4 {
				side = 35
			}
			for _, m := range words {
				x0, _ := strconv.ParseFloat(string(m[1]), 64)
				x1, _ := strconv.ParseFloat(string(m[2]), 64)
				y1, _ := strconv.ParseFloat(string(m[3]), 64)
				x0, x1, y1 = x0*25.4/72, x1*25.4/72, y1*25.4/72
				if x0 < side-0.5 || x1 > w-side+0.5 || y1 > h {
					t.Errorf("word at x %.1f–%.1f mm, bottom %.1f mm, is off the printable area (%.0f–%.0f mm, %.1f mm long)", x0, x1, y1, side, w-side, h)
				}
			}
		})
	}
}

func TestRenderSizeAndFontsSubset(t *testing.T) {
	for _, l := range kiosk.Languages {
		for _, p := range []config.Paper{config.Paper80mm, config.PaperA4} {
			pdf, err := printer.Render(testReceipt(l, trackingCode(7), "https://status.example.ir/r"), printer.Options{Paper: p, Fonts: testFonts(t)})
			if err != nil {
				t.Fatal(err)
			}
			// DejaVu Sans and its bold are 1 MB together: only a subset
			// may be embedded.
			if len(pdf) > 60_000 {
				t.Errorf("%s %s receipt is %d bytes, over the 60 KB budget", l, p, len(pdf))
			}
			if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
				t.Errorf("%s %s: not a PDF", l, p)
			}
		}
	}
}

func TestRenderQRDecodesToAVerifiedString(t *testing.T) {
	tests := []struct {
		name      string
		lang      kiosk.Lang
		paper     config.Paper
		statusURL string
	}{
		{"English roll, status URL", kiosk.English, config.Paper80mm, "https://status.example.ir/r"},
		{"Persian roll, text form", kiosk.Persian, config.Paper80mm, ""},
		{"Persian A4, status URL", kiosk.Persian, config.PaperA4, "https://status.example.ir/track?code="},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := testReceipt(tc.lang, trackingCode(424242), tc.statusURL)
			pdf, err := printer.Render(r, printer.Options{Paper: tc.paper, Fonts: testFonts(t)})
			if err != nil {
				t.Fatal(err)
			}
			got := decodeQR(t, pdf)
			if got != r.QR {
				t.Fatalf("QR holds %q, want %q", got, r.QR)
			}
			c, err := kiosk.VerifyReceipt(testDeviceKey, got)
			if err != nil {
				t.Fatalf("decoded QR does not verify: %v", err)
			}
			if c.TrackingCode != r.TrackingCode || c.KioskID != r.KioskID || !c.IssuedAt.Equal(r.IssuedAt) {
				t.Fatalf("claims %+v do not match the receipt", c)
			}
			tampered := strings.Replace(got, "IKA-T1-07", "IKA-T1-08", 1)
			if _, err := kiosk.VerifyReceipt(testDeviceKey, tampered); !errors.Is(err, kiosk.ErrReceiptSignature) {
				t.Fatalf("tampered %q: %v, want signature error", tampered, err)
			}
		})
	}
}

func TestRenderRefuses(t *testing.T) {
	good := testReceipt(kiosk.English, trackingCode(1), "")
	noQR := good
	noQR.QR = ""
	noCode := good
	noCode.TrackingCode = ""
	tests := []struct {
		name string
		r    kiosk.Receipt
		opts printer.Options
		want string
	}{
		{"no QR string", noQR, printer.Options{Fonts: testFonts(t)}, "QR string"},
		{"no tracking code", noCode, printer.Options{Fonts: testFonts(t)}, "tracking code"},
		{"no fonts", good, printer.Options{}, "no fonts"},
		{"unknown paper", good, printer.Options{Fonts: testFonts(t), Paper: "letter"}, "is not one of [80mm a4]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pdf, err := printer.Render(tc.r, tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) || pdf != nil {
				t.Fatalf("Render = %d bytes, %v; want an error about %q", len(pdf), err, tc.want)
			}
		})
	}
}

// TestRenderEnglishReceiptWithPersianOnlyNames: a site or service named
// only in Persian still prints shaped and right to left on an English
// receipt.
func TestRenderEnglishReceiptWithPersianOnlyNames(t *testing.T) {
	r := testReceipt(kiosk.English, trackingCode(5), "")
	r.Site = kiosk.Text{kiosk.Persian: "کتابخانه مرکزی شهر"}
	r.ServiceName = kiosk.Text{kiosk.Persian: "خدمات کتابخانه‌های عمومی"}
	pdf, err := printer.Render(r, printer.Options{Fonts: testFonts(t), Location: "خیابان انقلاب، پلاک ۱۲"})
	if err != nil {
		t.Fatal(err)
	}
	text := nospace(pdfText(t, pdf))
	// The location shares its line with an English label, so pdftotext
	// cannot tell its words' order (it is right: see docs/receipts); the
	// words themselves must come out shaped.
	for _, w := range []string{"کتابخانه مرکزی شهر", "خدمات کتابخانه‌های عمومی", "خیابان انقلاب", "پلاک", "۱۲", "Tracking code"} {
		if !strings.Contains(text, nospace(w)) {
			t.Fatalf("receipt text lacks %q; text:\n%s", w, text)
		}
	}
}

// TestRenderCharacterOutsideReceiptRanges: receipts are laid out with a
// font cut down to Latin and Persian; a site or location in another script
// falls back to the whole font and still prints.
func TestRenderCharacterOutsideReceiptRanges(t *testing.T) {
	r := testReceipt(kiosk.English, trackingCode(6), "")
	r.Site = kiosk.Text{kiosk.English: "Ωmega Hall"}
	pdf, err := printer.Render(r, printer.Options{Fonts: testFonts(t), Location: "Пушкинская 10 — €"})
	if err != nil {
		t.Fatal(err)
	}
	text := nospace(pdfText(t, pdf))
	for _, w := range []string{"Ωmega Hall", "Пушкинская 10 — €", "Tracking code"} {
		if !strings.Contains(text, nospace(w)) {
			t.Fatalf("receipt text lacks %q; text:\n%s", w, text)
		}
	}
}

// TestRenderReceiptSaysWhereToCheck: a receipt sends the citizen where the
// request can be checked, as the device can answer: the kiosk that
// printed it (only its outbox knows the request; the track screen says
// so), and the status page only when the QR code opens one. Without a
// status page nothing mentions scanning.
func TestRenderReceiptSaysWhereToCheck(t *testing.T) {
	tests := []struct {
		name      string
		lang      kiosk.Lang
		statusURL string
		want      []string
		never     []string
	}{
		{"English with status page", kiosk.English, "https://status.example.ir/r",
			[]string{"Scan the QR code", "status page", "on the kiosk that printed this receipt"}, []string{"any Pishkhan kiosk"}},
		{"English without status page", kiosk.English, "",
			[]string{"on the kiosk that printed this receipt"}, []string{"any Pishkhan kiosk", "Scan", "QR", "status page"}},
		{"Persian with status page", kiosk.Persian, "https://status.example.ir/r",
			[]string{"کد QR", "صفحهٔ وضعیت", "همین پیشخوانی که این رسید را چاپ کرد"}, []string{"هر پیشخوان"}},
		{"Persian without status page", kiosk.Persian, "",
			[]string{"همین پیشخوانی که این رسید را چاپ کرد"}, []string{"هر پیشخوان", "اسکن", "QR", "بخوانید", "صفحهٔ وضعیت"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := testReceipt(tc.lang, trackingCode(912345674), tc.statusURL)
			if r.LinksStatusPage() != (tc.statusURL != "") {
				t.Fatalf("LinksStatusPage = %t for QR %q", r.LinksStatusPage(), r.QR)
			}
			pdf, err := printer.Render(r, printer.Options{Fonts: testFonts(t)})
			if err != nil {
				t.Fatal(err)
			}
			text := nospace(pdfText(t, pdf))
			for _, w := range tc.want {
				if !strings.Contains(text, nospace(w)) {
					t.Errorf("receipt lacks %q; text:\n%s", w, text)
				}
			}
			for _, w := range tc.never {
				if strings.Contains(text, nospace(w)) {
					t.Errorf("receipt says %q; text:\n%s", w, text)
				}
			}
		})
	}
}

// TestRenderMarksSitAboveTheirLetters prints a site name with vowel marks
// and the same name without them, and compares the two pages' ink: what
// the marks add must lie above the letters' ink without touching it (a
// tanwin on alef, «لطفاً», once collided with the alef), and a reader of
// the PDF must still find the words with their marks.
func TestRenderMarksSitAboveTheirLetters(t *testing.T) {
	tests := []struct {
		name           string
		marked, letter string
	}{
		{"tanwin on alef", "لطفاً", "لطفا"},
		{"damma on meem", "مُهر", "مهر"},
		{"hamza on heh", "صفحهٔ", "صفحه"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			page := func(site string) ([]byte, image.Image) {
				r := testReceipt(kiosk.Persian, trackingCode(8), "")
				r.Site = kiosk.Text{kiosk.Persian: site}
				pdf, err := printer.Render(r, printer.Options{Fonts: testFonts(t)})
				if err != nil {
					t.Fatal(err)
				}
				return pdf, siteLineImage(t, pdf)
			}
			pdf, withMarks := page(tc.marked)
			_, without := page(tc.letter)
			b := withMarks.Bounds()
			if b != without.Bounds() {
				t.Fatalf("pages of %v and %v", b, without.Bounds())
			}
			// The marks' ink is what the marked name adds, less the slivers
			// anti-aliasing leaves along the letters' edges.
			var added []image.Point
			for y := b.Min.Y; y < b.Max.Y; y++ {
				for x := b.Min.X; x < b.Max.X; x++ {
					if inked(withMarks, x, y) && !inked(without, x, y) {
						added = append(added, image.Pt(x, y))
					}
				}
			}
			var marks [][]image.Point
			for _, c := range components(added) {
				if len(c) >= 50 {
					marks = append(marks, c)
				}
			}
			if len(marks) == 0 {
				t.Fatal("the marks add no ink")
			}
			// No letter ink touches a mark (the bold stroke leaves a tanwin
			// a few pixels, at 600 dpi 0.04 mm each, above its alef), and
			// letters under each mark.
			const gap = 1
			for _, m := range marks {
				box := image.Rectangle{}
				for _, p := range m {
					box = box.Union(image.Rectangle{p, p.Add(image.Pt(1, 1))})
					for y := p.Y - gap; y <= p.Y+gap; y++ {
						for x := p.X - gap; x <= p.X+gap; x++ {
							if inked(without, x, y) {
								t.Fatalf("letter ink at (%d,%d) touches a mark's ink at %v", x, y, p)
							}
						}
					}
				}
				below := false
				for y := box.Max.Y; y < b.Max.Y && !below; y++ {
					below = inked(without, (box.Min.X+box.Max.X)/2, y)
				}
				if !below {
					t.Errorf("no letter under the mark's ink %v", box)
				}
			}
			if text := nospace(pdfText(t, pdf)); !strings.Contains(text, nospace(tc.marked)) {
				t.Errorf("receipt text lacks %q with its marks; text:\n%s", tc.marked, text)
			}
		})
	}
}

// siteLineImage renders the top of a receipt's first page, its site line,
// in grey at 600 dpi.
func siteLineImage(t *testing.T, pdf []byte) image.Image {
	t.Helper()
	needTool(t, "pdftoppm", "poppler-utils")
	in := writeTemp(t, "r.pdf", pdf)
	root := strings.TrimSuffix(in, ".pdf")
	// The site line lies within the top 12 mm (about 280 pixels).
	if out, err := exec.Command("pdftoppm", "-png", "-gray", "-r", "600", "-y", "0", "-H", "280", "-singlefile", in, root).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	f, err := os.ReadFile(root + ".png")
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(f))
	if err != nil {
		t.Fatalf("decode page image: %v", err)
	}
	return img
}

func inked(img image.Image, x, y int) bool {
	g := color.GrayModel.Convert(img.At(x, y)).(color.Gray)
	return g.Y < 128
}

// components groups points into 8-connected components.
func components(points []image.Point) [][]image.Point {
	left := make(map[image.Point]bool, len(points))
	for _, p := range points {
		left[p] = true
	}
	var out [][]image.Point
	for _, p := range points {
		if !left[p] {
			continue
		}
		delete(left, p)
		c := []image.Point{p}
		for i := 0; i < len(c); i++ {
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					if q := c[i].Add(image.Pt(dx, dy)); left[q] {
						delete(left, q)
						c = append(c, q)
					}
				}
			}
		}
		out = append(out, c)
	}
	return out
}
