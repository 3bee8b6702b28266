package offline

import (
	"bytes"
	"errors"
	"testing"
)

func TestSealBindsTheSubmission(t *testing.T) {
	s, err := newSealer(bytes.Repeat([]byte{1}, KeySize))
	if err != nil {
		t.Fatal(err)
	}
	answers := map[string]string{"national_code": "0499370899"}
	sealed, err := s.seal("id-A", answers)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte("0499370899")) {
		t.Fatal("the sealed bytes hold the plain text")
	}
	again, _ := s.seal("id-A", answers)
	if bytes.Equal(sealed, again) {
		t.Error("two seals of the same answers are equal: the nonce is not fresh")
	}
	var got map[string]string
	if err := s.open("id-A", sealed, &got); err != nil || got["national_code"] != "0499370899" {
		t.Fatalf("open = %v, %v", got, err)
	}
	other, _ := newSealer(bytes.Repeat([]byte{2}, KeySize))
	tampered := bytes.Clone(sealed)
	tampered[len(tampered)-1] ^= 1
	tests := []struct {
		name   string
		s      *sealer
		id     string
		sealed []byte
	}{
		{"moved to another submission", s, "id-B", sealed},
		{"another device key", other, "id-A", sealed},
		{"tampered", s, "id-A", tampered},
		{"truncated", s, "id-A", sealed[:5]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v map[string]string
			err := tt.s.open(tt.id, tt.sealed, &v)
			if err == nil {
				t.Fatalf("opened: %v", v)
			}
			if tt.name != "truncated" && !errors.Is(err, ErrWrongKey) {
				t.Errorf("error %v does not say the key or binding is wrong", err)
			}
		})
	}
}
