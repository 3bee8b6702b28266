package widgets_test

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/screens/widgets"
	"github.com/pishkhan/pishkhan/screens/widgets/widgetstest"
)

func TestKeyboardTypes(t *testing.T) {
	fonts := dejavu(t)
	test.NewTempApp(t)
	cases := []struct {
		name   string
		layout widgets.KeyboardLayout
		keys   []string
		want   string
	}{
		{"Persian word with a half-space", widgets.LayoutPersian, []string{"م", "ی", faLabels.ZWNJ, "خ", "و", "ا", "ه", "م"}, "می\u200cخواهم"},
		{"space", widgets.LayoutPersian, []string{"ع", "ل", "ی", faLabels.Space, "ر", "ض", "ا"}, "علی رضا"},
		{"shift holds for one key", widgets.LayoutPersian, []string{faLabels.Shift, "آ", "ب"}, "آب"},
		{"English with shift", widgets.LayoutEnglish, []string{faLabels.Shift, "A", "l", "i"}, "Ali"},
		{"switch to English and back", widgets.LayoutPersian, []string{"ب", "English", "b", "فارسی", "پ"}, "بbپ"},
		{"backspace and clear", widgets.LayoutEnglish, []string{"a", "b", faLabels.Backspace, "c", faLabels.Clear, "d"}, "d"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			kb := widgets.NewKeyboard(fonts, faLabels, tc.layout)
			test.NewTempWindow(t, kb)
			var typed []rune
			kb.OnInsert = func(s string) { typed = append(typed, []rune(s)...) }
			kb.OnBackspace = func() {
				if len(typed) > 0 {
					typed = typed[:len(typed)-1]
				}
			}
			kb.OnClear = func() { typed = nil }
			for _, k := range tc.keys {
				widgetstest.Tap(t, kb, k)
			}
			if string(typed) != tc.want {
				t.Errorf("typed %q, want %q", string(typed), tc.want)
			}
		})
	}
}

func TestKeyboardDone(t *testing.T) {
	fonts := dejavu(t)
	test.NewTempApp(t)
	kb := widgets.NewKeyboard(fonts, enLabels, widgets.LayoutEnglish)
	test.NewTempWindow(t, kb)
	done := 0
	kb.OnDone = func() { done++ }
	widgetstest.Tap(t, kb, enLabels.Done)
	if done != 1 {
		t.Errorf("done called %d times", done)
	}
	if _, ok := widgetstest.Buttons(kb)[enLabels.ZWNJ]; ok {
		t.Error("the English layout shows the half-space key")
	}
}

// TestKeyboardRowsReadLeftToRight checks that every layout's rows run
// from left to right as on a physical keyboard: ض and ۱ at the top left of
// the Persian layout (ISIRI 9147), q and 1 of the English one.
func TestKeyboardRowsReadLeftToRight(t *testing.T) {
	fonts := dejavu(t)
	test.NewTempApp(t)
	cases := []struct {
		name   string
		layout widgets.KeyboardLayout
		labels widgets.Labels
	}{
		{"Persian, Persian labels", widgets.LayoutPersian, faLabels},
		{"Persian, English labels", widgets.LayoutPersian, enLabels},
		{"English", widgets.LayoutEnglish, faLabels},
		{"VIN", widgets.LayoutVIN, faLabels},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			kb := widgets.NewKeyboard(fonts, tc.labels, tc.layout)
			w := test.NewTempWindow(t, kb)
			w.Resize(fyne.NewSize(1200, 500))
			k := widgetstest.Buttons(kb)
			d := fyne.CurrentApp().Driver()
			for _, row := range widgets.KeyLabels(tc.layout, false) {
				for i := 1; i < len(row); i++ {
					a, b := d.AbsolutePositionForObject(k[row[i-1]]).X, d.AbsolutePositionForObject(k[row[i]]).X
					if a >= b {
						t.Errorf("%s at x=%.0f is not left of %s at x=%.0f", row[i-1], a, row[i], b)
					}
				}
			}
			// Backspace ends the last letter row, done the bottom row, on
			// the right as on a phone.
			last := widgets.KeyLabels(tc.layout, false)[3]
			if bs, l := d.AbsolutePositionForObject(k[tc.labels.Backspace]).X, d.AbsolutePositionForObject(k[last[len(last)-1]]).X; bs <= l {
				t.Errorf("backspace at x=%.0f, left of %s at x=%.0f", bs, last[len(last)-1], l)
			}
			if done, clear := d.AbsolutePositionForObject(k[tc.labels.Done]).X, d.AbsolutePositionForObject(k[tc.labels.Clear]).X; done <= clear {
				t.Errorf("done at x=%.0f, left of clear at x=%.0f", done, clear)
			}
		})
	}
}

