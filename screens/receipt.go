package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"github.com/skip2/go-qrcode"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// receiptScreen is the confirmation page: the service and the agency it
// went to, the tracking code large and whole with the receipt's QR code,
// whether the paper receipt printed (or that the code on screen is all
// the citizen needs), what happens next and what to bring. A television
// has no printer: there the QR code is larger, to be scanned from the
// sofa.
func receiptScreen(u *UI, st kiosk.State) *screen {
	l := st.Lang
	r := st.Receipt
	if r == nil { // cannot happen on the receipt stage; draw nothing rather than panic
		return &screen{content: container.NewStack()}
	}
	// The code on one line, never wrapped: read aloud, copied or
	// photographed, it is one thing.
	code := u.newText(kiosk.LocalizeDigits(l, r.TrackingCode.String()),
		widgets.Style{Size: widgets.SizeNameDisplayText, Bold: true, Dir: widgets.DirLTR, Align: widgets.AlignCenter})
	when := kiosk.Msgf(l, "receipt.issued", map[string]string{
		"date": kiosk.FormatDate(l, r.IssuedAt),
		"time": kiosk.FormatTime(l, r.IssuedAt),
	})
	center := func(s string, st widgets.Style) *widgets.Text {
		st.Align = widgets.AlignCenter
		st.Wrap = true
		return u.text(l, s, st)
	}
	tv := u.tv()
	status, statusColor := u.receiptStatus(st)
	statusText := center(kiosk.Msg(l, status), widgets.Style{Bold: true, Color: statusColor})
	// No paper after all: the code on screen is enough.
	enough := center(kiosk.Msg(l, "receipt.code_enough"), widgets.Style{})
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
		statusText,
		enough,
	)
	qrSide := span(4.5)
	switch {
	case tv:
		qrSide = span(6)
	case u.a11y.LargeText:
		// A phone's camera reads the QR code, not the eye: large text
		// leaves it at its usual size.
		qrSide /= sizeScales[u.a11y.TextSize][sizeNameSpan]
	}
	qr := qrImage(r.QR, qrSide)
	// The card is as wide as the code, and wide enough for its messages
	// to take few lines; the QR code stands beside it, or under it where
	// the screen is too narrow for both (large text).
	panel := card(minWidth(info, max(code.MinSize().Width, span(7))))
	// What happens next is below them; a remote scrolls to it with Down
	// (navigator.scroll).
	top := container.New(&besideOrBelow{rtl: l.RTL()}, panel, qr)
	body := container.NewVBox(top, container.NewPadded(), u.nextSteps(l, st.Service))
	var reprint fyne.CanvasObject
	var reprintButton *widgets.Button
	if u.sess.HasPrinter() {
		reprintButton = u.button(l, "receipt.reprint", widgets.ImportanceMedium, u.sess.Reprint)
		reprintButton.Icon = theme.DocumentPrintIcon()
		reprint = reprintButton
	}
	done := u.forwardButton(l, "receipt.done", u.sess.FinishReceipt)
	done.Icon = theme.ConfirmIcon()
	nav := navBar(l, reprint, done)
	// How printing goes changes the status line, the line under it and
	// the reprint button in place: the screen is built once, when the
	// receipt is stored, not again when the printer answers a moment
	// later (issue 17).
	shown := st.Print
	update := func(st kiosk.State) {
		if st.Print == shown {
			return
		}
		shown = st.Print
		key, col := u.receiptStatus(st)
		style := statusText.Style()
		style.Color = col
		statusText.SetStyle(style)
		statusText.SetText(kiosk.Msg(l, key))
		enough.Hidden = st.Print != kiosk.PrintFailed
		if reprintButton != nil {
			if st.Print == kiosk.PrintPrinting {
				reprintButton.Disable()
			} else {
				reprintButton.Enable()
			}
		}
		// The status may take another line: the card and what is
		// below it are laid out again, as a new screen would be.
		body.Refresh()
	}
	enough.Hidden = st.Print != kiosk.PrintFailed
	if reprintButton != nil && st.Print == kiosk.PrintPrinting {
		reprintButton.Disable()
	}
	return &screen{content: u.page(l, kiosk.Msg(l, "receipt.title"), nil, vscroll(u, body), nav), update: update, primary: focusOn(done), confirm: done}
}

