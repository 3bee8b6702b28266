// Command bench-appliance measures the appliance beside what a site would
// pick instead of it, a Chromium kiosk showing a web page of the same nine
// services, and beside Fyne's own hello-world window, each started in turn
// on a fresh Xvfb: launch to first content, and memory (PSS) once settled.
// Then it walks the real kiosk through many sessions with keys sent from
// outside the process, timing each key to the frame that shows its effect,
// and measuring memory after the first session and after the last.
//
// `make bench-appliance` builds what it needs and runs it; it prints
// Markdown tables for docs/performance.md.
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"
)

// options are what the command line chose.
type options struct {
	runs, sessions     int
	kioskBin, helloBin string
	chromium, pageDir  string
	w, h               int
	settle             time.Duration
	walkMode           string
	idle, rest         time.Duration
	every              int
	metricsAddr        string
	probe              string
	// kioskEnv is the environment the kiosk is deployed with (the
	// systemd unit's Environment= lines), given to every kiosk started.
	kioskEnv []string
}

func main() {
	var o options
	flag.IntVar(&o.runs, "n", 5, "launches of each subject, interleaved")
	flag.IntVar(&o.sessions, "sessions", 200, "sessions walked through the kiosk (0: no walk)")
	flag.StringVar(&o.kioskBin, "kiosk", "bin/kiosk", "the appliance binary")
	flag.StringVar(&o.helloBin, "hello", "bin/fyne-hello", "Fyne's hello-world window, built from cmd/bench-appliance/testdata/hello")
	flag.StringVar(&o.chromium, "chromium", "chromium", "the Chromium binary (empty: leave Chromium out)")
	flag.StringVar(&o.pageDir, "page", "cmd/bench-appliance/testdata", "folder holding services-fa.html")
	flag.IntVar(&o.w, "width", 1280, "screen width")
	flag.IntVar(&o.h, "height", 800, "screen height")
	flag.DurationVar(&o.settle, "settle", 3*time.Second, "time after first content before memory is measured")
	flag.StringVar(&o.walkMode, "walk-mode", "kiosk", "mode of the walked kiosk: kiosk or tv")
	flag.StringVar(&o.metricsAddr, "metrics", "127.0.0.1:9311", "the kiosk's metrics address, where its Go heap is read (another kiosk may hold the default)")
	flag.DurationVar(&o.idle, "idle", 0, "after the walk, leave the kiosk idle this long and measure its memory again (Fyne expires its caches after a minute)")
	flag.DurationVar(&o.rest, "rest", 30*time.Second, "time the walked kiosk rests on its attract screen after a session before its memory is measured (at least FYNE_CACHE and 12 s: the kiosk forgets a session's screens then)")
	flag.IntVar(&o.every, "every", 25, "memory is measured after the first session, every this many sessions, and the last")
	flag.StringVar(&o.probe, "probe", probeDamage, "how a new frame is noticed: damage (X DAMAGE events, then one read of the screen) or poll (read the screen without pause, as the first harness did)")
	unit := flag.String("unit", "cmd/kiosk/pishkhan-kiosk.service", "the systemd unit whose Environment= lines the kiosk runs with, as deployed (empty: none)")
	flag.Parse()
	if *unit != "" {
		env, err := unitEnvironment(*unit)
		if err != nil {
			fmt.Fprintf(os.Stderr, "bench-appliance: %v\n", err)
			os.Exit(1)
		}
		o.kioskEnv = env
	}
	if err := run(o); err != nil {
		fmt.Fprintf(os.Stderr, "bench-appliance: %v\n", err)
		os.Exit(1)
	}
}

// unitEnvironment reads the Environment= lines of a systemd unit, but
// those that name the display (the harness gives its own).
func unitEnvironment(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("the kiosk's unit: %w", err)
	}
	var env []string
	for _, line := range strings.Split(string(b), "\n") {
		v, ok := strings.CutPrefix(strings.TrimSpace(line), "Environment=")
		if !ok {
			continue
		}
		for _, kv := range strings.Fields(v) {
			kv = strings.Trim(kv, `"`)
			name, _, ok := strings.Cut(kv, "=")
			if !ok || name == "DISPLAY" || name == "XAUTHORITY" || name == "WAYLAND_DISPLAY" {
				continue
			}
			env = append(env, kv)
		}
	}
	return env, nil
}

