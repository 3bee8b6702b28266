package kiosk_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
)

func stepNames(j kiosk.Journey) string {
	names := make([]string, len(j.Steps))
	for i, st := range j.Steps {
		names[i] = st.Name()
	}
	return strings.Join(names, ">")
}

// tick moves the rig's clock forward by d.
func (r *rig) tick(d time.Duration) { r.clock.t = r.clock.t.Add(d) }

func TestJourneys(t *testing.T) {
	tests := []struct {
		name string
		walk func(t *testing.T, r *rig)
		want kiosk.Journey // the fields compared; Steps by name in steps
		// steps are the names of the steps visited, in order.
		steps string
	}{
		{
			name: "submitted, printed and rated",
			walk: func(t *testing.T, r *rig) {
				r.fillTax(t)
				r.tick(3 * time.Second)
				r.s.Submit(context.Background())
				r.stage(t, kiosk.StageReceipt)
				r.s.FinishReceipt()
				r.s.Rate(4)
				r.s.Finish()
			},
			want: kiosk.Journey{Outcome: kiosk.OutcomeSubmitted, ExitStep: "thanks", Service: "tax", Lang: kiosk.English,
				Print: kiosk.PrintDone, Satisfaction: 4, DurationMS: 3000},
			steps: "language>services>intro>taxpayer>payment>review>consent>saving>receipt>survey>thanks",
		},
		{
			name: "cancelled at a form step",
			walk: func(t *testing.T, r *rig) {
				r.s.Start()
				r.s.ChooseLanguage(kiosk.Persian)
				r.s.ChooseService("tax")
				r.s.BeginForm()
				r.tick(10 * time.Second)
				r.s.Cancel()
				r.s.Rate(0) // no, thanks
				r.s.Finish()
			},
			want:  kiosk.Journey{Outcome: kiosk.OutcomeCancelled, ExitStep: "taxpayer", Service: "tax", Lang: kiosk.Persian, DurationMS: 10000},
			steps: "language>services>intro>taxpayer>cancel-survey>thanks",
		},
		{
			name: "cancelled, and said why",
			walk: func(t *testing.T, r *rig) {
				r.s.Start()
				r.s.ChooseLanguage(kiosk.English)
				r.s.ChooseService("tax")
				r.s.BeginForm()
				r.s.SetAnswer("national_code", "0499370899")
				r.tick(10 * time.Second)
				r.s.Cancel()
				r.tick(4 * time.Second)
				r.s.ChooseStopReason(kiosk.StopMissingDocument)
				r.s.SendSurvey()
				r.stage(t, kiosk.StageThanks)
				r.s.Finish()
			},
			want: kiosk.Journey{Outcome: kiosk.OutcomeCancelled, ExitStep: "taxpayer", Service: "tax", Lang: kiosk.English, DurationMS: 14000,
				StopReason: kiosk.StopMissingDocument},
			steps: "language>services>intro>taxpayer>cancel-survey>thanks",
		},
		{
			name: "cancelled on the review, rated and said why",
			walk: func(t *testing.T, r *rig) {
				r.fillTax(t)
				r.s.Back() // consent → review
				r.s.Cancel()
				r.s.Rate(2)
				r.stage(t, kiosk.StageCancelSurvey) // one of two answers
				r.s.ChooseStopReason(kiosk.StopTooLong)
				r.stage(t, kiosk.StageThanks) // both given: thanked
				r.s.Finish()
			},
			want: kiosk.Journey{Outcome: kiosk.OutcomeCancelled, ExitStep: "review", Service: "tax", Lang: kiosk.English, Backs: 1,
				Satisfaction: 2, StopReason: kiosk.StopTooLong},
			steps: "language>services>intro>taxpayer>payment>review>consent>review>cancel-survey>thanks",
		},
		{
			name: "cancelled, chose, then no thanks",
			walk: func(t *testing.T, r *rig) {
				r.s.Start()
				r.s.ChooseLanguage(kiosk.Persian)
				r.s.ChooseService("library")
				r.s.Cancel() // on the introduction: nothing to lose, nothing asked
				r.s.ChooseStopReason(kiosk.StopWrongService)
				r.s.Rate(0)
				r.stage(t, kiosk.StageThanks)
				r.s.Finish()
			},
			want:  kiosk.Journey{Outcome: kiosk.OutcomeCancelled, ExitStep: "intro", Service: "library", Lang: kiosk.Persian},
			steps: "language>services>intro>cancel-survey>thanks",
		},
		{
			name: "cancelled, rated, then left: the idle timer ends it as a cancel",
			walk: func(t *testing.T, r *rig) {
				r.s.Start()
				r.s.ChooseLanguage(kiosk.Persian)
				r.s.ChooseService("tax")
				r.s.BeginForm()
				r.s.SetAnswer("mobile", "09121234567")
				r.s.Next() // refused: no national code
				r.s.Cancel()
				r.s.Rate(5)
				r.tick(90 * time.Second)
				r.s.Tick()
				r.stage(t, kiosk.StageAttract)
			},
			want: kiosk.Journey{Outcome: kiosk.OutcomeCancelled, ExitStep: "taxpayer", Service: "tax", Lang: kiosk.Persian, DurationMS: 90000,
				Satisfaction: 5, Refusals: []kiosk.Refusal{{Step: "taxpayer", Field: "national_code", Kind: "error.required"}}},
			steps: "language>services>intro>taxpayer>cancel-survey",
		},
		{
			name: "cancelled, then left without a word",
			walk: func(t *testing.T, r *rig) {
				r.s.Start()
				r.s.ChooseLanguage(kiosk.English)
				r.s.ChooseService("tax")
				r.s.BeginForm()
				r.s.SetAnswer("national_code", "0499370899")
				r.s.Next() // refused: no mobile number
				r.s.Cancel()
				r.tick(90 * time.Second)
				r.s.Tick()
				r.stage(t, kiosk.StageAttract)
			},
			want: kiosk.Journey{Outcome: kiosk.OutcomeCancelled, ExitStep: "taxpayer", Service: "tax", Lang: kiosk.English, DurationMS: 90000,
				Refusals: []kiosk.Refusal{{Step: "taxpayer", Field: "mobile", Kind: "error.required"}}},
			steps: "language>services>intro>taxpayer>cancel-survey",
		},
		{
			name: "wiped by the idle timer",
			walk: func(t *testing.T, r *rig) {
				r.s.Start()
				r.s.ChooseLanguage(kiosk.Persian)
				r.s.ChooseService("tax")
				r.s.BeginForm()
				r.s.SetAnswer("national_code", "0499370899")
				r.tick(90 * time.Second)
				r.s.Tick()
				r.stage(t, kiosk.StageAttract)
			},
			want:  kiosk.Journey{Outcome: kiosk.OutcomeIdle, ExitStep: "taxpayer", Service: "tax", Lang: kiosk.Persian, DurationMS: 90000},
			steps: "language>services>intro>taxpayer",
		},
		{
			name: "left at the language screen",
			walk: func(t *testing.T, r *rig) {
				r.s.Start()
				r.s.Back()
			},
			want:  kiosk.Journey{Outcome: kiosk.OutcomeCancelled, ExitStep: "language", Lang: kiosk.Persian, Backs: 1},
			steps: "language",
		},
		{
			name: "submit failed, then cancelled",
			walk: func(t *testing.T, r *rig) {
				r.fillTax(t)
				r.outbox.EnqueueFunc = func(kiosk.Submission) error { return fmt.Errorf("put: %w", kiosk.ErrStorageFull) }
				r.s.Submit(context.Background())
				r.stage(t, kiosk.StageConsent)
				r.s.Cancel()
				r.s.ChooseStopReason(kiosk.StopLater)
				r.s.SendSurvey()
				r.s.Finish()
			},
			want: kiosk.Journey{Outcome: kiosk.OutcomeSubmitFailed, ExitStep: "consent", Service: "tax", Lang: kiosk.English, SubmitFailures: 1,
				StopReason: kiosk.StopLater},
			steps: "language>services>intro>taxpayer>payment>review>consent>saving>consent>cancel-survey>thanks",
		},
		{
			name: "refused answers, by field and kind",
			walk: func(t *testing.T, r *rig) {
				r.s.Start()
				r.s.ChooseLanguage(kiosk.Persian)
				r.s.ChooseService("tax")
				r.s.BeginForm()
				r.s.SetAnswer("national_code", "۰۴۹۹۳۷۰۸۹۸") // bad check digit
				r.s.SetAnswer("mobile", "0912123")
				r.s.Next()
				r.s.SetAnswer("national_code", "0499370899")
				r.s.Next()
				r.s.SetAnswer("mobile", "09121234567")
				r.s.Next()
				r.stage(t, kiosk.StageForm)
				r.s.Cancel()
				r.s.Rate(0)
				r.s.Finish()
			},
			want: kiosk.Journey{Outcome: kiosk.OutcomeCancelled, ExitStep: "payment", Service: "tax", Lang: kiosk.Persian,
				Refusals: []kiosk.Refusal{
					{Step: "taxpayer", Field: "mobile", Kind: "error.mobile"},
					{Step: "taxpayer", Field: "national_code", Kind: "error.national_code"},
					{Step: "taxpayer", Field: "mobile", Kind: "error.mobile"},
				}},
			steps: "language>services>intro>taxpayer>payment>cancel-survey>thanks",
		},
		{
			name: "back and edit from the review",
			walk: func(t *testing.T, r *rig) {
				r.fillTax(t)
				r.s.Back() // consent → review
				r.s.Edit("mobile")
				r.s.SetAnswer("mobile", "09351112233")
				r.s.Next() // back to the review
				r.s.Edit("amount")
				r.s.Back() // leave the edit unchanged
				r.s.ConfirmReview()
				r.s.Cancel()
				r.s.Rate(0)
				r.s.Finish()
			},
			want:  kiosk.Journey{Outcome: kiosk.OutcomeCancelled, ExitStep: "consent", Service: "tax", Lang: kiosk.English, Backs: 2, Edits: 2},
			steps: "language>services>intro>taxpayer>payment>review>consent>review>taxpayer>review>payment>review>consent>cancel-survey>thanks",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t)
			tc.walk(t, r)
			if len(r.journeys) != 1 {
				t.Fatalf("%d journeys recorded, want 1", len(r.journeys))
			}
			j := r.journeys[0]
			const format = "%s at %s service=%s lang=%s print=%q rating=%d stop_reason=%q duration=%dms backs=%d edits=%d submit_failures=%d"
			got := fmt.Sprintf(format,
				j.Outcome, j.ExitStep, j.Service, j.Lang, j.Print, j.Satisfaction, j.StopReason, j.DurationMS, j.Backs, j.Edits, j.SubmitFailures)
			w := tc.want
			want := fmt.Sprintf(format,
				w.Outcome, w.ExitStep, w.Service, w.Lang, w.Print, w.Satisfaction, w.StopReason, w.DurationMS, w.Backs, w.Edits, w.SubmitFailures)
			if got != want {
				t.Errorf("journey\n got %s\nwant %s", got, want)
			}
			if s := stepNames(j); s != tc.steps {
				t.Errorf("steps\n got %s\nwant %s", s, tc.steps)
			}
			if fmt.Sprint(j.Refusals) != fmt.Sprint(w.Refusals) {
				t.Errorf("refusals %v, want %v", j.Refusals, w.Refusals)
			}
			if j.ID == "" || j.DeviceID != "IKA-T1-07" || j.Site != "Airport" || j.Channel != kiosk.ChannelKiosk {
				t.Errorf("identity: id %q device %q site %q channel %q", j.ID, j.DeviceID, j.Site, j.Channel)
			}
			if !j.Started.Equal(time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)) {
				t.Errorf("started %v, want the hour the session started", j.Started)
			}
			if j.Service != "" && j.CatalogueVersion != kiosk.DefaultCatalogue().Version {
				t.Errorf("catalogue version %q", j.CatalogueVersion)
			}
			last := int64(0)
			for _, st := range j.Steps {
				if st.EnteredMS < last || st.LeftMS < st.EnteredMS {
					t.Errorf("steps out of order: %+v", j.Steps)
				}
				last = st.LeftMS
			}
			if last != j.DurationMS {
				t.Errorf("last step left at %dms, the journey lasted %dms", last, j.DurationMS)
			}
		})
	}
}

