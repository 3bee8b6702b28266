package kiosk_test

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type auditFake struct {
	mu      sync.Mutex
	entries []kiosk.AuditEntry
}

func (a *auditFake) Record(e kiosk.AuditEntry) error {
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

func TestValidatePIN(t *testing.T) {
	tests := []struct {
		pin  string
		want error
	}{
		{"482913", nil},
		{"۴۸۲۹۱۳", nil},               // Persian digits, as a Persian keypad types them
		{"4829 ", kiosk.ErrPINFormat}, // too short once trimmed
		{"48291", kiosk.ErrPINFormat},
		{"4829134829134", kiosk.ErrPINFormat},
		{"48a913", kiosk.ErrPINFormat},
		{"000000", kiosk.ErrPINWeak},
		{"123456", kiosk.ErrPINWeak},
		{"987654", kiosk.ErrPINWeak},
		{"890123", kiosk.ErrPINWeak},
	}
	for _, tc := range tests {
		t.Run(tc.pin, func(t *testing.T) {
			err := kiosk.ValidatePIN(tc.pin)
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("ValidatePIN(%q) = %v, want %v", tc.pin, err, tc.want)
			}
		})
	}
}

func TestHashAndVerifyPIN(t *testing.T) {
	h, err := kiosk.HashPIN("482913")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q is not a PHC argon2id string with the expected parameters", h)
	}
	if strings.Contains(h, "482913") {
		t.Error("the hash contains the PIN")
	}
	h2, _ := kiosk.HashPIN("482913")
	if h == h2 {
		t.Error("two hashes of one PIN are equal: no salt")
	}
	tests := []struct {
		pin  string
		want bool
	}{{"482913", true}, {"۴۸۲۹۱۳", true}, {"482914", false}, {"", false}}
	for _, tc := range tests {
		if ok, err := kiosk.VerifyPIN(h, tc.pin); err != nil || ok != tc.want {
			t.Errorf("VerifyPIN(%q) = %v, %v; want %v", tc.pin, ok, err, tc.want)
		}
	}
	for _, bad := range []string{"", "482913", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=19$m=4194304,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"} {
		if _, err := kiosk.VerifyPIN(bad, "482913"); !errors.Is(err, kiosk.ErrPINHash) {
			t.Errorf("VerifyPIN with hash %q: %v, want ErrPINHash", bad, err)
		}
	}
}

func TestGateLocksOutWithGrowingDelays(t *testing.T) {
	h, err := kiosk.HashPIN("482913")
	if err != nil {
		t.Fatal(err)
	}
	clock := &fakeClock{t: time.Date(2025, 8, 3, 9, 0, 0, 0, time.UTC)}
	audit := &auditFake{}
	state := filepath.Join(t.TempDir(), "lock.json")
	g := kiosk.NewGate(kiosk.GateConfig{PINHash: h, Clock: clock, Audit: audit, StatePath: state})

	for i := 1; i < kiosk.MaxPINAttempts; i++ {
		if err := g.Unlock("111112"); !errors.Is(err, kiosk.ErrWrongPIN) {
			t.Fatalf("wrong PIN %d: %v", i, err)
		}
	}
	var locked *kiosk.LockedOutError
	if err := g.Unlock("111112"); !errors.As(err, &locked) || locked.Left != kiosk.FirstLockout {
		t.Fatalf("fifth wrong PIN: %v, want a %v lock", err, kiosk.FirstLockout)
	}
	// While locked even the right PIN is refused, and not counted.
	clock.Add(10 * time.Second)
	if err := g.Unlock("482913"); !errors.As(err, &locked) || locked.Left != 20*time.Second {
		t.Fatalf("right PIN while locked: %v", err)
	}
	// A restart does not lift the lock.
	g = kiosk.NewGate(kiosk.GateConfig{PINHash: h, Clock: clock, Audit: audit, StatePath: state})
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
	for range kiosk.MaxPINAttempts {
		err = g.Unlock("111112")
	}
	if !errors.As(err, &locked) || locked.Left != kiosk.FirstLockout {
		t.Errorf("after a reset, five wrong PINs lock for %v, want %v", err, kiosk.FirstLockout)
	}

	ev := audit.events()
	if ev[0] != "pin-rejected" || !contains(ev, "pin-refused") || !contains(ev, "pin-accepted") {
		t.Errorf("audit events %v", ev)
	}
	for _, e := range audit.entries {
		if strings.Contains(e.Detail, "482913") || strings.Contains(e.Detail, "111112") {
			t.Errorf("the audit log holds a PIN: %+v", e)
		}
	}
}

