package speech_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/filing"
	"github.com/pishkhan/pishkhan/kiosk/kiosktest"
	"github.com/pishkhan/pishkhan/kiosk/speech"
	"github.com/pishkhan/pishkhan/kiosk/speech/speechtest"
)

// The walks' clock: 2025-08-03 09:30 UTC, 1404/05/12 in Tehran.
var walkNow = time.Date(2025, 8, 3, 9, 30, 0, 0, time.UTC)

// walkClock is a kiosk.Clock the test moves by hand.
type walkClock = kiosktest.Clock

type walkOutbox struct{}

func (walkOutbox) Enqueue(context.Context, kiosk.Submission) error { return nil }

type walkPrinter struct{}

func (walkPrinter) Status(context.Context) kiosk.PrinterStatus {
	return kiosk.PrinterStatus{State: kiosk.PrinterReady}
}
func (walkPrinter) Print(context.Context, kiosk.Receipt) error { return nil }

// walk is a session whose every change is told to a Speaker speaking
// into a Recorder, with the focus the test driver places, as the screens
// do (screens.Options.Speaker).
type walk struct {
	t     *testing.T
	sess  *kiosk.Session
	sp    *speech.Speaker
	rec   *speechtest.Recorder
	clock *walkClock
	focus speech.Control
}

func newWalk(t *testing.T) *walk {
	t.Helper()
	clock := kiosktest.NewClock(walkNow)
	is, err := kiosk.NewIssuer(7, clock, 0)
	if err != nil {
		t.Fatal(err)
	}
	sess, err := kiosk.NewSession(kiosk.SessionConfig{
		Catalogue: kiosk.DefaultCatalogue(),
		Filer:     &filing.Filer{Outbox: walkOutbox{}, Issuer: is, Printer: walkPrinter{}, Clock: clock, KioskID: "TEST-1"},
		Clock:     clock,
		Go:        func(f func()) { f() },
	})
	if err != nil {
		t.Fatal(err)
	}
	w := &walk{t: t, sess: sess, rec: &speechtest.Recorder{}, clock: clock}
	w.sp = speech.NewSpeaker(w.rec, speech.Device{Languages: sess.Languages(), Services: len(sess.Services()), HasPrinter: sess.HasPrinter()})
	sess.Subscribe(func() { w.sp.Update(sess.State(), w.focus) })
	return w
}

// focusOn moves the focus to c and returns what was said.
func (w *walk) focusOn(c speech.Control) string {
	w.focus = c
	w.sp.Update(w.sess.State(), c)
	return w.said()
}

// said returns the text of everything spoken since the last call.
func (w *walk) said() string {
	var s []string
	for _, u := range w.rec.Take() {
		s = append(s, u.Text())
	}
	return strings.Join(s, " | ")
}

// nationalCodes are valid national codes, one per national-code field of
// a form (two people of one form must differ).
var nationalCodes = []string{"0499370899", "0013542419", "0084575948"}

