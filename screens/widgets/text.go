package widgets

import (
	"image"
	"image/color"
	"math"
	"weak"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pishkhan/pishkhan/kiosk/typeset"
)

// Direction is a paragraph's base direction, as package typeset defines
// it: DirAuto takes the direction of the first strong character (Persian
// → right to left); text without one (digits only) is left to right, so
// pass the language's direction where it matters.
type Direction = typeset.Direction

// Paragraph directions.
const (
	DirAuto = typeset.DirAuto
	DirLTR  = typeset.DirLTR
	DirRTL  = typeset.DirRTL
)

// Align places lines within the widget's width, relative to the paragraph
// direction, as package typeset defines it: AlignStart is the right edge
// in a right-to-left paragraph.
type Align = typeset.Align

// Alignments.
const (
	AlignStart  = typeset.AlignStart
	AlignCenter = typeset.AlignCenter
	AlignEnd    = typeset.AlignEnd
)

// Style is how a Text looks. Zero values take the theme's defaults.
type Style struct {
	Size  fyne.ThemeSizeName // default theme.SizeNameText
	Bold  bool
	Color fyne.ThemeColorName // default theme.ColorNameForeground
	Align Align
	Dir   Direction
	Wrap  bool // wrap within the widget's width; otherwise one line
	// Private marks what a citizen types: its layouts are not cached
	// beyond the widget itself, so they go with it (see also
	// typeset.Fonts.ForgetLayouts).
	Private bool
}

// Text shows a paragraph of Persian and/or Latin text in its correct visual
// order: shaped, right to left where it should be, with digits, dates,
// codes and Latin words in place (see package kiosk/typeset). Size and
// colour come from the widget's theme, so the kiosk, TV, high-contrast and
// large-text themes change it.
//
// Without Wrap the text stays on one line and its minimum size is that
// line; a narrower widget clips it at its end edge. With Wrap its minimum
// width is one character and its minimum height that of the text wrapped
// at its current width, like a wrapping widget.Label. A widget taller than
// its text centres it vertically. The text keeps a small margin from the
// widget's edges (a tenth of its size at the sides) so that no glyph is
// cut; lines are spaced by the theme's line spacing.
//
// Layouts are cached by typeset.Fonts and the rendered image by the
// widget, so a redraw of unchanged text draws nothing again.
type Text struct {
	widget.BaseWidget
	fonts *typeset.Fonts
	text  string
	style Style
}

