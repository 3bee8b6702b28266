package kiosk_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
)

func TestSolarCalendar(t *testing.T) {
	tests := []struct {
		name string
		at   time.Time
		want kiosk.SolarDate
	}{
		{"nowruz 1403", time.Date(2024, 3, 20, 12, 0, 0, 0, time.UTC), kiosk.SolarDate{Year: 1403, Month: 1, Day: 1}},
		{"nowruz 1404", time.Date(2025, 3, 21, 12, 0, 0, 0, time.UTC), kiosk.SolarDate{Year: 1404, Month: 1, Day: 1}},
		{"evening UTC is next day in Tehran", time.Date(2025, 3, 20, 21, 0, 0, 0, time.UTC), kiosk.SolarDate{Year: 1404, Month: 1, Day: 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := kiosk.ToSolar(tc.at); got != tc.want {
				t.Fatalf("ToSolar(%v) = %v, want %v", tc.at, got, tc.want)
			}
		})
	}
	iso, err := kiosk.SolarDate{Year: 1403, Month: 5, Day: 12}.Gregorian()
	if err != nil || iso != "2024-08-02" {
		t.Fatalf("1403/05/12 = %s, %v; want 2024-08-02", iso, err)
	}
	if _, err := (kiosk.SolarDate{Year: 1404, Month: 12, Day: 30}).Gregorian(); err == nil {
		t.Fatal("1404/12/30 accepted; 1404 is not a leap year")
	}
	if d, _ := kiosk.SolarFromISO("2024-08-02"); d != (kiosk.SolarDate{Year: 1403, Month: 5, Day: 12}) {
		t.Fatalf("SolarFromISO = %v", d)
	}
}

func TestCalendarOf(t *testing.T) {
	if c := kiosk.CalendarOf(kiosk.Persian); c != kiosk.SolarHijri {
		t.Errorf("Persian reads dates in the %s calendar, want Solar Hijri", c)
	}
	if c := kiosk.CalendarOf(kiosk.English); c != kiosk.Gregorian {
		t.Errorf("English reads dates in the %s calendar, want Gregorian", c)
	}
}

// TestCalendarDates converts days between ISO dates and each calendar
// both ways, and checks the days a calendar does not have.
func TestCalendarDates(t *testing.T) {
	tests := []struct {
		name string
		iso  string
		date kiosk.CalendarDate
	}{
		{"Solar: a summer day", "2024-08-02", kiosk.CalendarDate{Calendar: kiosk.SolarHijri, Year: 1403, Month: 5, Day: 12}},
		{"Solar: Esfand 30 of leap year 1403", "2025-03-20", kiosk.CalendarDate{Calendar: kiosk.SolarHijri, Year: 1403, Month: 12, Day: 30}},
		{"Solar: Nowruz 1404", "2025-03-21", kiosk.CalendarDate{Calendar: kiosk.SolarHijri, Year: 1404, Month: 1, Day: 1}},
		{"Gregorian: a summer day", "2007-08-03", kiosk.CalendarDate{Calendar: kiosk.Gregorian, Year: 2007, Month: 8, Day: 3}},
		{"Gregorian: February 29 of 2024", "2024-02-29", kiosk.CalendarDate{Calendar: kiosk.Gregorian, Year: 2024, Month: 2, Day: 29}},
		{"Gregorian: the last accepted day", kiosk.LatestDate, kiosk.CalendarDate{Calendar: kiosk.Gregorian, Year: 2100, Month: 12, Day: 31}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := tc.date.Calendar.FromISO(tc.iso)
			if err != nil || d != tc.date {
				t.Errorf("FromISO(%s) = %+v, %v; want %+v", tc.iso, d, err, tc.date)
			}
			iso, err := tc.date.ISO()
			if err != nil || iso != tc.iso {
				t.Errorf("ISO() = %q, %v; want %s", iso, err, tc.iso)
			}
		})
	}
	noSuchDay := []struct {
		name string
		date kiosk.CalendarDate
	}{
		{"Solar: Esfand 30 of 1404", kiosk.CalendarDate{Calendar: kiosk.SolarHijri, Year: 1404, Month: 12, Day: 30}},
		{"Solar: Mehr 31", kiosk.CalendarDate{Calendar: kiosk.SolarHijri, Year: 1403, Month: 7, Day: 31}},
		{"Gregorian: February 29 of 2025", kiosk.CalendarDate{Calendar: kiosk.Gregorian, Year: 2025, Month: 2, Day: 29}},
		{"Gregorian: February 29 of 1900", kiosk.CalendarDate{Calendar: kiosk.Gregorian, Year: 1900, Month: 2, Day: 29}},
		{"Gregorian: April 31", kiosk.CalendarDate{Calendar: kiosk.Gregorian, Year: 2025, Month: 4, Day: 31}},
		{"Gregorian: month 13", kiosk.CalendarDate{Calendar: kiosk.Gregorian, Year: 2025, Month: 13, Day: 1}},
		{"Gregorian: day 0", kiosk.CalendarDate{Calendar: kiosk.Gregorian, Year: 2025, Month: 1}},
	}
	for _, tc := range noSuchDay {
		t.Run(tc.name, func(t *testing.T) {
			if iso, err := tc.date.ISO(); err == nil {
				t.Errorf("ISO() = %s, want an error", iso)
			}
		})
	}
	for _, c := range []kiosk.Calendar{kiosk.SolarHijri, kiosk.Gregorian} {
		if d, err := c.FromISO("2024-02-30"); err == nil {
			t.Errorf("%s: FromISO(2024-02-30) = %+v, want an error", c, d)
		}
	}
}

