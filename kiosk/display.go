package kiosk

// TextSize is how large a session draws its text: one of TextSizes,
// chosen by the citizen (or the device's default) for one session.
type TextSize string

// The text sizes, from the kiosk's own to the largest.
const (
	TextStandard TextSize = "standard"
	TextLarge    TextSize = "large"
	TextLarger   TextSize = "larger"
	TextLargest  TextSize = "largest"
)

// TextSizes lists the text sizes a citizen can choose, smallest first.
var TextSizes = []TextSize{TextStandard, TextLarge, TextLarger, TextLargest}

// Rank is s's place in TextSizes: 0 for the standard size and for a size
// not listed.
func (s TextSize) Rank() int {
	for i, k := range TextSizes {
		if k == s {
			return i
		}
	}
	return 0
}

// Large reports whether s is larger than the standard size.
func (s TextSize) Large() bool { return s.Rank() > 0 }

// ColourTheme is the colours a session draws with: one of ColourThemes,
// chosen by the citizen (or the device's default) for one session.
type ColourTheme string

// The colour themes.
const (
	// ThemeDefault is the device's own palette: light on a kiosk, dark on
	// a television.
	ThemeDefault ColourTheme = "default"
	// ThemeContrastDark is light text on black.
	ThemeContrastDark ColourTheme = "contrast-dark"
	// ThemeContrastLight is black text on white.
	ThemeContrastLight ColourTheme = "contrast-light"
	// ThemeColourSafe carries no meaning by red against green: blue and
	// orange accents that citizens with any common colour-vision
	// deficiency tell apart.
	ThemeColourSafe ColourTheme = "colour-safe"
)

// ColourThemes lists the colour themes a citizen can choose, the default
// first.
var ColourThemes = []ColourTheme{ThemeDefault, ThemeContrastDark, ThemeContrastLight, ThemeColourSafe}

// Valid reports whether t is one of ColourThemes.
func (t ColourTheme) Valid() bool {
	for _, k := range ColourThemes {
		if k == t {
			return true
		}
	}
	return false
}

// HighContrast reports whether t is one of the high-contrast themes.
func (t ColourTheme) HighContrast() bool {
	return t == ThemeContrastDark || t == ThemeContrastLight
}