func TestJourneyOnlyWhenTheAttractScreenWasLeft(t *testing.T) {
	r := newRig(t)
	r.s.Cancel()
	r.s.Finish()
	r.tick(time.Hour)
	r.s.Tick()
	if len(r.journeys) != 0 {
		t.Fatalf("journeys without a session: %v", r.journeys)
	}
	r.s.Start()
	r.s.Cancel()
	r.s.Start()
	r.s.Cancel()
	if len(r.journeys) != 2 || r.journeys[0].ID == r.journeys[1].ID {
		t.Fatalf("two sessions gave %d journeys (ids must differ): %v", len(r.journeys), r.journeys)
	}
}

func TestJourneyAccessibilityAndAssistance(t *testing.T) {
	r := newRig(t)
	r.s.MarkNextAssisted()
	r.s.Start()
	r.s.NoteAccessibility(kiosk.Accessibility{LargeText: true}) // switched on during the session
	r.s.NoteAccessibility(kiosk.Accessibility{})
	r.s.Cancel()
	r.s.NoteAccessibility(kiosk.Accessibility{HighContrast: true}) // the device's own options, before the next citizen
	r.s.Start()
	r.s.Cancel()
	if len(r.journeys) != 2 {
		t.Fatalf("%d journeys", len(r.journeys))
	}
	first, second := r.journeys[0], r.journeys[1]
	if !first.Assisted || !first.LargeText || first.HighContrast {
		t.Errorf("first: assisted %v large %v contrast %v, want assisted with large text", first.Assisted, first.LargeText, first.HighContrast)
	}
	if second.Assisted || second.LargeText || !second.HighContrast {
		t.Errorf("second: assisted %v large %v contrast %v, want high contrast only", second.Assisted, second.LargeText, second.HighContrast)
	}
}

