package screens_test

import (
	"strconv"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens"
	"github.com/pishkhan/pishkhan/screens/widgets"
	"github.com/pishkhan/pishkhan/screens/widgets/widgetstest"
)

// pickerToday is the day the pickers are opened on: 3 August 2025, 12
// Mordad 1404 in Tehran.
var pickerToday = time.Date(2025, 8, 3, 9, 30, 0, 0, time.UTC)

// dayKey returns the label of a day's key in l.
func dayKey(l kiosk.Lang, day int) string { return kiosk.LocalizeDigits(l, strconv.Itoa(day)) }

// TestDatePickerChoosesDates picks days by tapping a month and a day, in
// the Solar Hijri calendar in Persian and the Gregorian one in English,
// and checks the ISO date reported and the day written out.
func TestDatePickerChoosesDates(t *testing.T) {
	test.NewTempApp(t)
	cases := []struct {
		name      string
		lang      kiosk.Lang
		years     int
		month     string // label of the month tapped
		day       int
		wantYear  int
		want      string // ISO date reported
		formatted string
	}{
		{"Solar: first day of the year", kiosk.Persian, 0, "فروردین", 1, 1404, "2025-03-21", "۱ فروردین ۱۴۰۴"},
		{"Solar: last day of a leap year", kiosk.Persian, -1, "اسفند", 30, 1403, "2025-03-20", "۳۰ اسفند ۱۴۰۳"},
		{"Solar: a birthday decades ago", kiosk.Persian, -40, "مرداد", 12, 1364, "1985-08-03", "۱۲ مرداد ۱۳۶۴"},
		{"Solar: a later year", kiosk.Persian, 1, "مهر", 1, 1405, "2026-09-23", "۱ مهر ۱۴۰۵"},
		{"Gregorian: first day of the year", kiosk.English, 0, "January", 1, 2025, "2025-01-01", "1 January 2025"},
		{"Gregorian: last day of the year", kiosk.English, 0, "December", 31, 2025, "2025-12-31", "31 December 2025"},
		{"Gregorian: a leap day", kiosk.English, -1, "February", 29, 2024, "2024-02-29", "29 February 2024"},
		{"Gregorian: a birthday decades ago", kiosk.English, -18, "August", 3, 2007, "2007-08-03", "3 August 2007"},
		{"Gregorian: a later year", kiosk.English, 1, "September", 23, 2026, "2026-09-23", "23 September 2026"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := screens.NewDatePicker(testFonts(), tc.lang, pickerToday)
			test.NewTempWindow(t, d)
			var got []string
			d.OnChanged = func(iso string) { got = append(got, iso) }
			d.AddYears(tc.years)
			if y := d.Date().Year; y != tc.wantYear {
				t.Fatalf("year shown %d, want %d", y, tc.wantYear)
			}
			widgetstest.Tap(t, d, tc.month)
			if d.ISO() != "" || d.Formatted() != "" {
				t.Fatalf("date complete before a day was chosen: %q %q", d.ISO(), d.Formatted())
			}
			widgetstest.Tap(t, d, dayKey(tc.lang, tc.day))
			if d.ISO() != tc.want || len(got) == 0 || got[len(got)-1] != tc.want {
				t.Errorf("ISO %q (reported %q), want %q", d.ISO(), got, tc.want)
			}
			if f := d.Formatted(); f != tc.formatted {
				t.Errorf("written out as %q, want %q", f, tc.formatted)
			}
			if f := kiosk.FormatISODate(tc.lang, tc.want); f != tc.formatted {
				t.Errorf("the review writes %s as %q, the picker as %q", tc.want, f, tc.formatted)
			}
		})
	}
}

