package widgets

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pishkhan/pishkhan/kiosk/typeset"
)

// PinPad takes a secret number, the technician's PIN: a row of dots, one
// per digit typed (the digits themselves are never drawn), over a 1-2-3
// keypad with backspace and enter. Digits also come from a keyboard or a
// remote's number keys through TypeDigit. What was typed is wiped after
// every Submit and Clear.
type PinPad struct {
	widget.BaseWidget

	// Labels are the words on the backspace and enter keys.
	Labels Labels
	// Digits writes an ASCII digit as its key shows it; nil shows ASCII.
	Digits func(string) string
	// Accept turns a rune typed on a keyboard or remote into the ASCII
	// digit it stands for (a Persian ۴ into 4); nil takes ASCII digits
	// only.
	Accept func(rune) (rune, bool)
	// MaxLen bounds the digits taken; 0 takes any number.
	MaxLen int
	// OnSubmit receives the digits typed (ASCII) when enter is pressed.
	OnSubmit func(pin string)
	// OnChange is called after every digit, backspace and clear.
	OnChange func()

	fonts    *typeset.Fonts
	digits   []byte
	disabled bool
	mask     *Text
	keys     []*Button
}

// NewPinPad returns a PIN pad whose backspace and enter keys are labelled
// by labels, whose digit keys show digits as digits writes them (nil:
// ASCII), drawn with fonts.
func NewPinPad(fonts *typeset.Fonts, labels Labels, digits func(string) string, onSubmit func(pin string)) *PinPad {
	p := &PinPad{fonts: fonts, Labels: labels, Digits: digits, OnSubmit: onSubmit}
	p.ExtendBaseWidget(p)
	p.build()
	return p
}

// pinDot stands for one digit typed.
const pinDot = "●"

func (p *PinPad) build() {
	p.mask = NewText(p.fonts, "", Style{Size: theme.SizeNameHeadingText, Bold: true, Align: AlignCenter, Dir: DirLTR})
	key := func(label string, dir Direction, do func()) *Button {
		b := NewButton(p.fonts, label, dir, do)
		b.TextSize = theme.SizeNameHeadingText
		p.keys = append(p.keys, b)
		return b
	}
	digit := func(d string) string {
		if p.Digits == nil {
			return d
		}
		return p.Digits(d)
	}
	for _, d := range "123456789" {
		key(digit(string(d)), DirLTR, func() { p.TypeDigit(d) })
	}
	key(p.Labels.Backspace, p.Labels.dir(), p.Backspace)
	key(digit("0"), DirLTR, func() { p.TypeDigit('0') })
	enter := key(p.Labels.Enter, p.Labels.dir(), p.Submit)
	enter.Importance = ImportanceHigh
}

// Keys returns the pad's buttons in reading order, three to a row: 1 to
// 9, then backspace, 0 and enter.
func (p *PinPad) Keys() []*Button { return p.keys }

// Len returns how many digits were typed.
func (p *PinPad) Len() int { return len(p.digits) }

// TypeDigit adds a digit, in any script Accept takes; other runes are
// ignored.
func (p *PinPad) TypeDigit(r rune) {
	if p.disabled {
		return
	}
	if p.Accept != nil {
		var ok bool
		if r, ok = p.Accept(r); !ok {
			return
		}
	}
	if r < '0' || r > '9' {
		return
	}
	if p.MaxLen > 0 && len(p.digits) >= p.MaxLen {
		return
	}
	p.digits = append(p.digits, byte(r))
	p.changed()
}

// Backspace removes the last digit.
func (p *PinPad) Backspace() {
	if p.disabled || len(p.digits) == 0 {
		return
	}
	p.digits[len(p.digits)-1] = 0
	p.digits = p.digits[:len(p.digits)-1]
	p.changed()
}

// Clear wipes every digit.
func (p *PinPad) Clear() {
	p.wipe()
	p.changed()
}

func (p *PinPad) wipe() {
	clear(p.digits)
	p.digits = p.digits[:0]
}

// Submit hands the digits to OnSubmit and wipes them.
func (p *PinPad) Submit() {
	if p.disabled || len(p.digits) == 0 {
		return
	}
	pin := string(p.digits)
	p.wipe()
	p.changed()
	if p.OnSubmit != nil {
		p.OnSubmit(pin)
	}
}

// SetDisabled stops (or restarts) the pad taking digits, as while the
// entry is locked.
func (p *PinPad) SetDisabled(disabled bool) {
	p.disabled = disabled
	if disabled {
		p.wipe()
	}
	for _, k := range p.keys {
		if disabled {
			k.Disable()
		} else {
			k.Enable()
		}
	}
	p.changed()
}

// Disabled reports whether the pad is disabled.
func (p *PinPad) Disabled() bool { return p.disabled }

// Mask returns what the pad shows of the PIN: one dot per digit.
func (p *PinPad) Mask() string { return p.mask.Text() }

func (p *PinPad) changed() {
	p.mask.SetText(strings.TrimSpace(strings.Repeat(pinDot+" ", len(p.digits))))
	if p.OnChange != nil {
		p.OnChange()
	}
}

// CreateRenderer implements fyne.Widget.
func (p *PinPad) CreateRenderer() fyne.WidgetRenderer {
	grid := container.NewGridWithColumns(3)
	for _, k := range p.keys {
		grid.Add(k)
	}
	// The dots keep their height when there are none.
	field := container.NewStack(NewText(p.fonts, " ", Style{Size: theme.SizeNameHeadingText}), p.mask)
	return widget.NewSimpleRenderer(container.NewVBox(field, grid))
}
