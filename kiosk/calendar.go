package kiosk

import (
	"cmp"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jalaali/go-jalaali"
)

// Tehran is the time zone dates are shown in. Converting to it before
// converting to the Solar Hijri calendar matters: 2025-03-20 21:00 UTC is
// already 1404/01/01 in Tehran.
var Tehran = mustLoadTehran()

func mustLoadTehran() *time.Location {
	loc, err := time.LoadLocation("Asia/Tehran")
	if err != nil {
		// No tzdata on the machine: Iran has kept +03:30 without daylight
		// saving since 2022.
		return time.FixedZone("IRST", 3*3600+1800)
	}
	return loc
}

// SolarDate is a day in the Solar Hijri (Jalali) calendar.
type SolarDate struct {
	Year, Month, Day int
}

// ToSolar returns the Solar Hijri date of t in Tehran.
func ToSolar(t time.Time) SolarDate {
	t = t.In(Tehran)
	y, m, d, err := jalaali.ToJalaali(t.Year(), t.Month(), t.Day())
	if err != nil {
		return SolarDate{}
	}
	return SolarDate{Year: y, Month: int(m), Day: d}
}

// Gregorian returns the ISO date (YYYY-MM-DD) of a Solar Hijri date, or an
// error if the date does not exist (1403/12/30 does; 1404/12/30 does not).
func (d SolarDate) Gregorian() (string, error) {
	gy, gm, gd, err := jalaali.ToGregorian(d.Year, jalaali.Month(d.Month), d.Day)
	if err != nil {
		return "", fmt.Errorf("solar date %d/%d/%d: %w", d.Year, d.Month, d.Day, err)
	}
	return fmt.Sprintf("%04d-%02d-%02d", gy, int(gm), gd), nil
}

// SolarFromISO reads an ISO date (YYYY-MM-DD) as a Solar Hijri date.
func SolarFromISO(iso string) (SolarDate, error) {
	d, err := SolarHijri.FromISO(iso)
	if err != nil {
		return SolarDate{}, err
	}
	return SolarDate{Year: d.Year, Month: d.Month, Day: d.Day}, nil
}

// SolarMonthLength returns the number of days of a Solar Hijri month.
func SolarMonthLength(year, month int) int {
	n, err := jalaali.MonthLength(year, month)
	if err != nil {
		return 0
	}
	return n
}

// String writes the date as 1403/05/12 in ASCII digits.
func (d SolarDate) String() string {
	return fmt.Sprintf("%04d/%02d/%02d", d.Year, d.Month, d.Day)
}

// Calendar is a calendar a citizen reads and picks dates in. Whatever the
// calendar, a date is stored as an ISO date (YYYY-MM-DD).
type Calendar int

const (
	// SolarHijri is Iran's civil calendar, the one Persian sessions read
	// dates in: years like 1404, months Farvardin to Esfand.
	SolarHijri Calendar = iota
	// Gregorian is the calendar English sessions read dates in: years
	// like 2025, months January to December.
	Gregorian
)

// CalendarOf returns the calendar a citizen reading l reads dates in:
// Solar Hijri for Persian, Gregorian for English.
func CalendarOf(l Lang) Calendar {
	if l == Persian {
		return SolarHijri
	}
	return Gregorian
}

// String names the calendar.
func (c Calendar) String() string {
	if c == SolarHijri {
		return "Solar Hijri"
	}
	return "Gregorian"
}

// CalendarDate is a day of a Calendar. Its fields are the numbers the
// citizen reads: 12 Mordad 1403 is {SolarHijri, 1403, 5, 12}.
type CalendarDate struct {
	Calendar         Calendar
	Year, Month, Day int
}

// DateOf returns the day of t in Tehran in c.
func (c Calendar) DateOf(t time.Time) CalendarDate {
	if c == SolarHijri {
		s := ToSolar(t)
		return CalendarDate{Calendar: c, Year: s.Year, Month: s.Month, Day: s.Day}
	}
	t = t.In(Tehran)
	return CalendarDate{Calendar: c, Year: t.Year(), Month: int(t.Month()), Day: t.Day()}
}

// errISODate is the error for text that is no ISO date; it does not
// repeat the text, which may be a citizen's birth date.
var errISODate = errors.New("read date: want an ISO date YYYY-MM-DD")

// FromISO reads an ISO date (YYYY-MM-DD) as a day of c.
func (c Calendar) FromISO(iso string) (CalendarDate, error) {
	t, err := time.Parse("2006-01-02", iso)
	if err != nil {
		return CalendarDate{}, errISODate
	}
	if c == SolarHijri {
		y, m, d, err := jalaali.ToJalaali(t.Year(), t.Month(), t.Day())
		if err != nil {
			return CalendarDate{}, fmt.Errorf("read date in the Solar Hijri calendar: %w", err)
		}
		return CalendarDate{Calendar: c, Year: y, Month: int(m), Day: d}, nil
	}
	return CalendarDate{Calendar: c, Year: t.Year(), Month: int(t.Month()), Day: t.Day()}, nil
}

