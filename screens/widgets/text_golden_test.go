package widgets_test

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/screens/widgets"
)

type goldenCase struct {
	name  string
	style widgets.Style
	wrap  float32
	text  string
}

// readGoldenCases reads testdata/text/cases.tsv.
func readGoldenCases(t *testing.T) []goldenCase {
	t.Helper()
	f, err := os.Open("testdata/text/cases.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dirs := map[string]widgets.Direction{"auto": widgets.DirAuto, "ltr": widgets.DirLTR, "rtl": widgets.DirRTL}
	aligns := map[string]widgets.Align{"start": widgets.AlignStart, "center": widgets.AlignCenter, "end": widgets.AlignEnd}
	var out []goldenCase
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, "\t")
		if len(fields) != 6 {
			t.Fatalf("cases.tsv:%d: %d fields, want 6", n, len(fields))
		}
		dir, okDir := dirs[fields[1]]
		align, okAlign := aligns[fields[2]]
		wrap, errWrap := strconv.ParseFloat(fields[3], 32)
		if !okDir || !okAlign || errWrap != nil || (fields[4] != "0" && fields[4] != "1") {
			t.Fatalf("cases.tsv:%d: bad case %q", n, line)
		}
		out = append(out, goldenCase{
			name:  fields[0],
			style: widgets.Style{Size: theme.SizeNameSubHeadingText, Dir: dir, Align: align, Wrap: wrap > 0, Bold: fields[4] == "1"},
			wrap:  float32(wrap),
			text:  fields[5],
		})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestTextGolden renders each case of testdata/text/cases.tsv in a window
// 360 wide (wider for a longer line, the wrap width for a wrapping case) and compares it with
// testdata/text/<name>.png. A mismatch writes testdata/failed/text/<name>.png.
func TestTextGolden(t *testing.T) {
	fonts := dejavu(t)
	cases := readGoldenCases(t)
	if len(cases) < 15 {
		t.Fatalf("%d golden cases, want at least 15", len(cases))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			test.NewTempApp(t)
			txt := widgets.NewText(fonts, c.text, c.style)
			width := max(360, txt.MinSize().Width)
			if c.wrap > 0 {
				width = c.wrap
			}
			w := test.NewTempWindow(t, txt)
			w.SetPadded(false)
			// A wrapping text's minimum height follows its width: size
			// the width first, then fit the height.
			w.Resize(fyne.NewSize(width, 100))
			w.Resize(fyne.NewSize(width, txt.MinSize().Height))
			test.AssertRendersToImage(t, "text/"+c.name+".png", w.Canvas())
		})
	}
}

// TestTextGoldenScale2 renders at canvas scale 2 (a high-density screen):
// glyphs are rasterized at the pixel size, not enlarged.
func TestTextGoldenScale2(t *testing.T) {
	fonts := dejavu(t)
	test.NewTempApp(t)
	txt := widgets.NewText(fonts, "کد رهگیری: 1234-5678", widgets.Style{Dir: widgets.DirRTL})
	w := test.NewTempWindow(t, txt)
	w.SetPadded(false)
	w.Canvas().(interface{ SetScale(float32) }).SetScale(2)
	w.Resize(fyne.NewSize(200, txt.MinSize().Height))
	test.AssertRendersToImage(t, "text/scale2.png", w.Canvas())
}