func TestGateLockNeverLongerThanItsLength(t *testing.T) {
	h, _ := kiosk.HashPIN("482913")
	clock := &fakeClock{t: time.Date(2025, 8, 3, 9, 0, 0, 0, time.UTC)}
	g := kiosk.NewGate(kiosk.GateConfig{PINHash: h, Clock: clock})
	for range kiosk.MaxPINAttempts {
		g.Unlock("111112")
	}
	clock.Add(-24 * time.Hour) // the clock is set back a day
	if got := g.LockedFor(); got != kiosk.FirstLockout {
		t.Errorf("after the clock went back, locked for %v, want at most %v", got, kiosk.FirstLockout)
	}
}

func TestGateDamagedStateLocks(t *testing.T) {
	h, _ := kiosk.HashPIN("482913")
	state := filepath.Join(t.TempDir(), "lock.json")
	writeFile(t, state, "{not json", 0o600)
	clock := &fakeClock{t: time.Date(2025, 8, 3, 9, 0, 0, 0, time.UTC)}
	g := kiosk.NewGate(kiosk.GateConfig{PINHash: h, Clock: clock, StatePath: state})
	if g.LockedFor() == 0 {
		t.Fatal("a damaged lockout file opened the gate")
	}
}

func TestGateWithoutPIN(t *testing.T) {
	audit := &auditFake{}
	g := kiosk.NewGate(kiosk.GateConfig{Clock: &fakeClock{}, Audit: audit})
	if g.HasPIN() {
		t.Error("HasPIN without a hash")
	}
	if err := g.Unlock("482913"); !errors.Is(err, kiosk.ErrNoPIN) {
		t.Errorf("Unlock without a PIN: %v", err)
	}
	if ev := audit.events(); len(ev) != 1 || ev[0] != "pin-refused" {
		t.Errorf("audit %v", ev)
	}
}

func TestAuditFileAppends(t *testing.T) {
	path := filepath.Join(t.TempDir(), kiosk.AuditFileName)
	writeFile(t, path, `{"time":"2025-01-01T00:00:00Z","event":"action","action":"earlier"}`+"\n", 0o600)
	a, err := kiosk.OpenAuditFile(path)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2025, 8, 3, 9, 0, 0, 0, time.UTC)
	if err := a.Record(kiosk.AuditEntry{Time: at, Event: kiosk.AuditAction, Action: "sync-now", Outcome: "ok",
		Detail: "sent 3\nretrying 0 " + strings.Repeat("x", 1000)}); err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open(path)
	defer f.Close()
	var lines []kiosk.AuditEntry
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var e kiosk.AuditEntry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		lines = append(lines, e)
	}
	if len(lines) != 2 || lines[0].Action != "earlier" || lines[1].Action != "sync-now" || !lines[1].Time.Equal(at) {
		t.Fatalf("audit file holds %+v", lines)
	}
	if len([]rune(lines[1].Detail)) > 300 || strings.Contains(lines[1].Detail, "\n") {
		t.Errorf("detail not bounded to one short line: %d runes", len([]rune(lines[1].Detail)))
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("audit log mode %v", fi.Mode().Perm())
	}
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func BenchmarkVerifyPIN(b *testing.B) {
	h, _ := kiosk.HashPIN("482913")
	b.ReportAllocs()
	for b.Loop() {
		if ok, _ := kiosk.VerifyPIN(h, "482914"); ok {
			b.Fatal("wrong PIN accepted")
		}
	}
}

func writeFile(t *testing.T, path, data string, perm os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), perm); err != nil {
		t.Fatal(err)
	}
}
