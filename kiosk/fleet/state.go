package fleet

import (
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/pishkhan/pishkhan/kiosk"
)

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

// PrinterStates lists every printer state, so that pishkhan_printer_state
// always has all its series.
var PrinterStates = []kiosk.PrinterState{kiosk.PrinterReady, kiosk.PrinterPaperLow, kiosk.PrinterPaperOut,
	kiosk.PrinterCoverOpen, kiosk.PrinterJammed, kiosk.PrinterOffline, kiosk.PrinterUnknown}

// stateCollector reads the device's state at scrape time.
type stateCollector struct{ m *Metrics }

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
	if src.Outbox != nil {
		q, oldest, err := c.m.Queue()
		if err != nil {
			fail("outbox")
		} else {
			for _, s := range slices.Sorted(maps.Keys(q.States)) {
				ch <- prometheus.MustNewConstMetric(descQueue, prometheus.GaugeValue, float64(q.States[s]), s)
			}
			age := 0.0
			if !oldest.IsZero() {
				age = max(src.Now().Sub(oldest).Seconds(), 0)
			}
			ch <- prometheus.MustNewConstMetric(descAge, prometheus.GaugeValue, age)
		}
	}
	if src.Health != nil {
		if h, ok := src.Health(); ok {
			ch <- prometheus.MustNewConstMetric(descOnline, prometheus.GaugeValue, boolValue(h.Online))
			ch <- prometheus.MustNewConstMetric(descAuth, prometheus.GaugeValue, boolValue(h.AuthFailed))
			if !h.LastContact.IsZero() {
				ch <- prometheus.MustNewConstMetric(descContact, prometheus.GaugeValue, float64(h.LastContact.Unix()))
			}
		}
	}
	if src.Printer != nil {
		if st, ok := src.Printer(); ok {
			for _, s := range PrinterStates {
				ch <- prometheus.MustNewConstMetric(descPrinter, prometheus.GaugeValue, boolValue(st.State == s), string(s))
			}
		}
	}
	if src.Disk != nil {
		free, total, err := src.Disk()
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

// oldestCache remembers when the oldest unsent submission was made.
// Finding it means listing the outbox in creation order, a scan past
// every acknowledged record before it (about 9 µs a record: a fifth of a
// second for 20,000), so it is looked for again only when it may have
// changed: when fewer are unsent (the oldest may have been sent), when
// the queue was empty, or after OldestMaxAge (a dead letter queued again
// is older than the rest). New submissions are never the oldest.
type oldestCache struct {
	mu     sync.Mutex
	at     time.Time
	unsent int
	oldest time.Time
}

// OldestMaxAge is how long the oldest unsent submission found is trusted
// while the backlog does not shrink.
const OldestMaxAge = 5 * time.Minute

func (c *oldestCache) read(q Outbox, now time.Time) (Queue, time.Time, error) {
	counts, err := q.Queue()
	if err != nil {
		return Queue{}, time.Time{}, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if counts.Unsent == 0 {
		c.at, c.unsent, c.oldest = now, 0, time.Time{}
		return counts, time.Time{}, nil
	}
	if !c.at.IsZero() && c.unsent > 0 && counts.Unsent >= c.unsent && now.Sub(c.at) < OldestMaxAge {
		c.unsent = counts.Unsent
		return counts, c.oldest, nil
	}
	oldest, err := q.OldestUnsent()
	if err != nil {
		return Queue{}, time.Time{}, err
	}
	c.at, c.unsent, c.oldest = now, counts.Unsent, oldest
	return counts, oldest, nil
}
