package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
)

// The helpers below mirror a screen for right-to-left languages: objects
// are given in logical order (start first) and placed from the right edge
// when rtl is true.

// NewHBox lines objects up from the start edge. Spacers (layout.NewSpacer)
// work as in container.NewHBox.
func NewHBox(rtl bool, objects ...fyne.CanvasObject) *fyne.Container {
	return container.NewHBox(logical(rtl, objects)...)
}

// NewBorder is container.NewBorder with start and end edges instead of
// left and right.
func NewBorder(rtl bool, top, bottom, start, end fyne.CanvasObject, center ...fyne.CanvasObject) *fyne.Container {
	if rtl {
		start, end = end, start
	}
	return container.NewBorder(top, bottom, start, end, center...)
}

func logical(rtl bool, objects []fyne.CanvasObject) []fyne.CanvasObject {
	if !rtl {
		return objects
	}
	out := make([]fyne.CanvasObject, len(objects))
	for i, o := range objects {
		out[len(objects)-1-i] = o
	}
	return out
}

// GridLayout places objects in equal cells, cols to a row, filling each
// row from the start edge: from the right in a right-to-left screen.
type GridLayout struct {
	Cols int
	RTL  bool
}

// NewGrid returns a container laying objects out in a GridLayout.
func NewGrid(rtl bool, cols int, objects ...fyne.CanvasObject) *fyne.Container {
	return container.New(&GridLayout{Cols: cols, RTL: rtl}, objects...)
}

func (g *GridLayout) cols() int { return max(g.Cols, 1) }

func (g *GridLayout) rows(n int) int { return (n + g.cols() - 1) / g.cols() }

func visible(objects []fyne.CanvasObject) []fyne.CanvasObject {
	out := make([]fyne.CanvasObject, 0, len(objects))
	for _, o := range objects {
		if o.Visible() {
			out = append(out, o)
		}
	}
	return out
}

// Layout implements fyne.Layout.
func (g *GridLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	objs := visible(objects)
	if len(objs) == 0 {
		return
	}
	pad := theme.Padding()
	cols, rows := g.cols(), g.rows(len(objs))
	w := max((size.Width-pad*float32(cols-1))/float32(cols), 0)
	h := max((size.Height-pad*float32(rows-1))/float32(rows), 0)
	for i, o := range objs {
		c, r := i%cols, i/cols
		if g.RTL {
			c = cols - 1 - c
		}
		o.Move(fyne.NewPos(float32(c)*(w+pad), float32(r)*(h+pad)))
		o.Resize(fyne.NewSize(w, h))
	}
}

// MinSize implements fyne.Layout: every cell is as large as the largest
// object's minimum.
func (g *GridLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	objs := visible(objects)
	if len(objs) == 0 {
		return fyne.NewSize(0, 0)
	}
	cell := fyne.NewSize(0, 0)
	for _, o := range objs {
		cell = cell.Max(o.MinSize())
	}
	pad := theme.Padding()
	cols := min(g.cols(), len(objs))
	rows := g.rows(len(objs))
	return fyne.NewSize(cell.Width*float32(cols)+pad*float32(cols-1), cell.Height*float32(rows)+pad*float32(rows-1))
}

var _ fyne.Layout = (*GridLayout)(nil)

// WeightedRow places objects side by side from the start edge, each as
// wide as its weight in units of Width/Units, centred when the weights add
// up to less than Units. Keyboard rows use it so keys line up across rows.
type WeightedRow struct {
	RTL     bool
	Weights []float32 // one per object; missing weights count 1
	Units   float32   // the row's width in weight units; at least the sum
	// MinUnit, when set, is the minimum width of one unit; otherwise the
	// widest object decides it.
	MinUnit float32
}

func (r *WeightedRow) weight(i int) float32 {
	if i < len(r.Weights) && r.Weights[i] > 0 {
		return r.Weights[i]
	}
	return 1
}

func (r *WeightedRow) total(n int) float32 {
	var sum float32
	for i := 0; i < n; i++ {
		sum += r.weight(i)
	}
	return max(sum, r.Units)
}

// Layout implements fyne.Layout.
func (r *WeightedRow) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	if len(objects) == 0 {
		return
	}
	pad := theme.Padding()
	units := r.total(len(objects))
	unit := (size.Width + pad) / units
	var used float32
	for i := range objects {
		used += r.weight(i)
	}
	x := (units - used) * unit / 2
	for i, o := range objects {
		w := max(r.weight(i)*unit-pad, 0)
		pos := x
		if r.RTL {
			pos = size.Width - x - w
		}
		o.Move(fyne.NewPos(pos, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += r.weight(i) * unit
	}
}

// MinSize implements fyne.Layout.
func (r *WeightedRow) MinSize(objects []fyne.CanvasObject) fyne.Size {
	if len(objects) == 0 {
		return fyne.NewSize(0, 0)
	}
	var unit, h float32
	for i, o := range objects {
		m := o.MinSize()
		if r.MinUnit <= 0 {
			unit = max(unit, m.Width/r.weight(i))
		}
		h = max(h, m.Height)
	}
	unit = max(unit, r.MinUnit)
	pad := theme.Padding()
	units := r.total(len(objects))
	return fyne.NewSize(unit*units+pad*(units-1), h)
}

var _ fyne.Layout = (*WeightedRow)(nil)

// Spacer is layout.NewSpacer, here so screens need one import for layout.
func Spacer() fyne.CanvasObject { return layout.NewSpacer() }
