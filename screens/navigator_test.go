package screens_test

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// toServices goes from the attract loop to the service grid in l with
// keys only.
func (r *rig) toServices(l kiosk.Lang) {
	r.t.Helper()
	r.press(fyne.KeyReturn)
	r.stage(kiosk.StageLanguage)
	r.choose(kiosk.Msg(l, "language."+string(l)))
	r.stage(kiosk.StageServices)
}

// TestArrowsAreVisualInBothLanguages checks that an arrow moves the focus
// the way it points on the screen: in a Persian screen, which is
// mirrored, Left goes to the next tile and to Start; in English Right
// does.
func TestArrowsAreVisualInBothLanguages(t *testing.T) {
	cases := []struct {
		lang          kiosk.Lang
		onward, backw fyne.KeyName
	}{
		{kiosk.Persian, fyne.KeyLeft, fyne.KeyRight},
		{kiosk.English, fyne.KeyRight, fyne.KeyLeft},
	}
	for _, tc := range cases {
		t.Run(string(tc.lang), func(t *testing.T) {
			r := newRig(t, tvMode())
			r.toServices(tc.lang)
			svcs := r.sess.Services()
			name := func(i int) string { return svcs[i].Name.In(tc.lang) }
			r.wantFocus(name(0))
			r.press(tc.backw) // nothing before the first tile
			r.wantFocus(name(0))
			r.press(tc.onward)
			r.wantFocus(name(1))
			r.press(fyne.KeyDown)
			r.wantFocus(name(4)) // three tiles to a row
			r.press(fyne.KeyUp, tc.backw)
			r.wantFocus(name(0))

			r.press(fyne.KeyReturn)
			r.stage(kiosk.StageIntro)
			back, start := kiosk.Msg(tc.lang, "nav.back"), kiosk.Msg(tc.lang, "intro.start")
			r.wantFocus(start)
			r.press(tc.backw)
			r.wantFocus(back)
			r.press(tc.onward)
			r.wantFocus(start)
		})
	}
}

// TestBackKeys checks what Escape and Backspace (a remote's Back) do
// depending on where the focus is.
func TestBackKeys(t *testing.T) {
	cases := []struct {
		name      string
		setup     func(r *rig) // from the library's first step, national code focused
		key       fyne.KeyName
		wantStage kiosk.Stage
		wantCode  string
	}{
		{"escape in a field goes back a step", nil, fyne.KeyEscape, kiosk.StageIntro, "049"},
		{"backspace in a field deletes", nil, fyne.KeyBackspace, kiosk.StageForm, "04"},
		{"backspace on the keypad deletes", func(r *rig) { r.press(fyne.KeyLeft) }, fyne.KeyBackspace, kiosk.StageForm, "04"},
		{"backspace on a button goes back", func(r *rig) { r.arrowTo(r.button(kiosk.Msg(kiosk.Persian, "nav.next"))) }, fyne.KeyBackspace, kiosk.StageIntro, "049"},
		{"escape on the keypad goes back", func(r *rig) { r.press(fyne.KeyLeft) }, fyne.KeyEscape, kiosk.StageIntro, "049"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, tvMode())
			r.toServices(kiosk.Persian)
			lib, _ := kiosk.DefaultCatalogue().Service("library")
			r.choose(lib.Name.In(kiosk.Persian))
			r.press(fyne.KeyReturn)
			r.stage(kiosk.StageForm)
			r.typeDigits("049")
			if tc.setup != nil {
				tc.setup(r)
			}
			r.press(tc.key)
			st := r.stage(tc.wantStage)
			if st.Answers["national_code"] != tc.wantCode && tc.wantStage == kiosk.StageForm {
				t.Errorf("national code %q, want %q", st.Answers["national_code"], tc.wantCode)
			}
		})
	}
	t.Run("back on the attract loop does nothing", func(t *testing.T) {
		r := newRig(t, tvMode())
		r.press(fyne.KeyEscape, fyne.KeyBackspace)
		r.stage(kiosk.StageAttract)
		r.wantFocus(kiosk.Msg(kiosk.Persian, "attract.start"))
	})
}