// TestDatePickerLabels checks the months, the year and the days each
// calendar's picker shows.
func TestDatePickerLabels(t *testing.T) {
	test.NewTempApp(t)
	cases := []struct {
		name   string
		lang   kiosk.Lang
		cal    kiosk.Calendar
		year   string
		months []string
	}{
		{"Persian: Solar Hijri", kiosk.Persian, kiosk.SolarHijri, "۱۴۰۴",
			[]string{"فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"}},
		{"English: Gregorian", kiosk.English, kiosk.Gregorian, "2025",
			[]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := screens.NewDatePicker(testFonts(), tc.lang, pickerToday)
			test.NewTempWindow(t, d)
			if d.Calendar() != tc.cal {
				t.Errorf("calendar %s, want %s", d.Calendar(), tc.cal)
			}
			all := widgetstest.Buttons(d)
			for m, name := range tc.months {
				if d.MonthName(m+1) != name {
					t.Errorf("month %d is named %q, want %q", m+1, d.MonthName(m+1), name)
				}
				if all[name] == nil {
					t.Errorf("no key for %s", name)
				}
			}
			for day := 1; day <= 31; day++ {
				if all[dayKey(tc.lang, day)] == nil {
					t.Errorf("no key for day %s", dayKey(tc.lang, day))
				}
			}
			if !shows(d, tc.year) {
				t.Errorf("the year %s is not shown", tc.year)
			}
		})
	}
}

// TestDatePickerMonthLength checks that the days a month does not have
// cannot be chosen, in both calendars, leap years included.
func TestDatePickerMonthLength(t *testing.T) {
	test.NewTempApp(t)
	cases := []struct {
		name  string
		lang  kiosk.Lang
		years int // from 2025 (1404)
		month string
		last  int // the month's last day
	}{
		{"January", kiosk.English, 0, "January", 31},
		{"February of leap year 2024", kiosk.English, -1, "February", 29},
		{"February of 2025", kiosk.English, 0, "February", 28},
		{"February of 2100, no leap year", kiosk.English, 75, "February", 28},
		{"April", kiosk.English, 0, "April", 30},
		{"December", kiosk.English, 0, "December", 31},
		{"Shahrivar", kiosk.Persian, 0, "شهریور", 31},
		{"Mehr", kiosk.Persian, 0, "مهر", 30},
		{"Esfand of leap year 1403", kiosk.Persian, -1, "اسفند", 30},
		{"Esfand of 1404", kiosk.Persian, 0, "اسفند", 29},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := screens.NewDatePicker(testFonts(), tc.lang, pickerToday)
			test.NewTempWindow(t, d)
			d.AddYears(tc.years)
			widgetstest.Tap(t, d, tc.month)
			all := widgetstest.Buttons(d)
			for day := 1; day <= 31; day++ {
				k := all[dayKey(tc.lang, day)]
				if k.Disabled() != (day > tc.last) {
					t.Errorf("day %d disabled: %t, want %t", day, k.Disabled(), day > tc.last)
				}
			}
			d.SetDay(tc.last + 1)
			if d.ISO() != "" {
				t.Errorf("day %d chosen: %s", tc.last+1, d.ISO())
			}
		})
	}
}

// TestDatePickerDayMovesIntoAShorterMonth checks that a chosen day moves
// to the last day of a shorter month, or of the same month in a shorter
// year.
func TestDatePickerDayMovesIntoAShorterMonth(t *testing.T) {
	test.NewTempApp(t)
	cases := []struct {
		name         string
		lang         kiosk.Lang
		years        int
		month, day   string
		then         func(d *screens.DatePicker)
		want         string
		wantReported string
	}{
		{"29 February 2024 a year later", kiosk.English, -1, "February", "29", func(d *screens.DatePicker) { d.AddYears(1) }, "2025-02-28", "2025-02-28"},
		{"31 January moved to April", kiosk.English, 0, "January", "31", func(d *screens.DatePicker) { widgetstest.Tap(t, d, "April") }, "2025-04-30", "2025-04-30"},
		{"31 Farvardin moved to Esfand 1403", kiosk.Persian, -1, "فروردین", "۳۱", func(d *screens.DatePicker) { widgetstest.Tap(t, d, "اسفند") }, "2025-03-20", "2025-03-20"},
		{"30 Esfand 1403 a year later", kiosk.Persian, -1, "اسفند", "۳۰", func(d *screens.DatePicker) { d.AddYears(1) }, "2026-03-20", "2026-03-20"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := screens.NewDatePicker(testFonts(), tc.lang, pickerToday)
			test.NewTempWindow(t, d)
			var reported string
			d.OnChanged = func(iso string) { reported = iso }
			d.AddYears(tc.years)
			widgetstest.Tap(t, d, tc.month)
			widgetstest.Tap(t, d, tc.day)
			tc.then(d)
			if d.ISO() != tc.want || reported != tc.wantReported {
				t.Errorf("ISO %q (reported %q), want %q", d.ISO(), reported, tc.want)
			}
		})
	}
}

