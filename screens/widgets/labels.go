package widgets

// Labels are the words on the special keys of a Keyboard, Keypad or
// PinPad, in the citizen's language; the screens fill them from their
// message catalogue.
type Labels struct {
	// RTL says the labels' language reads right to left: their
	// paragraphs, and a Keypad's row of special keys, run from the right.
	// A Keyboard's rows never mirror: it is a physical layout.
	RTL bool

	Backspace string
	Clear     string
	Done      string
	// Enter submits a PinPad.
	Enter string
	// Shift, Space and ZWNJ (the half-space) are keyboard keys.
	Shift string
	Space string
	ZWNJ  string
	// Persian and English label the key that switches a Keyboard to
	// that layout.
	Persian string
	English string
	// Decimal labels a Keypad's "." key ("٫" in Persian); empty shows ".".
	Decimal string
}

// dir returns the direction of the labels' paragraphs.
func (l Labels) dir() Direction {
	if l.RTL {
		return DirRTL
	}
	return DirLTR
}

func call(fn func()) {
	if fn != nil {
		fn()
	}
}
