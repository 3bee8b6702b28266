package screens_test

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// TestWordingANativeSpeakerRead checks the words a Persian reader found
// wrong, as the screens show them: the citizen pays tax, declines the
// survey politely, reads the language screen's Back and the television's
// Start in both languages (no language is chosen yet), and finds a
// decimal key that does not look like the letter ر.
func TestWordingANativeSpeakerRead(t *testing.T) {
	tests := []struct {
		name  string
		opts  []rigOption
		drive func(t *testing.T, r *rig)
		// want are buttons shown, each a label holding every part
		want [][]string
		// never are texts no label or text may hold
		never []string
	}{
		{"tax tile", nil, func(t *testing.T, r *rig) { r.startIn(kiosk.Persian) },
			[][]string{{"پرداخت مالیات"}}, []string{"دریافت مالیات"}},
		{"survey skip in Persian", nil, func(t *testing.T, r *rig) {
			r.startIn(kiosk.Persian)
			r.open("police")
			walkToReceipt(t, r)
			r.tapMsg("receipt.done")
			r.stage(kiosk.StageSurvey)
		}, [][]string{{"نه، متشکرم"}}, []string{"رد شدن"}},
		{"language screen back", nil, func(t *testing.T, r *rig) {
			test.TapCanvas(r.w.Canvas(), fyne.NewPos(windowSize.Width/2, windowSize.Height/2))
			r.stage(kiosk.StageLanguage)
		}, [][]string{{"بازگشت", "Back"}}, nil},
		{"language screen back, English device", []rigOption{func(c *kiosk.SessionConfig, _ *screens.Options) {
			c.Languages = []kiosk.Lang{kiosk.English, kiosk.Persian}
		}}, func(t *testing.T, r *rig) {
			test.TapCanvas(r.w.Canvas(), fyne.NewPos(windowSize.Width/2, windowSize.Height/2))
			r.stage(kiosk.StageLanguage)
		}, [][]string{{"Back", "بازگشت"}}, nil},
		{"television start", []rigOption{tvMode()}, func(t *testing.T, r *rig) { r.stage(kiosk.StageAttract) },
			[][]string{{"شروع", "Start"}}, nil},
		{"decimal key", nil, func(t *testing.T, r *rig) {
			r.startIn(kiosk.Persian)
			r.open("building-permit")
			for r.sess.State().Service.Steps[r.sess.State().Step].ID != "permit" {
				r.answerStep(0)
				r.tapMsg("nav.next")
				r.stage(kiosk.StageForm)
			}
			test.Tap(r.field("floor_area"))
			if _, ok := r.pad().(*widgets.Keypad); !ok {
				t.Fatalf("the floor area opens %T", r.pad())
			}
		}, [][]string{{"."}}, []string{"٫"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, tc.opts...)
			tc.drive(t, r)
			var labels []string
			walk(r.w.Canvas().Content(), func(o fyne.CanvasObject) bool {
				if b, ok := o.(*widgets.Button); ok {
					labels = append(labels, b.Label)
				}
				return true
			})
			for _, parts := range tc.want {
				found := false
				for _, l := range labels {
					all := true
					for _, p := range parts {
						all = all && strings.Contains(l, p)
					}
					found = found || all
				}
				if !found {
					t.Errorf("no button reads %q; buttons %q", parts, labels)
				}
			}
			for _, s := range tc.never {
				for _, l := range append(labels, r.texts()...) {
					if strings.Contains(l, s) {
						t.Errorf("shown %q", l)
					}
				}
			}
		})
	}
}

// TestTechnicianSaysNoPrinterConfigured: a kiosk without a printer queue
// is not reported "Printer ready" on the technician desk.
func TestTechnicianSaysNoPrinterConfigured(t *testing.T) {
	tests := []struct {
		name string
		lang kiosk.Lang
		want string
	}{
		{"English", kiosk.English, "No printer configured"},
		{"Persian", kiosk.Persian, "چاپگری تنظیم نشده است"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newTechRig(t, func(o *screens.TechnicianOptions) { o.Lang = tc.lang })
			r.desk.NoPrinter = true
			for range screens.EntryTaps {
				r.tapCorner()
			}
			r.typePIN(techPIN)
			got := r.statusValue(kiosk.Msg(tc.lang, "technician.status.printer"))
			if !strings.Contains(got, tc.want) || got == kiosk.Msg(tc.lang, "printer.state.ready") {
				t.Errorf("printer row %q, want it to say %q", got, tc.want)
			}
			// A test print then says where the receipt went, not that it
			// printed.
			test.Tap(r.button(kiosk.Msg(tc.lang, "technician.action.test_print")))
			if !r.shows(kiosk.Msg(tc.lang, "technician.result.test_print_filed")) || r.shows(kiosk.Msg(tc.lang, "technician.result.test_print")) {
				t.Errorf("after a test print with no printer: %q", r.texts())
			}
		})
	}
}
