package widgets_test

import (
	"fmt"
	"math"
	"sort"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/screens/widgets"
)

func boxes(n int) []fyne.CanvasObject {
	out := make([]fyne.CanvasObject, n)
	for i := range out {
		r := canvas.NewRectangle(nil)
		r.SetMinSize(fyne.NewSize(50, 40))
		out[i] = r
	}
	return out
}

// TestGridFillsFromTheStartEdge checks the cell of each object in a grid
// of three columns.
func TestGridFillsFromTheStartEdge(t *testing.T) {
	test.NewTempApp(t)
	cases := []struct {
		name string
		rtl  bool
		cols []int // column of objects 0..4, 0 = leftmost
	}{
		{"left to right", false, []int{0, 1, 2, 0, 1}},
		{"right to left", true, []int{2, 1, 0, 2, 1}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			objs := boxes(5)
			c := widgets.NewGrid(tc.rtl, 3, objs...)
			c.Resize(fyne.NewSize(300, 200))
			for i, o := range objs {
				col := int(o.Position().X / 100)
				row := int(o.Position().Y / 100)
				if col != tc.cols[i] || row != i/3 {
					t.Errorf("object %d in column %d row %d, want column %d row %d", i, col, row, tc.cols[i], i/3)
				}
			}
		})
	}
}

func TestHBoxAndBorderMirror(t *testing.T) {
	test.NewTempApp(t)
	for _, rtl := range []bool{false, true} {
		objs := boxes(2)
		c := widgets.NewHBox(rtl, objs[0], widgets.Spacer(), objs[1])
		c.Resize(fyne.NewSize(400, 50))
		if (objs[0].Position().X > objs[1].Position().X) != rtl {
			t.Errorf("hbox rtl=%t: start at %.0f, end at %.0f", rtl, objs[0].Position().X, objs[1].Position().X)
		}
		b := boxes(3)
		border := widgets.NewBorder(rtl, nil, nil, b[0], b[1], b[2])
		border.Resize(fyne.NewSize(400, 50))
		if (b[0].Position().X > b[1].Position().X) != rtl {
			t.Errorf("border rtl=%t: start at %.0f, end at %.0f", rtl, b[0].Position().X, b[1].Position().X)
		}
	}
}

func TestWeightedRow(t *testing.T) {
	test.NewTempApp(t)
	objs := boxes(3)
	row := &widgets.WeightedRow{RTL: true, Weights: []float32{1, 2, 1}, Units: 4}
	c := container.New(row, objs...)
	c.Resize(fyne.NewSize(400+3*8, 50))
	if !(objs[0].Position().X > objs[1].Position().X && objs[1].Position().X > objs[2].Position().X) {
		t.Errorf("right to left row out of order: %v %v %v", objs[0].Position(), objs[1].Position(), objs[2].Position())
	}
	if w0, w1 := objs[0].Size().Width, objs[1].Size().Width; w1 < 1.9*w0 {
		t.Errorf("a key of weight 2 is %.0f wide, a key of weight 1 %.0f", w1, w0)
	}
	row.MinUnit = 70
	if got := row.MinSize(objs).Width; got < 4*70 {
		t.Errorf("min width %.0f with 4 units of 70", got)
	}
}

// filledOnScreen reports, for each segment of a step bar from left to
// right on screen, whether it is drawn in the primary colour.
func filledOnScreen(bar *widgets.StepBar) []bool {
	var segs []*canvas.Rectangle
	for _, o := range test.WidgetRenderer(bar).Objects() {
		segs = append(segs, o.(*canvas.Rectangle))
	}
	sort.Slice(segs, func(i, j int) bool { return segs[i].Position().X < segs[j].Position().X })
	out := make([]bool, len(segs))
	for i, s := range segs {
		out[i] = s.FillColor == theme.Color(theme.ColorNamePrimary)
	}
	return out
}

func TestStepBarFillsFromTheStartEdge(t *testing.T) {
	test.NewTempApp(t)
	cases := []struct {
		rtl  bool
		want []bool
	}{
		{false, []bool{true, true, false, false}},
		{true, []bool{false, false, true, true}},
	}
	for _, tc := range cases {
		bar := widgets.NewStepBar(2, 4, tc.rtl)
		bar.Resize(fyne.NewSize(400, 16))
		got := filledOnScreen(bar)
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("rtl=%t: filled %v, want %v", tc.rtl, got, tc.want)
		}
	}
}

// sized returns n rectangles of minimum size w×h.
func sized(n int, w, h float32) []fyne.CanvasObject {
	out := make([]fyne.CanvasObject, n)
	for i := range out {
		r := canvas.NewRectangle(nil)
		r.SetMinSize(fyne.NewSize(w, h))
		out[i] = r
	}
	return out
}

