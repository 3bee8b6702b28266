package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// introScreen tells the citizen what the service needs before they start:
// what to bring, how long it takes and what it costs.
func introScreen(u *UI, st kiosk.State) *screen {
	l := st.Lang
	svc := st.Service
	icon := widgets.NewIcon(serviceIcon(svc.Icon), theme.ColorNamePrimary, widgets.Size(widgets.SizeNameIcon)*1.5)

	items := []fyne.CanvasObject{u.body(l, svc.Description.In(l))}
	section := func(key string) {
		items = append(items, container.NewPadded(), u.text(l, kiosk.Msg(l, key), widgets.Style{Size: theme.SizeNameSubHeadingText, Bold: true}))
	}
	if len(svc.Intro.Bring) > 0 {
		section("intro.bring")
		for _, b := range svc.Intro.Bring {
			items = append(items, widgets.NewBorder(l.RTL(), nil, nil, bullet(), nil, u.body(l, b.In(l))))
		}
	}
	if d := svc.Intro.Duration.In(l); d != "" {
		section("intro.duration")
		items = append(items, u.body(l, d))
	}
	if f := svc.Intro.Fee.In(l); f != "" {
		section("intro.fee")
		items = append(items, u.body(l, f))
	}
	content := widgets.NewBorder(l.RTL(), nil, nil, container.NewVBox(icon), nil, vscroll(u, container.NewVBox(items...)))
	start := u.forwardButton(l, "intro.start", u.sess.BeginForm)
	nav := navBar(l, u.backButton(l, u.sess.Back), start)
	cancel := u.cancelButton(l, u.sess.Cancel)
	return &screen{
		content: u.page(l, svc.Name.In(l), cancel, content, nav),
		primary: focusOn(start),
		confirm: start,
		cancel:  cancel,
	}
}
