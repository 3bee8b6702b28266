package widgets_test

import (
	"image"
	"os"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/kiosk/typeset"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

const dejavuDir = "/usr/share/fonts/truetype/dejavu"

// useDejaVu pins the Text widgets to DejaVu Sans (Debian fonts-dejavu-core,
// installed by the Makefile) so golden images do not depend on which
// other fonts the machine has.
func useDejaVu(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(dejavuDir + "/DejaVuSans.ttf"); err != nil {
		t.Skipf("DejaVu Sans is not installed (Debian package fonts-dejavu-core): %v", err)
	}
	f, err := typeset.LoadFonts(dejavuDir)
	if err != nil {
		t.Fatalf("load DejaVu Sans: %v", err)
	}
	widgets.SetFonts(f)
}

// inkBounds returns the bounding box of the pixels that differ from the
// top-left pixel (the background).
func inkBounds(img image.Image) image.Rectangle {
	b := img.Bounds()
	bg := img.At(b.Min.X, b.Min.Y)
	br, bgG, bb, _ := bg.RGBA()
	var ink image.Rectangle
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r != br || g != bgG || bl != bb {
				ink = ink.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return ink
}

func TestTextAlignment(t *testing.T) {
	useDejaVu(t)
	tests := []struct {
		name      string
		text      string
		style     widgets.Style
		wantRight bool // ink in the right half only; else in the left half only
	}{
		{"Persian starts right", "پیشخوان", widgets.Style{}, true},
		{"Persian end is left", "پیشخوان", widgets.Style{Align: widgets.AlignEnd}, false},
		{"English starts left", "Kiosk", widgets.Style{}, false},
		{"English end is right", "Kiosk", widgets.Style{Align: widgets.AlignEnd}, true},
		{"digits in a Persian paragraph start right", "۱۲۳", widgets.Style{Dir: widgets.DirRTL}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			test.NewTempApp(t)
			txt := widgets.NewText(tt.text, tt.style)
			w := test.NewTempWindow(t, txt)
			w.SetPadded(false)
			w.Resize(fyne.NewSize(400, 40))
			ink := inkBounds(w.Canvas().Capture())
			if ink.Empty() {
				t.Fatalf("nothing drawn for %q", tt.text)
			}
			if tt.wantRight && ink.Min.X < 200 || !tt.wantRight && ink.Max.X > 200 {
				t.Errorf("ink of %q spans x %d..%d in a 400 px wide window, want the %s half", tt.text, ink.Min.X, ink.Max.X, map[bool]string{true: "right", false: "left"}[tt.wantRight])
			}
		})
	}
}
