package printer

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strings"
	"unicode/utf16"

	"github.com/go-pdf/fpdf"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/kiosk/typeset"
)

// Options is how Render lays out a receipt.
type Options struct {
	// Paper is config.Paper80mm when empty.
	Paper config.Paper
	// Fonts is the receipt's typeface and lays out Persian text. Its
	// regular face is embedded in the PDF as a subset (bold is drawn from
	// it). Required.
	Fonts *typeset.Fonts
	// Location is where the kiosk stands (the configuration's
	// location.address); empty leaves the line out.
	Location string
}

// geometry is a paper's page and type sizes, in millimetres and points.
type geometry struct {
	pageW, pageH float64 // pageH 0: fitted to the content
	side, top    float64
	bottom       float64
	scale        float64 // applied to every type size
	qr           float64 // side of the QR code, quiet zone included
}

func geometryFor(p config.Paper) (geometry, error) {
	switch p {
	case "", config.Paper80mm:
		// An 80 mm roll prints about 72 mm; the bottom margin leaves room
		// for the cutter.
		return geometry{pageW: 80, side: 4, top: 4, bottom: 8, scale: 1, qr: 40}, nil
	case config.PaperA4:
		return geometry{pageW: 210, pageH: 297, side: 35, top: 25, bottom: 20, scale: 1.3, qr: 60}, nil
	}
	return geometry{}, fmt.Errorf("paper %q is not one of %v", p, config.Papers)
}

// Type sizes in points on an 80 mm roll.
const (
	sizeSite    = 13
	sizeAgency  = 9
	sizeTitle   = 11
	sizeService = 12
	sizeLabel   = 9
	sizeCodeMax = 22
	sizeRow     = 9.5
	sizeHeading = 9.5
	sizeBody    = 9
	sizeFoot    = 8
	leading     = 1.35 // line height as a multiple of the type size
	ptToMM      = 25.4 / 72
)

// Render lays out r as a PDF in r's language: the site, the agency the
// request goes to (a generic line when r names none) and the service, the
// tracking code large and grouped, the date and time (Solar Hijri in
// Persian, Gregorian in English, Tehran time), the kiosk and where it
// stands, what happens next and how to check the request's status, and
// r.QR as a QR code. Nothing else goes on it: a receipt holds no personal
// data.
func Render(r kiosk.Receipt, opts Options) ([]byte, error) {
	p, err := render(r, opts)
	return p.pdf, err
}

// page is a rendered receipt and its page size in millimetres.
type page struct {
	pdf           []byte
	width, height float64
}

// media is the CUPS media option for the page: a custom size fitted to the
// receipt on a roll (so a roll printer feeds no blank paper), A4 otherwise.
func (p page) media() string {
	if p.width == 210 && p.height == 297 {
		return "A4"
	}
	return fmt.Sprintf("Custom.%gx%gmm", p.width, p.height)
}

func render(r kiosk.Receipt, opts Options) (page, error) {
	if r.TrackingCode == "" || r.QR == "" {
		return page{}, errors.New("render receipt: tracking code and QR string are required")
	}
	if opts.Fonts == nil {
		return page{}, errors.New("render receipt: no fonts")
	}
	g, err := geometryFor(opts.Paper)
	if err != nil {
		return page{}, fmt.Errorf("render receipt: %w", err)
	}
	// The cut-down font is quicker for fpdf to parse and subset; a
	// receipt with a character it lacks is laid out again with the whole
	// font.
	qr := startQR(r.QR)
	p, err := renderWith(r, opts, g, cutFor(opts.Fonts), qr)
	if errors.Is(err, errOutsideCut) {
		p, err = renderWith(r, opts, g, nil, qr)
	}
	if err != nil {
		return page{}, fmt.Errorf("render receipt %s: %w", r.TrackingCode, err)
	}
	return p, nil
}

