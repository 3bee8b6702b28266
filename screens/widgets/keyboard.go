package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pishkhan/pishkhan/kiosk/typeset"
)

// KeyboardLayout is a set of letter keys.
type KeyboardLayout int

// Keyboard layouts.
const (
	// LayoutPersian follows the Persian standard layout (ISIRI 9147): ض
	// and ۱ at the top left, as on every Persian PC and phone keyboard.
	LayoutPersian KeyboardLayout = iota
	// LayoutEnglish is QWERTY.
	LayoutEnglish
	// LayoutVIN is QWERTY capitals and digits without the letters a
	// vehicle identification number cannot hold (I, O, Q): no shift, no
	// space.
	LayoutVIN
	// LayoutCapitals is QWERTY capitals and digits, every letter, no
	// shift, no space: identifiers printed in capitals, such as a
	// passport number.
	LayoutCapitals
)

// ZWNJ is the zero-width non-joiner Persian spelling needs (می‌خواهم).
const ZWNJ = "\u200c"

// The letter keys of each layout, row by row from left to right, plain
// and shifted. A keyboard is a physical layout: its rows read the same in
// a right-to-left screen.
var (
	persianKeys = [][]string{
		{"۱", "۲", "۳", "۴", "۵", "۶", "۷", "۸", "۹", "۰"},
		{"ض", "ص", "ث", "ق", "ف", "غ", "ع", "ه", "خ", "ح", "ج", "چ"},
		{"ش", "س", "ی", "ب", "ل", "ا", "ت", "ن", "م", "ک", "گ"},
		{"ظ", "ط", "ز", "ر", "ذ", "د", "پ", "و", "ژ"},
	}
	persianShiftKeys = [][]string{
		{"!", "٬", "٫", "÷", "٪", "×", "،", "*", "(", ")"},
		{"آ", "أ", "إ", "ؤ", "ئ", "ء", "ة", "ّ", "«", "»", "-", "ـ"},
		{"؛", ":", "\"", "'", "+", "=", "/", "\\", "؟", "@", "#"},
		{".", "_", "&", "<", ">", "[", "]", "{", "}"},
	}
	englishKeys = [][]string{
		{"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"},
		{"q", "w", "e", "r", "t", "y", "u", "i", "o", "p"},
		{"a", "s", "d", "f", "g", "h", "j", "k", "l", "@"},
		{"z", "x", "c", "v", "b", "n", "m", ".", "-", "_"},
	}
	englishShiftKeys = [][]string{
		{"!", "#", "$", "%", "&", "*", "(", ")", "'", "\""},
		{"Q", "W", "E", "R", "T", "Y", "U", "I", "O", "P"},
		{"A", "S", "D", "F", "G", "H", "J", "K", "L", ":"},
		{"Z", "X", "C", "V", "B", "N", "M", ",", "/", "+"},
	}
	vinKeys = [][]string{
		{"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"},
		{"W", "E", "R", "T", "Y", "U", "P"},
		{"A", "S", "D", "F", "G", "H", "J", "K", "L"},
		{"Z", "X", "C", "V", "B", "N", "M"},
	}
	capitalKeys = [][]string{
		{"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"},
		{"Q", "W", "E", "R", "T", "Y", "U", "I", "O", "P"},
		{"A", "S", "D", "F", "G", "H", "J", "K", "L"},
		{"Z", "X", "C", "V", "B", "N", "M"},
	}
)

// keyboardUnits is the width of every keyboard row in key widths.
const keyboardUnits = 12

// keyUnit is the width of one key: a little under a touch target, so the
// keyboard fits a landscape screen; keys stay at least the target tall.
func keyUnit() float32 { return Size(SizeNameTarget) * 0.9 }

// KeyLabels returns the letter keys a layout shows, row by row, plain or
// shifted.
func KeyLabels(l KeyboardLayout, shifted bool) [][]string {
	switch {
	case l == LayoutVIN:
		return vinKeys
	case l == LayoutCapitals:
		return capitalKeys
	case l == LayoutEnglish && shifted:
		return englishShiftKeys
	case l == LayoutEnglish:
		return englishKeys
	case shifted:
		return persianShiftKeys
	}
	return persianKeys
}

