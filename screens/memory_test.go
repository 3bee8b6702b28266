package screens_test

import (
	"runtime"
	"testing"

	"github.com/pishkhan/pishkhan/kiosk"
)

// TestSessionsRetainLittleMemory walks citizens one after another through
// a tax payment, drawing every screen (as the kiosk's painter does), and
// checks what each session leaves on the heap once collected. Fyne keeps
// the renderers of objects no longer shown for a minute on a real kiosk,
// and the test driver keeps them for ever: a renderer that held its text
// images kept every image of every screen drawn (about 10 MB a session on
// the kiosk, issue 17). What stays now is the widgets themselves.
func TestSessionsRetainLittleMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("walks ten sessions")
	}
	const (
		warm     = 2 // sessions before the first measure: caches filled
		sessions = 8 // sessions measured
		// maxPerSession is the heap a session may leave behind in the
		// test driver, which never expires renderers: their widgets and
		// layouts (about 0.8 MB). With the text images held it was
		// about 10 MB.
		maxPerSession = 2 << 20
	)
	r := newRig(t)
	tc := findWalk(t, "tax/individual pays VAT")
	draw := func() { r.w.Canvas().Capture() }
	session := func() {
		t.Helper()
		draw()
		r.startIn(tc.lang)
		draw()
		r.open(tc.service)
		draw()
		for _, s := range tc.steps {
			r.fillStep(s, nil, &walkStats{})
			draw()
		}
		r.stage(kiosk.StageReview)
		r.tapMsg("review.confirm")
		draw()
		r.tapMsg("consent.submit")
		r.stage(kiosk.StageReceipt)
		draw()
		r.tapMsg("receipt.done")
		draw()
		r.tapMsg("survey.skip")
		draw()
		r.tapMsg("thanks.done")
		r.stage(kiosk.StageAttract)
	}
	heap := func() uint64 {
		var m runtime.MemStats
		runtime.GC()
		runtime.GC()
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	for range warm {
		session()
	}
	before := heap()
	for range sessions {
		session()
	}
	after := heap()
	per := (int64(after) - int64(before)) / sessions
	t.Logf("heap %.1f MB after %d sessions, %.1f MB after %d more: %d kB a session",
		float64(before)/1e6, warm, float64(after)/1e6, sessions, per>>10)
	if per > maxPerSession {
		t.Errorf("each session leaves %d kB on the heap, want at most %d kB", per>>10, maxPerSession>>10)
	}
	if got := len(r.outbox.submissions()); got != warm+sessions {
		t.Errorf("%d submissions stored, want %d", got, warm+sessions)
	}
}
