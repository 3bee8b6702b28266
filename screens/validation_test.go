package screens_test

import (
	"testing"

	"github.com/pishkhan/pishkhan/kiosk"
)

// TestRefusedAnswerKeepsCitizenOnStep types a bad national code or mobile
// number on the keypad and checks that the refusal is shown under the
// field in the session's language and that Next does not move on.
func TestRefusedAnswerKeepsCitizenOnStep(t *testing.T) {
	cases := []struct {
		name     string
		lang     kiosk.Lang
		national string
		mobile   string
		refused  string // the field refused
		key      string // its message
	}{
		{"bad national code in Persian", kiosk.Persian, "0499370898", "09121234567", "national_code", "error.national_code"},
		{"bad national code in English", kiosk.English, "0499370898", "09121234567", "national_code", "error.national_code"},
		{"bad mobile in Persian", kiosk.Persian, "0499370899", "0912123456", "mobile", "error.mobile"},
		{"bad mobile in English", kiosk.English, "0499370899", "08121234567", "mobile", "error.mobile"},
		{"all identical digits in Persian", kiosk.Persian, "1111111111", "09121234567", "national_code", "error.national_code"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t)
			r.startIn(tc.lang)
			r.open("library")
			r.pressKeys(kiosk.LocalizeDigits(tc.lang, tc.national)) // the national code is active first
			r.tapMsg("keyboard.done")                               // done moves on to the mobile number
			if !r.field("mobile").Active() {
				t.Fatal("done on the keypad did not move to the mobile number")
			}
			r.pressKeys(kiosk.LocalizeDigits(tc.lang, tc.mobile))
			r.tapMsg("nav.next")

			st := r.stage(kiosk.StageForm)
			if st.StepNumber != 1 {
				t.Fatalf("moved on to step %d", st.StepNumber)
			}
			e := st.Errors[tc.refused]
			if e == nil || e.Key != tc.key {
				t.Fatalf("refusal of %s: %v, want %s", tc.refused, e, tc.key)
			}
			want := e.Message(tc.lang)
			// Once in the summary at the top of the step, once under the
			// field; the summary's entry leads to the field.
			if n := r.count(want); n != 2 || !r.shows(kiosk.Msg(tc.lang, "form.error_summary")) {
				t.Fatalf("refusal %q shown %d times, want in the summary and under the field; shown: %q", want, n, r.texts())
			}
			if r.shows(e.Message(other(tc.lang))) {
				t.Errorf("refusal also shown in %s", other(tc.lang))
			}
			r.tapProblem(want)
			if !r.field(tc.refused).Active() {
				t.Errorf("the summary's entry did not make the refused field %s the active one", tc.refused)
			}
			if got := r.field(tc.refused).Value(); got != tc.national && got != tc.mobile {
				t.Errorf("the refused answer was lost: field holds %q", got)
			}

			// Correcting the answer takes the citizen on.
			r.tapMsg("keyboard.clear")
			good := map[string]string{"national_code": "0499370899", "mobile": "09121234567"}[tc.refused]
			r.pressKeys(kiosk.LocalizeDigits(tc.lang, good))
			if n := r.count(want); n != 1 {
				t.Errorf("refusal shown %d times after the answer was changed, want only in the summary until the next Continue", n)
			}
			r.tapMsg("nav.next")
			if st := r.stage(kiosk.StageForm); st.StepNumber != 2 {
				t.Errorf("after correcting, step %d, want 2", st.StepNumber)
			}
		})
	}
}

func other(l kiosk.Lang) kiosk.Lang {
	if l == kiosk.English {
		return kiosk.Persian
	}
	return kiosk.English
}
