package screens

import (
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// thanksScreen thanks the citizen; it returns to the attract loop on a
// tap or after Options.ThanksTimeout (see UI.Tick).
func thanksScreen(u *UI, st kiosk.State) *screen {
	l := st.Lang
	center := func(key string, st widgets.Style) *widgets.Text {
		st.Align = widgets.AlignCenter
		st.Wrap = true
		return u.msg(l, key, st)
	}
	done := u.button(l, "thanks.done", widgets.ImportanceHigh, u.sess.Finish)
	// The wrapping texts get a width to wrap in, not that of the button.
	content := container.NewCenter(minWidth(container.NewVBox(
		center("thanks.title", widgets.Style{Size: widgets.SizeNameDisplayText, Bold: true, Color: theme.ColorNamePrimary}),
		center("thanks.body", widgets.Style{Size: theme.SizeNameSubHeadingText}),
		container.NewPadded(),
		container.NewCenter(done),
	), span(10)))
	return &screen{content: margins(content), primary: focusOn(done), confirm: done}
}
