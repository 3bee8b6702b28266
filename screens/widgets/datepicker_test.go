package widgets_test

import (
	"testing"

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
