package widgets_test

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/screens/widgets"
)

func TestLinkFollowedByTapAndByKeys(t *testing.T) {
	fonts := dejavu(t)
	test.NewTempApp(t)
	cases := []struct {
		name   string
		follow func(*widgets.Link)
		want   int
	}{
		{"tap", func(l *widgets.Link) { test.Tap(l) }, 1},
		{"enter (a remote's OK)", func(l *widgets.Link) { l.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) }, 1},
		{"space", func(l *widgets.Link) { l.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace}) }, 1},
		{"an arrow", func(l *widgets.Link) { l.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown}) }, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n := 0
			l := widgets.NewLink(fonts, "ده رقم «کد ملی» را وارد کنید.", widgets.DirRTL, func() { n++ })
			tc.follow(l)
			if n != tc.want {
				t.Errorf("followed %d times, want %d", n, tc.want)
			}
		})
	}
}

// TestLinkWrapsAndStaysTouchable checks that a long link wraps onto more
// lines as it narrows, never below the touch target's height.
func TestLinkWrapsAndStaysTouchable(t *testing.T) {
	fonts := dejavu(t)
	test.NewTempApp(t)
	l := widgets.NewLink(fonts, "Check the 10 digits of “Father's national code” against the national card: this national code is not valid.", widgets.DirLTR, nil)
	w := test.NewWindow(l)
	defer w.Close()
	heights := map[float32]float32{}
	for _, width := range []float32{1200, 300} {
		l.Resize(fyne.NewSize(width, l.MinSize().Height))
		l.Resize(fyne.NewSize(width, l.MinSize().Height))
		heights[width] = l.MinSize().Height
		if heights[width] < widgets.Size(widgets.SizeNameTarget) {
			t.Errorf("at %v px wide the link is %v px tall, under the touch target", width, heights[width])
		}
		if l.MinSize().Width > width {
			t.Errorf("at %v px wide the link needs %v px", width, l.MinSize().Width)
		}
	}
	if heights[300] <= heights[1200] {
		t.Errorf("the link does not wrap: %v px tall at 300 px wide, %v at 1200", heights[300], heights[1200])
	}
}