// renderWith lays the receipt out with the cut-down font cut, or with the
// whole font when cut is nil; qr returns the QR code's image.
func renderWith(r kiosk.Receipt, opts Options, g geometry, cut *fontCut, qr func() ([]byte, error)) (page, error) {
	lang := r.Lang
	if _, err := kiosk.ParseLang(string(lang)); err != nil {
		lang = kiosk.Persian
	}
	var pdf *fpdf.Fpdf
	if cut != nil {
		docs := preparedFor(g, cut)
		pdf = docs.take()
		defer docs.fill() // the next receipt's, once this one is out
	} else {
		pdf = newDocument(g, opts.Fonts.RegularBytes())
	}
	pdf.SetCreationDate(r.IssuedAt)
	pdf.SetModificationDate(r.IssuedAt)
	pdf.SetTitle(kiosk.Msg(lang, "printer.receipt.title")+" "+r.TrackingCode.String(), true)
	pdf.SetLang(string(lang))

	l := &layout{pdf: pdf, g: g, fonts: opts.Fonts, cut: cut, qrPNG: qr, lang: lang, x: g.side, width: g.pageW - 2*g.side, y: g.top}
	l.receipt(r, opts.Location)
	if l.err != nil {
		return page{}, l.err
	}
	if err := l.qr(r); err != nil {
		return page{}, err
	}
	l.text(kiosk.Msg(lang, "printer.receipt.keep"), sizeFoot, false, typeset.AlignCenter, l.dir())
	if l.err != nil {
		return page{}, l.err
	}

	h := g.pageH
	if h == 0 {
		// Whole millimetres, so the CUPS media size matches the page.
		h = math.Ceil(l.y + g.bottom)
	}
	pdf.AddPageFormat("P", fpdf.SizeType{Wd: g.pageW, Ht: h})
	for _, op := range l.ops {
		op()
	}
	if pdf.Err() {
		return page{}, pdf.Error()
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return page{}, err
	}
	return page{pdf: buf.Bytes(), width: g.pageW, height: h}, nil
}

const fontFamily = "receipt"

// layout places the receipt's blocks from top to bottom. The page is only
// created once the height of the content is known (a roll is cut to fit),
// so each block records its drawing as an op to run afterwards.
type layout struct {
	pdf      *fpdf.Fpdf
	g        geometry
	fonts    *typeset.Fonts
	cut      *fontCut // nil: the whole font is embedded
	qrPNG    func() ([]byte, error)
	lang     kiosk.Lang
	x, width float64
	y        float64
	ops      []func()
	err      error
}

func (l *layout) receipt(r kiosk.Receipt, location string) {
	lang := l.lang
	site := r.Site.In(lang)
	if site == "" {
		site = kiosk.Msg(lang, "app.name")
	}
	l.text(site, sizeSite, true, typeset.AlignCenter, typeset.DirAuto)
	// Under the site, the agency the request goes to; a receipt of a
	// service that names none says only where it was issued.
	if agency := strings.TrimSpace(r.Agency.In(lang)); agency != "" {
		l.text(agency, sizeAgency, true, typeset.AlignCenter, typeset.DirAuto)
	} else {
		l.text(kiosk.Msg(lang, "printer.receipt.agency"), sizeAgency, false, typeset.AlignCenter, l.dir())
	}
	l.rule()
	l.text(kiosk.Msg(lang, "printer.receipt.title"), sizeTitle, true, typeset.AlignCenter, l.dir())
	l.space(1)
	l.text(r.ServiceName.In(lang), sizeService, true, typeset.AlignCenter, typeset.DirAuto)
	l.space(2)
	l.text(kiosk.Msg(lang, "printer.receipt.code"), sizeLabel, false, typeset.AlignCenter, l.dir())
	l.trackingCode(kiosk.LocalizeDigits(lang, r.TrackingCode.String()))
	l.space(1.5)
	l.row(kiosk.Msg(lang, "printer.receipt.date"), kiosk.FormatDate(lang, r.IssuedAt), typeset.DirLTR)
	l.row(kiosk.Msg(lang, "printer.receipt.time"), kiosk.FormatTime(lang, r.IssuedAt), typeset.DirLTR)
	l.row(kiosk.Msg(lang, "printer.receipt.kiosk"), r.KioskID, typeset.DirAuto)
	if strings.TrimSpace(location) != "" {
		l.row(kiosk.Msg(lang, "printer.receipt.location"), location, typeset.DirAuto)
	}
	l.rule()
	l.text(kiosk.Msg(lang, "printer.receipt.next_heading"), sizeHeading, true, typeset.AlignStart, l.dir())
	l.text(kiosk.Msg(lang, "printer.receipt.next"), sizeBody, false, typeset.AlignStart, l.dir())
	l.space(1.5)
	l.text(kiosk.Msg(lang, "printer.receipt.check_heading"), sizeHeading, true, typeset.AlignStart, l.dir())
	check := "printer.receipt.check_kiosk"
	if r.LinksStatusPage() {
		check = "printer.receipt.check_url"
	}
	l.text(kiosk.Msg(lang, check), sizeBody, false, typeset.AlignStart, l.dir())
}

