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

// frame and probe make the page the test opens: the report in English
// and in Persian side by side, each in a frame the size of a screen, and a
// script measuring each chart as Chromium laid it out, writing the
// measures into the DOM.
const (
	frameWidth, frameHeight = 1200, 3600
	frames                  = `<!DOCTYPE html><html><body style="margin:0;display:flex">
<iframe id="en" src="report-en.html" style="border:0;flex:none;width:%[1]dpx;height:%[2]dpx"></iframe>
<iframe id="fa" src="report-fa.html" style="border:0;flex:none;width:%[1]dpx;height:%[2]dpx"></iframe>
`
	probe = `<script>
window.addEventListener('load', () => {
  const out = {};
  for (const f of document.querySelectorAll('iframe')) {
    out[f.id] = [...f.contentDocument.querySelectorAll('svg.chart')].map(s => {
      const b = s.getBBox(), r = s.getBoundingClientRect(), w = s.width.baseVal.value;
      const texts = [...s.querySelectorAll('text')];
      return {id: s.dataset.chart, w: b.width, h: b.height, left: r.left + f.offsetLeft, top: r.top + f.offsetTop, width: r.width, height: r.height,
        bars: [...s.querySelectorAll('rect.bar')].filter(x => x.getBBox().width > 0 && x.getBBox().height > 0).length,
        suppressed: s.querySelectorAll('rect.suppressed').length,
        texts: texts.length, inked: texts.filter(t => t.getComputedTextLength() > 0).length,
        outside: texts.filter(t => { const tb = t.getBBox(); return tb.x < -1 || tb.x + tb.width > w + 1; }).map(t => t.textContent)};
    });
  }
  const pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>`
)

type chartProbe struct {
	ID                       string
	W, H                     float64
	Left, Top, Width, Height float64
	Bars, Suppressed         int
	Texts, Inked             int
	Outside                  []string
}

// chromium runs headless Chromium with args, the page last.
func chromium(t *testing.T, bin string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	// --single-process: a multi-process headless Chromium waits seconds
	// at exit here; in a single process it crashes at exit on a temporary
	// profile of its own, so it is given one. The frames read each
	// other's files.
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--single-process", "--no-zygote",
		"--hide-scrollbars", "--force-device-scale-factor=1", "--no-first-run", "--user-data-dir=" + t.TempDir(),
		"--allow-file-access-from-files"}
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
// chart (right to left in Persian), and the charts on a screenshot are
// not blank. REPORT_SCREENSHOTS_DIR=docs keeps the screenshots as
// docs/report-en.png and docs/report-fa.png.
func TestReportHTMLRendersInChromium(t *testing.T) {
	bin, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is absent (Debian package chromium, in the Makefile's TEST_PKGS): the report page's charts are not checked")
	}
	dir := reportDir(t, sample(), "")
	work := t.TempDir()
	langs := []string{"en", "fa"}
	pages := map[string][]byte{}
	for _, lang := range langs {
		page := filepath.Join(work, "report-"+lang+".html")
		if code, _, stderr := kioskctl(t, "report", "-data", dir, "--lang", lang, "--html", page); code != 0 {
			t.Fatalf("report: %s", stderr)
		}
		b, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		pages[lang] = b
	}
	shown := filepath.Join(work, "both.html")
	probed := filepath.Join(work, "probed.html")
	both := fmt.Sprintf(frames, frameWidth, frameHeight)
	if err := os.WriteFile(shown, []byte(both), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(probed, []byte(both+probe), 0o600); err != nil {
		t.Fatal(err)
	}

	dom := chromium(t, bin, "--dump-dom", "file://"+probed)
	m := regexp.MustCompile(`(?s)<pre id="probe">(.*?)</pre>`).FindSubmatch(dom)
	if m == nil {
		t.Fatalf("the probe did not run: %.500s", dom)
	}
	var charts map[string][]chartProbe
	if err := json.Unmarshal([]byte(html.UnescapeString(string(m[1]))), &charts); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(work, "both.png")
	chromium(t, bin, "--screenshot="+shot, fmt.Sprintf("--window-size=%d,%d", 2*frameWidth, frameHeight), "file://"+shown)
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	for i, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			frame := image.Rect(i*frameWidth, 0, (i+1)*frameWidth, frameHeight)
			checkCharts(t, charts[lang], bytes.Count(pages[lang], []byte(`<svg class="chart"`)), img, frame)
			if docs := os.Getenv("REPORT_SCREENSHOTS_DIR"); docs != "" {
				saveFrame(t, img, frame, filepath.Join(docs, "report-"+lang+".png"))
			}
		})
	}
}

func checkCharts(t *testing.T, charts []chartProbe, want int, img image.Image, frame image.Rectangle) {
	if len(charts) != want || want < 20 {
		t.Fatalf("%d charts measured, %d in the page", len(charts), want)
	}
	seen := 0
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
		r := image.Rect(int(c.Left), int(c.Top), int(c.Left+c.Width), int(c.Top+c.Height))
		if !r.In(frame) {
			continue
		}
		seen++
		if ink := inked(img, r); ink < 0.04 {
			t.Errorf("%s: %.1f%% of its region is drawn on the screenshot", c.ID, 100*ink)
		}
	}
	if seen < 2 {
		t.Errorf("only %d charts in the screenshot", seen)
	}
}

// saveFrame writes the part of img in frame to path as a PNG.
func saveFrame(t *testing.T, img image.Image, frame image.Rectangle, path string) {
	sub, ok := img.(interface {
		SubImage(image.Rectangle) image.Image
	})
	if !ok {
		t.Fatalf("screenshot of type %T cannot be cut", img)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, sub.SubImage(frame)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
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
