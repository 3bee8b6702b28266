package widgets_test

import (
	"fmt"
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