// TestKeyboardVINOffersOnlyWhatAVINHolds checks that the VIN layout has
// capitals and digits without I, O and Q, and no shift, space, half-space
// or layout switch.
func TestKeyboardVINOffersOnlyWhatAVINHolds(t *testing.T) {
	fonts := dejavu(t)
	test.NewTempApp(t)
	kb := widgets.NewKeyboard(fonts, enLabels, widgets.LayoutVIN)
	test.NewTempWindow(t, kb)
	var got []string
	for label := range widgetstest.Buttons(kb) {
		switch label {
		case enLabels.Backspace, enLabels.Clear, enLabels.Done:
		default:
			got = append(got, label)
		}
	}
	slices.Sort(got)
	if want := vinKeys(); !slices.Equal(got, want) {
		t.Errorf("keys %q, want %q", got, want)
	}
}

// vinKeys returns the characters a VIN holds, sorted.
func vinKeys() []string {
	var out []string
	for _, c := range "0123456789ABCDEFGHJKLMNPRSTUVWXYZ" {
		out = append(out, string(c))
	}
	return out
}

// TestKeyboardKeysAreTouchTargets checks that every key is at least the
// theme's touch target tall and nearly as wide, so the keyboard fits a
// landscape screen.
func TestKeyboardKeysAreTouchTargets(t *testing.T) {
	fonts := dejavu(t)
	test.NewTempApp(t)
	kb := widgets.NewKeyboard(fonts, faLabels, widgets.LayoutPersian)
	w := test.NewTempWindow(t, kb)
	w.Resize(kb.MinSize().AddWidthHeight(16, 16))
	target := widgets.Size(widgets.SizeNameTarget)
	for label, k := range widgetstest.Buttons(kb) {
		if k.Size().Height < target || k.Size().Width < target*0.85 {
			t.Errorf("key %q is %v, target %.0f", label, k.Size(), target)
		}
	}
	if kb.MinSize().Width > 1100 {
		t.Errorf("keyboard needs %.0f px, more than a 1280 px screen gives it", kb.MinSize().Width)
	}
}

func TestKeyLabelsHaveNoDuplicates(t *testing.T) {
	t.Parallel()
	for _, l := range []widgets.KeyboardLayout{widgets.LayoutPersian, widgets.LayoutEnglish} {
		seen := map[string]bool{}
		for _, shifted := range []bool{false, true} {
			for _, row := range widgets.KeyLabels(l, shifted) {
				for _, k := range row {
					if seen[k] && strings.TrimSpace(k) != "" {
						t.Errorf("layout %d: key %q twice", l, k)
					}
					seen[k] = true
				}
			}
		}
	}
}

