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
func unprovisionedScreen(o TechnicianOptions) fyne.CanvasObject {
	dataDir := o.DataDir
	if dataDir == "" {
		dataDir = "/var/lib/pishkhan"
	}
	provision := "kioskctl provision -data " + dataDir + " --file SITE.yaml --device-id ID"
	doctor := "kioskctl doctor -data " + filepath.Clean(dataDir)
	command := func(s string) fyne.CanvasObject {
		return widgets.NewText(s, widgets.Style{Bold: true, Dir: widgets.DirLTR, Align: widgets.AlignCenter, Color: theme.ColorNamePrimary})
	}
	block := func(l kiosk.Lang) fyne.CanvasObject {
		st := func(s widgets.Style) widgets.Style {
			s.Dir, s.Align, s.Wrap = widgets.DirOf(l), widgets.AlignCenter, true
			return s
		}
		return container.NewVBox(
			widgets.NewText(kiosk.Msg(l, "unprovisioned.title"), st(widgets.Style{Size: theme.SizeNameHeadingText, Bold: true})),
			widgets.NewText(kiosk.Msg(l, "unprovisioned.body"), st(widgets.Style{Size: theme.SizeNameSubHeadingText})),
			widgets.NewText(kiosk.Msg(l, "unprovisioned.step1"), st(widgets.Style{})),
			widgets.NewText(kiosk.Msg(l, "unprovisioned.step2"), st(widgets.Style{})),
			command(provision),
			widgets.NewText(kiosk.Msg(l, "unprovisioned.step3"), st(widgets.Style{})),
			command(doctor),
			widgets.NewText(kiosk.Msgf(l, "unprovisioned.device", map[string]string{"id": o.DeviceID, "version": o.Version}),
				st(widgets.Style{Color: theme.ColorNamePlaceHolder})),
		)
	}
	body := container.NewVBox(block(kiosk.Persian), container.NewPadded(), block(kiosk.English))
	return margins(container.NewCenter(minWidth(body, span(12))))
}

// demoNotice says, at the foot of the attract screen, that a device
// running on defaults keeps what it is given: a demonstration, not a
// service counter. It takes no taps.
func demoNotice() fyne.CanvasObject {
	var lines []fyne.CanvasObject
	for _, l := range kiosk.Languages {
		lines = append(lines, widgets.NewText(kiosk.Msg(l, "unprovisioned.demo"), widgets.Style{
			Size: theme.SizeNameCaptionText, Color: theme.ColorNamePlaceHolder, Align: widgets.AlignCenter, Dir: widgets.DirOf(l),
		}))
	}
	return margins(container.NewBorder(nil, container.NewVBox(lines...), nil, nil, layout.NewSpacer()))
}
