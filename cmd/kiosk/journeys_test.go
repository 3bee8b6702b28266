package main

import (
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/offline/journeys"
)

// TestApplianceKeepsJourneys checks the wiring: a session's journey goes
// to the data directory's journeys.db, which the appliance closes on
// shutdown so kioskctl can read it.
func TestApplianceKeepsJourneys(t *testing.T) {
	dir := t.TempDir()
	test.NewTempApp(t)
	clock := &stepClock{time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}
	a, err := assemble(Options{DataDir: dir, ConfigPath: filepath.Join(dir, "config.yaml")}, clock, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	a.session.Start()
	a.session.ChooseLanguage(kiosk.English)
	a.session.ChooseService("library")
	clock.t = clock.t.Add(7 * time.Second)
	a.session.Cancel()
	a.session.ChooseStopReason(kiosk.StopWrongService) // the survey after the cancel
	a.session.SendSurvey()
	a.session.Finish()
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	s, err := journeys.Open(dir, journeys.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var got []kiosk.Journey
	if err := s.List(time.Time{}, func(j kiosk.Journey) error { got = append(got, j); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("%d journeys stored, want 1", len(got))
	}
	j := got[0]
	if j.Outcome != kiosk.OutcomeCancelled || j.ExitStep != "intro" || j.Service != "library" || j.DurationMS != 7000 ||
		j.StopReason != kiosk.StopWrongService ||
		j.Channel != kiosk.ChannelKiosk || j.DeviceID == "" || j.Site == "" {
		t.Fatalf("journey %+v", j)
	}
}
