package speech_test

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/speech"
	"github.com/pishkhan/pishkhan/kiosk/speech/speechtest"
)

// TestLoggedLogsEachPartButNoReadBack: every part of an utterance is
// logged as msg=speak with its language and text, and passed on; a
// read-back (the citizen's own answer) is logged without its text.
func TestLoggedLogsEachPartButNoReadBack(t *testing.T) {
	var buf bytes.Buffer
	rec := &speechtest.Recorder{}
	e := speech.Logged(rec, slog.New(slog.NewTextHandler(&buf, nil)))
	e.Speak(speech.Utterance{Kind: speech.KindScreen, Parts: []speech.Part{
		{Lang: kiosk.Persian, Text: "زبان را انتخاب کنید."},
		{Lang: kiosk.English, Text: "Choose your language."},
	}})
	e.Speak(speech.Utterance{Kind: speech.KindReadBack, Parts: []speech.Part{{Lang: kiosk.English, Text: "National code: zero four nine nine"}}})
	e.Repeat()
	out := buf.String()
	for _, want := range []string{
		`msg=speak lang=fa kind=screen repeat=false text="زبان را انتخاب کنید."`,
		`msg=speak lang=en kind=screen repeat=false text="Choose your language."`,
		`msg=speak lang=en kind=readback repeat=false text=""`,
		`msg=speak lang=en kind=readback repeat=true text=""`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, "zero four") {
		t.Errorf("a read-back's text was logged:\n%s", out)
	}
	if n := len(rec.Utterances()); n != 3 {
		t.Errorf("%d utterances passed on, want 3 (two and a repeat)", n)
	}
}
