package screens_test

import (
	"testing"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// TestPersianKeyboardIsLaidOutAsIranKnowsIt checks, on the screen, that
// the Persian keyboard reads left to right as ISIRI 9147 and every Persian
// phone keyboard do, ض and ۱ at the top left, in a Persian session (whose
// screens are mirrored) and in an English one alike.
func TestPersianKeyboardIsLaidOutAsIranKnowsIt(t *testing.T) {
	rows := [][]string{
		{"۱", "۲", "۳", "۴", "۵", "۶", "۷", "۸", "۹", "۰"},
		{"ض", "ص", "ث", "ق", "ف", "غ", "ع", "ه", "خ", "ح", "ج", "چ"},
		{"ش", "س", "ی", "ب", "ل", "ا", "ت", "ن", "م", "ک", "گ"},
		{"ظ", "ط", "ز", "ر", "ذ", "د", "پ", "و"},
	}
	for _, l := range kiosk.Languages {
		t.Run(string(l), func(t *testing.T) {
			r := newRig(t)
			r.startIn(l)
			r.open("employment") // opens on a name, typed on the keyboard
			kb, ok := r.pad().(*widgets.Keyboard)
			if !ok {
				t.Fatalf("the name opens %T, not the keyboard", r.pad())
			}
			if kb.Layout() != widgets.LayoutPersian {
				r.tapIn(kb, kiosk.Msg(l, "language.fa"))
			}
			var top []float32
			for _, row := range rows {
				for i := 1; i < len(row); i++ {
					a, b := r.x(r.buttonIn(kb, row[i-1])), r.x(r.buttonIn(kb, row[i]))
					if a >= b {
						t.Errorf("%s at x=%.0f is not left of %s at x=%.0f", row[i-1], a, row[i], b)
					}
				}
				top = append(top, r.x(r.buttonIn(kb, row[0])))
			}
			// ض starts the letters at the left of the keyboard.
			if mid := r.x(kb); top[1] >= mid {
				t.Errorf("ض at x=%.0f, right of the keyboard's middle %.0f", top[1], mid)
			}
		})
	}
}
