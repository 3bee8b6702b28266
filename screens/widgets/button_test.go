package widgets_test

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/screens/widgets"
)

func TestButtonPressedByTapAndByKeys(t *testing.T) {
	test.NewTempApp(t)
	cases := []struct {
		name     string
		press    func(*widgets.Button)
		disabled bool
		want     int
	}{
		{"tap", func(b *widgets.Button) { test.Tap(b) }, false, 1},
		{"space", func(b *widgets.Button) { b.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace}) }, false, 1},
		{"enter (a remote's OK)", func(b *widgets.Button) { b.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) }, false, 1},
		{"another key", func(b *widgets.Button) { b.TypedKey(&fyne.KeyEvent{Name: fyne.KeyA}) }, false, 0},
		{"tap when disabled", func(b *widgets.Button) { test.Tap(b) }, true, 0},
		{"enter when disabled", func(b *widgets.Button) { b.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnter}) }, true, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n := 0
			b := widgets.NewButton("ادامه", widgets.DirRTL, func() { n++ })
			if tc.disabled {
				b.Disable()
			}
			tc.press(b)
			if n != tc.want {
				t.Errorf("pressed %d times, want %d", n, tc.want)
			}
		})
	}
}

// TestButtonIsATouchTarget checks that even a one-letter button is as
// large as the theme's touch target.
func TestButtonIsATouchTarget(t *testing.T) {
	test.NewTempApp(t)
	for _, label := range []string{"ب", "OK", ""} {
		b := widgets.NewButton(label, widgets.DirAuto, nil)
		min := b.MinSize()
		target := widgets.Size(widgets.SizeNameTarget)
		if min.Width < target || min.Height < target {
			t.Errorf("button %q min size %v, want at least %.0f square", label, min, target)
		}
	}
}

// TestButtonShowsFocus checks the focus ring, which remote-control
// navigation relies on.
func TestButtonShowsFocus(t *testing.T) {
	test.NewTempApp(t)
	b := widgets.NewButton("Next", widgets.DirLTR, nil)
	w := test.NewTempWindow(t, b)
	w.Resize(fyne.NewSize(300, 120))
	before := w.Canvas().Capture()
	w.Canvas().Focus(b)
	if !b.Focused() {
		t.Fatal("button did not take the focus")
	}
	after := w.Canvas().Capture()
	if pixelsDiffer(before, after) == 0 {
		t.Error("focusing the button changed nothing on screen")
	}
	w.Canvas().Unfocus()
	if b.Focused() || pixelsDiffer(before, w.Canvas().Capture()) != 0 {
		t.Error("the focus ring stayed after the focus left")
	}
}
