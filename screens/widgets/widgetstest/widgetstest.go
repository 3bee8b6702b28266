// Package widgetstest helps tests find and press the kiosk's widgets on
// a canvas drawn by Fyne's test driver. It is imported by tests only.
package widgetstest

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/screens/widgets"
)

// Buttons returns the buttons under o (keys of a keyboard, a keypad, a
// date picker...) by label.
func Buttons(o fyne.CanvasObject) map[string]*widgets.Button {
	out := map[string]*widgets.Button{}
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widgets.Button:
			out[x.Label] = x
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return out
}

// Tap taps the button labelled label under o, failing the test when
// there is none.
func Tap(t testing.TB, o fyne.CanvasObject, label string) {
	t.Helper()
	b, ok := Buttons(o)[label]
	if !ok {
		t.Fatalf("no button %q", label)
	}
	test.Tap(b)
}
