package main_test

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk/config"
)

// dashboardPath is the Grafana dashboard the repository ships for a fleet.
const dashboardPath = "../../docs/grafana/pishkhan-fleet.json"

// promSample is one series of an instant query's answer.
type promSample struct {
	Metric map[string]string `json:"metric"`
	Value  [2]any            `json:"value"`
}

func (s promSample) number() float64 {
	v, _ := s.Value[1].(string)
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return math.NaN()
	}
	return f
}

// prometheus is Debian's prometheus running for one test, on loopback.
type prometheus struct {
	addr string
}

// freeLoopbackPort returns a TCP port free on 127.0.0.1 just now.
func freeLoopbackPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startPrometheus runs prometheus scraping targets every second, its web
// API on a free loopback port, and no other listener (no self-scrape,
// no remote write); it is stopped when the test ends.
func startPrometheus(t *testing.T, targets []string) *prometheus {
	t.Helper()
	dir := t.TempDir()
	var quoted []string
	for _, tg := range targets {
		quoted = append(quoted, strconv.Quote(tg))
	}
	conf := fmt.Sprintf("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n"+
		"scrape_configs:\n  - job_name: pishkhan\n    static_configs:\n      - targets: [%s]\n", strings.Join(quoted, ", "))
	if err := os.WriteFile(filepath.Join(dir, "prometheus.yml"), []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	p := &prometheus{addr: fmt.Sprintf("127.0.0.1:%d", freeLoopbackPort(t))}
	cmd := exec.Command("prometheus", "--config.file="+filepath.Join(dir, "prometheus.yml"),
		"--storage.tsdb.path="+filepath.Join(dir, "data"), "--web.listen-address="+p.addr, "--log.level=warn")
	logs, err := os.Create(filepath.Join(dir, "prometheus.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatalf("start prometheus: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		logs.Close()
		if t.Failed() {
			out, _ := os.ReadFile(logs.Name())
			t.Logf("prometheus log:\n%s", out)
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get("http://" + p.addr + "/-/ready")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				requireLoopbackOnly(t, cmd.Process.Pid)
				return p
			}
		}
		select {
		case err := <-done:
			out, _ := os.ReadFile(logs.Name())
			t.Fatalf("prometheus exited: %v\n%s", err, out)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("prometheus not ready within 30 s")
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// requireLoopbackOnly fails the test if process pid listens on a TCP or
// UDP socket that is not on the loopback interface, reading the sockets
// its file descriptors hold from /proc.
func requireLoopbackOnly(t *testing.T, pid int) {
	t.Helper()
	fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		t.Skipf("cannot read the sockets of prometheus: %v", err)
	}
	inodes := map[string]bool{}
	for _, fd := range fds {
		link, err := os.Readlink(fmt.Sprintf("/proc/%d/fd/%s", pid, fd.Name()))
		if ino, ok := strings.CutPrefix(link, "socket:["); ok && err == nil {
			inodes[strings.TrimSuffix(ino, "]")] = true
		}
	}
	loopback := map[string]bool{"0100007F": true, "00000000000000000000000001000000": true}
	listening := 0
	for _, table := range []string{"tcp", "tcp6", "udp", "udp6"} {
		data, err := os.ReadFile(fmt.Sprintf("/proc/%d/net/%s", pid, table))
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(data), "\n")[1:] {
			f := strings.Fields(line)
			if len(f) < 10 || !inodes[f[9]] {
				continue
			}
			// TCP: 0A is LISTEN; UDP: 07 is a bound socket.
			if (strings.HasPrefix(table, "tcp") && f[3] != "0A") || (strings.HasPrefix(table, "udp") && f[3] != "07") {
				continue
			}
			listening++
			host, _, _ := strings.Cut(f[1], ":")
			if !loopback[host] {
				t.Errorf("prometheus listens on %s %s, not on loopback", table, f[1])
			}
		}
	}
	if listening == 0 {
		t.Error("found no listening socket of prometheus: the check proves nothing")
	}
}

// query evaluates expr now through the HTTP API.
func (p *prometheus) query(t *testing.T, expr string) []promSample {
	t.Helper()
	resp, err := http.Get("http://" + p.addr + "/api/v1/query?query=" + url.QueryEscape(expr))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var r struct {
		Status string `json:"status"`
		Error  string `json:"error"`
		Data   struct {
			ResultType string       `json:"resultType"`
			Result     []promSample `json:"result"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatalf("query %s: %v: %s", expr, err, body)
	}
	if r.Status != "success" {
		t.Fatalf("query %s: %s", expr, r.Error)
	}
	if r.Data.ResultType != "vector" {
		t.Fatalf("query %s: a %s, want a vector", expr, r.Data.ResultType)
	}
	return r.Data.Result
}

// waitQuery waits (bounded) until ok accepts the answer to expr.
func (p *prometheus) waitQuery(t *testing.T, expr string, timeout time.Duration, ok func([]promSample) bool) []promSample {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		res := p.query(t, expr)
		if ok(res) {
			return res
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: still %v after %v", expr, res, timeout)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// dashboardQueries returns every panel's queries of the dashboard, by
// panel title, with Grafana's variables as a fleet-wide view over the
// last minutes sets them.
func dashboardQueries(t *testing.T, rangeWindow string) map[string][]string {
	t.Helper()
	data, err := os.ReadFile(dashboardPath)
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Panels []struct {
			Title   string `json:"title"`
			Type    string `json:"type"`
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatalf("dashboard: %v", err)
	}
	vars := strings.NewReplacer(`"$instance"`, `".*"`, `"$service"`, `".*"`, "$__range", rangeWindow, "$__rate_interval", "10s")
	out := map[string][]string{}
	for _, p := range d.Panels {
		if p.Type == "row" {
			continue
		}
		if len(p.Targets) == 0 {
			t.Errorf("panel %q has no query", p.Title)
		}
		for _, tg := range p.Targets {
			q := vars.Replace(tg.Expr)
			if strings.Contains(q, "$") {
				t.Errorf("panel %q: a variable this test does not set in %s", p.Title, q)
			}
			out[p.Title] = append(out[p.Title], q)
		}
	}
	return out
}

// typeDigits types a number with the remote's digit keys in one burst
// (the keys of one field need no screen in between), then waits until
// the screen shows them and stays still.
func typeDigits(r *remote, digits string) {
	r.t.Helper()
	args := []string{"key", "--delay", "30"}
	for _, d := range digits {
		args = append(args, string(d))
	}
	r.x.xdotool(r.t, args...)
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		time.Sleep(150 * time.Millisecond)
		now := rawScreenshot(r.t, r.x)
		if string(now) != string(r.last) {
			time.Sleep(150 * time.Millisecond)
			if again := rawScreenshot(r.t, r.x); string(again) == string(now) {
				r.last = again
				return
			}
			r.last = now
		}
	}
	r.t.Fatalf("the screen did not settle after typing %d digits", len(digits))
}

// fleetKiosk starts the real kiosk in mode, provisioned as device id with
// its metrics on a free loopback port, and returns it and that address.
func fleetKiosk(t *testing.T, x *xvfb, mode config.Mode, id string) (*runningKiosk, string) {
	t.Helper()
	dir := t.TempDir()
	cfg := config.Default()
	cfg.Mode, cfg.DeviceID = mode, id
	cfg.Metrics.Listen = "127.0.0.1:0"
	if err := config.Commit(filepath.Join(dir, "config.yaml"), cfg); err != nil {
		t.Fatal(err)
	}
	k := startKiosk(t, x, "-data", dir)
	line := k.waitLog(t, 60*time.Second, "metrics endpoint")
	addr := regexp.MustCompile(`127\.0\.0\.1:\d+`).FindString(line)
	if addr == "" {
		t.Fatalf("no metrics address in %q", line)
	}
	return k, addr
}

// TestFleetDashboardQueriesUnderXvfb runs two real kiosks, a TV and a
// touch kiosk, each on its own X display, and Debian's prometheus
// scraping both every second. A citizen pays a tax on the TV and rates
// the service; another, on the kiosk, opens the tax form, asks for the
// next step with nothing filled in (two refusals) and cancels. Every
// query of every panel of the shipped Grafana dashboard is then
// evaluated through prometheus's HTTP API and must return data (a number,
// not only NaN), and the headline figures are checked against what the
// two citizens did.
func TestFleetDashboardQueriesUnderXvfb(t *testing.T) {
	requireTools(t, "prometheus")
	kioskBinary(t) // built once for the package's tests: not part of the time bound
	start := time.Now()
	xa, xb := startXvfb(t, 1920, 1080), startXvfb(t, 1024, 768)
	tvKiosk, tvAddr := fleetKiosk(t, xa, config.ModeTV, "FLEET-TV-01")
	_, touchAddr := fleetKiosk(t, xb, config.ModeKiosk, "FLEET-KIOSK-02")
	p := startPrometheus(t, []string{tvAddr, touchAddr})
	// Both scraped, with their series at zero, before any citizen comes:
	// the journeys are then increases Prometheus sees.
	p.waitQuery(t, `count(pishkhan_journeys_total) by (instance)`, 30*time.Second, func(r []promSample) bool { return len(r) == 2 })
	t.Logf("kiosks up and scraped after %v", time.Since(start).Round(time.Second))

	// The TV: a tax paid, the receipt, a rating.
	r := newRemote(t, xa)
	r.press("Return") // start
	r.press("Return") // فارسی, the default language
	r.press("Return") // the first service: tax
	r.press("Return") // start
	// The national code, below the taxpayer type.
	typeDigits(r, "0499370899")
	r.press("Return")
	typeDigits(r, "09121234567")
	r.press("Return") // on to the payment step
	r.press("Return") // business income tax
	typeDigits(r, "1403")
	r.press("Return")
	typeDigits(r, "2500000")
	r.press("Return")
	r.press("Return") // confirm the answers
	r.press("F2")     // green: submit
	enqueuedCode(t, tvKiosk)
	deadline := time.Now().Add(10 * time.Second)
	for string(rawScreenshot(t, xa)) == string(r.last) && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	r.last = rawScreenshot(t, xa)
	r.press("Return") // done
	r.press("Left")   // one step towards «very satisfied» in a right-to-left row
	r.press("Return")
	r.press("Return") // the thanks screen's done: the journey ends

	// The touch kiosk, by its keyboard: the tax form, Next with nothing
	// typed, then cancel (with nothing typed, it does not ask first), a
	// reason given on the survey after it, and done.
	k := newRemote(t, xb)
	k.press("Return") // start; from now on screens open with the focus on their primary action
	k.press("Return") // فارسی
	k.press("Return") // the first service: tax
	k.press("Return") // start
	k.press("F2")     // next: refused, nothing filled in
	k.press("F1")     // cancel: the survey after it
	k.press("F1")     // a new screen: the first key shows the focus, on the first reason
	k.press("Return") // "I don't have a document I need"
	k.press("F2")     // green: send
	k.press("Return") // the thanks screen's done: the journey ends
	t.Logf("both citizens done after %v", time.Since(start).Round(time.Second))

	p.waitQuery(t, `sum(pishkhan_journeys_total)`, 20*time.Second, func(r []promSample) bool { return len(r) == 1 && r[0].number() == 2 })
	// A few more scrapes, so every rate has samples after the journeys.
	time.Sleep(3 * time.Second)

	window := fmt.Sprintf("%ds", int(time.Since(start).Seconds())+30)
	queries := dashboardQueries(t, window)
	if len(queries) < 15 {
		t.Fatalf("%d panels with queries in the dashboard", len(queries))
	}
	for title, qs := range queries {
		for _, q := range qs {
			res := p.query(t, q)
			if len(res) == 0 {
				t.Errorf("panel %q: no data from\n%s", title, q)
				continue
			}
			var vals []string
			finite := false
			for _, s := range res {
				vals = append(vals, fmt.Sprintf("%v=%s", s.Metric, s.Value[1]))
				finite = finite || !math.IsNaN(s.number())
			}
			t.Logf("panel %q: %s", title, strings.Join(vals, "; "))
			if !finite {
				t.Errorf("panel %q: only NaN from\n%s", title, q)
			}
		}
	}

	// What the two citizens did, as the fleet sees it.
	near := func(expr string, want float64) {
		t.Helper()
		res := p.query(t, strings.NewReplacer("$__range", window).Replace(expr))
		if len(res) != 1 || math.Abs(res[0].number()-want) > 0.15*want {
			t.Errorf("%s = %v, want %v", expr, res, want)
		}
	}
	near(`sum(increase(pishkhan_journeys_total{service="tax"}[$__range]))`, 2)
	near(`sum(increase(pishkhan_journeys_total{service="tax", outcome="submitted"}[$__range])) / sum(increase(pishkhan_journeys_total{service="tax"}[$__range]))`, 0.5)
	near(`sum(increase(pishkhan_journeys_total{service="tax", channel="tv", outcome="submitted"}[$__range]))`, 1)
	near(`sum(increase(pishkhan_journeys_total{service="tax", channel="kiosk", outcome="cancelled"}[$__range]))`, 1)
	near(`sum(increase(pishkhan_journey_satisfaction_count{service="tax", outcome="submitted"}[$__range]))`, 1)
	if sat := p.query(t, `sum(pishkhan_journey_satisfaction_sum{service="tax", outcome="submitted"})`); len(sat) != 1 || sat[0].number() < 1 || sat[0].number() > 5 {
		t.Errorf("satisfaction after the receipt: %v, want one answer from 1 to 5", sat)
	}
	exits := p.query(t, `pishkhan_journey_exits_total{service="tax", outcome="cancelled"}`)
	if len(exits) != 1 || exits[0].Metric["step"] != "taxpayer" || exits[0].Metric["instance"] != touchAddr {
		t.Errorf("exit steps: %v, want the touch kiosk's cancel on the taxpayer step", exits)
	}
	near(`sum(increase(pishkhan_journey_stop_reasons_total{service="tax", reason="missing-document"}[$__range]))`, 1)
	refusals := p.query(t, `sum by (field, kind) (pishkhan_journey_refusals_total{service="tax", step="taxpayer"})`)
	if len(refusals) == 0 {
		t.Errorf("no refusal on the taxpayer step")
	}
	for _, s := range refusals {
		if s.Metric["kind"] != "error.required" {
			t.Errorf("refusal %v, want error.required", s.Metric)
		}
	}
	if took := time.Since(start); took > 90*time.Second {
		t.Errorf("the fleet test took %v, more than 90 s", took.Round(time.Second))
	}
}
