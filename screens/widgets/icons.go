package widgets

import (
	"bytes"
	"container/list"
	"fmt"
	"image"
	"image/color"
	"math"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/fyne-io/oksvg"
	"github.com/srwiley/rasterx"
)

// Icons are SVG. Given as a resource, a canvas.Image parses and colours
// the SVG again on every Refresh and keeps one raster per icon name, of
// one size; an image laid out before its screen is on the canvas is
// rasterized at twice its size (Fyne assumes a HiDPI screen without a
// canvas) and again at its own size once shown, so in Fyne 2.7.1 every
// screen change rasterized every icon twice. Here an icon is rasterized
// once per colour and pixel size, kept for every screen and session, and
// shown as a canvas.Image of that raster, which the painter uploads as
// it is.

// rasterKey names one raster of an icon.
type rasterKey struct {
	name   string
	colour color.RGBA
	w, h   int
}

// rasterCache keeps the most recently used rasters, at most max of them.
type rasterCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // of rasterKey, most recently used first
	items map[rasterKey]rasterItem
	// drawn counts the rasters made (misses), for tests.
	drawn int
}

type rasterItem struct {
	img  image.Image
	elem *list.Element
}

// maxRasters bounds the icon rasters kept: a service grid shows about a
// dozen icons, in one colour and size per display choice; the screens,
// every display choice and both colours of a button (plain and chosen)
// use well under this. A 64-point tile icon at the largest text size is
// about 90 pixels square, 32 KB, so the cache stays under 4 MB.
const maxRasters = 128

// rasters is shared by every button and icon of the process: a raster is
// a function of its key alone.
var rasters = &rasterCache{max: maxRasters, order: list.New(), items: map[rasterKey]rasterItem{}}

// get returns the raster of key, drawing it with draw on a miss.
func (c *rasterCache) get(key rasterKey, draw func() (image.Image, error)) (image.Image, error) {
	c.mu.Lock()
	if it, ok := c.items[key]; ok {
		c.order.MoveToFront(it.elem)
		c.mu.Unlock()
		return it.img, nil
	}
	c.mu.Unlock()
	img, err := draw()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.drawn++
	if it, ok := c.items[key]; ok { // drawn meanwhile by another goroutine
		return it.img, nil
	}
	c.items[key] = rasterItem{img: img, elem: c.order.PushFront(key)}
	for c.order.Len() > c.max {
		old := c.order.Remove(c.order.Back()).(rasterKey)
		delete(c.items, old)
	}
	return img, nil
}

// isSVG reports whether res holds an SVG image.
func isSVG(res fyne.Resource) bool {
	if strings.HasSuffix(strings.ToLower(res.Name()), ".svg") {
		return true
	}
	head := res.Content()
	if len(head) > 5 {
		head = head[:5]
	}
	switch strings.ToLower(string(head)) {
	case "<svg ", "<?xml", "<!doc":
		return true
	}
	return false
}

// iconRaster returns icon drawn in the theme colour col, w×h pixels
// (keeping its aspect: the raster fits inside), from the shared cache.
func iconRaster(icon fyne.Resource, col fyne.ThemeColorName, w, h int) (image.Image, error) {
	r, g, b, a := theme.Color(col).RGBA()
	key := rasterKey{name: icon.Name(), colour: color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}, w: w, h: h}
	return rasters.get(key, func() (image.Image, error) {
		// Fyne's own colouring of a themed icon, then oksvg and rasterx,
		// which Fyne draws its icons with.
		svg, err := oksvg.ReadIconStream(bytes.NewReader(theme.NewColoredResource(icon, col).Content()))
		if err != nil {
			return nil, fmt.Errorf("read icon %s: %w", icon.Name(), err)
		}
		iw, ih := w, h
		if vb := svg.ViewBox; vb.W > 0 && vb.H > 0 {
			aspect := vb.W / vb.H
			if float64(w)/float64(h) > aspect {
				iw = int(float64(h) * aspect)
			} else {
				ih = int(float64(w) / aspect)
			}
		}
		svg.SetTarget(0, 0, float64(iw), float64(ih))
		img := image.NewNRGBA(image.Rect(0, 0, iw, ih))
		scanner := rasterx.NewScannerGV(w, h, img, img.Bounds())
		if err := drawIcon(svg, rasterx.NewDasher(w, h, scanner)); err != nil {
			return nil, fmt.Errorf("draw icon %s: %w", icon.Name(), err)
		}
		return img, nil
	})
}

