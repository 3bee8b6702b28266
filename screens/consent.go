package screens

import (
	"context"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// consentScreen asks the citizen to agree and submit. A failed submission
// keeps them here, with the reason, and loses nothing.
func consentScreen(u *UI, st kiosk.State) *screen {
	l := st.Lang
	items := container.NewVBox(
		u.text(l, st.Service.Name.In(l), widgets.Style{Size: theme.SizeNameSubHeadingText, Bold: true, Wrap: true}),
		u.body(l, kiosk.Msg(l, "consent.text")),
	)
	if st.SubmitError != "" {
		items.Add(container.NewPadded())
		items.Add(u.text(l, kiosk.Msg(l, st.SubmitError), widgets.Style{Color: theme.ColorNameError, Bold: true, Wrap: true}))
	}
	submit := u.forwardButton(l, "consent.submit", func() { u.sess.Submit(context.Background()) })
	submit.Icon = theme.MailSendIcon()
	nav := navBar(l, u.backButton(l, u.sess.Back), submit)
	cancel := u.cancelButton(l, u.sess.Cancel)
	return &screen{
		content: u.page(l, kiosk.Msg(l, "consent.title"), cancel, vscroll(u, items), nav),
		primary: focusOn(submit),
		confirm: submit,
		cancel:  cancel,
	}
}
