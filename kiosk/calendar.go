package kiosk

import (
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
	t, err := time.ParseInLocation("2006-01-02", iso, Tehran)
	if err != nil {
		return SolarDate{}, fmt.Errorf("parse date %q: %w", iso, err)
	}
	return ToSolar(t.Add(12 * time.Hour)), nil
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

// FormatDate writes the day of t as a citizen of l reads it: the Solar
// Hijri date in Persian digits (۱۴۰۳/۰۵/۱۲) for Persian, the Gregorian ISO
// date for English. Both are taken in Tehran time.
func FormatDate(l Lang, t time.Time) string {
	if l == Persian {
		return LocalizeDigits(l, ToSolar(t).String())
	}
	return t.In(Tehran).Format("2006-01-02")
}

// FormatTime writes the time of day of t in Tehran as 14:05.
func FormatTime(l Lang, t time.Time) string {
	return LocalizeDigits(l, t.In(Tehran).Format("15:04"))
}

// FormatISODate writes a stored ISO date the way FormatDate does.
func FormatISODate(l Lang, iso string) string {
	if l != Persian {
		return iso
	}
	d, err := SolarFromISO(iso)
	if err != nil {
		return iso
	}
	return LocalizeDigits(l, d.String())
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
