package kiosk_test

import (
	"strings"
	"testing"

	"github.com/pishkhan/pishkhan/kiosk"
)

// TestCancelLosesAnswers checks when a cancel must be confirmed: only
// where the citizen has answered something that the cancel would throw
// away.
func TestCancelLosesAnswers(t *testing.T) {
	tests := []struct {
		name string
		walk func(t *testing.T, r *rig)
		want bool
	}{
		{"attract", func(_ *testing.T, r *rig) {}, false},
		{"service grid", func(_ *testing.T, r *rig) { r.s.Start(); r.s.ChooseLanguage(kiosk.English) }, false},
		{"introduction", func(_ *testing.T, r *rig) {
			r.s.Start()
			r.s.ChooseLanguage(kiosk.English)
			r.s.ChooseService("tax")
		}, false},
		{"first step, nothing typed", func(_ *testing.T, r *rig) {
			r.s.Start()
			r.s.ChooseLanguage(kiosk.English)
			r.s.ChooseService("tax")
			r.s.BeginForm()
		}, false},
		{"first step, typed then erased", func(_ *testing.T, r *rig) {
			r.s.Start()
			r.s.ChooseLanguage(kiosk.English)
			r.s.ChooseService("tax")
			r.s.BeginForm()
			r.s.SetAnswer("mobile", "09")
			r.s.SetAnswer("mobile", "")
		}, false},
		{"first step, one digit typed", func(_ *testing.T, r *rig) {
			r.s.Start()
			r.s.ChooseLanguage(kiosk.English)
			r.s.ChooseService("tax")
			r.s.BeginForm()
			r.s.SetAnswer("national_code", "0")
		}, true},
		{"review", func(t *testing.T, r *rig) { r.fillTax(t); r.s.Back() }, true},
		{"consent", func(t *testing.T, r *rig) { r.fillTax(t) }, true},
		{"track my request, code typed", func(_ *testing.T, r *rig) {
			r.s.Start()
			r.s.ChooseLanguage(kiosk.English)
			r.s.OpenTrack()
			r.s.SetTrackCode("1234")
		}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t)
			tc.walk(t, r)
			if got := r.s.State().CancelLosesAnswers(); got != tc.want {
				t.Errorf("on %s: CancelLosesAnswers() = %t, want %t", r.s.State(), got, tc.want)
			}
		})
	}
}

// TestCancelWipesAnswersAtOnce checks that a cancel inside a service
// leaves nothing the citizen typed in the session, while the survey
// after it is still shown, and that the survey then takes no answer.
func TestCancelWipesAnswersAtOnce(t *testing.T) {
	r := newRig(t)
	r.fillTax(t)
	r.s.Back() // the review
	r.s.Cancel()
	st := r.stage(t, kiosk.StageCancelSurvey)
	if len(st.Answers) != 0 || len(st.Errors) != 0 || st.Editing || st.SubmitError != "" {
		t.Fatalf("after the cancel the session holds answers %v, errors %v, editing %t, submit error %q", st.Answers, st.Errors, st.Editing, st.SubmitError)
	}
	if !st.Cancelled || st.Service == nil || st.Service.Code != "tax" {
		t.Fatalf("cancel survey: cancelled %t, service %v", st.Cancelled, st.Service)
	}
	r.s.SetAnswer("mobile", "09121234567")
	r.s.Next()
	r.s.Back()
	r.s.Cancel() // a second cancel on the survey does not ask again: it ends
	if st := r.s.State(); st.Stage != kiosk.StageAttract || len(st.Answers) != 0 {
		t.Fatalf("after cancelling the survey: %s, answers %v", st, st.Answers)
	}
	if len(r.journeys) != 1 || r.journeys[0].Outcome != kiosk.OutcomeCancelled || r.journeys[0].ExitStep != "review" {
		t.Fatalf("journeys %+v", r.journeys)
	}
}

// TestCancelSurveyAnswers checks the survey after a cancel: a reason and
// a rating each stay chosen until both are given, the last choice of
// each counts, and anything else is ignored.
func TestCancelSurveyAnswers(t *testing.T) {
	r := newRig(t)
	r.s.Start()
	r.s.ChooseLanguage(kiosk.English)
	r.s.ChooseService("police")
	r.s.Cancel()
	r.s.ChooseStopReason("because") // not one of StopReasons
	r.s.Rate(9)
	if st := r.stage(t, kiosk.StageCancelSurvey); st.StopReason != "" || st.Rating != 0 {
		t.Fatalf("invalid answers were taken: %q, %d", st.StopReason, st.Rating)
	}
	r.s.ChooseStopReason(kiosk.StopHardToUse)
	r.s.ChooseStopReason(kiosk.StopLater)
	if st := r.stage(t, kiosk.StageCancelSurvey); st.StopReason != kiosk.StopLater {
		t.Fatalf("reason %q, want the last chosen", st.StopReason)
	}
	r.s.Rate(3)
	if st := r.stage(t, kiosk.StageThanks); !st.Cancelled {
		t.Fatal("the thanks after a cancel does not know it")
	}
	r.s.Finish()
	if j := r.journeys[0]; j.StopReason != kiosk.StopLater || j.Satisfaction != 3 {
		t.Fatalf("journey reason %q rating %d", j.StopReason, j.Satisfaction)
	}
}

// TestEveryServiceSaysWhatHappensNext checks that the embedded catalogue
// tells, for every service, what happens once a request is received, in
// both languages, and what to bring in both when it lists anything.
func TestEveryServiceSaysWhatHappensNext(t *testing.T) {
	for _, svc := range kiosk.DefaultCatalogue().Services {
		t.Run(svc.Code, func(t *testing.T) {
			if !svc.After.Next.Complete() {
				t.Errorf("after.next is not given in both languages: %v", svc.After.Next)
			}
			for i, b := range svc.After.Bring {
				if !b.Complete() {
					t.Errorf("after.bring[%d] is not given in both languages: %v", i+1, b)
				}
			}
		})
	}
}

// TestCatalogueChecksWhatHappensNext checks that a catalogue's after
// texts are checked as every other text is.
func TestCatalogueChecksWhatHappensNext(t *testing.T) {
	tests := []struct {
		name  string
		after kiosk.After
		want  string
	}{
		{"next in one language", kiosk.After{Next: kiosk.Text{kiosk.English: "The agency calls you."}}, "after.next"},
		{"an empty item to bring", kiosk.After{Bring: []kiosk.Text{{}}}, "after.bring[1]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cat := kiosk.DefaultCatalogue()
			svcs := append([]kiosk.Service(nil), cat.Services...)
			svcs[0].After = tc.after
			c := *cat
			c.Services = svcs
			err := c.Check()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("check: %v, want a problem with %s", err, tc.want)
			}
		})
	}
}
