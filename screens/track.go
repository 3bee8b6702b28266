package screens

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/speech"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// trackingCodeDigits is the length of a tracking code (kiosk.TrackingCode).
const trackingCodeDigits = 16

// trackScreen is "track my request": the citizen types the tracking code
// from their receipt on the keypad beside the field (or with a remote's
// digit keys) and presses Track; the screen shows where the request
// stands, or why the code was not found. The code reads left to right in
// groups of four, as on the receipt, in both languages.
func trackScreen(u *UI, st kiosk.State) *screen {
	l := st.Lang
	v := &trackView{u: u, l: l}
	search := func() { u.sess.Track(context.Background()) }

	// Digits read left to right even in Persian, where they still hug
	// the right edge (as numbers do on the review screen).
	dir, align := valueLayout(l, kiosk.FieldNumber)
	v.field = widgets.NewField(u.opts.Fonts, dir, align)
	v.field.Accept = acceptDigit
	v.field.MaxLen = trackingCodeDigits
	v.field.Format = func(s string) string { return kiosk.LocalizeDigits(l, kiosk.TrackingCode(s).String()) }
	v.field.OnChanged = u.sess.SetTrackCode
	v.field.OnSubmit = search
	u.describe(v.field, speech.Control{Role: speech.RoleField, Label: kiosk.Msg(l, "receipt.code")})

	v.keypad = widgets.NewKeypad(u.opts.Fonts, labels(l), digitsIn(l), "")
	v.keypad.OnInsert = func(s string) { v.field.Insert(s); u.nav.refocus(v.field) }
	v.keypad.OnBackspace = func() { v.field.Backspace(); u.nav.refocus(v.field) }
	v.keypad.OnClear = func() { v.field.Clear(); u.nav.refocus(v.field) }
	v.keypad.OnDone = search

	v.err = u.text(l, "", widgets.Style{Color: theme.ColorNameError, Bold: true, Wrap: true})
	v.err.Hide()
	v.result = container.NewVBox()
	v.result.Hide()
	v.scroll = vscroll(u, container.NewVBox(
		u.body(l, kiosk.Msg(l, "track.prompt")),
		v.field,
		v.err,
		container.NewPadded(),
		v.result,
	))

	track := u.button(l, "track.search", widgets.ImportanceHigh, search)
	track.Icon = theme.SearchIcon()
	back := u.backButton(l, u.sess.Back)
	cancel := u.cancelButton(l, u.sess.Cancel)
	content := widgets.NewBorder(l.RTL(), nil, nil, nil, container.NewPadded(v.keypad), v.scroll)
	return &screen{
		content: u.page(l, kiosk.Msg(l, "track.title"), cancel, content, navBar(l, back, track)),
		update:  v.update,
		opened: func() {
			v.field.SetActive(true)
			u.focus(v.field)
		},
		primary:   focusOn(v.field),
		confirm:   track,
		cancel:    cancel,
		typeDigit: func(r rune) { v.field.TypedRune(r) },
		key:       v.key,
	}
}

// trackView is the track screen's state on screen.
type trackView struct {
	u      *UI
	l      kiosk.Lang
	field  *widgets.Field
	keypad *widgets.Keypad
	err    *widgets.Text
	result *fyne.Container
	scroll *widgets.TouchScroll
	shown  *kiosk.TrackResult // the answer the result shows
}

// update shows the code, the refusal and the answer of the session.
func (v *trackView) update(st kiosk.State) {
	if st.TrackCode != v.field.Value() {
		v.field.SetValue(st.TrackCode)
	}
	v.field.SetInvalid(st.TrackError == "error.tracking_code")
	relayout := false
	switch {
	case st.TrackError == "" && v.err.Visible():
		v.err.Hide()
		relayout = true
	case st.TrackError != "":
		if m := kiosk.Msg(v.l, st.TrackError); m != v.err.Text() || !v.err.Visible() {
			v.err.SetText(m)
			v.err.Show()
			relayout = true
		}
	}
	if !sameTrack(st.Track, v.shown) {
		v.shown = st.Track
		v.result.Objects = nil
		if st.Track != nil {
			v.result.Objects = []fyne.CanvasObject{card(v.answer(*st.Track))}
			v.result.Show()
		} else {
			v.result.Hide()
		}
		relayout = true
	}
	if relayout {
		v.scroll.Refresh()
	}
}

func sameTrack(a, b *kiosk.TrackResult) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// answer lays out where a request stands: the progress as a sentence,
// then the service, the day it was submitted and, when known, the
// agency's last change and its own reference, each under its label.
func (v *trackView) answer(r kiosk.TrackResult) fyne.CanvasObject {
	u := v.u
	l := v.l
	box := container.NewVBox()
	if key := "track.progress." + string(r.Progress); kiosk.HasMessage(key) {
		box.Add(u.text(l, kiosk.Msg(l, key), widgets.Style{Size: theme.SizeNameSubHeadingText, Bold: true, Wrap: true}))
	}
	row := func(labelKey, value string, dir widgets.Direction, align widgets.Align, private bool) {
		box.Add(u.text(l, kiosk.Msg(l, labelKey), widgets.Style{Size: theme.SizeNameCaptionText, Color: theme.ColorNamePlaceHolder, Wrap: true}))
		box.Add(u.newText(value, widgets.Style{Bold: true, Dir: dir, Align: align, Wrap: true, Private: private}))
	}
	if svc, ok := v.u.sess.Catalogue().Service(r.ServiceCode); ok {
		row("track.service", svc.Name.In(l), dirOf(l), widgets.AlignStart, false)
	}
	digits, digitsAlign := valueLayout(l, kiosk.FieldNumber)
	row("track.submitted", kiosk.FormatDate(l, r.SubmittedAt), digits, digitsAlign, false)
	if !r.UpdatedAt.IsZero() {
		row("track.updated", kiosk.FormatDate(l, r.UpdatedAt), digits, digitsAlign, false)
	}
	if r.AgencyRequestID != "" {
		// The agency's number leads to the citizen's file: private, like
		// what they typed.
		row("track.agency_number", r.AgencyRequestID, digits, digitsAlign, true)
	}
	return box
}

// key makes Backspace delete in the code while the focus is on the
// keypad; elsewhere it means Back.
func (v *trackView) key(e *fyne.KeyEvent) bool {
	if e.Name != fyne.KeyBackspace {
		return false
	}
	f, ok := v.u.focused().(fyne.CanvasObject)
	if !ok || !widgets.Contains(v.keypad, f) {
		return false
	}
	v.field.Backspace()
	return true
}
