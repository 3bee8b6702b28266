package screens_test

import (
	"testing"

	"fyne.io/fyne/v2"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// TestCitizenPathTVByKeysOnly walks a whole job application in Persian on
// a television with the remote's keys alone: arrows, OK, Back, digits and
// the green key. Names are typed on the on-screen Persian keyboard by
// moving to each key, the national code, experience and mobile number
// with the digit keys, the birth date on the date picker; Back returns a
// step and the answers are still there. The receipt shows the tracking
// code and a QR code instead of printing, and the survey and thanks lead
// back to the attract loop.
func TestCitizenPathTVByKeysOnly(t *testing.T) {
	r := newRig(t, tvMode())
	fa := func(key string) string { return kiosk.Msg(kiosk.Persian, key) }

	// Attract: the focus is on start; OK starts.
	r.stage(kiosk.StageAttract)
	r.wantFocus(fa("attract.start"))
	r.press(fyne.KeyReturn)

	// Language: the focus is on the default language.
	r.stage(kiosk.StageLanguage)
	r.wantFocus(fa("language.fa"))
	r.press(fyne.KeyReturn)

	// Services: the focus starts on the first tile.
	r.stage(kiosk.StageServices)
	svcs := r.sess.Services()
	r.wantFocus(svcs[0].Name.In(kiosk.Persian))
	emp, _ := kiosk.DefaultCatalogue().Service("employment")
	r.choose(emp.Name.In(kiosk.Persian))

	r.stage(kiosk.StageIntro)
	r.wantFocus(fa("intro.start"))
	r.press(fyne.KeyReturn)

	// Step 1: the first name is focused and active.
	r.stage(kiosk.StageForm)
	if f := r.field("first_name"); r.focused() != f || !f.Active() {
		t.Fatalf("step 1 opens with %s, want the first name", r.describeFocus())
	}
	r.press(fyne.KeyReturn) // OK opens the keyboard
	if _, ok := r.focused().(*widgets.Button); !ok {
		t.Fatalf("OK on the name field: %s, want a key", r.describeFocus())
	}
	r.keyIn("علی")
	r.chooseMsg("keyboard.done") // on to the next field
	if r.focused() != r.field("last_name") {
		t.Fatalf("done on the keyboard moved the focus to %s, want the last name", r.describeFocus())
	}
	r.press(fyne.KeyReturn)
	r.keyIn("حسین" + widgets.ZWNJ + "زاده")
	r.chooseMsg("keyboard.done")
	if r.focused() != r.field("national_code") {
		t.Fatalf("after the last name: %s, want the national code", r.describeFocus())
	}
	r.typeDigits("0499370899") // the remote's digit keys, into the focused field
	picker := find[*screens.DatePicker](r)
	r.arrowTo(r.buttonIn(picker, picker.MonthName(1)))
	r.press(fyne.KeyReturn)
	r.arrowTo(r.buttonIn(picker, "۱"))
	r.press(fyne.KeyReturn)
	if got := r.sess.State().Answers; got["first_name"] != "علی" || got["last_name"] != "حسین\u200cزاده" || got["national_code"] != "0499370899" || got["birth_date"] == "" {
		t.Fatalf("answers after step 1 = %q", got)
	}
	r.press(fyne.KeyF2) // green: next

	// Step 2: choosing a man brings the military service question; the
	// focus stays on the choice while the step is rebuilt.
	st := r.stage(kiosk.StageForm)
	if st.StepNumber != 2 {
		t.Fatalf("step %d after green, want 2", st.StepNumber)
	}
	r.choose(r.choice("gender", "male"))
	r.wantFocus(r.choice("gender", "male"))
	r.choose(r.choice("military_status", "completed"))
	// Back returns to step 1 with everything kept; green comes back.
	r.press(fyne.KeyEscape)
	st = r.stage(kiosk.StageForm)
	if st.StepNumber != 1 || r.field("national_code").Value() != "0499370899" {
		t.Fatalf("Back: step %d, national code %q", st.StepNumber, r.field("national_code").Value())
	}
	r.press(fyne.KeyF2)
	if st := r.stage(kiosk.StageForm); st.StepNumber != 2 || st.Answers["military_status"] != "completed" {
		t.Fatalf("forward again: step %d, answers %q", st.StepNumber, st.Answers)
	}
	r.press(fyne.KeyF2)

	// Step 3: education, a choice then a text on the keyboard.
	r.stage(kiosk.StageForm)
	r.choose(r.choice("education_level", "bachelor"))
	r.arrowTo(r.field("field_of_study"))
	if !r.field("field_of_study").Active() {
		t.Fatal("a field reached with the arrows is not the active one")
	}
	r.press(fyne.KeyReturn)
	r.keyIn("عمران")
	r.chooseMsg("keyboard.done") // the last typed field: on to the next step

	// Step 4: job title on the keyboard, experience with digit keys while
	// the focus is on the keypad.
	st = r.stage(kiosk.StageForm)
	if st.StepNumber != 4 {
		t.Fatalf("step %d, want 4", st.StepNumber)
	}
	r.press(fyne.KeyReturn)
	r.keyIn("مهندس")
	r.chooseMsg("keyboard.done")
	if r.focused() != r.field("experience_years") {
		t.Fatalf("after the job title: %s", r.describeFocus())
	}
	r.press(fyne.KeyLeft) // into the keypad beside the field, at the end edge: left in Persian
	if b, ok := r.focused().(*widgets.Button); !ok || !widgets.Contains(find[*widgets.Keypad](r), b) {
		t.Fatalf("left of the experience field: %s, want a key of the keypad", r.describeFocus())
	}
	r.typeDigits("12")
	r.press(fyne.KeyBackspace) // on the keypad, Backspace deletes
	if got := r.field("experience_years").Value(); got != "1" {
		t.Fatalf("experience after 1, 2, Backspace = %q", got)
	}
	r.press(fyne.KeyF2)

	// Step 5: mobile by digits, consent with OK.
	r.stage(kiosk.StageForm)
	r.typeDigits("09121234567")
	r.chooseMsg("form.agree")
	r.press(fyne.KeyF2)

	// Review: the focus is on confirm.
	r.stage(kiosk.StageReview)
	r.wantFocus(fa("review.confirm"))
	for _, want := range []string{"علی", "حسین\u200cزاده", "۰۴۹۹۳۷۰۸۹۹", "عمران", "مهندس", "۰۹۱۲۱۲۳۴۵۶۷"} {
		if !r.shows(want) {
			t.Errorf("review does not show %q", want)
		}
	}
	r.press(fyne.KeyReturn)
	r.stage(kiosk.StageConsent)
	r.wantFocus(fa("consent.submit"))
	r.press(fyne.KeyReturn)

	// Receipt: no printer on a television, and no status page: the code
	// to note down.
	r.stage(kiosk.StageReceipt)
	subs := r.outbox.submissions()
	if len(subs) != 1 {
		t.Fatalf("%d submissions stored", len(subs))
	}
	want := map[string]string{"first_name": "علی", "last_name": "حسین\u200cزاده", "national_code": "0499370899",
		"birth_date": "2007-03-21", "gender": "male", "military_status": "completed", "education_level": "bachelor",
		"field_of_study": "عمران", "job_title": "مهندس", "experience_years": "1", "mobile": "09121234567", "declaration": "yes"}
	for k, v := range want {
		if subs[0].Answers[k] != v {
			t.Errorf("submitted %s = %q, want %q", k, subs[0].Answers[k], v)
		}
	}
	if code := kiosk.LocalizeDigits(kiosk.Persian, subs[0].TrackingCode.String()); !r.shows(code) {
		t.Errorf("receipt does not show %q", code)
	}
	if !r.shows(fa("receipt.no_printer")) {
		t.Errorf("receipt does not ask to note the code; shown %q", r.texts())
	}
	if len(r.printer.printed) != 0 {
		t.Error("a television printed a receipt")
	}
	r.wantFocus(fa("receipt.done"))
	r.press(fyne.KeyReturn)

	// Survey: the focus starts in the middle of the scale.
	r.stage(kiosk.StageSurvey)
	r.wantFocus("۳")
	r.press(fyne.KeyLeft) // visually left: towards ۴ in a right-to-left row
	r.wantFocus("۴")
	r.press(fyne.KeyReturn)
	r.stage(kiosk.StageThanks)
	r.wantFocus(fa("thanks.done"))
	r.press(fyne.KeyReturn)
	r.stage(kiosk.StageAttract)
	r.wantFocus(fa("attract.start"))
}
