package screens_test

import (
	"os"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/typeset"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

const dejavuDir = "/usr/share/fonts/truetype/dejavu"

// pinFonts skips a golden test unless its texts are drawn with DejaVu Sans
// (Debian fonts-dejavu-core, installed by the Makefile; see testFonts), so
// the golden images do not depend on which other fonts the machine has.
func pinFonts(t *testing.T) *typeset.Fonts {
	t.Helper()
	if _, err := os.Stat(dejavuDir + "/DejaVuSans.ttf"); err != nil {
		t.Skipf("DejaVu Sans is not installed (Debian package fonts-dejavu-core): %v", err)
	}
	f := testFonts()
	if f == nil || f.Family() != "DejaVu Sans" {
		t.Fatalf("the tests draw with %v, not DejaVu Sans", f)
	}
	return f
}

// TestScreensGolden compares a few screens with images checked by eye:
// Persian screens mirrored and shaped, English ones left to right.
func TestScreensGolden(t *testing.T) {
	pinFonts(t)
	cases := []struct {
		name  string
		lang  kiosk.Lang
		drive func(t *testing.T, r *rig)
		opts  []rigOption
		small bool // on the 1280×800 window, unpadded as cmd/kiosk shows it
	}{
		{"attract", kiosk.Persian, func(*testing.T, *rig) {}, nil, false},
		{"services_fa", kiosk.Persian, func(t *testing.T, r *rig) { r.startIn(kiosk.Persian) }, nil, false},
		{"form_keyboard_fa", kiosk.Persian, func(t *testing.T, r *rig) {
			r.startIn(kiosk.Persian)
			r.open("employment")
			r.pressKeys("علی")
		}, nil, false},
		{"form_refused_en", kiosk.English, func(t *testing.T, r *rig) {
			r.startIn(kiosk.English)
			r.open("library")
			r.pressKeys("0499370898")
			r.tapMsg("keyboard.done")
			r.pressKeys("0912123456")
			r.tapMsg("nav.next")
		}, nil, false},
		{"receipt_fa", kiosk.Persian, func(t *testing.T, r *rig) {
			r.startIn(kiosk.Persian)
			r.open("police")
			walkToReceipt(t, r)
		}, nil, false},
		{"idle_en", kiosk.English, func(t *testing.T, r *rig) {
			r.startIn(kiosk.English)
			r.open("health")
			test.Tap(r.field("national_code"))
			r.pressKeys("0013542419")
			r.clock.Add(65 * time.Second)
			r.ui.Tick()
		}, nil, false},
		// Large text on the 1280×800 window `make run` opens: the step's
		// progress scrolls away, its title stays whole above the field
		// being typed into, the keys keep the touch target at least,
		// nothing under the navigation bar.
		{"form_keyboard_large_en", kiosk.English, func(t *testing.T, r *rig) {
			r.startIn(kiosk.English)
			r.open("employment")
			r.pressKeys("sara")
		}, []rigOption{largeText()}, true},
		{"form_keypad_large_fa", kiosk.Persian, func(t *testing.T, r *rig) {
			r.startIn(kiosk.Persian)
			r.open("library")
			r.pressKeys("۰۴۹۹")
		}, []rigOption{largeText()}, true},
		// The date picker on the 1280×800 window, at the kiosk's text
		// size and with large text: labelled year steppers and a Today
		// key above the months; weekday headings over the days of the
		// month chosen, whole at the end of the step (which a finger
		// scrolls to).
		{"form_date_fa", kiosk.Persian, func(t *testing.T, r *rig) { toDateStep(r, kiosk.Persian, "1405/01/15", true) }, nil, true},
		{"form_date_en", kiosk.English, func(t *testing.T, r *rig) { toDateStep(r, kiosk.English, "2026-01-15", true) }, nil, true},
		{"form_date_days_fa", kiosk.Persian, func(t *testing.T, r *rig) { toDateStep(r, kiosk.Persian, "1405/01/15", false) }, nil, true},
		{"form_date_days_en", kiosk.English, func(t *testing.T, r *rig) { toDateStep(r, kiosk.English, "2026-01-15", false) }, nil, true},
		{"form_date_large_fa", kiosk.Persian, func(t *testing.T, r *rig) { toDateStep(r, kiosk.Persian, "1405/01/15", true) }, []rigOption{largeText()}, true},
		{"form_date_large_en", kiosk.English, func(t *testing.T, r *rig) { toDateStep(r, kiosk.English, "2026-01-15", true) }, []rigOption{largeText()}, true},
		{"form_date_days_large_fa", kiosk.Persian, func(t *testing.T, r *rig) { toDateStep(r, kiosk.Persian, "1405/01/15", false) }, []rigOption{largeText()}, true},
		{"form_date_days_large_en", kiosk.English, func(t *testing.T, r *rig) { toDateStep(r, kiosk.English, "2026-01-15", false) }, []rigOption{largeText()}, true},
		// A television: the 10-foot theme in its safe area, the focus
		// shown by a ring and an underline.
		{"tv_attract", kiosk.Persian, func(*testing.T, *rig) {}, []rigOption{tvMode()}, false},
		{"tv_services_fa", kiosk.Persian, func(t *testing.T, r *rig) {
			r.toServices(kiosk.Persian)
			r.press(fyne.KeyLeft)
		}, []rigOption{tvMode()}, false},
		{"tv_form_keyboard_fa", kiosk.Persian, func(t *testing.T, r *rig) {
			r.toServices(kiosk.Persian)
			emp, _ := kiosk.DefaultCatalogue().Service("employment")
			r.choose(emp.Name.In(kiosk.Persian))
			r.press(fyne.KeyReturn, fyne.KeyReturn)
			r.keyIn("علی")
		}, []rigOption{tvMode()}, false},
		{"tv_receipt_en", kiosk.English, func(t *testing.T, r *rig) {
			r.toServices(kiosk.English)
			pol, _ := kiosk.DefaultCatalogue().Service("police")
			r.choose(pol.Name.In(kiosk.English))
			r.press(fyne.KeyReturn)
			walkToReceipt(t, r)
		}, []rigOption{tvMode()}, false},
		// The Gregorian date picker of an English session, offering only
		// the next two months: the months and days outside them disabled.
		{"tv_form_date_en", kiosk.English, func(t *testing.T, r *rig) {
			r.startIn(kiosk.English)
			r.open("health")
			test.Tap(r.field("national_code"))
			r.pressKeys("0013542419")
			r.tap(r.choice("insurance", "salamat"))
			r.tapMsg("nav.next")
			r.tap(r.choice("service_kind", "appointment"))
			r.tapMsg("nav.next")
			r.tap(r.choice("specialty", "pediatrics"))
			r.pickDate("preferred_date", "2025-10-02")
			walk(r.w.Canvas().Content(), func(o fyne.CanvasObject) bool {
				if sc, ok := o.(*widgets.TouchScroll); ok {
					sc.ScrollToBottom()
				}
				return true
			})
		}, []rigOption{tvMode()}, false},
		// A refused Continue: the error summary at the top of the step,
		// each problem a link to its field, named in its message.
		{"form_summary_en", kiosk.English, refuseApplicant(kiosk.English), nil, false},
		{"form_summary_fa", kiosk.Persian, refuseApplicant(kiosk.Persian), nil, false},
		{"form_summary_large_en", kiosk.English, refuseApplicant(kiosk.English), []rigOption{largeText()}, true},
		{"form_summary_large_fa", kiosk.Persian, refuseApplicant(kiosk.Persian), []rigOption{largeText()}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, tc.opts...)
			if tc.small {
				r.w.SetPadded(false) // as cmd/kiosk shows it
				r.w.Resize(kioskWindow)
			}
			tc.drive(t, r)
			test.AssertImageMatches(t, "screens/"+tc.name+".png", r.w.Canvas().Capture())
		})
	}
}

