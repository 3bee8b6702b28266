// Package gate is the technician's way into the device: the PIN that
// guards the technician screen (kept only as an argon2id hash), the lockout
// after wrong PINs, and the audit log every technician action goes to.
//
// The vocabulary is shared with kiosk/config, which keeps the PIN's hash
// (technician.pin_hash_file) and checks it with CheckPINHash, and with the
// technician screen, which opens a Gate with New and reports its actions
// through Gate.Record. A PIN is never stored or written to the audit log.
package gate

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/durable"
)

// Lockout policy of the technician screen.
const (
	// MaxPINAttempts wrong PINs in a row lock the entry.
	MaxPINAttempts = 5
	// FirstLockout is the first lock; each wrong PIN after it locks again
	// for twice as long, up to MaxLockout.
	FirstLockout = 30 * time.Second
	MaxLockout   = time.Hour
)

// Gate errors.
var (
	// ErrNoPIN is returned when no technician PIN is provisioned: the
	// technician screen stays closed.
	ErrNoPIN = errors.New("no technician PIN is provisioned")
	// ErrWrongPIN is returned for a PIN that does not match.
	ErrWrongPIN = errors.New("wrong technician PIN")
	// ErrLockedOut is wrapped (see LockedOutError) while the entry is
	// locked after too many wrong PINs.
	ErrLockedOut = errors.New("technician entry locked after wrong PINs")
)

// LockedOutError says how long the entry stays locked.
type LockedOutError struct {
	Until time.Time
	Left  time.Duration
}

// Error says the entry is locked and for how long.
func (e *LockedOutError) Error() string {
	return fmt.Sprintf("%v: try again in %v", ErrLockedOut, e.Left.Round(time.Second))
}

// Unwrap returns ErrLockedOut.
func (e *LockedOutError) Unwrap() error { return ErrLockedOut }

// State is what the gate remembers across restarts, so that switching
// the kiosk off and on does not reset the lockout.
type State struct {
	// Failures counts wrong PINs since the last right one.
	Failures int `json:"failures"`
	// LockedUntil is the end of the current lock, zero when none.
	LockedUntil time.Time `json:"locked_until,omitzero"`
	// Lock is the length of the last lock, doubled by the next.
	Lock time.Duration `json:"-"`
}

// stateFile is State as kept on disk: the lock's length as a string such
// as "1m0s", as configuration durations are written.
type stateFile struct {
	Failures    int       `json:"failures"`
	LockedUntil time.Time `json:"locked_until,omitzero"`
	Lock        *string   `json:"lock,omitempty"`
}

// MarshalJSON writes the state with the lock's length as a string.
func (s State) MarshalJSON() ([]byte, error) {
	f := stateFile{Failures: s.Failures, LockedUntil: s.LockedUntil}
	if s.Lock != 0 {
		l := s.Lock.String()
		f.Lock = &l
	}
	return json.Marshal(f)
}

// UnmarshalJSON reads what MarshalJSON wrote.
func (s *State) UnmarshalJSON(b []byte) error {
	var f stateFile
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	st := State{Failures: f.Failures, LockedUntil: f.LockedUntil}
	if f.Lock != nil {
		d, err := time.ParseDuration(*f.Lock)
		if err != nil {
			return err
		}
		st.Lock = d
	}
	*s = st
	return nil
}

// Config is what a Gate needs.
type Config struct {
	// PINHash is the provisioned hash (HashPIN); empty means no PIN.
	PINHash string
	Clock   kiosk.Clock
	// Audit receives every attempt; nil discards.
	Audit AuditLog
	// StatePath is the file the lockout is kept in (mode 0600); empty
	// keeps it in memory only.
	StatePath string
}

// Gate guards the technician screen: it checks PINs, locks the entry
// after MaxPINAttempts wrong ones with growing delays, and writes every
// attempt to the audit log. It is safe for concurrent use.
type Gate struct {
	cfg Config
	mu  sync.Mutex
	st  State
}

