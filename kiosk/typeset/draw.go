package typeset

import (
	"image"
	"image/color"
	"math"

	"github.com/go-text/render"
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

// Draw rasterizes p into dst. Glyphs outside dst are clipped.
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
	r := render.Renderer{FontSize: float32(math.Ceil(float64(p.Size))), PixScale: scale, Color: col}
	for i, l := range p.Lines {
		x0 := float32(o.Origin.X) + p.LineX(i, width, o.Align)*scale
		y := o.Origin.Y + int(math.Round(float64(l.Baseline*scale)))
		for _, run := range l.Runs {
			if len(run.Output.Glyphs) == 0 {
				continue
			}
			x := int(math.Round(float64(x0 + run.X*scale)))
			r.DrawShapedRunAt(run.Output, dst, x, y)
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
