// Package report turns the kiosk's journeys (kiosk.Journey) into the
// figures a manager reads: per service and per group of citizens
// (kiosk.Segment), how many started, how many finished and how fast, where
// the others gave up, which fields were refused, how satisfied citizens
// were and how many managed without staff. Compute is a pure function over
// journeys; Text, JSON and HTML present its result in Persian or English.
//
// Every figure drawn from fewer than MinCell sessions (answers, completed
// journeys) is suppressed, so that no citizen can be singled out; the
// presentations say "fewer than 10" instead. See docs/measuring.md.
package report

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
)

// MinCell is the fewest sessions (or answers) a figure is drawn from;
// smaller cells are suppressed.
const MinCell = 10

// Version is the version of the JSON document (Report); it changes only
// when a field changes meaning or goes away.
const Version = 1

// Report is the figures of a set of journeys: all services together, then
// each service, each with its groups of citizens.
type Report struct {
	Version int `json:"version"`
	// Since is the start of the period (the hour of the oldest journey
	// asked for); zero for every journey recorded.
	Since time.Time `json:"since,omitzero"`
	// MinCell is the suppression threshold the report was made with.
	MinCell int `json:"min_cell"`
	// Overall is every journey, whichever service.
	Overall Group `json:"overall"`
	// Services are the services chosen, by code; journeys that chose
	// none are under the service "".
	Services []Service `json:"services"`
}

// Service is the figures of one service's journeys.
type Service struct {
	// Code is the service's code, "" for sessions that chose no service.
	Code string `json:"service"`
	Group
	// Funnel is how many sessions reached each step, in the order of
	// the path; empty when the service's sessions are suppressed.
	Funnel []FunnelStep `json:"funnel,omitempty"`
}

// FunnelStep is how many of a service's sessions reached one step.
type FunnelStep struct {
	Step     string `json:"step"`
	Sessions int    `json:"sessions"`
}

// Group is the figures of one set of sessions and of the groups of
// citizens within it. When Suppressed, Figures is nil and there are no
// Segments: nothing of the set is shown but that it is small.
type Group struct {
	Suppressed bool `json:"suppressed,omitempty"`
	*Figures
	// Segments are the groups of citizens within this one, by
	// dimension, in a fixed order.
	Segments []Segment `json:"segments,omitempty"`
	n        int
}

// Segment is the figures of the sessions of one group of citizens: one
// value of one dimension of kiosk.Segment.
type Segment struct {
	// Dimension is "channel", "lang", "accessibility" or "assisted".
	Dimension string `json:"dimension"`
	// Value is the dimension's value (kiosk.Segment's field).
	Value      string `json:"value"`
	Suppressed bool   `json:"suppressed,omitempty"`
	*Figures
	n int
}

// The dimensions of Segment, in the order reports list them.
const (
	DimChannel       = "channel"
	DimLang          = "lang"
	DimAccessibility = "accessibility"
	DimAssisted      = "assisted"
)

// Dimensions lists the dimensions in order.
var Dimensions = []string{DimChannel, DimLang, DimAccessibility, DimAssisted}

// values lists each dimension's values in order.
var values = map[string][]string{
	DimChannel:       {string(kiosk.ChannelKiosk), string(kiosk.ChannelTV)},
	DimLang:          {string(kiosk.Persian), string(kiosk.English)},
	DimAccessibility: kiosk.AccessibilitySegments,
	DimAssisted:      {kiosk.SegmentSelf, kiosk.SegmentAssisted},
}

// Figures are the measures of a set of at least MinCell sessions. A
// figure drawn from fewer (completed sessions, answers) has only its
// Suppressed set.
type Figures struct {
	Sessions int `json:"sessions"`
	// Completed is the sessions submitted; CompletionRate is
	// Completed/Sessions, 0 to 1.
	Completed      int     `json:"completed"`
	CompletionRate float64 `json:"completion_rate"`
	// Time is how long completed sessions took to reach the receipt.
	Time *Times `json:"time,omitempty"`
	// GiveUp is where the sessions not submitted ended.
	GiveUp *Counts `json:"give_up,omitempty"`
	// Refused are the fields most refused, most first (at most TopN).
	Refused []RefusalCount `json:"refused"`
	// SatisfactionSubmitted is the survey after a receipt;
	// SatisfactionCancelled after a cancel.
	SatisfactionSubmitted *Satisfaction `json:"satisfaction_submitted,omitempty"`
	SatisfactionCancelled *Satisfaction `json:"satisfaction_cancelled,omitempty"`
	// StopReasons are the reasons given after a cancel.
	StopReasons *Counts `json:"stop_reasons,omitempty"`
	// WithoutHelp is the sessions completed and not assisted by staff;
	// WithoutHelpRate is WithoutHelp/Sessions.
	WithoutHelp     int     `json:"without_help"`
	WithoutHelpRate float64 `json:"without_help_rate"`
}

