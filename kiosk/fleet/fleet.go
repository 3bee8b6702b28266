// Package fleet is the kiosk's metrics for fleet monitoring: how the
// device is used (sessions, and each journey by service and citizen
// segment) and how it is doing (queue, back office, printer, disk), served
// in the Prometheus text format. Nothing in it is personal: every label
// value is checked against a known, short list (the catalogue's service
// codes, steps and fields, the segments, outcomes, stop reasons and
// refusal kinds) and anything else is counted as "other", so no citizen's
// input can grow the number of series.
//
// It reads the outbox, the back office's health and the disk through the
// small interfaces it declares (Sources); cmd/kiosk adapts the offline
// package to them, so this package imports only the domain.
package fleet

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promauto"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	dto "github.com/prometheus/client_model/go"

	"github.com/pishkhan/pishkhan/kiosk"
)

// Histogram buckets, in seconds: a journey takes from seconds (a citizen
// who picks the wrong service) to half an hour; a step from a second to
// ten minutes.
var (
	JourneyBuckets = []float64{10, 20, 30, 45, 60, 90, 120, 180, 300, 600, 900, 1800}
	StepBuckets    = []float64{2, 5, 10, 20, 30, 60, 120, 300, 600}
	// RatingBuckets make the satisfaction histogram a count of each
	// answer (le="1" … le="5") as well as a mean (sum / count).
	RatingBuckets = []float64{1, 2, 3, 4, 5}
)

// Info is the kiosk's identity, for pishkhan_build_info, and the segment
// its journeys start in, whose series exist from the start.
type Info struct {
	Version     string
	DeviceID    string
	KioskNumber int
	Mode        string
	// Channel and Langs are the device's channel and languages.
	Channel kiosk.Channel
	Langs   []kiosk.Lang
}

// Sources are what the metrics read at scrape time; nil ones are left out.
type Sources struct {
	Outbox Outbox
	// Health returns the back office link's health; false while there is
	// no back office.
	Health func() (Health, bool)
	// Printer returns the printer's last known state; false when unknown.
	Printer func() (kiosk.PrinterStatus, bool)
	Disk    func() (free, total uint64, err error)
	Now     func() time.Time
}

// Outbox is what the metrics read of the outbox.
type Outbox interface {
	// Queue counts the submissions in each state, every state listed
	// (zeros too), and those not yet acknowledged by the back office.
	Queue() (Queue, error)
	// OldestUnsent returns when the oldest submission not yet
	// acknowledged was made; zero when there is none. It may be slow.
	OldestUnsent() (time.Time, error)
}

// Queue is the outbox's submissions by state.
type Queue struct {
	States map[string]int
	Unsent int
}

// Count returns the number of submissions in state.
func (q Queue) Count(state string) int { return q.States[state] }

// Total returns the number of submissions in every state.
func (q Queue) Total() int {
	n := 0
	for _, c := range q.States {
		n += c
	}
	return n
}

// Health is the back office link's state.
type Health struct {
	Online, AuthFailed bool
	LastContact        time.Time
}

// Metrics is the kiosk's Prometheus registry and the counters its
// sessions and journeys feed.
type Metrics struct {
	reg *prometheus.Registry
	b   *bounds

	// From session events.
	sessionsStarted   prometheus.Counter
	servicesStarted   *prometheus.CounterVec
	sessionsCompleted *prometheus.CounterVec
	sessionsAbandoned *prometheus.CounterVec
	idleResets        prometheus.Counter
	satisfactionAns   *prometheus.CounterVec
	printFailures     *prometheus.CounterVec
	syncCalls         *prometheus.CounterVec
	uiAlive           prometheus.Gauge

	// From journeys.
	journeys        *prometheus.CounterVec
	exits           *prometheus.CounterVec
	journeyDuration *prometheus.HistogramVec
	stepDuration    *prometheus.HistogramVec
	satisfaction    *prometheus.HistogramVec
	stopReasons     *prometheus.CounterVec
	refusals        *prometheus.CounterVec

	src   Sources
	queue oldestCache
}

