package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pishkhan/pishkhan/kiosk/typeset"
)

// Keypad is an on-screen numeric keypad for national codes, phone numbers,
// postal codes, numbers and amounts. Keys show digits as Digits writes
// them (Persian digits in Persian) but insert ASCII digits. It is laid out
// 1-2-3 from the left in every language, like a phone.
type Keypad struct {
	widget.BaseWidget

	// Labels are the words on the special keys.
	Labels Labels
	// Digits writes ASCII digits as the keys show them; nil shows them as
	// they are.
	Digits func(string) string
	// Extra is an additional key beside 0 ("000" for amounts, "." for
	// decimals); empty for none.
	Extra string

	OnInsert    func(string)
	OnBackspace func()
	OnClear     func()
	OnDone      func()

	fonts *typeset.Fonts
	keys  *fyne.Container
}

// Parts implements Composite: the keys.
func (k *Keypad) Parts() []fyne.CanvasObject {
	if k.keys == nil {
		return nil
	}
	return []fyne.CanvasObject{k.keys}
}

// NewKeypad returns a keypad with special keys labelled by labels, digits
// written by digits (nil: ASCII), and an extra key (see Extra), drawn
// with fonts.
func NewKeypad(fonts *typeset.Fonts, labels Labels, digits func(string) string, extra string) *Keypad {
	k := &Keypad{fonts: fonts, Labels: labels, Digits: digits, Extra: extra}
	k.ExtendBaseWidget(k)
	return k
}

func (k *Keypad) insert(s string) {
	if k.OnInsert != nil {
		k.OnInsert(s)
	}
}

func (k *Keypad) key(label, insert string) *Button {
	b := NewButton(k.fonts, label, DirLTR, func() { k.insert(insert) })
	b.TextSize = theme.SizeNameHeadingText
	return b
}

// digits writes ASCII digits as the keys show them.
func (k *Keypad) digits(s string) string {
	if k.Digits == nil {
		return s
	}
	return k.Digits(s)
}

// PreferredSize implements Preferred: the keypad with every key as tall
// as its label asks. Its MinSize lets the keys shrink to the touch target.
func (k *Keypad) PreferredSize() fyne.Size {
	m := k.MinSize() // builds the keys
	return fyne.NewSize(m.Width, KeyRows{}.PreferredHeight(k.keys.Objects))
}

// CreateRenderer implements fyne.Widget.
func (k *Keypad) CreateRenderer() fyne.WidgetRenderer {
	var keys []fyne.CanvasObject
	for _, d := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"} {
		keys = append(keys, k.key(k.digits(d), d))
	}
	if k.Extra != "" {
		label := k.digits(k.Extra)
		if k.Extra == "." && k.Labels.Decimal != "" {
			label = k.Labels.Decimal
		}
		keys = append(keys, k.key(label, k.Extra))
	} else {
		keys = append(keys, layout.NewSpacer())
	}
	keys = append(keys, k.key(k.digits("0"), "0"))
	bs := NewButton(k.fonts, k.Labels.Backspace, DirAuto, func() { call(k.OnBackspace) })
	bs.TextSize = theme.SizeNameHeadingText
	keys = append(keys, bs)

	dir := k.Labels.dir()
	clear := NewButton(k.fonts, k.Labels.Clear, dir, func() { call(k.OnClear) })
	done := NewButton(k.fonts, k.Labels.Done, dir, func() { call(k.OnDone) })
	done.Importance = ImportanceHigh
	// Clear and done share the row evenly: a label like «پاک کردن» in a
	// one-key cell would widen every key.
	bottom := container.New(&WeightedRow{RTL: k.Labels.RTL, Weights: []float32{1.5, 1.5}, Units: 3}, clear, done)
	k.keys = NewKeyGrid(false, 3, keys...)
	k.keys.Add(bottom)
	return widget.NewSimpleRenderer(k.keys)
}

// NewKeyGrid returns keys in rows of cols, filled from the start edge (a
// short last row is centred), laid out with KeyRows: columns line up from
// row to row, and the rows share the height given to the grid.
func NewKeyGrid(rtl bool, cols int, keys ...fyne.CanvasObject) *fyne.Container {
	var rows []fyne.CanvasObject
	for i := 0; i < len(keys); i += cols {
		row := keys[i:min(i+cols, len(keys))]
		rows = append(rows, container.New(&WeightedRow{RTL: rtl, Units: float32(cols)}, row...))
	}
	return container.New(KeyRows{}, rows...)
}

var _ Preferred = (*Keypad)(nil)
