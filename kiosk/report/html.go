package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"

	"github.com/pishkhan/pishkhan/kiosk"
)

//go:embed page.html
var pageHTML string

var page = template.Must(template.New("page").Parse(pageHTML))

// HTML writes r as one self-contained page in l: inline CSS and SVG charts
// drawn here (a funnel per service, completion and satisfaction by group),
// no script and nothing fetched. Persian pages are right to left with
// Persian digits; suppressed figures are drawn as such.
func HTML(out io.Writer, r Report, l kiosk.Lang, cat *kiosk.Catalogue) error {
	w := newWords(l, cat, r.MinCell)
	p := htmlPage{
		Lang:     string(l),
		Dir:      "ltr",
		Title:    w.msg("report.title"),
		Period:   w.period(r),
		Note:     w.msgf("report.suppression_note", "min", w.num(r.MinCell)),
		TimeNote: w.msg("report.time_note"),
		Legend:   [2]string{w.msg("report.legend.submitted"), w.msg("report.legend.cancelled")},
	}
	if l.RTL() {
		p.Dir = "rtl"
	}
	for _, c := range []string{"group", "sessions", "completion", "median", "p90", "give_up", "refused", "sat_submitted", "sat_cancelled", "without_help"} {
		p.Columns = append(p.Columns, w.msg("report.col."+c))
	}
	p.Sections = append(p.Sections, htmlGroup(w, "overall", w.msg("report.overall"), "", r.Overall, nil))
	for _, s := range r.Services {
		id := "service-" + s.Code
		if s.Code == "" {
			id = "service-none"
		}
		p.Sections = append(p.Sections, htmlGroup(w, id, w.service(s.Code), s.Code, s.Group, s.Funnel))
	}
	if err := page.Execute(out, p); err != nil {
		return fmt.Errorf("write report page: %w", err)
	}
	return nil
}

type htmlPage struct {
	Lang, Dir, Title, Period, Note, TimeNote string
	Legend                                   [2]string
	Columns                                  []string
	Sections                                 []htmlSection
}

type htmlSection struct {
	ID, Title  string
	Suppressed string // the suppression's words, or ""
	Figures    []htmlFigure
	Charts     []chart
	Rows       []htmlRow
}

type htmlFigure struct{ Name, Value, Detail string }

type htmlRow struct {
	Dimension  bool // a heading row naming the dimension
	Suppressed bool
	Cells      []htmlCell
}

// htmlCell is one cell of the table of groups; Whole keeps it on one line
// (a suppressed figure: "fewer than" is not to be parted from its number).
type htmlCell struct {
	S     string
	Whole bool
}

// cells makes the cells of a row from a group's name and its figures.
func (w words) cells(ss ...string) []htmlCell {
	out := make([]htmlCell, len(ss))
	for i, s := range ss {
		out[i] = htmlCell{S: s, Whole: s == w.suppressed()}
	}
	return out
}

func htmlGroup(w words, id, title, service string, g Group, fun []FunnelStep) htmlSection {
	s := htmlSection{ID: id, Title: title}
	if g.Suppressed {
		s.Suppressed = w.suppressedGroup()
		return s
	}
	f := g.Figures
	fig := func(key, v, detail string) { s.Figures = append(s.Figures, htmlFigure{w.msg(key), v, detail}) }
	fig("report.sessions", w.num(f.Sessions), "")
	fig("report.completion", w.completion(f), "")
	fig("report.median", w.median(f.Time), "")
	fig("report.p90", w.p90(f.Time), "")
	fig("report.give_up", w.giveUp(service, f.GiveUp), "")
	fig("report.refused", w.refused(service, f.Refused), "")
	fig("report.sat_submitted", w.satisfaction(f.SatisfactionSubmitted), w.distribution(f.SatisfactionSubmitted))
	fig("report.sat_cancelled", w.satisfaction(f.SatisfactionCancelled), w.distribution(f.SatisfactionCancelled))
	fig("report.stop_reasons", w.stops(f.StopReasons), "")
	fig("report.without_help", w.pct(f.WithoutHelpRate), "")
	if len(fun) > 0 {
		s.Charts = append(s.Charts, funnelChart(w, id, service, f.Sessions, fun))
	}
	s.Charts = append(s.Charts, completionChart(w, id, g.Segments), satisfactionChart(w, id, g.Segments))
	dim := ""
	for _, seg := range g.Segments {
		if seg.Dimension != dim {
			dim = seg.Dimension
			s.Rows = append(s.Rows, htmlRow{Dimension: true, Cells: w.cells(w.dimension(dim))})
		}
		if seg.Suppressed {
			s.Rows = append(s.Rows, htmlRow{Suppressed: true, Cells: w.cells(w.value(dim, seg.Value), w.suppressed())})
			continue
		}
		sf := seg.Figures
		s.Rows = append(s.Rows, htmlRow{Cells: w.cells(w.value(dim, seg.Value), w.num(sf.Sessions), w.pct(sf.CompletionRate),
			w.median(sf.Time), w.p90(sf.Time), w.topGiveUp(service, sf.GiveUp), w.topRefused(service, sf.Refused),
			w.satMean(sf.SatisfactionSubmitted), w.satMean(sf.SatisfactionCancelled), w.pct(sf.WithoutHelpRate))})
	}
	return s
}