// TestColourKeys checks the remote's colour keys (F1 to F4 on a keyboard)
// and the discs that show them on a television.
func TestColourKeys(t *testing.T) {
	t.Run("red cancels the session, asked first", func(t *testing.T) {
		r := newRig(t, tvMode())
		r.toServices(kiosk.English)
		r.press(fyne.KeyReturn, fyne.KeyReturn)
		r.typeDigits("0499")
		r.press(fyne.KeyF1) // asks
		if st := r.stage(kiosk.StageForm); st.Answers["national_code"] != "0499" {
			t.Fatalf("the question lost the answer: %q", st.Answers["national_code"])
		}
		r.wantFocus(kiosk.Msg(kiosk.English, "cancel.ask.keep"))
		r.press(fyne.KeyF1) // red again: yes, stop
		r.stage(kiosk.StageCancelSurvey)
		if r.showsContaining("0499") {
			t.Error("answers still shown after red")
		}
		r.press(fyne.KeyF1) // red on the survey: no, thanks
		r.stage(kiosk.StageThanks)
		r.press(fyne.KeyReturn)
		r.stage(kiosk.StageAttract)
	})
	t.Run("green confirms, and refuses what is missing", func(t *testing.T) {
		r := newRig(t, tvMode())
		r.toServices(kiosk.English)
		r.press(fyne.KeyReturn, fyne.KeyF2) // open the first service, start
		st := r.stage(kiosk.StageForm)
		r.press(fyne.KeyF2)
		if st2 := r.stage(kiosk.StageForm); st2.Step != st.Step || len(st2.Errors) == 0 {
			t.Fatalf("green on an empty step: step %d, errors %v", st2.Step, st2.Errors)
		}
	})
	t.Run("yellow and blue step through the text sizes and colour themes", func(t *testing.T) {
		r := newRig(t, tvMode())
		text, bg := theme.Size(theme.SizeNameText), theme.Color(theme.ColorNameBackground)
		r.toServices(kiosk.English)
		r.press(fyne.KeyRight)
		focused := r.focusedLabel()
		r.press(fyne.KeyF3, fyne.KeyF4)
		if theme.Size(theme.SizeNameText) <= text || theme.Color(theme.ColorNameBackground) == bg {
			t.Error("yellow and blue did not change the theme")
		}
		if r.focusedLabel() != focused {
			t.Errorf("focus moved from %s to %s when the theme changed", focused, r.focusedLabel())
		}
		for range len(screens.TextSizes) - 1 {
			r.press(fyne.KeyF3)
		}
		if theme.Size(theme.SizeNameText) != text {
			t.Errorf("yellow %d times did not come back to the standard size", len(screens.TextSizes))
		}
		for range len(screens.ColourThemes) - 1 {
			r.press(fyne.KeyF4)
		}
		if theme.Color(theme.ColorNameBackground) != bg {
			t.Errorf("blue %d times did not come back to the default theme", len(screens.ColourThemes))
		}
	})
	for _, tc := range []struct {
		name  string
		opt   []rigOption
		discs bool
	}{{"discs on a television", []rigOption{tvMode()}, true}, {"no discs on a kiosk", nil, false}} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, tc.opt...)
			r.sess.Start()
			r.sess.ChooseLanguage(kiosk.English)
			r.sess.ChooseService("library")
			want := map[string]bool{"intro.start": tc.discs, "nav.cancel": tc.discs, "nav.back": false}
			colours := map[string]any{"intro.start": widgets.KeyGreen, "nav.cancel": widgets.KeyRed}
			for key, disc := range want {
				b := r.button(kiosk.Msg(kiosk.English, key))
				if (b.Key != nil) != disc || (disc && b.Key != colours[key]) {
					t.Errorf("%s: disc %v", key, b.Key)
				}
			}
		})
	}
}

