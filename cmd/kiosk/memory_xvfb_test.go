package main_test

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
)

// liveObjects counts, in the kiosk's heap profile after a collection,
// the live objects each of the functions asked allocated itself (the
// first frame outside the runtime). The kiosk runs with
// GODEBUG=memprofilerate=1, so every allocation counts.
func liveObjects(t *testing.T, pprofAddr string, funcs ...string) map[string]int {
	t.Helper()
	resp, err := http.Get("http://" + pprofAddr + "/debug/pprof/heap?gc=1&debug=1")
	if err != nil {
		t.Fatalf("heap profile: %v", err)
	}
	defer resp.Body.Close()
	counts := map[string]int{}
	record := regexp.MustCompile(`^(\d+): \d+ \[\d+: \d+\] @`)
	// frame is a symbolised frame: "#\t0xADDR\tFUNC+0xOFF\tFILE:LINE".
	frame := regexp.MustCompile(`^#\t0x[0-9a-f]+\t(\S+)\+0x`)
	var inuse int
	allocator := false // the record's allocating frame is still to come
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if m := record.FindStringSubmatch(line); m != nil {
			inuse, _ = strconv.Atoi(m[1])
			allocator = true
			continue
		}
		m := frame.FindStringSubmatch(line)
		if m == nil || !allocator || strings.HasPrefix(m[1], "runtime.") {
			continue
		}
		allocator = false
		for _, f := range funcs {
			if m[1] == f {
				counts[f] += inuse
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("heap profile: %v", err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	return counts
}

// A finished session's screens do not stay in memory: a little after
// Fyne's cache duration past the session's end, the kiosk repaints its
// attract screen so Fyne destroys their renderers, and the texts and
// renderers alive are the attract screen's again (memoryRelease).
func TestFinishedSessionForgottenUnderXvfb(t *testing.T) {
	requireTools(t, "Xvfb", "xdotool", "import")
	kioskBinary(t) // built before the environment below, which is the kiosk's
	const cache = 11 * time.Second
	t.Setenv("FYNE_CACHE", cache.String())
	t.Setenv("GODEBUG", "memprofilerate=1")
	dir := t.TempDir()
	cfg := config.Default()
	cfg.Mode, cfg.DeviceID = config.ModeTV, "MEMORY-TV"
	cfg.Metrics.Listen = "off" // never the port another kiosk on this machine holds
	if err := config.Commit(filepath.Join(dir, "config.yaml"), cfg); err != nil {
		t.Fatal(err)
	}
	pprofAddr := fmt.Sprintf("127.0.0.1:%d", freeLoopbackPort(t))
	x := startXvfb(t, 1920, 1080)
	k := startKiosk(t, x, "-data", dir, "-pprof", pprofAddr)
	k.waitLog(t, 60*time.Second, "kiosk started")
	r := newRemote(t, x)
	const (
		texts     = "github.com/pishkhan/pishkhan/screens/widgets.NewText"
		renderers = "github.com/pishkhan/pishkhan/screens/widgets.(*Text).CreateRenderer"
	)
	attract := liveObjects(t, pprofAddr, texts, renderers)
	walker{lang: kiosk.Persian, rating: 4}.walk(t, r, k, 0)
	settleScreen(r)
	ended := time.Now()
	// The session's screens are in Fyne's cache until it expires.
	justAfter := liveObjects(t, pprofAddr, texts, renderers)
	// The repaint comes a second after the cache expired, Fyne's clean
	// at most 10 s later.
	time.Sleep(time.Until(ended.Add(cache + 14*time.Second)))
	later := liveObjects(t, pprofAddr, texts, renderers)
	t.Logf("live objects on the attract screen %v, just after the session %v, %v later %v",
		attract, justAfter, time.Since(ended).Round(time.Second), later)
	for _, f := range []string{texts, renderers} {
		if justAfter[f] < attract[f]+20 {
			t.Errorf("%s: %d live just after the session, %d on the attract screen at start: the walk drew no screens?", f, justAfter[f], attract[f])
		}
		// Without the repaint, the last screens of the session stay
		// (27 texts against 20 at start, measured; 10 with it).
		if later[f] > attract[f] {
			t.Errorf("%s: %d live after the cache expired, want no more than on the attract screen at start, %d (the session's last screens stayed)", f, later[f], attract[f])
		}
	}
}
