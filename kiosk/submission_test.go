package kiosk_test

import (
	"testing"

	"github.com/pishkhan/pishkhan/kiosk"
)

func TestParseSubmissionID(t *testing.T) {
	fresh, err := kiosk.NewSubmissionID()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, in, want string
		ok             bool
	}{
		{"a new ID", fresh, fresh, true},
		{"upper case", "0190C8A4-5B6E-7C3D-8E9F-0A1B2C3D4E5F", "0190c8a4-5b6e-7c3d-8e9f-0a1b2c3d4e5f", true},
		{"a UUIDv4 does not sort by time", "9b2f3c1e-8a4d-4e6f-9a0b-1c2d3e4f5a6b", "", false},
		{"without hyphens", "0190c8a45b6e7c3d8e9f0a1b2c3d4e5f", "", false},
		{"in braces", "{0190c8a4-5b6e-7c3d-8e9f-0a1b2c3d4e5f}", "", false},
		{"empty", "", "", false},
		{"a tracking code", "0000100000000019", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := kiosk.ParseSubmissionID(tc.in)
			if (err == nil) != tc.ok || got != tc.want {
				t.Errorf("ParseSubmissionID(%q) = %q, %v; want %q, ok %v", tc.in, got, err, tc.want, tc.ok)
			}
		})
	}
}
