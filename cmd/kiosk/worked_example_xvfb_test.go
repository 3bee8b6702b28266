package main_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/offline/journeys"
)

// walker is one scripted citizen of the worked example in
// docs/measuring.md: the language chosen, whether a Continue is refused
// first, and either a tax paid and rated or a cancel at a step with a
// reason and a rating.
type walker struct {
	lang kiosk.Lang
	// refused: on the taxpayer step, Continue is pressed first and
	// refused: with nothing typed by a citizen who then goes on, with a
	// national code that fails its check by one who then cancels.
	refused bool
	// cancelAt is "" for a tax paid, else the step cancelled on:
	// "intro", "taxpayer" or "payment".
	cancelAt string
	// reason is the stop reason chosen after a cancel.
	reason kiosk.StopReason
	// rating is the survey's answer, 1 to 5.
	rating int
}

// workedExample is the walk: 28 sessions of the tax service on a TV, 18
// in Persian and 10 in English, 14 paid and 14 cancelled, so that every
// figure of the report is drawn from at least 10 sessions somewhere.
var workedExample = []walker{
	{lang: kiosk.Persian, rating: 5},
	{lang: kiosk.Persian, rating: 4},
	{lang: kiosk.Persian, cancelAt: "taxpayer", refused: true, reason: "hard-to-use", rating: 1},
	{lang: kiosk.English, rating: 4},
	{lang: kiosk.Persian, rating: 4, refused: true},
	{lang: kiosk.English, cancelAt: "taxpayer", refused: true, reason: "hard-to-use", rating: 1},
	{lang: kiosk.Persian, cancelAt: "intro", reason: "missing-document", rating: 3},
	{lang: kiosk.Persian, rating: 5},
	{lang: kiosk.English, cancelAt: "payment", reason: "too-long", rating: 2},
	{lang: kiosk.Persian, cancelAt: "payment", reason: "missing-document", rating: 2},
	{lang: kiosk.Persian, rating: 3},
	{lang: kiosk.English, rating: 3, refused: true},
	{lang: kiosk.Persian, cancelAt: "taxpayer", refused: true, reason: "hard-to-use", rating: 2},
	{lang: kiosk.English, cancelAt: "taxpayer", refused: true, reason: "hard-to-use", rating: 2},
	{lang: kiosk.Persian, rating: 4},
	{lang: kiosk.Persian, cancelAt: "taxpayer", refused: true, reason: "later", rating: 3},
	{lang: kiosk.English, cancelAt: "intro", reason: "wrong-service", rating: 3},
	{lang: kiosk.Persian, rating: 5, refused: true},
	{lang: kiosk.English, rating: 5},
	{lang: kiosk.Persian, cancelAt: "taxpayer", refused: true, reason: "too-long", rating: 2},
	{lang: kiosk.Persian, rating: 4},
	{lang: kiosk.English, cancelAt: "taxpayer", refused: true, reason: "missing-document", rating: 2},
	{lang: kiosk.Persian, cancelAt: "intro", reason: "missing-document", rating: 2},
	{lang: kiosk.Persian, rating: 2},
	{lang: kiosk.English, cancelAt: "payment", reason: "later", rating: 3},
	{lang: kiosk.Persian, cancelAt: "payment", reason: "too-long", rating: 1},
	{lang: kiosk.English, rating: 4},
	{lang: kiosk.Persian, rating: 4},
}

