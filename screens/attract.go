package screens

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// attractScreen invites a passer-by in both languages; a touch anywhere
// starts a session, or on a television the OK key on a focused start
// button.
func attractScreen(u *UI, _ kiosk.State) *screen {
	logo := canvas.NewImageFromResource(theme.NewPrimaryThemedResource(serviceIcon("kiosk")))
	logo.FillMode = canvas.ImageFillContain
	logoSide := widgets.Size(widgets.SizeNameIcon) * 2.5
	if u.opts.Mode == config.ModeTV {
		logoSide = widgets.Size(widgets.SizeNameIcon) * 1.8 // room for the start button
		if u.a11y.LargeText {
			logoSide = widgets.Size(widgets.SizeNameIcon) * 1.4 // and for larger text
		}
	}
	logo.SetMinSize(fyne.NewSquareSize(logoSide))

	both := func(key string, size fyne.ThemeSizeName, bold bool, col fyne.ThemeColorName) fyne.CanvasObject {
		var lines []fyne.CanvasObject
		for _, l := range kiosk.Languages {
			lines = append(lines, u.newText(kiosk.Msg(l, key), widgets.Style{
				Size: size, Bold: bold, Color: col, Align: widgets.AlignCenter, Dir: dirOf(l),
			}))
		}
		return container.NewVBox(lines...)
	}
	invite := "attract.touch"
	if u.opts.Mode == config.ModeTV {
		invite = "attract.remote"
	}
	content := container.NewVBox(
		container.NewCenter(logo),
		both("app.name", widgets.SizeNameDisplayText, true, ""),
		both("attract.title", theme.SizeNameSubHeadingText, false, ""),
		container.NewPadded(),
		both(invite, theme.SizeNameHeadingText, true, theme.ColorNamePrimary),
	)
	if u.opts.Speaker != nil {
		// The key a citizen who cannot see the screen is also told of
		// aloud (screens/audio.go).
		content.Add(container.NewPadded())
		content.Add(both("audio.attract.shown", theme.SizeNameSubHeadingText, false, ""))
	}
	tap := newSurface(color.Transparent, u.sess.Start)
	s := &screen{content: container.NewStack(tap, container.NewCenter(content)), start: u.sess.Start}
	if u.opts.Mode == config.ModeTV {
		// Labelled in every language, as the invitation above it: no
		// language is chosen yet.
		def := u.sess.Languages()[0]
		start := u.newButton(kiosk.Msg(def, "attract.start"), dirOf(def), u.sess.Start)
		start.Importance = widgets.ImportanceHigh
		start.TextSize = theme.SizeNameHeadingText
		content.Add(container.NewPadded())
		content.Add(container.NewCenter(minWidth(start, span(4))))
		s.primary, s.confirm = focusOn(start), start
	}
	return s
}