// dir is the direction of the receipt's own messages.
func (l *layout) dir() typeset.Direction {
	if l.lang.RTL() {
		return typeset.DirRTL
	}
	return typeset.DirLTR
}

func (l *layout) lineHeight(size float64) float64 { return size * l.g.scale * leading * ptToMM }

func (l *layout) space(mm float64) { l.y += mm * l.g.scale }

func (l *layout) setFont(size float64) {
	l.pdf.SetFont(fontFamily, "", size*l.g.scale)
}

// boldStroke is the width of the outline stroked around bold glyphs, as a
// fraction of the type size. It is a little lighter than DejaVu Sans Bold:
// at 203 dpi, a thermal printer's resolution, a wider stroke begins to
// merge the dots of Persian letters (پ ث).
const boldStroke = 0.045

// cell draws one laid-out line at y, aligned ("L", "C", "R") across the
// width, each piece where shaping put it; its baseline is where fpdf's
// CellFormat would put it. Bold text is filled and stroked (text rendering
// mode 2) inside its own graphics state, so nothing else is emboldened.
func (l *layout) cell(y float64, size float64, bold bool, line typeset.PDFLine, align string) {
	l.setFont(size)
	if bold {
		l.pdf.RawWriteStr(fmt.Sprintf("q 2 Tr %.3f w 0 J 1 j", boldStroke*size*l.g.scale))
	}
	x := l.x
	switch w := line.Width * ptToMM; align {
	case "C":
		x += (l.width - w) / 2
	case "R":
		x += l.width - w
	}
	baseline := y + l.lineHeight(size)/2 + 0.3*size*l.g.scale*ptToMM
	for _, p := range line.Pieces {
		switch {
		case p.Marks != "":
			l.pdf.RawWriteStr("/Span <</ActualText " + pdfTextString(p.Marks+p.Text) + ">> BDC")
		case p.Mark:
			l.pdf.RawWriteStr("/Span <</ActualText ()>> BDC")
		}
		l.pdf.Text(x+p.X*ptToMM, baseline-p.Y*ptToMM, p.Text)
		if p.Marks != "" || p.Mark {
			l.pdf.RawWriteStr("EMC")
		}
	}
	if bold {
		l.pdf.RawWriteStr("Q")
	}
}

