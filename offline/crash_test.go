package offline_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/offline"
	"github.com/pishkhan/pishkhan/offline/open311"
)

// The crash test re-executes the test binary as a child kiosk: it opens
// the outbox, runs the sync worker against the parent's loopback back
// office, and enqueues submissions as fast as it can, printing each
// tracking code only after Enqueue returned. The parent kills it with
// SIGKILL at random moments.
const (
	crashEnvDir = "PISHKHAN_CRASH_CHILD_DIR"
	crashEnvURL = "PISHKHAN_CRASH_CHILD_URL"
)

func TestMain(m *testing.M) {
	if dir := os.Getenv(crashEnvDir); dir != "" {
		if err := crashChild(dir, os.Getenv(crashEnvURL)); err != nil {
			fmt.Fprintln(os.Stderr, "crash child:", err)
			os.Exit(3)
		}
		os.Exit(0)
	}
	if dir := os.Getenv(forwarderEnvDir); dir != "" {
		if err := forwarderChild(dir, os.Getenv(forwarderEnvURL)); err != nil {
			fmt.Fprintln(os.Stderr, "forwarder child:", err)
			os.Exit(3)
		}
		os.Exit(0)
	}
	if dir := os.Getenv(devServerEnv); dir != "" {
		if err := devServerChild(dir); err != nil {
			fmt.Fprintln(os.Stderr, "reference server child:", err)
			os.Exit(3)
		}
		os.Exit(0)
	}
	code := m.Run()
	removeBacklog()
	os.Exit(code)
}

func crashChild(dir, url string) error {
	clock := kiosk.SystemClock{}
	o, err := offline.Open(dir, offline.Options{Key: testKey, LockTimeout: 10 * time.Second, Retention: time.Hour})
	if err != nil {
		return err
	}
	client, err := open311.New(config.BackOffice{URL: url, APIKey: "sekret-key-42"}, open311.WithTimeout(2*time.Second))
	if err != nil {
		return err
	}
	cfg := offline.SyncConfig{Catalogue: testCatalogue(), Clock: clock,
		RetryBase: 5 * time.Millisecond, RetryMin: time.Millisecond, PauseBase: 5 * time.Millisecond}
	go offline.NewSyncer(o, client, cfg).Run(context.Background())
	go func() {
		// Rotations too are killed mid-way: held answers must survive.
		for {
			if _, err := o.RotateKeys(); err != nil {
				fmt.Fprintln(os.Stderr, "crash child: rotate:", err)
				os.Exit(3)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
	is, err := kiosk.NewIssuer(7, clock, o.LastSerial())
	if err != nil {
		return err
	}
	fmt.Println("READY")
	for range 100000 {
		id, err := kiosk.NewSubmissionID()
		if err != nil {
			return err
		}
		s := kiosk.Submission{ID: id, TrackingCode: is.Next(), ServiceCode: "permit", KioskID: "crash",
			CreatedAt: clock.Now(), Answers: map[string]string{"national_code": nationalCode}}
		if err := o.Enqueue(context.Background(), s); err != nil {
			return err
		}
		// Only now may the citizen see the code.
		fmt.Printf("ENQ %s %s\n", string(s.TrackingCode), s.ID)
		time.Sleep(time.Millisecond)
	}
	return nil
}

func TestCrashKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test runs child processes; skipped with -short")
	}
	dir := t.TempDir()
	bo := newBackOffice(t)
	const kills = 50
	deadline := time.Now().Add(40 * time.Second)
	promised := map[kiosk.TrackingCode]string{} // code → submission ID
	done := 0
	for done < kills && time.Now().Before(deadline) {
		lines := runAndKill(t, dir, bo.srv.URL+"/open311/v2", time.Duration(rand.IntN(120))*time.Millisecond)
		for _, l := range lines {
			var code, id string
			if _, err := fmt.Sscanf(l, "ENQ %s %s", &code, &id); err == nil {
				promised[kiosk.TrackingCode(code)] = id
			}
		}
		done++
	}
	if done < 10 || len(promised) == 0 {
		t.Fatalf("only %d kills and %d promised submissions: the test proves nothing", done, len(promised))
	}
	t.Logf("%d kills, %d tracking codes promised, %d POSTs seen", done, len(promised), len(bo.seen()))

	// After the last crash: every promised submission is there, intact.
	clock := newClock()
	o := openOutbox(t, dir, clock, offline.Options{Key: testKey})
	checkOutbox(t, o)
	for code, id := range promised {
		e, err := o.Get(code)
		if err != nil || e.ID != id {
			t.Fatalf("promised %s (%s) after restart: %+v, %v", code, id, e, err)
		}
	}
	// Everything still due goes out; nothing acknowledged goes out again.
	acked := map[string]string{}
	for _, e := range entries(t, o, offline.ListOptions{}) {
		if e.State == offline.StateSent {
			acked[e.ID] = e.ServiceRequestID
		}
	}
	before := len(bo.seen())
	s := offline.NewSyncer(o, bo.client(t, 2*time.Second), syncConfig(clock))
	if _, err := s.SyncNow(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, p := range bo.seen()[before:] {
		if _, ok := acked[p.key]; ok {
			t.Errorf("submission %s was POSTed again after the kiosk recorded its acknowledgement", p.key)
		}
	}
	answered := bo.lastAnswered()
	for _, e := range entries(t, o, offline.ListOptions{}) {
		if e.State != offline.StateSent {
			t.Errorf("%s ended %s: %s", e.TrackingCode, e.State, e.LastError)
			continue
		}
		// The ID kept is the answer to the last POST with this key: the
		// back office saw no POST after the local acknowledgement. Repeats
		// before it carried the same Idempotency-Key.
		if e.ServiceRequestID != answered[e.ID] {
			t.Errorf("%s recorded %q but the back office last answered %q", e.TrackingCode, e.ServiceRequestID, answered[e.ID])
		}
	}
	bo.check()
}

// runAndKill starts a child kiosk on dir, lets it run for d after it is
// ready, kills it with SIGKILL and returns what it printed.
func runAndKill(t *testing.T, dir, url string, d time.Duration) []string {
	t.Helper()
	c := startChild(t, crashEnvDir+"="+dir, crashEnvURL+"="+url)
	select {
	case <-c.ready:
		time.Sleep(d) // the crash point
	case <-c.exited:
	case <-time.After(15 * time.Second):
		t.Errorf("child never became ready")
	}
	c.cmd.Process.Kill() // SIGKILL
	<-c.exited
	return c.out
}

// child is the test binary started again as a child process, its role
// chosen by env (see TestMain). A child that fails exits 3 and says why
// on its standard error.
type child struct {
	cmd *exec.Cmd
	// ready is closed when the child printed READY; exited when it has
	// ended, and out then holds every line it printed.
	ready, exited chan struct{}
	out           []string
}

func startChild(t *testing.T, env ...string) *child {
	t.Helper()
	c := &child{cmd: exec.Command(os.Args[0], "-test.run=^$"), ready: make(chan struct{}), exited: make(chan struct{})}
	c.cmd.Env = append(os.Environ(), env...)
	var stderr strings.Builder
	c.cmd.Stderr = &stderr
	out, err := c.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			c.out = append(c.out, sc.Text())
			if sc.Text() == "READY" {
				close(c.ready)
			}
		}
		c.cmd.Wait()
		if c.cmd.ProcessState.ExitCode() == 3 {
			t.Errorf("child failed: %s", stderr.String())
		}
		close(c.exited)
	}()
	return c
}
