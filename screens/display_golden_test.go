package screens_test

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/kiosk"
)

// TestDisplayGolden compares with images checked by eye the display
// panel, and the error summary, the confirmation page and the
// satisfaction survey at each of the four text sizes (on the 1280×800
// window cmd/kiosk opens, its smallest screen, and on a television at
// the largest size). Each image starts from an empty glyph cache, so it
// is the same whatever ran before.
func TestDisplayGolden(t *testing.T) {
	pinFonts(t)
	toPanel := func(t *testing.T, r *rig) { r.tapMsg("display.open") }
	toReceipt := func(t *testing.T, r *rig) {
		r.open("police")
		walkToReceipt(t, r)
	}
	toSurvey := func(t *testing.T, r *rig) {
		toReceipt(t, r)
		r.tapMsg("receipt.done")
		r.stage(kiosk.StageSurvey)
	}
	toSummary := func(t *testing.T, r *rig) {
		l := r.sess.State().Lang
		r.open("birth-marriage-certificate")
		r.tap(r.choice("kind", "birth"))
		r.tapMsg("nav.next")
		r.pressKeys(kiosk.LocalizeDigits(l, "0499"))
		r.tapMsg("nav.next")
	}
	type golden struct {
		name  string
		lang  kiosk.Lang
		drive func(t *testing.T, r *rig)
		opts  []rigOption
		small bool
	}
	cases := []golden{
		{"display_fa", kiosk.Persian, toPanel, nil, true},
		{"display_largest_contrast_light_en", kiosk.English, toPanel, []rigOption{display(kiosk.TextLargest, kiosk.ThemeContrastLight)}, true},
		{"tv_display_en", kiosk.English, toPanel, []rigOption{tvMode()}, false},
	}
	langs := []kiosk.Lang{kiosk.Persian, kiosk.English}
	for i, size := range kiosk.TextSizes {
		opts := []rigOption{display(size, kiosk.ThemeDefault)}
		cases = append(cases,
			golden{fmt.Sprintf("size_%s_summary_%s", size, langs[i%2]), langs[i%2], toSummary, opts, true},
			golden{fmt.Sprintf("size_%s_receipt_%s", size, langs[(i+1)%2]), langs[(i+1)%2], toReceipt, opts, true},
			golden{fmt.Sprintf("size_%s_survey_%s", size, langs[i%2]), langs[i%2], toSurvey, opts, true},
		)
	}
	largestTV := []rigOption{tvMode(), display(kiosk.TextLargest, kiosk.ThemeDefault)}
	cases = append(cases,
		golden{"tv_size_largest_summary_fa", kiosk.Persian, toSummary, largestTV, false},
		golden{"tv_size_largest_receipt_en", kiosk.English, toReceipt, largestTV, false},
		golden{"tv_size_largest_survey_fa", kiosk.Persian, toSurvey, largestTV, false},
	)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			testFonts().ClearCache()
			r := newRig(t, tc.opts...)
			if tc.small {
				r.w.SetPadded(false) // as cmd/kiosk shows it
				r.w.Resize(kioskWindow)
			}
			r.startIn(tc.lang)
			tc.drive(t, r)
			r.w.Content().Refresh()
			test.AssertImageMatches(t, "screens/"+tc.name+".png", r.w.Canvas().Capture())
		})
	}
}
