package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/pishkhan/pishkhan/kiosk"
)

// Text writes r as tables for a terminal in l, naming services, steps and
// fields as cat does (the embedded catalogue when nil).
func Text(out io.Writer, r Report, l kiosk.Lang, cat *kiosk.Catalogue) error {
	w := newWords(l, cat, r.MinCell)
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	p := func(format string, args ...any) { fmt.Fprintf(tw, format, args...) }
	p("%s\n%s\n%s\n%s\n", w.msg("report.title"), w.period(r),
		w.msgf("report.suppression_note", "min", w.num(r.MinCell)), w.msg("report.time_note"))
	textGroup(p, w, w.msg("report.overall"), "", r.Overall)
	for _, s := range r.Services {
		textGroup(p, w, w.service(s.Code), s.Code, s.Group)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

func textGroup(p func(string, ...any), w words, title, service string, g Group) {
	p("\n== %s ==\n", title)
	if g.Suppressed {
		p("  %s\n", w.suppressedGroup())
		return
	}
	f := g.Figures
	row := func(key, v string) { p("  %s\t%s\n", w.msg(key), v) }
	row("report.sessions", w.num(f.Sessions))
	row("report.completion", w.completion(f))
	row("report.median", w.median(f.Time))
	row("report.p90", w.p90(f.Time))
	row("report.give_up", w.giveUp(service, f.GiveUp))
	row("report.refused", w.refused(service, f.Refused))
	row("report.sat_submitted", strings.TrimSpace(w.satisfaction(f.SatisfactionSubmitted)+"  "+w.distribution(f.SatisfactionSubmitted)))
	row("report.sat_cancelled", strings.TrimSpace(w.satisfaction(f.SatisfactionCancelled)+"  "+w.distribution(f.SatisfactionCancelled)))
	row("report.stop_reasons", w.stops(f.StopReasons))
	row("report.without_help", w.pct(f.WithoutHelpRate))
	p("\n  %s\n", w.msg("report.by_group"))
	cols := []string{"group", "sessions", "completion", "median", "p90", "give_up", "refused", "sat_submitted", "sat_cancelled", "without_help"}
	heads := make([]string, len(cols))
	for i, c := range cols {
		heads[i] = w.msg("report.col." + c)
	}
	p("  %s\n", strings.Join(heads, "\t"))
	for _, s := range g.Segments {
		if s.Suppressed {
			// Every cell written, or tabwriter would end the column block.
			p("  %s\t%s%s\n", w.segment(s), w.suppressed(), strings.Repeat("\t", len(cols)-2))
			continue
		}
		f := s.Figures
		p("  %s\n", strings.Join([]string{w.segment(s), w.num(f.Sessions), w.pct(f.CompletionRate),
			w.median(f.Time), w.p90(f.Time), w.topGiveUp(service, f.GiveUp), w.topRefused(service, f.Refused),
			w.satMean(f.SatisfactionSubmitted), w.satMean(f.SatisfactionCancelled), w.pct(f.WithoutHelpRate)}, "\t"))
	}
}

// JSON writes r as an indented JSON document (docs/measuring.md describes
// its fields).
func JSON(out io.Writer, r Report) error {
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}
