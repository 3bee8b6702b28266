package widgets_test

// Tests that build or draw widgets do not call t.Parallel: with no fonts
// global left they could, but Fyne's own renderer cache and test canvas
// (fyne/v2/internal/cache) are package globals written without a lock,
// and go test -race reports them when two such tests run at once. Tests
// that touch no Fyne renderer run in parallel.

import (
	"image"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/pishkhan/pishkhan/kiosk/typeset"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

const dejavuDir = "/usr/share/fonts/truetype/dejavu"

// loadDejaVu loads DejaVu Sans once for every test: typeset.Fonts is safe
// for concurrent use, so parallel tests share it.
var loadDejaVu = sync.OnceValues(func() (*typeset.Fonts, error) {
	return typeset.LoadFonts(dejavuDir)
})

// dejavu returns DejaVu Sans (Debian fonts-dejavu-core, installed by the
// Makefile), so golden images do not depend on which other fonts the
// machine has.
func dejavu(t testing.TB) *typeset.Fonts {
	t.Helper()
	if _, err := os.Stat(dejavuDir + "/DejaVuSans.ttf"); err != nil {
		t.Skipf("DejaVu Sans is not installed (Debian package fonts-dejavu-core): %v", err)
	}
	f, err := loadDejaVu()
	if err != nil {
		t.Fatalf("load DejaVu Sans: %v", err)
	}
	return f
}

// The special keys' labels as the screens give them.
var (
	faLabels = widgets.Labels{
		RTL: true, Backspace: "⌫", Clear: "پاک کردن", Done: "تأیید", Enter: "ورود",
		Shift: "⇧", Space: "فاصله", ZWNJ: "نیم\u200cفاصله",
		Persian: "فارسی", English: "English", Decimal: "٫",
	}
	enLabels = widgets.Labels{
		Backspace: "⌫", Clear: "Clear", Done: "Done", Enter: "Enter",
		Shift: "⇧", Space: "Space", ZWNJ: "Half-space",
		Persian: "فارسی", English: "English",
	}
)

// persianDigits writes ASCII digits as Persian ones.
func persianDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return '۰' + r - '0'
		}
		return r
	}, s)
}

// pixelsDiffer counts the pixels that differ between two images of the
// same size.
func pixelsDiffer(a, b image.Image) int {
	n := 0
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			ar, ag, ab, aa := a.At(x, y).RGBA()
			br, bg, bb, ba := b.At(x, y).RGBA()
			if ar != br || ag != bg || ab != bb || aa != ba {
				n++
			}
		}
	}
	return n
}
