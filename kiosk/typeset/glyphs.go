package typeset

import (
	"image"
	"image/color"
	"math"

	"github.com/go-text/render"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
)

// subpixelSteps is how finely a glyph's horizontal position is kept when
// its mask is cached: a quarter pixel, finer than the eye sees in text.
const subpixelSteps = 4

// maxCachedGlyphs bounds the glyph cache. A kiosk shows a few hundred
// distinct glyphs at a handful of sizes; when the bound is reached the
// cache starts afresh.
const maxCachedGlyphs = 8192

type glyphKey struct {
	face *font.Face
	gid  font.GID
	size int32 // font size × scale, in 1/64 pixel
	sub  uint8 // subpixel x offset, in 1/subpixelSteps pixel
}

// glyphMask is a glyph rasterized once as coverage: drawing it again is a
// masked fill.
type glyphMask struct {
	mask *image.Alpha
	// origin is the pen position within mask (the glyph's origin on the
	// baseline).
	origin image.Point
}

// glyphCache holds rasterized glyphs. It is guarded by Fonts.mu.
type glyphCache map[glyphKey]*glyphMask

// mask returns the cached coverage of glyph g of face at pixel size px
// (font size × scale) and subpixel offset sub, rasterizing it the first
// time with go-text/render. It returns nil for glyphs that are not
// outlines (bitmaps, SVG), which are drawn directly.
func (c glyphCache) mask(r *render.Renderer, face *font.Face, g shaping.Glyph, size, scale float32, sub uint8) *glyphMask {
	px := size * scale
	key := glyphKey{face: face, gid: g.GlyphID, size: int32(math.Round(float64(px) * 64)), sub: sub}
	if m, ok := c[key]; ok {
		return m
	}
	if _, ok := face.GlyphData(g.GlyphID).(font.GlyphOutline); !ok {
		return nil
	}
	// The glyph's ink box in pixels, with a pixel of room around it.
	left := int(math.Floor(float64(fixedToFloat(g.XBearing)*scale))) - 1
	top := int(math.Floor(float64(-fixedToFloat(g.YBearing)*scale))) - 1
	right := int(math.Ceil(float64(fixedToFloat(g.XBearing+g.Width)*scale))) + 2
	bottom := int(math.Ceil(float64(-fixedToFloat(g.YBearing+g.Height)*scale))) + 1
	w, h := max(right-left, 1), max(bottom-top, 1)
	m := &glyphMask{mask: image.NewAlpha(image.Rect(0, 0, w, h)), origin: image.Pt(-left, -top)}
	one := shaping.Glyph{
		GlyphID:  g.GlyphID,
		XOffset:  fixed.Int26_6(math.Round(float64(sub) / subpixelSteps / float64(scale) * 64)),
		XAdvance: g.XAdvance,
	}
	r.Color = color.Opaque
	r.DrawShapedRunAt(shaping.Output{Glyphs: []shaping.Glyph{one}, Face: face, Size: fixed.Int26_6(size * 64)}, m.mask, m.origin.X, m.origin.Y)
	if len(c) >= maxCachedGlyphs {
		clear(c)
	}
	c[key] = m
	return m
}
