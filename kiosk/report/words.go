package report

import (
	"fmt"
	"math"
	"strings"

	"github.com/pishkhan/pishkhan/kiosk"
)

// words writes a report's names and figures in one language: services,
// steps and fields by the catalogue's names, numbers in the language's
// digits, every other word from the message catalogue.
type words struct {
	l       kiosk.Lang
	cat     *kiosk.Catalogue
	minCell int
}

func newWords(l kiosk.Lang, cat *kiosk.Catalogue, minCell int) words {
	if cat == nil {
		cat = kiosk.DefaultCatalogue()
	}
	return words{l: l, cat: cat, minCell: minCell}
}

func (w words) msg(key string) string { return kiosk.Msg(w.l, key) }

func (w words) msgf(key string, kv ...string) string {
	args := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		args[kv[i]] = kv[i+1]
	}
	return kiosk.Msgf(w.l, key, args)
}

func (w words) num(n int) string { return kiosk.FormatNumber(w.l, int64(n)) }

// pct writes a rate (0 to 1) as a whole percentage.
func (w words) pct(rate float64) string {
	return w.msgf("report.percent", "n", w.num(int(math.Round(rate*100))))
}

// dur writes milliseconds as minutes and seconds.
func (w words) dur(ms int64) string {
	s := (ms + 500) / 1000
	return w.msgf("report.duration", "m", w.num(int(s/60)), "s", kiosk.LocalizeDigits(w.l, fmt.Sprintf("%02d", s%60)))
}

// mean writes a mean rating with one decimal, with the Persian decimal
// separator in Persian.
func (w words) mean(x float64) string {
	s := fmt.Sprintf("%.1f", x)
	if w.l == kiosk.Persian {
		s = strings.Replace(s, ".", "٫", 1)
	}
	return kiosk.LocalizeDigits(w.l, s)
}

// suppressed is what a suppressed figure shows instead.
func (w words) suppressed() string {
	return w.msgf("report.suppressed", "min", w.num(w.minCell))
}

func (w words) suppressedGroup() string {
	return w.msgf("report.suppressed_group", "min", w.num(w.minCell))
}

func (w words) service(code string) string {
	if code == "" {
		return w.msg("report.no_service")
	}
	if s, ok := w.cat.Service(code); ok {
		return s.Name.In(w.l)
	}
	return code
}

// step names a stage or a form step; a form step is looked up in service,
// or in any service when service is "" (the figures of all services).
func (w words) step(service, name string) string {
	if kiosk.HasMessage("report.stage." + name) {
		return w.msg("report.stage." + name)
	}
	for _, s := range w.cat.Services {
		if service != "" && s.Code != service {
			continue
		}
		for _, st := range s.Steps {
			if st.ID == name {
				return st.Title.In(w.l)
			}
		}
	}
	return name
}

func (w words) field(service, id string) string {
	if s, ok := w.cat.Service(service); ok {
		if f, ok := s.Field(id); ok {
			return f.Label.In(w.l)
		}
	}
	return id
}

// kind says how an answer was refused: left empty, or not valid.
func (w words) kind(k string) string {
	if k == "error.required" {
		return w.msg("report.refused_required")
	}
	return w.msg("report.refused_invalid")
}

func (w words) dimension(dim string) string { return w.msg("report.dim." + dim) }

func (w words) value(dim, v string) string {
	key := "report." + dim + "." + v
	if dim == DimAccessibility {
		key = "report.a11y." + v
	}
	if kiosk.HasMessage(key) {
		return w.msg(key)
	}
	return v
}

func (w words) segment(s Segment) string {
	return w.msgf("report.segment", "dimension", w.dimension(s.Dimension), "value", w.value(s.Dimension, s.Value))
}

func (w words) stop(reason string) string {
	if kiosk.HasMessage("report.stop." + reason) {
		return w.msg("report.stop." + reason)
	}
	return reason
}

func (w words) list(items []string) string {
	if len(items) == 0 {
		return w.msg("report.none")
	}
	return strings.Join(items, w.msg("report.list_separator"))
}

func (w words) period(r Report) string {
	if r.Since.IsZero() {
		return w.msg("report.period.all")
	}
	return w.msgf("report.period.since", "date", kiosk.FormatDate(w.l, r.Since))
}

// The figures of a group, each written out or suppressed.

func (w words) completion(f *Figures) string {
	return w.msgf("report.completion_value", "rate", w.pct(f.CompletionRate), "count", w.num(f.Completed), "n", w.num(f.Sessions))
}

func (w words) median(t *Times) string {
	if t == nil || t.Suppressed {
		return w.suppressed()
	}
	return w.dur(t.MedianMS)
}

func (w words) p90(t *Times) string {
	if t == nil || t.Suppressed {
		return w.suppressed()
	}
	return w.dur(t.P90MS)
}

func (w words) giveUp(service string, c *Counts) string {
	if c == nil || c.Suppressed {
		return w.suppressed()
	}
	var items []string
	for _, v := range c.Top {
		items = append(items, w.msgf("report.count_item", "name", w.step(service, v.Value), "count", w.num(v.Count)))
	}
	return w.msgf("report.give_up_value", "list", w.list(items), "n", w.num(c.N))
}

// topGiveUp is the single step where most give up.
func (w words) topGiveUp(service string, c *Counts) string {
	if c == nil || c.Suppressed {
		return w.suppressed()
	}
	if len(c.Top) == 0 {
		return w.msg("report.none")
	}
	return w.step(service, c.Top[0].Value)
}

// refusalField names a refused field; in the figures of all services it
// says which service the field is in.
func (w words) refusalField(service string, rc RefusalCount) string {
	f := w.field(rc.Service, rc.Field)
	if service == "" {
		return w.msgf("report.field_in_service", "field", f, "service", w.service(rc.Service))
	}
	return f
}

// topRefused names the field refused most often.
func (w words) topRefused(service string, rs []RefusalCount) string {
	if len(rs) == 0 {
		return w.msg("report.none")
	}
	return w.refusalField(service, rs[0])
}

func (w words) refused(service string, rs []RefusalCount) string {
	var items []string
	for _, rc := range rs {
		items = append(items, w.msgf("report.refusal_item", "field", w.refusalField(service, rc), "kind", w.kind(rc.Kind), "count", w.num(rc.Count)))
	}
	return w.list(items)
}

func (w words) satisfaction(s *Satisfaction) string {
	if s == nil || s.Suppressed {
		return w.suppressed()
	}
	return w.msgf("report.sat_value", "mean", w.mean(s.Mean), "n", w.num(s.N))
}

func (w words) satMean(s *Satisfaction) string {
	if s == nil || s.Suppressed {
		return w.suppressed()
	}
	return w.mean(s.Mean)
}

func (w words) distribution(s *Satisfaction) string {
	if s == nil || s.Suppressed {
		return ""
	}
	items := make([]string, len(s.Distribution))
	for i, n := range s.Distribution {
		items[i] = w.num(n)
	}
	return w.msgf("report.distribution_value", "list", strings.Join(items, w.msg("form.list_separator")))
}

func (w words) stops(c *Counts) string {
	if c == nil || c.Suppressed {
		return w.suppressed()
	}
	var items []string
	for _, v := range c.Top {
		items = append(items, w.msgf("report.count_item", "name", w.stop(v.Value), "count", w.num(v.Count)))
	}
	return w.msgf("report.stop_value", "list", w.list(items), "n", w.num(c.N))
}
