package screens_test

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/speech"
	"github.com/pishkhan/pishkhan/kiosk/speech/speechtest"
	"github.com/pishkhan/pishkhan/screens"
)

// withSpeech turns speech on at the start of every session, speaking
// into rec.
func withSpeech(rec *speechtest.Recorder) rigOption {
	return func(c *kiosk.SessionConfig, o *screens.Options) {
		o.Speech = true
		o.Speaker = speech.NewSpeaker(rec, speech.Device{
			Languages: kiosk.Languages, Services: len(c.Catalogue.Services), HasPrinter: c.Filer.HasPrinter(),
		})
	}
}

// heard returns what was said since the last call, utterances joined.
func heard(rec *speechtest.Recorder) string {
	var s []string
	for _, u := range rec.Take() {
		s = append(s, u.Text())
	}
	return strings.Join(s, " | ")
}

func wantHeard(t *testing.T, what, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("%s: heard %q\nwant %q in it", what, got, w)
		}
	}
}

// TestScreensSpeakOnScreenAndFocusChange drives a television with the
// remote and checks what the screens hand the speaker: each screen as it
// opens, the focus with its place as the arrows move it, the focused
// field's state but never its value, the speech keys, and that any other
// key interrupts.
func TestScreensSpeakOnScreenAndFocusChange(t *testing.T) {
	rec := &speechtest.Recorder{}
	r := newRig(t, tvMode(), withSpeech(rec))
	fa := func(key string) string { return kiosk.Msg(kiosk.Persian, key) }
	pos := func(n, total int64) string {
		return kiosk.Msgf(kiosk.Persian, "speech.position", map[string]string{"n": speech.NumberWords(kiosk.Persian, n), "total": speech.NumberWords(kiosk.Persian, total)})
	}

	wantHeard(t, "attract", heard(rec), fa("attract.title"), kiosk.Msg(kiosk.English, "attract.title"), speech.Words(kiosk.Persian, fa("attract.start")))
	r.press(fyne.KeyReturn)
	got := heard(rec)
	wantHeard(t, "language", got, fa("language.title"), kiosk.Msg(kiosk.English, "language.title"), "فارسی", pos(1, 2))
	if last := rec.Last(); last.Parts[len(last.Parts)-1].Lang != kiosk.Persian {
		t.Errorf("the focus on the language screen is said in %s", last.Parts[len(last.Parts)-1].Lang)
	}

	r.press(fyne.KeyReturn)
	svcs := r.sess.Services()
	wantHeard(t, "services", heard(rec), fa("services.title"), svcs[0].Name.In(kiosk.Persian), pos(1, int64(len(svcs))))
	_, _, stopsBefore := rec.Settings()
	r.press(fyne.KeyLeft) // towards the second tile on a mirrored screen
	got = heard(rec)
	wantHeard(t, "arrow", got, svcs[1].Name.In(kiosk.Persian), pos(2, int64(len(svcs))))
	if _, _, stops := rec.Settings(); stops != stopsBefore+1 {
		t.Errorf("an arrow key stopped speech %d times, want once", stops-stopsBefore)
	}
	r.press(fyne.KeyF5)
	if again := heard(rec); again != got {
		t.Errorf("F5 repeated %q, want %q", again, got)
	}
	r.w.Canvas().Focused().TypedRune('*') // a numeric keypad's repeat
	if again := heard(rec); again != got {
		t.Errorf("* on the keypad repeated %q, want %q", again, got)
	}
	r.press(fyne.KeyF9, fyne.KeyF9, fyne.KeyF10)
	if rate, vol, _ := rec.Settings(); rate != 2 || vol != -1 {
		t.Errorf("F9 twice and F10: rate %+d, volume %+d; want +2, -1", rate, vol)
	}
	r.press(fyne.KeyF6)
	wantHeard(t, "help", heard(rec), fa("speech.help"), fa("services.title"))

	// The tax form: the national code field says it is empty, then
	// filled, never what was typed; F7 reads it back.
	tax, _ := kiosk.DefaultCatalogue().Service("tax")
	r.choose(tax.Name.In(kiosk.Persian))
	wantHeard(t, "intro", heard(rec), tax.Name.In(kiosk.Persian))
	r.press(fyne.KeyReturn)
	st := r.sess.State()
	if st.Stage != kiosk.StageForm {
		t.Fatalf("stage %s, want form", st.Stage)
	}
	step := st.Service.Steps[st.Step]
	got = heard(rec)
	wantHeard(t, "form", got, step.Title.In(kiosk.Persian))
	r.arrowTo(r.field("national_code"))
	nc, _ := tax.Field("national_code")
	wantHeard(t, "national code", heard(rec), nc.Label.In(kiosk.Persian), fa("speech.empty"))
	r.typeDigits("0499370899")
	r.press(fyne.KeyUp)
	r.arrowTo(r.field("national_code"))
	got = heard(rec)
	wantHeard(t, "national code typed", got, nc.Label.In(kiosk.Persian), fa("speech.filled"))
	for _, never := range []string{"0499370899", "۰۴۹۹۳۷۰۸۹۹", speech.DigitWords(kiosk.Persian, "0499370899")} {
		if strings.Contains(got, never) {
			t.Errorf("the focus said the national code typed: %q", got)
		}
	}
	r.press(fyne.KeyF7)
	rb := rec.Last()
	if rb.Kind != speech.KindReadBack || !strings.Contains(rb.Text(), speech.DigitWords(kiosk.Persian, "0499370899")) {
		t.Errorf("F7 read back %q (%s), want the national code digit by digit", rb.Text(), rb.Kind)
	}
}

