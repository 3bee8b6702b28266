package kiosk

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// A receipt's QR code holds a signed string so the back office can tell a
// genuine receipt from a forged one. It comes in two forms:
//
//   - the status URL form, when the device is provisioned with a StatusURL:
//     STATUSURL/CODE?k=KIOSK&s=SERVICE&t=UNIX&sig=SIG, so a phone opens the
//     request's status page and the page can check the signature;
//   - the compact text form otherwise: PK1|CODE|KIOSK|SERVICE|UNIX|SIG.
//
// Both carry the tracking code, the kiosk ID, the service code and the time
// of issue (Unix seconds). SIG is HMAC-SHA256 over a canonical,
// length-prefixed encoding of those four fields, truncated to 128 bits and
// written in unpadded base64url (22 characters). It is keyed with the
// receipt key, derived from the device key by ReceiptKey, so the key that
// signs receipts (and may be handed to the back office) is never the key
// that encrypts personal data on the device.

// ReceiptClaims is what a verified receipt QR string says.
type ReceiptClaims struct {
	TrackingCode TrackingCode
	KioskID      string
	ServiceCode  string
	// IssuedAt is the time of issue to the second, in UTC.
	IssuedAt time.Time
	// StatusURL is the status page the string points to (tracking code and
	// parameters removed); empty for the compact text form.
	StatusURL string
}

// Receipt QR errors.
var (
	// ErrReceiptFormat is returned for a string that is not a receipt QR
	// string at all, or one that was cut short or mangled.
	ErrReceiptFormat = errors.New("not a pishkhan receipt string")
	// ErrReceiptSignature is returned for a well-formed receipt string
	// whose signature does not match its contents: forged or altered.
	ErrReceiptSignature = errors.New("receipt signature does not match")
)

const (
	receiptKeyLabel  = "pishkhan receipt v1"
	receiptMACDomain = "pishkhan-receipt-v1"
	receiptTextTag   = "PK1"
	receiptSigBytes  = 16
)

// Strict decoding refuses stray bits in the last character, so one
// signature has exactly one spelling.
var receiptSigEncoding = base64.RawURLEncoding.Strict()

// ReceiptKey derives the receipt-signing key from the device key:
// HMAC-SHA256(deviceKey, "pishkhan receipt v1"). The back office verifies
// receipts with this key and never needs the device key itself.
func ReceiptKey(deviceKey []byte) []byte {
	m := hmac.New(sha256.New, deviceKey)
	m.Write([]byte(receiptKeyLabel))
	return m.Sum(nil)
}

// SignReceipt returns the string for the QR code of r, signed with the
// receipt key derived from deviceKey: the status URL form when statusURL is
// set, the compact text form otherwise. A statusURL ending in "/" or "="
// takes the tracking code as is; otherwise a "/" is put between them.
func SignReceipt(deviceKey []byte, r Receipt, statusURL string) string {
	c := ReceiptClaims{
		TrackingCode: r.TrackingCode,
		KioskID:      r.KioskID,
		ServiceCode:  r.ServiceCode,
		IssuedAt:     r.IssuedAt.UTC().Truncate(time.Second),
	}
	sig := receiptSigEncoding.EncodeToString(receiptMAC(ReceiptKey(deviceKey), c))
	unix := strconv.FormatInt(c.IssuedAt.Unix(), 10)
	if statusURL == "" {
		return strings.Join([]string{receiptTextTag, string(c.TrackingCode),
			url.QueryEscape(c.KioskID), url.QueryEscape(c.ServiceCode), unix, sig}, "|")
	}
	var b strings.Builder
	b.WriteString(statusURL)
	if !strings.HasSuffix(statusURL, "/") && !strings.HasSuffix(statusURL, "=") {
		b.WriteByte('/')
	}
	b.WriteString(string(c.TrackingCode))
	if strings.Contains(statusURL, "?") {
		b.WriteByte('&')
	} else {
		b.WriteByte('?')
	}
	b.WriteString("k=" + url.QueryEscape(c.KioskID))
	b.WriteString("&s=" + url.QueryEscape(c.ServiceCode))
	b.WriteString("&t=" + unix)
	b.WriteString("&sig=" + sig)
	return b.String()
}

// VerifyReceipt checks a decoded QR string with the receipt key derived
// from deviceKey and returns what it claims. The error wraps
// ErrReceiptFormat for a string that cannot be read and
// ErrReceiptSignature for one that was forged or altered.
func VerifyReceipt(deviceKey []byte, s string) (ReceiptClaims, error) {
	return VerifyReceiptWithKey(ReceiptKey(deviceKey), s)
}

// VerifyReceiptWithKey is VerifyReceipt for a verifier that holds only the
// receipt key (see ReceiptKey), such as the back office.
func VerifyReceiptWithKey(receiptKey []byte, s string) (ReceiptClaims, error) {
	c, sig, err := parseReceiptString(s)
	if err != nil {
		return ReceiptClaims{}, fmt.Errorf("verify receipt: %w", err)
	}
	if !hmac.Equal(sig, receiptMAC(receiptKey, c)) {
		return ReceiptClaims{}, fmt.Errorf("verify receipt %s: %w", c.TrackingCode, ErrReceiptSignature)
	}
	return c, nil
}

