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
	// Fit lets the grid take fewer columns when its width does not hold
	// Cols cells at their minimum (a list of choices beside a keypad):
	// its minimum width is then one cell's, and its minimum height that
	// of its rows at the width it was last laid out at.
	Fit bool

	width float32 // the width last laid out at, with Fit
}

// NewGrid returns a container laying objects out in a GridLayout.
func NewGrid(rtl bool, cols int, objects ...fyne.CanvasObject) *fyne.Container {
	return container.New(&GridLayout{Cols: cols, RTL: rtl}, objects...)
}

// columns returns how many columns n cells of width cell take at width.
func (g *GridLayout) columns(n int, cell, width float32) int {
	cols := max(min(g.Cols, n), 1)
	if !g.Fit || width <= 0 {
		return cols
	}
	pad := theme.Padding()
	for ; cols > 1; cols-- {
		if float32(cols)*cell+float32(cols-1)*pad <= width+0.5 {
			break
		}
	}
	return cols
}

func visible(objects []fyne.CanvasObject) []fyne.CanvasObject {
	out := make([]fyne.CanvasObject, 0, len(objects))
	for _, o := range objects {
		if o.Visible() {
			out = append(out, o)
		}
	}
	return out
}

// cell returns the largest minimum size among objs.
func cell(objs []fyne.CanvasObject) fyne.Size {
	var c fyne.Size
	for _, o := range objs {
		c = c.Max(o.MinSize())
	}
	return c
}

// Layout implements fyne.Layout.
func (g *GridLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	objs := visible(objects)
	if len(objs) == 0 {
		return
	}
	pad := theme.Padding()
	// Cells are a Cols-th of the width even when fewer objects than Cols
	// fill the only row.
	cols := max(g.Cols, 1)
	if g.Fit {
		g.width = size.Width
		cols = g.columns(max(g.Cols, 1), cell(objs).Width, size.Width)
	}
	rows := (len(objs) + cols - 1) / cols
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
	c := cell(objs)
	pad := theme.Padding()
	cols := g.columns(len(objs), c.Width, g.width)
	rows := (len(objs) + cols - 1) / cols
	if g.Fit {
		cols = 1 // it may narrow to one column
	}
	return fyne.NewSize(c.Width*float32(cols)+pad*float32(cols-1), c.Height*float32(rows)+pad*float32(rows-1))
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
	// Flex, one of the objects (a space bar), gives up width to the
	// others whose labels need more than their weight (large text), so
	// that no label is cut; nil for none.
	Flex fyne.CanvasObject
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

// widths returns the width of each object for a unit of unit.
func (r *WeightedRow) widths(objects []fyne.CanvasObject, unit float32) []float32 {
	pad := theme.Padding()
	ws := make([]float32, len(objects))
	flex, short := -1, float32(0)
	for i, o := range objects {
		ws[i] = max(r.weight(i)*unit-pad, 0)
		if r.Flex != nil && o == r.Flex {
			flex = i
			continue
		}
		if r.Flex != nil {
			if m := o.MinSize().Width; m > ws[i] {
				short += m - ws[i]
				ws[i] = m
			}
		}
	}
	if flex >= 0 {
		ws[flex] = max(ws[flex]-short, 0)
	}
	return ws
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
	for i, w := range r.widths(objects, unit) {
		pos := x
		if r.RTL {
			pos = size.Width - x - w
		}
		objects[i].Move(fyne.NewPos(pos, 0))
		objects[i].Resize(fyne.NewSize(w, size.Height))
		x += w + pad
	}
}

// MinSize implements fyne.Layout.
func (r *WeightedRow) MinSize(objects []fyne.CanvasObject) fyne.Size {
	if len(objects) == 0 {
		return fyne.NewSize(0, 0)
	}
	var unit, h, labels float32
	for i, o := range objects {
		m := o.MinSize()
		if r.MinUnit <= 0 {
			unit = max(unit, m.Width/r.weight(i))
		}
		h = max(h, m.Height)
		labels += m.Width
	}
	unit = max(unit, r.MinUnit)
	pad := theme.Padding()
	units := r.total(len(objects))
	w := unit*units + pad*(units-1)
	if r.Flex != nil {
		// Every label whole, the space bar's too.
		w = max(w, labels+pad*float32(len(objects)-1))
	}
	return fyne.NewSize(w, h)
}

var _ fyne.Layout = (*WeightedRow)(nil)

// KeyRows lays the rows of an on-screen keyboard or keypad out one above
// the other from the top, all of one height: as tall as the tallest key's
// label asks when the height given allows, else sharing that height. Its
// minimum gives each row the theme's touch target, however tall the keys'
// labels are: large text makes the labels larger, not the keys, so a
// keyboard still fits a short screen. PreferredHeight is the height at
// which every key is as tall as its label asks, for a screen with room.
type KeyRows struct{}

// Layout implements fyne.Layout.
func (KeyRows) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	rows := visible(objects)
	if len(rows) == 0 {
		return
	}
	pad := theme.Padding()
	var natural float32
	for _, o := range rows {
		natural = max(natural, o.MinSize().Height)
	}
	h := max(min((size.Height-pad*float32(len(rows)-1))/float32(len(rows)), natural), 0)
	for i, o := range rows {
		o.Move(fyne.NewPos(0, float32(i)*(h+pad)))
		o.Resize(fyne.NewSize(size.Width, h))
	}
}

// MinSize implements fyne.Layout: the widest row, and rows of the touch
// target's height.
func (KeyRows) MinSize(objects []fyne.CanvasObject) fyne.Size {
	rows := visible(objects)
	if len(rows) == 0 {
		return fyne.NewSize(0, 0)
	}
	var w float32
	for _, o := range rows {
		w = max(w, o.MinSize().Width)
	}
	n := float32(len(rows))
	return fyne.NewSize(w, n*Size(SizeNameTarget)+(n-1)*theme.Padding())
}

// PreferredHeight returns the height at which every row is as tall as its
// tallest key asks.
func (KeyRows) PreferredHeight(objects []fyne.CanvasObject) float32 {
	rows := visible(objects)
	if len(rows) == 0 {
		return 0
	}
	var h float32
	for _, o := range rows {
		h = max(h, o.MinSize().Height)
	}
	n := float32(len(rows))
	return max(n*h+(n-1)*theme.Padding(), KeyRows{}.MinSize(rows).Height)
}

var _ fyne.Layout = KeyRows{}

// Preferred is an object that still works at its MinSize but is better
// at a larger size when there is room: a keyboard whose keys are as tall
// as their labels ask.
type Preferred interface {
	fyne.CanvasObject
	PreferredSize() fyne.Size
}

// Spacer is layout.NewSpacer, here so screens need one import for layout.
func Spacer() fyne.CanvasObject { return layout.NewSpacer() }
