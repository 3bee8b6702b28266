package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/kiosk/fleet"
	"github.com/pishkhan/pishkhan/offline"
	"github.com/pishkhan/pishkhan/offline/open311"
)

// upstreamFake answers the sync worker's calls with the errors a test
// queues.
type upstreamFake struct{ errs []error }

func (u *upstreamFake) next() error {
	if len(u.errs) == 0 {
		return nil
	}
	err := u.errs[0]
	u.errs = u.errs[1:]
	return err
}

func (u *upstreamFake) PostRequest(context.Context, open311.Request) (open311.PostResult, error) {
	return open311.PostResult{ServiceRequestID: "1"}, u.next()
}

func (u *upstreamFake) RequestIDForToken(context.Context, string) (string, error) {
	return "1", u.next()
}

func (u *upstreamFake) Request(context.Context, string) (open311.ServiceRequest, error) {
	return open311.ServiceRequest{}, u.next()
}

func (u *upstreamFake) Search(context.Context, open311.Query) ([]open311.ServiceRequest, error) {
	return nil, u.next()
}

// scrape gets addr's /metrics and parses it with the Prometheus text
// parser.
func scrape(t *testing.T, addr string) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		body, _ := io.ReadAll(resp.Body)
		t.Fatalf("GET /metrics: %s %s\n%s", resp.Status, resp.Header.Get("Content-Type"), body)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	mfs, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("parse metrics: %v", err)
	}
	return mfs
}

// value returns the value of the series of family name whose labels are
// labels ("k=v" pairs); it fails when there is none.
func value(t *testing.T, mfs map[string]*dto.MetricFamily, name string, labels ...string) float64 {
	t.Helper()
	mf, ok := mfs[name]
	if !ok {
		t.Fatalf("no metric %s", name)
	}
	for _, m := range mf.GetMetric() {
		have := map[string]string{}
		for _, lp := range m.GetLabel() {
			have[lp.GetName()] = lp.GetValue()
		}
		match := true
		for _, kv := range labels {
			k, v, _ := strings.Cut(kv, "=")
			match = match && have[k] == v
		}
		if !match {
			continue
		}
		switch {
		case m.Counter != nil:
			return m.GetCounter().GetValue()
		case m.Gauge != nil:
			return m.GetGauge().GetValue()
		}
		return m.GetUntyped().GetValue()
	}
	t.Fatalf("no series %s%v", name, labels)
	return 0
}

type clockAt struct{ t time.Time }

func (c *clockAt) Now() time.Time { return c.t }