// TestDatePickerBounds limits a picker to the days from 3 August 2020 to
// 3 August 2025 (a field with min_date today-5y, max_date today), in each
// calendar, and checks the years, months and days it offers.
func TestDatePickerBounds(t *testing.T) {
	test.NewTempApp(t)
	const earliest, latest = "2020-08-03", "2025-08-03"
	cases := []struct {
		name string
		lang kiosk.Lang
		// the bounds in the picker's calendar
		first, last kiosk.CalendarDate
		// a month and a day after the last day, in its year
		beyond       string
		beyondLatest kiosk.CalendarDate
	}{
		{"Gregorian", kiosk.English,
			kiosk.CalendarDate{Calendar: kiosk.Gregorian, Year: 2020, Month: 8, Day: 3},
			kiosk.CalendarDate{Calendar: kiosk.Gregorian, Year: 2025, Month: 8, Day: 3},
			"December", kiosk.CalendarDate{Calendar: kiosk.Gregorian, Year: 2024, Month: 12, Day: 31}},
		{"Solar Hijri", kiosk.Persian,
			kiosk.CalendarDate{Calendar: kiosk.SolarHijri, Year: 1399, Month: 5, Day: 13},
			kiosk.CalendarDate{Calendar: kiosk.SolarHijri, Year: 1404, Month: 5, Day: 12},
			"اسفند", kiosk.CalendarDate{Calendar: kiosk.SolarHijri, Year: 1403, Month: 12, Day: 30}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l := tc.lang
			d := screens.NewDatePicker(testFonts(), l, pickerToday.AddDate(3, 0, 0)) // opened on a later year
			test.NewTempWindow(t, d)
			d.SetBounds(earliest, latest)
			if y := d.Date().Year; y != tc.last.Year {
				t.Fatalf("year shown %d, want the latest offered, %d", y, tc.last.Year)
			}
			var reported []string
			d.OnChanged = func(iso string) { reported = append(reported, iso) }
			// The latest year: no month or day after the last day.
			offered := func(month, day int) {
				t.Helper()
				all := widgetstest.Buttons(d)
				for m := 1; m <= 12; m++ {
					if k := all[d.MonthName(m)]; k.Disabled() != (m < month && d.Date().Year == tc.first.Year || m > month && d.Date().Year == tc.last.Year) {
						t.Errorf("%d: month %d disabled: %t", d.Date().Year, m, k.Disabled())
					}
				}
				widgetstest.Tap(t, d, d.MonthName(month))
				all = widgetstest.Buttons(d)
				for n := 1; n <= 31; n++ {
					after := d.Date().Year == tc.last.Year && n > day
					before := d.Date().Year == tc.first.Year && n < day
					short := n > d.Calendar().MonthLength(d.Date().Year, month)
					if k := all[dayKey(l, n)]; (after || before || short) != k.Disabled() {
						t.Errorf("%d/%d: day %d disabled: %t", d.Date().Year, month, n, k.Disabled())
					}
				}
				widgetstest.Tap(t, d, dayKey(l, day))
			}
			offered(tc.last.Month, tc.last.Day)
			if got := d.ISO(); got != latest {
				t.Errorf("the last day offered is %s, want %s", got, latest)
			}
			d.AddYears(10)
			if y := d.Date().Year; y != tc.last.Year {
				t.Errorf("year after +10 is %d, want %d", y, tc.last.Year)
			}
			d.AddYears(-100)
			if y := d.Date().Year; y != tc.first.Year {
				t.Errorf("year after -100 is %d, want %d", y, tc.first.Year)
			}
			offered(tc.first.Month, tc.first.Day)
			if got := d.ISO(); got != earliest {
				t.Errorf("the first day offered is %s, want %s", got, earliest)
			}
			// A day chosen in the year before the last moves back inside
			// the bounds when the year moves on.
			d.AddYears(tc.beyondLatest.Year - tc.first.Year)
			widgetstest.Tap(t, d, tc.beyond)
			widgetstest.Tap(t, d, dayKey(l, tc.beyondLatest.Day))
			if got := d.Date(); got != tc.beyondLatest {
				t.Fatalf("chose %+v, want %+v", got, tc.beyondLatest)
			}
			d.AddYears(1)
			if got := d.ISO(); got != latest || reported[len(reported)-1] != latest {
				t.Errorf("moved to %q (reported %q), want the last day offered, %s", got, reported, latest)
			}
			// Tapping a day beyond the last does nothing.
			before := len(reported)
			test.Tap(widgetstest.Buttons(d)[dayKey(l, tc.last.Day+1)])
			d.SetDay(tc.last.Day + 1)
			if d.ISO() != latest || len(reported) != before {
				t.Errorf("a day beyond the bounds was chosen: %s", d.ISO())
			}
		})
	}
}

