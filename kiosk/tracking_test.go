package kiosk_test

import (
	"errors"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
)

type fixedClock struct{ t time.Time }

func (c *fixedClock) Now() time.Time { return c.t }

func TestVerhoeffKnownValue(t *testing.T) {
	// The textbook example: 236 has check digit 3.
	if got := kiosk.VerhoeffDigit("236"); got != 3 {
		t.Fatalf("VerhoeffDigit(236) = %d, want 3", got)
	}
	if !kiosk.VerhoeffValid("2363") || kiosk.VerhoeffValid("2364") {
		t.Fatal("VerhoeffValid disagrees with the textbook example 2363")
	}
}

func issue(t *testing.T, kioskNumber int, at time.Time) kiosk.TrackingCode {
	t.Helper()
	is, err := kiosk.NewIssuer(kioskNumber, &fixedClock{at}, 0)
	if err != nil {
		t.Fatal(err)
	}
	return is.Next()
}

func TestTrackingCodeCatchesEverySingleDigitError(t *testing.T) {
	code := string(issue(t, 4217, time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)))
	for i := range code {
		for d := byte('0'); d <= '9'; d++ {
			if d == code[i] {
				continue
			}
			typo := code[:i] + string(d) + code[i+1:]
			if _, err := kiosk.ParseTrackingCode(typo); err == nil {
				t.Errorf("typo %s of %s accepted", typo, code)
			}
		}
	}
}

func TestTrackingCodeCatchesEveryAdjacentTransposition(t *testing.T) {
	// Exhaustive: every pair of distinct digits at every adjacent position
	// of a real code, the check digit included.
	base := []byte(issue(t, 12, time.Date(2025, 3, 21, 8, 30, 0, 0, time.UTC)))[:15]
	withCheck := func(body []byte) string {
		return string(body) + string(rune('0'+kiosk.VerhoeffDigit(string(body))))
	}
	for i := 0; i < 15; i++ {
		for a := byte('0'); a <= '9'; a++ {
			for b := byte('0'); b <= '9'; b++ {
				body := append([]byte(nil), base...)
				body[i] = a
				if i+1 < 15 {
					body[i+1] = b
				}
				valid := []byte(withCheck(body))
				if valid[i] == valid[i+1] {
					continue
				}
				valid[i], valid[i+1] = valid[i+1], valid[i]
				if kiosk.VerhoeffValid(string(valid)) {
					t.Fatalf("transposition %s at %d accepted", valid, i)
				}
			}
		}
	}
}

func TestParseTrackingCode(t *testing.T) {
	code := issue(t, 99999, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	persian := []rune{}
	for _, r := range code.String() {
		if r >= '0' && r <= '9' {
			r = '۰' + (r - '0')
		}
		persian = append(persian, r)
	}
	tests := []struct {
		name string
		in   string
		ok   bool
	}{
		{"canonical", string(code), true},
		{"grouped with hyphens", code.String(), true},
		{"persian digits", string(persian), true},
		{"spaces", string(code)[:4] + " " + string(code)[4:], true},
		{"too short", string(code)[:15], false},
		{"letters", "ABCD", false},
		{"empty", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := kiosk.ParseTrackingCode(tc.in)
			if tc.ok {
				if err != nil || got != code {
					t.Fatalf("ParseTrackingCode(%q) = %q, %v; want %q", tc.in, got, err, code)
				}
				return
			}
			if !errors.Is(err, kiosk.ErrTrackingCode) {
				t.Fatalf("ParseTrackingCode(%q) error = %v, want ErrTrackingCode", tc.in, err)
			}
		})
	}
}

func TestIssuerIsUniqueAndMonotonic(t *testing.T) {
	clock := &fixedClock{time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}
	is, err := kiosk.NewIssuer(7, clock, 0)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[kiosk.TrackingCode]bool{}
	var last uint64
	for i := 0; i < 1000; i++ {
		if i == 500 {
			clock.t = clock.t.Add(-time.Hour) // the clock jumps back
		}
		c := is.Next()
		if seen[c] {
			t.Fatalf("code %s issued twice", c)
		}
		seen[c] = true
		if c.Serial() <= last {
			t.Fatalf("serial went from %d to %d", last, c.Serial())
		}
		last = c.Serial()
		if c.KioskNumber() != 7 {
			t.Fatalf("kiosk number %d, want 7", c.KioskNumber())
		}
	}
}

func TestIssuerResumesAfterRestart(t *testing.T) {
	clock := &fixedClock{time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}
	first, _ := kiosk.NewIssuer(3, clock, 0)
	a := first.Next()
	// A restart at the same second, told the last stored serial.
	second, _ := kiosk.NewIssuer(3, clock, a.Serial())
	if b := second.Next(); b.Serial() <= a.Serial() {
		t.Fatalf("restarted issuer reused serial %d after %d", b.Serial(), a.Serial())
	}
	// Two kiosks at the same instant never collide.
	other, _ := kiosk.NewIssuer(4, clock, 0)
	if other.Next() == a {
		t.Fatal("two kiosks issued the same code")
	}
}

func TestNewIssuerRejectsKioskNumber(t *testing.T) {
	if _, err := kiosk.NewIssuer(100000, &fixedClock{}, 0); err == nil {
		t.Fatal("kiosk number 100000 accepted")
	}
}
