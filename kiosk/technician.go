package kiosk

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/argon2"

	"github.com/pishkhan/pishkhan/kiosk/durable"
)

// The technician's side of the device: the PIN that guards the technician
// screen (kept only as an argon2id hash), the lockout after wrong PINs,
// and the audit log every technician action goes to.

// PIN rules.
const (
	MinPINLength = 6
	MaxPINLength = 12
)

// PIN errors.
var (
	// ErrPINFormat is wrapped by ValidatePIN for a PIN that is not
	// MinPINLength to MaxPINLength digits.
	ErrPINFormat = errors.New("a technician PIN is 6 to 12 digits")
	// ErrPINWeak is wrapped by ValidatePIN for a PIN anyone would guess.
	ErrPINWeak = errors.New("technician PIN too easy to guess")
	// ErrPINHash is wrapped for a stored hash that is not an argon2id
	// hash written by HashPIN.
	ErrPINHash = errors.New("not an argon2id PIN hash")
)

// NormalizePIN maps Persian and Arabic-Indic digits to ASCII and drops
// surrounding space, so a PIN typed on any keypad compares equal.
func NormalizePIN(pin string) string {
	return strings.TrimSpace(NormalizeDigits(pin))
}

// ValidatePIN checks a new technician PIN: 6 to 12 digits, not a single
// digit repeated, not a run such as 123456 or 987654.
func ValidatePIN(pin string) error {
	pin = NormalizePIN(pin)
	if len(pin) < MinPINLength || len(pin) > MaxPINLength {
		return fmt.Errorf("%w: got %d characters", ErrPINFormat, len([]rune(pin)))
	}
	for _, r := range pin {
		if r < '0' || r > '9' {
			return fmt.Errorf("%w: only digits", ErrPINFormat)
		}
	}
	same, up, down := true, true, true
	for i := 1; i < len(pin); i++ {
		d := int(pin[i]) - int(pin[i-1])
		same = same && d == 0
		up = up && (d == 1 || d == -9)
		down = down && (d == -1 || d == 9)
	}
	switch {
	case same:
		return fmt.Errorf("%w: one digit repeated", ErrPINWeak)
	case up || down:
		return fmt.Errorf("%w: a run of consecutive digits", ErrPINWeak)
	}
	return nil
}

// argon2id parameters for PINs (the OWASP recommendation for argon2id:
// 19 MiB, two passes, one lane). A PIN has few possible values, so the
// hash's cost and the lockout together are what protect it.
const (
	pinMemoryKiB = 19 * 1024
	pinTime      = 2
	pinThreads   = 1
	pinSaltSize  = 16
	pinKeySize   = 32
)

// HashPIN returns the argon2id hash of pin in the PHC string format:
//
//	$argon2id$v=19$m=19456,t=2,p=1$SALT$HASH
//
// with SALT and HASH in unpadded standard base64. The PIN itself is never
// stored.
func HashPIN(pin string) (string, error) {
	if err := ValidatePIN(pin); err != nil {
		return "", fmt.Errorf("hash PIN: %w", err)
	}
	salt := make([]byte, pinSaltSize)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hash PIN: %w", err)
	}
	p := pinHash{memory: pinMemoryKiB, time: pinTime, threads: pinThreads, salt: salt}
	p.key = argon2.IDKey([]byte(NormalizePIN(pin)), salt, p.time, p.memory, p.threads, pinKeySize)
	return p.String(), nil
}

// CheckPINHash reports whether h is a hash VerifyPIN can use.
func CheckPINHash(h string) error {
	_, err := parsePINHash(h)
	return err
}

// VerifyPIN reports whether pin matches the hash h, in time that does not
// depend on where they differ.
func VerifyPIN(h, pin string) (bool, error) {
	p, err := parsePINHash(h)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(NormalizePIN(pin)), p.salt, p.time, p.memory, p.threads, uint32(len(p.key)))
	return subtle.ConstantTimeCompare(got, p.key) == 1, nil
}

type pinHash struct {
	memory  uint32
	time    uint32
	threads uint8
	salt    []byte
	key     []byte
}

func (p pinHash) String() string {
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.memory, p.time, p.threads,
		b64.EncodeToString(p.salt), b64.EncodeToString(p.key))
}

