package main

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// sample is a set of measurements of one figure.
type sample []float64

func (s sample) sorted() []float64 { c := slices.Clone(s); slices.Sort(c); return c }

// median is the middle value (the mean of the two middle ones).
func (s sample) median() float64 {
	c := s.sorted()
	if len(c) == 0 {
		return math.NaN()
	}
	if len(c)%2 == 1 {
		return c[len(c)/2]
	}
	return (c[len(c)/2-1] + c[len(c)/2]) / 2
}

// quantile is the nearest-rank q-quantile (0 < q ≤ 1).
func (s sample) quantile(q float64) float64 {
	c := s.sorted()
	if len(c) == 0 {
		return math.NaN()
	}
	i := int(math.Ceil(q*float64(len(c)))) - 1
	return c[max(0, min(i, len(c)-1))]
}

func (s sample) min() float64 { return s.quantile(0) }
func (s sample) max() float64 { return s.quantile(1) }

// seconds formats a sample of durations (in seconds) as "median (min–max)".
func (s sample) seconds() string {
	if len(s) == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f s (%.2f–%.2f)", s.median(), s.min(), s.max())
}

// megabytes formats a sample of byte counts as "median (min–max)" in MB.
func (s sample) megabytes() string {
	if len(s) == 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f MB (%.0f–%.0f)", s.median()/1e6, s.min()/1e6, s.max()/1e6)
}

// ratio formats a/b as a ratio of medians.
func ratio(a, b sample) string {
	if len(a) == 0 || len(b) == 0 || b.median() == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f", a.median()/b.median())
}

func secs(d time.Duration) float64 { return d.Seconds() }
