package main_test

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/kiosk/gate"
	"github.com/pishkhan/pishkhan/offline"
	"github.com/pishkhan/pishkhan/offline/control"
)

// notifySocket stands for systemd's notification socket.
type notifySocket struct {
	conn *net.UnixConn
	path string
}

func newNotifySocket(t *testing.T) *notifySocket {
	t.Helper()
	dir, err := os.MkdirTemp("", "sdn")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	path := filepath.Join(dir, "notify")
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return &notifySocket{conn: conn, path: path}
}

// await reads notifications until one starts with want.
func (n *notifySocket) await(t *testing.T, want string, timeout time.Duration) {
	t.Helper()
	buf := make([]byte, 512)
	deadline := time.Now().Add(timeout)
	var seen []string
	for {
		n.conn.SetReadDeadline(deadline)
		k, err := n.conn.Read(buf)
		if err != nil {
			t.Fatalf("no %q from the kiosk within %v (heard %q): %v", want, timeout, seen, err)
		}
		got := string(buf[:k])
		if strings.HasPrefix(got, want) {
			return
		}
		seen = append(seen, got)
	}
}

// TestApplianceLifecycleUnderXvfb runs the real kiosk binary as the
// systemd unit does (full screen, watchdog, provisioning required) on an
// X server: it comes up on the "not provisioned" screen and tells systemd
// it is ready and alive; the X server's screen saver is off; once a
// configuration is provisioned it restarts by itself, in the same
// process, with its queue intact, and serves metrics; SIGTERM stops it
// cleanly.
func TestApplianceLifecycleUnderXvfb(t *testing.T) {
	x := startXvfb(t, 1280, 800)
	sd := newNotifySocket(t)
	t.Setenv("NOTIFY_SOCKET", sd.path)
	t.Setenv("WATCHDOG_USEC", "6000000") // the UI is asked every 2 s
	dir, err := os.MkdirTemp("", "kx")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	// A submission already waiting in the queue, as after a power cut.
	o, err := offline.Open(dir, offline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	id, _ := kiosk.NewSubmissionID()
	is, _ := kiosk.NewIssuer(1, kiosk.SystemClock{}, 0)
	if err := o.Enqueue(context.Background(), kiosk.Submission{ID: id, TrackingCode: is.Next(), ServiceCode: "tax",
		Lang: kiosk.Persian, CreatedAt: time.Now(), Answers: map[string]string{"n": "1"}}); err != nil {
		t.Fatal(err)
	}
	o.Close()

	k := startKiosk(t, x, "-data", dir, "-fullscreen", "-require-provisioning")
	k.waitLog(t, 30*time.Second, "not provisioned")
	sd.await(t, "READY=1", 60*time.Second)
	sd.await(t, "WATCHDOG=1", 10*time.Second)

	// Full screen: the window covers the display.
	win := x.waitWindow(t, "Pishkhan", 10*time.Second)
	geo := x.xdotool(t, "getwindowgeometry", win)
	if !strings.Contains(geo, "Geometry: 1280x800") {
		t.Errorf("window geometry:\n%s", geo)
	}
	k.waitLog(t, 10*time.Second, "X screen saver and DPMS disabled")

	// The runtime report says the UI answers.
	var r config.RuntimeReport
	deadline := time.Now().Add(30 * time.Second)
	for {
		data, err := os.ReadFile(filepath.Join(dir, config.RuntimeFileName))
		if err == nil && json.Unmarshal(data, &r) == nil && !r.UIAliveAt.IsZero() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no runtime report with the UI alive: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	pid := r.PID

	// Provisioning: the kiosk picks the configuration up by itself.
	cfg := config.Default()
	cfg.DeviceID, cfg.KioskNumber = "XVFB-01", 4242
	cfg.Site = kiosk.Text{kiosk.Persian: "آزمایشگاه", kiosk.English: "Lab"}
	cfg.Metrics.Listen = "127.0.0.1:0"
	h, _ := gate.HashPIN("482913")
	cfg.Technician.PINHash = h
	if err := config.Commit(filepath.Join(dir, "config.yaml"), cfg); err != nil {
		t.Fatal(err)
	}
	k.waitLog(t, 30*time.Second, "restarting the kiosk", "new configuration")
	// Restarting in place, not stopping: systemd waits for READY=1.
	sd.await(t, "RELOADING=1\nMONOTONIC_USEC=", 30*time.Second)
	line := k.waitLog(t, 60*time.Second, "metrics endpoint")
	sd.await(t, "READY=1", 60*time.Second)
	if k.cmd.Process.Pid != pid {
		t.Errorf("runtime report pid %d, process %d", pid, k.cmd.Process.Pid)
	}
	// The same process (systemd keeps watching it), now provisioned.
	url := regexp.MustCompile(`http://127\.0\.0\.1:\d+/metrics`).FindString(line)
	if url == "" {
		t.Fatalf("no metrics URL in %q", line)
	}
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	mfs, err := p.TextToMetricFamilies(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	// The queue came through both starts.
	c, err := control.Dial(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	counts, err := c.Counts(context.Background())
	if err != nil || counts[offline.StateQueued] != 1 {
		t.Errorf("after the restart the queue holds %v, %v; want the 1 queued submission", counts, err)
	}
	info := mfs["pishkhan_build_info"]
	if info == nil || len(info.GetMetric()) != 1 || !strings.Contains(info.GetMetric()[0].String(), "XVFB-01") {
		t.Errorf("build info after the restart: %v", info)
	}
	if err := k.stop(t, syscall.SIGTERM); err != nil {
		t.Fatalf("kiosk exited with %v after SIGTERM", err)
	}
	sd.await(t, "STOPPING=1", 5*time.Second)
}
