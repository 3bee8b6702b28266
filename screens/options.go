package screens

import (
	"time"

	"fyne.io/fyne/v2"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/kiosk/typeset"
)

// Options configure the UI.
type Options struct {
	// Mode is the kind of device: a touch kiosk, or a television driven
	// by a remote control (10-foot theme in a safe area, a start button
	// on the attract loop, colour-key discs, a larger QR on the receipt,
	// the focus always shown). Keys work in both modes once the UI is
	// shown with ShowIn.
	Mode config.Mode
	// TextSize and Colours are the display choices every session starts
	// with; a citizen may change them on the service grid's display
	// panel, and they return to these defaults when the session ends.
	// Empty, they are the standard size and the default theme, or what
	// LargeText and HighContrast say.
	TextSize kiosk.TextSize
	Colours  kiosk.ColourTheme
	// HighContrast and LargeText are the older defaults: the dark
	// high-contrast theme, and the largest text size, when Colours and
	// TextSize are empty. Inside a session they say whether its choices
	// are any high-contrast theme and any size above the standard.
	HighContrast bool
	LargeText    bool
	// Speech makes every session start with speech on (cmd/kiosk's
	// -speech); it needs a Speaker.
	Speech bool
	// SpeechOffered says the device can speak, so the attract screen
	// tells how to turn speech and audio-only mode on. A Speaker implies
	// it; Standby, drawn before the speaker exists, reads it alone.
	SpeechOffered bool
	// Speaker is told what the screens show while speech is on
	// (kiosk/speech.Speaker); nil for a kiosk that does not speak.
	Speaker Speaker
	// Clock gives the date picker its current year and times the thanks
	// screen; the system clock when nil.
	Clock kiosk.Clock
	// ThanksTimeout is how long the thanks screen stays before the kiosk
	// returns to the attract loop; 8 seconds when zero.
	ThanksTimeout time.Duration
	// Fonts draws every text (cmd/kiosk loads them with
	// typeset.LoadFonts(cfg.FontPath)); when nil the installed default
	// family is loaded, and without one every text stays blank and the
	// error is logged.
	Fonts *typeset.Fonts
}

// textSize returns the text size o asks for.
func (o Options) textSize() kiosk.TextSize {
	switch {
	case o.TextSize != "":
		return o.TextSize
	case o.LargeText:
		return kiosk.TextLargest // the one large size there was
	}
	return kiosk.TextStandard
}

// colours returns the colour theme o asks for.
func (o Options) colours() kiosk.ColourTheme {
	switch {
	case o.Colours.Valid():
		return o.Colours
	case o.HighContrast:
		return kiosk.ThemeContrastDark
	}
	return kiosk.ThemeDefault
}

func (o Options) withDefaults() Options {
	if o.Mode == "" {
		o.Mode = config.ModeKiosk
	}
	o.TextSize, o.Colours = o.textSize(), o.colours()
	o.LargeText, o.HighContrast = o.TextSize.Large(), o.Colours.HighContrast()
	if o.Clock == nil {
		o.Clock = kiosk.SystemClock{}
	}
	if o.ThanksTimeout <= 0 {
		o.ThanksTimeout = 8 * time.Second
	}
	if o.Fonts == nil {
		f, err := typeset.LoadFonts("")
		if err != nil {
			fyne.LogError("screens: no fonts", err)
		}
		o.Fonts = f
	}
	return o
}
