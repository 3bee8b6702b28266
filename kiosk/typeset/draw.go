package typeset

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"github.com/go-text/render"
	"github.com/go-text/typesetting/shaping"
)

// DrawOptions says where and how to draw a Paragraph.
type DrawOptions struct {
	// Origin is the top-left corner of the paragraph's box, in pixels.
	Origin image.Point
	// Width is the box width in layout units (alignment is within it);
	// zero means the paragraph's own width.
	Width float32
	Align Align
	Color color.Color
	// Scale is pixels per layout unit (Fyne's canvas scale); zero means 1.
	Scale float32
}

// Draw rasterizes p into dst. Glyphs outside dst are clipped. Each glyph
// is rasterized once per size, scale and quarter-pixel position and kept,
// so drawing again is a masked fill.
func (f *Fonts) Draw(dst *image.RGBA, p *Paragraph, o DrawOptions) {
	scale := o.Scale
	if scale <= 0 {
		scale = 1
	}
	width := o.Width
	if width <= 0 {
		width = p.Width
	}
	col := o.Color
	if col == nil {
		col = color.Black
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	src := image.NewUniform(col)
	r := render.Renderer{FontSize: float32(math.Ceil(float64(p.Size))), PixScale: scale}
	if f.glyphs == nil {
		f.glyphs = glyphCache{}
	}
	for i, l := range p.Lines {
		x0 := float64(o.Origin.X) + float64(p.LineX(i, width, o.Align)*scale)
		baseline := o.Origin.Y + int(math.Round(float64(l.Baseline*scale)))
		for _, run := range l.Runs {
			pen := x0 + float64(run.X*scale)
			for _, g := range run.Output.Glyphs {
				gx := pen + float64(fixedToFloat(g.XOffset)*scale)
				gy := baseline - int(math.Round(float64(fixedToFloat(g.YOffset)*scale)))
				pen += float64(fixedToFloat(g.XAdvance) * scale)
				ix := math.Floor(gx)
				sub := uint8(math.Round((gx - ix) * subpixelSteps))
				if sub == subpixelSteps {
					ix, sub = ix+1, 0
				}
				m := f.glyphs.mask(&r, run.Output.Face, g, r.FontSize, scale, sub)
				if m == nil {
					// Not an outline: let go-text/render draw it in place.
					r.Color = col
					one := run.Output
					one.Glyphs = []shaping.Glyph{g}
					one.Glyphs[0].XOffset, one.Glyphs[0].YOffset = 0, 0
					r.DrawShapedRunAt(one, dst, int(ix), gy)
					continue
				}
				at := image.Pt(int(ix)-m.origin.X, gy-m.origin.Y)
				draw.DrawMask(dst, m.mask.Rect.Add(at), src, image.Point{}, m.mask, image.Point{}, draw.Over)
			}
		}
	}
}

// Image draws p alone into a new transparent image of its own size
// (width boxWidth, or the paragraph's width when zero) at scale.
func (f *Fonts) Image(p *Paragraph, boxWidth float32, a Align, c color.Color, scale float32) *image.RGBA {
	if scale <= 0 {
		scale = 1
	}
	if boxWidth <= 0 {
		boxWidth = p.Width
	}
	w := int(math.Ceil(float64(boxWidth * scale)))
	h := int(math.Ceil(float64(p.Height * scale)))
	img := image.NewRGBA(image.Rect(0, 0, max(w, 1), max(h, 1)))
	f.Draw(img, p, DrawOptions{Width: boxWidth, Align: a, Color: c, Scale: scale})
	return img
}
