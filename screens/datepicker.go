package screens

import (
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/typeset"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// DatePicker chooses a day by touch or remote in the calendar its
// citizen reads (kiosk.CalendarOf): Solar Hijri in Persian (years like
// 1404, Farvardin to Esfand), Gregorian in English (years like 2025,
// January to December). The year comes with steppers, one and ten years
// back and on, each labelled with the year it goes to; the month from a grid,
// and the day from the month laid out as a wall calendar under weekday
// headings (a Persian week from Saturday, an English one from Monday); a
// Today key picks today. It offers only days that exist and that lie
// within its bounds (SetBounds); other months and days are disabled.
// Whatever the calendar, it reports the day as an ISO date (what the
// catalogue stores), or "" while incomplete.
//
// The year, the chosen day written out, the months and the days stand
// one above the other, about 620 px wide at the kiosk's text size.
// SideBySide puts the months beside the days instead, for a wide screen.
type DatePicker struct {
	widget.BaseWidget

	// Lang is the language of the labels; NewDatePicker sets it, and
	// with it the calendar the picker shows.
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

	fonts *typeset.Fonts
	cal   kiosk.Calendar
	date  kiosk.CalendarDate // Month or Day 0 while not chosen
	today kiosk.CalendarDate
	// earliest and latest are the first and last days offered, in cal.
	earliest, latest kiosk.CalendarDate
	r                *datePickerRenderer
}

// Parts implements widgets.Composite: the year steppers, months and days.
func (d *DatePicker) Parts() []fyne.CanvasObject {
	if d.r == nil {
		return nil
	}
	return []fyne.CanvasObject{d.r.root}
}

// FocusTarget returns the control the focus starts on: the chosen day,
// else the chosen month, else the first month offered.
func (d *DatePicker) FocusTarget() fyne.Focusable {
	if d.r == nil {
		return nil
	}
	if d.date.Day > 0 && !d.r.days[d.date.Day-1].Disabled() {
		return d.r.days[d.date.Day-1]
	}
	if d.date.Month > 0 && !d.r.months[d.date.Month-1].Disabled() {
		return d.r.months[d.date.Month-1]
	}
	for _, m := range d.r.months {
		if !m.Disabled() {
			return m
		}
	}
	return d.r.steppers[0]
}

// NewDatePicker returns a picker labelled in lang, drawn with fonts, in
// the calendar lang reads, starting in the year of today (in Tehran) with no month or day
// chosen. It offers the days kiosk.ParseDate accepts until SetBounds
// narrows them.
func NewDatePicker(fonts *typeset.Fonts, lang kiosk.Lang, today time.Time) *DatePicker {
	cal := kiosk.CalendarOf(lang)
	now := cal.DateOf(today)
	d := &DatePicker{Lang: lang, fonts: fonts, cal: cal, today: now, date: kiosk.CalendarDate{Calendar: cal, Year: now.Year}}
	d.setBounds("", "")
	d.ExtendBaseWidget(d)
	return d
}

// SetBounds offers only the days from earliest to latest (ISO dates, as
// kiosk.Field.DateBounds gives them; "" leaves that end open), and moves
// the year shown, and a day chosen, inside them.
func (d *DatePicker) SetBounds(earliest, latest string) {
	d.setBounds(earliest, latest)
	d.Refresh()
}

func (d *DatePicker) setBounds(earliest, latest string) {
	// Never beyond the dates a date field accepts at all.
	lo, _ := d.cal.FromISO(kiosk.EarliestDate)
	hi, _ := d.cal.FromISO(kiosk.LatestDate)
	if e, err := d.cal.FromISO(earliest); err == nil && e.Compare(lo) > 0 && e.Compare(hi) <= 0 {
		lo = e
	}
	if l, err := d.cal.FromISO(latest); err == nil && l.Compare(hi) < 0 && l.Compare(lo) >= 0 {
		hi = l
	}
	d.earliest, d.latest = lo, hi
	d.clamp()
}

// SetISO shows a stored ISO date; an empty or unreadable one keeps the
// year and clears month and day.
func (d *DatePicker) SetISO(iso string) {
	if cd, err := d.cal.FromISO(iso); err == nil {
		d.date = cd
	} else {
		d.date.Month, d.date.Day = 0, 0
	}
	d.Refresh()
}

// Calendar returns the calendar the picker shows.
func (d *DatePicker) Calendar() kiosk.Calendar { return d.cal }

// Date returns the date chosen so far, in the picker's calendar.
func (d *DatePicker) Date() kiosk.CalendarDate { return d.date }

// ISO returns the chosen day as an ISO date, or "" while incomplete.
func (d *DatePicker) ISO() string {
	if d.date.Month == 0 || d.date.Day == 0 {
		return ""
	}
	iso, err := d.date.ISO()
	if err != nil {
		return ""
	}
	return iso
}

// AddYears moves the year by n, within the years offered; a month or day
// chosen moves inside the days offered.
func (d *DatePicker) AddYears(n int) {
	d.date.Year += n
	d.clamp()
	d.changed()
}

// SetMonth chooses a month (1–12), if it has a day offered.
func (d *DatePicker) SetMonth(m int) {
	if !d.monthOffered(m) {
		return
	}
	d.date.Month = m
	d.clamp()
	d.changed()
}

// SetDay chooses a day of the month, if it is offered. Before a month is
// chosen, any day a month can have (1–31) is.
func (d *DatePicker) SetDay(day int) {
	if !d.dayOffered(day) {
		return
	}
	d.date.Day = day
	d.clamp()
	d.changed()
}

// stepTo returns the year AddYears(n) goes to: n years on, within the
// years offered.
func (d *DatePicker) stepTo(n int) int {
	return min(max(d.date.Year+n, d.earliest.Year), d.latest.Year)
}

// SetToday chooses today (in Tehran, as NewDatePicker was given it), if
// it is offered.
func (d *DatePicker) SetToday() {
	if !d.todayOffered() {
		return
	}
	d.date = d.today
	d.changed()
}

// todayOffered reports whether today lies within the days offered.
func (d *DatePicker) todayOffered() bool {
	return d.today.Compare(d.earliest) >= 0 && d.today.Compare(d.latest) <= 0
}

// firstColumn returns the weekday column (0 for the first day of the
// week) of the first day of the month chosen, or 0 while none is.
func (d *DatePicker) firstColumn() int {
	if d.date.Month == 0 {
		return 0
	}
	wd, err := kiosk.CalendarDate{Calendar: d.cal, Year: d.date.Year, Month: d.date.Month, Day: 1}.Weekday()
	if err != nil {
		return 0
	}
	return (int(wd) - int(d.cal.WeekStart()) + 7) % 7
}

// monthOffered reports whether month m of the year shown has a day
// offered.
func (d *DatePicker) monthOffered(m int) bool {
	n := d.cal.MonthLength(d.date.Year, m)
	if n == 0 {
		return false
	}
	first := kiosk.CalendarDate{Calendar: d.cal, Year: d.date.Year, Month: m, Day: 1}
	last := kiosk.CalendarDate{Calendar: d.cal, Year: d.date.Year, Month: m, Day: n}
	return last.Compare(d.earliest) >= 0 && first.Compare(d.latest) <= 0
}

// dayOffered reports whether day of the month chosen is offered.
func (d *DatePicker) dayOffered(day int) bool {
	if d.date.Month == 0 {
		return day >= 1 && day <= 31
	}
	if day < 1 || day > d.cal.MonthLength(d.date.Year, d.date.Month) {
		return false
	}
	at := kiosk.CalendarDate{Calendar: d.cal, Year: d.date.Year, Month: d.date.Month, Day: day}
	return at.Compare(d.earliest) >= 0 && at.Compare(d.latest) <= 0
}

// clamp moves the year into the years offered, then a month chosen into
// the months offered and a day chosen into the days offered: the nearest
// one, as the 31st chosen in a 30-day month becomes the 30th.
func (d *DatePicker) clamp() {
	lo, hi := d.earliest, d.latest
	d.date.Year = min(max(d.date.Year, lo.Year), hi.Year)
	if d.date.Month == 0 {
		return
	}
	if d.date.Year == lo.Year {
		d.date.Month = max(d.date.Month, lo.Month)
	}
	if d.date.Year == hi.Year {
		d.date.Month = min(d.date.Month, hi.Month)
	}
	if d.date.Day == 0 {
		return
	}
	d.date.Day = min(d.date.Day, d.cal.MonthLength(d.date.Year, d.date.Month))
	if d.date.Compare(lo) < 0 {
		d.date.Day = lo.Day
	}
	if d.date.Compare(hi) > 0 {
		d.date.Day = hi.Day
	}
}

func (d *DatePicker) changed() {
	d.Refresh()
	if d.OnChanged != nil {
		d.OnChanged(d.ISO())
	}
}

// MonthName returns the name of a month (1–12) as the picker labels it.
func (d *DatePicker) MonthName(month int) string { return d.cal.MonthName(d.Lang, month) }

// Formatted returns the chosen day written out as the review screen
// shows an English answer (3 August 2007; ۱۲ مرداد ۱۴۰۳ in Persian), or
// "" while incomplete.
func (d *DatePicker) Formatted() string {
	if d.ISO() == "" {
		return ""
	}
	return d.date.Format(d.Lang)
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
	year     *widgets.Text
	chosen   *widgets.Text
	months   []*widgets.Button
	days     []*widgets.Button
	steppers []*widgets.Button
	stepBy   []int // the years each stepper moves by
	today    *widgets.Button
	// weekdays head the columns of the day grid, shown once a month is
	// chosen; calendar lays the days out under them.
	weekdays []*widgets.Text
	calendar *calendarLayout
	dayGrid  *fyne.Container
}

func (r *datePickerRenderer) build() {
	d := r.d
	rtl := d.Lang.RTL()
	dir := widgets.DirLTR
	if rtl {
		dir = widgets.DirRTL
	}
	heading := func(key string) *widgets.Text {
		return widgets.NewText(d.fonts, kiosk.Msg(d.Lang, key), widgets.Style{Bold: true, Dir: dir, Align: widgets.AlignStart})
	}
	// Earlier years lie towards the start edge, so the arrows mirror too.
	back, fwd := theme.NavigateBackIcon(), theme.NavigateNextIcon()
	rew, ff := theme.MediaFastRewindIcon(), theme.MediaFastForwardIcon()
	if rtl {
		back, fwd, rew, ff = fwd, back, ff, rew
	}
	// Each stepper is labelled with the year it goes to (Refresh), for a
	// citizen who does not read arrows and for a remote's focus, which
	// lands on one at a time; a year is short enough for large text.
	step := func(icon fyne.Resource, n int) *widgets.Button {
		b := widgets.NewIconButton(d.fonts, "", icon, widgets.DirLTR, func() { d.AddYears(n) })
		b.IconAfter = (n > 0) != rtl // the arrow on the outer side
		r.stepBy = append(r.stepBy, n)
		return b
	}
	// The year and the chosen day are the citizen's answer (a birth date):
	// private, like a typed one.
	r.year = widgets.NewText(d.fonts, "", widgets.Style{Size: theme.SizeNameHeadingText, Bold: true, Dir: widgets.DirLTR, Align: widgets.AlignCenter, Private: true})
	back10, back1 := step(rew, -10), step(back, -1)
	on1, on10 := step(fwd, 1), step(ff, 10)
	r.steppers = []*widgets.Button{back10, back1, on1, on10}
	yearRow := widgets.NewHBox(rtl, back1, container.NewPadded(r.year), on1)
	r.today = widgets.NewButton(d.fonts, kiosk.Msg(d.Lang, "date.today"), dir, d.SetToday)

	var months []fyne.CanvasObject
	for m := 1; m <= 12; m++ {
		b := widgets.NewButton(d.fonts, d.MonthName(m), dir, func() { d.SetMonth(m) })
		r.months = append(r.months, b)
		months = append(months, b)
	}
	cells := make([]fyne.CanvasObject, 0, 7+31)
	for i := range 7 {
		wd := time.Weekday((int(d.cal.WeekStart()) + i) % 7)
		t := widgets.NewText(d.fonts, kiosk.WeekdayName(d.Lang, wd), widgets.Style{Size: theme.SizeNameCaptionText, Bold: true, Color: theme.ColorNamePlaceHolder, Dir: dir, Align: widgets.AlignCenter})
		r.weekdays = append(r.weekdays, t)
		cells = append(cells, t)
	}
	for day := 1; day <= 31; day++ {
		b := widgets.NewButton(d.fonts, kiosk.LocalizeDigits(d.Lang, strconv.Itoa(day)), widgets.DirLTR, func() { d.SetDay(day) })
		r.days = append(r.days, b)
		cells = append(cells, b)
	}
	r.chosen = widgets.NewText(d.fonts, "", widgets.Style{Size: theme.SizeNameSubHeadingText, Bold: true, Dir: dir, Align: widgets.AlignStart, Color: theme.ColorNamePrimary, Private: true})

	cols := d.MonthColumns
	if cols <= 0 {
		cols = 3
	}
	r.calendar = &calendarLayout{rtl: rtl}
	monthGrid := widgets.NewGrid(rtl, cols, months...)
	r.dayGrid = container.New(r.calendar, cells...)
	if d.SideBySide {
		// The day chosen stands over the days, the steppers above all.
		r.summary = widgets.NewHBox(rtl, heading("date.day"), widgets.Spacer(), r.chosen)
		monthCol := container.NewVBox(heading("date.month"), monthGrid)
		dayCol := container.NewVBox(r.summary, r.dayGrid)
		r.root = container.NewVBox(widgets.NewHBox(rtl, back10, yearRow, on10, r.today), widgets.NewHBox(rtl, monthCol, dayCol))
		return
	}
	// One above the other, each grid as wide as its keys need and against
	// the start edge: a day key stretched across a wide screen would be
	// harder to aim at, not easier.
	r.summary = container.NewVBox(r.chosen)
	r.root = container.NewVBox(
		widgets.NewHBox(rtl, yearRow, widgets.Spacer()),
		widgets.NewHBox(rtl, back10, on10, r.today, widgets.Spacer()),
		r.summary,
		heading("date.month"),
		widgets.NewHBox(rtl, monthGrid, widgets.Spacer()),
		heading("date.day"),
		widgets.NewHBox(rtl, r.dayGrid, widgets.Spacer()),
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
		setKey(b, i+1 == d.date.Month, d.monthOffered(i+1))
	}
	setKey(r.today, false, d.todayOffered())
	// A stepper is labelled with the year it goes to; one that cannot
	// go there (beyond the years offered, or ten years on no further than
	// one) is disabled, still naming the year it would go to. A field
	// offering a single year has no steppers.
	single := d.earliest.Year == d.latest.Year
	for i, b := range r.steppers {
		n := r.stepBy[i]
		to := d.stepTo(n)
		one := d.stepTo(n / max(1, abs(n)))
		enabled := to != d.date.Year && (abs(n) == 1 || to != one)
		if !enabled {
			to = d.date.Year + n
		}
		if label := kiosk.LocalizeDigits(d.Lang, strconv.Itoa(to)); b.Label != label {
			b.Label = label
			b.Refresh()
		}
		setKey(b, false, enabled)
		if b.Visible() == single {
			b.Show()
			if single {
				b.Hide()
			}
		}
	}
	// The days stand under their weekdays once a month is chosen, and a
	// month shows only its own days; before, the headings would lie, so
	// the days stand in order from the first column, all 31 of them.
	first, length, chosen := 0, 31, d.date.Month > 0
	if chosen {
		first, length = d.firstColumn(), d.cal.MonthLength(d.date.Year, d.date.Month)
	}
	moved := r.calendar.first != first
	r.calendar.first = first
	for _, t := range r.weekdays {
		if t.Visible() != chosen {
			t.Show()
			if !chosen {
				t.Hide()
			}
			moved = true
		}
	}
	for i, b := range r.days {
		setKey(b, i+1 == d.date.Day, d.dayOffered(i+1))
		if shown := i < length; b.Visible() != shown {
			b.Show()
			if !shown {
				b.Hide()
			}
			moved = true
		}
	}
	if moved {
		r.dayGrid.Refresh()
	}
}

// setKey shows a month or day key selected or not, and enabled or not,
// redrawing it only when that changes.
func setKey(b *widgets.Button, selected, enabled bool) {
	if b.Selected != selected {
		b.Selected = selected
		b.Refresh()
	}
	if enabled && b.Disabled() {
		b.Enable()
	} else if !enabled && !b.Disabled() {
		b.Disable()
	}
}

// calendarLayout lays a month out as a wall calendar: its first seven
// objects head the weekday columns (a short row, kept even while hidden
// so that the keys do not jump), the rest are the day keys, day 1 in
// column first. Keys take their own size, from the start edge.
type calendarLayout struct {
	rtl   bool
	first int
}

// cells returns the largest key, the heading row's height and the keys
// shown.
func (c *calendarLayout) cells(objs []fyne.CanvasObject) (key fyne.Size, head float32, days []fyne.CanvasObject) {
	for i, o := range objs {
		if i < 7 {
			head = max(head, o.MinSize().Height)
			continue
		}
		if o.Visible() {
			key = key.Max(o.MinSize())
			days = append(days, o)
		}
	}
	return key, head, days
}

// MinSize implements fyne.Layout.
func (c *calendarLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	key, head, days := c.cells(objs)
	pad := theme.Padding()
	rows := float32((c.first + len(days) + 6) / 7)
	return fyne.NewSize(7*key.Width+6*pad, head+pad+rows*key.Height+max(rows-1, 0)*pad)
}

// Layout implements fyne.Layout.
func (c *calendarLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	key, head, days := c.cells(objs)
	pad := theme.Padding()
	x := func(col int) float32 {
		if c.rtl {
			col = 6 - col
		}
		return float32(col) * (key.Width + pad)
	}
	for i := 0; i < 7 && i < len(objs); i++ {
		objs[i].Move(fyne.NewPos(x(i), 0))
		objs[i].Resize(fyne.NewSize(key.Width, head))
	}
	for i, o := range days {
		at := c.first + i
		o.Move(fyne.NewPos(x(at%7), head+pad+float32(at/7)*(key.Height+pad)))
		o.Resize(key)
	}
}

func abs(n int) int { return max(n, -n) }
