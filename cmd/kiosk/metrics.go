package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promauto"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/offline"
	"github.com/pishkhan/pishkhan/offline/open311"
)

// fleetMetrics is the kiosk's Prometheus endpoint: how the device is used
// and how it is doing, for fleet monitoring. Nothing in it is personal:
// labels are service codes, step IDs, ratings and states.
type fleetMetrics struct {
	reg *prometheus.Registry

	sessionsStarted   prometheus.Counter
	servicesStarted   *prometheus.CounterVec
	sessionsCompleted *prometheus.CounterVec
	sessionsAbandoned *prometheus.CounterVec
	idleResets        prometheus.Counter
	satisfaction      *prometheus.CounterVec
	printFailures     *prometheus.CounterVec
	syncCalls         *prometheus.CounterVec
	uiAlive           prometheus.Gauge

	// known bounds the label values events may bring: the catalogue's
	// service codes and step IDs.
	services map[string]bool
	steps    map[string]bool

	src   metricSources
	queue oldestCache
}

// metricSources are what the collectors read at scrape time; nil parts
// are left out.
type metricSources struct {
	outbox  queueSource
	health  func() (offline.Health, bool)
	printer func() (kiosk.PrinterStatus, bool)
	disk    func() (free, total uint64, err error)
	now     func() time.Time
}

// queueSource is what the metrics read of the outbox.
type queueSource interface {
	Counts() (offline.Counts, error)
	List(opts offline.ListOptions, fn func(offline.Entry) error) error
}

// metricsInfo labels the build info metric.
type metricsInfo struct {
	version, deviceID string
	kioskNumber       int
	mode              config.Mode
}

