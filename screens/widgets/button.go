package widgets

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pishkhan/pishkhan/kiosk/typeset"
)

// Importance says how strongly a Button asks to be pressed.
type Importance int

// Button importances.
const (
	// ImportanceMedium is an ordinary action.
	ImportanceMedium Importance = iota
	// ImportanceHigh is the primary action of a screen.
	ImportanceHigh
	// ImportanceLow is a secondary action drawn as an outline.
	ImportanceLow
)

// Button is a touch-sized button whose label is a bidi-aware Text. It can
// show an icon, a selected state (for choices and toggles), and a focus
// ring that does not rely on colour alone, so that remote-control
// navigation can be built on it.
//
// Change the exported fields, then call Refresh.
type Button struct {
	widget.BaseWidget

	Label string
	// Detail is an optional second, smaller line (tiles only).
	Detail string
	Icon   fyne.Resource
	// Dir is the direction of the label's paragraph; it also decides on
	// which side of the label the icon sits: before it, or after it with
	// IconAfter (an arrow pointing on, at the end edge).
	Dir        Direction
	IconAfter  bool
	Importance Importance
	// Selected marks the chosen option of a choice or an active toggle.
	Selected bool
	// Tile puts the icon above the label, for grids of services.
	Tile bool
	// TextSize is the label's size; the theme's text size when empty.
	TextSize fyne.ThemeSizeName
	// Key is the colour of the remote-control key that also presses the
	// button (KeyRed, KeyGreen...), drawn as a disc at the button's end
	// edge; nil for none.
	Key color.Color
	// Wrap lets an inline label wrap between words when the button is
	// narrower than it (a country's long name in a grid of equal
	// cells); the button grows taller instead of cutting the label.
	Wrap bool
	// Private marks a label that shows what a citizen answered or typed
	// (countries matching the letters of a nationality): its layout is
	// never cached (see Style.Private).
	Private  bool
	OnTapped func()

	fonts    *typeset.Fonts
	disabled bool
	focused  bool
}

// NewButton returns a button showing label, drawn with fonts, that calls
// onTapped.
func NewButton(fonts *typeset.Fonts, label string, dir Direction, onTapped func()) *Button {
	b := &Button{Label: label, Dir: dir, OnTapped: onTapped, fonts: fonts}
	b.ExtendBaseWidget(b)
	return b
}

// NewIconButton returns a button with an icon before its label.
func NewIconButton(fonts *typeset.Fonts, label string, icon fyne.Resource, dir Direction, onTapped func()) *Button {
	b := NewButton(fonts, label, dir, onTapped)
	b.Icon = icon
	return b
}

// Tapped implements fyne.Tappable.
func (b *Button) Tapped(*fyne.PointEvent) { b.activate() }

func (b *Button) activate() {
	if b.disabled || b.OnTapped == nil {
		return
	}
	b.OnTapped()
}

// Disable stops the button from reacting to taps and keys.
func (b *Button) Disable() { b.disabled = true; b.Refresh() }

// Enable lets the button react again.
func (b *Button) Enable() { b.disabled = false; b.Refresh() }

// Disabled implements fyne.Disableable.
func (b *Button) Disabled() bool { return b.disabled }

// FocusGained implements fyne.Focusable.
func (b *Button) FocusGained() { b.focused = true; b.Refresh() }

// FocusLost implements fyne.Focusable.
func (b *Button) FocusLost() { b.focused = false; b.Refresh() }

// Focused reports whether the button has the keyboard focus.
func (b *Button) Focused() bool { return b.focused }

// TypedRune implements fyne.Focusable: a button types nothing, so the
// character goes on to the canvas (a digit to the field being answered).
func (b *Button) TypedRune(r rune) { passRune(b, r) }

// TypedKey implements fyne.Focusable: Space and Enter (a remote's OK)
// press the button; other keys (arrows, Back) go on to the canvas.
func (b *Button) TypedKey(e *fyne.KeyEvent) {
	switch e.Name {
	case fyne.KeySpace, fyne.KeyReturn, fyne.KeyEnter:
		b.activate()
	default:
		passKey(b, e)
	}
}

// The colours of a remote control's colour keys, for Button.Key.
var (
	KeyRed    color.Color = color.NRGBA{R: 0xe5, G: 0x39, B: 0x35, A: 0xff}
	KeyGreen  color.Color = color.NRGBA{R: 0x2e, G: 0xa0, B: 0x43, A: 0xff}
	KeyYellow color.Color = color.NRGBA{R: 0xfd, G: 0xd8, B: 0x35, A: 0xff}
	KeyBlue   color.Color = color.NRGBA{R: 0x1e, G: 0x88, B: 0xe5, A: 0xff}
)

