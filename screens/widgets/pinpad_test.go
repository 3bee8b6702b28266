package widgets_test

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/screens/widgets"
)

func TestPinPadTakesDigitsAndShowsDots(t *testing.T) {
	fonts := dejavu(t)
	test.NewTempApp(t)
	var got []string
	p := widgets.NewPinPad(fonts, faLabels, persianDigits, func(pin string) { got = append(got, pin) })
	p.Accept = acceptDigit
	test.NewTempWindow(t, p)
	keys := p.Keys()
	if len(keys) != 12 {
		t.Fatalf("%d keys, want 12", len(keys))
	}
	labels := []string{"۱", "۲", "۳", "۴", "۵", "۶", "۷", "۸", "۹", faLabels.Backspace, "۰", faLabels.Enter}
	for i, k := range keys {
		if k.Label != labels[i] {
			t.Errorf("key %d labelled %q, want %q", i, k.Label, labels[i])
		}
	}
	tap := func(i int) { test.Tap(keys[i]) }
	tap(3)           // 4
	tap(7)           // 8
	p.TypeDigit('۲') // a Persian digit from a keyboard
	p.TypeDigit('x') // ignored
	tap(8)           // 9
	tap(9)           // backspace
	p.TypeDigit('9')
	tap(0) // 1
	tap(2) // 3
	if p.Mask() != "● ● ● ● ● ●" || p.Len() != 6 {
		t.Errorf("mask %q (%d digits)", p.Mask(), p.Len())
	}
	tap(11) // enter
	if len(got) != 1 || got[0] != "482913" {
		t.Fatalf("submitted %q, want [482913]", got)
	}
	if p.Len() != 0 || p.Mask() != "" {
		t.Errorf("after enter the pad still holds %d digits (%q)", p.Len(), p.Mask())
	}
	tap(11) // enter with nothing typed: nothing submitted
	if len(got) != 1 {
		t.Errorf("an empty PIN was submitted")
	}
}

func TestPinPadLimitsAndDisables(t *testing.T) {
	fonts := dejavu(t)
	test.NewTempApp(t)
	var got string
	p := widgets.NewPinPad(fonts, enLabels, nil, func(pin string) { got = pin })
	p.MaxLen = 6
	test.NewTempWindow(t, p)
	for _, r := range "12345678" {
		p.TypeDigit(r)
	}
	if p.Len() != 6 {
		t.Errorf("took %d digits past the limit of 6", p.Len())
	}
	p.SetDisabled(true)
	if p.Len() != 0 {
		t.Error("disabling did not wipe the digits")
	}
	p.TypeDigit('1')
	test.Tap(p.Keys()[0])
	p.Submit()
	if p.Len() != 0 || got != "" {
		t.Errorf("a disabled pad took input: %d digits, submitted %q", p.Len(), got)
	}
	for _, k := range p.Keys() {
		if !k.Disabled() {
			t.Errorf("key %q enabled on a disabled pad", k.Label)
		}
	}
	p.SetDisabled(false)
	p.TypeDigit('5')
	if p.Len() != 1 {
		t.Error("re-enabled pad takes no digits")
	}
}
