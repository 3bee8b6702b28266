package widgets

import (
	"image/color"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pishkhan/pishkhan/kiosk/typeset"
)

// Field shows what a citizen has typed into one answer, with a caret when
// it is the active field. A kiosk has no keyboard, so input arrives from
// an on-screen Keyboard or Keypad (Insert, Backspace, Clear); a physical
// keyboard types into the focused Field too.
//
// The value is kept as typed; Format turns it into what is shown (Persian
// digits, thousands separators). In a right-to-left screen the text sits
// against the right edge.
type Field struct {
	widget.BaseWidget

	// Format turns the value into the text shown; nil shows it as is.
	Format func(string) string
	// Accept filters typed runes (and maps them, e.g. Persian digits to
	// ASCII); nil accepts every printable rune.
	Accept func(rune) (rune, bool)
	// MaxLen limits the value's length in runes; 0 means no limit.
	MaxLen int
	// OnChanged is called after each change made through the field.
	OnChanged func(string)
	// OnActivate is called when the citizen taps the field.
	OnActivate func()
	// OnSubmit is called on Enter.
	OnSubmit func()
	// Dir is the paragraph direction of the value; Align its alignment
	// within it. A Persian screen showing digits uses DirLTR with
	// AlignEnd, so the digits keep their order and hug the right edge.
	Dir   Direction
	Align Align
	// Lines, above 1, makes a multi-line field for long answers: the text
	// wraps and the field is at least that many lines tall.
	Lines int

	fonts   *typeset.Fonts
	value   string
	active  bool
	focused bool
	invalid bool
	r       *fieldRenderer
}

// NewField returns an empty field whose value is drawn with fonts.
func NewField(fonts *typeset.Fonts, dir Direction, align Align) *Field {
	f := &Field{Dir: dir, Align: align, fonts: fonts}
	f.ExtendBaseWidget(f)
	return f
}

// Value returns what was typed.
func (f *Field) Value() string { return f.value }

// SetValue replaces the value without calling OnChanged.
func (f *Field) SetValue(v string) {
	if v == f.value {
		return
	}
	f.value = v
	f.Refresh()
}

// Insert adds s at the end, as far as MaxLen allows, and reports the change.
func (f *Field) Insert(s string) {
	if s == "" {
		return
	}
	if f.MaxLen > 0 {
		room := f.MaxLen - utf8.RuneCountInString(f.value)
		if room <= 0 {
			return
		}
		if utf8.RuneCountInString(s) > room {
			s = string([]rune(s)[:room])
		}
	}
	f.change(f.value + s)
}

// Backspace removes the last character typed.
func (f *Field) Backspace() {
	if f.value == "" {
		return
	}
	_, n := utf8.DecodeLastRuneInString(f.value)
	f.change(f.value[:len(f.value)-n])
}

// Clear empties the field.
func (f *Field) Clear() { f.change("") }

func (f *Field) change(v string) {
	if v == f.value {
		return
	}
	f.value = v
	f.Refresh()
	if f.OnChanged != nil {
		f.OnChanged(v)
	}
}

// SetActive shows or hides the caret: the active field is the one the
// on-screen keyboard types into.
func (f *Field) SetActive(active bool) {
	if f.active == active {
		return
	}
	f.active = active
	f.Refresh()
}

// Active reports whether the field is the one being typed into.
func (f *Field) Active() bool { return f.active }

// SetInvalid marks the field as refused (a thicker border in the error
// colour).
func (f *Field) SetInvalid(invalid bool) {
	if f.invalid == invalid {
		return
	}
	f.invalid = invalid
	f.Refresh()
}

// Tapped implements fyne.Tappable: the field takes the keyboard focus and
// becomes the active one.
func (f *Field) Tapped(*fyne.PointEvent) {
	if c := CanvasOf(f); c != nil && c.Focused() != f {
		c.Focus(f)
		if c.Focused() == f {
			return // FocusGained activated it
		}
	}
	if !f.active && f.OnActivate != nil {
		f.OnActivate()
	}
}