// CreateRenderer implements fyne.Widget.
func (b *Button) CreateRenderer() fyne.WidgetRenderer {
	r := &buttonRenderer{
		b:      b,
		bg:     canvas.NewRectangle(color.Transparent),
		ring:   canvas.NewRectangle(color.Transparent),
		bar:    canvas.NewRectangle(color.Transparent),
		key:    canvas.NewCircle(color.Transparent),
		icon:   newIconImage(),
		label:  NewText(b.fonts, "", Style{}),
		detail: NewText(b.fonts, "", Style{}),
	}
	r.Refresh()
	return r
}

type buttonRenderer struct {
	b *Button
	// fg is the colour of the label and icon.
	fg fyne.ThemeColorName

	bg     *canvas.Rectangle
	ring   *canvas.Rectangle
	bar    *canvas.Rectangle
	key    *canvas.Circle
	icon   *iconImage
	label  *Text
	detail *Text

	// objects are those of the above the button shows now: Fyne walks
	// every object of the tree on every frame, hidden or not, so the
	// icon, detail, key disc, focus ring and underline are in it only
	// while shown. Kept between frames: Fyne asks for them on each.
	objects []fyne.CanvasObject
}

func (r *buttonRenderer) Objects() []fyne.CanvasObject { return r.objects }

// pick lists the objects shown, in the order they are drawn.
func (r *buttonRenderer) pick() {
	b := r.b
	// A new slice: Fyne may still hold the last one it was given.
	r.objects = make([]fyne.CanvasObject, 1, 7)
	r.objects[0] = r.bg
	if b.Icon != nil {
		r.objects = append(r.objects, r.icon.img)
	}
	if b.Label != "" {
		r.objects = append(r.objects, r.label)
	}
	if b.Detail != "" {
		r.objects = append(r.objects, r.detail)
	}
	if b.Key != nil {
		r.objects = append(r.objects, r.key)
	}
	if b.focused {
		r.objects = append(r.objects, r.ring, r.bar)
	}
}

func (r *buttonRenderer) Destroy() {}

func (r *buttonRenderer) iconSize() float32 {
	if r.b.Icon == nil {
		return 0
	}
	if r.b.Tile {
		return Size(SizeNameIcon)
	}
	return theme.Size(theme.SizeNameInlineIcon)
}

// underline is the thickness of the bar under a focused button's label.
func underline() float32 { return max(Size(SizeNameFocusRing)/2, 3) }

// keySize is the side of the colour-key disc, 0 without one.
func (r *buttonRenderer) keySize() float32 {
	if r.b.Key == nil {
		return 0
	}
	return theme.Size(theme.SizeNameInlineIcon) * 0.6
}

func (r *buttonRenderer) MinSize() fyne.Size {
	pad := theme.Size(theme.SizeNameInnerPadding)
	target := Size(SizeNameTarget)
	ls := r.label.MinSize()
	is := r.iconSize()
	if ks := r.keySize(); ks > 0 {
		// The disc sits at the end edge: keep the centred label clear of it.
		ls.Width += 2 * (ks + theme.Padding())
	}
	if r.b.Tile {
		w := max(ls.Width, is)
		h := is + ls.Height
		if r.b.Detail != "" {
			ds := r.detail.MinSize()
			w = max(w, ds.Width)
			h += ds.Height + theme.Padding()
		}
		if is > 0 && r.b.Label != "" {
			h += theme.Padding()
		}
		return fyne.NewSize(max(w+2*pad, target*2), max(h+2*pad, target*2))
	}
	w := ls.Width
	if is > 0 {
		w += is
		if r.b.Label != "" {
			w += theme.Padding()
		}
	}
	// Below the label, room for the focus underline, so it never runs
	// through a letter's descender.
	return fyne.NewSize(max(w+2*pad, target), max(max(ls.Height, is)+2*pad+underline(), target))
}

