package widgets

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pishkhan/pishkhan/kiosk/typeset"
)

// Link is a paragraph that takes the citizen somewhere when touched or
// pressed with OK: an entry of an error summary, leading to the field it
// names. Unlike a Button its text wraps, aligned to the start edge, so a
// long sentence stays whole at any text size; it is underlined, in its
// colour, and at least a touch target tall.
//
// Change the exported fields, then call Refresh.
type Link struct {
	widget.BaseWidget

	Text string
	Dir  Direction
	// Color is the text's and underline's colour; the foreground's when
	// empty.
	Color    fyne.ThemeColorName
	OnTapped func()

	fonts   *typeset.Fonts
	focused bool
}

// NewLink returns a link showing text, drawn with fonts, that calls
// onTapped.
func NewLink(fonts *typeset.Fonts, text string, dir Direction, onTapped func()) *Link {
	l := &Link{Text: text, Dir: dir, OnTapped: onTapped, fonts: fonts}
	l.ExtendBaseWidget(l)
	return l
}

// Tapped implements fyne.Tappable.
func (l *Link) Tapped(*fyne.PointEvent) { l.activate() }

func (l *Link) activate() {
	if l.OnTapped != nil {
		l.OnTapped()
	}
}

// FocusGained implements fyne.Focusable.
func (l *Link) FocusGained() { l.focused = true; l.Refresh() }

// FocusLost implements fyne.Focusable.
func (l *Link) FocusLost() { l.focused = false; l.Refresh() }

// TypedRune implements fyne.Focusable; characters go on to the canvas.
func (l *Link) TypedRune(r rune) { passRune(l, r) }

// TypedKey implements fyne.Focusable: Space and Enter (a remote's OK)
// follow the link; other keys go on to the canvas.
func (l *Link) TypedKey(e *fyne.KeyEvent) {
	switch e.Name {
	case fyne.KeySpace, fyne.KeyReturn, fyne.KeyEnter:
		l.activate()
	default:
		passKey(l, e)
	}
}

// CreateRenderer implements fyne.Widget.
func (l *Link) CreateRenderer() fyne.WidgetRenderer {
	r := &linkRenderer{
		l:     l,
		text:  NewText(l.fonts, "", Style{Wrap: true}),
		under: canvas.NewRectangle(color.Transparent),
		ring:  canvas.NewRectangle(color.Transparent),
	}
	r.Refresh()
	return r
}

type linkRenderer struct {
	l     *Link
	text  *Text
	under *canvas.Rectangle
	ring  *canvas.Rectangle
}

func (r *linkRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.text, r.under, r.ring}
}

func (r *linkRenderer) Destroy() {}

// margin is the room around the text: the focus ring's, and padding.
func (r *linkRenderer) margin() float32 { return Size(SizeNameFocusRing) + theme.Padding() }

// lineWidth is the thickness of the underline.
func lineWidth() float32 { return max(theme.Size(theme.SizeNameInputBorder), 2) }

func (r *linkRenderer) MinSize() fyne.Size {
	m := r.margin()
	ts := r.text.MinSize()
	return fyne.NewSize(ts.Width+2*m, max(ts.Height+2*m+lineWidth(), Size(SizeNameTarget)))
}

func (r *linkRenderer) Layout(size fyne.Size) {
	m := r.margin()
	w := max(size.Width-2*m, 0)
	// The text's height follows its width: lay it out at its width first.
	r.text.Resize(fyne.NewSize(w, r.text.Size().Height))
	h := r.text.MinSize().Height
	y := (size.Height - h - lineWidth()) / 2
	r.text.Move(fyne.NewPos(m, y))
	r.text.Resize(fyne.NewSize(w, h))
	r.under.Move(fyne.NewPos(m, y+h))
	r.under.Resize(fyne.NewSize(w, lineWidth()))
	r.ring.Resize(size)
}

func (r *linkRenderer) Refresh() {
	l := r.l
	name := l.Color
	if name == "" {
		name = theme.ColorNameForeground
	}
	if st := (Style{Wrap: true, Bold: true, Color: name, Dir: l.Dir}); r.text.Style() != st {
		r.text.SetStyle(st)
	}
	r.text.SetText(l.Text)
	r.under.FillColor = theme.Color(name)
	r.ring.StrokeWidth = Size(SizeNameFocusRing)
	r.ring.StrokeColor = theme.Color(theme.ColorNameFocus)
	r.ring.CornerRadius = theme.Size(theme.SizeNameInputRadius)
	r.ring.FillColor = color.Transparent
	r.ring.Hidden = !l.focused
	r.Layout(l.Size())
	canvas.Refresh(l)
}
