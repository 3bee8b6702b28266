package screens

import (
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// unprovisionedScreen stands in for the citizen's path on a device that
// must not serve citizens before it is provisioned: it says so in both
// languages and tells the technician what to do. The hidden entry to the
// technician screen still works on it.
//
// Each row says one thing in both languages side by side, Persian on the
// right; kioskctl's commands, the same in both, span the width once
// below the step that asks for them. Every line wraps within the width:
// a command with a long data directory breaks at its spaces and after a
// '/' (or '-'), and within a name only when a name alone is wider than
// the screen.
func (u *UI) unprovisionedScreen(o TechnicianOptions) fyne.CanvasObject {
	dataDir := o.DataDir
	if dataDir == "" {
		dataDir = "/var/lib/pishkhan"
	}
	provision := "kioskctl provision -data " + dataDir + " --file SITE.yaml --device-id ID"
	doctor := "kioskctl doctor -data " + filepath.Clean(dataDir)
	command := func(s string) fyne.CanvasObject {
		return u.newText(s, widgets.Style{Bold: true, Dir: widgets.DirLTR, Align: widgets.AlignCenter, Color: theme.ColorNamePrimary, Wrap: true})
	}
	row := func(key string, args map[string]string, s widgets.Style) fyne.CanvasObject {
		cell := func(l kiosk.Lang) fyne.CanvasObject {
			st := s
			st.Dir, st.Align, st.Wrap = dirOf(l), widgets.AlignCenter, true
			return u.newText(kiosk.Msgf(l, key, args), st)
		}
		return widgets.NewGrid(true, 2, cell(kiosk.Persian), cell(kiosk.English))
	}
	body := container.NewVBox(
		row("unprovisioned.title", nil, widgets.Style{Size: theme.SizeNameHeadingText, Bold: true}),
		row("unprovisioned.body", nil, widgets.Style{Size: theme.SizeNameSubHeadingText}),
		container.NewPadded(),
		row("unprovisioned.step1", nil, widgets.Style{}),
		row("unprovisioned.step2", nil, widgets.Style{}),
		command(provision),
		row("unprovisioned.step3", nil, widgets.Style{}),
		command(doctor),
		row("unprovisioned.device", map[string]string{"id": o.DeviceID, "version": o.Version}, widgets.Style{Color: theme.ColorNamePlaceHolder}),
	)
	// As wide as the screen (the lines wrap), centred from top to bottom.
	// The lines' height at a given width is no minimum of the screen's:
	// the window does not grow to hold them wrapped at the narrow width it
	// opens at, and a screen too short for them scrolls.
	page := container.NewVBox(layout.NewSpacer(), minWidth(body, span(12)), layout.NewSpacer())
	return margins(widgets.NewVScroll(page))
}

// demoNotice says, at the foot of the attract screen, that a device
// running on defaults keeps what it is given: a demonstration, not a
// service counter. It takes no taps.
func (u *UI) demoNotice() fyne.CanvasObject {
	var lines []fyne.CanvasObject
	for _, l := range kiosk.Languages {
		lines = append(lines, u.newText(kiosk.Msg(l, "unprovisioned.demo"), widgets.Style{
			Size: theme.SizeNameCaptionText, Color: theme.ColorNamePlaceHolder, Align: widgets.AlignCenter, Dir: dirOf(l),
		}))
	}
	return margins(container.NewBorder(nil, container.NewVBox(lines...), nil, nil, layout.NewSpacer()))
}
