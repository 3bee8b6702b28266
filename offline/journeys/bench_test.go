package journeys_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/offline/journeys"
)

// BenchmarkRecord measures what recording costs the UI thread (ns per
// Record, and how many were dropped because the writer fell behind), and
// what storing costs the device (ns per journey committed, batched as the
// writer batches).
func BenchmarkRecord(b *testing.B) {
	b.Run("ui", func(b *testing.B) {
		s, err := journeys.Open(b.TempDir(), journeys.Options{})
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		// One ID: what is measured is the queueing, not making IDs.
		j := journey("bench", 0)
		n := 0
		for b.Loop() {
			n++
			s.Record(j)
		}
		b.ReportMetric(float64(s.Dropped())/float64(n), "dropped/op")
	})
	for _, batch := range []int{1, 64} {
		b.Run(fmt.Sprintf("stored/batch=%d", batch), func(b *testing.B) {
			s, err := journeys.Open(b.TempDir(), journeys.Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			j := journey("bench", 0)
			n := 0
			start := time.Now()
			for b.Loop() {
				j.ID = fmt.Sprint("b", n)
				n++
				s.Record(j)
				if n%batch == 0 {
					if err := s.Flush(); err != nil {
						b.Fatal(err)
					}
				}
			}
			if err := s.Flush(); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(n), "ns/journey-stored")
			b.ReportMetric(float64(s.Dropped()), "dropped")
		})
	}
}
