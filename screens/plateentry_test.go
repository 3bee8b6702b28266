package screens_test

import (
	"slices"
	"sort"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens"
	"github.com/pishkhan/pishkhan/screens/widgets"
	"github.com/pishkhan/pishkhan/screens/widgets/widgetstest"
)

// TestPlateEntryByParts enters a plate on the keypad and the letter pad,
// part after part, and checks the stored form.
func TestPlateEntryByParts(t *testing.T) {
	test.NewTempApp(t)
	p := screens.NewPlateEntry(testFonts(), kiosk.Persian)
	w := test.NewTempWindow(t, p)
	var got string
	p.OnChanged = func(s string) { got = s }
	p.Activate(screens.PlateFirst)

	widgetstest.Tap(t, p, "۱")
	widgetstest.Tap(t, p, "۲")
	if p.ActivePart() != screens.PlateLetter {
		t.Fatalf("after two digits part %d is active, want the letter", p.ActivePart())
	}
	widgetstest.Tap(t, p, "ب")
	if p.ActivePart() != screens.PlateSecond {
		t.Fatalf("after the letter part %d is active", p.ActivePart())
	}
	for _, k := range []string{"۳", "۴", "۵", "۶", "۷"} {
		widgetstest.Tap(t, p, k)
	}
	if got != "12-ب-345-67" || p.Value() != got {
		t.Errorf("stored %q (value %q), want 12-ب-345-67", got, p.Value())
	}
	if _, err := kiosk.ParsePlate(got); err != nil {
		t.Errorf("the stored plate does not parse: %v", err)
	}
	if w.Canvas().Focused() != p.Part(screens.PlateProvince) {
		t.Error("the last part does not have the focus")
	}

	// Correct the letter with a physical keyboard.
	test.Tap(p.Part(screens.PlateLetter))
	p.Part(screens.PlateLetter).Clear()
	test.Type(p.Part(screens.PlateLetter), "x۹ج")
	if got != "12-ج-345-67" {
		t.Errorf("after retyping the letter: %q", got)
	}
}

func TestPlateEntrySetValue(t *testing.T) {
	test.NewTempApp(t)
	p := screens.NewPlateEntry(testFonts(), kiosk.English)
	p.SetValue("45-الف-678-11")
	for i, want := range []string{"45", "الف", "678", "11"} {
		if got := p.Part(i).Value(); got != want {
			t.Errorf("part %d = %q, want %q", i, got, want)
		}
	}
	p.SetValue("")
	if p.Value() != "" {
		t.Errorf("cleared plate = %q", p.Value())
	}
}

// TestPlateEntryPadApart checks that a plate entry whose pad stands
// apart draws only the plate, and that its pad shows the letters while
// the letter is entered, the keypad otherwise, at one size.
func TestPlateEntryPadApart(t *testing.T) {
	test.NewTempApp(t)
	p := screens.NewPlateEntry(testFonts(), kiosk.Persian)
	p.PadApart = true
	pad := p.Pad()
	test.NewTempWindow(t, container.NewHBox(p, pad))
	if widgets.Contains(p, pad) {
		t.Fatal("the pad apart is part of the entry")
	}
	size := pad.MinSize()
	cases := []struct {
		part       int
		letters    bool
		wantLetter string // a key shown
	}{
		{screens.PlateFirst, false, "۱"},
		{screens.PlateLetter, true, "ب"},
		{screens.PlateSecond, false, "۱"},
	}
	for _, tc := range cases {
		p.Activate(tc.part)
		shown := map[string]bool{}
		for _, tg := range widgets.FocusTargets(pad) {
			if b, ok := tg.Object.(*widgets.Button); ok {
				shown[b.Label] = true
			}
		}
		if !shown[tc.wantLetter] || shown["ب"] != tc.letters {
			t.Errorf("part %d: keys shown %v, want %q (letters %t)", tc.part, shown, tc.wantLetter, tc.letters)
		}
		if pad.MinSize() != size {
			t.Errorf("part %d: the pad asks for %v, before %v", tc.part, pad.MinSize(), size)
		}
	}
	// A letter tapped on the pad apart goes into the plate.
	p.Activate(screens.PlateLetter)
	widgetstest.Tap(t, pad, "ج")
	if got := p.Part(screens.PlateLetter).Value(); got != "ج" {
		t.Errorf("letter part holds %q after a tap on ج", got)
	}
}

// TestPlateLettersInAlphabeticalOrder reads the plate letter grid as a
// Persian reader does, right to left and top to bottom: the letters come
// in Persian alphabetical order, الف first.
func TestPlateLettersInAlphabeticalOrder(t *testing.T) {
	want := []string{"الف", "ب", "پ", "ت", "ج", "د", "ژ", "س", "ص", "ط", "ع", "ق", "ل", "م", "ن", "و", "ه", "ی"}
	for _, tc := range []struct {
		name  string
		apart bool
	}{
		{"grid in the entry", false},
		{"grid apart", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			test.NewTempApp(t)
			p := screens.NewPlateEntry(testFonts(), kiosk.Persian)
			p.PadApart = tc.apart
			var root fyne.CanvasObject = p
			if tc.apart {
				root = container.NewHBox(p, p.Pad())
			}
			test.NewTempWindow(t, root)
			p.Activate(screens.PlateLetter)
			type key struct {
				label string
				at    fyne.Position
			}
			var keys []key
			d := fyne.CurrentApp().Driver()
			for _, tg := range widgets.FocusTargets(root) {
				if b, ok := tg.Object.(*widgets.Button); ok && slices.Contains(want, b.Label) {
					keys = append(keys, key{b.Label, d.AbsolutePositionForObject(b)})
				}
			}
			sort.SliceStable(keys, func(i, j int) bool {
				if keys[i].at.Y != keys[j].at.Y {
					return keys[i].at.Y < keys[j].at.Y
				}
				return keys[i].at.X > keys[j].at.X
			})
			var got []string
			for _, k := range keys {
				got = append(got, k.label)
			}
			if !slices.Equal(got, want) {
				t.Errorf("letters read %v, want %v", got, want)
			}
		})
	}
}