// receiptStatus returns the message saying how printing the receipt
// goes, and its colour. Where nothing comes out (a television, or
// receipts only filed in the spool folder) the citizen scans the QR code
// when it opens a status page, else photographs or writes down the code.
func (u *UI) receiptStatus(st kiosk.State) (string, fyne.ThemeColorName) {
	if !u.sess.HasPrinter() || u.tv() && st.Print == kiosk.PrintNone {
		if st.Receipt != nil && st.Receipt.LinksStatusPage() {
			return "receipt.scan", theme.ColorNameForeground
		}
		return "receipt.no_printer", theme.ColorNameForeground
	}
	return printStatus(st)
}

// nextSteps says what happens to the request now and what to bring, as
// the service's catalogue entry tells (a general line when it does not).
func (u *UI) nextSteps(l kiosk.Lang, svc *kiosk.Service) fyne.CanvasObject {
	heading := func(key string) fyne.CanvasObject {
		return u.text(l, kiosk.Msg(l, key), widgets.Style{Size: theme.SizeNameSubHeadingText, Bold: true, Wrap: true})
	}
	next := kiosk.Msg(l, "printer.receipt.next")
	var bring []kiosk.Text
	if svc != nil {
		if n := svc.After.Next.In(l); n != "" {
			next = n
		}
		bring = svc.After.Bring
	}
	items := []fyne.CanvasObject{heading("printer.receipt.next_heading"), u.body(l, next)}
	if len(bring) > 0 {
		items = append(items, container.NewPadded(), heading("receipt.bring"))
		for _, b := range bring {
			items = append(items, widgets.NewBorder(l.RTL(), nil, nil, bullet(), nil, u.body(l, b.In(l))))
		}
	}
	return container.New(readableWidth{max: span(15)}, container.NewVBox(items...))
}

// besideOrBelow lays out a card and the QR code side by side, the card
// at the start edge, when the width holds both; else the QR code goes
// under the card, centred. Neither is ever cut.
type besideOrBelow struct {
	rtl   bool
	width float32 // the width last laid out at
}

func (b *besideOrBelow) besideWidth(objs []fyne.CanvasObject) float32 {
	w := theme.Padding() * 2
	for _, o := range objs {
		w += o.MinSize().Width
	}
	return w
}

func (b *besideOrBelow) beside(objs []fyne.CanvasObject, width float32) bool {
	return len(objs) == 2 && width+0.5 >= b.besideWidth(objs)
}

func (b *besideOrBelow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	b.width = size.Width
	if len(objs) != 2 {
		return
	}
	a, c := objs[0], objs[1]
	as, cs := a.MinSize(), c.MinSize()
	if b.beside(objs, size.Width) {
		gap := theme.Padding() * 2
		x := (size.Width - as.Width - gap - cs.Width) / 2
		ax, cx := x, x+as.Width+gap
		if b.rtl {
			ax, cx = size.Width-x-as.Width, x
		}
		h := max(as.Height, cs.Height)
		a.Move(fyne.NewPos(ax, (h-as.Height)/2))
		a.Resize(as)
		c.Move(fyne.NewPos(cx, (h-cs.Height)/2))
		c.Resize(cs)
		return
	}
	a.Move(fyne.NewPos((size.Width-as.Width)/2, 0))
	a.Resize(as)
	c.Move(fyne.NewPos((size.Width-cs.Width)/2, as.Height+theme.Padding()*2))
	c.Resize(cs)
}

func (b *besideOrBelow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if len(objs) != 2 {
		return fyne.Size{}
	}
	// As narrow as the two stacked; as tall as they are at the width
	// last laid out at.
	as, cs := objs[0].MinSize(), objs[1].MinSize()
	w := max(as.Width, cs.Width)
	if b.beside(objs, b.width) {
		return fyne.NewSize(w, max(as.Height, cs.Height))
	}
	return fyne.NewSize(w, as.Height+theme.Padding()*2+cs.Height)
}

// readableWidth keeps a column of text to a readable line length, centred
// in a wider space; narrower, it takes the width there is.
type readableWidth struct{ max float32 }

func (r readableWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := min(size.Width, r.max)
	for _, o := range objs {
		o.Move(fyne.NewPos((size.Width-w)/2, 0))
		o.Resize(fyne.NewSize(w, size.Height))
	}
}

func (r readableWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objs {
		m = m.Max(o.MinSize())
	}
	return m
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