// Keyboard is an on-screen keyboard for text answers: Persian and English
// layouts, shift, the ZWNJ (half-space) key, space, backspace, clear and
// done. Its keys stand as on a phone in both screen directions: backspace
// at the right of the last letter row; shift, the layout switch, space,
// clear and done from left to right below. Keys report through the On...
// callbacks; the screen decides which Field they type into.
type Keyboard struct {
	widget.BaseWidget

	// Labels are the words on the special keys.
	Labels Labels
	// Switchable shows a key that changes between Persian and English
	// (never on LayoutVIN or LayoutCapitals).
	Switchable bool

	OnInsert    func(string)
	OnBackspace func()
	OnClear     func()
	OnDone      func()

	fonts   *typeset.Fonts
	layout  KeyboardLayout
	shifted bool
	// rows holds the key rows the renderer lays out.
	rows *fyne.Container
}

// NewKeyboard returns a keyboard showing layout, with special keys
// labelled by labels, drawn with fonts.
func NewKeyboard(fonts *typeset.Fonts, labels Labels, layout KeyboardLayout) *Keyboard {
	k := &Keyboard{Labels: labels, fonts: fonts, layout: layout, Switchable: true}
	k.ExtendBaseWidget(k)
	return k
}

// Layout returns the layout shown.
func (k *Keyboard) Layout() KeyboardLayout { return k.layout }

// SetLayout changes the layout shown.
func (k *Keyboard) SetLayout(l KeyboardLayout) {
	k.layout = l
	k.shifted = false
	k.Refresh()
}

// Shifted reports whether the shifted keys are shown.
func (k *Keyboard) Shifted() bool { return k.shifted }

// SetShifted shows the shifted or plain keys.
func (k *Keyboard) SetShifted(s bool) {
	k.shifted = s
	k.Refresh()
}

func (k *Keyboard) press(s string) {
	if k.OnInsert != nil {
		k.OnInsert(s)
	}
	if k.shifted { // shift holds for one key, as on a phone
		k.SetShifted(false)
	}
}

// FocusTarget returns the key the focus enters the keyboard on: the first
// letter at the left (ض, q).
func (k *Keyboard) FocusTarget() fyne.Focusable {
	if k.rows == nil || len(k.rows.Objects) < 2 {
		return nil
	}
	row, ok := k.rows.Objects[1].(*fyne.Container)
	if !ok || len(row.Objects) == 0 {
		return nil
	}
	f, _ := row.Objects[0].(fyne.Focusable)
	return f
}

// Parts implements Composite: the rows of keys.
func (k *Keyboard) Parts() []fyne.CanvasObject {
	if k.rows == nil {
		return nil
	}
	return []fyne.CanvasObject{k.rows}
}

// PreferredSize implements Preferred: the keyboard with every key as tall
// as its label asks. Its MinSize lets the keys shrink to the touch target
// on a short screen.
func (k *Keyboard) PreferredSize() fyne.Size {
	m := k.MinSize() // builds the keys
	return fyne.NewSize(m.Width, KeyRows{}.PreferredHeight(k.rows.Objects))
}

// CreateRenderer implements fyne.Widget.
func (k *Keyboard) CreateRenderer() fyne.WidgetRenderer {
	if k.rows == nil {
		k.rows = container.New(KeyRows{})
	}
	r := &keyboardRenderer{k: k, box: k.rows}
	r.Refresh()
	return r
}

type keyboardRenderer struct {
	k       *Keyboard
	box     *fyne.Container
	built   bool
	layout  KeyboardLayout
	shifted bool
	labels  Labels
}

// focusedKey returns the row and position of the key that has the focus,
// or -1, -1.
func (r *keyboardRenderer) focusedKey() (row, col int) {
	c := CanvasOf(r.k)
	if c == nil || c.Focused() == nil {
		return -1, -1
	}
	f, _ := c.Focused().(fyne.CanvasObject)
	for i, o := range r.box.Objects {
		if keys, ok := o.(*fyne.Container); ok {
			for j, key := range keys.Objects {
				if key == f {
					return i, j
				}
			}
		}
	}
	return -1, -1
}

