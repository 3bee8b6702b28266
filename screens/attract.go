package screens

import (
	"image/color"

	"fyne.io/fyne/v2"
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
	return attract(u.opts, u.a11y.LargeText, u.sess.Languages(), u.sess.Start)
}

// Standby returns the attract screen as it looks before the session
// exists, so a kiosk can show it while it opens its databases: start is
// called on a touch anywhere or, on a television, on its start button.
// languages are those the device offers, default first (all when
// empty). Apply Theme(opts) to the app first.
func Standby(opts Options, languages []kiosk.Lang, start func()) fyne.CanvasObject {
	if len(languages) == 0 {
		languages = kiosk.Languages
	}
	return attract(opts.withDefaults(), opts.LargeText, languages, start).content
}

// attract builds the attract screen for the device's mode and fonts.
func attract(opts Options, largeText bool, languages []kiosk.Lang, start func()) *screen {
	logoSide := widgets.Size(widgets.SizeNameIcon) * 2.5
	if opts.Speaker != nil || opts.SpeechOffered {
		// Room for the audio-only line below, and for the demo notice
		// at the foot of an unprovisioned kiosk's 800 pixels.
		logoSide = widgets.Size(widgets.SizeNameIcon) * 1.4
	}
	if opts.Mode == config.ModeTV {
		logoSide = widgets.Size(widgets.SizeNameIcon) * 1.8 // room for the start button
		if largeText {
			logoSide = widgets.Size(widgets.SizeNameIcon) * 1.4 // and for larger text
		}
	}
	// From the icon rasters every screen shares: drawn once, at its size
	// on the screen, even on the first frame (issue 17).
	logo := widgets.NewIcon(serviceIcon("kiosk"), theme.ColorNamePrimary, logoSide)

	both := func(key string, size fyne.ThemeSizeName, bold bool, col fyne.ThemeColorName) fyne.CanvasObject {
		var lines []fyne.CanvasObject
		for _, l := range kiosk.Languages {
			lines = append(lines, widgets.NewText(opts.Fonts, kiosk.Msg(l, key), widgets.Style{
				Size: size, Bold: bold, Color: col, Align: widgets.AlignCenter, Dir: dirOf(l),
			}))
		}
		return container.NewVBox(lines...)
	}
	invite := "attract.touch"
	if opts.Mode == config.ModeTV {
		invite = "attract.remote"
	}
	content := container.NewVBox(
		container.NewCenter(logo),
		both("app.name", widgets.SizeNameDisplayText, true, ""),
		both("attract.title", theme.SizeNameSubHeadingText, false, ""),
		container.NewPadded(),
		both(invite, theme.SizeNameHeadingText, true, theme.ColorNamePrimary),
	)
	if opts.Speaker != nil || opts.SpeechOffered {
		// The key a citizen who cannot see the screen is also told of
		// aloud (screens/audio.go).
		content.Add(container.NewPadded())
		content.Add(both("audio.attract.shown", theme.SizeNameSubHeadingText, false, ""))
	}
	tap := newSurface(color.Transparent, start)
	s := &screen{content: container.NewStack(tap, container.NewCenter(content)), start: start}
	if opts.Mode == config.ModeTV {
		// Labelled in every language, as the invitation above it: no
		// language is chosen yet.
		def := languages[0]
		button := widgets.NewButton(opts.Fonts, kiosk.Msg(def, "attract.start"), dirOf(def), start)
		button.Importance = widgets.ImportanceHigh
		button.TextSize = theme.SizeNameHeadingText
		content.Add(container.NewPadded())
		content.Add(container.NewCenter(minWidth(button, span(4))))
		s.primary, s.confirm = focusOn(button), button
	}
	return s
}
