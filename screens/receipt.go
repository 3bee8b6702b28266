package screens

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"github.com/skip2/go-qrcode"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// receiptScreen shows the service and the agency it went to, the tracking
// code large, the receipt's QR code and how printing is going; when
// printing fails or there is no printer it asks the citizen to photograph
// the screen instead. A television has no printer: there the QR code is
// larger, to be scanned from the sofa.
func receiptScreen(u *UI, st kiosk.State) *screen {
	l := st.Lang
	r := st.Receipt
	if r == nil { // cannot happen on the receipt stage; draw nothing rather than panic
		return &screen{content: container.NewStack()}
	}
	codeStyle := widgets.Style{Size: widgets.SizeNameDisplayText, Bold: true, Dir: widgets.DirLTR, Align: widgets.AlignCenter}
	lines := []string{kiosk.LocalizeDigits(l, r.TrackingCode.String())}
	if u.a11y.LargeText {
		// With large text the code on one line and the QR code beside it
		// are wider than a 1280-px screen: two groups to a line, read
		// from the top.
		lines = halves(lines[0])
	}
	code := container.NewVBox()
	for _, s := range lines {
		code.Add(u.newText(s, codeStyle))
	}
	when := kiosk.Msgf(l, "receipt.issued", map[string]string{
		"date": kiosk.FormatDate(l, r.IssuedAt),
		"time": kiosk.FormatTime(l, r.IssuedAt),
	})
	center := func(s string, st widgets.Style) *widgets.Text {
		st.Align = widgets.AlignCenter
		st.Wrap = true
		return u.text(l, s, st)
	}
	status, statusColor := printStatus(st)
	tv := u.opts.Mode == config.ModeTV
	if !u.sess.HasPrinter() || tv && st.Print == kiosk.PrintNone {
		// Nothing comes out (a television, or receipts only filed in the
		// spool folder): the citizen scans the QR code when it opens a
		// status page, else photographs or writes down the code.
		status, statusColor = "receipt.no_printer", theme.ColorNameForeground
		if r.LinksStatusPage() {
			status = "receipt.scan"
		}
	}
	info := container.NewVBox(center(r.ServiceName.In(l), widgets.Style{Size: theme.SizeNameSubHeadingText, Bold: true}))
	if agency := r.Agency.In(l); agency != "" {
		// Who has the request now, as the printed receipt's header says.
		info.Add(center(agency, widgets.Style{}))
	}
	info.Objects = append(info.Objects,
		center(when, widgets.Style{}),
		container.NewPadded(),
		center(kiosk.Msg(l, "receipt.code"), widgets.Style{Color: theme.ColorNamePlaceHolder}),
		code,
		container.NewPadded(),
		center(kiosk.Msg(l, status), widgets.Style{Bold: true, Color: statusColor}),
	)
	qrSide := span(4.5)
	switch {
	case tv:
		qrSide = span(6)
	case u.a11y.LargeText:
		// A phone's camera reads the QR code, not the eye: large text
		// leaves it at its usual size.
		qrSide /= largeScale[sizeNameSpan]
	}
	qr := qrImage(r.QR, qrSide)
	var panel fyne.CanvasObject = info
	if u.a11y.LargeText {
		// The code on two lines leaves the card narrow: widen it so that
		// the printer's message takes fewer lines.
		panel = minWidth(info, span(8))
	}
	var body fyne.CanvasObject = container.NewCenter(widgets.NewHBox(l.RTL(), card(panel), container.NewPadded(), qr))
	if u.a11y.LargeText {
		// A long printer message may still outgrow a 1280×800 screen:
		// the citizen scrolls to the rest.
		body = vscroll(u, body)
	}

	var reprint fyne.CanvasObject
	if u.sess.HasPrinter() {
		b := u.button(l, "receipt.reprint", widgets.ImportanceMedium, u.sess.Reprint)
		b.Icon = theme.DocumentPrintIcon()
		if st.Print == kiosk.PrintPrinting {
			b.Disable()
		}
		reprint = b
	}
	done := u.forwardButton(l, "receipt.done", u.sess.FinishReceipt)
	done.Icon = theme.ConfirmIcon()
	nav := navBar(l, reprint, done)
	return &screen{content: u.page(l, kiosk.Msg(l, "receipt.title"), nil, body, nav), primary: focusOn(done), confirm: done}
}

// halves splits a tracking code written in groups ("0004-2005-0146-2000")
// into its first and its last groups.
func halves(code string) []string {
	groups := strings.Split(code, "-")
	n := (len(groups) + 1) / 2
	return []string{strings.Join(groups[:n], "-"), strings.Join(groups[n:], "-")}
}

// printStatus returns the message of the print state and its colour.
func printStatus(st kiosk.State) (string, fyne.ThemeColorName) {
	switch st.Print {
	case kiosk.PrintPrinting:
		return "receipt.printing", theme.ColorNameForeground
	case kiosk.PrintDone:
		return "receipt.printed", theme.ColorNamePrimary
	case kiosk.PrintFailed:
		if st.PrintError != "" && kiosk.HasMessage(st.PrintError) {
			return st.PrintError, theme.ColorNameError
		}
		return "print.unavailable", theme.ColorNameError
	}
	return "receipt.no_printer", theme.ColorNameForeground
}

// qrImage draws the receipt's QR code in a square of side, as large as
// whole pixels to a module allow (see widgets.QRCode), so any phone can
// read it.
func qrImage(content string, side float32) fyne.CanvasObject {
	q, err := qrcode.New(content, qrcode.Medium)
	if err != nil {
		return container.NewStack()
	}
	return widgets.NewQRCode(q.Bitmap(), side)
}
