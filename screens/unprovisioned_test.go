package screens_test

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// TestUnprovisionedScreenWrapsLongPaths shows the "not provisioned"
// screen of a device whose data directory has a long path (about 150
// characters, with and without hyphens in its names) on the 1280×800
// kiosk window and on a 1280×1024 panel: both languages' instructions
// and kioskctl's commands, spelled out whole, stay inside the window,
// each text within its own bounds (none cut off), even after the screen
// was first laid out at its narrowest, as a window opens. Before, a
// command was one line as wide as its text, off both edges of the
// screen.
func TestUnprovisionedScreenWrapsLongPaths(t *testing.T) {
	dirs := []struct{ name, dir string }{
		{"hyphenated names", "/srv/pishkhan/kiosks/imam-khomeini-international-airport/terminal-1-departures-hall-east-wing/devices/IKA-T1-07-citizen-services-kiosk-primary/var/data"},
		{"long names", "/mnt/storage/PishkhanKioskDataForImamKhomeiniInternationalAirportTerminalOne/DeparturesHallEastWingCitizenServicesKioskSeven/var/lib/pishkhan/data"},
		{"one long name", "/" + strings.Repeat("pishkhan", 18) + "/data"},
	}
	for _, d := range dirs {
		for _, size := range []fyne.Size{kioskWindow, fyne.NewSize(1280, 1024)} {
			t.Run(d.name+" "+sizeName(size), func(t *testing.T) {
				if n := len(d.dir); n < 140 || n > 160 {
					t.Fatalf("the path has %d characters, want about 150", n)
				}
				r := newTechRig(t, func(o *screens.TechnicianOptions) {
					o.Unprovisioned, o.Blocked, o.DataDir = true, true, d.dir
				})
				r.w.SetPadded(false) // as cmd/kiosk shows it
				// A window opens at its content's minimum size, then takes
				// the screen's: the screen's minimum must stay within the
				// screen even once laid out at its narrowest.
				r.w.Resize(r.w.Content().MinSize())
				r.w.Content().Refresh()
				if m := r.w.Content().MinSize(); m.Width > size.Width || m.Height > size.Height {
					t.Errorf("laid out at its narrowest, the screen needs %v, more than the %v window: the window grows off the screen", m, size)
				}
				r.w.Resize(size)
				// The driver lays out again, on its next frame, what holds
				// a text wrapped at its new width; the test canvas has no
				// frames.
				r.w.Content().Refresh()
				for _, want := range []string{
					"kioskctl provision -data " + d.dir + " --file SITE.yaml --device-id ID",
					"kioskctl doctor -data " + d.dir,
					kiosk.Msg(kiosk.Persian, "unprovisioned.title"), kiosk.Msg(kiosk.English, "unprovisioned.title"),
				} {
					if !r.shows(want) {
						t.Errorf("the screen does not show %q: %q", want, r.texts())
					}
				}
				texts := 0
				walkAt(r.w.Canvas().Content(), fyne.NewPos(0, 0), func(o fyne.CanvasObject, pos fyne.Position) {
					txt, ok := o.(*widgets.Text)
					if !ok || txt.Text() == "" {
						return
					}
					texts++
					end := pos.Add(fyne.NewPos(o.Size().Width, o.Size().Height))
					if pos.X < -0.5 || pos.Y < -0.5 || end.X > size.Width+0.5 || end.Y > size.Height+0.5 {
						t.Errorf("%q at %v to %v is not inside the %v window", txt.Text(), pos, end, size)
					}
					if m := o.MinSize(); m.Width > o.Size().Width+0.5 || m.Height > o.Size().Height+0.5 {
						t.Errorf("%q needs %v but has %v: it is cut off", txt.Text(), m, o.Size())
					}
				})
				if texts != 14 {
					t.Errorf("%d texts shown, want 14: six lines in each language and the two commands", texts)
				}
			})
		}
	}
}

func sizeName(s fyne.Size) string {
	return fmt.Sprintf("%.0fx%.0f", s.Width, s.Height)
}
