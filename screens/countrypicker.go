package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// countrySlots is how many countries the picker lists at once: two rows
// of two, so the list and the keyboard under it fit a 1280×800 screen;
// one row with large text and on a television, whose keys leave the
// list less room. A citizen narrows a longer list by typing another
// letter.
const countrySlots, countrySlotsLarge = 4, 2

// countryInput answers a country field (a passport's nationality): the
// citizen types a few letters of the name on the on-screen keyboard, in
// the session's language (or the other, or the two-letter code), and
// taps, or presses OK on, one of the countries listed under the letters,
// named and sorted in the session's language (kiosk.MatchCountries). The
// list has a fixed number of places, so the controls under the finger
// never move while the citizen types.
type countryInput struct {
	u       *UI
	l       kiosk.Lang
	exclude []string
	query   *widgets.Field
	board   *widgets.Keyboard
	note    *widgets.Text
	slots   []*widgets.Button
	shown   []kiosk.Country
	box     *fyne.Container
	value   string
	changed func(string)
}

func newCountryInput(u *UI, l kiosk.Lang, f *kiosk.Field, ev inputEvents) *countryInput {
	c := &countryInput{u: u, l: l, exclude: f.ExcludeCountries, changed: ev.changed}
	c.query = widgets.NewField(u.opts.Fonts, dirOf(l), widgets.AlignStart)
	c.query.MaxLen = 40
	c.query.OnActivate = ev.activate
	c.query.OnChanged = func(string) { c.search() }
	c.query.OnSubmit = func() { c.done(ev.done) }
	layout := widgets.LayoutEnglish
	if l == kiosk.Persian {
		layout = widgets.LayoutPersian
	}
	c.board = widgets.NewKeyboard(u.opts.Fonts, labels(l), layout)
	c.board.OnInsert = func(s string) { c.query.Insert(s); u.nav.refocus(c.query) }
	c.board.OnBackspace = func() { c.query.Backspace(); u.nav.refocus(c.query) }
	c.board.OnClear = func() { c.query.Clear(); u.nav.refocus(c.query) }
	c.board.OnDone = func() { c.done(ev.done) }
	if u.opts.Mode == config.ModeTV {
		// A remote cannot type letters: OK on the field opens its
		// keyboard, whose done key goes down to the list.
		c.query.OnSubmit = func() {
			if k := c.board.FocusTarget(); k != nil {
				u.focus(k)
			}
		}
	}
	c.note = u.text(l, "", widgets.Style{Size: theme.SizeNameCaptionText, Color: theme.ColorNamePlaceHolder, Wrap: true})
	n := countrySlots
	if u.a11y.LargeText || u.opts.Mode == config.ModeTV {
		n = countrySlotsLarge
	}
	slots := make([]fyne.CanvasObject, n)
	for i := range n {
		b := u.newButton("", dirOf(l), func() { c.choose(i) })
		b.Private = true // the names listed say what the citizen typed
		b.Wrap = true    // «جزایر جورجیای جنوبی و ساندویچ جنوبی» is long
		c.slots = append(c.slots, b)
		slots[i] = b
	}
	list := container.New(&slotGrid{cols: 2, rtl: l.RTL()}, slots...)
	c.box = container.NewVBox(c.query, c.note, list)
	c.show()
	return c
}

// search lists the countries matching what was typed. Typing starts a
// new search: a country chosen before is let go, so what the session
// holds is always the country shown chosen.
func (c *countryInput) search() {
	c.u.sess.Touch()
	if c.value != "" {
		c.value = ""
		if c.changed != nil {
			c.changed("")
		}
	}
	c.show()
}

// choose takes the country in slot i as the answer.
func (c *countryInput) choose(i int) {
	if i >= len(c.shown) {
		return
	}
	c.value = c.shown[i].Code
	c.show()
	if c.changed != nil {
		c.changed(c.value)
	}
}

// done answers the keyboard's done key (or Enter): with one country
// listed and none chosen, that one is chosen; with several, a remote's
// focus goes down to the first of them, to be chosen with OK. Otherwise
// the form moves on.
func (c *countryInput) done(next func()) {
	if c.value == "" && len(c.shown) == 1 {
		c.choose(0)
	}
	if c.value == "" && len(c.shown) > 0 && c.u.nav.wantsFocus() {
		c.u.nav.focusControl(c.slots[0])
		return
	}
	next()
}

