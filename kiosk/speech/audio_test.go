package speech_test

import (
	"strings"
	"testing"
	"unicode"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/speech"
	"github.com/pishkhan/pishkhan/kiosk/speech/speechtest"
)

// noDigits fails when text holds a digit of any script: spoken text has
// its numbers written out in words.
func noDigits(t *testing.T, what, text string) {
	t.Helper()
	if i := strings.IndexFunc(text, unicode.IsDigit); i >= 0 {
		t.Errorf("%s holds a digit: %q", what, text)
	}
}

// TestAttractAndLanguageSayHowToTurnOnAudioOnly: before a language is
// chosen, both screens say in every language how to turn audio-only mode
// on, each part in its own voice.
func TestAttractAndLanguageSayHowToTurnOnAudioOnly(t *testing.T) {
	tests := []struct {
		name  string
		stage kiosk.Stage
		key   string
	}{
		{"attract", kiosk.StageAttract, "audio.attract"},
		{"language", kiosk.StageLanguage, "audio.language"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			u := speech.Screen(kiosk.State{Stage: tc.stage, Lang: kiosk.Persian}, speech.Device{Languages: kiosk.Languages})
			for _, l := range kiosk.Languages {
				found := false
				for _, p := range u.Parts {
					if p.Lang == l && strings.Contains(p.Text, kiosk.Msg(l, tc.key)) {
						found = true
					}
				}
				if !found {
					t.Errorf("%s part lacks %q: %+v", l, kiosk.Msg(l, tc.key), u.Parts)
				}
			}
			noDigits(t, tc.name, u.Text())
		})
	}
	for _, l := range kiosk.Languages {
		if !strings.Contains(kiosk.Msg(l, "audio.attract.shown"), "*") {
			t.Errorf("the attract screen's written invitation in %s does not name the * key", l)
		}
	}
}

// TestNoticeWords: turning speech or audio-only mode on or off is said in
// the language asked, as a notice, in words; audio-only says the screen
// is blank and that answers are read only on request.
func TestNoticeWords(t *testing.T) {
	tests := []struct {
		name   string
		lang   kiosk.Lang
		notice speech.Notice
		want   string
	}{
		{"fa speech on", kiosk.Persian, speech.NoticeSpeechOn, "روشن"},
		{"en speech on", kiosk.English, speech.NoticeSpeechOn, "Speech is on"},
		{"fa audio-only on", kiosk.Persian, speech.NoticeAudioOnlyOn, "صفحه سیاه است"},
		{"en audio-only on", kiosk.English, speech.NoticeAudioOnlyOn, "the screen is blank"},
		{"en audio-only on: read back only", kiosk.English, speech.NoticeAudioOnlyOn, "read-back key"},
		{"fa audio-only on: read back only", kiosk.Persian, speech.NoticeAudioOnlyOn, "بازخوانی"},
		{"fa audio-only off", kiosk.Persian, speech.NoticeAudioOnlyOff, "خاموش"},
		{"en audio-only off", kiosk.English, speech.NoticeAudioOnlyOff, "shown again"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			u := speech.NoticeWords(tc.lang, tc.notice)
			if u.Kind != speech.KindNotice || len(u.Parts) != 1 || u.Parts[0].Lang != tc.lang {
				t.Fatalf("utterance %+v, want one %s notice part", u, tc.lang)
			}
			if !strings.Contains(u.Text(), tc.want) {
				t.Errorf("said %q, want %q in it", u.Text(), tc.want)
			}
			noDigits(t, tc.name, u.Text())
		})
	}
	if u := speech.NoticeWords(kiosk.English, "no-such-notice"); !u.Empty() {
		t.Errorf("an unknown notice said %q", u.Text())
	}
}

