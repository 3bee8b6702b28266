package offline_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/offline"
	"github.com/pishkhan/pishkhan/offline/open311"
	"github.com/pishkhan/pishkhan/offline/open311/devserver"
)

// The forwarder child runs only the sync worker on a data directory the
// parent filled, against the parent's reference server.
const (
	forwarderEnvDir = "PISHKHAN_FORWARDER_CHILD_DIR"
	forwarderEnvURL = "PISHKHAN_FORWARDER_CHILD_URL"
)

func forwarderChild(dir, url string) error {
	o, err := offline.Open(dir, offline.Options{Key: testKey, LockTimeout: 10 * time.Second, Retention: time.Hour})
	if err != nil {
		return err
	}
	client, err := open311.New(config.BackOffice{URL: url, APIKey: "sekret-key-42"}, open311.WithTimeout(2*time.Second))
	if err != nil {
		return err
	}
	cfg := offline.SyncConfig{Catalogue: testCatalogue(), Clock: kiosk.SystemClock{},
		RetryBase: 5 * time.Millisecond, RetryMin: time.Millisecond, PauseBase: 5 * time.Millisecond, PauseMin: time.Millisecond}
	fmt.Println("READY")
	return offline.NewSyncer(o, client, cfg).Run(context.Background())
}

// strictBackOffice is the reference server in a mode a real back office
// has, behind a handler that can kill the forwarder just as the answer
// to a POST is about to leave: the request is stored, the kiosk never
// hears of it.
type strictBackOffice struct {
	dev   *devserver.Server
	srv   *httptest.Server
	armed atomic.Pointer[os.Process]
	kills atomic.Int64
}

func newStrictBackOffice(t *testing.T, opts devserver.Options) *strictBackOffice {
	t.Helper()
	opts.APIKey, opts.AllowNoLocation = "sekret-key-42", true
	dev, err := devserver.New(testCatalogue(), t.TempDir(), opts)
	if err != nil {
		t.Fatal(err)
	}
	b := &strictBackOffice{dev: dev}
	b.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			dev.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		dev.ServeHTTP(rec, r)
		if p := b.armed.Swap(nil); p != nil && rec.Code < 300 {
			p.Kill() // SIGKILL: stored, and the answer is lost
			b.kills.Add(1)
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
	}))
	t.Cleanup(func() { b.srv.Close(); dev.Close() })
	return b
}

func (b *strictBackOffice) url() string { return b.srv.URL }

