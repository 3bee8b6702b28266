package fleet_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/fleet"
)

// series counts the pishkhan_ series m exposes, a histogram's buckets
// (with +Inf), sum and count each as one, as Prometheus stores them.
func series(t *testing.T, m *fleet.Metrics) (int, map[string]int) {
	t.Helper()
	mfs, err := m.Gather()
	if err != nil {
		t.Fatal(err)
	}
	total, by := 0, map[string]int{}
	for _, mf := range mfs {
		if !strings.HasPrefix(mf.GetName(), "pishkhan_") {
			continue
		}
		n := 0
		for _, mm := range mf.GetMetric() {
			if h := mm.GetHistogram(); h != nil {
				n += len(h.GetBucket()) + 3
				continue
			}
			n++
		}
		by[mf.GetName()] = n
		total += n
	}
	return total, by
}

// seriesBound computes, from the catalogue and the package's lists, the
// most series the metrics fed by citizens can ever have: each label's
// known values plus "other" (and "none" for the service), a step only
// among its service's steps and the stages, a field only on its step.
func seriesBound(cat *kiosk.Catalogue) (int, map[string]int) {
	services := len(cat.Services) + 2 // none, other
	stagesOrOther := len(fleet.Stages) + 1
	stepPairs := 2 * stagesOrOther // none and other: stages or other
	fieldTriples := 2 * stagesOrOther
	for _, svc := range cat.Services {
		stepPairs += len(svc.Steps) + stagesOrOther
		fieldTriples += stagesOrOther // a stage or other step: field other
		for _, st := range svc.Steps {
			fieldTriples += len(st.Fields) + 1
		}
	}
	hist := func(buckets []float64) int { return len(buckets) + 3 } // +Inf, sum, count
	outcomes := len(fleet.Outcomes) + 1
	by := map[string]int{
		"pishkhan_sessions_started_total":         1,
		"pishkhan_idle_resets_total":              1,
		"pishkhan_ui_alive_timestamp_seconds":     1,
		"pishkhan_build_info":                     1,
		"pishkhan_service_sessions_started_total": services,
		"pishkhan_sessions_completed_total":       services,
		"pishkhan_sessions_abandoned_total":       stepPairs,
		"pishkhan_satisfaction_answers_total":     services * 6,
		"pishkhan_receipt_print_failures_total":   services * (len(fleet.PrintReasons()) + 1),
		"pishkhan_sync_calls_total":               (len(fleet.SyncCalls) + 1) * (len(fleet.SyncResults) + 1),
		"pishkhan_journeys_total": services * (len(fleet.Channels) + 1) * (len(kiosk.Languages) + 1) *
			(len(kiosk.AccessibilitySegments) + 1) * (len(fleet.Assisted) + 1) * outcomes,
		"pishkhan_journey_exits_total":           stepPairs * (len(fleet.ExitOutcomes) + 1),
		"pishkhan_journey_duration_seconds":      services * outcomes * hist(fleet.JourneyBuckets),
		"pishkhan_journey_step_duration_seconds": stepPairs * hist(fleet.StepBuckets),
		"pishkhan_journey_satisfaction":          services * (len(fleet.SurveyOutcomes) + 1) * hist(fleet.RatingBuckets),
		"pishkhan_journey_stop_reasons_total":    services * (len(kiosk.StopReasons) + 1),
		"pishkhan_journey_refusals_total":        fieldTriples * (len(fleet.RefusalKinds()) + 1),
	}
	total := 0
	for _, n := range by {
		total += n
	}
	return total, by
}

// citizen makes up what a citizen, a bug or a newer kiosk could bring:
// mostly real values, often garbage.
type citizen struct {
	r   *rand.Rand
	cat *kiosk.Catalogue
}

