// Package reporttest makes a realistic, deterministic set of journeys
// across the default catalogue's services and every group of citizens, to
// show and test the report (docs/report-*.png are drawn from it).
package reporttest

import (
	"math/rand/v2"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
)

// Sample returns n journeys of the last 30 days before now, made from
// seed: the same seed gives the same journeys. Some services are harder
// than others, TV and audio-only citizens give up more often, staff help
// lifts completion, and a few services see too few citizens to report on.
func Sample(seed uint64, n int, now time.Time) []kiosk.Journey {
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
	cat := kiosk.DefaultCatalogue()
	// Relative popularity and difficulty (chance of giving up at each
	// form step) of the services; library and police are rare, so their
	// cells are suppressed.
	popularity := map[string]float64{
		"tax": 30, "vehicle-plate": 22, "health": 18, "birth-marriage-certificate": 12,
		"school-enrollment": 9, "building-permit": 7, "employment": 5, "library": 1.2, "police": 0.9,
	}
	difficulty := map[string]float64{
		"tax": 0.05, "vehicle-plate": 0.09, "health": 0.04, "birth-marriage-certificate": 0.06,
		"school-enrollment": 0.05, "building-permit": 0.12, "employment": 0.08, "library": 0.03, "police": 0.05,
	}
	var total float64
	for _, s := range cat.Services {
		total += popularity[s.Code]
	}
	out := make([]kiosk.Journey, 0, n)
	for i := range n {
		j := kiosk.Journey{
			ID:               randomID(rng),
			Started:          now.Add(-time.Duration(rng.Int64N(int64(30 * 24 * time.Hour)))).UTC().Truncate(time.Hour),
			DeviceID:         "kiosk-demo-1",
			Site:             "demo",
			Channel:          kiosk.ChannelKiosk,
			Lang:             kiosk.Persian,
			CatalogueVersion: cat.Version,
		}
		if rng.Float64() < 0.22 {
			j.Channel = kiosk.ChannelTV
		}
		if rng.Float64() < 0.27 {
			j.Lang = kiosk.English
		}
		switch a := rng.Float64(); {
		case a < 0.07:
			j.LargeText = true
		case a < 0.12:
			j.HighContrast = true
		case a < 0.18:
			j.LargeText, j.HighContrast = true, true
		case a < 0.22:
			j.Speech = true
		case a < 0.245:
			j.AudioOnly, j.Speech = true, true
		}
		j.Assisted = rng.Float64() < 0.11
		// A few leave at the service grid without choosing.
		steps := []string{string(kiosk.StageLanguage), string(kiosk.StageServices)}
		if i%25 == 7 {
			finish(&j, rng, steps, nil, kiosk.OutcomeIdle)
			out = append(out, j)
			continue
		}
		pick := rng.Float64() * total
		svc := &cat.Services[0]
		for k := range cat.Services {
			pick -= popularity[cat.Services[k].Code]
			if pick < 0 {
				svc = &cat.Services[k]
				break
			}
		}
		j.Service = svc.Code
		risk := difficulty[svc.Code]
		if j.Channel == kiosk.ChannelTV {
			risk *= 1.6
		}
		if j.AudioOnly || j.Speech {
			risk *= 1.8
		}
		if j.Assisted {
			risk *= 0.3
		}
		steps = append(steps, string(kiosk.StageIntro))
		var refusals []kiosk.Refusal
		if rng.Float64() < risk {
			finish(&j, rng, steps, nil, giveUp(rng))
			out = append(out, j)
			continue
		}
		gaveUp := false
		for k, st := range svc.Steps {
			if st.When != nil && rng.Float64() < 0.5 {
				continue
			}
			steps = append(steps, st.ID)
			for _, f := range st.Fields {
				if kind := refusal(f.Type); kind != "" && rng.Float64() < risk*2.5 {
					refusals = append(refusals, kiosk.Refusal{Step: st.ID, Field: f.ID, Kind: kind})
				}
			}
			// The steps asking for documents lose the most.
			r := risk
			if k == len(svc.Steps)/2 {
				r *= 2.5
			}
			if rng.Float64() < r {
				gaveUp = true
				break
			}
		}
		if gaveUp {
			finish(&j, rng, steps, refusals, giveUp(rng))
			out = append(out, j)
			continue
		}
		steps = append(steps, string(kiosk.StageReview), string(kiosk.StageConsent))
		if rng.Float64() < risk*0.8 {
			finish(&j, rng, steps, refusals, kiosk.OutcomeCancelled)
			out = append(out, j)
			continue
		}
		steps = append(steps, string(kiosk.StageSaving), string(kiosk.StageReceipt), string(kiosk.StageSurvey), string(kiosk.StageThanks))
		finish(&j, rng, steps, refusals, kiosk.OutcomeSubmitted)
		out = append(out, j)
	}
	return out
}

