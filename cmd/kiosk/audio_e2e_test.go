package main_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/speech"
)

// A blind citizen pays a tax on the real kiosk in audio-only mode: they
// hear the attract loop's invitation, press the keypad's star key, and
// from then on choose every key from what the kiosk says (the msg=speak
// lines of its log), never from the screen, which stays black. The kiosk
// writes its speech to WAV files (-speech-dir), so no sound card is
// needed; it is started without -speech, so the citizen turns speech on.

// utterance is one msg=speak line of the kiosk's log.
type utterance struct {
	lang, kind, text string
}

var speakRE = regexp.MustCompile(`msg=speak lang=(\S+) kind=(\S+) repeat=\S+ text=("(?:[^"\\]|\\.)*"|\S*)`)

// listener hears what the kiosk says, by reading its log.
type listener struct {
	t     *testing.T
	k     *runningKiosk
	x     *xvfb
	heard []utterance // everything heard, for the failure message
	lines []string    // every other line of the log
}

// trackingCode returns the code of the submission the outbox stored, from
// the log lines read while listening, or from the log to come.
func (l *listener) trackingCode() kiosk.TrackingCode {
	l.t.Helper()
	for _, line := range l.lines {
		if m := trackingCodeRE.FindStringSubmatch(line); m != nil && strings.Contains(line, "outbox: enqueued") {
			return kiosk.TrackingCode(m[1])
		}
	}
	return enqueuedCode(l.t, l.k)
}

// listen returns what the kiosk says from now until it has been quiet
// for quiet, waiting up to first for it to start.
func (l *listener) listen(first, quiet time.Duration) string {
	l.t.Helper()
	var said []string
	wait := time.After(first)
	for {
		select {
		case line := <-l.k.logs:
			m := speakRE.FindStringSubmatch(line)
			if m == nil {
				l.lines = append(l.lines, line)
				continue
			}
			text := m[3]
			if uq, err := strconv.Unquote(text); err == nil {
				text = uq
			}
			l.heard = append(l.heard, utterance{lang: m[1], kind: m[2], text: text})
			said = append(said, text)
			wait = time.After(quiet)
		case <-wait:
			return strings.Join(said, " ")
		}
	}
}

// press presses a key and returns what the kiosk said after it.
func (l *listener) press(key string) string {
	l.t.Helper()
	l.x.xdotool(l.t, "key", key)
	return l.listen(3*time.Second, 600*time.Millisecond)
}

// typeDigits types digits (the keypad's): a field says it is filled
// after the first, and nothing after the others.
func (l *listener) typeDigits(s string) string {
	l.t.Helper()
	var keys []string
	for _, d := range s {
		keys = append(keys, "KP_"+string(d))
	}
	l.x.xdotool(l.t, append([]string{"key", "--delay", "60"}, keys...)...)
	return l.listen(2*time.Second, 600*time.Millisecond)
}

// transcript is everything heard, one line each, for a failure.
func (l *listener) transcript() string {
	var b strings.Builder
	for _, u := range l.heard {
		b.WriteString("  [" + u.lang + " " + u.kind + "] " + u.text + "\n")
	}
	return b.String()
}

func (l *listener) fatalf(format string, args ...any) {
	l.t.Helper()
	l.t.Fatalf(format+"\nheard:\n%s\nthe rest of the log:\n  %s", append(args, l.transcript(), strings.Join(l.lines, "\n  "))...)
}

// requireBlank fails unless the whole display is one colour.
func (l *listener) requireBlank(where string) {
	l.t.Helper()
	if n := colourCount(l.x.screenshot(l.t)); n != 1 {
		l.fatalf("%s: audio-only, yet the display shows %d colours", where, n)
	}
}

// seek presses arrows until what is said names want, turning back at an
// end of the row.
func (l *listener) seek(want string, said string, arrows ...string) string {
	l.t.Helper()
	for i, dir := 0, 0; i < 12; i++ {
		if strings.Contains(said, want) {
			return said
		}
		next := l.press(arrows[dir])
		if next == "" { // nothing further that way
			dir = (dir + 1) % len(arrows)
		}
		said = next
	}
	l.fatalf("no control saying %q within twelve arrow presses", want)
	return ""
}