func (c citizen) garbage() string {
	junk := []string{"", "x", "۰۹۱۲۳۴۵۶۷۸۹", "0499370899", "علی رضایی", "DROP TABLE", strings.Repeat("z", 300), "other", "none", "tax ", "TAX", "\x00\xff"}
	if c.r.IntN(3) == 0 {
		return junk[c.r.IntN(len(junk))]
	}
	b := make([]byte, 1+c.r.IntN(12))
	for i := range b {
		b[i] = byte(c.r.IntN(256))
	}
	return string(b)
}

func pick[T any](c citizen, real []T, junk func() T) T {
	if len(real) == 0 || c.r.IntN(5) == 0 {
		return junk()
	}
	return real[c.r.IntN(len(real))]
}

func (c citizen) service() *kiosk.Service {
	if len(c.cat.Services) == 0 || c.r.IntN(6) == 0 {
		return nil
	}
	return &c.cat.Services[c.r.IntN(len(c.cat.Services))]
}

func (c citizen) step(svc *kiosk.Service) (string, []kiosk.Field) {
	if svc != nil && c.r.IntN(2) == 0 {
		st := svc.Steps[c.r.IntN(len(svc.Steps))]
		return st.ID, st.Fields
	}
	if c.r.IntN(2) == 0 {
		return string(fleet.Stages[c.r.IntN(len(fleet.Stages))]), nil
	}
	// A step of another service, or garbage.
	other := c.service()
	if other != nil && c.r.IntN(2) == 0 {
		st := other.Steps[c.r.IntN(len(other.Steps))]
		return st.ID, st.Fields
	}
	return c.garbage(), nil
}

func (c citizen) journey() kiosk.Journey {
	svc := c.service()
	code := c.garbage()
	if svc != nil {
		code = svc.Code
	}
	j := kiosk.Journey{
		Service:      code,
		Channel:      pick(c, fleet.Channels, func() kiosk.Channel { return kiosk.Channel(c.garbage()) }),
		Lang:         pick(c, kiosk.Languages, func() kiosk.Lang { return kiosk.Lang(c.garbage()) }),
		LargeText:    c.r.IntN(2) == 0,
		HighContrast: c.r.IntN(3) == 0,
		Speech:       c.r.IntN(5) == 0,
		AudioOnly:    c.r.IntN(9) == 0,
		Assisted:     c.r.IntN(4) == 0,
		Outcome:      pick(c, fleet.Outcomes, func() kiosk.Outcome { return kiosk.Outcome(c.garbage()) }),
		DurationMS:   c.r.Int64N(4_000_000) - 1000,
		Satisfaction: c.r.IntN(9) - 2,
		StopReason:   pick(c, kiosk.StopReasons, func() kiosk.StopReason { return kiosk.StopReason(c.garbage()) }),
	}
	j.ExitStep, _ = c.step(svc)
	for range c.r.IntN(12) {
		name, _ := c.step(svc)
		st := kiosk.JourneyStep{Stage: kiosk.StageForm, Step: name, EnteredMS: c.r.Int64N(100_000)}
		if c.r.IntN(3) == 0 {
			st = kiosk.JourneyStep{Stage: kiosk.Stage(name)}
		}
		st.LeftMS = st.EnteredMS + c.r.Int64N(700_000) - 1000
		j.Steps = append(j.Steps, st)
	}
	kinds := fleet.RefusalKinds()
	for range c.r.IntN(6) {
		step, fields := c.step(svc)
		field := c.garbage()
		if len(fields) > 0 && c.r.IntN(4) > 0 {
			field = fields[c.r.IntN(len(fields))].ID
		}
		j.Refusals = append(j.Refusals, kiosk.Refusal{Step: step, Field: field, Kind: pick(c, kinds, c.garbage)})
	}
	return j
}

