package espeak_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/speech"
	"github.com/pishkhan/pishkhan/kiosk/speech/espeak"
)

// needEspeak skips when espeak-ng is truly absent; `make test` installs
// it (TEST_PKGS), so in CI these tests run.
func needEspeak(t testing.TB) {
	t.Helper()
	if err := espeak.Check("", "fa", "en"); err != nil {
		t.Skipf("espeak-ng with fa and en voices is not installed (apt-get install espeak-ng): %v", err)
	}
}

// soxStat measures a WAV file with `sox FILE -n stat`: its length in
// seconds and its RMS amplitude.
func soxStat(t *testing.T, path string) (seconds, rms float64) {
	t.Helper()
	if _, err := exec.LookPath("sox"); err != nil {
		t.Skip("sox is not installed (apt-get install sox): it measures the audio")
	}
	out, err := exec.Command("sox", path, "-n", "stat").CombinedOutput()
	if err != nil {
		t.Fatalf("sox %s -n stat: %v\n%s", path, err, out)
	}
	field := func(name string) float64 {
		m := regexp.MustCompile(regexp.QuoteMeta(name) + `:\s+([-0-9.]+)`).FindSubmatch(out)
		if m == nil {
			t.Fatalf("sox stat has no %q:\n%s", name, out)
		}
		v, err := strconv.ParseFloat(string(m[1]), 64)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	return field("Length (seconds)"), field("RMS     amplitude")
}

// TestRealEspeakEachLanguage speaks a typical utterance (a receipt's
// tracking code) in Persian and in English with the real espeak-ng, to
// WAV files, and checks with sox that each is speech: non-silent and as
// long as such a sentence takes to say.
func TestRealEspeakEachLanguage(t *testing.T) {
	needEspeak(t)
	tests := []struct {
		lang kiosk.Lang
		text string
	}{
		{kiosk.Persian, "درخواست شما ثبت شد. کد رهگیری شما: " + speech.CodeWords(kiosk.Persian, "0004200501462000") + "."},
		{kiosk.English, "Your request has been received. Your tracking code is: " + speech.CodeWords(kiosk.English, "0004200501462000") + "."},
	}
	for _, tt := range tests {
		t.Run(string(tt.lang), func(t *testing.T) {
			dir := t.TempDir()
			e, err := espeak.New(espeak.Config{Dir: dir})
			if err != nil {
				t.Fatal(err)
			}
			e.Speak(speech.Utterance{Kind: speech.KindScreen, Parts: []speech.Part{{Lang: tt.lang, Text: tt.text}}})
			e.Wait()
			files, _ := filepath.Glob(filepath.Join(dir, "*-"+string(tt.lang)+".wav"))
			if len(files) != 1 {
				t.Fatalf("%d WAV files for %s, want 1", len(files), tt.lang)
			}
			secs, rms := soxStat(t, files[0])
			t.Logf("%s: %.2f s, RMS amplitude %.4f", tt.lang, secs, rms)
			// Sixteen digits and a sentence take several seconds at
			// ordinary speed; far less is a voice that said nothing, far
			// more one that spelt the text letter by letter.
			if secs < 4 || secs > 30 {
				t.Errorf("%.2f s of audio, want 4 to 30", secs)
			}
			if rms < 0.01 {
				t.Errorf("RMS amplitude %.4f: silent", rms)
			}
		})
	}
}

// TestNewUtteranceKillsTheOneUnderWay: a long utterance interrupted by a
// short one stops at once; only the short one is said to its end.
func TestNewUtteranceKillsTheOneUnderWay(t *testing.T) {
	needEspeak(t)
	dir := t.TempDir()
	e, err := espeak.New(espeak.Config{Dir: dir, Rate: espeak.MinRate})
	if err != nil {
		t.Fatal(err)
	}
	long := speech.Utterance{Parts: []speech.Part{
		{Lang: kiosk.English, Text: speech.CodeWords(kiosk.English, "12345678901234567890123456789012")},
		{Lang: kiosk.Persian, Text: speech.CodeWords(kiosk.Persian, "12345678901234567890123456789012")},
	}}
	e.Speak(long)
	time.Sleep(20 * time.Millisecond)
	began := time.Now()
	e.Speak(speech.Utterance{Parts: []speech.Part{{Lang: kiosk.English, Text: "Next."}}})
	if d := time.Since(began); d > 50*time.Millisecond {
		t.Errorf("Speak took %v while another was under way: it must not wait (the UI thread calls it)", d)
	}
	e.Wait()
	files, _ := filepath.Glob(filepath.Join(dir, "*.wav"))
	slices.Sort(files)
	// The long one's second part never started.
	for _, f := range files {
		if filepath.Base(f) == "000001-1-fa.wav" {
			t.Errorf("the interrupted utterance went on to its next part")
		}
	}
	last := filepath.Join(dir, "000002-0-en.wav")
	if _, err := os.Stat(last); err != nil {
		t.Fatalf("the new utterance was not said: %v (files %v)", err, files)
	}
	if secs, _ := soxStat(t, last); secs > 3 {
		t.Errorf("the new utterance lasts %.2f s", secs)
	}
}

// TestSpeechStartsWithin300ms measures, for each language, the time from
// Speak to the first audio byte (what a citizen waits after a key): ADA
// 707.5 and the issue ask for speech within 300 ms.
func TestSpeechStartsWithin300ms(t *testing.T) {
	needEspeak(t)
	var mu sync.Mutex
	var waits []time.Duration
	e, err := espeak.New(espeak.Config{Dir: t.TempDir(), FirstAudio: func(d time.Duration) {
		mu.Lock()
		waits = append(waits, d)
		mu.Unlock()
	}})
	if err != nil {
		t.Fatal(err)
	}
	texts := map[kiosk.Lang]string{
		kiosk.Persian: "کد ملی، کادر نوشتن، خالی، یک از سه",
		kiosk.English: "National code, text box, empty, 1 of 3",
	}
	for range 5 {
		for _, l := range kiosk.Languages {
			e.Speak(speech.Utterance{Kind: speech.KindFocus, Parts: []speech.Part{{Lang: l, Text: texts[l]}}})
			e.Wait()
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(waits) != 10 {
		t.Fatalf("%d first-audio reports, want 10", len(waits))
	}
	slices.Sort(waits)
	t.Logf("time to first audio byte: median %v, worst %v", waits[len(waits)/2], waits[len(waits)-1])
	// The median, not the worst: the machine running the tests is shared.
	if waits[len(waits)/2] > 300*time.Millisecond {
		t.Errorf("median time to first audio %v, want at most 300ms", waits[len(waits)/2])
	}
}

// BenchmarkTimeToFirstAudio reports the time from Speak to the first
// audio byte of a focus utterance, in Persian.
func BenchmarkTimeToFirstAudio(b *testing.B) {
	needEspeak(b)
	var mu sync.Mutex
	var total time.Duration
	e, err := espeak.New(espeak.Config{Dir: b.TempDir(), FirstAudio: func(d time.Duration) {
		mu.Lock()
		total += d
		mu.Unlock()
	}})
	if err != nil {
		b.Fatal(err)
	}
	u := speech.Utterance{Parts: []speech.Part{{Lang: kiosk.Persian, Text: "کد ملی، کادر نوشتن، خالی"}}}
	for b.Loop() {
		e.Speak(u)
		e.Wait()
	}
	mu.Lock()
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms-to-audio/op")
	mu.Unlock()
}

func TestRateAndVolumeStayInBounds(t *testing.T) {
	needEspeak(t)
	e, err := espeak.New(espeak.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	for range 50 {
		e.Rate(1)
		e.Volume(-1)
	}
	if r, a := e.Settings(); r != espeak.MaxRate || a != espeak.MinAmplitude {
		t.Errorf("settings %d, %d after many steps, want %d, %d", r, a, espeak.MaxRate, espeak.MinAmplitude)
	}
	e.Rate(-1)
	if r, _ := e.Settings(); r != espeak.MaxRate-espeak.RateStep {
		t.Errorf("rate %d after a step down", r)
	}
	e.ResetSettings()
	if r, a := e.Settings(); r != espeak.DefaultRate || a != espeak.DefaultAmplitude {
		t.Errorf("settings %d, %d after a reset, want the defaults", r, a)
	}
}

func TestMissingBinaryIsUnavailable(t *testing.T) {
	_, err := espeak.New(espeak.Config{Binary: "no-such-espeak-ng", Dir: t.TempDir()})
	if err == nil || !errors.Is(err, espeak.ErrUnavailable) {
		t.Fatalf("New with a missing binary: %v, want ErrUnavailable", err)
	}
	if err := espeak.Check("no-such-espeak-ng"); !errors.Is(err, espeak.ErrUnavailable) {
		t.Fatalf("Check: %v", err)
	}
}
