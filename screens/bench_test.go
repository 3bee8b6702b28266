package screens_test

import (
	"sort"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/kiosk"
)

// report adds the p50 and p99 of the samples to the benchmark's output.
func report(b *testing.B, samples []time.Duration, unit string, scale time.Duration) {
	if len(samples) == 0 {
		return
	}
	sort.Slice(samples, func(i, j int) bool { return samples[i] < samples[j] })
	at := func(q float64) float64 {
		return float64(samples[int(q*float64(len(samples)-1))]) / float64(scale)
	}
	b.ReportMetric(at(0.50), "p50-"+unit)
	b.ReportMetric(at(0.99), "p99-"+unit)
}

// BenchmarkKeystroke measures what a citizen feels on every key: the tap
// on an on-screen key, the field updating, the answer reaching the
// session and the step being brought up to date.
func BenchmarkKeystroke(b *testing.B) {
	r := newRig(b)
	r.startIn(kiosk.Persian)
	r.open("employment")
	key := func(label string) func() {
		for _, btn := range r.buttons(label) {
			return func() { test.Tap(btn) }
		}
		b.Fatalf("no key %q", label)
		return nil
	}
	letter, backspace := key("ب"), key(kiosk.Msg(kiosk.Persian, "keyboard.backspace"))
	samples := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if i%2 == 0 {
			letter()
		} else {
			backspace()
		}
		samples = append(samples, time.Since(start))
	}
	b.StopTimer()
	report(b, samples, "µs", time.Microsecond)
}

// BenchmarkStepChange measures a tap on Next or Back that changes the
// step: building the new step's screen, with its keyboard, and laying it
// out.
func BenchmarkStepChange(b *testing.B) {
	r := newRig(b)
	r.startIn(kiosk.Persian)
	r.open("library")
	r.pressKeys("۰۰۱۳۵۴۲۴۱۹")
	r.tapMsg("keyboard.done")
	r.pressKeys("۰۹۳۵۱۲۳۴۵۶۷")
	next, back := kiosk.Msg(kiosk.Persian, "nav.next"), kiosk.Msg(kiosk.Persian, "nav.back")
	samples := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		label := next
		if i%2 == 1 {
			label = back
		}
		btn := r.buttons(label)[0]
		start := time.Now()
		test.Tap(btn)
		samples = append(samples, time.Since(start))
	}
	b.StopTimer()
	report(b, samples, "ms", time.Millisecond)
}

// BenchmarkArrowKey measures what a viewer feels on every press of the
// remote's arrows on the busiest screen, the on-screen keyboard on a
// television: finding the controls and the nearest one in the arrow's
// direction, moving the focus ring, and the session noting the activity.
func BenchmarkArrowKey(b *testing.B) {
	r := newRig(b, tvMode())
	r.toServices(kiosk.Persian)
	emp, _ := kiosk.DefaultCatalogue().Service("employment")
	r.choose(emp.Name.In(kiosk.Persian))
	r.press(fyne.KeyReturn, fyne.KeyReturn, fyne.KeyReturn) // into the keyboard
	samples := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		key := fyne.KeyLeft
		if i%2 == 1 {
			key = fyne.KeyRight
		}
		start := time.Now()
		r.press(key)
		samples = append(samples, time.Since(start))
	}
	b.StopTimer()
	report(b, samples, "µs", time.Microsecond)
}
