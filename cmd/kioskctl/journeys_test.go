package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/offline/journeys"
)

// journeysDir is a data directory holding two journeys: one from three
// hours ago, one from three days ago.
func journeysDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	s, err := journeys.Open(dir, journeys.Options{})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	for _, j := range []kiosk.Journey{
		{ID: "RECENT", Started: now.Add(-3 * time.Hour).Truncate(time.Hour), Service: "tax", Outcome: kiosk.OutcomeSubmitted, ExitStep: "thanks",
			Steps: []kiosk.JourneyStep{{Stage: kiosk.StageForm, Step: "taxpayer", LeftMS: 4000}}},
		{ID: "OLDER", Started: now.AddDate(0, 0, -3).Truncate(time.Hour), Service: "library", Outcome: kiosk.OutcomeIdle, ExitStep: "intro"},
	} {
		s.Record(j)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestJourneysExport(t *testing.T) {
	dir := journeysDir(t)
	tests := []struct {
		name     string
		args     []string
		code     int
		stdout   []string // lines, in order
		stderrIn string
	}{
		{"jsonl, all", []string{"export", "-data", dir}, 0, []string{`{"id":"OLDER"`, `{"id":"RECENT"`}, ""},
		{"jsonl since a day", []string{"export", "-data", dir, "--since", "1d"}, 0, []string{`{"id":"RECENT"`}, ""},
		{"csv since 30d", []string{"export", "-data", dir, "--since", "30d", "--format", "csv"}, 0,
			[]string{"id,started,", "OLDER,", "RECENT,"}, ""},
		{"csv since a date", []string{"export", "-data", dir, "--since", time.Now().UTC().AddDate(0, 0, -2).Format(time.DateOnly), "--format", "csv"}, 0,
			[]string{"id,started,", "RECENT,"}, ""},
		{"unknown format", []string{"export", "-data", dir, "--format", "xml"}, 2, nil, "jsonl or csv"},
		{"bad since", []string{"export", "-data", dir, "--since", "last week"}, 2, nil, "such as 30d"},
		{"no journeys there", []string{"export", "-data", t.TempDir()}, 1, nil, "no journeys in"},
		{"unknown command", []string{"report"}, 2, nil, "unknown command"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(append([]string{"journeys"}, tc.args...), &stdout, &stderr)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tc.code, stderr.String())
			}
			if !strings.Contains(stderr.String(), tc.stderrIn) {
				t.Errorf("stderr %q does not say %q", stderr.String(), tc.stderrIn)
			}
			if tc.stdout == nil {
				return
			}
			lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
			if stdout.Len() == 0 {
				lines = nil
			}
			if len(lines) != len(tc.stdout) {
				t.Fatalf("%d lines, want %d:\n%s", len(lines), len(tc.stdout), stdout.String())
			}
			for i, want := range tc.stdout {
				if !strings.HasPrefix(lines[i], want) {
					t.Errorf("line %d %q, want it to start with %q", i, lines[i], want)
				}
			}
		})
	}
}

func TestJourneysExportWhileTheKioskHoldsThem(t *testing.T) {
	dir := journeysDir(t)
	s, err := journeys.Open(dir, journeys.Options{}) // the running kiosk
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"journeys", "export", "-data", dir}, &stdout, &stderr); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if !strings.Contains(stderr.String(), "the kiosk is running") || !strings.Contains(stderr.String(), "systemctl stop") {
		t.Fatalf("stderr %q does not say to stop the kiosk", stderr.String())
	}
}

func TestParseSince(t *testing.T) {
	now := time.Date(2026, 11, 26, 10, 30, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"30d", time.Date(2026, 10, 27, 10, 30, 0, 0, time.UTC), true},
		{"12h", time.Date(2026, 11, 25, 22, 30, 0, 0, time.UTC), true},
		{"0d", now, true},
		{"2026-11-01", time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), true},
		{"-3d", time.Time{}, false},
		{"-1h", time.Time{}, false},
		{"yesterday", time.Time{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := parseSince(tc.in, now)
			if (err == nil) != tc.ok || !got.Equal(tc.want) {
				t.Fatalf("parseSince(%q) = %v, %v; want %v ok=%v", tc.in, got, err, tc.want, tc.ok)
			}
		})
	}
}