// TestDatePickerOffersOnlyAcceptedDates checks that without bounds a
// picker offers the dates kiosk.ParseDate accepts, in each calendar.
func TestDatePickerOffersOnlyAcceptedDates(t *testing.T) {
	test.NewTempApp(t)
	cases := []struct {
		name                  string
		lang                  kiosk.Lang
		firstYear, firstMonth int
		lastYear, lastMonth   int
	}{
		{"Gregorian", kiosk.English, 1900, 1, 2100, 12},
		{"Solar Hijri", kiosk.Persian, 1278, 10, 1479, 10}, // 1900-01-01 is 1278/10/11; 2100-12-31 is 1479/10/10
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := screens.NewDatePicker(testFonts(), tc.lang, pickerToday)
			test.NewTempWindow(t, d)
			d.SetBounds("", "")
			d.AddYears(-1000)
			if y := d.Date().Year; y != tc.firstYear {
				t.Errorf("first year offered %d, want %d", y, tc.firstYear)
			}
			if f, ok := d.FocusTarget().(*widgets.Button); !ok || f.Label != d.MonthName(tc.firstMonth) {
				t.Errorf("focus starts on %v, want the first month offered, %s", d.FocusTarget(), d.MonthName(tc.firstMonth))
			}
			d.AddYears(1000)
			if y := d.Date().Year; y != tc.lastYear {
				t.Errorf("last year offered %d, want %d", y, tc.lastYear)
			}
			if tc.lastMonth < 12 && !widgetstest.Buttons(d)[d.MonthName(tc.lastMonth+1)].Disabled() {
				t.Errorf("month %d of %d is offered", tc.lastMonth+1, tc.lastYear)
			}
		})
	}
}

func TestDatePickerSetISO(t *testing.T) {
	test.NewTempApp(t)
	cases := []struct {
		name      string
		lang      kiosk.Lang
		want      kiosk.CalendarDate
		formatted string
	}{
		{"Solar Hijri", kiosk.Persian, kiosk.CalendarDate{Calendar: kiosk.SolarHijri, Year: 1403, Month: 5, Day: 12}, "۱۲ مرداد ۱۴۰۳"},
		{"Gregorian", kiosk.English, kiosk.CalendarDate{Calendar: kiosk.Gregorian, Year: 2024, Month: 8, Day: 2}, "2 August 2024"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := screens.NewDatePicker(testFonts(), tc.lang, pickerToday)
			test.NewTempWindow(t, d)
			d.SetISO("2024-08-02")
			if got := d.Date(); got != tc.want {
				t.Errorf("2024-08-02 shown as %+v, want %+v", got, tc.want)
			}
			if got := d.Formatted(); got != tc.formatted || !shows(d, tc.formatted) {
				t.Errorf("formatted %q, want %q shown", got, tc.formatted)
			}
			if got := d.ISO(); got != "2024-08-02" {
				t.Errorf("ISO %q", got)
			}
			d.SetISO("")
			if d.ISO() != "" || d.Date().Year != tc.want.Year {
				t.Errorf("after clearing: %+v %q", d.Date(), d.ISO())
			}
		})
	}
}