func TestKeypadInsertsASCIIDigits(t *testing.T) {
	fonts := dejavu(t)
	test.NewTempApp(t)
	cases := []struct {
		name  string
		fa    bool // Persian labels and digits
		extra string
		press []string
		want  string
	}{
		{"Persian digits", true, "", []string{"۰", "۹", "۱", "۲"}, "0912"},
		{"English digits", false, "", []string{"0", "9"}, "09"},
		{"thousands key for amounts", true, "000", []string{"۵", "۰۰۰"}, "5000"},
		{"Persian decimal separator", true, ".", []string{"۲", "٫", "۵"}, "2.5"},
		{"English decimal point", false, ".", []string{"2", ".", "5"}, "2.5"},
		{"backspace", false, "", []string{"1", "2", enLabels.Backspace}, "1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			kp := widgets.NewKeypad(fonts, enLabels, nil, tc.extra)
			if tc.fa {
				kp = widgets.NewKeypad(fonts, faLabels, persianDigits, tc.extra)
			}
			test.NewTempWindow(t, kp)
			got := ""
			kp.OnInsert = func(s string) { got += s }
			kp.OnBackspace = func() { got = got[:len(got)-1] }
			for _, k := range tc.press {
				widgetstest.Tap(t, kp, k)
			}
			if got != tc.want {
				t.Errorf("inserted %q, want %q", got, tc.want)
			}
		})
	}
}

// TestKeypadReadsLikeAPhone checks that 1-2-3 run left to right in every
// language.
func TestKeypadReadsLikeAPhone(t *testing.T) {
	fonts := dejavu(t)
	test.NewTempApp(t)
	kp := widgets.NewKeypad(fonts, faLabels, persianDigits, "")
	w := test.NewTempWindow(t, kp)
	w.Resize(fyne.NewSize(400, 600))
	k := widgetstest.Buttons(kp)
	d := fyne.CurrentApp().Driver()
	if d.AbsolutePositionForObject(k["۱"]).X >= d.AbsolutePositionForObject(k["۳"]).X {
		t.Error("on the Persian keypad 1 is not left of 3")
	}
}

// smallTarget is Fyne's theme with a touch target smaller than a key's
// label asks for, as large text makes it.
type smallTarget struct{ fyne.Theme }

func (s smallTarget) Size(n fyne.ThemeSizeName) float32 {
	if n == widgets.SizeNameTarget {
		return 40
	}
	return s.Theme.Size(n)
}

// TestKeyboardKeysShrinkToTheTarget checks that a keyboard whose labels
// ask for taller keys than the touch target prefers keys that tall, but
// lays out at keys of the target's height on a short screen, every key
// whole and apart from the others.
func TestKeyboardKeysShrinkToTheTarget(t *testing.T) {
	fonts := dejavu(t)
	a := test.NewTempApp(t)
	a.Settings().SetTheme(smallTarget{theme.DefaultTheme()})
	kb := widgets.NewKeyboard(fonts, faLabels, widgets.LayoutPersian)
	w := test.NewTempWindow(t, kb)
	w.SetPadded(false)
	pad := theme.Padding()
	minH, prefH := kb.MinSize().Height, kb.PreferredSize().Height
	if want := 5*float32(40) + 4*pad; minH != want {
		t.Errorf("min height %.0f, want five rows of the 40-px target: %.0f", minH, want)
	}
	if prefH <= minH {
		t.Errorf("preferred height %.0f, not above the minimum %.0f", prefH, minH)
	}
	for _, h := range []float32{minH, prefH} {
		w.Resize(fyne.NewSize(kb.MinSize().Width, h))
		ts := widgets.FocusTargets(kb)
		for i, a := range ts {
			if s := a.Rect.Size(); s.Height < 40-0.5 || a.Rect.Max.Y > h+0.5 {
				t.Errorf("at %.0f px: key %d is %v at %v", h, i, s, a.Rect)
			}
			for _, b := range ts[i+1:] {
				if gap := max(b.Rect.Min.X-a.Rect.Max.X, a.Rect.Min.X-b.Rect.Max.X, b.Rect.Min.Y-a.Rect.Max.Y, a.Rect.Min.Y-b.Rect.Max.Y); gap < pad-0.5 {
					t.Errorf("at %.0f px: keys %v and %v are %.1f apart", h, a.Rect, b.Rect, gap)
				}
			}
		}
	}
}