// TestCancelQuestionWords: the cancel question is said as a question in
// the session's language: what it asks, then its two answers by their
// labels, and how to choose between them.
func TestCancelQuestionWords(t *testing.T) {
	tests := []struct {
		name string
		lang kiosk.Lang
		how  string
	}{
		{"fa", kiosk.Persian, "کلید بازگشت"},
		{"en", kiosk.English, "Back key keeps going"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := tc.lang
			u := speech.CancelQuestion(kiosk.State{Stage: kiosk.StageForm, Lang: l})
			if u.Kind != speech.KindQuestion || len(u.Parts) != 1 || u.Parts[0].Lang != l {
				t.Fatalf("utterance %+v, want one %s question part", u, l)
			}
			text := u.Text()
			last := -1
			for _, key := range []string{"cancel.ask.title", "cancel.ask.body", "cancel.ask.keep", "cancel.ask.stop"} {
				i := strings.Index(text, kiosk.Msg(l, key))
				if i < 0 {
					t.Fatalf("question %q lacks %s %q", text, key, kiosk.Msg(l, key))
				}
				if i < last {
					t.Errorf("%s comes out of order in %q", key, text)
				}
				last = i
			}
			if !strings.Contains(text, tc.how) {
				t.Errorf("question %q does not say how to answer (%q)", text, tc.how)
			}
			noDigits(t, tc.name, text)
		})
	}
}

// TestSpeakerTellSaysNoticeThenScreenOnce: a notice is said before the
// screen and the focus, as one utterance; the screens' next update of the
// same screen says nothing more.
func TestSpeakerTellSaysNoticeThenScreenOnce(t *testing.T) {
	rec := &speechtest.Recorder{}
	sp := speech.NewSpeaker(rec, speech.Device{Languages: kiosk.Languages, Services: 9})
	st := kiosk.State{Stage: kiosk.StageLanguage, Lang: kiosk.Persian}
	sp.Update(st, speech.Control{})
	rec.Take()
	focus := speech.Control{Role: speech.RoleButton, Label: "فارسی", Position: 1, Count: 2}
	sp.Tell(st, speech.NoticeAudioOnlyOn, focus)
	got := rec.Take()
	if len(got) != 1 {
		t.Fatalf("%d utterances, want one", len(got))
	}
	text := got[0].Text()
	iNotice := strings.Index(text, kiosk.Msg(kiosk.Persian, "audio.only.on"))
	iScreen := strings.Index(text, kiosk.Msg(kiosk.English, "language.title"))
	iFocus := strings.LastIndex(text, "فارسی")
	if iNotice != 0 || iScreen < iNotice || iFocus < iScreen {
		t.Errorf("said %q, want the notice, the screen, then the focus", text)
	}
	sp.Update(st, focus)
	if again := rec.Take(); len(again) != 0 {
		t.Errorf("the same screen said again after the notice: %q", again[0].Text())
	}
	for _, l := range kiosk.Languages {
		if strings.Contains(text, kiosk.Msg(l, "audio.language")) {
			t.Errorf("once audio-only is on, the language screen still says how to turn it on (%s): %q", l, text)
		}
	}
	// The next citizen hears the invitation again.
	sp.Update(kiosk.State{Stage: kiosk.StageAttract}, speech.Control{})
	sp.Update(st, speech.Control{})
	if text := rec.Last().Text(); !strings.Contains(text, kiosk.Msg(kiosk.English, "audio.language")) {
		t.Errorf("after the session ended, the language screen says %q, without how to turn audio-only on", text)
	}
}

// TestSpeakerAskDoesNotSayTheScreenAgain: the cancel question is said
// with the answer the focus is on; the screen under it, unchanged, is not
// said again, then or when the screens next update it.
func TestSpeakerAskDoesNotSayTheScreenAgain(t *testing.T) {
	for _, l := range kiosk.Languages {
		t.Run(string(l), func(t *testing.T) {
			rec := &speechtest.Recorder{}
			sp := speech.NewSpeaker(rec, speech.Device{Languages: kiosk.Languages, Services: 9})
			st := kiosk.State{Stage: kiosk.StageSurvey, Lang: l}
			sp.Update(st, speech.Control{})
			screen := rec.Take()[0].Text()
			keep := speech.Control{Role: speech.RoleButton, Label: kiosk.Msg(l, "cancel.ask.keep")}
			sp.Ask(st, keep)
			got := rec.Take()
			if len(got) != 1 || got[0].Kind != speech.KindQuestion {
				t.Fatalf("utterances %+v, want one question", got)
			}
			if strings.Contains(got[0].Text(), screen) {
				t.Errorf("the screen was said again with the question: %q", got[0].Text())
			}
			if !strings.HasSuffix(got[0].Text(), speech.Focus(st, keep, false).Text()) {
				t.Errorf("question %q does not end on the focused answer", got[0].Text())
			}
			sp.Update(st, keep)
			if again := rec.Take(); len(again) != 0 {
				t.Errorf("said again after the question: %q", again[0].Text())
			}
		})
	}
}