// receiptMAC is the truncated HMAC of the canonical encoding of c: a domain
// string, then each field as a uvarint length and its bytes, so no two
// different claims encode alike.
func receiptMAC(key []byte, c ReceiptClaims) []byte {
	m := hmac.New(sha256.New, key)
	var n [binary.MaxVarintLen64]byte
	for _, f := range []string{receiptMACDomain, string(c.TrackingCode), c.KioskID, c.ServiceCode, strconv.FormatInt(c.IssuedAt.Unix(), 10)} {
		m.Write(n[:binary.PutUvarint(n[:], uint64(len(f)))])
		m.Write([]byte(f))
	}
	return m.Sum(nil)[:receiptSigBytes]
}

// parseReceiptString reads either form into claims and the signature bytes.
func parseReceiptString(s string) (ReceiptClaims, []byte, error) {
	if strings.HasPrefix(s, receiptTextTag+"|") {
		return parseReceiptText(s)
	}
	return parseReceiptURL(s)
}

func parseReceiptText(s string) (ReceiptClaims, []byte, error) {
	parts := strings.Split(s, "|")
	if len(parts) != 6 {
		return ReceiptClaims{}, nil, fmt.Errorf("%w: want 6 fields, got %d", ErrReceiptFormat, len(parts))
	}
	kiosk, err1 := url.QueryUnescape(parts[2])
	service, err2 := url.QueryUnescape(parts[3])
	if err1 != nil || err2 != nil || url.QueryEscape(kiosk) != parts[2] || url.QueryEscape(service) != parts[3] {
		return ReceiptClaims{}, nil, fmt.Errorf("%w: bad escaping", ErrReceiptFormat)
	}
	return receiptFields(parts[1], kiosk, service, parts[4], parts[5], "")
}

func parseReceiptURL(s string) (ReceiptClaims, []byte, error) {
	// The parameters are the last ones of the string; their values are
	// query-escaped, so the last "?k=" or "&k=" is where they start.
	i := max(strings.LastIndex(s, "?k="), strings.LastIndex(s, "&k="))
	if i < 0 {
		return ReceiptClaims{}, nil, fmt.Errorf("%w: no receipt parameters", ErrReceiptFormat)
	}
	if i < trackingDigits {
		return ReceiptClaims{}, nil, fmt.Errorf("%w: no tracking code", ErrReceiptFormat)
	}
	base, code := s[:i-trackingDigits], s[i-trackingDigits:i]
	if (s[i] == '&') != strings.Contains(base, "?") {
		return ReceiptClaims{}, nil, fmt.Errorf("%w: parameters not where SignReceipt puts them", ErrReceiptFormat)
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return ReceiptClaims{}, nil, fmt.Errorf("%w: not a status URL", ErrReceiptFormat)
	}
	q, err := url.ParseQuery(s[i+1:])
	if err != nil {
		return ReceiptClaims{}, nil, fmt.Errorf("%w: bad parameters", ErrReceiptFormat)
	}
	for _, k := range []string{"k", "s", "t", "sig"} {
		if len(q[k]) != 1 {
			return ReceiptClaims{}, nil, fmt.Errorf("%w: parameter %s missing or repeated", ErrReceiptFormat, k)
		}
	}
	if len(q) != 4 {
		return ReceiptClaims{}, nil, fmt.Errorf("%w: unexpected parameters", ErrReceiptFormat)
	}
	return receiptFields(code, q.Get("k"), q.Get("s"), q.Get("t"), q.Get("sig"), strings.TrimRight(base, "/"))
}

func receiptFields(code, kiosk, service, unix, sig, statusURL string) (ReceiptClaims, []byte, error) {
	tc, err := ParseTrackingCode(code)
	if err != nil || string(tc) != code {
		return ReceiptClaims{}, nil, fmt.Errorf("%w: bad tracking code", ErrReceiptFormat)
	}
	if kiosk == "" || service == "" {
		return ReceiptClaims{}, nil, fmt.Errorf("%w: empty kiosk or service", ErrReceiptFormat)
	}
	sec, err := strconv.ParseInt(unix, 10, 64)
	if err != nil || sec <= 0 || strconv.FormatInt(sec, 10) != unix {
		return ReceiptClaims{}, nil, fmt.Errorf("%w: bad time", ErrReceiptFormat)
	}
	raw, err := receiptSigEncoding.DecodeString(sig)
	if err != nil || len(raw) != receiptSigBytes {
		return ReceiptClaims{}, nil, fmt.Errorf("%w: bad signature encoding", ErrReceiptFormat)
	}
	return ReceiptClaims{
		TrackingCode: tc,
		KioskID:      kiosk,
		ServiceCode:  service,
		IssuedAt:     time.Unix(sec, 0).UTC(),
		StatusURL:    statusURL,
	}, raw, nil
}
