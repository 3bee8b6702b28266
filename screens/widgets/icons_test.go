package widgets_test

import (
	"image"
	"image/draw"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/screens/widgets"
)

// iconOf returns the image a button shows its icon with.
func iconOf(t *testing.T, b *widgets.Button) *canvas.Image {
	t.Helper()
	for _, o := range test.WidgetRenderer(b).Objects() {
		if img, ok := o.(*canvas.Image); ok {
			return img
		}
	}
	t.Fatal("the button holds no image")
	return nil
}

// nrgba copies img into an NRGBA image.
func nrgba(img image.Image) *image.NRGBA {
	out := image.NewNRGBA(img.Bounds())
	draw.Draw(out, out.Bounds(), img, img.Bounds().Min, draw.Src)
	return out
}

// TestIconsRasterizedOnceAndAsFyneDoes checks that buttons showing the
// same icon in the same colour and size share one raster, made before
// and without parsing the SVG again, that another colour gets its own,
// and that the raster is pixel for pixel what Fyne draws for the icon.
func TestIconsRasterizedOnceAndAsFyneDoes(t *testing.T) {
	test.NewTempApp(t)
	fonts := dejavu(t)
	icons := []struct {
		name string
		res  fyne.Resource
	}{
		{"a theme icon", theme.SearchIcon()},
		{"a themed static SVG", theme.NewThemedResource(fyne.NewStaticResource("icons-test-square.svg",
			[]byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="#000000" d="M4 4h16v16H4z"/></svg>`)))},
	}
	for _, tc := range icons {
		t.Run(tc.name, func(t *testing.T) {
			newButton := func(selected bool) *widgets.Button {
				b := widgets.NewIconButton(fonts, "Search", tc.res, widgets.DirLTR, func() {})
				b.Tile, b.Selected = true, selected
				w := test.NewTempWindow(t, b)
				w.Resize(fyne.NewSize(200, 200))
				b.Refresh()
				return b
			}
			first, second := iconOf(t, newButton(false)), iconOf(t, newButton(false))
			if first.Image == nil || first.Resource != nil {
				t.Fatalf("the icon is shown from its resource (image %v), not a raster", first.Image != nil)
			}
			if first.Image != second.Image {
				t.Error("two buttons with the same icon, colour and size rasterized it twice")
			}
			chosen := iconOf(t, newButton(true))
			if chosen.Image == first.Image {
				t.Error("a chosen button's icon, in another colour, shares the plain one's raster")
			}

			// What Fyne draws from the coloured SVG at the same size.
			want := canvas.NewImageFromResource(theme.NewColoredResource(tc.res, theme.ColorNameForeground))
			want.FillMode = canvas.ImageFillContain
			w := test.NewTempWindow(t, want)
			w.Resize(fyne.NewSize(200, 200))
			want.Resize(first.Size())
			if want.Image == nil {
				t.Fatal("Fyne drew nothing")
			}
			got, exp := nrgba(first.Image), nrgba(want.Image)
			if got.Bounds() != exp.Bounds() {
				t.Fatalf("raster %v, Fyne's %v", got.Bounds(), exp.Bounds())
			}
			diff := 0
			for i := range got.Pix {
				if got.Pix[i] != exp.Pix[i] {
					diff++
				}
			}
			if diff > 0 {
				t.Errorf("%d bytes of the raster differ from Fyne's", diff)
			}
		})
	}
}