func (c citizen) event() kiosk.Event {
	kinds := []kiosk.EventKind{kiosk.EventSessionStarted, kiosk.EventServiceStarted, kiosk.EventSessionCompleted,
		kiosk.EventSessionAbandoned, kiosk.EventIdleReset, kiosk.EventSatisfaction, kiosk.EventPrintFailed}
	svc := c.service()
	e := kiosk.Event{Kind: kinds[c.r.IntN(len(kinds))], Service: c.garbage(), Value: c.garbage()}
	if svc != nil {
		e.Service = svc.Code
	}
	e.Step, _ = c.step(svc)
	switch c.r.IntN(3) {
	case 0:
		e.Value = []string{"1", "2", "3", "4", "5", "05", "+5", "6"}[c.r.IntN(8)]
	case 1:
		keys := kiosk.MessageKeys()
		e.Value = keys[c.r.IntN(len(keys))]
	}
	return e
}

// TestSeriesStayBoundedWhateverCitizensDo feeds, twice, ten thousand
// journeys, events and sync calls made of real values and garbage
// (unknown services, steps of other services, fields typed as IDs,
// personal-looking strings, invalid UTF-8) and checks the number of
// series never exceeds the bound computed from the catalogue, for the
// whole and for each metric; feeding the same garbage again adds none.
func TestSeriesStayBoundedWhateverCitizensDo(t *testing.T) {
	cat := kiosk.DefaultCatalogue()
	bound, boundBy := seriesBound(cat)
	t.Logf("bound: %d series (%d services)", bound, len(cat.Services))
	for _, info := range []fleet.Info{{}, {Channel: kiosk.ChannelTV, Langs: kiosk.Languages}} {
		m := fleet.New(info, cat, fleet.Sources{})
		c := citizen{r: rand.New(rand.NewPCG(16, uint64(len(info.Langs)))), cat: cat}
		check := func(after string) int {
			t.Helper()
			n, by := series(t, m)
			if n > bound {
				t.Fatalf("after %s: %d series, bound %d", after, n, bound)
			}
			for name, k := range by {
				b, ok := boundBy[name]
				if !ok {
					t.Fatalf("metric %s has no bound in this test: add it", name)
				}
				if k > b {
					t.Fatalf("after %s: %s has %d series, bound %d", after, name, k, b)
				}
			}
			return n
		}
		n := check("start")
		for round := range 5 {
			for range 2000 {
				m.Journey(c.journey())
				m.Event(c.event())
				m.SyncCall(pick(c, fleet.SyncCalls, c.garbage), pick(c, fleet.SyncResults, c.garbage))
			}
			n = check("round " + string(rune('0'+round)))
		}
		t.Logf("info %+v: %d series after 10,000 journeys (bound %d)", info, n, bound)
		if n < bound/20 {
			t.Errorf("only %d series of %d possible: the random input does not reach the labels", n, bound)
		}

		// The same garbage again: every value is one seen, so no new
		// series.
		garbage := citizen{r: rand.New(rand.NewPCG(99, 1)), cat: &kiosk.Catalogue{}}
		var js []kiosk.Journey
		for range 2000 {
			j := garbage.journey()
			js = append(js, j)
		}
		for _, j := range js {
			m.Journey(j)
		}
		before := check("garbage")
		for _, j := range js {
			m.Journey(j)
		}
		if after := check("the same garbage again"); after != before {
			t.Errorf("the same journeys again grew the series from %d to %d", before, after)
		}
	}
}

// labels returns the label sets of family name with a non-zero value.
func labels(t *testing.T, m *fleet.Metrics, name string) []map[string]string {
	t.Helper()
	mfs, err := m.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, mm := range mf.GetMetric() {
			if value(mm) == 0 {
				continue
			}
			ls := map[string]string{}
			for _, lp := range mm.GetLabel() {
				ls[lp.GetName()] = lp.GetValue()
			}
			out = append(out, ls)
		}
	}
	return out
}

func value(mm *dto.Metric) float64 {
	switch {
	case mm.GetCounter() != nil:
		return mm.GetCounter().GetValue()
	case mm.GetHistogram() != nil:
		return float64(mm.GetHistogram().GetSampleCount())
	}
	return mm.GetGauge().GetValue()
}