func TestCalendarMonthLength(t *testing.T) {
	tests := []struct {
		name              string
		cal               kiosk.Calendar
		year, month, days int
	}{
		{"Farvardin", kiosk.SolarHijri, 1404, 1, 31},
		{"Mehr", kiosk.SolarHijri, 1404, 7, 30},
		{"Esfand of leap year 1403", kiosk.SolarHijri, 1403, 12, 30},
		{"Esfand of 1404", kiosk.SolarHijri, 1404, 12, 29},
		{"January", kiosk.Gregorian, 2025, 1, 31},
		{"February of leap year 2024", kiosk.Gregorian, 2024, 2, 29},
		{"February of 2025", kiosk.Gregorian, 2025, 2, 28},
		{"February of 1900, no leap year", kiosk.Gregorian, 1900, 2, 28},
		{"February of 2000, a leap year", kiosk.Gregorian, 2000, 2, 29},
		{"April", kiosk.Gregorian, 2025, 4, 30},
		{"December", kiosk.Gregorian, 2025, 12, 31},
		{"no month 0", kiosk.Gregorian, 2025, 0, 0},
		{"no month 13", kiosk.SolarHijri, 1404, 13, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.cal.MonthLength(tc.year, tc.month); got != tc.days {
				t.Errorf("%s %d/%d has %d days, want %d", tc.cal, tc.year, tc.month, got, tc.days)
			}
		})
	}
}

func TestCalendarDateOfIsTakenInTehran(t *testing.T) {
	// 20:45 UTC on 2 August is already 3 August in Tehran (+03:30).
	at := time.Date(2025, 8, 2, 20, 45, 0, 0, time.UTC)
	if got, want := kiosk.Gregorian.DateOf(at), (kiosk.CalendarDate{Calendar: kiosk.Gregorian, Year: 2025, Month: 8, Day: 3}); got != want {
		t.Errorf("Gregorian.DateOf = %+v, want %+v", got, want)
	}
	if got, want := kiosk.SolarHijri.DateOf(at), (kiosk.CalendarDate{Calendar: kiosk.SolarHijri, Year: 1404, Month: 5, Day: 12}); got != want {
		t.Errorf("SolarHijri.DateOf = %+v, want %+v", got, want)
	}
}

