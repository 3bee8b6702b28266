package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/speech"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// languageScreen asks for the session's language. Each choice is written
// in its own language, and the question in all of them.
func languageScreen(u *UI, st kiosk.State) *screen {
	var titles, choices []fyne.CanvasObject
	var primary *widgets.Button
	langs := u.sess.Languages()
	for i, l := range langs {
		titles = append(titles, u.newText(kiosk.Msg(l, "language.title"), widgets.Style{
			Size: theme.SizeNameHeadingText, Bold: true, Align: widgets.AlignCenter, Dir: dirOf(l),
		}))
		b := u.newButton(kiosk.Msg(l, "language."+string(l)), dirOf(l), func() { u.sess.ChooseLanguage(l) })
		b.Importance = widgets.ImportanceHigh
		b.TextSize = theme.SizeNameHeadingText
		// Each language's name is said in its own voice.
		u.describe(b, speech.Control{Role: speech.RoleButton, Lang: l, Position: i + 1, Count: len(langs)})
		if l == st.Lang {
			primary = b // the device's default language
		}
		choices = append(choices, container.NewGridWrap(fyne.NewSize(span(5), span(1.6)), b))
	}
	rtl := st.Lang.RTL()
	center := container.NewVBox(
		container.NewVBox(titles...),
		container.NewPadded(),
		container.NewCenter(widgets.NewHBox(rtl, choices...)),
	)
	if row := u.speechSwitchRow(st); row != nil {
		center.Add(container.NewPadded())
		center.Add(container.NewCenter(row))
	}
	// No language is chosen yet: Back speaks every language, as the title does.
	back := u.button(st.Lang, "language.back", widgets.ImportanceMedium, u.sess.Back)
	back.Icon = backIcon(st.Lang)
	nav := navBar(st.Lang, back, nil)
	return &screen{content: margins(container.NewBorder(nil, nav, nil, nil, container.NewCenter(center))), primary: focusOn(primary)}
}