// shows reports whether a Text under o reads s.
func shows(o fyne.CanvasObject, s string) bool {
	found := false
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widgets.Text:
			found = found || x.Text() == s
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return found
}

// TestDatePickerArrangements checks where the months stand: above the
// days by default, so the picker is no wider than its widest grid, and
// beside them with SideBySide, which is shorter and wider. In both, the
// keys keep the touch target's size.
func TestDatePickerArrangements(t *testing.T) {
	test.NewTempApp(t)
	type span struct{ minX, maxX, minY, maxY float32 }
	extent := func(bs []*widgets.Button) span {
		s := span{minX: 1e9, minY: 1e9}
		for _, b := range bs {
			p := fyne.CurrentApp().Driver().AbsolutePositionForObject(b)
			s.minX, s.minY = min(s.minX, p.X), min(s.minY, p.Y)
			s.maxX, s.maxY = max(s.maxX, p.X+b.Size().Width), max(s.maxY, p.Y+b.Size().Height)
		}
		return s
	}
	cases := []struct {
		name       string
		sideBySide bool
	}{
		{"months above days", false},
		{"months beside days", true},
	}
	type arrangement struct {
		lang       kiosk.Lang
		sideBySide bool
	}
	sizes := map[arrangement]fyne.Size{}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, l := range kiosk.Languages {
				d := screens.NewDatePicker(testFonts(), l, pickerToday)
				d.SideBySide = tc.sideBySide
				w := test.NewTempWindow(t, d)
				w.Resize(d.MinSize().AddWidthHeight(200, 0))
				sizes[arrangement{l, tc.sideBySide}] = d.MinSize()
				all := widgetstest.Buttons(d)
				var months, days []*widgets.Button
				for m := 1; m <= 12; m++ {
					months = append(months, all[d.MonthName(m)])
				}
				for day := 1; day <= 31; day++ {
					days = append(days, all[dayKey(l, day)])
				}
				ms, ds := extent(months), extent(days)
				if tc.sideBySide {
					if ms.maxX > ds.minX && ds.maxX > ms.minX {
						t.Errorf("%s: months %v and days %v overlap across", l, ms, ds)
					}
				} else if ms.maxY > ds.minY {
					t.Errorf("%s: months end at %.0f, below the first day at %.0f", l, ms.maxY, ds.minY)
				}
				target := widgets.Size(widgets.SizeNameTarget)
				for _, b := range append(months, days...) {
					if s := b.Size(); s.Width < target-0.5 || s.Height < target-0.5 {
						t.Errorf("%s: key %q is %v, under the %.0f px target", l, b.Label, s, target)
					}
				}
			}
		})
	}
	for _, l := range kiosk.Languages {
		stacked, beside := sizes[arrangement{l, false}], sizes[arrangement{l, true}]
		if stacked.Width >= beside.Width || stacked.Height <= beside.Height {
			t.Errorf("%s: months above the days need %v, beside them %v: want narrower and taller", l, stacked, beside)
		}
	}
}