// stored counts the requests the back office holds for each submission
// ID, read back through GET requests.json as an agency would.
func (b *strictBackOffice) stored(t *testing.T) map[string]int {
	t.Helper()
	c, err := open311.New(config.BackOffice{URL: b.url(), APIKey: "sekret-key-42"})
	if err != nil {
		t.Fatal(err)
	}
	reqs, err := c.Search(context.Background(), open311.Query{ServiceCode: "PERMIT-1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(reqs) >= open311.MaxSearchResults {
		t.Fatalf("%d requests: the count may be cut", len(reqs))
	}
	n := map[string]int{}
	for _, r := range reqs {
		i := strings.LastIndex(r.Description, "(ref ")
		if i < 0 {
			t.Fatalf("request %s carries no reference: %q", r.ID, r.Description)
		}
		n[strings.TrimSuffix(r.Description[i+len("(ref "):], ")")]++
	}
	return n
}

// fillOutbox enqueues n submissions in a fresh data directory and returns it
// with their IDs.
func fillOutbox(t *testing.T, n int) (string, []kiosk.Submission) {
	t.Helper()
	dir := t.TempDir()
	clock := kiosk.SystemClock{}
	o, err := offline.Open(dir, offline.Options{Key: testKey, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	sub := newSubmitter(t, clock, 0)
	subs := make([]kiosk.Submission, n)
	for i := range subs {
		subs[i] = sub.next(nil)
	}
	enqueue(t, o, subs...)
	o.Close()
	return dir, subs
}

// startForwarder starts the forwarder child and waits until it is ready.
func startForwarder(t *testing.T, dir, url string) *child {
	t.Helper()
	c := startChild(t, forwarderEnvDir+"="+dir, forwarderEnvURL+"="+url)
	select {
	case <-c.ready:
	case <-c.exited:
		t.Fatal("forwarder exited before it was ready")
	case <-time.After(15 * time.Second):
		t.Fatal("forwarder never became ready")
	}
	return c
}

// TestNoDuplicatesWhenKilled kills the forwarder with SIGKILL 50 times
// against a back office that ignores Idempotency-Key, and one that
// stores each request and then answers garbage; at random moments, and
// each time just as an answer arrives. Every submission must be stored
// at the back office exactly once and recorded as sent.
func TestNoDuplicatesWhenKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("runs child processes; skipped with -short")
	}
	const kills = 50
	for _, tt := range []struct {
		name     string
		opts     devserver.Options
		atAnswer bool
		subs     int
	}{
		{name: "ignores Idempotency-Key, killed at random", opts: devserver.Options{IgnoreIdempotencyKey: true}, subs: 200},
		{name: "ignores Idempotency-Key, killed as each answer arrives", opts: devserver.Options{IgnoreIdempotencyKey: true}, atAnswer: true, subs: 100},
		{name: "stores then answers garbage, killed at random", opts: devserver.Options{IgnoreIdempotencyKey: true, GarbleAnswers: true}, subs: 200},
		{name: "stores then answers garbage, killed as each answer arrives", opts: devserver.Options{IgnoreIdempotencyKey: true, GarbleAnswers: true}, atAnswer: true, subs: 100},
	} {
		t.Run(tt.name, func(t *testing.T) {
			bo := newStrictBackOffice(t, tt.opts)
			dir, subs := fillOutbox(t, tt.subs)
			deadline := time.Now().Add(40 * time.Second)
			runs := 0
			for int(bo.kills.Load()) < kills && time.Now().Before(deadline) {
				c := startForwarder(t, dir, bo.url())
				runs++
				if tt.atAnswer {
					bo.armed.Store(c.cmd.Process)
					select {
					case <-c.exited:
						continue
					case <-time.After(2 * time.Second):
						// No POST in two seconds: nothing is left to send.
					}
					bo.armed.Store(nil)
				} else {
					time.Sleep(time.Duration(rand.IntN(60)) * time.Millisecond)
					bo.kills.Add(1)
				}
				c.cmd.Process.Kill()
				<-c.exited
				if tt.atAnswer {
					break
				}
			}
			killed := int(bo.kills.Load())
			if killed < 10 {
				t.Fatalf("only %d kills: the test proves nothing", killed)
			}

			// After the last kill, one more run to the end.
			clock := newClock()
			o := openOutbox(t, dir, clock, offline.Options{Key: testKey})
			c, err := open311.New(config.BackOffice{URL: bo.url(), APIKey: "sekret-key-42"}, open311.WithTimeout(2*time.Second))
			if err != nil {
				t.Fatal(err)
			}
			pendingBefore := 0
			if n, _ := o.Counts(); true {
				pendingBefore = n[offline.StateQueued] + n[offline.StateSending]
			}
			// On the system clock, as the child ran: the searches are
			// made around the real times of its attempts.
			cfg := syncConfig(clock)
			cfg.Clock = kiosk.SystemClock{}
			s := offline.NewSyncer(o, c, cfg)
			var adopted, searched int
			// A back office answering garbage is failing: the worker
			// probes it one submission at a time, so this takes passes.
			for range 4 * len(subs) {
				rep, err := s.SyncNow(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				adopted += rep.Adopted
				searched += rep.Searched
				if rep.Counts[offline.StateQueued] == 0 {
					break
				}
			}
			checkOutbox(t, o)

			stored := bo.stored(t)
			lost, dups, adoptedTotal := 0, 0, 0
			for _, sub := range subs {
				e := mustGet(t, o, sub.TrackingCode)
				if e.State != offline.StateSent {
					lost++
					t.Errorf("%s ended %s: %s", e.TrackingCode, e.State, e.LastError)
				}
				if e.Adopted {
					adoptedTotal++
				}
				switch n := stored[sub.ID]; {
				case n == 0:
					lost++
					t.Errorf("%s never reached the back office", sub.TrackingCode)
				case n > 1:
					dups += n - 1
					t.Errorf("%s stored %d times at the back office", sub.TrackingCode, n)
				}
			}
			if tt.atAnswer && pendingBefore > 0 {
				t.Errorf("%d submissions still unsent after %d kills each as an answer arrived: no progress", pendingBefore, killed)
			}
			t.Logf("%d submitted, %d kills in %d runs; %d left for the last run; %d stored at the back office; %d adopted after an unanswered POST; %d duplicates; %d lost",
				len(subs), killed, runs, pendingBefore, len(stored), adoptedTotal, dups, lost)
		})
	}
}

// TestNoDuplicatesAtAGarblingBackOffice sends 300 submissions, without
// any kill, to a back office that stores each request and then answers
// garbage and ignores Idempotency-Key (one such server got 99 duplicates
// out of 300 from a kiosk that simply sent again). It also measures what
// reconciliation costs: the searches made per submission.
func TestNoDuplicatesAtAGarblingBackOffice(t *testing.T) {
	for _, tt := range []struct {
		name string
		opts devserver.Options
		// searches the back office may be asked per submission.
		maxSearches float64
	}{
		{name: "well-behaved", opts: devserver.Options{IgnoreIdempotencyKey: true}, maxSearches: 0},
		{name: "stores then answers garbage", opts: devserver.Options{IgnoreIdempotencyKey: true, GarbleAnswers: true}, maxSearches: 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			bo := newStrictBackOffice(t, tt.opts)
			dir, subs := fillOutbox(t, 300)
			o := openOutbox(t, dir, nil, offline.Options{Key: testKey, Clock: kiosk.SystemClock{}})
			c, err := open311.New(config.BackOffice{URL: bo.url(), APIKey: "sekret-key-42"}, open311.WithTimeout(2*time.Second))
			if err != nil {
				t.Fatal(err)
			}
			cfg := syncConfig(newClock())
			cfg.Clock = kiosk.SystemClock{}
			s := offline.NewSyncer(o, c, cfg)
			searched, passes := 0, 0
			for passes < 4*len(subs) {
				rep, err := s.SyncNow(context.Background())
				passes++
				if err != nil {
					t.Fatal(err)
				}
				searched += rep.Searched
				if rep.Counts[offline.StateQueued] == 0 {
					break
				}
			}
			stored := bo.stored(t)
			dups := 0
			for _, sub := range subs {
				if e := mustGet(t, o, sub.TrackingCode); e.State != offline.StateSent {
					t.Errorf("%s ended %s: %s", e.TrackingCode, e.State, e.LastError)
				}
				if n := stored[sub.ID]; n != 1 {
					dups += max(n-1, 0)
					t.Errorf("%s stored %d times at the back office", sub.TrackingCode, n)
				}
			}
			posts := bo.dev.Stats().Posts
			perSub := float64(searched) / float64(len(subs))
			t.Logf("%d submitted; %d POSTs, %d searches (%.2f per submission) in %d passes; %d duplicates",
				len(subs), posts, searched, perSub, passes, dups)
			if perSub > tt.maxSearches {
				t.Errorf("%.2f searches per submission, want at most %v", perSub, tt.maxSearches)
			}
			if posts != len(subs) {
				t.Errorf("%d POSTs for %d submissions: each is sent once", posts, len(subs))
			}
		})
	}
}