// TestDigitKeysTypeIntoTheFieldBeingAnswered checks that the remote's
// digits go into the field with the caret wherever the focus is on the
// step, that other characters do not, and that Space on a focused key
// presses it once.
func TestDigitKeysTypeIntoTheFieldBeingAnswered(t *testing.T) {
	r := newRig(t, tvMode())
	r.toServices(kiosk.English)
	lib, _ := kiosk.DefaultCatalogue().Service("library")
	r.choose(lib.Name.In(kiosk.English))
	r.press(fyne.KeyReturn)
	r.stage(kiosk.StageForm)
	r.arrowTo(r.button(kiosk.Msg(kiosk.English, "nav.next")))
	r.typeDigits("04")
	r.w.Canvas().Focused().TypedRune('x')
	r.typeDigits("۹۹") // Persian digits from a Persian remote
	if got := r.sess.State().Answers["national_code"]; got != "0499" {
		t.Fatalf("typed with the focus on Next: %q, want 0499", got)
	}
	r.arrowTo(r.buttonIn(r.pad(), "3"))
	r.press(fyne.KeySpace)
	r.w.Canvas().Focused().TypedRune(' ') // the driver sends the character too
	if got := r.sess.State().Answers["national_code"]; got != "04993" {
		t.Fatalf("space on key 3: %q, want 04993", got)
	}
}

// TestPlateByRemote enters a vehicle plate with digit keys and the letter
// grid below it.
func TestPlateByRemote(t *testing.T) {
	r := newRig(t, tvMode())
	r.sess.Start()
	r.sess.ChooseLanguage(kiosk.Persian)
	r.sess.ChooseService("vehicle-plate")
	r.sess.BeginForm()
	r.sess.SetAnswer("national_code", "0499370899")
	r.sess.SetAnswer("mobile", "09121234567")
	r.sess.Next()
	r.sess.SetAnswer("reason", "damaged")
	r.sess.Next()
	r.stage(kiosk.StageForm)
	plate := find[*screens.PlateEntry](r)
	r.arrowTo(plate.Part(screens.PlateFirst))
	r.typeDigits("12")
	if r.focused() != plate.Part(screens.PlateLetter) {
		t.Fatalf("after two digits: %s, want the letter", r.describeFocus())
	}
	r.typeDigits("5") // a letter part takes no digit
	// On a television the letters stand below the plate.
	r.press(fyne.KeyDown)
	if b, ok := r.focused().(*widgets.Button); !ok || !widgets.Contains(plate.Pad(), b) {
		t.Fatalf("below the letter: %s, want a letter", r.describeFocus())
	}
	r.arrowTo(r.buttonIn(plate.Pad(), "ب"))
	r.press(fyne.KeyReturn)
	r.typeDigits("34567")
	if got := r.sess.State().Answers["current_plate"]; got != "12-ب-345-67" {
		t.Fatalf("plate %q, want 12-ب-345-67", got)
	}
}

// TestIdleWarningTakesAndGivesBackFocus checks that the idle warning
// takes the focus on "more time", that OK, Back, green or an arrow (any
// key shows the citizen is there) ends it without acting on the screen
// below, and that the focus goes back where it was.
func TestIdleWarningTakesAndGivesBackFocus(t *testing.T) {
	for _, key := range []fyne.KeyName{fyne.KeyReturn, fyne.KeyEscape, fyne.KeyF2, fyne.KeyDown} {
		t.Run(string(key), func(t *testing.T) {
			r := newRig(t, tvMode())
			r.toServices(kiosk.English)
			r.press(fyne.KeyRight)
			before := r.focusedLabel()
			r.clock.Add(61 * time.Second)
			r.ui.Tick()
			more := kiosk.Msg(kiosk.English, "idle.more_time")
			r.wantFocus(more)
			r.press(key)
			if r.shows(more) {
				t.Fatal("the warning is still shown")
			}
			r.stage(kiosk.StageServices)
			if r.focusedLabel() != before {
				t.Errorf("focus after the warning on %s, want %s", r.focusedLabel(), before)
			}
		})
	}
}