// refuseApplicant opens the birth certificate's applicant step in l and
// presses Continue with a short national code and no mobile number.
func refuseApplicant(l kiosk.Lang) func(*testing.T, *rig) {
	return func(t *testing.T, r *rig) {
		r.startIn(l)
		r.open("birth-marriage-certificate")
		r.tap(r.choice("kind", "birth"))
		r.tapMsg("nav.next")
		r.pressKeys(kiosk.LocalizeDigits(l, "0499"))
		r.tapMsg("nav.next")
	}
}

// TestNationalityPickerGolden: the traveller's first step, letters typed
// and a country chosen, in Persian (names and order in Persian, right to
// left) and English. It runs after TestScreensGolden: a text drawn here
// first is drawn a few pixels differently there.
func TestNationalityPickerGolden(t *testing.T) {
	pinFonts(t)
	tests := []struct {
		name   string
		lang   kiosk.Lang
		typed  string
		choose string
	}{
		{"nationality_fa", kiosk.Persian, "عر", "عراق"},
		{"nationality_en", kiosk.English, "new", "New Zealand"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t)
			openAsTraveller(r, tc.lang)
			r.pressKeys("X1234567")
			test.Tap(r.field("nationality"))
			r.pressKeys(tc.typed)
			r.tap(tc.choose)
			test.AssertImageMatches(t, "screens/"+tc.name+".png", r.w.Canvas().Capture())
		})
	}
}

// toDateStep opens the health service's appointment step in l, on a day
// when the two months it offers span two years of l's calendar (6 March
// 2026, 15 Esfand 1404, in Persian; 6 December 2025 in English), and
// picks date (as pickDate takes it) on its date picker, then scrolls the
// step to the picker's top (its years and months) or to its end (its
// days).
func toDateStep(r *rig, l kiosk.Lang, date string, top bool) {
	days := map[kiosk.Lang]int{kiosk.Persian: 215, kiosk.English: 125}[l]
	r.clock.Add(time.Duration(days) * 24 * time.Hour)
	r.startIn(l)
	r.open("health")
	r.pressKeys(kiosk.LocalizeDigits(l, "0013542419"))
	r.tap(r.choice("insurance", "salamat"))
	r.tapMsg("nav.next")
	r.tap(r.choice("service_kind", "appointment"))
	r.tapMsg("nav.next")
	r.tap(r.choice("specialty", "pediatrics"))
	r.pickDate("preferred_date", date)
	d := r.picker()
	walkAt(r.w.Canvas().Content(), fyne.NewPos(0, 0), func(o fyne.CanvasObject, _ fyne.Position) {
		sc, ok := o.(*widgets.TouchScroll)
		if !ok || !widgets.Contains(sc, d) {
			return
		}
		if !top {
			sc.ScrollToBottom()
			return
		}
		var at fyne.Position
		walkAt(sc.Content, fyne.NewPos(0, 0), func(o fyne.CanvasObject, pos fyne.Position) {
			if o == d {
				at = pos
			}
		})
		sc.ScrollToOffset(fyne.NewPos(0, at.Y-theme.Padding()))
	})
}