// TestJourneyDisplayChoices checks the journey records the largest text
// size and the last theme other than the default a session used, and
// that a journey recorded before there were four sizes still reads.
func TestJourneyDisplayChoices(t *testing.T) {
	r := newRig(t)
	r.s.Start()
	r.s.NoteAccessibility(kiosk.Accessibility{TextSize: kiosk.TextLargest, Theme: kiosk.ThemeColourSafe})
	r.s.NoteAccessibility(kiosk.Accessibility{TextSize: kiosk.TextLarge, Theme: kiosk.ThemeContrastLight})
	r.s.NoteAccessibility(kiosk.Accessibility{TextSize: kiosk.TextStandard, Theme: kiosk.ThemeDefault})
	r.s.Cancel()
	r.s.NoteAccessibility(kiosk.Accessibility{TextSize: kiosk.TextStandard, Theme: kiosk.ThemeDefault})
	r.s.Start()
	r.s.Cancel()
	if len(r.journeys) != 2 {
		t.Fatalf("%d journeys", len(r.journeys))
	}
	first, second := r.journeys[0], r.journeys[1]
	if first.TextSize != kiosk.TextLargest || first.Theme != kiosk.ThemeContrastLight || !first.LargeText || !first.HighContrast {
		t.Errorf("first: size %q theme %q large %v contrast %v, want largest, contrast-light, both", first.TextSize, first.Theme, first.LargeText, first.HighContrast)
	}
	if second.TextSize != kiosk.TextStandard || second.Theme != "" || second.LargeText || second.HighContrast {
		t.Errorf("second: size %q theme %q large %v contrast %v, want standard and nothing else", second.TextSize, second.Theme, second.LargeText, second.HighContrast)
	}

	var old kiosk.Journey
	if err := json.Unmarshal([]byte(`{"id":"x","channel":"kiosk","lang":"fa","large_text":true,"high_contrast":true,"steps":[]}`), &old); err != nil {
		t.Fatalf("a journey of the two switches: %v", err)
	}
	if seg := old.Segment(); seg.Accessibility != kiosk.A11yLargeContrast {
		t.Errorf("a journey of the two switches is in segment %q", seg.Accessibility)
	}
}