// TopN is how many steps, fields and reasons a figure lists at most.
const TopN = 5

// Times are the median and 90th percentile (nearest rank) of the time
// completed sessions took from their first screen to the receipt.
type Times struct {
	// N is the completed sessions measured.
	N          int   `json:"n,omitempty"`
	Suppressed bool  `json:"suppressed,omitempty"`
	MedianMS   int64 `json:"median_ms,omitempty"`
	P90MS      int64 `json:"p90_ms,omitempty"`
}

// Counts are how often each value occurred among N sessions, most first
// (at most TopN, ties by name).
type Counts struct {
	N          int     `json:"n,omitempty"`
	Suppressed bool    `json:"suppressed,omitempty"`
	Top        []Count `json:"top,omitempty"`
}

// Count is one value and how often it occurred.
type Count struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// RefusalCount is how often one field was refused for one reason.
type RefusalCount struct {
	Service string `json:"service"`
	Step    string `json:"step"`
	Field   string `json:"field"`
	// Kind is the refusal's message key (error.mobile).
	Kind  string `json:"kind"`
	Count int    `json:"count"`
}

// Satisfaction is the survey's answers: N answers, their mean and how
// many gave each rating (Distribution[0] is 1, Distribution[4] is 5).
type Satisfaction struct {
	N            int     `json:"n,omitempty"`
	Suppressed   bool    `json:"suppressed,omitempty"`
	Mean         float64 `json:"mean,omitempty"`
	Distribution []int   `json:"distribution,omitempty"`
}

// Compute makes the report of js, suppressing figures from fewer than
// minCell sessions (MinCell when minCell < 1). since is only recorded.
func Compute(js []kiosk.Journey, since time.Time, minCell int) Report {
	if minCell < 1 {
		minCell = MinCell
	}
	r := Report{Version: Version, MinCell: minCell, Services: []Service{}}
	if !since.IsZero() {
		r.Since = since.UTC()
	}
	byService := map[string][]kiosk.Journey{}
	for _, j := range js {
		byService[j.Service] = append(byService[j.Service], j)
	}
	codes := make([]string, 0, len(byService))
	for c := range byService {
		codes = append(codes, c)
	}
	// Most sessions first; sessions with no service last.
	slices.SortFunc(codes, func(a, b string) int {
		if (a == "") != (b == "") {
			return cmp.Compare(b, a)
		}
		return cmp.Or(cmp.Compare(len(byService[b]), len(byService[a])), cmp.Compare(a, b))
	})
	for _, c := range codes {
		r.Services = append(r.Services, Service{Code: c, Group: group(byService[c], minCell, nil)})
	}
	complement(r.Services, minCell,
		func(s *Service) (int, bool) { return s.n, s.Suppressed },
		func(s *Service) { s.Group = Group{Suppressed: true, n: s.n} })
	hidden := map[string]bool{}
	for _, s := range r.Services {
		hidden[s.Code] = s.Suppressed
	}
	r.Overall = group(js, minCell, hidden)
	for i, s := range r.Services {
		if !s.Suppressed {
			r.Services[i].Funnel = funnel(byService[s.Code])
		}
	}
	return r
}

// complement suppresses further cells of one breakdown, smallest first,
// until the suppressed cells together hold no session or at least minCell:
// otherwise subtracting the cells shown from the total would reveal a
// group smaller than minCell.
func complement[T any](cells []T, minCell int, size func(*T) (int, bool), suppress func(*T)) {
	hidden := 0
	for i := range cells {
		if n, sup := size(&cells[i]); sup {
			hidden += n
		}
	}
	for hidden > 0 && hidden < minCell {
		smallest, least := -1, 0
		for i := range cells {
			if n, sup := size(&cells[i]); !sup && (smallest < 0 || n < least) {
				smallest, least = i, n
			}
		}
		if smallest < 0 {
			return
		}
		suppress(&cells[smallest])
		hidden += least
	}
}

