package screens_test

import (
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// withJourneys collects the journeys the session ends.
func withJourneys(into *[]kiosk.Journey) rigOption {
	return func(c *kiosk.SessionConfig, _ *screens.Options) {
		c.Journeys = func(j kiosk.Journey) { *into = append(*into, j) }
	}
}

// questionShown reports whether the question before a cancel is asked.
func (r *rig) questionShown() bool {
	return len(r.buttons(kiosk.Msg(r.sess.State().Lang, "cancel.ask.stop"))) == 1
}

// serviceName returns the name of a service on the grid, in the
// session's language.
func (r *rig) serviceName(code string) string {
	r.t.Helper()
	svc, ok := kiosk.DefaultCatalogue().Service(code)
	if !ok {
		r.t.Fatalf("no service %s", code)
	}
	return svc.Name.In(r.sess.State().Lang)
}

// anyButton returns the button labelled label, enabled or not.
func (r *rig) anyButton(label string) *widgets.Button {
	r.t.Helper()
	var found []*widgets.Button
	walk(r.w.Canvas().Content(), func(o fyne.CanvasObject) bool {
		if b, ok := o.(*widgets.Button); ok {
			if b.Label == label {
				found = append(found, b)
			}
			return false
		}
		return true
	})
	if len(found) != 1 {
		r.t.Fatalf("%d buttons labelled %q", len(found), label)
	}
	return found[0]
}

// TestCancelAsksOnlyWhenAnswersWouldBeLost taps Cancel where nothing was
// answered (it stops at once) and where something was (it asks).
func TestCancelAsksOnlyWhenAnswersWouldBeLost(t *testing.T) {
	tests := []struct {
		name  string
		walk  func(r *rig)
		asks  bool
		after kiosk.Stage // where a cancel not asked about leads
	}{
		{"service grid", func(r *rig) {}, false, kiosk.StageAttract},
		{"introduction", func(r *rig) {
			r.tap(r.serviceName("library"))
		}, false, kiosk.StageCancelSurvey},
		{"first step, nothing typed", func(r *rig) { r.open("library") }, false, kiosk.StageCancelSurvey},
		{"first step, typed then erased", func(r *rig) {
			r.open("library")
			r.pressKeys("04")
			r.tapMsg("keyboard.clear")
		}, false, kiosk.StageCancelSurvey},
		{"first step, one digit typed", func(r *rig) {
			r.open("library")
			r.pressKeys("0")
		}, true, ""},
		{"a choice made", func(r *rig) {
			r.open("tax")
			r.tap(r.choice("taxpayer_type", "legal"))
		}, true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t)
			r.startIn(kiosk.English)
			tc.walk(r)
			before := r.sess.State()
			r.tapMsg("nav.cancel")
			if got := r.questionShown(); got != tc.asks {
				t.Fatalf("asked %t, want %t", got, tc.asks)
			}
			if tc.asks {
				st := r.stage(before.Stage)
				if len(st.Answers) != len(before.Answers) {
					t.Errorf("asking changed the answers: %v, was %v", st.Answers, before.Answers)
				}
				return
			}
			r.stage(tc.after)
		})
	}
}

// TestCancelQuestionByTouch answers the question each way by touch.
func TestCancelQuestionByTouch(t *testing.T) {
	tests := []struct {
		name   string
		answer func(r *rig)
		stops  bool
	}{
		{"keep going", func(r *rig) { r.tapMsg("cancel.ask.keep") }, false},
		{"a tap beside the question", func(r *rig) {
			var backdrops []fyne.Tappable
			walk(r.w.Canvas().Content(), func(o fyne.CanvasObject) bool {
				if b, ok := o.(fyne.Tappable); ok && fmt.Sprintf("%T", o) == "*screens.surface" {
					backdrops = append(backdrops, b)
				}
				return true
			})
			if len(backdrops) != 1 {
				r.t.Fatalf("%d backdrops shown", len(backdrops))
			}
			backdrops[0].Tapped(&fyne.PointEvent{})
		}, false},
		{"yes, stop", func(r *rig) { r.tapMsg("cancel.ask.stop") }, true},
	}
	for _, tc := range tests {
		for _, l := range []kiosk.Lang{kiosk.Persian, kiosk.English} {
			t.Run(tc.name+"/"+string(l), func(t *testing.T) {
				r := newRig(t)
				r.startIn(l)
				r.open("library")
				r.pressKeys(kiosk.LocalizeDigits(l, "0499"))
				r.tapMsg("nav.cancel")
				if !r.questionShown() {
					t.Fatal("no question")
				}
				tc.answer(r)
				if r.questionShown() {
					t.Fatal("the question is still asked")
				}
				if !tc.stops {
					st := r.stage(kiosk.StageForm)
					if st.Answers["national_code"] != "0499" {
						t.Errorf("answer %q after keeping going", st.Answers["national_code"])
					}
					if !r.showsContaining(kiosk.LocalizeDigits(l, "0499")) {
						t.Error("the answer is no longer shown")
					}
					r.pressKeys(kiosk.LocalizeDigits(l, "3")) // the keyboard still types
					if st := r.sess.State(); st.Answers["national_code"] != "04993" {
						t.Errorf("typing after keeping going gave %q", st.Answers["national_code"])
					}
					return
				}
				st := r.stage(kiosk.StageCancelSurvey)
				if len(st.Answers) != 0 || r.showsContaining(kiosk.LocalizeDigits(l, "0499")) {
					t.Errorf("answers %v survive the cancel; shown %q", st.Answers, r.texts())
				}
			})
		}
	}
}