func TestCalendarDateCompare(t *testing.T) {
	g := func(y, m, d int) kiosk.CalendarDate {
		return kiosk.CalendarDate{Calendar: kiosk.Gregorian, Year: y, Month: m, Day: d}
	}
	tests := []struct {
		name string
		a, b kiosk.CalendarDate
		want int
	}{
		{"same day", g(2007, 8, 3), g(2007, 8, 3), 0},
		{"earlier day", g(2007, 8, 2), g(2007, 8, 3), -1},
		{"later month outweighs an earlier day", g(2007, 9, 1), g(2007, 8, 31), 1},
		{"earlier year outweighs a later month", g(2006, 12, 31), g(2007, 1, 1), -1},
		{"a month without its day comes first", g(2007, 8, 0), g(2007, 8, 1), -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.a.Compare(tc.b); got != tc.want {
				t.Errorf("%+v.Compare(%+v) = %d, want %d", tc.a, tc.b, got, tc.want)
			}
		})
	}
}

func TestFormat(t *testing.T) {
	at := time.Date(2024, 8, 2, 10, 5, 0, 0, time.UTC)
	tests := []struct{ name, got, want string }{
		{"persian date", kiosk.FormatDate(kiosk.Persian, at), "۱۴۰۳/۰۵/۱۲"},
		{"english date", kiosk.FormatDate(kiosk.English, at), "2 August 2024"},
		{"english date is taken in Tehran", kiosk.FormatDate(kiosk.English, time.Date(2024, 12, 31, 21, 0, 0, 0, time.UTC)), "1 January 2025"},
		{"persian time", kiosk.FormatTime(kiosk.Persian, at), "۱۳:۳۵"},
		{"persian number", kiosk.FormatNumber(kiosk.Persian, 2500000), "۲٬۵۰۰٬۰۰۰"},
		{"english number", kiosk.FormatNumber(kiosk.English, 2500000), "2,500,000"},
		{"small number", kiosk.FormatNumber(kiosk.English, 12), "12"},
		{"negative", kiosk.FormatNumber(kiosk.English, -1234), "-1,234"},
		{"iso in persian", kiosk.FormatISODate(kiosk.Persian, "2024-08-02"), "۱۲ مرداد ۱۴۰۳"},
		{"iso in english", kiosk.FormatISODate(kiosk.English, "2007-08-03"), "3 August 2007"},
		{"iso in english, a leap day", kiosk.FormatISODate(kiosk.English, "2024-02-29"), "29 February 2024"},
		{"unreadable iso stays as it is", kiosk.FormatISODate(kiosk.English, "2024-02-30"), "2024-02-30"},
		{"solar date written out in persian", kiosk.CalendarDate{Calendar: kiosk.SolarHijri, Year: 1403, Month: 5, Day: 12}.Format(kiosk.Persian), "۱۲ مرداد ۱۴۰۳"},
		{"gregorian date written out in english", kiosk.CalendarDate{Calendar: kiosk.Gregorian, Year: 2007, Month: 12, Day: 25}.Format(kiosk.English), "25 December 2007"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Fatalf("got %q, want %q", tc.got, tc.want)
			}
		})
	}
}

// TestMonthNames checks that every month of both calendars is named in
// both languages, and no two months of a calendar share a name.
func TestMonthNames(t *testing.T) {
	for _, c := range []kiosk.Calendar{kiosk.SolarHijri, kiosk.Gregorian} {
		for _, l := range kiosk.Languages {
			seen := map[string]int{}
			for m := 1; m <= 12; m++ {
				name := c.MonthName(l, m)
				if name == "" || strings.HasPrefix(name, "⟦") { // a missing message
					t.Errorf("%s month %d in %s: %q", c, m, l, name)
				}
				if prev, dup := seen[name]; dup {
					t.Errorf("%s months %d and %d in %s are both %q", c, prev, m, l, name)
				}
				seen[name] = m
			}
		}
	}
	if got := kiosk.Gregorian.MonthName(kiosk.English, 8); got != "August" {
		t.Errorf("Gregorian month 8 in English is %q, want August", got)
	}
	if got := kiosk.SolarHijri.MonthName(kiosk.Persian, 5); got != "مرداد" {
		t.Errorf("Solar Hijri month 5 in Persian is %q, want مرداد", got)
	}
}

