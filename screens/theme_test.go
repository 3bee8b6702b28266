package screens_test

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/screens"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// luminance is the WCAG relative luminance of c.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func TestThemeContrast(t *testing.T) {
	test.NewTempApp(t)
	pairs := []struct{ fg, bg fyne.ThemeColorName }{
		{theme.ColorNameForeground, theme.ColorNameBackground},
		{theme.ColorNameForeground, theme.ColorNameButton},
		{theme.ColorNameForeground, theme.ColorNameInputBackground},
		{theme.ColorNameForegroundOnPrimary, theme.ColorNamePrimary},
		{theme.ColorNameError, theme.ColorNameBackground},
		{theme.ColorNamePlaceHolder, theme.ColorNameBackground},
	}
	cases := []struct {
		name string
		opts screens.Options
		min  float64 // WCAG: AA 4.5, AAA 7
	}{
		{"kiosk", screens.Options{}, 4.5},
		{"high contrast", screens.Options{HighContrast: true}, 7},
		{"tv", screens.Options{Mode: config.ModeTV}, 4.5},
		{"tv high contrast", screens.Options{Mode: config.ModeTV, HighContrast: true}, 7},
		{"high contrast light", screens.Options{Colours: kiosk.ThemeContrastLight}, 7},
		{"tv high contrast light", screens.Options{Mode: config.ModeTV, Colours: kiosk.ThemeContrastLight}, 7},
		{"colour-safe", screens.Options{Colours: kiosk.ThemeColourSafe}, 4.5},
		{"tv colour-safe", screens.Options{Mode: config.ModeTV, Colours: kiosk.ThemeColourSafe}, 4.5},
	}
	for _, tc := range cases {
		th := screens.Theme(tc.opts)
		for _, p := range pairs {
			for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
				if c := contrast(th.Color(p.fg, v), th.Color(p.bg, v)); c < tc.min {
					t.Errorf("%s, variant %d: %s on %s contrast %.1f, want at least %.1f", tc.name, v, p.fg, p.bg, c, tc.min)
				}
			}
		}
	}
}

// TestTextSizesGrow checks each text size is larger than the one before
// it, in both modes, and that the touch target never falls under about
// 15 mm.
func TestTextSizesGrow(t *testing.T) {
	for _, mode := range []config.Mode{config.ModeKiosk, config.ModeTV} {
		var prev fyne.Theme
		for _, size := range screens.TextSizes {
			th := screens.Theme(screens.Options{Mode: mode, TextSize: size})
			if prev != nil {
				for _, n := range []fyne.ThemeSizeName{theme.SizeNameText, theme.SizeNameHeadingText, theme.SizeNameCaptionText, widgets.SizeNameDisplayText} {
					if th.Size(n) <= prev.Size(n) {
						t.Errorf("%s %s: %s %.1f, not larger than the size before (%.1f)", mode, size, n, th.Size(n), prev.Size(n))
					}
				}
			}
			if s := th.Size(widgets.SizeNameTarget); s < 60 {
				t.Errorf("%s %s: touch target %.0f px", mode, size, s)
			}
			prev = th
		}
	}
}

func TestThemeSizes(t *testing.T) {
	base := screens.Theme(screens.Options{})
	large := screens.Theme(screens.Options{LargeText: true})
	cases := []struct {
		name      string
		size      fyne.ThemeSizeName
		atLeast   float32 // with normal and with large text
		largerBig bool    // the large-text variant makes it larger
	}{
		// Large text lowers the least a control may be, so keys with
		// larger labels fit a short screen; never under about 15 mm.
		{"touch target of about 15 mm", widgets.SizeNameTarget, 60, false},
		{"body text readable at arm's length", theme.SizeNameText, 22, true},
		{"headings", theme.SizeNameHeadingText, 32, true},
		{"captions", theme.SizeNameCaptionText, 18, true},
		{"tracking code", widgets.SizeNameDisplayText, 48, true},
		{"spacing between targets", theme.SizeNamePadding, 8, false},
		{"visible focus ring", widgets.SizeNameFocusRing, 4, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := base.Size(tc.size); got < tc.atLeast {
				t.Errorf("%s = %.0f, want at least %.0f", tc.size, got, tc.atLeast)
			}
			if got := large.Size(tc.size); got < tc.atLeast {
				t.Errorf("large text %s = %.0f, want at least %.0f", tc.size, got, tc.atLeast)
			}
			if grew := large.Size(tc.size) > base.Size(tc.size); grew != tc.largerBig {
				t.Errorf("large text %s = %.0f, normal %.0f", tc.size, large.Size(tc.size), base.Size(tc.size))
			}
		})
	}
}

