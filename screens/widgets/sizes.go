package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Theme size names the kiosk's widgets read on top of Fyne's own. A theme
// that does not know them (Fyne's default) gets the fallbacks below.
const (
	// SizeNameTarget is the smallest side of anything a citizen touches:
	// about 15 mm on a kiosk screen.
	SizeNameTarget fyne.ThemeSizeName = "pishkhan.target"
	// SizeNameDisplayText is the text size of what a citizen must copy
	// down, such as the tracking code.
	SizeNameDisplayText fyne.ThemeSizeName = "pishkhan.displayText"
	// SizeNameFocusRing is the width of the ring drawn around the focused
	// control.
	SizeNameFocusRing fyne.ThemeSizeName = "pishkhan.focusRing"
	// SizeNameIcon is the side of a service icon on its tile.
	SizeNameIcon fyne.ThemeSizeName = "pishkhan.icon"
)

var sizeFallbacks = map[fyne.ThemeSizeName]float32{
	SizeNameTarget:      64,
	SizeNameDisplayText: 56,
	SizeNameFocusRing:   5,
	SizeNameIcon:        64,
}

// Size returns the current theme's size for name, or a sensible fallback
// for the kiosk's own names when the theme does not define them.
func Size(name fyne.ThemeSizeName) float32 {
	if s := theme.Size(name); s > 0 {
		return s
	}
	return sizeFallbacks[name]
}
