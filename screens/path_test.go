package screens_test

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// TestCitizenPathPersianByTouch walks a whole job application in Persian
// by taps and typing: names on the on-screen Persian keyboard (with its
// half-space key), the national code on the keypad, the birth date on the
// Solar Hijri picker, the rest typed on a physical keyboard; then edits an
// answer from the review, submits, and follows the receipt, survey and
// thanks back to the attract loop.
func TestCitizenPathPersianByTouch(t *testing.T) {
	r := newRig(t)
	r.startIn(kiosk.Persian)
	r.open("employment")

	// Step 1: identity.
	st := r.stage(kiosk.StageForm)
	if st.StepNumber != 1 {
		t.Fatalf("step %d, want 1", st.StepNumber)
	}
	first := r.field("first_name")
	if !first.Active() {
		t.Fatal("the first field is not active when the step opens")
	}
	r.pressKeys("علی")
	test.Tap(r.field("last_name"))
	r.pressKeys("حسین" + widgets.ZWNJ + "زاده")
	test.Tap(r.field("national_code"))
	r.pressKeys("۰۴۹۹۳۷۰۸۹۹") // the keypad shows Persian digits
	picker := find[*screens.DatePicker](r)
	r.tapIn(picker, picker.MonthName(1))
	r.tapIn(picker, "۱")
	if got := r.sess.State().Answers; got["first_name"] != "علی" || got["last_name"] != "حسین\u200cزاده" || got["national_code"] != "0499370899" {
		t.Fatalf("answers after typing = %q", got)
	}
	if r.field("national_code").Shown() != "۰۴۹۹۳۷۰۸۹۹" {
		t.Errorf("national code shown as %q, want Persian digits", r.field("national_code").Shown())
	}
	r.tapMsg("nav.next")

	// Step 2: status. A man is asked about military service.
	r.stage(kiosk.StageForm)
	r.tap(r.choice("gender", "male"))
	r.tap(r.choice("military_status", "completed"))
	r.tapMsg("nav.next")

	// Step 3: education, typed on a physical keyboard into the focused field.
	r.stage(kiosk.StageForm)
	r.tap(r.choice("education_level", "bachelor"))
	test.Tap(r.field("field_of_study"))
	r.typeFocused("مهندسی عمران")
	r.tapMsg("nav.next")

	// Step 4: job.
	r.stage(kiosk.StageForm)
	test.Type(r.field("job_title"), "کارشناس سازه")
	test.Tap(r.field("experience_years"))
	r.pressKeys("۷")
	r.tapMsg("nav.next")

	// Step 5: contact and declaration.
	r.stage(kiosk.StageForm)
	test.Type(r.field("mobile"), "۰۹۱۲۱۲۳۴۵۶۷") // Persian digits from a physical keyboard
	test.Tap(r.field("email"))
	r.pressKeys("ali@example.ir")
	r.tapMsg("form.agree")
	r.tapMsg("nav.next")

	// Review: answers formatted for reading.
	r.stage(kiosk.StageReview)
	for _, want := range []string{"علی", "حسین\u200cزاده", "۰۴۹۹۳۷۰۸۹۹", "۱ فروردین ۱۳۸۶", r.choice("gender", "male"), r.choice("education_level", "bachelor"), "۰۹۱۲۱۲۳۴۵۶۷", "ali@example.ir"} {
		if !r.shows(want) {
			t.Errorf("review does not show %q; shown: %q", want, r.texts())
		}
	}
	// Edit the job title from the review and come back to it.
	edits := r.buttons(kiosk.Msg(kiosk.Persian, "review.edit"))
	if len(edits) < 10 {
		t.Fatalf("%d edit buttons on the review, want one per answer", len(edits))
	}
	jobTitle := 0
	for i, s := range []string{"first_name", "last_name", "national_code", "birth_date", "gender", "military_status", "education_level", "field_of_study", "job_title"} {
		if s == "job_title" {
			jobTitle = i
		}
	}
	test.Tap(edits[jobTitle])
	st = r.stage(kiosk.StageForm)
	if !st.Editing || st.Service.Steps[st.Step].ID != "job" {
		t.Fatalf("edit opened step %s (editing %t), want job", st.Service.Steps[st.Step].ID, st.Editing)
	}
	f := r.field("job_title")
	f.Clear()
	test.Type(f, "مهندس ناظر")
	r.tapMsg("nav.next")
	r.stage(kiosk.StageReview)
	if !r.shows("مهندس ناظر") {
		t.Errorf("review does not show the edited job title; shown: %q", r.texts())
	}
	r.tapMsg("review.confirm")

	// Consent and submit.
	r.stage(kiosk.StageConsent)
	r.tapMsg("consent.submit")
	st = r.stage(kiosk.StageReceipt)
	subs := r.outbox.submissions()
	if len(subs) != 1 {
		t.Fatalf("%d submissions in the outbox, want 1", len(subs))
	}
	sub := subs[0]
	want := map[string]string{
		"first_name": "علی", "last_name": "حسین\u200cزاده", "national_code": "0499370899",
		"birth_date": "2007-03-21", "gender": "male", "military_status": "completed",
		"education_level": "bachelor", "field_of_study": "مهندسی عمران", "job_title": "مهندس ناظر",
		"experience_years": "7", "mobile": "09121234567", "email": "ali@example.ir", "declaration": "yes",
	}
	for k, v := range want {
		if sub.Answers[k] != v {
			t.Errorf("submitted %s = %q, want %q", k, sub.Answers[k], v)
		}
	}
	if sub.ServiceCode != "employment" || sub.Lang != kiosk.Persian {
		t.Errorf("submission service %s lang %s", sub.ServiceCode, sub.Lang)
	}

	// Receipt: the tracking code, grouped, in Persian digits; printed.
	code := kiosk.LocalizeDigits(kiosk.Persian, sub.TrackingCode.String())
	if !r.shows(code) {
		t.Errorf("receipt does not show tracking code %q; shown: %q", code, r.texts())
	}
	if st.Receipt.TrackingCode != sub.TrackingCode {
		t.Errorf("receipt code %s, submission code %s", st.Receipt.TrackingCode, sub.TrackingCode)
	}
	if !r.shows(kiosk.Msg(kiosk.Persian, "receipt.printed")) {
		t.Errorf("receipt does not say it was printed; shown: %q", r.texts())
	}
	r.tapMsg("receipt.done")

	// Survey: one tap.
	r.stage(kiosk.StageSurvey)
	r.tap("۵")
	r.stage(kiosk.StageThanks)
	r.tapMsg("thanks.done")
	r.stage(kiosk.StageAttract)
	for _, s := range []string{"علی", "0499370899", "۰۴۹۹۳۷۰۸۹۹"} {
		if r.showsContaining(s) {
			t.Errorf("%q still on screen after the session ended", s)
		}
	}
}