// TestCancelQuestionByRemote asks with the red key and answers with the
// remote: the focus starts on keeping going, Back and green keep going,
// and the focus returns to where it was.
func TestCancelQuestionByRemote(t *testing.T) {
	tests := []struct {
		name  string
		keys  []fyne.KeyName
		stops bool
	}{
		{"OK keeps going", []fyne.KeyName{fyne.KeyReturn}, false},
		{"Back keeps going", []fyne.KeyName{fyne.KeyEscape}, false},
		{"green keeps going", []fyne.KeyName{fyne.KeyF2}, false},
		{"over to stop, then OK", nil, true},
		{"red again stops", []fyne.KeyName{fyne.KeyF1}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, tvMode())
			r.toServices(kiosk.English)
			r.press(fyne.KeyReturn, fyne.KeyReturn) // the first service, start
			r.typeDigits("0499")
			before := r.focusedLabel()
			r.press(fyne.KeyF1)
			r.wantFocus(kiosk.Msg(kiosk.English, "cancel.ask.keep"))
			if tc.keys == nil {
				r.arrowTo(r.button(kiosk.Msg(kiosk.English, "cancel.ask.stop")))
				tc.keys = []fyne.KeyName{fyne.KeyReturn}
			}
			r.press(tc.keys...)
			if tc.stops {
				r.stage(kiosk.StageCancelSurvey)
				r.wantFocus(kiosk.Msg(kiosk.English, "stop.reason.missing-document"))
				return
			}
			if st := r.stage(kiosk.StageForm); st.Answers["national_code"] != "0499" {
				t.Errorf("answer %q after keeping going", st.Answers["national_code"])
			}
			if r.questionShown() {
				t.Fatal("the question is still asked")
			}
			if got := r.focusedLabel(); got != before {
				t.Errorf("focus on %s after keeping going, was on %s", got, before)
			}
		})
	}
}

// TestIdleWipesUnderTheQuestion leaves the question unanswered: the idle
// timer warns over it, then wipes the session without asking, and the
// question goes with it.
func TestIdleWipesUnderTheQuestion(t *testing.T) {
	var journeys []kiosk.Journey
	r := newRig(t, withJourneys(&journeys))
	r.startIn(kiosk.Persian)
	r.open("library")
	r.pressKeys("۰۴۹۹")
	r.tapMsg("nav.cancel")
	r.clock.Add(61 * time.Second)
	r.ui.Tick()
	if !r.sess.State().IdleWarning || !r.questionShown() {
		t.Fatal("the idle warning is not shown over the question")
	}
	r.clock.Add(30 * time.Second)
	r.ui.Tick()
	r.stage(kiosk.StageAttract)
	if r.questionShown() || r.showsContaining("۰۴۹۹") {
		t.Fatalf("after the wipe: question %t, shown %q", r.questionShown(), r.texts())
	}
	if len(journeys) != 1 || journeys[0].Outcome != kiosk.OutcomeIdle {
		t.Fatalf("journeys %+v, want one wiped when idle", journeys)
	}
}

