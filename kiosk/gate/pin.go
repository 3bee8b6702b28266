package gate

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"

	"github.com/pishkhan/pishkhan/kiosk"
)

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
	return strings.TrimSpace(kiosk.NormalizeDigits(pin))
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
