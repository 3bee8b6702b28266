package widgets_test

import (
	"strconv"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

func TestDatePickerChoosesSolarDates(t *testing.T) {
	test.NewTempApp(t)
	cases := []struct {
		name  string
		today kiosk.SolarDate
		years int
		month int
		day   string // label of the day tapped
		want  string // ISO date reported
	}{
		{"first day of the year", kiosk.SolarDate{Year: 1404}, 0, 1, "۱", "2025-03-21"},
		{"last day of a leap year", kiosk.SolarDate{Year: 1404}, -1, 12, "۳۰", "2025-03-20"},
		{"a birthday decades ago", kiosk.SolarDate{Year: 1404}, -40, 5, "۱۲", "1985-08-03"},
		{"a later year", kiosk.SolarDate{Year: 1404}, 1, 7, "۱", "2026-09-23"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := widgets.NewDatePicker(kiosk.Persian, tc.today)
			test.NewTempWindow(t, d)
			var got []string
			d.OnChanged = func(iso string) { got = append(got, iso) }
			d.AddYears(tc.years)
			press(t, d, widgets.MonthName(kiosk.Persian, tc.month))
			if d.ISO() != "" {
				t.Fatalf("date complete before a day was chosen: %s", d.ISO())
			}
			press(t, d, tc.day)
			if d.ISO() != tc.want || got[len(got)-1] != tc.want {
				t.Errorf("ISO %q (reported %q), want %q", d.ISO(), got, tc.want)
			}
		})
	}
}

// TestDatePickerMonthLength checks that days a month does not have cannot
// be chosen, and that a chosen day moves into a shorter month.
func TestDatePickerMonthLength(t *testing.T) {
	test.NewTempApp(t)
	d := widgets.NewDatePicker(kiosk.English, kiosk.SolarDate{Year: 1403}) // a leap year
	test.NewTempWindow(t, d)
	press(t, d, widgets.MonthName(kiosk.English, 1))
	press(t, d, "31")
	press(t, d, widgets.MonthName(kiosk.English, 12))
	if got := d.Date(); got.Day != 30 {
		t.Errorf("31 Farvardin moved to Esfand 1403 is day %d, want 30", got.Day)
	}
	d.AddYears(1) // 1404: Esfand has 29 days
	if got := d.Date(); got.Day != 29 {
		t.Errorf("in Esfand 1404 day %d, want 29", got.Day)
	}
	if k := keys(d)["30"]; k == nil || !k.Disabled() {
		t.Error("day 30 of Esfand 1404 can be chosen")
	}
	if k := keys(d)["29"]; k == nil || k.Disabled() {
		t.Error("day 29 of Esfand 1404 cannot be chosen")
	}
}

func TestDatePickerYearRange(t *testing.T) {
	test.NewTempApp(t)
	d := widgets.NewDatePicker(kiosk.Persian, kiosk.SolarDate{Year: 1404})
	d.SetYearRange("1960-01-01", "2007-08-03") // born at least 18 years before 1404/05/12
	if y := d.Date().Year; y != 1386 {
		t.Errorf("year shown %d, want the latest allowed, 1386", y)
	}
	d.AddYears(10)
	if y := d.Date().Year; y != 1386 {
		t.Errorf("year after +10 is %d, want 1386", y)
	}
	d.AddYears(-100)
	if y := d.Date().Year; y != 1338 {
		t.Errorf("year after -100 is %d, want 1338", y)
	}
}

func TestDatePickerSetISO(t *testing.T) {
	test.NewTempApp(t)
	d := widgets.NewDatePicker(kiosk.Persian, kiosk.SolarDate{Year: 1404})
	d.SetISO("2024-08-02")
	if got := d.Date(); got != (kiosk.SolarDate{Year: 1403, Month: 5, Day: 12}) {
		t.Errorf("2024-08-02 shown as %v", got)
	}
	if got := d.Formatted(); got != "۱۲ مرداد ۱۴۰۳" {
		t.Errorf("formatted %q", got)
	}
	d.SetISO("")
	if d.ISO() != "" || d.Date().Year != 1403 {
		t.Errorf("after clearing: %v %q", d.Date(), d.ISO())
	}
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
				d := widgets.NewDatePicker(l, kiosk.SolarDate{Year: 1404})
				d.SideBySide = tc.sideBySide
				w := test.NewTempWindow(t, d)
				w.Resize(d.MinSize().AddWidthHeight(200, 0))
				sizes[arrangement{l, tc.sideBySide}] = d.MinSize()
				all := keys(d)
				var months, days []*widgets.Button
				for m := 1; m <= 12; m++ {
					months = append(months, all[widgets.MonthName(l, m)])
				}
				for day := 1; day <= 31; day++ {
					days = append(days, all[kiosk.LocalizeDigits(l, strconv.Itoa(day))])
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