func TestMetricsEndpointScrapedAndParsed(t *testing.T) {
	clock := &clockAt{t: time.Date(2025, 8, 3, 9, 0, 0, 0, time.UTC)}
	o, err := offline.Open(t.TempDir(), offline.Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	is, _ := kiosk.NewIssuer(1207, clock, 0)
	for i := range 3 {
		id, _ := kiosk.NewSubmissionID()
		clock.t = clock.t.Add(time.Minute) // created 9:01, 9:02, 9:03
		s := kiosk.Submission{ID: id, TrackingCode: is.Next(), ServiceCode: "tax", KioskID: "IKA-T1-07", Lang: kiosk.Persian,
			CreatedAt: clock.t, Answers: map[string]string{"n": fmt.Sprint(i)}}
		if err := o.Enqueue(context.Background(), s); err != nil {
			t.Fatal(err)
		}
	}
	clock.t = time.Date(2025, 8, 3, 10, 1, 0, 0, time.UTC) // the oldest is an hour old
	lastContact := time.Date(2025, 8, 3, 8, 0, 0, 0, time.UTC)
	cat := kiosk.DefaultCatalogue()
	tax, _ := cat.Service("tax")
	src := fleet.Sources{
		Outbox:  outboxQueue{o},
		Health:  func() (fleet.Health, bool) { return fleet.Health{Online: false, LastContact: lastContact}, true },
		Printer: func() (kiosk.PrinterStatus, bool) { return kiosk.PrinterStatus{State: kiosk.PrinterPaperOut}, true },
		Disk:    func() (uint64, uint64, error) { return 5 << 30, 16 << 30, nil },
		Now:     clock.Now,
	}
	m := fleet.New(fleet.Info{Version: "v1.4.2", DeviceID: "IKA-T1-07", KioskNumber: 1207, Mode: string(config.ModeKiosk)}, cat, src)

	events := []kiosk.Event{
		{Kind: kiosk.EventSessionStarted}, {Kind: kiosk.EventSessionStarted}, {Kind: kiosk.EventSessionStarted},
		{Kind: kiosk.EventServiceStarted, Service: "tax"}, {Kind: kiosk.EventServiceStarted, Service: "tax"},
		{Kind: kiosk.EventSessionCompleted, Service: "tax"},
		{Kind: kiosk.EventSessionAbandoned, Service: "tax", Step: tax.Steps[0].ID},
		{Kind: kiosk.EventSessionAbandoned, Service: "", Step: "language"},
		{Kind: kiosk.EventIdleReset},
		{Kind: kiosk.EventSatisfaction, Service: "tax", Value: "5"},
		{Kind: kiosk.EventSatisfaction, Service: "tax", Value: "5"},
		{Kind: kiosk.EventSatisfaction, Service: "no-such-service", Value: "99"},
		{Kind: kiosk.EventPrintFailed, Service: "tax", Value: "printer.state.paper_out"},
		{Kind: kiosk.EventPrintFailed, Service: "tax", Value: "not a message key, however long it is"},
	}
	for _, e := range events {
		m.Event(e)
	}
	up := countingUpstream{m: m, up: &upstreamFake{errs: []error{
		nil,
		&open311.Error{Op: "post request", StatusCode: 503},
		&open311.Error{Op: "post request", StatusCode: 403},
		&open311.Error{Op: "post request", StatusCode: 400, Errors: []open311.APIError{{Code: "400", Description: "bad service_code"}}},
	}}}
	for range 4 {
		up.PostRequest(context.Background(), open311.Request{})
	}
	up.Request(context.Background(), "1")
	m.MarkUIAlive(time.Unix(1754211600, 0))

	l, err := m.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { m.Serve(ctx, l, slog.New(slog.DiscardHandler)); close(done) }()
	defer func() { cancel(); <-done }()

	mfs := scrape(t, l.Addr().String())
	tests := []struct {
		name   string
		labels []string
		want   float64
	}{
		{"pishkhan_outbox_submissions", []string{"state=queued"}, 3},
		{"pishkhan_outbox_submissions", []string{"state=dead"}, 0},
		{"pishkhan_outbox_oldest_unsent_age_seconds", nil, 3600},
		{"pishkhan_sessions_started_total", nil, 3},
		{"pishkhan_service_sessions_started_total", []string{"service=tax"}, 2},
		{"pishkhan_sessions_completed_total", []string{"service=tax"}, 1},
		{"pishkhan_sessions_abandoned_total", []string{"service=tax", "step=" + tax.Steps[0].ID}, 1},
		{"pishkhan_sessions_abandoned_total", []string{"service=none", "step=language"}, 1},
		{"pishkhan_idle_resets_total", nil, 1},
		{"pishkhan_satisfaction_answers_total", []string{"service=tax", "rating=5"}, 2},
		{"pishkhan_satisfaction_answers_total", []string{"service=other", "rating=other"}, 1},
		{"pishkhan_receipt_print_failures_total", []string{"service=tax", "reason=paper_out"}, 1},
		{"pishkhan_receipt_print_failures_total", []string{"service=tax", "reason=other"}, 1},
		{"pishkhan_sync_calls_total", []string{"call=post", "result=ok"}, 1},
		{"pishkhan_sync_calls_total", []string{"call=post", "result=failed"}, 1},
		{"pishkhan_sync_calls_total", []string{"call=post", "result=auth_failed"}, 1},
		{"pishkhan_sync_calls_total", []string{"call=post", "result=rejected"}, 1},
		{"pishkhan_sync_calls_total", []string{"call=status", "result=ok"}, 1},
		{"pishkhan_backoffice_up", nil, 0},
		{"pishkhan_backoffice_last_contact_timestamp_seconds", nil, float64(lastContact.Unix())},
		{"pishkhan_printer_state", []string{"state=paper-out"}, 1},
		{"pishkhan_printer_state", []string{"state=ready"}, 0},
		{"pishkhan_data_free_bytes", nil, 5 << 30},
		{"pishkhan_ui_alive_timestamp_seconds", nil, 1754211600},
		{"pishkhan_build_info", []string{"version=v1.4.2", "device_id=IKA-T1-07", "kiosk_number=1207", "mode=kiosk"}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name+strings.Join(tc.labels, ","), func(t *testing.T) {
			if got := value(t, mfs, tc.name, tc.labels...); got != tc.want {
				t.Errorf("%s%v = %v, want %v", tc.name, tc.labels, got, tc.want)
			}
		})
	}
	if _, ok := mfs["go_goroutines"]; !ok {
		t.Error("no Go runtime metrics")
	}

	// Two scrapes with the same backlog list the outbox once.
	q := &countingQueue{queueSource: o}
	src.Outbox = outboxQueue{q}
	m2 := fleet.New(fleet.Info{}, cat, src)
	m2.Gather()
	m2.Gather()
	if q.lists != 1 {
		t.Errorf("two scrapes with the same backlog listed the outbox %d times, want 1 (cached)", q.lists)
	}
}

// countingQueue counts the searches for the oldest unsent submission.
type countingQueue struct {
	queueSource
	lists int
}

func (c *countingQueue) OldestUnsent(counts offline.Counts) (time.Time, error) {
	c.lists++
	return c.queueSource.OldestUnsent(counts)
}

func TestMetricsEndpointOnlyOnLoopbackByDefault(t *testing.T) {
	cfg := config.Default()
	if got := cfg.Metrics.Address(); got != "127.0.0.1:9311" {
		t.Errorf("default metrics address %q", got)
	}
	m := fleet.New(fleet.Info{}, kiosk.DefaultCatalogue(), fleet.Sources{})
	if _, err := m.Listen("127.0.0.1:notaport"); err == nil {
		t.Error("listen on a bad address succeeded")
	}
}

func TestMetricsCountApplianceSessionsAndJourneys(t *testing.T) {
	test.NewTempApp(t)
	dir := t.TempDir()
	a, err := assemble(Options{DataDir: dir, ConfigPath: filepath.Join(dir, "config.yaml")}, &clockAt{t: time.Now()}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	a.session.Start()
	a.session.Cancel()
	mfs, err := a.tech.metrics.Gather()
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]float64{}
	for _, mf := range mfs {
		for _, mm := range mf.GetMetric() {
			if mm.Counter != nil {
				found[mf.GetName()] += mm.GetCounter().GetValue()
			}
		}
	}
	if found["pishkhan_sessions_started_total"] != 1 || found["pishkhan_sessions_abandoned_total"] != 1 {
		t.Errorf("the session's events did not reach the metrics: %v", found)
	}
	if found["pishkhan_journeys_total"] != 1 || found["pishkhan_journey_exits_total"] != 1 {
		t.Errorf("the session's journey did not reach the metrics: %v", found)
	}
}

// BenchmarkMetricsScrape measures a scrape of a device with a long
// history: 20,000 submissions the back office acknowledged, then one
// waiting. Finding the oldest unsent one means walking past the others;
// the cache keeps that off most scrapes.
func BenchmarkMetricsScrape(b *testing.B) {
	const history = 20000
	clock := &clockAt{t: time.Date(2025, 8, 3, 9, 0, 0, 0, time.UTC)}
	o, err := offline.Open(b.TempDir(), offline.Options{Clock: clock})
	if err != nil {
		b.Fatal(err)
	}
	defer o.Close()
	is, _ := kiosk.NewIssuer(1207, clock, 0)
	enqueue := func() {
		id, _ := kiosk.NewSubmissionID()
		clock.t = clock.t.Add(time.Second)
		s := kiosk.Submission{ID: id, TrackingCode: is.Next(), ServiceCode: "tax", Lang: kiosk.Persian, CreatedAt: clock.t,
			Answers: map[string]string{}}
		if err := o.Enqueue(context.Background(), s); err != nil {
			b.Fatal(err)
		}
	}
	for range history {
		enqueue()
	}
	sy := offline.NewSyncer(o, &upstreamFake{}, offline.SyncConfig{Catalogue: kiosk.DefaultCatalogue(),
		Location: config.Location{Address: "Terminal 1"}, Clock: clock, Concurrency: 8})
	for {
		rep, err := sy.SyncNow(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		if rep.Sent+rep.Dead == 0 {
			break
		}
	}
	enqueue()
	q := &countingQueue{queueSource: o}
	src := fleet.Sources{Outbox: outboxQueue{q}, Now: clock.Now}
	for _, bc := range []struct {
		name   string
		cached bool
	}{{"cached", true}, {"uncached", false}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			m := fleet.New(fleet.Info{}, kiosk.DefaultCatalogue(), src)
			m.Gather() // the first scrape always looks
			for b.Loop() {
				if !bc.cached {
					m = fleet.New(fleet.Info{}, kiosk.DefaultCatalogue(), src)
				}
				if _, err := m.Gather(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(history), "records")
		})
	}
}

func TestMetricsLookForOldestUnsentOnlyWhenItMayChange(t *testing.T) {
	clock := &clockAt{t: time.Date(2025, 8, 3, 9, 0, 0, 0, time.UTC)}
	o, err := offline.Open(t.TempDir(), offline.Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	is, _ := kiosk.NewIssuer(1207, clock, 0)
	var first time.Time
	enqueue := func() {
		id, _ := kiosk.NewSubmissionID()
		clock.t = clock.t.Add(time.Minute)
		if first.IsZero() {
			first = clock.t
		}
		s := kiosk.Submission{ID: id, TrackingCode: is.Next(), ServiceCode: "tax", Lang: kiosk.Persian, CreatedAt: clock.t, Answers: map[string]string{}}
		if err := o.Enqueue(context.Background(), s); err != nil {
			t.Fatal(err)
		}
	}
	q := &countingQueue{queueSource: o}
	m := fleet.New(fleet.Info{}, kiosk.DefaultCatalogue(), fleet.Sources{Outbox: outboxQueue{q}, Now: clock.Now})
	read := func() time.Time {
		t.Helper()
		_, oldest, err := m.Queue()
		if err != nil {
			t.Fatal(err)
		}
		return oldest
	}
	if !read().IsZero() || q.lists != 0 {
		t.Fatalf("an empty outbox was listed %d times", q.lists)
	}
	enqueue()
	enqueue()
	if got := read(); !got.Equal(first) || q.lists != 1 {
		t.Fatalf("oldest %v after %d listings, want %v after 1", got, q.lists, first)
	}
	enqueue() // a newer one cannot be the oldest
	if got := read(); !got.Equal(first) || q.lists != 1 {
		t.Errorf("a new submission made it list again (%d) or changed the oldest (%v)", q.lists, got)
	}
	clock.t = clock.t.Add(fleet.OldestMaxAge)
	read()
	if q.lists != 2 {
		t.Errorf("after %v the cache was not refreshed", fleet.OldestMaxAge)
	}
}
