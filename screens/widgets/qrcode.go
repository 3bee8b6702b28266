package widgets

import (
	"image"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// QRCode draws a QR code with every module the same whole number of
// screen pixels wide: the largest that fits the widget's smaller side at
// the canvas's scale, the code centred in the widget. A code scaled by a
// fraction of a pixel per module comes out with modules of two widths,
// which phone cameras misread now and then. The modules are black on a
// white quiet zone whatever the theme, so any phone can read them.
type QRCode struct {
	widget.BaseWidget

	modules [][]bool // rows of modules, quiet zone included; true is dark
	side    float32  // minimum side
}

// NewQRCode returns a widget drawing modules (rows of modules, the quiet
// zone included; true is a dark module) at least side wide and high.
func NewQRCode(modules [][]bool, side float32) *QRCode {
	q := &QRCode{modules: modules, side: side}
	q.ExtendBaseWidget(q)
	return q
}

// modulePixels returns the width of one module, in screen pixels, when
// the widget is size large on a canvas of scale scale (pixels per unit).
func (q *QRCode) modulePixels(size fyne.Size, scale float32) int {
	n := len(q.modules)
	if n == 0 {
		return 0
	}
	px := int(math.Floor(float64(min(size.Width, size.Height)*scale) + 1e-3))
	return max(px/n, 1)
}

// CreateRenderer implements fyne.Widget.
func (q *QRCode) CreateRenderer() fyne.WidgetRenderer {
	r := &qrRenderer{q: q}
	r.raster = canvas.NewRaster(r.draw)
	r.raster.ScaleMode = canvas.ImageScalePixels
	return r
}

// qrRenderer sizes its raster to a whole number of screen pixels, the
// code's, so that the painter draws it pixel for pixel, never stretched.
type qrRenderer struct {
	q      *QRCode
	raster *canvas.Raster
}

func (r *qrRenderer) Layout(size fyne.Size) {
	scale := float32(1)
	if c := CanvasOf(r.q); c != nil && c.Scale() > 0 {
		scale = c.Scale()
	}
	side := float32(r.q.modulePixels(size, scale)*len(r.q.modules)) / scale
	r.raster.Resize(fyne.NewSquareSize(side))
	r.raster.Move(fyne.NewPos((size.Width-side)/2, (size.Height-side)/2))
}

func (r *qrRenderer) MinSize() fyne.Size { return fyne.NewSquareSize(r.q.side) }

// Refresh lays the raster out again, for the canvas's scale may have
// changed, and draws it.
func (r *qrRenderer) Refresh() {
	r.Layout(r.q.Size())
	r.raster.Refresh()
}

func (r *qrRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.raster} }

func (r *qrRenderer) Destroy() {}

// draw paints the code into w×h pixels, whole pixels to a module, centred
// on white.
func (r *qrRenderer) draw(w, h int) image.Image {
	img := image.NewGray(image.Rect(0, 0, max(w, 1), max(h, 1)))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	n := len(r.q.modules)
	if n == 0 {
		return img
	}
	m := max(min(w, h)/n, 1)
	x0, y0 := (w-m*n)/2, (h-m*n)/2
	black := color.Gray{}
	for y, row := range r.q.modules {
		for x, dark := range row {
			if !dark {
				continue
			}
			for py := y0 + y*m; py < y0+(y+1)*m; py++ {
				for px := x0 + x*m; px < x0+(x+1)*m; px++ {
					img.SetGray(px, py, black)
				}
			}
		}
	}
	return img
}
