package kiosk_test

import (
	"testing"

	"github.com/pishkhan/pishkhan/kiosk"
)

func TestNormalizeInput(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"Persian digits", "۰۱۲۳۴۵۶۷۸۹", "0123456789"},
		{"Arabic-Indic digits", "٠١٢٣٤٥٦٧٨٩", "0123456789"},
		{"Arabic yeh", "علي", "علی"},
		{"Arabic alef maksura", "موسى", "موسی"},
		{"Arabic kaf", "كتاب", "کتاب"},
		{"ZWNJ kept", "می‌شود", "می‌شود"},
		{"ZWJ kept", "a\u200db", "a\u200db"},
		{"LRE PDF stripped", "a\u202ab\u202c", "ab"},
		{"RLO stripped", "abc\u202edef", "abcdef"},
		{"LRO stripped", "\u202d123", "123"},
		{"RLE stripped", "\u202bx", "x"},
		{"isolates stripped", "\u2066a\u2067b\u2068c\u2069", "abc"},
		{"LRM and RLM stripped", "\u200ea\u200fb", "ab"},
		{"Arabic letter mark stripped", "\u061cعلی", "علی"},
		{"zero-width space and BOM stripped", "\ufeffa\u200bb", "ab"},
		{"soft hyphen stripped", "co\u00adop", "coop"},
		{"tatweel stripped", "علـــی", "علی"},
		{"NUL and bell stripped", "a\x00b\x07c", "abc"},
		{"next line to LF", "a\u0085b", "a\nb"},
		{"C1 control stripped", "a\u0090b", "ab"},
		{"DEL stripped", "a\x7fb", "ab"},
		{"CRLF to LF", "a\r\nb", "a\nb"},
		{"lone CR to LF", "a\rb", "a\nb"},
		{"line separator to LF", "a\u2028b", "a\nb"},
		{"tab kept", "a\tb", "a\tb"},
		{"no-break space to space", "a\u00a0b", "a b"},
		{"narrow no-break space to space", "a\u202fb", "a b"},
		{"trimmed", "  \n a \t ", "a"},
		{"invalid UTF-8 dropped", "a\xffb", "ab"},
		{"replacement character dropped", "a\ufffdb", "ab"},
		{"composed to NFC", "a\u0301", "á"},
		{"alef with madda composed", "\u0627\u0653ب", "\u0622ب"},
		{"composition across a stripped control", "\u0627\u202e\u0653", "\u0622"},
		{"empty", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := kiosk.NormalizeInput(tc.in)
			if got != tc.want {
				t.Fatalf("NormalizeInput(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if again := kiosk.NormalizeInput(got); again != got {
				t.Fatalf("not stable: %q then %q", got, again)
			}
		})
	}
}

func TestNormalizeDigits(t *testing.T) {
	tests := []struct{ in, want string }{
		{"۱۴۰۳/۰۵/۱۲", "1403/05/12"},
		{"٠٩١٢", "0912"},
		{"abc ۱ ٢ 3", "abc 1 2 3"},
		{"بدون رقم", "بدون رقم"},
	}
	for _, tc := range tests {
		if got := kiosk.NormalizeDigits(tc.in); got != tc.want {
			t.Errorf("NormalizeDigits(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestLocalizeDigits(t *testing.T) {
	tests := []struct {
		lang     kiosk.Lang
		in, want string
	}{
		{kiosk.Persian, "1403/05/12", "۱۴۰۳/۰۵/۱۲"},
		{kiosk.Persian, "ABC-123", "ABC-۱۲۳"},
		{kiosk.English, "1403/05/12", "1403/05/12"},
	}
	for _, tc := range tests {
		if got := kiosk.LocalizeDigits(tc.lang, tc.in); got != tc.want {
			t.Errorf("LocalizeDigits(%s, %q) = %q, want %q", tc.lang, tc.in, got, tc.want)
		}
		if back := kiosk.NormalizeDigits(kiosk.LocalizeDigits(tc.lang, tc.in)); back != tc.in {
			t.Errorf("round trip of %q gave %q", tc.in, back)
		}
	}
}

func TestNormalizeMobile(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"۰۹۱۲-۱۲۳-۴۵۶۷", "09121234567", true},
		{"(+98) 912 123 4567", "09121234567", true},
		{"021-88776655", "", false},
	}
	for _, tc := range tests {
		got, ok := kiosk.NormalizeMobile(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("NormalizeMobile(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}
