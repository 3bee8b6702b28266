package main

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// subject is one program measured: how to start it on a display.
type subject struct {
	name string
	// command returns the command to start on d, with a fresh scratch
	// directory of its own.
	command func(d *display, scratch string) *exec.Cmd
	// goHeap, when set, reads the Go heap and stacks of a running subject.
	goHeap func() (int64, error)
}

// launch is what one start of a subject measured.
type launch struct {
	firstContent time.Duration // start to the first screen with content
	pss          int64         // PSS of its process tree, settle after first content
	goHeap       int64         // Go heap + stacks, when the subject says
}

// measureLaunch starts s on a fresh Xvfb, waits for its first content,
// lets it settle, measures its memory and stops it.
func measureLaunch(s subject, w, h int, settle time.Duration, probe string) (launch, error) {
	d, err := startDisplay(w, h, probe)
	if err != nil {
		return launch{}, err
	}
	defer d.close()
	scratch, err := os.MkdirTemp("", "bench-appliance-")
	if err != nil {
		return launch{}, fmt.Errorf("%s: %w", s.name, err)
	}
	defer os.RemoveAll(scratch)

	cmd := s.command(d, scratch)
	cmd.Env = append(d.env(), cmd.Env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	logf, err := os.Create(scratch + "/out.log")
	if err != nil {
		return launch{}, fmt.Errorf("%s: %w", s.name, err)
	}
	defer logf.Close()
	cmd.Stdout, cmd.Stderr = logf, logf
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return launch{}, fmt.Errorf("start %s: %w", s.name, err)
	}
	defer stop(cmd)

	var l launch
	if _, err := d.waitFrame(60*time.Second, hasContent); err != nil {
		return l, fmt.Errorf("%s drew nothing: %w (log: %s)", s.name, err, tail(scratch+"/out.log"))
	}
	l.firstContent = time.Since(start)
	time.Sleep(settle)
	if l.pss, err = treePSS(cmd.Process.Pid); err != nil {
		return l, fmt.Errorf("%s: %w", s.name, err)
	}
	if s.goHeap != nil {
		if l.goHeap, err = s.goHeap(); err != nil {
			return l, fmt.Errorf("%s: %w", s.name, err)
		}
	}
	return l, nil
}

// stop ends a subject and all it started (Chromium's helpers too).
func stop(cmd *exec.Cmd) {
	if cmd.Process == nil {
		return
	}
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
	}
}

func tail(path string) string {
	b, _ := os.ReadFile(path)
	if len(b) > 600 {
		b = b[len(b)-600:]
	}
	return strings.TrimSpace(string(b))
}

// kioskGoHeap reads the kiosk's Go heap and stacks from its Prometheus
// endpoint (the Go collector's figures), from outside the process.
func kioskGoHeap(addr string) func() (int64, error) {
	return func() (int64, error) {
		resp, err := http.Get("http://" + addr + "/metrics")
		if err != nil {
			return 0, fmt.Errorf("read kiosk metrics: %w", err)
		}
		defer resp.Body.Close()
		return goHeapOf(resp.Body)
	}
}

// goHeapOf sums go_memstats_heap_inuse_bytes and
// go_memstats_stack_inuse_bytes from a Prometheus text exposition.
func goHeapOf(r io.Reader) (int64, error) {
	var sum int64
	found := 0
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 2 || (f[0] != "go_memstats_heap_inuse_bytes" && f[0] != "go_memstats_stack_inuse_bytes") {
			continue
		}
		v, err := strconv.ParseFloat(f[1], 64)
		if err != nil {
			return 0, fmt.Errorf("read %s: %w", f[0], err)
		}
		sum += int64(v)
		found++
	}
	if found != 2 {
		return 0, fmt.Errorf("read Go heap: %d of 2 figures in the metrics", found)
	}
	return sum, sc.Err()
}