// weekdayHeadings returns the picker's weekday headings by name, not
// looking into its buttons (whose labels are texts too).
func weekdayHeadings(d *screens.DatePicker) map[string]*widgets.Text {
	names := map[string]bool{}
	for wd := range 7 {
		names[kiosk.WeekdayName(d.Lang, time.Weekday(wd))] = true
	}
	out := map[string]*widgets.Text{}
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widgets.Button:
		case *widgets.Text:
			if names[x.Text()] {
				out[x.Text()] = x
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	walk(d)
	return out
}

// centreX returns the horizontal centre of o on its canvas.
func centreX(o fyne.CanvasObject) float32 {
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(o).X + o.Size().Width/2
}

// TestDatePickerWeekdays checks that, once a month is chosen, each day
// stands under the heading of its weekday, the week running from the
// start edge (Saturday at the right in Persian, Monday at the left in
// English), and that a month shows only its own days.
func TestDatePickerWeekdays(t *testing.T) {
	test.NewTempApp(t)
	cases := []struct {
		name   string
		lang   kiosk.Lang
		years  int
		month  int
		first  time.Weekday // of day 1
		length int
	}{
		{"Mordad 1404 starts on a Wednesday", kiosk.Persian, 0, 5, time.Wednesday, 31},
		{"Farvardin 1404 starts on a Friday", kiosk.Persian, 0, 1, time.Friday, 31},
		{"Esfand 1404 has 29 days", kiosk.Persian, 0, 12, time.Friday, 29},
		{"Esfand 1403 has 30 days", kiosk.Persian, -1, 12, time.Wednesday, 30},
		{"August 2025 starts on a Friday", kiosk.English, 0, 8, time.Friday, 31},
		{"September 2025 starts on a Monday", kiosk.English, 0, 9, time.Monday, 30},
		{"February 2026 starts on a Sunday", kiosk.English, 1, 2, time.Sunday, 28},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := screens.NewDatePicker(testFonts(), tc.lang, pickerToday)
			w := test.NewTempWindow(t, d)
			w.Resize(d.MinSize())
			heads := weekdayHeadings(d)
			if len(heads) != 7 {
				t.Fatalf("%d weekday headings, want 7", len(heads))
			}
			for name, h := range heads {
				if h.Visible() {
					t.Errorf("heading %q shows before a month is chosen", name)
				}
			}
			d.AddYears(tc.years)
			widgetstest.Tap(t, d, d.MonthName(tc.month))
			// The week runs from the start edge.
			start := d.Calendar().WeekStart()
			var xs []float32
			for i := range 7 {
				h := heads[kiosk.WeekdayName(tc.lang, time.Weekday((int(start)+i)%7))]
				if !h.Visible() {
					t.Errorf("heading %q is hidden with a month chosen", h.Text())
				}
				xs = append(xs, centreX(h))
			}
			for i := 1; i < 7; i++ {
				if leftward := xs[i] < xs[i-1]; leftward != tc.lang.RTL() {
					t.Errorf("the week's day %d stands at x %.0f after day %d at %.0f: want it towards the end edge", i+1, xs[i], i, xs[i-1])
				}
			}
			keys := widgetstest.Buttons(d)
			for day := 1; day <= 31; day++ {
				b := keys[dayKey(tc.lang, day)]
				if day > tc.length {
					if b.Visible() {
						t.Errorf("day %d shows in a month of %d days", day, tc.length)
					}
					continue
				}
				wd := time.Weekday((int(tc.first) + day - 1) % 7)
				h := heads[kiosk.WeekdayName(tc.lang, wd)]
				if got, want := centreX(b), centreX(h); got < want-0.5 || got > want+0.5 {
					t.Errorf("day %d (a %v) stands at x %.0f, not under %q at %.0f", day, wd, got, h.Text(), want)
				}
			}
		})
	}
}

