package screens_test

import (
	"slices"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// BenchmarkSessionEdges measures the UI thread's part of the three
// screen changes at the edges of a session, each to its first frame
// drawn by the test driver's software painter: a touch on the attract
// screen to the language screen (start), Submit to the first frame after
// it (the saving screen, while the outbox stores), and the thanks
// screen's button back to the attract screen (end). Storing and printing
// run on their own goroutines, as on a device; "receipt" is the time
// from the outbox returning to the receipt shown and brought up to date
// once printed (by a fake printer that prints at once).
func BenchmarkSessionEdges(b *testing.B) {
	stored := make(chan time.Time, 1)
	var jobs sync.WaitGroup
	r := newRig(b, func(c *kiosk.SessionConfig, _ *screens.Options) { c.Go = func(f func()) { jobs.Go(f) } })
	r.outbox.EnqueueFunc = func(kiosk.Submission) error {
		defer func() { stored <- time.Now() }()
		return nil
	}
	frame := func() { r.w.Canvas().Capture() }
	var start, submit, receipt, end []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		test.TapCanvas(r.w.Canvas(), fyne.NewPos(windowSize.Width/2, windowSize.Height/2))
		start = append(start, time.Since(t0))
		r.stage(kiosk.StageLanguage)

		b.StopTimer()
		r.tap(kiosk.Msg(kiosk.Persian, "language."+string(kiosk.Persian)))
		r.open("police")
		walkToConsent(b, r)
		b.StartTimer()

		t0 = time.Now()
		r.tapMsg("consent.submit")
		submit = append(submit, time.Since(t0))
		at := <-stored
		jobs.Wait()
		receipt = append(receipt, time.Since(at))

		b.StopTimer()
		r.tapMsg("receipt.done")
		r.stage(kiosk.StageSurvey)
		r.tapMsg("survey.skip")
		r.stage(kiosk.StageThanks)
		frame()
		b.StartTimer()

		t0 = time.Now()
		r.tapMsg("thanks.done")
		end = append(end, time.Since(t0))
		r.stage(kiosk.StageAttract)
	}
	b.StopTimer()
	for _, s := range []struct {
		name    string
		samples []time.Duration
	}{{"start", start}, {"submit", submit}, {"receipt", receipt}, {"end", end}} {
		reportAs(b, s.name, s.samples)
	}
}

// reportAs adds the p50 and p99 of samples, in milliseconds, named after
// what they measured.
func reportAs(b *testing.B, name string, samples []time.Duration) {
	if len(samples) == 0 {
		return
	}
	slices.Sort(samples)
	at := func(q float64) float64 {
		return float64(samples[int(q*float64(len(samples)-1))]) / float64(time.Millisecond)
	}
	b.ReportMetric(at(0.50), "p50-"+name+"-ms")
	b.ReportMetric(at(0.99), "p99-"+name+"-ms")
}

// TestSessionEndsOnTheAttractScreenShownBefore ends sessions in each way
// a session ends: the attract screen shown is the one shown before the
// session (not built again: it shows no citizen's data), and the layouts
// of what the session showed are gone from the cache all the same. A
// session with other display choices ends on the device's own.
func TestSessionEndsOnTheAttractScreenShownBefore(t *testing.T) {
	for _, tt := range []struct {
		name    string
		session func(r *rig)
	}{
		{"back from the language screen", func(r *rig) {
			test.TapCanvas(r.w.Canvas(), fyne.NewPos(windowSize.Width/2, windowSize.Height/2))
			r.tapMsg("language.back")
		}},
		{"submitted and thanked", func(r *rig) {
			r.startIn(kiosk.English)
			r.open("police")
			walkToConsent(r.t, r)
			r.tapMsg("consent.submit")
			r.tapMsg("receipt.done")
			r.tapMsg("survey.skip")
			r.tapMsg("thanks.done")
		}},
		{"wiped when idle on the form", func(r *rig) {
			r.startIn(kiosk.Persian)
			r.open("police")
			r.clock.Add(10 * time.Minute)
			r.sess.Tick()
		}},
		{"large text chosen", func(r *rig) {
			r.startIn(kiosk.English)
			r.tapMsg("display.open")
			r.tapSize(kiosk.English, kiosk.TextLarger)
			r.tapMsg("display.theme.contrast-dark")
			r.tapMsg("nav.cancel")
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t)
			title := func() *widgets.Text {
				var first *widgets.Text
				walk(r.w.Canvas().Content(), func(o fyne.CanvasObject) bool {
					if x, ok := o.(*widgets.Text); ok && first == nil {
						first = x
					}
					return first == nil
				})
				return first
			}
			before := title()
			tt.session(r)
			r.stage(kiosk.StageAttract)
			if after := title(); after == nil || after != before {
				t.Error("the session ended on an attract screen built anew")
			}
			if n := testFonts().CacheLen(); n != 0 {
				t.Errorf("after the session the layout cache holds %d layouts", n)
			}
		})
	}
}