// TestScreensInviteThenFallSilentWithoutSpeech: with a speaker but
// speech off, the attract and language screens still say how to turn
// speech or audio-only mode on (a citizen who cannot see them must hear
// of the keys); once a language is chosen without asking, the screens
// stop what is being said and hand the speaker nothing more.
func TestScreensInviteThenFallSilentWithoutSpeech(t *testing.T) {
	rec := &speechtest.Recorder{}
	r := newRig(t, tvMode(), withSpeech(rec), func(_ *kiosk.SessionConfig, o *screens.Options) { o.Speech = false })
	wantHeard(t, "attract", heard(rec), kiosk.Msg(kiosk.Persian, "audio.attract"), kiosk.Msg(kiosk.English, "audio.attract"))
	r.press(fyne.KeyReturn)
	wantHeard(t, "language", heard(rec), kiosk.Msg(kiosk.Persian, "audio.language"), kiosk.Msg(kiosk.English, "audio.language"))
	_, _, stops := rec.Settings()
	r.press(fyne.KeyReturn, fyne.KeyLeft, fyne.KeyF5)
	if got := rec.Utterances(); len(got) != 0 {
		t.Errorf("speech off after the language screen, yet %d utterances: %q", len(got), heard(rec))
	}
	if _, _, now := rec.Settings(); now <= stops {
		t.Error("choosing a language without speech did not stop the language screen's invitation")
	}
	if r.sess.State().Stage != kiosk.StageServices {
		t.Errorf("stage %s, want services", r.sess.State().Stage)
	}
}

// TestIdleWarningIsSpokenWithItsButton: on a touch kiosk whose citizen
// uses the keys, the idle warning is said with the seconds left and the
// "more time" button it focuses; any key then gives more time.
func TestIdleWarningIsSpokenWithItsButton(t *testing.T) {
	rec := &speechtest.Recorder{}
	r := newRig(t, withSpeech(rec))
	r.startIn(kiosk.English)
	r.press(fyne.KeyDown) // the citizen uses the keys
	heard(rec)
	r.clock.Add(60 * time.Second) // the rig's IdleWarn; 30 s of grace
	r.ui.Tick()
	got := heard(rec)
	wantHeard(t, "idle warning", got,
		speech.Words(kiosk.English, kiosk.Msgf(kiosk.English, "idle.warning", map[string]string{"seconds": "30"})),
		kiosk.Msg(kiosk.English, "speech.idle"), kiosk.Msg(kiosk.English, "idle.more_time"))
	r.press(fyne.KeyF5)
	if r.sess.State().IdleWarning {
		t.Error("a speech key did not count as the citizen being there")
	}
}