// MonthLength returns the number of days of a month (1–12) of c, or 0
// for no such month: Esfand has 30 days in 1403, 29 in 1404; February 29
// in 2024, 28 in 2025.
func (c Calendar) MonthLength(year, month int) int {
	if month < 1 || month > 12 {
		return 0
	}
	if c == SolarHijri {
		return SolarMonthLength(year, month)
	}
	// Day 0 of the next month is the last day of this one.
	return time.Date(year, time.Month(month+1), 0, 12, 0, 0, 0, time.UTC).Day()
}

// MonthName returns the name of a month (1–12) of c in l: Mordad
// (مرداد) is the fifth month of the Solar Hijri calendar, August (اوت)
// the eighth of the Gregorian.
func (c Calendar) MonthName(l Lang, month int) string {
	key := "date.month."
	if c == Gregorian {
		key = "date.gregorian.month."
	}
	return Msg(l, key+strconv.Itoa(month))
}

// Valid reports whether d is a day of its calendar.
func (d CalendarDate) Valid() bool {
	return d.Day >= 1 && d.Day <= d.Calendar.MonthLength(d.Year, d.Month)
}

// ISO returns d as an ISO date (YYYY-MM-DD), or an error if its calendar
// has no such day (Esfand 30, 1404; February 29, 2025).
func (d CalendarDate) ISO() (string, error) {
	if !d.Valid() {
		return "", fmt.Errorf("%s date: no such day", d.Calendar)
	}
	if d.Calendar == SolarHijri {
		return SolarDate{Year: d.Year, Month: d.Month, Day: d.Day}.Gregorian()
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day), nil
}

// Compare returns -1, 0 or +1 as d comes before, on or after e, both in
// the same calendar; a month or day of 0 comes before the first.
func (d CalendarDate) Compare(e CalendarDate) int {
	if c := cmp.Compare(d.Year, e.Year); c != 0 {
		return c
	}
	if c := cmp.Compare(d.Month, e.Month); c != 0 {
		return c
	}
	return cmp.Compare(d.Day, e.Day)
}

// Format writes d with its month's name, in l's words and digits: "3
// August 2007" in English, "۱۲ مرداد ۱۴۰۳" in Persian.
func (d CalendarDate) Format(l Lang) string {
	return Msgf(l, "date.long", map[string]string{
		"day":   LocalizeDigits(l, strconv.Itoa(d.Day)),
		"month": d.Calendar.MonthName(l, d.Month),
		"year":  LocalizeDigits(l, strconv.Itoa(d.Year)),
	})
}

// FormatDate writes the day of a record's time t (a receipt issued, a
// request submitted), taken in Tehran, as a citizen of l reads it: the
// Solar Hijri date in Persian digits (۱۴۰۳/۰۵/۱۲) for Persian, the
// Gregorian date written out (2 August 2024) for English.
func FormatDate(l Lang, t time.Time) string {
	if l == Persian {
		return LocalizeDigits(l, ToSolar(t).String())
	}
	return CalendarOf(l).DateOf(t).Format(l)
}

// FormatTime writes the time of day of t in Tehran as 14:05.
func FormatTime(l Lang, t time.Time) string {
	return LocalizeDigits(l, t.In(Tehran).Format("15:04"))
}

// FormatISODate writes a date a citizen gave (a stored ISO date) in words
// in the calendar l reads, as the review screen and refusals show it:
// "۱۵ آذر ۱۴۰۵" (Solar Hijri) in Persian, "6 December 2026" (Gregorian)
// in English, as the date picker shows the day chosen. Text that is no
// ISO date comes back as it is.
func FormatISODate(l Lang, iso string) string {
	d, err := CalendarOf(l).FromISO(iso)
	if err != nil {
		return iso
	}
	return d.Format(l)
}

// FormatDay writes the day of t, taken in Tehran, in words in the
// calendar l reads: "۱ فروردین ۱۴۰۴" for 21:00 UTC on 20 March 2025.
func FormatDay(l Lang, t time.Time) string {
	return CalendarOf(l).DateOf(t).Format(l)
}

// WeekStart returns the day a week of c begins on for its readers:
// Saturday in the Solar Hijri calendar, Monday in the Gregorian (ISO 8601).
func (c Calendar) WeekStart() time.Weekday {
	if c == SolarHijri {
		return time.Saturday
	}
	return time.Monday
}

// Weekday returns the day of the week d falls on, or an error if its
// calendar has no such day.
func (d CalendarDate) Weekday() (time.Weekday, error) {
	iso, err := d.ISO()
	if err != nil {
		return 0, err
	}
	t, err := time.Parse("2006-01-02", iso)
	if err != nil {
		return 0, fmt.Errorf("weekday of %s date: %w", d.Calendar, err)
	}
	return t.Weekday(), nil
}

// WeekdayName returns the short name of a day of the week in l, as a
// calendar heads its column: ش for Saturday in Persian, Sat in English.
func WeekdayName(l Lang, wd time.Weekday) string {
	return Msg(l, "date.weekday."+strconv.Itoa(int(wd)))
}

// FormatNumber writes an integer with thousands separators in the digits of
// l: ۲٬۵۰۰٬۰۰۰ in Persian, 2,500,000 in English.
func FormatNumber(l Lang, n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := ","
	if l == Persian {
		sep = "٬"
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	out := b.String()
	if neg {
		out = "-" + out
	}
	return LocalizeDigits(l, out)
}
