package screens_test

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// keysOffered returns the labels of the enabled keys of the pad shown.
func (r *rig) keysOffered() []string {
	r.t.Helper()
	var out []string
	walk(r.pad(), func(o fyne.CanvasObject) bool {
		if b, ok := o.(*widgets.Button); ok {
			if !b.Disabled() {
				out = append(out, b.Label)
			}
			return false
		}
		return true
	})
	return out
}

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

// TestLatinFieldsOpenTheLatinKeyboard checks that a VIN opens a keyboard
// of the capitals and digits a VIN holds, and an e-mail a Latin keyboard
// with @ and ., whatever the session's language, with no key to change
// to Persian.
func TestLatinFieldsOpenTheLatinKeyboard(t *testing.T) {
	var vin []string
	for _, c := range "ABCDEFGHJKLMNPRSTUVWXYZ0123456789" {
		vin = append(vin, string(c))
	}
	cases := []struct {
		walk, step, field string
	}{
		{"vehicle-plate/lost plate", "vehicle", "vin"},
		{"library/teenager joins", "membership", "email"},
	}
	for _, tc := range cases {
		for _, l := range kiosk.Languages {
			t.Run(tc.field+"/"+string(l), func(t *testing.T) {
				wc := findWalk(t, tc.walk)
				r := newRig(t)
				r.startIn(l)
				r.open(wc.service)
				var stats walkStats
				for _, s := range wc.steps {
					if s.id == tc.step {
						break
					}
					r.fillStep(s, nil, &stats)
				}
				test.Tap(r.field(tc.field))
				if !r.field(tc.field).Active() {
					t.Fatalf("%s is not typed into", tc.field)
				}
				offered := r.keysOffered()
				for _, other := range []string{"language.fa", "language.en", "keyboard.zwnj"} {
					if slices.Contains(offered, kiosk.Msg(l, other)) {
						t.Errorf("the %s keyboard offers %q", tc.field, kiosk.Msg(l, other))
					}
				}
				if tc.field == "email" {
					for _, k := range []string{"a", "z", "@", ".", "1"} {
						if !slices.Contains(offered, k) {
							t.Errorf("the e-mail keyboard has no %q: %q", k, offered)
						}
					}
					return
				}
				var letters []string
				for _, k := range offered {
					switch k {
					case kiosk.Msg(l, "keyboard.backspace"), kiosk.Msg(l, "keyboard.clear"), kiosk.Msg(l, "keyboard.done"):
					default:
						letters = append(letters, k)
					}
				}
				slices.Sort(letters)
				want := slices.Clone(vin)
				slices.Sort(want)
				if !slices.Equal(letters, want) {
					t.Errorf("the VIN keyboard offers %q, want %q", letters, want)
				}
				// A physical keyboard types capitals, and no I, O or Q.
				r.typeFocused("naIOQp0۳")
				if got := r.sess.State().Answers["vin"]; got != "NAP03" {
					t.Errorf("typed naIOQp0۳, the VIN reads %q, want NAP03", got)
				}
			})
		}
	}
}
