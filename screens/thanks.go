package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// thanksScreen thanks the citizen; it returns to the attract loop on a
// tap or after Options.ThanksTimeout (see UI.Tick). After a cancel it
// says nothing of a request.
func thanksScreen(u *UI, st kiosk.State) *screen {
	done := u.button(st.Lang, "thanks.done", widgets.ImportanceHigh, u.sess.Finish)
	body := "thanks.body"
	if st.Cancelled {
		body = "thanks.cancelled"
	}
	content := u.announcement(st.Lang, "thanks.title", body, container.NewCenter(done))
	return &screen{content: content, primary: focusOn(done), confirm: done}
}

// announcement is a page that says one thing: a large title and a line
// under it, centred, with below (an action, a progress bar) under them.
func (u *UI) announcement(l kiosk.Lang, titleKey, bodyKey string, below fyne.CanvasObject) fyne.CanvasObject {
	center := func(key string, st widgets.Style) *widgets.Text {
		st.Align = widgets.AlignCenter
		st.Wrap = true
		return u.msg(l, key, st)
	}
	// The wrapping texts get a width to wrap in, not that of what is below.
	return margins(container.NewCenter(minWidth(container.NewVBox(
		center(titleKey, widgets.Style{Size: widgets.SizeNameDisplayText, Bold: true, Color: theme.ColorNamePrimary}),
		center(bodyKey, widgets.Style{Size: theme.SizeNameSubHeadingText}),
		container.NewPadded(),
		below,
	), span(10))))
}
