package gate_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk/gate"
	"github.com/pishkhan/pishkhan/kiosk/kiosktest"
)

type auditFake struct {
	mu      sync.Mutex
	entries []gate.AuditEntry
}

func (a *auditFake) Record(e gate.AuditEntry) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.entries = append(a.entries, e)
	return nil
}

func (a *auditFake) events() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []string
	for _, e := range a.entries {
		out = append(out, string(e.Event))
	}
	return out
}

func TestGateLocksOutWithGrowingDelays(t *testing.T) {
	h, err := gate.HashPIN("482913")
	if err != nil {
		t.Fatal(err)
	}
	clock := kiosktest.NewClock(time.Date(2025, 8, 3, 9, 0, 0, 0, time.UTC))
	audit := &auditFake{}
	state := filepath.Join(t.TempDir(), "lock.json")
	g := gate.New(gate.Config{PINHash: h, Clock: clock, Audit: audit, StatePath: state})

	for i := 1; i < gate.MaxPINAttempts; i++ {
		if err := g.Unlock("111112"); !errors.Is(err, gate.ErrWrongPIN) {
			t.Fatalf("wrong PIN %d: %v", i, err)
		}
	}
	var locked *gate.LockedOutError
	if err := g.Unlock("111112"); !errors.As(err, &locked) || locked.Left != gate.FirstLockout {
		t.Fatalf("fifth wrong PIN: %v, want a %v lock", err, gate.FirstLockout)
	}
	// While locked even the right PIN is refused, and not counted.
	clock.Add(10 * time.Second)
	if err := g.Unlock("482913"); !errors.As(err, &locked) || locked.Left != 20*time.Second {
		t.Fatalf("right PIN while locked: %v", err)
	}
	// A restart does not lift the lock.
	g = gate.New(gate.Config{PINHash: h, Clock: clock, Audit: audit, StatePath: state})
	if g.LockedFor() != 20*time.Second {
		t.Fatalf("after a restart the lock has %v left, want 20s", g.LockedFor())
	}
	// Each wrong PIN after a lock doubles it.
	want := []time.Duration{60 * time.Second, 2 * time.Minute, 4 * time.Minute}
	for _, d := range want {
		clock.Add(g.LockedFor())
		if err := g.Unlock("111112"); !errors.As(err, &locked) || locked.Left != d {
			t.Fatalf("wrong PIN after a lock: %v, want a %v lock", err, d)
		}
	}
	clock.Add(g.LockedFor())
	if err := g.Unlock("482913"); err != nil {
		t.Fatalf("right PIN after the lock: %v", err)
	}
	if st := g.State(); st.Failures != 0 || g.LockedFor() != 0 {
		t.Errorf("the right PIN did not reset the gate: %+v", st)
	}
	// Five more wrong PINs start again at the first lock.
	for range gate.MaxPINAttempts {
		err = g.Unlock("111112")
	}
	if !errors.As(err, &locked) || locked.Left != gate.FirstLockout {
		t.Errorf("after a reset, five wrong PINs lock for %v, want %v", err, gate.FirstLockout)
	}

	ev := audit.events()
	if ev[0] != "pin-rejected" || !slices.Contains(ev, "pin-refused") || !slices.Contains(ev, "pin-accepted") {
		t.Errorf("audit events %v", ev)
	}
	for _, e := range audit.entries {
		if strings.Contains(e.Detail, "482913") || strings.Contains(e.Detail, "111112") {
			t.Errorf("the audit log holds a PIN: %+v", e)
		}
	}
}

func TestGateLockNeverLongerThanItsLength(t *testing.T) {
	h, _ := gate.HashPIN("482913")
	clock := kiosktest.NewClock(time.Date(2025, 8, 3, 9, 0, 0, 0, time.UTC))
	g := gate.New(gate.Config{PINHash: h, Clock: clock})
	for range gate.MaxPINAttempts {
		g.Unlock("111112")
	}
	clock.Add(-24 * time.Hour) // the clock is set back a day
	if got := g.LockedFor(); got != gate.FirstLockout {
		t.Errorf("after the clock went back, locked for %v, want at most %v", got, gate.FirstLockout)
	}
}

func TestGateDamagedStateLocks(t *testing.T) {
	h, _ := gate.HashPIN("482913")
	state := filepath.Join(t.TempDir(), "lock.json")
	writeFile(t, state, "{not json", 0o600)
	clock := kiosktest.NewClock(time.Date(2025, 8, 3, 9, 0, 0, 0, time.UTC))
	g := gate.New(gate.Config{PINHash: h, Clock: clock, StatePath: state})
	if g.LockedFor() == 0 {
		t.Fatal("a damaged lockout file opened the gate")
	}
}

func TestGateWithoutPIN(t *testing.T) {
	audit := &auditFake{}
	g := gate.New(gate.Config{Clock: kiosktest.NewClock(time.Time{}), Audit: audit})
	if g.HasPIN() {
		t.Error("HasPIN without a hash")
	}
	if err := g.Unlock("482913"); !errors.Is(err, gate.ErrNoPIN) {
		t.Errorf("Unlock without a PIN: %v", err)
	}
	if ev := audit.events(); len(ev) != 1 || ev[0] != "pin-refused" {
		t.Errorf("audit %v", ev)
	}
}

// writeFile writes a file the test needs, failing the test if it cannot.
func writeFile(t *testing.T, path, data string, perm os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), perm); err != nil {
		t.Fatal(err)
	}
}

// TestStateFile pins the lockout file's format: a device updated in the
// middle of a lock must read the file it wrote before.
func TestStateFile(t *testing.T) {
	at := time.Date(2025, 8, 3, 9, 0, 30, 0, time.UTC)
	tests := []struct {
		name  string
		state gate.State
		file  string
	}{
		{name: "open", state: gate.State{}, file: `{"failures":0}`},
		{name: "failures, no lock yet", state: gate.State{Failures: 3}, file: `{"failures":3}`},
		{name: "locked", state: gate.State{Failures: 5, LockedUntil: at, Lock: 30 * time.Second},
			file: `{"failures":5,"locked_until":"2025-08-03T09:00:30Z","lock":"30s"}`},
		{name: "long lock", state: gate.State{Failures: 9, LockedUntil: at, Lock: time.Hour},
			file: `{"failures":9,"locked_until":"2025-08-03T09:00:30Z","lock":"1h0m0s"}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := json.Marshal(tc.state)
			if err != nil || string(b) != tc.file {
				t.Errorf("marshal: %s, %v; want %s", b, err, tc.file)
			}
			var got gate.State
			if err := json.Unmarshal([]byte(tc.file), &got); err != nil || got != tc.state {
				t.Errorf("unmarshal: %+v, %v; want %+v", got, err, tc.state)
			}
		})
	}
	for _, bad := range []string{`{"failures":5,"lock":30}`, `{"failures":5,"lock":"soon"}`, `{not json`} {
		var st gate.State
		if err := json.Unmarshal([]byte(bad), &st); err == nil {
			t.Errorf("unmarshal %s: no error; a damaged file must lock the gate", bad)
		}
	}
}
