package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/speech"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// reviewScreen lists every answer, formatted for reading, each with an
// edit button that opens its step.
func reviewScreen(u *UI, st kiosk.State) *screen {
	l := st.Lang
	svc := st.Service
	var rows []fyne.CanvasObject
	// The edit buttons, and the field each edits, to describe for speech.
	var edits []*widgets.Button
	var editsField []string
	for _, i := range svc.VisibleSteps(st.Answers) {
		for j := range svc.Steps[i].Fields {
			f := &svc.Steps[i].Fields[j]
			if f.Type == kiosk.FieldInfo || !f.When.Holds(st.Answers) {
				continue
			}
			label := u.text(l, f.Label.In(l), widgets.Style{Size: theme.SizeNameCaptionText, Color: theme.ColorNamePlaceHolder, Wrap: true})
			lines := []fyne.CanvasObject{label}
			dir, align := valueLayout(l, f.Type)
			if f.Type == kiosk.FieldText || f.Type == kiosk.FieldLongText {
				dir, align = dirOf(l), widgets.AlignStart
			}
			for _, s := range answerLines(l, f, st.Answers[f.ID]) {
				// Answers are private: their layouts are not cached, so
				// they leave memory with the screen.
				lines = append(lines, u.newText(s, widgets.Style{Size: theme.SizeNameSubHeadingText, Bold: true, Dir: dir, Align: align, Wrap: true, Private: true}))
			}
			edit := u.button(l, "review.edit", widgets.ImportanceLow, func() { u.sess.Edit(f.ID) })
			edit.Icon = theme.DocumentCreateIcon()
			edits, editsField = append(edits, edit), append(editsField, f.ID)
			rows = append(rows,
				widgets.NewBorder(l.RTL(), nil, nil, nil, container.NewCenter(edit), container.NewVBox(lines...)),
				widget.NewSeparator(),
			)
		}
	}
	for i, e := range edits {
		// An edit button names its answer's field, never the answer.
		u.describe(e, speech.Control{Role: speech.RoleButton, Field: editsField[i], Position: i + 1, Count: len(edits)})
	}
	confirm := u.forwardButton(l, "review.confirm", u.sess.ConfirmReview)
	nav := navBar(l, u.backButton(l, u.sess.Back), confirm)
	cancel := u.cancelButton(l, u.sess.Cancel)
	return &screen{
		content: u.page(l, kiosk.Msg(l, "review.title"), cancel, vscroll(u, container.NewVBox(rows...)), nav),
		primary: focusOn(confirm),
		confirm: confirm,
		cancel:  cancel,
	}
}
