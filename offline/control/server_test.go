package control_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/offline"
	"github.com/pishkhan/pishkhan/offline/control"
)

// fakeQueue is a control.Queue whose answers the test sets; a nil Func
// answers nothing.
type fakeQueue struct {
	CountsFunc    func(ctx context.Context) (offline.Counts, error)
	ListFunc      func(ctx context.Context, opts offline.ListOptions, personal bool, fn func(control.Entry) error) error
	ShowFunc      func(ctx context.Context, code kiosk.TrackingCode, personal bool) (control.Entry, error)
	RetryFunc     func(ctx context.Context, code kiosk.TrackingCode) error
	RetryDeadFunc func(ctx context.Context) (int, error)
	SyncFunc      func(ctx context.Context) (offline.SyncReport, error)
	SubmitFunc    func(ctx context.Context, req control.SubmitRequest) (control.SubmitResult, error)
}

var _ control.Queue = (*fakeQueue)(nil)

func (q *fakeQueue) Counts(ctx context.Context) (offline.Counts, error) {
	if q.CountsFunc == nil {
		return offline.Counts{}, nil
	}
	return q.CountsFunc(ctx)
}

func (q *fakeQueue) List(ctx context.Context, opts offline.ListOptions, personal bool, fn func(control.Entry) error) error {
	if q.ListFunc == nil {
		return nil
	}
	return q.ListFunc(ctx, opts, personal, fn)
}

func (q *fakeQueue) Show(ctx context.Context, code kiosk.TrackingCode, personal bool) (control.Entry, error) {
	if q.ShowFunc == nil {
		return control.Entry{}, nil
	}
	return q.ShowFunc(ctx, code, personal)
}

func (q *fakeQueue) Retry(ctx context.Context, code kiosk.TrackingCode) error {
	if q.RetryFunc == nil {
		return nil
	}
	return q.RetryFunc(ctx, code)
}

func (q *fakeQueue) RetryDead(ctx context.Context) (int, error) {
	if q.RetryDeadFunc == nil {
		return 0, nil
	}
	return q.RetryDeadFunc(ctx)
}

func (q *fakeQueue) Sync(ctx context.Context) (offline.SyncReport, error) {
	if q.SyncFunc == nil {
		return offline.SyncReport{}, nil
	}
	return q.SyncFunc(ctx)
}

func (q *fakeQueue) Submit(ctx context.Context, req control.SubmitRequest) (control.SubmitResult, error) {
	if q.SubmitFunc == nil {
		return control.SubmitResult{}, nil
	}
	return q.SubmitFunc(ctx, req)
}

// shortDir is a data directory with a path short enough for a Unix
// socket, which t.TempDir's are not always.
func shortDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "ctl")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// serveQueue serves q on dir's control socket until the test ends.
func serveQueue(t *testing.T, dir string, q control.Queue) {
	t.Helper()
	serveWith(t, dir, func(ctx context.Context) error { return control.Serve(ctx, dir, q) })
	waitForSocket(t, dir)
}

func serveWith(t *testing.T, dir string, serve func(context.Context) error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	for range 200 {
		if _, err := os.Lstat(filepath.Join(dir, control.SocketFile)); err == nil {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("control socket never appeared")
}

func TestCurlReadsTheStatus(t *testing.T) {
	curl, err := exec.LookPath("curl")
	if err != nil {
		t.Skip("curl is not installed (make deps-test installs it): the control socket's curl example is not tried")
	}
	dir := shortDir(t)
	serveQueue(t, dir, &fakeQueue{CountsFunc: func(context.Context) (offline.Counts, error) {
		return offline.Counts{offline.StateQueued: 2, offline.StateDead: 1}, nil
	}})
	sock := filepath.Join(dir, control.SocketFile)
	out, err := exec.Command(curl, "--silent", "--show-error", "--fail", "--unix-socket", sock, "http://pishkhan/v1/status").Output()
	if err != nil {
		t.Fatalf("curl: %v", err)
	}
	var st struct {
		Counts map[string]int `json:"counts"`
	}
	if err := json.Unmarshal(out, &st); err != nil || st.Counts["queued"] != 2 || st.Counts["dead"] != 1 {
		t.Errorf("curl read %s (%v); want counts of 2 queued, 1 dead", out, err)
	}
	// An error is a status and a JSON body.
	out, err = exec.Command(curl, "--silent", "--show-error", "--unix-socket", sock, "--write-out", "\n%{http_code}", "http://pishkhan/v1/queue/12").Output()
	if err != nil {
		t.Fatalf("curl: %v", err)
	}
	i := strings.LastIndexByte(string(out), '\n')
	body, code := string(out[:max(i, 0)]), string(out[i+1:])
	if code != "400" || !strings.Contains(body, `"code":"tracking_code"`) {
		t.Errorf("curl of a bad tracking code: %s %s; want 400 and code tracking_code", code, body)
	}
}

func TestPeerRefused(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("peer credentials are only read on Linux; elsewhere the socket's mode alone keeps others out")
	}
	asked := make(chan int, 10)
	dir := shortDir(t)
	q := &fakeQueue{RetryDeadFunc: func(context.Context) (int, error) {
		t.Error("a refused peer's request reached the queue")
		return 0, nil
	}}
	serveWith(t, dir, func(ctx context.Context) error {
		return control.ServeAllowing(ctx, dir, q, func(uid int) bool {
			asked <- uid
			return false
		})
	})
	a := ask(t, socketHTTP(dir), "POST", "/v1/queue/retry-dead", "")
	if a.status != http.StatusForbidden || errorCode(t, a) != "peer_refused" || !strings.Contains(string(a.body), "may not drive this kiosk") {
		t.Errorf("a refused peer got %d %s; want 403 peer_refused", a.status, a.body)
	}
	if uid := <-asked; uid != os.Getuid() {
		t.Errorf("the rule was asked about uid %d; want this process's, %d", uid, os.Getuid())
	}
	if _, err := control.Dial(context.Background(), dir); !errors.Is(err, control.ErrNotRunning) || !strings.Contains(err.Error(), "may not drive") {
		t.Errorf("Dial by a refused peer = %v; want ErrNotRunning saying why", err)
	}
}

func TestServeEndsTheRequestsInFlight(t *testing.T) {
	dir := shortDir(t)
	syncing := make(chan struct{})
	q := &fakeQueue{SyncFunc: func(ctx context.Context) (offline.SyncReport, error) {
		close(syncing)
		<-ctx.Done()
		return offline.SyncReport{}, ctx.Err()
	}}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- control.Serve(ctx, dir, q) }()
	waitForSocket(t, dir)
	c, err := control.Dial(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	synced := make(chan error, 1)
	go func() {
		_, err := c.Sync(context.Background())
		synced <- err
	}()
	<-syncing
	cancel()
	select {
	case err := <-served:
		if err != nil {
			t.Fatalf("Serve = %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not end with a sync in flight")
	}
	if err := <-synced; err == nil {
		t.Error("the sync cut short by the kiosk's stop succeeded")
	}
	if _, err := os.Lstat(filepath.Join(dir, control.SocketFile)); err == nil {
		t.Error("the socket outlived Serve")
	}
}
