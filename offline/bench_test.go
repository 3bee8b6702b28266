package offline_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/offline"
	"github.com/pishkhan/pishkhan/offline/open311"
	"github.com/pishkhan/pishkhan/offline/open311/devserver"
)

// Benchmarks (go test -run '^$' -bench . ./offline/). Large backlogs are
// built here only, never in plain go test. PISHKHAN_BENCH_BACKLOG and
// PISHKHAN_BENCH_DRAIN override their sizes (default 1,000,000 and
// 100,000).

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// benchAnswers are the answers of a realistic small form.
func benchAnswers(i int) map[string]string {
	return map[string]string{"national_code": nationalCode, "mobile": "09123456789", "extras": "garage", "note": fmt.Sprintf("bench %d", i)}
}

// fill bulk-loads n queued submissions.
func fill(b *testing.B, o *offline.Outbox, sub *submitter, n int) {
	b.Helper()
	const chunk = 50000
	for done := 0; done < n; {
		m := min(chunk, n-done)
		subs := make([]kiosk.Submission, m)
		for i := range subs {
			subs[i] = sub.next(benchAnswers(done + i))
		}
		if err := o.EnqueueMany(subs); err != nil {
			b.Fatal(err)
		}
		done += m
	}
}

func percentiles(b *testing.B, lat []time.Duration) {
	slices.Sort(lat)
	at := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds())
	}
	b.ReportMetric(at(0.50), "p50-µs")
	b.ReportMetric(at(0.99), "p99-µs")
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds()), "max-µs")
}

// benchEnqueue times durable Enqueue calls (one writer) on o.
func benchEnqueue(b *testing.B, o *offline.Outbox, sub *submitter) {
	lat := make([]time.Duration, 0, b.N)
	subs := make([]kiosk.Submission, b.N)
	for i := range subs {
		subs[i] = sub.next(benchAnswers(i))
	}
	ctx := context.Background()
	b.ResetTimer()
	for i := range b.N {
		start := time.Now()
		if err := o.Enqueue(ctx, subs[i]); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	percentiles(b, lat)
}

func BenchmarkEnqueueEmpty(b *testing.B) {
	clock := newClock()
	o := openOutbox(b, b.TempDir(), clock, offline.Options{Key: testKey})
	benchEnqueue(b, o, newSubmitter(b, clock, 0))
}

// backlog is a data directory holding a large queued backlog, built once
// per benchmark process.
var backlog struct {
	once   sync.Once
	dir    string
	serial uint64
	err    error
}

func BenchmarkEnqueueWithBacklog(b *testing.B) {
	n := envInt("PISHKHAN_BENCH_BACKLOG", 1_000_000)
	clock := newClock()
	backlog.once.Do(func() {
		backlog.dir, backlog.err = os.MkdirTemp("", "outbox-backlog")
		if backlog.err != nil {
			return
		}
		o, err := offline.Open(backlog.dir, offline.Options{Key: testKey, Clock: clock})
		if err != nil {
			backlog.err = err
			return
		}
		start := time.Now()
		fill(b, o, newSubmitter(b, clock, 0), n)
		backlog.serial = o.LastSerial()
		fi, _ := os.Stat(o.Path())
		b.Logf("backlog of %d queued built in %v; database %d MB", n, time.Since(start).Round(time.Second), fi.Size()>>20)
		backlog.err = o.Close()
	})
	if backlog.err != nil {
		b.Fatal(backlog.err)
	}
	o := openOutbox(b, backlog.dir, clock, offline.Options{Key: testKey})
	if c, _ := o.Counts(); c[offline.StateQueued] < n {
		b.Fatalf("backlog holds %d queued, want %d", c[offline.StateQueued], n)
	}
	b.ReportMetric(float64(n), "queued")
	benchEnqueue(b, o, newSubmitter(b, clock, o.LastSerial()))
}

// removeBacklog deletes the shared backlog after the benchmarks.
func removeBacklog() {
	if backlog.dir != "" {
		os.RemoveAll(backlog.dir)
	}
}

// BenchmarkDrain forwards a backlog to the reference Open311 endpoint
// (devserver.Server, which fsyncs every request it stores), run in a
// child process so that only the kiosk's memory is measured here.
func BenchmarkDrain(b *testing.B) {
	for _, n := range []int{envInt("PISHKHAN_BENCH_DRAIN", 100_000) / 10, envInt("PISHKHAN_BENCH_DRAIN", 100_000)} {
		b.Run(fmt.Sprintf("backlog=%d", n), func(b *testing.B) {
			for range b.N {
				drainOnce(b, n)
			}
		})
	}
}

func drainOnce(b *testing.B, n int) {
	b.StopTimer()
	url := startDevServer(b)
	clock := kiosk.SystemClock{}
	o, err := offline.Open(b.TempDir(), offline.Options{Key: testKey, Retention: time.Hour})
	if err != nil {
		b.Fatal(err)
	}
	defer o.Close()
	fill(b, o, newSubmitter(b, clock, 0), n)
	client, err := open311.New(config.BackOffice{URL: url, APIKey: "bench-key"})
	if err != nil {
		b.Fatal(err)
	}
	lat, long := 35.6892, 51.3890
	s := offline.NewSyncer(o, client, offline.SyncConfig{Catalogue: testCatalogue(), Location: config.Location{Lat: &lat, Long: &long},
		Concurrency: 8, Batch: 256})

	// Return what building the backlog used to the system, and restart
	// the kernel's peak, so the RSS measured is the drain's.
	debug.FreeOSMemory()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	peak := base.HeapInuse
	peakReset := resetPeakRSS()
	startRSS, _ := procStatus()
	peakAnon := startRSS["RssAnon"]
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapInuse)
				if st, ok := procStatus(); ok {
					peakAnon = max(peakAnon, st["RssAnon"])
				}
			}
		}
	}()
	b.StartTimer()
	start := time.Now()
	rep, err := s.Once(context.Background())
	elapsed := time.Since(start)
	b.StopTimer()
	close(stop)
	<-sampled
	if err != nil {
		b.Fatal(err)
	}
	if rep.Sent != n || rep.Counts[offline.StateSent] != n {
		b.Fatalf("drained %d of %d: %+v", rep.Sent, n, rep)
	}
	b.ReportMetric(float64(n)/elapsed.Seconds(), "submissions/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(base.HeapInuse)/(1<<20), "start-heap-MB")
	if end, ok := procStatus(); ok {
		// VmHWM is the kernel's exact peak of the whole process: Go heap
		// and runtime, and the pages of bbolt's memory map the drain
		// touched (file-backed, reclaimable). RssAnon, sampled like the
		// heap, leaves the map out.
		if !peakReset {
			b.Logf("could not reset the peak RSS: it includes building the backlog")
		}
		b.ReportMetric(float64(end["VmHWM"])/(1<<20), "peak-rss-MB")
		b.ReportMetric(float64(startRSS["VmRSS"])/(1<<20), "start-rss-MB")
		b.ReportMetric(float64(max(peakAnon, end["RssAnon"]))/(1<<20), "peak-rss-anon-MB")
	}
}

