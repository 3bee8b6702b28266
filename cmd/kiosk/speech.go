package main

import (
	"log/slog"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/kiosk/speech"
	"github.com/pishkhan/pishkhan/kiosk/speech/espeak"
	"github.com/pishkhan/pishkhan/screens"
)

// newSpeaker builds the speech of the kiosk, and says whether every
// session starts with it on. With -speech or the configuration's
// speech.enabled, speech is on from the start; otherwise, when espeak-ng
// is installed, it is offered: the attract and language screens say how
// to turn it on (or audio-only mode), and a citizen does so with one key
// (docs/accessibility.md). Without espeak-ng and unasked, there is no
// speaker and no speech choice is shown.
//
// Each utterance is logged (msg=speak lang=fa|en): what the kiosk says
// holds no personal data by construction (kiosk/speech speaks a field as
// filled or empty, never its value, and a read-back the citizen asks for
// is logged without its text), so the log can be read by the Xvfb walks
// and by a technician. When speech is asked for but espeak-ng cannot
// speak, the kiosk says so at start and goes on logging what it would
// have said.
func newSpeaker(cfg config.Config, opts Options, sess *kiosk.Session, log *slog.Logger) (sp screens.Speaker, on bool) {
	asked := opts.Speech || cfg.Speech.Enabled
	var engine speech.Engine
	langs := make([]string, 0, len(sess.Languages()))
	for _, l := range sess.Languages() {
		langs = append(langs, string(l))
	}
	err := espeak.Check("", langs...)
	if err == nil {
		var e *espeak.Engine
		if e, err = espeak.New(espeak.Config{Device: cfg.Speech.Device, Dir: opts.SpeechDir, Log: log}); err == nil {
			engine = e
		}
	}
	switch {
	case err != nil && !asked:
		log.Info("speech not offered: espeak-ng cannot speak here", "err", err)
		return nil, false
	case err != nil:
		log.Error("speech is configured but cannot be heard: citizens who cannot see the screen cannot use this kiosk",
			"err", err, "fix", "sudo apt-get install espeak-ng alsa-utils (make run installs them); kioskctl doctor checks speech")
	case asked:
		log.Info("speech on", "engine", espeak.Binary, "wav_dir", opts.SpeechDir, "device", cfg.Speech.Device)
	default:
		log.Info("speech offered", "engine", espeak.Binary, "wav_dir", opts.SpeechDir, "device", cfg.Speech.Device)
	}
	return speech.NewSpeaker(speech.Logged(engine, log), speech.Device{
		Languages:  sess.Languages(),
		Services:   len(sess.Services()),
		HasPrinter: sess.HasPrinter(),
		TV:         cfg.Mode == config.ModeTV,
	}), asked
}
