package widgets_test

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/screens/widgets"
)

// TestButtonHoldsOnlyWhatItShows checks that a button puts in Fyne's tree,
// which is walked every frame, only the objects it shows: no hidden icon,
// detail line, key disc or focus ring.
func TestButtonHoldsOnlyWhatItShows(t *testing.T) {
	test.NewTempApp(t)
	fonts := dejavu(t)
	cases := []struct {
		name  string
		set   func(b *widgets.Button)
		focus bool
		want  int
	}{
		{"a label", func(*widgets.Button) {}, false, 2},
		{"an icon and a label", func(b *widgets.Button) { b.Icon = theme.SearchIcon() }, false, 3},
		{"a tile with a detail", func(b *widgets.Button) { b.Tile, b.Detail = true, "more" }, false, 3},
		{"a colour key", func(b *widgets.Button) { b.Key = widgets.KeyGreen }, false, 3},
		{"focused", func(*widgets.Button) {}, true, 4},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := widgets.NewButton(fonts, "Go", widgets.DirLTR, func() {})
			tc.set(b)
			w := test.NewTempWindow(t, b)
			b.Refresh()
			if tc.focus {
				w.Canvas().Focus(b)
			}
			objs := test.WidgetRenderer(b).Objects()
			for _, o := range objs {
				if !o.Visible() {
					t.Errorf("a hidden %T is in the tree", o)
				}
			}
			if len(objs) != tc.want {
				t.Errorf("%d objects, want %d", len(objs), tc.want)
			}
			if tc.focus {
				w.Canvas().Unfocus()
				if n := len(test.WidgetRenderer(b).Objects()); n != tc.want-2 {
					t.Errorf("%d objects once the focus left, want %d", n, tc.want-2)
				}
			}
		})
	}
}
