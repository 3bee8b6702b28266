package widgets_test

import (
	"fmt"
	"image"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/screens/widgets"
)

// TestQRCodeDrawsWholePixelModules draws a 25-module symbol (a QR code of
// version 2 is as large) with its 4-module quiet zone in squares of sizes
// that are and are not whole pixels, placed off the pixel grid, on
// canvases of scale 1, 1.25, 1.5 and 2: every module comes out the same
// whole number of pixels, as many as fit the square, the code centred in
// it.
func TestQRCodeDrawsWholePixelModules(t *testing.T) {
	const symbol, quiet = 25, 4
	n := symbol + 2*quiet
	modules := make([][]bool, n)
	for y := range modules {
		modules[y] = make([]bool, n)
		for x := range modules[y] {
			in := x >= quiet && x < quiet+symbol && y >= quiet && y < quiet+symbol
			modules[y][x] = in && (x*7+y*3)%5 < 2
		}
	}
	for _, scale := range []float32{1, 1.25, 1.5, 2} {
		for _, side := range []float32{99, 100.5, 324, 333.3} {
			t.Run(fmt.Sprintf("side %v scale %v", side, scale), func(t *testing.T) {
				test.NewTempApp(t)
				w := test.NewTempWindow(t, container.NewStack())
				w.SetPadded(false)
				w.Canvas().(test.WindowlessCanvas).SetScale(scale)
				w.Resize(fyne.NewSquareSize(side + 20))
				q := widgets.NewQRCode(modules, side)
				w.SetContent(container.NewWithoutLayout(q))
				// Off the pixel grid: a third of a unit from the corner.
				q.Move(fyne.NewPos(10.33, 7.67))
				q.Resize(fyne.NewSquareSize(side))
				img := w.Canvas().Capture()

				want := int(side*scale+1e-3) / n
				white := func(x, y int) bool {
					r, g, b, _ := img.At(x, y).RGBA()
					return r == 0xffff && g == 0xffff && b == 0xffff
				}
				var ground image.Rectangle
				for y := 0; y < img.Bounds().Dy(); y++ {
					for x := 0; x < img.Bounds().Dx(); x++ {
						if white(x, y) {
							ground = ground.Union(image.Rect(x, y, x+1, y+1))
						}
					}
				}
				if ground.Dx() != want*n || ground.Dy() != want*n {
					t.Fatalf("the code is drawn %v px: want %d px modules, %d px a side", ground.Size(), want, want*n)
				}
				cx := float32(ground.Min.X+ground.Max.X) / 2 / scale
				cy := float32(ground.Min.Y+ground.Max.Y) / 2 / scale
				if d := cx - (10.33 + side/2); d > 1 || d < -1 {
					t.Errorf("the code's centre is %v units across from the square's", d)
				}
				if d := cy - (7.67 + side/2); d > 1 || d < -1 {
					t.Errorf("the code's centre is %v units down from the square's", d)
				}
				bad := 0
				for y := 0; y < want*n; y++ {
					for x := 0; x < want*n; x++ {
						if white(ground.Min.X+x, ground.Min.Y+y) == modules[y/want][x/want] {
							bad++
						}
					}
				}
				if bad > 0 {
					t.Errorf("%d pixels differ from their %d px module", bad, want)
				}
			})
		}
	}
}
