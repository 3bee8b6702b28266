package screens

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// attractScreen invites a passer-by in both languages; a touch anywhere
// starts a session.
func attractScreen(u *UI, _ kiosk.State) *screen {
	logo := canvas.NewImageFromResource(theme.NewPrimaryThemedResource(serviceIcon("kiosk")))
	logo.FillMode = canvas.ImageFillContain
	logo.SetMinSize(fyne.NewSquareSize(widgets.Size(widgets.SizeNameIcon) * 2.5))

	both := func(key string, size fyne.ThemeSizeName, bold bool, col fyne.ThemeColorName) fyne.CanvasObject {
		var lines []fyne.CanvasObject
		for _, l := range kiosk.Languages {
			lines = append(lines, widgets.NewText(kiosk.Msg(l, key), widgets.Style{
				Size: size, Bold: bold, Color: col, Align: widgets.AlignCenter, Dir: widgets.DirOf(l),
			}))
		}
		return container.NewVBox(lines...)
	}
	content := container.NewVBox(
		container.NewCenter(logo),
		both("app.name", widgets.SizeNameDisplayText, true, ""),
		both("attract.title", theme.SizeNameSubHeadingText, false, ""),
		container.NewPadded(),
		both("attract.touch", theme.SizeNameHeadingText, true, theme.ColorNamePrimary),
	)
	tap := newSurface(color.Transparent, u.sess.Start)
	return &screen{content: container.NewStack(tap, container.NewCenter(content))}
}
