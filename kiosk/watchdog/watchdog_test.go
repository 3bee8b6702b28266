package watchdog_test

import (
	"context"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk/watchdog"
)

// uiFake stands for the UI thread: it runs what the watchdog asks while
// alive, and keeps it waiting while hung.
type uiFake struct {
	mu      sync.Mutex
	hung    bool
	waiting []func()
	asked   int
}

func (u *uiFake) do(f func()) {
	u.mu.Lock()
	u.asked++
	if u.hung {
		u.waiting = append(u.waiting, f)
		u.mu.Unlock()
		return
	}
	u.mu.Unlock()
	f()
}

func (u *uiFake) setHung(h bool) {
	u.mu.Lock()
	u.hung = h
	waiting := u.waiting
	u.waiting = nil
	u.mu.Unlock()
	if !h {
		for _, f := range waiting {
			f()
		}
	}
}

func (u *uiFake) questions() int {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.asked
}

// notifications records what the watchdog tells systemd.
type notifications struct {
	mu  sync.Mutex
	got []string
	ch  chan string
}

func (n *notifications) notify(s string) error {
	n.mu.Lock()
	n.got = append(n.got, s)
	n.mu.Unlock()
	n.ch <- s
	return nil
}

func (n *notifications) expect(t *testing.T, want string) {
	t.Helper()
	select {
	case s := <-n.ch:
		if s != want {
			t.Fatalf("sd_notify %q, want %q", s, want)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("no sd_notify %q", want)
	}
}

func (n *notifications) none(t *testing.T) {
	t.Helper()
	select {
	case s := <-n.ch:
		t.Fatalf("unexpected sd_notify %q", s)
	default:
	}
}

// periods lets the test end each watchdog period by hand.
type periods struct{ ch chan chan time.Time }

func (p *periods) after(time.Duration) <-chan time.Time {
	c := make(chan time.Time, 1)
	p.ch <- c
	return c
}

// end ends the period the watchdog waits for.
func (p *periods) end(t *testing.T) {
	t.Helper()
	select {
	case c := <-p.ch:
		c <- time.Now()
	case <-time.After(5 * time.Second):
		t.Fatal("the watchdog is not waiting for a period")
	}
}

func TestWatchdogNotifiesOnlyWhileTheUIAnswers(t *testing.T) {
	ui := &uiFake{}
	n := &notifications{ch: make(chan string, 16)}
	p := &periods{ch: make(chan chan time.Time, 4)}
	alive := make(chan time.Time, 16)
	w := watchdog.New(watchdog.Config{Notify: n.notify, Ping: ui.do, Period: 10 * time.Second, After: p.after,
		OnAlive: func(t time.Time) { alive <- t }})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()

	// The first answer makes the kiosk ready, then every answer is a
	// WATCHDOG=1.
	n.expect(t, "READY=1")
	n.expect(t, "WATCHDOG=1")
	if w.LastAlive().IsZero() || len(alive) != 1 {
		t.Fatal("the UI's answer was not recorded")
	}
	p.end(t) // the wait after the answer
	n.expect(t, "WATCHDOG=1")

	// The UI hangs: the question stays unanswered, periods pass, and
	// systemd hears nothing; no second question piles up.
	ui.setHung(true)
	p.end(t) // the wait after the last answer; the next question is asked
	p.end(t) // a period without an answer
	asked := ui.questions()
	for range 3 {
		p.end(t)
	}
	n.none(t)
	if ui.questions() != asked {
		t.Errorf("%d more questions asked of a hung UI, want none", ui.questions()-asked)
	}
	// It recovers: the pending question is answered, pings resume.
	ui.setHung(false)
	n.expect(t, "WATCHDOG=1")

	cancel()
	<-done
	n.expect(t, "STOPPING=1")
}

// TestWatchdogSpeaksSystemdsProtocol sends real sd_notify datagrams to a
// socket standing for systemd's, with the interval systemd would set.
func TestWatchdogSpeaksSystemdsProtocol(t *testing.T) {
	dir, err := shortTempDir(t)
	if err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "notify")
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: sock, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	t.Setenv("NOTIFY_SOCKET", sock)
	t.Setenv("WATCHDOG_USEC", "300000") // 0.3 s: the UI is asked every 0.1 s
	w := watchdog.New(watchdog.Config{Ping: func(f func()) { go f() }, Log: slog.New(slog.DiscardHandler)})
	if w.Period() != 100*time.Millisecond {
		t.Fatalf("period %v, want a third of WATCHDOG_USEC", w.Period())
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	var got []string
	buf := make([]byte, 256)
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	for len(got) < 4 {
		n, err := conn.Read(buf)
		if err != nil {
			t.Fatalf("after %q: %v", got, err)
		}
		got = append(got, string(buf[:n]))
	}
	cancel()
	<-done
	if strings.Join(got, ",") != "READY=1,WATCHDOG=1,WATCHDOG=1,WATCHDOG=1" {
		t.Errorf("systemd heard %q", got)
	}
}

// shortTempDir makes a temporary folder with a short path: Unix socket
// names are limited to about 100 bytes.
func shortTempDir(t *testing.T) (string, error) {
	dir, err := os.MkdirTemp("", "wd")
	if err == nil {
		t.Cleanup(func() { os.RemoveAll(dir) })
	}
	return dir, err
}

func TestWatchdogPeriod(t *testing.T) {
	tests := []struct {
		name         string
		watchdogUsec string // systemd's WATCHDOG_USEC; "" when unset
		period       time.Duration
		want         time.Duration
	}{
		{"without systemd", "", 0, watchdog.DefaultPeriod},
		{"a third of systemd's interval", "30000000", 0, 10 * time.Second},
		{"unusable settings", "soon", 0, watchdog.DefaultPeriod},
		{"set by the caller", "30000000", time.Second, time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("WATCHDOG_USEC", tt.watchdogUsec)
			w := watchdog.New(watchdog.Config{Ping: func(f func()) { f() }, Period: tt.period})
			if got := w.Period(); got != tt.want {
				t.Errorf("period %v, want %v", got, tt.want)
			}
		})
	}
}

// TestWatchdogFarewell checks what systemd hears when the kiosk stops:
// that it stops, or that it restarts in place and a new READY=1 follows.
func TestWatchdogFarewell(t *testing.T) {
	tests := []struct {
		name       string
		restarting func() bool
		want       string // the state's first line
	}{
		{"stopping", nil, "STOPPING=1"},
		{"stopping, no restart asked", func() bool { return false }, "STOPPING=1"},
		{"restarting in place", func() bool { return true }, "RELOADING=1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := &notifications{ch: make(chan string, 16)}
			p := &periods{ch: make(chan chan time.Time, 4)}
			w := watchdog.New(watchdog.Config{Notify: n.notify, Ping: func(f func()) { f() }, Period: time.Second,
				After: p.after, Restarting: tt.restarting})
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() { w.Run(ctx); close(done) }()
			n.expect(t, "READY=1")
			n.expect(t, "WATCHDOG=1")
			cancel()
			<-done
			select {
			case s := <-n.ch:
				first, rest, _ := strings.Cut(s, "\n")
				if first != tt.want {
					t.Fatalf("sd_notify %q, want %s", s, tt.want)
				}
				// systemd needs the monotonic time of a reload.
				if first == "RELOADING=1" && !strings.HasPrefix(rest, "MONOTONIC_USEC=") {
					t.Errorf("reload notification %q lacks MONOTONIC_USEC", s)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("nothing told systemd on stopping")
			}
		})
	}
}