// New returns the metrics of a kiosk offering cat's services.
func New(info Info, cat *kiosk.Catalogue, src Sources) *Metrics {
	if src.Now == nil {
		src.Now = time.Now
	}
	m := &Metrics{reg: prometheus.NewRegistry(), b: newBounds(cat), src: src}
	f := promauto.With(m.reg)
	counter := func(name, help string, labels ...string) *prometheus.CounterVec {
		return f.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels)
	}
	m.sessionsStarted = f.NewCounter(prometheus.CounterOpts{Name: "pishkhan_sessions_started_total", Help: "Sessions started: a citizen left the attract screen."})
	m.servicesStarted = counter("pishkhan_service_sessions_started_total", "Services chosen on the service grid, by service.", "service")
	m.sessionsCompleted = counter("pishkhan_sessions_completed_total", "Sessions whose submission was stored, by service.", "service")
	m.sessionsAbandoned = counter("pishkhan_sessions_abandoned_total", "Sessions ended before a submission (cancelled or idle), by service and the step left.", "service", "step")
	m.idleResets = f.NewCounter(prometheus.CounterOpts{Name: "pishkhan_idle_resets_total", Help: "Sessions wiped by the idle timer."})
	m.satisfactionAns = counter("pishkhan_satisfaction_answers_total", "Answers to the satisfaction survey, by service and rating (1-5).", "service", "rating")
	m.printFailures = counter("pishkhan_receipt_print_failures_total", "Receipts that did not print, by service and reason.", "service", "reason")
	m.syncCalls = counter("pishkhan_sync_calls_total", "Calls of the sync worker to the back office, by call (post, token, status, search) and result (ok, rejected, failed, auth_failed).", "call", "result")
	m.uiAlive = f.NewGauge(prometheus.GaugeOpts{Name: "pishkhan_ui_alive_timestamp_seconds", Help: "When the UI thread last answered the watchdog (Unix time)."})

	m.journeys = counter("pishkhan_journeys_total", "Journeys ended, by service, segment (channel, lang, accessibility, assisted) and outcome.",
		"service", "channel", "lang", "accessibility", "assisted", "outcome")
	m.exits = counter("pishkhan_journey_exits_total", "Journeys not submitted, by service, the step they ended on and outcome (cancelled, idle, submit-failed).",
		"service", "step", "outcome")
	m.journeyDuration = f.NewHistogramVec(prometheus.HistogramOpts{Name: "pishkhan_journey_duration_seconds",
		Help: "How long journeys lasted, by service and outcome.", Buckets: JourneyBuckets}, []string{"service", "outcome"})
	m.stepDuration = f.NewHistogramVec(prometheus.HistogramOpts{Name: "pishkhan_journey_step_duration_seconds",
		Help: "How long citizens stayed on each step (form step or stage), by service and step; a step visited twice counts twice.", Buckets: StepBuckets},
		[]string{"service", "step"})
	m.satisfaction = f.NewHistogramVec(prometheus.HistogramOpts{Name: "pishkhan_journey_satisfaction",
		Help: "Satisfaction answers (1-5) by service and outcome (submitted: after the receipt; cancelled: after a cancel).", Buckets: RatingBuckets},
		[]string{"service", "outcome"})
	m.stopReasons = counter("pishkhan_journey_stop_reasons_total", "Reasons citizens who cancelled gave for stopping, by service and reason.", "service", "reason")
	m.refusals = counter("pishkhan_journey_refusals_total", "Answers refused, by service, step, field and kind of refusal (never the value).",
		"service", "step", "field", "kind")

	build := f.NewGaugeVec(prometheus.GaugeOpts{Name: "pishkhan_build_info", Help: "The kiosk's version and identity; always 1."}, []string{"version", "device_id", "kiosk_number", "mode"})
	build.WithLabelValues(info.Version, info.DeviceID, strconv.Itoa(info.KioskNumber), info.Mode).Set(1)
	m.reg.MustRegister(stateCollector{m})
	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.precreate(info, cat)
	return m
}

// precreate makes, at zero, the series every device fills first: each
// service's journeys in the device's plain segment (its channel and
// languages, no accessibility option, not assisted), the time and
// satisfaction of journeys submitted and cancelled, the time on each form
// step, and the reasons for stopping. Prometheus sees a series' first
// value as where it starts, not as an increase: without these, a
// device's first journey of a service would be missing from rates.
func (m *Metrics) precreate(info Info, cat *kiosk.Catalogue) {
	if cat == nil {
		return
	}
	ch := in(m.b.channels, string(info.Channel))
	for _, svc := range cat.Services {
		for _, l := range info.Langs {
			for _, o := range Outcomes {
				m.journeys.WithLabelValues(svc.Code, ch, in(m.b.langs, string(l)), kiosk.A11yNone, kiosk.SegmentSelf, string(o))
			}
		}
		for _, o := range SurveyOutcomes {
			m.satisfaction.WithLabelValues(svc.Code, string(o))
			m.journeyDuration.WithLabelValues(svc.Code, string(o))
		}
		for _, st := range svc.Steps {
			m.stepDuration.WithLabelValues(svc.Code, st.ID)
		}
		for _, r := range kiosk.StopReasons {
			m.stopReasons.WithLabelValues(svc.Code, string(r))
		}
	}
}