// TestCancelSurveyByTouch answers the survey after a cancel in each way
// by touch and checks the journey recorded.
func TestCancelSurveyByTouch(t *testing.T) {
	tests := []struct {
		name        string
		answer      func(r *rig)
		reason      kiosk.StopReason
		rating      int
		wantOutcome kiosk.Outcome
	}{
		{"a reason, sent", func(r *rig) {
			r.tapMsg("stop.reason.too-long")
			r.stage(kiosk.StageCancelSurvey)
			r.tapMsg("stop.send")
		}, kiosk.StopTooLong, 0, kiosk.OutcomeCancelled},
		{"a rating and a reason", func(r *rig) {
			r.tap(kiosk.LocalizeDigits(r.sess.State().Lang, "2"))
			r.stage(kiosk.StageCancelSurvey)
			r.tapMsg("stop.reason.missing-document")
		}, kiosk.StopMissingDocument, 2, kiosk.OutcomeCancelled},
		{"a reason changed, then a rating", func(r *rig) {
			r.tapMsg("stop.reason.hard-to-use")
			r.tapMsg("stop.reason.wrong-service")
			r.tap(kiosk.LocalizeDigits(r.sess.State().Lang, "4"))
		}, kiosk.StopWrongService, 4, kiosk.OutcomeCancelled},
		{"no, thanks", func(r *rig) {
			r.tapMsg("stop.reason.later")
			r.tapMsg("survey.skip")
		}, "", 0, kiosk.OutcomeCancelled},
		{"a rating, then walked away", func(r *rig) {
			r.tap(kiosk.LocalizeDigits(r.sess.State().Lang, "1"))
			r.clock.Add(91 * time.Second)
			r.ui.Tick()
		}, "", 1, kiosk.OutcomeCancelled},
	}
	for _, tc := range tests {
		for _, l := range []kiosk.Lang{kiosk.Persian, kiosk.English} {
			t.Run(tc.name+"/"+string(l), func(t *testing.T) {
				var journeys []kiosk.Journey
				r := newRig(t, withJourneys(&journeys))
				r.startIn(l)
				r.open("library")
				r.pressKeys(kiosk.LocalizeDigits(l, "0499370899"))
				r.tapMsg("keyboard.done")
				r.tapMsg("nav.cancel")
				r.tapMsg("cancel.ask.stop")
				r.stage(kiosk.StageCancelSurvey)
				if !r.anyButton(kiosk.Msg(l, "stop.send")).Disabled() {
					t.Error("send is enabled before anything is chosen")
				}
				tc.answer(r)
				if st := r.sess.State(); st.Stage == kiosk.StageThanks {
					if !r.shows(kiosk.Msg(l, "thanks.cancelled")) {
						t.Errorf("the thanks after a cancel does not say so: %q", r.texts())
					}
					r.tapMsg("thanks.done")
				}
				r.stage(kiosk.StageAttract)
				if len(journeys) != 1 {
					t.Fatalf("%d journeys", len(journeys))
				}
				j := journeys[0]
				if j.Outcome != tc.wantOutcome || j.ExitStep != "member" || j.StopReason != tc.reason || j.Satisfaction != tc.rating {
					t.Errorf("journey: %s at %s, reason %q, rating %d; want %s at member, reason %q, rating %d",
						j.Outcome, j.ExitStep, j.StopReason, j.Satisfaction, tc.wantOutcome, tc.reason, tc.rating)
				}
			})
		}
	}
}

// TestChosenAnswersShowSelected checks that the reason and rating chosen
// on the survey after a cancel are shown chosen, and the send button
// becomes available.
func TestChosenAnswersShowSelected(t *testing.T) {
	r := newRig(t)
	r.startIn(kiosk.English)
	r.tap(r.serviceName("police"))
	r.tapMsg("nav.cancel")
	r.stage(kiosk.StageCancelSurvey)
	r.tapMsg("stop.reason.later")
	if b := r.button(kiosk.Msg(kiosk.English, "stop.reason.later")); !b.Selected {
		t.Error("the reason chosen is not shown chosen")
	}
	if b := r.button(kiosk.Msg(kiosk.English, "stop.reason.too-long")); b.Selected {
		t.Error("a reason not chosen is shown chosen")
	}
	if r.button(kiosk.Msg(kiosk.English, "stop.send")).Disabled() {
		t.Error("send is not available once a reason is chosen")
	}
}

// TestBackOnTheCancelSurveySaysNoThanks presses the remote's Back on the
// survey after a cancel: there is nothing to go back to, so it ends the
// survey unanswered.
func TestBackOnTheCancelSurveySaysNoThanks(t *testing.T) {
	var journeys []kiosk.Journey
	r := newRig(t, tvMode(), withJourneys(&journeys))
	r.toServices(kiosk.Persian)
	r.press(fyne.KeyReturn) // the first service's introduction
	r.press(fyne.KeyF1)     // nothing answered: no question
	r.stage(kiosk.StageCancelSurvey)
	r.press(fyne.KeyReturn) // the first reason, chosen
	r.press(fyne.KeyEscape)
	r.stage(kiosk.StageThanks)
	r.press(fyne.KeyReturn)
	r.stage(kiosk.StageAttract)
	if len(journeys) != 1 || journeys[0].StopReason != "" || journeys[0].Backs != 0 || journeys[0].ExitStep != "intro" {
		t.Fatalf("journeys %+v", journeys)
	}
}
