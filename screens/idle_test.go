package screens_test

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/kiosk"
)

// TestIdleWarningCountsDownAndMoreTimeKeepsAnswers leaves a half-filled
// form alone until the warning shows, checks its countdown follows the
// clock in the session's digits, asks for more time with one tap and finds
// every answer still there; then leaves it alone for good and checks that
// everything typed is gone.
func TestIdleWarningCountsDownAndMoreTimeKeepsAnswers(t *testing.T) {
	for _, l := range kiosk.Languages {
		t.Run(string(l), func(t *testing.T) {
			r := newRig(t) // warns after 60 s, wipes 30 s later
			r.startIn(l)
			r.open("library")
			r.pressKeys(kiosk.LocalizeDigits(l, "0499370899"))
			test.Tap(r.field("mobile"))
			r.pressKeys(kiosk.LocalizeDigits(l, "0912"))

			r.clock.Add(59 * time.Second)
			r.ui.Tick()
			if r.shows(kiosk.Msg(l, "idle.more_time")) {
				t.Fatal("warning shown before the idle time")
			}
			r.clock.Add(time.Second)
			r.ui.Tick()
			count := kiosk.LocalizeDigits(l, "30")
			warning := kiosk.Msgf(l, "idle.warning", map[string]string{"seconds": count})
			if !r.shows(warning) || !r.shows(count) {
				t.Fatalf("warning %q with countdown %q not shown; shown: %q", warning, count, r.texts())
			}
			r.clock.Add(12 * time.Second)
			r.ui.Tick()
			if count := kiosk.LocalizeDigits(l, "18"); !r.shows(count) {
				t.Fatalf("countdown did not move to %q; shown: %q", count, r.texts())
			}

			r.tapMsg("idle.more_time")
			if r.shows(kiosk.Msg(l, "idle.more_time")) {
				t.Fatal("warning still shown after more time")
			}
			st := r.stage(kiosk.StageForm)
			if st.Answers["national_code"] != "0499370899" || st.Answers["mobile"] != "0912" {
				t.Fatalf("answers after more time = %q", st.Answers)
			}
			if got := r.field("mobile").Value(); got != "0912" {
				t.Fatalf("mobile field shows %q after more time", got)
			}
			// The citizen carries on typing where they were.
			r.pressKeys(kiosk.LocalizeDigits(l, "1234567"))
			if got := r.sess.State().Answers["mobile"]; got != "09121234567" {
				t.Fatalf("mobile after more typing = %q", got)
			}

			r.clock.Add(90 * time.Second)
			r.ui.Tick()
			r.stage(kiosk.StageAttract)
			for _, s := range []string{"0499370899", kiosk.LocalizeDigits(l, "0499370899"), kiosk.Msg(l, "idle.more_time")} {
				if r.showsContaining(s) {
					t.Errorf("%q still shown after the session was wiped", s)
				}
			}
		})
	}
}

// TestThanksReturnsToAttractAfterTimeout checks that the thanks screen
// goes back to the attract loop on its own.
func TestThanksReturnsToAttractAfterTimeout(t *testing.T) {
	r := newRig(t)
	r.startIn(kiosk.English)
	r.open("police")
	walkToReceipt(t, r)
	r.tapMsg("receipt.done")
	r.tapMsg("survey.skip")
	r.stage(kiosk.StageThanks)
	r.clock.Add(7 * time.Second)
	r.ui.Tick()
	r.stage(kiosk.StageThanks)
	r.clock.Add(time.Second)
	r.ui.Tick()
	r.stage(kiosk.StageAttract)
}