func TestJourneyLabels(t *testing.T) {
	cat := kiosk.DefaultCatalogue()
	tax, _ := cat.Service("tax")
	step := tax.Steps[0]
	field := step.Fields[0].ID
	library, _ := cat.Service("library")
	tests := []struct {
		name    string
		journey kiosk.Journey
		family  string
		want    map[string]string
	}{
		{"segment of a submitted journey", kiosk.Journey{Service: "tax", Channel: kiosk.ChannelTV, Lang: kiosk.English, LargeText: true,
			HighContrast: true, Assisted: true, Outcome: kiosk.OutcomeSubmitted},
			"pishkhan_journeys_total", map[string]string{"service": "tax", "channel": "tv", "lang": "en",
				"accessibility": kiosk.A11yLargeContrast, "assisted": "assisted", "outcome": "submitted"}},
		{"garbage segment", kiosk.Journey{Service: "0499370899", Channel: "phone", Lang: "de", Outcome: "exploded"},
			"pishkhan_journeys_total", map[string]string{"service": "other", "channel": "other", "lang": "other",
				"accessibility": kiosk.A11yNone, "assisted": "self", "outcome": "other"}},
		{"no service chosen", kiosk.Journey{Channel: kiosk.ChannelKiosk, Lang: kiosk.Persian, Outcome: kiosk.OutcomeIdle, ExitStep: "language"},
			"pishkhan_journey_exits_total", map[string]string{"service": "none", "step": "language", "outcome": "idle"}},
		{"exit on a form step", kiosk.Journey{Service: "tax", Outcome: kiosk.OutcomeCancelled, ExitStep: step.ID},
			"pishkhan_journey_exits_total", map[string]string{"service": "tax", "step": step.ID, "outcome": "cancelled"}},
		{"exit on another service's step", kiosk.Journey{Service: "tax", Outcome: kiosk.OutcomeCancelled, ExitStep: library.Steps[len(library.Steps)-1].ID},
			"pishkhan_journey_exits_total", map[string]string{"service": "tax", "step": "other", "outcome": "cancelled"}},
		{"satisfaction after a cancel", kiosk.Journey{Service: "tax", Outcome: kiosk.OutcomeCancelled, Satisfaction: 2},
			"pishkhan_journey_satisfaction", map[string]string{"service": "tax", "outcome": "cancelled"}},
		{"stop reason", kiosk.Journey{Service: "tax", Outcome: kiosk.OutcomeCancelled, StopReason: kiosk.StopMissingDocument},
			"pishkhan_journey_stop_reasons_total", map[string]string{"service": "tax", "reason": "missing-document"}},
		{"unknown stop reason", kiosk.Journey{Service: "tax", Outcome: kiosk.OutcomeCancelled, StopReason: "my husband said so"},
			"pishkhan_journey_stop_reasons_total", map[string]string{"service": "tax", "reason": "other"}},
		{"refusal", kiosk.Journey{Service: "tax", Outcome: kiosk.OutcomeSubmitted, Refusals: []kiosk.Refusal{{Step: step.ID, Field: field, Kind: "error.national_code"}}},
			"pishkhan_journey_refusals_total", map[string]string{"service": "tax", "step": step.ID, "field": field, "kind": "error.national_code"}},
		{"refusal of a field not on the step, of an unknown kind", kiosk.Journey{Service: "tax", Outcome: kiosk.OutcomeSubmitted,
			Refusals: []kiosk.Refusal{{Step: step.ID, Field: "09121234567", Kind: "error.0499370899"}}},
			"pishkhan_journey_refusals_total", map[string]string{"service": "tax", "step": step.ID, "field": "other", "kind": "other"}},
		{"step duration", kiosk.Journey{Service: "tax", Outcome: kiosk.OutcomeSubmitted, Steps: []kiosk.JourneyStep{
			{Stage: kiosk.StageForm, Step: step.ID, EnteredMS: 1000, LeftMS: 31000}}},
			"pishkhan_journey_step_duration_seconds", map[string]string{"service": "tax", "step": step.ID}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := fleet.New(fleet.Info{}, cat, fleet.Sources{})
			m.Journey(tc.journey)
			got := labels(t, m, tc.family)
			if len(got) != 1 {
				t.Fatalf("%s: %d series counted, want 1: %v", tc.family, len(got), got)
			}
			for k, v := range tc.want {
				if got[0][k] != v {
					t.Errorf("%s{%s} = %q, want %q (all: %v)", tc.family, k, got[0][k], v, got[0])
				}
			}
		})
	}
}

