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

// countObjects counts the objects in the tree under o, as Fyne walks it
// every frame: every container, widget and object a renderer holds, and,
// of them, those shown (the painter skips a hidden object and what it
// holds; the minimum-size walk visits them all).
func countObjects(o fyne.CanvasObject) (all, shown int) {
	var count func(o fyne.CanvasObject, visible bool)
	count = func(o fyne.CanvasObject, visible bool) {
		if o == nil {
			return
		}
		visible = visible && o.Visible()
		all++
		if visible {
			shown++
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, c := range x.Objects {
				count(c, visible)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				count(c, visible)
			}
		}
	}
	count(o, true)
	return all, shown
}

// BenchmarkScreenChange measures the kiosk's own work on a key that
// changes the screen, as the UI does it: the session's change, building
// the new screen and laying it out (icons rasterized, texts shaped). The
// frame the painter then draws is not timed: the test driver's software
// painter is no measure of the GL one. Each case goes there and back;
// only the way there is timed and counted in allocs/op. It reports the
// objects of the window's tree once the screen shows, which Fyne walks
// and llvmpipe draws every frame. A "cold" case forgets the texts'
// layouts before each key, as the first visit of a screen in a session
// finds them (the UI forgets them when a session ends).
func BenchmarkScreenChange(b *testing.B) {
	police := func(r *rig) {
		r.open("police")
		r.pressKeys("۰۰۱۳۵۴۲۴۱۹")
		r.tapMsg("keyboard.done")
		r.pressKeys("۰۹۳۵۱۲۳۴۵۶۷")
		r.tapMsg("nav.next")
		r.tap(r.choice("kind", "clearance"))
		r.tapMsg("nav.next")
		r.typeFocused("رضا")
		r.tap(r.choice("clearance_purpose", "employment"))
		r.tapMsg("form.agree")
	}
	svc, _ := kiosk.DefaultCatalogue().Service("police")
	name := svc.Name.In(kiosk.Persian)
	msg := func(key string) string { return kiosk.Msg(kiosk.Persian, key) }
	cases := []struct {
		name string
		// setup brings the rig to the screen the timed key leaves.
		setup       func(r *rig)
		there, back string
		want        kiosk.Stage
	}{
		{"services", func(r *rig) { r.tap(name) }, msg("nav.back"), name, kiosk.StageServices},
		{"intro", func(*rig) {}, name, msg("nav.back"), kiosk.StageIntro},
		{"step", func(r *rig) { r.tap(name) }, msg("intro.start"), msg("nav.back"), kiosk.StageForm},
		{"review", police, msg("nav.next"), msg("nav.back"), kiosk.StageReview},
	}
	for _, tc := range cases {
		for _, cold := range []bool{false, true} {
			name := tc.name + "/warm"
			if cold {
				name = tc.name + "/cold"
			}
			b.Run(name, func(b *testing.B) { benchScreenChange(b, tc.setup, tc.there, tc.back, tc.want, cold) })
		}
	}
}

// benchScreenChange times the key labelled there, which brings the
// screen of stage want; back returns to the screen before it.
func benchScreenChange(b *testing.B, setup func(*rig), there, back string, want kiosk.Stage, cold bool) {
	r := newRig(b)
	r.startIn(kiosk.Persian)
	setup(r)
	draw := func() { r.w.Canvas().Capture() }
	draw()
	build := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		btn := r.buttons(there)[0]
		if cold {
			testFonts().ForgetLayouts()
		}
		b.StartTimer()
		start := time.Now()
		test.Tap(btn)
		build = append(build, time.Since(start))
		b.StopTimer()
		if st := r.sess.State().Stage; st != want {
			b.Fatalf("stage %s, want %s", st, want)
		}
		draw()
		if i == 0 {
			all, shown := countObjects(r.w.Canvas().Content())
			b.ReportMetric(float64(all), "objects")
			b.ReportMetric(float64(shown), "shown")
		}
		r.tap(back)
		draw()
		b.StartTimer()
	}
	b.StopTimer()
	report(b, build, "ms", time.Millisecond)
}