func newFleetMetrics(info metricsInfo, cat *kiosk.Catalogue, src metricSources) *fleetMetrics {
	if src.now == nil {
		src.now = time.Now
	}
	m := &fleetMetrics{reg: prometheus.NewRegistry(), src: src, services: map[string]bool{}, steps: map[string]bool{}}
	for _, svc := range cat.Services {
		m.services[svc.Code] = true
		for _, st := range svc.Steps {
			m.steps[st.ID] = true
		}
	}
	// Steps outside the form, as kiosk.Session names them.
	for _, s := range []kiosk.Stage{kiosk.StageLanguage, kiosk.StageServices, kiosk.StageIntro, kiosk.StageReview, kiosk.StageConsent} {
		m.steps[string(s)] = true
	}
	f := promauto.With(m.reg)
	m.sessionsStarted = f.NewCounter(prometheus.CounterOpts{Name: "pishkhan_sessions_started_total", Help: "Sessions started: a citizen left the attract screen."})
	m.servicesStarted = f.NewCounterVec(prometheus.CounterOpts{Name: "pishkhan_service_sessions_started_total", Help: "Services chosen on the service grid, by service."}, []string{"service"})
	m.sessionsCompleted = f.NewCounterVec(prometheus.CounterOpts{Name: "pishkhan_sessions_completed_total", Help: "Sessions whose submission was stored, by service."}, []string{"service"})
	m.sessionsAbandoned = f.NewCounterVec(prometheus.CounterOpts{Name: "pishkhan_sessions_abandoned_total", Help: "Sessions ended before a submission (cancelled or idle), by service and the step left."}, []string{"service", "step"})
	m.idleResets = f.NewCounter(prometheus.CounterOpts{Name: "pishkhan_idle_resets_total", Help: "Sessions wiped by the idle timer."})
	m.satisfaction = f.NewCounterVec(prometheus.CounterOpts{Name: "pishkhan_satisfaction_answers_total", Help: "Answers to the satisfaction survey, by service and rating (1-5)."}, []string{"service", "rating"})
	m.printFailures = f.NewCounterVec(prometheus.CounterOpts{Name: "pishkhan_receipt_print_failures_total", Help: "Receipts that did not print, by service and reason."}, []string{"service", "reason"})
	m.syncCalls = f.NewCounterVec(prometheus.CounterOpts{Name: "pishkhan_sync_calls_total", Help: "Calls of the sync worker to the back office, by call (post, token, status) and result (ok, rejected, failed, auth_failed)."}, []string{"call", "result"})
	m.uiAlive = f.NewGauge(prometheus.GaugeOpts{Name: "pishkhan_ui_alive_timestamp_seconds", Help: "When the UI thread last answered the watchdog (Unix time)."})
	build := f.NewGaugeVec(prometheus.GaugeOpts{Name: "pishkhan_build_info", Help: "The kiosk's version and identity; always 1."}, []string{"version", "device_id", "kiosk_number", "mode"})
	build.WithLabelValues(info.version, info.deviceID, strconv.Itoa(info.kioskNumber), string(info.mode)).Set(1)
	m.reg.MustRegister(stateCollector{m})
	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// event counts a session event; it is kiosk.SessionConfig.Events.
func (m *fleetMetrics) event(e kiosk.Event) {
	svc := m.label(m.services, e.Service)
	switch e.Kind {
	case kiosk.EventSessionStarted:
		m.sessionsStarted.Inc()
	case kiosk.EventServiceStarted:
		m.servicesStarted.WithLabelValues(svc).Inc()
	case kiosk.EventSessionCompleted:
		m.sessionsCompleted.WithLabelValues(svc).Inc()
	case kiosk.EventSessionAbandoned:
		m.sessionsAbandoned.WithLabelValues(svc, m.label(m.steps, e.Step)).Inc()
	case kiosk.EventIdleReset:
		m.idleResets.Inc()
	case kiosk.EventSatisfaction:
		rating := "other"
		if n, err := strconv.Atoi(e.Value); err == nil && n >= 1 && n <= 5 {
			rating = e.Value
		}
		m.satisfaction.WithLabelValues(svc, rating).Inc()
	case kiosk.EventPrintFailed:
		m.printFailures.WithLabelValues(svc, m.reason(e.Value)).Inc()
	}
}

// label keeps a label value the catalogue knows; anything else (a bug,
// or no service chosen yet) is "other" or "none", so no event can grow
// the number of series without bound.
func (m *fleetMetrics) label(known map[string]bool, v string) string {
	switch {
	case v == "":
		return "none"
	case known[v]:
		return v
	}
	return "other"
}

// reason shortens a print failure's message key to its last part
// ("receipt.print.paper_out" → "paper_out"), bounded in length.
func (m *fleetMetrics) reason(key string) string {
	for i := len(key) - 1; i >= 0; i-- {
		if key[i] == '.' {
			key = key[i+1:]
			break
		}
	}
	if key == "" || len(key) > 40 {
		return "other"
	}
	return key
}

// markUIAlive records that the UI thread answered.
func (m *fleetMetrics) markUIAlive(t time.Time) { m.uiAlive.Set(float64(t.UnixNano()) / 1e9) }

// upstream counts the sync worker's calls to the back office.
func (m *fleetMetrics) upstream(up offline.Upstream) offline.Upstream {
	return countingUpstream{up: up, m: m}
}

type countingUpstream struct {
	up offline.Upstream
	m  *fleetMetrics
}

func (c countingUpstream) count(call string, err error) {
	result := "ok"
	switch {
	case err == nil:
	case open311.IsAuth(err):
		result = "auth_failed"
	case open311.IsRetryable(err):
		result = "failed"
	default:
		result = "rejected"
	}
	c.m.syncCalls.WithLabelValues(call, result).Inc()
}

func (c countingUpstream) PostRequest(ctx context.Context, r open311.Request) (open311.PostResult, error) {
	res, err := c.up.PostRequest(ctx, r)
	c.count("post", err)
	return res, err
}

func (c countingUpstream) RequestIDForToken(ctx context.Context, token string) (string, error) {
	id, err := c.up.RequestIDForToken(ctx, token)
	c.count("token", err)
	return id, err
}

func (c countingUpstream) Request(ctx context.Context, id string) (open311.ServiceRequest, error) {
	r, err := c.up.Request(ctx, id)
	c.count("status", err)
	return r, err
}

func (c countingUpstream) Search(ctx context.Context, q open311.Query) ([]open311.ServiceRequest, error) {
	rs, err := c.up.Search(ctx, q)
	c.count("search", err)
	return rs, err
}

var (
	descQueue = prometheus.NewDesc("pishkhan_outbox_submissions", "Submissions in the outbox, by state.", []string{"state"}, nil)
	descAge   = prometheus.NewDesc("pishkhan_outbox_oldest_unsent_age_seconds",
		"Age of the oldest submission not yet acknowledged by the back office; 0 when all are.", nil, nil)
	descOnline      = prometheus.NewDesc("pishkhan_backoffice_up", "1 while the back office answers normally.", nil, nil)
	descAuth        = prometheus.NewDesc("pishkhan_backoffice_auth_failed", "1 while the back office refuses the api_key.", nil, nil)
	descContact     = prometheus.NewDesc("pishkhan_backoffice_last_contact_timestamp_seconds", "Last normal answer of the back office (Unix time).", nil, nil)
	descPrinter     = prometheus.NewDesc("pishkhan_printer_state", "1 for the receipt printer's current state.", []string{"state"}, nil)
	descDisk        = prometheus.NewDesc("pishkhan_data_free_bytes", "Free bytes on the data directory's file system.", nil, nil)
	descDiskTotal   = prometheus.NewDesc("pishkhan_data_size_bytes", "Size of the data directory's file system.", nil, nil)
	descScrapeError = prometheus.NewDesc("pishkhan_metrics_source_errors", "1 for each source that could not be read at this scrape.", []string{"source"}, nil)
)

// printerStates lists every state, so that a state set always has all its
// series.
var printerStates = []kiosk.PrinterState{kiosk.PrinterReady, kiosk.PrinterPaperLow, kiosk.PrinterPaperOut,
	kiosk.PrinterCoverOpen, kiosk.PrinterJammed, kiosk.PrinterOffline, kiosk.PrinterUnknown}

// stateCollector reads the device's state at scrape time.
type stateCollector struct{ m *fleetMetrics }

func (c stateCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descQueue, descAge, descOnline, descAuth, descContact, descPrinter, descDisk, descDiskTotal, descScrapeError} {
		ch <- d
	}
}