// TestMeasuringWorkedExampleUnderXvfb walks the real kiosk, as a TV
// under Xvfb with the remote's keys, through the sessions of
// workedExample, and leaves its data directory in
// $PISHKHAN_WORKED_EXAMPLE/data for kioskctl report and export (the
// worked example of docs/measuring.md). It checks that the journeys
// stored are the ones walked. Skipped unless PISHKHAN_WORKED_EXAMPLE is
// set: it takes about ten minutes.
func TestMeasuringWorkedExampleUnderXvfb(t *testing.T) {
	out := os.Getenv("PISHKHAN_WORKED_EXAMPLE")
	if out == "" {
		t.Skip("set PISHKHAN_WORKED_EXAMPLE=DIR to walk the worked example of docs/measuring.md into DIR/data")
	}
	dir := filepath.Join(out, "data")
	// PISHKHAN_WORKED_EXAMPLE_FROM=N walks on from the Nth session into
	// the journeys already there, after a walk that stopped.
	from := 1
	if f := os.Getenv("PISHKHAN_WORKED_EXAMPLE_FROM"); f != "" {
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 || n > len(workedExample) {
			t.Fatalf("PISHKHAN_WORKED_EXAMPLE_FROM=%q: want 1 to %d", f, len(workedExample))
		}
		from = n
	}
	if _, err := os.Stat(filepath.Join(dir, "journeys.db")); err == nil && from == 1 {
		t.Fatalf("%s already holds journeys: give an empty directory", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.Mode, cfg.DeviceID = config.ModeTV, "WORKED-EXAMPLE-TV"
	cfg.Metrics.Listen = "off" // never the port another kiosk on this machine holds
	if err := config.Commit(filepath.Join(dir, "config.yaml"), cfg); err != nil {
		t.Fatal(err)
	}
	kioskBinary(t)
	start := time.Now()
	x := startXvfb(t, 1920, 1080)
	k := startKiosk(t, x, "-data", dir)
	k.waitLog(t, 60*time.Second, "kiosk started")
	r := newRemote(t, x)
	for i, w := range workedExample {
		if i+1 < from {
			continue
		}
		if time.Since(start) > 25*time.Minute {
			t.Fatalf("the walk took over 25 minutes; %d of %d sessions walked", i, len(workedExample))
		}
		w.walk(t, r, k, i)
	}
	t.Logf("%d sessions walked in %v", len(workedExample), time.Since(start).Round(time.Second))
	// The journey ends when the thanks screen is left: give the writer
	// time to commit the last one, then stop the kiosk cleanly.
	time.Sleep(2 * time.Second)
	if err := k.stop(t, syscall.SIGTERM); err != nil {
		t.Fatalf("kiosk exited with %v after SIGTERM", err)
	}
	checkWorkedExample(t, dir, from > 1)
}

// forward and back are the arrow keys towards the next and the
// previous control in a row: right to left in Persian.
func forward(l kiosk.Lang) string {
	if l.RTL() {
		return "Left"
	}
	return "Right"
}

// walk takes one citizen from the attract screen back to it.
func (w walker) walk(t *testing.T, r *remote, k *runningKiosk, i int) {
	t.Helper()
	shot := func(name string) { r.save(fmt.Sprintf("we%02d-%s", i+1, name)) }
	r.press("Return") // start
	if w.lang == kiosk.English {
		r.press("Left") // the focus from فارسی to English, on its left
	}
	r.press("Return") // the language
	r.press("Return") // the first service: tax
	shot("intro")
	if w.cancelAt == "intro" {
		r.press("F1") // red: nothing typed yet, so no question
		settleScreen(r)
		w.stopSurvey(r)
		return
	}
	r.press("Return") // start the form
	switch {
	case w.refused && w.cancelAt == "taxpayer":
		typeDigits(r, "1234567890") // a national code whose check digit is wrong
		r.press("F2")               // green: Continue, refused
		shot("refused")
	case w.refused:
		r.press("F2") // green: Continue with nothing typed, refused
		shot("refused")
	}
	if w.cancelAt == "taxpayer" {
		r.press("F1") // red: the question
		r.press("F1") // red again: stop
		settleScreen(r)
		w.stopSurvey(r)
		return
	}
	typeDigits(r, "0499370899") // the national code, below the taxpayer type
	r.press("Return")
	typeDigits(r, "09121234567")
	r.press("Return") // on to the payment step
	shot("payment")
	if w.cancelAt == "payment" {
		r.press("F1")
		r.press("F1")
		settleScreen(r)
		w.stopSurvey(r)
		return
	}
	r.press("Return") // business income tax
	typeDigits(r, "1403")
	r.press("Return")
	typeDigits(r, "2500000")
	r.press("Return")
	shot("review")
	r.press("Return") // confirm the answers
	r.press("F2")     // green: submit
	enqueuedCode(t, k)
	deadline := time.Now().Add(10 * time.Second)
	for string(rawScreenshot(t, r.x)) == string(r.last) && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	r.last = rawScreenshot(t, r.x)
	shot("receipt")
	r.press("Return") // done: the survey, the focus on 3
	switch {
	case w.rating > 3:
		for n := 3; n < w.rating; n++ {
			r.press(forward(w.lang))
		}
	case w.rating < 3:
		for n := 3; n > w.rating; n-- {
			r.press(back(w.lang))
		}
	}
	shot("survey")
	r.press("Return") // the rating
	r.press("Return") // the thanks screen's Finish: the journey ends
}

// settleScreen waits until the screen has stopped changing (the question
// closing, the next screen drawn) before the next key.
func settleScreen(r *remote) {
	r.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		time.Sleep(300 * time.Millisecond)
		now := rawScreenshot(r.t, r.x)
		if string(now) == string(r.last) {
			return
		}
		r.last = now
	}
}

func back(l kiosk.Lang) string {
	if l.RTL() {
		return "Right"
	}
	return "Left"
}

// stopSurvey answers the survey after a cancel, then leaves the thanks
// screen. The focus starts on the first reason; the reasons are two
// columns in rows (missing-document, too-long / hard-to-use,
// wrong-service / later), and Down from the last row reaches the
// rating 1, the nearest.
func (w walker) stopSurvey(r *remote) {
	r.t.Helper()
	pos := map[kiosk.StopReason][2]int{ // row, column
		"missing-document": {0, 0}, "too-long": {0, 1},
		"hard-to-use": {1, 0}, "wrong-service": {1, 1},
		"later": {2, 0},
	}
	p, ok := pos[w.reason]
	if !ok {
		r.t.Fatalf("stop reason %q is not on the screen", w.reason)
	}
	for n := 0; n < p[0]; n++ {
		r.press("Down")
	}
	if p[1] == 1 {
		r.press(forward(w.lang))
	}
	r.press("Return") // the reason
	for n := p[0]; n < 3; n++ {
		r.press("Down")
	}
	for n := 1; n < w.rating; n++ {
		r.press(forward(w.lang))
	}
	r.press("Return") // the rating: both answered, the thanks screen
	r.press("Return") // Finish
}

// checkWorkedExample reads the journeys back and checks they are the
// sessions walked: by language and outcome, the exit steps, the stop
// reasons and the ratings. After a walk resumed, the stopped walk's
// last session may have left one more journey: it is only logged.
func checkWorkedExample(t *testing.T, dir string, resumed bool) {
	t.Helper()
	s, err := journeys.Open(dir, journeys.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	count := func(m map[string]int) string {
		var keys []string
		for k, n := range m {
			keys = append(keys, fmt.Sprintf("%s=%d", k, n))
		}
		sort.Strings(keys)
		return strings.Join(keys, " ")
	}
	want, got := map[string]int{}, map[string]int{}
	for _, w := range workedExample {
		outcome, exit, reason := "submitted", "thanks", ""
		if w.cancelAt != "" {
			outcome, exit, reason = "cancelled", w.cancelAt, string(w.reason)
		}
		want[fmt.Sprintf("%s/%s/%s/%s/%d/refused=%v", w.lang, outcome, exit, reason, w.rating, w.refused)]++
	}
	err = s.List(time.Time{}, func(j kiosk.Journey) error {
		got[fmt.Sprintf("%s/%s/%s/%s/%d/refused=%v", j.Lang, j.Outcome, j.ExitStep, j.StopReason, j.Satisfaction, len(j.Refusals) > 0)]++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !resumed && count(got) != count(want) {
		t.Errorf("journeys stored:\n%s\nwant:\n%s", count(got), count(want))
	}
	for k, n := range want {
		if got[k] < n {
			t.Errorf("%d journeys %s stored, want %d", got[k], k, n)
		}
		got[k] -= n
	}
	for k, n := range got {
		if n > 0 {
			t.Logf("a journey more than walked (from the walk that stopped): %s", k)
		}
	}
}