// drawIcon draws svg, turning a panic of the SVG library into an error.
func drawIcon(svg *oksvg.SvgIcon, d *rasterx.Dasher) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("svg: %v", p)
		}
	}()
	svg.Draw(d, 1)
	return nil
}

// pixelSize returns the pixels size covers on the canvas o is shown on
// (or will be: the window's, before o is on it), as the painter counts
// them.
func pixelSize(o fyne.CanvasObject, size fyne.Size) (int, int) {
	if c := CanvasOf(o); c != nil {
		return c.PixelCoordinateForPosition(fyne.NewPos(size.Width, size.Height))
	}
	return int(math.Round(float64(size.Width))), int(math.Round(float64(size.Height)))
}

// iconImage keeps a canvas.Image showing an icon from the shared rasters:
// set makes it show icon in a colour at a size, rasterizing only what no
// screen drew before.
type iconImage struct {
	img *canvas.Image
	// what the image shows now
	icon   fyne.Resource
	col    color.Color
	w, h   int
	plainR bool // img.Resource is used: not an SVG
}

func newIconImage() *iconImage {
	img := canvas.NewImageFromImage(nil)
	img.FillMode = canvas.ImageFillContain
	return &iconImage{img: img}
}

// set shows icon (nil for none) in the theme colour col at size, on the
// canvas of owner.
func (i *iconImage) set(owner fyne.CanvasObject, icon fyne.Resource, col fyne.ThemeColorName, size fyne.Size) {
	if icon == nil {
		i.icon = nil
		i.img.Image, i.img.Resource = nil, nil
		i.img.Hidden = true
		return
	}
	i.img.Hidden = false
	if !isSVG(icon) {
		// A bitmap: Fyne decodes it once and scales it on the GPU.
		if i.icon != icon || !i.plainR {
			i.icon, i.plainR = icon, true
			i.img.Image, i.img.Resource = nil, icon
			i.img.Refresh()
		}
		i.img.Resize(size)
		return
	}
	w, h := pixelSize(owner, size)
	c := theme.Color(col)
	if w > 0 && h > 0 && (i.icon != icon || i.plainR || i.col != c || i.w != w || i.h != h) {
		img, err := iconRaster(icon, col, w, h)
		if err != nil {
			fyne.LogError("icon", err)
		} else {
			i.icon, i.plainR, i.col, i.w, i.h = icon, false, c, w, h
			i.img.Resource, i.img.Image = nil, img
			i.img.Refresh()
		}
	}
	i.img.Resize(size)
}

// Icon shows a themed SVG icon in one colour, square, from the rasters
// every screen shares (see iconRaster).
type Icon struct {
	widget.BaseWidget

	res  fyne.Resource
	col  fyne.ThemeColorName
	side float32
}

// NewIcon returns an icon showing res in the theme colour col, side
// points square at least.
func NewIcon(res fyne.Resource, col fyne.ThemeColorName, side float32) *Icon {
	i := &Icon{res: res, col: col, side: side}
	i.ExtendBaseWidget(i)
	return i
}

// CreateRenderer implements fyne.Widget.
func (i *Icon) CreateRenderer() fyne.WidgetRenderer {
	return &iconRenderer{i: i, img: newIconImage()}
}

type iconRenderer struct {
	i   *Icon
	img *iconImage
}

func (r *iconRenderer) Layout(size fyne.Size) {
	side := min(size.Width, size.Height)
	r.img.img.Move(fyne.NewPos((size.Width-side)/2, (size.Height-side)/2))
	r.img.set(r.i, r.i.res, r.i.col, fyne.NewSquareSize(side))
}

func (r *iconRenderer) MinSize() fyne.Size           { return fyne.NewSquareSize(r.i.side) }
func (r *iconRenderer) Refresh()                     { r.Layout(r.i.Size()) }
func (r *iconRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.img.img} }
func (r *iconRenderer) Destroy()                     {}
