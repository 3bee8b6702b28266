package journeys_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/offline/journeys"
)

func TestExport(t *testing.T) {
	s := open(t, t.TempDir(), journeys.Options{Clock: clockFunc(func() time.Time { return base.Add(48 * time.Hour) })})
	defer s.Close()
	odd := journey("C", 30)
	odd.Site = "=HYPERLINK(1)"
	for _, j := range []kiosk.Journey{journey("A", 0), journey("B", 24), odd} {
		s.Record(j)
	}
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		since  time.Time
		format string
		check  func(t *testing.T, out string)
	}{
		{"jsonl, all", time.Time{}, journeys.FormatJSONL, func(t *testing.T, out string) {
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if len(lines) != 3 {
				t.Fatalf("%d lines, want 3:\n%s", len(lines), out)
			}
			var j kiosk.Journey
			if err := json.Unmarshal([]byte(lines[0]), &j); err != nil || j.ID != "A" || len(j.Steps) != 3 || j.Refusals[0].Field != "mobile" {
				t.Fatalf("first line %s: %+v, %v", lines[0], j, err)
			}
		}},
		{"jsonl, since a time within an hour", base.Add(24*time.Hour + 20*time.Minute), journeys.FormatJSONL, func(t *testing.T, out string) {
			if n := strings.Count(out, "\n"); n != 2 {
				t.Fatalf("%d journeys since hour 24, want 2:\n%s", n, out)
			}
		}},
		{"csv", time.Time{}, journeys.FormatCSV, func(t *testing.T, out string) {
			rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 4 || strings.Join(rows[0], ",") != strings.Join(journeys.CSVHeader, ",") {
				t.Fatalf("rows %v", rows)
			}
			row := map[string]string{}
			for i, h := range rows[0] {
				row[h] = rows[1][i]
			}
			want := map[string]string{
				"id": "A", "started": "2026-11-26T10:00:00Z", "outcome": "idle", "exit_step": "review",
				"steps": "language:2000>taxpayer:58000>review:33000", "refusals": "taxpayer/mobile:error.mobile",
				"large_text": "true", "assisted": "false", "service": "tax", "backs": "1",
			}
			for k, v := range want {
				if row[k] != v {
					t.Errorf("%s = %q, want %q", k, row[k], v)
				}
			}
			if site := rows[3][4]; site != "'=HYPERLINK(1)" {
				t.Errorf("site %q read as a formula", site)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := s.Export(&buf, tc.since, tc.format); err != nil {
				t.Fatal(err)
			}
			tc.check(t, buf.String())
		})
	}
	if err := s.Export(&bytes.Buffer{}, time.Time{}, "xml"); err == nil || !strings.Contains(err.Error(), "xml") {
		t.Fatalf("unknown format: %v", err)
	}
}