// TestKeyboardShiftKeepsFocus presses shift and the layout switch with OK
// and checks the focus stays on them though the keys are rebuilt.
func TestKeyboardShiftKeepsFocus(t *testing.T) {
	r := newRig(t, tvMode())
	r.toServices(kiosk.Persian)
	emp, _ := kiosk.DefaultCatalogue().Service("employment")
	r.choose(emp.Name.In(kiosk.Persian))
	r.press(fyne.KeyReturn)
	r.press(fyne.KeyReturn) // OK on the first name opens the keyboard
	kb := find[*widgets.Keyboard](r)
	r.arrowTo(r.buttonIn(kb, kiosk.Msg(kiosk.Persian, "keyboard.shift")))
	r.press(fyne.KeyReturn)
	if !kb.Shifted() {
		t.Fatal("shift not pressed")
	}
	r.wantFocus(kiosk.Msg(kiosk.Persian, "keyboard.shift"))
	// The layout switch, next along the bottom row: right of shift, as
	// the keyboard is not mirrored.
	r.press(fyne.KeyRight)
	r.wantFocus(kiosk.Msg(kiosk.Persian, "language.en"))
	r.press(fyne.KeyReturn)
	if kb.Layout() != widgets.LayoutEnglish {
		t.Fatal("layout not switched")
	}
	r.wantFocus(kiosk.Msg(kiosk.Persian, "language.fa"))
}

// TestTouchSessionsShowNoFocusUntilAKeyIsPressed checks that a citizen
// who only touches never sees a focus ring on a button, that the first
// arrow shows the focus on the primary action, and that screens then
// open focused until the session ends.
func TestTouchSessionsShowNoFocusUntilAKeyIsPressed(t *testing.T) {
	r := newRig(t)
	noButtonFocused := func(where string) {
		t.Helper()
		if _, ok := r.w.Canvas().Focused().(*widgets.Button); ok {
			t.Errorf("%s: %s has the focus in a touch session", where, r.focusedLabel())
		}
	}
	r.startIn(kiosk.English)
	noButtonFocused("services")
	r.open("police")
	walkToReceipt(t, r)
	noButtonFocused("receipt")
	r.tapMsg("receipt.done")
	noButtonFocused("survey")
	r.tapMsg("survey.skip")
	r.tapMsg("thanks.done")

	test.TapCanvas(r.w.Canvas(), fyne.NewPos(windowSize.Width/2, windowSize.Height/2))
	r.stage(kiosk.StageLanguage)
	noButtonFocused("language")
	r.press(fyne.KeyDown)
	r.wantFocus(kiosk.Msg(kiosk.Persian, "language.fa"))
	r.press(fyne.KeyReturn)
	r.wantFocus(r.sess.Services()[0].Name.In(kiosk.Persian))
	r.press(fyne.KeyF1)
	r.stage(kiosk.StageAttract)
	test.TapCanvas(r.w.Canvas(), fyne.NewPos(windowSize.Width/2, windowSize.Height/2))
	noButtonFocused("language of the next session")
}

// TestAttractStartsWithOKOnAKiosk checks that a keyboard's Enter starts
// a session on the touch kiosk's attract loop, which has no button.
func TestAttractStartsWithOKOnAKiosk(t *testing.T) {
	r := newRig(t)
	r.press(fyne.KeyReturn)
	r.stage(kiosk.StageLanguage)
	r.wantFocus(kiosk.Msg(kiosk.Persian, "language.fa"))
}