// TestDatesInWords checks how the review writes the dates a citizen gave
// and the day of a moment: in words, in the calendar of the session's
// language, across the edges of months and years, and for a moment in
// Tehran's day rather than UTC's.
func TestDatesInWords(t *testing.T) {
	utc := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, time.UTC) }
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"a day in Azar", kiosk.FormatISODate(kiosk.Persian, "2026-12-06"), "۱۵ آذر ۱۴۰۵"},
		{"the same day in English", kiosk.FormatISODate(kiosk.English, "2026-12-06"), "6 December 2026"},
		{"the last day of a leap Esfand", kiosk.FormatISODate(kiosk.Persian, "2025-03-20"), "۳۰ اسفند ۱۴۰۳"},
		{"the first of Farvardin", kiosk.FormatISODate(kiosk.Persian, "2025-03-21"), "۱ فروردین ۱۴۰۴"},
		{"the 31st of Shahrivar", kiosk.FormatISODate(kiosk.Persian, "2025-09-22"), "۳۱ شهریور ۱۴۰۴"},
		{"the first of Mehr", kiosk.FormatISODate(kiosk.Persian, "2025-09-23"), "۱ مهر ۱۴۰۴"},
		{"the last day of a Gregorian year", kiosk.FormatISODate(kiosk.English, "2025-12-31"), "31 December 2025"},
		{"the first of a Gregorian year", kiosk.FormatISODate(kiosk.English, "2026-01-01"), "1 January 2026"},
		{"no such day stays as it is", kiosk.FormatISODate(kiosk.Persian, "2025-02-29"), "2025-02-29"},
		{"evening UTC is Nowruz in Tehran", kiosk.FormatDay(kiosk.Persian, utc(2025, 3, 20, 21, 0)), "۱ فروردین ۱۴۰۴"},
		{"a minute earlier it is still Esfand", kiosk.FormatDay(kiosk.Persian, utc(2025, 3, 20, 20, 29)), "۳۰ اسفند ۱۴۰۳"},
		{"evening UTC is the new year in Tehran", kiosk.FormatDay(kiosk.English, utc(2025, 12, 31, 20, 30)), "1 January 2026"},
		{"a minute earlier it is still the old year", kiosk.FormatDay(kiosk.English, utc(2025, 12, 31, 20, 29)), "31 December 2025"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %q, want %q", tc.got, tc.want)
			}
		})
	}
}

// TestWeekdays checks the day of the week a date falls on and where a
// week starts in each calendar.
func TestWeekdays(t *testing.T) {
	tests := []struct {
		name  string
		date  kiosk.CalendarDate
		want  time.Weekday
		fails bool
	}{
		{"Nowruz 1404 was a Friday", kiosk.CalendarDate{Calendar: kiosk.SolarHijri, Year: 1404, Month: 1, Day: 1}, time.Friday, false},
		{"1 Azar 1405 is a Sunday", kiosk.CalendarDate{Calendar: kiosk.SolarHijri, Year: 1405, Month: 9, Day: 1}, time.Sunday, false},
		{"6 December 2026 is a Sunday", kiosk.CalendarDate{Calendar: kiosk.Gregorian, Year: 2026, Month: 12, Day: 6}, time.Sunday, false},
		{"30 Esfand 1404 does not exist", kiosk.CalendarDate{Calendar: kiosk.SolarHijri, Year: 1404, Month: 12, Day: 30}, 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.date.Weekday()
			if tc.fails {
				if err == nil {
					t.Errorf("Weekday = %v, want an error", got)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("Weekday = %v, %v; want %v", got, err, tc.want)
			}
		})
	}
	if got := kiosk.SolarHijri.WeekStart(); got != time.Saturday {
		t.Errorf("a Solar Hijri week starts on %v, want Saturday", got)
	}
	if got := kiosk.Gregorian.WeekStart(); got != time.Monday {
		t.Errorf("a Gregorian week starts on %v, want Monday", got)
	}
	names := map[kiosk.Lang]string{}
	for l, want := range map[kiosk.Lang]string{kiosk.Persian: "شیدسچپج", kiosk.English: "SatSunMonTueWedThuFri"} {
		for i := range 7 {
			names[l] += kiosk.WeekdayName(l, time.Weekday((int(time.Saturday)+i)%7))
		}
		if names[l] != want {
			t.Errorf("the week from Saturday in %v reads %q, want %q", l, names[l], want)
		}
	}
}