// run measures the subjects and walks the kiosk. o.metricsAddr is where
// the kiosk under test serves its Prometheus metrics (its Go heap is read
// there); it must be the only one listening on it.
func run(o options) error {
	for _, bin := range []string{o.kioskBin, o.helloBin} {
		if _, err := os.Stat(bin); err != nil {
			return fmt.Errorf("%w (make bench-appliance builds it)", err)
		}
	}
	if c, err := net.DialTimeout("tcp", o.metricsAddr, 200*time.Millisecond); err == nil {
		c.Close()
		return fmt.Errorf("something already listens on %s: stop other kiosks first", o.metricsAddr)
	}
	abs := func(p string) string { a, _ := filepath.Abs(p); return a }
	w, h := o.w, o.h
	kiosk := subject{
		name: "kiosk",
		command: func(d *display, scratch string) *exec.Cmd {
			cmd := exec.Command(abs(o.kioskBin), "-data", scratch, "-fullscreen", "-metrics", o.metricsAddr)
			cmd.Env = o.kioskEnv
			return cmd
		},
		goHeap: kioskGoHeap(o.metricsAddr),
	}
	hello := subject{
		name:    "fyne-hello",
		command: func(d *display, scratch string) *exec.Cmd { return exec.Command(abs(o.helloBin)) },
	}
	subjects := []subject{kiosk, hello}
	if o.chromium != "" {
		url, closePage, err := servePage(o.pageDir)
		if err != nil {
			return err
		}
		defer closePage()
		subjects = append(subjects, subject{
			name: "chromium",
			command: func(d *display, scratch string) *exec.Cmd {
				return exec.Command(o.chromium, "--kiosk", "--no-first-run", "--noerrdialogs",
					"--no-sandbox", // the harness may run as root, as CI does
					"--password-store=basic", "--disable-features=Translate",
					"--user-data-dir="+filepath.Join(scratch, "profile"),
					fmt.Sprintf("--window-size=%d,%d", w, h), "--window-position=0,0", url)
			},
		})
	}

	fmt.Printf("machine: %s, %d CPUs, %s; screen %d×%d on Xvfb (software GL); %d launches each, interleaved; frames noticed by %s; kiosk environment %q\n\n",
		cpuModel(), runtime.NumCPU(), loadAvg(), w, h, o.runs, o.probe, o.kioskEnv)
	first := map[string]sample{}
	pss := map[string]sample{}
	heap := sample{}
	for i := 0; i < o.runs; i++ {
		for _, s := range subjects {
			l, err := measureLaunch(s, w, h, o.settle, o.probe)
			if err != nil {
				return err
			}
			first[s.name] = append(first[s.name], secs(l.firstContent))
			pss[s.name] = append(pss[s.name], float64(l.pss))
			if s.goHeap != nil {
				heap = append(heap, float64(l.goHeap))
			}
			fmt.Fprintf(os.Stderr, "run %d %-10s first content %6.2f s  PSS %4.0f MB\n", i+1, s.name, l.firstContent.Seconds(), float64(l.pss)/1e6)
		}
	}
	fmt.Println("| | first content | PSS after start | first content ÷ Chromium | PSS ÷ Chromium |")
	fmt.Println("|---|---|---|---|---|")
	for _, s := range subjects {
		fmt.Printf("| %s | %s | %s | %s | %s |\n", s.name, first[s.name].seconds(), pss[s.name].megabytes(),
			ratio(first[s.name], first["chromium"]), ratio(pss[s.name], pss["chromium"]))
	}
	fmt.Printf("\nkiosk's Go heap and stacks at that time: %s\n", heap.megabytes())

	if o.sessions <= 0 {
		return nil
	}
	walk := o
	walk.kioskBin = abs(o.kioskBin)
	res, err := walkSessions(walk)
	if err != nil {
		return err
	}
	fmt.Printf("\n%d sessions walked (tax payment, %s mode, keys sent through XTEST); key to the first frame showing its effect:\n\n", res.sessions, o.walkMode)
	fmt.Println("| screen change | keys | p50 | p95 | max |")
	fmt.Println("|---|---|---|---|---|")
	names := make([]string, 0, len(res.latency))
	for name := range res.latency {
		names = append(names, name)
	}
	slices.SortFunc(names, func(a, b string) int { return strings.Compare(pathOrder(a), pathOrder(b)) })
	for _, name := range names {
		s := res.latency[name]
		label := name
		if label == "" {
			label = "(within a screen: a digit, the focus)"
		}
		fmt.Printf("| %s | %d | %.0f ms | %.0f ms | %.0f ms |\n", label, len(s), 1000*s.median(), 1000*s.quantile(0.95), 1000*s.max())
	}
	fmt.Printf("\nPSS after the first session %.1f MB, after session %d %.1f MB (%+.1f MB); Go heap and stacks %.1f MB → %.1f MB\n",
		float64(res.pssFirst)/1e6, res.sessions, float64(res.pssLast)/1e6, float64(res.pssLast-res.pssFirst)/1e6,
		float64(res.heapFirst)/1e6, float64(res.heapLast)/1e6)
	fmt.Printf("anonymous memory (PSS without the mapped binary and libraries) %.1f MB → %.1f MB (%+.1f MB)\n",
		float64(res.anonFirst)/1e6, float64(res.anonLast)/1e6, float64(res.anonLast-res.anonFirst)/1e6)
	if o.idle > 0 {
		fmt.Printf("after %s idle on the attract screen: PSS %.1f MB (%+.1f MB from the first session); Go heap and stacks %.1f MB\n",
			o.idle, float64(res.pssIdle)/1e6, float64(res.pssIdle-res.pssFirst)/1e6, float64(res.heapIdle)/1e6)
	}
	return nil
}

// pathOrder sorts screen changes in the order a citizen meets them.
func pathOrder(name string) string {
	order := []string{"language", "services", "intro", "step 1", "step 2", "review", "consent", "receipt", "survey", "thanks", "attract", ""}
	if i := slices.Index(order, name); i >= 0 {
		return fmt.Sprintf("%02d", i)
	}
	return "99" + name
}

// servePage serves the web kiosk's page on a loopback port.
func servePage(dir string) (url string, closeFn func(), err error) {
	if _, err := os.Stat(filepath.Join(dir, "services-fa.html")); err != nil {
		return "", nil, fmt.Errorf("the web kiosk's page: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("serve the web kiosk's page: %w", err)
	}
	srv := &http.Server{Handler: http.FileServer(http.Dir(dir)), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String() + "/services-fa.html", func() { _ = srv.Close() }, nil
}

func cpuModel() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}

func loadAvg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "load unknown"
	}
	return "load " + strings.Join(f[:3], " ")
}
