package journeys_test

import (
	"bufio"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/offline/journeys"
	bolt "go.etcd.io/bbolt"
)

// The kill test re-executes the test binary as a child kiosk that records
// journeys and flushes them, printing their IDs only after Flush returned;
// the parent kills it with SIGKILL at random moments.
const childEnvDir = "PISHKHAN_JOURNEYS_CHILD_DIR"

func TestMain(m *testing.M) {
	if dir := os.Getenv(childEnvDir); dir != "" {
		if err := recordingChild(dir); err != nil {
			fmt.Fprintln(os.Stderr, "journeys child:", err)
			os.Exit(3)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

var base = time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)

// journey is a journey as a session makes it, started at hour h of base.
func journey(id string, h int) kiosk.Journey {
	return kiosk.Journey{
		ID: id, Started: base.Add(time.Duration(h) * time.Hour), DurationMS: 93000,
		DeviceID: "IKA-T1-07", Site: "Airport", Channel: kiosk.ChannelKiosk, Lang: kiosk.Persian,
		LargeText: true, Service: "tax", CatalogueVersion: "2026.1",
		Steps: []kiosk.JourneyStep{
			{Stage: kiosk.StageLanguage, LeftMS: 2000},
			{Stage: kiosk.StageForm, Step: "taxpayer", EnteredMS: 2000, LeftMS: 60000},
			{Stage: kiosk.StageReview, EnteredMS: 60000, LeftMS: 93000},
		},
		Refusals: []kiosk.Refusal{{Step: "taxpayer", Field: "mobile", Kind: "error.mobile"}},
		Backs:    1, Outcome: kiosk.OutcomeIdle, ExitStep: "review",
	}
}

type clockFunc func() time.Time

func (f clockFunc) Now() time.Time { return f() }

func open(t *testing.T, dir string, opts journeys.Options) *journeys.Store {
	t.Helper()
	s, err := journeys.Open(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func ids(t *testing.T, s *journeys.Store, since time.Time) []string {
	t.Helper()
	var out []string
	if err := s.List(since, func(j kiosk.Journey) error {
		out = append(out, j.ID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSurvivesReopen(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir, journeys.Options{Clock: clockFunc(func() time.Time { return base })})
	want := journey("A", 0)
	s.Record(want)
	s.Record(journey("B", 1))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = open(t, dir, journeys.Options{ReadOnly: true})
	defer s.Close()
	var got []kiosk.Journey
	if err := s.List(time.Time{}, func(j kiosk.Journey) error { got = append(got, j); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || fmt.Sprintf("%+v", got[0]) != fmt.Sprintf("%+v", want) || got[1].ID != "B" {
		t.Fatalf("after reopen:\n got %+v\nwant %+v and B", got, want)
	}
	if n, err := s.Count(); err != nil || n != 2 {
		t.Fatalf("count %d, %v", n, err)
	}
}

func TestCommittedWithinASecond(t *testing.T) {
	s := open(t, t.TempDir(), journeys.Options{})
	defer s.Close()
	s.Record(journey("A", 0))
	deadline := time.Now().Add(time.Second)
	for len(ids(t, s, time.Time{})) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("journey not committed within a second")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestBounds(t *testing.T) {
	tests := []struct {
		name     string
		maxAge   time.Duration
		maxCount int
		now      int // hour of base
		hours    []int
		want     string
	}{
		{"older than max age dropped", 48 * time.Hour, 0, 72, []int{0, 23, 24, 30, 71}, "h24 h30 h71"},
		{"beyond max count, oldest dropped", 0, 3, 10, []int{5, 1, 9, 3, 7}, "h5 h7 h9"},
		{"both", 5 * time.Hour, 2, 10, []int{1, 6, 7, 8}, "h7 h8"},
		{"within bounds, all kept", time.Hour * 100, 10, 10, []int{1, 2}, "h1 h2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			opts := journeys.Options{MaxAge: tc.maxAge, MaxCount: tc.maxCount,
				Clock: clockFunc(func() time.Time { return base.Add(time.Duration(tc.now) * time.Hour) })}
			s := open(t, dir, opts)
			for _, h := range tc.hours {
				// One at a time, so the bounds hold after each batch.
				s.Record(journey(fmt.Sprintf("h%d", h), h))
				if err := s.Flush(); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			s = open(t, dir, opts)
			defer s.Close()
			got := ids(t, s, time.Time{})
			if strings.Join(got, " ") != tc.want {
				t.Fatalf("kept %v, want %s", got, tc.want)
			}
			if n, _ := s.Count(); n != len(got) {
				t.Fatalf("count %d, %d listed", n, len(got))
			}
		})
	}
}

// TestRecordNeverBlocks stalls the writer inside its transaction (its
// clock waits) and records more than the queue holds: every Record
// returns at once, the excess is counted as dropped, the rest is stored.
func TestRecordNeverBlocks(t *testing.T) {
	release := make(chan struct{})
	var stalled sync.Once
	entered := make(chan struct{})
	clock := clockFunc(func() time.Time {
		stalled.Do(func() { close(entered); <-release })
		return base
	})
	dir := t.TempDir()
	s := open(t, dir, journeys.Options{QueueSize: 8, Clock: clock})
	s.Record(journey("first", 0))
	<-entered // the writer is stuck in its first commit
	start := time.Now()
	for i := range 100 {
		s.Record(journey(fmt.Sprint("j", i), 0))
	}
	if took := time.Since(start); took > 100*time.Millisecond {
		t.Fatalf("100 Records took %v with the writer stalled", took)
	}
	if got := s.Dropped(); got != 92 {
		t.Fatalf("dropped %d, want 92 (queue of 8)", got)
	}
	close(release)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s.Record(journey("late", 0))
	if got := s.Dropped(); got != 93 {
		t.Fatalf("a Record after Close: dropped %d, want 93", got)
	}
	s = open(t, dir, journeys.Options{ReadOnly: true})
	defer s.Close()
	if n := len(ids(t, s, time.Time{})); n != 9 {
		t.Fatalf("%d stored, want 9 (the first and a full queue)", n)
	}
}

func TestOpenReadOnly(t *testing.T) {
	dir := t.TempDir()
	if _, err := journeys.Open(dir, journeys.Options{ReadOnly: true}); !errors.Is(err, journeys.ErrNoStore) {
		t.Fatalf("read-only open of an empty directory: %v, want ErrNoStore", err)
	}
	if _, err := os.Stat(filepath.Join(dir, journeys.DBFile)); err == nil {
		t.Fatal("a read-only open created the database")
	}
	s := open(t, dir, journeys.Options{})
	defer s.Close()
	_, err := journeys.Open(dir, journeys.Options{ReadOnly: true, LockTimeout: 100 * time.Millisecond})
	if !errors.Is(err, journeys.ErrLocked) {
		t.Fatalf("read-only open while the kiosk holds it: %v, want ErrLocked", err)
	}
}

func recordingChild(dir string) error {
	s, err := journeys.Open(dir, journeys.Options{LockTimeout: 10 * time.Second})
	if err != nil {
		return err
	}
	fmt.Println("READY")
	for n := 0; ; n++ {
		var batch []string
		for i := range 1 + n%7 {
			id := fmt.Sprintf("p%d-%d-%d", os.Getpid(), n, i)
			s.Record(journey(id, n%50))
			batch = append(batch, id)
		}
		if err := s.Flush(); err != nil {
			return err
		}
		if s.Dropped() > 0 {
			return fmt.Errorf("%d journeys dropped", s.Dropped())
		}
		// Only now are they promised.
		fmt.Println("FLUSHED " + strings.Join(batch, " "))
		// And some are recorded without a flush when the kill comes.
		s.Record(journey(fmt.Sprintf("p%d-%d-unflushed", os.Getpid(), n), n%50))
	}
}

func TestKill9LosesNothingFlushed(t *testing.T) {
	if testing.Short() {
		t.Skip("kill test runs child processes; skipped with -short")
	}
	dir := t.TempDir()
	promised := map[string]bool{}
	for range 15 {
		for _, l := range runAndKill(t, dir, time.Duration(rand.IntN(150))*time.Millisecond) {
			if rest, ok := strings.CutPrefix(l, "FLUSHED "); ok {
				for _, id := range strings.Fields(rest) {
					promised[id] = true
				}
			}
		}
	}
	if len(promised) == 0 {
		t.Fatal("no child flushed anything")
	}
	db, err := bolt.Open(filepath.Join(dir, journeys.DBFile), 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			return err
		}
		return nil
	})
	db.Close()
	if err != nil {
		t.Fatalf("database damaged after kill -9: %v", err)
	}
	s := open(t, dir, journeys.Options{ReadOnly: true})
	defer s.Close()
	stored := map[string]bool{}
	for _, id := range ids(t, s, time.Time{}) {
		stored[id] = true
	}
	for id := range promised {
		if !stored[id] {
			t.Errorf("journey %s flushed before the kill is gone", id)
		}
	}
	if n, _ := s.Count(); n != len(stored) {
		t.Errorf("count %d, %d stored", n, len(stored))
	}
	t.Logf("%d journeys flushed across the kills, %d stored", len(promised), len(stored))
}

// runAndKill starts a recording child, kills it with SIGKILL after it has
// run for d, and returns every line it printed.
func runAndKill(t *testing.T, dir string, d time.Duration) []string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnvDir+"="+dir)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan struct{})
	var lines []string
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(out)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			lines = append(lines, sc.Text())
			if sc.Text() == "READY" {
				close(ready)
			}
		}
	}()
	select {
	case <-ready:
	case <-time.After(20 * time.Second):
		t.Errorf("child never became ready: %s", stderr.String())
	}
	time.Sleep(d)
	cmd.Process.Kill() // SIGKILL
	<-done
	cmd.Wait()
	if cmd.ProcessState.ExitCode() == 3 {
		t.Errorf("child failed: %s", stderr.String())
	}
	return lines
}
