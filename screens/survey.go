package screens

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/speech"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// surveyScreen asks for satisfaction with one tap from 1 to 5, laid out
// from the start edge, or a skip.
func surveyScreen(u *UI, st kiosk.State) *screen {
	l := st.Lang
	var choices []fyne.CanvasObject
	var middle *widgets.Button
	for n := 1; n <= 5; n++ {
		b := u.newButton(kiosk.LocalizeDigits(l, strconv.Itoa(n)), dirOf(l), func() { u.sess.Rate(n) })
		b.Detail = kiosk.Msg(l, "survey.rating."+strconv.Itoa(n))
		b.Tile = true
		u.describe(b, speech.Control{Role: speech.RoleButton, Label: b.Detail, Position: n, Count: 5})
		b.TextSize = theme.SizeNameHeadingText
		if n == 3 {
			middle = b // the focus starts on neither end of the scale
		}
		choices = append(choices, b)
	}
	grid := widgets.NewGrid(l.RTL(), 5, choices...)
	skip := u.button(l, "survey.skip", widgets.ImportanceLow, func() { u.sess.Rate(0) })
	nav := navBar(l, nil, skip)
	return &screen{content: u.page(l, kiosk.Msg(l, "survey.title"), nil, container.NewCenter(grid), nav), primary: focusOn(middle)}
}
