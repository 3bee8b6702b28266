package screens_test

import (
	"context"
	"strconv"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
)

// visitEveryScreen shows every screen of the citizen's path in language l
// and calls look on each: the attract loop, language, services, track my
// request (empty, with an answer, with a mistyped code), every
// service's introduction and every step of its form (each service is
// walked once per choice, so that steps shown only for some answers are
// visited too), review, consent, the question before a cancel and the
// survey after it, receipt, survey, thanks and the idle warning. It
// drives the session directly (but for the question, which only the
// screens ask): what is under test is what the screens draw, not how
// they are reached. It returns the steps seen, as "service/step".
func visitEveryScreen(r *rig, l kiosk.Lang, look func(name string)) map[string]bool {
	r.t.Helper()
	seen := map[string]bool{}
	look("attract")
	r.sess.Start()
	look("language")
	r.sess.ChooseLanguage(l)
	look("services")
	if r.sess.CanTrack() {
		r.sess.OpenTrack()
		look("track")
		known := string(knownRequest().TrackingCode)
		r.sess.SetTrackCode(known)
		r.sess.Track(context.Background())
		look("track found")
		r.sess.SetTrackCode(typo(known))
		r.sess.Track(context.Background())
		look("track refused")
		r.sess.Back()
	}
	idleShown, cancelShown := false, false
	for _, svc := range r.sess.Services() {
		for pass := 0; pass < maxChoices(svc); pass++ {
			r.sess.ChooseService(svc.Code)
			look(svc.Code + "/intro")
			r.sess.BeginForm()
			for n := 0; r.sess.State().Stage == kiosk.StageForm; n++ {
				if n > 20 {
					r.t.Fatalf("%s: the form does not end", svc.Code)
				}
				st := r.sess.State()
				step := svc.Code + "/" + st.Service.Steps[st.Step].ID
				seen[step] = true
				look(step)
				r.answerStep(pass)
				if !idleShown {
					// The idle warning, over a form.
					r.clock.Add(61 * time.Second)
					r.ui.Tick()
					look("idle")
					r.sess.MoreTime()
					idleShown = true
				}
				r.sess.Next()
				if st2 := r.sess.State(); st2.Stage == kiosk.StageForm && st2.Step == st.Step {
					r.t.Fatalf("%s refused the sample answers: %v", step, st2.Errors)
				}
			}
			if pass == 0 {
				look(svc.Code + "/review")
			}
			r.sess.ConfirmReview()
			if pass == 0 {
				look(svc.Code + "/consent")
			}
			if !cancelShown {
				r.tapMsg("nav.cancel")
				look(cancelQuestion)
				r.tapMsg("cancel.ask.stop")
				look("cancel survey")
				r.sess.ChooseStopReason(kiosk.StopTooLong)
				look("cancel survey, a reason chosen")
				r.sess.Rate(0)
				look("thanks after a cancel")
				cancelShown = true
			} else {
				r.sess.Cancel()
				r.sess.Rate(0)
			}
			r.sess.Finish()
			r.sess.Start()
			r.sess.ChooseLanguage(l)
		}
	}
	// One submission for the receipt, survey and thanks.
	r.sess.ChooseService("police")
	r.sess.BeginForm()
	for r.sess.State().Stage == kiosk.StageForm {
		r.answerStep(0)
		r.sess.Next()
	}
	r.sess.ConfirmReview()
	r.sess.Submit(context.Background())
	look("receipt")
	r.sess.FinishReceipt()
	look("survey")
	r.sess.Rate(0)
	look("thanks")
	r.sess.Finish()
	return seen
}

// cancelQuestion names the screen of the question asked before a cancel:
// drawn over the screen, as the idle warning is.
const cancelQuestion = "cancel question"

// overlaid reports whether the screen named is drawn over another, which
// cannot be touched under it.
func overlaid(screen string) bool { return screen == "idle" || screen == cancelQuestion }

// answerStep answers every field of the current step, again as answers
// bring more fields onto it.
func (r *rig) answerStep(pass int) {
	done := map[string]bool{}
	for more := true; more; {
		more = false
		for _, f := range visibleFields(r.sess.State()) {
			if done[f.ID] {
				continue
			}
			done[f.ID], more = true, true
			v := sampleAnswer(f, pass, r.clock.Now())
			// A plate carries a letter its plate type allows.
			if letters := kiosk.PlateTypeLetters[r.sess.State().Answers[kiosk.PlateTypeField]]; f.Type == kiosk.FieldPlate && len(letters) > 0 {
				v = "12-" + letters[pass%len(letters)] + "-345-67"
			}
			if v != "" {
				r.sess.SetAnswer(f.ID, v)
			}
		}
	}
}

// visibleFields returns the fields of the current step that apply.
func visibleFields(st kiosk.State) []*kiosk.Field {
	var out []*kiosk.Field
	for i := range st.Service.Steps[st.Step].Fields {
		f := &st.Service.Steps[st.Step].Fields[i]
		if f.When.Holds(st.Answers) {
			out = append(out, f)
		}
	}
	return out
}

// maxChoices is the largest number of choices of any field of svc: the
// passes needed to choose each one once.
func maxChoices(svc *kiosk.Service) int {
	n := 1
	for _, st := range svc.Steps {
		for _, f := range st.Fields {
			n = max(n, len(f.Choices))
		}
	}
	return n
}

// sampleAnswer returns a valid answer to f; pass picks which choice.
func sampleAnswer(f *kiosk.Field, pass int, now time.Time) string {
	switch f.Type {
	case kiosk.FieldInfo:
		return ""
	case kiosk.FieldChoice, kiosk.FieldMultiChoice:
		return f.Choices[pass%len(f.Choices)].Value
	case kiosk.FieldYesNo:
		if pass%2 == 0 {
			return "yes"
		}
		return "no"
	case kiosk.FieldConsent:
		return "yes"
	case kiosk.FieldNationalCode:
		if f.DistinctFrom != "" {
			return "0013542419" // another person's (catalogue key distinct_from)
		}
		return "0499370899"
	case kiosk.FieldMobile:
		return "09121234567"
	case kiosk.FieldPostalCode:
		return "1193653471"
	case kiosk.FieldEmail:
		return "citizen@example.ir"
	case kiosk.FieldPassport:
		return "X1234567"
	case kiosk.FieldCountry:
		return "DE"
	case kiosk.FieldPlate:
		return "12-ب-345-67"
	case kiosk.FieldNumber, kiosk.FieldAmount:
		n := 1000.0
		if f.Min != nil {
			n = max(n, *f.Min)
		}
		if f.Max != nil {
			n = min(n, *f.Max)
		}
		return strconv.FormatFloat(n, 'f', 0, 64)
	case kiosk.FieldDate:
		lo, hi := f.DateBounds(now)
		switch {
		case hi != "":
			return hi
		case lo != "":
			return lo
		}
		return now.Format("2006-01-02")
	}
	switch f.Format {
	case kiosk.FormatDigits:
		return "12345"
	case kiosk.FormatVIN:
		return "NAAP03ED7FJ123456"
	case kiosk.FormatCompanyID, kiosk.FormatEconomicCode:
		return "10380284790"
	}
	s := "نمونه"
	for len([]rune(s)) < f.MinLength {
		s += " نمونه"
	}
	return s
}

// typo returns code with its third digit changed: a mistake the check
// digit catches.
func typo(code string) string {
	b := []byte(code)
	b[2] = '0' + (b[2]-'0'+1)%10
	return string(b)
}
