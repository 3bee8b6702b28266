package widgets

import (
	"sync"

	"fyne.io/fyne/v2"

	"github.com/pishkhan/pishkhan/kiosk/typeset"
)

var (
	fontsMu  sync.Mutex
	fonts    *typeset.Fonts
	fontsErr error
)

// SetFonts sets the font family every Text draws with. cmd/kiosk calls it
// once at start with the result of typeset.LoadFonts(cfg.FontPath), before
// building screens, and stops with LoadFonts' error if there is one.
func SetFonts(f *typeset.Fonts) {
	fontsMu.Lock()
	defer fontsMu.Unlock()
	fonts, fontsErr = f, nil
}

// Fonts returns the font family Text draws with. When SetFonts was not
// called (tests, tools), the installed default family is loaded on first
// use; if none is installed every Text stays blank and the error is
// logged once.
func Fonts() (*typeset.Fonts, error) {
	fontsMu.Lock()
	defer fontsMu.Unlock()
	if fonts == nil && fontsErr == nil {
		fonts, fontsErr = typeset.LoadFonts("")
		if fontsErr != nil {
			fyne.LogError("text widget", fontsErr)
		}
	}
	return fonts, fontsErr
}

// ForgetTexts drops the cached layouts of every text shown so far, with
// the citizen's answers the review screen showed. Call it when a session
// ends; widgets still on screen lay themselves out again when refreshed.
func ForgetTexts() {
	fontsMu.Lock()
	f := fonts
	fontsMu.Unlock()
	if f != nil {
		f.ForgetLayouts()
	}
}