// TestDatePickerToday checks the Today key: it picks today, in Tehran,
// when today is offered, and is disabled when it is not.
func TestDatePickerToday(t *testing.T) {
	test.NewTempApp(t)
	cases := []struct {
		name              string
		lang              kiosk.Lang
		earliest, latest  string
		want, wantWritten string
	}{
		{"Persian", kiosk.Persian, "", "", "2025-08-03", "۱۲ مرداد ۱۴۰۴"},
		{"English", kiosk.English, "", "", "2025-08-03", "3 August 2025"},
		{"today is the last day offered", kiosk.English, "", "2025-08-03", "2025-08-03", "3 August 2025"},
		{"only later days are offered", kiosk.Persian, "2025-08-04", "", "", ""},
		{"only earlier days are offered", kiosk.English, "", "2025-08-02", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := screens.NewDatePicker(testFonts(), tc.lang, pickerToday)
			d.SetBounds(tc.earliest, tc.latest)
			test.NewTempWindow(t, d)
			d.AddYears(-30) // the year shown does not matter
			today := widgetstest.Buttons(d)[kiosk.Msg(tc.lang, "date.today")]
			if today == nil {
				t.Fatal("no Today key")
			}
			if today.Disabled() != (tc.want == "") {
				t.Errorf("Today disabled: %v, want %v", today.Disabled(), tc.want == "")
			}
			test.Tap(today)
			if d.ISO() != tc.want || d.Formatted() != tc.wantWritten {
				t.Errorf("after Today: %q (%q), want %q (%q)", d.ISO(), d.Formatted(), tc.want, tc.wantWritten)
			}
		})
	}
}

// steppers returns the picker's year steppers (its keys with an arrow)
// by label, the enabled one first where two go to the same year.
func steppers(d *screens.DatePicker) map[string][]*widgets.Button {
	out := map[string][]*widgets.Button{}
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widgets.Button:
			if x.Icon != nil {
				if x.Disabled() {
					out[x.Label] = append(out[x.Label], x)
				} else {
					out[x.Label] = append([]*widgets.Button{x}, out[x.Label]...)
				}
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	walk(d)
	return out
}

// TestDatePickerStepsSayWhereTheyGo checks that each year stepper is
// labelled with the year it goes to (a remote's focus lands on one at a
// time, and a citizen need not read the arrows), goes there, and is
// disabled where it would go nowhere or no further than a one-year step;
// a field offering one year has none.
func TestDatePickerStepsSayWhereTheyGo(t *testing.T) {
	test.NewTempApp(t)
	cases := []struct {
		name             string
		lang             kiosk.Lang
		earliest, latest string
		enabled          []string // the years the steppers offer
		disabled         []string // the labels of steppers that go nowhere
	}{
		{"Persian", kiosk.Persian, "", "", []string{"۱۳۹۴", "۱۴۰۳", "۱۴۰۵", "۱۴۱۴"}, nil},
		{"English", kiosk.English, "", "", []string{"2015", "2024", "2026", "2035"}, nil},
		{"no later year", kiosk.English, "1990-01-01", "2025-12-31", []string{"2015", "2024"}, []string{"2026", "2035"}},
		{"three years offered", kiosk.Persian, "2023-06-01", "2026-06-01", []string{"۱۴۰۲", "۱۴۰۳", "۱۴۰۵"}, []string{"۱۴۱۴"}},
		{"one year offered", kiosk.English, "2025-08-03", "2025-10-03", nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := screens.NewDatePicker(testFonts(), tc.lang, pickerToday)
			d.SetBounds(tc.earliest, tc.latest)
			test.NewTempWindow(t, d)
			all := steppers(d)
			n := 0
			for _, bs := range all {
				for _, b := range bs {
					if b.Visible() {
						n++
					}
				}
			}
			if want := min(4, len(tc.enabled)+len(tc.disabled)); n != want {
				t.Errorf("%d year steppers shown, want %d: %v", n, want, all)
			}
			for _, label := range tc.enabled {
				if bs := all[label]; len(bs) == 0 || bs[0].Disabled() {
					t.Errorf("no enabled stepper to %s", label)
				}
			}
			for _, label := range tc.disabled {
				if bs := all[label]; len(bs) == 0 || !bs[0].Disabled() {
					t.Errorf("the stepper to %s, where the picker is, is enabled", label)
				}
			}
			for _, label := range tc.enabled {
				d := screens.NewDatePicker(testFonts(), tc.lang, pickerToday)
				d.SetBounds(tc.earliest, tc.latest)
				test.NewTempWindow(t, d)
				test.Tap(steppers(d)[label][0])
				if got := kiosk.LocalizeDigits(tc.lang, strconv.Itoa(d.Date().Year)); got != label {
					t.Errorf("the stepper %q went to %s", label, got)
				}
			}
		})
	}
}
