package typeset_test

import (
	"image"
	"image/color"
	"testing"

	"github.com/pishkhan/pishkhan/kiosk/typeset"
)

// ink returns the bounding box of non-transparent pixels and whether every
// fully opaque pixel has colour c.
func ink(img *image.RGBA, c color.RGBA) (image.Rectangle, bool) {
	var box image.Rectangle
	same := true
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			px := img.RGBAAt(x, y)
			if px.A == 0 {
				continue
			}
			box = box.Union(image.Rect(x, y, x+1, y+1))
			if px.A == 255 && px != c {
				same = false
			}
		}
	}
	return box, same
}

func TestDraw(t *testing.T) {
	f := dejavu(t)
	red := color.RGBA{R: 200, A: 255}
	tests := []struct {
		name   string
		text   string
		align  typeset.Align
		scale  float32
		origin image.Point
		check  func(t *testing.T, box image.Rectangle, p *typeset.Paragraph)
	}{
		{"Persian start-aligned stands right", "پیشخوان خدمات", typeset.AlignStart, 1, image.Point{}, func(t *testing.T, box image.Rectangle, p *typeset.Paragraph) {
			if box.Min.X < 200 || box.Max.X > 400 {
				t.Errorf("ink x %d..%d, want within the right half of 400", box.Min.X, box.Max.X)
			}
		}},
		{"English start-aligned stands left", "Service counter", typeset.AlignStart, 1, image.Point{}, func(t *testing.T, box image.Rectangle, p *typeset.Paragraph) {
			if box.Max.X > 200 {
				t.Errorf("ink x %d..%d, want within the left half of 400", box.Min.X, box.Max.X)
			}
		}},
		{"centred", "پیشخوان", typeset.AlignCenter, 1, image.Point{}, func(t *testing.T, box image.Rectangle, p *typeset.Paragraph) {
			if mid := (box.Min.X + box.Max.X) / 2; mid < 190 || mid > 210 {
				t.Errorf("ink centre x %d, want about 200", mid)
			}
		}},
		{"origin offsets", "Kiosk", typeset.AlignStart, 1, image.Pt(30, 50), func(t *testing.T, box image.Rectangle, p *typeset.Paragraph) {
			if box.Min.X < 30 || box.Min.Y < 50 || box.Max.Y > 50+int(p.Height)+1 {
				t.Errorf("ink %v, want inside the box at (30,50) of height %.0f", box, p.Height)
			}
		}},
		{"scale 2 draws twice as tall", "Kiosk", typeset.AlignStart, 2, image.Point{}, func(t *testing.T, box image.Rectangle, p *typeset.Paragraph) {
			one := f.Image(p, 0, typeset.AlignStart, red, 1)
			b1, _ := ink(one, red)
			if d := box.Dy() - 2*b1.Dy(); d < -2 || d > 2 {
				t.Errorf("ink height %d at scale 2, %d at scale 1", box.Dy(), b1.Dy())
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := f.Layout(tt.text, typeset.Options{Size: 20})
			img := image.NewRGBA(image.Rect(0, 0, int(400*tt.scale), int(120*tt.scale)))
			f.Draw(img, p, typeset.DrawOptions{Origin: tt.origin, Width: 400, Align: tt.align, Color: red, Scale: tt.scale})
			box, same := ink(img, red)
			if box.Empty() {
				t.Fatal("nothing drawn")
			}
			if !same {
				t.Error("opaque pixels are not the colour asked for")
			}
			tt.check(t, box, p)
		})
	}
}

func TestImageSize(t *testing.T) {
	f := dejavu(t)
	p := f.Layout("سلام دنیا", typeset.Options{Size: 20})
	img := f.Image(p, 0, typeset.AlignStart, color.Black, 1.5)
	if w, h := img.Rect.Dx(), img.Rect.Dy(); w < int(p.Width*1.5) || w > int(p.Width*1.5)+1 || h < int(p.Height*1.5) || h > int(p.Height*1.5)+1 {
		t.Errorf("image %dx%d for a %.1fx%.1f paragraph at scale 1.5", w, h, p.Width, p.Height)
	}
}
