package speech_test

import (
	"testing"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/speech"
)

func TestNumberWords(t *testing.T) {
	tests := []struct {
		name string
		lang kiosk.Lang
		n    int64
		want string
	}{
		{"fa zero", kiosk.Persian, 0, "صفر"},
		{"fa teen", kiosk.Persian, 16, "شانزده"},
		{"fa tens and ones", kiosk.Persian, 45, "چهل و پنج"},
		{"fa hundreds", kiosk.Persian, 345, "سیصد و چهل و پنج"},
		{"fa a Solar Hijri year", kiosk.Persian, 1403, "هزار و چهارصد و سه"},
		{"fa thousands", kiosk.Persian, 25000, "بیست و پنج هزار"},
		{"fa millions", kiosk.Persian, 2500000, "دو میلیون و پانصد هزار"},
		{"fa negative", kiosk.Persian, -7, "منفی هفت"},
		{"en teen", kiosk.English, 16, "sixteen"},
		{"en year", kiosk.English, 2025, "two thousand twenty-five"},
		{"en hundreds", kiosk.English, 345, "three hundred forty-five"},
		{"en millions", kiosk.English, 150000000, "one hundred fifty million"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := speech.NumberWords(tt.lang, tt.n); got != tt.want {
				t.Errorf("NumberWords(%d) = %q, want %q", tt.n, got, tt.want)
			}
		})
	}
}

func TestOrdinalWords(t *testing.T) {
	tests := []struct {
		lang kiosk.Lang
		n    int
		want string
	}{
		{kiosk.Persian, 1, "یکم"},
		{kiosk.Persian, 3, "سوم"},
		{kiosk.Persian, 12, "دوازدهم"},
		{kiosk.Persian, 23, "بیست و سوم"},
		{kiosk.Persian, 30, "سی\u200cام"},
		{kiosk.Persian, 31, "سی و یکم"},
		{kiosk.English, 1, "first"},
		{kiosk.English, 3, "third"},
		{kiosk.English, 12, "twelfth"},
		{kiosk.English, 20, "twentieth"},
		{kiosk.English, 22, "twenty-second"},
		{kiosk.English, 31, "thirty-first"},
	}
	for _, tt := range tests {
		t.Run(string(tt.lang)+"/"+tt.want, func(t *testing.T) {
			if got := speech.OrdinalWords(tt.lang, tt.n); got != tt.want {
				t.Errorf("OrdinalWords(%d) = %q, want %q", tt.n, got, tt.want)
			}
		})
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		name string
		lang kiosk.Lang
		in   string
		want string
	}{
		{"fa Solar Hijri date", kiosk.Persian, "تاریخ باید ۱۴۰۳/۰۵/۱۲ یا پیش از آن باشد.", "تاریخ باید دوازدهم مرداد هزار و چهارصد و سه یا پیش از آن باشد."},
		{"fa mobile digit by digit", kiosk.Persian, "مانند ۰۹۱۲۳۴۵۶۷۸۹ وارد کنید.", "مانند صفر نه یک دو سه چهار پنج شش هفت هشت نه وارد کنید."},
		{"fa grouped amount", kiosk.Persian, "۲٬۵۰۰٬۰۰۰ ریال", "دو میلیون و پانصد هزار ریال"},
		{"fa decimal", kiosk.Persian, "۳۲۰٫۵", "سیصد و بیست ممیز پنج"},
		{"fa tracking code in groups", kiosk.Persian, "۰۰۰۴-۲۰۰۵-۰۱", "صفر صفر صفر چهار، دو صفر صفر پنج، صفر یک"},
		{"fa time", kiosk.Persian, "۱۴:۰۵", "ساعت چهارده و پنج دقیقه"},
		{"fa plate", kiosk.Persian, "۱۲ ب ۳۴۵ ایران ۶۷", "دوازده ب سیصد و چهل و پنج ایران شصت و هفت"},
		{"fa no slash left", kiosk.Persian, "سال/ماه/روز", "سال، ماه، روز"},
		{"en date with month name", kiosk.English, "The date must be 3 August 2007 or earlier.", "The date must be August third, two thousand seven or earlier."},
		{"en slash between words", kiosk.English, "Enter it as year/month/day.", "Enter it as year, month, day."},
		{"en 16 digits", kiosk.English, "Check its 16 digits.", "Check its sixteen digits."},
		{"en grouped amount", kiosk.English, "150,000,000 rials", "one hundred fifty million rials"},
		{"en ascii slash date", kiosk.English, "2025/08/03", "August third, two thousand twenty-five"},
		{"text without numbers unchanged", kiosk.Persian, "کد ملی", "کد ملی"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := speech.Words(tt.lang, tt.in); got != tt.want {
				t.Errorf("Words(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCodeWords(t *testing.T) {
	got := speech.CodeWords(kiosk.English, "0004200501462000")
	want := "zero zero zero four, two zero zero five, zero one four six, two zero zero zero"
	if got != want {
		t.Errorf("CodeWords = %q, want %q", got, want)
	}
	if got := speech.CodeWords(kiosk.Persian, "۱۲۳۴۵"); got != "یک دو سه چهار، پنج" {
		t.Errorf("CodeWords fa = %q", got)
	}
}

func TestDateWords(t *testing.T) {
	d := kiosk.CalendarDate{Calendar: kiosk.SolarHijri, Year: 1404, Month: 1, Day: 1}
	if got, want := speech.DateWords(kiosk.Persian, d), "یکم فروردین هزار و چهارصد و چهار"; got != want {
		t.Errorf("DateWords = %q, want %q", got, want)
	}
	g := kiosk.CalendarDate{Calendar: kiosk.Gregorian, Year: 2024, Month: 3, Day: 20}
	if got, want := speech.DateWords(kiosk.English, g), "March twentieth, two thousand twenty-four"; got != want {
		t.Errorf("DateWords = %q, want %q", got, want)
	}
}