// procStatus reads the memory lines of /proc/self/status (VmRSS, VmHWM,
// RssAnon...) in bytes; ok is false where there is no /proc.
func procStatus() (map[string]int64, bool) {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return nil, false
	}
	out := map[string]int64{}
	for _, line := range strings.Split(string(data), "\n") {
		name, rest, ok := strings.Cut(line, ":")
		kb, unit, _ := strings.Cut(strings.TrimSpace(rest), " ")
		if n, err := strconv.ParseInt(kb, 10, 64); ok && err == nil && unit == "kB" {
			out[name] = n << 10
		}
	}
	_, ok := out["VmHWM"]
	return out, ok
}

// resetPeakRSS restarts the kernel's VmHWM at the current RSS (Linux 4.0
// and later).
func resetPeakRSS() bool {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// The reference server's child process.
const devServerEnv = "PISHKHAN_DEVSERVER_CHILD_DIR"

func devServerChild(dir string) error {
	srv, err := devserver.New(testCatalogue(), dir, devserver.Options{APIKey: "bench-key"})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	fmt.Printf("URL http://%s\n", ln.Addr())
	return http.Serve(ln, srv)
}

// startDevServer runs the reference server in a child process for the
// benchmark and returns its URL.
func startDevServer(b *testing.B) string {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$", "-test.bench=^$")
	cmd.Env = append(os.Environ(), devServerEnv+"="+b.TempDir())
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	sc := bufio.NewScanner(out)
	if !sc.Scan() || !strings.HasPrefix(sc.Text(), "URL ") {
		b.Fatalf("reference server did not start: %q", sc.Text())
	}
	go func() {
		for sc.Scan() {
		}
	}()
	return strings.TrimPrefix(sc.Text(), "URL ")
}