// TestTVThemeIsTenFoot checks the 10-foot rules of the TV theme: no text
// under 24 px at 1080p, a focus ring larger than the kiosk's, the primary
// colour readable as text on the background, and a focus colour that
// stands out from everything it surrounds.
func TestTVThemeIsTenFoot(t *testing.T) {
	tv := screens.Theme(screens.Options{Mode: config.ModeTV})
	kioskTheme := screens.Theme(screens.Options{})
	for _, n := range []fyne.ThemeSizeName{theme.SizeNameText, theme.SizeNameHeadingText, theme.SizeNameSubHeadingText, theme.SizeNameCaptionText, widgets.SizeNameDisplayText} {
		if s := tv.Size(n); s < 24 {
			t.Errorf("TV %s = %.0f px, under 24", n, s)
		}
	}
	if tv.Size(widgets.SizeNameFocusRing) <= kioskTheme.Size(widgets.SizeNameFocusRing) {
		t.Errorf("TV focus ring %.0f, not larger than the kiosk's %.0f", tv.Size(widgets.SizeNameFocusRing), kioskTheme.Size(widgets.SizeNameFocusRing))
	}
	if s := tv.Size(widgets.SizeNameTarget); s < 60 {
		t.Errorf("TV target %.0f px", s)
	}
	v := theme.VariantDark
	bg := tv.Color(theme.ColorNameBackground, v)
	if c := contrast(tv.Color(theme.ColorNamePrimary, v), bg); c < 4.5 {
		t.Errorf("primary on the TV background: contrast %.1f", c)
	}
	for _, n := range []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameButton, theme.ColorNamePrimary, theme.ColorNameInputBackground} {
		if c := contrast(tv.Color(theme.ColorNameFocus, v), tv.Color(n, v)); c < 1.5 {
			t.Errorf("focus ring on %s: contrast %.1f", n, c)
		}
	}
	if luminance(bg) > 0.05 {
		t.Errorf("the TV background glares: luminance %.2f", luminance(bg))
	}
}

// TestThemeOverridesOnlyWhatDiffers checks that fonts, icons and the
// colours and sizes the kiosk does not set come from Fyne's theme.
func TestThemeOverridesOnlyWhatDiffers(t *testing.T) {
	test.NewTempApp(t)
	th := screens.Theme(screens.Options{})
	def := theme.DefaultTheme()
	if th.Font(fyne.TextStyle{Bold: true}) != def.Font(fyne.TextStyle{Bold: true}) {
		t.Error("the kiosk theme changes the font")
	}
	if th.Icon(theme.IconNameHome) != def.Icon(theme.IconNameHome) {
		t.Error("the kiosk theme changes an icon")
	}
	if got, want := th.Size(theme.SizeNameWindowTitleBarHeight), def.Size(theme.SizeNameWindowTitleBarHeight); got != want {
		t.Errorf("an unset size: %.0f, Fyne's %.0f", got, want)
	}
	if got, want := th.Color(theme.ColorNameHyperlink, theme.VariantLight), def.Color(theme.ColorNameHyperlink, theme.VariantLight); got != want {
		t.Errorf("an unset colour: %v, Fyne's %v", got, want)
	}
	if th.Color(theme.ColorNameBackground, theme.VariantDark) != th.Color(theme.ColorNameBackground, theme.VariantLight) {
		t.Error("the kiosk follows the system's dark mode")
	}
}

// TestHighContrastKeepsSizes checks that high contrast changes colours
// only: a screen laid out with large text lays out the same in high
// contrast, so it fits the window the same (TestTouchTargetsOnEveryScreen
// walks both).
func TestHighContrastKeepsSizes(t *testing.T) {
	names := []fyne.ThemeSizeName{
		theme.SizeNameText, theme.SizeNameHeadingText, theme.SizeNameSubHeadingText, theme.SizeNameCaptionText,
		theme.SizeNamePadding, theme.SizeNameInnerPadding, theme.SizeNameLineSpacing, theme.SizeNameInlineIcon,
		theme.SizeNameInputBorder, theme.SizeNameInputRadius, theme.SizeNameSelectionRadius, theme.SizeNameScrollBar,
		theme.SizeNameScrollBarSmall, theme.SizeNameSeparatorThickness,
		widgets.SizeNameTarget, widgets.SizeNameDisplayText, widgets.SizeNameFocusRing, widgets.SizeNameIcon,
	}
	cases := []struct {
		name string
		opts screens.Options
	}{
		{"kiosk", screens.Options{}},
		{"kiosk large text", screens.Options{LargeText: true}},
		{"tv", screens.Options{Mode: config.ModeTV}},
		{"tv large text", screens.Options{Mode: config.ModeTV, LargeText: true}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			plain := screens.Theme(tc.opts)
			hc := tc.opts
			hc.HighContrast = true
			contrasted := screens.Theme(hc)
			for _, n := range names {
				if a, b := plain.Size(n), contrasted.Size(n); a != b {
					t.Errorf("%s = %.1f, %.1f in high contrast", n, a, b)
				}
			}
		})
	}
}
