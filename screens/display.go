package screens

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/kiosk/speech"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// displayButton is the service grid's way to the display panel: one
// button, named for what it changes, that opens the panel.
func (u *UI) displayButton(l kiosk.Lang) *widgets.Button {
	b := u.button(l, "display.open", widgets.ImportanceLow, func() {
		u.display = true
		u.sess.Touch() // redraws, as every change of the session does
	})
	b.Icon = theme.VisibilityIcon()
	b.Selected = u.a11y.TextSize.Large() || u.a11y.Colours != kiosk.ThemeDefault
	return b
}

// sizeSamples are the sizes the letter on each text-size button is drawn
// at, so the four buttons show the letter growing.
var sizeSamples = map[kiosk.TextSize]fyne.ThemeSizeName{
	kiosk.TextStandard: theme.SizeNameCaptionText,
	kiosk.TextLarge:    theme.SizeNameText,
	kiosk.TextLarger:   theme.SizeNameSubHeadingText,
	kiosk.TextLargest:  theme.SizeNameHeadingText,
}

// displayScreen is the display panel, shown in place of the service grid:
// four text-size buttons, a letter at growing sizes with each size's
// name, and four colour themes, each a swatch of its colours and its
// name. The choice applies at once, the current one marked selected; Done
// (or Back) returns to the grid.
func displayScreen(u *UI, st kiosk.State) *screen {
	l := st.Lang
	rtl := l.RTL()
	closePanel := func() {
		u.display = false
		u.sess.Touch()
	}
	var current *widgets.Button
	var sizes []fyne.CanvasObject
	for i, size := range TextSizes {
		b := u.newButton(kiosk.Msg(l, "display.size.sample"), dirOf(l), func() {
			u.setDisplay(size, u.a11y.Colours)
			u.sess.Touch()
		})
		b.Tile = true
		b.TextSize = sizeSamples[size]
		b.Detail = kiosk.Msg(l, "display.size."+string(size))
		b.Selected = size == u.a11y.TextSize
		if b.Selected {
			current = b
		}
		u.describe(b, speech.Control{Role: speech.RoleChoice, Label: b.Detail, Position: i + 1, Count: len(TextSizes)})
		sizes = append(sizes, b)
	}
	var themes []fyne.CanvasObject
	for i, c := range ColourThemes {
		b := u.newButton(kiosk.Msg(l, "display.theme."+string(c)), dirOf(l), func() {
			u.setDisplay(u.a11y.TextSize, c)
			u.sess.Touch()
		})
		b.Selected = c == u.a11y.Colours
		u.describe(b, speech.Control{Role: speech.RoleChoice, Position: i + 1, Count: len(ColourThemes)})
		themes = append(themes, widgets.NewBorder(rtl, nil, nil, swatch(c, u.opts.Mode == config.ModeTV), nil, b))
	}
	cols := 2
	if u.a11y.TextSize.Large() {
		cols = 1
	}
	body := container.NewVBox(
		u.msg(l, "display.size", widgets.Style{Size: theme.SizeNameSubHeadingText, Bold: true, Dir: dirOf(l), Wrap: true}),
		container.New(&widgets.GridLayout{Cols: len(sizes), RTL: rtl, Fit: true}, sizes...),
		container.NewPadded(),
		u.msg(l, "display.colours", widgets.Style{Size: theme.SizeNameSubHeadingText, Bold: true, Dir: dirOf(l), Wrap: true}),
		widgets.NewGrid(rtl, cols, themes...),
	)
	done := u.forwardButton(l, "display.done", closePanel)
	done.Icon = theme.ConfirmIcon()
	cancel := u.cancelButton(l, u.sess.Cancel)
	return &screen{
		content: u.page(l, kiosk.Msg(l, "display.title"), cancel, vscroll(u, body), navBar(l, nil, done)),
		primary: focusOn(current),
		confirm: done,
		cancel:  cancel,
		key: func(e *fyne.KeyEvent) bool {
			if e.Name != fyne.KeyEscape && e.Name != fyne.KeyBackspace {
				return false
			}
			closePanel()
			return true
		},
	}
}

// swatch previews a colour theme: its background, a line of its text and
// a line of its accent, framed in the current text colour so that it
// stands out on any theme.
func swatch(c kiosk.ColourTheme, tv bool) fyne.CanvasObject {
	p, _ := themePalette(c, tv)
	side := widgets.Size(widgets.SizeNameTarget)
	bg := canvas.NewRectangle(p[theme.ColorNameBackground])
	bg.StrokeColor = theme.Color(theme.ColorNameForeground)
	bg.StrokeWidth = theme.Size(theme.SizeNameInputBorder)
	bg.CornerRadius = theme.Size(theme.SizeNameSelectionRadius)
	bg.SetMinSize(fyne.NewSquareSize(side))
	bar := func(fill color.Color, part float32) fyne.CanvasObject {
		r := canvas.NewRectangle(fill)
		r.CornerRadius = 2
		r.SetMinSize(fyne.NewSize(side*part, side/8))
		return container.NewHBox(r)
	}
	lines := container.NewVBox(layout.NewSpacer(),
		bar(p[theme.ColorNameForeground], 0.6),
		bar(p[theme.ColorNameForeground], 0.45),
		bar(p[theme.ColorNamePrimary], 0.55),
		layout.NewSpacer())
	inset := side / 6
	return container.NewStack(bg, container.New(layout.NewCustomPaddedLayout(0, 0, inset, inset), lines))
}

// next returns the item after cur in list, the first after the last.
func next[T comparable](list []T, cur T) T {
	for i, v := range list {
		if v == cur {
			return list[(i+1)%len(list)]
		}
	}
	return list[0]
}
