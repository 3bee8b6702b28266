package screens_test

import (
	"image"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/speech"
	"github.com/pishkhan/pishkhan/kiosk/speech/speechtest"
	"github.com/pishkhan/pishkhan/screens"
)

// journeyLog keeps the journeys of a rig's sessions.
type journeyLog struct {
	mu sync.Mutex
	js []kiosk.Journey
}

func (l *journeyLog) option() rigOption {
	return func(c *kiosk.SessionConfig, _ *screens.Options) {
		c.Journeys = func(j kiosk.Journey) {
			l.mu.Lock()
			l.js = append(l.js, j)
			l.mu.Unlock()
		}
	}
}

func (l *journeyLog) all() []kiosk.Journey {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]kiosk.Journey(nil), l.js...)
}

// speechOffered gives the rig a speaker with speech off, as a kiosk with
// espeak-ng installed and no -speech flag.
func speechOffered(rec *speechtest.Recorder) []rigOption {
	return []rigOption{withSpeech(rec), func(_ *kiosk.SessionConfig, o *screens.Options) { o.Speech = false }}
}

// oneColour reports whether every pixel of img is the same colour, and
// which.
func oneColour(img image.Image) (bool, [4]uint32) {
	b := img.Bounds()
	r0, g0, b0, a0 := img.At(b.Min.X, b.Min.Y).RGBA()
	first := [4]uint32{r0, g0, b0, a0}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			if [4]uint32{r, g, bl, a} != first {
				return false, first
			}
		}
	}
	return true, first
}

// TestAudioOnlyByOneKey: on a kiosk that can speak but starts silent, the
// keypad's star key on the attract screen starts a session in audio-only
// mode: it says so, then the language screen; the window is one black
// colour from then on, on every screen, while keys and speech carry the
// path; the journey records audio-only; and the session's end shows the
// screens again, silent but for the attract screen's invitation.
func TestAudioOnlyByOneKey(t *testing.T) {
	rec := &speechtest.Recorder{}
	var jl journeyLog
	r := newRig(t, append(speechOffered(rec), jl.option())...)
	r.w.SetPadded(false) // as cmd/kiosk shows it: the screens fill the window
	heard(rec)

	test.TypeOnCanvas(r.w.Canvas(), "*")
	r.stage(kiosk.StageLanguage)
	got := heard(rec)
	wantHeard(t, "audio-only on", got, kiosk.Msg(kiosk.Persian, "audio.only.on"), kiosk.Msg(kiosk.Persian, "language.title"), kiosk.Msg(kiosk.English, "language.title"))
	if n := strings.Count(got, kiosk.Msg(kiosk.English, "language.title")); n != 1 {
		t.Errorf("the language screen was said %d times, want once: %q", n, got)
	}
	blank := func(where string) {
		t.Helper()
		if one, c := oneColour(r.w.Canvas().Capture()); !one || c[0]|c[1]|c[2] != 0 {
			t.Errorf("%s: the window is not one black colour in audio-only mode", where)
		}
	}
	blank("language")

	r.press(fyne.KeyReturn) // فارسی, where the focus was put
	r.stage(kiosk.StageServices)
	wantHeard(t, "services", heard(rec), kiosk.Msg(kiosk.Persian, "services.title"))
	blank("services")
	r.press(fyne.KeyReturn) // the first service
	r.stage(kiosk.StageIntro)
	blank("intro")

	r.sess.Finish()
	r.stage(kiosk.StageAttract)
	if one, _ := oneColour(r.w.Canvas().Capture()); one {
		t.Error("the attract screen after an audio-only session is still blank")
	}
	js := jl.all()
	if len(js) != 1 || !js[0].AudioOnly || !js[0].Speech {
		t.Fatalf("journeys %+v, want one with audio-only and speech", js)
	}
	heard(rec)
	r.startIn(kiosk.English)
	r.press(fyne.KeyDown)
	if got := heard(rec); strings.Contains(got, kiosk.Msg(kiosk.English, "services.title")) {
		t.Errorf("the next citizen's session speaks the service grid: %q", got)
	}
}

