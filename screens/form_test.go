package screens_test

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// TestConditionalFieldAppearsAndKeepsTyping chooses a legal taxpayer,
// which brings the company ID field onto the step, and checks that what
// was typed stays and the active field keeps the keyboard.
func TestConditionalFieldAppearsAndKeepsTyping(t *testing.T) {
	r := newRig(t)
	r.startIn(kiosk.English)
	r.open("tax")
	// The default taxpayer type is shown chosen before any tap.
	individual := r.button(r.choice("taxpayer_type", "individual"))
	if !individual.Selected {
		t.Error("the default choice is not shown chosen")
	}
	test.Tap(r.field("national_code"))
	r.pressKeys("04993")
	r.tap(r.choice("taxpayer_type", "legal"))
	company := r.field("company_id")
	if company.Value() != "" {
		t.Errorf("new company ID field holds %q", company.Value())
	}
	nc := r.field("national_code")
	if nc.Value() != "04993" || !nc.Active() {
		t.Fatalf("national code after the step grew: value %q, active %t", nc.Value(), nc.Active())
	}
	r.pressKeys("70899")
	if got := r.sess.State().Answers["national_code"]; got != "0499370899" {
		t.Errorf("national code answer %q", got)
	}
	// The company ID is typed on the keypad: it is digits only.
	test.Tap(company)
	if _, ok := r.pad().(*widgets.Keypad); !ok {
		t.Errorf("company ID is entered with %T, want the keypad", r.pad())
	}
	r.tap(r.choice("taxpayer_type", "individual"))
	for _, f := range visibleIDs(r) {
		if f == "company_id" {
			t.Error("company ID still shown for an individual")
		}
	}
}

func visibleIDs(r *rig) []string {
	st := r.sess.State()
	var out []string
	for _, f := range st.Service.Steps[st.Step].Fields {
		if f.When.Holds(st.Answers) {
			out = append(out, f.ID)
		}
	}
	return out
}

// TestSubmitFailureKeepsCitizenOnConsent makes the outbox refuse the
// submission and checks the citizen is told why, in their language, and
// can submit again.
func TestSubmitFailureKeepsCitizenOnConsent(t *testing.T) {
	for _, l := range kiosk.Languages {
		t.Run(string(l), func(t *testing.T) {
			r := newRig(t)
			r.outbox.EnqueueFunc = func(kiosk.Submission) error { return kiosk.ErrStorageFull }
			r.startIn(l)
			r.open("police")
			r.pressKeys(kiosk.LocalizeDigits(l, "0013542419"))
			r.tapMsg("keyboard.done")
			r.pressKeys(kiosk.LocalizeDigits(l, "09351234567"))
			r.tapMsg("nav.next")
			r.tap(r.choice("kind", "clearance"))
			r.tapMsg("nav.next")
			r.typeFocused("Reza")
			r.tap(r.choice("clearance_purpose", "emigration"))
			r.tapMsg("form.agree")
			r.tapMsg("nav.next")
			r.tapMsg("review.confirm")
			r.tapMsg("consent.submit")
			r.stage(kiosk.StageConsent)
			if !r.shows(kiosk.Msg(l, "error.storage_full")) {
				t.Fatalf("failure not explained; shown: %q", r.texts())
			}
			r.outbox.EnqueueFunc = nil
			r.tapMsg("consent.submit")
			r.stage(kiosk.StageReceipt)
			if n := len(r.outbox.submissions()); n != 1 {
				t.Errorf("%d submissions stored", n)
			}
		})
	}
}

// TestAccessibilityOptionsLastOneSession chooses the dark high-contrast
// theme and the largest text on the service grid's display panel and
// checks they apply at once and are gone for the next citizen.
func TestAccessibilityOptionsLastOneSession(t *testing.T) {
	r := newRig(t)
	normalBG := theme.Color(theme.ColorNameBackground)
	normalText := theme.Size(theme.SizeNameText)
	r.startIn(kiosk.Persian)
	r.tapMsg("display.open")
	r.tapSize(kiosk.Persian, kiosk.TextLargest)
	r.tapMsg("display.theme.contrast-dark")
	if theme.Color(theme.ColorNameBackground) == normalBG {
		t.Error("high contrast did not change the background")
	}
	if theme.Size(theme.SizeNameText) <= normalText {
		t.Error("large text did not enlarge the text")
	}
	if !r.button(kiosk.Msg(kiosk.Persian, "display.theme.contrast-dark")).Selected {
		t.Error("the theme chosen is not shown selected")
	}
	for _, b := range r.buttons(kiosk.Msg(kiosk.Persian, "display.size.sample")) {
		if want := b.Detail == kiosk.Msg(kiosk.Persian, "display.size.largest"); b.Selected != want {
			t.Errorf("text size %q selected %v, want %v", b.Detail, b.Selected, want)
		}
	}
	r.tapMsg("display.done")
	if !r.button(kiosk.Msg(kiosk.Persian, "display.open")).Selected {
		t.Error("the display button does not show that a choice is made")
	}
	// The options hold through the session...
	r.open("library")
	if theme.Size(theme.SizeNameText) <= normalText {
		t.Error("large text was lost on the form")
	}
	// ...while the citizen is asked why they cancelled...
	r.tapMsg("nav.cancel")
	r.stage(kiosk.StageCancelSurvey)
	if theme.Size(theme.SizeNameText) <= normalText {
		t.Error("large text was lost on the survey after a cancel")
	}
	// ...and end with it.
	r.tapMsg("survey.skip")
	r.tapMsg("thanks.done")
	r.stage(kiosk.StageAttract)
	if theme.Color(theme.ColorNameBackground) != normalBG || theme.Size(theme.SizeNameText) != normalText {
		t.Error("the next citizen inherits the accessibility options")
	}
}
