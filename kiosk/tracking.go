package kiosk

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// A TrackingCode is the number a citizen keeps to follow a submission. It is
// all digits so it can be typed on a keypad or a TV remote:
//
//	KKKKK SSSSSSSSSS C
//
// KKKKK is the kiosk number (unique in the fleet, set at provisioning),
// SSSSSSSSSS a serial that only ever grows on that kiosk (anchored to the
// seconds since TrackingEpoch, so even a wiped device does not reuse one),
// and C a Verhoeff check digit, which catches every single-digit error and
// every transposition of adjacent digits. Kiosks therefore never need to
// talk to each other, or to the back office, to hand out unique codes.
type TrackingCode string

const (
	kioskNumberDigits = 5
	serialDigits      = 10
	trackingDigits    = kioskNumberDigits + serialDigits + 1

	// MaxKioskNumber is the largest kiosk number a tracking code can carry.
	MaxKioskNumber = 99999
)

// TrackingEpoch anchors tracking serials: a serial is at least the number
// of seconds since this instant.
var TrackingEpoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// ErrTrackingCode is returned for a string that is not a valid tracking code.
var ErrTrackingCode = errors.New("not a valid tracking code")

// ParseTrackingCode accepts a code as a citizen might type it: with Persian
// or Arabic-Indic digits, spaces or hyphens between groups. It returns the
// canonical code when the length and check digit are right.
func ParseTrackingCode(s string) (TrackingCode, error) {
	var b strings.Builder
	for _, r := range NormalizeDigits(s) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '\u00a0':
		default:
			return "", fmt.Errorf("parse tracking code: %w", ErrTrackingCode)
		}
	}
	d := b.String()
	if len(d) != trackingDigits || !VerhoeffValid(d) {
		return "", fmt.Errorf("parse tracking code: %w", ErrTrackingCode)
	}
	return TrackingCode(d), nil
}

// String returns the code in groups of four joined by hyphens, which keep
// their order inside right-to-left text (a space would let the groups swap).
func (c TrackingCode) String() string {
	s := string(c)
	var b strings.Builder
	for i := 0; i < len(s); i += 4 {
		if i > 0 {
			b.WriteByte('-')
		}
		b.WriteString(s[i:min(i+4, len(s))])
	}
	return b.String()
}

// KioskNumber returns the kiosk number the code was issued by.
func (c TrackingCode) KioskNumber() int {
	n := 0
	for _, r := range string(c)[:kioskNumberDigits] {
		n = n*10 + int(r-'0')
	}
	return n
}

// Serial returns the per-kiosk serial of the code.
func (c TrackingCode) Serial() uint64 {
	var n uint64
	for _, r := range string(c)[kioskNumberDigits : kioskNumberDigits+serialDigits] {
		n = n*10 + uint64(r-'0')
	}
	return n
}

// Issuer hands out tracking codes for one kiosk. It is safe for concurrent
// use.
type Issuer struct {
	mu     sync.Mutex
	kiosk  int
	clock  Clock
	serial uint64
}

// NewIssuer returns an issuer for kioskNumber whose next serial is greater
// than lastSerial (the highest serial already stored, so a restart never
// reissues a code).
func NewIssuer(kioskNumber int, clock Clock, lastSerial uint64) (*Issuer, error) {
	if kioskNumber < 0 || kioskNumber > MaxKioskNumber {
		return nil, fmt.Errorf("new tracking issuer: kiosk number %d outside 0..%d", kioskNumber, MaxKioskNumber)
	}
	return &Issuer{kiosk: kioskNumber, clock: clock, serial: lastSerial}, nil
}

// Next returns a new code. Serials follow the clock in seconds, or the last
// serial plus one when the clock stands still or went backwards.
func (is *Issuer) Next() TrackingCode {
	is.mu.Lock()
	defer is.mu.Unlock()
	next := is.serial + 1
	if t := is.clock.Now().Sub(TrackingEpoch); t > 0 {
		if s := uint64(t / time.Second); s > next {
			next = s
		}
	}
	is.serial = next
	body := fmt.Sprintf("%0*d%0*d", kioskNumberDigits, is.kiosk, serialDigits, next%1e10)
	return TrackingCode(body + string(rune('0'+VerhoeffDigit(body))))
}

// Verhoeff tables (dihedral group D5): multiplication, permutation, inverse.
var (
	verhoeffD = [10][10]uint8{
		{0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
		{1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
		{2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
		{3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
		{4, 0, 1, 2, 3, 9, 5, 6, 7, 8},
		{5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
		{6, 5, 9, 8, 7, 1, 0, 4, 3, 2},
		{7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
		{8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
		{9, 8, 7, 6, 5, 4, 3, 2, 1, 0},
	}
	verhoeffP = [8][10]uint8{
		{0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
		{1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
		{5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
		{8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
		{9, 4, 5, 3, 1, 2, 6, 8, 7, 0},
		{4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
		{2, 7, 9, 3, 8, 0, 6, 4, 1, 5},
		{7, 0, 4, 6, 9, 1, 3, 2, 5, 8},
	}
	verhoeffInv = [10]uint8{0, 4, 3, 2, 1, 5, 6, 7, 8, 9}
)

// VerhoeffDigit returns the check digit to append to the ASCII digits s.
func VerhoeffDigit(s string) int {
	var c uint8
	for i := 0; i < len(s); i++ {
		c = verhoeffD[c][verhoeffP[(i+1)%8][s[len(s)-1-i]-'0']]
	}
	return int(verhoeffInv[c])
}

// VerhoeffValid reports whether the ASCII digits s end in a correct check digit.
func VerhoeffValid(s string) bool {
	var c uint8
	for i := 0; i < len(s); i++ {
		if s[len(s)-1-i] < '0' || s[len(s)-1-i] > '9' {
			return false
		}
		c = verhoeffD[c][verhoeffP[i%8][s[len(s)-1-i]-'0']]
	}
	return len(s) > 0 && c == 0
}

// SerialTime is the time a tracking serial stands for: serials are at
// least the seconds since TrackingEpoch when issued, so a clock earlier
// than the last serial's time has gone backwards.
func SerialTime(serial uint64) time.Time {
	return TrackingEpoch.Add(time.Duration(serial) * time.Second)
}
