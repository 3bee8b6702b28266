package widgets

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// StepBar shows progress through a form as one segment per step, the
// steps done and the current one filled from the start edge: from the
// right in a right-to-left screen.
type StepBar struct {
	widget.BaseWidget

	Current, Count int
	RTL            bool
}

// NewStepBar returns a bar at step current (1-based) of count.
func NewStepBar(current, count int, rtl bool) *StepBar {
	s := &StepBar{Current: current, Count: count, RTL: rtl}
	s.ExtendBaseWidget(s)
	return s
}

// CreateRenderer implements fyne.Widget.
func (s *StepBar) CreateRenderer() fyne.WidgetRenderer {
	r := &stepBarRenderer{s: s}
	r.Refresh()
	return r
}

type stepBarRenderer struct {
	s    *StepBar
	segs []*canvas.Rectangle
}

func (r *stepBarRenderer) Objects() []fyne.CanvasObject {
	out := make([]fyne.CanvasObject, len(r.segs))
	for i, s := range r.segs {
		out[i] = s
	}
	return out
}

func (r *stepBarRenderer) Destroy() {}

func (r *stepBarRenderer) MinSize() fyne.Size {
	h := theme.Padding() * 2
	return fyne.NewSize(float32(max(r.s.Count, 1))*h*3, h)
}

func (r *stepBarRenderer) Layout(size fyne.Size) {
	n := len(r.segs)
	if n == 0 {
		return
	}
	gap := theme.Padding()
	w := max((size.Width-gap*float32(n-1))/float32(n), 0)
	for i, seg := range r.segs {
		x := float32(i) * (w + gap)
		if r.s.RTL {
			x = size.Width - x - w
		}
		seg.Move(fyne.NewPos(x, 0))
		seg.Resize(fyne.NewSize(w, size.Height))
	}
}

func (r *stepBarRenderer) Refresh() {
	for len(r.segs) < r.s.Count {
		r.segs = append(r.segs, canvas.NewRectangle(color.Transparent))
	}
	r.segs = r.segs[:max(r.s.Count, 0)]
	for i, seg := range r.segs {
		seg.CornerRadius = theme.Padding()
		if i < r.s.Current {
			seg.FillColor = theme.Color(theme.ColorNamePrimary)
			seg.StrokeWidth = 0
		} else {
			seg.FillColor = theme.Color(theme.ColorNameBackground)
			seg.StrokeColor = theme.Color(theme.ColorNameForeground)
			seg.StrokeWidth = 2
		}
		seg.Refresh()
	}
	r.Layout(r.s.Size())
}
