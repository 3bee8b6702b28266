package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/speech"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// servicesScreen shows the services as a grid of tiles, filled from the
// start edge, with the display choices in the navigation bar and,
// where the device can answer it, "track my request" in the title bar.
func servicesScreen(u *UI, st kiosk.State) *screen {
	if u.display {
		return displayScreen(u, st)
	}
	l := st.Lang
	var tiles []fyne.CanvasObject
	svcs := u.sess.Services()
	for i, svc := range svcs {
		t := u.newButton(svc.Name.In(l), dirOf(l), func() { u.sess.ChooseService(svc.Code) })
		t.Icon = serviceIcon(svc.Icon)
		t.Tile = true
		u.describe(t, speech.Control{Role: speech.RoleButton, Position: i + 1, Count: len(svcs)})
		tiles = append(tiles, t)
	}
	cols := 3
	if u.a11y.LargeText {
		cols = 2
	}
	grid := widgets.NewGrid(l.RTL(), cols, tiles...)

	// Text size and colours: one button to a panel of the four of each
	// (display.go); on a television the yellow and blue keys step
	// through them from any screen.
	display := u.displayButton(l)
	var actions []fyne.CanvasObject
	if u.sess.CanTrack() {
		// In the title bar, in sight above the grid on any screen, by
		// the name the receipt sends citizens back with.
		track := u.button(l, "services.track", widgets.ImportanceMedium, u.sess.OpenTrack)
		track.Icon = theme.SearchIcon()
		actions = append(actions, track)
	}
	cancel := u.cancelButton(l, u.sess.Cancel)
	nav := navBar(l, u.backButton(l, u.sess.Back), nil, display)
	first := tiles[0].(*widgets.Button)
	return &screen{
		content: u.page(l, kiosk.Msg(l, "services.title"), cancel, vscroll(u, grid), nav, actions...),
		primary: focusOn(first),
		cancel:  cancel,
	}
}
