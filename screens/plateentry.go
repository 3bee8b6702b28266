package screens

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/typeset"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// Parts of an Iranian plate, in the order a citizen reads and enters them.
const (
	PlateFirst    = iota // two digits
	PlateLetter          // one letter of kiosk.PlateLetters
	PlateSecond          // three digits
	PlateProvince        // two-digit province code, under «ایران»
)

var plateDigits = [4]int{PlateFirst: 2, PlateSecond: 3, PlateProvince: 2}

// PlateEntry enters a vehicle plate as its four parts, drawn like the
// plate itself (۱۲ ب ۳۴۵ | ایران ۶۷, left to right in every language). A
// keypad or a grid of plate letters below serves the active part (or
// wherever the screen shows Pad, with PadApart), and entry moves on to
// the next part when one is full. The value is stored as "12-ب-345-67".
type PlateEntry struct {
	widget.BaseWidget

	Lang kiosk.Lang
	// OnChanged receives the stored form of the plate ("" when empty).
	OnChanged func(string)
	// OnDone is called by the keypad's done key on the last part.
	OnDone func()
	// OnActivate is called when the citizen taps a part.
	OnActivate func()
	// PadApart leaves the pad out of the entry: the screen shows Pad
	// where it shows its other keypads (beside the fields, out of their
	// scroll), so no key ever scrolls out of view. The letters then stand
	// three to a row, as narrow as the keypad. Set it before the entry is
	// shown.
	PadApart bool

	fonts  *typeset.Fonts
	parts  [4]*widgets.Field
	active int
	pad    *platePad
	r      *plateRenderer
}

// Parts implements widgets.Composite: the four parts, and the pad below them
// unless it stands apart.
func (p *PlateEntry) Parts() []fyne.CanvasObject {
	if p.r == nil {
		return nil
	}
	return []fyne.CanvasObject{p.r.root}
}

// Pad returns the keypad and letter grid that serve the active part,
// whichever it needs shown. It is part of the entry unless PadApart.
func (p *PlateEntry) Pad() fyne.CanvasObject { return p.platePad().root }

// TypeRune types r into the part being entered, as a physical keyboard
// or the remote's digit keys do; it reports whether the part took it.
func (p *PlateEntry) TypeRune(r rune) bool {
	f := p.parts[p.active]
	before := f.Value()
	f.TypedRune(r)
	return f.Value() != before
}

// Backspace removes the last character of the part being entered.
func (p *PlateEntry) Backspace() { p.parts[p.active].Backspace() }

// NewPlateEntry returns an empty plate entry labelled in lang, drawn with
// fonts.
func NewPlateEntry(fonts *typeset.Fonts, lang kiosk.Lang) *PlateEntry {
	p := &PlateEntry{Lang: lang, fonts: fonts}
	for i := range p.parts {
		f := widgets.NewField(p.fonts, widgets.DirLTR, widgets.AlignCenter)
		f.Format = digitsIn(lang)
		if i == PlateLetter {
			f.Dir = widgets.DirRTL
			f.Accept = func(r rune) (rune, bool) {
				for _, l := range kiosk.PlateLetters {
					if string(r) == l {
						return r, true
					}
				}
				return 0, false
			}
			f.MaxLen = 3 // «الف»
		} else {
			f.Accept = acceptDigit
			f.MaxLen = plateDigits[i]
		}
		f.OnActivate = func() {
			p.Activate(i)
			if p.OnActivate != nil {
				p.OnActivate()
			}
		}
		f.OnChanged = func(string) { p.partChanged(i) }
		p.parts[i] = f
	}
	p.ExtendBaseWidget(p)
	return p
}

// SetValue shows a stored plate ("12-ب-345-67"); anything else clears it.
func (p *PlateEntry) SetValue(v string) {
	parts := strings.Split(v, "-")
	for i, f := range p.parts {
		s := ""
		if len(parts) == 4 {
			s = parts[i]
		}
		f.SetValue(s)
	}
	p.Refresh()
}

// Value returns the stored form of the plate, "" when nothing is entered.
func (p *PlateEntry) Value() string {
	var vals []string
	empty := true
	for _, f := range p.parts {
		vals = append(vals, f.Value())
		empty = empty && f.Value() == ""
	}
	if empty {
		return ""
	}
	return strings.Join(vals, "-")
}