// parsePINHash reads a PHC argon2id string, refusing parameters that would
// make checking one PIN cost more than a kiosk can spare (a hash file is
// only as trusted as the disk it is on).
func parsePINHash(h string) (pinHash, error) {
	var p pinHash
	parts := strings.Split(strings.TrimSpace(h), "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, fmt.Errorf("%w: want $argon2id$v=19$m=...,t=...,p=...$salt$hash", ErrPINHash)
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, fmt.Errorf("%w: version %q, want v=%d", ErrPINHash, parts[2], argon2.Version)
	}
	var m, t, threads uint64
	for _, kv := range strings.Split(parts[3], ",") {
		k, v, _ := strings.Cut(kv, "=")
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil {
			return p, fmt.Errorf("%w: parameter %q", ErrPINHash, kv)
		}
		switch k {
		case "m":
			m = n
		case "t":
			t = n
		case "p":
			threads = n
		default:
			return p, fmt.Errorf("%w: unknown parameter %q", ErrPINHash, k)
		}
	}
	if m < 8*1024 || m > 256*1024 || t < 1 || t > 10 || threads < 1 || threads > 8 {
		return p, fmt.Errorf("%w: parameters m=%d,t=%d,p=%d outside what a kiosk checks (m 8192..262144 KiB, t 1..10, p 1..8)", ErrPINHash, m, t, threads)
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return p, fmt.Errorf("%w: salt", ErrPINHash)
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil || len(key) < 16 || len(key) > 64 {
		return p, fmt.Errorf("%w: hash", ErrPINHash)
	}
	return pinHash{memory: uint32(m), time: uint32(t), threads: uint8(threads), salt: salt, key: key}, nil
}

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

func (e *LockedOutError) Error() string {
	return fmt.Sprintf("%v: try again in %v", ErrLockedOut, e.Left.Round(time.Second))
}

// Unwrap returns ErrLockedOut.
func (e *LockedOutError) Unwrap() error { return ErrLockedOut }

// GateState is what the gate remembers across restarts, so that switching
// the kiosk off and on does not reset the lockout.
type GateState struct {
	// Failures counts wrong PINs since the last right one.
	Failures int `json:"failures"`
	// LockedUntil is the end of the current lock, zero when none.
	LockedUntil time.Time `json:"locked_until,omitzero"`
	// Lock is the length of the last lock, doubled by the next.
	Lock time.Duration `json:"-"`
}

// gateStateFile is GateState as kept on disk: the lock's length as a
// string such as "1m0s", as configuration durations are written.
type gateStateFile struct {
	Failures    int       `json:"failures"`
	LockedUntil time.Time `json:"locked_until,omitzero"`
	Lock        *string   `json:"lock,omitempty"`
}

// MarshalJSON writes the state with the lock's length as a string.
func (s GateState) MarshalJSON() ([]byte, error) {
	f := gateStateFile{Failures: s.Failures, LockedUntil: s.LockedUntil}
	if s.Lock != 0 {
		l := s.Lock.String()
		f.Lock = &l
	}
	return json.Marshal(f)
}

// UnmarshalJSON reads what MarshalJSON wrote.
func (s *GateState) UnmarshalJSON(b []byte) error {
	var f gateStateFile
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	st := GateState{Failures: f.Failures, LockedUntil: f.LockedUntil}
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

// GateConfig is what a Gate needs.
type GateConfig struct {
	// PINHash is the provisioned hash (HashPIN); empty means no PIN.
	PINHash string
	Clock   Clock
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
	cfg GateConfig
	mu  sync.Mutex
	st  GateState
}

// NewGate returns a gate, reading the lockout state kept at
// cfg.StatePath. A state file that cannot be read counts as a full lock:
// a damaged file must not become a way around the lockout.
func NewGate(cfg GateConfig) *Gate {
	if cfg.Clock == nil {
		cfg.Clock = SystemClock{}
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
				g.st = GateState{Failures: MaxPINAttempts}
				g.lock(FirstLockout)
			}
		case !errors.Is(err, os.ErrNotExist):
			g.st = GateState{Failures: MaxPINAttempts}
			g.lock(FirstLockout)
		}
	}
	return g
}

// HasPIN reports whether a PIN is provisioned.
func (g *Gate) HasPIN() bool { return g.cfg.PINHash != "" }

// State returns the lockout state.
func (g *Gate) State() GateState {
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
		g.st = GateState{}
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

// AuditLog keeps a record of what technicians did on the device. Entries
// never hold personal data or secrets.
type AuditLog interface {
	Record(AuditEntry) error
}

// AuditEvent names what an audit entry records.
type AuditEvent string

// Audit events.
const (
	AuditPINAccepted AuditEvent = "pin-accepted"
	AuditPINRejected AuditEvent = "pin-rejected"
	AuditPINRefused  AuditEvent = "pin-refused" // locked, or no PIN provisioned
	AuditAction      AuditEvent = "action"
	AuditError       AuditEvent = "error"
)

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	Time  time.Time  `json:"time"`
	Event AuditEvent `json:"event"`
	// Action is the technician's action, e.g. "sync-now".
	Action  string `json:"action,omitempty"`
	Outcome string `json:"outcome,omitempty"`
	Detail  string `json:"detail,omitempty"`
}

// AuditFileName is the audit log's name in the data directory.
const AuditFileName = "technician-audit.log"

// AuditFile is an AuditLog kept as JSON lines in a file that is only ever
// appended to: each entry opens it for appending, writes one line and
// fsyncs it before Record returns. Technician actions are rare, so no
// file stays open between them.
type AuditFile struct {
	mu   sync.Mutex
	path string
}

// OpenAuditFile returns the audit log at path, creating the file (mode
// 0600) so that a folder it cannot be written to shows at once.
func OpenAuditFile(path string) (*AuditFile, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open audit log: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("open audit log: %w", err)
	}
	return &AuditFile{path: path}, nil
}

// maxAuditDetail bounds an entry's detail, so an error from a hostile
// server cannot flood the log.
const maxAuditDetail = 300

// Record appends e as one line.
func (a *AuditFile) Record(e AuditEntry) error {
	if r := []rune(e.Detail); len(r) > maxAuditDetail {
		e.Detail = string(r[:maxAuditDetail-1]) + "…"
	}
	e.Detail = strings.Join(strings.Fields(e.Detail), " ")
	line, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	f, err := os.OpenFile(a.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	_, err = f.Write(append(line, '\n'))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

type discardAudit struct{}

func (discardAudit) Record(AuditEntry) error { return nil }