// TestJourneyHoldsNoPersonalData walks a submission and a refusal and
// finds none of what was typed, in any digit script, nor the tracking
// code or submission ID, in the journeys' JSON.
func TestJourneyHoldsNoPersonalData(t *testing.T) {
	r := newRig(t)
	r.s.Start()
	r.s.ChooseLanguage(kiosk.English)
	r.s.ChooseService("tax")
	r.s.BeginForm()
	r.s.SetAnswer("national_code", "7731689951") // refused: bad check digit
	r.s.SetAnswer("mobile", "09187654321")
	r.s.Next()
	r.s.Cancel()
	r.s.Rate(0)
	r.s.Finish()
	r.fillTax(t)
	r.s.Submit(context.Background())
	st := r.stage(t, kiosk.StageReceipt)
	r.s.Finish()
	if len(r.journeys) != 2 || len(r.outbox.stored) != 1 {
		t.Fatalf("%d journeys, %d submissions", len(r.journeys), len(r.outbox.stored))
	}
	out, err := json.Marshal(r.journeys)
	if err != nil {
		t.Fatal(err)
	}
	typed := []string{"7731689951", "09187654321", "0499370899", "09121234567", "989121234567", "2500000", "1403"}
	latin := []rune("0123456789")
	scripts := map[string][]rune{"persian": []rune("۰۱۲۳۴۵۶۷۸۹"), "arabic": []rune("٠١٢٣٤٥٦٧٨٩")}
	var secrets []string
	for _, v := range typed {
		secrets = append(secrets, v)
		for _, digits := range scripts {
			secrets = append(secrets, strings.Map(func(c rune) rune {
				if c >= '0' && c <= '9' {
					return digits[c-latin[0]]
				}
				return c
			}, v))
		}
	}
	sub := r.outbox.stored[0]
	secrets = append(secrets, string(st.Receipt.TrackingCode), sub.ID, "business-income")
	for _, s := range secrets {
		if strings.Contains(string(out), s) {
			t.Errorf("journey JSON holds %q: %s", s, out)
		}
	}
}

