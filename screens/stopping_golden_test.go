package screens_test

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/kiosk"
)

// TestEndingScreensGolden compares the ends of the citizen's path with
// images checked by eye, at normal and large text, in both languages and
// both modes: the question before a cancel, the survey after it, the
// confirmation page and the satisfaction survey. Large text is drawn on
// the 1280×800 window cmd/kiosk opens (its smallest screen).
func TestEndingScreensGolden(t *testing.T) {
	pinFonts(t)
	toCancelQuestion := func(t *testing.T, r *rig) {
		r.open("employment")
		r.pressKeys(map[kiosk.Lang]string{kiosk.Persian: "علی", kiosk.English: "sara"}[r.sess.State().Lang])
		r.tapMsg("nav.cancel")
	}
	toCancelSurvey := func(t *testing.T, r *rig) {
		toCancelQuestion(t, r)
		r.tapMsg("cancel.ask.stop")
		r.stage(kiosk.StageCancelSurvey)
		r.tapMsg("stop.reason.too-long")
	}
	toSurvey := func(t *testing.T, r *rig) {
		r.open("police")
		walkToReceipt(t, r)
		r.tapMsg("receipt.done")
		r.stage(kiosk.StageSurvey)
	}
	toReceipt := func(t *testing.T, r *rig) {
		r.open("police")
		walkToReceipt(t, r)
	}
	cases := []struct {
		name  string
		lang  kiosk.Lang
		drive func(t *testing.T, r *rig)
		opts  []rigOption
		small bool
	}{
		{"cancel_question_fa", kiosk.Persian, toCancelQuestion, nil, false},
		{"cancel_question_large_en", kiosk.English, toCancelQuestion, []rigOption{largeText()}, true},
		{"cancel_survey_en", kiosk.English, toCancelSurvey, nil, false},
		{"cancel_survey_large_fa", kiosk.Persian, toCancelSurvey, []rigOption{largeText()}, true},
		{"survey_en", kiosk.English, toSurvey, nil, false},
		{"survey_large_fa", kiosk.Persian, toSurvey, []rigOption{largeText()}, true},
		{"receipt_small_en", kiosk.English, toReceipt, nil, true},
		{"receipt_large_en", kiosk.English, toReceipt, []rigOption{largeText()}, true},
		{"receipt_nopaper_large_fa", kiosk.Persian, toReceipt, []rigOption{largeText(), withoutPrinter()}, true},
		{"tv_cancel_survey_large_fa", kiosk.Persian, toCancelSurvey, []rigOption{tvMode(), largeText()}, false},
		{"tv_receipt_large_fa", kiosk.Persian, toReceipt, []rigOption{tvMode(), largeText()}, false},
		{"tv_survey_large_en", kiosk.English, toSurvey, []rigOption{tvMode(), largeText()}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// Glyphs rasterized by earlier tests are drawn a little
			// differently: every image starts from an empty cache, so it
			// is the same whatever ran before.
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
