package screens_test

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// TestNoWordBrokenAtTheEnds shows the ends of the citizen's path (the
// question before a cancel, the survey after it, the thanks after that,
// the confirmation page and the satisfaction survey) at every text size
// (screens.TextSizes) in both modes and both languages, and checks that no text breaks
// inside a word ("dissatisfie/d") and no one-line text, such as the
// tracking code, is cut.
func TestNoWordBrokenAtTheEnds(t *testing.T) {
	type end struct {
		name  string
		drive func(t *testing.T, r *rig)
	}
	ends := []end{
		{"cancel question", func(t *testing.T, r *rig) {
			r.open("library")
			r.pressKeys(kiosk.LocalizeDigits(r.sess.State().Lang, "04"))
			r.tapMsg("nav.cancel")
		}},
		{"cancel survey", func(t *testing.T, r *rig) {
			r.tap(r.serviceName("library"))
			r.tapMsg("nav.cancel")
			r.stage(kiosk.StageCancelSurvey)
		}},
		{"thanks after a cancel", func(t *testing.T, r *rig) {
			r.tap(r.serviceName("library"))
			r.tapMsg("nav.cancel")
			r.tapMsg("survey.skip")
			r.stage(kiosk.StageThanks)
		}},
		{"confirmation page", func(t *testing.T, r *rig) {
			r.open("police")
			walkToReceipt(t, r)
		}},
		{"satisfaction survey", func(t *testing.T, r *rig) {
			r.open("police")
			walkToReceipt(t, r)
			r.tapMsg("receipt.done")
			r.stage(kiosk.StageSurvey)
		}},
	}
	type mode struct {
		name string
		opts []rigOption
	}
	var modes []mode
	for _, size := range screens.TextSizes {
		opt := display(size, kiosk.ThemeDefault)
		modes = append(modes,
			mode{fmt.Sprintf("kiosk %s text", size), []rigOption{opt}},
			mode{fmt.Sprintf("kiosk %s text 1280x800", size), []rigOption{opt}},
			mode{fmt.Sprintf("television %s text", size), []rigOption{tvMode(), opt}})
	}
	for _, m := range modes {
		for _, l := range []kiosk.Lang{kiosk.Persian, kiosk.English} {
			for _, e := range ends {
				t.Run(fmt.Sprintf("%s/%s/%s", m.name, l, e.name), func(t *testing.T) {
					r := newRig(t, m.opts...)
					if strings.HasSuffix(m.name, "1280x800") {
						r.w.SetPadded(false)
						r.w.Resize(kioskWindow)
					}
					r.startIn(l)
					e.drive(t, r)
					r.w.Content().Refresh()
					checked := r.checkWholeWords(t)
					if checked < 3 {
						t.Fatalf("only %d texts checked", checked)
					}
				})
			}
		}
	}
}

// checkWholeWords fails for every text shown that breaks inside a word
// (a word wider than the text's width) or, on one line, is cut. It
// returns how many texts it checked.
func (r *rig) checkWholeWords(t *testing.T) int {
	t.Helper()
	n := 0
	walk(r.w.Canvas().Content(), func(o fyne.CanvasObject) bool {
		x, ok := o.(*widgets.Text)
		if !ok || x.Text() == "" || x.Size().Width == 0 {
			return true
		}
		n++
		st := x.Style()
		width := x.Size().Width
		if !st.Wrap {
			if m := x.MinSize().Width; m > width+0.5 {
				t.Errorf("%q is cut: %.0f px wide, needs %.0f", x.Text(), width, m)
			}
			return false
		}
		st.Wrap, st.Private = false, false
		for _, word := range strings.Fields(x.Text()) {
			one := widgets.NewText(testFonts(), word, st)
			test.WidgetRenderer(one)
			if w := one.MinSize().Width; w > width+0.5 {
				t.Errorf("%q breaks inside %q: %.0f px wide, the word needs %.0f", x.Text(), word, width, w)
			}
		}
		return false
	})
	return n
}
