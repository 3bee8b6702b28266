package screens

import (
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// savingScreen shows that the submission is being stored. Storing waits
// on the disk (fsyncs) in the background; this screen is drawn at once and
// keeps drawing, and gives way to the receipt, or to the consent screen
// with the reason, when the outbox answers. It has nothing to press.
func savingScreen(u *UI, st kiosk.State) *screen {
	l := st.Lang
	center := func(key string, st widgets.Style) *widgets.Text {
		st.Align = widgets.AlignCenter
		st.Wrap = true
		return msg(l, key, st)
	}
	busy := widget.NewProgressBarInfinite()
	content := container.NewCenter(minWidth(container.NewVBox(
		center("saving.title", widgets.Style{Size: widgets.SizeNameDisplayText, Bold: true, Color: theme.ColorNamePrimary}),
		center("saving.text", widgets.Style{Size: theme.SizeNameSubHeadingText}),
		container.NewPadded(),
		busy,
	), span(10)))
	return &screen{content: margins(content)}
}
