package gate_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/pishkhan/pishkhan/kiosk/gate"
)

func TestValidatePIN(t *testing.T) {
	tests := []struct {
		pin  string
		want error
	}{
		{"482913", nil},
		{"۴۸۲۹۱۳", nil},              // Persian digits, as a Persian keypad types them
		{"4829 ", gate.ErrPINFormat}, // too short once trimmed
		{"48291", gate.ErrPINFormat},
		{"4829134829134", gate.ErrPINFormat},
		{"48a913", gate.ErrPINFormat},
		{"000000", gate.ErrPINWeak},
		{"123456", gate.ErrPINWeak},
		{"987654", gate.ErrPINWeak},
		{"890123", gate.ErrPINWeak},
	}
	for _, tc := range tests {
		t.Run(tc.pin, func(t *testing.T) {
			err := gate.ValidatePIN(tc.pin)
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("ValidatePIN(%q) = %v, want %v", tc.pin, err, tc.want)
			}
		})
	}
}

func TestHashAndVerifyPIN(t *testing.T) {
	h, err := gate.HashPIN("482913")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q is not a PHC argon2id string with the expected parameters", h)
	}
	if strings.Contains(h, "482913") {
		t.Error("the hash contains the PIN")
	}
	h2, _ := gate.HashPIN("482913")
	if h == h2 {
		t.Error("two hashes of one PIN are equal: no salt")
	}
	tests := []struct {
		pin  string
		want bool
	}{{"482913", true}, {"۴۸۲۹۱۳", true}, {"482914", false}, {"", false}}
	for _, tc := range tests {
		if ok, err := gate.VerifyPIN(h, tc.pin); err != nil || ok != tc.want {
			t.Errorf("VerifyPIN(%q) = %v, %v; want %v", tc.pin, ok, err, tc.want)
		}
	}
	for _, bad := range []string{"", "482913", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=19$m=4194304,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"} {
		if _, err := gate.VerifyPIN(bad, "482913"); !errors.Is(err, gate.ErrPINHash) {
			t.Errorf("VerifyPIN with hash %q: %v, want ErrPINHash", bad, err)
		}
	}
}

func BenchmarkVerifyPIN(b *testing.B) {
	h, _ := gate.HashPIN("482913")
	b.ReportAllocs()
	for b.Loop() {
		if ok, _ := gate.VerifyPIN(h, "482914"); ok {
			b.Fatal("wrong PIN accepted")
		}
	}
}