func TestJourneySegment(t *testing.T) {
	tests := []struct {
		name string
		j    kiosk.Journey
		want kiosk.Segment
	}{
		{"self, no option", kiosk.Journey{Channel: kiosk.ChannelKiosk, Lang: kiosk.Persian},
			kiosk.Segment{Channel: kiosk.ChannelKiosk, Lang: kiosk.Persian, Accessibility: kiosk.A11yNone, Assisted: kiosk.SegmentSelf}},
		{"assisted, large text", kiosk.Journey{Channel: kiosk.ChannelTV, Lang: kiosk.English, Assisted: true, LargeText: true},
			kiosk.Segment{Channel: kiosk.ChannelTV, Lang: kiosk.English, Accessibility: kiosk.A11yLargeText, Assisted: kiosk.SegmentAssisted}},
		{"both display options", kiosk.Journey{LargeText: true, HighContrast: true},
			kiosk.Segment{Accessibility: kiosk.A11yLargeContrast, Assisted: kiosk.SegmentSelf}},
		{"high contrast", kiosk.Journey{HighContrast: true},
			kiosk.Segment{Accessibility: kiosk.A11yHighContrast, Assisted: kiosk.SegmentSelf}},
		{"speech beats display options", kiosk.Journey{LargeText: true, Speech: true},
			kiosk.Segment{Accessibility: kiosk.A11ySpeech, Assisted: kiosk.SegmentSelf}},
		{"audio-only beats all", kiosk.Journey{Speech: true, AudioOnly: true, HighContrast: true},
			kiosk.Segment{Accessibility: kiosk.A11yAudioOnly, Assisted: kiosk.SegmentSelf}},
		{"colour-safe theme", kiosk.Journey{Theme: kiosk.ThemeColourSafe},
			kiosk.Segment{Accessibility: kiosk.A11yColourSafe, Assisted: kiosk.SegmentSelf}},
		{"larger text beats the colour-safe theme", kiosk.Journey{LargeText: true, TextSize: kiosk.TextLargest, Theme: kiosk.ThemeColourSafe},
			kiosk.Segment{Accessibility: kiosk.A11yLargeText, Assisted: kiosk.SegmentSelf}},
		{"high contrast light", kiosk.Journey{HighContrast: true, Theme: kiosk.ThemeContrastLight},
			kiosk.Segment{Accessibility: kiosk.A11yHighContrast, Assisted: kiosk.SegmentSelf}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.j.Segment()
			if got != tt.want {
				t.Errorf("Segment() = %+v, want %+v", got, tt.want)
			}
			if !slices.Contains(kiosk.AccessibilitySegments, got.Accessibility) {
				t.Errorf("Accessibility %q is not listed in AccessibilitySegments", got.Accessibility)
			}
		})
	}
}

func TestStopReasonValid(t *testing.T) {
	for _, r := range kiosk.StopReasons {
		if !r.Valid() {
			t.Errorf("%q is listed but not valid", r)
		}
	}
	for _, r := range []kiosk.StopReason{"", "because", "LATER"} {
		if r.Valid() {
			t.Errorf("%q is valid, want not", r)
		}
	}
}
