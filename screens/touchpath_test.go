package screens_test

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// TestCitizenPathKioskByTapsOnly registers a birth in Persian on the
// touch kiosk with taps alone, as a citizen without a keyboard does: the
// child's names on the on-screen Persian keyboard (with its half-space
// key), every national code and the mobile number on the keypad, the
// birth date on the date picker; then review, consent, the printed
// receipt, the survey and the thanks. No focus ring appears on a button
// at any point.
func TestCitizenPathKioskByTapsOnly(t *testing.T) {
	r := newRig(t)
	fa := func(key string) string { return kiosk.Msg(kiosk.Persian, key) }
	noRing := func(where string) {
		t.Helper()
		if b, ok := r.w.Canvas().Focused().(*widgets.Button); ok {
			t.Errorf("%s: button %q shows the focus in a touch session", where, b.Label)
		}
	}
	test.TapCanvas(r.w.Canvas(), fyne.NewPos(windowSize.Width/2, windowSize.Height/2))
	r.stage(kiosk.StageLanguage)
	r.tap(fa("language.fa"))
	r.stage(kiosk.StageServices)
	noRing("services")
	svc, _ := kiosk.DefaultCatalogue().Service("birth-marriage-certificate")
	r.tap(svc.Name.In(kiosk.Persian))
	r.stage(kiosk.StageIntro)
	r.tapMsg("intro.start")

	// Kind of certificate.
	r.stage(kiosk.StageForm)
	noRing("step 1")
	r.tap(r.choice("kind", "birth"))
	r.tapMsg("nav.next")

	// Applicant: national code and mobile on the keypad, in Persian digits.
	r.stage(kiosk.StageForm)
	test.Tap(r.field("national_code"))
	r.pressKeys("۰۰۱۳۵۴۲۴۱۹")
	r.tapMsg("keyboard.done") // on to the mobile number
	r.pressKeys("۰۹۳۵۱۲۳۴۵۶۷")
	r.tapMsg("nav.next")

	// Child: names on the Persian keyboard, a choice, the date picker and
	// the hospital's name.
	r.stage(kiosk.StageForm)
	test.Tap(r.field("child_first_name"))
	r.pressKeys("مهسا")
	test.Tap(r.field("child_last_name"))
	r.pressKeys("کریم" + widgets.ZWNJ + "پور")
	r.tap(r.choice("child_gender", "girl"))
	picker := find[*screens.DatePicker](r)
	r.tapIn(picker, picker.MonthName(2))
	r.tapIn(picker, "۱۰")
	test.Tap(r.field("hospital"))
	r.pressKeys("بیمارستان مهر")
	noRing("child")
	r.tapMsg("nav.next")

	// Parents: two national codes on the keypad.
	r.stage(kiosk.StageForm)
	test.Tap(r.field("father_national_code"))
	r.pressKeys("۰۴۹۹۳۷۰۸۹۹")
	test.Tap(r.field("mother_national_code"))
	r.pressKeys("۰۰۸۴۵۷۵۹۴۸")
	r.tapMsg("nav.next")

	r.stage(kiosk.StageReview)
	noRing("review")
	for _, want := range []string{"مهسا", "کریم\u200cپور", "بیمارستان مهر", "۰۰۱۳۵۴۲۴۱۹", "۰۴۹۹۳۷۰۸۹۹", "۰۰۸۴۵۷۵۹۴۸"} {
		if !r.shows(want) {
			t.Errorf("review does not show %q", want)
		}
	}
	r.tapMsg("review.confirm")
	r.stage(kiosk.StageConsent)
	r.tapMsg("consent.submit")

	r.stage(kiosk.StageReceipt)
	subs := r.outbox.submissions()
	if len(subs) != 1 {
		t.Fatalf("%d submissions stored", len(subs))
	}
	want := map[string]string{
		"kind": "birth", "national_code": "0013542419", "mobile": "09351234567",
		"child_first_name": "مهسا", "child_last_name": "کریم\u200cپور", "child_gender": "girl",
		"birth_date": "2025-04-30", "hospital": "بیمارستان مهر",
		"father_national_code": "0499370899", "mother_national_code": "0084575948",
	}
	for k, v := range want {
		if subs[0].Answers[k] != v {
			t.Errorf("submitted %s = %q, want %q", k, subs[0].Answers[k], v)
		}
	}
	if !r.shows(kiosk.LocalizeDigits(kiosk.Persian, subs[0].TrackingCode.String())) || !r.shows(fa("receipt.printed")) {
		t.Errorf("receipt: shown %q", r.texts())
	}
	noRing("receipt")
	r.tapMsg("receipt.done")
	r.stage(kiosk.StageSurvey)
	r.tap("۴")
	r.stage(kiosk.StageThanks)
	r.tapMsg("thanks.done")
	r.stage(kiosk.StageAttract)
}
