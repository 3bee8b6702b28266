package screens

import (
	"math"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// idleOverlay warns, over whatever screen is shown, that the session is
// about to be wiped: a countdown and one large "more time" button. A tap
// anywhere on it also counts as the citizen being there.
type idleOverlay struct {
	u       *UI
	root    *fyne.Container
	theme   string // the accessibility options it was built with
	message *widgets.Text
	count   *widgets.Text
	more    *widgets.Button
	lang    kiosk.Lang
}

func newIdleOverlay(u *UI) *idleOverlay {
	o := &idleOverlay{u: u, root: container.NewStack()}
	o.root.Hide()
	return o
}

// build makes the overlay's objects, in the colours of the current theme.
func (o *idleOverlay) build() {
	u := o.u
	o.message = u.newText("", widgets.Style{Size: theme.SizeNameSubHeadingText, Align: widgets.AlignCenter, Wrap: true})
	o.count = u.newText("", widgets.Style{Size: widgets.SizeNameDisplayText, Bold: true, Color: theme.ColorNameError, Align: widgets.AlignCenter, Dir: widgets.DirLTR})
	o.more = u.newButton("", widgets.DirAuto, u.sess.MoreTime)
	o.more.Importance = widgets.ImportanceHigh
	o.more.TextSize = theme.SizeNameHeadingText
	o.more.Icon = theme.HistoryIcon()
	// A roomy button: the large focus ring must not crowd its label.
	more := minWidth(o.more, span(6))
	panel := card(container.NewVBox(o.message, o.count, container.NewPadded(), container.NewCenter(more)))
	backdrop := newSurface(theme.Color(theme.ColorNameShadow), u.sess.MoreTime)
	o.root.Objects = []fyne.CanvasObject{backdrop, container.NewCenter(minWidth(panel, span(10)))}
	o.lang = ""
}

// remainingSeconds rounds up, so the countdown never shows 0 while there
// is still time.
func remainingSeconds(st kiosk.State) int {
	return int(math.Ceil(st.IdleRemaining.Seconds()))
}

func (o *idleOverlay) update(st kiosk.State) {
	if !st.IdleWarning {
		if o.root.Visible() {
			o.root.Hide()
		}
		return
	}
	if key := o.u.displayKey(); key != o.theme || len(o.root.Objects) == 0 {
		o.build()
		o.theme = key
	}
	l := st.Lang
	secs := kiosk.LocalizeDigits(l, strconv.Itoa(remainingSeconds(st)))
	o.message.SetStyle(widgets.Style{Size: theme.SizeNameSubHeadingText, Align: widgets.AlignCenter, Wrap: true, Dir: dirOf(l)})
	o.message.SetText(kiosk.Msgf(l, "idle.warning", map[string]string{"seconds": secs}))
	o.count.SetText(secs)
	if o.lang != l || o.more.Label == "" {
		o.more.Label = kiosk.Msg(l, "idle.more_time")
		o.more.Dir = dirOf(l)
		o.more.Refresh()
		o.lang = l
	}
	if !o.root.Visible() {
		o.root.Show()
	}
	o.root.Refresh()
}
