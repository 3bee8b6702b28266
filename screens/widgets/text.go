package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Direction is a paragraph's base direction.
type Direction int

// Paragraph directions. DirAuto takes the direction of the first strong
// character (Persian → right to left).
const (
	DirAuto Direction = iota
	DirLTR
	DirRTL
)

// Align places lines within the widget's width, relative to the paragraph
// direction: AlignStart is the right edge in a right-to-left paragraph.
type Align int

// Alignments.
const (
	AlignStart Align = iota
	AlignCenter
	AlignEnd
)

// Style is how a Text looks. Zero values take the theme's defaults.
type Style struct {
	Size  fyne.ThemeSizeName  // default theme.SizeNameText
	Bold  bool
	Color fyne.ThemeColorName // default theme.ColorNameForeground
	Align Align
	Dir   Direction
	Wrap  bool // wrap within the widget's width; otherwise one line
}

// Text shows a paragraph of Persian and/or Latin text in its correct visual
// order.
//
// PLACEHOLDER: this first version draws with canvas.Text (Fyne's LTR-only
// shaping) so screens can be built against the final API; the bidi layout
// replaces its internals.
type Text struct {
	widget.BaseWidget
	text  string
	style Style
}

// NewText returns a Text showing s in style.
func NewText(s string, style Style) *Text {
	t := &Text{text: s, style: style}
	t.ExtendBaseWidget(t)
	return t
}

// Text returns the text shown.
func (t *Text) Text() string { return t.text }

// SetText replaces the text shown.
func (t *Text) SetText(s string) {
	if s == t.text {
		return
	}
	t.text = s
	t.Refresh()
}

// Style returns the text's style.
func (t *Text) Style() Style { return t.style }

// SetStyle replaces the text's style.
func (t *Text) SetStyle(s Style) {
	t.style = s
	t.Refresh()
}

// CreateRenderer implements fyne.Widget.
func (t *Text) CreateRenderer() fyne.WidgetRenderer {
	c := canvas.NewText(t.text, theme.Color(theme.ColorNameForeground))
	r := &textRenderer{t: t, c: c}
	r.Refresh()
	return r
}

type textRenderer struct {
	t *Text
	c *canvas.Text
}

func (r *textRenderer) Layout(size fyne.Size) { r.c.Resize(size) }
func (r *textRenderer) MinSize() fyne.Size   { return r.c.MinSize() }
func (r *textRenderer) Refresh() {
	st := r.t.style
	size := st.Size
	if size == "" {
		size = theme.SizeNameText
	}
	col := st.Color
	if col == "" {
		col = theme.ColorNameForeground
	}
	r.c.Text = r.t.text
	r.c.TextSize = theme.Size(size)
	r.c.TextStyle = fyne.TextStyle{Bold: st.Bold}
	r.c.Color = theme.Color(col)
	switch st.Align {
	case AlignCenter:
		r.c.Alignment = fyne.TextAlignCenter
	case AlignEnd:
		r.c.Alignment = fyne.TextAlignTrailing
	default:
		r.c.Alignment = fyne.TextAlignLeading
	}
	r.c.Refresh()
}
func (r *textRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.c} }
func (r *textRenderer) Destroy()                     {}
