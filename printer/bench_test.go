package printer_test

import (
	"runtime"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/printer"
)

// BenchmarkRender measures what a citizen waits for between the tracking
// code and the printer starting: signing the receipt's QR string and
// laying out the PDF with its QR code. Each iteration is a new receipt (its
// own tracking code and time). It reports p50 and p99 latency, the CPU
// time the process spent per receipt (garbage collection included; on a
// machine busy with other work the latencies wait for a core, the CPU time
// does not), the 99th percentile of the CPU time of the receipt's own
// thread (its critical path, which a busy machine does not lengthen) and
// the PDF size. Between receipts it waits for the work the
// printer does ahead for the next one, as a kiosk's minutes between
// citizens would; that work is not in the latencies but is in the CPU
// time.
func BenchmarkRender(b *testing.B) {
	for _, tc := range []struct {
		name      string
		lang      kiosk.Lang
		paper     config.Paper
		statusURL string
	}{
		{"fa-80mm-url", kiosk.Persian, config.Paper80mm, "https://status.example.ir/r"},
		{"fa-80mm-text", kiosk.Persian, config.Paper80mm, ""},
		{"en-80mm-url", kiosk.English, config.Paper80mm, "https://status.example.ir/r"},
		{"en-80mm-text", kiosk.English, config.Paper80mm, ""},
		{"fa-a4-url", kiosk.Persian, config.PaperA4, "https://status.example.ir/r"},
		{"fa-a4-text", kiosk.Persian, config.PaperA4, ""},
		{"en-a4-url", kiosk.English, config.PaperA4, "https://status.example.ir/r"},
		{"en-a4-text", kiosk.English, config.PaperA4, ""},
	} {
		b.Run(tc.name, func(b *testing.B) {
			opts := printer.Options{Paper: tc.paper, Fonts: testFonts(b), Location: "Terminal 1, arrivals hall"}
			base := testReceipt(tc.lang, trackingCode(1), "")
			// Warm up: the first receipt builds the font's glyph map once.
			if _, err := printer.Render(testReceipt(tc.lang, trackingCode(2), tc.statusURL), opts); err != nil {
				b.Fatal(err)
			}
			// The receipt's own thread, so its CPU time is the time on
			// the receipt's critical path, what the latency would be
			// with a core free whatever else the machine runs.
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			var lat, crit []time.Duration
			size := 0
			i := 0
			cpu0 := cpuTime()
			for b.Loop() {
				// A kiosk prints a receipt minutes after the last one,
				// when the next receipt's document is ready.
				printer.WaitPrepared()
				r := base
				r.TrackingCode = trackingCode(uint64(1000 + i))
				r.IssuedAt = base.IssuedAt.Add(time.Duration(i) * time.Second)
				start, startCPU := time.Now(), threadCPUTime()
				r.QR = kiosk.SignReceipt(testDeviceKey, r, tc.statusURL)
				pdf, err := printer.Render(r, opts)
				lat = append(lat, time.Since(start))
				crit = append(crit, threadCPUTime()-startCPU)
				if err != nil {
					b.Fatal(err)
				}
				size = max(size, len(pdf))
				i++
			}
			cpu := cpuTime() - cpu0
			b.ReportMetric(percentileMS(lat, 0.50), "p50-ms")
			b.ReportMetric(percentileMS(lat, 0.99), "p99-ms")
			b.ReportMetric(percentileMS(crit, 0.99), "p99-thread-cpu-ms")
			b.ReportMetric(float64(cpu.Microseconds())/1000/float64(len(lat)), "cpu-ms/op")
			b.ReportMetric(float64(size), "pdf-bytes")
		})
	}
}

// percentileMS is the p-th quantile of d, in milliseconds.
func percentileMS(d []time.Duration, p float64) float64 {
	d = slices.Clone(d)
	slices.Sort(d)
	return float64(d[min(len(d)-1, int(p*float64(len(d))))].Microseconds()) / 1000
}

// rusageThread is Linux's RUSAGE_THREAD: the calling thread alone.
const rusageThread = 1

// threadCPUTime is the CPU time the calling thread has used, user and
// system (zero where the system does not say).
func threadCPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
