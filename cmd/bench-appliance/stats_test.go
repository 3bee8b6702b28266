package main

import "testing"

func TestSample(t *testing.T) {
	tests := []struct {
		name             string
		s                sample
		median, p95, low float64
	}{
		{"odd", sample{3, 1, 2}, 2, 3, 1},
		{"even", sample{4, 1, 3, 2}, 2.5, 4, 1},
		{"twenty", sample{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 100}, 10.5, 19, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.s.median(); got != tt.median {
				t.Errorf("median = %v, want %v", got, tt.median)
			}
			if got := tt.s.quantile(0.95); got != tt.p95 {
				t.Errorf("p95 = %v, want %v", got, tt.p95)
			}
			if got := tt.s.min(); got != tt.low {
				t.Errorf("min = %v, want %v", got, tt.low)
			}
		})
	}
}

func TestHasContentAndChanged(t *testing.T) {
	blank := make(frame, 64*64*4)
	drawn := make(frame, 64*64*4)
	for i := 0; i < len(drawn); i += 4 {
		v := uint8(i / 4 % 251)
		drawn[i], drawn[i+1], drawn[i+2] = v, 255-v, v/2
	}
	if hasContent(blank) {
		t.Error("a black screen has content")
	}
	if !hasContent(drawn) {
		t.Error("a screen of many colours has no content")
	}
	if got := changedPixels(blank, blank); got != 0 {
		t.Errorf("changedPixels(same) = %v", got)
	}
	if got := changedPixels(blank, drawn); got < 64*64/2 {
		t.Errorf("changedPixels(blank, drawn) = %v, want most of %d", got, 64*64)
	}
}
