package report_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/report"
)

// journeys makes n journeys of service, each shaped by set (may be nil).
func journeys(service string, n int, set func(i int, j *kiosk.Journey)) []kiosk.Journey {
	out := make([]kiosk.Journey, n)
	for i := range out {
		j := kiosk.Journey{
			ID: fmt.Sprintf("%s-%d", service, i), Service: service, Channel: kiosk.ChannelKiosk, Lang: kiosk.Persian,
			Outcome: kiosk.OutcomeCancelled, ExitStep: "intro",
		}
		if set != nil {
			set(i, &j)
		}
		out[i] = j
	}
	return out
}

// submitted makes j a journey that reached its receipt after ms.
func submitted(j *kiosk.Journey, ms int64) {
	j.Outcome = kiosk.OutcomeSubmitted
	j.ExitStep = "thanks"
	j.Steps = []kiosk.JourneyStep{
		{Stage: kiosk.StageIntro, LeftMS: 1000},
		{Stage: kiosk.StageForm, Step: "taxpayer", EnteredMS: 1000, LeftMS: ms - 1000},
		{Stage: kiosk.StageReview, EnteredMS: ms - 1000, LeftMS: ms},
		{Stage: kiosk.StageReceipt, EnteredMS: ms, LeftMS: ms + 5000},
		{Stage: kiosk.StageSurvey, EnteredMS: ms + 5000, LeftMS: ms + 9000},
	}
	j.DurationMS = ms + 9000
}

func service(t *testing.T, r report.Report, code string) report.Service {
	t.Helper()
	for _, s := range r.Services {
		if s.Code == code {
			return s
		}
	}
	t.Fatalf("no service %q in the report", code)
	return report.Service{}
}

func segment(t *testing.T, g report.Group, dim, value string) report.Segment {
	t.Helper()
	for _, s := range g.Segments {
		if s.Dimension == dim && s.Value == value {
			return s
		}
	}
	t.Fatalf("no segment %s=%s", dim, value)
	return report.Segment{}
}

func TestFigures(t *testing.T) {
	// 24 tax journeys: 12 submitted in 10s, 20s … 120s (the 4th and 8th
	// assisted); 12 not: 7 cancelled at "taxpayer", 5 idle at "intro".
	tax := journeys("tax", 24, func(i int, j *kiosk.Journey) {
		switch {
		case i < 12:
			submitted(j, int64(i+1)*10000)
			j.Assisted = i == 3 || i == 7
			j.Satisfaction = 1 + i%5 // 1..5, 1..5, 1, 2
		case i < 19:
			j.ExitStep = "taxpayer"
			j.Satisfaction = 2
			j.StopReason = kiosk.StopTooLong
			if i == 18 {
				j.StopReason = kiosk.StopMissingDocument
			}
		default:
			j.Outcome = kiosk.OutcomeIdle
			j.Satisfaction = 5 // an idle session cannot have answered; ignored
			j.StopReason = kiosk.StopLater
		}
		j.Refusals = []kiosk.Refusal{{Step: "taxpayer", Field: "mobile", Kind: "error.mobile"}}
		if i%2 == 0 {
			j.Refusals = append(j.Refusals, kiosk.Refusal{Step: "taxpayer", Field: "national_code", Kind: "error.required"})
		}
	})
	r := report.Compute(tax, time.Time{}, 0)
	s := service(t, r, "tax")
	if s.Suppressed || s.Figures == nil {
		t.Fatal("24 sessions suppressed")
	}
	f := s.Figures
	tests := []struct {
		name      string
		got, want any
	}{
		{"sessions", f.Sessions, 24},
		{"completed", f.Completed, 12},
		{"completion rate", f.CompletionRate, 0.5},
		{"times measured", f.Time.N, 12},
		{"median: nearest rank, to the receipt", f.Time.MedianMS, int64(60000)},
		{"90th percentile", f.Time.P90MS, int64(110000)},
		{"give up: of the 12 not submitted", f.GiveUp.N, 12},
		{"give up: where", f.GiveUp.Top, []report.Count{{Value: "taxpayer", Count: 7}, {Value: "intro", Count: 5}}},
		{"refused: most first", f.Refused, []report.RefusalCount{
			{Service: "tax", Step: "taxpayer", Field: "mobile", Kind: "error.mobile", Count: 24},
			{Service: "tax", Step: "taxpayer", Field: "national_code", Kind: "error.required", Count: 12}}},
		{"satisfaction after success", *f.SatisfactionSubmitted, report.Satisfaction{N: 12, Mean: 33.0 / 12, Distribution: []int{3, 3, 2, 2, 2}}},
		{"satisfaction after cancel: 7 answers, too few", *f.SatisfactionCancelled, report.Satisfaction{Suppressed: true}},
		{"stop reasons: 7, too few", *f.StopReasons, report.Counts{Suppressed: true}},
		{"without help", f.WithoutHelp, 10},
		{"without help rate", f.WithoutHelpRate, 10.0 / 24},
		{"overall has the same sessions", r.Overall.Sessions, 24},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if fmt.Sprint(tc.got) != fmt.Sprint(tc.want) {
				t.Errorf("got %+v, want %+v", tc.got, tc.want)
			}
		})
	}
}

