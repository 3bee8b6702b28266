package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// cancelQuestion asks, over the screen shown, before a cancel throws away
// what the citizen answered: "keep going", where the focus starts, or
// "yes, stop". A tap beside the panel, Back or the green key keeps going;
// the red key (which asked) stops. The idle timer does not ask: a wipe
// dismisses the question.
type cancelQuestion struct {
	u    *UI
	root *fyne.Container
	keep *widgets.Button
	stop *widgets.Button
	// stage is the stage the question was asked on.
	stage kiosk.Stage
}

func newCancelQuestion(u *UI) *cancelQuestion {
	q := &cancelQuestion{u: u, root: container.NewStack()}
	q.root.Hide()
	return q
}

// shown reports whether the question is up.
func (q *cancelQuestion) shown() bool { return q.root.Visible() }

// ask shows the question in l; "yes, stop" calls onStop.
func (q *cancelQuestion) ask(st kiosk.State, onStop func()) {
	u := q.u
	l := st.Lang
	q.stage = st.Stage
	title := u.text(l, kiosk.Msg(l, "cancel.ask.title"), widgets.Style{Size: theme.SizeNameHeadingText, Bold: true, Wrap: true, Align: widgets.AlignCenter})
	body := u.text(l, kiosk.Msg(l, "cancel.ask.body"), widgets.Style{Size: theme.SizeNameSubHeadingText, Wrap: true, Align: widgets.AlignCenter})
	q.keep = u.button(l, "cancel.ask.keep", widgets.ImportanceHigh, q.dismiss)
	q.keep.Icon = forwardIcon(l)
	q.stop = u.button(l, "cancel.ask.stop", widgets.ImportanceLow, func() {
		q.dismiss()
		onStop()
	})
	q.stop.Icon = theme.DeleteIcon()
	if u.tv() {
		q.keep.Key, q.stop.Key = widgets.KeyGreen, widgets.KeyRed
	}
	// Stop at the start edge, keep going at the end edge where every
	// screen's way forward is.
	buttons := widgets.NewHBox(l.RTL(), q.stop, container.NewPadded(), q.keep)
	panel := card(container.NewVBox(title, body, container.NewPadded(), container.NewCenter(buttons)))
	backdrop := newSurface(theme.Color(theme.ColorNameShadow), q.dismiss)
	width := max(span(10), buttons.MinSize().Width+span(1))
	q.root.Objects = []fyne.CanvasObject{backdrop, container.NewCenter(minWidth(panel, width))}
	q.root.Show()
	q.root.Refresh()
	u.nav.questionShown()
	u.speakQuestion(st)
}

// dismiss takes the question away, leaving the screen as it was.
func (q *cancelQuestion) dismiss() {
	if !q.shown() {
		return
	}
	q.root.Hide()
	q.root.Objects = nil
	q.u.nav.questionHidden()
	q.u.sess.Touch()
}

// hide takes the question away without counting it as the citizen's
// action: the session moved on under it (wiped when idle).
func (q *cancelQuestion) hide() {
	if !q.shown() {
		return
	}
	q.root.Hide()
	q.root.Objects = nil
	q.u.nav.questionHidden()
}

// cancel is what a screen's Cancel button does: it asks first when the
// session says a cancel would lose answers, else cancels at once.
func (u *UI) cancel(onCancel func()) {
	st := u.sess.State()
	if !st.CancelLosesAnswers() {
		onCancel()
		return
	}
	u.question.ask(st, onCancel)
	u.sess.Touch()
}

// cancelSurveyScreen follows a cancel inside a service: the answers are
// already gone. It asks why the citizen stopped (one tap each) and how
// satisfied they were; both answered thanks them, "send" thanks them with
// what they gave, and "no, thanks" leaves without answering.
func cancelSurveyScreen(u *UI, st kiosk.State) *screen {
	l := st.Lang
	var reasons []*widgets.Button
	var objs []fyne.CanvasObject
	for _, r := range kiosk.StopReasons {
		key := "stop.reason." + string(r)
		b := u.button(l, key, widgets.ImportanceMedium, func() { u.sess.ChooseStopReason(r) })
		reasons = append(reasons, b)
		objs = append(objs, b)
	}
	// Two columns where the screen is wide enough for the longest reason,
	// else one: a reason is never cut.
	grid := container.New(&widgets.GridLayout{Cols: 2, RTL: l.RTL(), Fit: true}, objs...)
	ratings, faces := u.ratingTiles(l, func(n int) { u.sess.Rate(n) })
	send := u.forwardButton(l, "stop.send", u.sess.SendSurvey)
	skip := u.button(l, "survey.skip", widgets.ImportanceLow, func() { u.sess.Rate(0) })
	nav := navBar(l, skip, send)
	sub := func(key string) fyne.CanvasObject {
		return u.text(l, kiosk.Msg(l, key), widgets.Style{Size: theme.SizeNameSubHeadingText, Bold: true, Wrap: true})
	}
	body := container.NewVBox(
		u.text(l, kiosk.Msg(l, "stop.cleared"), widgets.Style{Wrap: true, Color: theme.ColorNamePlaceHolder}),
		container.NewPadded(),
		grid,
		container.NewPadded(),
		sub("survey.title"),
		container.NewCenter(ratings),
	)
	update := func(st kiosk.State) {
		for i, b := range reasons {
			if sel := kiosk.StopReasons[i] == st.StopReason; b.Selected != sel {
				b.Selected = sel
				b.Refresh()
			}
		}
		for i, b := range faces {
			if sel := st.Rating == i+1; b.Selected != sel {
				b.Selected = sel
				b.Refresh()
			}
		}
		if st.StopReason != "" || st.Rating != 0 {
			send.Enable()
		} else {
			send.Disable()
		}
	}
	return &screen{
		content: u.page(l, kiosk.Msg(l, "stop.title"), nil, vscroll(u, body), nav),
		update:  update,
		primary: focusOn(reasons[0]),
		confirm: send,
		cancel:  skip,
		// There is nothing to go back to: Back says "no, thanks".
		key: func(*fyne.KeyEvent) bool { u.sess.Rate(0); return true },
	}
}