// answerFor returns a valid answer for f typed by a citizen reading l;
// choices take their first option in Persian and their last in English,
// so that the two walks of a service take different branches.
func answerFor(f *kiosk.Field, l kiosk.Lang, codes *int) string {
	switch f.Type {
	case kiosk.FieldNationalCode:
		c := nationalCodes[*codes%len(nationalCodes)]
		*codes++
		return c
	case kiosk.FieldMobile:
		return "09127654321"
	case kiosk.FieldPostalCode:
		return "1193653471"
	case kiosk.FieldAmount:
		return "2500000"
	case kiosk.FieldNumber:
		lo, hi := 1.0, 1000.0
		if f.Min != nil {
			lo = *f.Min
		}
		if f.Max != nil {
			hi = min(*f.Max, lo+1000)
		}
		return fmt.Sprint(int64((lo + hi) / 2))
	case kiosk.FieldDate:
		early, late := f.DateBounds(walkNow)
		a, err1 := time.Parse("2006-01-02", early)
		b, err2 := time.Parse("2006-01-02", late)
		switch {
		case err1 != nil && err2 != nil:
			return "2001-06-15"
		case err1 != nil:
			return b.AddDate(-1, 0, 0).Format("2006-01-02")
		case err2 != nil:
			return a.AddDate(0, 0, 1).Format("2006-01-02")
		}
		return a.Add(b.Sub(a) / 2).Format("2006-01-02")
	case kiosk.FieldChoice:
		if l == kiosk.Persian {
			return f.Choices[0].Value
		}
		return f.Choices[len(f.Choices)-1].Value
	case kiosk.FieldMultiChoice:
		return f.Choices[0].Value
	case kiosk.FieldYesNo, kiosk.FieldConsent:
		return "yes"
	case kiosk.FieldPlate:
		return "12-ب-345-67"
	case kiosk.FieldEmail:
		return "zebulon@example.org"
	case kiosk.FieldPassport:
		return "X7Q4Z9K2"
	case kiosk.FieldCountry:
		return "NZ"
	case kiosk.FieldLongText:
		return "Xanadu incident described at length for the police"
	}
	switch f.Format {
	case kiosk.FormatDigits:
		return "58213"
	case kiosk.FormatCompanyID:
		return "10380284790"
	case kiosk.FormatEconomicCode:
		return "411111111111"
	case kiosk.FormatVIN:
		return "NAAP03ED7FJ123456"
	case kiosk.FormatName:
		return "Zebulon"
	}
	return "Xanadu"
}

func visible(st kiosk.State) []*kiosk.Field {
	var out []*kiosk.Field
	for i := range st.Service.Steps[st.Step].Fields {
		f := &st.Service.Steps[st.Step].Fields[i]
		if f.When.Holds(st.Answers) && f.Type != kiosk.FieldInfo {
			out = append(out, f)
		}
	}
	return out
}

func typedField(f *kiosk.Field) bool {
	switch f.Type {
	case kiosk.FieldChoice, kiosk.FieldMultiChoice, kiosk.FieldYesNo, kiosk.FieldConsent, kiosk.FieldDate:
		return false
	}
	return true
}

func words(l kiosk.Lang, s string) string { return speech.Words(l, s) }

func position(l kiosk.Lang, n, total int) string {
	return kiosk.Msgf(l, "speech.position", map[string]string{"n": speech.NumberWords(l, int64(n)), "total": speech.NumberWords(l, int64(total))})
}

// mustSay fails unless said holds each of want.
func mustSay(t *testing.T, what, said string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(said, w) {
			t.Errorf("%s: said %q\nwant it to say %q", what, said, w)
		}
	}
}

// TestSpokenWordsOfEveryServiceInBothLanguages walks every service of the
// embedded catalogue, in Persian and in English, from the attract screen
// to the thanks screen, telling a Speaker each change and each focus as
// the screens do, and checks the words handed to the engine: every
// screen's title, each field's label, state and position, each refusal
// as it appears, the receipt's code in digit groups and the print, and
// never a typed answer, except in the read-back the citizen asks for.
func TestSpokenWordsOfEveryServiceInBothLanguages(t *testing.T) {
	for _, svc := range kiosk.DefaultCatalogue().Services {
		for _, l := range kiosk.Languages {
			t.Run(svc.Code+"/"+string(l), func(t *testing.T) {
				walkService(t, svc.Code, l)
			})
		}
	}
}