// NewText returns a Text showing s in style, drawn with fonts. With nil
// fonts it stays blank.
func NewText(fonts *typeset.Fonts, s string, style Style) *Text {
	t := &Text{fonts: fonts, text: s, style: style}
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

// Resize sets the widget's size; a wrapping text lays itself out again for
// the new width, which changes its minimum height.
func (t *Text) Resize(size fyne.Size) {
	old := t.Size()
	t.BaseWidget.Resize(size)
	if t.style.Wrap && size.Width != old.Width {
		t.Refresh()
	}
}

// Paragraph returns the text as it is laid out at the widget's current
// width: its lines and where each breaks (nil without fonts).
func (t *Text) Paragraph() *typeset.Paragraph {
	p, _ := t.paragraph(t.Size().Width)
	return p
}

// CaretPosition returns where a text cursor stands before the rune at
// offset (0 ≤ offset ≤ the number of runes; the end of the text is
// utf8.RuneCountInString(t.Text())): the top of the caret in the widget's
// coordinates, and its height. It follows the direction of the character
// it stands by, so in a Persian field the caret after the last letter is
// on its left.
func (t *Text) CaretPosition(offset int) (fyne.Position, float32) {
	size := t.Size()
	p, ok := t.paragraph(size.Width)
	if !ok {
		return fyne.Position{}, 0
	}
	line, x := p.Caret(offset)
	pos, width := t.textBox(p, size)
	return pos.Add(fyne.NewPos(p.LineX(line, width, t.style.Align)+x, p.Lines[line].Top)), p.LineHeight
}

// margins returns the space kept between the text and the widget's edges:
// a tenth of the font size on the sides and a twentieth above and below,
// or more when glyphs' ink reaches further (the dots of an initial پ hang
// past its advance), so that nothing is cut at the widget's edges.
func (t *Text) margins(p *typeset.Paragraph) (horizontal, vertical float32) {
	size := t.textSize()
	h, v := p.InkOverhang()
	return float32(math.Ceil(float64(max(size/10, h)))), float32(math.Ceil(float64(max(size/20, v))))
}

// textBox returns where the lines are laid out: the top-left corner and
// the width inside the margins, centred vertically when the widget is
// taller than the text.
func (t *Text) textBox(p *typeset.Paragraph, size fyne.Size) (fyne.Position, float32) {
	h, v := t.margins(p)
	top := v
	if free := size.Height - p.Height; free > 2*v {
		top = free / 2
	}
	return fyne.NewPos(h, top), size.Width - 2*h
}

// textSize returns the font size from the widget's theme.
func (t *Text) textSize() float32 {
	name := t.style.Size
	if name == "" {
		name = theme.SizeNameText
	}
	return t.Theme().Size(name)
}

func (t *Text) textColor() color.Color {
	name := t.style.Color
	if name == "" {
		name = theme.ColorNameForeground
	}
	return t.Theme().Color(name, fyne.CurrentApp().Settings().ThemeVariant())
}

// paragraph lays the text out at width (ignored without Wrap).
func (t *Text) paragraph(width float32) (*typeset.Paragraph, bool) {
	if t.fonts == nil {
		return nil, false
	}
	o := typeset.Options{
		Size:        t.textSize(),
		Bold:        t.style.Bold,
		Dir:         t.style.Dir,
		LineSpacing: t.Theme().Size(theme.SizeNameLineSpacing),
		Private:     t.style.Private,
	}
	if t.style.Wrap && width > 0 {
		// Wrap within the margins (a tenth of the size on each side, see
		// margins); not sized yet, it stays one line until the layout
		// gives it a width.
		o.MaxWidth = max(width-2*float32(math.Ceil(float64(o.Size/10))), 1)
	}
	return t.fonts.Layout(t.text, o), true
}

// CreateRenderer implements fyne.Widget.
func (t *Text) CreateRenderer() fyne.WidgetRenderer {
	r := &textRenderer{t: t}
	r.raster = canvas.NewRaster(r.generate)
	r.raster.ScaleMode = canvas.ImageScalePixels
	r.Refresh()
	return r
}

// textRenderer draws a Text into a raster. It reuses the last image it drew
// while nothing else holds it, and draws again only when the layout,
// colour, alignment or pixel size changed.
//
// The image is held weakly: once Fyne's painter has copied it into a
// texture, the garbage collector may take it. Fyne keeps the renderers
// and rasters of objects no longer shown for a minute (its FYNE_CACHE);
// with the image held, a walk through a service kept about 70 MB of text
// images alive (docs/performance.md, issue 17).
type textRenderer struct {
	t      *Text
	raster *canvas.Raster

	para  *typeset.Paragraph
	color color.Color

	img    weak.Pointer[image.RGBA]
	imgKey imageKey
}

type imageKey struct {
	w, h  int
	para  *typeset.Paragraph
	color color.RGBA
	align Align
	width float32
}

func (r *textRenderer) Layout(size fyne.Size) {
	r.raster.Resize(size)
	if r.t.style.Wrap {
		r.para, _ = r.t.paragraph(size.Width)
	}
}

func (r *textRenderer) MinSize() fyne.Size {
	if r.para == nil {
		return fyne.Size{}
	}
	h, v := r.t.margins(r.para)
	w := r.para.Width
	if r.t.style.Wrap {
		w = fyne.Min(w, r.t.textSize())
	}
	return fyne.NewSize(w+2*h, r.para.Height+2*v)
}

func (r *textRenderer) Refresh() {
	r.para, _ = r.t.paragraph(r.t.Size().Width)
	r.color = r.t.textColor()
	r.raster.Refresh()
}

func (r *textRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.raster} }

func (r *textRenderer) Destroy() {
	r.img, r.imgKey, r.para = weak.Pointer[image.RGBA]{}, imageKey{}, nil
}

// generate draws the text at w×h pixels (the widget's size times the
// canvas scale), so glyphs are rasterized at the screen's resolution.
func (r *textRenderer) generate(w, h int) image.Image {
	size := r.t.Size()
	p := r.para
	if p == nil || w <= 0 || h <= 0 || size.Width <= 0 {
		return image.NewRGBA(image.Rect(0, 0, 1, 1))
	}
	key := imageKey{w: w, h: h, para: p, color: toRGBA(r.color), align: r.t.style.Align, width: size.Width}
	img := r.img.Value()
	if img != nil && r.imgKey == key {
		return img
	}
	scale := float32(w) / size.Width
	if img == nil || img.Rect.Dx() != w || img.Rect.Dy() != h {
		img = image.NewRGBA(image.Rect(0, 0, w, h))
	} else {
		clear(img.Pix)
	}
	pos, width := r.t.textBox(p, size)
	r.t.fonts.Draw(img, p, typeset.DrawOptions{
		Origin: image.Pt(int(math.Round(float64(pos.X*scale))), int(math.Round(float64(pos.Y*scale)))),
		Width:  width,
		Align:  r.t.style.Align,
		Color:  r.color,
		Scale:  scale,
	})
	r.img, r.imgKey = weak.Make(img), key
	return img
}

func toRGBA(c color.Color) color.RGBA {
	if c == nil {
		return color.RGBA{}
	}
	r, g, b, a := c.RGBA()
	return color.RGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: uint8(a >> 8)}
}