// pdfTextString is s as a PDF text string: UTF-16BE with a byte order
// mark, in hexadecimal.
func pdfTextString(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

// plainLine is a line fpdf places by itself (Latin and digits, left to
// right): one piece, as wide as fpdf measures it.
func (l *layout) plainLine(s string, size float64) typeset.PDFLine {
	l.setFont(size)
	return typeset.PDFLine{Text: s, Pieces: []typeset.PDFPiece{{Text: s}}, Width: l.pdf.GetStringWidth(s) / ptToMM}
}

// cellAlign turns a paragraph alignment into fpdf's, mirrored for
// right-to-left paragraphs.
func cellAlign(a typeset.Align, d typeset.Direction) string {
	switch a.Edge(d) {
	case typeset.EdgeCenter:
		return "C"
	case typeset.EdgeRight:
		return "R"
	}
	return "L"
}

// lines breaks s to the layout's width (or width w), in visual order.
func (l *layout) lines(s string, size float64, d typeset.Direction, w float64) []typeset.PDFLine {
	if l.err != nil {
		return nil
	}
	if d == typeset.DirAuto {
		d = typeset.DirectionOf(s, l.dir())
	}
	var out []typeset.PDFLine
	if d == typeset.DirLTR && !typeset.NeedsShaping(s) {
		l.setFont(size)
		for _, line := range l.pdf.SplitText(s, w) {
			out = append(out, l.plainLine(line, size))
		}
	} else {
		var err error
		// Laid out with the regular face, which is what prints.
		if out, err = shapedLines(l.fonts, s, size*l.g.scale, w/ptToMM, d == typeset.DirRTL, false); err != nil {
			l.err = err
			return nil
		}
	}
	if l.cut != nil {
		for _, line := range out {
			if !l.cut.covers(line.Text) {
				l.err = errOutsideCut
				return nil
			}
		}
	}
	return out
}

// text adds a paragraph, wrapped to the width.
func (l *layout) text(s string, size float64, bold bool, a typeset.Align, d typeset.Direction) {
	if d == typeset.DirAuto {
		d = typeset.DirectionOf(s, l.dir())
	}
	lh := l.lineHeight(size)
	for _, line := range l.lines(s, size, d, l.width) {
		y := l.y
		l.ops = append(l.ops, func() { l.cell(y, size, bold, line, cellAlign(a, d)) })
		l.y += lh
	}
}

// row adds a label at the start edge and its value at the end edge, on one
// line when both fit and otherwise the value under its label.
func (l *layout) row(label, value string, vd typeset.Direction) {
	if vd == typeset.DirAuto {
		vd = typeset.DirectionOf(value, l.dir())
	}
	const gap = 3 // mm between label and value
	ld := l.dir()
	labels := l.lines(label, sizeRow, ld, l.width)
	values := l.lines(value, sizeRow, vd, l.width)
	if l.err != nil || len(labels) == 0 {
		return
	}
	lh := l.lineHeight(sizeRow)
	if len(labels) == 1 && len(values) == 1 && (labels[0].Width+values[0].Width)*ptToMM+gap <= l.width {
		y := l.y
		label, value := labels[0], values[0]
		l.ops = append(l.ops, func() {
			l.cell(y, sizeRow, true, label, cellAlign(typeset.AlignStart, ld))
			l.cell(y, sizeRow, false, value, cellAlign(typeset.AlignEnd, ld))
		})
		l.y += lh
		return
	}
	l.text(label, sizeRow, true, typeset.AlignStart, ld)
	for _, v := range values {
		y := l.y
		l.ops = append(l.ops, func() { l.cell(y, sizeRow, false, v, cellAlign(typeset.AlignEnd, ld)) })
		l.y += lh
	}
}

// trackingCode adds the code on a line of its own, as large as fits.
func (l *layout) trackingCode(code string) {
	if l.cut != nil && !l.cut.covers(code) {
		l.err = errOutsideCut
		return
	}
	l.setFont(10)
	// The bold stroke widens the code by about its width at each end.
	w := l.pdf.GetStringWidth(code) + 2*boldStroke*10*l.g.scale*ptToMM
	size := float64(sizeCodeMax)
	if w > 0 {
		// w is the width at 10 pt; keep to half points.
		size = min(size, math.Floor(2*10*l.width/w)/2)
	}
	y := l.y
	line := l.plainLine(code, size)
	l.ops = append(l.ops, func() { l.cell(y, size, true, line, "C") })
	l.y += l.lineHeight(size)
}

// rule adds a dashed line across the width.
func (l *layout) rule() {
	l.space(1.5)
	y := l.y
	l.ops = append(l.ops, func() {
		l.pdf.SetLineWidth(0.2)
		l.pdf.SetDashPattern([]float64{1, 1}, 0)
		l.pdf.Line(l.x, y, l.x+l.width, y)
		l.pdf.SetDashPattern(nil, 0)
	})
	l.space(2)
}

// qr adds the QR code of r.QR, centred. The image is registered under a
// name unique to the receipt: fpdf caches images by name.
func (l *layout) qr(r kiosk.Receipt) error {
	png, err := l.qrPNG()
	if err != nil {
		return err
	}
	sum := sha256.Sum256([]byte(r.QR))
	name := "qr-" + string(r.TrackingCode) + "-" + hex.EncodeToString(sum[:6])
	opts := fpdf.ImageOptions{ImageType: "PNG"}
	l.pdf.RegisterImageOptionsReader(name, opts, bytes.NewReader(png))
	if l.pdf.Err() {
		return fmt.Errorf("register QR image: %w", l.pdf.Error())
	}
	side := l.g.qr
	x, y := l.x+(l.width-side)/2, l.y
	l.ops = append(l.ops, func() {
		l.pdf.ImageOptions(name, x, y, side, side, false, opts, 0, "")
	})
	l.y += side
	return nil
}
