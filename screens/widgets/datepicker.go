package widgets

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pishkhan/pishkhan/kiosk"
)

// Year limits of the date picker: a century either side of the Solar
// Hijri calendar's present covers every date a form asks for.
const (
	MinSolarYear = 1300
	MaxSolarYear = 1500
)

// DatePicker chooses a day in the Solar Hijri calendar by touch: the year
// with steppers, the month and the day from grids. It reports the day as
// an ISO date (what the catalogue stores), or "" while incomplete.
//
// The year, the chosen day written out, the months and the days stand
// one above the other: about 620 px wide at the kiosk's text size (630
// with large text and two months to a row), so a step with a picker and a
// keypad beside it fits a 1280-px window, or at the kiosk's text size a
// 1080-px portrait screen. SideBySide puts the months beside the days
// instead, for a wide screen.
type DatePicker struct {
	widget.BaseWidget

	Lang      kiosk.Lang
	OnChanged func(iso string)
	// MonthColumns is how many months stand in a row of the month grid
	// (3 when zero); large text or the 10-foot text of a television takes
	// 2, as it makes month names wide.
	MonthColumns int
	// SideBySide lays the month grid beside the day grid, with the
	// chosen day beside the year: a shorter picker, but about 1,200 px
	// wide at the kiosk's text size. Set it before the picker is shown.
	SideBySide bool

	date             kiosk.SolarDate // Month or Day 0 while not chosen
	minYear, maxYear int
	r                *datePickerRenderer
}

// Parts implements Composite: the year steppers, months and days.
func (d *DatePicker) Parts() []fyne.CanvasObject {
	if d.r == nil {
		return nil
	}
	return []fyne.CanvasObject{d.r.root}
}

// FocusTarget returns the control the focus starts on: the chosen day,
// else the chosen month, else the first month.
func (d *DatePicker) FocusTarget() fyne.Focusable {
	if d.r == nil {
		return nil
	}
	if d.date.Day > 0 && !d.r.days[d.date.Day-1].Disabled() {
		return d.r.days[d.date.Day-1]
	}
	if d.date.Month > 0 {
		return d.r.months[d.date.Month-1]
	}
	return d.r.months[0]
}

// NewDatePicker returns a picker labelled in lang, starting in the year of
// today with no month or day chosen.
func NewDatePicker(lang kiosk.Lang, today kiosk.SolarDate) *DatePicker {
	d := &DatePicker{Lang: lang, date: kiosk.SolarDate{Year: today.Year}, minYear: MinSolarYear, maxYear: MaxSolarYear}
	if d.date.Year == 0 {
		d.date.Year = 1404
	}
	d.ExtendBaseWidget(d)
	return d
}

// SetYearRange limits the years offered to earliest..latest (ISO dates;
// "" leaves that end open) and moves the year shown inside them.
func (d *DatePicker) SetYearRange(earliest, latest string) {
	d.minYear, d.maxYear = MinSolarYear, MaxSolarYear
	if sd, err := kiosk.SolarFromISO(earliest); err == nil {
		d.minYear = sd.Year
	}
	if sd, err := kiosk.SolarFromISO(latest); err == nil {
		d.maxYear = sd.Year
	}
	d.date.Year = min(max(d.date.Year, d.minYear), d.maxYear)
	d.Refresh()
}

// SetISO shows a stored ISO date; an empty or unreadable one keeps the
// year and clears month and day.
func (d *DatePicker) SetISO(iso string) {
	if sd, err := kiosk.SolarFromISO(iso); err == nil && iso != "" {
		d.date = sd
	} else {
		d.date.Month, d.date.Day = 0, 0
	}
	d.Refresh()
}

// Date returns the date chosen so far.
func (d *DatePicker) Date() kiosk.SolarDate { return d.date }

// ISO returns the chosen day as an ISO date, or "" while incomplete.
func (d *DatePicker) ISO() string {
	if d.date.Month == 0 || d.date.Day == 0 {
		return ""
	}
	iso, err := d.date.Gregorian()
	if err != nil {
		return ""
	}
	return iso
}

// AddYears moves the year by n, within the years offered.
func (d *DatePicker) AddYears(n int) {
	d.date.Year = min(max(d.date.Year+n, d.minYear), d.maxYear)
	d.clampDay()
	d.changed()
}

// SetMonth chooses a month (1–12).
func (d *DatePicker) SetMonth(m int) {
	if m < 1 || m > 12 {
		return
	}
	d.date.Month = m
	d.clampDay()
	d.changed()
}

// SetDay chooses a day of the month.
func (d *DatePicker) SetDay(day int) {
	if day < 1 || (d.date.Month > 0 && day > kiosk.SolarMonthLength(d.date.Year, d.date.Month)) || day > 31 {
		return
	}
	d.date.Day = day
	d.changed()
}

func (d *DatePicker) clampDay() {
	if d.date.Month == 0 {
		return
	}
	if n := kiosk.SolarMonthLength(d.date.Year, d.date.Month); d.date.Day > n {
		d.date.Day = n
	}
}

func (d *DatePicker) changed() {
	d.Refresh()
	if d.OnChanged != nil {
		d.OnChanged(d.ISO())
	}
}

// MonthName returns the name of a Solar Hijri month in lang.
func MonthName(lang kiosk.Lang, month int) string {
	return kiosk.Msg(lang, "date.month."+strconv.Itoa(month))
}

