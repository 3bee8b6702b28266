package screens

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/kiosk/speech"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// surveyScreen asks for satisfaction with one tap from 1 to 5, laid out
// from the start edge, or a skip.
func surveyScreen(u *UI, st kiosk.State) *screen {
	l := st.Lang
	grid, faces := u.ratingTiles(l, func(n int) { u.sess.Rate(n) })
	skip := u.button(l, "survey.skip", widgets.ImportanceLow, func() { u.sess.Rate(0) })
	nav := navBar(l, nil, skip)
	// The focus starts on neither end of the scale.
	return &screen{content: u.page(l, kiosk.Msg(l, "survey.title"), nil, container.NewCenter(grid), nav), primary: focusOn(faces[2])}
}

// ratingTiles returns the five tiles of the satisfaction scale, 1 to 5
// from the start edge, each wide enough that no word of its caption is
// broken ("dissatisfied" whole at every text size).
func (u *UI) ratingTiles(l kiosk.Lang, onRate func(int)) (fyne.CanvasObject, []*widgets.Button) {
	var faces []*widgets.Button
	var words []string
	for n := 1; n <= 5; n++ {
		b := u.newButton(kiosk.LocalizeDigits(l, strconv.Itoa(n)), dirOf(l), func() { onRate(n) })
		b.Detail = kiosk.Msg(l, "survey.rating."+strconv.Itoa(n))
		b.Tile = true
		u.describe(b, speech.Control{Role: speech.RoleButton, Label: b.Detail, Position: n, Count: 5})
		b.TextSize = theme.SizeNameHeadingText
		faces = append(faces, b)
		words = append(words, b.Detail)
	}
	// A tile's caption is wrapped inside its padding.
	w := u.widestWord(widgets.Style{Size: theme.SizeNameCaptionText, Dir: dirOf(l)}, words...) +
		2*theme.Size(theme.SizeNameInnerPadding) + 2
	objs := make([]fyne.CanvasObject, len(faces))
	for i, b := range faces {
		objs[i] = minWidth(b, w)
	}
	return widgets.NewGrid(l.RTL(), 5, objs...), faces
}

// widestWord returns the width of the widest word of texts laid out on
// one line in style: the least width a wrapped text needs so that it
// breaks only between words.
func (u *UI) widestWord(st widgets.Style, texts ...string) float32 {
	st.Wrap = false
	var w float32
	for _, s := range texts {
		for _, word := range strings.Fields(s) {
			t := u.newText(word, st)
			w = max(w, t.MinSize().Width)
		}
	}
	return w
}

// tv reports whether the kiosk runs on a television.
func (u *UI) tv() bool { return u.opts.Mode == config.ModeTV }