// FocusGained implements fyne.Focusable. A field reached with the remote's
// arrows becomes the active one, as if tapped.
func (f *Field) FocusGained() {
	f.focused = true
	f.Refresh()
	if !f.active && f.OnActivate != nil {
		f.OnActivate()
	}
}

// FocusLost implements fyne.Focusable.
func (f *Field) FocusLost() { f.focused = false; f.Refresh() }

// Focused reports whether the field has the keyboard focus.
func (f *Field) Focused() bool { return f.focused }

// TypedRune implements fyne.Focusable: a physical keyboard types here.
func (f *Field) TypedRune(r rune) {
	if f.Accept != nil {
		var ok bool
		if r, ok = f.Accept(r); !ok {
			return
		}
	} else if r < ' ' {
		return
	}
	f.Insert(string(r))
}

// TypedKey implements fyne.Focusable: Backspace and Delete edit, Enter
// submits; other keys go on to the canvas.
func (f *Field) TypedKey(e *fyne.KeyEvent) {
	switch e.Name {
	case fyne.KeyBackspace:
		f.Backspace()
	case fyne.KeyDelete:
		f.Clear()
	case fyne.KeyReturn, fyne.KeyEnter:
		if f.OnSubmit != nil {
			f.OnSubmit()
		}
	default:
		passKey(f, e) // arrows, Back, colour keys
	}
}

// Shown returns the text the field displays for its value.
func (f *Field) Shown() string {
	if f.Format != nil {
		return f.Format(f.value)
	}
	return f.value
}

// CreateRenderer implements fyne.Widget.
func (f *Field) CreateRenderer() fyne.WidgetRenderer {
	r := &fieldRenderer{
		f:     f,
		bg:    canvas.NewRectangle(color.Transparent),
		ring:  canvas.NewRectangle(color.Transparent),
		text:  NewText(f.fonts, "", Style{Private: true}),
		caret: canvas.NewRectangle(color.Transparent),
	}
	r.Refresh()
	f.r = r
	return r
}

// BaseHeight returns the height the field asks for with no more text
// than its Lines hold: its MinSize before a long answer makes it grow.
func (f *Field) BaseHeight() float32 {
	if f.r == nil {
		f.MinSize() // makes the renderer
	}
	return f.r.baseHeight()
}

type fieldRenderer struct {
	f     *Field
	bg    *canvas.Rectangle
	ring  *canvas.Rectangle // the focus ring, as on a Button
	text  *Text
	caret *canvas.Rectangle
}

func (r *fieldRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.text, r.caret, r.ring}
}

func (r *fieldRenderer) Destroy() {}

// lineHeight is the height of one line of the field's text.
func (r *fieldRenderer) lineHeight() float32 {
	if r.f.Lines > 1 {
		return theme.Size(theme.SizeNameSubHeadingText) * 1.4
	}
	return r.text.MinSize().Height
}

func (r *fieldRenderer) MinSize() fyne.Size {
	h := r.baseHeight()
	if r.f.Lines > 1 {
		// A long answer wraps onto more lines than the field holds: it grows.
		h = max(h, r.text.MinSize().Height+2*theme.Size(theme.SizeNameInnerPadding))
	}
	return fyne.NewSize(Size(SizeNameTarget)*3, h)
}

func (r *fieldRenderer) baseHeight() float32 {
	h := r.lineHeight() * float32(max(r.f.Lines, 1))
	return max(h+2*theme.Size(theme.SizeNameInnerPadding), Size(SizeNameTarget))
}

