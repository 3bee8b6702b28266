package fleet

import (
	"strconv"
	"strings"

	"github.com/pishkhan/pishkhan/kiosk"
)

// Label values for what is not in a bound: "other" for a value no list
// holds (a bug, a newer kiosk's value, garbage), "none" for no value
// (no service chosen yet).
const (
	Other = "other"
	None  = "none"
)

// Stages lists the stages a journey's steps and exit step are named by
// when they are not form steps (kiosk.JourneyStep.Name); the attract
// screen is never part of a journey.
var Stages = []kiosk.Stage{kiosk.StageLanguage, kiosk.StageServices, kiosk.StageIntro, kiosk.StageForm, kiosk.StageReview,
	kiosk.StageConsent, kiosk.StageSaving, kiosk.StageReceipt, kiosk.StageSurvey, kiosk.StageCancelSurvey, kiosk.StageThanks, kiosk.StageTrack}

// Channels lists the values of the channel label (besides Other).
var Channels = []kiosk.Channel{kiosk.ChannelKiosk, kiosk.ChannelTV}

// Outcomes lists the values of the outcome label (besides Other).
var Outcomes = []kiosk.Outcome{kiosk.OutcomeSubmitted, kiosk.OutcomeSubmitFailed, kiosk.OutcomeIdle, kiosk.OutcomeCancelled}

// ExitOutcomes lists the outcomes of journeys not submitted, whose exit
// step is counted.
var ExitOutcomes = []kiosk.Outcome{kiosk.OutcomeSubmitFailed, kiosk.OutcomeIdle, kiosk.OutcomeCancelled}

// SurveyOutcomes lists the outcomes after which the satisfaction survey is
// asked: after a receipt and after a cancel.
var SurveyOutcomes = []kiosk.Outcome{kiosk.OutcomeSubmitted, kiosk.OutcomeCancelled}

// Assisted lists the values of the assisted label (besides Other).
var Assisted = []string{kiosk.SegmentAssisted, kiosk.SegmentSelf}

// SyncCalls and SyncResults list the values of pishkhan_sync_calls_total's
// labels (besides Other).
var (
	SyncCalls   = []string{"post", "token", "status", "search"}
	SyncResults = []string{"ok", "rejected", "failed", "auth_failed"}
)

// RefusalKinds returns the kinds a refusal can have: the message
// catalogue's "error." keys.
func RefusalKinds() []string {
	var out []string
	for _, k := range kiosk.MessageKeys() {
		if strings.HasPrefix(k, "error.") {
			out = append(out, k)
		}
	}
	return out
}

// PrintReasons returns the reasons a receipt's print failure is counted
// by: the last part of each message key ("printer.state.paper_out" →
// "paper_out"), each once.
func PrintReasons() []string {
	seen := map[string]bool{}
	var out []string
	for _, k := range kiosk.MessageKeys() {
		r := lastPart(k)
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}

func lastPart(key string) string {
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		return key[i+1:]
	}
	return key
}

// bounds holds every list a label value is checked against.
type bounds struct {
	services map[string]*serviceBound
	stages   map[string]bool
	channels map[string]bool
	langs    map[string]bool
	a11y     map[string]bool
	assisted map[string]bool
	outcomes map[string]bool
	exits    map[string]bool
	surveys  map[string]bool
	reasons  map[string]bool
	kinds    map[string]bool
	calls    map[string]bool
	results  map[string]bool
}

// serviceBound is what one service of the catalogue allows: its form
// steps, and the fields of each.
type serviceBound struct {
	steps map[string]map[string]bool
}

func set[T ~string](vs []T) map[string]bool {
	m := make(map[string]bool, len(vs))
	for _, v := range vs {
		m[string(v)] = true
	}
	return m
}

func newBounds(cat *kiosk.Catalogue) *bounds {
	b := &bounds{
		services: map[string]*serviceBound{},
		stages:   set(Stages),
		channels: set(Channels),
		langs:    set(kiosk.Languages),
		a11y:     set(kiosk.AccessibilitySegments),
		assisted: set(Assisted),
		outcomes: set(Outcomes),
		exits:    set(ExitOutcomes),
		surveys:  set(SurveyOutcomes),
		reasons:  set(kiosk.StopReasons),
		kinds:    set(RefusalKinds()),
		calls:    set(SyncCalls),
		results:  set(SyncResults),
	}
	if cat == nil {
		return b
	}
	for _, svc := range cat.Services {
		sb := &serviceBound{steps: map[string]map[string]bool{}}
		for _, st := range svc.Steps {
			fields := map[string]bool{}
			for _, f := range st.Fields {
				fields[f.ID] = true
			}
			sb.steps[st.ID] = fields
		}
		b.services[svc.Code] = sb
	}
	return b
}

// in returns v when known holds it, else Other.
func in(known map[string]bool, v string) string {
	if known[v] {
		return v
	}
	return Other
}

// service returns the service label: a catalogue code, None or Other.
func (b *bounds) service(code string) string {
	switch {
	case code == "":
		return None
	case b.services[code] != nil:
		return code
	}
	return Other
}

// step returns the step label of a step of service svc (a label the
// service function returned): one of the service's form steps, a stage,
// or Other.
func (b *bounds) step(svc, step string) string {
	if b.stages[step] {
		return step
	}
	if sb := b.services[svc]; sb != nil {
		if _, ok := sb.steps[step]; ok {
			return step
		}
	}
	return Other
}

// field returns the field label of a field on step (a label the step
// function returned) of service svc: a field of that step, or Other.
func (b *bounds) field(svc, step, field string) string {
	if sb := b.services[svc]; sb != nil && sb.steps[step][field] {
		return field
	}
	return Other
}

// rating returns the rating label, "1" to "5", or Other.
func rating(v string) string {
	if n, err := strconv.Atoi(v); err == nil && n >= 1 && n <= 5 && v == strconv.Itoa(n) {
		return v
	}
	return Other
}

// printReason returns the last part of a message key, or Other for what
// is not a message key.
func printReason(key string) string {
	if !kiosk.HasMessage(key) {
		return Other
	}
	return lastPart(key)
}