// Part returns the field of one part (PlateFirst ... PlateProvince).
func (p *PlateEntry) Part(i int) *widgets.Field { return p.parts[i] }

// ActivePart returns the part being entered.
func (p *PlateEntry) ActivePart() int { return p.active }

// Activate makes part i the one the pad types into and gives it the focus.
func (p *PlateEntry) Activate(i int) {
	p.active = i
	for j, f := range p.parts {
		f.SetActive(j == i)
	}
	if c := widgets.CanvasOf(p); c != nil {
		c.Focus(p.parts[i])
	}
	p.Refresh()
}

// Deactivate hides the caret of every part.
func (p *PlateEntry) Deactivate() {
	for _, f := range p.parts {
		f.SetActive(false)
	}
}

// Focus gives the keyboard focus to the active part.
func (p *PlateEntry) Focus() {
	if c := widgets.CanvasOf(p); c != nil {
		c.Focus(p.parts[p.active])
	}
}

// refocus gives the active part the focus after a key of the pad was
// tapped (a tap takes the focus away), so a physical keyboard goes on
// typing there; a key pressed with the remote keeps the focus.
func (p *PlateEntry) refocus() {
	if c := widgets.CanvasOf(p); c != nil && !focusIn(c, p) && !focusIn(c, p.Pad()) {
		p.Focus()
	}
}

// focusIn reports whether the focus of c is on a control inside root.
func focusIn(c fyne.Canvas, root fyne.CanvasObject) bool {
	f, ok := c.Focused().(fyne.CanvasObject)
	return ok && widgets.Contains(root, f)
}

func (p *PlateEntry) full(i int) bool {
	f := p.parts[i]
	if i == PlateLetter {
		return f.Value() != ""
	}
	return len(f.Value()) >= plateDigits[i]
}

func (p *PlateEntry) partChanged(i int) {
	if p.OnChanged != nil {
		p.OnChanged(p.Value())
	}
	if i == p.active && p.full(i) && i < PlateProvince {
		p.Activate(i + 1)
	}
}

func (p *PlateEntry) setLetter(l string) {
	p.parts[PlateLetter].SetValue("")
	p.parts[PlateLetter].Insert(l)
}

func (p *PlateEntry) done() {
	if p.active < PlateProvince {
		p.Activate(p.active + 1)
		return
	}
	if p.OnDone != nil {
		p.OnDone()
	}
}

// platePad is the keypad and the letter grid, one of them shown.
type platePad struct {
	root    *fyne.Container
	keypad  *widgets.Keypad
	letters *fyne.Container
}

// platePad builds the pad on first use.
func (p *PlateEntry) platePad() *platePad {
	if p.pad != nil {
		return p.pad
	}
	pad := &platePad{keypad: widgets.NewKeypad(p.fonts, labels(p.Lang), digitsIn(p.Lang), "")}
	pad.keypad.OnInsert = func(s string) { p.parts[p.active].Insert(s); p.refocus() }
	pad.keypad.OnBackspace = func() { p.parts[p.active].Backspace(); p.refocus() }
	pad.keypad.OnClear = func() { p.parts[p.active].Clear(); p.refocus() }
	pad.keypad.OnDone = p.done

	var letters []fyne.CanvasObject
	for _, l := range kiosk.PlateLetters {
		b := widgets.NewButton(p.fonts, l, widgets.DirRTL, func() { p.setLetter(l); p.refocus() })
		b.TextSize = theme.SizeNameHeadingText
		letters = append(letters, b)
	}
	cols := 6
	if p.PadApart {
		cols = 3
	}
	pad.letters = widgets.NewKeyGrid(true, cols, letters...)
	pad.root = container.New(padStack{both: p.PadApart}, pad.keypad, pad.letters)
	p.pad = pad
	p.showPad()
	return pad
}