func walkService(t *testing.T, code string, l kiosk.Lang) {
	w := newWalk(t)
	var all []string // everything said but read-backs
	keep := func(s string) string { all = append(all, s); return s }

	w.sp.Update(w.sess.State(), speech.Control{})
	mustSay(t, "attract", keep(w.said()), kiosk.Msg(kiosk.Persian, "attract.title"), kiosk.Msg(kiosk.English, "attract.title"))
	w.sess.Start()
	mustSay(t, "language", keep(w.said()), kiosk.Msg(kiosk.Persian, "language.title"), kiosk.Msg(kiosk.English, "language.title"))
	w.sess.ChooseLanguage(l)
	services := w.sess.Services()
	mustSay(t, "services", keep(w.said()), kiosk.Msg(l, "services.title"), speech.NumberWords(l, int64(len(services))))
	for i, s := range services {
		if s.Code == code {
			mustSay(t, "service tile", keep(w.focusOn(speech.Control{Role: speech.RoleButton, Label: s.Name.In(l), Position: i + 1, Count: len(services)})),
				s.Name.In(l), position(l, i+1, len(services)))
		}
	}
	w.sess.ChooseService(code)
	svc := w.sess.State().Service
	mustSay(t, "intro", keep(w.said()), words(l, svc.Name.In(l)), kiosk.Msg(l, "speech.intro"))
	w.sess.BeginForm()

	typed := map[string]string{} // field → answer given
	codes := 0
	readBacks := 0
	for range 20 {
		st := w.sess.State()
		if st.Stage != kiosk.StageForm {
			break
		}
		step := st.Service.Steps[st.Step]
		what := "step " + step.ID
		want := []string{words(l, step.Title.In(l)), words(l, svc.Name.In(l)), speech.NumberWords(l, int64(st.StepNumber))}
		if st.StepCountSettled { // the count of steps only once no answer can change it
			want = append(want, speech.NumberWords(l, int64(st.StepCount)))
		}
		mustSay(t, what, keep(w.said()), want...)

		// Next with nothing answered: each refusal is said with its field.
		w.sess.Next()
		if after := w.sess.State(); after.Stage == kiosk.StageForm && after.Step == st.Step && len(after.Errors) > 0 {
			said := keep(w.said())
			for id, e := range after.Errors {
				f, _ := svc.Field(id)
				mustSay(t, what+" refusal of "+id, said, words(l, f.Label.In(l)), words(l, e.Message(l)))
			}
		} else if after.Stage != kiosk.StageForm || after.Step != st.Step {
			// Nothing on the step was required: go back to answer it.
			w.said()
			w.sess.Back()
			w.said()
			if now := w.sess.State(); now.Stage != kiosk.StageForm || now.Step != st.Step {
				t.Fatalf("%s: back did not return to the step", what)
			}
		}

		// Each field, in order, as the focus reaches it; the fields shown
		// may change as answers are given.
		for i := 0; ; i++ {
			fields := visible(w.sess.State())
			if i >= len(fields) {
				break
			}
			f := fields[i]
			v := answerFor(f, l, &codes)
			label := words(l, f.Label.In(l))
			if typedField(f) {
				c := speech.Control{Role: speech.RoleField, Field: f.ID, Position: i + 1, Count: len(fields)}
				mustSay(t, what+" field "+f.ID, keep(w.focusOn(c)), label, kiosk.Msg(l, "speech.role.field"), kiosk.Msg(l, "speech.empty"), position(l, i+1, len(fields)))
				w.sess.SetAnswer(f.ID, v)
				c.Filled = true
				mustSay(t, what+" field "+f.ID+" typed", keep(w.focusOn(c)), kiosk.Msg(l, "speech.filled"))
				typed[f.ID] = v
				if readBacks < 2 {
					// Read back on request: the one time the answer is said.
					w.sp.Do(speech.CommandReadBack, w.sess.State(), c)
					rb := w.rec.Last()
					if rb.Kind != speech.KindReadBack || !strings.Contains(rb.Text(), label) {
						t.Errorf("%s: read-back of %s said %q", what, f.ID, rb.Text())
					}
					if allDigits(v) && !strings.Contains(rb.Text(), speech.DigitWords(l, v)) && !strings.Contains(rb.Text(), speech.NumberWords(l, parse(v))) {
						t.Errorf("%s: read-back of %s = %q does not say %s", what, f.ID, rb.Text(), v)
					}
					w.rec.Take()
					readBacks++
				}
				continue
			}
			switch f.Type {
			case kiosk.FieldChoice, kiosk.FieldMultiChoice:
				role := speech.RoleChoice
				if f.Type == kiosk.FieldMultiChoice {
					role = speech.RoleCheck
				}
				for j, ch := range f.Choices {
					c := speech.Control{Role: role, Label: ch.Label.In(l), Field: f.ID, Position: j + 1, Count: len(f.Choices)}
					said := keep(w.focusOn(c))
					mustSay(t, what+" choice "+ch.Value, said, words(l, ch.Label.In(l)), position(l, j+1, len(f.Choices)))
					if j == 0 && !strings.Contains(said, label) {
						t.Errorf("%s: the first choice of %s does not name the field: %q", what, f.ID, said)
					}
				}
			}
			w.sess.SetAnswer(f.ID, v)
			keep(w.said())
		}
		w.sess.Next()
		if after := w.sess.State(); after.Stage == kiosk.StageForm && after.Step == st.Step {
			t.Fatalf("%s: answers refused: %v (said %q)", what, after.Errors, w.said())
		}
	}

	st := w.sess.State()
	if st.Stage != kiosk.StageReview {
		t.Fatalf("stage %s after the form, want review", st.Stage)
	}
	said := keep(w.said())
	mustSay(t, "review", said, kiosk.Msg(l, "review.title"))
	var answered []*kiosk.Field
	for _, i := range svc.VisibleSteps(st.Answers) {
		for j := range svc.Steps[i].Fields {
			if f := &svc.Steps[i].Fields[j]; f.Type != kiosk.FieldInfo && f.When.Holds(st.Answers) {
				answered = append(answered, f)
			}
		}
	}
	mustSay(t, "review count", said, speech.NumberWords(l, int64(len(answered))))
	for i, f := range answered {
		c := speech.Control{Role: speech.RoleButton, Label: kiosk.Msg(l, "review.edit"), Field: f.ID, Position: i + 1, Count: len(answered)}
		mustSay(t, "review edit "+f.ID, keep(w.focusOn(c)), words(l, f.Label.In(l)), kiosk.Msg(l, "review.edit"))
	}
	w.sess.ConfirmReview()
	mustSay(t, "consent", keep(w.said()), kiosk.Msg(l, "consent.title"))
	w.sess.Submit(context.Background())
	st = w.sess.State()
	if st.Stage != kiosk.StageReceipt {
		t.Fatalf("stage %s after submit", st.Stage)
	}
	said = keep(w.said())
	mustSay(t, "receipt", said, kiosk.Msg(l, "receipt.title"), speech.CodeWords(l, string(st.Receipt.TrackingCode)),
		words(l, kiosk.Msg(l, "receipt.printed")))
	if groups := strings.Count(speech.CodeWords(l, string(st.Receipt.TrackingCode)), kiosk.Msg(l, "speech.pause")); groups != 3 {
		t.Errorf("the tracking code is said in %d groups, want 4", groups+1)
	}
	w.sess.FinishReceipt()
	mustSay(t, "survey", keep(w.said()), kiosk.Msg(l, "survey.title"))
	w.sess.Rate(5)
	mustSay(t, "thanks", keep(w.said()), kiosk.Msg(l, "thanks.title"))

	// Nothing said holds a digit, a slash or a missing message, nor any
	// answer typed, in any script.
	for _, s := range all {
		for _, r := range s {
			if unicode.IsDigit(r) || r == '/' || r == '⟦' {
				t.Errorf("said %q: %q should be words", s, r)
				break
			}
		}
		for id, v := range typed {
			forms := []string{v, kiosk.LocalizeDigits(kiosk.Persian, v)}
			if allDigits(v) && len(v) >= 5 {
				forms = append(forms, speech.DigitWords(l, v), speech.NumberWords(l, parse(v)))
			}
			for _, form := range forms {
				if strings.Contains(strings.ToLower(s), strings.ToLower(form)) {
					t.Errorf("said the answer to %s (%q): %q", id, form, s)
				}
			}
		}
	}
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func parse(s string) int64 {
	var n int64
	for _, r := range s {
		n = n*10 + int64(r-'0')
	}
	return n
}

// TestRefusedDateIsSpokenInWords: a birth date after the latest allowed
// is refused with that date, which is said in words: the Solar Hijri
// day and month by name in Persian, the Gregorian in English.
func TestRefusedDateIsSpokenInWords(t *testing.T) {
	tests := []struct {
		lang kiosk.Lang
		want string
	}{
		// 18 years before 2025-08-03 (1404/05/12).
		{kiosk.Persian, "دوازدهم مرداد هزار و سیصد و هشتاد و شش"},
		{kiosk.English, "August third, two thousand seven"},
	}
	for _, tt := range tests {
		t.Run(string(tt.lang), func(t *testing.T) {
			w := newWalk(t)
			w.sess.Start()
			w.sess.ChooseLanguage(tt.lang)
			w.sess.ChooseService("employment")
			w.sess.BeginForm()
			w.sess.SetAnswer("birth_date", "2020-01-01")
			w.said()
			w.sess.Next()
			said := w.said()
			mustSay(t, "refusal", said, tt.want)
			if strings.ContainsAny(said, "0123456789۰۱۲۳۴۵۶۷۸۹/") {
				t.Errorf("refusal said with digits or a slash: %q", said)
			}
		})
	}
}

// TestIdleWarningAndCountdownAreSpoken: the warning is said when it
// appears, with the seconds left and how to get more time, again at ten
// and five seconds, and not every second between.
func TestIdleWarningAndCountdownAreSpoken(t *testing.T) {
	for _, l := range kiosk.Languages {
		t.Run(string(l), func(t *testing.T) {
			w := newWalk(t)
			w.sess.Start()
			w.sess.ChooseLanguage(l)
			w.said()
			w.clock.Add(60 * time.Second) // the default IdleWarn
			w.sess.Tick()
			mustSay(t, "warning", w.said(), words(l, kiosk.Msgf(l, "idle.warning", map[string]string{"seconds": "20"})), kiosk.Msg(l, "speech.idle"))
			var counts []string
			for range 19 {
				w.clock.Add(time.Second)
				w.sess.Tick()
				if s := w.said(); s != "" {
					counts = append(counts, s)
				}
			}
			if len(counts) != 2 {
				t.Fatalf("countdown said %d times, want 2 (at ten and five): %q", len(counts), counts)
			}
			mustSay(t, "ten left", counts[0], speech.NumberWords(l, 10))
			mustSay(t, "five left", counts[1], speech.NumberWords(l, 5))
		})
	}
}

// TestFocusWithoutChangeIsNotRepeated: telling the speaker the same
// screen and focus again says nothing; Repeat says the last again.
func TestFocusWithoutChangeIsNotRepeated(t *testing.T) {
	w := newWalk(t)
	w.sess.Start()
	w.sess.ChooseLanguage(kiosk.English)
	w.said()
	c := speech.Control{Role: speech.RoleButton, Label: "Tax", Position: 1, Count: 9}
	first := w.focusOn(c)
	if first == "" {
		t.Fatal("nothing said for a new focus")
	}
	if again := w.focusOn(c); again != "" {
		t.Errorf("said %q for the same focus", again)
	}
	w.sp.Do(speech.CommandRepeat, w.sess.State(), c)
	if got := w.said(); got != first {
		t.Errorf("repeat said %q, want %q", got, first)
	}
}

// TestRateAndVolumeResetForTheNextCitizen: the rate and volume a citizen
// chose go back to the defaults when their session ends.
func TestRateAndVolumeResetForTheNextCitizen(t *testing.T) {
	w := newWalk(t)
	w.sess.Start()
	w.sess.ChooseLanguage(kiosk.English)
	st := w.sess.State()
	w.sp.Do(speech.CommandFaster, st, speech.Control{})
	w.sp.Do(speech.CommandLouder, st, speech.Control{})
	w.sp.Do(speech.CommandLouder, st, speech.Control{})
	if rate, vol, _ := w.rec.Settings(); rate != 1 || vol != 2 {
		t.Fatalf("rate %+d volume %+d, want +1 +2", rate, vol)
	}
	w.sess.Cancel()
	if rate, vol, _ := w.rec.Settings(); rate != 0 || vol != 0 {
		t.Errorf("after the session: rate %+d volume %+d, want the defaults", rate, vol)
	}
}
