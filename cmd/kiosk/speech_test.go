package main

import (
	"bytes"
	"log/slog"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/kiosk"
)

// syncBuffer is a log sink the engine's goroutines may write to.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// speakingAppliance assembles a kiosk started with -speech, writing its
// speech to WAV files, shown in a test window.
func speakingAppliance(t *testing.T) (*appliance, *syncBuffer, string) {
	t.Helper()
	dir, wavs := t.TempDir(), t.TempDir()
	test.NewTempApp(t)
	logs := &syncBuffer{}
	a, err := assemble(Options{DataDir: dir, ConfigPath: filepath.Join(dir, "config.yaml"), Speech: true, SpeechDir: wavs},
		&clockAt{t: time.Now()}, slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	w := test.NewTempWindow(t, a.ui.Content())
	a.ui.ShowIn(w)
	return a, logs, wavs
}

// TestApplianceSpeaksWithSpeechFlag: with -speech the kiosk speaks from
// the attract screen on, logs each utterance with its language, and
// espeak-ng writes the audio.
func TestApplianceSpeaksWithSpeechFlag(t *testing.T) {
	if _, err := exec.LookPath("espeak-ng"); err != nil {
		t.Skip("espeak-ng is not installed (apt-get install espeak-ng)")
	}
	a, logs, wavs := speakingAppliance(t)
	a.session.Start()
	a.session.ChooseLanguage(kiosk.English)
	out := logs.String()
	for _, want := range []string{
		"msg=speak lang=fa", "msg=speak lang=en",
		`text="` + kiosk.Msg(kiosk.English, "services.title"),
		"msg=\"speech on\"",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		files, _ := filepath.Glob(filepath.Join(wavs, "*-en.wav"))
		if len(files) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("espeak-ng wrote no English audio")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestApplianceSaysSpeechIsMissing: speech asked for but espeak-ng absent
// (an empty PATH): the kiosk says so clearly at start, still serves
// citizens, and still logs what it would say.
func TestApplianceSaysSpeechIsMissing(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	a, logs, _ := speakingAppliance(t)
	a.session.Start()
	out := logs.String()
	for _, want := range []string{"speech is configured but cannot be heard", "apt-get install espeak-ng", "msg=speak lang=fa"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	if a.session.State().Stage != kiosk.StageLanguage {
		t.Errorf("stage %s, want the language screen", a.session.State().Stage)
	}
}

// offeringAppliance assembles a kiosk started without -speech, writing
// any speech to WAV files, shown in a test window.
func offeringAppliance(t *testing.T) (*appliance, *syncBuffer) {
	t.Helper()
	dir := t.TempDir()
	test.NewTempApp(t)
	logs := &syncBuffer{}
	a, err := assemble(Options{DataDir: dir, ConfigPath: filepath.Join(dir, "config.yaml"), SpeechDir: t.TempDir()},
		&clockAt{t: time.Now()}, slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	w := test.NewTempWindow(t, a.ui.Content())
	a.ui.ShowIn(w)
	return a, logs
}

// TestApplianceOffersSpeech: without -speech, a kiosk with espeak-ng
// offers speech (the attract and language screens say how to turn it on,
// and nothing more is said once a language is chosen unasked); without
// espeak-ng it offers none and says nothing.
func TestApplianceOffersSpeech(t *testing.T) {
	t.Run("espeak-ng installed", func(t *testing.T) {
		if _, err := exec.LookPath("espeak-ng"); err != nil {
			t.Skip("espeak-ng is not installed (apt-get install espeak-ng)")
		}
		a, logs := offeringAppliance(t)
		a.session.Start()
		a.session.ChooseLanguage(kiosk.English)
		out := logs.String()
		for _, want := range []string{`msg="speech offered"`, kiosk.Msg(kiosk.English, "audio.language")} {
			if !strings.Contains(out, want) {
				t.Errorf("log lacks %q:\n%s", want, out)
			}
		}
		if strings.Contains(out, kiosk.Msg(kiosk.English, "services.title")) {
			t.Errorf("speech was not asked for, yet the service grid was said:\n%s", out)
		}
	})
	t.Run("no espeak-ng", func(t *testing.T) {
		t.Setenv("PATH", t.TempDir())
		a, logs := offeringAppliance(t)
		a.session.Start()
		out := logs.String()
		if !strings.Contains(out, "speech not offered") || strings.Contains(out, "msg=speak") {
			t.Errorf("without espeak-ng and unasked, want no speech and the reason logged:\n%s", out)
		}
	})
}