// show lists the countries matching the query, or the chosen one when
// nothing is typed, with the line above them saying what to do.
func (c *countryInput) show() {
	q := c.query.Value()
	c.shown = kiosk.MatchCountries(c.l, q, c.exclude, len(c.slots))
	if q == "" && c.value != "" {
		if country, ok := kiosk.LookupCountry(c.value); ok {
			c.shown = []kiosk.Country{country}
		}
	}
	// One line above the list always, so the list never moves.
	note := kiosk.Msg(c.l, "form.country_pick")
	switch {
	case len(c.shown) == 0 && q != "":
		note = kiosk.Msg(c.l, "form.country_none")
	case len(c.shown) == 0:
		note = kiosk.Msg(c.l, "form.country_hint")
	}
	if note != c.note.Text() {
		c.note.SetText(note)
	}
	for i, b := range c.slots {
		if i >= len(c.shown) {
			b.Label, b.Selected = "", false
			b.Hide()
			continue
		}
		b.Label = c.shown[i].Name.In(c.l)
		b.Selected = c.shown[i].Code == c.value
		b.Show()
		b.Refresh()
	}
	c.box.Refresh()
}

func (c *countryInput) object() fyne.CanvasObject { return c.box }
func (c *countryInput) kind() inputKind           { return byKeyboard }
func (c *countryInput) typesAtEnd() bool          { return false }
func (c *countryInput) baseHeight() float32       { return c.box.MinSize().Height }
func (c *countryInput) pad() fyne.CanvasObject    { return c.board }
func (c *countryInput) setActive(a bool)          { c.query.SetActive(a) }
func (c *countryInput) focus(u *UI)               { u.focus(c.query) }
func (c *countryInput) setInvalid(b bool)         { c.query.SetInvalid(b) }
func (c *countryInput) typeDigit(rune)            {}
func (c *countryInput) backspace()                { c.query.Backspace() }
func (c *countryInput) keys() fyne.CanvasObject   { return c.board }

// first is the chosen country's place when it is listed, else the
// letters typed.
func (c *countryInput) first() fyne.Focusable {
	for i, country := range c.shown {
		if country.Code == c.value {
			return c.slots[i]
		}
	}
	return c.query
}

func (c *countryInput) set(v string) {
	if v != c.value {
		c.value = v
		c.show()
	}
}

// slotGrid lays its cells out in a fixed grid of cols columns, first
// cell at the start edge, whether they are shown or not: the rows keep
// their place as countries come and go. A row is as tall as its tallest
// cell shown, and never less than a touch target; the grid takes the
// width it is given.
type slotGrid struct {
	cols int
	rtl  bool
}

func (g *slotGrid) rows(n int) int { return (n + g.cols - 1) / g.cols }

func (g *slotGrid) rowHeight(objects []fyne.CanvasObject) float32 {
	h := widgets.Size(widgets.SizeNameTarget)
	for _, o := range objects {
		if o.Visible() {
			h = max(h, o.MinSize().Height)
		}
	}
	return h
}

// Layout implements fyne.Layout.
func (g *slotGrid) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	w := (size.Width - float32(g.cols-1)*pad) / float32(g.cols)
	// A long name wraps at the cell's width: give each cell its width
	// before asking how tall it is.
	for _, o := range objects {
		if o.Visible() && o.Size().Width != w {
			o.Resize(fyne.NewSize(w, o.MinSize().Height))
		}
	}
	h := g.rowHeight(objects)
	for i, o := range objects {
		col, row := i%g.cols, i/g.cols
		if g.rtl {
			col = g.cols - 1 - col
		}
		o.Move(fyne.NewPos(float32(col)*(w+pad), float32(row)*(h+pad)))
		o.Resize(fyne.NewSize(w, h))
	}
}

// MinSize implements fyne.Layout.
func (g *slotGrid) MinSize(objects []fyne.CanvasObject) fyne.Size {
	pad := theme.Padding()
	n := g.rows(len(objects))
	h := g.rowHeight(objects)
	// As narrow as a few touch targets whatever the names listed: a long
	// name must not widen the form while the citizen types.
	w := 2 * widgets.Size(widgets.SizeNameTarget)
	return fyne.NewSize(float32(g.cols)*w+float32(g.cols-1)*pad, float32(n)*h+float32(n-1)*pad)
}
