package main

import (
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// move is one input of a walk: a key (or "tap", a finger on the middle
// of the screen), and what the citizen should see.
type move struct {
	key string
	// screen names the screen change the key should bring ("language",
	// "review"...); empty for a key that only changes part of a screen
	// (a digit typed, the focus moved).
	screen string
}

// payTax is a citizen paying a tax in Persian with the keys alone (a
// remote's, or a keypad's at the kiosk), from the attract loop back to
// it: the path cmd/kiosk's end-to-end test walks. On a touch kiosk the
// attract screen is left with a tap, as citizens do; the first key after
// a touch only shows where the focus is.
func payTax(mode string) []move {
	m := []move{{"Return", "language"}}
	if mode == "kiosk" {
		m = []move{{"tap", "language"}, {"Return", ""}}
	}
	m = append(m,
		move{"Return", "services"},
		move{"Return", "intro"},
		move{"Return", "step 1"},
	)
	m = append(m, typing("0499370899")...)
	m = append(m, move{"Return", ""})
	m = append(m, typing("09121234567")...)
	m = append(m, move{"Return", "step 2"}, move{"Return", ""})
	m = append(m, typing("1403")...)
	m = append(m, move{"Return", ""})
	m = append(m, typing("2500000")...)
	m = append(m,
		move{"Return", "review"},
		move{"Return", "consent"},
		move{"F2", "receipt"},
		move{"Return", "survey"},
		move{"Left", ""},
		move{"Return", "thanks"},
		move{"Return", "attract"},
	)
	return m
}

func typing(digits string) []move {
	m := make([]move, 0, len(digits))
	for _, d := range digits {
		m = append(m, move{string(d), ""})
	}
	return m
}

// walkResult is what a walk of many sessions measured.
type walkResult struct {
	sessions int
	// latency is the time from each key to the first frame that shows
	// its effect, by screen change ("" for keys within a screen).
	latency map[string]sample
	// pssFirst and pssLast are the kiosk's PSS after the first session
	// and after the last; heapFirst and heapLast its Go heap and stacks.
	pssFirst, pssLast   int64
	heapFirst, heapLast int64
	// anonFirst and anonLast are the anonymous part of the PSS (heaps,
	// not shared libraries), which other processes do not move.
	anonFirst, anonLast int64
	// pssIdle and heapIdle are the same after the kiosk stood idle on
	// the attract screen for the idle time asked (zero when not asked).
	pssIdle, heapIdle int64
}

// walkSessions runs the kiosk on a fresh Xvfb and walks it through o.sessions
// tax payments with payTax, measuring each key's latency from outside.
// Memory is measured o.rest after the session's last key (the first
// session, every o.every-th and the last); other sessions follow each
// other without a pause, as citizens in a queue do. With idle above zero, it then leaves
// the kiosk alone that long and measures its memory again.
func walkSessions(o options) (walkResult, error) {
	kioskBin, mode, w, h, n := o.kioskBin, o.walkMode, o.w, o.h, o.sessions
	idle, rest, metricsAddr := o.idle, o.rest, o.metricsAddr
	heap := kioskGoHeap(metricsAddr)
	res := walkResult{latency: map[string]sample{}}
	d, err := startDisplay(w, h, o.probe)
	if err != nil {
		return res, err
	}
	defer d.close()
	data, err := os.MkdirTemp("", "bench-appliance-walk-")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(data)
	logPath := filepath.Join(data, "kiosk.log")
	logf, err := os.Create(logPath)
	if err != nil {
		return res, err
	}
	defer logf.Close()
	cmd := exec.Command(kioskBin, "-data", filepath.Join(data, "var"), "-mode", mode, "-fullscreen", "-metrics", metricsAddr)
	cmd.Env = append(d.env(), o.kioskEnv...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return res, fmt.Errorf("start kiosk: %w", err)
	}
	defer stop(cmd)
	if _, err := d.waitFrame(60*time.Second, hasContent); err != nil {
		return res, fmt.Errorf("kiosk drew nothing: %w (log: %s)", err, tail(logPath))
	}
	last, err := settle(d)
	if err != nil {
		return res, err
	}
	for i := 0; i < n; i++ {
		for _, mv := range payTax(mode) {
			before := last
			start := time.Now()
			if mv.key == "tap" {
				err = d.tap(w/2, h/2)
			} else {
				err = d.key(mv.key)
			}
			if err != nil {
				return res, err
			}
			if _, err := d.waitFrame(20*time.Second, func(f frame) bool { return changedPixels(before, f) > minChange }); err != nil {
				saveFrame(d, before, filepath.Join(os.TempDir(), "bench-appliance-stuck.png"))
				return res, fmt.Errorf("session %d: key %s (towards %q) changed nothing: %w (screen in %s/bench-appliance-stuck.png; log: %s)",
					i+1, mv.key, mv.screen, err, os.TempDir(), tail(logPath))
			}
			res.latency[mv.screen] = append(res.latency[mv.screen], secs(time.Since(start)))
			if mv.screen == "receipt" {
				// The first frame after submitting may be the saving
				// screen, whose bar never holds still; a key sent while
				// it shows is not the receipt's. On a busy machine storing
				// takes seconds, so wait until the kiosk says it stored.
				if err := waitLog(logPath, "outbox: enqueued", i+1, 60*time.Second); err != nil {
					return res, fmt.Errorf("session %d: %w", i+1, err)
				}
			}
			if last, err = settle(d); err != nil {
				return res, err
			}
		}
		res.sessions++
		if i == 0 || i == n-1 || (o.every > 0 && (i+1)%o.every == 0) {
			// Memory is measured with the kiosk at rest on its attract
			// screen, as it stands between citizens.
			time.Sleep(rest)
			pss, err := treePSS(cmd.Process.Pid)
			if err != nil {
				return res, err
			}
			var hp int64
			if heap != nil {
				if hp, err = heap(); err != nil {
					return res, err
				}
			}
			anon, err := anonPSS(cmd.Process.Pid)
			if err != nil {
				return res, err
			}
			fmt.Fprintf(os.Stderr, "session %d: PSS %.1f MB (anonymous %.1f MB), Go heap and stacks %.1f MB\n", i+1, float64(pss)/1e6, float64(anon)/1e6, float64(hp)/1e6)
			if i == 0 {
				res.pssFirst, res.anonFirst, res.heapFirst = pss, anon, hp
			}
			res.pssLast, res.anonLast, res.heapLast = pss, anon, hp
		}
	}
	if idle > 0 {
		time.Sleep(idle)
		if res.pssIdle, err = treePSS(cmd.Process.Pid); err != nil {
			return res, err
		}
		if heap != nil {
			if res.heapIdle, err = heap(); err != nil {
				return res, err
			}
		}
	}
	if got := strings.Count(readFile(logPath), "outbox: enqueued"); got != n {
		return res, fmt.Errorf("the kiosk stored %d submissions in %d sessions", got, n)
	}
	return res, nil
}

// waitLog waits until the log at path holds at least n lines with what.
func waitLog(path, what string, n int, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for strings.Count(readFile(path), what) < n {
		if time.Now().After(deadline) {
			return fmt.Errorf("%q not logged %d times in %s (log: %s)", what, n, timeout, tail(path))
		}
		time.Sleep(50 * time.Millisecond)
	}
	return nil
}

// minChange is how many pixels must change for a key to have shown its
// effect. It is small: a Persian zero (۰) is a dot of about 30 pixels, and
// the kiosk's caret does not blink.
const minChange = 8

// settle waits until the screen holds still (two captures 60 ms apart
// within a caret's change), for at most 3 s, and returns it.
func settle(d *display) (frame, error) {
	prev, err := d.capture()
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) {
		time.Sleep(60 * time.Millisecond)
		f, err := d.capture()
		if err != nil {
			return nil, err
		}
		if changedPixels(prev, f) <= minChange {
			return f, nil
		}
		prev = f
	}
	return prev, nil
}

func saveFrame(d *display, f frame, path string) {
	out, err := os.Create(path)
	if err != nil {
		return
	}
	defer out.Close()
	_ = png.Encode(out, f.image(d.w, d.h))
}

func readFile(path string) string {
	b, _ := os.ReadFile(path)
	return string(b)
}