func (r *buttonRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	r.ring.Resize(size)
	// The underline stands just inside the ring, below the label.
	ring := Size(SizeNameFocusRing)
	thick := underline()
	r.bar.Move(fyne.NewPos(size.Width*0.2, size.Height-ring-thick))
	r.bar.Resize(fyne.NewSize(size.Width*0.6, thick))
	if ks := r.keySize(); ks > 0 {
		x := size.Width - theme.Size(theme.SizeNameInnerPadding) - ks
		if r.b.Dir == DirRTL {
			x = theme.Size(theme.SizeNameInnerPadding)
		}
		y := (size.Height - ks) / 2
		if r.b.Tile {
			y = theme.Size(theme.SizeNameInnerPadding)
		}
		r.key.Move(fyne.NewPos(x, y))
		r.key.Resize(fyne.NewSquareSize(ks))
	}

	pad := theme.Size(theme.SizeNameInnerPadding)
	is := r.iconSize()
	ls := r.label.MinSize()
	if r.b.Tile {
		h := is + ls.Height
		if is > 0 && r.b.Label != "" {
			h += theme.Padding()
		}
		var ds fyne.Size
		if r.b.Detail != "" {
			ds = r.detail.MinSize()
			h += ds.Height + theme.Padding()
		}
		y := (size.Height - h) / 2
		r.icon.img.Move(fyne.NewPos((size.Width-is)/2, y))
		r.icon.set(r.b, r.b.Icon, r.fg, fyne.NewSquareSize(is))
		if is > 0 {
			y += is + theme.Padding()
		}
		r.label.Move(fyne.NewPos(pad, y))
		r.label.Resize(fyne.NewSize(max(size.Width-2*pad, 0), ls.Height))
		y += ls.Height + theme.Padding()
		r.detail.Move(fyne.NewPos(pad, y))
		r.detail.Resize(fyne.NewSize(max(size.Width-2*pad, 0), ds.Height))
		return
	}
	// Inline: icon and label centred together; the icon on the start side.
	w := max(min(ls.Width, size.Width-2*pad), 0)
	gap := float32(0)
	if is > 0 && r.b.Label != "" {
		gap = theme.Padding()
	}
	if r.b.Wrap {
		// The label takes the room beside the icon, wrapped to it.
		w = max(size.Width-2*pad-is-gap, 0)
		r.label.Resize(fyne.NewSize(w, r.label.Size().Height))
		ls = r.label.MinSize()
	}
	total := is + gap + w
	x := (size.Width - total) / 2
	iconX, labelX := x, x+is+gap
	if (r.b.Dir == DirRTL) != r.b.IconAfter {
		labelX, iconX = x, x+w+gap
	}
	mid := (size.Height - underline()) / 2 // centred above the underline
	r.icon.img.Move(fyne.NewPos(iconX, mid-is/2))
	r.icon.set(r.b, r.b.Icon, r.fg, fyne.NewSquareSize(is))
	r.label.Move(fyne.NewPos(labelX, mid-ls.Height/2))
	r.label.Resize(fyne.NewSize(w, ls.Height))
}

func (r *buttonRenderer) Refresh() {
	b := r.b
	bgName, fgName := theme.ColorNameButton, theme.ColorNameForeground
	switch {
	case b.disabled:
		bgName, fgName = theme.ColorNameDisabledButton, theme.ColorNameDisabled
	case b.Selected || b.Importance == ImportanceHigh:
		bgName, fgName = theme.ColorNamePrimary, theme.ColorNameForegroundOnPrimary
	case b.Importance == ImportanceLow:
		bgName = theme.ColorNameBackground
	}
	r.bg.FillColor = theme.Color(bgName)
	r.bg.CornerRadius = theme.Size(theme.SizeNameInputRadius)
	r.bg.StrokeWidth = 0
	if b.Importance == ImportanceLow || b.Selected {
		r.bg.StrokeColor = theme.Color(theme.ColorNameForeground)
		r.bg.StrokeWidth = theme.Size(theme.SizeNameInputBorder)
	}

	ring := Size(SizeNameFocusRing)
	r.ring.CornerRadius = r.bg.CornerRadius
	r.ring.StrokeWidth = ring
	r.ring.StrokeColor = theme.Color(theme.ColorNameFocus)
	r.ring.FillColor = color.Transparent
	r.bar.FillColor = theme.Color(fgName)
	r.ring.Hidden = !b.focused
	r.bar.Hidden = !b.focused
	r.key.Hidden = b.Key == nil
	if b.Key != nil {
		r.key.FillColor = b.Key
		r.key.StrokeColor = theme.Color(fgName)
		r.key.StrokeWidth = 2
	}

	r.fg = fgName
	size := b.TextSize
	if size == "" {
		size = theme.SizeNameText
	}
	r.label.SetStyle(Style{Size: size, Bold: true, Color: fgName, Align: AlignCenter, Dir: b.Dir, Wrap: b.Tile || b.Wrap, Private: b.Private})
	r.label.SetText(b.Label)
	r.detail.SetStyle(Style{Size: theme.SizeNameCaptionText, Color: fgName, Align: AlignCenter, Dir: b.Dir, Wrap: true})
	r.detail.SetText(b.Detail)
	r.detail.Hidden = b.Detail == ""

	r.bg.Refresh()
	r.ring.Refresh()
	r.bar.Refresh()
	r.key.Refresh()
	r.pick()
	r.Layout(b.Size()) // the icon, in its colour and size
}

var (
	_ fyne.Tappable       = (*Button)(nil)
	_ fyne.Focusable      = (*Button)(nil)
	_ fyne.Disableable    = (*Button)(nil)
	_ fyne.WidgetRenderer = (*buttonRenderer)(nil)
)