func TestSatisfactionAndStopReasonsAfterCancel(t *testing.T) {
	js := journeys("health", 14, func(i int, j *kiosk.Journey) {
		j.Satisfaction = 1 + i%2
		j.StopReason = kiosk.StopReasons[i%3]
		if i == 13 {
			j.StopReason = "made-up" // not a reason the question offers
		}
	})
	f := service(t, report.Compute(js, time.Time{}, 0), "health").Figures
	if got := *f.SatisfactionCancelled; got.N != 14 || got.Mean != 1.5 || !slices.Equal(got.Distribution, []int{7, 7, 0, 0, 0}) {
		t.Errorf("after cancel: %+v", got)
	}
	if !f.SatisfactionSubmitted.Suppressed {
		t.Errorf("after success with no answer: %+v, want suppressed", *f.SatisfactionSubmitted)
	}
	want := []report.Count{{Value: string(kiosk.StopMissingDocument), Count: 5}, {Value: string(kiosk.StopHardToUse), Count: 4}, {Value: string(kiosk.StopTooLong), Count: 4}}
	if f.StopReasons.N != 13 || fmt.Sprint(f.StopReasons.Top) != fmt.Sprint(want) {
		t.Errorf("stop reasons %+v, want 13 of %v", *f.StopReasons, want)
	}
}