// TestSpeechOnByTheHelpKey: the help key (the keypad's "/") turns speech
// on for the session, on any screen, without blanking it.
func TestSpeechOnByTheHelpKey(t *testing.T) {
	rec := &speechtest.Recorder{}
	r := newRig(t, speechOffered(rec)...)
	r.startIn(kiosk.English)
	heard(rec)
	test.TypeOnCanvas(r.w.Canvas(), "/")
	wantHeard(t, "speech on", heard(rec), kiosk.Msg(kiosk.English, "audio.speech.on"), kiosk.Msg(kiosk.English, "services.title"))
	if one, _ := oneColour(r.w.Canvas().Capture()); one {
		t.Error("speech alone blanked the screen")
	}
	r.press(fyne.KeyDown)
	if got := heard(rec); got == "" {
		t.Error("speech on, yet moving the focus said nothing")
	}
}

// TestLanguageScreenSwitches: the language screen shows speech and
// audio-only as switches, labelled in both languages, only on a kiosk
// that can speak; tapping audio-only blanks the screen.
func TestLanguageScreenSwitches(t *testing.T) {
	t.Run("silent kiosk", func(t *testing.T) {
		r := newRig(t)
		test.TapCanvas(r.w.Canvas(), fyne.NewPos(windowSize.Width/2, windowSize.Height/2))
		r.stage(kiosk.StageLanguage)
		if r.shows(kiosk.Msg(kiosk.Persian, "audio.only.both")) {
			t.Error("a kiosk without speech offers audio-only mode")
		}
	})
	t.Run("speaking kiosk", func(t *testing.T) {
		rec := &speechtest.Recorder{}
		r := newRig(t, speechOffered(rec)...)
		r.w.SetPadded(false)
		test.TapCanvas(r.w.Canvas(), fyne.NewPos(windowSize.Width/2, windowSize.Height/2))
		r.stage(kiosk.StageLanguage)
		heard(rec)
		r.tap(kiosk.Msg(kiosk.Persian, "audio.only.both"))
		wantHeard(t, "audio-only switch", heard(rec), kiosk.Msg(kiosk.Persian, "audio.only.on"))
		if one, _ := oneColour(r.w.Canvas().Capture()); !one {
			t.Error("the audio-only switch left the screen visible")
		}
	})
}

// TestCancelQuestionIsSpokenAsAQuestion: the question asked before a
// cancel throws answers away is said as a question (what it asks and its
// two answers), in the session's language, and the screen under it is
// not said again, neither when it is asked nor when the citizen keeps
// going.
func TestCancelQuestionIsSpokenAsAQuestion(t *testing.T) {
	for _, l := range kiosk.Languages {
		t.Run(string(l), func(t *testing.T) {
			rec := &speechtest.Recorder{}
			r := newRig(t, withSpeech(rec))
			r.startIn(l)
			r.open("tax")
			st := r.stage(kiosk.StageForm)
			r.sess.SetAnswer(st.Service.Steps[st.Step].Fields[0].ID, "x")
			r.press(fyne.KeyDown) // the citizen uses the keys
			heard(rec)
			screen := speech.Screen(r.sess.State(), speech.Device{}).Text()

			r.press(fyne.KeyF1) // the red key: cancel
			u := rec.Last()
			got := heard(rec)
			if u.Kind != speech.KindQuestion {
				t.Errorf("the question was said as %q, want %q", u.Kind, speech.KindQuestion)
			}
			wantHeard(t, "question", got, speech.Words(l, kiosk.Msg(l, "cancel.ask.title")), kiosk.Msg(l, "cancel.ask.keep"), kiosk.Msg(l, "cancel.ask.stop"))
			if strings.Contains(got, screen) {
				t.Errorf("the form step was said again over the question: %q", got)
			}
			r.press(fyne.KeyEscape) // keep going
			if r.sess.State().Stage != kiosk.StageForm {
				t.Fatalf("stage %s after keeping going", r.sess.State().Stage)
			}
			if got := heard(rec); strings.Contains(got, screen) {
				t.Errorf("the form step was said again after keeping going: %q", got)
			}
		})
	}
}

// TestAttractShowsTheAudioOnlyKey: a kiosk that can speak writes the
// audio-only key on the attract screen in both languages, as it says it.
func TestAttractShowsTheAudioOnlyKey(t *testing.T) {
	rec := &speechtest.Recorder{}
	r := newRig(t, speechOffered(rec)...)
	for _, l := range kiosk.Languages {
		if !r.shows(kiosk.Msg(l, "audio.attract.shown")) {
			t.Errorf("the attract screen does not show %q", kiosk.Msg(l, "audio.attract.shown"))
		}
	}
	silent := newRig(t)
	if silent.shows(kiosk.Msg(kiosk.English, "audio.attract.shown")) {
		t.Error("a kiosk that cannot speak offers audio-only mode")
	}
}