func (c stateCollector) Collect(ch chan<- prometheus.Metric) {
	src := c.m.src
	fail := func(source string) {
		ch <- prometheus.MustNewConstMetric(descScrapeError, prometheus.GaugeValue, 1, source)
	}
	if src.outbox != nil {
		counts, oldest, err := c.m.queue.read(src.outbox, src.now())
		if err != nil {
			fail("outbox")
		} else {
			for _, s := range offline.States {
				ch <- prometheus.MustNewConstMetric(descQueue, prometheus.GaugeValue, float64(counts[s]), string(s))
			}
			age := 0.0
			if !oldest.IsZero() {
				age = max(src.now().Sub(oldest).Seconds(), 0)
			}
			ch <- prometheus.MustNewConstMetric(descAge, prometheus.GaugeValue, age)
		}
	}
	if src.health != nil {
		if h, ok := src.health(); ok {
			ch <- prometheus.MustNewConstMetric(descOnline, prometheus.GaugeValue, boolValue(h.Online))
			ch <- prometheus.MustNewConstMetric(descAuth, prometheus.GaugeValue, boolValue(h.AuthFailed))
			if !h.LastContact.IsZero() {
				ch <- prometheus.MustNewConstMetric(descContact, prometheus.GaugeValue, float64(h.LastContact.Unix()))
			}
		}
	}
	if src.printer != nil {
		if st, ok := src.printer(); ok {
			for _, s := range printerStates {
				ch <- prometheus.MustNewConstMetric(descPrinter, prometheus.GaugeValue, boolValue(st.State == s), string(s))
			}
		}
	}
	if src.disk != nil {
		free, total, err := src.disk()
		if err != nil {
			fail("disk")
		} else {
			ch <- prometheus.MustNewConstMetric(descDisk, prometheus.GaugeValue, float64(free))
			ch <- prometheus.MustNewConstMetric(descDiskTotal, prometheus.GaugeValue, float64(total))
		}
	}
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// oldestCache remembers when the oldest unsent submission was made. It is
// found by listing the outbox in creation order, a scan past every
// acknowledged record before it (about 9 µs a record: a fifth of a
// second for 20,000), so it is looked for again only when it may have
// changed: when fewer are unsent (the oldest may have been sent), when
// the queue was empty, or after oldestMaxAge (a dead letter queued again
// is older than the rest). New submissions are never the oldest.
type oldestCache struct {
	mu     sync.Mutex
	at     time.Time
	unsent int
	oldest time.Time
}

const oldestMaxAge = 5 * time.Minute

func (c *oldestCache) read(q queueSource, now time.Time) (offline.Counts, time.Time, error) {
	counts, err := q.Counts()
	if err != nil {
		return nil, time.Time{}, err
	}
	unsent := counts[offline.StateQueued] + counts[offline.StateSending]
	c.mu.Lock()
	defer c.mu.Unlock()
	if unsent == 0 {
		c.at, c.unsent, c.oldest = now, 0, time.Time{}
		return counts, time.Time{}, nil
	}
	if !c.at.IsZero() && c.unsent > 0 && unsent >= c.unsent && now.Sub(c.at) < oldestMaxAge {
		c.unsent = unsent
		return counts, c.oldest, nil
	}
	oldest, err := oldestUnsent(q, counts)
	if err != nil {
		return nil, time.Time{}, err
	}
	c.at, c.unsent, c.oldest = now, unsent, oldest
	return counts, oldest, nil
}

// oldestUnsent returns when the oldest queued or sending submission was
// made.
func oldestUnsent(q queueSource, counts offline.Counts) (time.Time, error) {
	var oldest time.Time
	for _, st := range []offline.State{offline.StateQueued, offline.StateSending} {
		if counts[st] == 0 {
			continue
		}
		err := q.List(offline.ListOptions{State: st, Limit: 1}, func(e offline.Entry) error {
			if oldest.IsZero() || e.CreatedAt.Before(oldest) {
				oldest = e.CreatedAt
			}
			return nil
		})
		if err != nil {
			return time.Time{}, err
		}
	}
	return oldest, nil
}

// handler serves the metrics in the Prometheus text format.
func (m *fleetMetrics) handler() http.Handler {
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

// listen opens the metrics endpoint's socket; serve then answers on it
// until ctx is done.
func (m *fleetMetrics) listen(addr string) (net.Listener, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics endpoint: %w", err)
	}
	return l, nil
}

func (m *fleetMetrics) serve(ctx context.Context, l net.Listener, log *slog.Logger) {
	srv := &http.Server{Handler: m.handler(), ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 30 * time.Second}
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
