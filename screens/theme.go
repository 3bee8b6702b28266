package screens

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/screens/widgets"
)

// kioskTheme is Fyne's theme with what a walk-up kiosk needs instead:
// text readable at arm's length, touch targets of about 15 mm with room
// between them, a light palette for bright halls, and variants with high
// contrast and with larger text. Fonts and icons are Fyne's.
type kioskTheme struct {
	fyne.Theme
	highContrast bool
	largeText    bool
}

// Theme returns the kiosk theme for the accessibility options in opts.
func Theme(opts Options) fyne.Theme {
	return &kioskTheme{Theme: theme.DefaultTheme(), highContrast: opts.HighContrast, largeText: opts.LargeText}
}

var (
	kioskPalette = map[fyne.ThemeColorName]color.Color{
		theme.ColorNameBackground:          rgb(0xf6, 0xf4, 0xef),
		theme.ColorNameForeground:          rgb(0x1b, 0x1f, 0x24),
		theme.ColorNamePrimary:             rgb(0x0b, 0x5c, 0xad),
		theme.ColorNameForegroundOnPrimary: rgb(0xff, 0xff, 0xff),
		theme.ColorNameButton:              rgb(0xe2, 0xe6, 0xeb),
		theme.ColorNameDisabledButton:      rgb(0xec, 0xec, 0xec),
		theme.ColorNameDisabled:            rgb(0x9a, 0xa0, 0xa6),
		theme.ColorNameInputBackground:     rgb(0xff, 0xff, 0xff),
		theme.ColorNameInputBorder:         rgb(0x6b, 0x73, 0x7c),
		theme.ColorNameError:               rgb(0xb3, 0x26, 0x1e),
		theme.ColorNameFocus:               rgb(0xe8, 0x9b, 0x00),
		theme.ColorNameSeparator:           rgb(0xc9, 0xce, 0xd4),
		theme.ColorNameOverlayBackground:   rgb(0xff, 0xff, 0xff),
		theme.ColorNamePlaceHolder:         rgb(0x5f, 0x66, 0x6d),
		theme.ColorNameShadow:              color.NRGBA{A: 0x66},
	}
	highContrastPalette = map[fyne.ThemeColorName]color.Color{
		theme.ColorNameBackground:          rgb(0x00, 0x00, 0x00),
		theme.ColorNameForeground:          rgb(0xff, 0xff, 0xff),
		theme.ColorNamePrimary:             rgb(0xff, 0xd4, 0x00),
		theme.ColorNameForegroundOnPrimary: rgb(0x00, 0x00, 0x00),
		theme.ColorNameButton:              rgb(0x1f, 0x1f, 0x1f),
		theme.ColorNameDisabledButton:      rgb(0x10, 0x10, 0x10),
		theme.ColorNameDisabled:            rgb(0x8c, 0x8c, 0x8c),
		theme.ColorNameInputBackground:     rgb(0x00, 0x00, 0x00),
		theme.ColorNameInputBorder:         rgb(0xff, 0xff, 0xff),
		theme.ColorNameError:               rgb(0xff, 0x7b, 0x72),
		theme.ColorNameFocus:               rgb(0x00, 0xe5, 0xff),
		theme.ColorNameSeparator:           rgb(0xff, 0xff, 0xff),
		theme.ColorNameOverlayBackground:   rgb(0x00, 0x00, 0x00),
		theme.ColorNamePlaceHolder:         rgb(0xcc, 0xcc, 0xcc),
		theme.ColorNameShadow:              color.NRGBA{A: 0xcc},
	}
)

func rgb(r, g, b uint8) color.Color { return color.NRGBA{R: r, G: g, B: b, A: 0xff} }

// Color implements fyne.Theme. The kiosk always uses its own palette,
// whatever light or dark preference the system has.
func (t *kioskTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	palette := kioskPalette
	if t.highContrast {
		palette = highContrastPalette
	}
	if c, ok := palette[n]; ok {
		return c
	}
	v := theme.VariantLight
	if t.highContrast {
		v = theme.VariantDark
	}
	return t.Theme.Color(n, v)
}

var (
	kioskSizes = map[fyne.ThemeSizeName]float32{
		theme.SizeNameText:               24,
		theme.SizeNameHeadingText:        38,
		theme.SizeNameSubHeadingText:     30,
		theme.SizeNameCaptionText:        20,
		theme.SizeNamePadding:            8,
		theme.SizeNameInnerPadding:       14,
		theme.SizeNameLineSpacing:        8,
		theme.SizeNameInlineIcon:         32,
		theme.SizeNameInputBorder:        2,
		theme.SizeNameInputRadius:        12,
		theme.SizeNameSelectionRadius:    8,
		theme.SizeNameScrollBar:          16,
		theme.SizeNameScrollBarSmall:     8,
		theme.SizeNameSeparatorThickness: 2,
		widgets.SizeNameTarget:           72,
		widgets.SizeNameDisplayText:      60,
		widgets.SizeNameFocusRing:        5,
		widgets.SizeNameIcon:             72,
	}
	// The large-text variant scales text (and the targets holding it) so a
	// capital letter is well over the 6 mm EN 301 549 asks for at 50 cm.
	largeScale = map[fyne.ThemeSizeName]float32{
		theme.SizeNameText:           1.4,
		theme.SizeNameHeadingText:    1.35,
		theme.SizeNameSubHeadingText: 1.35,
		theme.SizeNameCaptionText:    1.4,
		theme.SizeNameInlineIcon:     1.35,
		widgets.SizeNameTarget:       1.25,
		widgets.SizeNameDisplayText:  1.3,
		widgets.SizeNameIcon:         1.2,
	}
)

// Size implements fyne.Theme.
func (t *kioskTheme) Size(n fyne.ThemeSizeName) float32 {
	s, ok := kioskSizes[n]
	if !ok {
		return t.Theme.Size(n)
	}
	if t.largeText {
		if k, ok := largeScale[n]; ok {
			s *= k
		}
	}
	return s
}

var _ fyne.Theme = (*kioskTheme)(nil)