// TestAudioOnlyTaxByKeysUnderXvfb walks a tax payment in English in
// audio-only mode with keys only, each chosen from what was said, and
// checks that the display stays black and that the receipt's tracking
// code is said digit by digit.
func TestAudioOnlyTaxByKeysUnderXvfb(t *testing.T) {
	requireTools(t, "espeak-ng")
	start := time.Now()
	x := startXvfb(t, 1280, 800)
	dir, wavs := t.TempDir(), t.TempDir()
	k := startKiosk(t, x, "-data", dir, "-speech-dir", wavs)
	l := &listener{t: t, k: k, x: x}
	en := func(key string) string { return kiosk.Msg(kiosk.English, key) }
	fa := func(key string) string { return kiosk.Msg(kiosk.Persian, key) }

	// The attract loop says, in both languages, how to turn audio-only on.
	if said := l.listen(60*time.Second, time.Second); !strings.Contains(said, en("audio.attract")) || !strings.Contains(said, fa("audio.attract")) {
		l.fatalf("the attract loop did not say how to turn audio-only on")
	}
	win := x.waitWindow(t, "Pishkhan", 10*time.Second)
	x.xdotool(t, "windowfocus", "--sync", win)
	x.xdotool(t, "mousemove", "0", "0")

	said := l.press("KP_Multiply")
	if !strings.Contains(said, fa("audio.only.on")) || !strings.Contains(said, en("language.title")) {
		l.fatalf("the star key did not say audio-only is on, then the language screen")
	}
	time.Sleep(300 * time.Millisecond) // the frame after the key
	l.requireBlank("language")

	l.seek(en("language.en"), said, "Right", "Left")
	said = l.press("Return")
	if !strings.Contains(said, en("services.title")) {
		l.fatalf("choosing English did not say the service grid")
	}
	svc, _ := kiosk.DefaultCatalogue().Service("tax")
	l.seek(svc.Name.In(kiosk.English), said, "Right", "Down", "Left")
	said = l.press("Return")
	if !strings.Contains(said, en("speech.intro")) {
		l.fatalf("the tax service's introduction was not said")
	}
	l.requireBlank("intro")

	// The form: what each focused field is called says what to type; a
	// choice or a button is answered with OK.
	answers := map[string]string{}
	for id, v := range map[string]string{"national_code": "0499370899", "mobile": "09121234567", "tax_year": "1403", "amount": "2500000"} {
		f, ok := svc.Field(id)
		if !ok {
			t.Fatalf("tax has no field %s", id)
		}
		answers[f.Label.In(kiosk.English)] = v
	}
	// The keys a citizen picks from what they hear: type the answer into
	// an empty field they know and go on with OK; take the first choice
	// of a question with nothing chosen; pass over a choice already made
	// and the other choices; tick an unticked box; OK on anything else.
	typed := map[string]bool{}
	backButton := en("nav.back") + en("speech.pause") + en("speech.role.button")
	said = l.press("Return") // Start
	var receipt string
	for i := 0; i < 40; i++ {
		if strings.Contains(said, en("review.title")) || strings.Contains(said, en("consent.title")) {
			l.requireBlank("review and consent")
		}
		if strings.Contains(said, "tracking code") {
			receipt = said
			break
		}
		if strings.Contains(said, en("saving.title")) {
			// Storing the request: wait for the receipt, pressing nothing.
			said = l.listen(15*time.Second, time.Second)
			continue
		}
		label := ""
		for lb := range answers {
			if strings.Contains(said, lb) && strings.Contains(said, en("speech.role.field")) && strings.Contains(said, en("speech.empty")) && !typed[lb] {
				label = lb
			}
		}
		key := "Return"
		switch {
		case label != "":
			typed[label] = true
			l.typeDigits(answers[label])
			key = "Down"
		case strings.HasPrefix(said, backButton):
			key = "Right" // the way forward is at the other end of the row
		case strings.Contains(said, en("speech.filled")):
			key = "Down"
		case strings.Contains(said, en("speech.not_selected")) && !strings.Contains(said, ", one of "):
			key = "Down"
		case strings.Contains(said, en("speech.not_selected")), strings.Contains(said, en("speech.not_checked")):
			key = "Return"
		case strings.Contains(said, en("speech.selected")), strings.Contains(said, en("speech.checked")), said == "":
			key = "Down"
		}
		t.Logf("heard %q: pressing %s", said, key)
		said = l.press(key)
	}
	if receipt == "" {
		l.fatalf("no receipt was said after forty keys")
	}
	code := l.trackingCode()
	if !strings.Contains(receipt, speech.CodeWords(kiosk.English, string(code))) {
		l.fatalf("the receipt did not say tracking code %s digit by digit in groups", code)
	}
	if !strings.Contains(receipt, strings.TrimSuffix(en("receipt.no_printer"), "…")) && !strings.Contains(receipt, strings.TrimSuffix(en("receipt.scan"), "…")) {
		l.fatalf("the receipt did not say whether the paper printed")
	}
	l.requireBlank("receipt")
	for _, u := range l.heard {
		for _, v := range answers {
			if strings.Contains(u.text, v) || strings.Contains(u.text, speech.DigitWords(kiosk.English, v)) {
				l.fatalf("an answer (%s) was said aloud without a read-back", v)
			}
		}
	}
	t.Logf("paid a tax by ear in %v, %d utterances", time.Since(start).Round(time.Second), len(l.heard))
}