// New returns a gate, reading the lockout state kept at
// cfg.StatePath. A state file that cannot be read counts as a full lock:
// a damaged file must not become a way around the lockout.
func New(cfg Config) *Gate {
	if cfg.Clock == nil {
		cfg.Clock = kiosk.SystemClock{}
	}
	if cfg.Audit == nil {
		cfg.Audit = discardAudit{}
	}
	g := &Gate{cfg: cfg}
	if cfg.StatePath != "" {
		data, err := os.ReadFile(cfg.StatePath)
		switch {
		case err == nil:
			if json.Unmarshal(data, &g.st) != nil {
				g.st = State{Failures: MaxPINAttempts}
				g.lock(FirstLockout)
			}
		case !errors.Is(err, os.ErrNotExist):
			g.st = State{Failures: MaxPINAttempts}
			g.lock(FirstLockout)
		}
	}
	return g
}

// HasPIN reports whether a PIN is provisioned.
func (g *Gate) HasPIN() bool { return g.cfg.PINHash != "" }

// State returns the lockout state.
func (g *Gate) State() State {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.st
}

// LockedFor returns how long the entry stays locked; zero when open.
func (g *Gate) LockedFor() time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.lockedFor()
}

func (g *Gate) lockedFor() time.Duration {
	left := g.st.LockedUntil.Sub(g.cfg.Clock.Now())
	if left <= 0 {
		return 0
	}
	// A clock set back must not stretch a lock beyond its length.
	return min(left, max(g.st.Lock, FirstLockout))
}

// Unlock checks pin. It returns nil for the right PIN (and forgets earlier
// failures), ErrWrongPIN, a *LockedOutError while locked (the PIN is not
// even checked), or ErrNoPIN. Every attempt is audited, the PIN never.
func (g *Gate) Unlock(pin string) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.cfg.Clock.Now()
	if left := g.lockedFor(); left > 0 {
		g.audit(AuditEntry{Event: AuditPINRefused, Detail: "locked for " + left.Round(time.Second).String()})
		return &LockedOutError{Until: now.Add(left), Left: left}
	}
	if g.cfg.PINHash == "" {
		g.audit(AuditEntry{Event: AuditPINRefused, Detail: "no PIN provisioned"})
		return ErrNoPIN
	}
	ok, err := VerifyPIN(g.cfg.PINHash, pin)
	if err != nil {
		g.audit(AuditEntry{Event: AuditPINRefused, Detail: "stored hash unusable"})
		return fmt.Errorf("check technician PIN: %w", err)
	}
	if ok {
		g.st = State{}
		g.save()
		g.audit(AuditEntry{Event: AuditPINAccepted})
		return nil
	}
	g.st.Failures++
	detail := fmt.Sprintf("failure %d", g.st.Failures)
	if g.st.Failures >= MaxPINAttempts {
		next := FirstLockout
		if g.st.Lock > 0 {
			next = min(2*g.st.Lock, MaxLockout)
		}
		g.lock(next)
		detail += ", locked for " + next.String()
	}
	g.save()
	g.audit(AuditEntry{Event: AuditPINRejected, Detail: detail})
	if left := g.lockedFor(); left > 0 {
		return &LockedOutError{Until: now.Add(left), Left: left}
	}
	return ErrWrongPIN
}

func (g *Gate) lock(d time.Duration) {
	g.st.Lock = d
	g.st.LockedUntil = g.cfg.Clock.Now().Add(d)
}

// save keeps the state; failing to is logged in the audit, never fatal.
func (g *Gate) save() {
	if g.cfg.StatePath == "" {
		return
	}
	data, _ := json.Marshal(g.st)
	if err := durable.WriteFile(g.cfg.StatePath, data, 0o600); err != nil {
		g.audit(AuditEntry{Event: AuditError, Detail: "keep lockout state: " + err.Error()})
	}
}

// Record writes a technician action to the audit log.
func (g *Gate) Record(action string, err error, detail string) {
	e := AuditEntry{Event: AuditAction, Action: action, Outcome: "ok", Detail: detail}
	if err != nil {
		e.Outcome = "failed"
		e.Detail = strings.TrimSpace(strings.Join([]string{detail, err.Error()}, " "))
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.audit(e)
}

func (g *Gate) audit(e AuditEntry) {
	if e.Time.IsZero() {
		e.Time = g.cfg.Clock.Now()
	}
	// The audit log must never stop a technician; a failure to write it
	// shows in doctor (the file's age) and in the kiosk's log.
	_ = g.cfg.Audit.Record(e)
}