// Event counts a session event; it is kiosk.SessionConfig.Events.
func (m *Metrics) Event(e kiosk.Event) {
	svc := m.b.service(e.Service)
	switch e.Kind {
	case kiosk.EventSessionStarted:
		m.sessionsStarted.Inc()
	case kiosk.EventServiceStarted:
		m.servicesStarted.WithLabelValues(svc).Inc()
	case kiosk.EventSessionCompleted:
		m.sessionsCompleted.WithLabelValues(svc).Inc()
	case kiosk.EventSessionAbandoned:
		m.sessionsAbandoned.WithLabelValues(svc, m.b.step(svc, e.Step)).Inc()
	case kiosk.EventIdleReset:
		m.idleResets.Inc()
	case kiosk.EventSatisfaction:
		m.satisfactionAns.WithLabelValues(svc, rating(e.Value)).Inc()
	case kiosk.EventPrintFailed:
		m.printFailures.WithLabelValues(svc, printReason(e.Value)).Inc()
	}
}

// Journey counts a journey that ended; it is fed what
// kiosk.SessionConfig.Journeys is handed. It only adds to counters, so
// the session may call it holding its lock.
func (m *Metrics) Journey(j kiosk.Journey) {
	b := m.b
	svc := b.service(j.Service)
	seg := j.Segment()
	outcome := in(b.outcomes, string(j.Outcome))
	m.journeys.WithLabelValues(svc, in(b.channels, string(seg.Channel)), in(b.langs, string(seg.Lang)),
		in(b.a11y, seg.Accessibility), in(b.assisted, seg.Assisted), outcome).Inc()
	m.journeyDuration.WithLabelValues(svc, outcome).Observe(seconds(j.DurationMS))
	if j.Outcome != kiosk.OutcomeSubmitted {
		m.exits.WithLabelValues(svc, b.step(svc, j.ExitStep), in(b.exits, string(j.Outcome))).Inc()
	}
	for _, st := range j.Steps {
		m.stepDuration.WithLabelValues(svc, b.step(svc, st.Name())).Observe(seconds(st.LeftMS - st.EnteredMS))
	}
	if j.Satisfaction >= 1 && j.Satisfaction <= 5 {
		m.satisfaction.WithLabelValues(svc, in(b.surveys, string(j.Outcome))).Observe(float64(j.Satisfaction))
	}
	if j.StopReason != "" {
		m.stopReasons.WithLabelValues(svc, in(b.reasons, string(j.StopReason))).Inc()
	}
	for _, r := range j.Refusals {
		step := b.step(svc, r.Step)
		m.refusals.WithLabelValues(svc, step, b.field(svc, step, r.Field), in(b.kinds, r.Kind)).Inc()
	}
}

func seconds(ms int64) float64 { return float64(max(ms, 0)) / 1000 }

// SyncCall counts a call of the sync worker to the back office: call is
// one of SyncCalls, result one of SyncResults.
func (m *Metrics) SyncCall(call, result string) {
	m.syncCalls.WithLabelValues(in(m.b.calls, call), in(m.b.results, result)).Inc()
}

// MarkUIAlive records that the UI thread answered at t.
func (m *Metrics) MarkUIAlive(t time.Time) { m.uiAlive.Set(float64(t.UnixNano()) / 1e9) }

// Gather returns every metric as the endpoint would serve it.
func (m *Metrics) Gather() ([]*dto.MetricFamily, error) {
	mfs, err := m.reg.Gather()
	if err != nil {
		return nil, fmt.Errorf("gather metrics: %w", err)
	}
	return mfs, nil
}

// Queue reads the outbox's counts and when its oldest unsent submission
// was made (zero when none), looking for the oldest only when it may
// have changed.
func (m *Metrics) Queue() (Queue, time.Time, error) {
	if m.src.Outbox == nil {
		return Queue{}, time.Time{}, errors.New("read queue: no outbox")
	}
	return m.queue.read(m.src.Outbox, m.src.Now())
}

// Handler serves the metrics in the Prometheus text format at /metrics.
func (m *Metrics) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintln(w, "Pishkhan kiosk: metrics at /metrics")
	})
	return mux
}

// Listen opens the metrics endpoint's socket; Serve then answers on it.
func (m *Metrics) Listen(addr string) (net.Listener, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics endpoint: %w", err)
	}
	return l, nil
}

// Serve answers on l until ctx is done.
func (m *Metrics) Serve(ctx context.Context, l net.Listener, log *slog.Logger) {
	srv := &http.Server{Handler: m.Handler(), ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 30 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()
	if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Error("metrics endpoint stopped", "err", err)
	}
}