// TestKeyRows checks that rows of keys are as tall as their keys ask when
// there is room, share the height when there is not, and never ask for
// more than the touch target each.
func TestKeyRows(t *testing.T) {
	test.NewTempApp(t)
	target := widgets.Size(widgets.SizeNameTarget)
	pad := theme.Padding()
	natural := target + 30 // a key whose large label asks for more
	cases := []struct {
		name   string
		height float32
		want   float32 // each row's height
	}{
		{"room for the labels", 5*natural + 4*pad + 200, natural},
		{"short screen", 5*(target+10) + 4*pad, target + 10},
		{"the minimum", 5*target + 4*pad, target},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rows := sized(5, 300, natural)
			c := container.New(widgets.KeyRows{}, rows...)
			if got, want := c.MinSize().Height, 5*target+4*pad; got != want {
				t.Errorf("min height %.1f, want %.1f (five touch targets)", got, want)
			}
			if got, want := (widgets.KeyRows{}).PreferredHeight(rows), 5*natural+4*pad; got != want {
				t.Errorf("preferred height %.1f, want %.1f", got, want)
			}
			c.Resize(fyne.NewSize(300, tc.height))
			for i, r := range rows {
				if h := r.Size().Height; math.Abs(float64(h-tc.want)) > 0.01 {
					t.Errorf("row %d is %.1f tall, want %.1f", i, h, tc.want)
				}
				if y := r.Position().Y; math.Abs(float64(y-float32(i)*(tc.want+pad))) > 0.01 {
					t.Errorf("row %d at y=%.1f, want %.1f", i, y, float32(i)*(tc.want+pad))
				}
			}
		})
	}
}

// TestWeightedRowFlex checks that a key whose label needs more than its
// weight takes it from the flexible key, and that the row asks for room
// for every label.
func TestWeightedRowFlex(t *testing.T) {
	test.NewTempApp(t)
	pad := theme.Padding()
	objs := sized(3, 40, 40)
	objs[2].(*canvas.Rectangle).SetMinSize(fyne.NewSize(150, 40)) // a long label, weight 1
	row := &widgets.WeightedRow{Weights: []float32{1, 2, 1}, Units: 4, Flex: objs[1]}
	c := container.New(row, objs...)
	width := 4*100 - pad // units of 100
	c.Resize(fyne.NewSize(width, 40))
	if w := objs[2].Size().Width; w < 150 {
		t.Errorf("the long label's key is %.0f wide, needs 150", w)
	}
	if w, want := objs[1].Size().Width, 2*100-pad-(150-(100-pad)); math.Abs(float64(w-want)) > 0.01 {
		t.Errorf("the flexible key is %.1f wide, want %.1f", w, want)
	}
	if w := objs[0].Size().Width; math.Abs(float64(w-(100-pad))) > 0.01 {
		t.Errorf("a key of weight 1 is %.1f wide, want %.1f", w, 100-pad)
	}
	if end := objs[2].Position().X + objs[2].Size().Width; end > width+0.01 {
		t.Errorf("the row ends at %.1f, wider than %.1f", end, width)
	}
	if got := c.MinSize().Width; got < 40+40+150+2*pad {
		t.Errorf("min width %.0f leaves a label cut", got)
	}
}

// TestGridFitTakesFewerColumns checks that a grid with Fit narrows to one
// column when two do not fit, and asks for the height of its rows then.
func TestGridFitTakesFewerColumns(t *testing.T) {
	test.NewTempApp(t)
	pad := theme.Padding()
	cases := []struct {
		name  string
		width float32
		cols  int
	}{
		{"room for two", 2*120 + pad, 2},
		{"room for one", 2*120 + pad - 1, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			objs := sized(4, 120, 50)
			c := container.New(&widgets.GridLayout{Cols: 2, Fit: true}, objs...)
			if got := c.MinSize().Width; got != 120 {
				t.Errorf("min width %.0f, want one cell's, 120", got)
			}
			c.Resize(fyne.NewSize(tc.width, 400))
			rows := (4 + tc.cols - 1) / tc.cols
			if got, want := c.MinSize().Height, float32(rows)*50+float32(rows-1)*pad; got != want {
				t.Errorf("min height %.0f at width %.0f, want %.0f (%d rows)", got, tc.width, want, rows)
			}
			cols := map[float32]bool{}
			for _, o := range objs {
				cols[o.Position().X] = true
			}
			if len(cols) != tc.cols {
				t.Errorf("%d columns at width %.0f, want %d", len(cols), tc.width, tc.cols)
			}
		})
	}
}
