package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/report/reporttest"
	"github.com/pishkhan/pishkhan/offline/journeys"
)

// reportDir is a data directory holding js, and a configuration naming
// languages when given.
func reportDir(t *testing.T, js []kiosk.Journey, languages string) string {
	t.Helper()
	dir := t.TempDir()
	s, err := journeys.Open(dir, journeys.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range js {
		s.Record(j)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if languages != "" {
		cfg := "device_id: TEST-01\nlanguages: " + languages + "\n"
		if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(cfg), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// sample is the journeys of docs/report-*.png: a few hundred across
// services and groups, the same at every run.
func sample() []kiosk.Journey {
	return reporttest.Sample(16, 600, time.Now())
}

func TestReport(t *testing.T) {
	js := sample()
	// 40 journeys of two days ago, for --since.
	old := reporttest.Sample(7, 40, time.Now().AddDate(0, 0, -2))
	for i := range old {
		old[i].Started = time.Now().AddDate(0, 0, -2).UTC().Truncate(time.Hour)
		old[i].ID = fmt.Sprintf("OLD%03d", i)
	}
	for i := range js {
		js[i].Started = time.Now().Add(-2 * time.Hour).UTC().Truncate(time.Hour)
	}
	dir := reportDir(t, append(js, old...), "")
	persianDevice := reportDir(t, js[:50], "[fa, en]")
	page := filepath.Join(t.TempDir(), "report.html")
	tests := []struct {
		name     string
		args     []string
		code     int
		stdout   []string
		stderrIn string
	}{
		{"text in english by default", []string{"-data", dir}, 0,
			[]string{"Citizens' journeys at the kiosk", "Every session recorded", "== All services ==", "Sessions started                   640", "== Paying a tax =="}, ""},
		{"text in persian", []string{"-data", dir, "--lang", "fa"}, 0, []string{"مسیر شهروندان در پیشخوان", "۶۴۰"}, ""},
		{"the device's first language", []string{"-data", persianDevice}, 0, []string{"مسیر شهروندان در پیشخوان", "۵۰"}, ""},
		{"since a day", []string{"-data", dir, "--since", "1d"}, 0, []string{"Sessions since", "Sessions started                   600"}, ""},
		{"json", []string{"-data", dir, "--json", "--since", "30d"}, 0, []string{`"version": 1`, `"min_cell": 10`, `"sessions": 640`}, ""},
		{"html to a file", []string{"-data", dir, "--html", page}, 0, []string{}, "report of 640 sessions written to " + page},
		{"bad language", []string{"-data", dir, "--lang", "de"}, 2, nil, "want one of fa, en"},
		{"bad since", []string{"-data", dir, "--since", "soon"}, 2, nil, "such as 30d"},
		{"stray argument", []string{"-data", dir, "tax"}, 2, nil, "usage: kioskctl report"},
		{"no journeys there", []string{"-data", t.TempDir()}, 1, nil, "no journeys in"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := kioskctl(t, append([]string{"report"}, tc.args...)...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tc.code, stderr)
			}
			if !strings.Contains(stderr, tc.stderrIn) {
				t.Errorf("stderr %q does not say %q", stderr, tc.stderrIn)
			}
			for _, w := range tc.stdout {
				if !strings.Contains(stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, stdout)
				}
			}
		})
	}
	t.Run("the json parses", func(t *testing.T) {
		_, stdout, _ := kioskctl(t, "report", "-data", dir, "--json")
		var doc struct {
			Overall struct {
				Sessions int `json:"sessions"`
			} `json:"overall"`
			Services []struct {
				Service    string `json:"service"`
				Suppressed bool   `json:"suppressed"`
			} `json:"services"`
		}
		if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Overall.Sessions != 640 || len(doc.Services) < 9 {
			t.Errorf("overall %d sessions, %d services", doc.Overall.Sessions, len(doc.Services))
		}
	})
	t.Run("the page was written", func(t *testing.T) {
		b, err := os.ReadFile(page)
		if err != nil || !bytes.Contains(b, []byte(`<svg class="chart"`)) {
			t.Errorf("page: %v, %d bytes", err, len(b))
		}
	})
}

// probe is a script the test adds to a copy of the page: it measures each
// chart as Chromium laid it out and writes the measures into the DOM.
const probe = `<script>
const charts = [...document.querySelectorAll('svg.chart')].map(s => {
  const b = s.getBBox(), r = s.getBoundingClientRect(), w = s.width.baseVal.value;
  const texts = [...s.querySelectorAll('text')];
  return {id: s.dataset.chart, w: b.width, h: b.height, left: r.left, top: r.top, width: r.width, height: r.height,
    bars: [...s.querySelectorAll('rect.bar')].filter(x => x.getBBox().width > 0 && x.getBBox().height > 0).length,
    suppressed: s.querySelectorAll('rect.suppressed').length,
    texts: texts.length, inked: texts.filter(t => t.getComputedTextLength() > 0).length,
    outside: texts.filter(t => { const tb = t.getBBox(); return tb.x < -1 || tb.x + tb.width > w + 1; }).map(t => t.textContent)};
});
const pre = document.createElement('pre');
pre.id = 'probe';
pre.textContent = JSON.stringify(charts);
document.body.appendChild(pre);
</script>`

type chartProbe struct {
	ID                       string
	W, H                     float64
	Left, Top, Width, Height float64
	Bars, Suppressed         int
	Texts, Inked             int
	Outside                  []string
}

// chromium runs headless Chromium with args, the page last, on the
// profile in dir: in a single process, Chromium crashes at exit on a
// temporary profile of its own.
func chromium(t *testing.T, bin, profile string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	// --single-process: a multi-process headless Chromium waits seconds
	// at exit here.
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--single-process", "--no-zygote",
		"--hide-scrollbars", "--force-device-scale-factor=1", "--no-first-run", "--user-data-dir=" + profile}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	out, err := cmd.Output()
	t.Logf("chromium %s: %v", args[0], time.Since(start).Round(time.Millisecond))
	if err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, stderr.String())
	}
	return out
}