// TestTaxByRemoteBlind presses the fixed sequence of keys that the
// end-to-end test under Xvfb sends without seeing the screen (see
// cmd/kiosk/tv_e2e_test.go): every screen must open with the focus where
// the sequence expects it, and digits typed on a step that opens with a
// choice must start its first number field.
func TestTaxByRemoteBlind(t *testing.T) {
	r := newRig(t, tvMode())
	keys := func(names ...fyne.KeyName) { r.t.Helper(); r.press(names...) }
	keys(fyne.KeyReturn, fyne.KeyReturn, fyne.KeyReturn, fyne.KeyReturn) // start, فارسی, tax, start
	st := r.stage(kiosk.StageForm)
	r.wantFocus(r.choice("taxpayer_type", "individual"))
	r.typeDigits("0499370899")
	if r.focused() != r.field("national_code") {
		t.Fatalf("digits on a step opening with a choice: %s, want the national code", r.describeFocus())
	}
	keys(fyne.KeyReturn)
	r.typeDigits("09121234567")
	keys(fyne.KeyReturn) // the last field: on to the next step
	if st2 := r.stage(kiosk.StageForm); st2.Step == st.Step {
		t.Fatalf("still on step %d: %v", st.Step, st2.Errors)
	}
	keys(fyne.KeyReturn) // the first kind of tax
	r.typeDigits("1403")
	keys(fyne.KeyReturn)
	r.typeDigits("2500000")
	keys(fyne.KeyReturn)
	r.stage(kiosk.StageReview)
	keys(fyne.KeyReturn)
	r.stage(kiosk.StageConsent)
	keys(fyne.KeyF2)
	r.stage(kiosk.StageReceipt)
	want := map[string]string{"taxpayer_type": "individual", "national_code": "0499370899", "mobile": "09121234567",
		"tax_kind": "business-income", "tax_year": "1403", "amount": "2500000"}
	subs := r.outbox.submissions()
	if len(subs) != 1 {
		t.Fatalf("%d submissions", len(subs))
	}
	for k, v := range want {
		if subs[0].Answers[k] != v {
			t.Errorf("%s = %q, want %q", k, subs[0].Answers[k], v)
		}
	}
}

// TestArrowsKeepTheFieldInView moves down a step's fields with the arrows
// on the 1280×800 kiosk window with large text, where each field shows
// its keyboard or keypad (and the layout changes under the focus): every
// field reached is in view whole.
func TestArrowsKeepTheFieldInView(t *testing.T) {
	for _, l := range kiosk.Languages {
		t.Run(string(l), func(t *testing.T) {
			r := newRig(t, largeText())
			r.w.SetPadded(false)
			r.w.Resize(kioskWindow)
			r.startIn(l)
			r.open("employment")
			for _, id := range []string{"first_name", "last_name", "national_code"} {
				f := r.field(id)
				if id != "first_name" {
					r.press(fyne.KeyDown)
				}
				if r.focused() != f {
					t.Fatalf("focus on %s, want %s", r.describeFocus(), id)
				}
				for _, tg := range widgets.FocusTargets(r.ui.Content()) {
					if tg.Object == f && tg.Visible != tg.Rect {
						t.Errorf("%s at %v shows only %v", id, tg.Rect, tg.Visible)
					}
				}
			}
		})
	}
}

// TestRemoteScrollsTextBelowTheFold: on the confirmation page in large
// text, below its last control, the remote's Down moves the page down
// (to what happens next) and Up moves it back, since no control lies in
// the arrow's direction.
func TestRemoteScrollsTextBelowTheFold(t *testing.T) {
	r := newRig(t, tvMode(), largeText())
	r.w.SetPadded(false)
	r.w.Resize(kioskWindow)
	r.startIn(kiosk.English)
	r.open("police")
	walkToReceipt(t, r)
	var sc *widgets.TouchScroll
	walk(r.w.Canvas().Content(), func(o fyne.CanvasObject) bool {
		if s, ok := o.(*widgets.TouchScroll); ok && sc == nil {
			sc = s
		}
		return true
	})
	if sc == nil || sc.Content.Size().Height <= sc.Size().Height {
		t.Skip("the confirmation page fits the window: nothing to scroll")
	}
	for range 6 {
		r.press(fyne.KeyDown)
	}
	if st := r.sess.State().Stage; st != kiosk.StageReceipt {
		t.Fatalf("stage %s after the arrows, want the receipt still", st)
	}
	if sc.Offset.Y <= 0 {
		t.Fatalf("after Down the page is still at its top (offset %v)", sc.Offset)
	}
	down := sc.Offset.Y
	for range 12 {
		r.press(fyne.KeyUp)
	}
	if sc.Offset.Y >= down {
		t.Errorf("after Up the page stays at %v (was %v)", sc.Offset.Y, down)
	}
}
