package typeset_test

import (
	"image"
	"image/color"
	"sync"
	"testing"

	"github.com/pishkhan/pishkhan/kiosk/typeset"
)

// TestConcurrentUse lays out, draws and prints from several goroutines at
// once, as the UI and the receipt printer do; run with -race.
func TestConcurrentUse(t *testing.T) {
	f := dejavu(t)
	texts := []string{"پیشخوان", "کد رهگیری: 1234-5678", "Track my request", "تاریخ ۱۴۰۳/۰۵/۱۲"}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			img := image.NewRGBA(image.Rect(0, 0, 300, 40))
			for i := 0; i < 20; i++ {
				s := texts[(g+i)%len(texts)]
				p := f.Layout(s, typeset.Options{Size: float32(14 + i%3), Bold: g%2 == 0})
				f.Draw(img, p, typeset.DrawOptions{Width: 300, Color: color.Black})
				if _, err := f.PDFLines(s, 9, 200, typeset.DirAuto, g%2 == 1); err != nil {
					t.Error(err)
					return
				}
			}
		}(g)
	}
	wg.Wait()
}