// The report page's charts, opened in headless Chromium, are laid out,
// drawn and inked, in both languages, with no text running out of its
// chart (right to left in Persian). REPORT_SCREENSHOTS_DIR=docs keeps the
// screenshots as docs/report-en.png and docs/report-fa.png.
func TestReportHTMLRendersInChromium(t *testing.T) {
	bin, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is absent (Debian package chromium, in the Makefile's TEST_PKGS): the report page's charts are not checked")
	}
	dir := reportDir(t, sample(), "")
	// One profile for every run (making one costs seconds), one Chromium
	// at a time.
	profile := t.TempDir()
	for _, lang := range []string{"en", "fa"} {
		t.Run(lang, func(t *testing.T) { checkReportPage(t, bin, profile, dir, lang) })
	}
}

func checkReportPage(t *testing.T, bin, profile, dir, lang string) {
	work := t.TempDir()
	page := filepath.Join(work, "report.html")
	if code, _, stderr := kioskctl(t, "report", "-data", dir, "--lang", lang, "--html", page); code != 0 {
		t.Fatalf("report: %s", stderr)
	}
	src, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	probed := filepath.Join(work, "probed.html")
	if err := os.WriteFile(probed, bytes.Replace(src, []byte("</body>"), []byte(probe+"</body>"), 1), 0o600); err != nil {
		t.Fatal(err)
	}
	dom := chromium(t, bin, profile, "--dump-dom", "file://"+probed)
	m := regexp.MustCompile(`(?s)<pre id="probe">(.*?)</pre>`).FindSubmatch(dom)
	if m == nil {
		t.Fatalf("the probe did not run: %.500s", dom)
	}
	var charts []chartProbe
	if err := json.Unmarshal([]byte(html.UnescapeString(string(m[1]))), &charts); err != nil {
		t.Fatal(err)
	}
	if want := bytes.Count(src, []byte(`<svg class="chart"`)); len(charts) != want || want < 20 {
		t.Fatalf("%d charts measured, %d in the page", len(charts), want)
	}
	for _, c := range charts {
		if c.W < 200 || c.H < 40 || c.Width < 200 || c.Height < 40 {
			t.Errorf("%s: drawn %gx%g, laid out %gx%g", c.ID, c.W, c.H, c.Width, c.Height)
		}
		if c.Bars == 0 && c.Suppressed == 0 {
			t.Errorf("%s: no bar drawn, and no figure suppressed", c.ID)
		}
		if c.Inked != c.Texts || c.Texts == 0 {
			t.Errorf("%s: %d of %d labels have ink", c.ID, c.Inked, c.Texts)
		}
		if len(c.Outside) > 0 {
			t.Errorf("%s: labels run out of the chart: %q", c.ID, c.Outside)
		}
	}

	// The screenshot: the charts in view are not blank.
	const width, height = 1200, 3600
	shot := filepath.Join(work, "report.png")
	chromium(t, bin, profile, "--screenshot="+shot, fmt.Sprintf("--window-size=%d,%d", width, height), "file://"+page)
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, c := range charts {
		if c.Top+c.Height > height {
			continue
		}
		seen++
		r := image.Rect(int(c.Left), int(c.Top), int(c.Left+c.Width), int(c.Top+c.Height))
		if ink := inked(img, r); ink < 0.04 {
			t.Errorf("%s: %.1f%% of its region is drawn on the screenshot", c.ID, 100*ink)
		}
	}
	if seen < 2 {
		t.Errorf("only %d charts in the screenshot", seen)
	}
	if docs := os.Getenv("REPORT_SCREENSHOTS_DIR"); docs != "" {
		b, err := os.ReadFile(shot)
		if err == nil {
			err = os.WriteFile(filepath.Join(docs, "report-"+lang+".png"), b, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// inked is the share of r's pixels that are not white.
func inked(img image.Image, r image.Rectangle) float64 {
	r = r.Intersect(img.Bounds())
	if r.Empty() {
		return 0
	}
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if cr < 0xf000 || cg < 0xf000 || cb < 0xf000 {
				n++
			}
		}
	}
	return float64(n) / float64(r.Dx()*r.Dy())
}