func TestSuppression(t *testing.T) {
	tests := []struct {
		name    string
		js      []kiosk.Journey
		check   func(t *testing.T, r report.Report)
		minCell int
	}{
		{
			name: "9 sessions of a service: suppressed whole, as the 10 with no service beside it",
			js:   append(journeys("police", 9, nil), journeys("", 10, nil)...),
			check: func(t *testing.T, r report.Report) {
				for _, code := range []string{"police", ""} {
					s := service(t, r, code)
					if !s.Suppressed || s.Figures != nil || s.Segments != nil || s.Funnel != nil {
						t.Errorf("%q: %+v, want only suppressed", code, s)
					}
				}
				if r.Overall.Suppressed || r.Overall.Sessions != 19 {
					t.Errorf("overall %+v, want 19 sessions", r.Overall)
				}
			},
		},
		{
			name: "10 sessions are shown; 9 others are then suppressed with the next smallest",
			js:   append(append(journeys("tax", 10, nil), journeys("police", 9, nil)...), journeys("health", 30, nil)...),
			check: func(t *testing.T, r report.Report) {
				if s := service(t, r, "tax"); !s.Suppressed {
					t.Errorf("tax shown beside police's 9: subtracting from the total would give police away")
				}
				if s := service(t, r, "health"); s.Suppressed || s.Sessions != 30 {
					t.Errorf("health %+v", s)
				}
			},
		},
		{
			name: "10 sessions alone are shown",
			js:   journeys("tax", 10, nil),
			check: func(t *testing.T, r report.Report) {
				if s := service(t, r, "tax"); s.Suppressed || s.Sessions != 10 {
					t.Errorf("tax %+v", s)
				}
			},
		},
		{
			name: "a segment of 9 and its complement in a two-valued dimension",
			js: journeys("tax", 30, func(i int, j *kiosk.Journey) {
				if i < 9 {
					j.Channel = kiosk.ChannelTV
				}
			}),
			check: func(t *testing.T, r report.Report) {
				g := service(t, r, "tax").Group
				for _, v := range []string{"kiosk", "tv"} {
					if s := segment(t, g, report.DimChannel, v); !s.Suppressed || s.Figures != nil {
						t.Errorf("channel %s: %+v, want suppressed", v, s)
					}
				}
				if s := segment(t, g, report.DimLang, "fa"); s.Suppressed || s.Sessions != 30 {
					t.Errorf("lang fa %+v", s)
				}
			},
		},
		{
			name: "two small accessibility groups together reach 10: the others stay shown",
			js: journeys("tax", 40, func(i int, j *kiosk.Journey) {
				switch {
				case i < 5:
					j.LargeText = true
				case i < 11:
					j.AudioOnly = true
				case i < 23:
					j.HighContrast = true
				}
			}),
			check: func(t *testing.T, r report.Report) {
				g := service(t, r, "tax").Group
				want := map[string]bool{kiosk.A11yLargeText: true, kiosk.A11yAudioOnly: true, kiosk.A11yHighContrast: false, kiosk.A11yNone: false}
				for v, sup := range want {
					if s := segment(t, g, report.DimAccessibility, v); s.Suppressed != sup {
						t.Errorf("%s: suppressed %v, want %v", v, s.Suppressed, sup)
					}
				}
			},
		},
		{
			name: "9 completed of 30: the times are suppressed, the rest shown",
			js: journeys("tax", 30, func(i int, j *kiosk.Journey) {
				if i < 9 {
					submitted(j, 60000)
				}
			}),
			check: func(t *testing.T, r report.Report) {
				f := service(t, r, "tax").Figures
				if *f.Time != (report.Times{Suppressed: true}) {
					t.Errorf("time %+v, want suppressed with no count", *f.Time)
				}
				if f.Completed != 9 || f.GiveUp.Suppressed {
					t.Errorf("completed %d, give up %+v", f.Completed, *f.GiveUp)
				}
			},
		},
		{
			name:    "a lower threshold",
			js:      journeys("tax", 3, nil),
			minCell: 2,
			check: func(t *testing.T, r report.Report) {
				if s := service(t, r, "tax"); s.Suppressed || r.MinCell != 2 {
					t.Errorf("tax %+v with min cell %d", s, r.MinCell)
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.check(t, report.Compute(tc.js, time.Time{}, tc.minCell))
		})
	}
}

func TestFunnel(t *testing.T) {
	// 10 reach the receipt through taxpayer then amount; 4 stop at
	// taxpayer, and answer the survey after the cancel, which is no step
	// of the path; 2 at intro. Refreshed steps count once per session.
	js := journeys("tax", 16, func(i int, j *kiosk.Journey) {
		st := func(stage kiosk.Stage, step string) kiosk.JourneyStep {
			return kiosk.JourneyStep{Stage: stage, Step: step}
		}
		j.Steps = []kiosk.JourneyStep{st(kiosk.StageLanguage, ""), st(kiosk.StageServices, ""), st(kiosk.StageIntro, "")}
		switch {
		case i < 10:
			j.Steps = append(j.Steps, st(kiosk.StageForm, "taxpayer"), st(kiosk.StageForm, "amount"), st(kiosk.StageReview, ""),
				st(kiosk.StageForm, "taxpayer"), st(kiosk.StageReview, ""), st(kiosk.StageConsent, ""), st(kiosk.StageSaving, ""),
				st(kiosk.StageReceipt, ""), st(kiosk.StageSurvey, ""), st(kiosk.StageThanks, ""))
			j.Outcome = kiosk.OutcomeSubmitted
		case i < 14:
			j.Steps = append(j.Steps, st(kiosk.StageForm, "taxpayer"), st(kiosk.StageCancelSurvey, ""), st(kiosk.StageThanks, ""))
			j.Outcome = kiosk.OutcomeCancelled
		}
	})
	got := service(t, report.Compute(js, time.Time{}, 0), "tax").Funnel
	want := []report.FunnelStep{{Step: "intro", Sessions: 16}, {Step: "taxpayer", Sessions: 14}, {Step: "amount", Sessions: 10},
		{Step: "review", Sessions: 10}, {Step: "consent", Sessions: 10}, {Step: "receipt", Sessions: 10}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("funnel %v, want %v", got, want)
	}
}

func TestServicesOrder(t *testing.T) {
	js := slices.Concat(journeys("", 12, nil), journeys("library", 11, nil), journeys("tax", 25, nil), journeys("health", 11, nil))
	var got []string
	for _, s := range report.Compute(js, time.Time{}, 0).Services {
		got = append(got, s.Code)
	}
	if want := []string{"tax", "health", "library", ""}; !slices.Equal(got, want) {
		t.Errorf("services %q, want %q (most sessions first, no service last)", got, want)
	}
}
