package widgets_test

import (
	"image"
	"image/color"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/kiosk/typeset"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

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
	fonts := dejavu(t)
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
			txt := widgets.NewText(fonts, tt.text, tt.style)
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

// bigTheme is the test theme with larger text and a red foreground, as the
// large-text and high-contrast themes change them.
type bigTheme struct{ fyne.Theme }

func (t bigTheme) Size(n fyne.ThemeSizeName) float32 {
	if n == theme.SizeNameText {
		return 2 * t.Theme.Size(n)
	}
	return t.Theme.Size(n)
}

func (t bigTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNameForeground {
		return color.NRGBA{R: 255, A: 255}
	}
	return t.Theme.Color(n, v)
}

func TestTextFollowsTheme(t *testing.T) {
	fonts := dejavu(t)
	a := test.NewTempApp(t)
	txt := widgets.NewText(fonts, "پیشخوان", widgets.Style{})
	w := test.NewTempWindow(t, txt)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(300, 80))
	before := txt.MinSize()

	a.Settings().SetTheme(bigTheme{test.Theme()})
	txt.Refresh()
	after := txt.MinSize()
	if after.Height < 1.8*before.Height || after.Width < 1.8*before.Width {
		t.Errorf("min size %v with twice the text size, was %v", after, before)
	}
	img := w.Canvas().Capture()
	red := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if r, g, bl, _ := img.At(x, y).RGBA(); r == 0xffff && g == 0 && bl == 0 {
				red++
			}
		}
	}
	if red == 0 {
		t.Error("no pixel in the theme's red foreground after the theme changed")
	}
}

func TestTextSetTextAndStyle(t *testing.T) {
	fonts := dejavu(t)
	test.NewTempApp(t)
	txt := widgets.NewText(fonts, "کد", widgets.Style{})
	test.NewTempWindow(t, txt)
	short := txt.MinSize()
	txt.SetText("کد رهگیری: 1234-5678")
	if txt.Text() != "کد رهگیری: 1234-5678" {
		t.Errorf("Text() = %q", txt.Text())
	}
	long := txt.MinSize()
	if long.Width <= short.Width {
		t.Errorf("min width %.1f after a longer text, was %.1f", long.Width, short.Width)
	}
	txt.SetStyle(widgets.Style{Size: theme.SizeNameHeadingText, Bold: true})
	if txt.Style().Size != theme.SizeNameHeadingText || !txt.Style().Bold {
		t.Errorf("Style() = %+v", txt.Style())
	}
	if h := txt.MinSize(); h.Height <= long.Height || h.Width <= long.Width {
		t.Errorf("heading min size %v, text size %v", h, long)
	}
}

func TestTextWrap(t *testing.T) {
	fonts := dejavu(t)
	test.NewTempApp(t)
	const sentence = "پیشخوان خدمات شهروندی به شما کمک می‌کند درخواست خود را ثبت کنید و کد رهگیری بگیرید"
	tests := []struct {
		name      string
		width     float32
		wantLines int
	}{
		{"wide: one line", 2000, 1},
		{"narrow: three lines", 240, 3},
	}
	oneLine := widgets.NewText(fonts, "پیشخوان", widgets.Style{}).MinSize().Height
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			txt := widgets.NewText(fonts, sentence, widgets.Style{Wrap: true})
			txt.Resize(fyne.NewSize(tt.width, 10))
			min := txt.MinSize()
			// A 14-unit text keeps a 1-unit margin above and below, and
			// the theme's line spacing between lines.
			lineHeight := oneLine - 2
			spacing := test.Theme().Size(theme.SizeNameLineSpacing)
			if lines := (min.Height - 2 + spacing) / (lineHeight + spacing); lines < float32(tt.wantLines)-0.01 || lines > float32(tt.wantLines)+0.01 {
				t.Errorf("min height %.1f at width %.0f holds %.2f lines of %.1f, want %d", min.Height, tt.width, lines, lineHeight, tt.wantLines)
			}
			if min.Width > tt.width {
				t.Errorf("min width %.1f exceeds the width %.0f: a wrapping text must not widen its container", min.Width, tt.width)
			}
		})
	}
}