// rebuild lays the keys out again for a new layout or shift state. The
// key that had the focus (shift, or the layout switch, pressed with the
// remote) hands it to the key now in its place.
func (r *keyboardRenderer) rebuild() {
	fr, fc := r.focusedKey()
	defer func() {
		if fr < 0 {
			return
		}
		keys := r.box.Objects[min(fr, len(r.box.Objects)-1)].(*fyne.Container).Objects
		if f, ok := keys[min(fc, len(keys)-1)].(fyne.Focusable); ok {
			if c := CanvasOf(r.k); c != nil {
				c.Focus(f)
			}
		}
	}()
	k := r.k
	vin := k.layout == LayoutVIN || k.layout == LayoutCapitals
	row := func(objects []fyne.CanvasObject, weights []float32, flex fyne.CanvasObject) fyne.CanvasObject {
		return container.New(&WeightedRow{Weights: weights, Units: keyboardUnits, MinUnit: keyUnit(), Flex: flex}, objects...)
	}
	var rows []fyne.CanvasObject
	labels := KeyLabels(k.layout, k.shifted)
	for i, keyRow := range labels {
		var keys []fyne.CanvasObject
		var weights []float32
		for _, label := range keyRow {
			b := NewButton(k.fonts, label, DirAuto, func() { k.press(label) })
			b.TextSize = theme.SizeNameSubHeadingText
			keys = append(keys, b)
			weights = append(weights, 1)
		}
		if i == len(labels)-1 {
			bs := NewButton(k.fonts, k.Labels.Backspace, DirAuto, func() { call(k.OnBackspace) })
			bs.TextSize = theme.SizeNameSubHeadingText
			keys = append(keys, bs)
			weights = append(weights, 2)
		}
		rows = append(rows, row(keys, weights, nil))
	}

	var bottom []fyne.CanvasObject
	var weights []float32
	add := func(b *Button, w float32) {
		bottom = append(bottom, b)
		weights = append(weights, w)
	}
	if vin {
		// Capitals only, and no space: clear and done, wide.
		add(NewButton(k.fonts, k.Labels.Clear, DirAuto, func() { call(k.OnClear) }), 3)
		done := NewButton(k.fonts, k.Labels.Done, DirAuto, func() { call(k.OnDone) })
		done.Importance = ImportanceHigh
		add(done, 4)
		rows = append(rows, row(bottom, weights, nil))
		r.finish(rows)
		return
	}
	shift := NewButton(k.fonts, k.Labels.Shift, DirAuto, func() { k.SetShifted(!k.shifted) })
	shift.Selected = k.shifted
	add(shift, 1.5)
	if k.Switchable {
		other, label := LayoutEnglish, k.Labels.English
		if k.layout == LayoutEnglish {
			other, label = LayoutPersian, k.Labels.Persian
		}
		add(NewButton(k.fonts, label, DirAuto, func() { k.SetLayout(other) }), 1.5)
	}
	space := float32(5.5)
	if k.layout == LayoutPersian {
		add(NewButton(k.fonts, k.Labels.ZWNJ, DirAuto, func() { k.press(ZWNJ) }), 2)
		space = 3.5
	}
	if !k.Switchable {
		space += 1.5
	}
	spaceBar := NewButton(k.fonts, k.Labels.Space, DirAuto, func() { k.press(" ") })
	add(spaceBar, space)
	add(NewButton(k.fonts, k.Labels.Clear, DirAuto, func() { call(k.OnClear) }), 1.5)
	done := NewButton(k.fonts, k.Labels.Done, DirAuto, func() { call(k.OnDone) })
	done.Importance = ImportanceHigh
	add(done, 2)
	// With large text «پاک کردن» or «English» needs more than its
	// weight: the space bar gives it up.
	rows = append(rows, row(bottom, weights, spaceBar))
	r.finish(rows)
}

// finish shows the rows built.
func (r *keyboardRenderer) finish(rows []fyne.CanvasObject) {
	k := r.k
	r.box.Objects = rows
	r.box.Refresh()
	r.built, r.layout, r.shifted, r.labels = true, k.layout, k.shifted, k.Labels
}

func (r *keyboardRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.box} }
func (r *keyboardRenderer) Destroy()                     {}
func (r *keyboardRenderer) MinSize() fyne.Size           { return r.box.MinSize() }
func (r *keyboardRenderer) Layout(size fyne.Size)        { r.box.Resize(size) }

func (r *keyboardRenderer) Refresh() {
	if !r.built || r.layout != r.k.layout || r.shifted != r.k.shifted || r.labels != r.k.Labels {
		r.rebuild()
	}
	for _, row := range r.box.Objects {
		row.Refresh()
	}
}

var (
	_ fyne.WidgetRenderer = (*keyboardRenderer)(nil)
	_ Preferred           = (*Keyboard)(nil)
)