// group is the figures of js and of each of its segments. The refusals
// and form steps of the services in hidden (suppressed) are not named.
func group(js []kiosk.Journey, minCell int, hidden map[string]bool) Group {
	g := Group{n: len(js)}
	g.Figures = figures(js, minCell, hidden)
	g.Suppressed = g.Figures == nil
	if g.Suppressed {
		return g
	}
	for _, dim := range Dimensions {
		by := map[string][]kiosk.Journey{}
		for _, j := range js {
			v := segmentValue(j.Segment(), dim)
			by[v] = append(by[v], j)
		}
		order := slices.Clone(values[dim])
		for v := range by {
			if !slices.Contains(order, v) {
				order = append(order, v)
			}
		}
		slices.Sort(order[len(values[dim]):])
		var segs []Segment
		for _, v := range order {
			if len(by[v]) == 0 {
				continue
			}
			s := Segment{Dimension: dim, Value: v, n: len(by[v]), Figures: figures(by[v], minCell, hidden)}
			s.Suppressed = s.Figures == nil
			segs = append(segs, s)
		}
		complement(segs, minCell,
			func(s *Segment) (int, bool) { return s.n, s.Suppressed },
			func(s *Segment) { s.Figures, s.Suppressed = nil, true })
		g.Segments = append(g.Segments, segs...)
	}
	return g
}

func segmentValue(s kiosk.Segment, dim string) string {
	switch dim {
	case DimChannel:
		return string(s.Channel)
	case DimLang:
		return string(s.Lang)
	case DimAccessibility:
		return s.Accessibility
	}
	return s.Assisted
}

// figures measures js, or returns nil when js holds fewer than minCell
// sessions. The journeys of a service in hidden count, but their
// refusals are left out and a form step they ended at is named only as
// "form": naming them would show the figures of a suppressed service.
func figures(js []kiosk.Journey, minCell int, hidden map[string]bool) *Figures {
	if len(js) < minCell {
		return nil
	}
	f := &Figures{Sessions: len(js), Refused: []RefusalCount{}}
	var times []int64
	var exits, reasons []string
	refused := map[RefusalCount]int{}
	var satOK, satCancel []int
	for _, j := range js {
		submitted := j.Outcome == kiosk.OutcomeSubmitted
		if submitted {
			f.Completed++
			times = append(times, timeToReceipt(j))
			if !j.Assisted {
				f.WithoutHelp++
			}
		} else {
			exit := j.ExitStep
			if hidden[j.Service] && !stages[exit] {
				exit = string(kiosk.StageForm)
			}
			exits = append(exits, exit)
		}
		for _, rf := range j.Refusals {
			if !hidden[j.Service] {
				refused[RefusalCount{Service: j.Service, Step: rf.Step, Field: rf.Field, Kind: rf.Kind}]++
			}
		}
		if j.Satisfaction >= 1 && j.Satisfaction <= 5 {
			switch j.Outcome {
			case kiosk.OutcomeSubmitted:
				satOK = append(satOK, j.Satisfaction)
			case kiosk.OutcomeCancelled:
				satCancel = append(satCancel, j.Satisfaction)
			}
		}
		if j.Outcome == kiosk.OutcomeCancelled && j.StopReason.Valid() {
			reasons = append(reasons, string(j.StopReason))
		}
	}
	f.CompletionRate = float64(f.Completed) / float64(f.Sessions)
	f.WithoutHelpRate = float64(f.WithoutHelp) / float64(f.Sessions)
	f.Time = durations(times, minCell)
	f.GiveUp = counts(exits, minCell)
	f.StopReasons = counts(reasons, minCell)
	f.SatisfactionSubmitted = satisfaction(satOK, minCell)
	f.SatisfactionCancelled = satisfaction(satCancel, minCell)
	for rc, n := range refused {
		rc.Count = n
		f.Refused = append(f.Refused, rc)
	}
	slices.SortFunc(f.Refused, func(a, b RefusalCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Service, b.Service),
			cmp.Compare(a.Step, b.Step), cmp.Compare(a.Field, b.Field), cmp.Compare(a.Kind, b.Kind))
	})
	if len(f.Refused) > TopN {
		f.Refused = f.Refused[:TopN]
	}
	return f
}

