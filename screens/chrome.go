package screens

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// The pieces every screen is made of, mirrored for the session's language.

// dirOf returns the paragraph direction of language l: right to left for
// Persian.
func dirOf(l kiosk.Lang) widgets.Direction {
	if l.RTL() {
		return widgets.DirRTL
	}
	return widgets.DirLTR
}

// labels returns the words on the special keys of the keyboards and pads,
// in l.
func labels(l kiosk.Lang) widgets.Labels {
	lb := widgets.Labels{
		RTL:       l.RTL(),
		Backspace: kiosk.Msg(l, "keyboard.backspace"),
		Clear:     kiosk.Msg(l, "keyboard.clear"),
		Done:      kiosk.Msg(l, "keyboard.done"),
		Enter:     kiosk.Msg(l, "technician.pin.enter"),
		Shift:     kiosk.Msg(l, "keyboard.shift"),
		Space:     kiosk.Msg(l, "keyboard.space"),
		ZWNJ:      kiosk.Msg(l, "keyboard.zwnj"),
		Persian:   kiosk.Msg(l, "language.fa"),
		English:   kiosk.Msg(l, "language.en"),
	}
	// The decimal key is labelled "." in both languages, as on the
	// keypads Iranians use every day (bank card readers, ATMs, calculators,
	// the numeric pad of a PC keyboard): alone on a key, the Persian
	// separator ٫ reads as the letter ر. Between digits the answer still
	// shows ٫ (formatNumber), where it cannot be mistaken.
	return lb
}

// digitsIn returns how keys write ASCII digits in l: Persian digits in
// Persian.
func digitsIn(l kiosk.Lang) func(string) string {
	return func(s string) string { return kiosk.LocalizeDigits(l, s) }
}

// newText returns a Text drawn with the UI's fonts.
func (u *UI) newText(s string, st widgets.Style) *widgets.Text {
	return widgets.NewText(u.opts.Fonts, s, st)
}

// newButton returns a Button drawn with the UI's fonts.
func (u *UI) newButton(label string, dir widgets.Direction, onTapped func()) *widgets.Button {
	return widgets.NewButton(u.opts.Fonts, label, dir, onTapped)
}

// text returns s as a paragraph in the session's direction, aligned to the
// start edge and wrapped.
func (u *UI) text(l kiosk.Lang, s string, st widgets.Style) *widgets.Text {
	st.Dir = dirOf(l)
	return u.newText(s, st)
}

func (u *UI) msg(l kiosk.Lang, key string, st widgets.Style) *widgets.Text {
	return u.text(l, kiosk.Msg(l, key), st)
}

func (u *UI) heading(l kiosk.Lang, s string) *widgets.Text {
	return u.text(l, s, widgets.Style{Size: theme.SizeNameHeadingText, Bold: true, Wrap: true})
}

func (u *UI) body(l kiosk.Lang, s string) *widgets.Text {
	return u.text(l, s, widgets.Style{Wrap: true})
}

// button returns a touch-sized button labelled with a message.
func (u *UI) button(l kiosk.Lang, key string, imp widgets.Importance, onTapped func()) *widgets.Button {
	b := u.newButton(kiosk.Msg(l, key), dirOf(l), onTapped)
	b.Importance = imp
	return b
}

// backIcon points towards the start edge: right in a right-to-left screen.
func backIcon(l kiosk.Lang) fyne.Resource {
	if l.RTL() {
		return theme.NavigateNextIcon()
	}
	return theme.NavigateBackIcon()
}

// forwardIcon points towards the end edge.
func forwardIcon(l kiosk.Lang) fyne.Resource {
	if l.RTL() {
		return theme.NavigateBackIcon()
	}
	return theme.NavigateNextIcon()
}

func (u *UI) backButton(l kiosk.Lang, onTapped func()) *widgets.Button {
	b := u.button(l, "nav.back", widgets.ImportanceMedium, onTapped)
	b.Icon = backIcon(l)
	return b
}

func (u *UI) forwardButton(l kiosk.Lang, key string, onTapped func()) *widgets.Button {
	b := u.button(l, key, widgets.ImportanceHigh, onTapped)
	b.Icon = forwardIcon(l)
	b.IconAfter = true // the arrow follows the label, towards the end edge
	return b
}

// cancelButton ends the session; it stands in the title bar. When the
// cancel would throw away answers it asks first (UI.cancel).
func (u *UI) cancelButton(l kiosk.Lang, onCancel func()) *widgets.Button {
	c := u.button(l, "nav.cancel", widgets.ImportanceLow, func() { u.cancel(onCancel) })
	c.Icon = theme.CancelIcon()
	return c
}