// showPad shows the letters while the letter is entered, else the keypad.
func (p *PlateEntry) showPad() {
	pad := p.platePad()
	letters := p.active == PlateLetter
	if pad.letters.Visible() == letters && pad.keypad.Visible() != letters {
		return
	}
	if letters {
		pad.keypad.Hide()
		pad.letters.Show()
	} else {
		pad.letters.Hide()
		pad.keypad.Show()
	}
	pad.root.Refresh()
	if p.r != nil && !p.PadApart {
		p.r.root.Refresh() // the entry takes the pad's height
	}
}

// padStack stacks the keypad and the letters, one of them shown. Apart
// from the entry it is as large as the larger needs, so switching between
// them moves nothing around the pad; under the plate, as large as the
// one shown with keys as tall as their labels ask (nothing else gives it
// more than its minimum there).
type padStack struct{ both bool }

func (padStack) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (p padStack) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objects {
		switch {
		case p.both:
			s = s.Max(o.MinSize())
		case o.Visible():
			s = s.Max(fyne.NewSize(o.MinSize().Width, preferredHeight(o)))
		}
	}
	return s
}

// preferredHeight returns the height at which o's keys are as tall as
// their labels ask.
func preferredHeight(o fyne.CanvasObject) float32 {
	switch x := o.(type) {
	case widgets.Preferred:
		return x.PreferredSize().Height
	case *fyne.Container:
		if _, ok := x.Layout.(widgets.KeyRows); ok {
			return widgets.KeyRows{}.PreferredHeight(x.Objects)
		}
	}
	return o.MinSize().Height
}

// plateInk is the theme of what is printed on the plate: black.
type plateInk struct{ fyne.Theme }

func (p plateInk) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNameForeground {
		return color.Black
	}
	return p.Theme.Color(n, v)
}

// CreateRenderer implements fyne.Widget.
func (p *PlateEntry) CreateRenderer() fyne.WidgetRenderer {
	r := &plateRenderer{p: p}
	r.build()
	p.r = r
	return r
}

type plateRenderer struct {
	p    *PlateEntry
	root *fyne.Container
}

func (r *plateRenderer) build() {
	p := r.p
	frame := canvas.NewRectangle(color.White)
	frame.StrokeColor = color.Black
	frame.StrokeWidth = 3
	frame.CornerRadius = 8
	// Cells are as tall as a field (its text, or the touch target) and as
	// wide as their digits need, in units of that height.
	unit := p.parts[PlateFirst].MinSize().Height
	strip := canvas.NewRectangle(color.NRGBA{R: 0x00, G: 0x3d, B: 0xa5, A: 0xff})
	strip.SetMinSize(fyne.NewSize(unit/2, 0))
	iran := widgets.NewText(p.fonts, kiosk.Msg(p.Lang, "plate.iran"), widgets.Style{Size: theme.SizeNameCaptionText, Bold: true, Dir: widgets.DirRTL, Align: widgets.AlignCenter})
	// The plate's own marks are black, as on the metal plate, in every
	// theme: the foreground of high contrast or a television is white.
	ink := container.NewThemeOverride(iran, plateInk{fyne.CurrentApp().Settings().Theme()})
	rule := canvas.NewRectangle(color.Black)
	rule.SetMinSize(fyne.NewSize(theme.Size(theme.SizeNameSeparatorThickness), 0))
	cell := func(f *widgets.Field, units float32) fyne.CanvasObject {
		f.Resize(fyne.NewSize(unit*units, unit))
		return container.NewGridWrap(fyne.NewSize(unit*units, unit), f)
	}
	// A plate reads left to right in every language.
	plate := container.NewHBox(
		strip,
		cell(p.parts[PlateFirst], 1.6),
		cell(p.parts[PlateLetter], 1.4),
		cell(p.parts[PlateSecond], 2.0),
		rule,
		container.NewVBox(ink, cell(p.parts[PlateProvince], 1.6)),
	)
	r.root = container.NewVBox(container.NewCenter(container.NewStack(frame, container.NewPadded(plate))))
	if !p.PadApart {
		r.root.Add(container.NewCenter(p.Pad()))
	}
}

func (r *plateRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.root} }
func (r *plateRenderer) Destroy()                     {}
func (r *plateRenderer) MinSize() fyne.Size           { return r.root.MinSize() }
func (r *plateRenderer) Layout(s fyne.Size)           { r.root.Resize(s) }
func (r *plateRenderer) Refresh()                     { r.p.showPad() }