// timeToReceipt is how long j took to reach its receipt, or the whole
// session when it has no receipt step (a truncated journey).
func timeToReceipt(j kiosk.Journey) int64 {
	for _, s := range j.Steps {
		if s.Stage == kiosk.StageReceipt {
			return s.EnteredMS
		}
	}
	return j.DurationMS
}

func durations(ms []int64, minCell int) *Times {
	if len(ms) < minCell {
		return &Times{Suppressed: true}
	}
	t := &Times{N: len(ms)}
	slices.Sort(ms)
	t.MedianMS = nearestRank(ms, 0.5)
	t.P90MS = nearestRank(ms, 0.9)
	return t
}

// nearestRank is the p-th percentile of sorted by the nearest-rank method.
func nearestRank(sorted []int64, p float64) int64 {
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[max(i, 0)]
}

func counts(vs []string, minCell int) *Counts {
	if len(vs) < minCell {
		return &Counts{Suppressed: true}
	}
	c := &Counts{N: len(vs), Top: []Count{}}
	by := map[string]int{}
	for _, v := range vs {
		by[v]++
	}
	for v, n := range by {
		c.Top = append(c.Top, Count{Value: v, Count: n})
	}
	slices.SortFunc(c.Top, func(a, b Count) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Value, b.Value))
	})
	if len(c.Top) > TopN {
		c.Top = c.Top[:TopN]
	}
	return c
}

func satisfaction(ratings []int, minCell int) *Satisfaction {
	if len(ratings) < minCell {
		return &Satisfaction{Suppressed: true}
	}
	s := &Satisfaction{N: len(ratings)}
	s.Distribution = make([]int, 5)
	sum := 0
	for _, r := range ratings {
		s.Distribution[r-1]++
		sum += r
	}
	s.Mean = float64(sum) / float64(len(ratings))
	return s
}

// stages are the names of the stages, as a journey's exit step names
// them; any other exit step is a step of a service's form.
var stages = map[string]bool{}

func init() {
	for _, s := range []kiosk.Stage{kiosk.StageAttract, kiosk.StageLanguage, kiosk.StageServices, kiosk.StageIntro,
		kiosk.StageForm, kiosk.StageReview, kiosk.StageConsent, kiosk.StageSaving, kiosk.StageReceipt,
		kiosk.StageSurvey, kiosk.StageCancelSurvey, kiosk.StageThanks, kiosk.StageTrack} {
		stages[string(s)] = true
	}
}

// funnelSkip are the stages a funnel leaves out: before the service was
// chosen, the transient saving screen, what follows the receipt, and the
// survey after a cancel (no step of the path).
var funnelSkip = map[string]bool{
	string(kiosk.StageAttract): true, string(kiosk.StageLanguage): true, string(kiosk.StageServices): true,
	string(kiosk.StageTrack): true, string(kiosk.StageSaving): true, string(kiosk.StageSurvey): true,
	string(kiosk.StageThanks): true, string(kiosk.StageCancelSurvey): true,
}

// funnel counts the sessions that reached each step of js, in the order of
// the path: steps by the mean position of their first visit.
func funnel(js []kiosk.Journey) []FunnelStep {
	reached := map[string]int{}
	posSum := map[string]int{}
	for _, j := range js {
		seen := map[string]bool{}
		for _, s := range j.Steps {
			n := s.Name()
			if seen[n] || funnelSkip[n] {
				continue
			}
			seen[n] = true
			reached[n]++
			posSum[n] += len(seen)
		}
	}
	out := make([]FunnelStep, 0, len(reached))
	for n, c := range reached {
		out = append(out, FunnelStep{Step: n, Sessions: c})
	}
	rank := func(s FunnelStep) float64 {
		switch s.Step {
		case string(kiosk.StageIntro):
			return -1
		case string(kiosk.StageReview):
			return 1e6
		case string(kiosk.StageConsent):
			return 1e6 + 1
		case string(kiosk.StageReceipt):
			return 1e6 + 2
		}
		return float64(posSum[s.Step]) / float64(s.Sessions)
	}
	slices.SortFunc(out, func(a, b FunnelStep) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(b.Sessions, a.Sessions), cmp.Compare(a.Step, b.Step))
	})
	return out
}