// TestSubmittedJourneyLeavesNoExit: the exit step is counted only for
// journeys that were not submitted, and the journey's duration and
// satisfaction land in their buckets.
func TestSubmittedJourneyLeavesNoExit(t *testing.T) {
	m := fleet.New(fleet.Info{}, kiosk.DefaultCatalogue(), fleet.Sources{})
	m.Journey(kiosk.Journey{Service: "tax", Outcome: kiosk.OutcomeSubmitted, ExitStep: "thanks", DurationMS: 95_000, Satisfaction: 4})
	if got := labels(t, m, "pishkhan_journey_exits_total"); len(got) != 0 {
		t.Errorf("a submitted journey counted as an exit: %v", got)
	}
	mfs, _ := m.Gather()
	for _, mf := range mfs {
		for _, mm := range mf.GetMetric() {
			h := mm.GetHistogram()
			if h == nil || h.GetSampleCount() == 0 {
				continue
			}
			switch mf.GetName() {
			case "pishkhan_journey_duration_seconds":
				if h.GetSampleSum() != 95 {
					t.Errorf("duration sum %v, want 95", h.GetSampleSum())
				}
				for _, b := range h.GetBucket() {
					if want := uint64(0); b.GetUpperBound() < 95 && b.GetCumulativeCount() != want {
						t.Errorf("95 s counted in bucket le=%v", b.GetUpperBound())
					}
				}
			case "pishkhan_journey_satisfaction":
				if h.GetSampleSum() != 4 {
					t.Errorf("satisfaction sum %v, want 4", h.GetSampleSum())
				}
			}
		}
	}
}

// TestPrecreatedSeries: the plain segment's journeys, the time and
// satisfaction of journeys submitted and cancelled, the time on form
// steps and the stop reasons exist at zero from the start, so that a device's first journey shows
// in rates.
func TestPrecreatedSeries(t *testing.T) {
	cat := kiosk.DefaultCatalogue()
	m := fleet.New(fleet.Info{Channel: kiosk.ChannelTV, Langs: []kiosk.Lang{kiosk.Persian}}, cat, fleet.Sources{})
	_, by := series(t, m)
	if want := len(cat.Services) * len(fleet.Outcomes); by["pishkhan_journeys_total"] != want {
		t.Errorf("%d journeys series at start, want %d", by["pishkhan_journeys_total"], want)
	}
	if want := len(cat.Services) * len(fleet.SurveyOutcomes) * (len(fleet.RatingBuckets) + 3); by["pishkhan_journey_satisfaction"] != want {
		t.Errorf("%d satisfaction series at start, want %d", by["pishkhan_journey_satisfaction"], want)
	}
	steps := 0
	for _, svc := range cat.Services {
		steps += len(svc.Steps)
	}
	if want := steps * (len(fleet.StepBuckets) + 3); by["pishkhan_journey_step_duration_seconds"] != want {
		t.Errorf("%d step duration series at start, want %d", by["pishkhan_journey_step_duration_seconds"], want)
	}
	if want := len(cat.Services) * len(fleet.SurveyOutcomes) * (len(fleet.JourneyBuckets) + 3); by["pishkhan_journey_duration_seconds"] != want {
		t.Errorf("%d journey duration series at start, want %d", by["pishkhan_journey_duration_seconds"], want)
	}
	n, _ := series(t, m)
	t.Logf("%d series at start", n)
	if want := len(cat.Services) * len(kiosk.StopReasons); by["pishkhan_journey_stop_reasons_total"] != want {
		t.Errorf("%d stop reason series at start, want %d", by["pishkhan_journey_stop_reasons_total"], want)
	}
}
