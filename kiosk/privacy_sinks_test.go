package kiosk_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/fleet"
	"github.com/pishkhan/pishkhan/kiosk/report"
	"github.com/pishkhan/pishkhan/offline/journeys"
)

// TestNoAnswerReachesAnyJourneySink fills every service as its scenarios
// do and follows the journeys wherever they go: the journeys database
// (its file, byte for byte), both exports, the report in every form and
// language, and the fleet metrics. None holds anything the citizen typed,
// in any digit script, nor a submission's ID or tracking code, so a
// journey cannot be joined to a request (issue 16's privacy check).
func TestNoAnswerReachesAnyJourneySink(t *testing.T) {
	var all []kiosk.Journey
	secrets := map[string]bool{}
	for _, sc := range formScenarios {
		var got []kiosk.Journey
		s, out, _ := newFormSessionWith(t, func(j kiosk.Journey) { got = append(got, j) })
		fillForm(t, s, sc, "", "")
		svc := s.State().Service
		s.ConfirmReview()
		s.Submit(context.Background())
		st := s.State()
		s.Finish()
		if len(got) != 1 || len(out.stored) != 1 || st.Receipt == nil {
			t.Fatalf("%s/%s: %d journeys, %d stored", sc.service, sc.name, len(got), len(out.stored))
		}
		sub := out.stored[0]
		secrets[sub.ID] = true
		secrets[string(st.Receipt.TrackingCode)] = true
		for id, v := range sub.Answers {
			f, _ := svc.Field(id)
			switch f.Type {
			case kiosk.FieldChoice, kiosk.FieldMultiChoice, kiosk.FieldYesNo, kiosk.FieldConsent:
				continue // a choice's value is the catalogue's word, not the citizen's
			}
			if len([]rune(v)) < 4 || sessionDay(v) {
				continue
			}
			for _, w := range inEveryDigitScript(v) {
				secrets[w] = true
			}
		}
		all = append(all, got...)
	}
	if len(secrets) < 2*len(formScenarios) {
		t.Fatalf("only %d secrets gathered from %d scenarios", len(secrets), len(formScenarios))
	}

	sinks := map[string][]byte{}

	dir := t.TempDir()
	store, err := journeys.Open(dir, journeys.Options{Clock: formsClock{formsNow}})
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range all {
		store.Record(j)
	}
	if err := store.Flush(); err != nil {
		t.Fatal(err)
	}
	// Long before any journey, and a day no answer gives: the report
	// names the day it starts from.
	since := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, format := range []string{journeys.FormatJSONL, journeys.FormatCSV} {
		var b bytes.Buffer
		if err := store.Export(&b, since, format); err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(b.String(), "\n"); n < len(all) {
			t.Fatalf("the %s export has %d lines for %d journeys", format, n, len(all))
		}
		sinks["export "+format] = b.Bytes()
	}
	path := store.Path()
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}
	if sinks["journeys.db"], err = os.ReadFile(path); err != nil {
		t.Fatal(err)
	}

	cat := kiosk.DefaultCatalogue()
	rep := report.Compute(all, since, 1) // every figure shown, none suppressed
	for _, l := range []kiosk.Lang{kiosk.Persian, kiosk.English} {
		var text, html bytes.Buffer
		if err := report.Text(&text, rep, l, cat); err != nil {
			t.Fatal(err)
		}
		if err := report.HTML(&html, rep, l, cat); err != nil {
			t.Fatal(err)
		}
		sinks["report text "+string(l)] = text.Bytes()
		sinks["report html "+string(l)] = html.Bytes()
	}
	var js bytes.Buffer
	if err := report.JSON(&js, rep); err != nil {
		t.Fatal(err)
	}
	sinks["report json"] = js.Bytes()

	m := fleet.New(fleet.Info{Channel: kiosk.ChannelKiosk, Langs: kiosk.Languages}, cat, fleet.Sources{})
	for _, j := range all {
		m.Journey(j)
	}
	mfs, err := m.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var prom bytes.Buffer
	for _, mf := range mfs {
		if _, err := expfmt.MetricFamilyToText(&prom, mf); err != nil {
			t.Fatal(err)
		}
	}
	sinks["metrics"] = prom.Bytes()

	for name, data := range sinks {
		if len(data) == 0 {
			t.Errorf("%s is empty", name)
		}
		for v := range secrets {
			if bytes.Contains(data, []byte(v)) {
				t.Errorf("%s holds %q", name, v)
			}
		}
	}
	if !strings.Contains(string(sinks["metrics"]), `pishkhan_journeys_total{`) {
		t.Error("the metrics counted no journey: the check above proves nothing")
	}
}

// inEveryDigitScript returns v with its ASCII digits also written in
// Persian and in Arabic-Indic digits.
func inEveryDigitScript(v string) []string {
	out := []string{v}
	for _, d := range [][]rune{[]rune("۰۱۲۳۴۵۶۷۸۹"), []rune("٠١٢٣٤٥٦٧٨٩")} {
		out = append(out, strings.Map(func(c rune) rune {
			if c >= '0' && c <= '9' {
				return d[c-'0']
			}
			return c
		}, v))
	}
	return out
}
