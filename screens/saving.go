package screens

import (
	"fyne.io/fyne/v2/widget"

	"github.com/pishkhan/pishkhan/kiosk"
)

// savingScreen shows that the submission is being stored. Storing waits
// on the disk (fsyncs) in the background; this screen is drawn at once and
// keeps drawing, and gives way to the receipt, or to the consent screen
// with the reason, when the outbox answers. It has nothing to press.
func savingScreen(u *UI, st kiosk.State) *screen {
	return &screen{content: u.announcement(st.Lang, "saving.title", "saving.text", widget.NewProgressBarInfinite())}
}
