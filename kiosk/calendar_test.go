package kiosk_test

import (
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

func TestFormat(t *testing.T) {
	at := time.Date(2024, 8, 2, 10, 5, 0, 0, time.UTC)
	tests := []struct{ name, got, want string }{
		{"persian date", kiosk.FormatDate(kiosk.Persian, at), "۱۴۰۳/۰۵/۱۲"},
		{"english date", kiosk.FormatDate(kiosk.English, at), "2024-08-02"},
		{"persian time", kiosk.FormatTime(kiosk.Persian, at), "۱۳:۳۵"},
		{"persian number", kiosk.FormatNumber(kiosk.Persian, 2500000), "۲٬۵۰۰٬۰۰۰"},
		{"english number", kiosk.FormatNumber(kiosk.English, 2500000), "2,500,000"},
		{"small number", kiosk.FormatNumber(kiosk.English, 12), "12"},
		{"negative", kiosk.FormatNumber(kiosk.English, -1234), "-1,234"},
		{"iso in persian", kiosk.FormatISODate(kiosk.Persian, "2024-08-02"), "۱۴۰۳/۰۵/۱۲"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Fatalf("got %q, want %q", tc.got, tc.want)
			}
		})
	}
}