func giveUp(rng *rand.Rand) kiosk.Outcome {
	if rng.Float64() < 0.3 {
		return kiosk.OutcomeIdle
	}
	return kiosk.OutcomeCancelled
}

// refusal is the kind of refusal a field of type t most often meets, ""
// for fields rarely refused.
func refusal(t kiosk.FieldType) string {
	switch t {
	case kiosk.FieldNationalCode:
		return "error.national_code"
	case kiosk.FieldMobile:
		return "error.mobile"
	case kiosk.FieldPostalCode:
		return "error.postal_code"
	case kiosk.FieldPlate:
		return "error.plate"
	case kiosk.FieldDate:
		return "error.date"
	case kiosk.FieldText:
		return "error.required"
	}
	return ""
}

// finish places steps in time and sets the outcome, satisfaction and
// stop reason.
func finish(j *kiosk.Journey, rng *rand.Rand, steps []string, refusals []kiosk.Refusal, o kiosk.Outcome) {
	slow := 1.0
	if j.Channel == kiosk.ChannelTV {
		slow *= 1.5
	}
	if j.LargeText || j.HighContrast {
		slow *= 1.2
	}
	if j.AudioOnly || j.Speech {
		slow *= 2.2
	}
	var at int64
	j.Steps = make([]kiosk.JourneyStep, 0, len(steps))
	for _, name := range steps {
		s := kiosk.JourneyStep{EnteredMS: at}
		switch kiosk.Stage(name) {
		case kiosk.StageLanguage, kiosk.StageServices, kiosk.StageIntro, kiosk.StageReview, kiosk.StageConsent,
			kiosk.StageSaving, kiosk.StageReceipt, kiosk.StageSurvey, kiosk.StageThanks:
			s.Stage = kiosk.Stage(name)
		default:
			s.Stage, s.Step = kiosk.StageForm, name
		}
		d := 4000 + rng.Int64N(14000)
		if s.Stage == kiosk.StageForm {
			d = 12000 + rng.Int64N(40000)
		}
		if s.Stage == kiosk.StageSaving {
			d = 300 + rng.Int64N(900)
		}
		at += int64(float64(d) * slow)
		s.LeftMS = at
		j.Steps = append(j.Steps, s)
	}
	if o == kiosk.OutcomeIdle {
		at += 90000
		j.Steps[len(j.Steps)-1].LeftMS = at
	}
	j.DurationMS = at
	j.ExitStep = j.Steps[len(j.Steps)-1].Name()
	if o == kiosk.OutcomeSubmitted {
		j.ExitStep = string(kiosk.StageThanks)
		j.Print = kiosk.PrintDone
	}
	j.Refusals = refusals
	j.Outcome = o
	switch o {
	case kiosk.OutcomeSubmitted:
		if rng.Float64() < 0.65 {
			j.Satisfaction = 5 - int(rng.ExpFloat64()*0.8)%5
			if len(refusals) > 1 {
				j.Satisfaction = max(1, j.Satisfaction-1)
			}
		}
	case kiosk.OutcomeCancelled:
		if rng.Float64() < 0.55 {
			j.Satisfaction = 1 + rng.IntN(4)
		}
		if rng.Float64() < 0.6 {
			j.StopReason = kiosk.StopReasons[rng.IntN(len(kiosk.StopReasons))]
		}
	}
	j.Backs = rng.IntN(3)
}

func randomID(rng *rand.Rand) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	b := make([]byte, 26)
	for i := range b {
		b[i] = alphabet[rng.IntN(len(alphabet))]
	}
	return string(b)
}