// chart is an SVG drawing laid out here, in the page's direction: shapes
// are placed from the start side (left in English, right in Persian).
type chart struct {
	ID, Kind, Title string
	Width, Height   int
	Legend          bool
	Rects           []rect
	Texts           []text
}

type rect struct {
	X, Y, W, H float64
	Class      string
}

type text struct {
	X, Y   float64
	Anchor string // start or end, in the text's direction
	Class  string
	S      string
}

// The geometry of a bar chart: labels at the start, bars after them,
// the value after each bar.
const (
	chartWidth = 760
	labelWidth = 250
	barStart   = labelWidth + 10
	barSpan    = chartWidth - barStart - 150
	rowHeight  = 26
	topMargin  = 8
)

// canvas places shapes by logical x (from the start side) and mirrors
// them for a right-to-left page.
type canvas struct {
	c   chart
	rtl bool
}

func (cv *canvas) rect(x, y, width, height float64, class string) {
	if cv.rtl {
		x = float64(cv.c.Width) - x - width
	}
	cv.c.Rects = append(cv.c.Rects, rect{round(x), round(y), round(width), round(height), class})
}

func (cv *canvas) text(x, y float64, anchor, class, s string) {
	if cv.rtl {
		x = float64(cv.c.Width) - x
	}
	cv.c.Texts = append(cv.c.Texts, text{round(x), round(y), anchor, class, s})
}

func round(v float64) float64 { return math.Round(v*10) / 10 }

func newCanvas(w words, id, kind, title string) *canvas {
	return &canvas{c: chart{ID: id + "-" + kind, Kind: kind, Title: title, Width: chartWidth}, rtl: w.l.RTL()}
}

// suppressedBar draws the place of a figure that is not shown.
func (cv *canvas) suppressedBar(w words, y, height float64) {
	cv.rect(barStart, y, barSpan*0.35, height, "suppressed")
	cv.text(barStart+barSpan*0.35+6, y+height/2+4, "start", "note", w.suppressed())
}

func funnelChart(w words, id, service string, sessions int, steps []FunnelStep) chart {
	cv := newCanvas(w, id, "funnel", w.msg("report.funnel"))
	y := float64(topMargin)
	row := func(label string, n int) {
		share := float64(n) / float64(sessions)
		cv.text(labelWidth, y+17, "end", "label", label)
		cv.rect(barStart, y+3, math.Max(share*barSpan, 1), 18, "bar funnel")
		cv.text(barStart+share*barSpan+6, y+17, "start", "value",
			w.msgf("report.funnel_value", "n", w.num(n), "rate", w.pct(share)))
		y += rowHeight
	}
	row(w.msg("report.funnel.started"), sessions)
	for _, s := range steps {
		row(w.step(service, s.Step), s.Sessions)
	}
	cv.c.Height = int(y) + topMargin
	return cv.c
}

// segmentRows lays out the rows of a chart by segment, with a heading row
// per dimension, calling bar for each segment's row.
func segmentRows(cv *canvas, w words, segs []Segment, height float64, bar func(s Segment, y float64)) {
	y := float64(topMargin)
	dim := ""
	for _, s := range segs {
		if s.Dimension != dim {
			dim = s.Dimension
			cv.text(2, y+17, "start", "dimension", w.dimension(dim))
			y += rowHeight
		}
		cv.text(labelWidth, y+height/2+5, "end", "label", w.value(s.Dimension, s.Value))
		bar(s, y)
		y += height + 8
	}
	cv.c.Height = int(y) + topMargin
}

func completionChart(w words, id string, segs []Segment) chart {
	cv := newCanvas(w, id, "completion", w.msg("report.chart.completion"))
	const h = 18
	segmentRows(cv, w, segs, h, func(s Segment, y float64) {
		if s.Suppressed {
			cv.suppressedBar(w, y, h)
			return
		}
		r := s.CompletionRate
		cv.rect(barStart, y, barSpan, h, "track")
		cv.rect(barStart, y, math.Max(r*barSpan, 1), h, "bar completion")
		cv.text(barStart+barSpan+6, y+h/2+5, "start", "value", w.pct(r))
	})
	return cv.c
}

func satisfactionChart(w words, id string, segs []Segment) chart {
	cv := newCanvas(w, id, "satisfaction", w.msg("report.chart.satisfaction"))
	cv.c.Legend = true
	const h = 12
	segmentRows(cv, w, segs, 2*h+2, func(s Segment, y float64) {
		if s.Suppressed {
			cv.suppressedBar(w, y, 2*h+2)
			return
		}
		for i, sat := range []*Satisfaction{s.SatisfactionSubmitted, s.SatisfactionCancelled} {
			by := y + float64(i)*(h+2)
			class := []string{"bar sat-submitted", "bar sat-cancelled"}[i]
			if sat == nil || sat.Suppressed {
				cv.rect(barStart, by, barSpan*0.35, h, "suppressed")
				cv.text(barStart+barSpan*0.35+6, by+h-1, "start", "note small", w.suppressed())
				continue
			}
			cv.rect(barStart, by, barSpan, h, "track")
			cv.rect(barStart, by, sat.Mean/5*barSpan, h, class)
			cv.text(barStart+barSpan+6, by+h-1, "start", "value small", w.mean(sat.Mean))
		}
	})
	return cv.c
}