// Formatted returns the chosen day written out (۱۲ مرداد ۱۴۰۳), or "" while
// incomplete.
func (d *DatePicker) Formatted() string {
	if d.ISO() == "" {
		return ""
	}
	return FormatSolar(d.Lang, d.date)
}

// FormatSolar writes a Solar Hijri date with its month name.
func FormatSolar(lang kiosk.Lang, sd kiosk.SolarDate) string {
	return kiosk.Msgf(lang, "date.long", map[string]string{
		"day":   kiosk.LocalizeDigits(lang, strconv.Itoa(sd.Day)),
		"month": MonthName(lang, sd.Month),
		"year":  kiosk.LocalizeDigits(lang, strconv.Itoa(sd.Year)),
	})
}

// CreateRenderer implements fyne.Widget.
func (d *DatePicker) CreateRenderer() fyne.WidgetRenderer {
	r := &datePickerRenderer{d: d}
	r.build()
	d.r = r
	r.Refresh()
	return r
}

type datePickerRenderer struct {
	d    *DatePicker
	root *fyne.Container
	// summary holds the chosen day written out; it is laid out again when
	// that text changes width.
	summary  *fyne.Container
	year     *Text
	chosen   *Text
	months   []*Button
	days     []*Button
	steppers []*Button
}

func (r *datePickerRenderer) build() {
	d := r.d
	rtl := d.Lang.RTL()
	dir := DirLTR
	if rtl {
		dir = DirRTL
	}
	heading := func(key string) *Text {
		return NewText(kiosk.Msg(d.Lang, key), Style{Bold: true, Dir: dir, Align: AlignStart})
	}
	// Earlier years lie towards the start edge, so the arrows mirror too.
	back, fwd := theme.NavigateBackIcon(), theme.NavigateNextIcon()
	rew, ff := theme.MediaFastRewindIcon(), theme.MediaFastForwardIcon()
	if rtl {
		back, fwd, rew, ff = fwd, back, ff, rew
	}
	step := func(icon fyne.Resource, n int) *Button {
		b := NewIconButton("", icon, DirLTR, func() { d.AddYears(n) })
		r.steppers = append(r.steppers, b)
		return b
	}
	// The year and the chosen day are the citizen's answer (a birth date):
	// private, like a typed one.
	r.year = NewText("", Style{Size: theme.SizeNameHeadingText, Bold: true, Dir: DirLTR, Align: AlignCenter, Private: true})
	yearRow := NewHBox(rtl, step(rew, -10), step(back, -1), container.NewPadded(r.year), step(fwd, 1), step(ff, 10))

	var months []fyne.CanvasObject
	for m := 1; m <= 12; m++ {
		b := NewButton(MonthName(d.Lang, m), dir, func() { d.SetMonth(m) })
		r.months = append(r.months, b)
		months = append(months, b)
	}
	var days []fyne.CanvasObject
	for day := 1; day <= 31; day++ {
		b := NewButton(kiosk.LocalizeDigits(d.Lang, strconv.Itoa(day)), DirLTR, func() { d.SetDay(day) })
		r.days = append(r.days, b)
		days = append(days, b)
	}
	r.chosen = NewText("", Style{Size: theme.SizeNameSubHeadingText, Bold: true, Dir: dir, Align: AlignStart, Color: theme.ColorNamePrimary, Private: true})

	cols := d.MonthColumns
	if cols <= 0 {
		cols = 3
	}
	monthGrid, dayGrid := NewGrid(rtl, cols, months...), NewGrid(rtl, 7, days...)
	if d.SideBySide {
		monthCol := container.NewVBox(heading("date.month"), monthGrid)
		dayCol := container.NewVBox(heading("date.day"), dayGrid)
		r.summary = NewHBox(rtl, heading("date.year"), yearRow, Spacer(), r.chosen)
		r.root = container.NewVBox(r.summary, NewHBox(rtl, monthCol, dayCol))
		return
	}
	// One above the other, each grid as wide as its keys need and against
	// the start edge: a day key stretched across a wide screen would be
	// harder to aim at, not easier.
	r.summary = container.NewVBox(r.chosen)
	r.root = container.NewVBox(
		NewHBox(rtl, heading("date.year"), yearRow),
		r.summary,
		heading("date.month"),
		NewHBox(rtl, monthGrid, Spacer()),
		heading("date.day"),
		NewHBox(rtl, dayGrid, Spacer()),
	)
}

func (r *datePickerRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.root} }
func (r *datePickerRenderer) Destroy()                     {}
func (r *datePickerRenderer) MinSize() fyne.Size           { return r.root.MinSize() }
func (r *datePickerRenderer) Layout(s fyne.Size)           { r.root.Resize(s) }

func (r *datePickerRenderer) Refresh() {
	d := r.d
	r.year.SetText(kiosk.LocalizeDigits(d.Lang, strconv.Itoa(d.date.Year)))
	if f := d.Formatted(); f != r.chosen.Text() {
		r.chosen.SetText(f)
		r.summary.Refresh() // the summary's width changed
	}
	for i, b := range r.months {
		sel := i+1 == d.date.Month
		if b.Selected != sel {
			b.Selected = sel
			b.Refresh()
		}
	}
	n := 31
	if d.date.Month > 0 {
		n = kiosk.SolarMonthLength(d.date.Year, d.date.Month)
	}
	for i, b := range r.days {
		sel := i+1 == d.date.Day
		if b.Selected != sel {
			b.Selected = sel
			b.Refresh()
		}
		if i+1 > n && !b.Disabled() {
			b.Disable()
		} else if i+1 <= n && b.Disabled() {
			b.Enable()
		}
	}
}