func (r *fieldRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	// The ring stands inside the border, so a refused field keeps its
	// error border while it has the focus.
	inset := r.bg.StrokeWidth
	r.ring.Move(fyne.NewPos(inset, inset))
	r.ring.Resize(fyne.NewSize(max(size.Width-2*inset, 0), max(size.Height-2*inset, 0)))
	pad := theme.Size(theme.SizeNameInnerPadding)
	caretW := max(theme.Size(theme.SizeNameInputBorder), 2)
	avail := size.Width - 2*pad - caretW
	if r.f.Lines > 1 {
		// A long answer wraps from the top; the caret ends its last line.
		r.text.SetText(r.f.Shown())
		r.text.Move(fyne.NewPos(pad+caretW/2, pad))
		r.text.Resize(fyne.NewSize(max(avail, 0), max(size.Height-2*pad, 0)))
		r.text.Resize(fyne.NewSize(max(avail, 0), r.text.MinSize().Height))
		r.placeCaret(caretW)
		return
	}
	r.fit(avail)
	th := r.text.MinSize().Height
	// The text spans the field and aligns itself; the caret stands where
	// the Text says the end of the value is, which follows the direction
	// of the last character (left of a Persian word, right of digits).
	r.text.Move(fyne.NewPos(pad+caretW/2, (size.Height-th)/2))
	r.text.Resize(fyne.NewSize(max(avail, 0), th))
	r.placeCaret(caretW)
}

// placeCaret puts the caret where the Text says the end of the value is.
func (r *fieldRenderer) placeCaret(caretW float32) {
	pos, h := r.text.CaretPosition(utf8.RuneCountInString(r.text.Text()))
	if h <= 0 {
		h = r.lineHeight()
	}
	r.caret.Move(r.text.Position().Add(pos).SubtractXY(caretW/2, 0))
	r.caret.Resize(fyne.NewSize(caretW, h))
}

// fit shows the end of a value too long for the field, behind an
// ellipsis, so the citizen always sees what they typed last.
func (r *fieldRenderer) fit(avail float32) {
	shown := r.f.Shown()
	r.text.SetText(shown)
	if avail <= 0 || r.text.MinSize().Width <= avail {
		return
	}
	runes := []rune(shown)
	lo, hi := 1, len(runes) // find the longest tail that fits
	for lo < hi {
		mid := (lo + hi + 1) / 2
		r.text.SetText("…" + string(runes[len(runes)-mid:]))
		if r.text.MinSize().Width <= avail {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	r.text.SetText("…" + strings.TrimSpace(string(runes[len(runes)-lo:])))
}

func (r *fieldRenderer) Refresh() {
	f := r.f
	r.bg.FillColor = theme.Color(theme.ColorNameInputBackground)
	r.bg.CornerRadius = theme.Size(theme.SizeNameInputRadius)
	r.bg.StrokeWidth = theme.Size(theme.SizeNameInputBorder)
	r.bg.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	switch {
	case f.invalid:
		r.bg.StrokeColor = theme.Color(theme.ColorNameError)
		r.bg.StrokeWidth *= 2
	case f.active || f.focused:
		r.bg.StrokeColor = theme.Color(theme.ColorNamePrimary)
		r.bg.StrokeWidth *= 2
	}
	// What a citizen typed is never cached beyond the field (see Style.Private).
	r.text.SetStyle(Style{Size: theme.SizeNameSubHeadingText, Dir: f.Dir, Align: f.Align, Wrap: f.Lines > 1, Private: true})
	r.caret.FillColor = theme.Color(theme.ColorNamePrimary)
	r.caret.Hidden = !(f.active || f.focused)
	// Focus is a thick ring in the focus colour over the border: a change
	// of shape as well as of colour.
	r.ring.FillColor = color.Transparent
	r.ring.StrokeColor = theme.Color(theme.ColorNameFocus)
	r.ring.StrokeWidth = Size(SizeNameFocusRing)
	r.ring.CornerRadius = max(r.bg.CornerRadius-r.bg.StrokeWidth, 0)
	r.ring.Hidden = !f.focused
	r.ring.Refresh()
	r.bg.Refresh()
	r.caret.Refresh()
	r.Layout(f.Size())
}

var (
	_ fyne.Tappable       = (*Field)(nil)
	_ fyne.Focusable      = (*Field)(nil)
	_ fyne.WidgetRenderer = (*fieldRenderer)(nil)
)