func TestTextCaretPosition(t *testing.T) {
	fonts := dejavu(t)
	test.NewTempApp(t)
	tests := []struct {
		name     string
		text     string
		dir      widgets.Direction
		leftward bool // the end of the text is left of its start
	}{
		{"Persian", "علی رضایی", widgets.DirRTL, true},
		{"English", "Ali Rezaei", widgets.DirLTR, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			txt := widgets.NewText(fonts, tt.text, widgets.Style{Dir: tt.dir})
			txt.Resize(fyne.NewSize(300, 40))
			start, h := txt.CaretPosition(0)
			end, _ := txt.CaretPosition(utf8.RuneCountInString(tt.text))
			if tt.leftward != (end.X < start.X) {
				t.Errorf("caret at start x %.1f, at end x %.1f", start.X, end.X)
			}
			if h <= 0 || start.Y < 0 || start.Y+h > 40 || end.Y != start.Y {
				t.Errorf("caret top %.1f/%.1f height %.1f in a 40 high widget", start.Y, end.Y, h)
			}
			if tt.leftward && start.X < 250 || !tt.leftward && start.X > 50 {
				t.Errorf("caret at the start of the text is at x %.1f of 300", start.X)
			}
		})
	}
}

// TestStyleMatchesTypeset guards the widget's conversion of Direction and
// Align to typeset's by value.
func TestStyleMatchesTypeset(t *testing.T) {
	t.Parallel()
	pairs := []struct {
		name   string
		widget int
		layout int
	}{
		{"DirAuto", int(widgets.DirAuto), int(typeset.DirAuto)},
		{"DirLTR", int(widgets.DirLTR), int(typeset.DirLTR)},
		{"DirRTL", int(widgets.DirRTL), int(typeset.DirRTL)},
		{"AlignStart", int(widgets.AlignStart), int(typeset.AlignStart)},
		{"AlignCenter", int(widgets.AlignCenter), int(typeset.AlignCenter)},
		{"AlignEnd", int(widgets.AlignEnd), int(typeset.AlignEnd)},
	}
	for _, p := range pairs {
		if p.widget != p.layout {
			t.Errorf("widgets.%s = %d, typeset.%s = %d", p.name, p.widget, p.name, p.layout)
		}
	}
}

func TestTextPrivate(t *testing.T) {
	dejavu(t) // skips without DejaVu Sans
	test.NewTempApp(t)
	// Fonts of its own: the shared ones' cache holds other tests' texts.
	fonts, err := typeset.LoadFonts(dejavuDir)
	if err != nil {
		t.Fatal(err)
	}
	f := fonts
	field := widgets.NewText(fonts, "0499370899", widgets.Style{Private: true, Dir: widgets.DirRTL})
	w := test.NewTempWindow(t, field)
	w.Resize(fyne.NewSize(300, 40))
	w.Canvas().Capture()
	if n := f.CacheLen(); n != 0 {
		t.Errorf("a private text left %d layouts in the cache", n)
	}
	if field.MinSize().Width <= 0 {
		t.Error("a private text has no size")
	}

	label := widgets.NewText(fonts, "0499370899", widgets.Style{Dir: widgets.DirRTL})
	test.NewTempWindow(t, label).Canvas().Capture()
	if f.CacheLen() == 0 {
		t.Fatal("an ordinary text was not cached")
	}
	f.ForgetLayouts()
	if n := f.CacheLen(); n != 0 {
		t.Errorf("ForgetLayouts left %d layouts", n)
	}
}

// TestTextWithoutFontsIsBlank checks that a Text given no fonts draws
// nothing and takes no room, rather than failing.
func TestTextWithoutFontsIsBlank(t *testing.T) {
	txt := widgets.NewText(nil, "پیشخوان", widgets.Style{})
	w := test.NewTempWindow(t, txt)
	w.Resize(fyne.NewSize(200, 50))
	if s := txt.MinSize(); s != (fyne.Size{}) {
		t.Errorf("min size %v without fonts, want zero", s)
	}
}