// page lays a screen out: a title bar (title at the start edge, the
// cancel button at the end edge when the citizen may leave, and before it
// any actions of the whole screen), the body, and a navigation bar at the
// bottom.
func (u *UI) page(l kiosk.Lang, title string, cancelButton *widgets.Button, content fyne.CanvasObject, nav fyne.CanvasObject, actions ...fyne.CanvasObject) fyne.CanvasObject {
	if cancelButton != nil {
		actions = append(actions, cancelButton)
	}
	var end fyne.CanvasObject
	if len(actions) > 0 {
		end = widgets.NewHBox(l.RTL(), actions...)
	}
	bar := canvas.NewRectangle(theme.Color(theme.ColorNamePrimary))
	bar.SetMinSize(fyne.NewSize(0, theme.Padding()))
	header := container.NewVBox(
		widgets.NewBorder(l.RTL(), nil, nil, nil, end, u.heading(l, title)),
		bar,
	)
	var bottom fyne.CanvasObject
	if nav != nil {
		bottom = container.NewVBox(widget.NewSeparator(), nav)
	}
	return margins(container.NewBorder(header, bottom, nil, nil, content))
}

// navBar puts back at the start edge and the primary action at the end.
func navBar(l kiosk.Lang, back, forward fyne.CanvasObject, middle ...fyne.CanvasObject) fyne.CanvasObject {
	objs := []fyne.CanvasObject{}
	if back != nil {
		objs = append(objs, back)
	}
	objs = append(objs, layout.NewSpacer())
	objs = append(objs, middle...)
	if len(middle) > 0 {
		objs = append(objs, layout.NewSpacer())
	}
	if forward != nil {
		objs = append(objs, forward)
	}
	return widgets.NewHBox(l.RTL(), objs...)
}

// safeArea keeps its content inside the 5 % margins on every side that a
// television may crop (the 10-foot UI's title-safe area).
type safeArea struct{}

const safeMargin = 0.05

func (safeArea) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	dx, dy := size.Width*safeMargin, size.Height*safeMargin
	for _, o := range objs {
		o.Move(fyne.NewPos(dx, dy))
		o.Resize(fyne.NewSize(size.Width-2*dx, size.Height-2*dy))
	}
}

func (safeArea) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objs {
		m = m.Max(o.MinSize())
	}
	return fyne.NewSize(m.Width/(1-2*safeMargin), m.Height/(1-2*safeMargin))
}

// margins keeps content off the screen's edges.
func margins(o fyne.CanvasObject) fyne.CanvasObject {
	return container.New(layout.NewCustomPaddedLayout(24, 24, 32, 32), o)
}

// vscroll scrolls long content; a citizen drags it with a finger, and a
// drag counts as presence. The content keeps clear of the scroll bar,
// which Fyne always draws on the right.
func vscroll(u *UI, o fyne.CanvasObject) *widgets.TouchScroll {
	bar := theme.Size(theme.SizeNameScrollBar) + theme.Padding()
	s := widgets.NewVScroll(container.New(layout.NewCustomPaddedLayout(0, 0, bar, bar), o))
	s.OnScrolled = func(fyne.Position) { u.sess.Touch() }
	return s
}

// minWidth gives o at least width w, and its own minimum height.
type minWidthLayout struct{ w float32 }

func (m minWidthLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (m minWidthLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := fyne.NewSize(m.w, 0)
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}

func minWidth(o fyne.CanvasObject, w float32) fyne.CanvasObject {
	return container.New(minWidthLayout{w: w}, o)
}

// surface is a tappable background: the attract loop starts on a touch
// anywhere, and the idle warning's backdrop counts as presence.
type surface struct {
	widget.BaseWidget
	fill     color.Color
	onTapped func()
}

func newSurface(fill color.Color, onTapped func()) *surface {
	s := &surface{fill: fill, onTapped: onTapped}
	s.ExtendBaseWidget(s)
	return s
}

func (s *surface) Tapped(*fyne.PointEvent) {
	if s.onTapped != nil {
		s.onTapped()
	}
}

func (s *surface) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(s.fill))
}

// bullet is a small disc before an item of a list; a shape, not a
// character, so that no fragment of text is glued to a message.
func bullet() fyne.CanvasObject {
	c := canvas.NewCircle(theme.Color(theme.ColorNamePrimary))
	d := theme.Padding() * 1.5
	return container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(d), c))
}

// card is a panel with a border, for the idle warning and the receipt.
func card(o fyne.CanvasObject) fyne.CanvasObject {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground))
	bg.CornerRadius = theme.Size(theme.SizeNameInputRadius) * 2
	bg.StrokeColor = theme.Color(theme.ColorNameForeground)
	bg.StrokeWidth = theme.Size(theme.SizeNameInputBorder)
	return container.NewStack(bg, container.New(layout.NewCustomPaddedLayout(24, 24, 32, 32), o))
}
